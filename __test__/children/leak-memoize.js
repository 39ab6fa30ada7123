// Seed case 2: lodash's memoize re-created every iteration (`memoizeGetN = memoize(getN)`) and
// called with a new BigInt key, ITERATIONS times; lodash is loaded once. Prints RSS figures (MB).
//   node --expose-gc leak-memoize.js requireVM|require [ITERATIONS=300000]
'use strict'
const { rssMB, settle, peakTracker, report } = require('./_measure')

const mode = process.argv[2]
const ITERATIONS = Number(process.argv[3] || 300000)
const requireVM = mode === 'requireVM' ? require('../..') : undefined
const { memoize } = mode === 'requireVM' ? requireVM('lodash') : require('lodash')

function getN(n) {
  return { n, square: n * n }
}

async function main() {
  let memoizeGetN
  // Warm up for a third of the run before taking the start figure: V8 grows its young generation
  // to its maximum (which lifetime.spec.js pins) under this allocation rate, and the engine's
  // tables reach their working size. Both are one-time sizing, bounded whatever the iteration
  // count; growth after the warm-up is what a leak shows.
  for (let i = 1; i <= ITERATIONS / 3; i++) memoizeGetN = memoize(getN)(BigInt(i))
  await settle()
  const startMB = rssMB()
  const peak = peakTracker(1000)
  const started = Date.now()
  let checksum = 0n
  let expected = 0n
  for (let i = 1; i <= ITERATIONS; i++) {
    memoizeGetN = memoize(getN)
    const key = BigInt(i)
    checksum += memoizeGetN(key).square
    expected += key * key
    peak.tick(i)
  }
  global.gc()
  const afterLoopMB = rssMB()
  await settle()
  report({
    mode,
    iterations: ITERATIONS,
    checksumOk: checksum === expected,
    startMB,
    afterLoopMB,
    peakMB: peak.peak,
    endMB: rssMB(),
    seconds: (Date.now() - started) / 1000,
    liveEnginesAtEnd: requireVM && requireVM.stats().liveEngines,
  })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
