// An allow list (`builtins: ['path', 'events', 'util']`) must not open other host modules:
// `node:path/../<x>` and friends (a built-in name as a prefix of a path), case and prefix games.
// Whatever loads is handed back; anything reaching the host's `Function` is asked for the secret.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('builtins-allowlist-bypass.js', {}, { builtins: ['path', 'events', 'util'] })
  const report = await m.report()
  return { steps: report.steps, loaded: m.loaded }
})
