// Bridge churn that must run clean (exit 0, right results), run with --expose-gc:
//   roundtrip: `m.call(getN, i)` — a host function called by the guest, its fresh host object
//              handed back through the guest — ITERATIONS times;
//   memoize:   a memoized function made in the guest every iteration (a new host proxy each
//              time, the previous one dropped) and called with a host function whose results
//              the guest caches.
// With GC_EVERY > 0, global.gc() every GC_EVERY iterations; with `warm`, 1,000 iterations and a
// settled GC first. Prints one JSON line.
//   node --expose-gc stress-proxies.js roundtrip|memoize [ITERATIONS=100000] [GC_EVERY=0] [warm]
'use strict'
const path = require('node:path')
const requireVM = require('../..')
const { settle, report } = require('./_measure')

const scenario = process.argv[2]
const ITERATIONS = Number(process.argv[3] || 100000)
const GC_EVERY = Number(process.argv[4] || 0)
const WARM = process.argv[5] === 'warm'
const m = requireVM(path.join(__dirname, '..', 'fixtures', 'lifetime', 'memo.js'))

function getN(n) {
  return { n, square: n * n }
}

const step = {
  roundtrip: (i) => m.call(getN, i).square,
  memoize: (i) => m.memoize(getN)(i).square,
}[scenario]

async function main() {
  if (WARM) {
    for (let i = 1; i <= 1000; i++) step(i)
    await settle()
  }
  let sum = 0
  let expected = 0
  for (let i = 1; i <= ITERATIONS; i++) {
    sum += step(i)
    expected += i * i
    if (GC_EVERY > 0 && i % GC_EVERY === 0) global.gc()
  }
  await settle()
  report({ scenario, iterations: ITERATIONS, gcEvery: GC_EVERY, warm: WARM, sumOk: sum === expected, liveEngines: requireVM.stats().liveEngines })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
