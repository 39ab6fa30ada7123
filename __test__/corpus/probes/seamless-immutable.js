// seamless-immutable: frozen copies of the host's data, and their updates.
module.exports = function probe(Immutable) {
  const data = Immutable({ user: { name: 'Ana', tags: ['a', 'b'] }, n: 1 })
  const merged = data.merge({ n: 2, extra: true })
  const set = data.setIn(['user', 'name'], 'Bo')
  return {
    data: JSON.parse(JSON.stringify(data)),
    merged: JSON.parse(JSON.stringify(merged)),
    set: set.user.name,
    isImmutable: [Immutable.isImmutable(data), Immutable.isImmutable({})],
    frozen: [Object.isFrozen(data), Object.isFrozen(data.user.tags)],
    mutable: (() => { const m = data.asMutable({ deep: true }); m.user.tags.push('c'); return m.user.tags })(),
    mapped: Immutable([3, 1, 2]).map((x) => x * 2).asMutable(),
    without: JSON.parse(JSON.stringify(data.without('n'))),
  }
}
