// Issue 9: ROUNDS rounds of load / use / drop of one Emscripten form, each leaking 20 MiB inside
// the module (C `malloc`s nobody frees). Prints RSS figures (MB) as one JSON line.
//   node --expose-gc emscripten-rounds.js classic|modularize|wasm2js [ROUNDS=30]
// classic: the scenario (context object with `Module`, `onRuntimeInitialized`), leaking
// with `_leak(20 MiB)` called from the host. modularize: the factory's promise, the same leak.
// wasm2js: the C code runs in the Boa interpreter, where `_leak(20 MiB)` (a byte loop) takes
// ~25 s; so 20 MiB are `_malloc`ed and written with `HEAPU8.set` inside the engine instead.
'use strict'
const path = require('node:path')
const { rssMB, settle, peakTracker, report } = require('./_measure')
const requireVM = require('../..')

const form = process.argv[2]
const ROUNDS = Number(process.argv[3] || 30)
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'emscripten')
const LEAK = 20 << 20
const LEAK_RESULT = -1419771904 // reference.leak(20 MiB)

function loadClassic() {
  return new Promise((resolve, reject) => {
    const context = {
      module: { exports: {} },
      Module: { onRuntimeInitialized() { resolve(context.Module) }, onAbort: reject, print() {} },
      print() {},
    }
    requireVM(path.join(FIXTURES, 'leaky.classic.js'), context)
  })
}

async function round() {
  if (form === 'classic') {
    const Module = await loadClassic()
    if (Module._leak(LEAK) !== LEAK_RESULT) throw new Error('wrong leak() result')
    if (Module.HEAPU8.length <= LEAK) throw new Error('the heap did not grow')
  } else if (form === 'modularize') {
    const createLeaky = requireVM(path.join(FIXTURES, 'leaky.modularize.js'))
    const Module = await createLeaky({ print() {} })
    if (Module._leak(LEAK) !== LEAK_RESULT) throw new Error('wrong leak() result')
  } else if (form === 'wasm2js') {
    const helper = requireVM(path.join(FIXTURES, 'wasm2js-leak.js'))
    const result = await helper.leak(LEAK)
    if (result.leak1000 !== 656830764 || result.heap <= LEAK) throw new Error('wrong wasm2js results')
  } else {
    throw new Error(`unknown form ${form}`)
  }
}

async function main() {
  await round()
  await settle()
  const startMB = rssMB()
  const peak = peakTracker(1)
  const started = Date.now()
  for (let i = 1; i <= ROUNDS; i++) {
    await round()
    peak.tick(i)
  }
  await settle()
  report({
    form,
    rounds: ROUNDS,
    startMB,
    peakMB: peak.peak,
    endMB: rssMB(),
    seconds: (Date.now() - started) / 1000,
    liveEnginesAtEnd: requireVM.stats().liveEngines,
  })
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
