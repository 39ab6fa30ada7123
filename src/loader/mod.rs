//! The loader: CommonJS inside the engine, as Node runs it — `module`, `exports`, `require`,
//! `__filename`, `__dirname`, `require.cache`, `require.resolve`, cycles with partial exports,
//! JSON modules — plus `moduleMap` (host values that replace any module of the tree) and the
//! built-ins policy. What a built-in module is comes from above, through [`BuiltinModules`].

pub mod builtin_names;
mod code_cache;
pub mod esm;
pub mod resolve;
pub mod source;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::object::JsObject;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsError, JsNativeError, JsResult, JsString, JsValue, NativeFunction, Script, Trace, js_string,
};

use crate::bridge::napi::{Ref, Value};
use crate::bridge::{BridgeState, to_guest};
use crate::contract::ErrorCode;
use crate::engine::Engine;
use crate::error::VmError;
pub use builtin_names::{Builtin, NODE_BUILTINS, Policy, builtin, builtin_name};
use code_cache::Check;
use resolve::{Conditions, NotFound};

/// Node's built-in modules, as the loader needs them. Implemented by `crate::builtins`, which
/// sits above the loader (its pure modules are npm packages that the loader loads), and handed to
/// each engine's [`LoaderState`] when the engine is made.
pub trait BuiltinModules {
    /// `require(name)` of a built-in (`name` without `node:`), once `moduleMap` had its say.
    /// `internal`: required by a file of the built-ins' own packages, which the policy does not
    /// govern (see [`LoaderState::is_internal`]).
    fn require(&self, context: &mut Context, name: &str, internal: bool) -> JsResult<JsValue>;

    /// The `process` the built-ins' own packages see.
    fn process_for_internal(&self, context: &mut Context) -> JsResult<JsValue>;

    /// The exports of a file of the built-ins' packages that the crate makes itself instead of
    /// evaluating the file, if `path` is one.
    fn native_file(&self, context: &mut Context, path: &Path) -> Option<JsResult<JsValue>>;
}

/// Per-engine state of the loader, attached to the engine as an extension.
pub struct LoaderState {
    /// `require.cache`: filename → module object.
    pub cache: JsObject,
    /// `moduleMap`: request or absolute path → host value.
    module_map: RefCell<Vec<(String, Ref)>>,
    pub policy: RefCell<Policy>,
    pub use_cache: std::cell::Cell<bool>,
    /// `require.main`: the first entry module.
    main: RefCell<Option<JsObject>>,
    /// The host file that called `requireVM`, last in every require stack.
    pub caller: RefCell<Option<PathBuf>>,
    /// ES modules (and the CommonJS ones they import) by filename.
    pub esm_cache: RefCell<std::collections::HashMap<PathBuf, boa_engine::Module>>,
    /// The synthetic modules of built-ins and `moduleMap` entries by specifier: one module per
    /// specifier and engine, as the module graph requires.
    pub named_modules: RefCell<std::collections::HashMap<String, boa_engine::Module>>,
    /// Where our package lives: the pure built-ins load from its dependencies.
    pub package_dir: PathBuf,
    /// The files of our built-ins' packages (and what they require), wherever npm put them.
    internal: RefCell<std::collections::HashSet<PathBuf>>,
    pub builtins: Rc<dyn BuiltinModules>,
}

impl LoaderState {
    pub fn new(package_dir: PathBuf, builtins: Rc<dyn BuiltinModules>) -> Rc<Self> {
        Rc::new(Self {
            cache: JsObject::with_null_proto(),
            module_map: RefCell::default(),
            policy: RefCell::new(Policy::All),
            use_cache: std::cell::Cell::new(false),
            main: RefCell::default(),
            caller: RefCell::default(),
            esm_cache: RefCell::default(),
            named_modules: RefCell::default(),
            package_dir,
            internal: RefCell::default(),
            builtins,
        })
    }

    /// Adds `moduleMap` entries (later calls on a shared engine add to earlier ones).
    pub fn map_modules(&self, entries: Vec<(String, Ref)>) {
        let mut map = self.module_map.borrow_mut();
        let mut named_modules = self.named_modules.borrow_mut();
        for (name, value) in entries {
            // A replaced entry is a new module for later imports.
            let bare = name.strip_prefix("node:").unwrap_or(&name);
            named_modules.retain(|specifier, _| specifier != &name && specifier != bare);
            map.retain(|(existing, _)| *existing != name);
            map.push((name, value));
        }
    }

