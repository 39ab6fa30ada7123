// SPEC "Marshalling", row 7: Date, RegExp, ArrayBuffer, typed arrays, Buffer and DataView cross as
// copies — the same class and contents on the other side, and what one side then does to its copy
// stays on that side. Both directions; Node (plain require) is the oracle.
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const util = require('node:util')
const requireVM = require('..')
const { PROBE, observeAllWays, everyWay } = require('./fixtures/marshalling/observe')

const COPIES = path.join(__dirname, 'fixtures', 'marshalling', 'copies.js')
const local = require(COPIES)

const TYPED_ARRAY_NAMES = Object.keys(local.typedArrays)

describe('guest → host', () => {
  const m = requireVM(COPIES)

  test('a Date arrives as a host Date with the same time', () => {
    expect(m.date).toBeInstanceOf(Date)
    expect(util.types.isDate(m.date)).toBe(true)
    expect(m.date).toEqual(local.date)
    expect(m.date.toISOString()).toBe(local.date.toISOString())
    expect(m.invalidDate).toBeInstanceOf(Date)
    expect(m.invalidDate.getTime()).toBeNaN()
    expect(m.makeDate(-1)).toEqual(new Date(-1))
  })

  test('a RegExp arrives as a host RegExp with source, flags and lastIndex', () => {
    for (const name of ['regexp', 'regexpSticky']) {
      const copy = m[name]
      expect(copy).toBeInstanceOf(RegExp)
      expect(util.types.isRegExp(copy)).toBe(true)
      expect(copy).toEqual(local[name])
      expect([copy.source, copy.flags, copy.lastIndex]).toEqual([local[name].source, local[name].flags, local[name].lastIndex])
      const same = Object.assign(new RegExp(local[name]), { lastIndex: local[name].lastIndex })
      expect('xaBBc abc xabc'.replace(copy, '#')).toBe('xaBBc abc xabc'.replace(same, '#'))
    }
  })

  test('an ArrayBuffer arrives as a host ArrayBuffer with the same bytes', () => {
    expect(m.arrayBuffer).toBeInstanceOf(ArrayBuffer)
    expect(util.types.isArrayBuffer(m.arrayBuffer)).toBe(true)
    expect(m.arrayBuffer.byteLength).toBe(local.arrayBuffer.byteLength)
    expect(new Uint8Array(m.arrayBuffer)).toEqual(new Uint8Array(local.arrayBuffer))
  })

  test.each(TYPED_ARRAY_NAMES)('a %s arrives as a host one with the same elements', (name) => {
    const copy = m.typedArrays[name]
    expect(copy).toBeInstanceOf(globalThis[name])
    expect(copy.constructor.name).toBe(name)
    expect(copy).toEqual(local.typedArrays[name])
    expect(Array.from(copy)).toEqual(Array.from(local.typedArrays[name]))
  })

  test('a view on part of a buffer arrives with just its elements', () => {
    expect(m.subView).toBeInstanceOf(Uint16Array)
    expect(Array.from(m.subView)).toEqual(Array.from(local.subView))
    expect(m.subView.byteLength).toBe(local.subView.byteLength)
  })

  test('a Buffer arrives as a host Buffer with the same bytes', () => {
    expect(Buffer.isBuffer(m.buffer)).toBe(true)
    expect(m.buffer.toString('utf8')).toBe(local.buffer.toString('utf8'))
    expect(m.buffer.equals(local.buffer)).toBe(true)
  })

  test('a DataView arrives as a host DataView over the same bytes', () => {
    expect(m.dataView).toBeInstanceOf(DataView)
    expect(m.dataView.byteLength).toBe(local.dataView.byteLength)
    for (let i = 0; i < local.dataView.byteLength; i++) expect(m.dataView.getUint8(i)).toBe(local.dataView.getUint8(i))
  })

  // (A view on part of a buffer is copied as just its bytes, so its byteOffset and buffer differ.)
  test('util.inspect prints what Node prints', () => {
    for (const name of ['date', 'invalidDate', 'regexp', 'arrayBuffer', 'buffer']) {
      expect([name, util.inspect(m[name])]).toEqual([name, util.inspect(local[name])])
    }
    for (const name of TYPED_ARRAY_NAMES) {
      expect([name, util.inspect(m.typedArrays[name])]).toEqual([name, util.inspect(local.typedArrays[name])])
    }
  })

  test('they are copies: changing the host\'s copy leaves the guest\'s value alone', () => {
    const fresh = requireVM(COPIES)
    const date = fresh.date
    date.setTime(0)
    expect(fresh.dateTime()).toBe(local.date.getTime())
    const bytes = fresh.typedArrays.Uint8Array
    bytes[0] = 99
    expect(fresh.firstByte()).toBe(local.typedArrays.Uint8Array[0])
  })

  // The exception, wasm memory, crosses live: as under Node, its buffer is one ArrayBuffer
  // until the memory grows, even after the host let go of it and V8 collected. (In a child
  // with --expose-gc, so that the collection really happens; a WeakRef keeps its target to the
  // end of the job, so the collection runs in the next one.)
  test('a wasm memory is one host ArrayBuffer until it grows', () => {
    const script = `
      const requireVM = require(${JSON.stringify(path.join(__dirname, '..'))})
      const m = requireVM(${JSON.stringify(path.join(__dirname, 'fixtures', 'wasm', 'grow.js'))})
      const weak = new WeakRef(m.view(16).buffer)
      setImmediate(() => {
        for (let i = 0; i < 3; i++) global.gc()
        const same = weak.deref() === m.view(16).buffer
        const old = m.view(16)
        const pages = m.growMemory(1)
        const grown = m.view(16)
        process.stdout.write(JSON.stringify({
          same, pages, oldLength: old.length, oldBytes: old.buffer.byteLength,
          grownBytes: grown.buffer.byteLength, replaced: grown.buffer !== old.buffer,
        }))
      })
    `
    const result = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }))
    expect(result).toEqual({
      same: true, pages: 1, oldLength: 0, oldBytes: 0, grownBytes: 2 * 65536, replaced: true,
    })
  })
})

