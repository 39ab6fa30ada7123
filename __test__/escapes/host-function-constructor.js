// `hostFn.constructor('return process')()`, `hostFn.__proto__.constructor`, the chains of host
// classes (static side and instances), bound and arrow functions and host built-in functions.
const h = require('./_harness')(module, require)

h.attempt(() => {
  class Base { static make() { return new this() } method() { return {} } }
  class Derived extends Base {}
  const ctx = {
    hostFn: function plain() { return {} },
    hostArrow: () => ({}),
    hostBound: function bound() {}.bind(null),
    hostBase: Base,
    hostDerived: Derived,
    hostInstance: new Derived(),
    hostMethod: [].push,
    hostParseInt: parseInt,
    hostSetTimeout: setTimeout,
    hostInspect: h.util.inspect,
    hostBufferFrom: Buffer.from,
  }
  return h.load('host-function-constructor.js', ctx).report()
})
