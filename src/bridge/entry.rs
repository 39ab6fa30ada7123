//! Every Node-API callback of the addon goes through [`entry`]: it records the environment,
//! runs the work deferred by finalizers, and contains panics, so that no Rust panic ever
//! crosses into Node (it becomes a JavaScript `Error` instead).

use std::cell::Cell;
use std::ffi::{CStr, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::sys::{self, napi_env, napi_value};

use super::BridgeState;
use super::napi::{Env, NapiResult, Thrown, Value, env, napi_call, set_env};
use crate::engine::deferred;
use crate::engine::memory::{self, Purge};

/// Runs a Node-API callback. An exception never leaves it as a pending Node-API exception:
/// Node rethrows those when the callback returns *before* forgetting them, and a garbage
/// collection during that rethrow runs our (synchronous) finalizers, in which Node then finds
/// the exception and aborts the process (Node 20, experimental Node-API). Instead the callback
/// returns [`thrown_marker`] and keeps the exception for `takeThrown`, and its JavaScript caller
/// (`guard` in lib/native.js) throws it: an ordinary JavaScript throw. Inside, exceptions are
/// values ([`Thrown`](super::napi::Thrown)), so the Node-API calls made after a failure
/// (reporting external memory, which can collect) never meet a pending one.
pub fn entry(env: napi_env, f: impl FnOnce(Env) -> NapiResult<napi_value>) -> napi_value {
    set_env(env);
    let env = Env(env);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        deferred::drain();
        let result = f(env);
        memory::release_if_idle();
        result
    }));
    debug_assert!(!env.is_exception_pending(), "an exception was left pending in the environment");
    let result = match outcome {
        Ok(result) => result,
        Err(panic) => Err(panic_to_host(env, panic)),
    };
    // May collect, and so run finalizers: safe here, as nothing is pending.
    let _ = catch_unwind(|| report_external_memory(env));
    match result {
        Ok(value) => value,
        Err(Thrown(exception)) => hand_over(env, exception),
    }
}

// Out of line, as are the other failure paths of an entry: host and guest calling each other
// stack an entry per level, and their depth is bounded by V8's stack limit.
#[cold]
#[inline(never)]
fn panic_to_host(env: Env, panic: Box<dyn std::any::Any + Send>) -> Thrown {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    env.throw_message(&format!("requireVM internal error: {message}"))
}

thread_local! {
    // Raw references, never dropped by thread-local destructors (Node may be gone by then).
    static THROWN: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
    static MARKER: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
    static INERT: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
}

#[cold]
#[inline(never)]
fn hand_over(env: Env, exception: napi_value) -> napi_value {
    let Ok(reference) = env.create_ref(exception, 1) else { return ptr::null_mut() };
    let previous = THROWN.with(|thrown| thrown.replace(reference));
    if !previous.is_null() {
        env.delete_ref(previous);
    }
    thrown_marker(env)
}

/// The value a callback returns when it has an exception for its caller (one per process).
pub fn thrown_marker(env: Env) -> napi_value {
    kept(env, &MARKER, Env::object).unwrap_or(ptr::null_mut())
}

/// The value a trap of a dead callback returns (see `GuestRef::is_dead_callback`): its handler
/// then acts as a function that does nothing (lib/guest-proxy.js).
pub fn inert_marker(env: Env) -> napi_value {
    kept(env, &INERT, Env::object).unwrap_or(ptr::null_mut())
}

/// The value kept in `slot`, made by `make` the first time on this thread.
fn kept(
    env: Env,
    slot: &'static std::thread::LocalKey<Cell<sys::napi_ref>>,
    make: impl FnOnce(Env) -> super::napi::NapiResult<napi_value>,
) -> Option<napi_value> {
    let existing = slot.with(Cell::get);
    if let Some(value) = (!existing.is_null()).then(|| env.ref_value(existing)).flatten() {
        return Some(value);
    }
    let value = make(env).ok()?;
    if let Ok(reference) = env.create_ref(value, 1) {
        slot.with(|kept| kept.set(reference));
    }
    Some(value)
}

thread_local! {
    /// A JavaScript function that does nothing, for [`host_runs_js`] (never dropped, as above).
    static NOOP: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
}

