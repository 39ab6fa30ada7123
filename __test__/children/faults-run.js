'use strict'
// The fault run: many hostile or malformed calls in ONE process. Each call's outcome must be a
// JavaScript value or error; the process must survive to print FAULTS-END. Run with
// --expose-gc. Prints FAULTS-LIST (the case names) first, then one FAULT line per case as it
// ends (so a crash shows which case was running), then FAULTS-END.
const { EventEmitter } = require('events')
const fs = require('fs')
const path = require('path')
const util = require('util')
const requireVM = require('../..')

const { RequireVmModule } = requireVM
const fixtures = path.join(__dirname, '..', 'fixtures', 'limits')
const GUEST = path.join(fixtures, 'faults-guest.js')
const fresh = () => requireVM(GUEST)

// ---- hostile host values ------------------------------------------------------------------------
const throwingTraps = () =>
  new Proxy({}, Object.fromEntries(
    ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty',
      'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions'].map((trap) => [
      trap,
      () => {
        throw new Error(`host ${trap} trap`)
      },
    ]),
  ))
const throwingFunctionTraps = () =>
  new Proxy(function target() {}, {
    apply() {
      throw new Error('host apply trap')
    },
    construct() {
      throw new Error('host construct trap')
    },
    get() {
      throw new Error('host function get trap')
    },
  })
const throwingGetter = () =>
  Object.defineProperty({}, 'boom', {
    get() {
      throw new RangeError('host getter')
    },
    enumerable: true,
  })
const cyclic = () => {
  const a = { name: 'a', list: [] }
  a.self = a
  a.list.push(a, { back: a })
  return a
}
const revoked = () => {
  const r = Proxy.revocable({ a: 1 }, {})
  r.revoke()
  return r.proxy
}
const badToString = () => {
  const f = function () {}
  f.toString = () => {
    throw new Error('host toString')
  }
  f[Symbol.toPrimitive] = () => {
    throw new Error('host toPrimitive')
  }
  return f
}
const BIG = 64 * 1024 * 1024
let bigString // made once: 64 MiB of one-byte characters
const big = () => (bigString ??= 'x'.repeat(BIG))

// ---- the cases --------------------------------------------------------------------------------
const cases = []
const add = (name, fn) => cases.push([name, fn])

// Bad arguments to every export.
const f = GUEST
add('requireVM()', () => requireVM())
add('requireVM(42)', () => requireVM(42))
add("requireVM('')", () => requireVM(''))
add('requireVM(Symbol())', () => requireVM(Symbol('request')))
add('requireVM({ toString })', () => requireVM({ toString: () => GUEST }))
add('requireVM(f, "context")', () => requireVM(f, 'context'))
add('requireVM(f, 42)', () => requireVM(f, 42))
add('requireVM(f, {}, "options")', () => requireVM(f, {}, 'options'))
add('requireVM(f, {}, [])', () => requireVM(f, {}, []))
add('options.timeout -1', () => requireVM(f, {}, { timeout: -1 }))
add('options.timeout "5"', () => requireVM(f, {}, { timeout: '5' }))
add('options.timeout Infinity', () => requireVM(f, {}, { timeout: Infinity }))
add('options.memoryLimit NaN', () => requireVM(f, {}, { memoryLimit: NaN }))
add('options.memoryLimit 10n', () => requireVM(f, {}, { memoryLimit: 10n }))
add('options.paths "dir"', () => requireVM(f, {}, { paths: 'dir' }))
add('options.paths [1]', () => requireVM(f, {}, { paths: [1] }))
add('options.filename 5', () => requireVM(f, {}, { filename: 5 }))
add('options.builtins "fs"', () => requireVM(f, {}, { builtins: 'fs' }))
add('requireVM(f, {}, {}, "map")', () => requireVM(f, {}, {}, 'map'))
add('requireVM(f, {}, {}, null)', () => requireVM(f, {}, {}, null))
add('requireVM(f, {}, {}, {}, "yes")', () => requireVM(f, {}, {}, {}, 'yes'))
add('requireVM(f, {}, {}, {}, 1)', () => requireVM(f, {}, {}, {}, 1))
add('dispose()', () => requireVM.dispose())
add('dispose(1)', () => requireVM.dispose(1))
add('dispose("x")', () => requireVM.dispose('x'))
add('dispose({})', () => requireVM.dispose({}))
add('dispose(Symbol())', () => requireVM.dispose(Symbol('x')))
add('dispose(throwing proxy)', () => requireVM.dispose(throwingTraps()))
add('stats("x")', () => typeof requireVM.stats('x'))
add('stats(throwing proxy)', () => typeof requireVM.stats(throwingTraps()))
add('new RequireVmModule(5)', () => new RequireVmModule(5))
add('RequireVmModule() without new', () => RequireVmModule(__filename))
add('module.requireVm(5)', () => new RequireVmModule(__filename).requireVm(5))
add('module.requireVm("")', () => new RequireVmModule(__filename).requireVm(''))
add('requireVm on a foreign this', () => RequireVmModule.prototype.requireVm.call({}, GUEST))
add('dispose on a foreign this', () => RequireVmModule.prototype.dispose.call({}))
add('a missing file', () => requireVM(path.join(fixtures, 'does-not-exist.js')))
add('a file with a syntax error', () => requireVM(path.join(fixtures, 'faults-syntax.js')))
add('a directory without an index', () => requireVM(path.join(fixtures, 'no-such-dir') + path.sep))
add('a 64 MB request string', () => requireVM(`./${big()}`))
add('a request with a NUL byte', () => requireVM('./faults-guest.js\0.js'))

