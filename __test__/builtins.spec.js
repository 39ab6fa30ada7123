'use strict'
// Node built-ins and globals inside the engine, under options.builtins (issue 4). Node is the
// oracle: the same fixtures loaded with plain `require` must give the same results.
const path = require('path')
const { spawnSync } = require('child_process')
const requireVM = require('..')

const FIXTURES = path.join(__dirname, 'fixtures', 'builtins')
const fixture = (name) => path.join(FIXTURES, name)

// Results cross as live proxies; compare them as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value))

// Node's answers: the fixture run with plain `require` in a child process (not inside Jest's
// sandbox, whose second realm changes `instanceof Error` inside Node's own built-ins).
function oracleOf(name, env = {}) {
  const child = spawnSync(
    process.execPath,
    [path.join(__dirname, 'children', 'builtins-oracle.js'), fixture(name)],
    { encoding: 'utf8', timeout: 60000, cwd: process.cwd(), env: { ...process.env, ...env } },
  )
  const line = `${child.stdout}`.split('\n').find((l) => l.startsWith('BUILTINS-ORACLE '))
  if (!line) throw new Error(`the oracle run of ${name} failed: ${child.stderr}`)
  const results = JSON.parse(line.slice('BUILTINS-ORACLE '.length))
  return new Proxy(results, {
    get(target, section) {
      const result = target[section]
      if (!result || !('value' in result)) throw new Error(`Node itself failed on ${name} ${String(section)}: ${result && result.threw}`)
      return result.value
    },
  })
}

describe('pure built-ins run inside the engine with the results Node gives', () => {
  let oracle
  let guest
  beforeAll(() => {
    oracle = oracleOf('modules.js')
    guest = requireVM(fixture('modules.js'))
  })

  test.each([
    ['events: a subclass of EventEmitter, once, prependListener, off, error events', 'events'],
    ['util: format, inspect, inherits', 'util'],
    ['util.types: brand checks on every kind of value, not fooled by Symbol.toStringTag', 'utilTypes'],
    ["util: Node's newer placeholders (%i, %f) and the [Array] marker of inspect", 'utilModern'],
    ['path: join, resolve (from process.cwd()), relative, parse, format', 'path'],
    ['buffer: base64, hex, utf8, latin1, concat, slice, equals, readUInt32LE, write*', 'buffer'],
    ['url: parse, format, resolve, fileURLToPath, pathToFileURL, require("node:url")', 'url'],
    ['URL and URLSearchParams globals', 'URL'],
    ['querystring: stringify, parse, encode, decode', 'querystring'],
    ['querystring: escape and unescape', 'querystringEscape'],
    ['string_decoder: multi-byte characters split across writes, hex, base64', 'string_decoder'],
    ['assert: ok, deepStrictEqual, strictEqual, throws and AssertionError', 'assert'],
    ['punycode: encode, decode, toASCII, toUnicode, ucs2', 'punycode'],
    ["require('node:x') is require('x')", 'prefixes'],
  ])('%s', (_, section) => {
    expect(plain(guest[section]())).toEqual(oracle[section])
  })

  test('util.isDate and util.isRegExp answer as util.types does, not fooled by Symbol.toStringTag', () => {
    const { isDate, isRegExp } = guest.utilLegacy()
    for (const [legacy, brand] of [...plain(isDate), ...plain(isRegExp)]) expect(legacy).toBe(brand)
    expect(plain(isDate).map(([legacy]) => legacy)).toContain(true)
  })

  test.each([
    ['util.promisify (callbacks, errors, promisify.custom) and events.once', 'promisify'],
    ['stream: a Readable piped through a Transform and a PassThrough into a Writable', 'stream'],
  ])('%s', async (_, section) => {
    const promise = guest[section]()
    expect(promise).toBeInstanceOf(Promise)
    expect(plain(await promise)).toEqual(oracle[section])
  })

  test('a guest class extends EventEmitter and the host listens to it', () => {
    const m = requireVM(fixture('emitter.js'))
    const heard = []
    const counter = new m.Counter()
    counter.on('inc', (n) => heard.push(n))
    counter.inc()
    counter.inc()
    expect(heard).toEqual([1, 2])
    expect(counter.n).toBe(2)
    expect(counter instanceof m.EventEmitter).toBe(true)
  })
})

