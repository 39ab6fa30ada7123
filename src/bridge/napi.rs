//! A thin layer over the raw Node-API: the bridge needs control that napi-rs's high-level types
//! do not give (finalizers that run inside V8's GC, wraps on `Proxy` objects, type tags), and
//! its hot paths (proxy traps) are cheaper without conversions we do not need.
//!
//! Every function here calls Node-API on the thread that owns `env`, which is the only thread
//! the addon runs JavaScript on. A failed call returns `Err(Thrown)`, the exception taken out of
//! the environment at once: see [`Thrown`].

use std::ffi::c_void;
use std::ptr;

use napi::sys::{self, Status, ValueType, napi_env, napi_ref, napi_value};

use crate::error::{ErrorClass, VmError};

/// A host exception, carried as a value (a handle valid in the scope where it was raised).
///
/// No exception is ever left pending in the environment: a failed call's exception is taken out
/// (`napi_get_and_clear_last_exception`) by [`check`], right where it was raised, and we never
/// `napi_throw`. While one is pending, any Node-API call that can run a garbage collection
/// (allocating a handle, `napi_adjust_external_memory`, a call) may run our synchronous
/// finalizers, and Node, finding the exception after a finalizer, reports it from inside the GC
/// and aborts the process (issue 14). The exception reaches JavaScript through `entry`, which
/// hands it to its caller to throw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thrown(pub Value);

pub type NapiResult<T> = Result<T, Thrown>;

/// A handle to a JavaScript value, valid in the current handle scope.
pub type Value = napi_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    Object,
    Function,
    External,
    BigInt,
}

/// The Node-API environment of the current thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Env(pub napi_env);

/// Turns a status into a result: on failure, the exception the call raised, taken out of the
/// environment, or an `Error` describing a failure that raised none.
///
/// Inlined, with the failure out of line: every Node-API call goes through here, and with
/// the failure inlined each paid a full prologue before testing the status.
#[inline]
pub fn check(env: napi_env, status: sys::napi_status) -> NapiResult<()> {
    if status == Status::napi_ok {
        return Ok(());
    }
    Err(take_raised(env, status))
}

#[cold]
#[inline(never)]
fn take_raised(env: napi_env, status: sys::napi_status) -> Thrown {
    // SAFETY: (the whole function) plain Node-API calls on the owning thread with valid
    // out-pointers; `info` points into the environment and is read before any other call.
    unsafe {
        // Read first: every other call resets the last error.
        let mut message = c"Node-API call failed".to_owned();
        if status != Status::napi_pending_exception {
            let mut info: *const sys::napi_extended_error_info = ptr::null();
            sys::napi_get_last_error_info(env, &mut info);
            if !info.is_null() && !(*info).error_message.is_null() {
                message = std::ffi::CStr::from_ptr((*info).error_message).to_owned();
            }
        }
        let mut pending = false;
        sys::napi_is_exception_pending(env, &mut pending);
        let mut exception: napi_value = ptr::null_mut();
        if pending {
            sys::napi_get_and_clear_last_exception(env, &mut exception);
        } else {
            let mut text: napi_value = ptr::null_mut();
            sys::napi_create_string_utf8(env, message.as_ptr(), message.as_bytes().len() as isize, &mut text);
            sys::napi_create_error(env, ptr::null_mut(), text, &mut exception);
            // Creating the error can itself fail (out of memory): never leave that pending either.
            let mut failed = false;
            sys::napi_is_exception_pending(env, &mut failed);
            if failed {
                sys::napi_get_and_clear_last_exception(env, &mut exception);
            }
        }
        if exception.is_null() {
            sys::napi_get_undefined(env, &mut exception);
        }
        Thrown(exception)
    }
}

macro_rules! napi_call {
    ($env:expr, $f:ident($($arg:expr),* $(,)?)) => {{
        let env: ::napi::sys::napi_env = $env;
        // SAFETY: a Node-API call on the thread that owns `env`, with arguments that are valid
        // handles in the current scope and out-pointers to live locals.
        let status = unsafe { ::napi::sys::$f(env, $($arg),*) };
        $crate::bridge::napi::check(env, status)
    }};
}
pub(crate) use napi_call;

