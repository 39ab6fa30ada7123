//! The bridge: marshalling between the host (Node) and a guest engine (Boa), both ways.
//!
//! - Guest objects reach the host as Node `Proxy` objects built by the host realm
//!   (`guest_proxy`); host objects reach the guest as Boa proxies (`host_proxy`).
//! - Errors, promises, dates, regexps and byte containers cross as copies (`errors`,
//!   `promises`, `copies`); symbols keep their identity where they have one (`symbols`).
//! - Identity holds both ways: the same object crossing twice gives the same proxy, and a proxy
//!   handed back is the original object. Neither identity map keeps anything alive.
//! - Intrinsics (`Object.prototype`, `Function`, …) cross as the other side's own, so no chain
//!   of prototypes or constructors leads from the guest to the host realm.

mod convert;
pub mod copies;
pub mod entry;
pub mod errors;
pub mod guest_proxy;
pub mod guest_traps;
pub mod host_proxy;
pub mod live_views;
pub mod napi;
pub mod orphans;
pub mod promises;
pub mod realm;
pub mod symbols;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use rustc_hash::FxHashMap;

use boa_engine::context::intrinsics::{StandardConstructor, StandardConstructors};
use boa_engine::object::WeakJsObject;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue, js_string};

use crate::contract::HostKind;
use crate::engine::{Engine, EngineError};
use napi::{NapiResult, Ref, Thrown, Value, env};
use realm::HostRealm;

pub use convert::{
    all_to_host, key_to_guest, key_to_host, prototype_to_host, string_to_guest, string_to_host, to_guest, to_host,
};

thread_local! {
    /// Host slots whose guest proxy Boa has collected, by bridge; only live bridges are keys.
    static RELEASED_SLOTS: RefCell<FxHashMap<u64, Vec<u32>>> = RefCell::new(FxHashMap::default());
    /// How many slots `RELEASED_SLOTS` holds, over all bridges: spares host→guest calls the
    /// map lookup while there are none (see [`BridgeState::reclaim_released_after_entry`]).
    static RELEASED_COUNT: Cell<usize> = const { Cell::new(0) };
}

/// Called from Boa's collector (`HostHandle::finalize`): must not touch any heap but ours.
pub(crate) fn released_slot(bridge: u64, slot: u32) {
    let _ = RELEASED_SLOTS.try_with(|released| {
        if let Ok(mut released) = released.try_borrow_mut()
            && let Some(list) = released.get_mut(&bridge)
        {
            list.push(slot);
            let _ = RELEASED_COUNT.try_with(|count| count.set(count.get() + 1));
        }
    });
}

