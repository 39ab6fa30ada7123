// The guest's `process`: an EventEmitter of its own, backed by the host's process for what only
// the host knows. Evaluated once per engine, on first use of `process` other than a read of
// `env`, `platform`, `arch` or `version`: it completes the object those were read from
// (src/builtins/globals.rs, `process`).
(function (process, hostProcess, events, hrtime, codes) {
  'use strict'
  const EventEmitter = events.EventEmitter || events
  Object.setPrototypeOf(process, EventEmitter.prototype)
  EventEmitter.call(process)
  const copy = (value) => (value && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value)
  for (const key of ['platform', 'arch', 'version', 'pid', 'ppid', 'execPath', 'title', 'argv0']) {
    process[key] = hostProcess[key]
  }
  // Plain data, copied from the host on first read: most modules read `env` or nothing of
  // these, and a copy of `config` alone reads hundreds of host properties through the bridge.
  // The first read turns the accessor into the data property Node has (`argv` and `execArgv`
  // writable, the others read-only, `features` also non-configurable); so does a write to
  // `argv` or `execArgv`.
  for (const key of ['versions', 'release', 'config', 'features', 'argv', 'execArgv']) {
    const writable = key === 'argv' || key === 'execArgv'
    const settle = (value) => {
      Object.defineProperty(process, key, { value, writable, enumerable: true, configurable: key !== 'features' })
      return value
    }
    Object.defineProperty(process, key, {
      get: () => settle(copy(hostProcess[key])),
      set: writable ? settle : undefined,
      enumerable: true,
      configurable: true,
    })
  }
  process.env = hostProcess.env
  process.exitCode = undefined
  process.cwd = () => hostProcess.cwd()
  process.chdir = () => {
    const error = new Error('process.chdir() is not supported in a requireVM engine')
    error.code = codes.ERR_REQUIRE_VM_UNSUPPORTED
    throw error
  }
  process.umask = (mask) => (mask === undefined ? hostProcess.umask() : hostProcess.umask())
  process.uptime = () => hostProcess.uptime()
  process.memoryUsage = () => copy(hostProcess.memoryUsage())
  process.cpuUsage = (previous) => copy(hostProcess.cpuUsage(previous))
  process.resourceUsage = () => copy(hostProcess.resourceUsage())
  process.emitWarning = (...args) => hostProcess.emitWarning(...args)
  process.hrtime = hrtime
  process.hrtime.bigint = () => {
    const [seconds, nanos] = hrtime()
    return BigInt(seconds) * 1000000000n + BigInt(nanos)
  }
  process.nextTick = (callback, ...args) => {
    if (typeof callback !== 'function') {
      const error = new TypeError('The "callback" argument must be of type function')
      error.code = codes.ERR_INVALID_ARG_TYPE
      throw error
    }
    queueMicrotask(() => callback(...args))
  }
  process.exit = (code) => {
    const error = new Error(`process.exit(${code === undefined ? '' : code}) called inside a requireVM engine`)
    error.code = codes.ERR_REQUIRE_VM_PROCESS_EXIT
    throw error
  }
  process.abort = process.exit
  process.kill = () => {
    const error = new Error('process.kill() is not supported in a requireVM engine')
    error.code = codes.ERR_REQUIRE_VM_UNSUPPORTED
    throw error
  }
  Object.defineProperty(process, 'stdout', { get: () => hostProcess.stdout, enumerable: true, configurable: true })
  Object.defineProperty(process, 'stderr', { get: () => hostProcess.stderr, enumerable: true, configurable: true })
  Object.defineProperty(process, 'stdin', { get: () => hostProcess.stdin, enumerable: true, configurable: true })
  // Node 20 still answers `process.binding` for an allow-list of its internal modules, and
  // Emscripten's NODEFS reads `process.binding('constants')`. The constants are plain data,
  // copied from the host once; the rest are native handles to the host, refused with Node's own
  // message for a module it does not have.
  let constants
  process.binding = function binding(name) {
    if (`${name}` === 'constants') {
      if (constants === undefined) constants = copy(hostProcess.binding('constants'))
      return constants
    }
    throw new Error(`No such module: ${name}`)
  }
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true })
})