describe('host → guest', () => {
  test.each([
    ['a Date', 'date', () => new Date(Date.UTC(2001, 8, 9, 1, 46, 40, 5))],
    ['a RegExp', 'regexp', () => /a(b+)c/gi],
    ['a sticky RegExp with a lastIndex', 'regexp', () => Object.assign(/b/y, { lastIndex: 2 })],
    ['an ArrayBuffer', 'arrayBuffer', () => new Uint8Array([1, 2, 255]).buffer],
    ['a Buffer', 'buffer', () => Buffer.from('héllo, wörld')],
    ['a DataView', 'dataView', () => new DataView(new Uint8Array([0, 0x12, 0x34, 0x56, 0x78, 0x9a]).buffer, 1, 4)],
    ...TYPED_ARRAY_NAMES.map((name) => [`a ${name}`, 'typedArray', () => local.typedArrays[name].slice()]),
    ['a view on part of a buffer', 'typedArray', () => new Uint16Array(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer, 2, 2)],
  ])('%s: guest code sees what Node sees', async (_, probe, make) => {
    const { expected, seen } = await observeAllWays(probe, make)
    expect(seen).toEqual(everyWay(expected))
  })

  test.each([
    ['date', () => new Date(5)],
    ['bytes', () => new Uint8Array([1, 2, 3])],
    ['bytes', () => Buffer.from('abc')],
    ['arrayBuffer', () => new Uint8Array([1, 2]).buffer],
    ['dataView', () => new DataView(new Uint8Array([1, 2]).buffer)],
    ['regexp', () => /x/g],
  ])('they are copies: what the guest does to its %s stays in the guest', (kind, make) => {
    const m = requireVM(PROBE)
    const value = make()
    const before = util.inspect(value)
    expect(m.mutate[kind](value)).toBe(require(PROBE).mutate[kind](make()))
    expect(util.inspect(value)).toBe(before)
  })

  test('empty buffers cross too; a copy past the engine\'s memoryLimit stops it for its limit', () => {
    const m = requireVM(COPIES)
    expect(m.echo(new Uint8Array(0))).toEqual(new Uint8Array(0))
    expect(m.echo(new ArrayBuffer(0))).toEqual(new ArrayBuffer(0))
    expect(m.echo(new DataView(new ArrayBuffer(0)))).toEqual(new DataView(new ArrayBuffer(0)))
    const limited = requireVM(COPIES, {}, { memoryLimit: 16 })
    expect(limited.echo(new Uint8Array(1 << 20)).length).toBe(1 << 20)
    let error
    try {
      limited.echo(new Uint8Array(32 << 20))
    } catch (e) {
      error = e
    }
    expect(error?.code).toBe('ERR_REQUIRE_VM_MEMORY_LIMIT')
  })

  test('a copy handed back arrives as an equal host value', () => {
    const m = requireVM(COPIES)
    const date = new Date(123)
    expect(m.echo(date)).toEqual(date)
    const bytes = new Float64Array([1.5, -2])
    expect(m.echo(bytes)).toEqual(bytes)
    expect(m.echo(Buffer.from('b'))).toEqual(Buffer.from('b'))
  })
})
