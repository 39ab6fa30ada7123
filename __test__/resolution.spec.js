// Resolution is Node's: the file requireVM loads for a request is the file Node's
// `require.resolve(request, { paths: [dir] })` names from the same directory. Node itself, run in a
// child process, is the oracle. Every JavaScript fixture exports its own `__filename`.
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const requireVM = require('..')
const { thrown } = require('./helpers')

const root = path.join(__dirname, 'fixtures', 'resolution')
const appDir = path.join(root, 'app')
const otherDir = path.join(root, 'other')
const requireFromApp = require('./fixtures/resolution/app/caller.js')
const requireFromOther = require('./fixtures/resolution/other/caller.js')

// What Node's own `require` does with each request from `from`: the resolved file and its exports
// (as JSON), or the error code.
const NODE_ORACLE = `
  const [from, ...requests] = process.argv.slice(1)
  const results = requests.map((request) => {
    try {
      const file = require.resolve(request, { paths: [from] })
      return { file, exports: require(file) }
    } catch (error) {
      return { code: error.code }
    }
  })
  process.stdout.write(JSON.stringify(results))
`
function nodeRequire(from, requests) {
  const output = execFileSync(process.execPath, ['-e', NODE_ORACLE, from, ...requests], { encoding: 'utf8' })
  return new Map(JSON.parse(output).map((result, i) => [requests[i], result]))
}

// [what it is, request], resolved from fixtures/resolution/app.
const TABLE = [
  ['relative', './x'],
  ['parent-relative', '../x'],
  ['relative into a subdirectory, with its extension', './sub/deep.js'],
  ['extension-less (.js)', './extensionless'],
  ['extension-less where both x.js and x.json exist (.js first)', './both'],
  ['extension-less (.json)', './data'],
  ['a .json file', './data.json'],
  ['an explicit .cjs file', './explicit.cjs'],
  ['an extension-less .cjs file (Node does not try .cjs)', './only-cjs'],
  ['a directory with index.js', './lib'],
  ['a bare package with main', 'main-pkg'],
  ['a file inside a bare package without exports', 'main-pkg/lib/entry'],
  ['a bare package with only index.js', 'index-pkg'],
  ['a bare package whose main is a .json file', 'json-main'],
  ['exports: the require condition, not import', 'exports-require'],
  ['exports: the node condition, not import', 'exports-node'],
  ['exports: the default condition, not import', 'exports-default'],
  ['exports: the first matching condition in key order (node before require)', 'exports-order'],
  ['exports: the "." entry', 'exports-subpath'],
  ['exports: a subpath with conditions', 'exports-subpath/feature'],
  ['exports: a subpath pattern', 'exports-subpath/utils/strings'],
  ['exports: an exported package.json', 'exports-subpath/package.json'],
  ['exports: a file the exports map does not expose', 'exports-subpath/lib/hidden.js'],
  ['a scoped package', '@scope/pkg'],
  ['a file inside a scoped package', '@scope/pkg/extra'],
  ['a package nobody has', 'no-such-package'],
  ['a relative file that does not exist', './no-such-file'],
]
const fromApp = nodeRequire(appDir, TABLE.map(([, request]) => request))

function expectParity(load, request, node) {
  if (node.code) {
    expect(thrown(() => load(request))).toMatchObject({ code: node.code })
  } else {
    expect(load(request)).toEqual(node.exports)
  }
}

describe('requireVM loads the file Node resolves', () => {
  test.each(TABLE)('%s: %s, from the calling file\'s directory', (_, request) => {
    expectParity(requireFromApp, request, fromApp.get(request))
  })

  test.each(TABLE)('%s: %s, with options.paths', (_, request) => {
    expectParity((r) => requireVM(r, {}, { paths: [appDir] }), request, fromApp.get(request))
  })

  test('the oracle tells the cases apart (the table is not trivially satisfied)', () => {
    const files = TABLE.map(([, request]) => fromApp.get(request).file).filter(Boolean)
    expect(new Set(files).size).toBeGreaterThan(15)
    expect(fromApp.get('exports-require').file).toBe(path.join(root, 'node_modules', 'exports-require', 'require.js'))
  })
})

