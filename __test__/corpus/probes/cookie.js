// cookie: parse and serialize Set-Cookie headers with attributes and encoders.
module.exports = function probe(cookie) {
  return {
    parse: cookie.parse('foo=bar; equation=E%3Dmc%5E2; quoted="x y"; dup=1; dup=2; bad=%E0%A4%A'),
    decode: cookie.parse('a=b64:YQ==', { decode: (s) => s.toUpperCase() }),
    serialize: cookie.serialize('sid', 'a b;c', { maxAge: 3600, domain: 'example.com', path: '/', httpOnly: true, secure: true, sameSite: 'lax', partitioned: true, priority: 'high' }),
    expires: cookie.serialize('x', '1', { expires: new Date(Date.UTC(2030, 0, 1)) }),
    errors: ['bad name', 'ok'].map((n) => { try { return cookie.serialize(n, 'v', { sameSite: n === 'ok' ? 'weird' : true }) } catch (e) { return [e.name, e.message] } }),
  }
}
