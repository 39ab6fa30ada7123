// Gives the npm `buffer` package's string ⇄ bytes paths native transcoding (transcode.rs), as
// Node's Buffer has: the package does it one interpreted step per byte. Each native answers
// undefined for what it does not handle, and the package's own function takes over.
(function (exports, native) {
  'use strict'
  const { Buffer } = exports

  const packageFrom = Buffer.from
  Buffer.from = function from(value, encodingOrOffset, length) {
    if (typeof value === 'string') {
      const bytes = native.decode(value, encodingOrOffset)
      if (bytes !== undefined) return Object.setPrototypeOf(bytes, Buffer.prototype)
    }
    return packageFrom(value, encodingOrOffset, length)
  }

  const packageToString = Buffer.prototype.toString
  Buffer.prototype.toString = function toString(encoding, start, end) {
    // The package's clamping of start and end (slowToString).
    const length = this.length
    if (start === undefined || start < 0) start = 0
    if (start > length) return ''
    if (end === undefined || end > length) end = length
    if (end <= 0) return ''
    end >>>= 0
    start >>>= 0
    if (end <= start) return ''
    const text = native.encode(this, encoding, start, end)
    return text === undefined ? packageToString.apply(this, arguments) : text
  }
  Buffer.prototype.toLocaleString = Buffer.prototype.toString

  const packageByteLength = Buffer.byteLength
  Buffer.byteLength = function byteLength(string, encoding) {
    if (typeof string === 'string' && arguments.length < 3) {
      const length = native.byteLength(string, encoding)
      if (length !== undefined) return length
    }
    return packageByteLength.apply(this, arguments)
  }
})
