//! Memory accounting: a global allocator that attributes every allocation of this addon to the
//! engine running on the current thread, and the batching that gives dead engines' memory back
//! to the OS.
//!
//! How exact the per-engine figure is: bytes are counted when allocated and freed *while that
//! engine is running* (or collecting: `Engine::collect` charges it). Each engine has a GC heap
//! of its own, so a collection frees only the garbage of the engine it is charged to; what a
//! heap shares with another (compiled code from the code cache) is freed by whichever heap
//! holds it. It counts what Rust allocates for the engine (objects, strings, bytecode,
//! buffers), not allocator overhead.

// Engines' memory comes from mimalloc; under Miri (which cannot run its C code) from the system.
#[cfg(not(miri))]
use mimalloc::MiMalloc as Backing;
#[cfg(miri)]
use std::alloc::System as Backing;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU8, Ordering};

/// What the allocator needs of an engine: its byte count, its limit and its interrupt flag.
#[derive(Debug, Default)]
pub struct MemoryAccount {
    bytes: AtomicIsize,
    /// Bytes past which the engine is interrupted; `0` for no limit.
    limit: AtomicIsize,
    /// With a limit: bytes past which the engine's heap is collected first (see `add`).
    collect_at: AtomicIsize,
    /// Raised to get the engine's attention: by [`MemoryAccount::interrupt`] (then `raised` is
    /// set first), or by the watchdog asking the running thread to look at its host
    /// ([`MemoryAccount::request_poll`]).
    interrupt: Arc<AtomicBool>,
    /// Whether the engine was interrupted: the flag was raised to stop it.
    raised: AtomicBool,
    /// Why `interrupt` was raised (see [`InterruptReason`]).
    reason: AtomicU8,
}

/// Why an engine's interrupt flag was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum InterruptReason {
    None = 0,
    Timeout = 1,
    MemoryLimit = 2,
    Disposed = 3,
}

impl MemoryAccount {
    pub fn new(limit_bytes: usize) -> Self {
        let limit = isize::try_from(limit_bytes).unwrap_or(isize::MAX);
        Self { limit: AtomicIsize::new(limit), collect_at: AtomicIsize::new(collect_step(limit, 0)), ..Self::default() }
    }

