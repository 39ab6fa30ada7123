'use strict'
// Workload 7 (issue 9): an Emscripten module processing an image-like buffer. Per load, a fresh
// engine/context loads __test__/fixtures/emscripten/driver.js, which instantiates one form of
// leaky.c and runs `invert` + `blur` on a 1024x1024 (1 MiB) image 20 times, the image written
// through HEAPU8 each round (driver.js `exercise`, with a 1,000-byte leak). The time is the whole
// load: module load, runtime init, and the 20 rounds. Target (issue 9): the wasm2js form
// (plain JavaScript, so Boa interprets the translated C) under 2 s. The WebAssembly form (wasmi
// in our engine, V8's own WebAssembly in the others) is reported alongside.

const path = require('node:path')
const H = require('./lib/harness')
const F = require('./lib/format')

// 3 runs, not 5: one wasm2js load takes about 40 s in Boa today (release build).
const RUNS = Number(process.env.BENCH_RUNS || 3)
const SIZE = Number(process.env.BENCH_EMSCRIPTEN_SIZE || 1024) // image side: SIZE x SIZE bytes
const ROUNDS = Number(process.env.BENCH_EMSCRIPTEN_ROUNDS || 20)
const TARGET_MS = 2000
const DIR = path.join(H.ROOT, '__test__', 'fixtures', 'emscripten')
const DRIVER = path.join(DIR, 'driver.js')
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
  const forms = ['wasm2js', 'modularize']
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
    rows.push([form, ...medians.map(F.ms), F.ms(H.median(exercise)), form === 'wasm2js' ? `< ${F.ms(TARGET_MS)}` : 'report'])
    targets.push({
      name: `emscripten ${form}: ${ROUNDS} x ${SIZE}x${SIZE} per load`,
      figure: F.ms(medians[0]),
      met: form === 'wasm2js' ? medians[0] < TARGET_MS : undefined,
    })
    raw.push({ form, times, medians, exercise })
  }
  return {
    title: 'Emscripten: an image processed in the engine',
    description: `Per load: a fresh engine/context loads \`__test__/fixtures/emscripten/driver.js\`, which instantiates ` +
      `leaky.c in one Emscripten form and runs invert + blur on a ${SIZE}x${SIZE} image ${ROUNDS} times (the image ` +
      `written through HEAPU8 each round); median of ${RUNS} loads. wasm2js is plain JavaScript (Boa interprets ` +
      'it; V8 compiles it); modularize is WebAssembly (wasmi, an interpreter, in our engine; V8\'s compilers ' +
      'in the others). "exercise" is the in-engine time of the 20 rounds alone (ours).',
    table: {
      columns: ['form', ...impls.map((i) => i.name), 'exercise (ours)', 'target'],
      rows,
    },
    targets,
    raw,
  }
})
