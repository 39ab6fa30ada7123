'use strict'
// require-vm-rs: `require` a CommonJS module into its own disposable Boa engine.
//
// This file is the hand-written face of the addon (the loader napi-rs generates is
// `binding.js`). It runs once per realm that requires it — under Jest, once per test file —
// and hands the addon the functions it needs to build values *in this realm*: proxy targets,
// errors, promises and copies, so that `instanceof`, `toEqual` and `toThrow` work in the
// caller's realm although the addon itself is loaded once per process.

const path = require('node:path')
const util = require('node:util')
const { fileURLToPath } = require('node:url')
const binding = require('./binding.js')
// The contract with the addon (src/contract.rs), exported by it.
const { HostKind, TargetKind, ErrorCode } = binding

// The addon's functions never throw: they return THROWN and hand the exception over to
// `takeThrown` (src/bridge/entry.rs says why), and these wrappers throw it.
const THROWN = binding.thrownMarker()
const { takeThrown } = binding

function guard(fn) {
  return function guarded(a, b, c, d, e, f, g, h) {
    const result = fn(a, b, c, d, e, f, g, h)
    if (result === THROWN) throw takeThrown()
    return result
  }
}

const native = {}
for (const [name, value] of Object.entries(binding)) {
  native[name] = typeof value === 'function' ? guard(value) : value
}

const { types } = util

// ---- the realm ---------------------------------------------------------------------------

