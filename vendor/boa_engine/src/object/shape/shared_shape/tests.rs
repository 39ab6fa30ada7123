use crate::{JsObject, JsSymbol, object::shape::slot::SlotAttributes, property::PropertyKey};

use super::{SharedShape, TransitionKey};

#[test]
fn test_prune_property_on_counter_limit() {
    let shape = SharedShape::root();

    for i in 0..255 {
        assert_eq!(
            shape.forward_transitions().property_transitions_count(),
            (i, i as u8)
        );

        shape.insert_property_transition(TransitionKey {
            property_key: PropertyKey::Symbol(JsSymbol::new(None).unwrap()),
            attributes: SlotAttributes::all(),
        });
    }

    assert_eq!(
        shape.forward_transitions().property_transitions_count(),
        (255, 255)
    );

    boa_gc::force_collect();

    {
        shape.insert_property_transition(TransitionKey {
            property_key: PropertyKey::Symbol(JsSymbol::new(None).unwrap()),
            attributes: SlotAttributes::all(),
        });
    }

    assert_eq!(
        shape.forward_transitions().property_transitions_count(),
        (1, 0)
    );

    {
        shape.insert_property_transition(TransitionKey {
            property_key: PropertyKey::Symbol(JsSymbol::new(None).unwrap()),
            attributes: SlotAttributes::all(),
        });
    }

    assert_eq!(
        shape.forward_transitions().property_transitions_count(),
        (2, 1)
    );

    boa_gc::force_collect();

    assert_eq!(
        shape.forward_transitions().property_transitions_count(),
        (2, 1)
    );
}

#[test]
fn test_prune_prototype_on_counter_limit() {
    let shape = SharedShape::root();

    assert_eq!(
        shape.forward_transitions().prototype_transitions_count(),
        (0, 0)
    );

    for i in 0..255 {
        assert_eq!(
            shape.forward_transitions().prototype_transitions_count(),
            (i, i as u8)
        );

        shape.change_prototype_transition(Some(JsObject::with_null_proto()));
    }

    boa_gc::force_collect();

    assert_eq!(
        shape.forward_transitions().prototype_transitions_count(),
        (255, 255)
    );

    {
        shape.change_prototype_transition(Some(JsObject::with_null_proto()));
    }

    assert_eq!(
        shape.forward_transitions().prototype_transitions_count(),
        (1, 0)
    );

    {
        shape.change_prototype_transition(Some(JsObject::with_null_proto()));
    }

    assert_eq!(
        shape.forward_transitions().prototype_transitions_count(),
        (2, 1)
    );

    boa_gc::force_collect();

    assert_eq!(
        shape.forward_transitions().prototype_transitions_count(),
        (2, 1)
    );
}

#[test]
fn a_rebuilt_shape_keeps_the_attributes_changed_since_insertion() {
    let key = |name: &str| PropertyKey::from(crate::js_string!(name));
    let writable =
        SlotAttributes::WRITABLE | SlotAttributes::ENUMERABLE | SlotAttributes::CONFIGURABLE;
    let read_only = SlotAttributes::ENUMERABLE | SlotAttributes::CONFIGURABLE;
    let accessor = SlotAttributes::GET | SlotAttributes::SET | SlotAttributes::CONFIGURABLE;
    let insert = |shape: &SharedShape, name: &str, attributes| {
        shape.insert_property_transition(TransitionKey {
            property_key: key(name),
            attributes,
        })
    };
    // `a`, `b` and `c` inserted writable, then `a` made read-only (a configure transition).
    let shape = insert(&SharedShape::root(), "a", writable);
    let shape = insert(&shape, "b", writable);
    let shape = insert(&shape, "c", writable);
    let shape = shape
        .change_attributes_transition(TransitionKey {
            property_key: key("a"),
            attributes: read_only,
        })
        .shape;

    // Both rebuild the shape from before `b`: `a` must stay read-only.
    let removed = shape.remove_property_transition(&key("b"));
    assert_eq!(removed.lookup(&key("a")).unwrap().attributes, read_only);
    assert_eq!(removed.lookup(&key("c")).unwrap().attributes, writable);
    assert!(removed.lookup(&key("b")).is_none());

    let changed = shape
        .change_attributes_transition(TransitionKey {
            property_key: key("b"),
            attributes: accessor,
        })
        .shape;
    assert_eq!(changed.lookup(&key("a")).unwrap().attributes, read_only);
    assert_eq!(changed.lookup(&key("b")).unwrap().attributes, accessor);
    // `c` follows the accessor's two slots.
    assert_eq!(changed.lookup(&key("c")).unwrap().index, 3);
}
