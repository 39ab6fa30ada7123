// acorn: parse with ecmaVersion latest, token stream, onComment, locations, syntax errors.
module.exports = function probe(acorn) {
  const comments = []
  const src = 'async function f({a, ...b}) { /* x */ for await (const y of z) { y ||= 1n ** 2n } }\nclass C { #p = 1; static m() { return #p in this } }'
  const ast = acorn.parse(src, { ecmaVersion: 'latest', locations: true, onComment: comments })
  const tokens = [...acorn.tokenizer('let x = `a${b}c` / 2', { ecmaVersion: 2022 })].map((t) => t.type.label)
  let error
  try { acorn.parse('a => { yield 1 } )', { ecmaVersion: 2020 }) } catch (e) { error = [e.message, e.pos, e.loc] }
  return {
    version: acorn.version,
    body: ast.body.map((n) => [n.type, n.start, n.end, n.loc.start, n.loc.end]),
    json: JSON.parse(JSON.stringify(ast.body[0].body, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))),
    comments: comments.map((c) => [c.type, c.value, c.start]),
    tokens,
    error,
    expr: acorn.parseExpressionAt('foo(1) + 2; rest', 0, { ecmaVersion: 2020 }).end,
  }
}
