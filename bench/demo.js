'use strict'
// Workload: `npm run demo`'s timings (issue 18). The demo runs examples/leaky-loop.js three ways
// at once, each in its own process (Node's require, require-vm, requireVM: LOADS loads of
// examples/leaky.js, each calling leak()); this does the same, RUNS times, and takes the median
// of each run's loop time (as the child reports it when done) and RSS growth. All three run at
// the same time, as in the demo, so they share the machine's cores as they do there. Each child
// also reports the CPU time its process used (all its threads: V8's GC helpers too), which
// tells the work done from the share of the cores a process got.
// Target: the requireVM run no slower than the require-vm run.

const path = require('node:path')
const { fork } = require('node:child_process')
const H = require('./lib/harness')
const F = require('./lib/format')
const { MODES } = require('../examples/_measure')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const LOADS = Number(process.env.BENCH_DEMO_LOADS || 2000)
const SCRIPT = path.join(H.ROOT, 'examples', 'leaky-loop.js')
const TARGET = 1 // × require-vm

// One run of the leak loop in `mode`: resolves with its last sample ({ ms, rss, start, peak }).
function leakLoop(mode) {
  return new Promise((resolve, reject) => {
    let last
    let stderr = ''
    const child = fork(SCRIPT, [mode, String(LOADS)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] })
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-2000) })
    child.on('message', (sample) => { last = sample })
    child.on('exit', (code, signal) => {
      if (last && last.done) resolve(last)
      else reject(new Error(`leaky-loop.js ${mode} exited with ${signal || code}\n${stderr}`))
    })
  })
}

H.child(async () => {
  const runs = Object.fromEntries(MODES.map((mode) => [mode, []]))
  for (let run = 0; run < RUNS; run++) {
    H.progress(`run ${run + 1}/${RUNS}: ${LOADS} loads, ${MODES.join(', ')} at once`)
    const samples = await Promise.all(MODES.map(leakLoop))
    MODES.forEach((mode, i) => runs[mode].push(samples[i]))
  }
  const med = (mode, f) => H.median(runs[mode].map(f))
  const time = (mode) => med(mode, (s) => s.ms)
  const cpu = (mode) => med(mode, (s) => s.cpuMs)
  const ours = time('requireVM')
  const base = time('require-vm')
  const ok = ours <= TARGET * base
  return {
    title: "`npm run demo`: the leak chart's three runs",
    description: `examples/leaky-loop.js, ${LOADS.toLocaleString('en')} loads of examples/leaky.js (each leaks 1,000 objects), ` +
      `three processes at once as \`npm run demo\` runs them; medians of ${RUNS} runs. Loop time and RSS as each child ` +
      'reports them at the end of its loop; CPU time is what its whole process used by then, every thread counted.',
    table: {
      columns: ['run', 'loop time', 'min – max', '÷ require-vm', 'CPU time', '÷ require-vm', 'RSS growth', 'peak RSS', 'target', 'result'],
      rows: MODES.map((mode) => [
        mode === 'requireVM' ? 'requireVM (ours)' : mode,
        F.ms(time(mode)),
        `${F.ms(Math.min(...runs[mode].map((s) => s.ms)))} – ${F.ms(Math.max(...runs[mode].map((s) => s.ms)))}`,
        F.ratio(time(mode), base),
        F.ms(cpu(mode)),
        F.ratio(cpu(mode), cpu('require-vm')),
        F.mb(med(mode, (s) => s.rss - s.start)),
        F.mb(med(mode, (s) => s.peak)),
        mode === 'requireVM' ? `≤ ${TARGET}× require-vm` : '',
        mode === 'requireVM' ? F.verdict(ok) : '',
      ]),
    },
    targets: [{
      name: "demo's requireVM run no slower than its require-vm run (issue 18)",
      figure: `${F.ms(ours)} vs ${F.ms(base)}`,
      ratio: `${F.ratio(ours, base)} require-vm`,
      met: ok,
    }],
    raw: runs,
  }
})
