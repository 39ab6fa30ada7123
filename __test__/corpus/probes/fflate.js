// fflate (node build: requires worker_threads): sync zlib/gzip/zip, strings, streaming classes.
module.exports = function probe(f) {
  const text = Array.from({ length: 3000 }, (_, i) => `${i}:${(i * 7919) % 1000}`).join(',')
  const bytes = f.strToU8(text)
  const sum = (a) => a.reduce((s, x) => (s * 31 + x) >>> 0, 7)
  const def = f.deflateSync(bytes, { level: 6 })
  const gz = f.gzipSync(bytes, { level: 9, mtime: 0, filename: 'x' })
  const zl = f.zlibSync(bytes)
  const zip = f.zipSync({ 'a.txt': f.strToU8('hello'), 'dir/b.txt': [f.strToU8('world ✓'), { level: 0 }] }, { mtime: new Date(Date.UTC(2020, 0, 1)) })
  const unz = f.unzipSync(zip)
  const chunks = []
  const d = new f.Deflate({ level: 3 }, (chunk) => chunks.push(chunk.length))
  d.push(bytes.subarray(0, 5000))
  d.push(bytes.subarray(5000), true)
  return {
    def: [def.length, sum(def)],
    gz: [gz.length, sum(gz)],
    zl: [zl.length, sum(zl)],
    zip: [zip.length],
    unzip: Object.keys(unz).map((k) => [k, f.strFromU8(unz[k])]),
    inflate: f.strFromU8(f.inflateSync(def)) === text,
    gunzip: f.strFromU8(f.gunzipSync(gz)).length,
    decompress: f.strFromU8(f.decompressSync(zl)).slice(0, 20),
    stream: chunks.length > 0,
    latin1: f.strFromU8(f.strToU8('héllo', true), true),
  }
}
