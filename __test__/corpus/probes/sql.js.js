// sql.js: SQLite compiled by Emscripten to WebAssembly (its .wasm file read with fs); tables,
// bound parameters, prepared statements, a recursive query, errors, the database's bytes.
module.exports = async function probe(initSqlJs) {
  const SQL = await initSqlJs()
  const db = new SQL.Database()
  db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)')
  const insert = db.prepare('INSERT INTO t (name, score, data) VALUES (?, ?, ?)')
  for (let i = 0; i < 50; i++) insert.run([`name ${i} ✓`, i / 4, new Uint8Array([i, 255 - i])])
  insert.free()
  const rows = []
  const select = db.prepare('SELECT id, name, score, data FROM t WHERE score > $min ORDER BY id DESC LIMIT 3')
  select.bind({ $min: 5 })
  while (select.step()) rows.push(select.getAsObject())
  select.free()
  const aggregate = db.exec("SELECT count(*), sum(score), group_concat(id, '-') FROM t WHERE id % 7 = 0")
  const recursive = db.exec('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) SELECT count(*), sum(x) FROM c')
  let error
  try { db.exec('SELECT * FROM missing') } catch (e) { error = e.message }
  const bytes = db.export()
  db.close()
  return {
    rows: rows.map((r) => ({ ...r, data: Array.from(r.data) })),
    aggregate,
    recursive,
    error,
    header: new TextDecoder().decode(bytes.subarray(0, 15)),
    pageAligned: bytes.length % 4096 === 0,
  }
}
