//! cXML purchase orders and the order lifecycle over real HTTP: OrderRequest in (new, update,
//! delete, duplicates, attachments, mismatches, errors), ProfileRequest, then confirmation, ship
//! notice and invoice out through the outbox to a local buyer endpoint, validated against the
//! official DTDs.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::conformance::corpus;
use crate::helpers::{spawn_app_with, write_file, xmllint_dtd, AppOptions, TestApp, ADMIN_TOKEN};
use crate::punchout_cxml::status_of;
use crate::relay::{cxml_status, receiver};

/// One ItemOut: part, aux id, quantity, unit price.
pub struct Line<'a>(pub &'a str, pub Option<&'a str>, pub &'a str, pub &'a str);

/// An OrderRequest from the demo buyer.
pub fn order_request(
    payload_id: &str,
    order_id: &str,
    kind: &str,
    secret: &str,
    lines: &[Line<'_>],
    extra_header: &str,
) -> String {
    let mut items = String::new();
    let mut total = rust_decimal::Decimal::ZERO;
    for (i, Line(part, aux, qty, price)) in lines.iter().enumerate() {
        total += qty.parse::<rust_decimal::Decimal>().unwrap()
            * price.parse::<rust_decimal::Decimal>().unwrap();
        let aux = aux
            .map(|a| format!("<SupplierPartAuxiliaryID>{a}</SupplierPartAuxiliaryID>"))
            .unwrap_or_default();
        items.push_str(&format!(
            r#"
      <ItemOut quantity="{qty}" lineNumber="{n}" requestedDeliveryDate="2026-12-0{n}">
        <ItemID><SupplierPartID>{part}</SupplierPartID>{aux}</ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="EUR">{price}</Money></UnitPrice>
          <Description xml:lang="en">Item {part}</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">44121704</Classification>
        </ItemDetail>
        <Tax><Money currency="EUR">0.00</Money><Description xml:lang="en">line tax</Description>
          <TaxDetail purpose="tax" category="vat" percentageRate="19"><TaxAmount><Money currency="EUR">0.00</Money></TaxAmount></TaxDetail>
        </Tax>
        <Comments xml:lang="en">line comment {n}</Comments>
      </ItemOut>"#,
            n = i + 1
        ));
    }
    // `kind` may carry a deployment mode: "new@test".
    let (kind, mode) = kind.split_once('@').unwrap_or((kind, "production"));
    let reference = if kind == "new" {
        String::new()
    } else {
        r#"<DocumentReference payloadID="1700000000.first@buyer.example"/>"#.to_owned()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="{payload_id}" timestamp="2026-11-24T10:00:00-05:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN01000000001</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN01000000001</Identity><SharedSecret>{secret}</SharedSecret></Credential>
      <UserAgent>Test Procurement 1.0</UserAgent></Sender>
  </Header>
  <Request deploymentMode="{mode}">
    <OrderRequest>
      <OrderRequestHeader orderID="{order_id}" orderDate="2026-11-24T09:00:00-05:00" type="{kind}" orderVersion="1">
        <Total><Money currency="EUR">{total}</Money></Total>
        <ShipTo><Address addressID="HQ"><Name xml:lang="en">Buyer HQ</Name>
          <PostalAddress><DeliverTo>Jane Buyer</DeliverTo><Street>1 Main St</Street><City>Springfield</City>
          <State>IL</State><PostalCode>62701</PostalCode><Country isoCountryCode="US">United States</Country></PostalAddress>
        </Address></ShipTo>
        <BillTo><Address addressID="AP"><Name xml:lang="en">Buyer Accounts Payable</Name>
          <PostalAddress><Street>2 Money Rd</Street><City>Springfield</City><PostalCode>62702</PostalCode>
          <Country isoCountryCode="US">United States</Country></PostalAddress>
        </Address></BillTo>
        <Shipping><Money currency="EUR">12.50</Money><Description xml:lang="en">Ground</Description></Shipping>
        <Tax><Money currency="EUR">0.00</Money><Description xml:lang="en">VAT</Description>
          <TaxDetail purpose="tax" category="vat" percentageRate="19"><TaxAmount><Money currency="EUR">0.00</Money></TaxAmount></TaxDetail>
        </Tax>
        <Contact role="buyer"><Name xml:lang="en">Jane Buyer</Name><Email>jane@buyer.example</Email></Contact>
        {extra_header}
        {reference}
        <Extrinsic name="CostCenter">4711</Extrinsic>
      </OrderRequestHeader>{items}
    </OrderRequest>
  </Request>
</cXML>"#
    )
}

const SECRET: &str = "demo-shared-secret";

/// The app with the demo partner delivering its cXML documents to `url`.
async fn app_delivering_to(url: &str) -> TestApp {
    spawn_app_with(AppOptions {
        partner_env: vec![("DEMO_BUYER_CXML_URL".into(), url.into())],
        ..AppOptions::default()
    })
    .await
}

async fn post(app: &TestApp, body: String, content_type: &str) -> (u16, String) {
    let r = app
        .client
        .post(app.url("/cxml"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn admin_post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// A lifecycle step on order `id`: `confirmation`, `shipments` or `invoices`.
async fn act(app: &TestApp, id: &str, what: &str, body: Value) -> (u16, Value) {
    admin_post(app, &format!("/api/orders/{id}/{what}"), body).await
}

async fn admin_get(app: &TestApp, path: &str) -> Value {
    let r = app.get_admin(path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

async fn order_id(app: &TestApp, order_number: &str) -> String {
    let list = admin_get(app, &format!("/api/orders?order_number={order_number}")).await;
    let orders = list["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{list}");
    orders[0]["id"].as_str().unwrap().to_owned()
}

async fn wait_job_state(app: &TestApp, state: &str, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let jobs = admin_get(app, &format!("/api/outbox?state={state}")).await["jobs"]
            .as_array()
            .unwrap()
            .clone();
        if jobs.len() >= n {
            return jobs;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {n} jobs {state}",
            jobs.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn order_request_is_stored_once_and_answered_after_commit() {
    let (url, _rx, _h) = receiver(vec![]).await;
    let app = app_delivering_to(&url).await;
    let body = order_request(
        "1700000000.first@buyer.example",
        "PO-1001",
        "new",
        SECRET,
        &[
            Line("OS-PAP-2001", None, "5", "3.95"),
            Line("OS-PEN-1001-BL", None, "2", "5.90"),
        ],
        "",
    );
    let (status, xml) = post(&app, body.clone(), "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(status_of(&xml), ("200".into(), "OK".into()), "{xml}");

    let id = order_id(&app, "PO-1001").await;
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["status"], "received");
    assert_eq!(view["syntax"], "cxml");
    assert_eq!(
        view["flags"],
        json!([]),
        "prices match the contract: {view}"
    );
    assert_eq!(view["source_control_id"], "1700000000.first@buyer.example");
    let order = &view["order"];
    assert_eq!(order["lines"].as_array().unwrap().len(), 2);
    assert_eq!(order["lines"][0]["supplier_part_id"], "OS-PAP-2001");
    assert_eq!(order["lines"][0]["unit_price"], "3.95");
    assert_eq!(order["lines"][1]["requested_delivery_date"], "2026-12-02");
    assert_eq!(order["ship_to"]["city"], "Springfield");
    assert_eq!(order["bill_to"]["name"], "Buyer Accounts Payable");
    assert_eq!(order["currency"], "EUR");
    assert_eq!(order["extrinsics"]["CostCenter"], "4711");

    // The archived request has the secret masked.
    let doc_id = view["documents"][0]["id"].as_str().unwrap();
    let raw = app
        .get_admin(&format!("/api/documents/{doc_id}/raw"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!raw.contains(SECRET) && raw.contains("OS-PAP-2001"));

    // The same payloadID again: 200, nothing new.
    let (status, xml) = post(&app, body, "text/xml").await;
    assert_eq!((status, status_of(&xml).0.as_str()), (200, "200"), "{xml}");
    assert_eq!(
        app.store
            .count_orders("demo-buyer", "PO-1001")
            .await
            .unwrap(),
        1
    );
    let docs = admin_get(&app, "/api/documents?type=purchase_order").await;
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1, "{docs}");

    // A different document reusing the order number as a new order: 409 with the way out.
    let other = order_request(
        "1700000000.other@buyer.example",
        "PO-1001",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        "",
    );
    let (status, xml) = post(&app, other, "text/xml").await;
    assert_eq!(status, 200, "cXML answers errors in the Status: {xml}");
    assert_eq!(status_of(&xml).0, "409");
    assert!(
        xml.contains("type=&quot;update&quot;") || xml.contains("type=\"update\""),
        "{xml}"
    );
}

#[tokio::test]
async fn wrong_secret_and_malformed_orders_get_cxml_errors_and_are_archived() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let body = order_request(
        "p1@b",
        "PO-X",
        "new",
        "wrong-secret",
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        "",
    );
    let (status, xml) = post(&app, body, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(status_of(&xml).0, "401");
    let (status, xml) = post(&app, "<cXML><Request><OrderRequest>".into(), "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(status_of(&xml).0, "400");
    // A quantity that is no number: 406 naming the element.
    let bad = order_request(
        "p2@b",
        "PO-Y",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        "",
    )
    .replace("quantity=\"1\"", "quantity=\"one\"");
    let (status, xml) = post(&app, bad, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(status_of(&xml).0, "406");
    assert!(xml.contains("quantity"), "{xml}");
    assert_eq!(
        app.store.count_orders("demo-buyer", "PO-X").await.unwrap(),
        0
    );
    assert_eq!(
        app.store.count_orders("demo-buyer", "PO-Y").await.unwrap(),
        0
    );
    let docs = admin_get(&app, "/api/documents?direction=inbound").await;
    let docs = docs["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3, "every request is archived: {docs:?}");
    assert!(docs.iter().all(|d| d["status"] == "rejected"));
}

#[tokio::test]
async fn update_replaces_the_order_and_delete_cancels_it() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let lines = [Line("OS-PAP-2001", None, "5", "3.95")];
    let first = order_request(
        "1700000000.first@buyer.example",
        "PO-2",
        "new",
        SECRET,
        &lines,
        "",
    );
    assert_eq!(post(&app, first, "text/xml").await.0, 200);
    let id = order_id(&app, "PO-2").await;
    // Confirm, then the buyer changes the order: a new version that must be confirmed again.
    let (s, _) = act(&app, &id, "confirmation", json!({"status": "accept"})).await;
    assert_eq!(s, 201);
    let update = order_request(
        "1700000000.second@buyer.example",
        "PO-2",
        "update",
        SECRET,
        &[
            Line("OS-PAP-2001", None, "12", "3.79"),
            Line("OS-PEN-1001-BL", None, "1", "5.90"),
        ],
        "",
    );
    let (status, xml) = post(&app, update, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["version"], 2);
    assert_eq!(
        view["status"], "received",
        "a changed order is confirmed again"
    );
    assert_eq!(view["order"]["purpose"], "replace");
    assert_eq!(view["order"]["lines"].as_array().unwrap().len(), 2);
    assert_eq!(view["versions"][0]["version"], 1);
    assert_eq!(view["source_control_id"], "1700000000.second@buyer.example");

    let delete = order_request(
        "1700000000.third@buyer.example",
        "PO-2",
        "delete",
        SECRET,
        &lines,
        "",
    );
    assert_eq!(post(&app, delete, "text/xml").await.0, 200);
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["status"], "cancelled");
    assert_eq!(view["version"], 3);
    // Nothing ships on a cancelled order.
    let (s, body) = act(&app, &id, "shipments", json!({"shipment_id": "S1"})).await;
    assert_eq!(s, 409, "{body}");

    // Cancelling an order that has shipped is refused.
    let o3 = order_request("p3@b", "PO-3", "new", SECRET, &lines, "");
    assert_eq!(post(&app, o3, "text/xml").await.0, 200);
    let id3 = order_id(&app, "PO-3").await;
    let (s, body) = act(&app, &id3, "shipments", json!({"shipment_id": "S1"})).await;
    assert_eq!(s, 201, "{body}");
    let del3 = order_request("p4@b", "PO-3", "delete", SECRET, &lines, "");
    let (status, xml) = post(&app, del3.clone(), "text/xml").await;
    assert_eq!((status, status_of(&xml).0.as_str()), (200, "409"), "{xml}");
    assert!(xml.contains("already shipped"), "{xml}");
    // Sent again, it gets the same refusal, not a duplicate's 200.
    let (_, xml) = post(&app, del3, "text/xml").await;
    assert_eq!(status_of(&xml).0, "409", "{xml}");
    assert!(xml.contains("already shipped"), "{xml}");
    // Deleting an order never received: refused with the reason.
    let del4 = order_request("p5@b", "PO-404", "delete", SECRET, &lines, "");
    let (status, xml) = post(&app, del4, "text/xml").await;
    assert_eq!((status, status_of(&xml).0.as_str()), (200, "409"), "{xml}");
    assert!(xml.contains("no order PO-404"), "{xml}");
}

#[tokio::test]
async fn lines_that_differ_from_catalog_or_cart_are_flagged_or_refused() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let body = order_request(
        "m1@b",
        "PO-M",
        "new@test",
        SECRET,
        &[
            Line("OS-PAP-2001", None, "5", "2.00"),
            Line("NOT-IN-CATALOG", None, "1", "1.00"),
            Line("OS-PEN-1001-BL", Some("Configured-77"), "1", "5.90"),
        ],
        "",
    );
    let (status, xml) = post(&app, body, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    let id = order_id(&app, "PO-M").await;
    let flags = admin_get(&app, &format!("/api/orders/{id}")).await["flags"].clone();
    let flags: Vec<String> = serde_json::from_value(flags).unwrap();
    assert!(flags.iter().any(|f| f.contains("test mode")), "{flags:?}");
    assert!(
        flags
            .iter()
            .any(|f| f.contains("line 1") && f.contains("3.95")),
        "{flags:?}"
    );
    assert!(
        flags
            .iter()
            .any(|f| f.contains("NOT-IN-CATALOG is not in catalog demo")),
        "{flags:?}"
    );
    assert!(
        flags
            .iter()
            .any(|f| f.contains("Configured-77") && f.contains("no punched-out cart")),
        "{flags:?}"
    );

    // A partner that wants such orders refused.
    let dir = tempfile::tempdir().unwrap();
    let demo =
        std::fs::read_to_string(crate::helpers::repo_root().join("partners/demo-buyer.toml"))
            .unwrap()
            .replace(
                "discount_percent = 5",
                "discount_percent = 5\norder_mismatch = \"reject\"",
            );
    write_file(dir.path(), "strict.toml", &demo);
    let strict = spawn_app_with(AppOptions {
        partners_dir: Some(dir.path().to_owned()),
        ..AppOptions::default()
    })
    .await;
    let body = order_request(
        "m2@b",
        "PO-S",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "5", "2.00")],
        "",
    );
    let (status, xml) = post(&strict, body, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(status_of(&xml).0, "406");
    assert!(xml.contains("contract price"), "{xml}");
    assert_eq!(
        strict.store.count_orders("strict", "PO-S").await.unwrap(),
        0
    );
}

#[tokio::test]
async fn multipart_order_keeps_its_attachments() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let comments = r#"<Comments xml:lang="en">See drawing<Attachment><URL>cid:drawing-1@buyer.example</URL></Attachment></Comments>"#;
    let xml = order_request(
        "a1@b",
        "PO-A",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        comments,
    );
    let pdf = b"%PDF-1.4\n% test drawing \xe2\x9c\x93\n%%EOF\n";
    let b64 = base64_encode(pdf);
    let body = format!(
        "--kdflkajfdksa12\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-ID: <order@buyer.example>\r\n\r\n{xml}\r\n\
         --kdflkajfdksa12\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\
         Content-ID: <drawing-1@buyer.example>\r\nContent-Disposition: attachment; filename=\"drawing.pdf\"\r\n\r\n{b64}\r\n\
         --kdflkajfdksa12--\r\n"
    );
    let (status, resp) = post(
        &app,
        body,
        "multipart/related; boundary=\"kdflkajfdksa12\"; type=\"text/xml\"; start=\"<order@buyer.example>\"",
    )
    .await;
    assert_eq!(status, 200, "{resp}");
    let id = order_id(&app, "PO-A").await;
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["flags"], json!([]), "{view}");
    let att = &view["attachments"][0];
    assert_eq!(att["filename"], "drawing.pdf");
    assert_eq!(att["content_id"], "drawing-1@buyer.example");
    let r = app
        .get_admin(&format!("/api/attachments/{}", att["id"].as_str().unwrap()))
        .await;
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf);

    // An attachment referenced but not sent is flagged.
    let xml = order_request(
        "a2@b",
        "PO-B",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        comments,
    );
    assert_eq!(post(&app, xml, "text/xml").await.0, 200);
    let id = order_id(&app, "PO-B").await;
    let flags = admin_get(&app, &format!("/api/orders/{id}")).await["flags"].to_string();
    assert!(flags.contains("cid:drawing-1@buyer.example"), "{flags}");
}

fn base64_encode(bytes: &[u8]) -> String {
    b2bgate::pipeline::punchout::base64_encode(bytes)
}

#[tokio::test]
async fn profile_request_lists_every_request_we_answer() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let body = order_request("pr@b", "X", "new", SECRET, &[], "");
    let start = body.find("<OrderRequest>").unwrap();
    let end = body.find("</OrderRequest>").unwrap() + "</OrderRequest>".len();
    let profile = format!("{}<ProfileRequest/>{}", &body[..start], &body[end..]);
    let (status, xml) = post(&app, profile, "text/xml").await;
    assert_eq!(status, 200, "{xml}");
    for name in ["OrderRequest", "ProfileRequest", "PunchOutSetupRequest"] {
        assert!(
            xml.contains(&format!(
                "<Transaction requestName=\"{name}\">\n        <URL>{}/cxml</URL>",
                app.address
            )),
            "{name}: {xml}"
        );
    }
    if let Some(r) = xmllint_dtd(&xml, "cXML.dtd") {
        r.unwrap_or_else(|e| panic!("ProfileResponse invalid: {e}\n{xml}"));
    }
}

#[tokio::test]
async fn corpus_order_requests_are_received() {
    let Some(root) = corpus() else { return };
    let dir = root.join("cxml/samples");
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let mut received = 0;
    let mut numbers = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let raw = std::fs::read_to_string(&path).unwrap();
        if !raw.contains("<OrderRequest") || name.contains("SGML") || raw.contains("<CopyRequest") {
            continue;
        }
        // Re-address the sample to the demo partner: the sample's own credentials are not ours.
        let Some(h0) = raw.find("<Header>") else {
            continue;
        };
        let h1 = raw.find("</Header>").unwrap() + "</Header>".len();
        let header = format!(
            "<Header><From><Credential domain=\"NetworkID\"><Identity>AN01000000001</Identity></Credential></From>\
             <To><Credential domain=\"DUNS\"><Identity>123456789</Identity></Credential></To>\
             <Sender><Credential domain=\"NetworkID\"><Identity>AN01000000001</Identity><SharedSecret>{SECRET}</SharedSecret></Credential>\
             <UserAgent>corpus</UserAgent></Sender></Header>"
        );
        let doc = format!("{}{header}{}", &raw[..h0], &raw[h1..]);
        let (status, xml) = post(&app, doc.clone(), "text/xml").await;
        assert_eq!(status, 200, "{name}: {xml}");
        if name == "chefworks__order.xml" {
            // Broken sample: its ItemOut sits inside a nested PunchOutOrderMessage.
            assert_eq!(status_of(&xml).0, "406", "{name}: {xml}");
            assert!(xml.contains("OrderRequest has no ItemOut"), "{xml}");
            continue;
        }
        let i = doc.find("orderID=\"").unwrap() + 9;
        let number = doc[i..i + doc[i..].find('"').unwrap()].to_owned();
        if numbers.insert(number) {
            assert_eq!(status_of(&xml).0, "200", "{name}: {xml}");
            received += 1;
        } else {
            // Two samples copy the same official order under other payloadIDs.
            assert_eq!(status_of(&xml).0, "409", "{name}: {xml}");
        }
    }
    assert!(received >= 4, "only {received} corpus OrderRequests");
    let orders = admin_get(&app, "/api/orders?partner=demo-buyer").await;
    assert_eq!(
        orders["orders"].as_array().unwrap().len(),
        numbers.len(),
        "{orders}"
    );
}

#[tokio::test]
async fn lifecycle_documents_go_out_in_cxml_and_validate_against_the_dtds() {
    let (url, rx, _h) = receiver(vec![]).await;
    let app = app_delivering_to(&url).await;
    let body = order_request(
        "1700000000.first@buyer.example",
        "PO-L",
        "new",
        SECRET,
        &[
            Line("OS-PAP-2001", None, "10", "3.79"),
            Line("OS-PEN-1001-BL", Some("Blue"), "4", "5.90"),
            Line("OS-PAP-2001", None, "2", "3.95"),
        ],
        "",
    );
    assert_eq!(post(&app, body, "text/xml").await.0, 200);
    let id = order_id(&app, "PO-L").await;

    // Confirmation: line 2 partly backordered, line 3 rejected.
    let (s, conf) = act(&app, &id, "confirmation",
        json!({"status": "detail", "delivery_date": "2026-12-10", "lines": [
            {"line_number": 2, "status": "backordered", "quantity": "3", "backordered_quantity": "1"},
            {"line_number": 3, "status": "reject", "reason": "discontinued"}
        ]}),
    )
    .await;
    assert_eq!(s, 201, "{conf}");
    assert_eq!(conf["syntax"], "cxml");
    assert_eq!(conf["delivery"], url);
    assert_eq!(conf["document"]["status"], "changed");
    assert_eq!(
        admin_get(&app, &format!("/api/orders/{id}")).await["status"],
        "confirmed"
    );

    // Line 2 has 3 confirmed and 1 backordered: 5 cannot ship.
    let (s, err) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "SH-0", "lines": [{"line_number": 2, "quantity": "5"}]}),
    )
    .await;
    assert_eq!(s, 409, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("allow_over_shipment"),
        "{err}"
    );

    // Ship everything confirmed (default lines), in two packages.
    let (s, ship) = act(&app, &id, "shipments",
        json!({"shipment_id": "SH-1", "carrier": "UPS", "carrier_code": "UPSN",
               "tracking_number": "1Z999AA10123456784", "ship_date": "2026-11-25",
               "delivery_date": "2026-11-28",
               "packages": [{"sscc": "003456789012345675", "lines": [{"line_number": 1, "quantity": "10"}]},
                            {"sscc": "003456789012345682", "lines": [{"line_number": 2, "quantity": "3"}]}]}),
    )
    .await;
    assert_eq!(s, 201, "{ship}");
    let shipped_lines = ship["document"]["orders"][0]["lines"].as_array().unwrap();
    assert_eq!(
        shipped_lines.len(),
        2,
        "the rejected line does not ship: {ship}"
    );
    assert_eq!(
        admin_get(&app, &format!("/api/orders/{id}")).await["status"],
        "shipped"
    );
    // Same shipment id again: the first shipment, nothing new.
    let (s, again) = act(&app, &id, "shipments", json!({"shipment_id": "SH-1"})).await;
    assert_eq!(
        (s, again["duplicate"].as_bool()),
        (200, Some(true)),
        "{again}"
    );
    // The backordered unit ships later (default lines: what is left), then nothing is left.
    let (s, later) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "SH-2", "carrier": "UPS", "tracking_number": "1Z999AA10123456791"}),
    )
    .await;
    assert_eq!(s, 201, "{later}");
    assert_eq!(later["document"]["orders"][0]["lines"][0]["quantity"], "1");
    let (s, _) = act(&app, &id, "shipments", json!({"shipment_id": "SH-3"})).await;
    assert_eq!(s, 409);

    // Invoice what shipped, with 19 % VAT from the order and its shipping charge.
    let (s, inv) = act(
        &app,
        &id,
        "invoices",
        json!({"invoice_number": "INV-1", "net_days": 30}),
    )
    .await;
    assert_eq!(s, 201, "{inv}");
    let totals = &inv["document"]["totals"];
    // 10 × 3.79 + 4 × 5.90 = 61.50; VAT 7.20 + 4.48 (per line, to the cent); shipping 12.50.
    assert_eq!(totals["subtotal"], "61.50", "{inv}");
    assert_eq!(totals["tax"], "11.68", "{inv}");
    assert_eq!(totals["shipping"], "12.50", "{inv}");
    assert_eq!(totals["total"], "85.68", "{inv}");
    assert_eq!(
        admin_get(&app, &format!("/api/orders/{id}")).await["status"],
        "invoiced"
    );
    let (s, err) = act(
        &app,
        &id,
        "invoices",
        json!({"invoice_number": "INV-2", "lines": [{"line_number": 1, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(s, 409, "over-invoicing is refused: {err}");
    let (s, _) = act(&app, &id, "invoices",
        json!({"invoice_number": "INV-2", "allow_over_invoice": true, "lines": [{"line_number": 1, "quantity": "1"}]}),
    )
    .await;
    assert_eq!(s, 201, "unless asked for explicitly");

    // Everything reached the buyer, in order of issue, as valid cXML.
    let posts = rx.posts(5).await;
    let docs: Vec<String> = posts
        .iter()
        .map(|b| String::from_utf8(b.clone()).unwrap())
        .collect();
    let find = |name: &str| {
        docs.iter()
            .find(|d| d.contains(name))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let confirmation = find("<ConfirmationRequest");
    let notice = find("shipmentID=\"SH-1\"");
    let invoice = find("invoiceID=\"INV-1\"");
    // Every document delivered (confirmation, both ship notices, both invoices) is valid.
    for doc in &docs {
        let dtd = if doc.contains("<InvoiceDetailRequest") {
            "InvoiceDetail.dtd"
        } else {
            "Fulfill.dtd"
        };
        assert!(doc.contains("<SharedSecret>demo-shared-secret</SharedSecret>"));
        assert!(
            doc.contains("payloadID=\"1700000000.first@buyer.example\""),
            "refers to the order: {doc}"
        );
        if let Some(r) = xmllint_dtd(doc, dtd) {
            r.unwrap_or_else(|e| panic!("invalid against {dtd}: {e}\n{doc}"));
        }
    }
    assert!(
        confirmation.contains("type=\"backordered\""),
        "{confirmation}"
    );
    assert!(confirmation.contains("type=\"reject\""), "{confirmation}");
    assert!(notice.contains("1Z999AA10123456784"), "{notice}");
    assert!(invoice.contains("invoiceID=\"INV-1\""), "{invoice}");
    // Confirmation, two ship notices, two invoices.
    let jobs = wait_job_state(&app, "done", 5).await;
    assert_eq!(jobs.len(), 5);
}

/// A shipment id or tracking number holding a character XML cannot carry would reach the buyer
/// changed: it is refused with the element named, nothing is archived or queued; a comment that
/// loses one still goes out, with the warning kept on the archived document.
#[tokio::test]
async fn a_shipment_id_xml_cannot_carry_is_refused_not_changed() {
    let (url, rx, _h) = receiver(vec![]).await;
    let app = app_delivering_to(&url).await;
    let body = order_request(
        "1700000000.xmlchar@buyer.example",
        "PO-X",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "2", "3.79")],
        "",
    );
    assert_eq!(post(&app, body, "text/xml").await.0, 200);
    let id = order_id(&app, "PO-X").await;
    let outbound_notices = || async {
        admin_get(&app, "/api/documents?direction=outbound").await["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["doc_type"] == "ship_notice")
            .cloned()
            .collect::<Vec<_>>()
    };

    let (s, err) = act(&app, &id, "shipments", json!({"shipment_id": "SH\u{1}1"})).await;
    assert_eq!(s, 422, "{err}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("shipmentID") && message.contains("XML 1.0 cannot carry"),
        "{err}"
    );
    assert!(outbound_notices().await.is_empty());
    // A tracking number is an identifier: one XML cannot carry is refused, not changed.
    let (s, err) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "SH-2", "carrier": "UPS", "tracking_number": "1Z\u{1}99"}),
    )
    .await;
    assert_eq!(s, 422, "{err}");
    assert!(outbound_notices().await.is_empty());

    let (s, ship) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "SH-1", "carrier": "UPS", "tracking_number": "1Z999AA10123456784",
               "comments": ["Fragile\u{7} goods"]}),
    )
    .await;
    assert_eq!(s, 201, "{ship}");
    let notices = outbound_notices().await;
    assert_eq!(notices.len(), 1, "{notices:?}");
    let meta = admin_get(
        &app,
        &format!("/api/documents/{}", notices[0]["id"].as_str().unwrap()),
    )
    .await;
    assert!(
        meta["issues"].as_array().unwrap().iter().any(|i| i
            .as_str()
            .is_some_and(|i| i.contains("Comments") && i.contains("left out"))),
        "{meta}"
    );
    let posted = String::from_utf8(rx.posts(1).await.remove(0)).unwrap();
    assert!(posted.contains("shipmentID=\"SH-1\""), "{posted}");
    assert!(
        posted.contains("Fragile goods") && !posted.contains("&#7;"),
        "{posted}"
    );
    if let Some(r) = xmllint_dtd(&posted, "Fulfill.dtd") {
        r.unwrap_or_else(|e| panic!("invalid against Fulfill.dtd: {e}\n{posted}"));
    }
}

