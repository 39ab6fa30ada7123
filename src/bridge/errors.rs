//! Errors cross as copies of the same class: a guest `RangeError` is a host `RangeError` of the
//! caller's realm (custom subclasses arrive as the nearest built-in class, with their `name`),
//! with `message`, own properties (`code`, `cause`…) and a stack naming the guest file. A copy
//! remembers its original, so an error that goes back where it came from is the original.

use std::rc::Rc;

use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::{js_string, Context, JsError, JsResult, JsString, JsValue};

use super::napi::{env, Kind, NapiResult, Pending, Value};
use super::realm::INTRINSIC_NAMES;
use super::{address, guest_proxy, string_to_guest, string_to_host, to_guest as value_to_guest, to_host as value_to_host, BridgeState, HostResult};
use crate::engine::{Engine, EngineError};

/// The built-in error classes, as named in both realms.
const ERROR_CLASSES: [&str; 8] = [
    "Error",
    "TypeError",
    "RangeError",
    "SyntaxError",
    "ReferenceError",
    "EvalError",
    "URIError",
    "AggregateError",
];

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
        if let Some(&index) = bridge.guest_intrinsic_index.get(&address(&object)) {
            if let Some(class) = INTRINSIC_NAMES[index].strip_suffix(".prototype") {
                if let Some(class) = ERROR_CLASSES.iter().find(|c| **c == class) {
                    return class;
                }
            }
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
        &[
            env.string(class)?,
            string_to_host(&name)?,
            string_to_host(&message)?,
            env.string(&stack)?,
        ],
    )?;
    // Adopted before its properties are copied, so a `cause` cycle finds it.
    guest_proxy::adopt(context, bridge, object, error)?;
    // Own properties: `code`, `errno`, `cause`, `errors`…
    let keys = object.own_property_keys(context).unwrap_or_default();
    for key in keys {
        let skip = matches!(&key, PropertyKey::String(s) if s == &js_string!("message") || s == &js_string!("stack") || s == &js_string!("name"));
        if skip {
            continue;
        }
        let Ok(value) = object.get(key.clone(), context) else { continue };
        let host_key = super::key_to_host(context, bridge, &key)?;
        let host_value = value_to_host(context, bridge, &value)?;
        env.set(error, host_key, host_value)?;
    }
    Ok(error)
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

/// A host error as a guest error of the same class.
pub fn to_guest(context: &mut Context, bridge: &BridgeState, value: Value) -> JsResult<JsObject> {
    let env = env();
    // [class, name, message, stack, [key, value]...]
    let info = env
        .call(env.undefined(), bridge.realm.describe_error.value(), &[value])
        .guest(context, bridge)?;
    let field = |i: u32| env.get_element(info, i);
    let class = env.get_string(field(0).guest(context, bridge)?).guest(context, bridge)?;
    let name = string_to_guest(field(1).guest(context, bridge)?).guest(context, bridge)?;
    let message = string_to_guest(field(2).guest(context, bridge)?).guest(context, bridge)?;
    let stack = field(3).guest(context, bridge)?;
    let index = INTRINSIC_NAMES.iter().position(|n| *n == class).unwrap_or(6);
    let constructor = bridge
        .guest_intrinsic(index)
        .cloned()
        .unwrap_or_else(|| context.intrinsics().constructors().error().constructor());
    let args: Vec<JsValue> = if class == "AggregateError" {
        vec![boa_engine::object::builtins::JsArray::new(context)?.into(), message.into()]
    } else {
        vec![message.into()]
    };
    let error = constructor.construct(&args, None, context)?;
    if name != JsString::from(class.as_str()) {
        error.create_data_property_or_throw(js_string!("name"), name, context)?;
    }
    if env.kind(stack) == Ok(Kind::String) {
        let stack = string_to_guest(stack).guest(context, bridge)?;
        error.create_data_property_or_throw(js_string!("stack"), stack, context)?;
    }
    let len = env.array_length(info).guest(context, bridge)?;
    for i in 4..len {
        let pair = env.get_element(info, i).guest(context, bridge)?;
        let key = env.get_element(pair, 0).guest(context, bridge)?;
        let key = super::key_to_guest(context, bridge, key)?;
        let value = env.get_element(pair, 1).guest(context, bridge)?;
        let value = value_to_guest(context, bridge, value)?;
        error.create_data_property_or_throw(key, value, context)?;
    }
    Ok(error)
}