// The intrinsics shared by name between the realms (src/bridge/realm.rs reads this list and
// finds the guest's own by the same name). A host intrinsic crosses to the guest as the guest's
// own, so no prototype chain or `constructor` leads from the guest to the host's `Function`;
// a guest intrinsic never crosses to the host as a value (only as a prototype, for
// `instanceof`). On a prototype chain, "generic" intrinsics (whose methods work on any object)
// answer for the side that looks the property up: the guest reading an inherited `toString` of
// a host object gets its own. The methods of the others need the object's internal slots
// (Map, Set, Date…) and stay the owner's.
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor
const TypedArray = Object.getPrototypeOf(Uint8Array)
const protoOf = Object.getPrototypeOf
const GENERIC = [
  ['Object.prototype', Object.prototype],
  ['Function.prototype', Function.prototype],
  ['Array.prototype', Array.prototype],
  ['Error.prototype', Error.prototype],
  ['TypeError.prototype', TypeError.prototype],
  ['RangeError.prototype', RangeError.prototype],
  ['SyntaxError.prototype', SyntaxError.prototype],
  ['ReferenceError.prototype', ReferenceError.prototype],
  ['EvalError.prototype', EvalError.prototype],
  ['URIError.prototype', URIError.prototype],
  ['AggregateError.prototype', AggregateError.prototype],
  ['AsyncFunction.prototype', AsyncFunction.prototype],
  ['GeneratorFunction.prototype', GeneratorFunction.prototype],
  ['AsyncGeneratorFunction.prototype', AsyncGeneratorFunction.prototype],
  ['%IteratorPrototype%', protoOf(protoOf([][Symbol.iterator]()))],
  ['%AsyncIteratorPrototype%', protoOf(AsyncGeneratorFunction.prototype.prototype)],
]
const SLOTTED = [
  ['Promise.prototype', Promise.prototype],
  ['Symbol.prototype', Symbol.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['BigInt.prototype', BigInt.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['WeakMap.prototype', WeakMap.prototype],
  ['WeakSet.prototype', WeakSet.prototype],
  ['WeakRef.prototype', WeakRef.prototype],
  ['FinalizationRegistry.prototype', FinalizationRegistry.prototype],
  ['Date.prototype', Date.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['ArrayBuffer.prototype', ArrayBuffer.prototype],
  ['SharedArrayBuffer.prototype', SharedArrayBuffer.prototype],
  ['DataView.prototype', DataView.prototype],
  ['%TypedArray%.prototype', TypedArray.prototype],
  ...['Int8', 'Uint8', 'Uint8Clamped', 'Int16', 'Uint16', 'Int32', 'Uint32', 'Float32', 'Float64', 'BigInt64', 'BigUint64']
    .map((t) => [`${t}Array.prototype`, globalThis[`${t}Array`].prototype]),
  ['%GeneratorPrototype%', GeneratorFunction.prototype.prototype],
  ['%AsyncGeneratorPrototype%', AsyncGeneratorFunction.prototype.prototype],
  ['%ArrayIteratorPrototype%', protoOf([][Symbol.iterator]())],
  ['%MapIteratorPrototype%', protoOf(new Map()[Symbol.iterator]())],
  ['%SetIteratorPrototype%', protoOf(new Set()[Symbol.iterator]())],
  ['%StringIteratorPrototype%', protoOf(''[Symbol.iterator]())],
  ['%RegExpStringIteratorPrototype%', protoOf(/a/[Symbol.matchAll](''))],
]
const VALUES = [
  'Object', 'Function', 'Array', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError',
  'EvalError', 'URIError', 'AggregateError', 'Promise', 'Symbol', 'String', 'Number', 'Boolean', 'BigInt',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Date', 'RegExp', 'ArrayBuffer',
  'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'JSON', 'Math', 'Reflect', 'Proxy', 'Atomics', 'eval', 'isNaN', 'isFinite',
  'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
  'escape', 'unescape',
].map((name) => [name, globalThis[name]])
VALUES.push(
  ['AsyncFunction', AsyncFunction],
  ['GeneratorFunction', GeneratorFunction],
  ['AsyncGeneratorFunction', AsyncGeneratorFunction],
  ['%TypedArray%', TypedArray],
)
// [name, value, generic] — the contract with src/bridge/realm.rs.
const INTRINSICS = [
  ...GENERIC.map(([name, value]) => [name, value, true]),
  ...SLOTTED.map(([name, value]) => [name, value, false]),
  ...VALUES.map(([name, value]) => [name, value, false]),
]
const INTRINSIC_INDEX = new Map(INTRINSICS.map(([, value], i) => [value, i]))
const GENERIC_INDEX = new Map(GENERIC.map(([, value], i) => [value, i]))

// Every built-in function reachable from the intrinsics (methods, accessors): the guest may
// call them on values it holds, but never change them.
const BUILTIN_FUNCTIONS = new WeakSet()
for (const [, value] of INTRINSICS) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(value, key)
    for (const part of [descriptor.value, descriptor.get, descriptor.set]) {
      if (typeof part === 'function') BUILTIN_FUNCTIONS.add(part)
    }
  }
}

function kindOf(value) {
  if (typeof value === 'function') return HostKind.Function
  if (Array.isArray(value)) return HostKind.Array
  if (types.isProxy(value)) return HostKind.Plain
  if (types.isPromise(value)) return HostKind.Promise
  if (types.isNativeError(value) || value instanceof Error) return HostKind.Error
  if (types.isDate(value)) return HostKind.Date
  if (types.isRegExp(value)) return HostKind.RegExp
  if (Buffer.isBuffer(value)) return HostKind.Buffer
  if (types.isArrayBuffer(value)) return HostKind.ArrayBuffer
  if (types.isTypedArray(value)) return HostKind.TypedArray
  if (types.isDataView(value)) return HostKind.DataView
  return HostKind.Plain
}

// What the guest already has of a host value (its slot id, or an intrinsic as -1 - index), or
// what kind of value it is (as -1000 - kind).
function identify(map, value) {
  const intrinsic = INTRINSIC_INDEX.get(value)
  if (intrinsic !== undefined) return -1 - intrinsic
  const id = map.get(value)
  return id !== undefined ? id : -1000 - kindOf(value)
}

// Property access of the guest on a host object walks the host's prototype chain here, up to
// the first generic intrinsic; from there the guest's own counterpart answers (the native
// side sees CONTINUE, with the index of that intrinsic). `caller` and `arguments` of sloppy
// host functions would hand out host frames: they read as null.
const CONTINUE = { index: -1 }
const { getPrototypeOf, getOwnPropertyDescriptor, defineProperty, apply: reflectApply } = Reflect
const reflectGet = Reflect.get
const reflectSet = Reflect.set
const hasOwn = Object.hasOwn
const { isProxy } = types
const weakSetHas = WeakSet.prototype.has
const mapGet = Map.prototype.get

function continueAt(object) {
  const index = reflectApply(mapGet, GENERIC_INDEX, [object])
  if (index === undefined) return false
  CONTINUE.index = index
  return true
}

function isLeakyFunctionKey(object, key) {
  return typeof object === 'function' && (key === 'caller' || key === 'arguments')
}

function hostGet(object, key, receiver) {
  if (key === Symbol.toStringTag && !(key in object)) return argumentsTag(object)
  for (let o = object; o !== null; o = getPrototypeOf(o)) {
    if (continueAt(o)) return CONTINUE
    // A Proxy answers for itself and its chain: its get trap may know keys it does not own.
    if (isProxy(o)) return isLeakyFunctionKey(o, key) ? null : reflectGet(o, key, receiver)
    if (hasOwn(o, key)) return isLeakyFunctionKey(o, key) ? null : reflectGet(o, key, receiver)
  }
  return undefined
}

function hostHas(object, key) {
  for (let o = object; o !== null; o = getPrototypeOf(o)) {
    if (continueAt(o)) return CONTINUE
    if (isProxy(o)) return key in o
    if (hasOwn(o, key)) return true
  }
  return false
}

// OrdinarySet over the host chain; built-in functions (and intrinsics) are never written.
function hostSet(object, key, value, receiver) {
  if (isBuiltin(object)) return false
  for (let o = object; o !== null; o = getPrototypeOf(o)) {
    if (continueAt(o)) return CONTINUE
    if (isProxy(o)) return reflectSet(o, key, value, receiver)
    const descriptor = getOwnPropertyDescriptor(o, key)
    if (descriptor === undefined) continue
    if ('value' in descriptor) {
      if (!descriptor.writable) return false
      if (o === object && receiver === object) return reflectSet(o, key, value)
      break
    }
    if (descriptor.set === undefined) return false
    reflectApply(descriptor.set, receiver, [value])
    return true
  }
  return defineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true })
}

