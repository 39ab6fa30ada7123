//! `WebAssembly.Table` (of `funcref` or `externref`) and `WebAssembly.Global`.

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::JsObject;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsResult, JsValue, NativeFunction, Trace, js_string,
};
use wasmtime::{Global, GlobalType, Mutability, Ref, RefType, Table, TableType, Val, ValType};

use super::state::{WasmState, key};
use super::values::{self, RefKind, descriptor_u32, enforce_u32, ref_kind, this_data};

/// The JS API's limit on a table's size.
const MAX_TABLE: u32 = 10_000_000;

/// A `WebAssembly.Table` object.
#[derive(Trace, Finalize, JsData)]
pub struct TableObject {
    #[unsafe_ignore_trace]
    table: Table,
}

impl TableObject {
    pub fn table(&self) -> Table {
        self.table
    }
}

/// The `WebAssembly.Table` object of a table an instance exports (one per table).
pub fn table_object(state: &WasmState, table: Table, context: &mut Context) -> JsResult<JsObject> {
    state.object_for(key("table", &table), |context| TableObject::from_data(TableObject { table }, context), context)
}

/// A table element from JavaScript; `undefined` (an argument left out) is the type's default.
fn to_ref(state: &WasmState, element: &RefType, value: &JsValue, context: &mut Context) -> JsResult<Ref> {
    Ok(match ref_kind(element) {
        RefKind::Func if value.is_undefined() => Ref::Func(None),
        RefKind::Func => Ref::Func(values::func_ref(state, value)?),
        RefKind::Extern => match values::to_wasm(state, value, &ValType::EXTERNREF, context)? {
            Val::ExternRef(reference) => Ref::Extern(reference),
            _ => Ref::Extern(None),
        },
        RefKind::Other => {
            return Err(JsNativeError::typ().with_message("WebAssembly.Table: unsupported element type").into());
        }
    })
}

fn from_ref(state: &WasmState, reference: Ref, context: &mut Context) -> JsResult<JsValue> {
    match reference {
        Ref::Func(func) => values::to_js(state, &Val::FuncRef(func), context),
        Ref::Extern(extern_ref) => values::to_js(state, &Val::ExternRef(extern_ref), context),
        _ => Ok(JsValue::null()),
    }
}

impl Class for TableObject {
    const NAME: &'static str = "Table";
    const LENGTH: usize = 1;

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let length = NativeFunction::from_fn_ptr(length).to_js_function(class.context().realm());
        class.accessor(js_string!("length"), Some(length), None, Attribute::CONFIGURABLE);
        class.method(js_string!("get"), 1, NativeFunction::from_fn_ptr(get));
        class.method(js_string!("set"), 1, NativeFunction::from_fn_ptr(set));
        class.method(js_string!("grow"), 1, NativeFunction::from_fn_ptr(grow));
        Ok(())
    }

    /// `new WebAssembly.Table({ element, initial, maximum }, value)`.
    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let Some(descriptor) = args.get_or_undefined(0).as_object() else {
            return Err(JsNativeError::typ()
                .with_message("WebAssembly.Table(): the argument must be an object")
                .into());
        };
        let element = match values::val_type(&descriptor.get(js_string!("element"), context)?, context)? {
            ValType::Ref(reference) => reference,
            _ => {
                return Err(JsNativeError::typ()
                    .with_message("WebAssembly.Table(): element must be 'anyfunc' or 'externref'")
                    .into());
            }
        };
        let initial = descriptor_u32(&descriptor, "initial", context)?
            .or(descriptor_u32(&descriptor, "minimum", context)?)
            .ok_or_else(|| JsNativeError::typ().with_message("WebAssembly.Table(): 'initial' is required"))?;
        let maximum = descriptor_u32(&descriptor, "maximum", context)?;
        if initial > MAX_TABLE || maximum.is_some_and(|max| max < initial) {
            return Err(JsNativeError::range()
                .with_message("WebAssembly.Table(): invalid initial or maximum size")
                .into());
        }
        let state = WasmState::current()?;
        let init = to_ref(&state, &element, args.get_or_undefined(1), context)?;
        let table = state
            .with_store(|mut store| Table::new(&mut store, TableType::new(element, initial, maximum), init))?
            .map_err(|e| JsNativeError::range().with_message(format!("WebAssembly.Table(): {e}")))?;
        Ok(Self { table })
    }

    fn object_constructor(instance: &JsObject<Self>, _: &[JsValue], _: &mut Context) -> JsResult<()> {
        let table = instance.borrow().data().table;
        WasmState::current()?.remember(key("table", &table), instance.clone().upcast());
        Ok(())
    }
}

fn this_table(this: &JsValue) -> JsResult<Table> {
    this_data::<TableObject, _>(this, "Table", |t| t.table)
}

fn length(this: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let table = this_table(this)?;
    let size = WasmState::current()?.with_store(|store| table.size(&store))?;
    Ok(JsValue::new(size as f64))
}