    /// Bytes the engine holds, as far as the accounting can tell (never negative).
    pub fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed).max(0) as usize
    }

    /// Bytes left before the limit, or `None` without a limit.
    pub fn remaining(&self) -> Option<usize> {
        let limit = self.limit.load(Ordering::Relaxed);
        (limit > 0).then(|| (limit - self.bytes.load(Ordering::Relaxed)).max(0) as usize)
    }

    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Raises the interrupt flag; the first reason given is the one that is kept. Code running
    /// outside Boa is told through the interrupt hook (see [`set_interrupt_hook`]).
    pub fn interrupt(&self, reason: InterruptReason) {
        let _ =
            self.reason.compare_exchange(InterruptReason::None as u8, reason as u8, Ordering::SeqCst, Ordering::SeqCst);
        self.raised.store(true, Ordering::SeqCst);
        self.interrupt.store(true, Ordering::SeqCst);
        if let Some(hook) = INTERRUPT_HOOK.get() {
            hook();
        }
    }

    /// Records that the engine must stop for `reason` once the current call into it ends,
    /// without interrupting what runs now: a refused wasm memory growth, which the guest sees
    /// as the JS API's failure first. (The first reason given is still the one kept.)
    pub fn stop_after_call(&self, reason: InterruptReason) {
        let _ =
            self.reason.compare_exchange(InterruptReason::None as u8, reason as u8, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Whether the engine was interrupted (not only a stop deferred to the end of the call, nor
    /// a poll).
    pub fn is_interrupted(&self) -> bool {
        self.raised.load(Ordering::SeqCst)
    }

    /// Raises the flag without interrupting: the running script's thread then calls Boa's
    /// interrupt handler (or running wasm its epoch callback, told through the interrupt hook),
    /// which takes the poll ([`MemoryAccount::take_poll`]) and lets the script go on unless it
    /// decides otherwise.
    pub fn request_poll(&self) {
        self.interrupt.store(true, Ordering::SeqCst);
        if let Some(hook) = INTERRUPT_HOOK.get() {
            hook();
        }
    }

    /// Whether the flag is raised, by an interrupt or a poll.
    pub fn is_flagged(&self) -> bool {
        self.interrupt.load(Ordering::SeqCst)
    }

    /// Whether the raised flag was only a poll; if so it is lowered.
    pub fn take_poll(&self) -> bool {
        if self.is_interrupted() {
            return false;
        }
        self.interrupt.store(false, Ordering::SeqCst);
        // An interrupt in between set `raised` before its flag: raise the flag again for it.
        if self.is_interrupted() {
            self.interrupt.store(true, Ordering::SeqCst);
            return false;
        }
        true
    }

    pub fn reason(&self) -> InterruptReason {
        match self.reason.load(Ordering::SeqCst) {
            1 => InterruptReason::Timeout,
            2 => InterruptReason::MemoryLimit,
            3 => InterruptReason::Disposed,
            _ => InterruptReason::None,
        }
    }

    /// Counts `delta` bytes. Much of what an engine holds may be garbage its heap has not
    /// collected yet: Boa collects by the size of its boxes, not what they own (an ArrayBuffer's
    /// bytes, a string's characters), so an engine making a 1 MB buffer a call piled up 180 MB
    /// of them between two collections. So each time the figure grows by a step above its lowest
    /// point (a quarter of the limit; without one, half the figure and at least 16 MB), the heap
    /// is collected at its next allocation; under a limit, only what is left counts toward it.
    ///
    /// Only the engine's own thread charges it (the allocator charges the thread's current
    /// account), so a load and a store do: no locked add on every allocation.
    #[inline]
    fn add(&self, delta: isize) {
        let now = self.bytes.load(Ordering::Relaxed) + delta;
        self.bytes.store(now, Ordering::Relaxed);
        let limit = self.limit.load(Ordering::Relaxed);
        if delta < 0 {
            let lower = now.saturating_add(collect_step(limit, now));
            if lower < self.collect_at.load(Ordering::Relaxed) {
                self.collect_at.store(lower, Ordering::Relaxed);
            }
        } else if limit > 0 && now > limit {
            if !self.raised.load(Ordering::Relaxed) {
                self.interrupt(InterruptReason::MemoryLimit);
            }
        } else if now > self.collect_at.load(Ordering::Relaxed) {
            self.collect_at.store(now.saturating_add(collect_step(limit, now)), Ordering::Relaxed);
            boa_gc::request_collection();
        }
    }
}

/// How much an engine holding `now` bytes under `limit` (0: none) grows between the collections
/// its account asks for. Without a limit, half of what it holds: a collection costs about what
/// the engine holds, so an engine that only grows (loading TypeScript) has a few more of them,
/// not one every step.
fn collect_step(limit: isize, now: isize) -> isize {
    if limit > 0 { (limit / 4).max(1 << 20) } else { (now / 2).max(16 << 20) }
}

/// Called whenever an engine is interrupted, from any thread and from inside the allocator, so
/// it must neither allocate nor block: WebAssembly bumps its epoch here, so running wasm looks
/// at its engine's flag.
static INTERRUPT_HOOK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets the interrupt hook (once per process; later calls are ignored).
pub fn set_interrupt_hook(hook: fn()) {
    let _ = INTERRUPT_HOOK.set(hook);
}

/// Charges (or, negative, gives back) bytes that an engine holds outside the counting allocator
/// (wasm linear memory, which wasmtime maps itself): they count toward its limit and the addon's
/// total, which V8 is told about, like the bytes it allocates.
pub fn charge_external(account: &MemoryAccount, delta: isize) {
    TOTAL.fetch_add(delta, Ordering::Relaxed);
    account.add(delta);
}

/// What the allocator keeps per thread. Const-initialized and without a destructor, so the
/// allocator may read it at any time; one thread-local, so an allocation looks up one.
struct ThreadCharge {
    /// The account of the engine running on this thread, or null. A non-null pointer is one
    /// that a [`charged`] call still running on this thread borrows, so it never dangles.
    current: Cell<*const MemoryAccount>,
    /// What this thread allocated (net) and has not added to [`TOTAL`] yet: the shared total
    /// takes a locked add only every [`PUBLISH_BYTES`], not on every allocation. A thread that
    /// ends leaves what it had not published out of the total (less than that step).
    unpublished: Cell<isize>,
}

thread_local! {
    static THREAD: ThreadCharge =
        const { ThreadCharge { current: Cell::new(std::ptr::null()), unpublished: Cell::new(0) } };
}

const PUBLISH_BYTES: usize = 64 << 10;

/// Bytes allocated by this addon and not yet freed, all threads together, except what threads
/// have not published (see [`ThreadCharge::unpublished`]).
static TOTAL: AtomicIsize = AtomicIsize::new(0);

pub fn total_bytes() -> usize {
    total_bytes_raw().max(0) as usize
}

/// The raw counter, which may be negative if the accounting is wrong (for tests). Exact for
/// what this thread allocated and freed: its unpublished bytes are added.
pub fn total_bytes_raw() -> isize {
    TOTAL.load(Ordering::Relaxed) + THREAD.try_with(|thread| thread.unpublished.get()).unwrap_or(0)
}

/// Runs `f` with `account` as the one charged on this thread, then puts the previous one back
/// (also when `f` unwinds).
///
/// The allocator reads the installed pointer without owning a count of the account's `Arc` (a
/// locked increment and decrement on every entry into an engine cost more than the rest of a
/// short call's bookkeeping). That is sound because installations nest: `account` is borrowed for
/// the whole call, and the one put back afterwards belongs to an enclosing `charged` call,
/// whose borrow is still alive. The guard that restores it never leaves this function, so no
/// caller can drop guards out of order.
#[inline]
pub fn charged<R>(account: &MemoryAccount, f: impl FnOnce() -> R) -> R {
    struct Restore(*const MemoryAccount);
    impl Drop for Restore {
        fn drop(&mut self) {
            // `try_with`: at thread exit the slot may be gone.
            let _ = THREAD.try_with(|thread| thread.current.set(self.0));
        }
    }
    let _restore = Restore(THREAD.with(|thread| thread.current.replace(account)));
    f()
}

/// The system allocator, counting.
pub struct CountingAllocator;

#[inline]
fn charge(delta: isize) {
    // `try_with`: the thread-local may be gone while a thread shuts down.
    let on_thread = THREAD.try_with(|thread| {
        let unpublished = thread.unpublished.get() + delta;
        if unpublished.unsigned_abs() >= PUBLISH_BYTES {
            TOTAL.fetch_add(unpublished, Ordering::Relaxed);
            thread.unpublished.set(0);
        } else {
            thread.unpublished.set(unpublished);
        }
        let account = thread.current.get();
        if !account.is_null() {
            // SAFETY: a non-null `current` is borrowed by a `charged` call still running on
            // this thread (see there), and only this thread reads or changes it.
            unsafe { (*account).add(delta) };
        }
    });
    if on_thread.is_err() {
        TOTAL.fetch_add(delta, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to the backing allocator unchanged and only adds bookkeeping that neither
// allocates nor unwinds.
unsafe impl GlobalAlloc for CountingAllocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { Backing.alloc(layout) };
        if !ptr.is_null() {
            charge(layout.size() as isize);
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { Backing.alloc_zeroed(layout) };
        if !ptr.is_null() {
            charge(layout.size() as isize);
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { Backing.dealloc(ptr, layout) };
        charge(-(layout.size() as isize));
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let new = unsafe { Backing.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            charge(new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// Release once dead engines held this much memory, or as much as the live ones if that is
/// more: trimming walks the allocators' free lists, so it must have as much to give back.
const RELEASE_AFTER_BYTES: usize = 16 << 20;

thread_local! {
    /// What engines that died since the last release held. Each engine's heap is collected when
    /// it dies (see `Engine::drop_context`), but what another heap or the host still held moved
    /// to the thread's shared heap, and the freed pages are still the process's: once enough
    /// dead engines piled up, both go back.
    static DEAD_BYTES: Cell<usize> = const { Cell::new(0) };
    /// Whether a trim since the last full purge kept free pages for the next engines.
    static KEPT_PAGES: Cell<bool> = const { Cell::new(false) };
}

/// Records that an engine holding `bytes` died; releases memory when the batch is full.
pub fn engine_died(bytes: usize) {
    let dead = DEAD_BYTES.with(|dead| {
        dead.set(dead.get() + bytes);
        dead.get()
    });
    let live = total_bytes().saturating_sub(dead);
    if dead >= RELEASE_AFTER_BYTES.max(live) {
        release_after(boa_gc::collect_shared_heap, Purge::Expired);
    }
}

/// Whether a batch kept free pages for the next engines (they go back at the next turn of the
/// event loop, see `bridge::entry`, or below).
pub fn pages_kept() -> bool {
    KEPT_PAGES.with(Cell::get)
}

/// Gives back the free pages batches kept for the next engines once there are no engines: at
/// the end of an entry into the addon that left none alive (a synchronous loop that let go of
/// everything). Every entry asks, so the flag, nearly always down, is read first.
pub fn release_if_idle() {
    if pages_kept() && super::live_engines() == 0 {
        release_now();
    }
}

/// Collects the shared heap (what dead engines left) and returns free memory to the OS now:
/// after an engine is stopped for its limits, when the host expects the memory back.
pub fn release_now() {
    release_after(boa_gc::collect_shared_heap, Purge::Now);
}

/// Collects every heap on this thread (every live engine's and the shared one) and returns free
/// memory to the OS: `stats({ collect: true })`.
pub fn collect_now() {
    release_after(boa_gc::force_collect, Purge::Now);
}

fn release_after(collect: fn(), purge: Purge) {
    DEAD_BYTES.with(|dead| dead.set(0));
    collect();
    trim(purge);
}

/// Which of mimalloc's free pages a trim gives back to the OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purge {
    /// All of them: the host asked for the memory.
    Now,
    /// Those free for longer than mimalloc's purge delay (a second): a batch in a loop of
    /// engines. The pages the last engines freed are what the next ones allocate; giving them
    /// back made every new engine fault them in again (14% of the leak loop).
    Expired,
}

/// Returns freed memory to the OS: mimalloc's (where engines live) and, on glibc, the malloc
/// heap that V8 and Node share, which engine churn leaves full of free holes.
pub fn trim(purge: Purge) {
    KEPT_PAGES.with(|kept| kept.set(purge == Purge::Expired));
    // SAFETY: mi_collect only frees mimalloc's own unused pages; any thread may call it.
    #[cfg(not(miri))]
    unsafe {
        libmimalloc_sys::mi_collect(purge == Purge::Now)
    };
    #[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: glibc's malloc_trim only releases free pages of the malloc heap.
        unsafe { malloc_trim(0) };
    }
}

#[cfg(test)]
mod tests {
    use super::{InterruptReason, MemoryAccount, charged};

    #[test]
    fn allocations_are_charged_to_the_running_account_and_the_limit_interrupts() {
        let account = MemoryAccount::new(64 * 1024);
        charged(&account, || {
            let block = std::hint::black_box(vec![1u8; 100_000]);
            assert!(account.bytes() >= 100_000);
            assert_eq!(account.remaining(), Some(0));
            assert_eq!(account.reason(), InterruptReason::MemoryLimit);
            drop(block);
        });
        assert!(account.bytes() < 100_000);
        // Outside the call, nothing is charged to it.
        let before = account.bytes();
        drop(std::hint::black_box(vec![1u8; 100_000]));
        assert_eq!(account.bytes(), before);
        // The first reason raised is the one kept.
        account.interrupt(InterruptReason::Timeout);
        assert_eq!(account.reason(), InterruptReason::MemoryLimit);
    }

    #[test]
    fn a_nested_charge_gives_the_outer_account_back_also_when_it_unwinds() {
        let (outer, inner) = (MemoryAccount::new(0), MemoryAccount::new(0));
        charged(&outer, || {
            let unwound = std::panic::catch_unwind(|| {
                charged(&inner, || {
                    drop(std::hint::black_box(vec![0u8; 4096]));
                    panic!("unwinds through the inner charge");
                })
            });
            // The panic's payload, made under `inner`, is freed here under `outer`.
            drop(unwound.expect_err("the inner call panicked"));
            let before = (outer.bytes(), inner.bytes());
            let block = std::hint::black_box(vec![0u8; 100_000]);
            // (`bytes` stops at zero: the payload's few bytes may have taken `outer` below it.)
            assert!(outer.bytes() + 1024 >= before.0 + 100_000);
            assert_eq!(inner.bytes(), before.1);
            drop(block);
        });
        let before = outer.bytes();
        drop(std::hint::black_box(vec![0u8; 100_000]));
        assert_eq!(outer.bytes(), before);
    }
}