/// Per-engine state of the bridge, attached to the engine as an extension.
pub struct BridgeState {
    /// This bridge, for the host proxies' slots (`guest_proxy::GuestRef`), which find it there
    /// instead of among the engine's extensions on every entry.
    pub(crate) this: Weak<BridgeState>,
    /// Identifies this bridge to the slots its proxies release.
    pub(crate) id: u64,
    pub realm: Rc<HostRealm>,
    /// Guest object address → the host proxy made for it.
    guest_proxies: RefCell<FxHashMap<usize, guest_proxy::Entry>>,
    /// Guest intrinsic address → index in the realm's intrinsics.
    guest_intrinsic_index: FxHashMap<usize, usize>,
    /// Index in the realm's intrinsics → the guest's own counterpart, if it has one.
    guest_intrinsics: Vec<Option<JsObject>>,
    /// Host `WeakMap`: host object → slot id.
    host_ids: Ref,
    /// The engine's anchor in the host heap (weak here): the object that holds every host value
    /// the guest holds (element `id` is the value of slot `id`), and the handler of the engine's
    /// host proxies. Everything on the host that keeps the engine alive keeps the anchor alive
    /// too (proxies through their handler; timers, promise callbacks and `index.js`'s engine
    /// records by a property), so the host values stay as long as the engine can run. And a
    /// cycle through the two heaps — the guest holds a host object (Emscripten's `Module`,
    /// from `contextObject` or a factory's argument) into which it put proxies of its own
    /// functions — is garbage to V8 once the host drops its side, where strong references from
    /// the engine would have kept it forever.
    anchor: Ref,
    /// Host values the guest holds, by slot id.
    host_slots: RefCell<HostSlots>,
    /// Guest proxy address → slot id, to hand host values back by identity.
    host_slot_by_guest: RefCell<FxHashMap<usize, u32>>,
    /// The shared traps of the guest's proxies of host values.
    pub(crate) host_traps: JsObject,
    pub(crate) symbols: symbols::SymbolTable,
    /// Host views of the engine's WebAssembly memory (see `copies`).
    pub live_views: Rc<live_views::LiveViews>,
    /// The guest's own `Reflect` functions the traps use, as they were when first used (see
    /// `BridgeState::guest_reflect`).
    pub(crate) guest_reflect: RefCell<Vec<(&'static str, JsObject)>>,
    /// An empty buffer with room, lent to each host call of a guest function for its
    /// arguments (`guest_traps::LentArgs`): a `Vec` allocated and freed per call was a
    /// measurable part of it. A re-entrant call finds it lent and makes its own.
    pub(crate) spare_args: Cell<Vec<JsValue>>,
}

/// A host value held for the guest (at index `id` of the anchor), and the guest object
/// standing for it.
pub(crate) struct HostSlot {
    pub guest: Option<WeakJsObject>,
    /// Released by its proxy's handler when Boa collects it (see `HostHandle`); other slots
    /// (copies of errors, promises) are found by sweeping.
    pub by_handle: bool,
}

struct SlotEntry {
    /// Bumped on reuse, so a stale id in the host map never names a new value.
    generation: u32,
    slot: Option<HostSlot>,
}

#[derive(Default)]
pub(crate) struct HostSlots {
    entries: Vec<SlotEntry>,
    free: Vec<u32>,
    live: usize,
    /// Sweep for dead guest objects once `live` reaches this.
    sweep_at: usize,
}

const FIRST_SWEEP: usize = 256;
/// Slot ids travel to the host map as `generation * SLOT_SPAN + index`.
const SLOT_SPAN: f64 = 16_777_216.0;
/// `identify` answers an intrinsic as `-1 - index` and an unknown value as `-KIND_BASE - kind`.
const KIND_BASE: f64 = crate::contract::IDENTIFY_KIND_BASE as f64;

impl BridgeState {
    /// Calls a realm helper from guest code, lending the guest frame's context to any entry the
    /// helper makes back into the engine (see [`crate::engine::lend`]).
    pub fn call(&self, context: &mut Context, function: &Ref, args: &[Value]) -> NapiResult<Value> {
        crate::engine::lend(context, || self.realm.call(function, args))
    }

    /// `function.call(this, ...args)` of any host function, from guest code (see
    /// [`BridgeState::call`]).
    pub fn call_host(&self, context: &mut Context, this: Value, function: Value, args: &[Value]) -> NapiResult<Value> {
        crate::engine::lend(context, || env().call(this, function, args))
    }

    /// `Reflect[name](...args)` of the host realm, from guest code (see [`BridgeState::call`]).
    pub fn reflect(&self, context: &mut Context, name: &'static std::ffi::CStr, args: &[Value]) -> NapiResult<Value> {
        crate::engine::lend(context, || self.realm.reflect(name, args))
    }

    pub fn new(realm: Rc<HostRealm>, context: &mut Context) -> JsResult<Rc<Self>> {
        let guest_intrinsics = guest_intrinsics(&realm, context)?;
        let guest_intrinsic_index =
            guest_intrinsics.iter().enumerate().filter_map(|(i, o)| o.as_ref().map(|o| (address(o), i))).collect();
        let identity = env()
            .construct(realm.weak_map.value(), &[])
            .and_then(Ref::strong)
            .map_err(|_| host_failure("could not set up the bridge"))?;
        let anchor = env().object().and_then(Ref::weak).map_err(|_| host_failure("could not set up the bridge"))?;
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        RELEASED_SLOTS.with(|released| released.borrow_mut().insert(id, Vec::new()));
        let host_traps = host_proxy::make_traps(context);
        Ok(Rc::new_cyclic(|this| Self {
            this: this.clone(),
            id,
            host_traps,
            symbols: symbols::SymbolTable::default(),
            live_views: Rc::default(),
            realm,
            guest_proxies: RefCell::default(),
            guest_intrinsic_index,
            guest_intrinsics,
            host_ids: identity,
            anchor,
            host_slots: RefCell::new(HostSlots { sweep_at: FIRST_SWEEP, ..HostSlots::default() }),
            host_slot_by_guest: RefCell::default(),
            guest_reflect: RefCell::default(),
            spare_args: Cell::default(),
        }))
    }

