// `hostObj.constructor.constructor`, `Object.getPrototypeOf(hostObj).constructor`,
// `hostObj.__proto__.constructor` from every kind of host object the guest can be given.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const ctx = {
    hostObj: { a: { b: { c: {} } } },
    hostArr: [{}, [1]],
    hostNull: Object.create(null),
    hostMap: new Map([['k', {}]]),
    hostSet: new Set([{}]),
    hostWeakMap: new WeakMap(),
    hostDate: new Date(),
    hostRegExp: /x/g,
    hostBoxed: Object(1),
    hostString: new String('s'),
    hostTyped: new Uint8Array(2),
    hostArrayBuffer: new ArrayBuffer(2),
    hostJSON: JSON.parse('{"x":{"y":[1]}}'),
  }
  return h.load('host-object-constructor.js', ctx).report()
})
