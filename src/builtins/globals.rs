//! The globals Node code expects inside the engine: `global`, `console` (forwarded to the
//! host's console, so Jest captures it), timers, `queueMicrotask`, `structuredClone`,
//! `TextEncoder`/`TextDecoder`, `URL`/`URLSearchParams`, `atob`/`btoa` (these from
//! `boa_runtime`), `Buffer`, `process` when `options.builtins` allows it, and `WebAssembly`.
//!
//! `Buffer`, `process`, `WebAssembly`, the classes (`TextEncoder`, `TextDecoder`, `URL` and the
//! web APIs) are made on first use, so an engine that never touches them does not pay for
//! loading the `buffer` and `events` packages, for a wasm store or for classes of dozens of
//! methods (a tenth of making an engine).

use std::rc::Rc;

use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{Context, Finalize, JsResult, JsString, JsValue, NativeFunction, Trace, js_string};

use boa_runtime::extensions::RuntimeExtension as _;

use super::{allowed, require_builtin, timers};
use crate::bridge::napi::env;
use crate::bridge::{BridgeState, HostResult, all_to_host, outcall, to_guest};
use crate::contract::ErrorCode;
use crate::engine::Engine;
use crate::loader::NODE_BUILTINS;

const CONSOLE_METHODS: &[&str] = &[
    "log",
    "info",
    "warn",
    "error",
    "debug",
    "trace",
    "dir",
    "dirxml",
    "table",
    "time",
    "timeEnd",
    "timeLog",
    "count",
    "countReset",
    "group",
    "groupCollapsed",
    "groupEnd",
    "assert",
];

pub fn install(context: &mut Context, engine: &Rc<Engine>, bridge: &BridgeState) -> JsResult<()> {
    let global = context.global_object();
    global.set(js_string!("global"), global.clone(), true, context)?;
    timers::install(context, engine, bridge)?;
    super::microtasks::install(engine);
    use boa_runtime::extensions::{Base64Extension, MicrotaskExtension, StructuredCloneExtension};
    boa_runtime::register_extensions((Base64Extension, MicrotaskExtension, StructuredCloneExtension), None, context)?;
    for (index, lazy) in LAZY_GLOBALS.iter().enumerate() {
        if (lazy.wanted)(engine) {
            define_lazy(context, index)?;
        }
    }
    install_error_statics(context)?;
    Ok(())
}

/// A global made on first read, and replaced by whatever the guest assigns: until then an
/// accessor pair on the global object. Once read, a data property that is not enumerable, as
/// Node's.
struct LazyGlobal {
    name: &'static str,
    make: fn(&mut Context, &'static str) -> JsResult<JsValue>,
    /// Whether the engine has this global at all.
    wanted: fn(&Engine) -> bool,
}

const ALWAYS: fn(&Engine) -> bool = |_| true;

/// The lazy globals, in the order they are defined: `console`, the classes (`TextEncoder`,
/// `TextDecoder` and `URL` are boa_runtime's, each a class with a prototype of methods and
/// accessors; js/web.js has the web APIs Boa lacks, and wraps `URL` so that its `searchParams`
/// exists before anyone reads it), `Intl`, `Buffer` (pure JavaScript: a global whatever
/// `options.builtins` says), `process` and `WebAssembly`.
const LAZY_GLOBALS: [LazyGlobal; 16] = [
    LazyGlobal { name: "console", make: |context, _| make_console(context), wanted: ALWAYS },
    LazyGlobal { name: "TextEncoder", make: encoding_class, wanted: ALWAYS },
    LazyGlobal { name: "TextDecoder", make: encoding_class, wanted: ALWAYS },
    LazyGlobal { name: "URL", make: url_class, wanted: ALWAYS },
    LazyGlobal { name: "URLSearchParams", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "DOMException", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "Event", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "CustomEvent", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "EventTarget", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "AbortSignal", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "AbortController", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "performance", make: web_global, wanted: ALWAYS },
    LazyGlobal { name: "Intl", make: super::intl::namespace, wanted: |_| !cfg!(feature = "boa-intl") },
    LazyGlobal { name: "Buffer", make: buffer_global, wanted: ALWAYS },
    LazyGlobal {
        name: "process",
        make: |context, _| require_builtin(context, "process"),
        wanted: |engine| allowed(engine, "process"),
    },
    LazyGlobal { name: "WebAssembly", make: |context, _| super::wasm::namespace(context), wanted: ALWAYS },
];

fn buffer_global(context: &mut Context, _: &'static str) -> JsResult<JsValue> {
    let buffer = super::require_builtin_as(context, "buffer", true)?;
    match buffer.as_object() {
        Some(module) => module.get(js_string!("Buffer"), context),
        None => Ok(JsValue::undefined()),
    }
}

macro_rules! lazy_accessors {
    ($($index:literal)*) => {
        [$((lazy_get::<$index> as NativeFunctionPointer, lazy_set::<$index> as NativeFunctionPointer)),*]
    };
}

/// The accessors of each lazy global, by index. Plain function pointers: closures capturing the
/// entry would be two more GC objects per global, in every engine.
const LAZY_ACCESSORS: [(NativeFunctionPointer, NativeFunctionPointer); LAZY_GLOBALS.len()] =
    lazy_accessors!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);

