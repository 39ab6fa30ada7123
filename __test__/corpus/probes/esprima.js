// esprima: tokenize and parse modern-ish JavaScript, with locations and comments.
const SOURCE = `
// a comment
const answer = (a, b = 2, ...rest) => a * b + rest.length;
class Point extends Base { constructor(x, y) { super(); this.x = x; this.y = y } get len() { return Math.hypot(this.x, this.y) } }
async function gen() { for (const x of xs) await x.y ** 2 }
function* g2() { yield* [1, 2] }
label: for (let i = 0; i < 10; i++) { if (i % 2) continue label; }
const { a, b: [c, , d = 1] } = obj, re = /ab+c/gi, t = \`x\${1 + 2}y\`;
`
module.exports = function probe(esprima) {
  const ast = esprima.parseScript(SOURCE, { range: true, loc: true, comment: true })
  const types = []
  ;(function walk(node) {
    if (node && typeof node.type === 'string') types.push(node.type)
    for (const key of Object.keys(node || {})) {
      const v = node[key]
      if (v && typeof v === 'object' && key !== 'loc' && key !== 'range') {
        if (Array.isArray(v)) v.forEach(walk)
        else walk(v)
      }
    }
  })(ast)
  let error
  try { esprima.parseScript('var = 1') } catch (e) { error = [e.message, e.lineNumber, e.index] }
  return {
    version: esprima.version,
    tokens: esprima.tokenize('const x = 1 + "a" /* c */', { comment: true }).map((t) => `${t.type}:${t.value}`),
    bodyTypes: ast.body.map((n) => n.type),
    nodeCount: types.length,
    typeHistogram: types.reduce((h, t) => ((h[t] = (h[t] || 0) + 1), h), {}),
    comments: ast.comments,
    firstLoc: ast.body[0].loc,
    module: esprima.parseModule('import x, { y as z } from "m"; export default function () {}').body.map((n) => n.type),
    json: JSON.parse(JSON.stringify(esprima.parseScript('a = {b: [1, "2", null, true]}'))),
    error,
  }
}
