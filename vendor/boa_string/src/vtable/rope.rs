//! `VTable` implementations for [`RopeString`].
//!
//! A rope is the lazy concatenation of two strings: creating one copies nothing, and the code
//! units are only gathered into a flat string the first time they are read. This makes building a
//! string with repeated `s += x` linear instead of quadratic, like the cons strings of other
//! engines. Ropes can be arbitrarily deep (one node per append), so flattening and dropping are
//! iterative.
use crate::iter::CodePointsIter;
use crate::r#type::{Latin1, Utf16};
use crate::vtable::{JsStringVTable, SequenceString};
use crate::{JsStr, JsStrVariant, JsString, JsStringKind};
use std::cell::{Cell, UnsafeCell};
use std::process::abort;
use std::ptr::{self, NonNull};

/// The contents of a rope: its two halves until it is first read, then the flat string.
enum RopeState {
    Parts(JsString, JsString),
    Flat(JsString),
    /// Left behind while a rope that is being dropped hands its halves over.
    Taken,
}

/// The concatenation of two strings, flattened on first read.
#[repr(C)]
pub(crate) struct RopeString {
    /// Embedded `VTable` - must be the first field for vtable dispatch.
    vtable: JsStringVTable,
    refcount: Cell<usize>,
    /// Whether every code unit fits in Latin1, known without flattening.
    latin1: bool,
    /// Only accessed by the functions of this module, never across a call that could reach
    /// the same rope again (flattening reads other ropes, but never flattens them).
    state: UnsafeCell<RopeState>,
}

impl RopeString {
    /// Creates a rope of `left` followed by `right`. The caller checks that the total length
    /// does not overflow.
    pub(crate) fn create(left: JsString, right: JsString) -> JsString {
        let rope = Box::new(RopeString {
            vtable: JsStringVTable {
                clone: rope_clone,
                drop: rope_drop,
                as_str: rope_as_str,
                code_points: rope_code_points,
                refcount: rope_refcount,
                len: left.len() + right.len(),
                kind: JsStringKind::Rope,
            },
            refcount: Cell::new(1),
            latin1: is_latin1(&left) && is_latin1(&right),
            state: UnsafeCell::new(RopeState::Parts(left, right)),
        });
        // SAFETY: `RopeString` starts with its vtable, as `JsString` requires.
        unsafe { JsString::from_ptr(NonNull::from(Box::leak(rope)).cast()) }
    }

    /// Returns the flat string, gathering the code units of the halves on first use.
    fn flatten(&self) -> &JsString {
        // SAFETY: see the `state` field; no other reference to the state is alive here.
        if let RopeState::Flat(flat) = unsafe { &*self.state.get() } {
            return flat;
        }
        let flat = self.gather();
        // SAFETY: as above; the halves are dropped after the state no longer refers to them.
        let parts = unsafe { ptr::replace(self.state.get(), RopeState::Flat(flat)) };
        drop_state(parts);
        // SAFETY: as above.
        match unsafe { &*self.state.get() } {
            RopeState::Flat(flat) => flat,
            _ => unreachable!("the rope was just flattened"),
        }
    }

    /// Copies the leaves of this rope, left to right, into a new sequence string.
    fn gather(&self) -> JsString {
        let len = self.vtable.len;
        let mut written = 0;
        if self.latin1 {
            let seq = SequenceString::<Latin1>::allocate(len);
            // SAFETY: `allocate` returns a valid sequence string with room for `len` elements.
            let data = unsafe { (&raw mut (*seq.as_ptr()).data).cast::<u8>() };
            self.for_each_leaf(|leaf| {
                let JsStrVariant::Latin1(leaf) = leaf.variant() else {
                    unreachable!("a Latin1 rope only has Latin1 leaves")
                };
                assert!(written + leaf.len() <= len, "rope length mismatch");
                // SAFETY: the write stays within the new allocation, which cannot overlap `leaf`.
                unsafe { ptr::copy_nonoverlapping(leaf.as_ptr(), data.add(written), leaf.len()) };
                written += leaf.len();
            });
            assert_eq!(written, len, "rope length mismatch");
            // SAFETY: all `len` elements were initialized above.
            unsafe { JsString::from_ptr(seq.cast()) }
        } else {
            let seq = SequenceString::<Utf16>::allocate(len);
            // SAFETY: `allocate` returns a valid sequence string with room for `len` elements.
            let data = unsafe { (&raw mut (*seq.as_ptr()).data).cast::<u16>() };
            self.for_each_leaf(|leaf| {
                assert!(written + leaf.len() <= len, "rope length mismatch");
                // SAFETY: the writes stay within the new allocation, which cannot overlap `leaf`.
                unsafe {
                    let dst = data.add(written);
                    match leaf.variant() {
                        JsStrVariant::Latin1(s) => {
                            for (i, &b) in s.iter().enumerate() {
                                dst.add(i).write(u16::from(b));
                            }
                        }
                        JsStrVariant::Utf16(s) => ptr::copy_nonoverlapping(s.as_ptr(), dst, s.len()),
                    }
                }
                written += leaf.len();
            });
            assert_eq!(written, len, "rope length mismatch");
            // SAFETY: all `len` elements were initialized above.
            unsafe { JsString::from_ptr(seq.cast()) }
        }
    }

