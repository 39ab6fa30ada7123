//! The traps of the host proxies of guest objects (`guest_proxy`), called by each proxy's handler
//! of `lib/guest-proxy.js`: each runs the operation against the guest object inside its engine
//! and converts the result; a guest exception is thrown on the host as a host error.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use boa_engine::object::{JsObject, OwnValue};
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsResult, JsString, JsValue, js_string};
use napi::sys::{napi_callback_info, napi_env, napi_value};

use super::entry::{entry, inert_marker};
use super::errors::{self, run_in_bridge};
use super::guest_proxy::{GuestRef, guest_of};
use super::napi::{CallbackInfo, Kind, NapiResult, Value, all_args, env};
use super::{BridgeState, key_to_guest, key_to_host, to_guest, to_host};
use crate::contract::MAX_INTERNED_KEY_LENGTH;

/// Property names the handlers use often, interned once (`internKey`): a trap then gets the
/// name's number instead of a string it would read out of V8 and allocate again.
#[derive(Default)]
struct Keys {
    keys: Vec<PropertyKey>,
    ids: FxHashMap<JsString, u32>,
}

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::default();
}

/// At most this many names (of at most `MAX_INTERNED_KEY_LENGTH` code units) are interned per
/// thread: the table lives as long as the thread.
const MAX_KEYS: usize = 16_384;

/// `internKey(name)`: the number of an interned property name, or `-1` when it is not interned
/// (too long, or the table is full).
pub unsafe extern "C" fn intern_key(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<1>::read(env, info)?;
        let name = super::string_to_guest(info.args[0])?;
        let id = KEYS.with_borrow_mut(|table| {
            if let Some(&id) = table.ids.get(&name) {
                return Some(id);
            }
            if table.keys.len() >= MAX_KEYS || name.len() > MAX_INTERNED_KEY_LENGTH as usize {
                return None;
            }
            let id = table.keys.len() as u32;
            table.keys.push(PropertyKey::from(name.clone()));
            table.ids.insert(name, id);
            Some(id)
        });
        env.number(id.map_or(-1.0, f64::from))
    })
}

/// A trap's property key: an interned name's number (see [`intern_key`]), or the key itself.
fn trap_key(context: &mut Context, bridge: &BridgeState, key: Value) -> JsResult<PropertyKey> {
    let env = env();
    if env.kind(key) == Ok(Kind::Number)
        && let Ok(id) = env.get_number(key)
        && let Some(key) = KEYS.with_borrow(|table| table.keys.get(id as usize).cloned())
    {
        return Ok(key);
    }
    key_to_guest(context, bridge, key)
}

impl GuestRef {
    /// The guest object, or an `ERR_REQUIRE_VM_DISPOSED` error on the host.
    fn object(&self) -> NapiResult<JsObject> {
        match self.engine.pinned(self.handle) {
            Some(object) => Ok(object),
            None => Err(errors::throw_on_host(&self.engine, crate::engine::EngineError::Disposed)),
        }
    }

    /// Runs `op` on the guest object inside the engine and converts its result for the host.
    /// Guest exceptions are thrown on the host as host errors.
    fn run<T>(
        &self,
        op: impl FnOnce(&mut Context, &BridgeState, &JsObject) -> JsResult<T>,
        convert: impl FnOnce(&mut Context, &BridgeState, T) -> NapiResult<Value>,
    ) -> NapiResult<Value> {
        let object = self.object()?;
        // As `run_in`, which finds the bridge among the engine's extensions: none once disposed.
        let bridge = self.bridge.upgrade().filter(|_| !self.engine.is_disposed());
        let Some(bridge) = bridge else {
            return Err(errors::throw_on_host(&self.engine, crate::engine::EngineError::Disposed));
        };
        run_in_bridge(&self.engine, &bridge, |context, bridge| {
            let value = op(context, bridge, &object)?;
            Ok(convert(context, bridge, value))
        })
    }
}

/// Runs an addon function on the guest object its first argument names (`find`), or throws
/// `missing` on the host.
fn with_guest<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
    find: impl FnOnce(Value) -> Option<Rc<GuestRef>>,
    missing: &str,
    f: impl FnOnce(&GuestRef, &CallbackInfo<N>) -> NapiResult<Value>,
) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<N>::read(env, info)?;
        let guest = find(info.args[0]).ok_or_else(|| env.throw_message(missing))?;
        f(&guest, &info)
    })
}

