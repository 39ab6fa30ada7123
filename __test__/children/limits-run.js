'use strict'
// Runs one limits scenario (argv[2]) in its own process, so that a crash is seen as a crash.
// Prints one line `LIMITS-RESULT <json>` and exits normally if the process survived.
const path = require('path')
const requireVM = require('../..')

const fixtures = path.join(__dirname, '..', 'fixtures', 'limits')
const fixture = (name) => path.join(fixtures, name)
const TIMEOUT = Number(process.env.LIMITS_TIMEOUT || 400)
const MEMORY = Number(process.env.LIMITS_MEMORY || 64)

function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024
}

function describe(error) {
  if (error === null || typeof error !== 'object') return { thrown: String(error) }
  return {
    name: error.name,
    code: error.code,
    message: String(error.message),
    isError: error instanceof Error,
    isRangeError: error instanceof RangeError,
  }
}

// Runs `fn` (which may return a promise), timing it and measuring peak RSS growth.
async function measure(fn) {
  const rssBefore = peakRssMiB()
  const start = performance.now()
  let error = null
  let value
  try {
    value = fn()
    // Await real promises only: awaiting a proxy would read its `then`.
    if (require('util').types.isPromise(value)) value = await value
  } catch (caught) {
    error = describe(caught)
  }
  return {
    error,
    // The value itself may be a proxy of a disposed engine: only its kind is reported.
    returned: error ? undefined : typeof value,
    elapsed: performance.now() - start,
    rssGrowth: peakRssMiB() - rssBefore,
  }
}

function laterUse(fn) {
  try {
    fn()
    return { code: 'no error' }
  } catch (error) {
    return describe(error)
  }
}

// After a limit: the process loads a new engine and uses it.
function freshEngine() {
  const m = requireVM(fixture('later-call.js'), {}, { timeout: 5000 })
  return m.ok()
}

const load = (file, options) => () => requireVM(fixture(file), {}, options)

const scenarios = {}

// ---- timeout at load ----------------------------------------------------------------------
for (const file of [
  'loop-at-load.js', 'loop-in-foreach.js', 'loop-in-array-from.js', 'loop-in-sort.js',
  'async-await-loop.js', 'promise-chain.js',
]) {
  scenarios[`timeout:${file}`] = async () => {
    const context = {}
    const result = await measure(() => requireVM(fixture(file), context, { timeout: TIMEOUT }))
    // The engine of this context is gone: disposing it again reports false.
    result.disposedAgain = requireVM.dispose(context)
    return result
  }
}

// ---- timeout in a later call into a proxy ---------------------------------------------------
const laterCall = (call) => async () => {
  const m = requireVM(fixture('later-call.js'), {}, { timeout: TIMEOUT })
  const before = m.ok()
  const result = await measure(() => call(m))
  result.before = before
  result.later = laterUse(() => m.ok())
  return result
}
scenarios['timeout:call'] = laterCall((m) => m.spin())
scenarios['timeout:call-callback'] = laterCall((m) => m.spinInCallback([1, 2, 3]))
scenarios['timeout:getter'] = laterCall((m) => m.object.spinning)
scenarios['timeout:call-async'] = laterCall((m) => m.asyncSpin())
// The chain runs at the host's microtask checkpoint after the call returned: no caller to throw
// into, so the timeout is reported as an uncaught exception would be, and the engine disposed.
scenarios['timeout:call-promise-chain'] = async () => {
  const m = requireVM(fixture('later-call.js'), {}, { timeout: TIMEOUT })
  const reported = []
  const consoleError = console.error
  console.error = (...args) => reported.push(args.map((arg) => (arg instanceof Error ? describe(arg) : arg)))
  const start = performance.now()
  const returned = m.recursiveTimeouts()
  await new Promise(setImmediate)
  const elapsed = performance.now() - start
  console.error = consoleError
  return { returned, elapsed, reported, later: laterUse(() => m.ok()) }
}
// A guest callback the host calls (as an event handler would be).
scenarios['timeout:callback'] = laterCall((m) => {
  const [callback] = m.spinInCallback.call(null, { map: (f) => [f] })
  return callback()
})

// A timer callback that loops: no call to throw into; the engine is disposed, the host goes on.
scenarios['timeout:timer'] = async () => {
  const m = requireVM(fixture('timer-loop.js'), {}, { timeout: TIMEOUT })
  const start = performance.now()
  const fired = await new Promise((resolve) => {
    m.start()
    // Host timers run after the guest timer; the guest one loops until the watchdog stops it.
    setTimeout(() => resolve(performance.now() - start), 50)
  })
  return { hostTimerAfter: fired, later: laterUse(() => m.ok()) }
}

// ---- memory -----------------------------------------------------------------------------------
for (const file of ['memory-strings.js', 'memory-arrays.js', 'memory-objects.js', 'memory-buffer.js', 'memory-typed-array.js']) {
  scenarios[`memory:${file}`] = async () => {
    const context = {}
    const result = await measure(() => requireVM(fixture(file), context, { memoryLimit: MEMORY }))
    result.disposedAgain = requireVM.dispose(context)
    return result
  }
}
scenarios['memory:call'] = async () => {
  const m = requireVM(fixture('memory-later.js'), {}, { memoryLimit: MEMORY })
  const before = m.ok()
  const result = await measure(() => m.grow())
  result.before = before
  result.later = laterUse(() => m.ok())
  return result
}
scenarios['memory:async'] = async () => {
  const m = requireVM(fixture('memory-later.js'), {}, { memoryLimit: MEMORY })
  const result = await measure(() => m.growAsync())
  result.later = laterUse(() => m.ok())
  return result
}
// Both limits on one engine: whichever comes first.
scenarios['both:memory-first'] = async () => {
  const result = await measure(load('memory-strings.js', { memoryLimit: MEMORY, timeout: 60000 }))
  return result
}
scenarios['both:timeout-first'] = async () => {
  const result = await measure(load('loop-at-load.js', { memoryLimit: MEMORY, timeout: TIMEOUT }))
  return result
}

