// Cycles through the two heaps: each iteration gives a new engine a host object (a contextObject's
// `Module`, and a factory's argument) into which the guest puts proxies of its own functions,
// then drops everything. The engines must be collected. Prints RSS figures (MB) and live engines.
//   node --expose-gc leak-cycle.js [ITERATIONS=200]
'use strict'
const path = require('node:path')
const { rssMB, settle, report } = require('./_measure')
const requireVM = require('../..')

const ITERATIONS = Number(process.argv[2] || 200)
const file = path.join(__dirname, '..', 'fixtures', 'lifetime', 'cycle.js')

async function once() {
  const context = { Module: {} }
  const factory = requireVM(file, context)
  if (context.Module.size() !== 131072) throw new Error('Module was not filled')
  const filled = await factory({})
  if (filled.size() !== 131072) throw new Error('the factory argument was not filled')
}

async function main() {
  for (let i = 0; i < 5; i++) await once()
  await settle()
  const startMB = rssMB()
  const started = Date.now()
  for (let i = 1; i <= ITERATIONS; i++) await once()
  await settle()
  report({
    iterations: ITERATIONS,
    startMB,
    endMB: rssMB(),
    seconds: (Date.now() - started) / 1000,
    liveEnginesAtEnd: requireVM.stats().liveEngines,
  })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