/// Runs a trap: its first argument is the slot of its guest object (`this.s` of the proxy's
/// handler, lib/guest-proxy.js).
fn with_slot<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
    f: impl FnOnce(&GuestRef, &CallbackInfo<N>) -> NapiResult<Value>,
) -> napi_value {
    with_guest(env, info, |slot| slot_arg(slot).and_then(GuestRef::at), "not a requireVM proxy slot", f)
}

/// `with_slot` for the traps the host's call of a callback goes through (`get` of its `apply`,
/// then `apply`): a dead callback (`GuestRef::is_dead_callback`) answers the inert marker.
fn with_callback_slot<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
    f: impl FnOnce(&GuestRef, &CallbackInfo<N>) -> NapiResult<Value>,
) -> napi_value {
    with_slot::<N>(env, info, |guest, info| {
        if guest.is_dead_callback() {
            return Ok(inert_marker(super::napi::env()));
        }
        f(guest, info)
    })
}

/// A slot number passed by a handler.
fn slot_arg(value: Value) -> Option<u32> {
    let slot = env().get_number(value).ok()?;
    (slot.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&slot)).then_some(slot as u32)
}

/// Runs one of the functions that take a proxy target (the inspect hook's).
fn with_target<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
    f: impl FnOnce(&GuestRef, &CallbackInfo<N>) -> NapiResult<Value>,
) -> napi_value {
    with_guest(env, info, |target| GuestRef::of_target(super::napi::env(), target), "not a requireVM proxy", f)
}

/// The receiver argument of `get`/`set` at `index`: absent when it is the proxy itself.
fn receiver_arg<const N: usize>(info: &CallbackInfo<N>, index: usize) -> Option<Value> {
    (info.argc > index).then(|| info.args[index])
}

fn boolean(_: &mut Context, _: &BridgeState, value: bool) -> NapiResult<Value> {
    env().boolean(value)
}

fn value(context: &mut Context, bridge: &BridgeState, value: JsValue) -> NapiResult<Value> {
    to_host(context, bridge, &value)
}

/// The receiver of `get`/`set` for the guest: `None` when it is the proxy itself (left out by
/// the handler, or a proxy of the same object).
fn receiver(
    context: &mut Context,
    bridge: &BridgeState,
    object: &JsObject,
    value: Option<Value>,
) -> JsResult<Option<JsValue>> {
    let Some(value) = value else { return Ok(None) };
    match guest_of(bridge, value) {
        Some(receiver) if receiver == *object => Ok(None),
        _ => to_guest(context, bridge, value).map(Some),
    }
}

/// Where a property lookup on a guest object ends: a value of the guest, or a generic
/// intrinsic of the guest's chain, whose host counterpart answers instead (so `toString`,
/// `hasOwnProperty`, `constructor` inherited from `Object.prototype` are the host's own).
enum Lookup {
    Guest(JsValue),
    Host(usize),
}

