//! The engine layer: one Boa `Context` plus what we add to it — the job queue, limits
//! (interrupt flag, watchdog, memory accounting), the handles that pin guest objects for the
//! host, and the lifetime rules (entering, disposing, freeing). It knows nothing of Node.

pub mod deferred;
pub mod jobs;
pub mod limits;
pub mod memory;

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell, UnsafeCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use rustc_hash::FxHashMap;

use boa_engine::error::{EngineError as BoaEngineError, RuntimeLimitError};
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult};
use boa_gc::{Heap, HeapGuard};

use crate::contract::ErrorCode;
use crate::error::VmError;
use jobs::{Executor, JobQueue};
use limits::{Deadline, Watch};
pub use memory::InterruptReason;
use memory::MemoryAccount;

/// Recursion depth of guest calls (Boa frames plus native re-entries). Node allows ~10,000
/// frames; Boa's frames live on the heap, but calls from native code recurse on the native stack
/// too, which the native stack limit (see `native_stack_limit`) guards separately.
const RECURSION_LIMIT: usize = 10_000;
/// Values on Boa's stack (registers and arguments of every frame): Boa's default of 10,240 stops
/// plain recursion near 2,000 frames, where Node reaches about 11,000.
const VALUE_STACK_LIMIT: usize = 1024 * 1024;
/// Room left on the native stack below which guest calls, and entries into an engine, fail with
/// a `RangeError`. Generous: host and guest recursing into each other stack V8's frames, ours
/// and Boa's, and V8 needs room below its own limit to build its stack-overflow error.
const NATIVE_STACK_RESERVE: usize = 1024 * 1024;

/// Boa's host hooks: an ArrayBuffer (one allocation of any size, which no loop or call check
/// would see in time) may not exceed what is left of `memoryLimit`.
struct Hooks {
    account: Arc<MemoryAccount>,
}

/// What Boa allows by default (1.5 GiB).
const DEFAULT_MAX_BUFFER: u64 = 1_610_612_736;
/// Boa's message when a buffer exceeds `max_buffer_size`.
const BUFFER_REFUSED: &str = "exceeds the maximum buffer size";

impl boa_engine::context::HostHooks for Hooks {
    fn max_buffer_size(&self, _context: &mut Context) -> u64 {
        match self.account.remaining() {
            Some(remaining) => (remaining as u64).min(DEFAULT_MAX_BUFFER),
            None => DEFAULT_MAX_BUFFER,
        }
    }

    fn intrinsics_initialized(&self, name: &str, context: &mut Context) -> JsResult<()> {
        crate::builtins::intl::intrinsics_initialized(name, context)
    }
}

/// Why a call into the engine did not produce a value.
#[derive(Debug)]
pub enum EngineError {
    /// The engine was disposed, before or during the call.
    Disposed,
    /// `options.timeout` ran out.
    Timeout,
    /// `options.memoryLimit` was exceeded.
    MemoryLimit,
    /// Guest recursion went past the limit.
    StackOverflow,
    /// The guest threw.
    Js(JsError),
}

impl EngineError {
    /// What a Node user is told when the engine stops for this reason; `None` for a guest
    /// exception, which crosses as itself.
    pub fn as_vm_error(&self, engine: &Engine) -> Option<VmError> {
        Some(match self {
            EngineError::Js(_) => return None,
            EngineError::Disposed => {
                VmError::error("The requireVM engine was disposed; its values can no longer be used")
                    .with_code(ErrorCode::ERR_REQUIRE_VM_DISPOSED)
            }
            EngineError::Timeout => {
                VmError::error(format!("Script execution timed out after {}ms", engine.timeout_ms().unwrap_or(0)))
                    .with_code(ErrorCode::ERR_SCRIPT_EXECUTION_TIMEOUT)
            }
            EngineError::MemoryLimit => VmError::error(format!(
                "The requireVM engine exceeded its memory limit of {} MiB",
                engine.memory_limit_bytes().unwrap_or(0) >> 20
            ))
            .with_code(ErrorCode::ERR_REQUIRE_VM_MEMORY_LIMIT),
            EngineError::StackOverflow => VmError::range_error("Maximum call stack size exceeded"),
        })
    }
}

