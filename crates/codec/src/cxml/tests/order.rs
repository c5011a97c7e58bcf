//! OrderRequest: reading (inline documents written for this project, valid against DTD
//! 1.2.071), mapping to the canonical order, every corpus OrderRequest, and no panic on broken
//! input.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::robustness::Rng;
use super::write::xmllint;
use super::{all_samples, sample};
use crate::cxml::{
    read, Body, Money, OrderRequest, OrderRequestType, PaymentTerm, Request, Shipping, TaxDetail,
};
use crate::{Issue, Severity};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn errors(issues: &[Issue]) -> Vec<&Issue> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect()
}

/// Read `bytes` and return its OrderRequest and the reader's issues.
fn order_of(bytes: &[u8]) -> (OrderRequest, Vec<Issue>) {
    let r = read(bytes).unwrap_or_else(|e| panic!("{e}"));
    match r.doc.body {
        Body::Request {
            request: Request::Order(o),
            ..
        } => (o, r.issues),
        other => panic!("expected an OrderRequest, got {other:?}"),
    }
}

fn envelope(request: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">
<cXML payloadID="1714979289000.7@buyer.example" timestamp="2024-05-06T07:08:09+02:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN01000000001</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>AN02000000002</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN01000000001</Identity><SharedSecret>s3cr3t</SharedSecret></Credential><UserAgent>Buyer Suite 9</UserAgent></Sender>
  </Header>
  <Request deploymentMode="test">
{request}
  </Request>
</cXML>"#
    )
}

/// An `update` with everything the reader maps: header ShipTo with carrier, route and
/// IdReference, BillTo, Shipping, Tax with two details, two payment terms, a contact with a
/// phone, comments with an attachment, a document reference and extrinsics; three lines: a full
/// one with its own ShipTo, Tax, Shipping and comments, one without `ItemDetail`, and one without
/// `lineNumber` whose unit is not a Rec 20 code.
const FULL: &str = r#"    <OrderRequest>
      <OrderRequestHeader orderID="PO-4711" orderDate="2024-05-06T07:08:09+02:00" type="update" orderVersion="2" requisitionID="REQ-9" shipComplete="yes" requestedDeliveryDate="2024-05-20">
        <Total><Money currency="EUR">1058.00</Money></Total>
        <ShipTo>
          <Address isoCountryCode="DE" addressID="WH-1">
            <Name xml:lang="de">Lager Nord</Name>
            <PostalAddress name="default">
              <DeliverTo>Wareneingang</DeliverTo>
              <Street>Hafenstra&#223;e 1</Street>
              <City>Hamburg</City>
              <PostalCode>20457</PostalCode>
              <Country isoCountryCode="DE">Deutschland</Country>
            </PostalAddress>
          </Address>
          <CarrierIdentifier domain="companyName">DHL</CarrierIdentifier>
          <TransportInformation><Route method="motor"/></TransportInformation>
          <IdReference identifier="4000" domain="buyerLocationID"/>
        </ShipTo>
        <BillTo>
          <Address addressID="BILL-1">
            <Name xml:lang="de">Buyer AG</Name>
            <PostalAddress><Street>Ring 2</Street><City>Berlin</City><Country isoCountryCode="DE">DE</Country></PostalAddress>
            <Email>ap@buyer.example</Email>
          </Address>
        </BillTo>
        <Shipping trackingDomain="DHL" trackingId="JD0001">
          <Money currency="EUR">20.00</Money>
          <Description xml:lang="en">Standard freight</Description>
        </Shipping>
        <Tax>
          <Money currency="EUR">38.00</Money>
          <Description xml:lang="en">VAT</Description>
          <TaxDetail purpose="tax" category="vat" percentageRate="19">
            <TaxableAmount><Money currency="EUR">180.00</Money></TaxableAmount>
            <TaxAmount><Money currency="EUR">34.20</Money></TaxAmount>
            <TaxLocation xml:lang="en">DE</TaxLocation>
            <Description xml:lang="en">VAT 19%</Description>
          </TaxDetail>
          <TaxDetail purpose="shippingTax" category="usage" percentageRate="19">
            <TaxableAmount><Money currency="EUR">20.00</Money></TaxableAmount>
            <TaxAmount><Money currency="EUR">3.80</Money></TaxAmount>
          </TaxDetail>
        </Tax>
        <PaymentTerm payInNumberOfDays="10"><Discount><DiscountPercent percent="2"/></Discount></PaymentTerm>
        <PaymentTerm payInNumberOfDays="30"/>
        <Contact role="purchasingAgent">
          <Name xml:lang="en">Jane Buyer</Name>
          <Email>jane@buyer.example</Email>
          <Phone><TelephoneNumber><CountryCode isoCountryCode="DE">49</CountryCode><AreaOrCityCode>40</AreaOrCityCode><Number>123456</Number></TelephoneNumber></Phone>
        </Contact>
        <Comments xml:lang="en">Deliver to gate 3.<Attachment><URL>cid:drawing@buyer.example</URL></Attachment></Comments>
        <Comments xml:lang="en"><Attachment><URL>cid:terms@buyer.example</URL></Attachment></Comments>
        <DocumentReference payloadID="1714900000000.1@buyer.example"/>
        <Extrinsic name="CostCenter">4711</Extrinsic>
        <Extrinsic name="Buyer">Jane</Extrinsic>
      </OrderRequestHeader>
      <ItemOut quantity="10" lineNumber="10" requestedDeliveryDate="2024-05-13T09:00:00-05:00" itemType="item">
        <ItemID>
          <SupplierPartID>CH-100</SupplierPartID>
          <SupplierPartAuxiliaryID> cfg=blue </SupplierPartAuxiliaryID>
          <BuyerPartID>B-77</BuyerPartID>
        </ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="EUR">18.00</Money></UnitPrice>
          <Description xml:lang="en">Office chair, blue</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
          <Classification domain="UNSPSC">56101504</Classification>
          <ManufacturerPartID>ERGO-7</ManufacturerPartID>
          <ManufacturerName>Ergo GmbH</ManufacturerName>
          <Extrinsic name="Color">blue</Extrinsic>
        </ItemDetail>
        <ShipTo>
          <Address addressID="ROOM-5"><Name xml:lang="en">Room 5</Name>
            <PostalAddress><Street>Hafenstra&#223;e 1</Street><City>Hamburg</City><Country isoCountryCode="DE">DE</Country></PostalAddress>
          </Address>
        </ShipTo>
        <Shipping><Money currency="EUR">5.00</Money><Description xml:lang="en">Bulky item</Description></Shipping>
        <Tax>
          <Money currency="EUR">34.20</Money>
          <Description xml:lang="en">VAT</Description>
          <TaxDetail category="vat" percentageRate="19"><TaxAmount><Money currency="EUR">34.20</Money></TaxAmount></TaxDetail>
        </Tax>
        <Comments xml:lang="en">Assemble on site<Attachment><URL>cid:chair-spec@buyer.example</URL></Attachment></Comments>
      </ItemOut>
      <ItemOut quantity="2" lineNumber="20">
        <ItemID><SupplierPartID>SVC-1</SupplierPartID></ItemID>
      </ItemOut>
      <ItemOut quantity="4">
        <ItemID><SupplierPartID>PEN-3</SupplierPartID></ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="EUR">200</Money></UnitPrice>
          <Description xml:lang="en"><ShortName>Pens</ShortName></Description>
          <UnitOfMeasure>PACK</UnitOfMeasure>
          <Classification domain="UNSPSC">44121704</Classification>
        </ItemDetail>
      </ItemOut>
    </OrderRequest>"#;

