//! Compiled matchers shared by every realm of a thread.
//!
//! A compiled [`Regex`] is immutable: matching keeps its state outside it. So the same pattern
//! and flags compile once per thread, however many realms evaluate the literal (an embedder
//! making a context per module load compiles every regular expression of a library again in
//! each otherwise, as V8 would not: its compilation cache keeps regexp data too).

use super::RegExpFlags;
use crate::{JsResult, JsString};
use regress::Regex;
use rustc_hash::FxHashMap;
use std::{cell::RefCell, rc::Rc};

/// Patterns kept at most; past it (or past [`MAX_SOURCE_UNITS`]) the table starts over, so a
/// script making patterns in a loop cannot grow it without bound.
const MAX_ENTRIES: usize = 512;
/// Code units of pattern source kept at most.
const MAX_SOURCE_UNITS: usize = 1 << 20;

#[derive(Default)]
struct Matchers {
    by_source: FxHashMap<(JsString, u8), Rc<Regex>>,
    source_units: usize,
}

thread_local! {
    static MATCHERS: RefCell<Matchers> = RefCell::default();
}

/// The matcher of `source` under `flags`: the one compiled before on this thread, or the one
/// `compile` makes (kept for later unless it failed).
pub(super) fn get_or_compile(
    source: &JsString,
    flags: RegExpFlags,
    compile: impl FnOnce() -> JsResult<Regex>,
) -> JsResult<Rc<Regex>> {
    let key = (source.clone(), flags.bits());
    // `try_with`: during thread teardown the table may be gone; compile without it then.
    if let Ok(Some(found)) = MATCHERS.try_with(|m| m.borrow().by_source.get(&key).cloned()) {
        return Ok(found);
    }
    let matcher = Rc::new(compile()?);
    let _ = MATCHERS.try_with(|m| {
        let mut m = m.borrow_mut();
        if m.by_source.len() >= MAX_ENTRIES || m.source_units + source.len() > MAX_SOURCE_UNITS {
            m.by_source.clear();
            m.source_units = 0;
        }
        m.source_units += source.len();
        m.by_source.insert(key, Rc::clone(&matcher));
    });
    Ok(matcher)
}

#[cfg(test)]
mod tests {
    use crate::{Context, Source, builtins::regexp::RegExp};
    use std::rc::Rc;

    fn matcher_of(context: &mut Context, code: &str) -> Rc<regress::Regex> {
        let value = context.eval(Source::from_bytes(code)).expect("evaluates");
        let object = value.as_object().expect("a RegExp object");
        let regexp = object.downcast_ref::<RegExp>().expect("a RegExp");
        Rc::clone(&regexp.matcher)
    }

    #[test]
    fn realms_share_the_matcher_of_a_pattern_and_flags() {
        let first = &mut Context::default();
        let second = &mut Context::default();
        let literal = matcher_of(first, "/[a-z]+(\\d)\\1/g");
        assert!(Rc::ptr_eq(&literal, &matcher_of(second, "/[a-z]+(\\d)\\1/g")));
        assert!(Rc::ptr_eq(&literal, &matcher_of(second, "new RegExp('[a-z]+(\\\\d)\\\\1', 'g')")));
        assert!(!Rc::ptr_eq(&literal, &matcher_of(second, "/[a-z]+(\\d)\\1/gi")));
        assert!(!Rc::ptr_eq(&literal, &matcher_of(second, "/[a-z]+(\\d)\\2/g")));

        // Shared, each still matches for itself: lastIndex lives on the object.
        let result = second
            .eval(Source::from_bytes(
                "const a = /o/g, b = /o/g; a.exec('foo'); [a.lastIndex, b.lastIndex, b.exec('foo').index]",
            ))
            .expect("evaluates");
        let result = result.to_string(second).expect("a string").to_std_string_escaped();
        assert_eq!(result, "2,0,1");
    }

    #[test]
    fn a_pattern_that_fails_to_compile_fails_every_time() {
        for _ in 0..2 {
            let context = &mut Context::default();
            let error = context.eval(Source::from_bytes("new RegExp('(')")).expect_err("a SyntaxError");
            assert!(error.to_string().contains("SyntaxError"), "{error}");
        }
    }
}
