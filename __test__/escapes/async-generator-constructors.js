// AsyncFunction / GeneratorFunction / AsyncGeneratorFunction reached from host async functions,
// generators and their results (and from the guest's own), each asked to compile
// `return globalThis`.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const ctx = {
    hostAsync: async function a() { return {} },
    hostGen: function* g() { yield {} },
    hostAsyncGen: async function* ag() { yield {} },
    hostGenObj: (function* () { yield {} })(),
    hostAsyncGenObj: (async function* () { yield {} })(),
    hostArrayIterator: [{}][Symbol.iterator](),
  }
  const m = h.load('async-generator-constructors.js', ctx)
  await m.done
  return m.report()
})
