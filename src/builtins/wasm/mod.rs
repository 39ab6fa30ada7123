//! `WebAssembly` inside the engine: the JS API (`Module`, `Instance`, `Memory`, `Table`,
//! `Global`, `instantiate`, `compile`, `validate`, `CompileError`/`LinkError`/`RuntimeError`)
//! over wasmtime, compiling with Winch first and Cranelift in the background (`compile`).
//!
//! Every instance, memory and table the guest makes lives in one wasmtime `Store` per engine,
//! held by the engine's [`WasmState`] extension; the engine drops it when it is disposed or
//! dropped, and all wasm memory goes with it. Compiled modules belong to the process (one
//! wasmtime `Engine` per compiler and kind of code), shared by every engine that instantiates
//! the same bytes.
//!
//! - `compile`: the process's wasmtime engines, its modules by content hash, and the tiers;
//!   `disk_cache`: compiled modules on disk with `isCache`;
//! - `state`: the store, calls into wasm (stopped by the engine's interrupt through epochs in the
//!   code of engines with a `timeout`) and out of it (imports), identity of the objects
//!   standing for wasm things; `limiter`: `memoryLimit` for linear memory and tables;
//! - `module`: `Module` and `Instance` (linking imports, the `exports` object);
//! - `memory`: `Memory` and its `buffer`, an ArrayBuffer over the linear memory itself;
//! - `table`: `Table` and `Global`; `values`: the JS API's conversions; `errors`: the error
//!   classes; `namespace.js`: the namespace object and its promise-returning functions;
//! - `protection_keys`: the thread's memory protection keys, put back after a trap (V8's own
//!   wasm code needs them).

mod compile;
mod disk_cache;
mod errors;
mod limiter;
mod memory;
mod module;
mod protection_keys;
mod state;
mod table;
mod values;

use std::rc::Rc;

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::JsObject;
use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction, js_string};

pub use compile::counters;
pub use state::WasmState;

/// Makes the `WebAssembly` namespace of the running engine (the lazy global's maker).
pub fn namespace(context: &mut Context) -> JsResult<JsValue> {
    let engine = crate::engine::Engine::current()
        .ok_or_else(|| JsNativeError::error().with_message("WebAssembly: no engine is running"))?;
    let live_views = engine
        .extension::<crate::bridge::BridgeState>()
        .map(|bridge| Rc::clone(&bridge.live_views))
        .unwrap_or_default();
    let interrupts = compile::Interrupts::needed(engine.timeout_ms().is_some(), engine.on_worker_thread());
    let state = WasmState::new(engine.account(), live_views, interrupts);
    engine.set_extension(Rc::clone(&state));

    let natives = JsObject::with_null_proto();
    register::<module::ModuleObject>(context, &natives)?;
    register::<module::InstanceObject>(context, &natives)?;
    register::<memory::MemoryObject>(context, &natives)?;
    register::<table::TableObject>(context, &natives)?;
    register::<table::GlobalObject>(context, &natives)?;
    // `later`: our own setImmediate, which the guest cannot replace, to settle the JS API's
    // promises in a later task of the host loop, as V8 does.
    for (name, function) in [
        ("validate", module::validate as boa_engine::native_function::NativeFunctionPointer),
        ("isModule", module::is_module),
        ("later", super::timers::set_immediate),
    ] {
        let function = NativeFunction::from_fn_ptr(function).to_js_function(context.realm());
        natives.set(JsString::from(name), function, true, context)?;
    }

    let factory = super::globals::evaluate_builtin(context, "wasm.js", include_str!("namespace.js"))?;
    let made = factory.call(&JsValue::undefined(), &[natives.into()], context)?;
    let made = made
        .as_object()
        .ok_or_else(|| JsNativeError::error().with_message("WebAssembly: the namespace script failed"))?;
    *state.errors.borrow_mut() = Some(errors::ErrorClasses::from_namespace(&made, context)?);
    made.get(js_string!("WebAssembly"), context)
}

/// Builds class `C` for this realm (so `new` and Rust-made instances find its prototype) and
/// puts its constructor on `natives` rather than on the global object.
fn register<C: Class>(context: &mut Context, natives: &JsObject) -> JsResult<()> {
    let mut builder = ClassBuilder::new::<C>(context);
    C::init(&mut builder)?;
    let class = builder.build();
    natives.set(js_string!(C::NAME), class.constructor(), true, context)?;
    context.realm().register_class::<C>(class);
    Ok(())
}
