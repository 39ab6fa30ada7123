// Issue 14: the seed's reload loop on the real opencv.js. Each round loads it, lets its runtime
// initialise, runs the 512×512 pipeline, leaks a 1024×1024 RGBA Mat on purpose (4 MiB of wasm
// heap nobody frees) and drops everything (no dispose). Prints one JSON line of figures (MB).
//   node --expose-gc opencv-rounds.js default|seed [ROUNDS=10]
// default: requireVM(file) with default options, initialised through onRuntimeInitialized.
// seed: the seed's context object { module: { exports: {} }, Module: { onRuntimeInitialized }, print }.
'use strict'
const { rssMB, settle, peakTracker, report } = require('./_measure')
const { whenReady, run } = require('../fixtures/opencv/pipeline.js')
const requireVM = require('../..')

const form = process.argv[2]
const ROUNDS = Number(process.argv[3] || 10)
const OPENCV = require.resolve('@techstark/opencv-js')

// Resolves with { cv }, not with cv itself: the Module is a thenable whose `then` calls back with
// itself, so a promise resolved with it never settles (under Node as well).
async function load() {
  if (form === 'default') {
    const cv = requireVM(OPENCV)
    await whenReady(cv)
    return { cv }
  }
  if (form === 'seed') {
    return new Promise((resolve, reject) => {
      const context = {
        module: { exports: {} },
        Module: { onRuntimeInitialized: () => resolve({ cv: context.Module }), onAbort: reject },
        print() {},
      }
      requireVM(OPENCV, context)
    })
  }
  throw new Error(`unknown form ${form}`)
}

// One round; its pipeline result (the same every round, or the engine is not fresh).
async function round() {
  const { cv } = await load()
  const result = JSON.stringify(run(cv, 512, 512))
  const leaked = new cv.Mat(1024, 1024, cv.CV_8UC4)
  if (leaked.data.length !== 1024 * 1024 * 4) throw new Error('the leaked Mat has the wrong size')
  return result
}

async function main() {
  await settle()
  const liveBefore = requireVM.stats().liveEngines
  const started = Date.now()
  const first = await round()
  // The first load left Cranelift compiling opencv.js in the background: its code (tens of MB)
  // is made once for the process, so it belongs to the baseline, not to a round.
  while (requireVM.stats().wasmModulesOptimizing > 0) await new Promise((resolve) => setTimeout(resolve, 50))
  await settle()
  const firstMB = rssMB()
  const peak = peakTracker(1)
  for (let i = 2; i <= ROUNDS; i++) {
    if ((await round()) !== first) throw new Error(`round ${i} gave another result`)
    peak.tick(i)
  }
  await settle()
  report({
    form,
    rounds: ROUNDS,
    firstMB,
    peakMB: peak.peak,
    endMB: rssMB(),
    seconds: (Date.now() - started) / 1000,
    liveBefore,
    liveAfter: requireVM.stats().liveEngines,
  })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
