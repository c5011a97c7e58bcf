//! 855 Purchase Order Acknowledgment ↔ [`OrderResponse`]; the ACK logic is shared with the 865.

use model::{
    CurrencyCode, LineChangeKind, OrderLine, OrderResponse, OrderResponseLine, Party,
    PurchaseOrder, ResponseStatus,
};
use rust_decimal::Decimal;

use super::common::{
    emit, fmt_date, fmt_decimal, id_pairs, push_pairs, Cx, Seg, Wx, EL_INVALID_CODE, EL_MISSING,
};
use super::order::{read_order_like, Ack, LineAcc, LineSeg, OrderDoc};
use crate::x12::{SegmentWriter, TransactionSet};
use crate::{Issue, Location};

/// The N902 label under which a reason (rather than a comment) is written and read.
pub(super) const REASON_LABEL: &str = "REASON";

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Reads an 855 into an [`OrderResponse`].
///
/// - `BAK`: 02 acknowledgment type → `status` (`AD` `AK` `AT` `AP` accepted; `AC` `AE` changed,
///   or backordered when a line is; `AH` pending; `RD` `RJ` `RF` `RO` `RV` rejected; else
///   pending with a warning `7`), 03 → `order_number`, 04 → `order_date`, 08 →
///   `response_number`, 09 → `response_date`.
/// - `CUR`, `REF`; N1 `BY` buyer, `SE`/`SU`/`VN` seller (others → extrinsic `party:<code>`);
///   N9 loops labelled `REASON` → `reason`, other notes → `comments`; `AMT TT` → totals.
/// - One response line per PO1 (PO102 → `ordered_quantity`, PO103 unit, PO104 → `unit_price`,
///   ids, PID → `description`), its ACKs merged: `IA` (and changes `IC` `IQ` `IP` `DR` `IS`)
///   quantities → `confirmed_quantity`, `IB` → `backordered_quantity`, `IR`/`ID` rejected, `IH`
///   pending; status by precedence rejected-only, backordered, changed, pending-only, accepted.
///   ACK04 `068` (and DTM `068`) → `ship_date`, `067`/`017` → `delivery_date`, DTM `002` →
///   `requested_delivery_date`.
pub fn read_855(ts: &TransactionSet<'_>) -> (OrderResponse, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "855");
    let mut resp = OrderResponse::new("", ResponseStatus::Pending);
    let mut header_code = None;
    if let Some(bak) = cx.beginning(&segs, "BAK") {
        header_code = read_ack_type(&mut cx, &bak, 2);
        resp.order_number = cx
            .required(&bak, 3, "purchase order number")
            .unwrap_or_default()
            .to_owned();
        resp.order_date = cx.date(&bak, 4, "purchase order date");
        resp.response_number = bak.el(8).map(str::to_owned);
        resp.response_date = cx.date(&bak, 9, "acknowledgment date");
    }
    let doc = read_order_like(&mut cx, &segs, "BAK", LineSeg::Po1);
    fill_response(&mut cx, &mut resp, doc, header_code);
    (resp, cx.issues)
}

/// BAK02 / BCA02 acknowledgment type (587) → status; `None` when absent.
pub(super) fn read_ack_type(cx: &mut Cx, s: &Seg<'_>, n: usize) -> Option<ResponseStatus> {
    let Some(code) = s.el(n) else {
        cx.error(
            s.loc(Some(n)),
            Some(EL_MISSING),
            format!("{}{n:02} (acknowledgment type) is missing", s.id()),
        );
        return None;
    };
    Some(match code {
        "AD" | "AK" | "AT" | "AP" => ResponseStatus::Accepted,
        "AC" | "AE" => ResponseStatus::Changed,
        "AH" => ResponseStatus::Pending,
        "RD" | "RJ" | "RF" | "RO" | "RV" => ResponseStatus::Rejected,
        other => {
            cx.warn(
                s.loc(Some(n)),
                Some(EL_INVALID_CODE),
                format!(
                    "{}{n:02} {other:?} is not a known acknowledgment type; read as pending",
                    s.id()
                ),
            );
            ResponseStatus::Pending
        }
    })
}

