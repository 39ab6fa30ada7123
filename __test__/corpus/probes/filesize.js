// filesize v10: sizes formatted with Intl.NumberFormat / toLocaleString.
module.exports = function probe(F) {
  const filesize = F.filesize || F
  return {
    plain: filesize(265318),
    de: filesize(265318, { locale: 'de' }),
    fr: filesize(265318, { locale: 'fr', localeOptions: { minimumFractionDigits: 3 } }),
    jedec: filesize(265318, { standard: 'jedec' }),
    base2: filesize(1e9, { base: 2 }),
    array: filesize(265318, { output: 'array' }),
    object: filesize(265318, { output: 'object' }),
    bits: filesize(500, { bits: true, round: 0 }),
    partial: F.partial ? F.partial({ locale: 'ar-EG' })(123456789) : null,
  }
}