    /// The bridge of the engine running on this thread.
    pub fn current() -> Option<(Rc<Engine>, Rc<BridgeState>)> {
        let engine = Engine::current()?;
        let bridge = engine.extension::<BridgeState>()?;
        Some((engine, bridge))
    }

    pub fn guest_intrinsic(&self, index: usize) -> Option<&JsObject> {
        self.guest_intrinsics.get(index)?.as_ref()
    }

    /// The guest's own intrinsic of this name.
    pub fn guest_intrinsic_named(&self, name: &str) -> Option<&JsObject> {
        self.guest_intrinsic(self.realm.intrinsic_index(name)?)
    }

    /// Calls a function of the guest's `Reflect`: the one it had when the bridge first used it,
    /// so neither the lookup nor a guest's later change to `Reflect` is on every trap's path.
    pub(crate) fn guest_reflect(
        &self,
        context: &mut Context,
        name: &'static str,
        args: &[JsValue],
    ) -> JsResult<JsValue> {
        let known = self.guest_reflect.borrow().iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone());
        let function = match known {
            Some(function) => function,
            None => {
                let reflect =
                    self.guest_intrinsic_named("Reflect").ok_or_else(|| host_failure("Reflect is missing"))?;
                let function = reflect.get(js_string!(name), context)?;
                let function = function.as_callable().ok_or_else(|| host_failure("Reflect is missing"))?.clone();
                self.guest_reflect.borrow_mut().push((name, function.clone()));
                function
            }
        };
        function.call(&JsValue::undefined(), args, context)
    }

    /// The index of a guest intrinsic, if `object` is one.
    pub fn intrinsic_index_of(&self, object: &JsObject) -> Option<usize> {
        self.guest_intrinsic_index.get(&address(object)).copied()
    }

    /// The index of a generic guest intrinsic (see `Intrinsic::generic`), if `object` is one.
    pub fn generic_index_of(&self, object: &JsObject) -> Option<usize> {
        self.intrinsic_index_of(object).filter(|&i| self.realm.intrinsics[i].generic)
    }

    /// The engine's anchor (see the field). Whatever runs the engine holds it, so it is alive
    /// whenever this is called from guest code or a trap.
    pub fn anchor(&self) -> NapiResult<Value> {
        self.anchor.get().ok_or_else(|| env().throw_message("requireVM: the engine's host values were collected"))
    }

    /// The host value held in slot `id`.
    pub(crate) fn host_value(&self, id: u32) -> Option<Value> {
        self.host_slots.borrow().entries.get(id as usize)?.slot.as_ref()?;
        env().get_element(self.anchor.get()?, id).ok()
    }

    /// The slot a guest object stands for, if it is one of our proxies or copies.
    pub(crate) fn slot_of_guest(&self, object: &JsObject) -> Option<u32> {
        let id = *self.host_slot_by_guest.borrow().get(&address(object))?;
        let slots = self.host_slots.borrow();
        let slot = slots.entries.get(id as usize)?.slot.as_ref()?;
        // The address may belong to a new object if the old one died; check it is the same.
        let same = slot.guest.as_ref().and_then(WeakJsObject::upgrade).as_ref() == Some(object);
        same.then_some(id)
    }

    /// The host value a guest object stands for, if it is one of our proxies or copies.
    fn host_value_of(&self, object: &JsObject) -> Option<Value> {
        self.host_value(self.slot_of_guest(object)?)
    }

