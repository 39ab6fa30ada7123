// The host side of one escape attempt, run in its own child process by isolation.spec.js.
//
// An attempt script does:
//   const h = require('./_harness')(module, require)
//   h.attempt(async () => { const m = h.load('name.js', contextObject); ...; return m.report() })
//
// Before the attempt: a secret is planted where only the host can see it — `globalThis.SECRET`,
// and marks on the host's `process`, on this script's `require` and `module` (`<where>:<secret>`)
// — and the host's built-in prototypes and constructors (and the methods on them) are
// snapshotted. After it: the value the attempt returned (usually the guest's own report of what
// it reached) is walked for the secret and for host objects the guest must never hold (the host's
// `globalThis`, `process`, `require`, `module`, and host modules when `builtins: []`), and the
// snapshot is compared. One line `@@ESCAPE@@{json}` goes to stdout; the secret itself is never
// printed by the harness, so the parent also checks that it appears nowhere in the output.
//
// Deliberately not 'use strict': attempt scripts are sloppy CommonJS modules, as most host code
// is, so that sloppy-only channels (`fn.caller`, `fn.arguments`, call sites' `getThis`) are open.

const path = require('node:path')
const util = require('node:util')
const crypto = require('node:crypto')
const fs = require('node:fs')

// What runs after the attempt uses only these, captured now: an attempt that manages to replace a
// host built-in (`Map.prototype.get`, `%ArrayIteratorPrototype%.next`…) must not silence its own
// report.
const { apply, ownKeys, getOwnPropertyDescriptor, getPrototypeOf } = Reflect
const { isExtensible, is } = Object
const { isArray } = Array
const stringify = JSON.stringify
const writeSync = fs.writeSync
const ArrayPush = Array.prototype.push
const StringIncludes = String.prototype.includes
const StringSplit = String.prototype.split
const ArrayJoin = Array.prototype.join
const MapGet = Map.prototype.get
const MapSet = Map.prototype.set
const MapHas = Map.prototype.has
const SetHas = Set.prototype.has
const SetAdd = Set.prototype.add
const push = (list, value) => apply(ArrayPush, list, [value])
const includes = (text, part) => apply(StringIncludes, text, [part])
const replaceAll = (text, part, by) => apply(ArrayJoin, apply(StringSplit, text, [part]), [by])

const MARKER = '@@ESCAPE@@'
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'escapes')
const secret = process.env.RVM_ESCAPE_SECRET || `s${crypto.randomBytes(12).toString('hex')}`
delete process.env.RVM_ESCAPE_SECRET

// ---- the snapshot of the host's built-ins ------------------------------------------------------

function builtins() {
  const proto = Object.getPrototypeOf
  const TypedArray = proto(Uint8Array)
  const AsyncFunction = proto(async function () {}).constructor
  const GeneratorFunction = proto(function* () {}).constructor
  const AsyncGeneratorFunction = proto(async function* () {}).constructor
  const list = {
    globalThis, Object, Function, Array, String, Number, Boolean, Symbol, BigInt, Promise, Proxy, Reflect,
    JSON, Math, Date, RegExp, Map, Set, WeakMap, WeakSet, WeakRef, ArrayBuffer, SharedArrayBuffer, DataView,
    TypedArray, Uint8Array, Float64Array, Buffer, Error, TypeError, RangeError, SyntaxError, ReferenceError,
    EvalError, URIError, AggregateError, AsyncFunction, GeneratorFunction, AsyncGeneratorFunction,
    'Generator.prototype': GeneratorFunction.prototype.prototype,
    'AsyncGenerator.prototype': AsyncGeneratorFunction.prototype.prototype,
    '%IteratorPrototype%': proto(proto([][Symbol.iterator]())),
    '%AsyncIteratorPrototype%': proto(AsyncGeneratorFunction.prototype.prototype),
    '%ArrayIteratorPrototype%': proto([][Symbol.iterator]()),
    '%MapIteratorPrototype%': proto(new Map()[Symbol.iterator]()),
    '%SetIteratorPrototype%': proto(new Set()[Symbol.iterator]()),
    '%StringIteratorPrototype%': proto(''[Symbol.iterator]()),
    '%RegExpStringIteratorPrototype%': proto(/a/g[Symbol.matchAll]('a')),
  }
  const out = []
  for (const [name, value] of Object.entries(list)) {
    out.push([name, value])
    if (typeof value === 'function' && value.prototype && typeof value.prototype === 'object') {
      out.push([`${name}.prototype`, value.prototype])
    }
  }
  return out
}

