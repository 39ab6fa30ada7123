use arrayvec::ArrayVec;
use itertools::Itertools;
use std::{cell::Cell, fmt};

use boa_gc::GcRefCell;
use boa_macros::{Finalize, Trace};

use crate::{
    JsString, JsValue,
    object::{
        ErasedObject,
        shape::{Shape, WeakShape, slot::Slot},
    },
};

#[cfg(test)]
mod tests;

pub(crate) const PIC_CAPACITY: usize = 4;

/// A cached shape-to-slot mapping for a polymorphic inline cache.
#[derive(Clone, Debug, Trace, Finalize)]
pub(crate) struct CacheEntry {
    /// A weak reference is kept to the shape to avoid the shape preventing deallocation.
    pub(crate) shape: WeakShape,
    /// For a slot in the prototype: the prototype's shape when the slot was found there. The
    /// entry is keyed by the object's shape, which does not change when its prototype gains,
    /// loses or reorders properties; the prototype's shape does, and the slot's index may then
    /// name another property or none.
    prototype_shape: Option<WeakShape>,
    #[unsafe_ignore_trace]
    pub(crate) slot: Slot,
}

/// What a cache hit found: where the property is, and for a slot in the prototype, the
/// prototype's storage entry, read while the prototype's shape was checked.
pub(crate) struct CacheHit {
    pub(crate) slot: Slot,
    prototype_entry: Option<JsValue>,
}

impl CacheHit {
    /// Whether the slot is in the prototype.
    pub(crate) const fn in_prototype(&self) -> bool {
        self.prototype_entry.is_some()
    }

    /// The slot's storage entry (for an accessor, its getter, or its setter if `setter`), from
    /// `object` (whose shape hit) or from the prototype.
    #[inline]
    pub(crate) fn read(self, object: &ErasedObject, setter: bool) -> JsValue {
        match self.prototype_entry {
            Some(entry) => entry,
            None => object.properties().storage[entry_index(self.slot, setter)].clone(),
        }
    }
}

/// Where the storage entry of `slot` is: an accessor's setter is past its getter.
fn entry_index(slot: Slot, setter: bool) -> usize {
    slot.index as usize + usize::from(setter && slot.attributes.is_accessor_descriptor())
}

/// A shape transition an object made at a `DefineOwnPropertyByName` site: adding the site's
/// property (writable, enumerable, configurable) to an object of shape `from` gives shape `to`.
/// Both weak, so that a cache in code shared by engines keeps no engine's shapes alive.
#[derive(Clone, Debug, Trace, Finalize)]
pub(crate) struct Transition {
    from: WeakShape,
    to: WeakShape,
}

/// An inline cache entry for a property access.
#[derive(Clone, Debug, Trace, Finalize)]
pub(crate) struct InlineCache {
    /// The property that is accessed.
    pub(crate) name: JsString,

    /// Multiple cached shape-to-slot entries.
    pub(crate) entries: GcRefCell<ArrayVec<CacheEntry, PIC_CAPACITY>>,

    /// Whether this access site has seen too many shapes and should no longer be cached.
    #[unsafe_ignore_trace]
    pub(crate) megamorphic: Cell<bool>,

    /// The realm (its address) whose shapes the entries and the megamorphic state describe.
    /// Compiled code can be shared by realms (an embedder's code cache), and a realm's objects
    /// never have another realm's shapes: a site run in a new realm starts afresh instead of
    /// counting the old realm's shapes toward megamorphism, which made every shared site
    /// megamorphic from the fifth realm on.
    #[unsafe_ignore_trace]
    realm: Cell<usize>,

    /// For a definition site (`DefineOwnPropertyByName`): the last transition made there, in
    /// `realm`.
    transition: GcRefCell<Option<Transition>>,
}

impl fmt::Display for InlineCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(name:{} entries:", self.name.display_escaped())?;

        if self.megamorphic.get() {
            return write!(f, "(megamorphic))");
        }

        let entries = self.entries.borrow();
        let entries = entries.iter().map(|e| e.shape.to_addr_usize()).format(", ");

        write!(f, "({entries:#x}))")
    }
}

