// The same package seen through an ES `import` (TypeScript with esModuleInterop, or Node's ESM
// loader): the default import is the function itself.
import requireVM from '../..'
import requireVMAgain = require('../..')

const math = requireVM<typeof import('./math')>('./math')
const answer: number = math.answer
const same: typeof requireVMAgain = requireVM
const { RequireVmModule, dispose, stats } = requireVM
const engine = new RequireVmModule(__filename)
const freed: boolean = dispose(engine)
const live: number = stats().liveEngines
const options: requireVM.Options = { builtins: ['path'] }

export {}
