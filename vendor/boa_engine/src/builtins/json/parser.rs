//! The JSON text parser behind `JSON.parse`.
//!
//! It reads the code units of the string directly and builds the values as it goes. It is
//! iterative: nesting depth is only limited by memory, as in V8, instead of by the native stack.

use super::JsonNode;
use crate::{
    Context, JsNativeError, JsObject, JsResult, JsString, JsValue, builtins::Array,
    builtins::OrdinaryObject, string::JsStr,
};

/// A container being parsed.
enum Frame {
    Array {
        items: Vec<JsValue>,
        nodes: Vec<JsonNode>,
    },
    Object {
        object: JsObject,
        /// The key of the value being parsed.
        key: JsString,
        entries: Vec<(String, JsonNode)>,
    },
}

/// Parses `text` as a JSON text. With `with_source`, also returns the tree of the source texts of
/// the values, for the `context` argument of a reviver.
pub(super) fn parse(
    text: JsStr<'_>,
    with_source: bool,
    context: &mut Context,
) -> JsResult<(JsValue, Option<JsonNode>)> {
    match text.variant() {
        crate::string::JsStrVariant::Latin1(text) => {
            JsonParser { text, pos: 0, with_source }.parse(context)
        }
        crate::string::JsStrVariant::Utf16(text) => {
            JsonParser { text, pos: 0, with_source }.parse(context)
        }
    }
}

/// Creates an empty ordinary object, with a shape shared with the other objects that get the same
/// properties, as object literals do.
fn new_object(context: &Context) -> JsObject {
    context
        .intrinsics()
        .templates()
        .ordinary_object()
        .create(OrdinaryObject, Vec::default())
}

/// A code unit of a Latin1 or UTF-16 string.
trait Unit: Copy {
    fn unit(self) -> u16;
    fn str(text: &[Self]) -> JsStr<'_>;
}

impl Unit for u8 {
    fn unit(self) -> u16 {
        u16::from(self)
    }
    fn str(text: &[Self]) -> JsStr<'_> {
        JsStr::latin1(text)
    }
}

impl Unit for u16 {
    fn unit(self) -> u16 {
        self
    }
    fn str(text: &[Self]) -> JsStr<'_> {
        JsStr::utf16(text)
    }
}

struct JsonParser<'a, T> {
    text: &'a [T],
    pos: usize,
    with_source: bool,
}

