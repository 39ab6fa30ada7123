// immutable: persistent List/Map/Set/Record/Seq with structural sharing, equality and hashing.
module.exports = function probe(I) {
  const m1 = I.Map({ a: 1, b: 2, c: 3 })
  const m2 = m1.set('b', 50)
  const nested = I.fromJS({ a: { b: [1, 2, { c: 3 }] } })
  const Point = I.Record({ x: 0, y: 0 }, 'Point')
  const p = new Point({ x: 3 })
  let big = I.List()
  for (let i = 0; i < 2000; i++) big = big.push(i)
  const seq = I.Seq([1, 2, 3, 4, 5, 6, 7, 8]).filter((x) => x % 2).map((x) => x * x)
  return {
    m1: m1.toJS(), m2: m2.toJS(), same: m1.get('b'),
    equals: [I.is(I.Map({ a: 1 }), I.Map({ a: 1 })), m1.equals(m2), m1.hashCode() === I.Map({ a: 1, b: 2, c: 3 }).hashCode()],
    nested: nested.setIn(['a', 'b', 2, 'c'], 30).updateIn(['a', 'b', 0], (x) => x + 100).toJS(),
    getIn: nested.getIn(['a', 'b', 2, 'c']),
    record: [p.x, p.y, p.set('y', 9).toJS(), String(p)],
    big: [big.size, big.get(1500), big.reduce((s, x) => s + x, 0), big.slice(-3).toArray()],
    seq: seq.toArray(),
    set: I.OrderedSet([3, 1, 3, 2]).union([5, 1]).toArray(),
    sorted: I.List([5, 2, 9, 1]).sortBy((x) => -x).toArray(),
    groupBy: I.List(['aa', 'b', 'cc', 'd']).groupBy((s) => s.length).map((l) => l.toArray()).toJS(),
    range: I.Range(0, 30, 7).toArray(),
    str: String(I.List([1, I.Map({ a: 'x' })])),
    stack: I.Stack([1, 2]).push(0).toArray(),
    merge: m1.mergeWith((a, b) => a + b, { a: 10, d: 4 }).toJS(),
    isImmutable: [I.isImmutable(m1), I.isImmutable({}), I.List.isList(big)],
  }
}
