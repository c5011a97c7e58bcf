//! 846 Inventory Inquiry/Advice ↔ [`InventoryReport`].

use chrono::Timelike;
use model::{InventoryItem, InventoryReport, Party};
use rust_decimal::Decimal;

use super::common::{
    emit, fmt_date, fmt_decimal, id_pairs, missing_at, push_pairs, read_ids, Cx, PartyLoop, Seg, Wx,
};
use crate::x12::{SegmentWriter, TransactionSet};
use crate::Issue;

/// Reads an 846 into an [`InventoryReport`].
///
/// `BIA` 03 → `report_id`, 04 → `report_date`; N1 `SU`/`SE`/`VN` supplier, `BY` (else `ST`)
/// buyer. Per LIN loop one item: `sku` = the vendor part (VP/VN/VC/VA), else `SK`, else the
/// buyer's part, else the manufacturer's; BP → `buyer_part_id`, UP/EN/UK → `gtin`; `PID` →
/// `description`; `REF WS` → `location`; `QTY` `33` → `available`, `17` → `on_hand`, `27`
/// (committed) → `reserved`, `63` (on order) → `next_available_quantity` (other qualifiers: a
/// warning), QTY03 → unit; `DTM` `018`/`371`/`169` → `next_available_date`.
pub fn read_846(ts: &TransactionSet<'_>) -> (InventoryReport, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "846");
    let mut rep = InventoryReport::default();
    if let Some(bia) = cx.beginning(&segs, "BIA") {
        rep.report_id = cx
            .required(&bia, 3, "reference identification")
            .unwrap_or_default()
            .to_owned();
        rep.report_date = cx.date(&bia, 4, "date");
    }
    let mut party: Option<PartyLoop> = None;
    let mut ship_to: Option<Party> = None;
    let mut cur: Option<(InventoryItem, usize)> = None;
    let mut count = 0usize;
    let mut ctt: Option<Seg<'_>> = None;
    for s in &segs {
        if let Some(p) = party.as_mut() {
            if p.absorb(&mut cx, s) {
                continue;
            }
            if let Some(p) = party.take() {
                match p.code.as_str() {
                    "SU" | "SE" | "VN" if rep.supplier.is_none() => rep.supplier = Some(p.party),
                    "BY" if rep.buyer.is_none() => rep.buyer = Some(p.party),
                    "ST" if ship_to.is_none() => ship_to = Some(p.party),
                    _ => {}
                }
            }
        }
        match s.id() {
            "N1" if cur.is_none() => party = Some(PartyLoop::start(&mut cx, s)),
            "LIN" => {
                if let Some((item, pos)) = cur.take() {
                    finish_item(&mut cx, &mut rep, item, pos);
                }
                count += 1;
                let ids = read_ids(&mut cx, s, 2, 15);
                let sku = ids
                    .supplier_part_id
                    .clone()
                    .or(ids.sku.clone())
                    .or(ids.buyer_part_id.clone())
                    .or(ids.manufacturer_part_id.clone())
                    .unwrap_or_default();
                let item = InventoryItem {
                    sku,
                    buyer_part_id: ids.buyer_part_id.clone(),
                    gtin: ids.gtin.clone(),
                    description: ids.description.clone(),
                    ..InventoryItem::default()
                };
                cur = Some((item, s.pos));
            }
            "PID" => {
                if let Some((item, _)) = cur.as_mut() {
                    if item.description.is_none() {
                        item.description = cx.text(s, 5);
                    }
                }
            }
            "REF" => {
                if let (Some((item, _)), Some("WS")) = (cur.as_mut(), s.el(1)) {
                    item.location = s.el(2).map(str::to_owned);
                }
            }
            "QTY" => {
                let Some((item, _)) = cur.as_mut() else {
                    continue;
                };
                let q = cx.decimal(s, 2, "quantity");
                if item.unit_of_measure.is_none() {
                    item.unit_of_measure = cx.uom(s, 3);
                }
                match s.el(1) {
                    Some("33") => item.available = q,
                    Some("17") => item.on_hand = q,
                    Some("27") => item.reserved = q,
                    Some("63") => item.next_available_quantity = q,
                    other => cx.warn(
                        s.loc(Some(1)),
                        None,
                        format!(
                            "QTY01 {:?} has no place in the inventory report; ignored",
                            other.unwrap_or("")
                        ),
                    ),
                }
            }
            "DTM" => {
                if let (Some((item, _)), Some("018" | "371" | "169")) = (cur.as_mut(), s.el(1)) {
                    item.next_available_date = cx.date(s, 2, "available date");
                }
            }
            "CTT" => ctt = Some(*s),
            _ => {}
        }
    }
    if let Some(p) = party.take() {
        match p.code.as_str() {
            "SU" | "SE" | "VN" if rep.supplier.is_none() => rep.supplier = Some(p.party),
            "BY" if rep.buyer.is_none() => rep.buyer = Some(p.party),
            "ST" if ship_to.is_none() => ship_to = Some(p.party),
            _ => {}
        }
    }
    if rep.buyer.is_none() {
        rep.buyer = ship_to;
    }
    if let Some((item, pos)) = cur.take() {
        finish_item(&mut cx, &mut rep, item, pos);
    }
    if let Some(s) = ctt {
        if let Some(n) = cx.u32(&s, 1, "number of line items") {
            if usize::try_from(n).ok() != Some(count) {
                cx.warn(
                    s.loc(Some(1)),
                    None,
                    format!("CTT01 says {n}, the set has {count} LIN"),
                );
            }
        }
    }
    (rep, cx.issues)
}

