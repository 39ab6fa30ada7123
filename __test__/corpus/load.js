'use strict'
// How the corpus loads a package on each side. The probe gets the package's exports and a
// `req` that loads further modules (plugins, subpaths) into the same module system: Node's
// require, or the engine's own `require` (the entry module's, which requireVM leaves on the
// contextObject), so a subpath joins the package's module cache as it would in Node.
const requireVM = require('../..')

function loadNode(name) {
  return { pkg: require(name), req: (request) => require(request) }
}

function loadVM(name, options) {
  const context = {}
  const pkg = requireVM(name, context, options)
  return { pkg, req: (request) => context.require(request), context }
}

async function runProbe(probePath, loaded) {
  const probe = require(probePath)
  return await probe(loaded.pkg, loaded.req)
}

module.exports = { requireVM, loadNode, loadVM, runProbe }
