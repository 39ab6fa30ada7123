'use strict'
// Ad-hoc runner: `node __test__/corpus/run.js [name ...]` runs each probe on Node's require and on
// requireVM, reports equal / different / error with timings. The Jest suite is corpus.spec.js.
const util = require('util')
const { expect } = require('expect')
const PACKAGES = require('./packages')
const { loadNode, loadVM, runProbe } = require('./load')

function diffPaths(a, b, at = '', out = []) {
  const isObj = (x) => x !== null && typeof x === 'object'
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) diffPaths(a[k], b[k], at + '.' + k, out)
  } else if (!Object.is(a, b)) {
    out.push(`  ${at || '(root)'}: node=${util.inspect(a, { breakLength: Infinity }).slice(0, 400)}  vm=${util.inspect(b, { breakLength: Infinity }).slice(0, 400)}`)
  }
  return out
}

async function main() {
  const names = process.argv.slice(2)
  const list = names.length ? PACKAGES.filter((p) => names.includes(p.name)) : PACKAGES
  for (const p of list) {
    let node, vm, line
    const t0 = process.hrtime.bigint()
    try { node = await runProbe(p.probe, loadNode(p.name)) } catch (e) { console.log(`${p.name}: NODE ERROR ${e.stack}`); continue }
    const t1 = process.hrtime.bigint()
    try {
      vm = await runProbe(p.probe, loadVM(p.name))
      try { expect(vm).toEqual(node); line = 'PASS' } catch { line = 'DIFF\n' + diffPaths(node, vm).slice(0, 20).join('\n') }
    } catch (e) {
      line = 'ERROR ' + (e && e.stack ? e.stack : util.inspect(e))
    }
    const t2 = process.hrtime.bigint()
    console.log(`${p.name}@${p.version}: ${line}  [node ${Number(t1 - t0) / 1e6 | 0} ms, vm ${Number(t2 - t1) / 1e6 | 0} ms]`)
    if (process.env.SHOW) console.log(util.inspect(node, { depth: 6 }))
  }
}
main().then(() => process.exit(0))
