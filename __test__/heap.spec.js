'use strict'
// Issue 18, one GC heap per engine: what the engines of a thread must keep whatever heap they
// live in. Values of one engine survive the allocations, collections, disposal and drops of
// the others; code the cache shares outlives the engine that compiled it; memoryLimit charges
// each engine for its own allocations only. Through the public API, with the modules of
// fixtures/heap/.
//
// Every figure an engine gives is checked against an oracle: the same fixture file run by Node's
// own `require` (a fresh instance per engine, so module state matches), and, for the object
// graphs, the same digest computed three ways: by the engine over its own objects, by Node over
// the host's proxies of them, and by Node over the oracle's objects.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const util = require('node:util')
const requireVM = require('..')
const { thrown, settledLiveEngines } = require('./helpers')

const { RequireVmModule } = requireVM
const FIXTURES = path.join(__dirname, 'fixtures', 'heap')
const fixture = (name) => path.join(FIXTURES, name)
const WORKER = fixture('worker.js')
const TINY = fixture('tiny.js')
const LONG_LIVED = fixture('long-lived.js')
const HOG = fixture('hog.js')
// The oracle's digest and builder (pure functions: one instance serves every test).
const graph = require('./fixtures/heap/graph.js')

// A fresh instance of `file` under Node's own require, with module state of its own.
function twin(file) {
  let exports
  jest.isolateModules(() => {
    exports = require(file)
  })
  return exports
}

function expectDisposed(use) {
  const error = thrown(use)
  expect(util.types.isNativeError(error) && error.code).toBe('ERR_REQUIRE_VM_DISPOSED')
}

describe('two engines interleaving allocations and drops in a synchronous loop', () => {
  test('every value read back from either engine is what it built, while the other is disposed or dropped and reloaded', () => {
    const SIZE = 40
    // Four swaps: A disposed, B disposed, A dropped, B dropped.
    const ROUNDS = 40
    const SWAP_EVERY = 10

    // What the oracle builds for a seed: the item's digest and checksum, the digest of the part
    // the other engine adopts, and two strings to compare whole.
    const expected = new Map()
    const expectedFor = (seed) => {
      if (!expected.has(seed)) {
        const item = graph.build(seed, SIZE)
        expected.set(seed, {
          digest: graph.digest(item),
          checksum: graph.checksum(item),
          adopted: graph.digest([item.byLabel, item.shapes]),
          long: item.long,
          greeting: item.greeting,
        })
      }
      return expected.get(seed)
    }

    // An engine, the items it built that the host holds, and the seeds of the other engine's
    // items it holds.
    const load = (name) => ({ name, vm: requireVM(WORKER), held: [], adopted: [] })
    const slots = [load('A'), load('B')]

    // Exact strings and a closure's own state each time; the full digests when `deep`.
    const verify = (slot, entry, deep) => {
      const want = expectedFor(entry.seed)
      expect(entry.item.long).toBe(want.long)
      expect(entry.item.greeting).toBe(want.greeting)
      expect(entry.item.fns.counter()).toBe(++entry.calls)
      if (deep) {
        expect(graph.digest(entry.item)).toBe(want.digest)
        expect(slot.vm.check(entry.seed)).toBe(want.checksum)
      }
    }
    const verifyAll = (slot) => {
      for (const entry of slot.held) verify(slot, entry, true)
      // What it holds of the other engine, read through the host.
      expect([...slot.vm.digestAdopted()]).toEqual(slot.adopted.map((seed) => expectedFor(seed).adopted))
    }

    let nextSeed = 1
    // Each engine builds an item (in turns), one makes garbage, each keeps a part of the
    // other's newest item. (A function of its own, so that no local of the loop keeps a
    // dropped engine's proxies alive.)
    const playRound = (round) => {
      for (const slot of round % 2 ? slots : [...slots].reverse()) {
        const seed = nextSeed++
        const entry = { seed, item: slot.vm.make(seed, SIZE), calls: 0 }
        slot.held.push(entry)
        verify(slot, entry, true)
        verify(slot, slot.held[round % slot.held.length], false)
      }
      slots[round % 2].vm.churn(1, SIZE)
      for (const [slot, other] of [slots, [...slots].reverse()]) {
        const newest = other.held[other.held.length - 1]
        slot.vm.adopt([newest.item.byLabel, newest.item.shapes])
        slot.adopted.push(newest.seed)
        expect([...slot.vm.digestAdopted(slot.adopted.length - 1)]).toEqual([expectedFor(newest.seed).adopted])
      }
    }

    // One engine goes (disposed, or dropped and collected) and comes back empty; the other must
    // not notice.
    const swap = (victim, survivor, dispose) => {
      verifyAll(victim)
      verifyAll(survivor)
      if (dispose) {
        expect(requireVM.dispose(victim.vm)).toBe(true)
        for (const entry of victim.held) expectDisposed(() => entry.item.long)
        // The survivor's values of the victim are gone with it, inside the survivor too.
        expectDisposed(() => survivor.vm.digestAdopted())
        survivor.vm.dropAdopted()
      } else {
        // The survivor lets go of the victim's values first. (An engine lets go of the host
        // values it dropped once its heap was collected and another host value crosses in.)
        survivor.vm.dropAdopted()
        requireVM.stats({ collect: true })
        expect(survivor.vm.digest({ crossing: 1 })).toBe(graph.digest({ crossing: 1 }))
        const before = settledLiveEngines(requireVM)
        victim.vm = null
        victim.held = []
        expect(settledLiveEngines(requireVM)).toBe(before - 1)
      }
      survivor.adopted = []
      requireVM.stats({ collect: true })
      verifyAll(survivor)
      Object.assign(victim, load(victim.name))
    }

    let swaps = 0
    for (let round = 1; round <= ROUNDS; round++) {
      playRound(round)
      if (round % SWAP_EVERY === 0) {
        swap(slots[swaps % 2], slots[1 - (swaps % 2)], swaps % 4 < 2)
        swaps++
      }
    }
    expect(swaps).toBe(ROUNDS / SWAP_EVERY)
    for (const slot of slots) verifyAll(slot)
  })
})

