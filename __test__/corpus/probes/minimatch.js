// minimatch v3: glob matching with brace expansion, negation, classes, makeRe.
module.exports = function probe(minimatch) {
  const files = ['a.js', 'b.ts', 'src/x.js', 'src/deep/y.JS', '.hidden.js', 'lib/a.min.js', 'test/a.spec.ts', 'README.md']
  const patterns = ['*.js', '**/*.js', 'src/**', '{src,lib}/**/*.js', '!*.md', '**/*.{js,ts}', '?.[jt]s', '**/*.+(spec|min).*', 'src/**/*.js']
  return {
    table: patterns.map((p) => files.filter((f) => minimatch(f, p))),
    dot: files.filter((f) => minimatch(f, '*.js', { dot: true })),
    nocase: files.filter((f) => minimatch(f, '**/*.js', { nocase: true })),
    matchBase: files.filter((f) => minimatch(f, '*.ts', { matchBase: true })),
    filter: files.filter(minimatch.filter('src/*')),
    match: minimatch.match(files, '*.md'),
    braceExpand: minimatch.braceExpand('a{1..3}b{x,y}'),
    makeRe: String(minimatch.makeRe('src/**/*.{js,ts}')),
    mm: (() => { const m = new minimatch.Minimatch('!a/**/b*'); return { negate: m.negate, set: m.set.length, match: m.match('a/x/bb') } })(),
  }
}
