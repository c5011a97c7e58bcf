//! Round-trip properties of the writers on random documents: what a writer emits without an
//! error reads back with the same numbers, identifiers and dates, and writing what was read
//! gives the same interchange again (the writer's normalisations are stable).
//!
//! Texts come from an alphabet with X12's delimiters, line breaks and non-ASCII letters in it,
//! which the writer must scrub; amounts have up to four decimals, which TDS (implied two) must
//! round with a warning rather than lose silently.

use model::{
    Charge, ChargeIndicator, CurrencyCode, Invoice, InvoiceLine, OrderResponse, OrderResponseLine,
    ResponseStatus, ShipNotice, UnitOfMeasure,
};
use proptest::prelude::*;

use super::*;
use crate::test_support::strategies::{
    date, decimal, notice, positive, renumber, response, same_notice, same_response_lines, Texts,
};
use crate::x12::map::{read_810, read_855, read_856, write_810, write_855, write_856};

/// Identifiers as partners use them.
fn id() -> impl Strategy<Value = String> {
    "[A-Z0-9][A-Z0-9-]{0,14}"
}

/// Free text with delimiters (`*`, `~`, `>`, `^`), line breaks and non-ASCII letters.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 *~>^:'?,.\n\u{e9}\u{416}]{1,40}"
}

/// The identifiers and texts of the shared response and notice strategies.
fn texts() -> Texts {
    Texts {
        id: id().boxed(),
        text: text().boxed(),
        unit: "EA",
    }
}

fn invoice_line() -> impl Strategy<Value = InvoiceLine> {
    (
        positive(7, 3),
        decimal(7, 4),
        prop_oneof![Just("EA"), Just("CS"), Just("DZN")],
        proptest::option::of(id()),
        proptest::option::of(id()),
        proptest::option::of(text()),
    )
        .prop_map(|(quantity, price, unit, supplier, buyer, description)| {
            let mut l = InvoiceLine::new(1, quantity);
            l.unit_price = Some(price);
            l.unit_of_measure = UnitOfMeasure::parse(unit).ok();
            l.supplier_part_id = supplier;
            l.buyer_part_id = buyer;
            l.description = description;
            l
        })
}

fn charge() -> impl Strategy<Value = Charge> {
    (any::<bool>(), positive(6, 2), proptest::option::of(text())).prop_map(
        |(allowance, amount, description)| Charge {
            indicator: if allowance {
                ChargeIndicator::Allowance
            } else {
                ChargeIndicator::Charge
            },
            code: None,
            description,
            amount: Some(amount),
            percent: None,
        },
    )
}

prop_compose! {
    fn invoice()(
        number in id(),
        invoice_date in date(),
        order in proptest::option::of((id(), date())),
        currency in prop_oneof![Just("USD"), Just("EUR"), Just("CAD")],
        mut lines in proptest::collection::vec(invoice_line(), 1..5),
        charges in proptest::collection::vec(charge(), 0..3),
        comments in proptest::collection::vec(text(), 0..3),
    ) -> Invoice {
        let mut inv = Invoice::new(number);
        inv.invoice_date = Some(invoice_date);
        if let Some((o, d)) = order {
            inv.order_number = Some(o);
            inv.order_date = Some(d);
        }
        inv.currency = CurrencyCode::parse(currency).ok();
        renumber(&mut lines, |l, n| l.line_number = n);
        inv.lines = lines;
        inv.charges = charges;
        inv.comments = comments;
        inv
    }
}

/// `s` as an X12 writer keeps it in an element of at most `max` characters: delimiters, line
/// breaks and other control characters as spaces, trimmed, cut, `None` when nothing is left.
fn as_x12_text_max(s: &str, max: usize) -> Option<String> {
    let t = as_x12_text(s)?;
    let cut: String = t.chars().take(max).collect();
    Some(cut.trim_end().to_owned())
}

