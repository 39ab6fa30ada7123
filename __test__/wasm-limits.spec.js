'use strict'
// Issue 16: WebAssembly compiled by wasmtime under the engine's limits. `timeout` stops wasm
// anywhere (a start function, an endless loop called from the host); `memoryLimit` refuses
// growth past it (the JS API's failure, seen inside) and stops the engine, and both reach wasm
// compiled without interrupt checks (an engine without a timeout); compiled modules are
// shared by every engine of the process and, with isCache, kept on disk, where a damaged file is
// never trusted; the seed's opencv.js reload loop stays bounded in memory.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const requireVM = require('..')
const { runChild, settledWasmCompiles, thrown } = require('./helpers')

const LIMITS = path.join(__dirname, 'fixtures', 'wasm', 'limits.js')
const LIMITS_WASM = path.join(__dirname, 'fixtures', 'wasm', 'limits.wasm')
const CALLS_OUT = path.join(__dirname, 'fixtures', 'wasm', 'calls-out.js')

// limits.wasm plus a custom section holding `tag`: bytes no other test (or earlier run) compiled.
function uniqueModule(dir, tag) {
  const name = Buffer.from('require-vm-test')
  const payload = Buffer.from(tag)
  const body = Buffer.concat([Buffer.from([name.length]), name, payload])
  const section = Buffer.concat([Buffer.from([0, body.length]), body])
  const file = path.join(dir, `${tag}.wasm`)
  fs.writeFileSync(file, Buffer.concat([fs.readFileSync(LIMITS_WASM), section]))
  return file
}

