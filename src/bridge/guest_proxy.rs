//! Guest values on the host: Node `Proxy` objects whose traps run against the guest object.
//!
//! This module makes the proxies and keeps their identity and lifetime; their traps are in
//! `guest_traps`.
//!
//! The host realm builds each proxy (`makeTarget` + `new Proxy(target, handler)` of
//! `lib/guest-proxy.js`, so it belongs to the caller's realm); one shared handler forwards every
//! trap to the functions below. The proxy and its target both wrap a [`GuestRef`]: the traps
//! receive the target, and a proxy handed back to the guest is recognised by its type tag and
//! unwrapped.
//! The proxy's wrap finalizer (run inside V8's GC) unpins the guest object later, at a safe
//! moment (`engine::deferred`).

use std::ffi::c_void;
use std::rc::Rc;

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
}

/// What a host proxy stands for: a pinned guest object of a live engine.
pub struct GuestRef {
    pub(super) engine: Rc<Engine>,
    pub(super) handle: u32,
    pub(super) address: usize,
    pub(super) reference: napi_ref,
}

impl GuestRef {
    /// The `GuestRef` a proxy or proxy target wraps, if it is one of ours.
    pub(super) fn of_target(env: Env, target: Value) -> Option<&'static GuestRef> {
        let data = env.unwrap(target)?;
        // SAFETY: only `bind` and `create` wrap objects with a `GuestRef`; it lives until the
        // finalizer of its owner (a proxy's target, or an error copy), and a proxy holds its
        // target, so the GuestRef is alive whenever the owner or its proxy can be reached.
        Some(unsafe { &*(data as *const GuestRef) })
    }

    pub(super) fn of_proxy(env: Env, value: Value) -> Option<&'static GuestRef> {
        if !env.has_type_tag(value, &GUEST_PROXY_TAG) {
            return None;
        }
        Self::of_target(env, value)
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
    let realm = &bridge.realm;
    let target = env.call(env.undefined(), realm.make_target.value(), &[env.number(kind.number())?])?;
    // The engine's anchor is the handler: a proxy keeps the engine's host values alive.
    let proxy = env.construct(realm.proxy.value(), &[target, bridge.anchor()?])?;
    // The target owns the GuestRef: its finalizer frees it. A proxy holds its target, so the
    // target outlives every use of the proxy. (A finalizer on the Proxy object itself proved
    // unreliable under Node 20's synchronous finalizers: it ran while the proxy was in use.)
    let identity = env.create_ref(proxy, 0)?;
    let guest = bind(bridge, object, target, identity)?;
    // The proxy carries the same pointer, without a finalizer, so a proxy handed back to the
    // guest is recognised (by its type tag) and unwrapped.
    env.wrap(proxy, guest.cast(), None, false)?;
    env.type_tag(proxy, &GUEST_PROXY_TAG)?;
    Ok(proxy)
}

/// Makes `host` (an error copy) stand for the guest `object`, so it goes back as the original.
pub fn adopt(_context: &mut Context, bridge: &BridgeState, object: &JsObject, host: Value) -> NapiResult<()> {
    let env = env();
    let identity = env.create_ref(host, 0)?;
    bind(bridge, object, host, identity)?;
    env.type_tag(host, &GUEST_PROXY_TAG)
}

/// Pins `object` for the host: `owner` (the proxy's target, or an error copy) wraps the
/// `GuestRef` and frees it when collected; `identity` (a weak reference to what the host sees)
/// goes into the identity map, and is deleted with the GuestRef.
fn bind(bridge: &BridgeState, object: &JsObject, owner: Value, identity: napi_ref) -> NapiResult<*mut GuestRef> {
    let env = env();
    let Some(engine) = Engine::current() else {
        env.delete_ref(identity);
        return Err(env.throw_message("no engine is running"));
    };
    let guest = Box::into_raw(Box::new(GuestRef {
        handle: engine.pin(object.clone()),
        engine,
        address: address(object),
        reference: identity,
    }));
    if let Err(pending) = env.wrap(owner, guest.cast(), Some(finalize_owner), false) {
        // SAFETY: the wrap failed, so nothing else owns `guest`.
        let guest = unsafe { Box::from_raw(guest) };
        guest.engine.unpin(guest.handle);
        env.delete_ref(identity);
        return Err(pending);
    }
    bridge.guest_proxies.borrow_mut().insert(address(object), Entry { reference: identity });
    Ok(guest)
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
        // SAFETY: `data` is the `GuestRef` boxed in `create`; this finalizer runs once.
        let guest = unsafe { Box::from_raw(data.cast::<GuestRef>()) };
        deferred::defer(move || {
            guest.engine.unpin(guest.handle);
            if let Some(bridge) = guest.engine.extension::<BridgeState>() {
                bridge.forget_guest_proxy(guest.address, guest.reference);
            }
            super::napi::env().delete_ref(guest.reference);
        });
    });
}
