//! Conversions the JS API defines: JavaScript values to wasm values (`ToWebAssemblyValue`) and
//! back (`ToJSValue`), value-type names, descriptor fields, and the bytes of a `BufferSource`.

use boa_engine::object::JsObject;
use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsTypedArray};
use boa_engine::{Context, JsBigInt, JsData, JsNativeError, JsResult, JsString, JsValue, builtins};
use wasmtime::AsContext;
use wasmtime::{ExternRef, Func, HeapType, Rooted, Val, ValType};

use super::state::WasmState;

fn no_v128() -> JsNativeError {
    JsNativeError::typ().with_message("WebAssembly: v128 values cannot cross to JavaScript")
}

/// What a reference type holds, for the JS API (its hierarchy's top type).
pub enum RefKind {
    Func,
    Extern,
    Other,
}

pub fn ref_kind(ty: &wasmtime::RefType) -> RefKind {
    match ty.heap_type().top() {
        HeapType::Func => RefKind::Func,
        HeapType::Extern => RefKind::Extern,
        _ => RefKind::Other,
    }
}

/// `ToWebAssemblyValue(value, type)`.
pub fn to_wasm(state: &WasmState, value: &JsValue, ty: &ValType, context: &mut Context) -> JsResult<Val> {
    Ok(match ty {
        ValType::I32 => Val::I32(value.to_i32(context)?),
        // A Number is a TypeError here (the JS API converts i64 with ToBigInt64).
        ValType::I64 => Val::I64(value.to_big_int64(context)?),
        ValType::F32 => Val::F32((value.to_number(context)? as f32).to_bits()),
        ValType::F64 => Val::F64(value.to_number(context)?.to_bits()),
        ValType::V128 => return Err(no_v128().into()),
        ValType::Ref(reference) => match ref_kind(reference) {
            RefKind::Func => Val::FuncRef(func_ref(state, value)?),
            RefKind::Extern => Val::ExternRef(extern_ref(state, value)?),
            RefKind::Other => {
                return Err(JsNativeError::typ()
                    .with_message("WebAssembly: this reference type cannot cross to wasm")
                    .into());
            }
        },
    })
}

/// `ToJSValue(value)`.
pub fn to_js(state: &WasmState, value: &Val, context: &mut Context) -> JsResult<JsValue> {
    Ok(match value {
        Val::I32(n) => JsValue::new(*n),
        Val::I64(n) => JsBigInt::from(*n).into(),
        Val::F32(bits) => JsValue::new(f64::from(f32::from_bits(*bits))),
        Val::F64(bits) => JsValue::new(f64::from_bits(*bits)),
        Val::FuncRef(Some(func)) => state.function_object(*func, "", context)?.into(),
        Val::ExternRef(Some(reference)) => {
            let index = state.with_store(|store| {
                reference.data(store.as_context()).ok().flatten().and_then(|data| data.downcast_ref::<usize>().copied())
            })?;
            let value =
                index.and_then(|i| state.with_store(|store| store.data().externs.get(i).cloned()).ok().flatten());
            value.unwrap_or_default()
        }
        Val::FuncRef(None) | Val::ExternRef(None) => JsValue::null(),
        _ => return Err(no_v128().into()),
    })
}

/// A `funcref` from JavaScript: `null`, or a function wasm exported (no other function has a
/// wasm signature).
pub fn func_ref(state: &WasmState, value: &JsValue) -> JsResult<Option<Func>> {
    if value.is_null() {
        return Ok(None);
    }
    value.as_object().and_then(|object| state.func_of(&object)).map(Some).ok_or_else(|| {
        JsNativeError::typ().with_message("WebAssembly: a funcref must be null or an exported wasm function").into()
    })
}

/// An `externref` from JavaScript: `null`, or any value (kept for the engine's life).
pub fn extern_ref(state: &WasmState, value: &JsValue) -> JsResult<Option<Rooted<ExternRef>>> {
    if value.is_null() {
        return Ok(None);
    }
    let made = state.with_store(|mut store| {
        let index = store.data().externs.len();
        store.data_mut().externs.push(value.clone());
        ExternRef::new(&mut store, index)
    })?;
    made.map(Some).map_err(|e| JsNativeError::range().with_message(format!("WebAssembly: {e:#}")).into())
}

