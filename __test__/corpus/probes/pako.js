// pako: deflate/inflate/gzip in pure JS on typed arrays, streaming API, strings, errors.
module.exports = function probe(pako) {
  const text = Array.from({ length: 2000 }, (_, i) => `line ${i}: ${'abc'.repeat(i % 7)} ✓`).join('\n')
  const bytes = new TextEncoder().encode(text)
  const def = pako.deflate(bytes, { level: 9 })
  const gz = pako.gzip(text, { header: { name: 'a.txt', mtime: 1 } })
  const raw = pako.deflateRaw(bytes, { level: 1 })
  const d = new pako.Deflate({ level: 6 })
  d.push(bytes.subarray(0, 1000), false)
  d.push(bytes.subarray(1000), true)
  let error
  try { pako.inflate(new Uint8Array([1, 2, 3, 4])) } catch (e) { error = String(e && (e.message || e)) }
  const sum = (a) => a.reduce((s, x) => (s * 31 + x) >>> 0, 7)
  return {
    deflateLen: def.length,
    deflateSum: sum(def),
    gzipLen: gz.length,
    gzipSum: sum(gz),
    rawLen: raw.length,
    streamLen: d.result.length,
    roundTrip: pako.inflate(def, { to: 'string' }) === text,
    ungzip: pako.ungzip(gz, { to: 'string' }).length,
    inflateRaw: sum(pako.inflateRaw(raw)) === sum(bytes),
    error,
    constants: [pako.constants.Z_OK, pako.constants.Z_BEST_COMPRESSION],
  }
}