// Hostile values as contextObject, moduleMap, options.
add('contextObject: a Proxy whose traps throw', () => requireVM(path.join(fixtures, 'faults-context.js'), throwingTraps()))
add('contextObject: a global whose getter throws', () =>
  requireVM(path.join(fixtures, 'faults-context.js'), { get hostile() { throw new Error('host global getter') } }).value)
add('contextObject: a global that is a throwing Proxy', () =>
  requireVM(path.join(fixtures, 'faults-context.js'), { hostile: throwingTraps() }).value)
add('contextObject: Object.create(null)', () => typeof requireVM(GUEST, Object.create(null)).identity)
add('contextObject: frozen', () => typeof requireVM(GUEST, Object.freeze({ a: 1 })).identity)
add('contextObject: a revoked proxy', () => requireVM(GUEST, revoked()))
add('contextObject: a function', () => typeof requireVM(GUEST, function context() {}).identity)
add('contextObject: a 64 MB string global', () =>
  requireVM(path.join(fixtures, 'faults-context.js'), { hostile: { anything: big() } }).value.length)
add('moduleMap: a Proxy whose traps throw', () => requireVM(path.join(fixtures, 'faults-requires.js'), {}, {}, throwingTraps()))
add('moduleMap: an entry that is a throwing Proxy, read', () =>
  requireVM(path.join(fixtures, 'faults-requires.js'), {}, {}, { dep: throwingTraps() }).read())
add('moduleMap: an entry that is a throwing Proxy, keys', () =>
  requireVM(path.join(fixtures, 'faults-requires.js'), {}, {}, { dep: throwingTraps() }).keys())
add('moduleMap: an entry whose getter throws', () =>
  requireVM(path.join(fixtures, 'faults-requires.js'), {}, {}, { get dep() { throw new Error('host moduleMap getter') } }).read())
add('moduleMap: Object.create(null)', () => typeof requireVM(GUEST, {}, {}, Object.create(null)).identity)
add('moduleMap: a revoked proxy', () => requireVM(GUEST, {}, {}, revoked()))
add('options: a Proxy whose traps throw', () => requireVM(GUEST, {}, throwingTraps()))
add('options: a getter that throws', () => requireVM(GUEST, {}, { get timeout() { throw new Error('host option getter') } }))
add('options: Object.create(null)', () => typeof requireVM(GUEST, {}, Object.create(null)).identity)
add('options.builtins: a Proxy array whose traps throw', () =>
  requireVM(GUEST, {}, { builtins: new Proxy([], { get() { throw new Error('host builtins trap') } }) }))

