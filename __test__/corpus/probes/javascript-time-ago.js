// javascript-time-ago: relative times with Intl.PluralRules and Intl.NumberFormat, locale data
// required into the same engine.
module.exports = function probe(pkg, req) {
  const TimeAgo = pkg.default || pkg
  TimeAgo.addDefaultLocale(req('javascript-time-ago/locale/en'))
  TimeAgo.addLocale(req('javascript-time-ago/locale/de'))
  TimeAgo.addLocale(req('javascript-time-ago/locale/ar'))
  const now = Date.UTC(2024, 1, 29, 12)
  const ago = (ms, locale, style) => new TimeAgo(locale).format(now - ms, style, { now })
  return {
    en: [ago(30e3, 'en-US'), ago(5 * 60e3, 'en-US'), ago(3 * 86400e3, 'en-US'), ago(-2 * 3600e3, 'en-US')],
    twitter: [ago(90e3, 'en-US', 'twitter'), ago(400 * 86400e3, 'en-US', 'twitter')],
    de: [ago(45 * 60e3, 'de'), ago(40 * 86400e3, 'de')],
    ar: [ago(3 * 3600e3, 'ar'), ago(11 * 86400e3, 'ar', 'round')],
  }
}
