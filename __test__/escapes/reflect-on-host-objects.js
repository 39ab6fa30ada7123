// `Reflect`/`Object` operations on host objects: an own `__proto__` via defineProperty, accessors
// the host then runs, `Reflect.construct` with the guest's `Function` as new.target, freezing
// host built-in prototypes reached through host objects, and every descriptor of host functions.
const h = require('./_harness')(module, require)

h.attempt(function () {
  class HostClass { constructor() { this.made = {} } }
  const ctx = { hostObj: {}, hostFn: function () {}, HostClass, hostMap: new Map(), hostArr: [] }
  const m = h.load('reflect-on-host-objects.js', ctx)
  h.try('host reads hostObj.constructor', () => ctx.hostObj.constructor)
  h.try('host String(hostObj)', () => String(ctx.hostObj))
  h.check('hostObj: prototype replaced', Object.getPrototypeOf(ctx.hostObj) === Object.prototype)
  return m.report()
})
