// xxhash-wasm: hand-written WebAssembly embedded as bytes; strings written into wasm memory with
// TextEncoder's encodeInto, 64-bit results as BigInts, streaming hashers.
module.exports = async function probe(xxhash) {
  const { h32, h64, h32ToString, h64ToString, h32Raw, create32, create64 } = await xxhash()
  const text = Array.from({ length: 300 }, (_, i) => `line ${i} ✓ 😀`).join('\n')
  const stream32 = create32(7).update(text.slice(0, 1000)).update(text.slice(1000)).digest()
  const stream64 = create64(7n).update(new TextEncoder().encode(text)).digest()
  return {
    h32: [h32('hello'), h32(text), h32(text, 99)],
    h64: [String(h64('hello')), String(h64(text, 5n))],
    strings: [h32ToString('abc'), h64ToString('abc')],
    raw: h32Raw(new Uint8Array([1, 2, 3, 4, 5])),
    streams: [stream32, String(stream64)],
  }
}
