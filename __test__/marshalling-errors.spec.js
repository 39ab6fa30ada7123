// SPEC "Marshalling", rows 5–6: a Promise crosses as a real promise on the other side that settles
// with the marshalled result; an Error (and subclasses) as an Error of the same class, with its
// message, own properties and a stack naming the guest file, line and column. A thrown non-Error
// value arrives as that value. Both directions; Node (plain require) is the oracle.
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const util = require('node:util')
const requireVM = require('..')
const { observeAllWays, everyWay } = require('./fixtures/marshalling/observe')
const { thrown } = require('./helpers')

const dir = path.join(__dirname, 'fixtures', 'marshalling')
const ERRORS = path.join(dir, 'errors.js')
const PROMISES = path.join(dir, 'promises.js')
const local = require(ERRORS)

// Where V8 says `exports[name]()` of `file` threw: "file:line:column" of the top frame, from a
// plain Node child process (the oracle for the guest's stack).
function nodeThrowSite(file, name) {
  const script = `
    try { require(process.argv[1])[process.argv[2]]() } catch (e) {
      process.stdout.write(/\\((.*:\\d+:\\d+)\\)/.exec(e.stack.split('\\n')[1])[1])
    }`
  return execFileSync(process.execPath, ['-e', script, file, name], { encoding: 'utf8' })
}

class HostError extends Error {
  constructor(message) {
    super(message)
    this.name = 'HostError'
    this.code = 'E_HOST'
  }
}

describe('errors, guest → host', () => {
  const m = requireVM(ERRORS)

  test.each([
    ['throwRange', RangeError],
    ['throwType', TypeError],
    ['throwSyntax', SyntaxError],
    ['throwReference', ReferenceError],
  ])('%s arrives as a host %p: instanceof, toThrow(Class), name', (name, ErrorClass) => {
    const error = thrown(() => m[name]())
    expect(error).toBeInstanceOf(ErrorClass)
    expect(error).toBeInstanceOf(Error)
    expect(util.types.isNativeError(error)).toBe(true)
    expect(error.name).toBe(thrown(() => local[name]()).name)
    expect(Object.prototype.toString.call(error)).toBe('[object Error]')
    expect(() => m[name]()).toThrow(ErrorClass)
    expect(m[name]).toThrow(ErrorClass)
  })

  test('message and the first line of the stack are what Node gives', () => {
    for (const name of ['throwRange', 'throwType', 'throwCustom']) {
      const error = thrown(() => m[name]())
      const mine = thrown(() => local[name]())
      expect(error.message).toBe(mine.message)
      expect(() => m[name]()).toThrow(mine.message)
      expect(error.stack.split('\n')[0]).toBe(mine.stack.split('\n')[0])
    }
  })

  test.each(['throwRange', 'throwType', 'throwCustom', 'throwWithCode'])(
    '%s: the stack names the guest file, line and column where V8 would',
    (name) => {
      const site = nodeThrowSite(ERRORS, name)
      expect(site.startsWith(`${ERRORS}:`)).toBe(true)
      expect(thrown(() => m[name]()).stack).toContain(site)
    },
  )

  test('a stack through several guest frames names each of them', () => {
    const stack = thrown(() => m.deep(3)).stack
    const frames = stack.split('\n').filter((line) => line.includes(`${ERRORS}:`))
    expect(frames.length).toBeGreaterThanOrEqual(4)
  })

  test('a custom subclass arrives as an Error with its name, message and own properties', () => {
    const error = thrown(() => m.throwCustom())
    const mine = thrown(() => local.throwCustom())
    expect(error).toBeInstanceOf(Error)
    expect(() => m.throwCustom()).toThrow(Error)
    expect(error.name).toBe('ValidationError')
    expect(error.message).toBe(mine.message)
    expect(error.code).toBe('E_VALIDATION')
    expect(error.field).toBe('email')
    expect(Object.keys(error)).toEqual(Object.keys(mine))
    expect(String(error)).toBe(String(mine))
    expect(util.inspect(error)).toContain('ValidationError')
    expect(util.inspect(error)).toContain("code: 'E_VALIDATION'")
  })

  test('own properties come along: code, and an object as a live proxy', () => {
    const error = thrown(() => m.throwWithCode())
    expect(error.code).toBe('E_CODE')
    expect(error.details).toEqual({ retry: true })
    expect(Object.keys(error)).toEqual(Object.keys(thrown(() => local.throwWithCode())))
    expect(JSON.stringify(error)).toBe(JSON.stringify(thrown(() => local.throwWithCode())))
  })

  test('cause keeps its class', () => {
    const error = thrown(() => m.throwWithCause())
    expect(error.message).toBe('outer')
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(error.cause.message).toBe('inner')
  })

  test('an AggregateError keeps its class and its errors', () => {
    const error = thrown(() => m.throwAggregate())
    expect(error).toBeInstanceOf(AggregateError)
    expect(error.message).toBe('many')
    expect(error.errors).toHaveLength(2)
    expect(error.errors[0]).toBeInstanceOf(Error)
    expect(error.errors[1]).toBeInstanceOf(RangeError)
    expect(error.errors[1].message).toBe('two')
  })

  test('an Error that is returned, not thrown, also keeps its class', () => {
    expect(m.returnedError).toBeInstanceOf(TypeError)
    expect(m.returnedError.message).toBe(local.returnedError.message)
  })

  test.each(['throwNumber', 'throwString', 'throwNull', 'throwUndefined'])('%s: a thrown non-Error value arrives as that value', (name) => {
    expect(thrown(() => m[name]())).toBe(thrown(() => local[name]()))
  })

  test('a thrown object arrives as the proxy of that object', () => {
    const error = thrown(() => m.throwObject())
    expect(error).toBe(m.thrownObject)
    expect(error).toEqual(local.thrownObject)
  })
})

