// @ts-check
'use strict'
// require-vm-rs: `require` a CommonJS module into its own disposable Boa engine.
//
// The package's entry and public API. The addon is loaded once per process (binding.js, the
// loader napi-rs generates); the realm code (lib/realm.js, with lib/guest-proxy.js and
// lib/intrinsics.js) runs once per realm that requires this file — under Jest, once per test
// file — and hands the addon the functions it needs to build values *in this realm*: proxy
// targets, errors, promises and copies, so that `instanceof`, `toEqual` and `toThrow` work in
// the caller's realm. lib/validate.js checks the user's arguments, lib/native.js wraps the
// addon's functions.

const path = require('node:path')
const { fileURLToPath } = require('node:url')
const { isMainThread } = require('node:worker_threads')
const { native } = require('./lib/native.js')
const { realm } = require('./lib/realm.js')
const { invalidType, invalidValue, isObject, checkArguments } = require('./lib/validate.js')

/**
 * The public types are index.d.ts's.
 * @typedef {import('./index.js').Options} Options
 * @typedef {import('./index.js').ModuleMap} ModuleMap
 * @typedef {import('./index.js').StatsOptions} StatsOptions
 * @typedef {{ handle: import('./lib/native.js').EngineHandle, anchor: object }} Engine
 */

// ---- the caller's directory ----------------------------------------------------------------

// The file that called us: relative requests resolve from its directory (require-vm used
// `module.parent`, which is the first file that loaded the package, for every caller).
/** @param {Function} skip the API function the user called (its frame and those above go) */
function callerFile(skip) {
  const prepare = Error.prepareStackTrace
  const limit = Error.stackTraceLimit
  let frames
  try {
    Error.stackTraceLimit = 30
    Error.prepareStackTrace = (_, callSites) => callSites
    /** @type {{ stack?: NodeJS.CallSite[] }} */
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
/**
 * @param {Options} options
 * @returns {Engine}
 */
function createEngine(options) {
  const [handle, anchor] = native.createEngine(realm, engineOptions(options))
  return { handle, anchor }
}

/** @param {Options} options */
function engineOptions(options) {
  return {
    timeout: options.timeout,
    memoryLimit: options.memoryLimit,
    builtins: options.builtins === undefined ? true : options.builtins,
    packageDir: PACKAGE_DIR,
    // A worker's engine must notice when its thread is ended, even deep in wasm.
    onWorkerThread: !isMainThread,
  }
}

/**
 * @param {Engine} engine
 * @param {object | undefined} contextObject
 * @param {string} request
 * @param {string | undefined} file
 * @param {Options} options
 * @param {ModuleMap} moduleMap
 * @param {boolean} isCache
 */
function load(engine, contextObject, request, file, options, moduleMap, isCache) {
  native.mapModules(engine.handle, moduleMap)
  const dir = file ? path.dirname(file) : process.cwd()
  return native.load(engine.handle, contextObject, request, dir, file, options.paths, isCache, options.filename)
}

/**
 * Loads `request` into its own engine and returns its exports (live proxies). See README.md.
 * The types are what index.d.ts promises; the checks below hold for any argument.
 * @param {string} request
 * @param {object | null} [contextObject]
 * @param {Options} [options]
 * @param {ModuleMap} [moduleMap]
 * @param {boolean} [isCache]
 * @returns {any}
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
  /** @type {Engine} */
  #engine
  /** @type {object | undefined} */
  #contextObject
  /** @type {Options} */
  #options
  /** @type {ModuleMap} */
  #moduleMap
  /** @type {boolean} */
  #isCache
  /** @type {string | undefined} */
  #file

  /**
   * @param {string | null} [filename]
   * @param {object | null} [contextObject]
   * @param {Options} [options]
   * @param {ModuleMap} [moduleMap]
   * @param {boolean} [isCache]
   */
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
  /**
   * @param {string} request
   * @returns {any}
   */
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

  /** @param {object} value */
  static isInstance(value) {
    return #engine in value
  }
}
RequireVmModule.prototype.requireVM = RequireVmModule.prototype.requireVm

/**
 * Frees the engine behind `value` (any value it returned, its contextObject, or a
 * RequireVmModule) now. Returns true if that engine was alive.
 */
/** @param {unknown} value */
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
/** @param {StatsOptions | null} [options] */
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