// A global the guest defined, seen live on the contextObject (see src/api/context_object.rs).
function linkGlobal(contextObject, name, engine) {
  Object.defineProperty(contextObject, name, {
    get: () => native.readGlobal(engine, name),
    set: (value) => native.writeGlobal(engine, name, value),
    enumerable: true,
    configurable: true,
  })
}

function isBuiltin(object) {
  return INTRINSIC_INDEX.has(object) || reflectApply(weakSetHas, BUILTIN_FUNCTIONS, [object])
}

const ERROR_CLASSES = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError,
}
const ERROR_PROTOTYPES = new Map(Object.entries(ERROR_CLASSES).map(([name, C]) => [C.prototype, name]))

function makeError(className, message, stack) {
  const ErrorClass = ERROR_CLASSES[className] || Error
  const error = className === 'AggregateError' ? new AggregateError([], message) : new ErrorClass(message)
  if (stack !== undefined) {
    Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true })
  }
  return error
}

// [class, name, message, stack, own prototype or null, ...[key, value, enumerable]] of a host
// error; the prototype is given when it is not a built-in error prototype (a class of its own).
function describeError(error) {
  const own = Object.getPrototypeOf(error)
  let className = ERROR_PROTOTYPES.get(own)
  let builtinPrototype = className !== undefined
  for (let p = own && Object.getPrototypeOf(own); p && !className; p = Object.getPrototypeOf(p)) {
    className = ERROR_PROTOTYPES.get(p)
  }
  if (!className && types.isNativeError(error)) {
    // Another realm's built-in error (Node's own errors under Jest): the class of that name.
    const name = own && own.constructor && own.constructor.name
    if (ERROR_CLASSES[name]) {
      className = name
      builtinPrototype = true
    }
  }
  const info = [
    className || 'Error',
    String(error.name === undefined ? className || 'Error' : error.name),
    String(error.message === undefined ? '' : error.message),
    typeof error.stack === 'string' ? error.stack : undefined,
    builtinPrototype ? null : own,
  ]
  for (const key of Reflect.ownKeys(error)) {
    if (key === 'stack' || key === 'message') continue
    const descriptor = Reflect.getOwnPropertyDescriptor(error, key)
    info.push([key, error[key], Boolean(descriptor && descriptor.enumerable)])
  }
  return info
}

function makeDeferred() {
  let resolve, reject
  const promise = new Promise((yes, no) => { resolve = yes; reject = no })
  return [promise, resolve, reject]
}

const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
}

