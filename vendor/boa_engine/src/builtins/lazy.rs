//! Built-ins initialized on their first touch.
//!
//! Most scripts never touch `Date`, typed arrays, `Map` or `Reflect`, yet a realm built every one
//! of them up front: hundreds of method function objects, made and then traced and freed with the
//! realm. A deferred built-in's objects (constructor, prototype, namespace object) are allocated
//! empty as before, but carry [`LAZY_ORDINARY`], [`LAZY_FUNCTION`] or [`LAZY_CONSTRUCTOR`] as
//! their internal methods. Every one of those methods first runs the built-in's `init`, which
//! restores the objects' own internal methods, then does what was asked. Their prototype slot
//! holds a marker object with what `init` needs until then.
//!
//! Nothing can observe the difference: every path from a script to a property, a prototype or a
//! call of these objects goes through an internal method, and the engine's fast paths that read
//! an object's storage directly (inline caches, the typed-array `length` path) are only taken for
//! shapes a slow lookup has seen, or check the prototype they expect. `is_callable` and
//! `is_constructor` read the internal methods, so the lazy tables answer as the real ones do.
//!
//! An embedder's object can wait the same way ([`JsObject::deferred`]): an ordinary object whose
//! `init` runs on its first touch, except that a [[Get]] of one of the own data properties it
//! was made with is answered without it. `process.env` and `util.types` are read far more often
//! than anything else of their objects, and making the rest costs a module's evaluation.

use crate::{
    Context, JsData, JsObject, JsResult, NativeFunction,
    builtins::{BuiltInConstructor, IntrinsicObject},
    context::intrinsics::Intrinsics,
    object::{
        JsPrototype, OwnValue,
        internal_methods::{
            CallValue, InternalMethodCallContext, InternalMethodPropertyContext,
            InternalObjectMethods, ORDINARY_INTERNAL_METHODS,
        },
        shape::RootShape,
    },
    property::{PropertyDescriptor, PropertyKey},
    realm::Realm,
    value::JsValue,
};
use boa_gc::{Finalize, Trace};

/// One `init` of a deferred built-in and the objects it fills.
pub(crate) struct Member {
    init: fn(&Realm),
    objects: fn(&Intrinsics, &mut Vec<JsObject>),
}

/// A built-in whose constructor and prototype wait for their first touch.
pub(crate) const fn constructor<T: BuiltInConstructor>() -> Member {
    Member {
        init: T::init,
        objects: constructor_objects::<T>,
    }
}

/// A deferred intrinsic object (a namespace such as `Math`, or an iterator prototype).
pub(crate) const fn object<T: IntrinsicObject>() -> Member {
    Member {
        init: T::init,
        objects: intrinsic_object::<T>,
    }
}

fn constructor_objects<T: BuiltInConstructor>(intrinsics: &Intrinsics, out: &mut Vec<JsObject>) {
    let standard = (T::STANDARD_CONSTRUCTOR)(intrinsics.constructors());
    out.push(standard.constructor());
    out.push(standard.prototype());
}

fn intrinsic_object<T: IntrinsicObject>(intrinsics: &Intrinsics, out: &mut Vec<JsObject>) {
    out.push(T::get(intrinsics));
}

/// Built-ins initialized together: touching any of their objects initializes all of them, in
/// the order given, as [`Realm::initialize`] would have.
pub(crate) struct Group {
    /// The name passed to [`HostHooks::intrinsics_initialized`][crate::context::HostHooks].
    pub(crate) name: &'static str,
    pub(crate) members: &'static [Member],
}

/// What a realm's deferred built-ins need to be initialized: the data of the marker object that
/// is their prototype until then. One marker per realm, so that the objects that start with a
/// shared shape all share one until they are initialized.
#[derive(Trace, Finalize, JsData)]
struct Pending {
    realm: Realm,
    groups: Vec<PendingGroup>,
}

#[derive(Trace, Finalize)]
struct PendingGroup {
    #[unsafe_ignore_trace]
    group: &'static Group,
    /// The group's objects; empty once it is initialized.
    objects: Vec<JsObject>,
    /// Each object's own internal methods, in the order of `objects`.
    #[unsafe_ignore_trace]
    methods: Vec<&'static InternalObjectMethods>,
}

