'use strict'
// Workload 3: the cost of crossing the boundary. From the host, OPS calls of `add(1, 2)` (a
// function exported by the guest module) and OPS reads of `obj.x` (a property of an exported
// object), in a tight loop whose result is used; median over RUNS runs of the time per
// operation. require-vm and vm hand back real V8 objects of another context, so their figures
// are V8's own; "plain local" is the same function/object defined in the host, and "V8 Proxy,
// JS traps" a host Proxy with JavaScript traps (the Proxy mechanism's own cost), for context.

const H = require('./lib/harness')
const F = require('./lib/format')

const RUNS = Number(process.env.BENCH_RUNS || 5)
const OPS = Number(process.env.BENCH_BOUNDARY_OPS || 200000)

function timeCall(add, n) {
  let s = 0
  const t0 = H.now()
  for (let i = 0; i < n; i++) s += add(1, 2)
  const t = H.msSince(t0)
  if (s !== 3 * n) throw new Error(`add returned wrong sums (${s})`)
  return (t * 1000) / n
}

function timeGet(obj, n) {
  let s = 0
  const t0 = H.now()
  for (let i = 0; i < n; i++) s += obj.x
  const t = H.msSince(t0)
  if (s !== n) throw new Error(`obj.x read wrong (${s})`)
  return (t * 1000) / n
}

H.child(async () => {
  const file = H.fixture('boundary.js')
  const local = { add: function add(a, b) { return a + b }, obj: { x: 1, y: 2 } }
  const impls = [
    { name: 'require-vm-rs (ours)', m: H.loadOurs()(file) },
    { name: 'require-vm', m: H.loadRequireVm()(file) },
    { name: 'node:vm + wrapper', m: H.vmRequire(file) },
    { name: 'plain local', m: local },
    // The floor our design starts from: a V8 Proxy whose traps are JavaScript (ours are napi).
    {
      name: 'V8 Proxy, JS traps',
      m: {
        add: new Proxy(function () {}, { apply: (target, self, args) => local.add(args[0], args[1]) }),
        obj: new Proxy({}, { get: (target, key) => local.obj[key] }),
      },
    },
  ]
  const ops = [
    { name: 'call `add(1, 2)`', time: (m) => timeCall(m.add, OPS), target: 0.5 },
    { name: 'property get `obj.x`', time: (m) => timeGet(m.obj, OPS), target: 0.3 },
  ]
  for (const op of ops) op.times = impls.map(() => [])
  for (let run = -1; run < RUNS; run++) {
    for (const op of ops) {
      H.progress(`${run < 0 ? 'warm-up' : `run ${run + 1}/${RUNS}`}: ${op.name} ×${OPS}`)
      for (let k = 0; k < impls.length; k++) {
        const j = (k + run + 1) % impls.length
        const t = op.time(impls[j].m)
        if (run >= 0) op.times[j].push(t)
      }
    }
  }
  const rows = []
  const targets = []
  for (const op of ops) {
    const med = op.times.map((t) => H.median(t))
    const ok = med[0] <= op.target
    rows.push([op.name, ...med.map(F.us), F.ratio(med[0], med[3]), `≤ ${op.target} µs`, F.verdict(ok)])
    targets.push({ name: `${op.name} ≤ ${op.target} µs`, figure: F.us(med[0]), met: ok })
    op.medians = med
  }
  return {
    title: 'Boundary costs: a call through a proxy and a property get',
    description: `${OPS.toLocaleString('en')} operations per run from the host, median of ${RUNS} runs, µs per operation.`,
    table: {
      columns: ['operation', ...impls.map((i) => i.name), 'ours ÷ plain', 'target', 'result'],
      rows,
    },
    targets,
    raw: ops.map(({ name, times, medians }) => ({ name, times, medians })),
  }
})
