// moment-timezone: the IANA tables (a large JSON module) and Intl's time zone for guess().
module.exports = function probe(moment) {
  const t = moment.tz('2024-02-29 13:45', 'America/New_York')
  return {
    ny: t.format(),
    tokyo: t.clone().tz('Asia/Tokyo').format('YYYY-MM-DD HH:mm z Z'),
    berlinAbbr: moment.tz.zone('Europe/Berlin').abbr(Date.UTC(2024, 6, 1)),
    utcOffset: moment.tz.zone('Asia/Kolkata').utcOffset(Date.UTC(2024, 0, 1)),
    dst: [moment.tz('2024-03-10 01:59', 'America/New_York').add(1, 'minute').format('HH:mm z'), moment.tz('2024-07-01', 'Europe/London').isDST()],
    guess: moment.tz.guess(true),
    names: moment.tz.names().length > 400,
    countries: moment.tz.zonesForCountry('JP'),
  }
}
