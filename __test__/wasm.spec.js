// Issue 9: the `WebAssembly` namespace inside the engine (backed by wasmi then, wasmtime since issue 16). The fixture
// (fixtures/wasm/api.js) exercises the JS API on two small modules (api.wat, imports.wat) and
// returns plain data; it runs under Node and inside requireVM, and the two must agree value for
// value. Then what only the engine has: memory that goes with the engine, memoryLimit and
// timeout reaching into wasm, and wasm memory seen live from the host.
const path = require('node:path')
const requireVM = require('..')

const API = path.join(__dirname, 'fixtures', 'wasm', 'api.js')

// JSON that keeps NaN, ±Infinity and -0 apart (the f32 results have them).
function canonical(value) {
  return JSON.stringify(value, (_, v) => {
    if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v
    return `#${Object.is(v, -0) ? '-0' : String(v)}`
  })
}

describe('WebAssembly inside the engine', () => {
  test('is a global of every engine, made on first use', () => {
    const m = requireVM('./fixtures/wasm/grow.js')
    expect(m.namespace()).toBe('[object WebAssembly] function function')
  })

  test('the JS API behaves as under Node: Module, Instance, Memory, Table, Global, errors, validate', () => {
    const expected = canonical(require(API).run())
    const m = requireVM(API)
    expect(canonical(m.run())).toBe(expected)
  })

  test('instantiate and compile give promises, of a { module, instance } or an Instance', async () => {
    const expected = await require(API).runAsync()
    const m = requireVM(API)
    expect(Array.from(await m.runAsync())).toEqual(expected)
    expect(expected).toEqual([true, 1, true, 2, true, true])
  })

  test('Module.exports, Module.imports and the exports object, in the module order', () => {
    const m = requireVM(API)
    const out = m.run()
    expect(Array.from(out.exports, (e) => `${e.kind} ${e.name}`)).toEqual([
      'memory mem', 'table table', 'global counter', 'function add', 'function add64', 'function half',
      'function callLog', 'function getG', 'function spin', 'function trap', 'function div', 'function grow',
      'function load', 'function store', 'function recurse',
    ])
    expect(Array.from(out.imports, (e) => `${e.kind} ${e.module}.${e.name}`)).toEqual(['function env.log', 'global env.g'])
    expect(out.exportsObject[0]).toBe(true) // frozen
  })

  test('memory.buffer is the linear memory: writes on either side are seen by the other; grow detaches it', () => {
    const m = requireVM(API)
    const out = m.run()
    expect(Array.from(out.shared)).toEqual([77, 88])
    // [old size in pages, old buffer's byteLength (detached), new byteLength, byte kept]
    expect(Array.from(out.growByWasm)).toEqual([1, 0, 131072, 77])
    expect(Array.from(out.growByJs)).toEqual([2, 0, true, 131072])
  })

  test('imports may call back into wasm and grow its memory while wasm waits in them', () => {
    const REENTRY = path.join(__dirname, 'fixtures', 'wasm', 'reentry.js')
    const expected = canonical(require(REENTRY).run())
    expect(canonical(requireVM(REENTRY).run())).toBe(expected)
    expect(JSON.parse(expected)).toEqual({ nested: 42, deeper: 42, grownInImport: [0, 131072], bufferAfter: 131072 })
  })

  test('timeout stops a wasm loop reached through an import', () => {
    const m = requireVM('./fixtures/wasm/reentry.js', {}, { timeout: 300 })
    expect(() => m.spinFromImport()).toThrow(expect.objectContaining({ code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' }))
  })

  test('timeout stops an infinite wasm loop', () => {
    const m = requireVM(API, {}, { timeout: 300 })
    const started = Date.now()
    let error
    try {
      m.spin()
    } catch (e) {
      error = e
    }
    expect(error).toBeDefined()
    expect(error.code).toBe('ERR_SCRIPT_EXECUTION_TIMEOUT')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  test('memoryLimit counts wasm memory: growing past it ends the engine', () => {
    const m = requireVM('./fixtures/wasm/grow.js', {}, { memoryLimit: 64 })
    expect(m.grow(1)).toBe(1) // 64 KiB more: fine
    let error
    try {
      m.grow(2048) // 128 MiB
    } catch (e) {
      error = e
    }
    expect(error).toBeDefined()
    expect(error.code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
  })

  test('a memory the guest hands out crosses as a live view, detached when the engine goes', () => {
    const m = requireVM('./fixtures/wasm/grow.js')
    const view = m.view(16)
    expect(view).toBeInstanceOf(Uint8Array)
    view[3] = 42
    expect(m.peek(3)).toBe(42)
    m.poke(4, 43)
    expect(view[4]).toBe(43)
    expect(requireVM.dispose(m)).toBe(true)
    expect(view.length).toBe(0) // detached before the memory was freed
  })

  test('a live view does not make V8 count the wasm memory twice', () => {
    // The engine's account holds its linear memory, which the addon reports to V8; the host's
    // buffer over the same bytes is counted by V8 itself, so the report leaves it out. Counted
    // twice, an opencv.js engine's 128 MB started V8's full collections in the host's own work.
    const MiB = 1024 * 1024
    const memory = 100 * 65536
    const m = requireVM('./fixtures/wasm/grow.js')
    expect(m.growMemory(99)).toBe(1) // to its maximum, 6.25 MiB, all charged to the engine
    // What earlier tests left is freed (and reported) first, so that only the view moves it.
    requireVM.stats({ collect: true })
    const before = requireVM.stats().reportedToV8
    const view = m.view(16) // the host's buffer over the whole memory, which V8 counts
    const after = requireVM.stats().reportedToV8
    expect(view.buffer.byteLength).toBe(memory)
    // The report fell by the memory's size (reports move in steps of at least 1 MiB).
    expect(before - after).toBeGreaterThan(memory - MiB)
    expect(before - after).toBeLessThan(memory + MiB)
    requireVM.dispose(m)
  })

  test('each engine has its own store: instances do not share memory', () => {
    const a = requireVM('./fixtures/wasm/grow.js')
    const b = requireVM('./fixtures/wasm/grow.js')
    a.poke(0, 1)
    b.poke(0, 2)
    expect([a.peek(0), b.peek(0)]).toEqual([1, 2])
  })
})
