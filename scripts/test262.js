#!/usr/bin/env node
'use strict'
// `npm run test262`: the ECMAScript conformance suite against our patched Boa and against
// crates.io's Boa 0.22, with the pass rate per directory written to test262/REPORT.md. Fails
// when a test that passes on crates.io's Boa fails on ours: our patches may fix tests, never
// break them.
//
//   node scripts/test262.js [--suite DIR] [--jobs N] [--timeout MS] [--engine patched|unpatched]
//                           [--report-only] [test/built-ins/Array ...]
//
// The suite is test262 at the commit pinned in test262/config.js, fetched into target/ on
// first use (from $TEST262_REPO if set, else GitHub). The worker is test262/runner.rs, built
// twice in release mode with Boa's features as the addon uses them.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn, execFileSync } = require('node:child_process')
const yaml = require('js-yaml')
const config = require('../test262/config.js')

const ROOT = path.resolve(__dirname, '..')
const WORK = path.join(ROOT, 'target', 'test262')
const ENGINES = ['unpatched', 'patched']

function parseArgs(argv) {
  const options = {
    suite: process.env.TEST262_DIR || path.join(WORK, 'suite'),
    jobs: os.availableParallelism(),
    timeout: 20000,
    engines: ENGINES,
    reportOnly: false,
    prefixes: [],
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--suite') options.suite = path.resolve(argv[++i])
    else if (arg === '--jobs') options.jobs = Number(argv[++i])
    else if (arg === '--timeout') options.timeout = Number(argv[++i])
    else if (arg === '--engine') options.engines = [argv[++i]]
    else if (arg === '--report-only') options.reportOnly = true
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`)
    else options.prefixes.push(arg.replace(/\/+$/, ''))
  }
  return options
}

// ---- the suite ---------------------------------------------------------------------------

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()
}

function ensureSuite(dir) {
  if (!fs.existsSync(path.join(dir, '.git'))) {
    const source = process.env.TEST262_REPO || config.repository
    console.log(`fetching test262 ${config.commit.slice(0, 10)} from ${source} into ${dir}`)
    fs.mkdirSync(dir, { recursive: true })
    git(dir, 'init', '-q')
    git(dir, 'fetch', '-q', '--depth', '1', source, config.commit)
    git(dir, 'checkout', '-q', 'FETCH_HEAD')
  }
  const head = git(dir, 'rev-parse', 'HEAD')
  if (head !== config.commit) {
    throw new Error(`${dir} is test262 at ${head}; test262/config.js pins ${config.commit}`)
  }
}

function listTests(suite, prefixes) {
  const files = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE')) files.push(full)
    }
  }
  walk(path.join(suite, 'test'))
  const relative = files.map((file) => path.relative(path.join(suite, 'test'), file)).sort()
  if (prefixes.length === 0) return relative
  return relative.filter((file) => prefixes.some((p) => `test/${file}`.startsWith(p) || file.startsWith(p)))
}

/** The test's YAML front matter (INTERPRETING.md, "Metadata"). */
function readMetadata(source) {
  const start = source.indexOf('/*---')
  const end = source.indexOf('---*/', start)
  if (start < 0 || end < 0) return {}
  return yaml.load(source.slice(start + 5, end)) || {}
}

/** Why a test is skipped, or undefined. */
function skipReason(file, meta, source) {
  const top = file.split('/')[0]
  if (config.directories[top]) return config.directories[top]
  if (config.tests[file]) return config.tests[file]
  for (const feature of meta.features || []) {
    if (config.features[feature]) return `feature ${feature}: ${config.features[feature]}`
  }
  for (const flag of meta.flags || []) {
    if (config.flags[flag]) return `flag ${flag}: ${config.flags[flag]}`
  }
  for (const [capability, reason] of Object.entries(config.capabilities)) {
    if (source.includes(capability)) return reason
  }
  return undefined
}

/** The runs INTERPRETING.md asks for: both modes unless a flag says otherwise. */
function modesOf(flags) {
  if (flags.includes('module')) return ['module']
  if (flags.includes('raw')) return ['raw']
  if (flags.includes('onlyStrict')) return ['strict']
  if (flags.includes('noStrict')) return ['sloppy']
  return ['sloppy', 'strict']
}

function planTests(suite, prefixes) {
  const plan = []
  for (const file of listTests(suite, prefixes)) {
    const full = path.join(suite, 'test', file)
    const source = fs.readFileSync(full, 'utf8')
    let meta
    try {
      meta = readMetadata(source)
    } catch (error) {
      plan.push({ file, skip: `unreadable metadata: ${error.message}` })
      continue
    }
    const flags = meta.flags || []
    const negative = meta.negative || {}
    plan.push({
      file,
      skip: skipReason(file, meta, source),
      jobs: modesOf(flags).map((mode) =>
        [mode, full, (meta.includes || []).join(','), negative.phase || '-', negative.type || '-', flags.includes('async') ? 1 : 0].join('\t'),
      ),
    })
  }
  return plan
}

// ---- the workers -------------------------------------------------------------------------

const RUNNER_PROFILE = `
[profile.release]
opt-level = 3
debug = false
panic = "unwind"
`

/** Builds the worker against crates.io's Boa ("unpatched") or vendor/ ("patched"). */
function buildRunner(engine) {
  const dir = path.join(WORK, engine)
  fs.mkdirSync(dir, { recursive: true })
  const patch =
    engine === 'patched'
      ? '[patch.crates-io]\n' +
        // Every crate we patch (vendor/<crate>, as Cargo.toml's [patch.crates-io] names them).
        fs.readdirSync(path.join(ROOT, 'vendor'))
          .sort()
          .map((crate) => `${crate} = { path = ${JSON.stringify(path.join(ROOT, 'vendor', crate))} }`)
          .join('\n')
      : ''
  const manifest = `# Generated by scripts/test262.js.
[package]
name = "test262-${engine}"
version = "0.0.0"
edition = "2024"
publish = false

[[bin]]
name = "test262-${engine}"
path = ${JSON.stringify(path.join(ROOT, 'test262', 'runner.rs'))}

[dependencies]
# Boa's features as the addon builds them (Cargo.toml).
boa_engine = { version = "=0.22.0", default-features = false, features = ["annex-b"] }
boa_gc = "=0.22.0"

# \`patched\`: what only our Boa has and the addon turns on (runner.rs).
[features]
default = [${engine === 'patched' ? '"patched"' : ''}]
patched = []

[workspace]
${RUNNER_PROFILE}
${patch}
`
  fs.writeFileSync(path.join(dir, 'Cargo.toml'), manifest)
  // The addon's lockfile: the same versions of everything Boa depends on.
  if (!fs.existsSync(path.join(dir, 'Cargo.lock'))) fs.copyFileSync(path.join(ROOT, 'Cargo.lock'), path.join(dir, 'Cargo.lock'))
  console.log(`building the ${engine} worker (cargo build --release)`)
  execFileSync('cargo', ['build', '--release', '--quiet', '--manifest-path', path.join(dir, 'Cargo.toml')], {
    stdio: 'inherit',
    env: { ...process.env, CARGO_TARGET_DIR: path.join(WORK, 'build') },
  })
  return path.join(WORK, 'build', 'release', `test262-${engine}`)
}

class Worker {
  constructor(binary, harness, timeout) {
    this.binary = binary
    this.harness = harness
    this.timeout = timeout
    this.start()
  }

  start() {
    // A test that allocates without end must fail, not take the machine with it.
    this.child = spawn('sh', ['-c', 'ulimit -v 8000000; exec "$0" "$1"', this.binary, this.harness], {
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    this.buffer = ''
    this.pending = null
    this.child.stdout.setEncoding('utf8')
    this.child.stdout.on('data', (chunk) => {
      this.buffer += chunk
      let newline
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline)
        this.buffer = this.buffer.slice(newline + 1)
        const [status, reason = ''] = line.split('\t')
        this.settle({ status, reason })
      }
    })
    this.child.on('exit', (code, signal) => {
      this.child = null
      this.settle({ status: 'crash', reason: signal ? `killed by ${signal}` : `exit ${code}` })
    })
    this.child.stdin.on('error', () => {})
  }

  settle(result) {
    const pending = this.pending
    if (!pending) return
    this.pending = null
    clearTimeout(pending.timer)
    pending.resolve(result)
  }

  run(job) {
    if (!this.child) this.start()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ status: 'timeout', reason: `over ${this.timeout} ms` })
        this.kill()
      }, this.timeout)
      this.pending = { resolve, timer }
      this.child.stdin.write(job + '\n')
    })
  }

  kill() {
    if (this.child) {
      this.child.removeAllListeners('exit')
      this.child.kill('SIGKILL')
      this.child = null
    }
  }
}

async function runEngine(engine, binary, plan, options) {
  const started = Date.now()
  const results = await runTests(engine, binary, plan.filter((test) => !test.skip), options.jobs, options.timeout, options)
  // A timeout or a crash may be the machine's load, not the engine: those tests run once more,
  // one at a time, with three times the time.
  const retry = plan.filter((test) => !test.skip && ['timeout', 'crash'].includes(results[test.file][0]))
  if (retry.length > 0) {
    console.log(`  ${engine}: running ${retry.length} timed-out or crashed tests again, alone`)
    Object.assign(results, await runTests(engine, binary, retry, 1, options.timeout * 3, options))
  }
  return { seconds: Math.round((Date.now() - started) / 1000), results }
}

async function runTests(engine, binary, queue, jobs, timeout, options) {
  const harness = path.join(options.suite, 'harness')
  const results = {}
  let next = 0
  let done = 0
  const started = Date.now()
  const workers = Array.from({ length: jobs }, () => new Worker(binary, harness, timeout))
  await Promise.all(
    workers.map(async (worker) => {
      while (next < queue.length) {
        const test = queue[next++]
        let result = { status: 'pass', reason: '' }
        for (const job of test.jobs) {
          const outcome = await worker.run(job)
          if (outcome.status !== 'pass') {
            const mode = job.split('\t')[0]
            result = { status: outcome.status, reason: `${mode}: ${outcome.reason}` }
            break
          }
        }
        results[test.file] = result.status === 'pass' ? 'pass' : [result.status, result.reason]
        if (++done % 2000 === 0) {
          console.log(`  ${engine}: ${done}/${queue.length} (${Math.round((Date.now() - started) / 1000)} s)`)
        }
      }
      worker.kill()
    }),
  )
  return results
}

// ---- the report --------------------------------------------------------------------------

function resultsFile(engine) {
  return path.join(WORK, `results-${engine}.json`)
}

/** Top-level directory and the one below it: `built-ins/Array`, `language/expressions`. */
function groupOf(file) {
  const parts = file.split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]
}

function percent(part, whole) {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`
}

function writeReport(plan, runs) {
  const [base, ours] = [runs.unpatched.results, runs.patched.results]
  const groups = new Map()
  const totals = { tests: 0, skipped: 0, base: 0, ours: 0 }
  const regressions = []
  const fixed = []
  for (const test of plan) {
    const key = groupOf(test.file)
    if (!groups.has(key)) groups.set(key, { tests: 0, skipped: 0, base: 0, ours: 0 })
    const group = groups.get(key)
    for (const row of [group, totals]) {
      row.tests++
      if (test.skip) row.skipped++
      else {
        if (base[test.file] === 'pass') row.base++
        if (ours[test.file] === 'pass') row.ours++
      }
    }
    if (test.skip) continue
    if (base[test.file] === 'pass' && ours[test.file] !== 'pass') regressions.push([test.file, ours[test.file]])
    if (base[test.file] !== 'pass' && ours[test.file] === 'pass') fixed.push(test.file)
  }
  const row = (name, g) => {
    const run = g.tests - g.skipped
    const delta = g.ours - g.base
    return `| ${name} | ${g.tests} | ${g.skipped} | ${g.base} (${percent(g.base, run)}) | ${g.ours} (${percent(g.ours, run)}) | ${delta > 0 ? '+' : ''}${delta} |`
  }
  const lines = [
    '# test262 report',
    '',
    `Generated by \`npm run test262\` (scripts/test262.js) on ${new Date().toISOString().slice(0, 10)}: test262 at`,
    `[\`${config.commit.slice(0, 10)}\`](https://github.com/tc39/test262/commit/${config.commit}), run on`,
    "Boa 0.22 from crates.io (\"unpatched\") and on our patched Boa (vendor/, \"ours\"), both as the addon",
    'builds them (features `annex-b`). Skips are listed with their reasons in `test262/config.js`;',
    'a test counts as passed when every mode INTERPRETING.md asks for (sloppy and strict, or module, or',
    'raw) passes. Pass rates are of the tests run (tests minus skipped).',
    '',
    `Run time: unpatched ${runs.unpatched.seconds} s, ours ${runs.patched.seconds} s.`,
    '',
    `**Regressions** (pass unpatched, fail ours): ${regressions.length}.`,
    ...regressions.map(([file, result]) => `- \`${file}\`: ${JSON.stringify(result)}`),
    '',
    `**Fixed by our patches** (fail unpatched, pass ours): ${fixed.length}.`,
    '',
    '| Directory | Tests | Skipped | Unpatched Boa 0.22 | Ours | Δ |',
    '|---|---:|---:|---:|---:|---:|',
    row('**all**', totals),
    ...[...groups.keys()].sort().map((key) => row(key, groups.get(key))),
    '',
    '<details><summary>Tests fixed by our patches</summary>',
    '',
    ...fixed.map((file) => `- \`${file}\``),
    '',
    '</details>',
    '',
  ]
  fs.writeFileSync(path.join(ROOT, 'test262', 'REPORT.md'), lines.join('\n'))
  return regressions
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  ensureSuite(options.suite)
  const plan = planTests(options.suite, options.prefixes)
  const skipped = plan.filter((test) => test.skip).length
  console.log(`${plan.length} tests, ${skipped} skipped (test262/config.js)`)

  const runs = {}
  for (const engine of ENGINES) {
    if (!options.reportOnly && options.engines.includes(engine)) {
      const binary = buildRunner(engine)
      runs[engine] = await runEngine(engine, binary, plan, options)
      const passed = Object.values(runs[engine].results).filter((r) => r === 'pass').length
      console.log(`${engine}: ${passed}/${plan.length - skipped} passed in ${runs[engine].seconds} s`)
      if (options.prefixes.length === 0) fs.writeFileSync(resultsFile(engine), JSON.stringify(runs[engine]))
    } else if (fs.existsSync(resultsFile(engine))) {
      runs[engine] = JSON.parse(fs.readFileSync(resultsFile(engine), 'utf8'))
    }
  }
  if (options.prefixes.length > 0) {
    // A partial run: show the failures, leave the committed report alone.
    for (const engine of Object.keys(runs)) {
      for (const [file, result] of Object.entries(runs[engine].results)) {
        if (result !== 'pass') console.log(`${engine} ${file}: ${result.join(' ')}`)
      }
    }
    return
  }
  if (!runs.unpatched || !runs.patched) {
    console.log('run both engines (no --engine) to write the report')
    return
  }
  const regressions = writeReport(plan, runs)
  console.log(`test262/REPORT.md written; ${regressions.length} regressions`)
  for (const [file, result] of regressions) console.log(`  REGRESSION ${file}: ${JSON.stringify(result)}`)
  if (regressions.length > 0) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