/// What a deferred object needs to be initialized: the data of the marker object that is its
/// prototype until then.
#[derive(Trace, Finalize, JsData)]
struct PendingObject {
    init: NativeFunction,
    /// The object's own internal methods.
    #[unsafe_ignore_trace]
    methods: &'static InternalObjectMethods,
}

impl JsObject {
    /// An ordinary object made on its first use: until any internal method is called on it, it
    /// holds only the data properties in `eager` (writable, enumerable, configurable), and
    /// `init` has not run. The first call runs `init` with the object as `this`, with no
    /// prototype and only those properties; `init` sets the prototype and adds the rest. Only a
    /// [[Get]] of one of the `eager` properties is answered without `init`, so `init` must leave
    /// their values as they are. If `init` throws, the call that triggered it throws that error
    /// and the object stays as `init` left it.
    ///
    /// Code that reads an object's prototype or storage directly, without its internal methods,
    /// calls [`JsObject::initialize_deferred`] first.
    pub fn deferred<I>(eager: I, init: NativeFunction) -> Self
    where
        I: IntoIterator<Item = (PropertyKey, JsValue)>,
    {
        let object = JsObject::from_proto_and_data(None, crate::builtins::OrdinaryObject);
        for (key, value) in eager {
            object.insert_property(
                key,
                PropertyDescriptor::builder()
                    .value(value)
                    .writable(true)
                    .enumerable(true)
                    .configurable(true),
            );
        }
        let marker = JsObject::from_proto_and_data(
            None,
            PendingObject {
                init,
                methods: object.vtable(),
            },
        );
        object.set_vtable(&DEFERRED);
        set_prototype_unseen(&object, marker);
        object
    }

    /// Initializes this object now if it is a deferred object or a deferred built-in not yet
    /// initialized (see [`JsObject::deferred`]); does nothing otherwise.
    pub fn initialize_deferred(&self, context: &mut Context) -> JsResult<()> {
        if is_pending(self) {
            initialize(self, context)?;
        }
        Ok(())
    }
}

/// Defers `groups` of `realm`: their objects get the lazy internal methods and the realm's
/// marker as their prototype. The marker has a shared shape (with no prototype).
pub(crate) fn defer(realm: &Realm, groups: &'static [Group], root_shape: &RootShape) {
    let groups: Vec<_> = groups
        .iter()
        .map(|group| {
            let mut objects = Vec::new();
            for member in group.members {
                (member.objects)(realm.intrinsics(), &mut objects);
            }
            let methods = objects.iter().map(JsObject::vtable).collect();
            PendingGroup {
                group,
                objects,
                methods,
            }
        })
        .collect();
    let marker = JsObject::from_proto_and_data_with_shared_shape(
        root_shape,
        None,
        Pending {
            realm: realm.clone(),
            groups,
        },
    );
    let pending = marker.borrow();
    let marker = marker.clone().upcast();
    for object in pending.data().groups.iter().flat_map(|group| &group.objects) {
        // `is_callable` and `is_constructor` must answer as they will once it is initialized.
        let lazy = if object.is_constructor() {
            &LAZY_CONSTRUCTOR
        } else if object.is_callable() {
            &LAZY_FUNCTION
        } else {
            &LAZY_ORDINARY
        };
        object.set_vtable(lazy);
        set_prototype_unseen(object, marker.clone());
    }
}

/// Gives an object no script has reached yet its marker as prototype. On a unique shape,
/// `set_prototype` would make a new one (so that inline caches of the old one miss): garbage
/// here, one per deferred object of every realm. Objects with a shared shape all take the same
/// transition.
fn set_prototype_unseen(object: &JsObject, marker: JsObject) {
    let mut object = object.borrow_mut();
    match object.properties().shape.as_unique() {
        Some(shape) => shape.set_prototype_unseen(Some(marker)),
        None => {
            object.set_prototype(Some(marker));
        }
    }
}

