// i18next: plurals through Intl.PluralRules, formatting through Intl (number, currency,
// datetime, relativetime, list).
module.exports = async function probe(i18next) {
  const i18n = i18next.createInstance()
  await i18n.init({
    lng: 'en',
    resources: {
      en: { translation: {
        item_one: '{{count}} item', item_other: '{{count}} items',
        place_ordinal_one: '{{count}}st', place_ordinal_two: '{{count}}nd', place_ordinal_few: '{{count}}rd', place_ordinal_other: '{{count}}th',
        hello: 'Hello {{name}}', total: 'Total: {{val, currency(EUR)}}', big: '{{val, number}}',
        when: 'On {{val, datetime}}', rel: '{{val, relativetime(day)}}', list: '{{val, list}}',
      } },
      ar: { translation: { item_zero: 'صفر', item_one: 'واحد', item_two: 'اثنان', item_few: '{{count}} قليلة', item_many: '{{count}} كثيرة', item_other: '{{count}} أخرى' } },
      de: { translation: { total: 'Summe: {{val, currency(EUR)}}', big: '{{val, number}}' } },
    },
  })
  const t = i18n.t.bind(i18n)
  return {
    plural: [0, 1, 5].map((count) => t('item', { count })),
    ordinal: [1, 2, 3, 11, 22].map((count) => t('place', { count, ordinal: true })),
    ar: [0, 1, 2, 3, 11, 100].map((count) => t('item', { count, lng: 'ar' })),
    hello: t('hello', { name: 'Ana' }),
    total: [t('total', { val: 1234.5 }), t('total', { val: 1234.5, lng: 'de' })],
    big: [t('big', { val: 1234567.891 }), t('big', { val: 1234567.891, lng: 'de' })],
    when: t('when', { val: new Date(Date.UTC(2024, 1, 29)), formatParams: { val: { timeZone: 'UTC', dateStyle: 'long' } } }),
    rel: [t('rel', { val: -1 }), t('rel', { val: 3 })],
    list: t('list', { val: ['a', 'b', 'c'] }),
  }
}