impl InlineCache {
    pub(crate) fn new(name: JsString) -> Self {
        Self {
            name,
            entries: GcRefCell::new(ArrayVec::new()),
            megamorphic: Cell::new(false),
            realm: Cell::new(0),
            transition: GcRefCell::new(None),
        }
    }

    /// The shape an object of shape `from` gets by the definition at this site, if the site
    /// made that transition last, in the realm at address `realm`.
    pub(crate) fn transition(&self, realm: usize, from: &Shape) -> Option<Shape> {
        if self.realm.get() != realm {
            return None;
        }
        let transition = self.transition.borrow();
        let transition = transition.as_ref()?;
        if !transition.from.is(from) {
            return None;
        }
        transition.to.upgrade()
    }

    /// Records that the definition at this site took an object from `from` to `to`.
    pub(crate) fn set_transition(&self, realm: usize, from: &Shape, to: &Shape) {
        self.enter_realm(realm);
        *self.transition.borrow_mut() = Some(Transition { from: from.into(), to: to.into() });
    }

    /// Makes the realm at address `realm` the one this cache describes, forgetting what it knew
    /// of another.
    fn enter_realm(&self, realm: usize) {
        if self.realm.get() != realm {
            self.realm.set(realm);
            self.megamorphic.set(false);
            self.entries.borrow_mut().clear();
        }
    }

    /// Caches `shape` → `slot` for a lookup made in the realm at address `realm`.
    ///
    /// A slot in the prototype of an object with a unique shape is not cached: an own property
    /// added to a unique shape keeps the shape, so the cache could not see it shadow the
    /// prototype's.
    pub(crate) fn set(&self, realm: usize, shape: &Shape, slot: Slot) {
        self.enter_realm(realm);
        if self.megamorphic.get() {
            return;
        }
        let prototype_shape = if slot.in_prototype() {
            if shape.is_unique() {
                return;
            }
            let Some(prototype) = shape.prototype() else {
                return;
            };
            Some(WeakShape::from(prototype.borrow().shape()))
        } else {
            None
        };

        let mut entries = self.entries.borrow_mut();

        // Add a new entry if there's space.
        if entries
            .try_push(CacheEntry {
                shape: shape.into(),
                prototype_shape,
                slot,
            })
            .is_err()
        {
            // Polymorphic cache is full, transition to megamorphic.
            self.megamorphic.set(true);
            entries.clear();
        }
    }

    /// Returns the cached slot if `shape` is in the inline cache; for a slot in the prototype,
    /// with its storage entry (the setter's, for an accessor, if `setter`). The caller holds
    /// `shape` (its object's), so nothing is upgraded: a hit on an own slot takes no reference
    /// count.
    ///
    /// An entry whose prototype has changed its layout since is dropped. Opportunistically
    /// cleans up stale weak shape references during lookup.
    pub(crate) fn get(&self, shape: &Shape, setter: bool) -> Option<CacheHit> {
        if self.megamorphic.get() {
            return None;
        }

        let mut entries = self.entries.borrow_mut();
        let mut i = 0;
        while i < entries.len() {
            if entries[i].shape.is(shape) {
                let slot = entries[i].slot;
                let Some(prototype_shape) = &entries[i].prototype_shape else {
                    return Some(CacheHit {
                        slot,
                        prototype_entry: None,
                    });
                };
                let prototype = shape.prototype()?;
                let prototype = prototype.borrow();
                if prototype_shape.is(prototype.shape()) {
                    let entry = prototype.properties().storage[entry_index(slot, setter)].clone();
                    return Some(CacheHit {
                        slot,
                        prototype_entry: Some(entry),
                    });
                }
                drop(prototype);
                entries.swap_remove(i);
                return None;
            }
            if entries[i].shape.is_alive() {
                i += 1;
            } else {
                // Opportunistically clean up stale weak shapes.
                entries.swap_remove(i);
            }
        }
        None
    }
}
