// @ts-check
'use strict'
// Host values the addon makes or reads in this realm: errors, promises, copies (dates, regular
// expressions, bytes) and symbols (src/bridge/errors.rs, promises.rs, copies.rs, symbols.rs).

const util = require('node:util')
const { HostKind, SymbolKind } = require('../binding.js')

const { types } = util

/** @type {Record<string, new (...args: any[]) => Error>} */
const ERROR_CLASSES = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError,
}
const ERROR_PROTOTYPES = new Map(Object.entries(ERROR_CLASSES).map(([name, C]) => [C.prototype, name]))

/**
 * @param {string} className
 * @param {string} message
 * @param {string} [stack]
 */
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
/** @param {Error & Record<PropertyKey, unknown>} error */
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
  /** @type {unknown[]} */
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
  /** @type {unknown} */
  let resolve
  /** @type {unknown} */
  let reject
  const promise = new Promise((yes, no) => { resolve = yes; reject = no })
  return [promise, resolve, reject]
}

/** @type {Record<string, new (...args: any[]) => ArrayBufferView>} */
const TYPED_ARRAYS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
}

/**
 * @param {HostKind} kind
 * @param {any} a a time, a regular expression's source, a length, or an ArrayBuffer (LiveView)
 * @param {string} [b] flags, or a class name
 * @param {number} [c] lastIndex, or a byte offset
 * @param {number} [d] a length
 */
function makeCopy(kind, a, b, c, d) {
  switch (kind) {
    case HostKind.Date: return new Date(a)
    case HostKind.RegExp: { const r = new RegExp(a, b); r.lastIndex = /** @type {number} */ (c); return r }
    case HostKind.ArrayBuffer: return new ArrayBuffer(a)
    case HostKind.TypedArray: return new (TYPED_ARRAYS[String(b)] || Uint8Array)(a)
    case HostKind.DataView: return new DataView(new ArrayBuffer(a))
    case HostKind.Buffer: return Buffer.alloc(a)
    // `a` is an ArrayBuffer over a guest's WebAssembly memory (made by the addon, not copied);
    // the view of class `b` at byte offset `c`, `d` elements long (bytes for a DataView).
    case HostKind.LiveView:
      if (b === 'ArrayBuffer') return Object.setPrototypeOf(a, ArrayBuffer.prototype)
      if (b === 'DataView') return new DataView(a, c, d)
      return new (TYPED_ARRAYS[String(b)] || Uint8Array)(a, c, d)
    default: throw new TypeError(`requireVM: cannot copy a value of kind ${kind}`)
  }
}

/**
 * @param {HostKind} kind
 * @param {any} value a Date, a RegExp or a typed array
 */
function readCopy(kind, value) {
  switch (kind) {
    case HostKind.Date: return value.getTime()
    case HostKind.RegExp: return [value.source, value.flags, value.lastIndex]
    default: return value[Symbol.toStringTag] || 'Uint8Array'
  }
}

const symbolStatics = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (Symbol))
/** @type {[string, symbol][]} */
const WELL_KNOWN_SYMBOLS = Object.getOwnPropertyNames(Symbol)
  .filter((name) => typeof symbolStatics[name] === 'symbol')
  .map((name) => [name, /** @type {symbol} */ (symbolStatics[name])])
const WELL_KNOWN_NAMES = new Map(WELL_KNOWN_SYMBOLS.map(([name, symbol]) => [symbol, name]))

/**
 * @param {string} key
 * @param {boolean} unique
 */
function symbolFor(key, unique) {
  return unique ? Symbol(key) : Symbol.for(key)
}

// [SymbolKind, key or well-known name or description].
/** @param {symbol} symbol */
function symbolKeyFor(symbol) {
  // Well-known first: Node 20 defines Symbol.dispose/asyncDispose as registered symbols.
  const name = WELL_KNOWN_NAMES.get(symbol)
  if (name !== undefined) return [SymbolKind.WellKnown, name]
  const key = Symbol.keyFor(symbol)
  if (key !== undefined) return [SymbolKind.Registered, key]
  return [SymbolKind.Unique, symbol.description]
}

module.exports = {
  makeError, describeError, makeDeferred, makeCopy, readCopy, symbolFor, symbolKeyFor, WELL_KNOWN_SYMBOLS,
}
