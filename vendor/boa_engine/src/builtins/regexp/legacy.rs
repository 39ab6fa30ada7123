//! The legacy static properties of the `RegExp` constructor (`RegExp.$1`-`$9`,
//! `RegExp.lastMatch`, `RegExp.input`...), which report the last successful match of the realm.
//!
//! They are not part of ECMA-262, but every web browser and Node.js have them, real code reads
//! them (for example after `String.prototype.replace`) and they are specified by the
//! [legacy RegExp features proposal][proposal]. As in V8, every successful match of a regular
//! expression of the realm updates them, failed matches leave them unchanged, and their initial
//! values are empty strings.
//!
//! [proposal]: https://github.com/tc39/proposal-regexp-legacy-features

use std::ops::Range;

use boa_gc::{Finalize, Trace};

use crate::{
    Context, JsArgs, JsResult, JsString, JsValue,
    builtins::{BuiltInBuilder, builder::BuiltInConstructorWithPrototype},
    js_string,
    property::Attribute,
    realm::Realm,
};

/// The last successful match of a realm, read by the legacy static properties of `RegExp`.
#[derive(Debug, Default, Trace, Finalize)]
// Safety: only strings and ranges, nothing to trace.
#[boa_gc(unsafe_empty_trace)]
pub(crate) struct LegacyRegExpStatics {
    /// `RegExp.input` / `RegExp.$_`: the matched string, or the value last assigned to it.
    input: JsString,
    /// The string the ranges below index.
    subject: JsString,
    /// The range of the whole match in `subject`.
    last_match: Range<usize>,
    /// The ranges of the first nine capture groups, `None` if missing or unmatched.
    parens: [Option<Range<usize>>; 9],
    /// The range of the last capture group.
    last_paren: Option<Range<usize>>,
}

impl LegacyRegExpStatics {
    /// `UpdateLegacyRegExpStaticProperties ( C, S, startIndex, endIndex, capturedValues )`
    pub(crate) fn update(&mut self, subject: &JsString, m: &regress::Match) {
        self.input = subject.clone();
        self.subject = subject.clone();
        self.last_match = m.range();
        let n = m.captures.len();
        for (i, paren) in self.parens.iter_mut().enumerate() {
            *paren = if i < n { m.group(i + 1) } else { None };
        }
        self.last_paren = if n == 0 { None } else { m.group(n) };
    }

    fn substring(&self, range: Option<Range<usize>>) -> JsString {
        range
            .and_then(|range| self.subject.get(range))
            .unwrap_or_default()
    }
}

/// Slot numbers of the getters: 1 to 9 are `$1` to `$9`.
const INPUT: u8 = 0;
const LAST_MATCH: u8 = 10;
const LAST_PAREN: u8 = 11;
const LEFT_CONTEXT: u8 = 12;
const RIGHT_CONTEXT: u8 = 13;

/// `GetLegacyRegExpStaticProperty ( C, thisValue, internalSlotName )`
#[allow(clippy::unnecessary_wraps)]
fn get<const SLOT: u8>(_: &JsValue, _: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    // NOTE: V8 does not check that `this` is %RegExp%, nor does it invalidate the properties
    // after a match of a subclass instance; neither do we.
    let statics = context.realm().legacy_regexp_statics().borrow();
    let value = match SLOT {
        INPUT => statics.input.clone(),
        LAST_MATCH => statics.substring(Some(statics.last_match.clone())),
        LAST_PAREN => statics.substring(statics.last_paren.clone()),
        LEFT_CONTEXT => statics.substring(Some(0..statics.last_match.start)),
        RIGHT_CONTEXT => statics.substring(Some(statics.last_match.end..statics.subject.len())),
        n => statics.substring(statics.parens[usize::from(n - 1)].clone()),
    };
    Ok(value.into())
}

/// `SetLegacyRegExpStaticProperty ( C, thisValue, internalSlotName, val )` for `input` and `$_`.
fn set_input(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let input = args.get_or_undefined(0).to_string(context)?;
    context.realm().legacy_regexp_statics().borrow_mut().input = input;
    Ok(JsValue::undefined())
}

/// The other properties ignore assignments, as in V8.
#[allow(clippy::unnecessary_wraps)]
fn set_nothing(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    Ok(JsValue::undefined())
}

/// The number of constructor storage slots [`define_accessors`] uses.
pub(super) const STORAGE_SLOTS: usize = 21 * 2;

/// Defines the legacy static accessors on the `RegExp` constructor.
pub(super) fn define_accessors<'a>(
    mut regexp: BuiltInConstructorWithPrototype<'a>,
    realm: &'a Realm,
) -> BuiltInConstructorWithPrototype<'a> {
    let properties: [(&[&str], crate::native_function::NativeFunctionPointer, bool); 14] = [
        (&["input", "$_"], get::<INPUT>, true),
        (&["lastMatch", "$&"], get::<LAST_MATCH>, false),
        (&["lastParen", "$+"], get::<LAST_PAREN>, false),
        (&["leftContext", "$`"], get::<LEFT_CONTEXT>, false),
        (&["rightContext", "$'"], get::<RIGHT_CONTEXT>, false),
        (&["$1"], get::<1>, false),
        (&["$2"], get::<2>, false),
        (&["$3"], get::<3>, false),
        (&["$4"], get::<4>, false),
        (&["$5"], get::<5>, false),
        (&["$6"], get::<6>, false),
        (&["$7"], get::<7>, false),
        (&["$8"], get::<8>, false),
        (&["$9"], get::<9>, false),
    ];
    for (names, getter, settable) in properties {
        for &name in names {
            let get = BuiltInBuilder::callable(realm, getter)
                .name(js_string!(format!("get {name}")))
                .build();
            let set = BuiltInBuilder::callable(realm, if settable { set_input } else { set_nothing })
                .name(js_string!(format!("set {name}")))
                .length(1)
                .build();
            regexp = regexp.static_accessor(
                js_string!(name),
                Some(get),
                Some(set),
                Attribute::CONFIGURABLE,
            );
        }
    }
    regexp
}