/// The prototype of a guest object ([[GetPrototypeOf]], proxies included).
fn prototype_of(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> JsResult<Option<JsObject>> {
    if object.is::<boa_engine::builtins::proxy::Proxy>() {
        return Ok(bridge.guest_reflect(context, "getPrototypeOf", &[object.clone().into()])?.as_object());
    }
    // A deferred object's prototype slot holds its pending initialization until it runs.
    object.initialize_deferred(context)?;
    Ok(object.prototype())
}

fn lookup(
    context: &mut Context,
    bridge: &BridgeState,
    object: &JsObject,
    key: &PropertyKey,
    receiver: Option<JsValue>,
) -> JsResult<Lookup> {
    let mut current = object.clone();
    loop {
        if let Some(index) = bridge.generic_index_of(&current) {
            return Ok(Lookup::Host(index));
        }
        // A plain object has no exotic behaviour: its own data property is read straight from
        // its property map, without the [[GetOwnProperty]] + [[Get]] pair (two descriptors).
        // A deferred one (`process`, `util`) is made complete first.
        current.initialize_deferred(context)?;
        let own = if current.is_ordinary() {
            let found = current.borrow().properties().get_value(key);
            match found {
                Some(OwnValue::Data(value)) => return Ok(Lookup::Guest(value)),
                found => found.is_some(), // an accessor is called below, with the receiver
            }
        } else {
            current.has_own_property(key.clone(), context)?
        };
        if own {
            let value = if current == *object && receiver.is_none() {
                current.get(key.clone(), context)?
            } else {
                let receiver = receiver.unwrap_or_else(|| object.clone().into());
                bridge.guest_reflect(context, "get", &[current.into(), property_key_value(key.clone()), receiver])?
            };
            return Ok(Lookup::Guest(value));
        }
        match prototype_of(context, bridge, &current)? {
            Some(prototype) => current = prototype,
            None => return Ok(Lookup::Guest(JsValue::undefined())),
        }
    }
}

pub unsafe extern "C" fn get(env: napi_env, info: napi_callback_info) -> napi_value {
    with_callback_slot::<3>(env, info, |guest, info| {
        let receiver_value = receiver_arg(info, 2);
        guest.run(
            |context, bridge, object| {
                let key = trap_key(context, bridge, info.args[1])?;
                let receiver = receiver(context, bridge, object, receiver_value)?;
                lookup(context, bridge, object, &key, receiver).map(|found| (found, key))
            },
            |context, bridge, (found, key)| match found {
                Lookup::Guest(value) => to_host(context, bridge, &value),
                Lookup::Host(index) => {
                    let intrinsic = &bridge.realm.intrinsics[index];
                    if intrinsic.name == "Function.prototype" && key == PropertyKey::from(js_string!("toString")) {
                        return Ok(bridge.realm.function_to_string.value());
                    }
                    let key = key_to_host(context, bridge, &key)?;
                    // Left out by the handler: the proxy itself.
                    let receiver = match receiver_value {
                        Some(receiver) => receiver,
                        None => super::napi::env()
                            .ref_value(guest.reference.get())
                            .ok_or_else(|| super::napi::env().throw_message("requireVM: the proxy was collected"))?,
                    };
                    bridge.reflect(context, c"get", &[intrinsic.value.value(), key, receiver])
                }
            },
        )
    })
}

fn property_key_value(key: PropertyKey) -> JsValue {
    match key {
        PropertyKey::String(s) => s.into(),
        PropertyKey::Symbol(s) => s.into(),
        PropertyKey::Index(i) => JsValue::new(i.get()),
    }
}

pub unsafe extern "C" fn set(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<4>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let key = trap_key(context, bridge, info.args[1])?;
                let value = to_guest(context, bridge, info.args[2])?;
                match receiver(context, bridge, object, receiver_arg(info, 3))? {
                    None => object.set(key, value, false, context),
                    Some(receiver) => {
                        let key = property_key_value(key);
                        bridge
                            .guest_reflect(context, "set", &[object.clone().into(), key, value, receiver])
                            .map(|ok| ok.to_boolean())
                    }
                }
            },
            boolean,
        )
    })
}

pub unsafe extern "C" fn has(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<2>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let key = key_to_guest(context, bridge, info.args[1])?;
                let mut current = object.clone();
                loop {
                    if let Some(index) = bridge.generic_index_of(&current) {
                        return Ok(Err(index));
                    }
                    if current.has_own_property(key.clone(), context)? {
                        return Ok(Ok(true));
                    }
                    match prototype_of(context, bridge, &current)? {
                        Some(prototype) => current = prototype,
                        None => return Ok(Ok(false)),
                    }
                }
            },
            |_, bridge, found| match found {
                Ok(found) => super::napi::env().boolean(found),
                Err(index) => {
                    let env = super::napi::env();
                    let intrinsic = bridge.realm.intrinsics[index].value.value();
                    let answer = bridge.realm.reflect(c"has", &[intrinsic, info.args[1]])?;
                    env.boolean(env.truthy(answer))
                }
            },
        )
    })
}

pub unsafe extern "C" fn delete_property(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<2>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let key = property_key_value(key_to_guest(context, bridge, info.args[1])?);
                bridge.guest_reflect(context, "deleteProperty", &[object.clone().into(), key]).map(|ok| ok.to_boolean())
            },
            boolean,
        )
    })
}

pub unsafe extern "C" fn own_keys(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<1>(env, info, |guest, _info| {
        guest.run(
            |context, _bridge, object| object.own_property_keys(context),
            |context, bridge, keys| {
                let env = super::napi::env();
                let array = env.array(keys.len())?;
                for (i, key) in keys.iter().enumerate() {
                    let key = match key {
                        // Proxy `ownKeys` results must be strings or symbols.
                        PropertyKey::Index(i) => env.string(&i.get().to_string())?,
                        other => key_to_host(context, bridge, other)?,
                    };
                    env.set_element(array, i as u32, key)?;
                }
                Ok(array)
            },
        )
    })
}

