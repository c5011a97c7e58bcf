//! INVOIC ↔ [`Invoice`].
//!
//! BGM `380` invoice, `381` credit note, `383` debit note; DTM `137` invoice date, other dates
//! from extrinsics `date:<qualifier>` (e.g. `date:35` delivery); FTX `AAI` comments; RFF `ON`
//! the order (DTM `171` its date), other references; NAD `SU` seller, `BY` buyer, `DP` ship-to,
//! `IV` bill-to, `PE` remit-to, each with RFF `VA`; CUX `2:<currency>:4`; PAT `1` net days (and
//! DTM `13` due date), PAT `22` + PCD `12` early-payment discount; ALC groups; lines: LIN (GTIN
//! `SRV`), PIA, IMD, QTY `47`, MOA `203` line amount, PRI `AAA`, RFF `LI` order line number, TAX
//! `7` with MOA `124`, ALC. Summary: UNS `S`, CNT `2`, MOA `79` subtotal, `260` allowances,
//! `259` charges, `64` freight, `125` taxable amount, `124` tax, `77` total, `9` amount due, then
//! one TAX `7` group (MOA `124` tax, `125` taxable) per header tax.

use model::{Invoice, InvoiceLine, InvoicePurpose, InvoiceTotals};

use super::common::{el, num, read_lines, require_number, Cx, Line, Out, Parallel, Segs, INVALID};
use super::orders::{bgm_loc, line_quantity, require_lines, shipping};
use super::ordrsp::split_order_ref;
use super::MapSegment;
use crate::{Issue, Severity};

