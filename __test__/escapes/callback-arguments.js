// What host code passes into guest callbacks: host Array methods (`map`, `forEach`, `sort`,
// `reduce`, `find`, `some`, `every`), Map/Set `forEach`, a host EventEmitter's listeners, Node
// style `(err, data)` callbacks and callbacks fired later from the host's event loop. Every
// argument and `this` is walked (including `arguments.callee.caller`).
const h = require('./_harness')(module, require)
const EventEmitter = require('node:events')

h.attempt(async () => {
  const emitter = new EventEmitter()
  const ctx = {
    hostArr: [{ a: {} }, { b: {} }],
    hostMap: new Map([[{ key: {} }, { value: {} }]]),
    hostSet: new Set([{ member: {} }]),
    hostEmitter: emitter,
    hostApi: {
      nodeStyle(cb) { cb(null, { data: {} }, function hostContinuation() {}) },
      failing(cb) { cb(new Error('host failure'), null) },
      later(cb) { return new Promise((resolve) => setImmediate(() => resolve(cb({ later: {} }, setImmediate)))) },
    },
  }
  const m = h.load('callback-arguments.js', ctx)
  h.try("host emits 'evt'", () => emitter.emit('evt', { payload: {} }, process.hrtime))
  await h.tryAsync('m.later()', () => m.later())
  return m.report()
})
