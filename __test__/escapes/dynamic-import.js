// `options.builtins: []`: no dynamic `import()` of host modules, directly, through `eval`, through
// `new Function`, through `data:`/`file:` URLs; what any import resolves to is handed back.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('dynamic-import.js')
  await m.done
  const report = await m.report()
  return { steps: report.steps, imported: m.imported }
})
