//! The test262 worker: runs one test262 test per line of stdin on a plain Boa engine and
//! answers one line on stdout. `scripts/test262.js` reads the tests' metadata, schedules them,
//! kills a worker that hangs or crashes, and compares our patched Boa with crates.io's.
//!
//! The same source is built twice (against `vendor/` and against crates.io), so it uses only
//! Boa's public API as of 0.22.
//!
//! Request:  `<mode>\t<test file>\t<includes, comma-separated>\t<negative phase>\t<negative type>\t<async>`
//!           mode is `sloppy`, `strict`, `module` or `raw`; `-` for no negative; async is `0`/`1`.
//! Response: `pass` or `fail\t<reason>` (one line); after a panic, `panic\t<message>` and exit.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boa_engine::builtins::promise::PromiseState;
use boa_engine::module::{Module, SimpleModuleLoader};
use boa_engine::native_function::NativeFunction;
use boa_engine::object::builtins::JsArrayBuffer;
use boa_engine::object::{JsObject, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::realm::Realm;
use boa_engine::script::Script;
use boa_engine::{Context, JsArgs, JsError, JsNativeError, JsResult, JsValue, Source, js_string};

struct Request {
    mode: String,
    file: PathBuf,
    includes: Vec<String>,
    negative: Option<(String, String)>,
    is_async: bool,
}

impl Request {
    fn parse(line: &str) -> Option<Self> {
        let mut fields = line.split('\t');
        let mode = fields.next()?.to_owned();
        let file = PathBuf::from(fields.next()?);
        let includes = fields
            .next()?
            .split(',')
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect();
        let phase = fields.next()?;
        let error_type = fields.next()?;
        let negative = (phase != "-").then(|| (phase.to_owned(), error_type.to_owned()));
        let is_async = fields.next()? == "1";
        Some(Self { mode, file, includes, negative, is_async })
    }
}

thread_local! {
    /// What the test `print`ed: async tests report completion through `print`.
    static PRINTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn main() {
    let harness_dir = PathBuf::from(std::env::args().nth(1).expect("usage: runner <harness dir>"));
    // Deeply nested test sources recurse deeply in the parser; a big stack lets the engine's
    // own limits, not the thread's, decide.
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || serve(&harness_dir))
        .expect("spawn the worker thread");
    let _ = worker.join();
}

fn serve(harness_dir: &Path) {
    std::panic::set_hook(Box::new(|_| {}));
    let mut harness = HashMap::new();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Some(request) = Request::parse(&line) else {
            let _ = writeln!(out, "fail\tbad request");
            continue;
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run(&request, harness_dir, &mut harness)
        }));
        match result {
            Ok(Ok(())) => {
                let _ = writeln!(out, "pass");
            }
            Ok(Err(reason)) => {
                let _ = writeln!(out, "fail\t{}", one_line(&reason));
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                let _ = writeln!(out, "panic\t{}", one_line(&message));
                let _ = out.flush();
                // A panic can leave the thread's garbage collector mid-operation.
                std::process::exit(3);
            }
        }
        let _ = out.flush();
    }
}

fn one_line(text: &str) -> String {
    let text: String = text.chars().take(400).collect();
    text.replace(['\n', '\r', '\t'], " ")
}

fn run(request: &Request, harness_dir: &Path, harness: &mut HashMap<String, String>) -> Result<(), String> {
    PRINTED.with(|printed| printed.borrow_mut().clear());
    let source = std::fs::read_to_string(&request.file).map_err(|e| format!("read: {e}"))?;
    let directory = request.file.parent().unwrap_or(Path::new("."));
    let loader = Rc::new(SimpleModuleLoader::new(directory).map_err(|e| e.to_string())?);
    let context = &mut Context::builder()
        .module_loader(loader.clone())
        .build()
        .map_err(|e| e.to_string())?;
    // As every engine of the addon runs: functions compiled on their first call.
    #[cfg(feature = "patched")]
    context.set_lazy_functions(true);

    let is_module = request.mode == "module";
    let parse_negative = matches!(&request.negative, Some((phase, _)) if phase == "parse");
    if parse_negative {
        let expected = &request.negative.as_ref().expect("checked").1;
        let parsed = if is_module {
            Module::parse(Source::from_bytes(&source).with_path(&request.file), None, context)
                .map(|_| ())
        } else {
            let text = script_text(request, &source);
            Script::parse(Source::from_bytes(&text), None, context)
                .and_then(|script| script.codeblock(context).map(|_| ()))
        };
        return match parsed {
            Ok(()) => Err(format!("expected a {expected} while parsing; it parsed")),
            Err(error) => expect_error(error, expected, context),
        };
    }

    if request.mode != "raw" {
        install_host(context)?;
        let mut names = vec!["assert.js".to_owned(), "sta.js".to_owned()];
        if request.is_async {
            names.push("doneprintHandle.js".to_owned());
        }
        names.extend(request.includes.iter().cloned());
        for name in names {
            if !harness.contains_key(&name) {
                let text = std::fs::read_to_string(harness_dir.join(&name))
                    .map_err(|e| format!("harness {name}: {e}"))?;
                harness.insert(name.clone(), text);
            }
            context
                .eval(Source::from_bytes(&harness[&name]))
                .map_err(|e| format!("harness {name}: {e}"))?;
        }
    }

    let outcome = if is_module {
        run_module(request, &source, &loader, context)
    } else {
        let text = script_text(request, &source);
        context.eval(Source::from_bytes(&text)).map(|_| ())
    };
    let outcome = outcome.and_then(|()| context.run_jobs());

    match (&request.negative, outcome) {
        (Some((_, expected)), Err(error)) => expect_error(error, expected, context),
        (Some((phase, expected)), Ok(())) => Err(format!("expected a {expected} at {phase}; none thrown")),
        (None, Err(error)) => Err(format!("uncaught {}", describe(error, context))),
        (None, Ok(())) if request.is_async => async_outcome(),
        (None, Ok(())) => Ok(()),
    }
}

