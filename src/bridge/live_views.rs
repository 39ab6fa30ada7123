//! Live views of WebAssembly memory: the one exception to copying. A guest ArrayBuffer whose
//! bytes are external memory (only a WebAssembly memory's `buffer` is) crosses as a *live* view,
//! so the host can work on wasm memory the way Emscripten's users do
//! (`Module.HEAPU8.set(bytes, ptr)`). The host gets an ArrayBuffer over the same bytes
//! (`napi_create_external_arraybuffer`, without a finalizer: the bytes are wasm's), and typed
//! arrays and DataViews over it as the guest's. The wasm side detaches the host buffer
//! (`napi_detach_arraybuffer`) whenever it detaches the guest's — the memory grew — and when the
//! engine goes, before the memory is freed, so the host never reads freed memory.

use std::cell::{Cell, RefCell};
use std::ffi::c_void;

use boa_engine::object::builtins::{JsArrayBuffer, JsDataView, JsTypedArray};
use boa_engine::object::{JsObject, WeakJsObject};
use boa_engine::{Context, JsResult, JsSymbol, JsValue, builtins, js_string};
use napi::sys::napi_value;

use super::napi::{NapiResult, Ref, Value, env, napi_call};
use super::{BridgeState, HostResult, construct_global, string_to_host};
use crate::contract::HostKind;

#[derive(Default)]
pub struct LiveViews {
    buffers: RefCell<Vec<LiveBuffer>>,
}

struct LiveBuffer {
    /// The guest's buffer (kept alive by the memory's own cache until it is detached).
    guest: JsArrayBuffer,
    /// Strong, until the guest's buffer is detached: as under Node, a memory's buffer is one
    /// ArrayBuffer until the memory grows, even after the host let go of it and V8 collected.
    host: Ref,
    /// Guest views of this buffer and the host views made for them, so a view crosses as the
    /// same object each time (`M.HEAPU8 === M.HEAPU8`) and comes back as the original.
    views: Vec<(WeakJsObject, Ref)>,
    prune_at: usize,
    /// The length of the host buffer, which V8 counts as its own external memory.
    len: usize,
}

thread_local! {
    // The bytes of this thread's live host buffers (see `counted_by_v8`).
    static COUNTED_BY_V8: Cell<usize> = const { Cell::new(0) };
}

/// How many bytes of wasm memory V8 counts already: an external ArrayBuffer counts its length
/// as V8's external memory, and the engine's account holds the same bytes. Left out of what
/// the addon reports to V8 (`bridge::entry`), or an opencv.js engine's 128 MB memory counted
/// twice made V8 start full collections in the host's work.
pub fn counted_by_v8() -> usize {
    COUNTED_BY_V8.with(Cell::get)
}

impl LiveBuffer {
    /// The host buffer `host` (`len` bytes) over the guest's `guest`, counted in
    /// [`counted_by_v8`] until it is dropped.
    fn new(guest: JsArrayBuffer, host: Ref, len: usize) -> Self {
        COUNTED_BY_V8.with(|counted| counted.set(counted.get() + len));
        Self { guest, host, views: Vec::new(), prune_at: 16, len }
    }
}

impl Drop for LiveBuffer {
    fn drop(&mut self) {
        COUNTED_BY_V8.with(|counted| counted.set(counted.get().saturating_sub(self.len)));
    }
}

impl LiveViews {
    /// Detaches the host buffer over the bytes of the guest's `buffer`, which was just
    /// detached (its memory moved, or is going).
    pub fn detach(&self, buffer: &JsArrayBuffer) {
        let gone: Vec<LiveBuffer> = {
            let mut buffers = self.buffers.borrow_mut();
            let (gone, kept) =
                std::mem::take(&mut *buffers).into_iter().partition(|live| same_object(&live.guest, buffer));
            *buffers = kept;
            gone
        };
        detach_host(gone);
    }

    /// Detaches every host buffer (the engine and its memories are going).
    pub fn detach_all(&self) {
        let gone = std::mem::take(&mut *self.buffers.borrow_mut());
        detach_host(gone);
    }

    fn is_empty(&self) -> bool {
        self.buffers.borrow().is_empty()
    }

