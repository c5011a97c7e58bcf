//! `multipart/related` bodies (RFC 2046 §5.1, RFC 2387): how a cXML document travels with its
//! attachments.
//!
//! A cXML `OrderRequest` with attachments arrives as
//! `Content-Type: multipart/related; boundary=…; type="text/xml"; start="<…>"`. The root part
//! (the one whose `Content-ID` is `start`, else the first) holds the cXML document; each
//! `Comments/Attachment/URL` in it is a `cid:` URL naming the `Content-ID` of another part
//! (cXML User's Guide, "Attachments"; RFC 2392). [`parse_multipart`] splits such a body,
//! [`Multipart::attachment`] finds the part a `cid:` URL points to.
//!
//! # Leniency and limits
//! - The boundary may be quoted; lines may end in CRLF or LF; the preamble and epilogue are
//!   ignored; a body without its closing delimiter keeps the parts there are (the last one runs
//!   to the end). Only a body without any part is an error.
//! - Header names are case-insensitive; folded header lines are unfolded; bytes that are not
//!   UTF-8 in a header are replaced (U+FFFD).
//! - Bodies are decoded: `base64` (whitespace ignored; anything else that is not base64 is an
//!   error naming the part) and `quoted-printable` (malformed escapes are kept literally);
//!   `7bit`, `8bit`, `binary` and unknown encodings are kept as they are.
//! - At most [`MAX_PARTS`] parts (more is an error) and [`MAX_HEADER_LINES`] header lines per part
//!   (more are ignored). Every step is linear in the input; nothing panics.

use std::borrow::Cow;

/// Most parts a multipart body may have.
pub const MAX_PARTS: usize = 100;

/// Most header lines read per part; further header lines are skipped.
pub const MAX_HEADER_LINES: usize = 100;

/// Why a body could not be split into parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MimeError {
    /// The content type is not `multipart/*`.
    #[error("content type {content_type:?} is not multipart")]
    NotMultipart {
        /// The content type as given (at most 100 characters).
        content_type: String,
    },
    /// The multipart content type has no (or an empty) `boundary` parameter.
    #[error("the multipart content type has no boundary parameter")]
    NoBoundary,
    /// No delimiter line with the boundary was found: the body holds no part.
    #[error("the body contains no part delimited by the boundary {boundary:?}")]
    NoParts {
        /// The boundary looked for (at most 100 characters).
        boundary: String,
    },
    /// More than [`MAX_PARTS`] parts.
    #[error("the body has more than {max} parts")]
    TooManyParts {
        /// The limit.
        max: usize,
    },
    /// A part declared `Content-Transfer-Encoding: base64` is not valid base64.
    #[error("part {part} is not valid base64: {reason}")]
    BadBase64 {
        /// 1-based position of the part in the body.
        part: usize,
        /// What is wrong.
        reason: String,
    },
}

/// A multipart body split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    /// The root part: the one whose `Content-ID` is the `start` parameter, else the first.
    pub root: Part,
    /// The other parts, in body order.
    pub others: Vec<Part>,
}

impl Multipart {
    /// The part a `cid:` URL points to (RFC 2392: `cid:` is optional here and matched
    /// case-insensitively, the rest is percent-decoded, surrounding `<>` are ignored), or a part
    /// whose `Content-ID` is exactly `url`. The root is searched too.
    pub fn attachment(&self, url: &str) -> Option<&Part> {
        let url = url.trim();
        let id = match url.get(..4) {
            Some(scheme) if scheme.eq_ignore_ascii_case("cid:") => url.get(4..).unwrap_or_default(),
            _ => url,
        };
        let decoded = percent_decode(id);
        let wanted = strip_angle(&decoded);
        self.parts()
            .find(|p| p.content_id.as_deref() == Some(wanted))
            .or_else(|| {
                let raw = strip_angle(id);
                self.parts().find(|p| p.content_id.as_deref() == Some(raw))
            })
    }

