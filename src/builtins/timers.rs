//! Guest timers on the host's event loop: `setTimeout`, `setInterval`, `setImmediate` and their
//! `clear*`. A pending timer keeps its engine alive; `dispose` clears them all. The guest gets a
//! Node-like `Timeout` object (`ref`, `unref`, `hasRef`, `refresh`, `close`, and its id as a
//! primitive).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::CStr;
use std::rc::Rc;

use boa_engine::native_function::NativeFunctionPointer;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::Attribute;
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsResult, JsSymbol, JsValue, NativeFunction, Trace, js_string,
};
use napi::sys::{napi_callback_info, napi_env, napi_value};

use crate::bridge::entry::{entry, function_with_data};
use crate::bridge::napi::{CallbackInfo, NapiResult, Ref, Thrown, Value, env};
use crate::bridge::{BridgeState, HostResult, outcall};
use crate::contract::ErrorCode;
use crate::engine::Engine;
use crate::error::VmError;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Timeout,
    Interval,
    Immediate,
}

impl Kind {
    fn set(self) -> &'static CStr {
        match self {
            Kind::Timeout => c"setTimeout",
            Kind::Interval => c"setInterval",
            Kind::Immediate => c"setImmediate",
        }
    }

    fn clear(self) -> &'static CStr {
        match self {
            Kind::Timeout => c"clearTimeout",
            Kind::Interval => c"clearInterval",
            Kind::Immediate => c"clearImmediate",
        }
    }
}

struct Timer {
    kind: Kind,
    handle: Ref,
    callback: JsObject,
    args: Vec<JsValue>,
    /// What the guest asked for with `ref()`/`unref()`.
    wants_ref: bool,
}

/// The timers of one engine (an engine extension).
pub struct TimerState {
    timers: RefCell<HashMap<u32, Timer>>,
    next_id: Cell<u32>,
    prototype: JsObject,
    realm_timers: Ref,
}

impl Drop for TimerState {
    fn drop(&mut self) {
        // Disposed: clear every host timer so none keeps the process alive.
        for (_, timer) in self.timers.borrow_mut().drain() {
            clear_host(&self.realm_timers, timer.kind, &timer.handle);
        }
    }
}

fn set_host_ref(handle: &Ref, on: bool) {
    let env = env();
    let handle = handle.value();
    let method = if on { c"ref" } else { c"unref" };
    if let Ok(function) = env.get_named(handle, method) {
        let _ = env.call(handle, function, &[]);
    }
}

fn clear_host(realm_timers: &Ref, kind: Kind, handle: &Ref) {
    let env = env();
    let timers = realm_timers.value();
    if let Ok(clear) = env.get_named(timers, kind.clear()) {
        let _ = env.call(env.undefined(), clear, &[handle.value()]);
    }
}

/// The data of a `Timeout` object the guest holds.
#[derive(Trace, Finalize, JsData)]
struct TimeoutData {
    #[unsafe_ignore_trace]
    id: u32,
}

/// Installs the timer globals.
pub fn install(context: &mut Context, engine: &Rc<Engine>, bridge: &BridgeState) -> JsResult<()> {
    let prototype = timeout_prototype(context)?;
    let state = Rc::new(TimerState {
        timers: RefCell::default(),
        next_id: Cell::new(1),
        prototype,
        realm_timers: Ref::strong(bridge.realm.timers.value()).guest(context, bridge)?,
    });
    let observed = Rc::downgrade(&state);
    // A pending timer keeps its engine alive, not the process: while the host holds nothing of
    // the engine (nobody could see what the timer does), its timers are unref'd.
    engine.set_interest_observer(Box::new(move |interested| {
        if let Some(state) = observed.upgrade() {
            for timer in state.timers.borrow().values() {
                set_host_ref(&timer.handle, interested && timer.wants_ref);
            }
        }
    }));
    engine.set_extension(state);
    let global = context.global_object();
    for (name, f) in [
        ("setTimeout", set_timeout as fn(&JsValue, &[JsValue], &mut Context) -> JsResult<JsValue>),
        ("setInterval", set_interval),
        ("setImmediate", set_immediate),
        ("clearTimeout", clear),
        ("clearInterval", clear),
        ("clearImmediate", clear),
    ] {
        let function = FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f))
            .name(js_string!(name))
            .length(1)
            .build();
        global.set(js_string!(name), function, true, context)?;
    }
    Ok(())
}

