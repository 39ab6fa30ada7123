//! Node's built-in modules inside the engine, under `options.builtins`.
//!
//! The pure ones run inside the engine from well-kept npm packages that ship as dependencies of
//! this package (the browserify family), so a guest can subclass `EventEmitter` or use `Buffer`
//! at engine speed; the rest are the host's own modules, seen through the bridge.

pub mod globals;
pub mod intl;
pub mod microtasks;
pub mod timers;
pub mod transcode;
mod util_module;
pub mod util_types;
pub mod wasm;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue, js_string};

use crate::bridge::napi::env;
use crate::bridge::{BridgeState, HostResult, to_guest};
use crate::contract::ErrorCode;
use crate::engine::Engine;
use crate::error::VmError;
use crate::loader::{BuiltinModules, LoaderState, load_module, resolve};

/// Built-ins that run inside the engine: name → (npm package, export path inside it).
const PURE: &[(&str, &str, &str)] = &[
    ("assert", "assert", ""),
    ("assert/strict", "assert", "strict"),
    ("buffer", "buffer", ""),
    ("events", "events", ""),
    ("path", "path-browserify", ""),
    ("path/posix", "path-browserify", ""),
    ("punycode", "punycode", ""),
    ("querystring", "querystring-es3", ""),
    ("stream", "stream-browserify", ""),
    ("string_decoder", "string_decoder", ""),
    ("sys", "util", ""),
    ("url", "url", ""),
    ("util", "util", ""),
    ("util/types", "util", "types"),
];

/// Node's built-ins as this crate implements them, for the loader.
pub struct NodeBuiltins;

impl BuiltinModules for NodeBuiltins {
    fn require(&self, context: &mut Context, name: &str, internal: bool) -> JsResult<JsValue> {
        require_builtin_as(context, name, internal)
    }

    fn process_for_internal(&self, context: &mut Context) -> JsResult<JsValue> {
        process_for_internal(context)
    }

    fn native_file(&self, context: &mut Context, path: &Path) -> Option<JsResult<JsValue>> {
        // `util/support/types.js` of the `util` package: `util.types`.
        path.ends_with("util/support/types.js").then(|| util_types::exports(context))
    }
}

/// Built-in modules already loaded in an engine.
#[derive(Default)]
pub struct BuiltinsState {
    loaded: RefCell<HashMap<String, JsValue>>,
    /// boa_runtime's classes, once made (see `globals::runtime_class`).
    pub runtime_classes: RefCell<HashMap<&'static str, JsValue>>,
    /// The web globals made by js/web.js, once made.
    pub web: RefCell<Option<boa_engine::JsObject>>,
}

/// The `process` our built-ins' packages see: the guest's own if it already has one, else a
/// stand-in with no host behind it (making the real one here would load `events`, itself one
/// of these packages, from inside its own load).
pub fn process_for_internal(context: &mut Context) -> JsResult<JsValue> {
    let (engine, loader, _) = LoaderState::current()?;
    let state = state(&engine);
    if let Some(process) = state.loaded.borrow().get("process") {
        return Ok(process.clone());
    }
    let forward = loader.policy.borrow().allows("process");
    globals::process_shim(context, forward)
}

pub(crate) fn state(engine: &Engine) -> Rc<BuiltinsState> {
    match engine.extension::<BuiltinsState>() {
        Some(state) => state,
        None => {
            let state = Rc::new(BuiltinsState::default());
            engine.set_extension(Rc::clone(&state));
            state
        }
    }
}

/// `require` of a built-in, after `moduleMap` had its say.
pub fn require_builtin(context: &mut Context, name: &str) -> JsResult<JsValue> {
    require_builtin_as(context, name, false)
}

/// `require` of a built-in by our own implementation of the built-ins (the npm packages behind
/// the pure ones, which require each other): the policy governs the guest's requires, not
/// theirs, but only pure built-ins are theirs to reach.
pub fn require_builtin_as(context: &mut Context, name: &str, internal: bool) -> JsResult<JsValue> {
    let (engine, loader, bridge) = LoaderState::current()?;
    let internal = internal && (is_pure(name) || name == "process");
    if !internal && !loader.policy.borrow().allows(name) {
        return Err(VmError::error(format!(
            "Cannot require '{name}': the built-in module is not allowed by options.builtins"
        ))
        .with_code(ErrorCode::ERR_REQUIRE_VM_DENIED)
        .into_guest(context));
    }
    let state = state(&engine);
    if let Some(value) = state.loaded.borrow().get(name) {
        return Ok(value.clone());
    }
    let value = load_builtin(context, &loader, &bridge, name)?;
    state.loaded.borrow_mut().insert(name.to_owned(), value.clone());
    Ok(value)
}

