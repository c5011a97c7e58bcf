//! Readers on inline documents: what maps where, and the issue codes and positions.

use model::{
    ChargeIndicator, InvoicePurpose, LineChangeKind, OrderPurpose, ReferenceKind, ResponseStatus,
    TaxCategory,
};

use super::*;
use crate::x12::map::{
    read_810, read_832, read_846, read_850, read_855, read_856, read_860, read_865,
};

const PO_5010: &str = "\
BEG*00*SA*PO-4711*REL1*20240115*CT-9~\
CUR*BY*USD~\
REF*PR*Q-77~\
REF*DP*038~\
PER*BD*Jane Buyer*TE*+1 555 0100*EM*jane@buyer.example~\
FOB*PP*OR*Prepaid freight*01*FCA*ZZ*Chicago~\
ITD*08*3*2**10**30~\
DTM*002*20240201~\
DTM*010*20240125~\
TD5*B*2*UPSN*U*UPS Ground*******CG~\
N9*L1*NOTE~\
MSG*Deliver to dock 4~\
MSG* between 8 and 16*LC~\
N1*BY*Buyer Corp*1*123456789~\
N1*ST*Main Warehouse*UL*4012345000009~\
N2*Receiving~\
N3*1 Dock Road*Building B~\
N4*Springfield*IL*62701*US~\
PER*RE*Dock Clerk*TE*555-0199~\
N1*BT*Buyer Corp AP*92*AP-01~\
N1*VN*Supplier Inc*91*SUP-1~\
N1*SF*Supplier DC~\
PO1*1*10*CA*12.50*PE*BP*B-100*VP*S-100*UP*036000291452*MG*M-1*SK*SKU-1~\
PID*F****Copy paper A4~\
PO4*10*500*EA~\
SAC*A*C310***150*3*2~\
DTM*002*20240205~\
N1*ST*Store 12*92*S12~\
N4*Peoria*IL*61602~\
PO1*item-2*3*LB*100*HP*VN*S-200*EN*4006381333931~\
PID*F****Coffee~\
N9*ZZ*Detail~\
MSG*Ground, 1 lb bags~\
CTT*2*13~\
AMT*TT*128.00~";

