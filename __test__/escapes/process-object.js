// With `process` allowed (`builtins: ['process', 'events']`, and `builtins: true`), the guest gets its own
// `process` backed by the host's: `exit`/`abort`/`kill`/`reallyExit` must not end the host, and
// nothing it exposes (`stdout`/`stderr` streams, `binding`, `mainModule`, `emit`…) may lead to
// the host's `process`, `require` or `globalThis` (checked by walking the object graph for the
// host's marks). Reaching the host's process.exit here would end the child early.
const h = require('./_harness')(module, require)

h.attempt(() => {
  // (`events` too: the guest's process is an EventEmitter.)
  const a = h.load('process-object.js', {}, { builtins: ['process', 'events'] })
  const b = h.load('process-object.js', {}, { builtins: true })
  const ra = a.report()
  const rb = b.report()
  return { steps: [...ra.steps, ...rb.steps] }
})
