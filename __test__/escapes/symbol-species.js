// `Symbol.species` on host arrays and on guest arrays/promises handled by host code: the guest
// sets `hostArr.constructor` to a species-bearing object, then the guest's and the host's calls to
// `map`/`filter`/`slice`/`concat` construct through the guest's species; and host code runs its
// Array methods on guest arrays whose constructor has a species.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = { hostArr: [{ a: 1 }, { b: 2 }] }
  const m = h.load('symbol-species.js', ctx)
  h.try('host ctx.hostArr.map(x => x)', () => ctx.hostArr.map((x) => x))
  h.try('host ctx.hostArr.filter(Boolean)', () => ctx.hostArr.filter(Boolean))
  h.try('host Array.prototype.map.call(m.guestArr, x => x)', () => Array.prototype.map.call(m.guestArr, (x) => x))
  h.try('host Array.prototype.concat.call(m.guestArr, [1])', () => Array.prototype.concat.call(m.guestArr, [1]))
  h.try('host [].concat(m.spreadable)', () => [].concat(m.spreadable))
  h.try('host m.guestPromise.then(x => x)', () => m.guestPromise.then((x) => x))
  return m.report()
})