describe('process and util are made on their first use, and nothing tells', () => {
  test('what a module read before the first use it reads after, and both are complete (Node as the oracle)', () => {
    const oracle = oracleOf('first-use.js')
    const guest = requireVM(fixture('first-use.js'))
    expect(plain(guest.identities())).toEqual(oracle.identities)
    expect(plain(guest.complete())).toEqual(oracle.complete)
  })

  test('util is complete when the guest loaded the npm util package itself first (Node as the oracle)', () => {
    const oracle = oracleOf('first-use-package.js')
    expect(plain(requireVM(fixture('first-use-package.js')).both())).toEqual(oracle.both)
  })

  test('util is complete when the npm assert reached it by path first (Node as the oracle)', () => {
    const oracle = oracleOf('first-use-assert.js')
    expect(plain(requireVM(fixture('first-use-assert.js')).both())).toEqual(oracle.both)
  })

  // Each load is a new engine, whose process and util the host gets untouched.
  const handedOut = () => requireVM(fixture('first-use-handed-out.js'))

  test('an untouched process handed to the host is the whole process', () => {
    const guestProcess = handedOut().process
    expect(Object.keys(guestProcess)).toEqual(expect.arrayContaining(['env', 'platform', 'nextTick', 'exit']))
    expect(guestProcess.platform).toBe(process.platform)
    expect(typeof Object.getPrototypeOf(guestProcess).emit).toBe('function')
  })

  test('every way the host reaches into an untouched process or util completes it', () => {
    expect(typeof handedOut().process.nextTick).toBe('function')
    expect(typeof Object.getPrototypeOf(handedOut().process).on).toBe('function')
    expect('nextTick' in handedOut().process).toBe(true)
    expect(typeof handedOut().processHeir.nextTick).toBe('function')
    expect('emit' in handedOut().processHeir).toBe(true)
    expect(handedOut().util.format('%s=%d', 'n', 1)).toBe('n=1')
    expect(Object.keys(handedOut().util)).toEqual(expect.arrayContaining(['types', 'inherits', 'inspect']))
    expect(handedOut().utilHeir.format('%d', 2)).toBe('2')
    expect(typeof handedOut().util.types.isDate).toBe('function')
  })
})

describe('host built-ins through the bridge', () => {
  // The fixture's sync results, from Node's own require of it.
  const oracle = require('./fixtures/builtins/host-modules.js')
  let guest
  beforeAll(() => {
    guest = requireVM(fixture('host-modules.js'))
  })

  test('fs.readFileSync (utf8 and Buffer), existsSync and ENOENT errors', () => {
    expect(guest.text).toBe('hello from the host file system\nline two\n')
    expect(guest.text).toBe(oracle.text)
    expect(guest.bufferText).toBe(oracle.bufferText)
    expect(plain(guest.exists)).toEqual([true, false])
    expect(plain(guest.readFileError)).toEqual({ code: 'ENOENT', isError: true })
    expect(guest.sameFs).toBe(true)
  })

  test('os.platform() and os.EOL', () => {
    expect(guest.platform).toBe(require('os').platform())
    expect(guest.eol).toBe(require('os').EOL)
  })

  test("crypto.createHash('sha256') and createHmac", () => {
    expect(guest.sha256).toBe(require('crypto').createHash('sha256').update('x').digest('hex'))
    expect(guest.sha256).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881')
    expect(guest.hmac).toBe(oracle.hmac)
  })

  test('host functions that fill a buffer (randomFillSync, readSync, getRandomValues) fill the guest buffer', () => {
    expect(plain(guest.filled)).toEqual(plain(oracle.filled))
    expect(oracle.filled).toEqual({
      randomNonZero: true,
      viewNonZero: true,
      viewBufferOutsideUntouched: true,
      read: [5, 'hello'],
      webcryptoNonZero: true,
    })
  })

  test('asynchronous host APIs: fs.readFile with a guest callback, fs/promises', async () => {
    await expect(guest.readFileAsync()).resolves.toBe(oracle.text)
    await expect(guest.readFilePromises()).resolves.toBe(oracle.text)
  })
})

