//! 856 Ship Notice/Manifest ↔ [`ShipNotice`].

use chrono::{NaiveDate, Timelike};
use model::{
    Dimensions, Measure, OrderPurpose, Package, PackageContent, Party, ShipNotice, ShipNoticeLine,
    ShipNoticeOrder, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::common::{
    emit, fmt_date, fmt_decimal, id_pairs, is_x12_code, line_number, missing_at, push_pairs,
    read_ids, read_ref, rest_parties_into, se_position, take_party, Cx, ItemIds, PartyLoop, Seg,
    Wx, EL_INVALID_CODE, EL_MISSING, SEG_MISSING,
};
use super::order::service_level_to_x12;
use crate::x12::{SegmentWriter, TransactionSet};
use crate::Issue;

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct ItemAcc {
    raw_line: Option<String>,
    ids: ItemIds,
    quantity: Option<Decimal>,
    unit: Option<UnitOfMeasure>,
    ordered: Option<Decimal>,
    description: Option<String>,
    order: Option<(String, Option<NaiveDate>)>,
    pos: usize,
}

#[derive(Debug)]
struct HlNode {
    id: String,
    parent: Option<String>,
    level: String,
    order: Option<(String, Option<NaiveDate>)>,
    package: Option<usize>,
    item: Option<ItemAcc>,
}

/// Reads an 856 into a [`ShipNotice`].
///
/// - `BSN`: 01 purpose (`00` new, `01` cancel, `04` change, `05` replace, `06` confirmation,
///   `07` duplicate, `14` advance notification = new; else new with a warning `7`), 02 →
///   `shipment_id`, 03 → `notice_date`.
/// - Shipment level (and anything before the first HL): `TD1` → `total_weight` (else
///   `MEA PD G`), `TD5` 03 → `carrier_code`, 05 → `carrier`, 12 → `service_level`, `REF BM` →
///   `bill_of_lading`, `REF CN`/`2I` → `tracking_number`, other `REF` → `references`, `DTM 011`
///   → `ship_date`, `017`/`067` → `expected_delivery_date`, N1 `ST` ship-to, `SF`/`SH`
///   ship-from, `BY`/`OB` buyer, `SE`/`SU`/`VN` seller.
/// - Order level: `PRF` 01 order number, 04 order date (a PRF inside an item also works).
/// - Pack/tare level (`P`, `T`): a package: `MAN GM` → `sscc` (a 20-digit value with AI `00`
///   loses it), `MAN CP`/`REF CN` → `tracking_number`, `TD1` → type/weight, `MEA` dimensions.
///   Packages with the same SSCC under several orders are one package.
/// - Item level: `LIN` 01 → line number (else the position within its order, with a warning),
///   pairs (VP/BP/UP… as in the 850, `LT` batch, `SN` serials), `SN1` 02 quantity (error `1`
///   when missing), 03 unit, 05 ordered quantity, `PID` description. An item belongs to the
///   nearest order and package above it; its quantities per line are summed, and each item
///   under a package is a package content.
/// - `CTT01` should be the number of HL (or of item HL); a warning otherwise.
pub fn read_856(ts: &TransactionSet<'_>) -> (ShipNotice, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "856");
    let mut sn = ShipNotice::default();
    if let Some(bsn) = cx.beginning(&segs, "BSN") {
        sn.purpose = match bsn.el(1) {
            Some("00" | "14") | None => OrderPurpose::New,
            Some("01") => OrderPurpose::Cancel,
            Some("04") => OrderPurpose::Change,
            Some("05") => OrderPurpose::Replace,
            Some("06") => OrderPurpose::Confirmation,
            Some("07") => OrderPurpose::Duplicate,
            Some(other) => {
                cx.warn(
                    bsn.loc(Some(1)),
                    Some(EL_INVALID_CODE),
                    format!("BSN01 {other:?} is not a known purpose code; read as new"),
                );
                OrderPurpose::New
            }
        };
        sn.shipment_id = cx
            .required(&bsn, 2, "shipment identification")
            .unwrap_or_default()
            .to_owned();
        sn.notice_date = cx.date(&bsn, 3, "date");
    }

    let mut nodes: Vec<HlNode> = Vec::new();
    let mut packages: Vec<Package> = Vec::new();
    let mut party: Option<PartyLoop> = None;
    let mut parties: Vec<PartyLoop> = Vec::new();
    let mut ctt: Option<(Seg<'_>, u32)> = None;
    for s in &segs {
        if let Some(p) = party.as_mut() {
            if p.absorb(&mut cx, s) {
                continue;
            }
            if let Some(p) = party.take() {
                parties.push(p);
            }
        }
        let cur = nodes.len().checked_sub(1);
        let level = cur
            .and_then(|i| nodes.get(i))
            .map_or("S", |n| n.level.as_str())
            .to_owned();
        let in_item = level == "I";
        let pkg_idx = cur.and_then(|i| nodes.get(i)).and_then(|n| n.package);
        match s.id() {
            "HL" => {
                let id = s.el(1).unwrap_or_default().to_owned();
                if id.is_empty() {
                    cx.warn(
                        s.loc(Some(1)),
                        Some(EL_MISSING),
                        "HL01 (hierarchical id) is missing",
                    );
                }
                let lvl = match s.el(3) {
                    Some(l) => l.to_owned(),
                    None => {
                        cx.warn(
                            s.loc(Some(3)),
                            Some(EL_MISSING),
                            "HL03 (level code) is missing",
                        );
                        String::new()
                    }
                };
                let package = if lvl == "P" || lvl == "T" {
                    packages.push(Package::default());
                    Some(packages.len() - 1)
                } else {
                    None
                };
                nodes.push(HlNode {
                    id,
                    parent: s.el(2).map(str::to_owned),
                    level: lvl.clone(),
                    order: None,
                    package,
                    item: (lvl == "I").then(|| ItemAcc {
                        pos: s.pos,
                        ..ItemAcc::default()
                    }),
                });
            }
            "PRF" => {
                let Some(num) = s.el(1) else {
                    cx.warn(
                        s.loc(Some(1)),
                        Some(EL_MISSING),
                        "PRF01 (purchase order number) is missing",
                    );
                    continue;
                };
                let date = cx.date(s, 4, "purchase order date");
                let o = Some((num.to_owned(), date));
                match cur.and_then(|i| nodes.get_mut(i)) {
                    Some(n) if n.item.is_some() => {
                        if let Some(it) = n.item.as_mut() {
                            it.order = o;
                        }
                    }
                    Some(n) => n.order = o,
                    None => sn.orders.push(ShipNoticeOrder {
                        order_number: num.to_owned(),
                        order_date: date,
                        lines: Vec::new(),
                    }),
                }
            }
            "MAN" => {
                let Some(p) = pkg_idx.and_then(|i| packages.get_mut(i)) else {
                    continue;
                };
                match (s.el(1), s.el(2)) {
                    (Some("GM"), Some(v)) => {
                        let v = v
                            .strip_prefix("00")
                            .filter(|r| v.len() == 20 && r.len() == 18)
                            .unwrap_or(v);
                        if v.len() != 18 || !v.bytes().all(|b| b.is_ascii_digit()) {
                            cx.warn(
                                s.loc(Some(2)),
                                None,
                                format!("MAN02 {v:?} is not an 18-digit SSCC; kept as is"),
                            );
                        }
                        p.sscc = Some(v.to_owned());
                    }
                    (Some("CP"), Some(v)) => p.tracking_number = Some(v.to_owned()),
                    _ => {}
                }
            }
            "TD1" => {
                let weight = read_weight(&mut cx, s, 7, 8);
                match pkg_idx.and_then(|i| packages.get_mut(i)) {
                    Some(p) => {
                        p.package_type = s.el(1).map(package_type_from_x12);
                        p.weight = weight;
                    }
                    None if !in_item && sn.total_weight.is_none() => sn.total_weight = weight,
                    None => {}
                }
            }
            "MEA" => {
                if s.el(1) != Some("PD") {
                    continue;
                }
                let q = s.el(2).unwrap_or_default();
                let (Some(v), Some(u)) = (cx.decimal(s, 3, "measurement value"), cx.uom(s, 4))
                else {
                    continue;
                };
                match pkg_idx.and_then(|i| packages.get_mut(i)) {
                    Some(p) => match q {
                        "G" => p.weight = Some(Measure { value: v, unit: u }),
                        "LN" | "WD" | "HT" => {
                            let d = p.dimensions.get_or_insert_with(|| Dimensions {
                                length: Decimal::ZERO,
                                width: Decimal::ZERO,
                                height: Decimal::ZERO,
                                unit: u.clone(),
                            });
                            match q {
                                "LN" => d.length = v,
                                "WD" => d.width = v,
                                _ => d.height = v,
                            }
                        }
                        _ => {}
                    },
                    None if !in_item && q == "G" && sn.total_weight.is_none() => {
                        sn.total_weight = Some(Measure { value: v, unit: u });
                    }
                    None => {}
                }
            }
            "TD5" => {
                if sn.carrier_code.is_none() {
                    sn.carrier_code = s.el(3).map(str::to_owned);
                }
                if sn.carrier.is_none() {
                    sn.carrier = cx.text(s, 5);
                }
                if sn.service_level.is_none() {
                    sn.service_level = s.el(12).map(super::order::service_level_from_x12);
                }
            }
            "REF" if !in_item => {
                let (Some(q), Some(v)) = (s.el(1), s.el(2).or_else(|| s.el(3))) else {
                    continue;
                };
                let pkg = pkg_idx.and_then(|i| packages.get_mut(i));
                match (q, pkg) {
                    ("CN" | "2I", Some(p)) if p.tracking_number.is_none() => {
                        p.tracking_number = Some(v.to_owned());
                    }
                    ("BM", _) if sn.bill_of_lading.is_none() => {
                        sn.bill_of_lading = Some(v.to_owned())
                    }
                    ("CN" | "2I", None) if sn.tracking_number.is_none() => {
                        sn.tracking_number = Some(v.to_owned());
                    }
                    _ => {
                        if let Some(r) = read_ref(s) {
                            sn.references.push(r);
                        }
                    }
                }
            }
            "DTM" if !in_item => match s.el(1) {
                Some("011") => sn.ship_date = cx.date(s, 2, "ship date").or(sn.ship_date),
                Some("017" | "067") if sn.expected_delivery_date.is_none() => {
                    sn.expected_delivery_date = cx.date(s, 2, "delivery date");
                }
                _ => {}
            },
            "N1" if !in_item => party = Some(PartyLoop::start(&mut cx, s)),
            "LIN" => {
                let Some(n) = cur.and_then(|i| nodes.get_mut(i)) else {
                    cx.warn(s.loc(None), None, "LIN outside an item HL; ignored");
                    continue;
                };
                let ids = read_ids(&mut cx, s, 2, 15);
                let it = n.item.get_or_insert_with(|| ItemAcc {
                    pos: s.pos,
                    ..ItemAcc::default()
                });
                it.raw_line = s.el(1).map(str::to_owned);
                it.ids = ids;
            }
            "SN1" => {
                let q = cx.decimal_req(s, 2, "number of units shipped");
                let u = cx.uom(s, 3);
                let o = cx.decimal(s, 5, "quantity ordered");
                if let Some(it) = cur
                    .and_then(|i| nodes.get_mut(i))
                    .and_then(|n| n.item.as_mut())
                {
                    it.quantity = q;
                    it.unit = u;
                    it.ordered = o;
                }
            }
            "PID" => {
                let t = cx.text(s, 5);
                if let Some(it) = cur
                    .and_then(|i| nodes.get_mut(i))
                    .and_then(|n| n.item.as_mut())
                {
                    if it.description.is_none() {
                        it.description = t;
                    }
                }
            }
            "CTT" => {
                if let Some(n) = cx.u32(s, 1, "number of line items") {
                    ctt = Some((*s, n));
                }
            }
            _ => {}
        }
    }
    if let Some(p) = party.take() {
        parties.push(p);
    }
    sn.ship_to = take_party(&mut cx, &mut parties, &["ST"]);
    sn.ship_from = take_party(&mut cx, &mut parties, &["SF", "SH"]);
    sn.buyer = take_party(&mut cx, &mut parties, &["BY", "OB"]);
    sn.seller = take_party(&mut cx, &mut parties, &["SE", "SU", "VN"]);
    rest_parties_into(parties, &mut sn.extrinsics);
    if nodes.is_empty() {
        cx.error(
            missing_at("HL", se_position(ts)),
            Some(SEG_MISSING),
            "The ship notice has no HL loop",
        );
    }
    if let Some((s, n)) = ctt {
        let all = nodes.len();
        let items = nodes.iter().filter(|x| x.item.is_some()).count();
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if n != all && n != items {
            cx.warn(
                s.loc(Some(1)),
                None,
                format!("CTT01 says {n}; the set has {all} HL ({items} items)"),
            );
        }
    }
    build_orders(&mut cx, &mut sn, nodes, packages);
    (sn, cx.issues)
}

fn read_weight(cx: &mut Cx, s: &Seg<'_>, v: usize, u: usize) -> Option<Measure> {
    let value = cx.decimal(s, v, "weight")?;
    let unit = cx.uom(s, u)?;
    Some(Measure { value, unit })
}

fn package_type_from_x12(code: &str) -> String {
    if code.starts_with("CTN") {
        "carton".into()
    } else if code.starts_with("PLT") {
        "pallet".into()
    } else {
        code.to_owned()
    }
}

fn package_type_to_x12(t: &str) -> Option<&str> {
    match t {
        "carton" => Some("CTN25"),
        "pallet" => Some("PLT94"),
        c if is_x12_code(c, 3, 5) => Some(c),
        _ => None,
    }
}

/// Walks up from node `i` (bounded, so a cycle cannot loop) and returns the first match.
fn ancestor<T>(nodes: &[HlNode], i: usize, f: impl Fn(&HlNode) -> Option<T>) -> Option<T> {
    let mut cur = nodes.get(i)?;
    for _ in 0..=nodes.len() {
        if let Some(t) = f(cur) {
            return Some(t);
        }
        let parent = cur.parent.as_deref()?;
        cur = nodes.iter().find(|n| n.id == parent)?;
    }
    None
}

fn build_orders(cx: &mut Cx, sn: &mut ShipNotice, nodes: Vec<HlNode>, packages: Vec<Package>) {
    // Orders in the order their O levels appear.
    for n in &nodes {
        if let Some((num, date)) = &n.order {
            if !sn.orders.iter().any(|o| &o.order_number == num) {
                sn.orders.push(ShipNoticeOrder {
                    order_number: num.clone(),
                    order_date: *date,
                    lines: Vec::new(),
                });
            }
        }
    }
    // Packages merged by SSCC.
    let mut canon: Vec<Option<usize>> = Vec::new();
    for p in packages {
        let same = p
            .sscc
            .as_ref()
            .and_then(|s| sn.packages.iter().position(|q| q.sscc.as_ref() == Some(s)));
        match same {
            Some(k) => canon.push(Some(k)),
            None => {
                sn.packages.push(p);
                canon.push(Some(sn.packages.len() - 1));
            }
        }
    }
    let mut contents: Vec<(usize, String, PackageContent)> = Vec::new();
    for i in 0..nodes.len() {
        let Some(item) = nodes.get(i).and_then(|n| n.item.as_ref()) else {
            continue;
        };
        let order = item
            .order
            .clone()
            .or_else(|| ancestor(&nodes, i, |n| n.order.clone()));
        let (num, date) = match order {
            Some(o) => o,
            None if sn.orders.len() == 1 => sn
                .orders
                .first()
                .map(|o| (o.order_number.clone(), o.order_date))
                .unwrap_or_default(),
            None => {
                cx.warn(
                    missing_at("PRF", item.pos),
                    Some(EL_MISSING),
                    "The item belongs to no order (no PRF above it); read under an empty order number",
                );
                (String::new(), None)
            }
        };
        let oi = match sn.orders.iter().position(|o| o.order_number == num) {
            Some(k) => k,
            None => {
                sn.orders.push(ShipNoticeOrder {
                    order_number: num.clone(),
                    order_date: date,
                    lines: Vec::new(),
                });
                sn.orders.len() - 1
            }
        };
        let Some(o) = sn.orders.get_mut(oi) else {
            continue;
        };
        let (mut n, numbered) = line_number(item.raw_line.as_deref(), o.lines.len() + 1);
        if !numbered {
            if let Some(pl) = item.ids.others.iter().find(|(q, _)| q == "PL") {
                if let Some(x) = super::common::parse_u32(&pl.1).filter(|x| *x > 0) {
                    n = x;
                }
            } else {
                cx.warn(
                    missing_at("LIN", item.pos),
                    None,
                    format!(
                        "LIN01 is not a line number; the item is read as line {n} of its order"
                    ),
                );
            }
        }
        let qty = item.quantity.unwrap_or_default();
        match o.lines.iter_mut().find(|l| l.line_number == n) {
            Some(l) => {
                l.quantity = l.quantity.saturating_add(qty);
                for s in &item.ids.serials {
                    if !l.serial_numbers.contains(s) {
                        l.serial_numbers.push(s.clone());
                    }
                }
            }
            None => o.lines.push(ShipNoticeLine {
                line_number: n,
                quantity: qty,
                unit_of_measure: item.unit.clone(),
                ordered_quantity: item.ordered,
                supplier_part_id: item.ids.supplier_part_id.clone(),
                supplier_part_aux_id: None,
                buyer_part_id: item.ids.buyer_part_id.clone(),
                gtin: item.ids.gtin.clone(),
                description: item.description.clone().or(item.ids.description.clone()),
                batch_number: item.ids.batch.clone(),
                serial_numbers: item.ids.serials.clone(),
            }),
        }
        let pkg = ancestor(&nodes, i, |n| n.package).and_then(|k| canon.get(k).copied().flatten());
        if let Some(k) = pkg {
            contents.push((
                k,
                num.clone(),
                PackageContent {
                    order_number: Some(num),
                    line_number: n,
                    quantity: qty,
                    unit_of_measure: item.unit.clone(),
                },
            ));
        }
    }
    let single = sn.orders.len() <= 1;
    for (k, _, mut c) in contents {
        if single {
            c.order_number = None;
        }
        if let Some(p) = sn.packages.get_mut(k) {
            p.contents.push(c);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// One HL to write: level, parent index, and its segments.
struct Hl {
    level: &'static str,
    parent: Option<usize>,
    segs: Vec<(&'static str, Vec<String>)>,
}

/// Writes the body of an 856 (BSN … CTT) for `notice`.
///
/// - `BSN*<purpose>*<shipment id>*<date>*<time>*<0001 SOPI | 0002 SOI>`: the date is
///   `notice_date` (else the date of `issued_at`; missing is an error), the time that of
///   `issued_at` (else `0000`); `0001` when the notice has packages.
/// - `HL S`: `TD1` (package code when all packages are cartons `CTN25` or pallets `PLT94`,
///   package count, `G` gross `total_weight`), `TD5**2*<carrier_code>**<carrier>` (+ TD512
///   service level), `REF BM` bill of lading, `REF CN` tracking number, other `REF`,
///   `DTM 011` ship date, `DTM 017` expected delivery, N1 `ST`, `SF`, `BY`, `SE`.
/// - Per order `HL O` (`PRF*<order>***<order date>`); in SOPI per package holding its lines
///   `HL P` (`TD1` type/weight, `MEA PD LN/WD/HT`, `MAN GM` SSCC, `MAN CP` tracking) with an
///   `HL I` per content; what no package holds goes in `HL I` under the order. Each `HL I`:
///   `LIN*<line>*BP*…*VP*…*UP|EN|UK*…*LT*<batch>*SN*<serial>…`, `SN1**<qty>*<unit>**<ordered>*
///   <unit>`, `PID*F****<description>`.
/// - HL01 counts from 1, HL02 is the parent, HL04 is 1 when the level has children, else 0;
///   `CTT01` is the number of HL.
pub fn write_856(w: &mut SegmentWriter, notice: &ShipNotice) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    let sopi = !notice.packages.is_empty();
    let purpose = match &notice.purpose {
        OrderPurpose::New => "00",
        OrderPurpose::Cancel => "01",
        OrderPurpose::Change => "04",
        OrderPurpose::Replace => "05",
        OrderPurpose::Confirmation => "06",
        OrderPurpose::Duplicate => "07",
        OrderPurpose::Other(p) => {
            wx.warn(
                "BSN",
                Some(1),
                "purpose",
                format!("Purpose {p:?} has no BSN01 code; 00 written"),
            );
            "00"
        }
    };
    let id = wx.ident("BSN", 2, "shipment_id", &notice.shipment_id, 30);
    let date = notice
        .notice_date
        .or(notice.issued_at.map(|t| t.date_naive()));
    if date.is_none() {
        wx.error(
            "BSN",
            Some(3),
            "notice_date",
            "The notice date (BSN03, mandatory) is unknown",
        );
    }
    let date = date.map(fmt_date).unwrap_or_default();
    let time = notice
        .issued_at
        .map(|t| format!("{:02}{:02}", t.hour(), t.minute()))
        .unwrap_or_else(|| "0000".into());
    wx.seg(
        "BSN",
        &[
            purpose,
            &id,
            &date,
            &time,
            if sopi { "0001" } else { "0002" },
        ],
    );

    let mut hls: Vec<Hl> = vec![Hl {
        level: "S",
        parent: None,
        segs: shipment_segments(&mut wx, notice),
    }];
    if notice.orders.is_empty() {
        wx.warn(
            "HL",
            Some(3),
            "orders",
            "The notice ships no order; only the shipment level is written",
        );
    }
    let single = notice.orders.len() == 1;
    // Contents per package that name an order the notice does not list.
    for (pi, p) in notice.packages.iter().enumerate() {
        for (ci, c) in p.contents.iter().enumerate() {
            let known = match &c.order_number {
                Some(o) => notice.orders.iter().any(|x| &x.order_number == o),
                None => single,
            };
            if !known {
                wx.error(
                    "HL",
                    Some(3),
                    &format!("packages[{pi}].contents[{ci}].order_number"),
                    "The content names no order of the notice (or none while several are shipped); left out",
                );
            }
        }
    }
    let mut empty_packages_done = false;
    for (oi, o) in notice.orders.iter().enumerate() {
        let opath = format!("orders[{oi}]");
        let num = wx.ident(
            "PRF",
            1,
            &format!("{opath}.order_number"),
            &o.order_number,
            22,
        );
        let od = o.order_date.map(fmt_date).unwrap_or_default();
        hls.push(Hl {
            level: "O",
            parent: Some(0),
            segs: vec![("PRF", vec![num, String::new(), String::new(), od])],
        });
        let o_idx = hls.len() - 1;
        let belongs = |c: &PackageContent| match &c.order_number {
            Some(n) => n == &o.order_number,
            None => single,
        };
        let mut packed: Vec<(u32, Decimal)> = Vec::new();
        for (pi, p) in notice.packages.iter().enumerate() {
            let mine: Vec<&PackageContent> = p.contents.iter().filter(|c| belongs(c)).collect();
            let empty_here = p.contents.is_empty() && oi == 0;
            if mine.is_empty() && !empty_here {
                continue;
            }
            hls.push(Hl {
                level: "P",
                parent: Some(o_idx),
                segs: package_segments(&mut wx, p, &format!("packages[{pi}]")),
            });
            let p_idx = hls.len() - 1;
            for c in mine {
                let line = o.lines.iter().find(|l| l.line_number == c.line_number);
                match packed.iter_mut().find(|(n, _)| *n == c.line_number) {
                    Some((_, q)) => *q = q.saturating_add(c.quantity),
                    None => packed.push((c.line_number, c.quantity)),
                }
                let unit = c
                    .unit_of_measure
                    .as_ref()
                    .or(line.and_then(|l| l.unit_of_measure.as_ref()));
                hls.push(Hl {
                    level: "I",
                    parent: Some(p_idx),
                    segs: item_segments(&mut wx, c.line_number, c.quantity, unit, line, &opath),
                });
            }
        }
        if oi == 0 {
            empty_packages_done = true;
        }
        for (li, l) in o.lines.iter().enumerate() {
            let done = packed
                .iter()
                .find(|(n, _)| *n == l.line_number)
                .map_or(Decimal::ZERO, |(_, q)| *q);
            if done > l.quantity {
                wx.warn(
                    "SN1",
                    Some(2),
                    &format!("{opath}.lines[{li}]"),
                    format!(
                        "The packages hold {done} of line {} but the line ships {}",
                        l.line_number, l.quantity
                    ),
                );
            }
            let rest = l.quantity.saturating_sub(done);
            if rest > Decimal::ZERO || (done.is_zero() && l.quantity.is_zero()) {
                hls.push(Hl {
                    level: "I",
                    parent: Some(o_idx),
                    segs: item_segments(
                        &mut wx,
                        l.line_number,
                        rest,
                        l.unit_of_measure.as_ref(),
                        Some(l),
                        &format!("{opath}.lines[{li}]"),
                    ),
                });
            }
        }
    }
    if !empty_packages_done && notice.packages.iter().any(|p| p.contents.is_empty()) {
        wx.warn(
            "HL",
            Some(3),
            "packages",
            "Packages without contents and without an order are left out",
        );
    }
    let count = hls.len();
    for (i, h) in hls.iter().enumerate() {
        let id = (i + 1).to_string();
        let parent = h.parent.map(|p| (p + 1).to_string()).unwrap_or_default();
        let child = if hls.iter().any(|c| c.parent == Some(i)) {
            "1"
        } else {
            "0"
        };
        wx.seg("HL", &[&id, &parent, h.level, child]);
        for (sid, els) in &h.segs {
            emit(&mut wx, sid, els);
        }
    }
    wx.seg("CTT", &[&count.to_string()]);
    wx.cx.issues
}

fn weight_els(wx: &mut Wx<'_>, id: &str, path: &str, m: &Measure) -> (String, String) {
    (fmt_decimal(m.value), wx.uom(id, 8, path, &m.unit))
}

fn shipment_segments(wx: &mut Wx<'_>, n: &ShipNotice) -> Vec<(&'static str, Vec<String>)> {
    let mut v: Vec<(&'static str, Vec<String>)> = Vec::new();
    if !n.packages.is_empty() || n.total_weight.is_some() {
        let types: Vec<Option<&str>> = n
            .packages
            .iter()
            .map(|p| p.package_type.as_deref().or(Some("carton")))
            .collect();
        let code = match types.first() {
            Some(first) if types.iter().all(|t| t == first) => first.and_then(package_type_to_x12),
            _ => None,
        };
        let (code, count) = match code {
            Some(c) if !n.packages.is_empty() => (c.to_owned(), n.packages.len().to_string()),
            _ => (String::new(), String::new()),
        };
        let (wv, wu) = match &n.total_weight {
            Some(m) => weight_els(wx, "TD1", "total_weight", m),
            None => (String::new(), String::new()),
        };
        let g = if wv.is_empty() { "" } else { "G" };
        if !code.is_empty() || !wv.is_empty() {
            v.push((
                "TD1",
                vec![
                    code,
                    count,
                    String::new(),
                    String::new(),
                    String::new(),
                    g.into(),
                    wv,
                    wu,
                ],
            ));
        }
    }
    if n.carrier.is_some() || n.carrier_code.is_some() || n.service_level.is_some() {
        let scac = n
            .carrier_code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| wx.ident("TD5", 3, "carrier_code", c, 80))
            .unwrap_or_default();
        let q = if scac.is_empty() { "" } else { "2" };
        let name = n
            .carrier
            .as_deref()
            .map(|c| wx.text("TD5", 5, "carrier", c, 35))
            .unwrap_or_default();
        let level = match n.service_level.as_deref() {
            Some(l) => match service_level_to_x12(l) {
                Some(c) => c.to_owned(),
                None => {
                    wx.warn(
                        "TD5",
                        Some(12),
                        "service_level",
                        format!("Service level {l:?} has no X12 code; left out"),
                    );
                    String::new()
                }
            },
            None => String::new(),
        };
        let mut els = vec![String::new(), q.into(), scac, String::new(), name];
        if !level.is_empty() {
            els.resize(11, String::new());
            els.push(level);
        }
        if els.iter().skip(1).all(String::is_empty) {
            wx.warn(
                "TD5",
                None,
                "carrier",
                "No carrier data X12 can carry; TD5 left out",
            );
        } else {
            v.push(("TD5", els));
        }
    }
    if let Some(b) = &n.bill_of_lading {
        let b = wx.ident("REF", 2, "bill_of_lading", b, 30);
        v.push(("REF", vec!["BM".into(), b]));
    }
    if let Some(t) = &n.tracking_number {
        let t = wx.ident("REF", 2, "tracking_number", t, 30);
        v.push(("REF", vec!["CN".into(), t]));
    }
    for (i, r) in n.references.iter().enumerate() {
        let p = format!("references[{i}]");
        match super::common::ref_kind_to_x12(&r.kind) {
            Some(q) => {
                let q = q.to_owned();
                let val = wx.ident("REF", 2, &p, &r.value, 30);
                v.push(("REF", vec![q, val]));
            }
            None => wx.warn(
                "REF",
                Some(1),
                &p,
                format!(
                    "Reference kind {:?} has no X12 qualifier; left out",
                    r.kind.as_str()
                ),
            ),
        }
    }
    if let Some(d) = n.ship_date {
        v.push(("DTM", vec!["011".into(), fmt_date(d)]));
    }
    if let Some(d) = n.expected_delivery_date {
        v.push(("DTM", vec!["017".into(), fmt_date(d)]));
    }
    // N1 loops are written through a scratch writer so they share the party rules.
    for (code, party, path) in [
        ("ST", &n.ship_to, "ship_to"),
        ("SF", &n.ship_from, "ship_from"),
        ("BY", &n.buyer, "buyer"),
        ("SE", &n.seller, "seller"),
    ] {
        if let Some(p) = party {
            v.extend(party_segments(wx, code, p, path));
        }
    }
    v
}

/// The N1 loop of `party` as segment lists (parsed back from a scratch writer).
fn party_segments(
    wx: &mut Wx<'_>,
    code: &str,
    party: &Party,
    path: &str,
) -> Vec<(&'static str, Vec<String>)> {
    let d = wx.w.delimiters();
    let mut scratch = SegmentWriter::new(d);
    let mut issues = {
        let mut sx = Wx::new(&mut scratch);
        sx.party(code, party, path);
        sx.cx.issues
    };
    let (text, more) = scratch.into_parts();
    issues.extend(more);
    // Positions in the scratch writer mean nothing in the set.
    for i in &mut issues {
        i.location.segment_position = None;
    }
    wx.cx.issues.extend(issues);
    let mut out = Vec::new();
    for raw in text.split(char::from(d.segment)).filter(|s| !s.is_empty()) {
        let mut parts = raw.split(char::from(d.element));
        let sid = match parts.next() {
            Some("N1") => "N1",
            Some("N2") => "N2",
            Some("N3") => "N3",
            Some("N4") => "N4",
            Some("PER") => "PER",
            _ => continue,
        };
        out.push((sid, parts.map(str::to_owned).collect()));
    }
    out
}

fn package_segments(wx: &mut Wx<'_>, p: &Package, path: &str) -> Vec<(&'static str, Vec<String>)> {
    let mut v: Vec<(&'static str, Vec<String>)> = Vec::new();
    if let Some(d) = &p.dimensions {
        let u = wx.uom("MEA", 4, &format!("{path}.dimensions"), &d.unit);
        for (q, val) in [("LN", d.length), ("WD", d.width), ("HT", d.height)] {
            v.push((
                "MEA",
                vec!["PD".into(), q.into(), fmt_decimal(val), u.clone()],
            ));
        }
    }
    let code = match p.package_type.as_deref() {
        Some(t) => match package_type_to_x12(t) {
            Some(c) => c.to_owned(),
            None => {
                wx.warn(
                    "TD1",
                    Some(1),
                    &format!("{path}.package_type"),
                    format!("Package type {t:?} has no X12 code; left out"),
                );
                String::new()
            }
        },
        None => String::new(),
    };
    let (wv, wu) = match &p.weight {
        Some(m) => weight_els(wx, "TD1", &format!("{path}.weight"), m),
        None => (String::new(), String::new()),
    };
    if !code.is_empty() || !wv.is_empty() {
        let count = if code.is_empty() { "" } else { "1" };
        let g = if wv.is_empty() { "" } else { "G" };
        v.push((
            "TD1",
            vec![
                code,
                count.into(),
                String::new(),
                String::new(),
                String::new(),
                g.into(),
                wv,
                wu,
            ],
        ));
    }
    match &p.sscc {
        Some(s) => {
            if s.len() != 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
                wx.warn(
                    "MAN",
                    Some(2),
                    &format!("{path}.sscc"),
                    format!("{s:?} is not an 18-digit SSCC"),
                );
            }
            let s = wx.ident("MAN", 2, &format!("{path}.sscc"), s, 48);
            v.push(("MAN", vec!["GM".into(), s]));
        }
        None => {
            if p.tracking_number.is_none() {
                wx.warn(
                    "MAN",
                    Some(2),
                    path,
                    "The package has neither SSCC nor tracking number",
                );
            }
        }
    }
    if let Some(t) = &p.tracking_number {
        let t = wx.ident("MAN", 2, &format!("{path}.tracking_number"), t, 48);
        v.push(("MAN", vec!["CP".into(), t]));
    }
    v
}

fn item_segments(
    wx: &mut Wx<'_>,
    line_no: u32,
    qty: Decimal,
    unit: Option<&UnitOfMeasure>,
    line: Option<&ShipNoticeLine>,
    path: &str,
) -> Vec<(&'static str, Vec<String>)> {
    let mut v: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut lin = vec![line_no.to_string()];
    if let Some(l) = line {
        let mut pairs = id_pairs(
            l.buyer_part_id.as_deref(),
            l.supplier_part_id.as_deref(),
            l.gtin.as_ref(),
            None,
            None,
        );
        if let Some(b) = &l.batch_number {
            pairs.push(("LT", b.clone()));
        }
        for s in &l.serial_numbers {
            pairs.push(("SN", s.clone()));
        }
        if pairs.len() > 15 {
            wx.warn(
                "LIN",
                None,
                path,
                "LIN carries at most 15 id pairs; the rest is left out",
            );
            pairs.truncate(15);
        }
        if l.supplier_part_aux_id.is_some() {
            wx.warn(
                "LIN",
                None,
                &format!("{path}.supplier_part_aux_id"),
                "No X12 qualifier for an auxiliary part id; left out",
            );
        }
        push_pairs(wx, "LIN", path, &mut lin, &pairs);
    }
    v.push(("LIN", lin));
    let u = match unit {
        Some(u) => wx.uom("SN1", 3, path, u),
        None => {
            wx.error(
                "SN1",
                Some(3),
                path,
                "The unit of measure (SN103, mandatory) is unknown",
            );
            String::new()
        }
    };
    let mut sn1 = vec![String::new(), fmt_decimal(qty), u.clone()];
    if let Some(o) = line.and_then(|l| l.ordered_quantity) {
        sn1.push(String::new());
        sn1.push(fmt_decimal(o));
        sn1.push(u);
    }
    v.push(("SN1", sn1));
    if let Some(d) = line.and_then(|l| l.description.as_deref()) {
        let d = wx.text("PID", 5, path, d, 80);
        if !d.is_empty() {
            v.push((
                "PID",
                vec!["F".into(), String::new(), String::new(), String::new(), d],
            ));
        }
    }
    v
}
