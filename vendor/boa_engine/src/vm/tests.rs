use crate::error::RuntimeLimitError;
use crate::vm::CallFrame;
use crate::vm::call_frame::CallFrameLocation;
use crate::vm::source_info::SourcePath;
use crate::{
    Context, JsNativeErrorKind, JsValue, NativeFunction, TestAction, js_string,
    property::Attribute, run_test_actions, run_test_actions_with,
};
use boa_ast::Position;
use boa_macros::js_str;
use boa_parser::Source;
use indoc::indoc;

#[test]
fn typeof_string() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const a = "hello";
            typeof a;
        "#},
        js_str!("string"),
    )]);
}

#[test]
fn typeof_number() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            let a = 1234;
            typeof a;
        "#},
        js_str!("number"),
    )]);
}

#[test]
fn basic_op() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            const a = 1;
            const b = 2;
            a + b
        "#},
        3,
    )]);
}

#[test]
fn position() {
    let context = &mut Context::default();
    context
        .register_global_callable(
            js_string!("check_stack"),
            2,
            NativeFunction::from_copy_closure(|_, _, context| {
                let frame = context.stack_trace().collect::<Vec<&CallFrame>>();

                assert_eq!(frame.len(), 4);
                assert_eq!(
                    frame[0].position(),
                    CallFrameLocation {
                        function_name: js_string!("myOtherFunction"),
                        path: SourcePath::None,
                        position: Some(Position::new(2, 16))
                    }
                );
                assert_eq!(
                    frame[1].position(),
                    CallFrameLocation {
                        function_name: js_string!("<eval>"),
                        path: SourcePath::Eval,
                        position: Some(Position::new(1, 16))
                    }
                );
                assert_eq!(
                    frame[2].position(),
                    CallFrameLocation {
                        function_name: js_string!("myFunction"),
                        path: SourcePath::None,
                        position: Some(Position::new(5, 9))
                    }
                );
                assert_eq!(
                    frame[3].position(),
                    CallFrameLocation {
                        function_name: js_string!("<main>"),
                        path: SourcePath::None,
                        position: Some(Position::new(8, 11))
                    }
                );
                Ok(JsValue::undefined())
            }),
        )
        .expect("Could not register function");
    run_test_actions_with(
        [TestAction::run(indoc! {r#"
            const myOtherFunction = () => {
                check_stack();
            };
            function myFunction() {
                eval("myOtherFunction()");
            }

            myFunction();
        "#})],
        context,
    );
}

#[test]
fn try_catch_finally_from_init() {
    // the initialisation of the array here emits a PopOnReturnAdd op
    //
    // here we test that the stack is not popped more than intended due to multiple catches in the
    // same function, which could lead to VM stack corruption
    run_test_actions([TestAction::assert_opaque_error(
        indoc! {r#"
            try {
                [(() => {throw "h";})()];
            } catch (x) {
                throw "h";
            } finally {
            }
        "#},
        js_str!("h"),
    )]);
}

#[test]
fn multiple_catches() {
    // see explanation on `try_catch_finally_from_init`
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            try {
                try {
                    [(() => {throw "h";})()];
                } catch (x) {
                    throw "h";
                }
            } catch (y) {
            }
        "#},
        JsValue::undefined(),
    )]);
}

#[test]
fn use_last_expr_try_block() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            try {
                19;
                7.5;
                "Hello!";
            } catch (y) {
                14;
                "Bye!"
            }
        "#},
        js_str!("Hello!"),
    )]);
}

#[test]
fn use_last_expr_catch_block() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            try {
                throw Error("generic error");
                19;
                7.5;
            } catch (y) {
                14;
                "Hello!";
            }
        "#},
        js_str!("Hello!"),
    )]);
}

#[test]
fn no_use_last_expr_finally_block() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            try {
            } catch (y) {
            } finally {
                "Unused";
            }
        "#},
        JsValue::undefined(),
    )]);
}

#[test]
fn finally_block_binding_env() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            let buf = "Hey hey";
            try {
            } catch (y) {
            } finally {
                let x = " people";
                buf += x;
            }
            buf
        "#},
        js_str!("Hey hey people"),
    )]);
}

