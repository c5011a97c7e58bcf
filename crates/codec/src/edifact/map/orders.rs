//! ORDERS → [`PurchaseOrder`].

use model::{OrderLine, OrderPurpose, PurchaseOrder, Shipping, Totals, UnitOfMeasure};
use rust_decimal::Decimal;

use super::common::{read_lines, require_number, Body, Cx, Line, Parallel, Segs, INVALID, MISSING};
use super::MapSegment;
use crate::{Issue, Location};

/// BGM 1225 message function → purpose. `None` for a code we do not map.
pub(super) fn purpose(code: &str) -> Option<OrderPurpose> {
    Some(match code {
        "9" => OrderPurpose::New,
        "1" => OrderPurpose::Cancel,
        "5" => OrderPurpose::Replace,
        "4" => OrderPurpose::Change,
        "7" => OrderPurpose::Duplicate,
        "31" | "42" | "43" => OrderPurpose::Confirmation,
        _ => return None,
    })
}

pub(super) fn purpose_code(p: &OrderPurpose) -> &'static str {
    match p {
        OrderPurpose::Cancel => "1",
        OrderPurpose::Replace => "5",
        OrderPurpose::Change => "4",
        OrderPurpose::Duplicate => "7",
        OrderPurpose::Confirmation => "42",
        _ => "9",
    }
}

/// The BGM message function, read; an unknown code is an error `12`.
pub(super) fn read_purpose(cx: &mut Cx, b: &Body, default: OrderPurpose) -> OrderPurpose {
    match b.function.as_deref() {
        None => default,
        Some(c) => purpose(c).unwrap_or_else(|| {
            cx.error(
                bgm_loc(3),
                Some(INVALID),
                format!("BGM message function code (1225) {c:?} is not supported"),
            );
            default
        }),
    }
}

pub(super) fn bgm_loc(e: usize) -> Location {
    Location {
        segment: Some("BGM".into()),
        segment_position: Some(2),
        element: Some(e),
        component: Some(1),
        ..Location::default()
    }
}

/// Errors for a message without lines.
pub(super) fn require_lines(cx: &mut Cx, b: &Body) {
    if b.line_count == 0 && b.bgm_code.is_some() {
        cx.error(
            Location {
                segment: Some("LIN".into()),
                segment_position: Some(b.unt_pos),
                ..Location::default()
            },
            Some(MISSING),
            "The message has no LIN line items",
        );
    }
}

/// The ordered quantity of a line (QTY 21, else the first QTY); an error when absent.
pub(super) fn order_line(cx: &mut Cx, l: &Line, quals: &[&str]) -> OrderLine {
    order_line_from(cx, l.clone(), quals)
}

/// The quantity of a line: the QTY of the first of `quals` it has, else its first QTY; an
/// error `13` naming `QTY+quals[0]` (`what`: "quantity", "invoiced quantity") when it has none.
pub(super) fn line_quantity(
    cx: &mut Cx,
    l: &Line,
    quals: &[&str],
    what: &str,
) -> (Decimal, Option<UnitOfMeasure>) {
    let q = quals
        .iter()
        .find_map(|q| l.qty.get(q))
        .or_else(|| l.qty.values().next());
    if q.is_none() {
        cx.error(
            Location {
                segment: Some("LIN".into()),
                segment_position: Some(l.pos),
                ..Location::default()
            },
            Some(MISSING),
            format!(
                "Line {} has no QTY+{} {what}",
                l.number.unwrap_or(0),
                quals.first().copied().unwrap_or_default()
            ),
        );
    }
    q.cloned().unwrap_or((Decimal::ZERO, None))
}

