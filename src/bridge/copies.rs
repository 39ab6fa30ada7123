//! Values that cross as copies: Date, RegExp, ArrayBuffer, typed arrays, Buffer, DataView (and
//! BigInt, a primitive that needs converting). The host side of each copy is made by the caller's
//! realm (`makeCopy` in `lib/host-values.js`) and its bytes are filled in here. Views of
//! WebAssembly memory are the exception: they cross live (see `live_views.rs`).

use std::ffi::c_void;

use boa_engine::object::JsObject;
use boa_engine::object::builtins::{AlignedVec, JsArrayBuffer, JsDataView, JsDate, JsTypedArray};
use boa_engine::{Context, JsBigInt, JsResult, JsString, JsSymbol, JsValue, builtins, js_string};
use napi::sys::napi_value;

use super::napi::{NapiResult, Value, env, napi_call};
use super::{BridgeState, HostResult, construct_global, string_to_guest, string_to_host};
use crate::contract::HostKind;

fn make_copy(bridge: &BridgeState, kind: HostKind, args: &[Value]) -> NapiResult<Value> {
    bridge.realm.make_copy_of(kind, args)
}

fn read_copy(bridge: &BridgeState, kind: HostKind, value: Value) -> NapiResult<Value> {
    let env = env();
    env.call(env.undefined(), bridge.realm.read_copy.value(), &[env.number(kind.number())?, value])
}

/// The bytes behind a host ArrayBuffer / typed array / DataView, as a raw region that is only
/// copied into or out of: no Rust reference is made over JavaScript memory, which another view
/// (or, for an external buffer, a guest buffer) may share.
struct HostBytes {
    data: *mut u8,
    len: usize,
}

impl HostBytes {
    /// The bytes in a block a guest ArrayBuffer can own: copied once, never zeroed first (a
    /// 1 MB image crossing in was zeroed and copied twice).
    fn to_block(&self) -> AlignedVec<u8> {
        let mut block = AlignedVec::with_capacity(64, self.len);
        if self.len > 0 {
            // SAFETY: as in `to_vec` (`data` is not null when `len` is not 0: `host_bytes`);
            // `block` has room for `len` bytes, all of them written by the copy before
            // `set_len` makes them part of it.
            unsafe {
                std::ptr::copy_nonoverlapping(self.data, block.as_mut_ptr(), self.len);
                block.set_len(self.len);
            }
        }
        block
    }

    fn to_vec(&self) -> Vec<u8> {
        let mut bytes = vec![0; self.len];
        if self.len > 0 {
            // SAFETY: `data..data+len` is the live buffer Node-API reported, not null as `len`
            // is not 0 (see `host_bytes`); no JavaScript runs during the copy, and `bytes` is
            // fresh, so the regions do not overlap.
            unsafe { std::ptr::copy_nonoverlapping(self.data, bytes.as_mut_ptr(), self.len) };
        }
        bytes
    }

    /// Copies as much of `bytes` as fits; returns how much that was.
    fn write(&self, bytes: &[u8]) -> usize {
        let n = self.len.min(bytes.len());
        if n > 0 {
            // SAFETY: as in `to_vec`; `copy` (not `copy_nonoverlapping`) because `bytes` may be
            // a guest buffer sharing this very memory.
            unsafe { std::ptr::copy(bytes.as_ptr(), self.data, n) };
        }
        n
    }
}

