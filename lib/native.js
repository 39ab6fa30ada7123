// @ts-check
'use strict'
// The addon as the rest of the package calls it. The loader napi-rs generates (binding.js) loads
// it once per process; its enums (src/contract.rs) are typed in binding.d.ts, its raw Node-API
// exports (registered by hand in src/lib.rs, `EXPORTS`) are typed here.

const binding = require('../binding.js')

/**
 * @typedef {import('../binding.js').RealmHook} RealmHook
 * @typedef {import('../binding.js').TargetKind} TargetKind
 * @typedef {object} Realm what createRealm makes: the hooks, held by the addon (an external)
 * @typedef {object} EngineHandle a native engine (an external)
 * @typedef {{ timeout?: number, memoryLimit?: number, builtins: true | readonly string[], packageDir: string, onWorkerThread: boolean }} EngineOptions
 * @typedef {{ liveEngines: number, addonBytes: number, addonBytesRaw: number, reportedToV8: number, pendingFinalizers: boolean,
 *   wasmModulesCompiled: number, wasmModuleCacheHits: number, wasmModulesFromDisk: number }} NativeStats
 *
 * The traps of the host proxies of guest values (lib/guest-proxy.js). They take the guest object's
 * slot, not the proxy's target; `receiver` is left out when it is the proxy itself, and `apply`
 * and `construct` take the call's arguments as their own.
 * @typedef {object} Traps
 * @property {(slot: number, key: PropertyKey | number, receiver?: unknown) => unknown} get a name's number from internKey, or the key
 * @property {(slot: number, key: PropertyKey | number, value: unknown, receiver?: unknown) => boolean} set
 * @property {(slot: number, key: PropertyKey) => boolean} has
 * @property {(slot: number, key: PropertyKey) => boolean} deleteProperty
 * @property {(slot: number) => (string | symbol)[]} ownKeys
 * @property {(slot: number, key: PropertyKey) => PropertyDescriptor | undefined} getOwnPropertyDescriptor
 * @property {(slot: number, key: PropertyKey, descriptor: PropertyDescriptor) => boolean} defineProperty
 * @property {(slot: number) => object | null} getPrototypeOf
 * @property {(slot: number, prototype: object | null) => boolean} setPrototypeOf
 * @property {(slot: number) => boolean} isExtensible
 * @property {(slot: number) => boolean} preventExtensions
 * @property {(slot: number, thisArg: unknown, ...args: unknown[]) => unknown} apply
 * @property {(slot: number, thisSlot: number, ...args: unknown[]) => unknown} applyTo `apply` on another guest proxy's object
 * @property {(slot: number, newTarget: Function, ...args: unknown[]) => object} construct
 *
 * @typedef {object} Operations
 * @property {(hooks: Record<RealmHook, unknown>) => Realm} createRealm
 * @property {(realm: Realm, options: EngineOptions) => [EngineHandle, object]} createEngine the handle and its anchor
 * @property {(engine: EngineHandle, moduleMap: object) => void} mapModules
 * @property {(engine: EngineHandle, contextObject: object | undefined, request: string, callerDir: string,
 *   callerFile: string | undefined, paths: readonly string[] | undefined, isCache: boolean, filename: string | undefined) => unknown} load
 * @property {(value: unknown) => boolean} dispose
 * @property {(engine: EngineHandle, name: string) => unknown} readGlobal
 * @property {(engine: EngineHandle, name: string, value: unknown) => void} writeGlobal
 * @property {(collect: boolean) => NativeStats} stats
 * @property {(name: string) => number} internKey the number of an interned property name, or -1
 * @property {(target: object) => unknown} proxyOf the proxy of a proxy target
 * @property {(target: object) => unknown} sourceOf the guest's source text of a guest function (by target)
 *
 * @typedef {Traps & Operations} Native
 *
 * @typedef {object} Handover how an exception reaches JavaScript (src/bridge/entry.rs)
 * @property {() => object} thrownMarker what a function returns when it has an exception
 * @property {() => unknown} takeThrown that exception, once
 * @property {() => object} inertMarker what a trap of a dead callback returns (lib/guest-proxy.js)
 */

// The addon's functions never throw: they return THROWN and hand the exception over to
// `takeThrown` (src/bridge/entry.rs says why), and `guard`'s wrapper throws it. Rest arguments:
// the wrapper passes what it is given, however many (measured no slower than the fixed eight it
// had before, see the commit that made it variadic).
const { thrownMarker, takeThrown, inertMarker } = /** @type {Handover} */ (/** @type {unknown} */ (binding))
const THROWN = thrownMarker()
const INERT = inertMarker()

/**
 * @template {(...args: any[]) => any} F
 * @param {F} fn
 * @returns {F}
 */
function guard(fn) {
  return /** @type {F} */ (
    function guarded(/** @type {unknown[]} */ ...args) {
      const result = fn(...args)
      if (result === THROWN) throw takeThrown()
      return result
    }
  )
}

/**
 * What an addon function returned, or its exception thrown: `guard` for one call, where a
 * wrapper would cost (the proxy traps).
 * @template T
 * @param {T} result
 * @returns {T}
 */
function check(result) {
  if (result === THROWN) throw takeThrown()
  return result
}

/** @type {Record<string, unknown>} */
const guarded = {}
for (const [name, value] of Object.entries(binding)) {
  guarded[name] = typeof value === 'function' ? guard(value) : value
}
const native = /** @type {Native} */ (/** @type {unknown} */ (guarded))
// The same functions unwrapped: each result goes through `check`.
const raw = /** @type {Native} */ (/** @type {unknown} */ (binding))

module.exports = { native, raw, check, guard, INERT }
