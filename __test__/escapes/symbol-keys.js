// Symbols across the bridge: host objects keyed by unique, registered and well-known symbols
// (a host EventEmitter's private `kCapture`…), host symbols' wrappers and constructors, and a
// guest `inspect.custom` hook installed on a host object through a registered symbol, which the
// host then runs by logging that object.
const h = require('./_harness')(module, require)
const EventEmitter = require('node:events')

h.attempt(() => {
  const ctx = {
    hostObj: { [Symbol('private')]: { priv: {} }, [Symbol.for('registered')]: { reg: {} }, *[Symbol.iterator]() { yield { iterated: {} } } },
    hostEmitter: new EventEmitter(),
    hostSymbol: Symbol('host symbol'),
    hostTarget: { plain: true },
  }
  const m = h.load('symbol-keys.js', ctx)
  h.try('util.inspect(ctx.hostTarget)', () => h.util.inspect(ctx.hostTarget))
  h.try('console.log(ctx.hostTarget)', () => console.log(ctx.hostTarget))
  return m.report()
})