/// The region behind a host ArrayBuffer / typed array / DataView, valid while `value` is alive
/// and no JavaScript runs (nothing then detaches or resizes it): the current call.
fn host_bytes(kind: HostKind, value: Value) -> NapiResult<HostBytes> {
    let env = env();
    let mut data: *mut c_void = std::ptr::null_mut();
    let mut len = 0usize;
    match kind {
        HostKind::ArrayBuffer => {
            napi_call!(env.raw(), napi_get_arraybuffer_info(value, &mut data, &mut len))?;
        }
        HostKind::DataView => {
            let mut buffer: napi_value = std::ptr::null_mut();
            let mut offset = 0usize;
            napi_call!(env.raw(), napi_get_dataview_info(value, &mut len, &mut data, &mut buffer, &mut offset))?;
        }
        _ => {
            let mut array_type = 0;
            let mut length = 0usize;
            let mut buffer: napi_value = std::ptr::null_mut();
            let mut offset = 0usize;
            napi_call!(
                env.raw(),
                napi_get_typedarray_info(value, &mut array_type, &mut length, &mut data, &mut buffer, &mut offset)
            )?;
            let mut buffer_data: *mut c_void = std::ptr::null_mut();
            let mut buffer_len = 0usize;
            napi_call!(env.raw(), napi_get_arraybuffer_info(buffer, &mut buffer_data, &mut buffer_len))?;
            len = buffer_len.saturating_sub(offset).min(length * element_size(array_type));
        }
    }
    if data.is_null() {
        len = 0;
    }
    Ok(HostBytes { data: data.cast::<u8>(), len })
}

fn element_size(array_type: napi::sys::napi_typedarray_type) -> usize {
    use napi::sys::TypedarrayType as T;
    match array_type {
        T::int8_array | T::uint8_array | T::uint8_clamped_array => 1,
        T::int16_array | T::uint16_array => 2,
        T::int32_array | T::uint32_array | T::float32_array => 4,
        _ => 8,
    }
}

/// A guest object for the host, if it is one of the copied kinds.
pub fn to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Option<Value>> {
    let env = env();
    let fail = |_| env.throw_message("could not copy a guest value");
    if object.is::<builtins::date::Date>() {
        let time = JsDate::from_object(object.clone()).and_then(|date| date.get_time(context)).map_err(fail)?;
        return make_copy(bridge, HostKind::Date, &[env.number(time.as_number().unwrap_or(f64::NAN))?]).map(Some);
    }
    if object.is::<builtins::regexp::RegExp>() {
        let mut parts = Vec::with_capacity(3);
        for key in ["source", "flags", "lastIndex"] {
            let value = object.get(JsString::from(key), context).map_err(fail)?;
            parts.push(super::to_host(context, bridge, &value)?);
        }
        return make_copy(bridge, HostKind::RegExp, &parts).map(Some);
    }
    if let Some(view) = super::live_views::to_host(context, bridge, object)? {
        return Ok(Some(view));
    }
    if object.is::<builtins::array_buffer::ArrayBuffer>() {
        let bytes =
            JsArrayBuffer::from_object(object.clone()).ok().and_then(|buffer| buffer.to_vec()).unwrap_or_default();
        let copy = make_copy(bridge, HostKind::ArrayBuffer, &[env.number(bytes.len() as f64)?])?;
        host_bytes(HostKind::ArrayBuffer, copy)?.write(&bytes);
        return Ok(Some(copy));
    }
    if object.is::<builtins::typed_array::TypedArray>() {
        let array = JsTypedArray::from_object(object.clone()).map_err(fail)?;
        let buffer = array.buffer(context).map_err(fail)?;
        let offset = array.byte_offset(context).map_err(fail)?;
        let length = array.byte_length(context).map_err(fail)?;
        let bytes = view_bytes(&buffer, offset, length);
        let name = object
            .get(JsSymbol::to_string_tag(), context)
            .map_err(fail)?
            .as_string()
            .unwrap_or(js_string!("Uint8Array"));
        let is_buffer = object.get(js_string!("_isBuffer"), context).map_err(fail)?.to_boolean();
        let length = array.length(context).map_err(fail)?;
        let copy = if is_buffer {
            make_copy(bridge, HostKind::Buffer, &[env.number(bytes.len() as f64)?])?
        } else {
            make_copy(bridge, HostKind::TypedArray, &[env.number(length as f64)?, string_to_host(&name)?])?
        };
        host_bytes(HostKind::TypedArray, copy)?.write(&bytes);
        return Ok(Some(copy));
    }
    if object.is::<builtins::dataview::DataView>() {
        let view = JsDataView::from_object(object.clone()).map_err(fail)?;
        let offset = view.byte_offset(context).map_err(fail)? as usize;
        let length = view.byte_length(context).map_err(fail)? as usize;
        let buffer = view.buffer(context).map_err(fail)?;
        let bytes = view_bytes(&buffer, offset, length);
        let copy = make_copy(bridge, HostKind::DataView, &[env.number(bytes.len() as f64)?])?;
        host_bytes(HostKind::DataView, copy)?.write(&bytes);
        return Ok(Some(copy));
    }
    Ok(None)
}

