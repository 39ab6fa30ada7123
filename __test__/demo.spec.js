'use strict'
// The scenarios `npm run demo` shows (examples/scenarios/), through the public API: what requireVM
// does there and require-vm cannot. A memory bomb stops at memoryLimit and the host goes on; an
// endless loop in a method called after loading stops at timeout; the constructor and
// prototype-chain walks of the escape attempt reach nothing of the host's; a fake fs in moduleMap
// is what a grandchild module reads. Then the demo's own runner (examples/scenarios.js), in child
// processes with a small V8 heap as the demo runs it, reports requireVM protecting the host in each.

const crypto = require('node:crypto')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const requireVM = require('..')
const { thrown } = require('./helpers')

const EXAMPLES = path.join(__dirname, '..', 'examples')
const DIR = path.join(EXAMPLES, 'scenarios')
const LEAKY = path.join(EXAMPLES, 'leaky.js')
const DISPOSED = expect.objectContaining({ code: 'ERR_REQUIRE_VM_DISPOSED' })

// The host goes on: a new engine loads and runs a module.
function expectHostAlive() {
  expect(requireVM(LEAKY).leak()).toBe(1000)
}

test('memory bomb: explode() stops with ERR_REQUIRE_VM_MEMORY_LIMIT, the engine is disposed, the host goes on', () => {
  const bomb = requireVM(path.join(DIR, 'memory-bomb.js'), {}, { memoryLimit: 64 })
  const error = thrown(() => bomb.explode())
  expect(error).toBeInstanceOf(Error)
  expect(error.code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
  expect(thrown(() => bomb.explode())).toEqual(DISPOSED)
  expectHostAlive()
})

test('endless loop: a method called after loading stops with ERR_SCRIPT_EXECUTION_TIMEOUT at the timeout', () => {
  const TIMEOUT = 400
  const module = requireVM(path.join(DIR, 'endless-loop.js'), {}, { timeout: TIMEOUT })
  const started = Date.now()
  const error = thrown(() => module.waitUntilReady())
  const elapsed = Date.now() - started
  expect(error.code).toBe('ERR_SCRIPT_EXECUTION_TIMEOUT')
  expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT * 0.9)
  expect(elapsed).toBeLessThan(TIMEOUT * 2)
  expect(thrown(() => module.waitUntilReady())).toEqual(DISPOSED)
  expectHostAlive()
})

// The escape attempt's report, loaded with `load`, and the mark it looks for on the host's process.
function escapeReport(load) {
  const mark = crypto.randomBytes(8).toString('hex')
  process.demoMark = mark
  try {
    const contextObject = { config: { name: 'demo', list: [1, 2, 3] }, log: () => {} }
    return { mark, report: JSON.parse(load(path.join(DIR, 'escape.js'), contextObject).attempt()) }
  } finally {
    delete process.demoMark
  }
}

test("escape attempt: no walk from this or from the handed-in host values reaches the host's process", () => {
  const { mark, report } = escapeReport(requireVM)
  expect(Object.keys(report)).toEqual([
    'this.constructor.constructor',
    'config.constructor.constructor',
    'config.list.__proto__.__proto__…',
    'log.constructor',
    'module.constructor.constructor',
  ])
  for (const walk of Object.values(report)) expect(walk.mark).not.toBe(mark)
})

test('escape attempt, positive control: under require-vm the same walks read the mark on the host\'s process', () => {
  const { mark, report } = escapeReport(require('require-vm'))
  expect(Object.values(report).map((walk) => walk.mark)).toEqual(Array(5).fill(mark))
})

test('fake fs: moduleMap reaches the grandchild module; without it the grandchild reads the real file', () => {
  const app = path.join(DIR, 'fake-fs', 'app.js')
  const fakeFs = { readFileSync: jest.fn(() => '{ "source": "the fake fs" }') }
  expect(requireVM(app, {}, {}, { fs: fakeFs }).source).toBe('the fake fs')
  expect(fakeFs.readFileSync).toHaveBeenCalledTimes(1)
  expect(fakeFs.readFileSync).toHaveBeenCalledWith(path.join(DIR, 'fake-fs', 'lib', 'config.json'), 'utf8')
  expect(requireVM(app).source).toBe('the real file on disk')
})

describe("the demo's runner (examples/scenarios.js), requireVM in a child process with a 128 MB V8 heap", () => {
  const { SCENARIOS, MARKER, HEAP, protects, describe: describeOutcome } = require('../examples/scenarios')
  test.each(SCENARIOS.map((s) => [s.id, s]))('%s: reported as protecting the host', (_, scenario) => {
    const child = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP}`, path.join(EXAMPLES, 'scenarios.js'), scenario.id, 'requireVM'],
      { encoding: 'utf8', timeout: 60_000 },
    )
    const line = child.stdout.split('\n').find((l) => l.startsWith(MARKER))
    expect({ status: child.status, signal: child.signal, stderr: line ? '' : child.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    })
    const outcome = { result: JSON.parse(line.slice(MARKER.length)) }
    expect(protects(scenario, outcome)).toBe(true)
    expect(describeOutcome(scenario, outcome)).not.toMatch(/died|hung|threw|failed|reached the host's/)
  })
})
