// he: HTML entity encode/decode with the full named entity table (large regexes).
module.exports = function probe(he) {
  return {
    version: he.version,
    encode: he.encode('foo © bar ≠ baz 𝌆 qux <"&\'>'),
    encodeNamed: he.encode('foo © bar ≠ baz 𝌆 qux', { useNamedReferences: true }),
    encodeDecimal: he.encode('foo © ≠ 𝌆', { decimal: true }),
    encodeEverything: he.encode('abc', { encodeEverything: true }),
    decode: he.decode('foo &copy; bar &ne; baz &#x1D306; qux &amp;amp; &notin; &lt &unknown; &#0;'),
    decodeAttr: he.decode('foo&ampbar', { isAttributeValue: true }),
    escape: he.escape('<img src=\'x\' alt="y">'),
    unescape: he.unescape('&lt;&gt;&quot;&apos;'),
    strict: (() => { try { he.decode('foo&ampbar', { strict: true }); return 'no' } catch (e) { return e.message } })(),
  }
}
