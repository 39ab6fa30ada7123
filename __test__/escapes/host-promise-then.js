// CVE-2023-32314 adapted (the host's Promise reached via `then`): host promises, rejected host
// promises, host thenables and async host functions given to the guest; the guest walks the
// promises, their `then`/`constructor`, what they settle with, and what a host thenable's `then`
// is called with.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const hostRejected = Promise.reject(new TypeError('rejected by the host'))
  hostRejected.catch(() => {})
  const ctx = {
    hostPromise: Promise.resolve({ value: { nested: {} } }),
    hostRejected,
    hostRejectsPlain: () => Promise.reject({ plain: { nested: {} } }),
    // oxlint-disable-next-line unicorn/no-thenable -- a host thenable is what the guest is handed
    hostThenable: { then(resolve, _reject) { resolve({ fromThenable: {} }) } },
    hostAsync: async () => ({ fromAsync: {} }),
  }
  const m = h.load('host-promise-then.js', ctx)
  await m.run()
  return m.report()
})
