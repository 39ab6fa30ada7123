// crypto-js: hashes, HMAC, AES/TripleDES with fixed keys and IVs, encodings, PBKDF2.
module.exports = function probe(C) {
  const key = C.enc.Hex.parse('000102030405060708090a0b0c0d0e0f')
  const iv = C.enc.Hex.parse('101112131415161718191a1b1c1d1e1f')
  const msg = 'The quick brown fox jumps over the lazy dog ✓'
  const aes = C.AES.encrypt(msg, key, { iv, mode: C.mode.CBC, padding: C.pad.Pkcs7 })
  const ctr = C.AES.encrypt(msg, key, { iv, mode: C.mode.CTR, padding: C.pad.NoPadding })
  const withPass = C.AES.encrypt(msg, 'secret')
  const big = 'x'.repeat(100000)
  return {
    md5: C.MD5(msg).toString(),
    sha1: C.SHA1(msg).toString(),
    sha256: C.SHA256(msg).toString(),
    sha512: C.SHA512(msg).toString(C.enc.Base64),
    sha3: C.SHA3(msg, { outputLength: 256 }).toString(),
    ripemd: C.RIPEMD160(msg).toString(),
    hmac: C.HmacSHA256(msg, 'key').toString(),
    bigSha256: C.SHA256(big).toString(),
    aes: aes.toString(),
    aesDec: C.AES.decrypt(aes.toString(), key, { iv }).toString(C.enc.Utf8),
    ctr: ctr.ciphertext.toString(),
    passRoundTrip: C.AES.decrypt(withPass, 'secret').toString(C.enc.Utf8),
    des: C.TripleDES.encrypt('hello', C.enc.Hex.parse('0123456789abcdef0123456789abcdef0123456789abcdef'), { iv: C.enc.Hex.parse('0001020304050607') }).toString(),
    rc4: C.RC4.encrypt('hello', C.enc.Utf8.parse('k')).ciphertext.toString(),
    pbkdf2: C.PBKDF2('password', 'salt', { keySize: 256 / 32, iterations: 100, hasher: C.algo.SHA256 }).toString(),
    base64: C.enc.Base64.stringify(C.enc.Utf8.parse(msg)),
    latin1: C.enc.Latin1.stringify(C.enc.Hex.parse('48656c6c6f')),
    random: C.lib.WordArray.random(16).sigBytes,
    progressive: (() => { const h = C.algo.SHA256.create(); h.update('a'); h.update('b'); return h.finalize().toString() })(),
  }
}
