'use strict'
// The fault run (issue 5): well over 40 hostile or malformed calls in ONE child process
// (children/faults-run.js). Every call must end in a JavaScript value or error, and the process
// must survive them all. Each case is reported as its own test; where Node's semantics or the
// SPEC say what the outcome is, the test checks it too.
const path = require('path')
const { spawnSync } = require('child_process')

const RUNNER = path.join(__dirname, 'children', 'faults-run.js')

const list = spawnSync(process.execPath, ['--expose-gc', RUNNER, '--list'], { encoding: 'utf8', timeout: 60000 })
const listLine = `${list.stdout}`.split('\n').find((l) => l.startsWith('FAULTS-LIST '))
const CASES = listLine ? JSON.parse(listLine.slice('FAULTS-LIST '.length)) : []

const invalidType = { kind: 'error', errorName: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }
const invalidValue = { kind: 'error', errorName: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }
const disposedError = { kind: 'error', code: 'ERR_REQUIRE_VM_DISPOSED' }
const value = (v) => ({ kind: 'value', value: v })

// What the outcome must be, where it is known. Every other case: a value or an error.
const EXPECTED = {
  'requireVM()': invalidType,
  'requireVM(42)': invalidType,
  "requireVM('')": invalidValue,
  'requireVM(Symbol())': invalidType,
  'requireVM({ toString })': invalidType,
  'requireVM(f, "context")': invalidType,
  'requireVM(f, 42)': invalidType,
  'requireVM(f, {}, "options")': invalidType,
  'requireVM(f, {}, [])': invalidType,
  'options.timeout -1': invalidValue,
  'options.timeout "5"': invalidType,
  'options.timeout Infinity': invalidValue,
  'options.memoryLimit NaN': invalidValue,
  'options.memoryLimit 10n': invalidType,
  'options.paths "dir"': invalidType,
  'options.paths [1]': invalidType,
  'options.filename 5': invalidType,
  'options.builtins "fs"': invalidType,
  'requireVM(f, {}, {}, "map")': invalidType,
  'requireVM(f, {}, {}, null)': invalidType,
  'requireVM(f, {}, {}, {}, "yes")': invalidType,
  'requireVM(f, {}, {}, {}, 1)': invalidType,
  'dispose()': value(false),
  'dispose(1)': value(false),
  'dispose("x")': value(false),
  'dispose({})': value(false),
  'dispose(Symbol())': value(false),
  'stats("x")': value('object'),
  'new RequireVmModule(5)': invalidType,
  'RequireVmModule() without new': { kind: 'error', errorName: 'TypeError' },
  'module.requireVm(5)': invalidType,
  'module.requireVm("")': invalidValue,
  'a missing file': { kind: 'error', code: 'MODULE_NOT_FOUND' },
  'a file with a syntax error': { kind: 'error', errorName: 'SyntaxError' },
  'a 64 MB request string': { kind: 'error', code: 'MODULE_NOT_FOUND' },
  'contextObject: a global whose getter throws': { kind: 'error', message: 'host global getter' },
  'contextObject: a 64 MB string global': value(64 * 1024 * 1024),
  'moduleMap: an entry whose getter throws': { kind: 'error', message: 'host moduleMap getter' },
  'argument: a throwing Proxy, read': { kind: 'error', message: 'host get trap' },
  'argument: a throwing Proxy, identity': value(true),
  'argument: a throwing Proxy caught in the guest': value('host get trap'),
  'argument: a throwing function Proxy, call': { kind: 'error', message: 'host apply trap' },
  'argument: a getter that throws, read': { kind: 'error', errorName: 'RangeError', message: 'host getter' },
  'argument: a cyclic object, JSON.stringify': { kind: 'error', errorName: 'TypeError' },
  'argument: a cyclic object, identity': value(true),
  'argument: a 64 MB string, length': value(64 * 1024 * 1024),
  'argument: a 64 MB string, identity': value(true),
  'argument: Object.create(null), String()': { kind: 'error', errorName: 'TypeError' },
  'argument: a revoked proxy, read': { kind: 'error', errorName: 'TypeError' },
  'argument: Symbol keys': value(4),
  'argument: a Symbol, + 1': { kind: 'error', errorName: 'TypeError' },
  // The guest file is strict: as in Node, a failed assignment is a TypeError.
  'argument: a frozen object, write': { kind: 'error', errorName: 'TypeError' },
  'argument: a sealed array, write past the end': { kind: 'error', errorName: 'TypeError' },
  'argument: a frozen object, isFrozen': value(true),
  'argument: an array of 1,000,000 numbers, summed': value(2999997),
  'argument: an object with 100,000 keys': value(100000),
  'argument: a 64 MB Buffer': value(64 * 1024 * 1024),
  'argument: a host callback throwing 42': value('number'),
  'argument: a host callback throwing null': { kind: 'error', thrown: 'null' },
  'argument: a host callback throwing a Symbol': { kind: 'error', thrown: 'Symbol(host thrown)' },
  'argument: a host class with private fields': value(42),
  'guest getter that throws': { kind: 'error', errorName: 'TypeError', message: 'guest getter' },
  'guest toJSON that throws': { kind: 'error', message: 'guest toJSON' },
  'guest cyclic object: JSON.stringify': { kind: 'error', errorName: 'TypeError' },
  'guest frozen object: write': { kind: 'error', errorName: 'TypeError' },
  'guest throws undefined': { kind: 'error', thrown: 'undefined' },
  'guest throws a Symbol': { kind: 'error', thrown: 'Symbol(thrown)' },
  'dispose while its call is on the stack': { kind: 'value', value: { inner: true, later: 'ERR_REQUIRE_VM_DISPOSED' } },
  'dispose while its call is on the stack, then the guest keeps running': disposedError,
  'dispose twice': value('true,false'),
  'a disposed engine: call': disposedError,
  'a disposed engine: get': disposedError,
  'a disposed engine: set': disposedError,
  'a disposed engine: in': disposedError,
  'a disposed engine: Object.keys': disposedError,
  'a disposed engine: new': disposedError,
  'a disposed engine: a function kept from before': disposedError,
  'a disposed RequireVmModule: requireVm': disposedError,
  'a disposed engine: its listener on a host EventEmitter, emitted after': value([true, 1]),
  'a disposed engine: a callback it gave a host function, called after': value(['function', null]),
  'an engine stopped by its timeout: a callback it gave a host function, called after': value(['ERR_SCRIPT_EXECUTION_TIMEOUT', null]),
  'a disposed engine: its fs.readFile callback, completed after': value('the host lives on'),
  'a thousand dropped engines, then gc, then the first one still used': value('alive'),
  "wasm traps inside, then the host's own wasm": value(
    ['RuntimeError,RuntimeError,RuntimeError,RangeError 1', 'RuntimeError,RuntimeError,RuntimeError,RangeError 2',
      'RuntimeError,RuntimeError,RuntimeError,RangeError 3'].join('; '),
  ),
}

