//! The host realm: everything the bridge needs to build values in the realm of the code that
//! called `requireVM`. Jest runs each test file in its own realm while the addon is loaded once
//! per process, so proxies, errors, promises and copies are made by functions of that realm,
//! which `lib/realm.js` hands over once (`createRealm`). The hooks are `RealmHook`s (the
//! contract module), checked here when the realm is made.

use std::cell::RefCell;
use std::ffi::CStr;
use std::rc::Rc;

use boa_engine::JsString;
use rustc_hash::FxHashMap;

use super::napi::{Env, Kind, NapiResult, Ref, Thrown, Value, env};
use crate::contract::{RealmHook, Shape};
use crate::error::VmError;

/// An intrinsic shared by name between the realms (the list is `INTRINSICS` in lib/intrinsics.js).
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
    /// `makeProxy(kind, anchor, slot)`: `[proxy, target]`, a new host proxy (lib/guest-proxy.js).
    pub make_proxy: Ref,
    pub make_error: Ref,
    pub describe_error: Ref,
    pub make_deferred: Ref,
    pub make_copy: Ref,
    pub read_copy: Ref,
    pub identify: Ref,
    /// `remember(map, anchor, value, id, code)`: the anchor holds `value` at `id`, and the map
    /// answers `code` for it (see `BridgeState::remember_host`).
    pub remember: Ref,
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
    /// generic intrinsic must answer instead (its element 0 says which).
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
    /// Short guest property names as host strings, made once: the guest's gets and sets on host
    /// objects name the same few keys over and over (see `convert::name_to_host`).
    pub host_keys: RefCell<FxHashMap<JsString, Ref>>,
    /// The functions of `reflect` used so far, as they were when first used.
    reflect_functions: RefCell<Vec<(&'static CStr, Ref)>>,
}

fn hook_value(hooks: Value, hook: RealmHook) -> NapiResult<Value> {
    let env = env();
    env.get(hooks, env.string(hook.name())?)
}

fn hook(hooks: Value, hook: RealmHook) -> NapiResult<Ref> {
    Ref::strong(hook_value(hooks, hook)?)
}

/// Every hook present and of its shape, and no other: a mismatch between `lib/realm.js` and this
/// crate fails the load of the package, naming the hook, instead of failing on first use.
fn check_hooks(env: Env, hooks: Value) -> NapiResult<()> {
    let fail = |message: String| {
        let error = env.create_error(&VmError::type_error(format!("requireVM: createRealm: {message}")));
        Err(error.map_or_else(|thrown| thrown, Thrown))
    };
    if env.kind(hooks)? != Kind::Object {
        return fail("the hooks must be an object".into());
    }
    for name in env.own_string_keys(hooks)? {
        if RealmHook::named(&name).is_none() {
            return fail(format!("unknown hook '{name}' (not a RealmHook)"));
        }
    }
    for &hook in RealmHook::ALL {
        let name = hook.name();
        let key = env.string(name)?;
        if !env.has_own(hooks, key)? {
            return fail(format!("missing hook '{name}' ({})", hook.shape().describe()));
        }
        let value = env.get(hooks, key)?;
        let shape = match env.kind(value)? {
            Kind::Function => Some(Shape::Function),
            Kind::Object if env.is_array(value)? => Some(Shape::Array),
            Kind::Object => Some(Shape::Object),
            _ => None,
        };
        if shape != Some(hook.shape()) {
            return fail(format!("hook '{name}' must be {}", hook.shape().describe()));
        }
    }
    Ok(())
}

impl HostRealm {
    pub fn new(hooks: Value) -> NapiResult<Rc<Self>> {
        let env = env();
        check_hooks(env, hooks)?;
        let list = hook_value(hooks, RealmHook::intrinsics)?;
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
        let symbols = hook_value(hooks, RealmHook::wellKnownSymbols)?;
        let count = env.array_length(symbols)?;
        let mut well_known_symbols = Vec::with_capacity(count as usize);
        for i in 0..count {
            let pair = env.get_element(symbols, i)?;
            let name = env.get_string(env.get_element(pair, 0)?)?;
            well_known_symbols.push((name, Ref::strong(env.get_element(pair, 1)?)?));
        }
        Ok(Rc::new(Self {
            make_proxy: hook(hooks, RealmHook::makeProxy)?,
            make_error: hook(hooks, RealmHook::makeError)?,
            describe_error: hook(hooks, RealmHook::describeError)?,
            make_deferred: hook(hooks, RealmHook::makeDeferred)?,
            make_copy: hook(hooks, RealmHook::makeCopy)?,
            read_copy: hook(hooks, RealmHook::readCopy)?,
            identify: hook(hooks, RealmHook::identify)?,
            remember: hook(hooks, RealmHook::remember)?,
            weak_map: hook(hooks, RealmHook::WeakMap)?,
            symbol_for: hook(hooks, RealmHook::symbolFor)?,
            symbol_key_for: hook(hooks, RealmHook::symbolKeyFor)?,
            reflect: hook(hooks, RealmHook::Reflect)?,
            host_get: hook(hooks, RealmHook::hostGet)?,
            host_has: hook(hooks, RealmHook::hostHas)?,
            host_set: hook(hooks, RealmHook::hostSet)?,
            is_builtin: hook(hooks, RealmHook::isBuiltin)?,
            writes_buffers: hook(hooks, RealmHook::writesBuffers)?,
            function_to_string: hook(hooks, RealmHook::functionToString)?,
            guard: hook(hooks, RealmHook::guard)?,
            link_global: hook(hooks, RealmHook::linkGlobal)?,
            continue_marker: hook(hooks, RealmHook::CONTINUE)?,
            console: hook(hooks, RealmHook::console)?,
            timers: hook(hooks, RealmHook::timers)?,
            host_require: hook(hooks, RealmHook::require)?,
            process: hook(hooks, RealmHook::process)?,
            global: hook(hooks, RealmHook::global)?,
            intrinsics,
            well_known_symbols,
            host_keys: RefCell::default(),
            reflect_functions: RefCell::default(),
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

    /// Calls `Reflect[name](...args)` of the host realm: the function as it was when first called,
    /// so its name is not made into a V8 string and looked up on every trap.
    pub fn reflect(&self, name: &'static CStr, args: &[Value]) -> NapiResult<Value> {
        let env = env();
        let reflect = self.reflect.value();
        let known = self.reflect_functions.borrow().iter().find(|(n, _)| *n == name).map(|(_, f)| f.value());
        let function = match known {
            Some(function) => function,
            None => {
                let function = env.get_named(reflect, name)?;
                self.reflect_functions.borrow_mut().push((name, Ref::strong(function)?));
                function
            }
        };
        env.call(reflect, function, args)
    }

    /// A host copy of a guest value: `makeCopy(kind, ...args)` (what `args` are depends on
    /// `kind`; `makeCopy` in lib/host-values.js says).
    pub fn make_copy_of(&self, kind: crate::contract::HostKind, args: &[Value]) -> NapiResult<Value> {
        let mut all = vec![env().number(kind.number())?];
        all.extend_from_slice(args);
        self.call(&self.make_copy, &all)
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
        let index = env.get_element(marker, 0).and_then(|i| env.get_number(i)).ok()?;
        Some(index as usize)
    }
}
