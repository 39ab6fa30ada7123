use crate::{JsNativeErrorKind, TestAction, run_test_actions};
use boa_macros::js_str;

#[test]
fn uint8array_constructor_length() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(4);"),
        TestAction::assert_eq("a.length", 4),
        TestAction::assert_eq("a.byteLength", 4),
    ]);
}

#[test]
fn uint8array_constructor_from_array() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array([1, 2, 3]);"),
        TestAction::assert_eq("a.length", 3),
        TestAction::assert_eq("a[1]", 2),
    ]);
}

#[test]
fn uint8array_constructor_from_array_buffer() {
    run_test_actions([
        TestAction::run("let buffer = new ArrayBuffer(4); let a = new Uint8Array(buffer);"),
        TestAction::assert_eq("a.length", 4),
    ]);
}

#[test]
fn uint8array_read_write_semantics() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(2); a[0] = 42;"),
        TestAction::assert_eq("a[0]", 42),
    ]);
}

#[test]
fn uint8array_out_of_bounds_behavior() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(2);"),
        TestAction::assert("a[10] === undefined"),
        TestAction::run("a[10] = 5;"),
        TestAction::assert_eq("a.length", 2),
    ]);
}

#[test]
fn uint8array_numeric_coercion() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(1); a[0] = 256;"),
        TestAction::assert_eq("a[0]", 0),
        TestAction::run("a[0] = -1;"),
        TestAction::assert_eq("a[0]", 255),
    ]);
}

#[test]
fn float32array_storage() {
    run_test_actions([
        TestAction::run("let f = new Float32Array(1); f[0] = 1.5;"),
        TestAction::assert_eq("f[0]", 1.5),
    ]);
}

#[test]
fn float32array_nan_behavior() {
    run_test_actions([
        TestAction::run("let f = new Float32Array(1); f[0] = 'hello';"),
        TestAction::assert("Number.isNaN(f[0])"),
    ]);
}

#[test]
fn float32_precision_behavior() {
    run_test_actions([
        TestAction::run("let f = new Float32Array(1); f[0] = 1.337;"),
        TestAction::assert("Math.fround(1.337) === f[0]"),
    ]);
}

#[test]
fn typedarray_prototype_set() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(4); a.set([1, 2], 1);"),
        TestAction::assert_eq("a[1]", 1),
        TestAction::assert_eq("a[2]", 2),
    ]);
}

#[test]
fn typedarray_prototype_fill() {
    run_test_actions([
        TestAction::run("let a = new Uint8Array(3); a.fill(7);"),
        TestAction::assert_eq("a[2]", 7),
    ]);
}

#[test]
fn typedarray_prototype_subarray_shared_memory() {
    run_test_actions([
        TestAction::run(
            "
        let a = new Uint8Array([1, 2, 3, 4]);
        let b = a.subarray(1, 3);
        b[0] = 99;
        ",
        ),
        TestAction::assert_eq("a[1]", 99),
        TestAction::assert_eq("b[0]", 99),
    ]);
}

#[test]
fn typedarray_conversion_number() {
    run_test_actions([
        TestAction::run("let a = new Int8Array([1, -1, 127]);"),
        TestAction::run("let b = new Float64Array(a);"),
        TestAction::assert_eq("b.length", 3),
        TestAction::assert_eq("b[0]", 1),
        TestAction::assert_eq("b[1]", -1),
        TestAction::assert_eq("b[2]", 127),
    ]);
}

#[test]
fn typedarray_conversion_bigint() {
    run_test_actions([
        TestAction::run("let a = new BigInt64Array([1n, -1n]);"),
        TestAction::run("let b = new BigUint64Array(a);"),
        TestAction::assert_eq("b.length", 2),
        TestAction::assert("b[0] === 1n"),
        TestAction::assert("b[1] === 0xffffffffffffffffn"),
    ]);
}

#[test]
fn typedarray_conversion_clamped() {
    run_test_actions([
        TestAction::run("let a = new Float64Array([255.5, 256.1, -0.5]);"),
        TestAction::run("let b = new Uint8ClampedArray(a);"),
        TestAction::assert_eq("b[0]", 255),
        TestAction::assert_eq("b[1]", 255),
        TestAction::assert_eq("b[2]", 0),
    ]);
}

#[test]
fn typedarray_conversion_mismatch_throws() {
    run_test_actions([
        TestAction::run("let a = new Int8Array([1]);"),
        TestAction::assert_native_error(
            "new BigInt64Array(a)",
            JsNativeErrorKind::Type,
            "Cannot initialize typed array from different content type",
        ),
        TestAction::run("let b = new BigInt64Array([1n]);"),
        TestAction::assert_native_error(
            "new Int8Array(b)",
            JsNativeErrorKind::Type,
            "Cannot initialize typed array from different content type",
        ),
    ]);
}

