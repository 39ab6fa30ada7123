// Issue 9: Emscripten output in the engine, in the three forms of fixtures/emscripten/ (see its
// README): the global-`Module` scenario as opencv.js users write it, and the MODULARIZE factories
// (wasm2js: plain JavaScript; modularize: WebAssembly, run by our `WebAssembly` on wasmtime).
// Results are checked against reference.js; the 30-round memory test runs in a child process.
const path = require('node:path')
const requireVM = require('..')
const { runChild } = require('./helpers')
const ref = require('./fixtures/emscripten/reference.js')

const DIR = path.join(__dirname, 'fixtures', 'emscripten')
const DRIVER = path.join(DIR, 'driver.js')
const W = 256
const H = 256
const FORMS = ['classic', 'wasm2js', 'modularize']

// What every form must answer (as verify.js computes it).
function expected(leakBytes) {
  const img = ref.makeImage(W, H)
  const inverted = ref.invert(img)
  const blurred = ref.blur(inverted.bytes, W, H)
  return {
    img,
    leak: ref.leak(leakBytes),
    leakSmall: ref.leak(1000),
    sum: ref.sum(Int32Array.from({ length: 1000 }, (_, i) => i * 1000003)),
    invert: inverted.checksum,
    blur: blurred.checksum,
    dstFirstBytes: Array.from(blurred.bytes.subarray(W + 1, W + 9)),
  }
}

// The classic file loaded as the issue has it: the context object provides `Module`, the file
// runs as a script and fills it; `onRuntimeInitialized` says when it is ready.
function loadClassic(printed, extra = {}) {
  return new Promise((resolve, reject) => {
    const context = {
      module: { exports: {} },
      Module: {
        onRuntimeInitialized() {
          resolve({ context, Module: context.Module })
        },
        onAbort: reject,
        print: (s) => printed.push(String(s)),
      },
      print: (s) => printed.push(`global print: ${s}`),
      ...extra,
    }
    requireVM(path.join(DIR, 'leaky.classic.js'), context)
  })
}

describe.each(FORMS)('%s form, exercised inside the engine (driver.js)', (form) => {
  test('leak, cwrap/ccall, sum, invert and blur of a 256x256 image through HEAPU8, say', async () => {
    const e = expected(1 << 20)
    const d = requireVM(DRIVER)
    const r = await d.run(form, { w: W, h: H, leakBytes: 1 << 20 })
    expect([r.leak, r.leakCwrap, r.leakCcall, r.leakCount]).toEqual([e.leak, e.leakSmall, e.leakSmall, 3])
    expect(r.leakedBytes).toBe((1 << 20) + 2000)
    expect(r.sum).toBe(e.sum)
    expect([Array.from(r.invert), Array.from(r.blur), r.dstChecksum]).toEqual([[e.invert], [e.blur], e.blur])
    expect(Array.from(r.dstFirstBytes)).toEqual(e.dstFirstBytes)
    expect(r.say).toBe(42)
    // The classic file required through the wrapper prints with console.log (see driver.js).
    if (form !== 'classic') expect(Array.from(r.printed)).toEqual(['leaky: 21'])
  })

  test('a 20 MiB leak grows the heap, and HEAPU8 is replaced by a view of the new buffer', async () => {
    const e = expected(20 << 20)
    const d = requireVM(DRIVER)
    const r = await d.run(form, { w: W, h: H, leakBytes: 20 << 20 })
    expect(r.leak).toBe(e.leak)
    expect(r.leak).toBe(-1419771904)
    expect(r.heapBefore).toBe(16 << 20)
    expect(r.heapAfter).toBeGreaterThan(20 << 20)
    expect(r.bufferReplaced).toBe(true)
    expect([Array.from(r.invert), Array.from(r.blur)]).toEqual([[e.invert], [e.blur]])
  })
})

