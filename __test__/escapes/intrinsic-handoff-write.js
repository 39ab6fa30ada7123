// Innocent host API functions that write into what they are given (`assign(target, source)`,
// `set(object, key, value)`, `define(object, key, descriptor)`), handed the guest's own
// `Object.prototype`, `Array.prototype`, `Function.prototype`, `Promise.prototype`.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const hostApi = {
    assign(target, source) { return Object.assign(target, source) },
    set(object, key, value) { object[key] = value; return true },
    define(object, key, descriptor) { return Object.defineProperty(object, key, descriptor) },
    freeze(object) { return Object.freeze(object) },
  }
  return h.load('intrinsic-handoff-write.js', { hostApi }).report()
})
