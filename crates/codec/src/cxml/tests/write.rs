//! Writers: exact shapes, DTD validity (xmllint when installed), ASCII-only output, limits, and
//! the write → read round trip.

use model::partner::Platform;
use model::{CartItem, Classification, CurrencyCode, PunchoutCart, UnitOfMeasure};
use rust_decimal::Decimal;

use super::robustness::Rng;
use crate::cxml::{
    read, status_text, write_punchout_order_message, write_punchout_setup_response,
    write_status_response, Body, Credential, Limits, Message, Meta, OperationAllowed, PoomParams,
    ResponseKind, DOCTYPE,
};
use crate::{Issue, Severity};

const DTD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schemas/cxml/1.2.071/cXML.dtd"
);

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn meta() -> Meta {
    Meta {
        payload_id: "1700000000000.42@b2bgate.example".into(),
        timestamp: "2024-05-06T07:08:09+02:00".into(),
        lang: "de-DE".into(),
    }
}

fn params() -> PoomParams {
    PoomParams {
        meta: meta(),
        from: vec![
            Credential::new("NetworkID", "AN01000000001"),
            Credential::new("DUNS", "123456789"),
        ],
        to: vec![Credential::new("NetworkID", "AN02000000002")],
        sender: Credential {
            domain: "NetworkID".into(),
            identity: "AN01000000001".into(),
            shared_secret: Some("TOP-SECRET-42".into()),
        },
        user_agent: "b2bgate 0.1".into(),
        buyer_cookie: "  cookie <&> \"é\" ".into(),
        operation_allowed: OperationAllowed::Edit,
        deployment_mode: Some("test".into()),
        currency: "EUR".into(),
    }
}

fn item(part: &str, aux: Option<&str>, qty: &str, price: &str, desc: &str) -> CartItem {
    CartItem {
        quantity: dec(qty),
        supplier_part_id: Some(part.into()),
        supplier_part_aux_id: aux.map(str::to_owned),
        unit_price: Some(dec(price)),
        description: Some(desc.into()),
        unit_of_measure: UnitOfMeasure::parse("EA").ok(),
        classification: vec![Classification::new("UNSPSC", "56101504")],
        ..CartItem::default()
    }
}

fn cart() -> PunchoutCart {
    let mut c = PunchoutCart::new("  cookie <&> \"é\" ");
    c.currency = CurrencyCode::parse("EUR").ok();
    let mut chair = item(
        "CH-100",
        Some(" cfg=blue;arms=2 "),
        "2",
        "249.90",
        "Bürostuhl – ergonomisch",
    );
    chair.manufacturer_part_id = Some("ERGO-7".into());
    chair.manufacturer_name = Some("Sitz & Co. KG".into());
    chair.lead_time_days = Some(5);
    chair.extrinsics.insert("Farbe".into(), "Blau".into());
    c.items.push(chair);
    c.items.push(item(
        "PAPER-A4",
        None,
        "10",
        "4.5",
        "Kopierpapier A4, 80 g/m², 500 Blatt",
    ));
    let mut pens = item(
        "PEN<1>",
        Some("x&y"),
        "1.5",
        "0.1234",
        "Kugelschreiber \"Büro\" ✓ 日本",
    );
    pens.classification = vec![
        Classification::new("UNSPSC", "44.12.17.04"),
        Classification::new("eCl@ss", "24-29-01-01"),
    ];
    c.items.push(pens);
    c
}

/// Validate `doc` against the vendored DTD 1.2.071 with xmllint; skipped when not installed.
pub(super) fn xmllint(doc: &str) {
    super::xmllint_dtd(doc, DTD);
}

