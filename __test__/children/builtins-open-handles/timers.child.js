'use strict'
// Run by builtins.spec.js in a child Jest with --detectOpenHandles: guest timers that are
// awaited or disposed must leave no open handle behind.
const path = require('path')
const requireVM = require('../../..')

const fixture = path.join(__dirname, '..', '..', 'fixtures', 'builtins', 'timers.js')

test('an awaited guest setTimeout', async () => {
  const m = requireVM(fixture)
  await expect(m.later(5, 'done')).resolves.toBe('done')
})

test('an awaited guest setImmediate', async () => {
  const m = requireVM(fixture)
  await expect(m.immediate('now')).resolves.toBe('now')
})

test('a guest setInterval stopped by dispose', async () => {
  const m = requireVM(fixture)
  let ticks = 0
  await new Promise((resolve) => {
    m.startInterval(1, () => {
      ticks += 1
      if (ticks === 3) resolve()
    })
  })
  expect(requireVM.dispose(m)).toBe(true)
})

test('a long guest setTimeout cleared by dispose before it fires', () => {
  const m = requireVM(fixture)
  m.startTimeout(60000, () => {})
  expect(requireVM.dispose(m)).toBe(true)
})

test('guest timers of a RequireVmModule cleared by its dispose', () => {
  const vm = new requireVM.RequireVmModule(__filename)
  const m = vm.requireVm(fixture)
  m.startTimeout(60000, () => {})
  m.startInterval(60000, () => {})
  vm.dispose()
})