impl<T: Unit> JsonParser<'_, T> {
    fn parse(mut self, context: &mut Context) -> JsResult<(JsValue, Option<JsonNode>)> {
        let mut stack: Vec<Frame> = Vec::new();
        let result = 'value: loop {
            // A value starts here.
            self.skip_whitespace();
            let start = self.pos;
            let (mut value, mut node) = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        (new_object(context).into(), self.node(|| JsonNode::Object(Vec::new())))
                    } else {
                        let key = self.property_name(true)?;
                        stack.push(Frame::Object {
                            object: new_object(context),
                            key,
                            entries: Vec::new(),
                        });
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        let array = Array::create_array_from_list([], context);
                        (array.into(), self.node(|| JsonNode::Array(Vec::new())))
                    } else {
                        stack.push(Frame::Array {
                            items: Vec::new(),
                            nodes: Vec::new(),
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let string = self.string()?;
                    (string.into(), self.primitive_node(start))
                }
                Some(b'-' | b'0'..=b'9') => {
                    let number = self.number()?;
                    (number, self.primitive_node(start))
                }
                Some(b't') => {
                    self.literal("true")?;
                    (true.into(), self.primitive_node(start))
                }
                Some(b'f') => {
                    self.literal("false")?;
                    (false.into(), self.primitive_node(start))
                }
                Some(b'n') => {
                    self.literal("null")?;
                    (JsValue::null(), self.primitive_node(start))
                }
                _ => return Err(self.unexpected()),
            };

            // The value is complete: add it to its container, closing the containers that end
            // after it.
            loop {
                match stack.last_mut() {
                    None => break 'value (value, node),
                    Some(Frame::Array { items, nodes }) => {
                        items.push(value);
                        nodes.extend(node);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let Some(Frame::Array { items, nodes }) = stack.pop() else {
                                    unreachable!("the top frame is an array");
                                };
                                value = Array::create_array_from_list(items, context).into();
                                node = self.node(|| JsonNode::Array(nodes));
                            }
                            _ => {
                                return Err(self.error_at_pos(
                                    "Expected ',' or ']' after array element in JSON",
                                ));
                            }
                        }
                    }
                    Some(Frame::Object {
                        object,
                        key,
                        entries,
                    }) => {
                        if let Some(node) = node {
                            entries.push((key.to_std_string_escaped(), node));
                        }
                        object.create_data_property_or_throw(key.clone(), value, context)?;
                        self.skip_whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                *key = self.property_name(false)?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let Some(Frame::Object {
                                    object, entries, ..
                                }) = stack.pop()
                                else {
                                    unreachable!("the top frame is an object");
                                };
                                value = object.into();
                                node = self.node(|| JsonNode::Object(entries));
                            }
                            _ => {
                                return Err(self.error_at_pos(
                                    "Expected ',' or '}' after property value in JSON",
                                ));
                            }
                        }
                    }
                }
            }
        };

        self.skip_whitespace();
        if self.pos < self.text.len() {
            return Err(self.error_at_pos("Unexpected non-whitespace character after JSON"));
        }
        Ok(result)
    }

    fn peek(&self) -> Option<u8> {
        let unit = self.text.get(self.pos)?.unit();
        // Every character of the JSON grammar is ASCII; others are only allowed in strings.
        Some(u8::try_from(unit).unwrap_or(0xFF))
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn node(&self, node: impl FnOnce() -> JsonNode) -> Option<JsonNode> {
        self.with_source.then(node)
    }

    fn primitive_node(&self, start: usize) -> Option<JsonNode> {
        self.node(|| JsonNode::Primitive(T::str(&self.text[start..self.pos]).display_lossy().to_string()))
    }

    /// Parses `"name" :` after `{` (`first`) or `,` in an object.
    fn property_name(&mut self, first: bool) -> JsResult<JsString> {
        self.skip_whitespace();
        if self.peek() != Some(b'"') {
            return Err(self.error_at_pos(if first {
                "Expected property name or '}' in JSON"
            } else {
                "Expected double-quoted property name in JSON"
            }));
        }
        let key = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.error_at_pos("Expected ':' after property name in JSON"));
        }
        self.pos += 1;
        Ok(key)
    }

    fn literal(&mut self, literal: &str) -> JsResult<()> {
        for expected in literal.bytes() {
            if self.peek() != Some(expected) {
                return Err(self.unexpected());
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// Parses a string, at its opening quote.
    fn string(&mut self) -> JsResult<JsString> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: a string without escapes is a copy of the source.
        loop {
            match self.text.get(self.pos).map(|unit| unit.unit()) {
                None => return Err(self.unterminated_string()),
                Some(0x22) => {
                    let string = JsString::from(T::str(&self.text[start..self.pos]));
                    self.pos += 1;
                    return Ok(string);
                }
                Some(0x5C) => break,
                Some(unit) if unit < 0x20 => {
                    return Err(
                        self.error_at_pos("Bad control character in string literal in JSON")
                    );
                }
                Some(_) => self.pos += 1,
            }
        }

        let mut units: Vec<u16> = self.text[start..self.pos].iter().map(|u| u.unit()).collect();
        loop {
            match self.text.get(self.pos).map(|unit| unit.unit()) {
                None => return Err(self.unterminated_string()),
                Some(0x22) => {
                    self.pos += 1;
                    break;
                }
                Some(0x5C) => {
                    self.pos += 1;
                    let unit = match self.peek() {
                        Some(b'"') => 0x22,
                        Some(b'\\') => 0x5C,
                        Some(b'/') => 0x2F,
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0C,
                        Some(b'n') => 0x0A,
                        Some(b'r') => 0x0D,
                        Some(b't') => 0x09,
                        Some(b'u') => {
                            let mut unit = 0u16;
                            for i in 1..=4 {
                                let digit = self
                                    .text
                                    .get(self.pos + i)
                                    .and_then(|u| char::from_u32(u32::from(u.unit())))
                                    .and_then(|c| c.to_digit(16));
                                let Some(digit) = digit else {
                                    self.pos += i;
                                    return Err(self.error_at_pos(
                                        "Bad Unicode escape in JSON",
                                    ));
                                };
                                unit = unit * 16 + digit as u16;
                            }
                            self.pos += 4;
                            unit
                        }
                        None => return Err(self.unterminated_string()),
                        Some(_) => {
                            return Err(self.error_at_pos("Bad escaped character in JSON"));
                        }
                    };
                    self.pos += 1;
                    units.push(unit);
                }
                Some(unit) if unit < 0x20 => {
                    return Err(
                        self.error_at_pos("Bad control character in string literal in JSON")
                    );
                }
                Some(unit) => {
                    units.push(unit);
                    self.pos += 1;
                }
            }
        }
        if units.iter().all(|&unit| unit <= 0xFF) {
            #[allow(clippy::cast_possible_truncation)]
            let latin1: Vec<u8> = units.iter().map(|&unit| unit as u8).collect();
            Ok(JsString::from(JsStr::latin1(&latin1)))
        } else {
            Ok(JsString::from(&units[..]))
        }
    }

    /// Parses a number, at its first character.
    fn number(&mut self) -> JsResult<JsValue> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_at_pos("Unexpected number in JSON"));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.error_at_pos("No number after minus sign in JSON")),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_at_pos("Unterminated fractional number in JSON"));
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_at_pos("Exponent part is missing a number in JSON"));
            }
            self.skip_digits();
        }

        let text = &self.text[start..self.pos];
        // Small integers stay integers (but not `-0`).
        if integer && text.len() <= 10 {
            let digits = &text[usize::from(negative)..];
            let magnitude = digits
                .iter()
                .fold(0i64, |n, &d| n * 10 + i64::from(d.unit() - u16::from(b'0')));
            if magnitude != 0 || !negative {
                let n = if negative { -magnitude } else { magnitude };
                if let Ok(n) = i32::try_from(n) {
                    return Ok(n.into());
                }
            }
        }
        // The number is ASCII, so its code units are its bytes.
        let mut buffer = [0u8; 32];
        let owned: Vec<u8>;
        #[allow(clippy::cast_possible_truncation)]
        let bytes = if let Some(buffer) = buffer.get_mut(..text.len()) {
            for (byte, unit) in buffer.iter_mut().zip(text) {
                *byte = unit.unit() as u8;
            }
            &*buffer
        } else {
            owned = text.iter().map(|unit| unit.unit() as u8).collect();
            &owned[..]
        };
        let n: f64 = fast_float2::parse(bytes)
            .map_err(|_| self.error_at_pos("Unexpected number in JSON"))?;
        Ok(n.into())
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn unterminated_string(&self) -> crate::JsError {
        JsNativeError::syntax()
            .with_message(format!(
                "Unterminated string in JSON at position {}",
                self.pos
            ))
            .into()
    }

    fn error_at_pos(&self, message: &str) -> crate::JsError {
        JsNativeError::syntax()
            .with_message(format!("{message} at position {}", self.pos))
            .into()
    }

    /// The error for an unexpected character, with some context as V8 gives.
    fn unexpected(&self) -> crate::JsError {
        /// Characters shown on each side of the error.
        const CONTEXT: usize = 10;

        let Some(unit) = self.text.get(self.pos) else {
            return JsNativeError::syntax()
                .with_message("Unexpected end of JSON input")
                .into();
        };
        // The strings that common mistakes give (`JSON.parse(undefined)`, `JSON.parse({})`...).
        if self.pos == 0
            && ["undefined", "NaN", "Infinity", "[object Object]"]
                .iter()
                .any(|s| T::str(self.text) == *s)
        {
            return JsNativeError::syntax()
                .with_message(format!(
                    "\"{}\" is not valid JSON",
                    T::str(self.text).display_lossy()
                ))
                .into();
        }
        let token = char::from_u32(u32::from(unit.unit())).unwrap_or(char::REPLACEMENT_CHARACTER);
        let len = self.text.len();
        let snippet = |range: std::ops::Range<usize>| {
            T::str(&self.text[range]).display_lossy().to_string()
        };
        let source = if len <= CONTEXT * 2 {
            format!("\"{}\"", snippet(0..len))
        } else if self.pos < CONTEXT {
            format!("\"{}\"...", snippet(0..self.pos + CONTEXT))
        } else if self.pos + CONTEXT >= len {
            format!("...\"{}\"", snippet(self.pos - CONTEXT..len))
        } else {
            format!(
                "...\"{}\"...",
                snippet(self.pos - CONTEXT..self.pos + CONTEXT)
            )
        };
        JsNativeError::syntax()
            .with_message(format!(
                "Unexpected token '{token}', {source} is not valid JSON"
            ))
            .into()
    }
}