impl From<JsError> for EngineError {
    fn from(error: JsError) -> Self {
        Self::Js(error)
    }
}

pub type EngineResult<T> = Result<T, EngineError>;

#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    pub timeout: Option<Duration>,
    pub memory_limit: Option<usize>,
    /// The engine runs on a worker thread, which its host may end while the engine runs.
    pub on_worker_thread: bool,
}

thread_local! {
    /// The engines running on this thread, innermost last.
    static RUNNING: RefCell<Vec<Rc<Engine>>> = const { RefCell::new(Vec::new()) };
    static LIVE_ENGINES: Cell<usize> = const { Cell::new(0) };
}

/// Engines alive on this thread.
pub fn live_engines() -> usize {
    LIVE_ENGINES.with(Cell::get)
}

/// What an upper layer runs around every outermost entry (see [`Engine::set_hooks`]).
pub struct EntryHooks {
    pub enter: Box<dyn Fn(&mut Context)>,
    pub exit: Box<dyn Fn(&mut Context)>,
}

/// Told whether the host holds anything of the engine (see [`Engine::set_interest_observer`]).
type InterestObserver = Rc<dyn Fn(bool)>;
/// Arranges for the engine's queued jobs to run (see [`Engine::set_job_scheduler`]).
pub type JobScheduler = Rc<dyn Fn(&Rc<Engine>)>;

/// State attached to an engine by the layers above, one value per type, found by its `TypeId`
/// and dropped in the order it was attached (later layers may refer to earlier ones).
#[derive(Default)]
struct Extensions {
    /// Fx, not SipHash: a `TypeId` is a hash already, and SipHash was 7% of a host→guest call
    /// (which finds the bridge's state on every entry).
    index: FxHashMap<TypeId, usize>,
    values: Vec<Rc<dyn Any>>,
}

impl Extensions {
    fn insert<T: Any>(&mut self, value: Rc<T>) {
        match self.index.get(&TypeId::of::<T>()) {
            Some(&slot) => self.values[slot] = value,
            None => {
                self.index.insert(TypeId::of::<T>(), self.values.len());
                self.values.push(value);
            }
        }
    }

    fn get<T: Any>(&self) -> Option<Rc<T>> {
        let slot = *self.index.get(&TypeId::of::<T>())?;
        Rc::clone(&self.values[slot]).downcast::<T>().ok()
    }
}

pub struct Engine {
    id: u64,
    /// `None` once disposed. Only reached through [`Engine::enter`].
    context: UnsafeCell<Option<Box<Context>>>,
    /// The context a guest frame lent for the host call it is making ([`lend`]), from which an
    /// entry the host makes meanwhile reborrows; null when none is lent.
    lent: Cell<*mut Context>,
    depth: Cell<u32>,
    disposed: Cell<bool>,
    account: Arc<MemoryAccount>,
    /// The engine's own GC heap: everything it allocates, traced by its collections only.
    /// Retired (collected, survivors handed to the thread's shared heap) with the context.
    heap: RefCell<Option<Heap>>,
    /// What the account held after the engine's last collection (see [`Engine::maybe_collect`]).
    bytes_after_collection: Cell<usize>,
    /// `(collections, released)`: the objects the host let go of since the engine's heap was
    /// last collected, counted while the heap's collection count was `collections` (see
    /// `note_released`).
    released_since_collection: Cell<(usize, usize)>,
    deadline: Option<Arc<Deadline>>,
    /// What the watchdog sees of the engine's outermost entries (see `limits::Watch`).
    watch: Arc<Watch>,
    options: EngineOptions,
    jobs: Rc<JobQueue>,
    /// Guest objects pinned on behalf of the host (a handle per live host proxy).
    handles: RefCell<Handles>,
    /// Per-engine state of the layers above, one value per type (dropped on dispose).
    extensions: RefCell<Extensions>,
    /// Per-engine state that must outlive dispose (e.g. the caller's realm, to report it).
    lasting: RefCell<Extensions>,
    /// Run at the start and the end of every outermost entry, inside it (see `set_hooks`).
    hooks: RefCell<Option<Rc<EntryHooks>>>,
    /// Host handles on the engine itself (index.js's externals), besides pinned objects.
    host_handles: Cell<usize>,
    /// Told when the host starts or stops holding anything of the engine.
    interest_observer: RefCell<Option<InterestObserver>>,
    /// Asks the host to run the queued jobs at its next microtask checkpoint (see
    /// [`Engine::set_job_scheduler`]); without one, jobs run at the end of every outermost entry.
    job_scheduler: RefCell<Option<JobScheduler>>,
    jobs_scheduled: Cell<bool>,
    /// Set while loading a module: its jobs run before the load returns.
    drain_at_exit: Cell<bool>,
}

