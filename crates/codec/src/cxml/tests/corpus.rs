//! Every PunchOutSetupRequest of the corpus, with concrete values; every corpus file read
//! without panicking.

use rust_decimal::Decimal;

use super::{all_samples, sample};
use crate::cxml::{read, Body, ItemId, Message, Operation, PunchOutSetupRequest, Request};
use crate::Severity;

fn posr(name: &str) -> Option<PunchOutSetupRequest> {
    let bytes = sample(name)?;
    let r = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        r.issues.iter().all(|i| i.severity == Severity::Warning),
        "{name}: {:?}",
        r.issues
    );
    match r.doc.body {
        Body::Request {
            request: Request::PunchOutSetup(p),
            ..
        } => Some(p),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn friendsofcxml_level2_setup_request() {
    let Some(p) = posr("friendsofcxml__metadata__cxml__samples__PunchOutSetupRequest.xml") else {
        return;
    };
    assert_eq!(p.operation, Operation::Create);
    assert_eq!(p.buyer_cookie, "550bce3e592023b2e7b015307f965133");
    assert_eq!(p.extrinsic("UserEmail"), Some("john-doe@domain.com"));
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("https://prominate-platform.com/hook-url")
    );
    assert_eq!(
        p.supplier_setup.as_deref(),
        Some("http://workchairs.com/cxml")
    );
    assert_eq!(
        p.selected_item,
        Some(ItemId {
            supplier_part_id: "4545321".into(),
            supplier_part_aux_id: None,
            buyer_part_id: Some("II99825".into()),
        })
    );
    assert_eq!(p.items.len(), 2);
    let ids: Vec<&str> = p
        .items
        .iter()
        .map(|i| i.item_id.supplier_part_id.as_str())
        .collect();
    assert_eq!(ids, ["5555", "6666"]);
    assert!(p
        .items
        .iter()
        .all(|i| i.item_id.supplier_part_aux_id.is_none()));
    assert_eq!(p.items[0].quantity, Decimal::from(2));
    assert_eq!(p.items[0].line_number, Some(10));
    assert_eq!(p.items[1].line_number, Some(20));
    assert_eq!(p.items[0].unit_price, Some(Decimal::new(76320, 2)));
    assert_eq!(
        p.items[0].description.as_deref(),
        Some("Excelsior Desk Chair")
    );
    let ship = p.ship_to.unwrap_or_default();
    assert_eq!(ship.name.as_deref(), Some("Acme"));
    assert_eq!(ship.country.as_deref(), Some("US"));
    assert_eq!(ship.contacts[0].phone.as_deref(), Some("+1 800 5551212"));
}

#[test]
fn officeluv_coupa_setup_request() {
    let Some(p) = posr("officeluv__punch_out_setup_request_doc_coupa.xml") else {
        return;
    };
    assert_eq!(p.operation, Operation::Create);
    assert_eq!(p.buyer_cookie, "c64af92dc27e68172e030d3dfd1bc944");
    let names: Vec<&str> = p.extrinsics.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "FirstName",
            "LastName",
            "UniqueName",
            "UserEmail",
            "User",
            "BusinessUnit"
        ]
    );
    assert_eq!(p.extrinsic("UserEmail"), Some("noah+jim@coupa.com"));
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("https://qa.coupahost.com/punchout/checkout/4")
    );
    assert_eq!(p.contacts[0].role.as_deref(), Some("endUser"));
    assert!(p.selected_item.is_none() && p.items.is_empty());
}

#[test]
fn officeluv_plain_and_ship_to_setup_requests() {
    if let Some(p) = posr("officeluv__punch_out_setup_request_doc.xml") {
        assert_eq!(p.operation, Operation::Create);
        assert_eq!(p.buyer_cookie, "demoSCAWIGP");
        assert_eq!(
            p.browser_form_post.as_deref(),
            Some("http://return_to_supplier_url.com")
        );
        assert_eq!(p.supplier_setup.as_deref(), Some("http://localhost:3000"));
        assert!(p.ship_to.is_none());
    }
    if let Some(p) = posr("officeluv__punch_out_setup_request_doc_with_ship_to.xml") {
        let ship = p.ship_to.unwrap_or_default();
        assert_eq!(ship.name.as_deref(), Some("jmadden"));
        assert_eq!(ship.identifier("buyer_assigned"), Some("3119"));
        assert_eq!(ship.address_lines, ["j maddedn", "333 East Hill Dr"]);
        assert_eq!(ship.city.as_deref(), Some("san leandro"));
        assert_eq!(
            ship.contacts[0].email.as_deref(),
            Some("jmadden@coupa1.com")
        );
        assert_eq!(ship.contacts[0].phone.as_deref(), Some("+1 855 8671234"));
    }
}

