//! What partners send that is neither an order nor an order change (X12 810/856, EDIFACT
//! INVOIC, UBL Invoice) becomes a canonical record, stored with its interchange and listed by
//! `GET /api/records`; one that breaks the model's rules is rejected in the acknowledgement
//! and stores nothing.

use serde_json::Value;

use crate::edifact::interchange;
use crate::helpers::{spawn_app, TestApp};

/// An X12 interchange from the demo partner with one group per `(GS01, set segments)`.
fn x12(isa13: &str, groups: &[(&str, Vec<String>)]) -> String {
    let mut out = format!(
        "ISA*00*          *00*          *ZZ*DEMOBUYER      *ZZ*B2BGATE        *261124*1000*U*00401*{isa13}*0*P*>~\n"
    );
    for (gi, (fid, segs)) in groups.iter().enumerate() {
        let gs06 = gi + 1;
        out.push_str(&format!(
            "GS*{fid}*DEMOBUYER*B2BGATE*20261124*1000*{gs06}*X*004010~\n"
        ));
        let st02 = format!("{:04}", gi + 1);
        let id = match *fid {
            "IN" => "810",
            "SH" => "856",
            other => panic!("no set for {other}"),
        };
        out.push_str(&format!("ST*{id}*{st02}~\n"));
        for s in segs {
            out.push_str(s);
            out.push_str("~\n");
        }
        out.push_str(&format!("SE*{}*{st02}~\nGE*1*{gs06}~\n", segs.len() + 2));
    }
    out.push_str(&format!("IEA*{}*{isa13}~\n", groups.len()));
    out
}

fn invoice_810(number: &str, second_line: &str) -> Vec<String> {
    vec![
        format!("BIG*20261124*{number}*20261120*PO-77"),
        "CUR*SE*USD".to_owned(),
        "N1*RE*Demo Buyer*92*DB".to_owned(),
        "IT1*1*10*EA*2.50**VP*P-1".to_owned(),
        format!("IT1*{second_line}*4*EA*5**VP*P-2"),
        "TDS*4500".to_owned(),
        "CTT*2".to_owned(),
    ]
}

fn ship_notice_856() -> Vec<String> {
    [
        "BSN*00*SHIP-77*20261124*1200",
        "HL*1**S",
        "TD5*B*2*UPSN",
        "REF*BM*BOL-1",
        "HL*2*1*O",
        "PRF*PO-77",
        "HL*3*2*I",
        "LIN*1*VP*P-1",
        "SN1*1*10*EA",
        "CTT*3",
    ]
    .map(str::to_owned)
    .to_vec()
}

async fn records(app: &TestApp, query: &str) -> Vec<Value> {
    let r = app.get_admin(&format!("/api/records{query}")).await;
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = r.json().await.unwrap();
    v["records"].as_array().cloned().unwrap_or_default()
}