/// Whether `object` is a deferred built-in's object not initialized yet.
pub(crate) fn is_pending(object: &JsObject) -> bool {
    let methods = object.vtable();
    std::ptr::eq(methods, &LAZY_ORDINARY)
        || std::ptr::eq(methods, &DEFERRED)
        || std::ptr::eq(methods, &LAZY_FUNCTION)
        || std::ptr::eq(methods, &LAZY_CONSTRUCTOR)
}

/// Initializes a deferred object (runs its `init`), or the group a deferred built-in belongs
/// to: restores its objects' internal methods and prototypes, runs the group's `init`s, then
/// tells the host.
pub(crate) fn initialize(object: &JsObject, context: &mut Context) -> JsResult<()> {
    let marker = object
        .prototype()
        .expect("a deferred built-in's prototype is its marker until it is initialized");
    let deferred = marker
        .downcast_ref::<PendingObject>()
        .map(|pending| (pending.init.clone(), pending.methods));
    if let Some((init, methods)) = deferred {
        object.set_vtable(methods);
        object.set_prototype(None);
        return init.call(&object.clone().into(), &[], context).map(drop);
    }
    let (realm, group, objects, methods) = {
        let mut pending = marker
            .downcast_mut::<Pending>()
            .expect("a deferred built-in's prototype is its marker until it is initialized");
        let realm = pending.realm.clone();
        let pending = pending
            .groups
            .iter_mut()
            .find(|group| group.objects.contains(object))
            .expect("a deferred built-in is in one of its realm's pending groups");
        (
            realm,
            pending.group,
            std::mem::take(&mut pending.objects),
            std::mem::take(&mut pending.methods),
        )
    };
    // Restored before `init` runs: it fills the objects through their own methods, and it sets
    // their prototypes (an object it leaves without one has none).
    for (object, methods) in objects.iter().zip(methods) {
        object.set_vtable(methods);
        object.set_prototype(None);
    }
    for member in group.members {
        (member.init)(&realm);
    }
    context
        .host_hooks()
        .intrinsics_initialized(group.name, context)
}

macro_rules! lazy_methods {
    ($name:ident, $call:expr, $construct:expr) => {
        lazy_methods!($name, $call, $construct, try_get, get);
    };
    ($name:ident, $call:expr, $construct:expr, $try_get:expr, $get:expr) => {
        pub(crate) static $name: InternalObjectMethods = InternalObjectMethods {
            __get_prototype_of__: get_prototype_of,
            __set_prototype_of__: set_prototype_of,
            __is_extensible__: is_extensible,
            __prevent_extensions__: prevent_extensions,
            __get_own_property__: get_own_property,
            __define_own_property__: define_own_property,
            __has_property__: has_property,
            __try_get__: $try_get,
            __get__: $get,
            __set__: set,
            __delete__: delete,
            __own_property_keys__: own_property_keys,
            __call__: $call,
            __construct__: $construct,
        };
    };
}

lazy_methods!(
    LAZY_ORDINARY,
    ORDINARY_INTERNAL_METHODS.__call__,
    ORDINARY_INTERNAL_METHODS.__construct__
);
lazy_methods!(LAZY_FUNCTION, call, ORDINARY_INTERNAL_METHODS.__construct__);
lazy_methods!(
    DEFERRED,
    ORDINARY_INTERNAL_METHODS.__call__,
    ORDINARY_INTERNAL_METHODS.__construct__,
    deferred_try_get,
    deferred_get
);
lazy_methods!(LAZY_CONSTRUCTOR, call, construct);

fn get_prototype_of(object: &JsObject, context: &mut Context) -> JsResult<JsPrototype> {
    initialize(object, context)?;
    (object.vtable().__get_prototype_of__)(object, context)
}

fn set_prototype_of(
    object: &JsObject,
    prototype: JsPrototype,
    context: &mut Context,
) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__set_prototype_of__)(object, prototype, context)
}

fn is_extensible(object: &JsObject, context: &mut Context) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__is_extensible__)(object, context)
}

fn prevent_extensions(object: &JsObject, context: &mut Context) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__prevent_extensions__)(object, context)
}

