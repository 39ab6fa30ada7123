//! Symbols across the bridge: registered symbols (`Symbol.for`) and well-known symbols are the
//! same on both sides; any other symbol gets one stand-in per engine on the other side, so it
//! keeps its identity there too.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use boa_engine::{Context, JsResult, JsString, JsSymbol, JsValue, js_string};

use super::napi::{NapiResult, Ref, Value, env};
use super::{BridgeState, HostResult, string_to_guest, string_to_host};
use crate::contract::SymbolKind;

#[derive(Default)]
pub struct SymbolTable {
    /// Guest symbol (by its hash, unique per symbol) → host stand-in.
    to_host: RefCell<FxHashMap<u64, Ref>>,
    /// Host symbol → guest stand-in, by identity (compared on the host).
    to_guest: RefCell<Vec<(Ref, JsSymbol)>>,
}

/// A well-known symbol: its name on `Symbol` and Boa's getter for it.
type WellKnown = (&'static str, fn() -> JsSymbol);

const WELL_KNOWN: [WellKnown; 15] = [
    ("asyncIterator", JsSymbol::async_iterator),
    ("hasInstance", JsSymbol::has_instance),
    ("isConcatSpreadable", JsSymbol::is_concat_spreadable),
    ("iterator", JsSymbol::iterator),
    ("match", JsSymbol::r#match),
    ("matchAll", JsSymbol::match_all),
    ("replace", JsSymbol::replace),
    ("search", JsSymbol::search),
    ("species", JsSymbol::species),
    ("split", JsSymbol::split),
    ("toPrimitive", JsSymbol::to_primitive),
    ("toStringTag", JsSymbol::to_string_tag),
    ("unscopables", JsSymbol::unscopables),
    ("dispose", JsSymbol::dispose),
    ("asyncDispose", JsSymbol::async_dispose),
];

/// The key of a registered guest symbol (`Symbol.keyFor`).
fn guest_key_for(context: &mut Context, symbol: &JsSymbol) -> Option<JsString> {
    let constructor = context.intrinsics().constructors().symbol().constructor();
    let key_for = constructor.get(js_string!("keyFor"), context).ok()?;
    let key = key_for.as_callable()?.call(&constructor.into(), &[symbol.clone().into()], context).ok()?;
    key.as_string()
}

pub fn to_host(context: &mut Context, bridge: &BridgeState, symbol: &JsSymbol) -> NapiResult<Value> {
    for (name, well_known) in WELL_KNOWN {
        if *symbol == well_known()
            && let Some((_, host)) = bridge.realm.well_known_symbols.iter().find(|(n, _)| n == name)
        {
            return Ok(host.value());
        }
    }
    let env = env();
    if let Some(key) = guest_key_for(context, symbol) {
        let key = string_to_host(&key)?;
        return env.call(env.undefined(), bridge.realm.symbol_for.value(), &[key]);
    }
    if let Some(host) = bridge.symbols.to_host.borrow().get(&symbol.hash()) {
        return Ok(host.value());
    }
    let description = match symbol.description() {
        Some(description) => string_to_host(&description)?,
        None => env.undefined(),
    };
    // `Symbol(description)` of the host realm: the well-known list carries the constructor.
    let host = env.call(env.undefined(), bridge.realm.symbol_for.value(), &[description, env.boolean(true)?])?;
    bridge.symbols.to_host.borrow_mut().insert(symbol.hash(), Ref::strong(host)?);
    bridge.symbols.to_guest.borrow_mut().push((Ref::strong(host)?, symbol.clone()));
    Ok(host)
}

pub fn to_guest(context: &mut Context, bridge: &BridgeState, value: Value) -> JsResult<JsValue> {
    let env = env();
    // [kind, text]: a SymbolKind and the key, the well-known name or the description.
    let info = env.call(env.undefined(), bridge.realm.symbol_key_for.value(), &[value]).guest(context, bridge)?;
    let kind = env.get_element(info, 0).and_then(|k| env.get_number(k)).guest(context, bridge)?;
    let text = env.get_element(info, 1).guest(context, bridge)?;
    match SymbolKind::from_number(kind) {
        Some(SymbolKind::Registered) => {
            let key = string_to_guest(text).guest(context, bridge)?;
            let constructor = context.intrinsics().constructors().symbol().constructor();
            let symbol_for = constructor.get(js_string!("for"), context)?;
            let symbol_for = symbol_for.as_callable().ok_or_else(|| super::host_failure("Symbol.for is missing"))?;
            symbol_for.call(&constructor.into(), &[key.into()], context)
        }
        Some(SymbolKind::WellKnown) => {
            let name = env.get_string(text).guest(context, bridge)?;
            Ok(WELL_KNOWN
                .iter()
                .find(|(n, _)| *n == name)
                .map_or_else(JsValue::undefined, |(_, symbol)| symbol().into()))
        }
        Some(SymbolKind::Unique) | None => {
            for (host, guest) in bridge.symbols.to_guest.borrow().iter() {
                if env.strict_equals(host.value(), value).unwrap_or(false) {
                    return Ok(guest.clone().into());
                }
            }
            let description = if env.kind(text) == Ok(super::napi::Kind::String) {
                Some(string_to_guest(text).guest(context, bridge)?)
            } else {
                None
            };
            let symbol = JsSymbol::new(description).ok_or_else(|| super::host_failure("too many symbols"))?;
            let host = Ref::strong(value).guest(context, bridge)?;
            bridge.symbols.to_host.borrow_mut().insert(symbol.hash(), Ref::strong(value).guest(context, bridge)?);
            bridge.symbols.to_guest.borrow_mut().push((host, symbol.clone()));
            Ok(symbol.into())
        }
    }
}
