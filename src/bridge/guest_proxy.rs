//! Guest values on the host: Node `Proxy` objects whose traps run against the guest object.
//!
//! This module makes the proxies and keeps their identity and lifetime; their traps are in
//! `guest_traps`.
//!
//! Each pinned guest object has a slot in this thread's [`GuestRef`] table. The host realm builds
//! the proxy (`makeProxy` of `lib/guest-proxy.js`, so it belongs to the caller's realm) with a
//! handler of its own that holds the slot: the traps find their object by its number, with no
//! Node-API call. The proxy and its target also wrap the slot number (a plain integer, never a
//! pointer): the target's finalizer frees the slot, and a proxy handed back to the guest is
//! recognised by its type tag and unwrapped. The finalizer (run inside V8's GC) only queues the
//! release (`engine::deferred`).

use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::rc::{Rc, Weak};

use boa_engine::object::JsObject;
use boa_engine::{Context, js_string};
use napi::sys::{napi_env, napi_ref, napi_type_tag};

use super::napi::{Env, NapiResult, Value, env};
use super::{BridgeState, address};
use crate::contract::TargetKind;
use crate::engine::{Engine, deferred};

/// Marks host proxies of guest objects (so foreign wraps are never mistaken for ours).
static GUEST_PROXY_TAG: napi_type_tag = napi_type_tag { lower: 0x7265_7175_6972_6576, upper: 0x6d2d_7273_2d70_7278 };

/// An entry of the engine's guest→host identity map.
pub struct Entry {
    /// Weak reference to the host proxy, owned by the proxy's finalizer.
    pub reference: napi_ref,
    /// The proxy's slot.
    slot: u32,
}

/// What a host proxy stands for: a pinned guest object of a live engine.
pub struct GuestRef {
    pub(super) engine: Rc<Engine>,
    /// The engine's bridge, gone once the engine is disposed.
    pub(super) bridge: Weak<BridgeState>,
    pub(super) handle: u32,
    address: usize,
    /// Weak reference to the proxy (or error copy) the host sees; set once it exists.
    pub(super) reference: Cell<napi_ref>,
    /// Whether the guest handed this function to the host (see [`handed_to_host`]).
    handed: Cell<bool>,
}

/// The table of pinned guest objects: a slot per proxy (or error copy), freed by its owner's
/// finalizer. Slots are reused, but only once their owner is gone, and with it every handler
/// and wrap that named the slot.
#[derive(Default)]
struct Slots {
    entries: Vec<Option<Rc<GuestRef>>>,
    free: Vec<u32>,
}

thread_local! {
    static SLOTS: RefCell<Slots> = RefCell::default();
}

impl GuestRef {
    fn insert(guest: GuestRef) -> u32 {
        SLOTS.with_borrow_mut(|slots| {
            let guest = Some(Rc::new(guest));
            match slots.free.pop() {
                Some(slot) => {
                    slots.entries[slot as usize] = guest;
                    slot
                }
                None => {
                    slots.entries.push(guest);
                    (slots.entries.len() - 1) as u32
                }
            }
        })
    }

    fn remove(slot: u32) -> Option<Rc<GuestRef>> {
        SLOTS
            .try_with(|slots| {
                let mut slots = slots.borrow_mut();
                let guest = slots.entries.get_mut(slot as usize)?.take()?;
                slots.free.push(slot);
                Some(guest)
            })
            .ok()
            .flatten()
    }

    /// The guest object at `slot` (as a trap's handler names it), if the slot is in use.
    pub(super) fn at(slot: u32) -> Option<Rc<GuestRef>> {
        SLOTS.with_borrow(|slots| slots.entries.get(slot as usize)?.clone())
    }

    /// The slot a proxy, proxy target or error copy wraps, if it is one of ours.
    pub(super) fn of_target(env: Env, target: Value) -> Option<Rc<GuestRef>> {
        Self::at(slot_of_token(env.unwrap(target)?)?)
    }

    /// A function the guest handed to the host, whose engine is disposed: the host's own
    /// machinery (an event emitter, an I/O completion) may still call it, long after whoever
    /// disposed the engine is gone. Its call does nothing: throwing there would be an uncaught
    /// exception in the host's event loop, the guest's dispose (or timeout, or memory limit)
    /// taking the process down.
    pub(super) fn is_dead_callback(&self) -> bool {
        self.handed.get() && self.engine.is_disposed()
    }

    pub(super) fn of_proxy(env: Env, value: Value) -> Option<Rc<GuestRef>> {
        if !env.has_type_tag(value, &GUEST_PROXY_TAG) {
            return None;
        }
        Self::of_target(env, value)
    }
}

/// What a wrap carries for a slot: the slot number plus one, as an integer in pointer form
/// (Node-API's wrap data), never dereferenced.
fn token_of_slot(slot: u32) -> *mut c_void {
    (slot as usize + 1) as *mut c_void
}

fn slot_of_token(token: *mut c_void) -> Option<u32> {
    u32::try_from((token as usize).checked_sub(1)?).ok()
}

/// Records that the guest handed its function `object` to the host as an argument of a host
/// function (it was converted for the host just now): a callback the host may call after the
/// engine is disposed (see `GuestRef::is_dead_callback`).
pub fn handed_to_host(bridge: &BridgeState, object: &JsObject) {
    let Some(slot) = bridge.guest_proxies.borrow().get(&address(object)).map(|entry| entry.slot) else { return };
    if let Some(guest) = GuestRef::at(slot) {
        guest.handed.set(true);
    }
}

