//! The operations behind the addon's exports: making realms and engines, loading modules,
//! keeping `contextObject` in step with the engine's globals, disposing, reporting figures.
//! `index.js` (with `lib/validate.js`) validates the user's arguments before calling these (so
//! bad input is a `TypeError` of the caller's realm); they check what they rely on again.

mod context_object;

pub use context_object::{read_global, write_global};

use std::ffi::c_void;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use boa_engine::{Context, JsValue};
use napi::sys::{napi_env, napi_type_tag};

use crate::bridge::napi::{Kind, NapiResult, Ref, Value, env};
use crate::bridge::realm::HostRealm;
use crate::bridge::{BridgeState, errors, guest_proxy, to_guest, to_host};
use crate::builtins::{NodeBuiltins, globals};
use crate::engine::{Engine, EngineError, EngineOptions, deferred, memory};
use crate::loader::Policy;
use crate::loader::{self, LoaderState};

/// What `createEngine`'s handle holds.
pub struct EngineHandle {
    pub engine: Rc<Engine>,
}

impl EngineHandle {
    fn new(engine: Rc<Engine>) -> Self {
        engine.host_handle(true);
        Self { engine }
    }
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        self.engine.host_handle(false);
    }
}

unsafe extern "C" fn finalize_boxed<T: 'static>(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    crate::bridge::entry::finalizer(env, || {
        // SAFETY: `data` is the `Box<T>` made by `external` below; this finalizer runs once.
        deferred::defer_drop(unsafe { Box::from_raw(data.cast::<T>()) });
    });
}

/// A Rust type that crosses to JavaScript boxed in an external, under a Node-API type tag of
/// its own, so that a value coming back is recognised by the tag, never by trust: a foreign
/// external (another type's, another addon's) is refused instead of reinterpreted.
pub trait ExternalType: 'static {
    /// 128 random bits, unique per type.
    const TAG: napi_type_tag;
}

impl ExternalType for EngineHandle {
    const TAG: napi_type_tag = napi_type_tag { lower: 0x9b2f_6c1d_58e4_a307, upper: 0x4e71_d0a8_3c95_b26f };
}

impl ExternalType for Rc<HostRealm> {
    const TAG: napi_type_tag = napi_type_tag { lower: 0x15c8_e94a_7f03_bd62, upper: 0xd64b_2a97_e1f0_583c };
}

/// Boxes `value` into a tagged JavaScript external; V8's GC frees it (at a safe moment).
pub fn external<T: ExternalType>(value: T) -> NapiResult<Value> {
    let env = env();
    let data = Box::into_raw(Box::new(value)).cast::<c_void>();
    let external = env.external(data, Some(finalize_boxed::<T>)).inspect_err(|_| {
        // SAFETY: no external was made, so no finalizer owns the box: it is still ours.
        drop(unsafe { Box::from_raw(data.cast::<T>()) });
    })?;
    env.type_tag(external, &T::TAG)?;
    Ok(external)
}

/// Runs `f` on the value inside `value` if `value` is an external made by [`external::<T>`];
/// `None` for anything else, another type's external included.
pub fn with_external<T: ExternalType, R>(value: Value, f: impl FnOnce(&T) -> R) -> Option<R> {
    let env = env();
    if !env.has_type_tag(value, &T::TAG) {
        return None;
    }
    let data = env.external_data(value)?;
    // SAFETY: only `external::<T>` sets `T::TAG` on an external, so `data` is its `Box<T>`, which
    // the external owns until its finalizer; the external is alive while `value`, a handle of the
    // current scope, is, and the reference does not outlive `f`.
    Some(f(unsafe { &*data.cast::<T>() }))
}

pub fn create_realm(hooks: Value) -> NapiResult<Value> {
    external(HostRealm::new(hooks)?)
}

pub struct EngineSpec {
    pub timeout_ms: Option<f64>,
    pub memory_limit_mib: Option<f64>,
    pub builtins: Policy,
    pub package_dir: PathBuf,
    pub on_worker_thread: bool,
}

