//! ORDRSP ↔ [`OrderResponse`].
//!
//! BGM `231`, message function (1225) `29` accepted without amendment, `4` changed, `27` not
//! accepted; per line LIN 1229 `5` accepted, `3` changed, `7` not accepted (a changed line with a
//! QTY `83` backorder quantity reads as backordered); QTY `21` ordered, `113` to be delivered
//! (confirmed), `83` backordered; DTM `2` requested delivery, `69` promised delivery, `11`
//! despatch; PRI `AAA`; FTX `ACD` reason, `AAI` comments.

use model::{OrderResponse, OrderResponseLine, ReferenceKind, ResponseStatus, Totals};

use super::common::{el, Body, Segs};
use super::common::{num, read_body, require_number, Cx, Out, INVALID};
use super::orders::{bgm_loc, require_lines};
use super::MapSegment;
use crate::{Issue, Location, Severity};

fn status_of(code: &str) -> Option<ResponseStatus> {
    Some(match code {
        "29" | "AP" | "9" => ResponseStatus::Accepted,
        "27" | "RE" | "1" => ResponseStatus::Rejected,
        "4" | "CA" | "5" => ResponseStatus::Changed,
        _ => return None,
    })
}

/// The order number of a response-like message: the first `RFF+ON`; the other references.
pub(super) fn split_order_ref(b: &Body) -> (Option<model::Reference>, Vec<model::Reference>) {
    let mut order = None;
    let mut rest = Vec::new();
    for r in &b.refs {
        if order.is_none() && r.kind == ReferenceKind::PurchaseOrder {
            order = Some(r.clone());
        } else {
            rest.push(r.clone());
        }
    }
    (order, rest)
}

