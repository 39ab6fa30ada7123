'use strict'
// The real opencv.js from npm (@techstark/opencv-js 4.5.2: Emscripten 1.39 glue, MODULARIZE,
// the wasm embedded as base64, a thenable Module), loaded with requireVM as a new user would,
// with default options and in the seed's context-object form. Results must equal Node's
// `require` of the same file (computed in a child process).
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const requireVM = require('..')
const { runChild } = require('./helpers')
const { whenReady, run } = require('./fixtures/opencv/pipeline.js')

const OPENCV = require.resolve('@techstark/opencv-js')
const SIZE = 512
const oracle = () =>
  JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'children', 'opencv-oracle.js'), String(SIZE)], { encoding: 'utf8' }))

describe('opencv.js from npm', () => {
  let expected
  beforeAll(() => {
    expected = oracle()
  })

  test('default options: the runtime initialises after the load (onRuntimeInitialized), and the pipeline gives Node\'s results', async () => {
    const cv = requireVM(OPENCV)
    // As under Node, the wasm is instantiated in a later task: the callback set after the load runs.
    expect(cv.calledRun).toBeUndefined()
    await whenReady(cv)
    expect(cv.calledRun).toBe(true)
    expect(run(cv, SIZE, SIZE)).toEqual(expected)
    // The thenable form: `then` calls back with the initialised Module, as under Node.
    const viaThen = await new Promise((resolve) => cv.then((m) => resolve([m === cv])))
    expect(viaThen).toEqual([true])
    requireVM.dispose(cv)
  }, 240000)

  test("the seed's context-object form: { module, Module: { onRuntimeInitialized }, print }", async () => {
    const printed = []
    let cv
    await new Promise((resolve, reject) => {
      const context = {
        module: { exports: {} },
        Module: { onRuntimeInitialized: () => resolve(), onAbort: reject },
        print: (line) => printed.push(line),
      }
      cv = requireVM(OPENCV, context)
    })
    expect(run(cv, SIZE, SIZE)).toEqual(expected)
    requireVM.dispose(cv)
  }, 240000)

  test("process.binding answers 'constants' as Node 20 does and refuses the rest with Node's message", () => {
    const guest = requireVM(path.join(__dirname, 'fixtures', 'opencv', 'binding-probe.js'))
    const hostConstants = process.binding('constants')
    expect(guest.constants()).toEqual(JSON.parse(JSON.stringify(hostConstants)))
    expect(guest.refused('fs')).toEqual(['Error', 'No such module: fs'])
    expect(guest.refused('nope')).toEqual(['Error', 'No such module: nope'])
  })

  // The seed's reload loop: each round loads, initialises, runs the pipeline, leaks a 4 MiB Mat
  // and drops everything (no dispose); an engine holds ~240 MB, so a round that is not freed
  // shows at once.
  test.each(['default', 'seed'])('%s form: 10 reload rounds end within 100 MB of the first, every engine freed', (form) => {
    const r = runChild('opencv-rounds.js', [form, '10'], { timeout: 600_000 })
    expect(r.rounds).toBe(10)
    expect(r.endMB - r.firstMB).toBeLessThan(100)
    expect(r.liveAfter).toBe(r.liveBefore)
  }, 620_000)
})
