// Seed case 2: lodash's memoize re-created every iteration (`memoizeGetN = memoize(getN)`) and
// called with a new BigInt key, 300,000 times. lodash is loaded once; every iteration makes a new
// memoized function and a new cache, and drops the previous ones.
//
//   node examples/memoize.js [require|require-vm|requireVM] [iterations=300000]
//
// With requireVM each memoized function is made inside the engine and crosses to Node as a
// proxy; the host function `getN` and the BigInt keys cross the other way. Nothing may pin the
// dropped ones: the identity maps between the two sides are weak, so memory stays bounded.
'use strict'
const { loaderFor, parseArgs, sampler } = require('./_measure')

const { mode, count: iterations } = parseArgs(300_000)
const { memoize } = loaderFor(mode)('lodash')

function getN(n) {
  return { n, square: n * n }
}

const samples = sampler(mode, iterations, Math.max(1, Math.ceil(iterations / 60)))
let memoizeGetN
let checksum = 0n
for (let i = 1; i <= iterations; i++) {
  memoizeGetN = memoize(getN)
  checksum += memoizeGetN(BigInt(i)).square
  samples.tick(i)
}
samples.done()
if (!process.send) console.log(`checksum ${checksum}`)