    /// The root, then the other parts.
    pub fn parts(&self) -> impl Iterator<Item = &Part> {
        std::iter::once(&self.root).chain(self.others.iter())
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// Header fields in order, names as written, values unfolded and trimmed.
    pub headers: Vec<(String, String)>,
    /// The `Content-Type` value (trimmed, parameters included), if any.
    pub content_type: Option<String>,
    /// The `Content-ID`, without the surrounding `<>`.
    pub content_id: Option<String>,
    /// The `filename` (or `filename*`) parameter of `Content-Disposition`, else the `name`
    /// parameter of `Content-Type`.
    pub filename: Option<String>,
    /// The body, transfer encoding decoded.
    pub body: Vec<u8>,
}

impl Part {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `content_type` without parameters, lower-case (`text/xml`).
    pub fn media_type(&self) -> Option<String> {
        self.content_type
            .as_deref()
            .map(|c| media_type(c).into_owned())
            .filter(|m| !m.is_empty())
    }
}

/// Whether `content_type` is a `multipart/*` type (case-insensitive).
pub fn is_multipart(content_type: &str) -> bool {
    media_type(content_type).starts_with("multipart/")
}

/// Split a `multipart/*` `body` by the boundary of `content_type` (the HTTP `Content-Type`
/// header value). See the module docs for the rules.
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Result<Multipart, MimeError> {
    if !is_multipart(content_type) {
        return Err(MimeError::NotMultipart {
            content_type: shorten(content_type),
        });
    }
    let params = parameters(content_type);
    let boundary = param(&params, "boundary")
        .filter(|b| !b.is_empty())
        .ok_or(MimeError::NoBoundary)?;
    let raw_parts = split(body, boundary.as_bytes())?;
    if raw_parts.is_empty() {
        return Err(MimeError::NoParts {
            boundary: shorten(boundary),
        });
    }
    let mut parts = Vec::with_capacity(raw_parts.len());
    for (i, raw) in raw_parts.into_iter().enumerate() {
        parts.push(part(raw, i + 1)?);
    }
    let root_at = param(&params, "start")
        .map(|s| strip_angle(s.trim()).to_owned())
        .and_then(|start| {
            parts
                .iter()
                .position(|p| p.content_id.as_deref() == Some(start.as_str()))
        })
        .unwrap_or(0);
    if root_at >= parts.len() {
        // Unreachable (parts is not empty), but never panic.
        return Err(MimeError::NoParts {
            boundary: shorten(boundary),
        });
    }
    let root = parts.remove(root_at);
    Ok(Multipart {
        root,
        others: parts,
    })
}

/// The raw parts between delimiter lines (`--boundary`), up to the close delimiter
/// (`--boundary--`) or the end of the body.
fn split<'a>(body: &'a [u8], boundary: &[u8]) -> Result<Vec<&'a [u8]>, MimeError> {
    let mut delimiter = Vec::with_capacity(boundary.len() + 2);
    delimiter.extend_from_slice(b"--");
    delimiter.extend_from_slice(boundary);
    let mut parts = Vec::new();
    let mut open: Option<usize> = None;
    let mut pos = 0;
    while pos < body.len() {
        let rest = body.get(pos..).unwrap_or_default();
        let (line_len, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(n) => (n, pos + n + 1),
            None => (rest.len(), body.len()),
        };
        let line = rest.get(..line_len).unwrap_or_default();
        if let Some(close) = delimiter_line(line, &delimiter) {
            if let Some(start) = open.take() {
                // The line break before a delimiter belongs to the delimiter.
                let mut end = pos;
                if end > start && body.get(end - 1) == Some(&b'\n') {
                    end -= 1;
                    if end > start && body.get(end - 1) == Some(&b'\r') {
                        end -= 1;
                    }
                }
                parts.push(body.get(start..end).unwrap_or_default());
                if parts.len() > MAX_PARTS {
                    return Err(MimeError::TooManyParts { max: MAX_PARTS });
                }
            }
            if close {
                return Ok(parts);
            }
            open = Some(next);
        }
        pos = next;
    }
    if let Some(start) = open {
        // No close delimiter: the last part runs to the end.
        parts.push(body.get(start..).unwrap_or_default());
        if parts.len() > MAX_PARTS {
            return Err(MimeError::TooManyParts { max: MAX_PARTS });
        }
    }
    Ok(parts)
}

/// `Some(false)` for a delimiter line, `Some(true)` for the close delimiter, `None` otherwise.
/// Trailing whitespace (transport padding, the CR of CRLF) is allowed.
fn delimiter_line(line: &[u8], delimiter: &[u8]) -> Option<bool> {
    let rest = line.strip_prefix(delimiter)?;
    let (close, rest) = match rest.strip_prefix(b"--") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    rest.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r'))
        .then_some(close)
}

/// Headers and decoded body of the raw part at 1-based position `n`.
fn part(raw: &[u8], n: usize) -> Result<Part, MimeError> {
    let (head, body) = split_head(raw);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut continues = false;
    for line in head.split(|&b| b == b'\n').take(MAX_HEADER_LINES) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = String::from_utf8_lossy(line);
        if line.first().is_some_and(|b| matches!(b, b' ' | b'\t')) {
            if continues {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
            }
            continue;
        }
        continues = false;
        if let Some((name, value)) = text.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && !name.contains(char::is_whitespace) {
                headers.push((name.to_owned(), value.trim().to_owned()));
                continues = true;
            }
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let content_type = find("Content-Type").filter(|c| !c.is_empty());
    let content_id = find("Content-ID")
        .map(|c| strip_angle(c.trim()).to_owned())
        .filter(|c| !c.is_empty());
    let filename = find("Content-Disposition")
        .and_then(|d| filename_param(&parameters(&d)))
        .or_else(|| {
            content_type
                .as_deref()
                .and_then(|c| param(&parameters(c), "name").map(str::to_owned))
        })
        .filter(|f| !f.is_empty());
    let encoding = find("Content-Transfer-Encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let body = match encoding.as_str() {
        "base64" => {
            decode_base64(body).map_err(|reason| MimeError::BadBase64 { part: n, reason })?
        }
        "quoted-printable" => decode_quoted_printable(body),
        _ => body.to_vec(),
    };
    Ok(Part {
        headers,
        content_type,
        content_id,
        filename,
        body,
    })
}