pub fn create_engine(realm: Rc<HostRealm>, spec: EngineSpec) -> NapiResult<Value> {
    let options = EngineOptions {
        timeout: spec.timeout_ms.map(|ms| Duration::from_secs_f64(ms / 1000.0)),
        memory_limit: spec.memory_limit_mib.map(|mib| (mib * 1024.0 * 1024.0) as usize),
        on_worker_thread: spec.on_worker_thread,
    };
    let env = env();
    let engine = Engine::new(&options, Rc::new(loader::esm::EsmLoader))
        .map_err(|_| env.throw_message("could not create an engine"))?;
    engine.set_lasting(Rc::clone(&realm));
    let setup = engine.enter(|context| {
        // Inside the engine: `require.cache` belongs in its heap. Made in the shared heap, it
        // would refer into the engine and keep the whole realm past the engine's own collection.
        let loader = LoaderState::new(spec.package_dir, Rc::new(NodeBuiltins));
        *loader.policy.borrow_mut() = spec.builtins;
        engine.set_extension(loader);
        let bridge = BridgeState::new(realm, context)?;
        engine.set_extension(Rc::clone(&bridge));
        globals::install(context, &engine, &bridge)?;
        Ok(())
    });
    if let Err(error) = setup {
        return Err(errors::throw_on_host(&engine, error));
    }
    engine.seal_setup();
    // `[handle, anchor]`: whoever keeps the handle must keep the anchor too (see
    // `BridgeState::anchor`); the anchor is alive here as a handle of this call's scope.
    let anchor = match engine.extension::<BridgeState>() {
        Some(bridge) => bridge.anchor()?,
        None => return Err(env.throw_message("could not create an engine")),
    };
    let record = env.array(2)?;
    env.set_element(record, 0, external(EngineHandle::new(engine))?)?;
    env.set_element(record, 1, anchor)?;
    Ok(record)
}

/// Adds `moduleMap` entries to the engine.
pub fn map_modules(engine: &Rc<Engine>, module_map: Value) -> NapiResult<()> {
    let env = env();
    if !matches!(env.kind(module_map)?, Kind::Object | Kind::Function) {
        return Ok(());
    }
    let keys = own_enumerable_keys(module_map)?;
    let mut entries = Vec::with_capacity(keys.len());
    for key in keys {
        let name = env.get_string(key)?;
        let value = env.get(module_map, key)?;
        entries.push((name, Ref::strong(value)?));
    }
    if let Some(loader) = engine.extension::<LoaderState>() {
        loader.map_modules(entries);
    }
    Ok(())
}

pub(crate) fn own_enumerable_keys(object: Value) -> NapiResult<Vec<Value>> {
    let env = env();
    let mut keys = std::ptr::null_mut();
    crate::bridge::napi::napi_call!(
        env.raw(),
        napi_get_all_property_names(
            object,
            napi::sys::KeyCollectionMode::own_only,
            napi::sys::KeyFilter::enumerable | napi::sys::KeyFilter::skip_symbols,
            napi::sys::KeyConversion::numbers_to_strings,
            &mut keys
        )
    )?;
    let len = env.array_length(keys)?;
    (0..len).map(|i| env.get_element(keys, i)).collect()
}

pub struct LoadRequest {
    pub request: String,
    pub caller_dir: PathBuf,
    pub caller_file: Option<PathBuf>,
    pub paths: Vec<PathBuf>,
    pub use_cache: bool,
    pub display_name: Option<String>,
}

