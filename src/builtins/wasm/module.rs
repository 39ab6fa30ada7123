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
use wasmtime::wasmparser;
use wasmtime::{Extern, ExternType, Global, GlobalType, Instance, Mutability};

use super::compile::{self, Tier, WasmBytes};
use super::errors::{self, Kind};
use super::memory::MemoryObject;
use super::state::{Failure, WasmState};
use super::table::{GlobalObject, TableObject};
use super::values::{self, this_data};

/// A `WebAssembly.Module` object.
#[derive(Trace, Finalize, JsData)]
pub struct ModuleObject {
    /// The code of the tier this engine's store runs (or will, once made).
    #[unsafe_ignore_trace]
    module: wasmtime::Module,
    /// The wasm bytes, for when an instance needs the code of another tier.
    #[unsafe_ignore_trace]
    wasm: WasmBytes,
    /// The custom sections, by name, in the module's order (wasmtime keeps none).
    #[unsafe_ignore_trace]
    custom_sections: Rc<Vec<(String, Vec<u8>)>>,
}

/// Compiles `bytes` (or takes the process's compiled module for them); a `CompileError` if
/// they are not a valid module.
fn compile(state: &WasmState, bytes: Vec<u8>, context: &mut Context) -> JsResult<ModuleObject> {
    let wasm = WasmBytes::new(bytes);
    let disk = WasmState::uses_disk_cache();
    let tier = state.tier().unwrap_or_else(|| compile::tier_for_module(&wasm, state.interrupts(), disk));
    let module = code_for(state, &wasm, tier, disk, context)?;
    Ok(ModuleObject { module, custom_sections: Rc::new(custom_sections_of(wasm.bytes())), wasm })
}

/// The code of `bytes` for `tier`. Winch refuses a few proposals Cranelift compiles (exceptions,
/// tail calls, GC); such a module gets the optimized tier if the store is not bound to the
/// baseline yet, and otherwise an error that says why.
fn code_for(
    state: &WasmState,
    wasm: &WasmBytes,
    tier: Tier,
    disk: bool,
    context: &mut Context,
) -> JsResult<wasmtime::Module> {
    let interrupts = state.interrupts();
    let compiled = match compile::module(wasm, tier, interrupts, disk) {
        Err(_) if tier == Tier::Baseline && state.tier().is_none() => {
            compile::module(wasm, Tier::Optimized, interrupts, disk)
        }
        compiled => compiled,
    };
    compiled.map_err(|e| {
        let mut message = format!("{e:#}");
        if tier == Tier::Baseline && compile::validate(wasm.bytes()) {
            message.push_str(
                " (this engine's WebAssembly runs on the baseline compiler, Winch, which does not \
                 support this module; REQUIRE_VM_WASM_COMPILER=cranelift compiles everything with Cranelift)",
            );
        }
        errors::make(state, Kind::Compile, &message, context)
    })
}

/// The custom sections of a (valid) module.
fn custom_sections_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut sections = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let Ok(wasmparser::Payload::CustomSection(section)) = payload {
            sections.push((section.name().to_owned(), section.data().to_vec()));
        }
    }
    sections
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
        compile(&state, bytes, context)
    }
}

/// `WebAssembly.validate(bytes)`.
pub fn validate(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let bytes = values::bytes_of(args.get_or_undefined(0), context)?;
    Ok(super::compile::validate(&bytes).into())
}

/// Whether a value is a `WebAssembly.Module` (for `instantiate`'s two forms).
pub fn is_module(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let is = args.get_or_undefined(0).as_object().is_some_and(|o| o.downcast_ref::<ModuleObject>().is_some());
    Ok(is.into())
}

fn module_arg(args: &[JsValue]) -> JsResult<wasmtime::Module> {
    this_data::<ModuleObject, _>(args.get_or_undefined(0), "Module", |m| m.module.clone())
}

