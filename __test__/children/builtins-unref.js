'use strict'
// A guest timer keeps its engine alive, not the process: once the engine is unreachable from
// the host (collected), its pending 60 s timeout and interval must not hold the process open.
// Run with --expose-gc.
const path = require('path')
const requireVM = require('../..')

const fixture = path.join(__dirname, '..', 'fixtures', 'builtins', 'timers.js')
let m = requireVM(fixture)
m.startTimeout(60000, () => console.log('guest timeout fired'))
m.startInterval(60000, () => console.log('guest interval fired'))
m = null
setImmediate(() => {
  global.gc()
  setImmediate(() => {
    global.gc()
    console.log('BUILTINS-UNREF-END')
  })
})
