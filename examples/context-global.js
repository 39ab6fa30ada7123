// Seed case 3: a context object whose module sets a large global (examples/big-global.js), the
// context replaced by a new `{}` every iteration. After each load the context object holds the
// module's globals (`bigTable` among them); dropping it must free the engine and the table.
//
//   node examples/context-global.js [require-vm|requireVM] [iterations=200]
//
// (Plain require has no context object: the global would land on Node's own globalThis.)
'use strict'
const path = require('node:path')
const { loaderFor, parseArgs, sampler } = require('./_measure')

const { mode, count: iterations } = parseArgs(200)
if (mode === 'require') {
  console.error('context-global.js compares require-vm and requireVM: plain require has no context object')
  process.exit(2)
}
const load = loaderFor(mode)
const file = path.join(__dirname, 'big-global.js')

const samples = sampler(mode, iterations, Math.max(1, Math.ceil(iterations / 60)))
let context
for (let i = 1; i <= iterations; i++) {
  context = {}
  load(file, context)
  if (context.bigTable.length !== 20000) throw new Error('the global did not reach the context object')
  samples.tick(i)
}
samples.done()
