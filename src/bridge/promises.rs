//! Promises cross as real promises of the other side that settle with the marshalled result.
//! A pending link keeps the guest engine alive: a host program may hold only the promise.

use std::cell::RefCell;
use std::ffi::c_void;
use std::rc::Rc;

use boa_engine::object::builtins::JsPromise;
use boa_engine::object::JsObject;
use boa_engine::{Context, Finalize, JsData, JsResult, JsValue, NativeFunction, Trace};
use boa_engine::builtins::promise::ResolvingFunctions;
use napi::sys::{napi_callback_info, napi_env, napi_value};

use super::entry::entry;
use super::napi::{env, CallbackInfo, NapiResult, Ref, Value};
use super::{outcall, to_guest as value_to_guest, to_host as value_to_host, BridgeState, HostResult};
use crate::engine::{deferred, Engine};

/// Host `resolve`/`reject` of a host promise that follows a guest one.
#[derive(Trace, Finalize, JsData)]
struct HostSettle {
    #[unsafe_ignore_trace]
    resolve: Ref,
    #[unsafe_ignore_trace]
    reject: Ref,
}

/// A guest promise for the host: a promise of the caller's realm that follows it.
pub fn to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Value> {
    let env = env();
    let deferred = env.call(env.undefined(), bridge.realm.make_deferred.value(), &[])?;
    let promise = env.get_element(deferred, 0)?;
    let settle = Rc::new(HostSettle {
        resolve: Ref::strong(env.get_element(deferred, 1)?)?,
        reject: Ref::strong(env.get_element(deferred, 2)?)?,
    });
    let on_fulfilled = settle_function(context, Rc::clone(&settle), true);
    let on_rejected = settle_function(context, settle, false);
    let guest = JsPromise::from_object(object.clone())
        .map_err(|_| env.throw_message("not a promise"))?;
    if guest.then(Some(on_fulfilled), Some(on_rejected), context).is_err() {
        return Err(env.throw_message("could not follow a guest promise"));
    }
    Ok(promise)
}

#[derive(Trace, Finalize)]
struct Captured(#[unsafe_ignore_trace] Rc<HostSettle>, #[unsafe_ignore_trace] bool);

fn settle_function(context: &mut Context, settle: Rc<HostSettle>, fulfil: bool) -> boa_engine::object::builtins::JsFunction {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, captured: &Captured, context| {
            let value = args.first().cloned().unwrap_or_default();
            let settle = Rc::clone(&captured.0);
            let fulfil = captured.1;
            outcall(context, |context, bridge| {
                let value = value_to_host(context, bridge, &value).guest(context, bridge)?;
                let function = if fulfil { settle.resolve.value() } else { settle.reject.value() };
                let env = env();
                env.call(env.undefined(), function, &[value]).guest(context, bridge)?;
                Ok(JsValue::undefined())
            })
        },
        Captured(settle, fulfil),
    )
    .to_js_function(context.realm())
}

/// What a host promise settles on the guest side.
struct GuestSettle {
    engine: Rc<Engine>,
    resolvers: RefCell<Option<ResolvingFunctions>>,
}

/// The data of one of the two host callbacks (`then(onFulfilled, onRejected)`).
struct Callback {
    settle: Rc<GuestSettle>,
    fulfil: bool,
}

/// A host promise for the guest: a guest promise that follows it.
pub fn to_guest(context: &mut Context, bridge: &BridgeState, value: Value) -> JsResult<JsObject> {
    let (promise, resolvers) = JsPromise::new_pending(context);
    let engine = Engine::current().ok_or_else(|| super::host_failure("no engine is running"))?;
    let settle = Rc::new(GuestSettle { engine, resolvers: RefCell::new(Some(resolvers)) });
    let env = env();
    let on_fulfilled = callback(Rc::clone(&settle), true).and_then(|f| bridge.realm.guard(f)).guest(context, bridge)?;
    let on_rejected = callback(settle, false).and_then(|f| bridge.realm.guard(f)).guest(context, bridge)?;
    let then = env.get_named(value, c"then").guest(context, bridge)?;
    env.call(value, then, &[on_fulfilled, on_rejected]).guest(context, bridge)?;
    Ok(promise.into())
}

fn callback(settle: Rc<GuestSettle>, fulfil: bool) -> NapiResult<Value> {
    let env = env();
    let data = Box::into_raw(Box::new(Callback { settle, fulfil })).cast::<c_void>();
    let mut function: napi_value = std::ptr::null_mut();
    super::napi::napi_call!(
        env.raw(),
        napi_create_function(c"settle".as_ptr(), 6, Some(settle_guest), data, &mut function)
    )?;
    super::napi::napi_call!(
        env.raw(),
        napi_add_finalizer(function, data, Some(finalize_callback), std::ptr::null_mut(), std::ptr::null_mut())
    )?;
    Ok(function)
}

unsafe extern "C" fn finalize_callback(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `Callback` boxed in `callback`; this finalizer runs once.
    let callback = unsafe { Box::from_raw(data.cast::<Callback>()) };
    deferred::defer_drop(callback);
    super::entry::schedule_drain(env);
}

unsafe extern "C" fn settle_guest(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<1>::read(env, info)?;
        // SAFETY: `data` is the live `Callback` of this function (freed only by its finalizer,
        // which cannot run while the function is being called).
        let callback = unsafe { &*(info.data as *const Callback) };
        let Some(resolvers) = callback.settle.resolvers.borrow_mut().take() else {
            return Ok(env.undefined());
        };
        let engine = Rc::clone(&callback.settle.engine);
        let Some(bridge) = engine.extension::<BridgeState>() else {
            return Ok(env.undefined()); // disposed meanwhile
        };
        let value = info.args[0];
        let fulfil = callback.fulfil;
        let result = engine.enter(|context| {
            let value = value_to_guest(context, &bridge, value)?;
            let function = if fulfil { &resolvers.resolve } else { &resolvers.reject };
            function.call(&JsValue::undefined(), &[value], context)?;
            Ok(())
        });
        match result {
            Ok(()) => Ok(env.undefined()),
            // The guest's reaction to a settled promise failed: an unhandled guest error,
            // reported on the host like an unhandled rejection would be.
            Err(error) => Err(super::errors::throw_on_host(&engine, error)),
        }
    })
}
