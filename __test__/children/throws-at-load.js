'use strict'
// Issue 14's abort: a sizeable module that throws while loading, loaded in a loop. The throw
// leaves the loader with a host exception in hand while the engine that threw is dropped and
// V8 collects; before the fix Node aborted (`AllowJavascriptExecution::IsAllowed`) within a few
// hundred iterations. Prints SURVIVED <n> when every load ended in a catchable TypeError.
const fs = require('fs')
const os = require('os')
const path = require('path')
const requireVM = require('../..')

const iterations = Number(process.argv[2] || 2000)
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'throws-at-load-')), 'throws_at_load.js')
const body = []
for (let i = 0; i < 300; i++) body.push(`function f${i}(a, b) { var o = { k${i}: [a, b, "${'x'.repeat(40)}"] }; return o }`)
fs.writeFileSync(file, body.join('\n') + '\nthrow new TypeError("refused at load")\n')

let n = 0
for (; n < iterations; n++) {
  try {
    requireVM(file)
    throw new Error('the module loaded')
  } catch (error) {
    if (!(error instanceof TypeError) || error.message !== 'refused at load') throw error
  }
}
fs.rmSync(path.dirname(file), { recursive: true, force: true })
console.log(`SURVIVED ${n}`)
