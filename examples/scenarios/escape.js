// An escape attempt: the classic walks from what a module can touch to a `process` object — its
// own `this`, and the prototype chains of the values the host handed in through the context
// object (`config`, a plain object, and `log`, a function). attempt() reports, for each walk,
// what it got: a process object (and the mark the host put on its own `process`), or the error.
/* global config, log */
const walks = {
  'this.constructor.constructor': () => this.constructor.constructor('return process')(),
  'config.constructor.constructor': () => config.constructor.constructor('return process')(),
  'config.list.__proto__.__proto__…': () =>
    Object.getPrototypeOf(Object.getPrototypeOf(config.list)).constructor.constructor('return process')(),
  'log.constructor': () => log.constructor('return process')(),
  'module.constructor.constructor': () => module.constructor.constructor('return process')(),
}

exports.attempt = function attempt() {
  const report = {}
  for (const name of Object.keys(walks)) {
    try {
      const p = walks[name]()
      report[name] = p && typeof p === 'object' ? { got: 'a process object', mark: String(p.demoMark) } : { got: String(p) }
    } catch (error) {
      report[name] = { got: `${error.name}: ${error.message}` }
    }
  }
  return JSON.stringify(report)
}
