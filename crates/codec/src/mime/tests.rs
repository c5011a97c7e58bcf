use super::*;
use crate::cxml::{read, Body, Request};

/// A small but real-looking PDF (binary bytes included).
const PDF: &[u8] =
    b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n\x00\xFF";

/// Test-only encoder, wrapped at 76 characters as MIME wants.
fn base64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out.as_bytes()
        .chunks(76)
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

const ORDER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">
<cXML payloadID="1700000000.1@buyer.example" timestamp="2024-05-06T07:08:09+02:00">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN01</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>AN02</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN01</Identity><SharedSecret>s</SharedSecret></Credential><UserAgent>Buyer 1.0</UserAgent></Sender>
  </Header>
  <Request>
    <OrderRequest>
      <OrderRequestHeader orderID="PO-77" orderDate="2024-05-06T07:08:09+02:00">
        <Total><Money currency="EUR">10.00</Money></Total>
        <BillTo><Address><Name xml:lang="en">Buyer AG</Name></Address></BillTo>
        <Comments xml:lang="en">Drawing attached<Attachment><URL>cid:drawing.pdf@buyer.example</URL></Attachment></Comments>
      </OrderRequestHeader>
      <ItemOut quantity="1" lineNumber="1">
        <ItemID><SupplierPartID>X-1</SupplierPartID></ItemID>
        <ItemDetail><UnitPrice><Money currency="EUR">10.00</Money></UnitPrice>
          <Description xml:lang="en">Part</Description><UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">31000000</Classification></ItemDetail>
        <Comments>See spec<Attachment><URL>cid:spec%20sheet@buyer.example</URL></Attachment></Comments>
      </ItemOut>
    </OrderRequest>
  </Request>
</cXML>"#;

const CONTENT_TYPE: &str = "Multipart/Related; boundary=\"----=_Part_0_1.2\"; type=\"text/xml\"; \
                            start=\"<order.xml@buyer.example>\"";

/// The cXML attachment layout of the cXML User's Guide: root first, then a base64 PDF and a
/// quoted-printable text, CRLF line ends, a preamble and an epilogue.
fn realistic_body() -> Vec<u8> {
    let mut b = String::new();
    b.push_str("This is a multi-part message in MIME format.\r\n\r\n");
    b.push_str("------=_Part_0_1.2\r\n");
    b.push_str("Content-Type: text/xml; charset=UTF-8\r\n");
    b.push_str("Content-Transfer-Encoding: 8bit\r\n");
    b.push_str("Content-ID: <order.xml@buyer.example>\r\n\r\n");
    b.push_str(ORDER);
    b.push_str("\r\n------=_Part_0_1.2\r\n");
    b.push_str("content-type: application/pdf;\r\n\tname=\"drawing.pdf\"\r\n");
    b.push_str("CONTENT-TRANSFER-ENCODING: BASE64\r\n");
    b.push_str("content-id: <drawing.pdf@buyer.example>\r\n");
    b.push_str("Content-Disposition: attachment; filename=\"drawing 1.pdf\"\r\n");
    b.push_str("Content-Length: 1234\r\n\r\n");
    b.push_str(&base64(PDF));
    b.push_str("\r\n------=_Part_0_1.2\r\n");
    b.push_str("Content-Type: text/plain; charset=UTF-8\r\n");
    b.push_str("Content-Transfer-Encoding: quoted-printable\r\n");
    b.push_str("Content-ID: <spec sheet@buyer.example>\r\n");
    b.push_str(
        "Content-Disposition: attachment; filename*=UTF-8''Spezifikation%20f%C3%BCr.txt\r\n\r\n",
    );
    b.push_str("Ma=C3=9Fe: 10 =3D 10 mm, sehr lange Zeile mit weichem Umbruch =\r\nhier.\r\n");
    b.push_str("------=_Part_0_1.2--\r\n\r\nepilogue, ignored\r\n");
    b.into_bytes()
}

