//! Validated code newtypes: [`UnitOfMeasure`], [`CurrencyCode`] and [`Gtin`].
//!
//! Each is constructed with `parse`, serialises as a plain JSON string and
//! rejects malformed values on deserialisation with a [`ParseError`] message
//! that names the kind of code, the offending value and the expected shape.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest part of an offending value quoted in a [`ParseError`] message.
const MAX_QUOTED: usize = 40;

/// A value that does not have the shape of the code it was parsed as.
///
/// Displays as `invalid <what> "<value>": expected <shape>`, for example
/// `invalid currency code "eur": expected an ISO 4217 code of 3 uppercase
/// letters, e.g. "EUR"`. Very long values are shortened with `…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    what: &'static str,
    value: String,
    expected: &'static str,
}

impl ParseError {
    /// Builds an error for `value`, which should have been a `what` of shape
    /// `expected`.
    pub(crate) fn new(what: &'static str, value: &str, expected: &'static str) -> Self {
        let value = match value.char_indices().nth(MAX_QUOTED) {
            Some((cut, _)) => format!("{}…", &value[..cut]),
            None => value.to_owned(),
        };
        Self {
            what,
            value,
            expected,
        }
    }

    /// What kind of value was being parsed, e.g. `"unit of measure"`.
    pub fn what(&self) -> &'static str {
        self.what
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: expected {}",
            self.what, self.value, self.expected
        )
    }
}

impl std::error::Error for ParseError {}

/// The text of a short code, held inline: up to `N` bytes of a `str`. A code on every order
/// line (its unit, its GTIN) costs no allocation of its own, and an order of 16,000 lines has
/// that many fewer to free. Compares, orders, hashes and debug-prints as its text.
#[derive(Clone)]
pub struct Inline<const N: usize> {
    len: u8,
    bytes: [u8; N],
}

impl<const N: usize> Inline<N> {
    /// `text`, or `None` when it is longer than `N` bytes (the codes' `parse` relies on
    /// that for overlong input, before checking the shape).
    pub fn new(text: &str) -> Option<Self> {
        let mut bytes = [0u8; N];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(Self {
            len: u8::try_from(text.len()).ok()?,
            bytes,
        })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // The bytes of a whole `str`, so always UTF-8.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// The text's bytes, without the UTF-8 check of [`Inline::as_str`].
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    fn into_string(self) -> String {
        self.as_str().to_owned()
    }
}

impl<const N: usize> std::ops::Deref for Inline<N> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> PartialEq for Inline<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> Eq for Inline<N> {}

impl<const N: usize> PartialOrd for Inline<N> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for Inline<N> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<const N: usize> std::hash::Hash for Inline<N> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<const N: usize> fmt::Debug for Inline<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Implements the string plumbing shared by the code newtypes.
macro_rules! string_code {
    ($ty:ident, $name:literal, $pattern:literal, $description:literal) => {
        impl $ty {
            /// The code as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $ty {
            type Err = ParseError;

            fn from_str(s: &str) -> Result<Self, ParseError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = ParseError;

            fn try_from(s: &str) -> Result<Self, ParseError> {
                Self::parse(s)
            }
        }

        impl From<$ty> for String {
            fn from(code: $ty) -> String {
                code.0.into_string()
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn schema_id() -> Cow<'static, str> {
                concat!(module_path!(), "::", $name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "description": $description,
                    "type": "string",
                    "pattern": $pattern,
                })
            }
        }
    };
}

/// A unit of measure as a UN/ECE Recommendation 20 code, e.g. `EA`, `PCE`,
/// `C62`, `KGM`, `MTR`, `LTR`, `HUR`.
///
/// Shape: 1 to 3 uppercase ASCII letters or digits. [`UnitOfMeasure::parse`]
/// checks the shape only (not membership in the code list);
/// [`UnitOfMeasure::from_common`] also maps frequent informal units.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitOfMeasure(Inline<3>);

impl UnitOfMeasure {
    /// "Each", the most frequent unit (`EA`).
    pub fn each() -> Self {
        Self(Inline {
            len: 2,
            bytes: *b"EA\0",
        })
    }