/// [`order_line`], taking the line's values instead of copying them.
pub(super) fn order_line_from(cx: &mut Cx, l: Line, quals: &[&str]) -> OrderLine {
    let (quantity, unit) = line_quantity(cx, &l, quals, "quantity");
    let mut extrinsics = l.extrinsics;
    // Room for what is added below at once.
    let dated = l.dates.len() - usize::from(l.dates.contains_key("2"));
    extrinsics.reserve(usize::from(l.raw_id.is_some()) + dated);
    if let Some(raw) = l.raw_id {
        extrinsics.insert("buyer_line_id".into(), raw);
    }
    for (q, d) in &l.dates {
        if q != "2" {
            extrinsics.insert(super::common::date_name(q), model::date::iso(d));
        }
    }
    OrderLine {
        line_number: l.number.unwrap_or(0),
        quantity,
        unit_of_measure: unit.or(l.price_unit),
        unit_price: l.prices.get("AAA").or(l.prices.get("AAB")).copied(),
        description: l.description,
        supplier_part_id: l.supplier_part,
        supplier_part_aux_id: None,
        buyer_part_id: l.buyer_part,
        gtin: l.gtin,
        manufacturer_part_id: l.manufacturer_part,
        manufacturer_name: None,
        classification: Vec::new(),
        requested_delivery_date: l.dates.get("2").copied(),
        ship_to: l.ship_to,
        charges: l.charges,
        taxes: l.taxes,
        comments: l.comments.into_iter().map(|(_, t)| t).collect(),
        extrinsics,
    }
}

/// Reads an ORDERS body (the segments between UNH and UNT).
pub fn read_orders(body: &[MapSegment<'_>]) -> (PurchaseOrder, Vec<Issue>) {
    read_orders_segs(Segs::Map(body), Parallel::NONE)
}

/// [`read_orders`] over positioned body segments, a long body read on `par.threads` threads.
pub(super) fn read_orders_segs(body: Segs<'_>, par: Parallel) -> (PurchaseOrder, Vec<Issue>) {
    let mut cx = Cx::default();
    // Each line becomes an order line as soon as its LIN group ends; the issues of that
    // (a line without a quantity) come after the header's, as if the lines were read last.
    let mut lines_cx = Cx::default();
    let mut lines: Vec<OrderLine> = Vec::with_capacity(body.lin_count());
    let b = read_lines(
        &mut cx,
        body,
        &["220", "221", "226", "227", "228", "105", "402"],
        &mut lines_cx,
        &mut lines,
        &|lines_cx, l| order_line_from(lines_cx, l, &["21"]),
        par,
    );
    let order_number = require_number(&mut cx, &b, "order");
    let purpose = read_purpose(&mut cx, &b, OrderPurpose::New);
    require_lines(&mut cx, &b);
    cx.issues.append(&mut lines_cx.issues);
    let mut extrinsics = b.extrinsics.clone();
    b.date_extrinsics(&["137"], &mut extrinsics);
    b.other_parties(&["BY", "SU", "DP", "ST", "IV", "BT"], &mut extrinsics);
    if let Some(bgm) = &b.bgm_code {
        if bgm != "220" {
            extrinsics.insert("document_name_code".into(), bgm.clone());
        }
    }
    let po = PurchaseOrder {
        order_number,
        purpose,
        order_date: b.dates.get("137").copied(),
        currency: b.currency.clone(),
        buyer: b.party("BY"),
        seller: b.party("SU"),
        ship_to: b.first_party(&["DP", "ST"]),
        bill_to: b.first_party(&["IV", "BT"]),
        payment_terms: b.payment_terms.clone(),
        lines,
        charges: b.charges.clone(),
        taxes: b.taxes.clone(),
        shipping: shipping(&b),
        totals: totals(&b),
        references: b.refs.clone(),
        comments: b.comments.iter().map(|(_, t)| t.clone()).collect(),
        extrinsics,
        ..PurchaseOrder::default()
    };
    (po, cx.issues)
}

pub(super) fn shipping(b: &Body) -> Option<Shipping> {
    if b.carrier.is_none() && b.carrier_code.is_none() {
        return None;
    }
    Some(Shipping {
        carrier: b.carrier.clone().or_else(|| b.carrier_code.clone()),
        ..Shipping::default()
    })
}

pub(super) fn totals(b: &Body) -> Option<Totals> {
    let t = Totals {
        subtotal: b.summary_moa.get("79").copied(),
        tax: b
            .summary_moa
            .get("124")
            .or(b.summary_moa.get("176"))
            .copied(),
        shipping: b.summary_moa.get("64").copied(),
        total: b
            .summary_moa
            .get("86")
            .or(b.summary_moa.get("77"))
            .or(b.summary_moa.get("128"))
            .copied(),
    };
    (t != Totals::default()).then_some(t)
}
