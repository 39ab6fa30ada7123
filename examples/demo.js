// npm run demo: the seeds' leak case (examples/leaky-loop.js) run three ways, each in its own
// child process at the same time: Node's require (the cache entry deleted before each load, so
// every load runs the module again), the require-vm package, and requireVM. Their memory (RSS)
// is drawn as it grows, with a verdict line. Then what require-vm cannot do (examples/scenarios.js):
// a memory bomb, an endless loop in a method, an escape attempt, a fake fs for a grandchild
// module, each run with both libraries in a child process of its own, with a one-line verdict.
//
//   npm run demo [-- --loads 3000]
//
// On a terminal the chart is redrawn as the children report; elsewhere (CI logs, a pipe) it is
// printed once, at the end, with a line per finished run before it.
'use strict'

const { fork, spawn } = require('node:child_process')
const path = require('node:path')
const { MODES } = require('./_measure')
const scenarios = require('./scenarios')

let asciichart
try {
  asciichart = require('asciichart')
} catch {
  asciichart = undefined
}

const loads = (() => {
  const at = process.argv.indexOf('--loads')
  const value = at === -1 ? 2000 : Number(process.argv[at + 1])
  if (!Number.isInteger(value) || value < 1) {
    console.error('usage: node examples/demo.js [--loads N]')
    process.exit(2)
  }
  return value
})()

const live = Boolean(process.stdout.isTTY)
const COLORS = asciichart ? { require: asciichart.red, 'require-vm': asciichart.yellow, requireVM: asciichart.green } : {}
// Three charts and their labels must fit the terminal, or the redraw cannot climb back up.
const CHART_HEIGHT = Math.max(3, Math.min(6, Math.floor(((process.stdout.rows || 40) - 8) / 3) - 2))
const LABEL = 12

const runs = Object.fromEntries(
  MODES.map((mode) => [mode, { mode, samples: [], last: undefined, done: false, failed: undefined, stderr: '' }]),
)

const mb = (n) => `${n.toFixed(0)} MB`
const signed = (n) => `${n >= 0 ? '+' : '-'}${Math.abs(n).toFixed(0)} MB`
const count = (n) => n.toLocaleString('en-US')

function paint(text, color) {
  return live && color ? `${color}${text}${asciichart.reset}` : text
}

function status(run) {
  const { last } = run
  if (run.failed) return `failed: ${run.failed}`
  if (!last) return 'starting'
  const growth = last.rss - last.start
  const progress = `${count(last.i)}/${count(loads)} loads`
  // CPU time counts every thread of the run's process; on a busy machine the runs share the
  // cores, and the one with more threads (V8's GC helpers) gets more of them.
  const cpu = last.cpuMs === undefined ? '' : ` (CPU ${(last.cpuMs / 1000).toFixed(1)} s)`
  return `${progress}, RSS ${mb(last.rss)} (${signed(growth)}), ${(last.ms / 1000).toFixed(1)} s${cpu}${run.done ? ', done' : ''}`
}

// One chart per run, stacked, on the same scale: a line that climbs is memory kept.
function frame() {
  const lines = [`RSS of ${count(loads)} loads of examples/leaky.js (each load leaks 1,000 objects), three ways:`, '']
  const all = MODES.flatMap((mode) => runs[mode].samples)
  const min = all.length ? Math.floor(Math.min(...all) / 10) * 10 : 0
  const max = all.length ? Math.max(min + 10, Math.ceil(Math.max(...all) / 10) * 10) : 10
  for (const mode of MODES) {
    const run = runs[mode]
    lines.push(`${paint(mode.padEnd(LABEL), COLORS[mode])}${status(run)}`)
    if (asciichart && run.samples.length > 0) {
      const chart = asciichart.plot(run.samples, {
        min,
        max,
        height: CHART_HEIGHT,
        colors: [live ? COLORS[mode] : undefined],
        format: (x) => `${x.toFixed(0)} MB`.padStart(LABEL - 2),
      })
      lines.push(...chart.split('\n'))
    }
    lines.push('')
  }
  const every = Math.max(1, Math.ceil(loads / 60))
  if (asciichart) lines.push(`(one column = ${count(every)} loads; one engine, context or module per load)`)
  return lines
}

