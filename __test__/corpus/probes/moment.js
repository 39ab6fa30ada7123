// moment: parse, format, durations, locales, calendar, validation.
module.exports = function probe(moment) {
  const m = moment.utc('2024-02-28T13:45:30.123Z')
  const de = moment.utc('2024-02-28T13:45:30Z').locale('de')
  return {
    version: moment.version,
    format: m.format('dddd, MMMM Do YYYY, h:mm:ss a [Q]Q wo'),
    iso: m.clone().add(1, 'year').add(3, 'd').toISOString(),
    startOf: m.clone().startOf('isoWeek').format(),
    diff: moment.utc('2025-01-01').diff(m, 'hours'),
    fromNow: m.from(moment.utc('2024-06-01')),
    duration: moment.duration(123456789).humanize(),
    durationParts: moment.duration('P1Y2M3DT4H5M6S').asSeconds(),
    de: de.format('LLLL'),
    deRel: de.from(moment.utc('2023-01-01')),
    parse: moment.utc('12-25-1995', 'MM-DD-YYYY').format(),
    strict: moment('2024-02-30', 'YYYY-MM-DD', true).isValid(),
    invalidAt: moment('2024-13-01', 'YYYY-MM-DD').invalidAt(),
    calendar: m.calendar(moment.utc('2024-02-29T10:00:00Z')),
    unix: m.unix(),
    isLeap: m.isLeapYear(),
    locales: moment.locales().length > 0,
    local: moment(1700000000000).format(),
    zone: moment.parseZone('2024-02-28T13:45:30+05:30').utcOffset(),
  }
}
