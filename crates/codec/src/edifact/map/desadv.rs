//! DESADV ↔ [`ShipNotice`].
//!
//! BGM `351` with message function `9`/`5`/`1`; DTM `137` notice, `11` despatch, `17` estimated
//! delivery; RFF `ON` (the order, with DTM `171` its date) and `BM` bill of lading; NAD `SU`,
//! `BY`, `DP` ship-to, `SF` ship-from; TDT `20` with the tracking number in 8028 and the
//! carrier in C040 (3127 code, 3128 name); a header MEA weight is read as the total weight too.
//! The CPS hierarchy: `CPS+1` is the consignment (PAC
//! with the package count, MEA `PD`/`AAB` total gross weight), then `CPS+n+1` per package with
//! PAC (7065 `CT` carton, `PX` pallet, `BX` box, `BG` bag, others verbatim), MEA `PD` `AAB`
//! weight and `LN`/`WD`/`HT` dimensions, PCI `33E` + GIN `BJ` SSCC (RFF `CN` the package's
//! tracking number), and the lines packed in it: LIN (GTIN as `SRV`), PIA (`5` supplier part
//! `SA`, `1` buyer part `IN` and batch `NB`), IMD description, QTY `12` despatched and `21`
//! ordered, GIN `BN` serial numbers, RFF `ON` order number : order line number. Lines not in a
//! package follow `CPS+1`. CNT `2` counts the LIN segments.

use std::collections::BTreeMap;

use model::{
    Dimensions, Measure, OrderPurpose, Package, PackageContent, ReferenceKind, ShipNotice,
    ShipNoticeLine, ShipNoticeOrder, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::common::{el, num, read_body, require_number, Cx, Line, Out, Pkg, Segs};
use super::orders::{purpose_code, read_purpose, require_lines};
use super::MapSegment;
use crate::{Issue, Severity};

fn package_type(code: &str) -> String {
    match code {
        "CT" => "carton".into(),
        "PX" => "pallet".into(),
        "BX" => "box".into(),
        "BG" => "bag".into(),
        other => other.to_owned(),
    }
}

fn package_code(t: &str) -> Option<&str> {
    Some(match t {
        "carton" => "CT",
        "pallet" => "PX",
        "box" => "BX",
        "bag" => "BG",
        other
            if (1..=3).contains(&other.len())
                && other.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            other
        }
        _ => return None,
    })
}

fn package_of(p: &Pkg) -> Package {
    let dim = |k: &str| p.dims.get(k).cloned();
    let dimensions = match (dim("LN"), dim("WD"), dim("HT")) {
        (Some(l), Some(w), Some(h)) if l.1 == w.1 && w.1 == h.1 => Some(Dimensions {
            length: l.0,
            width: w.0,
            height: h.0,
            unit: l.1,
        }),
        _ => None,
    };
    Package {
        sscc: p.sscc.first().cloned(),
        package_type: p.package_type.as_deref().map(package_type),
        tracking_number: p.tracking.clone(),
        weight: p
            .weight
            .clone()
            .map(|(value, unit)| Measure { value, unit }),
        dimensions,
        contents: Vec::new(),
    }
}

/// The order number and order line number a DESADV line refers to.
fn line_order(l: &Line, header_order: Option<&str>) -> (Option<String>, u32) {
    let order = l
        .extrinsics
        .get("ref:ON")
        .cloned()
        .or_else(|| header_order.map(str::to_owned));
    let number = l
        .extrinsics
        .get("ref:ON:line")
        .and_then(|v| v.parse::<u32>().ok())
        .or(l.number)
        .unwrap_or(0);
    (order, number)
}

