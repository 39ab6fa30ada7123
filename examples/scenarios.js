// The demo's second part: what requireVM does and require-vm cannot. Each scenario loads a module
// of examples/scenarios/ with one library and reports what happened:
//
//   node examples/scenarios.js <memory-bomb|endless-loop|escape|fake-fs> <require-vm|requireVM>
//
// prints one line, `@@SCENARIO@@{json}`. examples/demo.js runs every scenario with both libraries,
// each in a child process of its own with a small V8 heap and a wall-clock kill: require-vm's
// memory bomb and endless loop take their process down with them. describe() and verdict() turn
// the outcomes (the result line, or how the process ended) into the demo's lines.
'use strict'

const crypto = require('node:crypto')
const path = require('node:path')

const DIR = path.join(__dirname, 'scenarios')
const LIBRARIES = ['requireVM', 'require-vm']
const MARKER = '@@SCENARIO@@'
const MEMORY_LIMIT = 64 // MiB, options.memoryLimit
const TIMEOUT = 500 // ms, options.timeout
const HEAP = 128 // MB, --max-old-space-size of each child process

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const errorOf = (error) => ({ code: error.code, message: String(error.message).split('\n')[0] })
const timed = (fn) => {
  const t0 = Date.now()
  try {
    return { returned: fn(), ms: Date.now() - t0 }
  } catch (error) {
    return { error: errorOf(error), ms: Date.now() - t0 }
  }
}
// After the scenario: the process is alive and still loads and runs a module.
const aliveAfter = (load) => load(path.join(__dirname, 'leaky.js')).leak() === 1000

// How a child process ended when it printed no result: killed by us, out of memory, or else.
function death({ signal, code, killed, ms, stderr }) {
  if (killed) return `the host process hung: still running after ${seconds(ms)}, killed`
  const how = signal || `exit code ${code}`
  if (/heap out of memory|Allocation failed/.test(stderr)) return `the host process died: out of memory after ${seconds(ms)} (${how})`
  return `the host process died after ${seconds(ms)} (${how})`
}

const SCENARIOS = [
  {
    id: 'memory-bomb',
    title: `a memory bomb: explode() keeps allocating (scenarios/memory-bomb.js), options { memoryLimit: ${MEMORY_LIMIT} }`,
    killAfter: 30_000,
    run(load) {
      const bomb = load(path.join(DIR, 'memory-bomb.js'), {}, { memoryLimit: MEMORY_LIMIT })
      return { ...timed(() => bomb.explode()), alive: aliveAfter(load) }
    },
    protects: (r) => r.error?.code === 'ERR_REQUIRE_VM_MEMORY_LIMIT' && r.alive,
    describe: (r) => `stopped after ${seconds(r.ms)}: ${r.error?.code}; the host went on and loaded another module`,
    claim: 'stops the bomb, and the host lives',
  },
  {
    id: 'endless-loop',
    title: `an endless loop in a method called after loading (scenarios/endless-loop.js), options { timeout: ${TIMEOUT} }`,
    killAfter: 5_000,
    run(load) {
      const module = load(path.join(DIR, 'endless-loop.js'), {}, { timeout: TIMEOUT })
      return { ...timed(() => module.waitUntilReady()), alive: aliveAfter(load) }
    },
    protects: (r) => r.error?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' && r.alive,
    describe: (r) => `stopped after ${seconds(r.ms)}: ${r.error?.code}; the host went on and loaded another module`,
    claim: 'stops the loop at the timeout, and the host goes on',
  },
  {
    id: 'escape',
    title: 'an escape attempt: constructor and prototype-chain walks to `process` (scenarios/escape.js)',
    killAfter: 10_000,
    run(load) {
      // A mark on the host's own process: a walk that reads it back reached the host.
      const mark = crypto.randomBytes(8).toString('hex')
      process.demoMark = mark
      const contextObject = { config: { name: 'demo', list: [1, 2, 3] }, log: (...args) => console.log(...args) }
      const report = JSON.parse(load(path.join(DIR, 'escape.js'), contextObject).attempt())
      const walks = Object.entries(report).map(([walk, { got, mark: seen }]) => ({ walk, got, host: seen === mark }))
      return { walks }
    },
    protects: (r) => r.walks.length > 0 && r.walks.every((w) => !w.host),
    describe(r) {
      const reached = r.walks.filter((w) => w.host)
      if (reached.length) return `${reached.length} of ${r.walks.length} walks reached the host's process (first: ${reached[0].walk})`
      const got = [...new Set(r.walks.map((w) => (w.got === 'a process object' ? "the engine's own process" : w.got)))]
      return `0 of ${r.walks.length} walks reached the host: they got ${got.join('; ')}`
    },
    claim: 'keeps every walk away from the host',
  },
  {
    id: 'fake-fs',
    title: 'a fake `fs` given in moduleMap, read by a grandchild (scenarios/fake-fs/app.js → lib/settings.js → lib/read-config.js)',
    killAfter: 10_000,
    run(load) {
      const reads = []
      const fakeFs = {
        readFileSync(file) {
          reads.push(path.relative(DIR, String(file)))
          return '{ "source": "the fake fs" }'
        },
      }
      const result = timed(() => load(path.join(DIR, 'fake-fs', 'app.js'), {}, {}, { fs: fakeFs }).source)
      return { ...result, reads }
    },
    protects: (r) => r.returned === 'the fake fs' && r.reads.length > 0,
    describe(r) {
      const reads = r.reads.length ? `the fake fs was asked for ${r.reads.join(', ')}` : 'the fake fs was never called'
      if (r.error) return `the tree failed to load (${r.error.message}); ${reads}`
      return `app.js got "${r.returned}"; ${reads}`
    },
    claim: 'hands the fake fs to the grandchild',
  },
]

// One line for one library's outcome: { result } or { died: { signal, code, killed, ms, stderr } }.
function describe(scenario, outcome) {
  if (outcome.died) return death(outcome.died)
  const { result } = outcome
  if (result.error && !scenario.protects(result) && scenario.id !== 'fake-fs') {
    return `threw ${result.error.code || 'an error'}: ${result.error.message}`
  }
  if ('returned' in result && scenario.id !== 'fake-fs') return `returned ${JSON.stringify(result.returned)}`
  return scenario.describe(result)
}

const protects = (scenario, outcome) => Boolean(outcome.result) && scenario.protects(outcome.result)

// The scenario's one-line verdict from both libraries' outcomes ({ requireVM, 'require-vm' }).
function verdict(scenario, outcomes) {
  const ok = LIBRARIES.filter((lib) => protects(scenario, outcomes[lib]))
  if (ok.length === LIBRARIES.length) return `both libraries: ${scenario.claim}`
  if (ok.length === 0) return `neither library ${scenario.claim.replace(/^(\w+)s\b/, '$1')}`
  return `only ${ok[0]} ${scenario.claim}`
}

module.exports = { SCENARIOS, LIBRARIES, MARKER, HEAP, describe, verdict, protects }

if (require.main === module) {
  const [id, lib] = process.argv.slice(2)
  const scenario = SCENARIOS.find((s) => s.id === id)
  if (!scenario || !LIBRARIES.includes(lib)) {
    console.error(`usage: node examples/scenarios.js <${SCENARIOS.map((s) => s.id).join('|')}> <${LIBRARIES.join('|')}>`)
    process.exit(2)
  }
  const load = lib === 'requireVM' ? require('..') : require('require-vm')
  const result = scenario.run(load)
  process.stdout.write(`${MARKER}${JSON.stringify(result)}\n`)
  process.exit(0)
}
