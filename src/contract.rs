//! What the JavaScript half of the package (`index.js`, `lib/`) and the addon must agree on,
//! written once: the kinds of values they tell each other, the hooks of the host realm and the
//! error codes. napi-rs exports each enum and constant below into `binding.js` and declares it in
//! `binding.d.ts`; the JavaScript reads these exports instead of keeping its own copies, and
//! `tsc -p .` checks its use of them. Leaf module: it depends on nothing of the crate.

use napi_derive::napi;

/// Declares one of the enums below with its `ALL` (every variant, in order) and `name` (the
/// variant's name; a string enum's variants carry no `#[napi(value)]`, so that is also the value
/// JavaScript sees), from a single list of variants. napi-rs's `#[napi]` goes in with the other
/// attributes and sees the enum as written.
macro_rules! contract_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident $(= $number:literal)?),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant $(= $number)?,)*
        }

        impl $name {
            #[allow(dead_code)] // not every enum is listed on the Rust side
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            #[allow(dead_code)] // not every enum is read by name on the Rust side
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

contract_enum! {
    /// What a host value is, as the realm's `identify` reports it for a value the engine does not
    /// know yet (it decides how the value crosses: a proxy, a copy, a promise, an error), and what
    /// `makeCopy`/`readCopy` make or read.
    #[napi]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum HostKind {
        Plain = 0,
        Array = 1,
        Function = 2,
        Promise = 3,
        Error = 4,
        Date = 5,
        RegExp = 6,
        ArrayBuffer = 7,
        TypedArray = 8,
        DataView = 9,
        Buffer = 10,
        /// Never reported by `identify`: what `makeCopy` makes of a live view of WebAssembly memory
        /// (an ArrayBuffer the addon made over the guest's bytes, or a view of one).
        LiveView = 11,
    }
}

impl HostKind {
    /// The kind whose number is `number` (what `identify` encodes).
    pub fn from_number(number: f64) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.number() == number)
    }

    pub fn number(self) -> f64 {
        f64::from(self as u32)
    }
}

/// `identify` answers a host value the engine does not know as `-IDENTIFY_KIND_BASE - kind`
/// (a `HostKind`), below the intrinsics (`-1 - index`) and apart from slot ids (`>= 0`).
#[napi]
pub const IDENTIFY_KIND_BASE: u32 = 1000;

/// The longest property name (in UTF-16 code units) that the proxy handlers intern (`internKey`).
#[napi]
pub const MAX_INTERNED_KEY_LENGTH: u32 = 64;

contract_enum! {
    /// How `symbolKeyFor` describes a host symbol: `[SymbolKind, text]`.
    #[napi]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SymbolKind {
        /// `Symbol.for(text)`.
        Registered = 0,
        /// The well-known `Symbol[text]`.
        WellKnown = 1,
        /// Any other symbol; `text` is its description.
        Unique = 2,
    }
}

impl SymbolKind {
    pub fn from_number(number: f64) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| f64::from(*kind as u32) == number)
    }
}

contract_enum! {
    /// The proxy targets `makeProxy` builds for guest objects: a host proxy must have a callable
    /// target to be callable, and an array target for `Array.isArray`.
    #[napi]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TargetKind {
        Object = 0,
        Array = 1,
        Function = 2,
    }
}

impl TargetKind {
    pub fn number(self) -> f64 {
        f64::from(self as u32)
    }
}