describe('options.builtins', () => {
  const expectDenied = (fn, name) => {
    let error
    try {
      fn()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('ERR_REQUIRE_VM_DENIED')
    expect(error.message).toContain(`'${name}'`)
    expect(error.message).toContain('options.builtins')
  }

  test("an allowed built-in works, with or without 'node:'", () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: ['path'] })
    expect(m.path()).toBe('a/b')
    expect(m.prefixedPath()).toBe('a/b')
  })

  test("a built-in not in the list throws ERR_REQUIRE_VM_DENIED naming the module and the option, with or without 'node:'", () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: ['path'] })
    expectDenied(() => m.plain(), 'fs')
    expectDenied(() => m.prefixed(), 'fs')
    expectDenied(() => m.promises(), 'fs/promises')
  })

  test('the guest can catch the denial', () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: ['path'] })
    expect(plain(m.denied('os'))).toEqual({
      code: 'ERR_REQUIRE_VM_DENIED',
      message: expect.stringContaining('options.builtins'),
      isError: true,
    })
    expect(m.denied('os').message).toContain("'os'")
  })

  test('the request itself may be a denied built-in', () => {
    expectDenied(() => requireVM('fs', {}, { builtins: [] }), 'fs')
    expectDenied(() => requireVM('node:os', {}, { builtins: ['path'] }), 'os')
    expect(requireVM('node:path', {}, { builtins: ['path'] }).join('x', 'y')).toBe('x/y')
  })

  test("allowing 'fs' allows its subpaths (fs/promises)", () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: ['fs', 'path'] })
    expect(m.read()).toBe('hello from the host file system\nline two\n')
    expect(typeof m.promises().readFile).toBe('function')
  })

  test("builtins: [] gives no process global; everything is denied", () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: [] })
    expect(m.hasProcess()).toBe('undefined')
    expectDenied(() => m.path(), 'path')
    expectDenied(() => m.plain(), 'fs')
  })

  test("'process' in the list gives the process global; without it there is none", () => {
    expect(requireVM(fixture('requires-fs.js'), {}, { builtins: ['process'] }).hasProcess()).toBe('object')
    expect(requireVM(fixture('requires-fs.js'), {}, { builtins: ['path'] }).hasProcess()).toBe('undefined')
    expect(requireVM(fixture('requires-fs.js')).hasProcess()).toBe('object')
  })

  test('Buffer is a global whatever the list (SPEC "Inside the engine": only process depends on it)', () => {
    expect(requireVM(fixture('requires-fs.js'), {}, { builtins: ['path'] }).hasBuffer()).toBe('function')
    expect(requireVM(fixture('requires-fs.js'), {}, { builtins: [] }).hasBuffer()).toBe('function')
  })

  test.each([
    ['stream', 'stream', 'x'],
    ['util', 'util', 'n=1'],
    ['assert', 'assert', 'ok'],
    ['url', 'url', 'a.example'],
  ])("allowing only '%s' is enough to use it (its own implementation's requires are not the guest's)", (name, call, expected) => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: [name] })
    expect(m[call]()).toBe(expected)
  })

  test.each([
    ['a string', 'fs'],
    ['an object', { fs: true }],
    ['an array with a non-string', ['fs', 1]],
    ['false', false],
    ['null', null],
    ['a number', 1],
    ['a function', () => {}],
  ])('%s is rejected with ERR_INVALID_ARG_TYPE before any engine is made', (_, builtins) => {
    const before = requireVM.stats().liveEngines
    expect(() => requireVM(fixture('requires-fs.js'), {}, { builtins })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => new requireVM.RequireVmModule(__filename, {}, { builtins })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(requireVM.stats().liveEngines).toBeLessThanOrEqual(before)
  })
})