pub unsafe extern "C" fn get_own_property_descriptor(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<2>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let key = property_key_value(key_to_guest(context, bridge, info.args[1])?);
                bridge.guest_reflect(context, "getOwnPropertyDescriptor", &[object.clone().into(), key])
            },
            descriptor_to_host,
        )
    })
}

const DESCRIPTOR_FIELDS: [(&str, &std::ffi::CStr); 6] = [
    ("value", c"value"),
    ("writable", c"writable"),
    ("get", c"get"),
    ("set", c"set"),
    ("enumerable", c"enumerable"),
    ("configurable", c"configurable"),
];

/// A guest descriptor object (or `undefined`) for the host.
fn descriptor_to_host(context: &mut Context, bridge: &BridgeState, descriptor: JsValue) -> NapiResult<Value> {
    let env = env();
    let Some(descriptor) = descriptor.as_object() else {
        return Ok(env.undefined());
    };
    let result = env.object()?;
    for (field, name) in DESCRIPTOR_FIELDS {
        let key = js_string!(field);
        let present = descriptor.has_own_property(key.clone(), context).unwrap_or(false);
        if present {
            let value = descriptor.get(key, context).unwrap_or_default();
            env.set_named(result, name, to_host(context, bridge, &value)?)?;
        }
    }
    Ok(result)
}

/// A host descriptor object for the guest.
pub fn descriptor_to_guest(context: &mut Context, bridge: &BridgeState, descriptor: Value) -> JsResult<JsValue> {
    let env = env();
    let result = JsObject::with_object_proto(context.intrinsics());
    for (field, name) in DESCRIPTOR_FIELDS {
        let value =
            env.get_named(descriptor, name).map_err(|thrown| super::exception_to_guest(context, bridge, thrown))?;
        if env.kind(value) != Ok(Kind::Undefined)
            || env.has(descriptor, env.string(field).unwrap_or(value)).unwrap_or(false)
        {
            let value = to_guest(context, bridge, value)?;
            result.set(js_string!(field), value, true, context)?;
        }
    }
    Ok(result.into())
}

pub unsafe extern "C" fn define_property(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<3>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let key = property_key_value(key_to_guest(context, bridge, info.args[1])?);
                let descriptor = descriptor_to_guest(context, bridge, info.args[2])?;
                bridge
                    .guest_reflect(context, "defineProperty", &[object.clone().into(), key, descriptor])
                    .map(|ok| ok.to_boolean())
            },
            boolean,
        )
    })
}

pub unsafe extern "C" fn get_prototype_of(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<1>(env, info, |guest, _info| {
        // Introspection (`instanceof`, `Buffer.isBuffer`, test frameworks printing a failure)
        // must not throw on a disposed engine's proxy: it has no prototype any more.
        if guest.engine.is_disposed() {
            return super::napi::env().null();
        }
        guest.run(
            |context, bridge, object| bridge.guest_reflect(context, "getPrototypeOf", &[object.clone().into()]),
            |context, bridge, prototype| super::prototype_to_host(context, bridge, &prototype),
        )
    })
}

pub unsafe extern "C" fn set_prototype_of(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<2>(env, info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let prototype = to_guest(context, bridge, info.args[1])?;
                bridge
                    .guest_reflect(context, "setPrototypeOf", &[object.clone().into(), prototype])
                    .map(|ok| ok.to_boolean())
            },
            boolean,
        )
    })
}

pub unsafe extern "C" fn is_extensible(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<1>(env, info, |guest, _info| guest.run(|context, _, object| object.is_extensible(context), boolean))
}

pub unsafe extern "C" fn prevent_extensions(env: napi_env, info: napi_callback_info) -> napi_value {
    with_slot::<1>(env, info, |guest, _info| {
        guest.run(
            |context, bridge, object| {
                bridge.guest_reflect(context, "preventExtensions", &[object.clone().into()]).map(|ok| ok.to_boolean())
            },
            boolean,
        )
    })
}

/// The host call's arguments from `first` on as guest values, in the bridge's spare buffer,
/// which goes back emptied when they are dropped.
fn args_to_guest<'a, const N: usize>(
    context: &mut Context,
    bridge: &'a BridgeState,
    raw_info: napi_callback_info,
    info: &CallbackInfo<N>,
    first: usize,
) -> JsResult<LentArgs<'a>> {
    let all;
    let host_args = if info.argc <= N {
        &info.args[first.min(info.argc)..info.argc]
    } else {
        all = all_args(env(), raw_info, info.argc)
            .map_err(|thrown| super::exception_to_guest(context, bridge, thrown))?;
        &all[first..]
    };
    let mut args = LentArgs { bridge, values: bridge.spare_args.take() };
    for &arg in host_args {
        args.values.push(to_guest(context, bridge, arg)?);
    }
    Ok(args)
}

