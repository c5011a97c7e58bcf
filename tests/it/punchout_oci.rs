//! SAP OCI 4.0/5.0 over real HTTP: login, HOOK_URL splitting, return fields, DETAIL, VALIDATE,
//! BACKGROUND_SEARCH, wrong credentials.

use crate::helpers::{form_by_id, spawn_app, TestApp};
use crate::punchout_cxml::{add, catalog_items, transfer_html};

const HOOK: &str = "https://srm.example/sap/bc/srm/oci_return?sap-client=100&note=a%20b%26c#frag";

fn login_query(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = [
        ("USERNAME", "demo-oci"),
        ("PASSWORD", "demo-oci-secret"),
        ("HOOK_URL", HOOK),
        ("~OkCode", "ADDI"),
        ("~TARGET", "_top"),
        ("~CALLER", "CTLG"),
        ("OCI_VERSION", "4.0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        q.retain(|(qk, _)| qk != k);
        q.push((k.to_string(), v.to_string()));
    }
    q
}

async fn login(app: &TestApp, extra: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .get(app.url("/oci/login"))
        .query(&login_query(extra))
        .send()
        .await
        .unwrap()
}

fn session_base(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap();
    loc.split("/p/")
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_owned()
}

#[tokio::test]
async fn login_shop_and_return_oci_fields_to_the_hook_url() {
    let app = spawn_app().await;
    let base = session_base(&login(&app, &[]).await);
    let items = catalog_items(&app, &base, "").await;
    let part = items[0]["supplier_part_id"].as_str().unwrap().to_owned();
    let price: rust_decimal::Decimal = items[0]["price"].as_str().unwrap().parse().unwrap();
    assert_eq!(add(&app, &base, &part, "2").await.status(), 201);
    let html = transfer_html(&app, &base).await;
    let form = form_by_id(&html, "cart-return");
    // HOOK_URL without its query string and fragment; its parameters become hidden fields.
    assert_eq!(form.action, "https://srm.example/sap/bc/srm/oci_return");
    assert_eq!(form.target.as_deref(), Some("_top"));
    assert_eq!(form.get("sap-client"), Some("100"));
    assert_eq!(form.get("note"), Some("a b&c"));
    assert_eq!(form.get("~OkCode"), Some("ADDI"));
    assert_eq!(form.get("~CALLER"), Some("CTLG"));
    let desc = form.get("NEW_ITEM-DESCRIPTION[1]").unwrap();
    assert!(!desc.is_empty() && desc.chars().count() <= 40, "{desc}");
    assert_eq!(form.get("NEW_ITEM-QUANTITY[1]"), Some("2"));
    assert_eq!(form.get("NEW_ITEM-VENDORMAT[1]"), Some(part.as_str()));
    assert_eq!(form.get("NEW_ITEM-CURRENCY[1]"), Some("EUR"));
    let unit = form.get("NEW_ITEM-UNIT[1]").unwrap();
    assert!(
        !["EA", "EACH", "ST"].contains(&unit),
        "ISO unit, got {unit}"
    );
    let priceunit: rust_decimal::Decimal = form
        .get("NEW_ITEM-PRICEUNIT[1]")
        .unwrap_or("1")
        .parse()
        .unwrap();
    let sent: rust_decimal::Decimal = form.get("NEW_ITEM-PRICE[1]").unwrap().parse().unwrap();
    assert_eq!(sent / priceunit, price, "PRICE is per PRICEUNIT");
    assert!(
        !form.get("NEW_ITEM-PRICE[1]").unwrap().starts_with('0')
            || sent < rust_decimal::Decimal::ONE,
        "no zero padding"
    );
    assert!(form.get("NEW_ITEM-EXT_PRODUCT_ID[1]").is_some());
    // The cart is archived as an outbound OCI document.
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    assert!(docs
        .iter()
        .any(|d| d.syntax == "oci" && d.direction == "outbound"));
}

#[tokio::test]
async fn wrong_credentials_get_401_and_no_session() {
    let app = spawn_app().await;
    for extra in [
        vec![("PASSWORD", "nope")],
        vec![("USERNAME", "someone-else")],
        vec![("PASSWORD", "")],
    ] {
        let r = login(&app, &extra).await;
        assert_eq!(r.status(), 401, "{extra:?}");
        assert!(r.headers().get("location").is_none());
        assert!(r.text().await.unwrap().contains("Login failed"));
    }
    let r = login(&app, &[("HOOK_URL", "")]).await;
    assert_eq!(r.status(), 422, "no HOOK_URL");
}

#[tokio::test]
async fn post_login_works_like_get() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/oci/login"))
        .form(&login_query(&[]))
        .send()
        .await
        .unwrap();
    let base = session_base(&r);
    assert!(!catalog_items(&app, &base, "").await.is_empty());
}

#[tokio::test]
async fn detail_lands_on_the_product_page() {
    let app = spawn_app().await;
    let base = session_base(&login(&app, &[]).await);
    let part = catalog_items(&app, &base, "").await[3]["supplier_part_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = login(&app, &[("FUNCTION", "DETAIL"), ("PRODUCTID", &part)]).await;
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(loc.ends_with(&format!("/p/{part}")), "{loc}");
    let page = app.client.get(app.url(&loc)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains(&part));
}

#[tokio::test]
async fn validate_answers_at_once_with_the_cart_form() {
    let app = spawn_app().await;
    let base = session_base(&login(&app, &[]).await);
    let items = catalog_items(&app, &base, "").await;
    let part = items[5]["supplier_part_id"].as_str().unwrap().to_owned();
    let r = login(
        &app,
        &[
            ("FUNCTION", "VALIDATE"),
            ("PRODUCTID", &part),
            ("QUANTITY", "5"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200, "same URL, no redirect");
    let form = form_by_id(&r.text().await.unwrap(), "cart-return");
    assert_eq!(form.get("NEW_ITEM-VENDORMAT[1]"), Some(part.as_str()));
    assert_eq!(form.get("NEW_ITEM-QUANTITY[1]"), Some("5"));
    assert!(form.get("NEW_ITEM-DESCRIPTION[2]").is_none());
    let r = login(
        &app,
        &[("FUNCTION", "VALIDATE"), ("PRODUCTID", "NO-SUCH-PART")],
    )
    .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn background_search_returns_every_hit_without_ui() {
    let app = spawn_app().await;
    let base = session_base(&login(&app, &[]).await);
    let items = catalog_items(&app, &base, "").await;
    let word = items[0]["description"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_lowercase();
    let hits = catalog_items(&app, &base, &word).await;
    assert!(!hits.is_empty());
    let r = login(
        &app,
        &[("FUNCTION", "BACKGROUND_SEARCH"), ("SEARCHSTRING", &word)],
    )
    .await;
    assert_eq!(r.status(), 200);
    let form = form_by_id(&r.text().await.unwrap(), "cart-return");
    let n = form
        .fields
        .iter()
        .filter(|(k, _)| k.starts_with("NEW_ITEM-DESCRIPTION["))
        .count();
    assert_eq!(n, hits.len(), "one line per hit for `{word}`");
}
