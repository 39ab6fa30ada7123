// humanize-duration: durations in many languages (its own tables), options and a humanizer.
module.exports = function probe(humanizeDuration) {
  const short = humanizeDuration.humanizer({ language: 'shortEn', languages: { shortEn: { y: () => 'y', mo: () => 'mo', w: () => 'w', d: () => 'd', h: () => 'h', m: () => 'm', s: () => 's', ms: () => 'ms' } } })
  return [
    humanizeDuration(97320000), humanizeDuration(97320000, { language: 'de' }), humanizeDuration(3000, { language: 'ar' }),
    humanizeDuration(1234567, { units: ['h', 'm'], round: true }), humanizeDuration(1500, { decimal: ',', language: 'fr' }),
    humanizeDuration(22140000, { conjunction: ' and ', serialComma: false }), short(97320000, { spacer: '' }),
    humanizeDuration(3 * 365.25 * 864e5, { largest: 2, language: 'ja' }),
  ]
}
