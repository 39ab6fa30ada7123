'use strict'
// Freezing, sealing and non-configurable properties across the bridge (issue 15), in both
// directions: the Proxy invariants hold and the result is what Node gives with plain objects
// (the same fixture functions run directly in this process are the oracle).
const path = require('node:path')
const requireVM = require('..')

const FIXTURE = path.join(__dirname, 'fixtures', 'marshalling', 'integrity.js')
const oracle = require(FIXTURE)
const guest = requireVM(FIXTURE)
const plain = (value) => JSON.parse(JSON.stringify(value))

const state = (object) => plain(oracle.observe(object))

describe('the guest changes the integrity of a host object', () => {
  const cases = [
    ['freeze', () => ({ a: 1, b: 2 })],
    ['seal', () => ({ a: 1, b: 2 })],
    ['preventExtensions', () => ({ a: 1, b: 2 })],
    ['defineFixed', () => ({ a: 1 })],
    ['freezeArray', () => [1, 2, 3]],
    ['deepFreeze', () => ({ inner: { x: 0 }, y: 1 })],
  ]
  test.each(cases)('%s: what the guest sees and the host object after it, as in Node', (name, make) => {
    const hostObject = make()
    const expectedObject = make()
    const seen = plain(guest[name](hostObject))
    const expected = plain(oracle[name](expectedObject))
    expect(seen).toEqual(expected)
    expect(state(hostObject)).toEqual(state(expectedObject))
  })
})

test('the host deletes a property of a host object the guest made non-extensible', () => {
  const hostObject = { a: 1, b: 2, c: 3 }
  guest.preventExtensions(hostObject) // leaves { a: 7, c: 3 }
  delete hostObject.a
  hostObject.c = 4
  const expected = { c: 4 }
  Object.preventExtensions(expected)
  expect(plain(guest.observe(hostObject))).toEqual(state(expected))
})

describe('the host changes the integrity of a guest object', () => {
  test.each([
    ['freeze', (o) => Object.freeze(o)],
    ['seal', (o) => Object.seal(o)],
    ['preventExtensions', (o) => Object.preventExtensions(o)],
    ['defineProperty non-configurable', (o) => Object.defineProperty(o, 'fixed', { value: 1, enumerable: true })],
  ])('%s: the host and the guest both see it, as in Node', (name, change) => {
    const guestObject = guest.make()
    const expectedObject = oracle.make()
    change(guestObject)
    change(expectedObject)
    expect(state(guestObject)).toEqual(state(expectedObject))
    expect(plain(guest.observe(guestObject))).toEqual(state(expectedObject))
    if (name === 'freeze') {
      expect(() => { guestObject.a = 2 }).toThrow(TypeError)
      expect(guestObject.a).toBe(1)
    }
  })
})
