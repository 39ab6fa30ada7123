'use strict'
// Seed case 2 (issue 18): lodash's `memoize` re-created every iteration and called with a new
// BigInt key, as a user who swaps require-vm for us writes it:
//
//   const { memoize } = load('lodash')
//   for (…) { f = memoize(getN); checksum += f(BigInt(i)).square }
//
// With ours every iteration hands a host function (`getN`) into the engine and a guest function
// (the memoized one) back, and drops the previous pair: the churn the bridge must absorb.
// lodash is loaded once per process; each implementation in its own process; a warm-up batch,
// then RUNS batches of ITERS iterations; the median of the per-iteration times.

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const ITERS = Number(process.env.BENCH_MEMOIZE_ITERS || 30000)
const TARGET = 3 // × require-vm per iteration

const IMPLS = {
  ours: 'require-vm-rs (ours)',
  'require-vm': 'require-vm',
  require: 'plain require',
}

function getN(n) {
  return { n, square: n * n }
}

function batch(memoize, from, n) {
  let memoizeGetN
  let checksum = 0n
  const t0 = H.now()
  for (let i = from; i < from + n; i++) {
    memoizeGetN = memoize(getN)
    checksum += memoizeGetN(BigInt(i)).square
  }
  const ms = H.msSince(t0)
  // Σ i² for i in [from, from + n)
  const sq = (k) => (k * (k + 1n) * (2n * k + 1n)) / 6n
  if (checksum !== sq(BigInt(from + n - 1)) - sq(BigInt(from - 1))) throw new Error(`wrong checksum ${checksum}`)
  return (ms * 1000) / n
}

function one(impl) {
  const lodash = impl === 'ours' ? H.loadOurs()('lodash')
    : impl === 'require-vm' ? H.loadRequireVm()('lodash')
    : require('lodash')
  const { memoize } = lodash
  const rssStart = H.rssMB()
  const times = []
  let next = 1
  for (let run = -1; run < RUNS; run++) {
    H.progress(`${IMPLS[impl]}: ${run < 0 ? 'warm-up' : `run ${run + 1}/${RUNS}`} ×${ITERS}`)
    const t = batch(memoize, next, ITERS)
    next += ITERS
    if (run >= 0) times.push(t)
  }
  return { impl, times, median: H.median(times), rssGrowth: H.rssMB() - rssStart }
}

async function main() {
  const r = {}
  for (const impl of Object.keys(IMPLS)) r[impl] = await H.runChild(__filename, [impl], { onProgress: H.progress })
  const ours = r.ours.median
  const base = r['require-vm'].median
  const ok = ours <= TARGET * base
  const row = (impl) => [
    IMPLS[impl], F.us(r[impl].median), `${F.us(Math.min(...r[impl].times))} – ${F.us(Math.max(...r[impl].times))}`,
    F.ratio(r[impl].median, base), F.ratio(r[impl].median, r.require.median), F.mb(r[impl].rssGrowth),
    impl === 'ours' ? `≤ ${TARGET}× require-vm` : '', impl === 'ours' ? F.verdict(ok) : '',
  ]
  return {
    title: 'Seed case 2: a memoized function re-created every iteration',
    description: `\`f = memoize(getN); f(BigInt(i))\` with lodash's \`memoize\` (lodash loaded once), ${ITERS.toLocaleString('en')} ` +
      `iterations per batch, each implementation in its own process; median of ${RUNS} batches (after a warm-up batch) of the ` +
      'time per iteration. "RSS growth": over all the batches.',
    table: {
      columns: ['implementation', 'per iteration (median)', 'min – max', '÷ require-vm', '÷ plain require', 'RSS growth', 'target', 'result'],
      rows: Object.keys(IMPLS).map(row),
    },
    targets: [{
      name: `memoize churn per iteration ≤ ${TARGET}× require-vm (issue 18)`,
      figure: `${F.us(ours)} vs ${F.us(base)}`,
      ratio: `${F.ratio(ours, base)} require-vm, ${F.ratio(ours, r.require.median)} require`,
      met: ok,
    }],
    raw: r,
  }
}

if (process.argv[2]) H.child(() => one(process.argv[2]))
else H.child(main)