// ---- recursion and deep values ----------------------------------------------------------------
scenarios.recursion = async () => {
  const file = fixture('recursion.js')
  const m = requireVM(file)
  const oracle = require(file)
  const out = {}
  for (const name of ['plain', 'mutual', 'getter', 'toString', 'toJSON', 'proxyTrap', 'constructor', 'bound', 'apply', 'callbacks']) {
    let got
    try {
      got = JSON.parse(JSON.stringify(m[name]()))
    } catch (error) {
      got = { escapedToHost: describe(error) }
    }
    out[name] = { got, node: oracle[name]() }
  }
  out.usableAfter = m.plain !== undefined && typeof m.deepToString(3).value
  return out
}
// Deep structures inside the guest, each alone (a native stack overflow kills the process).
for (const name of ['deepStringify', 'deepParse', 'deepEval', 'deepArrayLiteral', 'deepToString']) {
  for (const depth of [20000, 1000000]) {
    scenarios[`deep:${name}:${depth}`] = async () => {
      const m = requireVM(fixture('recursion.js'))
      let got
      try {
        got = m[name](depth)
      } catch (error) {
        got = { escapedToHost: describe(error) }
      }
      return { got: JSON.parse(JSON.stringify(got)), after: m.deepToString(2) && 'usable' }
    }
  }
}

const DEPTH = 20000
function hostDeep() {
  let deep = { leaf: true }
  for (let i = 0; i < DEPTH; i++) deep = { next: deep }
  return deep
}
const attempt = (fn) => {
  try {
    return { value: fn() }
  } catch (error) {
    return { error: describe(error) }
  }
}
scenarios['bridge:guest-to-host'] = async () => {
  const m = requireVM(fixture('deep-values.js'))
  const deep = m.makeDeep(DEPTH)
  let walked = 0
  let node = deep
  while (node.next !== undefined) {
    node = node.next
    walked++
  }
  return {
    walked,
    leaf: node.leaf,
    stringify: attempt(() => JSON.stringify(deep).length),
    stringifyArray: attempt(() => JSON.stringify(m.makeDeepArray(DEPTH)).length),
    // Node's own answer for a plain object of the same depth.
    nodeStringify: attempt(() => JSON.stringify(hostDeep()).length),
    inspect: attempt(() => require('util').inspect(deep, { depth: Infinity }).length > DEPTH),
    usable: m.identity(1),
  }
}
scenarios['bridge:host-to-guest'] = async () => {
  const m = requireVM(fixture('deep-values.js'))
  const deep = hostDeep()
  let innermost = deep
  while (innermost.next !== undefined) innermost = innermost.next
  return {
    walk: attempt(() => ({ ...m.walk(deep) })),
    identity: attempt(() => m.identity(deep) === deep),
    innermost: attempt(() => m.innermost(deep) === innermost),
    usable: m.identity(2),
  }
}
// The guest recursing over a deep host object: each level is a guest frame and a host read.
scenarios['bridge:host-to-guest-recursive'] = async () => {
  const m = requireVM(fixture('deep-values.js'))
  return { walkRecursive: attempt(() => ({ ...m.walkRecursive(hostDeep()) })), usable: m.identity(2) }
}
scenarios['bridge:host-to-guest-stringify'] = async () => {
  const m = requireVM(fixture('deep-values.js'))
  return { stringify: attempt(() => ({ ...m.stringify(hostDeep()) })), usable: m.identity(2) }
}
scenarios['bridge:round-trip'] = async () => {
  const m = requireVM(fixture('deep-values.js'))
  // A guest deep value through a host function and back into the guest.
  const deep = m.makeDeep(DEPTH)
  const back = attempt(() => ({ ...m.walk(m.identity(deep)) }))
  const arrays = m.makeDeepArray(DEPTH)
  let depth = 0
  for (let a = arrays; Array.isArray(a) && a.length; a = a[0]) depth++
  return { back, arrays: depth, usable: m.identity(3) }
}

async function main() {
  const name = process.argv[2]
  const scenario = scenarios[name]
  if (!scenario) {
    console.log(`LIMITS-LIST ${JSON.stringify(Object.keys(scenarios))}`)
    return
  }
  // A promise that never settles lets the event loop empty: say so instead of exiting silently.
  const onExit = () => console.log('LIMITS-PENDING the scenario\'s promise never settled')
  process.once('beforeExit', onExit)
  const result = await scenario()
  process.removeListener('beforeExit', onExit)
  result.fresh = freshEngine()
  console.log(`LIMITS-RESULT ${JSON.stringify(result)}`)
}

main().catch((error) => {
  console.log(`LIMITS-FAILED ${JSON.stringify(describe(error))}`)
  process.exitCode = 3
})