/// Fills `resp` from the neutral order document (855 and 865).
pub(super) fn fill_response(
    cx: &mut Cx,
    resp: &mut OrderResponse,
    mut doc: OrderDoc,
    header: Option<ResponseStatus>,
) {
    resp.currency = doc.currency.take();
    resp.buyer = doc.take_party(cx, &["BY"]);
    resp.seller = doc.take_party(cx, &["SE", "SU", "VN"]);
    doc.rest_parties_into(&mut resp.extrinsics);
    super::ts850::attach_contacts(&mut resp.buyer, std::mem::take(&mut doc.header_contacts));
    resp.references.append(&mut doc.references);
    for (label, text) in doc.notes.drain(..) {
        if label.as_deref() == Some(REASON_LABEL) && resp.reason.is_none() {
            resp.reason = Some(text);
        } else {
            resp.comments.push(text);
        }
    }
    resp.totals = doc.totals.take();
    doc.dates_into(&mut resp.extrinsics, &[]);
    for (line, acc) in doc.take_lines() {
        let l = response_line(cx, &line, acc, header.as_ref());
        resp.lines.push(l);
    }
    resp.status = match header {
        Some(ResponseStatus::Changed)
            if !resp.lines.is_empty()
                && resp
                    .lines
                    .iter()
                    .any(|l| l.status == ResponseStatus::Backordered)
                && !resp
                    .lines
                    .iter()
                    .any(|l| l.status == ResponseStatus::Changed) =>
        {
            ResponseStatus::Backordered
        }
        Some(s) => s,
        None => ResponseStatus::Pending,
    };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AckKind {
    Accepted,
    Changed,
    Backordered,
    Rejected,
    Pending,
}

fn ack_kind(cx: &mut Cx, a: &Ack) -> AckKind {
    match a.status.as_str() {
        "IA" | "AA" | "AC" | "AR" => AckKind::Accepted,
        "IC" | "IQ" | "IP" | "DR" | "IS" | "IE" | "IF" | "SP" => AckKind::Changed,
        "IB" | "BP" => AckKind::Backordered,
        "IR" | "ID" | "R1" | "R2" | "R3" | "R4" | "R5" | "R6" | "R7" | "R8" => AckKind::Rejected,
        "IH" | "IW" => AckKind::Pending,
        other => {
            if !other.is_empty() {
                cx.warn(
                    super::common::missing_at("ACK", a.pos),
                    Some(EL_INVALID_CODE),
                    format!("ACK01 {other:?} is not a known line item status; read as pending"),
                );
            }
            AckKind::Pending
        }
    }
}

fn response_line(
    cx: &mut Cx,
    line: &OrderLine,
    acc: LineAcc,
    header: Option<&ResponseStatus>,
) -> OrderResponseLine {
    let mut r = OrderResponseLine::new(line.line_number, ResponseStatus::Pending);
    r.ordered_quantity = acc.quantity_given.then_some(line.quantity);
    r.unit_of_measure = line.unit_of_measure.clone();
    r.unit_price = line.unit_price;
    r.supplier_part_id = line.supplier_part_id.clone();
    r.buyer_part_id = line.buyer_part_id.clone();
    r.description = line.description.clone();
    let mut kinds = Vec::new();
    let mut confirmed: Option<Decimal> = None;
    let mut backordered: Option<Decimal> = None;
    for a in &acc.acks {
        let k = ack_kind(cx, a);
        kinds.push(k);
        if r.unit_of_measure.is_none() {
            r.unit_of_measure = a.unit.clone();
        }
        if let Some(q) = a.quantity {
            match k {
                AckKind::Accepted | AckKind::Changed => {
                    confirmed = Some(confirmed.unwrap_or_default().saturating_add(q));
                }
                AckKind::Backordered => {
                    backordered = Some(backordered.unwrap_or_default().saturating_add(q));
                }
                AckKind::Rejected | AckKind::Pending => {}
            }
        }
        if let (Some(q), Some(d)) = (a.date_qual.as_deref(), a.date) {
            apply_date(&mut r, q, d);
        }
    }
    for (q, d) in &acc.dates {
        apply_date(&mut r, q, *d);
    }
    if acc.acks.is_empty()
        && acc.quantity_given
        && acc.change.is_some_and(|c| c != LineChangeKind::Cancelled)
    {
        confirmed = Some(line.quantity);
    }
    r.confirmed_quantity = confirmed;
    r.backordered_quantity = backordered;
    let has = |k: AckKind| kinds.contains(&k);
    r.status = if kinds.is_empty() && acc.change.is_some() {
        // An 865 POC without ACK: the change type is the answer.
        match acc.change {
            Some(LineChangeKind::Cancelled) => ResponseStatus::Rejected,
            Some(LineChangeKind::Changed) => ResponseStatus::Changed,
            _ => ResponseStatus::Accepted,
        }
    } else if kinds.is_empty() {
        match header {
            Some(ResponseStatus::Rejected) => ResponseStatus::Rejected,
            Some(ResponseStatus::Pending) | None => ResponseStatus::Pending,
            Some(_) => ResponseStatus::Accepted,
        }
    } else if kinds.iter().all(|k| *k == AckKind::Rejected) {
        ResponseStatus::Rejected
    } else if has(AckKind::Backordered) {
        ResponseStatus::Backordered
    } else if has(AckKind::Changed) || (has(AckKind::Rejected) && has(AckKind::Accepted)) {
        ResponseStatus::Changed
    } else if kinds.iter().all(|k| *k == AckKind::Pending) {
        ResponseStatus::Pending
    } else {
        ResponseStatus::Accepted
    };
    for (label, text) in acc.notes {
        if label.as_deref() == Some(REASON_LABEL) && r.reason.is_none() {
            r.reason = Some(text);
        } else {
            r.comments.push(text);
        }
    }
    r
}

fn apply_date(r: &mut OrderResponseLine, q: &str, d: chrono::NaiveDate) {
    match q {
        "068" | "010" if r.ship_date.is_none() => r.ship_date = Some(d),
        "067" | "017" if r.delivery_date.is_none() => r.delivery_date = Some(d),
        "002" if r.requested_delivery_date.is_none() => r.requested_delivery_date = Some(d),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Writes the body of an 855 (BAK … CTT/AMT) answering `order` (when given) with `resp`.
///
/// - `BAK*00*<type>*<order number>*<order date>*****<response number>*<response date>`; the
///   type is `RJ` (rejected, no lines), `RD` (rejected with lines), `AH` (pending), `AK`
///   (accepted, no lines and no order), `AD` (accepted, every ACK `IA`), else `AC`. The order
///   date (mandatory) is the response's, else the order's; missing is an error.
/// - `CUR*SE`, `REF`, N9 `ZZ*REASON` + MSG for the reason, N9 `L1*NOTE` + MSG per comment,
///   N1 `BY` (buyer), `SE` (seller), `ST` (the order's ship-to).
/// - One PO1 per line number (in the order's line order; response lines repeating a number,
///   e.g. split schedules, share it): PO101 is the buyer's own line id when the 850 had a
///   non-canonical one (extrinsic `buyer_line_id`), PO102 the ordered quantity, PO103 unit,
///   PO104 the confirmed (else ordered) price, BP/VP/UP-EN-UK/MG/SK pairs, PID description,
///   DTM `002` requested delivery; then per response line ACKs: the confirmed part as `IA`
///   (or `IQ` quantity / `IP` price / `DR` date / `IC` several changed), the backordered part
///   as `IB`, a rejection as `IR` (ordered quantity), pending as `IH`; ACK04/05 `068` ship
///   date, else `067` delivery date (a delivery date beside a ship date goes to DTM `067`).
///   A line reason/comments become N9/MSG in the loop.
/// - An accepted response without lines, with the order, writes `IA` for every order line.
/// - `CTT` (number of PO1, hash of PO102), `AMT*TT` when the response has a total.
pub fn write_855(
    w: &mut SegmentWriter,
    resp: &OrderResponse,
    order: Option<&PurchaseOrder>,
) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    let groups = plan(&mut wx, resp, order);
    let code = ack_type(resp, &groups, order.is_some());

    let po = wx.ident("BAK", 3, "order_number", &resp.order_number, 22);
    let order_date = resp.order_date.or(order.and_then(|o| o.order_date));
    if order_date.is_none() {
        wx.error(
            "BAK",
            Some(4),
            "order_date",
            "The purchase order date (BAK04, mandatory) is unknown",
        );
    }
    let od = order_date.map(fmt_date).unwrap_or_default();
    let rn = resp
        .response_number
        .as_deref()
        .map(|r| wx.ident("BAK", 8, "response_number", r, 30))
        .unwrap_or_default();
    let rd = resp
        .response_date
        .or(resp.issued_at.map(|t| t.date_naive()))
        .map(fmt_date)
        .unwrap_or_default();
    wx.seg("BAK", &["00", code, &po, &od, "", "", "", &rn, &rd]);
    let ctx = HeaderContext {
        currency: order.and_then(|o| o.currency.as_ref()),
        buyer: order.and_then(|o| o.buyer.as_ref()),
        seller: order.and_then(|o| o.seller.as_ref()),
        ship_to: order.and_then(|o| o.ship_to.as_ref()),
    };
    write_header_common(&mut wx, resp, ctx);
    let detail = code != "RJ" && !groups.is_empty();
    if detail {
        write_groups(&mut wx, &groups, "PO1");
    }
    write_summary(&mut wx, resp, &groups, detail);
    wx.cx.issues
}

/// What the answered order (or change) contributes to a response header.
#[derive(Clone, Copy, Default)]
pub(super) struct HeaderContext<'a> {
    pub currency: Option<&'a CurrencyCode>,
    pub buyer: Option<&'a Party>,
    pub seller: Option<&'a Party>,
    pub ship_to: Option<&'a Party>,
}

/// CUR, REF, N9 notes, N1 loops (855 and 865 headers).
pub(super) fn write_header_common(wx: &mut Wx<'_>, resp: &OrderResponse, ctx: HeaderContext<'_>) {
    if let Some(c) = resp.currency.as_ref().or(ctx.currency) {
        wx.seg("CUR", &["SE", c.as_str()]);
    }
    wx.refs(&resp.references, "references");
    if let Some(reason) = &resp.reason {
        wx.note("ZZ", REASON_LABEL, reason, "reason");
    }
    for (i, c) in resp.comments.iter().enumerate() {
        wx.note("L1", "NOTE", c, &format!("comments[{i}]"));
    }
    if let Some(b) = resp.buyer.as_ref().or(ctx.buyer) {
        wx.party("BY", b, "buyer");
    }
    if let Some(s) = resp.seller.as_ref().or(ctx.seller) {
        wx.party("SE", s, "seller");
    }
    if let Some(st) = ctx.ship_to {
        wx.party("ST", st, "order.ship_to");
    }
}

/// CTT and AMT.
pub(super) fn write_summary(
    wx: &mut Wx<'_>,
    resp: &OrderResponse,
    groups: &[Group<'_>],
    detail: bool,
) {
    if detail {
        let count = groups.len().to_string();
        let hash = groups.iter().try_fold(Decimal::ZERO, |a, g| {
            a.checked_add(g.ordered.unwrap_or_default())
        });
        let hash = hash.map(fmt_decimal).unwrap_or_default();
        wx.seg("CTT", &[&count, &hash]);
    }
    if let Some(t) = resp.totals.as_ref().and_then(|t| t.total) {
        wx.seg("AMT", &["TT", &fmt_decimal(t)]);
    }
}

/// One PO1/POC loop to write: the order line (if known) and the response lines answering it.
pub(super) struct Group<'a> {
    pub number: u32,
    pub order_line: Option<&'a OrderLine>,
    pub lines: Vec<&'a OrderResponseLine>,
    /// The index in the response's `lines` of each of `lines` (for issue paths).
    pub indexes: Vec<usize>,
    pub ordered: Option<Decimal>,
    /// ACK01, quantity, response line index (for dates) per ACK.
    pub acks: Vec<(&'static str, Decimal, usize)>,
    /// POC02 for an 865.
    pub change_code: Option<&'static str>,
}

/// Groups the response lines by line number, in the order's line order, and plans the ACKs.
pub(super) fn plan<'a>(
    wx: &mut Wx<'_>,
    resp: &'a OrderResponse,
    order: Option<&'a PurchaseOrder>,
) -> Vec<Group<'a>> {
    let mut numbers: Vec<u32> = Vec::new();
    if let Some(o) = order {
        for l in &o.lines {
            if !numbers.contains(&l.line_number) {
                numbers.push(l.line_number);
            }
        }
    }
    for (i, l) in resp.lines.iter().enumerate() {
        if !numbers.contains(&l.line_number) {
            if let Some(o) = order {
                if !o.lines.is_empty() {
                    wx.warn(
                        "PO1",
                        Some(1),
                        &format!("lines[{i}].line_number"),
                        format!(
                            "Line {} is not a line of order {}",
                            l.line_number, o.order_number
                        ),
                    );
                }
            }
            numbers.push(l.line_number);
        }
    }
    let mut groups = Vec::new();
    for n in numbers {
        let order_line = order.and_then(|o| o.line(n));
        let (indexes, lines): (Vec<usize>, Vec<&OrderResponseLine>) = resp
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.line_number == n)
            .unzip();
        if lines.is_empty() && !(resp.lines.is_empty() && resp.status == ResponseStatus::Accepted) {
            continue;
        }
        let ordered = order_line
            .map(|l| l.quantity)
            .or_else(|| lines.iter().find_map(|l| l.ordered_quantity));
        let mut g = Group {
            number: n,
            order_line,
            lines,
            indexes,
            ordered,
            acks: Vec::new(),
            change_code: None,
        };
        plan_acks(wx, &mut g);
        groups.push(g);
    }
    groups
}

