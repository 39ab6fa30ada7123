//! Guest promise jobs at the host's microtask checkpoint. Node runs promise reactions once the
//! running JavaScript is done, not when a call returns; a guest whose host caller makes several
//! calls in a row (`limit(a); limit(b); limit.activeCount`) must see the same order. An entry that
//! leaves jobs behind queues one host microtask, which runs them all; a module load still runs
//! its jobs before it returns (see `Engine::enter_draining`).

use std::ffi::c_void;
use std::rc::Rc;

use napi::sys::{napi_callback_info, napi_env, napi_value};

use crate::bridge::entry::{entry, schedule_drain};
use crate::bridge::napi::{env, napi_call, CallbackInfo, NapiResult};
use crate::bridge::{errors, promises, BridgeState};
use crate::engine::{deferred, Engine, EngineError};

/// Makes the host's `queueMicrotask` run the engine's jobs.
pub fn install(engine: &Rc<Engine>) {
    engine.set_job_scheduler(Rc::new(|engine: &Rc<Engine>| {
        if queue(engine).is_err() {
            // No host microtask (the realm is shutting down): run them now, as a nested entry.
            let _ = env().take_exception();
            let _ = engine.run_jobs();
        }
    }));
}

fn queue(engine: &Rc<Engine>) -> NapiResult<()> {
    let env = env();
    let bridge = engine.extension::<BridgeState>().ok_or_else(|| env.throw_message("no bridge"))?;
    let data = Box::into_raw(Box::new(Rc::clone(engine))).cast::<c_void>();
    let mut function: napi_value = std::ptr::null_mut();
    let made = napi_call!(env.raw(), napi_create_function(c"requireVMJobs".as_ptr(), 13, Some(run), data, &mut function));
    if let Err(pending) = made {
        // SAFETY: `data` was boxed above and no function took it.
        drop(unsafe { Box::from_raw(data.cast::<Rc<Engine>>()) });
        return Err(pending);
    }
    napi_call!(
        env.raw(),
        napi_add_finalizer(function, data, Some(finalize), std::ptr::null_mut(), std::ptr::null_mut())
    )?;
    // It holds the engine, so it holds the engine's anchor too (see `BridgeState::anchor`).
    env.set_named(function, c"anchor", bridge.anchor()?)?;
    let function = bridge.realm.guard(function)?;
    let timers = bridge.realm.timers.value();
    let queue_microtask = env.get_named(timers, c"queueMicrotask")?;
    env.call(env.undefined(), queue_microtask, &[function])?;
    Ok(())
}

unsafe extern "C" fn finalize(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the `Rc<Engine>` boxed in `queue`; this finalizer runs once.
    let engine = unsafe { Box::from_raw(data.cast::<Rc<Engine>>()) };
    deferred::defer_drop(engine);
    schedule_drain(env);
}

unsafe extern "C" fn run(env: napi_env, info: napi_callback_info) -> napi_value {
    entry(env, |env| {
        let info = CallbackInfo::<0>::read(env, info)?;
        // SAFETY: `data` is the live `Rc<Engine>` of this function (freed only by its finalizer,
        // which cannot run while the function is being called).
        let engine = Rc::clone(unsafe { &*(info.data as *const Rc<Engine>) });
        match engine.run_jobs() {
            Ok(()) | Err(EngineError::Disposed) => {}
            // A limit ended the engine: its pending promises reject with the reason, or, if the
            // host awaits none, the reason is reported as an uncaught exception would be.
            Err(error) if engine.is_disposed() && promises::has_orphans() => errors::reject_orphans(&engine, error),
            Err(error) => super::timers::report_uncaught(&engine, error),
        }
        Ok(env.undefined())
    })
}
