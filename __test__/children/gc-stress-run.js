'use strict'
// The GC-stress run (issue 14): random sequences of loads, calls into the guest, host callbacks
// that throw at random points, big allocations, drops and collections, under the V8 flags the
// parent chose (forced collections, compaction). Every operation must end in a value or a
// catchable JavaScript error; the parent fails the run if this process dies by a signal or does
// not print `GC-STRESS DONE`.
//
//   node --expose-gc [v8 flags] gc-stress-run.js <seed> <runs>
const fs = require('fs')
const os = require('os')
const path = require('path')
const fc = require('fast-check')
const requireVM = require('../..')

const seed = Number(process.argv[2] || 1)
const numRuns = Number(process.argv[3] || 200)
const GUEST = path.join(__dirname, '..', 'fixtures', 'gc-stress', 'guest.js')

// A sizeable module that throws while loading (the shape of the abort in issue 14).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-stress-'))
const THROWS_AT_LOAD = path.join(dir, 'throws-at-load.js')
const body = []
for (let i = 0; i < 300; i++) body.push(`function f${i}(a, b) { var o = { k${i}: [a, b, "${'x'.repeat(40)}"] }; return o }`)
// It allocates `kib` KiB first (from its contextObject), so that the engine it drops is big.
fs.writeFileSync(
  THROWS_AT_LOAD,
  body.join('\n') + '\nvar junk = []; for (var i = 0; i < (globalThis.kib || 0); i++) junk.push("z".repeat(1000) + i)' +
    '\nthrow new TypeError("refused at load")\n',
)

// Host values that throw in every way the guest can trigger.
function throwingHostFunction(throwAt) {
  return (i) => {
    if (i === throwAt) throw new RangeError(`host callback threw at ${i}`)
    return i
  }
}
function hostile(kind) {
  switch (kind) {
    case 'getter':
      return Object.defineProperty({}, 'key', { get() { throw new Error('host getter threw') } })
    case 'trap':
      return new Proxy({}, { get() { throw new Error('host trap threw') } })
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    }
    case 'toString':
      return { toString() { throw new Error('host toString threw') } }
    case 'valueOf':
      return { valueOf() { throw new Error('host valueOf threw') }, toString: undefined }
    default:
      return { key: kind }
  }
}

const op = fc.oneof(
  fc.record({ op: fc.constant('load') }),
  fc.record({ op: fc.constant('loadThrows'), kib: fc.constantFrom(0, 0, 256, 2048) }),
  fc.record({ op: fc.constant('churn'), loads: fc.integer({ min: 1, max: 30 }), throws: fc.boolean(), kib: fc.constantFrom(16, 256) }),
  fc.record({ op: fc.constant('loadWithLimits'), memoryLimit: fc.constantFrom(8, 16) }),
  fc.record({ op: fc.constant('callBack'), times: fc.integer({ min: 1, max: 40 }), throwAt: fc.integer({ min: -1, max: 40 }), swallow: fc.boolean() }),
  fc.record({ op: fc.constant('read'), kind: fc.constantFrom('getter', 'trap', 'revoked', 'plain'), swallow: fc.boolean() }),
  fc.record({ op: fc.constant('coerce'), kind: fc.constantFrom('toString', 'valueOf', 'revoked', 'plain'), swallow: fc.boolean() }),
  fc.record({ op: fc.constant('alloc'), kib: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ op: fc.constant('release') }),
  fc.record({ op: fc.constant('follow'), reject: fc.boolean() }),
  fc.record({ op: fc.constant('make'), keep: fc.boolean() }),
  fc.record({ op: fc.constant('drop'), which: fc.nat() }),
  fc.record({ op: fc.constant('dispose'), which: fc.nat() }),
  fc.record({ op: fc.constant('gc') }),
  fc.record({ op: fc.constant('timeout') }),
)

let operations = 0
let errors = 0

// One operation against the modules loaded so far; returns nothing, throws only what is not a
// catchable Error (which fails the run).
function step(modules, kept, action) {
  const pick = (n) => modules[n % modules.length]
  try {
    switch (action.op) {
      case 'load':
        modules.push(requireVM(GUEST))
        break
      case 'loadThrows':
        requireVM(THROWS_AT_LOAD, { kib: action.kib })
        throw new Error('the module that throws at load loaded')
      case 'churn':
        // Engines made and dropped at once: finalizers pending for the next collection.
        for (let i = 0; i < action.loads; i++) {
          if (!action.throws) requireVM(GUEST).make(i)
          else {
            try {
              requireVM(THROWS_AT_LOAD, { kib: action.kib })
            } catch (error) {
              if (!(error instanceof TypeError)) throw error
            }
          }
        }
        break
      case 'loadWithLimits':
        modules.push(requireVM(GUEST, {}, { memoryLimit: action.memoryLimit }))
        break
      case 'callBack':
        if (modules.length) pick(action.times).callBack(throwingHostFunction(action.throwAt), action.times, action.swallow)
        break
      case 'read':
        if (modules.length) pick(0).read(hostile(action.kind), 'key', action.swallow)
        break
      case 'coerce':
        if (modules.length) pick(1).coerce(hostile(action.kind), action.swallow)
        break
      case 'alloc':
        if (modules.length) pick(action.kib).alloc(action.kib)
        break
      case 'release':
        if (modules.length) pick(2).release()
        break
      case 'follow':
        if (modules.length) {
          const promise = action.reject ? Promise.reject(new Error('host promise rejected')) : Promise.resolve(7)
          // `follow` may throw instead (a stopped engine): the rejection must not go unhandled.
          promise.catch(() => {})
          pick(3).follow(promise).then(() => {}, () => {})
        }
        break
      case 'make':
        if (modules.length) {
          const made = pick(4).make(operations)
          if (made.fn(1) !== operations + 1) throw new Error('a guest function answered wrongly')
          if (action.keep) kept.push(made)
        }
        break
      case 'drop':
        if (modules.length) modules.splice(action.which % modules.length, 1)
        if (kept.length) kept.splice(action.which % kept.length, 1)
        break
      case 'dispose':
        if (modules.length) requireVM.dispose(modules.splice(action.which % modules.length, 1)[0])
        break
      case 'gc':
        global.gc()
        break
      case 'timeout':
        requireVM(GUEST, {}, { timeout: 20 }).spin()
        throw new Error('an endless loop was not stopped')
    }
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`not a catchable Error: ${String(error)}`)
    if (/the module that throws at load loaded|was not stopped|answered wrongly/.test(error.message)) throw error
    if (/requireVM internal error/.test(error.message)) throw error
    errors++
  }
  operations++
}

fc.assert(
  fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (actions) => {
    const modules = []
    const kept = []
    for (const action of actions) step(modules, kept, action)
  }),
  { seed, numRuns },
)
global.gc()
requireVM.stats()
fs.rmSync(dir, { recursive: true, force: true })
console.log(`GC-STRESS DONE runs=${numRuns} operations=${operations} caught=${errors}`)
