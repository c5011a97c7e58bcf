//! 810 Invoice ↔ [`Invoice`].

use model::{ChargeIndicator, Invoice, InvoiceLine, InvoicePurpose, InvoiceTotals, Shipping};
use rust_decimal::Decimal;

use super::common::{
    add_extrinsic, emit, fmt_date, fmt_decimal, id_pairs, line_number, missing_at, parse_date,
    parse_u32, push_pairs, read_ids, read_itd, read_ref, read_sac, read_txi, rest_parties_into,
    se_position, take_party, tax_to_x12, Cx, PartyLoop, Seg, Wx, EL_MISSING, SEG_MISSING,
};
use super::order::{read_fob, transport_from_x12};
use crate::x12::{SegmentWriter, TransactionSet};
use crate::{Issue, Severity};

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Reads an 810 into an [`Invoice`].
///
/// - `BIG`: 01 → `invoice_date`, 02 → `invoice_number` (error `1` when missing), 03 →
///   `order_date`, 04 → `order_number`, 07 `CR` → credit note, `DR` → debit note, else invoice.
/// - `NTE` → `comments`; `CUR`; `REF` → `references`; N1 `RI` (else `RE`) remit-to, `BT`
///   bill-to, `ST` ship-to, `SE`/`SU`/`II`/`VN` seller, `BY` buyer (others → extrinsic
///   `party:<code>`); `ITD` → `payment_terms`; `DTM 011` → extrinsic `ship_date`, other dates
///   → extrinsics; `FOB` → shipping terms; `CAD` 05 (else 04) → `shipping.carrier`.
/// - IT1 loops: 01 line number (else the position), 02 quantity (error when missing), 03 unit,
///   04 price, 06… id pairs (`PL` → `order_line_number`), `PID` → `description`, `SAC` → line
///   charges, `TXI` → line taxes.
/// - Summary: `TDS` 01 → `totals.total`, 02 → `totals.subtotal` (2 implied decimals; a missing
///   TDS is an error `3`), `TXI` → `taxes` (their sum → `totals.tax`), the first `SAC C D240`
///   → `shipping.amount` (and `totals.shipping`), other `SAC` → `charges`; `CTT` is checked.
pub fn read_810(ts: &TransactionSet<'_>) -> (Invoice, Vec<Issue>) {
    let mut cx = Cx::default();
    let segs = cx.open(ts, "810");
    let mut inv = Invoice::default();
    if let Some(big) = cx.beginning(&segs, "BIG") {
        inv.invoice_date = cx.date(&big, 1, "invoice date");
        inv.invoice_number = cx
            .required(&big, 2, "invoice number")
            .unwrap_or_default()
            .to_owned();
        inv.order_date = cx.date(&big, 3, "purchase order date");
        inv.order_number = big.el(4).map(str::to_owned);
        inv.purpose = match big.el(7) {
            Some("CR") => InvoicePurpose::CreditNote,
            Some("DR") => InvoicePurpose::DebitNote,
            _ => InvoicePurpose::Invoice,
        };
    }

    let mut party: Option<PartyLoop> = None;
    let mut parties: Vec<PartyLoop> = Vec::new();
    let mut lines_area = false;
    let mut summary = false;
    let mut tds_seen = false;
    let mut tax_sum: Option<Decimal> = None;
    let mut ctt: Option<Seg<'_>> = None;
    for s in &segs {
        if let Some(p) = party.as_mut() {
            if p.absorb(&mut cx, s) {
                continue;
            }
            if let Some(p) = party.take() {
                parties.push(p);
            }
        }
        let in_line = lines_area && !summary;
        match s.id() {
            "NTE" => {
                if let Some(t) = cx.text(s, 2) {
                    match inv.lines.last_mut().filter(|_| in_line) {
                        Some(l) => l.comments.push(t),
                        None => inv.comments.push(t),
                    }
                }
            }
            "CUR" if !in_line && inv.currency.is_none() => {
                inv.currency = cx.currency(s, 2);
            }
            "REF" if !in_line => {
                if let Some(r) = read_ref(s) {
                    inv.references.push(r);
                }
            }
            "N1" if !in_line => party = Some(PartyLoop::start(&mut cx, s)),
            "ITD" if !in_line && inv.payment_terms.is_none() => {
                inv.payment_terms = Some(read_itd(&mut cx, s));
            }
            "DTM" if !in_line => {
                if let (Some(q), Some(d)) = (s.el(1), cx.date(s, 2, "date")) {
                    let key = if q == "011" {
                        "ship_date".to_owned()
                    } else {
                        super::common::date_key(q)
                    };
                    add_extrinsic(&mut inv.extrinsics, key, &d.to_string());
                }
            }
            "FOB" if !in_line => read_fob(
                &mut cx,
                s,
                inv.shipping.get_or_insert_with(Shipping::default),
            ),
            "IT1" => {
                lines_area = true;
                if summary {
                    cx.warn(s.loc(None), None, "IT1 after TDS; read as a line anyway");
                    summary = false;
                }
                let l = read_it1(&mut cx, s, inv.lines.len() + 1);
                inv.lines.push(l);
            }
            "PID" if in_line => {
                if let (Some(l), Some(t)) = (inv.lines.last_mut(), cx.text(s, 5)) {
                    match &mut l.description {
                        Some(d) => {
                            d.push(' ');
                            d.push_str(&t);
                        }
                        None => l.description = Some(t),
                    }
                }
            }
            "SAC" => {
                let Some(c) = read_sac(&mut cx, s) else {
                    continue;
                };
                if in_line {
                    if let Some(l) = inv.lines.last_mut() {
                        l.charges.push(c);
                    }
                } else if c.indicator == ChargeIndicator::Charge
                    && c.code.as_deref() == Some("freight")
                    && inv.shipping.as_ref().and_then(|s| s.amount).is_none()
                {
                    let sh = inv.shipping.get_or_insert_with(Shipping::default);
                    sh.amount = c.amount;
                    if sh.description.is_none() {
                        sh.description = c.description;
                    }
                } else {
                    inv.charges.push(c);
                }
            }
            "TXI" => {
                let t = read_txi(&mut cx, s);
                if in_line {
                    if let Some(l) = inv.lines.last_mut() {
                        l.taxes.push(t);
                    }
                } else {
                    if let Some(a) = t.amount {
                        tax_sum = Some(tax_sum.unwrap_or_default().saturating_add(a));
                    }
                    inv.taxes.push(t);
                }
            }
            "TDS" => {
                summary = true;
                tds_seen = true;
                let total = cx.implied2(s, 1, "total invoice amount", Severity::Error);
                if total.is_none() && s.el(1).is_none() {
                    cx.error(
                        s.loc(Some(1)),
                        Some(EL_MISSING),
                        "TDS01 (total invoice amount) is missing",
                    );
                }
                let subtotal =
                    cx.implied2(s, 2, "amount subject to terms discount", Severity::Warning);
                let t = inv.totals.get_or_insert_with(InvoiceTotals::default);
                t.total = total;
                t.subtotal = subtotal;
            }
            "CAD" => {
                let sh = inv.shipping.get_or_insert_with(Shipping::default);
                if sh.carrier.is_none() {
                    sh.carrier = cx.text(s, 5).or_else(|| s.el(4).map(str::to_owned));
                }
                if sh.method.is_none() {
                    sh.method = s.el(1).filter(|m| *m != "ZZ").map(transport_from_x12);
                }
            }
            "CTT" => ctt = Some(*s),
            _ => {}
        }
    }
    if let Some(p) = party.take() {
        parties.push(p);
    }
    inv.remit_to = take_party(&mut cx, &mut parties, &["RI", "RE"]);
    inv.bill_to = take_party(&mut cx, &mut parties, &["BT"]);
    inv.ship_to = take_party(&mut cx, &mut parties, &["ST"]);
    inv.seller = take_party(&mut cx, &mut parties, &["SE", "SU", "VN", "II"]);
    inv.buyer = take_party(&mut cx, &mut parties, &["BY"]);
    rest_parties_into(parties, &mut inv.extrinsics);
    if !tds_seen {
        cx.error(
            missing_at("TDS", ctt.map_or_else(|| se_position(ts), |s| s.pos)),
            Some(SEG_MISSING),
            "The invoice has no TDS (total monetary value summary)",
        );
    }
    if let Some(s) = ctt {
        if let Some(n) = cx.u32(&s, 1, "number of line items") {
            if usize::try_from(n).ok() != Some(inv.lines.len()) {
                cx.warn(
                    s.loc(Some(1)),
                    None,
                    format!(
                        "CTT01 says {n} line items, the set has {} IT1",
                        inv.lines.len()
                    ),
                );
            }
        }
    }
    if let Some(t) = inv.totals.as_mut() {
        t.tax = tax_sum;
        t.shipping = inv.shipping.as_ref().and_then(|s| s.amount);
    }
    (inv, cx.issues)
}