    /// Looks a host object up: `Known(guest)` if the guest already has it, else its kind.
    fn identify(&self, value: Value) -> NapiResult<Identity> {
        let env = env();
        let answer = env.call(env.undefined(), self.realm.identify.value(), &[self.host_ids.value(), value])?;
        let number = env.get_number(answer)?;
        if number <= -KIND_BASE {
            return match HostKind::from_number(-KIND_BASE - number) {
                Some(kind) => Ok(Identity::Kind(kind)),
                None => Err(env.throw_message(&format!("requireVM: identify reported no HostKind ({number})"))),
            };
        }
        if number < 0.0 {
            let index = (-1.0 - number) as usize;
            return Ok(match self.guest_intrinsic(index) {
                Some(intrinsic) => Identity::Known(intrinsic.clone().into()),
                // The guest has no counterpart: an ordinary host value then.
                None => Identity::Stale,
            });
        }
        let generation = (number / SLOT_SPAN) as u32;
        let index = (number % SLOT_SPAN) as usize;
        let slots = self.host_slots.borrow();
        let known = slots
            .entries
            .get(index)
            .filter(|entry| entry.generation == generation)
            .and_then(|entry| entry.slot.as_ref()?.guest.as_ref()?.upgrade());
        Ok(match known {
            Some(guest) => Identity::Known(guest.into()),
            None => Identity::Stale,
        })
    }

    /// Holds the host `value` for the guest object `make` builds (given the slot id), and
    /// records the pair so each direction finds the other.
    pub(crate) fn remember_host(
        &self,
        context: &mut Context,
        value: Value,
        by_handle: bool,
        make: impl FnOnce(&mut Context, u32) -> JsResult<JsObject>,
    ) -> JsResult<JsObject> {
        self.reclaim_released();
        self.maybe_sweep();
        let anchor = self.anchor().map_err(|thrown| exception_to_guest(context, self, thrown))?;
        let (id, generation) = {
            let mut slots = self.host_slots.borrow_mut();
            slots.live += 1;
            let slot = Some(HostSlot { guest: None, by_handle });
            match slots.free.pop() {
                Some(id) => {
                    let entry = &mut slots.entries[id as usize];
                    entry.generation = entry.generation.wrapping_add(1);
                    entry.slot = slot;
                    (id, entry.generation)
                }
                None => {
                    slots.entries.push(SlotEntry { generation: 0, slot });
                    ((slots.entries.len() - 1) as u32, 0)
                }
            }
        };
        let env = env();
        let code = f64::from(generation % 256) * SLOT_SPAN + f64::from(id);
        let remembered = (|| {
            let args = [self.host_ids.value(), anchor, value, env.number(f64::from(id))?, env.number(code)?];
            env.call(env.undefined(), self.realm.remember.value(), &args)
        })();
        if let Err(thrown) = remembered {
            self.release_slot(id);
            return Err(exception_to_guest(context, self, thrown));
        }
        let guest = match make(context, id) {
            Ok(guest) => guest,
            Err(error) => {
                self.release_slot(id);
                return Err(error);
            }
        };
        if let Some(Some(slot)) = self.host_slots.borrow_mut().entries.get_mut(id as usize).map(|e| e.slot.as_mut()) {
            slot.guest = Some(guest.downgrade());
        }
        self.host_slot_by_guest.borrow_mut().insert(address(&guest), id);
        Ok(guest)
    }

    /// After the host ran guest code: lets the host collect the values whose guest proxies
    /// Boa collected meanwhile, instead of holding them until the next host value crosses in
    /// (which may never come). A Node-API call, so never from a finalizer.
    pub(crate) fn reclaim_released_after_entry(&self) {
        if RELEASED_COUNT.with(Cell::get) > 0 {
            self.reclaim_released();
        }
    }

    /// Frees the slots whose proxies Boa collected since the last call.
    fn reclaim_released(&self) {
        let released = take_released(self.id);
        if released.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<u32> = released.iter().copied().collect();
        self.host_slot_by_guest.borrow_mut().retain(|_, id| !gone.contains(id));
        for id in released {
            self.release_slot(id);
        }
    }

