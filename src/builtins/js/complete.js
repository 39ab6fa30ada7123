// Completes a pure built-in where its npm package falls behind Node. `host` is the host's own
// module (a proxy), kept in this closure: the guest only gets the wrapping functions. `types`:
// brand checks for util (src/builtins/util_types.rs).
(function (name, exports, host, types) {
  'use strict'
  if (name === 'util') {
    // The npm util predates %i/%f/%o/%c and Node's current inspect output: use Node's, applied
    // to the guest's values through the bridge (it only returns strings).
    const inspect = function inspect(value, options) { return host.inspect(value, options) }
    Object.defineProperties(inspect, Object.getOwnPropertyDescriptors(exports.inspect))
    inspect.custom = Symbol.for('nodejs.util.inspect.custom')
    inspect.defaultOptions = host.inspect.defaultOptions
    exports.inspect = inspect
    exports.format = function format(...args) { return host.format(...args) }
    exports.formatWithOptions = function formatWithOptions(...args) { return host.formatWithOptions(...args) }
    exports.isDeepStrictEqual = function isDeepStrictEqual(a, b) { return host.isDeepStrictEqual(a, b) }
    exports.stripVTControlCharacters = function stripVTControlCharacters(text) { return host.stripVTControlCharacters(text) }
    if (typeof host.styleText === 'function') {
      exports.styleText = function styleText(format, text) { return host.styleText(format, text) }
    }
    exports.TextEncoder = TextEncoder
    exports.TextDecoder = TextDecoder
    // util.js answers these from Object.prototype.toString, which a Symbol.toStringTag fakes;
    // Node's are brand checks, as the rest of util.types (util.isError stays as Node's, which
    // is also toString-based).
    for (const key of ['isRegExp', 'isDate', 'isNativeError']) exports.types[key] = types[key]
    exports.isRegExp = types.isRegExp
    exports.isDate = types.isDate
  }
  if (name === 'querystring') {
    // Node's escape leaves exactly encodeURIComponent's unreserved characters alone.
    if (typeof exports.escape !== 'function') exports.escape = (text) => encodeURIComponent(String(text))
    if (typeof exports.unescape !== 'function') {
      exports.unescape = (text) => {
        try {
          return decodeURIComponent(String(text))
        } catch {
          return unescape(String(text))
        }
      }
    }
  }
})