    /// Calls `f` on the leaves of this unflattened rope, left to right, without recursion.
    /// Ropes met on the way are read, never flattened.
    fn for_each_leaf(&self, mut f: impl FnMut(JsStr<'_>)) {
        let mut pending: Vec<&JsString> = Vec::new();
        // SAFETY: see the `state` field. The references stay valid: every node is kept alive
        // by this rope while it is being read.
        if let RopeState::Parts(left, right) = unsafe { &*self.state.get() } {
            pending.push(right);
            pending.push(left);
        }
        while let Some(string) = pending.pop() {
            if string.kind() == JsStringKind::Rope {
                // SAFETY: the kind was just checked.
                let rope: &RopeString = unsafe { string.as_inner() };
                // SAFETY: see the `state` field.
                match unsafe { &*rope.state.get() } {
                    RopeState::Parts(left, right) => {
                        pending.push(right);
                        pending.push(left);
                    }
                    RopeState::Flat(flat) => f(flat.as_str()),
                    RopeState::Taken => unreachable!("a live rope is never taken"),
                }
            } else {
                f(string.as_str());
            }
        }
    }
}

/// Whether every code unit of `string` fits in Latin1, without flattening a rope.
fn is_latin1(string: &JsString) -> bool {
    if string.kind() == JsStringKind::Rope {
        // SAFETY: the kind was just checked.
        let rope: &RopeString = unsafe { string.as_inner() };
        rope.latin1
    } else {
        string.as_str().is_latin1()
    }
}

/// Drops the strings held by a rope state without recursing into deep ropes: the halves of
/// ropes that are about to be freed are taken over first.
fn drop_state(state: RopeState) {
    let mut pending = match state {
        RopeState::Parts(left, right) => vec![left, right],
        RopeState::Flat(flat) => vec![flat],
        RopeState::Taken => Vec::new(),
    };
    while let Some(string) = pending.pop() {
        if string.kind() == JsStringKind::Rope && string.refcount() == Some(1) {
            // SAFETY: the kind was just checked; `string` is the last reference to this rope,
            // so nothing else can observe its state.
            let rope: &RopeString = unsafe { string.as_inner() };
            // SAFETY: as above.
            match unsafe { ptr::replace(rope.state.get(), RopeState::Taken) } {
                RopeState::Parts(left, right) => {
                    pending.push(left);
                    pending.push(right);
                }
                RopeState::Flat(flat) => pending.push(flat),
                RopeState::Taken => {}
            }
        }
        drop(string);
    }
}

#[inline]
fn rope_clone(vtable: NonNull<JsStringVTable>) -> JsString {
    // SAFETY: This is part of the correct vtable which is validated on construction.
    let this: &RopeString = unsafe { vtable.cast().as_ref() };
    let Some(strong) = this.refcount.get().checked_add(1) else {
        abort();
    };
    this.refcount.set(strong);
    // SAFETY: validated the string outside this function.
    unsafe { JsString::from_ptr(vtable) }
}

fn rope_drop(vtable: NonNull<JsStringVTable>) {
    // SAFETY: This is part of the correct vtable which is validated on construction.
    let this: &RopeString = unsafe { vtable.cast().as_ref() };
    let Some(new) = this.refcount.get().checked_sub(1) else {
        abort();
    };
    this.refcount.set(new);
    if new != 0 {
        return;
    }
    // SAFETY: This is the last reference, and the rope was allocated by `RopeString::create`.
    let rope = unsafe { Box::from_raw(vtable.cast::<RopeString>().as_ptr()) };
    drop_state(rope.state.into_inner());
}

fn rope_as_str(vtable: NonNull<JsStringVTable>) -> JsStr<'static> {
    // SAFETY: This is part of the correct vtable which is validated on construction.
    let this: &RopeString = unsafe { vtable.cast().as_ref() };
    // SAFETY: the flat string lives as long as the rope, which the `JsString` API ties the
    // returned lifetime to.
    unsafe { this.flatten().as_str().as_static() }
}

fn rope_code_points(vtable: NonNull<JsStringVTable>) -> CodePointsIter<'static> {
    CodePointsIter::new(rope_as_str(vtable))
}

/// `VTable` function for refcount, need to return an `Option<usize>`.
#[allow(clippy::unnecessary_wraps)]
fn rope_refcount(vtable: NonNull<JsStringVTable>) -> Option<usize> {
    // SAFETY: This is part of the correct vtable which is validated on construction.
    let this: &RopeString = unsafe { vtable.cast().as_ref() };
    Some(this.refcount.get())
}
