// mime v3: lookup types and extensions from the full mime-db tables, custom Mime instances.
module.exports = function probe(mime, req) {
  const files = ['a.txt', 'x.html', 'IMG.PNG', 'doc.docx', 'video.mp4', 'noext', '.json', 'archive.tar.gz', 'font.woff2', 'data.wasm', 'x.unknownext']
  const Mime = req('mime/Mime')
  return {
    types: files.map((f) => mime.getType(f)),
    exts: ['text/html', 'application/json', 'image/jpeg', 'text/plain; charset=utf-8', 'nope/nope'].map((t) => mime.getExtension(t)),
    custom: (() => { const m = new Mime({ 'text/x-probe': ['prb', 'prob'] }); return [m.getType('a.prb'), m.getExtension('text/x-probe')] })(),
  }
}
