//! Host values in the guest: Boa `Proxy` objects whose traps run against the host value.
//!
//! Every proxy gets a tiny handler object whose data names the host slot it stands for; the
//! traps themselves are native functions on one shared prototype per engine. The target decides
//! what the proxy *is* (callable for functions, an Array for arrays, so that `typeof` and
//! `Array.isArray` answer right); it is kept in step with the host value where Proxy
//! invariants need it (non-configurable properties, non-extensible objects). A function's
//! target also makes its calls: there is no `apply` trap.
//!
//! Isolation: the guest never sees a host intrinsic (they cross as the guest's own, see
//! `BridgeState::identify`), and it cannot change the prototype of a host object.

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, Finalize, JsData, JsNativeError, JsResult, JsValue, NativeFunction, Trace, js_string};

use super::napi::{NapiResult, Value, env};
use super::{BridgeState, HostResult, key_to_guest, key_to_host, outcall, to_guest, to_host};
use super::{copies, guest_proxy};
use crate::contract::HostKind;

/// The data of a proxy's handler: which host slot the proxy stands for. When Boa collects the
/// handler (with its proxy), the slot is reported free, so the host value is released promptly.
#[derive(Trace, JsData)]
#[boa_gc(unsafe_no_drop)]
pub struct HostHandle {
    #[unsafe_ignore_trace]
    pub slot: u32,
    #[unsafe_ignore_trace]
    pub bridge: u64,
}

impl Finalize for HostHandle {
    fn finalize(&self) {
        super::released_slot(self.bridge, self.slot);
    }
}

type Trap = fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>;

// No `apply`: a host function's proxy has a target that makes the call itself (see `create`).
const TRAPS: [(&str, Trap, usize); 12] = [
    ("get", trap_get, 3),
    ("set", trap_set, 4),
    ("has", trap_has, 2),
    ("deleteProperty", trap_delete, 2),
    ("ownKeys", trap_own_keys, 1),
    ("getOwnPropertyDescriptor", trap_get_own_property_descriptor, 2),
    ("defineProperty", trap_define_property, 3),
    ("getPrototypeOf", trap_get_prototype_of, 1),
    ("setPrototypeOf", trap_set_prototype_of, 2),
    ("isExtensible", trap_is_extensible, 1),
    ("preventExtensions", trap_prevent_extensions, 1),
    ("construct", trap_construct, 3),
];

/// The shared prototype of all handlers of one engine.
pub fn make_traps(context: &mut Context) -> JsObject {
    let traps = JsObject::with_null_proto();
    for (name, trap, length) in TRAPS {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(trap))
            .name(js_string!(name))
            .length(length)
            .build();
        traps.insert_property(
            js_string!(name),
            PropertyDescriptor::builder().value(function).writable(false).enumerable(false).configurable(false),
        );
    }
    traps
}

/// Makes the guest proxy of a host value of kind `kind`, in slot `slot`.
pub fn create(context: &mut Context, bridge: &BridgeState, kind: HostKind, slot: u32) -> JsResult<JsObject> {
    let target: JsObject = match kind {
        HostKind::Array => JsArray::new(context)?.into(),
        // The handler has no `apply` trap, so calling the proxy calls this target with the
        // receiver and the arguments as they are: no argument array made for a trap and read
        // back. A constructor, so that the proxy is one (its `construct` trap does the work),
        // which takes the receiver of a call (boa_engine 39).
        HostKind::Function => FunctionObjectBuilder::new(
            context.realm(),
            NativeFunction::from_copy_closure(move |this, args, context| call_host(slot, this, args, context)),
        )
        .constructor(true)
        .receiver_on_call(true)
        .build()
        .into(),
        // Shapes shared from the root (`JsObject::new`), not a unique one per object: a proxy
        // is made for every host object that crosses.
        _ => JsObject::new(
            context.root_shape(),
            context.intrinsics().constructors().object().prototype(),
            OrdinaryObject,
        )
        .upcast(),
    };
    let handler =
        JsObject::new(context.root_shape(), bridge.host_traps.clone(), HostHandle { slot, bridge: bridge.id }).upcast();
    let proxy_constructor = context.intrinsics().constructors().proxy().constructor();
    proxy_constructor.construct(&[target.into(), handler.into()], None, context)
}

