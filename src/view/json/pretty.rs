//! The JSON writer behind every `--json` document and the export: serde_json's
//! pretty layout byte for byte (two spaces a level, `": "` after a key, `[]` and
//! `{}` when empty), and the escaping that keeps a terminal safe.
//!
//! serde_json's own serializer looks at every byte of every string one at a
//! time and hands the formatter each piece separately; an export is mostly
//! short strings, so here a string is looked at eight bytes at a time and
//! written in one go, and each line break comes with its indent in one copy.
//! Numbers are written by serde_json's formatter, so they read exactly as
//! before.

use std::io::Write;

use serde::Serialize;
use serde::ser;
use serde_json::Error;
use serde_json::ser::{CompactFormatter, Formatter};

/// Once this much is gathered it goes on to the output.
const CHUNK: usize = 64 * 1024;

/// A comma, a line break and the indent of the deepest common level, so each
/// break is one copy.
const BREAK: [u8; 2 + 2 * 40] = {
    let mut bytes = [b' '; 2 + 2 * 40];
    bytes[0] = b',';
    bytes[1] = b'\n';
    bytes
};

/// What a byte in a string becomes: 0 as it is, `UU` a `\u00XX` escape, `C1`
/// the first byte of U+0080 to U+00BF (only U+0080 to U+009F are escaped), any
/// other the letter after a backslash.
const UU: u8 = b'u';
const C1: u8 = 1;
const ESCAPE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = UU;
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    // DEL, and the lead byte of the C1 controls in UTF-8.
    table[0x7f] = UU;
    table[0xc2] = C1;
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// True when one of the eight bytes may need escaping: below 0x20, a quote, a
/// backslash, or DEL and up (the rest of UTF-8 is then looked at byte by byte).
#[inline(always)]
fn needs_look(w: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let quote = has_zero(w ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(w ^ (ONES * u64::from(b'\\')));
    // The high bit, or the low seven bits all set (DEL; 0xff is not UTF-8).
    let high = (w | (w & !HIGH).wrapping_add(ONES)) & HIGH;
    control | quote | backslash | high != 0
}

/// True when no byte needs a look, eight at a time (the last eight, or two
/// overlapping fours, for what does not fill a word).
#[inline(always)]
fn plain(bytes: &[u8]) -> bool {
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(u64::MAX, u64::from_ne_bytes)
    };
    let half = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(u32::MAX, u32::from_ne_bytes)
    };
    let n = bytes.len();
    match n {
        0 => true,
        1..=3 => !needs_look(u64::from_ne_bytes([
            bytes[0],
            bytes[n / 2],
            bytes[n - 1],
            b' ',
            b' ',
            b' ',
            b' ',
            b' ',
        ])),
        4..=7 => !needs_look(u64::from(half(0)) | u64::from(half(n - 4)) << 32),
        _ => {
            let mut at = 0;
            while at + 8 <= n {
                if needs_look(word(at)) {
                    return false;
                }
                at += 8;
            }
            at == n || !needs_look(word(n - 8))
        }
    }
}

/// Pretty JSON into `bytes`, handed on to `out` (when there is one) a chunk at
/// a time.
pub struct Pretty<'o> {
    pub bytes: Vec<u8>,
    out: Option<&'o mut dyn Write>,
    depth: usize,
}

impl<'o> Pretty<'o> {
    /// Everything is kept in `bytes`.
    pub fn in_memory() -> Self {
        Pretty {
            bytes: Vec::with_capacity(4096),
            out: None,
            depth: 0,
        }
    }

    /// Written on to `out` as it goes; what is left at the end is in `bytes`.
    pub fn to(out: &'o mut dyn Write) -> Self {
        Pretty {
            bytes: Vec::with_capacity(CHUNK + 4096),
            out: Some(out),
            depth: 0,
        }
    }

