//! Strict UBL 2.1 writers (element order of the 2.1 XSD sequences, Peppol BIS 3 identifiers).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use model::{
    Catalog, Charge, ChargeIndicator, Classification, Extrinsics, Invoice, InvoicePurpose,
    OrderResponse, Party, ReferenceKind, ResponseStatus, ShipNotice, Tax, UnitOfMeasure,
};
use rust_decimal::{Decimal, RoundingStrategy};

use super::tree::{CAC, CBC};
use super::{icd_from_scheme, tax_code_heuristic, units, DocKind};
use crate::xml::{escape_into, is_xml_char};
use crate::{Issue, Location};

/// Options for the writers. `Default` gives the Peppol BIS 3 identifiers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteParams {
    /// `cbc:CustomizationID` instead of the Peppol one for the document.
    pub customization_id: Option<String>,
    /// `cbc:ProfileID` instead of the Peppol one.
    pub profile_id: Option<String>,
    /// `cbc:IssueDate` when the document carries none (this crate has no clock).
    pub issue_date: Option<NaiveDate>,
}

/// Which Peppol profile a writer stamps (exposed for callers that want to show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Billing 3.0 (Invoice, CreditNote).
    Billing,
    /// Ordering (OrderResponse).
    Ordering,
    /// Despatch advice.
    DespatchAdvice,
    /// Catalogue only.
    CatalogueOnly,
}

