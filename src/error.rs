//! The errors we raise ourselves (not the guest's own exceptions): a class, a message and, where
//! Node has one for the case, a `code`. Raised inside the engine they become guest errors
//! ([`VmError::into_guest`]), which the guest may catch and which cross to the host like any
//! other guest error; raised on the host they become host errors of the caller's realm
//! (`bridge::errors::to_host_error`). Leaf module beside `contract`: any layer may use it.

use boa_engine::{Context, JsError, JsNativeError, JsString, js_string};

use crate::contract::ErrorCode;

/// The constructor of an error we raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    Error,
    TypeError,
    RangeError,
}

impl ErrorClass {
    /// The constructor's name (what the host realm's `makeError` takes).
    pub const fn name(self) -> &'static str {
        match self {
            ErrorClass::Error => "Error",
            ErrorClass::TypeError => "TypeError",
            ErrorClass::RangeError => "RangeError",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmError {
    class: ErrorClass,
    message: String,
    code: Option<ErrorCode>,
}

impl VmError {
    pub fn new(class: ErrorClass, message: impl Into<String>) -> Self {
        Self { class, message: message.into(), code: None }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::Error, message)
    }

    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::TypeError, message)
    }

    pub fn range_error(message: impl Into<String>) -> Self {
        Self::new(ErrorClass::RangeError, message)
    }

    pub fn with_code(self, code: ErrorCode) -> Self {
        Self { code: Some(code), ..self }
    }

    pub fn class(&self) -> ErrorClass {
        self.class
    }

    pub fn code(&self) -> Option<ErrorCode> {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error as a guest exception: an instance of the engine's own class, with `code`.
    pub fn into_guest(self, context: &mut Context) -> JsError {
        let native = match self.class {
            ErrorClass::Error => JsNativeError::error(),
            ErrorClass::TypeError => JsNativeError::typ(),
            ErrorClass::RangeError => JsNativeError::range(),
        }
        .with_message(self.message);
        let Some(code) = self.code else { return native.into() };
        let object = native.into_opaque(context);
        // A fresh error object is extensible and has no `code`: defining it cannot fail.
        let _ = object.create_data_property_or_throw(js_string!("code"), JsString::from(code.as_str()), context);
        JsError::from_opaque(object.into())
    }
}

impl std::fmt::Display for VmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class.name(), self.message)?;
        match self.code {
            Some(code) => write!(f, " [{}]", code.as_str()),
            None => Ok(()),
        }
    }
}

impl std::error::Error for VmError {}

#[cfg(test)]
mod tests {
    use boa_engine::{JsValue, Source};

    use super::*;

    #[test]
    fn a_guest_error_keeps_class_message_and_code() {
        let mut context = Context::default();
        let error = VmError::type_error("bad id").with_code(ErrorCode::ERR_INVALID_ARG_TYPE).into_guest(&mut context);
        let thrown = error.into_opaque(&mut context).unwrap();
        context.register_global_property(js_string!("thrown"), thrown, Default::default()).unwrap();
        let check =
            "thrown instanceof TypeError && thrown.message === 'bad id' && thrown.code === 'ERR_INVALID_ARG_TYPE'";
        assert_eq!(context.eval(Source::from_bytes(check)).unwrap(), JsValue::from(true));
    }

    #[test]
    fn without_a_code_there_is_no_code_property() {
        let mut context = Context::default();
        let thrown = VmError::range_error("too deep").into_guest(&mut context).into_opaque(&mut context).unwrap();
        let object = thrown.as_object().unwrap();
        assert!(!object.has_own_property(js_string!("code"), &mut context).unwrap());
        assert_eq!(VmError::range_error("too deep").to_string(), "RangeError: too deep");
    }
}
