//! Errors cross as copies of the same class: a guest `RangeError` is a host `RangeError` of the
//! caller's realm (custom subclasses arrive as the nearest built-in class, with their `name`),
//! with `message`, own properties (`code`, `cause`…) and a stack naming the guest file. A copy
//! remembers its original, so an error that goes back where it came from is the original.

use std::rc::Rc;

use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsError, JsResult, JsString, JsValue, js_string};

use super::napi::{Kind, NapiResult, Thrown, Value, env};
use super::realm::HostRealm;
use super::{
    BridgeState, HostResult, address, guest_proxy, string_to_guest, string_to_host, to_guest as value_to_guest,
    to_host as value_to_host,
};
use crate::engine::{Engine, EngineError};
use crate::error::VmError;

/// The built-in error classes, as named in both realms.
const ERROR_CLASSES: [&str; 8] =
    ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"];

fn string_of(context: &mut Context, object: &JsObject, key: &str) -> Option<JsString> {
    let value = object.get(JsString::from(key), context).ok()?;
    if value.is_undefined() {
        return None;
    }
    value.to_string(context).ok()
}

/// The nearest built-in error class on a guest error's prototype chain.
fn guest_class(bridge: &BridgeState, object: &JsObject) -> &'static str {
    let mut prototype = object.prototype();
    while let Some(object) = prototype {
        if let Some(index) = bridge.intrinsic_index_of(&object)
            && let Some(class) = bridge.realm.intrinsics[index].name.strip_suffix(".prototype")
            && let Some(class) = ERROR_CLASSES.iter().find(|c| **c == class)
        {
            return class;
        }
        prototype = object.prototype();
    }
    "Error"
}

/// A guest error object as a host error (made in the caller's realm).
pub fn to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Value> {
    let env = env();
    let class = guest_class(bridge, object);
    let name = string_of(context, object, "name").unwrap_or_else(|| JsString::from(class));
    let message = string_of(context, object, "message").unwrap_or_default();
    let frames = string_of(context, object, "stack").unwrap_or_default();
    let stack = stack_text(&name, &message, &frames);
    let error = env.call(
        env.undefined(),
        bridge.realm.make_error.value(),
        &[env.string(class)?, string_to_host(&message)?, env.string(&stack)?],
    )?;
    // Adopted before anything else crosses, so a `cause` cycle finds it.
    guest_proxy::adopt(context, bridge, object, error)?;
    // A guest class of its own (`class E extends Error`) stays on the chain, so its methods,
    // its `name` and `instanceof E` work on the host.
    if let Some(prototype) = object.prototype()
        && !bridge.guest_intrinsic_index.contains_key(&address(&prototype))
    {
        let prototype = value_to_host(context, bridge, &prototype.into())?;
        bridge.reflect(context, c"setPrototypeOf", &[error, prototype])?;
    }
    // Own properties (`code`, `errno`, `cause`, `errors`, an own `name`…), as enumerable as
    // they were.
    let keys = object.own_property_keys(context).unwrap_or_default();
    for key in keys {
        let skip = matches!(&key, PropertyKey::String(s) if s == &js_string!("message") || s == &js_string!("stack"));
        if skip {
            continue;
        }
        let enumerable = is_enumerable(context, object, &key);
        let Ok(value) = object.get(key.clone(), context) else { continue };
        let host_key = super::key_to_host(context, bridge, &key)?;
        let host_value = value_to_host(context, bridge, &value)?;
        env.define(error, host_key, host_value, enumerable)?;
    }
    Ok(error)
}

fn is_enumerable(context: &mut Context, object: &JsObject, key: &PropertyKey) -> bool {
    let key: JsValue = match key {
        PropertyKey::String(s) => s.clone().into(),
        PropertyKey::Symbol(s) => s.clone().into(),
        PropertyKey::Index(i) => JsValue::new(i.get()),
    };
    let prototype = context.intrinsics().constructors().object().prototype();
    prototype
        .get(js_string!("propertyIsEnumerable"), context)
        .ok()
        .and_then(|f| f.as_callable())
        .and_then(|f| f.call(&object.clone().into(), &[key], context).ok())
        .is_some_and(|answer| answer.to_boolean())
}