describe('moduleMap wins over built-ins', () => {
  const fake = { readFileSync: () => 'fake contents', marker: 'fake fs' }

  test("{ fs: fake } replaces fs for require('fs') and require('node:fs')", () => {
    const m = requireVM(fixture('requires-fs.js'), {}, {}, { fs: fake })
    expect(m.plain()).toBe(fake)
    expect(m.prefixed()).toBe(fake)
    expect(m.read()).toBe('fake contents')
    expect(m.readPrefixed()).toBe('fake contents')
  })

  test('the entry wins even when options.builtins denies the built-in', () => {
    const m = requireVM(fixture('requires-fs.js'), {}, { builtins: [] }, { fs: fake })
    expect(m.plain()).toBe(fake)
    expect(m.prefixed()).toBe(fake)
  })

  test('a pure built-in replaced too: { path: fakePath }', () => {
    const fakePath = { join: (...parts) => parts.join('+') }
    const m = requireVM(fixture('requires-fs.js'), {}, {}, { path: fakePath })
    expect(m.path()).toBe('a+b')
    expect(m.prefixedPath()).toBe('a+b')
  })

  test("requireVM('fs', {}, {}, { fs: fake }) returns fake itself", () => {
    expect(requireVM('fs', {}, {}, { fs: fake })).toBe(fake)
  })
})

