#!/usr/bin/env node
// Runs the Rust unit tests for the host target explicitly: `napi build` always passes
// `--target`, so building the tests for the same triple reuses its compiled dependencies
// (Boa takes minutes to compile) instead of building them a second time.
'use strict'

const { execFileSync, spawnSync } = require('node:child_process')

const host = execFileSync('rustc', ['-vV'], { encoding: 'utf8' }).match(/^host: (.+)$/m)[1]
const result = spawnSync('cargo', ['test', '--lib', '--target', host, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status === null ? 1 : result.status)