#[test]
fn reads_a_rich_850() {
    on_body("850", PO_5010, |ts| {
        let (po, issues) = read_850(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(po.order_number, "PO-4711");
        assert_eq!(po.purpose, OrderPurpose::New);
        assert_eq!(po.order_date, Some(date(2024, 1, 15)));
        assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("USD"));
        assert_eq!(
            po.extrinsics.get("order_type").map(String::as_str),
            Some("stand_alone")
        );
        assert_eq!(
            po.extrinsics.get("release_number").map(String::as_str),
            Some("REL1")
        );
        assert_eq!(
            po.extrinsics.get("requested_ship_date").map(String::as_str),
            Some("2024-01-25")
        );
        assert_eq!(
            po.extrinsics.get("party:SF").map(String::as_str),
            Some("Supplier DC")
        );
        let kinds: Vec<&str> = po.references.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["contract", "quote", "DP"]);
        assert_eq!(
            po.references.first().map(|r| r.value.as_str()),
            Some("CT-9")
        );

        let buyer = po.buyer.as_ref().expect("buyer");
        assert_eq!(buyer.name.as_deref(), Some("Buyer Corp"));
        assert_eq!(buyer.identifier("duns"), Some("123456789"));
        let c = buyer.contacts.first().expect("header PER");
        assert_eq!(c.role.as_deref(), Some("purchasing"));
        assert_eq!(c.phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(c.email.as_deref(), Some("jane@buyer.example"));

        let st = po.ship_to.as_ref().expect("ship_to");
        assert_eq!(st.identifier("gln"), Some("4012345000009"));
        assert_eq!(st.address_lines, ["Receiving", "1 Dock Road", "Building B"]);
        assert_eq!(st.city.as_deref(), Some("Springfield"));
        assert_eq!(st.region.as_deref(), Some("IL"));
        assert_eq!(st.postal_code.as_deref(), Some("62701"));
        assert_eq!(st.country.as_deref(), Some("US"));
        assert_eq!(
            st.contacts.first().and_then(|c| c.role.as_deref()),
            Some("receiving")
        );
        assert_eq!(
            po.bill_to
                .as_ref()
                .and_then(|p| p.identifier("buyer_assigned")),
            Some("AP-01")
        );
        assert_eq!(
            po.seller
                .as_ref()
                .and_then(|p| p.identifier("seller_assigned")),
            Some("SUP-1")
        );

        let terms = po.payment_terms.as_ref().expect("terms");
        assert_eq!(terms.discount_percent, Some(dec("2")));
        assert_eq!(terms.discount_days, Some(10));
        assert_eq!(terms.net_days, Some(30));
        let sh = po.shipping.as_ref().expect("shipping");
        assert_eq!(sh.incoterms.as_deref(), Some("FCA Chicago"));
        assert_eq!(sh.description.as_deref(), Some("Prepaid freight"));
        assert_eq!(sh.carrier.as_deref(), Some("UPS Ground"));
        assert_eq!(sh.method.as_deref(), Some("ground"));
        assert_eq!(po.comments, ["Deliver to dock 4 between 8 and 16"]);
        assert_eq!(
            po.totals.as_ref().and_then(|t| t.total),
            Some(dec("128.00"))
        );

        assert_eq!(po.lines.len(), 2);
        let l1 = po.lines.first().expect("line 1");
        assert_eq!(l1.line_number, 1);
        assert_eq!(l1.quantity, dec("10"));
        assert_eq!(l1.unit_of_measure.as_ref().map(|u| u.as_str()), Some("CS"));
        assert_eq!(l1.unit_price, Some(dec("12.50")));
        assert_eq!(l1.buyer_part_id.as_deref(), Some("B-100"));
        assert_eq!(l1.supplier_part_id.as_deref(), Some("S-100"));
        assert_eq!(l1.gtin.as_ref().map(|g| g.as_str()), Some("036000291452"));
        assert_eq!(l1.manufacturer_part_id.as_deref(), Some("M-1"));
        assert_eq!(l1.extrinsics.get("sku").map(String::as_str), Some("SKU-1"));
        assert_eq!(l1.extrinsics.get("pack").map(String::as_str), Some("10"));
        assert_eq!(l1.description.as_deref(), Some("Copy paper A4"));
        assert_eq!(l1.requested_delivery_date, Some(date(2024, 2, 5)));
        let ch = l1.charges.first().expect("SAC");
        assert_eq!(ch.indicator, ChargeIndicator::Allowance);
        assert_eq!(ch.code.as_deref(), Some("discount"));
        assert_eq!(ch.amount, Some(dec("1.50")));
        assert_eq!(ch.percent, Some(dec("2")));
        assert_eq!(
            l1.ship_to.as_ref().and_then(|p| p.city.as_deref()),
            Some("Peoria")
        );

        let l2 = po.lines.get(1).expect("line 2");
        assert_eq!(l2.line_number, 2, "non-numeric PO101 → position");
        assert_eq!(
            l2.extrinsics.get("buyer_line_id").map(String::as_str),
            Some("item-2")
        );
        assert_eq!(l2.unit_of_measure.as_ref().map(|u| u.as_str()), Some("LBR"));
        assert_eq!(l2.unit_price, Some(dec("1")), "HP: price per hundred");
        assert_eq!(l2.supplier_part_id.as_deref(), Some("S-200"));
        assert_eq!(l2.gtin.as_ref().map(|g| g.as_str()), Some("4006381333931"));
        assert_eq!(
            l2.requested_delivery_date,
            Some(date(2024, 2, 1)),
            "header DTM 002"
        );
        assert_eq!(l2.comments, ["Ground, 1 lb bags"]);
    });
}

#[test]
fn issues_carry_ak_codes_and_positions() {
    let body = "\
BEG*09*SA***20241399~\
CUR*BY*EURO~\
PO1*1*ten*EA*1~\
PO1*1*2*E@*1~\
CTT*3~";
    on_body("850", body, |ts| {
        let (_, issues) = read_850(ts);
        // BEG is segment 2 (ST is 1).
        let i = find(&issues, "BEG", Some(1), Some("7"));
        assert_eq!(i.severity, Severity::Error);
        assert_eq!(i.location.segment_position, Some(2));
        let i = find(&issues, "BEG", Some(3), Some("1"));
        assert_eq!(i.severity, Severity::Error);
        let i = find(&issues, "BEG", Some(5), Some("8"));
        assert_eq!(i.severity, Severity::Warning);
        let i = find(&issues, "CUR", Some(2), Some("7"));
        assert_eq!(i.severity, Severity::Warning);
        assert_eq!(i.location.segment_position, Some(3));
        let i = find(&issues, "PO1", Some(2), Some("6"));
        assert_eq!(i.location.segment_position, Some(4));
        let i = find(&issues, "PO1", Some(3), Some("7"));
        assert_eq!(i.location.segment_position, Some(5));
        let i = find(&issues, "CTT", Some(1), None);
        assert_eq!(i.severity, Severity::Warning);
        let i = find(&issues, "PO1", None, None);
        assert!(i.message.contains("more than one"), "{i}");
        assert_eq!(i.severity, Severity::Error);
        assert_eq!(i.location.segment_position, Some(5));
    });
}

