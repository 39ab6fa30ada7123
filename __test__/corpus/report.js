'use strict'
// Prints the corpus as a Markdown table: package, version, whether the probe gives the same data
// on requireVM as on require, and load times (Node's first require vs requireVM's first load and
// median of loads 2..20, CPU ms), from one memory-child run per package.
//   node __test__/corpus/report.js [name ...]
const path = require('path')
const { execFileSync } = require('child_process')
const { expect } = require('expect')
const PACKAGES = require('./packages')
const { requireVM, loadNode, loadVM, runProbe } = require('./load')

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const fmt = (x) => (x === undefined ? '–' : x >= 100 ? String(Math.round(x)) : x.toFixed(1))

async function probeStatus(p) {
  let loaded
  try {
    const expected = await runProbe(p.probe, loadNode(p.name))
    loaded = loadVM(p.name)
    const actual = await runProbe(p.probe, loaded)
    try { expect(actual).toEqual(expected); return 'pass' } catch { return 'FAIL (differs)' }
  } catch (e) {
    return `FAIL (${String(e && e.message || e).split('\n')[0].slice(0, 60)})`
  } finally {
    if (loaded) requireVM.dispose(loaded.context)
  }
}

function timings(p) {
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'memory-child.js'), p.name, '20'],
      { cwd: path.join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'ignore'] })
    return JSON.parse(String(out).trim().split('\n').pop())
  } catch (e) {
    try { return JSON.parse(String(e.stdout).trim().split('\n').pop()) } catch { return { error: 'child failed' } }
  }
}

async function main() {
  const names = process.argv.slice(2)
  const list = names.length ? PACKAGES.filter((p) => names.includes(p.name)) : PACKAGES
  console.log('| package | version | probe | require (ms CPU) | requireVM 1st (ms CPU) | requireVM median 2–20 (ms CPU) | ratio | engine RSS | RSS growth 2→20 |')
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|')
  for (const p of list) {
    const status = await probeStatus(p)
    const t = timings(p)
    if (t.error) {
      console.log(`| ${p.name} | ${p.version} | ${status} | – | load fails | – | – | – | – |`)
      continue
    }
    const med = median(t.loadCpuMs.slice(1))
    const MB = (b) => `${(b / 1048576).toFixed(1)} MB`
    console.log(`| ${p.name} | ${p.version} | ${status} | ${fmt(t.requireCpuMs)} | ${fmt(t.loadCpuMs[0])} | ${fmt(med)} | ${fmt(med / t.requireCpuMs)}× | ${MB(t.liveFootprint)} | ${MB(t.rss[t.rss.length - 1] - t.rss[1])} |`)
  }
}

main().then(() => process.exit(0))