describe('relative requests resolve from the directory of the file that called requireVM', () => {
  test('a helper in another directory gets the file next to itself, not next to the test', () => {
    expect(requireFromApp('./x').__filename).toBe(path.join(appDir, 'x.js'))
    expect(requireFromOther('./x').__filename).toBe(path.join(otherDir, 'x.js'))
  })

  test('the test file itself resolves from its own directory', () => {
    expect(requireVM('./fixtures/resolution/x.js').__filename).toBe(path.join(root, 'x.js'))
    expect(thrown(() => requireVM('./x'))).toMatchObject({ code: 'MODULE_NOT_FOUND' })
  })

  test('bare packages are looked up in node_modules from the caller up the tree', () => {
    const node = nodeRequire(__dirname, ['main-pkg']).get('main-pkg')
    expect(node.code).toBe('MODULE_NOT_FOUND')
    expect(thrown(() => requireVM('main-pkg'))).toMatchObject({ code: 'MODULE_NOT_FOUND' })
    expect(requireFromApp('main-pkg').__filename).toBe(fromApp.get('main-pkg').file)
  })

  test('an absolute request ignores the caller\'s directory', () => {
    const file = path.join(otherDir, 'x.js')
    expect(requireFromApp(file).__filename).toBe(file)
  })
})

describe('options.paths resolves as require.resolve(request, { paths }) does', () => {
  test('the first directory of paths that has the module wins', () => {
    const node = nodeRequire(otherDir, ['./x']).get('./x')
    expect(requireVM('./x', {}, { paths: [otherDir, appDir] })).toEqual(node.exports)
    expect(requireVM('./x', {}, { paths: [appDir, otherDir] }).__filename).toBe(path.join(appDir, 'x.js'))
  })

  test('a later directory is tried when the first does not have the module', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-paths-'))
    try {
      expect(requireVM('./extensionless', {}, { paths: [empty, appDir] }).__filename)
        .toBe(fromApp.get('./extensionless').file)
    } finally {
      fs.rmSync(empty, { recursive: true, force: true })
    }
  })

  test('paths replaces the caller\'s directory', () => {
    expect(thrown(() => requireVM('./fixtures/resolution/x.js', {}, { paths: [appDir] })))
      .toMatchObject({ code: 'MODULE_NOT_FOUND' })
  })
})

describe('symlinks resolve as Node resolves them', () => {
  let tmp
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-symlink-'))
    fs.mkdirSync(path.join(tmp, 'node_modules'))
    fs.symlinkSync(path.join(root, 'linked-target'), path.join(tmp, 'node_modules', 'linked'), 'dir')
  })
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

  test('a symlinked package loads from its real path, and its own requires resolve from there', () => {
    const node = nodeRequire(tmp, ['linked']).get('linked')
    expect(node.file).toBe(path.join(root, 'linked-target', 'index.js'))
    expect(requireVM('linked', {}, { paths: [tmp] })).toEqual(node.exports)
  })

  test('a symlinked file loads from its real path', () => {
    fs.symlinkSync(path.join(appDir, 'x.js'), path.join(tmp, 'link-to-x.js'))
    const node = nodeRequire(tmp, ['./link-to-x.js']).get('./link-to-x.js')
    expect(node.file).toBe(path.join(appDir, 'x.js'))
    expect(requireVM(path.join(tmp, 'link-to-x.js'))).toEqual(node.exports)
  })
})

// Resolution is cached as Node caches it: what resolved stays resolved for the process; what did
// not is looked for again, so a module or package written after a miss is found.
describe('the resolution cache', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-resolution-cache-'))
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

  test('a package written after a failed require is found by the next one, from the guest too', () => {
    const entry = path.join(tmp, 'entry.js')
    fs.writeFileSync(entry, "module.exports = () => require('late-package').answer\n")
    expect(thrown(() => requireVM(entry)())).toMatchObject({ code: 'MODULE_NOT_FOUND' })
    const dir = path.join(tmp, 'node_modules', 'late-package')
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'late-package', main: 'lib/main.js' }))
    fs.writeFileSync(path.join(dir, 'lib', 'main.js'), 'exports.answer = 42\n')
    expect(requireVM(entry)()).toBe(42)
    expect(requireVM('late-package', {}, { paths: [tmp] }).answer).toBe(42)
  })

  test('a file that resolved is loaded with its current contents', () => {
    const file = path.join(tmp, 'changing.js')
    fs.writeFileSync(file, 'module.exports = 1\n')
    expect(requireVM(file)).toBe(1)
    fs.writeFileSync(file, 'module.exports = 2 // longer, so the stamp changes\n')
    expect(requireVM(file)).toBe(2)
  })
})
