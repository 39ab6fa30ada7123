//! `util` (and `sys`, `util/types`): the `util` npm package's exports, completed by
//! js/complete.js, made on their first use other than a read of `util.types`.
//!
//! lodash, like much code written for both Node and browsers, requires `util` only for
//! `util.types`, which is ours already (src/builtins/util_types.rs). Evaluating util.js and
//! completing it costs a module's load (a tenth of a lodash load), so the object starts with
//! `types` alone and util.js runs, with that object as its `exports`, when anything else is
//! touched.

use std::path::{Path, PathBuf};

use boa_engine::object::JsObject;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsResult, JsString, JsValue, NativeFunction, js_string};

use super::{globals, state};
use crate::bridge::BridgeState;
use crate::loader::{LoaderState, cache_module, cached_module, load_module, run_module};

/// The engine's `util`, made (not yet evaluated) on the first call. If util.js is in the module
/// cache already (the guest required `util/`, the npm package, which npm may have put at the
/// same path as ours), that module is `util`, completed now, as it was before util waited.
pub fn util(context: &mut Context, loader: &LoaderState, bridge: &BridgeState, main: &Path) -> JsResult<JsValue> {
    let (engine, _, _) = LoaderState::current()?;
    let state = state(&engine);
    // Asked for as `util`, `sys` or `util/types`: one object.
    if let Some(util) = state.loaded.borrow().get("util") {
        return Ok(util.clone());
    }
    let util = match cached_module(context, loader, main)? {
        Some(module) => {
            let util = module.get(js_string!("exports"), context)?;
            globals::complete_module(context, bridge, "util", &util)?;
            util
        }
        None => deferred(context, loader, main)?,
    };
    state.loaded.borrow_mut().insert("util".to_owned(), util.clone());
    Ok(util)
}

fn deferred(context: &mut Context, loader: &LoaderState, main: &Path) -> JsResult<JsValue> {
    // The module util.js requires as `./support/types`, so `util.types` is one object before
    // and after.
    let types_path = main.with_file_name("support").join("types.js");
    loader.mark_internal(&types_path);
    let types = load_module(context, loader, &types_path, None)?;
    let init =
        NativeFunction::from_copy_closure_with_captures(evaluate, JsString::from(main.to_string_lossy().as_ref()));
    let util = JsObject::deferred([(PropertyKey::from(js_string!("types")), types)], init);
    // util.js's module is cached now, with the deferred object as its exports: a require of the
    // file itself (`require('util/')` in the npm `assert`) finds the object, and the object's
    // first use runs the file.
    cache_module(context, loader, main, None, Some(util.clone()))?;
    Ok(util.into())
}

/// Runs util.js into its module made by [`deferred`] (or a new one, if the guest took that out
/// of `require.cache`), then completes it.
fn evaluate(util: &JsValue, _: &[JsValue], main: &JsString, context: &mut Context) -> JsResult<JsValue> {
    let (_, loader, bridge) = LoaderState::current()?;
    let path = PathBuf::from(main.to_std_string_escaped());
    let module = match cached_module(context, &loader, &path)? {
        Some(module) if module.get(js_string!("exports"), context)? == *util => module,
        _ => cache_module(context, &loader, &path, None, util.as_object())?,
    };
    run_module(context, &loader, &module, &path)?;
    globals::complete_module(context, &bridge, "util", util)?;
    Ok(JsValue::undefined())
}
