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

#[test]
fn assignment_adds_a_property_only_where_the_spec_steps_would() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            'use strict';
            var log = [];
            var out = [];
            function attempt(name, f) {
                try { f(); out.push(name + ':ok'); } catch (e) { out.push(name + ':' + e.constructor.name); }
            }
            // Plain adds on objects, functions and null-prototype objects.
            var o = {}; o.a = 1; o.b = 2;
            function fn() {} fn.x = 'x';
            var bare = Object.create(null); bare.k = 'k';
            var arr = []; arr.name = 'arr';
            out.push(JSON.stringify(Object.getOwnPropertyDescriptor(o, 'b')), fn.x, bare.k, arr.name);
            // A setter up the chain runs, with the object as receiver; nothing is added.
            var proto = { set s(v) { log.push(this === child, v); } };
            var child = Object.create(proto);
            child.s = 5;
            out.push(Object.prototype.hasOwnProperty.call(child, 's'));
            // A read-only property or a getter up the chain refuses the add (TypeError in strict code).
            var ro = Object.create(Object.defineProperty({}, 'r', { value: 1, writable: false }));
            attempt('readonly', function () { ro.r = 2; });
            var g = Object.create({ get g() { return 1; } });
            attempt('getter', function () { g.g = 2; });
            // A non-extensible object cannot take a new property.
            var sealed = Object.preventExtensions({});
            attempt('sealed', function () { sealed.z = 1; });
            // A proxy in the chain sees the set through its trap.
            var trapped = Object.create(new Proxy({}, { set(t, k, v, r) { log.push('trap:' + k); return true; } }));
            trapped.p = 1;
            out.push(Object.prototype.hasOwnProperty.call(trapped, 'p'));
            // A built-in not touched yet (Reflect, Math are made on first touch) as a prototype.
            var overMath = Object.create(Math);
            attempt('lazy-readonly', function () { overMath.PI = 3; });
            var overReflect = Object.create(Reflect); overReflect.own = 'own';
            out.push(Math.PI !== 3, overReflect.own, typeof overReflect.get);
            // Object.prototype's own key shadows: a data property there is writable, so the add happens.
            Object.prototype.inherited = 'base';
            var shadow = {}; shadow.inherited = 'own';
            out.push(shadow.inherited, ({}).inherited);
            delete Object.prototype.inherited;
            // An index key on a plain object.
            var idx = {}; idx[0] = 'zero'; idx[4294967294] = 'max';
            out.push(Object.keys(idx).join('|'));
            out.join(',') + ' / ' + log.join(',')
        "#},
        js_str!(
            "{\"value\":2,\"writable\":true,\"enumerable\":true,\"configurable\":true},x,k,arr,false,\
             readonly:TypeError,getter:TypeError,sealed:TypeError,false,lazy-readonly:TypeError,true,own,function,own,base,0|4294967294 \
             / true,5,trap:p"
        ),
    )]);
}
