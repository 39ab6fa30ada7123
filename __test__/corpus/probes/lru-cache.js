// lru-cache v10 (CommonJS build via exports map): private fields, typed arrays, TTL, size accounting.
module.exports = function probe(pkg) {
  const { LRUCache } = pkg
  const disposed = []
  const cache = new LRUCache({ max: 3, dispose: (v, k, reason) => disposed.push([k, v, reason]) })
  cache.set('a', 1).set('b', 2).set('c', 3)
  cache.get('a')
  cache.set('d', 4)
  cache.set('b', 20)
  const sized = new LRUCache({ maxSize: 10, sizeCalculation: (v) => v.length })
  sized.set('x', 'aaaa'); sized.set('y', 'bbbbb'); sized.set('z', 'cc')
  const ttl = new LRUCache({ max: 10, ttl: 100000, ttlAutopurge: false })
  ttl.set('t', 1)
  const fetched = new LRUCache({ max: 5, fetchMethod: async (k) => k.toUpperCase() })
  return fetched.fetch('hello').then((f) => ({
    keys: [...cache.keys()],
    entries: [...cache.entries()],
    dump: cache.dump().map(([k, e]) => [k, e.value]),
    has: [cache.has('b'), cache.has('c')],
    peek: cache.peek('a'),
    size: [cache.size, sized.size, sized.calculatedSize, [...sized.keys()]],
    disposed,
    ttl: [ttl.has('t'), ttl.getRemainingTTL('t') > 0],
    fetched: f,
    deleted: cache.delete('a'),
    info: cache.info('d'),
    rkeys: [...cache.rkeys()],
  }))
}
