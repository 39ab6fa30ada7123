'use strict'
// Workload 1: cold load of a small module (fixtures/small.js) into a fresh engine / context.
// Each run times LOADS back-to-back loads per implementation (order rotated between runs, a
// full GC before each batch, untimed); the figure is the median over RUNS runs of the mean
// time per load. "1st load" is the very first load in the process (nothing compiled yet).

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const LOADS = Number(process.env.BENCH_COLD_LOADS || 200)

H.child(async () => {
  const requireVM = H.loadOurs()
  const requireVm = H.loadRequireVm()
  const file = H.fixture('small.js')
  const impls = [
    { name: 'require-vm-rs (ours)', load: () => requireVM(file) },
    { name: 'require-vm', load: () => requireVm(file) },
    { name: 'node:vm + wrapper', load: () => H.vmRequire(file) },
  ]
  for (const impl of impls) {
    const t0 = H.now()
    const m = impl.load()
    impl.first = H.msSince(t0)
    if (m.version !== '1.0.0' || m.slugify('Hello World') !== 'hello-world') throw new Error(`${impl.name}: wrong exports`)
    impl.times = []
  }
  for (let run = -1; run < RUNS; run++) { // run -1 warms up
    for (let k = 0; k < impls.length; k++) {
      const impl = impls[(k + run + 1) % impls.length]
      H.progress(`${run < 0 ? 'warm-up' : `run ${run + 1}/${RUNS}`}: ${impl.name}, ${LOADS} loads`)
      H.gc()
      let last
      const t0 = H.now()
      for (let i = 0; i < LOADS; i++) last = impl.load()
      const perLoad = H.msSince(t0) / LOADS
      if (last.version !== '1.0.0') throw new Error(`${impl.name}: wrong exports`)
      if (run >= 0) impl.times.push(perLoad)
    }
  }
  for (const impl of impls) impl.median = H.median(impl.times)
  const [ours, rvm, vm] = impls
  // Issue 18's target (issue 8 had asked for 0.5×).
  const ok = ours.median <= 1.0 * rvm.median
  return {
    title: 'Cold load of a small module into a fresh engine',
    description: `\`fixtures/small.js\` (helpers, a class, a 32-row table) loaded ${LOADS} times in a row into a new ` +
      `engine/context each time; median of ${RUNS} runs of the mean per-load time (a full GC before each batch, untimed).`,
    table: {
      columns: ['implementation', 'per load (median)', 'min – max', '1st load', '÷ require-vm', '÷ vm', 'target', 'result'],
      rows: impls.map((impl) => [
        impl.name, F.ms(impl.median), `${F.ms(Math.min(...impl.times))} – ${F.ms(Math.max(...impl.times))}`,
        F.ms(impl.first), F.ratio(impl.median, rvm.median), F.ratio(impl.median, vm.median),
        impl === ours ? '≤ 1.0× require-vm' : '', impl === ours ? F.verdict(ok) : '',
      ]),
    },
    targets: [{ name: 'cold load ≤ 1.0× require-vm', figure: F.ratio(ours.median, rvm.median), met: ok }],
    raw: impls.map(({ name, times, first, median }) => ({ name, times, first, median })),
  }
})
