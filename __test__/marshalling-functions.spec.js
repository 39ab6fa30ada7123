// SPEC "Marshalling", row 4: functions and classes cross as callable / constructible proxies —
// `new`, instanceof, static members, getters and subclasses work, typeof is 'function'. With them
// generators and iterables (for…of, spread) and re-entrant calls (a host callback calling back
// into the guest, and throwing through it). Both directions; Node (plain require) is the oracle.
const path = require('node:path')
const util = require('node:util')
const requireVM = require('..')
const { observeAllWays, everyWay } = require('./fixtures/marshalling/observe')

const FUNCTIONS = path.join(__dirname, 'fixtures', 'marshalling', 'functions.js')
const local = require(FUNCTIONS)

class HostBase {
  static count = 7
  static create(name) {
    return new this(name)
  }
  static get kind() {
    return `kind:${this.name}`
  }
  constructor(name) {
    this.name = name
    this._label = ''
  }
  get upper() {
    return this.name.toUpperCase()
  }
  get label() {
    return this._label
  }
  set label(value) {
    this._label = `<${value}>`
  }
  hello() {
    return `host base ${this.name}`
  }
}

class HostError extends Error {
  constructor(message) {
    super(message)
    this.name = 'HostError'
  }
}

describe('functions', () => {
  test('guest → host: typeof, call, name, length, this, call/apply/bind', () => {
    const m = requireVM(FUNCTIONS)
    expect(typeof m.add).toBe('function')
    expect(m.add instanceof Function).toBe(true)
    expect(m.add(1, 2)).toBe(3)
    for (const name of ['add', 'arrow', 'withThis', 'variadic']) {
      expect([name, m[name].name, m[name].length]).toEqual([name, local[name].name, local[name].length])
    }
    expect(m.withThis.call({ bonus: 10 }, 1, 1)).toBe(local.withThis.call({ bonus: 10 }, 1, 1))
    expect(m.withThis.apply({ bonus: 100 }, [1, 1])).toBe(102)
    expect(m.withThis.bind({ bonus: 1000 }, 1)(1)).toBe(1002)
    const host = { bonus: 5, method: m.withThis }
    expect(host.method(1, 1)).toBe(7)
    expect(m.variadic(1, 2, 3, 4)).toBe(4)
    expect(m.callBack((a, b) => a * b, 3, 4)).toBe(12)
  })

  test('guest → host: a method called on a guest object gets that object as `this`, from its engine or another', () => {
    const m = requireVM(FUNCTIONS)
    const other = requireVM(FUNCTIONS)
    const holder = requireVM(FUNCTIONS)
    // `m.withThis(...)` on the exports object of its own engine: `this` is the guest's exports.
    m.bonus = 7
    expect(m.withThis(1, 1)).toBe(9)
    // A method of one engine called on an object of another: `this` there is a proxy of it.
    other.bonus = 30
    expect(m.withThis.call(other, 1, 1)).toBe(32)
    holder.method = m.withThis
    holder.bonus = 100
    expect(holder.method(1, 2)).toBe(103)
    // More arguments than the addon reads at once.
    const many = Array.from({ length: 20 }, (_, i) => i)
    expect(m.variadic(...many)).toBe(local.variadic(...many))
    expect(m.variadic.apply(m, many)).toBe(20)
  })

  test('guest → host: util.inspect prints what Node prints', () => {
    const m = requireVM(FUNCTIONS)
    for (const name of ['add', 'arrow', 'withThis']) expect(util.inspect(m[name])).toBe(util.inspect(local[name]))
  })

  test('host → guest: what guest code sees is what Node sees', async () => {
    const make = () =>
      function add(a, b, callback) {
        const sum = a + b + (this && this.bonus ? this.bonus : 0)
        return callback ? callback(sum) : sum
      }
    const { expected, seen } = await observeAllWays('fn', make)
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('classes', () => {
  test('guest → host: new, instanceof, toBeInstanceOf, methods, private fields', () => {
    const m = requireVM(FUNCTIONS)
    expect(typeof m.Shape).toBe('function')
    const shape = new m.Shape('square')
    expect(shape instanceof m.Shape).toBe(true)
    expect(shape).toBeInstanceOf(m.Shape)
    expect(shape.constructor).toBe(m.Shape)
    expect(shape.hello()).toBe(new local.Shape('square').hello())
    expect(shape.id).toBe(1)
    expect(new m.Shape('b').id).toBe(2)
    expect(shape).toEqual({ name: 'square', _label: 'unlabelled' })
  })

  test('guest → host: static members, static getters and static private state', () => {
    const m = requireVM(FUNCTIONS)
    expect(m.Shape.count).toBe(0)
    new m.Shape('a')
    expect(m.Shape.count).toBe(1)
    expect(m.Shape.create('made')).toBeInstanceOf(m.Shape)
    expect(m.Shape.kind).toBe(local.Shape.kind)
    expect(m.Shape.revealSecret()).toBe(local.Shape.revealSecret())
    m.Shape.count = 100
    expect(new m.Shape('b').id).toBe(101)
  })

  test('guest → host: instance getters and setters run the guest\'s accessors', () => {
    const m = requireVM(FUNCTIONS)
    const shape = new m.Shape('s')
    const mine = new local.Shape('s')
    shape.label = 'tagged'
    mine.label = 'tagged'
    expect(shape.label).toBe(mine.label)
    expect(shape._label).toBe(mine._label)
  })

  test('guest → host: calling a class without new throws a TypeError', () => {
    const m = requireVM(FUNCTIONS)
    expect(() => local.Shape('x')).toThrow(TypeError)
    expect(() => m.Shape('x')).toThrow(TypeError)
  })

  test('guest → host: a guest subclass keeps its chain and inherited statics', () => {
    const m = requireVM(FUNCTIONS)
    const circle = new m.Circle(2)
    expect(circle).toBeInstanceOf(m.Circle)
    expect(circle).toBeInstanceOf(m.Shape)
    expect(Object.getPrototypeOf(m.Circle)).toBe(m.Shape)
    expect(circle.hello()).toBe(new local.Circle(2).hello())
    expect(m.Circle.kind).toBe(local.Circle.kind)
    expect(m.Circle.create(3)).toBeInstanceOf(m.Circle)
  })

  test('guest → host: util.inspect of a class prints what Node prints', () => {
    const m = requireVM(FUNCTIONS)
    const fresh = requireVM(FUNCTIONS)
    expect(util.inspect(fresh.Circle)).toBe(util.inspect(local.Circle))
    expect(util.inspect(m.Shape.create('x'))).toBe(util.inspect(local.Shape.create('x')))
  })

  test('host → guest: new, instanceof, statics, getters and setters of a host class', async () => {
    const { expected, seen } = await observeAllWays('klass', () => HostBase)
    expect(seen).toEqual(everyWay(expected))
  })

  test('a host subclass of a guest class', () => {
    const m = requireVM(FUNCTIONS)
    class Square extends m.Shape {
      constructor(side) {
        super('square')
        this.side = side
      }
      hello() {
        return `${super.hello()} side=${this.side}`
      }
      get area() {
        return this.side ** 2
      }
    }
    const square = new Square(3)
    expect(square).toBeInstanceOf(Square)
    expect(square).toBeInstanceOf(m.Shape)
    expect(square.hello()).toBe('shape square side=3')
    expect(square.area).toBe(9)
    expect(square.id).toBe(1)
    expect(Square.kind).toBe('kind:Square')
    expect(Square.create(4)).toBeInstanceOf(Square)
    // The guest sees a Shape whose overrides are the host's.
    expect(m.isShape(square)).toBe(true)
    expect(m.describeShape(square)).toEqual({
      isShape: true,
      hello: 'shape square side=3',
      id: 1,
      label: 'unlabelled',
      constructorName: 'Square',
    })
  })

  test('a guest subclass of a host class, made by the host', () => {
    const m = requireVM(FUNCTIONS)
    const GuestSub = m.extend(HostBase)
    const LocalSub = local.extend(HostBase)
    const o = new GuestSub('h')
    expect(o).toBeInstanceOf(GuestSub)
    expect(o).toBeInstanceOf(HostBase)
    expect(o.hello()).toBe(new LocalSub('h').hello())
    expect(o.fromGuest).toBe(true)
    expect(o.upper).toBe('H')
    expect(GuestSub.count).toBe(HostBase.count)
    expect(GuestSub.kind).toBe(LocalSub.kind)
    expect(GuestSub.create('c')).toBeInstanceOf(GuestSub)
    expect(Object.getPrototypeOf(GuestSub)).toBe(HostBase)
  })

  test('a guest subclass of a host class, made by the guest', async () => {
    const { expected, seen } = await observeAllWays('subclass', () => HostBase)
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('generators and iterables', () => {
  test('guest → host: spread, for…of, Array.from, next()', () => {
    const m = requireVM(FUNCTIONS)
    expect([...m.count(3)]).toEqual([...local.count(3)])
    const forOf = []
    for (const x of m.iterable) forOf.push(x)
    expect(forOf).toEqual([...local.iterable])
    expect(Array.from(m.handRolled)).toEqual(Array.from(local.handRolled))
    const it = m.count(2)
    expect(it[Symbol.iterator]()).toBe(it)
    expect(it.next()).toEqual({ value: 1, done: false })
    expect(it.next()).toEqual({ value: 2, done: false })
    expect(it.next()).toEqual({ value: undefined, done: true })
    expect(Object.prototype.toString.call(m.count(1))).toBe('[object Generator]')
  })

  test('guest → host: leaving a for…of early runs the generator\'s finally', () => {
    const m = requireVM(FUNCTIONS)
    for (const x of m.withCleanup()) if (x === 'a') break
    expect(m.cleanups()).toBe(1)
    const [first] = m.withCleanup()
    expect(first).toBe('a')
    expect(m.cleanups()).toBe(2)
  })

  test.each([
    ['a host Set', () => new Set([1, 2, 3])],
    ['a host Map', () => new Map([['k', 'v']])],
    ['a host array', () => ['a', 'b']],
    ['a host generator object', () => (function* () { yield* [1, 2, 3] })()],
    ['a host iterable object', () => ({ *[Symbol.iterator]() { yield 'x'; yield 'y' } })],
    ['a host hand-written iterator', () => ({
      [Symbol.iterator]() {
        let i = 0
        return { next: () => (i < 2 ? { value: i++, done: false } : { done: true }) }
      },
    })],
  ])('host → guest: %s in for…of, spread, Array.from and destructuring', async (_, make) => {
    for (const probe of ['iterable', 'spread', 'destructure']) {
      const { expected, seen } = await observeAllWays(probe, make)
      expect({ probe, seen }).toEqual({ probe, seen: everyWay(expected) })
    }
  })

  test('host → guest: a host generator function', async () => {
    const { expected, seen } = await observeAllWays('generator', () => function* gen() { yield 1; yield 2; yield 3 })
    expect(seen).toEqual(everyWay(expected))
  })

  test('host → guest: the guest consuming a host generator early closes it', () => {
    const m = requireVM(path.join(__dirname, 'fixtures', 'marshalling', 'probe.js'))
    let closed = 0
    function* gen() {
      try {
        yield 1
        yield 2
      } finally {
        closed++
      }
    }
    expect(m.probes.destructure(gen())).toEqual({ first: 1, rest: [2] })
    expect(closed).toBe(1)
  })
})

describe('re-entrancy', () => {
  test('a host callback calls back into the guest, many levels deep', () => {
    const m = requireVM(FUNCTIONS)
    const host = (n) => m.pingPong(n, host)
    const localHost = (n) => local.pingPong(n, localHost)
    expect(m.pingPong(5, host)).toBe(local.pingPong(5, localHost))
    expect(m.pingPong(100, host)).toBe(local.pingPong(100, localHost))
  })

  test('a host error thrown through the guest reaches the host as itself', () => {
    const m = requireVM(FUNCTIONS)
    const error = new HostError('from the host')
    let caught
    try {
      m.callBack(() => {
        throw error
      })
    } catch (e) {
      caught = e
    }
    expect(caught).toBe(error)
    expect(() => m.callBack(() => { throw new HostError('again') })).toThrow(HostError)
  })

  test('a guest error thrown through a host callback is caught by the guest as its own class', () => {
    const m = requireVM(FUNCTIONS)
    expect(m.catchFrom(() => m.throwRange('deep'))).toEqual(local.catchFrom(() => local.throwRange('deep')))
  })

  test('a guest error thrown through host → guest → host → guest reaches the host', () => {
    const m = requireVM(FUNCTIONS)
    expect(() => m.callBack(() => m.callBack(() => m.throwRange('nested')))).toThrow(RangeError)
    expect(() => m.callBack(() => m.callBack(() => m.throwRange('nested')))).toThrow('nested')
  })

  test('the engine works normally after errors crossed it', () => {
    const m = requireVM(FUNCTIONS)
    expect(() => m.callBack(() => { throw new HostError('x') })).toThrow(HostError)
    expect(m.add(2, 3)).toBe(5)
    expect(m.callBack((x) => m.add(x, 1), 1)).toBe(2)
  })
})