fn read_it1(cx: &mut Cx, s: &Seg<'_>, fallback: usize) -> InvoiceLine {
    let (n, _) = line_number(s.el(1), fallback);
    let qty = cx.decimal_req(s, 2, "quantity invoiced");
    let mut l = InvoiceLine::new(n, qty.unwrap_or_default());
    l.unit_of_measure = cx.uom(s, 3);
    l.unit_price = cx.decimal(s, 4, "unit price");
    let ids = read_ids(cx, s, 6, 10);
    l.supplier_part_id = ids.supplier_part_id.clone();
    l.buyer_part_id = ids.buyer_part_id.clone();
    l.gtin = ids.gtin.clone();
    l.manufacturer_part_id = ids.manufacturer_part_id.clone();
    l.manufacturer_name = ids.manufacturer_name.clone();
    l.description = ids.description.clone();
    l.order_line_number = ids
        .others
        .iter()
        .find(|(q, _)| q == "PL")
        .and_then(|(_, v)| parse_u32(v));
    l
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Writes the body of an 810 (BIG … CTT) for `inv`.
///
/// - `BIG*<invoice date>*<invoice number>*<order date>*<order number>***<CR|DR>` (BIG07 only
///   for credit and debit notes); a missing invoice date is an error.
/// - `NTE*GEN` per comment (80 characters each), `CUR*SE`, `REF`, N1 loops `RI` remit-to, `BT`,
///   `ST`, `SE` seller, `BY`; `ITD*<08 with discount | 05>*3*<discount %>**<discount days>*
///   <due date>*<net days>*****<description>`; `DTM*011` from the extrinsic `ship_date`;
///   `FOB*DF**<description>*01*<incoterm>*ZZ*<place>` when there are shipping terms.
/// - Per line `IT1*<line>*<qty>*<unit>*<price>**BP…VP…UP|EN|UK…MG…PL<order line>`, `PID`,
///   line `SAC`, line `TXI`.
/// - `TDS*<total>*<subtotal>` with 2 implied decimals (`3875.30` → `387530`): TDS01 is
///   `totals.total`, else (warning) lines + charges − allowances + taxes + shipping; TDS02 is
///   the amount subject to terms discount, `totals.subtotal` when stated.
/// - `TXI*<VA|GS|ST|SU|EV|TX>*<amount>*<percent>` per tax (`TX` with `totals.tax` when the
///   invoice lists no taxes), `CAD*****<carrier>`, `SAC*C*D240***<shipping amount>` for
///   shipping, `SAC` per header charge, `CTT*<number of IT1>`.
pub fn write_810(w: &mut SegmentWriter, inv: &Invoice) -> Vec<Issue> {
    let mut wx = Wx::new(w);
    let date = inv.invoice_date.or(inv.issued_at.map(|t| t.date_naive()));
    if date.is_none() {
        wx.error(
            "BIG",
            Some(1),
            "invoice_date",
            "The invoice date (BIG01, mandatory) is unknown",
        );
    }
    let date = date.map(fmt_date).unwrap_or_default();
    let number = wx.ident("BIG", 2, "invoice_number", &inv.invoice_number, 22);
    let od = inv.order_date.map(fmt_date).unwrap_or_default();
    let on = inv
        .order_number
        .as_deref()
        .map(|o| wx.ident("BIG", 4, "order_number", o, 22))
        .unwrap_or_default();
    let kind = match &inv.purpose {
        InvoicePurpose::Invoice => "",
        InvoicePurpose::CreditNote => "CR",
        InvoicePurpose::DebitNote => "DR",
        InvoicePurpose::Other(p) => {
            wx.warn(
                "BIG",
                Some(7),
                "purpose",
                format!("Purpose {p:?} has no BIG07 code; written as an invoice"),
            );
            ""
        }
    };
    wx.seg("BIG", &[&date, &number, &od, &on, "", "", kind]);
    for (i, c) in inv.comments.iter().enumerate() {
        for line in c.lines().filter(|l| !l.trim().is_empty()) {
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks(80) {
                let t: String = chunk.iter().collect();
                let t = wx.text("NTE", 2, &format!("comments[{i}]"), &t, 80);
                if !t.is_empty() {
                    wx.seg("NTE", &["GEN", &t]);
                }
            }
        }
    }
    if let Some(c) = &inv.currency {
        wx.seg("CUR", &["SE", c.as_str()]);
    }
    wx.refs(&inv.references, "references");
    for (code, party, path) in [
        ("RI", &inv.remit_to, "remit_to"),
        ("BT", &inv.bill_to, "bill_to"),
        ("ST", &inv.ship_to, "ship_to"),
        ("SE", &inv.seller, "seller"),
        ("BY", &inv.buyer, "buyer"),
    ] {
        if let Some(p) = party {
            wx.party(code, p, path);
        }
    }
    if let Some(t) = &inv.payment_terms {
        let code = if t.discount_percent.is_some() {
            "08"
        } else {
            "05"
        };
        let pct = t.discount_percent.map(fmt_decimal).unwrap_or_default();
        let dd = t.discount_days.map(|d| d.to_string()).unwrap_or_default();
        let due = t.due_date.map(fmt_date).unwrap_or_default();
        let net = t.net_days.map(|d| d.to_string()).unwrap_or_default();
        let desc = t
            .description
            .as_deref()
            .map(|d| wx.text("ITD", 12, "payment_terms.description", d, 80))
            .unwrap_or_default();
        wx.seg(
            "ITD",
            &[code, "3", &pct, "", &dd, &due, &net, "", "", "", "", &desc],
        );
    }
    if let Some(d) = inv.extrinsics.get("ship_date") {
        match parse_date(&d.replace('-', "")) {
            Some(d) => wx.seg("DTM", &["011", &fmt_date(d)]),
            None => wx.warn(
                "DTM",
                Some(2),
                "extrinsics.ship_date",
                format!("{d:?} is not a date; DTM 011 left out"),
            ),
        }
    }
    if let Some(sh) = &inv.shipping {
        if sh.incoterms.is_some() || sh.description.is_some() {
            let desc = sh
                .description
                .as_deref()
                .map(|d| wx.text("FOB", 3, "shipping.description", d, 80))
                .unwrap_or_default();
            let (term, place) = match sh.incoterms.as_deref() {
                Some(i) => match i.split_once(' ') {
                    Some((t, p)) => (
                        wx.ident("FOB", 5, "shipping.incoterms", t, 80),
                        wx.text("FOB", 7, "shipping.incoterms", p, 80),
                    ),
                    None => (
                        wx.ident("FOB", 5, "shipping.incoterms", i, 80),
                        String::new(),
                    ),
                },
                None => (String::new(), String::new()),
            };
            let q2 = if desc.is_empty() { "" } else { "ZZ" };
            let q4 = if term.is_empty() { "" } else { "01" };
            let q6 = if place.is_empty() { "" } else { "ZZ" };
            wx.seg("FOB", &["DF", q2, &desc, q4, &term, q6, &place]);
        }
    }

    for (i, l) in inv.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        let unit = match &l.unit_of_measure {
            Some(u) => wx.uom("IT1", 3, &path, u),
            None => {
                wx.warn(
                    "IT1",
                    Some(3),
                    &path,
                    "No unit of measure; IT103 left empty",
                );
                String::new()
            }
        };
        let price = l.unit_price.map(fmt_decimal).unwrap_or_default();
        let mut els = vec![
            l.line_number.to_string(),
            fmt_decimal(l.quantity),
            unit,
            price,
            String::new(),
        ];
        let mut pairs = id_pairs(
            l.buyer_part_id.as_deref(),
            l.supplier_part_id.as_deref(),
            l.gtin.as_ref(),
            l.manufacturer_part_id.as_deref(),
            None,
        );
        if let Some(o) = l.order_line_number {
            pairs.push(("PL", o.to_string()));
        }
        if l.supplier_part_aux_id.is_some() {
            wx.warn(
                "IT1",
                None,
                &format!("{path}.supplier_part_aux_id"),
                "No X12 qualifier for an auxiliary part id; left out",
            );
        }
        push_pairs(&mut wx, "IT1", &path, &mut els, &pairs);
        emit(&mut wx, "IT1", &els);
        // IT1 loop order: TXI (040), PID (060), SAC (180).
        for (k, t) in l.taxes.iter().enumerate() {
            txi(&mut wx, t, &format!("{path}.taxes[{k}]"));
        }
        if let Some(d) = &l.description {
            let d = wx.text("PID", 5, &path, d, 80);
            if !d.is_empty() {
                wx.seg("PID", &["F", "", "", "", &d]);
            }
        }
        for (k, c) in l.charges.iter().enumerate() {
            wx.sac(c, &format!("{path}.charges[{k}]"));
        }
    }

    let totals = inv.totals.clone().unwrap_or_default();
    let total = match totals.total {
        Some(t) => Some(t),
        None => {
            let c = computed_total(inv);
            if c.is_some() {
                wx.warn(
                    "TDS",
                    Some(1),
                    "totals.total",
                    "The invoice states no total; TDS01 is computed",
                );
            } else {
                wx.error(
                    "TDS",
                    Some(1),
                    "totals.total",
                    "The total cannot be computed (a line has no price, or overflow)",
                );
            }
            c
        }
    };
    let t1 = total
        .map(|t| wx.implied2("TDS", 1, "totals.total", t))
        .unwrap_or_default();
    let t2 = totals
        .subtotal
        .map(|t| wx.implied2("TDS", 2, "totals.subtotal", t))
        .unwrap_or_default();
    wx.seg("TDS", &[&t1, &t2]);
    if let (Some(due), Some(total)) = (totals.amount_due, total) {
        if due != total {
            wx.warn(
                "TDS",
                None,
                "totals.amount_due",
                "An amount due other than the total cannot be carried; left out",
            );
        }
    }
    if inv.taxes.is_empty() {
        if let Some(t) = totals.tax.filter(|t| !t.is_zero()) {
            wx.seg("TXI", &["TX", &fmt_decimal(t)]);
        }
    } else {
        for (k, t) in inv.taxes.iter().enumerate() {
            txi(&mut wx, t, &format!("taxes[{k}]"));
        }
        let sum = inv.taxes.iter().try_fold(Decimal::ZERO, |a, t| {
            a.checked_add(t.amount.unwrap_or_default())
        });
        if let (Some(stated), Some(sum)) = (totals.tax, sum) {
            if stated != sum {
                wx.warn(
                    "TXI",
                    Some(2),
                    "totals.tax",
                    format!(
                        "The stated tax total {stated} differs from the sum of the taxes {sum}"
                    ),
                );
            }
        }
    }
    if let Some(c) = inv.shipping.as_ref().and_then(|s| s.carrier.as_deref()) {
        let c = wx.text("CAD", 5, "shipping.carrier", c, 35);
        if !c.is_empty() {
            wx.seg("CAD", &["", "", "", "", &c]);
        }
    }
    if let Some(a) = inv.shipping.as_ref().and_then(|s| s.amount) {
        let a = wx.implied2("SAC", 5, "shipping.amount", a.abs());
        wx.seg("SAC", &["C", "D240", "", "", &a]);
    }
    for (k, c) in inv.charges.iter().enumerate() {
        wx.sac(c, &format!("charges[{k}]"));
    }
    wx.seg("CTT", &[&inv.lines.len().to_string()]);
    wx.cx.issues
}