fn lazy_get<const INDEX: usize>(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let lazy = &LAZY_GLOBALS[INDEX];
    let value = (lazy.make)(context, lazy.name)?;
    define_data(context, lazy.name, value.clone())?;
    Ok(value)
}

fn lazy_set<const INDEX: usize>(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    define_data(context, LAZY_GLOBALS[INDEX].name, args.first().cloned().unwrap_or_default())?;
    Ok(JsValue::undefined())
}

/// Defines the lazy global at `index` of [`LAZY_GLOBALS`].
fn define_lazy(context: &mut Context, index: usize) -> JsResult<()> {
    let (get, set) = LAZY_ACCESSORS[index];
    let getter =
        FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(get)).name(js_string!("get")).build();
    let setter =
        FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(set)).name(js_string!("set")).build();
    context.global_object().define_property_or_throw(
        JsString::from(LAZY_GLOBALS[index].name),
        PropertyDescriptor::builder().get(getter).set(setter).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}

/// Classes boa_runtime registers on the global together: `names` are the globals `register`
/// defines.
struct RuntimeClasses {
    names: &'static [&'static str],
    register: fn(&mut Context) -> JsResult<()>,
}

const ENCODING_CLASSES: RuntimeClasses = RuntimeClasses {
    names: &["TextEncoder", "TextDecoder"],
    register: |context| {
        boa_runtime::extensions::EncodingExtension.register(None, context)?;
        super::transcode::install_encode_into(context)
    },
};

const URL_CLASSES: RuntimeClasses = RuntimeClasses {
    names: &["URL"],
    register: |context| {
        boa_runtime::extensions::UrlExtension.register(None, context)?;
        Ok(())
    },
};

fn encoding_class(context: &mut Context, name: &'static str) -> JsResult<JsValue> {
    runtime_class(context, name, &ENCODING_CLASSES)
}

/// `URL`, wrapped by js/web.js so that its `searchParams` exists before anyone reads it.
fn url_class(context: &mut Context, name: &'static str) -> JsResult<JsValue> {
    let class = runtime_class(context, name, &URL_CLASSES)?;
    web_globals(context)?;
    Ok(class)
}

/// The class `name` of `group`, registering the group aside the first time: the registration
/// defines globals, and the global object must stay what the program made it (a lazy accessor
/// not yet read, or whatever the program assigned), so each name's own property is put back
/// after the class is read.
fn runtime_class(context: &mut Context, name: &'static str, group: &RuntimeClasses) -> JsResult<JsValue> {
    debug_assert!(group.names.contains(&name));
    let state = current_state()?;
    if let Some(class) = state.runtime_classes.borrow().get(name) {
        return Ok(class.clone());
    }
    // The own properties themselves, not descriptor objects: those would read inherited fields.
    let global = context.global_object();
    let before: Vec<_> = group
        .names
        .iter()
        .map(|&member| {
            let key = PropertyKey::from(JsString::from(member));
            let own = global.borrow().properties().get(&key);
            (member, key, own)
        })
        .collect();
    (group.register)(context)?;
    for (member, key, own) in before {
        let class = global.get(key.clone(), context)?;
        state.runtime_classes.borrow_mut().insert(member, class);
        match own {
            Some(own) => global.define_property_or_throw(key, own, context)?,
            None => global.delete_property_or_throw(key, context)?,
        };
    }
    Ok(state.runtime_classes.borrow().get(name).cloned().unwrap_or_default())
}

