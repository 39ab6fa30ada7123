// The package as npm ships it, the napi-rs way: the root package (JavaScript, types, no binary)
// and, for this platform, the package under npm/<platform> holding the addon, which the root
// package names in `optionalDependencies` and binding.js requires. Both tarballs install into a
// fresh project (runtime dependencies from the registry) and work there.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.join(__dirname, '..')
const { name, version, napi } = require('../package.json')

// This host's `platformArchABI`, as binding.js and napi-rs name it (linux-x64-gnu, darwin-arm64…).
function platformArchABI() {
  const { platform, arch } = process
  if (platform === 'win32') return `${platform}-${arch}-msvc`
  if (platform === 'linux') {
    const glibc = process.report.getReport().header.glibcVersionRuntime
    return `${platform}-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  return `${platform}-${arch}`
}

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
  bindingFile: Object.keys(require.cache).find((file) => file.endsWith('.node')),
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

function pack(dir) {
  // --ignore-scripts: the root's `prepare` would rebuild the addon; we ship the one built here.
  const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], dir))
  return { tarball: path.join(workDir, packed.filename), files: packed.files.map((file) => file.path) }
}

test('npm pack makes tarballs that install into a fresh project and load a module there', () => {
  const rootPackage = pack(root)
  expect(rootPackage.files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'lib/realm.js', 'binding.js', 'package.json', 'README.md']))
  // No binary in the root package (napi artifacts copies every platform's into the root before
  // publishing), and nothing of the development tree.
  expect(rootPackage.files.filter((file) => file.endsWith('.node'))).toEqual([])
  expect(rootPackage.files.filter((file) => /^(__test__|target|npm|bench|examples|patches|scripts|node_modules)\//.test(file))).toEqual([])

  // The platform package, staged as `napi artifacts` fills it: its package.json and the addon.
  const abi = platformArchABI()
  const binary = `${napi.binaryName}.${abi}.node`
  const platformDir = path.join(root, 'npm', abi)
  const platformManifest = JSON.parse(fs.readFileSync(path.join(platformDir, 'package.json'), 'utf8'))
  expect(platformManifest).toMatchObject({ name: `${name}-${abi}`, version, main: binary, files: [binary] })
  expect(fs.existsSync(path.join(root, binary))).toBe(true)
  const staged = path.join(workDir, abi)
  fs.cpSync(platformDir, staged, { recursive: true })
  fs.copyFileSync(path.join(root, binary), path.join(staged, binary))
  const platformPackage = pack(staged)
  expect(platformPackage.files).toEqual(expect.arrayContaining(['package.json', binary]))

  const project = path.join(workDir, 'project')
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true }))
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', platformPackage.tarball, rootPackage.tarball], project)

  fs.writeFileSync(path.join(project, 'guest.js'), GUEST)
  fs.writeFileSync(path.join(project, 'helper.js'), 'exports.twice = (n) => n * 2\n')
  fs.writeFileSync(path.join(project, 'main.js'), MAIN)
  const result = JSON.parse(run(process.execPath, ['main.js'], project))

  expect(result).toEqual({
    packageFile: path.join(project, 'node_modules', name, 'index.js'),
    bindingFile: path.join(project, 'node_modules', `${name}-${abi}`, binary),
    relay: 42,
    platform: os.platform(),
    file: path.join(project, 'guest.js'),
    aliases: true,
    liveEngines: 1,
    disposed: true,
  })
}, 180_000)
