//! X12 transaction sets ↔ the canonical [`model`].
//!
//! Readers take a parsed [`TransactionSet`] and return the canonical document plus the
//! [`Issue`]s found; writers append the segments *between* ST and SE to a [`SegmentWriter`]
//! (the envelope, SE01 included, is [`crate::x12::write_interchange`]'s job) and return the
//! issues of what could not be said. Delimiter scrubbing issues stay in the `SegmentWriter`.
//!
//! | Set | Read | Write | Canonical |
//! |---|---|---|---|
//! | 850 Purchase Order | [`read_850`] | – | [`model::PurchaseOrder`] |
//! | 860 PO Change (buyer) | [`read_860`] | – | [`model::OrderChange`] |
//! | 855 PO Acknowledgment | [`read_855`] | [`write_855`] | [`model::OrderResponse`] |
//! | 865 PO Change Ack | [`read_865`] | [`write_865`] | [`model::OrderResponse`] |
//! | 856 Ship Notice | [`read_856`] | [`write_856`] | [`model::ShipNotice`] |
//! | 810 Invoice | [`read_810`] | [`write_810`] | [`model::Invoice`] |
//! | 846 Inventory Advice | [`read_846`] | [`write_846`] | [`model::InventoryReport`] |
//! | 832 Price/Sales Catalog | [`read_832`] | [`write_832`] | [`model::Catalog`] |
//!
//! [`read_transaction`] dispatches on ST01. The maps do not depend on the version: the segments
//! they use are the same in 003060–005010 (and VICS), 6-digit `YYMMDD` dates are read too
//! (00–49 → 20xx), and writers emit 8-digit dates, valid from 004010 on.
//!
//! # Issue conventions (for the 997/999 builder)
//!
//! - `location.segment` is the segment id, `location.segment_position` its 1-based position in
//!   the transaction set counted from ST (ST = 1, the first body segment = 2) — AK302/IK302;
//!   `location.offset` is its byte offset in the input; `location.element` (and
//!   `component`) the 1-based element (component) position — AK401/IK401.
//! - `code`, when present, is an X12 syntax error code: with `location.element` set it is an
//!   **AK403/IK403** data element error code (`1` mandatory element missing, `2` conditional
//!   element missing, `6` invalid character / not a number, `7` invalid code value, `8` invalid
//!   date); without an element it is an **AK304/IK304** segment error code (`3` mandatory
//!   segment missing — then `segment` is the missing id and `segment_position` where it was
//!   expected: 2 for a beginning segment, else the position of the CTT/SE that came instead).
//!   Issues without a code are business-level (counts, duplicates, things that could not be
//!   mapped) and belong in no AK3/AK4 — at most in the AK5 status.
//! - `Severity::Error`: the document cannot be used as is (no PO number, no lines, a quantity
//!   that is not a number, an unknown purpose or change type…) → the set is rejected (AK501 `R`).
//!   `Severity::Warning`: the element was ignored or repaired, the document is usable (a bad
//!   date, unit or currency, a CTT count that does not match…) → accepted, and coded warnings
//!   can be reported with AK501 `E`.
//! - Writer issues carry `segment` / `segment_position` / `element` of what was being written
//!   and `path` = the canonical field (e.g. `lines[2].unit_of_measure`). An error means the
//!   output is not valid X12 or says less than the document (it must not be sent).
//!
//! # Mapping decisions shared by all sets
//!
//! - **Units**: X12 code list 355 ↔ UN/ECE Rec 20 through a small table where the codes differ
//!   (`CA`↔`CS` case, `LB`↔`LBR`, `KG`↔`KGM`, `FT`↔`FOT`, `IN`↔`INH`, `DZ`↔`DZN`, `PC`↔`PCE`,
//!   `UN`↔`C62`, `ST`↔`SET`, `GA`↔`GLL`…); other codes (EA, BX, PK, PR, CT, BG…) pass
//!   through [`model::UnitOfMeasure::from_common`]. A canonical unit with no 2-character X12
//!   code is written as is with an error.
//! - **Party ids** (N103/N104): `1`/`9` → scheme `duns`, `UL` → `gln`, `92` →
//!   `buyer_assigned`, `91` → `seller_assigned`, `ZZ` → `mutually_defined`, others verbatim;
//!   written back the same way (`duns` of 13 characters → `9`). N2 lines become address lines
//!   (or the name when N102 is empty); N3 → address lines; N4 → city, region, postal code,
//!   country; PER → contacts (`BD` purchasing, `IC` information, `OC` order, `CN` general, `TE`
//!   phone, `EM` email).
//! - **Product ids** (PO1/POC/IT1/LIN pairs): `VP` > `VN` > `VC` > `VA` → supplier part;
//!   `BP` > `IN` > `PI` > `CB` → buyer part; `UP`/`EN`/`UK`/`UA`/`UI`/`EO` → GTIN when it is
//!   8/12/13/14 digits (a wrong check digit is a warning); `MG` → manufacturer part, `MF` →
//!   manufacturer name, `PD` → description, `LT` → batch, `SN` → serial; `SK` → extrinsic
//!   `sku`; anything else → extrinsic `product_id:<qualifier>`. Written as `BP`, `VP`,
//!   `UP`/`EN`/`UK` by GTIN length, `MG`, `SK`.
//! - **Line numbers**: a numeric PO101/POC01/IT101/LIN01 is the line number; otherwise the
//!   position. When the id is not the canonical number (`item-1`, `000010`) the 850/860 keep it
//!   in the line extrinsic `buyer_line_id`, and the 855/865 writers echo it in PO101/POC01.
//! - **References**: REF01 `CT` contract, `PR`/`Q1` quote, `RQ` requisition, `PO` purchase
//!   order, `IV` invoice, `PK` delivery note, `SI` shipment, `PJ` project, other qualifiers kept
//!   verbatim as the kind; REF02 (else REF03) is the value. Line REFs → extrinsic `ref:<kind>`.
//! - **Notes**: N9 + MSG → one comment per N9 loop (MSG lines joined by new lines, `MSG02 LC`
//!   continues a line); NTE02 → a comment. Writers label a reason `N9*ZZ*REASON` and comments
//!   `N9*L1*NOTE`.
//! - **Allowances/charges**: SAC01 `A`/`C`, SAC02 `D240` ↔ `freight`, `C310` ↔ `discount`,
//!   `H850` ↔ `tax`, other codes verbatim; `ZZZZ` (mutually defined) reads as no code, with
//!   SAC15 as the description, and is written with SAC15 when a code is not an X12 code. SAC05
//!   with 2 implied decimals, SAC07 percent.
//! - **What X12 cannot carry** (writers): an identifier or code holding a delimiter or control
//!   character is an error (X12 has no escape before 007040: it would reach the partner
//!   changed); free text has them replaced by spaces with a warning, is trimmed, and a text
//!   segment or qualifier/value pair whose text ends up empty is left out.
//! - **Amounts**: `R` values are read as written (`.5`, `-2`, `0008` accepted); `N2` values
//!   (TDS, SAC05) have 2 implied decimals, a value with a decimal point is read as written with a
//!   warning. Writers emit decimals normalised (`12.50` → `12.5`).
//! - **Dates**: `DTM` qualifiers kept as business extrinsics where the model has no field:
//!   `001` cancel_after, `002` requested_delivery_date, `010` requested_ship_date, `037`
//!   ship_not_before, `038` ship_no_later, `063` deliver_not_after, `064` deliver_not_before,
//!   else `date:<qualifier>`; values as ISO dates.
//! - **Unmapped parties**: N1 loops of other entity codes → extrinsic `party:<code>` (name, else
//!   id).

