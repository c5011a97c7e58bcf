//! Test helpers: fully populated and minimal sample documents, and a small
//! deterministic generator of random documents (no external crates).

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use rust_decimal::Decimal;

use crate::*;

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

pub fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn uom(s: &str) -> UnitOfMeasure {
    UnitOfMeasure::parse(s).unwrap()
}

pub fn eur() -> CurrencyCode {
    CurrencyCode::parse("EUR").unwrap()
}

pub fn party(name: &str) -> Party {
    Party {
        name: Some(name.into()),
        identifiers: vec![Identifier::new("DUNS", "123456789")],
        address_lines: vec!["Main Street 1".into(), "Building B".into()],
        city: Some("Springfield".into()),
        region: Some("IL".into()),
        postal_code: Some("62701".into()),
        country: Some("US".into()),
        contacts: vec![Contact {
            name: Some("Pat Doe".into()),
            role: Some("purchasing".into()),
            email: Some("pat@example.com".into()),
            phone: Some("+1 555 0100".into()),
        }],
    }
}

pub fn extrinsics() -> Extrinsics {
    Extrinsics::from([
        ("cost_center".to_owned(), "4711".to_owned()),
        ("project".to_owned(), "Apollo".to_owned()),
    ])
}

pub fn full_charge() -> Charge {
    Charge {
        indicator: ChargeIndicator::Allowance,
        code: Some("volume_discount".into()),
        description: Some("5% off".into()),
        amount: Some(dec("2.50")),
        percent: Some(dec("5")),
    }
}

pub fn full_tax() -> Tax {
    Tax {
        category: Some(TaxCategory::Vat),
        rate: Some(dec("19")),
        taxable_amount: Some(dec("100.00")),
        amount: Some(dec("19.00")),
        description: Some("VAT 19%".into()),
        jurisdiction: Some("DE".into()),
    }
}

pub fn full_terms() -> PaymentTerms {
    PaymentTerms {
        net_days: Some(30),
        discount_percent: Some(dec("2")),
        discount_days: Some(10),
        due_date: Some(date("2024-04-30")),
        description: Some("2% 10, net 30".into()),
    }
}

pub fn full_order_line(n: u32) -> OrderLine {
    OrderLine {
        line_number: n,
        quantity: dec("3"),
        unit_of_measure: Some(uom("EA")),
        unit_price: Some(dec("12.50")),
        description: Some("Widget".into()),
        supplier_part_id: Some("W-1".into()),
        supplier_part_aux_id: Some("blue".into()),
        buyer_part_id: Some("B-1".into()),
        gtin: Some(Gtin::parse("4006381333931").unwrap()),
        manufacturer_part_id: Some("M-1".into()),
        manufacturer_name: Some("Widgets Inc".into()),
        classification: vec![Classification::new("UNSPSC", "44121708")],
        requested_delivery_date: Some(date("2024-04-01")),
        ship_to: Some(Box::new(party("Dock 7"))),
        charges: vec![full_charge()],
        taxes: vec![full_tax()],
        comments: vec!["fragile".into()],
        extrinsics: extrinsics(),
    }
}

