// @ts-check
'use strict'
// Checks of the user's arguments, with Node's error codes, before any engine is made: bad input
// is a TypeError of the caller's realm.

const util = require('node:util')
const { ErrorCode } = require('../binding.js')

/** @param {unknown} value */
function typeName(value) {
  if (value === null) return 'null'
  if (typeof value === 'function') return `function ${value.name}`
  if (typeof value === 'object') {
    return value.constructor && value.constructor.name ? `an instance of ${value.constructor.name}` : util.inspect(value)
  }
  return `type ${typeof value} (${util.inspect(value)})`
}

/**
 * @param {string} name
 * @param {string} expected
 * @param {unknown} value
 */
function invalidType(name, expected, value) {
  const error = new TypeError(`The "${name}" argument must be ${expected}. Received ${typeName(value)}`)
  return Object.assign(error, { code: ErrorCode.ERR_INVALID_ARG_TYPE })
}

/**
 * @param {string} name
 * @param {unknown} value
 * @param {string} reason
 */
function invalidValue(name, value, reason) {
  const error = new TypeError(`The ${name.includes('.') ? 'property' : 'argument'} '${name}' ${reason}. Received ${util.inspect(value)}`)
  return Object.assign(error, { code: ErrorCode.ERR_INVALID_ARG_VALUE })
}

/**
 * @param {unknown} value
 * @returns {value is object}
 */
function isObject(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function')
}

/** @param {unknown} options */
function checkOptions(options) {
  if (!isObject(options) || Array.isArray(options)) throw invalidType('options', 'of type object', options)
  const { timeout, memoryLimit, builtins, paths, filename } = /** @type {Record<string, unknown>} */ (options)
  for (const [name, value] of [['timeout', timeout], ['memoryLimit', memoryLimit]]) {
    if (value === undefined) continue
    if (typeof value !== 'number') throw invalidType(`options.${name}`, 'of type number', value)
    if (!(value > 0) || !Number.isFinite(value)) throw invalidValue(`options.${name}`, value, 'must be a positive finite number')
  }
  if (builtins !== undefined && builtins !== true) {
    if (!Array.isArray(builtins)) throw invalidType('options.builtins', 'true or an array of module names', builtins)
    for (const name of builtins) {
      if (typeof name !== 'string') throw invalidType('options.builtins', 'true or an array of module names', builtins)
    }
  }
  if (paths !== undefined) {
    if (!Array.isArray(paths)) throw invalidType('options.paths', 'an array of directories', paths)
    for (const dir of paths) {
      if (typeof dir !== 'string') throw invalidType('options.paths', 'an array of directories', paths)
    }
  }
  if (filename !== undefined && typeof filename !== 'string') {
    throw invalidType('options.filename', 'of type string', filename)
  }
}

/**
 * @param {unknown} request
 * @param {unknown} contextObject
 * @param {unknown} options
 * @param {unknown} moduleMap
 * @param {unknown} isCache
 */
function checkArguments(request, contextObject, options, moduleMap, isCache) {
  if (typeof request !== 'string') throw invalidType('request', 'of type string', request)
  if (request === '') throw invalidValue('request', request, 'must be a non-empty string')
  if (contextObject !== undefined && contextObject !== null && !isObject(contextObject)) {
    throw invalidType('contextObject', 'of type object', contextObject)
  }
  checkOptions(options)
  if (!isObject(moduleMap) || Array.isArray(moduleMap)) throw invalidType('moduleMap', 'of type object', moduleMap)
  if (typeof isCache !== 'boolean') throw invalidType('isCache', 'of type boolean', isCache)
}

module.exports = { invalidType, invalidValue, isObject, checkArguments }
