// Host objects with deep Node-internal graphs (an EventEmitter, a Readable stream, a URL, a
// host error subclass instance): every object reachable through own data properties and
// prototypes is checked for the host's marks, and every constructor on the way is probed.
const h = require('./_harness')(module, require)
const EventEmitter = require('node:events')
const { Readable } = require('node:stream')

h.attempt(() => {
  class A {}
  class B extends A {}
  class C extends B { constructor() { super(); this.self = this } }
  const emitter = new EventEmitter()
  emitter.on('x', function listener() {})
  const ctx = {
    hostC: new C(),
    hostEmitter: emitter,
    hostEventEmitter: EventEmitter,
    hostReadable: Readable.from(['a']),
    hostURL: new URL('https://example.com/?a=1'),
    hostAbort: new AbortController(),
  }
  return h.load('host-class-hierarchy.js', ctx).report()
})
