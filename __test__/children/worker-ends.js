'use strict'
// A worker thread whose guest spins forever (no timeout), ended by its host:
//   node worker-ends.js terminate [js|wasm]   worker.terminate(), then one JSON line { code, ms }
//   node worker-ends.js exit [js|wasm]        process.exit(0) in the main thread: the process must end
// The guest spins in JavaScript (js, the default) or in a wasm loop that never calls out (wasm).
// Node ends a worker by terminating its JavaScript; the guest runs in Boa or wasmtime, which V8
// never interrupts, so the engine must notice on its own (src/engine/limits.rs, `Watch`).
const path = require('node:path')
const { Worker } = require('node:worker_threads')

const [mode, spinsIn = 'js'] = process.argv.slice(2)
const fixtures = path.join(__dirname, '..', 'fixtures')
const guest = spinsIn === 'wasm' ? path.join(fixtures, 'wasm', 'limits.js') : path.join(fixtures, 'limits', 'later-call.js')
const worker = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads')
  const requireVM = require(workerData.addon)
  const m = requireVM(workerData.guest)
  if (m.load) m.load()
  parentPort.postMessage('spinning')
  m.spin()
  `,
  {
    eval: true,
    workerData: {
      addon: path.join(__dirname, '..', '..'),
      guest,
    },
  },
)
worker.once('message', async () => {
  if (mode === 'exit') process.exit(0)
  const started = Date.now()
  const code = await worker.terminate()
  process.stdout.write(`${JSON.stringify({ code, ms: Date.now() - started })}\n`)
})
