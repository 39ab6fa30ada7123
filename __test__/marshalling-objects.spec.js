// SPEC "Marshalling", row 3: plain objects, arrays, class instances, Map and Set cross as live
// proxies — reads, writes, `in`, `delete`, keys and descriptors go to the original; Array.isArray
// holds for arrays; JSON.stringify, util.inspect / console.log and Jest's toEqual show the
// contents. Also identity (the same object gives the same proxy, a proxy handed back is the
// original) and live semantics, both directions. Node (plain require) is the oracle.
const path = require('node:path')
const util = require('node:util')
const { Console } = require('node:console')
const { Writable } = require('node:stream')
const requireVM = require('..')
const { PROBE, observeAllWays, everyWay } = require('./fixtures/marshalling/observe')

const OBJECTS = path.join(__dirname, 'fixtures', 'marshalling', 'objects.js')
const local = require(OBJECTS)

// What console.log prints for `value`, through a real Console.
function consoleLog(value) {
  let out = ''
  const stdout = new Writable({ write(chunk, _, done) { out += chunk; done() } })
  new Console({ stdout, colorMode: false }).log(value)
  return out
}

class HostPoint {
  constructor(x, y) {
    this.x = x
    this.y = y
  }
  get norm() {
    return Math.hypot(this.x, this.y)
  }
  describe() {
    return `HostPoint(${this.x}, ${this.y})`
  }
}

const GUEST_VALUES = ['plain', 'array', 'sparse', 'point', 'map', 'set', 'described']

describe('proxies look like what they stand for (guest → host)', () => {
  const m = requireVM(OBJECTS)

  test.each(GUEST_VALUES)('%s: util.inspect prints what Node prints for the module loaded locally', (name) => {
    expect(util.inspect(m[name])).toBe(util.inspect(local[name]))
    expect(util.inspect(m[name], { depth: 0 })).toBe(util.inspect(local[name], { depth: 0 }))
  })

  test.each(GUEST_VALUES)('%s: console.log prints what Node prints', (name) => {
    expect(consoleLog(m[name])).toBe(consoleLog(local[name]))
  })

  test.each(GUEST_VALUES)('%s: JSON.stringify, Object.keys and Jest\'s toEqual', (name) => {
    expect(JSON.stringify(m[name])).toBe(JSON.stringify(local[name]))
    expect(Object.keys(m[name])).toEqual(Object.keys(local[name]))
    expect(m[name]).toEqual(local[name])
  })

  test('plain objects and arrays pass toStrictEqual (their constructors are the host\'s Object and Array)', () => {
    expect(m.plain).toStrictEqual(local.plain)
    expect(m.array).toStrictEqual(local.array)
    expect(m.sparse).toStrictEqual(local.sparse)
  })

  test('toEqual sees a difference', () => {
    expect(m.plain).not.toEqual({ ...local.plain, a: 2 })
    expect(m.map).not.toEqual(new Map([...local.map, ['extra', 1]]))
    expect(m.set).not.toEqual(new Set([...local.set].slice(1)))
  })
})