/// The existing host proxy of a guest object, if it is still alive.
pub fn existing(bridge: &BridgeState, object: &JsObject) -> Option<Value> {
    let proxies = bridge.guest_proxies.borrow();
    env().ref_value(proxies.get(&address(object))?.reference)
}

/// Makes the host proxy of a guest object (called inside an entry of its engine).
pub fn create(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Value> {
    let env = env();
    let kind = if object.is_callable() {
        TargetKind::Function
    } else if is_array(context, object) {
        TargetKind::Array
    } else {
        TargetKind::Object
    };
    let slot = new_slot(bridge, object)?;
    let made = (|| {
        let made = env.call(
            env.undefined(),
            bridge.realm.make_proxy.value(),
            &[env.number(kind.number())?, bridge.anchor()?, env.number(f64::from(slot))?],
        )?;
        let (proxy, target) = (env.get_element(made, 0)?, env.get_element(made, 1)?);
        // The target owns the slot: its finalizer frees it. A proxy holds its target, so the
        // target outlives every use of the proxy. (A finalizer on the Proxy object itself proved
        // unreliable under Node 20's synchronous finalizers: it ran while the proxy was in use.)
        bind(bridge, object, slot, target, proxy)?;
        // The proxy carries the same slot, without a finalizer, so a proxy handed back to the
        // guest is recognised (by its type tag) and unwrapped.
        env.wrap(proxy, token_of_slot(slot), None, false)?;
        env.type_tag(proxy, &GUEST_PROXY_TAG)?;
        Ok(proxy)
    })();
    if made.is_err() {
        release_unbound(slot);
    }
    made
}

/// Makes `host` (an error copy) stand for the guest `object`, so it goes back as the original.
pub fn adopt(_context: &mut Context, bridge: &BridgeState, object: &JsObject, host: Value) -> NapiResult<()> {
    let env = env();
    let slot = new_slot(bridge, object)?;
    if let Err(pending) = bind(bridge, object, slot, host, host) {
        release_unbound(slot);
        return Err(pending);
    }
    env.type_tag(host, &GUEST_PROXY_TAG)
}

/// Ties `slot` to what the host sees: `owner` (the proxy's target, or an error copy) wraps it
/// and releases it when collected; a weak reference to `seen` (the proxy, or the error copy)
/// goes into the identity map, and is deleted with the slot.
fn bind(bridge: &BridgeState, object: &JsObject, slot: u32, owner: Value, seen: Value) -> NapiResult<()> {
    let env = env();
    let identity = env.create_ref(seen, 0)?;
    if let Err(pending) = env.wrap(owner, token_of_slot(slot), Some(finalize_owner), false) {
        env.delete_ref(identity);
        return Err(pending);
    }
    if let Some(guest) = GuestRef::at(slot) {
        guest.reference.set(identity);
    }
    bridge.guest_proxies.borrow_mut().insert(address(object), Entry { reference: identity, slot });
    Ok(())
}

/// Pins `object` for the host in a new slot, which no wrap owns yet.
fn new_slot(bridge: &BridgeState, object: &JsObject) -> NapiResult<u32> {
    let Some(engine) = Engine::current() else { return Err(env().throw_message("no engine is running")) };
    Ok(GuestRef::insert(GuestRef {
        handle: engine.pin(object.clone()),
        engine,
        bridge: bridge.this.clone(),
        address: address(object),
        reference: Cell::new(std::ptr::null_mut()),
        handed: Cell::new(false),
    }))
}

/// After a failure: frees `slot` unless `bind` gave it to a wrap, whose finalizer will.
fn release_unbound(slot: u32) {
    if GuestRef::at(slot).is_some_and(|guest| guest.reference.get().is_null()) {
        release(slot);
    }
}

/// Frees a slot: unpins its object and forgets its proxy (at a safe moment, not inside GC).
fn release(slot: u32) {
    let Some(guest) = GuestRef::remove(slot) else { return };
    guest.engine.unpin(guest.handle);
    let reference = guest.reference.get();
    if reference.is_null() {
        return;
    }
    if let Some(bridge) = guest.engine.extension::<BridgeState>() {
        bridge.forget_guest_proxy(guest.address, reference);
    }
    env().delete_ref(reference);
}

/// `Array.isArray` of a guest value (arrays, and proxies of arrays).
fn is_array(context: &mut Context, object: &JsObject) -> bool {
    if object.is_array() {
        return true;
    }
    if !object.is::<boa_engine::builtins::proxy::Proxy>() {
        return false;
    }
    let array = context.intrinsics().constructors().array().constructor();
    let Ok(is_array) = array.get(js_string!("isArray"), context) else { return false };
    is_array
        .as_callable()
        .and_then(|f| f.call(&array.into(), &[object.clone().into()], context).ok())
        .is_some_and(|answer| answer.to_boolean())
}

/// The guest object behind a host value, if it is a proxy of the current engine's.
pub fn guest_of(bridge: &BridgeState, value: Value) -> Option<JsObject> {
    let _ = bridge;
    let guest = GuestRef::of_proxy(env(), value)?;
    let current = Engine::current()?;
    if guest.engine.id() != current.id() {
        return None; // another engine's proxy is just a host object here
    }
    guest.engine.pinned(guest.handle)
}

/// The engine behind a host proxy, for `dispose`.
pub fn engine_of(value: Value) -> Option<Rc<Engine>> {
    GuestRef::of_proxy(env(), value).map(|guest| Rc::clone(&guest.engine))
}

unsafe extern "C" fn finalize_owner(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    super::entry::finalizer(env, || {
        if let Some(slot) = slot_of_token(data) {
            deferred::defer(move || release(slot));
        }
    });
}