    /// The `moduleMap` value for `request` (as written) or its resolved path.
    pub fn mapped(&self, key: &str) -> Option<Value> {
        self.module_map.borrow().iter().find(|(name, _)| name == key).map(|(_, value)| value.value())
    }

    /// Whether `path` belongs to our implementation of the built-ins (our own dependencies).
    pub fn is_internal(&self, path: &Path) -> bool {
        self.internal.borrow().contains(path)
    }

    /// Marks a file as part of our built-ins: loaded from one of our dependencies, or required
    /// by such a file. (Not by location: npm may hoist our dependencies next to the user's.)
    pub fn mark_internal(&self, path: &Path) {
        self.internal.borrow_mut().insert(path.to_path_buf());
    }

    pub fn current() -> JsResult<(Rc<Engine>, Rc<LoaderState>, Rc<BridgeState>)> {
        let engine = Engine::current().ok_or_else(disposed)?;
        let loader = engine.extension::<LoaderState>().ok_or_else(disposed)?;
        let bridge = engine.extension::<BridgeState>().ok_or_else(disposed)?;
        Ok((engine, loader, bridge))
    }
}

fn disposed() -> JsError {
    JsNativeError::error().with_message("the engine was disposed").into()
}

/// What a request names, once `moduleMap`, built-ins and resolution have had their say.
enum Target {
    Mapped(Value),
    Builtin(String),
    File(resolve::Resolved),
}

/// What the top-level `requireVM(request)` names.
pub enum EntryTarget {
    /// A `moduleMap` value (host), returned as it is.
    Value(Value),
    Builtin(String),
    File(PathBuf),
    EsModule(PathBuf),
}

/// Names the entry request of a `requireVM` call, from the caller's directory (or `paths`).
pub fn locate_entry(
    context: &mut Context,
    loader: &LoaderState,
    request: &str,
    directory: &Path,
    paths: &[PathBuf],
    caller: Option<&Path>,
) -> JsResult<EntryTarget> {
    let stack: Vec<PathBuf> = caller.map(Path::to_path_buf).into_iter().collect();
    let located = locate(context, loader, request, directory, paths, &stack);
    Ok(match located {
        Ok(Target::Mapped(value)) => EntryTarget::Value(value),
        Ok(Target::Builtin(name)) => EntryTarget::Builtin(name),
        Ok(Target::File(resolved)) if esm::is_esm(&resolved.path, resolved.esm) => EntryTarget::EsModule(resolved.path),
        Ok(Target::File(resolved)) => EntryTarget::File(resolved.path),
        // A package whose `exports` only offers `import` is still loadable as an ES module.
        Err(error) => match resolve::resolve(request, directory, paths, Conditions::Import) {
            Ok(resolved) if esm::is_esm(&resolved.path, resolved.esm) => EntryTarget::EsModule(resolved.path),
            _ => return Err(error),
        },
    })
}

/// The identity of a module inside the engine, as its `require` captures it.
#[derive(Trace, Finalize, Clone)]
pub struct ModuleRef {
    pub module: JsObject,
    #[unsafe_ignore_trace]
    pub filename: PathBuf,
}

impl ModuleRef {
    fn directory(&self) -> &Path {
        self.filename.parent().unwrap_or(Path::new("/"))
    }
}

