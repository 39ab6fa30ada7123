// intl-messageformat: ICU messages (plural, select, selectordinal, number and date skeletons).
module.exports = function probe(M) {
  const IntlMessageFormat = M.IntlMessageFormat || M.default || M
  const message = '{count, plural, =0 {no items} one {# item} other {# items}} for {name}, ' +
    'total {total, number, ::currency/EUR}, {place, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}, ' +
    '{gender, select, female {her} male {his} other {their}} list'
  const values = { count: 3, name: 'Ana', total: 1234.5, place: 2, gender: 'female' }
  return {
    en: new IntlMessageFormat(message, 'en-US').format(values),
    de: new IntlMessageFormat('{count, plural, one {# Artikel} other {# Artikel}} für {total, number, ::currency/EUR}', 'de-DE').format(values),
    ar: new IntlMessageFormat('{count, plural, zero {صفر} one {واحد} two {اثنان} few {# قليل} many {# كثير} other {# آخر}}', 'ar-EG').format({ count: 3 }),
    date: new IntlMessageFormat('{when, date, ::yyyyMMMd}', 'fr-FR').format({ when: Date.UTC(2024, 1, 29, 12) }),
    percent: new IntlMessageFormat('{p, number, percent}', 'ja-JP').format({ p: 0.256 }),
    zero: new IntlMessageFormat(message, 'en-US').format({ ...values, count: 0, gender: 'x' }),
  }
}
