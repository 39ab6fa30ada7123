//! Compiling WebAssembly once per process, in two tiers, as V8 does with Liftoff and TurboFan:
//! Winch (wasmtime's baseline compiler) makes code fast, Cranelift makes fast code. A module
//! this process has not seen is compiled by Winch, so its first engine starts at once, and by
//! Cranelift on a thread of its own meanwhile; engines whose store is made after that use the
//! optimized code. Compiled modules are kept by a content hash of the wasm bytes, so the
//! hundredth engine that instantiates opencv.js reuses what the first one compiled. With
//! `isCache`, the optimized code also goes to disk (`disk_cache`) for later processes.
//!
//! A wasmtime `Store` runs the code of one wasmtime `Engine` only, so each of our engines' store
//! is bound to a tier when it is made ([`tier_for_new_store`]); a module is compiled for the
//! store's tier if that code is not there yet.
//!
//! `REQUIRE_VM_WASM_COMPILER=cranelift` (or `winch`) uses one compiler only. Where Winch cannot
//! run (a target it does not support), everything is compiled by Cranelift.
//!
//! Code comes with or without interrupt checks ([`Interrupts`]): an engine with a `timeout`
//! runs code that checks, the others code that does not, each compiled and cached apart.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use sha2::{Digest, Sha256};
use wasmtime::{Config, Engine, Module, OptLevel, Strategy};

use super::disk_cache;

/// Wasm bytes the in-memory cache holds at most (by the size of the modules' wasm); past this
/// it starts over, like the loader's code cache.
const CAPACITY: usize = 256 << 20;

/// A content hash of wasm bytes.
pub type Hash = [u8; 32];

/// What names a compiled module in both caches: the wasm's content hash and the kind of code.
pub type CodeKey = (Hash, Interrupts);

/// A module's wasm bytes and their content hash, computed once: the hash names the module in
/// both caches, and a large module's takes milliseconds.
#[derive(Clone)]
pub struct WasmBytes {
    bytes: Arc<[u8]>,
    key: Hash,
}

impl WasmBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        let key = Sha256::digest(&bytes).into();
        Self { bytes: bytes.into(), key }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Whether a module's code checks for interrupts (an epoch load and compare at every function
/// entry and loop head: 8% of the Emscripten bench's wasm work, a quarter of opencv.js's image
/// pipeline's wasm time). Only two things must stop wasm that never calls out: a `timeout`, and
/// a worker thread's end (`worker.terminate()`, `process.exit()`), which the watchdog's poll
/// finds (`limits::Watch`). `dispose` and `memoryLimit` reach it anyway: wasm grows memory
/// through the limiter, and the guest JavaScript it calls checks the engine's interrupt flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interrupts {
    Checked,
    Unchecked,
}

impl Interrupts {
    /// What an engine with (or without) a timeout needs, on a worker thread or the main one.
    pub fn needed(has_timeout: bool, on_worker_thread: bool) -> Self {
        if has_timeout || on_worker_thread { Self::Checked } else { Self::Unchecked }
    }
}

/// Which compiler made a module's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Winch: compiles in one pass, code about 1.5–2× slower.
    Baseline,
    /// Cranelift: compiles several times slower, the fast code.
    Optimized,
}

static COMPILED: AtomicU64 = AtomicU64::new(0);
static CACHE_HITS: AtomicU64 = AtomicU64::new(0);
static DISK_HITS: AtomicU64 = AtomicU64::new(0);
static OPTIMIZED: AtomicU64 = AtomicU64::new(0);

/// `stats()`'s figures.
pub struct Counters {
    /// Modules compiled while an engine waited (either tier).
    pub compiled: u64,
    /// Modules handed out again from the in-memory cache.
    pub cache_hits: u64,
    /// Modules read back from the disk cache.
    pub from_disk: u64,
    /// Optimized code finished in the background for a module first compiled by the baseline.
    pub optimized: u64,
    /// Modules being optimized in the background now.
    pub optimizing: u64,
}

pub fn counters() -> Counters {
    Counters {
        compiled: COMPILED.load(Ordering::Relaxed),
        cache_hits: CACHE_HITS.load(Ordering::Relaxed),
        from_disk: DISK_HITS.load(Ordering::Relaxed),
        optimized: OPTIMIZED.load(Ordering::Relaxed),
        optimizing: lock().optimizing.len() as u64,
    }
}

/// Which compilers this process uses (`REQUIRE_VM_WASM_COMPILER`, read once).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Policy {
    Tiered,
    OnlyBaseline,
    OnlyOptimized,
}

