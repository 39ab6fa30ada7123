// CVE-2023-32314 / CVE-2023-37903 adapted (guest Proxy objects meeting host code): guest proxies
// handed to host functions that take them apart (keys, descriptors, prototypes, instanceof,
// defineProperty, setPrototypeOf, JSON, util.inspect with showProxy, util.types). Every trap
// walks the arguments the host side hands it.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const hostApi = {
    takeApart(p) {
      const out = []
      out.push(Object.keys(p), Reflect.ownKeys(p), Object.getPrototypeOf(p), p instanceof Object, 'x' in p)
      out.push(Object.getOwnPropertyDescriptor(p, 'x'), JSON.stringify(p), Array.isArray(p))
      Object.defineProperty(p, 'defined', { value: { host: {} }, configurable: true, writable: true, enumerable: true })
      p.assigned = { host: {} }
      delete p.assigned
      Object.setPrototypeOf(p, { hostProto: {} })
      out.push(Object.isExtensible(p), h.util.types.isProxy(p), h.util.inspect(p, { showProxy: true, showHidden: true }))
      return out.length
    },
    call(fn) { return fn.call({ hostThis: {} }, { hostArg: {} }) },
    construct(C) { return new C({ hostArg: {} }) },
  }
  const m = h.load('guest-proxy-to-host.js', { hostApi })
  h.try('hostApi.takeApart(m.proxy)', () => hostApi.takeApart(m.proxy))
  return m.report()
})
