//! The watchdog behind `options.timeout`: one thread for the process that raises an engine's
//! interrupt flag once its current outermost entry has run past its deadline. Boa checks the
//! flag at every loop iteration and call (our patch, `patches/boa_engine+0.22.0.patch`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use super::memory::{InterruptReason, MemoryAccount};

/// The deadline of one engine: milliseconds since the watchdog's epoch, `0` when not running.
pub struct Deadline {
    at_ms: AtomicU64,
    timeout_ms: u64,
    account: Arc<MemoryAccount>,
}

struct Watchdog {
    epoch: Instant,
    deadlines: Mutex<Vec<Weak<Deadline>>>,
    wake: Condvar,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            epoch: Instant::now(),
            deadlines: Mutex::new(Vec::new()),
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
            deadlines = if earliest == u64::MAX {
                self.wake.wait(deadlines).unwrap_or_else(|e| e.into_inner())
            } else {
                let wait = Duration::from_millis(earliest.saturating_sub(now).max(1));
                self.wake.wait_timeout(deadlines, wait).unwrap_or_else(|e| e.into_inner()).0
            };
        }
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
