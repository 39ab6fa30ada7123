// An engine lives while its contextObject or any proxy of it is reachable, and is freed when none
// is; the identity maps keep nothing alive. Prints what it observed as one JSON line.
//   node --expose-gc lifetime-drop.js
'use strict'
const path = require('node:path')
const requireVM = require('../..')
const { settle, report } = require('./_measure')

const file = path.join(__dirname, '..', 'fixtures', 'lifetime', 'engine.js')
const live = () => requireVM.stats().liveEngines

async function main() {
  const figures = { before: live() }

  // oxlint-disable-next-line no-unused-vars -- held, then dropped: the engine's lifetime is measured
  let m = requireVM(file)
  figures.whileHeld = live()
  m = null
  await settle()
  figures.afterDroppingExports = live()

  let nested = requireVM(file).state.nested
  await settle()
  figures.whileOnlyANestedProxyIsHeld = live()
  figures.nestedStillWorks = nested.deep[2] === 3
  nested = null
  await settle()
  figures.afterDroppingTheNestedProxy = live()

  let add = requireVM(file).add
  await settle()
  figures.whileOnlyAFunctionIsHeld = live()
  figures.functionStillWorks = add(1, 2) === 3
  add = null
  await settle()
  figures.afterDroppingTheFunction = live()

  let context = {}
  requireVM(file, context)
  await settle()
  figures.whileOnlyTheContextIsHeld = live()
  figures.contextStillWorks = context.exports.add(2, 2) === 4
  context = null
  await settle()
  figures.afterDroppingTheContext = live()

  // Host objects the guest saw and dropped are not pinned by the bridge.
  const engine = requireVM(file)
  const refs = passHostObjects(engine, 10000)
  await settle()
  requireVM.stats({ collect: true })
  await settle()
  figures.hostObjectsPassed = refs.length
  figures.hostObjectsStillAlive = refs.filter((ref) => ref.deref() !== undefined).length
  figures.engineStillWorks = engine.add(1, 1) === 2
  // That call passed no host value in: the bridge still lets go of what the guest dropped.
  await settle()
  figures.hostObjectsAliveAfterACall = refs.filter((ref) => ref.deref() !== undefined).length

  report(figures)
}
// In a function of its own: a suspended async frame keeps its locals (the last object) alive.
function passHostObjects(engine, count) {
  const refs = []
  for (let i = 0; i < count; i++) {
    const object = { i, payload: Array.from({ length: 100 }, () => i) }
    refs.push(new WeakRef(object))
    engine.call((x) => x.i, object)
  }
  return refs
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
