//! Promises cross as real promises of the other side that settle with the marshalled result.
//! A pending link keeps the guest engine alive: a host program may hold only the promise.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::JsObject;
use boa_engine::object::builtins::JsPromise;
use boa_engine::{Context, Finalize, JsResult, JsValue, NativeFunction, Trace};
use napi::sys::{napi_callback_info, napi_env, napi_value};

use super::entry::entry;
use super::napi::{CallbackInfo, NapiResult, Ref, Value, env};
use super::{BridgeState, HostResult, outcall, to_guest as value_to_guest, to_host as value_to_host};
use crate::engine::Engine;

/// Host `resolve`/`reject` of a host promise that follows a guest one. Let go on the first
/// settle: the guest's two reaction functions hold this until Boa collects them, and the host
/// promise (through `resolve`) holds the value it settled with — often a proxy, which holds the
/// engine. Kept, that would be a cycle no collector sees: the engine alive for as long as its
/// own garbage is not collected, which only the engine's death would trigger.
struct HostSettle {
    /// Weak: only the host keeps its promise alive. Taken with `reject` when orphaned
    /// (`super::orphans`).
    promise: Option<Ref>,
    /// `resolve` and `reject`: taken by the first settle, or by `drop` when orphaned.
    functions: RefCell<Option<(Ref, Ref)>>,
    engine: Weak<Engine>,
}

impl Drop for HostSettle {
    fn drop(&mut self) {
        // An engine that died because nobody held anything of it had no pending promise the
        // host holds (a pending link keeps its engine alive): only disposal orphans a promise.
        let disposed = self.engine.upgrade().is_some_and(|engine| engine.is_disposed());
        if !disposed {
            return;
        }
        // Still there only if the promise never settled.
        if let (Some(promise), Some((_, reject))) = (self.promise.take(), self.functions.get_mut().take()) {
            super::orphans::add(promise, reject);
        }
    }
}

/// A guest promise for the host: a promise of the caller's realm that follows it.
pub fn to_host(context: &mut Context, bridge: &BridgeState, object: &JsObject) -> NapiResult<Value> {
    let env = env();
    let deferred = env.call(env.undefined(), bridge.realm.make_deferred.value(), &[])?;
    let promise = env.get_element(deferred, 0)?;
    let settle = Rc::new(HostSettle {
        promise: Some(Ref::weak(promise)?),
        functions: RefCell::new(Some((
            Ref::strong(env.get_element(deferred, 1)?)?,
            Ref::strong(env.get_element(deferred, 2)?)?,
        ))),
        engine: Engine::current().as_ref().map(Rc::downgrade).unwrap_or_default(),
    });
    let on_fulfilled = settle_function(context, Rc::clone(&settle), true);
    let on_rejected = settle_function(context, settle, false);
    let guest = JsPromise::from_object(object.clone()).map_err(|_| env.throw_message("not a promise"))?;
    if guest.then(Some(on_fulfilled), Some(on_rejected), context).is_err() {
        return Err(env.throw_message("could not follow a guest promise"));
    }
    Ok(promise)
}

#[derive(Trace, Finalize)]
struct Captured(#[unsafe_ignore_trace] Rc<HostSettle>, #[unsafe_ignore_trace] bool);

fn settle_function(
    context: &mut Context,
    settle: Rc<HostSettle>,
    fulfil: bool,
) -> boa_engine::object::builtins::JsFunction {
    NativeFunction::from_copy_closure_with_captures(
        |_, args, captured: &Captured, context| {
            let value = args.first().cloned().unwrap_or_default();
            let settle = Rc::clone(&captured.0);
            let fulfil = captured.1;
            let Some((resolve, reject)) = settle.functions.borrow_mut().take() else {
                return Ok(JsValue::undefined()); // settled already
            };
            outcall(context, |context, bridge| {
                let value = value_to_host(context, bridge, &value).guest(context, bridge)?;
                let function = if fulfil { resolve.value() } else { reject.value() };
                let env = env();
                bridge.call_host(context, env.undefined(), function, &[value]).guest(context, bridge)?;
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
    let on_fulfilled =
        callback(Rc::clone(&settle), true, bridge).and_then(|f| bridge.realm.guard(f)).guest(context, bridge)?;
    let on_rejected = callback(settle, false, bridge).and_then(|f| bridge.realm.guard(f)).guest(context, bridge)?;
    let then = crate::engine::lend(context, || env.get_named(value, c"then")).guest(context, bridge)?;
    bridge.call_host(context, value, then, &[on_fulfilled, on_rejected]).guest(context, bridge)?;
    Ok(promise.into())
}

/// One of the two host callbacks.
fn callback(settle: Rc<GuestSettle>, fulfil: bool, bridge: &BridgeState) -> NapiResult<Value> {
    super::entry::function_with_data(bridge, c"settle", settle_guest, Callback { settle, fulfil })
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
