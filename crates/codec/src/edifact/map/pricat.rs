//! [`Catalog`] → PRICAT and [`InventoryReport`] → INVRPT (writers only).
//!
//! PRICAT: BGM `9` with the catalog id; DTM `137` issue date, `194` valid from, `206` valid to;
//! FTX `AAI` name and description; NAD `SU` supplier, `BY` buyer; CUX `2:<currency>:8`; PGI
//! `2` (the product group the items sit in); per item LIN (GTIN `SRV`), PIA `5` supplier part `SA` (aux id `SA` in a second C212), PIA `1`
//! manufacturer part `MF`, IMD `F` description, IMD `A` long description, QTY `53` minimum
//! order quantity, then per price PRI `AAA` (6411 the item unit), CUX `2:<currency>:8` when the
//! price has its own, RNG `4` minimum quantity, DTM `194`/`206` validity.
//!
//! INVRPT: BGM `35` with the report id; DTM `137` report date; NAD `SU` (the reporting party)
//! and `BY`; per item LIN (GTIN `SRV`), PIA `5` sku `SA`, PIA `1` buyer part `IN`, IMD `F`
//! description, then per quantity (EANCOM SG11: QTY-INV-LOC-DTM) QTY `145` actual stock (on
//! hand) and QTY `66` committed (reserved), each with INV `++++2` (formal inventory balance)
//! and LOC `18` the location; QTY `198` (in transit) for the next available quantity with DTM
//! `2` its date. The available quantity has no EANCOM qualifier: it is not written (a warning
//! unless it equals on hand − reserved).

use model::{Catalog, InventoryReport};

use super::common::{el, num, Out};
use super::MapSegment;
use crate::{Issue, Severity};