    fn release_slot(&self, id: u32) {
        let released = {
            let mut slots = self.host_slots.borrow_mut();
            let taken = slots.entries.get_mut(id as usize).and_then(|entry| entry.slot.take());
            if taken.is_some() {
                slots.live -= 1;
                slots.free.push(id);
            }
            taken.is_some()
        };
        if released {
            self.forget_host_values(&[id]);
        }
    }

    /// Lets the host collect the values of released slots.
    fn forget_host_values(&self, ids: &[u32]) {
        let env = env();
        let Some(anchor) = self.anchor.get() else { return };
        let undefined = env.undefined();
        for id in ids {
            // A failure (the anchor is going away with its engine) has nobody to report to.
            let _ = env.set_element(anchor, *id, undefined);
        }
    }

    /// Releases the slots whose guest object died, once enough were added since the last
    /// sweep (amortized O(1) per value crossing). Stale ids left in the host map are told
    /// apart by their generation.
    fn maybe_sweep(&self) {
        let freed: Vec<u32> = {
            let mut slots = self.host_slots.borrow_mut();
            if slots.live < slots.sweep_at {
                return;
            }
            let mut freed = Vec::new();
            for (id, entry) in slots.entries.iter_mut().enumerate() {
                let is_dead = entry.slot.as_ref().is_some_and(|slot| {
                    !slot.by_handle && slot.guest.as_ref().is_some_and(|guest| guest.upgrade().is_none())
                });
                if is_dead {
                    entry.slot = None;
                    freed.push(id as u32);
                }
            }
            slots.live -= freed.len();
            slots.free.extend(&freed);
            slots.sweep_at = (slots.live * 2).max(FIRST_SWEEP);
            freed
        };
        if !freed.is_empty() {
            let slots = self.host_slots.borrow();
            self.host_slot_by_guest.borrow_mut().retain(|_, id| slots.entries[*id as usize].slot.is_some());
        }
        self.forget_host_values(&freed);
    }

    /// The kind of a host value the map knows by a stale id.
    fn identify_kind(&self, value: Value) -> NapiResult<HostKind> {
        let env = env();
        let map = self.host_ids.value();
        let delete = env.get_named(map, c"delete")?;
        env.call(map, delete, &[value])?;
        match self.identify(value)? {
            Identity::Kind(kind) => Ok(kind),
            _ => Ok(HostKind::Plain),
        }
    }

    fn forget_guest_proxy(&self, address: usize, reference: ::napi::sys::napi_ref) {
        let mut proxies = self.guest_proxies.borrow_mut();
        if proxies.get(&address).is_some_and(|entry| entry.reference == reference) {
            proxies.remove(&address);
        }
    }
}

enum Identity {
    Known(JsValue),
    Kind(HostKind),
    /// The slot the host map names is gone; treat as new.
    Stale,
}

/// The address that identifies a guest object while it is alive.
pub(crate) fn address(object: &JsObject) -> usize {
    std::ptr::from_ref(object.as_ref()).cast::<()>() as usize
}

/// Finds the guest's own counterpart of each of the realm's intrinsics, by name.
fn guest_intrinsics(realm: &HostRealm, context: &mut Context) -> JsResult<Vec<Option<JsObject>>> {
    let global = context.global_object();
    let mut list = Vec::with_capacity(realm.intrinsics.len());
    for intrinsic in &realm.intrinsics {
        let intrinsics = context.intrinsics();
        let constructors = intrinsics.constructors();
        let iterators = intrinsics.objects().iterator_prototypes();
        let object = match intrinsic.name.as_str() {
            "%GeneratorPrototype%" => Some(intrinsics.objects().generator()),
            "%AsyncGeneratorPrototype%" => Some(intrinsics.objects().async_generator()),
            "%IteratorPrototype%" => iterators.array().prototype(),
            "%AsyncIteratorPrototype%" => Some(iterators.async_iterator()),
            "%ArrayIteratorPrototype%" => Some(iterators.array()),
            "%MapIteratorPrototype%" => Some(iterators.map()),
            "%SetIteratorPrototype%" => Some(iterators.set()),
            "%StringIteratorPrototype%" => Some(iterators.string()),
            "%RegExpStringIteratorPrototype%" => Some(iterators.regexp_string()),
            path => match standard_constructor_object(constructors, path) {
                Some(object) => Some(object),
                None => {
                    let mut parts = path.split('.');
                    let first = parts.next().unwrap_or_default();
                    let mut value = global.get(JsString::from(first), context)?;
                    for part in parts {
                        value = match value.as_object() {
                            Some(object) => object.get(JsString::from(part), context)?,
                            None => JsValue::undefined(),
                        };
                    }
                    value.as_object()
                }
            },
        };
        list.push(object);
    }
    Ok(list)
}

