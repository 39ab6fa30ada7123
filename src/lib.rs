//! require-vm-rs: `require` a CommonJS module into its own disposable Boa engine.
//!
//! Layers, each depending only on those below it (see ARCHITECTURE.md): `engine` (a Boa context,
//! jobs, limits, lifetime), `bridge` (marshalling between Node and the engine), `loader` (CommonJS
//! and ES modules inside the engine), `builtins` (Node's built-ins and globals, which the loader
//! reaches through its `BuiltinModules` trait), and `api` with this file (the Node-API surface).
//! Beside them, used by any: `contract` (what the JavaScript half and the addon agree on) and
//! `error` (the errors we raise). `index.js` (with `lib/`) wraps these exports into the public
//! function.

mod api;
mod bridge;
mod builtins;
mod contract;
mod engine;
mod error;
mod loader;

use std::path::PathBuf;
use std::rc::Rc;

use napi::sys::{self, napi_callback_info, napi_env, napi_value};

use bridge::entry::entry;
use bridge::guest_traps;
use bridge::napi::{CallbackInfo, Env, Kind, NapiResult, Value};
use bridge::realm::HostRealm;
use loader::Policy;

#[global_allocator]
static ALLOCATOR: engine::memory::CountingAllocator = engine::memory::CountingAllocator;

/// Registers the addon with the experimental Node-API version: that is what makes Node run our
/// finalizers synchronously inside V8's GC, so engines are freed even inside a loop that never
/// yields (see ARCHITECTURE.md). Our finalizers only queue work (`engine::deferred`).
#[unsafe(no_mangle)]
pub extern "C" fn node_api_module_get_api_version_v1() -> i32 {
    const NAPI_VERSION_EXPERIMENTAL: i32 = 2_147_483_647;
    NAPI_VERSION_EXPERIMENTAL
}

type Callback = unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value;

const EXPORTS: &[(&str, Callback)] = &[
    ("createRealm", create_realm),
    ("createEngine", create_engine),
    ("mapModules", map_modules),
    ("load", load),
    ("dispose", dispose),
    ("readGlobal", read_global),
    ("writeGlobal", write_global),
    ("stats", stats),
    // Traps of the host proxies of guest values (lib/guest-proxy.js's handler forwards to these).
    ("get", guest_traps::get),
    ("set", guest_traps::set),
    ("has", guest_traps::has),
    ("deleteProperty", guest_traps::delete_property),
    ("ownKeys", guest_traps::own_keys),
    ("getOwnPropertyDescriptor", guest_traps::get_own_property_descriptor),
    ("defineProperty", guest_traps::define_property),
    ("getPrototypeOf", guest_traps::get_prototype_of),
    ("setPrototypeOf", guest_traps::set_prototype_of),
    ("isExtensible", guest_traps::is_extensible),
    ("preventExtensions", guest_traps::prevent_extensions),
    ("apply", guest_traps::apply),
    ("applyTo", guest_traps::apply_to),
    ("construct", guest_traps::construct),
    ("internKey", guest_traps::intern_key),
    ("proxyOf", guest_traps::proxy_of),
    ("thrownMarker", thrown_marker),
    ("inertMarker", inert_marker),
    ("takeThrown", take_thrown),
    ("sourceOf", guest_traps::source_of),
];

#[napi_derive::napi(module_exports)]
pub fn init(exports: napi::bindgen_prelude::Object, env: napi::Env) -> napi::Result<()> {
    use napi::JsValue;
    engine::limits::set_host_check(bridge::entry::host_runs_js);
    for (name, callback) in EXPORTS {
        let mut function = std::ptr::null_mut();
        // SAFETY: Node-API calls during module initialisation, on the loading thread, with
        // valid out-pointers; `name` is a static string of the given length.
        unsafe {
            let status = sys::napi_create_function(
                env.raw(),
                name.as_ptr().cast(),
                name.len() as isize,
                Some(*callback),
                std::ptr::null_mut(),
                &mut function,
            );
            napi::check_status!(status)?;
            let key = std::ffi::CString::new(*name).expect("export names have no NUL");
            napi::check_status!(sys::napi_set_named_property(env.raw(), exports.raw(), key.as_ptr(), function))?;
        }
    }
    Ok(())
}

unsafe extern "C" fn thrown_marker(env: sys::napi_env, _info: sys::napi_callback_info) -> sys::napi_value {
    bridge::entry::thrown_marker(Env(env))
}

unsafe extern "C" fn inert_marker(env: sys::napi_env, _info: sys::napi_callback_info) -> sys::napi_value {
    bridge::entry::inert_marker(Env(env))
}

unsafe extern "C" fn take_thrown(env: sys::napi_env, _info: sys::napi_callback_info) -> sys::napi_value {
    bridge::entry::take_thrown(Env(env))
}

