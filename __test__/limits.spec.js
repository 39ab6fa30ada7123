'use strict'
// options.timeout and options.memoryLimit stop any guest code; deep recursion and deeply nested
// values never crash the host. Every scenario runs in its own child process
// (children/limits-run.js), so a crash shows up as a crash and not as a dead Jest worker.
const path = require('path')
const { spawnSync } = require('child_process')

const RUNNER = path.join(__dirname, 'children', 'limits-run.js')
const TIMEOUT = 400 // ms, options.timeout in the child
const MEMORY = 64 // MiB, options.memoryLimit in the child

function run(scenario) {
  const child = spawnSync(process.execPath, [RUNNER, scenario], {
    encoding: 'utf8',
    timeout: 90000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, LIMITS_TIMEOUT: String(TIMEOUT), LIMITS_MEMORY: String(MEMORY) },
  })
  const lines = `${child.stdout}`.split('\n')
  const line = lines.find((l) => l.startsWith('LIMITS-RESULT '))
  const problem = lines.find((l) => l.startsWith('LIMITS-PENDING') || l.startsWith('LIMITS-FAILED'))
  if (child.signal || child.status !== 0 || !line) {
    const how = child.error ? `${child.error.code}` : child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`
    throw new Error(
      `scenario ${scenario}: the child process did not end normally (${how})` +
        `${problem ? `\n${problem}` : ''}\nstderr: ${`${child.stderr}`.slice(-2000)}`,
    )
  }
  return JSON.parse(line.slice('LIMITS-RESULT '.length))
}

function expectTimedOut(result) {
  expect(result).toMatchObject({ error: { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT', isError: true } })
  // Stopped after the limit, and within twice the limit.
  expect(result.elapsed).toBeGreaterThanOrEqual(TIMEOUT * 0.9)
  expect(result.elapsed).toBeLessThan(TIMEOUT * 2)
  // The process goes on and loads a new engine.
  expect(result.fresh).toBe('fine')
}

function expectMemoryStopped(result) {
  expect(result).toMatchObject({ error: { code: 'ERR_REQUIRE_VM_MEMORY_LIMIT', isError: true } })
  // Peak RSS grew by less than twice the limit.
  expect(result.rssGrowth).toBeLessThan(MEMORY * 2)
  expect(result.fresh).toBe('fine')
}

const DISPOSED = { code: 'ERR_REQUIRE_VM_DISPOSED', isError: true }

describe('timeout', () => {
  test.each([
    ['while (true) {} at load', 'loop-at-load.js'],
    ['an endless loop inside a [].forEach callback', 'loop-in-foreach.js'],
    ['an endless loop inside an Array.from mapper', 'loop-in-array-from.js'],
    ['an endless loop inside a sort comparator', 'loop-in-sort.js'],
    ['an endless async loop (while (true) await null)', 'async-await-loop.js'],
    ['a self-rescheduling promise chain', 'promise-chain.js'],
  ])('stops %s, disposes the engine, the process goes on', (_, file) => {
    const result = run(`timeout:${file}`)
    expectTimedOut(result)
    // The engine of that contextObject is already gone.
    expect(result.disposedAgain).toBe(false)
  })

  test.each([
    ['a later call into a proxy that loops', 'timeout:call'],
    ['a later call whose guest callback (inside Array.prototype.map) loops', 'timeout:call-callback'],
    ['a getter of a proxy that loops', 'timeout:getter'],
    ['a guest callback called by the host that loops', 'timeout:callback'],
  ])('stops %s; the engine is disposed afterwards', (_, scenario) => {
    const result = run(scenario)
    expect(result.before).toBe('fine')
    expectTimedOut(result)
    expect(result.later).toMatchObject(DISPOSED)
  })

  test('stops a self-rescheduling promise chain a call started, reported as uncaught; the engine is disposed', () => {
    const result = run('timeout:call-promise-chain')
    expect(result.returned).toBe('started')
    expect(result.reported).toEqual([
      ['Uncaught exception in a requireVM engine:', expect.objectContaining({ code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' })],
    ])
    expect(result.elapsed).toBeGreaterThanOrEqual(TIMEOUT * 0.9)
    expect(result.elapsed).toBeLessThan(TIMEOUT * 2)
    expect(result.later).toMatchObject(DISPOSED)
  })

  test('stops a later call into an async function that loops forever on await (throws or rejects)', () => {
    const result = run('timeout:call-async')
    expect(result.before).toBe('fine')
    expectTimedOut(result)
    expect(result.later).toMatchObject(DISPOSED)
  })

  test('stops a guest timer callback that loops; the engine is disposed, the host goes on', () => {
    const result = run('timeout:timer')
    // The host timer (50 ms) could only run once the guest's was stopped.
    expect(result.hostTimerAfter).toBeLessThan(TIMEOUT * 2)
    expect(result.later).toMatchObject(DISPOSED)
    expect(result.fresh).toBe('fine')
  })

  test('with both limits, the timeout stops a loop that allocates nothing', () => {
    expectTimedOut(run('both:timeout-first'))
  })
})

describe.each([
  ['in JavaScript', 'js'],
  // A wasm loop that never calls out runs no guest JavaScript and no interrupt check of Boa's:
  // a worker's wasm is compiled with epoch checks, which the watchdog's poll bumps.
  ['in a wasm loop', 'wasm'],
])('a worker thread running a guest that never returns (%s) can still be ended', (_, spinsIn) => {
  // Node ends a worker by terminating its JavaScript, which a guest spinning in Boa or wasm never
  // reaches: terminate() never settled, and process.exit() in the main thread hung waiting for it.
  const end = (mode) =>
    spawnSync(process.execPath, [path.join(__dirname, 'children', 'worker-ends.js'), mode, spinsIn], {
      encoding: 'utf8',
      timeout: 60000,
    })

  test('worker.terminate() ends it, within a few polls of the engine', () => {
    const child = end('terminate')
    expect([child.signal, child.status, child.stderr]).toEqual([null, 0, ''])
    const { code, ms } = JSON.parse(child.stdout)
    expect(code).toBe(1)
    expect(ms).toBeLessThan(5000)
  })

  test('process.exit() in the main thread ends the process', () => {
    const child = end('exit')
    expect([child.signal, child.status, child.stderr]).toEqual([null, 0, ''])
  })
})

describe('memoryLimit', () => {
  test.each([
    ['1 MB strings pushed into an array forever', 'memory-strings.js'],
    ['1 MB arrays pushed into an array forever', 'memory-arrays.js'],
    ['1 MB typed arrays pushed into an array forever', 'memory-typed-array.js'],
    ['an object that gains properties forever', 'memory-objects.js'],
    ['one ArrayBuffer of 1 GiB', 'memory-buffer.js'],
  ])('stops %s at load, disposes the engine, the process goes on', (_, file) => {
    const result = run(`memory:${file}`)
    expectMemoryStopped(result)
    expect(result.disposedAgain).toBe(false)
  })

  test('stops a later call into a proxy that allocates forever', () => {
    const result = run('memory:call')
    expect(result.before).toBe('fine')
    expectMemoryStopped(result)
    expect(result.later).toMatchObject(DISPOSED)
  })

  test('stops an async function that allocates between awaits (throws or rejects)', () => {
    const result = run('memory:async')
    expectMemoryStopped(result)
    expect(result.later).toMatchObject(DISPOSED)
  })

  test('with both limits, the memory limit stops a hog long before the timeout', () => {
    expectMemoryStopped(run('both:memory-first'))
  })
})

describe('deep recursion is a RangeError, as in Node', () => {
  let result
  beforeAll(() => {
    result = run('recursion')
  })
  test.each([
    ['function f() { return f() }', 'plain'],
    ['mutual recursion', 'mutual'],
    ['a getter reading itself', 'getter'],
    ['a toString that stringifies itself', 'toString'],
    ['a toJSON that stringifies itself', 'toJSON'],
    ['a Proxy get trap reading the proxy', 'proxyTrap'],
    ['a constructor constructing itself', 'constructor'],
    ['bound functions', 'bound'],
    ['Function.prototype.apply', 'apply'],
    ['callbacks of a native ([].forEach)', 'callbacks'],
  ])('%s: a RangeError the guest itself catches (Node gives the same)', (_, name) => {
    expect(result[name].node).toEqual({ name: 'RangeError', isRangeError: true })
    expect(result[name].got).toEqual(result[name].node)
  })
  test('the engine is usable after them', () => {
    expect(result.usableAfter).toBe('string')
    expect(result.fresh).toBe('fine')
  })
})

describe('deeply nested values inside the guest', () => {
  // Node's answer for each (computed by running the same fixture with plain require), or a
  // RangeError: the engine may stop earlier than V8, but never with a native stack overflow.
  const oracle = require('./fixtures/limits/recursion.js')
  test.each([
    ['JSON.stringify of a deeply nested object', 'deepStringify', 20000],
    ['JSON.stringify of a deeply nested object', 'deepStringify', 1000000],
    ['JSON.parse of deeply nested arrays', 'deepParse', 20000],
    ['JSON.parse of deeply nested arrays', 'deepParse', 1000000],
    ['eval of deeply nested parentheses', 'deepEval', 20000],
    ['eval of deeply nested parentheses', 'deepEval', 1000000],
    ['eval of a deeply nested array literal', 'deepArrayLiteral', 20000],
    ['eval of a deeply nested array literal', 'deepArrayLiteral', 1000000],
    ['String() of deeply nested arrays', 'deepToString', 20000],
    ['String() of deeply nested arrays', 'deepToString', 1000000],
  ])("%s (%s, %i levels): Node's result or a RangeError, never a crash", (_, name, depth) => {
    const result = run(`deep:${name}:${depth}`)
    const node = oracle[name](depth)
    if (result.got.name === 'RangeError') {
      expect(result.got).toMatchObject({ name: 'RangeError' })
    } else {
      expect(result.got).toEqual(JSON.parse(JSON.stringify(node)))
    }
    expect(result.after).toBe('usable')
    expect(result.fresh).toBe('fine')
  })
})

describe('deeply nested values (20,000 levels) crossing the bridge', () => {
  test('a deep guest object read, walked, stringified and inspected on the host', () => {
    const result = run('bridge:guest-to-host')
    expect(result.walked).toBe(20000)
    expect(result.leaf).toBe(true)
    // Node's own JSON.stringify of a plain object that deep: the host must answer the same
    // way for the guest's object (a string, or V8's RangeError), never crash.
    const expected = result.nodeStringify.error
      ? { error: expect.objectContaining({ name: 'RangeError' }) }
      : result.nodeStringify
    expect(result.stringify).toEqual(expected)
    expect(result.stringifyArray).toEqual(
      result.nodeStringify.error ? expected : { value: 2 * 20000 + 2 },
    )
    expect(result.inspect).toEqual({ value: true })
    expect(result.usable).toBe(1)
    expect(result.fresh).toBe('fine')
  })

  test('a deep host object walked by the guest; identity holds at every level', () => {
    const result = run('bridge:host-to-guest')
    expect(result.walk).toEqual({ value: { depth: 20000, leaf: true } })
    expect(result.identity).toEqual({ value: true })
    expect(result.innermost).toEqual({ value: true })
    expect(result.usable).toBe(2)
    expect(result.fresh).toBe('fine')
  })

  test('a deep host object walked recursively by the guest: the depth or a RangeError', () => {
    const result = run('bridge:host-to-guest-recursive')
    const walked = result.walkRecursive.value
    if (walked && walked.depth !== undefined) expect(walked).toEqual({ depth: 20000 })
    else expect(walked || result.walkRecursive.error).toMatchObject({ isRangeError: true })
    expect(result.usable).toBe(2)
    expect(result.fresh).toBe('fine')
  })

  test('JSON.stringify inside the guest of a deep host object: a string or a RangeError', () => {
    const result = run('bridge:host-to-guest-stringify')
    const got = result.stringify.value || result.stringify.error
    if (got.length !== undefined) expect(got.length).toBe(JSON.stringify({ leaf: true }).length + 20000 * 9)
    else expect(got).toMatchObject({ isRangeError: true })
    expect(result.usable).toBe(2)
    expect(result.fresh).toBe('fine')
  })

  test('a deep guest object through the host and back into the guest', () => {
    const result = run('bridge:round-trip')
    expect(result.back).toEqual({ value: { depth: 20000, leaf: true } })
    expect(result.arrays).toBe(20000)
    expect(result.usable).toBe(3)
  })
})