/// [`as_x12_text_max`] for texts that fit their element.
fn as_x12_text(s: &str) -> Option<String> {
    let d = Delimiters::DEFAULT;
    let flat: String = s
        .chars()
        .map(|c| {
            let delimiter = c.is_ascii() && u8::try_from(c).is_ok_and(|b| d.is_delimiter(b));
            if c.is_control() || delimiter {
                ' '
            } else {
                c
            }
        })
        .collect();
    let t = flat.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The 810 `inv` is written as, wrapped in an interchange, and the write issues.
fn write(inv: &Invoice) -> (String, Vec<Issue>) {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_810(&mut w, inv);
    (wrap("810", w), issues)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// An invoice (every line priced, units X12 can say) is written without an error, reads
    /// back without one, with its numbers, quantities and prices, and writing it again gives
    /// the same interchange.
    #[test]
    fn an_810_reads_back_the_same_and_writes_again_identically(inv in invoice()) {
        let (text, write_issues) = write(&inv);
        prop_assert!(errors(&write_issues).is_empty(), "{write_issues:#?}\n{text}");
        let (back, read_issues) = with_first(text.as_bytes(), read_810);
        prop_assert!(errors(&read_issues).is_empty(), "{read_issues:#?}\n{text}");
        prop_assert_eq!(&back.invoice_number, &inv.invoice_number, "{}", text);
        prop_assert_eq!(back.invoice_date, inv.invoice_date, "{}", text);
        prop_assert_eq!(&back.order_number, &inv.order_number, "{}", text);
        prop_assert_eq!(back.order_date, inv.order_date, "{}", text);
        prop_assert_eq!(&back.currency, &inv.currency, "{}", text);
        prop_assert_eq!(back.lines.len(), inv.lines.len(), "{}", text);
        for (b, o) in back.lines.iter().zip(&inv.lines) {
            prop_assert_eq!(b.line_number, o.line_number, "{}", text);
            prop_assert_eq!(b.quantity, o.quantity, "{}", text);
            prop_assert_eq!(b.unit_price, o.unit_price, "{}", text);
            prop_assert_eq!(&b.unit_of_measure, &o.unit_of_measure, "{}", text);
            prop_assert_eq!(&b.supplier_part_id, &o.supplier_part_id, "{}", text);
            prop_assert_eq!(&b.buyer_part_id, &o.buyer_part_id, "{}", text);
            prop_assert_eq!(&b.description, &o.description.as_deref().and_then(as_x12_text), "{}", text);
        }
        prop_assert_eq!(back.charges.len(), inv.charges.len(), "{}", text);
        for (b, o) in back.charges.iter().zip(&inv.charges) {
            prop_assert_eq!(&b.indicator, &o.indicator, "{}", text);
            prop_assert_eq!(b.amount, o.amount, "{}", text);
        }
        let (again, _) = write(&back);
        prop_assert_eq!(again, text);
    }
}

/// Identifiers that may hold X12 delimiters (which cannot be written as they are).
fn risky_id() -> impl Strategy<Value = String> {
    "[A-Z0-9*~>^ -]{1,12}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// An identifier is never changed silently: the invoice, order and part numbers read back
    /// as they were, or the writer reports an error.
    #[test]
    fn an_810_never_changes_an_identifier_silently(
        inv in invoice(),
        number in risky_id(),
        order in risky_id(),
        supplier in risky_id(),
        buyer in risky_id(),
    ) {
        let mut inv = inv;
        inv.invoice_number = number;
        inv.order_number = Some(order);
        if let Some(l) = inv.lines.first_mut() {
            l.supplier_part_id = Some(supplier);
            l.buyer_part_id = Some(buyer);
        }
        let (text, write_issues) = write(&inv);
        if !errors(&write_issues).is_empty() {
            // Refused: then one of the identifiers cannot be written as it is.
            let bad = |s: &str| {
                let s = s.trim();
                s.is_empty() || s.chars().any(|c| "*~>^".contains(c) || c.is_control())
            };
            let ids = [
                Some(inv.invoice_number.as_str()),
                inv.order_number.as_deref(),
                inv.lines.first().and_then(|l| l.supplier_part_id.as_deref()),
                inv.lines.first().and_then(|l| l.buyer_part_id.as_deref()),
            ];
            prop_assert!(ids.into_iter().flatten().any(bad), "{write_issues:#?}\n{text}");
        } else {
            // Spaces around an identifier are left out (with a warning), as readers trim them.
            let trim = |s: &Option<String>| s.as_deref().map(str::trim).map(str::to_owned);
            let (back, _) = with_first(text.as_bytes(), read_810);
            prop_assert_eq!(back.invoice_number.as_str(), inv.invoice_number.trim(), "{}", text);
            prop_assert_eq!(&back.order_number, &trim(&inv.order_number), "{}", text);
            let (b, o) = (back.lines.first(), inv.lines.first());
            prop_assert_eq!(
                b.map(|l| l.supplier_part_id.clone()),
                o.map(|l| trim(&l.supplier_part_id)),
                "{}",
                text
            );
            prop_assert_eq!(
                b.map(|l| l.buyer_part_id.clone()),
                o.map(|l| trim(&l.buyer_part_id)),
                "{}",
                text
            );
        }
    }
}

fn write_response(r: &OrderResponse) -> (String, Vec<Issue>) {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_855(&mut w, r, None);
    (wrap("855", w), issues)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A response is written as an 855 without an error, reads back without one with its
    /// numbers, line statuses, quantities and part numbers, and writing it again gives the
    /// same interchange.
    #[test]
    fn an_855_reads_back_the_same_and_writes_again_identically(r in response(texts())) {
        let (text, write_issues) = write_response(&r);
        prop_assert!(errors(&write_issues).is_empty(), "{write_issues:#?}\n{text}");
        let (back, read_issues) = with_first(text.as_bytes(), read_855);
        prop_assert!(errors(&read_issues).is_empty(), "{read_issues:#?}\n{text}");
        prop_assert_eq!(&back.order_number, &r.order_number, "{}", text);
        prop_assert_eq!(&back.response_number, &r.response_number, "{}", text);
        prop_assert_eq!(back.response_date, r.response_date, "{}", text);
        same_response_lines(&back.lines, &r.lines, &text)?;
        for (b, o) in back.lines.iter().zip(&r.lines) {
            prop_assert_eq!(
                &b.description,
                &o.description.as_deref().and_then(as_x12_text),
                "{}",
                text
            );
        }
        let (again, _) = write_response(&back);
        prop_assert_eq!(again, text);
    }
}

fn write_notice(n: &ShipNotice) -> (String, Vec<Issue>) {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_856(&mut w, n);
    (wrap("856", w), issues)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A ship notice (one or two orders, packed on pallets or not) is written as an 856 without
    /// an error, reads back without one with its orders, lines, quantities, part numbers and
    /// SSCCs, and writing it again gives the same interchange.
    #[test]
    fn an_856_reads_back_the_same_and_writes_again_identically(n in notice(texts())) {
        let (text, write_issues) = write_notice(&n);
        prop_assert!(errors(&write_issues).is_empty(), "{write_issues:#?}\n{text}");
        let (back, read_issues) = with_first(text.as_bytes(), read_856);
        prop_assert!(errors(&read_issues).is_empty(), "{read_issues:#?}\n{text}");
        same_notice(&back, &n, &text)?;
        prop_assert_eq!(
            &back.carrier,
            &n.carrier.as_deref().and_then(|c| as_x12_text_max(c, 35)),
            "{}",
            text
        );
        for (b, o) in back.orders.iter().zip(&n.orders) {
            prop_assert_eq!(b.order_date, o.order_date, "{}", text);
            for (bl, ol) in b.lines.iter().zip(&o.lines) {
                prop_assert_eq!(
                    &bl.description,
                    &ol.description.as_deref().and_then(as_x12_text),
                    "{}",
                    text
                );
            }
        }
        let (again, _) = write_notice(&back);
        prop_assert_eq!(again, text);
    }
}

/// More backordered than ordered would leave a negative accepted rest: the 855 writer refuses
/// it, located at the response line, and never writes a negative quantity; a backordered line
/// confirming more than was ordered has nothing backordered.
#[test]
fn an_855_refuses_more_backordered_than_ordered() {
    let mut r = OrderResponse::new("PO-1", ResponseStatus::Backordered);
    r.order_date = NaiveDate::from_ymd_opt(2026, 1, 5);
    let mut fine = OrderResponseLine::new(1, ResponseStatus::Accepted);
    fine.ordered_quantity = Some(dec("1"));
    let mut over = OrderResponseLine::new(2, ResponseStatus::Backordered);
    over.ordered_quantity = Some(dec("1"));
    over.backordered_quantity = Some(dec("11"));
    let mut generous = OrderResponseLine::new(3, ResponseStatus::Backordered);
    generous.ordered_quantity = Some(dec("10"));
    generous.confirmed_quantity = Some(dec("12"));
    r.lines = vec![fine, over, generous];
    let (text, issues) = write_response(&r);
    let errs = errors(&issues);
    assert_eq!(errs.len(), 1, "{issues:#?}");
    assert_eq!(
        errs[0].location.path.as_deref(),
        Some("lines[1].backordered_quantity"),
        "{issues:#?}"
    );
    assert!(!text.contains("*-"), "{text}");
    assert!(text.contains("ACK*IA*12~"), "{text}");
    assert!(
        !text.contains("ACK*IB*0") && !text.contains("ACK*IB*-"),
        "{text}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// The split index of a positioned segment (separators found a word at a time, the last
    /// bytes as a padded word) gives the same elements, id and line-break flag as scanning the
    /// segment, for any bytes, any separator (NUL, a letter, a line break) and more separators
    /// than the index holds.
    #[test]
    fn positioned_segments_split_like_a_scan(
        raw in proptest::collection::vec(
            prop_oneof![
                4 => Just(b'*'),
                1 => Just(0u8),
                1 => Just(b'\r'),
                1 => Just(b'\n'),
                1 => Just(b'A'),
                8 => any::<u8>(),
            ],
            0..120,
        ),
        sep in prop_oneof![Just(b'*'), Just(0u8), Just(b'A'), Just(b'\n'), any::<u8>()],
    ) {
        let d = crate::x12::Delimiters { element: sep, ..crate::x12::Delimiters::DEFAULT };
        let seg = crate::x12::Segment::new(&raw, 7, d);
        let positioned = super::super::common::Seg::new(seg, 2, None);
        for n in 0..48 {
            prop_assert_eq!(positioned.element_bytes(n), seg.element_bytes(n), "element {}", n);
        }
        if positioned.max_element() != usize::MAX {
            prop_assert_eq!(positioned.max_element(), seg.element_count());
        }
        prop_assert_eq!(positioned.id(), seg.id());
        prop_assert_eq!(
            positioned.has_break(),
            raw.iter().any(|&b| b == b'\r' || b == b'\n')
        );
    }
}
