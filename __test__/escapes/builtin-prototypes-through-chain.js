// Writing to built-in prototypes reached through host objects' chains (`hostObj.__proto__.x = 1`,
// `hostArr.constructor.prototype.map = …`, `Object.freeze(hostFn.__proto__)`…): they must be the
// guest's own, so the host's built-ins stay unchanged.
const h = require('./_harness')(module, require)

h.attempt(() => {
  class Thing {}
  const ctx = {
    hostObj: {}, hostArr: [], hostFn: function () {}, hostAsync: async function () {}, hostGen: function* () {},
    hostInst: new Thing(), hostPromise: Promise.resolve(1), hostBoxedString: new String('s'), hostBoxedNumber: Object(1),
    hostSymbolBox: Object(Symbol('s')), hostError: new TypeError('t'), hostBigInt: Object(1n),
  }
  return h.load('builtin-prototypes-through-chain.js', ctx).report()
})
