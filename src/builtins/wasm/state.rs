//! The wasm side of one engine: its wasmi `Store` and the rules for reaching it, calls from
//! JavaScript into wasm (with fuel, so `timeout` and `dispose` stop a wasm loop) and from wasm
//! into JavaScript (imports), and the JavaScript objects that stand for wasm things.
//!
//! Reaching the store: while no wasm runs, the store itself; while wasm is suspended in an
//! import, only through the `Caller` that wasmi handed the import (wasmi holds the store
//! mutably for the whole call). [`WasmState::with_store`] picks the right one, and refuses
//! rather than alias when neither is available.

use std::cell::{Cell, RefCell, UnsafeCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use boa_engine::error::RuntimeLimitError;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::{FunctionObjectBuilder, JsObject};
use boa_engine::{Context, JsArgs, JsError, JsNativeError, JsResult, JsString, JsSymbol, JsValue, NativeFunction};
use wasmi::{AsContext, AsContextMut, Caller, Func, FuncType, ResumableCall, Store, StoreContextMut, Val};

use super::errors::{self, ErrorClasses, Kind};
use super::memory::Memories;
use super::values;
use crate::bridge::live_views::LiveViews;

/// Fuel handed to wasm per slice: when it runs out we look at the engine's interrupt flag
/// (timeout, memory limit, dispose) and hand out the next slice. About a few milliseconds of
/// wasm at wasmi's speed, so a timeout lands promptly and the refills cost nothing measurable.
const FUEL_SLICE: u64 = 4_000_000;

/// What the store's own data holds: the imports (JavaScript functions wasm may call) and what
/// an import needs to run them.
pub struct HostData {
    state: Weak<WasmState>,
    /// The context of the innermost call from JavaScript into wasm, for imports to run in.
    context: *mut Context,
    /// JavaScript functions imported by some instance, with their wasm type.
    imports: Vec<(JsObject, FuncType)>,
    /// Values behind `externref`s, kept for the engine's life (wasmi cannot say when wasm drops
    /// one).
    pub(super) externs: Vec<JsValue>,
    /// The exception an import threw, on its way out through wasm to the nearest call.
    exception: Option<JsError>,
}

/// The host error an import returns to wasmi when its JavaScript threw; the exception itself
/// waits in [`HostData::exception`].
#[derive(Debug)]
struct JsThrew;

impl std::fmt::Display for JsThrew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JavaScript import threw")
    }
}

impl wasmi::errors::HostError for JsThrew {}

/// Why wasm stopped before the end.
pub enum Failure {
    /// A JavaScript exception: an import threw, or the engine was interrupted.
    Js(JsError),
    /// A trap (`unreachable`, out-of-bounds access…).
    Trap(String),
    /// Anything else wasmi refused (a link error when instantiating).
    Other(String),
}

