// markdown-it (exports map → dist/index.cjs.js): render with options, plugins via use(), tokens, linkify.
const MD = `# Heading

Text with *emphasis*, **strong**, \`code\`, ~~del~~ and a https://linkified.example.com link.

1. one
2. two
   - nested

| x | y |
|---|---|
| 1 | 2 |

\`\`\`python
print("hi")
\`\`\`

"Smart quotes" -- dashes... (c) (tm)
`
module.exports = function probe(MarkdownIt) {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: true, highlight: (s, lang) => `<i>${lang}:${s.length}</i>` })
  md.use((m) => {
    m.core.ruler.push('count', (state) => { state.env.count = state.tokens.length })
  })
  const env = {}
  const html = md.render(MD, env)
  return {
    html,
    count: env.count,
    inline: md.renderInline('a *b* <em>c</em>'),
    tokens: md.parse('# x\n\n- y', {}).map((t) => [t.type, t.tag, t.nesting]),
    commonmark: new MarkdownIt('commonmark').render('~~x~~ https://a.b'),
    zero: MarkdownIt('zero').enable(['emphasis']).render('*a* **b**'),
    validate: md.validateLink('javascript:alert(1)'),
    normalize: md.normalizeLink('http://例え.jp/a b'),
  }
}
