use super::*;

#[test]
fn detects_cxml_with_doctype_and_bom() {
    let doc = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">\n<cXML payloadID=\"1\"/>";
    assert_eq!(detect(doc), Some(Format::Cxml));
}

#[test]
fn detects_cxml_after_comment_and_internal_subset() {
    let doc = b"<!-- hello <cXML> -->\n<!DOCTYPE cXML [ <!ENTITY x \"y\"> ]><cXML/>";
    assert_eq!(detect(doc), Some(Format::Cxml));
}

#[test]
fn detects_ubl_by_namespace() {
    let doc = br#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">"#;
    assert_eq!(detect(doc), Some(Format::Ubl));
    let prefixed =
        br#"<ubl:Order xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Order-2">"#;
    assert_eq!(detect(prefixed), Some(Format::Ubl));
}

#[test]
fn other_xml_is_not_ubl() {
    assert_eq!(detect(b"<root xmlns=\"urn:x\"/>"), Some(Format::OtherXml));
}

#[test]
fn detects_x12_and_edifact_with_leading_whitespace() {
    assert_eq!(detect(b"\r\n  ISA*00*          *00*"), Some(Format::X12));
    assert_eq!(detect(b"UNA:+.? 'UNB+UNOC:3+"), Some(Format::Edifact));
    assert_eq!(detect(b"\xEF\xBB\xBFUNB+UNOA:2+"), Some(Format::Edifact));
}

#[test]
fn detects_json() {
    assert_eq!(
        detect(b"  {\"type\":\"purchase_order\"}"),
        Some(Format::Json)
    );
}

#[test]
fn unknown_and_empty_are_none() {
    assert_eq!(detect(b""), None);
    assert_eq!(detect(b"   \n"), None);
    assert_eq!(detect(b"\xEF\xBB\xBF"), None);
    assert_eq!(detect(b"hello"), None);
}

#[test]
fn never_panics_on_arbitrary_prefixes() {
    // Every prefix and every single-byte mutation of a few real-looking inputs.
    let seeds: [&[u8]; 4] = [
        b"<?xml version=\"1.0\"?><!DOCTYPE cXML [<!x>]><cXML/>",
        b"ISA*00*          *00*          *ZZ*A",
        b"UNA:+.? 'UNB+UNOC:3",
        b"<!-- --><ubl:Order xmlns:ubl=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>",
    ];
    for seed in seeds {
        for end in 0..=seed.len() {
            let _ = detect(&seed[..end]);
            for pos in 0..end {
                for byte in [0u8, b'<', b'>', b'[', b']', b'!', b'?', 0xFF] {
                    let mut v = seed[..end].to_vec();
                    v[pos] = byte;
                    let _ = detect(&v);
                }
            }
        }
    }
}

#[test]
fn sniff_window_bounds_work() {
    let mut big = vec![b' '; SNIFF_WINDOW + 10];
    big.extend_from_slice(b"ISA");
    assert_eq!(detect(&big), None, "content beyond the window is not read");
}

#[test]
fn cxml_catalog_documents_are_known_by_their_doctype() {
    let doc = b"<?xml version=\"1.0\"?>\n<!DOCTYPE Index SYSTEM \"http://xml.cXML.org/schemas/cXML/1.1.010/cXML.dtd\">\n<Index/>";
    assert_eq!(detect(doc), Some(Format::Cxml));
    let fragment = b"<ItemIn quantity=\"1\"/>";
    assert_eq!(detect(fragment), Some(Format::OtherXml));
}

#[test]
fn edifact_message_without_interchange_is_edifact() {
    assert_eq!(
        detect(b"\xEF\xBB\xBFUNH+1+ORDERS:D:96A:UN'"),
        Some(Format::Edifact)
    );
    assert_eq!(detect(b"UNHAPPY"), None);
}
