// CVE-2023-37466 adapted (async functions): guest async functions and async generators awaiting
// rejected host promises, async host functions that throw, and `for await` over a host async
// iterable; host code awaits guest async functions that throw host errors back.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const ctx = {
    hostAsyncIterable: (async function* () { yield { first: {} }; throw new RangeError('end of host iteration') })(),
    hostRejecting: () => Promise.reject(new RangeError('host rejection')),
    hostAsyncThrows: async function () { throw new TypeError('host async throw') },
    hostAsyncIteratorObject: { [Symbol.asyncIterator]() { let n = 0; return { next: async () => ({ done: n++ > 1, value: { n } }) } } },
  }
  const m = h.load('async-functions.js', ctx)
  await h.tryAsync('await m.run()', () => m.run())
  await h.tryAsync('await m.rethrow()', () => m.rethrow())
  await h.tryAsync('for await of m.guestAsyncGen()', async () => { for await (const x of m.guestAsyncGen()) void x })
  return m.report()
})