describe('one engine\'s collection leaves another\'s objects intact', () => {
  test('a long-lived engine stays exact while 10,000 other engines are loaded, used, and disposed or dropped', () => {
    const CHURN = 10_000
    const BATCH = 250
    const CHECK_EVERY = 2_000

    const long = requireVM(LONG_LIVED)
    const oracle = twin(LONG_LIVED)
    // Computed inside the engine at load, and by Node from the same code.
    expect(long.builtAt).toBe(oracle.builtAt)
    expect(long.checksum()).toBe(long.builtAt)
    // The host holds proxies into the long-lived engine's graph all along.
    const firstItem = long.firstItem
    const firstItemDigest = graph.digest(oracle.firstItem)
    expect(graph.digest(firstItem)).toBe(firstItemDigest)
    const baseline = settledLiveEngines(requireVM)

    // A tiny engine, used once: sum(k) is k + 131 (see tiny.js). Three in ten are disposed
    // right after use (each way of disposing); the others are returned, for the host to keep
    // until the end of the batch and then drop (through a proxy of the exports, of a nested
    // object, or a RequireVmModule; with and without the code cache).
    const disposed = (i) => i % 10 === 0 || i % 10 === 3 || i % 10 === 6
    const churnOne = (i) => {
      const way = i % 10
      if (way === 0) {
        const m = requireVM(TINY)
        expect(m.sum(i)).toBe(i + 131)
        expect(requireVM.dispose(m)).toBe(true)
        return null
      }
      if (way === 3) {
        const context = { SEED: i }
        expect(requireVM(TINY, context).sum(i)).toBe(i + 131)
        expect(requireVM.dispose(context)).toBe(true)
        return null
      }
      if (way === 6 || way === 2 || way === 8) {
        const engine = new RequireVmModule(TINY, {}, {}, {}, way === 8)
        expect(engine.requireVm(TINY).sum(i)).toBe(i + 131)
        if (way !== 6) return engine
        expect(engine.dispose()).toBe(true)
        return null
      }
      const m = requireVM(TINY, {}, {}, {}, way % 2 === 1)
      expect(m.sum(i)).toBe(i + 131)
      return way < 5 ? m : m.cells[i % 16]
    }

    // A batch: the disposed engines first (a disposal collects at once, and would otherwise
    // trace every dropped engine still waiting for V8), then more while the long-lived engine
    // is inside a call (its temporaries alive only in its frame), then those the host keeps
    // and drops. (A function of its own: what the host kept goes with its frame.)
    let visits = 0
    const churnBatch = (start) => {
      const batch = Array.from({ length: BATCH }, (_, k) => start + k)
      for (const i of batch.filter(disposed)) churnOne(i)
      const got = long.visit(visits, (id) => {
        churnOne(CHURN + visits * 10 + id)
        requireVM.stats({ collect: true })
        const m = requireVM(TINY)
        const answer = m.sum(id)
        requireVM.dispose(m)
        return answer
      })
      expect(got).toBe(oracle.visit(visits, (id) => id + 131))
      visits++
      const kept = batch.filter((i) => !disposed(i)).map(churnOne)
      return kept.filter((value) => value !== null).length
    }

    for (let start = 0; start < CHURN; start += BATCH) {
      expect(churnBatch(start)).toBe(BATCH * 0.7)
      // The dropped engines are freed: only the long-lived engine is left.
      expect(settledLiveEngines(requireVM)).toBe(baseline)
      requireVM.stats({ collect: true })
      expect(long.step(visits)).toBe(oracle.step(visits))
      if ((start + BATCH) % CHECK_EVERY === 0) {
        expect(long.checksum()).toBe(long.builtAt)
        expect(graph.digest(firstItem)).toBe(firstItemDigest)
      }
    }
    expect(visits).toBe(CHURN / BATCH)
    expect(long.checksum()).toBe(oracle.builtAt)
    expect(graph.digest(firstItem)).toBe(firstItemDigest)
  })
})

