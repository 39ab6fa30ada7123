'use strict'
// One workload in a loop long enough to profile, without the baselines:
//
//   CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
//     cargo build --release --target-dir target/bench-prof
//   cp target/bench-prof/release/librequire_vm_rs.so /tmp/prof.node
//   NAPI_RS_NATIVE_LIBRARY_PATH=/tmp/prof.node perf record -F 499 --call-graph dwarf,16384 \
//     -o /tmp/cold.data node bench/profile.js cold
//   perf report -i /tmp/cold.data --children --sort symbol -g none
//
// Scenarios: cold, leak, call, get, lodash, lodash-cached, engines, memoize, fib, split. See PROFILE.md.

const H = require('./lib/harness')

const requireVM = H.loadOurs()
const which = process.argv[2]
const n = Number(process.argv[3]) || undefined
const lodash = require.resolve('lodash')
const scenarios = {
  cold: (k = 3000) => { for (let i = 0; i < k; i++) requireVM(H.fixture('small.js')) },
  leak: (k = 2000) => { for (let i = 0; i < k; i++) requireVM(H.fixture('leaky.js')).leak() },
  call: (k = 2e6) => { const add = requireVM(H.fixture('boundary.js')).add; let s = 0; for (let i = 0; i < k; i++) s += add(1, 2) },
  get: (k = 3e6) => { const o = requireVM(H.fixture('boundary.js')).obj; let s = 0; for (let i = 0; i < k; i++) s += o.x },
  lodash: (k = 15) => { for (let i = 0; i < k; i++) requireVM(lodash) },
  'lodash-cached': (k = 15) => { for (let i = 0; i < k; i++) requireVM(lodash, {}, {}, {}, true) },
  engines: (k = 10) => {
    const keep = []
    for (let i = 0; i < 1000; i++) keep.push(requireVM(H.fixture('small.js')))
    const t0 = H.now()
    for (let i = 0; i < k; i++) requireVM.stats({ collect: true })
    console.error(`${k} collections with 1000 engines alive: ${(H.msSince(t0) / k).toFixed(1)} ms each`)
  },
  memoize: (k = 30000) => {
    const { memoize } = requireVM(lodash)
    const getN = (n) => ({ n, square: n * n })
    let sum = 0n
    for (let i = 0; i < k; i++) sum += memoize(getN)(BigInt(i)).square
  },
  fib: (k = 30) => requireVM(H.fixture('compute.js')).fib(k),
  split: (k = 50000) => requireVM(H.fixture('compute.js')).split(k),
}
if (!scenarios[which]) {
  console.error(`usage: node bench/profile.js <${Object.keys(scenarios).join('|')}> [count]`)
  process.exit(2)
}
const t0 = H.now()
scenarios[which](n)
console.error(`${which}: ${H.msSince(t0).toFixed(0)} ms`)