#[test]
fn the_full_fixture_is_valid_cxml_1_2_071() {
    xmllint(&envelope(FULL));
}

#[test]
fn reads_every_header_field() {
    let (o, issues) = order_of(envelope(FULL).as_bytes());
    assert!(errors(&issues).is_empty(), "{issues:?}");
    let h = &o.header;
    assert_eq!(h.order_id, "PO-4711");
    assert_eq!(
        h.order_date_raw.as_deref(),
        Some("2024-05-06T07:08:09+02:00")
    );
    assert_eq!(
        h.order_date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-06T07:08:09+02:00")
    );
    assert_eq!(h.kind, OrderRequestType::Update);
    assert_eq!(h.order_type, "regular");
    assert_eq!(h.order_version, Some(2));
    assert_eq!(h.requisition_id.as_deref(), Some("REQ-9"));
    assert!(h.ship_complete);
    assert_eq!(h.requested_delivery_date_raw.as_deref(), Some("2024-05-20"));
    assert_eq!(h.requested_delivery_date, Some(date("2024-05-20")));
    assert_eq!(
        h.total,
        Some(Money {
            amount: dec("1058.00"),
            currency: "EUR".into()
        })
    );
    let ship = h.ship_to.clone().unwrap_or_default();
    assert_eq!(ship.name.as_deref(), Some("Lager Nord"));
    assert_eq!(ship.address_lines, ["Wareneingang", "Hafenstraße 1"]);
    assert_eq!(ship.city.as_deref(), Some("Hamburg"));
    assert_eq!(ship.identifier("buyer_assigned"), Some("WH-1"));
    assert_eq!(ship.identifier("buyerLocationID"), Some("4000"));
    let bill = h.bill_to.clone().unwrap_or_default();
    assert_eq!(bill.name.as_deref(), Some("Buyer AG"));
    assert_eq!(bill.contacts[0].role.as_deref(), Some("bill_to"));
    assert_eq!(bill.contacts[0].email.as_deref(), Some("ap@buyer.example"));
    assert_eq!(
        h.shipping,
        Some(Shipping {
            money: Some(Money {
                amount: dec("20.00"),
                currency: "EUR".into()
            }),
            description: Some("Standard freight".into()),
            carrier: Some("DHL".into()),
            tracking_id: Some("JD0001".into()),
            method: Some("motor".into()),
        })
    );
    let tax = h.tax.clone().unwrap_or_default();
    assert_eq!(tax.money.map(|m| m.amount), Some(dec("38.00")));
    assert_eq!(tax.description.as_deref(), Some("VAT"));
    assert_eq!(
        tax.details[0],
        TaxDetail {
            purpose: Some("tax".into()),
            category: Some("vat".into()),
            percentage_rate: Some(dec("19")),
            taxable_amount: Some(Money {
                amount: dec("180.00"),
                currency: "EUR".into()
            }),
            tax_amount: Some(Money {
                amount: dec("34.20"),
                currency: "EUR".into()
            }),
            location: Some("DE".into()),
            description: Some("VAT 19%".into()),
        }
    );
    assert_eq!(tax.details[1].category.as_deref(), Some("usage"));
    assert_eq!(
        h.payment_terms,
        [
            PaymentTerm {
                pay_in_days: Some(10),
                discount_percent: Some(dec("2")),
                discount_amount: None,
            },
            PaymentTerm {
                pay_in_days: Some(30),
                ..PaymentTerm::default()
            }
        ]
    );
    assert_eq!(h.contacts.len(), 1);
    assert_eq!(h.contacts[0].role.as_deref(), Some("purchasingAgent"));
    assert_eq!(h.contacts[0].name.as_deref(), Some("Jane Buyer"));
    assert_eq!(h.contacts[0].phone.as_deref(), Some("+49 40 123456"));
    assert_eq!(h.comments, ["Deliver to gate 3."]);
    assert_eq!(
        h.attachments,
        ["cid:drawing@buyer.example", "cid:terms@buyer.example"]
    );
    assert_eq!(
        h.document_reference.as_deref(),
        Some("1714900000000.1@buyer.example")
    );
    assert_eq!(
        h.extrinsics,
        [
            ("CostCenter".to_owned(), "4711".to_owned()),
            ("Buyer".to_owned(), "Jane".to_owned())
        ]
    );
    assert_eq!(
        o.attachment_urls(),
        [
            "cid:drawing@buyer.example",
            "cid:terms@buyer.example",
            "cid:chair-spec@buyer.example"
        ]
    );
}

