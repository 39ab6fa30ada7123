//! The engine's job queue: promise reactions and `queueMicrotask` callbacks, run to exhaustion
//! when the engine's job scheduler says (see `Engine::set_job_scheduler`). Timers are not Boa jobs: they live on the host's
//! event loop (see `builtins::timers`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::{Context as TaskContext, Poll, Waker};

use boa_engine::job::{GenericJob, Job, JobExecutor, NativeAsyncJob, PromiseJob};
use boa_engine::{Context, JsResult};

#[derive(Default)]
pub struct JobQueue {
    promise_jobs: RefCell<VecDeque<PromiseJob>>,
    generic_jobs: RefCell<VecDeque<GenericJob>>,
    async_jobs: RefCell<VecDeque<NativeAsyncJob>>,
}

impl JobQueue {
    /// O(1): whether any job waits, so an entry with nothing queued skips the run.
    pub fn is_empty(&self) -> bool {
        self.promise_jobs.borrow().is_empty()
            && self.generic_jobs.borrow().is_empty()
            && self.async_jobs.borrow().is_empty()
    }

    pub fn clear(&self) {
        self.promise_jobs.borrow_mut().clear();
        self.generic_jobs.borrow_mut().clear();
        self.async_jobs.borrow_mut().clear();
    }

    /// Runs jobs until none is left. An error here is uncatchable (an interrupt): the
    /// exceptions of ordinary jobs are already captured by the promises they belong to.
    pub fn run(&self, context: &mut Context) -> JsResult<()> {
        loop {
            let next = self.promise_jobs.borrow_mut().pop_front();
            if let Some(job) = next {
                job.call(context)?;
                continue;
            }
            let next = self.generic_jobs.borrow_mut().pop_front();
            if let Some(job) = next {
                job.call(context)?;
                continue;
            }
            let next = self.async_jobs.borrow_mut().pop_front();
            if let Some(job) = next {
                run_async_job(job, context)?;
                continue;
            }
            return Ok(());
        }
    }
}

/// Async jobs (FinalizationRegistry cleanups, `Atomics.waitAsync`) finish without waiting on
/// anything external; poll one to completion, giving up if it never does.
fn run_async_job(job: NativeAsyncJob, context: &mut Context) -> JsResult<()> {
    let cell = RefCell::new(context);
    let mut future = std::pin::pin!(job.call(&cell));
    let mut task = TaskContext::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(result) = future.as_mut().poll(&mut task) {
            return result.map(drop);
        }
    }
    Ok(())
}

/// The executor installed in every engine's context; it only queues, the engine runs.
pub struct Executor(pub Rc<JobQueue>);

impl JobExecutor for Executor {
    fn enqueue_job(self: Rc<Self>, job: Job, _context: &mut Context) {
        match job {
            Job::PromiseJob(job) => self.0.promise_jobs.borrow_mut().push_back(job),
            Job::GenericJob(job) => self.0.generic_jobs.borrow_mut().push_back(job),
            Job::AsyncJob(job) | Job::FinalizationRegistryCleanupJob(job) => {
                self.0.async_jobs.borrow_mut().push_back(job);
            }
            // Boa's own timers are not used: ours run on the host's event loop.
            _ => {}
        }
    }

    fn run_jobs(self: Rc<Self>, context: &mut Context) -> JsResult<()> {
        self.0.run(context)
    }
}
