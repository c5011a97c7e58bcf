//! Decimal handling shared by every document: strict parsing, serde helpers
//! that read and write decimals as JSON strings, and the JSON Schema used for
//! them.
//!
//! The canonical JSON form of a decimal is a string of the shape
//! `^-?[0-9]+(\.[0-9]+)?$` (for example `"12.50"`). The scale is kept as
//! written, so `"1.10"` serialises back as `"1.10"`. JSON numbers, exponents,
//! leading `+` or `.` and surrounding whitespace are rejected, so a float can
//! never slip into an amount.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};

use crate::ids::ParseError;

/// The regular expression every canonical decimal string matches.
pub const PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// Parses a canonical decimal string such as `"12.50"` or `"-3"`, keeping its
/// scale.
///
/// Fails when the text does not match [`PATTERN`] or does not fit a
/// [`Decimal`] (at most 28 significant digits).
pub fn parse(text: &str) -> Result<Decimal, ParseError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((int_part, frac_part)) => (int_part, Some(frac_part)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !frac_part.is_none_or(all_digits) {
        return Err(ParseError::new(
            "decimal",
            text,
            "a decimal number written as a string such as \"12.50\" \
             (optional leading \"-\", digits, optional \".\" and digits)",
        ));
    }
    Decimal::from_str_exact(text).map_err(|_| {
        ParseError::new(
            "decimal",
            text,
            "a value that fits in 28 significant digits",
        )
    })
}

/// Serialises a [`Decimal`] as a JSON string keeping its scale.
///
/// For use with `#[serde(serialize_with = "…")]` or `#[serde(with = "…")]`.
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; TEXT_MAX];
    serializer.serialize_str(text(value, &mut buf))
}

/// Longest [`text`]: sign, 29 digits, point, leading `0`.
pub(crate) const TEXT_MAX: usize = 40;

/// `value` as its `Display` writes it (`-12.50`, `0.05`, `-0`): the sign when negative, the
/// mantissa's digits with the point `scale` digits from the right (a `0` before a leading
/// point). Written into `buf` without going through `fmt`, which the JSON serialiser would
/// otherwise drive piece by piece.
fn text<'b>(value: &Decimal, buf: &'b mut [u8; TEXT_MAX]) -> &'b str {
    std::str::from_utf8(text_bytes(value, buf)).unwrap_or("0")
}

/// [`text`] as bytes (ASCII: a sign, digits and a point), for writers that take bytes and
/// need no UTF-8 check.
pub(crate) fn text_bytes<'b>(value: &Decimal, buf: &'b mut [u8; TEXT_MAX]) -> &'b [u8] {
    let scale = value.scale() as usize;
    let mantissa = value.mantissa().unsigned_abs();
    let mut itoa = itoa::Buffer::new();
    let digits = match u64::try_from(mantissa) {
        Ok(m) => itoa.format(m),
        Err(_) => itoa.format(mantissa),
    }
    .as_bytes();
    // "0" has one digit; a mantissa of 0 with a scale prints like any other: "0.00".
    let digits = if mantissa == 0 { &b""[..] } else { digits };
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        if let Some(slot) = buf.get_mut(len..len + bytes.len()) {
            slot.copy_from_slice(bytes);
            len += bytes.len();
        }
    };
    if value.is_sign_negative() {
        put(b"-");
    }
    if digits.len() > scale {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        put(whole);
        if scale > 0 {
            put(b".");
            put(frac);
        }
    } else {
        // No whole digits: "0", then the point and the fraction padded with zeros on the left.
        put(b"0");
        if scale > 0 {
            put(b".");
            for _ in digits.len()..scale {
                put(b"0");
            }
            put(digits);
        }
    }
    buf.get(..len).unwrap_or(b"0")
}

/// Deserialises a [`Decimal`] from a JSON string (see [`parse`]); JSON numbers
/// are rejected.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_str(DecimalVisitor)
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number written as a JSON string, e.g. \"12.50\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).map_err(E::custom)
    }
}

/// Newtype used to deserialise an optional decimal through [`DecimalVisitor`].
struct StrDecimal(Decimal);

impl<'de> Deserialize<'de> for StrDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(StrDecimal)
    }
}

/// Serde helpers for `Option<Decimal>` fields: `None` is written as `null`
/// (normally skipped with `skip_serializing_if`), `null` reads as `None`.
pub mod option {
    use super::*;

    /// Serialises an optional [`Decimal`] as a JSON string or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Deserialises an optional [`Decimal`] from a JSON string or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        Option::<StrDecimal>::deserialize(deserializer).map(|v| v.map(|StrDecimal(d)| d))
    }
}

/// Schema stand-in for decimal fields: `{"type": "string", "pattern": …}`.
///
/// Used as `#[schemars(with = "crate::decimal::DecimalSchema")]` because the
/// schema schemars ships for `Decimal` also admits JSON numbers on input.
pub(crate) struct DecimalSchema;

impl JsonSchema for DecimalSchema {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": PATTERN,
        })
    }
}

#[cfg(test)]
mod tests;