/// `requireVM(...)` once the engine is chosen: loads `request` as the entry module and returns
/// its exports for the host. A `contextObject` (with the engine handle it keeps alive) is linked
/// to the engine's globals both ways (see `context_object`).
pub fn load(engine: &Rc<Engine>, context_object: Option<(Value, Value)>, request: LoadRequest) -> NapiResult<Value> {
    if let Some(loader) = engine.extension::<LoaderState>() {
        loader.use_cache.set(request.use_cache);
        *loader.caller.borrow_mut() = request.caller_file.clone();
    }
    if let Some((object, handle)) = context_object {
        context_object::link(engine, object, handle)?;
    }
    // A load returns once the module and the promise jobs it queued have run.
    engine.enter_draining(|| {
        errors::run_in(engine, |context, bridge| {
            let module = load_entry(context, &request)?;
            let exports = match &module {
                Entry::Module(module) => module.get(boa_engine::js_string!("exports"), context)?,
                Entry::Value(value) => value.clone(),
            };
            Ok(to_host(context, bridge, &exports))
        })
    })
}

enum Entry {
    Module(boa_engine::JsObject),
    Value(JsValue),
}

fn load_entry(context: &mut Context, request: &LoadRequest) -> boa_engine::JsResult<Entry> {
    let (_, loader, bridge) = LoaderState::current()?;
    match loader::locate_entry(
        context,
        &loader,
        &request.request,
        &request.caller_dir,
        &request.paths,
        request.caller_file.as_deref(),
    )? {
        loader::EntryTarget::Value(value) => {
            let value = to_guest(context, &bridge, value)?;
            Ok(Entry::Value(value))
        }
        loader::EntryTarget::Builtin(name) => Ok(Entry::Value(crate::builtins::require_builtin(context, &name)?)),
        loader::EntryTarget::File(path) => {
            let module = loader::run_entry(context, &path, request.display_name.as_deref())?;
            Ok(Entry::Module(module))
        }
        loader::EntryTarget::EsModule(path) => {
            let module = loader::esm::module_for_file(context, &loader, &path, true)?;
            let namespace = loader::esm::evaluate_now(context, &module)?;
            Ok(Entry::Value(namespace.into()))
        }
    }
}

/// `dispose(value)`: frees the engine behind a proxy or an engine handle.
pub fn dispose(value: Value) -> NapiResult<bool> {
    let env = env();
    let engine = match env.kind(value)? {
        // Anything but our engine handle (a foreign external) is not ours to dispose.
        Kind::External => with_external(value, |handle: &EngineHandle| Rc::clone(&handle.engine)),
        Kind::Object | Kind::Function => guest_proxy::engine_of(value),
        _ => None,
    };
    Ok(match engine {
        Some(engine) => {
            let disposed = engine.dispose();
            if disposed {
                // The engine's heap was collected as it went; returning pages to the OS is
                // batched (`memory::engine_died`): trimming after every dispose costs a load.
                // Promises the host awaits from this engine reject with the disposal error.
                errors::reject_orphans(&engine, EngineError::Disposed);
            }
            disposed
        }
        None => false,
    })
}

/// `stats()`.
pub fn stats(collect: bool) -> NapiResult<Value> {
    if collect {
        memory::collect_now();
    }
    let env = env();
    let stats = env.object()?;
    env.set_named(stats, c"liveEngines", env.number(crate::engine::live_engines() as f64)?)?;
    env.set_named(stats, c"addonBytes", env.number(memory::total_bytes() as f64)?)?;
    env.set_named(stats, c"addonBytesRaw", env.number(memory::total_bytes_raw() as f64)?)?;
    env.set_named(stats, c"reportedToV8", env.number(crate::bridge::entry::reported_external_memory() as f64)?)?;
    env.set_named(stats, c"pendingFinalizers", env.boolean(deferred::is_pending())?)?;
    let wasm = crate::builtins::wasm::counters();
    env.set_named(stats, c"wasmModulesCompiled", env.number(wasm.compiled as f64)?)?;
    env.set_named(stats, c"wasmModuleCacheHits", env.number(wasm.cache_hits as f64)?)?;
    env.set_named(stats, c"wasmModulesFromDisk", env.number(wasm.from_disk as f64)?)?;
    env.set_named(stats, c"wasmModulesOptimized", env.number(wasm.optimized as f64)?)?;
    env.set_named(stats, c"wasmModulesOptimizing", env.number(wasm.optimizing as f64)?)?;
    Ok(stats)
}
