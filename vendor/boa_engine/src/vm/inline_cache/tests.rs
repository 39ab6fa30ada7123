use boa_gc::Gc;
use boa_parser::Source;

use crate::{
    Context, JsObject, JsResult, JsValue, TestAction,
    builtins::{OrdinaryObject, function::OrdinaryFunction},
    js_string,
    object::{
        ObjectInitializer, internal_methods::InternalMethodPropertyContext,
        shape::slot::SlotAttributes,
    },
    property::{Attribute, PropertyDescriptor, PropertyKey},
    run_test_actions,
    vm::CodeBlock,
};
use indoc::indoc;

#[test]
fn get_own_property_internal_method() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    o.set(property.clone(), value, true, context)
        .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__get_own_property__(&property, context)
        .expect("should not fail");

    assert!(
        !context.slot().in_prototype(),
        "Since it's an owned property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an owned property, this should be cacheable"
    );

    let shape = o.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

#[test]
fn get_internal_method() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    o.set(property.clone(), value, true, context)
        .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__get__(&property, o.clone().into(), context)
        .expect("should not fail");

    assert!(
        !context.slot().in_prototype(),
        "Since it's an owned property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an owned property, this should be cacheable"
    );

    let shape = o.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

#[test]
fn get_internal_method_in_prototype() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    let prototype = context.intrinsics().constructors().object().prototype();

    prototype
        .set(property.clone(), value, true, context)
        .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__get__(&property, o.clone().into(), context)
        .expect("should not fail");

    assert!(
        context.slot().in_prototype(),
        "Since it's an prototype property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an prototype property, this should be cacheable"
    );

    let shape = prototype.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

#[test]
fn define_own_property_internal_method_non_existent_property() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    o.set(property.clone(), value, true, context)
        .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__define_own_property__(
        &property,
        PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .configurable(true)
            .enumerable(true)
            .build(),
        context,
    )
    .expect("should not fail");

    assert!(
        !context.slot().in_prototype(),
        "Since it's an owned property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an owned property, this should be cacheable"
    );

    let shape = o.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

#[test]
fn define_own_property_internal_method_existing_property_property() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    o.set(property.clone(), value, true, context)
        .expect("should not fail");

    o.__define_own_property__(
        &property,
        PropertyDescriptor::builder()
            .value(value)
            .writable(true)
            .configurable(true)
            .enumerable(true)
            .build(),
        &mut context.into(),
    )
    .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__define_own_property__(
        &property,
        PropertyDescriptor::builder()
            .value(value + 100)
            .writable(true)
            .configurable(true)
            .enumerable(true)
            .build(),
        context,
    )
    .expect("should not fail");

    assert!(
        !context.slot().in_prototype(),
        "Since it's an owned property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an owned property, this should be cacheable"
    );

    let shape = o.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

#[test]
fn set_internal_method() {
    let context = &mut Context::default();

    let o = context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default());

    let property: PropertyKey = js_string!("prop").into();
    let value = 100;

    o.set(property.clone(), value, true, context)
        .expect("should not fail");

    let context = &mut InternalMethodPropertyContext::new(context);

    assert_eq!(context.slot().index, 0);
    assert_eq!(context.slot().attributes, SlotAttributes::empty());

    o.__set__(property.clone(), value.into(), o.clone().into(), context)
        .expect("should not fail");

    assert!(
        !context.slot().in_prototype(),
        "Since it's an owned property, the prototype bit should not be set"
    );

    assert!(
        context.slot().is_cacheable(),
        "Since it's an owned property, this should be cacheable"
    );

    let shape = o.borrow().shape().clone();

    let slot = shape.lookup(&property);

    assert!(slot.is_some(), "the property should be found in the object");

    let slot = slot.expect("the property should be found in the object");

    assert_eq!(context.slot().index, slot.index);
}

fn get_codeblock(value: &JsValue) -> Option<(JsObject, Gc<CodeBlock>)> {
    let object = value.as_object()?.clone();
    let code = object.downcast_ref::<OrdinaryFunction>()?.code.clone();

    Some((object, code))
}