impl Profile {
    /// `(CustomizationID, ProfileID)`.
    pub fn ids(self) -> (&'static str, &'static str) {
        match self {
            Self::Billing => (super::BILLING_CUSTOMIZATION, super::BILLING_PROFILE),
            Self::Ordering => (super::ORDER_RESPONSE_CUSTOMIZATION, super::ORDERING_PROFILE),
            Self::DespatchAdvice => (super::DESPATCH_CUSTOMIZATION, super::DESPATCH_PROFILE),
            Self::CatalogueOnly => (super::CATALOGUE_CUSTOMIZATION, super::CATALOGUE_PROFILE),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The XML writer

struct W {
    out: String,
    depth: usize,
    issues: Vec<Issue>,
    /// An invoice or credit note: EN 16931 refuses a unit outside Rec 20/21 (BR-CL-23, fatal).
    en16931: bool,
}

impl W {
    fn new(kind: DocKind) -> Self {
        let mut w = Self {
            out: String::with_capacity(4096),
            depth: 0,
            issues: Vec::new(),
            en16931: matches!(kind, DocKind::Invoice | DocKind::CreditNote),
        };
        w.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let ns = kind.namespace();
        w.start(
            kind.root_name(),
            &[("xmlns", &ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)],
        );
        w.out.push_str(">\n");
        w.depth = 1;
        w
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// `<name attr="…"`. An attribute value (a scheme, list or currency code) holding a
    /// character XML 1.0 cannot carry is an error: it would reach the partner changed.
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for (k, v) in attrs {
            if !v.chars().all(is_xml_char) {
                self.error(
                    &format!("{name}/@{k}"),
                    format!("{v:?} holds a character XML 1.0 cannot carry"),
                );
            }
        }
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v, true);
            self.out.push('"');
        }
    }

    /// Open `cac:<name>`.
    fn open(&mut self, name: &str) {
        self.start(&format!("cac:{name}"), &[]);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// Close `cac:<name>`.
    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</cac:");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `cbc:<name>` with text and attributes.
    ///
    /// Characters XML 1.0 cannot hold (most control characters, U+FFFE…) are left out of the
    /// text: with a warning in a text, with an error in an identifier (an element whose name
    /// ends in `ID`), which must not reach the partner changed.
    fn leaf_attrs(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        if !text.chars().all(is_xml_char) {
            let at = format!("cbc:{name}");
            if name.ends_with("ID") {
                self.error(
                    &at,
                    format!("{text:?} holds a character XML 1.0 cannot carry"),
                );
            } else {
                self.warn(&at, "A character XML 1.0 cannot carry was left out");
            }
        }
        let tag = format!("cbc:{name}");
        self.start(&tag, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(&tag);
        self.out.push_str(">\n");
    }

    fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_attrs(name, &[], text);
    }

    fn opt(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
            self.leaf(name, t);
        }
    }

    /// A monetary amount, 2 decimals, with `currencyID`.
    fn amount(&mut self, name: &str, currency: &str, value: Decimal) {
        self.leaf_attrs(name, &[("currencyID", currency)], &money(value));
    }

    /// A price (decimals as given, at least 2), with `currencyID`.
    fn price(&mut self, name: &str, currency: &str, value: Decimal) {
        let mut v = value.normalize();
        if v.scale() < 2 {
            v.rescale(2);
        }
        self.leaf_attrs(name, &[("currencyID", currency)], &v.to_string());
    }

    fn quantity(&mut self, name: &str, value: Decimal, unit: &str) {
        self.leaf_attrs(name, &[("unitCode", unit)], &value.normalize().to_string());
    }

    fn date(&mut self, name: &str, d: Option<NaiveDate>) {
        if let Some(d) = d {
            self.leaf(name, &d.format("%Y-%m-%d").to_string());
        }
    }

    fn error(&mut self, path: &str, msg: impl Into<String>) {
        self.issues.push(Issue::error(Location::at_path(path), msg));
    }

    fn warn(&mut self, path: &str, msg: impl Into<String>) {
        self.issues
            .push(Issue::warning(Location::at_path(path), msg));
    }

    fn finish(mut self, kind: DocKind) -> (String, Vec<Issue>) {
        self.depth = 0;
        self.out.push_str("</");
        self.out.push_str(kind.root_name());
        self.out.push_str(">\n");
        (self.out, self.issues)
    }

    /// CustomizationID, ProfileID, ID (error when blank).
    fn head(&mut self, p: &WriteParams, profile: Profile, id: &str, id_path: &str) {
        let (c, pr) = profile.ids();
        let c = p.customization_id.as_deref().unwrap_or(c).to_owned();
        let pr = p.profile_id.as_deref().unwrap_or(pr).to_owned();
        self.leaf("CustomizationID", &c);
        self.leaf("ProfileID", &pr);
        if id.trim().is_empty() {
            self.error(id_path, "The document ID is empty");
        }
        self.leaf("ID", id.trim());
    }

    fn issue_date(&mut self, d: Option<NaiveDate>, p: &WriteParams, path: &str) {
        match d.or(p.issue_date) {
            Some(d) => self.date("IssueDate", Some(d)),
            None => {
                self.error(
                    path,
                    "No issue date (document date or WriteParams::issue_date)",
                );
                self.leaf("IssueDate", "");
            }
        }
    }
}

/// Round half away from zero to 2 decimals and show exactly 2.
fn money(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The `unitCode` of a quantity: the unit's UN/ECE Rec 20/21 code (`PCE` is written `H87`, the
/// X12 package units their Rec 21 codes, see [`units::to_rec20_21`]). A code outside
/// Rec 20/21 is written as it is, with an error in an invoice or credit note (EN 16931 rule
/// BR-CL-23 refuses it) and a warning elsewhere.
fn unit_code(u: Option<&UnitOfMeasure>, w: &mut W, path: &str) -> String {
    match u {
        Some(u) => {
            let code = units::to_rec20_21(u.as_str());
            if !units::is_rec20_21(code) {
                let msg = format!(
                    "Unit {code:?} is not a UN/ECE Recommendation 20 or 21 code (EN 16931 rule \
                     BR-CL-23)"
                );
                if w.en16931 {
                    w.error(path, msg);
                } else {
                    w.warn(path, msg);
                }
            }
            code.to_owned()
        }
        None => {
            w.warn(path, "No unit of measure; C62 (one) written");
            "C62".to_owned()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parties

/// Which optional party parts to write.
#[derive(Clone, Copy)]
struct PartyStyle {
    /// `PartyTaxScheme` from the `vat` identifier.
    tax: bool,
    /// `PartyLegalEntity` (RegistrationName = name, CompanyID = `legal`).
    legal: bool,
    /// `PostalAddress`.
    address: bool,
    /// `Contact`.
    contact: bool,
}

const FULL: PartyStyle = PartyStyle {
    tax: true,
    legal: true,
    address: true,
    contact: true,
};

/// `cac:Party` content (the caller opens/closes `cac:Party` or the party-typed element).
fn party_body(w: &mut W, p: &Party, style: PartyStyle, path: &str) {
    if let Some(id) = p
        .identifiers
        .iter()
        .find(|i| i.scheme.starts_with("endpoint:"))
    {
        let scheme = &id.scheme["endpoint:".len()..];
        w.leaf_attrs("EndpointID", &[("schemeID", scheme)], &id.value);
    }
    for id in &p.identifiers {
        match icd_from_scheme(&id.scheme) {
            Some(Some(icd)) => {
                w.open("PartyIdentification");
                w.leaf_attrs("ID", &[("schemeID", &icd)], &id.value);
                w.close("PartyIdentification");
            }
            Some(None) => {
                w.open("PartyIdentification");
                w.leaf("ID", &id.value);
                w.close("PartyIdentification");
            }
            None => {}
        }
    }
    if let Some(name) = p.name.as_deref().filter(|n| !n.trim().is_empty()) {
        w.open("PartyName");
        w.leaf("Name", name);
        w.close("PartyName");
    }
    if style.address {
        postal_address(w, "PostalAddress", p);
    }
    if style.tax {
        for id in p
            .identifiers
            .iter()
            .filter(|i| i.scheme == "vat" || i.scheme.starts_with("tax:"))
        {
            let scheme = id
                .scheme
                .strip_prefix("tax:")
                .map_or("VAT".to_owned(), str::to_ascii_uppercase);
            w.open("PartyTaxScheme");
            w.leaf("CompanyID", &id.value);
            w.open("TaxScheme");
            w.leaf("ID", &scheme);
            w.close("TaxScheme");
            w.close("PartyTaxScheme");
        }
    }
    if style.legal {
        w.open("PartyLegalEntity");
        match p.name.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(n) => w.leaf("RegistrationName", n),
            None => {
                w.error(
                    path,
                    "The party has no name (PartyLegalEntity/RegistrationName)",
                );
                w.leaf("RegistrationName", "");
            }
        }
        if let Some(id) = p
            .identifiers
            .iter()
            .find(|i| i.scheme == "legal" || i.scheme.starts_with("legal:"))
        {
            match id.scheme.strip_prefix("legal:") {
                Some(icd) => w.leaf_attrs("CompanyID", &[("schemeID", icd)], &id.value),
                None => w.leaf("CompanyID", &id.value),
            }
        }
        w.close("PartyLegalEntity");
    }
    if style.contact {
        if let Some(c) = p.contacts.first() {
            if c.name.is_some() || c.phone.is_some() || c.email.is_some() {
                w.open("Contact");
                w.opt("Name", c.name.as_deref());
                w.opt("Telephone", c.phone.as_deref());
                w.opt("ElectronicMail", c.email.as_deref());
                w.close("Contact");
            }
        }
    }
}

fn has_address(p: &Party) -> bool {
    !p.address_lines.is_empty()
        || p.city.is_some()
        || p.postal_code.is_some()
        || p.region.is_some()
        || p.country.is_some()
}

/// An `AddressType` element (`PostalAddress`, `Address`): nothing when the party has no address.
fn postal_address(w: &mut W, element: &str, p: &Party) {
    if !has_address(p) {
        return;
    }
    w.open(element);
    let mut lines = p.address_lines.iter().map(String::as_str);
    w.opt("StreetName", lines.next());
    w.opt("AdditionalStreetName", lines.next());
    w.opt("CityName", p.city.as_deref());
    w.opt("PostalZone", p.postal_code.as_deref());
    w.opt("CountrySubentity", p.region.as_deref());
    let rest: Vec<&str> = lines.collect();
    if !rest.is_empty() {
        w.open("AddressLine");
        w.leaf("Line", &rest.join(", "));
        w.close("AddressLine");
    }
    if let Some(c) = p.country.as_deref() {
        w.open("Country");
        w.leaf("IdentificationCode", c);
        w.close("Country");
    }
    w.close(element);
}

/// `cac:<role><cac:Party>…</cac:Party></cac:role>`; error when missing.
fn role(w: &mut W, role: &str, p: Option<&Party>, style: PartyStyle, path: &str) {
    let empty = Party::default();
    let p = match p {
        Some(p) => p,
        None => {
            w.error(path, format!("{role} is missing"));
            &empty
        }
    };
    w.open(role);
    w.open("Party");
    party_body(w, p, style, path);
    w.close("Party");
    w.close(role);
}

fn endpoint_check(w: &mut W, p: Option<&Party>, path: &str) {
    if let Some(p) = p {
        if !p
            .identifiers
            .iter()
            .any(|i| i.scheme.starts_with("endpoint:"))
        {
            w.warn(
                path,
                "The party has no endpoint:<scheme> identifier; no EndpointID written (Peppol \
                 requires one)",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Items

struct ItemOut<'a> {
    name: Option<&'a str>,
    description: Option<&'a str>,
    buyer: Option<&'a str>,
    seller: Option<&'a str>,
    seller_ext: Option<&'a str>,
    manufacturer: Option<&'a str>,
    gtin: Option<&'a str>,
    classification: &'a [Classification],
    tax: Option<(String, Option<Decimal>)>,
    manufacturer_name: Option<&'a str>,
    batch: Option<&'a str>,
    serials: &'a [String],
}

impl<'a> ItemOut<'a> {
    fn named(name: Option<&'a str>) -> Self {
        Self {
            name,
            description: None,
            buyer: None,
            seller: None,
            seller_ext: None,
            manufacturer: None,
            gtin: None,
            classification: &[],
            tax: None,
            manufacturer_name: None,
            batch: None,
            serials: &[],
        }
    }
}

fn item(w: &mut W, it: &ItemOut<'_>, path: &str) {
    w.open("Item");
    w.opt("Description", it.description);
    match it.name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => w.leaf("Name", n),
        None => {
            w.error(path, "The item has no name (description)");
            w.leaf("Name", "");
        }
    }
    if let Some(b) = it.buyer {
        w.open("BuyersItemIdentification");
        w.leaf("ID", b);
        w.close("BuyersItemIdentification");
    }
    if let Some(s) = it.seller {
        w.open("SellersItemIdentification");
        w.leaf("ID", s);
        w.opt("ExtendedID", it.seller_ext);
        w.close("SellersItemIdentification");
    }
    if let Some(m) = it.manufacturer {
        w.open("ManufacturersItemIdentification");
        w.leaf("ID", m);
        w.close("ManufacturersItemIdentification");
    }
    if let Some(g) = it.gtin {
        w.open("StandardItemIdentification");
        w.leaf_attrs("ID", &[("schemeID", "0160")], g);
        w.close("StandardItemIdentification");
    }
    for c in it.classification {
        if c.scheme.starts_with("standard:") {
            continue;
        }
        let list = if c.scheme.eq_ignore_ascii_case("UNSPSC") {
            "MP"
        } else {
            c.scheme.as_str()
        };
        w.open("CommodityClassification");
        w.leaf_attrs("ItemClassificationCode", &[("listID", list)], &c.code);
        w.close("CommodityClassification");
    }
    if let Some((code, rate)) = &it.tax {
        tax_category(w, "ClassifiedTaxCategory", code, *rate, None);
    }
    if let Some(m) = it.manufacturer_name {
        w.open("ManufacturerParty");
        w.open("PartyName");
        w.leaf("Name", m);
        w.close("PartyName");
        w.close("ManufacturerParty");
    }
    if it.batch.is_some() || !it.serials.is_empty() {
        let serials: Vec<Option<&str>> = if it.serials.is_empty() {
            vec![None]
        } else {
            it.serials.iter().map(|s| Some(s.as_str())).collect()
        };
        for s in serials {
            w.open("ItemInstance");
            w.opt("SerialID", s);
            if let Some(b) = it.batch {
                w.open("LotIdentification");
                w.leaf("LotNumberID", b);
                w.close("LotIdentification");
            }
            w.close("ItemInstance");
        }
    }
    w.close("Item");
}

/// `TaxCategory`-typed element: ID, Percent (not for `O`), exemption reason, TaxScheme VAT.
fn tax_category(w: &mut W, element: &str, code: &str, rate: Option<Decimal>, reason: Option<&str>) {
    w.open(element);
    w.leaf("ID", code);
    if code != "O" {
        let r = rate.unwrap_or_default().normalize();
        w.leaf("Percent", &r.to_string());
    }
    w.opt("TaxExemptionReason", reason);
    w.open("TaxScheme");
    w.leaf("ID", "VAT");
    w.close("TaxScheme");
    w.close(element);
}

// ---------------------------------------------------------------------------------------------
// Invoice / CreditNote

/// One VAT group: category code and rate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct VatKey {
    code: String,
    rate: Decimal,
}

fn vat_key(t: &Tax, x: &Extrinsics) -> VatKey {
    let rate = t.rate.unwrap_or_default().normalize();
    let code = x
        .get(&format!("tax_category_code:{rate}"))
        .cloned()
        .unwrap_or_else(|| tax_code_heuristic(t).to_owned());
    VatKey { code, rate }
}

struct LineCalc {
    net: Decimal,
    key: VatKey,
    charges: Vec<(Charge, Decimal)>,
}

/// Amount of a charge: its amount, else `base × percent / 100` rounded.
fn charge_amount(c: &Charge, base: Decimal) -> Option<Decimal> {
    c.amount.map(round2).or_else(|| {
        c.percent
            .and_then(|p| base.checked_mul(p))
            .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
            .map(round2)
    })
}

/// UNCL 5189 (allowance) / 7161 (charge) code for a canonical charge code.
fn charge_code(c: &Charge) -> Option<String> {
    let code = c.code.as_deref()?.trim();
    match (c.indicator, code) {
        (ChargeIndicator::Allowance, "discount") => Some("95".to_owned()),
        (ChargeIndicator::Charge, "freight") => Some("FC".to_owned()),
        (ChargeIndicator::Allowance, s)
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(s.to_owned())
        }
        (ChargeIndicator::Charge, s)
            if (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            Some(s.to_owned())
        }
        _ => None,
    }
}

fn allowance_charge(
    w: &mut W,
    c: &Charge,
    amount: Decimal,
    base: Decimal,
    currency: &str,
    tax: Option<&VatKey>,
    path: &str,
) {
    w.open("AllowanceCharge");
    w.leaf(
        "ChargeIndicator",
        if c.indicator == ChargeIndicator::Charge {
            "true"
        } else {
            "false"
        },
    );
    let code = charge_code(c);
    w.opt("AllowanceChargeReasonCode", code.as_deref());
    let reason = c
        .description
        .clone()
        .or_else(|| c.code.clone().filter(|_| code.is_none()));
    match (reason, &code) {
        (Some(r), _) => w.leaf("AllowanceChargeReason", &r),
        (None, Some(_)) => {}
        (None, None) => {
            let r = if c.indicator == ChargeIndicator::Charge {
                "Charge"
            } else {
                "Discount"
            };
            w.warn(path, format!("No reason or reason code; \"{r}\" written"));
            w.leaf("AllowanceChargeReason", r);
        }
    }
    if let Some(p) = c.percent {
        w.leaf("MultiplierFactorNumeric", &p.normalize().to_string());
    }
    w.amount("Amount", currency, amount);
    if c.percent.is_some() {
        w.amount("BaseAmount", currency, base);
    }
    if let Some(k) = tax {
        tax_category(w, "TaxCategory", &k.code, Some(k.rate), None);
    }
    w.close("AllowanceCharge");
}

/// Write a canonical invoice as a UBL `Invoice` (purpose invoice / debit note; type code 380 /
/// 383) or `CreditNote` (purpose credit note; type code 381), Peppol BIS Billing 3.0. Totals
/// are computed (see the module docs); differing canonical totals are warnings. Errors mean the
/// document must not be sent.
pub fn write_invoice(inv: &Invoice, p: &WriteParams) -> (String, Vec<Issue>) {
    let credit = inv.purpose == InvoicePurpose::CreditNote;
    let kind = if credit {
        DocKind::CreditNote
    } else {
        DocKind::Invoice
    };
    let mut w = W::new(kind);
    let x = &inv.extrinsics;
    let currency = match &inv.currency {
        Some(c) => c.as_str().to_owned(),
        None => {
            w.error("currency", "No document currency");
            String::new()
        }
    };
    // --- compute lines
    let doc_taxes: Vec<VatKey> = inv.taxes.iter().map(|t| vat_key(t, x)).collect();
    let mut calcs = Vec::with_capacity(inv.lines.len());
    for (i, l) in inv.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        let gross = l
            .unit_price
            .and_then(|pr| l.quantity.checked_mul(pr))
            .map(round2);
        let mut charges = Vec::new();
        let mut adj = Decimal::ZERO;
        for (k, c) in l.charges.iter().enumerate() {
            match charge_amount(c, gross.unwrap_or_default()) {
                Some(a) => {
                    adj += if c.indicator == ChargeIndicator::Charge {
                        a
                    } else {
                        -a
                    };
                    charges.push((c.clone(), a));
                }
                None => w.error(
                    &format!("{path}.charges[{k}]"),
                    "Allowance/charge without amount or percent",
                ),
            }
        }
        let computed = gross.map(|g| g + adj);
        let net = match (l.amount, computed) {
            (Some(a), Some(c)) => {
                if round2(a) != c {
                    w.warn(
                        &format!("{path}.amount"),
                        format!(
                            "Line amount {a} differs from quantity × price ± allowances/charges \
                             = {c}; {} written",
                            money(a)
                        ),
                    );
                }
                round2(a)
            }
            (Some(a), None) => round2(a),
            (None, Some(c)) => c,
            (None, None) => {
                w.error(&path, "The line has neither an amount nor a unit price");
                Decimal::ZERO
            }
        };
        let key = match l
            .taxes
            .iter()
            .find(|t| t.rate.is_some() || t.description.is_some())
        {
            Some(t) => vat_key(t, x),
            None => match doc_taxes.as_slice() {
                [only] => only.clone(),
                _ => {
                    w.error(
                        &format!("{path}.taxes"),
                        "The line has no VAT category and the document has not exactly one \
                         (BR-CO-04)",
                    );
                    VatKey {
                        code: "S".to_owned(),
                        rate: Decimal::ZERO,
                    }
                }
            },
        };
        calcs.push(LineCalc { net, key, charges });
    }
    if inv.lines.is_empty() {
        w.error("lines", "The invoice has no lines");
    }
    let line_total: Decimal = calcs.iter().map(|c| c.net).sum();
    // --- document allowances / charges
    let default_key = calcs
        .iter()
        .map(|c| c.key.clone())
        .max_by(|a, b| a.rate.cmp(&b.rate))
        .or_else(|| doc_taxes.first().cloned());
    let mut doc_charges = Vec::new();
    for (k, c) in inv.charges.iter().enumerate() {
        match charge_amount(c, line_total) {
            Some(a) => doc_charges.push((c, a, default_key.clone())),
            None => w.error(
                &format!("charges[{k}]"),
                "Allowance/charge without amount or percent",
            ),
        }
    }
    if let Some(s) = inv.shipping.as_ref().and_then(|s| s.amount) {
        w.warn(
            "shipping.amount",
            format!("Shipping amount {s} is not written; give it as a charge (code freight)"),
        );
    }
    let allowances: Decimal = doc_charges
        .iter()
        .filter(|(c, _, _)| c.indicator == ChargeIndicator::Allowance)
        .map(|(_, a, _)| *a)
        .sum();
    let charges_total: Decimal = doc_charges
        .iter()
        .filter(|(c, _, _)| c.indicator == ChargeIndicator::Charge)
        .map(|(_, a, _)| *a)
        .sum();
    let tax_exclusive = line_total - allowances + charges_total;
    // --- VAT breakdown
    let mut groups: BTreeMap<VatKey, Decimal> = BTreeMap::new();
    for c in &calcs {
        *groups.entry(c.key.clone()).or_default() += c.net;
    }
    for (c, a, key) in &doc_charges {
        if let Some(k) = key {
            let e = groups.entry(k.clone()).or_default();
            if c.indicator == ChargeIndicator::Charge {
                *e += *a;
            } else {
                *e -= *a;
            }
        }
    }
    let reasons: BTreeMap<VatKey, String> = inv
        .taxes
        .iter()
        .chain(inv.lines.iter().flat_map(|l| l.taxes.iter()))
        .filter_map(|t| Some((vat_key(t, x), t.description.clone()?)))
        .collect();
    let subtotals: Vec<(VatKey, Decimal, Decimal)> = groups
        .into_iter()
        .map(|(k, taxable)| {
            let tax = if matches!(k.code.as_str(), "S" | "L" | "M" | "B") {
                round2(taxable * k.rate / Decimal::ONE_HUNDRED)
            } else {
                Decimal::ZERO
            };
            (k, taxable, tax)
        })
        .collect();
    let tax_total: Decimal = subtotals.iter().map(|(_, _, t)| *t).sum();
    let tax_inclusive = tax_exclusive + tax_total;
    let prepaid = x
        .get("prepaid_amount")
        .and_then(|v| crate::cxml::parse_decimal(v))
        .map(round2);
    let payable = tax_inclusive - prepaid.unwrap_or_default();
    if let Some(t) = &inv.totals {
        let checks = [
            ("totals.subtotal", t.subtotal, line_total),
            ("totals.allowances", t.allowances, allowances),
            ("totals.charges", t.charges, charges_total),
            ("totals.tax", t.tax, tax_total),
            ("totals.total", t.total, tax_inclusive),
            ("totals.amount_due", t.amount_due, payable),
        ];
        for (path, given, computed) in checks {
            if let Some(g) = given {
                if round2(g) != computed {
                    w.warn(
                        path,
                        format!(
                            "Given {g} differs from the computed {}; computed written",
                            money(computed)
                        ),
                    );
                }
            }
        }
    }
    // --- header
    w.head(p, Profile::Billing, &inv.invoice_number, "invoice_number");
    w.issue_date(inv.invoice_date, p, "invoice_date");
    let due = inv.payment_terms.as_ref().and_then(|t| t.due_date);
    if !credit {
        w.date("DueDate", due);
    }
    let type_code = x
        .get("type_code")
        .cloned()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| match inv.purpose {
            InvoicePurpose::CreditNote => "381".to_owned(),
            InvoicePurpose::DebitNote => "383".to_owned(),
            _ => "380".to_owned(),
        });
    w.leaf(
        if credit {
            "CreditNoteTypeCode"
        } else {
            "InvoiceTypeCode"
        },
        &type_code,
    );
    if !inv.comments.is_empty() {
        w.leaf("Note", &inv.comments.join("\n"));
    }
    w.leaf("DocumentCurrencyCode", &currency);
    w.opt(
        "AccountingCost",
        x.get("accounting_cost").map(String::as_str),
    );
    let buyer_ref = x.get("buyer_reference").map(String::as_str);
    w.opt("BuyerReference", buyer_ref);
    if buyer_ref.is_none() && inv.order_number.is_none() {
        w.error(
            "extrinsics.buyer_reference",
            "Neither a buyer reference nor an order number (Peppol R003)",
        );
    }
    if let Some(o) = &inv.order_number {
        w.open("OrderReference");
        w.leaf("ID", o);
        w.close("OrderReference");
    }
    let refs = |k: &ReferenceKind| -> Vec<&str> {
        inv.references
            .iter()
            .filter(|r| &r.kind == k)
            .map(|r| r.value.as_str())
            .collect()
    };
    for r in inv
        .references
        .iter()
        .filter(|r| r.kind == ReferenceKind::Invoice)
    {
        w.open("BillingReference");
        w.open("InvoiceDocumentReference");
        w.leaf("ID", &r.value);
        w.date("IssueDate", r.date);
        w.close("InvoiceDocumentReference");
        w.close("BillingReference");
    }
    let simple = |w: &mut W, el: &str, vals: &[&str]| {
        for v in vals.iter().take(1) {
            w.open(el);
            w.leaf("ID", v);
            w.close(el);
        }
    };
    simple(
        &mut w,
        "DespatchDocumentReference",
        &refs(&ReferenceKind::DeliveryNote),
    );
    if !credit {
        simple(
            &mut w,
            "OriginatorDocumentReference",
            &refs(&ReferenceKind::Requisition),
        );
    }
    simple(
        &mut w,
        "ContractDocumentReference",
        &refs(&ReferenceKind::Contract),
    );
    if credit {
        simple(
            &mut w,
            "OriginatorDocumentReference",
            &refs(&ReferenceKind::Requisition),
        );
    } else {
        simple(&mut w, "ProjectReference", &refs(&ReferenceKind::Project));
    }
    // --- parties
    endpoint_check(&mut w, inv.seller.as_ref(), "seller");
    endpoint_check(&mut w, inv.buyer.as_ref(), "buyer");
    if let Some(s) = &inv.seller {
        if !has_address(s) || s.country.is_none() {
            w.error(
                "seller",
                "The seller has no postal address with a country (BR-08, BR-09)",
            );
        }
        if subtotals.iter().any(|(k, _, _)| k.code == "S")
            && !s.identifiers.iter().any(|i| i.scheme == "vat")
        {
            w.error(
                "seller",
                "Standard-rated VAT but the seller has no vat identifier (BR-S-02)",
            );
        }
    }
    if let Some(b) = &inv.buyer {
        if !has_address(b) || b.country.is_none() {
            w.error(
                "buyer",
                "The buyer has no postal address with a country (BR-10, BR-11)",
            );
        }
    }
    role(
        &mut w,
        "AccountingSupplierParty",
        inv.seller.as_ref(),
        FULL,
        "seller",
    );
    role(
        &mut w,
        "AccountingCustomerParty",
        inv.buyer.as_ref(),
        FULL,
        "buyer",
    );
    if let Some(r) = &inv.remit_to {
        if r.name.is_some() {
            w.open("PayeeParty");
            party_body(
                &mut w,
                r,
                PartyStyle {
                    tax: false,
                    legal: false,
                    address: false,
                    contact: false,
                },
                "remit_to",
            );
            w.close("PayeeParty");
        }
    }
    let delivery_date = x
        .get("actual_delivery_date")
        .and_then(|d| super::read::parse_date(d));
    if inv.ship_to.is_some() || delivery_date.is_some() {
        w.open("Delivery");
        w.date("ActualDeliveryDate", delivery_date);
        if let Some(st) = &inv.ship_to {
            w.open("DeliveryLocation");
            if let Some(id) = st
                .identifiers
                .iter()
                .find(|i| icd_from_scheme(&i.scheme).is_some())
            {
                match icd_from_scheme(&id.scheme).flatten() {
                    Some(icd) => w.leaf_attrs("ID", &[("schemeID", &icd)], &id.value),
                    None => w.leaf("ID", &id.value),
                }
            }
            postal_address(&mut w, "Address", st);
            w.close("DeliveryLocation");
            if let Some(n) = &st.name {
                w.open("DeliveryParty");
                w.open("PartyName");
                w.leaf("Name", n);
                w.close("PartyName");
                w.close("DeliveryParty");
            }
        }
        w.close("Delivery");
    }
    let means = x
        .get("payment_means_code")
        .cloned()
        .or_else(|| x.get("payee_account").map(|_| "30".to_owned()));
    if let Some(code) = means {
        w.open("PaymentMeans");
        w.leaf("PaymentMeansCode", &code);
        if credit {
            w.date("PaymentDueDate", due);
        }
        w.opt("PaymentID", x.get("payment_id").map(String::as_str));
        if let Some(acct) = x.get("payee_account") {
            w.open("PayeeFinancialAccount");
            w.leaf("ID", acct);
            if let Some(bank) = x.get("payee_bank") {
                w.open("FinancialInstitutionBranch");
                w.leaf("ID", bank);
                w.close("FinancialInstitutionBranch");
            }
            w.close("PayeeFinancialAccount");
        } else if matches!(code.as_str(), "30" | "58") {
            w.error(
                "extrinsics.payee_account",
                "Credit transfer without a payee account (BR-61)",
            );
        }
        w.close("PaymentMeans");
    }
    let terms_note = inv.payment_terms.as_ref().and_then(|t| {
        t.description
            .clone()
            .or_else(|| t.net_days.map(|d| format!("Net {d} days")))
    });
    if let Some(n) = &terms_note {
        w.open("PaymentTerms");
        w.leaf("Note", n);
        w.close("PaymentTerms");
    }
    if payable > Decimal::ZERO && due.is_none() && terms_note.is_none() {
        w.error(
            "payment_terms",
            "Amount due is positive but there is neither a due date nor payment terms (BR-CO-25)",
        );
    }
    for (k, (c, a, key)) in doc_charges.iter().enumerate() {
        allowance_charge(
            &mut w,
            c,
            *a,
            line_total,
            &currency,
            key.as_ref(),
            &format!("charges[{k}]"),
        );
    }
    // --- tax and totals
    w.open("TaxTotal");
    w.amount("TaxAmount", &currency, tax_total);
    for (k, taxable, tax) in &subtotals {
        w.open("TaxSubtotal");
        w.amount("TaxableAmount", &currency, *taxable);
        w.amount("TaxAmount", &currency, *tax);
        let reason = reasons.get(k).map(String::as_str);
        let reason = match (k.code.as_str(), reason) {
            ("S" | "Z" | "L" | "M", _) => None,
            (_, Some(r)) => Some(r),
            (code, None) => {
                w.warn(
                    "taxes",
                    format!("VAT category {code} needs an exemption reason; a generic one written"),
                );
                Some("Exempt from VAT")
            }
        };
        tax_category(&mut w, "TaxCategory", &k.code, Some(k.rate), reason);
        w.close("TaxSubtotal");
    }
    w.close("TaxTotal");
    w.open("LegalMonetaryTotal");
    w.amount("LineExtensionAmount", &currency, line_total);
    w.amount("TaxExclusiveAmount", &currency, tax_exclusive);
    w.amount("TaxInclusiveAmount", &currency, tax_inclusive);
    if !doc_charges.is_empty() {
        w.amount("AllowanceTotalAmount", &currency, allowances);
        w.amount("ChargeTotalAmount", &currency, charges_total);
    }
    if let Some(pp) = prepaid {
        w.amount("PrepaidAmount", &currency, pp);
    }
    w.amount("PayableAmount", &currency, payable);
    w.close("LegalMonetaryTotal");
    // --- lines
    let line_el = if credit {
        "CreditNoteLine"
    } else {
        "InvoiceLine"
    };
    for (i, (l, c)) in inv.lines.iter().zip(&calcs).enumerate() {
        let path = format!("lines[{i}]");
        w.open(line_el);
        w.leaf("ID", &l.line_number.to_string());
        if !l.comments.is_empty() {
            w.leaf("Note", &l.comments.join("\n"));
        }
        let unit = unit_code(
            l.unit_of_measure.as_ref(),
            &mut w,
            &format!("{path}.unit_of_measure"),
        );
        w.quantity(
            if credit {
                "CreditedQuantity"
            } else {
                "InvoicedQuantity"
            },
            l.quantity,
            &unit,
        );
        w.amount("LineExtensionAmount", &currency, c.net);
        if let Some(n) = l.order_line_number {
            w.open("OrderLineReference");
            w.leaf("LineID", &n.to_string());
            w.close("OrderLineReference");
        }
        let gross = l
            .unit_price
            .and_then(|pr| l.quantity.checked_mul(pr))
            .map(round2)
            .unwrap_or_default();
        for (k, (ch, a)) in c.charges.iter().enumerate() {
            allowance_charge(
                &mut w,
                ch,
                *a,
                gross,
                &currency,
                None,
                &format!("{path}.charges[{k}]"),
            );
        }
        let mut it = ItemOut::named(l.description.as_deref());
        it.buyer = l.buyer_part_id.as_deref();
        it.seller = l.supplier_part_id.as_deref();
        it.gtin = l.gtin.as_ref().map(|g| g.as_str());
        it.tax = Some((c.key.code.clone(), Some(c.key.rate)));
        item(&mut w, &it, &format!("{path}.description"));
        w.open("Price");
        let price = match l.unit_price {
            Some(pr) => pr,
            None if !l.quantity.is_zero() => c.net.checked_div(l.quantity).unwrap_or_default(),
            None => Decimal::ZERO,
        };
        if price < Decimal::ZERO {
            w.error(&format!("{path}.unit_price"), "Negative item price (BR-27)");
        }
        w.price("PriceAmount", &currency, price);
        w.close("Price");
        w.close(line_el);
    }
    w.finish(kind)
}

// ---------------------------------------------------------------------------------------------
// OrderResponse

/// Write a canonical order response as a UBL `OrderResponse` (Peppol T76 order response,
/// ordering profile). Status → `OrderResponseCode` (accepted `AP`, rejected `RE`, changed /
/// backordered `CA`, pending `AB`); lines → `LineStatusCode` (`5` accepted, `7` rejected, `3`
/// changed) with `OrderLineReference/LineID`. `seller` and `buyer` are mandatory.
pub fn write_order_response(r: &OrderResponse, p: &WriteParams) -> (String, Vec<Issue>) {
    let kind = DocKind::OrderResponse;
    let mut w = W::new(kind);
    let id = r.response_number.as_deref().unwrap_or(&r.order_number);
    w.head(p, Profile::Ordering, id, "response_number");
    w.opt(
        "SalesOrderID",
        r.extrinsics.get("sales_order_id").map(String::as_str),
    );
    w.issue_date(r.response_date, p, "response_date");
    let code = match r.status {
        ResponseStatus::Accepted => "AP",
        ResponseStatus::Rejected => "RE",
        ResponseStatus::Pending => "AB",
        _ => "CA",
    };
    w.leaf("OrderResponseCode", code);
    let mut notes = Vec::new();
    if let Some(reason) = &r.reason {
        notes.push(reason.clone());
    }
    notes.extend(r.comments.iter().cloned());
    if !notes.is_empty() {
        w.leaf("Note", &notes.join("\n"));
    }
    let currency = r.currency.as_ref().map(|c| c.as_str().to_owned());
    w.opt("DocumentCurrencyCode", currency.as_deref());
    w.opt(
        "CustomerReference",
        r.extrinsics.get("customer_reference").map(String::as_str),
    );
    if r.order_number.trim().is_empty() {
        w.error("order_number", "The order answered has no number");
    }
    w.open("OrderReference");
    w.leaf("ID", r.order_number.trim());
    w.close("OrderReference");
    let style = PartyStyle {
        tax: false,
        legal: true,
        address: true,
        contact: true,
    };
    endpoint_check(&mut w, r.seller.as_ref(), "seller");
    endpoint_check(&mut w, r.buyer.as_ref(), "buyer");
    role(
        &mut w,
        "SellerSupplierParty",
        r.seller.as_ref(),
        style,
        "seller",
    );
    role(
        &mut w,
        "BuyerCustomerParty",
        r.buyer.as_ref(),
        style,
        "buyer",
    );
    let cur = currency.clone().unwrap_or_default();
    for (i, l) in r.lines.iter().enumerate() {
        let path = format!("lines[{i}]");
        w.open("OrderLine");
        w.open("LineItem");
        w.leaf("ID", &l.line_number.to_string());
        if !l.comments.is_empty() {
            w.leaf("Note", &l.comments.join("\n"));
        }
        let status = match l.status {
            ResponseStatus::Accepted => "5",
            ResponseStatus::Rejected => "7",
            _ => "3",
        };
        w.leaf("LineStatusCode", status);
        if let Some(q) = l.confirmed_quantity {
            let unit = unit_code(
                l.unit_of_measure.as_ref(),
                &mut w,
                &format!("{path}.unit_of_measure"),
            );
            w.quantity("Quantity", q, &unit);
        }
        if let Some(b) = l.backordered_quantity {
            let unit = unit_code(
                l.unit_of_measure.as_ref(),
                &mut w,
                &format!("{path}.unit_of_measure"),
            );
            w.quantity("MaximumBackorderQuantity", b, &unit);
        }
        if let Some(d) = l.delivery_date.or(l.ship_date) {
            w.open("Delivery");
            w.open("PromisedDeliveryPeriod");
            w.date("StartDate", Some(d));
            w.date("EndDate", Some(d));
            w.close("PromisedDeliveryPeriod");
            w.close("Delivery");
        }
        if let Some(pr) = l.unit_price {
            if cur.is_empty() {
                w.error(
                    &format!("{path}.unit_price"),
                    "A price needs the document currency",
                );
            }
            w.open("Price");
            w.price("PriceAmount", &cur, pr);
            w.close("Price");
        }
        let name = l
            .description
            .as_deref()
            .or(l.supplier_part_id.as_deref())
            .or(l.buyer_part_id.as_deref())
            .unwrap_or("Item");
        let mut it = ItemOut::named(Some(name));
        it.buyer = l.buyer_part_id.as_deref();
        it.seller = l.supplier_part_id.as_deref();
        item(&mut w, &it, &format!("{path}.description"));
        w.close("LineItem");
        w.open("OrderLineReference");
        w.leaf("LineID", &l.line_number.to_string());
        w.close("OrderLineReference");
        w.close("OrderLine");
    }
    w.finish(kind)
}

// ---------------------------------------------------------------------------------------------
// DespatchAdvice

/// Write a canonical ship notice as a UBL `DespatchAdvice` (Peppol T16). `ship_from` (else
/// `seller`) is the DespatchSupplierParty, `ship_to` (else `buyer`) the DeliveryCustomerParty;
/// every line references its order (`OrderLineReference/OrderReference/ID`).
pub fn write_despatch_advice(n: &ShipNotice, p: &WriteParams) -> (String, Vec<Issue>) {
    let kind = DocKind::DespatchAdvice;
    let mut w = W::new(kind);
    w.head(p, Profile::DespatchAdvice, &n.shipment_id, "shipment_id");
    w.issue_date(n.notice_date, p, "notice_date");
    w.opt(
        "DespatchAdviceTypeCode",
        n.extrinsics
            .get("despatch_advice_type_code")
            .map(String::as_str),
    );
    if !n.comments.is_empty() {
        w.leaf("Note", &n.comments.join("\n"));
    }
    if let Some(o) = n.orders.first() {
        w.open("OrderReference");
        w.leaf("ID", &o.order_number);
        w.close("OrderReference");
    }
    let despatch = n.ship_from.as_ref().or(n.seller.as_ref());
    let delivery = n.ship_to.as_ref().or(n.buyer.as_ref());
    let style = PartyStyle {
        tax: false,
        legal: true,
        address: true,
        contact: true,
    };
    endpoint_check(&mut w, despatch, "ship_from");
    endpoint_check(&mut w, delivery, "ship_to");
    role(
        &mut w,
        "DespatchSupplierParty",
        despatch,
        style,
        "ship_from",
    );
    role(&mut w, "DeliveryCustomerParty", delivery, style, "ship_to");
    let light = PartyStyle {
        tax: false,
        legal: false,
        address: true,
        contact: false,
    };
    if let Some(b) = n.buyer.as_ref().filter(|_| n.ship_to.is_some()) {
        role(&mut w, "BuyerCustomerParty", Some(b), light, "buyer");
    }
    if let Some(s) = n.seller.as_ref().filter(|_| n.ship_from.is_some()) {
        role(&mut w, "SellerSupplierParty", Some(s), light, "seller");
    }
    // Shipment
    w.open("Shipment");
    let shipment_id = n
        .extrinsics
        .get("shipment_id")
        .cloned()
        .unwrap_or_else(|| n.shipment_id.clone());
    w.leaf("ID", &shipment_id);
    if let Some(m) = &n.total_weight {
        w.quantity("GrossWeightMeasure", m.value, m.unit.as_str());
    }
    if !n.packages.is_empty() {
        w.leaf(
            "TotalTransportHandlingUnitQuantity",
            &n.packages.len().to_string(),
        );
    }
    if n.carrier.is_some() || n.tracking_number.is_some() || n.carrier_code.is_some() {
        w.open("Consignment");
        w.leaf("ID", n.tracking_number.as_deref().unwrap_or("NA"));
        if n.carrier.is_some() || n.carrier_code.is_some() {
            w.open("CarrierParty");
            if let Some(c) = &n.carrier_code {
                w.open("PartyIdentification");
                w.leaf("ID", c);
                w.close("PartyIdentification");
            }
            if let Some(c) = &n.carrier {
                w.open("PartyName");
                w.leaf("Name", c);
                w.close("PartyName");
            }
            w.close("CarrierParty");
        }
        w.close("Consignment");
    }
    if n.expected_delivery_date.is_some() || n.ship_date.is_some() {
        w.open("Delivery");
        if let Some(d) = n.expected_delivery_date {
            w.open("EstimatedDeliveryPeriod");
            w.date("StartDate", Some(d));
            w.date("EndDate", Some(d));
            w.close("EstimatedDeliveryPeriod");
        }
        if let Some(d) = n.ship_date {
            w.open("Despatch");
            w.date("ActualDespatchDate", Some(d));
            w.close("Despatch");
        }
        w.close("Delivery");
    }
    for pkg in &n.packages {
        w.open("TransportHandlingUnit");
        w.opt("ID", pkg.sscc.as_deref());
        w.opt("TransportHandlingUnitTypeCode", pkg.package_type.as_deref());
        if let Some(m) = &pkg.weight {
            w.open("MeasurementDimension");
            w.leaf("AttributeID", "AAB");
            w.quantity("Measure", m.value, m.unit.as_str());
            w.close("MeasurementDimension");
        }
        w.close("TransportHandlingUnit");
    }
    w.close("Shipment");
    // Lines
    let mut k = 0u32;
    for (oi, o) in n.orders.iter().enumerate() {
        for (li, l) in o.lines.iter().enumerate() {
            k += 1;
            let path = format!("orders[{oi}].lines[{li}]");
            w.open("DespatchLine");
            w.leaf("ID", &k.to_string());
            let unit = unit_code(
                l.unit_of_measure.as_ref(),
                &mut w,
                &format!("{path}.unit_of_measure"),
            );
            w.quantity("DeliveredQuantity", l.quantity, &unit);
            if let Some(ordered) = l.ordered_quantity {
                let outstanding = ordered - l.quantity;
                if outstanding > Decimal::ZERO {
                    w.quantity("OutstandingQuantity", outstanding, &unit);
                }
            }
            w.open("OrderLineReference");
            w.leaf("LineID", &l.line_number.to_string());
            if o.order_number.trim().is_empty() {
                w.error(
                    &format!("orders[{oi}].order_number"),
                    "The order number is empty",
                );
            }
            w.open("OrderReference");
            w.leaf("ID", &o.order_number);
            w.close("OrderReference");
            w.close("OrderLineReference");
            let name = l
                .description
                .as_deref()
                .or(l.supplier_part_id.as_deref())
                .or(l.buyer_part_id.as_deref());
            let mut it = ItemOut::named(name);
            it.buyer = l.buyer_part_id.as_deref();
            it.seller = l.supplier_part_id.as_deref();
            it.seller_ext = l.supplier_part_aux_id.as_deref();
            it.gtin = l.gtin.as_ref().map(|g| g.as_str());
            it.batch = l.batch_number.as_deref();
            it.serials = &l.serial_numbers;
            item(&mut w, &it, &format!("{path}.description"));
            w.close("DespatchLine");
        }
    }
    if k == 0 {
        w.error("orders", "The ship notice has no lines");
    }
    w.finish(kind)
}

// ---------------------------------------------------------------------------------------------
// Catalogue

/// Write a canonical catalog as a UBL `Catalogue` (Peppol T19, catalogue-only profile). The
/// `supplier` is the ProviderParty and SellerSupplierParty, the `buyer` the ReceiverParty (both
/// mandatory). Each item becomes a `CatalogueLine` with its first price (with validity) under
/// `RequiredItemLocationQuantity/Price`.
pub fn write_catalogue(c: &Catalog, p: &WriteParams) -> (String, Vec<Issue>) {
    let kind = DocKind::Catalogue;
    let mut w = W::new(kind);
    w.head(p, Profile::CatalogueOnly, &c.catalog_id, "catalog_id");
    w.leaf("ActionCode", "Add");
    w.opt("Name", c.name.as_deref());
    let issued = c.issued_at.map(|t| t.date_naive());
    w.issue_date(issued, p, "issued_at");
    w.opt("Description", c.description.as_deref());
    w.opt("VersionID", c.version.as_deref());
    if c.valid_from.is_some() || c.valid_to.is_some() {
        w.open("ValidityPeriod");
        w.date("StartDate", c.valid_from);
        w.date("EndDate", c.valid_to);
        w.close("ValidityPeriod");
    }
    let style = PartyStyle {
        tax: false,
        legal: true,
        address: true,
        contact: true,
    };
    let empty = Party::default();
    let provider = c.supplier.as_ref().unwrap_or_else(|| {
        w.error("supplier", "The catalogue has no supplier (ProviderParty)");
        &empty
    });
    let receiver = c.buyer.as_ref().unwrap_or_else(|| {
        w.error("buyer", "The catalogue has no buyer (ReceiverParty)");
        &empty
    });
    endpoint_check(&mut w, Some(provider), "supplier");
    endpoint_check(&mut w, Some(receiver), "buyer");
    w.open("ProviderParty");
    party_body(&mut w, provider, style, "supplier");
    w.close("ProviderParty");
    w.open("ReceiverParty");
    party_body(&mut w, receiver, style, "buyer");
    w.close("ReceiverParty");
    role(
        &mut w,
        "SellerSupplierParty",
        Some(provider),
        PartyStyle {
            tax: false,
            legal: false,
            address: false,
            contact: false,
        },
        "supplier",
    );
    let currency = c.currency.as_ref().map(|c| c.as_str().to_owned());
    for (i, itm) in c.items.iter().enumerate() {
        let path = format!("items[{i}]");
        w.open("CatalogueLine");
        w.leaf("ID", &(i + 1).to_string());
        w.leaf("OrderableIndicator", "true");
        let unit = itm
            .unit_of_measure
            .as_ref()
            .map(|u| unit_code(Some(u), &mut w, &format!("{path}.unit_of_measure")));
        w.opt("OrderableUnit", unit.as_deref());
        if let Some(inc) = itm.order_increment {
            w.leaf(
                "OrderQuantityIncrementNumeric",
                &inc.normalize().to_string(),
            );
        }
        if let (Some(min), Some(u)) = (itm.min_order_quantity, unit.as_deref()) {
            w.quantity("MinimumOrderQuantity", min, u);
        }
        if let Some(pr) = itm.prices.first() {
            w.open("RequiredItemLocationQuantity");
            if let Some(days) = itm.lead_time_days {
                w.quantity("LeadTimeMeasure", Decimal::from(days), "DAY");
            }
            let cur = pr
                .currency
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .or_else(|| currency.clone());
            let cur = match cur {
                Some(c) => c,
                None => {
                    w.error(
                        &format!("{path}.prices[0].currency"),
                        "No currency for the price",
                    );
                    String::new()
                }
            };
            w.open("Price");
            w.price("PriceAmount", &cur, pr.unit_price);
            if let Some(u) = unit.as_deref() {
                w.quantity("BaseQuantity", Decimal::ONE, u);
            }
            if pr.valid_from.is_some() || pr.valid_to.is_some() {
                w.open("ValidityPeriod");
                w.date("StartDate", pr.valid_from);
                w.date("EndDate", pr.valid_to);
                w.close("ValidityPeriod");
            }
            w.close("Price");
            w.close("RequiredItemLocationQuantity");
        }
        let name = itm
            .description
            .as_deref()
            .unwrap_or(itm.supplier_part_id.as_str());
        let mut it = ItemOut::named(Some(name));
        it.description = itm.long_description.as_deref();
        it.seller = Some(itm.supplier_part_id.as_str()).filter(|s| !s.is_empty());
        it.seller_ext = itm.supplier_part_aux_id.as_deref();
        it.manufacturer = itm.manufacturer_part_id.as_deref();
        it.gtin = itm.gtin.as_ref().map(|g| g.as_str());
        it.classification = &itm.classification;
        it.manufacturer_name = itm.manufacturer_name.as_deref();
        if it.seller.is_none() {
            w.error(
                &format!("{path}.supplier_part_id"),
                "The item has no supplier part id",
            );
        }
        item(&mut w, &it, &format!("{path}.description"));
        w.close("CatalogueLine");
    }
    if c.items.is_empty() {
        w.error("items", "The catalogue has no items");
    }
    w.finish(kind)
}
