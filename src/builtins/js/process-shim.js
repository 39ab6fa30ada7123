// The `process` our built-ins' packages (browserify-era code) see. Without `real`, options.builtins
// gives the guest no process: a stand-in with what they read and nothing of the host behind it.
// With `real`, reads are forwarded to the guest's process, made on first use.
(function (real) {
  'use strict'
  if (typeof real === 'function') {
    let process
    const target = () => (process === undefined ? (process = real()) : process)
    return new Proxy({}, {
      get: (_, key) => Reflect.get(target(), key),
      has: (_, key) => Reflect.has(target(), key),
      set: (_, key, value) => Reflect.set(target(), key, value),
    })
  }
  return {
    title: 'node',
    browser: false,
    env: {},
    argv: [],
    execArgv: [],
    version: '',
    versions: {},
    platform: '',
    release: {},
    nextTick(callback, ...args) {
      queueMicrotask(() => callback(...args))
    },
    emitWarning() {},
    cwd: () => '/',
    on() { return this },
    once() { return this },
    off() { return this },
    emit: () => false,
  }
})