fn kind_name(ty: &ExternType) -> &'static str {
    match ty {
        ExternType::Func(_) => "function",
        ExternType::Table(_) => "table",
        ExternType::Memory(_) => "memory",
        ExternType::Global(_) => "global",
        ExternType::Tag(_) => "tag",
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
    let module = module_arg(args)?;
    // wasmtime keeps the exports in the module's order.
    let exports: Vec<(String, &'static str)> =
        module.exports().map(|e| (e.name().to_owned(), kind_name(&e.ty()))).collect();
    let mut list = Vec::new();
    for (name, kind) in &exports {
        list.push(plain_object(context, &[("name", name), ("kind", kind)])?);
    }
    Ok(JsArray::from_iter(list, context).into())
}

/// `WebAssembly.Module.imports(module)`: `[{ module, name, kind }]`.
fn imports(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let module = module_arg(args)?;
    let mut list = Vec::new();
    for import in module.imports() {
        let fields = [("module", import.module()), ("name", import.name()), ("kind", kind_name(&import.ty()))];
        list.push(plain_object(context, &fields)?);
    }
    Ok(JsArray::from_iter(list, context).into())
}

/// `WebAssembly.Module.customSections(module, name)`: copies of the sections' bytes.
fn custom_sections(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let sections = this_data::<ModuleObject, _>(args.get_or_undefined(0), "Module", |m| Rc::clone(&m.custom_sections))?;
    let name = args.get_or_undefined(1).to_string(context)?.to_std_string_escaped();
    let mut list = Vec::new();
    for (_, data) in sections.iter().filter(|(section, _)| *section == name) {
        let buffer = JsArrayBuffer::new(data.len(), context)?;
        if let Some(mut bytes) = buffer.data_mut() {
            bytes.copy_from_slice(data);
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
        let (module, wasm) =
            this_data::<ModuleObject, _>(args.get_or_undefined(0), "Module", |m| (m.module.clone(), m.wasm.clone()))?;
        let state = WasmState::current()?;
        // A store not made yet runs this module's tier; one bound to the other tier gets its code.
        let module_tier = compile::tier_of(&module);
        let tier = state.bind_tier(module_tier);
        let module = if module_tier == tier {
            module
        } else {
            code_for(&state, &wasm, tier, WasmState::uses_disk_cache(), context)?
        };
        let externs = link(&state, &module, args.get_or_undefined(1), context)?;
        // The start function runs here, under the engine's interrupt like any call.
        let instance = state
            .with_context(context, |store| {
                Instance::new(&mut *store, &module, &externs).map_err(|e| Failure::of(e, store))
            })?
            .map_err(|failure| failure.into_error(&state, Kind::Link, context))?;
        Ok(Self { exports: exports_object(&state, instance, context)? })
    }
}

/// The wasm things that `importObject` offers for each import of `module`, in order.
fn link(
    state: &WasmState,
    module: &wasmtime::Module,
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
        let import_ty = import.ty();
        let found = match &import_ty {
            ExternType::Func(ty) => match object.filter(JsObject::is_callable) {
                // A function wasm exported is linked as itself (wasmtime checks its type).
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
                    let global_ty = GlobalType::new(ty.content().clone(), Mutability::Const);
                    let global = state
                        .with_store(|mut store| Global::new(&mut store, global_ty, wasm_value))?
                        .map_err(|e| link_error(context, module_name, name, &format!("{e:#}")))?;
                    Some(Extern::Global(global))
                }
                None => None,
            },
            ExternType::Tag(_) => None,
        };
        match found {
            Some(found) => externs.push(found),
            None => {
                return Err(link_error(context, module_name, name, &format!("must be a {}", kind_name(&import_ty))));
            }
        }
    }
    Ok(externs)
}

/// The frozen, null-prototype `exports` object of an instance.
fn exports_object(state: &WasmState, instance: Instance, context: &mut Context) -> JsResult<JsObject> {
    // In the module's order, as wasmtime keeps them.
    let list: Vec<(String, Extern)> = state.with_store(|mut store| {
        instance.exports(&mut store).map(|e| (e.name().to_owned(), e.into_extern())).collect()
    })?;
    let exports = JsObject::with_null_proto();
    for (name, item) in list {
        let value: JsValue = match item {
            Extern::Func(func) => state.function_object(func, &name, context)?.into(),
            Extern::Memory(memory) => super::memory::object(state, memory, context)?.into(),
            Extern::Table(table) => super::table::table_object(state, table, context)?.into(),
            Extern::Global(global) => super::table::global_object(state, global, context)?.into(),
            Extern::SharedMemory(_) | Extern::Tag(_) => continue,
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
