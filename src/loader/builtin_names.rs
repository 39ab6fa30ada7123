//! Node's built-in module names, as resolution sees them, and `options.builtins` (which of them
//! a module tree may require). What each built-in *is* belongs to `crate::builtins`, behind
//! [`super::BuiltinModules`].

/// Node 20's built-in module names (`require('module').builtinModules`).
pub const NODE_BUILTINS: &[&str] = &[
    "_http_agent",
    "_http_client",
    "_http_common",
    "_http_incoming",
    "_http_outgoing",
    "_http_server",
    "_stream_duplex",
    "_stream_passthrough",
    "_stream_readable",
    "_stream_transform",
    "_stream_wrap",
    "_stream_writable",
    "_tls_common",
    "_tls_wrap",
    "assert",
    "assert/strict",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "dns/promises",
    "domain",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "inspector/promises",
    "module",
    "net",
    "os",
    "path",
    "path/posix",
    "path/win32",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "readline/promises",
    "repl",
    "stream",
    "stream/consumers",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "util/types",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// `options.builtins`: which built-ins a module may require.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Policy {
    All,
    Only(Vec<String>),
}

impl Policy {
    /// Whether the built-in `name` (one of [`NODE_BUILTINS`]) is allowed: by its own name, or
    /// by the module it is a part of (`fs` allows `fs/promises`).
    pub fn allows(&self, name: &str) -> bool {
        match self {
            Policy::All => true,
            Policy::Only(names) => names.iter().any(|allowed| {
                let allowed = allowed.strip_prefix("node:").unwrap_or(allowed);
                allowed == name || name.split_once('/').is_some_and(|(base, _)| base == allowed)
            }),
        }
    }
}

/// What a request names among the built-ins.
pub enum Builtin<'a> {
    /// A built-in module (`'fs'`, `'node:fs'`).
    Known(&'a str),
    /// `node:` followed by a name that is no built-in (Node's `ERR_UNKNOWN_BUILTIN_MODULE`).
    Unknown(&'a str),
}

/// The built-in a request names, if it names one (or claims to, with `node:`).
pub fn builtin(request: &str) -> Option<Builtin<'_>> {
    if let Some(name) = request.strip_prefix("node:") {
        return Some(if NODE_BUILTINS.contains(&name) || NODE_ONLY_PREFIXED.contains(&name) {
            Builtin::Known(name)
        } else {
            Builtin::Unknown(request)
        });
    }
    NODE_BUILTINS.contains(&request).then_some(Builtin::Known(request))
}

/// The built-in a request names, if any.
pub fn builtin_name(request: &str) -> Option<&str> {
    match builtin(request)? {
        Builtin::Known(name) => Some(name),
        Builtin::Unknown(_) => None,
    }
}

/// Built-ins Node only offers with the `node:` prefix.
const NODE_ONLY_PREFIXED: &[&str] = &["test", "test/reporters", "sea", "sqlite"];
