//! `Intl` and the locale-sensitive methods (`toLocaleString`, `localeCompare`,
//! `toLocaleUpperCase`…): the host's own, through the bridge.
//!
//! Node ships full ICU; Boa's `intl` feature brings ICU4X and its data into every build, and its
//! results are not Node's (ARCHITECTURE.md, "Intl", has the measurements behind the choice).
//! Through the bridge they are Node's by construction: the guest's `Intl` is a proxy of the
//! host's (made on first read), and the methods below call the host's own methods with the
//! guest's values. No host prototype chain leads out: the host intrinsics an `Intl` object
//! reaches cross as the guest's own, as for any host object.
//!
//! Built with the `boa-intl` feature (for measuring the alternative), Boa's own `Intl` stays.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{Context, Finalize, JsResult, JsString, JsValue, NativeFunction, Trace, js_string};

use crate::bridge::napi::env;
use crate::bridge::{HostResult, all_to_host, outcall, standard_constructor, to_guest, to_host};

/// The prototype methods whose results depend on the locale, by constructor.
const LOCALE_METHODS: &[(&str, &str)] = &[
    ("Number", "toLocaleString"),
    ("BigInt", "toLocaleString"),
    ("Date", "toLocaleString"),
    ("Date", "toLocaleDateString"),
    ("Date", "toLocaleTimeString"),
    ("String", "localeCompare"),
    ("String", "toLocaleUpperCase"),
    ("String", "toLocaleLowerCase"),
];

/// The constructors of `LOCALE_METHODS`. Boa builds each on its first touch (its patches engine
/// 30 and 55), and their methods are replaced from [`intrinsics_initialized`] then.
const CONSTRUCTORS: &[&str] = &["Number", "String", "Date", "BigInt"];

#[derive(Trace, Finalize)]
struct Method {
    #[unsafe_ignore_trace]
    constructor: &'static str,
    #[unsafe_ignore_trace]
    name: &'static str,
}

/// The guest's `Intl` (a lazy global): the host's, through the bridge.
pub(super) fn namespace(context: &mut Context, _: &'static str) -> JsResult<JsValue> {
    outcall(context, |context, bridge| {
        let intl = env().get_named(bridge.realm.global.value(), c"Intl").guest(context, bridge)?;
        to_guest(context, bridge, intl)
    })
}

/// Boa's host hook: a deferred built-in was just built.
pub fn intrinsics_initialized(name: &str, context: &mut Context) -> JsResult<()> {
    if cfg!(feature = "boa-intl") || !CONSTRUCTORS.contains(&name) {
        return Ok(());
    }
    replace_locale_methods(context, name)
}

/// Replaces the locale methods of `constructor`'s prototype with calls of the host's.
fn replace_locale_methods(context: &mut Context, constructor: &str) -> JsResult<()> {
    // The realm's own prototype, whatever the script did to the global of that name.
    let Some(prototype) = standard_constructor(context.intrinsics().constructors(), constructor).map(|c| c.prototype())
    else {
        return Ok(());
    };
    for &(owner, name) in LOCALE_METHODS {
        if owner != constructor {
            continue;
        }
        let length = prototype
            .get(JsString::from(name), context)?
            .as_object()
            .map(|f| f.get(js_string!("length"), context))
            .transpose()?
            .unwrap_or_default();
        let function =
            NativeFunction::from_copy_closure_with_captures(call_host_method, Method { constructor: owner, name });
        let function = FunctionObjectBuilder::new(context.realm(), function)
            .name(JsString::from(name))
            .length(length.as_number().unwrap_or(0.0) as usize)
            .build();
        prototype.set(JsString::from(name), function, true, context)?;
    }
    Ok(())
}

/// `Host.prototype[name].call(this, ...args)`, with `this` and the arguments crossing as any
/// value does (a guest `Date` crosses as a host `Date`, strings and numbers as themselves).
fn call_host_method(this: &JsValue, args: &[JsValue], method: &Method, context: &mut Context) -> JsResult<JsValue> {
    let this = this_primitive(this, method.constructor);
    let args = args.to_vec();
    outcall(context, |context, bridge| {
        let env = env();
        let host_this = to_host(context, bridge, &this).guest(context, bridge)?;
        let host_args = all_to_host(context, bridge, &args).guest(context, bridge)?;
        let function = env
            .string(method.constructor)
            .and_then(|name| env.get(bridge.realm.global.value(), name))
            .and_then(|constructor| env.get_named(constructor, c"prototype"))
            .and_then(|prototype| env.get(prototype, env.string(method.name)?))
            .guest(context, bridge)?;
        let result = bridge.call_host(context, host_this, function, &host_args).guest(context, bridge)?;
        to_guest(context, bridge, result)
    })
}

/// A wrapper object (`new Number(1)`) as its primitive, so the host's method sees what it would
/// see from its own realm; anything else as it is (the host method throws the TypeError the
/// language gives for a wrong `this`).
fn this_primitive(this: &JsValue, constructor: &str) -> JsValue {
    let Some(object) = this.as_object() else { return this.clone() };
    let unwrap = match constructor {
        "Number" => object.downcast_ref::<f64>().map(|n| JsValue::from(*n)),
        "BigInt" => object.downcast_ref::<boa_engine::JsBigInt>().map(|n| JsValue::from(n.clone())),
        "String" => object.downcast_ref::<JsString>().map(|s| JsValue::from(s.clone())),
        _ => None,
    };
    unwrap.unwrap_or_else(|| this.clone())
}
