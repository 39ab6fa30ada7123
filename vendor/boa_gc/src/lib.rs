//! Boa's **`boa_gc`** crate implements a garbage collector.
//!
//! # Crate Overview
//! **`boa_gc`** is a mark-sweep garbage collector that implements a [`Trace`] and [`Finalize`] trait
//! for garbage collected values.
#![doc = include_str!("../ABOUT.md")]
#![doc(
    html_logo_url = "https://raw.githubusercontent.com/boa-dev/boa/main/assets/logo_black.svg",
    html_favicon_url = "https://raw.githubusercontent.com/boa-dev/boa/main/assets/logo_black.svg"
)]
#![cfg_attr(not(test), forbid(clippy::unwrap_used))]
#![allow(
    clippy::module_name_repetitions,
    clippy::redundant_pub_crate,
    clippy::let_unit_value
)]

extern crate self as boa_gc;

mod cell;
mod pointers;
mod trace;

pub(crate) mod internals;

use internals::{EphemeronBox, ErasedEphemeronBox, ErasedWeakMapBox, SEALED, WeakMapBox};
use pointers::{NonTraceable, RawWeakMap};
use std::{
    cell::{Cell, RefCell},
    mem,
    ptr::NonNull,
    sync::atomic::{AtomicU32, AtomicUsize, Ordering},
};

pub use crate::trace::{Finalize, Trace, Tracer};
pub use boa_macros::{Finalize, Trace};
pub use cell::{GcRef, GcRefCell, GcRefMut};
pub use internals::GcBox;
pub use pointers::{Ephemeron, Gc, GcErased, WeakGc, WeakMap};

type GcErasedPointer = NonNull<GcBox<NonTraceable>>;
type EphemeronPointer = NonNull<dyn ErasedEphemeronBox>;
type ErasedWeakMapBoxPointer = NonNull<dyn ErasedWeakMapBox>;

thread_local!(static GC_DROPPING: Cell<bool> = const { Cell::new(false) });
thread_local!(static BOA_GC: RefCell<Heaps> = RefCell::new(Heaps::default()));
// The heap new allocations go to (see [`Heap::enter`]).
thread_local!(static CURRENT_HEAP: Cell<u32> = const { Cell::new(SHARED_HEAP) });
// The heap being collected, or `NO_HEAP`.
thread_local!(static COLLECTING: Cell<u32> = const { Cell::new(NO_HEAP) });
// Set by `request_collection`: the next allocation collects the heap it allocates in.
thread_local!(static COLLECTION_REQUESTED: Cell<bool> = const { Cell::new(false) });
// Heaps dropped while a collection ran (from a finalizer), retired by the next collection.
thread_local!(static RETIRING: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) });

/// The thread's own heap: allocations made outside any [`Heap::enter`], and what outlives a
/// retired heap.
const SHARED_HEAP: u32 = 0;
const NO_HEAP: u32 = u32::MAX;

/// The heap this thread is collecting, or [`NO_HEAP`].
#[inline]
pub(crate) fn collecting_heap() -> u32 {
    if GC_THREADS.load(Ordering::Relaxed) == 1 {
        COLLECTING_ALONE.load(Ordering::Relaxed)
    } else {
        COLLECTING.with(Cell::get)
    }
}

/// [`COLLECTING`] while one thread alone has heaps: counting a collection's non-roots asks it for
/// every `Gc` field of every object, and in a loaded library a thread-local read is a call. Only
/// that thread writes or reads it (any other thread finds [`GC_THREADS`] above 1 from its own
/// count on), and it writes [`COLLECTING`] too, which it reads once it finds a second thread.
static COLLECTING_ALONE: AtomicU32 = AtomicU32::new(NO_HEAP);

fn set_collecting_heap(id: u32) -> u32 {
    if GC_THREADS.load(Ordering::Relaxed) == 1 {
        COLLECTING_ALONE.store(id, Ordering::Relaxed);
    }
    COLLECTING.with(|collecting| collecting.replace(id))
}

/// All heaps of a thread, by id; a retired heap's id is reused.
#[derive(Debug)]
struct Heaps {
    heaps: Vec<Option<BoaGc>>,
    free: Vec<u32>,
}

