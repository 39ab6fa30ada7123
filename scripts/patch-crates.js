#!/usr/bin/env node
// Our changes to Boa are patches (`patches/`, one concern each, see patches/README.md); the crates
// Cargo builds are `vendor/<crate>/`: crates.io sources with those patches applied, committed so
// that `cargo build`, `cargo test`, `cargo clippy` and rust-analyzer work on a fresh clone.
//
//   node scripts/patch-crates.js          regenerate vendor/ from crates.io + patches/
//   node scripts/patch-crates.js --check  fail if vendor/ is not exactly crates.io + patches/
//
// To change Boa: edit vendor/<crate>, then regenerate the concern's patch from the difference
// (patches/README.md says how), and run --check. Regenerating touches only files whose content
// changes, so Cargo does not rebuild Boa for nothing.
'use strict'

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const patchDir = path.join(root, 'patches')
const vendorDir = path.join(root, 'vendor')
const workDir = path.join(root, 'target', 'patch-crates')
// Written by Cargo when it unpacks a crate; not part of the crate's content.
const IGNORED = new Set(['.cargo-ok'])

// `patches/<crate>+<version>+<topic>.patch`, applied per crate in topic order (the topics carry
// a number, so the order is explicit). A crate's `vendor/` folder is named without the version.
function patchSets() {
  const byCrate = new Map()
  const names = fs.readdirSync(patchDir).filter((n) => n.endsWith('.patch')).sort()
  for (const name of names) {
    const [crate, version, topic] = name.slice(0, -'.patch'.length).split('+')
    if (!topic) throw new Error(`patches/${name}: expected <crate>+<version>+<topic>.patch`)
    if (!byCrate.has(crate)) byCrate.set(crate, { crate, version, files: [] })
    const set = byCrate.get(crate)
    if (set.version !== version) throw new Error(`patches for ${crate} name two versions: ${set.version}, ${version}`)
    set.files.push(path.join(patchDir, name))
  }
  return [...byCrate.values()]
}

// Cargo downloads the pristine sources: a throwaway manifest that depends on exactly the patched
// versions, read back with `cargo metadata`, which fetches them and reports where they are.
function pristineSources(sets) {
  const dir = path.join(workDir, 'pristine')
  fs.mkdirSync(dir, { recursive: true })
  const deps = sets.map((p) => `${p.crate} = { version = "=${p.version}", default-features = false }`)
  fs.writeFileSync(
    path.join(dir, 'Cargo.toml'),
    ['[package]', 'name = "pristine"', 'version = "0.0.0"', 'edition = "2021"', '[lib]', 'path = "lib.rs"',
      '[dependencies]', ...deps, '[workspace]', ''].join('\n'),
  )
  fs.writeFileSync(path.join(dir, 'lib.rs'), '')
  const metadata = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--manifest-path', path.join(dir, 'Cargo.toml')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  )
  const sources = new Map()
  for (const pkg of metadata.packages) {
    if (pkg.source && pkg.source.startsWith('registry+')) sources.set(`${pkg.name}-${pkg.version}`, path.dirname(pkg.manifest_path))
  }
  return sources
}

// Pristine copy + patches, in target/patch-crates/<crate>.
function generate(set, source) {
  const dest = path.join(workDir, set.crate)
  fs.rmSync(dest, { recursive: true, force: true })
  fs.cpSync(source, dest, { recursive: true })
  for (const ignored of IGNORED) fs.rmSync(path.join(dest, ignored), { force: true })
  for (const file of set.files) {
    // `git apply` works outside a repository too; inside one, --directory is relative to its root.
    execFileSync('git', ['apply', '--unsafe-paths', `--directory=${path.relative(root, dest).split(path.sep).join('/')}`, file], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
  }
  return dest
}

function listFiles(dir, prefix = '') {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), rel)
    return IGNORED.has(rel) ? [] : [rel]
  })
}

// The files that differ between two trees: [relative path, what differs].
function differences(expected, actual) {
  const out = []
  const want = new Set(listFiles(expected))
  const have = new Set(listFiles(actual))
  for (const rel of want) {
    if (!have.has(rel)) out.push([rel, 'missing'])
    else if (!fs.readFileSync(path.join(expected, rel)).equals(fs.readFileSync(path.join(actual, rel)))) out.push([rel, 'differs'])
  }
  for (const rel of have) if (!want.has(rel)) out.push([rel, 'extra'])
  return out
}

function main() {
  const check = process.argv.includes('--check')
  const sets = patchSets()
  const sources = pristineSources(sets)
  let stale = 0
  for (const set of sets) {
    const source = sources.get(`${set.crate}-${set.version}`)
    if (!source) throw new Error(`cargo did not fetch ${set.crate} ${set.version}`)
    const generated = generate(set, source)
    const target = path.join(vendorDir, set.crate)
    const diff = differences(generated, target)
    if (diff.length === 0) continue
    stale++
    if (check) {
      console.error(`vendor/${set.crate} is not crates.io ${set.crate} ${set.version} + its patches:`)
      for (const [rel, what] of diff.slice(0, 20)) console.error(`  ${what}: vendor/${set.crate}/${rel}`)
      continue
    }
    for (const [rel, what] of diff) {
      const to = path.join(target, rel)
      if (what === 'extra') fs.rmSync(to)
      else {
        fs.mkdirSync(path.dirname(to), { recursive: true })
        fs.copyFileSync(path.join(generated, rel), to)
      }
    }
    console.log(`vendor/${set.crate}: ${diff.length} file(s) updated`)
  }
  if (check && stale > 0) {
    console.error('Run `node scripts/patch-crates.js` to regenerate vendor/, or regenerate the patch from vendor/ (patches/README.md).')
    process.exit(1)
  }
  if (check) console.log(`vendor/ is crates.io + patches/ (${sets.length} crates)`)
}

main()