#[test]
fn reads_every_line_field() {
    let (o, issues) = order_of(envelope(FULL).as_bytes());
    assert_eq!(o.items.len(), 3);
    let a = &o.items[0];
    assert_eq!(a.quantity, dec("10"));
    assert_eq!(a.line_number, Some(10));
    assert_eq!(a.item_id.supplier_part_id, "CH-100");
    assert_eq!(
        a.item_id.supplier_part_aux_id.as_deref(),
        Some(" cfg=blue ")
    );
    assert_eq!(a.item_id.buyer_part_id.as_deref(), Some("B-77"));
    assert_eq!(a.unit_price, Some(dec("18.00")));
    assert_eq!(a.currency.as_deref(), Some("EUR"));
    assert_eq!(a.item_type.as_deref(), Some("item"));
    assert_eq!(
        a.requested_delivery_date,
        Some(date("2024-05-13")),
        "the date as written, not converted to UTC"
    );
    let ship = a.ship_to.clone().unwrap_or_default();
    assert_eq!(ship.identifier("buyer_assigned"), Some("ROOM-5"));
    assert_eq!(
        a.shipping
            .as_ref()
            .and_then(|s| s.money.as_ref())
            .map(|m| m.amount),
        Some(dec("5.00"))
    );
    assert_eq!(a.tax.as_ref().map(|t| t.details.len()), Some(1), "line tax");
    assert_eq!(a.comments, ["Assemble on site"]);
    assert_eq!(a.attachments, ["cid:chair-spec@buyer.example"]);
    assert_eq!(a.extrinsics, [("Color".to_owned(), "blue".to_owned())]);

    let b = &o.items[1];
    assert_eq!(b.unit_price, None);
    assert!(issues.iter().any(|i| i.severity == Severity::Warning
        && i.location.path.as_deref() == Some("/cXML/Request/OrderRequest/ItemOut[2]/ItemDetail")));
    let c = &o.items[2];
    assert_eq!(c.line_number, None);
    assert_eq!(c.description.as_deref(), Some("Pens"));
    assert_eq!(c.unit_of_measure.as_deref(), Some("PACK"));
}

