// Errors the host's built-ins and Node internals throw when the guest misuses host values
// (incompatible receivers, empty reduce, Node's ERR_INVALID_ARG_TYPE from a host timer function,
// a host JSON.parse SyntaxError): the guest walks what it catches.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = {
    hostFn: function () {}, hostArr: [], hostMap: new Map(), hostSetTimeout: setTimeout,
    hostParse: (text) => JSON.parse(text), hostUrl: (u) => new URL(u), hostBufferFrom: (x) => Buffer.from(x),
  }
  return h.load('host-internal-errors.js', ctx).report()
})
