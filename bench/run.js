'use strict'
// `npm run bench`: runs every workload (each in its own child process), prints a table per
// workload and writes bench/RESULTS.md (plus the raw figures in bench/.cache/results.json).
//
//   node bench/run.js                 all workloads, writes RESULTS.md
//   node bench/run.js lodash compute  only these (printed, RESULTS.md left alone)
//
// The addon under test is the repo's built one, or the file NAPI_RS_NATIVE_LIBRARY_PATH names
// (e.g. target/release/librequire_vm_rs.so: copied to bench/.cache/ as a `.node` so that
// Node's require loads it). Knobs for quick runs: BENCH_RUNS (default 5), BENCH_LEAK_LOADS,
// BENCH_COLD_LOADS, BENCH_LODASH_LOADS, BENCH_BOUNDARY_OPS, BENCH_ENGINES, BENCH_FIB_N,
// BENCH_STRINGS_N, BENCH_EMSCRIPTEN_SIZE, BENCH_EMSCRIPTEN_ROUNDS, BENCH_MEMOIZE_ITERS,
// BENCH_DEMO_LOADS.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const H = require('./lib/harness')
const F = require('./lib/format')

const WORKLOADS = [
  ['cold-load', 'cold load'],
  ['leak-loop', 'leak loop'],
  ['memoize', 'memoize churn'],
  ['boundary', 'boundary costs'],
  ['lodash', 'lodash'],
  ['compute', 'compute'],
  ['engines', '1,000 engines'],
  ['demo', 'demo timings'],
  ['emscripten', 'emscripten'],
  ['opencv', 'opencv.js'],
]
const CACHE = path.join(__dirname, '.cache')

// ---- the addon under test ---------------------------------------------------------------------

function addonUnderTest() {
  const override = process.env.NAPI_RS_NATIVE_LIBRARY_PATH
  if (!override) {
    const built = fs.readdirSync(H.ROOT).find((f) => /^require-vm-rs\..*\.node$/.test(f))
    return built ? path.join(H.ROOT, built) : '(not built)'
  }
  const source = path.resolve(override)
  if (source.endsWith('.node')) return source
  // Node's require only dlopens files named *.node: use a copy under that name.
  fs.mkdirSync(CACHE, { recursive: true })
  const copy = path.join(CACHE, 'require-vm-rs.node')
  const a = fs.statSync(source)
  const b = fs.existsSync(copy) ? fs.statSync(copy) : undefined
  if (!b || b.size !== a.size || b.mtimeMs !== a.mtimeMs) {
    fs.copyFileSync(source, copy)
    fs.utimesSync(copy, a.atime, a.mtime)
  }
  process.env.NAPI_RS_NATIVE_LIBRARY_PATH = copy
  return source
}

// ---- the machine and versions -------------------------------------------------------------------

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { cwd: H.ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() } catch { return '' }
}

function lockVersion(name) {
  const lock = fs.readFileSync(path.join(H.ROOT, 'Cargo.lock'), 'utf8')
  const m = lock.match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`))
  return m ? m[1] : '?'
}

function pkgVersion(name) {
  try { return require(`${name}/package.json`).version } catch { return '?' }
}

function machine(addon) {
  const cpus = os.cpus()
  let distro = ''
  try { distro = (fs.readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/) || [])[1] || '' } catch {}
  const commit = sh('git', ['rev-parse', '--short', 'HEAD'])
  const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : ''
  let built = ''
  try { built = fs.statSync(addon).mtime.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' } catch {}
  return [
    ['CPU', `${cpus[0] ? cpus[0].model.trim() : '?'}, ${cpus.length} cores`],
    ['RAM', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${distro || os.type()} (${os.type()} ${os.release()}, ${os.arch()})`],
    ['Node', `${process.version} (V8 ${process.versions.v8}, Node-API ${process.versions.napi})`],
    ['Boa', `boa_engine ${lockVersion('boa_engine')} (with our patches/)`],
    ['napi-rs', `napi ${lockVersion('napi')}, napi-derive ${lockVersion('napi-derive')}`],
    ['baselines', `require-vm ${pkgVersion('require-vm')}, node:vm; lodash ${pkgVersion('lodash')}`],
    ['addon', `${path.relative(H.ROOT, addon) || addon}${built ? `, built ${built}` : ''}`],
    ['commit', `${commit}${dirty}`],
    ['date', new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC'],
  ]
}

// ---- progress -------------------------------------------------------------------------------------