/// The running engine's built-ins state (the lazy globals' getters run inside an engine).
fn current_state() -> JsResult<Rc<super::BuiltinsState>> {
    let engine = crate::engine::Engine::current().ok_or_else(|| crate::bridge::host_failure("no engine"))?;
    Ok(super::state(&engine))
}

/// One of the web globals, evaluating js/web.js the first time.
fn web_global(context: &mut Context, name: &'static str) -> JsResult<JsValue> {
    web_globals(context)?.get(JsString::from(name), context)
}

/// The globals js/web.js makes, evaluating it (with the engine's own classes) the first time.
fn web_globals(context: &mut Context) -> JsResult<JsObject> {
    let state = current_state()?;
    if let Some(globals) = state.web.borrow().clone() {
        return Ok(globals);
    }
    let factory = evaluate_builtin(context, "web.js", include_str!("js/web.js"))?;
    let url = runtime_class(context, "URL", &URL_CLASSES)?;
    let encoder = encoding_class(context, "TextEncoder")?;
    let decoder = encoding_class(context, "TextDecoder")?;
    let hrtime = NativeFunction::from_fn_ptr(hrtime).to_js_function(context.realm());
    let set_timeout = context.global_object().get(js_string!("setTimeout"), context)?;
    let globals = factory
        .call(&JsValue::undefined(), &[url, encoder, decoder, hrtime.into(), set_timeout], context)?
        .as_object()
        .ok_or_else(|| crate::bridge::host_failure("web.js did not return its globals"))?;
    *state.web.borrow_mut() = Some(globals.clone());
    Ok(globals)
}

/// V8's `Error.captureStackTrace(object)` and `Error.stackTraceLimit`, which much npm code
/// calls unguarded: gives `object` a `stack` from the current call stack.
fn install_error_statics(context: &mut Context) -> JsResult<()> {
    let error = context.intrinsics().constructors().error().constructor();
    let capture = NativeFunction::from_fn_ptr(|_, args, context| {
        let Some(target) = args.first().and_then(JsValue::as_object) else {
            return Err(boa_engine::JsNativeError::typ()
                .with_message("Error.captureStackTrace requires an object")
                .into());
        };
        let probe = boa_engine::JsNativeError::error().into_opaque(context);
        let frames = probe.get(js_string!("stack"), context)?;
        let frames = if frames.is_undefined() { JsString::default() } else { frames.to_string(context)? };
        let name = target.get(js_string!("name"), context)?;
        let message = target.get(js_string!("message"), context)?;
        let mut header =
            if name.is_undefined() { "Error".to_owned() } else { name.to_string(context)?.to_std_string_escaped() };
        if !message.is_undefined() {
            let message = message.to_string(context)?.to_std_string_escaped();
            if !message.is_empty() {
                header = format!("{header}: {message}");
            }
        }
        let stack = JsString::from(format!("{header}\n{}", frames.to_std_string_escaped()).as_str());
        target.define_property_or_throw(
            js_string!("stack"),
            PropertyDescriptor::builder().value(stack).writable(true).enumerable(false).configurable(true),
            context,
        )?;
        Ok(JsValue::undefined())
    })
    .to_js_function(context.realm());
    error.set(js_string!("captureStackTrace"), capture, true, context)?;
    error.set(js_string!("stackTraceLimit"), 10, true, context)?;
    Ok(())
}