fn view_bytes(buffer: &JsValue, offset: usize, length: usize) -> Vec<u8> {
    buffer
        .as_object()
        .and_then(|buffer| JsArrayBuffer::from_object(buffer).ok())
        .and_then(|buffer| buffer.to_vec())
        .map(|bytes| bytes.get(offset..offset + length).map(<[u8]>::to_vec).unwrap_or_default())
        .unwrap_or_default()
}

fn guest_array_buffer(context: &mut Context, block: AlignedVec<u8>) -> JsResult<JsArrayBuffer> {
    // Boa refuses a buffer past the engine's memory limit (a host hook) when it allocates one:
    // a copy is refused the same way, with the same RangeError.
    if block.len() as u64 > context.host_hooks().max_buffer_size(context) {
        return JsArrayBuffer::new(block.len(), context);
    }
    JsArrayBuffer::from_byte_block(block, context)
}

/// A host value of a copied kind for the guest.
pub fn to_guest(context: &mut Context, bridge: &BridgeState, value: Value, kind: HostKind) -> JsResult<JsValue> {
    let env = env();
    if let Some(view) = super::live_views::to_guest(context, bridge, value, kind)? {
        return Ok(view);
    }
    match kind {
        HostKind::Date => {
            let time = read_copy(bridge, kind, value).and_then(|t| env.get_number(t)).guest(context, bridge)?;
            let date = context.intrinsics().constructors().date().constructor();
            date.construct(&[JsValue::new(time)], None, context).map(JsValue::from)
        }
        HostKind::RegExp => {
            let parts = read_copy(bridge, kind, value).guest(context, bridge)?;
            let source = env.get_element(parts, 0).and_then(string_to_guest).guest(context, bridge)?;
            let flags = env.get_element(parts, 1).and_then(string_to_guest).guest(context, bridge)?;
            let last_index = env.get_element(parts, 2).and_then(|n| env.get_number(n)).guest(context, bridge)?;
            let regexp = context.intrinsics().constructors().regexp().constructor();
            let regexp = regexp.construct(&[source.into(), flags.into()], None, context)?;
            regexp.set(js_string!("lastIndex"), JsValue::new(last_index), false, context)?;
            Ok(regexp.into())
        }
        HostKind::ArrayBuffer => {
            let bytes = host_bytes(kind, value).guest(context, bridge)?.to_block();
            Ok(guest_array_buffer(context, bytes)?.into())
        }
        HostKind::DataView => {
            let bytes = host_bytes(kind, value).guest(context, bridge)?.to_block();
            let buffer = guest_array_buffer(context, bytes)?;
            construct_global(context, "DataView", &[buffer.into()])
        }
        _ => {
            // Typed arrays and Buffers.
            let bytes = host_bytes(HostKind::TypedArray, value).guest(context, bridge)?.to_block();
            let name = read_copy(bridge, HostKind::TypedArray, value)
                .and_then(|n| env.get_string(n))
                .guest(context, bridge)?;
            let buffer = guest_array_buffer(context, bytes)?;
            let array = construct_global(context, &name, &[buffer.into()])?;
            if kind == HostKind::Buffer {
                // A Buffer becomes the guest's own Buffer (loaded on first use).
                let buffer_class = context.global_object().get(js_string!("Buffer"), context)?;
                if let (Some(class), Some(array)) = (buffer_class.as_object(), array.as_object()) {
                    let prototype = class.get(js_string!("prototype"), context)?;
                    if let Some(prototype) = prototype.as_object() {
                        array.set_prototype(Some(prototype));
                    }
                }
            }
            Ok(array)
        }
    }
}