contract_enum! {
    /// The `code` of the errors we throw: Node's own where Node has one for the case, else ours
    /// (`ERR_REQUIRE_VM_*`).
    #[napi(string_enum)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    // Spelled as Node spells them: the names are the values.
    #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
    pub enum ErrorCode {
        ERR_INVALID_ARG_TYPE,
        ERR_INVALID_ARG_VALUE,
        ERR_INVALID_PACKAGE_CONFIG,
        ERR_MODULE_NOT_FOUND,
        ERR_PACKAGE_PATH_NOT_EXPORTED,
        ERR_REQUIRE_ASYNC_MODULE,
        ERR_SCRIPT_EXECUTION_TIMEOUT,
        ERR_UNKNOWN_BUILTIN_MODULE,
        MODULE_NOT_FOUND,
        /// A module file that resolved but could not be read.
        ENOENT,
        /// A built-in module that `options.builtins` does not allow.
        ERR_REQUIRE_VM_DENIED,
        /// A value of an engine that was disposed.
        ERR_REQUIRE_VM_DISPOSED,
        /// The engine went over `options.memoryLimit`.
        ERR_REQUIRE_VM_MEMORY_LIMIT,
        /// A `.node` file required inside an engine.
        ERR_REQUIRE_VM_NATIVE_ADDON,
        /// What the engine's `process` cannot do (`chdir`, `kill`).
        ERR_REQUIRE_VM_UNSUPPORTED,
        /// `process.exit()` inside an engine: an error, not the host's exit.
        ERR_REQUIRE_VM_PROCESS_EXIT,
        /// `url.fileURLToPath` of a URL that is not `file:`.
        ERR_INVALID_URL_SCHEME,
    }
}

contract_enum! {
    /// The hooks of the host realm: the properties of the object `createRealm` takes, which must
    /// be exactly these, each of its shape (`createRealm` checks them).
    #[napi(string_enum)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    // Spelled as the hooks object spells its properties: the names are the values.
    #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
    pub enum RealmHook {
        makeProxy,
        makeError,
        describeError,
        makeDeferred,
        makeCopy,
        readCopy,
        identify,
        remember,
        WeakMap,
        symbolFor,
        symbolKeyFor,
        Reflect,
        hostGet,
        hostHas,
        hostSet,
        isBuiltin,
        writesBuffers,
        CONTINUE,
        linkGlobal,
        functionToString,
        guard,
        console,
        timers,
        require,
        process,
        global,
        intrinsics,
        wellKnownSymbols,
    }
}

/// What a hook must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Function,
    /// An object that is neither a function nor an array.
    Object,
    Array,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Function => "a function",
            Shape::Object => "an object",
            Shape::Array => "an array",
        }
    }
}

impl RealmHook {
    pub fn shape(self) -> Shape {
        use RealmHook::*;
        match self {
            makeProxy | makeError | describeError | makeDeferred | makeCopy | readCopy | identify | remember
            | WeakMap | symbolFor | symbolKeyFor | hostGet | hostHas | hostSet | isBuiltin | writesBuffers
            | linkGlobal | functionToString | guard | require => Shape::Function,
            Reflect | console | timers | process | global => Shape::Object,
            CONTINUE | intrinsics | wellKnownSymbols => Shape::Array,
        }
    }

    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|hook| hook.name() == name)
    }
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        self.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_decode_from_their_number_and_nothing_else() {
        assert_eq!(HostKind::from_number(11.0), Some(HostKind::LiveView));
        assert_eq!(HostKind::from_number(HostKind::Buffer.number()), Some(HostKind::Buffer));
        assert_eq!(HostKind::from_number(12.0), None);
        assert_eq!(HostKind::from_number(0.5), None);
        // ALL is in the order of the numbers, with none left out.
        assert!(HostKind::ALL.iter().enumerate().all(|(i, kind)| kind.number() == i as f64));
        assert_eq!(SymbolKind::from_number(1.0), Some(SymbolKind::WellKnown));
        assert_eq!(SymbolKind::from_number(3.0), None);
    }

    #[test]
    fn names_are_the_javascript_text() {
        assert_eq!(ErrorCode::ERR_REQUIRE_VM_DISPOSED.as_str(), "ERR_REQUIRE_VM_DISPOSED");
        assert_eq!(RealmHook::named("CONTINUE"), Some(RealmHook::CONTINUE));
        assert_eq!(RealmHook::named("makeProxy").map(RealmHook::shape), Some(Shape::Function));
        assert_eq!(RealmHook::named("nope"), None);
    }
}
