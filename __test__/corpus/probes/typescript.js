// typescript (9 MB): parse to a syntax tree, transpile to ES5/CommonJS, print, diagnostics.
module.exports = function probe(ts) {
  const src = [
    'interface P { x: number; y?: string }',
    'export class Point<T extends P> implements Q { constructor(private readonly p: T) {} get x(): number { return this.p.x } }',
    'export const enum E { A = 1, B = A << 2 }',
    'export async function f(a: number = 1, ...r: string[]): Promise<void> { for (const v of r) await g(v as any) }',
    'type U = keyof typeof obj | `pre-${string}`;',
  ].join('\n')
  const sf = ts.createSourceFile('x.ts', src, ts.ScriptTarget.Latest, true)
  const kinds = []
  ;(function visit(n) { kinds.push(ts.SyntaxKind[n.kind]); ts.forEachChild(n, visit) })(sf)
  const out = ts.transpileModule(src, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: true },
    reportDiagnostics: true,
    fileName: 'x.ts',
  })
  const bad = ts.transpileModule('let x: = 1', { reportDiagnostics: true })
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed })
  const node = ts.factory.createVariableStatement(undefined, ts.factory.createVariableDeclarationList(
    [ts.factory.createVariableDeclaration('z', undefined, undefined, ts.factory.createNumericLiteral(42))],
    ts.NodeFlags.Const))
  return {
    version: ts.version,
    statements: sf.statements.map((s) => ts.SyntaxKind[s.kind]),
    kindCount: kinds.length,
    firstKinds: kinds.slice(0, 25),
    output: out.outputText,
    diagnostics: out.diagnostics.length,
    badDiagnostics: bad.diagnostics.map((d) => [d.code, ts.flattenDiagnosticMessageText(d.messageText, '\n'), d.start]),
    printed: printer.printNode(ts.EmitHint.Unspecified, node, sf),
    lineAndChar: sf.getLineAndCharacterOfPosition(src.indexOf('async')),
  }
}
