// CommonJS inside the engine, exactly as Node runs it: cycles, JSON, require.cache and
// require.resolve, exports, moduleMap, shebang/BOM, errors, and the contextObject. Where Node can
// say what the result is, Node itself (in a child process) is the oracle.
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const requireVM = require('..')
const { thrown } = require('./helpers')

const dir = path.join(__dirname, 'fixtures', 'commonjs')
const fixture = (...parts) => path.join(dir, ...parts)

// What Node's own `require(file)` gives: the exports as JSON, or the error's class, message,
// code and where V8 says a syntax error is (the first line of its stack: `file:line`).
const NODE_ORACLE = `
  try {
    process.stdout.write(JSON.stringify({ exports: require(process.argv[1]) }))
  } catch (error) {
    const where = /^(.*):(\\d+)$/.exec(error.stack.split('\\n')[0])
    process.stdout.write(JSON.stringify({ error: {
      name: error.name, message: error.message, code: error.code,
      file: where && where[1], line: where && Number(where[2]),
    } }))
  }
`
function nodeRequire(file) {
  return JSON.parse(execFileSync(process.execPath, ['-e', NODE_ORACLE, file], { encoding: 'utf8' }))
}

describe('cycles', () => {
  test('a → b → a: b sees a\'s partial exports, as in Node', () => {
    const file = fixture('cycle', 'a.js')
    const a = requireVM(file)
    expect(a).toEqual(nodeRequire(file).exports)
    expect(a.bSawWhileLoading).toEqual({ before: 'a: set before requiring b' })
    expect(a.bSawLoaded).toBe(false)
  })

  test('the same cycle one level down (in the module wrapper)', () => {
    const file = fixture('cycle', 'entry-child.js')
    expect(requireVM(file)).toEqual(nodeRequire(file).exports)
  })
})

describe('JSON modules', () => {
  test('a .json entry is parsed', () => {
    const file = fixture('json', 'data.json')
    expect(requireVM(file)).toEqual(nodeRequire(file).exports)
  })

  test('a required .json is parsed once and cached, also when required without its extension', () => {
    const file = fixture('json', 'uses-json.js')
    const result = requireVM(file)
    expect(result).toEqual(nodeRequire(file).exports)
    expect(result.sameObjectTwice).toBe(true)
    expect(result.extensionless).toBe(true)
  })

  test('invalid JSON throws a SyntaxError naming the file', () => {
    const file = fixture('json', 'broken.json')
    const node = nodeRequire(file).error
    const error = thrown(() => requireVM(file))
    expect(error).toBeInstanceOf(SyntaxError)
    expect(node.name).toBe('SyntaxError')
    expect(error.message).toContain(file)
  })
})

describe('require.cache and require.resolve inside the engine', () => {
  test('they behave as in Node', () => {
    const file = fixture('cache', 'probe.js')
    const probe = requireVM(file)
    const node = nodeRequire(file).exports
    expect(probe).toEqual(node)
    expect(probe.resolved).toBe(fixture('cache', 'counter.js'))
    expect(probe.cachedHasCounter).toBe(true)
    expect(probe.cachedHasSelf).toBe(true)
    expect(probe.reloadedAfterDelete).toBe(true)
  })

  test('each engine has its own module cache', () => {
    const file = fixture('cache', 'count-load.js')
    expect(requireVM(file)).toBe(1)
    expect(requireVM(file)).toBe(1)
  })
})

describe('exports', () => {
  test('reassigning module.exports replaces exports; exports.x adds to it (entry)', () => {
    for (const name of ['reassign.js', 'properties.js']) {
      const file = fixture('exports', name)
      expect(requireVM(file)).toEqual(nodeRequire(file).exports)
    }
    expect(requireVM(fixture('exports', 'reassign.js'))).toEqual({ kept: 'module.exports replaced' })
    expect(requireVM(fixture('exports', 'properties.js'))).toEqual({ x: 1, y: 2, z: true })
  })

  test('the same forms one level down, where `this` is module.exports', () => {
    const file = fixture('exports', 'child-forms.js')
    const result = requireVM(file)
    expect(result).toEqual(nodeRequire(file).exports)
    expect(result.thisIsExports).toBe(true)
  })
})