/// Reads an ORDRSP body.
pub fn read_ordrsp(body: &[MapSegment<'_>]) -> (OrderResponse, Vec<Issue>) {
    read_ordrsp_segs(Segs::Map(body))
}

/// [`read_ordrsp`] over positioned body segments.
pub(super) fn read_ordrsp_segs(body: Segs<'_>) -> (OrderResponse, Vec<Issue>) {
    let mut cx = Cx::default();
    let b = read_body(&mut cx, body, &["231"]);
    let number = require_number(&mut cx, &b, "response");
    let status = match (b.function.as_deref(), b.response_type.as_deref()) {
        (Some(f), _) if status_of(f).is_some() => status_of(f).unwrap_or(ResponseStatus::Accepted),
        (_, Some(r)) if status_of(r).is_some() => status_of(r).unwrap_or(ResponseStatus::Accepted),
        (f, _) => {
            cx.error(
                bgm_loc(3),
                Some(if f.is_none() { super::common::MISSING } else { INVALID }),
                format!("BGM message function {f:?} is not 29, 4 or 27 (accepted, changed, not accepted)"),
            );
            ResponseStatus::Pending
        }
    };
    require_lines(&mut cx, &b);
    let (order, references) = split_order_ref(&b);
    let order_number = match &order {
        Some(r) => r.value.clone(),
        None => {
            cx.warn(
                Location {
                    segment: Some("RFF".into()),
                    segment_position: Some(3),
                    ..Location::default()
                },
                None,
                "No RFF+ON order number; the BGM number is used",
            );
            number.clone()
        }
    };
    let mut lines = Vec::new();
    for l in &b.lines {
        let backordered = l.qty.get("83").map(|q| q.0);
        let line_status = match l.action.as_deref() {
            Some("5") | Some("6") => ResponseStatus::Accepted,
            Some("3") if backordered.is_some_and(|q| !q.is_zero()) => ResponseStatus::Backordered,
            Some("3") => ResponseStatus::Changed,
            Some("7") | Some("10") => ResponseStatus::Rejected,
            None => status.clone(),
            Some(other) => {
                cx.warn(
                    Location {
                        segment: Some("LIN".into()),
                        segment_position: Some(l.pos),
                        element: Some(2),
                        component: Some(1),
                        ..Location::default()
                    },
                    Some(INVALID),
                    format!("LIN action code (1229) {other:?} is not 3, 5 or 7; read as changed"),
                );
                ResponseStatus::Changed
            }
        };
        let unit = ["113", "21", "83"]
            .iter()
            .find_map(|q| l.qty.get(q).and_then(|v| v.1.clone()));
        let mut r = OrderResponseLine::new(l.number.unwrap_or(0), line_status);
        r.ordered_quantity = l.qty.get("21").map(|q| q.0);
        r.confirmed_quantity = l.qty.get("113").or(l.qty.get("12")).map(|q| q.0);
        r.backordered_quantity = backordered;
        r.unit_of_measure = unit;
        r.unit_price = l.prices.get("AAA").or(l.prices.get("AAB")).copied();
        r.requested_delivery_date = l.dates.get("2").copied();
        r.delivery_date = l.dates.get("69").or(l.dates.get("17")).copied();
        r.ship_date = l.dates.get("11").copied();
        r.reason = l
            .comments
            .iter()
            .find(|(s, _)| s == "ACD")
            .map(|(_, t)| t.clone());
        r.comments = l
            .comments
            .iter()
            .filter(|(s, _)| s != "ACD")
            .map(|(_, t)| t.clone())
            .collect();
        r.supplier_part_id = l.supplier_part.clone();
        r.buyer_part_id = l.buyer_part.clone();
        r.description = l.description.clone();
        lines.push(r);
    }
    let mut extrinsics = b.extrinsics.clone();
    b.date_extrinsics(&["137"], &mut extrinsics);
    b.other_parties(&["BY", "SU"], &mut extrinsics);
    if let Some(g) = b.lines.iter().find_map(|l| l.gtin.as_ref()) {
        let _ = g; // GTINs have no field on response lines.
    }
    let mut r = OrderResponse::new(order_number, status);
    r.response_number = (!number.is_empty()).then_some(number);
    r.response_date = b.dates.get("137").copied();
    r.order_date = order.and_then(|o| o.date);
    r.currency = b.currency.clone();
    r.buyer = b.party("BY");
    r.seller = b.party("SU");
    r.reason = b
        .comments
        .iter()
        .find(|(s, _)| s == "ACD")
        .map(|(_, t)| t.clone());
    r.comments = b.comments_except("ACD");
    r.lines = lines;
    r.totals = super::orders::totals(&b);
    r.references = references;
    r.extrinsics = extrinsics;
    (r, cx.issues)
}

/// Writes an ORDRSP body for `r`.
pub fn write_ordrsp(r: &OrderResponse) -> (Vec<MapSegment<'static>>, Vec<Issue>) {
    let mut o = Out::default();
    let function = match &r.status {
        ResponseStatus::Accepted => "29",
        ResponseStatus::Rejected => "27",
        ResponseStatus::Changed => "4",
        other => {
            o.issue(
                Severity::Warning,
                "BGM",
                Some(3),
                "status",
                format!(
                    "Status {:?} has no EANCOM code; written as changed (4)",
                    other.as_str()
                ),
            );
            "4"
        }
    };
    let number = match &r.response_number {
        Some(n) => n.clone(),
        None => {
            o.issue(
                Severity::Warning,
                "BGM",
                Some(2),
                "response_number",
                "No response number; the order number is used".into(),
            );
            r.order_number.clone()
        }
    };
    o.seg("BGM", vec![el(["231"]), el([&number]), el([function])]);
    match r.response_date.or(r.issued_at.map(|t| t.date_naive())) {
        Some(d) => o.dtm("137", d),
        None => o.issue(
            Severity::Error,
            "DTM",
            None,
            "response_date",
            "No response date: DTM 137 is mandatory".into(),
        ),
    }
    if let Some(reason) = &r.reason {
        o.ftx("ACD", reason, "reason");
    }
    for (i, c) in r.comments.iter().enumerate() {
        o.ftx("AAI", c, &format!("comments[{i}]"));
    }
    o.rff("ON", &r.order_number, r.order_date);
    o.references(&r.references, "references");
    if let Some(p) = &r.buyer {
        o.nad("BY", p, "buyer");
    }
    if let Some(p) = &r.seller {
        o.nad("SU", p, "seller");
    }
    if let Some(c) = &r.currency {
        o.seg("CUX", vec![el(["2", c.as_str(), "9"])]);
    }
    for (i, l) in r.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        let action = match &l.status {
            ResponseStatus::Accepted => "5",
            ResponseStatus::Changed | ResponseStatus::Backordered => "3",
            ResponseStatus::Rejected => "7",
            other => {
                o.issue(
                    Severity::Warning,
                    "LIN",
                    Some(2),
                    &format!("{path}.status"),
                    format!(
                        "Line status {:?} has no 1229 code; written as changed",
                        other.as_str()
                    ),
                );
                "3"
            }
        };
        o.seg("LIN", vec![el([&l.line_number.to_string()]), el([action])]);
        if let Some(p) = &l.supplier_part_id {
            o.seg("PIA", vec![el(["5"]), el([p, "SA"])]);
        }
        if let Some(p) = &l.buyer_part_id {
            o.seg("PIA", vec![el(["1"]), el([p, "IN"])]);
        }
        if let Some(d) = &l.description {
            let comps = o.chunks(d, 35, 2, "IMD", 3, &format!("{path}.description"));
            let mut c273 = el(["", "", ""]);
            c273.extend(comps);
            o.seg("IMD", vec![el(["F"]), vec![], c273]);
        }
        let unit = l.unit_of_measure.as_ref();
        if let Some(q) = l.ordered_quantity {
            o.qty("21", q, unit);
        }
        if let Some(q) = l.confirmed_quantity {
            o.qty("113", q, unit);
        }
        if let Some(q) = l.backordered_quantity {
            o.qty("83", q, unit);
        }
        if l.unit_of_measure.is_some()
            && l.ordered_quantity.is_none()
            && l.confirmed_quantity.is_none()
            && l.backordered_quantity.is_none()
        {
            o.issue(
                Severity::Warning,
                "QTY",
                None,
                &format!("{path}.unit_of_measure"),
                "A unit without a quantity is not written".into(),
            );
        }
        if let Some(d) = l.requested_delivery_date {
            o.dtm("2", d);
        }
        if let Some(d) = l.delivery_date {
            o.dtm("69", d);
        }
        if let Some(d) = l.ship_date {
            o.dtm("11", d);
        }
        if let Some(reason) = &l.reason {
            o.ftx("ACD", reason, &format!("{path}.reason"));
        }
        for (j, c) in l.comments.iter().enumerate() {
            o.ftx("AAI", c, &format!("{path}.comments[{j}]"));
        }
        if let Some(p) = l.unit_price {
            o.seg("PRI", vec![el(["AAA", &num(p)])]);
        }
    }
    o.seg("UNS", vec![el(["S"])]);
    if let Some(t) = &r.totals {
        write_totals(&mut o, t);
    }
    o.seg("CNT", vec![el(["2", &r.lines.len().to_string()])]);
    (o.segs, o.cx.issues)
}

pub(super) fn write_totals(o: &mut Out, t: &Totals) {
    if let Some(v) = t.subtotal {
        o.moa("79", v);
    }
    if let Some(v) = t.shipping {
        o.moa("64", v);
    }
    if let Some(v) = t.tax {
        o.moa("124", v);
    }
    if let Some(v) = t.total {
        o.moa("86", v);
    }
}