#[test]
fn set_property_by_name_set_inline_cache_on_property_load() -> JsResult<()> {
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (o) { return o.test; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();

    assert_eq!(code.ic.len(), 1);
    assert_eq!(code.ic[0].entries.borrow().len(), 0);

    let o = ObjectInitializer::new(context)
        .property(js_string!("test"), 0, Attribute::all())
        .build();
    let o_shape = o.borrow().shape().clone();

    function.call(&JsValue::undefined(), &[o.clone().into()], context)?;

    assert_eq!(code.ic[0].entries.borrow().len(), 1);
    assert_eq!(
        code.ic[0].entries.borrow()[0]
            .shape
            .upgrade()
            .unwrap()
            .to_addr_usize(),
        o_shape.to_addr_usize()
    );

    Ok(())
}

#[test]
fn get_property_by_name_set_inline_cache_on_property_load() -> JsResult<()> {
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (o) { o.test = 30; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();

    assert_eq!(code.ic.len(), 1);
    assert_eq!(code.ic[0].entries.borrow().len(), 0);

    let o = ObjectInitializer::new(context)
        .property(js_string!("test"), 0, Attribute::all())
        .build();
    let o_shape = o.borrow().shape().clone();

    function.call(&JsValue::undefined(), &[o.clone().into()], context)?;

    assert_eq!(code.ic[0].entries.borrow().len(), 1);
    assert_eq!(
        code.ic[0].entries.borrow()[0]
            .shape
            .upgrade()
            .unwrap()
            .to_addr_usize(),
        o_shape.to_addr_usize()
    );

    Ok(())
}

#[test]
fn test_polymorphic_inline_cache() -> JsResult<()> {
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (o) { return o.test; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();

    assert_eq!(code.ic.len(), 1);
    assert_eq!(code.ic[0].entries.borrow().len(), 0);
    assert!(!code.ic[0].megamorphic.get());

    let shapes = vec![
        ObjectInitializer::new(context)
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("a"), 2, Attribute::all())
            .property(js_string!("test"), 3, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("b"), 4, Attribute::all())
            .property(js_string!("test"), 5, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("c"), 6, Attribute::all())
            .property(js_string!("test"), 7, Attribute::all())
            .build(),
    ];

    for o in &shapes {
        function.call(&JsValue::undefined(), &[o.clone().into()], context)?;
    }

    assert_eq!(code.ic[0].entries.borrow().len(), 4);
    assert!(!code.ic[0].megamorphic.get());

    Ok(())
}

#[test]
fn test_megamorphic_inline_cache() -> JsResult<()> {
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (o) { return o.test; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();

    let shapes = vec![
        ObjectInitializer::new(context)
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("a"), 1, Attribute::all())
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("b"), 1, Attribute::all())
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("c"), 1, Attribute::all())
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
        ObjectInitializer::new(context)
            .property(js_string!("d"), 1, Attribute::all())
            .property(js_string!("test"), 1, Attribute::all())
            .build(),
    ];

    for o in &shapes {
        function.call(&JsValue::undefined(), &[o.clone().into()], context)?;
    }

    assert_eq!(code.ic[0].entries.borrow().len(), 0);
    assert!(code.ic[0].megamorphic.get());

    // Regression check: repeated miss should remain empty
    let o6 = ObjectInitializer::new(context)
        .property(js_string!("e"), 1, Attribute::all())
        .property(js_string!("test"), 1, Attribute::all())
        .build();
    function.call(&JsValue::undefined(), &[o6.clone().into()], context)?;
    assert_eq!(code.ic[0].entries.borrow().len(), 0);
    assert!(code.ic[0].megamorphic.get());

    Ok(())
}

