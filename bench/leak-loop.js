'use strict'
// Workload 2: the leak loop of seed case 1. `load('./leaky.js').leak()` LOADS times in one
// synchronous loop (each leak() pushes 1,000 objects with a 100-char string into a
// module-level array, ~100 KB per engine that only freeing the engine gives back). Every
// implementation runs in its own child process, RUNS times, order rotated; we report the
// median loop time and RSS figures: peak (getrusage maxrss), final (right after the loop) and
// after a full GC (plus our `stats({ collect: true })`).

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const LOADS = Number(process.env.BENCH_LEAK_LOADS || 3000)
const RSS_LIMIT_MB = Number(process.env.BENCH_RSS_LIMIT_MB || 6144) // a runaway leak stops here

const IMPLS = {
  ours: 'require-vm-rs (ours)',
  'require-vm': 'require-vm',
  vm: 'node:vm + wrapper',
}

function makeLoad(impl) {
  if (impl === 'ours') { const r = H.loadOurs(); return (f) => r(f) }
  if (impl === 'require-vm') { const r = H.loadRequireVm(); return (f) => r(f) }
  return (f) => H.vmRequire(f)
}

async function one(impl) {
  const load = makeLoad(impl)
  const file = H.fixture('leaky.js')
  H.gc()
  const startRss = H.rssMB()
  let done = 0
  let aborted = false
  const t0 = H.now()
  for (let i = 1; i <= LOADS; i++) {
    const n = load(file).leak()
    if (n !== 1000) throw new Error(`${impl}: leak() returned ${n}`)
    done = i
    if (i % 250 === 0) {
      const rss = H.rssMB()
      H.progress(`${IMPLS[impl]}: ${i}/${LOADS} loads, RSS ${rss.toFixed(0)} MB`)
      if (rss > RSS_LIMIT_MB) { aborted = true; break }
    }
  }
  const time = H.msSince(t0)
  const finalRss = H.rssMB()
  const peakRss = H.peakRssMB()
  const live = impl === 'ours' ? H.loadOurs().stats().liveEngines : undefined
  H.gc()
  await new Promise((resolve) => setImmediate(resolve))
  H.gc()
  if (impl === 'ours') H.loadOurs().stats({ collect: true })
  const afterGcRss = H.rssMB()
  const liveAfterGc = impl === 'ours' ? H.loadOurs().stats().liveEngines : undefined
  return { impl, time, done, aborted, startRss, peakRss, finalRss, afterGcRss, live, liveAfterGc }
}

async function main() {
  const names = Object.keys(IMPLS)
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  for (let run = 0; run < RUNS; run++) {
    for (let k = 0; k < names.length; k++) {
      const impl = names[(k + run) % names.length]
      H.progress(`run ${run + 1}/${RUNS}: ${IMPLS[impl]} starting`)
      const r = await H.runChild(__filename, [impl], {
        onProgress: (text) => H.progress(`run ${run + 1}/${RUNS}: ${text}`),
      })
      runs[impl].push(r)
    }
  }
  const med = (impl, key) => H.median(runs[impl].map((r) => r[key]))
  const s = Object.fromEntries(names.map((impl) => [impl, {
    time: med(impl, 'time'), peak: med(impl, 'peakRss'), final: med(impl, 'finalRss'),
    afterGc: med(impl, 'afterGcRss'), start: med(impl, 'startRss'),
    aborted: runs[impl].some((r) => r.aborted), done: Math.min(...runs[impl].map((r) => r.done)),
  }]))
  const fasterOk = !s.ours.aborted && s.ours.time <= s['require-vm'].time
  const peakOk = !s.ours.aborted && s.ours.peak < s['require-vm'].peak
  const lastOurs = runs.ours[runs.ours.length - 1]
  return {
    title: `Leak loop: ${LOADS.toLocaleString('en')} loads of a leaking module`,
    description: `\`for (i < ${LOADS}) load('fixtures/leaky.js').leak()\`, synchronous, each implementation in its own ` +
      `process; medians of ${RUNS} runs. Peak = getrusage max RSS of the process; final = RSS right after the loop; ` +
      `after GC = after \`global.gc()\` (and our \`stats({ collect: true })\`).` +
      (lastOurs.live !== undefined ? ` Ours, last run: ${lastOurs.live} engines alive right after the loop, ${lastOurs.liveAfterGc} after GC.` : ''),
    table: {
      columns: ['implementation', 'loop time', 'per load', 'start RSS', 'peak RSS', 'final RSS', 'after GC', 'time ÷ require-vm', 'peak ÷ require-vm'],
      rows: names.map((impl) => [
        IMPLS[impl] + (s[impl].aborted ? ` (stopped at ${s[impl].done} loads: RSS > ${RSS_LIMIT_MB} MB)` : ''),
        F.ms(s[impl].time), F.ms(s[impl].time / LOADS), F.mb(s[impl].start), F.mb(s[impl].peak), F.mb(s[impl].final),
        F.mb(s[impl].afterGc), F.ratio(s[impl].time, s['require-vm'].time), F.ratio(s[impl].peak, s['require-vm'].peak),
      ]),
    },
    targets: [
      { name: 'leak loop time ≤ 1.0× require-vm', figure: `${F.ms(s.ours.time)} vs ${F.ms(s['require-vm'].time)}`, met: fasterOk },
      { name: 'leak loop peak RSS lower than require-vm', figure: `${F.mb(s.ours.peak)} vs ${F.mb(s['require-vm'].peak)}`, met: peakOk },
    ],
    raw: runs,
  }
}

if (process.argv[2]) H.child(() => one(process.argv[2]))
else H.child(main)