/// The host slot and the target a trap was called for.
fn handle(this: &JsValue) -> JsResult<u32> {
    this.as_object()
        .and_then(|handler| handler.downcast_ref::<HostHandle>().map(|h| h.slot))
        .ok_or_else(|| JsNativeError::typ().with_message("not a host proxy handler").into())
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_default()
}

fn host_of(bridge: &BridgeState, slot: u32) -> JsResult<Value> {
    bridge.host_value(slot).ok_or_else(|| JsNativeError::error().with_message("the host value is gone").into())
}

/// Whether `receiver` is the proxy standing for `slot` itself.
fn is_own_proxy(bridge: &BridgeState, slot: u32, receiver: &JsValue) -> bool {
    receiver.as_object().is_some_and(|receiver| bridge.slot_of_guest(&receiver) == Some(slot))
}

/// The guest's own counterpart of the realm's generic intrinsic `index` (see `hostGet`).
fn counterpart(bridge: &BridgeState, index: usize) -> JsResult<JsObject> {
    bridge
        .guest_intrinsic(index)
        .cloned()
        .ok_or_else(|| JsNativeError::error().with_message("an intrinsic is missing").into())
}

/// The receiver for the host: the host value itself when it is the proxy standing for it.
fn host_receiver(
    context: &mut Context,
    bridge: &BridgeState,
    slot: u32,
    host: Value,
    receiver: &JsValue,
) -> JsResult<Value> {
    if is_own_proxy(bridge, slot, receiver) {
        Ok(host)
    } else {
        to_host(context, bridge, receiver).guest(context, bridge)
    }
}

fn trap_get(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (key, receiver) = (arg(args, 1), arg(args, 2));
    let found = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let host_key = key_to_guest_value_to_host(context, bridge, &key)?;
        let host_receiver = host_receiver(context, bridge, slot, host, &receiver)?;
        let result =
            bridge.call(context, &bridge.realm.host_get, &[host, host_key, host_receiver]).guest(context, bridge)?;
        match bridge.realm.continued(result) {
            Some(index) => Ok(Err(index)),
            None => to_guest(context, bridge, result).map(Ok),
        }
    })?;
    match found {
        Ok(value) => Ok(value),
        // Inherited from a generic intrinsic: the guest's own answers.
        Err(index) => {
            let (_, bridge) = super::BridgeState::current().ok_or_else(disposed)?;
            let intrinsic = counterpart(&bridge, index)?;
            bridge.guest_reflect(context, "get", &[intrinsic.into(), key, receiver])
        }
    }
}

fn disposed() -> boa_engine::JsError {
    JsNativeError::error().with_message("the engine was disposed").into()
}

/// A guest property key value (string, symbol, number) as a host key.
fn key_to_guest_value_to_host(context: &mut Context, bridge: &BridgeState, key: &JsValue) -> JsResult<Value> {
    let key = key.to_property_key(context)?;
    key_to_host(context, bridge, &key).guest(context, bridge)
}

fn trap_set(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (key, value, receiver) = (arg(args, 1), arg(args, 2), arg(args, 3));
    let done = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let host_key = key_to_guest_value_to_host(context, bridge, &key)?;
        let host_value = to_host(context, bridge, &value).guest(context, bridge)?;
        let host_receiver = host_receiver(context, bridge, slot, host, &receiver)?;
        let result = bridge
            .call(context, &bridge.realm.host_set, &[host, host_key, host_value, host_receiver])
            .guest(context, bridge)?;
        Ok(match bridge.realm.continued(result) {
            Some(index) => Err(index),
            None => Ok(env().truthy(result)),
        })
    })?;
    match done {
        Ok(done) => Ok(JsValue::new(done)),
        // Past the host's chain: the guest's generic intrinsic decides (its setters, such as
        // `__proto__`, or a new own property on the receiver through `defineProperty`).
        Err(index) => {
            let (_, bridge) = super::BridgeState::current().ok_or_else(disposed)?;
            let intrinsic = counterpart(&bridge, index)?;
            bridge.guest_reflect(context, "set", &[intrinsic.into(), key, value, receiver])
        }
    }
}