    /// What is left goes on to the output.
    pub fn finish(mut self) -> std::io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            out.write_all(&self.bytes)?;
            self.bytes.clear();
        }
        Ok(())
    }

    /// After each element: pass on a full chunk.
    #[inline]
    fn spill(&mut self) -> Result<(), Error> {
        if self.bytes.len() >= CHUNK
            && let Some(out) = self.out.as_mut()
        {
            out.write_all(&self.bytes).map_err(Error::io)?;
            self.bytes.clear();
        }
        Ok(())
    }

    /// A line break (after a comma unless `first`) and the indent.
    #[inline(always)]
    fn line(&mut self, first: bool) {
        let start = usize::from(first);
        let end = 2 + 2 * self.depth;
        if end <= BREAK.len() {
            self.bytes.extend_from_slice(&BREAK[start..end]);
        } else {
            self.bytes.extend_from_slice(&BREAK[start..2]);
            for _ in 0..self.depth {
                self.bytes.extend_from_slice(b"  ");
            }
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.bytes.push(bracket);
    }

    /// The closing bracket, on a line of its own after any element.
    #[inline]
    fn close(&mut self, bracket: u8, any: bool) {
        self.depth -= 1;
        if any {
            self.line(true);
        }
        self.bytes.push(bracket);
    }

    /// `text` quoted. Besides what JSON itself escapes, DEL and the C1 controls
    /// (U+007F to U+009F) are escaped, so JSON printed to a terminal cannot
    /// drive it either.
    #[inline(always)]
    fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if plain(bytes) {
            let out = &mut self.bytes;
            out.reserve(bytes.len() + 2);
            out.push(b'"');
            out.extend_from_slice(bytes);
            out.push(b'"');
        } else {
            self.escaped(bytes);
        }
    }

    /// A string with something in it to escape, or text beyond ASCII.
    #[inline(never)]
    fn escaped(&mut self, bytes: &[u8]) {
        let out = &mut self.bytes;
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        let (mut i, mut run) = (0, 0);
        while i < bytes.len() {
            let escape = ESCAPE[usize::from(bytes[i])];
            if escape == 0 {
                i += 1;
                continue;
            }
            let (code, len) = match escape {
                C1 => match bytes.get(i + 1) {
                    Some(&next @ 0x80..=0x9f) => (next, 2),
                    _ => {
                        i += 1;
                        continue;
                    }
                },
                _ => (bytes[i], 1),
            };
            out.extend_from_slice(&bytes[run..i]);
            if escape == UU || escape == C1 {
                let (hi, lo) = (HEX[usize::from(code >> 4)], HEX[usize::from(code & 0xf)]);
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hi, lo]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
            i += len;
            run = i;
        }
        out.extend_from_slice(&bytes[run..]);
        out.push(b'"');
    }

    /// `name` quoted, then `": "`.
    #[inline(always)]
    fn key(&mut self, first: bool, name: &str) {
        self.line(first);
        self.string(name);
        self.bytes.extend_from_slice(b": ");
    }
}

/// An array or object being written; `variant` closes the `{ "Variant": ... }`
/// around it too.
pub struct Compound<'a, 'o> {
    ser: &'a mut Pretty<'o>,
    first: bool,
    variant: bool,
}

impl Compound<'_, '_> {
    fn end(self, bracket: u8) -> Result<(), Error> {
        self.ser.close(bracket, !self.first);
        if self.variant {
            self.ser.close(b'}', true);
        }
        Ok(())
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.line(self.first);
        self.first = false;
        value.serialize(&mut *self.ser)?;
        self.ser.spill()
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.ser.key(self.first, key);
        self.first = false;
        value.serialize(&mut *self.ser)?;
        self.ser.spill()
    }
}

macro_rules! numbers {
    ($($method:ident: $ty:ty => $write:ident,)*) => {
        $(
            #[inline]
            fn $method(self, value: $ty) -> Result<(), Error> {
                CompactFormatter.$write(&mut self.bytes, value).map_err(Error::io)
            }
        )*
    };
}

impl<'a, 'o> ser::Serializer for &'a mut Pretty<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    numbers! {
        serialize_i8: i8 => write_i8,
        serialize_i16: i16 => write_i16,
        serialize_i32: i32 => write_i32,
        serialize_i64: i64 => write_i64,
        serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8,
        serialize_u16: u16 => write_u16,
        serialize_u32: u32 => write_u32,
        serialize_u64: u64 => write_u64,
        serialize_u128: u128 => write_u128,
    }

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.bytes
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        CompactFormatter
            .write_f32(&mut self.bytes, value)
            .map_err(Error::io)
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        if !value.is_finite() {
            return self.serialize_unit();
        }
        CompactFormatter
            .write_f64(&mut self.bytes, value)
            .map_err(Error::io)
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    #[inline]
    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), Error> {
        ser::Serializer::collect_seq(self, value)
    }

    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        self.bytes.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open(b'{');
        self.key(true, variant);
        value.serialize(&mut *self)?;
        self.close(b'}', true);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        self.open(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.open(b'{');
        self.key(true, variant);
        self.open(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            variant: true,
        })
    }

    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        self.open(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            variant: false,
        })
    }

    #[inline]
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.open(b'{');
        self.key(true, variant);
        self.open(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            variant: true,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    #[inline]
    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']')
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']')
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.ser.line(self.first);
        self.first = false;
        key.serialize(Key(&mut *self.ser))?;
        self.ser.bytes.extend_from_slice(b": ");
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)?;
        self.ser.spill()
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    #[inline]
    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}')
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}')
    }
}

/// A map key: a string, or (quoted, as serde_json writes them) a number or a
/// bool.
struct Key<'a, 'o>(&'a mut Pretty<'o>);

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

