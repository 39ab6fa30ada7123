// xml2js: sax-based XML parsing (events, stream, string_decoder, timers) and building XML (xmlbuilder).
module.exports = function probe(xml2js) {
  const xml = '<?xml version="1.0"?>\n<root xmlns:x="urn:x" a="1"><item id="1">One &amp; <b>bold</b></item><item id="2"/><x:ns>q</x:ns><![CDATA[<raw>]]><!-- c --></root>'
  const builder = new xml2js.Builder({ renderOpts: { pretty: true, indent: '  ', newline: '\n' }, xmldec: { version: '1.0', encoding: 'UTF-8' } })
  const built = builder.buildObject({ root: { $: { v: '1' }, item: [{ _: 'a<b', $: { k: 'x"y' } }, 'plain'], empty: '' } })
  const parse = (s, opts) => new Promise((resolve) => new xml2js.Parser(opts).parseString(s, (err, res) => resolve(err ? ['error', err.message.split('\n')[0]] : res)))
  return Promise.all([
    parse(xml, {}),
    parse(xml, { explicitArray: false, mergeAttrs: true, explicitRoot: false, xmlns: false, tagNameProcessors: [xml2js.processors.stripPrefix] }),
    parse('<a><b>1</b><b>2', {}),
    xml2js.parseStringPromise('<n><v>42</v><v>true</v></n>', { valueProcessors: [xml2js.processors.parseNumbers, xml2js.processors.parseBooleans] }),
  ]).then(([full, simple, broken, promised]) => ({ full, simple, broken, promised, built }))
}