fn trap_has(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let key = arg(args, 1);
    let found = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let host_key = key_to_guest_value_to_host(context, bridge, &key)?;
        let result = bridge.call(context, &bridge.realm.host_has, &[host, host_key]).guest(context, bridge)?;
        Ok(match bridge.realm.continued(result) {
            Some(index) => Err(index),
            None => Ok(env().truthy(result)),
        })
    })?;
    match found {
        Ok(found) => Ok(JsValue::new(found)),
        Err(index) => {
            let (_, bridge) = super::BridgeState::current().ok_or_else(disposed)?;
            let intrinsic = counterpart(&bridge, index)?;
            let key = key.to_property_key(context)?;
            intrinsic.has_property(key, context).map(JsValue::new)
        }
    }
}

/// Whether the guest may change this host value: never a built-in function or intrinsic.
fn writable_host(context: &mut Context, bridge: &BridgeState, host: Value) -> JsResult<bool> {
    let answer = bridge.call(context, &bridge.realm.is_builtin, &[host]).guest(context, bridge)?;
    Ok(!env().truthy(answer))
}

fn trap_delete(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (target, key) = (arg(args, 0), arg(args, 1));
    let done = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        if !writable_host(context, bridge, host)? {
            return Ok(false);
        }
        let key = key_to_guest_value_to_host(context, bridge, &key)?;
        let done = bridge.reflect(context, c"deleteProperty", &[host, key]).guest(context, bridge)?;
        Ok(env().truthy(done))
    })?;
    if done {
        // Proxy invariant: a deleted property may not remain on a non-extensible target.
        forget_property(&target, &key, context)?;
    }
    Ok(JsValue::new(done))
}

/// Removes a property the host object no longer has from the target (which only mirrors
/// properties for the Proxy invariants).
fn forget_property(target: &JsValue, key: &JsValue, context: &mut Context) -> JsResult<()> {
    if let Some(target) = target.as_object() {
        // Deleting a property the target does not have is a no-op.
        target.delete_property_or_throw(key.to_property_key(context)?, context)?;
    }
    Ok(())
}

fn target_is_extensible(target: &JsValue, context: &mut Context) -> JsResult<bool> {
    match target.as_object() {
        Some(target) => target.is_extensible(context),
        None => Ok(true),
    }
}

fn trap_own_keys(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let target = arg(args, 0);
    let keys = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let keys = bridge.reflect(context, c"ownKeys", &[host]).guest(context, bridge)?;
        let env = env();
        let len = env.array_length(keys).guest(context, bridge)?;
        let mut list = Vec::with_capacity(len as usize);
        for i in 0..len {
            let key = env.get_element(keys, i).guest(context, bridge)?;
            list.push(match key_to_guest(context, bridge, key)? {
                boa_engine::property::PropertyKey::String(s) => s.into(),
                boa_engine::property::PropertyKey::Index(i) => js_string!(i.get().to_string()).into(),
                boa_engine::property::PropertyKey::Symbol(s) => s.into(),
            });
        }
        Ok(list)
    })?;
    // Proxy invariant: for a non-extensible target the keys must be exactly the target's, so
    // what the host deleted since goes from the target too.
    if let Some(target_object) = target.as_object()
        && !target_object.is_extensible(context)?
    {
        for key in target_object.own_property_keys(context)? {
            let key = JsValue::from(key);
            if !keys.iter().any(|k| JsValue::same_value(k, &key)) {
                forget_property(&target, &key, context)?;
            }
        }
    }
    Ok(JsArray::from_iter(keys, context).into())
}

