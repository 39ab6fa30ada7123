'use strict'
// The language as Node parses and runs it, where Boa differed on real code (issue 15): the
// contextual keywords as identifiers, sort with comparators that are not a total order, and
// object rest elements that are not last. Node itself (in a child process) is the oracle.
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const fc = require('fast-check')
const requireVM = require('..')
const { thrown } = require('./helpers')

const fixture = (...parts) => path.join(__dirname, 'fixtures', 'language', ...parts)

// Node's `require(file)`: the exports as JSON, or the error's class.
const ORACLE = `
  try { process.stdout.write(JSON.stringify({ exports: require(process.argv[1]) })) }
  catch (error) { process.stdout.write(JSON.stringify({ error: error.name })) }
`
const nodeRequire = (file) => JSON.parse(execFileSync(process.execPath, ['-e', ORACLE, file], { encoding: 'utf8' }))
const plain = (value) => JSON.parse(JSON.stringify(value))

describe('contextual keywords are identifiers where Node takes them as such', () => {
  test.each(['using.js', 'using-statement-start.js', 'async-let-of.js', 'async-call.js'])('%s', (name) => {
    const file = fixture('contextual-keywords', name)
    const node = nodeRequire(file)
    expect(node.error).toBeUndefined()
    expect(plain(requireVM(file))).toEqual(node.exports)
  })
})

test('sort with a comparator that is not a total order gives a permutation, as in Node', () => {
  const file = fixture('sort-comparators.js')
  const ours = plain(requireVM(file))
  expect(ours).toEqual(nodeRequire(file).exports)
  expect(ours.shuffledIsPermutation && ours.typedIsPermutation).toBe(true)
})

