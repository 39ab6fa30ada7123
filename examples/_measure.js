// Shared by the scenarios: how each one loads a module (the three ways the demo compares) and
// how it reports memory — as IPC messages when examples/demo.js runs it as a child process,
// as progress lines when it runs on its own.
'use strict'

const MODES = ['require', 'require-vm', 'requireVM']

function rssMB() {
  return process.memoryUsage().rss / 1048576
}

// A loader for `mode`: `load(file, contextObject)` returns the module's exports.
function loaderFor(mode) {
  switch (mode) {
    case 'require':
      // Node's require, with the cache entry deleted so that every load runs the module again.
      return (file) => {
        delete require.cache[require.resolve(file)]
        return require(file)
      }
    case 'require-vm': {
      const requireVm = require('require-vm')
      return (file, contextObject = {}) => requireVm(file, contextObject)
    }
    case 'requireVM': {
      const requireVM = require('..')
      return (file, contextObject = {}) => requireVM(file, contextObject)
    }
    default:
      throw new Error(`unknown mode '${mode}': expected one of ${MODES.join(', ')}`)
  }
}

// The mode named on the command line (default: requireVM) and a number argument.
function parseArgs(defaultCount) {
  const [mode = 'requireVM', count] = process.argv.slice(2)
  if (!MODES.includes(mode)) {
    console.error(`usage: node ${process.argv[1]} [${MODES.join('|')}] [count]`)
    process.exit(2)
  }
  return { mode, count: count === undefined ? defaultCount : Number(count) }
}

// Samples RSS every `every` iterations. Under examples/demo.js (which forks this process) the
// samples go to the parent; alone, a line is printed every tenth of the run.
function sampler(mode, total, every) {
  const start = rssMB()
  const started = Date.now()
  const cpuStart = process.cpuUsage()
  let peak = start
  const send = (done, i) => {
    const rss = rssMB()
    peak = Math.max(peak, rss)
    const cpu = process.cpuUsage(cpuStart)
    const cpuMs = (cpu.user + cpu.system) / 1000
    const sample = { mode, i, total, rss, start, peak, ms: Date.now() - started, cpuMs, done }
    if (process.send) process.send(sample)
    return sample
  }
  send(false, 0)
  const printEvery = Math.max(1, Math.round(total / 10))
  return {
    tick(i) {
      if (process.send) {
        if (i % every === 0 || i === total) send(false, i)
      } else if (i % printEvery === 0) {
        const sample = send(false, i)
        console.log(`${mode}: ${i.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}, RSS ${sample.rss.toFixed(0)} MB`)
      }
    },
    done() {
      const sample = send(true, total)
      if (!process.send) {
        const growth = sample.rss - start
        console.log(
          `${mode}: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB RSS after ${total.toLocaleString('en-US')} iterations ` +
            `(start ${start.toFixed(0)} MB, peak ${sample.peak.toFixed(0)} MB, end ${sample.rss.toFixed(0)} MB, ${(sample.ms / 1000).toFixed(1)} s)`,
        )
      }
      // The channel would keep a forked child alive.
      if (process.connected) process.disconnect()
    },
  }
}

module.exports = { MODES, rssMB, loaderFor, parseArgs, sampler }