describe('timeout stops wasm anywhere', () => {
  test('inside a start function (new WebAssembly.Instance never returns by itself)', () => {
    const m = requireVM(LIMITS, {}, { timeout: 300 })
    const started = Date.now()
    const error = thrown(() => m.startSpin())
    expect(error.code).toBe('ERR_SCRIPT_EXECUTION_TIMEOUT')
    expect(error.message).toBe('Script execution timed out after 300ms')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  test('in an endless wasm loop the host calls after the load', () => {
    const m = requireVM(LIMITS, {}, { timeout: 300 })
    expect(m.load()).toBe(5)
    const started = Date.now()
    const error = thrown(() => m.spin())
    expect(error.code).toBe('ERR_SCRIPT_EXECUTION_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(10_000)
    // Like any timeout, it ends the engine.
    expect(thrown(() => m.pages()).code).toBe('ERR_REQUIRE_VM_DISPOSED')
  })
})

describe('memoryLimit counts linear memory', () => {
  const GIB_IN_PAGES = 16384
  // The tests below compare `addonBytes` before and after an engine's growth.
  beforeAll(async () => {
    requireVM(LIMITS).load() // compiles limits.wasm, if no test has yet
    await settledWasmCompiles(requireVM)
  })

  test('memory.grow in wasm past the limit gives -1 and the engine stops for its limit', () => {
    const m = requireVM(LIMITS, {}, { memoryLimit: 64 })
    m.load()
    expect(m.growInWasm(16)).toBe(1) // 1 MiB more: fine
    expect(m.pages()).toBe(17)
    const before = requireVM.stats().addonBytes
    const record = {}
    const error = thrown(() => m.refusedInWasm(GIB_IN_PAGES, record))
    expect(error.code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
    expect(record.result).toBe(-1)
    // Refused, not granted and then noticed: the gibibyte was never charged.
    expect(requireVM.stats().addonBytes - before).toBeLessThan(64 << 20)
  })

  test('WebAssembly.Memory#grow past the limit throws a RangeError inside, and the engine stops', () => {
    const m = requireVM(LIMITS, {}, { memoryLimit: 64 })
    m.load()
    expect(m.growFromJs(16)).toBe(1)
    const record = {}
    const error = thrown(() => m.refusedFromJs(GIB_IN_PAGES, record))
    expect(error.code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
    expect(record.result).toBe('RangeError')
  })

  test('without a limit the same growth is granted, and charged to the addon while the engine lives', () => {
    const m = requireVM(LIMITS)
    m.load()
    const before = requireVM.stats().addonBytes
    expect(m.growInWasm(1024)).toBe(1) // 64 MiB
    expect(requireVM.stats().addonBytes - before).toBeGreaterThan(48 << 20)
    requireVM.dispose(m)
    expect(requireVM.stats().addonBytes - before).toBeLessThan(16 << 20)
  })
})

// Its code has no interrupt checks (see compile::Interrupts).
describe('without a timeout', () => {
  test('dispose and memoryLimit reach wasm: at its next call out, or its next growth', () => {
    const m = requireVM(CALLS_OUT)
    let ticks = 0
    const error = thrown(() => m.loopWhile(() => {
      ticks++
      if (ticks === 1) requireVM.dispose(m)
      return ticks < 1000
    }))
    expect(error.code).toBe('ERR_REQUIRE_VM_DISPOSED')
    expect(ticks).toBe(1)

    const limited = requireVM(LIMITS, {}, { memoryLimit: 64 })
    expect(limited.load()).toBe(5)
    expect(thrown(() => limited.growInWasm(2048)).code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
  })
})

describe('compiled once per process', () => {
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-wasm-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('100 engines instantiating the same bytes share one compiled module', () => {
    const file = uniqueModule(dir, `shared-${process.pid}-${Date.now()}`)
    const before = requireVM.stats()
    for (let i = 0; i < 100; i++) {
      const m = requireVM(LIMITS)
      expect(m.load(file)).toBe(5)
      // Each engine has its own instance and memory all the same.
      expect(m.growInWasm(1)).toBe(1)
      requireVM.dispose(m)
    }
    const after = requireVM.stats()
    expect(after.wasmModulesCompiled - before.wasmModulesCompiled).toBe(1)
    expect(after.wasmModuleCacheHits - before.wasmModuleCacheHits).toBe(99)
  })

  test('a module new to the process runs on the baseline code at once, and engines made after its optimization run the optimized code', async () => {
    const optimizing = () => settledWasmCompiles(requireVM)
    await optimizing()
    const file = uniqueModule(dir, `tiers-${process.pid}-${Date.now()}`)
    const before = requireVM.stats()
    const first = requireVM(LIMITS)
    expect(first.load(file)).toBe(5)
    const loaded = requireVM.stats()
    expect(loaded.wasmModulesCompiled - before.wasmModulesCompiled).toBe(1)
    // Cranelift compiles it on a thread of its own meanwhile (it may be done already).
    expect(loaded.wasmModulesOptimizing + loaded.wasmModulesOptimized - before.wasmModulesOptimized).toBe(1)
    await optimizing()
    const optimized = requireVM.stats()
    expect(optimized.wasmModulesOptimized - before.wasmModulesOptimized).toBe(1)
    // The first engine goes on with the code it started with.
    expect(first.growInWasm(1)).toBe(1)
    // New engines find the optimized code: nothing is compiled again, although the baseline
    // code is no longer kept (an engine taking the baseline would compile it anew).
    for (let i = 0; i < 10; i++) expect(requireVM(LIMITS).load(file)).toBe(5)
    const after = requireVM.stats()
    expect(after.wasmModulesCompiled - optimized.wasmModulesCompiled).toBe(0)
    expect(after.wasmModuleCacheHits - optimized.wasmModuleCacheHits).toBe(10)
  })

  test('engines with a timeout run their own code, which checks for interrupts; the others share code without', () => {
    const file = uniqueModule(dir, `interrupts-${process.pid}-${Date.now()}`)
    const compiles = (load) => {
      const before = requireVM.stats().wasmModulesCompiled
      expect(load().load(file)).toBe(5)
      return requireVM.stats().wasmModulesCompiled - before
    }
    expect(compiles(() => requireVM(LIMITS))).toBe(1)
    expect(compiles(() => requireVM(LIMITS))).toBe(0)
    expect(compiles(() => requireVM(LIMITS, {}, { timeout: 60_000 }))).toBe(1)
    expect(compiles(() => requireVM(LIMITS, {}, { timeout: 30_000 }))).toBe(0)
    expect(compiles(() => requireVM(LIMITS))).toBe(0)
  })

  test.each(['winch', 'cranelift'])('with only %s, wasm behaves the same: the JS API, timeouts, memoryLimit; what Winch refuses', (compiler) => {
    const child = spawnSync(process.execPath, [path.join(__dirname, 'children', 'wasm-compilers.js')], {
      encoding: 'utf8',
      env: { ...process.env, REQUIRE_VM_WASM_COMPILER: compiler },
      timeout: 120_000,
    })
    if (child.status !== 0) throw new Error(`wasm-compilers.js exited with ${child.status}:\n${child.stderr}`)
    expect(JSON.parse(child.stdout.trim().split('\n').pop())).toEqual({
      sameAsNode: true,
      startSpin: 'ERR_SCRIPT_EXECUTION_TIMEOUT',
      spin: 'ERR_SCRIPT_EXECUTION_TIMEOUT',
      grown: 1,
      refused: 'ERR_REQUIRE_VM_MEMORY_LIMIT',
      refusedInside: -1,
      // A tail call: Cranelift's code while the store is not bound yet; a CompileError that says
      // why once a Memory bound it to Winch.
      tailCallFirst: 7,
      tailCallAfterMemory: compiler === 'winch' ? 'CompileError, names the way out' : 7,
      // One compiler: nothing is optimized later.
      optimizedInBackground: 0,
    })
  })

  test('with isCache the compiled module is kept on disk; a damaged file is ignored and written anew', () => {
    const cacheDir = path.join(dir, 'cache')
    const file = uniqueModule(dir, `disk-${process.pid}-${Date.now()}`)
    const run = () => {
      const child = spawnSync(process.execPath, [path.join(__dirname, 'children', 'wasm-disk-cache.js'), file], {
        encoding: 'utf8',
        env: { ...process.env, REQUIRE_VM_CACHE_DIR: cacheDir },
        timeout: 120_000,
      })
      if (child.status !== 0) throw new Error(`wasm-disk-cache.js exited with ${child.status}:\n${child.stderr}`)
      return JSON.parse(child.stdout.trim().split('\n').pop())
    }
    const first = run()
    expect([first.exports, first.pages, first.compiled, first.fromDisk]).toEqual([5, 1, 1, 0])
    expect(first.files).toHaveLength(1)
    const [name, size] = first.files[0]
    expect(name).toMatch(/^[0-9a-f]{64}\.cwasm$/)
    const second = run()
    expect([second.exports, second.pages, second.compiled, second.fromDisk]).toEqual([5, 1, 0, 1])

    // One flipped byte in the middle of the compiled code: refused, compiled again, rewritten.
    const cached = path.join(cacheDir, 'wasm', name)
    const bytes = fs.readFileSync(cached)
    bytes[bytes.length >> 1] ^= 0xff
    fs.writeFileSync(cached, bytes)
    const third = run()
    expect([third.exports, third.pages, third.compiled, third.fromDisk]).toEqual([5, 1, 1, 0])
    expect(third.files).toEqual([[name, size]])
    expect(run().fromDisk).toBe(1)

    // Cut short, or not ours at all: the same.
    fs.writeFileSync(cached, fs.readFileSync(cached).subarray(0, 100))
    expect([run().compiled, run().fromDisk]).toEqual([1, 1])
    fs.writeFileSync(cached, 'not a compiled module')
    const foreign = run()
    expect([foreign.compiled, foreign.fromDisk]).toEqual([1, 0])
  }, 240_000)
})

test('30 opencv.js reload rounds stay within 100 MB of the first, every engine freed', () => {
  const r = runChild('opencv-rounds.js', ['default', '30'], { timeout: 600_000 })
  expect(r.rounds).toBe(30)
  expect(r.endMB - r.firstMB).toBeLessThan(100)
  expect(r.liveAfter).toBe(r.liveBefore)
}, 620_000)
