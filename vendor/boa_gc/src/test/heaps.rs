//! Heaps of their own: a collection traces one heap, references between heaps act as roots,
//! and a retired heap's survivors join the shared heap.

use std::{cell::Cell, rc::Rc};

use boa_macros::{Finalize, Trace};

use super::run_test;
use crate::{Ephemeron, Gc, GcRefCell, Heap, WeakGc, force_collect};

/// Counts the drops of its node, so a test sees exactly what a collection freed.
struct DropCount(Rc<Cell<usize>>);

impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[derive(Trace, Finalize)]
struct Node {
    #[unsafe_ignore_trace]
    _drops: DropCount,
    next: GcRefCell<Option<Gc<Node>>>,
}

impl Node {
    fn new(drops: &Rc<Cell<usize>>) -> Gc<Self> {
        Gc::new(Self {
            _drops: DropCount(drops.clone()),
            next: GcRefCell::new(None),
        })
    }

    fn link(&self, next: &Gc<Self>) {
        *self.next.borrow_mut() = Some(next.clone());
    }
}

#[test]
fn a_collection_frees_only_its_own_heap() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let (a, b) = (Heap::new(), Heap::new());
        let a_garbage = {
            let _in_a = a.enter();
            let first = Node::new(&drops);
            let second = Node::new(&drops);
            first.link(&second);
            second.link(&first); // a cycle, only a trace frees it
            a.allocated_bytes()
        };
        assert!(a_garbage > 0);
        {
            let _in_b = b.enter();
            let first = Node::new(&drops);
            let second = Node::new(&drops);
            first.link(&second);
            second.link(&first);
        }
        b.collect();
        assert_eq!(drops.get(), 2, "b's cycle is freed");
        assert_eq!(a.allocated_bytes(), a_garbage, "a is untouched");
        a.collect();
        assert_eq!(drops.get(), 4);
        assert_eq!(a.allocated_bytes(), 0);
    });
}

#[test]
fn a_reference_from_another_heap_is_a_root() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let (a, b) = (Heap::new(), Heap::new());
        let target = {
            let _in_a = a.enter();
            let target = Node::new(&drops);
            target.link(&Node::new(&drops));
            target
        };
        let holder = {
            let _in_b = b.enter();
            let holder = Node::new(&drops);
            holder.link(&target);
            holder
        };
        drop(target);
        a.collect();
        assert_eq!(drops.get(), 0, "b still refers to a's node");
        // b traces its own nodes and does not touch a's counts or marks.
        b.collect();
        a.collect();
        assert_eq!(drops.get(), 0);
        let next = holder.next.borrow().clone().expect("linked");
        assert!(
            next.next.borrow().is_some(),
            "a's node and what it holds are intact"
        );
        drop(next);

        drop(holder);
        b.collect(); // frees the holder, which lets go of a's node
        assert_eq!(drops.get(), 1);
        a.collect();
        assert_eq!(drops.get(), 3);
    });
}

#[test]
fn a_retired_heap_keeps_what_is_still_referenced() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let kept = {
            let heap = Heap::new();
            let in_heap = heap.enter();
            let kept = Node::new(&drops);
            kept.link(&Node::new(&drops));
            let garbage = Node::new(&drops);
            garbage.link(&garbage);
            drop(garbage);
            drop(in_heap);
            drop(heap); // collects, then hands the survivors to the shared heap
            assert_eq!(drops.get(), 1);
            kept
        };
        // The retired id is reused; the survivors are not in the new heap.
        let reused = Heap::new();
        reused.collect();
        assert!(kept.next.borrow().is_some());
        assert_eq!(reused.allocated_bytes(), 0);
        drop(kept);
        crate::collect_shared_heap();
        assert_eq!(drops.get(), 3);
    });
}

