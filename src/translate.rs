//! `b2bgate translate FILE`: every document in a file as canonical JSON, one per line (NDJSON)
//! on stdout; issues on stderr. Streams: X12 is read in chunks and handled one complete
//! interchange at a time, so memory stays bounded by the largest interchange, whatever the
//! file's size.

use std::io::{self, BufWriter, Read, Write};

use codec::x12;

/// Chunk read from the file at a time.
const CHUNK: usize = 1 << 20;

/// What a translation came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Documents written.
    pub documents: usize,
    /// Documents (transaction sets, messages) rejected: not mapped, or with errors.
    pub rejected: usize,
}

/// Translate `input` to NDJSON on `out`, issues on `err`.
pub fn translate(
    input: impl Read,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Summary> {
    translate_in_chunks(input, out, err, CHUNK)
}

fn translate_in_chunks(
    mut input: impl Read,
    out: &mut impl Write,
    err: &mut impl Write,
    chunk_size: usize,
) -> io::Result<Summary> {
    let mut buf: Vec<u8> = Vec::with_capacity(chunk_size);
    let mut chunk = vec![0u8; chunk_size.max(1)];
    // Sniff the syntax from the first bytes.
    loop {
        let n = input.read(&mut chunk)?;
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if n == 0 || buf.len() >= 4096 {
            break;
        }
    }
    let mut out = BufWriter::new(out);
    let mut summary = Summary::default();
    match codec::detect(&buf) {
        Some(codec::Format::X12) => {
            let mut eof = false;
            loop {
                let consumed = x12_complete(&buf, eof, &mut out, err, &mut summary)?;
                buf.drain(..consumed);
                if eof {
                    break;
                }
                let n = input.read(&mut chunk)?;
                if n == 0 {
                    eof = true;
                }
                buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
            }
        }
        Some(codec::Format::Cxml) => {
            input.read_to_end(&mut buf)?;
            cxml(&buf, &mut out, err, &mut summary)?;
        }
        other => {
            writeln!(
                err,
                "error: {} is not a syntax `translate` reads (X12, cXML)",
                other.map_or_else(|| "this input".to_owned(), |f| f.to_string())
            )?;
            summary.rejected += 1;
        }
    }
    out.flush()?;
    Ok(summary)
}

/// Translate every complete interchange at the start of `buf`; the number of bytes used. At
/// `eof`, everything left is translated (an interchange without IEA included).
fn x12_complete(
    buf: &[u8],
    eof: bool,
    out: &mut impl Write,
    err: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<usize> {
    let mut used = 0;
    let mut stream = x12::interchanges(buf);
    for ic in stream.by_ref() {
        // Complete: its IEA was read and its terminator is in the buffer (not cut by the chunk).
        let complete = ic.iea.is_some() && ic.end < buf.len();
        if !complete && !eof {
            break;
        }
        for issue in ic.issues.iter().filter(|i| i.is_error()) {
            writeln!(err, "ISA13 {}: {}", ic.control_number(), issue.issue)?;
        }
        for group in &ic.groups {
            for set in &group.sets {
                let (doc, issues) = x12::map::read_transaction(set);
                let errors = issues
                    .iter()
                    .filter(|i| i.severity == codec::Severity::Error)
                    .count();
                for i in &issues {
                    writeln!(
                        err,
                        "ISA13 {} ST {} {}: {i}",
                        ic.control_number(),
                        set.id(),
                        set.control_number()
                    )?;
                }
                let invalid = doc.as_ref().map(|d| d.validate()).unwrap_or_default();
                for p in &invalid {
                    writeln!(
                        err,
                        "ISA13 {} ST {} {}: invalid: {p}",
                        ic.control_number(),
                        set.id(),
                        set.control_number()
                    )?;
                }
                match doc {
                    Some(doc) if errors == 0 && invalid.is_empty() => {
                        serde_json::to_writer(&mut *out, &doc)?;
                        out.write_all(b"\n")?;
                        summary.documents += 1;
                    }
                    _ => summary.rejected += 1,
                }
            }
        }
        used = ic.end;
    }
    if eof {
        for issue in stream.issues() {
            writeln!(err, "{issue}")?;
        }
        return Ok(buf.len());
    }
    Ok(used)
}

fn cxml(
    buf: &[u8],
    out: &mut impl Write,
    err: &mut impl Write,
    summary: &mut Summary,
) -> io::Result<()> {
    let read = match codec::cxml::read(buf) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            summary.rejected += 1;
            return Ok(());
        }
    };
    for i in &read.issues {
        writeln!(err, "{i}")?;
    }
    let doc: Option<(model::Document, Vec<codec::Issue>)> = match &read.doc.body {
        codec::cxml::Body::Request {
            request: codec::cxml::Request::Order(o),
            ..
        } => {
            let (po, issues) = o.to_purchase_order();
            Some((model::Document::PurchaseOrder(po), issues))
        }
        codec::cxml::Body::Message {
            message: codec::cxml::Message::PunchOutOrder(m),
            ..
        } => {
            let (cart, issues) = m.to_cart();
            Some((model::Document::PunchoutCart(cart), issues))
        }
        _ => None,
    };
    match doc {
        Some((doc, issues)) => {
            for i in &issues {
                writeln!(err, "{i}")?;
            }
            let invalid = doc.validate();
            for p in &invalid {
                writeln!(err, "invalid: {p}")?;
            }
            let errors = !invalid.is_empty()
                || read
                    .issues
                    .iter()
                    .chain(&issues)
                    .any(|i| i.severity == codec::Severity::Error);
            if errors {
                summary.rejected += 1;
            } else {
                serde_json::to_writer(&mut *out, &doc)?;
                out.write_all(b"\n")?;
                summary.documents += 1;
            }
        }
        None => {
            writeln!(
                err,
                "error: this cXML document carries no order or cart to translate"
            )?;
            summary.rejected += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*DEMOBUYER      *ZZ*B2BGATE        *261124*1000*U*00401*000000101*0*T*>~";

    fn interchange(n: usize) -> String {
        format!(
            "{}GS*PO*DEMOBUYER*B2BGATE*20261124*1000*1*X*004010~ST*850*0001~BEG*00*SA*PO-{n}**20261124~PO1*1*2*EA*3.5**VP*P-1~CTT*1~SE*5*0001~GE*1*1~IEA*1*000000101~\n",
            ISA
        )
    }

    #[test]
    fn streams_interchanges_across_chunk_boundaries() {
        let text: String = (0..3000).map(interchange).collect();
        let mut out = Vec::new();
        let mut err = Vec::new();
        // Chunks of 997 bytes cut interchanges, segments and the ISA everywhere.
        let summary = translate_in_chunks(text.as_bytes(), &mut out, &mut err, 997).unwrap();
        assert_eq!(
            summary,
            Summary {
                documents: 3000,
                rejected: 0
            },
            "{}",
            String::from_utf8_lossy(&err)
        );
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len(), 3000);
        assert!(lines[2999].contains("\"order_number\":\"PO-2999\""));
    }

    #[test]
    fn rejected_sets_are_counted_and_explained() {
        let text = interchange(1).replace("PO1*1*2*", "PO1*1*two*");
        let mut out = Vec::new();
        let mut err = Vec::new();
        let summary = translate(text.as_bytes(), &mut out, &mut err).unwrap();
        assert_eq!(summary.rejected, 1, "{}", String::from_utf8_lossy(&err));
        assert!(out.is_empty());
        assert!(String::from_utf8_lossy(&err).contains("PO1"));
        let summary = translate(&b"hello"[..], &mut out, &mut err).unwrap();
        assert_eq!(summary.rejected, 1);
    }
}
