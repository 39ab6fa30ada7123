// date-fns v2 (CommonJS build): formatting, parsing, intervals, locales.
module.exports = function probe(f, req) {
  const { fr, ja } = req('date-fns/locale')
  const d = new Date(Date.UTC(2024, 1, 28, 13, 45, 30))
  const e = new Date(Date.UTC(2025, 6, 4, 0, 0, 0))
  return {
    format: f.format(d, "yyyy-MM-dd'T'HH:mm:ss EEEE do MMMM"),
    formatFr: f.format(d, 'EEEE d MMMM yyyy', { locale: fr }),
    formatJa: f.format(d, 'PPPP', { locale: ja }),
    addDays: f.addDays(d, 3).toISOString(),
    addMonths: f.addMonths(new Date(Date.UTC(2024, 0, 31, 12)), 1).toISOString(),
    differenceInDays: f.differenceInDays(e, d),
    differenceInBusinessDays: f.differenceInBusinessDays(e, d),
    distance: f.formatDistance(d, e),
    distanceStrict: f.formatDistanceStrict(d, e, { unit: 'month' }),
    distanceFr: f.formatDistance(d, e, { locale: fr, addSuffix: true }),
    duration: f.formatDuration(f.intervalToDuration({ start: d, end: e })),
    eachDay: f.eachDayOfInterval({ start: d, end: f.addDays(d, 3) }).map((x) => x.getUTCDate()),
    parse: f.parse('2024-03-05 14:07', 'yyyy-MM-dd HH:mm', new Date(0)).getMinutes(),
    parseISO: f.parseISO('2024-03-05T14:07:00Z').getTime(),
    isValid: [f.isValid(new Date('x')), f.isValid(d)],
    isLeapYear: f.isLeapYear(d),
    getISOWeek: f.getISOWeek(d),
    closest: f.closestTo(d, [e, new Date(Date.UTC(2020, 0, 1))]).toISOString(),
    max: f.max([d, e]).toISOString(),
    formatISO: f.formatISO(new Date(2024, 0, 2, 3, 4, 5)),
    lightFormat: f.lightFormat(new Date(2024, 0, 2, 3, 4, 5), 'yyyy-MM-dd HH:mm:ss'),
    rel: f.formatRelative(new Date(2024, 0, 2, 3, 4, 5), new Date(2024, 0, 4, 3, 4, 5)),
  }
}
