// What `jest --detectOpenHandles` looks for: async resources created while the addon loads and
// is used, still alive once the program is done (promises aside, as Jest ignores them). Prints
// their types as one JSON line.
'use strict'
const asyncHooks = require('node:async_hooks')
const path = require('node:path')

const out = process.stdout // made before the hook: its pipe is not ours
const alive = new Map()
asyncHooks
  .createHook({
    init(id, type) {
      if (type !== 'PROMISE') alive.set(id, type)
    },
    destroy(id) {
      alive.delete(id)
    },
  })
  .enable()

const requireVM = require('../..')
const exports_ = requireVM(path.join(__dirname, '..', 'fixtures', 'smoke', 'index.js'))
requireVM.dispose(exports_)

setImmediate(() => setImmediate(() => {
  alive.delete(asyncHooks.executionAsyncId()) // this very callback
  out.write(`${JSON.stringify([...alive.values()])}\n`)
}))
