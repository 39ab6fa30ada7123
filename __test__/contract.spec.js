// The contract between the JavaScript half and the addon (src/contract.rs): the enums the addon
// exports, and createRealm's check of the hooks it is handed.
const binding = require('../binding.js')
const requireVM = require('..')
const { hooks } = require('../lib/realm.js')
const { INTRINSICS } = require('../lib/intrinsics.js')
const { guard } = require('../lib/native.js')
const { thrown } = require('./helpers')

const { ErrorCode, HostKind, RealmHook } = binding

// A direct call of the raw export: it hands its exception over instead of throwing (see
// src/bridge/entry.rs).
function createRealmError(hooks) {
  const result = binding.createRealm(hooks)
  expect(result).toBe(binding.thrownMarker())
  return binding.takeThrown()
}

test('the enums are exported with their values as names', () => {
  expect(ErrorCode.ERR_REQUIRE_VM_DISPOSED).toBe('ERR_REQUIRE_VM_DISPOSED')
  expect(Object.entries(ErrorCode).every(([name, value]) => name === value)).toBe(true)
  expect(Object.entries(RealmHook).every(([name, value]) => name === value)).toBe(true)
  expect(HostKind.LiveView).toBe(Object.keys(HostKind).length - 1)
  // identify's answers: -1 - index for an intrinsic must stay above -IDENTIFY_KIND_BASE - kind.
  expect(INTRINSICS.length).toBeLessThan(binding.IDENTIFY_KIND_BASE)
})

test('errors carry the exported codes, from Rust and from the argument checks', () => {
  const m = requireVM('./fixtures/smoke/index.js')
  requireVM.dispose(m)
  expect(thrown(() => m.answer).code).toBe(ErrorCode.ERR_REQUIRE_VM_DISPOSED)
  expect(thrown(() => requireVM(42)).code).toBe(ErrorCode.ERR_INVALID_ARG_TYPE)
  expect(thrown(() => requireVM('')).code).toBe(ErrorCode.ERR_INVALID_ARG_VALUE)
})

test('createRealm names a missing hook, an unknown one and one of the wrong shape', () => {
  expect(createRealmError(42).message).toBe('requireVM: createRealm: the hooks must be an object')
  expect(createRealmError({}).message).toBe("requireVM: createRealm: missing hook 'makeProxy' (a function)")
  expect(createRealmError({ makeProxy() {}, bogus: 1 }).message).toBe(
    "requireVM: createRealm: unknown hook 'bogus' (not a RealmHook)",
  )
  expect(createRealmError({ makeProxy: {} }).message).toBe("requireVM: createRealm: hook 'makeProxy' must be a function")
})

test('lib/realm.js hands over exactly the RealmHooks, and createRealm refuses any other set', () => {
  expect(Object.keys(hooks).sort()).toEqual(Object.values(RealmHook).sort())
  expect(binding.createRealm(hooks)).not.toBe(binding.thrownMarker())
  for (const name of Object.values(RealmHook)) {
    const { [name]: _left, ...rest } = hooks
    expect(createRealmError(rest).message).toMatch(new RegExp(`^requireVM: createRealm: missing hook '${name}'`))
  }
  expect(createRealmError({ ...hooks, extra() {} }).message).toBe(
    "requireVM: createRealm: unknown hook 'extra' (not a RealmHook)",
  )
  expect(createRealmError({ ...hooks, intrinsics: {} }).message).toBe(
    "requireVM: createRealm: hook 'intrinsics' must be an array",
  )
})

test('guard passes on every argument, however many', () => {
  const args = Array.from({ length: 12 }, (_, i) => i)
  expect(guard((...received) => received)(...args)).toEqual(args)
  expect(guard((...received) => received.length)()).toBe(0)
})
