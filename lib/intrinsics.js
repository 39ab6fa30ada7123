// @ts-check
'use strict'
// The intrinsics the host realm shares with the guest by name, and the built-in functions
// reachable from them.

const { apply: reflectApply } = Reflect
const weakSetHas = WeakSet.prototype.has
// The global object by name, for the tables below.
const globals = /** @type {Record<string, any>} */ (/** @type {unknown} */ (globalThis))

/**
 * @typedef {[name: string, value: unknown]} Named
 * @typedef {[name: string, value: unknown, generic: boolean]} Intrinsic
 */

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
/** @type {Named[]} */
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
/** @type {Named[]} */
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
    .map((t) => /** @type {Named} */ ([`${t}Array.prototype`, globals[`${t}Array`].prototype])),
  ['%GeneratorPrototype%', GeneratorFunction.prototype.prototype],
  ['%AsyncGeneratorPrototype%', AsyncGeneratorFunction.prototype.prototype],
  ['%ArrayIteratorPrototype%', protoOf([][Symbol.iterator]())],
  ['%MapIteratorPrototype%', protoOf(new Map()[Symbol.iterator]())],
  ['%SetIteratorPrototype%', protoOf(new Set()[Symbol.iterator]())],
  ['%StringIteratorPrototype%', protoOf(''[Symbol.iterator]())],
  ['%RegExpStringIteratorPrototype%', protoOf(/a/[Symbol.matchAll](''))],
]
/** @type {Named[]} */
const VALUES = [
  'Object', 'Function', 'Array', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError',
  'EvalError', 'URIError', 'AggregateError', 'Promise', 'Symbol', 'String', 'Number', 'Boolean', 'BigInt',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Date', 'RegExp', 'ArrayBuffer',
  'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'JSON', 'Math', 'Reflect', 'Proxy', 'Atomics', 'eval', 'isNaN', 'isFinite',
  'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
  'escape', 'unescape',
].map((name) => /** @type {Named} */ ([name, globals[name]]))
VALUES.push(
  ['AsyncFunction', AsyncFunction],
  ['GeneratorFunction', GeneratorFunction],
  ['AsyncGeneratorFunction', AsyncGeneratorFunction],
  ['%TypedArray%', TypedArray],
)
// [name, value, generic] — the contract with src/bridge/realm.rs.
/** @type {Intrinsic[]} */
const INTRINSICS = [
  ...GENERIC.map(([name, value]) => /** @type {Intrinsic} */ ([name, value, true])),
  ...SLOTTED.map(([name, value]) => /** @type {Intrinsic} */ ([name, value, false])),
  ...VALUES.map(([name, value]) => /** @type {Intrinsic} */ ([name, value, false])),
]
const INTRINSIC_INDEX = new Map(INTRINSICS.map(([, value], i) => [value, i]))
const GENERIC_INDEX = new Map(GENERIC.map(([, value], i) => [value, i]))

// Every built-in function reachable from the intrinsics (methods, accessors): the guest may
// call them on values it holds, but never change them.
const BUILTIN_FUNCTIONS = new WeakSet()
for (const [, value] of INTRINSICS) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = /** @type {PropertyDescriptor} */ (Reflect.getOwnPropertyDescriptor(value, key))
    for (const part of [descriptor.value, descriptor.get, descriptor.set]) {
      if (typeof part === 'function') BUILTIN_FUNCTIONS.add(part)
    }
  }
}

/** @param {unknown} object */
function isBuiltin(object) {
  return INTRINSIC_INDEX.has(object) || reflectApply(weakSetHas, BUILTIN_FUNCTIONS, [object])
}

module.exports = { INTRINSICS, INTRINSIC_INDEX, GENERIC_INDEX, isBuiltin }
