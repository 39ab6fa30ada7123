//! Values and property keys from one side to the other: primitives as themselves, objects as
//! proxies (or the original, coming home), errors, promises and binary data by their own rules.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, js_string};

use super::napi::{Kind, NapiResult, Ref, Thrown, Value, env};
use super::{BridgeState, Identity};
use super::{copies, errors, exception_to_guest, guest_proxy, host_proxy, promises, symbols};
use crate::contract::{HostKind, MAX_INTERNED_KEY_LENGTH};

/// Converts a list of guest values (the arguments of a call into the host) for the host.
pub fn all_to_host(context: &mut Context, bridge: &BridgeState, values: &[JsValue]) -> NapiResult<Vec<Value>> {
    values.iter().map(|value| to_host(context, bridge, value)).collect()
}

/// Converts a guest value for the host.
pub fn to_host(context: &mut Context, bridge: &BridgeState, value: &JsValue) -> NapiResult<Value> {
    let env = env();
    if let Some(object) = value.as_object() {
        return object_to_host(context, bridge, &object);
    }
    if value.is_undefined() {
        return Ok(env.undefined());
    }
    if value.is_null() {
        return env.null();
    }
    if let Some(b) = value.as_boolean() {
        return env.boolean(b);
    }
    if let Some(n) = value.as_number() {
        return env.number(n);
    }
    if let Some(s) = value.as_string() {
        return string_to_host(&s);
    }
    if let Some(symbol) = value.as_symbol() {
        return symbols::to_host(context, bridge, &symbol);
    }
    if let Some(bigint) = value.as_bigint() {
        return copies::bigint_to_host(&bigint);
    }
    Ok(env.undefined())
}

pub fn string_to_host(s: &JsString) -> NapiResult<Value> {
    use boa_engine::string::JsStrVariant;
    match s.as_str().variant() {
        JsStrVariant::Latin1(bytes) => env().string_latin1(bytes),
        JsStrVariant::Utf16(units) => env().string_utf16(units),
    }
}

pub fn string_to_guest(value: Value) -> NapiResult<JsString> {
    Ok(JsString::from(env().get_string_utf16(value)?.as_slice()))
}

fn object_to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Value> {
    // A host value coming home.
    if let Some(value) = bridge.host_value_of(object) {
        return Ok(value);
    }
    // The guest's intrinsics are not handed to the host as values (a guest `Function` or
    // `Object.prototype` given to a host function would become the host's own and let the guest
    // evaluate code or pollute prototypes there); they cross as proxies, and only as prototypes
    // (see `prototype_to_host`) as the host's counterparts.
    if let Some(value) = guest_proxy::existing(bridge, object) {
        return Ok(value);
    }
    use boa_engine::builtins;
    if object.is::<builtins::error::Error>() {
        return errors::to_host(context, bridge, object);
    }
    if object.is::<builtins::promise::Promise>() {
        return promises::to_host(context, bridge, object);
    }
    if let Some(copy) = copies::to_host(context, bridge, object)? {
        return Ok(copy);
    }
    guest_proxy::create(context, bridge, object)
}

/// A guest prototype for the host: a guest intrinsic as the host's counterpart (so
/// `instanceof Object`, `instanceof Map`… hold on the host), anything else as usual.
pub fn prototype_to_host(context: &mut Context, bridge: &BridgeState, prototype: &JsValue) -> NapiResult<Value> {
    if let Some(object) = prototype.as_object()
        && let Some(index) = bridge.intrinsic_index_of(&object)
    {
        return Ok(bridge.realm.intrinsics[index].value.value());
    }
    to_host(context, bridge, prototype)
}

/// Converts a host value for the guest.
pub fn to_guest(context: &mut Context, bridge: &BridgeState, value: Value) -> JsResult<JsValue> {
    let env = env();
    let fail = host_exception_message;
    let kind = env.kind(value).map_err(fail)?;
    Ok(match kind {
        Kind::Undefined | Kind::External => JsValue::undefined(),
        Kind::Null => JsValue::null(),
        Kind::Boolean => env.get_bool(value).map_err(fail)?.into(),
        Kind::Number => JsValue::new(env.get_number(value).map_err(fail)?),
        Kind::String => string_to_guest(value).map_err(fail)?.into(),
        Kind::BigInt => copies::bigint_to_guest(value).map_err(fail)?,
        Kind::Symbol => symbols::to_guest(context, bridge, value)?,
        Kind::Object | Kind::Function => object_to_guest(context, bridge, value, kind)?,
    })
}

