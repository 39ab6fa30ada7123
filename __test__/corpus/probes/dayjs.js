// dayjs: parse, format, arithmetic, comparison, plugins loaded with require from the same engine.
module.exports = function probe(dayjs, req) {
  const utc = req('dayjs/plugin/utc')
  const relativeTime = req('dayjs/plugin/relativeTime')
  const customParseFormat = req('dayjs/plugin/customParseFormat')
  dayjs.extend(utc)
  dayjs.extend(relativeTime)
  dayjs.extend(customParseFormat)
  const d = dayjs.utc('2024-02-28T13:45:30.123Z')
  return {
    iso: d.toISOString(),
    format: d.format('YYYY-MM-DD HH:mm:ss.SSS [Z] ddd MMMM A'),
    add: d.add(2, 'day').format('YYYY-MM-DD'),
    subtract: d.subtract(1, 'month').endOf('month').format('YYYY-MM-DD HH:mm'),
    startOfWeek: d.startOf('week').format('YYYY-MM-DD dddd'),
    diff: dayjs.utc('2025-01-01').diff(d, 'day'),
    diffMonths: dayjs.utc('2025-01-01').diff(d, 'month', true),
    isBefore: d.isBefore(dayjs.utc('2024-03-01')),
    leap: d.add(1, 'day').date(),
    from: d.from(dayjs.utc('2024-05-01')),
    to: d.to(dayjs.utc('2023-05-01')),
    custom: dayjs.utc('05/02/69 1:02:03 PM -05:00', 'MM/DD/YY H:mm:ss A Z').toISOString(),
    valid: [dayjs('not a date').isValid(), dayjs.utc('2024-02-30', 'YYYY-MM-DD', true).isValid()],
    unix: d.unix(),
    dayOfYear: d.daysInMonth(),
    isDayjs: dayjs.isDayjs(d),
    local: dayjs(1700000000000).format('YYYY-MM-DDTHH:mm:ssZ'),
  }
}
