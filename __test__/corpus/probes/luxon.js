// luxon: dates on Intl (time zones, locales, relative times, durations, Info tables).
module.exports = function probe(L) {
  const { DateTime, Duration, Interval, Info } = L
  const d = DateTime.fromISO('2024-02-29T13:45:30.250Z', { zone: 'utc' })
  return {
    iso: d.toISO(),
    tokyo: d.setZone('Asia/Tokyo').toISO(),
    ny: d.setZone('America/New_York').toFormat('yyyy-LL-dd HH:mm ZZZZ'),
    de: d.setLocale('de').toLocaleString(DateTime.DATETIME_FULL),
    ja: d.setLocale('ja').toFormat('DDDD'),
    fr: d.setLocale('fr').toLocaleString(DateTime.DATE_HUGE),
    ar: d.setLocale('ar-EG').toLocaleString(DateTime.DATETIME_MED),
    relative: d.toRelative({ base: d.plus({ days: 3 }) }),
    relativeDe: d.setLocale('de').toRelative({ base: d.plus({ hours: 5 }) }),
    calendar: d.toRelativeCalendar({ base: d.plus({ days: 1 }) }),
    human: Duration.fromObject({ hours: 2, minutes: 7 }, { locale: 'fr' }).toHuman(),
    interval: Interval.fromDateTimes(d, d.plus({ weeks: 2 })).toFormat('dd MMM'),
    months: Info.months('long', { locale: 'fr' }),
    weekdays: Info.weekdays('short', { locale: 'ar-EG' }),
    invalid: DateTime.fromISO('2024-02-30').invalidReason,
    offsets: ['Europe/Berlin', 'Asia/Kolkata', 'America/Sao_Paulo'].map((z) => d.setZone(z).offset),
    parsed: DateTime.fromFormat('29 février 2024', 'd MMMM yyyy', { locale: 'fr', zone: 'utc' }).toISODate(),
  }
}
