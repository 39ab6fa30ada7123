//! `util.types` as Node has it: brand checks on internal slots (V8's `IsMap`, `IsDate`…), made
//! in Rust. The `util` npm package's `support/types.js` answers from `Symbol.toStringTag` and
//! prototype getters, which a plain object can fake, and loading it evaluates some twenty
//! packages (`which-typed-array`, `get-intrinsic`…): 4.5 ms of every engine that requires
//! `util`. The loader serves this object in its place (`NodeBuiltins::native_file`).

use boa_engine::builtins::array_buffer::{ArrayBuffer, SharedArrayBuffer};
use boa_engine::builtins::async_generator::AsyncGenerator;
use boa_engine::builtins::dataview::DataView;
use boa_engine::builtins::date::Date;
use boa_engine::builtins::error::Error;
use boa_engine::builtins::generator::Generator;
use boa_engine::builtins::map::ordered_map::OrderedMap;
use boa_engine::builtins::promise::Promise;
use boa_engine::builtins::proxy::Proxy;
use boa_engine::builtins::regexp::RegExp;
use boa_engine::builtins::set::ordered_set::OrderedSet;
use boa_engine::builtins::typed_array::{TypedArray, TypedArrayKind};
use boa_engine::module::ModuleNamespace;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::property::PropertyDescriptor;
use boa_engine::{Context, JsBigInt, JsResult, JsString, JsSymbol, JsValue, NativeFunction};

use std::cell::OnceCell;
use std::rc::Rc;

use crate::bridge::napi::env;
use crate::bridge::{HostResult, outcall};

type Check = fn(&JsObject) -> bool;

macro_rules! typed_array {
    ($kind:ident) => {
        |object| object.downcast_ref::<TypedArray>().is_some_and(|array| array.kind() == TypedArrayKind::$kind)
    };
}

fn is_boxed_primitive(object: &JsObject) -> bool {
    object.is::<f64>()
        || object.is::<JsString>()
        || object.is::<bool>()
        || object.is::<JsBigInt>()
        || object.is::<JsSymbol>()
}

/// Node's `util.types`, in Node 20's order (the guest's follows the host's: [`host_order`]).
const CHECKS: &[(&str, Check)] = &[
    ("isExternal", |_| false),
    ("isDate", |o| o.is::<Date>()),
    ("isArgumentsObject", JsObject::is_arguments_object),
    ("isBigIntObject", |o| o.is::<JsBigInt>()),
    ("isBooleanObject", |o| o.is::<bool>()),
    ("isNumberObject", |o| o.is::<f64>()),
    ("isStringObject", |o| o.is::<JsString>()),
    ("isSymbolObject", |o| o.is::<JsSymbol>()),
    ("isNativeError", |o| o.is::<Error>()),
    ("isRegExp", |o| o.is::<RegExp>()),
    ("isAsyncFunction", JsObject::is_async_function),
    ("isGeneratorFunction", JsObject::is_generator_function),
    ("isGeneratorObject", |o| o.is::<Generator>() || o.is::<AsyncGenerator>()),
    ("isPromise", |o| o.is::<Promise>()),
    ("isMap", |o| o.is::<OrderedMap<JsValue>>()),
    ("isSet", |o| o.is::<OrderedSet>()),
    ("isMapIterator", JsObject::is_map_iterator),
    ("isSetIterator", JsObject::is_set_iterator),
    ("isWeakMap", JsObject::is_weak_map),
    ("isWeakSet", JsObject::is_weak_set),
    ("isArrayBuffer", |o| o.is::<ArrayBuffer>()),
    ("isDataView", |o| o.is::<DataView>()),
    ("isSharedArrayBuffer", |o| o.is::<SharedArrayBuffer>()),
    ("isProxy", |o| o.is::<Proxy>()),
    ("isModuleNamespaceObject", |o| o.is::<ModuleNamespace>()),
    ("isAnyArrayBuffer", |o| o.is::<ArrayBuffer>() || o.is::<SharedArrayBuffer>()),
    ("isBoxedPrimitive", is_boxed_primitive),
    ("isArrayBufferView", |o| o.is::<TypedArray>() || o.is::<DataView>()),
    ("isTypedArray", |o| o.is::<TypedArray>()),
    ("isUint8Array", typed_array!(Uint8)),
    ("isUint8ClampedArray", typed_array!(Uint8Clamped)),
    ("isUint16Array", typed_array!(Uint16)),
    ("isUint32Array", typed_array!(Uint32)),
    ("isInt8Array", typed_array!(Int8)),
    ("isInt16Array", typed_array!(Int16)),
    ("isInt32Array", typed_array!(Int32)),
    // Node 22 and later; the engine is built without Float16Array.
    ("isFloat16Array", |_| false),
    ("isFloat32Array", typed_array!(Float32)),
    ("isFloat64Array", typed_array!(Float64)),
    ("isBigInt64Array", typed_array!(BigInt64)),
    ("isBigUint64Array", typed_array!(BigUint64)),
    // No crypto in the engine: nothing there is a KeyObject or a CryptoKey.
    ("isKeyObject", |_| false),
    ("isCryptoKey", |_| false),
];