fn assert_envelope(doc: &str) {
    assert!(doc.starts_with(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{DOCTYPE}\n<cXML "
    )));
    assert!(doc.is_ascii(), "output must be pure US-ASCII");
    assert!(!doc.as_bytes().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn status_response_exact_shape() {
    let doc = write_status_response(&meta(), 401, status_text(401), Some("Unknown sender <x>"));
    assert_envelope(&doc);
    assert_eq!(
        doc,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">\n\
         <cXML payloadID=\"1700000000000.42@b2bgate.example\" timestamp=\"2024-05-06T07:08:09+02:00\" xml:lang=\"de-DE\">\n\
         \x20 <Response>\n\
         \x20   <Status code=\"401\" text=\"Unauthorized\" xml:lang=\"de-DE\">Unknown sender &lt;x&gt;</Status>\n\
         \x20 </Response>\n\
         </cXML>\n"
    );
    xmllint(&doc);
    let plain = write_status_response(&meta(), 200, "OK", None);
    assert!(plain.contains("<Status code=\"200\" text=\"OK\"/>"));
    xmllint(&plain);
    let r = read(plain.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(r.doc.body, Body::Response { ref status, .. } if status.code == 200));
}

#[test]
fn status_texts() {
    assert_eq!(status_text(200), "OK");
    assert_eq!(status_text(406), "Not Acceptable");
    assert_eq!(status_text(450), "Not Implemented");
    assert_eq!(status_text(281), "Success");
    assert_eq!(status_text(488), "Failure");
    assert_eq!(status_text(560), "Error");
}

#[test]
fn setup_response_is_valid_and_reads_back() {
    let url = "https://shop.example/punchout/start?token=a&b=ü";
    let doc = write_punchout_setup_response(&meta(), url);
    assert_envelope(&doc);
    assert!(doc.contains("<URL>https://shop.example/punchout/start?token=a&amp;b=&#252;</URL>"));
    xmllint(&doc);
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    match r.doc.body {
        Body::Response {
            status,
            response: Some(ResponseKind::PunchOutSetup { start_page_url }),
        } => {
            assert_eq!((status.code, status.text.as_str()), (200, "OK"));
            assert_eq!(start_page_url, url);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn profile_response_exact_shape_and_valid() {
    let doc = crate::cxml::write_profile_response(
        &meta(),
        "2024-01-01T00:00:00+00:00",
        &[
            ("ProfileRequest", "https://gw.example/cxml"),
            ("OrderRequest", "https://gw.example/cxml?a=1&b=2"),
            ("PunchOutSetupRequest", "https://gw.example/cxml"),
        ],
    );
    assert_envelope(&doc);
    assert_eq!(
        doc,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd\">\n\
         <cXML payloadID=\"1700000000000.42@b2bgate.example\" timestamp=\"2024-05-06T07:08:09+02:00\" xml:lang=\"de-DE\">\n\
         \x20 <Response>\n\
         \x20   <Status code=\"200\" text=\"OK\"/>\n\
         \x20   <ProfileResponse effectiveDate=\"2024-01-01T00:00:00+00:00\">\n\
         \x20     <Transaction requestName=\"ProfileRequest\">\n\
         \x20       <URL>https://gw.example/cxml</URL>\n\
         \x20     </Transaction>\n\
         \x20     <Transaction requestName=\"OrderRequest\">\n\
         \x20       <URL>https://gw.example/cxml?a=1&amp;b=2</URL>\n\
         \x20     </Transaction>\n\
         \x20     <Transaction requestName=\"PunchOutSetupRequest\">\n\
         \x20       <URL>https://gw.example/cxml</URL>\n\
         \x20     </Transaction>\n\
         \x20   </ProfileResponse>\n\
         \x20 </Response>\n\
         </cXML>\n"
    );
    xmllint(&doc);
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    assert!(matches!(
        r.doc.body,
        Body::Response {
            ref status,
            response: Some(ResponseKind::Other { ref name }),
        } if status.code == 200 && name == "ProfileResponse"
    ));
    // One transaction is the minimum the DTD accepts.
    let one = crate::cxml::write_profile_response(
        &Meta::default(),
        "2024-01-01T00:00:00+00:00",
        &[("OrderRequest", "https://gw.example/cxml")],
    );
    xmllint(&one);
}

#[test]
fn poom_is_valid_ascii_and_in_dtd_order() {
    let (doc, issues) = write_punchout_order_message(&params(), &cart(), &Limits::default());
    assert_envelope(&doc);
    xmllint(&doc);
    assert!(!doc.contains("TOP-SECRET-42"), "no shared secret in a POOM");
    assert!(!doc.contains("SharedSecret"));
    assert!(doc.contains("<Message deploymentMode=\"test\">"));
    assert!(doc.contains("<BuyerCookie>  cookie &lt;&amp;&gt; \"&#233;\" </BuyerCookie>"));
    assert!(doc.contains("<PunchOutOrderMessageHeader operationAllowed=\"edit\">"));
    // 2 × 249.90 + 10 × 4.5 + 1.5 × 0.1234
    assert!(
        doc.contains("<Money currency=\"EUR\">544.9851</Money>"),
        "{doc}"
    );
    assert!(doc.contains("<ItemIn quantity=\"2\" lineNumber=\"1\">"));
    assert!(doc.contains("<ItemIn quantity=\"1.5\" lineNumber=\"3\">"));
    assert!(doc.contains("<SupplierPartAuxiliaryID> cfg=blue;arms=2 </SupplierPartAuxiliaryID>"));
    assert!(doc.contains(
        "<Description xml:lang=\"de-DE\">B&#252;rostuhl &#8211; ergonomisch</Description>"
    ));
    assert!(doc.contains("<SupplierPartID>PEN&lt;1&gt;</SupplierPartID>"));
    assert!(doc.contains("<Classification domain=\"UNSPSC\">44121704</Classification>"));
    assert!(doc.contains("<Classification domain=\"eCl@ss\">24-29-01-01</Classification>"));
    assert!(doc.contains("<ManufacturerName>Sitz &amp; Co. KG</ManufacturerName>"));
    assert!(doc.contains("<Extrinsic name=\"Farbe\">Blau</Extrinsic>"));
    // DTD order inside the first ItemDetail.
    let first = doc.split("</ItemIn>").next().unwrap_or_default();
    let order = [
        "<UnitPrice>",
        "<Description",
        "<UnitOfMeasure>",
        "<Classification",
        "<ManufacturerPartID>",
        "<ManufacturerName>",
        "<LeadTime>",
        "<Extrinsic",
    ];
    let pos: Vec<usize> = order
        .iter()
        .map(|t| first.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    // Only the UNSPSC punctuation warning.
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].code.as_deref(), Some("unspsc_normalized"));
}

#[test]
fn poom_round_trips_through_the_reader() {
    let c = cart();
    let (doc, _) = write_punchout_order_message(&params(), &c, &Limits::default());
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let Body::Message {
        message: Message::PunchOutOrder(m),
        deployment_mode,
        ..
    } = r.doc.body
    else {
        panic!("poom")
    };
    assert_eq!(deployment_mode.as_deref(), Some("test"));
    assert_eq!(m.buyer_cookie, params().buyer_cookie);
    assert_eq!(m.operation_allowed, Some(OperationAllowed::Edit));
    let (back, issues) = m.to_cart();
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(back.items.len(), c.items.len());
    for (a, b) in c.items.iter().zip(&back.items) {
        assert_eq!(a.supplier_part_id, b.supplier_part_id);
        assert_eq!(a.supplier_part_aux_id, b.supplier_part_aux_id);
        assert_eq!(a.quantity, b.quantity);
        assert_eq!(a.unit_price, b.unit_price);
        assert_eq!(a.description, b.description);
        assert_eq!(a.extrinsics, b.extrinsics);
    }
}

#[test]
fn round_trip_property_on_random_carts() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let pieces = [
        "a", "Z", "0", " ", "  ", "\t", "\n", "\r\n", "\r", "<", ">", "&", "\"", "'", "]]>", "ü",
        "–", "日本", "😀", "&amp;", "&#65;", "{", "?", "%", "|", "=", ";",
    ];
    let gen = |rng: &mut Rng, max: usize| -> String {
        (0..rng.below(max + 1))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect()
    };
    for round in 0..300 {
        let mut c = PunchoutCart::new("");
        c.currency = CurrencyCode::parse("USD").ok();
        for _ in 0..rng.below(5) {
            let part = format!("P{}Q", gen(&mut rng, 6));
            let aux = (rng.below(2) == 0).then(|| gen(&mut rng, 8));
            let qty = Decimal::new(i64::try_from(rng.below(100_000)).unwrap_or(0) + 1, 3);
            let price = Decimal::new(i64::try_from(rng.below(10_000_000)).unwrap_or(0), 4);
            let mut it = item(&part, aux.as_deref(), "1", "1", "x");
            it.quantity = qty;
            it.unit_price = Some(price);
            it.description = Some(format!("D{}", gen(&mut rng, 10)));
            c.items.push(it);
        }
        let mut p = params();
        p.buyer_cookie = gen(&mut rng, 12);
        let (doc, _) = write_punchout_order_message(&p, &c, &Limits::default());
        assert!(doc.is_ascii());
        let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("round {round}: {e}\n{doc}"));
        let Body::Message {
            message: Message::PunchOutOrder(m),
            ..
        } = r.doc.body
        else {
            panic!("round {round}")
        };
        assert_eq!(m.buyer_cookie, p.buyer_cookie, "round {round}");
        assert_eq!(m.items.len(), c.items.len());
        for (a, b) in c.items.iter().zip(&m.items) {
            assert_eq!(
                a.supplier_part_id.as_deref(),
                Some(b.item_id.supplier_part_id.as_str()),
                "round {round}"
            );
            assert_eq!(
                a.supplier_part_aux_id, b.item_id.supplier_part_aux_id,
                "round {round}"
            );
            assert_eq!(a.quantity, b.quantity, "round {round}");
            assert_eq!(a.unit_price, b.unit_price, "round {round}");
        }
    }
}

#[test]
fn illegal_xml_characters_are_dropped_and_reported() {
    let mut c = PunchoutCart::new(params().buyer_cookie);
    c.items
        .push(item("A\u{1}B", Some("x\u{FFFF}"), "1", "1", "d\u{0}"));
    let (doc, issues) = write_punchout_order_message(&params(), &c, &Limits::default());
    assert!(doc.contains("<SupplierPartID>AB</SupplierPartID>"));
    assert!(doc.contains("<Description xml:lang=\"de-DE\">d</Description>"));
    let said: Vec<_> = issues
        .iter()
        .map(|i| {
            (
                i.severity,
                i.code.as_deref(),
                i.location.path.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    let item = "/cXML/Message/PunchOutOrderMessage/ItemIn[1]";
    assert_eq!(
        said,
        [
            (
                Severity::Error,
                Some("invalid_xml_char"),
                format!("{item}/ItemID/SupplierPartID").as_str()
            ),
            (
                Severity::Error,
                Some("invalid_xml_char"),
                format!("{item}/ItemID/SupplierPartAuxiliaryID").as_str()
            ),
            // A description loses the character with a warning: the rest still reads.
            (
                Severity::Warning,
                Some("invalid_xml_char"),
                format!("{item}/ItemDetail/Description").as_str()
            ),
        ],
        "{issues:?}"
    );
    xmllint(&doc);
}

#[test]
fn a_character_xml_cannot_carry_in_the_cart_header_is_said_where_it_was() {
    let mut p = params();
    p.buyer_cookie = "cookie\u{8}".into();
    let mut c = PunchoutCart::new(p.buyer_cookie.clone());
    c.items.push(item("A", None, "1", "1", "d"));
    let (doc, issues) = write_punchout_order_message(&p, &c, &Limits::default());
    assert!(doc.contains("<BuyerCookie>cookie</BuyerCookie>"), "{doc}");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].severity, Severity::Error);
    assert_eq!(
        issues[0].location.path.as_deref(),
        Some("/cXML/Message/PunchOutOrderMessage/BuyerCookie")
    );
    xmllint(&doc);
}

fn codes(issues: &[Issue], severity: Severity) -> Vec<String> {
    issues
        .iter()
        .filter(|i| i.severity == severity)
        .filter_map(|i| i.code.clone())
        .collect()
}

#[test]
fn ariba_limits() {
    let limits = Limits::for_platform(Platform::Ariba);
    let mut c = PunchoutCart::new(params().buyer_cookie);
    c.currency = CurrencyCode::parse("EUR").ok();
    let long_desc = "ä".repeat(1500); // 1500 chars, 3000 bytes
    c.items
        .push(item(&"X".repeat(101), Some("a?b"), "1", "1", &long_desc));
    c.items
        .push(item("ok{1}", None, "1", "1", &"d".repeat(300)));
    let (doc, issues) = write_punchout_order_message(&params(), &c, &limits);
    assert_eq!(
        codes(&issues, Severity::Error),
        ["id_too_long", "id_forbidden_char", "id_forbidden_char"]
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        ["truncated", "long_description", "long_description"]
    );
    // IDs are never altered; the description is cut at 2000 bytes on a char boundary.
    assert!(doc.contains(&format!(
        "<SupplierPartID>{}</SupplierPartID>",
        "X".repeat(101)
    )));
    assert!(doc.contains(&format!(">{}</Description>", "&#228;".repeat(1000))));
    assert!(doc.contains(&format!(">{}</Description>", "d".repeat(300))));
    xmllint(&doc);
}

#[test]
fn generic_limits_truncate_descriptions_and_check_unspsc() {
    let mut c = PunchoutCart::new(params().buyer_cookie);
    let mut it = item("P", None, "1", "1", &"é".repeat(300));
    it.classification = vec![Classification::new("unspsc", "4412-17")];
    c.items.push(it);
    let (doc, issues) = write_punchout_order_message(&params(), &c, &Limits::default());
    assert!(doc.contains(&format!(">{}</Description>", "&#233;".repeat(255))));
    assert!(doc.contains("<Classification domain=\"UNSPSC\">441217</Classification>"));
    assert_eq!(
        codes(&issues, Severity::Warning),
        ["truncated", "unspsc_normalized", "unspsc_shape"]
    );
    assert!(codes(&issues, Severity::Error).is_empty());
    let ids = Limits::default();
    assert_eq!(
        (ids.max_id_chars, ids.max_description_chars),
        (100, Some(255))
    );
}

#[test]
fn jaggaer_rounds_prices_half_up_to_four_decimals() {
    let mut c = PunchoutCart::new(params().buyer_cookie);
    c.items.push(item("P", None, "2", "1.23445", "d"));
    c.items.push(item("Q", None, "1", "-0.00005", "d"));
    let (doc, issues) =
        write_punchout_order_message(&params(), &c, &Limits::for_platform(Platform::Jaggaer));
    assert!(
        doc.contains("<Money currency=\"EUR\">1.2345</Money>"),
        "{doc}"
    );
    assert!(
        doc.contains("<Money currency=\"EUR\">-0.0001</Money>"),
        "{doc}"
    );
    assert!(
        doc.contains("<Money currency=\"EUR\">2.4689</Money>"),
        "total from rounded prices"
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        ["price_rounded", "price_rounded"]
    );
}

#[test]
fn oracle_maps_each_and_missing_pieces_get_defaults() {
    let mut c = PunchoutCart::new(params().buyer_cookie);
    c.items.push(item("P", None, "1", "1", "d"));
    let mut bare = CartItem {
        quantity: Decimal::ONE,
        supplier_part_id: Some("B".into()),
        ..CartItem::default()
    };
    bare.unit_of_measure = None;
    c.items.push(bare);
    let (doc, issues) =
        write_punchout_order_message(&params(), &c, &Limits::for_platform(Platform::Oracle));
    assert_eq!(
        doc.matches("<UnitOfMeasure>EACH</UnitOfMeasure>").count(),
        2
    );
    assert!(doc.contains("<Classification domain=\"UNSPSC\"></Classification>"));
    assert_eq!(
        codes(&issues, Severity::Warning),
        [
            "uom_mapped",
            "no_price",
            "no_description",
            "uom_default",
            "no_classification"
        ]
    );
    xmllint(&doc);
}

#[test]
fn cart_total_wins_and_mismatches_are_reported() {
    let mut c = PunchoutCart::new("other cookie");
    c.currency = CurrencyCode::parse("USD").ok();
    c.total = Some(dec("99.99"));
    c.items.push(item("P", None, "1", "1", "d"));
    c.extrinsics.insert("k".into(), "v".into());
    let mut p = params();
    p.deployment_mode = Some("staging".into());
    p.from.clear();
    let (doc, issues) = write_punchout_order_message(&p, &c, &Limits::default());
    assert!(
        doc.contains("<Total>\n          <Money currency=\"USD\">99.99</Money>"),
        "{doc}"
    );
    assert!(doc.contains("<Message>"));
    assert_eq!(
        codes(&issues, Severity::Error),
        ["currency_mismatch", "no_credential"]
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        [
            "buyer_cookie_mismatch",
            "cart_extrinsics_dropped",
            "deployment_mode",
            "total_mismatch"
        ]
    );
}

#[test]
fn empty_cart_is_valid() {
    let (doc, issues) =
        write_punchout_order_message(&params(), &PunchoutCart::new(""), &Limits::default());
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains("<Money currency=\"EUR\">0.00</Money>"));
    assert!(!doc.contains("<ItemIn"));
    xmllint(&doc);
}