function progressLine() {
  const tty = process.stderr.isTTY
  let last = 0
  let lastHead = ''
  return {
    update(head, text) {
      const line = `[${head}] ${text}`
      if (tty) {
        const width = process.stderr.columns || 100
        process.stderr.write(`\r\x1b[K${line.slice(0, width - 1)}`)
      } else if (head !== lastHead || Date.now() - last > 5000) {
        process.stderr.write(`${line}\n`)
        last = Date.now()
      }
      lastHead = head
    },
    done() { if (tty) process.stderr.write('\r\x1b[K') },
  }
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const only = process.argv.slice(2)
  const selected = only.length ? WORKLOADS.filter(([id]) => only.includes(id)) : WORKLOADS
  if (only.length && selected.length !== only.length) {
    throw new Error(`unknown workload; choose from: ${WORKLOADS.map(([id]) => id).join(', ')}`)
  }
  const addon = addonUnderTest()
  const info = machine(addon)
  const progress = progressLine()
  const started = Date.now()
  const results = []
  for (let i = 0; i < selected.length; i++) {
    const [id, label] = selected[i]
    const head = `${i + 1}/${selected.length} ${label}`
    const t0 = Date.now()
    progress.update(head, 'starting')
    try {
      const result = await H.runChild(path.join(__dirname, `${id}.js`), [], {
        onProgress: (text) => progress.update(head, `${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
      })
      result.id = id
      result.seconds = (Date.now() - t0) / 1000
      results.push(result)
    } catch (error) {
      results.push({ id, title: label, failed: String(error.message || error), seconds: (Date.now() - t0) / 1000 })
    }
    progress.done()
    process.stdout.write(`${section(results[results.length - 1])}\n\n`)
  }
  const seconds = (Date.now() - started) / 1000
  // Only a complete run with the default settings becomes bench/RESULTS.md.
  const knobs = Object.keys(process.env).filter((k) => k.startsWith('BENCH_'))
  const complete = selected.length === WORKLOADS.length && knobs.length === 0
  const report = render(info, results, seconds, complete, knobs)
  fs.mkdirSync(CACHE, { recursive: true })
  fs.writeFileSync(path.join(CACHE, 'results.json'), JSON.stringify({ info, results, seconds }, null, 2))
  process.stdout.write(`${summary(results)}\n\nTotal: ${seconds.toFixed(0)} s.\n`)
  const target = complete ? path.join(__dirname, 'RESULTS.md') : path.join(CACHE, 'RESULTS.md')
  fs.writeFileSync(target, report)
  process.stdout.write(`Written to ${path.relative(H.ROOT, target)}.\n`)
  if (results.some((r) => r.failed)) process.exitCode = 1
}

function section(r) {
  const parts = [`## ${r.title}`]
  if (r.failed) {
    parts.push(`**Failed:**\n\n\`\`\`\n${r.failed}\n\`\`\``)
    return parts.join('\n\n')
  }
  parts.push(r.description)
  parts.push(F.table(r.table))
  if (r.extra) parts.push(F.table(r.extra))
  return parts.join('\n\n')
}

function summary(results) {
  const rows = []
  for (const r of results) {
    if (r.failed) { rows.push([r.title, 'failed', '', '']); continue }
    for (const t of r.targets || []) rows.push([t.name, t.figure, t.ratio || '', t.met === undefined ? 'reported' : F.verdict(t.met)])
  }
  return `## Targets\n\n${F.table({ columns: ['target', 'figure', 'ratio', 'result'], rows })}`
}

function render(info, results, seconds, complete, knobs) {
  return [
    '# Benchmarks',
    'Written by `npm run bench` (`bench/run.js`); do not edit by hand. Every workload runs the three ' +
      'implementations in the same run: **require-vm-rs** (ours), the npm package **require-vm** ' +
      '(`vm.runInNewContext` per load) and **node:vm + wrapper** (`bench/lib/vm-require.js`: Node\'s CommonJS ' +
      'function wrapper on `vm.runInNewContext`). A 2-core machine is noisy: compare ratios within one run.' +
      (complete ? '' : ` (Partial run${knobs.length ? `, with ${knobs.map((k) => `${k}=${process.env[k]}`).join(' ')}` : ''}.)`),
    F.table({ columns: ['', ''], rows: info }),
    summary(results),
    ...results.map(section),
    'Where the time goes for the targets missed: `bench/PROFILE.md` (perf profiles; reproduce with `bench/profile.js`).',
    `Total run time: ${seconds.toFixed(0)} s.`,
    '',
  ].join('\n\n')
}

main().catch((error) => {
  console.error(error.stack || error)
  process.exit(1)
})
