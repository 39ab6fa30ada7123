//! The engine without Node: entries, lending the context to a host call, and what a nested entry
//! may touch. `cargo +nightly miri test --lib engine::tests` checks the aliasing of these paths
//! (Stacked Borrows): a guest frame's `&mut Context` and the nested entry's never overlap.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::module::IdleModuleLoader;
use boa_engine::native_function::NativeFunction;
use boa_engine::{Context, JsResult, JsValue, Source, js_string};

use super::{Engine, EngineError, EngineOptions, lend};

thread_local! {
    /// The engine the test's "host function" calls back into.
    static HOST_TARGET: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
}

fn engine() -> Rc<Engine> {
    Engine::new(&EngineOptions::default(), Rc::new(IdleModuleLoader)).expect("an engine")
}

fn counter(context: &mut Context) -> JsResult<i32> {
    context.global_object().get(js_string!("counter"), context)?.to_i32(context)
}

/// Stands for a host function the guest calls, which calls the guest back: it uses the frame's
/// context, lends it for the "host call" (a nested entry), then uses it again.
fn reentering_host_function(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let before = counter(context)?;
    let engine = HOST_TARGET.with(|target| target.borrow().clone()).expect("a target engine");
    let nested = lend(context, || {
        engine.enter(|context| context.eval(Source::from_bytes("counter += 10; counter"))?.to_i32(context))
    });
    let inner = nested.map_err(|error| match error {
        EngineError::Js(error) => error,
        other => boa_engine::JsNativeError::error().with_message(format!("{other:?}")).into(),
    })?;
    let after = counter(context)?;
    Ok(JsValue::from(before * 10_000 + inner * 100 + after))
}

fn install_host_function(context: &mut Context) -> JsResult<()> {
    context.register_global_builtin_callable(
        js_string!("host"),
        0,
        NativeFunction::from_fn_ptr(reentering_host_function),
    )
}

#[test]
fn a_host_call_reenters_on_the_lent_context() {
    let engine = engine();
    HOST_TARGET.with(|target| *target.borrow_mut() = Some(Rc::clone(&engine)));
    let result = engine
        .enter(|context| {
            install_host_function(context)?;
            context.eval(Source::from_bytes("var counter = 1; var r = host(); counter += 1; [r, counter]"))?;
            let r = context.global_object().get(js_string!("r"), context)?.to_i32(context)?;
            Ok((r, counter(context)?))
        })
        .expect("the entry");
    // before 1, the nested entry saw 11, after 11; then the outer script added 1.
    assert_eq!(result, (10_000 + 11 * 100 + 11, 12));
    HOST_TARGET.with(|target| target.borrow_mut().take());
}

#[test]
fn an_entry_while_nothing_is_lent_is_refused() {
    let engine = engine();
    let inner = Rc::clone(&engine);
    // A nested entry made without `lend` (a host call site that forgot it) must not alias the
    // frame's context: debug builds panic to catch the call site, release builds return an error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.enter(|_context| Ok(inner.enter(|_| Ok(())).is_err()))
    }));
    if cfg!(debug_assertions) {
        assert!(outcome.is_err(), "a debug build panics");
    } else {
        assert_eq!(outcome.ok().and_then(Result::ok), Some(true), "a release build refuses the entry");
    }
}

#[test]
fn dispose_inside_an_entry_ends_it_and_later_entries_fail() {
    let engine = engine();
    let same = Rc::clone(&engine);
    let result = engine.enter(|context| {
        assert!(same.dispose());
        context.eval(Source::from_bytes("1 + 1"))
    });
    assert!(result.is_err());
    assert!(matches!(engine.enter(|_| Ok(())), Err(EngineError::Disposed)));
    assert!(!engine.dispose());
}

