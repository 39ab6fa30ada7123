//! `WebAssembly.Module` (compiled code, with its `exports`/`imports`/`customSections`
//! statics) and `WebAssembly.Instance` (linking the imports a JavaScript object offers, and the
//! frozen `exports` object).

use std::rc::Rc;

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::builtins::{JsArray, JsArrayBuffer};
use boa_engine::object::{IntegrityLevel, JsObject};
use boa_engine::property::{Attribute, PropertyDescriptor};
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsResult, JsString, JsValue, NativeFunction, Trace, js_string,
};
use wasmi::{Extern, ExternType, Global, Instance, Mutability};

use super::errors::{self, Kind};
use super::memory::MemoryObject;
use super::state::{Failure, WasmState};
use super::table::{GlobalObject, TableObject};
use super::values::{self, this_data};

/// A `WebAssembly.Module` object.
#[derive(Trace, Finalize, JsData)]
pub struct ModuleObject {
    #[unsafe_ignore_trace]
    module: wasmi::Module,
    /// Export names in the module's order (wasmi keeps them sorted by name).
    #[unsafe_ignore_trace]
    export_order: Rc<Vec<String>>,
}

/// Compiles `bytes`; a `CompileError` if they are not a valid module.
fn compile(state: &WasmState, bytes: &[u8], context: &mut Context) -> JsResult<ModuleObject> {
    let module = wasmi::Module::new(state.engine(), bytes)
        .map_err(|e| errors::make(state, Kind::Compile, &e.to_string(), context))?;
    Ok(ModuleObject { module, export_order: Rc::new(export_order(bytes)) })
}

/// The export names of a (valid) module, in the order of its export section.
fn export_order(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let Ok(wasmparser::Payload::ExportSection(exports)) = payload {
            names.extend(exports.into_iter().flatten().map(|export| export.name.to_owned()));
        }
    }
    names
}

/// Sorts `items` by where their names come in `order`.
fn in_module_order<T>(items: &mut [(String, T)], order: &[String]) {
    let position: std::collections::HashMap<&str, usize> =
        order.iter().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
    items.sort_by_key(|(name, _)| position.get(name.as_str()).copied().unwrap_or(usize::MAX));
}

impl Class for ModuleObject {
    const NAME: &'static str = "Module";
    const LENGTH: usize = 1;

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        class.static_method(js_string!("exports"), 1, NativeFunction::from_fn_ptr(exports));
        class.static_method(js_string!("imports"), 1, NativeFunction::from_fn_ptr(imports));
        class.static_method(js_string!("customSections"), 2, NativeFunction::from_fn_ptr(custom_sections));
        Ok(())
    }

    /// `new WebAssembly.Module(bytes)`.
    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let bytes = values::bytes_of(args.get_or_undefined(0), context)?;
        let state = WasmState::current()?;
        compile(&state, &bytes, context)
    }
}

/// `WebAssembly.validate(bytes)`.
pub fn validate(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = values::bytes_of(args.get_or_undefined(0), context)?;
    let state = WasmState::current()?;
    Ok(wasmi::Module::validate(state.engine(), &bytes).is_ok().into())
}

/// Whether a value is a `WebAssembly.Module` (for `instantiate`'s two forms).
pub fn is_module(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let is = args.get_or_undefined(0).as_object().is_some_and(|o| o.downcast_ref::<ModuleObject>().is_some());
    Ok(is.into())
}

fn module_arg(args: &[JsValue]) -> JsResult<(wasmi::Module, Rc<Vec<String>>)> {
    this_data::<ModuleObject, _>(args.get_or_undefined(0), "Module", |m| (m.module.clone(), Rc::clone(&m.export_order)))
}

fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "function",
        ExternType::Table(_) => "table",
        ExternType::Memory(_) => "memory",
        ExternType::Global(_) => "global",
    }
}

fn plain_object(context: &mut Context, fields: &[(&str, &str)]) -> JsResult<JsValue> {
    let object = JsObject::with_object_proto(context.intrinsics());
    for (key, value) in fields {
        object.set(JsString::from(*key), JsString::from(*value), true, context)?;
    }
    Ok(object.into())
}

/// `WebAssembly.Module.exports(module)`: `[{ name, kind }]`.
fn exports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (module, order) = module_arg(args)?;
    let mut exports: Vec<(String, &'static str)> =
        module.exports().map(|e| (e.name().to_owned(), kind_name(e.ty()))).collect();
    in_module_order(&mut exports, &order);
    let mut list = Vec::new();
    for (name, kind) in &exports {
        list.push(plain_object(context, &[("name", name), ("kind", kind)])?);
    }
    Ok(JsArray::from_iter(list, context).into())
}

/// `WebAssembly.Module.imports(module)`: `[{ module, name, kind }]`.
fn imports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (module, _) = module_arg(args)?;
    let mut list = Vec::new();
    for import in module.imports() {
        let fields = [("module", import.module()), ("name", import.name()), ("kind", kind_name(import.ty()))];
        list.push(plain_object(context, &fields)?);
    }
    Ok(JsArray::from_iter(list, context).into())
}

/// `WebAssembly.Module.customSections(module, name)`: copies of the sections' bytes.
fn custom_sections(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (module, _) = module_arg(args)?;
    let name = args.get_or_undefined(1).to_string(context)?.to_std_string_escaped();
    let mut list = Vec::new();
    for section in module.custom_sections().filter(|s| s.name() == name) {
        let buffer = JsArrayBuffer::new(section.data().len(), context)?;
        if let Some(mut bytes) = buffer.data_mut() {
            bytes.copy_from_slice(section.data());
        }
        list.push(buffer.into());
    }
    Ok(JsArray::from_iter(list, context).into())
}