/// A value type by its JS API name.
pub fn val_type(name: &JsValue, context: &mut Context) -> JsResult<ValType> {
    let name = name.to_string(context)?.to_std_string_escaped();
    Ok(match name.as_str() {
        "i32" => ValType::I32,
        "i64" => ValType::I64,
        "f32" => ValType::F32,
        "f64" => ValType::F64,
        "anyfunc" | "funcref" => ValType::FUNCREF,
        "externref" => ValType::EXTERNREF,
        _ => return Err(JsNativeError::typ().with_message(format!("WebAssembly: unknown value type '{name}'")).into()),
    })
}

/// The JS API's `[EnforceRange] unsigned long`: a TypeError for NaN, infinities and values
/// outside 0..2^32.
pub fn enforce_u32(value: &JsValue, what: &str, context: &mut Context) -> JsResult<u32> {
    let number = value.to_number(context)?;
    let truncated = number.trunc();
    if !number.is_finite() || truncated < 0.0 || truncated > f64::from(u32::MAX) {
        return Err(JsNativeError::typ()
            .with_message(format!("WebAssembly: '{what}' must be an integer in 0..2^32"))
            .into());
    }
    Ok(truncated as u32)
}

/// An optional `unsigned long` field of a descriptor object.
pub fn descriptor_u32(descriptor: &JsObject, field: &str, context: &mut Context) -> JsResult<Option<u32>> {
    let value = descriptor.get(JsString::from(field), context)?;
    if value.is_undefined() {
        return Ok(None);
    }
    enforce_u32(&value, field, context).map(Some)
}

/// Reads the native data of `this` (a TypeError if it is not a `class` object).
pub fn this_data<T: JsData + boa_engine::object::NativeObject, R>(
    this: &JsValue,
    class: &str,
    read: impl FnOnce(&T) -> R,
) -> JsResult<R> {
    let object = this.as_object();
    let data = object.as_ref().and_then(|object| object.downcast_ref::<T>());
    match data {
        Some(data) => Ok(read(&data)),
        None => Err(JsNativeError::typ().with_message(format!("not a WebAssembly.{class}")).into()),
    }
}

/// The bytes of a `BufferSource` (an ArrayBuffer, a typed array or a DataView), copied.
pub fn bytes_of(value: &JsValue, context: &mut Context) -> JsResult<Vec<u8>> {
    let not_bytes =
        || JsNativeError::typ().with_message("WebAssembly: the argument must be an ArrayBuffer or a typed array");
    let object = value.as_object().ok_or_else(not_bytes)?;
    let (buffer, offset, length) = if object.is::<builtins::array_buffer::ArrayBuffer>() {
        let buffer = JsArrayBuffer::from_object(object)?;
        let length = buffer.data().map_or(0, |bytes| bytes.len());
        (buffer, 0, length)
    } else if object.is::<builtins::typed_array::TypedArray>() {
        let array = JsTypedArray::from_object(object)?;
        let buffer = array.buffer(context)?.as_object().ok_or_else(not_bytes)?;
        (JsArrayBuffer::from_object(buffer)?, array.byte_offset(context)?, array.byte_length(context)?)
    } else if object.is::<builtins::dataview::DataView>() {
        let view = JsDataView::from_object(object)?;
        let buffer = view.buffer(context)?.as_object().ok_or_else(not_bytes)?;
        (JsArrayBuffer::from_object(buffer)?, view.byte_offset(context)? as usize, view.byte_length(context)? as usize)
    } else {
        return Err(not_bytes().into());
    };
    let bytes = buffer.data();
    Ok(bytes.as_deref().and_then(|bytes| bytes.get(offset..offset + length)).map(<[u8]>::to_vec).unwrap_or_default())
}
