//! Syntax detection: which wire format a byte buffer is in, from its first meaningful bytes.
//!
//! Detection looks at most at the first [`SNIFF_WINDOW`] bytes, skips a UTF-8 BOM and leading
//! whitespace, and never fails: unknown input is `None`.

use std::fmt;

/// How far into the input detection looks.
pub const SNIFF_WINDOW: usize = 4096;

/// A wire syntax b2bgate understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// cXML (root element `cXML`).
    Cxml,
    /// OASIS UBL 2.1 (root element in a `urn:oasis:names:specification:ubl:schema:xsd:` namespace).
    Ubl,
    /// Some other XML document.
    OtherXml,
    /// ANSI X12 (starts with `ISA`).
    X12,
    /// UN/EDIFACT (starts with `UNA`, `UNB`, or `UNH` for a message without an interchange).
    Edifact,
    /// Canonical JSON.
    Json,
}

impl Format {
    /// Stable lower-case name (archive column, API, logs).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cxml => "cxml",
            Self::Ubl => "ubl",
            Self::OtherXml => "xml",
            Self::X12 => "x12",
            Self::Edifact => "edifact",
            Self::Json => "json",
        }
    }

    /// The media type a document of this format is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Cxml | Self::Ubl | Self::OtherXml => "application/xml",
            Self::X12 => "application/edi-x12",
            Self::Edifact => "application/edifact",
            Self::Json => "application/json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Cxml => "cXML",
            Self::Ubl => "UBL",
            Self::OtherXml => "XML",
            Self::X12 => "X12",
            Self::Edifact => "EDIFACT",
            Self::Json => "JSON",
        };
        f.write_str(name)
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Detect the syntax of `input`. Never panics; `None` when nothing matches.
pub fn detect(input: &[u8]) -> Option<Format> {
    let window = &input[..input.len().min(SNIFF_WINDOW)];
    let body = window.strip_prefix(BOM).unwrap_or(window);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let body = &body[start..];
    match body.first()? {
        b'<' => Some(detect_xml(body)),
        b'{' => Some(Format::Json),
        _ if body.starts_with(b"ISA") => Some(Format::X12),
        // UNA declares its own separators; without it UNB/UNH use the default `+`.
        _ if body.starts_with(b"UNA") || body.starts_with(b"UNB+") || body.starts_with(b"UNH+") => {
            Some(Format::Edifact)
        }
        _ => None,
    }
}

/// Classify an XML document by its root element, skipping the prolog (declaration, comments,
/// processing instructions, DOCTYPE). A DOCTYPE naming a cXML DTD makes any root cXML (catalog
/// documents such as `Index`, `Contract` and `Supplier` are not wrapped in `<cXML>`).
fn detect_xml(body: &[u8]) -> Format {
    let mut rest = body;
    let mut cxml_doctype = false;
    loop {
        let Some(lt) = rest.iter().position(|&b| b == b'<') else {
            return Format::OtherXml;
        };
        rest = &rest[lt..];
        if rest.starts_with(b"<?") {
            rest = skip_past(rest, b"?>");
        } else if rest.starts_with(b"<!--") {
            rest = skip_past(rest, b"-->");
        } else if rest.starts_with(b"<!") {
            let after = skip_doctype(rest);
            let decl = &rest[..rest.len() - after.len()];
            cxml_doctype |= find(decl, b"cXML.dtd").is_some() || find(decl, b"/cXML/").is_some();
            rest = after;
        } else {
            let root = classify_root(&rest[1..]);
            return if root == Format::OtherXml && cxml_doctype {
                Format::Cxml
            } else {
                root
            };
        }
        if rest.is_empty() {
            return Format::OtherXml;
        }
    }
}

fn skip_past<'a>(hay: &'a [u8], needle: &[u8]) -> &'a [u8] {
    match find(hay, needle) {
        Some(i) => &hay[i + needle.len()..],
        None => &[],
    }
}

/// Skip `<!DOCTYPE …>` including an internal subset in brackets.
fn skip_doctype(hay: &[u8]) -> &[u8] {
    let mut depth = 0usize;
    for (i, &b) in hay.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return &hay[i + 1..],
            _ => {}
        }
    }
    &[]
}

fn classify_root(tag: &[u8]) -> Format {
    let name_end = tag
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    if local == b"cXML" {
        return Format::Cxml;
    }
    let tag_end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
    if find(
        &tag[..tag_end],
        b"urn:oasis:names:specification:ubl:schema:xsd:",
    )
    .is_some()
    {
        return Format::Ubl;
    }
    Format::OtherXml
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests;