/// INTERPRETING.md: a strict-mode run is the source with the `"use strict";` directive first.
fn script_text(request: &Request, source: &str) -> String {
    if request.mode == "strict" {
        format!("\"use strict\";\n{source}")
    } else {
        source.to_owned()
    }
}

fn run_module(
    request: &Request,
    source: &str,
    loader: &SimpleModuleLoader,
    context: &mut Context,
) -> JsResult<()> {
    let path = request.file.canonicalize().unwrap_or_else(|_| request.file.clone());
    let module = Module::parse(Source::from_bytes(source).with_path(&path), None, context)?;
    // A test may import itself.
    loader.insert(path, module.clone());
    let resolution_negative = matches!(&request.negative, Some((phase, _)) if phase == "resolution");
    if resolution_negative {
        let promise = module.load(context);
        context.run_jobs()?;
        if let PromiseState::Rejected(reason) = promise.state() {
            return Err(JsError::from_opaque(reason));
        }
        return module.link(context);
    }
    let promise = module.load_link_evaluate(context);
    context.run_jobs()?;
    match promise.state() {
        PromiseState::Fulfilled(_) => Ok(()),
        PromiseState::Rejected(reason) => Err(JsError::from_opaque(reason)),
        PromiseState::Pending => Err(JsNativeError::error()
            .with_message("the module's evaluation never settled")
            .into()),
    }
}

fn async_outcome() -> Result<(), String> {
    PRINTED.with(|printed| {
        let printed = printed.borrow();
        if printed.iter().any(|line| line == "Test262:AsyncTestComplete") {
            Ok(())
        } else if let Some(failure) = printed.iter().find(|line| line.starts_with("Test262:AsyncTestFailure")) {
            Err(failure.clone())
        } else {
            Err("the async test never called $DONE".to_owned())
        }
    })
}

fn expect_error(error: JsError, expected: &str, context: &mut Context) -> Result<(), String> {
    let name = error_name(&error, context);
    if name.as_deref() == Some(expected) {
        Ok(())
    } else {
        Err(format!("expected a {expected}, got {}", describe(error, context)))
    }
}

/// The thrown value's `constructor.name`, as test262's negative tests name error types.
fn error_name(error: &JsError, context: &mut Context) -> Option<String> {
    let value = error.clone().into_opaque(context).ok()?;
    let object = value.as_object()?;
    let constructor = object.get(js_string!("constructor"), context).ok()?;
    let name = constructor.as_object()?.get(js_string!("name"), context).ok()?;
    name.as_string().map(|name| name.to_std_string_escaped())
}

fn describe(error: JsError, context: &mut Context) -> String {
    match error.clone().into_opaque(context) {
        Ok(value) => value
            .to_string(context)
            .map(|text| text.to_std_string_escaped())
            .unwrap_or_else(|_| error.to_string()),
        Err(_) => error.to_string(),
    }
}

/// `print` and `$262` (INTERPRETING.md, "Host-Defined Functions"). `$262.agent` is not
/// provided: the runner skips the multi-agent tests that need it.
fn install_host(context: &mut Context) -> Result<(), String> {
    context
        .register_global_builtin_callable(js_string!("print"), 1, NativeFunction::from_fn_ptr(print))
        .map_err(|e| e.to_string())?;
    install_262(context).map(|_| ()).map_err(|e| e.to_string())
}

fn print(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(context)?.to_std_string_escaped();
    PRINTED.with(|printed| printed.borrow_mut().push(text));
    Ok(JsValue::undefined())
}

/// Defines `$262` on the current realm's global object and returns it.
fn install_262(context: &mut Context) -> JsResult<JsObject> {
    let realm = context.realm().clone();
    let global = context.global_object();
    let eval_script = NativeFunction::from_copy_closure_with_captures(eval_script, realm);
    let object = ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(create_realm), js_string!("createRealm"), 0)
        .function(NativeFunction::from_fn_ptr(detach_array_buffer), js_string!("detachArrayBuffer"), 1)
        .function(eval_script, js_string!("evalScript"), 1)
        .function(NativeFunction::from_fn_ptr(gc), js_string!("gc"), 0)
        .property(js_string!("global"), global, Attribute::WRITABLE | Attribute::CONFIGURABLE)
        .build();
    context.register_global_property(
        js_string!("$262"),
        object.clone(),
        Attribute::WRITABLE | Attribute::CONFIGURABLE,
    )?;
    Ok(object)
}

fn create_realm(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let realm = context.create_realm()?;
    let previous = context.enter_realm(realm);
    let object = install_262(context);
    context.enter_realm(previous);
    Ok(object?.into())
}

fn eval_script(_: &JsValue, args: &[JsValue], realm: &Realm, context: &mut Context) -> JsResult<JsValue> {
    let text = args.get_or_undefined(0).to_string(context)?.to_std_string_escaped();
    let previous = context.enter_realm(realm.clone());
    let result = Script::parse(Source::from_bytes(&text), Some(realm.clone()), context)
        .and_then(|script| script.evaluate(context));
    context.enter_realm(previous);
    result
}

fn detach_array_buffer(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let buffer = args
        .first()
        .and_then(JsValue::as_object)
        .and_then(|object| JsArrayBuffer::from_object(object.clone()).ok())
        .ok_or_else(|| JsNativeError::typ().with_message("not an ArrayBuffer"))?;
    buffer.detach(args.get_or_undefined(1))?;
    Ok(JsValue::null())
}

fn gc(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    boa_gc::force_collect();
    Ok(JsValue::undefined())
}