#[derive(Default)]
struct Handles {
    slots: Vec<Option<JsObject>>,
    free: Vec<u32>,
}

impl Engine {
    /// A new engine; `module_loader` resolves and loads its ES modules.
    pub fn new<M: boa_engine::module::ModuleLoader + 'static>(
        options: &EngineOptions,
        module_loader: Rc<M>,
    ) -> EngineResult<Rc<Self>> {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let account = Arc::new(MemoryAccount::new(options.memory_limit.unwrap_or(0)));
        let jobs = Rc::new(JobQueue::default());
        let heap = Heap::new();
        let context = memory::charged(&account, || -> EngineResult<Box<Context>> {
            let _heap = heap.enter();
            let mut context = Context::builder()
                .host_hooks(Rc::new(Hooks { account: Arc::clone(&account) }))
                .job_executor(Rc::new(Executor(Rc::clone(&jobs))))
                .module_loader(module_loader)
                .build()?;
            context.runtime_limits_mut().set_recursion_limit(RECURSION_LIMIT);
            context.runtime_limits_mut().set_stack_size_limit(VALUE_STACK_LIMIT);
            context.set_interrupt_flag(Some(account.interrupt_flag()));
            context.set_interrupt_handler(Some(limits::on_interrupt));
            let (call_limit, parse_limit) = native_stack_limits();
            context.set_native_stack_limit(call_limit);
            boa_engine::parser::parser::set_native_stack_limit(parse_limit);
            // A library's functions compile when first called: most are never. Sound here
            // because no guest function object ever reaches another engine's context (the
            // bridge hands proxies across, and the code cache only fully compiled code).
            context.set_lazy_functions(true);
            Ok(Box::new(context))
        })?;
        let deadline = options.timeout.map(|timeout| Deadline::new(timeout, Arc::clone(&account)));
        let watch = Watch::new(Arc::clone(&account));
        LIVE_ENGINES.with(|n| n.set(n.get() + 1));
        Ok(Rc::new(Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            context: UnsafeCell::new(Some(context)),
            lent: Cell::new(std::ptr::null_mut()),
            depth: Cell::new(0),
            disposed: Cell::new(false),
            bytes_after_collection: Cell::new(account.bytes()),
            released_since_collection: Cell::new((0, 0)),
            account,
            heap: RefCell::new(Some(heap)),
            deadline,
            watch,
            options: options.clone(),
            jobs,
            handles: RefCell::default(),
            extensions: RefCell::default(),
            lasting: RefCell::default(),
            hooks: RefCell::default(),
            host_handles: Cell::new(0),
            interest_observer: RefCell::default(),
            job_scheduler: RefCell::default(),
            jobs_scheduled: Cell::new(false),
            drain_at_exit: Cell::new(false),
        }))
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn is_disposed(&self) -> bool {
        self.disposed.get()
    }

    pub fn timeout_ms(&self) -> Option<u128> {
        self.options.timeout.map(|t| t.as_millis())
    }

    pub fn memory_limit_bytes(&self) -> Option<usize> {
        self.options.memory_limit
    }

    pub fn on_worker_thread(&self) -> bool {
        self.options.on_worker_thread
    }

    /// The engine's memory account: what runs outside the counting allocator (wasm linear
    /// memory) charges it, and code that runs long outside Boa's interpreter (WebAssembly)
    /// watches its interrupt flag (timeout, memory limit, dispose).
    pub fn account(&self) -> Arc<MemoryAccount> {
        Arc::clone(&self.account)
    }

    /// The innermost engine running on this thread. Every native function of ours runs inside
    /// an entry of its own engine, so this is always the caller's engine there.
    pub fn current() -> Option<Rc<Engine>> {
        RUNNING.with(|running| running.borrow().last().cloned())
    }

    /// Runs `f` with the engine's context. The outermost entry arms the timeout and, when `f`
    /// returns with jobs queued, hands them to the job scheduler (or runs them, while loading or
    /// without one); a nested entry (the host calling back in while the guest runs) reuses the
    /// context of the innermost guest frame.
    pub fn enter<R>(self: &Rc<Self>, f: impl FnOnce(&mut Context) -> Result<R, JsError>) -> EngineResult<R> {
        if self.disposed.get() {
            return Err(EngineError::Disposed);
        }
        if native_stack_low() {
            return Err(EngineError::StackOverflow);
        }
        let outermost = self.depth.get() == 0;
        let context: *mut Context = if outermost {
            // SAFETY: depth 0 means no reference into the context is live; the Option is only
            // replaced (by dispose) at depth 0, and we checked it is not disposed.
            match unsafe { &mut *self.context.get() } {
                Some(context) => &mut **context,
                None => return Err(EngineError::Disposed),
            }
        } else {
            // Inside a run, the only context we may use is the one a guest frame lent for the
            // host call that brought us here: any other would alias that frame's `&mut`.
            let lent = self.lent.get();
            if lent.is_null() {
                // A host call site that misses `lend`: loud in our debug builds (the tests), an
                // error rather than undefined behaviour in a user's.
                if cfg!(debug_assertions) {
                    panic!("an engine was re-entered from a host call that did not lend its context");
                }
                return Err(EngineError::Js(
                    JsNativeError::error()
                        .with_message("requireVM internal error: the engine was re-entered from a host call that did not lend it its context")
                        .into(),
                ));
            }
            lent
        };
        memory::charged(&self.account, || self.enter_charged(context, outermost, f))
    }

    /// The rest of [`Engine::enter`], charged to the engine: `context` is the one `enter` chose.
    fn enter_charged<R>(
        self: &Rc<Self>,
        context: *mut Context,
        outermost: bool,
        f: impl FnOnce(&mut Context) -> Result<R, JsError>,
    ) -> EngineResult<R> {
        let _heap = self.enter_heap();
        let _running = Running::push(self);
        self.depth.set(self.depth.get() + 1);
        if outermost {
            self.watch.step();
            if let Some(deadline) = &self.deadline {
                deadline.arm();
            }
        }
        // This entry holds the lent context now; its own frames lend again for their host calls.
        let previous_lent = self.lent.replace(std::ptr::null_mut());
        // SAFETY: `context` is the engine's own (outermost) or the one lent by the innermost guest
        // frame, derived from that frame's `&mut` right before its host call and not used by it
        // until the call returns, after this entry has ended (see `lend`). Every `&mut Context`
        // of this entry derives from this one and ends with it.
        let context = unsafe { &mut *context };
        let hooks = if outermost { self.hooks.borrow().clone() } else { None };
        if let Some(hooks) = &hooks {
            (hooks.enter)(context);
        }
        let mut result = f(context);
        if outermost && result.is_ok() {
            // The `FinalizationRegistry` callbacks a collection signalled, as jobs of this entry.
            // A callback's own exception goes nowhere (an uncaught one in a job); an interrupt
            // still ends the entry (`stopping` below).
            let _ = context.cleanup_finalization_registries();
        }
        if outermost && result.is_ok() && !self.jobs.is_empty() {
            let scheduler = self.job_scheduler.borrow().clone();
            match scheduler {
                Some(schedule) if !self.drain_at_exit.get() => {
                    if !self.jobs_scheduled.replace(true) {
                        schedule(self);
                    }
                }
                _ => {
                    if let Err(error) = self.jobs.run(context) {
                        result = Err(error);
                    }
                }
            }
        }
        // The job that made a `WeakRef` (or called `deref`) keeps its target alive until it
        // ends: for the guest, an outermost entry and the jobs it queued.
        if outermost && self.jobs.is_empty() {
            context.clear_kept_objects();
        }
        if let Some(hooks) = &hooks
            && !self.disposed.get()
        {
            (hooks.exit)(context);
        }
        // An interrupt raised where no loop or call saw it (a huge allocation, a dispose from a
        // host callback the guest returned from) still ends the entry; a stop deferred to the
        // end of the call (a refused wasm memory growth) ends the outermost one.
        let stopping = self.stopping(outermost);
        if result.is_ok() && stopping {
            result = Err(boa_engine::error::RuntimeLimitError::Interrupted.into());
        }
        self.lent.set(previous_lent);
        self.depth.set(self.depth.get() - 1);
        if outermost {
            self.watch.step();
            if let Some(deadline) = &self.deadline {
                deadline.disarm();
            }
        }
        let result = result.map_err(|error| self.classify(error, stopping));
        if outermost {
            self.after_outermost_exit(&result);
            self.maybe_collect();
        }
        result
    }

    /// Makes the engine's heap the one Boa allocates in, until the guard is dropped.
    fn enter_heap(&self) -> Option<HeapGuard> {
        self.heap.borrow().as_ref().map(Heap::enter)
    }

    /// Takes what the engine holds so far (its realm and our globals, made before any module
    /// runs) out of its collections until it is dropped: they live as long as the engine
    /// anyway, and tracing them was most of the work of collecting a small engine.
    pub fn seal_setup(&self) {
        if let Some(heap) = self.heap.borrow().as_ref() {
            heap.seal();
        }
    }

    /// Collects the engine's heap (and nothing else).
    pub fn collect(&self) {
        memory::charged(&self.account, || {
            if let Some(heap) = self.heap.borrow().as_ref() {
                heap.collect();
            }
        });
        self.bytes_after_collection.set(self.account.bytes());
    }

    /// Boa decides when to collect by the bytes of its GC boxes only, not what they own
    /// (property tables, strings, bytecode), so an engine can grow far past what Boa sees.
    /// After each outermost entry the engine collects when its real figure has grown by half
    /// since its last collection (and by 8 MiB at least), which keeps the cost amortized.
    fn maybe_collect(&self) {
        let after = self.bytes_after_collection.get();
        if self.account.bytes() > after + (after / 2).max(8 << 20) {
            self.collect();
        }
    }

    /// Runs the queued jobs now: when the host settles a promise the guest awaits, and at the
    /// host's microtask checkpoint the job scheduler asked for.
    pub fn run_jobs(self: &Rc<Self>) -> EngineResult<()> {
        self.jobs_scheduled.set(false);
        let jobs = Rc::clone(&self.jobs);
        self.enter(|context| jobs.run(context))
    }

    /// Lets the host decide when queued jobs run, as Node runs promise reactions at its microtask
    /// checkpoint rather than when a call returns: `schedule` is called once whenever jobs are
    /// left at the end of an outermost entry, and must arrange for [`Engine::run_jobs`].
    pub fn set_job_scheduler(&self, schedule: JobScheduler) {
        *self.job_scheduler.borrow_mut() = Some(schedule);
    }

    /// Runs `f` as an entry whose jobs run before it returns, whatever the scheduler: a module
    /// load, which returns once the module and the jobs it queued have run.
    pub fn enter_draining<R>(self: &Rc<Self>, f: impl FnOnce() -> R) -> R {
        let previous = self.drain_at_exit.replace(true);
        let result = f();
        self.drain_at_exit.set(previous);
        result
    }

    /// Whether the engine is stopping: interrupted, or (for the outermost entry) told to stop
    /// once the call ends (see `MemoryAccount::stop_after_call`).
    fn stopping(&self, outermost: bool) -> bool {
        self.account.is_interrupted() || (outermost && self.account.reason() != InterruptReason::None)
    }

    fn classify(&self, error: JsError, stopping: bool) -> EngineError {
        let reason = self.account.reason();
        if stopping && reason != InterruptReason::None {
            return match reason {
                InterruptReason::Timeout => EngineError::Timeout,
                InterruptReason::MemoryLimit => EngineError::MemoryLimit,
                _ => EngineError::Disposed,
            };
        }
        if self.ends_engine(&error) {
            return EngineError::MemoryLimit;
        }
        match error.as_engine() {
            Some(BoaEngineError::RuntimeLimit(RuntimeLimitError::Recursion | RuntimeLimitError::StackSize)) => {
                EngineError::StackOverflow
            }
            Some(BoaEngineError::RuntimeLimit(RuntimeLimitError::Interrupted)) => EngineError::Disposed,
            _ => EngineError::Js(error),
        }
    }

    /// Whether a guest error really is the end of the engine: an ArrayBuffer refused for the
    /// memory limit ends it like any other excess (and raises the interrupt, so it stays ended).
    pub fn ends_engine(&self, error: &JsError) -> bool {
        let refused = self.options.memory_limit.is_some()
            && error.as_native().is_some_and(|native| native.message().contains(BUFFER_REFUSED));
        if refused {
            self.account.interrupt(InterruptReason::MemoryLimit);
        }
        refused
    }

    fn after_outermost_exit<R>(&self, result: &EngineResult<R>) {
        match result {
            Err(EngineError::Timeout | EngineError::MemoryLimit) => {
                self.dispose();
                // The host expects the memory back now, not at the next batch.
                memory::release_now();
            }
            _ if self.disposed.get() => self.drop_context(),
            _ => {}
        }
    }

    /// Frees the engine now: stops running guest code, drops its context and everything the
    /// guest allocated, and makes later entries fail with [`EngineError::Disposed`]. Returns
    /// `false` if it was already disposed. Safe while the engine is on the stack: the guest
    /// frames unwind with an uncatchable error and the context goes when the last one returns.
    pub fn dispose(&self) -> bool {
        if self.disposed.replace(true) {
            return false;
        }
        self.account.interrupt(InterruptReason::Disposed);
        self.jobs.clear();
        if self.depth.get() == 0 {
            self.drop_context();
        }
        true
    }

    fn drop_context(&self) {
        let bytes = self.account.bytes();
        // Pinned objects and extensions first: they may refer into the context.
        let handles = std::mem::take(&mut *self.handles.borrow_mut());
        let extensions = std::mem::take(&mut *self.extensions.borrow_mut());
        self.hooks.borrow_mut().take();
        self.interest_observer.borrow_mut().take();
        // SAFETY: called at depth 0 only (dispose checks, after_outermost_exit runs after the
        // last frame returned), so no reference into the context is live.
        let context = unsafe { (*self.context.get()).take() };
        memory::charged(&self.account, || {
            let heap = self.heap.borrow_mut().take();
            {
                let _heap = heap.as_ref().map(Heap::enter);
                drop(handles);
                drop(extensions);
                drop(context);
            }
            // Collects the engine's heap alone: all of it is garbage now but what the host or
            // another engine still refers to, which moves to the shared heap.
            drop(heap);
        });
        LIVE_ENGINES.with(|n| n.set(n.get() - 1));
        memory::engine_died(bytes);
    }

    /// Whether the host holds anything of the engine: a proxy (a pinned object) or a handle.
    pub fn has_host_interest(&self) -> bool {
        self.pinned_count() > 0 || self.host_handles.get() > 0
    }

    /// Runs `observer(true)` when the host starts holding something of the engine again, and
    /// `observer(false)` when it holds nothing any more (timers use it to stop keeping the
    /// process alive for an engine nobody can reach).
    pub fn set_interest_observer(&self, observer: Box<dyn Fn(bool)>) {
        *self.interest_observer.borrow_mut() = Some(Rc::from(observer));
    }

    fn interest_changed(&self, before: bool) {
        let now = self.has_host_interest();
        if now != before {
            let observer = self.interest_observer.borrow().clone();
            if let Some(observer) = observer {
                observer(now);
            }
        }
    }

    /// The host took (`true`) or dropped (`false`) a handle on the engine.
    pub fn host_handle(&self, taken: bool) {
        let before = self.has_host_interest();
        let count = self.host_handles.get();
        self.host_handles.set(if taken { count + 1 } else { count.saturating_sub(1) });
        self.interest_changed(before);
    }

    /// Pins a guest object for the host; the handle stays valid until [`Engine::unpin`].
    pub fn pin(&self, object: JsObject) -> u32 {
        let before = self.has_host_interest();
        let id = self.pin_slot(object);
        self.interest_changed(before);
        id
    }

    fn pin_slot(&self, object: JsObject) -> u32 {
        let mut handles = self.handles.borrow_mut();
        match handles.free.pop() {
            Some(id) => {
                handles.slots[id as usize] = Some(object);
                id
            }
            None => {
                handles.slots.push(Some(object));
                (handles.slots.len() - 1) as u32
            }
        }
    }

    /// The pinned object, or `None` once the engine is disposed.
    pub fn pinned(&self, handle: u32) -> Option<JsObject> {
        self.handles.borrow().slots.get(handle as usize)?.clone()
    }

    pub fn unpin(&self, handle: u32) {
        let before = self.has_host_interest();
        let unpinned = {
            // What the pin held may be garbage now: entering the heap makes it due for the
            // next full collection (`boa_gc::force_collect` skips heaps nobody entered).
            let _heap = self.enter_heap();
            let mut handles = self.handles.borrow_mut();
            let unpinned = handles.slots.get_mut(handle as usize).is_some_and(|slot| slot.take().is_some());
            if unpinned {
                handles.free.push(handle);
            }
            unpinned
        };
        self.interest_changed(before);
        if unpinned {
            self.note_released();
        }
    }

    /// After the host let go of many guest objects (V8 collected their proxies) they are likely
    /// garbage, and an engine the program no longer calls would otherwise keep them until it
    /// allocates again. It collects when the host released one object per 8 KiB it holds (at
    /// least 4,096): a collection traces the engine's live objects, so the cost is amortized
    /// over what was released. A collection Boa ran on its own (an engine that allocates) has
    /// freed what was released before it, so the count starts again.
    fn note_released(&self) {
        let collections = self.heap_collections();
        let (counted_at, released) = self.released_since_collection.get();
        let released = if counted_at == collections { released + 1 } else { 1 };
        self.released_since_collection.set((collections, released));
        if released >= (self.account.bytes() / 8192).max(4096) {
            self.collect();
        }
    }

    /// Collections of the engine's heap so far, for whatever reason.
    fn heap_collections(&self) -> usize {
        self.heap.borrow().as_ref().map_or(0, Heap::collections)
    }

    /// Number of guest objects pinned for the host.
    pub fn pinned_count(&self) -> usize {
        let handles = self.handles.borrow();
        handles.slots.len() - handles.free.len()
    }

    /// Attaches the state of an upper layer (replacing any of the same type); dropped with the
    /// context on dispose.
    pub fn set_extension<T: Any>(&self, value: Rc<T>) {
        self.extensions.borrow_mut().insert(value);
    }

    pub fn extension<T: Any>(&self) -> Option<Rc<T>> {
        self.extensions.borrow().get::<T>()
    }

    /// Runs `hooks.enter` at the start of every outermost entry and `hooks.exit` at its end
    /// (after the jobs, when they run there), with the context.
    pub fn set_hooks(&self, hooks: EntryHooks) {
        *self.hooks.borrow_mut() = Some(Rc::new(hooks));
    }

    /// Attaches state that lives as long as the engine object, disposed or not.
    pub fn set_lasting<T: Any>(&self, value: Rc<T>) {
        self.lasting.borrow_mut().insert(value);
    }

    pub fn lasting<T: Any>(&self) -> Option<Rc<T>> {
        self.lasting.borrow().get::<T>()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if !self.disposed.replace(true) {
            self.drop_context();
        }
    }
}