#[test]
fn extensions_are_one_per_type_and_dropped_in_the_order_attached() {
    use std::cell::RefCell as Log;
    struct Noted(&'static str, Rc<Log<Vec<&'static str>>>);
    impl Drop for Noted {
        fn drop(&mut self) {
            self.1.borrow_mut().push(self.0);
        }
    }
    struct Later(Noted);
    let log = Rc::new(Log::new(Vec::new()));
    let engine = engine();
    engine.set_extension(Rc::new(Noted("first", Rc::clone(&log))));
    engine.set_extension(Rc::new(Later(Noted("later", Rc::clone(&log)))));
    // Setting a type again replaces its value (the old one goes at once), keeping its place.
    engine.set_extension(Rc::new(Noted("replacement", Rc::clone(&log))));
    assert_eq!(*log.borrow(), ["first"]);
    assert_eq!(engine.extension::<Noted>().map(|noted| noted.0), Some("replacement"));
    assert_eq!(engine.extension::<Later>().map(|later| later.0.0), Some("later"));
    assert!(engine.extension::<String>().is_none());
    assert!(engine.dispose());
    assert_eq!(*log.borrow(), ["first", "replacement", "later"]);
    assert!(engine.extension::<Noted>().is_none());
}

fn global_text(engine: &Rc<Engine>, expression: &str) -> String {
    engine
        .enter(|context| {
            let value = context.eval(Source::from_bytes(expression))?;
            Ok(value.to_string(context)?.to_std_string_escaped())
        })
        .expect("the entry")
}

#[test]
fn without_a_scheduler_jobs_run_at_the_end_of_the_outermost_entry() {
    let engine = engine();
    engine
        .enter(|context| {
            context.eval(Source::from_bytes(
                "var log = []; Promise.resolve().then(() => log.push('then')); log.push('sync')",
            ))?;
            // Still inside the entry: the reaction has not run.
            assert_eq!(context.eval(Source::from_bytes("log.join()"))?.to_string(context)?, js_string!("sync"));
            Ok(())
        })
        .expect("the entry");
    assert_eq!(global_text(&engine, "log.join()"), "sync,then");
    // A reaction that throws rejects its promise (the job itself completes); the chain goes on.
    global_text(
        &engine,
        "Promise.resolve().then(() => { throw new Error('in a job') }).catch((e) => log.push(e.message)); 0",
    );
    assert_eq!(global_text(&engine, "log.join()"), "sync,then,in a job");
}

#[test]
fn a_scheduler_decides_when_jobs_run_and_dispose_drops_them() {
    let engine = engine();
    let asked = Rc::new(std::cell::Cell::new(0));
    let counter = Rc::clone(&asked);
    engine.set_job_scheduler(Rc::new(move |_| counter.set(counter.get() + 1)));
    let queue_two =
        "var log = []; Promise.resolve().then(() => log.push(1)); Promise.resolve().then(() => log.push(2)); 0";
    global_text(&engine, queue_two);
    // Asked once for the jobs left at the end of the entry; they wait for `run_jobs`.
    assert_eq!(asked.get(), 1);
    assert_eq!(global_text(&engine, "log.join()"), "");
    engine.run_jobs().expect("the jobs");
    assert_eq!(global_text(&engine, "log.join()"), "1,2");
    // Queued jobs go with the engine.
    global_text(&engine, "Promise.resolve().then(() => log.push(3)); 0");
    assert!(engine.dispose());
    assert!(matches!(engine.run_jobs(), Err(EngineError::Disposed)));
}

#[test]
fn a_sealed_setup_keeps_the_realm_and_frees_what_scripts_let_go_of() {
    let engine = engine();
    engine.seal_setup();
    let setup = "Array.prototype.kept = { n: 42 };
        var kept = new WeakRef(Array.prototype.kept);
        var dropped = new WeakRef({ cycle: Array.prototype });";
    engine.enter(|context| context.eval(Source::from_bytes(setup))).expect("the setup runs");
    engine.collect();
    let after = global_text(&engine, "[kept.deref()?.n, dropped.deref(), [3, 1, 2].sort().join()].join(' ')");
    assert_eq!(after, "42  1,2,3");
}
