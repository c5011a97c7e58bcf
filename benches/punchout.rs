//! Punchout codec throughput: reading a PunchOutSetupRequest and writing the response, and
//! rendering the PunchOutOrderMessage for carts of 10 and 100 lines.
//!
//! Reproduce: `cargo bench --bench punchout` (divan; the README's "Measured" table quotes the
//! medians).

use codec::cxml::{self, Credential, Limits, Meta, OperationAllowed, PoomParams};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use model::{CartItem, Classification, PunchoutCart};
use rust_decimal::Decimal;

fn main() {
    divan::main();
}

const SETUP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1700000000.1@buyer.example" timestamp="2026-11-24T10:00:00-05:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN01000000001</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN01000000001</Identity>
      <SharedSecret>demo-shared-secret</SharedSecret></Credential><UserAgent>Bench 1.0</UserAgent></Sender>
  </Header>
  <Request deploymentMode="production">
    <PunchOutSetupRequest operation="create">
      <BuyerCookie>550bce3e592023b2e7b015307f965133</BuyerCookie>
      <Extrinsic name="UserEmail">jane.buyer@buyer.example</Extrinsic>
      <Extrinsic name="CostCenter">4711</Extrinsic>
      <BrowserFormPost><URL>https://buyer.example/punchout/return</URL></BrowserFormPost>
      <ShipTo><Address addressID="HQ"><Name xml:lang="en">Buyer HQ</Name>
        <PostalAddress><DeliverTo>Jane Buyer</DeliverTo><Street>1 Main St</Street><City>Springfield</City>
        <State>IL</State><PostalCode>62701</PostalCode><Country isoCountryCode="US">United States</Country></PostalAddress>
      </Address></ShipTo>
    </PunchOutSetupRequest>
  </Request>
</cXML>"#;

fn meta() -> Meta {
    Meta {
        payload_id: "1732442400000.42@gateway.example".to_owned(),
        timestamp: "2026-11-24T10:00:00+00:00".to_owned(),
        lang: "en-US".to_owned(),
    }
}

/// Read a PunchOutSetupRequest and write the PunchOutSetupResponse (the codec part of a
/// punchout start; the HTTP round trip adds authentication and one database insert).
#[divan::bench]
fn setup_request_to_response(bencher: Bencher) {
    bencher.counter(BytesCount::of_str(SETUP)).bench(|| {
        let read = cxml::read(black_box(SETUP.as_bytes())).expect("valid setup request");
        let cookie_len = match &read.doc.body {
            cxml::Body::Request {
                request: cxml::Request::PunchOutSetup(p),
                ..
            } => p.buyer_cookie.len(),
            _ => 0,
        };
        black_box(cookie_len);
        cxml::write_punchout_setup_response(
            &meta(),
            "https://gateway.example/punchout/start/0123456789abcdef0123456789abcdef",
        )
    });
}

fn cart(lines: usize) -> PunchoutCart {
    let mut cart = PunchoutCart::new("550bce3e592023b2e7b015307f965133");
    cart.currency = model::CurrencyCode::parse("EUR").ok();
    for i in 0..lines {
        cart.items.push(CartItem {
            quantity: Decimal::from(1 + i % 7),
            supplier_part_id: Some(format!("DEMO-{i:05}")),
            supplier_part_aux_id: (i % 3 == 0).then(|| format!("colour=blue;size={i}")),
            unit_price: Some(Decimal::new(1234 + i as i64 * 17, 2)),
            description: Some(format!("Bürostuhl ergonomisch, Modell {i} – schwarz")),
            unit_of_measure: model::UnitOfMeasure::parse("EA").ok(),
            classification: vec![Classification {
                scheme: "UNSPSC".to_owned(),
                code: "56112104".to_owned(),
            }],
            manufacturer_part_id: Some(format!("MFR-{i}")),
            manufacturer_name: Some("Ergo GmbH".to_owned()),
            lead_time_days: Some(5),
            ..CartItem::default()
        });
    }
    cart
}

/// Render the PunchOutOrderMessage for a cart of `n` lines (DTD order, ASCII-safe escaping,
/// platform limits applied).
#[divan::bench(args = [10, 100])]
fn render_order_message(bencher: Bencher, n: usize) {
    let cart = cart(n);
    let us = Credential::new("DUNS", "123456789");
    let params = PoomParams {
        meta: meta(),
        from: vec![us.clone()],
        to: vec![Credential::new("NetworkID", "AN01000000001")],
        sender: us,
        user_agent: "b2bgate bench".to_owned(),
        buyer_cookie: cart.buyer_cookie.clone(),
        operation_allowed: OperationAllowed::Edit,
        deployment_mode: None,
        currency: "EUR".to_owned(),
    };
    let limits = Limits::default();
    bencher.bench(|| {
        cxml::write_punchout_order_message(black_box(&params), black_box(&cart), &limits)
    });
}
