// ES modules through requireVM: `.mjs` files, `"type": "module"` packages and `import`-only
// exports load as ES modules in the engine and come back as their namespace. Node's own `import`
// (in a child process: Jest's sandbox has no dynamic import) is the oracle where Node 20 can be one.
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { pathToFileURL } = require('node:url')
const requireVM = require('..')
const { thrown } = require('./helpers')

const root = path.join(__dirname, 'fixtures', 'esm')
const fixture = (...parts) => path.join(root, ...parts)

// What Node's `import` of `file` gives: the JSON of `await (expression)` evaluated with `m` bound
// to the namespace.
function nodeImport(file, expression) {
  const script = `
    const m = await import(${JSON.stringify(pathToFileURL(file).href)})
    process.stdout.write(JSON.stringify(await (${expression})))
  `
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))
}

describe('what loads as an ES module', () => {
  test('a .mjs file returns its namespace: named exports, read live', () => {
    const meta = requireVM(fixture('meta.mjs'))
    expect(Object.keys(meta).sort()).toEqual(['dirname', 'filename', 'url'])
    expect(Object.prototype.toString.call(meta)).toBe('[object Module]')
    expect(() => {
      'use strict'
      meta.url = 'changed'
    }).toThrow(TypeError)
  })

  test('import.meta.url, dirname and filename name the module file as Node does', () => {
    const meta = requireVM(fixture('meta.mjs'))
    const file = fixture('meta.mjs')
    expect({ ...meta }).toEqual({ url: pathToFileURL(file).href, dirname: root, filename: file })
    expect({ ...meta }).toEqual(nodeImport(file, '{ ...m }'))
  })

  test('a package with "type": "module" loads its .js files as ES modules', () => {
    const ns = requireVM('esm-type-module', undefined, { paths: [root] })
    expect(ns.kind).toBe('type: module')
    expect(ns.default).toBe(nodeImport(fixture('node_modules', 'esm-type-module', 'main.js'), 'm.default'))
  })

  test('a package whose exports map offers only "import" resolves with the import condition', () => {
    const ns = requireVM('esm-import-only', undefined, { paths: [root] })
    expect(ns.only).toBe('offered only to import')
    // Node's own require of the same package finds no entry: only import is offered.
    const nodeRequire = `try { require('esm-import-only') } catch (error) { process.stdout.write(error.code) }`
    expect(execFileSync(process.execPath, ['-e', nodeRequire], { cwd: root, encoding: 'utf8' })).toBe(
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
    )
  })

  test('a syntax error in a module is a SyntaxError naming the file', () => {
    const error = thrown(() => requireVM(fixture('syntax-error.mjs')))
    expect(error).toBeInstanceOf(SyntaxError)
    expect(error.message).toContain('syntax-error.mjs')
  })

  test('importing a name a module does not export is a SyntaxError, as in Node', () => {
    const error = thrown(() => requireVM(fixture('missing-export.mjs')))
    expect(error).toBeInstanceOf(SyntaxError)
    expect(error.message).toContain('notThere')
  })
})

describe('a tree with cycles', () => {
  test('evaluation order, the temporal dead zone and live bindings are those of Node', () => {
    const a = requireVM(fixture('cycle', 'a.mjs'))
    const expected = nodeImport(fixture('cycle', 'a.mjs'), '{ a: m.a, seenByB: m.seenByB, c: m.c, later: m.later(), after: m.a }')
    expect(expected.seenByB).toBe('ReferenceError')
    expect({ a: a.a, seenByB: a.seenByB, c: a.c, later: a.later(), after: a.a }).toEqual(expected)
  })

  test('one engine, one instance of each module: a module that imports a still-evaluating one sees its bindings', () => {
    const vm = new requireVM.RequireVmModule(fixture('cycle', 'a.mjs'))
    const a = vm.requireVm('./a.mjs')
    const c = vm.requireVm('./c.mjs')
    expect(c.aKeys()).toEqual(['a', 'c', 'later', 'seenByB'])
    expect(vm.requireVm('./a.mjs')).toBe(a)
    vm.dispose()
  })
})

describe('CommonJS and ES modules together', () => {
  test('import of CommonJS: default is module.exports, named exports are its properties', () => {
    const { result } = requireVM(fixture('mix', 'esm-imports-cjs.mjs'))
    expect({ ...result, namespaceKeys: [...result.namespaceKeys] }).toEqual(
      nodeImport(fixture('mix', 'esm-imports-cjs.mjs'), 'm.result'),
    )
  })

  test('require() of an ES module from CommonJS returns its namespace, once (Node 22 semantics)', () => {
    const exports = requireVM(fixture('mix', 'cjs-requires-esm.cjs'))
    expect({ ...exports }).toEqual({
      value: 42,
      greeting: 'hello cjs',
      tag: '[object Module]',
      sameNamespace: true,
    })
  })

  test('ESM → CommonJS → ESM shares one instance of each module', () => {
    const ns = requireVM(fixture('mix', 'esm-imports-esm-via-cjs.mjs'))
    expect(ns.agree).toBe(true)
    expect(ns.fromCjs.greeting).toBe('hello cjs')
  })

  test('requireVM of a CommonJS file still returns module.exports, not a namespace', () => {
    const lib = requireVM(fixture('mix', 'lib.cjs'))
    expect(lib.add(1, 2)).toBe(3)
    expect(Object.prototype.toString.call(lib)).toBe('[object Object]')
  })
})