/// Names `request` from `directory`: moduleMap first, then built-ins, then files.
fn locate(
    context: &mut Context,
    loader: &LoaderState,
    request: &str,
    directory: &Path,
    paths: &[PathBuf],
    stack: &[PathBuf],
) -> JsResult<Target> {
    if let Some(value) = loader.mapped(request) {
        return Ok(Target::Mapped(value));
    }
    match builtin(request) {
        Some(Builtin::Known(name)) => {
            if let Some(value) = loader.mapped(name) {
                return Ok(Target::Mapped(value));
            }
            return Ok(Target::Builtin(name.to_owned()));
        }
        Some(Builtin::Unknown(request)) => {
            return Err(VmError::error(format!("No such built-in module: {request}"))
                .with_code(ErrorCode::ERR_UNKNOWN_BUILTIN_MODULE)
                .into_guest(context));
        }
        None => {}
    }
    match resolve::resolve(request, directory, paths, Conditions::Require) {
        Ok(resolved) => match loader.mapped(&resolved.path.to_string_lossy()) {
            Some(value) => Ok(Target::Mapped(value)),
            None => Ok(Target::File(resolved)),
        },
        Err(NotFound::Missing) => Err(not_found(context, request, stack)),
        Err(NotFound::NotExported(message)) => {
            Err(VmError::error(message).with_code(ErrorCode::ERR_PACKAGE_PATH_NOT_EXPORTED).into_guest(context))
        }
        Err(NotFound::Invalid(message)) => {
            Err(VmError::error(message).with_code(ErrorCode::ERR_INVALID_PACKAGE_CONFIG).into_guest(context))
        }
    }
}

/// Node's `MODULE_NOT_FOUND`, with its message and `requireStack`.
fn not_found(context: &mut Context, request: &str, stack: &[PathBuf]) -> JsError {
    let mut message = format!("Cannot find module '{request}'");
    if !stack.is_empty() {
        message.push_str("\nRequire stack:");
        for file in stack {
            message.push_str(&format!("\n- {}", file.display()));
        }
    }
    let error = VmError::error(message).with_code(ErrorCode::MODULE_NOT_FOUND).into_guest(context);
    if let Some(object) = error.as_opaque().and_then(JsValue::as_object) {
        let files = stack.iter().map(|f| JsString::from(f.to_string_lossy().as_ref()).into());
        let list = JsArray::from_iter(files, context);
        let _ = object.create_data_property_or_throw(js_string!("requireStack"), list, context);
    }
    error
}

/// The require stack of a module: itself, its parent, … up to the entry.
fn require_stack(context: &mut Context, module: Option<&ModuleRef>) -> Vec<PathBuf> {
    let mut stack = Vec::new();
    let mut current = module.map(|m| m.module.clone());
    while let Some(module) = current {
        let Ok(filename) = module.get(js_string!("filename"), context) else { break };
        let Some(filename) = filename.as_string() else { break };
        stack.push(PathBuf::from(filename.to_std_string_escaped()));
        current = module.get(js_string!("parent"), context).ok().and_then(|p| p.as_object());
        if stack.len() > 64 {
            break;
        }
    }
    stack
}

/// `require(request)` from `parent` (or from `directory` for the top-level call).
pub fn require(
    context: &mut Context,
    request: &str,
    parent: Option<&ModuleRef>,
    directory: &Path,
    paths: &[PathBuf],
    caller: Option<&Path>,
) -> JsResult<JsValue> {
    let (_engine, loader, bridge) = LoaderState::current()?;
    let internal_parent = parent.is_some_and(|p| loader.is_internal(&p.filename));
    let mut stack = require_stack(context, parent);
    let caller = caller.map(Path::to_path_buf).or_else(|| loader.caller.borrow().clone());
    stack.extend(caller);
    match locate(context, &loader, request, directory, paths, &stack)? {
        Target::Mapped(value) => to_guest(context, &bridge, value),
        Target::Builtin(name) => loader.builtins.require(context, &name, internal_parent),
        Target::File(resolved) if internal_parent && !esm::is_esm(&resolved.path, resolved.esm) => {
            loader.mark_internal(&resolved.path);
            load_module(context, &loader, &resolved.path, parent.map(|p| &p.module))
        }
        Target::File(resolved) if esm::is_esm(&resolved.path, resolved.esm) => {
            esm::require_esm(context, &loader, &resolved.path)
        }
        Target::File(resolved) => load_module(context, &loader, &resolved.path, parent.map(|p| &p.module)),
    }
}

/// Loads a file as a module of the tree (cached by filename), returning its exports.
pub fn load_module(
    context: &mut Context,
    loader: &LoaderState,
    path: &Path,
    parent: Option<&JsObject>,
) -> JsResult<JsValue> {
    if let Some(module) = cached_module(context, loader, path)? {
        return module.get(js_string!("exports"), context);
    }
    let module = cache_module(context, loader, path, parent, None)?;
    run_module(context, loader, &module, path)?;
    module.get(js_string!("exports"), context)
}

