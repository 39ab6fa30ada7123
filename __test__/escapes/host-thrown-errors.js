// CVE-2023-29017 adapted: errors (and non-errors) thrown by host functions, caught in the guest:
// their prototype chains, constructors, own properties (`cause`, `errors`, functions and objects
// attached by host code), and a Node system error from `fs`.
const h = require('./_harness')(module, require)
const fs = require('node:fs')

h.attempt(() => {
  class HostError extends Error {
    constructor() { super('custom'); this.fn = function attached() {}; this.obj = { nested: {} } }
  }
  const thrower = {
    error() { throw new Error('plain') },
    typeError() { const o = null; return o.x },
    custom() { throw new HostError() },
    plainObject() { throw { plain: true, fn() {} } },
    fn() { throw function thrownFunction() {} },
    aggregate() { throw new AggregateError([new Error('a'), { host: {} }], 'agg') },
    withCause() { throw new Error('c', { cause: { host: {}, fn() {} } }) },
    system() { fs.readFileSync('/nonexistent/require-vm-escape') },
    symbol() { throw Symbol('thrown') },
    promise() { throw Promise.resolve({}) },
  }
  return h.load('host-thrown-errors.js', { thrower }).report()
})
