// Positive control: the host deliberately puts its globalThis, process and require in
// contextObject. The guest reads the marks through them and hands them back, so the report must
// say they were reached (this shows the reporting of the other attempts works).
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const m = h.load('control-reach.js', { hostGlobal: globalThis, hostProcess: process, hostRequire: require })
  const report = await m.report()
  return { steps: report.steps, leaked: m.leaked }
})