/** Own property descriptors (key → descriptor map), prototype and extensibility of an object. */
function describe(object) {
  const keys = ownKeys(object)
  const descriptors = new Map()
  for (let i = 0; i < keys.length; i++) {
    apply(MapSet, descriptors, [keys[i], getOwnPropertyDescriptor(object, keys[i])])
  }
  return { keyList: keys, descriptors, prototype: getPrototypeOf(object), extensible: isExtensible(object) }
}

function snapshot() {
  // Node defines some globals lazily (`AbortController`…): settle them before comparing.
  for (const key of Reflect.ownKeys(globalThis)) {
    try { void globalThis[key] } catch { /* ignore */ }
  }
  const entries = []
  const done = new Set()
  const add = (name, object) => {
    if (done.has(object)) return
    done.add(object)
    entries.push({ name, object, was: describe(object) })
  }
  const list = builtins()
  for (const [name, object] of list) add(name, object)
  for (const [name, object] of list) {
    if (name === 'globalThis') continue
    // The methods and accessors of each built-in: `Object.prototype.toString`'s own `call`…
    for (const key of Reflect.ownKeys(object)) {
      const d = Reflect.getOwnPropertyDescriptor(object, key)
      for (const [part, fn] of [['', d.value], [' get', d.get], [' set', d.set]]) {
        if (typeof fn === 'function') add(`${name}.${String(key)}${part}`, fn)
      }
    }
  }
  return entries
}

// `globalThis` keys the harness itself sets.
const VOLATILE_GLOBALS = ['SECRET']

function compare(before) {
  const all = []
  for (let i = 0; i < before.length; i++) {
    const { name, object, was } = before[i]
    const changes = []
    const now = describe(object)
    if (now.prototype !== was.prototype) push(changes, `${name}: prototype replaced`)
    if (now.extensible !== was.extensible) push(changes, `${name}: extensibility changed`)
    for (let k = 0; k < now.keyList.length; k++) {
      const key = now.keyList[k]
      if (name === 'globalThis' && (key === VOLATILE_GLOBALS[0])) continue
      const d = apply(MapGet, now.descriptors, [key])
      const old = apply(MapGet, was.descriptors, [key])
      if (!old) {
        push(changes, `${name}: added ${String(key)}`)
      } else if (!is(old.value, d.value) || old.get !== d.get || old.set !== d.set ||
          old.writable !== d.writable || old.enumerable !== d.enumerable || old.configurable !== d.configurable) {
        push(changes, `${name}: changed ${String(key)}`)
      }
    }
    for (let k = 0; k < was.keyList.length; k++) {
      if (!apply(MapHas, now.descriptors, [was.keyList[k]])) push(changes, `${name}: deleted ${String(was.keyList[k])}`)
    }
    // Freezing a prototype changes every property: keep the report readable.
    if (changes.length > 4) {
      push(all, `${changes[0]}; ${changes[1]}; ${changes[2]}; … (${changes.length} changes on ${name})`)
    } else {
      for (let k = 0; k < changes.length; k++) push(all, changes[k])
    }
  }
  return all
}

// ---- walking what the attempt returned -------------------------------------------------------

function hide(text) {
  return replaceAll(String(text), secret, '<secret>')
}

function scan(value, forbidden, reached) {
  const seen = new Set()
  let budget = 5000
  const walk = (v, where, depth) => {
    if (budget-- <= 0) return
    if (typeof v === 'string') {
      if (includes(v, secret)) push(reached, `${where} = ${stringify(hide(v))}`)
      return
    }
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || apply(SetHas, seen, [v])) return
    apply(SetAdd, seen, [v])
    let isForbidden = false
    for (let i = 0; i < forbidden.length; i++) {
      if (v === forbidden[i][1]) {
        push(reached, `${where} is the host's ${forbidden[i][0]}`)
        isForbidden = true
      }
    }
    if (depth >= 6 || isForbidden) return
    let keys = []
    try { keys = ownKeys(v) } catch { return }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]
      if (typeof key !== 'string') continue
      let d
      try { d = getOwnPropertyDescriptor(v, key) } catch { continue }
      if (d && 'value' in d) walk(d.value, `${where}.${key}`, depth + 1)
    }
  }
  walk(value, 'result', 0)
}

function stepsOf(value) {
  const out = []
  try {
    const steps = value && value.steps
    if (!isArray(steps)) return out
    for (let i = 0; i < steps.length; i++) push(out, hide(steps[i]))
  } catch { /* ignore */ }
  return out
}

