// Loads fine; its method waits for a flag that nothing ever sets.
let ready = false
exports.waitUntilReady = function waitUntilReady() {
  while (!ready) {
    // spin
  }
  return 'ready'
}
