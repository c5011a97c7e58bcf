//! Codec errors and issues.
//!
//! A [`CodecError`] means "no document could be read at all" (wrong syntax, empty input). Anything
//! less is an [`Issue`] collected beside the document: the reader goes on and the acknowledgement
//! says exactly what was wrong and where. Both say *whose* fault it is implicitly: everything here
//! is about the partner's bytes; our own bugs never surface as codec errors.

use std::fmt;

use crate::Format;

/// Where in the input something was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// Byte offset from the start of the input.
    pub offset: Option<usize>,
    /// Segment tag (X12/EDIFACT), e.g. `PO1`.
    pub segment: Option<String>,
    /// 1-based segment position within its transaction set / message.
    pub segment_position: Option<usize>,
    /// 1-based element position within the segment.
    pub element: Option<usize>,
    /// 1-based component position within the element.
    pub component: Option<usize>,
    /// XML path (cXML/UBL), e.g. `/cXML/Request/OrderRequest/ItemOut[2]`.
    pub path: Option<String>,
}

impl Location {
    /// A location that is just a byte offset.
    pub fn at_offset(offset: usize) -> Self {
        Self {
            offset: Some(offset),
            ..Self::default()
        }
    }

    /// A location that is just an XML path.
    pub fn at_path(path: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            ..Self::default()
        }
    }
}

impl fmt::Display for Location {
    /// `path, SEGee-c, segment p, byte o`, each part only when known (`document` when none
    /// is), written straight to the formatter: a file can have tens of thousands of issues.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| {
            let s = if first { "" } else { ", " };
            first = false;
            f.write_str(s)
        };
        if let Some(path) = &self.path {
            sep(f)?;
            f.write_str(path)?;
        }
        if let Some(seg) = &self.segment {
            sep(f)?;
            f.write_str(seg)?;
            if let Some(e) = self.element {
                write!(f, "{e:02}")?;
                if let Some(c) = self.component {
                    write!(f, "-{c}")?;
                }
            }
        }
        if let Some(p) = self.segment_position {
            sep(f)?;
            write!(f, "segment {p}")?;
        }
        if let Some(o) = self.offset {
            sep(f)?;
            write!(f, "byte {o}")?;
        }
        if first {
            f.write_str("document")?;
        }
        Ok(())
    }
}

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Accepted as is; worth telling someone.
    Warning,
    /// The document (or group/interchange) is rejected.
    Error,
}

/// One problem found while reading, with where it was and a standard code for the ack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Warning or error.
    pub severity: Severity,
    /// Where it was found.
    pub location: Location,
    /// Machine code for acknowledgements (an X12 AK4/IK4 code, an EDIFACT 0085 code, a cXML
    /// status code…), when the syntax has one.
    pub code: Option<String>,
    /// Human message, capitalised, no trailing period.
    pub message: String,
}

impl Issue {
    /// An error issue.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location,
            code: None,
            message: message.into(),
        }
    }

    /// A warning issue.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            location,
            code: None,
            message: message.into(),
        }
    }

    /// Attach a standard code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }
}

impl Location {
    /// Appends what [`Location`]'s `Display` writes, without the formatting machinery (a file
    /// can have tens of thousands of issues; `translate` writes each on a line).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let mut first = true;
        let mut sep = |out: &mut Vec<u8>| {
            if !first {
                out.extend_from_slice(b", ");
            }
            first = false;
        };
        let mut num = itoa::Buffer::new();
        if let Some(path) = &self.path {
            sep(out);
            out.extend_from_slice(path.as_bytes());
        }
        if let Some(seg) = &self.segment {
            sep(out);
            out.extend_from_slice(seg.as_bytes());
            if let Some(e) = self.element {
                if e < 10 {
                    out.push(b'0');
                }
                out.extend_from_slice(num.format(e).as_bytes());
                if let Some(c) = self.component {
                    out.push(b'-');
                    out.extend_from_slice(num.format(c).as_bytes());
                }
            }
        }
        if let Some(p) = self.segment_position {
            sep(out);
            out.extend_from_slice(b"segment ");
            out.extend_from_slice(num.format(p).as_bytes());
        }
        if let Some(o) = self.offset {
            sep(out);
            out.extend_from_slice(b"byte ");
            out.extend_from_slice(num.format(o).as_bytes());
        }
        if first {
            out.extend_from_slice(b"document");
        }
    }
}