describe('code from the shared cache (isCache) outlives the engines that use it', () => {
  const N = 4
  let dir
  let entry
  let lib
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'require-vm-heap-'))
    for (const name of ['entry.js', 'lib.js']) fs.copyFileSync(fixture(`cached/${name}`), path.join(dir, name))
    entry = path.join(dir, 'entry.js')
    lib = path.join(dir, 'lib.js')
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  // Writes lib.js with ORIGIN `origin` (same length) and both files with modification time
  // `stamp`: a changed stamp makes the next cached load compile anew, an unchanged one lets
  // later cached loads take the code (and text) of the first from the cache.
  const write = (origin, stamp) => {
    const text = fs.readFileSync(fixture('cached/lib.js'), 'utf8')
    expect(text).toContain('const ORIGIN = "first"')
    fs.writeFileSync(lib, text.replace('const ORIGIN = "first"', `const ORIGIN = "${origin}"`))
    const time = new Date(Date.UTC(2001, 0, 1) + stamp * 1000)
    for (const file of [entry, lib]) fs.utimesSync(file, time, time)
  }

  // An engine and its oracle (the fixture as written, ORIGIN "first"), driven alike.
  const load = (id) => {
    const vm = requireVM(entry, {}, {}, {}, true)
    const oracle = twin(fixture('cached/entry.js'))
    return { id, vm, oracle, calls: 0, kept: vm.closure(id), keptOracle: oracle.closure(id) }
  }
  const verify = (engine) => {
    engine.calls++
    const n = engine.id * 10 + engine.calls
    expect(engine.vm.run(n)).toBe(engine.oracle.run(n))
    expect(engine.kept(engine.calls % 10)(n % 7)).toBe(engine.keptOracle(engine.calls % 10)(n % 7))
  }

  const permutations = (items) =>
    items.length <= 1 ? [items] : items.flatMap((item, i) => permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]))

  test(`${N} engines share compiled code; they are disposed or dropped in each of the ${permutations([...Array(N).keys()]).length} orders, and the others and new loads keep running it`, () => {
    const orders = permutations([...Array(N).keys()])
    for (const [k, order] of orders.entries()) {
      // Engine 0 compiles (a new stamp); engines 1.. and every later load take its code from
      // the cache: they still see ORIGIN "first" although the file on disk now says "later".
      write('first', k)
      const engines = [load(0)]
      write('later', k)
      for (let id = 1; id < N; id++) engines.push(load(id))
      const control = requireVM(entry, {}, {}, {}, false)
      expect([control.origin, ...engines.map((e) => e.vm.origin)]).toEqual(['later', ...Array(N).fill('first')])
      requireVM.dispose(control)
      for (const engine of engines) verify(engine)

      const drop = k % 2 === 1
      const alive = new Set(engines)
      let live = drop ? settledLiveEngines(requireVM) : 0
      for (const index of order) {
        const going = engines[index]
        alive.delete(going)
        if (drop) {
          engines[index] = null
          going.vm = null
          going.kept = null
          expect(settledLiveEngines(requireVM)).toBe(--live)
        } else {
          expect(requireVM.dispose(going.vm)).toBe(true)
          expectDisposed(() => going.kept(1)(1))
        }
        requireVM.stats({ collect: true })
        for (const engine of alive) verify(engine)
        const fresh = load(N + index)
        expect(fresh.vm.origin).toBe('first')
        verify(fresh)
        requireVM.dispose(fresh.vm)
      }
    }
  })
})

