//! ES modules: `requireVM('./x.mjs')`, packages with `"type": "module"` or an `exports` map that
//! only offers `import`, `import` of CommonJS and built-ins, `require()` of ESM from CommonJS
//! (as Node 22 does), `import.meta`, dynamic `import()` and top-level `await` — with the same
//! resolver, `moduleMap`, built-ins policy and lifetime as CommonJS.
//!
//! Top-level `await` is supported when what it awaits settles inside the engine (promises,
//! microtasks); a module whose evaluation waits on the host's event loop (a timer, host I/O)
//! cannot finish inside a synchronous `requireVM` call, which then throws
//! `ERR_REQUIRE_ASYNC_MODULE` (Node's code for `require()` of such a module).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::builtins::promise::PromiseState;
use boa_engine::module::{ModuleLoader, ModuleRequest, Referrer, SyntheticModuleInitializer};
use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::{
    Context, Finalize, JsError, JsNativeError, JsResult, JsString, JsValue, Module, NativeFunction, Source, Trace,
    js_string,
};

use super::resolve::{self, Conditions, NotFound};
use super::{LoaderState, load_module};
use crate::bridge::to_guest;
use crate::contract::ErrorCode;
use crate::error::VmError;

/// The module loader installed in every engine's context.
pub struct EsmLoader;

impl ModuleLoader for EsmLoader {
    async fn load_imported_module(
        self: Rc<Self>,
        referrer: Referrer,
        request: ModuleRequest,
        context: &RefCell<&mut Context>,
    ) -> JsResult<Module> {
        let specifier = request.specifier().to_std_string_escaped();
        let directory = referrer
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| {
                LoaderState::current()
                    .ok()
                    .and_then(|(_, l, _)| l.caller.borrow().as_ref().and_then(|c| c.parent().map(Path::to_path_buf)))
            })
            .unwrap_or_else(|| PathBuf::from("/"));
        let context = &mut context.borrow_mut();
        import(context, &specifier, &directory)
    }

    fn init_import_meta(self: Rc<Self>, import_meta: &JsObject, module: &Module, context: &mut Context) {
        let Some(path) = module.path() else { return };
        let url = file_url(path);
        let filename = JsString::from(path.to_string_lossy().as_ref());
        let dirname = JsString::from(path.parent().unwrap_or(Path::new("/")).to_string_lossy().as_ref());
        let _ = import_meta.set(js_string!("url"), JsString::from(url), false, context);
        let _ = import_meta.set(js_string!("filename"), filename, false, context);
        let _ = import_meta.set(js_string!("dirname"), dirname, false, context);
        let resolve = NativeFunction::from_copy_closure_with_captures(
            |_, args, directory: &Directory, context| {
                let specifier = args.first().cloned().unwrap_or_default().to_string(context)?.to_std_string_escaped();
                if super::builtin_name(&specifier).is_some() {
                    return Ok(JsString::from(specifier.as_str()).into());
                }
                match resolve::resolve(&specifier, &directory.0, &[], Conditions::Import) {
                    Ok(resolved) => Ok(JsString::from(file_url(&resolved.path)).into()),
                    Err(_) => Err(not_found(context, &specifier)),
                }
            },
            Directory(path.parent().unwrap_or(Path::new("/")).to_path_buf()),
        )
        .to_js_function(context.realm());
        let _ = import_meta.set(js_string!("resolve"), resolve, false, context);
    }
}

#[derive(Trace, Finalize)]
struct Directory(#[unsafe_ignore_trace] PathBuf);

fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(byte as char),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

fn not_found(context: &mut Context, specifier: &str) -> JsError {
    VmError::error(format!("Cannot find module '{specifier}'"))
        .with_code(ErrorCode::ERR_MODULE_NOT_FOUND)
        .into_guest(context)
}

/// Whether a resolved file is an ES module (`.mjs`, or `.js` in a `"type": "module"` package).
pub fn is_esm(path: &Path, module_type_is_esm: bool) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("mjs") => true,
        Some("cjs" | "json" | "node") => false,
        _ => module_type_is_esm,
    }
}

/// The module an `import` of `specifier` from `directory` names.
fn import(context: &mut Context, specifier: &str, directory: &Path) -> JsResult<Module> {
    let (_, loader, bridge) = LoaderState::current()?;
    if let Some(value) = loader.mapped(specifier) {
        return named_module(context, &loader, specifier, |context| to_guest(context, &bridge, value));
    }
    if let Some(name) = super::builtin_name(specifier) {
        // Keyed by the bare name: `fs` and `node:fs` are one module.
        return named_module(context, &loader, name, |context| match loader.mapped(name) {
            Some(value) => to_guest(context, &bridge, value),
            None => loader.builtins.require(context, name, false),
        });
    }
    let resolved = match resolve::resolve(specifier, directory, &[], Conditions::Import) {
        Ok(resolved) => resolved,
        Err(NotFound::Missing) => return Err(not_found(context, specifier)),
        Err(NotFound::NotExported(message)) => {
            return Err(VmError::error(message)
                .with_code(ErrorCode::ERR_PACKAGE_PATH_NOT_EXPORTED)
                .into_guest(context));
        }
        Err(NotFound::Invalid(message)) => {
            return Err(VmError::error(message).with_code(ErrorCode::ERR_INVALID_PACKAGE_CONFIG).into_guest(context));
        }
    };
    let key = resolved.path.to_string_lossy();
    if let Some(value) = loader.mapped(&key) {
        return named_module(context, &loader, &key, |context| to_guest(context, &bridge, value));
    }
    module_for_file(context, &loader, &resolved.path, resolved.esm)
}

