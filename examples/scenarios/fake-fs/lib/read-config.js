// The grandchild of app.js: the only module that touches `fs`.
const fs = require('fs')
module.exports = (name) => JSON.parse(fs.readFileSync(`${__dirname}/${name}`, 'utf8'))
