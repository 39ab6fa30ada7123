// p-limit v3 (CommonJS): concurrency limit over native promises and timers, with yocto-queue.
module.exports = async function probe(pLimit) {
  const limit = pLimit(2)
  let active = 0
  let maxActive = 0
  const order = []
  const task = (i, ms) => limit(async () => {
    active++
    maxActive = Math.max(maxActive, active)
    await new Promise((r) => setTimeout(r, ms))
    order.push(i)
    active--
    return i * i
  })
  const pending = [task(1, 20), task(2, 5), task(3, 5), task(4, 1)]
  const counts = [limit.activeCount, limit.pendingCount]
  const results = await Promise.all(pending)
  let error
  try { pLimit(0) } catch (e) { error = [e.name, e.message] }
  const rejected = await limit(() => Promise.reject(new RangeError('nope'))).catch((e) => [e.name, e.message])
  limit(() => new Promise((r) => setTimeout(r, 10)))
  limit(() => 1)
  limit.clearQueue()
  return { results, maxActive, order, counts, error, rejected, after: [limit.activeCount, limit.pendingCount] }
}