    /// The host buffer over the same bytes as the guest's `buffer` (made on first use), and
    /// its index in the list.
    fn host_buffer(&self, buffer: &JsArrayBuffer) -> NapiResult<(usize, Value)> {
        let mut buffers = self.buffers.borrow_mut();
        if let Some(index) = buffers.iter().position(|live| same_object(&live.guest, buffer)) {
            return Ok((index, buffers[index].host.value()));
        }
        let (data, len) = match buffer.data() {
            Some(bytes) => (bytes.as_ptr().cast_mut(), bytes.len()),
            None => (std::ptr::null_mut(), 0),
        };
        let env = env();
        let mut host: napi_value = std::ptr::null_mut();
        // The bytes belong to wasm: no finalizer, and the buffer is detached before they go.
        napi_call!(
            env.raw(),
            napi_create_external_arraybuffer(data.cast(), len, None, std::ptr::null_mut(), &mut host)
        )?;
        buffers.push(LiveBuffer::new(buffer.clone(), Ref::strong(host)?, len));
        Ok((buffers.len() - 1, host))
    }

    /// The host view already made for the guest `view` of buffer `index`, if still alive.
    fn existing_view(&self, index: usize, view: &JsObject) -> Option<Value> {
        let buffers = self.buffers.borrow();
        buffers[index]
            .views
            .iter()
            .find(|(guest, _)| guest.upgrade().as_ref() == Some(view))
            .and_then(|(_, host)| host.get())
    }

    fn remember_view(&self, index: usize, view: &JsObject, host: Value) -> NapiResult<()> {
        let mut buffers = self.buffers.borrow_mut();
        let live = &mut buffers[index];
        if live.views.len() >= live.prune_at {
            live.views.retain(|(guest, host)| guest.upgrade().is_some() && host.get().is_some());
            live.prune_at = (live.views.len() * 2).max(16);
        }
        live.views.push((view.downgrade(), Ref::weak(host)?));
        Ok(())
    }

    /// The guest buffer a host ArrayBuffer stands for, if it is one of ours, and the guest view
    /// a host view stands for, if `view` is one we made.
    fn guest_of(&self, host_buffer: Value, view: Value) -> NapiResult<Option<(JsArrayBuffer, Option<JsObject>)>> {
        let env = env();
        let buffers = self.buffers.borrow();
        for live in buffers.iter() {
            if !env.strict_equals(live.host.value(), host_buffer)? {
                continue;
            }
            let mut original = None;
            for (guest, host_view) in &live.views {
                if let Some(host_view) = host_view.get()
                    && env.strict_equals(host_view, view)?
                {
                    original = guest.upgrade();
                    break;
                }
            }
            return Ok(Some((live.guest.clone(), original)));
        }
        Ok(None)
    }
}

fn same_object(a: &JsArrayBuffer, b: &JsArrayBuffer) -> bool {
    let (a, b): (JsObject, JsObject) = (a.clone().into(), b.clone().into());
    a == b
}

fn detach_host(gone: Vec<LiveBuffer>) {
    if gone.is_empty() {
        return;
    }
    let _scope = super::napi::HandleScope::open();
    let env = env();
    for live in &gone {
        // Node detaches any external buffer; a failure has nobody to report to.
        let _ = napi_call!(env.raw(), napi_detach_arraybuffer(live.host.value()));
    }
}