    /// Parses a Rec 20 code; the text must already be 1–3 uppercase ASCII
    /// letters or digits.
    pub fn parse(code: &str) -> Result<Self, ParseError> {
        let ok = (1..=3).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        match Inline::new(code) {
            Some(code) if ok => Ok(Self(code)),
            _ => Err(ParseError::new(
                "unit of measure",
                code,
                "a UN/ECE Recommendation 20 code of 1 to 3 uppercase letters or digits, \
                 e.g. \"EA\", \"KGM\" or \"C62\"",
            )),
        }
    }

    /// Parses a unit as commonly written by partners: trims, uppercases and
    /// maps a few frequent non-Rec 20 units (`PCS`, `PC`, `ST` → `PCE`;
    /// `KG` → `KGM`; `M` → `MTR`; `L` → `LTR`) before [`parse`](Self::parse).
    pub fn from_common(unit: &str) -> Result<Self, ParseError> {
        // Upper-cased on the stack: no code is longer than 3 bytes, so a longer unit is an
        // error whatever its case.
        let trimmed = unit.trim().as_bytes();
        let mut buf = [0u8; 3];
        let upper = match buf.get_mut(..trimmed.len()) {
            Some(slot) => {
                slot.copy_from_slice(trimmed);
                slot.make_ascii_uppercase();
                std::str::from_utf8(slot).unwrap_or("?")
            }
            None => "?",
        };
        let code = match upper {
            "PCS" | "PC" | "ST" => "PCE",
            "KG" => "KGM",
            "M" => "MTR",
            "L" => "LTR",
            other => other,
        };
        Self::parse(code).map_err(|_| {
            ParseError::new(
                "unit of measure",
                unit,
                "a UN/ECE Recommendation 20 code of 1 to 3 letters or digits, \
                 e.g. \"EA\", \"KGM\" or \"C62\"",
            )
        })
    }
}

string_code!(
    UnitOfMeasure,
    "UnitOfMeasure",
    "^[A-Z0-9]{1,3}$",
    "Unit of measure as a UN/ECE Recommendation 20 code, e.g. \"EA\", \"PCE\", \"KGM\"."
);

/// An ISO 4217 currency code such as `EUR` or `USD`.
///
/// Shape: exactly 3 uppercase ASCII letters (membership in the ISO list is not
/// checked).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode(Inline<3>);

impl CurrencyCode {
    /// Parses a currency code of exactly 3 uppercase ASCII letters.
    pub fn parse(code: &str) -> Result<Self, ParseError> {
        match Inline::new(code) {
            Some(c) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                Ok(Self(c))
            }
            _ => Err(ParseError::new(
                "currency code",
                code,
                "an ISO 4217 code of 3 uppercase letters, e.g. \"EUR\"",
            )),
        }
    }
}

string_code!(
    CurrencyCode,
    "CurrencyCode",
    "^[A-Z]{3}$",
    "ISO 4217 currency code, e.g. \"EUR\"."
);

/// A GS1 Global Trade Item Number: 8, 12, 13 or 14 digits (GTIN-8, UPC-A,
/// EAN-13, GTIN-14).
///
/// [`Gtin::parse`] checks the shape; [`Gtin::has_valid_check_digit`] verifies
/// the GS1 mod-10 check digit, which partners sometimes get wrong, so it is
/// not enforced on input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gtin(Inline<14>);

impl Gtin {
    /// Parses a GTIN of 8, 12, 13 or 14 ASCII digits.
    pub fn parse(code: &str) -> Result<Self, ParseError> {
        match Inline::new(code) {
            Some(g)
                if matches!(code.len(), 8 | 12 | 13 | 14)
                    && code.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(Self(g))
            }
            _ => Err(ParseError::new("GTIN", code, "8, 12, 13 or 14 digits")),
        }
    }

    /// Whether the last digit is the correct GS1 mod-10 check digit.
    pub fn has_valid_check_digit(&self) -> bool {
        let digit = |b: &u8| u32::from(b.wrapping_sub(b'0'));
        let Some((check, body)) = self.0.as_bytes().split_last() else {
            return false;
        };
        let sum: u32 = body
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| if i % 2 == 0 { digit(d) * 3 } else { digit(d) })
            .sum();
        (10 - sum % 10) % 10 == digit(check)
    }
}

string_code!(
    Gtin,
    "Gtin",
    "^([0-9]{8}|[0-9]{12,14})$",
    "GS1 Global Trade Item Number of 8, 12, 13 or 14 digits."
);

#[cfg(test)]
mod tests;