/// Reads an INVOIC body.
pub fn read_invoic(body: &[MapSegment<'_>]) -> (Invoice, Vec<Issue>) {
    read_invoic_segs(Segs::Map(body), Parallel::NONE)
}

/// [`read_invoic`] over positioned body segments, a long body read on `par.threads` threads.
pub(super) fn read_invoic_segs(body: Segs<'_>, par: Parallel) -> (Invoice, Vec<Issue>) {
    let mut cx = Cx::default();
    // Each line becomes an invoice line as soon as its LIN group ends (one intermediate line
    // held at a time); the issues of that come after the header's.
    let mut lines_cx = Cx::default();
    let mut lines: Vec<InvoiceLine> = Vec::with_capacity(body.lin_count());
    let b = read_lines(
        &mut cx,
        body,
        &["380", "381", "383", "384", "325", "393"],
        &mut lines_cx,
        &mut lines,
        &invoice_line,
        par,
    );
    let invoice_number = require_number(&mut cx, &b, "invoice");
    let purpose = match b.bgm_code.as_deref() {
        Some("381") => InvoicePurpose::CreditNote,
        Some("383") => InvoicePurpose::DebitNote,
        _ => InvoicePurpose::Invoice,
    };
    if let Some(f) = b.function.as_deref() {
        if !matches!(f, "9" | "31" | "43" | "7" | "5") {
            cx.warn(
                bgm_loc(3),
                Some(INVALID),
                format!("BGM message function {f:?} is not 9 (original); read as an invoice"),
            );
        }
    }
    require_lines(&mut cx, &b);
    let (order, references) = split_order_ref(&b);
    cx.issues.append(&mut lines_cx.issues);
    let m = &b.summary_moa;
    let totals = InvoiceTotals {
        subtotal: m.get("79").copied(),
        allowances: m.get("260").or(m.get("204")).copied(),
        charges: m.get("259").or(m.get("23")).copied(),
        tax: m.get("124").or(m.get("176")).or(m.get("150")).copied(),
        shipping: m.get("64").copied(),
        total: m.get("77").or(m.get("86")).or(m.get("39")).copied(),
        amount_due: m.get("9").copied(),
    };
    let mut extrinsics = b.extrinsics.clone();
    b.date_extrinsics(&["137"], &mut extrinsics);
    b.other_parties(
        &["SU", "BY", "DP", "ST", "IV", "BT", "PE", "RE"],
        &mut extrinsics,
    );
    let inv = Invoice {
        invoice_number,
        purpose,
        invoice_date: b.dates.get("137").copied(),
        order_number: order.as_ref().map(|o| o.value.clone()),
        order_date: order.as_ref().and_then(|o| o.date),
        currency: b.currency.clone(),
        seller: b.party("SU"),
        buyer: b.party("BY"),
        remit_to: b.first_party(&["PE", "RE"]),
        ship_to: b.first_party(&["DP", "ST"]),
        bill_to: b.first_party(&["IV", "BT"]),
        payment_terms: b.payment_terms.clone(),
        lines,
        charges: b.charges.clone(),
        taxes: b.taxes.clone(),
        shipping: shipping(&b),
        totals: (totals != InvoiceTotals::default()).then_some(totals),
        references,
        comments: b.comments.iter().map(|(_, t)| t.clone()).collect(),
        extrinsics,
        ..Invoice::default()
    };
    (inv, cx.issues)
}

/// One invoice line from a LIN group (QTY 47, else 12, 46 or the first; an error when none).
fn invoice_line(cx: &mut Cx, l: Line) -> InvoiceLine {
    let (quantity, unit) = line_quantity(cx, &l, &["47", "12", "46"], "invoiced quantity");
    let order_line_number = l
        .extrinsics
        .get("ref:LI")
        .and_then(|v| v.trim_start_matches('0').parse::<u32>().ok());
    InvoiceLine {
        line_number: l.number.unwrap_or(0),
        order_line_number,
        quantity,
        unit_of_measure: unit.or(l.price_unit),
        unit_price: l.prices.get("AAA").or(l.prices.get("AAB")).copied(),
        amount: l.moa.get("203").or(l.moa.get("66")).copied(),
        description: l.description,
        supplier_part_id: l.supplier_part,
        supplier_part_aux_id: None,
        buyer_part_id: l.buyer_part,
        gtin: l.gtin,
        manufacturer_part_id: l.manufacturer_part,
        manufacturer_name: None,
        charges: l.charges,
        taxes: l.taxes,
        comments: l.comments.into_iter().map(|(_, t)| t).collect(),
    }
}

/// Writes an INVOIC body for `inv`.
pub fn write_invoic(inv: &Invoice) -> (Vec<MapSegment<'static>>, Vec<Issue>) {
    let mut o = Out::default();
    let code = match &inv.purpose {
        InvoicePurpose::CreditNote => "381",
        InvoicePurpose::DebitNote => "383",
        InvoicePurpose::Invoice => "380",
        InvoicePurpose::Other(p) => {
            o.issue(
                Severity::Warning,
                "BGM",
                Some(1),
                "purpose",
                format!("Purpose {p:?} has no 1001 code; written as an invoice (380)"),
            );
            "380"
        }
    };
    if inv.invoice_number.is_empty() {
        o.issue(
            Severity::Error,
            "BGM",
            Some(2),
            "invoice_number",
            "The invoice number is empty".into(),
        );
    }
    o.seg(
        "BGM",
        vec![el([code]), el([&inv.invoice_number]), el(["9"])],
    );
    match inv.invoice_date.or(inv.issued_at.map(|t| t.date_naive())) {
        Some(d) => o.dtm("137", d),
        None => o.issue(
            Severity::Error,
            "DTM",
            None,
            "invoice_date",
            "No invoice date: DTM 137 is mandatory".into(),
        ),
    }
    for (k, v) in &inv.extrinsics {
        if let Some(q) = k.strip_prefix("date:") {
            match v.parse::<chrono::NaiveDate>() {
                Ok(d) if (1..=3).contains(&q.len()) => o.dtm(q, d),
                _ => o.issue(
                    Severity::Warning,
                    "DTM",
                    Some(1),
                    &format!("extrinsics.{k}"),
                    format!("Extrinsic {k:?} = {v:?} is not a DTM date; not written"),
                ),
            }
        }
    }
    for (i, c) in inv.comments.iter().enumerate() {
        o.ftx("AAI", c, &format!("comments[{i}]"));
    }
    if let Some(on) = &inv.order_number {
        o.rff("ON", on, inv.order_date);
    }
    o.references(&inv.references, "references");
    for (q, p, path) in [
        ("SU", &inv.seller, "seller"),
        ("BY", &inv.buyer, "buyer"),
        ("DP", &inv.ship_to, "ship_to"),
        ("IV", &inv.bill_to, "bill_to"),
        ("PE", &inv.remit_to, "remit_to"),
    ] {
        if let Some(p) = p {
            o.nad(q, p, path);
        }
    }
    if let Some(c) = &inv.currency {
        o.seg("CUX", vec![el(["2", c.as_str(), "4"])]);
    }
    if let Some(t) = &inv.payment_terms {
        let desc = t.description.as_deref().unwrap_or("");
        let desc = o.chunks(desc, 35, 1, "PAT", 2, "payment_terms.description");
        let mut c110 = el(["", "", ""]);
        c110.extend(desc);
        let net = t.net_days.map(|d| d.to_string()).unwrap_or_default();
        let c112 = if net.is_empty() {
            vec![]
        } else {
            el(["5", "3", "D", &net])
        };
        o.seg("PAT", vec![el(["1"]), c110, c112]);
        if let Some(d) = t.due_date {
            o.dtm("13", d);
        }
        if t.discount_days.is_some() || t.discount_percent.is_some() {
            let days = t.discount_days.map(|d| d.to_string()).unwrap_or_default();
            let c112 = if days.is_empty() {
                vec![]
            } else {
                el(["5", "3", "D", &days])
            };
            o.seg("PAT", vec![el(["22"]), vec![], c112]);
            if let Some(p) = t.discount_percent {
                o.seg("PCD", vec![el(["12", &num(p)])]);
            }
        }
    }
    for (i, c) in inv.charges.iter().enumerate() {
        o.charge(c, &format!("charges[{i}]"));
    }
    if inv.shipping.is_some() {
        o.issue(
            Severity::Warning,
            "TDT",
            None,
            "shipping",
            "Shipping details are not written in INVOIC (the cost goes in totals.shipping)".into(),
        );
    }
    for (i, l) in inv.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        let n = l.line_number.to_string();
        match &l.gtin {
            Some(g) => o.seg("LIN", vec![el([&n]), vec![], el([g.as_str(), "SRV"])]),
            None => o.seg("LIN", vec![el([&n])]),
        }
        if let Some(p) = &l.supplier_part_id {
            o.seg("PIA", vec![el(["5"]), el([p, "SA"])]);
        }
        let mut extra = Vec::new();
        if let Some(p) = &l.buyer_part_id {
            extra.push(el([p, "IN"]));
        }
        if let Some(p) = &l.manufacturer_part_id {
            extra.push(el([p, "MF"]));
        }
        if !extra.is_empty() {
            let mut els = vec![el(["1"])];
            els.extend(extra);
            o.seg("PIA", els);
        }
        for (what, v) in [
            ("supplier_part_aux_id", l.supplier_part_aux_id.is_some()),
            ("manufacturer_name", l.manufacturer_name.is_some()),
        ] {
            if v {
                o.issue(
                    Severity::Warning,
                    "PIA",
                    None,
                    &format!("{path}.{what}"),
                    format!("{what} has no place in INVOIC; not written"),
                );
            }
        }
        if let Some(d) = &l.description {
            let comps = o.chunks(d, 35, 2, "IMD", 3, &format!("{path}.description"));
            let mut c273 = el(["", "", ""]);
            c273.extend(comps);
            o.seg("IMD", vec![el(["F"]), vec![], c273]);
        }
        o.qty("47", l.quantity, l.unit_of_measure.as_ref());
        for (j, c) in l.comments.iter().enumerate() {
            o.ftx("AAI", c, &format!("{path}.comments[{j}]"));
        }
        if let Some(a) = l.amount {
            o.moa("203", a);
        }
        if let Some(p) = l.unit_price {
            o.seg("PRI", vec![el(["AAA", &num(p)])]);
        }
        if let Some(n) = l.order_line_number {
            o.rff("LI", &n.to_string(), None);
        }
        for t in &l.taxes {
            o.tax(t, true);
        }
        for (j, c) in l.charges.iter().enumerate() {
            o.charge(c, &format!("{path}.charges[{j}]"));
        }
    }
    o.seg("UNS", vec![el(["S"])]);
    o.seg("CNT", vec![el(["2", &inv.lines.len().to_string()])]);
    if let Some(t) = &inv.totals {
        for (q, v) in [
            ("79", t.subtotal),
            ("260", t.allowances),
            ("259", t.charges),
            ("64", t.shipping),
            ("124", t.tax),
            ("77", t.total),
            ("9", t.amount_due),
        ] {
            if let Some(v) = v {
                o.moa(q, v);
            }
        }
    }
    for t in &inv.taxes {
        o.tax(t, true);
    }
    (o.segs, o.cx.issues)
}
