'use strict'
// Workload 4: lodash (one 540 KB file) loaded into a fresh engine/context, uncached and with
// isCache. Each run times LOADS loads per mode (order rotated, full GC before each batch,
// untimed); the figure is the median over RUNS runs of the mean per-load time. "1st load" is
// the first load of the mode in this process.
// Note on the baselines: V8 keeps an in-isolate compilation cache keyed by source text, so
// after their first load even the "uncached" V8 loads reuse compiled code; their 1st load is
// the truly cold figure. require-vm's `isCache` lives in one `RequireVmModule` instance (the
// top-level `requireVm(…, isCache = true)` makes a new instance, hence no cache, per call), so
// its cached mode here is one instance given a new contextObject per load: the cached
// `vm.Script` run in a new context, which is what its cache does.

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const LOADS = Number(process.env.BENCH_LODASH_LOADS || 2)

H.child(async () => {
  const lodash = require.resolve('lodash')
  const requireVM = H.loadOurs()
  const requireVm = H.loadRequireVm()
  const instance = new requireVm.RequireVmModule(lodash, {}, {}, {}, true)
  const modes = [
    { name: 'require-vm-rs (ours), uncached', load: () => requireVM(lodash) },
    { name: 'require-vm-rs (ours), isCache', load: () => requireVM(lodash, {}, {}, {}, true) },
    { name: 'require-vm, uncached', load: () => requireVm(lodash) },
    { name: 'require-vm, isCache', load: () => { instance.contextObject = {}; return instance.requireVm(lodash) } },
    { name: 'node:vm + wrapper, uncached', load: () => H.vmRequire(lodash) },
    { name: 'node:vm + wrapper, cached Script', load: () => H.vmRequire(lodash, true) },
  ]
  const check = (mode, _) => {
    if (_.chunk([1, 2, 3, 4, 5], 2).length !== 3 || _.VERSION !== require('lodash').VERSION) {
      throw new Error(`${mode.name}: lodash did not load right`)
    }
  }
  for (const mode of modes) {
    H.progress(`1st load: ${mode.name}`)
    H.gc()
    const t0 = H.now()
    const _ = mode.load()
    mode.first = H.msSince(t0)
    check(mode, _)
    mode.times = []
  }
  for (let run = 0; run < RUNS; run++) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(k + run) % modes.length]
      H.progress(`run ${run + 1}/${RUNS}: ${mode.name}`)
      H.gc()
      let _
      const t0 = H.now()
      for (let i = 0; i < LOADS; i++) _ = mode.load()
      mode.times.push(H.msSince(t0) / LOADS)
      check(mode, _)
    }
  }
  for (const mode of modes) mode.median = H.median(mode.times)
  const [oursU, oursC, rvmU, rvmC, vmU, vmC] = modes
  const baselineOf = new Map([[oursU, rvmU], [oursC, rvmC], [rvmU, rvmU], [rvmC, rvmC], [vmU, rvmU], [vmC, rvmC]])
  const vmOf = new Map([[oursU, vmU], [oursC, vmC], [rvmU, vmU], [rvmC, vmC], [vmU, vmU], [vmC, vmC]])
  // Issue 18's targets (issue 8 had asked for 10× and 1×).
  const okU = oursU.median <= 6 * rvmU.median
  const okC = oursC.median <= 2 * rvmC.median
  return {
    title: 'lodash into a fresh engine, uncached and with isCache',
    description: `\`require.resolve('lodash')\` (${(require('node:fs').statSync(lodash).size / 1024).toFixed(0)} KB) loaded into a new ` +
      `engine/context per load; median of ${RUNS} runs of the mean of ${LOADS} loads. Ratios compare like with like ` +
      '(uncached with uncached, cached with cached). V8 baselines reuse compiled code from V8\'s in-isolate ' +
      'compilation cache after their first load even when "uncached"; require-vm\'s cached mode is one ' +
      '`RequireVmModule` with a new contextObject per load (its cache is per instance).',
    table: {
      columns: ['implementation, mode', 'per load (median)', 'min – max', '1st load', '÷ require-vm', '÷ vm', 'target', 'result'],
      rows: modes.map((m) => [
        m.name, F.ms(m.median), `${F.ms(Math.min(...m.times))} – ${F.ms(Math.max(...m.times))}`, F.ms(m.first),
        F.ratio(m.median, baselineOf.get(m).median), F.ratio(m.median, vmOf.get(m).median),
        m === oursU ? '≤ 6× require-vm' : m === oursC ? '≤ 2× require-vm' : '',
        m === oursU ? F.verdict(okU) : m === oursC ? F.verdict(okC) : '',
      ]),
    },
    targets: [
      { name: 'lodash uncached ≤ 6× require-vm', figure: F.ratio(oursU.median, rvmU.median), met: okU },
      { name: 'lodash isCache ≤ 2× require-vm (isCache)', figure: F.ratio(oursC.median, rvmC.median), met: okC },
    ],
    raw: modes.map(({ name, times, first, median }) => ({ name, times, first, median })),
  }
})