#[test]
fn run_super_method_in_object() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            let proto = {
                m() { return "super"; }
            };
            let obj = {
                v() { return super.m(); }
            };
            Object.setPrototypeOf(obj, proto);
            obj.v();
        "#},
        js_str!("super"),
    )]);
}

#[test]
fn get_reference_by_super() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            var fromA, fromB;
            var A = { fromA: 'a', fromB: 'a' };
            var B = { fromB: 'b' };
            Object.setPrototypeOf(B, A);
            var obj = {
                fromA: 'c',
                fromB: 'c',
                method() {
                    fromA = (() => { return super.fromA; })();
                    fromB = (() => { return super.fromB; })();
                }
            };
            Object.setPrototypeOf(obj, B);
            obj.method();
            fromA + fromB
        "#},
        js_str!("ab"),
    )]);
}

#[test]
fn super_call_constructor_null() {
    run_test_actions([TestAction::assert_native_error(
        indoc! {r#"
            class A extends Object {
                constructor() {
                    Object.setPrototypeOf(A, null);
                    super(A);
                }
            }
            new A();
        "#},
        JsNativeErrorKind::Type,
        "super constructor object must be constructor",
    )]);
}

#[test]
fn super_call_get_constructor_before_arguments_execution() {
    run_test_actions([TestAction::assert(indoc! {r#"
        class A extends Object {
            constructor() {
                super(Object.setPrototypeOf(A, null));
            }
        }
        new A() instanceof A;
    "#})]);
}

#[test]
fn order_of_execution_in_assignment() {
    run_test_actions([
        TestAction::run(indoc! {r#"
                let i = 0;
                let array = [[]];

                array[i++][i++] = i++;
            "#}),
        TestAction::assert_eq("i", 3),
        TestAction::assert_eq("array.length", 1),
        TestAction::assert_eq("array[0].length", 2),
    ]);
}

#[test]
fn order_of_execution_in_assignment_with_comma_expressions() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            let result = "";
            function f(i) {
                result += i;
            }
            let a = [[]];
            (f(1), a)[(f(2), 0)][(f(3), 0)] = (f(4), 123);
            result
        "#},
        js_str!("1234"),
    )]);
}

#[test]
fn loop_runtime_limit() {
    run_test_actions([
        TestAction::assert_eq(
            indoc! {r#"
                for (let i = 0; i < 20; ++i) { }
            "#},
            JsValue::undefined(),
        ),
        TestAction::inspect_context(|context| {
            context.runtime_limits_mut().set_loop_iteration_limit(10);
        }),
        TestAction::assert_runtime_limit_error(
            indoc! {r#"
                for (let i = 0; i < 20; ++i) { }
            "#},
            RuntimeLimitError::LoopIteration,
        ),
        TestAction::assert_eq(
            indoc! {r#"
                for (let i = 0; i < 10; ++i) { }
            "#},
            JsValue::undefined(),
        ),
        TestAction::assert_runtime_limit_error(
            indoc! {r#"
                while (1) { }
            "#},
            RuntimeLimitError::LoopIteration,
        ),
    ]);
}

#[test]
fn recursion_runtime_limit() {
    run_test_actions([
        TestAction::run(indoc! {r#"
            function factorial(n) {
                if (n == 0) {
                    return 1;
                }

                return n * factorial(n - 1);
            }
        "#}),
        TestAction::assert_eq("factorial(8)", JsValue::new(40_320)),
        TestAction::assert_eq("factorial(11)", JsValue::new(39_916_800)),
        TestAction::inspect_context(|context| {
            context.runtime_limits_mut().set_recursion_limit(10);
        }),
        TestAction::assert_native_error(
            "factorial(11)",
            JsNativeErrorKind::Range,
            "Maximum call stack size exceeded",
        ),
        TestAction::assert_eq("factorial(8)", JsValue::new(40_320)),
        TestAction::assert_native_error(
            indoc! {r#"
                function x() {
                    x()
                }

                x()
            "#},
            JsNativeErrorKind::Range,
            "Maximum call stack size exceeded",
        ),
    ]);
}

#[test]
fn arguments_object_constructor_valid_index() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            let args;
            function F(a = 1) {
                args = arguments;
            }
            new F();
            typeof args
        "#},
        js_str!("object"),
    )]);
}

#[test]
fn empty_return_values() {
    run_test_actions([
        TestAction::run(indoc! {r#"do {{}} while (false);"#}),
        TestAction::run(indoc! {r#"do try {{}} catch {} while (false);"#}),
        TestAction::run(indoc! {r#"do {} while (false);"#}),
        TestAction::run(indoc! {r#"do try {{}{}} catch {} while (false);"#}),
        TestAction::run(indoc! {r#"do {{}{}} while (false);"#}),
        TestAction::run(indoc! {r#"do {;{}} while (false);"#}),
        TestAction::run(indoc! {r#"do {e: {}} while (false);"#}),
        TestAction::run(indoc! {r#"do {e: ;} while (false);"#}),
        TestAction::run(indoc! {r#"do { break } while (false);"#}),
        TestAction::run(indoc! {r#"while (true) a: break"#}),
        TestAction::run(indoc! {r#"while (true) a: {"a"; break};"#}),
        TestAction::run(indoc! {r#"do {"a";{}} while (false);"#}),
        TestAction::run(indoc! {r#"
            switch (false) {
                default: {}
            }
        "#}),
        TestAction::run(indoc! {r#"
            switch (false) {
                default: {}{}
            }
        "#}),
        TestAction::run(indoc! {r#"
            switch (false) {
                default: ;{}{}
            }
        "#}),
    ]);
}

#[test]
fn truncate_environments_on_non_caught_native_error() {
    let source = "with (new Proxy({}, {has: p => false})) {a}";
    run_test_actions([
        TestAction::assert_native_error(source, JsNativeErrorKind::Reference, "a is not defined"),
        TestAction::assert_native_error(source, JsNativeErrorKind::Reference, "a is not defined"),
    ]);
}

#[test]
fn super_construction_with_parameter_expression() {
    run_test_actions([
        TestAction::run(indoc! {r#"
            class Person {
                constructor(name) {
                    this.name = name;
                }
            }

            class Student extends Person {
                constructor(name = 'unknown') {
                    super(name);
                }
            }
        "#}),
        TestAction::assert_eq("new Student().name", js_str!("unknown")),
        TestAction::assert_eq("new Student('Jack').name", js_str!("Jack")),
    ]);
}

#[test]
fn cross_context_function_call() {
    let context1 = &mut Context::default();
    let result = context1.eval(Source::from_bytes(indoc! {r"
        var global = 100;

        (function x() {
            return global;
        })
    "}));

    assert!(result.is_ok());
    let result = result.unwrap();
    assert!(result.is_callable());

    let context2 = &mut Context::default();

    context2
        .register_global_property(js_string!("func"), result, Attribute::all())
        .unwrap();

    let result = context2.eval(Source::from_bytes("func()"));

    assert_eq!(result, Ok(JsValue::new(100)));
}

// See: https://github.com/boa-dev/boa/issues/1848
#[test]
fn long_object_chain_gc_trace_stack_overflow() {
    run_test_actions([
        TestAction::run(indoc! {r#"
            let old = {};
            for (let i = 0; i < 100000; i++) {
                old = { old };
            }
        "#}),
        TestAction::inspect_context(|_| boa_gc::force_collect()),
    ]);
}

// See: https://github.com/boa-dev/boa/issues/4515
#[test]
fn recursion_in_async_gen_throws_range_error() {
    run_test_actions([
        TestAction::inspect_context(|context| {
            context.runtime_limits_mut().set_recursion_limit(128);
        }),
        TestAction::run(indoc! {r#"
            let error;
            async function* f() {}
            f().return({
              get then() {
                this.then;
              },
            }).catch((e) => { error = e; });
        "#}),
        TestAction::inspect_context(|context| {
            context.run_jobs().expect("jobs should run");
        }),
        TestAction::assert("error instanceof RangeError"),
    ]);
}

#[test]
fn stack_overflow_is_catchable() {
    run_test_actions([
        TestAction::inspect_context(|context| {
            context.runtime_limits_mut().set_recursion_limit(128);
        }),
        TestAction::assert_eq(
            indoc! {r#"
                let caught = 0;
                function f() { return f(); }
                // The stack is usable again after each overflow.
                for (let i = 0; i < 3; i++) {
                    try { f(); } catch (e) { if (e instanceof RangeError) caught++; }
                }
                caught
            "#},
            3,
        ),
        // A conversion that converts the object again overflows too.
        TestAction::assert_native_error(
            "const o = { toString() { return String(o); } }; String(o)",
            JsNativeErrorKind::Range,
            "Maximum call stack size exceeded",
        ),
        // Cyclic arrays are joined as V8 does.
        TestAction::assert_eq("const a = [1]; a.push(a, [a, 2]); String(a)", js_string!("1,,,2")),
    ]);
}

#[test]
fn caught_errors_do_not_grow_the_stack() {
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            function g(a, b, c) { return h(a, b, c); }
            function h(a, b, c) { throw new Error("x"); }
            let n = 0;
            for (let i = 0; i < 100000; i++) {
                try { g(1, 2, 3); } catch (e) { n++; }
            }
            n
        "#},
        100_000,
    )]);
}

#[test]
fn recursion_in_setter_throws_range_error() {
    run_test_actions([
        TestAction::inspect_context(|context| {
            context.runtime_limits_mut().set_recursion_limit(128);
        }),
        TestAction::assert_native_error(
            indoc! {r#"
                const obj = {
                  set x(value) {
                    this.x = value;
                  },
                };
                obj.x = 1;
            "#},
            JsNativeErrorKind::Range,
            "Maximum call stack size exceeded",
        ),
    ]);
}

#[test]
fn object_literal_and_static_field_definitions() {
    run_test_actions([
        TestAction::run_harness(),
        // Order, duplicates (the second finds the key), index keys.
        TestAction::run("var o = { b: 1, a: 2, 1: 3, b: 4 };"),
        TestAction::assert("arrayEquals(Object.keys(o), ['1', 'b', 'a']) && o.b === 4 && o[1] === 3"),
        TestAction::assert(indoc! {r#"
            (() => {
                const d = Object.getOwnPropertyDescriptor(o, 'a');
                return d.value === 2 && d.writable && d.enumerable && d.configurable;
            })()
        "#}),
        // A data definition after an accessor of the same name replaces it.
        TestAction::assert_eq("({ get a() { return 3 }, a: 1 }).a", 1),
        // Definitions never call a setter of the prototype.
        TestAction::assert_eq("({ __proto__: { set a(v) { throw new Error('set') } }, a: 5 }).a", 5),
        // Static fields on a class constructor; `name` exists already.
        TestAction::run("class C { static x = 1; static name = 'n'; static length = 9 }"),
        TestAction::assert(indoc! {r#"
            (() => {
                const d = Object.getOwnPropertyDescriptor(C, 'x');
                return C.x === 1 && C.name === 'n' && C.length === 9
                    && d.writable && d.enumerable && d.configurable;
            })()
        "#}),
    ]);
}

#[test]
fn native_calls_inside_native_calls_keep_their_arguments() {
    // `map` calls back into bytecode, which makes native calls with arguments of their own
    // (some computed by further native calls) while `map`'s are in use.
    run_test_actions([TestAction::assert_eq(
        indoc! {r#"
            var seen = [];
            var out = [3, 1, 2].map(function (x, i, arr) {
                seen.push(Math.max(x, i, arr.length), String.prototype.concat.call('a', x, i));
                return [x, i].concat([arr.indexOf(x)], Array.of(x * 2)).join('-');
            });
            out.join(',') + ' / ' + seen.join(',')
        "#},
        js_str!("3-0-0-6,1-1-1-2,2-2-2-4 / 3,a30,3,a11,3,a22"),
    )]);
}

#[test]
fn a_native_constructor_can_take_the_receiver_of_a_call() {
    // Reports the `tag` of `this` (of `new.target`, for a construction) as `{ seen }`.
    fn report(this: &JsValue, _: &[JsValue], context: &mut Context) -> crate::JsResult<JsValue> {
        let seen = match this.as_object() {
            Some(this) => this.get(js_string!("tag"), context)?,
            None => js_string!("undefined").into(),
        };
        let report = crate::JsObject::with_object_proto(context.intrinsics());
        report.set(js_string!("seen"), seen, true, context)?;
        Ok(report.into())
    }
    fn register(context: &mut Context) {
        for (name, receiver_on_call) in [("plain", false), ("receiving", true)] {
            let function = crate::object::FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(report))
                .constructor(true)
                .receiver_on_call(receiver_on_call)
                .build();
            context
                .register_global_property(js_string!(name), function, Attribute::all())
                .expect("the global is new");
        }
    }
    run_test_actions([
        TestAction::inspect_context(register),
        TestAction::assert_eq("plain.call({ tag: 'r' }).seen", js_str!("undefined")),
        TestAction::assert_eq("receiving.call({ tag: 'r' }).seen", js_str!("r")),
        TestAction::assert_eq("({ tag: 'm', receiving }).receiving().seen", js_str!("m")),
        // A construction still passes `new.target`, whose `tag` is read here.
        TestAction::assert_eq("receiving.tag = 'nt'; new receiving().seen", js_str!("nt")),
        TestAction::assert_eq("plain.tag = 'nt2'; new plain().seen", js_str!("nt2")),
    ]);
}

#[test]
fn an_operand_read_from_a_local_keeps_the_value_it_had_when_evaluated() {
    // Each left operand (or object, or key) is a local in a register that what is evaluated
    // after it assigns: the operation must see the value from before (boa-dev/boa#5456).
    run_test_actions([
        TestAction::assert_eq("(() => { let x = 1; return x + (x = 5); })()", 6),
        TestAction::assert_eq("(() => { let x = 1; return x + x++; })()", 2),
        TestAction::assert_eq("(() => { let x = 2; return x * (x += 3); })()", 10),
        TestAction::assert_eq("(() => { let x = 1; return x | (x = 4); })()", 5),
        TestAction::assert_eq("(() => { let x = 1; return x < (x = 0); })()", false),
        TestAction::assert_eq("(() => { let x = 1; if (x < (x = 0)) return 'yes'; return 'no'; })()", js_str!("no")),
        TestAction::assert_eq(
            "(() => { let q = { a: 1 }; const p = { a: 2 }; return q.a + (q = p).a; })()",
            3,
        ),
        TestAction::assert_eq("(() => { const o = [10, 20]; let i = 0; return o[i] + o[(i = 1)]; })()", 30),
        TestAction::assert_eq(
            "(() => { const o = {}, p = {}; let q = o; q.x = (q = p, 7); return 'x' in o && !('x' in p); })()",
            true,
        ),
        TestAction::assert_eq(
            "(() => { const o = {}; let k = 'a'; o[k] = (k = 'b'); return Object.keys(o).join(); })()",
            js_str!("a"),
        ),
        TestAction::assert_eq("(() => { let x = 3; x += (x = 10); return x; })()", 13),
        TestAction::assert_eq("(() => { let x = 1; x = (x = 4) + x; return x; })()", 8),
        TestAction::assert_eq("(() => { let x = 3; x = x * x + x; return x; })()", 12),
        TestAction::assert_eq("(() => { let i = 2; const o = { i, j: i + 1 }; return o.i * 10 + o.j; })()", 23),
        // A discarded assignment to a constant still throws, and leaves it unchanged.
        TestAction::assert_eq(
            "(() => { const c = 1; try { c += 1; } catch (e) { return e.constructor.name + c; } })()",
            js_str!("TypeError1"),
        ),
        TestAction::assert_eq(
            "(() => { const c = 1; try { c = c + 1; } catch (e) { return e.constructor.name + c; } })()",
            js_str!("TypeError1"),
        ),
        // An operation that throws writes nothing.
        TestAction::assert_eq(
            "(() => { let x = 1; try { x = x + 1n; } catch { return x; } })()",
            1,
        ),
    ]);
}

#[test]
fn arguments_and_return_values_skip_the_copies_where_nothing_runs_between() {
    // Parameters fetched straight into their registers, `return x` straight into the
    // accumulator, `x = f()` popped straight into `x`; and the cases that must still take the
    // long way (defaults, patterns, rest, `finally`, iterators, generators, async).
    run_test_actions([
        TestAction::assert_eq("(function (a, b) { return a - b; })(7, 2)", 5),
        TestAction::assert_eq("(function (a, a) { return a; })(1, 2)", 2),
        TestAction::assert_eq("(function (a, b = a + 1, ...r) { return b * 10 + r.length; })(1, undefined, 3, 4)", 22),
        TestAction::assert_eq("(function (a, { b }, [c]) { return a + b + c; })(1, { b: 2 }, [3])", 6),
        TestAction::assert_eq("(function (a) { arguments[0] = 9; return a; })(1)", 9),
        TestAction::assert_eq("(function (a) { 'use strict'; arguments[0] = 9; return a; })(1)", 1),
        TestAction::assert_eq("(function () { try { return 1; } finally { return 2; } })()", 2),
        TestAction::assert_eq(
            "(() => { let log = ''; function f() { try { return 'r'; } finally { log += 'f'; } } return f() + log; })()",
            js_str!("rf"),
        ),
        TestAction::assert_eq(
            "(() => { let closed = 0; const it = { [Symbol.iterator]() { return { next: () => ({ value: 1, done: false }), return() { closed++; return {}; } }; } }; function f() { for (const x of it) return x; } return f() + closed; })()",
            2,
        ),
        TestAction::assert_eq("(() => { function* g() { return 5; } return g().next().value; })()", 5),
        TestAction::assert_eq("(function () { return; })()", JsValue::undefined()),
        TestAction::assert_eq(
            "(() => { class A { constructor() { this.a = 1; } } class B extends A { constructor() { super(); return undefined; } } return new B().a; })()",
            1,
        ),
        TestAction::assert_native_error(
            "class A {} class B extends A { constructor() { return 1; } } new B()",
            JsNativeErrorKind::Type,
            "derived constructor can only return an Object or undefined",
        ),
        TestAction::assert_eq(
            "(() => { let x = 1; function f() { throw 0; } try { x = f(); } catch { } return x; })()",
            1,
        ),
        TestAction::assert_eq("(() => { let x = 1; const f = (y) => y + x; x = f(x); return x; })()", 2),
        TestAction::assert_eq("(() => { let x; function F() { this.v = 3; } x = new F(); return x.v; })()", 3),
    ]);
}

#[test]
fn a_call_from_native_code_leaves_the_frames_as_it_found_them() {
    // `JsObject::call` and `construct` drop the frame they ran in place (boa_engine 52): the
    // frame stack is back to its depth after a return, a throw and a construction.
    let context = &mut Context::default();
    let functions = context
        .eval(Source::from_bytes(
            "[function (a) { return a + 1; }, function () { throw new Error('x'); }, function F() { this.v = 2; }]",
        ))
        .unwrap();
    let functions = functions.as_object().unwrap();
    let [add, throws, construct] =
        [0, 1, 2].map(|i| functions.get(i, context).unwrap().as_object().unwrap().clone());
    let depth = context.vm.frames.len();
    for _ in 0..3 {
        let sum = add.call(&JsValue::undefined(), &[JsValue::new(1)], context).unwrap();
        assert_eq!(sum, JsValue::new(2));
        assert_eq!(context.vm.frames.len(), depth);
        assert!(throws.call(&JsValue::undefined(), &[], context).is_err());
        assert_eq!(context.vm.frames.len(), depth);
        let object = construct.construct(&[], None, context).unwrap();
        assert_eq!(object.get(js_string!("v"), context).unwrap(), JsValue::new(2));
        assert_eq!(context.vm.frames.len(), depth);
    }
}

#[test]
fn an_interrupt_handler_decides_whether_a_raised_flag_stops_the_script() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, OnceLock};

    // A handler is a plain function: what it touches is static.
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    static ASKED: AtomicUsize = AtomicUsize::new(0);
    let flag = || Arc::clone(FLAG.get_or_init(|| Arc::new(AtomicBool::new(false))));

    let context = &mut Context::default();
    context.set_interrupt_flag(Some(flag()));
    run_test_actions_with(
        [
            // Goes on: the handler lowers the flag and says not to stop.
            TestAction::inspect_context(|context| {
                context.set_interrupt_handler(Some(|| {
                    ASKED.fetch_add(1, Ordering::SeqCst);
                    FLAG.get().expect("made above").store(false, Ordering::SeqCst);
                    false
                }));
                FLAG.get().expect("made above").store(true, Ordering::SeqCst);
            }),
            TestAction::assert_eq("let i = 0; while (i < 100) i++; i", 100),
            TestAction::assert_context(|_| ASKED.load(Ordering::SeqCst) == 1),
            // Stops: the flag stays up and the handler says so.
            TestAction::inspect_context(|context| {
                context.set_interrupt_handler(Some(|| true));
                FLAG.get().expect("made above").store(true, Ordering::SeqCst);
            }),
            TestAction::assert_runtime_limit_error("for (;;) {}", RuntimeLimitError::Interrupted),
        ],
        context,
    );
}

#[test]
fn a_leaf_function_answers_as_its_builtin_does_and_steps_aside_for_the_rest() {
    // Each line runs through a leaf (numbers, string receivers, a plain array) and through the
    // built-in's own steps (what the leaf refuses), and gives what the spec's steps give.
    run_test_actions([
        TestAction::assert_eq("const a = [1]; [a.push(2, 3), a.length, a.join()].join()", js_str!("3,3,1,2,3")),
        TestAction::assert_eq(
            "[Math.imul(3, 4), Math.imul(0xffffffff, 5), Math.imul(2.7, -3.2), Math.imul(1e10, 3), \
             Math.imul(NaN, 2), Math.imul('3', 4), Math.imul(3), Math.imul({ valueOf: () => 6 }, 7)].join()",
            js_str!("12,-5,-6,-64771072,0,12,0,42"),
        ),
        TestAction::assert_eq(
            "['ab'.repeat(3), 'x'.repeat(0), ''.repeat(5), 'x'.repeat('2'), new String('y').repeat(2)].join()",
            js_str!("ababab,,,xx,yy"),
        ),
        TestAction::assert_native_error(
            "'xx'.repeat(2 ** 31)",
            JsNativeErrorKind::Range,
            "repeat count must be a positive finite number that doesn't overflow the maximum string length (2^32 - 1)",
        ),
        TestAction::assert_eq(
            "['abc'.charCodeAt(1), 'abc'.charCodeAt(), 'abc'.charCodeAt(5), 'abc'.charCodeAt(-1), \
             'abc'.charCodeAt(1.5), 'abc'.charCodeAt('2'), new String('abc').charCodeAt(0)].join()",
            js_str!("98,97,NaN,NaN,98,99,97"),
        ),
        TestAction::assert_eq(
            "[String.fromCharCode(65, 66.9, 65536 + 67, -1).length, String.fromCharCode(65, 66.9, 65536 + 67), \
             String.fromCharCode(), String.fromCharCode('68')].join()",
            js_str!("4,ABC,,D"),
        ),
        TestAction::assert_native_error(
            "Object.freeze([1]).push(2)",
            JsNativeErrorKind::Type,
            "cannot set non-writable property: 1",
        ),
        TestAction::assert_eq(
            "const o = { length: 1, push: Array.prototype.push }; o.push(9); [o.length, o[1]].join()",
            js_str!("2,9"),
        ),
        // An accessor on the prototype makes `push` take its steps, which call it.
        TestAction::assert_eq(
            "let seen = 0; Object.defineProperty(Array.prototype, 0, { set() { seen++ }, configurable: true }); \
             [].push(1); delete Array.prototype[0]; seen",
            1,
        ),
    ]);
}

#[test]
fn increment_and_decrement_of_a_number_leave_the_operand_as_it_was() {
    run_test_actions([
        TestAction::assert_eq(
            "let a = 2147483647; const b = a++; [b, a, typeof a].join()",
            js_str!("2147483647,2147483648,number"),
        ),
        TestAction::assert_eq(
            "let c = -2147483648; const d = c--; [d, c].join()",
            js_str!("-2147483648,-2147483649"),
        ),
        TestAction::assert_eq(
            "let e = 1.5; const f = e--; let g = -0; const h = g++; [f, e, Object.is(h, -0), g].join()",
            js_str!("1.5,0.5,true,1"),
        ),
        // Not a number: the operand becomes its ToNumeric.
        TestAction::assert_eq(
            "let s = '5'; const t = s++; let n = 10n; n--; [typeof t, t, s, n].join()",
            js_str!("number,5,6,9"),
        ),
        TestAction::assert_eq(
            "let i = 0; for (let k = 0; k < 1000; k++) i++; let j = 3; j = j++; [i, j].join()",
            js_str!("1000,3"),
        ),
    ]);
}
