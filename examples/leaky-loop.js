// Seed case 1: a module that leaks on every call (examples/leaky.js grows a module-level array
// that nothing empties), loaded again and again in a synchronous loop that never yields.
//
//   node examples/leaky-loop.js [require|require-vm|requireVM] [loads=2000]
//
// require: every load runs the module again, and each run's Module stays in the caller's
// `module.children` (deleting the require.cache entry does not remove it), with its exports and
// its array: memory grows by the whole leak. require-vm and requireVM: each load gets a fresh
// context or engine, freed once its exports are dropped.
'use strict'
const path = require('node:path')
const { loaderFor, parseArgs, sampler } = require('./_measure')

const { mode, count: loads } = parseArgs(2000)
const load = loaderFor(mode)
const leaky = path.join(__dirname, 'leaky.js')
const every = Math.max(1, Math.ceil(loads / 60))

const samples = sampler(mode, loads, every)
for (let i = 1; i <= loads; i++) {
  load(leaky).leak()
  samples.tick(i)
}
samples.done()