/// The cached module of `path` (loaded, loading, or made by [`cache_module`]), if any.
pub fn cached_module(context: &mut Context, loader: &LoaderState, path: &Path) -> JsResult<Option<JsObject>> {
    Ok(loader.cache.get(cache_key(path), context)?.as_object())
}

/// A module's key in `require.cache`: its filename.
fn cache_key(path: &Path) -> JsString {
    JsString::from(path.to_string_lossy().as_ref())
}

/// A new module of `path`, cached (every require of the file finds it from now on) but not
/// run: [`run_module`] runs it. `exports` is its initial `module.exports` if given (a built-in
/// that exists before its file runs).
pub fn cache_module(
    context: &mut Context,
    loader: &LoaderState,
    path: &Path,
    parent: Option<&JsObject>,
    exports: Option<JsObject>,
) -> JsResult<JsObject> {
    let module = new_module(context, path, parent, exports)?;
    loader.cache.set(cache_key(path), module.clone(), true, context)?;
    if let Some(parent) = parent
        && let Some(children) = parent.get(js_string!("children"), context)?.as_object()
    {
        let push = children.get(js_string!("push"), context)?;
        if let Some(push) = push.as_callable() {
            push.call(&children.clone().into(), &[module.clone().into()], context)?;
        }
    }
    Ok(module)
}

/// Runs a module [`cache_module`] made.
pub fn run_module(context: &mut Context, loader: &LoaderState, module: &JsObject, path: &Path) -> JsResult<()> {
    if let Err(error) = evaluate(context, loader, module, path) {
        // A module that failed to load is not cached (Node's behaviour).
        loader.cache.delete_property_or_throw(cache_key(path), context)?;
        return Err(error);
    }
    module.set(js_string!("loaded"), true, true, context)?;
    Ok(())
}

/// Runs a module file by its extension.
fn evaluate(context: &mut Context, loader: &LoaderState, module: &JsObject, path: &Path) -> JsResult<()> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension {
        "json" => {
            let text = read_source(context, path, loader.use_cache.get())?;
            let json = context.intrinsics().objects().json();
            let parse = json.get(js_string!("parse"), context)?;
            let parse = parse.as_callable().ok_or_else(disposed)?;
            let value = parse
                .call(&json.clone().into(), &[JsString::from(&*text).into()], context)
                .map_err(|error| with_file_message(context, error, path))?;
            module.set(js_string!("exports"), value, true, context)?;
            Ok(())
        }
        "node" => {
            Err(VmError::error(format!("Cannot load native addon '{}' inside a requireVM engine", path.display()))
                .with_code(ErrorCode::ERR_REQUIRE_VM_NATIVE_ADDON)
                .into_guest(context))
        }
        _ if loader.is_internal(path) => {
            if let Some(exports) = loader.builtins.native_file(context, path) {
                module.set(js_string!("exports"), exports?, true, context)?;
                return Ok(());
            }
            // Our built-ins' packages are browserify-era code that expects a `process`: they
            // get the real one if the guest may have it, else a harmless stand-in.
            let function = compile(context, loader, path, INTERNAL_WRAPPER_HEAD)?;
            let process = loader.builtins.process_for_internal(context)?;
            call_wrapper(context, &function, module, path, Some(process))
        }
        _ => {
            let function = compile(context, loader, path, WRAPPER_HEAD)?;
            call_wrapper(context, &function, module, path, None)
        }
    }
}

pub(crate) fn read_source(context: &mut Context, path: &Path, use_cache: bool) -> JsResult<Rc<str>> {
    source::read(path, use_cache).map_err(|error| {
        VmError::error(format!("Cannot read '{}': {error}", path.display()))
            .with_code(ErrorCode::ENOENT)
            .into_guest(context)
    })
}

/// Adds the file name to a parse error's message, as Node names the file of a syntax error.
pub(crate) fn with_file_message(context: &mut Context, error: JsError, path: &Path) -> JsError {
    match error.try_native(context) {
        Ok(native) => {
            let message = format!("{}: {}", path.display(), native.message());
            JsError::from(native.with_message(message))
        }
        Err(_) => error,
    }
}