mod common;
mod order;
mod ts810;
mod ts832;
mod ts846;
mod ts850;
mod ts855;
mod ts856;
mod ts860;
mod ts865;

#[cfg(test)]
mod tests;

pub use ts810::{read_810, write_810};
pub use ts832::{read_832, write_832};
pub use ts846::{read_846, write_846};
pub use ts850::{read_850, read_850_with};
pub use ts855::{read_855, write_855};
pub use ts856::{read_856, write_856};
pub use ts860::{read_860, read_860_with};
pub use ts865::{read_865, write_865};

use model::Document;

use super::{SegmentWriter, TransactionSet};
use crate::{Issue, Location};

/// What a partner says about its sets that changes how they are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The qualifiers that carry the supplier's part number in PO1/POC id pairs, first
    /// preferred (a partner rule's `part_qualifiers`, e.g. `["SK"]`): they win over the
    /// standard VP > VN > VC > VA. Empty: the standard ranking.
    pub supplier_part_qualifiers: Vec<String>,
}

/// Reads any supported set (850, 860, 855, 865, 856, 810, 846, 832) by its ST01. An unsupported
/// set gives `None` and an error without code (for AK5: AK502 `1`, set not supported).
pub fn read_transaction(ts: &TransactionSet<'_>) -> (Option<Document>, Vec<Issue>) {
    read_transaction_with(ts, &ReadOptions::default())
}

