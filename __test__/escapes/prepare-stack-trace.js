// CVE-2022-36067 adapted: the guest installs `Error.prepareStackTrace` (its own, through a host
// error's constructor, and on the host's `Error` through the host's `__defineGetter__` applied
// to the guest's `Error`), tries `Error.captureStackTrace`, then host code (this sloppy module)
// builds stacks of host errors and of guest errors. A host call site would give `getThis()` /
// `getFunction()` of sloppy host frames (the module wrapper, with `require` in its arguments).
const h = require('./_harness')(module, require)

function hostStack() { return new Error('host').stack }

h.attempt(function () {
  const m = h.load('prepare-stack-trace.js', { hostObj: {}, hostError: new Error('from host'), hostStack })
  h.try('host new Error().stack', () => new Error('x').stack)
  h.try('host util.inspect(new Error())', () => h.util.inspect(new TypeError('y')))
  h.try('host stack of a guest error', () => { try { m.throwGuest() } catch (e) { return e.stack } })
  h.try('guest calls hostStack()', () => m.callHostStack())
  return m.report()
})
