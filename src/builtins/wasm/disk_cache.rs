//! Compiled WebAssembly on disk (with `isCache`): a module compiled in one process is read back
//! by the next instead of compiled again. One file per module, named by the content hash of its
//! wasm bytes (`<hash>.cwasm`; `<hash>.interruptible.cwasm` for the code of engines with a
//! `timeout`, see `compile::Interrupts`), in `wasm/` of our cache directory:
//! `$REQUIRE_VM_CACHE_DIR` if set, else the user's cache directory (`$XDG_CACHE_HOME` or
//! `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows) +
//! `require-vm-rs`.
//!
//! A file is `MAGIC`, the wasm hash it was made for, the SHA-256 of the payload, then the
//! payload (wasmtime's serialized module). It is used only if all three match; wasmtime then
//! checks that the payload was made by this wasmtime version with a compatible configuration.
//! Anything else (a truncated, corrupted or foreign file) is ignored and written anew.

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

use super::compile::{CodeKey, Hash, Interrupts};

const MAGIC: &[u8; 16] = b"require-vm-wasm1";
const HEADER: usize = MAGIC.len() + 32 + 32;

/// Where compiled modules go; `None` if no cache directory can be named.
pub fn directory() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("REQUIRE_VM_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("wasm"));
    }
    let home = || std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let base = if cfg!(windows) {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library").join("Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| home().map(|h| h.join(".cache")))
    };
    base.map(|base| base.join("require-vm-rs").join("wasm"))
}

/// The file of the wasm hashed `hash`, compiled with or without interrupt checks.
fn file_for((hash, interrupts): &CodeKey) -> Option<PathBuf> {
    let name: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
    let kind = match interrupts {
        Interrupts::Checked => ".interruptible",
        Interrupts::Unchecked => "",
    };
    directory().map(|dir| dir.join(format!("{name}{kind}.cwasm")))
}

/// The module compiled for `key`, if a valid file for it is on disk.
pub fn load(engine: &Engine, key: &CodeKey) -> Option<Module> {
    let bytes = std::fs::read(file_for(key)?).ok()?;
    let payload = checked_payload(&bytes, &key.0)?;
    // SAFETY: `Module::deserialize` trusts its input to be wasmtime's own serialization of a
    // module (it maps the compiled machine code as executable). These bytes are exactly what
    // `store` wrote from `Module::serialize` for this wasm: the header names the wasm's hash and
    // the SHA-256 of the payload, both checked above, so a truncated, corrupted or swapped file
    // is refused before it gets here. wasmtime then refuses (an `Err`, not undefined behaviour)
    // a payload of another wasmtime version, another target or an incompatible configuration.
    // What the checksum cannot exclude is someone writing a forged file with a matching
    // checksum into the user's own cache directory, which needs the user's own rights, and
    // with them the addon itself could be replaced.
    let module = unsafe { Module::deserialize(engine, payload) };
    module.ok()
}

/// The payload of a cache file made for `key`, if its header and checksum hold.
fn checked_payload<'a>(bytes: &'a [u8], key: &Hash) -> Option<&'a [u8]> {
    if bytes.len() < HEADER || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (made_for, rest) = bytes[MAGIC.len()..].split_at(32);
    let (checksum, payload) = rest.split_at(32);
    (made_for == key && Sha256::digest(payload).as_slice() == checksum).then_some(payload)
}

/// Writes the compiled `module` for `key` (best effort: a cache that cannot be written is no
/// error). Written to a temporary file and renamed, so no reader ever sees half a file.
pub fn store(key: &CodeKey, module: &Module) {
    let Some(path) = file_for(key) else { return };
    let Ok(payload) = module.serialize() else { return };
    let write = || -> std::io::Result<()> {
        let dir = path.parent().ok_or(std::io::ErrorKind::NotFound)?;
        std::fs::create_dir_all(dir)?;
        let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(MAGIC)?;
        file.write_all(&key.0)?;
        file.write_all(&Sha256::digest(&payload))?;
        file.write_all(&payload)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
    };
    let _ = write();
}

#[cfg(test)]
mod tests {
    use super::{HEADER, MAGIC, checked_payload};

    fn file(key: &[u8; 32], payload: &[u8]) -> Vec<u8> {
        use sha2::{Digest, Sha256};
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&Sha256::digest(payload));
        bytes.extend_from_slice(payload);
        bytes
    }

    #[test]
    fn only_an_intact_file_for_the_same_wasm_gives_its_payload() {
        let key = [7u8; 32];
        let good = file(&key, b"compiled code");
        assert_eq!(checked_payload(&good, &key), Some(&b"compiled code"[..]));
        // Made for other wasm bytes.
        assert_eq!(checked_payload(&good, &[8u8; 32]), None);
        // A flipped bit in the payload, a truncated file, another format.
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(checked_payload(&flipped, &key), None);
        assert_eq!(checked_payload(&good[..HEADER - 1], &key), None);
        let mut foreign = good.clone();
        foreign[0] = b'x';
        assert_eq!(checked_payload(&foreign, &key), None);
    }
}
