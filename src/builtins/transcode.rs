//! Buffer's string ⇄ bytes transcoding in native code, as Node does it.
//!
//! The npm `buffer` package transcodes in JavaScript, one byte per interpreted step: inside the
//! engine, `Buffer.from(base64, 'base64')` of the 5 MB wasm embedded in opencv.js took ~30 s of
//! a 38 s load. `js/buffer.js` routes the package's string paths (`Buffer.from(string)`,
//! `toString`, `Buffer.byteLength`) here; every other case stays the package's. The results
//! follow Node's Buffer (its lenient base64, hex that stops at the first bad pair, WHATWG UTF-8
//! replacement), checked against the host's Buffer in `__test__/buffer.spec.js`.

use boa_engine::object::builtins::{JsArrayBuffer, JsTypedArray, JsUint8Array};
use boa_engine::object::{JsObject, ObjectInitializer};
use boa_engine::string::JsStrVariant;
use boa_engine::{Context, JsResult, JsString, JsValue, NativeFunction, js_string};

/// An encoding Node's Buffer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Latin1,
    Ascii,
    Hex,
    Base64,
    Base64Url,
}

impl Encoding {
    /// Node's names, case-insensitively (`Buffer.isEncoding`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Self::Utf8,
            "ucs2" | "ucs-2" | "utf16le" | "utf-16le" => Self::Utf16Le,
            "latin1" | "binary" => Self::Latin1,
            "ascii" => Self::Ascii,
            "hex" => Self::Hex,
            "base64" => Self::Base64,
            "base64url" => Self::Base64Url,
            _ => return None,
        })
    }
}

/// The code units of a string, whichever way the engine stores it.
pub enum Units<'a> {
    Latin1(&'a [u8]),
    Utf16(&'a [u16]),
}

impl Units<'_> {
    fn len(&self) -> usize {
        match self {
            Units::Latin1(bytes) => bytes.len(),
            Units::Utf16(units) => units.len(),
        }
    }

    fn get(&self, index: usize) -> u16 {
        match self {
            Units::Latin1(bytes) => u16::from(bytes[index]),
            Units::Utf16(units) => units[index],
        }
    }

    fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// `Buffer.from(string, encoding)`.
pub fn decode(text: &Units<'_>, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => match text {
            Units::Latin1(bytes) => bytes.iter().map(|&b| char::from(b)).collect::<String>().into_bytes(),
            // Lone surrogates become U+FFFD, as V8's UTF-8 writer does.
            Units::Utf16(units) => String::from_utf16_lossy(units).into_bytes(),
        },
        Encoding::Utf16Le => text.iter().flat_map(u16::to_le_bytes).collect(),
        // Node keeps the low byte of each code unit for both.
        Encoding::Latin1 | Encoding::Ascii => text.iter().map(|unit| unit as u8).collect(),
        Encoding::Hex => decode_hex(text),
        Encoding::Base64 | Encoding::Base64Url => decode_base64(text),
    }
}

/// Pairs of hex digits up to the first pair that is not one (Node truncates there).
fn decode_hex(text: &Units<'_>) -> Vec<u8> {
    // Node reads each code unit's low byte (`static_cast<uint8_t>`), here as in base64.
    let digit = |unit: u16| char::from(unit as u8).to_digit(16);
    let mut bytes = Vec::with_capacity(text.len() / 2);
    for i in 0..text.len() / 2 {
        match (digit(text.get(2 * i)), digit(text.get(2 * i + 1))) {
            (Some(high), Some(low)) => bytes.push((high * 16 + low) as u8),
            _ => break,
        }
    }
    bytes
}

/// Node's lenient base64: both alphabets, anything else skipped, decoding stops at `=`; each
/// code unit counts by its low byte, as in Node (`'\u0141'` reads as `'A'`).
fn decode_base64(text: &Units<'_>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut group = 0u32;
    let mut count = 0;
    for unit in text.iter() {
        let byte = unit as u8;
        if byte == b'=' {
            break;
        }
        let Some(sextet) = sextet(byte) else { continue };
        group = group << 6 | u32::from(sextet);
        count += 1;
        if count == 4 {
            bytes.extend_from_slice(&group.to_be_bytes()[1..]);
            group = 0;
            count = 0;
        }
    }
    // A partial group of 2 or 3 characters still carries 1 or 2 whole bytes.
    match count {
        2 => bytes.push((group >> 4) as u8),
        3 => bytes.extend_from_slice(&((group >> 2) as u16).to_be_bytes()),
        _ => {}
    }
    bytes
}