describe('memoryLimit charges each engine for its own allocations while others allocate', () => {
  // Each chunk is a little over 1 MiB of live data (see hog.js).
  const CHUNK_KIB = 1024

  test('an engine allocating past its limit is stopped; the engines allocating inside its loop keep their data and are not charged for it', () => {
    const before = settledLiveEngines(requireVM)
    const limited = requireVM(HOG, {}, { memoryLimit: 32 })
    // B would pass its 48 MiB if it were charged for the limited engine's 32 besides its own ~30.
    const b = requireVM(HOG, {}, { memoryLimit: 48 })
    const c = requireVM(HOG)
    // Under its limit all along, though the others allocate over 100 MiB around it.
    const under = requireVM(HOG, {}, { memoryLimit: 32 })
    const oracles = { limited: twin(HOG), b: twin(HOG), c: twin(HOG), under: twin(HOG) }
    expect(under.add('U', 8, CHUNK_KIB)).toBe(oracles.under.add('U', 8, CHUNK_KIB))

    // Recorded in the callback (which runs inside the limited engine's loop), checked after.
    const seen = []
    const error = thrown(() => limited.grow('A', CHUNK_KIB, 200, (count, digest) => {
      oracles.limited.add('A', 1, CHUNK_KIB)
      const row = { count, digest, want: oracles.limited.digest() }
      row.b = [b.add('B', 1, CHUNK_KIB), oracles.b.add('B', 1, CHUNK_KIB)]
      row.c = [c.add('C', 2, CHUNK_KIB), oracles.c.add('C', 2, CHUNK_KIB)]
      if (count % 4 === 0) {
        row.under = [under.digest(), oracles.under.digest()]
        under.add('U', 1, 64)
        oracles.under.add('U', 1, 64)
      }
      seen.push(row)
    }))
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ code: 'ERR_REQUIRE_VM_MEMORY_LIMIT', message: expect.stringContaining('memory limit of 32 MiB') })
    // Every callback ran to its end, and every figure matched its oracle's.
    const made = seen.length
    expect(seen.map((row) => row.count)).toEqual(Array.from({ length: made }, (_, i) => i + 1))
    expect(seen.filter((row) => row.digest !== row.want)).toEqual([])
    expect(seen.filter((row) => row.b[0] !== row.b[1] || row.c[0] !== row.c[1])).toEqual([])
    expect(seen.filter((row) => row.under && row.under[0] !== row.under[1])).toEqual([])
    // Stopped for its own ~1 MiB chunks: not before half its limit (it would be if charged for
    // the 3 MiB that B and C make per chunk of its), and not past twice it.
    expect(made).toBeGreaterThanOrEqual(16)
    expect(made).toBeLessThan(64)
    expectDisposed(() => limited.count())

    // The others are alive, exact, and go on allocating.
    requireVM.stats({ collect: true })
    expect([b.count(), c.count()]).toEqual([made, 2 * made])
    for (const [vm, oracle] of [[b, oracles.b], [c, oracles.c], [under, oracles.under]]) {
      expect(vm.digest()).toBe(oracle.digest())
    }
    expect(b.add('B', 4, CHUNK_KIB)).toBe(oracles.b.add('B', 4, CHUNK_KIB))
    expect(under.add('U', 4, CHUNK_KIB)).toBe(oracles.under.add('U', 4, CHUNK_KIB))
    expect([b.digest(), under.digest()]).toEqual([oracles.b.digest(), oracles.under.digest()])
    expect(settledLiveEngines(requireVM)).toBe(before + 3)
    for (const vm of [b, c, under]) requireVM.dispose(vm)
  })

  test('an engine stopped inside another engine\'s allocation loop: the outer one finishes its loop, not charged for it', () => {
    // The outer engine's ~30 MiB and the inner one's 24 would pass the outer's 48 together.
    const outer = requireVM(HOG, {}, { memoryLimit: 48 })
    const inner = requireVM(HOG, {}, { memoryLimit: 24 })
    const oracles = { outer: twin(HOG), inner: twin(HOG) }
    const seen = []
    let stopped = null
    const result = outer.grow('O', CHUNK_KIB, 28, (count, digest) => {
      oracles.outer.add('O', 1, CHUNK_KIB)
      const row = { count, digest, want: oracles.outer.digest() }
      seen.push(row)
      if (stopped) return
      try {
        row.inner = [inner.add('I', 1, CHUNK_KIB), oracles.inner.add('I', 1, CHUNK_KIB)]
        row.innerDigest = [inner.digest(), oracles.inner.digest()]
      } catch (error) {
        stopped = error
      }
    })
    expect(result).toBe('not stopped')
    expect(seen.map((row) => row.count)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1))
    expect(seen.filter((row) => row.digest !== row.want)).toEqual([])
    const innerRows = seen.filter((row) => row.inner)
    expect(innerRows.filter((row) => row.inner[0] !== row.inner[1] || row.innerDigest[0] !== row.innerDigest[1])).toEqual([])
    expect(stopped).toBeInstanceOf(Error)
    expect(stopped).toMatchObject({ code: 'ERR_REQUIRE_VM_MEMORY_LIMIT', message: expect.stringContaining('memory limit of 24 MiB') })
    // The inner engine made at least half its limit of its own before it was stopped.
    expect(innerRows.length).toBeGreaterThanOrEqual(12)
    expectDisposed(() => inner.count())
    expect(outer.count()).toBe(28)
    expect(outer.digest()).toBe(oracles.outer.digest())
    requireVM.dispose(outer)
  })

  // Each engine's garbage is freed by its own collections and credited to it: with one heap for
  // all engines, another engine's collection freed this one's garbage and kept the credit, so
  // an engine that keeps nothing was stopped at its 16th call.
  test('an engine that keeps nothing is not stopped while another allocates and frees far more', () => {
    const file = fixture('garbage.js')
    const bounded = requireVM(file, {}, { memoryLimit: 64 })
    const other = requireVM(file)
    for (let call = 1; call <= 40; call++) {
      expect(bounded.garbage(4)).toBe(4)
      expect(other.add(40)).toBe(40)
      other.drop()
    }
    requireVM.dispose(bounded)
    requireVM.dispose(other)
  })

  // Boa collects by the size of its boxes, not the strings they own: without a collection asked
  // for by the engine's account, 64 MiB made and dropped 1 MiB at a time inside one call stopped
  // a 16 MiB engine (and, before each engine collected on its own growth, 4 MiB of garbage a
  // call stopped it at its 4th call).
  test('an engine that keeps nothing is not stopped by its own garbage; one that keeps too much is', () => {
    const file = fixture('garbage.js')
    const bounded = requireVM(file, {}, { memoryLimit: 16 })
    expect(bounded.churn(64)).toBe(64 * (1 << 20) + [...Array(64).keys()].join('').length)
    for (let call = 1; call <= 40; call++) expect(bounded.garbage(4)).toBe(4)
    let kept = 0
    const error = thrown(() => {
      for (;;) kept = bounded.add(1)
    })
    expect(error).toMatchObject({ code: 'ERR_REQUIRE_VM_MEMORY_LIMIT' })
    // What it kept (1 MiB strings) came within the limit, not far below it.
    expect(kept).toBeGreaterThanOrEqual(8)
    expect(kept).toBeLessThan(16)
  })
})