describe('built-ins, moduleMap and dynamic import()', () => {
  test('static imports of built-ins, with default and named exports', () => {
    const ns = requireVM(fixture('builtins.mjs'))
    expect({ ...ns }).toEqual(nodeImport(fixture('builtins.mjs'), '{ ...m }'))
  })

  test('moduleMap replaces a dependency for import, default and named', () => {
    const fakeFs = { readFileSync: (file, encoding) => `fake ${file} ${encoding}` }
    const ns = requireVM(fixture('uses-fake.mjs'), undefined, {}, { fs: fakeFs })
    expect(ns.content).toBe('fake /etc/anything utf8')
    expect(ns.same).toBe(true)
  })

  test('a built-in outside options.builtins is refused to import as to require', () => {
    const error = thrown(() => requireVM(fixture('builtins.mjs'), undefined, { builtins: ['path'] }))
    expect(error.code).toBe('ERR_REQUIRE_VM_DENIED')
    expect(error.message).toContain('events')
  })

  test('dynamic import() resolves files, packages, built-ins and moduleMap entries', async () => {
    const fake = { answer: 42 }
    const dynamic = requireVM(fixture('dynamic.mjs'), undefined, {}, { 'fake-dep': fake })
    expect((await dynamic.load('./meta.mjs')).filename).toBe(fixture('meta.mjs'))
    expect(await dynamic.loadDefault('./mix/lib.cjs')).toMatchObject({ named: 'named from CommonJS' })
    expect((await dynamic.load('node:path')).join('x', 'y')).toBe(path.join('x', 'y'))
    expect(await dynamic.loadDefault('fake-dep')).toBe(fake)
    expect((await dynamic.load('fake-dep')).answer).toBe(42)
  })

  test('dynamic import() rejects what it may not load, with the codes require uses', async () => {
    const dynamic = requireVM(fixture('dynamic.mjs'), undefined, { builtins: ['path'] })
    await expect(dynamic.load('node:fs')).rejects.toMatchObject({ code: 'ERR_REQUIRE_VM_DENIED' })
    await expect(dynamic.load('./nowhere.mjs')).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' })
    await expect(dynamic.load('./syntax-error.mjs')).rejects.toBeInstanceOf(SyntaxError)
  })
})

describe('top-level await', () => {
  test('a module whose await the engine can settle itself returns once evaluated', () => {
    const ns = requireVM(fixture('tla', 'settles.mjs'))
    expect({ ...ns }).toEqual(nodeImport(fixture('tla', 'settles.mjs'), '{ ...m }'))
  })

  test("a module waiting on the host's event loop throws ERR_REQUIRE_ASYNC_MODULE, as Node's require does", () => {
    const error = thrown(() => requireVM(fixture('tla', 'needs-loop.mjs')))
    expect(error.code).toBe('ERR_REQUIRE_ASYNC_MODULE')
  })

  test('a rejection at top level is thrown to the caller with its class', () => {
    const error = thrown(() => requireVM(fixture('tla', 'rejects.mjs')))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toBe('rejected at top level')
  })
})

describe('ESM-only packages from npm give what Node gives', () => {
  const file = fixture('real-packages.mjs')
  const expected = nodeImport(file, '{ sync: m.syncResults(), async: await m.asyncResults() }')

  test.each(['nanoid', 'chalk', 'camelcase', 'escapeStringRegexp', 'decamelize'])('%s', (name) => {
    const ns = requireVM(file)
    expect(JSON.parse(JSON.stringify(ns.syncResults()[name]))).toEqual(expected.sync[name])
  })

  test('p-limit (promises and microtasks inside the engine)', async () => {
    const ns = requireVM(file)
    expect(JSON.parse(JSON.stringify(await ns.asyncResults()))).toEqual(expected.async)
  })

  test('their functions called straight from the host', () => {
    const camelCase = requireVM('camelcase', undefined, { paths: [root] }).default
    expect(camelCase('hello-world', { pascalCase: true })).toBe('HelloWorld')
    const { Chalk } = requireVM('chalk-esm', undefined, { paths: [root] })
    expect(new Chalk({ level: 1 }).yellow('y')).toBe('\u001b[33my\u001b[39m')
    const { nanoid } = requireVM('nanoid-esm', undefined, { paths: [root] })
    expect(nanoid(10)).toMatch(/^[A-Za-z0-9_-]{10}$/)
  })

  test('dropping the namespace frees the engine like any other exports', () => {
    // Counted in a child process after a full GC: here, engines that earlier tests dropped may
    // be freed between two counts, whenever V8 happens to collect their proxies.
    const script = `
      const requireVM = require(${JSON.stringify(path.join(__dirname, '..'))})
      global.gc()
      const count = () => requireVM.stats().liveEngines
      const before = count()
      const ns = requireVM(${JSON.stringify(file)})
      const loaded = count()
      const disposed = requireVM.dispose(ns)
      const after = count()
      let code
      try { ns.syncResults() } catch (error) { code = error.code }
      process.stdout.write(JSON.stringify({ before, loaded, disposed, after, code }))
    `
    const result = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' }))
    expect(result.loaded).toBe(result.before + 1)
    expect(result.disposed).toBe(true)
    expect(result.after).toBe(result.before)
    expect(result.code).toBe('ERR_REQUIRE_VM_DISPOSED')
  })
})