describe('globals', () => {
  let oracle
  let guest
  beforeAll(() => {
    process.env.REQUIRE_VM_BUILTINS_TEST = 'from the host env'
    oracle = oracleOf('globals.js')
    guest = requireVM(fixture('globals.js'))
  })
  afterAll(() => {
    delete process.env.REQUIRE_VM_BUILTINS_TEST
  })

  test('lazy globals (Buffer, WebAssembly) read again by the same code after their first read', () => {
    const make = requireVM(fixture('lazy-twice.js'))
    expect(Array.from(make('aGk='))).toEqual(['hi', 'function'])
    expect(Array.from(make('eW8='))).toEqual(['yo', 'function'])
  })

  test('classes made on first use (TextEncoder/TextDecoder, URL) leave what the program assigned first', () => {
    const lazy = requireVM(fixture('lazy-classes.js'))
    expect(plain(lazy.assignedBeforeFirstUse())).toEqual(oracleOf('lazy-classes.js').assignedBeforeFirstUse)
  })

  test('every global Node code expects is there, of the same type as in Node', () => {
    expect(plain(guest.types())).toEqual(oracle.types)
  })

  test('structuredClone, TextEncoder/TextDecoder, atob/btoa, URL, Buffer give what Node gives', () => {
    expect(plain(guest.values())).toEqual(oracle.values)
  })

  test('process: env, argv, platform, version(s), release, config, cwd(), hrtime, memoryUsage as in the host', () => {
    const got = plain(guest.process())
    // argv is the host's own (the oracle ran in another process with other arguments).
    expect({ ...got, argv: null }).toEqual({ ...oracle.process, argv: null })
    expect(got.env).toBe('from the host env')
    expect(got.argv).toEqual(process.argv)
    expect(got.cwd).toBe(process.cwd())
  })

  test('process.argv and execArgv can be replaced, process.versions cannot, as in Node', () => {
    expect(plain(guest.processWrites())).toEqual(oracle.processWrites)
  })

  test('process.env is live: a host change is seen by the guest', () => {
    process.env.REQUIRE_VM_BUILTINS_TEST = 'changed'
    expect(guest.process().env).toBe('changed')
    process.env.REQUIRE_VM_BUILTINS_TEST = 'from the host env'
  })

  test('process.nextTick runs its callback later, with its arguments, before timers', async () => {
    expect(plain(await guest.nextTick())).toEqual(oracle.nextTick)
  })

  test('promise jobs, microtasks, setImmediate, cleared timers and delays run in Node\'s order', async () => {
    expect(plain(await guest.order())).toEqual(oracle.order)
  })

  test('setInterval with arguments runs until clearInterval', async () => {
    expect(plain(await guest.interval())).toEqual(oracle.interval)
  })

  test('console is the global Node has: not enumerable, replaceable, with its methods', () => {
    const oracle = oracleOf('console-global.js')
    const m = requireVM(fixture('console-global.js'))
    expect(plain(m.described())).toEqual(oracle.described)
    expect(m.replaced()).toBe(oracle.replaced)
  })

  test('console.log goes to the host console with its arguments', () => {
    const m = requireVM(fixture('host-output.js'))
    const spy = jest.spyOn(console, 'log').mockImplementation(() => {})
    try {
      m.log('a', 1, { x: [2] }, null, true)
      expect(spy).toHaveBeenCalledTimes(1)
      expect(spy.mock.calls[0]).toEqual(['a', 1, { x: [2] }, null, true])
    } finally {
      spy.mockRestore()
    }
  })

  test('console.error goes to the host console.error', () => {
    const m = requireVM(fixture('host-output.js'))
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      m.error('bad', 42)
      expect(spy).toHaveBeenCalledWith('guest error:', 'bad', 42)
    } finally {
      spy.mockRestore()
    }
  })

  test('process.stdout.write writes to the host stdout', () => {
    const m = requireVM(fixture('host-output.js'))
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      m.write('from the guest\n')
      expect(spy).toHaveBeenCalledWith('from the guest\n')
    } finally {
      spy.mockRestore()
    }
  })

  test('process.emitWarning reaches the host process', () => {
    const m = requireVM(fixture('host-output.js'))
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      m.warn('careful')
      expect(spy).toHaveBeenCalledWith('careful', 'RequireVmTestWarning')
    } finally {
      spy.mockRestore()
    }
  })

  test('contextObject entries override every one of these globals', () => {
    const fakeConsole = { log: jest.fn() }
    const fakeSetTimeout = jest.fn(() => 'fake timer')
    const fakes = {
      setTimeout: fakeSetTimeout,
      setInterval: 'setInterval',
      setImmediate: 'setImmediate',
      clearTimeout: 'clearTimeout',
      queueMicrotask: 'queueMicrotask',
      structuredClone: 'structuredClone',
      TextEncoder: 'TextEncoder',
      URL: 'URL',
      atob: 'atob',
      btoa: 'btoa',
      Buffer: 'Buffer',
      process: { platform: 'fake-os' },
      console: fakeConsole,
      global: 'global',
    }
    const context = { ...fakes }
    const m = requireVM(fixture('overrides.js'), context)
    const seen = m.seen()
    for (const [name, value] of Object.entries(fakes)) expect([name, seen[name]]).toEqual([name, value])
    expect(seen.console).toBe(fakeConsole)
    m.useConsole()
    expect(fakeConsole.log).toHaveBeenCalledWith('via override')
    expect(m.useSetTimeout()).toBe('fake timer')
    expect(fakeSetTimeout).toHaveBeenCalledTimes(1)
    expect(m.processPlatform()).toBe('fake-os')
  })
})

