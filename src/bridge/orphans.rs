//! Host promises whose guest promise can never settle: its engine was disposed (by `dispose` or
//! a limit) while they waited. They are rejected with what ended the engine, so that nobody
//! awaits them forever. A registry of its own: `promises` adds to it when a pending link dies
//! with its engine, and `errors`, which makes the reason, empties it.

use std::cell::RefCell;

use super::napi::{Ref, Value, env};

thread_local! {
    /// `(promise, reject)` of each orphaned host promise: the promise weak, `reject` strong.
    static ORPHANS: RefCell<Vec<(Ref, Ref)>> = const { RefCell::new(Vec::new()) };
}

/// Registers a host promise (weak) and its `reject` as orphaned. Called from a `Drop` (possibly
/// during thread teardown, hence `try_with`); makes no Node-API call.
pub fn add(promise: Ref, reject: Ref) {
    let _ = ORPHANS.try_with(|orphans| orphans.borrow_mut().push((promise, reject)));
}

/// Whether host promises wait for [`reject_all`].
pub fn any() -> bool {
    ORPHANS.with(|orphans| !orphans.borrow().is_empty())
}

/// Rejects the host promises of disposed engines with `reason` (the timeout, the memory limit or
/// the disposal that ended their engine), so that nobody awaits them forever.
pub fn reject_all(reason: Value) {
    let orphans = ORPHANS.with(|orphans| std::mem::take(&mut *orphans.borrow_mut()));
    let env = env();
    for (promise, reject) in orphans {
        let Some(promise) = promise.get() else { continue };
        // Handled first, so that a promise the host never awaited is not an unhandled
        // rejection (which would end the process): `reject` of a settled promise does nothing.
        let handled = env
            .get_named(promise, c"then")
            .and_then(|then| env.call(promise, then, &[env.undefined(), reject.value()]));
        if handled.is_ok() {
            let _ = env.call(env.undefined(), reject.value(), &[reason]);
        }
    }
}