/// A guest ArrayBuffer, typed array or DataView over wasm memory as a live host view.
pub fn to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Option<Value>> {
    let env = env();
    let fail = |_| env.throw_message("could not share a view of WebAssembly memory");
    let (buffer, view) = if object.is::<builtins::array_buffer::ArrayBuffer>() {
        (object.clone(), None)
    } else if object.is::<builtins::typed_array::TypedArray>() {
        let array = JsTypedArray::from_object(object.clone()).map_err(fail)?;
        let buffer = array.buffer(context).map_err(fail)?;
        let Some(buffer) = buffer.as_object() else { return Ok(None) };
        (buffer, Some(object))
    } else if object.is::<builtins::dataview::DataView>() {
        let view = JsDataView::from_object(object.clone()).map_err(fail)?;
        let buffer = view.buffer(context).map_err(fail)?;
        let Some(buffer) = buffer.as_object() else { return Ok(None) };
        (buffer, Some(object))
    } else {
        return Ok(None);
    };
    let Ok(buffer) = JsArrayBuffer::from_object(buffer) else { return Ok(None) };
    if !buffer.is_external() {
        return Ok(None);
    }
    let (index, host_buffer) = bridge.live_views.host_buffer(&buffer)?;
    let Some(view) = view else {
        let name = env.string("ArrayBuffer")?;
        return bridge.realm.make_copy_of(HostKind::LiveView, &[host_buffer, name]).map(Some);
    };
    if let Some(host_view) = bridge.live_views.existing_view(index, view) {
        return Ok(Some(host_view));
    }
    let (name, offset, length) = if view.is::<builtins::dataview::DataView>() {
        let view = JsDataView::from_object(view.clone()).map_err(fail)?;
        (
            js_string!("DataView"),
            view.byte_offset(context).map_err(fail)? as usize,
            view.byte_length(context).map_err(fail)? as usize,
        )
    } else {
        let array = JsTypedArray::from_object(view.clone()).map_err(fail)?;
        let name =
            view.get(JsSymbol::to_string_tag(), context).map_err(fail)?.as_string().unwrap_or(js_string!("Uint8Array"));
        (name, array.byte_offset(context).map_err(fail)?, array.length(context).map_err(fail)?)
    };
    let args = [host_buffer, string_to_host(&name)?, env.number(offset as f64)?, env.number(length as f64)?];
    let host_view = bridge.realm.make_copy_of(HostKind::LiveView, &args)?;
    bridge.live_views.remember_view(index, view, host_view)?;
    Ok(Some(host_view))
}

/// A host ArrayBuffer, typed array or DataView over the bytes of one of our live buffers as the
/// guest's own view of them (the original object when the host view was made from one).
pub fn to_guest(
    context: &mut Context,
    bridge: &BridgeState,
    value: Value,
    kind: HostKind,
) -> JsResult<Option<JsValue>> {
    if bridge.live_views.is_empty() {
        return Ok(None);
    }
    let env = env();
    let mut buffer: napi_value = std::ptr::null_mut();
    let mut offset = 0usize;
    let mut length = 0usize;
    let mut class = "";
    let described = match kind {
        HostKind::ArrayBuffer => {
            buffer = value;
            Ok(())
        }
        HostKind::DataView => {
            let mut data: *mut c_void = std::ptr::null_mut();
            class = "DataView";
            napi_call!(env.raw(), napi_get_dataview_info(value, &mut length, &mut data, &mut buffer, &mut offset))
        }
        HostKind::TypedArray => {
            let mut array_type = 0;
            let mut data: *mut c_void = std::ptr::null_mut();
            let result = napi_call!(
                env.raw(),
                napi_get_typedarray_info(value, &mut array_type, &mut length, &mut data, &mut buffer, &mut offset)
            );
            class = typed_array_class(array_type);
            result
        }
        _ => return Ok(None),
    };
    described.guest(context, bridge)?;
    let Some((guest_buffer, original)) = bridge.live_views.guest_of(buffer, value).guest(context, bridge)? else {
        return Ok(None);
    };
    if let Some(original) = original {
        return Ok(Some(original.into()));
    }
    if kind == HostKind::ArrayBuffer {
        return Ok(Some(guest_buffer.into()));
    }
    let args = [guest_buffer.into(), JsValue::new(offset as f64), JsValue::new(length as f64)];
    construct_global(context, class, &args).map(Some)
}

fn typed_array_class(array_type: napi::sys::napi_typedarray_type) -> &'static str {
    use napi::sys::TypedarrayType as T;
    match array_type {
        T::int8_array => "Int8Array",
        T::uint8_array => "Uint8Array",
        T::uint8_clamped_array => "Uint8ClampedArray",
        T::int16_array => "Int16Array",
        T::uint16_array => "Uint16Array",
        T::int32_array => "Int32Array",
        T::uint32_array => "Uint32Array",
        T::float32_array => "Float32Array",
        T::float64_array => "Float64Array",
        T::bigint64_array => "BigInt64Array",
        _ => "BigUint64Array",
    }
}
