//! The host realm: everything the bridge needs to build values in the realm of the code that
//! called `requireVM`. Jest runs each test file in its own realm while the addon is loaded once
//! per process, so proxies, errors, promises and copies are made by functions of that realm,
//! which `index.js` hands over once (see `createRealm` there).

use std::ffi::CStr;
use std::rc::Rc;

use super::napi::{env, NapiResult, Ref, Value};

/// Intrinsics shared by name between the realms: a host value that is one of these crosses as
/// the guest's own (and back), so no prototype chain or `constructor` leads from the guest to
/// the host's `Function`. The order is the contract with `index.js` (`INTRINSIC_NAMES`).
pub const INTRINSIC_NAMES: &[&str] = &[
    "Object",
    "Object.prototype",
    "Function",
    "Function.prototype",
    "Array",
    "Array.prototype",
    "Error",
    "Error.prototype",
    "TypeError",
    "TypeError.prototype",
    "RangeError",
    "RangeError.prototype",
    "SyntaxError",
    "SyntaxError.prototype",
    "ReferenceError",
    "ReferenceError.prototype",
    "EvalError",
    "EvalError.prototype",
    "URIError",
    "URIError.prototype",
    "AggregateError",
    "AggregateError.prototype",
    "Promise",
    "Promise.prototype",
    "AsyncFunction",
    "AsyncFunction.prototype",
    "GeneratorFunction",
    "GeneratorFunction.prototype",
    "AsyncGeneratorFunction",
    "AsyncGeneratorFunction.prototype",
    "Generator.prototype",
    "AsyncGenerator.prototype",
    "Iterator.prototype",
    "AsyncIterator.prototype",
    "Symbol",
    "Symbol.prototype",
    "String",
    "String.prototype",
    "Number",
    "Number.prototype",
    "Boolean",
    "Boolean.prototype",
    "BigInt",
    "BigInt.prototype",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "Date",
    "RegExp",
    "JSON",
    "Math",
    "Reflect",
    "Proxy",
    "eval",
];

/// Where the intrinsic `index` sits in [`INTRINSIC_NAMES`], for the few the bridge names.
pub mod intrinsic {
    pub const OBJECT_PROTOTYPE: usize = 1;
    pub const FUNCTION_PROTOTYPE: usize = 3;
    pub const ARRAY_PROTOTYPE: usize = 5;
}

/// The kinds `identify` reports for host values that are not already known to the engine.
/// Must match `KIND` in `index.js`.
pub mod host_kind {
    pub const PLAIN: u32 = 0;
    pub const ARRAY: u32 = 1;
    pub const FUNCTION: u32 = 2;
    pub const PROMISE: u32 = 3;
    pub const ERROR: u32 = 4;
    pub const DATE: u32 = 5;
    pub const REGEXP: u32 = 6;
    pub const ARRAY_BUFFER: u32 = 7;
    pub const TYPED_ARRAY: u32 = 8;
    pub const DATA_VIEW: u32 = 9;
    pub const BUFFER: u32 = 10;
    pub const BOXED: u32 = 11;
}

/// The kinds of proxy targets `makeTarget` builds. Must match `index.js`.
pub mod target_kind {
    pub const OBJECT: u32 = 0;
    pub const ARRAY: u32 = 1;
    pub const FUNCTION: u32 = 2;
}

pub struct HostRealm {
    pub make_target: Ref,
    pub proxy: Ref,
    pub handler: Ref,
    pub make_error: Ref,
    pub describe_error: Ref,
    pub make_deferred: Ref,
    pub make_copy: Ref,
    pub read_copy: Ref,
    pub identify: Ref,
    pub weak_map: Ref,
    pub symbol_for: Ref,
    pub symbol_key_for: Ref,
    pub reflect: Ref,
    pub console: Ref,
    pub timers: Ref,
    pub host_require: Ref,
    pub process: Ref,
    pub intrinsics: Vec<Ref>,
    pub well_known_symbols: Vec<(String, Ref)>,
}

fn named(hooks: Value, name: &CStr) -> NapiResult<Ref> {
    Ref::strong(env().get_named(hooks, name)?)
}

impl HostRealm {
    pub fn new(hooks: Value) -> NapiResult<Rc<Self>> {
        let env = env();
        let list = env.get_named(hooks, c"intrinsics")?;
        let intrinsics = (0..INTRINSIC_NAMES.len() as u32)
            .map(|i| Ref::strong(env.get_element(list, i)?))
            .collect::<NapiResult<Vec<_>>>()?;
        let symbols = env.get_named(hooks, c"wellKnownSymbols")?;
        let count = env.array_length(symbols)?;
        let mut well_known_symbols = Vec::with_capacity(count as usize);
        for i in 0..count {
            let pair = env.get_element(symbols, i)?;
            let name = env.get_string(env.get_element(pair, 0)?)?;
            well_known_symbols.push((name, Ref::strong(env.get_element(pair, 1)?)?));
        }
        Ok(Rc::new(Self {
            make_target: named(hooks, c"makeTarget")?,
            proxy: named(hooks, c"Proxy")?,
            handler: named(hooks, c"handler")?,
            make_error: named(hooks, c"makeError")?,
            describe_error: named(hooks, c"describeError")?,
            make_deferred: named(hooks, c"makeDeferred")?,
            make_copy: named(hooks, c"makeCopy")?,
            read_copy: named(hooks, c"readCopy")?,
            identify: named(hooks, c"identify")?,
            weak_map: named(hooks, c"WeakMap")?,
            symbol_for: named(hooks, c"symbolFor")?,
            symbol_key_for: named(hooks, c"symbolKeyFor")?,
            reflect: named(hooks, c"Reflect")?,
            console: named(hooks, c"console")?,
            timers: named(hooks, c"timers")?,
            host_require: named(hooks, c"require")?,
            process: named(hooks, c"process")?,
            intrinsics,
            well_known_symbols,
        }))
    }

    /// Calls `Reflect[name](...args)` of the host realm.
    pub fn reflect(&self, name: &CStr, args: &[Value]) -> NapiResult<Value> {
        let env = env();
        let reflect = self.reflect.value();
        let function = env.get_named(reflect, name)?;
        env.call(reflect, function, args)
    }
}
