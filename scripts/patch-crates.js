#!/usr/bin/env node
// Applies our patches to pristine crates.io sources, so Cargo can build them through
// `[patch.crates-io]` in Cargo.toml. The repository holds only the patches
// (`patches/<crate>+<version>.patch`, made with `git diff` inside the crate), never a copy of
// the crate. Idempotent: a crate is copied and patched again only when its patch changes.
'use strict'

const { execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const patchDir = path.join(root, 'patches')
const outDir = path.join(root, 'target', 'patched')

// `patches/<crate>+<version>.patch`, plus optional `patches/<crate>+<version>+<topic>.patch`
// applied after it in name order (one file per concern, each offerable upstream on its own).
function patches() {
  const byCrate = new Map()
  // By topic, the base patch (no topic) first: plain name order would put `+topic` before `.patch`.
  const sortKey = (name) => {
    const [crate, version, topic = ''] = name.slice(0, -'.patch'.length).split('+')
    return `${crate}+${version}\u0000${topic}`
  }
  const names = fs.readdirSync(patchDir).filter((n) => n.endsWith('.patch'))
  names.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
  for (const name of names) {
    const [crate, version] = name.slice(0, -'.patch'.length).split('+')
    const key = `${crate}-${version}`
    if (!byCrate.has(key)) byCrate.set(key, { crate, version, files: [], dest: path.join(outDir, key) })
    byCrate.get(key).files.push(path.join(patchDir, name))
  }
  return [...byCrate.values()].map((p) => {
    const hash = crypto.createHash('sha256')
    for (const file of p.files) hash.update(fs.readFileSync(file))
    return { ...p, hash: hash.digest('hex') }
  })
}

// Cargo downloads the pristine sources: a throwaway manifest that depends on exactly the patched
// versions, read back with `cargo metadata`, which fetches them and reports where they are.
function pristineSources(wanted) {
  const dir = path.join(outDir, 'pristine')
  fs.mkdirSync(dir, { recursive: true })
  const deps = wanted.map((p) => `${p.crate} = { version = "=${p.version}", default-features = false }`)
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
    if (pkg.source && pkg.source.startsWith('registry+')) {
      sources.set(`${pkg.name}-${pkg.version}`, path.dirname(pkg.manifest_path))
    }
  }
  return sources
}

function main() {
  const stale = patches().filter((p) => {
    try {
      return fs.readFileSync(path.join(p.dest, '.patch-hash'), 'utf8') !== p.hash
    } catch {
      return true
    }
  })
  if (stale.length === 0) return
  const sources = pristineSources(stale)
  for (const p of stale) {
    const source = sources.get(`${p.crate}-${p.version}`)
    if (!source) throw new Error(`cargo did not fetch ${p.crate} ${p.version}`)
    fs.rmSync(p.dest, { recursive: true, force: true })
    fs.cpSync(source, p.dest, { recursive: true })
    // `git apply` works outside a repository too; --directory is relative to the repository root
    // when run inside one, so run it from the copy's parent with an explicit path.
    for (const file of p.files) {
      execFileSync('git', ['apply', '--unsafe-paths', `--directory=${path.relative(root, p.dest).split(path.sep).join('/')}`, file], {
        cwd: root,
        stdio: 'inherit',
      })
    }
    fs.writeFileSync(path.join(p.dest, '.patch-hash'), p.hash)
    console.log(`patched ${p.crate} ${p.version}`)
  }
}

main()