/// A guest exception (thrown value) as a host value to throw.
pub fn guest_error_to_host(context: &mut Context, bridge: &BridgeState, error: JsError) -> NapiResult<Value> {
    match error.into_opaque(context) {
        Ok(value) => value_to_host(context, bridge, &value),
        Err(error) => Err(env().throw_message(&error.to_string())),
    }
}

/// Throws an engine error on the host, as the error a Node user expects for it.
pub fn throw_on_host(engine: &Rc<Engine>, error: EngineError) -> Pending {
    let env = env();
    let made = match error {
        EngineError::Js(error) => {
            let converted = engine.extension::<BridgeState>().map(|bridge| {
                engine.enter(|context| Ok(guest_error_to_host(context, &bridge, error)))
            });
            match converted {
                Some(Ok(Ok(value))) => return env.throw(value),
                Some(Ok(Err(pending))) => return pending,
                _ => host_error(engine, "Error", "The requireVM engine threw an error it could not report", None),
            }
        }
        EngineError::Disposed => host_error(
            engine,
            "Error",
            "The requireVM engine was disposed; its values can no longer be used",
            Some("ERR_REQUIRE_VM_DISPOSED"),
        ),
        EngineError::Timeout => host_error(
            engine,
            "Error",
            &format!("Script execution timed out after {}ms", engine.timeout_ms().unwrap_or(0)),
            Some("ERR_SCRIPT_EXECUTION_TIMEOUT"),
        ),
        EngineError::MemoryLimit => host_error(
            engine,
            "Error",
            &format!(
                "The requireVM engine exceeded its memory limit of {} MiB",
                engine.memory_limit_bytes().unwrap_or(0) >> 20
            ),
            Some("ERR_REQUIRE_VM_MEMORY_LIMIT"),
        ),
        EngineError::StackOverflow => host_error(engine, "RangeError", "Maximum call stack size exceeded", None),
    };
    match made {
        Ok(error) => env.throw(error),
        Err(pending) => pending,
    }
}

/// Makes a host error of `class` in the engine's realm, with `code` if given.
pub fn host_error(engine: &Engine, class: &str, message: &str, code: Option<&str>) -> NapiResult<Value> {
    let env = env();
    let error = match engine.extension::<BridgeState>() {
        Some(bridge) => env.call(
            env.undefined(),
            bridge.realm.make_error.value(),
            &[env.string(class)?, env.string(class)?, env.string(message)?, env.undefined()],
        )?,
        None => plain_error(class, message)?,
    };
    if let Some(code) = code {
        env.set_named(error, c"code", env.string(code)?)?;
    }
    Ok(error)
}

/// An error of the main realm (when no caller realm is at hand).
pub fn plain_error(class: &str, message: &str) -> NapiResult<Value> {
    let env = env();
    let message = env.string(message)?;
    let mut result = std::ptr::null_mut();
    let status = match class {
        // SAFETY: Node-API calls on the owning thread with valid handles and out-pointer.
        "TypeError" => unsafe { napi::sys::napi_create_type_error(env.raw(), std::ptr::null_mut(), message, &mut result) },
        // SAFETY: as above.
        "RangeError" => unsafe { napi::sys::napi_create_range_error(env.raw(), std::ptr::null_mut(), message, &mut result) },
        // SAFETY: as above.
        _ => unsafe { napi::sys::napi_create_error(env.raw(), std::ptr::null_mut(), message, &mut result) },
    };
    super::napi::check(env.raw(), status)?;
    Ok(result)
}
