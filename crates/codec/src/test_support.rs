//! Helpers shared by the codec's unit tests: where the shared corpus is, and golden files.

use std::path::{Path, PathBuf};

/// `../shared/corpus/<sub>` beside the repository, or one level further up (a git worktree
/// under a sibling folder); the first path when neither exists (callers check and skip).
pub fn corpus_dir(sub: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../../../shared/corpus").join(sub);
    let further = manifest.join("../../../../shared/corpus").join(sub);
    if !beside.exists() && further.exists() {
        further
    } else {
        beside
    }
}

/// Compare `doc` with the golden file `dir/name`, or rewrite it under `UPDATE_EXPECT=1`.
pub fn golden(dir: &str, name: &str, doc: &[u8]) {
    let path = Path::new(dir).join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        std::fs::write(&path, doc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `UPDATE_EXPECT=1 cargo test -p codec` to create it",
            path.display()
        )
    });
    assert!(
        doc == expected,
        "{} is out of date; run `UPDATE_EXPECT=1 cargo test -p codec` to regenerate it\n\
         --- expected ---\n{}\n--- rendered ---\n{}",
        path.display(),
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(doc)
    );
}

/// Proptest strategies the round-trip properties of the writers share.
pub mod strategies {
    use chrono::NaiveDate;
    use model::{
        OrderResponse, OrderResponseLine, Package, PackageContent, ResponseStatus, ShipNotice,
        ShipNoticeLine, ShipNoticeOrder, UnitOfMeasure,
    };
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// What a syntax's identifiers and free texts are made of, and the unit its lines use.
    #[derive(Clone, Debug)]
    pub struct Texts {
        pub id: BoxedStrategy<String>,
        pub text: BoxedStrategy<String>,
        pub unit: &'static str,
    }

    /// A decimal of up to `digits` significant digits with up to `scale` of them after the
    /// point (zero included).
    pub fn decimal(digits: u32, scale: u32) -> impl Strategy<Value = Decimal> {
        (0..10i64.pow(digits), 0..=scale).prop_map(|(m, s)| Decimal::new(m, s))
    }

    /// [`decimal`] without zero.
    pub fn positive(digits: u32, scale: u32) -> impl Strategy<Value = Decimal> {
        (1..10i64.pow(digits), 0..=scale).prop_map(|(m, s)| Decimal::new(m, s))
    }