#[test]
fn chefworks_birchstreet_create() {
    let Some(bytes) = sample("chefworks__create.xml") else {
        return;
    };
    let r = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.doc.timestamp.as_deref(),
        Some("2016-04-20T04:34:19"),
        "zone-less timestamp kept raw"
    );
    let Some(p) = posr("chefworks__create.xml") else {
        return;
    };
    assert_eq!(p.operation, Operation::Create);
    assert_eq!(p.buyer_cookie, "x-yz-2016-16-34-19-286-BABABUBAM");
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("https://example.com/receive-itemsp-unchout")
    );
    assert!(p.extrinsics.is_empty());
}

#[test]
fn official_1_1_010_setup_request() {
    let Some(bytes) = sample("cxml-1.1.010-official__PunchOutSetupRequest.xml") else {
        return;
    };
    let r = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let h = r.doc.header.clone().unwrap_or_default();
    assert_eq!(h.from[0].domain, "AribaNetworkUserId");
    assert_eq!(h.sender[0].shared_secret.as_deref(), Some("coyote"));
    assert_eq!(h.user_agent.as_deref(), Some("Ariba ORMS 5.1P4"));
    let Some(p) = posr("cxml-1.1.010-official__PunchOutSetupRequest.xml") else {
        return;
    };
    assert_eq!(p.operation, Operation::Create);
    assert_eq!(p.buyer_cookie, "34234234ADFSDF234234");
    assert_eq!(p.extrinsic("randomKey"), Some("department code"));
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("http://ariba.acme.com:1616/punchoutexit")
    );
}

#[test]
fn every_corpus_setup_request_is_covered() {
    let covered = [
        "friendsofcxml__metadata__cxml__samples__PunchOutSetupRequest.xml",
        "officeluv__punch_out_setup_request_doc_coupa.xml",
        "officeluv__punch_out_setup_request_doc.xml",
        "officeluv__punch_out_setup_request_doc_with_ship_to.xml",
        "chefworks__create.xml",
        "cxml-1.1.010-official__PunchOutSetupRequest.xml",
    ];
    for (name, bytes) in all_samples() {
        if let Ok(r) = read(&bytes) {
            if let Body::Request {
                request: Request::PunchOutSetup(_),
                ..
            } = r.doc.body
            {
                assert!(covered.contains(&name.as_str()), "{name} has no test");
            }
        }
    }
}

#[test]
fn corpus_order_messages_read_back() {
    for (name, cookie, items) in [
        ("6-mils__PunchOutOrderMessage.xml", "1CX3L4843PPZO", 2),
        (
            "friendsofcxml__CXmlTest__Builder__fixtures__poom.xml",
            "1CX3L4843PPZO",
            2,
        ),
    ] {
        let Some(bytes) = sample(name) else {
            return;
        };
        let r = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Body::Message {
            message: Message::PunchOutOrder(m),
            ..
        } = r.doc.body
        else {
            panic!("{name}")
        };
        assert_eq!(m.buyer_cookie, cookie);
        assert_eq!(m.items.len(), items);
    }
    if let Some(bytes) = sample("6-mils__PunchOutOrderMessage.xml") {
        let r = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        if let Body::Message {
            message: Message::PunchOutOrder(m),
            ..
        } = r.doc.body
        {
            assert_eq!(
                m.items[0].item_id.supplier_part_aux_id.as_deref(),
                Some("E000028901")
            );
        }
    }
}

#[test]
fn every_corpus_file_reads_without_panicking() {
    let samples = all_samples();
    let mut ok = 0;
    for (name, bytes) in &samples {
        match read(bytes) {
            Ok(r) => {
                ok += 1;
                assert!(!r.doc.payload_id.is_empty(), "{name}");
            }
            Err(e) => println!("{name}: {e}"),
        }
    }
    if !samples.is_empty() {
        // Index, Supplier, Contract and the ItemIn fragment have no cXML root; all else reads.
        assert!(ok >= samples.len() - 6, "{ok} of {}", samples.len());
    }
}