impl Default for Heaps {
    fn default() -> Self {
        GC_THREADS.fetch_add(1, Ordering::Relaxed);
        Self {
            heaps: vec![Some(BoaGc::default())],
            free: Vec::new(),
        }
    }
}

impl Heaps {
    /// The heap `id`, or the shared one if `id` was retired (an allocation may land in any heap
    /// without harm: only how much a collection traces depends on it).
    fn get_mut(&mut self, id: u32) -> (u32, &mut BoaGc) {
        let id = if matches!(self.heaps.get(id as usize), Some(Some(_))) {
            id
        } else {
            SHARED_HEAP
        };
        let heap = self.heaps[id as usize]
            .as_mut()
            .expect("the shared heap is never retired");
        (id, heap)
    }

    fn create(&mut self) -> u32 {
        self.retire_pending();
        if let Some(id) = self.free.pop() {
            self.heaps[id as usize] = Some(BoaGc::default());
            id
        } else {
            self.heaps.push(Some(BoaGc::default()));
            let id = u32::try_from(self.heaps.len() - 1).expect("fewer than 2^31 heaps");
            assert!(id & SEALED == 0, "fewer than 2^31 heaps");
            id
        }
    }

    /// Collects heap `id`, then hands what survives (what other heaps or Rust code still refer
    /// to) to the shared heap, so no allocation keeps the retired id.
    fn retire(&mut self, id: u32) {
        let Some(mut heap) = self.heaps.get_mut(id as usize).and_then(Option::take) else {
            return;
        };
        heap.unseal(id);
        if heap.runtime.bytes_allocated > 0 {
            Collector::collect(&mut heap, id);
        }
        set_heap(&heap.strongs, &heap.weaks, SHARED_HEAP);
        let (_, shared) = self.get_mut(SHARED_HEAP);
        shared.strongs.append(&mut heap.strongs);
        shared.weaks.append(&mut heap.weaks);
        shared.weak_maps.append(&mut heap.weak_maps);
        shared.runtime.bytes_allocated += mem::take(&mut heap.runtime.bytes_allocated);
        self.free.push(id);
        CURRENT_HEAP.with(|current| {
            if current.get() == id {
                current.set(SHARED_HEAP);
            }
        });
    }

    fn retire_pending(&mut self) {
        let pending = RETIRING.with(|pending| mem::take(&mut *pending.borrow_mut()));
        for id in pending {
            self.retire(id);
        }
    }
}

/// A heap of its own: what is allocated while it is entered is traced only by its collections,
/// which trace nothing else. An engine per heap makes a collection cost what that engine holds,
/// and dropping an engine frees its memory without tracing any other.
///
/// Allocations of different heaps may refer to each other: a reference into a heap from outside
/// it counts, for that heap, as a root, like one from Rust code. (A cycle through two heaps is
/// therefore kept until both are retired.) An ephemeron belongs to its key's heap.
///
/// Dropping a `Heap` collects it; what survives joins the thread's shared heap.
#[derive(Debug)]
pub struct Heap {
    id: u32,
    // Heaps belong to the thread that made them.
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Heap {
    /// A new, empty heap.
    #[must_use]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let id = BOA_GC.with(|heaps| heaps.borrow_mut().create());
        Self {
            id,
            _not_send: std::marker::PhantomData,
        }
    }

    /// Allocates in this heap until the guard is dropped.
    #[must_use]
    pub fn enter(&self) -> HeapGuard {
        let previous = CURRENT_HEAP.with(|current| current.replace(self.id));
        if previous != self.id {
            // Outside a collection (the only time the heaps are borrowed), mark it dirty.
            BOA_GC.with(|heaps| {
                if let Ok(mut heaps) = heaps.try_borrow_mut() {
                    heaps.get_mut(self.id).1.dirty = true;
                }
            });
        }
        HeapGuard { previous }
    }

    /// Keeps everything allocated in this heap so far until the heap is dropped. Its collections
    /// then neither count nor mark those allocations, as if they were another heap's: a
    /// reference from one of them counts as a root. For what lives as long as the heap anyway,
    /// such as an engine's realm, made before any script runs; what of it becomes garbage waits
    /// for the heap's drop, and so does what it still refers to.
    pub fn seal(&self) {
        BOA_GC.with(|heaps| {
            let mut heaps = heaps.borrow_mut();
            let (id, heap) = heaps.get_mut(self.id);
            heap.seal(id);
        });
    }

