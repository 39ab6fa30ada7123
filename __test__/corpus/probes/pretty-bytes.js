// pretty-bytes v5: byte sizes, localized through toLocaleString(locale).
module.exports = function probe(prettyBytes) {
  return [
    prettyBytes(1337), prettyBytes(1337, { locale: 'de' }), prettyBytes(123456789, { locale: 'ar' }),
    prettyBytes(1337, { bits: true }), prettyBytes(1e12, { binary: true }), prettyBytes(-42, { signed: true }),
    prettyBytes(1999, { minimumFractionDigits: 2, locale: 'fr' }), prettyBytes(0), prettyBytes(1234.5678, { maximumFractionDigits: 1, locale: ['ja', 'en'] }),
  ]
}