/// Split a raw part at its first empty line. A part with no empty line is all headers when its
/// first line looks like one, else all body.
fn split_head(raw: &[u8]) -> (&[u8], &[u8]) {
    let mut pos = 0;
    while pos <= raw.len() {
        let rest = raw.get(pos..).unwrap_or_default();
        let (line_len, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(n) => (n, pos + n + 1),
            None => (rest.len(), raw.len() + 1),
        };
        let line = rest.get(..line_len).unwrap_or_default();
        if line.is_empty() || line == b"\r" {
            if next > raw.len() {
                break;
            }
            return (
                raw.get(..pos).unwrap_or_default(),
                raw.get(next..).unwrap_or_default(),
            );
        }
        pos = next;
    }
    let first = raw.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.contains(&b':') {
        (raw, &[])
    } else {
        (&[], raw)
    }
}

/// The media type of a content-type value, lower-case, without parameters.
fn media_type(content_type: &str) -> Cow<'_, str> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(essence.to_ascii_lowercase())
    } else {
        Cow::Borrowed(essence)
    }
}

/// The `name=value` parameters after the first `;` of a header value; names lower-case,
/// quoted-string values unquoted (backslash escapes resolved).
fn parameters(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some((_, rest)) = value.split_once(';') else {
        return out;
    };
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ';').is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && *c != ';') {
            name.push(c);
        }
        if chars.next_if_eq(&'=').is_none() {
            continue;
        }
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut v = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => v.extend(chars.next()),
                    '"' => break,
                    c => v.push(c),
                }
            }
            while chars.next_if(|c| *c != ';').is_some() {}
        } else {
            while let Some(c) = chars.next_if(|c| *c != ';') {
                v.push(c);
            }
            v = v.trim().to_owned();
        }
        out.push((name.trim().to_ascii_lowercase(), v));
    }
    out
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `filename`, or the RFC 2231 `filename*=charset'lang'percent-encoded` form.
fn filename_param(params: &[(String, String)]) -> Option<String> {
    if let Some(f) = param(params, "filename") {
        return Some(f.to_owned());
    }
    let ext = param(params, "filename*")?;
    let mut it = ext.splitn(3, '\'');
    let (first, second, third) = (it.next(), it.next(), it.next());
    let encoded = match (second, third) {
        (Some(_), Some(t)) => t,
        _ => first.unwrap_or_default(),
    };
    Some(percent_decode(encoded).into_owned())
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&h| hex(h)),
                bytes.get(i + 2).and_then(|&l| hex(l)),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn strip_angle(s: &str) -> &str {
    let s = s.trim();
    let s = s.strip_prefix('<').unwrap_or(s);
    s.strip_suffix('>').unwrap_or(s)
}

fn shorten(s: &str) -> String {
    s.chars().take(100).collect()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Standard base64 (RFC 4648 alphabet) with whitespace ignored and padding optional.
fn decode_base64(input: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut n = 0u8;
    let mut padded = false;
    for (i, &b) in input.iter().enumerate() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padded = true;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err(format!("byte 0x{b:02X} at offset {i} is not base64")),
        };
        if padded {
            return Err(format!("data after the padding at offset {i}"));
        }
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            out.extend_from_slice(&acc.to_be_bytes()[1..]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        2 => out.push((acc >> 4) as u8),
        3 => {
            out.push((acc >> 10) as u8);
            out.push((acc >> 2) as u8);
        }
        _ => return Err("the data ends in the middle of a byte".to_owned()),
    }
    Ok(out)
}

/// Quoted-printable (RFC 2045 §6.7): `=XX` escapes and `=` soft line breaks (trailing
/// whitespace before the line break allowed); a malformed `=` is kept as it is.
fn decode_quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        if b == b'=' {
            if let (Some(h), Some(l)) = (
                input.get(i + 1).and_then(|&h| hex(h)),
                input.get(i + 2).and_then(|&l| hex(l)),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            let mut j = i + 1;
            while input.get(j).is_some_and(|b| matches!(b, b' ' | b'\t')) {
                j += 1;
            }
            match (input.get(j), input.get(j + 1)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i = j + 2;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i = j + 1;
                    continue;
                }
                (None, _) => {
                    i = j;
                    continue;
                }
                _ => {}
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
