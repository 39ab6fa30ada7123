// iconv-lite: encode/decode legacy charsets with Buffer (safer-buffer), big code tables, streaming decoders.
module.exports = function probe(iconv) {
  const text = 'Привет, мир! Grüße — ©2024 日本語 テスト'
  const encs = ['utf8', 'utf16le', 'utf16be', 'win1251', 'koi8-r', 'latin1', 'iso-8859-15', 'cp1252', 'shift_jis', 'gbk', 'big5', 'euc-kr', 'utf-7', 'cp437']
  const table = {}
  for (const e of encs) {
    const buf = iconv.encode(text, e)
    table[e] = [buf.length, buf.toString('hex').slice(0, 64), iconv.decode(buf, e)]
  }
  const dec = iconv.getDecoder('utf8')
  const parts = [dec.write(Buffer.from([0xe6, 0x97])), dec.write(Buffer.from([0xa5, 0x41])), dec.end() || '']
  return {
    table,
    exists: ['win1251', 'nope', 'UTF-8', 'cp936'].map((e) => iconv.encodingExists(e)),
    bom: iconv.decode(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'utf8'),
    keepBom: iconv.decode(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'utf8', { stripBOM: false }).length,
    addBom: iconv.encode('A', 'utf16', { addBOM: true }).toString('hex'),
    parts,
    isBuffer: Buffer.isBuffer(iconv.encode('x', 'latin1')),
  }
}
