//! 832 Price/Sales Catalog ↔ [`Catalog`].

use model::{Catalog, CatalogItem, Price};

use super::common::{
    add_extrinsic, emit, fmt_date, fmt_decimal, id_pairs, is_x12_code, missing_at, push_pairs,
    read_ids, Cx, PartyLoop, Seg, Wx,
};
use crate::x12::{SegmentWriter, TransactionSet};
use crate::Issue;

/// CTP02 price identifier written for a price without a price list.
const DEFAULT_PRICE_ID: &str = "CAT";

/// Reads an 832 into a [`Catalog`].
///
/// `BCT` 02 → `catalog_id`, 03 → `version`, 09 → `name`; `DTM` `007`/`092` → `valid_from`,
/// `036`/`093` → `valid_to`; `CUR` → `currency`; N1 `SU`/`SE`/`VN` (else `MF`) supplier, `BY`/
/// `BG` buyer. Per LIN loop one item: `supplier_part_id` = VP/VN/VC/VA, else `MG`, else `SK`;
/// UP/EN/UK → `gtin`, MG → `manufacturer_part_id`, MF → `manufacturer_name`; `PID` →
/// `description` (PID02 `GEN` → `long_description`, `TRN` → extrinsic `trade_name`); each
/// `CTP` a price (02 price list unless `CAT`, 03 price, 04 minimum quantity, 05 unit), with the
/// `DTM 007`/`036` and `CUR` that follow it; `CTB OR` `57` → `min_order_quantity`, `69` →
/// `order_increment`; `LDT` in days → `lead_time_days`.
pub fn read_832(ts: &TransactionSet<'_>) -> (Catalog, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "832");
    let mut cat = Catalog::default();
    if let Some(bct) = cx.beginning(&segs, "BCT") {
        cat.catalog_id = cx
            .required(&bct, 2, "catalog number")
            .unwrap_or_default()
            .to_owned();
        cat.version = bct.el(3).map(str::to_owned);
        cat.name = cx.text(&bct, 9);
    }
    let mut party: Option<PartyLoop> = None;
    let mut manufacturer: Option<model::Party> = None;
    let mut cur: Option<(CatalogItem, usize)> = None;
    let mut count = 0usize;
    let mut ctt: Option<Seg<'_>> = None;
    for s in &segs {
        if let Some(p) = party.as_mut() {
            if p.absorb(&mut cx, s) {
                continue;
            }
            if let Some(p) = party.take() {
                take_party(&mut cat, &mut manufacturer, p);
            }
        }
        match s.id() {
            "N1" if cur.is_none() => party = Some(PartyLoop::start(&mut cx, s)),
            "CUR" => {
                let c = cx.currency(s, 2);
                match cur.as_mut() {
                    Some((item, _)) => {
                        if let Some(p) = item.prices.last_mut() {
                            p.currency = c;
                        }
                    }
                    None => cat.currency = c.or(cat.currency.take()),
                }
            }
            "DTM" => {
                let q = s.el(1).unwrap_or_default();
                match cur.as_mut() {
                    None => match q {
                        "007" | "092" => cat.valid_from = cx.date(s, 2, "effective date"),
                        "036" | "093" => cat.valid_to = cx.date(s, 2, "expiration date"),
                        _ => {}
                    },
                    Some((item, _)) => {
                        if let Some(p) = item.prices.last_mut() {
                            match q {
                                "007" | "092" => p.valid_from = cx.date(s, 2, "effective date"),
                                "036" | "093" => p.valid_to = cx.date(s, 2, "expiration date"),
                                _ => {}
                            }
                        }
                    }
                }
            }
            "LIN" => {
                if let Some((item, pos)) = cur.take() {
                    finish_item(&mut cx, &mut cat, item, pos);
                }
                count += 1;
                let ids = read_ids(&mut cx, s, 2, 15);
                let mut item = CatalogItem {
                    supplier_part_id: ids
                        .supplier_part_id
                        .clone()
                        .or(ids.manufacturer_part_id.clone())
                        .or(ids.sku.clone())
                        .unwrap_or_default(),
                    gtin: ids.gtin.clone(),
                    manufacturer_part_id: ids.manufacturer_part_id.clone(),
                    manufacturer_name: ids.manufacturer_name.clone(),
                    description: ids.description.clone(),
                    ..CatalogItem::default()
                };
                ids.extras_into(&mut item.extrinsics);
                cur = Some((item, s.pos));
            }
            "PID" => {
                let Some((item, _)) = cur.as_mut() else {
                    continue;
                };
                let Some(t) = cx.text(s, 5) else { continue };
                match s.el(2) {
                    Some("GEN") if item.long_description.is_none() => {
                        item.long_description = Some(t);
                    }
                    Some("TRN") => add_extrinsic(&mut item.extrinsics, "trade_name".into(), &t),
                    _ if item.description.is_none() => item.description = Some(t),
                    _ => {}
                }
            }
            "CTP" => {
                let Some((item, _)) = cur.as_mut() else {
                    continue;
                };
                let Some(price) = cx.decimal(s, 3, "unit price") else {
                    continue;
                };
                let mut p = Price::new(price);
                p.price_list_id = s
                    .el(2)
                    .filter(|c| *c != DEFAULT_PRICE_ID)
                    .map(str::to_owned);
                p.min_quantity = cx.decimal(s, 4, "quantity");
                if item.unit_of_measure.is_none() {
                    item.unit_of_measure = cx.uom(s, 5);
                }
                item.prices.push(p);
            }
            "CTB" => {
                let Some((item, _)) = cur.as_mut() else {
                    continue;
                };
                if s.el(1) != Some("OR") {
                    continue;
                }
                let q = cx.decimal(s, 4, "quantity");
                match s.el(3) {
                    Some("57") => item.min_order_quantity = q,
                    Some("69") => item.order_increment = q,
                    _ => {}
                }
            }
            "LDT" => {
                let Some((item, _)) = cur.as_mut() else {
                    continue;
                };
                if s.el(3) == Some("DA") {
                    item.lead_time_days = cx.u32(s, 2, "lead time");
                }
            }
            "CTT" => ctt = Some(*s),
            _ => {}
        }
    }
    if let Some(p) = party.take() {
        take_party(&mut cat, &mut manufacturer, p);
    }
    if cat.supplier.is_none() {
        cat.supplier = manufacturer;
    }
    if let Some((item, pos)) = cur.take() {
        finish_item(&mut cx, &mut cat, item, pos);
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
    (cat, cx.issues)
}

fn take_party(cat: &mut Catalog, manufacturer: &mut Option<model::Party>, p: PartyLoop) {
    match p.code.as_str() {
        "SU" | "SE" | "VN" if cat.supplier.is_none() => cat.supplier = Some(p.party),
        "MF" if manufacturer.is_none() => *manufacturer = Some(p.party),
        "BY" | "BG" if cat.buyer.is_none() => cat.buyer = Some(p.party),
        _ => {}
    }
}

fn finish_item(cx: &mut Cx, cat: &mut Catalog, item: CatalogItem, pos: usize) {
    if item.supplier_part_id.is_empty() {
        cx.warn(
            missing_at("LIN", pos),
            None,
            "The catalog item has no part number",
        );
    }
    cat.items.push(item);
}

/// Writes the body of an 832 (BCT … CTT) for `catalog`.
///
/// `BCT*PC*<catalog id>*<version>*******<name>*00`, `CUR*SE`, `DTM*007`/`*036` validity, N1
/// `SU` supplier, `BY` buyer; per item `LIN*<n>*VP*<part>*UP|EN|UK*…*MG*…*MF*<manufacturer>`,
/// `PID*F****<description>`, `PID*F*GEN***<long description>`, per price `CTP**<price list, or
/// CAT>*<price>*<minimum quantity>*<unit>` followed by its `CUR` and `DTM 007/036`, `CTB*OR**57`
/// minimum order quantity, `CTB*OR**69` order increment, `LDT*AF*<days>*DA`; `CTT`. Price list
/// ids that are not 3-character codes, URLs, images, classifications, category paths and
/// extrinsics cannot be carried (warnings).
pub fn write_832(w: &mut SegmentWriter, catalog: &Catalog) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    let id = wx.ident("BCT", 2, "catalog_id", &catalog.catalog_id, 15);
    let version = catalog
        .version
        .as_deref()
        .map(|v| wx.ident("BCT", 3, "version", v, 15))
        .unwrap_or_default();
    let name = catalog
        .name
        .as_deref()
        .or(catalog.description.as_deref())
        .map(|n| wx.text("BCT", 9, "name", n, 80))
        .unwrap_or_default();
    wx.seg(
        "BCT",
        &["PC", &id, &version, "", "", "", "", "", &name, "00"],
    );
    if let Some(c) = &catalog.currency {
        wx.seg("CUR", &["SE", c.as_str()]);
    }
    if let Some(d) = catalog.valid_from {
        wx.seg("DTM", &["007", &fmt_date(d)]);
    }
    if let Some(d) = catalog.valid_to {
        wx.seg("DTM", &["036", &fmt_date(d)]);
    }
    if let Some(p) = &catalog.supplier {
        wx.party("SU", p, "supplier");
    }
    if let Some(p) = &catalog.buyer {
        wx.party("BY", p, "buyer");
    }
    for (i, item) in catalog.items.iter().enumerate() {
        let path = format!("items[{i}]");
        let mut els = vec![(i + 1).to_string()];
        let mut pairs = id_pairs(
            None,
            Some(item.supplier_part_id.as_str()).filter(|s| !s.is_empty()),
            item.gtin.as_ref(),
            item.manufacturer_part_id.as_deref(),
            None,
        );
        if let Some(m) = &item.manufacturer_name {
            pairs.push(("MF", m.clone()));
        }
        if item.supplier_part_id.is_empty() {
            wx.error(
                "LIN",
                Some(3),
                &format!("{path}.supplier_part_id"),
                "The item has no part number",
            );
        }
        push_pairs(&mut wx, "LIN", &path, &mut els, &pairs);
        emit(&mut wx, "LIN", &els);
        if let Some(d) = &item.description {
            let d = wx.text("PID", 5, &path, d, 80);
            if !d.is_empty() {
                wx.seg("PID", &["F", "", "", "", &d]);
            }
        }
        if let Some(d) = &item.long_description {
            let d = wx.text("PID", 5, &path, d, 80);
            if !d.is_empty() {
                wx.seg("PID", &["F", "GEN", "", "", &d]);
            }
        }
        let unit = item
            .unit_of_measure
            .as_ref()
            .map(|u| wx.uom("CTP", 5, &path, u))
            .unwrap_or_default();
        if item.prices.is_empty() && !unit.is_empty() {
            wx.warn(
                "CTP",
                Some(5),
                &format!("{path}.unit_of_measure"),
                "Without a price the unit of measure cannot be carried",
            );
        }
        for (k, p) in item.prices.iter().enumerate() {
            let pp = format!("{path}.prices[{k}]");
            let list = match p.price_list_id.as_deref() {
                None => DEFAULT_PRICE_ID.to_owned(),
                Some(l) if is_x12_code(l, 3, 3) => l.to_owned(),
                Some(l) => {
                    wx.warn(
                        "CTP",
                        Some(2),
                        &pp,
                        format!(
                            "Price list {l:?} is not a 3-character X12 price code; written as CAT"
                        ),
                    );
                    DEFAULT_PRICE_ID.to_owned()
                }
            };
            let min = p.min_quantity.map(fmt_decimal).unwrap_or_default();
            let u = if min.is_empty() {
                String::new()
            } else {
                unit.clone()
            };
            let u = if u.is_empty() && k == 0 {
                unit.clone()
            } else {
                u
            };
            wx.seg("CTP", &["", &list, &fmt_decimal(p.unit_price), &min, &u]);
            if let Some(c) = &p.currency {
                wx.seg("CUR", &["SE", c.as_str()]);
            }
            if let Some(d) = p.valid_from {
                wx.seg("DTM", &["007", &fmt_date(d)]);
            }
            if let Some(d) = p.valid_to {
                wx.seg("DTM", &["036", &fmt_date(d)]);
            }
        }
        if let Some(q) = item.min_order_quantity {
            wx.seg("CTB", &["OR", "", "57", &fmt_decimal(q)]);
        }
        if let Some(q) = item.order_increment {
            wx.seg("CTB", &["OR", "", "69", &fmt_decimal(q)]);
        }
        if let Some(d) = item.lead_time_days {
            wx.seg("LDT", &["AF", &d.to_string(), "DA"]);
        }
        if item.supplier_part_aux_id.is_some()
            || item.url.is_some()
            || !item.image_urls.is_empty()
            || !item.classification.is_empty()
            || !item.category_path.is_empty()
            || !item.extrinsics.is_empty()
        {
            wx.warn(
                "LIN",
                None,
                &path,
                "Auxiliary id, URL, images, classification, category path and extrinsics cannot be carried in an 832; left out",
            );
        }
    }
    wx.seg("CTT", &[&catalog.items.len().to_string()]);
    wx.cx.issues
}