#[test]
fn maps_the_full_fixture_to_a_valid_purchase_order() {
    let (o, _) = order_of(envelope(FULL).as_bytes());
    let (po, issues) = o.to_purchase_order();
    assert!(errors(&issues).is_empty(), "{issues:?}");
    assert_eq!(po.validate(), []);
    assert_eq!(po.order_number, "PO-4711");
    assert_eq!(po.purpose, model::OrderPurpose::Replace);
    assert_eq!(po.order_date, Some(date("2024-05-06")));
    assert_eq!(
        po.issued_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-05-06T07:08:09+02:00")
    );
    assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("EUR"));
    assert_eq!(
        po.ship_to.as_ref().and_then(|p| p.city.as_deref()),
        Some("Hamburg")
    );
    assert_eq!(
        po.bill_to.as_ref().and_then(|p| p.name.as_deref()),
        Some("Buyer AG")
    );
    let buyer = po.buyer.clone().unwrap_or_default();
    assert_eq!(buyer.name, None);
    assert_eq!(
        buyer.contacts[0].email.as_deref(),
        Some("jane@buyer.example")
    );
    assert_eq!(
        po.payment_terms,
        Some(model::PaymentTerms {
            net_days: Some(30),
            discount_percent: Some(dec("2")),
            discount_days: Some(10),
            due_date: None,
            description: Some("2% discount within 10 days, net 30 days".into()),
        })
    );

    assert_eq!(po.lines.len(), 3);
    let a = &po.lines[0];
    assert_eq!(a.line_number, 10);
    assert_eq!(a.unit_of_measure.as_ref().map(|u| u.as_str()), Some("EA"));
    assert_eq!(a.supplier_part_aux_id.as_deref(), Some(" cfg=blue "));
    assert_eq!(a.buyer_part_id.as_deref(), Some("B-77"));
    assert_eq!(a.manufacturer_name.as_deref(), Some("Ergo GmbH"));
    assert_eq!(a.classification[0].code, "56101504");
    assert_eq!(a.requested_delivery_date, Some(date("2024-05-13")));
    assert_eq!(
        a.ship_to
            .as_ref()
            .and_then(|p| p.identifier("buyer_assigned")),
        Some("ROOM-5")
    );
    assert_eq!(a.taxes[0].category, Some(model::TaxCategory::Vat));
    assert_eq!(a.taxes[0].amount, Some(dec("34.20")));
    assert_eq!(a.taxes[0].description.as_deref(), Some("VAT"));
    assert_eq!(a.charges.len(), 1);
    assert_eq!(a.charges[0].code.as_deref(), Some("shipping"));
    assert_eq!(a.charges[0].amount, Some(dec("5.00")));
    assert_eq!(a.comments, ["Assemble on site"]);
    assert_eq!(a.extrinsics.get("Color").map(String::as_str), Some("blue"));

    let b = &po.lines[1];
    assert_eq!(b.line_number, 20);
    assert_eq!(
        b.requested_delivery_date,
        Some(date("2024-05-20")),
        "header date for lines without their own"
    );
    let c = &po.lines[2];
    assert_eq!(c.line_number, 3, "position when lineNumber is absent");
    assert_eq!(c.unit_of_measure, None);
    assert!(issues.iter().any(|i| i.location.path.as_deref()
        == Some("/cXML/Request/OrderRequest/ItemOut[3]/ItemDetail/UnitOfMeasure")));

    assert_eq!(
        po.shipping,
        Some(model::Shipping {
            method: Some("motor".into()),
            carrier: Some("DHL".into()),
            amount: Some(dec("20.00")),
            description: Some("Standard freight".into()),
            incoterms: None,
        })
    );
    assert_eq!(po.taxes.len(), 2);
    assert_eq!(
        po.taxes[0],
        model::Tax {
            category: Some(model::TaxCategory::Vat),
            rate: Some(dec("19")),
            taxable_amount: Some(dec("180.00")),
            amount: Some(dec("34.20")),
            description: Some("VAT 19%".into()),
            jurisdiction: Some("DE".into()),
        }
    );
    assert_eq!(po.taxes[1].category, Some(model::TaxCategory::Use));
    assert_eq!(po.taxes[1].description, None);
    assert_eq!(
        po.totals,
        Some(model::Totals {
            subtotal: None,
            tax: Some(dec("38.00")),
            shipping: Some(dec("20.00")),
            total: Some(dec("1058.00")),
        }),
        "no subtotal while a line has no price"
    );
    assert_eq!(
        po.references,
        [
            model::Reference::new(
                model::ReferenceKind::Other("cxml_payload_id".to_owned()),
                "1714900000000.1@buyer.example"
            ),
            model::Reference::new(model::ReferenceKind::Requisition, "REQ-9"),
        ]
    );
    assert_eq!(po.comments, ["Deliver to gate 3."]);
    assert_eq!(po.extrinsics.len(), 2);
    assert_eq!(
        po.extrinsics.get("CostCenter").map(String::as_str),
        Some("4711")
    );
}

fn minimal(header_attrs: &str, header_extra: &str, items: &str) -> String {
    envelope(&format!(
        r#"<OrderRequest><OrderRequestHeader {header_attrs}><Total><Money currency="USD">10</Money></Total>{header_extra}</OrderRequestHeader>{items}</OrderRequest>"#
    ))
}

const ONE_ITEM: &str = r#"<ItemOut quantity="1" lineNumber="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID><ItemDetail><UnitPrice><Money currency="USD">10</Money></UnitPrice><Description xml:lang="en">A</Description><UnitOfMeasure>EA</UnitOfMeasure><Classification domain="UNSPSC">1</Classification></ItemDetail></ItemOut>"#;

#[test]
fn purposes_and_the_default_type() {
    for (attrs, purpose) in [
        (
            r#"orderID="1" orderDate="2024-01-01""#,
            model::OrderPurpose::New,
        ),
        (
            r#"orderID="1" orderDate="2024-01-01" type="new""#,
            model::OrderPurpose::New,
        ),
        (
            r#"orderID="1" orderDate="2024-01-01" type="delete""#,
            model::OrderPurpose::Cancel,
        ),
        (
            r#"orderID="1" orderDate="2024-01-01" type="Update""#,
            model::OrderPurpose::Replace,
        ),
        (
            r#"orderID="1" orderDate="2024-01-01" type="bogus""#,
            model::OrderPurpose::Other("bogus".into()),
        ),
    ] {
        let (o, _) = order_of(minimal(attrs, "", ONE_ITEM).as_bytes());
        let (po, _) = o.to_purchase_order();
        assert_eq!(po.purpose, purpose, "{attrs}");
        assert_eq!(po.order_date, Some(date("2024-01-01")));
        assert_eq!(po.issued_at, None, "a bare date is not a point in time");
    }
}