impl Issue {
    /// Appends what [`Issue`]'s `Display` writes (see [`Location::write_to`]).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(match self.severity {
            Severity::Warning => &b"warning at "[..],
            Severity::Error => &b"error at "[..],
        });
        self.location.write_to(out);
        out.extend_from_slice(b": ");
        out.extend_from_slice(self.message.as_bytes());
        if let Some(code) = &self.code {
            out.extend_from_slice(b" (code ");
            out.extend_from_slice(code.as_bytes());
            out.push(b')');
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev} at {}: {}", self.location, self.message)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

/// Nothing could be read from the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// The input is empty or only whitespace.
    #[error("the document is empty")]
    Empty,
    /// The syntax could not be recognised.
    #[error("unrecognised document syntax (expected cXML, UBL, X12, EDIFACT or JSON){hint}")]
    UnknownFormat {
        /// Extra words on what the input looked like.
        hint: String,
    },
    /// The input is in a syntax this build cannot read yet.
    #[error("{format} documents are not supported on this path")]
    Unsupported {
        /// The detected format.
        format: Format,
    },
    /// The input is malformed beyond recovery.
    #[error("malformed {format} at {location}: {message}")]
    Malformed {
        /// The format being read.
        format: Format,
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_names_segment_element_and_offset() {
        let loc = Location {
            offset: Some(120),
            segment: Some("PO1".into()),
            segment_position: Some(7),
            element: Some(2),
            component: None,
            path: None,
        };
        assert_eq!(loc.to_string(), "PO102, segment 7, byte 120");
        assert_eq!(Location::default().to_string(), "document");
    }

    #[test]
    fn location_display_joins_whatever_parts_are_known() {
        let seg = |element, component| Location {
            segment: Some("LIN".into()),
            element,
            component,
            ..Location::default()
        };
        assert_eq!(seg(Some(3), Some(1)).to_string(), "LIN03-1");
        assert_eq!(seg(None, Some(1)).to_string(), "LIN");
        assert_eq!(seg(Some(12), None).to_string(), "LIN12");
        let all = Location {
            path: Some("/Order/cac:OrderLine[2]".into()),
            offset: Some(0),
            segment_position: Some(1),
            ..seg(Some(1), Some(2))
        };
        assert_eq!(
            all.to_string(),
            "/Order/cac:OrderLine[2], LIN01-2, segment 1, byte 0"
        );
        assert_eq!(Location::at_offset(9).to_string(), "byte 9");
        let pos = Location {
            segment_position: Some(4),
            ..Location::default()
        };
        assert_eq!(pos.to_string(), "segment 4");
        assert_eq!(Location::at_path("/cXML").to_string(), "/cXML");
    }

    /// `write_to` writes exactly what `Display` does, for every combination of parts.
    #[test]
    fn write_to_is_display_byte_for_byte() {
        let opt = |on: bool, v: usize| on.then_some(v);
        for mask in 0u32..64 {
            let on = |bit: u32| mask & (1 << bit) != 0;
            for (e, c, p, o) in [(1, 2, 3, 4), (9, 10, 0, 99_999), (12, 1, 100, 0)] {
                let location = Location {
                    offset: opt(on(0), o),
                    segment: on(1).then(|| "DTM".to_owned()),
                    segment_position: opt(on(2), p),
                    element: opt(on(3), e),
                    component: opt(on(4), c),
                    path: on(5).then(|| "/Invoice/cac:InvoiceLine[3]".to_owned()),
                };
                let mut bytes = Vec::new();
                location.write_to(&mut bytes);
                assert_eq!(String::from_utf8(bytes).unwrap(), location.to_string());
                for issue in [
                    Issue::warning(location.clone(), "A second BGM is ignored").with_code("14"),
                    Issue::error(location.clone(), "Ünïcode message"),
                ] {
                    let mut bytes = Vec::new();
                    issue.write_to(&mut bytes);
                    assert_eq!(String::from_utf8(bytes).unwrap(), issue.to_string());
                }
            }
        }
    }

    #[test]
    fn issue_display_carries_code() {
        let issue =
            Issue::error(Location::at_path("/cXML/Header"), "Missing From").with_code("400");
        assert_eq!(
            issue.to_string(),
            "error at /cXML/Header: Missing From (code 400)"
        );
    }
}