#[derive(Trace, Finalize)]
struct Method(#[unsafe_ignore_trace] &'static str);

fn make_console(context: &mut Context) -> JsResult<JsValue> {
    let console = JsObject::with_object_proto(context.intrinsics());
    for name in CONSOLE_METHODS {
        let function = NativeFunction::from_copy_closure_with_captures(
            |_, args, method: &Method, context| {
                let args = args.to_vec();
                outcall(context, |context, bridge| {
                    let env = env();
                    let console = bridge.realm.console.value();
                    let method = env.string(method.0).guest(context, bridge)?;
                    let function = env.get(console, method).guest(context, bridge)?;
                    let host_args = all_to_host(context, bridge, &args).guest(context, bridge)?;
                    bridge.call_host(context, console, function, &host_args).guest(context, bridge)?;
                    Ok(JsValue::undefined())
                })
            },
            Method(name),
        );
        let function = FunctionObjectBuilder::new(context.realm(), function).name(JsString::from(*name)).build();
        console.set(JsString::from(*name), function, true, context)?;
    }
    Ok(console.into())
}

fn define_data(context: &mut Context, name: &str, value: JsValue) -> JsResult<()> {
    context.global_object().define_property_or_throw(
        JsString::from(name),
        PropertyDescriptor::builder().value(value).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    Ok(())
}

/// The `process` our built-ins' packages see when the guest may not have one: the little
/// they read (`env`, `nextTick`, `version`…), with nothing of the host behind it.
///
/// With `forward`, the guest may have the real `process`: the stand-in forwards every read to
/// it, made on first use (not now: making it loads `events`, which may be loading right now).
pub fn process_shim(context: &mut Context, forward: bool) -> JsResult<JsValue> {
    let factory = evaluate_builtin(context, "process-shim.js", include_str!("js/process-shim.js"))?;
    let real: JsValue = if forward {
        NativeFunction::from_fn_ptr(|_, _, context| require_builtin(context, "process"))
            .to_js_function(context.realm())
            .into()
    } else {
        JsValue::undefined()
    };
    factory.call(&JsValue::undefined(), &[real], context)
}

/// Completes a pure built-in where its npm package falls behind Node (see js/complete.js):
/// `util.format`/`inspect` are the host's own (exact Node output, applied to the guest's
/// values through the bridge), `querystring.escape`/`unescape` are added.
pub fn complete_module(context: &mut Context, bridge: &BridgeState, name: &str, exports: &JsValue) -> JsResult<()> {
    let host_module = match name {
        "util" => outcall(context, |context, bridge| {
            let env = env();
            let module = env
                .string("node:util")
                .and_then(|n| env.call(env.undefined(), bridge.realm.host_require.value(), &[n]))
                .guest(context, bridge)?;
            to_guest(context, bridge, module)
        })?,
        _ => JsValue::undefined(),
    };
    let _ = bridge;
    // The brand checks util.js replaces with its own (see js/complete.js).
    let types = match name {
        "util" => super::util_types::some(context, &["isRegExp", "isDate", "isNativeError"])?,
        _ => JsValue::undefined(),
    };
    let complete = evaluate_builtin(context, "complete.js", include_str!("js/complete.js"))?;
    let args = [JsString::from(name).into(), exports.clone(), host_module, types];
    complete.call(&JsValue::undefined(), &args, context)?;
    Ok(())
}

/// `process`: the guest's own object (an `EventEmitter`), backed by the host's `process` for
/// what only the host knows (`env`, `cwd()`, streams…). `process.exit` throws instead of ending
/// the host.
///
/// Made on its first use other than a read of [`PROCESS_EAGER`]: most modules read
/// `process.env.NODE_ENV` or `process.platform` and nothing else, and the whole object costs
/// `events` and js/process.js evaluated (a third of a small module's load).
pub fn process(context: &mut Context) -> JsResult<JsValue> {
    let host_process = outcall(context, |context, bridge| {
        let value = bridge.realm.process.value();
        to_guest(context, bridge, value)
    })?;
    let host =
        host_process.as_object().ok_or_else(|| crate::bridge::host_failure("the host's process is not an object"))?;
    let mut eager = Vec::with_capacity(PROCESS_EAGER.len());
    for name in PROCESS_EAGER {
        let key = PropertyKey::from(JsString::from(name));
        eager.push((key.clone(), host.get(key, context)?));
    }
    let init = NativeFunction::from_copy_closure_with_captures(
        |process, _, host_process: &JsValue, context| {
            let events = super::require_builtin_as(context, "events", true)?;
            let hrtime = NativeFunction::from_fn_ptr(hrtime).to_js_function(context.realm());
            let factory = evaluate_builtin(context, "process.js", include_str!("js/process.js"))?;
            let codes = error_codes(context)?;
            let args = [process.clone(), host_process.clone(), events, hrtime.into(), codes];
            factory.call(&JsValue::undefined(), &args, context)
        },
        host_process,
    );
    Ok(JsObject::deferred(eager, init).into())
}

/// What `process` answers before it is made, copied from the host's when the guest first reads
/// `process` (js/process.js copies them again, as the same values).
const PROCESS_EAGER: [&str; 4] = ["env", "platform", "arch", "version"];

fn hrtime(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    let elapsed = START.get_or_init(std::time::Instant::now).elapsed();
    let mut seconds = elapsed.as_secs() as f64;
    let mut nanos = f64::from(elapsed.subsec_nanos());
    if let Some(previous) = args.first().and_then(JsValue::as_object) {
        let prev_seconds = previous.get(0, context)?.to_number(context)?;
        let prev_nanos = previous.get(1, context)?.to_number(context)?;
        seconds -= prev_seconds;
        nanos -= prev_nanos;
        if nanos < 0.0 {
            seconds -= 1.0;
            nanos += 1e9;
        }
    }
    let list = boa_engine::object::builtins::JsArray::from_iter([JsValue::new(seconds), JsValue::new(nanos)], context);
    Ok(list.into())
}

/// The error codes (`ErrorCode`) for our guest-side scripts, which take them from here instead
/// of spelling their own: a frozen object, `codes.ERR_X === 'ERR_X'`.
fn error_codes(context: &mut Context) -> JsResult<JsValue> {
    let codes = JsObject::with_null_proto();
    for code in ErrorCode::ALL {
        codes.set(JsString::from(code.as_str()), JsString::from(code.as_str()), true, context)?;
    }
    codes.set_integrity_level(boa_engine::object::IntegrityLevel::Frozen, context)?;
    Ok(codes.into())
}

/// Evaluates one of our embedded JavaScript sources (`src/builtins/js/`), which evaluates to a
/// function.
pub fn evaluate_builtin(context: &mut Context, name: &str, code: &'static str) -> JsResult<JsObject> {
    let path = std::path::PathBuf::from(format!("node:internal/require-vm/{name}"));
    let value = crate::loader::evaluate_embedded(context, &path, code)?;
    value.as_object().ok_or_else(|| crate::bridge::host_failure("a built-in script did not evaluate to a function"))
}

/// Adds what Node's `url` has and the npm `url` package lacks (`URL`, `URLSearchParams`,
/// `fileURLToPath`, `pathToFileURL`).
pub fn complete_url_module(context: &mut Context, exports: &JsValue) -> JsResult<()> {
    let complete = evaluate_builtin(context, "url.js", include_str!("js/url.js"))?;
    let codes = error_codes(context)?;
    complete.call(&JsValue::undefined(), &[exports.clone(), codes], context)?;
    Ok(())
}

/// `require('module')`: `builtinModules` and `createRequire`.
pub fn module_module(context: &mut Context) -> JsResult<JsValue> {
    let module = JsObject::with_object_proto(context.intrinsics());
    let names = NODE_BUILTINS.iter().map(|n| JsString::from(*n).into());
    let list = boa_engine::object::builtins::JsArray::from_iter(names, context);
    module.set(js_string!("builtinModules"), list, true, context)?;
    let create_require = NativeFunction::from_fn_ptr(|_, args, context| {
        let filename = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
        let filename = filename.strip_prefix("file://").unwrap_or(&filename).to_owned();
        let module = crate::loader::ModuleRef {
            module: JsObject::with_object_proto(context.intrinsics()),
            filename: std::path::PathBuf::from(filename),
        };
        crate::loader::make_require(context, &module).map(JsValue::from)
    })
    .to_js_function(context.realm());
    module.set(js_string!("createRequire"), create_require, true, context)?;
    Ok(module.into())
}