#[test]
fn missing_and_broken_pieces_are_issues() {
    let doc = minimal(
        r#"orderDate="yesterday" orderVersion="two""#,
        "",
        r#"<ItemOut lineNumber="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID>
           <ItemDetail><UnitPrice><Money currency="USD">1,50</Money></UnitPrice></ItemDetail></ItemOut>
           <ItemOut quantity="x" requestedDeliveryDate="soon"><ItemID><SupplierPartID>B</SupplierPartID></ItemID></ItemOut>"#,
    );
    let (o, issues) = order_of(doc.as_bytes());
    let at = |path: &str, severity: Severity| {
        issues.iter().any(|i| {
            i.severity == severity
                && i.location.path.as_deref() == Some(path)
                && (severity == Severity::Warning || i.code.as_deref() == Some("406"))
        })
    };
    const H: &str = "/cXML/Request/OrderRequest/OrderRequestHeader";
    const I: &str = "/cXML/Request/OrderRequest/ItemOut";
    assert!(at(&format!("{H}/@orderID"), Severity::Error), "{issues:#?}");
    assert!(at(&format!("{H}/@orderDate"), Severity::Warning));
    assert!(at(&format!("{H}/@orderVersion"), Severity::Warning));
    assert!(at(&format!("{H}/BillTo"), Severity::Warning));
    assert!(at(&format!("{I}[1]/@quantity"), Severity::Error));
    assert!(at(
        &format!("{I}[1]/ItemDetail/UnitPrice/Money"),
        Severity::Error
    ));
    assert!(at(&format!("{I}[2]/@quantity"), Severity::Error));
    assert!(at(
        &format!("{I}[2]/@requestedDeliveryDate"),
        Severity::Warning
    ));
    assert_eq!(o.header.order_id, "");
    assert_eq!(o.header.order_date, None);
    assert_eq!(o.items.len(), 2);

    // No ItemOut, no header.
    let (o, issues) = order_of(envelope("<OrderRequest/>").as_bytes());
    assert!(o.items.is_empty());
    let codes: Vec<_> = errors(&issues)
        .iter()
        .map(|i| i.location.path.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        [
            "/cXML/Request/OrderRequest/OrderRequestHeader",
            "/cXML/Request/OrderRequest/ItemOut"
        ]
    );
    assert_eq!(o.header.order_type, "regular");
    let (po, _) = o.to_purchase_order();
    assert!(!po.validate().is_empty());
}

#[test]
fn update_without_document_reference_and_odd_order_types_are_warned_about() {
    let doc = minimal(
        r#"orderID="1" orderDate="2024-01-01T10:00:00Z" type="update" orderType="blanket""#,
        r#"<BillTo><Address><Name xml:lang="en">B</Name></Address></BillTo>"#,
        ONE_ITEM,
    );
    let (o, issues) = order_of(doc.as_bytes());
    assert!(issues
        .iter()
        .any(|i| i.message.contains("DocumentReference")));
    assert_eq!(o.header.order_type, "blanket");
    let (po, issues) = o.to_purchase_order();
    assert!(issues
        .iter()
        .any(|i| i.message.contains("orderType blanket")));
    assert_eq!(
        po.issued_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-01-01T10:00:00+00:00")
    );
}

#[test]
fn currencies_come_from_the_total_else_the_first_price() {
    let priced = |cur: &str| {
        format!(
            r#"<ItemOut quantity="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID><ItemDetail><UnitPrice><Money currency="{cur}">10</Money></UnitPrice><Description xml:lang="en">A</Description><UnitOfMeasure>EA</UnitOfMeasure><Classification domain="x">1</Classification></ItemDetail></ItemOut>"#
        )
    };
    let doc = envelope(&format!(
        r#"<OrderRequest><OrderRequestHeader orderID="1" orderDate="2024-01-01"><Total><Money>10</Money></Total></OrderRequestHeader>{}{}</OrderRequest>"#,
        priced("CHF"),
        priced("EUR")
    ));
    let (o, issues) = order_of(doc.as_bytes());
    assert!(issues.iter().any(|i| i.message.contains("no currency")));
    let (po, issues) = o.to_purchase_order();
    assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("CHF"));
    assert!(issues.iter().any(|i| i.message.contains("EUR differs")
        && i.location.path.as_deref()
            == Some("/cXML/Request/OrderRequest/ItemOut[2]/ItemDetail/UnitPrice/Money")));

    let doc = minimal(r#"orderID="1" orderDate="2024-01-01""#, "", ONE_ITEM).replace(
        r#"<Total><Money currency="USD">"#,
        r#"<Total><Money currency="dollars">"#,
    );
    let (o, _) = order_of(doc.as_bytes());
    let (po, issues) = o.to_purchase_order();
    assert_eq!(po.currency, None);
    assert!(issues.iter().any(|i| i.message.contains("not an ISO 4217")));
}

