// Shared by the leak children (run with --expose-gc): RSS figures in MB and one JSON line out.
'use strict'

const rssMB = () => process.memoryUsage().rss / 1048576

// Full collections with turns of the event loop between them, so finalizers and freed engines
// are done with before a figure is taken.
async function settle() {
  for (let i = 0; i < 3; i++) {
    global.gc()
    await new Promise(setImmediate)
  }
  global.gc()
}

// Tracks the peak RSS, sampled every `every` iterations.
function peakTracker(every) {
  let peak = rssMB()
  return {
    tick(i) {
      if (i % every === 0) peak = Math.max(peak, rssMB())
    },
    get peak() {
      return Math.max(peak, rssMB())
    },
  }
}

function report(figures) {
  const round = (x) => (typeof x === 'number' && !Number.isInteger(x) ? Math.round(x * 10) / 10 : x)
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)])))}\n`)
}

// The loader of a mode: our requireVM, or Node's require with the cache entry deleted so that
// every load runs the module again (as a program reloading a leaky module would).
function loaderFor(mode) {
  if (mode === 'requireVM') {
    const requireVM = require('../..')
    return { load: (file, contextObject) => requireVM(file, contextObject), requireVM }
  }
  if (mode === 'require') {
    return {
      load: (file) => {
        delete require.cache[require.resolve(file)]
        return require(file)
      },
    }
  }
  throw new Error(`unknown mode ${mode}`)
}

module.exports = { rssMB, settle, peakTracker, report, loaderFor }
