// `arguments.callee.caller` and the host's sloppy functions' `caller`/`arguments`: host code (this
// sloppy module) runs a sloppy helper that calls a guest callback; the callback walks
// `helper.caller` (the module wrapper) and `.arguments` (exports, require, module…).
const h = require('./_harness')(module, require)

function each(list, fn) { return list.map(fn) }
function hostRun(cb) { return cb() }

function hostCode(m) {
  each([1], m.callback)
  m.viaHostRun()
}

h.attempt(function () {
  const m = h.load('arguments-callee-caller.js', { each, hostRun })
  hostCode(m)
  return m.report()
})