macro_rules! out {
    ($env:expr, $f:ident($($arg:expr),* $(,)?) -> $ty:ty) => {{
        // SAFETY: every `$ty` used here is a raw pointer, number, bool or C enum of Node-API,
        // for which all-zero bytes are a valid value; Node-API overwrites it on success.
        let mut result: $ty = unsafe { std::mem::zeroed() };
        napi_call!($env, $f($($arg,)* &mut result)).map(|()| result)
    }};
}

impl Env {
    pub fn raw(self) -> napi_env {
        self.0
    }

    pub fn undefined(self) -> Value {
        out!(self.0, napi_get_undefined() -> napi_value).unwrap_or(ptr::null_mut())
    }

    pub fn null(self) -> NapiResult<Value> {
        out!(self.0, napi_get_null() -> napi_value)
    }

    pub fn boolean(self, value: bool) -> NapiResult<Value> {
        out!(self.0, napi_get_boolean(value) -> napi_value)
    }

    pub fn number(self, value: f64) -> NapiResult<Value> {
        out!(self.0, napi_create_double(value) -> napi_value)
    }

    pub fn string(self, value: &str) -> NapiResult<Value> {
        out!(self.0, napi_create_string_utf8(value.as_ptr().cast(), value.len() as isize) -> napi_value)
    }

    pub fn string_latin1(self, value: &[u8]) -> NapiResult<Value> {
        out!(self.0, napi_create_string_latin1(value.as_ptr().cast(), value.len() as isize) -> napi_value)
    }

    pub fn string_utf16(self, value: &[u16]) -> NapiResult<Value> {
        out!(self.0, napi_create_string_utf16(value.as_ptr(), value.len() as isize) -> napi_value)
    }

    pub fn object(self) -> NapiResult<Value> {
        out!(self.0, napi_create_object() -> napi_value)
    }

    pub fn array(self, len: usize) -> NapiResult<Value> {
        out!(self.0, napi_create_array_with_length(len) -> napi_value)
    }

    pub fn kind(self, value: Value) -> NapiResult<Kind> {
        let kind = out!(self.0, napi_typeof(value) -> sys::napi_valuetype)?;
        Ok(match kind {
            ValueType::napi_undefined => Kind::Undefined,
            ValueType::napi_null => Kind::Null,
            ValueType::napi_boolean => Kind::Boolean,
            ValueType::napi_number => Kind::Number,
            ValueType::napi_string => Kind::String,
            ValueType::napi_symbol => Kind::Symbol,
            ValueType::napi_function => Kind::Function,
            ValueType::napi_external => Kind::External,
            ValueType::napi_bigint => Kind::BigInt,
            _ => Kind::Object,
        })
    }

    pub fn get_bool(self, value: Value) -> NapiResult<bool> {
        out!(self.0, napi_get_value_bool(value) -> bool)
    }

    /// JavaScript truthiness of any value (never throws).
    pub fn truthy(self, value: Value) -> bool {
        let Ok(coerced) = out!(self.0, napi_coerce_to_bool(value) -> napi_value) else { return false };
        self.get_bool(coerced).unwrap_or(false)
    }

    pub fn get_number(self, value: Value) -> NapiResult<f64> {
        out!(self.0, napi_get_value_double(value) -> f64)
    }

    /// The UTF-16 code units of a string.
    pub fn get_string_utf16(self, value: Value) -> NapiResult<Vec<u16>> {
        let len = out!(self.0, napi_get_value_string_utf16(value, ptr::null_mut(), 0) -> usize)?;
        let mut buf = vec![0u16; len + 1];
        let written = out!(self.0, napi_get_value_string_utf16(value, buf.as_mut_ptr(), buf.len()) -> usize)?;
        buf.truncate(written);
        Ok(buf)
    }

    pub fn get_string(self, value: Value) -> NapiResult<String> {
        let len = out!(self.0, napi_get_value_string_utf8(value, ptr::null_mut(), 0) -> usize)?;
        let mut buf = vec![0u8; len + 1];
        let written = out!(self.0, napi_get_value_string_utf8(value, buf.as_mut_ptr().cast(), buf.len()) -> usize)?;
        buf.truncate(written);
        Ok(String::from_utf8(buf).unwrap_or_default())
    }