#[test]
fn a_code_block_shared_by_realms_caches_each_realms_shapes_afresh() -> JsResult<()> {
    let source = Source::from_bytes("(function (o) { return o.test; })");
    let first = &mut Context::default();
    let compiled = crate::Script::parse(source, None, first)?.compiled(first)?;
    let mut shared: Option<Gc<CodeBlock>> = None;
    for _ in 0..6 {
        let context = &mut Context::default();
        let script = crate::Script::from_compiled(&compiled, None, context).expect("a fresh realm");
        let function = script.evaluate(context)?;
        let (function, code) = get_codeblock(&function).unwrap();
        let shared = shared.get_or_insert_with(|| code.clone());
        assert!(Gc::ptr_eq(shared, &code), "every realm runs the same code block");
        // Two shapes of this realm's own.
        let objects = [
            ObjectInitializer::new(context).property(js_string!("test"), 1, Attribute::all()).build(),
            ObjectInitializer::new(context)
                .property(js_string!("a"), 1, Attribute::all())
                .property(js_string!("test"), 2, Attribute::all())
                .build(),
        ];
        for o in &objects {
            function.call(&JsValue::undefined(), &[o.clone().into()], context)?;
        }
        // The other realms' shapes never match this realm's objects: they are not counted.
        assert_eq!(code.ic[0].entries.borrow().len(), 2);
        assert!(!code.ic[0].megamorphic.get());
    }
    Ok(())
}

#[test]
fn an_object_literal_site_caches_its_shape_transition() -> JsResult<()> {
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (i) { return { a: i, b: 'x' + i }; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();
    let mut shapes = Vec::new();
    for i in 0..4 {
        let object = function.call(&JsValue::undefined(), &[i.into()], context)?;
        let object = object.as_object().expect("an object");
        assert_eq!(object.get(js_string!("a"), context)?, JsValue::from(i));
        assert_eq!(object.get(js_string!("b"), context)?, JsValue::from(js_string!(format!("x{i}").as_str())));
        shapes.push(object.borrow().shape().to_addr_usize());
    }
    // Every literal made the same two transitions, the later ones from the site's caches.
    assert!(shapes.iter().all(|shape| *shape == shapes[0]));
    assert!(code.ic.iter().all(|ic| ic.transition.borrow().is_some()));
    Ok(())
}

#[test]
fn a_cached_transition_is_taken_only_from_its_own_starting_shape() -> JsResult<()> {
    let context = &mut Context::default();
    // `__proto__` sets the prototype first: the site sees objects of two starting shapes.
    let check = context.eval(Source::from_bytes(
        "var P = { p: 1 }, Q = { q: 2 };
         var make = (proto, i) => ({ __proto__: proto, a: i });
         var made = [P, Q, P, Q, Q, P].map((proto, i) => [proto, make(proto, i)]);
         made.every(([proto, o], i) => Object.getPrototypeOf(o) === proto && o.a === i
           && Object.keys(o).join() === 'a' && (proto === P ? o.p === 1 : o.q === 2))",
    ))?;
    assert_eq!(check, JsValue::from(true));
    Ok(())
}

#[test]
fn an_object_literal_in_code_shared_by_realms_is_right_in_each() -> JsResult<()> {
    let source = Source::from_bytes("(function (i) { return { a: i, b: i + 1 }; })");
    let first = &mut Context::default();
    let compiled = crate::Script::parse(source, None, first)?.compiled(first)?;
    for _ in 0..3 {
        let context = &mut Context::default();
        let script = crate::Script::from_compiled(&compiled, None, context).expect("a fresh realm");
        let function = script.evaluate(context)?;
        let (function, _) = get_codeblock(&function).unwrap();
        for i in 0..3 {
            let object = function.call(&JsValue::undefined(), &[i.into()], context)?;
            let object = object.as_object().expect("an object");
            assert_eq!(object.get(js_string!("b"), context)?, JsValue::from(i + 1));
            // Its shape is this realm's: its prototype is this realm's Object.prototype.
            let proto = object.prototype().expect("a prototype");
            assert_eq!(proto, context.intrinsics().constructors().object().prototype());
        }
    }
    Ok(())
}

#[test]
fn a_collected_shape_is_never_mistaken_for_a_new_one() -> JsResult<()> {
    // Each round makes an object of a shape no other object has, reads it through the same
    // cached site, and lets the shape die: a later shape may be allocated where an earlier one
    // was, and the cache (which compares weak references with the object's shape without
    // upgrading them) must miss it and read the right slot.
    let context = &mut Context::default();
    let function = context.eval(Source::from_bytes("(function (o) { return o.test; })"))?;
    let (function, code) = get_codeblock(&function).unwrap();
    let make = context.eval(Source::from_bytes(
        "(function (i) { const o = {}; for (let k = 0; k < i % 5; k++) o['k' + i + '_' + k] = k; o.test = i; return o })",
    ))?;
    let make = make.as_object().unwrap();

    for i in 0..100 {
        let object = make.call(&JsValue::undefined(), &[i.into()], context)?;
        let value = function.call(&JsValue::undefined(), &[object], context)?;
        assert_eq!(value, JsValue::from(i));
        boa_gc::force_collect();
    }
    assert!(code.ic[0].entries.borrow().len() <= 4);

    Ok(())
}

#[test]
fn a_cached_prototype_slot_follows_the_prototype_changing_its_layout() {
    // Each read site is warmed twice, then read after the prototype lost a property before the
    // one read (its index shifts), lost the one read, or had a method deleted.
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const proto = { a: 1, b: 2, c: 3 };
            const o = Object.create(proto);
            const read = () => o.c;
            const seen = [read(), read()];
            delete proto.a;
            seen.push(read());
            delete proto.c;
            seen.push(read());
            class A { m() { return 'm' } n() { return 'n' } }
            const x = new A();
            const call = () => x.n();
            seen.push(call(), call());
            delete A.prototype.m;
            seen.push(call());
            seen.join()
        "#},
        js_string!("3,3,3,,n,n,n"),
    )]);
}