#[test]
fn missing_segments_are_ak304_3() {
    on_body("850", "CUR*BY*USD~CTT*0~", |ts| {
        let (_, issues) = read_850(ts);
        let beg = find(&issues, "BEG", None, Some("3"));
        assert_eq!(beg.location.segment_position, Some(2));
        let po1 = find(&issues, "PO1", None, Some("3"));
        assert_eq!(
            po1.location.segment_position,
            Some(3),
            "where CTT came instead"
        );
    });
    on_body("810", "BIG*20240101*INV-1~IT1*1*1*EA*1~", |ts| {
        let (_, issues) = read_810(ts);
        let tds = find(&issues, "TDS", None, Some("3"));
        assert_eq!(tds.location.segment_position, Some(4), "SE position");
        assert_eq!(tds.severity, Severity::Error);
    });
}

#[test]
fn purposes_and_six_digit_dates() {
    for (code, purpose) in [
        ("00", OrderPurpose::New),
        ("01", OrderPurpose::Cancel),
        ("04", OrderPurpose::Change),
        ("05", OrderPurpose::Replace),
        ("06", OrderPurpose::Confirmation),
        ("07", OrderPurpose::Duplicate),
    ] {
        let body = format!("BEG*{code}*SA*P1**240115~PO1*1*1*EA~");
        on_body("850", &body, |ts| {
            let (po, issues) = read_850(ts);
            assert!(errors(&issues).is_empty(), "{issues:#?}");
            assert_eq!(po.purpose, purpose);
            assert_eq!(po.order_date, Some(date(2024, 1, 15)));
        });
    }
    on_body("850", "BEG*00*SA*P1**991231~PO1*1*1*EA~", |ts| {
        assert_eq!(read_850(ts).0.order_date, Some(date(1999, 12, 31)));
    });
}

#[test]
fn a_line_break_inside_a_segment_is_reported_and_cut() {
    // The 860 of the corpus lacks a terminator after N1: the N3 runs into N104.
    let text = wrap(
        "860",
        body_writer("BCH*04*SA*PO1***20240101~N1*BY*RETAILER*92*1129~"),
    )
    .replace("1129~", "1129\r\n  N3*1 MAIN ST~");
    with_first(text.as_bytes(), |ts| {
        let (ch, issues) = read_860(ts);
        assert_eq!(
            ch.buyer
                .as_ref()
                .and_then(|b| b.identifier("buyer_assigned")),
            Some("1129")
        );
        let i = find(&issues, "N1", None, None);
        assert!(i.message.contains("line break"), "{i}");
    });
}