/// The synthetic module of a built-in or a `moduleMap` entry, made once per engine.
fn named_module(
    context: &mut Context,
    loader: &LoaderState,
    specifier: &str,
    value: impl FnOnce(&mut Context) -> JsResult<JsValue>,
) -> JsResult<Module> {
    if let Some(module) = loader.named_modules.borrow().get(specifier) {
        return Ok(module.clone());
    }
    let value = value(context)?;
    let module = synthetic(context, value, None);
    loader.named_modules.borrow_mut().insert(specifier.to_owned(), module.clone());
    Ok(module)
}

/// The module of a file: parsed as ESM, or its CommonJS exports (or JSON) wrapped.
pub fn module_for_file(context: &mut Context, loader: &LoaderState, path: &Path, esm: bool) -> JsResult<Module> {
    if let Some(module) = loader.esm_cache.borrow().get(path) {
        return Ok(module.clone());
    }
    let module = if is_esm(path, esm) {
        let text = super::read_source(context, path, loader.use_cache.get())?;
        Module::parse(Source::from_bytes(text.as_bytes()).with_path(path), None, context)
            .map_err(|error| super::with_file_message(context, error, path))?
    } else {
        let exports = load_module(context, loader, path, None)?;
        synthetic(context, exports, Some(path.to_path_buf()))
    };
    loader.esm_cache.borrow_mut().insert(path.to_path_buf(), module.clone());
    Ok(module)
}

#[derive(Trace, Finalize)]
struct Exports(JsValue);

/// A module whose `default` is `value` and whose named exports are its own enumerable string
/// properties (what Node offers for CommonJS, built-ins and, here, `moduleMap` values).
fn synthetic(context: &mut Context, value: JsValue, path: Option<PathBuf>) -> Module {
    let mut names = vec![js_string!("default")];
    if let Some(object) = value.as_object()
        && let Ok(keys) = object.own_property_keys(context)
    {
        for key in keys {
            if let PropertyKey::String(name) = key {
                let enumerable = object.get_own_property_enumerable(&name, context).unwrap_or(false);
                if enumerable && name != js_string!("default") && is_identifier_like(&name) {
                    names.push(name);
                }
            }
        }
    }
    let steps = SyntheticModuleInitializer::from_copy_closure_with_captures(
        |module, exports: &Exports, context| {
            module.set_export(&js_string!("default"), exports.0.clone())?;
            if let Some(object) = exports.0.as_object() {
                for name in object.own_property_keys(context)? {
                    if let PropertyKey::String(name) = name
                        && name != js_string!("default")
                        && is_identifier_like(&name)
                    {
                        let value = object.get(name.clone(), context)?;
                        // Names that appeared after the module was made are not exports.
                        let _ = module.set_export(&name, value);
                    }
                }
            }
            Ok(())
        },
        Exports(value),
    );
    Module::synthetic(&names, steps, path, None, context)
}

fn is_identifier_like(name: &JsString) -> bool {
    !name.is_empty()
}

/// Whether an own property is enumerable (through `Object.prototype.propertyIsEnumerable`).
trait OwnEnumerable {
    fn get_own_property_enumerable(&self, name: &JsString, context: &mut Context) -> JsResult<bool>;
}

impl OwnEnumerable for JsObject {
    fn get_own_property_enumerable(&self, name: &JsString, context: &mut Context) -> JsResult<bool> {
        let prototype = context.intrinsics().constructors().object().prototype();
        let function = prototype.get(js_string!("propertyIsEnumerable"), context)?;
        let function = function.as_callable().ok_or_else(|| JsNativeError::typ().with_message("missing"))?;
        Ok(function.call(&self.clone().into(), &[name.clone().into()], context)?.to_boolean())
    }
}

/// Loads, links and evaluates an ES module synchronously, running the engine's jobs until its
/// evaluation settles; returns the namespace.
pub fn evaluate_now(context: &mut Context, module: &Module) -> JsResult<JsObject> {
    let promise = module.load_link_evaluate(context);
    context.run_jobs()?;
    match promise.state() {
        PromiseState::Fulfilled(_) => Ok(module.namespace(context)),
        PromiseState::Rejected(reason) => Err(JsError::from_opaque(reason)),
        PromiseState::Pending => Err(VmError::error(
            "The ES module's top-level await waits on the host's event loop (a timer or I/O), \
                 which cannot finish during a synchronous requireVM call",
        )
        .with_code(ErrorCode::ERR_REQUIRE_ASYNC_MODULE)
        .into_guest(context)),
    }
}

/// `require()` of an ES module from CommonJS (Node 22's semantics): its namespace.
pub fn require_esm(context: &mut Context, loader: &LoaderState, path: &Path) -> JsResult<JsValue> {
    let module = module_for_file(context, loader, path, true)?;
    evaluate_now(context, &module).map(JsValue::from)
}

#[allow(dead_code)]
fn _assert(_: Rc<EsmLoader>) {}
