// validator: string validators and sanitizers (large regex tables, locales).
module.exports = function probe(v) {
  const samples = ['foo@bar.com', 'not an email', 'http://example.com/a?b=c#d', 'ftp://x', '127.0.0.1',
    '2001:db8::1', '4111111111111111', '978-3-16-148410-0', 'de305d54-75b4-431b-adb2-eb6b9e546014',
    '2024-02-29', '#ff00ff', 'SGVsbG8=', '{"a":1}', '12345', '-1.5e3', 'abc', 'Ωmega', '+14155552671',
    'DE89370400440532013000', '2024-02-29T12:00:00Z', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', '00:1A:2b:3C:4d:5E']
  const checks = ['isEmail', 'isURL', 'isIP', 'isCreditCard', 'isISBN', 'isUUID', 'isDate', 'isHexColor', 'isBase64',
    'isJSON', 'isInt', 'isFloat', 'isAlpha', 'isNumeric', 'isIBAN', 'isISO8601', 'isJWT', 'isMACAddress', 'isAscii']
  const table = {}
  for (const c of checks) table[c] = samples.map((s) => v[c](s))
  return {
    version: v.version,
    table,
    mobile: ['+14155552671', '0612345678', '+8613800138000'].map((s) => v.isMobilePhone(s, 'any')),
    alphaLocale: v.isAlpha('Ωμέγα', 'el-GR'),
    postal: [v.isPostalCode('10115', 'DE'), v.isPostalCode('SW1A 1AA', 'GB')],
    strong: v.isStrongPassword('Abcdef1!', { returnScore: true }),
    normalizeEmail: v.normalizeEmail('Foo.Bar+tag@GoogleMail.com'),
    escape: v.escape('<a href="x">&\'</a>'),
    trim: [v.trim('  x  '), v.ltrim('xxyxx', 'x'), v.blacklist('abcabc', 'b')],
    toDate: v.toDate('2024-02-28T00:00:00Z').toISOString(),
    toFloat: v.toFloat('3.25'),
    isLength: v.isLength('ab', { min: 1, max: 2 }),
    contains: v.contains('hello world', 'o w'),
    isSlug: v.isSlug('hello-world'),
    isFQDN: [v.isFQDN('example.com'), v.isFQDN('-x.com')],
  }
}
