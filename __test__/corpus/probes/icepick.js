// icepick: the engine freezes the host's objects and builds frozen updates from them.
module.exports = function probe(i) {
  const state = { a: { b: 1 }, list: [1, 2] }
  const frozen = i.freeze(state)
  const updated = i.assocIn(frozen, ['a', 'b'], 2)
  const pushed = i.push(frozen.list, 3)
  return {
    same: frozen === state,
    frozen: [Object.isFrozen(state), Object.isFrozen(state.a), Object.isFrozen(state.list)],
    updated: JSON.parse(JSON.stringify(updated)),
    sharing: updated.list === state.list,
    pushed,
    thawed: (() => { const t = i.thaw(updated); t.a.b = 5; return [t.a.b, Object.isFrozen(t)] })(),
    merged: JSON.parse(JSON.stringify(i.merge(frozen, { a: { c: 3 } }))),
  }
}
