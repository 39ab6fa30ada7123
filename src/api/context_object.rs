//! `contextObject`, as vm contexts have it: its own properties are globals of the engine, and the
//! globals the module defines (`var x`, top-level functions, `globalThis.y = …`, and `module`,
//! `exports`, `require`, `__filename`, `__dirname` of the entry) appear on it — live both ways.
//!
//! Each side gets accessors: a global the host provided reads and writes the host property;
//! a global the guest defined is an accessor on the `contextObject` reading and writing the
//! guest's global. New guest globals are linked after every outermost entry into the engine
//! (only engines given a `contextObject` pay for that check).
//!
//! The engine holds the `contextObject` weakly (the `contextObject`, through its accessors and
//! index.js's map, keeps the engine alive, so a strong reference back would be a cycle no
//! collector can see).

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::property::{PropertyDescriptor, PropertyKey};
use boa_engine::{Context, Finalize, JsResult, JsString, JsValue, NativeFunction, Trace};

use super::own_enumerable_keys;
use crate::bridge::napi::{NapiResult, Ref, Value, env};
use crate::bridge::{BridgeState, HostResult, outcall, string_to_guest, string_to_host, to_guest, to_host};
use crate::engine::{Engine, EntryHooks};

/// The names a `requireVM` entry defines as globals itself; always the guest's.
const ENTRY_GLOBALS: [&str; 5] = ["module", "exports", "require", "__filename", "__dirname"];

fn global_names(context: &mut Context) -> Vec<JsString> {
    let global = context.global_object();
    global
        .own_property_keys(context)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|key| match key {
            PropertyKey::String(name) => Some(name),
            _ => None,
        })
        .collect()
}

/// The link between an engine and its `contextObject` (an engine extension).
pub struct ContextLink {
    object: Ref,
    handle: Ref,
    /// Globals that read the `contextObject`.
    provided: RefCell<HashSet<JsString>>,
    /// Guest globals the `contextObject` has accessors for.
    linked: RefCell<HashSet<JsString>>,
    /// Number of global names at the last check, to skip it when nothing was added.
    seen: Cell<usize>,
    /// Number of the `contextObject`'s own enumerable properties at the last check.
    seen_host: Cell<usize>,
    /// The engine's global names before any guest code ran: taken at the first entry after
    /// linking (an engine with a `contextObject` is linked at its first load).
    baseline: OnceCell<HashSet<JsString>>,
}

/// Links `object` (with `handle`, the engine's external) to the engine, once.
pub fn link(engine: &Rc<Engine>, object: Value, handle: Value) -> NapiResult<()> {
    if engine.extension::<ContextLink>().is_some() {
        return Ok(());
    }
    engine.set_extension(Rc::new(ContextLink {
        object: Ref::weak(object)?,
        handle: Ref::weak(handle)?,
        provided: RefCell::default(),
        linked: RefCell::default(),
        seen: Cell::new(0),
        seen_host: Cell::new(usize::MAX),
        baseline: OnceCell::new(),
    }));
    let (on_enter, on_exit) = (Rc::downgrade(engine), Rc::downgrade(engine));
    engine.set_hooks(EntryHooks {
        enter: Box::new(move |context| {
            if let Some(engine) = on_enter.upgrade() {
                link_new_properties(&engine, context);
            }
        }),
        exit: Box::new(move |context| {
            if let Some(engine) = on_exit.upgrade() {
                link_new_globals(&engine, context);
            }
        }),
    });
    Ok(())
}

/// A global linked to a `contextObject` property. The engine holds the `contextObject` weakly
/// (it keeps the engine alive, not the reverse), so the link keeps the last value it saw: a
/// module whose `contextObject` the host dropped still has its globals.
#[derive(Trace, Finalize)]
struct Link {
    #[unsafe_ignore_trace]
    name: JsString,
    last: boa_engine::gc::GcRefCell<JsValue>,
}

/// The `contextObject`'s own enumerable properties become globals (accessors reading and
/// writing it), except those that are links to the guest's own globals.
pub fn sync_in(context: &mut Context, bridge: &BridgeState) -> JsResult<NapiResult<()>> {
    let Some(link) = Engine::current().and_then(|e| e.extension::<ContextLink>()) else {
        return Ok(Ok(()));
    };
    let Some(object) = link.object.get() else { return Ok(Ok(())) };
    let keys = match own_enumerable_keys(object) {
        Ok(keys) => keys,
        Err(pending) => return Ok(Err(pending)),
    };
    let global = context.global_object();
    for key in keys {
        let name = string_to_guest(key).guest(context, bridge)?;
        let own_link = ENTRY_GLOBALS.iter().any(|n| name == *n);
        if own_link || link.linked.borrow().contains(&name) || link.provided.borrow().contains(&name) {
            continue;
        }
        if global.has_own_property(name.clone(), context)? {
            // A global the guest declared (`var`, `function`) cannot be redefined: assign it.
            let value = crate::engine::lend(context, || env().get(object, key)).guest(context, bridge)?;
            let value = to_guest(context, bridge, value)?;
            global.set(name, value, false, context)?;
            continue;
        }
        let value = initial_value(context, bridge, object, key)?;
        let shared = boa_engine::gc::Gc::new(Link { name: name.clone(), last: boa_engine::gc::GcRefCell::new(value) });
        let getter = NativeFunction::from_copy_closure_with_captures(read_host, shared.clone());
        let setter = NativeFunction::from_copy_closure_with_captures(write_host, shared);
        let getter = FunctionObjectBuilder::new(context.realm(), getter).name(name.clone()).build();
        let setter = FunctionObjectBuilder::new(context.realm(), setter).name(name.clone()).build();
        let accessor = PropertyDescriptor::builder().get(getter).set(setter).enumerable(true).configurable(true);
        global.define_property_or_throw(name.clone(), accessor, context)?;
        link.provided.borrow_mut().insert(name);
    }
    Ok(Ok(()))
}

