//! Compiled module code reused across the engines of this thread: parsing and compiling is half
//! of a large module's load, and Boa's bytecode does not belong to a realm.
//!
//! - With `isCache`, and always for our own built-in packages, an entry is reused while the
//!   file's size and modification time are those it was compiled from: the file is not read.
//! - Our embedded scripts (`src/builtins/js/`) are part of the binary: compiled once per thread.
//! - Any other load reads the file and reuses an entry compiled from the same text, compared
//!   whole, as V8's compilation cache does for `require-vm`'s loads (`vm.runInNewContext` of a
//!   source it has compiled before). Such an entry is made on a file's second load with the same
//!   text, so code loaded once is not kept; a reload loop compiles once.
//!
//! Compiled code refers to the global scope's lexical bindings by index, so only code compiled
//! in a realm without global `let`/`const`/`class` bindings is stored, and it is reused only in
//! such realms (a fresh engine's, where our globals are all properties); an entry script's own
//! top-level `let`/`const`/`class` are declared again in the realm that reuses it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use boa_engine::script::{CompiledScript, Script};
use boa_engine::{Context, JsResult, Source};
use rustc_hash::FxHasher;

/// Source bytes the cache holds at most; past this it starts over (modules are loaded in
/// bursts, so the entries of the last burst are what matters).
const CAPACITY: usize = 64 * 1024 * 1024;

/// File, wrapper, and whether the entry is checked by text: a file loaded both with and without
/// `isCache` has an entry of each kind, or each kind of load would replace the other's.
type Key = (PathBuf, &'static str, bool);

#[derive(Default)]
struct CodeCache {
    entries: HashMap<Key, Entry>,
    source_bytes: usize,
    /// A hash of the text each file had at its last load not served from `entries`.
    seen: HashMap<Key, u64>,
}

struct Entry {
    /// What the entry was compiled from: a file's stamp, or its text.
    from: From,
    compiled: CompiledScript,
    source_bytes: usize,
}

enum From {
    Stamp(Stamp),
    Text(Rc<str>),
    Embedded(&'static str),
}

/// How a load knows that an entry is still its file's code.
pub enum Check<'a> {
    /// `isCache` and our own packages: the file's size and modification time, the file unread.
    Stamp(Stamp),
    /// Any other load: the text it has just read.
    Text(&'a Rc<str>),
    /// A script embedded in the binary, which cannot change.
    Embedded(&'static str),
}

/// Size and modification time of a file when it was read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Stamp(u64, Option<SystemTime>);

impl Stamp {
    pub fn of(path: &Path) -> Option<Self> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Self(metadata.len(), metadata.modified().ok()))
    }
}

impl Entry {
    fn matches(&self, check: &Check<'_>) -> bool {
        match (&self.from, check) {
            (From::Stamp(stamp), Check::Stamp(check)) => stamp == check,
            (From::Text(text), Check::Text(check)) => Rc::ptr_eq(text, check) || text == *check,
            (From::Embedded(code), Check::Embedded(check)) => code == check,
            _ => false,
        }
    }
}

thread_local! {
    // Leaked, never dropped: compiled code is Boa-heap memory, and the thread's Boa heap may be
    // gone when thread-locals are destroyed at exit.
    static CACHE: &'static RefCell<CodeCache> = Box::leak(Box::default());
}

fn global_lexicals(context: &Context) -> u32 {
    context.realm().scope().num_bindings()
}

fn text_hash(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A script of the current realm for `path` wrapped in `wrapper`, from the cache when an entry
/// passes `check`; `parse` parses it otherwise (and the result is stored when it can be).
pub fn script(
    context: &mut Context,
    path: &Path,
    wrapper: &'static str,
    check: Check<'_>,
    parse: impl FnOnce(&mut Context) -> JsResult<(Script, usize)>,
) -> JsResult<Script> {
    if global_lexicals(context) != 0 {
        return parse(context).map(|(script, _)| script);
    }
    let key = (path.to_path_buf(), wrapper, matches!(check, Check::Text(_)));
    let (hit, store) = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let hit = cache.entries.get(&key).filter(|entry| entry.matches(&check)).map(|entry| entry.compiled.clone());
        let store = hit.is_none()
            && match &check {
                Check::Stamp(_) | Check::Embedded(_) => true,
                // Stored from the second load of the same text on.
                Check::Text(text) => {
                    let hash = text_hash(text);
                    cache.seen.insert(key.clone(), hash) == Some(hash)
                }
            };
        (hit, store)
    });
    if let Some(script) = hit.and_then(|compiled| Script::from_compiled(&compiled, None, context)) {
        return Ok(script);
    }
    let (script, source_bytes) = parse(context)?;
    if store {
        let compiled = script.compiled(context)?;
        let from = match check {
            Check::Stamp(stamp) => From::Stamp(stamp),
            Check::Text(text) => From::Text(text.clone()),
            Check::Embedded(code) => From::Embedded(code),
        };
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.source_bytes + source_bytes > CAPACITY {
                *cache = CodeCache::default();
            }
            cache.source_bytes += source_bytes;
            cache.seen.remove(&key);
            if let Some(old) = cache.entries.insert(key, Entry { from, compiled, source_bytes }) {
                cache.source_bytes -= old.source_bytes;
            }
        });
    }
    Ok(script)
}