    /// Collects this heap only.
    pub fn collect(&self) {
        BOA_GC.with(|heaps| {
            let mut heaps = heaps.borrow_mut();
            heaps.retire_pending();
            let (id, heap) = heaps.get_mut(self.id);
            if heap.runtime.bytes_allocated > 0 {
                Collector::collect(heap, id);
            }
        });
    }

    /// How many collections this heap has had, for whatever reason: an embedder that collects
    /// on its own schedule can tell whether one ran since it last looked.
    #[must_use]
    pub fn collections(&self) -> usize {
        BOA_GC.with(|heaps| heaps.borrow_mut().get_mut(self.id).1.runtime.collections)
    }

    /// Bytes of this heap's boxes (not what they own elsewhere).
    #[must_use]
    pub fn allocated_bytes(&self) -> usize {
        BOA_GC.with(|heaps| {
            heaps
                .borrow_mut()
                .get_mut(self.id)
                .1
                .runtime
                .bytes_allocated
        })
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        BOA_GC.with(|heaps| match heaps.try_borrow_mut() {
            Ok(mut heaps) => heaps.retire(self.id),
            // Dropped by a finalizer while a collection runs: retired by the next one.
            Err(_) => RETIRING.with(|pending| pending.borrow_mut().push(self.id)),
        });
    }
}

/// Restores the heap that was current before [`Heap::enter`].
#[derive(Debug)]
pub struct HeapGuard {
    previous: u32,
}

impl Drop for HeapGuard {
    fn drop(&mut self) {
        CURRENT_HEAP.with(|current| current.set(self.previous));
    }
}

#[derive(Debug, Clone, Copy)]
struct GcConfig {
    /// The threshold at which the garbage collector will trigger a collection.
    threshold: usize,
    /// The percentage of used space at which the garbage collector will trigger a collection.
    used_space_percentage: usize,
}

// Setting the defaults to an arbitrary value currently.
//
// TODO: Add a configure later
impl Default for GcConfig {
    fn default() -> Self {
        Self {
            // Start at 1MB, the nursary size for V8 is ~1-8MB and SM can be up to 16MB
            threshold: 1_048_576,
            used_space_percentage: 70,
        }
    }
}

#[derive(Default, Debug, Clone, Copy)]
struct GcRuntimeData {
    collections: usize,
    bytes_allocated: usize,
}

#[derive(Debug, Default)]
struct BoaGc {
    config: GcConfig,
    runtime: GcRuntimeData,
    strongs: Vec<GcErasedPointer>,
    weaks: Vec<EphemeronPointer>,
    weak_maps: Vec<ErasedWeakMapBoxPointer>,
    /// Allocations kept until the heap is retired, outside its collections (see [`Heap::seal`]).
    sealed_strongs: Vec<GcErasedPointer>,
    sealed_weaks: Vec<EphemeronPointer>,
    /// Allocated into or entered since its last collection. Only then can it hold new garbage:
    /// references change when code runs in it, or when Rust code lets go of one (which should
    /// happen inside [`Heap::enter`]). [`force_collect`] skips a clean heap.
    dirty: bool,
}

impl BoaGc {
    /// Moves every allocation of heap `id` so far out of its collections (see [`Heap::seal`]).
    /// Its weak maps stay: their entries keep changing.
    fn seal(&mut self, id: u32) {
        set_heap(&self.strongs, &self.weaks, id | SEALED);
        self.sealed_strongs.append(&mut self.strongs);
        self.sealed_weaks.append(&mut self.weaks);
    }

    /// Returns the sealed allocations to heap `id`'s collections, before it is retired.
    fn unseal(&mut self, id: u32) {
        set_heap(&self.sealed_strongs, &self.sealed_weaks, id);
        self.strongs.append(&mut self.sealed_strongs);
        self.weaks.append(&mut self.sealed_weaks);
    }
}