#[tokio::test]
async fn outbound_documents_are_retried_after_500_and_dead_lettered_on_cxml_4xx() {
    let (url, rx, _h) = receiver(vec![
        (500, None, "busy".into()),
        (200, None, cxml_status(200, "OK", "")),
        (
            200,
            None,
            cxml_status(406, "Not Acceptable", "unknown order reference"),
        ),
    ])
    .await;
    let app = app_delivering_to(&url).await;
    let lines = [Line("OS-PAP-2001", None, "1", "3.95")];
    assert_eq!(
        post(
            &app,
            order_request("r1@b", "PO-R", "new", SECRET, &lines, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    let id = order_id(&app, "PO-R").await;
    let (s, _) = act(&app, &id, "confirmation", json!({"status": "accept"})).await;
    assert_eq!(s, 201);
    // 500, then 200: the same bytes twice.
    let posts = rx.posts(2).await;
    assert_eq!(posts[0], posts[1], "a retry resends the identical document");
    wait_job_state(&app, "done", 1).await;
    // cXML 406 in a 200 answer: dead-lettered with the partner's text, no retry.
    let (s, _) = act(&app, &id, "shipments", json!({"shipment_id": "S"})).await;
    assert_eq!(s, 201);
    let dead = wait_job_state(&app, "dead", 1).await;
    assert!(
        dead[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("unknown order reference"),
        "{dead:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        rx.seen.lock().unwrap().len(),
        3,
        "no retry after a permanent failure"
    );
}

#[tokio::test]
async fn concurrent_shipments_never_ship_more_than_was_ordered() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let lines = [Line("OS-PAP-2001", None, "6", "3.95")];
    assert_eq!(
        post(
            &app,
            order_request("c1@b", "PO-C", "new", SECRET, &lines, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    let id = order_id(&app, "PO-C").await;
    let calls = (0..8).map(|i| {
        let (app, id) = (&app, &id);
        async move {
            admin_post(
                app,
                &format!("/api/orders/{id}/shipments"),
                json!({"shipment_id": format!("S{i}"), "lines": [{"line_number": 1, "quantity": "4"}]}),
            )
            .await
            .0
        }
    });
    let mut statuses = futures_util::future::join_all(calls).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 409, 409, 409, 409, 409, 409, 409]);
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["fulfilments"].as_array().unwrap().len(), 1, "{view}");
}

#[tokio::test]
async fn orders_from_the_json_api_are_answered_in_canonical_json_and_not_sent() {
    let (url, rx, _h) = receiver(vec![]).await;
    let app = app_delivering_to(&url).await;
    let r = app
        .post_order("demo-buyer", crate::helpers::order_json("ERP-1"))
        .await;
    assert_eq!(r.status(), 201);
    let id = order_id(&app, "ERP-1").await;
    let (s, conf) = act(
        &app,
        &id,
        "confirmation",
        json!({"status": "reject", "reason": "credit hold"}),
    )
    .await;
    assert_eq!(s, 201, "{conf}");
    assert_eq!(conf["syntax"], "json");
    assert_eq!(conf["delivery"], Value::Null);
    assert_eq!(conf["document"]["status"], "rejected");
    assert_eq!(conf["document"]["reason"], "credit hold");
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["status"], "rejected");
    // A rejected order is neither shipped nor invoiced.
    let (s, _) = act(&app, &id, "invoices", json!({"invoice_number": "I"})).await;
    assert_eq!(s, 409);
    // Bad requests name the field.
    let (s, err) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "S", "lines": [{"line_number": 1, "quantity": 2}]}),
    )
    .await;
    assert_eq!(s, 400, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("lines[0].quantity"),
        "{err}"
    );
    let (s, _) = admin_post(
        &app,
        "/api/orders/nope/confirmation",
        json!({"status": "accept"}),
    )
    .await;
    assert_eq!(s, 404);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(rx.seen.lock().unwrap().is_empty(), "nothing is delivered");
}

