// The host's `Array.prototype` methods (reached as `hostArr.push`…) called with the guest's own
// intrinsics as `this`: writes must land on the guest's objects, not the host's.
const h = require('./_harness')(module, require)

h.attempt(() => h.load('array-methods-on-intrinsics.js', { hostArr: [1] }).report())
