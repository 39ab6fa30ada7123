const requireVM = require('..')

test('loads a module into its own engine and returns live proxies', () => {
  const m = requireVM('./fixtures/smoke/index.js')
  expect(m.answer).toBe(42)
  expect(m.double(21)).toBe(42)
  expect(m).toEqual({ answer: 42, double: expect.any(Function) })
})
