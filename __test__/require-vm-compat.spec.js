// The npm package `require-vm` 1.0.11's own test scenarios (node_modules/require-vm/test/test.js),
// rewritten as Jest tests against require-vm-rs, plus the exports SPEC.md lists.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const requireVM = require('..')

const { RequireVmModule } = requireVM
const dir = path.join(__dirname, 'fixtures', 'compat')

describe('exports', () => {
  test('the module is the requireVM function itself, also as requireVM, requireVm and default', () => {
    expect(typeof requireVM).toBe('function')
    expect(requireVM.requireVM).toBe(requireVM)
    expect(requireVM.requireVm).toBe(requireVM)
    expect(requireVM.default).toBe(requireVM)
  })

  test('RequireVmModule is a class, dispose and stats are functions', () => {
    expect(typeof RequireVmModule).toBe('function')
    expect(new RequireVmModule(path.join(dir, 'a.js'))).toBeInstanceOf(RequireVmModule)
    expect(typeof requireVM.dispose).toBe('function')
    expect(typeof requireVM.stats).toBe('function')
  })

  test('stats() reports the number of live engines', () => {
    expect(requireVM.stats()).toEqual(expect.objectContaining({ liveEngines: expect.any(Number) }))
  })
})

describe("require-vm's scenarios", () => {
  test('module.exports = {__dirname, __filename} is read back (test.export)', () => {
    const moduleA = requireVM('./fixtures/compat/a.js')
    expect(JSON.stringify(moduleA)).toBe(JSON.stringify({
      __dirname: dir,
      __filename: path.join(dir, 'a.js'),
    }))
  })

  test('a contextObject keeps its setTimeout by identity (test.function.import)', () => {
    // b.js arms a 3-second timer through the host's setTimeout: a fake one, so that no real
    // timer keeps the test worker alive after the suite.
    jest.useFakeTimers()
    try {
      const contextB = { setTimeout }
      requireVM('./fixtures/compat/b.js', contextB)
      expect(contextB.setTimeout).toBe(setTimeout)
      expect(jest.getTimerCount()).toBe(1)
    } finally {
      jest.clearAllTimers()
      jest.useRealTimers()
    }
  })

  test('1,000 cached loads of a tiny module give what an uncached load gives (test.cache.import)', () => {
    const uncached = requireVM('./fixtures/compat/c.js')
    for (let i = 0; i < 1000; i++) {
      const cached = requireVM('./fixtures/compat/c.js', {}, {}, {}, true)
      expect(cached).toEqual(uncached)
    }
  })

  test('a moduleMap entry is returned by identity (test.moduleMap)', () => {
    const moduleMap = {
      fs: {
        readFileSync(filePath, options = {}) {
          return fs.readFileSync(filePath, options)
        },
      },
    }
    const mapped = requireVM('fs', {}, {}, moduleMap)
    expect(mapped).toBe(moduleMap.fs)
  })

  test('a grandchild require (ap1 → ap2 → ../a.js) has the right __dirname and __filename at every level (test.grandchildren.reference)', () => {
    const moduleAP1 = requireVM('./fixtures/compat/ap/ap1.js')
    expect(JSON.stringify(moduleAP1)).toBe(JSON.stringify({
      __dirname: path.join(dir, 'ap'),
      __filename: path.join(dir, 'ap', 'ap1.js'),
      ap2: {
        __dirname: path.join(dir, 'ap'),
        __filename: path.join(dir, 'ap', 'ap2.js'),
        a: {
          __dirname: dir,
          __filename: path.join(dir, 'a.js'),
        },
      },
    }))
  })
})

describe('isCache', () => {
  let tmp
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-compat-')) })
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

  test('a cached load sees a file whose size changed on disk', () => {
    const file = path.join(tmp, 'value.js')
    fs.writeFileSync(file, 'module.exports = 1')
    expect(requireVM(file, {}, {}, {}, true)).toBe(1)
    fs.writeFileSync(file, 'module.exports = 1234')
    expect(requireVM(file, {}, {}, {}, true)).toBe(1234)
  })

  test('a cached load sees a file whose modification time changed (same size)', () => {
    const file = path.join(tmp, 'value.js')
    fs.writeFileSync(file, 'module.exports = 1')
    fs.utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1))
    expect(requireVM(file, {}, {}, {}, true)).toBe(1)
    fs.writeFileSync(file, 'module.exports = 2')
    fs.utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1))
    expect(requireVM(file, {}, {}, {}, true)).toBe(2)
  })
})

