// Seed case 3: a module that sets a large global (about 1 MB), loaded with a context object that
// is replaced by a new `{}` every iteration. Prints RSS figures (MB).
//   node --expose-gc leak-context-global.js requireVM|require [ITERATIONS=300]
// (Plain require has no context object: the global lands on Node's own globalThis.)
'use strict'
const path = require('node:path')
const { rssMB, settle, peakTracker, report, loaderFor } = require('./_measure')

const mode = process.argv[2]
const ITERATIONS = Number(process.argv[3] || 300)
const file = path.join(__dirname, '..', 'fixtures', 'lifetime', 'big-global.js')
const { load, requireVM } = loaderFor(mode)

async function main() {
  let context
  const once = () => {
    context = {}
    const exported = load(file, context)
    const table = mode === 'requireVM' ? context.bigTable : globalThis.bigTable
    if (exported.length !== 131072 || table.length !== 131072) throw new Error('the global did not arrive')
  }
  for (let i = 0; i < 5; i++) once()
  await settle()
  const startMB = rssMB()
  const peak = peakTracker(5)
  const started = Date.now()
  for (let i = 1; i <= ITERATIONS; i++) {
    once()
    peak.tick(i)
  }
  global.gc()
  const afterLoopMB = rssMB()
  await settle()
  report({
    mode,
    iterations: ITERATIONS,
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
