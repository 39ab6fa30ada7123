// @ts-check
'use strict'
// The host side of guest values: their host proxies, whose traps are the addon's
// (src/bridge/guest_traps.rs), plus what must be done in JavaScript: the proxy invariants,
// util.inspect, Function.prototype.toString.

const util = require('node:util')
const { TargetKind, MAX_INTERNED_KEY_LENGTH } = require('../binding.js')
const { native, raw, check, INERT } = require('./native.js')

const { types } = util
const { apply: reflectApply, get: reflectGet } = Reflect

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

/**
 * @param {number} slot
 * @param {object} target
 */
function mirrorAll(slot, target) {
  if (!Reflect.isExtensible(target)) return
  for (const key of check(raw.ownKeys(slot))) {
    const descriptor = check(raw.getOwnPropertyDescriptor(slot, key))
    if (descriptor) mirrorProperty(target, key, descriptor)
  }
  Reflect.setPrototypeOf(target, check(raw.getPrototypeOf(slot)))
  Reflect.preventExtensions(target)
}

// Property names in use are interned by the addon (`internKey`): `get` and `set` pass a name's
// number, which the addon turns into its own string without reading one out of V8. Only short
// names, and only as many as the addon keeps (it answers -1 once its table is full).
/** @type {Map<string, number>} */
const keyIds = new Map()
let interning = true

/** @param {PropertyKey} key */
function keyFor(key) {
  const known = typeof key === 'string' ? keyIds.get(key) : undefined
  if (known !== undefined) return known
  if (!interning || typeof key !== 'string' || key.length > MAX_INTERNED_KEY_LENGTH) return key
  const id = check(raw.internKey(key))
  if (id < 0) {
    interning = false
    return key
  }
  keyIds.set(key, id)
  return id
}

/** The slot of each guest proxy, for `apply`'s receiver. @type {WeakMap<object, number>} */
const proxySlots = new WeakMap()

// Each proxy has a handler of its own, so that a trap finds its guest object without asking
// Node-API: `s` is the object's slot in the addon's table (src/bridge/guest_proxy.rs). `p` is
// the proxy, so that a plain `proxy.x` (the receiver is the proxy) is told apart from a get with
// another receiver without the addon looking at it; `a` is the engine's anchor, which every
// proxy keeps alive (src/bridge/mod.rs, `BridgeState::anchor`). The traps call the addon's raw
// functions and `check` their result (lib/native.js): no rest-argument wrapper on the hot path.
/** @implements {ProxyHandler<object>} */
class GuestHandler {
  /**
   * @param {object} anchor
   * @param {number} slot
   * @param {object} target
   */
  constructor(anchor, slot, target) {
    this.a = anchor
    this.s = slot
    this.t = target
    /** @type {object | undefined} */
    this.p = undefined
  }

  /** @param {object} target @param {PropertyKey} key @param {unknown} receiver */
  get(target, key, receiver) {
    const name = keyFor(key)
    const result = receiver === this.p ? raw.get(this.s, name) : raw.get(this.s, name, receiver)
    // A dead callback (src/bridge/guest_proxy.rs, `is_dead_callback`) reads as its target, a
    // function that does nothing: an emitter's `listener.apply(...)` still finds `apply`.
    return result === INERT ? reflectGet(target, key) : check(result)
  }

  /** @param {object} _target @param {PropertyKey} key @param {unknown} value @param {unknown} receiver */
  set(_target, key, value, receiver) {
    const name = keyFor(key)
    return check(receiver === this.p ? raw.set(this.s, name, value) : raw.set(this.s, name, value, receiver))
  }

  /** @param {object} _target @param {PropertyKey} key */
  has(_target, key) {
    return check(raw.has(this.s, key))
  }

  /** @param {object} _target @param {PropertyKey} key */
  deleteProperty(_target, key) {
    return check(raw.deleteProperty(this.s, key))
  }

  /** @param {object} _target */
  ownKeys(_target) {
    return check(raw.ownKeys(this.s))
  }

  /** @param {object} target @param {PropertyKey} key */
  getOwnPropertyDescriptor(target, key) {
    const descriptor = check(raw.getOwnPropertyDescriptor(this.s, key))
    if (descriptor !== undefined && !descriptor.configurable) mirrorProperty(target, key, descriptor)
    return descriptor
  }

  /** @param {object} target @param {PropertyKey} key @param {PropertyDescriptor} descriptor */
  defineProperty(target, key, descriptor) {
    const done = check(raw.defineProperty(this.s, key, descriptor))
    if (done && descriptor.configurable === false) {
      mirrorProperty(target, key, check(raw.getOwnPropertyDescriptor(this.s, key)))
    }
    return done
  }

  /** @param {object} _target */
  getPrototypeOf(_target) {
    return check(raw.getPrototypeOf(this.s))
  }

  /** @param {object} _target @param {object | null} prototype */
  setPrototypeOf(_target, prototype) {
    return check(raw.setPrototypeOf(this.s, prototype))
  }

  /** @param {object} target */
  isExtensible(target) {
    const extensible = check(raw.isExtensible(this.s))
    if (!extensible) mirrorAll(this.s, target)
    return extensible
  }

  /** @param {object} target */
  preventExtensions(target) {
    const done = check(raw.preventExtensions(this.s))
    if (done) mirrorAll(this.s, target)
    return done
  }

  // The arguments go to the addon as its own arguments, not as an array it would read back
  // element by element.
  /** @param {object} _target @param {unknown} self @param {unknown[]} args */
  apply(_target, self, args) {
    // A method called on another guest proxy (`m.add(1, 2)`) names its receiver by slot.
    const selfSlot = proxySlots.get(/** @type {object} */ (self))
    const result = selfSlot === undefined ? raw.apply(this.s, self, ...args) : raw.applyTo(this.s, selfSlot, ...args)
    return result === INERT ? undefined : check(result)
  }

  /** @param {object} _target @param {unknown[]} args @param {Function} newTarget */
  construct(_target, args, newTarget) {
    return check(raw.construct(this.s, newTarget, ...args))
  }
}

/**
 * The host proxy of a guest object at `slot`, and its target (which carries the addon's
 * finalizer): `[proxy, target]`, elements being cheaper for the addon to read than named
 * properties.
 * @param {TargetKind} kind
 * @param {object} anchor
 * @param {number} slot
 */
function makeProxy(kind, anchor, slot) {
  const target = makeTarget(kind)
  const handler = new GuestHandler(anchor, slot, target)
  const proxy = new Proxy(target, handler)
  handler.p = proxy
  proxySlots.set(proxy, slot)
  return [proxy, target]
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

module.exports = { makeProxy, functionToString }