    /// A date in 2000–2039.
    pub fn date() -> impl Strategy<Value = NaiveDate> {
        (2000i32..2040, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
    }

    /// Numbers `1..=n` of a list, written into its items by `set`.
    pub fn renumber<T>(items: &mut [T], set: impl Fn(&mut T, u32)) {
        for (i, item) in items.iter_mut().enumerate() {
            set(item, u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }

    /// An SSCC (18 digits, GS1 check digit) from a serial.
    pub fn sscc(serial: u64) -> String {
        let body = format!("{:017}", serial % 100_000_000_000_000_000);
        let sum: u32 = body
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
            .sum();
        format!("{body}{}", (10 - sum % 10) % 10)
    }

    prop_compose! {
        /// A response line of any status but pending, its quantities consistent with it.
        pub fn response_line(t: Texts)(
            status in prop_oneof![
                Just(ResponseStatus::Accepted),
                Just(ResponseStatus::Changed),
                Just(ResponseStatus::Rejected),
                Just(ResponseStatus::Backordered),
            ],
            ordered in positive(6, 2),
            other in positive(6, 2),
            price in decimal(6, 4),
            supplier in proptest::option::of(t.id.clone()),
            buyer in proptest::option::of(t.id.clone()),
            description in proptest::option::of(t.text.clone()),
            delivery in proptest::option::of(date()),
        ) -> OrderResponseLine {
            let mut l = OrderResponseLine::new(1, status.clone());
            l.ordered_quantity = Some(ordered);
            match status {
                ResponseStatus::Accepted => l.confirmed_quantity = Some(ordered),
                ResponseStatus::Changed => l.confirmed_quantity = Some(other),
                ResponseStatus::Backordered => {
                    // Part or all of the ordered quantity, and the accepted rest (as the X12
                    // writer derives it when it is not given).
                    let backordered = other.min(ordered);
                    l.backordered_quantity = Some(backordered);
                    l.confirmed_quantity = (backordered < ordered).then(|| ordered - backordered);
                }
                _ => {}
            }
            l.unit_of_measure = UnitOfMeasure::parse(t.unit).ok();
            l.unit_price = Some(price);
            l.supplier_part_id = supplier;
            l.buyer_part_id = buyer;
            l.description = description;
            l.delivery_date = delivery;
            l
        }
    }

    prop_compose! {
        /// A response to order `order` with one to four lines and notes.
        pub fn response(t: Texts)(
            order in t.id.clone(),
            number in proptest::option::of(t.id.clone()),
            response_date in date(),
            order_date in date(),
            mut lines in proptest::collection::vec(response_line(t.clone()), 1..5),
            comments in proptest::collection::vec(t.text.clone(), 0..3),
        ) -> OrderResponse {
            let mut r = OrderResponse::new(order, ResponseStatus::Changed);
            r.response_number = number;
            r.response_date = Some(response_date);
            r.order_date = Some(order_date);
            renumber(&mut lines, |l, n| l.line_number = n);
            r.lines = lines;
            r.comments = comments;
            r
        }
    }

    prop_compose! {
        /// A notice line.
        pub fn notice_line(t: Texts)(
            quantity in positive(5, 2),
            supplier in proptest::option::of(t.id.clone()),
            buyer in proptest::option::of(t.id.clone()),
            description in proptest::option::of(t.text.clone()),
        ) -> ShipNoticeLine {
            ShipNoticeLine {
                line_number: 1,
                quantity,
                unit_of_measure: UnitOfMeasure::parse(t.unit).ok(),
                supplier_part_id: supplier,
                buyer_part_id: buyer,
                description,
                ..ShipNoticeLine::default()
            }
        }
    }

    prop_compose! {
        /// An order of a notice with one to three lines.
        pub fn notice_order(t: Texts)(
            number in t.id.clone(),
            order_date in proptest::option::of(date()),
            mut lines in proptest::collection::vec(notice_line(t.clone()), 1..4),
        ) -> ShipNoticeOrder {
            renumber(&mut lines, |l, n| l.line_number = n);
            ShipNoticeOrder { order_number: number, order_date, lines }
        }
    }

    prop_compose! {
        /// A ship notice of one or two orders (distinct numbers), on one pallet per order or not
        /// packed.
        pub fn notice(t: Texts)(
            shipment in t.id.clone(),
            ship_date in date(),
            carrier in proptest::option::of(t.text.clone()),
            tracking in proptest::option::of(t.id.clone()),
            orders in proptest::collection::vec(notice_order(t.clone()), 1..3),
            packed in any::<bool>(),
            serial in any::<u64>(),
        ) -> ShipNotice {
            let mut n = ShipNotice::new(shipment);
            n.notice_date = Some(ship_date);
            n.ship_date = Some(ship_date);
            n.carrier = carrier;
            n.tracking_number = tracking;
            // Order numbers are distinct (a second order with the same number is another order).
            let mut seen = std::collections::BTreeSet::new();
            n.orders = orders
                .into_iter()
                .filter(|o| seen.insert(o.order_number.clone()))
                .collect();
            if packed {
                // One pallet per order holding all of its lines.
                n.packages = n
                    .orders
                    .iter()
                    .enumerate()
                    .map(|(k, o)| Package {
                        sscc: Some(sscc(serial.wrapping_add(k as u64))),
                        contents: o
                            .lines
                            .iter()
                            .map(|l| PackageContent {
                                order_number: Some(o.order_number.clone()),
                                line_number: l.line_number,
                                quantity: l.quantity,
                                unit_of_measure: l.unit_of_measure.clone(),
                            })
                            .collect(),
                        ..Package::default()
                    })
                    .collect();
            }
            n
        }
    }

    /// Response lines read back (`back`) against those written (`sent`): numbers, statuses,
    /// quantities, prices, part numbers and delivery dates. `shown` is the written document.
    pub fn same_response_lines(
        back: &[OrderResponseLine],
        sent: &[OrderResponseLine],
        shown: &str,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(back.len(), sent.len(), "{}", shown);
        for (b, o) in back.iter().zip(sent) {
            prop_assert_eq!(b.line_number, o.line_number, "{}", shown);
            prop_assert_eq!(&b.status, &o.status, "{}", shown);
            prop_assert_eq!(b.ordered_quantity, o.ordered_quantity, "{}", shown);
            prop_assert_eq!(b.confirmed_quantity, o.confirmed_quantity, "{}", shown);
            prop_assert_eq!(b.backordered_quantity, o.backordered_quantity, "{}", shown);
            prop_assert_eq!(b.unit_price, o.unit_price, "{}", shown);
            prop_assert_eq!(&b.supplier_part_id, &o.supplier_part_id, "{}", shown);
            prop_assert_eq!(&b.buyer_part_id, &o.buyer_part_id, "{}", shown);
            prop_assert_eq!(b.delivery_date, o.delivery_date, "{}", shown);
        }
        Ok(())
    }

    /// A ship notice read back (`back`) against the one written (`sent`): shipment id, ship
    /// date, tracking number, orders and their lines (numbers, quantities, part numbers) and
    /// the SSCCs. `shown` is the written document.
    pub fn same_notice(
        back: &ShipNotice,
        sent: &ShipNotice,
        shown: &str,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(&back.shipment_id, &sent.shipment_id, "{}", shown);
        prop_assert_eq!(back.ship_date, sent.ship_date, "{}", shown);
        prop_assert_eq!(&back.tracking_number, &sent.tracking_number, "{}", shown);
        prop_assert_eq!(back.orders.len(), sent.orders.len(), "{}", shown);
        for (b, o) in back.orders.iter().zip(&sent.orders) {
            prop_assert_eq!(&b.order_number, &o.order_number, "{}", shown);
            prop_assert_eq!(b.lines.len(), o.lines.len(), "{}", shown);
            for (bl, ol) in b.lines.iter().zip(&o.lines) {
                prop_assert_eq!(bl.line_number, ol.line_number, "{}", shown);
                prop_assert_eq!(bl.quantity, ol.quantity, "{}", shown);
                prop_assert_eq!(&bl.supplier_part_id, &ol.supplier_part_id, "{}", shown);
                prop_assert_eq!(&bl.buyer_part_id, &ol.buyer_part_id, "{}", shown);
            }
        }
        let ssccs = |n: &ShipNotice| {
            n.packages
                .iter()
                .map(|p| p.sscc.clone())
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(ssccs(back), ssccs(sent), "{}", shown);
        Ok(())
    }
}
