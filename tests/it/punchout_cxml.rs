//! cXML punchout over real HTTP: setup request → StartPage → shop API → transfer → the form the
//! buyer's browser posts, parsed and DTD-validated; edit, inspect, errors, XXE, expiry.

use std::time::Duration;

use crate::conformance::corpus;
use crate::helpers::{
    form_by_id, spawn_app, spawn_app_with, test_partners_dir, xmllint_dtd, AppOptions, TestApp,
};

const RETURN_URL: &str = "https://buyer.example/punchout/return?session=42&x=a%20b";

/// A PunchOutSetupRequest from the demo buyer.
pub fn setup_request(operation: &str, cookie: &str, secret: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1700000000.{cookie}@buyer.example" timestamp="2026-11-24T10:00:00-05:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="networkid"><Identity>AN01000000001</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
    <Sender>
      <Credential domain="NetworkID"><Identity>AN01000000001</Identity><SharedSecret>{secret}</SharedSecret></Credential>
      <UserAgent>Test Procurement 1.0</UserAgent>
    </Sender>
  </Header>
  <Request deploymentMode="test">
    <PunchOutSetupRequest operation="{operation}">
      <BuyerCookie>{cookie}</BuyerCookie>
      <Extrinsic name="UserEmail">jane.buyer@buyer.example</Extrinsic>
      <Extrinsic name="CostCenter">4711</Extrinsic>
      <BrowserFormPost><URL>{}</URL></BrowserFormPost>
      <ShipTo><Address addressID="HQ"><Name xml:lang="en">Buyer HQ</Name>
        <PostalAddress><DeliverTo>Jane Buyer</DeliverTo><Street>1 Main St</Street><City>Springfield</City>
        <State>IL</State><PostalCode>62701</PostalCode><Country isoCountryCode="US">United States</Country></PostalAddress>
      </Address></ShipTo>
      {items}
    </PunchOutSetupRequest>
  </Request>
</cXML>"#,
        RETURN_URL.replace('&', "&amp;")
    )
}

pub async fn post_cxml(app: &TestApp, body: impl Into<reqwest::Body>) -> String {
    let r = app
        .client
        .post(app.url("/cxml"))
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    text
}

pub fn status_of(xml: &str) -> (String, String) {
    let i = xml
        .find("<Status")
        .unwrap_or_else(|| panic!("no Status in {xml}"));
    let tag = &xml[i..i + xml[i..].find('>').unwrap()];
    let get = |a: &str| {
        let p = format!("{a}=\"");
        let s = tag.find(&p).unwrap() + p.len();
        tag[s..s + tag[s..].find('"').unwrap()].to_owned()
    };
    (get("code"), get("text"))
}

pub fn start_url(xml: &str) -> String {
    let i = xml
        .find("<StartPage>")
        .unwrap_or_else(|| panic!("no StartPage in {xml}"));
    let s = xml[i..].find("<URL>").unwrap() + i + 5;
    let e = xml[s..].find("</URL>").unwrap() + s;
    crate::helpers::html_unescape(&xml[s..e])
}

/// Start a session; returns its `/punchout/s/{sid}` base path.
pub async fn start_session(app: &TestApp, request: String) -> String {
    let xml = post_cxml(app, request).await;
    assert_eq!(status_of(&xml), ("200".into(), "OK".into()), "{xml}");
    let url = start_url(&xml);
    assert!(
        url.starts_with(&format!("{}/punchout/start/", app.address)),
        "{url}"
    );
    let r = app.client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/punchout/s/"), "{location}");
    session_base_of(&location)
}

/// `/punchout/s/{sid}` from any URL inside a session.
pub fn session_base_of(location: &str) -> String {
    location.split('/').take(4).collect::<Vec<_>>().join("/")
}

