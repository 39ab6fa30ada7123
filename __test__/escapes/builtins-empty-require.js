// `options.builtins: []`: no `process`, no host module by any name (`fs`, `node:fs`,
// `child_process`, `vm`, `module`, `process`, `worker_threads`, subpaths, odd spellings). Every
// module the guest manages to load is handed back, so the harness recognises host modules.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('builtins-empty-require.js')
  const report = await m.report()
  return { steps: report.steps, loaded: m.loaded }
})
