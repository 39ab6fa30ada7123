// hash-wasm: hash functions written in C, compiled to WebAssembly embedded as base64; one-shot
// and streaming, strings and bytes, a memory-hard KDF.
module.exports = async function probe(hash) {
  const text = Array.from({ length: 500 }, (_, i) => `line ${i} ✓`).join('\n')
  const bytes = new TextEncoder().encode(text)
  const streaming = await hash.createSHA256()
  streaming.init()
  streaming.update(bytes.subarray(0, 1000))
  streaming.update(bytes.subarray(1000))
  return {
    md5: await hash.md5(text),
    sha1: await hash.sha1(bytes),
    sha256: await hash.sha256(''),
    sha512: await hash.sha512(text),
    sha3: await hash.sha3(text, 256),
    blake3: await hash.blake3(bytes),
    xxhash64: await hash.xxhash64(text),
    crc32: await hash.crc32(text),
    streaming: streaming.digest('hex'),
    argon2id: await hash.argon2id({
      password: 'password', salt: 'saltsaltsalt', parallelism: 1, iterations: 2, memorySize: 1024, hashLength: 16, outputType: 'hex',
    }),
  }
}
