// ms: parse and format durations.
module.exports = function probe(ms) {
  const inputs = ['2 days', '1d', '10h', '2.5 hrs', '2h', '1m', '5s', '1y', '100', '-3 days', '-200', '1w', 'nonsense', '.5ms']
  return {
    parse: inputs.map((s) => ms(s)),
    format: [60000, 2 * 60000, -3 * 60000, ms('10 hours'), 1500, 999, 86400000 * 3].map((n) => ms(n)),
    long: [60000, 2 * 60000, ms('10 hours'), 1000, 86400000].map((n) => ms(n, { long: true })),
    error: (() => { try { ms({}); return null } catch (e) { return e.message } })(),
  }
}
