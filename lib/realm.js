// @ts-check
'use strict'
// The host realm: the hooks, functions and objects of *this realm* that the addon uses to look
// at host values and to make them (src/bridge/realm.rs holds them): here the lookups (identify,
// the prototype-chain walks, built-in modules), from lib/host-values.js the values made,
// from lib/guest-proxy.js the proxies. This module runs once per realm that loads the package;
// `realm` is what createRealm made of the hooks, and every engine is made with it.

const util = require('node:util')
const { HostKind, IDENTIFY_KIND_BASE } = require('../binding.js')
const { native, guard } = require('./native.js')
const { INTRINSICS, INTRINSIC_INDEX, GENERIC_INDEX, isBuiltin } = require('./intrinsics.js')
const { makeProxy, functionToString } = require('./guest-proxy.js')
const values = require('./host-values.js')

/** @typedef {import('../binding.js').RealmHook} RealmHook */

const { types } = util

/**
 * @param {unknown} value
 * @returns {HostKind}
 */
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
// what kind of value it is (as -IDENTIFY_KIND_BASE - kind).
/**
 * @param {WeakMap<object, number>} map the host values the guest holds, by slot id
 * @param {object} value
 */
function identify(map, value) {
  const intrinsic = INTRINSIC_INDEX.get(value)
  if (intrinsic !== undefined) return -1 - intrinsic
  const id = map.get(value)
  return id !== undefined ? id : -IDENTIFY_KIND_BASE - kindOf(value)
}

// The guest now holds `value` in slot `id`: the engine's anchor keeps it alive, and the map
// tells its slot (`code`: id and generation) when it crosses again. One call for both, as each
// host object crossing into the guest makes it.
/**
 * @param {WeakMap<object, number>} map
 * @param {Record<number, unknown>} anchor
 * @param {object} value
 * @param {number} id
 * @param {number} code
 */
function remember(map, anchor, value, id, code) {
  anchor[id] = value
  reflectApply(weakMapSet, map, [value, code])
}

// Property access of the guest on a host object walks the host's prototype chain here, up to
// the first generic intrinsic; from there the guest's own counterpart answers (the native
// side sees CONTINUE, with the index of that intrinsic as its element 0, which the addon reads
// without making a property name). `caller` and `arguments` of sloppy host functions would
// hand out host frames: they read as null.
const CONTINUE = [-1]
const { getPrototypeOf, getOwnPropertyDescriptor, defineProperty, apply: reflectApply } = Reflect
const reflectGet = Reflect.get
const reflectSet = Reflect.set
const hasOwn = Object.hasOwn
const { isProxy } = types
const weakSetHas = WeakSet.prototype.has
const weakMapSet = WeakMap.prototype.set
const mapGet = Map.prototype.get

/** @param {object} object */
function continueAt(object) {
  const index = reflectApply(mapGet, GENERIC_INDEX, [object])
  if (index === undefined) return false
  CONTINUE[0] = index
  return true
}

/**
 * @param {object} object
 * @param {PropertyKey} key
 */
function isLeakyFunctionKey(object, key) {
  return typeof object === 'function' && (key === 'caller' || key === 'arguments')
}

/**
 * @param {object} object
 * @param {PropertyKey} key
 * @param {unknown} receiver
 */
function hostGet(object, key, receiver) {
  if (key === Symbol.toStringTag && !(key in object)) return argumentsTag(object)
  for (let o = /** @type {object | null} */ (object); o !== null; o = getPrototypeOf(o)) {
    if (continueAt(o)) return CONTINUE
    // A Proxy answers for itself and its chain: its get trap may know keys it does not own.
    if (isProxy(o)) return isLeakyFunctionKey(o, key) ? null : reflectGet(o, key, receiver)
    if (hasOwn(o, key)) return isLeakyFunctionKey(o, key) ? null : reflectGet(o, key, receiver)
  }
  return undefined
}