fn is_pure(name: &str) -> bool {
    PURE.iter().any(|(n, _, _)| *n == name)
}

fn load_builtin(context: &mut Context, loader: &LoaderState, bridge: &BridgeState, name: &str) -> JsResult<JsValue> {
    if let Some((_, package, export)) = PURE.iter().find(|(n, _, _)| *n == name) {
        let exports = match *package {
            // Made on first use, and completed then (util_module.rs).
            "util" => util_module::util(context, loader, bridge, &package_main(loader, package)?)?,
            _ => require_package(context, loader, package)?,
        };
        let exports = if export.is_empty() {
            exports
        } else {
            match exports.as_object() {
                Some(object) => object.get(JsString::from(*export), context)?,
                None => exports,
            }
        };
        match name {
            "url" => globals::complete_url_module(context, &exports)?,
            "buffer" => transcode::complete_buffer_module(context, &exports)?,
            "querystring" => globals::complete_module(context, bridge, name, &exports)?,
            _ => {}
        }
        return Ok(exports);
    }
    match name {
        "process" if !loader.policy.borrow().allows("process") => globals::process_shim(context, false),
        "process" => globals::process(context),
        "console" => context.global_object().get(js_string!("console"), context),
        "timers" => timers::module(context),
        "module" => globals::module_module(context),
        _ => {
            // The host's own module, through the bridge.
            let env = env();
            let realm = &bridge.realm;
            // Always with `node:`, so the host resolves nothing but a built-in.
            let value = crate::engine::lend(context, || {
                env.string(&format!("node:{name}"))
                    .and_then(|n| env.call(env.undefined(), realm.host_require.value(), &[n]))
            })
            .guest(context, bridge)?;
            to_guest(context, bridge, value)
        }
    }
}

/// Loads one of our npm dependencies into the engine (from our own `node_modules`).
fn require_package(context: &mut Context, loader: &LoaderState, package: &str) -> JsResult<JsValue> {
    let path = package_main(loader, package)?;
    load_module(context, loader, &path, None)
}

/// The main file of one of our npm dependencies, marked as ours.
fn package_main(loader: &LoaderState, package: &str) -> JsResult<PathBuf> {
    // `package/` forces the npm package over the built-in of the same name.
    let request = format!("{package}/");
    let path = resolve::resolve(&request, &loader.package_dir, &[], resolve::Conditions::Require).map_err(|_| {
        JsNativeError::error()
            .with_message(format!("require-vm-rs is missing its dependency '{package}' (reinstall the package)"))
    })?;
    loader.mark_internal(&path.path);
    Ok(path.path)
}

/// Whether `name` is a built-in the policy lets the engine see (for globals like `process`).
pub fn allowed(engine: &Engine, name: &str) -> bool {
    engine.extension::<LoaderState>().is_some_and(|loader| loader.policy.borrow().allows(name))
}

#[cfg(test)]
mod tests {
    use crate::contract::ErrorCode;

    /// Our guest-side scripts take their error codes from `codes` (see `globals::error_codes`):
    /// a name missing from `ErrorCode` would give an error with `code: undefined`.
    #[test]
    fn the_scripts_use_only_codes_of_the_contract() {
        let scripts = [include_str!("js/process.js"), include_str!("js/url.js"), include_str!("js/process-shim.js")];
        let mut used = 0;
        for script in scripts {
            for (at, _) in script.match_indices("codes.") {
                let name: String =
                    script[at + 6..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(ErrorCode::ALL.iter().any(|code| code.as_str() == name), "codes.{name} is not an ErrorCode");
                used += 1;
            }
            assert!(!script.contains("'ERR_") && !script.contains("\"ERR_"), "a script spells its own code");
        }
        assert_eq!(used, 5, "the scripts use five codes");
    }
}