/// Keeps [`Engine::current`] right while an entry runs.
struct Running;

impl Running {
    fn push(engine: &Rc<Engine>) -> Self {
        RUNNING.with(|running| running.borrow_mut().push(Rc::clone(engine)));
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let engine = RUNNING.with(|running| running.borrow_mut().pop());
        drop(engine);
    }
}

/// Lends `context`, the current guest frame's own, for the host call `call_host` makes: an entry
/// the host makes into this engine meanwhile (a host function calling back a guest function, a
/// getter reading a guest proxy) runs on it.
///
/// Sound under Rust's aliasing rules: the pointer is derived from the frame's `&mut` right before
/// the call, the frame cannot touch its reference while `call_host` runs (it is borrowed by this
/// call, and `call_host` takes no context), and a nested entry's reference, derived from the
/// pointer, ends before `call_host` returns; the frame's next use of its reference then follows
/// every use of the ones derived from it. Host calls that may run JavaScript must go through
/// here; an entry while nothing is lent is refused (see [`Engine::enter`]).
pub fn lend<R>(context: &mut Context, call_host: impl FnOnce() -> R) -> R {
    let Some(engine) = Engine::current() else { return call_host() };
    let pointer: *mut Context = context;
    let previous = engine.lent.replace(pointer);
    let result = call_host();
    engine.lent.set(previous);
    result
}