fn get_own_property(
    object: &JsObject,
    key: &PropertyKey,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<Option<PropertyDescriptor>> {
    initialize(object, context)?;
    (object.vtable().__get_own_property__)(object, key, context)
}

fn define_own_property(
    object: &JsObject,
    key: &PropertyKey,
    descriptor: PropertyDescriptor,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__define_own_property__)(object, key, descriptor, context)
}

fn has_property(
    object: &JsObject,
    key: &PropertyKey,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__has_property__)(object, key, context)
}

fn try_get(
    object: &JsObject,
    key: &PropertyKey,
    receiver: JsValue,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<Option<JsValue>> {
    initialize(object, context)?;
    (object.vtable().__try_get__)(object, key, receiver, context)
}

fn get(
    object: &JsObject,
    key: &PropertyKey,
    receiver: JsValue,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<JsValue> {
    initialize(object, context)?;
    (object.vtable().__get__)(object, key, receiver, context)
}

/// The value of a deferred object's own data property, which it holds before `init` runs.
fn eager_value(object: &JsObject, key: &PropertyKey) -> Option<JsValue> {
    match object.borrow().properties().get_value(key) {
        Some(OwnValue::Data(value)) => Some(value),
        _ => None,
    }
}

fn deferred_try_get(
    object: &JsObject,
    key: &PropertyKey,
    receiver: JsValue,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<Option<JsValue>> {
    if let Some(value) = eager_value(object, key) {
        return Ok(Some(value));
    }
    try_get(object, key, receiver, context)
}

fn deferred_get(
    object: &JsObject,
    key: &PropertyKey,
    receiver: JsValue,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<JsValue> {
    if let Some(value) = eager_value(object, key) {
        return Ok(value);
    }
    get(object, key, receiver, context)
}

fn set(
    object: &JsObject,
    key: PropertyKey,
    value: JsValue,
    receiver: JsValue,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__set__)(object, key, value, receiver, context)
}

fn delete(
    object: &JsObject,
    key: &PropertyKey,
    context: &mut InternalMethodPropertyContext<'_>,
) -> JsResult<bool> {
    initialize(object, context)?;
    (object.vtable().__delete__)(object, key, context)
}

fn own_property_keys(object: &JsObject, context: &mut Context) -> JsResult<Vec<PropertyKey>> {
    initialize(object, context)?;
    (object.vtable().__own_property_keys__)(object, context)
}

fn call(
    object: &JsObject,
    argument_count: usize,
    context: &mut InternalMethodCallContext<'_>,
) -> JsResult<CallValue> {
    initialize(object, context)?;
    (object.vtable().__call__)(object, argument_count, context)
}

fn construct(
    object: &JsObject,
    argument_count: usize,
    context: &mut InternalMethodCallContext<'_>,
) -> JsResult<CallValue> {
    initialize(object, context)?;
    (object.vtable().__construct__)(object, argument_count, context)
}

#[cfg(test)]
mod tests {
    use super::is_pending;
    use crate::{
        Context, JsNativeError, JsObject, JsResult, JsValue, NativeFunction, Source, TestAction,
        context::HostHooks, js_str, js_string, run_test_actions, run_test_actions_with,
    };
    use std::{cell::RefCell, rc::Rc};

    #[test]
    fn deferred_built_ins_wait_for_their_first_touch() {
        let context = &mut Context::default();
        let date = context.intrinsics().constructors().date().clone();
        let math = context.intrinsics().objects().math();
        assert!(is_pending(&date.constructor()) && is_pending(&date.prototype()));
        // What a pending object answers without being initialized matches what it will be.
        assert!(date.constructor().is_constructor());
        assert!(!math.is_callable());
        context.eval(Source::from_bytes("Date.now()")).unwrap();
        assert!(!is_pending(&date.constructor()) && !is_pending(&date.prototype()));
        assert!(is_pending(&math));
    }

    #[test]
    fn iterators_and_function_kinds_wait_until_a_lookup_reaches_them() {
        let context = &mut Context::default();
        let iterator_prototype = context.intrinsics().constructors().iterator().prototype();
        let generator_prototype = context.intrinsics().objects().generator();
        let async_function = context.intrinsics().constructors().async_function().prototype();
        // Array iteration and an async function run without them: `next` is on the array
        // iterator's own prototype, and a call looks nothing up on the function's.
        let sum = context
            .eval(Source::from_bytes(
                "let s = 0; for (const x of [1, 2]) s += x; (async () => {})(); s",
            ))
            .unwrap();
        assert_eq!(sum, JsValue::new(3));
        assert!(is_pending(&iterator_prototype) && is_pending(&async_function));
        assert!(is_pending(&generator_prototype));
        // A generator's `[Symbol.iterator]` is %IteratorPrototype%'s: iterating one initializes
        // both groups.
        let sum = context
            .eval(Source::from_bytes("function* g() { yield 3; } for (const x of g()) s += x; s"))
            .unwrap();
        assert_eq!(sum, JsValue::new(6));
        assert!(!is_pending(&iterator_prototype) && !is_pending(&generator_prototype));
        assert!(!is_pending(&async_function), "one group with the generator kinds");
        // Initialized, they are what they would have been made up front; the rarer errors wait
        // for a touch of their own.
        let uri_error = context.intrinsics().constructors().uri_error().constructor();
        assert!(is_pending(&uri_error));
        run_test_actions_with(
            [
                TestAction::assert_eq("[5, 6].values().map((x) => x * 2).toArray().join()", js_str!("10,12")),
                TestAction::assert("Object.getPrototypeOf(Iterator.prototype) === Object.prototype"),
                TestAction::assert_eq("typeof (async () => {}).call", js_str!("function")),
                TestAction::assert_eq("new URIError('u').name + new EvalError('e').name", js_str!("URIErrorEvalError")),
                TestAction::assert_eq("new AggregateError([1]).errors.length", 1),
            ],
            context,
        );
        assert!(!is_pending(&uri_error));
    }

    #[test]
    fn primitive_wrappers_promise_and_errors_wait_for_a_lookup() {
        let context = &mut Context::default();
        let constructors = context.intrinsics().constructors();
        let string = constructors.string().prototype();
        let number = constructors.number().prototype();
        let reference_error = constructors.reference_error().prototype();
        let length = context
            .eval(Source::from_bytes("'abc'.length + [1, 2].length"))
            .unwrap();
        assert_eq!(length, JsValue::new(5));
        assert!(is_pending(&string) && is_pending(&number) && is_pending(&reference_error));
        // A primitive's lookup reaches its prototype's own methods; an error the engine makes
        // has its pending prototype until a lookup reaches it.
        run_test_actions_with(
            [
                TestAction::assert_eq("'x'.repeat(3)", js_str!("xxx")),
                TestAction::assert_eq("(1.25).toFixed(1) + true.toString()", js_str!("1.3true")),
                TestAction::assert_eq("Symbol('s').description", js_str!("s")),
                TestAction::assert_eq(
                    "try { missing } catch (e) { e.name + (e instanceof ReferenceError) }",
                    js_str!("ReferenceErrortrue"),
                ),
                TestAction::assert_eq("typeof (async () => 1)().then", js_str!("function")),
                TestAction::assert_eq("encodeURIComponent('a b') + decodeURI('%41')", js_str!("a%20bA")),
                TestAction::assert_eq("new RangeError('r').name + new SyntaxError('s').name", js_str!("RangeErrorSyntaxError")),
            ],
            context,
        );
        assert!(!is_pending(&string) && !is_pending(&number) && !is_pending(&reference_error));
    }

    #[test]
    fn pending_built_ins_share_one_shape_until_initialized() {
        let context = &mut Context::default();
        let shape = |object: &JsObject| object.borrow().properties().shape.to_addr_usize();
        let map = context.intrinsics().constructors().map().clone();
        let date = context.intrinsics().constructors().date().clone();
        let pending = [map.constructor(), map.prototype(), date.constructor(), date.prototype()];
        assert!(pending.iter().all(|object| shape(object) == shape(&pending[0])));
        context.eval(Source::from_bytes("new Map().set(1, 2)")).unwrap();
        // Initialized, each has a shape of its own; the rest still share theirs.
        assert!(map.prototype().borrow().properties().shape.is_unique());
        assert_ne!(shape(&map.constructor()), shape(&map.prototype()));
        assert_eq!(shape(&date.constructor()), shape(&date.prototype()));
    }

    #[test]
    fn every_internal_method_initializes() {
        // Each line touches a fresh built-in through a different internal method.
        run_test_actions([
            TestAction::assert_eq("typeof Date + typeof Math", js_str!("functionobject")),
            TestAction::assert("Object.getOwnPropertyNames(Math).includes('hypot')"),
            TestAction::assert("Object.getPrototypeOf(Map.prototype) === Object.prototype"),
            TestAction::assert("'has' in Set.prototype"),
            TestAction::assert("Object.isExtensible(WeakMap)"),
            TestAction::assert_eq("Reflect.preventExtensions(JSON) && typeof JSON.parse", js_str!("function")),
            TestAction::assert_eq("delete Atomics.add; typeof Atomics.sub", js_str!("function")),
            TestAction::assert(
                "typeof Object.defineProperty(WeakSet, 'x', { value: 1 }).prototype.add === 'function'",
            ),
            TestAction::assert_eq("Reflect.set(WeakRef, 'y', 2) && WeakRef.name", js_str!("WeakRef")),
            TestAction::assert_eq("new Proxy({}, {}).constructor.name", js_str!("Object")),
            TestAction::assert_eq("BigInt(7).toString()", js_str!("7")),
            TestAction::assert_eq("new Uint8Array([1, 2, 3]).length", 3),
            TestAction::assert_eq("Function.prototype.toString.call(FinalizationRegistry)",
                js_str!("function FinalizationRegistry() { [native code] }")),
            TestAction::assert_eq("/b/.exec('abc').index", 1),
        ]);
    }

    #[test]
    fn prototype_cycles_through_a_pending_built_in_are_refused() {
        // Date's chain reaches Function.prototype only once Date is initialized.
        run_test_actions([TestAction::assert(
            "!Reflect.setPrototypeOf(Function.prototype, Date)",
        )]);
    }

    #[test]
    fn a_built_in_of_another_realm_is_initialized_in_its_own() {
        let context = &mut Context::default();
        let realm = context.create_realm().unwrap();
        let other_date = realm.intrinsics().constructors().date().constructor();
        let other_object_prototype = realm.intrinsics().constructors().object().prototype();
        context
            .global_object()
            .set(js_str!("OtherDate"), other_date, true, context)
            .unwrap();
        context
            .global_object()
            .set(js_str!("OtherObjectPrototype"), other_object_prototype, true, context)
            .unwrap();
        run_test_actions_with(
            [
                TestAction::assert("Object.getPrototypeOf(OtherDate.prototype) === OtherObjectPrototype"),
                TestAction::assert("OtherDate.prototype !== Date.prototype"),
            ],
            context,
        );
    }

    /// `make()` returns a deferred object with `early: 1`; its `init` counts its runs in
    /// `inits`, sets the prototype to `Proto` and adds `later: 2`. `makeFailing()`'s throws.
    fn deferred_objects_context() -> Context {
        fn init(this: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
            let object = this.as_object().expect("init's `this` is the object");
            let global = context.global_object();
            let inits = global.get(js_str!("inits"), context)?.to_number(context)?;
            global.set(js_str!("inits"), inits + 1.0, true, context)?;
            object.set_prototype(global.get(js_str!("Proto"), context)?.as_object());
            object.set(js_str!("later"), 2, true, context)?;
            Ok(JsValue::undefined())
        }
        fn make(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
            let eager = [(js_str!("early").into(), JsValue::from(1))];
            Ok(JsObject::deferred(eager, NativeFunction::from_fn_ptr(init)).into())
        }
        fn make_failing(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
            let init = NativeFunction::from_fn_ptr(|_, _, _| {
                Err(JsNativeError::error().with_message("init failed").into())
            });
            Ok(JsObject::deferred([], init).into())
        }
        let mut context = Context::default();
        context
            .register_global_callable(js_string!("make"), 0, NativeFunction::from_fn_ptr(make))
            .unwrap();
        context
            .register_global_callable(
                js_string!("makeFailing"),
                0,
                NativeFunction::from_fn_ptr(make_failing),
            )
            .unwrap();
        context
            .eval(Source::from_bytes("var inits = 0; var Proto = { inherited: 3 }"))
            .unwrap();
        context
    }

    #[test]
    fn a_deferred_object_answers_its_eager_gets_without_init() {
        run_test_actions_with(
            [
                TestAction::run("var d = make()"),
                TestAction::assert("d.early === 1 && Reflect.get(d, 'early', {}) === 1"),
                TestAction::assert_eq("inits", 0),
                // Any other touch runs init, once.
                TestAction::assert("d.inherited === 3 && d.later === 2 && d.early === 1"),
                TestAction::assert_eq("d.missing; Object.keys(d).join()", js_str!("early,later")),
                TestAction::assert_eq("inits", 1),
            ],
            &mut deferred_objects_context(),
        );
    }

    #[test]
    fn every_internal_method_initializes_a_deferred_object() {
        // Each line touches a fresh object through a different internal method.
        run_test_actions_with(
            [
                TestAction::assert("Object.getPrototypeOf(make()) === Proto"),
                TestAction::assert("Reflect.setPrototypeOf(make(), null)"),
                TestAction::assert("Object.isExtensible(make())"),
                TestAction::assert("Reflect.preventExtensions(make())"),
                TestAction::assert("Object.getOwnPropertyDescriptor(make(), 'later').value === 2"),
                TestAction::assert("Object.defineProperty(make(), 'x', { value: 1 }).later === 2"),
                TestAction::assert("'inherited' in make()"),
                TestAction::assert("make().missing === undefined"),
                TestAction::assert("Reflect.set(make(), 'early', 5)"),
                TestAction::assert("delete make().later"),
                TestAction::assert_eq("Reflect.ownKeys(make()).join()", js_str!("early,later")),
                TestAction::assert_eq("inits", 11),
                // The cycle check follows the chain init makes.
                TestAction::assert("!Reflect.setPrototypeOf(Proto, make())"),
            ],
            &mut deferred_objects_context(),
        );
    }

    #[test]
    fn a_failing_init_throws_once_and_leaves_an_ordinary_object() {
        run_test_actions_with(
            [
                TestAction::run("var f = makeFailing()"),
                TestAction::assert_eq(
                    "try { f.x; 'no error' } catch (e) { e.message }",
                    js_str!("init failed"),
                ),
                TestAction::assert("f.x === undefined && Object.getPrototypeOf(f) === null"),
            ],
            &mut deferred_objects_context(),
        );
    }

    #[test]
    fn the_embedder_can_initialize_a_deferred_object() {
        let context = &mut deferred_objects_context();
        let object = context
            .eval(Source::from_bytes("make()"))
            .unwrap()
            .as_object()
            .unwrap();
        assert!(is_pending(&object));
        object.initialize_deferred(context).unwrap();
        assert!(!is_pending(&object));
        let proto = context.global_object().get(js_str!("Proto"), context).unwrap();
        assert_eq!(object.prototype(), proto.as_object());
        // A second call does nothing.
        object.initialize_deferred(context).unwrap();
        assert_eq!(
            context.global_object().get(js_str!("inits"), context).unwrap(),
            JsValue::from(1)
        );
    }

    #[test]
    fn the_host_is_told_once_per_group() {
        #[derive(Default)]
        struct Hooks(RefCell<Vec<String>>);
        impl HostHooks for Hooks {
            fn intrinsics_initialized(&self, name: &str, _: &mut Context) -> JsResult<()> {
                self.0.borrow_mut().push(name.to_owned());
                Ok(())
            }
        }
        let hooks = Rc::new(Hooks::default());
        let context = &mut Context::builder().host_hooks(hooks.clone()).build().unwrap();
        context
            .eval(Source::from_bytes(
                "new Uint8Array(2); new DataView(new ArrayBuffer(1)); Date.now(); new Date(0)",
            ))
            .unwrap();
        assert_eq!(*hooks.0.borrow(), ["TypedArray", "Date"]);
    }
}
