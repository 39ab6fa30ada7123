//! Every Node-API callback of the addon goes through [`entry`]: it records the environment,
//! runs the work deferred by finalizers, and contains panics, so that no Rust panic ever
//! crosses into Node (it becomes a JavaScript `Error` instead).

use std::cell::Cell;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::sys::{self, napi_env, napi_value};

use super::napi::{set_env, Env, NapiResult, Pending};
use crate::engine::deferred;

pub fn entry(env: napi_env, f: impl FnOnce(Env) -> NapiResult<napi_value>) -> napi_value {
    set_env(env);
    let env = Env(env);
    match catch_unwind(AssertUnwindSafe(|| {
        deferred::drain();
        let result = f(env);
        report_external_memory(env);
        result
    })) {
        Ok(Ok(value)) => value,
        Ok(Err(Pending)) => ptr::null_mut(),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            if !env.is_exception_pending() {
                env.throw_message(&format!("requireVM internal error: {message}"));
            }
            ptr::null_mut()
        }
    }
}

thread_local! {
    static DRAIN_SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Asks Node to run the deferred work right after the current garbage collection, so memory is
/// released even when the program makes no further call into the addon.
pub fn schedule_drain(env: napi_env) {
    if DRAIN_SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    // SAFETY: node_api_post_finalizer is the Node-API call meant for use inside a finalizer; it
    // only queues `drain_after_gc` to run once the GC is over.
    unsafe {
        sys::node_api_post_finalizer(env.cast(), Some(drain_after_gc), ptr::null_mut(), ptr::null_mut());
    }
}

thread_local! {
    static REPORTED: Cell<i64> = const { Cell::new(0) };
}

/// Tells V8 how much memory the engines hold outside its heap, so it collects (and runs our
/// finalizers) when engines pile up. Only changes of more than 1 MiB are reported.
fn report_external_memory(env: Env) {
    let total = crate::engine::memory::total_bytes() as i64;
    let reported = REPORTED.with(Cell::get);
    let delta = total - reported;
    if delta.abs() < (1 << 20) {
        return;
    }
    let mut adjusted = 0i64;
    // SAFETY: a Node-API call on the owning thread with a valid out-pointer.
    let status = unsafe { sys::napi_adjust_external_memory(env.raw(), delta, &mut adjusted) };
    if status == sys::Status::napi_ok {
        REPORTED.with(|r| r.set(total));
    }
}

unsafe extern "C" fn drain_after_gc(env: napi_env, _data: *mut c_void, _hint: *mut c_void) {
    DRAIN_SCHEDULED.with(|s| s.set(false));
    let _ = catch_unwind(|| {
        set_env(env);
        deferred::drain();
        // V8 just freed proxies, so guest objects may have died with them: a good moment to
        // see whether Boa's heap is due for a collection.
        crate::engine::memory::maybe_collect();
        if deferred::many_released() {
            crate::engine::memory::trim();
        }
    });
}
