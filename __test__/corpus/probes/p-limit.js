// p-limit v3 (CommonJS): concurrency limit over native promises and timers, with yocto-queue.
module.exports = async function probe(pLimit) {
  const limit = pLimit(2)
  let active = 0
  let maxActive = 0
  const order = []
  // Task 1 holds its slot until task 4 is done, so the order is decided by the queue, not by
  // how long timers take on a loaded machine.
  let openGate
  const gate = new Promise((r) => { openGate = r })
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
  const task = (i, wait) => limit(async () => {
    active++
    maxActive = Math.max(maxActive, active)
    await wait()
    order.push(i)
    active--
    if (i === 4) openGate()
    return i * i
  })
  const pending = [task(1, () => gate), task(2, () => sleep(5)), task(3, () => sleep(5)), task(4, () => sleep(1))]
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
