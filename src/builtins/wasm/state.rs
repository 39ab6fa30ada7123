//! The wasm side of one engine: its wasmtime `Store` and the rules for reaching it, calls from
//! JavaScript into wasm (stopped by the engine's interrupt through epochs, so `timeout` ends a
//! wasm loop, in code compiled with the checks: see `compile::Interrupts`) and from wasm into
//! JavaScript (imports), and the JavaScript objects that stand for wasm things.
//!
//! Reaching the store: while no wasm runs, the store itself (a `RefCell`); while wasm is
//! suspended in an import, only through the `Caller` wasmtime handed the import (wasmtime holds
//! the store mutably for the whole call), which the import lends for exactly the JavaScript it
//! runs ([`Lent`]). [`WasmState::with_store`] picks the right one, and refuses rather than alias
//! when neither is available.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use boa_engine::error::RuntimeLimitError;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::{Context, JsArgs, JsError, JsNativeError, JsResult, JsString, JsSymbol, JsValue, NativeFunction};
use wasmtime::{AsContext, AsContextMut, Caller, Func, FuncType, Store, StoreContextMut, Trap, UpdateDeadline, Val};

use super::compile::{self, Interrupts, Tier};
use super::errors::{self, ErrorClasses, Kind};
use super::limiter::Limiter;
use super::memory::Memories;
use super::protection_keys::KeptKeys;
use super::values;
use crate::bridge::live_views::LiveViews;
use crate::engine::memory::MemoryAccount;

/// What the store's own data holds: the imports (JavaScript functions wasm may call) and what
/// an import needs to run them.
pub struct HostData {
    state: Weak<WasmState>,
    /// The context of the innermost call from JavaScript into wasm, for imports to run in.
    context: *mut Context,
    /// JavaScript functions imported by some instance, with their wasm type.
    imports: Vec<(JsObject, FuncType)>,
    /// Values behind `externref`s, kept for the engine's life.
    pub(super) externs: Vec<JsValue>,
    /// The exception an import threw, on its way out through wasm to the nearest call.
    exception: Option<JsError>,
    limiter: Limiter,
}

/// The errors we stop wasm with ourselves, for [`Failure::of`] to recognise.
#[derive(Debug)]
enum Stop {
    /// An import's JavaScript threw; the exception itself waits in [`HostData::exception`].
    JsThrew,
    /// The epoch callback found the engine interrupted.
    Interrupted,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::JsThrew => "a JavaScript import threw",
            Self::Interrupted => "the engine was interrupted",
        })
    }
}

impl std::error::Error for Stop {}

/// Why wasm stopped before the end.
pub enum Failure {
    /// A JavaScript exception: an import threw, or the engine was interrupted.
    Js(JsError),
    /// A trap (`unreachable`, out-of-bounds access…).
    Trap(String),
    /// Anything else wasmtime refused (a link error when instantiating).
    Other(String),
}

impl Failure {
    pub fn of(error: wasmtime::Error, store: &mut StoreContextMut<'_, HostData>) -> Self {
        match error.downcast_ref::<Stop>() {
            Some(Stop::JsThrew) => {
                if let Some(exception) = store.data_mut().exception.take() {
                    return Self::Js(exception);
                }
            }
            Some(Stop::Interrupted) => return Self::Js(RuntimeLimitError::Interrupted.into()),
            None => {}
        }
        match error.downcast_ref::<Trap>() {
            // As V8 reports it (a RangeError), not as a trap.
            Some(Trap::StackOverflow) => {
                Self::Js(JsNativeError::range().with_message("Maximum call stack size exceeded").into())
            }
            Some(trap) => Self::Trap(trap.to_string()),
            None => Self::Other(format!("{error:#}")),
        }
    }

    /// The JavaScript error the JS API names: the exception itself, a `RuntimeError` for a
    /// trap, and an error of `other` for the rest.
    pub fn into_error(self, state: &WasmState, other: Kind, context: &mut Context) -> JsError {
        match self {
            Self::Js(error) => error,
            Self::Trap(message) => errors::make(state, Kind::Runtime, &message, context),
            Self::Other(message) => errors::make(state, other, &message, context),
        }
    }
}

/// The store an import lends to the JavaScript it runs: set for exactly that call, empty while
/// someone uses it (so there is one user at a time).
///
/// The pointer's lifetime is not written down: it is valid while [`Lent::lend`] runs, which is
/// the only place it is set, and it can only be used through [`Lent::with`], whose closure gets
/// a reborrow that cannot outlive the call. Nothing of it escapes as a type with a lifetime.
#[derive(Default)]
struct Lent(Cell<Option<NonNull<()>>>);