/// Arguments in the bridge's spare buffer (see [`BridgeState::spare_args`]).
struct LentArgs<'a> {
    bridge: &'a BridgeState,
    values: Vec<JsValue>,
}

impl std::ops::Deref for LentArgs<'_> {
    type Target = [JsValue];

    fn deref(&self) -> &[JsValue] {
        &self.values
    }
}

impl Drop for LentArgs<'_> {
    fn drop(&mut self) {
        // Kept only if small: one call spreading a huge array should not hold its room for the
        // engine's life.
        if self.values.capacity() <= SPARE_ARGS_MAX {
            self.values.clear();
            self.bridge.spare_args.set(std::mem::take(&mut self.values));
        }
    }
}

const SPARE_ARGS_MAX: usize = 64;

/// `apply(slot, this, ...args)`.
pub unsafe extern "C" fn apply(env: napi_env, raw_info: napi_callback_info) -> napi_value {
    with_callback_slot::<8>(env, raw_info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let this = to_guest(context, bridge, info.args[1])?;
                let args = args_to_guest(context, bridge, raw_info, info, 2)?;
                object.call(&this, &args, context)
            },
            value,
        )
    })
}

/// `applyTo(slot, thisSlot, ...args)`: `apply` whose `this` is a guest object's proxy (the
/// handler knows its slot: a method call through an exports object, `m.add(1, 2)`), so that the
/// addon need not unwrap it.
pub unsafe extern "C" fn apply_to(env: napi_env, raw_info: napi_callback_info) -> napi_value {
    with_callback_slot::<8>(env, raw_info, |guest, info| {
        let this_guest = slot_arg(info.args[1]).and_then(GuestRef::at);
        guest.run(
            |context, bridge, object| {
                let this = match &this_guest {
                    Some(this) if this.engine.id() == guest.engine.id() => {
                        this.engine.pinned(this.handle).map(JsValue::from)
                    }
                    // Another engine's object: its proxy, as any host value.
                    Some(this) => match super::napi::env().ref_value(this.reference.get()) {
                        Some(proxy) => Some(to_guest(context, bridge, proxy)?),
                        None => None,
                    },
                    None => None,
                };
                let this = this.ok_or_else(|| super::host_failure("the receiver's engine was disposed"))?;
                let args = args_to_guest(context, bridge, raw_info, info, 2)?;
                object.call(&this, &args, context)
            },
            value,
        )
    })
}

/// `construct(slot, newTarget, ...args)`.
pub unsafe extern "C" fn construct(env: napi_env, raw_info: napi_callback_info) -> napi_value {
    with_slot::<8>(env, raw_info, |guest, info| {
        guest.run(
            |context, bridge, object| {
                let new_target = to_guest(context, bridge, info.args[1])?;
                let args = args_to_guest(context, bridge, raw_info, info, 2)?;
                let new_target = new_target.as_object().filter(|t| t != object && t.is_constructor());
                object.construct(&args, new_target.as_ref(), context).map(JsValue::from)
            },
            value,
        )
    })
}

/// `proxyOf(target)`: the proxy of a target, for the inspect hook (Node inspects a proxy's
/// target directly).
pub unsafe extern "C" fn proxy_of(env: napi_env, info: napi_callback_info) -> napi_value {
    with_target::<1>(env, info, |guest, _info| {
        Ok(super::napi::env().ref_value(guest.reference.get()).unwrap_or_else(|| super::napi::env().undefined()))
    })
}

/// `sourceOf(target)`: the guest's `Function.prototype.toString` of a guest function (for the
/// inspect hook, which prints classes as `[class X]`).
pub unsafe extern "C" fn source_of(env: napi_env, info: napi_callback_info) -> napi_value {
    with_target::<1>(env, info, |guest, _info| {
        guest.run(
            |context, bridge, object| {
                let to_string = bridge
                    .guest_intrinsic_named("Function.prototype")
                    .cloned()
                    .ok_or_else(|| super::host_failure("Function.prototype is missing"))?
                    .get(js_string!("toString"), context)?;
                match to_string.as_callable() {
                    Some(to_string) => to_string.call(&object.clone().into(), &[], context),
                    None => Ok(JsValue::undefined()),
                }
            },
            value,
        )
    })
}