async fn record(app: &TestApp, id: &str) -> Value {
    let r = app.get_admin(&format!("/api/records/{id}")).await;
    assert_eq!(r.status().as_u16(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn x12_invoices_and_ship_notices_become_records() {
    let app = spawn_app().await;
    let body = x12(
        "000000501",
        &[
            ("IN", invoice_810("INV-77", "2")),
            ("SH", ship_notice_856()),
        ],
    );
    let (status, _, ack) = app.post_edi("application/edi-x12", body).await;
    assert_eq!(status, 200, "{ack}");
    assert_eq!(ack.matches("AK5*A").count(), 2, "{ack}");

    let all = records(&app, "?partner=demo-buyer").await;
    assert_eq!(all.len(), 2, "{all:?}");
    let invoices = records(&app, "?kind=invoice").await;
    assert_eq!(invoices.len(), 1, "{invoices:?}");
    let inv = &invoices[0];
    assert_eq!(inv["number"], "INV-77");
    assert_eq!(inv["order_number"], "PO-77");
    assert_eq!(inv["syntax"], "x12");
    assert_eq!(inv["control_id"], "000000501/1/0001");
    assert!(inv.get("body").is_none(), "lists leave the body out");
    let full = record(&app, inv["id"].as_str().unwrap()).await;
    assert_eq!(full["document"]["type"], "invoice");
    assert_eq!(full["document"]["lines"].as_array().unwrap().len(), 2);
    assert_eq!(full["document"]["lines"][1]["supplier_part_id"], "P-2");

    let shipped = records(&app, "?kind=ship_notice&order_number=PO-77").await;
    assert_eq!(shipped.len(), 1, "{shipped:?}");
    assert_eq!(shipped[0]["number"], "SHIP-77");
    // The record points at the archived interchange it came in.
    let doc = app
        .get_admin(&format!(
            "/api/documents/{}",
            shipped[0]["document_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(doc.status().as_u16(), 200);
    assert!(records(&app, "?kind=invoice&number=INV-78")
        .await
        .is_empty());
    let missing = app.get_admin("/api/records/nope").await;
    assert_eq!(missing.status().as_u16(), 404);
}

#[tokio::test]
async fn an_invoice_breaking_the_model_rules_is_rejected_and_not_recorded() {
    let app = spawn_app().await;
    // Two lines numbered 1: the 810 maps, but the invoice is not valid.
    let body = x12("000000502", &[("IN", invoice_810("INV-BAD", "1"))]);
    let (status, _, ack) = app.post_edi("application/edi-x12", body).await;
    assert_eq!(status, 200, "{ack}");
    assert!(ack.contains("AK5*R*5"), "{ack}");
    assert!(ack.contains("AK9*R"), "{ack}");
    assert!(records(&app, "").await.is_empty());
    // The reason stays on the archived interchange.
    let r = app.get_admin("/api/documents?partner=demo-buyer").await;
    let docs: Value = r.json().await.unwrap();
    let text = docs.to_string();
    assert!(text.contains("duplicate line number"), "{text}");
}

/// An INVOIC D96A EAN008 body with lines numbered `numbers`.
fn invoic_body(number: &str, numbers: &[u32]) -> Vec<String> {
    let mut segs: Vec<String> = [
        format!("BGM+380+{number}+9"),
        "DTM+137:20261124:102".to_owned(),
        "RFF+ON:PO-E1".to_owned(),
        "NAD+SU+5412345000013::9".to_owned(),
        "NAD+BY+5400000000003::9".to_owned(),
        "CUX+2:EUR:4".to_owned(),
    ]
    .to_vec();
    for n in numbers {
        segs.extend([
            format!("LIN+{n}++4000862141404:EN"),
            "QTY+47:3".to_owned(),
            "MOA+203:30".to_owned(),
            "PRI+AAA:10".to_owned(),
        ]);
    }
    segs.extend(["UNS+S".to_owned(), "MOA+77:30".to_owned()]);
    segs
}

#[tokio::test]
async fn an_invoic_breaking_the_model_rules_is_rejected_in_the_contrl() {
    let app = spawn_app().await;
    let text = interchange(
        "5412345000013",
        "5400000000003",
        "EI2",
        true,
        &[("INVOIC:D:96A:UN:EAN008", invoic_body("EINV-BAD", &[1, 1]))],
    );
    let (status, _, contrl) = app.post_edi("application/edifact", text).await;
    assert_eq!(status, 200, "{contrl}");
    assert!(
        contrl.contains("UCM+1+INVOIC:D:96A:UN:EAN008+4"),
        "{contrl}"
    );
    assert!(records(&app, "").await.is_empty());
}

#[tokio::test]
async fn edifact_invoic_becomes_a_record() {
    let app = spawn_app().await;
    let body = invoic_body("EINV-1", &[1]);
    let text = interchange(
        "5412345000013",
        "5400000000003",
        "EI1",
        true,
        &[("INVOIC:D:96A:UN:EAN008", body)],
    );
    let (status, _, contrl) = app.post_edi("application/edifact", text).await;
    assert_eq!(status, 200, "{contrl}");
    assert!(
        !contrl.contains("UCM+1+INVOIC:D:96A:UN:EAN008+4"),
        "{contrl}"
    );
    let found = records(&app, "?kind=invoice&partner=demo-buyer").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["number"], "EINV-1");
    assert_eq!(found[0]["order_number"], "PO-E1");
    assert_eq!(found[0]["syntax"], "edifact");
    assert_eq!(found[0]["control_id"], "EI1/1");
    let full = record(&app, found[0]["id"].as_str().unwrap()).await;
    assert_eq!(full["document"]["lines"][0]["gtin"], "4000862141404");
}

#[tokio::test]
async fn ubl_invoice_becomes_a_record() {
    let app = spawn_app().await;
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>UINV-1</cbc:ID>
<cbc:IssueDate>2026-11-24</cbc:IssueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:OrderReference><cbc:ID>PO-U1</cbc:ID></cac:OrderReference>
<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">5412345000013</cbc:EndpointID><cac:PartyName><cbc:Name>Demo</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">5400000000003</cbc:EndpointID><cac:PartyName><cbc:Name>Us</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">20.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">20.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">20.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">20.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="H87">2</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">20.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Widget</cbc:Name><cac:SellersItemIdentification><cbc:ID>W-1</cbc:ID></cac:SellersItemIdentification></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>"#;
    let (status, _, body) = app.post_edi("application/xml", xml).await;
    assert!(status == 200 || status == 202, "{status} {body}");
    let found = records(&app, "?kind=invoice").await;
    assert_eq!(found.len(), 1, "{body} {found:?}");
    assert_eq!(found[0]["number"], "UINV-1");
    assert_eq!(found[0]["order_number"], "PO-U1");
    assert_eq!(found[0]["syntax"], "ubl");
    if status == 202 {
        let receipt: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(receipt["records"][0]["record_id"], found[0]["id"]);
    }
    // Without lines it is not an invoice: refused, and nothing recorded.
    let start = xml.find("<cac:InvoiceLine>").unwrap();
    let end = xml.find("</cac:InvoiceLine>").unwrap() + "</cac:InvoiceLine>".len();
    let empty = format!("{}{}", &xml[..start], &xml[end..]).replace("UINV-1", "UINV-2");
    let (refused, _, why) = app.post_edi("application/xml", empty).await;
    assert_eq!(refused, 400, "{why}");
    assert!(why.contains("at least one line"), "{why}");
    assert!(records(&app, "?number=UINV-2").await.is_empty());
    // The same invoice again is a duplicate: still one record.
    let (again, _, _) = app.post_edi("application/xml", xml).await;
    assert_eq!(again, 409);
    assert_eq!(records(&app, "?kind=invoice").await.len(), 1);
}
