// A first look: a module that leaks on every call, loaded 2,000 times into fresh engines.
'use strict'
const path = require('path')
const requireVM = require('..')

const leaky = path.join(__dirname, 'leaky.js')
const mb = () => (process.memoryUsage().rss / 1048576).toFixed(0)
console.log(`start: ${mb()} MB`)
for (let i = 1; i <= 2000; i++) {
  requireVM(leaky).leak()
  if (i % 500 === 0) console.log(`${i} loads: ${mb()} MB, ${requireVM.stats().liveEngines} live engines`)
}
console.log('Each load leaked ~100 KB into its own engine; the engines were freed as they were dropped.')