fn plan_acks(wx: &mut Wx<'_>, g: &mut Group<'_>) {
    if g.lines.is_empty() {
        g.acks
            .push(("IA", g.ordered.unwrap_or_default(), usize::MAX));
        return;
    }
    let order_price = g.order_line.and_then(|l| l.unit_price);
    let requested = g.order_line.and_then(|l| l.requested_delivery_date);
    for (i, l) in g.lines.clone().into_iter().enumerate() {
        let ordered = l.ordered_quantity.or(g.ordered);
        let path = format!("lines[{}]", g.indexes.get(i).copied().unwrap_or(i));
        match &l.status {
            ResponseStatus::Rejected => {
                g.acks.push(("IR", ordered.unwrap_or_default(), i));
            }
            ResponseStatus::Pending => {
                g.acks.push(("IH", ordered.unwrap_or_default(), i));
            }
            ResponseStatus::Other(s) => {
                wx.warn(
                    "ACK",
                    Some(1),
                    &path,
                    format!("Line status {s:?} has no ACK code; written as IH (on hold)"),
                );
                g.acks.push(("IH", ordered.unwrap_or_default(), i));
            }
            status => {
                // Derived: what was ordered and not confirmed (never below zero).
                let backordered = l.backordered_quantity.or_else(|| {
                    (*status == ResponseStatus::Backordered)
                        .then(|| {
                            ordered
                                .zip(l.confirmed_quantity)
                                .map(|(o, c)| o.saturating_sub(c).max(Decimal::ZERO))
                                .or(ordered)
                        })
                        .flatten()
                });
                if let (Some(o), Some(b)) = (ordered, backordered) {
                    if b > o {
                        // The accepted rest would be negative. Located by the model path
                        // only: the ACKs are planned before any segment is written.
                        wx.cx.error(
                            Location {
                                segment: Some("ACK".into()),
                                element: Some(2),
                                path: Some(format!("{path}.backordered_quantity")),
                                ..Location::default()
                            },
                            None,
                            format!(
                                "The backordered quantity {b} is more than the ordered quantity {o}"
                            ),
                        );
                    }
                }
                let confirmed = l
                    .confirmed_quantity
                    .or_else(|| match (ordered, backordered) {
                        (Some(o), Some(b)) => Some(o.saturating_sub(b).max(Decimal::ZERO)),
                        (Some(o), None) => Some(o),
                        _ => None,
                    });
                if let Some(c) = confirmed.filter(|c| !c.is_zero() || backordered.is_none()) {
                    let code = if *status == ResponseStatus::Changed {
                        let qty = ordered.is_some_and(|o| o != c);
                        let price = l.unit_price.is_some()
                            && order_price.is_some()
                            && l.unit_price != order_price;
                        let date = l.delivery_date.is_some()
                            && requested.is_some()
                            && l.delivery_date != requested;
                        match (qty, price, date) {
                            (true, false, false) => "IQ",
                            (false, true, false) => "IP",
                            (false, false, true) => "DR",
                            _ => "IC",
                        }
                    } else {
                        "IA"
                    };
                    g.acks.push((code, c, i));
                }
                if let Some(b) = backordered.filter(|b| !b.is_zero()) {
                    g.acks.push(("IB", b, i));
                }
                if confirmed.is_none() && backordered.is_none() {
                    wx.error(
                        "ACK",
                        Some(2),
                        &path,
                        "Neither the confirmed nor the ordered quantity of the line is known",
                    );
                }
            }
        }
    }
}

