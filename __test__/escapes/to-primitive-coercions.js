// `Symbol.toPrimitive` / `valueOf` / `toString` / `toJSON` hooks of guest values run by host
// coercions (String, template literals, +, ==, <, Number, JSON.stringify, util.format, join,
// Date, parseInt); every hook walks its `this` and arguments. And host values with host
// toPrimitive coerced in the guest.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const hostCoercible = { [Symbol.toPrimitive](hint) { return `host ${hint}` }, valueOf() { return 7 } }
  const m = h.load('to-primitive-coercions.js', { hostCoercible })
  const { prim, vo, json, arr } = m
  h.try('String(prim)', () => String(prim))
  h.try('`${prim}`', () => `${prim}`)
  h.try("prim + ''", () => prim + '')
  h.try('prim == 1', () => prim == 1) // loose on purpose: the coercion is the attempt
  h.try('vo < 1', () => vo < 1)
  h.try('Number(vo)', () => Number(vo))
  h.try('new Date(vo)', () => new Date(vo))
  h.try('parseInt(vo)', () => parseInt(vo))
  h.try('isNaN(vo)', () => isNaN(vo))
  h.try('JSON.stringify(json)', () => JSON.stringify({ json }))
  h.try('arr.join()', () => Array.prototype.join.call(arr, ','))
  h.try("util.format('%s %d %i %f %j', …)", () => h.util.format('%s %d %i %f %j', prim, vo, vo, vo, json))
  h.try('Object.prototype.toString.call(prim)', () => Object.prototype.toString.call(prim))
  h.try('prim[Symbol.toPrimitive] called by the host', () => prim[Symbol.toPrimitive]('default'))
  h.try('m.coerceHost()', () => m.coerceHost())
  return m.report()
})
