// SPEC "Marshalling" (last paragraph) and issue 3 "Lifetime and memory": proxies hold their
// engine alive; when the host drops every proxy (and the contextObject) the engine is freed, also
// inside a synchronous loop that never yields; dispose(value) frees it now, and later use of any
// of its proxies throws ERR_REQUIRE_VM_DISPOSED. Memory cases run in child processes
// (__test__/children/, with --expose-gc) that print their figures as JSON.
const path = require('node:path')
const util = require('node:util')
const requireVM = require('..')
const { thrown, settledLiveEngines, runChild } = require('./helpers')

const { RequireVmModule } = requireVM
const ENGINE = path.join(__dirname, 'fixtures', 'lifetime', 'engine.js')

// (Whether the error belongs to the caller's realm is its own test below.)
function expectDisposedError(fn) {
  const error = thrown(fn)
  expect(util.types.isNativeError(error) && error.code).toBe('ERR_REQUIRE_VM_DISPOSED')
}

describe('dispose(value)', () => {
  test('frees the engine behind any of its proxies: true, then false', () => {
    const m = requireVM(ENGINE)
    const nested = m.state.nested
    const before = settledLiveEngines(requireVM)
    expect(requireVM.dispose(nested)).toBe(true)
    expect(requireVM.stats().liveEngines).toBe(before - 1)
    expect(requireVM.dispose(nested)).toBe(false)
    expect(requireVM.dispose(m)).toBe(false)
    expect(requireVM.stats().liveEngines).toBe(before - 1)
  })

  test.each([
    ['the exports', (m) => m],
    ['a function', (m) => m.add],
    ['a class', (m) => m.Thing],
    ['an array', (m) => m.list],
    ['a Map', (m) => m.map],
  ])('%s: dispose returns true the first time and false after', (_, pick) => {
    const m = requireVM(ENGINE)
    const value = pick(m)
    expect(requireVM.dispose(value)).toBe(true)
    expect(requireVM.dispose(value)).toBe(false)
  })

  test('an external of another type (the realm the engines are made with) is answered false, never reinterpreted', () => {
    // The only externals JavaScript can reach are ours; the realm's is one that is not an engine
    // handle. Read as one, dispose would free it and the next load would crash.
    const { realm } = require('../lib/realm.js')
    const before = settledLiveEngines(requireVM)
    expect(requireVM.dispose(realm)).toBe(false)
    expect(requireVM.dispose(realm)).toBe(false)
    expect(requireVM.stats().liveEngines).toBe(before)
    const m = requireVM(ENGINE)
    expect(m.add(1, 2)).toBe(3)
  })

  test('its contextObject frees it too', () => {
    const context = {}
    const m = requireVM(ENGINE, context)
    const before = settledLiveEngines(requireVM)
    expect(requireVM.dispose(context)).toBe(true)
    expect(requireVM.stats().liveEngines).toBe(before - 1)
    expect(requireVM.dispose(context)).toBe(false)
    expect(requireVM.dispose(m)).toBe(false)
    expectDisposedError(() => m.add(1, 2))
  })

  test('a RequireVmModule frees its engine', () => {
    const engine = new RequireVmModule(ENGINE)
    const m = engine.requireVm(ENGINE)
    expect(m.add(1, 2)).toBe(3)
    expect(requireVM.dispose(engine)).toBe(true)
    expect(engine.dispose()).toBe(false)
    expectDisposedError(() => m.add(1, 2))
  })

  test('a value that never came from an engine: false', () => {
    for (const value of [{}, [], () => {}, 1, 'x', null, undefined]) expect(requireVM.dispose(value)).toBe(false)
  })

  test('disposing one engine leaves the others alone', () => {
    const a = requireVM(ENGINE)
    const b = requireVM(ENGINE)
    requireVM.dispose(a)
    expect(b.add(1, 2)).toBe(3)
    expect(b.state.nested.deep).toEqual([1, 2, 3])
  })
})

describe('use after dispose throws ERR_REQUIRE_VM_DISPOSED', () => {
  const m = requireVM(ENGINE)
  const { state, list, map, add, Thing } = m
  const nested = state.nested
  requireVM.dispose(m)

  test.each([
    ['reading a property', () => state.count],
    ['reading a nested proxy', () => nested.deep],
    ['writing a property', () => { state.count = 1 }],
    ['deleting a property', () => delete state.count],
    ['`in`', () => 'count' in state],
    ['Object.keys', () => Object.keys(state)],
    ['an array\'s length', () => list.length],
    ['a Map method', () => map.get('k')],
    ['calling a function', () => add(1, 2)],
    ['`new` on a class', () => new Thing(1)],
    ['a static read', () => Thing.name],
    ['the exports object', () => m.add],
  ])('%s', (_, use) => {
    expectDisposedError(use)
  })

  test('the error is an Error of the caller\'s realm (toThrow(Error) and instanceof work under Jest)', () => {
    const error = thrown(() => add(1, 2))
    expect(error).toBeInstanceOf(Error)
    expect(() => state.count).toThrow(Error)
    expect(error.message).toMatch(/dispos/)
  })

  test('the engine is gone from stats, and new engines work', () => {
    const before = settledLiveEngines(requireVM)
    const fresh = requireVM(ENGINE)
    expect(requireVM.stats().liveEngines).toBe(before + 1)
    expect(fresh.add(2, 3)).toBe(5)
  })
})

