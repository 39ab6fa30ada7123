// CVE-2023-37903 adapted (custom inspect + Proxy): the host inspects guest values that carry
// `[Symbol.for('nodejs.util.inspect.custom')]` (own, inherited from a guest class, nested, on a
// function, on a guest Proxy) with util.inspect / util.format / console.log, in every mode
// (showHidden, showProxy, getters, colors). The hook walks `this`, `depth`, `options` (and its
// `stylize`) and the host's `inspect`, and tries inspecting a host value through it.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const m = h.load('util-inspect-custom.js', { hostObj: { host: {} } })
  const { util } = h
  for (const name of ['own', 'instance', 'nested', 'fn', 'proxy', 'proxyOfFunction']) {
    const value = m[name]
    h.try(`util.inspect(${name})`, () => util.inspect(value))
    h.try(`util.inspect(${name}, { showHidden, getters, depth: 5 })`, () => util.inspect(value, { showHidden: true, getters: true, depth: 5 }))
    h.try(`util.inspect(${name}, { showProxy: true })`, () => util.inspect(value, { showProxy: true }))
    h.try(`util.inspect(${name}, { colors: true })`, () => util.inspect(value, { colors: true }))
    h.try(`util.format('%o %O %s', ${name})`, () => util.format('%o %O %s', value, value, value))
    h.try(`console.log(${name})`, () => console.log(value))
  }
  return m.report()
})
