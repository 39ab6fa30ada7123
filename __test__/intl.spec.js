'use strict'
// Intl inside the engine (issue 15): the host's own, through the bridge, so every result is
// Node's. The probe runs once under requireVM and once under Node (a child process), for
// en-US, de-DE, ja-JP, ar-EG and fr-FR.
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const requireVM = require('..')

const PROBE = path.join(__dirname, 'fixtures', 'intl', 'probe.js')

test("Intl and the toLocale* methods give Node's results, and reach only the engine's intrinsics", () => {
  const node = execFileSync(process.execPath, ['-e', 'process.stdout.write(require(process.argv[1])())', PROBE], { encoding: 'utf8' })
  const ours = requireVM(PROBE)()
  expect(JSON.parse(ours)).toEqual(JSON.parse(node))
  expect(JSON.parse(ours).isolation).toEqual([true, true, true])
})

