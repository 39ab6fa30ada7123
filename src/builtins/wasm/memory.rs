//! `WebAssembly.Memory` and its `buffer`: an `ArrayBuffer` over the linear memory itself (our
//! Boa patch, `JsArrayBuffer::from_external`), so typed arrays over it (Emscripten's `HEAPU8`)
//! read and write what wasm sees. wasmtime reserves a memory's address range up front, so its
//! bytes do not move, but its length changes when it grows; so, as the JS API says, the buffer
//! is detached and a new one made after every `grow`, and also whenever wasm hands control back
//! to JavaScript after growing (or, with another configuration, moving) the memory itself.

use std::cell::{Cell, RefCell};

use boa_engine::class::{Class, ClassBuilder};
use boa_engine::object::JsObject;
use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsArgs, JsData, JsNativeError, JsResult, JsValue, NativeFunction, Trace, js_string,
};
use wasmtime::{AsContext, Memory, MemoryType};

use super::state::{WasmState, key, memory_view};
use super::values::{descriptor_u32, this_data};

/// The JS API's limit on a 32-bit memory: 65,536 pages of 64 KiB (4 GiB).
const MAX_PAGES: u32 = 65_536;

/// The memories of an engine and the `ArrayBuffer` each one currently shows.
#[derive(Default)]
pub struct Memories {
    entries: RefCell<Vec<Entry>>,
}

struct Entry {
    memory: Memory,
    /// Address and length of the bytes when `buffer` was made (or last checked).
    view: Cell<(usize, usize)>,
    buffer: RefCell<Option<JsArrayBuffer>>,
}

impl Memories {
    fn add(&self, memory: Memory, store: &impl AsContext) -> usize {
        let mut entries = self.entries.borrow_mut();
        entries.push(Entry { memory, view: Cell::new(memory_view(&memory, store)), buffer: RefCell::new(None) });
        entries.len() - 1
    }

    /// Detaches the buffer of every memory that moved or changed size. Called whenever wasm
    /// hands control back to JavaScript, before any JavaScript (guest or host) runs.
    pub fn refresh_all(&self, state: &WasmState, store: &impl AsContext) {
        for index in 0..self.entries.borrow().len() {
            self.refresh(index, state, store, false);
        }
    }

    /// Detaches the buffer of memory `index` if its bytes moved or resized, or if `always`.
    fn refresh(&self, index: usize, state: &WasmState, store: &impl AsContext, always: bool) {
        let entries = self.entries.borrow();
        let Some(entry) = entries.get(index) else { return };
        let now = memory_view(&entry.memory, store);
        if always || now != entry.view.get() {
            entry.view.set(now);
            if let Some(buffer) = entry.buffer.borrow_mut().take() {
                detach(state, &buffer);
            }
        }
    }

    /// Detaches every buffer (the engine is going, and the memories with it).
    pub fn detach_all(&self, state: &WasmState) {
        for entry in self.entries.borrow().iter() {
            if let Some(buffer) = entry.buffer.borrow_mut().take() {
                detach(state, &buffer);
            }
        }
    }

    /// `memory.buffer`: the current buffer, made if the last one was detached.
    fn buffer(&self, index: usize, state: &WasmState, context: &mut Context) -> JsResult<JsArrayBuffer> {
        state.with_store(|store| self.refresh(index, state, &store, false))?;
        let entries = self.entries.borrow();
        let entry = entries.get(index).ok_or_else(|| JsNativeError::typ().with_message("not a WebAssembly.Memory"))?;
        if let Some(buffer) = entry.buffer.borrow().as_ref() {
            return Ok(buffer.clone());
        }
        let (address, len) = entry.view.get();
        // An empty Vec has a dangling, unaligned address; Boa wants an aligned one even for no bytes.
        let address =
            if len == 0 { std::ptr::NonNull::<u64>::dangling().as_ptr().cast::<u8>() } else { address as *mut u8 };
        // SAFETY: `address` is the start of the memory's `len` bytes (wasmtime's mapping), which
        // stay mapped and sized so until the memory grows or the store is dropped. Both detach this buffer
        // before any JavaScript can use it again: growth is noticed by `refresh` whenever wasm
        // returns to JavaScript or `grow` runs, and `WasmState`'s drop detaches every buffer
        // before the store goes. Wasm touches the bytes only while it runs, when no JavaScript
        // holds a reference into them (JavaScript runs inside imports, between wasm's accesses).
        let buffer = unsafe { JsArrayBuffer::from_external(address, len, state.detach_key.clone(), context)? };
        *entry.buffer.borrow_mut() = Some(buffer.clone());
        Ok(buffer)
    }
}

