//! The watchdog: one thread for the process that raises an engine's interrupt flag once its
//! current outermost entry has run past its deadline (`options.timeout`), and that asks an
//! engine whose entry has run for a while to look at its host (a [`Watch`]). Boa checks the flag
//! at every loop iteration and call (boa_engine patch 01) and asks [`on_interrupt`] whether to
//! stop (patch 58).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use super::memory::{InterruptReason, MemoryAccount};

/// How often an engine still in the same outermost entry is asked to look at its host.
const POLL_MS: u64 = 100;

/// Every engine's outermost entries, as the watchdog sees them: one still running at two looks
/// [`POLL_MS`] apart is asked (by a raised flag without a reason) whether its host can still run
/// JavaScript. Node ends a worker (`worker.terminate()`, or `process.exit()` in the main thread)
/// by terminating its isolate's JavaScript, which a guest spinning in Boa never reaches: the
/// worker, and with it the process, then never ended.
pub struct Watch {
    /// Outermost entries begun and ended, counted: odd while one runs. Only the engine's own
    /// thread writes it.
    entries: AtomicU64,
    account: Arc<MemoryAccount>,
}

impl Watch {
    pub fn new(account: Arc<MemoryAccount>) -> Arc<Self> {
        let watch = Arc::new(Self { entries: AtomicU64::new(0), account });
        let dog = watchdog();
        let first = {
            let mut watches = dog.watches.lock().unwrap_or_else(|e| e.into_inner());
            watches.push((Arc::downgrade(&watch), 0));
            watches.len() == 1
        };
        // The watchdog looks again while it has watches; only the first wakes it (not a context
        // switch for every engine of a loop). As `Deadline::arm`: it is either before its scan
        // or waiting.
        if first {
            drop(dog.deadlines.lock().unwrap_or_else(|e| e.into_inner()));
            dog.wake.notify_one();
        }
        watch
    }

    /// Counts an outermost entry's start or end (a plain load and store: one writer).
    pub fn step(&self) {
        self.entries.store(self.entries.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }
}

/// Whether the host can still run JavaScript, asked on the engine's thread (set by the bridge).
static HOST_RUNS: OnceLock<fn() -> bool> = OnceLock::new();

/// Sets how a poll asks the host whether it still runs JavaScript (once per process).
pub fn set_host_check(check: fn() -> bool) {
    let _ = HOST_RUNS.set(check);
}

/// Boa's interrupt handler: whether the running engine must stop now that its flag is raised.
/// A poll ([`Watch`]) asks the host; if its JavaScript is being terminated, the engine stops as
/// if disposed, and the host's own termination goes on once the entry has unwound.
pub fn on_interrupt() -> bool {
    let Some(engine) = super::Engine::current() else { return true };
    must_stop(&engine.account())
}

/// Whether the engine of `account`, whose flag is raised, must stop: always if it was
/// interrupted; after a poll, only if the host's JavaScript is being terminated (then the
/// engine is interrupted as disposed). Asked on the engine's thread, inside the engine.
pub fn must_stop(account: &MemoryAccount) -> bool {
    if !account.take_poll() {
        return true;
    }
    if HOST_RUNS.get().is_none_or(|host_runs| host_runs()) {
        return false;
    }
    account.interrupt(InterruptReason::Disposed);
    true
}

/// The deadline of one engine: milliseconds since the watchdog's epoch, `0` when not running.
pub struct Deadline {
    at_ms: AtomicU64,
    timeout_ms: u64,
    account: Arc<MemoryAccount>,
}

struct Watchdog {
    epoch: Instant,
    deadlines: Mutex<Vec<Weak<Deadline>>>,
    /// Every live engine's watch, with its entry count at the last look.
    watches: Mutex<Vec<(Weak<Watch>, u64)>>,
    wake: Condvar,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            epoch: Instant::now(),
            deadlines: Mutex::new(Vec::new()),
            watches: Mutex::new(Vec::new()),
            wake: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("require-vm-watchdog".into())
            .spawn(move || dog.run())
            .expect("spawn the watchdog thread");
        dog
    })
}

impl Watchdog {
    fn now_ms(&self) -> u64 {
        // +1 so that a deadline is never 0, which means "not running".
        self.epoch.elapsed().as_millis() as u64 + 1
    }

    fn run(&self) {
        let mut deadlines = self.deadlines.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = self.now_ms();
            let mut earliest = u64::MAX;
            deadlines.retain(|weak| {
                let Some(deadline) = weak.upgrade() else { return false };
                let at = deadline.at_ms.load(Ordering::SeqCst);
                if at != 0 && at <= now {
                    // Only this entry's deadline: a new entry stores a new value first.
                    if deadline.at_ms.compare_exchange(at, 0, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                        deadline.account.interrupt(InterruptReason::Timeout);
                    }
                } else if at != 0 {
                    earliest = earliest.min(at);
                }
                true
            });
            if self.look_at_watches() {
                earliest = earliest.min(now + POLL_MS);
            }
            deadlines = if earliest == u64::MAX {
                self.wake.wait(deadlines).unwrap_or_else(|e| e.into_inner())
            } else {
                let wait = Duration::from_millis(earliest.saturating_sub(now).max(1));
                self.wake.wait_timeout(deadlines, wait).unwrap_or_else(|e| e.into_inner()).0
            };
        }
    }
}

impl Watchdog {
    /// Asks each engine still in the entry it was in at the last look to look at its host;
    /// whether any engine is alive (and so whether to look again).
    fn look_at_watches(&self) -> bool {
        let mut watches = self.watches.lock().unwrap_or_else(|e| e.into_inner());
        watches.retain_mut(|(weak, seen)| {
            let Some(watch) = weak.upgrade() else { return false };
            let entries = watch.entries.load(Ordering::Relaxed);
            if entries % 2 == 1 && entries == *seen {
                watch.account.request_poll();
            }
            *seen = entries;
            true
        });
        !watches.is_empty()
    }
}

impl Deadline {
    /// Registers an engine that has a timeout with the watchdog.
    pub fn new(timeout: Duration, account: Arc<MemoryAccount>) -> Arc<Self> {
        let deadline =
            Arc::new(Self { at_ms: AtomicU64::new(0), timeout_ms: timeout.as_millis().max(1) as u64, account });
        let dog = watchdog();
        dog.deadlines.lock().unwrap_or_else(|e| e.into_inner()).push(Arc::downgrade(&deadline));
        deadline
    }

    /// Starts the clock for an outermost entry.
    pub fn arm(&self) {
        let dog = watchdog();
        self.at_ms.store(dog.now_ms() + self.timeout_ms, Ordering::SeqCst);
        // Take the lock so the watchdog is either before its scan (and will see us) or waiting.
        drop(dog.deadlines.lock().unwrap_or_else(|e| e.into_inner()));
        dog.wake.notify_one();
    }

    pub fn disarm(&self) {
        self.at_ms.store(0, Ordering::SeqCst);
    }
}