/// `require('timers')`.
pub fn module(context: &mut Context) -> JsResult<JsValue> {
    let global = context.global_object();
    let module = JsObject::with_object_proto(context.intrinsics());
    for name in ["setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"] {
        let value = global.get(js_string!(name), context)?;
        module.set(js_string!(name), value, true, context)?;
    }
    Ok(module.into())
}

fn timeout_prototype(context: &mut Context) -> JsResult<JsObject> {
    let prototype = JsObject::with_object_proto(context.intrinsics());
    let methods: [(&str, NativeFunctionPointer); 5] = [
        ("ref", |this, _, context| set_ref(this, true, context)),
        ("unref", |this, _, context| set_ref(this, false, context)),
        ("hasRef", has_ref),
        ("refresh", refresh),
        ("close", |this, _, context| {
            clear(&JsValue::undefined(), std::slice::from_ref(this), context).map(|_| this.clone())
        }),
    ];
    for (name, f) in methods {
        let function =
            FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(f)).name(js_string!(name)).build();
        prototype.set(js_string!(name), function, true, context)?;
    }
    let to_primitive = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_fn_ptr(|this, _, _| Ok(JsValue::new(timeout_id(this).unwrap_or(0)))),
    )
    .build();
    prototype.insert_property(
        JsSymbol::to_primitive(),
        boa_engine::property::PropertyDescriptor::builder()
            .value(to_primitive)
            .writable(true)
            .enumerable(false)
            .configurable(true),
    );
    let _ = Attribute::all();
    Ok(prototype)
}

fn timeout_id(value: &JsValue) -> Option<u32> {
    if let Some(object) = value.as_object() {
        return object.downcast_ref::<TimeoutData>().map(|data| data.id);
    }
    value.as_number().map(|n| n as u32)
}

fn set_timeout(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    schedule(Kind::Timeout, args, context)
}

fn set_interval(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    schedule(Kind::Interval, args, context)
}

pub(crate) fn set_immediate(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    schedule(Kind::Immediate, args, context)
}

fn current() -> JsResult<(Rc<Engine>, Rc<TimerState>)> {
    let engine = Engine::current().ok_or_else(|| JsNativeError::error().with_message("no engine"))?;
    let state = engine
        .extension::<TimerState>()
        .ok_or_else(|| JsNativeError::error().with_message("the engine was disposed"))?;
    Ok((engine, state))
}

fn schedule(kind: Kind, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(callback) = args.first().and_then(JsValue::as_callable) else {
        return Err(VmError::type_error("The \"callback\" argument must be of type function")
            .with_code(ErrorCode::ERR_INVALID_ARG_TYPE)
            .into_guest(context));
    };
    let (delay, rest) = match kind {
        Kind::Immediate => (0.0, args.get(1..).unwrap_or_default()),
        _ => {
            let delay = args.get(1).map(|d| d.to_number(context)).transpose()?.unwrap_or(0.0);
            (delay, args.get(2..).unwrap_or_default())
        }
    };
    let delay = if delay.is_finite() && delay >= 1.0 { delay } else { 1.0 };
    let (engine, state) = current()?;
    let id = state.next_id.get();
    state.next_id.set(id.wrapping_add(1));
    let handle = outcall(context, |context, bridge| {
        let env = env();
        let fire =
            fire_function(Rc::clone(&engine), id, bridge).and_then(|f| bridge.realm.guard(f)).guest(context, bridge)?;
        let timers = state.realm_timers.value();
        let set = env.get_named(timers, kind.set()).guest(context, bridge)?;
        let handle = match kind {
            Kind::Immediate => bridge.call_host(context, env.undefined(), set, &[fire]),
            _ => env.number(delay).and_then(|d| bridge.call_host(context, env.undefined(), set, &[fire, d])),
        }
        .guest(context, bridge)?;
        Ref::strong(handle).guest(context, bridge)
    })?;
    if !engine.has_host_interest() {
        outcall(context, |_, _| {
            set_host_ref(&handle, false);
            Ok(())
        })?;
    }
    state
        .timers
        .borrow_mut()
        .insert(id, Timer { kind, handle, callback: callback.clone(), args: rest.to_vec(), wants_ref: true });
    let timeout = JsObject::from_proto_and_data(Some(state.prototype.clone()), TimeoutData { id });
    Ok(timeout.into())
}

