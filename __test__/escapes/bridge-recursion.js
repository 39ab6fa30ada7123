// SPEC Isolation: "deep recursion … never takes the host process down". A guest function that
// recurses through a host function (guest → host → guest → …) until the stack runs out; the
// guest catches what comes back and walks it. The child must survive with a RangeError.
const h = require('./_harness')(module, require)

h.attempt(() => {
  const m = h.load('bridge-recursion.js', { hostRun(cb) { return cb() } })
  h.try('host calls guest recursion', () => m.recurse())
  return m.report()
})
