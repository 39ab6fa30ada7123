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
use crate::loader::{LoaderState, cache_module, is_cached, load_module, run_module};

/// The engine's `util`, made (not yet evaluated) on the first call; `None` if util.js is in
/// the module cache already (the guest required `util/`, the npm package, which npm may have
/// put at the same path as ours): that module is then `util`, as it was before util waited.
pub fn util(context: &mut Context, loader: &LoaderState, main: &Path) -> JsResult<Option<JsValue>> {
    let (engine, _, _) = LoaderState::current()?;
    let state = state(&engine);
    if let Some(util) = state.loaded.borrow().get("util") {
        return Ok(Some(util.clone()));
    }
    if is_cached(context, loader, main)? {
        return Ok(None);
    }
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
    let util = JsValue::from(util);
    state.loaded.borrow_mut().insert("util".to_owned(), util.clone());
    Ok(Some(util))
}

/// Runs util.js into its module made by [`util`] (or a new one, if the guest took that out of
/// `require.cache`), then completes it.
fn evaluate(util: &JsValue, _: &[JsValue], main: &JsString, context: &mut Context) -> JsResult<JsValue> {
    let (_, loader, bridge) = LoaderState::current()?;
    let path = PathBuf::from(main.to_std_string_escaped());
    let cached = loader.cache.get(main.clone(), context)?.as_object();
    let module = match cached {
        Some(module) if module.get(js_string!("exports"), context)? == *util => module,
        _ => cache_module(context, &loader, &path, None, util.as_object())?,
    };
    run_module(context, &loader, &module, &path)?;
    globals::complete_module(context, &bridge, "util", util)?;
    Ok(JsValue::undefined())
}
