// index.d.ts is exact: `tsc -p __test__/types --noEmit` compiles the type tests (every export
// and option used as intended, misuse marked `@ts-expect-error`) without an error.
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const root = path.join(__dirname, '..')

test('index.d.ts types every export and option (tsc --noEmit over __test__/types)', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types'), '--noEmit'], {
    cwd: root,
    encoding: 'utf8',
  })
  expect(result.stdout + result.stderr).toBe('')
  expect(result.status).toBe(0)
})
