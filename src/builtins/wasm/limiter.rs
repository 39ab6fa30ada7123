//! `memoryLimit` for WebAssembly: wasmtime maps linear memory itself (outside our counting
//! allocator), so each store has a resource limiter that charges its engine's account for every
//! page a memory gains and refuses growth past the limit. A refused growth is the JS API's
//! failure (`memory.grow` in wasm gives -1, `WebAssembly.Memory#grow` throws a `RangeError`),
//! which the guest sees; and when the call into the engine that led to it ends, the engine stops
//! for its memory limit, as when JavaScript allocates past it (`ERR_REQUIRE_VM_MEMORY_LIMIT`).

use std::sync::Arc;

use wasmtime::ResourceLimiter;

use crate::engine::memory::{InterruptReason, MemoryAccount, charge_external};

pub struct Limiter {
    account: Arc<MemoryAccount>,
    /// Bytes of linear memory charged to the account, given back when the store goes.
    charged: usize,
    /// The growth charged last, given back if wasmtime then fails to grow.
    pending: usize,
}

impl Limiter {
    pub fn new(account: Arc<MemoryAccount>) -> Self {
        Self { account, charged: 0, pending: 0 }
    }

    /// Whether `bytes` more fit under the limit; if not, the engine stops after this call.
    fn admit(&self, bytes: usize) -> bool {
        match self.account.remaining() {
            Some(remaining) if bytes > remaining => {
                self.account.stop_after_call(InterruptReason::MemoryLimit);
                false
            }
            _ => true,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        let delta = desired.saturating_sub(current);
        if maximum.is_some_and(|maximum| desired > maximum) {
            // wasmtime refuses it itself; nothing to charge.
            return Ok(true);
        }
        if !self.admit(delta) {
            return Ok(false);
        }
        charge_external(&self.account, delta as isize);
        self.charged += delta;
        self.pending = delta;
        Ok(true)
    }

    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        charge_external(&self.account, -(pending as isize));
        self.charged -= pending;
        Ok(())
    }

    /// Table elements live in memory from our counting allocator, which charges them already:
    /// here they are only refused past the limit (a pointer's worth each).
    fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let delta = desired.saturating_sub(current).saturating_mul(std::mem::size_of::<usize>());
        Ok(self.admit(delta))
    }
}

impl Drop for Limiter {
    fn drop(&mut self) {
        charge_external(&self.account, -(self.charged as isize));
    }
}