let drawn = 0
let drawTimer
function draw() {
  drawTimer = undefined
  const lines = frame()
  // Back to the top of the previous frame and clear below it, then the new frame.
  process.stdout.write(`${drawn ? `\x1b[${drawn}F\x1b[J` : ''}${lines.join('\n')}\n`)
  drawn = lines.length
}

function scheduleDraw() {
  if (live && !drawTimer) drawTimer = setTimeout(draw, 100)
}

function verdict() {
  const parts = MODES.map((mode) => {
    const run = runs[mode]
    if (run.failed || !run.last) return `${mode}: failed`
    return `${mode}: ${signed(run.last.rss - run.last.start)}`
  })
  return `${parts.join(', ')} (RSS growth over ${count(loads)} loads)`
}

function start(mode) {
  const run = runs[mode]
  return new Promise((resolve) => {
    const child = fork(path.join(__dirname, 'leaky-loop.js'), [mode, String(loads)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
    })
    child.stderr.on('data', (chunk) => {
      run.stderr = (run.stderr + chunk).slice(-4000)
    })
    child.on('message', (sample) => {
      run.last = sample
      run.samples.push(sample.rss)
      if (sample.done) {
        run.done = true
        if (!live) console.log(`${mode.padEnd(LABEL)}${status(run)}`)
      }
      scheduleDraw()
    })
    child.on('exit', (code, signal) => {
      if (!run.done) {
        run.failed = signal ? `killed by ${signal}` : `exit code ${code}`
        if (!live) console.log(`${mode.padEnd(LABEL)}${status(run)}`)
      }
      scheduleDraw()
      resolve()
    })
  })
}

async function main() {
  if (live) {
    process.stdout.write('\x1b[?25l')
    const restore = () => process.stdout.write('\x1b[?25h')
    process.on('exit', restore)
    process.on('SIGINT', () => process.exit(130))
    draw()
  } else {
    console.log(`Loading examples/leaky.js ${count(loads)} times three ways (require, require-vm, requireVM)...`)
  }
  await Promise.all(MODES.map(start))
  if (drawTimer) clearTimeout(drawTimer)
  if (live) draw()
  else console.log(`\n${frame().join('\n')}`)
  for (const mode of MODES) {
    const run = runs[mode]
    if (run.failed && run.stderr) console.log(`\n${mode} stderr:\n${run.stderr.trim()}`)
  }
  if (!asciichart) console.log('(install the dev dependencies, `npm install`, to see the chart: it needs asciichart)')
  console.log(verdict())
  const chartFailed = MODES.some((mode) => runs[mode].failed)
  const scenariosFailed = await showScenarios()
  process.exitCode = chartFailed || scenariosFailed ? 1 : 0
}

// ---- what require-vm cannot do ------------------------------------------------------------------

// Runs one scenario with one library in a child process (a small V8 heap, killed after
// `killAfter` ms): resolves with { result } or, when it printed none, { died }.
function runScenario(scenario, lib) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${scenarios.HEAP}`, path.join(__dirname, 'scenarios.js'), scenario.id, lib],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    let killed = false
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000) })
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, scenario.killAfter)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').find((l) => l.startsWith(scenarios.MARKER))
      if (line) resolve({ result: JSON.parse(line.slice(scenarios.MARKER.length)) })
      else resolve({ died: { code, signal, killed, ms: Date.now() - started, stderr } })
    })
  })
}

// Every scenario, both libraries at once; returns true if requireVM failed one.
async function showScenarios() {
  console.log(
    `\nWhat require-vm cannot do: each scenario run with both libraries, each in a child process of its own ` +
      `(--max-old-space-size=${scenarios.HEAP}, killed if still running after its time limit).`,
  )
  let failed = false
  for (const [n, scenario] of scenarios.SCENARIOS.entries()) {
    const outcomes = {}
    await Promise.all(scenarios.LIBRARIES.map(async (lib) => { outcomes[lib] = await runScenario(scenario, lib) }))
    console.log(`\n${n + 1}. ${scenario.title}`)
    for (const lib of scenarios.LIBRARIES) {
      console.log(`   ${paint(lib.padEnd(LABEL), COLORS[lib])}${scenarios.describe(scenario, outcomes[lib])}`)
    }
    console.log(`   verdict: ${scenarios.verdict(scenario, outcomes)}`)
    if (!scenarios.protects(scenario, outcomes.requireVM)) failed = true
  }
  return failed
}

main()