/// The session's cart as the JSON API returns it.
pub async fn cart_of(app: &TestApp, base: &str) -> serde_json::Value {
    app.client
        .get(app.url(&format!("{base}/api/cart")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn catalog_items(app: &TestApp, base: &str, q: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = app
        .client
        .get(app.url(&format!("{base}/api/catalog?q={q}&limit=50")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["items"].as_array().unwrap().clone()
}

pub async fn add(app: &TestApp, base: &str, part: &str, qty: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("{base}/api/cart/items")))
        .json(&serde_json::json!({"supplier_part_id": part, "quantity": qty}))
        .send()
        .await
        .unwrap()
}

/// The auto-submitting return page of a transfer (asserting it is a 200).
pub async fn transfer_html(app: &TestApp, base: &str) -> String {
    let r = app
        .client
        .post(app.url(&format!("{base}/transfer")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// The cXML inside a cart-return form.
fn poom_of(form: &crate::helpers::Form) -> String {
    if let Some(x) = form.get("cxml-urlencoded") {
        return x.to_owned();
    }
    let b64 = form.get("cxml-base64").expect("a cXML field");
    String::from_utf8(crate::helpers::base64_decode(b64).unwrap()).unwrap()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[tokio::test]
async fn create_shop_transfer_returns_a_valid_order_message() {
    let app = spawn_app().await;
    let base = start_session(
        &app,
        setup_request("create", "cookie-create-1", "demo-shared-secret", ""),
    )
    .await;

    // Start links are one-time: the second use gets a clear page, not a session.
    let items = catalog_items(&app, &base, "").await;
    assert!(items.len() >= 2, "demo catalog is loaded");
    let a = items[0]["supplier_part_id"].as_str().unwrap().to_owned();
    let b = items[1]["supplier_part_id"].as_str().unwrap().to_owned();
    assert_eq!(add(&app, &base, &a, "3").await.status(), 201);
    assert_eq!(add(&app, &base, &b, "1").await.status(), 201);
    assert_eq!(
        add(&app, &base, &a, "2").await.status(),
        201,
        "same item again grows the line"
    );
    let cart = cart_of(&app, &base).await;
    assert_eq!(cart["items"].as_array().unwrap().len(), 2);
    assert_eq!(cart["items"][0]["quantity"], "5");
    let total: rust_decimal::Decimal = cart["total"].as_str().unwrap().parse().unwrap();

    let html = transfer_html(&app, &base).await;
    let form = form_by_id(&html, "cart-return");
    assert_eq!(form.action, RETURN_URL, "posts to BrowserFormPost verbatim");
    let xml = poom_of(&form);
    assert!(xml.is_ascii(), "cxml-urlencoded must be US-ASCII");
    assert!(
        xml.contains("<BuyerCookie>cookie-create-1</BuyerCookie>"),
        "{xml}"
    );
    assert!(xml.contains("operationAllowed=\"edit\""), "{xml}");
    assert_eq!(count(&xml, "<ItemIn "), 2, "{xml}");
    assert!(!xml.contains("SharedSecret"), "never a secret in a POOM");
    assert!(xml.contains(&format!("<SupplierPartID>{a}</SupplierPartID>")));
    assert!(
        xml.contains(&format!(
            "<Money currency=\"EUR\">{}</Money>",
            total.round_dp(2)
        )),
        "total {total} in {xml}"
    );
    assert!(xml.contains("<Classification domain=\"UNSPSC\">"));
    if let Some(r) = xmllint_dtd(&xml, "cXML.dtd") {
        r.expect("POOM is valid against the cXML 1.2.071 DTD");
    }

    // After the transfer the cart is closed.
    let r = add(&app, &base, &a, "1").await;
    assert_eq!(r.status(), 409);
    // The setup request is archived with its secret masked; the cart as an outbound document.
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    let setup = docs
        .iter()
        .find(|d| d.doc_type.as_deref() == Some("punchout_setup_request"))
        .expect("setup archived");
    assert_eq!(setup.status, "accepted");
    let raw = app
        .store
        .get_document_raw(&setup.id)
        .await
        .unwrap()
        .unwrap();
    let raw = String::from_utf8(raw.body).unwrap();
    assert!(
        !raw.contains("demo-shared-secret") && raw.contains("<SharedSecret>***</SharedSecret>")
    );
    let out = docs
        .iter()
        .find(|d| d.direction == "outbound")
        .expect("cart archived");
    assert_eq!(out.doc_type.as_deref(), Some("punchout_cart"));
    let raw_out = app.store.get_document_raw(&out.id).await.unwrap().unwrap();
    assert_eq!(String::from_utf8(raw_out.body).unwrap(), xml);
}

#[tokio::test]
async fn start_links_are_one_time() {
    let app = spawn_app().await;
    let xml = post_cxml(
        &app,
        setup_request("create", "c-once", "demo-shared-secret", ""),
    )
    .await;
    let url = start_url(&xml);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 303);
    let again = app.client.get(&url).send().await.unwrap();
    assert_eq!(again.status(), 410);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("expired or was already used"));
    let bogus = app
        .client
        .get(app.url("/punchout/start/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), 410);
    let unknown = app
        .client
        .get(app.url(&format!("/punchout/s/{}/", "ab".repeat(32))))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert!(unknown.text().await.unwrap().contains("does not exist"));
}

#[tokio::test]
async fn edit_restores_the_cart_and_aux_ids_round_trip() {
    let app = spawn_app().await;
    let base = start_session(
        &app,
        setup_request("create", "c0", "demo-shared-secret", ""),
    )
    .await;
    let items = catalog_items(&app, &base, "").await;
    let part = items[0]["supplier_part_id"].as_str().unwrap();
    let aux = items[0]["supplier_part_aux_id"].as_str();
    let aux_xml = aux
        .map(|a| format!("<SupplierPartAuxiliaryID>{a}</SupplierPartAuxiliaryID>"))
        .unwrap_or_default();
    let item_outs = format!(
        r#"<ItemOut quantity="4" lineNumber="1"><ItemID><SupplierPartID>{part}</SupplierPartID>{aux_xml}</ItemID>
             <ItemDetail><UnitPrice><Money currency="EUR">1.00</Money></UnitPrice><Description xml:lang="en">old text</Description>
             <UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">44121706</Classification></ItemDetail></ItemOut>
           <ItemOut quantity="2" lineNumber="2"><ItemID><SupplierPartID>LEGACY-1</SupplierPartID>
             <SupplierPartAuxiliaryID>cfg=blue; size=XL &amp; more</SupplierPartAuxiliaryID></ItemID>
             <ItemDetail><UnitPrice><Money currency="EUR">12.34</Money></UnitPrice><Description xml:lang="en">Discontinued item</Description>
             <UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">44121706</Classification></ItemDetail></ItemOut>"#
    );
    let base = start_session(
        &app,
        setup_request("edit", "c-edit", "demo-shared-secret", &item_outs),
    )
    .await;
    let cart = cart_of(&app, &base).await;
    assert_eq!(cart["operation"], "edit");
    let lines = cart["items"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{cart}");
    assert_eq!(lines[0]["supplier_part_id"], part);
    assert_eq!(lines[0]["quantity"], "4");
    assert_ne!(
        lines[0]["unit_price"], "1.00",
        "a catalog item gets today's contract price"
    );
    assert_eq!(lines[1]["supplier_part_aux_id"], "cfg=blue; size=XL & more");
    assert_eq!(
        lines[1]["unit_price"], "12.34",
        "a line not in the catalog is kept as sent"
    );

    let html = transfer_html(&app, &base).await;
    let xml = poom_of(&form_by_id(&html, "cart-return"));
    assert!(xml.contains("<BuyerCookie>c-edit</BuyerCookie>"));
    assert!(
        xml.contains(
            "<SupplierPartAuxiliaryID>cfg=blue; size=XL &amp; more</SupplierPartAuxiliaryID>"
        ),
        "{xml}"
    );
    if let Some(r) = xmllint_dtd(&xml, "cXML.dtd") {
        r.expect("valid POOM");
    }
}

#[tokio::test]
async fn an_empty_cart_on_edit_asks_for_confirmation_first() {
    let app = spawn_app().await;
    let base = start_session(
        &app,
        setup_request("create", "c0", "demo-shared-secret", ""),
    )
    .await;
    let part = catalog_items(&app, &base, "").await[0]["supplier_part_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item_outs = format!(
        r#"<ItemOut quantity="1"><ItemID><SupplierPartID>{part}</SupplierPartID></ItemID>
           <ItemDetail><UnitPrice><Money currency="EUR">1</Money></UnitPrice><Description xml:lang="en">x</Description>
           <UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">1</Classification></ItemDetail></ItemOut>"#
    );
    let base = start_session(
        &app,
        setup_request("edit", "c-empty", "demo-shared-secret", &item_outs),
    )
    .await;
    // Remove the only line through the HTML form.
    let r = app
        .client
        .post(app.url(&format!("{base}/cart/update")))
        .form(&[("q1", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let html = transfer_html(&app, &base).await;
    assert!(html.contains("Return an empty cart?"), "{html}");
    assert!(!html.contains("cart-return"));
    let r = app
        .client
        .post(app.url(&format!("{base}/transfer")))
        .form(&[("confirm_empty", "1")])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let xml = poom_of(&form_by_id(&html, "cart-return"));
    assert_eq!(count(&xml, "<ItemIn "), 0);
    assert!(xml.contains("<BuyerCookie>c-empty</BuyerCookie>"));
    if let Some(r) = xmllint_dtd(&xml, "cXML.dtd") {
        r.expect("valid empty POOM");
    }
}

#[tokio::test]
async fn inspect_is_read_only_and_returns_no_items() {
    let app = spawn_app().await;
    let item_outs = r#"<ItemOut quantity="3"><ItemID><SupplierPartID>ANY-1</SupplierPartID></ItemID>
        <ItemDetail><UnitPrice><Money currency="EUR">2.50</Money></UnitPrice><Description xml:lang="en">Something</Description>
        <UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">44121706</Classification></ItemDetail></ItemOut>"#;
    let base = start_session(
        &app,
        setup_request("inspect", "c-inspect", "demo-shared-secret", item_outs),
    )
    .await;
    let page = app
        .client
        .get(app.url(&format!("{base}/cart")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Something") && page.contains("cannot be changed"));
    assert!(
        !page.contains("name=\"q1\""),
        "no quantity inputs when inspecting"
    );
    let any = catalog_items(&app, &base, "").await[0]["supplier_part_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(add(&app, &base, &any, "1").await.status(), 409);
    let html = transfer_html(&app, &base).await;
    let xml = poom_of(&form_by_id(&html, "cart-return"));
    assert!(xml.contains("operationAllowed=\"inspect\""), "{xml}");
    assert_eq!(count(&xml, "<ItemIn "), 0);
}

#[tokio::test]
async fn errors_answer_with_precise_cxml_status() {
    let app = spawn_app().await;
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            setup_request("create", "c", "wrong-secret", ""),
            "401",
            "Unauthorized",
            "SharedSecret does not match",
        ),
        (
            setup_request("create", "c", "demo-shared-secret", "").replace(
                "AN01000000001</Identity></Credential></From>",
                "AN09999</Identity></Credential></From>",
            ),
            "401",
            "Unauthorized",
            "AN09999",
        ),
        (
            "<cXML payloadID=\"x\"><Header>".to_owned(),
            "400",
            "Bad Request",
            "",
        ),
        ("not xml at all".to_owned(), "400", "Bad Request", ""),
        (
            setup_request("create", "c", "demo-shared-secret", "")
                .replace("<BrowserFormPost><URL>", "<!--")
                .replace("</URL></BrowserFormPost>", "-->"),
            "406",
            "Not Acceptable",
            "BrowserFormPost",
        ),
        (
            setup_request("source", "c", "demo-shared-secret", ""),
            "450",
            "Not Implemented",
            "source",
        ),
        (
            setup_request("create", "c", "demo-shared-secret", "")
                .replace(
                    "<PunchOutSetupRequest operation=\"create\">",
                    "<SubscriptionListRequest/><PunchOutSetupRequestX operation=\"create\">",
                )
                .replace("</PunchOutSetupRequest>", "</PunchOutSetupRequestX>"),
            "450",
            "Not Implemented",
            "SubscriptionListRequest",
        ),
    ];
    for (body, code, text, needle) in cases {
        let xml = post_cxml(&app, body.clone()).await;
        let (c, t) = status_of(&xml);
        assert_eq!((c.as_str(), t.as_str()), (code, text), "{xml}");
        assert!(xml.contains(needle), "`{needle}` in {xml}");
        assert!(!xml.contains("StartPage"));
    }
    // Every one of them was archived raw as rejected.
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    assert_eq!(docs.len(), 7);
    assert!(docs.iter().all(|d| d.status == "rejected"), "{docs:?}");
}

#[tokio::test]
async fn external_entities_are_never_resolved() {
    let app = spawn_app().await;
    let body = setup_request("create", "&xxe;", "demo-shared-secret", "").replace(
        "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">",
        "<!DOCTYPE cXML [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>",
    );
    let xml = post_cxml(&app, body).await;
    assert!(!xml.contains("root:"), "{xml}");
    if xml.contains("<StartPage>") {
        // Accepted without the entity: nothing from the file reaches the cart either.
        let url = start_url(&xml);
        let r = app.client.get(&url).send().await.unwrap();
        let base = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_end_matches('/')
            .to_owned();
        let html = transfer_html(&app, &base).await;
        let poom = poom_of(&form_by_id(&html, "cart-return"));
        assert!(!poom.contains("root:"), "{poom}");
    }
}

#[tokio::test]
async fn oversize_bodies_get_413() {
    let app = spawn_app_with(AppOptions {
        body_limit: Some(4096),
        ..AppOptions::default()
    })
    .await;
    let big = setup_request("create", &"x".repeat(8192), "demo-shared-secret", "");
    let r = app
        .client
        .post(app.url("/cxml"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn expired_sessions_get_a_clear_page() {
    let app = spawn_app_with(AppOptions {
        session_ttl: Some(Duration::from_millis(300)),
        ..AppOptions::default()
    })
    .await;
    let xml = post_cxml(
        &app,
        setup_request("create", "c-exp", "demo-shared-secret", ""),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = app.client.get(start_url(&xml)).send().await.unwrap();
    assert_eq!(r.status(), 410);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Start again from your procurement system"));
}

#[tokio::test]
async fn real_setup_requests_from_the_corpus_start_sessions() {
    let Some(root) = corpus() else { return };
    let app = spawn_app_with(AppOptions {
        partners_dir: Some(test_partners_dir()),
        ..AppOptions::default()
    })
    .await;
    for (file, cookie) in [
        (
            "officeluv__punch_out_setup_request_doc_coupa.xml",
            "c64af92dc27e68172e030d3dfd1bc944",
        ),
        (
            "cxml-1.1.010-official__PunchOutSetupRequest.xml",
            "34234234ADFSDF234234",
        ),
        (
            "friendsofcxml__metadata__cxml__samples__PunchOutSetupRequest.xml",
            "550bce3e592023b2e7b015307f965133",
        ),
        ("chefworks__create.xml", "x-yz-2016-16-34-19-286-BABABUBAM"),
    ] {
        let body = std::fs::read(root.join("cxml/samples").join(file)).unwrap();
        let xml = post_cxml(&app, body).await;
        assert_eq!(status_of(&xml).0, "200", "{file}: {xml}");
        let url = start_url(&xml);
        let r = app.client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 303, "{file}");
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let base = session_base_of(&location);
        if file.starts_with("friendsofcxml") {
            // Level 2: the selected item is not in our catalog, so the buyer lands on a search.
            assert!(location.ends_with("/?q=4545321"), "{location}");
        }
        let items = catalog_items(&app, &base, "").await;
        let part = items[0]["supplier_part_id"].as_str().unwrap();
        assert_eq!(add(&app, &base, part, "2").await.status(), 201);
        let html = transfer_html(&app, &base).await;
        let form = form_by_id(&html, "cart-return");
        let xml = poom_of(&form);
        assert!(
            xml.contains(&format!("<BuyerCookie>{cookie}</BuyerCookie>")),
            "{file}: {xml}"
        );
        if file.starts_with("cxml-1.1.010") {
            assert!(
                form.get("cxml-base64").is_some(),
                "ariba-acme returns base64"
            );
        }
        if let Some(r) = xmllint_dtd(&xml, "cXML.dtd") {
            r.unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}

#[tokio::test]
async fn level_2_lands_on_the_selected_product() {
    let app = spawn_app().await;
    let base = start_session(
        &app,
        setup_request("create", "c0", "demo-shared-secret", ""),
    )
    .await;
    let part = catalog_items(&app, &base, "").await[7]["supplier_part_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let request = setup_request("create", "c-l2", "demo-shared-secret", "").replace(
        "</ShipTo>",
        &format!("</ShipTo><SelectedItem><ItemID><SupplierPartID>{part}</SupplierPartID></ItemID></SelectedItem>"),
    );
    let xml = post_cxml(&app, request).await;
    let r = app.client.get(start_url(&xml)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with(&format!("/p/{part}")), "{location}");
    let page = app.client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&part) && html.contains("Add to cart"));
}

#[tokio::test]
async fn concurrent_adds_never_lose_a_line_and_a_double_transfer_is_refused() {
    let app = spawn_app().await;
    let base = start_session(
        &app,
        setup_request("create", "c-race", "demo-shared-secret", ""),
    )
    .await;
    let items = catalog_items(&app, &base, "").await;
    let parts: Vec<String> = items
        .iter()
        .take(12)
        .map(|i| i["supplier_part_id"].as_str().unwrap().to_owned())
        .collect();
    let mut tasks = Vec::new();
    for part in parts.clone() {
        let (client, url) = (
            app.client.clone(),
            app.url(&format!("{base}/api/cart/items")),
        );
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .json(&serde_json::json!({"supplier_part_id": part, "quantity": "2"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 201);
    }
    let cart = cart_of(&app, &base).await;
    assert_eq!(
        cart["items"].as_array().unwrap().len(),
        parts.len(),
        "{cart}"
    );

    // Two transfers at once: exactly one gets the form, the other a clear refusal.
    let (a, b) = tokio::join!(
        app.client.post(app.url(&format!("{base}/transfer"))).send(),
        app.client.post(app.url(&format!("{base}/transfer"))).send()
    );
    let mut statuses = vec![a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409]);
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    let sent: Vec<_> = docs.iter().filter(|d| d.direction == "outbound").collect();
    assert_eq!(sent.len(), 1, "one returned cart, archived once");
    let raw = app
        .store
        .get_document_raw(&sent[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        String::from_utf8(raw.body)
            .unwrap()
            .matches("<ItemIn ")
            .count(),
        parts.len()
    );
}
