const path = require('node:path')
const { execFileSync } = require('node:child_process')
const requireVM = require('..')

test('loads a module into its own engine and returns live proxies', () => {
  const m = requireVM('./fixtures/smoke/index.js')
  expect(m.answer).toBe(42)
  expect(m.double(21)).toBe(42)
  expect(m).toEqual({ answer: 42, double: expect.any(Function) })
})

// `jest --detectOpenHandles` in a user's project must report nothing of ours: no async resource
// the addon makes (napi-rs's module init used to make a "CustomGC" one) outlives its use.
test('loading and using the addon leaves no open handle behind', () => {
  const child = path.join(__dirname, 'children', 'open-handles.js')
  expect(JSON.parse(execFileSync(process.execPath, [child], { encoding: 'utf8' }))).toEqual([])
})
