'use strict'
// Workload 3: the cost of crossing the boundary. From the host, OPS calls of `add(1, 2)` (a
// function exported by the guest module, hoisted), OPS reads of `obj.x` (a property of an
// exported object) and OPS method calls `m.add(1, 2)` through the exports object (a get that
// returns a function, then the call: the commonest crossing in real use), in a tight loop whose
// result is used; median over RUNS runs of the time per operation. require-vm and vm hand back
// real V8 objects of another context, so their figures are V8's own; "plain local" is the same
// function/object defined in the host, and "V8 Proxy, JS traps" host Proxies whose JavaScript
// traps do what our napi traps do (look the key up, wrap a function once and hand back the same
// wrapper, forward a call): the Proxy mechanism's own cost, measured in the same run because
// machines differ by 2× on these figures. Targets: issue 18. The other way, OPS calls the guest
// makes of a host function it was handed (a callback), in one call of the guest's loop: no target,
// a figure to follow.

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

function timeMethod(m, n) {
  let s = 0
  const t0 = H.now()
  for (let i = 0; i < n; i++) s += m.add(1, 2)
  const t = H.msSince(t0)
  if (s !== 3 * n) throw new Error(`m.add returned wrong sums (${s})`)
  return (t * 1000) / n
}

// The same module behind host Proxies with JavaScript traps: a get trap that reads the key and
// wraps objects and functions (one wrapper per value, as our identity map does), an apply trap
// that forwards the call.
function timeCallback(callEach, n) {
  const t0 = H.now()
  const s = callEach((i) => i & 1, n)
  const t = H.msSince(t0)
  if (s !== n >> 1) throw new Error(`callEach returned a wrong sum (${s})`)
  return (t * 1000) / n
}

function jsProxied(target) {
  const wrappers = new WeakMap()
  const wrap = (value) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value
    let proxy = wrappers.get(value)
    if (!proxy) {
      proxy = new Proxy(typeof value === 'function' ? function () {} : {}, {
        get: (_, key) => wrap(value[key]),
        apply: (_, self, args) => wrap(Reflect.apply(value, self, args)),
      })
      wrappers.set(value, proxy)
    }
    return proxy
  }
  return wrap(target)
}

H.child(async () => {
  const file = H.fixture('boundary.js')
  const local = {
    add: function add(a, b) { return a + b },
    obj: { x: 1, y: 2 },
    callEach: function callEach(f, n) {
      let s = 0
      for (let i = 0; i < n; i++) s += f(i)
      return s
    },
  }
  const impls = [
    { name: 'require-vm-rs (ours)', m: H.loadOurs()(file) },
    { name: 'require-vm', m: H.loadRequireVm()(file) },
    { name: 'node:vm + wrapper', m: H.vmRequire(file) },
    { name: 'plain local', m: local },
    // The floor our design starts from: a V8 Proxy whose traps are JavaScript (ours are napi).
    { name: 'V8 Proxy, JS traps', m: jsProxied(local) },
  ]
  const OURS = 0
  const PLAIN = 3
  const PROXY = 4
  const ops = [
    { name: 'call `add(1, 2)`', time: (m) => timeCall(m.add, OPS), target: 0.3 },
    { name: 'property get `obj.x`', time: (m) => timeGet(m.obj, OPS), target: 0.25 },
    { name: 'method call `m.add(1, 2)`', time: (m) => timeMethod(m, OPS), target: 0.6 },
    { name: 'the guest calls a host function `f(i)`', time: (m) => timeCallback(m.callEach, OPS) },
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
    const toProxy = F.ratio(med[OURS], med[PROXY])
    op.medians = med
    if (op.target === undefined) {
      // The JS-trap proxy wraps the guest's function, not the host function it is handed.
      rows.push([op.name, ...med.map(F.us), F.ratio(med[OURS], med[PLAIN]), '—', '—', '—'])
      continue
    }
    const ok = med[OURS] <= op.target
    rows.push([op.name, ...med.map(F.us), F.ratio(med[OURS], med[PLAIN]), toProxy, `≤ ${op.target} µs`, F.verdict(ok)])
    targets.push({
      name: `${op.name} ≤ ${op.target} µs (issue 18)`,
      figure: F.us(med[OURS]),
      ratio: `${toProxy} V8 Proxy`,
      met: ok,
    })
  }
  return {
    title: 'Boundary costs: a call through a proxy, a property get, a method call through the exports, a callback',
    description: `${OPS.toLocaleString('en')} operations per run from the host, median of ${RUNS} runs, µs per operation. ` +
      '"V8 Proxy, JS traps": the same module behind host Proxies whose JavaScript get/apply traps look the key up, ' +
      'wrap functions and objects once (a WeakMap, as our identity map) and forward the call. ' +
      '"The guest calls a host function": the guest module\'s loop calls a host arrow it was handed, per call.',
    table: {
      columns: ['operation', ...impls.map((i) => i.name), 'ours ÷ plain', 'ours ÷ V8 Proxy', 'target', 'result'],
      rows,
    },
    targets,
    raw: ops.map(({ name, times, medians }) => ({ name, times, medians })),
  }
})
