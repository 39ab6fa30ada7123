// What Node's `url` module has beyond the npm `url` package: the WHATWG classes and the
// file-URL helpers. Evaluated once per engine, when `url` is first required.
(function (url, codes) {
  'use strict'
  if (!url.URL) url.URL = URL
  if (!url.URLSearchParams) url.URLSearchParams = URLSearchParams
  if (!url.fileURLToPath) {
    url.fileURLToPath = function fileURLToPath(value) {
      const parsed = typeof value === 'string' ? new URL(value) : value
      if (parsed.protocol !== 'file:') {
        const error = new TypeError('The URL must be of scheme file')
        error.code = codes.ERR_INVALID_URL_SCHEME
        throw error
      }
      return decodeURIComponent(parsed.pathname)
    }
  }
  if (!url.pathToFileURL) {
    url.pathToFileURL = function pathToFileURL(path) {
      const encoded = String(path).split('/').map(encodeURIComponent).join('/')
      return new URL('file://' + encoded)
    }
  }
})
