'use strict'
// The plumbing every workload shares: timing, medians, the three implementations under test,
// and the parent/child protocol (each workload runs in its own child process so that memory
// and GC state never mix; the child sends progress lines and one result over IPC).

const path = require('node:path')
const { fork } = require('node:child_process')

const ROOT = path.resolve(__dirname, '..', '..')
const FIXTURES = path.join(__dirname, '..', 'fixtures')
const fixture = (name) => path.join(FIXTURES, name)

const now = () => process.hrtime.bigint()
const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const gc = () => { if (global.gc) { global.gc(); global.gc() } }
const rssMB = () => process.memoryUsage().rss / 1048576
// Peak RSS of this process so far (getrusage ru_maxrss).
const peakRssMB = () => process.resourceUsage().maxRSS / 1024

// ---- the implementations ----------------------------------------------------------------------

let ours
function loadOurs() {
  if (!ours) ours = require(ROOT)
  return ours
}
const loadRequireVm = () => require('require-vm')
const vmRequire = require('./vm-require')

// ---- child side -------------------------------------------------------------------------------

function progress(text) {
  if (process.send) process.send({ progress: text })
  else process.stderr.write(`  ${text}\n`)
}

// Runs `main(args)` in a child and sends its result to the parent.
function child(main) {
  const args = process.argv.slice(2)
  Promise.resolve()
    .then(() => main(args))
    .then((result) => {
      if (process.send) process.send({ result }, () => process.exit(0))
      else { console.log(JSON.stringify(result, null, 2)); process.exit(0) }
    })
    .catch((error) => {
      const message = error && error.stack ? error.stack : String(error)
      if (process.send) process.send({ error: message }, () => process.exit(1))
      else { console.error(message); process.exit(1) }
    })
}

// ---- parent side ------------------------------------------------------------------------------

// Forks `file` (with --expose-gc) and resolves with the result it sends. `onProgress` gets each
// progress line. Rejects on a crash or an error result (the error text included).
function runChild(file, args = [], { onProgress = () => {}, execArgv = [] } = {}) {
  return new Promise((resolve, reject) => {
    const proc = fork(file, args, {
      execArgv: ['--expose-gc', ...execArgv],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    let result, error
    let stderr = ''
    proc.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000) })
    proc.on('message', (msg) => {
      if (msg.progress !== undefined) onProgress(msg.progress)
      if (msg.result !== undefined) result = msg.result
      if (msg.error !== undefined) error = msg.error
    })
    proc.on('exit', (code, signal) => {
      if (result !== undefined) return resolve(result)
      const why = error || `exited with ${signal || code}${stderr ? `\n${stderr}` : ''}`
      reject(new Error(`${path.basename(file)} ${args.join(' ')}: ${why}`))
    })
  })
}

module.exports = {
  ROOT, fixture, now, msSince, median, gc, rssMB, peakRssMB,
  loadOurs, loadRequireVm, vmRequire, progress, child, runChild,
}