fn trap_get_own_property_descriptor(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (target, key) = (arg(args, 0), arg(args, 1));
    let descriptor = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        // `caller` and `arguments` of sloppy host functions would hand out host frames.
        if env().kind(host) == Ok(super::napi::Kind::Function)
            && key.as_string().is_some_and(|k| k == js_string!("caller") || k == js_string!("arguments"))
        {
            return Ok(JsValue::undefined());
        }
        let host_key = key_to_guest_value_to_host(context, bridge, &key)?;
        let descriptor =
            bridge.reflect(context, c"getOwnPropertyDescriptor", &[host, host_key]).guest(context, bridge)?;
        if env().kind(descriptor) == Ok(super::napi::Kind::Undefined) {
            return Ok(JsValue::undefined());
        }
        super::guest_traps::descriptor_to_guest(context, bridge, descriptor)
    })?;
    match descriptor.as_object() {
        // Proxy invariants: a non-configurable property must exist on the target too, and a
        // non-extensible target must have every property the trap reports.
        Some(object) => {
            let configurable = object.get(js_string!("configurable"), context)?.to_boolean();
            if !configurable || !target_is_extensible(&target, context)? {
                sync_property(&target, &key, &descriptor, context)?;
            }
        }
        // ...and none it reports missing.
        None => forget_property(&target, &key, context)?,
    }
    Ok(descriptor)
}

fn sync_property(target: &JsValue, key: &JsValue, descriptor: &JsValue, context: &mut Context) -> JsResult<()> {
    if let Some(target) = target.as_object() {
        let key = key.to_property_key(context)?;
        let descriptor = descriptor.to_property_descriptor(context)?;
        target.define_property_or_throw(key, descriptor, context)?;
    }
    Ok(())
}

fn trap_define_property(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (target, key, descriptor) = (arg(args, 0), arg(args, 1), arg(args, 2));
    let ok = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        if !writable_host(context, bridge, host)? {
            return Ok(false);
        }
        let host_key = key_to_guest_value_to_host(context, bridge, &key)?;
        let host_descriptor = to_host(context, bridge, &descriptor).guest(context, bridge)?;
        let ok =
            bridge.reflect(context, c"defineProperty", &[host, host_key, host_descriptor]).guest(context, bridge)?;
        Ok(env().truthy(ok))
    })?;
    if ok && let Some(object) = descriptor.as_object() {
        let configurable = object.get(js_string!("configurable"), context)?;
        if (configurable.is_boolean() && !configurable.to_boolean()) || !target_is_extensible(&target, context)? {
            sync_property(&target, &key, &descriptor, context)?;
        }
    }
    Ok(JsValue::new(ok))
}

fn trap_get_prototype_of(this: &JsValue, _args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let prototype = bridge.reflect(context, c"getPrototypeOf", &[host]).guest(context, bridge)?;
        to_guest(context, bridge, prototype)
    })
}

/// The guest may not replace the prototype of a host object.
fn trap_set_prototype_of(_this: &JsValue, _args: &[JsValue], _context: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::new(false))
}

fn trap_is_extensible(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let extensible = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let answer = bridge.reflect(context, c"isExtensible", &[host]).guest(context, bridge)?;
        Ok(env().truthy(answer))
    })?;
    if !extensible {
        mirror_non_extensible(this, &arg(args, 0), context)?;
    }
    Ok(JsValue::new(extensible))
}

fn trap_prevent_extensions(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let ok = outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        if !writable_host(context, bridge, host)? {
            return Ok(false);
        }
        let answer = bridge.reflect(context, c"preventExtensions", &[host]).guest(context, bridge)?;
        Ok(env().truthy(answer))
    })?;
    if ok {
        mirror_non_extensible(this, &arg(args, 0), context)?;
    }
    Ok(JsValue::new(ok))
}

/// Proxy invariant for a non-extensible host object: the target must be non-extensible too,
/// with the same own properties and prototype.
fn mirror_non_extensible(handler: &JsValue, target: &JsValue, context: &mut Context) -> JsResult<()> {
    let Some(target_object) = target.as_object() else { return Ok(()) };
    if !target_object.is_extensible(context)? {
        return Ok(());
    }
    let keys = trap_own_keys(handler, std::slice::from_ref(target), context)?;
    let keys = JsArray::from_object(keys.as_object().unwrap_or_else(JsObject::with_null_proto))?;
    for i in 0..keys.length(context)? {
        let key = keys.get(i, context)?;
        let descriptor = trap_get_own_property_descriptor(handler, &[target.clone(), key.clone()], context)?;
        if !descriptor.is_undefined() {
            sync_property(target, &key, &descriptor, context)?;
        }
    }
    let prototype = trap_get_prototype_of(handler, std::slice::from_ref(target), context)?;
    target_object.set_prototype(prototype.as_object());
    // Only non-extensible, with each property as configurable as on the host: sealing the
    // target made it claim non-configurable properties the host still reports configurable.
    target_object.prevent_extensions(context)?;
    Ok(())
}