#[test]
fn duplicate_line_numbers_are_warned_about_and_totals_checked() {
    let doc = minimal(
        r#"orderID="1" orderDate="2024-01-01""#,
        "",
        &format!("{ONE_ITEM}{ONE_ITEM}"),
    );
    let (o, _) = order_of(doc.as_bytes());
    let (po, issues) = o.to_purchase_order();
    assert!(issues
        .iter()
        .any(|i| i.message == "Line number 1 is also used by ItemOut[1]"));
    assert!(issues
        .iter()
        .any(|i| i.message == "Total 10 differs from the sum of the lines 20"));
    assert_eq!(po.totals.as_ref().and_then(|t| t.subtotal), Some(dec("20")));
    assert!(
        !po.validate().is_empty(),
        "validate() rejects the duplicate"
    );
}

#[test]
fn payment_terms_edge_cases() {
    let doc = minimal(
        r#"orderID="1" orderDate="2024-01-01""#,
        r#"<PaymentTerm payInNumberOfDays="10"><Discount><DiscountPercent percent="-1.5"/></Discount></PaymentTerm>
           <PaymentTerm payInNumberOfDays="14"><Discount><DiscountAmount><Money currency="USD">5</Money></DiscountAmount></Discount></PaymentTerm>
           <PaymentTerm payInNumberOfDays="7"><Discount><DiscountPercent percent="3"/></Discount></PaymentTerm>
           <PaymentTerm payInNumberOfDays="8"><Discount><DiscountPercent percent="2"/></Discount></PaymentTerm>
           <PaymentTerm payInNumberOfDays="x"/>"#,
        ONE_ITEM,
    );
    let (o, issues) = order_of(doc.as_bytes());
    assert!(issues
        .iter()
        .any(|i| i.message.contains("payInNumberOfDays x")));
    let (po, issues) = o.to_purchase_order();
    let terms = po.payment_terms.clone().unwrap_or_default();
    assert_eq!(terms.discount_percent, Some(dec("3")));
    assert_eq!(terms.discount_days, Some(7));
    assert_eq!(terms.net_days, None);
    assert_eq!(
        terms.description.as_deref(),
        Some(
            "-1.5% discount within 10 days, 5 USD discount within 14 days, 3% discount within \
             7 days, 2% discount within 8 days, net ? days"
        )
    );
    assert_eq!(
        issues
            .iter()
            .filter(|i| i.message.contains("only in the description"))
            .count(),
        3
    );
    assert_eq!(po.validate(), []);
}

#[test]
fn reader_issues_are_bounded_and_never_hide_an_error() {
    let mut items = String::new();
    for _ in 0..200 {
        items.push_str(r#"<ItemOut quantity="1"><ItemID><SupplierPartID>A</SupplierPartID></ItemID></ItemOut>"#);
    }
    items.push_str(
        r#"<ItemOut quantity="bad"><ItemID><SupplierPartID>A</SupplierPartID></ItemID></ItemOut>"#,
    );
    let doc = minimal(
        r#"orderID="1" orderDate="2024-01-01""#,
        r#"<BillTo><Address><Name xml:lang="en">B</Name></Address></BillTo>"#,
        &items,
    );
    let (o, issues) = order_of(doc.as_bytes());
    assert_eq!(o.items.len(), 201);
    assert_eq!(issues.len(), crate::cxml::MAX_ISSUES + 1);
    let last = issues
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no issues"));
    assert_eq!(last.severity, Severity::Error);
    assert_eq!(last.code.as_deref(), Some("406"));
    assert!(
        last.message.starts_with(
            "152 more issues were not listed; the first error among them: Quantity bad"
        ),
        "{}",
        last.message
    );
    let (_, map_issues) = o.to_purchase_order();
    assert!(map_issues.len() <= crate::cxml::MAX_ISSUES + 1);
}

#[test]
fn profile_request_is_typed() {
    let doc = envelope("<ProfileRequest/>");
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let Body::Request { request, .. } = &r.doc.body else {
        panic!("{:?}", r.doc.body)
    };
    assert_eq!(request, &Request::Profile);
    assert_eq!(request.name(), "ProfileRequest");
    for name in [
        "cxml-1.1.010-official__ProfileRequest.xml",
        "friendsofcxml__metadata__cxml__samples__simple-profile-request.xml",
    ] {
        let Some(bytes) = sample(name) else {
            return;
        };
        let r = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            matches!(
                r.doc.body,
                Body::Request {
                    request: Request::Profile,
                    ..
                }
            ),
            "{name}"
        );
    }
}

/// Read a corpus OrderRequest, map it, and check it is clean and valid.
fn corpus_order(name: &str) -> Option<(OrderRequest, model::PurchaseOrder)> {
    let bytes = sample(name)?;
    let (o, issues) = order_of(&bytes);
    assert!(errors(&issues).is_empty(), "{name}: {issues:#?}");
    let (po, map_issues) = o.to_purchase_order();
    assert!(errors(&map_issues).is_empty(), "{name}: {map_issues:#?}");
    assert_eq!(po.validate(), [], "{name}");
    Some((o, po))
}

