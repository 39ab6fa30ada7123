// Type tests for index.d.ts: checked by `tsc -p __test__/types --noEmit`, never run.
// Every export and option is used once as intended; `@ts-expect-error` marks misuse that the
// types must reject (tsc fails if such a line compiles).

import requireVM = require('../..')

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function assertType<A, B>(_proof: Equal<A, B>): void {}

// ---- the function, in each of its 1- to 5-argument forms ------------------------------------

const anyExports = requireVM('./math')
assertType<typeof anyExports, any>(true)

const math = requireVM<typeof import('./math')>('./math')
assertType<typeof math, typeof import('./math')>(true)
const answer: number = math.answer
assertType<ReturnType<typeof math.double>, number>(true)
const counter: number = new math.Counter().increment()

const context: requireVM.ContextObject = { setTimeout }
requireVM('./a.js', context)
const entryExports: unknown = context.exports
const entryFile: string | undefined = context.__filename
const entryDir: string | undefined = context.__dirname
const moduleObject = context.module
const definedGlobal: any = context.someGlobalTheModuleDefined
requireVM('./a.js', {})
requireVM('./a.js', null)
requireVM('./a.js', undefined)

requireVM('./a.js', {}, {})
requireVM('./a.js', {}, { paths: [__dirname] })
requireVM('./a.js', {}, { filename: 'entry.js' })
requireVM('./a.js', {}, { timeout: 100 })
requireVM('./a.js', {}, { memoryLimit: 64 })
requireVM('./a.js', {}, { builtins: true })
requireVM('./a.js', {}, { builtins: ['path', 'events', 'node:util'] })
const readonlyBuiltins = ['path'] as const
requireVM('./a.js', {}, { builtins: readonlyBuiltins })
const allOptions: requireVM.Options = {
  paths: ['/srv/app'],
  filename: 'shown-in-stacks.js',
  timeout: 1000,
  memoryLimit: 256,
  builtins: ['path'],
}
requireVM('./a.js', undefined, allOptions)

const fakeFs = { readFileSync: (file: string) => `contents of ${file}` }
const fs = requireVM<typeof fakeFs>('fs', {}, {}, { fs: fakeFs })
assertType<typeof fs, typeof fakeFs>(true)
const moduleMap: requireVM.ModuleMap = { fs: fakeFs, './config.json': { port: 80 } }
requireVM('./a.js', {}, {}, moduleMap)
requireVM('./a.js', undefined, undefined, moduleMap)

requireVM('./a.js', {}, {}, {}, true)
requireVM('./a.js', {}, {}, {}, false)
requireVM<{ leak(): number }>('./leaky.js', {}, {}, {}, true).leak()

// ---- the aliases ----------------------------------------------------------------------------

assertType<typeof requireVM.requireVM, requireVM.RequireVM>(true)
assertType<typeof requireVM.requireVm, requireVM.RequireVM>(true)
assertType<typeof requireVM.default, requireVM.RequireVM>(true)
const viaAlias: number = requireVM.requireVm<typeof import('./math')>('./math').answer
const viaDefault: number = requireVM.default<typeof import('./math')>('./math').double(2)
const viaOtherAlias = requireVM.requireVM('./a.js', {}, {}, {}, false)

// ---- RequireVmModule ------------------------------------------------------------------------

const { RequireVmModule } = requireVM
const engine = new RequireVmModule(__filename, {}, { timeout: 100, builtins: ['path'] }, { fs: fakeFs }, true)
const loaded = engine.requireVm<typeof import('./math')>('./math')
assertType<typeof loaded, typeof import('./math')>(true)
const sameEngine: number = engine.requireVM<typeof import('./math')>('./math').answer
const anyLoaded = engine.requireVm('./a.js')
assertType<typeof anyLoaded, any>(true)
const freed: boolean = engine.dispose()
const typedInstance: requireVM.RequireVmModule = new requireVM.RequireVmModule()
new RequireVmModule(null)
new RequireVmModule(undefined, null)
new RequireVmModule('/srv/app/main.js', undefined, undefined, undefined, false)
const isInstance: boolean = typedInstance instanceof requireVM.RequireVmModule
class MyEngine extends RequireVmModule {
  loadMath() {
    return this.requireVm<typeof import('./math')>('./math')
  }
}
const subclassed: number = new MyEngine(__filename).loadMath().answer