// Hostile values as arguments of guest functions.
const m = fresh()
add('argument: a throwing Proxy, ownKeys', () => m.ownKeys(throwingTraps()))
add('argument: a throwing Proxy, read', () => m.read(throwingTraps(), 'x'))
add('argument: a throwing Proxy, write', () => m.write(throwingTraps(), 'x', 1))
add('argument: a throwing Proxy, define', () => m.define(throwingTraps(), 'x'))
add('argument: a throwing Proxy, setPrototypeOf', () => m.setPrototype(throwingTraps()))
add('argument: a throwing Proxy, in', () => m.has(throwingTraps(), 'x'))
add('argument: a throwing Proxy, delete', () => m.remove(throwingTraps(), 'x'))
add('argument: a throwing Proxy, spread', () => m.spread(throwingTraps()))
add('argument: a throwing Proxy, prototype chain', () => m.protoChain(throwingTraps()))
add('argument: a throwing Proxy, JSON.stringify', () => m.json(throwingTraps()))
add('argument: a throwing Proxy, identity', () => m.identity(throwingTraps()) !== undefined)
add('argument: a throwing function Proxy, call', () => m.call(throwingFunctionTraps()))
add('argument: a throwing function Proxy, new', () => m.construct(throwingFunctionTraps()))
add('argument: a throwing Proxy caught in the guest', () => m.catching(() => throwingTraps().x).caught)
add('argument: a getter that throws, read', () => m.read(throwingGetter(), 'boom'))
add('argument: a getter that throws, spread', () => m.spread(throwingGetter()))
add('argument: a getter that throws, JSON.stringify', () => m.json(throwingGetter()))
add('argument: a cyclic object, JSON.stringify', () => m.json(cyclic()))
add('argument: a cyclic object, identity', () => {
  const c = cyclic()
  return m.identity(c) === c && m.read(m.read(c, 'self'), 'self') === c
})
add('argument: a cyclic object, spread', () => Object.keys(m.spread(cyclic())).length)
add('argument: a 64 MB string, length', () => m.length(big()))
add('argument: a 64 MB string, identity', () => m.identity(big()) === big())
add('argument: a 64 MB string, concatenated', () => m.add(big()).length)
add('argument: Object.create(null), keys', () => m.keys(Object.assign(Object.create(null), { a: 1, b: 2 })).length)
add('argument: Object.create(null), String()', () => m.str(Object.create(null)))
add('argument: Object.create(null), template', () => m.template(Object.create(null)))
add('argument: Object.create(null), + 1', () => m.add(Object.create(null)))
add('argument: a function with a throwing toString, String()', () => m.str(badToString()))
add('argument: a function with a throwing toString, template', () => m.template(badToString()))
add('argument: an object with a throwing valueOf, + 1', () =>
  m.add({ valueOf() { throw new Error('host valueOf') } }))
add('argument: a revoked proxy, read', () => m.read(revoked(), 'a'))
add('argument: a revoked proxy, keys', () => m.keys(revoked()))
add('argument: a revoked proxy, typeof', () => m.typeOf(revoked()))
add('argument: Symbol keys', () => m.ownKeys({ [Symbol('unique')]: 1, [Symbol.for('registered')]: 2, [Symbol.iterator]: 3, plain: 4 }))
add('argument: a unique Symbol round trip', () => {
  const s = Symbol('mine')
  return typeof m.identity(s)
})
add('argument: a Symbol, String()', () => m.str(Symbol('desc')))
add('argument: a Symbol, + 1', () => m.add(Symbol('desc')))
add('argument: a frozen object, write', () => m.write(Object.freeze({ a: 1 }), 'a', 2))
add('argument: a frozen object, isFrozen', () => m.isFrozen(Object.freeze({ a: 1 })))
add('argument: a frozen object, define', () => m.define(Object.freeze({}), 'x'))
add('argument: a sealed array, write past the end', () => m.write(Object.seal([1]), 5, 2))
add('argument: a non-extensible object, setPrototypeOf', () => m.setPrototype(Object.preventExtensions({})))
add('argument: a host object, setPrototypeOf', () => m.setPrototype({}))
add('argument: an array of 1,000,000 numbers, summed', () => m.sum(Array.from({ length: 1e6 }, (_, i) => i % 7)))
add('argument: an object with 100,000 keys', () =>
  m.ownKeys(Object.fromEntries(Array.from({ length: 1e5 }, (_, i) => [`k${i}`, i]))))