describe('errors, host → guest', () => {
  test.each([
    ['a RangeError', () => new RangeError('host range')],
    ['a TypeError with a code', () => Object.assign(new TypeError('host type'), { code: 'E_TYPE' })],
    ['a custom subclass', () => new HostError('custom')],
  ])('%s passed in keeps its class, message and own properties', async (_, make) => {
    const { expected, seen } = await observeAllWays('error', make)
    expect(seen).toEqual(everyWay(expected))
  })

  test.each([
    ['a RangeError', () => () => { throw new RangeError('host range') }],
    ['a TypeError with a code', () => () => { throw Object.assign(new TypeError('host type'), { code: 'E_TYPE' }) }],
    ['a custom subclass', () => () => { throw new HostError('custom') }],
    ['a number', () => () => { throw 42 }],
    ['a string', () => () => { throw 'host string' }],
    ['null', () => () => { throw null }],
    ['undefined', () => () => { throw undefined }],
  ])('%s thrown by a host function is caught by the guest as Node would catch it', async (_, make) => {
    const { expected, seen } = await observeAllWays('catching', make)
    expect(seen).toEqual(everyWay(expected))
  })

  test('a host error keeps its stack', async () => {
    const { expected, seen } = await observeAllWays('errorStack', () => new RangeError('with a stack'))
    expect(seen).toEqual(everyWay(expected))
  })
})

describe('promises, guest → host', () => {
  test('a fulfilled guest promise is a host promise with the value', async () => {
    const m = requireVM(PROMISES)
    const promise = m.fulfilled()
    expect(promise).toBeInstanceOf(Promise)
    await expect(promise).resolves.toBe(42)
    await expect(m.fulfilledObject()).resolves.toEqual({ answer: 42, list: [1, 2] })
  })

  test('a promise settled later by a guest timer', async () => {
    const m = requireVM(PROMISES)
    await expect(m.later('soon')).resolves.toBe('soon')
    const object = { host: true }
    await expect(m.later(object)).resolves.toBe(object)
  })

  test('a rejection keeps the error class', async () => {
    const m = requireVM(PROMISES)
    await expect(m.rejectedRange()).rejects.toThrow(RangeError)
    await expect(m.rejectedRange()).rejects.toThrow('guest range')
    await expect(m.asyncThrow()).rejects.toBeInstanceOf(TypeError)
    const custom = await m.rejectedCustom().catch((e) => e)
    expect(custom).toBeInstanceOf(SyntaxError)
    expect([custom.name, custom.message, custom.code]).toEqual(['ParseError', 'guest parse', 'E_PARSE'])
  })

  test('a rejection with a non-Error value rejects with that value', async () => {
    const m = requireVM(PROMISES)
    await expect(m.rejectedValue()).rejects.toBe('just a string')
  })

  test('an async guest function awaits host values and host promises', async () => {
    const m = requireVM(PROMISES)
    await expect(m.asyncAdd(1, 2)).resolves.toBe(3)
    await expect(m.asyncAdd(Promise.resolve(1), new Promise((resolve) => setImmediate(resolve, 2)))).resolves.toBe(3)
  })

  test('a guest thenable is awaited by the host', async () => {
    const m = requireVM(PROMISES)
    await expect(m.thenable()).resolves.toBe('from thenable')
  })
})

describe('promises, host → guest', () => {
  test.each([
    ['fulfilled', () => Promise.resolve(42)],
    ['fulfilled with an object', () => Promise.resolve({ a: [1] })],
    ['fulfilled later by a host timer', () => new Promise((resolve) => setImmediate(resolve, 'later'))],
    ['rejected with a RangeError', () => Promise.reject(new RangeError('host range'))],
    ['rejected with a custom error', () => Promise.reject(new HostError('host custom'))],
    ['rejected later with a TypeError', () => new Promise((_, reject) => setImmediate(reject, new TypeError('later')))],
    ['rejected with a non-Error value', () => Promise.reject(7)],
  ])('a host promise %s: the guest awaits what Node would', async (_, make) => {
    for (const probe of ['promise', 'promiseThen']) {
      const { expected, seen } = await observeAllWays(probe, make)
      expect({ probe, seen }).toEqual({ probe, seen: everyWay(expected) })
    }
  })

  test('Promise.all in the guest over a host promise', async () => {
    const { expected, seen } = await observeAllWays('promiseAll', () => Promise.resolve('all'))
    expect(seen).toEqual(everyWay(expected))
  })
})