describe('dispose during a call into the engine', () => {
  test('a host callback that disposes the engine mid-call: a clean error, no crash', () => {
    const m = requireVM(ENGINE)
    const before = settledLiveEngines(requireVM)
    let disposed
    expectDisposedError(() => m.callThenWork(() => {
      disposed = requireVM.dispose(m)
    }))
    expect(disposed).toBe(true)
    expectDisposedError(() => m.add(1, 2))
    expect(requireVM.stats().liveEngines).toBe(before - 1)
    expect(requireVM(ENGINE).add(1, 2)).toBe(3)
    expect(requireVM.dispose(m)).toBe(false)
  })

  test('disposing from a re-entrant call several levels deep', () => {
    const m = requireVM(ENGINE)
    const host = (n) => {
      if (n === 0) {
        requireVM.dispose(m)
        return 0
      }
      return m.recurse(n, host)
    }
    expectDisposedError(() => m.recurse(3, host))
    expectDisposedError(() => m.add(1, 2))
    expect(requireVM(ENGINE).recurse(3, (n) => n)).toBe(3)
  })

  test('using the engine after disposing it, inside the same callback', () => {
    const m = requireVM(ENGINE)
    let inner
    expectDisposedError(() => m.callThenWork(() => {
      requireVM.dispose(m)
      inner = thrown(() => m.add(1, 2))
    }))
    expect(inner.code).toBe('ERR_REQUIRE_VM_DISPOSED')
  })

  test('dispose stops the engine\'s timers', async () => {
    const m = requireVM(ENGINE)
    let ticks = 0
    await new Promise((resolve) => m.tick(() => {
      ticks++
      if (ticks === 3) resolve()
    }))
    requireVM.dispose(m)
    const atDispose = ticks
    // Give a 1 ms interval many chances to fire: a timer of our own, then a few turns.
    await new Promise((resolve) => setTimeout(resolve, 20))
    for (let i = 0; i < 5; i++) await new Promise(setImmediate)
    expect(ticks).toBe(atDispose)
  })
})

describe('re-entrant calls', () => {
  test('host → guest → host → guest, 200 levels, leaves the engine count alone', () => {
    const m = requireVM(ENGINE)
    const before = settledLiveEngines(requireVM)
    const host = (n) => m.recurse(n, host)
    expect(m.recurse(200, host)).toBe(200)
    expect(requireVM.stats().liveEngines).toBe(before)
  })

  test('a callback calling two engines in turn', () => {
    const a = requireVM(ENGINE)
    const b = requireVM(ENGINE)
    expect(a.callTwiceNested((x) => b.call((y) => a.add(y, 10), x))).toEqual([11, 12])
  })

  test('an error thrown in a nested call leaves the engine usable', () => {
    const m = requireVM(ENGINE)
    expect(() => m.call(() => m.call(() => { throw new RangeError('inner') }))).toThrow(RangeError)
    expect(m.callTwiceNested((x) => m.add(x, x))).toEqual([2, 4])
  })
})

describe('engines are freed when the host lets go (child process, --expose-gc)', () => {
  let figures
  beforeAll(() => {
    figures = runChild('lifetime-drop.js')
  })

  test('dropping the exports frees the engine', () => {
    expect(figures.whileHeld).toBe(figures.before + 1)
    expect(figures.afterDroppingExports).toBe(figures.before)
  })

  test('one nested proxy, one function or the contextObject keeps it alive and usable, then frees it', () => {
    expect([figures.whileOnlyANestedProxyIsHeld, figures.nestedStillWorks, figures.afterDroppingTheNestedProxy])
      .toEqual([figures.before + 1, true, figures.before])
    expect([figures.whileOnlyAFunctionIsHeld, figures.functionStillWorks, figures.afterDroppingTheFunction])
      .toEqual([figures.before + 1, true, figures.before])
    expect([figures.whileOnlyTheContextIsHeld, figures.contextStillWorks, figures.afterDroppingTheContext])
      .toEqual([figures.before + 1, true, figures.before])
  })

  test('host objects the guest saw and dropped are not kept alive by the bridge', () => {
    expect(figures.engineStillWorks).toBe(true)
    expect(figures.hostObjectsStillAlive).toBeLessThan(figures.hostObjectsPassed * 0.05)
  })

  test('nor until another host value crosses: any call into the engine lets them go', () => {
    expect(figures.hostObjectsAliveAfterACall).toBe(0)
  })
})

