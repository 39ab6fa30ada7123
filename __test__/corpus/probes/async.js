// async (caolan): control flow over callbacks and promises, queues, timers, setImmediate.
module.exports = function probe(async) {
  return new Promise((resolve, reject) => {
    const out = {}
    async.series([
      (cb) => async.mapLimit([3, 1, 2], 2, (x, done) => setTimeout(() => done(null, x * 10), x), (e, r) => { out.mapLimit = r; cb(e) }),
      (cb) => async.waterfall([(n) => n(null, 1, 2), (a, b, n) => n(null, a + b)], (e, r) => { out.waterfall = r; cb(e) }),
      (cb) => async.parallel({ a: (n) => setImmediate(() => n(null, 'A')), b: (n) => n(null, 'B') }, (e, r) => { out.parallel = r; cb(e) }),
      (cb) => async.auto({ x: (n) => n(null, 1), y: ['x', (res, n) => n(null, res.x + 1)] }, (e, r) => { out.auto = r; cb(e) }),
      (cb) => {
        const seen = []
        const q = async.queue((t, n) => { seen.push(t); setTimeout(n, 1) }, 2)
        q.push([1, 2, 3, 4])
        q.drain(() => { out.queue = seen; cb() })
      },
      (cb) => async.retry({ times: 3, interval: 1 }, (() => { let i = 0; return (n) => n(++i < 3 ? new Error('e' + i) : null, i) })(), (e, r) => { out.retry = r; cb(e) }),
      (cb) => async.mapSeries([1, 2], async (x) => x + 100).then((r) => { out.asyncFn = r; cb() }, cb),
      (cb) => async.each([1, 2], (x, n) => n(x === 2 ? new Error('boom') : null), (e) => { out.eachErr = e && e.message; cb() }),
      (cb) => async.timeout((n) => setTimeout(n, 50), 5)((e) => { out.timeout = e && e.code; cb() }),
    ], (err) => (err ? reject(err) : resolve(out)))
  })
}