/// Arguments of a call into the host, and the byte buffers among them (copies on the host,
/// written back after the call: see `copies::write_back`).
struct HostArguments {
    values: Vec<Value>,
    buffers: Vec<(JsObject, Value)>,
}

fn arguments_to_host(context: &mut Context, bridge: &BridgeState, list: &[JsValue]) -> JsResult<HostArguments> {
    let mut args = HostArguments { values: Vec::with_capacity(list.len()), buffers: Vec::new() };
    for value in list {
        let host = callback_to_host(context, bridge, value)?;
        if let Some(object) = value.as_object().filter(copies::is_byte_copy) {
            args.buffers.push((object, host));
        }
        args.values.push(host);
    }
    Ok(args)
}

/// An argument of a host function, converted: a guest function among them is a callback the
/// host may call after the engine is disposed (`guest_proxy::handed_to_host`). Not a value the
/// guest stores on a host object: that is as often an API the host's code calls itself (an
/// Emscripten module's exports on the host's `Module`), which must throw once disposed.
fn callback_to_host(context: &mut Context, bridge: &BridgeState, value: &JsValue) -> JsResult<Value> {
    let host = to_host(context, bridge, value).guest(context, bridge)?;
    if let Some(function) = value.as_object().filter(JsObject::is_callable) {
        guest_proxy::handed_to_host(bridge, &function);
    }
    Ok(host)
}

/// The arguments array a trap is given, as a list.
fn argument_list(context: &mut Context, list: &JsValue) -> JsResult<Vec<JsValue>> {
    let Some(list) = list.as_object() else { return Ok(Vec::new()) };
    let list = JsArray::from_object(list)?;
    let len = list.length(context)?;
    (0..len).map(|i| list.get(i, context)).collect()
}

impl HostArguments {
    /// Copies back what a host built-in function wrote into the buffers it was given.
    fn write_back(&self, context: &mut Context, bridge: &BridgeState, function: Value) -> JsResult<()> {
        if self.buffers.is_empty() {
            return Ok(());
        }
        let answer = bridge.call(context, &bridge.realm.writes_buffers, &[function]).guest(context, bridge)?;
        if !env().truthy(answer) {
            return Ok(());
        }
        for (guest, host) in &self.buffers {
            copies::write_back(context, guest, *host)?;
        }
        Ok(())
    }
}

/// Calls the host function in `slot` (the call of its proxy, made by the proxy's target).
fn call_host(slot: u32, receiver: &JsValue, list: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let receiver = to_host(context, bridge, receiver).guest(context, bridge)?;
        let args = arguments_to_host(context, bridge, list)?;
        let result = bridge.call_host(context, receiver, host, &args.values).guest(context, bridge)?;
        args.write_back(context, bridge, host)?;
        to_guest(context, bridge, result)
    })
}

fn trap_construct(this: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let slot = handle(this)?;
    let (list, new_target) = (arg(args, 1), arg(args, 2));
    outcall(context, |context, bridge| {
        let host = host_of(bridge, slot)?;
        let list = argument_list(context, &list)?;
        let arguments = arguments_to_host(context, bridge, &list)?;
        let args = &arguments.values;
        let env = env();
        let result = if is_own_proxy(bridge, slot, &new_target) {
            crate::engine::lend(context, || env.construct(host, args))
        } else {
            // `class Sub extends HostClass` in the guest: construct with the guest's new.target.
            let new_target = to_host(context, bridge, &new_target).guest(context, bridge)?;
            let list = env.array(args.len()).guest(context, bridge)?;
            for (i, arg) in args.iter().enumerate() {
                env.set_element(list, i as u32, *arg).guest(context, bridge)?;
            }
            bridge.reflect(context, c"construct", &[host, list, new_target])
        }
        .guest(context, bridge)?;
        arguments.write_back(context, bridge, host)?;
        to_guest(context, bridge, result)
    })
}

#[allow(dead_code)]
fn _assert_napi_result(_: NapiResult<()>) {}