fn sextet(byte: u8) -> Option<u8> {
    Some(match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    })
}

/// The string a `buf.toString(encoding)` gives, as Latin-1 bytes when it fits in them.
pub enum Text {
    Latin1(Vec<u8>),
    Utf16(Vec<u16>),
}

/// `buf.toString(encoding)`.
pub fn encode(bytes: &[u8], encoding: Encoding) -> Text {
    const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const BASE64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    match encoding {
        // Invalid sequences become U+FFFD by maximal subparts, as in V8 (and the WHATWG decoder).
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) if text.is_ascii() => Text::Latin1(bytes.to_vec()),
            _ => Text::Utf16(String::from_utf8_lossy(bytes).encode_utf16().collect()),
        },
        Encoding::Utf16Le => {
            Text::Utf16(bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect())
        }
        Encoding::Latin1 => Text::Latin1(bytes.to_vec()),
        Encoding::Ascii => Text::Latin1(bytes.iter().map(|b| b & 0x7f).collect()),
        Encoding::Hex => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            Text::Latin1(
                bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]).collect(),
            )
        }
        Encoding::Base64 => Text::Latin1(encode_base64(bytes, BASE64, true)),
        Encoding::Base64Url => Text::Latin1(encode_base64(bytes, BASE64_URL, false)),
    }
}

fn encode_base64(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (i, &b)| group | u32::from(b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[(group >> (18 - 6 * i) & 63) as usize]);
            } else if pad {
                out.push(b'=');
            }
        }
    }
    out
}

/// `Buffer.byteLength(string, encoding)`, by Node's rules (for base64 and hex, from the length
/// alone, without decoding).
pub fn byte_length(text: &Units<'_>, encoding: Encoding) -> usize {
    let len = text.len();
    match encoding {
        Encoding::Utf8 => match text {
            Units::Latin1(bytes) => bytes.len() + bytes.iter().filter(|&&b| b >= 0x80).count(),
            Units::Utf16(units) => char::decode_utf16(units.iter().copied()).map(|c| c.map_or(3, char::len_utf8)).sum(),
        },
        Encoding::Utf16Le => len * 2,
        Encoding::Latin1 | Encoding::Ascii => len,
        Encoding::Hex => len / 2,
        Encoding::Base64 | Encoding::Base64Url => {
            let mut n = len;
            for _ in 0..2 {
                if n > 1 && text.get(n - 1) == u16::from(b'=') {
                    n -= 1;
                }
            }
            n * 3 / 4
        }
    }
}

/// Gives the `buffer` package's exports native transcoding (`js/buffer.js`).
pub fn complete_buffer_module(context: &mut Context, exports: &JsValue) -> JsResult<()> {
    let complete = super::globals::evaluate_builtin(context, "buffer.js", include_str!("js/buffer.js"))?;
    let natives = natives(context);
    complete.call(&JsValue::undefined(), &[exports.clone(), natives.into()], context)?;
    Ok(())
}

/// The native half of `js/buffer.js`: `{ decode, encode, byteLength }`. Each answers
/// `undefined` for what it does not handle, and the package's own code takes over.
fn natives(context: &mut Context) -> JsObject {
    ObjectInitializer::new(context)
        .function(NativeFunction::from_fn_ptr(decode_fn), js_string!("decode"), 2)
        .function(NativeFunction::from_fn_ptr(encode_fn), js_string!("encode"), 4)
        .function(NativeFunction::from_fn_ptr(byte_length_fn), js_string!("byteLength"), 2)
        .build()
}

/// `Buffer.from`'s rule: an encoding that is not a non-empty string means UTF-8; an unknown
/// name is left to the package (which throws its `Unknown encoding`).
fn from_encoding(value: Option<&JsValue>) -> Option<Encoding> {
    match value.and_then(JsValue::as_string) {
        Some(name) if !name.is_empty() => Encoding::from_name(&name.to_std_string_escaped()),
        _ => Some(Encoding::Utf8),
    }
}

