//! The reader shared by the order family (850, 860, 855, 865): header segments (CUR, REF, PER,
//! FOB, ITD, DTM, TD5, N9/MSG, NTE, SAC, TXI), N1 loops, the line loops (PO1 or POC, with PID,
//! PO4, REF, DTM, SAC, TXI, N9/MSG, N1 and ACK), CTT and AMT. Each set's reader then builds its
//! canonical document from this neutral result.

use chrono::NaiveDate;
use model::{
    Charge, Contact, CurrencyCode, Extrinsics, LineChangeKind, OrderLine, Party, PaymentTerms,
    Reference, ReferenceKind, Shipping, Tax, Totals, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::common::{
    add_extrinsic, date_key, line_number, read_ids, read_itd, read_per, read_ref, read_sac,
    read_txi, Cx, Note, PartyLoop, Seg, EL_INVALID_CODE, EL_MISSING,
};
use crate::Severity;

/// Which segment opens a line loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LineSeg {
    /// PO1 (850, 855).
    Po1,
    /// POC (860, 865).
    Poc,
}

/// One ACK of a line loop (855, 865).
#[derive(Debug, Clone)]
pub(super) struct Ack {
    pub status: String,
    pub quantity: Option<Decimal>,
    pub unit: Option<UnitOfMeasure>,
    pub date_qual: Option<String>,
    pub date: Option<NaiveDate>,
    pub pos: usize,
}

/// What one line loop holds besides its canonical line, which is kept apart in
/// [`OrderDoc::lines`] (same index): an `OrderLine` is large, and keeping it out of this
/// accumulator means it is moved once, into its Vec, and never again.
#[derive(Debug)]
pub(super) struct LineAcc {
    /// POC02, mapped.
    pub change: Option<LineChangeKind>,
    /// POC04, quantity left to receive.
    pub left_to_receive: Option<Decimal>,
    pub acks: Vec<Ack>,
    pub dates: Vec<(String, NaiveDate)>,
    /// Notes of N9 loops in the line: (N902 label, text).
    pub notes: Vec<(Option<String>, String)>,
    pub pos: usize,
    /// The quantity element was present and numeric.
    pub quantity_given: bool,
    /// The quantity element was present (numeric or not: a non-numeric one is reported as
    /// such, not as missing).
    pub quantity_present: bool,
}

/// `line` with its loop's DTM dates (DTM 002 as the requested delivery date, the others as
/// extrinsics; `delivery`, the header's 002, when the line has none) and its N9 notes as
/// comments: the same for the lines of an 850 and of an 860.
pub(super) fn finish_line(
    line: &mut OrderLine,
    dates: Vec<(String, NaiveDate)>,
    notes: Vec<(Option<String>, String)>,
    delivery: Option<NaiveDate>,
) {
    for (q, d) in dates {
        if q == "002" && line.requested_delivery_date.is_none() {
            line.requested_delivery_date = Some(d);
        } else {
            add_extrinsic(&mut line.extrinsics, date_key(&q), &d.to_string());
        }
    }
    if line.requested_delivery_date.is_none() {
        line.requested_delivery_date = delivery;
    }
    line.comments.extend(notes.into_iter().map(|(_, t)| t));
}

/// Everything of an order-like set but its beginning segment.
#[derive(Debug, Default)]
pub(super) struct OrderDoc {
    pub currency: Option<CurrencyCode>,
    pub parties: Vec<PartyLoop>,
    /// PER before any N1 loop.
    pub header_contacts: Vec<Contact>,
    pub payment_terms: Option<PaymentTerms>,
    pub shipping: Option<Shipping>,
    pub references: Vec<Reference>,
    /// Header notes: (N902 label, text); bare MSG and NTE have no label.
    pub notes: Vec<(Option<String>, String)>,
    pub charges: Vec<Charge>,
    pub taxes: Vec<Tax>,
    pub totals: Option<Totals>,
    pub dates: Vec<(String, NaiveDate)>,
    /// The lines, in order; `accs` holds the rest of each line loop at the same index.
    pub lines: Vec<OrderLine>,
    pub accs: Vec<LineAcc>,
}

