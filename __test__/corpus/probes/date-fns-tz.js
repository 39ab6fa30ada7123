// date-fns-tz: time zones through Intl.DateTimeFormat (formatToParts, timeZoneName).
module.exports = function probe(tz) {
  const d = new Date(Date.UTC(2024, 1, 29, 13, 45, 30))
  return {
    tokyo: tz.formatInTimeZone(d, 'Asia/Tokyo', 'yyyy-MM-dd HH:mm:ssXXX zzz'),
    ny: tz.formatInTimeZone(d, 'America/New_York', 'yyyy-MM-dd HH:mm zzzz'),
    berlin: tz.formatInTimeZone(d, 'Europe/Berlin', "EEEE, d MMMM yyyy 'at' HH:mm (z)"),
    offsets: ['Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns', 'UTC'].map((z) => tz.getTimezoneOffset(z, d)),
    toUtc: tz.zonedTimeToUtc('2024-06-01 12:00', 'Asia/Kolkata').toISOString(),
    zoned: tz.utcToZonedTime(d, 'Australia/Sydney').toISOString(),
  }
}
