//! `O.length` of a typed array, when its lookup ends at `%TypedArray%.prototype`'s own getter
//! (as it does unless someone redefined it): the getter's answer, without calling it. The
//! inline cache cannot hold a property two prototypes up, and the call was most of a
//! `for (i = 0; i < a.length; i++)` loop.
//!
//! Proving that the lookup ends at the getter takes a property-table lookup on each of the
//! three objects passed over. A [`Proof`] keeps what one full check saw, per kind of typed
//! array, so that later reads only compare shapes.

use boa_string::StaticJsStrings;

use crate::{
    Context, JsValue,
    builtins::typed_array::{TypedArray, TypedArrayKind},
    object::{JsObject, shape::Shape},
    property::PropertyKey,
};

/// One more than the largest [`TypedArrayKind`] discriminant (`Float16` included).
const KINDS: usize = 12;

/// What a full check proved for the typed arrays of one kind, by the shapes it saw.
#[derive(Debug)]
struct Proof {
    /// The instance's shape, a shared one: it fixes the instance's keys (no `length`) and its
    /// prototype. Held, so that its address cannot be reused by another shape.
    instance: Shape,
    kind_prototype: PrototypeState,
    typed_array_prototype: PrototypeState,
    /// Where `%TypedArray%.prototype` keeps the `length` getter: a new getter, defined with the
    /// same attributes, leaves the shape as it was.
    getter_index: usize,
    getter: JsObject,
}

/// A prototype as the check saw it: its shape at a version fixes its keys and its prototype.
#[derive(Debug)]
struct PrototypeState {
    object: JsObject,
    shape: Shape,
    version: u64,
}

impl PrototypeState {
    fn new(object: &JsObject) -> Self {
        let shape = object.borrow().shape().clone();
        Self {
            object: object.clone(),
            version: shape.version(),
            shape,
        }
    }

    /// Whether `shape`, the prototype's current one, is the shape the check saw.
    fn is(&self, shape: &Shape) -> bool {
        shape.to_addr_usize() == self.shape.to_addr_usize() && shape.version() == self.version
    }

    fn unchanged(&self) -> bool {
        self.is(self.object.borrow().shape())
    }
}

impl Proof {
    /// Whether this proof covers an instance whose shape is at `instance_shape`.
    fn holds(&self, instance_shape: usize) -> bool {
        if instance_shape != self.instance.to_addr_usize() || !self.kind_prototype.unchanged() {
            return false;
        }
        // One borrow for the shape and the getter.
        let typed_array_prototype = self.typed_array_prototype.object.borrow();
        self.typed_array_prototype.is(typed_array_prototype.shape())
            && typed_array_prototype
                .properties()
                .storage
                .get(self.getter_index)
                .and_then(JsValue::as_object)
                .is_some_and(|getter| JsObject::equals(&getter, &self.getter))
    }
}

/// The proofs of this context, one per kind of typed array.
#[derive(Debug, Default)]
pub(crate) struct TypedArrayLengthProofs {
    proofs: [Option<Proof>; KINDS],
}

/// `object.length`, if `object` is a typed array whose `length` is the built-in getter's;
/// `None` otherwise, for the ordinary lookup to answer.
pub(crate) fn typed_array_length(object: &JsObject, context: &mut Context) -> Option<JsValue> {
    let typed_array = object.downcast_ref::<TypedArray>()?;
    let kind = typed_array.kind() as usize;
    let instance_shape = object.borrow().shape().to_addr_usize();
    let proven = context.vm.typed_array_length_proofs.proofs[kind]
        .as_ref()
        .is_some_and(|proof| proof.holds(instance_shape));
    if !proven {
        let proof = check(object, typed_array.kind(), context)?;
        if proof.instance.is_shared() {
            context.vm.typed_array_length_proofs.proofs[kind] = Some(proof);
        }
    }
    Some(typed_array.length_now().into())
}

/// The full check: `object` and its kind's prototype have no own `length` and the expected
/// prototypes, and `%TypedArray%.prototype.length` is this realm's original getter. The objects
/// passed over are the realm's own prototypes.
fn check(object: &JsObject, kind: TypedArrayKind, context: &Context) -> Option<Proof> {
    let constructors = context.intrinsics().constructors();
    let kind_prototype = (kind.standard_constructor())(constructors).prototype();
    let typed_array_prototype = constructors.typed_array().prototype();
    let key = PropertyKey::from(StaticJsStrings::LENGTH);
    for (current, next) in [
        (object, &kind_prototype),
        (&kind_prototype, &typed_array_prototype),
    ] {
        let current = current.borrow();
        if current.properties().shape.lookup(&key).is_some()
            || !current
                .prototype()
                .is_some_and(|prototype| JsObject::equals(&prototype, next))
        {
            return None;
        }
    }
    let (getter_index, getter) = {
        let prototype = typed_array_prototype.borrow();
        let slot = prototype.properties().shape.lookup(&key)?;
        if !slot.attributes.has_get() {
            return None;
        }
        let index = slot.index as usize;
        (index, prototype.properties().storage[index].as_object()?)
    };
    let original = context.intrinsics().objects().typed_array_length_getter();
    if !JsObject::equals(&getter, original) {
        return None;
    }
    Some(Proof {
        instance: object.borrow().shape().clone(),
        kind_prototype: PrototypeState::new(&kind_prototype),
        typed_array_prototype: PrototypeState::new(&typed_array_prototype),
        getter_index,
        getter,
    })
}

#[cfg(test)]
mod tests {
    use crate::{TestAction, js_string, run_test_actions};
    use indoc::indoc;

    #[test]
    fn a_typed_array_length_follows_what_its_lookup_passes_over() {
        run_test_actions([
            TestAction::run(indoc! {r#"
                const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
                const original = Object.getOwnPropertyDescriptor(TypedArray, "length");
                const length = (a) => a.length;
                const a = new Uint8Array(4);
                const many = new Uint8Array(3);
                for (let i = 0; i < 100; i++) many["k" + i] = i;
                length(a);
                length(a);
                length(many);
                length(many);
            "#}),
            // The same attributes, so the same shape: only the getter differs.
            TestAction::run(indoc! {r#"
                Object.defineProperty(TypedArray, "length", { get() { return "getter"; } });
            "#}),
            TestAction::assert_eq("length(a)", js_string!("getter")),
            TestAction::run(r#"Object.defineProperty(TypedArray, "length", original);"#),
            TestAction::assert_eq("length(a)", 4),
            // An insertion into a prototype with a unique shape keeps the shape.
            TestAction::run(indoc! {r#"
                Object.defineProperty(Uint8Array.prototype, "length", {
                    value: "kind", configurable: true
                });
            "#}),
            TestAction::assert_eq("length(a)", js_string!("kind")),
            TestAction::run("delete Uint8Array.prototype.length;"),
            TestAction::assert_eq("length(a)", 4),
            // So does an insertion into an instance with a unique shape.
            TestAction::run(r#"Object.defineProperty(many, "length", { value: "own" });"#),
            TestAction::assert_eq("length(many)", js_string!("own")),
            TestAction::run("Object.setPrototypeOf(a, { length: 'plain' });"),
            TestAction::assert_eq("length(a)", js_string!("plain")),
            TestAction::assert_eq("length(new Uint8Array(9))", 9),
        ]);
    }
}
