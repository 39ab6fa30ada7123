// uuid v9 (CommonJS build via exports map): v1/v3/v4/v5 using Node's crypto at load and call time.
module.exports = function probe(uuid) {
  const rnds = Array.from({ length: 16 }, (_, i) => i * 17 % 256)
  const v4s = Array.from({ length: 50 }, () => uuid.v4())
  return {
    v4fixed: uuid.v4({ random: rnds }),
    v4valid: v4s.every((u) => uuid.validate(u) && uuid.version(u) === 4),
    v4unique: new Set(v4s).size,
    v1fixed: uuid.v1({ node: [1, 2, 3, 4, 5, 6], clockseq: 0x1234, msecs: 1700000000000, nsecs: 5678 }),
    v1version: uuid.version(uuid.v1()),
    v3: uuid.v3('hello', uuid.v3.DNS),
    v5: uuid.v5('https://example.com', uuid.v5.URL),
    v5custom: uuid.v5('x', '1b671a64-40d5-491e-99b0-da01ff1f3341'),
    nil: uuid.NIL,
    parse: Array.from(uuid.parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8')),
    stringify: uuid.stringify(Uint8Array.from(rnds)),
    validate: ['nope', '00000000-0000-0000-0000-000000000000'].map(uuid.validate),
    bufOut: Array.from(uuid.v4({ random: rnds }, Array.from({ length: 16 }))),
  }
}