#[test]
fn reads_an_860() {
    let body = "\
BCH*04*SA*PO-9**3*20240110****20240120~\
DTM*002*20240301~\
N1*BY*Buyer*92*B1~\
POC*1*QI*12*12*EA*2.5**VP*S-1~\
POC*2*DI~\
POC*3*AI*5**EA*1**BP*B-3~\
POC*4*NC*1**EA~\
POC*5*PC**~\
CTT*5~";
    on_body("860", body, |ts| {
        let (ch, issues) = read_860(ts);
        assert_eq!(ch.order_number, "PO-9");
        assert_eq!(ch.purpose, OrderPurpose::Change);
        assert_eq!(ch.change_sequence, Some(3));
        assert_eq!(ch.order_date, Some(date(2024, 1, 10)));
        assert_eq!(ch.change_date, Some(date(2024, 1, 20)));
        let kinds: Vec<LineChangeKind> = ch.lines.iter().map(|l| l.change).collect();
        assert_eq!(
            kinds,
            [
                LineChangeKind::Changed,
                LineChangeKind::Cancelled,
                LineChangeKind::Added,
                LineChangeKind::Unchanged,
                LineChangeKind::Changed
            ]
        );
        let l1 = &ch.lines.first().expect("line").line;
        assert_eq!(l1.quantity, dec("12"));
        assert_eq!(l1.unit_price, Some(dec("2.5")));
        assert_eq!(l1.requested_delivery_date, Some(date(2024, 3, 1)));
        assert_eq!(
            l1.extrinsics
                .get("quantity_left_to_receive")
                .map(String::as_str),
            Some("12")
        );
        // A price change without the quantity after it: the model cannot say "unchanged".
        let e = find(&issues, "POC", Some(3), Some("2"));
        assert_eq!(e.severity, Severity::Error);
        assert_eq!(e.location.segment_position, Some(9));
        assert_eq!(errors(&issues).len(), 1, "{issues:#?}");
    });
    on_body("860", "BCH*99*SA*PO-9***20240110~POC*1*XX*1**EA~", |ts| {
        let (_, issues) = read_860(ts);
        find(&issues, "BCH", Some(1), Some("7"));
        find(&issues, "POC", Some(2), Some("7"));
    });
}