fn finish_item(cx: &mut Cx, rep: &mut InventoryReport, item: InventoryItem, pos: usize) {
    if item.sku.is_empty() {
        cx.warn(missing_at("LIN", pos), None, "The item has no part number");
    }
    rep.items.push(item);
}

/// Writes the body of an 846 (BIA … CTT) for `report`.
///
/// `BIA*00*SI*<report id>*<date>*<time>` (SI seller inventory report; the date is
/// `report_date`, else that of `issued_at`, mandatory), N1 `SU` supplier and `BY` buyer, then
/// per item `LIN**VP*<sku>*BP*…*UP|EN|UK*…`, `PID*F****<description>`, `REF*WS*<location>`,
/// `QTY*33` available, `QTY*17` on hand, `QTY*27` reserved, `QTY*63` next available quantity
/// (each with the unit), `DTM*018` next available date; `CTT*<number of LIN>`.
pub fn write_846(w: &mut SegmentWriter, report: &InventoryReport) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    let id = wx.ident("BIA", 3, "report_id", &report.report_id, 30);
    let date = report
        .report_date
        .or(report.issued_at.map(|t| t.date_naive()));
    if date.is_none() {
        wx.error(
            "BIA",
            Some(4),
            "report_date",
            "The report date (BIA04, mandatory) is unknown",
        );
    }
    let date = date.map(fmt_date).unwrap_or_default();
    let time = report
        .issued_at
        .map(|t| format!("{:02}{:02}", t.hour(), t.minute()))
        .unwrap_or_default();
    wx.seg("BIA", &["00", "SI", &id, &date, &time]);
    if let Some(p) = &report.supplier {
        wx.party("SU", p, "supplier");
    }
    if let Some(p) = &report.buyer {
        wx.party("BY", p, "buyer");
    }
    for (i, item) in report.items.iter().enumerate() {
        let path = format!("items[{i}]");
        let mut els = vec![String::new()];
        let sku = (!item.sku.is_empty()).then_some(item.sku.as_str());
        if sku.is_none() {
            wx.error(
                "LIN",
                Some(3),
                &format!("{path}.sku"),
                "The item has no SKU",
            );
        }
        let pairs = id_pairs(
            item.buyer_part_id.as_deref(),
            sku,
            item.gtin.as_ref(),
            None,
            None,
        );
        // VP first: the SKU is the item's key.
        let mut ordered: Vec<(&'static str, String)> =
            pairs.iter().filter(|p| p.0 == "VP").cloned().collect();
        ordered.extend(pairs.iter().filter(|p| p.0 != "VP").cloned());
        push_pairs(&mut wx, "LIN", &path, &mut els, &ordered);
        emit(&mut wx, "LIN", &els);
        if let Some(d) = &item.description {
            let d = wx.text("PID", 5, &path, d, 80);
            if !d.is_empty() {
                wx.seg("PID", &["F", "", "", "", &d]);
            }
        }
        if let Some(l) = &item.location {
            let l = wx.ident("REF", 2, &format!("{path}.location"), l, 30);
            wx.seg("REF", &["WS", &l]);
        }
        let unit = item
            .unit_of_measure
            .as_ref()
            .map(|u| wx.uom("QTY", 3, &path, u))
            .unwrap_or_default();
        let qtys: [(&str, Option<Decimal>); 4] = [
            ("33", item.available),
            ("17", item.on_hand),
            ("27", item.reserved),
            ("63", item.next_available_quantity),
        ];
        let mut any = false;
        for (q, v) in qtys {
            if let Some(v) = v {
                any = true;
                wx.seg("QTY", &[q, &fmt_decimal(v), &unit]);
            }
        }
        if let Some(d) = item.next_available_date {
            wx.seg("DTM", &["018", &fmt_date(d)]);
        }
        if !any {
            wx.warn("QTY", None, &path, "The item states no quantity");
        }
    }
    wx.seg("CTT", &[&report.items.len().to_string()]);
    wx.cx.issues
}
