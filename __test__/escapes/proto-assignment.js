// `hostObj.__proto__ = x` (a [[Set]] of `__proto__` that the host would resolve to its own
// `Object.prototype.__proto__` setter) on host objects, arrays, functions and class instances.
const h = require('./_harness')(module, require)

h.attempt(() => {
  class Thing {}
  const ctx = { hostObj: {}, hostArr: [], hostFn: function () {}, hostInst: new Thing(), hostNested: { inner: {} } }
  const m = h.load('proto-assignment.js', ctx)
  h.check('hostObj: prototype replaced', Object.getPrototypeOf(ctx.hostObj) === Object.prototype)
  h.check('hostArr: prototype replaced', Object.getPrototypeOf(ctx.hostArr) === Array.prototype)
  h.check('hostFn: prototype replaced', Object.getPrototypeOf(ctx.hostFn) === Function.prototype)
  h.check('hostInst: prototype replaced', Object.getPrototypeOf(ctx.hostInst) === Thing.prototype)
  h.check('hostNested.inner: prototype replaced', Object.getPrototypeOf(ctx.hostNested.inner) === Object.prototype)
  h.check('Thing.prototype: prototype replaced', Object.getPrototypeOf(Thing.prototype) === Object.prototype)
  return m.report()
})