/// Parses `code` as a script of the current realm.
pub fn parse(context: &mut Context, code: &str, path: &Path) -> JsResult<(Script, usize)> {
    let script = Script::parse(Source::from_bytes(code.as_bytes()).with_path(path), None, context)?;
    Ok((script, code.len()))
}

#[cfg(test)]
mod tests {
    use super::{Check, Stamp, parse, script};
    use boa_engine::{Context, Source};
    use std::cell::Cell;
    use std::path::Path;
    use std::rc::Rc;

    /// Loads `code` for `path` through the cache, counting how often it had to be parsed.
    fn load(context: &mut Context, path: &Path, check: Check<'_>, code: &str, parses: &Cell<u32>) -> i32 {
        let script = script(context, path, "test", check, |context| {
            parses.set(parses.get() + 1);
            parse(context, code, path)
        })
        .expect("a script");
        script.evaluate(context).and_then(|value| value.to_i32(context)).expect("a number")
    }

    /// As a load with `isCache`: checked by the file's stamp.
    fn load_stamped(context: &mut Context, path: &Path, stamp: Stamp, code: &str, parses: &Cell<u32>) -> i32 {
        load(context, path, Check::Stamp(stamp), code, parses)
    }

    /// As a load without `isCache`: checked by the text just read.
    fn load_text(context: &mut Context, path: &Path, code: &str, parses: &Cell<u32>) -> i32 {
        load(context, path, Check::Text(&Rc::from(code)), code, parses)
    }

    #[test]
    fn compiled_code_is_reused_across_engines_until_the_file_changes() {
        let path = Path::new("/virtual/code-cache-test.js");
        let parses = Cell::new(0);
        let code = "var seen = (typeof seen === 'number' ? seen : 0) + 1; seen * 10";
        assert_eq!(load_stamped(&mut Context::default(), path, Stamp(1, None), code, &parses), 10);
        // Another engine: the same compiled code, evaluated in its own realm.
        assert_eq!(load_stamped(&mut Context::default(), path, Stamp(1, None), code, &parses), 10);
        assert_eq!(parses.get(), 1);
        // The file changed (size or time): parsed again.
        assert_eq!(load_stamped(&mut Context::default(), path, Stamp(2, None), "7", &parses), 7);
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn a_realm_with_global_lexical_bindings_bypasses_the_cache() {
        let path = Path::new("/virtual/code-cache-lexicals.js");
        let parses = Cell::new(0);
        let mut context = Context::default();
        context.eval(Source::from_bytes("let lexical = 5")).expect("a global let");
        // Compiled code would address global lexicals by index: never stored nor reused here.
        assert_eq!(load_stamped(&mut context, path, Stamp(1, None), "lexical + 1", &parses), 6);
        assert_eq!(load_stamped(&mut context, path, Stamp(1, None), "lexical + 1", &parses), 6);
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn a_script_declaring_global_lexicals_is_reused_with_its_names_declared_again() {
        let path = Path::new("/virtual/code-cache-declares.js");
        let parses = Cell::new(0);
        let code = "const base = 40; let n = 1; class K { get v() { return base + n + 1 } } new K().v";
        for _ in 0..3 {
            let mut context = Context::default();
            assert_eq!(load_stamped(&mut context, path, Stamp(1, None), code, &parses), 42);
            // Code compiled later in the realm finds them by name, as after a parse of its own.
            let later = context.eval(Source::from_bytes("eval('base') + n === 41 && typeof K === 'function'"));
            assert_eq!(later.expect("names found").as_boolean(), Some(true));
            assert!(context.eval(Source::from_bytes("let base = 1")).is_err(), "a redeclaration");
        }
        assert_eq!(parses.get(), 1);
    }

    #[test]
    fn an_embedded_script_is_compiled_once_for_every_engine() {
        let path = Path::new("node:internal/require-vm/code-cache-test.js");
        let parses = Cell::new(0);
        const CODE: &str = "var seen = (typeof seen === 'number' ? seen : 0) + 1; seen * 3";
        for _ in 0..3 {
            assert_eq!(load(&mut Context::default(), path, Check::Embedded(CODE), CODE, &parses), 3);
        }
        assert_eq!(parses.get(), 1);
    }

    #[test]
    fn an_uncached_load_reuses_code_compiled_from_the_same_text_from_its_third_load() {
        let path = Path::new("/virtual/code-cache-text.js");
        let parses = Cell::new(0);
        let code = "var seen = (typeof seen === 'number' ? seen : 0) + 1; seen * 10";
        for _ in 0..4 {
            assert_eq!(load_text(&mut Context::default(), path, code, &parses), 10);
        }
        // The first load is not kept; the second is compiled and kept; the rest reuse it.
        assert_eq!(parses.get(), 2);
        // Another text for the same file, even of the same size: parsed, twice before it is kept.
        let other = "var seen = (typeof seen === 'number' ? seen : 0) + 2; seen * 10";
        for _ in 0..3 {
            assert_eq!(load_text(&mut Context::default(), path, other, &parses), 20);
        }
        assert_eq!(parses.get(), 4);
    }
}