function makeCopy(kind, a, b, c, d) {
  switch (kind) {
    case HostKind.Date: return new Date(a)
    case HostKind.RegExp: { const r = new RegExp(a, b); r.lastIndex = c; return r }
    case HostKind.ArrayBuffer: return new ArrayBuffer(a)
    case HostKind.TypedArray: return new (TYPED_ARRAYS[b] || Uint8Array)(a)
    case HostKind.DataView: return new DataView(new ArrayBuffer(a))
    case HostKind.Buffer: return Buffer.alloc(a)
    // `a` is an ArrayBuffer over a guest's WebAssembly memory (made by the addon, not copied);
    // the view of class `b` at byte offset `c`, `d` elements long (bytes for a DataView).
    case HostKind.LiveView:
      if (b === 'ArrayBuffer') return Object.setPrototypeOf(a, ArrayBuffer.prototype)
      if (b === 'DataView') return new DataView(a, c, d)
      return new (TYPED_ARRAYS[b] || Uint8Array)(a, c, d)
    default: throw new TypeError(`requireVM: cannot copy a value of kind ${kind}`)
  }
}

function readCopy(kind, value) {
  switch (kind) {
    case HostKind.Date: return value.getTime()
    case HostKind.RegExp: return [value.source, value.flags, value.lastIndex]
    default: return value[Symbol.toStringTag] || 'Uint8Array'
  }
}

const WELL_KNOWN_SYMBOLS = Object.getOwnPropertyNames(Symbol)
  .filter((name) => typeof Symbol[name] === 'symbol')
  .map((name) => [name, Symbol[name]])
const WELL_KNOWN_NAMES = new Map(WELL_KNOWN_SYMBOLS.map(([name, symbol]) => [symbol, name]))

function symbolFor(key, unique) {
  return unique ? Symbol(key) : Symbol.for(key)
}

// [0, key] for a registered symbol, [1, name] for a well-known one, [2, description] else.
function symbolKeyFor(symbol) {
  // Well-known first: Node 20 defines Symbol.dispose/asyncDispose as registered symbols.
  const name = WELL_KNOWN_NAMES.get(symbol)
  if (name !== undefined) return [1, name]
  const key = Symbol.keyFor(symbol)
  if (key !== undefined) return [0, key]
  return [2, symbol.description]
}

// Proxy targets. Node's util.inspect prints a Proxy's *target*, so targets carry an inspect
// hook (on their prototype, which only the traps see) that shows what the proxy stands for.
function inspectProxy(depth, options, inspect) {
  const proxy = native.proxyOf(this)
  if (proxy === undefined) return '[requireVM proxy]'
  if (typeof proxy === 'function') {
    const name = proxy.name
    const isClass = /^class\b/.test(native.sourceOf(this))
    const shown = isClass ? { [name]: class {} }[name] : { [name]: function () {} }[name]
    if (isClass) Object.setPrototypeOf(shown, Object.getPrototypeOf(proxy))
    for (const key of Object.keys(proxy)) shown[key] = proxy[key]
    return inspect(shown, { ...options, depth })
  }
  // Map and Set entries are not properties: show them through the guest's own iteration.
  if (proxy instanceof Map) return inspect(new Map(proxy), { ...options, depth })
  if (proxy instanceof Set) return inspect(new Set(proxy), { ...options, depth })
  const shown = Array.isArray(proxy) ? [] : Object.create(Object.getPrototypeOf(proxy))
  for (const key of Reflect.ownKeys(proxy)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(proxy, key)
    if (descriptor && descriptor.enumerable) Object.defineProperty(shown, key, { ...descriptor, configurable: true })
  }
  return inspect(shown, { ...options, depth })
}
const hook = { [util.inspect.custom]: { value: inspectProxy } }
const OBJECT_TARGET = Object.create(Object.prototype, hook)
const ARRAY_TARGET = Object.create(Array.prototype, hook)
const FUNCTION_TARGET = Object.create(Function.prototype, hook)

function makeTarget(kind) {
  if (kind === TargetKind.Array) return Object.setPrototypeOf([], ARRAY_TARGET)
  if (kind === TargetKind.Function) return Object.setPrototypeOf(function () {}.bind(null), FUNCTION_TARGET)
  return Object.create(OBJECT_TARGET)
}