/// Writes `heap` into the header of every box of a pair of lists, when the boxes move to that
/// heap's lists (or are sealed): `GcHeader::is_collecting` reads a box's heap from its header.
fn set_heap(strongs: &[GcErasedPointer], weaks: &[EphemeronPointer], heap: u32) {
    for node in strongs {
        // SAFETY: every node in a heap's list is alive.
        unsafe { node.as_ref() }.header.set_heap(heap);
    }
    for eph in weaks {
        // SAFETY: as above.
        unsafe { eph.as_ref() }.header().set_heap(heap);
    }
}

impl Drop for BoaGc {
    fn drop(&mut self) {
        Collector::dump(self);
    }
}

// Whether or not the thread is currently in the sweep phase of garbage collection.
// During this phase, attempts to dereference a `Gc<T>` pointer will trigger a panic.
/// `DropGuard` flags whether the Collector is currently running `Collector::sweep()` or `Collector::dump()`
///
/// While the `DropGuard` is active, all `GcBox`s must not be dereferenced or accessed as it could cause Undefined Behavior
#[derive(Debug)]
struct DropGuard;

/// How many threads are in a [`DropGuard`] now: nearly always 0, and then no thread needs to
/// read its own flag. Every `Gc` drop asks [`finalizer_safe`], and in a dynamically loaded
/// library a thread-local read is a call (`__tls_get_addr`).
static DROPPING_THREADS: AtomicUsize = AtomicUsize::new(0);

/// How many threads have made their heaps, counted when a thread first touches [`BOA_GC`] and
/// never uncounted (a thread that ended only sends [`finalizer_safe`] to the flag). `Gc` is not
/// `Send`: a thread that drops one allocated it, and counted itself first. So while this is 1,
/// the one thread that may be sweeping is the thread asking.
static GC_THREADS: AtomicUsize = AtomicUsize::new(0);

impl DropGuard {
    fn new() -> Self {
        // Counted before the flag is raised and uncounted after it is lowered, so that this
        // thread, which sees its own writes in order, never finds 0 while its flag is up.
        // Another thread may find a count that is not its own: it then reads its flag.
        DROPPING_THREADS.fetch_add(1, Ordering::Relaxed);
        GC_DROPPING.with(|dropping| dropping.set(true));
        Self
    }
}