impl OrderDoc {
    /// The line loop being read (its line and the rest of it), when `in_line`.
    fn line_loop(&mut self, in_line: bool) -> Option<(&mut OrderLine, &mut LineAcc)> {
        if !in_line {
            return None;
        }
        Some((self.lines.last_mut()?, self.accs.last_mut()?))
    }

    /// The line and the rest of each line loop, in order.
    pub fn take_lines(&mut self) -> impl Iterator<Item = (OrderLine, LineAcc)> {
        std::mem::take(&mut self.lines)
            .into_iter()
            .zip(std::mem::take(&mut self.accs))
    }

    /// Header date with qualifier `q`.
    pub fn date(&self, q: &str) -> Option<NaiveDate> {
        self.dates.iter().find(|(k, _)| k == q).map(|(_, d)| *d)
    }

    /// Takes the party of the first of `codes` present (priority order, see `common::take_party`).
    pub fn take_party(&mut self, cx: &mut Cx, codes: &[&str]) -> Option<Party> {
        super::common::take_party(cx, &mut self.parties, codes)
    }

    /// Parties nobody took go to extrinsics as `party:<N101>` (name, else identifier).
    pub fn rest_parties_into(&mut self, map: &mut Extrinsics) {
        super::common::rest_parties_into(std::mem::take(&mut self.parties), map);
    }

    /// Header dates into extrinsics, except the qualifiers in `skip`.
    pub fn dates_into(&self, map: &mut Extrinsics, skip: &[&str]) {
        for (q, d) in &self.dates {
            if !skip.contains(&q.as_str()) {
                add_extrinsic(map, date_key(q), &d.to_string());
            }
        }
    }
}

