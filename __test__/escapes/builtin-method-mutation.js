// The host's built-in methods reached through host objects (`hostObj.toString`, `hostArr.push`,
// `hostFn.call`…) are host objects too: adding or replacing their properties (`toString.call =
// evil`, which host code's `Object.prototype.toString.call(x)` would then run) or their
// prototype must not be possible.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = { hostObj: {}, hostArr: [], hostFn: function () {} }
  const m = h.load('builtin-method-mutation.js', ctx)
  h.check('host Object.prototype.toString.call still works', Object.prototype.toString.call([]) === '[object Array]')
  return m.report()
})