/// V8's stack format: the `Name: message` line, then Boa's `    at …` frames.
fn stack_text(name: &JsString, message: &JsString, frames: &JsString) -> String {
    let header = if message.is_empty() {
        name.to_std_string_escaped()
    } else {
        format!("{}: {}", name.to_std_string_escaped(), message.to_std_string_escaped())
    };
    let frames = frames.to_std_string_escaped();
    let frames = frames.trim_end();
    if frames.is_empty() {
        header
    } else if frames.starts_with("    at") {
        format!("{header}\n{frames}")
    } else {
        frames.to_owned()
    }
}

/// What `describeError` (lib/host-values.js) tells of a host error: `[class, name, message, stack,
/// prototype or null, ...[key, value, enumerable]]`.
pub struct HostErrorInfo(Value);

pub fn describe(context: &mut Context, bridge: &BridgeState, value: Value) -> JsResult<HostErrorInfo> {
    bridge.call(context, &bridge.realm.describe_error, &[value]).map(HostErrorInfo).guest(context, bridge)
}

/// A host error as a guest error of the same class, without its own properties yet (see
/// [`fill`]): the copy must be known to the bridge before they cross, for cycles (`e.cause = e`).
pub fn to_guest(context: &mut Context, bridge: &BridgeState, info: &HostErrorInfo) -> JsResult<JsObject> {
    let env = env();
    let field = |i: u32| env.get_element(info.0, i);
    let class = env.get_string(field(0).guest(context, bridge)?).guest(context, bridge)?;
    let name = string_to_guest(field(1).guest(context, bridge)?).guest(context, bridge)?;
    let message = string_to_guest(field(2).guest(context, bridge)?).guest(context, bridge)?;
    let stack = field(3).guest(context, bridge)?;
    let prototype = field(4).guest(context, bridge)?;
    let constructor = bridge
        .guest_intrinsic_named(&class)
        .cloned()
        .unwrap_or_else(|| context.intrinsics().constructors().error().constructor());
    let args: Vec<JsValue> = if class == "AggregateError" {
        vec![boa_engine::object::builtins::JsArray::new(context)?.into(), message.into()]
    } else {
        vec![message.into()]
    };
    let error = constructor.construct(&args, None, context)?;
    let hidden = |value: JsValue| {
        boa_engine::property::PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .enumerable(false)
            .configurable(true)
    };
    if env.kind(stack) == Ok(Kind::String) {
        let stack = string_to_guest(stack).guest(context, bridge)?;
        error.define_property_or_throw(js_string!("stack"), hidden(stack.into()), context)?;
    }
    if env.kind(prototype) == Ok(Kind::Object) {
        // A host class of its own: its prototype (a proxy) keeps methods, `name`, `instanceof`.
        if let Some(prototype) = value_to_guest(context, bridge, prototype)?.as_object() {
            error.set_prototype(Some(prototype));
        }
    } else if name != class.as_str() {
        error.define_property_or_throw(js_string!("name"), hidden(name.into()), context)?;
    }
    Ok(error)
}

/// Copies a host error's own properties onto its guest copy, as enumerable as they were.
pub fn fill(context: &mut Context, bridge: &BridgeState, info: &HostErrorInfo, error: &JsObject) -> JsResult<()> {
    let env = env();
    let len = env.array_length(info.0).guest(context, bridge)?;
    for i in 5..len {
        let entry = env.get_element(info.0, i).guest(context, bridge)?;
        let key = env.get_element(entry, 0).guest(context, bridge)?;
        let key = super::key_to_guest(context, bridge, key)?;
        let value = env.get_element(entry, 1).guest(context, bridge)?;
        let value = value_to_guest(context, bridge, value)?;
        let enumerable = env.get_element(entry, 2).map(|e| env.truthy(e)).unwrap_or(true);
        error.define_property_or_throw(
            key,
            boa_engine::property::PropertyDescriptor::builder()
                .value(value)
                .writable(true)
                .enumerable(enumerable)
                .configurable(true),
            context,
        )?;
    }
    Ok(())
}