/// A fresh `util.types` object for the current engine.
pub fn exports(context: &mut Context) -> JsResult<JsValue> {
    checks(context, |_| true)
}

/// An object with the checks named in `names`.
pub fn some(context: &mut Context, names: &[&str]) -> JsResult<JsValue> {
    checks(context, |name| names.contains(&name))
}

fn checks(context: &mut Context, wanted: impl Fn(&str) -> bool) -> JsResult<JsValue> {
    let types = JsObject::with_object_proto(context.intrinsics());
    let order = host_order(context);
    for index in order.iter().copied().filter(|&index| wanted(CHECKS[index].0)) {
        let (name, _) = CHECKS[index];
        // The check travels as its index into CHECKS, a plain `Copy` capture.
        let check = NativeFunction::from_copy_closure(move |_, args, _| {
            let object = args.first().and_then(JsValue::as_object);
            Ok(object.is_some_and(|object| (CHECKS[index].1)(&object)).into())
        });
        let name = JsString::from(name);
        let function = FunctionObjectBuilder::new(context.realm(), check).name(name.clone()).length(1).build();
        // Enumerable and writable, as Node's.
        types.define_property_or_throw(
            name,
            PropertyDescriptor::builder().value(function).writable(true).enumerable(true).configurable(true),
            context,
        )?;
    }
    Ok(types.into())
}

/// The checks the host's `util.types` has, in its order, as indices into [`CHECKS`]: Node 22
/// sorts most of them and adds `isFloat16Array`, and a guest's `util.types` is the host's.
/// Read once per thread; Node 20's list if the host's cannot be read.
fn host_order(context: &mut Context) -> Rc<[usize]> {
    thread_local! {
        static ORDER: OnceCell<Rc<[usize]>> = const { OnceCell::new() };
    }
    if let Some(order) = ORDER.with(|order| order.get().cloned()) {
        return order;
    }
    let names = outcall(context, |context, bridge| {
        let env = env();
        let read = env
            .string("node:util")
            .and_then(|name| env.call(env.undefined(), bridge.realm.host_require.value(), &[name]))
            .and_then(|util| env.get_named(util, c"types"))
            .and_then(|types| env.own_string_keys(types));
        // A host exception is taken (made a guest error, dropped here): none stays pending.
        Ok(read.guest(context, bridge).ok())
    });
    let order: Rc<[usize]> = match names {
        Ok(Some(names)) => names.iter().filter_map(|name| CHECKS.iter().position(|(n, _)| n == name)).collect(),
        _ => (0..CHECKS.len()).filter(|&index| CHECKS[index].0 != "isFloat16Array").collect(),
    };
    ORDER.with(|cell| cell.set(Rc::clone(&order)).ok());
    order
}