type StandardConstructorOf = fn(&StandardConstructors) -> &StandardConstructor;

/// The standard constructors by the names of `lib/intrinsics.js` (global names, and the
/// constructors no global names), so that `Map.prototype` is found without a property lookup:
/// Boa builds most built-ins on their first touch, and a lookup would build them all.
const STANDARD_CONSTRUCTORS: &[(&str, StandardConstructorOf)] = &[
    ("AsyncFunction", StandardConstructors::async_function),
    ("GeneratorFunction", StandardConstructors::generator_function),
    ("AsyncGeneratorFunction", StandardConstructors::async_generator_function),
    ("%TypedArray%", StandardConstructors::typed_array),
    ("Object", StandardConstructors::object),
    ("Function", StandardConstructors::function),
    ("Array", StandardConstructors::array),
    ("Error", StandardConstructors::error),
    ("TypeError", StandardConstructors::type_error),
    ("RangeError", StandardConstructors::range_error),
    ("SyntaxError", StandardConstructors::syntax_error),
    ("ReferenceError", StandardConstructors::reference_error),
    ("EvalError", StandardConstructors::eval_error),
    ("URIError", StandardConstructors::uri_error),
    ("AggregateError", StandardConstructors::aggregate_error),
    ("Promise", StandardConstructors::promise),
    ("Symbol", StandardConstructors::symbol),
    ("String", StandardConstructors::string),
    ("Number", StandardConstructors::number),
    ("Boolean", StandardConstructors::boolean),
    ("BigInt", StandardConstructors::bigint),
    ("Map", StandardConstructors::map),
    ("Set", StandardConstructors::set),
    ("WeakMap", StandardConstructors::weak_map),
    ("WeakSet", StandardConstructors::weak_set),
    ("WeakRef", StandardConstructors::weak_ref),
    ("FinalizationRegistry", StandardConstructors::finalization_registry),
    ("Date", StandardConstructors::date),
    ("RegExp", StandardConstructors::regexp),
    ("Proxy", StandardConstructors::proxy),
    ("ArrayBuffer", StandardConstructors::array_buffer),
    ("SharedArrayBuffer", StandardConstructors::shared_array_buffer),
    ("DataView", StandardConstructors::data_view),
    ("Int8Array", StandardConstructors::typed_int8_array),
    ("Uint8Array", StandardConstructors::typed_uint8_array),
    ("Uint8ClampedArray", StandardConstructors::typed_uint8clamped_array),
    ("Int16Array", StandardConstructors::typed_int16_array),
    ("Uint16Array", StandardConstructors::typed_uint16_array),
    ("Int32Array", StandardConstructors::typed_int32_array),
    ("Uint32Array", StandardConstructors::typed_uint32_array),
    ("Float32Array", StandardConstructors::typed_float32_array),
    ("Float64Array", StandardConstructors::typed_float64_array),
    ("BigInt64Array", StandardConstructors::typed_bigint64_array),
    ("BigUint64Array", StandardConstructors::typed_biguint64_array),
];

/// The standard constructor of that name.
pub(crate) fn standard_constructor<'a>(
    constructors: &'a StandardConstructors,
    name: &str,
) -> Option<&'a StandardConstructor> {
    let (_, standard) = STANDARD_CONSTRUCTORS.iter().find(|(n, _)| *n == name)?;
    Some(standard(constructors))
}

/// `name` or `name.prototype` of a standard constructor.
fn standard_constructor_object(constructors: &StandardConstructors, path: &str) -> Option<JsObject> {
    match path.strip_suffix(".prototype") {
        Some(name) => standard_constructor(constructors, name).map(StandardConstructor::prototype),
        None => standard_constructor(constructors, path).map(StandardConstructor::constructor),
    }
}