test('Array.prototype.push takes the spec\'s steps wherever appending would differ, as in Node', () => {
  const file = fixture('array-push.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

test('built-ins that answer common calls on a short path give Node\'s answers on and off it', () => {
  const file = fixture('leaf-builtins.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

test('a property read again after its prototype or its object changed gives Node\'s answer', () => {
  const file = fixture('cached-reads.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

test('a typed array\'s length, read again after the built-ins it depends on changed, gives Node\'s answer', () => {
  const file = fixture('typed-array-length.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

// Random programs, each run in a fresh engine and in Node (the same fixture, here): the guest's
// trace must be Node's. `operand` draws an operation's arguments. Programs are long: most stale
// caches need a site warmed, then a change, then the site again.
function sameAsNode(name, operand, numRuns) {
  const file = fixture(name)
  const node = require(file)
  const operation = fc.tuple(fc.constantFrom(...node.OPERATIONS), ...operand)
  fc.assert(
    fc.property(fc.array(operation, { minLength: 1, maxLength: 120, size: 'max' }), (ops) => {
      const program = JSON.stringify(ops)
      expect(Array.from(requireVM(file).run(program))).toEqual(node.run(program))
    }),
    { numRuns },
  )
}

// The class of bug behind cached-reads.js: what an engine keeps about a site or a shape (inline
// caches, shape transitions) wrong once the objects have changed. Reads, writes and changes over
// one prototype chain (and an array), each site run again and again, in a fresh engine each (a
// site seen with more than four shapes stops caching). Before engine patches 60 and 61, 15 to
// 23 in 1,000 of these programs differed from Node.
test('random changes to objects and their prototypes between runs of the same sites read as in Node', () => {
  // which object (grandparent, parent, two children, an array), which property name, a value
  sameAsNode('shape-ops.js', [fc.nat(4), fc.nat(4), fc.nat(9)], 400)
})

// The string representations Boa keeps (ropes, slices, Latin-1 and UTF-16) and its fast paths
// (`repeat`, `indexOf`, `charCodeAt`'s leaf) against random builds and reads.
test('random string building and reading gives Node\'s strings', () => {
  sameAsNode('string-ops.js', [fc.nat(40), fc.nat(40), fc.nat(9)], 150)
})

// Dense arrays and their fast paths (`push` in place, indexed reads) against holes, deletes,
// read-only and accessor elements, length changes and freezing.
test('random array changes and reads give Node\'s arrays', () => {
  sameAsNode('array-ops.js', [fc.nat(4), fc.nat(7), fc.nat(10)], 150)
})

// Typed arrays: indexed access, `length` through a warm site, resizable buffers, shared views.
test('random typed array changes and reads give Node\'s typed arrays', () => {
  sameAsNode('typed-ops.js', [fc.nat(5), fc.nat(10), fc.nat(10)], 150)
})

test('object literal properties and static fields are defined as in Node', () => {
  const file = fixture('object-literals.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

test('identifiers in scopes of many bindings resolve as in Node', () => {
  const file = fixture('wide-scopes.js')
  expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
})

// Node rejects the file with a SyntaxError; so must we, naming the file.
function expectSyntaxErrorLikeNode(name) {
  const file = fixture(name)
  expect(nodeRequire(file).error).toBe('SyntaxError')
  const error = thrown(() => requireVM(file))
  expect(error).toBeInstanceOf(SyntaxError)
  expect(error.message).toContain(file)
}

test.each(['async-arrow-await-param.js', 'async-arrow-line-break.js', 'async-arrow-strict-rest.js'])(
  'an async arrow head that is not one (%s) is a SyntaxError, as in Node',
  expectSyntaxErrorLikeNode,
)

test('an operand is the value it had when evaluated, even when what follows assigns it, as in Node', () => {
  // Locals read by an operation after the expression to their right: `x + (x = 5)` is 6.
  const file = fixture('evaluation-order.js')
  const ours = plain(requireVM(file))
  expect(ours).toEqual(nodeRequire(file).exports)
  expect(ours.locals.sum).toBe(6)
})

test('parameters, return values and call results as in Node, in every shape of function', async () => {
  const file = fixture('calls-and-returns.js')
  const ours = plain(await requireVM(file)())
  const node = JSON.parse(execFileSync(process.execPath, ['-e',
    `require(process.argv[1])().then((r) => process.stdout.write(JSON.stringify(r)))`, file], { encoding: 'utf8' }))
  expect(ours).toEqual(node)
  expect(ours.sloppyArguments).toBe(9)
})

describe('an object rest element must be last', () => {
  test('{...r,} stays a valid literal, {...r} a valid pattern', () => {
    const file = fixture('object-rest.js')
    expect(plain(requireVM(file))).toEqual(nodeRequire(file).exports)
  })

  test.each(['object-rest-comma.js', 'object-rest-comma-for-of.js', 'object-rest-comma-nested.js'])(
    '%s is a SyntaxError naming the file',
    expectSyntaxErrorLikeNode,
  )
})

// A function's bytecode is made on its first call (issue 18), not at load: what Node reports
// at load must still be reported at load, and what a function shows must not depend on
// whether it ran.
describe('functions compiled on their first call', () => {
  const lazy = (name) => fixture('lazy', name)

  test('behave as in Node, called during the load, after it, or never', async () => {
    const file = lazy('functions.js')
    const oracle = `
      const m = require(process.argv[1])
      setImmediate(() => process.stdout.write(JSON.stringify(
        { results: m.results, later: m.later(4), laterSource: m.laterSource() })))
    `
    const node = JSON.parse(execFileSync(process.execPath, ['-e', oracle, file], { encoding: 'utf8' }))
    const m = requireVM(file)
    await new Promise((resolve) => setImmediate(resolve))
    expect({ results: plain(m.results), later: m.later(4), laterSource: m.laterSource() }).toEqual(node)
  })

  test.each([
    'lazy/unused-duplicate-let.js',
    'lazy/unused-let-var.js',
    'lazy/unused-bad-regex.js',
    'lazy/unused-static-block-return.js',
  ])('an early error in a function never called (%s) is a SyntaxError at load', expectSyntaxErrorLikeNode)

  test('a return outside any function is a SyntaxError at load, as in Node', () => {
    const file = lazy('top-level-return.mjs')
    const node = thrown(() => execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' }))
    expect(String(node.stderr)).toContain('SyntaxError')
    const error = thrown(() => requireVM(file))
    expect(error).toBeInstanceOf(SyntaxError)
    expect(error.message).toContain(file)
  })
})
