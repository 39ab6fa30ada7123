// Innocent host API functions that call what they are given (`apply(fn, ...args)`,
// `construct(C, ...args)`, `mapAll(list, fn)`), handed the guest's own `Function`/`eval`.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const hostApi = {
    apply(fn, ...args) { return fn(...args) },
    construct(C, ...args) { return new C(...args) },
    mapAll(list, fn) { return Array.from(list, (x) => fn(x)) },
  }
  return h.load('intrinsic-handoff-function.js', { hostApi }).report()
})
