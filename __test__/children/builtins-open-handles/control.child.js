'use strict'
// The control for builtins.spec.js: a host interval left running is an open handle, so the
// child Jest run must report it (proving the check can see one).
test('leaves a host interval running', () => {
  setInterval(() => {}, 60000)
})