#[test]
fn an_own_property_added_to_a_unique_shape_shadows_a_cached_prototype_slot() {
    // Past its transitions limit, an object has a unique shape, which an added property keeps.
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const proto = { c: 3 };
            const o = Object.create(proto);
            for (let i = 0; i < 100; i++) o['k' + i] = i;
            const read = () => o.c;
            const seen = [read(), read()];
            o.c = 9;
            seen.push(read());
            seen.join()
        "#},
        js_string!("3,3,9"),
    )]);
}

#[test]
fn a_set_site_sees_a_property_of_a_unique_shape_made_read_only() {
    // Changing a property's attributes in place kept a unique shape, so a set site that had
    // found the property writable went on writing after `Object.freeze`.
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            'use strict';
            const o = {};
            for (let i = 0; i < 100; i++) o['k' + i] = i;
            o.a = 1;
            const write = (v) => { o.a = v; };
            write(2);
            write(3);
            Object.freeze(o);
            let threw = false;
            try { write(4); } catch (e) { threw = e instanceof TypeError; }
            threw + ',' + o.a
        "#},
        js_string!("true,3"),
    )]);
}

#[test]
fn a_set_site_does_not_cache_an_arrays_length() {
    // An array's `length` is exotic: setting it deletes the elements past it. A cache hit
    // stored the number and left them.
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const clear = (array, length) => { array.length = length; };
            const a = [5, 6, 7];
            clear(a, 2);
            clear(a, 0);
            const b = [8, 9];
            clear(b, 0);
            [a.length, a[0], Object.keys(a).length, b.length, b[0], Object.keys(b).length].join()
        "#},
        js_string!("0,,0,0,,0"),
    )]);
}

#[test]
fn a_set_site_throws_for_an_accessor_without_a_setter_of_a_cached_shape() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            'use strict';
            const make = (set) => Object.defineProperty({}, 'x', { get: () => 1, set, configurable: true });
            const write = (o, v) => { o.x = v; };
            const log = [];
            const a = make((v) => log.push(v));
            write(a, 1);
            write(a, 2);
            try { write(make(undefined), 3); log.push('wrote'); } catch (e) { log.push(e.name); }
            log.join()
        "#},
        js_string!("1,2,TypeError"),
    )]);
}