/// `Buffer.byteLength`'s rule: a missing or unknown encoding counts as UTF-8.
fn length_encoding(value: Option<&JsValue>) -> Option<Encoding> {
    match value {
        None => Some(Encoding::Utf8),
        Some(value) if value.is_undefined() => Some(Encoding::Utf8),
        Some(value) => {
            value.as_string().map(|name| Encoding::from_name(&name.to_std_string_escaped()).unwrap_or(Encoding::Utf8))
        }
    }
}

fn with_units<T>(string: &JsString, f: impl FnOnce(&Units<'_>) -> T) -> T {
    match string.as_str().variant() {
        JsStrVariant::Latin1(bytes) => f(&Units::Latin1(bytes)),
        JsStrVariant::Utf16(units) => f(&Units::Utf16(units)),
    }
}

/// `decode(string, encoding)` → a `Uint8Array` of the bytes.
fn decode_fn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let (Some(text), Some(encoding)) = (args.first().and_then(JsValue::as_string), from_encoding(args.get(1))) else {
        return Ok(JsValue::undefined());
    };
    let bytes = with_units(&text, |units| decode(units, encoding));
    let buffer = JsArrayBuffer::new(bytes.len(), context)?;
    if let Some(mut data) = buffer.data_mut() {
        data.copy_from_slice(&bytes);
    }
    Ok(JsUint8Array::from_array_buffer(buffer, context)?.into())
}

/// `encode(uint8Array, encoding, start, end)` → the string; `start..end` already clamped by
/// the caller. Any falsy encoding means UTF-8, as in the package's `toString`.
fn encode_fn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let encoding = match arg(1) {
        name if !name.to_boolean() => Some(Encoding::Utf8),
        name => name.as_string().and_then(|name| Encoding::from_name(&name.to_std_string_escaped())),
    };
    let Some(encoding) = encoding else { return Ok(JsValue::undefined()) };
    let Some(Uint8View { buffer: Some(buffer), offset, length, .. }) = uint8_view(args.first(), context)? else {
        return Ok(JsValue::undefined());
    };
    let (start, end) = (arg(2).to_length(context)? as usize, arg(3).to_length(context)? as usize);
    let text = {
        let Some(data) = buffer.data() else { return Ok(JsValue::undefined()) };
        let view = &data[offset..offset + length];
        encode(&view[start.min(length)..end.clamp(start.min(length), length)], encoding)
    };
    Ok(match text {
        Text::Latin1(bytes) => JsString::from(boa_engine::string::JsStr::latin1(&bytes)),
        Text::Utf16(units) => JsString::from(&units[..]),
    }
    .into())
}

/// `byteLength(string, encoding)` → a number.
fn byte_length_fn(_: &JsValue, args: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let (Some(text), Some(encoding)) = (args.first().and_then(JsValue::as_string), length_encoding(args.get(1))) else {
        return Ok(JsValue::undefined());
    };
    Ok(JsValue::from(with_units(&text, |units| byte_length(units, encoding)) as f64))
}

/// A `Uint8Array` argument, and where its bytes are: its buffer (`None` for a view of a
/// SharedArrayBuffer) and its byte range there.
struct Uint8View {
    array: JsTypedArray,
    buffer: Option<JsArrayBuffer>,
    offset: usize,
    length: usize,
}

fn uint8_view(value: Option<&JsValue>, context: &mut Context) -> JsResult<Option<Uint8View>> {
    let Some(array) = value
        .and_then(JsValue::as_object)
        .and_then(|o| JsTypedArray::from_object(o).ok())
        .filter(|array| array.kind() == Some(boa_engine::builtins::typed_array::TypedArrayKind::Uint8))
    else {
        return Ok(None);
    };
    let offset = array.byte_offset(context)?;
    let length = array.byte_length(context)?;
    let buffer = array.buffer(context)?.as_object().and_then(|b| JsArrayBuffer::from_object(b).ok());
    Ok(Some(Uint8View { array, buffer, offset, length }))
}

