// Positive control: the host deliberately gives the guest a function that changes the host's
// built-ins and replaces a host object's prototype; the report must list those changes.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const ctx = {
    hostObj: {},
    pollute(target) {
      Object.prototype.controlPolluted = 1
      Map.prototype.get.controlMark = 1
      Object.setPrototypeOf(Array.prototype, Object.create(Object.prototype))
      Object.setPrototypeOf(target, null)
    },
  }
  const m = h.load('control-change.js', ctx)
  h.check('host object: prototype replaced', Object.getPrototypeOf(ctx.hostObj) === Object.prototype)
  return m.report()
})
