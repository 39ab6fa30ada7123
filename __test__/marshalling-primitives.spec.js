// SPEC "Marshalling", rows 1–2: undefined, null, boolean, number, string and bigint cross as the
// same value; registered and well-known symbols as the same symbol, other symbols as a stand-in
// that is stable per engine. Both directions; Node itself (plain require) is the oracle.
const path = require('node:path')
const requireVM = require('..')
const { observeAllWays, everyWay } = require('./fixtures/marshalling/observe')

const dir = path.join(__dirname, 'fixtures', 'marshalling')
const PRIMITIVES = path.join(dir, 'primitives.js')
const SYMBOLS = path.join(dir, 'symbols.js')
const local = require(PRIMITIVES)

describe('undefined, null, boolean, number, string, bigint: the same value', () => {
  describe('guest → host', () => {
    const m = requireVM(PRIMITIVES)

    test.each(local.names)('%s, exported and returned', (name) => {
      expect(m.values[name]).toBe(local.values[name])
      expect(m.get(name)).toBe(local.values[name])
      expect(typeof m.get(name)).toBe(typeof local.values[name])
    })

    test('the list of names itself arrives whole', () => {
      expect(m.names).toEqual(local.names)
    })
  })

  describe('host → guest', () => {
    const hostValues = {
      ...local.values,
      fromHostString: `host ${'ß'.repeat(3)} \u{1F600}`,
      fromHostBigint: 2n ** 70n,
      fromHostNegativeBigint: -(2n ** 63n),
    }

    test.each(Object.keys(hostValues))('%s: argument, contextObject global and moduleMap entry', async (name) => {
      const { expected, seen } = await observeAllWays('primitive', () => hostValues[name])
      expect(seen).toEqual(everyWay(expected))
    })

    test.each([0n, 5n, -5n, 2n ** 64n - 1n, 2n ** 64n, -(2n ** 200n)])('bigint %p computes as in Node', async (value) => {
      const { expected, seen } = await observeAllWays('bigint', () => value)
      expect(seen).toEqual(everyWay(expected))
    })
  })

  describe('round trip', () => {
    const m = requireVM(PRIMITIVES)
    test.each(Object.keys(local.values))('%s comes back as itself', (name) => {
      expect(m.echo(local.values[name])).toBe(local.values[name])
      expect(m.typeOf(local.values[name])).toBe(typeof local.values[name])
    })

    test.each([1n, -(2n ** 100n)])('bigint %p comes back as itself', (value) => {
      expect(m.echo(value)).toBe(value)
    })
  })
})

describe('symbols', () => {
  describe('guest → host', () => {
    const m = requireVM(SYMBOLS)

    test('a registered symbol is the host\'s Symbol.for of the same key', () => {
      expect(m.registered).toBe(Symbol.for('marshalling.key'))
    })

    test('each well-known symbol of the guest is the host\'s own', () => {
      const names = Object.keys(m.wellKnown)
      expect(names).toEqual(expect.arrayContaining(['iterator', 'asyncIterator', 'hasInstance', 'toPrimitive', 'toStringTag']))
      for (const name of names) expect([name, m.wellKnown[name]]).toEqual([name, Symbol[name]])
    })

    test('another symbol arrives as a stand-in: a symbol with its description, the same every time', () => {
      expect(typeof m.unique).toBe('symbol')
      expect(m.unique.description).toBe('guest unique')
      expect(m.unique).toBe(m.unique)
      expect(m.getUnique()).toBe(m.unique)
      expect(m.unique).not.toBe(Symbol.for('guest unique'))
      expect(m.anotherUnique).not.toBe(m.unique)
    })

    test('the stand-in handed back is the guest\'s own symbol', () => {
      expect(m.isUnique(m.unique)).toBe(true)
      expect(m.isUnique(m.anotherUnique)).toBe(false)
      expect(m.describe(m.unique)).toEqual({ type: 'symbol', description: 'guest unique' })
    })

    test('stand-ins are per engine: two engines\' symbols are two symbols', () => {
      const other = requireVM(SYMBOLS)
      expect(other.unique).not.toBe(m.unique)
      expect(other.isUnique(m.unique)).toBe(false)
      expect(other.isUnique(other.unique)).toBe(true)
    })

    test('symbol-keyed properties are read through the proxy', () => {
      expect(m.keyed[Symbol.for('marshalling.key')]).toBe('registered value')
      expect(m.keyed[m.unique]).toBe('unique value')
      expect(Object.getOwnPropertySymbols(m.keyed)).toEqual([Symbol.for('marshalling.key'), m.unique])
    })
  })

  describe('host → guest', () => {
    test('a registered symbol is the guest\'s Symbol.for of the same key', async () => {
      const { expected, seen } = await observeAllWays('symbol', () => Symbol.for('marshalling.key'))
      expect(seen).toEqual(everyWay(expected))
    })

    test.each(Object.getOwnPropertyNames(Symbol).filter((name) => typeof Symbol[name] === 'symbol'))(
      'Symbol.%s is the guest\'s own well-known symbol (where the guest has it)',
      async (name) => {
        const guestHas = Object.keys(requireVM(SYMBOLS).wellKnown).includes(name)
        const { expected, seen } = await observeAllWays('symbol', () => Symbol[name])
        if (!guestHas) {
          expect(seen.viaArgument.wellKnownAs).toEqual([])
        } else if (Symbol.keyFor(Symbol[name]) !== undefined) {
          // Node 20 defines Symbol.dispose/asyncDispose as registered symbols ('nodejs.dispose');
          // the guest sees its own well-known symbol instead, which is what the name promises.
          for (const way of Object.values(seen)) {
            expect(way.wellKnownAs).toEqual([name])
            expect(way.asKey).toBe(expected.asKey)
          }
        } else {
          expect(seen).toEqual(everyWay(expected))
        }
      },
    )

    test('another symbol arrives as a symbol with its description, not registered, not well-known', async () => {
      const host = Symbol('host unique')
      const { expected, seen } = await observeAllWays('symbol', () => host)
      expect(seen).toEqual(everyWay(expected))
    })

    test('its stand-in is stable within an engine and hands back the host symbol', () => {
      const host = Symbol('host unique')
      const m = requireVM(SYMBOLS)
      m.keep(host)
      expect(m.isKept(host)).toBe(true)
      expect(m.isKept(Symbol('host unique'))).toBe(false)
      expect(m.kept()).toBe(host)
      const keyed = { [host]: 'by host symbol' }
      expect(m.readKey(keyed, host)).toBe('by host symbol')
    })

    test('symbol-keyed properties of a host object are seen by the guest', async () => {
      const make = () => ({ [Symbol.for('marshalling.key')]: 'registered', [Symbol('own')]: 1, plain: 2 })
      const { expected, seen } = await observeAllWays('symbolKeys', make)
      expect(seen).toEqual(everyWay(expected))
    })
  })
})