// oxlint-disable-next-line unicorn/no-new-array -- a sparse array of that length is the fault
add('argument: a sparse array of length 2**32-1', () => m.length(new Array(2 ** 32 - 1)))
add('argument: a sparse array of length 2**32-1, iterated for a moment', () => {
  // oxlint-disable-next-line unicorn/no-new-array -- a sparse array of that length is the fault
  const sparse = new Array(2 ** 32 - 1)
  sparse[0] = 1
  return m.catching(() => sparse.indexOf(1)).value
})
// wasmtime's signal handler leaves a trap with the thread's memory protection keys at the
// kernel's default, which deny V8's own wasm code (wasmtime issue 4786): the host's next call
// into its own wasm died of a SIGSEGV on a machine with protection keys.
add("wasm traps inside, then the host's own wasm", () => {
  const bytes = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'wasm', 'api.wasm'))
  const host = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { log: (x) => x, g: 0 } }).exports
  const guest = requireVM(path.join(__dirname, '..', 'fixtures', 'wasm', 'traps.js'))
  const seen = []
  for (let i = 0; i < 3; i++) seen.push(`${guest.trapAll().join()} ${host.add(i, 1)}`)
  return seen.join('; ')
})
add('argument: a 64 MB Buffer', () => m.bytes(Buffer.alloc(BIG)))
add('argument: a detached ArrayBuffer', () => {
  const buffer = new ArrayBuffer(16)
  structuredClone(buffer, { transfer: [buffer] })
  return m.bytes(buffer)
})
add('argument: a SharedArrayBuffer', () => m.bytes(new SharedArrayBuffer(16)))
add('argument: a WeakMap, a WeakRef, a FinalizationRegistry', () =>
  [new WeakMap(), new WeakRef({}), new FinalizationRegistry(() => {})].map((x) => m.typeOf(x)).join())
add('argument: an invalid Date', () => String(m.identity(new Date(NaN))))
add('argument: a RegExp with a huge lastIndex', () => {
  const r = /x/g
  r.lastIndex = 2 ** 53
  return m.identity(r).lastIndex
})
add('argument: a generator object, iterated', () => m.iterate((function* () { yield 1; yield 2 })()))
add('argument: an iterator that throws', () =>
  m.iterate({ [Symbol.iterator]: () => ({ next() { throw new Error('host next') } }) }))
add('argument: a host callback throwing 42', () => m.catching(() => m.call(() => { throw 42 })).caught)
add('argument: a host callback throwing null', () => m.call(() => { throw null }))
add('argument: a host callback throwing a Symbol', () => m.call(() => { throw Symbol('host thrown') }))
add('argument: a host callback throwing a throwing Proxy', () => m.call(() => { throw throwingTraps() }))
add('argument: a host callback throwing an Error whose getters throw', () =>
  m.call(() => {
    const error = new Error('x')
    for (const key of ['message', 'stack', 'name', 'code']) {
      Object.defineProperty(error, key, { get() { throw new Error(`host error ${key} getter`) } })
    }
    throw error
  }))
add('argument: a host callback throwing an Error with a cyclic cause', () =>
  m.call(() => {
    const error = new Error('cyclic', { cause: null })
    error.cause = error
    throw error
  }))
add('argument: a host Promise rejecting with a throwing Proxy', () => m.awaitIt(Promise.reject(throwingTraps())))
add('argument: a thenable whose then throws', () =>
  // oxlint-disable-next-line unicorn/no-thenable -- a thenable is the fault
  m.awaitIt({ then() { throw new Error('host then') } }))
add('argument: a host class with private fields', () => {
  class Secret {
    #value = 41
    get() {
      return this.#value + 1
    }
  }
  const instance = new Secret()
  return m.call(() => instance.get()) && m.read(instance, 'get').call(instance)
})
add('reentrancy: host → guest → host 1,000 times', () => {
  const host = (n) => m.reenter(host, n)
  return host(1000)
})
add('reentrancy: host → guest → host 100,000 times (RangeError or value)', () => {
  const host = (n) => m.reenter(host, n)
  return host(100000)
})

