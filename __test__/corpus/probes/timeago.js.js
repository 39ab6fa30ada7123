// timeago.js: relative times, registered locales, a fixed relative date.
module.exports = function probe(timeago) {
  const now = Date.UTC(2024, 1, 29, 12)
  timeago.register('short', (n, index) => [['now', 'now'], ['%ss', 'in %ss'], ['1m', 'in 1m'], ['%sm', 'in %sm'], ['1h', 'in 1h'], ['%sh', 'in %sh'], ['1d', 'in 1d'], ['%sd', 'in %sd'], ['1w', 'in 1w'], ['%sw', 'in %sw'], ['1mo', 'in 1mo'], ['%smo', 'in %smo'], ['1y', 'in 1y'], ['%sy', 'in %sy']][index])
  const at = (ms, locale) => timeago.format(now - ms, locale, { relativeDate: now })
  return [at(10e3), at(5 * 60e3), at(3 * 86400e3), at(-2 * 3600e3), at(400 * 86400e3, 'zh_CN'), at(90 * 60e3, 'short')]
}