// ---- dispose and stats ----------------------------------------------------------------------

const disposed: boolean = requireVM.dispose(math)
requireVM.dispose(context)
requireVM.dispose(engine)
requireVM.dispose(undefined)
requireVM.dispose(42)

const stats: requireVM.RequireVmStats = requireVM.stats()
const liveEngines: number = stats.liveEngines
const addonBytes: number = stats.addonBytes
const pendingFinalizers: boolean = stats.pendingFinalizers
requireVM.stats({})
requireVM.stats({ collect: true })
const collected: number = requireVM.stats({ collect: true }).liveEngines

// ---- errors ---------------------------------------------------------------------------------

try {
  requireVM('./a.js', {}, { timeout: 10 })
} catch (error) {
  const { code } = error as requireVM.RequireVmError
  if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || code === 'ERR_REQUIRE_VM_MEMORY_LIMIT') {
    const message: string = (error as requireVM.RequireVmError).message
  }
}

// ---- misuse the types reject ----------------------------------------------------------------

// @ts-expect-error request is required
requireVM()
// @ts-expect-error request must be a string
requireVM(42)
// @ts-expect-error contextObject must be an object
requireVM('./a.js', 'context')
// @ts-expect-error options must be an object
requireVM('./a.js', {}, 'options')
// @ts-expect-error options is not nullable (index.js throws ERR_INVALID_ARG_TYPE)
requireVM('./a.js', {}, null)
// @ts-expect-error timeout is a number of milliseconds
requireVM('./a.js', {}, { timeout: '100' })
// @ts-expect-error memoryLimit is a number of MiB
requireVM('./a.js', {}, { memoryLimit: '64MB' })
// @ts-expect-error builtins is true or a list of names; false is not accepted
requireVM('./a.js', {}, { builtins: false })
// @ts-expect-error builtins lists names, not a single name
requireVM('./a.js', {}, { builtins: 'path' })
// @ts-expect-error paths is a list of directories
requireVM('./a.js', {}, { paths: '/srv/app' })
// @ts-expect-error filename is a string
requireVM('./a.js', {}, { filename: 1 })
// @ts-expect-error unknown options are typos
requireVM('./a.js', {}, { timout: 100 })
// @ts-expect-error moduleMap must be an object
requireVM('./a.js', {}, {}, 'fs')
// @ts-expect-error isCache is a boolean
requireVM('./a.js', {}, {}, {}, 'yes')
// @ts-expect-error there is no sixth argument
requireVM('./a.js', {}, {}, {}, true, 1)
// @ts-expect-error a typed result is checked
const wrong: string = requireVM<typeof import('./math')>('./math').answer
// @ts-expect-error RequireVmModule is a class, not a function
RequireVmModule(__filename)
// @ts-expect-error filename is a path
new RequireVmModule(42)
// @ts-expect-error requireVm takes one request
engine.requireVm()
// @ts-expect-error requireVm takes a string
engine.requireVm(['./a.js'])
// @ts-expect-error RequireVmModule has no createRequireVm (require-vm's internal helper)
engine.createRequireVm('./a.js')
// @ts-expect-error dispose takes the value to free
requireVM.dispose()
// @ts-expect-error dispose returns a boolean
const notAString: string = requireVM.dispose(math)
// @ts-expect-error collect is a boolean
requireVM.stats({ collect: 'yes' })
// @ts-expect-error stats has no such figure
requireVM.stats().heapBytes
// @ts-expect-error the aliases are read-only
requireVM.requireVm = requireVM
// @ts-expect-error the stats figures are typed
const notANumber: string = requireVM.stats().liveEngines

export {}