// Hostile guest values on the host.
add('guest Proxy whose traps throw: Object.keys', () => Object.keys(m.hostileProxy))
add('guest Proxy whose traps throw: read', () => m.hostileProxy.x)
add('guest Proxy whose traps throw: in', () => 'x' in m.hostileProxy)
add('guest Proxy whose traps throw: util.inspect', () => util.inspect(m.hostileProxy).length > 0)
add('guest Proxy whose traps throw: JSON.stringify', () => JSON.stringify(m.hostileProxy))
add('guest Proxy whose traps throw: getPrototypeOf', () => Object.getPrototypeOf(m.hostileProxy))
add('guest function Proxy whose traps throw: call', () => m.hostileFunction())
add('guest function Proxy whose traps throw: new', () => new m.hostileFunction())
add('guest getter that throws', () => m.throwingGetter.boom)
add('guest toJSON that throws', () => JSON.stringify(m.badToJSON))
add('guest toString that throws', () => String(m.badToString))
add('guest valueOf that throws', () => m.badToString + 1)
add('guest revoked proxy: read', () => m.revoked.x)
add('guest revoked proxy: typeof', () => typeof m.revoked)
add('guest revoked proxy: util.inspect', () => util.inspect(m.revoked).length > 0)
add('guest cyclic object: util.inspect', () => util.inspect(m.cyclic, { depth: 5 }).includes('[Circular'))
add('guest cyclic object: JSON.stringify', () => JSON.stringify(m.cyclic))
add('guest Object.create(null): String()', () => String(m.nullProto))
add('guest Object.create(null): keys', () => Object.keys(m.nullProto).join())
add('guest frozen object: write', () => {
  'use strict'
  m.frozen.a = 2
})
add('guest frozen object: isFrozen', () => Object.isFrozen(m.frozen))
add('guest object with Symbol keys', () => Reflect.ownKeys(m.symbols).length)
add('guest throws undefined', () => m.throwsUndefined())
add('guest throws a Symbol', () => m.throwsSymbol())
add('guest throws a Proxy whose traps throw', () => m.throwsProxy())

// Disposal at the worst moments.
add('dispose while its call is on the stack', () => {
  const g = fresh()
  let inner
  let outcome
  try {
    outcome = g.call(() => {
      inner = requireVM.dispose(g)
      return 'after dispose'
    })
  } catch (error) {
    outcome = error.code
  }
  return { inner, outcome: String(outcome), later: attemptCode(() => g.identity(1)) }
})
add('dispose while its call is on the stack, then the guest keeps running', () => {
  const g = fresh()
  return g.catching(() => {
    requireVM.dispose(g)
    return g.identity('still here')
  })
})
add('dispose inside a host getter the guest is reading', () => {
  const g = fresh()
  const object = {
    get x() {
      requireVM.dispose(g)
      return 1
    },
  }
  return g.read(object, 'x')
})
add('dispose during load (a contextObject getter)', () => {
  const context = {}
  Object.defineProperty(context, 'hostile', {
    get() {
      requireVM.dispose(context)
      return { anything: 'x' }
    },
  })
  return requireVM(path.join(fixtures, 'faults-context.js'), context).value
})
add('dispose during load (a moduleMap getter)', () => {
  const context = {}
  return requireVM(path.join(fixtures, 'faults-requires.js'), context, {}, {
    get dep() {
      requireVM.dispose(context)
      return { anything: 1 }
    },
  }).read()
})
add('dispose a RequireVmModule from inside its own requireVm', () => {
  const vm = new RequireVmModule(__filename, {
    get hostile() {
      vm.dispose()
      return { anything: 1 }
    },
  })
  return vm.requireVm(path.join(fixtures, 'faults-context.js')).value
})
add('dispose twice', () => {
  const g = fresh()
  return [requireVM.dispose(g), requireVM.dispose(g)].join()
})
add('a disposed engine: call', () => disposed().identity(1))
add('a disposed engine: get', () => disposed().identity)
add('a disposed engine: set', () => {
  disposed().x = 1
})
add('a disposed engine: in', () => 'x' in disposed())
add('a disposed engine: Object.keys', () => Object.keys(disposed()))
add('a disposed engine: new', () => new (disposed().identity)())
add('a disposed engine: instanceof', () => ({}) instanceof disposed().identity)
add('a disposed engine: JSON.stringify', () => JSON.stringify(disposed()))
add('a disposed engine: util.inspect', () => util.inspect(disposed()).length > 0)
add('a disposed engine: a function kept from before', () => {
  const g = fresh()
  const identity = g.identity
  requireVM.dispose(g)
  return identity(1)
})
add('a disposed engine: a host callback the guest kept, called later', async () => {
  const g = fresh()
  const promise = g.later(() => 'late')
  requireVM.dispose(g)
  return promise
})
// What the guest handed to the host (listeners, I/O callbacks) is called by the host's own
// machinery after the engine is gone: it must do nothing there, not throw in the event loop.
add('a disposed engine: its listener on a host EventEmitter, emitted after', () => {
  const g = fresh()
  const emitter = new EventEmitter()
  g.listen(emitter, 'tick')
  requireVM.dispose(g)
  return [emitter.emit('tick'), emitter.listenerCount('tick')]
})
add('a disposed engine: a callback it gave a host function, called after', () => {
  const g = fresh()
  let kept
  g.handTo((callback) => { kept = callback })
  requireVM.dispose(g)
  return [typeof kept, kept()]
})
add('an engine stopped by its timeout: a callback it gave a host function, called after', () => {
  const g = requireVM(GUEST, {}, { timeout: 100 })
  let kept
  const code = attemptCode(() => g.handThenSpin((callback) => { kept = callback }))
  return [code, kept()]
})
add('a disposed engine: its fs.readFile callback, completed after', async () => {
  const g = fresh()
  g.readLater(fs, __filename)
  requireVM.dispose(g)
  // The host's own read of the same file, queued after the guest's, then a turn of the loop.
  await fs.promises.readFile(__filename)
  await new Promise((resolve) => setImmediate(resolve))
  return 'the host lives on'
})
add('a disposed RequireVmModule: requireVm', () => {
  const vm = new RequireVmModule(__filename)
  vm.dispose()
  return vm.requireVm(GUEST)
})
add('a thousand dropped engines, then gc, then the first one still used', () => {
  const kept = fresh()
  for (let i = 0; i < 1000; i++) fresh().identity({ i })
  global.gc()
  return kept.identity('alive')
})

