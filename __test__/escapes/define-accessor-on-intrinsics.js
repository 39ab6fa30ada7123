// The host's `__defineGetter__`/`__defineSetter__` (reached through a host object) called on the
// guest's own intrinsics: the guest's `Object.prototype` must not become the host's on the way.
const h = require('./_harness')(module, require)

h.attempt(() => h.load('define-accessor-on-intrinsics.js', { hostObj: {} }).report())
