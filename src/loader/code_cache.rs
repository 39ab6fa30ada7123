//! Compiled module code reused across the engines of this thread (`isCache`, and always for our
//! own built-in packages): parsing and compiling is half of a large module's load, and Boa's
//! bytecode does not belong to a realm. Keyed by file, wrapper and the file's size and
//! modification time, so an edited file is compiled again.
//!
//! Compiled code refers to the global scope's lexical bindings by index, so only code compiled
//! in a realm without global `let`/`const`/`class` bindings, and adding none, is stored, and it
//! is reused only in such realms (a fresh engine's, where our globals are all properties).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use boa_engine::script::{CompiledScript, Script};
use boa_engine::{Context, JsResult, Source};

/// Source bytes the cache holds at most; past this it starts over (modules are loaded in
/// bursts, so the entries of the last burst are what matters).
const CAPACITY: usize = 64 * 1024 * 1024;

#[derive(Default)]
struct CodeCache {
    entries: HashMap<(PathBuf, &'static str), Entry>,
    source_bytes: usize,
}

struct Entry {
    stamp: Stamp,
    compiled: CompiledScript,
    source_bytes: usize,
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

thread_local! {
    // Leaked, never dropped: compiled code is Boa-heap memory, and the thread's Boa heap may be
    // gone when thread-locals are destroyed at exit.
    static CACHE: &'static RefCell<CodeCache> = Box::leak(Box::default());
}

fn global_lexicals(context: &Context) -> u32 {
    context.realm().scope().num_bindings()
}

/// A script of the current realm for `path` wrapped in `wrapper`, from the cache when its
/// stamp matches; `compile` parses it otherwise (and the result is stored when it can be).
pub fn script(
    context: &mut Context,
    path: &Path,
    wrapper: &'static str,
    stamp: Option<Stamp>,
    parse: impl FnOnce(&mut Context) -> JsResult<(Script, usize)>,
) -> JsResult<Script> {
    let Some(stamp) = stamp.filter(|_| global_lexicals(context) == 0) else {
        return parse(context).map(|(script, _)| script);
    };
    let key = (path.to_path_buf(), wrapper);
    let hit = CACHE.with(|cache| {
        cache.borrow().entries.get(&key).filter(|entry| entry.stamp == stamp).map(|entry| entry.compiled.clone())
    });
    if let Some(compiled) = hit {
        return Ok(Script::from_compiled(&compiled, None, context));
    }
    let (script, source_bytes) = parse(context)?;
    if global_lexicals(context) == 0 {
        let compiled = script.compiled(context)?;
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.source_bytes + source_bytes > CAPACITY {
                *cache = CodeCache::default();
            }
            cache.source_bytes += source_bytes;
            if let Some(old) = cache.entries.insert(key, Entry { stamp, compiled, source_bytes }) {
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
    use super::{Stamp, parse, script};
    use boa_engine::{Context, Source};
    use std::cell::Cell;
    use std::path::Path;

    /// Loads `code` for `path` through the cache, counting how often it had to be parsed.
    fn load(context: &mut Context, path: &Path, stamp: Stamp, code: &str, parses: &Cell<u32>) -> i32 {
        let script = script(context, path, "test", Some(stamp), |context| {
            parses.set(parses.get() + 1);
            parse(context, code, path)
        })
        .expect("a script");
        script.evaluate(context).and_then(|value| value.to_i32(context)).expect("a number")
    }

    #[test]
    fn compiled_code_is_reused_across_engines_until_the_file_changes() {
        let path = Path::new("/virtual/code-cache-test.js");
        let parses = Cell::new(0);
        let code = "var seen = (typeof seen === 'number' ? seen : 0) + 1; seen * 10";
        assert_eq!(load(&mut Context::default(), path, Stamp(1, None), code, &parses), 10);
        // Another engine: the same compiled code, evaluated in its own realm.
        assert_eq!(load(&mut Context::default(), path, Stamp(1, None), code, &parses), 10);
        assert_eq!(parses.get(), 1);
        // The file changed (size or time): parsed again.
        assert_eq!(load(&mut Context::default(), path, Stamp(2, None), "7", &parses), 7);
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn a_realm_with_global_lexical_bindings_bypasses_the_cache() {
        let path = Path::new("/virtual/code-cache-lexicals.js");
        let parses = Cell::new(0);
        let mut context = Context::default();
        context.eval(Source::from_bytes("let lexical = 5")).expect("a global let");
        // Compiled code would address global lexicals by index: never stored nor reused here.
        assert_eq!(load(&mut context, path, Stamp(1, None), "lexical + 1", &parses), 6);
        assert_eq!(load(&mut context, path, Stamp(1, None), "lexical + 1", &parses), 6);
        assert_eq!(parses.get(), 2);
    }
}