/// [`read_transaction`] with a partner's [`ReadOptions`] (850 and 860).
pub fn read_transaction_with(
    ts: &TransactionSet<'_>,
    opts: &ReadOptions,
) -> (Option<Document>, Vec<Issue>) {
    match ts.id().trim() {
        "850" => wrap(read_850_with(ts, opts), Document::PurchaseOrder),
        "860" => wrap(read_860_with(ts, opts), Document::OrderChange),
        "855" => wrap(read_855(ts), Document::OrderResponse),
        "865" => wrap(read_865(ts), Document::OrderResponse),
        "856" => wrap(read_856(ts), Document::ShipNotice),
        "810" => wrap(read_810(ts), Document::Invoice),
        "846" => wrap(read_846(ts), Document::InventoryReport),
        "832" => wrap(read_832(ts), Document::Catalog),
        other => (
            None,
            vec![Issue::error(
                Location {
                    offset: Some(ts.st.offset),
                    segment: Some("ST".into()),
                    segment_position: Some(1),
                    element: Some(1),
                    ..Location::default()
                },
                format!("Transaction set {other:?} is not supported"),
            )],
        ),
    }
}

fn wrap<T>(r: (T, Vec<Issue>), f: impl FnOnce(T) -> Document) -> (Option<Document>, Vec<Issue>) {
    (Some(f(r.0)), r.1)
}

/// The functional identifier code (GS01) of a transaction set, e.g. `PR` for `855`.
pub fn functional_id(set: &str) -> Option<&'static str> {
    Some(match set {
        "850" => "PO",
        "855" => "PR",
        "856" => "SH",
        "810" => "IN",
        "846" => "IB",
        "832" => "SC",
        "860" => "PC",
        "865" => "CA",
        "997" | "999" => "FA",
        _ => return None,
    })
}

/// Writes the body of `doc` for `set` when this module has a writer for it: 855/865 from an
/// order response, 856 from a ship notice, 810 from an invoice, 846 from an inventory report,
/// 832 from a catalog (the 855/865 without the order/change context). `None` when the pair is
/// not supported.
pub fn write_document(w: &mut SegmentWriter, set: &str, doc: &Document) -> Option<Vec<Issue>> {
    Some(match (set, doc) {
        ("855", Document::OrderResponse(r)) => write_855(w, r, None),
        ("865", Document::OrderResponse(r)) => write_865(w, r, None),
        ("856", Document::ShipNotice(n)) => write_856(w, n),
        ("810", Document::Invoice(i)) => write_810(w, i),
        ("846", Document::InventoryReport(r)) => write_846(w, r),
        ("832", Document::Catalog(c)) => write_832(w, c),
        _ => return None,
    })
}
