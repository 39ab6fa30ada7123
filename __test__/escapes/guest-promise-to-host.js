// CVE-2023-37466 adapted (promise handler sanitization): the guest hands the host promises with
// their own `then`, a `Symbol.species` constructor, a patched `Promise.prototype.then`, and
// thenables; the host awaits them, chains them, `Promise.all`s them. Whatever the guest's hooks
// receive (host resolve/reject functions, host callbacks) is walked.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('guest-promise-to-host.js')
  await h.tryAsync('await m.ownThen', () => m.ownThen)
  await h.tryAsync('await m.rejecting', () => m.rejecting)
  await h.tryAsync('await m.species.then(...)', () => m.species.then((v) => v))
  await h.tryAsync('Promise.all([m.species, m.ownThen])', () => Promise.all([m.species, m.ownThen]))
  await h.tryAsync('await m.thenable', () => m.thenable)
  await h.tryAsync('await m.rejectingThenable', () => m.rejectingThenable)
  await h.tryAsync('Promise.resolve(m.thenable)', () => Promise.resolve(m.thenable))
  await h.tryAsync('await m.asyncFn()', () => m.asyncFn())
  await h.tryAsync('m.patchThen(); await m.later()', () => { m.patchThen(); return m.later() })
  await h.tryAsync('m.ownThen.finally(() => {})', () => m.ownThen.finally(() => {}))
  return m.report()
})
