// js-yaml: load/dump YAML with anchors, multi-docs, types, schemas and error marks.
const DOC = `
# a comment
defaults: &defaults
  adapter: postgres
  host: localhost
  port: 5432
development:
  <<: *defaults
  database: dev
list:
  - one
  - 2
  - 3.5
  - true
  - null
  - 2024-02-28
  - 2024-02-28T10:00:00Z
  - ~
folded: >
  a folded
  paragraph
literal: |
  line 1
  line 2
quoted: "tab\\tnewline\\n\\u263A"
hex: 0x1F
inf: .inf
binary: !!binary aGVsbG8=
set: !!set { a, b }
`
module.exports = function probe(yaml) {
  const data = yaml.load(DOC)
  const plain = JSON.parse(JSON.stringify(data, (k, v) => (v && v.type === 'Buffer') ? 'buf:' + v.data.join(',') : v))
  let error
  try { yaml.load('a: [1, 2\nb: : c') } catch (e) { error = [e.name, e.reason, e.mark && e.mark.line, e.message.split('\n')[0]] }
  const docs = []
  yaml.loadAll('---\na: 1\n---\nb: 2\n...\n', (d) => docs.push(d))
  return {
    plain,
    inf: data.inf === Infinity,
    binaryLen: data.binary.length,
    dates: [data.list[5] instanceof Date, data.list[6] && data.list[6].toISOString()],
    dump: yaml.dump({ a: [1, 'two', { three: null }], 'k y': 'multi\nline', n: -0.5, s: 'yes', d: new Date(0) }, { sortKeys: true }),
    dumpFlow: yaml.dump({ a: [1, 2], b: { c: 'd' } }, { flowLevel: 1 }),
    docs,
    error,
    json: yaml.load('{"a": [1, 2]}', { schema: yaml.JSON_SCHEMA }),
    failsafe: yaml.load('a: 1', { schema: yaml.FAILSAFE_SCHEMA }),
  }
}