/// Whether this thread's JavaScript still runs, asked by a running engine that the watchdog
/// polls (`engine::limits::Watch`). Node ends a worker by terminating its JavaScript, which
/// shows only when JavaScript runs: a call of a JavaScript function (V8 calls a native one
/// without looking) then fails with no exception. One that throws ran (deep in a guest's
/// recursion the call may find the stack full): the host still runs.
pub fn host_runs_js() -> bool {
    let env = super::napi::env();
    let _scope = super::napi::HandleScope::open();
    let Some(noop) = kept(env, &NOOP, |env| env.run_script("(function () {})")) else { return false };
    env.ran_js(noop)
}

/// The exception the last callback handed over (see [`entry`]), given back once.
pub fn take_thrown(env: Env) -> napi_value {
    let reference = THROWN.with(|thrown| thrown.replace(ptr::null_mut()));
    if reference.is_null() {
        return env.undefined();
    }
    let value = env.ref_value(reference).unwrap_or_else(|| env.undefined());
    env.delete_ref(reference);
    value
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
/// finalizers) when engines pile up. Only changes of more than 1 MiB are reported, and not the
/// wasm memory V8 counts itself through a live view's buffer.
fn report_external_memory(env: Env) {
    let total = crate::engine::memory::total_bytes().saturating_sub(super::live_views::counted_by_v8()) as i64;
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

/// What the addon last told V8 it holds outside V8's heap (`stats().reportedToV8`).
pub fn reported_external_memory() -> i64 {
    REPORTED.with(Cell::get)
}

unsafe extern "C" fn drain_after_gc(env: napi_env, _data: *mut c_void, _hint: *mut c_void) {
    DRAIN_SCHEDULED.with(|s| s.set(false));
    let _ = catch_unwind(|| {
        set_env(env);
        deferred::drain();
        // The engines whose objects V8 just released collect themselves when enough of
        // them are (`Engine::unpin`). This is a turn of the event loop, between the host's
        // tasks: the free pages batches kept for the next engines go back now too.
        if deferred::many_released() || memory::pages_kept() {
            memory::trim(Purge::Now);
        }
    });
}

/// A host function of ours that holds `data` (e.g. its engine), for a callback that reads it
/// through `CallbackInfo::data`. The function's finalizer drops `data`, deferred to the next drain
/// since a finalizer may not run JavaScript. Since `data` holds the engine, the function also holds
/// the engine's anchor (see `BridgeState::anchor`), so the guest's host values are there when
/// it is called.
pub fn function_with_data<T: 'static>(
    bridge: &BridgeState,
    name: &CStr,
    callback: unsafe extern "C" fn(napi_env, sys::napi_callback_info) -> napi_value,
    data: T,
) -> NapiResult<Value> {
    let env = env();
    let anchor = bridge.anchor()?;
    let data = Box::into_raw(Box::new(data)).cast::<c_void>();
    let mut function: napi_value = ptr::null_mut();
    let made = napi_call!(
        env.raw(),
        napi_create_function(name.as_ptr(), name.count_bytes() as isize, Some(callback), data, &mut function)
    );
    if let Err(pending) = made {
        // SAFETY: `data` was boxed above and no function took it.
        drop(unsafe { Box::from_raw(data.cast::<T>()) });
        return Err(pending);
    }
    let finalized = napi_call!(
        env.raw(),
        napi_add_finalizer(function, data, Some(drop_data::<T>), ptr::null_mut(), ptr::null_mut())
    );
    if let Err(thrown) = finalized {
        // SAFETY: no finalizer owns `data`, and `function`, the only other holder of the
        // pointer, is garbage from here on: we do not return it, so nobody can call it.
        drop(unsafe { Box::from_raw(data.cast::<T>()) });
        return Err(thrown);
    }
    env.set_named(function, c"anchor", anchor)?;
    Ok(function)
}

unsafe extern "C" fn drop_data<T: 'static>(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    finalizer(env, || {
        // SAFETY: `data` is the `T` boxed in `function_with_data`; this finalizer runs once.
        deferred::defer_drop(unsafe { Box::from_raw(data.cast::<T>()) });
    });
}

/// The body of every finalizer of ours. V8 runs them inside its garbage collection, where
/// nothing may throw or run JavaScript: `queue` only queues work (see `engine::deferred`), which
/// runs once the collection is over; and a panic (which would abort the process at the C
/// boundary) is contained.
pub fn finalizer(env: napi_env, queue: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(queue));
    schedule_drain(env);
}