fn policy() -> Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    *POLICY.get_or_init(|| {
        let asked = match std::env::var("REQUIRE_VM_WASM_COMPILER").as_deref() {
            Ok("cranelift") => Policy::OnlyOptimized,
            Ok("winch") => Policy::OnlyBaseline,
            _ => Policy::Tiered,
        };
        let winch_runs = baseline_engine(Interrupts::Unchecked).is_some();
        if asked != Policy::OnlyOptimized && !winch_runs { Policy::OnlyOptimized } else { asked }
    })
}

/// The wasmtime engine of `tier` with `interrupts` (the baseline tier falls back to Cranelift
/// where Winch cannot run). Epoch interruption is how `timeout` stops running wasm: raising an
/// engine's interrupt flag bumps the epoch (see [`bump_epoch`]), and each checking store's
/// deadline callback then looks at its own engine's flag.
pub fn engine(tier: Tier, interrupts: Interrupts) -> &'static Engine {
    match tier {
        Tier::Baseline => baseline_engine(interrupts).unwrap_or_else(|| optimized_engine(interrupts)),
        Tier::Optimized => optimized_engine(interrupts),
    }
}

fn config(interrupts: Interrupts) -> Config {
    let mut config = Config::new();
    if interrupts == Interrupts::Checked {
        config.epoch_interruption(true);
        crate::engine::memory::set_interrupt_hook(bump_epoch);
    }
    config.parallel_compilation(true);
    config
}

/// One engine per compiler and `Interrupts`, made on first use.
struct Engines {
    optimized: OnceLock<Engine>,
    /// `None` where Winch cannot compile for this machine.
    baseline: OnceLock<Option<Engine>>,
}

static CHECKED: Engines = Engines { optimized: OnceLock::new(), baseline: OnceLock::new() };
static UNCHECKED: Engines = Engines { optimized: OnceLock::new(), baseline: OnceLock::new() };

fn engines(interrupts: Interrupts) -> &'static Engines {
    match interrupts {
        Interrupts::Checked => &CHECKED,
        Interrupts::Unchecked => &UNCHECKED,
    }
}

fn optimized_engine(interrupts: Interrupts) -> &'static Engine {
    engines(interrupts).optimized.get_or_init(|| {
        let mut config = config(interrupts);
        config.cranelift_opt_level(OptLevel::Speed);
        Engine::new(&config).expect("a wasmtime engine for the host")
    })
}

/// Winch's engine, `None` where Winch cannot compile for this machine.
fn baseline_engine(interrupts: Interrupts) -> Option<&'static Engine> {
    engines(interrupts)
        .baseline
        .get_or_init(|| {
            let mut config = config(interrupts);
            config.strategy(Strategy::Winch);
            Engine::new(&config).ok()
        })
        .as_ref()
}

/// Makes every running checking store look at its engine's interrupt flag (an atomic
/// increment; the allocator may call it, so it must not allocate).
fn bump_epoch() {
    let checked = [CHECKED.optimized.get(), CHECKED.baseline.get().and_then(Option::as_ref)];
    for engine in checked.into_iter().flatten() {
        engine.increment_epoch();
    }
}

/// The tier of a module's code.
pub fn tier_of(module: &Module) -> Tier {
    tier_of_engine(module.engine())
}

/// The tier whose code `engine` runs.
pub fn tier_of_engine(engine: &Engine) -> Tier {
    let optimized = [CHECKED.optimized.get(), UNCHECKED.optimized.get()];
    if optimized.into_iter().flatten().any(|o| Engine::same(engine, o)) { Tier::Optimized } else { Tier::Baseline }
}

/// What the cache knows of one module.
#[derive(Default)]
struct Entry {
    baseline: Option<Module>,
    optimized: Option<Module>,
}

#[derive(Default)]
struct Cache {
    modules: HashMap<CodeKey, Entry>,
    wasm_bytes: usize,
    /// Modules being optimized in the background.
    optimizing: HashSet<CodeKey>,
}

fn lock() -> MutexGuard<'static, Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner())
}

impl Cache {
    fn insert(&mut self, key: CodeKey, wasm_len: usize, module: Module) {
        if !self.modules.contains_key(&key) {
            if self.wasm_bytes + wasm_len > CAPACITY {
                self.modules.clear();
                self.wasm_bytes = 0;
            }
            self.wasm_bytes += wasm_len;
        }
        let entry = self.modules.entry(key).or_default();
        match tier_of(&module) {
            Tier::Baseline => entry.baseline = Some(module),
            // The baseline code is no longer handed out; stores using it keep their own handle.
            Tier::Optimized => {
                entry.baseline = None;
                entry.optimized = Some(module);
            }
        }
    }
}

