//! Reading module sources: the BOM and shebang are stripped (the shebang line is blanked, so
//! line numbers stay right) and, with `isCache`, the text of a file is reused while its size and
//! modification time are unchanged.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

/// A file's size and modification time when it was read, and its text.
type Cached = (u64, Option<SystemTime>, Rc<str>);

thread_local! {
    static CACHE: RefCell<HashMap<PathBuf, Cached>> = RefCell::new(HashMap::new());
}

/// The source text of a module file.
pub fn read(path: &Path, use_cache: bool) -> std::io::Result<Rc<str>> {
    if use_cache {
        let metadata = std::fs::metadata(path)?;
        let (size, modified) = (metadata.len(), metadata.modified().ok());
        let hit = CACHE.with(|cache| {
            cache
                .borrow()
                .get(path)
                .filter(|(s, m, _)| *s == size && *m == modified)
                .map(|(_, _, text)| Rc::clone(text))
        });
        if let Some(text) = hit {
            return Ok(text);
        }
        let text = load(path)?;
        CACHE.with(|cache| cache.borrow_mut().insert(path.to_owned(), (size, modified, Rc::clone(&text))));
        return Ok(text);
    }
    load(path)
}

fn load(path: &Path) -> std::io::Result<Rc<str>> {
    let bytes = std::fs::read(path)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(Rc::from(clean(&text)))
}

/// Strips a byte-order mark and blanks a shebang line.
pub fn clean(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with("#!") {
        let end = text.find('\n').unwrap_or(text.len());
        return format!("//{}", &text[end..]);
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn strips_bom_and_blanks_shebang() {
        assert_eq!(clean("\u{feff}var a = 1;"), "var a = 1;");
        assert_eq!(clean("#!/usr/bin/env node\nvar a = 1;"), "//\nvar a = 1;");
        assert_eq!(clean("var a = '#!';"), "var a = '#!';");
    }
}
