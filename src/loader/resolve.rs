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
    // What resolved stays resolved, as in Node (its path and package.json caches live as long
    // as the process): re-reading package.json files up the tree was a tenth of a small
    // module's load. What did not resolve is looked for again on a fresh cache, as Node does:
    // the file may have been written since.
    let run_or_retry = |resolver: &Resolver| {
        run(resolver).or_else(|_| {
            resolver.clear_cache();
            run(resolver)
        })
    };
    match conditions {
        Conditions::Require => REQUIRE.with(|r| run_or_retry(r)),
        Conditions::Import => IMPORT.with(|r| run_or_retry(r)),
    }
}

#[cfg(test)]
mod tests {
    use super::{Conditions, NotFound, resolve};
    use std::path::{Path, PathBuf};

    /// The resolution fixtures of the Jest suite, real files on disk.
    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("__test__/fixtures/resolution")
    }

    fn resolved(request: &str, from: &Path, conditions: Conditions) -> PathBuf {
        let found = resolve(request, from, &[], conditions).expect(request);
        found.path.strip_prefix(fixtures()).expect("inside the fixtures").to_path_buf()
    }

    #[test]
    fn relative_files_directories_and_main_fields_as_node_resolves_them() {
        let app = fixtures().join("app");
        assert_eq!(resolved("./lib", &app, Conditions::Require), Path::new("app/lib/index.js"));
        assert_eq!(resolved("./sub/deep", &app, Conditions::Require), Path::new("app/sub/deep.js"));
        // `node_modules` up the tree, and `main` with an implied extension.
        assert_eq!(resolved("main-pkg", &app, Conditions::Require), Path::new("node_modules/main-pkg/lib/entry.js"));
    }

    #[test]
    fn exports_conditions_differ_for_require_and_import() {
        let app = fixtures().join("app");
        assert_eq!(
            resolved("exports-require", &app, Conditions::Require),
            Path::new("node_modules/exports-require/require.js")
        );
        assert_eq!(
            resolved("exports-require", &app, Conditions::Import),
            Path::new("node_modules/exports-require/import.js")
        );
        assert_eq!(
            resolved("exports-subpath/feature", &app, Conditions::Require),
            Path::new("node_modules/exports-subpath/lib/feature.js")
        );
    }

    #[test]
    fn missing_and_unexported_are_told_apart() {
        let app = fixtures().join("app");
        assert!(matches!(resolve("./no-such-file", &app, &[], Conditions::Require), Err(NotFound::Missing)));
        assert!(matches!(
            resolve("exports-subpath/lib/main.js", &app, &[], Conditions::Require),
            Err(NotFound::NotExported(_))
        ));
        // `paths`, as `require.resolve(request, { paths })`: each base in turn.
        let other = fixtures().join("other");
        let found = resolve("./x", &app, &[other.clone(), fixtures()], Conditions::Require).expect("./x");
        assert_eq!(found.path, other.join("x.js"));
        let found = resolve("./x", &app, &[app.join("lib"), fixtures()], Conditions::Require).expect("./x");
        assert_eq!(found.path, fixtures().join("x.js"));
    }
}
