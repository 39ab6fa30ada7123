// `Object.setPrototypeOf` / `Reflect.setPrototypeOf` / `Object.prototype.__proto__` (the guest's)
// on host objects, on host class prototypes and on host built-in prototypes reached through host
// objects.
const h = require('./_harness')(module, require)

h.attempt(() => {
  class Thing {}
  const ctx = { hostObj: {}, hostArr: [], hostFn: function () {}, hostInst: new Thing(), hostMap: new Map() }
  const m = h.load('set-prototype-of.js', ctx)
  h.check('hostObj: prototype replaced', Object.getPrototypeOf(ctx.hostObj) === Object.prototype)
  h.check('hostArr: prototype replaced', Object.getPrototypeOf(ctx.hostArr) === Array.prototype)
  h.check('hostFn: prototype replaced', Object.getPrototypeOf(ctx.hostFn) === Function.prototype)
  h.check('hostInst: prototype replaced', Object.getPrototypeOf(ctx.hostInst) === Thing.prototype)
  h.check('Thing.prototype: prototype replaced', Object.getPrototypeOf(Thing.prototype) === Object.prototype)
  h.check('hostMap: prototype replaced', Object.getPrototypeOf(ctx.hostMap) === Map.prototype)
  return m.report()
})
