// `require('module')`, `module.constructor`, `require.main`, `module.parent`, `require.cache`,
// `module.require`, `require.extensions`, `createRequire`: with `builtins: []` none may load a host
// module, and with `builtins: ['module']` the guest's `createRequire` still obeys the policy.
const h = require('./_harness')(module, require)

h.attempt(async () => {
  const none = h.load('module-tricks.js', {})
  const withModule = h.load('module-tricks.js', {}, { builtins: ['module'] })
  const a = await none.report()
  return { steps: a.steps, leakedNone: none.leaked, leakedWithModule: withModule.leaked }
})
