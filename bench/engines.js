'use strict'
// Workload 6: 1,000 live engines. Each implementation in its own process loads
// fixtures/small.js ENGINES times and keeps every result alive, then measures, REPEAT times
// each (medians): the pause of a full V8 GC (`global.gc()`), for ours also a full Boa
// collection (`stats({ collect: true })`, which scans every live engine: they share one Boa
// heap), and the time to create engine 1,001 (and 1,002…, each kept). The same figures with
// no engine alive are given for context.

const H = require('./lib/harness')
const F = require('./lib/format')

const REPEAT = Math.max(5, Number(process.env.BENCH_RUNS || 5))
const ENGINES = Number(process.env.BENCH_ENGINES || 1000)

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
    return { gcPause: H.median(gcPause), collect: requireVM ? H.median(collect) : undefined }
  }
  const create = (keep) => {
    const times = []
    for (let i = 0; i < REPEAT; i++) times.push(timeIt(() => keep.push(load())))
    return H.median(times)
  }
  load()
  H.gc()
  const empty = { ...measure('no engine alive'), create: create([]) }
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
  full.create = create(keep)
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
  const gcOk = Math.max(o.gcPause, o.collect) <= 100
  const createOk = o.create <= 2
  const row = (impl) => [
    IMPLS[impl] + (r[impl].live !== undefined ? ` (${r[impl].live} live)` : ''),
    F.ms(r[impl].full.gcPause), r[impl].full.collect !== undefined ? F.ms(r[impl].full.collect) : '—',
    F.ms(r[impl].full.create), F.ms(r[impl].createAll / ENGINES),
    F.mb(r[impl].full.rss - r[impl].rssBefore),
    F.ms(r[impl].empty.gcPause), r[impl].empty.collect !== undefined ? F.ms(r[impl].empty.collect) : '—',
    F.ms(r[impl].empty.create),
  ]
  return {
    title: `${ENGINES.toLocaleString('en')} live engines: GC pause and engine ${(ENGINES + 1).toLocaleString('en')}`,
    description: `Each implementation in its own process keeps ${ENGINES} loads of \`fixtures/small.js\` alive; medians of ` +
      `${REPEAT} measurements. "V8 gc()" = \`global.gc()\`; "Boa collect" = our \`stats({ collect: true })\`; ` +
      `"next engine" = creating and loading engine ${ENGINES + 1}, ${ENGINES + 2}…; "RSS for ${ENGINES}" = RSS growth ` +
      'while creating them. The last three columns: the same with no engine alive.',
    table: {
      columns: ['implementation', 'V8 gc()', 'Boa collect', 'next engine', `mean of first ${ENGINES}`, `RSS for ${ENGINES}`,
        'V8 gc(), 0 alive', 'Boa collect, 0 alive', 'next engine, 0 alive'],
      rows: Object.keys(IMPLS).map(row),
    },
    extra: {
      columns: ['target', 'figure', 'result'],
      rows: [
        ['GC pause ≤ 100 ms (max of V8 gc() and Boa collect)', F.ms(Math.max(o.gcPause, o.collect)), F.verdict(gcOk)],
        [`engine ${ENGINES + 1} in ≤ 2 ms`, F.ms(o.create), F.verdict(createOk)],
      ],
    },
    targets: [
      { name: `${ENGINES} engines: GC pause ≤ 100 ms`, figure: `V8 gc() ${F.ms(o.gcPause)}, Boa collect ${F.ms(o.collect)}`, met: gcOk },
      { name: `${ENGINES} engines: engine ${ENGINES + 1} in ≤ 2 ms`, figure: F.ms(o.create), met: createOk },
    ],
    raw: r,
  }
}

if (process.argv[2]) H.child(() => one(process.argv[2]))
else H.child(main)
