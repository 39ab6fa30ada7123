// minimist: parse argv arrays with options.
module.exports = function probe(minimist) {
  return {
    basic: minimist(['-x', '3', '-y', '4', '-n5', '-abc', '--beep=boop', 'foo', 'bar', 'baz']),
    opts: minimist(['--no-color', '--name', 'x', '-v', '-v', '--', '--not-a-flag'], {
      boolean: ['color', 'v'], string: ['name'], alias: { v: 'verbose' }, default: { color: true }, '--': true,
    }),
    dotted: minimist(['--a.b.c', '1', '--a.d=x', '--arr', '1', '--arr', '2']),
    numbers: minimist(['--n', '0x10', '--m', '1e3', '--s', '007']),
    unknown: (() => { const seen = []; minimist(['--a', '--b'], { boolean: ['a'], unknown: (x) => { seen.push(x); return false } }); return seen })(),
  }
}