describe('an engine without a memoryLimit collects what its objects own as it piles up', () => {
  // Boa's own trigger counts its boxes, not what they own (a string's characters, an
  // ArrayBuffer's bytes): a call making and dropping 1 MiB strings piled all 256 of them up.
  test('256 MiB of strings made and dropped in one call never hold more than a few dozen MiB', () => {
    const engine = requireVM(fixture('garbage.js'))
    const before = requireVM.stats().addonBytes
    let peak = 0
    const probe = () => {
      peak = Math.max(peak, requireVM.stats().addonBytes - before)
    }
    expect(engine.churn(256, probe)).toBe(256 * (1 << 20) + [...Array(256).keys()].join('').length)
    expect(peak).toBeGreaterThan(1 << 20)
    expect(peak).toBeLessThan(48 * (1 << 20))
  })
})

describe('a disposed engine is freed by its own collection', () => {
  // Nothing of an engine may be allocated outside its heap: an object made in the shared heap
  // on its behalf (once, `require.cache`) refers into the engine, so dropping it frees nothing,
  // moves the whole realm to the shared heap and leaves it for a later collection of that heap.
  test('addonBytes is back where it was right after dispose, with no collection asked for', () => {
    const load = () => requireVM(TINY, {}, {}, {}, false)
    // The first loads fill what the process keeps: resolution cache, interned names, and from
    // the second load of the same text its compiled code (the code cache).
    for (let i = 0; i < 2; i++) expect(requireVM.dispose(load())).toBe(true)
    settledLiveEngines(requireVM)
    const before = requireVM.stats().addonBytes
    const grown = []
    for (let i = 0; i < 5; i++) {
      const exports = load()
      expect(exports.sum(1)).toBe(twin(TINY).sum(1))
      grown.push(requireVM.stats().addonBytes - before)
      expect(requireVM.dispose(exports)).toBe(true)
      // The engine held ~300 KB; all but a few allocations of the host's own are gone at once.
      expect(requireVM.stats().addonBytes - before).toBeLessThan(16 * 1024)
    }
    expect(Math.min(...grown)).toBeGreaterThan(100 * 1024)
  })
})

