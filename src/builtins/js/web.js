// Web APIs that Node code expects as globals and that neither Boa nor boa_runtime provides:
// URLSearchParams (and URL#searchParams), Event, CustomEvent, EventTarget, AbortController,
// AbortSignal, DOMException, performance. Evaluated once per engine, on first use of any of
// them; returns the globals to install. Follows the WHATWG specs where Node does. Takes the
// engine's own classes, not the globals, which the program may have replaced.
(function (URL, TextEncoder, TextDecoder, hrtime, setTimeout) {
  'use strict'

  // ---- URLSearchParams (https://url.spec.whatwg.org/#interface-urlsearchparams) ----------

  const FORM_SAFE = /[A-Za-z0-9*\-._]/

  function formEncode(text) {
    let out = ''
    for (const byte of new TextEncoder().encode(String(text))) {
      const char = String.fromCharCode(byte)
      if (byte === 0x20) out += '+'
      else if (byte < 0x80 && FORM_SAFE.test(char)) out += char
      else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
    }
    return out
  }

  function formDecode(text) {
    const bytes = []
    const source = new TextEncoder().encode(text.replace(/\+/g, ' '))
    for (let i = 0; i < source.length; i++) {
      const byte = source[i]
      if (byte === 0x25 && i + 2 < source.length && /^[0-9A-Fa-f]{2}$/.test(String.fromCharCode(source[i + 1], source[i + 2]))) {
        bytes.push(parseInt(String.fromCharCode(source[i + 1], source[i + 2]), 16))
        i += 2
      } else {
        bytes.push(byte)
      }
    }
    return new TextDecoder().decode(new Uint8Array(bytes))
  }

  function toUSVString(value) {
    return String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  }

  const LIST = Symbol('list')
  const OWNER = Symbol('url')

  class URLSearchParams {
    constructor(init = undefined) {
      this[LIST] = []
      this[OWNER] = null
      if (init === undefined || init === null) return
      if (typeof init === 'object' || typeof init === 'function') {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const entry = [...pair]
            if (entry.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple')
            this[LIST].push([toUSVString(entry[0]), toUSVString(entry[1])])
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            if (typeof key !== 'string') continue
            const descriptor = Reflect.getOwnPropertyDescriptor(init, key)
            if (descriptor && descriptor.enumerable) this[LIST].push([toUSVString(key), toUSVString(init[key])])
          }
        }
        return
      }
      this._parse(toUSVString(init))
    }

    _parse(text) {
      this[LIST] = []
      if (text.startsWith('?')) text = text.slice(1)
      for (const part of text.split('&')) {
        if (part === '') continue
        const eq = part.indexOf('=')
        const name = eq === -1 ? part : part.slice(0, eq)
        const value = eq === -1 ? '' : part.slice(eq + 1)
        this[LIST].push([formDecode(name), formDecode(value)])
      }
    }

    _update() {
      const url = this[OWNER]
      if (url === null) return
      const query = this.toString()
      url.search = query === '' ? '' : '?' + query
    }

    get size() { return this[LIST].length }
    append(name, value) { this[LIST].push([toUSVString(name), toUSVString(value)]); this._update() }
    delete(name, value = undefined) {
      name = toUSVString(name)
      this[LIST] = this[LIST].filter(([n, v]) => !(n === name && (value === undefined || v === toUSVString(value))))
      this._update()
    }
    get(name) { name = toUSVString(name); const found = this[LIST].find(([n]) => n === name); return found ? found[1] : null }
    getAll(name) { name = toUSVString(name); return this[LIST].filter(([n]) => n === name).map(([, v]) => v) }
    has(name, value = undefined) {
      name = toUSVString(name)
      return this[LIST].some(([n, v]) => n === name && (value === undefined || v === toUSVString(value)))
    }
    set(name, value) {
      name = toUSVString(name)
      value = toUSVString(value)
      const index = this[LIST].findIndex(([n]) => n === name)
      if (index === -1) this[LIST].push([name, value])
      else this[LIST] = this[LIST].filter(([n], i) => n !== name || i === index).map((e, i) => (e[0] === name ? [name, value] : e))
      this._update()
    }
    sort() {
      // Stable, by UTF-16 code units of the names.
      this[LIST] = this[LIST].map((e, i) => [e, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(([e]) => e)
      this._update()
    }
    forEach(callback, thisArg = undefined) {
      for (const [name, value] of this[LIST]) callback.call(thisArg, value, name, this)
    }
    *entries() { for (const [name, value] of this[LIST]) yield [name, value] }
    *keys() { for (const [name] of this[LIST]) yield name }
    *values() { for (const [, value] of this[LIST]) yield value }
    [Symbol.iterator]() { return this.entries() }
    toString() { return this[LIST].map(([n, v]) => formEncode(n) + '=' + formEncode(v)).join('&') }
    get [Symbol.toStringTag]() { return 'URLSearchParams' }
  }

  // Boa's URL has no searchParams: a URLSearchParams kept in step with the URL's query.
  const PARAMS = new WeakMap()
  Object.defineProperty(URL.prototype, 'searchParams', {
    configurable: true,
    enumerable: true,
    get() {
      let params = PARAMS.get(this)
      if (!params) {
        params = new URLSearchParams(this.search)
        params[OWNER] = this
        PARAMS.set(this, params)
      } else {
        params._parse(this.search)
      }
      return params
    },
  })

  // ---- DOMException, Event, EventTarget (https://dom.spec.whatwg.org/) ---------------------

  const DOM_CODES = { IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidAccessError: 15, TimeoutError: 23, DataCloneError: 25, AbortError: 20 }

  class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message)
      Object.defineProperty(this, 'name', { value: String(name), configurable: true, writable: true })
    }
    get code() { return DOM_CODES[this.name] || 0 }
  }

  const timeOrigin = Date.now()
  const now = () => {
    const [seconds, nanos] = hrtime()
    return seconds * 1e3 + nanos / 1e6
  }
  const START = now()

  const STATE = Symbol('event')

  class Event {
    constructor(type, options = {}) {
      if (arguments.length === 0) throw new TypeError('The "type" argument must be specified')
      this[STATE] = {
        type: String(type), bubbles: Boolean(options && options.bubbles), cancelable: Boolean(options && options.cancelable),
        composed: Boolean(options && options.composed), defaultPrevented: false, stop: false, stopImmediate: false,
        target: null, currentTarget: null, timeStamp: now() - START, phase: 0,
      }
    }
    get type() { return this[STATE].type }
    get bubbles() { return this[STATE].bubbles }
    get cancelable() { return this[STATE].cancelable }
    get composed() { return this[STATE].composed }
    get defaultPrevented() { return this[STATE].defaultPrevented }
    get target() { return this[STATE].target }
    get currentTarget() { return this[STATE].currentTarget }
    get srcElement() { return this[STATE].target }
    get eventPhase() { return this[STATE].phase }
    get timeStamp() { return this[STATE].timeStamp }
    get isTrusted() { return false }
    get returnValue() { return !this[STATE].defaultPrevented }
    composedPath() { return this[STATE].currentTarget ? [this[STATE].currentTarget] : [] }
    preventDefault() { if (this[STATE].cancelable) this[STATE].defaultPrevented = true }
    stopPropagation() { this[STATE].stop = true }
    stopImmediatePropagation() { this[STATE].stop = true; this[STATE].stopImmediate = true }
    get [Symbol.toStringTag]() { return 'Event' }
  }
  Object.assign(Event, { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 })

  class CustomEvent extends Event {
    constructor(type, options = {}) {
      super(type, options)
      this[STATE].detail = options && options.detail !== undefined ? options.detail : null
    }
    get detail() { return this[STATE].detail }
    get [Symbol.toStringTag]() { return 'CustomEvent' }
  }

  const LISTENERS = Symbol('listeners')

  class EventTarget {
    constructor() { this[LISTENERS] = new Map() }
    addEventListener(type, listener, options = {}) {
      if (listener === null || listener === undefined) return
      const once = typeof options === 'object' && options !== null && Boolean(options.once)
      const signal = typeof options === 'object' && options !== null ? options.signal : undefined
      if (signal && signal.aborted) return
      if (!this[LISTENERS]) this[LISTENERS] = new Map()
      let list = this[LISTENERS].get(String(type))
      if (!list) this[LISTENERS].set(String(type), (list = []))
      if (list.some((entry) => entry.listener === listener)) return
      const entry = { listener, once }
      list.push(entry)
      if (signal) signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true })
    }
    removeEventListener(type, listener) {
      const list = this[LISTENERS] && this[LISTENERS].get(String(type))
      if (!list) return
      const index = list.findIndex((entry) => entry.listener === listener)
      if (index !== -1) list.splice(index, 1)
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError('The "event" argument must be an instance of Event')
      const state = event[STATE]
      state.target = this
      state.currentTarget = this
      state.phase = 2
      const list = (this[LISTENERS] && this[LISTENERS].get(state.type)) || []
      for (const entry of [...list]) {
        if (entry.once) this.removeEventListener(state.type, entry.listener)
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event)
          else if (entry.listener && typeof entry.listener.handleEvent === 'function') entry.listener.handleEvent(event)
        } catch (error) {
          // As in Node: a throwing listener does not stop the others; report it asynchronously.
          setTimeout(() => { throw error }, 0)
        }
        if (state.stopImmediate) break
      }
      state.currentTarget = null
      state.phase = 0
      return !state.defaultPrevented
    }
    get [Symbol.toStringTag]() { return 'EventTarget' }
  }

  // ---- AbortController / AbortSignal ------------------------------------------------------

  const SIGNAL = Symbol('signal')

  class AbortSignal extends EventTarget {
    constructor(key) {
      if (key !== SIGNAL) throw new TypeError('Illegal constructor')
      super()
      this[SIGNAL] = { aborted: false, reason: undefined, onabort: null }
    }
    get aborted() { return this[SIGNAL].aborted }
    get reason() { return this[SIGNAL].reason }
    get onabort() { return this[SIGNAL].onabort }
    set onabort(handler) { this[SIGNAL].onabort = handler }
    throwIfAborted() { if (this[SIGNAL].aborted) throw this[SIGNAL].reason }
    _abort(reason) {
      const state = this[SIGNAL]
      if (state.aborted) return
      state.aborted = true
      state.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason
      const event = new Event('abort')
      if (typeof state.onabort === 'function') state.onabort.call(this, event)
      this.dispatchEvent(event)
    }
    static abort(reason) { const signal = new AbortSignal(SIGNAL); signal._abort(reason); return signal }
    static timeout(ms) {
      const signal = new AbortSignal(SIGNAL)
      const timer = setTimeout(() => signal._abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms)
      if (timer && typeof timer.unref === 'function') timer.unref()
      return signal
    }
    static any(signals) {
      const signal = new AbortSignal(SIGNAL)
      for (const source of signals) {
        if (source.aborted) { signal._abort(source.reason); break }
        source.addEventListener('abort', () => signal._abort(source.reason), { once: true })
      }
      return signal
    }
    get [Symbol.toStringTag]() { return 'AbortSignal' }
  }

  class AbortController {
    constructor() { this[SIGNAL] = new AbortSignal(SIGNAL) }
    get signal() { return this[SIGNAL] }
    abort(reason) { this[SIGNAL]._abort(reason) }
    get [Symbol.toStringTag]() { return 'AbortController' }
  }

  // ---- performance -------------------------------------------------------------------------

  const performance = {
    timeOrigin,
    now: () => now() - START,
    mark: () => undefined,
    measure: () => undefined,
    clearMarks: () => undefined,
    clearMeasures: () => undefined,
    getEntries: () => [],
    getEntriesByName: () => [],
    getEntriesByType: () => [],
    toJSON() { return { timeOrigin } },
  }

  return { URLSearchParams, DOMException, Event, CustomEvent, EventTarget, AbortSignal, AbortController, performance }
})
