// Seed case 1: `load('leaky.js').leak()` LOADS times in a synchronous loop that never yields,
// then LOADS times more with a turn of the event loop between loads. Prints RSS figures (MB).
//   node --expose-gc leak-leaky-loop.js requireVM|require [LOADS=3000]
'use strict'
const path = require('node:path')
const { rssMB, settle, peakTracker, report, loaderFor } = require('./_measure')

const mode = process.argv[2]
const LOADS = Number(process.argv[3] || 3000)
const file = path.join(__dirname, '..', 'fixtures', 'lifetime', 'leaky.js')
const { load, requireVM } = loaderFor(mode)

async function main() {
  for (let i = 0; i < 20; i++) load(file).leak()
  await settle()
  const startMB = rssMB()
  const peak = peakTracker(100)
  const started = Date.now()
  for (let i = 1; i <= LOADS; i++) {
    if (load(file).leak() !== 1000) throw new Error('each load must start with an empty array')
    peak.tick(i)
  }
  global.gc()
  // The engines that collection released are freed at the next entry into the addon (here
  // `stats`), as the next iteration would: without it, the figure is wherever V8's collection
  // cycle happened to be when the loop ended (tens of MB either way).
  const liveAfterSyncLoop = requireVM && requireVM.stats().liveEngines
  const afterSyncLoopMB = rssMB()
  const syncSeconds = (Date.now() - started) / 1000
  for (let i = 1; i <= LOADS; i++) {
    if (load(file).leak() !== 1000) throw new Error('each load must start with an empty array')
    peak.tick(i)
    await new Promise(setImmediate)
  }
  await settle()
  report({
    mode,
    loads: LOADS,
    startMB,
    afterSyncLoopMB,
    peakMB: peak.peak,
    endMB: rssMB(),
    syncSeconds,
    seconds: (Date.now() - started) / 1000,
    liveAfterSyncLoop,
    liveEnginesAtEnd: requireVM && requireVM.stats().liveEngines,
  })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