impl Drop for DropGuard {
    fn drop(&mut self) {
        GC_DROPPING.with(|dropping| dropping.set(false));
        DROPPING_THREADS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Returns `true` if it is safe for a type to run [`Finalize::finalize`].
#[must_use]
#[inline]
pub fn finalizer_safe() -> bool {
    DROPPING_THREADS.load(Ordering::Relaxed) == 0
        || (GC_THREADS.load(Ordering::Relaxed) > 1 && !this_thread_dropping())
}

// Out of line, or the compiler computes the thread-local's address (the call) before the test.
#[cold]
#[inline(never)]
fn this_thread_dropping() -> bool {
    GC_DROPPING.with(Cell::get)
}

/// The Allocator handles allocation of garbage collected values.
///
/// The allocator can trigger a garbage collection.
#[derive(Debug, Clone, Copy)]
struct Allocator;

impl Allocator {
    /// Allocate a new garbage collected value to the current heap.
    fn alloc_gc<T: Trace>(value: GcBox<T>) -> NonNull<GcBox<T>> {
        let element_size = size_of_val::<GcBox<T>>(&value);
        BOA_GC.with(|st| {
            let mut heaps = st.borrow_mut();
            let (id, gc) = heaps.get_mut(CURRENT_HEAP.with(Cell::get));

            Self::manage_state(gc, id);
            value.header.set_heap(id);
            // Safety: value cannot be a null pointer, since `Box` cannot return null pointers.
            let ptr = unsafe { NonNull::new_unchecked(Box::into_raw(Box::new(value))) };
            let erased: NonNull<GcBox<NonTraceable>> = ptr.cast();

            gc.strongs.push(erased);
            gc.runtime.bytes_allocated += element_size;
            gc.dirty = true;

            ptr
        })
    }

    /// Allocates an ephemeron in its key's heap (the current one if it has no key yet).
    fn alloc_ephemeron<K: Trace + ?Sized, V: Trace>(
        value: EphemeronBox<K, V>,
    ) -> NonNull<EphemeronBox<K, V>> {
        let element_size = size_of_val::<EphemeronBox<K, V>>(&value);
        BOA_GC.with(|st| {
            let mut heaps = st.borrow_mut();
            let heap = value
                .key_heap()
                .unwrap_or_else(|| CURRENT_HEAP.with(Cell::get));
            let (id, gc) = heaps.get_mut(heap);
            debug_assert_eq!(
                id, heap,
                "a key's heap is never retired while the key is alive"
            );

            Self::manage_state(gc, id);
            value.header.set_heap(id);
            // Safety: value cannot be a null pointer, since `Box` cannot return null pointers.
            let ptr = unsafe { NonNull::new_unchecked(Box::into_raw(Box::new(value))) };
            let erased: NonNull<dyn ErasedEphemeronBox> = ptr;

            gc.weaks.push(erased);
            gc.runtime.bytes_allocated += element_size;
            gc.dirty = true;

            ptr
        })
    }

    fn alloc_weak_map<K: Trace + ?Sized, V: Trace>() -> WeakMap<K, V> {
        let weak_map = WeakMap {
            inner: Gc::new(GcRefCell::new(RawWeakMap::new())),
        };
        let weak = WeakGc::new(&weak_map.inner);

        BOA_GC.with(|st| {
            let mut heaps = st.borrow_mut();
            // The heap of the map itself, which `weak` is an ephemeron of.
            let (_, gc) = heaps.get_mut(CURRENT_HEAP.with(Cell::get));

            let weak_box = WeakMapBox { map: weak };

            // Safety: value cannot be a null pointer, since `Box` cannot return null pointers.
            let ptr = unsafe { NonNull::new_unchecked(Box::into_raw(Box::new(weak_box))) };
            let erased: ErasedWeakMapBoxPointer = ptr;

            gc.weak_maps.push(erased);
            gc.dirty = true;

            weak_map
        })
    }

    fn manage_state(gc: &mut BoaGc, id: u32) {
        let requested = COLLECTION_REQUESTED.with(|requested| requested.replace(false));
        if requested || gc.runtime.bytes_allocated > gc.config.threshold {
            Collector::collect(gc, id);

            // Post collection check
            // If the allocated bytes are still above the threshold, increase the threshold.
            if gc.runtime.bytes_allocated
                > gc.config.threshold / 100 * gc.config.used_space_percentage
            {
                gc.config.threshold =
                    gc.runtime.bytes_allocated / gc.config.used_space_percentage * 100;
            }
        }
    }
}

struct Unreachables {
    strong: Vec<GcErasedPointer>,
    weak: Vec<NonNull<dyn ErasedEphemeronBox>>,
}

/// This collector currently functions in four main phases
///
/// Mark -> Finalize -> Mark -> Sweep
///
/// 1. Mark nodes as reachable.
/// 2. Finalize the unreachable nodes.
/// 3. Mark again because `Finalize::finalize` can potentially resurrect dead nodes.
/// 4. Sweep and drop all dead nodes.
///
/// A better approach in a more concurrent structure may be to reorder.
///
/// Mark -> Sweep -> Finalize
struct Collector;

impl Collector {
    /// Run a collection of heap `id`.
    fn collect(gc: &mut BoaGc, id: u32) {
        struct Collecting(u32);
        impl Drop for Collecting {
            fn drop(&mut self) {
                set_collecting_heap(self.0);
            }
        }
        let _collecting = Collecting(set_collecting_heap(id));
        Self::collect_heap(gc, id);
        // Code still running in it may make garbage without allocating.
        gc.dirty = CURRENT_HEAP.with(Cell::get) == id;
    }

    fn collect_heap(gc: &mut BoaGc, id: u32) {
        gc.runtime.collections += 1;

        Self::trace_non_roots(gc);

        let mut tracer = Tracer::new(id);

        let unreachables = Self::mark_heap(&mut tracer, &gc.strongs, &gc.weaks, &gc.weak_maps);

        assert!(tracer.is_empty(), "The queue should be empty");

        // Only finalize if there are any unreachable nodes.
        if !unreachables.strong.is_empty() || !unreachables.weak.is_empty() {
            // Finalize all the unreachable nodes.
            // SAFETY: All passed pointers are valid, since we won't deallocate until `Self::sweep`.
            unsafe { Self::finalize(unreachables) };

            // Reuse the tracer's already allocated capacity.
            let _final_unreachables =
                Self::mark_heap(&mut tracer, &gc.strongs, &gc.weaks, &gc.weak_maps);
        }

        // SAFETY: The head of our linked list is always valid per the invariants of our GC.
        unsafe {
            Self::sweep(
                &mut gc.strongs,
                &mut gc.weaks,
                &mut gc.runtime.bytes_allocated,
            );
        }

        // Weak maps have to be cleared after the sweep, since the process dereferences GcBoxes.
        gc.weak_maps.retain(|w| {
            // SAFETY: The caller must ensure the validity of every node of `heap_start`.
            let node_ref = unsafe { w.as_ref() };

            if node_ref.is_live() {
                node_ref.clear_dead_entries();

                true
            } else {
                // SAFETY:
                // The `Allocator` must always ensure its start node is a valid, non-null pointer that
                // was allocated by `Box::from_raw(Box::new(..))`.
                let _unmarked_node = unsafe { Box::from_raw(w.as_ptr()) };

                false
            }
        });

        gc.strongs.shrink_to(gc.strongs.len() >> 2);
        gc.weaks.shrink_to(gc.weaks.len() >> 2);
        gc.weak_maps.shrink_to(gc.weak_maps.len() >> 2);
    }

    fn trace_non_roots(gc: &BoaGc) {
        // Count all the handles located in GC heap.
        // Then, we can find whether there is a reference from other places, and they are the roots.
        for node in &gc.strongs {
            // SAFETY: node must be valid as this phase cannot drop any node.
            let trace_non_roots_fn = unsafe { node.as_ref() }.trace_non_roots_fn();

            // SAFETY: The function pointer is appropriate for this node type because we extract it from it's VTable.
            unsafe {
                trace_non_roots_fn(*node);
            }
        }

        for eph in &gc.weaks {
            // SAFETY: node must be valid as this phase cannot drop any node.
            let eph_ref = unsafe { eph.as_ref() };
            eph_ref.trace_non_roots();
        }
    }

    /// Walk the heap and mark any nodes deemed reachable
    fn mark_heap(
        tracer: &mut Tracer,
        strongs: &[GcErasedPointer],
        weaks: &[EphemeronPointer],
        weak_maps: &[ErasedWeakMapBoxPointer],
    ) -> Unreachables {
        // Walk the list, tracing and marking the nodes
        let mut strong_dead = Vec::new();
        let mut pending_ephemerons = Vec::new();

        // === Preliminary mark phase ===
        //
        // 0. Get the naive list of possibly dead nodes.
        for node in strongs {
            // SAFETY: node must be valid as this phase cannot drop any node.
            let node_ref = unsafe { node.as_ref() };
            if node_ref.is_rooted() {
                tracer.enqueue(*node);

                // SAFETY: all nodes must be valid as this phase cannot drop any node.
                unsafe {
                    tracer.trace_until_empty();
                }
            } else if !node_ref.is_marked() {
                strong_dead.push(*node);
            }
        }

        // 0.1. Early return if there are no ephemerons in the GC
        if weaks.is_empty() {
            strong_dead.retain_mut(|node| {
                // SAFETY: node must be valid as this phase cannot drop any node.
                unsafe { !node.as_ref().is_marked() }
            });
            return Unreachables {
                strong: strong_dead,
                weak: Vec::new(),
            };
        }

        // === Weak mark phase ===
        //
        //
        // 1. Get the naive list of ephemerons that are supposedly dead or their key is dead and
        // trace all the ephemerons that have roots and their keys are live. Also remove from
        // this list the ephemerons that are marked but their value is dead.
        for eph in weaks {
            // SAFETY: node must be valid as this phase cannot drop any node.
            let eph_ref = unsafe { eph.as_ref() };
            let header = eph_ref.header();
            if header.is_rooted() {
                header.mark();
            }
            // SAFETY: the garbage collector ensures `eph_ref` always points to valid data.
            if unsafe { !eph_ref.trace(tracer) } {
                pending_ephemerons.push(*eph);
            }

            // SAFETY: all nodes must be valid as this phase cannot drop any node.
            unsafe {
                tracer.trace_until_empty();
            }
        }

        // 2. Trace all the weak pointers in the live weak maps to make sure they do not get swept.
        for w in weak_maps {
            // SAFETY: node must be valid as this phase cannot drop any node.
            let node_ref = unsafe { w.as_ref() };

            // SAFETY: The garbage collector ensures that all nodes are valid.
            unsafe { node_ref.trace(tracer) };

            // SAFETY: all nodes must be valid as this phase cannot drop any node.
            unsafe {
                tracer.trace_until_empty();
            }
        }

        // 3. Iterate through all pending ephemerons, removing the ones which have been successfully
        // traced. If there are no changes in the pending ephemerons list, it means that there are no
        // more reachable ephemerons from the remaining ephemeron values.
        let mut previous_len = pending_ephemerons.len();
        loop {
            pending_ephemerons.retain_mut(|eph| {
                // SAFETY: node must be valid as this phase cannot drop any node.
                let eph_ref = unsafe { eph.as_ref() };
                // SAFETY: the garbage collector ensures `eph_ref` always points to valid data.
                let is_key_marked = unsafe { !eph_ref.trace(tracer) };

                // SAFETY: all nodes must be valid as this phase cannot drop any node.
                unsafe {
                    tracer.trace_until_empty();
                }

                is_key_marked
            });

            if previous_len == pending_ephemerons.len() {
                break;
            }

            previous_len = pending_ephemerons.len();
        }

        // 4. The remaining list should contain the ephemerons that are either unreachable or its key
        // is dead. Cleanup the strong pointers since this procedure could have marked some more strong
        // pointers.
        strong_dead.retain_mut(|node| {
            // SAFETY: node must be valid as this phase cannot drop any node.
            unsafe { !node.as_ref().is_marked() }
        });

        Unreachables {
            strong: strong_dead,
            weak: pending_ephemerons,
        }
    }

    /// # Safety
    ///
    /// Passing a `strong` or a `weak` vec with invalid pointers will result in Undefined Behaviour.
    unsafe fn finalize(unreachables: Unreachables) {
        for node in unreachables.strong {
            // SAFETY: The caller must ensure all pointers inside `unreachables.strong` are valid.
            let node_ref = unsafe { node.as_ref() };
            let run_finalizer_fn = node_ref.run_finalizer_fn();

            // SAFETY: The function pointer is appropriate for this node type because we extract it from it's VTable.
            unsafe {
                run_finalizer_fn(node);
            }
        }
        for node in unreachables.weak {
            // SAFETY: The caller must ensure all pointers inside `unreachables.weak` are valid.
            let node = unsafe { node.as_ref() };
            node.finalize_and_clear();
        }
    }

    /// # Safety
    ///
    /// - Providing an invalid pointer in the `heap_start` or in any of the headers of each
    ///   node will result in Undefined Behaviour.
    /// - Providing a list of pointers that weren't allocated by `Box::into_raw(Box::new(..))`
    ///   will result in Undefined Behaviour.
    unsafe fn sweep(
        strong: &mut Vec<GcErasedPointer>,
        weak: &mut Vec<EphemeronPointer>,
        total_allocated: &mut usize,
    ) {
        let _guard = DropGuard::new();

        strong.retain(|node| {
            // SAFETY: The caller must ensure the validity of every node of `heap_start`.
            let node_ref = unsafe { node.as_ref() };
            if node_ref.is_marked() {
                node_ref.header.unmark();
                node_ref.reset_non_root_count();

                true
            } else {
                // SAFETY: The algorithm ensures only unmarked/unreachable pointers are dropped.
                // The caller must ensure all pointers were allocated by `Box::into_raw(Box::new(..))`.
                let drop_fn = node_ref.drop_fn();
                let size = node_ref.size();
                *total_allocated -= size;

                // SAFETY: The function pointer is appropriate for this node type because we extract it from it's VTable.
                unsafe {
                    drop_fn(*node);
                }

                false
            }
        });

        weak.retain(|eph| {
            // SAFETY: The caller must ensure the validity of every node of `heap_start`.
            let eph_ref = unsafe { eph.as_ref() };
            let header = eph_ref.header();
            if header.is_marked() {
                header.unmark();
                header.reset_non_root_count();

                true
            } else {
                // SAFETY: The algorithm ensures only unmarked/unreachable pointers are dropped.
                // The caller must ensure all pointers were allocated by `Box::into_raw(Box::new(..))`.
                let unmarked_eph = unsafe { Box::from_raw(eph.as_ptr()) };
                let unallocated_bytes = size_of_val(&*unmarked_eph);
                *total_allocated -= unallocated_bytes;

                false
            }
        });
    }

    // Clean up the heap when BoaGc is dropped
    fn dump(gc: &mut BoaGc) {
        gc.strongs.append(&mut gc.sealed_strongs);
        gc.weaks.append(&mut gc.sealed_weaks);
        // Weak maps have to be dropped first, since the process dereferences GcBoxes.
        // This can be done without initializing a dropguard since no GcBox's are being dropped.
        for node in mem::take(&mut gc.weak_maps) {
            // SAFETY:
            // The `Allocator` must always ensure its start node is a valid, non-null pointer that
            // was allocated by `Box::from_raw(Box::new(..))`.
            let _unmarked_node = unsafe { Box::from_raw(node.as_ptr()) };
        }

        // Not initializing a dropguard since this should only be invoked when BOA_GC is being dropped.
        let _guard = DropGuard::new();

        for node in mem::take(&mut gc.strongs) {
            // SAFETY:
            // The `Allocator` must always ensure its start node is a valid, non-null pointer that
            // was allocated by `Box::from_raw(Box::new(..))`.
            let drop_fn = unsafe { node.as_ref() }.drop_fn();

            // SAFETY: The function pointer is appropriate for this node type because we extract it from it's VTable.
            unsafe {
                drop_fn(node);
            }
        }

        for node in mem::take(&mut gc.weaks) {
            // SAFETY:
            // The `Allocator` must always ensure its start node is a valid, non-null pointer that
            // was allocated by `Box::from_raw(Box::new(..))`.
            let _unmarked_node = unsafe { Box::from_raw(node.as_ptr()) };
        }
    }
}

/// Forcefully runs a garbage collection of all inaccessible nodes, in every heap of the thread
/// that may have new garbage (one allocated into or entered since its last collection) and in
/// the shared heap.
///
/// The shared heap goes last: what the others free may let go of its allocations.
pub fn force_collect() {
    BOA_GC.with(|current| {
        let mut heaps = current.borrow_mut();
        heaps.retire_pending();
        let count = heaps.heaps.len();
        for index in (1..count).chain([0]) {
            if let Some(gc) = heaps.heaps[index].as_mut()
                && (gc.dirty || index == 0)
                && gc.runtime.bytes_allocated > 0
            {
                // Heap ids are made from `u32`s (`Heaps::create`).
                #[allow(clippy::cast_possible_truncation)]
                Collector::collect(gc, index as u32);
            }
        }
    });
}

/// Makes the next allocation of a GC box on this thread collect the heap it allocates in, as if
/// the heap had reached its threshold. For an embedder that counts memory the collector does not
/// see (what boxes own: strings, property tables): it may ask from inside its global allocator,
/// since this only sets a thread-local flag.
pub fn request_collection() {
    let _ = COLLECTION_REQUESTED.try_with(|requested| requested.set(true));
}

/// Collects the thread's shared heap only: what is allocated outside any [`Heap::enter`] and
/// what retired heaps left behind.
pub fn collect_shared_heap() {
    BOA_GC.with(|current| {
        let mut heaps = current.borrow_mut();
        heaps.retire_pending();
        let (id, gc) = heaps.get_mut(SHARED_HEAP);
        if gc.runtime.bytes_allocated > 0 {
            Collector::collect(gc, id);
        }
    });
}

#[cfg(test)]
mod test;

/// Returns `true` is any weak maps are currently allocated.
#[cfg(test)]
#[must_use]
pub fn has_weak_maps() -> bool {
    BOA_GC.with(|current| {
        let heaps = current.borrow();

        heaps
            .heaps
            .iter()
            .flatten()
            .any(|gc| !gc.weak_maps.is_empty())
    })
}