/// Puts a `Cell`'s previous value back when dropped (also on unwinding).
struct Restore<'a, T: Copy>(&'a Cell<T>, T);

impl<T: Copy> Drop for Restore<'_, T> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

impl Lent {
    /// Lends `store` to whatever `f` runs.
    fn lend<R>(&self, store: &mut StoreContextMut<'_, HostData>, f: impl FnOnce() -> R) -> R {
        let previous = self.0.replace(Some(NonNull::from(store).cast()));
        let _restore = Restore(&self.0, previous);
        f()
    }

    /// Runs `f` with the lent store, if one is lent and nobody is using it.
    fn with<R>(&self, f: impl FnOnce(StoreContextMut<'_, HostData>) -> R) -> Option<R> {
        let lent = self.0.take()?;
        let _restore = Restore(&self.0, Some(lent));
        // SAFETY: `lent` was made from the `&mut StoreContextMut` of an import's frame by
        // `lend`, which is still running (it clears the cell before it returns, on unwinding
        // too), so the place is live. That frame does not touch its own reference until `f`
        // (run inside its `lend`) has returned, and we took the pointer out of the cell for the
        // time of `f`, so this is the only path to the store meanwhile: a unique reborrow, as
        // Rust's aliasing rules ask. `f` only gets a reborrow tied to this call.
        let store = unsafe { lent.cast::<StoreContextMut<'_, HostData>>().as_mut() };
        Some(f(store.as_context_mut()))
    }
}

/// The wasm state of one engine (an engine extension): dropped with the engine, and with it
/// every instance and linear memory the guest made.
pub struct WasmState {
    /// Made on first use, bound then to a compiler tier (see `compile`).
    store: RefCell<Option<Store<HostData>>>,
    /// The store's tier, once it is made (readable while wasm holds the store).
    tier: Cell<Option<Tier>>,
    /// Whether the engine's wasm must check for interrupts (it has a timeout).
    interrupts: Interrupts,
    /// What the store is made from.
    me: Weak<WasmState>,
    account: Arc<MemoryAccount>,
    lent: Lent,
    pub(super) errors: RefCell<Option<ErrorClasses>>,
    /// The JavaScript object standing for each wasm function, table, global or memory (by
    /// [`key`]), so the same thing always shows as the same object.
    objects: RefCell<HashMap<String, JsObject>>,
    /// Our exported-function objects (by address, kept alive by `objects`) → their function.
    funcs: RefCell<HashMap<usize, Func>>,
    pub(super) memories: Memories,
    /// Key that lets only us detach the `ArrayBuffer`s over wasm memory.
    pub(super) detach_key: JsValue,
    /// Host views of wasm memory (see `bridge::copies`): detached with the guest's buffers.
    pub(super) live_views: Rc<LiveViews>,
}

/// An identity for a wasm handle: wasmtime's handles have no `Eq` or `Hash`; their debug form
/// names the store and the instance and index (or the function's address), which is what
/// identity means.
pub fn key(kind: &str, handle: &impl std::fmt::Debug) -> String {
    format!("{kind}:{handle:?}")
}

impl WasmState {
    pub fn new(account: Arc<MemoryAccount>, live_views: Rc<LiveViews>, interrupts: Interrupts) -> Rc<Self> {
        Rc::new_cyclic(|me| Self {
            store: RefCell::new(None),
            tier: Cell::new(None),
            interrupts,
            me: Weak::clone(me),
            account,
            lent: Lent::default(),
            errors: RefCell::new(None),
            objects: RefCell::default(),
            funcs: RefCell::default(),
            memories: Memories::default(),
            detach_key: JsSymbol::new(Some(JsString::from("WebAssembly.Memory")))
                .map_or_else(JsValue::undefined, JsValue::from),
            live_views,
        })
    }

    fn make_store(&self, tier: Tier) -> Store<HostData> {
        self.tier.set(Some(tier));
        let data = HostData {
            state: Weak::clone(&self.me),
            context: std::ptr::null_mut(),
            imports: Vec::new(),
            externs: Vec::new(),
            exception: None,
            limiter: Limiter::new(Arc::clone(&self.account)),
        };
        let mut store = Store::new(compile::engine(tier, self.interrupts), data);
        store.limiter(|data| &mut data.limiter);
        let account = Arc::clone(&self.account);
        store.epoch_deadline_callback(move |_| {
            // A poll asks the host whether its thread is ending, as Boa's interrupt handler does.
            if account.is_flagged() && crate::engine::limits::must_stop(&account) {
                Err(wasmtime::Error::new(Stop::Interrupted))
            } else {
                // Another engine was interrupted or polled: run on until the next bump.
                Ok(UpdateDeadline::Continue(1))
            }
        });
        store
    }

    /// Whether the engine's wasm code checks for interrupts.
    pub fn interrupts(&self) -> Interrupts {
        self.interrupts
    }

    /// The tier of the store's code, once the store is made.
    pub fn tier(&self) -> Option<Tier> {
        self.tier.get()
    }

    /// Makes the store for `tier` unless it is made already; its tier either way.
    pub fn bind_tier(&self, tier: Tier) -> Tier {
        if let Some(bound) = self.tier.get() {
            return bound;
        }
        // Not made yet, so nothing borrows it.
        if let Ok(mut store) = self.store.try_borrow_mut() {
            *store = Some(self.make_store(tier));
        }
        tier
    }

    /// Whether this engine keeps compiled code on disk (`isCache`).
    pub fn uses_disk_cache() -> bool {
        crate::engine::Engine::current()
            .and_then(|engine| engine.extension::<crate::loader::LoaderState>())
            .is_some_and(|loader| loader.use_cache.get())
    }

    /// The wasm state of the engine running on this thread, made by the `WebAssembly` global.
    pub fn current() -> JsResult<Rc<Self>> {
        crate::engine::Engine::current()
            .and_then(|engine| engine.extension::<WasmState>())
            .ok_or_else(|| JsNativeError::error().with_message("WebAssembly is not available here").into())
    }

    /// Runs `f` with the store (see the module notes for which one).
    pub fn with_store<R>(&self, f: impl FnOnce(StoreContextMut<'_, HostData>) -> R) -> JsResult<R> {
        if let Ok(mut store) = self.store.try_borrow_mut() {
            let store =
                store.get_or_insert_with(|| self.make_store(compile::tier_for_new_store(Self::uses_disk_cache())));
            return Ok(f(store.as_context_mut()));
        }
        self.lent.with(f).ok_or_else(|| {
            JsNativeError::error().with_message("WebAssembly: the store is in use (re-entrant call)").into()
        })
    }

    /// Runs `f` (which may run wasm) with `context` published for the imports it calls, and
    /// with the engine's interrupt armed: the epoch deadline is one bump away, and an engine
    /// already interrupted does not start.
    pub fn with_context<R>(
        &self,
        context: &mut Context,
        f: impl FnOnce(&mut StoreContextMut<'_, HostData>) -> Result<R, Failure>,
    ) -> JsResult<Result<R, Failure>> {
        let context: *mut Context = context;
        self.with_store(|mut store| {
            store.set_epoch_deadline(1);
            if self.account.is_interrupted() {
                return Err(Failure::Js(RuntimeLimitError::Interrupted.into()));
            }
            let previous = std::mem::replace(&mut store.data_mut().context, context);
            let result = {
                // A trap leaves the thread's protection keys as wasmtime's signal handler had them.
                let _keys = KeptKeys::save();
                f(&mut store)
            };
            store.data_mut().context = previous;
            // Wasm returns to JavaScript: buffers over memory that moved must go first.
            self.memories.refresh_all(self, &store);
            result
        })
    }

    /// Calls a wasm function from JavaScript: `args` converted as the JS API says, results as
    /// `undefined`, one value, or an array.
    pub fn call(&self, func: Func, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
        let ty = self.with_store(|store| func.ty(&store))?;
        let mut inputs = Vec::with_capacity(ty.params().len());
        for (i, param) in ty.params().enumerate() {
            inputs.push(values::to_wasm(self, args.get_or_undefined(i), &param, context)?);
        }
        let mut outputs: Vec<Val> = ty.results().map(|t| Val::default_for_ty(&t).unwrap_or(Val::I32(0))).collect();
        self.with_context(context, |store| {
            func.call(&mut *store, &inputs, &mut outputs).map_err(|error| Failure::of(error, store))
        })?
        .map_err(|failure| failure.into_error(self, Kind::Runtime, context))?;
        match outputs.as_slice() {
            [] => Ok(JsValue::undefined()),
            [one] => values::to_js(self, one, context),
            many => {
                let mut list = Vec::with_capacity(many.len());
                for value in many {
                    list.push(values::to_js(self, value, context)?);
                }
                Ok(JsArray::from_iter(list, context).into())
            }
        }
    }

    /// A wasm function that calls the JavaScript `function` (an import).
    pub fn import_func(&self, function: JsObject, ty: FuncType) -> JsResult<Func> {
        self.with_store(|mut store| {
            let index = store.data().imports.len();
            store.data_mut().imports.push((function, ty.clone()));
            Func::new(&mut store, ty, move |caller, params, results| call_import(caller, index, params, results))
        })
    }

    /// The JavaScript function standing for a wasm function (one per function).
    pub fn function_object(&self, func: Func, name: &str, context: &mut Context) -> JsResult<JsObject> {
        let key = key("func", &func);
        if let Some(object) = self.objects.borrow().get(&key) {
            return Ok(object.clone());
        }
        let arity = self.with_store(|store| func.ty(&store).params().len())?;
        let call =
            NativeFunction::from_copy_closure(move |_, args, context| WasmState::current()?.call(func, args, context));
        let object: JsObject =
            FunctionObjectBuilder::new(context.realm(), call).name(JsString::from(name)).length(arity).build().into();
        self.funcs.borrow_mut().insert(crate::bridge::address(&object), func);
        self.objects.borrow_mut().insert(key, object.clone());
        Ok(object)
    }

    /// The wasm function behind one of our exported-function objects.
    pub fn func_of(&self, object: &JsObject) -> Option<Func> {
        self.funcs.borrow().get(&crate::bridge::address(object)).copied()
    }

    /// The object standing for a wasm thing, made by `make` the first time.
    pub fn object_for(
        &self,
        key: String,
        make: impl FnOnce(&mut Context) -> JsResult<JsObject>,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        if let Some(object) = self.objects.borrow().get(&key) {
            return Ok(object.clone());
        }
        let object = make(context)?;
        self.objects.borrow_mut().insert(key, object.clone());
        Ok(object)
    }

    /// Records `object` as the one standing for the wasm thing `key` (objects made by `new`).
    pub fn remember(&self, key: String, object: JsObject) {
        self.objects.borrow_mut().insert(key, object);
    }
}

impl Drop for WasmState {
    /// Nothing may read wasm memory once the store frees it: detach every buffer over it, the
    /// guest's and the host's, first.
    fn drop(&mut self) {
        self.memories.detach_all(self);
        self.live_views.detach_all();
    }
}

/// An import: wasm calls the JavaScript function `index` of the store's imports.
fn call_import(
    mut caller: Caller<'_, HostData>,
    index: usize,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let Some(state) = caller.data().state.upgrade() else {
        return Err(wasmtime::Error::msg("the engine was disposed"));
    };
    let mut store = caller.as_context_mut();
    // Wasm returns to JavaScript: buffers over memory that moved must go first.
    state.memories.refresh_all(&state, &store);
    let (function, ty) = store.data().imports[index].clone();
    let context = store.data().context;
    if context.is_null() {
        return Err(wasmtime::Error::msg("an import ran outside a call"));
    }
    let outcome = state.lent.lend(&mut store, || {
        // SAFETY: `context` was published by the call into wasm that led here (see
        // `with_context`), which does not use its own reference until wasm returns.
        let context = unsafe { &mut *context };
        run_import(&state, &function, &ty, params, results, context)
    });
    outcome.map_err(|exception| {
        store.data_mut().exception = Some(exception);
        wasmtime::Error::new(Stop::JsThrew)
    })
}

fn run_import(
    state: &WasmState,
    function: &JsObject,
    ty: &FuncType,
    params: &[Val],
    results: &mut [Val],
    context: &mut Context,
) -> JsResult<()> {
    let mut args = Vec::with_capacity(params.len());
    for param in params {
        args.push(values::to_js(state, param, context)?);
    }
    let value = function.call(&JsValue::undefined(), &args, context)?;
    let types: Vec<_> = ty.results().collect();
    match types.as_slice() {
        [] => {}
        [one] => results[0] = values::to_wasm(state, &value, one, context)?,
        many => {
            let Some(list) = value.as_object() else {
                return Err(JsNativeError::typ().with_message("a multi-value import must return an iterable").into());
            };
            let list = JsArray::from_object(list).or_else(|_| {
                let array = context.intrinsics().constructors().array().constructor();
                let from = array.get(boa_engine::js_string!("from"), context)?;
                let made =
                    from.as_callable().map(|f| f.call(&array.clone().into(), std::slice::from_ref(&value), context));
                JsArray::from_object(made.transpose()?.and_then(|v| v.as_object()).unwrap_or(array))
            })?;
            if list.length(context)? != many.len() as u64 {
                return Err(JsNativeError::typ()
                    .with_message("a multi-value import returned the wrong number of values")
                    .into());
            }
            for (i, ty) in many.iter().enumerate() {
                results[i] = values::to_wasm(state, &list.get(i as u32, context)?, ty, context)?;
            }
        }
    }
    Ok(())
}

/// Where a memory's bytes are now, and how many.
pub fn memory_view(memory: &wasmtime::Memory, store: &impl AsContext) -> (usize, usize) {
    (memory.data_ptr(store) as usize, memory.data_size(store))
}
