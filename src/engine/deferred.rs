//! Work that must wait for a safe moment.
//!
//! The addon runs with the experimental Node-API version, so V8 calls our finalizers
//! synchronously, inside its garbage collection (that is what frees engines inside a loop that
//! never yields). A finalizer must not touch the JavaScript heap or Boa's heap there: it only
//! queues what it would do, and the queue is drained at the next entry into the addon (and
//! right after the collection, through `node_api_post_finalizer`).

use std::cell::{Cell, RefCell};

type Task = Box<dyn FnOnce()>;

/// The queue of a thread. At thread (process) exit its tasks are leaked, not run or dropped:
/// thread-local destructors run in no set order, and Boa's heap may already be gone.
struct Queue(RefCell<Vec<Task>>);

impl Drop for Queue {
    fn drop(&mut self) {
        std::mem::forget(std::mem::take(self.0.get_mut()));
    }
}

thread_local! {
    static QUEUE: Queue = const { Queue(RefCell::new(Vec::new())) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    /// Set when a task is queued: read by every entry into the addon, so kept in a const
    /// thread-local without a destructor, which costs a plain load (`QUEUE` has a destructor).
    static QUEUED: Cell<bool> = const { Cell::new(false) };
}

/// Queues `task` to run at the next [`drain`].
pub fn defer(task: impl FnOnce() + 'static) {
    let task: Task = Box::new(task);
    let _ = QUEUE.try_with(|queue| queue.0.borrow_mut().push(task));
    QUEUED.with(|queued| queued.set(true));
}

/// Queues a value to be dropped at the next [`drain`].
pub fn defer_drop<T: 'static>(value: T) {
    defer(move || drop(value));
}

/// Whether anything is queued.
pub fn is_pending() -> bool {
    QUEUE.try_with(|queue| !queue.0.borrow().is_empty()).unwrap_or(false)
}

/// Runs everything queued, including what the queued tasks queue in turn.
pub fn drain() {
    if !QUEUED.with(Cell::get) || DRAINING.with(|d| d.replace(true)) {
        return; // nothing queued, or a task re-entered the addon and the outer drain finishes
    }
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            DRAINING.with(|d| d.set(false));
        }
    }
    let _done = Done;
    loop {
        // Before taking the queue: a task that queues another sets it again.
        QUEUED.with(|queued| queued.set(false));
        let tasks = QUEUE.with(|queue| std::mem::take(&mut *queue.0.borrow_mut()));
        if tasks.is_empty() {
            break;
        }
        RUN_SINCE_TRIM.with(|n| n.set(n.get() + tasks.len()));
        for task in tasks {
            task();
        }
    }
}

thread_local! {
    static RUN_SINCE_TRIM: Cell<usize> = const { Cell::new(0) };
}

/// Whether enough finalized objects were released since the last call to make returning
/// memory to the OS worthwhile (Node frees its own bookkeeping of each reference too).
pub fn many_released() -> bool {
    RUN_SINCE_TRIM.with(|n| {
        let many = n.get() >= 4096;
        if many {
            n.set(0);
        }
        many
    })
}