/// The tier a store made before any module is known (a `WebAssembly.Memory` first, as older
/// Emscripten output does) should run: the baseline until this process has a module and while
/// a module is being optimized (most likely the one this engine will run), the optimized tier
/// otherwise; always the optimized tier with `disk`, as the disk cache keeps optimized code only.
pub fn tier_for_new_store(disk: bool) -> Tier {
    match policy() {
        Policy::OnlyBaseline => Tier::Baseline,
        Policy::OnlyOptimized => Tier::Optimized,
        Policy::Tiered if disk => Tier::Optimized,
        Policy::Tiered => {
            let cache = lock();
            if cache.optimizing.is_empty() && !cache.modules.is_empty() { Tier::Optimized } else { Tier::Baseline }
        }
    }
}

/// The tier a store made for running `bytes` first should run: the best code there is, the
/// baseline for a module new to the process (or the optimized code from disk with `disk`).
pub fn tier_for_module(wasm: &WasmBytes, interrupts: Interrupts, disk: bool) -> Tier {
    match policy() {
        Policy::OnlyBaseline => Tier::Baseline,
        Policy::OnlyOptimized => Tier::Optimized,
        Policy::Tiered => match lock().modules.get(&(wasm.key, interrupts)) {
            Some(entry) if entry.optimized.is_some() => Tier::Optimized,
            Some(_) => Tier::Baseline,
            None if disk => Tier::Optimized,
            None => Tier::Baseline,
        },
    }
}

/// The compiled module of `bytes` for `tier` and `interrupts`: from this process's cache, else
/// (optimized code) from the disk cache with `disk`, else compiled now. Baseline code compiled
/// for a new module starts its optimization in the background.
pub fn module(wasm: &WasmBytes, tier: Tier, interrupts: Interrupts, disk: bool) -> wasmtime::Result<Module> {
    let bytes = &wasm.bytes;
    let key = (wasm.key, interrupts);
    if let Some(entry) = lock().modules.get(&key) {
        let cached = match tier {
            Tier::Baseline => entry.baseline.as_ref(),
            Tier::Optimized => entry.optimized.as_ref(),
        };
        if let Some(module) = cached {
            CACHE_HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(module.clone());
        }
    }
    if tier == Tier::Optimized
        && disk
        && let Some(module) = disk_cache::load(engine(Tier::Optimized, interrupts), &key)
    {
        DISK_HITS.fetch_add(1, Ordering::Relaxed);
        lock().insert(key, bytes.len(), module.clone());
        return Ok(module);
    }
    let module = Module::new(engine(tier, interrupts), bytes)?;
    COMPILED.fetch_add(1, Ordering::Relaxed);
    if tier == Tier::Optimized && disk {
        disk_cache::store(&key, &module);
    }
    let mut cache = lock();
    let optimize = tier == Tier::Baseline
        && policy() == Policy::Tiered
        && cache.modules.get(&key).is_none_or(|entry| entry.optimized.is_none())
        && cache.optimizing.insert(key);
    cache.insert(key, bytes.len(), module.clone());
    drop(cache);
    if optimize {
        optimize_in_background(wasm.clone(), interrupts, disk);
    }
    Ok(module)
}

/// Compiles `bytes` with Cranelift on a thread of its own and caches the result.
fn optimize_in_background(wasm: WasmBytes, interrupts: Interrupts, disk: bool) {
    let key = (wasm.key, interrupts);
    let bytes = wasm.bytes;
    let optimize = move || {
        let engine = engine(Tier::Optimized, interrupts);
        let from_disk = if disk { disk_cache::load(engine, &key) } else { None };
        let module = from_disk.or_else(|| {
            let module = Module::new(engine, &bytes).ok()?;
            if disk {
                disk_cache::store(&key, &module);
            }
            Some(module)
        });
        let mut cache = lock();
        cache.optimizing.remove(&key);
        // Code Winch took but Cranelift refused stays on the baseline (not expected: Cranelift
        // supports everything Winch does).
        if let Some(module) = module {
            OPTIMIZED.fetch_add(1, Ordering::Relaxed);
            cache.insert(key, bytes.len(), module);
        }
    };
    if std::thread::Builder::new().name("wasm-optimize".into()).spawn(optimize).is_err() {
        // No thread: the module stays on the baseline code.
        lock().optimizing.remove(&key);
    }
}

/// Whether `bytes` are a valid module for our engine (validation does not depend on the kind
/// of code; engines without a timeout, the usual ones, have made this wasmtime engine already).
pub fn validate(bytes: &[u8]) -> bool {
    Module::validate(engine(Tier::Optimized, Interrupts::Unchecked), bytes).is_ok()
}