    pub fn get(self, object: Value, key: Value) -> NapiResult<Value> {
        out!(self.0, napi_get_property(object, key) -> napi_value)
    }

    pub fn get_named(self, object: Value, name: &std::ffi::CStr) -> NapiResult<Value> {
        out!(self.0, napi_get_named_property(object, name.as_ptr()) -> napi_value)
    }

    pub fn set(self, object: Value, key: Value, value: Value) -> NapiResult<()> {
        napi_call!(self.0, napi_set_property(object, key, value))
    }

    pub fn set_named(self, object: Value, name: &std::ffi::CStr, value: Value) -> NapiResult<()> {
        napi_call!(self.0, napi_set_named_property(object, name.as_ptr(), value))
    }

    /// Defines a writable, configurable data property, enumerable or not.
    pub fn define(self, object: Value, key: Value, value: Value, enumerable: bool) -> NapiResult<()> {
        use sys::PropertyAttributes;
        let mut attributes = PropertyAttributes::writable | PropertyAttributes::configurable;
        if enumerable {
            attributes |= PropertyAttributes::enumerable;
        }
        let descriptor = sys::napi_property_descriptor {
            utf8name: ptr::null(),
            name: key,
            method: None,
            getter: None,
            setter: None,
            value,
            attributes,
            data: ptr::null_mut(),
        };
        napi_call!(self.0, napi_define_properties(object, 1, &descriptor))
    }

    pub fn has(self, object: Value, key: Value) -> NapiResult<bool> {
        out!(self.0, napi_has_property(object, key) -> bool)
    }

    pub fn has_own(self, object: Value, key: Value) -> NapiResult<bool> {
        out!(self.0, napi_has_own_property(object, key) -> bool)
    }

    /// The object's own enumerable string keys (`Object.keys`).
    pub fn own_string_keys(self, object: Value) -> NapiResult<Vec<String>> {
        use sys::{KeyCollectionMode, KeyConversion, KeyFilter};
        let filter = KeyFilter::enumerable | KeyFilter::skip_symbols;
        let keys = out!(self.0, napi_get_all_property_names(
            object,
            KeyCollectionMode::own_only,
            filter,
            KeyConversion::numbers_to_strings,
        ) -> napi_value)?;
        (0..self.array_length(keys)?).map(|i| self.get_element(keys, i).and_then(|key| self.get_string(key))).collect()
    }

    pub fn get_element(self, array: Value, index: u32) -> NapiResult<Value> {
        out!(self.0, napi_get_element(array, index) -> napi_value)
    }

    pub fn set_element(self, array: Value, index: u32, value: Value) -> NapiResult<()> {
        napi_call!(self.0, napi_set_element(array, index, value))
    }

    pub fn array_length(self, array: Value) -> NapiResult<u32> {
        out!(self.0, napi_get_array_length(array) -> u32)
    }

    pub fn is_array(self, value: Value) -> NapiResult<bool> {
        out!(self.0, napi_is_array(value) -> bool)
    }

    pub fn strict_equals(self, a: Value, b: Value) -> NapiResult<bool> {
        out!(self.0, napi_strict_equals(a, b) -> bool)
    }

    pub fn call(self, this: Value, function: Value, args: &[Value]) -> NapiResult<Value> {
        out!(self.0, napi_call_function(this, function, args.len(), args.as_ptr()) -> napi_value)
    }

    /// Calls `function` (a JavaScript function that needs no arguments) and tells whether
    /// JavaScript ran: a call that throws did, one that fails without an exception did not (Node
    /// is terminating this thread's JavaScript). What it threw is cleared.
    pub fn ran_js(self, function: Value) -> bool {
        let mut result: napi_value = ptr::null_mut();
        let mut pending = false;
        // SAFETY: Node-API calls on the thread that owns the environment, with handles of the
        // current scope and out-pointers to live locals.
        unsafe {
            let status = sys::napi_call_function(self.0, self.undefined(), function, 0, ptr::null(), &mut result);
            if status == Status::napi_ok {
                return true;
            }
            sys::napi_is_exception_pending(self.0, &mut pending);
            if pending {
                sys::napi_get_and_clear_last_exception(self.0, &mut result);
            }
        }
        pending
    }

