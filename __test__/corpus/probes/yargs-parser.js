// yargs-parser (CommonJS build via exports map): detailed parse, camel-case expansion, config, arrays.
module.exports = function probe(parser) {
  const d = parser.detailed(['--foo-bar', '99', '-abc', '--arr', '1', '2', '--no-x', 'cmd', '--', 'rest'], {
    array: ['arr'], number: ['foo-bar'], boolean: ['x'], configuration: { 'populate--': true },
  })
  return {
    simple: parser(['--foo', '33', '-b', '--no-c', 'positional']),
    detailed: { argv: d.argv, aliases: d.aliases, error: d.error },
    string: parser('--name "hello world" -n 5 --key=val'),
    coerce: parser(['--date', '2024'], { coerce: { date: (x) => `y${x}` } }),
    defaults: parser([], { default: { port: 8080 }, alias: { port: ['p'] } }),
    tokenize: parser.camelCase('foo-bar-baz') + '|' + parser.decamelize('fooBarBaz'),
    count: parser(['-vvv'], { count: ['v'] }),
    dotNotation: parser(['--a.b', '1', '--a.c', '2']),
  }
}
