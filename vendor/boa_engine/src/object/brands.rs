//! Brand checks: which built-in an object is, read from its internal slots, for embedders that
//! implement Node's `util.types` (whose answers a `Symbol.toStringTag` cannot fake) for types
//! this crate keeps private.

use crate::builtins::{
    function::{
        OrdinaryFunction,
        arguments::{MappedArguments, UnmappedArguments},
    },
    map::MapIterator,
    set::SetIterator,
    weak_map::NativeWeakMap,
    weak_set::NativeWeakSet,
};

use super::JsObject;

impl JsObject {
    /// Whether this is an arguments exotic object, mapped or unmapped.
    #[must_use]
    pub fn is_arguments_object(&self) -> bool {
        self.is::<UnmappedArguments>() || self.is::<MappedArguments>()
    }

    /// Whether this is a `%MapIteratorPrototype%` instance.
    #[must_use]
    pub fn is_map_iterator(&self) -> bool {
        self.is::<MapIterator>()
    }

    /// Whether this is a `%SetIteratorPrototype%` instance.
    #[must_use]
    pub fn is_set_iterator(&self) -> bool {
        self.is::<SetIterator>()
    }

    /// Whether this is a `WeakMap`.
    #[must_use]
    pub fn is_weak_map(&self) -> bool {
        self.is::<NativeWeakMap>()
    }

    /// Whether this is a `WeakSet`.
    #[must_use]
    pub fn is_weak_set(&self) -> bool {
        self.is::<NativeWeakSet>()
    }

    /// Whether this is an async function or an async generator function (as V8's
    /// `IsAsyncFunction`). Answered before a lazily compiled function's first call.
    #[must_use]
    pub fn is_async_function(&self) -> bool {
        self.downcast_ref::<OrdinaryFunction>().is_some_and(|function| function.codeblock().is_async())
    }

    /// Whether this is a generator function, sync or async.
    #[must_use]
    pub fn is_generator_function(&self) -> bool {
        self.downcast_ref::<OrdinaryFunction>().is_some_and(|function| function.codeblock().is_generator())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Context, Source};

    #[test]
    fn brands_are_read_from_internal_slots_not_tags() {
        let mut context = Context::default();
        let checks: &[(&str, fn(&crate::JsObject) -> bool, bool)] = &[
            ("(function () { return arguments })()", crate::JsObject::is_arguments_object, true),
            ("(function (a) { return arguments })(1)", crate::JsObject::is_arguments_object, true),
            ("({ [Symbol.toStringTag]: 'Arguments' })", crate::JsObject::is_arguments_object, false),
            ("new Map().keys()", crate::JsObject::is_map_iterator, true),
            ("new Set().values()", crate::JsObject::is_map_iterator, false),
            ("new Set().values()", crate::JsObject::is_set_iterator, true),
            ("new WeakMap()", crate::JsObject::is_weak_map, true),
            ("new WeakSet()", crate::JsObject::is_weak_map, false),
            ("new WeakSet()", crate::JsObject::is_weak_set, true),
            ("(async () => {})", crate::JsObject::is_async_function, true),
            ("(async function* () {})", crate::JsObject::is_async_function, true),
            ("(function* () {})", crate::JsObject::is_async_function, false),
            ("(function* () {})", crate::JsObject::is_generator_function, true),
            ("(async function* () {})", crate::JsObject::is_generator_function, true),
            ("(function () {})", crate::JsObject::is_generator_function, false),
            ("Object.setPrototypeOf(function () {}, (async () => {}).constructor.prototype)", crate::JsObject::is_async_function, false),
        ];
        for (code, check, expected) in checks {
            let value = context.eval(Source::from_bytes(code)).expect(code);
            let object = value.as_object().expect(code);
            assert_eq!(check(&object), *expected, "{code}");
        }
    }
}
