'use strict'
// What `npm run test262` runs: the pinned test262 commit and what it skips, each with why.
// Everything not skipped here counts, for both engines (our patched Boa and crates.io's).

module.exports = {
  // tc39/test262 main of 2026-08-07 (be13516: "[object-rest] Add coverage for
  // comma-after-rest-property").
  commit: 'be13516fb6441b950ba8a3df97eb34062c186972',
  repository: 'https://github.com/tc39/test262.git',

  // Directories under test/ not run at all.
  directories: {
    // Our engines' Intl is the host's (V8's) through the bridge, not Boa's (ARCHITECTURE.md,
    // "Intl"), and Boa is built without its `intl` feature: ECMA-402 is not the engine's to pass.
    intl402: 'ECMA-402: Intl in our engines is the host\'s, not Boa\'s',
  },

  // test262 `features:` Boa 0.22 does not claim (its own test262_config.toml ignores them, or
  // they need Boa's `intl`/`temporal` features, which we do not build). A test that lists one of
  // them is skipped.
  features: {
    FinalizationRegistry: 'not implemented in Boa 0.22',
    IsHTMLDDA: 'a browser-only host hook',
    'symbols-as-weakmap-keys': 'not implemented in Boa 0.22',
    'Intl.DisplayNames': 'Intl is the host\'s',
    'Intl.RelativeTimeFormat': 'Intl is the host\'s',
    'Intl-enumeration': 'Intl is the host\'s',
    'Intl.DurationFormat': 'Intl is the host\'s',
    'Intl.Locale-info': 'Intl is the host\'s',
    'Intl.NumberFormat-v3': 'Intl is the host\'s',
    'Intl.Era-monthcode': 'Intl is the host\'s',
    Temporal: 'Boa\'s `temporal` feature is not built',
    'import-attributes': 'not implemented in Boa 0.22',
    'json-modules': 'not implemented in Boa 0.22',
    'regexp-duplicate-named-groups': 'not implemented in Boa 0.22',
    'legacy-regexp': 'proposal, not implemented',
    'import-defer': 'proposal, not implemented',
    'iterator-sequencing': 'proposal, not implemented',
    ShadowRealm: 'proposal, not implemented',
    decorators: 'proposal, not implemented',
    'json-parse-with-source': 'proposal, not implemented',
    'uint8array-base64': 'proposal, not implemented in Boa 0.22',
    'source-phase-imports': 'proposal, not implemented',
    'source-phase-imports-module-source': 'proposal, not implemented',
    'upsert': 'proposal, not implemented in Boa 0.22',
    'immutable-arraybuffer': 'proposal, not implemented in Boa 0.22',
    'nonextensible-applies-to-private': 'proposal, not implemented in Boa 0.22',
    'await-dictionary': 'proposal, not implemented',
    'joint-iteration': 'proposal, not implemented',
    'export-defer': 'proposal, not implemented',
    'import-text': 'proposal, not implemented',
    'import-bytes': 'proposal, not implemented',
    'error-stack-accessor': 'proposal, not implemented',
    'Iterator.prototype.join': 'proposal, not implemented',
    'iterator-chunking': 'proposal, not implemented',
    'iterator-includes': 'proposal, not implemented',
    'canonical-tz': 'needs Boa\'s `intl`/`temporal`',
    caller: 'non-standard',
    // Not claimed by Boa 0.22: crates.io's Boa passes (almost) none of their tests (figures from
    // the first full run, passed/tests).
    'Array.fromAsync': 'not implemented in Boa 0.22 (0/95)',
    'Atomics.pause': 'not implemented in Boa 0.22 (0/5)',
    'Error.isError': 'not implemented in Boa 0.22 (0/13)',
    'Math.sumPrecise': 'not implemented in Boa 0.22 (0/10)',
    'arraybuffer-transfer': 'not implemented in Boa 0.22 (2/57)',
    Float16Array: 'not implemented in Boa 0.22 (11/51)',
    'explicit-resource-management': 'only partly implemented in Boa 0.22 (92/483; Boa lists it as unimplemented)',
    'tail-call-optimization': 'not done by Boa (1/35), nor by V8',
  },

  // `flags:` that make a test inapplicable to our host.
  flags: {
    // Boa's agent, like our engines', cannot block (Atomics.wait throws).
    CanBlockIsTrue: 'the main agent cannot block',
  },

  // Tests whose source uses one of these host capabilities the runner does not provide.
  capabilities: {
    '$262.agent': 'multi-agent tests (worker agents) are not provided by the runner',
    '$262.AbstractModuleSource': 'source-phase imports are not implemented',
  },

  // Single tests, by path under test/.
  tests: {
    'staging/sm/String/replace-math.js': 'builds a string until memory runs out (Boa skips it too)',
  },
}
