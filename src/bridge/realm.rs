//! The host realm: everything the bridge needs to build values in the realm of the code that
//! called `requireVM`. Jest runs each test file in its own realm while the addon is loaded once
//! per process, so proxies, errors, promises and copies are made by functions of that realm,
//! which `index.js` hands over once (see `createRealm` there).

use std::ffi::CStr;
use std::rc::Rc;

use super::napi::{NapiResult, Ref, Value, env};

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
    /// Only for `makeCopy`: a live view of WebAssembly memory (see `copies`).
    pub const LIVE_VIEW: u32 = 12;
}

/// The kinds of proxy targets `makeTarget` builds. Must match `index.js`.
pub mod target_kind {
    pub const OBJECT: u32 = 0;
    pub const ARRAY: u32 = 1;
    pub const FUNCTION: u32 = 2;
}

/// An intrinsic shared by name between the realms (the list is `INTRINSICS` in index.js).
pub struct Intrinsic {
    /// How the guest finds its own: a path from the global object (`Map.prototype`) or one of
    /// the `%…%` names the bridge knows.
    pub name: String,
    pub value: Ref,
    /// Its methods work on any object, so on a prototype chain the side looking a property up
    /// answers with its own counterpart.
    pub generic: bool,
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
    pub host_get: Ref,
    pub host_has: Ref,
    pub host_set: Ref,
    pub is_builtin: Ref,
    /// Whether a host function is one of the host built-in modules' (they may fill buffers).
    pub writes_buffers: Ref,
    /// `Function.prototype.toString` for guest functions read on the host.
    pub function_to_string: Ref,
    /// Wraps a function made here so that its caller throws what it hands over (see `entry`).
    pub guard: Ref,
    pub link_global: Ref,
    /// The sentinel `hostGet`/`hostHas`/`hostSet` answer when the guest's counterpart of a
    /// generic intrinsic must answer instead (its `index` says which).
    pub continue_marker: Ref,
    pub console: Ref,
    pub timers: Ref,
    pub host_require: Ref,
    pub process: Ref,
    /// The global object of the realm that loaded index.js (Jest's sandbox under Jest): its
    /// built-ins (`Intl`) have the intrinsics the bridge knows.
    pub global: Ref,
    pub intrinsics: Vec<Intrinsic>,
    pub well_known_symbols: Vec<(String, Ref)>,
}

fn named(hooks: Value, name: &CStr) -> NapiResult<Ref> {
    Ref::strong(env().get_named(hooks, name)?)
}

impl HostRealm {
    pub fn new(hooks: Value) -> NapiResult<Rc<Self>> {
        let env = env();
        let list = env.get_named(hooks, c"intrinsics")?;
        let count = env.array_length(list)?;
        let mut intrinsics = Vec::with_capacity(count as usize);
        for i in 0..count {
            let entry = env.get_element(list, i)?;
            intrinsics.push(Intrinsic {
                name: env.get_string(env.get_element(entry, 0)?)?,
                value: Ref::strong(env.get_element(entry, 1)?)?,
                generic: env.truthy(env.get_element(entry, 2)?),
            });
        }
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
            host_get: named(hooks, c"hostGet")?,
            host_has: named(hooks, c"hostHas")?,
            host_set: named(hooks, c"hostSet")?,
            is_builtin: named(hooks, c"isBuiltin")?,
            writes_buffers: named(hooks, c"writesBuffers")?,
            function_to_string: named(hooks, c"functionToString")?,
            guard: named(hooks, c"guard")?,
            link_global: named(hooks, c"linkGlobal")?,
            continue_marker: named(hooks, c"CONTINUE")?,
            console: named(hooks, c"console")?,
            timers: named(hooks, c"timers")?,
            host_require: named(hooks, c"require")?,
            process: named(hooks, c"process")?,
            global: named(hooks, c"global")?,
            intrinsics,
            well_known_symbols,
        }))
    }

    /// The index of the intrinsic named `name`.
    pub fn intrinsic_index(&self, name: &str) -> Option<usize> {
        self.intrinsics.iter().position(|i| i.name == name)
    }

    /// A function made by the addon, wrapped to throw what its callback hands over.
    pub fn guard(&self, function: Value) -> NapiResult<Value> {
        self.call(&self.guard, &[function])
    }

    /// Calls `Reflect[name](...args)` of the host realm.
    pub fn reflect(&self, name: &CStr, args: &[Value]) -> NapiResult<Value> {
        let env = env();
        let reflect = self.reflect.value();
        let function = env.get_named(reflect, name)?;
        env.call(reflect, function, args)
    }

    /// Calls one of the realm's helper functions.
    pub fn call(&self, function: &Ref, args: &[Value]) -> NapiResult<Value> {
        let env = env();
        env.call(env.undefined(), function.value(), args)
    }

    /// If `value` is the CONTINUE sentinel, the index of the generic intrinsic it names.
    pub fn continued(&self, value: Value) -> Option<usize> {
        let env = env();
        let marker = self.continue_marker.value();
        if !env.strict_equals(value, marker).unwrap_or(false) {
            return None;
        }
        let index = env.get_named(marker, c"index").and_then(|i| env.get_number(i)).ok()?;
        Some(index as usize)
    }
}
