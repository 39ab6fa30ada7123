// SPEC "Isolation": the guest reaches exactly its own engine, `contextObject`, `moduleMap` and
// the built-ins `options.builtins` allows. Each file in `__test__/escapes/` (but `_harness.js`)
// is one escape attempt, adapted to our bridge from the public vm2 advisories and the classic
// constructor chains; it runs in its own child process with a secret on the host (see
// `escapes/_harness.js`) and prints what the guest reached and which host built-ins changed.
//
// The `control-*` attempts are positive controls: they hand the guest host capabilities on
// purpose, so they must be reported as reached/changed, which shows the reporting works.

const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const DIR = path.join(__dirname, 'escapes')
const MARKER = '@@ESCAPE@@'
const attempts = fs.readdirSync(DIR).filter((f) => f.endsWith('.js') && !f.startsWith('_')).sort()
const controls = attempts.filter((f) => f.startsWith('control-'))
const escapes = attempts.filter((f) => !f.startsWith('control-'))

function run(file) {
  const secret = `s${crypto.randomBytes(12).toString('hex')}`
  const child = spawnSync(process.execPath, [path.join(DIR, file)], {
    cwd: DIR,
    env: { ...process.env, RVM_ESCAPE_SECRET: secret },
    encoding: 'utf8',
    timeout: 100_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  const stdout = child.stdout || ''
  const stderr = child.stderr || ''
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(MARKER))
  let report
  try {
    report = line ? JSON.parse(line.slice(MARKER.length)) : undefined
  } catch {
    report = undefined
  }
  const exit = child.error ? `spawn failed: ${child.error.message}` : child.signal ? `signal ${child.signal}` : `code ${child.status}`
  const hide = (text) => text.split(secret).join('<secret>')
  return {
    exit,
    report,
    // The harness never prints the secret: any trace of it in the output came from the guest.
    secretInOutput: stdout.includes(secret) || stderr.includes(secret),
    stderr: hide(stderr).slice(-4000),
    stdout: hide(stdout).slice(-4000),
  }
}

test('the suite has at least 32 escape attempts and its positive controls', () => {
  expect(escapes.length).toBeGreaterThanOrEqual(32)
  expect(controls).toEqual(['control-change.js', 'control-reach.js'])
})

describe.each(controls)('positive control %s', (file) => {
  test('is reported as reached or changed (the reporting works)', () => {
    const { exit, report, stderr } = run(file)
    expect({ exit, stderr: report ? '' : stderr }).toEqual({ exit: 'code 0', stderr: '' })
    expect(report.error).toBeUndefined()
    expect(report.steps.length).toBeGreaterThan(0)
    if (file === 'control-reach.js') {
      // The host deliberately put its globalThis, process and require in contextObject.
      expect(report.reached).toEqual(expect.arrayContaining([
        expect.stringContaining('SECRET'),
        expect.stringContaining("is the host's process"),
        expect.stringContaining("is the host's require"),
        expect.stringContaining("is the host's globalThis"),
      ]))
      expect(report.changed).toEqual([])
    } else {
      // The host deliberately gave the guest a function that changes its built-in prototypes.
      expect(report.reached).toEqual([])
      expect(report.changed).toEqual(expect.arrayContaining([
        'Object.prototype: added controlPolluted',
        'Array.prototype: prototype replaced',
        'Map.prototype.get: added controlMark',
        'host object: prototype replaced',
      ]))
    }
  })
})

describe.each(escapes)('escape attempt %s', (file) => {
  test('reaches nothing of the host, changes no host built-in, and the child exits normally', () => {
    const { exit, report, secretInOutput, stderr, stdout } = run(file)
    const outcome = {
      exit,
      printedReport: report !== undefined,
      harnessError: report ? report.error : undefined,
      secretInOutput,
      reached: report ? report.reached : 'no report',
      changed: report ? report.changed : 'no report',
    }
    const expected = {
      exit: 'code 0',
      printedReport: true,
      harnessError: undefined,
      secretInOutput: false,
      reached: [],
      changed: [],
    }
    // On failure, the diff carries what the child printed, or the steps the guest took.
    if (!report || exit !== 'code 0') outcome.output = { stdout, stderr }
    if (report && (report.reached.length || report.changed.length)) outcome.steps = report.steps
    expect(outcome).toEqual(expected)
    // The attempt really ran in the guest: it reported the steps it took.
    expect(report.steps.length).toBeGreaterThan(0)
  })
})
