// `moduleMap` values are host values the guest may use, nothing more: their constructor and
// prototype chains, replacing their prototypes, writing into built-in prototypes through them,
// and the function/class entries' constructors.
const h = require('./_harness')(module, require)

h.attempt(() => {
  class FakeClass { static create() { return new FakeClass() } }
  const protoHolder = { inherited() { return {} } }
  const moduleMap = {
    fake: { readFileSync() { return 'fake' }, nested: { deep: {} } },
    fakeFn: function fakeFn() { return {} },
    FakeClass,
    withProto: Object.create(protoHolder),
  }
  const m = h.load('module-map-values.js', {}, {}, moduleMap)
  h.check('moduleMap.fake: prototype replaced', Object.getPrototypeOf(moduleMap.fake) === Object.prototype)
  h.check('moduleMap.fakeFn: prototype replaced', Object.getPrototypeOf(moduleMap.fakeFn) === Function.prototype)
  h.check('moduleMap.withProto: prototype replaced', Object.getPrototypeOf(moduleMap.withProto) === protoHolder)
  h.check('FakeClass.prototype: prototype replaced', Object.getPrototypeOf(FakeClass.prototype) === Object.prototype)
  return m.report()
})
