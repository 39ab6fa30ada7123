// CVE-2023-32313 adapted (`inspect` `options.stylize` → host Function): a guest inspect hook
// installed on host objects (data writes to host objects are allowed) and on a guest value; the
// host logs them with colors and without, and the hook takes `options.stylize` apart: its
// constructor, prototype, `caller`/`arguments`, and what calling it with odd arguments returns.
const h = require('./_harness')(module, require)

h.attempt(function () {
  const ctx = { hostObj: { host: true }, hostArr: [1, 2] }
  const m = h.load('inspect-stylize.js', ctx)
  for (const [name, value] of [['hostObj', ctx.hostObj], ['hostArr', ctx.hostArr], ['guest', m.guest]]) {
    h.try(`util.inspect(${name})`, () => h.util.inspect(value))
    h.try(`util.inspect(${name}, { colors: true })`, () => h.util.inspect(value, { colors: true }))
    h.try(`util.inspect({ wrapped: ${name} })`, () => h.util.inspect({ wrapped: value }))
  }
  return m.report()
})