/// `TextEncoder.prototype.encodeInto(source, destination)`, which boa_runtime's encoder lacks
/// and wasm-bindgen's glue and xxhash-wasm call to write strings into wasm memory: UTF-8 of
/// `source` (a lone surrogate as U+FFFD) into the `Uint8Array` `destination`, as many whole code
/// points as fit; `{ read, written }`, `read` in UTF-16 code units.
pub fn install_encode_into(context: &mut Context) -> JsResult<()> {
    let encoder = context.global_object().get(js_string!("TextEncoder"), context)?;
    let Some(prototype) = encoder.as_object().map(|class| class.get(js_string!("prototype"), context)).transpose()?
    else {
        return Ok(());
    };
    let Some(prototype) = prototype.as_object() else { return Ok(()) };
    let function =
        boa_engine::object::FunctionObjectBuilder::new(context.realm(), NativeFunction::from_fn_ptr(encode_into_fn))
            .name(js_string!("encodeInto"))
            .length(2)
            .build();
    // As `encode`: a WebIDL operation (writable, enumerable, configurable).
    prototype.create_data_property_or_throw(js_string!("encodeInto"), function, context)?;
    Ok(())
}

fn encode_into_fn(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let source = args.first().cloned().unwrap_or_default().to_string(context)?;
    let view = uint8_view(args.get(1), context)?.ok_or_else(|| {
        boa_engine::JsNativeError::typ().with_message("The \"dest\" argument must be an instance of Uint8Array.")
    })?;
    let encoded = |room: &mut [u8]| with_units(&source, |units| encode_utf8_into(units, room));
    let (read, written) = match &view.buffer {
        Some(buffer) => match buffer.data_mut() {
            Some(mut data) => encoded(&mut data[view.offset..view.offset + view.length]),
            None => (0, 0),
        },
        // A SharedArrayBuffer's view: through a copy.
        None => {
            let mut room = vec![0u8; view.length];
            let (read, written) = encoded(&mut room);
            for (i, byte) in room[..written].iter().enumerate() {
                view.array.set(i, *byte, true, context)?;
            }
            (read, written)
        }
    };
    let result = ObjectInitializer::new(context)
        .property(js_string!("read"), read, boa_engine::property::Attribute::all())
        .property(js_string!("written"), written, boa_engine::property::Attribute::all())
        .build();
    Ok(result.into())
}

/// Writes the UTF-8 of `text` into `room`, whole code points only; (code units read, bytes
/// written).
fn encode_utf8_into(text: &Units<'_>, room: &mut [u8]) -> (usize, usize) {
    let (mut read, mut written) = (0, 0);
    for decoded in char::decode_utf16(text.iter()) {
        let (c, units) = match decoded {
            Ok(c) => (c, c.len_utf16()),
            Err(_) => (char::REPLACEMENT_CHARACTER, 1),
        };
        let size = c.len_utf8();
        if written + size > room.len() {
            break;
        }
        c.encode_utf8(&mut room[written..written + size]);
        read += units;
        written += size;
    }
    (read, written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(text: &str) -> Units<'_> {
        Units::Latin1(text.as_bytes())
    }

    #[test]
    fn base64_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            for encoding in [Encoding::Base64, Encoding::Base64Url] {
                let Text::Latin1(text) = encode(&bytes, encoding) else { panic!("base64 is Latin-1") };
                assert_eq!(decode(&Units::Latin1(&text), encoding), bytes);
            }
        }
    }

    #[test]
    fn base64_is_lenient_like_node() {
        // Whitespace and foreign characters are skipped, both alphabets accepted, `=` ends it.
        assert_eq!(decode(&latin1("aGVs\nbG8 *"), Encoding::Base64), b"hello");
        assert_eq!(decode(&latin1("-_-_"), Encoding::Base64), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode(&latin1("YQ==YQ=="), Encoding::Base64), b"a");
        assert_eq!(byte_length(&latin1("YQ=="), Encoding::Base64), 1);
    }

    #[test]
    fn hex_stops_at_the_first_bad_pair() {
        assert_eq!(decode(&latin1("aBz0ff"), Encoding::Hex), [0xab]);
        assert_eq!(decode(&latin1("abc"), Encoding::Hex), [0xab]);
    }

    #[test]
    fn utf8_replaces_like_v8() {
        let Text::Utf16(units) = encode(&[0x61, 0xf0, 0x9f, 0x62], Encoding::Utf8) else { panic!() };
        assert_eq!(String::from_utf16(&units).unwrap(), "a\u{fffd}b");
        let lone = [0xd800u16, 0x61];
        assert_eq!(decode(&Units::Utf16(&lone), Encoding::Utf8), [0xef, 0xbf, 0xbd, 0x61]);
        assert_eq!(byte_length(&Units::Utf16(&lone), Encoding::Utf8), 4);
    }
}