function disposed() {
  const g = fresh()
  requireVM.dispose(g)
  return g
}

function attemptCode(fn) {
  try {
    fn()
    return 'no error'
  } catch (error) {
    return error.code
  }
}

function summarize(value) {
  const type = typeof value
  if (type === 'string') return { type, value: value.length > 200 ? `${value.slice(0, 200)}… (${value.length})` : value }
  if (type === 'number' || type === 'boolean' || value === undefined || value === null) return { type, value }
  if (type === 'bigint' || type === 'symbol') return { type, value: String(value) }
  // Objects may be proxies of a disposed engine: report their kind only, or plain data.
  try {
    return { type, value: JSON.parse(JSON.stringify(value)) }
  } catch {
    return { type }
  }
}

function describeError(error) {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) {
    return { thrown: typeof error === 'symbol' ? error.toString() : String(error) }
  }
  let message
  try {
    message = String(error.message).slice(0, 300)
  } catch {
    message = '(unreadable)'
  }
  let name
  let code
  try {
    name = error.name
    code = error.code
  } catch {}
  let isError
  try {
    isError = error instanceof Error
  } catch {
    isError = '(unreadable)'
  }
  return { errorName: typeof name === 'string' ? name : undefined, code: typeof code === 'string' ? code : undefined, message, isError }
}

async function main() {
  console.log(`FAULTS-LIST ${JSON.stringify(cases.map(([name]) => name))}`)
  if (process.argv[2] === '--list') return
  // `--from N`: the parent resumes here after a crash, to learn the outcome of the rest.
  const from = process.argv[2] === '--from' ? Number(process.argv[3]) : 0
  let count = 0
  for (const [name, fn] of cases.slice(from)) {
    let outcome
    try {
      let value = fn()
      if (util.types.isPromise(value)) value = await value
      outcome = { kind: 'value', ...summarize(value) }
    } catch (error) {
      outcome = { kind: 'error', ...describeError(error) }
    }
    count++
    console.log(`FAULT ${JSON.stringify({ name, ...outcome })}`)
  }
  // Whatever the cases left behind: collect it, let finalizers run, make one more engine.
  global.gc()
  await new Promise((resolve) => setImmediate(resolve))
  const last = requireVM(GUEST).identity('last')
  console.log(`FAULTS-END ${JSON.stringify({ from, count, last })}`)
}

main()
