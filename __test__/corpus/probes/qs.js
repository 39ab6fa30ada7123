// qs: nested query strings (deep graph: side-channel, get-intrinsic, call-bind, object-inspect).
module.exports = function probe(qs) {
  return {
    parse: qs.parse('a[b][c]=d&e[]=1&e[]=2&f[0][g]=h&i=j%20k&l=&m'),
    parseOpts: qs.parse('?a.b=c&d=1,2,3&flag', { ignoreQueryPrefix: true, allowDots: true, comma: true, strictNullHandling: true }),
    depth: qs.parse('a[b][c][d][e][f][g][h][i]=j', { depth: 3 }),
    arrayLimit: qs.parse('a[100]=b'),
    stringify: qs.stringify({ a: { b: { c: 'd' } }, e: [1, 2], f: null, g: undefined, h: 'x y&z', i: true }),
    indices: qs.stringify({ a: ['b', 'c'] }, { arrayFormat: 'brackets', encode: false }),
    repeat: qs.stringify({ a: ['b', 'c'] }, { arrayFormat: 'repeat' }),
    rfc1738: qs.stringify({ a: 'b c' }, { format: 'RFC1738' }),
    sort: qs.stringify({ z: 1, a: 2, m: { y: 1, b: 2 } }, { sort: (x, y) => x.localeCompare(y) }),
    date: qs.stringify({ d: new Date(Date.UTC(2020, 0, 1)) }),
    charset: qs.parse('a=%E9', { charset: 'iso-8859-1' }),
    cycle: (() => { const o = { a: 1 }; o.self = o; try { qs.stringify(o); return 'no error' } catch (e) { return [e.name, e.message] } })(),
  }
}
