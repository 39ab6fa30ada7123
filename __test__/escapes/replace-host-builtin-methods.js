// Replacing methods of host built-in prototypes reached through host objects
// (`hostMap.__proto__.get = evil`, `%ArrayIteratorPrototype%.next = evil` via a host array
// iterator, `hostSet.__proto__.has = evil`), then letting host code — including the bridge's own
// host-side helpers — use them. The host's built-ins must stay unchanged, and the host process
// must survive.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = { hostMap: new Map([['k', 1]]), hostSet: new Set([1]), hostArr: [1], hostObj: { [Symbol('s')]: 1 } }
  const m = h.load('replace-host-builtin-methods.js', ctx)
  h.check('host Map#get still works', new Map([[1, 2]]).get(1) === 2)
  h.check('host Set#has still works', new Set([1]).has(1) === true)
  // oxlint-disable-next-line unicorn/no-useless-spread -- the spread is the array iteration checked
  h.check('host array iteration still works', [...[1, 2]].length === 2)
  h.try('host Object.getOwnPropertySymbols + guest read', () => m.readSymbols())
  return m.report()
})