function describeThrown(error) {
  try {
    if (error && typeof error === 'object' && 'message' in error) {
      return `${error.name || 'Error'}: ${error.message}${error.code ? ` [${error.code}]` : ''}`
    }
    return `${typeof error} ${String(error)}`
  } catch {
    return 'an unprintable value'
  }
}

// ---- the attempt -----------------------------------------------------------------------------

module.exports = function harness(hostModule, hostRequire) {
  globalThis.SECRET = secret
  process.SECRET_MARK = `process:${secret}`
  hostRequire.SECRET_MARK = `require:${secret}`
  hostModule.SECRET_MARK = `module:${secret}`

  const requireVM = require('../..')
  const hostModules = []
  for (const name of ['fs', 'child_process', 'vm', 'v8', 'worker_threads', 'module', 'os', 'inspector', 'net']) {
    hostModules.push([name, require(`node:${name}`)])
  }
  const forbidden = [
    ['globalThis', globalThis], ['process', process], ['require', hostRequire],
    ['module', hostModule], ['Module', hostModule.constructor], ['require.cache', hostRequire.cache],
    ['process.env', process.env], ['process.mainModule', process.mainModule],
  ]

  const checks = []
  const host = []
  // Host modules no load of this attempt allows (all of them when every load has `builtins: []`).
  const allowedModules = new Set()
  let allowsAll = false
  let before
  let printed = false

  function finish(value, error) {
    if (printed) return
    printed = true
    const list = []
    for (let i = 0; i < forbidden.length; i++) push(list, forbidden[i])
    for (let i = 0; i < hostModules.length; i++) {
      const name = hostModules[i][0]
      if (!allowsAll && !apply(SetHas, allowedModules, [name])) push(list, [`module '${name}'`, hostModules[i][1]])
    }
    const reached = []
    scan(value, list, reached)
    scan(host, list, reached)
    const changed = before ? compare(before) : []
    for (let i = 0; i < checks.length; i++) if (!checks[i][1]) push(changed, checks[i][0])
    const hostSteps = []
    for (let i = 0; i < host.length; i++) push(hostSteps, hide(host[i]))
    const report = { reached, changed, steps: stepsOf(value), host: hostSteps }
    if (error !== undefined) report.error = error
    writeSync(1, `\n${MARKER}${stringify(report)}\n`)
  }

  // A guest that reached the host's `process.exit`, or broke the host's promises so the attempt
  // never settles, must not silence the report.
  process.on('exit', (code) => finish(undefined, `the process exited (code ${code}) before the attempt finished`))

  const h = {
    secret,
    requireVM,
    util,

    /** Loads `__test__/fixtures/escapes/<name>` (with `builtins: []` unless options say otherwise). */
    load(name, contextObject = {}, options = {}, moduleMap = {}) {
      const merged = { builtins: [], ...options }
      if (merged.builtins === true) allowsAll = true
      else {
        for (let i = 0; i < merged.builtins.length; i++) {
          const allowed = String(merged.builtins[i])
          apply(SetAdd, allowedModules, [allowed.startsWith('node:') ? allowed.slice(5).split('/')[0] : allowed.split('/')[0]])
        }
      }
      return requireVM(path.join(FIXTURES, name), contextObject, merged, moduleMap)
    },

    /** Runs one host interaction; what it throws is recorded, not fatal. */
    try(label, fn) {
      try {
        const value = fn()
        push(host, `${label}: ok`)
        return value
      } catch (error) {
        push(host, `${label}: threw ${describeThrown(error)}`)
        return undefined
      }
    },

    async tryAsync(label, fn) {
      try {
        const value = await fn()
        push(host, `${label}: ok`)
        return value
      } catch (error) {
        push(host, `${label}: threw ${describeThrown(error)}`)
        return undefined
      }
    },

    /** A host-side integrity check: `ok` false is reported as a change. */
    check(label, ok) {
      push(checks, [label, Boolean(ok)])
    },

    /**
     * Runs the attempt; `fn` returns what the guest reports (walked for the secret). A plain
     * sloppy function, as most host code is (so `caller` chains through it stay open).
     */
    attempt: function attempt(fn) {
      before = snapshot()
      // `fn` starts synchronously, inside the attempt script's module wrapper (a sloppy frame
      // the guest may try to reach through call sites or `caller`).
      let started
      try {
        started = Promise.resolve(fn())
      } catch (error) {
        started = Promise.reject(error)
      }
      started.then(
        (value) => finish(value),
        (error) => finish(undefined, `the attempt threw: ${describeThrown(error)}`),
      )
    },
  }
  return h
}