describe('timers and promises', () => {
  test('a guest setTimeout resolves a promise the host awaits', async () => {
    const m = requireVM(fixture('timers.js'))
    await expect(m.later(10, 'value')).resolves.toBe('value')
    await expect(m.immediate('immediate')).resolves.toBe('immediate')
  })

  test('a guest timer rejecting with a TypeError rejects the host promise with a TypeError', async () => {
    const m = requireVM(fixture('timers.js'))
    await expect(m.rejectLater(5, 'late failure')).rejects.toThrow(TypeError)
    await expect(m.rejectLater(5, 'late failure')).rejects.toThrow('late failure')
  })

  test('a promise the host awaits from an engine it disposes rejects with ERR_REQUIRE_VM_DISPOSED', async () => {
    const m = requireVM(fixture('timers.js'))
    const pending = m.later(60_000, 'never')
    const ignored = m.later(60_000, 'never') // not awaited: no unhandled rejection either
    expect(requireVM.dispose(m)).toBe(true)
    await expect(pending).rejects.toMatchObject({ code: 'ERR_REQUIRE_VM_DISPOSED' })
    expect(ignored).toBeInstanceOf(Promise)
  })

  test('promise jobs queued at load have run when requireVM returns', () => {
    expect(requireVM(fixture('timers.js')).ready).toBe(true)
  })

  test('promise jobs and microtasks queued by a call run at the host microtask checkpoint, in order', async () => {
    const m = requireVM(fixture('timers.js'))
    const seen = []
    queueMicrotask(() => seen.push('host before'))
    expect(m.kick((value) => seen.push(value))).toBe('returned')
    queueMicrotask(() => seen.push('host after'))
    // As with a module loaded by require: nothing has run when the call returns...
    expect(seen).toEqual([])
    await new Promise(setImmediate)
    // ...and the guest's jobs ran in the host's checkpoint, after what the host queued first.
    expect(seen).toEqual(['host before', 'microtask', 'job', 'host after'])
  })

  test('the Timeout object: hasRef, unref returning itself, a numeric primitive', () => {
    const m = requireVM(fixture('timers.js'))
    expect(plain(m.timerObject())).toEqual({ hasRef: true, unrefReturnsSelf: true, primitive: 'number' })
  })

  test('dispose clears a running setInterval: it never fires again, no host timer is left', async () => {
    const m = requireVM(fixture('timers.js'))
    const activeTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = activeTimers()
    let ticks = 0
    await new Promise((resolve) => {
      m.startInterval(2, () => {
        ticks += 1
        if (ticks === 3) resolve()
      })
    })
    expect(activeTimers()).toBe(before + 1)
    expect(requireVM.dispose(m)).toBe(true)
    expect(activeTimers()).toBe(before)
    const ticksAtDispose = ticks
    // Wait for more than ten periods of the interval: none may fire.
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(ticks).toBe(ticksAtDispose)
    expect(() => m.later(1, 'x')).toThrow(expect.objectContaining({ code: 'ERR_REQUIRE_VM_DISPOSED' }))
  })

  test('dispose clears a pending setTimeout: its callback never runs', async () => {
    const m = requireVM(fixture('timers.js'))
    const fired = jest.fn()
    m.startTimeout(5, fired)
    requireVM.dispose(m)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(fired).not.toHaveBeenCalled()
  })
})

describe('open handles', () => {
  const jestBin = require.resolve('jest/bin/jest')
  const runChildJest = (file) =>
    spawnSync(
      process.execPath,
      [
        jestBin,
        '--config',
        JSON.stringify({
          rootDir: path.join(__dirname, 'children', 'builtins-open-handles'),
          testMatch: [`<rootDir>/${file}`],
          testEnvironment: 'node',
        }),
        '--detectOpenHandles',
        '--forceExit',
        '--ci',
      ],
      { encoding: 'utf8', timeout: 90000, cwd: path.join(__dirname, '..') },
    )

  test('the check sees an open handle when there is one (control)', () => {
    const child = runChildJest('control.child.js')
    expect(child.status).toBe(0)
    expect(child.stderr).toMatch(/detected the following 1 open handle/)
  })

  test('a Jest run (--detectOpenHandles) using guest timers that are awaited or disposed reports none', () => {
    const child = runChildJest('timers.child.js')
    expect(child.stderr).toMatch(/Tests:\s+5 passed, 5 total/)
    expect(child.status).toBe(0)
    expect(child.stderr).not.toMatch(/open handle/)
  })

  test('pending guest timers of an engine the host dropped do not keep the process alive', () => {
    const started = Date.now()
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', path.join(__dirname, 'children', 'builtins-unref.js')],
      { encoding: 'utf8', timeout: 10000 },
    )
    expect(child.stdout).toContain('BUILTINS-UNREF-END')
    // Exited by itself, long before the 60 s guest timers were due.
    expect(child.error).toBeUndefined()
    expect(child.status).toBe(0)
    expect(child.stdout).not.toContain('fired')
    expect(Date.now() - started).toBeLessThan(10000)
  })
})
