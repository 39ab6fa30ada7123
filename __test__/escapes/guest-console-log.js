// `util.inspect` hooks run when the *guest* logs: the guest's console goes to the host's console,
// which inspects the guest's values (with inspect hooks, getters, proxies) on the host side; the
// hooks walk what the host passes them. `console.dir` with `showProxy`, `console.table`,
// `console.assert`, `console.error` of an error with a hostile `cause`.
const h = require('./_harness')(module, require)

h.attempt(() => h.load('guest-console-log.js').report())
