// The `WebAssembly` namespace around its native parts (src/builtins/wasm/): the three error
// classes, and the functions that answer with promises. Evaluates to a function of the native
// parts, which returns { WebAssembly, CompileError, LinkError, RuntimeError }.
(function (native) {
  'use strict'

  // Like the JS API's NativeError-style classes: subclasses of Error, callable without `new`.
  function errorClass(name) {
    const ErrorClass = function (message, options) {
      if (new.target === undefined) return Reflect.construct(ErrorClass, arguments)
      return Reflect.construct(Error, arguments, new.target)
    }
    Object.defineProperty(ErrorClass, 'name', { value: name })
    Object.setPrototypeOf(ErrorClass, Error)
    const prototype = Object.create(Error.prototype, {
      constructor: { value: ErrorClass, writable: true, configurable: true },
      name: { value: name, writable: true, configurable: true },
      message: { value: '', writable: true, configurable: true },
    })
    Object.defineProperty(ErrorClass, 'prototype', { value: prototype, writable: false })
    return ErrorClass
  }
  const CompileError = errorClass('CompileError')
  const LinkError = errorClass('LinkError')
  const RuntimeError = errorClass('RuntimeError')

  const { Module, Instance, Memory, Table, Global, validate, isModule, later } = native

  // Compilation and instantiation settle in a later task of the host's event loop, as in V8
  // (which compiles in the background): code that sets a callback after starting them, such as
  // `cv.onRuntimeInitialized = …` after `require('opencv.js')`, sees it called, as under Node.
  function settleLater(make) {
    return new Promise((resolve, reject) => {
      later(() => {
        try {
          resolve(make())
        } catch (error) {
          reject(error)
        }
      })
    })
  }

  function compile(bytes) {
    return settleLater(() => new Module(bytes))
  }

  function instantiate(source, importObject) {
    return settleLater(() => {
      if (isModule(source)) return new Instance(source, importObject)
      const module = new Module(source)
      return { module, instance: new Instance(module, importObject) }
    })
  }

  const WebAssembly = {}
  const members = {
    Module, Instance, Memory, Table, Global, CompileError, LinkError, RuntimeError,
    validate, compile, instantiate,
  }
  for (const name of Object.keys(members)) {
    Object.defineProperty(WebAssembly, name, { value: members[name], writable: true, configurable: true })
  }
  Object.defineProperty(WebAssembly, Symbol.toStringTag, { value: 'WebAssembly', configurable: true })
  return { WebAssembly, CompileError, LinkError, RuntimeError }
})