/// `new globalThis[name](...args)` in the guest: a guest built-in made from host data.
pub(crate) fn construct_global(context: &mut Context, name: &str, args: &[JsValue]) -> JsResult<JsValue> {
    let constructor = context.global_object().get(JsString::from(name), context)?;
    let constructor = constructor.as_constructor().ok_or_else(|| host_failure(&format!("{name} is missing")))?;
    constructor.construct(args, None, context).map(JsValue::from)
}

/// An error for a host-side failure we could not describe better.
pub(crate) fn host_failure(message: &str) -> JsError {
    JsNativeError::error().with_message(message.to_owned()).into()
}

/// Converts a failed host call (its host exception) into a guest error.
pub(crate) trait HostResult<T> {
    fn guest(self, context: &mut Context, bridge: &BridgeState) -> JsResult<T>;
}

impl<T> HostResult<T> for NapiResult<T> {
    fn guest(self, context: &mut Context, bridge: &BridgeState) -> JsResult<T> {
        self.map_err(|thrown| exception_to_guest(context, bridge, thrown))
    }
}

/// Runs `f`, which calls out to the host, from a native function of the guest, in a handle scope
/// of its own so a long guest loop calling the host does not pile up handles. Each host call in
/// `f` that may run JavaScript goes through [`crate::engine::lend`] (or [`BridgeState::call`]),
/// so that an entry back into the engine runs on this frame's context.
pub(crate) fn outcall<R>(
    context: &mut Context,
    f: impl FnOnce(&mut Context, &BridgeState) -> JsResult<R>,
) -> JsResult<R> {
    let Some((_engine, bridge)) = BridgeState::current() else {
        return Err(JsNativeError::error().with_message("the engine was disposed").into());
    };
    let _scope = napi::HandleScope::open();
    f(context, &bridge)
}

/// Converts a host exception into a guest error.
///
/// Converting may call into the host, which may throw again (typically a stack overflow, which
/// V8 keeps throwing until the stack unwinds): a failure while converting is not converted in
/// turn, it becomes a plain guest error, so the two never recurse into each other.
pub(crate) fn exception_to_guest(context: &mut Context, bridge: &BridgeState, Thrown(exception): Thrown) -> JsError {
    thread_local! {
        static CONVERTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if CONVERTING.with(|c| c.replace(true)) {
        return exception_without_host(exception);
    }
    let result = to_guest(context, bridge, exception);
    CONVERTING.with(|c| c.set(false));
    match result {
        Ok(value) => JsError::from_opaque(value),
        Err(error) => error,
    }
}

/// A host exception as a guest error, read without calling into the host: a `RangeError` if it
/// looks like V8's stack overflow, an `Error` otherwise.
fn exception_without_host(exception: Value) -> JsError {
    let env = env();
    let message = env.get_named(exception, c"message").and_then(|m| env.get_string(m)).unwrap_or_default();
    if message.contains("call stack") {
        JsNativeError::range().with_message(message).into()
    } else if message.is_empty() {
        host_failure("a host call failed")
    } else {
        JsNativeError::error().with_message(message).into()
    }
}

/// The host exception for `error` (from the guest engine), for `?`.
pub fn throw_engine_error(engine: &Rc<Engine>, error: EngineError) -> Thrown {
    errors::throw_on_host(engine, error)
}

impl Drop for BridgeState {
    fn drop(&mut self) {
        let _ = RELEASED_SLOTS.try_with(|released| {
            if let Some(list) = released.borrow_mut().remove(&self.id) {
                let _ = RELEASED_COUNT.try_with(|count| count.set(count.get().saturating_sub(list.len())));
            }
        });
    }
}

/// Takes `bridge`'s released slots out of `RELEASED_SLOTS`, keeping `RELEASED_COUNT` in step.
fn take_released(bridge: u64) -> Vec<u32> {
    RELEASED_SLOTS.with(|released| {
        let taken = released.borrow_mut().get_mut(&bridge).map(std::mem::take).unwrap_or_default();
        RELEASED_COUNT.with(|count| count.set(count.get() - taken.len()));
        taken
    })
}
