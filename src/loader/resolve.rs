//! Node's module resolution, through `oxc_resolver` (a well-kept implementation of Node's
//! algorithm: `exports`/`imports` maps with conditions, `main`, `index.js`, extensions,
//! `node_modules` lookup up the tree, symlinks resolved as Node does).

use std::path::{Path, PathBuf};

use once_cell::unsync::Lazy;
use oxc_resolver::{ResolveError, ResolveOptions, Resolver};

/// Which flavour of `require`/`import` asks (they differ in `exports` conditions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditions {
    Require,
    Import,
}

thread_local! {
    static REQUIRE: Lazy<Resolver> = Lazy::new(|| resolver(&["node", "require"]));
    static IMPORT: Lazy<Resolver> = Lazy::new(|| resolver(&["node", "import"]));
}

fn resolver(conditions: &[&str]) -> Resolver {
    Resolver::new(ResolveOptions {
        condition_names: conditions.iter().map(|c| (*c).to_owned()).collect(),
        extensions: vec![".js".into(), ".json".into(), ".node".into()],
        main_fields: vec!["main".into()],
        builtin_modules: false,
        module_type: true,
        ..ResolveOptions::default()
    })
}

/// Why a request did not resolve.
#[derive(Debug)]
pub enum NotFound {
    /// No such module (Node's `MODULE_NOT_FOUND`).
    Missing,
    /// The package's `exports` does not offer the subpath (Node's
    /// `ERR_PACKAGE_PATH_NOT_EXPORTED`).
    NotExported(String),
    /// The package configuration is invalid, with the resolver's explanation.
    Invalid(String),
}

/// A resolved module file.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub path: PathBuf,
    /// Whether the file is an ES module by its package (`"type": "module"`) or extension.
    pub esm: bool,
}

/// Resolves `request` from `directory`, or from each of `paths` in turn when given (as
/// `require.resolve(request, { paths })` does).
pub fn resolve(
    request: &str,
    directory: &Path,
    paths: &[PathBuf],
    conditions: Conditions,
) -> Result<Resolved, NotFound> {
    let run = |resolver: &Resolver| {
        let mut last = NotFound::Missing;
        let bases: Vec<&Path> =
            if paths.is_empty() { vec![directory] } else { paths.iter().map(PathBuf::as_path).collect() };
        for base in bases {
            match resolver.resolve(base, request) {
                Ok(resolution) => {
                    let esm = resolution.module_type() == Some(oxc_resolver::ModuleType::Module);
                    return Ok(Resolved { path: resolution.into_path_buf(), esm });
                }
                Err(ResolveError::NotFound(_)) => {}
                Err(error @ ResolveError::PackagePathNotExported { .. }) => {
                    last = NotFound::NotExported(error.to_string());
                }
                Err(error) => last = NotFound::Invalid(error.to_string()),
            }
        }
        Err(last)
    };
    match conditions {
        Conditions::Require => REQUIRE.with(|r| run(r)),
        Conditions::Import => IMPORT.with(|r| run(r)),
    }
}

/// Forgets cached file-system facts; called at the start of each top-level `requireVM`, so files
/// written between calls are seen (Node rereads the file system on every new `require` too).
pub fn clear_cache() {
    REQUIRE.with(|r| r.clear_cache());
    IMPORT.with(|r| r.clear_cache());
}
