// Issue 16: the wasm behaviours that depend on the code a compiler made, run with one compiler
// for the whole process (REQUIRE_VM_WASM_COMPILER=winch or cranelift): by default a module runs
// on Winch first and on Cranelift later, so each test file would see a mix. Prints one JSON line.
//   REQUIRE_VM_WASM_COMPILER=winch node wasm-compilers.js
'use strict'
const path = require('node:path')
const requireVM = require('../..')

const fixtures = path.join(__dirname, '..', 'fixtures', 'wasm')
const API = path.join(fixtures, 'api.js')
const LIMITS = path.join(fixtures, 'limits.js')

function codeOf(f) {
  try {
    f()
    return 'returned'
  } catch (error) {
    return error.code
  }
}

const sameAsNode = JSON.stringify(requireVM(API).run()) === JSON.stringify(require(API).run())

const startSpin = codeOf(() => requireVM(LIMITS, {}, { timeout: 200 }).startSpin())
const looping = requireVM(LIMITS, {}, { timeout: 200 })
looping.load()
const spin = codeOf(() => looping.spin())

const limited = requireVM(LIMITS, {}, { memoryLimit: 64 })
limited.load()
const grown = limited.growInWasm(16)
const record = {}
const refused = codeOf(() => limited.refusedInWasm(16384, record))

const stats = requireVM.stats()
process.stdout.write(`${JSON.stringify({
  sameAsNode,
  startSpin,
  spin,
  grown,
  refused,
  refusedInside: record.result,
  optimizedInBackground: stats.wasmModulesOptimized + stats.wasmModulesOptimizing,
})}\n`)
