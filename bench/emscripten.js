'use strict'
// Workload 7 (issue 9): an Emscripten module processing an image-like buffer. Per load, a fresh
// engine/context loads __test__/fixtures/emscripten/driver.js, which instantiates one form of
// leaky.c and runs `invert` + `blur` on a 1024x1024 (1 MiB) image 20 times, the image written
// through HEAPU8 each round (driver.js `exercise`, with a 1,000-byte leak). The time is the whole
// load: module load, runtime init, and the 20 rounds. Target (issue 9): the wasm2js form
// (plain JavaScript, so Boa interprets the translated C) under 2 s. The WebAssembly form (wasmtime
// in our engine, V8's own WebAssembly in the others): within 1.5x of Node's (node:vm, V8) (issue 16).
// BENCH_EMSCRIPTEN_FORMS=modularize runs the WebAssembly form alone.

const path = require('node:path')
const H = require('./lib/harness')
const F = require('./lib/format')

// 3 runs, not 5: one wasm2js load takes about 40 s in Boa today (release build).
const RUNS = Number(process.env.BENCH_RUNS || 3)
const SIZE = Number(process.env.BENCH_EMSCRIPTEN_SIZE || 1024) // image side: SIZE x SIZE bytes
const ROUNDS = Number(process.env.BENCH_EMSCRIPTEN_ROUNDS || 20)
const TARGET_MS = 2000
const WASM_TARGET = 1.5 // the WebAssembly form, ours / node:vm
const DIR = path.join(H.ROOT, '__test__', 'fixtures', 'emscripten')
const DRIVER = path.join(DIR, 'driver.js')
const WASM_ONLY = path.join(__dirname, 'fixtures', 'emscripten-wasm.js')
const ref = require(path.join(DIR, 'reference.js'))

H.child(async () => {
  const ours = H.loadOurs()
  const requireVm = H.loadRequireVm()
  const impls = [
    { name: 'require-vm-rs (ours)', load: () => ours(DRIVER) },
    { name: 'require-vm', load: () => requireVm(DRIVER) },
    { name: 'node:vm + wrapper', load: () => H.vmRequire(DRIVER) },
  ]
  const img = ref.makeImage(SIZE, SIZE)
  const expected = ref.blur(ref.invert(img).bytes, SIZE, SIZE).checksum
  const forms = (process.env.BENCH_EMSCRIPTEN_FORMS || 'wasm2js,modularize').split(',')
  const rows = []
  const targets = []
  const raw = []
  for (const form of forms) {
    const times = impls.map(() => [])
    const exercise = []
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < impls.length; k++) {
        const j = (k + run) % impls.length
        H.progress(`${form}: run ${run + 1}/${RUNS}: ${impls[j].name}`)
        H.gc()
        const t0 = H.now()
        const driver = impls[j].load()
        const r = await driver.run(form, { w: SIZE, h: SIZE, rounds: ROUNDS, leakBytes: 1000 })
        const t = H.msSince(t0)
        const blur = Array.from(r.blur)
        if (blur.length !== ROUNDS || blur.some((x) => x !== expected)) {
          throw new Error(`${impls[j].name} ${form}: blur checksums ${blur} !== ${expected}`)
        }
        times[j].push(t)
        if (j === 0) exercise.push(r.ms)
      }
    }
    const medians = times.map((t) => H.median(t))
    const wasm = form === 'modularize'
    rows.push([
      form,
      ...medians.map(F.ms),
      F.ms(H.median(exercise)),
      F.ratio(medians[0], medians[2]),
      wasm ? `≤ ${WASM_TARGET}× node:vm` : `< ${F.ms(TARGET_MS)}`,
    ])
    targets.push({
      name: `emscripten ${form}: ${ROUNDS} x ${SIZE}x${SIZE} per load`,
      figure: F.ms(medians[0]),
      met: wasm ? undefined : medians[0] < TARGET_MS,
    })
    if (wasm) {
      targets.push({
        name: `emscripten WebAssembly form ≤ ${WASM_TARGET}× Node (issue 16)`,
        figure: F.ratio(medians[0], medians[2]),
        met: medians[0] <= WASM_TARGET * medians[2],
      })
    }
    raw.push({ form, times, medians, exercise })
  }
  // The WebAssembly work alone (what the backend does), without the image-making and checksum
  // loops in JavaScript that the whole load also times.
  if (forms.includes('modularize')) {
    const batches = impls.map(() => [])
    const sums = new Set()
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < impls.length; k++) {
        const j = (k + run) % impls.length
        H.progress(`wasm work alone: run ${run + 1}/${RUNS}: ${impls[j].name}`)
        H.gc()
        const loader = [ours, requireVm, H.vmRequire][j]
        const r = await loader(WASM_ONLY).run()
        sums.add(r.checksum)
        batches[j].push(H.median(Array.from(r.times)))
      }
    }
    if (sums.size !== 1) throw new Error(`wasm work alone: the checksums differ: ${[...sums]}`)
    const medians = batches.map((b) => H.median(b))
    rows.push([
      `modularize, ${ROUNDS} rounds of wasm work alone`,
      ...medians.map(F.ms),
      '',
      F.ratio(medians[0], medians[2]),
      'report',
    ])
    targets.push({
      name: `emscripten WebAssembly work alone (${ROUNDS} x set + invert + blur): ratio to Node`,
      figure: F.ratio(medians[0], medians[2]),
    })
    raw.push({ form: 'modularize, wasm work alone', batches, medians })
  }
  return {
    title: 'Emscripten: an image processed in the engine',
    description: `Per load: a fresh engine/context loads \`__test__/fixtures/emscripten/driver.js\`, which instantiates ` +
      `leaky.c in one Emscripten form and runs invert + blur on a ${SIZE}x${SIZE} image ${ROUNDS} times (the image ` +
      `written through HEAPU8 each round); median of ${RUNS} loads. wasm2js is plain JavaScript (Boa interprets ` +
      'it; V8 compiles it); modularize is WebAssembly (wasmtime, compiling with Cranelift, in our engine; V8\'s ' +
      'compilers in the others). "exercise" is the in-engine time of the 20 rounds alone (ours), which includes ' +
      'making the image and checksumming the result in JavaScript (in ours, Boa interprets those loops). ' +
      '"wasm work alone" (`bench/fixtures/emscripten-wasm.js`): the image made once, untimed, then batches of ' +
      `${ROUNDS} rounds of HEAPU8.set + invert + blur timed inside each engine/context (median of 7 batches, ` +
      `then of ${RUNS} runs).`,
    table: {
      columns: ['form', ...impls.map((i) => i.name), 'exercise (ours)', 'ours ÷ node:vm', 'target'],
      rows,
    },
    targets,
    raw,
  }
})
