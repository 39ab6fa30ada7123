// Host built-ins that call a callback (`hostArr.map`, `forEach`, `find`, `hostMap.forEach`) given
// the guest's `eval`/`Function` as the callback: indirect eval in the host realm if the guest's
// intrinsics cross as the host's.
const h = require('./_harness')(module, require)

h.attempt(() => h.load('host-builtin-calls-guest-eval.js', { hostArr: [1], hostMap: new Map() }).report())