describe('moduleMap', () => {
  test('reaches a grandchild, by name and by the resolved absolute path of a file', () => {
    const fakeFs = { readFileSync: (file) => `fake read of ${path.basename(file)}` }
    const fakeSecret = { replaced: true }
    const moduleMap = { fs: fakeFs, [fixture('mapped', 'lib', 'secret.js')]: fakeSecret }
    const { grandchild } = requireVM(fixture('mapped', 'entry.js'), {}, {}, moduleMap).child
    expect(grandchild.fs).toBe(fakeFs)
    expect(grandchild.secret).toBe(fakeSecret)
    expect(grandchild.read()).toBe('fake read of grandchild.js')
  })

  test('without moduleMap the grandchild gets the real modules', () => {
    const { grandchild } = requireVM(fixture('mapped', 'entry.js')).child
    const file = fixture('mapped', 'lib', 'grandchild.js')
    expect(grandchild.secret).toBe(require('./fixtures/commonjs/mapped/lib/secret.js'))
    expect(grandchild.read()).toBe(fs.readFileSync(file, 'utf8'))
  })
})

describe('source text', () => {
  test.each([['shebang.js'], ['bom.js']])('a shebang line and a BOM are stripped: %s', (name) => {
    const file = fixture('source', name)
    expect(requireVM(file)).toEqual(nodeRequire(file).exports)
  })

  test('also in required modules', () => {
    const file = fixture('source', 'child-sources.js')
    expect(requireVM(file)).toEqual(nodeRequire(file).exports)
  })
})

describe('errors', () => {
  // Node's file and line of a syntax error must be named in requireVM's message or stack.
  function expectSyntaxErrorAsNode(entry, fileWithError) {
    const node = nodeRequire(fileWithError).error
    expect(node).toMatchObject({ name: 'SyntaxError', file: fileWithError })
    const error = thrown(() => requireVM(entry))
    expect(error).toBeInstanceOf(SyntaxError)
    const text = `${error.message}\n${error.stack}`
    expect(text).toContain(fileWithError)
    expect(text).toMatch(new RegExp(`:${node.line}\\b|line ${node.line}\\b`))
  }

  test('a syntax error is a SyntaxError naming the file and the line (entry)', () => {
    expectSyntaxErrorAsNode(fixture('errors', 'syntax-error.js'), fixture('errors', 'syntax-error.js'))
  })

  test('a syntax error in a required module names that file and line', () => {
    expectSyntaxErrorAsNode(fixture('errors', 'requires-syntax-error.js'), fixture('errors', 'syntax-error.js'))
  })

  test('a syntax error at the end of the input names the file, the line and the column', () => {
    const file = fixture('errors', 'end-of-input.js')
    expectSyntaxErrorAsNode(file, file)
    expect(thrown(() => requireVM(file)).message).toMatch(/line \d+, col \d+/)
  })

  // One file per class of syntax error the lexer and the parser report: each must name the
  // file, Node's line and a column.
  test.each(fs.readdirSync(fixture('errors', 'positions')).sort())('a syntax error names the file, the line and the column: %s', (name) => {
    const file = fixture('errors', 'positions', name)
    expectSyntaxErrorAsNode(file, file)
    expect(thrown(() => requireVM(file)).message).toMatch(/line \d+, col \d+/)
  })

  test('line numbers stay right after a stripped shebang', () => {
    const file = fixture('errors', 'shebang-syntax-error.js')
    expectSyntaxErrorAsNode(file, file)
  })

  test('a load-time throw reaches the caller with its class and message', () => {
    const file = fixture('errors', 'throws-range-error.js')
    const node = nodeRequire(file).error
    const error = thrown(() => requireVM(file))
    expect(error).toBeInstanceOf(RangeError)
    expect(error).toMatchObject({ name: node.name, message: node.message })
  })

  test('a load-time throw two levels down keeps its class, and its own properties', () => {
    const file = fixture('errors', 'requires-throwing.js')
    expect(thrown(() => requireVM(file))).toBeInstanceOf(RangeError)
    const coded = fixture('errors', 'throws-coded.js')
    const node = nodeRequire(coded).error
    const error = thrown(() => requireVM(coded))
    expect(error).toBeInstanceOf(TypeError)
    expect(error).toMatchObject({ message: node.message, code: node.code })
  })

  test('a missing module: MODULE_NOT_FOUND, Node\'s message and the require stack', () => {
    const error = thrown(() => requireVM('./fixtures/commonjs/missing/nope'))
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('MODULE_NOT_FOUND')
    expect(error.message).toBe(`Cannot find module './fixtures/commonjs/missing/nope'\nRequire stack:\n- ${__filename}`)
    expect(error.requireStack).toEqual([__filename])
  })

  test('a missing bare package required by the entry: the stack lists the entry, then the caller', () => {
    const file = fixture('missing', 'direct.js')
    const node = nodeRequire(file).error
    const error = thrown(() => requireVM(file))
    expect(error.code).toBe(node.code)
    expect(error.message.split('\n')[0]).toBe(node.message.split('\n')[0])
    expect(error.requireStack).toEqual([file, __filename])
  })

  test('a missing module two levels down: the stack lists each requiring file, then the caller', () => {
    const error = thrown(() => requireVM('./fixtures/commonjs/missing/entry.js'))
    const stack = [fixture('missing', 'child.js'), fixture('missing', 'entry.js'), __filename]
    expect(error.code).toBe('MODULE_NOT_FOUND')
    expect(error.message).toBe(`Cannot find module './does-not-exist'\nRequire stack:\n- ${stack.join('\n- ')}`)
    expect(error.requireStack).toEqual(stack)
  })
})

