//! A minimal serde → pretty JSON serializer for golden files (the codec crate has no
//! `serde_json`). Output matches `serde_json::to_string_pretty` for the canonical documents:
//! two-space indentation, `"key": value`, empty arrays/objects as `[]` / `{}`.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `v` as a JSON value.
pub fn to_value<T: Serialize>(v: &T) -> Json {
    match v.serialize(ValueSer) {
        Ok(j) => j,
        Err(e) => panic!("serialisation failed: {e}"),
    }
}

/// A JSON value as pretty text (with a final new line).
pub fn pretty(j: &Json) -> String {
    let mut out = String::new();
    write(&mut out, j, 0);
    out.push('\n');
    out
}

fn write(out: &mut String, j: &Json, indent: usize) {
    match j {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => quote(out, s),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                pad(out, indent + 1);
                write(out, it, indent + 1);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(out, indent);
            out.push(']');
        }
        Json::Object(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Object(fields) => {
            out.push_str("{\n");
            for (i, (k, v)) in fields.iter().enumerate() {
                pad(out, indent + 1);
                quote(out, k);
                out.push_str(": ");
                write(out, v, indent + 1);
                if i + 1 < fields.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(out, indent);
            out.push('}');
        }
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("  ");
    }
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct ValueSer;

type R = Result<Json, Error>;

impl ser::Serializer for ValueSer {
    type Ok = Json;
    type Error = Error;
    type SerializeSeq = SeqSer;
    type SerializeTuple = SeqSer;
    type SerializeTupleStruct = SeqSer;
    type SerializeTupleVariant = VariantSer<SeqSer>;
    type SerializeMap = MapSer;
    type SerializeStruct = MapSer;
    type SerializeStructVariant = VariantSer<MapSer>;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Json::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_i16(self, v: i16) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_i32(self, v: i32) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_i64(self, v: i64) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_u8(self, v: u8) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_u16(self, v: u16) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_u32(self, v: u32) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_u64(self, v: u64) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_f64(self, v: f64) -> R {
        Ok(Json::Number(v.to_string()))
    }
    fn serialize_char(self, v: char) -> R {
        Ok(Json::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> R {
        Ok(Json::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        Ok(Json::Array(
            v.iter().map(|b| Json::Number(b.to_string())).collect(),
        ))
    }
    fn serialize_none(self) -> R {
        Ok(Json::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Json::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(Json::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        Ok(Json::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        Ok(Json::Object(vec![(
            variant.to_owned(),
            v.serialize(ValueSer)?,
        )]))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqSer, Error> {
        Ok(SeqSer(Vec::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<SeqSer, Error> {
        Ok(SeqSer(Vec::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<SeqSer, Error> {
        Ok(SeqSer(Vec::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<VariantSer<SeqSer>, Error> {
        Ok(VariantSer(variant, SeqSer(Vec::new())))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSer, Error> {
        Ok(MapSer(Vec::new(), None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapSer, Error> {
        Ok(MapSer(Vec::new(), None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<VariantSer<MapSer>, Error> {
        Ok(VariantSer(variant, MapSer(Vec::new(), None)))
    }
}

pub struct SeqSer(Vec<Json>);

impl ser::SerializeSeq for SeqSer {
    type Ok = Json;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.0.push(v.serialize(ValueSer)?);
        Ok(())
    }
    fn end(self) -> R {
        Ok(Json::Array(self.0))
    }
}

impl ser::SerializeTuple for SeqSer {
    type Ok = Json;
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqSer {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> R {
        ser::SerializeSeq::end(self)
    }
}

pub struct MapSer(Vec<(String, Json)>, Option<String>);

impl ser::SerializeMap for MapSer {
    type Ok = Json;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Error> {
        match k.serialize(ValueSer)? {
            Json::String(s) | Json::Number(s) => {
                self.1 = Some(s);
                Ok(())
            }
            other => Err(Error(format!("map key must be a string, got {other:?}"))),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        let k = self.1.take().unwrap_or_default();
        self.0.push((k, v.serialize(ValueSer)?));
        Ok(())
    }
    fn end(self) -> R {
        Ok(Json::Object(self.0))
    }
}

impl ser::SerializeStruct for MapSer {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.0.push((key.to_owned(), v.serialize(ValueSer)?));
        Ok(())
    }
    fn end(self) -> R {
        Ok(Json::Object(self.0))
    }
}

pub struct VariantSer<S>(&'static str, S);

impl ser::SerializeTupleVariant for VariantSer<SeqSer> {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(&mut self.1, v)
    }
    fn end(self) -> R {
        Ok(Json::Object(vec![(
            self.0.to_owned(),
            ser::SerializeSeq::end(self.1)?,
        )]))
    }
}

impl ser::SerializeStructVariant for VariantSer<MapSer> {
    type Ok = Json;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, v)
    }
    fn end(self) -> R {
        Ok(Json::Object(vec![(
            self.0.to_owned(),
            ser::SerializeStruct::end(self.1)?,
        )]))
    }
}
