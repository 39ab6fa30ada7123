//! The thread's memory protection keys, as they were before wasm ran.
//!
//! On x86-64 Linux with protection keys (`pku`), V8 tags its own WebAssembly code with a key
//! that the thread's `PKRU` register must allow to be read. The kernel runs every signal handler
//! with `PKRU` at its default, which denies every key but the first, and puts the old value back
//! only when the handler returns. wasmtime's handler does not return from a trap: it `longjmp`s
//! to the call that entered wasm (wasmtime issue 4786). After a trap inside the engine, the
//! host's next call into its own wasm then faults on a key it is denied, and Node dies of a
//! SIGSEGV (`SEGV_PKUERR`) that neither wasmtime nor V8 claims.
//!
//! [`KeptKeys`] reads `PKRU` before wasm runs and writes it back after, whatever happened.

/// Restores the thread's protection keys when dropped, if running wasm changed them.
pub struct KeptKeys(Option<u32>);

impl KeptKeys {
    /// Reads the thread's protection keys (nothing where the CPU or OS has none).
    pub fn save() -> Self {
        Self(imp::read())
    }
}

impl Drop for KeptKeys {
    fn drop(&mut self) {
        imp::restore(self.0);
    }
}

#[cfg(all(target_os = "linux", target_arch = "x86_64", not(miri)))]
mod imp {
    use std::arch::asm;
    use std::sync::OnceLock;

    /// Whether the OS enabled protection keys: CPUID leaf 7's OSPKE bit, without which
    /// `rdpkru` and `wrpkru` are invalid instructions.
    fn enabled() -> bool {
        static ENABLED: OnceLock<bool> = OnceLock::new();
        *ENABLED.get_or_init(|| {
            // SAFETY: CPUID exists on every x86-64 CPU; leaf 7 is read only where leaf 0 says
            // it exists.
            #[allow(unused_unsafe)]
            unsafe {
                std::arch::x86_64::__cpuid(0).eax >= 7 && std::arch::x86_64::__cpuid_count(7, 0).ecx & (1 << 4) != 0
            }
        })
    }

    pub fn read() -> Option<u32> {
        if !enabled() {
            return None;
        }
        let pkru: u32;
        // SAFETY: `rdpkru` is valid once OSPKE is set (checked above) and ECX is 0; it only reads
        // the register into EAX (EDX is zeroed).
        unsafe {
            asm!("rdpkru", in("ecx") 0u32, out("eax") pkru, out("edx") _, options(nomem, nostack, preserves_flags));
        }
        Some(pkru)
    }

    pub fn restore(saved: Option<u32>) {
        let Some(saved) = saved else { return };
        if read() == Some(saved) {
            return;
        }
        // SAFETY: `wrpkru` is valid once OSPKE is set (it was, for `saved` to exist) with ECX and
        // EDX 0. The value is the one this thread had before wasm ran, so no access the
        // surrounding code made before is denied after. Not `nomem`: the write changes what
        // later memory accesses may do, so they must not move before it.
        unsafe {
            asm!("wrpkru", in("eax") saved, in("ecx") 0u32, in("edx") 0u32, options(nostack, preserves_flags));
        }
    }
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64", not(miri))))]
mod imp {
    pub fn read() -> Option<u32> {
        None
    }

    pub fn restore(_: Option<u32>) {}
}
