'use strict'
// A worker thread whose guest spins forever (no timeout), ended by its host:
//   node worker-ends.js terminate   worker.terminate(), then one JSON line { code, ms }
//   node worker-ends.js exit        process.exit(0) in the main thread: the process must end
// Node ends a worker by terminating its JavaScript; the guest runs in Boa, which V8 never
// interrupts, so the engine must notice on its own (src/engine/limits.rs, `Watch`).
const path = require('node:path')
const { Worker } = require('node:worker_threads')

const mode = process.argv[2]
const worker = new Worker(
  `
  const { parentPort, workerData } = require('node:worker_threads')
  const requireVM = require(workerData.addon)
  const m = requireVM(workerData.guest)
  parentPort.postMessage('spinning')
  m.spin()
  `,
  {
    eval: true,
    workerData: {
      addon: path.join(__dirname, '..', '..'),
      guest: path.join(__dirname, '..', 'fixtures', 'limits', 'later-call.js'),
    },
  },
)
worker.once('message', async () => {
  if (mode === 'exit') process.exit(0)
  const started = Date.now()
  const code = await worker.terminate()
  process.stdout.write(`${JSON.stringify({ code, ms: Date.now() - started })}\n`)
})