#[tokio::test]
async fn shipments_follow_the_current_version_and_its_backorders() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let ten = [Line("OS-PAP-2001", None, "10", "3.79")];
    assert_eq!(
        post(
            &app,
            order_request("v1@b", "PO-V", "new", SECRET, &ten, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    let id = order_id(&app, "PO-V").await;
    assert_eq!(
        act(&app, &id, "confirmation", json!({"status": "accept"}))
            .await
            .0,
        201
    );
    // The buyer cuts the order to 2: the old confirmation of 10 no longer counts.
    let two = [Line("OS-PAP-2001", None, "2", "3.95")];
    assert_eq!(
        post(
            &app,
            order_request("v2@b", "PO-V", "update", SECRET, &two, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    let (s, err) = act(
        &app,
        &id,
        "shipments",
        json!({"shipment_id": "S1", "lines": [{"line_number": 1, "quantity": "10"}]}),
    )
    .await;
    assert_eq!(s, 409, "{err}");
    // Confirm 1 now and 1 on backorder; both may ship, in two shipments.
    let (s, c) = act(&app, &id, "confirmation",
        json!({"status": "detail", "lines": [{"line_number": 1, "status": "backordered", "quantity": "1", "backordered_quantity": "1"}]}),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(c["number"], "PO-V-C2", "numbers count every confirmation");
    assert_eq!(
        act(
            &app,
            &id,
            "shipments",
            json!({"shipment_id": "S1", "lines": [{"line_number": 1, "quantity": "1"}]})
        )
        .await
        .0,
        201
    );
    assert_eq!(
        act(&app, &id, "shipments", json!({"shipment_id": "S2"}))
            .await
            .0,
        201,
        "the backordered unit ships later"
    );
    assert_eq!(
        act(&app, &id, "shipments", json!({"shipment_id": "S3"}))
            .await
            .0,
        409
    );
    // Prices round half away from zero: 1 × 0.125 is 0.13, not banker's 0.12.
    let (s, inv) = act(&app, &id, "invoices",
        json!({"invoice_number": "I1", "tax_rate": "0", "lines": [{"line_number": 1, "quantity": "1", "unit_price": "0.125"}]}),
    )
    .await;
    assert_eq!(s, 201, "{inv}");
    assert_eq!(inv["document"]["totals"]["subtotal"], "0.13", "{inv}");
    // Absurd numbers are refused, never a crash.
    let huge = "79228162514264337593543950335";
    let (s, err) = act(&app, &id, "invoices",
        json!({"invoice_number": "I2", "allow_over_invoice": true, "lines": [{"line_number": 1, "quantity": huge, "unit_price": huge}]}),
    )
    .await;
    assert_eq!(s, 422, "{err}");
    let (s, _) = act(&app, &id, "confirmation",
        json!({"status": "detail", "lines": [{"line_number": 1, "quantity": huge, "backordered_quantity": huge}]}),
    )
    .await;
    assert!(s == 422 || s == 409, "{s}");
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn secrets_are_masked_in_every_archived_copy() {
    let (url, rx, _h) = receiver(vec![]).await;
    let app = app_delivering_to(&url).await;
    // A multipart order whose root part is base64: archived decoded, with the secret masked.
    let xml = order_request(
        "b64@b",
        "PO-64",
        "new",
        SECRET,
        &[Line("OS-PAP-2001", None, "1", "3.95")],
        "",
    );
    let body = format!(
        "--b\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64_encode(xml.as_bytes())
    );
    let (status, resp) = post(
        &app,
        body,
        "multipart/related; boundary=b; type=\"text/xml\"",
    )
    .await;
    assert_eq!(
        (status, status_of(&resp).0.as_str()),
        (200, "200"),
        "{resp}"
    );
    let id = order_id(&app, "PO-64").await;
    assert_eq!(
        act(&app, &id, "confirmation", json!({"status": "accept"}))
            .await
            .0,
        201
    );
    // The buyer gets the secret; no archived document holds it.
    let posts = rx.posts(1).await;
    assert!(String::from_utf8_lossy(&posts[0])
        .contains(&format!("<SharedSecret>{SECRET}</SharedSecret>")));
    let docs = admin_get(&app, "/api/documents").await;
    for d in docs["documents"].as_array().unwrap() {
        let raw = app
            .get_admin(&format!("/api/documents/{}/raw", d["id"].as_str().unwrap()))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !raw.contains(SECRET),
            "{} holds the secret: {raw}",
            d["doc_type"]
        );
        assert!(raw.contains("<SharedSecret>***</SharedSecret>"), "{raw}");
    }
}

#[tokio::test]
async fn an_update_reopens_a_cancelled_order() {
    let app = app_delivering_to("http://127.0.0.1:9/none").await;
    let lines = [Line("OS-PAP-2001", None, "1", "3.95")];
    assert_eq!(
        post(
            &app,
            order_request("o1@b", "PO-O", "new", SECRET, &lines, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    assert_eq!(
        post(
            &app,
            order_request("o2@b", "PO-O", "delete", SECRET, &lines, ""),
            "text/xml"
        )
        .await
        .0,
        200
    );
    let id = order_id(&app, "PO-O").await;
    assert_eq!(
        admin_get(&app, &format!("/api/orders/{id}")).await["status"],
        "cancelled"
    );
    let (_, xml) = post(
        &app,
        order_request("o3@b", "PO-O", "update", SECRET, &lines, ""),
        "text/xml",
    )
    .await;
    assert_eq!(status_of(&xml).0, "200", "{xml}");
    let view = admin_get(&app, &format!("/api/orders/{id}")).await;
    assert_eq!(view["status"], "received");
    assert!(view["flags"].to_string().contains("reopened"), "{view}");
}
