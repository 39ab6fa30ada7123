// Issue 16: one process loading a wasm module with isCache, for the on-disk cache of compiled
// modules. The cache directory comes from REQUIRE_VM_CACHE_DIR. Prints one JSON line: the wasm
// counters of stats() and the files in the cache directory with their sizes.
//   node wasm-disk-cache.js FILE.wasm
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const requireVM = require('../..')

const file = process.argv[2]
const m = requireVM(path.join(__dirname, '..', 'fixtures', 'wasm', 'limits.js'), {}, {}, {}, true)
const exported = m.load(file)
const pages = m.growInWasm(1)
const stats = requireVM.stats()
const dir = path.join(process.env.REQUIRE_VM_CACHE_DIR, 'wasm')
const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => [name, fs.statSync(path.join(dir, name)).size]) : []
process.stdout.write(`${JSON.stringify({
  exports: exported,
  pages,
  compiled: stats.wasmModulesCompiled,
  fromDisk: stats.wasmModulesFromDisk,
  files,
})}\n`)
