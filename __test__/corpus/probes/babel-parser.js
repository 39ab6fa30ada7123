// @babel/parser: parse modern JavaScript, TypeScript and JSX with plugins; error recovery.
const SOURCE = `
import React, { useState } from 'react';
export const App = <T,>(props: Props<T>): JSX.Element => {
  const [n, setN] = useState<number>(0);
  class A { #priv = 1; static { init() } x = 2; get v() { return this.#priv } }
  const o = a?.b ?? c?.[d]?.(e);
  return <div className="x" onClick={() => setN(n + 1)}>{n}<span>{...children}</span></div>;
};
enum Color { Red = 1, Green }
export default async function* f(this: Window, ...args: unknown[]) { await using r = g(); yield* args; }
`
module.exports = function probe(parser) {
  const ast = parser.parse(SOURCE, { sourceType: 'module', plugins: ['typescript', 'jsx', 'decorators', 'explicitResourceManagement'] })
  const types = {}
  ;(function walk(node) {
    if (node && typeof node.type === 'string') types[node.type] = (types[node.type] || 0) + 1
    for (const key of Object.keys(node || {})) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra') continue
      const v = node[key]
      if (v && typeof v === 'object') (Array.isArray(v) ? v : [v]).forEach(walk)
    }
  })(ast.program)
  let error
  try { parser.parse('let x = ;') } catch (e) { error = [e.message, e.code, e.reasonCode, e.loc] }
  const recovered = parser.parse('let a = 1; let a = 2; return 5', { errorRecovery: true, allowReturnOutsideFunction: true })
  return {
    bodyTypes: ast.program.body.map((n) => n.type),
    types,
    comments: parser.parse('/* a */ x // b').comments.map((c) => [c.type, c.value, c.start, c.end]),
    expression: JSON.parse(JSON.stringify(parser.parseExpression('a + b * (c ?? d)', { ranges: true }))),
    tokens: parser.parse('x = 1', { tokens: true }).tokens.length,
    error,
    recovered: recovered.errors.map((e) => e.reasonCode),
    lastLoc: ast.program.body[ast.program.body.length - 1].loc.end,
  }
}