fn detach(state: &WasmState, buffer: &JsArrayBuffer) {
    // The key is ours, so this cannot fail; a buffer already detached stays so.
    let _ = buffer.detach_external(&state.detach_key);
    state.live_views.detach(buffer);
}

/// A `WebAssembly.Memory` object.
#[derive(Trace, Finalize, JsData)]
pub struct MemoryObject {
    #[unsafe_ignore_trace]
    memory: Memory,
    /// Its entry in [`Memories`].
    index: usize,
}

impl MemoryObject {
    pub fn memory(&self) -> Memory {
        self.memory
    }
}

/// The `WebAssembly.Memory` object of a memory an instance exports (one per memory).
pub fn object(state: &WasmState, memory: Memory, context: &mut Context) -> JsResult<JsObject> {
    state.object_for(
        key("memory", &memory),
        |context| {
            let index = state.with_store(|store| state.memories.add(memory, &store))?;
            MemoryObject::from_data(MemoryObject { memory, index }, context)
        },
        context,
    )
}

impl Class for MemoryObject {
    const NAME: &'static str = "Memory";
    const LENGTH: usize = 1;

    fn init(class: &mut ClassBuilder<'_>) -> JsResult<()> {
        let buffer = NativeFunction::from_fn_ptr(buffer).to_js_function(class.context().realm());
        class.accessor(js_string!("buffer"), Some(buffer), None, Attribute::CONFIGURABLE);
        class.method(js_string!("grow"), 1, NativeFunction::from_fn_ptr(grow));
        Ok(())
    }

    /// `new WebAssembly.Memory({ initial, maximum })`.
    fn data_constructor(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<Self> {
        let descriptor = args.get_or_undefined(0);
        let Some(descriptor) = descriptor.as_object() else {
            return Err(JsNativeError::typ()
                .with_message("WebAssembly.Memory(): the argument must be an object")
                .into());
        };
        let initial = descriptor_u32(&descriptor, "initial", context)?
            .or(descriptor_u32(&descriptor, "minimum", context)?)
            .ok_or_else(|| JsNativeError::typ().with_message("WebAssembly.Memory(): 'initial' is required"))?;
        let maximum = descriptor_u32(&descriptor, "maximum", context)?;
        if initial > MAX_PAGES || maximum.is_some_and(|max| max > MAX_PAGES || max < initial) {
            return Err(JsNativeError::range()
                .with_message("WebAssembly.Memory(): invalid initial or maximum size")
                .into());
        }
        if descriptor.get(js_string!("shared"), context)?.to_boolean() {
            return Err(JsNativeError::typ()
                .with_message("WebAssembly.Memory(): shared memory is not supported")
                .into());
        }
        let state = WasmState::current()?;
        let memory = state
            .with_store(|mut store| Memory::new(&mut store, MemoryType::new(initial, maximum)))?
            .map_err(|e| JsNativeError::range().with_message(format!("WebAssembly.Memory(): {e}")))?;
        let index = state.with_store(|store| state.memories.add(memory, &store))?;
        Ok(Self { memory, index })
    }

    fn object_constructor(instance: &JsObject<Self>, _: &[JsValue], _: &mut Context) -> JsResult<()> {
        let memory = instance.borrow().data().memory;
        WasmState::current()?.remember(key("memory", &memory), instance.clone().upcast());
        Ok(())
    }
}

fn buffer(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let index = this_data::<MemoryObject, _>(this, "Memory", |m| m.index)?;
    let state = WasmState::current()?;
    Ok(state.memories.buffer(index, &state, context)?.into())
}

/// `memory.grow(delta)`: the old size in pages; the old buffer is detached even for a delta
/// of 0, as the JS API says.
fn grow(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (memory, index) = this_data::<MemoryObject, _>(this, "Memory", |m| (m.memory, m.index))?;
    let delta = super::values::enforce_u32(args.get_or_undefined(0), "delta", context)?;
    let state = WasmState::current()?;
    let grown = state.with_store(|mut store| {
        let grown = memory.grow(&mut store, u64::from(delta));
        state.memories.refresh(index, &state, &store, true);
        grown
    })?;
    let old = grown.map_err(|e| JsNativeError::range().with_message(format!("WebAssembly.Memory.grow(): {e}")))?;
    Ok(JsValue::new(old as f64))
}