    /// Compiles and runs `source` in the current realm.
    pub fn run_script(self, source: &str) -> NapiResult<Value> {
        let source = self.string(source)?;
        out!(self.0, napi_run_script(source) -> napi_value)
    }

    pub fn construct(self, constructor: Value, args: &[Value]) -> NapiResult<Value> {
        out!(self.0, napi_new_instance(constructor, args.len(), args.as_ptr()) -> napi_value)
    }

    /// `error` as the exception of a failed operation (nothing is thrown: see [`Thrown`]).
    pub fn throw(self, error: Value) -> Thrown {
        Thrown(error)
    }

    /// A plain `Error` with `message` (for the rare failures with no better class).
    pub fn throw_message(self, message: &str) -> Thrown {
        self.create_error(&VmError::error(message)).map_or_else(|thrown| thrown, Thrown)
    }

    /// `error` as an error of the current realm (Node-API's own constructors, which set `code`).
    pub fn create_error(self, error: &VmError) -> NapiResult<Value> {
        let code = match error.code() {
            Some(code) => self.string(code.as_str())?,
            None => ptr::null_mut(),
        };
        let message = self.string(error.message())?;
        match error.class() {
            ErrorClass::Error => out!(self.0, napi_create_error(code, message) -> napi_value),
            ErrorClass::TypeError => out!(self.0, napi_create_type_error(code, message) -> napi_value),
            ErrorClass::RangeError => out!(self.0, napi_create_range_error(code, message) -> napi_value),
        }
    }

    pub fn wrap(
        self,
        object: Value,
        data: *mut c_void,
        finalize: sys::napi_finalize,
        want_ref: bool,
    ) -> NapiResult<napi_ref> {
        let mut reference: napi_ref = ptr::null_mut();
        let out = if want_ref { &mut reference as *mut napi_ref } else { ptr::null_mut() };
        napi_call!(self.0, napi_wrap(object, data, finalize, ptr::null_mut(), out))?;
        Ok(reference)
    }

    /// The pointer wrapped in `object`, or `None` if it wraps nothing.
    pub fn unwrap(self, object: Value) -> Option<*mut c_void> {
        let mut data: *mut c_void = ptr::null_mut();
        // SAFETY: see `napi_call!`; a non-wrapped object reports napi_invalid_arg, which we
        // treat as "none" and which leaves no exception pending.
        let status = unsafe { sys::napi_unwrap(self.0, object, &mut data) };
        (status == Status::napi_ok && !data.is_null()).then_some(data)
    }

    pub fn type_tag(self, object: Value, tag: &sys::napi_type_tag) -> NapiResult<()> {
        napi_call!(self.0, napi_type_tag_object(object, tag))
    }

    pub fn has_type_tag(self, object: Value, tag: &sys::napi_type_tag) -> bool {
        let mut result = false;
        // SAFETY: see `napi_call!`; a failure (not an object) means "no tag".
        let status = unsafe { sys::napi_check_object_type_tag(self.0, object, tag, &mut result) };
        status == Status::napi_ok && result
    }

    pub fn external(self, data: *mut c_void, finalize: sys::napi_finalize) -> NapiResult<Value> {
        out!(self.0, napi_create_external(data, finalize, ptr::null_mut()) -> napi_value)
    }

    pub fn external_data(self, value: Value) -> Option<*mut c_void> {
        let mut data: *mut c_void = ptr::null_mut();
        // SAFETY: see `napi_call!`; a non-external reports napi_invalid_arg ("none").
        let status = unsafe { sys::napi_get_value_external(self.0, value, &mut data) };
        (status == Status::napi_ok && !data.is_null()).then_some(data)
    }

    pub fn create_ref(self, value: Value, count: u32) -> NapiResult<napi_ref> {
        out!(self.0, napi_create_reference(value, count) -> napi_ref)
    }