fn realm_arg(env: Env, value: Value) -> NapiResult<Rc<HostRealm>> {
    api::with_external(value, |realm: &Rc<HostRealm>| Rc::clone(realm))
        .ok_or_else(|| env.throw_message("expected a realm"))
}

fn engine_arg(env: Env, value: Value) -> NapiResult<Rc<engine::Engine>> {
    api::with_external(value, |handle: &api::EngineHandle| Rc::clone(&handle.engine))
        .ok_or_else(|| env.throw_message("expected an engine"))
}

fn optional_number(env: Env, object: Value, name: &std::ffi::CStr) -> NapiResult<Option<f64>> {
    let value = env.get_named(object, name)?;
    Ok(match env.kind(value)? {
        Kind::Number => Some(env.get_number(value)?),
        _ => None,
    })
}

fn optional_string(env: Env, value: Value) -> NapiResult<Option<String>> {
    Ok(match env.kind(value)? {
        Kind::String => Some(env.get_string(value)?),
        _ => None,
    })
}

fn string_list(env: Env, value: Value) -> NapiResult<Vec<String>> {
    if !env.is_array(value)? {
        return Ok(Vec::new());
    }
    let len = env.array_length(value)?;
    (0..len).map(|i| env.get_element(value, i).and_then(|v| env.get_string(v))).collect()
}

/// `createRealm(hooks)`.
unsafe extern "C" fn create_realm(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<1>::read(env, info)?;
        api::create_realm(info.args[0])
    })
}

/// `createEngine(realm, { timeout, memoryLimit, builtins, packageDir, onWorkerThread })` →
/// `[handle, anchor]`.
unsafe extern "C" fn create_engine(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<2>::read(env, info)?;
        let realm = realm_arg(env, info.args[0])?;
        let options = info.args[1];
        let builtins = env.get_named(options, c"builtins")?;
        let builtins = if env.is_array(builtins)? { Policy::Only(string_list(env, builtins)?) } else { Policy::All };
        let package_dir = optional_string(env, env.get_named(options, c"packageDir")?)?.unwrap_or_default();
        api::create_engine(
            realm,
            api::EngineSpec {
                timeout_ms: optional_number(env, options, c"timeout")?,
                memory_limit_mib: optional_number(env, options, c"memoryLimit")?,
                builtins,
                package_dir: PathBuf::from(package_dir),
                on_worker_thread: env.truthy(env.get_named(options, c"onWorkerThread")?),
            },
        )
    })
}

/// `mapModules(engine, moduleMap)`.
unsafe extern "C" fn map_modules(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<2>::read(env, info)?;
        let engine = engine_arg(env, info.args[0])?;
        api::map_modules(&engine, info.args[1])?;
        Ok(env.undefined())
    })
}

/// `load(engine, contextObject, request, callerDir, callerFile, paths, isCache, filename)`.
unsafe extern "C" fn load(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<8>::read(env, info)?;
        let [engine, context_object, request, caller_dir, caller_file, paths, is_cache, filename] = info.args;
        let engine = engine_arg(env, engine)?;
        // The contextObject travels with the engine's external, which it keeps alive.
        let context_object = match env.kind(context_object)? {
            Kind::Object | Kind::Function => Some((context_object, info.args[0])),
            _ => None,
        };
        let request = api::LoadRequest {
            request: env.get_string(request)?,
            caller_dir: PathBuf::from(env.get_string(caller_dir)?),
            caller_file: optional_string(env, caller_file)?.map(PathBuf::from),
            paths: string_list(env, paths)?.into_iter().map(PathBuf::from).collect(),
            use_cache: env.kind(is_cache)? == Kind::Boolean && env.get_bool(is_cache)?,
            display_name: optional_string(env, filename)?,
        };
        api::load(&engine, context_object, request)
    })
}

/// `readGlobal(engine, name)`: a guest global, for a contextObject's accessor.
unsafe extern "C" fn read_global(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<2>::read(env, info)?;
        api::read_global(&engine_arg(env, info.args[0])?, info.args[1])
    })
}

/// `writeGlobal(engine, name, value)`.
unsafe extern "C" fn write_global(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<3>::read(env, info)?;
        api::write_global(&engine_arg(env, info.args[0])?, info.args[1], info.args[2])
    })
}

/// `dispose(value)`: `true` if it freed a live engine.
unsafe extern "C" fn dispose(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<1>::read(env, info)?;
        let disposed = api::dispose(info.args[0])?;
        env.boolean(disposed)
    })
}

/// `stats(collect)`.
unsafe extern "C" fn stats(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<1>::read(env, info)?;
        let collect = env.kind(info.args[0])? == Kind::Boolean && env.get_bool(info.args[0])?;
        api::stats(collect)
    })
}

/// The version of the Boa engine inside (for reports and bug templates).
#[napi_derive::napi]
pub fn boa_version() -> &'static str {
    "0.22.0"
}