/**
 * @param {object} object
 * @param {PropertyKey} key
 */
function hostHas(object, key) {
  for (let o = /** @type {object | null} */ (object); o !== null; o = getPrototypeOf(o)) {
    if (continueAt(o)) return CONTINUE
    if (isProxy(o)) return key in o
    if (hasOwn(o, key)) return true
  }
  return false
}

// OrdinarySet over the host chain; built-in functions (and intrinsics) are never written.
/**
 * @param {object} object
 * @param {PropertyKey} key
 * @param {unknown} value
 * @param {object} receiver
 */
function hostSet(object, key, value, receiver) {
  if (isBuiltin(object)) return false
  for (let o = /** @type {object | null} */ (object); o !== null; o = getPrototypeOf(o)) {
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
/**
 * @param {object} contextObject
 * @param {string} name
 * @param {import('./native.js').EngineHandle} engine
 */
function linkGlobal(contextObject, name, engine) {
  Object.defineProperty(contextObject, name, {
    get: () => native.readGlobal(engine, name),
    set: (value) => {
      native.writeGlobal(engine, name, value)
    },
    enumerable: true,
    configurable: true,
  })
}

// Functions of the host's built-in modules handed to the guest. A buffer the guest passes
// crosses as a copy; when one of these fills it (`crypto.randomFillSync`, `fs.readSync`), what
// it wrote goes back into the guest's buffer (src/bridge/host_proxy.rs).
const BUILTIN_MODULE_FUNCTIONS = new WeakSet()

/** @param {object} object */
function registerFunctions(object) {
  for (const o of [object, Object.getPrototypeOf(object)]) {
    if (o === null || o === Object.prototype || o === Function.prototype) continue
    for (const key of Reflect.ownKeys(o)) {
      const descriptor = /** @type {PropertyDescriptor} */ (Reflect.getOwnPropertyDescriptor(o, key))
      if (typeof descriptor.value === 'function') BUILTIN_MODULE_FUNCTIONS.add(descriptor.value)
    }
  }
}

/** @param {string} name */
function requireBuiltin(name) {
  const exports = require(name)
  if (typeof exports === 'object' || typeof exports === 'function') {
    registerFunctions(exports)
    for (const key of Object.keys(exports)) {
      const descriptor = /** @type {PropertyDescriptor} */ (Reflect.getOwnPropertyDescriptor(exports, key))
      if (descriptor.value !== null && typeof descriptor.value === 'object') registerFunctions(descriptor.value)
    }
  }
  return exports
}

/** @param {Function} fn */
function writesBuffers(fn) {
  return reflectApply(weakSetHas, BUILTIN_MODULE_FUNCTIONS, [fn])
}

// The arguments object's tag lives in an internal slot that no proxy can carry: told as a
// Symbol.toStringTag (so the guest's Object.prototype.toString says `[object Arguments]`).
/** @param {object} object */
function argumentsTag(object) {
  return types.isArgumentsObject(object) ? 'Arguments' : undefined
}

// Exactly the RealmHooks (binding.d.ts), which tsc checks here and createRealm at run time.
/** @type {Record<RealmHook, unknown>} */
const hooks = {
  makeProxy, identify, remember, WeakMap, Reflect,
  makeError: values.makeError,
  describeError: values.describeError,
  makeDeferred: values.makeDeferred,
  makeCopy: values.makeCopy,
  readCopy: values.readCopy,
  symbolFor: values.symbolFor,
  symbolKeyFor: values.symbolKeyFor,
  hostGet, hostHas, hostSet, isBuiltin, writesBuffers, CONTINUE, linkGlobal, functionToString, guard,
  console,
  timers: { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate, queueMicrotask },
  require: requireBuiltin,
  process,
  global: globalThis,
  intrinsics: INTRINSICS,
  wellKnownSymbols: values.WELL_KNOWN_SYMBOLS,
}

const realm = native.createRealm(hooks)

module.exports = { realm, hooks }
