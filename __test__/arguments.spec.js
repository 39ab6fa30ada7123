// Invalid arguments throw a TypeError with code ERR_INVALID_ARG_TYPE or ERR_INVALID_ARG_VALUE,
// before any engine is made.
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const requireVM = require('..')
const { thrown } = require('./helpers')

const { RequireVmModule } = requireVM
const OK = './fixtures/arguments/ok.js'
const TYPE = 'ERR_INVALID_ARG_TYPE'
const VALUE = 'ERR_INVALID_ARG_VALUE'
const EITHER = [TYPE, VALUE]

const liveEngines = () => requireVM.stats().liveEngines

// [what is wrong, the arguments, the code (or the codes that both fit)]
const BAD_CALLS = [
  ['request is undefined', [undefined], TYPE],
  ['request is null', [null], TYPE],
  ['request is a number', [42], TYPE],
  ['request is a boolean', [true], TYPE],
  ['request is an object', [{}], TYPE],
  ['request is an array', [[OK]], TYPE],
  ['request is a function', [() => OK], TYPE],
  ['request is a symbol', [Symbol('ok')], TYPE],
  ['request is empty', [''], VALUE],
  ['contextObject is a number', [OK, 42], TYPE],
  ['contextObject is a string', [OK, 'context'], TYPE],
  ['contextObject is a boolean', [OK, true], TYPE],
  ['contextObject is a symbol', [OK, Symbol('context')], TYPE],
  ['options is null', [OK, {}, null], TYPE],
  ['options is a number', [OK, {}, 42], TYPE],
  ['options is a string', [OK, {}, 'options'], TYPE],
  ['options is a boolean', [OK, {}, true], TYPE],
  ['options.paths is a string', [OK, {}, { paths: __dirname }], TYPE],
  ['options.paths holds a number', [OK, {}, { paths: [__dirname, 42] }], TYPE],
  ['options.paths is an object', [OK, {}, { paths: { 0: __dirname } }], TYPE],
  ['options.filename is a number', [OK, {}, { filename: 42 }], TYPE],
  ['options.filename is an object', [OK, {}, { filename: {} }], TYPE],
  ['options.timeout is a string', [OK, {}, { timeout: '100' }], TYPE],
  ['options.timeout is negative', [OK, {}, { timeout: -1 }], VALUE],
  ['options.timeout is zero', [OK, {}, { timeout: 0 }], VALUE],
  ['options.timeout is NaN', [OK, {}, { timeout: NaN }], VALUE],
  ['options.timeout is Infinity', [OK, {}, { timeout: Infinity }], VALUE],
  ['options.memoryLimit is a string', [OK, {}, { memoryLimit: '64' }], TYPE],
  ['options.memoryLimit is negative', [OK, {}, { memoryLimit: -64 }], VALUE],
  ['options.memoryLimit is zero', [OK, {}, { memoryLimit: 0 }], VALUE],
  ['options.memoryLimit is NaN', [OK, {}, { memoryLimit: NaN }], VALUE],
  ['options.builtins is false', [OK, {}, { builtins: false }], EITHER],
  ['options.builtins is null', [OK, {}, { builtins: null }], EITHER],
  ['options.builtins is a string', [OK, {}, { builtins: 'path' }], TYPE],
  ['options.builtins is a number', [OK, {}, { builtins: 1 }], TYPE],
  ['options.builtins is an object', [OK, {}, { builtins: { path: true } }], TYPE],
  ['options.builtins holds a number', [OK, {}, { builtins: ['path', 42] }], EITHER],
  ['moduleMap is a number', [OK, {}, {}, 42], TYPE],
  ['moduleMap is a string', [OK, {}, {}, 'fs'], TYPE],
  ['moduleMap is a boolean', [OK, {}, {}, true], TYPE],
  ['isCache is a string', [OK, {}, {}, {}, 'yes'], TYPE],
  ['isCache is a number', [OK, {}, {}, {}, 1], TYPE],
  ['isCache is null', [OK, {}, {}, {}, null], TYPE],
  ['isCache is an object', [OK, {}, {}, {}, {}], TYPE],
]

function expectInvalidArgument(call, code) {
  const before = liveEngines()
  const error = thrown(call)
  expect(error).toBeInstanceOf(TypeError)
  expect(Array.isArray(code) ? code : [code]).toContain(error.code)
  expect(liveEngines()).toBeLessThanOrEqual(before)
}

describe('requireVM(request, contextObject, options, moduleMap, isCache)', () => {
  test('a valid call makes an engine (so the engine count below can tell)', () => {
    const before = liveEngines()
    const exports = requireVM(OK, {}, { paths: [__dirname] }, {}, false)
    expect(exports.ok).toBe(true)
    expect(liveEngines()).toBe(before + 1)
  })

  test('null and undefined contextObject, and omitted arguments, are the defaults', () => {
    expect(requireVM(OK).ok).toBe(true)
    expect(requireVM(OK, null).ok).toBe(true)
    expect(requireVM(OK, undefined, undefined, undefined, undefined).ok).toBe(true)
  })

  test.each(BAD_CALLS)('%s: TypeError, and no engine is made', (_, args, code) => {
    expectInvalidArgument(() => requireVM(...args), code)
  })

  test('the message names the argument', () => {
    expect(thrown(() => requireVM(42)).message).toMatch(/request/)
    expect(thrown(() => requireVM(OK, {}, { timeout: -1 })).message).toMatch(/timeout/)
    expect(thrown(() => requireVM(OK, {}, {}, {}, 'yes')).message).toMatch(/isCache/)
  })
})

describe('RequireVmModule', () => {
  const file = path.join(__dirname, 'fixtures', 'arguments', 'ok.js')

  test.each([
    ['filename is a number', [42], TYPE],
    ['filename is an object', [{}], TYPE],
    ['contextObject is a number', [file, 42], TYPE],
    ['options is a string', [file, {}, 'options'], TYPE],
    ['options.timeout is negative', [file, {}, { timeout: -1 }], VALUE],
    ['options.builtins is a string', [file, {}, { builtins: 'path' }], TYPE],
    ['moduleMap is a number', [file, {}, {}, 42], TYPE],
    ['isCache is a string', [file, {}, {}, {}, 'yes'], TYPE],
  ])('new RequireVmModule: %s: TypeError, and no engine is made', (_, args, code) => {
    expectInvalidArgument(() => new RequireVmModule(...args), code)
  })

  test.each([
    ['request is a number', 42, TYPE],
    ['request is undefined', undefined, TYPE],
    ['request is empty', '', VALUE],
  ])('.requireVm: %s: TypeError', (_, request, code) => {
    const vm = new RequireVmModule(file)
    expectInvalidArgument(() => vm.requireVm(request), code)
    expect(vm.requireVm(file).ok).toBe(true)
  })
})

test('require() inside the engine checks its argument as Node\'s require does', () => {
  const file = path.join(__dirname, 'fixtures', 'arguments', 'bad-require.js')
  const node = JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(file)}))`], { encoding: 'utf8' }))
  expect(requireVM(file)).toEqual(node)
})