fn parse_ok(ct: &str, body: &[u8]) -> Multipart {
    parse_multipart(ct, body).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn realistic_cxml_with_a_pdf_attachment() {
    let m = parse_ok(CONTENT_TYPE, &realistic_body());
    assert_eq!(
        m.root.content_id.as_deref(),
        Some("order.xml@buyer.example")
    );
    assert_eq!(m.root.media_type().as_deref(), Some("text/xml"));
    assert_eq!(
        m.root.content_type.as_deref(),
        Some("text/xml; charset=UTF-8")
    );
    assert_eq!(
        m.root.body,
        ORDER.as_bytes(),
        "the CRLF before a delimiter is not content"
    );
    assert_eq!(m.others.len(), 2);

    let pdf = &m.others[0];
    assert_eq!(pdf.body, PDF);
    assert_eq!(pdf.filename.as_deref(), Some("drawing 1.pdf"));
    assert_eq!(pdf.header("Content-Length"), Some("1234"));
    assert_eq!(
        pdf.header("CONTENT-ID"),
        Some("<drawing.pdf@buyer.example>")
    );
    assert_eq!(
        pdf.content_type.as_deref(),
        Some("application/pdf; name=\"drawing.pdf\""),
        "folded header unfolded"
    );

    let txt = &m.others[1];
    assert_eq!(txt.filename.as_deref(), Some("Spezifikation für.txt"));
    assert_eq!(
        String::from_utf8_lossy(&txt.body),
        "Maße: 10 = 10 mm, sehr lange Zeile mit weichem Umbruch hier."
    );

    // The root is a cXML OrderRequest whose attachment URLs all resolve to parts.
    let r = read(&m.root.body).unwrap_or_else(|e| panic!("{e}"));
    let Body::Request {
        request: Request::Order(order),
        ..
    } = &r.doc.body
    else {
        panic!("{:?}", r.doc.body)
    };
    let urls = order.attachment_urls();
    assert_eq!(
        urls,
        [
            "cid:drawing.pdf@buyer.example",
            "cid:spec%20sheet@buyer.example"
        ]
    );
    assert_eq!(m.attachment(urls[0]).map(|p| p.body.as_slice()), Some(PDF));
    assert_eq!(
        m.attachment(urls[1]).and_then(|p| p.filename.as_deref()),
        Some("Spezifikation für.txt")
    );
    assert_eq!(
        m.attachment("CID:<drawing.pdf@buyer.example>")
            .and_then(|p| p.content_id.as_deref()),
        Some("drawing.pdf@buyer.example")
    );
    assert!(m.attachment("cid:missing@buyer.example").is_none());
}

#[test]
fn start_parameter_picks_the_root_wherever_it_is() {
    let body = "--b\r\nContent-ID: <a>\r\n\r\nA\r\n--b\r\nContent-ID: <root>\r\n\r\nR\r\n--b--\r\n";
    let m = parse_ok(
        "multipart/related; boundary=b; start=\"<root>\"",
        body.as_bytes(),
    );
    assert_eq!(m.root.body, b"R");
    assert_eq!(m.others.len(), 1);
    assert_eq!(m.others[0].body, b"A");
    // Unknown or absent start: the first part.
    let m = parse_ok(
        "multipart/related; boundary=b; start=\"<zzz>\"",
        body.as_bytes(),
    );
    assert_eq!(m.root.body, b"A");
    let m = parse_ok("multipart/related; boundary=b", body.as_bytes());
    assert_eq!(m.root.body, b"A");
}

#[test]
fn lf_only_line_ends() {
    let crlf = realistic_body();
    let lf: Vec<u8> = String::from_utf8_lossy(&crlf)
        .replace("\r\n", "\n")
        .into_bytes();
    let m = parse_ok(CONTENT_TYPE, &lf);
    assert_eq!(m.root.body, ORDER.as_bytes());
    assert_eq!(m.others[0].body, PDF);
    assert_eq!(m.others[0].filename.as_deref(), Some("drawing 1.pdf"));
    assert_eq!(
        String::from_utf8_lossy(&m.others[1].body),
        "Maße: 10 = 10 mm, sehr lange Zeile mit weichem Umbruch hier."
    );
}

#[test]
fn quoted_and_unquoted_boundaries_with_odd_characters() {
    let body = b"--=_a b:c?(1)\nContent-Type: text/xml\n\n<x/>\n--=_a b:c?(1)--\n";
    let m = parse_ok(
        "multipart/related;boundary=\"=_a b:c?(1)\";type=\"text/xml\"",
        body,
    );
    assert_eq!(m.root.body, b"<x/>");
    assert_eq!(m.root.content_type.as_deref(), Some("text/xml"));
    // Escapes in a quoted-string, upper-case parameter names, spaces around '='.
    let body = b"--q\"x\r\n\r\nbody\r\n--q\"x--";
    let m = parse_ok("multipart/mixed; BOUNDARY = \"q\\\"x\"", body);
    assert_eq!(m.root.body, b"body");
    // Unquoted, with trailing parameters.
    let m = parse_ok(
        "multipart/related; boundary=simple ; type=text/xml",
        b"--simple\n\nA\n--simple--",
    );
    assert_eq!(m.root.body, b"A");
}

#[test]
fn a_boundary_prefix_inside_content_is_not_a_delimiter() {
    let body = b"--b\n\n--bb is not it\n--b-- neither\n--b \t\nsecond\n--b--\n";
    let m = parse_ok("multipart/related; boundary=b", body);
    assert_eq!(m.root.body, b"--bb is not it\n--b-- neither");
    assert_eq!(m.others[0].body, b"second");
}

#[test]
fn missing_close_delimiter_keeps_what_is_there() {
    let body = b"preamble\r\n--b\r\nContent-ID: <1>\r\n\r\nfirst\r\n--b\r\nContent-ID: <2>\r\n\r\nsecond, cut";
    let m = parse_ok("multipart/related; boundary=b", body);
    assert_eq!(m.root.body, b"first");
    assert_eq!(m.others.len(), 1);
    assert_eq!(m.others[0].body, b"second, cut");
    assert_eq!(m.others[0].content_id.as_deref(), Some("2"));
    // Cut inside the headers: a part with headers only.
    let m = parse_ok(
        "multipart/related; boundary=b",
        b"--b\r\nContent-ID: <1>\r\nContent-Ty",
    );
    assert_eq!(m.root.content_id.as_deref(), Some("1"));
    assert!(m.root.body.is_empty());
}

#[test]
fn a_part_without_headers() {
    let m = parse_ok(
        "multipart/related; boundary=b",
        b"--b\r\n\r\nonly body\r\n--b--",
    );
    assert!(m.root.headers.is_empty());
    assert_eq!(m.root.body, b"only body");
    // No blank line and no header-looking first line: all body.
    let m = parse_ok(
        "multipart/related; boundary=b",
        b"--b\r\nno headers here\r\n--b--",
    );
    assert_eq!(m.root.body, b"no headers here");
    // An empty part.
    let m = parse_ok(
        "multipart/related; boundary=b",
        b"--b\r\n--b\r\n\r\nx\r\n--b--",
    );
    assert!(m.root.body.is_empty() && m.root.headers.is_empty());
    assert_eq!(m.others[0].body, b"x");
}

#[test]
fn errors_are_precise() {
    assert_eq!(
        parse_multipart("text/xml; charset=UTF-8", b"<cXML/>"),
        Err(MimeError::NotMultipart {
            content_type: "text/xml; charset=UTF-8".into()
        })
    );
    assert_eq!(
        parse_multipart("multipart/related; type=\"text/xml\"", b"--b\r\n\r\nx"),
        Err(MimeError::NoBoundary)
    );
    assert_eq!(
        parse_multipart("multipart/related; boundary=\"\"", b"--\r\n\r\nx"),
        Err(MimeError::NoBoundary)
    );
    assert_eq!(
        parse_multipart("multipart/related; boundary=b", b"no delimiter at all\r\n"),
        Err(MimeError::NoParts {
            boundary: "b".into()
        })
    );
    assert_eq!(
        parse_multipart("multipart/related; boundary=b", b""),
        Err(MimeError::NoParts {
            boundary: "b".into()
        })
    );
    // The close delimiter first: no part.
    assert!(matches!(
        parse_multipart("multipart/related; boundary=b", b"--b--\r\n--b\r\n\r\nlate"),
        Err(MimeError::NoParts { .. })
    ));
    let bad = b"--b\r\n\r\nok\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA*AAA\r\n--b--";
    let err = parse_multipart("multipart/related; boundary=b", bad);
    assert_eq!(
        err,
        Err(MimeError::BadBase64 {
            part: 2,
            reason: "byte 0x2A at offset 4 is not base64".into()
        })
    );
    assert_eq!(
        err.map(|_| ()).unwrap_err().to_string(),
        "part 2 is not valid base64: byte 0x2A at offset 4 is not base64"
    );
    assert!(matches!(
        parse_multipart(
            "multipart/related; boundary=b",
            b"--b\nContent-Transfer-Encoding: base64\n\nQUJD=QUJD\n--b--"
        ),
        Err(MimeError::BadBase64 { part: 1, .. })
    ));
    assert!(matches!(
        parse_multipart(
            "multipart/related; boundary=b",
            b"--b\nContent-Transfer-Encoding: base64\n\nQUJDR\n--b--"
        ),
        Err(MimeError::BadBase64 { part: 1, .. })
    ));
}

#[test]
fn part_and_header_limits() {
    let mut ok = String::new();
    for i in 0..MAX_PARTS {
        ok.push_str(&format!("--b\r\nContent-ID: <{i}>\r\n\r\n{i}\r\n"));
    }
    let mut too_many = ok.clone();
    ok.push_str("--b--");
    let m = parse_ok("multipart/related; boundary=b", ok.as_bytes());
    assert_eq!(m.others.len(), MAX_PARTS - 1);
    too_many.push_str("--b\r\n\r\none more\r\n--b--");
    assert_eq!(
        parse_multipart("multipart/related; boundary=b", too_many.as_bytes()),
        Err(MimeError::TooManyParts { max: MAX_PARTS })
    );
    // Without a close delimiter too.
    let unclosed = too_many.trim_end_matches("--b--");
    assert_eq!(
        parse_multipart("multipart/related; boundary=b", unclosed.as_bytes()),
        Err(MimeError::TooManyParts { max: MAX_PARTS })
    );

    let mut many_headers = String::from("--b\r\n");
    for i in 0..1000 {
        many_headers.push_str(&format!("X-H{i}: v\r\n"));
    }
    many_headers.push_str("Content-ID: <late>\r\n\r\nbody\r\n--b--");
    let m = parse_ok("multipart/related; boundary=b", many_headers.as_bytes());
    assert_eq!(m.root.headers.len(), MAX_HEADER_LINES);
    assert_eq!(
        m.root.content_id, None,
        "headers past the limit are ignored"
    );
    assert_eq!(m.root.body, b"body");
}

#[test]
fn decoders() {
    assert_eq!(decode_base64(b"QUJD").as_deref(), Ok(&b"ABC"[..]));
    assert_eq!(decode_base64(b"QUI=").as_deref(), Ok(&b"AB"[..]));
    assert_eq!(decode_base64(b"QQ==").as_deref(), Ok(&b"A"[..]));
    assert_eq!(
        decode_base64(b"QQ").as_deref(),
        Ok(&b"A"[..]),
        "padding optional"
    );
    assert_eq!(decode_base64(b" Q U\r\nJ D\t").as_deref(), Ok(&b"ABC"[..]));
    assert_eq!(decode_base64(b"").as_deref(), Ok(&b""[..]));
    assert_eq!(decode_base64(base64(PDF).as_bytes()).as_deref(), Ok(PDF));
    assert!(decode_base64(b"Q").is_err());

    assert_eq!(decode_quoted_printable(b"a=3Db=\r\nc=\nd"), b"a=bcd");
    assert_eq!(decode_quoted_printable(b"soft =  \r\nbreak"), b"soft break");
    assert_eq!(
        decode_quoted_printable(b"bad =ZZ and =4"),
        b"bad =ZZ and =4"
    );
    assert_eq!(decode_quoted_printable(b"end="), b"end");
    assert_eq!(decode_quoted_printable(b"=c3=A9"), "é".as_bytes());
}

#[test]
fn is_multipart_checks_the_media_type_only() {
    assert!(is_multipart("multipart/related; boundary=x"));
    assert!(is_multipart(" Multipart/Mixed"));
    assert!(!is_multipart("text/xml; note=\"multipart/related\""));
    assert!(!is_multipart("application/xml"));
    assert!(!is_multipart(""));
}

#[test]
fn truncations_and_byte_flips_never_panic() {
    let body = realistic_body();
    for end in 0..=body.len() {
        let _ = parse_multipart(CONTENT_TYPE, body.get(..end).unwrap_or_default());
    }
    for pos in 0..body.len() {
        for mask in [0x01u8, 0x20, 0x80, 0xFF] {
            let mut m = body.clone();
            if let Some(b) = m.get_mut(pos) {
                *b ^= mask;
            }
            if let Ok(mp) = parse_multipart(CONTENT_TYPE, &m) {
                for p in mp.parts() {
                    let _ = p.media_type();
                    let _ = mp.attachment(p.content_id.as_deref().unwrap_or("%"));
                }
            }
        }
    }
    let ct = CONTENT_TYPE.as_bytes();
    for end in 0..=ct.len() {
        let t = String::from_utf8_lossy(ct.get(..end).unwrap_or_default()).into_owned();
        let _ = parse_multipart(&t, &body);
        let _ = is_multipart(&t);
    }
    for junk in ["%", "%4", "%zz", "cid:", "cid:%", "<", ">", "<>", "c", ""] {
        let m = parse_ok(CONTENT_TYPE, &body);
        let _ = m.attachment(junk);
    }
}
