'use strict'
// Workload 6: 1,000 live engines. Each implementation in its own process loads
// fixtures/small.js ENGINES times and keeps every result alive, then measures: the pause of a
// full V8 GC (`global.gc()`) and, for ours, of a full Boa collection (`stats({ collect: true })`),
// REPEAT times each (medians); and new engines on top of those alive, every load timed on its
// own with any collection it triggers, in REPEAT runs: loaded and kept (NEXT_KEPT a run), and
// loaded, used and dropped in turn (NEXT_DROPPED a run; ours: `dispose`), as a program that
// loads a module per request. For each: the median, the worst of a run (median over the runs:
// a collection that most runs trigger shows there, one stray scheduling blip does not) and the
// worst of all. The same figures with no engine alive are given for context. Targets: issue 18.

const H = require('./lib/harness')
const F = require('./lib/format')

const REPEAT = Math.max(5, Number(process.env.BENCH_RUNS || 5))
const ENGINES = Number(process.env.BENCH_ENGINES || 1000)
const NEXT_KEPT = 100
const NEXT_DROPPED = 20
const TARGET_COLLECT = 20 // ms, a full collection with ENGINES alive
const TARGET_NEXT = 2 // ms, a new engine's load and any collection it triggers

const IMPLS = {
  ours: 'require-vm-rs (ours)',
  'require-vm': 'require-vm',
  vm: 'node:vm + wrapper',
}

function timeIt(fn) {
  const t0 = H.now()
  fn()
  return H.msSince(t0)
}

async function one(impl) {
  const file = H.fixture('small.js')
  const requireVM = impl === 'ours' ? H.loadOurs() : undefined
  const load = impl === 'ours' ? () => requireVM(file)
    : impl === 'require-vm' ? ((r) => () => r(file))(H.loadRequireVm())
    : () => H.vmRequire(file)
  const measure = (label) => {
    const gcPause = []
    const collect = []
    for (let i = 0; i < REPEAT; i++) {
      gcPause.push(timeIt(() => global.gc()))
      if (requireVM) collect.push(timeIt(() => requireVM.stats({ collect: true })))
    }
    H.progress(`${IMPLS[impl]}: GC pauses measured with ${label}`)
    // The first collection finds every engine touched since the last; the repeats find none
    // (a full collection skips heaps not entered or allocated into since their last).
    return {
      gcPause: H.median(gcPause),
      collect: requireVM ? H.median(collect) : undefined,
      collectFirst: requireVM ? collect[0] : undefined,
    }
  }
  // REPEAT runs of new engines on top of those alive, every one timed on its own, so that a
  // collection a load (or an earlier drop) triggers lands in one of them. `drop`: each engine is
  // loaded, used and dropped (ours: disposed) in turn, as a program that loads a module per
  // request (NEXT_DROPPED per run); otherwise NEXT_KEPT engines are loaded and kept, and dropped
  // after the run, untimed.
  const next = (drop) => {
    const all = []
    const worst = []
    for (let run = 0; run < REPEAT; run++) {
      const times = []
      const kept = []
      for (let i = 0; i < (drop ? NEXT_DROPPED : NEXT_KEPT); i++) {
        times.push(timeIt(() => {
          const m = load()
          if (m.version !== '1.0.0') throw new Error('a new engine lost its exports')
          if (!drop) kept.push(m)
          else if (requireVM) requireVM.dispose(m)
        }))
      }
      if (requireVM) for (const m of kept) requireVM.dispose(m)
      kept.length = 0
      H.gc()
      if (requireVM) requireVM.stats({ collect: true })
      all.push(...times)
      worst.push(Math.max(...times))
    }
    return { median: H.median(all), worst: H.median(worst), max: Math.max(...all) }
  }
  const newEngines = () => ({ kept: next(false), dropped: next(true) })
  load()
  H.gc()
  const empty = { ...measure('no engine alive'), ...newEngines() }
  H.gc()
  if (requireVM) requireVM.stats({ collect: true })
  const rssBefore = H.rssMB()
  const keep = []
  const t0 = H.now()
  for (let i = 0; i < ENGINES; i++) {
    keep.push(load())
    if ((i + 1) % 250 === 0) H.progress(`${IMPLS[impl]}: ${i + 1}/${ENGINES} engines alive`)
  }
  const createAll = H.msSince(t0)
  H.gc()
  const full = measure(`${ENGINES} engines alive`)
  Object.assign(full, newEngines())
  full.rss = H.rssMB()
  const live = requireVM ? requireVM.stats().liveEngines : undefined
  if (keep.some((m) => m.version !== '1.0.0')) throw new Error('an engine lost its exports')
  return { impl, empty, full, createAll, rssBefore, live }
}