/// The `module` object of a new module.
fn new_module(
    context: &mut Context,
    path: &Path,
    parent: Option<&JsObject>,
    exports: Option<JsObject>,
) -> JsResult<JsObject> {
    let filename = JsString::from(path.to_string_lossy().as_ref());
    let directory = JsString::from(path.parent().unwrap_or(Path::new("/")).to_string_lossy().as_ref());
    let module = JsObject::with_object_proto(context.intrinsics());
    let exports = exports.unwrap_or_else(|| JsObject::with_object_proto(context.intrinsics()));
    module.set(js_string!("id"), filename.clone(), true, context)?;
    module.set(js_string!("path"), directory, true, context)?;
    module.set(js_string!("exports"), exports, true, context)?;
    module.set(js_string!("filename"), filename, true, context)?;
    module.set(js_string!("loaded"), false, true, context)?;
    let children = JsArray::new(context)?;
    module.set(js_string!("children"), children, true, context)?;
    let parent: JsValue = parent.cloned().map_or_else(JsValue::undefined, JsValue::from);
    module.define_property_or_throw(
        js_string!("parent"),
        PropertyDescriptor::builder().value(parent).writable(true).enumerable(false).configurable(true),
        context,
    )?;
    let paths = JsArray::from_iter(node_modules_paths(path).into_iter().map(JsValue::from), context);
    module.set(js_string!("paths"), paths, true, context)?;
    let require = make_require(context, &ModuleRef { module: module.clone(), filename: path.to_path_buf() })?;
    module.set(js_string!("require"), require, true, context)?;
    Ok(module)
}

/// `module.paths`: the `node_modules` directories from the module's directory up.
fn node_modules_paths(path: &Path) -> Vec<JsString> {
    path.parent()
        .map(|dir| {
            dir.ancestors()
                .filter(|d| d.file_name().is_none_or(|n| n != "node_modules"))
                .map(|d| JsString::from(d.join("node_modules").to_string_lossy().as_ref()))
                .collect()
        })
        .unwrap_or_default()
}

/// A module's `require`, with `resolve`, `cache` and `main`.
pub fn make_require(context: &mut Context, module: &ModuleRef) -> JsResult<JsObject> {
    let require = NativeFunction::from_copy_closure_with_captures(
        |_, args, module: &ModuleRef, context| {
            let request = request_argument(context, args.first())?;
            require(context, &request, Some(module), module.directory(), &[], None)
        },
        module.clone(),
    )
    .to_js_function(context.realm());
    let resolve = NativeFunction::from_copy_closure_with_captures(
        |_, args, module: &ModuleRef, context| {
            let request = request_argument(context, args.first())?;
            let paths = paths_option(context, args.get(1))?;
            resolve_request(context, &request, Some(module), module.directory(), &paths)
        },
        module.clone(),
    )
    .to_js_function(context.realm());
    let (_, loader, _) = LoaderState::current()?;
    require.set(js_string!("resolve"), resolve, true, context)?;
    require.set(js_string!("cache"), loader.cache.clone(), true, context)?;
    let main: JsValue = loader.main.borrow().clone().map_or_else(JsValue::undefined, JsValue::from);
    require.set(js_string!("main"), main, true, context)?;
    require.set(js_string!("extensions"), JsObject::with_null_proto(), true, context)?;
    Ok(require.into())
}

/// `require.resolve(request)`: the resolved filename, or the name of a built-in.
fn resolve_request(
    context: &mut Context,
    request: &str,
    module: Option<&ModuleRef>,
    directory: &Path,
    paths: &[PathBuf],
) -> JsResult<JsValue> {
    let (_, loader, _) = LoaderState::current()?;
    let mut stack = require_stack(context, module);
    stack.extend(loader.caller.borrow().clone());
    Ok(match locate(context, &loader, request, directory, paths, &stack)? {
        Target::File(resolved) => JsString::from(resolved.path.to_string_lossy().as_ref()).into(),
        Target::Builtin(_) | Target::Mapped(_) => JsString::from(request).into(),
    })
}

