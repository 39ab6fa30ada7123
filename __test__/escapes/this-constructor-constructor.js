// The classic: `this.constructor.constructor('return process')()` from the guest's own global
// scope and functions, and the same walk from `module`, `require`, `exports` (builtins: []).
const h = require('./_harness')(module, require)

h.attempt(() => h.load('this-constructor-constructor.js').report())
