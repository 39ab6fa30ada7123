'use strict'
// The compatibility corpus: each entry is a package pinned (exact version) in package.json's
// devDependencies, with a probe in ./probes/<probe>.js that exercises it and returns plain data.
// `covers` says what the package brings to the corpus.
const path = require('path')

const PACKAGES = [
  // utility belts
  { name: 'lodash', covers: 'utility belt; _.template (new Function)' },
  { name: 'underscore', covers: 'utility belt; exports map (require → UMD build)' },
  // dates
  { name: 'dayjs', covers: 'dates; plugins required into the same engine' },
  { name: 'date-fns', covers: 'dates v2 CommonJS; ~1,000 internal modules; locales' },
  { name: 'moment', covers: 'dates; locales; local time zone' },
  // parsers
  { name: 'esprima', covers: 'JavaScript parser (280 kB)' },
  { name: '@babel/parser', probe: 'babel-parser', covers: 'JavaScript/TypeScript/JSX parser (530 kB)' },
  { name: 'acorn', covers: 'JavaScript parser, tokenizer' },
  { name: 'typescript', covers: 'JavaScript parser of 1 MB or more: lib/typescript.js is 9 MB' },
  // validators
  { name: 'validator', covers: 'validators; ~100 internal modules; big regexes' },
  { name: 'ajv', covers: 'JSON schema compiled to code (new Function)' },
  { name: 'joi', covers: 'schema validation; @hapi deps' },
  // templates
  { name: 'handlebars', covers: 'template compiler; code generation' },
  { name: 'mustache', covers: 'templates (UMD)' },
  { name: 'ejs', covers: 'templates (new Function); includes read with fs' },
  // YAML / markdown / XML
  { name: 'js-yaml', covers: 'YAML load/dump; Buffer for !!binary' },
  { name: 'marked', covers: 'markdown; exports map (require → lib/marked.cjs)' },
  { name: 'markdown-it', covers: 'markdown; exports map; punycode, entities, linkify-it, uc.micro' },
  { name: 'xml2js', covers: 'XML via sax (stream, string_decoder, events) and xmlbuilder; timers' },
  // crypto and compression in pure JS
  { name: 'crypto-js', covers: 'pure-JS crypto; requires crypto at load' },
  { name: 'pako', covers: 'zlib in pure JS; typed arrays' },
  { name: 'fflate', covers: 'zlib/zip in pure JS; exports map node condition; requires worker_threads' },
  { name: 'iconv-lite', covers: 'charsets; Buffer, safer-buffer; big tables' },
  // argument parsers
  { name: 'minimist', covers: 'argv parser' },
  { name: 'yargs-parser', covers: 'argv parser; exports map (require → build/index.cjs); fs, path, util' },
  { name: 'commander', covers: 'CLI framework; EventEmitter subclass; process, child_process, fs, path' },
  // promises and control flow
  { name: 'bluebird', covers: 'promise library; its own scheduler (setImmediate / process.nextTick)' },
  { name: 'p-limit', covers: 'concurrency limit (v3 CommonJS); native promises; timers' },
  { name: 'async', covers: 'callback control flow; setImmediate, queueMicrotask' },
  // data structures
  { name: 'immutable', covers: 'persistent collections; hashing; Symbol.iterator' },
  { name: 'lru-cache', covers: 'LRU cache v10; exports map; private fields; performance/AbortController' },
  // exports maps and deep require graphs
  { name: 'semver', covers: 'deep internal require graph (~50 files)' },
  { name: 'uuid', covers: 'exports map (node → dist/index.js); Node crypto randomFillSync/createHash' },
  { name: 'qs', covers: 'deep dependency graph: side-channel, get-intrinsic, call-bind, object-inspect' },
  { name: 'minimatch', covers: 'globs; brace-expansion; path' },
  { name: 'diff', covers: 'text diffing; big UMD file' },
  { name: 'decimal.js', covers: 'arbitrary precision arithmetic' },
  // process / Buffer / crypto / os / tty at load time
  { name: 'debug', covers: 'tty.isatty, util.inspect/format, process.env at load; supports-color' },
  { name: 'chalk', covers: 'supports-color at load (process.env, tty, os); template literals' },
  { name: 'supports-color', covers: 'process.env/argv/platform, os.release, tty.isatty at load' },
  { name: 'nanoid', covers: 'exports map; Node crypto randomFillSync at load/call' },
  { name: 'ms', covers: 'tiny and ubiquitous' },
  { name: 'escape-html', covers: 'tiny and ubiquitous' },
  { name: 'he', covers: 'HTML entities; huge regexes' },
  { name: 'cookie', covers: 'HTTP cookies' },
  { name: 'mime', covers: 'mime-db tables (JSON modules); subpath require (mime/Mime)' },
  // Intl (issue 15): locale-sensitive formatting through the host's Intl
  { name: 'luxon', covers: 'dates on Intl: time zones, locales, relative times, Info tables' },
  { name: 'intl-messageformat', covers: 'ICU messages: plural, select, ordinal, number/date skeletons (@formatjs deps)' },
  { name: 'date-fns-tz', covers: 'time zones through Intl.DateTimeFormat formatToParts; date-fns peer' },
  { name: 'moment-timezone', covers: 'IANA tables (big JSON module); Intl time zone for guess()' },
  { name: 'i18next', covers: 'Intl.PluralRules plurals and ordinals; Intl number/currency/date/relative/list formats' },
  { name: 'javascript-time-ago', covers: 'relative times on Intl.PluralRules/NumberFormat; locale data required' },
  { name: 'relative-time-format', covers: 'an Intl.RelativeTimeFormat implementation on locale data' },
  { name: 'pretty-bytes', covers: 'toLocaleString(locale) of numbers' },
  { name: 'filesize', covers: 'Intl.NumberFormat with options; exports map (require → dist/filesize.cjs)' },
  { name: 'dinero.js', covers: 'money; Intl.NumberFormat currency formats' },
  { name: 'humanize-duration', covers: 'durations in many languages, decimal separators' },
  { name: 'timeago.js', covers: 'relative times; registered locale functions' },
  { name: 'string-natural-compare', covers: 'an engine function as the host sort comparator' },
  // WebAssembly inside real packages (issue 16)
  { name: 'sql.js', covers: 'SQLite: Emscripten WebAssembly, its .wasm file read with fs' },
  { name: 'hash-wasm', covers: 'hashes in C compiled to WebAssembly embedded as base64; argon2' },
  { name: 'source-map', covers: 'source maps; a WebAssembly mappings parser read with fs; `super(x).then(...)`' },
  { name: 'xxhash-wasm', covers: "hand-written WebAssembly; TextEncoder's encodeInto into wasm memory; BigInt results" },
  // the engine freezing the host's objects (issue 15)
  { name: 'immer', covers: 'auto-freeze of results that share the host base state; patches' },
  { name: 'deep-freeze-strict', covers: 'Object.freeze of the host objects, deeply' },
  { name: 'seamless-immutable', covers: 'frozen copies; merge/setIn/asMutable' },
  { name: 'icepick', covers: 'freezes the host objects; frozen structural updates' },
]

for (const p of PACKAGES) {
  p.probe = path.join(__dirname, 'probes', (p.probe || p.name) + '.js')
  p.version = require(path.join(__dirname, '..', '..', 'node_modules', p.name, 'package.json')).version
}

module.exports = PACKAGES
