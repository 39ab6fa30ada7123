// The entry: it knows nothing about files; its dependency's dependency reads one.
const settings = require('./lib/settings.js')
exports.source = settings.source