    /// The referenced value, or `None` if it was collected.
    pub fn ref_value(self, reference: napi_ref) -> Option<Value> {
        let value = out!(self.0, napi_get_reference_value(reference) -> napi_value).ok()?;
        (!value.is_null()).then_some(value)
    }

    pub fn delete_ref(self, reference: napi_ref) {
        // SAFETY: see `napi_call!`; deleting is infallible for a valid reference.
        unsafe { sys::napi_delete_reference(self.0, reference) };
    }

    /// Whether an exception is pending, which our design never leaves (see [`Thrown`]): for
    /// assertions.
    pub fn is_exception_pending(self) -> bool {
        let mut pending = false;
        // SAFETY: see `napi_call!`.
        unsafe { sys::napi_is_exception_pending(self.0, &mut pending) };
        pending
    }
}

std::thread_local! {
    static CURRENT_ENV: std::cell::Cell<napi_env> = const { std::cell::Cell::new(ptr::null_mut()) };
}

/// The environment of this thread, recorded at every entry into the addon.
pub fn env() -> Env {
    Env(CURRENT_ENV.with(std::cell::Cell::get))
}

pub fn set_env(env: napi_env) {
    CURRENT_ENV.with(|current| current.set(env));
}

/// A strong or weak reference that outlives handle scopes; deleted when dropped.
pub struct Ref(napi_ref);

impl Ref {
    pub fn strong(value: Value) -> NapiResult<Self> {
        env().create_ref(value, 1).map(Ref)
    }

    pub fn weak(value: Value) -> NapiResult<Self> {
        env().create_ref(value, 0).map(Ref)
    }

    /// The value, or `None` if a weak reference's value was collected.
    pub fn get(&self) -> Option<Value> {
        env().ref_value(self.0)
    }

    /// The value of a strong reference (never collected).
    pub fn value(&self) -> Value {
        self.get().unwrap_or_else(|| env().undefined())
    }
}

impl Drop for Ref {
    fn drop(&mut self) {
        env().delete_ref(self.0);
    }
}

/// A handle scope for work done outside a Node-API callback's own scope (e.g. each call the
/// guest makes to the host inside one long entry), so handles do not pile up.
pub struct HandleScope(sys::napi_handle_scope);

impl HandleScope {
    pub fn open() -> Self {
        let mut scope: sys::napi_handle_scope = ptr::null_mut();
        // SAFETY: see `napi_call!`.
        unsafe { sys::napi_open_handle_scope(env().raw(), &mut scope) };
        HandleScope(scope)
    }
}

impl Drop for HandleScope {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: closes the scope opened in `open`, on the same thread, in LIFO order.
            unsafe { sys::napi_close_handle_scope(env().raw(), self.0) };
        }
    }
}

/// Arguments and receiver of a native callback.
pub struct CallbackInfo<const N: usize> {
    pub args: [Value; N],
    /// How many arguments the call had (more than `N` when some were not read).
    pub argc: usize,
    pub data: *mut c_void,
}

impl<const N: usize> CallbackInfo<N> {
    /// Reads up to `N` arguments (missing ones are `undefined`).
    pub fn read(env: Env, info: sys::napi_callback_info) -> NapiResult<Self> {
        let mut argc = N;
        let mut args = [ptr::null_mut(); N];
        let mut this = ptr::null_mut();
        let mut data = ptr::null_mut();
        napi_call!(env.0, napi_get_cb_info(info, &mut argc, args.as_mut_ptr(), &mut this, &mut data))?;
        Ok(Self { args, argc, data })
    }
}

/// Every argument of a call, however many (`argc` of its [`CallbackInfo`]).
pub fn all_args(env: Env, info: sys::napi_callback_info, argc: usize) -> NapiResult<Vec<Value>> {
    let mut count = argc;
    let mut args = vec![ptr::null_mut(); argc];
    napi_call!(env.0, napi_get_cb_info(info, &mut count, args.as_mut_ptr(), ptr::null_mut(), ptr::null_mut()))?;
    Ok(args)
}