// Proxy invariants: what the guest reports as non-configurable, or a non-extensible guest
// object, must be mirrored on the target.
function mirrorProperty(target, key, descriptor) {
  try { Reflect.defineProperty(target, key, descriptor) } catch {}
}

function mirrorAll(target) {
  if (!Reflect.isExtensible(target)) return
  for (const key of native.ownKeys(target)) {
    const descriptor = native.getOwnPropertyDescriptor(target, key)
    if (descriptor) mirrorProperty(target, key, descriptor)
  }
  Reflect.setPrototypeOf(target, native.getPrototypeOf(target))
  Reflect.preventExtensions(target)
}

const handler = {
  get: native.get,
  set: native.set,
  has: native.has,
  deleteProperty: native.deleteProperty,
  ownKeys: native.ownKeys,
  getOwnPropertyDescriptor(target, key) {
    const descriptor = native.getOwnPropertyDescriptor(target, key)
    if (descriptor !== undefined && !descriptor.configurable) mirrorProperty(target, key, descriptor)
    return descriptor
  },
  defineProperty(target, key, descriptor) {
    const done = native.defineProperty(target, key, descriptor)
    if (done && descriptor.configurable === false) {
      mirrorProperty(target, key, native.getOwnPropertyDescriptor(target, key))
    }
    return done
  },
  getPrototypeOf: native.getPrototypeOf,
  setPrototypeOf: native.setPrototypeOf,
  isExtensible(target) {
    const extensible = native.isExtensible(target)
    if (!extensible) mirrorAll(target)
    return extensible
  },
  preventExtensions(target) {
    const done = native.preventExtensions(target)
    if (done) mirrorAll(target)
    return done
  },
  apply: native.apply,
  construct: native.construct,
}

// Functions of the host's built-in modules handed to the guest. A buffer the guest passes
// crosses as a copy; when one of these fills it (`crypto.randomFillSync`, `fs.readSync`), what
// it wrote goes back into the guest's buffer (src/bridge/host_proxy.rs).
const BUILTIN_MODULE_FUNCTIONS = new WeakSet()

function registerFunctions(object) {
  for (const o of [object, Object.getPrototypeOf(object)]) {
    if (o === null || o === Object.prototype || o === Function.prototype) continue
    for (const key of Reflect.ownKeys(o)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(o, key)
      if (typeof descriptor.value === 'function') BUILTIN_MODULE_FUNCTIONS.add(descriptor.value)
    }
  }
}

function requireBuiltin(name) {
  const exports = require(name)
  if (typeof exports === 'object' || typeof exports === 'function') {
    registerFunctions(exports)
    for (const key of Object.keys(exports)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(exports, key)
      if (descriptor.value !== null && typeof descriptor.value === 'object') registerFunctions(descriptor.value)
    }
  }
  return exports
}

function writesBuffers(fn) {
  return reflectApply(weakSetHas, BUILTIN_MODULE_FUNCTIONS, [fn])
}

// `toString` of a guest function read on the host (through Function.prototype): the guest's
// source text, as Node shows for its own functions (a Proxy would print `[native code]`).
const hostFunctionToString = Function.prototype.toString
function functionToString() {
  if (typeof this === 'function' && types.isProxy(this)) {
    try {
      const source = native.sourceOf(this)
      if (typeof source === 'string') return source
    } catch {
      // not one of ours: the host's answer
    }
  }
  return reflectApply(hostFunctionToString, this, [])
}

// The arguments object's tag lives in an internal slot that no proxy can carry: told as a
// Symbol.toStringTag (so the guest's Object.prototype.toString says `[object Arguments]`).
function argumentsTag(object) {
  return types.isArgumentsObject(object) ? 'Arguments' : undefined
}

const realm = native.createRealm({
  makeTarget, Proxy, handler, makeError, describeError, makeDeferred, makeCopy, readCopy,
  identify, WeakMap, symbolFor, symbolKeyFor, Reflect,
  hostGet, hostHas, hostSet, isBuiltin, writesBuffers, CONTINUE, linkGlobal, functionToString, guard,
  console,
  timers: { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate, queueMicrotask },
  require: requireBuiltin,
  process,
  global: globalThis,
  intrinsics: INTRINSICS,
  wellKnownSymbols: WELL_KNOWN_SYMBOLS,
})

