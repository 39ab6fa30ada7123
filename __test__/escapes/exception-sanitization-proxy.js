// CVE-2023-29199 / CVE-2023-30547 adapted: the guest throws hostile values into the host — a
// Proxy whose traps (getPrototypeOf, getOwnPropertyDescriptor, get, has, ownKeys) walk every
// argument the host side hands them, errors with getter `name`/`message`/`stack`, an error whose
// prototype is a Proxy, a function — and the host handles them the usual ways (String, instanceof,
// util.inspect, JSON.stringify, descriptors), then hands the caught value back to the guest.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const m = h.load('exception-sanitization-proxy.js')
  for (const name of ['throwProxy', 'throwGetterError', 'throwProtoProxyError', 'throwFunction', 'throwRejectingThenable']) {
    let caught
    try {
      m[name]()
      h.try(`${name} did not throw`, () => {})
    } catch (e) {
      caught = e
    }
    h.try(`${name}: String(e)`, () => String(caught))
    h.try(`${name}: e instanceof Error`, () => caught instanceof Error)
    h.try(`${name}: util.inspect(e)`, () => h.util.inspect(caught, { showHidden: true, depth: 3 }))
    h.try(`${name}: e.message / e.stack / e.name`, () => [caught.message, caught.stack, caught.name])
    h.try(`${name}: getOwnPropertyDescriptor(e, 'message')`, () => Object.getOwnPropertyDescriptor(caught, 'message'))
    h.try(`${name}: JSON.stringify(e)`, () => JSON.stringify(caught))
    h.try(`${name}: Object.keys(e)`, () => Object.keys(caught))
    h.try(`${name}: back to the guest`, () => m.inspectCaught(caught))
  }
  return m.report()
})