fn request_argument(context: &mut Context, value: Option<&JsValue>) -> JsResult<String> {
    match value.and_then(JsValue::as_string) {
        Some(request) if !request.is_empty() => Ok(request.to_std_string_escaped()),
        Some(_) => Err(VmError::type_error("The argument 'id' must be a non-empty string. Received ''")
            .with_code(ErrorCode::ERR_INVALID_ARG_VALUE)
            .into_guest(context)),
        None => Err(VmError::type_error("The \"id\" argument must be of type string")
            .with_code(ErrorCode::ERR_INVALID_ARG_TYPE)
            .into_guest(context)),
    }
}

fn paths_option(context: &mut Context, options: Option<&JsValue>) -> JsResult<Vec<PathBuf>> {
    let Some(options) = options.and_then(JsValue::as_object) else { return Ok(Vec::new()) };
    let paths = options.get(js_string!("paths"), context)?;
    let Some(paths) = paths.as_object() else { return Ok(Vec::new()) };
    let paths = JsArray::from_object(paths)?;
    let mut list = Vec::new();
    for i in 0..paths.length(context)? {
        let path = paths.get(i, context)?.to_string(context)?;
        list.push(PathBuf::from(path.to_std_string_escaped()));
    }
    Ok(list)
}

/// The function Node wraps every module in. The prefix stays on the first line, so line numbers
/// in stacks and syntax errors are the file's own.
const WRAPPER_HEAD: &str = "(function (exports, require, module, __filename, __dirname) { ";
const INTERNAL_WRAPPER_HEAD: &str = "(function (exports, require, module, __filename, __dirname, process) { ";
const WRAPPER_TAIL: &str = "\n})";

/// Whether the compiled code of `path` is kept for later engines: with `isCache`, and always
/// for our own built-in packages (they do not change while the process runs).
fn code_stamp(loader: &LoaderState, path: &Path) -> Option<code_cache::Stamp> {
    (loader.use_cache.get() || loader.is_internal(path)).then(|| code_cache::Stamp::of(path)).flatten()
}

/// The module function of a file: its text in Node's wrapper, compiled (or taken from the code
/// cache) and evaluated.
fn compile(context: &mut Context, loader: &LoaderState, path: &Path, head: &'static str) -> JsResult<JsObject> {
    let script =
        cached_script(context, loader, path, path, head, |context, text| parse_wrapped(context, &text, path, head))?;
    let function = script.evaluate(context)?;
    function.as_object().ok_or_else(disposed)
}

/// Evaluates one of our scripts embedded in the binary (`src/builtins/js/`), compiled once per
/// thread: `path` names it in stacks and is its key in the code cache.
pub fn evaluate_embedded(context: &mut Context, path: &Path, code: &'static str) -> JsResult<JsValue> {
    let script =
        code_cache::script(context, path, "", Check::Embedded(code), |context| code_cache::parse(context, code, path))?;
    script.evaluate(context)
}

/// The script of the file at `path` through the code cache, under `key` and `wrapper`: with
/// `isCache` an entry is checked by the file's stamp, and the file is read only to parse it;
/// otherwise the file is read and an entry checked by its text.
fn cached_script(
    context: &mut Context,
    loader: &LoaderState,
    path: &Path,
    key: &Path,
    wrapper: &'static str,
    parse: impl FnOnce(&mut Context, Rc<str>) -> JsResult<(Script, usize)>,
) -> JsResult<Script> {
    match code_stamp(loader, path) {
        Some(stamp) => code_cache::script(context, key, wrapper, Check::Stamp(stamp), |context| {
            let text = read_source(context, path, false)?;
            parse(context, text)
        }),
        None => {
            let text = read_source(context, path, false)?;
            code_cache::script(context, key, wrapper, Check::Text(&text), |context| parse(context, text.clone()))
        }
    }
}

fn parse_wrapped(context: &mut Context, text: &str, path: &Path, head: &str) -> JsResult<(Script, usize)> {
    let mut code = String::with_capacity(text.len() + head.len() + WRAPPER_TAIL.len());
    code.push_str(head);
    code.push_str(text);
    code.push_str(WRAPPER_TAIL);
    code_cache::parse(context, &code, path).map_err(|error| with_file_message(context, error, path))
}

