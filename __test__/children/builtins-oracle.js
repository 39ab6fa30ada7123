'use strict'
// Node as the oracle, outside Jest's sandbox (whose separate realm changes `instanceof Error`
// answers inside Node's own built-ins): loads a fixture with plain `require`, calls every
// exported function (awaiting promises) and prints the results as JSON.
const fixture = require(process.argv[2])

async function main() {
  const out = {}
  for (const [name, fn] of Object.entries(fixture)) {
    if (typeof fn !== 'function') continue
    try {
      out[name] = { value: await fn() }
    } catch (error) {
      out[name] = { threw: String(error && error.stack) }
    }
  }
  process.stdout.write(`BUILTINS-ORACLE ${JSON.stringify(out)}\n`)
}
main()
