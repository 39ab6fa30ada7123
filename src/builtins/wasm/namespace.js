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

  const { Module, Instance, Memory, Table, Global, validate, isModule } = native

  // Compilation and instantiation run at once (wasmi compiles lazily, so both are quick); the
  // promises only give the results the asynchronous shape the JS API promises.
  function compile(bytes) {
    return new Promise((resolve) => resolve(new Module(bytes)))
  }

  function instantiate(source, importObject) {
    return new Promise((resolve) => {
      if (isModule(source)) {
        resolve(new Instance(source, importObject))
      } else {
        const module = new Module(source)
        resolve({ module, instance: new Instance(module, importObject) })
      }
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
