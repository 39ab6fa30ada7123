// source-map 0.7: its mappings parser is WebAssembly (lib/mappings.wasm read with fs), behind a
// promise-returning consumer whose constructor returns `super(INTERNAL).then(...)`; generating,
// consuming, searching both ways, iterating.
module.exports = async function probe({ SourceMapGenerator, SourceMapConsumer }) {
  const generator = new SourceMapGenerator({ file: 'out.js', sourceRoot: 'src' })
  for (let i = 1; i <= 300; i++) {
    generator.addMapping({
      source: i % 3 ? 'a.js' : 'b.js',
      original: { line: i, column: i % 11 },
      generated: { line: 1 + Math.floor(i / 50), column: (i % 50) * 7 },
      name: i % 4 ? undefined : `name${i % 9}`,
    })
  }
  generator.setSourceContent('a.js', 'const a = 1 ✓')
  const raw = generator.toString()
  const consumed = await SourceMapConsumer.with(raw, null, (consumer) => {
    const mappings = []
    consumer.eachMapping((m) => mappings.push([m.generatedLine, m.generatedColumn, m.originalLine, m.name]))
    return {
      sources: consumer.sources,
      original: consumer.originalPositionFor({ line: 3, column: 30 }),
      generated: consumer.generatedPositionFor({ source: 'src/b.js', line: 150, column: 7 }),
      all: consumer.allGeneratedPositionsFor({ source: 'src/a.js', line: 10 }),
      content: consumer.sourceContentFor('src/a.js'),
      count: mappings.length,
      sample: mappings.slice(0, 5),
    }
  })
  return { length: raw.length, consumed }
}