macro_rules! quoted_numbers {
    ($($method:ident: $ty:ty => $write:ident,)*) => {
        $(
            fn $method(self, value: $ty) -> Result<(), Error> {
                let bytes = &mut self.0.bytes;
                bytes.push(b'"');
                CompactFormatter.$write(bytes, value).map_err(Error::io)?;
                bytes.push(b'"');
                Ok(())
            }
        )*
    };
}

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    quoted_numbers! {
        serialize_i8: i8 => write_i8,
        serialize_i16: i16 => write_i16,
        serialize_i32: i32 => write_i32,
        serialize_i64: i64 => write_i64,
        serialize_i128: i128 => write_i128,
        serialize_u8: u8 => write_u8,
        serialize_u16: u16 => write_u16,
        serialize_u32: u32 => write_u32,
        serialize_u64: u64 => write_u64,
        serialize_u128: u128 => write_u128,
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.0.string(value);
        Ok(())
    }

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.0.string(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        let bytes = &mut self.0.bytes;
        bytes.push(b'"');
        CompactFormatter
            .write_f32(bytes, value)
            .map_err(Error::io)?;
        bytes.push(b'"');
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        let bytes = &mut self.0.bytes;
        bytes.push(b'"');
        CompactFormatter
            .write_f64(bytes, value)
            .map_err(Error::io)?;
        bytes.push(b'"');
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.0.string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(value: &impl Serialize) -> String {
        let mut pretty = Pretty::in_memory();
        value.serialize(&mut pretty).unwrap();
        String::from_utf8(pretty.bytes).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, f64),
        Struct { a: bool, b: Option<char> },
    }

    #[derive(Serialize)]
    struct Inner<'a> {
        text: &'a str,
        n: u32,
    }

    #[derive(Serialize)]
    struct Outer<'a> {
        #[serde(flatten)]
        inner: Inner<'a>,
        empty: Vec<u8>,
        unit: (),
        tuple: (u8, &'a str),
    }

    #[test]
    fn the_layout_is_serde_json_pretty() {
        let value = serde_json::json!({
            "null": null, "t": true, "f": false, "n": [0, -1, 18446744073709551615u64,
            1.5, 1e300, -0.0, 0.1, 100.0], "s": "plain \"quoted\" back\\slash / tab\t nl\n",
            "nested": [[], {}, [[1]], {"a": {"b": []}}], "": "", "é": "ü"
        });
        assert_eq!(ours(&value), serde_json::to_string_pretty(&value).unwrap());
        let deep: serde_json::Value = (0..60).fold(
            serde_json::json!("x"),
            |v, _| serde_json::json!([v, { "k": 1 }]),
        );
        assert_eq!(ours(&deep), serde_json::to_string_pretty(&deep).unwrap());
        let shapes = vec![
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(-3, 2.25),
            Shape::Struct {
                a: true,
                b: Some('q'),
            },
            Shape::Struct { a: false, b: None },
        ];
        assert_eq!(
            ours(&shapes),
            serde_json::to_string_pretty(&shapes).unwrap()
        );
        let outer = Outer {
            inner: Inner { text: "a", n: 2 },
            empty: vec![],
            unit: (),
            tuple: (1, "b"),
        };
        assert_eq!(ours(&outer), serde_json::to_string_pretty(&outer).unwrap());
        let keys: std::collections::BTreeMap<i32, f32> = [(1, 0.5), (-2, f32::NAN)].into();
        assert_eq!(ours(&keys), serde_json::to_string_pretty(&keys).unwrap());
        assert_eq!(ours(&f64::INFINITY), "null");
    }

    #[test]
    fn strings_escape_as_serde_json_and_del_and_c1_too() {
        // Every ASCII byte and a range of code points, at each offset in a word.
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.extend(('\u{80}'..='\u{3ff}').chain(['\u{2028}', '\u{fffd}', '😀']));
        for skip in 0..9 {
            let s: String = text.chars().skip(skip).collect();
            let expected = serde_json::to_string(&s)
                .unwrap()
                .replace('\u{7f}', "\\u007f");
            let expected = (0x80..=0x9f).fold(expected, |e, c| {
                e.replace(char::from_u32(c).unwrap(), &format!("\\u{c:04x}"))
            });
            assert_eq!(ours(&s), expected);
        }
        // Each kind of byte at each place in strings short and long.
        for len in 1..=20 {
            for at in 0..len {
                for c in [
                    '\0', '\u{1f}', ' ', '"', '\\', '~', '\u{7f}', '\u{85}', '\u{a0}', 'é',
                ] {
                    let s: String = (0..len).map(|k| if k == at { c } else { 'a' }).collect();
                    let expected = serde_json::to_string(&s)
                        .unwrap()
                        .replace('\u{7f}', "\\u007f")
                        .replace('\u{85}', "\\u0085");
                    assert_eq!(ours(&s), expected, "{s:?}");
                }
            }
        }
        let long = "abcdefgh".repeat(5) + "\u{85}" + &"ijklmnop".repeat(3) + "\"";
        assert_eq!(
            ours(&long),
            format!(
                "\"{}\\u0085{}\\\"\"",
                "abcdefgh".repeat(5),
                "ijklmnop".repeat(3)
            )
        );
    }
}
