// dinero.js v1: money arithmetic; formatting through Intl.NumberFormat (toLocaleString).
module.exports = function probe(Dinero) {
  const price = Dinero({ amount: 500050, currency: 'EUR' })
  return {
    en: price.toFormat('$0,0.00'),
    de: price.setLocale('de-DE').toFormat('$0,0.00'),
    ja: Dinero({ amount: 123456, currency: 'JPY', precision: 0 }).setLocale('ja-JP').toFormat(),
    ar: price.setLocale('ar-EG').toFormat('0,0.0'),
    allocate: price.allocate([1, 2, 3]).map((d) => d.getAmount()),
    multiply: price.multiply(1.5, 'HALF_EVEN').toUnit(),
    percentage: price.percentage(15).toFormat('$0.00'),
    compare: [price.greaterThan(Dinero({ amount: 1, currency: 'EUR' })), price.isZero()],
    precision: price.convertPrecision(3).getAmount(),
  }
}