async function main() {
  const r = {}
  for (const impl of Object.keys(IMPLS)) {
    H.progress(`${IMPLS[impl]} starting`)
    r[impl] = await H.runChild(__filename, [impl], { onProgress: H.progress })
  }
  const o = r.ours.full
  const b = r['require-vm'].full
  // Judged by the first Boa collection, which traces every engine loaded since the last one.
  const fullGc = (x) => Math.max(x.gcPause, x.collectFirst ?? 0)
  const collectOk = fullGc(o) <= TARGET_COLLECT
  const nextOk = Math.max(o.kept.worst, o.dropped.worst) <= TARGET_NEXT
  const optional = (x) => (x !== undefined ? F.ms(x) : '—')
  const row = (impl) => {
    const { full, empty } = r[impl]
    return [
      IMPLS[impl] + (r[impl].live !== undefined ? ` (${r[impl].live} live)` : ''),
      F.ms(full.gcPause), optional(full.collectFirst), optional(full.collect),
      F.ms(full.kept.median), F.ms(full.kept.worst), F.ms(full.dropped.median), F.ms(full.dropped.worst),
      F.ms(Math.max(full.kept.max, full.dropped.max)),
      F.ms(r[impl].createAll / ENGINES), F.mb(full.rss - r[impl].rssBefore),
      F.ms(empty.gcPause), optional(empty.collect), F.ms(empty.kept.worst), F.ms(empty.dropped.worst),
    ]
  }
  const collectRatio = `${F.ratio(fullGc(o), fullGc(b))} require-vm's V8 gc()`
  const nextFigure = `kept ${F.ms(o.kept.worst)}, load + drop ${F.ms(o.dropped.worst)}`
  const nextRatio = `${F.ratio(o.kept.worst, b.kept.worst)}, ${F.ratio(o.dropped.worst, b.dropped.worst)} require-vm's`
  return {
    title: `${ENGINES.toLocaleString('en')} live engines: a full collection and a new engine's load`,
    description: `Each implementation in its own process keeps ${ENGINES} loads of \`fixtures/small.js\` alive. "V8 gc()" = ` +
      `\`global.gc()\` (median of ${REPEAT}); "Boa collect" = our \`stats({ collect: true })\`: "first" right after the ` +
      `${ENGINES} loads (it traces every engine), "again" the median of ${REPEAT} more (an engine not entered since its ` +
      `last collection is skipped); a full collection is the larger of V8's and our first. New engines on top of the ${ENGINES}, each timed with any collection it triggers, ${REPEAT} runs: ` +
      `"kept", ${NEXT_KEPT} a run loaded and kept; "load + drop", ${NEXT_DROPPED} a run each loaded, used and dropped in ` +
      'turn (ours: `dispose`). "worst" = the slowest of a run, median over the runs; "worst of all" over every run. ' +
      `"RSS for ${ENGINES}" = RSS growth while creating them. The last four columns: the same with no engine alive.`,
    table: {
      columns: ['implementation', 'V8 gc()', 'Boa collect, first', 'Boa collect, again', 'next, kept', 'worst, kept', 'next, load + drop',
        'worst, load + drop', 'worst of all', `mean of first ${ENGINES}`, `RSS for ${ENGINES}`,
        'V8 gc(), 0 alive', 'Boa collect, 0 alive', 'worst kept, 0 alive', 'worst load + drop, 0 alive'],
      rows: Object.keys(IMPLS).map(row),
    },
    extra: {
      columns: ['target (issue 18)', 'figure', 'ratio', 'result'],
      rows: [
        [`full collection ≤ ${TARGET_COLLECT} ms`, F.ms(fullGc(o)), collectRatio, F.verdict(collectOk)],
        [`a new engine's load and any collection it triggers ≤ ${TARGET_NEXT} ms (worst of a run)`, nextFigure, nextRatio,
          F.verdict(nextOk)],
      ],
    },
    targets: [
      {
        name: `${ENGINES} engines: full collection ≤ ${TARGET_COLLECT} ms (issue 18)`,
        figure: `V8 gc() ${F.ms(o.gcPause)}, Boa collect ${F.ms(o.collectFirst)} (again ${F.ms(o.collect)})`,
        ratio: collectRatio,
        met: collectOk,
      },
      {
        name: `${ENGINES} engines: a new engine's load + any collection ≤ ${TARGET_NEXT} ms (issue 18)`,
        figure: nextFigure,
        ratio: nextRatio,
        met: nextOk,
      },
    ],
    raw: r,
  }
}

if (process.argv[2]) H.child(() => one(process.argv[2]))
else H.child(main)
