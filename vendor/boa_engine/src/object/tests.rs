use crate::{JsNativeErrorKind, TestAction, js_str, run_test_actions};
use indoc::indoc;

#[test]
fn ordinary_has_instance_nonobject_prototype() {
    run_test_actions([TestAction::assert_native_error(
        indoc! {r#"
            function C() {}
            C.prototype = 1
            String instanceof C
        "#},
        JsNativeErrorKind::Type,
        "function has non-object prototype in instanceof check",
    )]);
}

#[test]
fn object_properties_return_order() {
    run_test_actions([
        TestAction::run_harness(),
        TestAction::run(indoc! {r#"
                var o = {
                    p1: 'v1',
                    p2: 'v2',
                    p3: 'v3',
                };
                o.p4 = 'v4';
                o[2] = 'iv2';
                o[0] = 'iv0';
                o[1] = 'iv1';
                delete o.p1;
                delete o.p3;
                o.p1 = 'v1';
            "#}),
        TestAction::assert(r#"arrayEquals(Object.keys(o), [ "0", "1", "2", "p2", "p4", "p1" ])"#),
        TestAction::assert(
            r#"arrayEquals(Object.values(o), [ "iv0", "iv1", "iv2", "v2", "v4", "v1" ])"#,
        ),
    ]);
}

#[test]
fn prevent_extensions_from_rust() {
    run_test_actions([
        TestAction::run("var o = { a: 1 }; var p = new Proxy({}, { preventExtensions() { return false } });"),
        TestAction::inspect_context(|context| {
            let global = context.global_object();
            let o = global.get(crate::js_string!("o"), context).unwrap();
            let o = o.as_object().unwrap();
            assert!(o.prevent_extensions(context).unwrap());
            assert!(!o.is_extensible(context).unwrap());
            // A proxy's trap may refuse.
            let p = global.get(crate::js_string!("p"), context).unwrap();
            assert!(!p.as_object().unwrap().prevent_extensions(context).unwrap());
        }),
        TestAction::assert("Object.isExtensible(o) === false && o.a === 1"),
    ]);
}

#[test]
fn an_object_past_the_transition_limit_gets_a_unique_shape_and_keeps_its_properties() {
    use crate::{Context, Source, js_string, object::shape::Shape};
    let mut context = Context::default();
    let code = indoc! {r#"
        var ns = {};
        for (var i = 0; i < 200; i++) ns['p' + i] = i;
        delete ns.p10;
        ns.p10 = 'again';
        var sum = 0;
        for (var j = 0; j < 3; j++) for (var i = 0; i < 200; i++) if (i !== 10) sum += ns['p' + i];
        [Object.keys(ns).length, Object.keys(ns)[10], Object.keys(ns)[199], ns.p10, ns.p150, sum].join()
    "#};
    let result = context.eval(Source::from_bytes(code)).unwrap();
    // 199 keys before `p10` was added again, the order kept, the values readable.
    let sum = 3 * ((0..200).sum::<i32>() - 10);
    assert_eq!(result.to_string(&mut context).unwrap(), js_string!(format!("200,p11,p10,again,150,{sum}").as_str()));
    let ns = context.global_object().get(js_string!("ns"), &mut context).unwrap();
    let ns = ns.as_object().unwrap();
    assert!(ns.borrow().shape().is_unique(), "past {} properties the shape is the object's own", Shape::TRANSITION_COUNT_MAX);

    // Below the limit, objects built alike still share one shape.
    let code = "var a = {}, b = {}; for (var i = 0; i < 32; i++) { a['q' + i] = i; b['q' + i] = -i; }";
    context.eval(Source::from_bytes(code)).unwrap();
    let a = context.global_object().get(js_string!("a"), &mut context).unwrap();
    let b = context.global_object().get(js_string!("b"), &mut context).unwrap();
    let (a, b) = (a.as_object().unwrap(), b.as_object().unwrap());
    assert!(a.borrow().shape().is_shared());
    assert_eq!(a.borrow().shape().to_addr_usize(), b.borrow().shape().to_addr_usize());
}

#[test]
fn ordinary_get_reads_values_and_getters_without_descriptors() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            var log = [];
            var proto = { get g() { log.push(this === o); return 'g'; }, set s(v) {}, d: 'proto' };
            var o = Object.create(proto);
            o.own = 1;
            var arr = [1, 2, 3];
            Object.defineProperty(arr, 5, { get() { return this.length; } });
            var sparse = [];
            sparse[100] = 'far';
            var results = [];
            for (var i = 0; i < 3; i++) {
                results.push([o.own, o.d, o.g, o.s, o.missing, arr[1], arr[5], arr[4], sparse[100]].join());
            }
            results.join(' | ') + ' / ' + log.join()
        "#},
        js_str!("1,proto,g,,,2,6,,far | 1,proto,g,,,2,6,,far | 1,proto,g,,,2,6,,far / true,true,true"),
    )]);
}