/// Writes a PRICAT body for `c`.
pub fn write_pricat(c: &Catalog) -> (Vec<MapSegment<'static>>, Vec<Issue>) {
    let mut o = Out::default();
    o.seg("BGM", vec![el(["9"]), el([&c.catalog_id]), el(["9"])]);
    match c.issued_at {
        Some(t) => o.dtm("137", t.date_naive()),
        None => o.issue(
            Severity::Warning,
            "DTM",
            None,
            "issued_at",
            "No issue date: PRICAT is sent without DTM 137".into(),
        ),
    }
    if let Some(d) = c.valid_from {
        o.dtm("194", d);
    }
    if let Some(d) = c.valid_to {
        o.dtm("206", d);
    }
    if let Some(n) = &c.name {
        o.ftx("AAI", n, "name");
    }
    if let Some(d) = &c.description {
        o.ftx("AAI", d, "description");
    }
    if c.version.is_some() {
        o.issue(
            Severity::Warning,
            "BGM",
            None,
            "version",
            "The catalog version has no place in PRICAT; not written".into(),
        );
    }
    if let Some(p) = &c.supplier {
        o.nad("SU", p, "supplier");
    }
    if let Some(p) = &c.buyer {
        o.nad("BY", p, "buyer");
    }
    if let Some(cur) = &c.currency {
        o.seg("CUX", vec![el(["2", cur.as_str(), "8"])]);
    }
    // The LIN groups sit in the product group (SG17 PGI), as in the EANCOM example.
    if !c.items.is_empty() {
        o.seg("PGI", vec![el(["2"])]);
    }
    for (i, it) in c.items.iter().enumerate() {
        let path = format!("items[{i}]");
        let n = (i + 1).to_string();
        match &it.gtin {
            Some(g) => o.seg("LIN", vec![el([&n]), vec![], el([g.as_str(), "SRV"])]),
            None => o.seg("LIN", vec![el([&n])]),
        }
        let mut pia5 = vec![el(["5"]), el([&it.supplier_part_id, "SA"])];
        if let Some(aux) = &it.supplier_part_aux_id {
            pia5.push(el([aux, "SA"]));
        }
        o.seg("PIA", pia5);
        if let Some(m) = &it.manufacturer_part_id {
            o.seg("PIA", vec![el(["1"]), el([m, "MF"])]);
        }
        if let Some(d) = &it.description {
            let comps = o.chunks(d, 35, 2, "IMD", 3, &format!("{path}.description"));
            let mut c273 = el(["", "", ""]);
            c273.extend(comps);
            o.seg("IMD", vec![el(["F"]), vec![], c273]);
        }
        if let Some(d) = &it.long_description {
            for pair in super::common::split_words(d, 35).chunks(2) {
                let mut c273 = el(["", "", ""]);
                c273.extend(pair.iter().cloned());
                o.seg("IMD", vec![el(["A"]), vec![], c273]);
            }
        }
        let unit = it
            .unit_of_measure
            .as_ref()
            .map(|u| u.as_str())
            .unwrap_or("");
        if let Some(q) = it.min_order_quantity {
            o.seg("QTY", vec![el(["53", &num(q), unit])]);
        }
        let unmapped: Vec<&str> = [
            ("manufacturer_name", it.manufacturer_name.is_some()),
            ("lead_time_days", it.lead_time_days.is_some()),
            ("classification", !it.classification.is_empty()),
            ("url", it.url.is_some()),
            ("image_urls", !it.image_urls.is_empty()),
            ("category_path", !it.category_path.is_empty()),
            ("order_increment", it.order_increment.is_some()),
            ("extrinsics", !it.extrinsics.is_empty()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.then_some(k))
        .collect();
        if !unmapped.is_empty() {
            o.issue(
                Severity::Warning,
                "LIN",
                None,
                &path,
                format!("Not written in PRICAT: {}", unmapped.join(", ")),
            );
        }
        for (j, p) in it.prices.iter().enumerate() {
            o.seg(
                "PRI",
                vec![el(["AAA", &num(p.unit_price), "", "", "", unit])],
            );
            if let Some(cur) = &p.currency {
                o.seg("CUX", vec![el(["2", cur.as_str(), "8"])]);
            }
            if let Some(q) = p.min_quantity {
                o.seg("RNG", vec![el(["4"]), el([unit, &num(q)])]);
            }
            if let Some(d) = p.valid_from {
                o.dtm("194", d);
            }
            if let Some(d) = p.valid_to {
                o.dtm("206", d);
            }
            if p.price_list_id.is_some() {
                o.issue(
                    Severity::Warning,
                    "PRI",
                    None,
                    &format!("{path}.prices[{j}].price_list_id"),
                    "The price list id has no place in the PRICAT price group; not written".into(),
                );
            }
        }
    }
    (o.segs, o.cx.issues)
}

/// Writes an INVRPT body for `r`.
pub fn write_invrpt(r: &InventoryReport) -> (Vec<MapSegment<'static>>, Vec<Issue>) {
    let mut o = Out::default();
    o.seg("BGM", vec![el(["35"]), el([&r.report_id]), el(["9"])]);
    match r.report_date.or(r.issued_at.map(|t| t.date_naive())) {
        Some(d) => o.dtm("137", d),
        None => o.issue(
            Severity::Error,
            "DTM",
            None,
            "report_date",
            "No report date: DTM 137 is mandatory in INVRPT".into(),
        ),
    }
    if let Some(p) = &r.supplier {
        o.nad("SU", p, "supplier");
    }
    if let Some(p) = &r.buyer {
        o.nad("BY", p, "buyer");
    }
    for (i, it) in r.items.iter().enumerate() {
        let path = format!("items[{i}]");
        let n = (i + 1).to_string();
        match &it.gtin {
            Some(g) => o.seg("LIN", vec![el([&n]), vec![], el([g.as_str(), "SRV"])]),
            None => o.seg("LIN", vec![el([&n])]),
        }
        o.seg("PIA", vec![el(["5"]), el([&it.sku, "SA"])]);
        if let Some(b) = &it.buyer_part_id {
            o.seg("PIA", vec![el(["1"]), el([b, "IN"])]);
        }
        if let Some(d) = &it.description {
            let comps = o.chunks(d, 35, 2, "IMD", 3, &format!("{path}.description"));
            let mut c273 = el(["", "", ""]);
            c273.extend(comps);
            o.seg("IMD", vec![el(["F"]), vec![], c273]);
        }
        let unit = it.unit_of_measure.as_ref();
        let mut any = false;
        for (q, v) in [("145", it.on_hand), ("66", it.reserved)] {
            if let Some(v) = v {
                any = true;
                o.qty(q, v, unit);
                o.seg("INV", vec![vec![], vec![], vec![], el(["2"])]);
                if let Some(loc) = &it.location {
                    o.seg("LOC", vec![el(["18"]), el([loc])]);
                }
            }
        }
        if let Some(a) = it.available {
            let derived = match (it.on_hand, it.reserved) {
                (Some(h), Some(r)) => Some(h - r),
                (Some(h), None) => Some(h),
                _ => None,
            };
            if derived != Some(a) {
                o.issue(
                    Severity::Warning,
                    "QTY",
                    None,
                    &format!("{path}.available"),
                    "The available quantity has no EANCOM qualifier and is not on hand − \
                     reserved; not written"
                        .into(),
                );
            }
        }
        if let Some(v) = it.next_available_quantity {
            any = true;
            o.qty("198", v, unit);
            if let Some(d) = it.next_available_date {
                o.dtm("2", d);
            }
        } else if it.next_available_date.is_some() {
            o.issue(
                Severity::Warning,
                "DTM",
                None,
                &format!("{path}.next_available_date"),
                "A next available date without a quantity is not written".into(),
            );
        }
        if !any {
            o.issue(
                Severity::Warning,
                "QTY",
                None,
                &path,
                "The item has no stock quantity".into(),
            );
        }
    }
    (o.segs, o.cx.issues)
}
