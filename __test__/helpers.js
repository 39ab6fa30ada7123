'use strict'
// Small helpers shared by the spec files (not a spec itself: Jest runs only *.spec.js).
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const v8 = require('node:v8')
const vm = require('node:vm')

// The error `fn` throws; fails the test if it throws nothing.
function thrown(fn) {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

// A full garbage collection in this process (Jest runs without --expose-gc): a context made
// after the flag is set gets `gc`.
v8.setFlagsFromString('--expose-gc')
const fullGc = vm.runInNewContext('gc')

// Live engines once the engines earlier tests dropped are gone. Otherwise V8 may collect their
// proxies between two counts a test takes, and the count moves by more than what the test did.
function settledLiveEngines(requireVM) {
  fullGc()
  requireVM.stats() // runs the drops the collection queued, which may release more proxies
  fullGc()
  return requireVM.stats().liveEngines
}

// Resolves once no WebAssembly module is being optimized on a background thread. That compile's
// memory counts in `addonBytes` (the addon's allocator serves every thread), and a module an
// earlier test file of the same Jest worker loaded (opencv.js: hundreds of MB of Cranelift's
// working memory) may still be compiling when a test measures the engine's own bytes.
async function settledWasmCompiles(requireVM) {
  while (requireVM.stats().wasmModulesOptimizing > 0) await new Promise(setImmediate)
}

// Runs __test__/children/<script> with --expose-gc and returns the JSON line it printed last;
// throws (with its stderr) if it exits otherwise than with 0.
function runChild(script, args = [], { timeout = 240_000, nodeFlags = [] } = {}) {
  const child = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, path.join(__dirname, 'children', script), ...args], {
    encoding: 'utf8',
    timeout,
    maxBuffer: 1 << 20,
  })
  if (child.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`)
  }
  const lines = child.stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1])
}

module.exports = { thrown, settledLiveEngines, settledWasmCompiles, runChild }