// Cases whose outcome may be either a value or a RangeError (the engine may stop earlier than
// V8 does), never a crash. Host and guest calling into each other share V8's stack (984 KB by
// default) with the engine's own frames, so their mutual recursion goes a few hundred levels
// deep, not the thousands plain JavaScript reaches.
const VALUE_OR_RANGE_ERROR = {
  'reentrancy: host → guest → host 1,000 times': 1000,
  'reentrancy: host → guest → host 100,000 times (RangeError or value)': 100000,
}

function runFrom(from) {
  const child = spawnSync(process.execPath, ['--expose-gc', RUNNER, '--from', String(from)], {
    encoding: 'utf8',
    timeout: 240000,
    maxBuffer: 64 * 1024 * 1024,
  })
  const seen = []
  for (const line of `${child.stdout}`.split('\n')) {
    if (line.startsWith('FAULT ')) seen.push(JSON.parse(line.slice('FAULT '.length)))
  }
  const end = `${child.stdout}`.split('\n').find((l) => l.startsWith('FAULTS-END '))
  return { child, seen, end: end && JSON.parse(end.slice('FAULTS-END '.length)) }
}

let run // the one run of every case in one process
let outcomes // case name → outcome
const crashes = new Map() // case name → how the process died in it
beforeAll(() => {
  run = runFrom(0)
  outcomes = new Map(run.seen.map((outcome) => [outcome.name, outcome]))
  // After a crash, resume after the case that crashed, so every case still gets an outcome
  // (the test of the single run above fails all the same).
  let last = run
  for (let resumes = 0; !last.end && resumes < 30; resumes++) {
    const crashedAt = outcomes.size
    if (crashedAt >= CASES.length) break
    const how = last.child.signal ? `killed by ${last.child.signal}` : `exit ${last.child.status}`
    crashes.set(CASES[crashedAt], `${how}: ${`${last.child.stderr}`.slice(-600)}`)
    outcomes.set(CASES[crashedAt], { name: CASES[crashedAt], kind: 'crash' })
    last = runFrom(crashedAt + 1)
    for (const outcome of last.seen) outcomes.set(outcome.name, outcome)
  }
})

test('the case list is long enough (at least 40 hostile calls)', () => {
  expect(list.status).toBe(0)
  expect(CASES.length).toBeGreaterThanOrEqual(40)
  expect(Object.keys(EXPECTED).filter((name) => !CASES.includes(name))).toEqual([])
})

test('one process survives every case and prints its final marker', () => {
  expect({
    signal: run.child.signal,
    status: run.child.status,
    crashedIn: [...crashes.keys()],
  }).toEqual({ signal: null, status: 0, crashedIn: [] })
  expect(run.end).toEqual({ from: 0, count: CASES.length, last: 'last' })
})

describe('each case ends in a value or an error', () => {
  test.each(CASES)('%s', (name) => {
    const outcome = outcomes.get(name)
    if (crashes.has(name)) throw new Error(`the process crashed in this case (${crashes.get(name)})`)
    if (outcome === undefined) throw new Error('no outcome: the process died before this case')
    expect(['value', 'error']).toContain(outcome.kind)
    if (name in EXPECTED) expect(outcome).toMatchObject(EXPECTED[name])
    if (name in VALUE_OR_RANGE_ERROR) {
      if (outcome.kind === 'value') expect(outcome.value).toBe(VALUE_OR_RANGE_ERROR[name])
      else expect(outcome).toMatchObject({ errorName: 'RangeError' })
    }
  })
})
