// nanoid v3 (CommonJS via exports map): random IDs from Node's crypto, custom alphabets and random sources.
module.exports = function probe(n) {
  const ids = Array.from({ length: 200 }, () => n.nanoid())
  const hex = n.customAlphabet('0123456789abcdef', 12)
  let seed = 1
  const fixed = n.customRandom('abcdefghij', 10, (size) => {
    const out = new Uint8Array(size)
    for (let i = 0; i < size; i++) { seed = (seed * 48271) % 2147483647; out[i] = seed & 255 }
    return out
  })
  return {
    lengths: [...new Set(ids.map((i) => i.length))],
    alphabetOk: ids.every((i) => /^[A-Za-z0-9_-]+$/.test(i)),
    unique: new Set(ids).size,
    sized: n.nanoid(5).length,
    hex: /^[0-9a-f]{12}$/.test(hex()),
    fixed: [fixed(), fixed()],
    urlAlphabet: n.urlAlphabet,
    random: n.random(8).length,
  }
}