#[test]
fn official_1_1_010_order_request() {
    let Some((o, po)) = corpus_order("cxml-1.1.010-official__OrderRequest.xml") else {
        return;
    };
    assert_eq!(po.order_number, "DO1234");
    assert_eq!(po.purpose, model::OrderPurpose::New);
    assert_eq!(po.order_date, Some(date("1999-03-12")));
    assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("USD"));
    assert_eq!(po.lines.len(), 1);
    let line = &po.lines[0];
    assert_eq!(line.line_number, 1);
    assert_eq!(line.quantity, dec("2"));
    assert_eq!(line.unit_price, Some(dec("1.34")));
    assert_eq!(line.supplier_part_id.as_deref(), Some("1233244"));
    assert_eq!(line.manufacturer_part_id.as_deref(), Some("234"));
    assert_eq!(line.requested_delivery_date, Some(date("1999-03-12")));
    assert_eq!(line.comments, ["Anything well formed in XML can go here."]);
    assert_eq!(line.charges[0].amount, Some(dec("2.5")));
    assert_eq!(
        o.items[0]
            .shipping
            .as_ref()
            .and_then(|s| s.carrier.as_deref()),
        Some("FedEx")
    );
    let ship = po.ship_to.clone().unwrap_or_default();
    assert_eq!(ship.city.as_deref(), Some("Sunnyvale"));
    assert_eq!(ship.address_lines[0], "Joe Smith");
    assert_eq!(
        po.bill_to.as_ref().and_then(|b| b.postal_code.as_deref()),
        Some("90489")
    );
    assert_eq!(po.taxes.len(), 1);
    assert_eq!(po.taxes[0].amount, Some(dec("0.19")));
    assert_eq!(po.taxes[0].description.as_deref(), Some("CA Sales Tax"));
    let totals = po.totals.clone().unwrap_or_default();
    assert_eq!(totals.total, Some(dec("2.68")));
    assert_eq!(totals.subtotal, Some(dec("2.68")));
    assert_eq!(po.comments, ["Anything well formed in XML can go here."]);
}

#[test]
fn officeluv_coupa_order_request() {
    let Some((o, po)) = corpus_order("officeluv__order_request.xml") else {
        return;
    };
    assert_eq!(po.order_number, "3309");
    assert_eq!(po.lines.len(), 2);
    assert_eq!(po.lines[1].unit_price, Some(dec("9.29")));
    assert_eq!(po.lines[1].quantity, dec("9"));
    assert_eq!(
        po.lines[0].supplier_part_aux_id.as_deref(),
        Some("product-requisition:6236")
    );
    assert_eq!(
        po.lines[0].extrinsics.get("LineType").map(String::as_str),
        Some("Quantity")
    );
    let ship = po.ship_to.clone().unwrap_or_default();
    assert_eq!(ship.city.as_deref(), Some("New York"));
    assert_eq!(ship.identifier("buyer_assigned"), Some("21444"));
    assert_eq!(
        po.shipping.as_ref().and_then(|s| s.amount),
        Some(dec("0.0"))
    );
    assert_eq!(
        po.totals.as_ref().and_then(|t| t.subtotal),
        Some(dec("91.71"))
    );
    assert_eq!(po.extrinsics.get("legacy_po").map(String::as_str), Some(""));
    assert_eq!(
        po.buyer
            .as_ref()
            .and_then(|b| b.contacts.first())
            .and_then(|c| c.role.as_deref()),
        Some("endUser")
    );
    assert_eq!(o.header.contacts.len(), 1);
}

#[test]
fn officeluv_purchase_order_request_200() {
    let Some((_, po)) = corpus_order("officeluv__purchase_order_request_200.xml") else {
        return;
    };
    assert_eq!(po.order_number, "6112");
    assert_eq!(po.lines.len(), 2);
    assert_eq!(po.lines[0].unit_price, Some(dec("1505.0")));
    assert_eq!(
        po.lines[0].supplier_part_aux_id.as_deref(),
        Some("1005379527029\\1")
    );
    assert_eq!(
        po.lines[0].comments,
        ["line item comment goes here if entered by user"]
    );
    assert_eq!(po.comments, ["header comment goes here if entered by user"]);
    assert_eq!(
        po.ship_to.as_ref().and_then(|s| s.city.as_deref()),
        Some("san leandro")
    );
    assert_eq!(
        po.bill_to.as_ref().and_then(|s| s.city.as_deref()),
        Some("West Index")
    );
}

#[test]
fn friendsofcxml_order_requests() {
    if let Some((o, po)) = corpus_order("friendsofcxml__metadata__cxml__samples__OrderRequest.xml")
    {
        assert_eq!(po.order_number, "DO1234");
        assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("EUR"));
        assert_eq!(po.lines.len(), 2);
        assert_eq!(po.lines[1].unit_price, Some(dec("3.20")));
        assert_eq!(
            po.lines[1].requested_delivery_date,
            Some(date("2020-02-28"))
        );
        assert_eq!(po.lines[1].comments, ["Test comment"]);
        assert_eq!(
            po.bill_to.as_ref().and_then(|b| b.city.as_deref()),
            Some("Solingen")
        );
        assert_eq!(
            po.ship_to.as_ref().and_then(|s| s.city.as_deref()),
            Some("Sunnyvale")
        );
        assert_eq!(o.header.attachments, ["delivery-note.pdf"]);
        assert!(o.header.comments.is_empty(), "attachment-only Comments");
    }
    if let Some((_, po)) =
        corpus_order("friendsofcxml__CXmlTest__Builder__fixtures__order_request.xml")
    {
        assert_eq!(po.order_number, "myorder-1");
        assert_eq!(po.lines[0].buyer_part_id.as_deref(), Some("KD5555"));
        assert_eq!(
            po.totals.as_ref().and_then(|t| t.subtotal),
            Some(dec("3420.60"))
        );
    }
    if let Some((o, po)) =
        corpus_order("friendsofcxml__CXmlTest__Handling__fixtures__order_request.xml")
    {
        assert_eq!(po.order_number, "acme-1-1");
        assert_eq!(o.header.requested_delivery_date, Some(date("2025-01-28")));
        assert_eq!(
            po.lines[0].requested_delivery_date,
            Some(date("2025-01-28"))
        );
        assert_eq!(
            po.ship_to.as_ref().and_then(|s| s.city.as_deref()),
            Some("Columbus")
        );
    }
}

