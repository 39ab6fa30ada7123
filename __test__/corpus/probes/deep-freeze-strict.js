// deep-freeze-strict: the engine freezes the host's objects, deeply.
module.exports = function probe(deepFreeze) {
  const state = { a: { b: { c: [1, 2, { d: 3 }] } }, f() {} }
  const result = deepFreeze(state)
  return {
    same: result === state,
    frozen: [Object.isFrozen(state), Object.isFrozen(state.a.b), Object.isFrozen(state.a.b.c), Object.isFrozen(state.a.b.c[2]), Object.isFrozen(state.f)],
    descriptor: Object.getOwnPropertyDescriptor(state.a, 'b').writable,
    write: (() => { 'use strict'; try { state.a.x = 1; return 'ok' } catch (e) { return e.constructor.name } })(),
  }
}
