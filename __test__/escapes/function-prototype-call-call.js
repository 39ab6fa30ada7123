// The host's own `Function.prototype.call/apply/bind` (reached as `hostFn.call`…) invoked on the
// guest's `Function`/`eval`: if the guest's intrinsics cross to the host as the host's, the host
// compiles guest-chosen code in its own realm.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('function-prototype-call-call.js', { hostFn: function f() {} })
  return m.report()
})