#[test]
fn an_ephemeron_lives_in_its_keys_heap() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let (a, b) = (Heap::new(), Heap::new());
        let key = {
            let _in_a = a.enter();
            Node::new(&drops)
        };
        // Made while b is current, it still belongs to a: a's collection must see the key's death.
        let (weak, ephemeron) = {
            let _in_b = b.enter();
            (WeakGc::new(&key), Ephemeron::new(&key, Node::new(&drops)))
        };
        b.collect();
        a.collect();
        assert!(weak.upgrade().is_some());
        assert!(ephemeron.value().is_some());
        drop(key);
        a.collect();
        assert!(weak.upgrade().is_none(), "cleared by the key's heap");
        assert!(!ephemeron.has_value());
        b.collect(); // the value lived in b; the cleared ephemeron let go of it
        assert_eq!(drops.get(), 2);
    });
}

#[test]
fn a_heap_dropped_during_a_collection_is_retired_by_the_next() {
    /// Drops a heap from its finalizer-driven drop, while the collector holds the heaps.
    #[derive(Trace, Finalize)]
    struct HeapOwner {
        #[unsafe_ignore_trace]
        _heap: Cell<Option<Heap>>,
    }

    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let inner = Heap::new();
        let survivor = {
            let _in_inner = inner.enter();
            Node::new(&drops)
        };
        let owner = Gc::new(HeapOwner {
            _heap: Cell::new(Some(inner)),
        });
        drop(owner);
        force_collect(); // drops `inner` inside the sweep: deferred
        force_collect(); // retires it: the survivor joins the shared heap
        assert_eq!(drops.get(), 0);
        drop(survivor);
        force_collect();
        assert_eq!(drops.get(), 1);
    });
}

#[test]
fn two_heaps_interleave_allocation_and_retirement() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let long_lived = Heap::new();
        let root = {
            let _in = long_lived.enter();
            Node::new(&drops)
        };
        let mut tail = root.clone();
        let mut made = 1;
        for round in 0..200 {
            let short = Heap::new();
            {
                let _in_short = short.enter();
                let garbage = Node::new(&drops);
                garbage.link(&garbage);
                made += 1;
            }
            {
                let _in_long = long_lived.enter();
                let next = Node::new(&drops);
                tail.link(&next);
                tail = next;
                made += 1;
            }
            if round % 3 == 0 {
                long_lived.collect();
            }
            drop(short);
        }
        long_lived.collect();
        assert_eq!(
            drops.get(),
            200,
            "every short-lived cycle, nothing of the chain"
        );
        let mut length = 1;
        let mut node = root.clone();
        loop {
            let next = node.next.borrow().clone();
            let Some(next) = next else { break };
            length += 1;
            node = next;
        }
        assert_eq!(length, 201);
        drop((node, tail, root));
        drop(long_lived);
        force_collect();
        assert_eq!(drops.get(), made);
    });
}

#[test]
fn a_full_collection_skips_heaps_untouched_since_their_last() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let heap = Heap::new();
        let node = {
            let _in_heap = heap.enter();
            Node::new(&drops)
        };
        heap.collect();
        drop(node); // outside `enter`: the heap is not told
        force_collect();
        assert_eq!(drops.get(), 0, "a clean heap is skipped");
        drop(heap.enter());
        force_collect();
        assert_eq!(drops.get(), 1, "entering it makes it due");
    });
}

#[test]
fn a_requested_collection_runs_at_the_next_allocation() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let heap = Heap::new();
        let _in_heap = heap.enter();
        let garbage = Node::new(&drops);
        garbage.link(&garbage);
        drop(garbage);
        crate::request_collection();
        assert_eq!(drops.get(), 0, "nothing runs until an allocation");
        let _next = Node::new(&drops);
        assert_eq!(drops.get(), 1, "the allocation collected first");
    });
}

#[test]
fn a_heap_counts_its_own_collections_of_every_kind() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let (heap, other) = (Heap::new(), Heap::new());
        let in_heap = heap.enter();
        let _node = Node::new(&drops);
        assert_eq!(heap.collections(), 0);
        heap.collect();
        assert_eq!((heap.collections(), other.collections()), (1, 0), "only the heap collected");
        crate::request_collection();
        let _next = Node::new(&drops);
        assert_eq!(heap.collections(), 2, "a collection the allocator ran counts too");
        assert_eq!(other.collections(), 0);
        drop(in_heap);
    });
}

