// @ts-check
'use strict'
// The host side of guest values: the targets of their host proxies and the proxy handler, whose
// traps are the addon's (src/bridge/guest_proxy.rs), plus what must be done in JavaScript: the
// proxy invariants, util.inspect, Function.prototype.toString.

const util = require('node:util')
const { TargetKind } = require('../binding.js')
const { native } = require('./native.js')

const { types } = util
const { apply: reflectApply } = Reflect

// Proxy targets. Node's util.inspect prints a Proxy's *target*, so targets carry an inspect
// hook (on their prototype, which only the traps see) that shows what the proxy stands for.
/**
 * @this {object} a proxy target
 * @param {number} depth
 * @param {util.InspectOptions} options
 * @param {typeof util.inspect} inspect
 */
function inspectProxy(depth, options, inspect) {
  // A guest value of any shape: what follows looks at it as util.inspect would.
  const proxy = /** @type {any} */ (native.proxyOf(this))
  if (proxy === undefined) return '[requireVM proxy]'
  if (typeof proxy === 'function') {
    const name = proxy.name
    const isClass = /^class\b/.test(String(native.sourceOf(this)))
    /** @type {any} a function or class of the proxy's name, to receive its properties */
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

/** @param {TargetKind} kind */
function makeTarget(kind) {
  if (kind === TargetKind.Array) return Object.setPrototypeOf([], ARRAY_TARGET)
  if (kind === TargetKind.Function) return Object.setPrototypeOf(function () {}.bind(null), FUNCTION_TARGET)
  return Object.create(OBJECT_TARGET)
}

// Proxy invariants: what the guest reports as non-configurable, or a non-extensible guest
// object, must be mirrored on the target.
/**
 * @param {object} target
 * @param {PropertyKey} key
 * @param {PropertyDescriptor | undefined} descriptor
 */
function mirrorProperty(target, key, descriptor) {
  if (descriptor === undefined) return
  try { Reflect.defineProperty(target, key, descriptor) } catch {}
}

/** @param {object} target */
function mirrorAll(target) {
  if (!Reflect.isExtensible(target)) return
  for (const key of native.ownKeys(target)) {
    const descriptor = native.getOwnPropertyDescriptor(target, key)
    if (descriptor) mirrorProperty(target, key, descriptor)
  }
  Reflect.setPrototypeOf(target, native.getPrototypeOf(target))
  Reflect.preventExtensions(target)
}

/** @type {ProxyHandler<object>} */
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

// `toString` of a guest function read on the host (through Function.prototype): the guest's
// source text, as Node shows for its own functions (a Proxy would print `[native code]`).
const hostFunctionToString = Function.prototype.toString
/** @this {unknown} */
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

module.exports = { makeTarget, handler, functionToString }