/// The lowest native stack addresses that guest calls and parsing may reach on this thread:
/// the bottom of the stack plus a reserve. Parsing stops at half the stack, so the compiler
/// (which recurses over the same nesting) has as much room again. `(0, 0)` (no check) where
/// the platform does not tell.
/// Whether this thread's native stack is within the reserve (see `NATIVE_STACK_RESERVE`).
fn native_stack_low() -> bool {
    let (call_limit, _) = native_stack_limits();
    let marker = 0u8;
    call_limit != 0 && (&raw const marker as usize) < call_limit
}

fn native_stack_limits() -> (usize, usize) {
    thread_local! {
        // Reading the stack bounds parses /proc on Linux: once per thread is enough.
        static LIMITS: (usize, usize) = thread_stack().map_or((0, 0), |(bottom, size)| {
            (bottom + NATIVE_STACK_RESERVE, bottom + (size / 2).max(NATIVE_STACK_RESERVE))
        });
    }
    LIMITS.with(|limits| *limits)
}

/// The lowest address and the size of the calling thread's stack.
#[cfg(all(target_os = "linux", not(miri)))]
fn thread_stack() -> Option<(usize, usize)> {
    // Large enough for pthread_attr_t on every Linux libc (56 bytes on 64-bit glibc and musl).
    #[repr(C, align(16))]
    struct PthreadAttr([u8; 128]);
    unsafe extern "C" {
        fn pthread_self() -> usize;
        fn pthread_getattr_np(thread: usize, attr: *mut PthreadAttr) -> i32;
        fn pthread_attr_getstack(attr: *const PthreadAttr, addr: *mut usize, size: *mut usize) -> i32;
        fn pthread_attr_destroy(attr: *mut PthreadAttr) -> i32;
    }
    let mut attr = PthreadAttr([0; 128]);
    let (mut addr, mut size) = (0usize, 0usize);
    // SAFETY: the libc's documented way to read the calling thread's stack bounds; `attr` is a
    // buffer larger than pthread_attr_t and is destroyed after use.
    unsafe {
        if pthread_getattr_np(pthread_self(), &mut attr) != 0 {
            return None;
        }
        let ok = pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        pthread_attr_destroy(&mut attr);
        ok.then_some((addr, size))
    }
}

