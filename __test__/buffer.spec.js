'use strict'
// Buffer's transcoding inside the engine (native, src/builtins/transcode.rs) gives the host
// Buffer's results, byte for byte, for random strings and bytes in every encoding Node knows.
const path = require('path')
const fc = require('fast-check')
const requireVM = require('..')

const transcode = requireVM(path.join(__dirname, 'fixtures', 'buffer', 'transcode.js'))
const ENCODINGS = ['utf8', 'utf-8', 'UTF8', 'ucs2', 'utf16le', 'latin1', 'binary', 'ascii', 'hex', 'base64', 'base64url', undefined]

// Any UTF-16 code units (lone surrogates and two-byte characters included), and strings made of
// what base64 and hex decoders meet: both alphabets, padding in odd places, whitespace, junk.
const anyText = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 }).map((units) => String.fromCharCode(...units))
const codeText = fc
  .array(fc.constantFrom(...'ABYZaqxz0189+/-_=  \n*.'.split(''), 'Ł', '\u013d', '\u0161'), { maxLength: 64 })
  .map((chars) => chars.join(''))
const text = fc.oneof(anyText, codeText)
const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 96 })
const encoding = fc.constantFrom(...ENCODINGS)

describe('Buffer transcoding equals the host Buffer', () => {
  test('Buffer.from(string, encoding)', () => {
    fc.assert(
      fc.property(text, encoding, (string, enc) => {
        expect(transcode.decode(string, enc)).toEqual(Array.from(Buffer.from(string, enc)))
      }),
      { numRuns: 2000 },
    )
    expect(transcode.isBuffer('aGVsbG8=', 'base64')).toBe(true)
  })

  test('buf.toString(encoding, start, end)', () => {
    const bound = fc.oneof(fc.constant(undefined), fc.integer({ min: -4, max: 100 }))
    fc.assert(
      fc.property(bytes, encoding, bound, bound, (array, enc, start, end) => {
        expect(transcode.encode(array, enc, start, end)).toBe(Buffer.from(array).toString(enc, start, end))
      }),
      { numRuns: 2000 },
    )
  })

  test('Buffer.byteLength(string, encoding)', () => {
    fc.assert(
      fc.property(text, encoding, (string, enc) => {
        expect(transcode.byteLength(string, enc)).toBe(Buffer.byteLength(string, enc))
      }),
      { numRuns: 2000 },
    )
  })

  test('views, aliases and unknown encodings', () => {
    const array = Array.from({ length: 40 }, (_, i) => (i * 53) & 255)
    for (const enc of ['hex', 'base64', 'utf8', 'latin1']) {
      expect(transcode.subarrayText(array, 3, 29, enc)).toBe(Buffer.from(array).subarray(3, 29).toString(enc))
    }
    expect(transcode.toLocaleString(array)).toBe(Buffer.from(array).toString('hex'))
    expect(transcode.unknownEncoding()).toBe('TypeError: Unknown encoding: utf9')
  })

  test('a megabyte of base64 both ways', () => {
    const data = Buffer.alloc(1 << 20)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) >> 3
    const base64 = data.toString('base64')
    expect(transcode.byteLength(base64, 'base64')).toBe(data.length)
    expect(transcode.reencode(base64, 'base64', 'hex')).toBe(data.toString('hex'))
  })
})