/// A guest exception (thrown value) as a host value to throw.
pub fn guest_error_to_host(context: &mut Context, bridge: &BridgeState, error: JsError) -> NapiResult<Value> {
    match error.into_opaque(context) {
        Ok(value) => value_to_host(context, bridge, &value),
        Err(error) => Err(env().throw_message(&error.to_string())),
    }
}

/// Throws an engine error on the host, as the error a Node user expects for it.
pub fn throw_on_host(engine: &Rc<Engine>, error: EngineError) -> Thrown {
    match host_error_for(engine, error) {
        Ok(error) => {
            // What ended the engine is also why its pending promises will never settle.
            if engine.is_disposed() && super::orphans::any() {
                super::orphans::reject_all(error);
            }
            env().throw(error)
        }
        Err(thrown) => thrown,
    }
}

/// Rejects the host promises a disposed engine can no longer settle with the host error for
/// `error` (what ended it), throwing nothing.
pub fn reject_orphans(engine: &Rc<Engine>, error: EngineError) {
    if !(engine.is_disposed() && super::orphans::any()) {
        return;
    }
    // An error that cannot even be made leaves them pending: nothing else could reject them.
    if let Ok(reason) = host_error_for(engine, error) {
        super::orphans::reject_all(reason);
    }
}

/// The host error a Node user expects for an engine error.
fn host_error_for(engine: &Rc<Engine>, error: EngineError) -> NapiResult<Value> {
    if let Some(error) = error.as_vm_error(engine) {
        return to_host_error(engine, &error);
    }
    let EngineError::Js(error) = error else { unreachable!("only a guest exception has no VmError") };
    let converted = engine
        .extension::<BridgeState>()
        .map(|bridge| engine.enter(|context| Ok(guest_error_to_host(context, &bridge, error))));
    match converted {
        Some(Ok(made)) => made,
        _ => to_host_error(engine, &VmError::error("The requireVM engine threw an error it could not report")),
    }
}

/// `error` as a host error of the engine's realm (the main realm's if the engine has none).
pub fn to_host_error(engine: &Engine, error: &VmError) -> NapiResult<Value> {
    let Some(realm) = engine.lasting::<HostRealm>() else { return env().create_error(error) };
    let env = env();
    let made = env.call(
        env.undefined(),
        realm.make_error.value(),
        &[env.string(error.class().name())?, env.string(error.message())?, env.undefined()],
    )?;
    if let Some(code) = error.code() {
        env.set_named(made, c"code", env.string(code.as_str())?)?;
    }
    Ok(made)
}

/// Enters `engine` to run `f`; guest exceptions are converted and thrown on the host.
pub fn run_in(
    engine: &Rc<Engine>,
    f: impl FnOnce(&mut Context, &BridgeState) -> JsResult<NapiResult<Value>>,
) -> NapiResult<Value> {
    let Some(bridge) = engine.extension::<BridgeState>() else {
        return Err(throw_on_host(engine, EngineError::Disposed));
    };
    run_in_bridge(engine, &bridge, f)
}

/// [`run_in`] with the engine's bridge at hand.
pub fn run_in_bridge(
    engine: &Rc<Engine>,
    bridge: &BridgeState,
    f: impl FnOnce(&mut Context, &BridgeState) -> JsResult<NapiResult<Value>>,
) -> NapiResult<Value> {
    let outcome = engine.enter(|context| match f(context, bridge) {
        Ok(value) => Ok(Ok(value)),
        Err(error) if error.as_engine().is_none() && !engine.ends_engine(&error) => {
            Ok(Err(guest_error_to_host(context, bridge, error)))
        }
        Err(error) => Err(error),
    });
    bridge.reclaim_released_after_entry();
    match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(thrown)) => match thrown {
            Ok(error) => Err(env().throw(error)),
            Err(thrown) => Err(thrown),
        },
        Err(error) => Err(throw_on_host(engine, error)),
    }
}
