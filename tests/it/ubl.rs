//! UBL over `POST /edi`: a Peppol BIS 3 Order from the demo partner (EndpointID 0088:
//! 5412345000013 → 0088:5400000000003) becomes an order; duplicates, strangers and unusable
//! documents get precise answers; OrderCancellation cancels; the lifecycle answers with an
//! OrderResponse, a DespatchAdvice and an Invoice that the official UBL 2.1 XSDs accept (and the
//! invoice the EN 16931 and Peppol BIS Billing 3 schematrons).

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with, AppOptions, TestApp};
use crate::ubl_judge::judge_document;

const NS: &str = r#"xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2""#;

fn parties(buyer: &str, seller: &str) -> String {
    format!(
        r#"<cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">{buyer}</cbc:EndpointID>
      <cac:PartyIdentification><cbc:ID schemeID="0088">{buyer}</cbc:ID></cac:PartyIdentification>
      <cac:PartyName><cbc:Name>Demo Buyer Inc.</cbc:Name></cac:PartyName>
      <cac:PostalAddress><cbc:StreetName>Meir 1</cbc:StreetName><cbc:CityName>Antwerp</cbc:CityName><cbc:PostalZone>2000</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country></cac:PostalAddress></cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">{seller}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>b2bgate demo supplier</cbc:Name></cac:PartyName></cac:Party></cac:SellerSupplierParty>"#
    )
}

/// A Peppol Order `id` from `buyer` to `seller` with `lines` (part, quantity, price).
pub fn ubl_order(id: &str, buyer: &str, seller: &str, lines: &[(&str, &str, &str)]) -> String {
    let mut body = String::new();
    for (i, (part, qty, price)) in lines.iter().enumerate() {
        body.push_str(&format!(
            r#"
  <cac:OrderLine><cac:LineItem><cbc:ID>{n}</cbc:ID><cbc:Quantity unitCode="EA">{qty}</cbc:Quantity>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount></cac:Price>
    <cac:Item><cbc:Name>Item {part}</cbc:Name><cac:SellersItemIdentification><cbc:ID>{part}</cbc:ID></cac:SellersItemIdentification></cac:Item>
  </cac:LineItem></cac:OrderLine>"#,
            n = i + 1
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" {NS}>
  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:ordering:3</cbc:ProfileID>
  <cbc:ID>{id}</cbc:ID>
  <cbc:IssueDate>2026-11-24</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  {parties}{body}
</Order>"#,
        parties = parties(buyer, seller)
    )
}

fn demo_order(id: &str) -> String {
    ubl_order(
        id,
        "5412345000013",
        "5400000000003",
        &[
            ("OS-PAP-2001", "5", "3.95"),
            ("OS-PEN-1001-BL", "2", "5.90"),
        ],
    )
}

async fn post(app: &TestApp, body: String) -> (u16, Value) {
    let (status, _, text) = app.post_edi("application/xml", body).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn admin(app: &TestApp, path: &str) -> Value {
    app.get_admin(path).await.json().await.unwrap()
}

async fn orders(app: &TestApp) -> Vec<Value> {
    admin(app, "/api/orders?partner=demo-buyer").await["orders"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_peppol_order_becomes_an_order_once() {
    let app = spawn_app().await;
    let (status, receipt) = post(&app, demo_order("PO-U1")).await;
    assert_eq!(status, 202, "{receipt}");
    assert_eq!(receipt["partner_id"], "demo-buyer", "{receipt}");
    assert_eq!(receipt["syntax"], "ubl", "{receipt}");
    assert_eq!(receipt["sets"][0]["id"], "Order", "{receipt}");
    assert_eq!(receipt["orders"][0]["created"], true, "{receipt}");
    let list = orders(&app).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["order_number"], "PO-U1");
    assert_eq!(list[0]["syntax"], "ubl");
    let id = list[0]["id"].as_str().unwrap();
    let order = admin(&app, &format!("/api/orders/{id}")).await;
    let lines = order["order"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{order}");
    assert_eq!(lines[0]["supplier_part_id"], "OS-PAP-2001", "{order}");
    assert_eq!(lines[0]["quantity"], "5", "{order}");
    assert_eq!(order["order"]["currency"], "EUR", "{order}");

    // Plain UBL (not Peppol) may leave out the EndpointID schemeID: the id alone finds the
    // partner when only one has it.
    let plain = demo_order("PO-U1B").replacen(
        r#"<cbc:EndpointID schemeID="0088">5412345000013</cbc:EndpointID>"#,
        "<cbc:EndpointID>5412345000013</cbc:EndpointID>",
        1,
    );
    assert!(plain.contains("<cbc:EndpointID>5412345000013<"));
    let (status, receipt) = post(&app, plain).await;
    assert_eq!(status, 202, "{receipt}");
    assert_eq!(receipt["partner_id"], "demo-buyer", "{receipt}");

    // The same document again: 409, nothing new.
    let (status, body) = post(&app, demo_order("PO-U1")).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("duplicate"),
        "{body}"
    );
    assert_eq!(orders(&app).await.len(), 2, "PO-U1 and PO-U1B");
}

#[tokio::test]
async fn strangers_wrong_receivers_and_unusable_orders_are_refused() {
    let app = spawn_app().await;
    let stranger = ubl_order(
        "PO-X",
        "9999999999999",
        "5400000000003",
        &[("OS-PAP-2001", "1", "1")],
    );
    let (status, body) = post(&app, stranger).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("0088:9999999999999"),
        "{body}"
    );
    assert!(body["document_id"].is_string(), "{body}");

    let elsewhere = ubl_order(
        "PO-Y",
        "5412345000013",
        "5400000000010",
        &[("OS-PAP-2001", "1", "1")],
    );
    let (status, body) = post(&app, elsewhere).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("wrong receiver"),
        "{body}"
    );

    let no_lines = ubl_order("PO-Z", "5412345000013", "5400000000003", &[]);
    let (status, body) = post(&app, no_lines).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "invalid", "{body}");
    assert!(!body["issues"].as_array().unwrap().is_empty(), "{body}");

    let (status, body) = post(
        &app,
        "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><unclosed>".into(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(orders(&app).await.is_empty());

    // Every refusal was archived.
    let docs = admin(&app, "/api/documents?direction=inbound").await;
    let rejected = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] == "rejected" && d["syntax"] == "ubl")
        .count();
    assert_eq!(rejected, 4, "{docs}");
}

#[tokio::test]
async fn an_order_cancellation_cancels_the_order() {
    let app = spawn_app().await;
    let (status, body) = post(&app, demo_order("PO-U2")).await;
    assert_eq!(status, 202, "{body}");
    let cancel = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OrderCancellation xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderCancellation-2" {NS}>
  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order_cancellation:3</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:advanced_ordering:3</cbc:ProfileID>
  <cbc:ID>CANCEL-1</cbc:ID>
  <cbc:IssueDate>2026-11-25</cbc:IssueDate>
  <cbc:CancellationNote>Ordered twice</cbc:CancellationNote>
  <cac:OrderReference><cbc:ID>PO-U2</cbc:ID></cac:OrderReference>
  {}
</OrderCancellation>"#,
        parties("5412345000013", "5400000000003")
    );
    let (status, body) = post(&app, cancel).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["changes"][0]["order_number"], "PO-U2", "{body}");
    assert!(body["changes"][0]["refused"].is_null(), "{body}");
    let list = orders(&app).await;
    assert_eq!(list[0]["status"], "cancelled", "{list:?}");
}