#[test]
fn reads_855_acks() {
    let body = "\
BAK*00*AC*PO-1*20240110****SO-77*20240111~\
CUR*SE*EUR~\
N9*ZZ*REASON~\
MSG*Partly out of stock~\
N1*SE*Supplier*91*S1~\
PO1*1*10*EA*5**VP*A~\
ACK*IA*6*EA*068*20240115~\
ACK*IB*4*EA*068*20240201~\
PO1*2*5*EA*2~\
ACK*IR*5*EA~\
PO1*3*1*EA*9~\
ACK*IP*1*EA~\
DTM*067*20240120~\
CTT*3~";
    on_body("855", body, |ts| {
        let (r, issues) = read_855(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(r.order_number, "PO-1");
        assert_eq!(r.order_date, Some(date(2024, 1, 10)));
        assert_eq!(r.response_number.as_deref(), Some("SO-77"));
        assert_eq!(r.response_date, Some(date(2024, 1, 11)));
        assert_eq!(r.reason.as_deref(), Some("Partly out of stock"));
        assert_eq!(r.status, ResponseStatus::Changed);
        let l1 = r.lines.first().expect("line 1");
        assert_eq!(l1.status, ResponseStatus::Backordered);
        assert_eq!(l1.ordered_quantity, Some(dec("10")));
        assert_eq!(l1.confirmed_quantity, Some(dec("6")));
        assert_eq!(l1.backordered_quantity, Some(dec("4")));
        assert_eq!(l1.ship_date, Some(date(2024, 1, 15)));
        let l2 = r.lines.get(1).expect("line 2");
        assert_eq!(l2.status, ResponseStatus::Rejected);
        assert_eq!(l2.confirmed_quantity, None);
        let l3 = r.lines.get(2).expect("line 3");
        assert_eq!(l3.status, ResponseStatus::Changed);
        assert_eq!(l3.delivery_date, Some(date(2024, 1, 20)));
    });
}

#[test]
fn reads_an_865_without_acks() {
    let body = "\
BCA*00*AT*PO-5**2*20240101***CA-1*20240105~\
POC*1*PC*90*90*CA*22.97**VN*489594~\
POC*2*DI*10*0*CA~\
POC*3*NC*4*4*CA~\
CTT*3~";
    on_body("865", body, |ts| {
        let (r, issues) = read_865(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(r.status, ResponseStatus::Accepted);
        assert_eq!(r.response_number.as_deref(), Some("CA-1"));
        assert_eq!(r.response_date, Some(date(2024, 1, 5)));
        assert_eq!(
            r.extrinsics.get("change_sequence").map(String::as_str),
            Some("2")
        );
        let st: Vec<&ResponseStatus> = r.lines.iter().map(|l| &l.status).collect();
        assert_eq!(
            st,
            [
                &ResponseStatus::Changed,
                &ResponseStatus::Rejected,
                &ResponseStatus::Accepted
            ]
        );
        assert_eq!(
            r.lines.first().and_then(|l| l.confirmed_quantity),
            Some(dec("90"))
        );
        assert_eq!(r.lines.get(1).and_then(|l| l.confirmed_quantity), None);
    });
}

#[test]
fn reads_an_856_with_packs_and_items_without_order_level() {
    let body = "\
BSN*00*SH-1*20240301*1200*0001~\
HL*1**S*1~\
TD1*CTN25*2****G*12.5*KG~\
TD5*B*2*UPSN*M*UPS~\
REF*BM*BOL-1~\
REF*CN*1Z999~\
DTM*011*20240301~\
DTM*017*20240303~\
N1*ST*Dock*92*D1~\
N1*SF*Plant~\
HL*2*1*O*1~\
PRF*PO-1***20240215~\
HL*3*2*P*1~\
MAN*GM*00012345678901234567~\
HL*4*3*I*0~\
LIN*1*VP*A*UP*036000291452*LT*B42~\
SN1**6*EA**10*EA~\
PID*F****Widget~\
HL*5*2*P*1~\
MAN*GM*123456789012345675~\
HL*6*5*I*0~\
LIN*1*VP*A~\
SN1**4*EA~\
HL*7*2*I*0~\
LIN*2*VP*B~\
SN1**3*PC~\
CTT*7~";
    on_body("856", body, |ts| {
        let (sn, issues) = read_856(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(sn.shipment_id, "SH-1");
        assert_eq!(sn.notice_date, Some(date(2024, 3, 1)));
        assert_eq!(sn.carrier_code.as_deref(), Some("UPSN"));
        assert_eq!(sn.carrier.as_deref(), Some("UPS"));
        assert_eq!(sn.bill_of_lading.as_deref(), Some("BOL-1"));
        assert_eq!(sn.tracking_number.as_deref(), Some("1Z999"));
        assert_eq!(sn.expected_delivery_date, Some(date(2024, 3, 3)));
        let w = sn.total_weight.as_ref().expect("weight");
        assert_eq!((w.value, w.unit.as_str()), (dec("12.5"), "KGM"));
        assert_eq!(
            sn.ship_from.as_ref().and_then(|p| p.name.as_deref()),
            Some("Plant")
        );
        assert_eq!(sn.packages.len(), 2);
        let p1 = sn.packages.first().expect("package");
        assert_eq!(
            p1.sscc.as_deref(),
            Some("012345678901234567"),
            "AI 00 removed"
        );
        assert_eq!(p1.contents.len(), 1);
        assert_eq!(p1.contents.first().map(|c| c.quantity), Some(dec("6")));
        assert_eq!(
            p1.contents.first().and_then(|c| c.order_number.clone()),
            None
        );
        let o = sn.orders.first().expect("order");
        assert_eq!(o.order_number, "PO-1");
        assert_eq!(o.order_date, Some(date(2024, 2, 15)));
        let l1 = o.lines.first().expect("line");
        assert_eq!(l1.quantity, dec("10"), "6 + 4 over two packages");
        assert_eq!(l1.ordered_quantity, Some(dec("10")));
        assert_eq!(l1.batch_number.as_deref(), Some("B42"));
        assert_eq!(l1.description.as_deref(), Some("Widget"));
        let l2 = o.lines.get(1).expect("loose line");
        assert_eq!(l2.unit_of_measure.as_ref().map(|u| u.as_str()), Some("PCE"));
    });
    // S → I with the PRF inside the item (oopfactory Example 2/3 style).
    let body = "BSN*00*SH-2*20240301*1200~HL*1**S~HL*2*1*I~LIN*10*BP*X~SN1**5*EA~PRF*PO-7~CTT*1~";
    on_body("856", body, |ts| {
        let (sn, issues) = read_856(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(
            sn.orders.first().map(|o| o.order_number.as_str()),
            Some("PO-7")
        );
        assert_eq!(
            sn.orders
                .first()
                .and_then(|o| o.lines.first())
                .map(|l| l.line_number),
            Some(10)
        );
    });
    on_body("856", "BSN*00*SH-3*20240301*1200~", |ts| {
        let (_, issues) = read_856(ts);
        find(&issues, "HL", None, Some("3"));
    });
}

#[test]
fn reads_an_810_with_implied_decimals() {
    let body = "\
BIG*20050205*INV-6*20050202*PO-33***CR~\
CUR*SE*USD~\
N1*RI*Remit Box~\
N1*II*Issuer~\
N1*SE*Seller~\
ITD*05*3*****45~\
IT1**1080*EA*3.61**IN*001719653*UP*022108955228*PL*7~\
PID*F****ITEM~\
SAC*A*I410***2350~\
TDS*387530*390000~\
TXI*VA*19.5*19~\
SAC*C*D240***1250~\
SAC*C*D240***500~\
CTT*1~";
    on_body("810", body, |ts| {
        let (inv, issues) = read_810(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(inv.purpose, InvoicePurpose::CreditNote);
        assert_eq!(inv.invoice_number, "INV-6");
        assert_eq!(inv.order_number.as_deref(), Some("PO-33"));
        assert_eq!(
            inv.seller.as_ref().and_then(|s| s.name.as_deref()),
            Some("Seller")
        );
        assert_eq!(
            inv.extrinsics.get("party:II").map(String::as_str),
            Some("Issuer")
        );
        assert_eq!(
            inv.remit_to.as_ref().and_then(|s| s.name.as_deref()),
            Some("Remit Box")
        );
        let t = inv.totals.as_ref().expect("totals");
        assert_eq!(t.total, Some(dec("3875.30")));
        assert_eq!(t.subtotal, Some(dec("3900.00")));
        assert_eq!(t.tax, Some(dec("19.5")));
        assert_eq!(t.shipping, Some(dec("12.50")));
        let l = inv.lines.first().expect("line");
        assert_eq!(l.line_number, 1);
        assert_eq!(l.order_line_number, Some(7));
        assert_eq!(l.charges.first().and_then(|c| c.amount), Some(dec("23.50")));
        let tax = inv.taxes.first().expect("tax");
        assert_eq!(tax.category, Some(TaxCategory::Vat));
        assert_eq!(tax.rate, Some(dec("19")));
        assert_eq!(
            inv.shipping.as_ref().and_then(|s| s.amount),
            Some(dec("12.50"))
        );
        assert_eq!(
            inv.charges.first().and_then(|c| c.amount),
            Some(dec("5.00"))
        );
    });
    on_body("810", "BIG*20050205*INV-7~TDS*3875.30~", |ts| {
        let (inv, issues) = read_810(ts);
        assert_eq!(inv.totals.and_then(|t| t.total), Some(dec("3875.30")));
        let w = find(&issues, "TDS", Some(1), Some("6"));
        assert_eq!(w.severity, Severity::Warning);
    });
}

#[test]
fn reads_846_and_832() {
    let body = "\
BIA*00*SI*INV-1*20240301*1200~\
N1*SU*Supplier~\
LIN**VP*SKU-1*UP*036000291452~\
PID*F****Paper~\
REF*WS*WH-EAST~\
QTY*33*120*EA~\
QTY*17*150*EA~\
QTY*27*30*EA~\
QTY*63*500*EA~\
DTM*018*20240315~\
CTT*1~";
    on_body("846", body, |ts| {
        let (r, issues) = read_846(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(r.report_id, "INV-1");
        let i = r.items.first().expect("item");
        assert_eq!(i.sku, "SKU-1");
        assert_eq!(i.location.as_deref(), Some("WH-EAST"));
        assert_eq!(
            (
                i.available,
                i.on_hand,
                i.reserved,
                i.next_available_quantity
            ),
            (
                Some(dec("120")),
                Some(dec("150")),
                Some(dec("30")),
                Some(dec("500"))
            )
        );
        assert_eq!(i.next_available_date, Some(date(2024, 3, 15)));
    });
    let body = "\
BCT*PC*CAT-1*3******Spring catalog*00~\
CUR*SE*USD~\
DTM*007*20240101~\
N1*SU*Supplier~\
LIN*1*VP*P-1*MG*M-1*MF*Acme~\
PID*F****Stapler~\
PID*F*GEN***A long description~\
CTP**CAT*9.99*1*EA~\
CTP**CON*8.50*100*EA~\
DTM*036*20241231~\
CTB*OR**57*10~\
LDT*AF*5*DA~\
CTT*1~";
    on_body("832", body, |ts| {
        let (c, issues) = read_832(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(c.catalog_id, "CAT-1");
        assert_eq!(c.version.as_deref(), Some("3"));
        assert_eq!(c.name.as_deref(), Some("Spring catalog"));
        assert_eq!(c.valid_from, Some(date(2024, 1, 1)));
        let i = c.items.first().expect("item");
        assert_eq!(i.supplier_part_id, "P-1");
        assert_eq!(i.manufacturer_name.as_deref(), Some("Acme"));
        assert_eq!(i.long_description.as_deref(), Some("A long description"));
        assert_eq!(i.prices.len(), 2);
        assert_eq!(
            i.prices.get(1).and_then(|p| p.price_list_id.as_deref()),
            Some("CON")
        );
        assert_eq!(
            i.prices.get(1).and_then(|p| p.valid_to),
            Some(date(2024, 12, 31))
        );
        assert_eq!(i.min_order_quantity, Some(dec("10")));
        assert_eq!(i.lead_time_days, Some(5));
    });
}

#[test]
fn reference_kinds_and_unknown_qualifiers() {
    on_body(
        "850",
        "BEG*00*SA*P1**20240101~REF*CT*C1~REF*ZZ*free~PO1*1*1*EA~",
        |ts| {
            let (po, _) = read_850(ts);
            let kinds: Vec<ReferenceKind> = po.references.iter().map(|r| r.kind.clone()).collect();
            assert_eq!(
                kinds,
                [ReferenceKind::Contract, ReferenceKind::Other("ZZ".into())]
            );
        },
    );
}

/// A partner whose supplier part number comes with another qualifier (`part_qualifiers`, e.g.
/// `SK`) gets it as the supplier part id; the standard ranking's pick is kept as an extrinsic.
/// Its own qualifiers rank first-preferred over each other and over VP > VN > VC > VA.
#[test]
fn a_partners_part_qualifiers_decide_the_supplier_part_number() {
    use crate::x12::map::{read_850_with, ReadOptions};
    let opts = |q: &[&str]| ReadOptions {
        supplier_part_qualifiers: q.iter().map(|s| (*s).to_owned()).collect(),
    };
    on_body("850", PO_5010, |ts| {
        let (po, issues) = read_850_with(ts, &opts(&["SK"]));
        assert!(issues.is_empty(), "{issues:#?}");
        let l = &po.lines[0];
        assert_eq!(l.supplier_part_id.as_deref(), Some("SKU-1"));
        assert_eq!(
            l.extrinsics.get("product_id:VP").map(String::as_str),
            Some("S-100")
        );
        // Line 2 has no SK: the standard ranking (VN).
        assert_eq!(po.lines[1].supplier_part_id.as_deref(), Some("S-200"));

        let (po, _) = read_850_with(ts, &opts(&["MG", "SK"]));
        assert_eq!(po.lines[0].supplier_part_id.as_deref(), Some("M-1"));
        assert_eq!(
            po.lines[0]
                .extrinsics
                .get("product_id:SK")
                .map(String::as_str),
            Some("SKU-1")
        );
        // Without options, as before.
        let (po, _) = read_850(ts);
        assert_eq!(po.lines[0].supplier_part_id.as_deref(), Some("S-100"));
    });
}

#[test]
fn x12_decimals_and_units_read_as_the_standard_says() {
    use crate::x12::map::common::{parse_decimal, uom_from_x12};
    let dec = |v: &str| parse_decimal(v).map(|d| d.to_string());
    assert_eq!(dec("12"), Some("12".into()));
    assert_eq!(dec("-3.50"), Some("-3.50".into()));
    assert_eq!(dec("+2"), Some("2".into()));
    assert_eq!(dec(".5"), Some("0.5".into()));
    assert_eq!(dec("5."), Some("5".into()));
    for bad in [
        "", "-", ".", "+.", "1.2.3", "1e3", " 1", "1,5", "--1", "+-1",
    ] {
        assert_eq!(dec(bad), None, "{bad:?}");
    }
    let unit = |v: &str| uom_from_x12(v).map(|u| u.as_str().to_owned());
    for (x12, rec20) in [
        ("EA", "EA"),
        ("DZ", "DZN"),
        ("CA", "CS"),
        ("PC", "PCE"),
        ("ST", "SET"),
        ("PCS", "PCE"),
        ("M", "MTR"),
        ("YD", "YRD"),
        ("D", "D"),
        ("dz", "DZN"),
        (" ea ", "EA"),
    ] {
        assert_eq!(unit(x12).as_deref(), Some(rec20), "{x12:?}");
    }
    assert_eq!(unit("FOUR"), None);
}