pub fn full_purchase_order() -> PurchaseOrder {
    PurchaseOrder {
        doc_type: PurchaseOrderTag,
        order_number: "PO-1".into(),
        purpose: OrderPurpose::New,
        order_date: Some(date("2024-03-14")),
        issued_at: Some(ts("2024-03-14T09:41:07+01:00")),
        currency: Some(eur()),
        buyer: Some(party("Buyer")),
        seller: Some(party("Seller")),
        ship_to: Some(party("Ship to")),
        bill_to: Some(party("Bill to")),
        payment_terms: Some(full_terms()),
        lines: vec![full_order_line(1), full_order_line(2)],
        charges: vec![Charge::surcharge(dec("4.00"))],
        taxes: vec![full_tax()],
        shipping: Some(Shipping {
            method: Some("ground".into()),
            carrier: Some("UPS".into()),
            amount: Some(dec("9.95")),
            description: Some("standard".into()),
            incoterms: Some("DAP".into()),
        }),
        totals: Some(Totals {
            subtotal: Some(dec("75.00")),
            tax: Some(dec("14.25")),
            shipping: Some(dec("9.95")),
            total: Some(dec("99.20")),
        }),
        references: vec![Reference {
            kind: ReferenceKind::Contract,
            value: "C-9".into(),
            date: Some(date("2023-01-01")),
        }],
        comments: vec!["deliver before noon".into()],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_purchase_order() -> PurchaseOrder {
    PurchaseOrder {
        lines: vec![OrderLine::new(1, dec("1"))],
        ..PurchaseOrder::new("PO-MIN")
    }
}

pub fn full_order_change() -> OrderChange {
    OrderChange {
        doc_type: OrderChangeTag,
        order_number: "PO-1".into(),
        change_sequence: Some(2),
        purpose: OrderPurpose::Change,
        order_date: Some(date("2024-03-14")),
        change_date: Some(date("2024-03-15")),
        issued_at: Some(ts("2024-03-15T10:00:00-05:00")),
        currency: Some(eur()),
        buyer: Some(party("Buyer")),
        seller: Some(party("Seller")),
        ship_to: Some(party("Ship to")),
        bill_to: Some(party("Bill to")),
        payment_terms: Some(full_terms()),
        lines: vec![
            OrderChangeLine {
                change: LineChangeKind::Changed,
                line: full_order_line(1),
            },
            OrderChangeLine {
                change: LineChangeKind::Cancelled,
                line: OrderLine::new(2, dec("0")),
            },
            OrderChangeLine {
                change: LineChangeKind::Added,
                line: full_order_line(3),
            },
        ],
        charges: vec![full_charge()],
        taxes: vec![full_tax()],
        shipping: Some(Shipping::default()),
        totals: Some(Totals::default()),
        references: vec![Reference::new(ReferenceKind::Quote, "Q-1")],
        comments: vec!["customer request".into()],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_order_change() -> OrderChange {
    OrderChange::new("PO-MIN")
}

pub fn full_order_response() -> OrderResponse {
    OrderResponse {
        doc_type: OrderResponseTag,
        order_number: "PO-1".into(),
        status: ResponseStatus::Changed,
        response_number: Some("SO-77".into()),
        response_date: Some(date("2024-03-15")),
        order_date: Some(date("2024-03-14")),
        issued_at: Some(ts("2024-03-15T08:00:00Z")),
        currency: Some(eur()),
        buyer: Some(party("Buyer")),
        seller: Some(party("Seller")),
        reason: Some("partial stock".into()),
        lines: vec![
            OrderResponseLine {
                line_number: 1,
                status: ResponseStatus::Backordered,
                ordered_quantity: Some(dec("10")),
                confirmed_quantity: Some(dec("6")),
                backordered_quantity: Some(dec("4")),
                unit_of_measure: Some(uom("EA")),
                unit_price: Some(dec("1.10")),
                requested_delivery_date: Some(date("2024-03-20")),
                delivery_date: Some(date("2024-03-22")),
                ship_date: Some(date("2024-03-21")),
                reason: Some("stock".into()),
                supplier_part_id: Some("W-1".into()),
                buyer_part_id: Some("B-1".into()),
                description: Some("Widget".into()),
                comments: vec!["rest in April".into()],
            },
            OrderResponseLine::new(2, ResponseStatus::Accepted),
        ],
        totals: Some(Totals {
            total: Some(dec("6.60")),
            ..Totals::default()
        }),
        references: vec![Reference::new(ReferenceKind::PurchaseOrder, "PO-1")],
        comments: vec!["thanks".into()],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_order_response() -> OrderResponse {
    OrderResponse::new("PO-MIN", ResponseStatus::Accepted)
}

pub fn full_ship_notice() -> ShipNotice {
    ShipNotice {
        doc_type: ShipNoticeTag,
        shipment_id: "SHP-1".into(),
        purpose: OrderPurpose::New,
        notice_date: Some(date("2024-03-21")),
        issued_at: Some(ts("2024-03-21T16:30:00+02:00")),
        ship_date: Some(date("2024-03-21")),
        expected_delivery_date: Some(date("2024-03-23")),
        carrier: Some("UPS".into()),
        carrier_code: Some("UPSN".into()),
        service_level: Some("ground".into()),
        tracking_number: Some("1Z999".into()),
        bill_of_lading: Some("BOL-5".into()),
        ship_from: Some(party("Warehouse")),
        ship_to: Some(party("Dock")),
        buyer: Some(party("Buyer")),
        seller: Some(party("Seller")),
        total_weight: Some(Measure {
            value: dec("12.5"),
            unit: uom("KGM"),
        }),
        packages: vec![Package {
            sscc: Some("003456789012345678".into()),
            package_type: Some("carton".into()),
            tracking_number: Some("1Z999-1".into()),
            weight: Some(Measure {
                value: dec("12.5"),
                unit: uom("KGM"),
            }),
            dimensions: Some(Dimensions {
                length: dec("40"),
                width: dec("30"),
                height: dec("20.5"),
                unit: uom("CMT"),
            }),
            contents: vec![PackageContent {
                order_number: Some("PO-1".into()),
                line_number: 1,
                quantity: dec("6"),
                unit_of_measure: Some(uom("EA")),
            }],
        }],
        orders: vec![ShipNoticeOrder {
            order_number: "PO-1".into(),
            order_date: Some(date("2024-03-14")),
            lines: vec![ShipNoticeLine {
                line_number: 1,
                quantity: dec("6"),
                unit_of_measure: Some(uom("EA")),
                ordered_quantity: Some(dec("10")),
                supplier_part_id: Some("W-1".into()),
                supplier_part_aux_id: Some("blue".into()),
                buyer_part_id: Some("B-1".into()),
                gtin: Some(Gtin::parse("4006381333931").unwrap()),
                description: Some("Widget".into()),
                batch_number: Some("LOT-42".into()),
                serial_numbers: vec!["SN1".into(), "SN2".into()],
            }],
        }],
        references: vec![Reference::new(ReferenceKind::DeliveryNote, "DN-1")],
        comments: vec!["handle with care".into()],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_ship_notice() -> ShipNotice {
    ShipNotice {
        orders: vec![ShipNoticeOrder {
            order_number: "PO-MIN".into(),
            order_date: None,
            lines: vec![ShipNoticeLine {
                line_number: 1,
                quantity: dec("1"),
                ..ShipNoticeLine::default()
            }],
        }],
        ..ShipNotice::new("SHP-MIN")
    }
}

pub fn full_invoice() -> Invoice {
    Invoice {
        doc_type: InvoiceTag,
        invoice_number: "INV-1".into(),
        purpose: InvoicePurpose::Invoice,
        invoice_date: Some(date("2024-03-25")),
        issued_at: Some(ts("2024-03-25T12:00:00+00:00")),
        order_number: Some("PO-1".into()),
        order_date: Some(date("2024-03-14")),
        currency: Some(eur()),
        seller: Some(party("Seller")),
        buyer: Some(party("Buyer")),
        remit_to: Some(party("Bank")),
        ship_to: Some(party("Dock")),
        bill_to: Some(party("AP")),
        payment_terms: Some(full_terms()),
        lines: vec![InvoiceLine {
            line_number: 1,
            order_line_number: Some(1),
            quantity: dec("6"),
            unit_of_measure: Some(uom("EA")),
            unit_price: Some(dec("1.10")),
            amount: Some(dec("6.60")),
            description: Some("Widget".into()),
            supplier_part_id: Some("W-1".into()),
            supplier_part_aux_id: Some("blue".into()),
            buyer_part_id: Some("B-1".into()),
            gtin: Some(Gtin::parse("4006381333931").unwrap()),
            manufacturer_part_id: Some("M-1".into()),
            manufacturer_name: Some("Widgets Inc".into()),
            charges: vec![full_charge()],
            taxes: vec![full_tax()],
            comments: vec!["line note".into()],
        }],
        charges: vec![Charge::surcharge(dec("1.00"))],
        taxes: vec![full_tax()],
        shipping: Some(Shipping {
            amount: Some(dec("4.95")),
            ..Shipping::default()
        }),
        totals: Some(InvoiceTotals {
            subtotal: Some(dec("6.60")),
            allowances: Some(dec("0.00")),
            charges: Some(dec("1.00")),
            tax: Some(dec("1.25")),
            shipping: Some(dec("4.95")),
            total: Some(dec("13.80")),
            amount_due: Some(dec("13.80")),
        }),
        references: vec![Reference::new(ReferenceKind::DeliveryNote, "DN-1")],
        comments: vec!["thank you".into()],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_invoice() -> Invoice {
    Invoice {
        lines: vec![InvoiceLine::new(1, dec("1"))],
        ..Invoice::new("INV-MIN")
    }
}

pub fn full_catalog() -> Catalog {
    Catalog {
        doc_type: CatalogTag,
        catalog_id: "CAT-1".into(),
        name: Some("Spring catalog".into()),
        description: Some("All widgets".into()),
        version: Some("7".into()),
        issued_at: Some(ts("2024-03-01T00:00:00+01:00")),
        valid_from: Some(date("2024-03-01")),
        valid_to: Some(date("2024-05-31")),
        currency: Some(eur()),
        supplier: Some(party("Seller")),
        buyer: Some(party("Buyer")),
        items: vec![CatalogItem {
            supplier_part_id: "W-1".into(),
            supplier_part_aux_id: Some("blue".into()),
            gtin: Some(Gtin::parse("4006381333931").unwrap()),
            manufacturer_part_id: Some("M-1".into()),
            manufacturer_name: Some("Widgets Inc".into()),
            description: Some("Widget".into()),
            long_description: Some("A very fine widget".into()),
            unit_of_measure: Some(uom("EA")),
            prices: vec![
                Price::new(dec("1.10")),
                Price {
                    unit_price: dec("0.95"),
                    price_list_id: Some("VOLUME".into()),
                    currency: Some(eur()),
                    min_quantity: Some(dec("100")),
                    valid_from: Some(date("2024-03-01")),
                    valid_to: Some(date("2024-04-30")),
                },
            ],
            lead_time_days: Some(5),
            classification: vec![Classification::new("UNSPSC", "44121708")],
            url: Some("https://example.com/w-1".into()),
            image_urls: vec!["https://example.com/w-1.png".into()],
            category_path: vec!["Office".into(), "Widgets".into()],
            min_order_quantity: Some(dec("10")),
            order_increment: Some(dec("5")),
            extrinsics: extrinsics(),
        }],
    }
}

pub fn minimal_catalog() -> Catalog {
    Catalog::new("CAT-MIN")
}

pub fn full_inventory_report() -> InventoryReport {
    InventoryReport {
        doc_type: InventoryReportTag,
        report_id: "INV-RPT-1".into(),
        report_date: Some(date("2024-03-14")),
        issued_at: Some(ts("2024-03-14T06:00:00+01:00")),
        supplier: Some(party("Seller")),
        buyer: Some(party("Buyer")),
        items: vec![InventoryItem {
            sku: "W-1".into(),
            buyer_part_id: Some("B-1".into()),
            gtin: Some(Gtin::parse("4006381333931").unwrap()),
            description: Some("Widget".into()),
            location: Some("HAM-1".into()),
            on_hand: Some(dec("120")),
            reserved: Some(dec("20")),
            available: Some(dec("100")),
            unit_of_measure: Some(uom("EA")),
            next_available_date: Some(date("2024-04-02")),
            next_available_quantity: Some(dec("500")),
        }],
    }
}

pub fn minimal_inventory_report() -> InventoryReport {
    InventoryReport {
        items: vec![InventoryItem {
            sku: "W-1".into(),
            ..InventoryItem::default()
        }],
        ..InventoryReport::new("INV-RPT-MIN")
    }
}

pub fn full_punchout_cart() -> PunchoutCart {
    PunchoutCart {
        doc_type: PunchoutCartTag,
        buyer_cookie: "c0ffee".into(),
        currency: Some(eur()),
        total: Some(dec("3.30")),
        items: vec![CartItem {
            quantity: dec("3"),
            supplier_part_id: Some("W-1".into()),
            supplier_part_aux_id: Some("blue".into()),
            unit_price: Some(dec("1.10")),
            description: Some("Widget".into()),
            unit_of_measure: Some(uom("EA")),
            classification: vec![Classification::new("UNSPSC", "44121708")],
            manufacturer_part_id: Some("M-1".into()),
            manufacturer_name: Some("Widgets Inc".into()),
            lead_time_days: Some(2),
            extrinsics: extrinsics(),
        }],
        extrinsics: extrinsics(),
    }
}

pub fn minimal_punchout_cart() -> PunchoutCart {
    PunchoutCart::new("c0ffee")
}

/// One fully populated and one minimal document of every type.
pub fn samples() -> Vec<(&'static str, Document)> {
    vec![
        ("full purchase_order", full_purchase_order().into()),
        ("minimal purchase_order", minimal_purchase_order().into()),
        ("full order_change", full_order_change().into()),
        ("minimal order_change", minimal_order_change().into()),
        ("full order_response", full_order_response().into()),
        ("minimal order_response", minimal_order_response().into()),
        ("full ship_notice", full_ship_notice().into()),
        ("minimal ship_notice", minimal_ship_notice().into()),
        ("full invoice", full_invoice().into()),
        ("minimal invoice", minimal_invoice().into()),
        ("full catalog", full_catalog().into()),
        ("minimal catalog", minimal_catalog().into()),
        ("full inventory_report", full_inventory_report().into()),
        (
            "minimal inventory_report",
            minimal_inventory_report().into(),
        ),
        ("full punchout_cart", full_punchout_cart().into()),
        ("minimal punchout_cart", minimal_punchout_cart().into()),
    ]
}

/// Deterministic xorshift64* generator of random field values.
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn chance(&mut self) -> bool {
        self.below(2) == 0
    }

    pub fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.chance() {
            Some(f(self))
        } else {
            None
        }
    }

    pub fn vec<T>(&mut self, max: u64, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.below(max + 1);
        (0..n).map(|_| f(self)).collect()
    }

    pub fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", " ", "-", "\"", "\\", "\n", "\t", "ß", "€", "日本", "😀", "<b>", "&",
            "\u{0}",
        ];
        let n = self.below(8);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }

    pub fn decimal(&mut self) -> Decimal {
        let mantissa = (self.next() % 10_000_000_000_000) as i64;
        let mantissa = if self.below(4) == 0 {
            -mantissa
        } else {
            mantissa
        };
        let scale = self.below(7) as u32;
        Decimal::new(mantissa, scale)
    }

    pub fn date(&mut self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(700_000 + self.below(60_000) as i32).unwrap()
    }

    pub fn timestamp(&mut self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt((self.below(105) as i32 - 48) * 15 * 60).unwrap();
        let secs = 1_000_000_000 + self.below(1_000_000_000) as i64;
        let nanos = if self.chance() {
            0
        } else {
            self.below(1_000_000_000) as u32
        };
        offset.timestamp_opt(secs, nanos).unwrap()
    }

    pub fn uom(&mut self) -> UnitOfMeasure {
        const CODES: &[&str] = &["EA", "PCE", "C62", "KGM", "MTR", "LTR", "X", "H87"];
        uom(CODES[self.below(CODES.len() as u64) as usize])
    }

    pub fn currency(&mut self) -> CurrencyCode {
        const CODES: &[&str] = &["EUR", "USD", "CHF", "JPY"];
        CurrencyCode::parse(CODES[self.below(CODES.len() as u64) as usize]).unwrap()
    }

    pub fn gtin(&mut self) -> Gtin {
        let len = [8, 12, 13, 14][self.below(4) as usize];
        let digits: String = (0..len)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect();
        Gtin::parse(&digits).unwrap()
    }

    pub fn map(&mut self) -> Extrinsics {
        self.vec(3, |g| (g.string(), g.string()))
            .into_iter()
            .collect()
    }

    pub fn party(&mut self) -> Party {
        Party {
            name: self.opt(Self::string),
            identifiers: self.vec(2, |g| Identifier::new(g.string(), g.string())),
            address_lines: self.vec(2, Self::string),
            city: self.opt(Self::string),
            region: self.opt(Self::string),
            postal_code: self.opt(Self::string),
            country: self.opt(Self::string),
            contacts: self.vec(2, |g| Contact {
                name: g.opt(Self::string),
                role: g.opt(Self::string),
                email: g.opt(Self::string),
                phone: g.opt(Self::string),
            }),
        }
    }

    fn open_code<T: From<&'static str>>(&mut self, known: &'static [&'static str]) -> T {
        let i = self.below(known.len() as u64 + 1) as usize;
        T::from(known.get(i).copied().unwrap_or("x_partner_specific"))
    }

    pub fn charge(&mut self) -> Charge {
        Charge {
            indicator: if self.chance() {
                ChargeIndicator::Allowance
            } else {
                ChargeIndicator::Charge
            },
            code: self.opt(Self::string),
            description: self.opt(Self::string),
            amount: self.opt(Self::decimal),
            percent: self.opt(Self::decimal),
        }
    }

    pub fn tax(&mut self) -> Tax {
        Tax {
            category: self.opt(|g| g.open_code(TaxCategory::KNOWN)),
            rate: self.opt(Self::decimal),
            taxable_amount: self.opt(Self::decimal),
            amount: self.opt(Self::decimal),
            description: self.opt(Self::string),
            jurisdiction: self.opt(Self::string),
        }
    }

    pub fn reference(&mut self) -> Reference {
        Reference {
            kind: self.open_code(ReferenceKind::KNOWN),
            value: self.string(),
            date: self.opt(Self::date),
        }
    }

    pub fn totals(&mut self) -> Totals {
        Totals {
            subtotal: self.opt(Self::decimal),
            tax: self.opt(Self::decimal),
            shipping: self.opt(Self::decimal),
            total: self.opt(Self::decimal),
        }
    }

    pub fn shipping(&mut self) -> Shipping {
        Shipping {
            method: self.opt(Self::string),
            carrier: self.opt(Self::string),
            amount: self.opt(Self::decimal),
            description: self.opt(Self::string),
            incoterms: self.opt(Self::string),
        }
    }

    pub fn terms(&mut self) -> PaymentTerms {
        PaymentTerms {
            net_days: self.opt(|g| g.below(120) as u32),
            discount_percent: self.opt(Self::decimal),
            discount_days: self.opt(|g| g.below(30) as u32),
            due_date: self.opt(Self::date),
            description: self.opt(Self::string),
        }
    }

    pub fn classification(&mut self) -> Classification {
        Classification::new(self.string(), self.string())
    }

    pub fn order_line(&mut self) -> OrderLine {
        OrderLine {
            line_number: self.below(1000) as u32,
            quantity: self.decimal(),
            unit_of_measure: self.opt(Self::uom),
            unit_price: self.opt(Self::decimal),
            description: self.opt(Self::string),
            supplier_part_id: self.opt(Self::string),
            supplier_part_aux_id: self.opt(Self::string),
            buyer_part_id: self.opt(Self::string),
            gtin: self.opt(Self::gtin),
            manufacturer_part_id: self.opt(Self::string),
            manufacturer_name: self.opt(Self::string),
            classification: self.vec(2, Self::classification),
            requested_delivery_date: self.opt(Self::date),
            ship_to: self.opt(Self::party).map(Box::new),
            charges: self.vec(2, Self::charge),
            taxes: self.vec(2, Self::tax),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn purchase_order(&mut self) -> PurchaseOrder {
        PurchaseOrder {
            doc_type: PurchaseOrderTag,
            order_number: self.string(),
            purpose: self.open_code(OrderPurpose::KNOWN),
            order_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            currency: self.opt(Self::currency),
            buyer: self.opt(Self::party),
            seller: self.opt(Self::party),
            ship_to: self.opt(Self::party),
            bill_to: self.opt(Self::party),
            payment_terms: self.opt(Self::terms),
            lines: self.vec(4, Self::order_line),
            charges: self.vec(2, Self::charge),
            taxes: self.vec(2, Self::tax),
            shipping: self.opt(Self::shipping),
            totals: self.opt(Self::totals),
            references: self.vec(2, Self::reference),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn order_change(&mut self) -> OrderChange {
        const KINDS: [LineChangeKind; 4] = [
            LineChangeKind::Added,
            LineChangeKind::Changed,
            LineChangeKind::Cancelled,
            LineChangeKind::Unchanged,
        ];
        OrderChange {
            doc_type: OrderChangeTag,
            order_number: self.string(),
            change_sequence: self.opt(|g| g.below(100) as u32),
            purpose: self.open_code(OrderPurpose::KNOWN),
            order_date: self.opt(Self::date),
            change_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            currency: self.opt(Self::currency),
            buyer: self.opt(Self::party),
            seller: self.opt(Self::party),
            ship_to: self.opt(Self::party),
            bill_to: self.opt(Self::party),
            payment_terms: self.opt(Self::terms),
            lines: self.vec(3, |g| OrderChangeLine {
                change: KINDS[g.below(4) as usize],
                line: g.order_line(),
            }),
            charges: self.vec(2, Self::charge),
            taxes: self.vec(2, Self::tax),
            shipping: self.opt(Self::shipping),
            totals: self.opt(Self::totals),
            references: self.vec(2, Self::reference),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn order_response(&mut self) -> OrderResponse {
        OrderResponse {
            doc_type: OrderResponseTag,
            order_number: self.string(),
            status: self.open_code(ResponseStatus::KNOWN),
            response_number: self.opt(Self::string),
            response_date: self.opt(Self::date),
            order_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            currency: self.opt(Self::currency),
            buyer: self.opt(Self::party),
            seller: self.opt(Self::party),
            reason: self.opt(Self::string),
            lines: self.vec(3, |g| OrderResponseLine {
                line_number: g.below(100) as u32,
                status: g.open_code(ResponseStatus::KNOWN),
                ordered_quantity: g.opt(Self::decimal),
                confirmed_quantity: g.opt(Self::decimal),
                backordered_quantity: g.opt(Self::decimal),
                unit_of_measure: g.opt(Self::uom),
                unit_price: g.opt(Self::decimal),
                requested_delivery_date: g.opt(Self::date),
                delivery_date: g.opt(Self::date),
                ship_date: g.opt(Self::date),
                reason: g.opt(Self::string),
                supplier_part_id: g.opt(Self::string),
                buyer_part_id: g.opt(Self::string),
                description: g.opt(Self::string),
                comments: g.vec(2, Self::string),
            }),
            totals: self.opt(Self::totals),
            references: self.vec(2, Self::reference),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn measure(&mut self) -> Measure {
        Measure {
            value: self.decimal(),
            unit: self.uom(),
        }
    }

    pub fn ship_notice(&mut self) -> ShipNotice {
        ShipNotice {
            doc_type: ShipNoticeTag,
            shipment_id: self.string(),
            purpose: self.open_code(OrderPurpose::KNOWN),
            notice_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            ship_date: self.opt(Self::date),
            expected_delivery_date: self.opt(Self::date),
            carrier: self.opt(Self::string),
            carrier_code: self.opt(Self::string),
            service_level: self.opt(Self::string),
            tracking_number: self.opt(Self::string),
            bill_of_lading: self.opt(Self::string),
            ship_from: self.opt(Self::party),
            ship_to: self.opt(Self::party),
            buyer: self.opt(Self::party),
            seller: self.opt(Self::party),
            total_weight: self.opt(Self::measure),
            packages: self.vec(2, |g| Package {
                sscc: g.opt(Self::string),
                package_type: g.opt(Self::string),
                tracking_number: g.opt(Self::string),
                weight: g.opt(Self::measure),
                dimensions: g.opt(|g| Dimensions {
                    length: g.decimal(),
                    width: g.decimal(),
                    height: g.decimal(),
                    unit: g.uom(),
                }),
                contents: g.vec(2, |g| PackageContent {
                    order_number: g.opt(Self::string),
                    line_number: g.below(100) as u32,
                    quantity: g.decimal(),
                    unit_of_measure: g.opt(Self::uom),
                }),
            }),
            orders: self.vec(2, |g| ShipNoticeOrder {
                order_number: g.string(),
                order_date: g.opt(Self::date),
                lines: g.vec(2, |g| ShipNoticeLine {
                    line_number: g.below(100) as u32,
                    quantity: g.decimal(),
                    unit_of_measure: g.opt(Self::uom),
                    ordered_quantity: g.opt(Self::decimal),
                    supplier_part_id: g.opt(Self::string),
                    supplier_part_aux_id: g.opt(Self::string),
                    buyer_part_id: g.opt(Self::string),
                    gtin: g.opt(Self::gtin),
                    description: g.opt(Self::string),
                    batch_number: g.opt(Self::string),
                    serial_numbers: g.vec(2, Self::string),
                }),
            }),
            references: self.vec(2, Self::reference),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn invoice(&mut self) -> Invoice {
        Invoice {
            doc_type: InvoiceTag,
            invoice_number: self.string(),
            purpose: self.open_code(InvoicePurpose::KNOWN),
            invoice_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            order_number: self.opt(Self::string),
            order_date: self.opt(Self::date),
            currency: self.opt(Self::currency),
            seller: self.opt(Self::party),
            buyer: self.opt(Self::party),
            remit_to: self.opt(Self::party),
            ship_to: self.opt(Self::party),
            bill_to: self.opt(Self::party),
            payment_terms: self.opt(Self::terms),
            lines: self.vec(3, |g| InvoiceLine {
                line_number: g.below(100) as u32,
                order_line_number: g.opt(|g| g.below(100) as u32),
                quantity: g.decimal(),
                unit_of_measure: g.opt(Self::uom),
                unit_price: g.opt(Self::decimal),
                amount: g.opt(Self::decimal),
                description: g.opt(Self::string),
                supplier_part_id: g.opt(Self::string),
                supplier_part_aux_id: g.opt(Self::string),
                buyer_part_id: g.opt(Self::string),
                gtin: g.opt(Self::gtin),
                manufacturer_part_id: g.opt(Self::string),
                manufacturer_name: g.opt(Self::string),
                charges: g.vec(2, Self::charge),
                taxes: g.vec(2, Self::tax),
                comments: g.vec(2, Self::string),
            }),
            charges: self.vec(2, Self::charge),
            taxes: self.vec(2, Self::tax),
            shipping: self.opt(Self::shipping),
            totals: self.opt(|g| InvoiceTotals {
                subtotal: g.opt(Self::decimal),
                allowances: g.opt(Self::decimal),
                charges: g.opt(Self::decimal),
                tax: g.opt(Self::decimal),
                shipping: g.opt(Self::decimal),
                total: g.opt(Self::decimal),
                amount_due: g.opt(Self::decimal),
            }),
            references: self.vec(2, Self::reference),
            comments: self.vec(2, Self::string),
            extrinsics: self.map(),
        }
    }

    pub fn catalog(&mut self) -> Catalog {
        Catalog {
            doc_type: CatalogTag,
            catalog_id: self.string(),
            name: self.opt(Self::string),
            description: self.opt(Self::string),
            version: self.opt(Self::string),
            issued_at: self.opt(Self::timestamp),
            valid_from: self.opt(Self::date),
            valid_to: self.opt(Self::date),
            currency: self.opt(Self::currency),
            supplier: self.opt(Self::party),
            buyer: self.opt(Self::party),
            items: self.vec(3, |g| CatalogItem {
                supplier_part_id: g.string(),
                supplier_part_aux_id: g.opt(Self::string),
                gtin: g.opt(Self::gtin),
                manufacturer_part_id: g.opt(Self::string),
                manufacturer_name: g.opt(Self::string),
                description: g.opt(Self::string),
                long_description: g.opt(Self::string),
                unit_of_measure: g.opt(Self::uom),
                prices: g.vec(2, |g| Price {
                    unit_price: g.decimal(),
                    price_list_id: g.opt(Self::string),
                    currency: g.opt(Self::currency),
                    min_quantity: g.opt(Self::decimal),
                    valid_from: g.opt(Self::date),
                    valid_to: g.opt(Self::date),
                }),
                lead_time_days: g.opt(|g| g.below(90) as u32),
                classification: g.vec(2, Self::classification),
                url: g.opt(Self::string),
                image_urls: g.vec(2, Self::string),
                category_path: g.vec(3, Self::string),
                min_order_quantity: g.opt(Self::decimal),
                order_increment: g.opt(Self::decimal),
                extrinsics: g.map(),
            }),
        }
    }

    pub fn inventory_report(&mut self) -> InventoryReport {
        InventoryReport {
            doc_type: InventoryReportTag,
            report_id: self.string(),
            report_date: self.opt(Self::date),
            issued_at: self.opt(Self::timestamp),
            supplier: self.opt(Self::party),
            buyer: self.opt(Self::party),
            items: self.vec(3, |g| InventoryItem {
                sku: g.string(),
                buyer_part_id: g.opt(Self::string),
                gtin: g.opt(Self::gtin),
                description: g.opt(Self::string),
                location: g.opt(Self::string),
                on_hand: g.opt(Self::decimal),
                reserved: g.opt(Self::decimal),
                available: g.opt(Self::decimal),
                unit_of_measure: g.opt(Self::uom),
                next_available_date: g.opt(Self::date),
                next_available_quantity: g.opt(Self::decimal),
            }),
        }
    }

    pub fn punchout_cart(&mut self) -> PunchoutCart {
        PunchoutCart {
            doc_type: PunchoutCartTag,
            buyer_cookie: self.string(),
            currency: self.opt(Self::currency),
            total: self.opt(Self::decimal),
            items: self.vec(3, |g| CartItem {
                quantity: g.decimal(),
                supplier_part_id: g.opt(Self::string),
                supplier_part_aux_id: g.opt(Self::string),
                unit_price: g.opt(Self::decimal),
                description: g.opt(Self::string),
                unit_of_measure: g.opt(Self::uom),
                classification: g.vec(2, Self::classification),
                manufacturer_part_id: g.opt(Self::string),
                manufacturer_name: g.opt(Self::string),
                lead_time_days: g.opt(|g| g.below(90) as u32),
                extrinsics: g.map(),
            }),
            extrinsics: self.map(),
        }
    }

    pub fn document(&mut self) -> Document {
        match self.below(8) {
            0 => self.purchase_order().into(),
            1 => self.order_change().into(),
            2 => self.order_response().into(),
            3 => self.ship_notice().into(),
            4 => self.invoice().into(),
            5 => self.catalog().into(),
            6 => self.inventory_report().into(),
            _ => self.punchout_cart().into(),
        }
    }
}
