//! ORDCHG → [`OrderChange`].

use model::{LineChangeKind, OrderChange, OrderChangeLine, OrderPurpose};

use super::common::{read_body, require_number, Cx, Segs, INVALID};
use super::orders::{order_line, read_purpose, require_lines, shipping, totals};
use super::ordrsp::split_order_ref;
use super::MapSegment;
use crate::{Issue, Location};

/// Reads an ORDCHG body: BGM 230, LIN 1229 action `1` added, `2` deleted, `3` changed, `4`
/// (or none) unchanged. BGM 1004 is the change number (extrinsic `change_number`); the order
/// number is the first RFF `ON` (DTM `171` its date), else the BGM number.
pub fn read_ordchg(body: &[MapSegment<'_>]) -> (OrderChange, Vec<Issue>) {
    read_ordchg_segs(Segs::Map(body))
}

/// [`read_ordchg`] over positioned body segments.
pub(super) fn read_ordchg_segs(body: Segs<'_>) -> (OrderChange, Vec<Issue>) {
    let mut cx = Cx::default();
    let b = read_body(&mut cx, body, &["230"]);
    let number = require_number(&mut cx, &b, "order change");
    // BGM 1004 is the change document's number; the changed order is RFF+ON.
    let (order, references) = split_order_ref(&b);
    // In ORDCHG, function 9 (original) means "this change document is new".
    let purpose = match b.function.as_deref() {
        Some("9") | None => OrderPurpose::Change,
        _ => read_purpose(&mut cx, &b, OrderPurpose::Change),
    };
    require_lines(&mut cx, &b);
    let mut lines = Vec::new();
    for l in &b.lines {
        let change = match l.action.as_deref() {
            Some("1") => LineChangeKind::Added,
            Some("2") => LineChangeKind::Cancelled,
            Some("3") => LineChangeKind::Changed,
            Some("4") | None => LineChangeKind::Unchanged,
            Some(other) => {
                cx.error(
                    Location {
                        segment: Some("LIN".into()),
                        segment_position: Some(l.pos),
                        element: Some(2),
                        component: Some(1),
                        ..Location::default()
                    },
                    Some(INVALID),
                    format!("LIN action request code (1229) {other:?} is not 1, 2, 3 or 4"),
                );
                LineChangeKind::Changed
            }
        };
        let line = order_line(&mut cx, l, &["21"]);
        lines.push(OrderChangeLine { change, line });
    }
    let mut extrinsics = b.extrinsics.clone();
    let order_number = match &order {
        Some(o) => {
            if o.value != number && !number.is_empty() {
                extrinsics.insert("change_number".into(), number.clone());
            }
            o.value.clone()
        }
        None => number,
    };
    b.date_extrinsics(&["137", "4"], &mut extrinsics);
    b.other_parties(&["BY", "SU", "DP", "ST", "IV", "BT"], &mut extrinsics);
    let oc = OrderChange {
        order_number,
        purpose,
        order_date: order
            .as_ref()
            .and_then(|o| o.date)
            .or(b.dates.get("4").copied()),
        change_date: b.dates.get("137").copied(),
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
        references,
        comments: b.comments.iter().map(|(_, t)| t.clone()).collect(),
        extrinsics,
        ..OrderChange::default()
    };
    (oc, cx.issues)
}