describe('what a script hangs on the realm and lets go of is freed', () => {
  // The realm, made before the module runs, is left out of the engine's collections (it lives
  // as long as the engine): what it refers to must stay, and what it no longer refers to must
  // go. A WeakRef keeps its target only until the entry that made it ends, as a job would.
  test('an object hung on Array.prototype survives collections until deleted; a cycle through the realm does not', () => {
    const file = fixture('realm.js')
    const oracle = twin(file)
    const exports = requireVM(file, {}, {}, {}, false)
    expect(exports.hang(1000)).toBe(oracle.hang(1000))
    requireVM.stats({ collect: true })
    expect(exports.alive()).toBe('hung')
    expect(exports.sum()).toBe(oracle.sum())
    exports.unhang()
    oracle.unhang()
    requireVM.stats({ collect: true })
    expect(exports.alive()).toBe('')
    expect(requireVM.dispose(exports)).toBe(true)
  })

  test('a WeakRef made in a promise job lets go of its target once the jobs have run', async () => {
    const file = fixture('realm.js')
    const exports = requireVM(file, {}, {}, {}, false)
    expect(await exports.refLater()).toBe(await twin(file).refLater())
    requireVM.stats({ collect: true })
    expect(exports.alive()).toBe('')
    expect(requireVM.dispose(exports)).toBe(true)
  })
})

describe('FinalizationRegistry callbacks run once a collection frees their targets', () => {
  // As in Node, the callbacks run after the collection, as jobs: here at the end of the
  // engine's next entry from the host.
  test('each dropped target\'s held value reaches the callback once; a kept one only when let go of; an unregistered one never', () => {
    const exports = requireVM(fixture('registry.js'), {}, {}, {}, false)
    const count = 3
    const dropped = Array.from({ length: count }, (_, i) => `dropped ${i}`)
    expect(exports.register(count)).toBe(count)
    expect(exports.cleaned()).toBe('')
    requireVM.stats({ collect: true })
    exports.tick() // the next entry, which runs the callbacks at its end
    expect(exports.cleaned()).toBe(dropped.join())
    exports.release()
    requireVM.stats({ collect: true })
    exports.tick()
    expect(exports.cleaned()).toBe([...dropped, 'kept'].join())
    requireVM.stats({ collect: true })
    exports.tick()
    expect(exports.cleaned()).toBe([...dropped, 'kept'].join())
    expect(requireVM.dispose(exports)).toBe(true)
  })
})
