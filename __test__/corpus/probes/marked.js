// marked v4 (CommonJS build): GFM markdown to HTML, lexer tokens, custom renderer, extensions.
const MD = `# Title *em* **strong**

Some \`code\` and a [link](http://x.com "t") and ![img](a.png).

- item 1
- [x] done
  1. nested
  2. list

> quote with
> two lines

| a | b |
|:--|--:|
| 1 | 2 |

\`\`\`js
const x = 1 < 2;
\`\`\`

Hard  
break, ~~strike~~, https://auto.link, <span>html</span> &amp; &copy;
`
module.exports = function probe(markedPkg) {
  const { marked, Lexer, Renderer } = markedPkg
  const html = marked.parse(MD, { gfm: true, mangle: false, headerIds: true })
  const tokens = Lexer.lex(MD).map((t) => t.type)
  const r = new Renderer()
  r.heading = (text, level) => `<h${level} class="custom">${text}</h${level}>\n`
  const custom = marked.parse('## Hi\n\npara', { renderer: r, mangle: false, headerIds: false })
  const inline = marked.parseInline('**b** _i_ `c`', { mangle: false })
  return { html, tokens, custom, inline }
}