/// Reads everything after the beginning segment `begin` (which is skipped).
pub(super) fn read_order_like(
    cx: &mut Cx,
    segs: &[Seg<'_>],
    begin: &str,
    kind: LineSeg,
) -> OrderDoc {
    let mut doc = OrderDoc::default();
    let mut party: Option<(PartyLoop, bool)> = None;
    let mut note: Option<(Note, bool)> = None;
    let mut in_summary = false;
    let mut seen_begin = false;
    let line_id = match kind {
        LineSeg::Po1 => "PO1",
        LineSeg::Poc => "POC",
    };
    // Lines are large: room for all of them at once rather than growing (and moving) the Vec.
    let n_lines = segs.iter().filter(|s| s.id() == line_id).count();
    doc.lines.reserve(n_lines);
    doc.accs.reserve(n_lines);

    for s in segs {
        let id = s.id();
        if let Some((p, _)) = party.as_mut() {
            if p.absorb(cx, s) {
                continue;
            }
            if let Some((p, in_line)) = party.take() {
                flush_party(cx, &mut doc, p, in_line);
            }
        }
        if id == "MSG" {
            if let Some((n, _)) = note.as_mut() {
                n.push_msg(cx, s);
                continue;
            }
        } else if let Some((n, in_line)) = note.take() {
            flush_note(&mut doc, n, in_line);
        }
        let in_line = !in_summary && !doc.lines.is_empty();
        match id.as_bytes() {
            _ if id == begin => {
                if seen_begin {
                    cx.warn(s.loc(None), None, format!("A second {begin}; ignored"));
                }
                seen_begin = true;
            }
            b"CUR" => {
                let c = cx.currency(s, 2);
                if in_line {
                    if c.is_some() && doc.currency.is_some() && c != doc.currency {
                        cx.warn(
                            s.loc(Some(2)),
                            None,
                            "A line currency differs from the header currency; ignored",
                        );
                    }
                } else if doc.currency.is_none() {
                    doc.currency = c;
                }
            }
            b"REF" => {
                if let Some(r) = read_ref(s) {
                    match doc.line_loop(in_line) {
                        Some((l, _)) => {
                            let key = match &r.kind {
                                ReferenceKind::Other(q) => format!("ref:{q}"),
                                k => format!("ref:{}", k.as_str()),
                            };
                            add_extrinsic(&mut l.extrinsics, key, &r.value);
                        }
                        None => doc.references.push(r),
                    }
                }
            }
            b"PER" if !in_line => {
                let c = read_per(cx, s);
                doc.header_contacts.push(c);
            }
            b"FOB" => read_fob(cx, s, doc.shipping.get_or_insert_with(Shipping::default)),
            b"ITD" if doc.payment_terms.is_none() && !in_line => {
                doc.payment_terms = Some(read_itd(cx, s));
            }
            b"DTM" => {
                let (Some(q), Some(d)) = (s.el(1), cx.date(s, 2, "date")) else {
                    if s.el(1).is_none() {
                        cx.warn(
                            s.loc(Some(1)),
                            Some(EL_MISSING),
                            "DTM01 (date qualifier) is missing",
                        );
                    }
                    continue;
                };
                match doc.line_loop(in_line) {
                    Some((_, acc)) => acc.dates.push((q.to_owned(), d)),
                    None => doc.dates.push((q.to_owned(), d)),
                }
            }
            b"TD5" if !in_line => {
                read_td5(cx, s, doc.shipping.get_or_insert_with(Shipping::default));
            }
            b"N9" => {
                let n = Note {
                    text: String::new(),
                    label: s.el(2).or_else(|| s.el(3)).map(str::to_owned),
                };
                note = Some((n, in_line));
            }
            b"MSG" => {
                // A MSG outside an N9 loop (e.g. under SPI): a note of its own.
                let mut n = Note::default();
                n.push_msg(cx, s);
                flush_note(&mut doc, n, in_line);
            }
            b"NTE" => {
                if let Some(t) = cx.text(s, 2) {
                    flush_note(
                        &mut doc,
                        Note {
                            text: t,
                            label: None,
                        },
                        in_line,
                    );
                }
            }
            b"N1" => party = Some((PartyLoop::start(cx, s), in_line)),
            b"SAC" => {
                if let Some(c) = read_sac(cx, s) {
                    match doc.line_loop(in_line) {
                        Some((l, _)) => l.charges.push(c),
                        None => doc.charges.push(c),
                    }
                }
            }
            b"TXI" => {
                let t = read_txi(cx, s);
                match doc.line_loop(in_line) {
                    Some((l, _)) => l.taxes.push(t),
                    None => doc.taxes.push(t),
                }
            }
            b"PID" => {
                if let Some((l, _)) = doc.line_loop(in_line) {
                    if let Some(t) = cx.text(s, 5) {
                        match &mut l.description {
                            Some(d) => {
                                d.push(' ');
                                d.push_str(&t);
                            }
                            None => l.description = Some(t),
                        }
                    }
                }
            }
            b"PO4" => {
                if let Some((l, _)) = doc.line_loop(in_line) {
                    let ex = &mut l.extrinsics;
                    for (n, key) in [(1, "pack"), (2, "pack_size"), (3, "pack_size_unit")] {
                        if let Some(v) = s.el(n) {
                            add_extrinsic(ex, key.into(), v);
                        }
                    }
                }
            }
            b"ACK" => match doc.line_loop(in_line) {
                Some((_, acc)) => {
                    let a = read_ack(cx, s);
                    acc.acks.push(a);
                }
                None => cx.warn(s.loc(None), None, "ACK outside a line loop; ignored"),
            },
            b"PO1" | b"POC" if id == line_id => {
                if in_summary {
                    cx.warn(
                        s.loc(None),
                        None,
                        format!("{id} after CTT; read as a line anyway"),
                    );
                    in_summary = false;
                }
                let fallback = doc.lines.len() + 1;
                let acc = match kind {
                    LineSeg::Po1 => read_po1(cx, s, fallback, &mut doc.lines),
                    LineSeg::Poc => read_poc(cx, s, fallback, &mut doc.lines),
                };
                doc.accs.push(acc);
            }
            b"CTT" => {
                in_summary = true;
                check_ctt(cx, s, &doc.lines, line_id);
            }
            b"AMT" => {
                let (Some(q), Some(a)) = (s.el(1), cx.decimal(s, 2, "amount")) else {
                    continue;
                };
                if in_line {
                    continue;
                }
                let t = doc.totals.get_or_insert_with(Totals::default);
                match q {
                    "TT" => t.total = Some(a),
                    "1" => t.subtotal = Some(a),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some((p, in_line)) = party.take() {
        flush_party(cx, &mut doc, p, in_line);
    }
    if let Some((n, in_line)) = note.take() {
        flush_note(&mut doc, n, in_line);
    }
    check_duplicate_lines(cx, &doc.lines, &doc.accs, line_id);
    doc
}

fn flush_party(cx: &mut Cx, doc: &mut OrderDoc, p: PartyLoop, in_line: bool) {
    if !in_line {
        doc.parties.push(p);
        return;
    }
    let Some(l) = doc.lines.last_mut() else {
        doc.parties.push(p);
        return;
    };
    if p.code == "ST" && l.ship_to.is_none() {
        l.ship_to = Some(Box::new(p.party));
        return;
    }
    let v = p
        .party
        .name
        .clone()
        .or_else(|| p.party.identifiers.first().map(|i| i.value.clone()));
    match v {
        Some(v) => add_extrinsic(&mut l.extrinsics, format!("party:{}", p.code), &v),
        None => cx.warn(
            super::common::missing_at("N1", p.pos),
            None,
            format!(
                "Line party loop {:?} has no name or identifier; ignored",
                p.code
            ),
        ),
    }
}

fn flush_note(doc: &mut OrderDoc, n: Note, in_line: bool) {
    let (label, text) = n.finish();
    if text.is_empty() && label.is_none() {
        return;
    }
    let text = if text.is_empty() {
        label.clone().unwrap_or_default()
    } else {
        text
    };
    match doc.line_loop(in_line) {
        Some((_, acc)) => acc.notes.push((label, text)),
        None => doc.notes.push((label, text)),
    }
}

/// FOB: FOB05 transportation terms (Incoterms when FOB04 is 01) with the FOB07 place, FOB03
/// description (else the method of payment in words).
pub(super) fn read_fob(cx: &mut Cx, s: &Seg<'_>, sh: &mut Shipping) {
    if let Some(terms) = s.el(5) {
        let mut inc = terms.to_owned();
        if let Some(place) = cx.text(s, 7) {
            inc.push(' ');
            inc.push_str(&place);
        }
        sh.incoterms = Some(inc);
    }
    let desc = cx.text(s, 3).or_else(|| {
        s.el(1).filter(|_| s.el(5).is_none()).map(|c| {
            match c {
                "PP" => "prepaid",
                "CC" => "collect",
                "PC" => "prepaid and charged to customer",
                "DF" => "defined by buyer and seller",
                "MX" => "mixed",
                other => other,
            }
            .to_owned()
        })
    });
    if sh.description.is_none() {
        sh.description = desc;
    }
}

/// TD5 into order shipping: carrier = TD505 routing, else TD503 carrier code; method = TD512
/// service level, else TD504 transportation method (both as words where known).
pub(super) fn read_td5(cx: &mut Cx, s: &Seg<'_>, sh: &mut Shipping) {
    if sh.carrier.is_none() {
        sh.carrier = cx.text(s, 5).or_else(|| s.el(3).map(str::to_owned));
    }
    if sh.method.is_none() {
        sh.method = s
            .el(12)
            .map(service_level_from_x12)
            .or_else(|| s.el(4).filter(|m| *m != "ZZ").map(transport_from_x12));
    }
}

/// TD504 transportation method (91) in words.
pub(super) fn transport_from_x12(code: &str) -> String {
    match code {
        "A" => "air",
        "AE" => "air_express",
        "H" => "customer_pickup",
        "M" => "motor",
        "P" => "private_carrier",
        "R" => "rail",
        "S" => "ocean",
        "U" => "private_parcel",
        "D" => "parcel_post",
        other => other,
    }
    .to_owned()
}

/// TD512 service level (284) in words.
pub(super) fn service_level_from_x12(code: &str) -> String {
    match code {
        "CG" => "ground",
        "ND" => "next_day",
        "SD" => "same_day",
        "SE" => "second_day",
        "3D" => "three_day",
        other => other,
    }
    .to_owned()
}

/// Service level words → TD512, when X12 can say it.
pub(super) fn service_level_to_x12(level: &str) -> Option<&str> {
    Some(match level {
        "ground" => "CG",
        "next_day" => "ND",
        "same_day" => "SD",
        "second_day" => "SE",
        "three_day" => "3D",
        c if super::common::is_x12_code(c, 2, 2) => c,
        _ => return None,
    })
}

fn read_ack(cx: &mut Cx, s: &Seg<'_>) -> Ack {
    let status = cx
        .required(s, 1, "line item status code")
        .unwrap_or_default()
        .to_owned();
    Ack {
        status,
        quantity: cx.decimal(s, 2, "quantity"),
        unit: cx.uom(s, 3),
        date_qual: s.el(4).map(str::to_owned),
        date: cx.date(s, 5, "date"),
        pos: s.pos,
    }
}

/// The unit price, adjusted for a price basis per hundred (HP) or per thousand (TP).
fn priced(cx: &mut Cx, s: &Seg<'_>, price_el: usize) -> Option<Decimal> {
    let p = cx.decimal(s, price_el, "unit price")?;
    let basis = s.el(price_el + 1);
    match basis {
        Some("HP") => p.checked_div(Decimal::ONE_HUNDRED),
        Some("TP") => p.checked_div(Decimal::ONE_THOUSAND),
        _ => Some(p),
    }
}

/// Where a line segment has its unit, its price and its first id pair.
struct LineLayout {
    uom: usize,
    price: usize,
    ids: usize,
}

/// Reads line segment `s` into a new line at the end of `lines`, and returns the rest of its
/// loop.
fn new_line(
    cx: &mut Cx,
    s: &Seg<'_>,
    fallback: usize,
    qty: Option<Decimal>,
    at: LineLayout,
    lines: &mut Vec<OrderLine>,
) -> LineAcc {
    let raw = s.el(1);
    let (n, _) = line_number(raw, fallback);
    let quantity_given = qty.is_some();
    // Filled where it stays: a line is large, and building it aside would copy it once more.
    lines.push(OrderLine::new(n, qty.unwrap_or_default()));
    if let Some(line) = lines.last_mut() {
        if let Some(r) = raw {
            if !is_decimal_text_of(r, n) {
                line.extrinsics.insert("buyer_line_id".into(), r.to_owned());
            }
        }
        line.unit_of_measure = cx.uom(s, at.uom);
        line.unit_price = priced(cx, s, at.price);
        let mut ids = read_ids(cx, s, at.ids, 10);
        line.supplier_part_id = ids.supplier_part_id.take();
        line.buyer_part_id = ids.buyer_part_id.take();
        line.gtin = ids.gtin.take();
        line.manufacturer_part_id = ids.manufacturer_part_id.take();
        line.manufacturer_name = ids.manufacturer_name.take();
        line.description = ids.description.take();
        ids.extras_into(&mut line.extrinsics);
        if let Some(b) = &ids.batch {
            add_extrinsic(&mut line.extrinsics, "batch_number".into(), b);
        }
    }
    LineAcc {
        change: None,
        left_to_receive: None,
        acks: Vec::new(),
        dates: Vec::new(),
        notes: Vec::new(),
        pos: s.pos,
        quantity_given,
        quantity_present: quantity_given,
    }
}

/// Whether `r` is exactly how `n` prints (`n.to_string() == r`, without the allocation).
fn is_decimal_text_of(r: &str, n: u32) -> bool {
    let b = r.as_bytes();
    !b.is_empty()
        && b.iter().all(u8::is_ascii_digit)
        && (b.len() == 1 || b.first() != Some(&b'0'))
        && r.parse::<u32>() == Ok(n)
}

/// PO1: 01 line id, 02 quantity, 03 unit, 04 price, 05 price basis, 06… id pairs.
fn read_po1(cx: &mut Cx, s: &Seg<'_>, fallback: usize, lines: &mut Vec<OrderLine>) -> LineAcc {
    let qty = cx.decimal(s, 2, "quantity ordered");
    let at = LineLayout {
        uom: 3,
        price: 4,
        ids: 6,
    };
    new_line(cx, s, fallback, qty, at, lines)
}

/// POC: 01 line id, 02 change type, 03 quantity ordered, 04 quantity left to receive,
/// 05 unit, 06 price, 07 price basis, 08… id pairs.
fn read_poc(cx: &mut Cx, s: &Seg<'_>, fallback: usize, lines: &mut Vec<OrderLine>) -> LineAcc {
    // A quantity after the change that is no number leaves it unknown: an error, but for a
    // cancelled line (which has none).
    let sev = if s.el(2) == Some("DI") {
        Severity::Warning
    } else {
        Severity::Error
    };
    let qty = cx.decimal_sev(s, 3, "quantity ordered", sev);
    let left = cx.decimal(s, 4, "quantity left to receive");
    let at = LineLayout {
        uom: 5,
        price: 6,
        ids: 8,
    };
    let mut acc = new_line(cx, s, fallback, qty, at, lines);
    acc.quantity_present = s.el(3).is_some();
    acc.left_to_receive = left;
    acc.change = match s.el(2) {
        Some("AI") => Some(LineChangeKind::Added),
        Some("DI") => Some(LineChangeKind::Cancelled),
        Some("NC") => Some(LineChangeKind::Unchanged),
        Some(
            "CA" | "CB" | "CC" | "CE" | "CF" | "CG" | "CI" | "CP" | "CT" | "MU" | "OC" | "PC"
            | "PQ" | "PR" | "QD" | "QI" | "RA" | "RB" | "RC" | "RE" | "RM" | "RQ" | "RS" | "RZ"
            | "SC" | "TI",
        ) => Some(LineChangeKind::Changed),
        Some(other) => {
            cx.error(
                s.loc(Some(2)),
                Some(EL_INVALID_CODE),
                format!("POC02 {other:?} is not a change or response type code this gateway knows"),
            );
            None
        }
        None => {
            cx.error(
                s.loc(Some(2)),
                Some(EL_MISSING),
                "POC02 (change or response type code) is missing",
            );
            None
        }
    };
    acc
}

fn check_ctt(cx: &mut Cx, s: &Seg<'_>, lines: &[OrderLine], line_id: &str) {
    if let Some(n) = cx.u32(s, 1, "number of line items") {
        if usize::try_from(n).ok() != Some(lines.len()) {
            cx.warn(
                s.loc(Some(1)),
                None,
                format!(
                    "CTT01 says {n} line items, the set has {} {line_id}",
                    lines.len()
                ),
            );
        }
    }
    if let Some(hash) = cx.decimal(s, 2, "hash total") {
        let sum = lines
            .iter()
            .try_fold(Decimal::ZERO, |a, l| a.checked_add(l.quantity));
        if let Some(sum) = sum {
            if sum != hash {
                cx.warn(
                    s.loc(Some(2)),
                    None,
                    format!("CTT02 hash total {hash} differs from the sum of quantities {sum}"),
                );
            }
        }
    }
}

fn check_duplicate_lines(cx: &mut Cx, lines: &[OrderLine], accs: &[LineAcc], line_id: &str) {
    for (i, (l, acc)) in lines.iter().zip(accs).enumerate() {
        let n = l.line_number;
        if lines.iter().take(i).any(|p| p.line_number == n) {
            cx.error(
                super::common::missing_at(line_id, acc.pos),
                None,
                format!("Line number {n} is used by more than one {line_id}"),
            );
        }
    }
}