describe('plain objects', () => {
  test('guest → host: reads, in, keys, entries, spread, descriptors, for…in go to the original', () => {
    const m = requireVM(OBJECTS)
    expect(m.plain.a).toBe(1)
    expect(m.plain.nested.c[1].d).toBe(4)
    expect('a' in m.plain).toBe(true)
    expect('missing' in m.plain).toBe(false)
    expect(Object.entries(m.plain)).toEqual(Object.entries(local.plain))
    expect({ ...m.plain }).toEqual({ ...local.plain })
    expect(Object.assign({}, m.plain)).toEqual(local.plain)
    const forIn = []
    for (const key in m.plain) forIn.push(key)
    expect(forIn).toEqual(Object.keys(local.plain))
    expect(Object.prototype.hasOwnProperty.call(m.plain, 'a')).toBe(true)
    expect(Object.getPrototypeOf(m.plain)).toBe(Object.prototype)
    expect(m.plain instanceof Object).toBe(true)
    expect(Object.prototype.toString.call(m.plain)).toBe('[object Object]')
    for (const key of ['visible', 'hidden', 'computed']) {
      const d = Object.getOwnPropertyDescriptor(m.described, key)
      const e = Object.getOwnPropertyDescriptor(local.described, key)
      expect([key, typeof d.get, d.value, d.enumerable, d.writable, d.configurable])
        .toEqual([key, typeof e.get, e.value, e.enumerable, e.writable, e.configurable])
    }
    expect(Object.getOwnPropertyNames(m.described)).toEqual(Object.getOwnPropertyNames(local.described))
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const make = () => ({ a: 1, b: 'two', nested: { b: [2, 3] } })
    const { expected, seen } = await observeAllWays('object', make)
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('arrays', () => {
  test('guest → host: Array.isArray, length, index, array methods, iteration', () => {
    const m = requireVM(OBJECTS)
    expect(Array.isArray(m.array)).toBe(true)
    expect(m.array instanceof Array).toBe(true)
    expect(m.array.length).toBe(local.array.length)
    expect(m.array[2]).toEqual(local.array[2])
    expect(m.array.map((x) => typeof x)).toEqual(local.array.map((x) => typeof x))
    expect(m.array.slice(1, 2)).toEqual(local.array.slice(1, 2))
    expect(m.array.indexOf('two')).toBe(1)
    expect([...m.array]).toEqual([...local.array])
    expect(Array.from(m.array)).toEqual(local.array)
    expect([0].concat(m.array)).toEqual([0].concat(local.array))
    expect(m.array.flat(Infinity)).toEqual(local.array.flat(Infinity))
    expect(Object.prototype.toString.call(m.array)).toBe('[object Array]')
    expect(1 in m.sparse).toBe(false)
    expect(m.sparse.length).toBe(3)
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const { expected, seen } = await observeAllWays('array', () => [1, 2, 3])
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('class instances', () => {
  test('guest → host: prototype getters and methods, instanceof, constructor, toString', () => {
    const m = requireVM(OBJECTS)
    expect(m.point instanceof m.Point).toBe(true)
    expect(m.point).toBeInstanceOf(m.Point)
    expect(Object.getPrototypeOf(m.point)).toBe(m.Point.prototype)
    expect(m.point.constructor).toBe(m.Point)
    expect(m.point.norm).toBe(local.point.norm)
    const scaled = m.point.scale(2)
    expect(scaled).toBeInstanceOf(m.Point)
    expect(scaled).toEqual(local.point.scale(2))
    expect(String(m.point)).toBe(String(local.point))
    expect(`${m.point}`).toBe(`${local.point}`)
    expect(Object.keys(m.point)).toEqual(['x', 'y'])
    expect('scale' in m.point).toBe(true)
    expect(Object.prototype.hasOwnProperty.call(m.point, 'scale')).toBe(false)
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const { expected, seen } = await observeAllWays('instance', () => new HostPoint(3, 4))
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('Map', () => {
  test('guest → host: its methods work on the original', () => {
    const m = requireVM(OBJECTS)
    expect(m.map.size).toBe(local.map.size)
    expect(m.map.get('a')).toBe(1)
    expect(m.map.get('b')).toEqual({ c: 2 })
    expect(m.map.has(3)).toBe(true)
    expect(m.map.has('zz')).toBe(false)
    expect([...m.map]).toEqual([...local.map])
    expect([...m.map.keys()]).toEqual([...local.map.keys()])
    expect([...m.map.values()]).toEqual([...local.map.values()])
    const seen = []
    m.map.forEach((value, key) => seen.push([key, value]))
    expect(seen).toEqual([...local.map.entries()])
    expect(Object.prototype.toString.call(m.map)).toBe('[object Map]')
    m.map.set('z', 26)
    expect(m.mapGet('z')).toBe(26)
    expect(m.map.delete('a')).toBe(true)
    expect(m.mapGet('a')).toBeUndefined()
    expect(m.map.size).toBe(local.map.size)
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const make = () => new Map([['a', 1], ['b', { c: 2 }], [3, 'three']])
    const { expected, seen } = await observeAllWays('map', make)
    expect(seen).toEqual(everyWay(expected))
  })

  test('host → guest: the guest\'s set and delete change the host\'s map', () => {
    const make = () => new Map([['a', 1], ['b', 2]])
    const mine = make()
    const expectedResult = require(PROBE).probes.mapWrite(mine)
    const theirs = make()
    const m = requireVM(PROBE)
    expect(m.probes.mapWrite(theirs)).toEqual(expectedResult)
    expect([...theirs]).toEqual([...mine])
  })
})

describe('Set', () => {
  test('guest → host: its methods work on the original', () => {
    const m = requireVM(OBJECTS)
    expect(m.set.size).toBe(local.set.size)
    expect(m.set.has('two')).toBe(true)
    expect(m.set.has(2)).toBe(false)
    expect([...m.set]).toEqual([...local.set])
    expect([...m.set.values()]).toEqual([...local.set.values()])
    expect([...m.set.entries()]).toEqual([...local.set.entries()])
    const seen = []
    m.set.forEach((value) => seen.push(value))
    expect(seen).toEqual([...local.set])
    expect(Object.prototype.toString.call(m.set)).toBe('[object Set]')
    m.set.add(9)
    expect(m.setHas(9)).toBe(true)
    m.set.delete(1)
    expect(m.setHas(1)).toBe(false)
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const { expected, seen } = await observeAllWays('set', () => new Set([1, 2, 3]))
    expect(seen).toEqual(everyWay(expected))
  })

  test('host → guest: the guest\'s add and delete change the host\'s set', () => {
    const mine = new Set([1, 2])
    const expectedResult = require(PROBE).probes.setWrite(mine)
    const theirs = new Set([1, 2])
    expect(requireVM(PROBE).probes.setWrite(theirs)).toEqual(expectedResult)
    expect([...theirs]).toEqual([...mine])
  })
})

describe('identity', () => {
  test('guest → host: the same object crossing twice gives the same proxy', () => {
    const m = requireVM(OBJECTS)
    for (const name of [...GUEST_VALUES, 'Point', 'echo', 'pair']) expect([name, m[name] === m[name]]).toEqual([name, true])
    expect(m.plain.nested).toBe(m.plain.nested)
    expect(m.pair.left).toBe(m.pair.right)
    expect(m.getShared()).toBe(m.pair.left)
    expect(m.echo(m.point)).toBe(m.point)
  })

  test('guest → host → guest: a proxy handed back is the guest\'s original object', () => {
    const m = requireVM(OBJECTS)
    expect(m.isShared(m.pair.left)).toBe(true)
    expect(m.isShared({ shared: true })).toBe(false)
    expect(m.isPlain(m.plain)).toBe(true)
    expect(m.same(m.plain, m.plain)).toBe(true)
    expect(m.same(m.array, m.plain)).toBe(false)
  })

  test.each([
    ['a plain object', () => ({ a: 1 })],
    ['an array', () => [1, 2]],
    ['a function', () => function f() {}],
    ['a class', () => class K {}],
    ['a class instance', () => new HostPoint(1, 2)],
    ['a Map', () => new Map()],
    ['a Set', () => new Set()],
  ])('host → guest → host: %s handed back is the host\'s original object', (_, make) => {
    const m = requireVM(OBJECTS)
    const value = make()
    expect(m.echo(value)).toBe(value)
    expect(m.same(value, value)).toBe(true)
    expect(m.same(value, make())).toBe(false)
    m.keep(value)
    expect(m.isKept(value)).toBe(true)
    expect(m.kept()).toBe(value)
  })

  test('host → guest: the same host object through contextObject, moduleMap and arguments is one guest object', () => {
    const input = { a: 1 }
    const m = requireVM(OBJECTS, { input }, {}, { 'host-input': input })
    expect(m.isContextInput(input)).toBe(true)
    expect(m.isMapped(input)).toBe(true)
    expect(m.isContextInput({ a: 1 })).toBe(false)
  })
})

describe('live semantics', () => {
  test('guest writes are seen by the host', () => {
    const m = requireVM(OBJECTS)
    expect(m.counter.increment()).toBe(1)
    expect(m.counter.increment()).toBe(2)
    expect(m.counter.count).toBe(2)
    m.write(m.plain, 'added', { deep: true })
    expect(m.plain.added).toEqual({ deep: true })
    expect(m.remove(m.plain, 'b')).toBe(true)
    expect('b' in m.plain).toBe(false)
    m.addExport('late', [1, 2])
    expect(m.late).toEqual([1, 2])
    expect(Object.keys(m)).toContain('late')
  })

  test('host writes are seen by the guest', () => {
    const m = requireVM(OBJECTS)
    m.plain.a = 10
    expect(m.plainA()).toBe(10)
    m.plain.fromHost = { x: 1 }
    expect(m.read(m.plain, 'fromHost')).toEqual({ x: 1 })
    expect(delete m.plain.b).toBe(true)
    expect(m.has(m.plain, 'b')).toBe(false)
    Object.defineProperty(m.plain, 'hidden', { value: 'h', enumerable: false, configurable: true, writable: false })
    expect(m.guestKeys(m.plain)).not.toContain('hidden')
    expect(m.describeOwn(m.plain, 'hidden')).toEqual({ value: 'h', enumerable: false, configurable: true, writable: false })
    m.array.push('pushed')
    expect(m.arrayLength()).toBe(local.array.length + 1)
    m.array.length = 1
    expect(m.arrayLength()).toBe(1)
  })

  test('a host object: guest writes reach the host, host writes reach the guest', () => {
    const m = requireVM(OBJECTS)
    const host = { x: 1, gone: true }
    m.keep(host)
    m.writeKept('fromGuest', 'hi')
    expect(host.fromGuest).toBe('hi')
    expect(m.remove(host, 'gone')).toBe(true)
    expect(host).toEqual({ x: 1, fromGuest: 'hi' })
    host.x = 2
    host.later = [3]
    expect(m.readKept('x')).toBe(2)
    expect(m.readKept('later')).toEqual([3])
  })

  test('contextObject: the host\'s writes after the load are seen by the guest\'s globals', () => {
    const context = { value: 1 }
    const m = requireVM(OBJECTS, context)
    expect(m.readFreeVariable()).toBe(1)
    context.value = 2
    expect(m.readFreeVariable()).toBe(2)
    expect(m.readGlobal('value')).toBe(2)
    context.fromHost = { y: 1 }
    expect(m.readGlobal('fromHost')).toBe(context.fromHost)
  })

  test('contextObject: globals the guest sets after the load appear on it', () => {
    const context = {}
    const m = requireVM(OBJECTS, context)
    const guestObject = m.plain
    m.setGlobal('fromGuest', guestObject)
    expect(context.fromGuest).toBe(guestObject)
    m.setGlobal('count', 3)
    expect(context.count).toBe(3)
  })
})