describe('isCache reuses compiled code, never state', () => {
  let tmp
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-cache-')) })
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

  test('each cached load is a fresh instance: module state, closures and globals start over', () => {
    const file = path.join(tmp, 'counter.js')
    fs.writeFileSync(file, [
      'var calls = 0',
      "const dep = require('./dep.js')",
      'module.exports = { bump: () => ++calls + dep.bump(), globalSeen: typeof leftBehind }',
      'globalThis.leftBehind = true',
    ].join('\n'))
    fs.writeFileSync(path.join(tmp, 'dep.js'), 'let n = 0\nexports.bump = () => (n += 10)')
    const first = requireVM(file, {}, {}, {}, true)
    expect([first.bump(), first.bump()]).toEqual([11, 22])
    const second = requireVM(file, {}, {}, {}, true)
    expect([second.bump(), second.globalSeen]).toEqual([11, 'undefined'])
    expect(first.bump()).toBe(33)
  })

  test('tagged templates of cached code keep their own strings beside freshly parsed code', () => {
    const tagged = path.join(tmp, 'tagged.js')
    fs.writeFileSync(tagged, 'const tag = (s) => s\nmodule.exports = () => tag`cached ${1} code`')
    const fresh = path.join(tmp, 'fresh.js')
    fs.writeFileSync(fresh, 'const tag = (s) => s\nmodule.exports = () => tag`fresh ${2} text`')
    requireVM(tagged, {}, {}, {}, true) // compiled here, reused below
    const vm = new RequireVmModule(fresh, {}, {}, {}, false)
    const freshTemplate = vm.requireVm(fresh)
    const freshStrings = freshTemplate()
    const cachedStrings = new RequireVmModule(tagged, {}, {}, {}, true).requireVm(tagged)()
    expect([...freshStrings]).toEqual(['fresh ', ' text'])
    expect([...cachedStrings]).toEqual(['cached ', ' code'])
    expect(freshTemplate()).toBe(freshStrings) // one template object per site, as in Node
  })

  test('an entry with top-level let/const/class loads again and again with isCache', () => {
    const file = path.join(tmp, 'lexical.js')
    fs.writeFileSync(file, 'const base = 40\nclass Answer { get value() { return base + 2 } }\nmodule.exports = new Answer().value')
    expect(requireVM(file, {}, {}, {}, true)).toBe(42)
    expect(requireVM(file, {}, {}, {}, true)).toBe(42)
  })

  test('a syntax error is reported again on every cached load', () => {
    const file = path.join(tmp, 'broken.js')
    fs.writeFileSync(file, 'module.exports = (')
    for (let i = 0; i < 2; i++) {
      expect(() => requireVM(file, {}, {}, {}, true)).toThrow(SyntaxError)
    }
  })
})

describe('a load without isCache reuses code compiled from the same text only', () => {
  let tmp
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-text-')) })
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

  test('an edit of the same size and modification time is seen at the next load', () => {
    const file = path.join(tmp, 'value.js')
    const stamp = new Date(2000, 0, 1)
    const write = (text) => { fs.writeFileSync(file, text); fs.utimesSync(file, stamp, stamp) }
    write('module.exports = [1, require("./dep.js")]')
    fs.writeFileSync(path.join(tmp, 'dep.js'), 'module.exports = "a"')
    // Loads enough for the entry and its dependency to be compiled once and reused.
    for (let i = 0; i < 4; i++) expect(requireVM(file)).toEqual([1, 'a'])
    write('module.exports = [2, require("./dep.js")]')
    fs.writeFileSync(path.join(tmp, 'dep.js'), 'module.exports = "b"')
    expect(requireVM(file)).toEqual([2, 'b'])
  })

  test('reused code starts each load afresh: module state, globals and syntax errors', () => {
    const file = path.join(tmp, 'counter.js')
    fs.writeFileSync(file, 'var calls = 0\nmodule.exports = { bump: () => ++calls, seen: typeof leftBehind }\nglobalThis.leftBehind = 1')
    for (let i = 0; i < 4; i++) {
      const m = requireVM(file)
      expect([m.bump(), m.bump(), m.seen]).toEqual([1, 2, 'undefined'])
    }
    const broken = path.join(tmp, 'broken.js')
    fs.writeFileSync(broken, 'module.exports = (')
    for (let i = 0; i < 3; i++) expect(() => requireVM(broken)).toThrow(SyntaxError)
  })
})

describe('RequireVmModule', () => {
  test('loads two modules into one engine: shared globals and one module cache', () => {
    const vm = new RequireVmModule(path.join(dir, 'first.js'))
    const first = vm.requireVm(path.join(dir, 'first.js'))
    const second = vm.requireVm(path.join(dir, 'second.js'))
    expect(second.definedByFirst).toBe('set by first.js')
    expect(second.sameDependency).toBe(true)
    expect(second.loads).toBe(1)
    expect(first.dependency.loads).toBe(1)
  })

  test('two RequireVmModules are two engines: nothing is shared', () => {
    const one = new RequireVmModule(path.join(dir, 'first.js'))
    one.requireVm(path.join(dir, 'first.js'))
    const other = new RequireVmModule(path.join(dir, 'first.js'))
    const second = other.requireVm(path.join(dir, 'second.js'))
    expect(second.definedByFirst).toBe('not defined')
    expect(second.sameDependency).toBe(false)
  })

  test('requireVm(request) resolves a relative request from the directory of its filename', () => {
    const vm = new RequireVmModule(path.join(dir, 'first.js'))
    expect(vm.requireVm('./a.js').__filename).toBe(path.join(dir, 'a.js'))
  })
})

describe('contextObject', () => {
  test('globals from a contextObject the host no longer holds stay (the engine holds it weakly)', () => {
    // In a child with --expose-gc: the contextObject literal is garbage once the call returns.
    const script = `
      const requireVM = require(${JSON.stringify(path.join(__dirname, '..'))})
      const fs = require('fs')
      const file = require('path').join(require('os').tmpdir(), 'context-gone-' + process.pid + '.js')
      fs.writeFileSync(file, 'exports.call = () => typeof helper === "function" ? helper(20) : typeof helper')
      const m = requireVM(file, { helper: (x) => x + 1 })
      for (let i = 0; i < 5; i++) { gc(); new Array(1e5).fill({}) }
      fs.unlinkSync(file)
      process.stdout.write(String(m.call()))
    `
    const output = require('node:child_process').execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' })
    expect(output).toBe('21')
  })
})