describe('the scenario as written: global Module from the context object (classic form)', () => {
  test('onRuntimeInitialized is called, and the module is used through Module from the host', async () => {
    const e = expected(20 << 20)
    const printed = []
    const { Module } = await loadClassic(printed)
    expect(Module._leaked_bytes()).toBe(0)
    expect(Module._leak(1000)).toBe(656830764)
    expect(Module.ccall('leak', 'number', ['number'], [1000])).toBe(656830764)
    expect(Module.cwrap('leak', 'number', ['number'])(1000)).toBe(656830764)
    expect(Module.cwrap('say', 'number', ['number'])(21)).toBe(42)
    expect(printed).toEqual(['leaky: 21']) // Module.print, not the global print

    // _malloc + HEAPU8 writes from the host: Module.HEAPU8 is a live view of wasm memory.
    const img = e.img
    const p = Module._malloc(W * H)
    const dst = Module._malloc(W * H)
    Module.HEAPU8.set(img, p)
    expect(Module._invert(p, W * H)).toBe(e.invert)
    expect(Module.HEAPU8[p]).toBe(255 - img[0]) // wasm's write, seen by the host
    expect(Module._blur(p, dst, W, H)).toBe(e.blur)
    expect(Array.from(Module.HEAPU8.subarray(dst + W + 1, dst + W + 9))).toEqual(e.dstFirstBytes)

    // Growth: the old view is detached and Module.HEAPU8 is a view of the new memory.
    const before = Module.HEAPU8
    expect(before.length).toBe(16 << 20)
    expect(Module._leak(20 << 20)).toBe(e.leak)
    expect(before.length).toBe(0)
    expect(Module.HEAPU8.length).toBeGreaterThan(20 << 20)
    expect(Module.HEAPU8[p]).toBe(255 - img[0]) // the bytes moved with the memory
    expect(Module._leaked_bytes()).toBe(3000 + (20 << 20) + 2 * W + 8)
  })

  test('the context dropped, the next load starts clean', async () => {
    const first = await loadClassic([])
    first.Module._leak(1 << 20)
    expect(first.Module._leaked_bytes()).toBe(1 << 20)
    expect(requireVM.dispose(first.context)).toBe(true)
    expect(() => first.Module._leaked_bytes()).toThrow(expect.objectContaining({ code: 'ERR_REQUIRE_VM_DISPOSED' }))
    const second = await loadClassic([])
    expect(second.Module._leaked_bytes()).toBe(0)
    expect(second.Module._leak_count()).toBe(0)
  })

  test('loads side by side are isolated', async () => {
    const [a, b] = await Promise.all([loadClassic([]), loadClassic([])])
    a.Module._leak(5000)
    expect([a.Module._leaked_bytes(), b.Module._leaked_bytes()]).toEqual([5000, 0])
  })
})

describe('the MODULARIZE forms: requireVM(file) is a factory whose promise gives the module', () => {
  test.each(['wasm2js', 'modularize'])('%s', async (form) => {
    const e = expected(1 << 20)
    const createLeaky = requireVM(path.join(DIR, `leaky.${form}.js`))
    expect(typeof createLeaky).toBe('function')
    const printed = []
    const M = await createLeaky({ print: (s) => printed.push(String(s)) })
    expect(M._leak(1 << 20)).toBe(1861746688)
    expect(M.ccall('leak', 'number', ['number'], [1000])).toBe(e.leakSmall)
    expect(M.cwrap('say', 'number', ['number'])(21)).toBe(42)
    expect(printed).toEqual(['leaky: 21'])
    // Bytes in through ccall's 'array' argument (copied onto the stack by the glue).
    expect(M.ccall('invert', 'number', ['array', 'number'], [e.img, e.img.length])).toBe(e.invert)
    // A second instance from the same factory starts clean.
    const M2 = await createLeaky({ print() {} })
    expect(M2._leaked_bytes()).toBe(0)
  })

  test('modularize: HEAPU8 is a live view for the host too, and is replaced after growth', async () => {
    const e = expected(1 << 20)
    const createLeaky = requireVM(path.join(DIR, 'leaky.modularize.js'))
    const M = await createLeaky({ print() {} })
    const heap = M.HEAPU8
    expect(heap).toBeInstanceOf(Uint8Array)
    expect(M.HEAPU8).toBe(heap) // one host view per guest view
    const p = M._malloc(W * H)
    heap.set(e.img, p)
    expect(M._invert(p, W * H)).toBe(e.invert)
    M._leak(20 << 20)
    expect(heap.length).toBe(0)
    expect(M.HEAPU8).not.toBe(heap)
    expect(M.HEAPU8[p]).toBe(255 - e.img[0])
  })

  test('live views go back to the guest as the guest\'s own views', async () => {
    const probe = await requireVM(path.join(DIR, 'live-views.js')).load()
    const heap = probe.M.HEAPU8
    expect(probe.isHeap(heap)).toBe(true)
    expect(probe.isHeapBuffer(heap.buffer)).toBe(true)
    heap[100] = 7
    expect(Array.from(probe.readThrough(new Uint8Array(heap.buffer, 96, 8), 4))).toEqual([true, true, 7])
    // Other typed arrays still cross as copies.
    const copy = probe.guestCopy()
    expect(Array.from(copy)).toEqual([1, 2, 3])
  })
})

describe('rounds: load, use, drop', () => {
  // 30 rounds leaking 20 MiB each must end with RSS within 100 MB of the start: the engines (and
  // their wasm memory, or wasm2js heap) are freed.
  test.each(FORMS)('%s: 30 rounds of a 20 MiB leak end within 100 MB of the start', (form) => {
    const r = runChild('emscripten-rounds.js', [form, '30'], { timeout: 600_000 })
    expect(r.rounds).toBe(30)
    expect(r.endMB - r.startMB).toBeLessThan(100)
    expect(r.liveEnginesAtEnd).toBe(0) // dropped, not disposed: every engine was collected
  }, 620_000)
})