describe('contextObject', () => {
  test('after the call it holds module, exports, __filename, __dirname and every global the entry defined', () => {
    const file = fixture('context', 'defines-globals.js')
    const context = {}
    const result = requireVM(file, context)
    expect(context.__filename).toBe(file)
    expect(context.__dirname).toBe(path.dirname(file))
    expect(context.module.exports).toBe(result)
    expect(context.exports).toBe(result)
    expect(context.declared).toBe('var')
    expect(context.topLevelFunction()).toBe('function')
    expect(context.viaGlobalThis).toBe('globalThis')
    expect(context.undeclared).toBe('undeclared assignment')
  })

  test('the entry runs as a script in the global scope: its var is a global that required modules see', () => {
    const result = requireVM(fixture('context', 'defines-globals.js'))
    expect(result.thisIsGlobal).toBe(true)
    expect(result.child.declared).toBe('var')
  })

  test('its properties are globals of the module, host values seen live', () => {
    const context = { greeting: 'hello', shout: (word) => word.toUpperCase(), config: { level: 1 } }
    const result = requireVM(fixture('context', 'uses-context.js'), context)
    expect(result.greeting).toBe('hello, WORLD')
    expect(result.readConfig()).toBe(1)
    context.config.level = 2
    expect(result.readConfig()).toBe(2)
  })

  test('two calls with the same contextObject share one engine: globals and module cache', () => {
    const context = {}
    expect(requireVM(fixture('context', 'sets-global.js'), context)).toBe(1)
    const second = requireVM(fixture('context', 'reads-global.js'), context)
    expect(second.setByFirst).toBe('first')
    expect(second.loads).toBe(2)
    expect(second.cached).toEqual(expect.arrayContaining(['sets-global.js', 'counter.js', 'reads-global.js']))
  })

  test('a second call with the same contextObject works after the first declared top-level var and function', () => {
    const context = {}
    expect(requireVM(fixture('context', 'declares-var.js'), context)).toBe(1)
    expect(requireVM(fixture('context', 'reads-global.js'), context).loads).toBe(2)
    expect(context.declaredByFirst).toBe('first')
    expect(context.functionOfFirst()).toBe('first')
  })

  test('different contextObjects are different engines', () => {
    requireVM(fixture('context', 'sets-global.js'), {})
    const second = requireVM(fixture('context', 'reads-global.js'), {})
    expect(second.setByFirst).toBe('not seen')
    expect(second.loads).toBe(1)
  })

  test('an entry with a top-level return still loads, as Node loads it', () => {
    const file = fixture('context', 'top-level-return.js')
    expect(requireVM(file)).toEqual(nodeRequire(file).exports)
    expect(requireVM(file)).toEqual({ early: true })
  })
})