pub fn bigint_to_host(value: &JsBigInt) -> NapiResult<Value> {
    let text = value.to_string_radix(16);
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.as_str()),
    };
    let mut words = Vec::with_capacity(digits.len() / 16 + 1);
    let mut end = digits.len();
    while end > 0 {
        let start = end.saturating_sub(16);
        words.push(u64::from_str_radix(&digits[start..end], 16).unwrap_or(0));
        end = start;
    }
    let env = env();
    let mut result: napi_value = std::ptr::null_mut();
    napi_call!(env.raw(), napi_create_bigint_words(i32::from(negative), words.len(), words.as_ptr(), &mut result))?;
    Ok(result)
}

pub fn bigint_to_guest(value: Value) -> NapiResult<JsValue> {
    let env = env();
    let mut sign = 0;
    let mut count = 0usize;
    // Node answers the size query only when both `sign_bit` and `words` are null.
    napi_call!(env.raw(), napi_get_value_bigint_words(value, std::ptr::null_mut(), &mut count, std::ptr::null_mut()))?;
    let mut words = vec![0u64; count.max(1)];
    napi_call!(env.raw(), napi_get_value_bigint_words(value, &mut sign, &mut count, words.as_mut_ptr()))?;
    let mut text: String = words.iter().rev().map(|w| format!("{w:016x}")).collect();
    if text.is_empty() {
        text.push('0');
    }
    let magnitude = JsBigInt::from_string_radix(&text, 16).unwrap_or_else(JsBigInt::zero);
    Ok(if sign != 0 { JsBigInt::neg(&magnitude) } else { magnitude }.into())
}

/// Whether a guest object crosses as a byte copy that a host function may write into.
pub fn is_byte_copy(object: &JsObject) -> bool {
    object.is::<builtins::array_buffer::ArrayBuffer>()
        || object.is::<builtins::typed_array::TypedArray>()
        || object.is::<builtins::dataview::DataView>()
}

/// After a host call, what the host wrote into the copy of a guest buffer goes back into the
/// guest's bytes: Node APIs fill the buffers they are given (`crypto.randomFillSync(view)`,
/// `fs.readSync(fd, view)`), and the caller reads its own view afterwards.
pub fn write_back(context: &mut Context, guest: &JsObject, host: Value) -> JsResult<()> {
    let (buffer, offset, length, kind) = if let Ok(buffer) = JsArrayBuffer::from_object(guest.clone()) {
        let length = buffer.data().map_or(0, |data| data.len());
        (buffer, 0, length, HostKind::ArrayBuffer)
    } else if let Ok(array) = JsTypedArray::from_object(guest.clone()) {
        let buffer = array.buffer(context)?;
        let offset = array.byte_offset(context)?;
        let length = array.byte_length(context)?;
        let Some(buffer) = buffer.as_object().and_then(|b| JsArrayBuffer::from_object(b).ok()) else { return Ok(()) };
        (buffer, offset, length, HostKind::TypedArray)
    } else if let Ok(view) = JsDataView::from_object(guest.clone()) {
        let offset = view.byte_offset(context)? as usize;
        let length = view.byte_length(context)? as usize;
        let buffer = view.buffer(context)?;
        let Some(buffer) = buffer.as_object().and_then(|b| JsArrayBuffer::from_object(b).ok()) else { return Ok(()) };
        (buffer, offset, length, HostKind::DataView)
    } else {
        return Ok(());
    };
    if buffer.is_external() {
        return Ok(()); // a live view of wasm memory: the host wrote into the guest's bytes
    }
    let Ok(written) = host_bytes(kind, host).map(|region| region.to_vec()) else { return Ok(()) };
    if let Some(mut data) = buffer.data_mut()
        && let Some(target) = data.get_mut(offset..offset + length)
    {
        let n = target.len().min(written.len());
        target[..n].copy_from_slice(&written[..n]);
    }
    Ok(())
}
