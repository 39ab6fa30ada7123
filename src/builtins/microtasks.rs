//! Guest promise jobs at the host's microtask checkpoint. Node runs promise reactions once the
//! running JavaScript is done, not when a call returns; a guest whose host caller makes several
//! calls in a row (`limit(a); limit(b); limit.activeCount`) must see the same order. An entry that
//! leaves jobs behind queues one host microtask, which runs them all; a module load still runs
//! its jobs before it returns (see `Engine::enter_draining`).

use std::rc::Rc;

use napi::sys::{napi_callback_info, napi_env, napi_value};

use crate::bridge::entry::{entry, function_with_data};
use crate::bridge::napi::{CallbackInfo, NapiResult, env};
use crate::bridge::{BridgeState, errors, orphans};
use crate::engine::{Engine, EngineError};

/// Makes the host's `queueMicrotask` run the engine's jobs.
pub fn install(engine: &Rc<Engine>) {
    engine.set_job_scheduler(Rc::new(|engine: &Rc<Engine>| {
        if queue(engine).is_err() {
            // No host microtask (the realm is shutting down): run them now, as a nested entry.
            let _ = engine.run_jobs();
        }
    }));
}

fn queue(engine: &Rc<Engine>) -> NapiResult<()> {
    let env = env();
    let bridge = engine.extension::<BridgeState>().ok_or_else(|| env.throw_message("no bridge"))?;
    let function = function_with_data(&bridge, c"requireVMJobs", run, Rc::clone(engine))?;
    let function = bridge.realm.guard(function)?;
    let timers = bridge.realm.timers.value();
    let queue_microtask = env.get_named(timers, c"queueMicrotask")?;
    env.call(env.undefined(), queue_microtask, &[function])?;
    Ok(())
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
            Err(error) if engine.is_disposed() && orphans::any() => errors::reject_orphans(&engine, error),
            Err(error) => super::timers::report_uncaught(&engine, error),
        }
        Ok(env.undefined())
    })
}
