// Type definitions for require-vm-rs.
//
// `require('require-vm-rs')` is the function itself, as `require('require-vm')` is; it also
// carries `requireVM`, `requireVm` and `default` (the same function), the `RequireVmModule`
// class, `dispose` and `stats`. Exports come back as `any` unless a type argument says what
// the module is: `requireVM<typeof import('./x')>('./x')`.

declare namespace requireVM {
  /**
   * The globals of the engine. Its own enumerable properties become globals of the engine
   * (host values, seen live). After the call it also holds `module`, `exports`, `require`,
   * `__filename` and `__dirname` of the entry module and every global the entry module defined
   * (top-level `var`/`function`, assignments to undeclared names, `globalThis.x = …`).
   *
   * Declare a context as `const context: requireVM.ContextObject = {}` to read those back;
   * any object is accepted where a context object is expected.
   */
  interface ContextObject {
    module?: { exports: any; [key: string]: any }
    exports?: any
    require?: (request: string) => any
    __filename?: string
    __dirname?: string
    [global: string]: any
  }

  /**
   * `{ request: value }`: when any module of the tree requires `request` (as written, or as its
   * resolved absolute path), it gets `value` itself (a host value, seen live). Entries win over
   * built-ins and files.
   */
  interface ModuleMap {
    readonly [request: string]: unknown
  }

  interface Options {
    /**
     * Directories to resolve `request` from, as `require.resolve(request, { paths })` does.
     * Default: the directory of the file that called `requireVM` and its `node_modules` chain.
     */
    paths?: readonly string[]
    /** The name of the entry file in stack traces. Default: its resolved path. */
    filename?: string
    /**
     * Milliseconds that one synchronous entry into the engine may run: the load, and every
     * later call into one of its values. Past it the call throws an `Error` with
     * `code: 'ERR_SCRIPT_EXECUTION_TIMEOUT'` and the engine is disposed. A positive number.
     */
    timeout?: number
    /**
     * MiB the engine may allocate. Past it the call throws an `Error` with
     * `code: 'ERR_REQUIRE_VM_MEMORY_LIMIT'` and the engine is disposed. A positive number.
     */
    memoryLimit?: number
    /**
     * The Node built-in modules the guest may require: `true` (all, the default) or a list of
     * names (`['path', 'events']`; `'node:path'` is the same as `'path'`, and `'fs'` allows
     * `'fs/promises'`). Any other built-in throws `code: 'ERR_REQUIRE_VM_DENIED'`.
     */
    builtins?: true | readonly string[]
  }

  /** What `stats()` reports (for tests and monitoring). */
  interface RequireVmStats {
    /** Engines not yet freed (alive, or unreachable but not yet finalized). */
    liveEngines: number
    /**
     * Bytes the addon currently holds from the allocator (every engine and the bridge), plus the
     * engines' WebAssembly linear memory.
     */
    addonBytes: number
    /**
     * What the addon last reported to V8 as memory held outside V8's heap (so that V8 collects
     * when engines pile up): `addonBytes` within 1 MiB, less the WebAssembly memory the host
     * sees through live views, which V8 counts itself.
     */
    reportedToV8: number
    /** Whether finalized engines are waiting to be freed at the next entry into the addon. */
    pendingFinalizers: boolean
    /**
     * WebAssembly modules this process compiled while an engine waited (by Winch for a module
     * new to the process, by Cranelift with `isCache` or `REQUIRE_VM_WASM_COMPILER=cranelift`).
     * Modules are kept by a hash of their bytes, so instantiating the same bytes again in any
     * engine does not add to this.
     */
    wasmModulesCompiled: number
    /** Times an engine got a module this process had already compiled (or read from disk). */
    wasmModuleCacheHits: number
    /** Modules read back from the on-disk cache (`isCache`) instead of compiled. */
    wasmModulesFromDisk: number
    /** Modules Cranelift finished compiling in the background, for engines made afterwards. */
    wasmModulesOptimized: number
    /** Modules Cranelift is compiling in the background now. */
    wasmModulesOptimizing: number
  }

  interface StatsOptions {
    /** Run the engines' garbage collector and return memory to the system first. */
    collect?: boolean
  }

  /** An `Error` thrown by requireVM, with a Node-style `code`. */
  interface RequireVmError extends Error {
    code:
      | 'ERR_INVALID_ARG_TYPE'
      | 'ERR_INVALID_ARG_VALUE'
      | 'MODULE_NOT_FOUND'
      | 'ERR_REQUIRE_VM_DENIED'
      | 'ERR_SCRIPT_EXECUTION_TIMEOUT'
      | 'ERR_REQUIRE_VM_MEMORY_LIMIT'
      | 'ERR_REQUIRE_VM_DISPOSED'
      | (string & {})
  }

  /** The exports of the package: `requireVM` itself, with its companions as properties. */
  interface RequireVM {
    /**
     * Loads `request` into its own engine and returns its `module.exports` as live proxies.
     * Relative requests resolve from the directory of the calling file.
     */
    <T = any>(request: string): T
    <T = any>(request: string, contextObject: object | null | undefined): T
    <T = any>(request: string, contextObject: object | null | undefined, options: Options | undefined): T
    <T = any>(
      request: string,
      contextObject: object | null | undefined,
      options: Options | undefined,
      moduleMap: ModuleMap | undefined,
    ): T
    /**
     * `isCache`: reuse the parsed and compiled code of a file across calls (keyed by path, size
     * and mtime), and keep the engine's compiled WebAssembly on disk for later processes.
     */
    <T = any>(
      request: string,
      contextObject: object | null | undefined,
      options: Options | undefined,
      moduleMap: ModuleMap | undefined,
      isCache: boolean | undefined,
    ): T

    /** The same function. */
    readonly requireVM: RequireVM
    /** The same function (the name `require-vm` exports). */
    readonly requireVm: RequireVM
    /** The same function. */
    readonly default: RequireVM

    /** One engine that loads several modules (shared globals and module cache). */
    readonly RequireVmModule: typeof RequireVmModule

    /**
     * Frees, now, the engine that `value` came from: any value it returned, its context object,
     * or a `RequireVmModule`. Returns `true` if that engine was alive. Later use of its values
     * throws `code: 'ERR_REQUIRE_VM_DISPOSED'`, except the functions the module handed to the
     * host (listeners, I/O callbacks): called by the host, they do nothing.
     */
    dispose(value: unknown): boolean

    /** Figures for tests and monitoring. */
    stats(options?: StatsOptions | null): RequireVmStats
  }

  /** An instance of `requireVM.RequireVmModule`. */
  type RequireVmModule = RequireVmModuleInstance
}

/** One engine that loads several modules, sharing globals and the module cache. */
declare class RequireVmModule {
  /**
   * @param filename the file whose directory relative requests resolve from (e.g.
   *   `__filename`); default: the file that calls `requireVm`.
   */
  constructor(
    filename?: string | null,
    contextObject?: object | null,
    options?: requireVM.Options,
    moduleMap?: requireVM.ModuleMap,
    isCache?: boolean,
  )
  /** Loads `request` into this engine and returns its exports (live proxies). */
  requireVm<T = any>(request: string): T
  /** The same as `requireVm`. */
  requireVM<T = any>(request: string): T
  /** Frees the engine now; returns `true` if it was alive. */
  dispose(): boolean
}
type RequireVmModuleInstance = RequireVmModule

declare const requireVM: requireVM.RequireVM

export = requireVM