impl Failure {
    pub fn of(error: wasmi::Error, store: &mut StoreContextMut<'_, HostData>) -> Self {
        if error.downcast_ref::<JsThrew>().is_some()
            && let Some(exception) = store.data_mut().exception.take()
        {
            return Self::Js(exception);
        }
        match error.as_trap_code() {
            // As V8 reports it (a RangeError), not as a trap.
            Some(wasmi::TrapCode::StackOverflow) => {
                Self::Js(JsNativeError::range().with_message("Maximum call stack size exceeded").into())
            }
            Some(code) => Self::Trap(code.trap_message().to_owned()),
            None => Self::Other(error.to_string()),
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

/// Who may use the store right now.
#[derive(Clone, Copy)]
enum Access {
    /// No wasm runs: the store itself.
    Free,
    /// Someone holds the store (a call into wasm, before it reached an import).
    Busy,
    /// Wasm is suspended in an import: only through its `Caller`.
    Caller(*mut Caller<'static, HostData>),
}

/// Puts `access` back when dropped (also on unwinding).
struct Restore<'a>(&'a Cell<Access>, Access);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// The wasm state of one engine (an engine extension): dropped with the engine, and with it
/// every module, instance and linear memory the guest made.
pub struct WasmState {
    engine: wasmi::Engine,
    store: UnsafeCell<Store<HostData>>,
    access: Cell<Access>,
    interrupt: Arc<AtomicBool>,
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

/// An identity for a wasm handle (wasmi's handles have no `Eq` or `Hash`; their debug form
/// names the store and the slot, which is what identity means).
pub fn key(kind: &str, handle: &impl std::fmt::Debug) -> String {
    format!("{kind}:{handle:?}")
}

impl WasmState {
    pub fn new(interrupt: Arc<AtomicBool>, live_views: Rc<LiveViews>) -> Rc<Self> {
        let mut config = wasmi::Config::default();
        config.consume_fuel(true);
        // Eager: wasmi 2.0 charges fuel for compiling a function lazily on its first call, and
        // running out there is a plain error, not a resumable out-of-fuel (opencv.js's
        // constructors hit it: "all fuel consumed"), so a fuel slice may not end inside a
        // compilation.
        config.compilation_mode(wasmi::CompilationMode::Eager);
        let engine = wasmi::Engine::new(&config);
        Rc::new_cyclic(|state| {
            let data = HostData {
                state: Weak::clone(state),
                context: std::ptr::null_mut(),
                imports: Vec::new(),
                externs: Vec::new(),
                exception: None,
            };
            Self {
                store: UnsafeCell::new(Store::new(&engine, data)),
                engine,
                access: Cell::new(Access::Free),
                interrupt,
                errors: RefCell::new(None),
                objects: RefCell::default(),
                funcs: RefCell::default(),
                memories: Memories::default(),
                detach_key: JsSymbol::new(Some(JsString::from("WebAssembly.Memory")))
                    .map_or_else(JsValue::undefined, JsValue::from),
                live_views,
            }
        })
    }

    /// The wasm state of the engine running on this thread, made by the `WebAssembly` global.
    pub fn current() -> JsResult<Rc<Self>> {
        crate::engine::Engine::current()
            .and_then(|engine| engine.extension::<WasmState>())
            .ok_or_else(|| JsNativeError::error().with_message("WebAssembly is not available here").into())
    }

    pub fn engine(&self) -> &wasmi::Engine {
        &self.engine
    }

    /// Runs `f` with the store (see the module notes for which one).
    pub fn with_store<R>(&self, f: impl FnOnce(StoreContextMut<'_, HostData>) -> R) -> JsResult<R> {
        let access = self.access.replace(Access::Busy);
        let _restore = Restore(&self.access, access);
        match access {
            Access::Free => {
                // SAFETY: `Free` means no call into wasm is running, so nothing else holds the
                // store; we marked it `Busy` until we return, so nothing reborrows it meanwhile.
                let store = unsafe { &mut *self.store.get() };
                Ok(f(store.as_context_mut()))
            }
            Access::Caller(caller) => {
                // SAFETY: the pointer was published by the import wasm is suspended in, which
                // does not touch its `Caller` until the JavaScript it runs (us) returns; we
                // marked the access `Busy`, so there is one user at a time.
                let caller = unsafe { &mut *caller };
                Ok(f(caller.as_context_mut()))
            }
            Access::Busy => {
                Err(JsNativeError::error().with_message("WebAssembly: the store is in use (re-entrant call)").into())
            }
        }
    }

    /// Runs `f` (which may run wasm) with `context` published for the imports it calls.
    pub fn with_context<R>(
        &self,
        context: &mut Context,
        f: impl FnOnce(&mut StoreContextMut<'_, HostData>) -> R,
    ) -> JsResult<R> {
        let context: *mut Context = context;
        self.with_store(|mut store| {
            let previous = std::mem::replace(&mut store.data_mut().context, context);
            let result = f(&mut store);
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
        for (i, param) in ty.params().iter().enumerate() {
            inputs.push(values::to_wasm(self, args.get_or_undefined(i), *param, context)?);
        }
        let mut outputs: Vec<Val> = ty.results().iter().map(|t| Val::default_for_ty(*t)).collect();
        self.with_context(context, |store| self.run(func, &inputs, &mut outputs, store))?
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

    /// Runs `func` to the end in fuel slices, stopping when the engine is interrupted.
    fn run(
        &self,
        func: Func,
        inputs: &[Val],
        outputs: &mut [Val],
        store: &mut StoreContextMut<'_, HostData>,
    ) -> Result<(), Failure> {
        let refuel =
            |store: &mut StoreContextMut<'_, HostData>| store.set_fuel(FUEL_SLICE).map_err(|e| Failure::of(e, store));
        refuel(store)?;
        let mut call = func.call_resumable(&mut *store, inputs, outputs).map_err(|e| Failure::of(e, store))?;
        loop {
            match call {
                ResumableCall::Finished => return Ok(()),
                ResumableCall::OutOfFuel(pending) => {
                    if self.interrupt.load(Ordering::Relaxed) {
                        return Err(Failure::Js(RuntimeLimitError::Interrupted.into()));
                    }
                    refuel(store)?;
                    call = pending.resume(&mut *store, outputs).map_err(|e| Failure::of(e, store))?;
                }
                ResumableCall::HostTrap(trap) => return Err(Failure::of(trap.into_host_error(), store)),
            }
        }
    }

    /// Gives wasm enough fuel for work that cannot be resumed (a module's start function).
    pub fn unlimited_fuel(store: &mut StoreContextMut<'_, HostData>) {
        let _ = store.set_fuel(u64::MAX / 2);
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
) -> Result<(), wasmi::Error> {
    let Some(state) = caller.data().state.upgrade() else {
        return Err(wasmi::Error::new("the engine was disposed"));
    };
    // Wasm returns to JavaScript: buffers over memory that moved must go first.
    state.memories.refresh_all(&state, &caller);
    let (function, ty) = caller.data().imports[index].clone();
    let context = caller.data().context;
    if context.is_null() {
        return Err(wasmi::Error::new("an import ran outside a call"));
    }
    let published = std::ptr::from_mut(&mut caller).cast::<Caller<'static, HostData>>();
    let previous = state.access.replace(Access::Caller(published));
    let outcome = {
        let _restore = Restore(&state.access, previous);
        // SAFETY: `context` was published by the call into wasm that led here (see
        // `with_context`), which does not use its own reference until wasm returns.
        let context = unsafe { &mut *context };
        run_import(&state, &function, &ty, params, results, context)
    };
    outcome.map_err(|exception| {
        caller.data_mut().exception = Some(exception);
        wasmi::Error::host(JsThrew)
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
    match ty.results() {
        [] => {}
        [one] => results[0] = values::to_wasm(state, &value, *one, context)?,
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
                results[i] = values::to_wasm(state, &list.get(i as u32, context)?, *ty, context)?;
            }
        }
    }
    Ok(())
}

/// Where a memory's bytes are now, and how many.
pub fn memory_view(memory: &wasmi::Memory, store: &impl AsContext) -> (usize, usize) {
    (memory.data_ptr(store) as usize, memory.data_size(store))
}
