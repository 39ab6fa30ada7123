'use strict'
// The Node `vm` baseline: a minimal CommonJS loader on `vm.runInNewContext`. The entry file
// runs in a new context inside Node's function wrapper; the files it requires load into the
// same context (one module cache per load); built-ins are the host's. With `isCache`, each
// file's compiled `vm.Script` is kept and run again in the next new context.

const fs = require('node:fs')
const path = require('node:path')
const vm = require('node:vm')
const { createRequire, isBuiltin } = require('node:module')

const HEAD = '(function (exports, require, module, __filename, __dirname) {'
const TAIL = '\n})'
const scripts = new Map()

function compile(filename, isCache) {
  let script = isCache ? scripts.get(filename) : undefined
  if (script === undefined) {
    script = new vm.Script(HEAD + fs.readFileSync(filename, 'utf8') + TAIL, { filename })
    if (isCache) scripts.set(filename, script)
  }
  return script
}

function vmRequire(filename, isCache = false) {
  const sandbox = { console }
  let context // made by the first runInNewContext
  const cache = new Map()

  function load(file) {
    const cached = cache.get(file)
    if (cached) return cached.exports
    const module = { exports: {}, filename: file, loaded: false }
    cache.set(file, module)
    if (file.endsWith('.json')) {
      module.exports = JSON.parse(fs.readFileSync(file, 'utf8'))
      return module.exports
    }
    const script = compile(file, isCache)
    let wrapper
    if (context === undefined) {
      wrapper = script.runInNewContext(sandbox)
      context = sandbox
    } else {
      wrapper = script.runInContext(context)
    }
    const hostRequire = createRequire(file)
    const require = (request) =>
      isBuiltin(request) ? hostRequire(request) : load(hostRequire.resolve(request))
    require.resolve = (request) => hostRequire.resolve(request)
    require.cache = cache
    wrapper.call(module.exports, module.exports, require, module, file, path.dirname(file))
    module.loaded = true
    return module.exports
  }

  return load(path.resolve(filename))
}

module.exports = vmRequire
