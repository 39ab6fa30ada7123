// Ending the host: the guest looks for the host's `process` through the routes the other attempts
// probe (the host's Function via `hostFn.call.call`, a host `eval` via `hostArr.map`, a sloppy
// host frame's `require` via `caller`) and calls `exit(0)` on what it finds — an exit with code 0
// that would hide itself if the harness did not notice the attempt never finished.
const h = require('./_harness')(module, require)

function hostEach(list, fn) { return list.map(fn) }

function hostCode(m) {
  hostEach([1], m.viaCaller)
}

h.attempt(function () {
  const m = h.load('process-exit.js', { hostFn: function () {}, hostArr: [], hostEach })
  hostCode(m)
  m.direct()
  return m.report()
})
