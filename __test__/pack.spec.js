// The package as npm ships it: `npm pack` makes a tarball that installs into a fresh project
// (its runtime dependencies from the registry) and works there, with the addon built for this
// platform inside it.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.join(__dirname, '..')
const { name, napi } = require('../package.json')

// What the child npm must not inherit from an `npm test` run: `npm_config_local_prefix` and the
// like would point it back at this repository.
function cleanEnv() {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_PATH' || key === 'NODE_OPTIONS') continue
    env[key] = value
  }
  return env
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    shell: process.platform === 'win32',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

// The module the fresh project loads through the package: a relative require, a built-in that
// runs inside the engine from our dependencies (events), and a host built-in (os).
const GUEST = `
const { EventEmitter } = require('events')
const os = require('os')
const { twice } = require('./helper')
class Bus extends EventEmitter {}
exports.relay = (value) => {
  const bus = new Bus()
  let seen
  bus.on('value', (v) => { seen = twice(v) })
  bus.emit('value', value)
  return seen
}
exports.platform = os.platform()
exports.file = __filename
`

const MAIN = `
const requireVM = require(${JSON.stringify(name)})
const guest = requireVM('./guest.js')
const result = {
  packageFile: require.resolve(${JSON.stringify(name)}),
  relay: guest.relay(21),
  platform: guest.platform,
  file: guest.file,
  aliases: requireVM.requireVM === requireVM && requireVM.requireVm === requireVM && requireVM.default === requireVM,
  liveEngines: requireVM.stats().liveEngines,
  disposed: requireVM.dispose(guest),
}
process.stdout.write(JSON.stringify(result))
`

let workDir

beforeAll(() => {
  workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-rs-pack-')))
})

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true })
})

test('npm pack makes a tarball that installs into a fresh project and loads a module there', () => {
  // --ignore-scripts: `prepare` would rebuild the addon; the tarball takes the one built here.
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], root))
  const tarball = path.join(workDir, packed[0].filename)
  const shipped = packed[0].files.map((file) => file.path)

  expect(shipped).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'binding.js', 'package.json', 'README.md']))
  const built = fs.readdirSync(root).filter((file) => file.startsWith(`${napi.binaryName}.`) && file.endsWith('.node'))
  expect(built.length).toBeGreaterThan(0)
  expect(shipped).toEqual(expect.arrayContaining(built))
  // Nothing of the development tree: sources, tests, platform packages, build output.
  expect(shipped.filter((file) => /^(__test__|target|npm|bench|examples|patches|scripts|node_modules)\//.test(file))).toEqual([])

  const project = path.join(workDir, 'project')
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true }))
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project)

  fs.writeFileSync(path.join(project, 'guest.js'), GUEST)
  fs.writeFileSync(path.join(project, 'helper.js'), 'exports.twice = (n) => n * 2\n')
  fs.writeFileSync(path.join(project, 'main.js'), MAIN)
  const result = JSON.parse(run(process.execPath, ['main.js'], project))

  expect(result).toEqual({
    packageFile: path.join(project, 'node_modules', name, 'index.js'),
    relay: 42,
    platform: os.platform(),
    file: path.join(project, 'guest.js'),
    aliases: true,
    liveEngines: 1,
    disposed: true,
  })
}, 180_000)