#[test]
fn typedarray_exotic_prevent_extensions() {
    // ref: https://github.com/tc39/test262/blob/main/test/staging/built-ins/Object/preventExtensions/preventExtensions-variable-length-typed-arrays.js
    run_test_actions([
        TestAction::run("const gsab = new SharedArrayBuffer(4, { maxByteLength: 8 });"),
        TestAction::run("const fixedLength = new Uint8Array(gsab, 0, 4);"),
        TestAction::run("const fixedLengthWithOffset = new Uint8Array(gsab, 2, 2);"),
        TestAction::run("Object.preventExtensions(fixedLength);"),
        TestAction::run("Object.preventExtensions(fixedLengthWithOffset);"),
        TestAction::assert("!Object.isExtensible(fixedLength)"),
        TestAction::assert("!Object.isExtensible(fixedLengthWithOffset)"),
        TestAction::run("const rab = new ArrayBuffer(4);"),
        TestAction::run("const fixedLength1 = new Uint8Array(rab, 0, 4);"),
        TestAction::run("const fixedLengthWithOffset1 = new Uint8Array(rab, 2, 2);"),
        TestAction::run("Object.preventExtensions(fixedLength1);"),
        TestAction::run("Object.preventExtensions(fixedLengthWithOffset1);"),
        TestAction::assert("!Object.isExtensible(fixedLength1)"),
        TestAction::assert("!Object.isExtensible(fixedLengthWithOffset1)"),
    ]);
}

#[test]
fn integer_indexed_access_never_reaches_the_prototype() {
    // Element reads and writes take a fast path in the VM: the same answers as [[Get]]/[[Set]].
    run_test_actions([
        TestAction::run(
            "Object.prototype[7] = 'proto'; Object.prototype['-0'] = 'proto';
             Object.prototype.named = 'proto';
             let a = new Uint8Array(4); let f = new Float64Array(2);
             let calls = 0; let v = { valueOf() { calls++; return 300; } };
             a[1] = v; a[9] = v; f[0] = 1.5;",
        ),
        TestAction::assert_eq("a[1]", 44), // 300 wraps in a Uint8Array
        TestAction::assert_eq("calls", 2), // converted for the write out of range too
        TestAction::assert_eq("a[7] === undefined && a['-0'] === undefined", true),
        TestAction::assert_eq("a[9] === undefined && !Object.hasOwn(a, 9)", true),
        TestAction::assert_eq("a['1'] + a[1.0]", 88),
        TestAction::assert_eq("a['1.5'] === undefined && a.Infinity === undefined && a.NaN === undefined", true),
        // Not canonical numeric strings: ordinary properties, from the prototype chain.
        TestAction::assert_eq("a.named + a['01'] + a['1e0'] === 'protoundefinedundefined'", true),
        TestAction::assert_eq("f[0] + f[1]", 1.5),
        TestAction::assert_eq("(() => { 'use strict'; a[100] = 1; return a[100]; })() === undefined", true),
        TestAction::run("delete Object.prototype[7]; delete Object.prototype['-0']; delete Object.prototype.named;"),
    ]);
}

#[test]
fn length_is_looked_up_as_usual_when_redefined() {
    // `a.length` takes a fast path in the VM while the lookup would end at the original getter.
    run_test_actions([
        TestAction::run(
            "let a = new Uint8Array(4); let b = new Float32Array(2); let c = new Uint8Array(3);
             let before = [a.length, b.length];
             Object.defineProperty(a, 'length', { value: 7 });
             let own = a.length;
             Object.defineProperty(Float32Array.prototype, 'length', { get() { return 'f32'; } });
             let onKindPrototype = [b.length, c.length];
             const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
             const original = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
             Object.defineProperty(TypedArrayPrototype, 'length', { get() { return 'redefined'; } });
             let redefined = c.length;
             Object.defineProperty(TypedArrayPrototype, 'length', { get: original });
             let restored = c.length;
             Object.setPrototypeOf(c, new Proxy({}, { get: () => 'trap' }));
             let proxied = c.length;",
        ),
        TestAction::assert_eq("before.join()", js_str!("4,2")),
        TestAction::assert_eq("own", 7),
        TestAction::assert_eq("onKindPrototype.join()", js_str!("f32,3")),
        TestAction::assert_eq("redefined", js_str!("redefined")),
        TestAction::assert_eq("restored", 3),
        TestAction::assert_eq("proxied", js_str!("trap")),
    ]);
}