describe('the bridge under churn runs clean (child process, --expose-gc)', () => {
  // Exit code 0 and the right results: no crash, no panic, no live proxy reported disposed.
  test.each([
    ['m.call(getN, i): a host function called through the guest, 100,000 times', ['roundtrip', '100000', '0']],
    ['the same with a full GC every 5,000 calls, after a warm-up', ['roundtrip', '100000', '5000', 'warm']],
    ['memoize(getN)(i): a new guest function every iteration, 30,000 times', ['memoize', '30000', '0']],
    ['the same with a full GC every 5,000 iterations, after a warm-up', ['memoize', '30000', '5000', 'warm']],
  ])('%s', (_, args) => {
    const result = runChild('stress-proxies.js', args)
    expect(result.sumOk).toBe(true)
  }, 120_000)
})

// The seeds' leak cases. Ours must end within 50 MB of where it started (after a warm-up and a
// full GC); right after a synchronous loop (a full GC but no turn of the event loop) it must be
// bounded too: within 50 MB for case 1, which the issue names, and within twice that for case 3
// (a leak there would be hundreds of MB). Plain require is measured the same way.
const BOUND_MB = 50

describe('seed case 1: requireVM(\'./leaky.js\').leak() in a loop', () => {
  test('3,000 loads in a synchronous loop, then 3,000 with yields: memory stays bounded', () => {
    const ours = runChild('leak-leaky-loop.js', ['requireVM', '3000'])
    const plain = runChild('leak-leaky-loop.js', ['require', '3000'])
    console.log(`seed case 1 (MB): ours ${JSON.stringify(ours)}\nplain require ${JSON.stringify(plain)}`)
    expect(plain.endMB - plain.startMB).toBeGreaterThan(200)
    expect(ours.afterSyncLoopMB - ours.startMB).toBeLessThan(BOUND_MB)
    expect(ours.endMB - ours.startMB).toBeLessThan(BOUND_MB)
    expect(ours.liveEnginesAtEnd).toBe(0)
  }, 300_000)
})

describe('seed case 2: lodash memoize re-created every iteration with BigInt keys', () => {
  test('300,000 iterations: memory stays bounded', () => {
    // V8's young generation is pinned to 16 MB a semi-space: left to itself, Node 24's V8 grows
    // it far past Node 20's 32 MB under this allocation rate, and keeps it committed (heapTotal
    // 42 -> 148 MB with 13 MB used, measured), which this test would count as ours.
    const nodeFlags = ['--max-semi-space-size=16']
    const ours = runChild('leak-memoize.js', ['requireVM', '300000'], { nodeFlags })
    const plain = runChild('leak-memoize.js', ['require', '300000'], { nodeFlags })
    console.log(`seed case 2 (MB): ours ${JSON.stringify(ours)}\nplain require ${JSON.stringify(plain)}`)
    expect(ours.checksumOk).toBe(true)
    expect(plain.checksumOk).toBe(true)
    // Case 2 makes garbage on both sides at a high rate: during the loop its peak holds engine
    // garbage awaiting the next batched collection (up to 32 MB or half the live size), V8's
    // young generation grown to its maximum, and freed pages the allocator has not yet
    // returned. Bounded, whatever the iteration count; a leak shows at the end.
    expect(ours.peakMB - ours.startMB).toBeLessThan(3 * BOUND_MB)
    expect(ours.endMB - ours.startMB).toBeLessThan(BOUND_MB)
  }, 300_000)
})

describe('seed case 3: a context object whose module sets a large global, replaced every iteration', () => {
  test('200 iterations with a 1 MB global: memory stays bounded', () => {
    const ours = runChild('leak-context-global.js', ['requireVM', '200'])
    const plain = runChild('leak-context-global.js', ['require', '200'])
    console.log(`seed case 3 (MB): ours ${JSON.stringify(ours)}\nplain require ${JSON.stringify(plain)}`)
    expect(ours.afterLoopMB - ours.startMB).toBeLessThan(2 * BOUND_MB)
    expect(ours.endMB - ours.startMB).toBeLessThan(BOUND_MB)
    expect(ours.liveEnginesAtEnd).toBeLessThanOrEqual(1)
  }, 300_000)
})

describe('cycles through the two heaps', () => {
  // The guest holds a host object (a contextObject's `Module`, a factory's argument) into which
  // it put proxies of its own functions, as Emscripten output does. Dropped by the host, the
  // whole cycle is garbage: the engine's host values hang off its anchor (see src/bridge/mod.rs),
  // which only the engine's proxies, timers and records hold.
  test('100 engines whose Module holds their own functions are all freed', () => {
    const ours = runChild('leak-cycle.js', ['100'])
    expect(ours.liveEnginesAtEnd).toBe(0)
    expect(ours.endMB - ours.startMB).toBeLessThan(BOUND_MB)
  }, 300_000)
})