#[test]
fn threads_collecting_at_once_each_count_only_their_own_heap() {
    // Each thread's collections count non-roots against the heap that thread collects: with two
    // threads holding heaps, that is read from each thread's own state, never a shared one.
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let collect_on_a_thread = || {
        let start = start.clone();
        std::thread::spawn(move || {
            let drops = Rc::new(Cell::new(0));
            let (a, b) = (Heap::new(), Heap::new());
            let target = {
                let _in_a = a.enter();
                Node::new(&drops)
            };
            let holder = {
                let _in_b = b.enter();
                let holder = Node::new(&drops);
                holder.link(&target);
                holder
            };
            drop(target);
            start.wait();
            for _ in 0..20_000 {
                {
                    let _in_a = a.enter();
                    let first = Node::new(&drops);
                    first.link(&Node::new(&drops));
                }
                a.collect();
                b.collect();
            }
            assert_eq!(drops.get(), 40_000, "only each round's garbage was freed");
            assert!(holder.next.borrow().is_some(), "b's reference kept a's node");
        })
    };
    let (one, other) = (collect_on_a_thread(), collect_on_a_thread());
    one.join().unwrap();
    other.join().unwrap();
}

#[test]
fn a_sealed_heap_keeps_its_allocations_until_it_is_retired() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let heap = Heap::new();
        let kept = {
            let _in_heap = heap.enter();
            let first = Node::new(&drops);
            let second = Node::new(&drops);
            first.link(&second);
            second.link(&first); // garbage already, a cycle
            Node::new(&drops)
        };
        heap.seal();
        heap.collect();
        drop(kept);
        heap.collect();
        assert_eq!(drops.get(), 0, "sealed allocations wait for the heap's retirement");
        drop(heap);
        assert_eq!(drops.get(), 3, "and are freed with it");
    });
}

#[test]
fn a_sealed_allocation_is_a_root_for_what_it_refers_to() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let heap = Heap::new();
        let sealed = {
            let _in_heap = heap.enter();
            Node::new(&drops)
        };
        heap.seal();
        {
            let _in_heap = heap.enter();
            sealed.link(&Node::new(&drops));
            // Unreachable, though it refers to the sealed node.
            let first = Node::new(&drops);
            let second = Node::new(&drops);
            first.link(&second);
            second.link(&sealed);
        }
        heap.collect();
        assert_eq!(drops.get(), 2, "the garbage is freed, the sealed node's child is not");
        *sealed.next.borrow_mut() = None;
        heap.collect();
        assert_eq!(drops.get(), 3, "once let go of, the child is garbage like any other");
        drop(heap);
        assert_eq!(drops.get(), 3, "`sealed` is still held");
        drop(sealed);
        force_collect();
        assert_eq!(drops.get(), 4, "in the shared heap since its own was retired");
    });
}

#[test]
fn an_ephemeron_of_a_sealed_key_is_collected_on_its_own() {
    run_test(|| {
        let drops = Rc::new(Cell::new(0));
        let heap = Heap::new();
        let key = {
            let _in_heap = heap.enter();
            Node::new(&drops)
        };
        heap.seal();
        let _in_heap = heap.enter();
        let weak = WeakGc::new(&key);
        let ephemeron = Ephemeron::new(&key, Node::new(&drops));
        heap.collect();
        assert!(weak.upgrade().is_some());
        assert!(ephemeron.value().is_some(), "a sealed key is alive");
        assert_eq!(drops.get(), 0);
        drop(ephemeron);
        heap.collect();
        assert_eq!(drops.get(), 1, "a dropped ephemeron's value is freed");
        drop(_in_heap);
        drop(key);
    });
}