/// The value of a `contextObject` data property (an accessor is not called before the guest
/// reads it).
fn initial_value(context: &mut Context, bridge: &BridgeState, object: Value, key: Value) -> JsResult<JsValue> {
    let env = env();
    let descriptor = bridge.reflect(context, c"getOwnPropertyDescriptor", &[object, key]).guest(context, bridge)?;
    if env.kind(descriptor).guest(context, bridge)? != crate::bridge::napi::Kind::Object {
        return Ok(JsValue::undefined());
    }
    let value = env.get_named(descriptor, c"value").guest(context, bridge)?;
    to_guest(context, bridge, value)
}

type SharedLink = boa_engine::gc::Gc<Link>;

fn read_host(_: &JsValue, _: &[JsValue], link: &SharedLink, context: &mut Context) -> JsResult<JsValue> {
    let value = outcall(context, |context, bridge| {
        let Some(object) = Engine::current().and_then(|e| e.extension::<ContextLink>()).and_then(|l| l.object.get())
        else {
            return Ok(None);
        };
        let key = string_to_host(&link.name).guest(context, bridge)?;
        let value = crate::engine::lend(context, || env().get(object, key)).guest(context, bridge)?;
        to_guest(context, bridge, value).map(Some)
    })?;
    match value {
        Some(value) => {
            *link.last.borrow_mut() = value.clone();
            Ok(value)
        }
        None => Ok(link.last.borrow().clone()),
    }
}

fn write_host(_: &JsValue, args: &[JsValue], link: &SharedLink, context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    *link.last.borrow_mut() = value.clone();
    outcall(context, |context, bridge| {
        let Some(object) = Engine::current().and_then(|e| e.extension::<ContextLink>()).and_then(|l| l.object.get())
        else {
            return Ok(JsValue::undefined());
        };
        let key = string_to_host(&link.name).guest(context, bridge)?;
        let value = to_host(context, bridge, &value).guest(context, bridge)?;
        crate::engine::lend(context, || env().set(object, key, value)).guest(context, bridge)?;
        Ok(JsValue::undefined())
    })
}

/// Before an outermost entry: properties the host added to the `contextObject` since the last
/// check become globals.
fn link_new_properties(engine: &Rc<Engine>, context: &mut Context) {
    let (Some(link), Some(bridge)) = (engine.extension::<ContextLink>(), engine.extension::<BridgeState>()) else {
        return;
    };
    link.baseline.get_or_init(|| global_names(context).into_iter().collect());
    let Some(object) = link.object.get() else { return };
    let Ok(keys) = own_enumerable_keys(object) else { return };
    if keys.len() == link.seen_host.get() {
        return;
    }
    link.seen_host.set(keys.len());
    // A failure here has nobody to report to; the next entry tries again.
    let _ = sync_in(context, &bridge);
}

/// After an outermost entry: the globals the guest added since the last check become
/// accessors on the `contextObject` (made by lib/realm.js's `linkGlobal`).
fn link_new_globals(engine: &Rc<Engine>, context: &mut Context) {
    let (Some(link), Some(bridge)) = (engine.extension::<ContextLink>(), engine.extension::<BridgeState>()) else {
        return;
    };
    let Some(baseline) = link.baseline.get() else { return };
    let names = global_names(context);
    if names.len() == link.seen.get() {
        return;
    }
    link.seen.set(names.len());
    let (Some(object), Some(handle)) = (link.object.get(), link.handle.get()) else { return };
    let env = env();
    for name in names {
        let entry_global = ENTRY_GLOBALS.iter().any(|n| name == *n);
        if !entry_global && (baseline.contains(&name) || link.provided.borrow().contains(&name)) {
            continue;
        }
        if link.linked.borrow().contains(&name) {
            continue;
        }
        let made = crate::engine::lend(context, || {
            string_to_host(&name)
                .and_then(|key| env.call(env.undefined(), bridge.realm.link_global.value(), &[object, key, handle]))
        });
        if made.is_err() {
            continue;
        }
        link.linked.borrow_mut().insert(name);
    }
}

/// `readGlobal(engine, name)`: a global of the guest, for the `contextObject`'s accessor.
pub fn read_global(engine: &Rc<Engine>, name: Value) -> NapiResult<Value> {
    crate::bridge::errors::run_in(engine, |context, bridge| {
        let name = string_to_guest(name).guest(context, bridge)?;
        let value = context.global_object().get(name, context)?;
        Ok(to_host(context, bridge, &value))
    })
}

/// `writeGlobal(engine, name, value)`.
pub fn write_global(engine: &Rc<Engine>, name: Value, value: Value) -> NapiResult<Value> {
    let env = env();
    crate::bridge::errors::run_in(engine, |context, bridge| {
        let name = string_to_guest(name).guest(context, bridge)?;
        let value = to_guest(context, bridge, value)?;
        context.global_object().set(name, value, true, context)?;
        Ok(Ok(env.undefined()))
    })
}
