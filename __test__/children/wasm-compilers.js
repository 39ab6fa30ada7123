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

// A module with a tail call (`return_call`), which Winch does not compile: made first, it gets
// Cranelift's code; made after a Memory bound the engine's store to Winch, a CompileError
// that names the way out.
const TAIL_CALL = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // types: () -> i32
  0x03, 0x03, 0x02, 0x00, 0x00, // two functions of that type
  0x07, 0x05, 0x01, 0x01, 0x67, 0x00, 0x01, // export "g" = function 1
  0x0a, 0x0b, 0x02, 0x04, 0x00, 0x41, 0x07, 0x0b, 0x04, 0x00, 0x12, 0x00, 0x0b, // i32.const 7; return_call 0
])
const tailCall = requireVM(path.join(fixtures, 'tail-call.js'))
const tailCallFirst = tailCall.run(TAIL_CALL, false)
const tailCallAfterMemory = requireVM(path.join(fixtures, 'tail-call.js')).run(TAIL_CALL, true)

const stats = requireVM.stats()
process.stdout.write(`${JSON.stringify({
  sameAsNode,
  startSpin,
  spin,
  grown,
  refused,
  refusedInside: record.result,
  tailCallFirst,
  tailCallAfterMemory,
  optimizedInBackground: stats.wasmModulesOptimized + stats.wasmModulesOptimizing,
})}\n`)
