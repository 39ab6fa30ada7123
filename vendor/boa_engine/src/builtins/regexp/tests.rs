use crate::{
    JsNativeErrorKind, JsValue, TestAction, js_string, native_function::NativeFunctionObject,
    run_test_actions,
};
use boa_macros::js_str;
use indoc::indoc;

#[test]
fn constructors() {
    run_test_actions([
        TestAction::run(indoc! {r#"
                var constructed = new RegExp("[0-9]+(\\.[0-9]+)?");
                var literal = /[0-9]+(\.[0-9]+)?/;
                var ctor_literal = new RegExp(/[0-9]+(\.[0-9]+)?/);
            "#}),
        TestAction::assert("constructed.test('1.0')"),
        TestAction::assert("literal.test('1.0')"),
        TestAction::assert("ctor_literal.test('1.0')"),
    ]);
}

#[test]
fn species() {
    run_test_actions([
        TestAction::run(indoc! {r#"
        var descriptor = Object.getOwnPropertyDescriptor(RegExp, Symbol.species);
        var accessor = descriptor.get;
        var name = Object.getOwnPropertyDescriptor(accessor, "name");
        var length = Object.getOwnPropertyDescriptor(accessor, "length");
        var thisVal = {};
        "#}),
        // length
        TestAction::assert_eq("length.value", 0),
        TestAction::assert("!length.enumerable"),
        TestAction::assert("!length.writable"),
        TestAction::assert("length.configurable"),
        // return-value
        TestAction::assert("Object.is(accessor.call(thisVal), thisVal)"),
        // symbol-species-name
        TestAction::assert_eq("name.value", js_str!("get [Symbol.species]")),
        TestAction::assert("!name.enumerable"),
        TestAction::assert("!name.writable"),
        TestAction::assert("name.configurable"),
        // symbol-species
        TestAction::assert_eq("descriptor.set", JsValue::undefined()),
        TestAction::assert_with_op("accessor", |v, _| {
            v.as_object()
                .is_some_and(|o| o.is::<NativeFunctionObject>())
        }),
        TestAction::assert("!descriptor.enumerable"),
        TestAction::assert("descriptor.configurable"),
    ]);
}

#[test]
fn flags() {
    run_test_actions([
        TestAction::run(indoc! {r#"
                var re_gi = /test/gi;
                var re_sm = /test/sm;
                var re_u = /test/u;
            "#}),
        TestAction::assert("re_gi.global"),
        TestAction::assert("re_gi.ignoreCase"),
        TestAction::assert("!re_gi.multiline"),
        TestAction::assert("!re_gi.dotAll"),
        TestAction::assert("!re_gi.unicode"),
        TestAction::assert("!re_gi.sticky"),
        TestAction::assert_eq("re_gi.flags", js_str!("gi")),
        //
        TestAction::assert("!re_sm.global"),
        TestAction::assert("!re_sm.ignoreCase"),
        TestAction::assert("re_sm.multiline"),
        TestAction::assert("re_sm.dotAll"),
        TestAction::assert("!re_sm.unicode"),
        TestAction::assert("!re_sm.sticky"),
        TestAction::assert_eq("re_sm.flags", js_str!("ms")),
        //
        TestAction::assert("!re_u.global"),
        TestAction::assert("!re_u.ignoreCase"),
        TestAction::assert("!re_u.multiline"),
        TestAction::assert("!re_u.dotAll"),
        TestAction::assert("re_u.unicode"),
        TestAction::assert("!re_u.sticky"),
        TestAction::assert_eq("re_u.flags", js_str!("u")),
    ]);
}

#[test]
fn escape() {
    run_test_actions([
        TestAction::assert_eq(
            r"RegExp.escape('The Quick Brown Fox')",
            js_str!("\\x54he\\x20Quick\\x20Brown\\x20Fox"),
        ),
        TestAction::assert_eq(
            r"RegExp.escape('Buy it. use it. break it. fix it.')",
            js_str!("\\x42uy\\x20it\\.\\x20use\\x20it\\.\\x20break\\x20it\\.\\x20fix\\x20it\\."),
        ),
        TestAction::assert_eq(r"RegExp.escape('(*.*)')", js_str!("\\(\\*\\.\\*\\)")),
        TestAction::assert_eq(r"RegExp.escape('｡^･ｪ･^｡')", js_str!("｡\\^･ｪ･\\^｡")),
        TestAction::assert_eq(
            r"RegExp.escape('😊 *_* +_+ ... 👍')",
            js_str!("😊\\x20\\*_\\*\\x20\\+_\\+\\x20\\.\\.\\.\\x20👍"),
        ),
        TestAction::assert_eq(
            r"RegExp.escape('\\d \\D (?:)')",
            js_str!("\\\\d\\x20\\\\D\\x20\\(\\?\\x3a\\)"),
        ),
        TestAction::assert_native_error(
            "RegExp.escape(1)",
            JsNativeErrorKind::Type,
            "RegExp.escape requires a string argument",
        ),
    ]);
}

#[test]
fn last_index() {
    run_test_actions([
        TestAction::run(r"var regex = /[0-9]+(\.[0-9]+)?/g;"),
        TestAction::assert_eq("regex.lastIndex", 0),
        TestAction::assert("regex.test('1.0foo')"),
        TestAction::assert_eq("regex.lastIndex", 3),
        TestAction::assert("!regex.test('1.0foo')"),
        TestAction::assert_eq("regex.lastIndex", 0),
    ]);
}

#[test]
fn exec() {
    run_test_actions([
        TestAction::run_harness(),
        TestAction::run(indoc! {r"
                var re = /quick\s(brown).+?(jumps)/ig;
                var result = re.exec('The Quick Brown Fox Jumps Over The Lazy Dog');
            "}),
        TestAction::assert(indoc! {r#"
            arrayEquals(
                result,
                ["Quick Brown Fox Jumps", "Brown", "Jumps"]
            )
        "#}),
        TestAction::assert_eq("result.index", 4),
        TestAction::assert_eq(
            "result.input",
            js_str!("The Quick Brown Fox Jumps Over The Lazy Dog"),
        ),
    ]);
}

#[test]
fn no_panic_on_parse_fail() {
    run_test_actions([
        TestAction::assert_native_error(
            r"var re = /]/u;",
            JsNativeErrorKind::Syntax,
            "Invalid regular expression literal: Invalid atom character at line 1, col 10",
        ),
        TestAction::assert_native_error(
            r"var re = /a{/u;",
            JsNativeErrorKind::Syntax,
            "Invalid regular expression literal: Invalid quantifier at line 1, col 10",
        ),
    ]);
}

#[test]
fn to_string() {
    run_test_actions([
        TestAction::assert_eq("(new RegExp('a+b+c')).toString()", js_str!("/a+b+c/")),
        TestAction::assert_eq("(new RegExp('bar', 'g')).toString()", js_str!("/bar/g")),
        TestAction::assert_eq(r"(new RegExp('\\n', 'g')).toString()", js_string!(r"/\n/g")),
        TestAction::assert_eq(r"/\n/g.toString()", js_string!(r"/\n/g")),
        TestAction::assert_eq(r"/,\;/.toString()", js_string!(r"/,\;/")),
    ]);
}
#[test]
fn search() {
    const ERROR: &str = "RegExp.prototype[Symbol.search] method called on incompatible value";
    run_test_actions([
        TestAction::run(indoc! {r#"
                var search = Object.getOwnPropertyDescriptor(RegExp.prototype, Symbol.search);
                var length = Object.getOwnPropertyDescriptor(search.value, 'length');
                var name = Object.getOwnPropertyDescriptor(search.value, 'name');
            "#}),
        // prop-desc
        TestAction::assert("!search.enumerable"),
        TestAction::assert("search.writable"),
        TestAction::assert("search.configurable"),
        // length
        TestAction::assert_eq("length.value", 1),
        TestAction::assert("!length.enumerable"),
        TestAction::assert("!length.writable"),
        TestAction::assert("length.configurable"),
        // name
        TestAction::assert_eq("name.value", js_str!("[Symbol.search]")),
        TestAction::assert("!name.enumerable"),
        TestAction::assert("!name.writable"),
        TestAction::assert("name.configurable"),
        // success-return-val
        TestAction::assert_eq("/a/[Symbol.search]('abc')", 0),
        TestAction::assert_eq("/b/[Symbol.search]('abc')", 1),
        TestAction::assert_eq("/c/[Symbol.search]('abc')", 2),
        // failure-return-val
        TestAction::assert_eq("/z/[Symbol.search]('a')", -1),
        // coerce-string
        TestAction::assert_eq(
            indoc! {r#"
                /ring/[Symbol.search]({
                    toString: function() {
                        return 'toString value';
                    }
                });
            "#},
            4,
        ),
        // this-val-non-obj
        TestAction::assert_native_error("search.value.call()", JsNativeErrorKind::Type, ERROR),
        TestAction::assert_native_error(
            "search.value.call(undefined)",
            JsNativeErrorKind::Type,
            ERROR,
        ),
        TestAction::assert_native_error("search.value.call(null)", JsNativeErrorKind::Type, ERROR),
        TestAction::assert_native_error("search.value.call(true)", JsNativeErrorKind::Type, ERROR),
        TestAction::assert_native_error(
            "search.value.call('string')",
            JsNativeErrorKind::Type,
            ERROR,
        ),
        TestAction::assert_native_error(
            "search.value.call(Symbol.search)",
            JsNativeErrorKind::Type,
            ERROR,
        ),
        TestAction::assert_native_error("search.value.call(86)", JsNativeErrorKind::Type, ERROR),
        // u-lastindex-advance
        TestAction::assert_eq(r"/\udf06/u[Symbol.search]('\ud834\udf06')", -1),
        TestAction::assert_eq("/a/[Symbol.search](\"a\")", 0),
        TestAction::assert_eq("/a/[Symbol.search](\"ba\")", 1),
        TestAction::assert_eq("/a/[Symbol.search](\"bb\")", -1),
        TestAction::assert_eq("/u/[Symbol.search](null)", 1),
        TestAction::assert_eq("/d/[Symbol.search](undefined)", 2),
    ]);
}

#[test]
fn regular_expression_construction_independent_of_global_reg_exp() {
    let regex = "/abc/";
    run_test_actions([
        TestAction::run(regex),
        TestAction::run("RegExp = null"),
        TestAction::run(regex),
    ]);
}

#[test]
fn regexp_no_panic_on_empty_class_quantifier() {
    // Regression test for https://github.com/boa-dev/boa/issues/2718
    // `/[]*1/u.exec()` previously caused a panic in the regress crate.
    // It should return null without panicking.
    run_test_actions([TestAction::assert_eq("/[]*1/u.exec()", JsValue::null())]);
}

#[test]
fn source_escaping() {
    run_test_actions([
        // Already escaped slashes and slashes in classes are kept as they are, as in V8.
        TestAction::assert_eq(r"/a\/b/.source", js_str!(r"a\/b")),
        TestAction::assert_eq("/[^/]/.source", js_str!("[^/]")),
        TestAction::assert_eq(r"/[\]/]\//.source", js_str!(r"[\]/]\/")),
        TestAction::assert_eq("new RegExp('/').source", js_str!(r"\/")),
        TestAction::assert_eq("new RegExp('a/b[/]').source", js_str!(r"a\/b[/]")),
        TestAction::assert_eq(r"new RegExp('\\/').source", js_str!(r"\/")),
        TestAction::assert_eq("new RegExp('\\n').source", js_str!(r"\n")),
        TestAction::assert_eq("new RegExp('\\\\\\n').source", js_str!(r"\n")),
        TestAction::assert_eq("new RegExp('[\\u2028]').source", js_str!(r"[\u2028]")),
        TestAction::assert_eq("String(new RegExp('a/b', 'g'))", js_str!(r"/a\/b/g")),
        TestAction::assert_eq("new RegExp('').source", js_str!("(?:)")),
    ]);
}

#[cfg(feature = "annex-b")]
#[test]
fn legacy_static_properties() {
    run_test_actions([
        TestAction::assert_eq("RegExp.$1 + RegExp.lastMatch + RegExp.input", js_str!("")),
        TestAction::run("/(a)|(b)(c)?/.exec('xbz')"),
        TestAction::assert_eq("RegExp.$1", js_str!("")),
        TestAction::assert_eq("RegExp.$2", js_str!("b")),
        TestAction::assert_eq("RegExp.$3", js_str!("")),
        TestAction::assert_eq("RegExp.$9", js_str!("")),
        TestAction::assert_eq("RegExp.lastMatch + RegExp['$&']", js_str!("bb")),
        TestAction::assert_eq("RegExp.lastParen + RegExp['$+']", js_str!("")),
        TestAction::assert_eq("RegExp.leftContext + RegExp['$`']", js_str!("xx")),
        TestAction::assert_eq("RegExp.rightContext + RegExp[\"$'\"]", js_str!("zz")),
        TestAction::assert_eq("RegExp.input + RegExp.$_", js_str!("xbzxbz")),
        // Failed matches leave them unchanged.
        TestAction::run("/q/.test('abc')"),
        TestAction::assert_eq("RegExp.$2", js_str!("b")),
        // Everything built on exec updates them.
        TestAction::run("'key=value'.replace(/(\\w+)=(\\w+)/, '')"),
        TestAction::assert_eq("RegExp.$1 + ':' + RegExp.$2", js_str!("key:value")),
        TestAction::run("/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)/.exec('abcdefghij')"),
        TestAction::assert_eq("RegExp.$9 + RegExp.lastParen", js_str!("ij")),
        // Only `input` can be set.
        TestAction::run("RegExp.input = 'new'; RegExp.$1 = 'ignored'"),
        TestAction::assert_eq("RegExp.input + RegExp.$1", js_str!("newa")),
        TestAction::assert(
            "var d = Object.getOwnPropertyDescriptor(RegExp, '$1'); \
             !d.enumerable && d.configurable && typeof d.get === 'function'",
        ),
    ]);
}

#[test]
fn split_with_builtin_exec() {
    run_test_actions([
        TestAction::assert_eq("'a,b,,c'.split(/,/).join('|')", js_str!("a|b||c")),
        TestAction::assert_eq("'a1b2c'.split(/(\\d)/).join('|')", js_str!("a|1|b|2|c")),
        TestAction::assert_eq(
            "JSON.stringify('a1b-c'.split(/(\\d)|-/))",
            js_str!(r#"["a","1","b",null,"c"]"#),
        ),
        TestAction::assert_eq("'abc'.split(/x*/).join('|')", js_str!("a|b|c")),
        TestAction::assert_eq("'a1b2c3d'.split(/(\\d)/, 4).join('|')", js_str!("a|1|b|2")),
        TestAction::assert_eq("'a,b'.split(/,/, 0).length", 0),
        TestAction::assert_eq("''.split(/x*/).length", 0),
        TestAction::assert_eq("''.split(/,/).length", 1),
        TestAction::assert_eq("'\\u{1F600}x'.split(/(?:)/u).length", 2),
        TestAction::assert_eq("'a1b22c'.split(/(?<=\\d)/).join('|')", js_str!("a1|b2|2|c")),
        TestAction::assert_eq("'ab\\nab'.split(/^/m).length", 2),
        // A replaced `exec` is still called at every position.
        TestAction::assert_eq(
            indoc! {r"
                const exec = RegExp.prototype.exec;
                let calls = 0;
                RegExp.prototype.exec = function (s) { calls++; return exec.call(this, s); };
                'a,b,c'.split(/,/);
                RegExp.prototype.exec = exec;
                calls
            "},
            5,
        ),
        // The limit is read before the fast path is chosen: its valueOf may replace `exec`.
        TestAction::assert_eq(
            indoc! {r"
                const original = RegExp.prototype.exec;
                const parts = /a/[Symbol.split]('abba', { valueOf() { RegExp.prototype.exec = () => null; return 100; } });
                RegExp.prototype.exec = original;
                parts.length
            "},
            1,
        ),
    ]);
}

#[test]
fn test_matches_without_exec_as_the_spec_steps_would() {
    run_test_actions([
        // The built-in `exec`: `lastIndex` and the legacy statics as `exec` leaves them.
        TestAction::run(indoc! {r#"
            var g = /a(b)?/g;
            var first = g.test("xab ab");
            var afterFirst = g.lastIndex;
            var dollar1 = RegExp.$1;
            var second = g.test("xab ab");
            var afterSecond = g.lastIndex;
            var third = g.test("xab ab");
            var sticky = /b/y;
            var stickyMiss = sticky.test("ab");
            sticky.lastIndex = 1;
            var stickyHit = sticky.test("ab");
        "#}),
        TestAction::assert("first && second && !third"),
        TestAction::assert_eq("afterFirst", 3),
        TestAction::assert_eq("afterSecond", 6),
        TestAction::assert_eq("g.lastIndex", 0),
        TestAction::assert_eq("dollar1", js_str!("b")),
        TestAction::assert("!stickyMiss && stickyHit && sticky.lastIndex === 2"),
        // `exec` is read once, through a getter, and a user's `exec` is called with its result
        // used as the match.
        TestAction::run(indoc! {r#"
            var reads = 0;
            var calls = [];
            var re = /z/;
            Object.defineProperty(re, "exec", {
                get() { reads++; return function (s) { calls.push(s); return s === "yes" ? {} : null; }; }
            });
            var yes = re.test("yes");
            var no = re.test("zzz");
        "#}),
        TestAction::assert("yes && !no"),
        TestAction::assert_eq("reads", 2),
        TestAction::assert_eq("calls.join()", js_str!("yes,zzz")),
        // A getter that returns the built-in `exec`: read once, then the built-in match.
        TestAction::run(indoc! {r#"
            var execReads = 0;
            var viaGetter = /q/g;
            Object.defineProperty(viaGetter, "exec", {
                get() { execReads++; return RegExp.prototype.exec; }
            });
            var matched = viaGetter.test("aq");
        "#}),
        TestAction::assert("matched && execReads === 1 && viaGetter.lastIndex === 2"),
        // `lastIndex` is converted once per call.
        TestAction::run(indoc! {r#"
            var conversions = 0;
            var counted = /c/g;
            counted.lastIndex = { valueOf() { conversions++; return 0; } };
            var hit = counted.test("c");
        "#}),
        TestAction::assert("hit && conversions === 1"),
        // The built-in `exec` on an object that is no RegExp throws, as `exec` itself does.
        TestAction::assert_native_error(
            "RegExp.prototype.test.call({ exec: RegExp.prototype.exec }, 'a')",
            JsNativeErrorKind::Type,
            "RegExp.prototype.exec called with invalid value",
        ),
    ]);
}