/// The BAK02 / BCA02 acknowledgment type.
pub(super) fn ack_type(
    resp: &OrderResponse,
    groups: &[Group<'_>],
    has_order: bool,
) -> &'static str {
    match &resp.status {
        ResponseStatus::Rejected if groups.is_empty() => "RJ",
        ResponseStatus::Rejected => "RD",
        ResponseStatus::Pending => "AH",
        ResponseStatus::Accepted if groups.is_empty() && !has_order => "AK",
        ResponseStatus::Accepted if groups.iter().all(|g| g.acks.iter().all(|a| a.0 == "IA")) => {
            "AD"
        }
        _ => "AC",
    }
}

/// PO1 (or POC) loops with PID, DTM, ACK, N9/MSG.
pub(super) fn write_groups(wx: &mut Wx<'_>, groups: &[Group<'_>], line_seg: &str) {
    for g in groups {
        let ol = g.order_line;
        let first = g.lines.first().copied();
        let path = format!("lines[line_number={}]", g.number);
        let line_id = ol
            .and_then(|l| l.extrinsics.get("buyer_line_id").cloned())
            .unwrap_or_else(|| g.number.to_string());
        let line_id = wx.ident(line_seg, 1, &path, &line_id, 20);
        let unit = ol
            .and_then(|l| l.unit_of_measure.as_ref())
            .or_else(|| first.and_then(|l| l.unit_of_measure.as_ref()));
        let unit = unit
            .map(|u| wx.uom(line_seg, 3, &path, u))
            .unwrap_or_default();
        let price = first
            .and_then(|l| l.unit_price)
            .or_else(|| ol.and_then(|l| l.unit_price))
            .map(fmt_decimal)
            .unwrap_or_default();
        let qty = g.ordered.map(fmt_decimal).unwrap_or_default();
        let mut els: Vec<String> = match g.change_code {
            // POC: line, change type, quantity ordered, left to receive, unit, price, basis.
            Some(code) => vec![
                line_id,
                code.to_owned(),
                qty,
                String::new(),
                unit.clone(),
                price,
                String::new(),
            ],
            None => vec![line_id, qty, unit.clone(), price, String::new()],
        };
        let pairs = match ol {
            Some(l) => id_pairs(
                l.buyer_part_id.as_deref(),
                l.supplier_part_id.as_deref(),
                l.gtin.as_ref(),
                l.manufacturer_part_id.as_deref(),
                l.extrinsics.get("sku").map(String::as_str),
            ),
            None => id_pairs(
                first.and_then(|l| l.buyer_part_id.as_deref()),
                first.and_then(|l| l.supplier_part_id.as_deref()),
                None,
                None,
                None,
            ),
        };
        push_pairs(wx, line_seg, &path, &mut els, &pairs);
        emit(wx, line_seg, &els);
        let desc = ol
            .and_then(|l| l.description.as_deref())
            .or_else(|| first.and_then(|l| l.description.as_deref()));
        if let Some(d) = desc {
            let d = wx.text("PID", 5, &path, d, 80);
            if !d.is_empty() {
                wx.seg("PID", &["F", "", "", "", &d]);
            }
        }
        let requested = first
            .and_then(|l| l.requested_delivery_date)
            .or_else(|| ol.and_then(|l| l.requested_delivery_date));
        if let Some(d) = requested {
            wx.seg("DTM", &["002", &fmt_date(d)]);
        }
        // A delivery date beside a ship date (which goes in ACK04/05) is a DTM 067, before the
        // ACK loop; only a line answered once can carry it.
        for (i, l) in g.lines.iter().enumerate() {
            if let (Some(_), Some(d)) = (l.ship_date, l.delivery_date) {
                if g.lines.len() == 1 {
                    wx.seg("DTM", &["067", &fmt_date(d)]);
                } else {
                    wx.warn(
                        "DTM",
                        Some(2),
                        &format!("{path}.lines[{i}].delivery_date"),
                        "A delivery date beside a ship date on a split line cannot be carried; \
                         left out",
                    );
                }
            }
        }
        for (code, q, i) in &g.acks {
            let (dq, dd) = match g.lines.get(*i) {
                Some(l) => match (l.ship_date, l.delivery_date) {
                    (Some(s), _) => ("068", fmt_date(s)),
                    (None, Some(d)) => ("067", fmt_date(d)),
                    _ => ("", String::new()),
                },
                None => ("", String::new()),
            };
            wx.seg("ACK", &[code, &fmt_decimal(*q), &unit, dq, &dd]);
        }
        for (l, idx) in g.lines.iter().zip(&g.indexes) {
            if let Some(r) = &l.reason {
                wx.note("ZZ", REASON_LABEL, r, &format!("lines[{idx}].reason"));
            }
            for (k, c) in l.comments.iter().enumerate() {
                wx.note("L1", "NOTE", c, &format!("lines[{idx}].comments[{k}]"));
            }
        }
    }
}