/// A host exception as a plain guest error, read without converting it (used where no
/// conversion is possible).
fn host_exception_message(Thrown(exception): Thrown) -> JsError {
    let env = env();
    let message = env
        .get_named(exception, c"message")
        .and_then(|m| env.get_string(m))
        .unwrap_or_else(|_| "could not read a host value".into());
    JsNativeError::error().with_message(message).into()
}

fn object_to_guest(context: &mut Context, bridge: &BridgeState, value: Value, kind: Kind) -> JsResult<JsValue> {
    // A guest value coming home.
    if let Some(object) = guest_proxy::guest_of(bridge, value) {
        return Ok(object.into());
    }
    let identity = crate::engine::lend(context, || bridge.identify(value))
        .map_err(|thrown| exception_to_guest(context, bridge, thrown))?;
    let host_kind = match identity {
        Identity::Known(guest) => return Ok(guest),
        Identity::Kind(kind) => kind,
        Identity::Stale if kind == Kind::Function => HostKind::Function,
        Identity::Stale => crate::engine::lend(context, || bridge.identify_kind(value))
            .map_err(|thrown| exception_to_guest(context, bridge, thrown))?,
    };
    let guest = match host_kind {
        HostKind::Promise => {
            bridge.remember_host(context, value, false, |context, _| promises::to_guest(context, bridge, value))?
        }
        HostKind::Error => {
            let info = errors::describe(context, bridge, value)?;
            let error =
                bridge.remember_host(context, value, false, |context, _| errors::to_guest(context, bridge, &info))?;
            errors::fill(context, bridge, &info, &error)?;
            error
        }
        HostKind::Date
        | HostKind::RegExp
        | HostKind::ArrayBuffer
        | HostKind::TypedArray
        | HostKind::DataView
        | HostKind::Buffer => return copies::to_guest(context, bridge, value, host_kind),
        _ => bridge.remember_host(context, value, true, |context, slot| {
            host_proxy::create(context, bridge, host_kind, slot)
        })?,
    };
    Ok(guest.into())
}

/// A property key of the host as a guest key.
pub fn key_to_guest(context: &mut Context, bridge: &BridgeState, key: Value) -> JsResult<PropertyKey> {
    let env = env();
    match env.kind(key) {
        Ok(Kind::Symbol) => {
            let symbol = symbols::to_guest(context, bridge, key)?;
            Ok(symbol.as_symbol().map_or_else(|| js_string!().into(), PropertyKey::from))
        }
        Ok(Kind::Number) => {
            let n = env.get_number(key).map_err(host_exception_message)?;
            Ok(if n >= 0.0 && n < f64::from(u32::MAX) && n.fract() == 0.0 {
                PropertyKey::from(n as u32)
            } else {
                PropertyKey::from(JsString::from(n.to_string()))
            })
        }
        _ => Ok(PropertyKey::from(string_to_guest(key).map_err(host_exception_message)?)),
    }
}

/// At most this many names are kept as host strings per realm (see `name_to_host`).
const MAX_HOST_KEYS: usize = 16_384;

/// A guest property name as a host string: a short one from the realm's table of names made
/// before (a new host string per get would be made, then looked up in V8's string table, every
/// time).
fn name_to_host(bridge: &BridgeState, name: &JsString) -> NapiResult<Value> {
    if name.len() > MAX_INTERNED_KEY_LENGTH as usize {
        return string_to_host(name);
    }
    if let Some(known) = bridge.realm.host_keys.borrow().get(name) {
        return Ok(known.value());
    }
    let value = string_to_host(name)?;
    let mut keys = bridge.realm.host_keys.borrow_mut();
    if keys.len() < MAX_HOST_KEYS {
        keys.insert(name.clone(), Ref::strong(value)?);
    }
    Ok(value)
}

/// A guest property key for the host.
pub fn key_to_host(context: &mut Context, bridge: &BridgeState, key: &PropertyKey) -> NapiResult<Value> {
    match key {
        PropertyKey::String(s) => name_to_host(bridge, s),
        PropertyKey::Index(i) => env().number(f64::from(i.get())),
        PropertyKey::Symbol(symbol) => symbols::to_host(context, bridge, symbol),
    }
}