/// A `WebAssembly.Instance` object.
#[derive(Trace, Finalize, JsData)]
pub struct InstanceObject {
    exports: JsObject,
}

impl Class for InstanceObject {
    const NAME: &'static str = "Instance";
    const LENGTH: usize = 1;

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let getter = NativeFunction::from_fn_ptr(|this, _, _| {
            this_data::<InstanceObject, _>(this, "Instance", |i| i.exports.clone().into())
        });
        let getter = getter.to_js_function(class.context().realm());
        class.accessor(js_string!("exports"), Some(getter), None, Attribute::CONFIGURABLE);
        Ok(())
    }

    /// `new WebAssembly.Instance(module, importObject)`.
    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let (module, order) = module_arg(args)?;
        let state = WasmState::current()?;
        let externs = link(&state, &module, args.get_or_undefined(1), context)?;
        let instance = state
            .with_context(context, |store| {
                WasmState::unlimited_fuel(store);
                Instance::new(&mut *store, &module, &externs).map_err(|e| Failure::of(e, store))
            })?
            .map_err(|failure| failure.into_error(&state, Kind::Link, context))?;
        Ok(Self { exports: exports_object(&state, instance, &order, context)? })
    }
}

/// The wasm things that `importObject` offers for each import of `module`, in order.
fn link(
    state: &WasmState,
    module: &wasmi::Module,
    import_object: &JsValue,
    context: &mut Context,
) -> JsResult<Vec<Extern>> {
    if module.imports().len() > 0 && !import_object.is_object() {
        return Err(JsNativeError::typ().with_message("WebAssembly.Instance(): imports must be an object").into());
    }
    let link_error = |context: &mut Context, module: &str, name: &str, what: &str| {
        errors::make(state, Kind::Link, &format!("WebAssembly.Instance(): import {module}.{name} {what}"), context)
    };
    let mut externs = Vec::new();
    for import in module.imports() {
        let (module_name, name) = (import.module(), import.name());
        let namespace = match import_object.as_object() {
            Some(imports) => imports.get(JsString::from(module_name), context)?,
            None => JsValue::undefined(),
        };
        let Some(namespace) = namespace.as_object() else {
            return Err(JsNativeError::typ()
                .with_message(format!("WebAssembly.Instance(): import module '{module_name}' must be an object"))
                .into());
        };
        let value = namespace.get(JsString::from(name), context)?;
        let object = value.as_object();
        let found = match import.ty() {
            ExternType::Func(ty) => match object.filter(JsObject::is_callable) {
                // A function wasm exported is linked as itself (wasmi checks its type).
                Some(function) => match state.func_of(&function) {
                    Some(func) => Some(Extern::Func(func)),
                    None => Some(Extern::Func(state.import_func(function, ty.clone())?)),
                },
                None => None,
            },
            ExternType::Memory(_) => {
                object.and_then(|o| o.downcast_ref::<MemoryObject>().map(|m| m.memory())).map(Extern::Memory)
            }
            ExternType::Table(_) => {
                object.and_then(|o| o.downcast_ref::<TableObject>().map(|t| t.table())).map(Extern::Table)
            }
            ExternType::Global(ty) => match object.and_then(|o| o.downcast_ref::<GlobalObject>().map(|g| g.global())) {
                Some(global) => Some(Extern::Global(global)),
                // A plain number (a BigInt for i64) makes a constant global.
                None if ty.mutability() == Mutability::Const && (value.is_number() || value.is_bigint()) => {
                    let wasm_value = values::to_wasm(state, &value, ty.content(), context)
                        .map_err(|_| link_error(context, module_name, name, "has the wrong type"))?;
                    let global =
                        state.with_store(|mut store| Global::new(&mut store, wasm_value, Mutability::Const))?;
                    Some(Extern::Global(global))
                }
                None => None,
            },
        };
        match found {
            Some(found) => externs.push(found),
            None => {
                return Err(link_error(context, module_name, name, &format!("must be a {}", kind_name(import.ty()))));
            }
        }
    }
    Ok(externs)
}

/// The frozen, null-prototype `exports` object of an instance.
fn exports_object(
    state: &WasmState,
    instance: Instance,
    order: &[String],
    context: &mut Context,
) -> JsResult<JsObject> {
    let mut list: Vec<(String, Extern)> =
        state.with_store(|store| instance.exports(&store).map(|e| (e.name().to_owned(), e.into_extern())).collect())?;
    in_module_order(&mut list, order);
    let exports = JsObject::with_null_proto();
    for (name, item) in list {
        let value: JsValue = match item {
            Extern::Func(func) => state.function_object(func, &name, context)?.into(),
            Extern::Memory(memory) => super::memory::object(state, memory, context)?.into(),
            Extern::Table(table) => super::table::table_object(state, table, context)?.into(),
            Extern::Global(global) => super::table::global_object(state, global, context)?.into(),
        };
        exports.define_property_or_throw(
            JsString::from(name),
            PropertyDescriptor::builder().value(value).writable(true).enumerable(true).configurable(true),
            context,
        )?;
    }
    exports.set_integrity_level(IntegrityLevel::Frozen, context)?;
    Ok(exports)
}
