//! Compiling WebAssembly once per process: one wasmtime `Engine` (Cranelift) for every engine
//! of ours, and its compiled modules kept by a content hash of the wasm bytes, so the hundredth
//! engine that instantiates opencv.js reuses what the first one compiled. With `isCache`, the
//! compiled code also goes to disk (`disk_cache`) for later processes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};
use wasmtime::{Config, Engine, Module, OptLevel};

use super::disk_cache;

/// Wasm bytes the in-memory cache holds at most (by the size of the modules' wasm); past this
/// it starts over, like the loader's code cache.
const CAPACITY: usize = 256 << 20;

/// A content hash of wasm bytes.
pub type Hash = [u8; 32];

pub fn hash(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

static COMPILED: AtomicU64 = AtomicU64::new(0);
static CACHE_HITS: AtomicU64 = AtomicU64::new(0);
static DISK_HITS: AtomicU64 = AtomicU64::new(0);

/// `stats()`'s figures: modules compiled by this process, modules handed out again from the
/// in-memory cache, and modules read back from the disk cache.
pub fn counters() -> (u64, u64, u64) {
    (COMPILED.load(Ordering::Relaxed), CACHE_HITS.load(Ordering::Relaxed), DISK_HITS.load(Ordering::Relaxed))
}

/// The process's wasmtime engine. Epoch interruption is how `timeout`, `memoryLimit` and
/// `dispose` stop running wasm: raising an engine's interrupt flag bumps the epoch (see
/// [`bump_epoch`]), and each store's deadline callback then looks at its own engine's flag.
pub fn engine() -> &'static Engine {
    ENGINE.get_or_init(|| {
        let mut config = Config::new();
        config.epoch_interruption(true);
        config.cranelift_opt_level(OptLevel::Speed);
        config.parallel_compilation(true);
        let engine = Engine::new(&config).expect("a wasmtime engine for the host");
        crate::engine::memory::set_interrupt_hook(bump_epoch);
        engine
    })
}

/// Makes every running store look at its engine's interrupt flag (an atomic increment; the
/// allocator may call it, so it must not allocate).
fn bump_epoch() {
    if let Some(engine) = ENGINE.get() {
        engine.increment_epoch();
    }
}

static ENGINE: OnceLock<Engine> = OnceLock::new();

#[derive(Default)]
struct Cache {
    modules: HashMap<Hash, Module>,
    wasm_bytes: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The compiled module of `bytes`: from this process's cache, else from the disk cache (with
/// `disk`), else compiled now (and stored in both).
pub fn module(bytes: &[u8], disk: bool) -> wasmtime::Result<Module> {
    let engine = engine();
    let key = hash(bytes);
    if let Some(module) = cache().lock().unwrap_or_else(|e| e.into_inner()).modules.get(&key) {
        CACHE_HITS.fetch_add(1, Ordering::Relaxed);
        return Ok(module.clone());
    }
    let from_disk = if disk { disk_cache::load(engine, &key) } else { None };
    let module = match from_disk {
        Some(module) => {
            DISK_HITS.fetch_add(1, Ordering::Relaxed);
            module
        }
        None => {
            let module = Module::new(engine, bytes)?;
            COMPILED.fetch_add(1, Ordering::Relaxed);
            if disk {
                disk_cache::store(&key, &module);
            }
            module
        }
    };
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if cache.wasm_bytes + bytes.len() > CAPACITY {
        *cache = Cache::default();
    }
    if cache.modules.insert(key, module.clone()).is_none() {
        cache.wasm_bytes += bytes.len();
    }
    Ok(module)
}

/// Whether `bytes` are a valid module for our engine.
pub fn validate(bytes: &[u8]) -> bool {
    Module::validate(engine(), bytes).is_ok()
}
