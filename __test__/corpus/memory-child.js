'use strict'
// Child process for the corpus memory check (run with --expose-gc):
//   node --expose-gc __test__/corpus/memory-child.js <package> [loads]
// Loads <package> into a fresh engine `loads` times (default 20), dropping each one's exports
// and collecting before the next, and prints one JSON line with per-load timings, RSS after
// each collection, the footprint of one live engine, the live engines left at the end, and
// how long Node's own first `require` of the package takes in this process (after the
// requireVM loads, so both sides read files the OS has cached).
const path = require('path')
const requireVM = require('../..')

if (typeof global.gc !== 'function') throw new Error('run with --expose-gc')

const name = process.argv[2]
const loads = Number(process.argv[3] || 20)
const paths = [path.join(__dirname, '..', '..')]
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
// CPU time (user + system) since `c0`, in ms: steadier than wall time on a busy machine.
const cpu = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1e3 }
const settle = () => new Promise((resolve) => setImmediate(resolve))

async function collect() {
  // Engines are freed by the finalizers of their proxies: two rounds of gc with a turn of the
  // event loop in between let finalizers run and what they release be collected.
  for (let i = 0; i < 2; i++) {
    global.gc()
    await settle()
  }
  requireVM.stats({ collect: true })
  global.gc()
}

async function main() {
  await collect()
  const baseline = process.memoryUsage().rss
  const loadMs = []
  const loadCpuMs = []
  const rss = []
  let liveFootprint = 0
  for (let i = 0; i < loads; i++) {
    const t0 = process.hrtime.bigint()
    const c0 = process.cpuUsage()
    let exports = requireVM(name, {}, { paths })
    loadCpuMs.push(cpu(c0))
    loadMs.push(ms(t0))
    if (exports === undefined) throw new Error('no exports')
    if (i === 0) {
      global.gc()
      liveFootprint = process.memoryUsage().rss - baseline
    }
    exports = null
    await collect()
    rss.push(process.memoryUsage().rss)
  }
  const stats = requireVM.stats({ collect: true })
  const t0 = process.hrtime.bigint()
  const c0 = process.cpuUsage()
  require(require.resolve(name, { paths }))
  const requireCpuMs = cpu(c0)
  const requireMs = ms(t0)
  process.stdout.write(JSON.stringify({ name, baseline, liveFootprint, loadMs, loadCpuMs, rss, requireMs, requireCpuMs, stats }) + '\n')
}

main().then(() => process.exit(0), (e) => {
  process.stdout.write(JSON.stringify({ name, error: String(e && e.stack || e) }) + '\n')
  process.exit(1)
})
