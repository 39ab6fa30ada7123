// A child of app.js.
module.exports = require('./read-config.js')('config.json')