/// An entry's text that has a top-level `return`, run in the wrapper.
fn compile_wrapper(context: &mut Context, text: &str, path: &Path) -> JsResult<JsObject> {
    let (script, _) = parse_wrapped(context, text, path, WRAPPER_HEAD)?;
    let function = script.evaluate(context)?;
    function.as_object().ok_or_else(disposed)
}

fn call_wrapper(
    context: &mut Context,
    function: &JsObject,
    module: &JsObject,
    path: &Path,
    process: Option<JsValue>,
) -> JsResult<()> {
    let exports = module.get(js_string!("exports"), context)?;
    let require = module.get(js_string!("require"), context)?;
    let filename = JsString::from(path.to_string_lossy().as_ref());
    let directory = JsString::from(path.parent().unwrap_or(Path::new("/")).to_string_lossy().as_ref());
    let mut args = vec![exports.clone(), require, module.clone().into(), filename.into(), directory.into()];
    args.extend(process);
    function.call(&exports, &args, context)?;
    Ok(())
}

/// Runs the entry module as require-vm does: as a script in the global scope, with `module`,
/// `exports`, `require`, `__filename` and `__dirname` as globals (so its top-level `var`s and
/// functions become globals). An entry with a top-level `return` falls back to the wrapper.
pub fn run_entry(context: &mut Context, path: &Path, display_name: Option<&str>) -> JsResult<JsObject> {
    let (_, loader, _) = LoaderState::current()?;
    let key = cache_key(path);
    let module = new_module(context, path, None, None)?;
    if loader.main.borrow().is_none() {
        *loader.main.borrow_mut() = Some(module.clone());
        // Modules made from now on see it as `require.main`; so does the entry's own require.
        if let Some(require) = module.get(js_string!("require"), context)?.as_object() {
            require.set(js_string!("main"), module.clone(), true, context)?;
        }
    }
    loader.cache.set(key.clone(), module.clone(), true, context)?;
    let result = run_entry_script(context, &loader, &module, path, display_name);
    if let Err(error) = result {
        loader.cache.delete_property_or_throw(key, context)?;
        return Err(error);
    }
    module.set(js_string!("loaded"), true, true, context)?;
    Ok(module)
}

fn run_entry_script(
    context: &mut Context,
    loader: &LoaderState,
    module: &JsObject,
    path: &Path,
    display_name: Option<&str>,
) -> JsResult<()> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension == "json" || extension == "node" {
        return evaluate(context, loader, module, path);
    }
    let shown = display_name.map_or_else(|| path.to_path_buf(), PathBuf::from);
    let global = context.global_object();
    let filename = JsString::from(path.to_string_lossy().as_ref());
    let directory = JsString::from(path.parent().unwrap_or(Path::new("/")).to_string_lossy().as_ref());
    let exports = module.get(js_string!("exports"), context)?;
    let require = module.get(js_string!("require"), context)?;
    let attributes = Attribute::WRITABLE | Attribute::ENUMERABLE | Attribute::CONFIGURABLE;
    for (name, value) in [
        ("module", JsValue::from(module.clone())),
        ("exports", exports),
        ("require", require),
        ("__filename", filename.into()),
        ("__dirname", directory.into()),
    ] {
        global.define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder()
                .value(value)
                .writable(attributes.writable())
                .enumerable(true)
                .configurable(true),
            context,
        )?;
    }
    // A top-level `return` (allowed in Node's wrapper, not in a script) is not cached: rare.
    let mut returns = None;
    let script = cached_script(context, loader, path, &shown, ENTRY_SCRIPT, |context, text| {
        match code_cache::parse(context, &text, &shown) {
            Err(error) if is_top_level_return(&error) => {
                returns = Some(text);
                Err(error)
            }
            result => result,
        }
    });
    match script {
        Ok(script) => script.evaluate(context).map(drop),
        Err(_) if returns.is_some() => {
            let function = compile_wrapper(context, returns.as_deref().unwrap_or_default(), &shown)?;
            call_wrapper(context, &function, module, path, None)
        }
        Err(error) => Err(with_file_message(context, error, &shown)),
    }
}

/// The code cache's key for an entry run as a global script (no wrapper).
const ENTRY_SCRIPT: &str = "";

fn is_top_level_return(error: &JsError) -> bool {
    error.as_native().is_some_and(|native| native.message().to_lowercase().contains("return"))
}
