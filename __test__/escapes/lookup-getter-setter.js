// CVE-2023-32314 adapted: `__lookupGetter__`/`__lookupSetter__`/`__defineGetter__`/
// `__defineSetter__` on host objects: the host's `__proto__` accessor, host getters, and guest
// accessors installed on host objects that host code then runs.
const h = require('./_harness')(module, require)

h.attempt(function () {
  const ctx = { hostObj: {}, hostArr: [], hostAcc: { get x() { return {} }, set x(v) {} } }
  const m = h.load('lookup-getter-setter.js', ctx)
  h.try('host reads hostObj.installedGetter', () => ctx.hostObj.installedGetter)
  h.try('host writes hostObj.installedSetter', () => { ctx.hostObj.installedSetter = { from: 'host' } })
  h.check('hostArr: prototype replaced', Object.getPrototypeOf(ctx.hostArr) === Array.prototype)
  h.check('hostObj: prototype replaced', Object.getPrototypeOf(ctx.hostObj) === Object.prototype)
  return m.report()
})
