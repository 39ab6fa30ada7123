// Built-in prototypes beyond Object/Array/Function reached through host objects: Map, Set,
// WeakMap, WeakSet, WeakRef, the array/map/set iterators. Adding, deleting and freezing there
// must not reach the host's (replacing their methods: replace-host-builtin-methods.js).
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = {
    hostMap: new Map([['k', 1]]), hostSet: new Set([1]), hostWeakMap: new WeakMap(), hostWeakSet: new WeakSet(),
    hostArr: [1], hostWeakRef: new WeakRef({}),
  }
  const m = h.load('collection-and-iterator-prototypes.js', ctx)
  h.check('host Map#get still works', new Map([[1, 2]]).get(1) === 2)
  // oxlint-disable-next-line unicorn/no-useless-spread -- the spread is the array iteration checked
  h.check('host array iteration still works', [...[1, 2]].length === 2)
  return m.report()
})