#[cfg(all(target_os = "macos", not(miri)))]
fn thread_stack() -> Option<(usize, usize)> {
    unsafe extern "C" {
        fn pthread_self() -> usize;
        fn pthread_get_stackaddr_np(thread: usize) -> usize;
        fn pthread_get_stacksize_np(thread: usize) -> usize;
    }
    // SAFETY: macOS's documented calls for the calling thread's stack (its top and size).
    let (top, size) = unsafe {
        let thread = pthread_self();
        (pthread_get_stackaddr_np(thread), pthread_get_stacksize_np(thread))
    };
    (top > size && size > 0).then(|| (top - size, size))
}

#[cfg(all(windows, not(miri)))]
fn thread_stack() -> Option<(usize, usize)> {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetCurrentThreadStackLimits(low: *mut usize, high: *mut usize);
    }
    let (mut low, mut high) = (0usize, 0usize);
    // SAFETY: a documented Win32 call writing the calling thread's stack bounds.
    unsafe { GetCurrentThreadStackLimits(&mut low, &mut high) };
    // The bottom page is a guard; leave it out.
    (high > low).then(|| (low + 64 * 1024, high - low - 64 * 1024))
}

// Miri cannot ask the OS; no native stack check there.
#[cfg(any(miri, not(any(target_os = "linux", target_os = "macos", windows))))]
fn thread_stack() -> Option<(usize, usize)> {
    None
}

#[cfg(test)]
mod tests;
