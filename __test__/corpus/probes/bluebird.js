// bluebird: promise combinators, promisify of callback APIs, cancellation-free chains, timers.
module.exports = async function probe(Promise) {
  const P = Promise
  const log = []
  const cbApi = (a, b, cb) => setTimeout(() => (a < 0 ? cb(new Error('neg')) : cb(null, a + b)), 1)
  const add = P.promisify(cbApi)
  const all = await P.all([1, P.resolve(2), P.delay(5, 3)])
  const map = await P.map([1, 2, 3, 4], (x) => P.delay(4 - x, x * 2), { concurrency: 2 })
  const each = await P.each(['a', 'b'], (x, i) => log.push(`${i}${x}`))
  const props = await P.props({ a: add(1, 2), b: P.resolve('x') })
  const reduce = await P.reduce([1, 2, 3], (acc, x) => P.delay(1, acc + x), 10)
  const settled = await P.allSettled([P.reject(new TypeError('bad')), P.resolve(1)])
  let caught
  await add(-1, 0).catch((e) => { caught = [e.name, e.message] })
  const filtered = await P.filter([1, 2, 3, 4, 5], (x) => x % 2)
  const spread = await P.all([1, 2]).spread((a, b) => a * 10 + b)
  let timeout
  await P.delay(50).timeout(5).catch(P.TimeoutError, (e) => { timeout = e.name })
  const any = await P.any([P.reject(new Error('x')), P.delay(2, 'y')])
  const tapped = await P.resolve(7).tap((v) => log.push('tap' + v)).then((v) => v + 1)
  const fin = await P.resolve(1).finally(() => log.push('fin'))
  const isP = P.resolve(1) instanceof P
  const coroutine = await P.coroutine(function* () { const a = yield P.delay(1, 5); return a * 2 })()
  return {
    all, map, each, props, reduce, filtered, spread, timeout, any, tapped, fin, isP, coroutine, caught, log,
    settled: settled.map((s) => (s.isFulfilled() ? ['ok', s.value()] : ['err', s.reason().message])),
  }
}