// ---- argument checks (Node's error codes, before any engine is made) ------------------------

function typeName(value) {
  if (value === null) return 'null'
  if (typeof value === 'function') return `function ${value.name}`
  if (typeof value === 'object') {
    return value.constructor && value.constructor.name ? `an instance of ${value.constructor.name}` : util.inspect(value)
  }
  return `type ${typeof value} (${util.inspect(value)})`
}

function invalidType(name, expected, value) {
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${typeName(value)}`)
  error.code = ErrorCode.ERR_INVALID_ARG_TYPE
  return error
}

function invalidValue(name, value, reason) {
  const error = new TypeError(`The ${name.includes('.') ? 'property' : 'argument'} '${name}' ${reason}. Received ${util.inspect(value)}`)
  error.code = ErrorCode.ERR_INVALID_ARG_VALUE
  return error
}

function isObject(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
}

function checkOptions(options) {
  if (!isObject(options) || Array.isArray(options)) throw invalidType('options', 'of type object', options)
  const { timeout, memoryLimit, builtins, paths, filename } = options
  for (const [name, value] of [['timeout', timeout], ['memoryLimit', memoryLimit]]) {
    if (value === undefined) continue
    if (typeof value !== 'number') throw invalidType(`options.${name}`, 'of type number', value)
    if (!(value > 0) || !Number.isFinite(value)) throw invalidValue(`options.${name}`, value, 'must be a positive finite number')
  }
  if (builtins !== undefined && builtins !== true) {
    if (!Array.isArray(builtins)) throw invalidType('options.builtins', 'true or an array of module names', builtins)
    for (const name of builtins) {
      if (typeof name !== 'string') throw invalidType('options.builtins', 'true or an array of module names', builtins)
    }
  }
  if (paths !== undefined) {
    if (!Array.isArray(paths)) throw invalidType('options.paths', 'an array of directories', paths)
    for (const dir of paths) {
      if (typeof dir !== 'string') throw invalidType('options.paths', 'an array of directories', paths)
    }
  }
  if (filename !== undefined && typeof filename !== 'string') {
    throw invalidType('options.filename', 'of type string', filename)
  }
}

function checkArguments(request, contextObject, options, moduleMap, isCache) {
  if (typeof request !== 'string') throw invalidType('request', 'of type string', request)
  if (request === '') throw invalidValue('request', request, 'must be a non-empty string')
  if (contextObject !== undefined && contextObject !== null && !isObject(contextObject)) {
    throw invalidType('contextObject', 'of type object', contextObject)
  }
  checkOptions(options)
  if (!isObject(moduleMap) || Array.isArray(moduleMap)) throw invalidType('moduleMap', 'of type object', moduleMap)
  if (typeof isCache !== 'boolean') throw invalidType('isCache', 'of type boolean', isCache)
}

// ---- the caller's directory ----------------------------------------------------------------

// The file that called us: relative requests resolve from its directory (require-vm used
// `module.parent`, which is the first file that loaded the package, for every caller).
function callerFile(skip) {
  const prepare = Error.prepareStackTrace
  const limit = Error.stackTraceLimit
  let frames
  try {
    Error.stackTraceLimit = 30
    Error.prepareStackTrace = (_, callSites) => callSites
    const holder = {}
    Error.captureStackTrace(holder, skip)
    frames = holder.stack
  } finally {
    Error.prepareStackTrace = prepare
    Error.stackTraceLimit = limit
  }
  if (!Array.isArray(frames)) return undefined
  for (const frame of frames) {
    let file = frame.getFileName()
    if (!file || file === __filename || file.startsWith('node:')) continue
    if (file.startsWith('file://')) file = fileURLToPath(file)
    if (path.isAbsolute(file)) return file
  }
  return undefined
}

// ---- the public API --------------------------------------------------------------------------

const PACKAGE_DIR = __dirname
// contextObject → engine record: a vm-like shared engine per context object. The weak map
// keeps the engine alive exactly as long as its context object.
const enginesByContext = new WeakMap()

// An engine as index.js holds it: the native handle, and the engine's anchor, the host object
// that holds every host value the guest holds (see `BridgeState::anchor` in src/bridge/mod.rs).
// Whoever keeps the handle keeps the anchor: `{ handle, anchor }`.
function createEngine(options) {
  const [handle, anchor] = native.createEngine(realm, engineOptions(options))
  return { handle, anchor }
}

function engineOptions(options) {
  return {
    timeout: options.timeout,
    memoryLimit: options.memoryLimit,
    builtins: options.builtins === undefined ? true : options.builtins,
    packageDir: PACKAGE_DIR,
  }
}

function load(engine, contextObject, request, file, options, moduleMap, isCache) {
  native.mapModules(engine.handle, moduleMap)
  const dir = file ? path.dirname(file) : process.cwd()
  return native.load(engine.handle, contextObject, request, dir, file, options.paths, isCache, options.filename)
}

/**
 * Loads `request` into its own engine and returns its exports (live proxies). See README.md.
 */
function requireVM(request, contextObject, options = {}, moduleMap = {}, isCache = false) {
  // Without a contextObject nobody can see the engine's globals: no link to keep up.
  if (contextObject === null) contextObject = undefined
  checkArguments(request, contextObject, options, moduleMap, isCache)
  if (Object.prototype.hasOwnProperty.call(moduleMap, request)) return moduleMap[request]
  const file = callerFile(requireVM)
  let engine = contextObject === undefined ? undefined : enginesByContext.get(contextObject)
  if (engine === undefined) {
    engine = createEngine(options)
    if (contextObject !== undefined) enginesByContext.set(contextObject, engine)
  }
  return load(engine, contextObject, request, file, options, moduleMap, isCache)
}

/** One engine that loads several modules (shared globals and module cache). */
class RequireVmModule {
  #engine
  #contextObject
  #options
  #moduleMap
  #isCache
  #file

  constructor(filename, contextObject, options = {}, moduleMap = {}, isCache = false) {
    if (filename !== undefined && filename !== null && typeof filename !== 'string') {
      throw invalidType('filename', 'of type string', filename)
    }
    if (contextObject === null) contextObject = undefined
    checkArguments(filename || '.', contextObject, options, moduleMap, isCache)
    this.#contextObject = contextObject
    this.#options = options
    this.#moduleMap = moduleMap
    this.#isCache = isCache
    this.#file = filename ? path.resolve(filename) : callerFile(RequireVmModule)
    this.#engine = createEngine(options)
    if (contextObject !== undefined) enginesByContext.set(contextObject, this.#engine)
  }

  /** Loads `request` (resolved from the constructor's `filename`) into this engine. */
  requireVm(request) {
    if (typeof request !== 'string') throw invalidType('request', 'of type string', request)
    if (request === '') throw invalidValue('request', request, 'must be a non-empty string')
    if (Object.prototype.hasOwnProperty.call(this.#moduleMap, request)) return this.#moduleMap[request]
    const file = this.#file || callerFile(RequireVmModule.prototype.requireVm)
    return load(this.#engine, this.#contextObject, request, file, this.#options, this.#moduleMap, this.#isCache)
  }

  /** Frees the engine now; later use of its values throws ERR_REQUIRE_VM_DISPOSED. */
  dispose() {
    return native.dispose(this.#engine.handle)
  }

  static isInstance(value) {
    return #engine in value
  }
}
RequireVmModule.prototype.requireVM = RequireVmModule.prototype.requireVm

/**
 * Frees the engine behind `value` (any value it returned, its contextObject, or a
 * RequireVmModule) now. Returns true if that engine was alive.
 */
function dispose(value) {
  if (!isObject(value)) return false
  // Neither a WeakMap lookup nor a private brand check runs a proxy's traps, so disposing an
  // already disposed proxy answers false instead of throwing.
  const engine = enginesByContext.get(value)
  if (engine !== undefined) return native.dispose(engine.handle)
  if (RequireVmModule.isInstance(value)) return value.dispose()
  return native.dispose(value)
}

/** Figures for tests and monitoring: `{ liveEngines, addonBytes, ... }`. */
function stats(options = {}) {
  return native.stats(Boolean(options && options.collect))
}

// Assigned on `module.exports` by name, so Node's ESM import sees them as named exports.
module.exports = requireVM
module.exports.requireVM = requireVM
module.exports.requireVm = requireVM
module.exports.default = requireVM
module.exports.RequireVmModule = RequireVmModule
module.exports.dispose = dispose
module.exports.stats = stats
