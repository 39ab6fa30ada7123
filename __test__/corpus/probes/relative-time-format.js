// relative-time-format: an Intl.RelativeTimeFormat implementation on locale data, with
// Intl.NumberFormat / PluralRules under it.
module.exports = function probe(pkg, req) {
  const RelativeTimeFormat = pkg.default || pkg
  RelativeTimeFormat.addLocale(req('relative-time-format/locale/en'))
  RelativeTimeFormat.addLocale(req('relative-time-format/locale/de'))
  RelativeTimeFormat.addLocale(req('relative-time-format/locale/ar'))
  const en = new RelativeTimeFormat('en', { numeric: 'auto' })
  return {
    en: [en.format(-1, 'day'), en.format(2, 'week'), en.format(-3.5, 'hour'), en.format(0, 'year')],
    enParts: en.formatToParts(100, 'day').map((p) => p.type + ':' + p.value),
    de: new RelativeTimeFormat('de', { style: 'short' }).format(-5, 'minute'),
    ar: [1, 2, 3, 11].map((n) => new RelativeTimeFormat('ar').format(n, 'day')),
    supported: RelativeTimeFormat.supportedLocalesOf(['de-DE', 'xx', 'en-GB']),
    resolved: new RelativeTimeFormat('de-AT').resolvedOptions().locale,
  }
}
