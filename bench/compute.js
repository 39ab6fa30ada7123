'use strict'
// Workload 5: compute inside the engine. fixtures/compute.js is loaded by each implementation
// and its functions are called once per run from the host: `fib(27)` (calls and arithmetic)
// and `strings(50000)` (build, join, split, map, filter, sort, reduce over 50,000 strings),
// and the `split(',')` of that workload alone (a known Boa cliff).
// The time is the whole call, boundary included (negligible here). V8 runs the same source
// (in a vm context, via require-vm, and as a plain host module); we report ours ÷ V8 (vm).
// The V8 implementations get one untimed warm-up run (JIT); Boa has no JIT.

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const FIB_N = Number(process.env.BENCH_FIB_N || 27)
const STRINGS_N = Number(process.env.BENCH_STRINGS_N || 50000)

H.child(async () => {
  const file = H.fixture('compute.js')
  const impls = [
    { name: 'require-vm-rs (ours)', m: H.loadOurs()(file), boa: true },
    { name: 'require-vm', m: H.loadRequireVm()(file) },
    { name: 'node:vm + wrapper', m: H.vmRequire(file) },
    { name: 'V8, host require', m: require(file) },
  ]
  const tasks = [
    { name: `fib(${FIB_N})`, run: (m) => m.fib(FIB_N) },
    { name: `strings(${STRINGS_N.toLocaleString('en')})`, run: (m) => m.strings(STRINGS_N) },
    { name: `split(${STRINGS_N.toLocaleString('en')}) alone`, run: (m) => m.split(STRINGS_N) },
  ]
  for (const task of tasks) {
    task.times = impls.map(() => [])
    task.expected = task.run(require(file))
    for (let run = -1; run < RUNS; run++) {
      for (let k = 0; k < impls.length; k++) {
        const j = (k + run + 1) % impls.length
        const impl = impls[j]
        if (run < 0 && impl.boa) continue
        H.progress(`${task.name}: ${run < 0 ? 'warm-up' : `run ${run + 1}/${RUNS}`}: ${impl.name}`)
        const t0 = H.now()
        const result = task.run(impl.m)
        const t = H.msSince(t0)
        if (result !== task.expected) throw new Error(`${impl.name} ${task.name}: ${result} !== ${task.expected}`)
        if (run >= 0) task.times[j].push(t)
      }
    }
    task.medians = task.times.map((t) => H.median(t))
  }
  return {
    title: 'Compute inside the engine',
    description: `The same source (\`fixtures/compute.js\`) run by each implementation, one call per run from the host, ` +
      `median of ${RUNS} runs. \`strings\`: build, join, split, map, filter, sort, reduce over ${STRINGS_N} short strings; ` +
      '`split … alone`: that split step by itself (a quadratic cliff in Boa). Boa is an interpreter: the ratio to V8 ' +
      'is reported, with no pass/fail target. require-vm runs the entry file as a script in the contextified global, ' +
      'so its top-level functions are global lookups through the context\'s interceptors (slower than V8 in a wrapper).',
    table: {
      columns: ['workload', ...impls.map((i) => i.name), 'ours ÷ V8 (vm)', 'target'],
      rows: tasks.map((t) => [t.name, ...t.medians.map(F.ms), F.ratio(t.medians[0], t.medians[2]), 'report']),
    },
    targets: tasks.map((t) => ({ name: `${t.name}: ratio to V8`, figure: F.ratio(t.medians[0], t.medians[2]), met: undefined })),
    raw: tasks.map(({ name, times, medians }) => ({ name, times, medians })),
  }
})