fn txi(wx: &mut Wx<'_>, t: &model::Tax, path: &str) {
    let code = tax_to_x12(t.category.as_ref()).to_owned();
    if code == "TX" && t.category.is_some() {
        wx.warn(
            "TXI",
            Some(1),
            path,
            "The tax category has no X12 tax type; written as TX (all taxes)",
        );
    }
    let amount = t.amount.map(fmt_decimal).unwrap_or_default();
    let pct = t.rate.map(fmt_decimal).unwrap_or_default();
    if amount.is_empty() && pct.is_empty() {
        wx.error("TXI", Some(2), path, "A tax needs an amount or a percent");
    }
    let j = t
        .jurisdiction
        .as_deref()
        .map(|j| wx.text("TXI", 5, path, j, 30))
        .unwrap_or_default();
    let q = if j.is_empty() { "" } else { "VD" };
    wx.seg("TXI", &[&code, &amount, &pct, q, &j]);
}

/// Lines (amount, else quantity × price) + charges − allowances + taxes + shipping.
fn computed_total(inv: &Invoice) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for l in &inv.lines {
        let a = match l.amount {
            Some(a) => a,
            None => l.quantity.checked_mul(l.unit_price?)?,
        };
        sum = sum.checked_add(a)?;
    }
    for c in &inv.charges {
        let a = c.amount.unwrap_or_default();
        sum = match c.indicator {
            ChargeIndicator::Charge => sum.checked_add(a)?,
            ChargeIndicator::Allowance => sum.checked_sub(a)?,
        };
    }
    for t in &inv.taxes {
        sum = sum.checked_add(t.amount.unwrap_or_default())?;
    }
    if let Some(s) = inv.shipping.as_ref().and_then(|s| s.amount) {
        sum = sum.checked_add(s)?;
    }
    Some(sum)
}