/// Reads a DESADV body.
pub fn read_desadv(body: &[MapSegment<'_>]) -> (ShipNotice, Vec<Issue>) {
    read_desadv_segs(Segs::Map(body))
}

/// [`read_desadv`] over positioned body segments.
pub(super) fn read_desadv_segs(body: Segs<'_>) -> (ShipNotice, Vec<Issue>) {
    let mut cx = Cx::default();
    let b = read_body(&mut cx, body, &["351"]);
    let shipment_id = require_number(&mut cx, &b, "despatch advice");
    let purpose = read_purpose(&mut cx, &b, OrderPurpose::New);
    require_lines(&mut cx, &b);

    let header_order = b.reference(&ReferenceKind::PurchaseOrder).cloned();
    let bill_of_lading = b
        .reference(&ReferenceKind::Other("BM".into()))
        .map(|r| r.value.clone());
    let mut references = Vec::new();
    let mut skipped_on = false;
    let mut skipped_bm = false;
    for r in &b.refs {
        if !skipped_on && r.kind == ReferenceKind::PurchaseOrder {
            skipped_on = true;
        } else if !skipped_bm && r.kind == ReferenceKind::Other("BM".into()) {
            skipped_bm = true;
        } else {
            references.push(r.clone());
        }
    }

    // Packages: CPS levels other than the consignment level 1.
    let mut total_weight = None;
    let mut pkg_index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut packages: Vec<Package> = Vec::new();
    for (i, p) in b.packages.iter().enumerate() {
        let consignment = p.parent.is_none() && p.cps.as_deref() == Some("1");
        if consignment {
            if total_weight.is_none() {
                total_weight = p
                    .weight
                    .clone()
                    .map(|(value, unit)| Measure { value, unit });
            }
            continue;
        }
        let pkg = package_of(p);
        if pkg == Package::default() {
            continue;
        }
        pkg_index.insert(i, packages.len());
        packages.push(pkg);
    }

    if total_weight.is_none() {
        total_weight = b
            .header_weight
            .clone()
            .map(|(value, unit)| Measure { value, unit });
    }
    let mut orders: Vec<ShipNoticeOrder> = Vec::new();
    if let Some(o) = &header_order {
        orders.push(ShipNoticeOrder {
            order_number: o.value.clone(),
            order_date: o.date,
            lines: Vec::new(),
        });
    }
    for l in &b.lines {
        let (order, line_number) = line_order(l, header_order.as_ref().map(|r| r.value.as_str()));
        let (quantity, unit) = match l.qty.get("12").or(l.qty.get("21")) {
            Some(q) => q.clone(),
            None => {
                cx.error(
                    crate::Location {
                        segment: Some("LIN".into()),
                        segment_position: Some(l.pos),
                        ..crate::Location::default()
                    },
                    Some(super::common::MISSING),
                    format!("Line {line_number} has no QTY+12 despatched quantity"),
                );
                (Decimal::ZERO, None)
            }
        };
        if let Some(pi) = l.package.and_then(|p| pkg_index.get(&p)) {
            if let Some(p) = packages.get_mut(*pi) {
                p.contents.push(PackageContent {
                    order_number: order.clone(),
                    line_number,
                    quantity,
                    unit_of_measure: unit.clone(),
                });
            }
        }
        let order_number = order.unwrap_or_default();
        let oi = match orders.iter().position(|o| o.order_number == order_number) {
            Some(i) => i,
            None => {
                orders.push(ShipNoticeOrder {
                    order_number: order_number.clone(),
                    order_date: l.extrinsics.get("ref:ON:date").and_then(|d| d.parse().ok()),
                    lines: Vec::new(),
                });
                orders.len() - 1
            }
        };
        let Some(ord) = orders.get_mut(oi) else {
            continue;
        };
        if let Some(existing) = ord.lines.iter_mut().find(|x| x.line_number == line_number) {
            existing.quantity += quantity;
            continue;
        }
        ord.lines.push(ShipNoticeLine {
            line_number,
            quantity,
            unit_of_measure: unit,
            ordered_quantity: l
                .qty
                .get("21")
                .filter(|_| l.qty.contains_key("12"))
                .map(|q| q.0),
            supplier_part_id: l.supplier_part.clone(),
            supplier_part_aux_id: None,
            buyer_part_id: l.buyer_part.clone(),
            gtin: l.gtin.clone(),
            description: l.description.clone(),
            batch_number: l.batch.clone(),
            serial_numbers: l.serials.clone(),
        });
    }

    let mut extrinsics = b.extrinsics.clone();
    b.date_extrinsics(&["137", "11", "17", "132"], &mut extrinsics);
    b.other_parties(&["SU", "BY", "DP", "ST", "SF", "SH"], &mut extrinsics);
    let n = ShipNotice {
        shipment_id,
        purpose,
        notice_date: b.dates.get("137").copied(),
        ship_date: b.dates.get("11").copied(),
        expected_delivery_date: b.dates.get("17").or(b.dates.get("132")).copied(),
        carrier: b.carrier.clone(),
        carrier_code: b.carrier_code.clone(),
        tracking_number: b.transport_ref.clone(),
        bill_of_lading,
        ship_from: b.first_party(&["SF", "SH"]),
        ship_to: b.first_party(&["DP", "ST"]),
        buyer: b.party("BY"),
        seller: b.party("SU"),
        total_weight,
        packages,
        orders,
        references,
        comments: b.comments.iter().map(|(_, t)| t.clone()).collect(),
        extrinsics,
        ..ShipNotice::default()
    };
    (n, cx.issues)
}

/// Writes a DESADV body for `n`.
pub fn write_desadv(n: &ShipNotice) -> (Vec<MapSegment<'static>>, Vec<Issue>) {
    let mut o = Out::default();
    o.seg(
        "BGM",
        vec![
            el(["351"]),
            el([&n.shipment_id]),
            el([purpose_code(&n.purpose)]),
        ],
    );
    match n.notice_date.or(n.issued_at.map(|t| t.date_naive())) {
        Some(d) => o.dtm("137", d),
        None => o.issue(
            Severity::Error,
            "DTM",
            None,
            "notice_date",
            "No notice date: DTM 137 is mandatory".into(),
        ),
    }
    if let Some(d) = n.ship_date {
        o.dtm("11", d);
    }
    if let Some(d) = n.expected_delivery_date {
        o.dtm("17", d);
    }
    if !n.comments.is_empty() {
        o.issue(
            Severity::Warning,
            "FTX",
            None,
            "comments",
            "DESADV has no header FTX in D96A; comments not written".into(),
        );
    }
    let single = n.orders.len() == 1;
    if let (true, Some(ord)) = (single, n.orders.first()) {
        o.rff("ON", &ord.order_number, ord.order_date);
    }
    if let Some(b) = &n.bill_of_lading {
        o.rff("BM", b, None);
    }
    o.references(&n.references, "references");
    for (q, p, path) in [
        ("SU", &n.seller, "seller"),
        ("BY", &n.buyer, "buyer"),
        ("DP", &n.ship_to, "ship_to"),
        ("SF", &n.ship_from, "ship_from"),
    ] {
        if let Some(p) = p {
            o.nad(q, p, path);
        }
    }
    if n.carrier.is_some() || n.carrier_code.is_some() || n.tracking_number.is_some() {
        let code = n.carrier_code.as_deref().unwrap_or("");
        let name = n.carrier.as_deref().unwrap_or("");
        o.seg(
            "TDT",
            vec![
                el(["20"]),
                el([n.tracking_number.as_deref().unwrap_or("")]),
                vec![],
                vec![],
                el([code, "", "", name]),
            ],
        );
    }
    if n.service_level.is_some() {
        o.issue(
            Severity::Warning,
            "TDT",
            None,
            "service_level",
            "The service level has no place in DESADV; not written".into(),
        );
    }

    // Lookup of the full line data by (order number, line number).
    let find = |order: Option<&str>, line: u32| -> Option<(&str, &ShipNoticeLine)> {
        n.orders
            .iter()
            .filter(|ord| {
                order.is_none_or(|x| x == ord.order_number) || (order.is_none() && single)
            })
            .find_map(|ord| {
                ord.lines
                    .iter()
                    .find(|l| l.line_number == line)
                    .map(|l| (ord.order_number.as_str(), l))
            })
    };
    let mut lin_count = 0usize;
    let mut packed: BTreeMap<(String, u32), Decimal> = BTreeMap::new();

    o.seg("CPS", vec![el(["1"])]);
    if !n.packages.is_empty() || n.total_weight.is_some() {
        let count = if n.packages.is_empty() {
            String::new()
        } else {
            n.packages.len().to_string()
        };
        o.seg("PAC", vec![el([&count])]);
        if let Some(w) = &n.total_weight {
            o.seg(
                "MEA",
                vec![
                    el(["PD"]),
                    el(["AAB"]),
                    el([w.unit.as_str(), &num(w.value)]),
                ],
            );
        }
    }
    for p in &n.packages {
        for c in &p.contents {
            if let Some((on, _)) = find(c.order_number.as_deref(), c.line_number) {
                *packed.entry((on.to_owned(), c.line_number)).or_default() += c.quantity;
            }
        }
    }
    // Lines (or the unpacked rest of lines) directly under the consignment.
    for (oi, ord) in n.orders.iter().enumerate() {
        for (li, l) in ord.lines.iter().enumerate() {
            let done = packed
                .get(&(ord.order_number.clone(), l.line_number))
                .copied()
                .unwrap_or_default();
            let rest = l.quantity - done;
            if rest > Decimal::ZERO || (done.is_zero() && l.quantity.is_zero()) {
                lin_count += 1;
                write_line(
                    &mut o,
                    lin_count,
                    &ord.order_number,
                    (!single).then_some(ord.order_date).flatten(),
                    l,
                    rest,
                    l.unit_of_measure.as_ref(),
                    &format!("orders[{oi}].lines[{li}]"),
                );
            }
        }
    }
    for (pi, p) in n.packages.iter().enumerate() {
        let path = format!("packages[{pi}]");
        o.seg("CPS", vec![el([&(pi + 2).to_string()]), el(["1"])]);
        let code = match p.package_type.as_deref() {
            Some(t) => match package_code(t) {
                Some(c) => c.to_owned(),
                None => {
                    o.issue(
                        Severity::Warning,
                        "PAC",
                        Some(3),
                        &format!("{path}.package_type"),
                        format!("Package type {t:?} has no 7065 code; not written"),
                    );
                    String::new()
                }
            },
            None => String::new(),
        };
        o.seg("PAC", vec![el(["1"]), vec![], el([&code])]);
        if let Some(w) = &p.weight {
            o.seg(
                "MEA",
                vec![
                    el(["PD"]),
                    el(["AAB"]),
                    el([w.unit.as_str(), &num(w.value)]),
                ],
            );
        }
        if let Some(d) = &p.dimensions {
            for (k, v) in [("LN", d.length), ("WD", d.width), ("HT", d.height)] {
                o.seg(
                    "MEA",
                    vec![el(["PD"]), el([k]), el([d.unit.as_str(), &num(v)])],
                );
            }
        }
        if p.sscc.is_some() || p.tracking_number.is_some() {
            o.seg(
                "PCI",
                vec![el([if p.sscc.is_some() { "33E" } else { "ZZZ" }])],
            );
            if let Some(t) = &p.tracking_number {
                o.rff("CN", t, None);
            }
            if let Some(s) = &p.sscc {
                if !(s.len() == 18 && s.bytes().all(|b| b.is_ascii_digit())) {
                    o.issue(
                        Severity::Warning,
                        "GIN",
                        Some(2),
                        &format!("{path}.sscc"),
                        format!("SSCC {s:?} is not 18 digits"),
                    );
                }
                o.seg("GIN", vec![el(["BJ"]), el([s])]);
            }
        }
        for (ci, c) in p.contents.iter().enumerate() {
            match find(c.order_number.as_deref(), c.line_number) {
                Some((on, l)) => {
                    lin_count += 1;
                    let date = if single {
                        None
                    } else {
                        n.orders
                            .iter()
                            .find(|x| x.order_number == on)
                            .and_then(|x| x.order_date)
                    };
                    let unit = c.unit_of_measure.as_ref().or(l.unit_of_measure.as_ref());
                    let on = on.to_owned();
                    write_line(
                        &mut o,
                        lin_count,
                        &on,
                        date,
                        l,
                        c.quantity,
                        unit,
                        &format!("{path}.contents[{ci}]"),
                    );
                }
                None => o.issue(
                    Severity::Error,
                    "LIN",
                    None,
                    &format!("{path}.contents[{ci}]"),
                    format!(
                        "Packed line {} of order {:?} is not among the shipped order lines; not written",
                        c.line_number, c.order_number
                    ),
                ),
            }
        }
    }
    o.seg("CNT", vec![el(["2", &lin_count.to_string()])]);
    (o.segs, o.cx.issues)
}

#[allow(clippy::too_many_arguments)]
fn write_line(
    o: &mut Out,
    n: usize,
    order: &str,
    order_date: Option<chrono::NaiveDate>,
    l: &ShipNoticeLine,
    qty: Decimal,
    unit: Option<&UnitOfMeasure>,
    path: &str,
) {
    let gtin = l.gtin.as_ref().map(|g| g.as_str().to_owned());
    match &gtin {
        Some(g) => o.seg("LIN", vec![el([&n.to_string()]), vec![], el([g, "SRV"])]),
        None => o.seg("LIN", vec![el([&n.to_string()])]),
    }
    if let Some(p) = &l.supplier_part_id {
        o.seg("PIA", vec![el(["5"]), el([p, "SA"])]);
    }
    let mut extra: Vec<Vec<String>> = Vec::new();
    if let Some(p) = &l.buyer_part_id {
        extra.push(el([p, "IN"]));
    }
    if let Some(b) = &l.batch_number {
        extra.push(el([b, "NB"]));
    }
    if !extra.is_empty() {
        let mut els = vec![el(["1"])];
        els.extend(extra);
        o.seg("PIA", els);
    }
    if l.supplier_part_aux_id.is_some() {
        o.issue(
            Severity::Warning,
            "PIA",
            None,
            &format!("{path}.supplier_part_aux_id"),
            "The auxiliary part id has no place in DESADV; not written".into(),
        );
    }
    if let Some(d) = &l.description {
        let comps = o.chunks(d, 35, 2, "IMD", 3, &format!("{path}.description"));
        let mut c273 = el(["", "", ""]);
        c273.extend(comps);
        o.seg("IMD", vec![el(["F"]), vec![], c273]);
    }
    o.qty("12", qty, unit);
    if let Some(q) = l.ordered_quantity {
        o.qty("21", q, unit);
    }
    for chunk in l.serial_numbers.chunks(5) {
        let mut els = vec![el(["BN"])];
        els.extend(chunk.iter().map(|s| el([s])));
        o.seg("GIN", els);
    }
    o.seg("RFF", vec![el(["ON", order, &l.line_number.to_string()])]);
    if let Some(d) = order_date {
        o.dtm("171", d);
    }
}
