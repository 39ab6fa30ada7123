//! `WebAssembly.CompileError`, `LinkError` and `RuntimeError`: error classes made by
//! `namespace.js` (subclasses of `Error`, callable with or without `new`, as the JS API's are),
//! and the errors our Rust code throws with them.

use boa_engine::object::JsObject;
use boa_engine::{Context, JsError, JsNativeError, JsResult, JsValue, js_string};

use super::state::WasmState;

pub enum Kind {
    Compile,
    Link,
    Runtime,
}

/// The three constructors, from `namespace.js`.
pub struct ErrorClasses {
    compile: JsObject,
    link: JsObject,
    runtime: JsObject,
}

impl ErrorClasses {
    /// Reads them from the object `namespace.js` returns.
    pub fn from_namespace(made: &JsObject, context: &mut Context) -> JsResult<Self> {
        let mut get = |name| -> JsResult<JsObject> {
            made.get(name, context)?
                .as_object()
                .ok_or_else(|| JsNativeError::error().with_message("WebAssembly: an error class is missing").into())
        };
        Ok(Self {
            compile: get(js_string!("CompileError"))?,
            link: get(js_string!("LinkError"))?,
            runtime: get(js_string!("RuntimeError"))?,
        })
    }
}

/// A new error of `kind` with `message`, ready to throw.
pub fn make(state: &WasmState, kind: Kind, message: &str, context: &mut Context) -> JsError {
    let class = state.errors.borrow().as_ref().map(|classes| match kind {
        Kind::Compile => classes.compile.clone(),
        Kind::Link => classes.link.clone(),
        Kind::Runtime => classes.runtime.clone(),
    });
    let Some(class) = class else {
        return JsNativeError::error().with_message(message.to_owned()).into();
    };
    match class.construct(&[JsValue::from(js_string!(message))], None, context) {
        Ok(error) => JsError::from_opaque(error.into()),
        Err(error) => error,
    }
}