#[test]
fn chefworks_order_is_not_conformant() {
    // Its ItemOut sits inside an embedded PunchOutOrderMessage, not in the OrderRequest.
    let Some(bytes) = sample("chefworks__order.xml") else {
        return;
    };
    let (o, issues) = order_of(&bytes);
    assert_eq!(o.header.order_id, "85PO0000219");
    assert!(o.items.is_empty());
    assert!(errors(&issues)
        .iter()
        .any(|i| i.message == "OrderRequest has no ItemOut" && i.code.as_deref() == Some("406")));
    assert_eq!(
        o.header
            .shipping
            .as_ref()
            .and_then(|s| s.description.as_deref()),
        Some("UPS Ground - 0NGRND")
    );
}

#[test]
fn every_corpus_order_request_reads_maps_and_validates() {
    let mut seen = Vec::new();
    for (name, bytes) in all_samples() {
        let Ok(r) = read(&bytes) else { continue };
        let Body::Request {
            request: Request::Order(o),
            ..
        } = r.doc.body
        else {
            continue;
        };
        seen.push(name.clone());
        let (po, map_issues) = o.to_purchase_order();
        if errors(&r.issues).is_empty() {
            assert!(errors(&map_issues).is_empty(), "{name}: {map_issues:#?}");
            assert_eq!(po.validate(), [], "{name}");
            assert!(!po.lines.is_empty(), "{name}");
        }
    }
    if seen.is_empty() {
        return;
    }
    let expected = [
        "chefworks__order.xml",
        "cxml-1.1.010-official__OrderRequest.xml",
        "cxml-1.1.010-official__SGML.OrderRequest.xml",
        "friendsofcxml__CXmlTest__Builder__fixtures__order_request.xml",
        "friendsofcxml__CXmlTest__Handling__fixtures__order_request.xml",
        "friendsofcxml__metadata__cxml__samples__OrderRequest.xml",
        "officeluv__order_request.xml",
        "officeluv__purchase_order_request_200.xml",
    ];
    assert_eq!(seen, expected);
}

fn robustness_inputs() -> Vec<Vec<u8>> {
    let mut v = vec![envelope(FULL).into_bytes()];
    if let Some(b) = sample("officeluv__order_request.xml") {
        v.push(b);
    }
    v
}

fn read_and_map(bytes: &[u8]) {
    if let Ok(r) = read(bytes) {
        if let Body::Request {
            request: Request::Order(o),
            ..
        } = &r.doc.body
        {
            let (po, _) = o.to_purchase_order();
            let _ = po.validate();
            let _ = o.attachment_urls();
        }
    }
}

#[test]
fn order_truncations_never_panic() {
    for input in robustness_inputs() {
        for end in 0..=input.len() {
            read_and_map(input.get(..end).unwrap_or_default());
        }
    }
}

#[test]
fn order_byte_flips_never_panic() {
    for input in robustness_inputs() {
        for pos in 0..input.len() {
            for mask in [0x01u8, 0x20, 0x80] {
                let mut m = input.clone();
                if let Some(b) = m.get_mut(pos) {
                    *b ^= mask;
                }
                read_and_map(&m);
            }
        }
    }
}

#[test]
fn order_value_mutations_never_panic() {
    // Attribute and text values replaced by hostile ones: huge numbers, signs, exponents, dates
    // out of range, empty strings.
    let base = envelope(FULL);
    let hostile = [
        "",
        "-1",
        "0",
        "79228162514264337593543950335",
        "79228162514264337593543950336",
        "-79228162514264337593543950335",
        "1e9",
        "4294967296",
        "9999-12-31T23:59:59+14:00",
        "+262143-01-01",
        "NaN",
        "\u{0}",
    ];
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let quoted: Vec<usize> = base.match_indices('"').map(|(i, _)| i).collect();
    for _ in 0..1500 {
        let pair = rng.below(quoted.len() / 2) * 2;
        let (Some(&a), Some(&b)) = (quoted.get(pair), quoted.get(pair + 1)) else {
            continue;
        };
        let value = hostile[rng.below(hostile.len())];
        let mut doc = String::new();
        doc.push_str(base.get(..=a).unwrap_or_default());
        doc.push_str(value);
        doc.push_str(base.get(b..).unwrap_or_default());
        read_and_map(doc.as_bytes());
    }
    for value in hostile {
        for (from, to) in [
            (r#"quantity="10""#, format!(r#"quantity="{value}""#)),
            (">18.00<", format!(">{value}<")),
            (">1058.00<", format!(">{value}<")),
        ] {
            read_and_map(base.replace(from, &to).as_bytes());
        }
    }
}
