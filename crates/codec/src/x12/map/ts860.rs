//! 860 Purchase Order Change Request (buyer initiated) → [`OrderChange`].

use model::{LineChangeKind, OrderChange, OrderChangeLine, OrderPurpose, Reference, ReferenceKind};

use super::common::{missing_at, parse_u32, Cx, EL_COND_MISSING, EL_INVALID_CODE, EL_MISSING};
use super::order::{finish_line, read_order_like, LineSeg};
use super::ts850::{attach_contacts, order_type_from_x12};
use crate::x12::TransactionSet;
use crate::Issue;
use crate::Location;

/// Reads an 860 into an [`OrderChange`].
///
/// - `BCH`: 01 purpose (`01` cancel, `04` change, `05` replace, `00` new, `06` confirmation,
///   `07` duplicate; else error `7`), 02 type → extrinsic `order_type`, 03 → `order_number`,
///   04 → extrinsic `release_number`, 05 → `change_sequence` (when numeric, else extrinsic
///   `change_sequence`), 06 → `order_date`, 11 (else 10) → `change_date`, 08 → contract
///   reference.
/// - Header segments and N1 loops as in the 850.
/// - POC loops → `lines`: POC01 line, POC02 change type (`AI` added, `DI` cancelled, `NC`
///   unchanged, `CA` `PC` `QD` `QI` `RZ` `CT`… changed; unknown → error `7`), POC03 the
///   quantity after the change, POC04 (left to receive) → extrinsic `quantity_left_to_receive`,
///   POC05 unit, POC06 price, POC08… id pairs. A line other than a cancelled one without POC03
///   is an error (`2`): the model cannot say "quantity unchanged".
pub fn read_860(ts: &TransactionSet<'_>) -> (OrderChange, Vec<Issue>) {
    read_860_with(ts, &super::ReadOptions::default())
}

/// [`read_860`] with a partner's [`super::ReadOptions`].
pub fn read_860_with(
    ts: &TransactionSet<'_>,
    opts: &super::ReadOptions,
) -> (OrderChange, Vec<Issue>) {
    let mut cx = Cx {
        supplier_qualifiers: opts.supplier_part_qualifiers.clone(),
        ..Cx::default()
    };
    let segs = cx.open(ts, "860");
    let mut ch = OrderChange::default();
    if let Some(bch) = cx.beginning(&segs, "BCH") {
        ch.purpose = match bch.el(1) {
            Some("01") => OrderPurpose::Cancel,
            Some("04") => OrderPurpose::Change,
            Some("05") => OrderPurpose::Replace,
            Some("00") => OrderPurpose::New,
            Some("06") => OrderPurpose::Confirmation,
            Some("07") => OrderPurpose::Duplicate,
            Some(other) => {
                cx.error(
                    bch.loc(Some(1)),
                    Some(EL_INVALID_CODE),
                    format!("BCH01 {other:?} is not a purpose code this gateway accepts on an 860"),
                );
                OrderPurpose::Change
            }
            None => {
                cx.error(
                    bch.loc(Some(1)),
                    Some(EL_MISSING),
                    "BCH01 (transaction set purpose code) is missing",
                );
                OrderPurpose::Change
            }
        };
        if let Some(t) = bch.el(2) {
            ch.extrinsics
                .insert("order_type".into(), order_type_from_x12(t));
        }
        ch.order_number = cx
            .required(&bch, 3, "purchase order number")
            .unwrap_or_default()
            .to_owned();
        if let Some(r) = bch.el(4) {
            ch.extrinsics.insert("release_number".into(), r.to_owned());
        }
        if let Some(seq) = bch.el(5) {
            match parse_u32(seq) {
                Some(n) => ch.change_sequence = Some(n),
                None => {
                    ch.extrinsics
                        .insert("change_sequence".into(), seq.to_owned());
                }
            }
        }
        ch.order_date = cx.date(&bch, 6, "purchase order date");
        if let Some(c) = bch.el(8) {
            ch.references
                .push(Reference::new(ReferenceKind::Contract, c));
        }
        ch.change_date = if bch.el(11).is_some() {
            cx.date(&bch, 11, "change request date")
        } else {
            cx.date(&bch, 10, "date")
        };
    }

    let mut doc = read_order_like(&mut cx, &segs, "BCH", LineSeg::Poc);
    ch.currency = doc.currency.take();
    ch.ship_to = doc.take_party(&mut cx, &["ST"]);
    ch.bill_to = doc.take_party(&mut cx, &["BT"]);
    ch.buyer = doc.take_party(&mut cx, &["BY"]);
    ch.seller = doc.take_party(&mut cx, &["VN", "SU", "SE"]);
    doc.rest_parties_into(&mut ch.extrinsics);
    attach_contacts(&mut ch.buyer, std::mem::take(&mut doc.header_contacts));
    ch.payment_terms = doc.payment_terms.take();
    ch.shipping = doc.shipping.take();
    ch.references.append(&mut doc.references);
    ch.comments = doc.notes.drain(..).map(|(_, t)| t).collect();
    ch.charges.append(&mut doc.charges);
    ch.taxes.append(&mut doc.taxes);
    ch.totals = doc.totals.take();
    let delivery = doc.date("002");
    doc.dates_into(&mut ch.extrinsics, &["002"]);
    for (mut line, acc) in doc.take_lines() {
        let change = acc.change.unwrap_or(LineChangeKind::Changed);
        if !acc.quantity_present && change != LineChangeKind::Cancelled {
            // An element error (AK4/IK4 on POC03), not a segment error.
            cx.error(
                Location {
                    element: Some(3),
                    ..missing_at("POC", acc.pos)
                },
                Some(EL_COND_MISSING),
                format!(
                    "POC03 (quantity ordered) is missing on line {}; the quantity after the \
                     change is unknown",
                    line.line_number
                ),
            );
        }
        if let Some(left) = acc.left_to_receive {
            line.extrinsics
                .insert("quantity_left_to_receive".into(), left.to_string());
        }
        finish_line(&mut line, acc.dates, acc.notes, delivery);
        ch.lines.push(OrderChangeLine { change, line });
    }
    (ch, cx.issues)
}