fn clear(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let Some(id) = args.first().and_then(timeout_id) else { return Ok(JsValue::undefined()) };
    let (_, state) = current()?;
    let timer = state.timers.borrow_mut().remove(&id);
    if let Some(timer) = timer {
        outcall(context, |_, _| {
            clear_host(&state.realm_timers, timer.kind, &timer.handle);
            Ok(())
        })?;
    }
    Ok(JsValue::undefined())
}

fn with_handle(this: &JsValue, context: &mut Context, method: &'static CStr) -> JsResult<JsValue> {
    let Some(id) = timeout_id(this) else { return Ok(JsValue::undefined()) };
    let (_, state) = current()?;
    let handle = state.timers.borrow().get(&id).map(|t| t.handle.value());
    let Some(handle) = handle else { return Ok(JsValue::undefined()) };
    outcall(context, |context, bridge| {
        let env = env();
        let function = env.get_named(handle, method).guest(context, bridge)?;
        let result = bridge.call_host(context, handle, function, &[]).guest(context, bridge)?;
        Ok(JsValue::new(env.truthy(result)))
    })
}

fn set_ref(this: &JsValue, on: bool, context: &mut Context) -> JsResult<JsValue> {
    let Some(id) = timeout_id(this) else { return Ok(this.clone()) };
    let (engine, state) = current()?;
    if let Some(timer) = state.timers.borrow_mut().get_mut(&id) {
        timer.wants_ref = on;
    }
    // Ref'd only while the host holds something of the engine (see `install`).
    let effective = on && engine.has_host_interest();
    with_handle(this, context, if effective { c"ref" } else { c"unref" })?;
    Ok(this.clone())
}

fn has_ref(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let answer = with_handle(this, context, c"hasRef")?;
    Ok(JsValue::new(answer.to_boolean()))
}

fn refresh(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    with_handle(this, context, c"refresh")?;
    Ok(this.clone())
}

/// The data of the host function that fires a guest timer.
struct Fire {
    engine: Rc<Engine>,
    id: u32,
}

/// The host function the host timer calls.
fn fire_function(engine: Rc<Engine>, id: u32, bridge: &BridgeState) -> NapiResult<Value> {
    function_with_data(bridge, c"requireVMTimer", fire, Fire { engine, id })
}

unsafe extern "C" fn fire(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<0>::read(env, info)?;
        // SAFETY: `data` is the live `Fire` of this function (freed only by its finalizer).
        let fire = unsafe { &*(info.data as *const Fire) };
        let engine = Rc::clone(&fire.engine);
        let Some(state) = engine.extension::<TimerState>() else { return Ok(env.undefined()) };
        let (callback, args, once) = {
            let timers = state.timers.borrow();
            let Some(timer) = timers.get(&fire.id) else { return Ok(env.undefined()) };
            (timer.callback.clone(), timer.args.clone(), timer.kind != Kind::Interval)
        };
        if once {
            state.timers.borrow_mut().remove(&fire.id);
        }
        drop(state);
        let result = engine.enter(|context| callback.call(&JsValue::undefined(), &args, context).map(drop));
        if let Err(error) = result {
            report_uncaught(&engine, error);
        }
        Ok(env.undefined())
    })
}

/// An exception thrown by a guest timer callback has no caller to reach: report it on the host's
/// `console.error`, as Node prints an uncaught exception, without taking the process down.
pub fn report_uncaught(engine: &Rc<Engine>, error: crate::engine::EngineError) {
    let env = env();
    let Thrown(exception) = crate::bridge::throw_engine_error(engine, error);
    // The realm, not the bridge: a limit has disposed the engine (and its bridge) by now.
    let Some(realm) = engine.lasting::<crate::bridge::realm::HostRealm>() else { return };
    let console = realm.console.value();
    if let Ok(log) = env.get_named(console, c"error") {
        let _ = env
            .string("Uncaught exception in a requireVM engine:")
            .and_then(|prefix| env.call(console, log, &[prefix, exception]));
    }
}