#[tokio::test]
async fn ubl_orders_are_answered_with_schema_valid_order_response_despatch_advice_and_invoice() {
    let (url, rx, _h) = crate::relay::receiver(vec![]).await;
    let app = spawn_app_with(AppOptions {
        partner_env: vec![("DEMO_BUYER_UBL_URL".into(), url)],
        ..Default::default()
    })
    .await;
    // The first line's unit is written the way many partners do (`PCS`, not Rec 20): the model
    // reads it as `PCE`, and everything we send says `H87`, which EN 16931 (BR-CL-23) accepts.
    let order = demo_order("PO-U3").replacen(r#"unitCode="EA""#, r#"unitCode="PCS""#, 1);
    let (status, body) = post(&app, order).await;
    assert_eq!(status, 202, "{body}");
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    app.confirm_ship_invoice(&id, "U3", "ubl").await;
    let posts = rx.posts(3).await;
    let bodies: Vec<String> = posts
        .into_iter()
        .map(|b| String::from_utf8(b).unwrap())
        .collect();
    for (doc, root) in [
        ("OrderResponse", "<OrderResponse "),
        ("DespatchAdvice", "<DespatchAdvice "),
        ("Invoice", "<Invoice "),
    ] {
        let xml = bodies
            .iter()
            .find(|b| b.contains(root))
            .unwrap_or_else(|| panic!("no {doc} delivered: {bodies:?}"));
        assert!(xml.contains("schemeID=\"0088\">5412345000013<"), "{xml}");
        assert!(xml.contains("schemeID=\"0088\">5400000000003<"), "{xml}");
        assert!(xml.contains(r#"unitCode="H87""#), "{xml}");
        assert!(!xml.contains(r#"unitCode="PCE""#), "{xml}");
        if let Some(verdict) = judge_document(xml, doc) {
            verdict.unwrap_or_else(|e| panic!("our {doc} fails a judge: {e}\n{xml}"));
        }
    }
}
