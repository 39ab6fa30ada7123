// The same sloppy `caller`/`arguments` of an active host function, read without `.caller`:
// `Object.getOwnPropertyDescriptor(s)`, `Reflect.get`, `__lookupGetter__`, and the accessor on
// the host's Function.prototype.
const h = require('./_harness')(module, require)

function forward(fn) { return fn() }

function hostCode(m) {
  forward(m.inside)
}

h.attempt(function () {
  const m = h.load('host-function-caller-descriptor.js', { forward })
  hostCode(m)
  return m.report()
})
