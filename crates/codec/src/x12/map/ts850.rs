//! 850 Purchase Order → [`PurchaseOrder`].

use model::{Contact, OrderPurpose, Party, PurchaseOrder, Reference, ReferenceKind};

use super::common::{missing_at, se_position, Cx, EL_INVALID_CODE, EL_MISSING, SEG_MISSING};
use super::order::{finish_line, read_order_like, LineSeg, OrderDoc};
use crate::x12::TransactionSet;
use crate::Issue;

/// Reads an 850 (004010, 004010VICS, 005010…) into a [`PurchaseOrder`].
///
/// - `BEG`: 01 purpose (`00` new, `01` cancel, `04` change, `05` replace, `06` confirmation,
///   `07` duplicate; anything else is an error `7`), 02 type → extrinsic `order_type`,
///   03 → `order_number` (error `1` when missing), 04 → extrinsic `release_number`,
///   05 → `order_date`, 06 → a contract reference.
/// - `CUR` → `currency`; `REF` → `references`; `PER` before the N1 loops → buyer contacts;
///   `FOB` → `shipping.incoterms` / `description`; `ITD` → `payment_terms`; `TD5` →
///   `shipping.carrier` / `method`; `N9`/`MSG`, `NTE` → `comments`; `SAC` → `charges`;
///   `TXI` → `taxes`; `AMT` `TT` → `totals.total`, `1` → `totals.subtotal`.
/// - `DTM` `002` is the requested delivery date of every line without its own; other header
///   dates become extrinsics (`requested_ship_date` 010, `ship_not_before` 037,
///   `ship_no_later` 038, `deliver_not_after` 063, `deliver_not_before` 064, `cancel_after` 001,
///   else `date:<qualifier>`).
/// - N1 loops: `ST` ship-to, `BT` bill-to, `BY` buyer, `VN`/`SU`/`SE` seller; any other
///   (`SF`, `PO`, `DU`…) → extrinsic `party:<code>`.
/// - PO1 loops → `lines`, see [`super`] for the line conventions; `CTT` is checked.
pub fn read_850(ts: &TransactionSet<'_>) -> (PurchaseOrder, Vec<Issue>) {
    read_850_with(ts, &super::ReadOptions::default())
}

/// [`read_850`] with a partner's [`super::ReadOptions`].
pub fn read_850_with(
    ts: &TransactionSet<'_>,
    opts: &super::ReadOptions,
) -> (PurchaseOrder, Vec<Issue>) {
    let mut cx = Cx {
        supplier_qualifiers: opts.supplier_part_qualifiers.clone(),
        ..Cx::default()
    };
    let segs = cx.open(ts, "850");
    let mut po = PurchaseOrder::default();
    if let Some(beg) = cx.beginning(&segs, "BEG") {
        po.purpose = match beg.el(1) {
            Some("00") => OrderPurpose::New,
            Some("01") => OrderPurpose::Cancel,
            Some("04") => OrderPurpose::Change,
            Some("05") => OrderPurpose::Replace,
            Some("06") => OrderPurpose::Confirmation,
            Some("07") => OrderPurpose::Duplicate,
            Some(other) => {
                cx.error(
                    beg.loc(Some(1)),
                    Some(EL_INVALID_CODE),
                    format!("BEG01 {other:?} is not a purpose code this gateway accepts on an 850"),
                );
                OrderPurpose::New
            }
            None => {
                cx.error(
                    beg.loc(Some(1)),
                    Some(EL_MISSING),
                    "BEG01 (transaction set purpose code) is missing",
                );
                OrderPurpose::New
            }
        };
        if let Some(t) = beg.el(2) {
            po.extrinsics
                .insert("order_type".into(), order_type_from_x12(t));
        }
        po.order_number = cx
            .required(&beg, 3, "purchase order number")
            .unwrap_or_default()
            .to_owned();
        if let Some(r) = beg.el(4) {
            po.extrinsics.insert("release_number".into(), r.to_owned());
        }
        if beg.el(5).is_none() {
            cx.warn(
                beg.loc(Some(5)),
                Some(EL_MISSING),
                "BEG05 (purchase order date) is missing",
            );
        }
        po.order_date = cx.date(&beg, 5, "purchase order date");
        if let Some(c) = beg.el(6) {
            po.references
                .push(Reference::new(ReferenceKind::Contract, c));
        }
    }

    let mut doc = read_order_like(&mut cx, &segs, "BEG", LineSeg::Po1);
    if doc.lines.is_empty() {
        let at = segs
            .iter()
            .find(|s| s.id() == "CTT")
            .map_or_else(|| se_position(ts), |s| s.pos);
        cx.error(
            missing_at("PO1", at),
            Some(SEG_MISSING),
            "The purchase order has no PO1 line",
        );
    }
    fill_common(&mut cx, &mut doc, &mut po);
    (po, cx.issues)
}

/// BEG02 purchase order type (92) in words.
pub(super) fn order_type_from_x12(code: &str) -> String {
    match code {
        "SA" => "stand_alone",
        "DS" => "drop_ship",
        "NE" => "new_order",
        "BK" => "blanket",
        "RL" => "release",
        "RO" => "rush_order",
        other => other,
    }
    .to_owned()
}

fn fill_common(cx: &mut Cx, doc: &mut OrderDoc, po: &mut PurchaseOrder) {
    po.currency = doc.currency.take();
    po.ship_to = doc.take_party(cx, &["ST"]);
    po.bill_to = doc.take_party(cx, &["BT"]);
    po.buyer = doc.take_party(cx, &["BY"]);
    po.seller = doc.take_party(cx, &["VN", "SU", "SE"]);
    doc.rest_parties_into(&mut po.extrinsics);
    attach_contacts(&mut po.buyer, std::mem::take(&mut doc.header_contacts));
    po.payment_terms = doc.payment_terms.take();
    po.shipping = doc.shipping.take();
    po.references.append(&mut doc.references);
    po.comments = doc.notes.drain(..).map(|(_, t)| t).collect();
    po.charges.append(&mut doc.charges);
    po.taxes.append(&mut doc.taxes);
    po.totals = doc.totals.take();
    let delivery = doc.date("002");
    doc.dates_into(&mut po.extrinsics, &["002"]);
    // The lines were built in their own Vec, which becomes the order's: no line is moved.
    po.lines = std::mem::take(&mut doc.lines);
    for (line, acc) in po.lines.iter_mut().zip(std::mem::take(&mut doc.accs)) {
        finish_line(line, acc.dates, acc.notes, delivery);
    }
    if po.lines.is_empty() {
        if let Some(d) = delivery {
            po.extrinsics
                .insert("requested_delivery_date".into(), d.to_string());
        }
    }
}

/// Header PER contacts belong to the buyer (a party with only contacts when there is no BY).
pub(super) fn attach_contacts(buyer: &mut Option<Party>, contacts: Vec<Contact>) {
    if contacts.is_empty() {
        return;
    }
    let b = buyer.get_or_insert_with(Party::default);
    let mut rest = std::mem::take(&mut b.contacts);
    b.contacts = contacts;
    b.contacts.append(&mut rest);
}