fn get(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = this_table(this)?;
    let index = enforce_u32(args.get_or_undefined(0), "index", context)?;
    let state = WasmState::current()?;
    let reference = state
        .with_store(|mut store| table.get(&mut store, u64::from(index)))?
        .ok_or_else(|| JsNativeError::range().with_message("WebAssembly.Table.get(): index out of bounds"))?;
    from_ref(&state, reference, context)
}

fn set(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = this_table(this)?;
    let index = enforce_u32(args.get_or_undefined(0), "index", context)?;
    let state = WasmState::current()?;
    let element = state.with_store(|store| table.ty(&store).element().clone())?;
    let value = to_ref(&state, &element, args.get_or_undefined(1), context)?;
    state
        .with_store(|mut store| table.set(&mut store, u64::from(index), value))?
        .map_err(|e| JsNativeError::range().with_message(format!("WebAssembly.Table.set(): {e}")))?;
    Ok(JsValue::undefined())
}

fn grow(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let table = this_table(this)?;
    let delta = enforce_u32(args.get_or_undefined(0), "delta", context)?;
    let state = WasmState::current()?;
    let element = state.with_store(|store| table.ty(&store).element().clone())?;
    let init = to_ref(&state, &element, args.get_or_undefined(1), context)?;
    let old = state
        .with_store(|mut store| table.grow(&mut store, u64::from(delta), init))?
        .map_err(|e| JsNativeError::range().with_message(format!("WebAssembly.Table.grow(): {e}")))?;
    Ok(JsValue::new(old as f64))
}

/// A `WebAssembly.Global` object.
#[derive(Trace, Finalize, JsData)]
pub struct GlobalObject {
    #[unsafe_ignore_trace]
    global: Global,
}

impl GlobalObject {
    pub fn global(&self) -> Global {
        self.global
    }
}

/// The `WebAssembly.Global` object of a global an instance exports (one per global).
pub fn global_object(state: &WasmState, global: Global, context: &mut Context) -> JsResult<JsObject> {
    state.object_for(
        key("global", &global),
        |context| GlobalObject::from_data(GlobalObject { global }, context),
        context,
    )
}

impl Class for GlobalObject {
    const NAME: &'static str = "Global";
    const LENGTH: usize = 1;

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let realm = class.context().realm().clone();
        let getter = NativeFunction::from_fn_ptr(value).to_js_function(&realm);
        let setter = NativeFunction::from_fn_ptr(set_value).to_js_function(&realm);
        class.accessor(js_string!("value"), Some(getter), Some(setter), Attribute::CONFIGURABLE);
        class.method(js_string!("valueOf"), 0, NativeFunction::from_fn_ptr(value));
        Ok(())
    }

    /// `new WebAssembly.Global({ value, mutable }, initialValue)`.
    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let Some(descriptor) = args.get_or_undefined(0).as_object() else {
            return Err(JsNativeError::typ()
                .with_message("WebAssembly.Global(): the argument must be an object")
                .into());
        };
        let mutable = descriptor.get(js_string!("mutable"), context)?.to_boolean();
        let ty = values::val_type(&descriptor.get(js_string!("value"), context)?, context)?;
        let state = WasmState::current()?;
        let initial = args.get_or_undefined(1);
        let initial = match Val::default_for_ty(&ty) {
            Some(default) if initial.is_undefined() && !ty.is_externref() => default,
            _ => values::to_wasm(&state, initial, &ty, context)?,
        };
        let mutability = if mutable { Mutability::Var } else { Mutability::Const };
        let global = state
            .with_store(|mut store| Global::new(&mut store, GlobalType::new(ty, mutability), initial))?
            .map_err(|e| JsNativeError::typ().with_message(format!("WebAssembly.Global(): {e:#}")))?;
        Ok(Self { global })
    }

    fn object_constructor(instance: &JsObject<Self>, _: &[JsValue], _: &mut Context) -> JsResult<()> {
        let global = instance.borrow().data().global;
        WasmState::current()?.remember(key("global", &global), instance.clone().upcast());
        Ok(())
    }
}

fn value(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let global = this_data::<GlobalObject, _>(this, "Global", |g| g.global)?;
    let state = WasmState::current()?;
    let value = state.with_store(|mut store| global.get(&mut store))?;
    values::to_js(&state, &value, context)
}

fn set_value(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let global = this_data::<GlobalObject, _>(this, "Global", |g| g.global)?;
    let state = WasmState::current()?;
    let ty = state.with_store(|store| global.ty(&store))?;
    if ty.mutability() == Mutability::Const {
        return Err(JsNativeError::typ().with_message("WebAssembly.Global: cannot set an immutable global").into());
    }
    let value = values::to_wasm(&state, args.get_or_undefined(0), ty.content(), context)?;
    state
        .with_store(|mut store| global.set(&mut store, value))?
        .map_err(|e| JsNativeError::typ().with_message(format!("WebAssembly.Global: {e}")))?;
    Ok(JsValue::undefined())
}
