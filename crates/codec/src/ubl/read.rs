//! Lenient UBL 2.1 reader: element tree → canonical documents.

use chrono::NaiveDate;
use model::{
    Catalog, CatalogItem, Charge, ChargeIndicator, Classification, Contact, CurrencyCode, Document,
    Extrinsics, Gtin, Identifier, Invoice, InvoiceLine, InvoicePurpose, InvoiceTotals,
    LineChangeKind, Measure, OrderChange, OrderChangeLine, OrderLine, OrderPurpose, OrderResponse,
    OrderResponseLine, Package, Party, PaymentTerms, Price, PurchaseOrder, Reference,
    ReferenceKind, ResponseStatus, ShipNotice, ShipNoticeLine, ShipNoticeOrder, Shipping, Tax,
    TaxCategory, Totals, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::tree::{self, El, MAINDOC_PREFIX};
use super::{scheme_from_icd, tax_code_heuristic, DocKind, Endpoint, Envelope};
use crate::cxml::parse_decimal;
use crate::xml::{limit, MAX_ISSUES};
use crate::{CodecError, Format, Issue, Location};

/// Read any supported UBL 2.1 document (see the module docs for the table) into the canonical
/// model. Fails only when nothing can be read: not well-formed XML, or a root element that is not
/// a supported UBL document.
#[allow(clippy::result_large_err)] // the codec's error type, as cxml::read
pub fn read(input: &[u8]) -> Result<(Document, Vec<Issue>), CodecError> {
    let (root, issues) = parse_root(input)?;
    let kind = root_kind(&root)?;
    let mut cx = Ctx::new(issues);
    check_namespace(&root, kind, &mut cx);
    let doc = match kind {
        DocKind::Order => Document::PurchaseOrder(read_order(&root, &mut cx)),
        DocKind::OrderChange | DocKind::OrderCancellation => {
            Document::OrderChange(read_order_change(&root, kind, &mut cx))
        }
        DocKind::OrderResponse | DocKind::OrderResponseSimple => {
            Document::OrderResponse(read_order_response(&root, &mut cx))
        }
        DocKind::DespatchAdvice => Document::ShipNotice(read_despatch(&root, &mut cx)),
        DocKind::Invoice | DocKind::CreditNote => {
            Document::Invoice(read_invoice(&root, kind, &mut cx))
        }
        DocKind::Catalogue => Document::Catalog(read_catalogue(&root, &mut cx)),
    };
    Ok((doc, cx.finish()))
}

/// The routing facts of a UBL document without mapping it: document kind, ID, Peppol
/// CustomizationID/ProfileID and the sender/receiver `EndpointID`s (see [`Envelope`]).
#[allow(clippy::result_large_err)] // the codec's error type, as cxml::read
pub fn envelope(input: &[u8]) -> Result<Envelope, CodecError> {
    let (root, _) = parse_root(input)?;
    let kind = root_kind(&root)?;
    let (from, to) = kind.sender_receiver();
    let endpoint = |role: &str| {
        let r = root.child(role)?;
        let e = r.at("Party/EndpointID").or_else(|| r.child("EndpointID"))?;
        Some(Endpoint {
            scheme: e.attr("schemeID").map(str::to_owned),
            value: e.value()?,
        })
    };
    Ok(Envelope {
        kind,
        id: root.text_at("ID"),
        customization_id: root.text_at("CustomizationID"),
        profile_id: root.text_at("ProfileID"),
        sender: endpoint(from),
        receiver: endpoint(to),
    })
}

#[allow(clippy::result_large_err)] // the codec's error type, as cxml::read
fn parse_root(input: &[u8]) -> Result<(El, Vec<Issue>), CodecError> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(CodecError::Empty);
    }
    let malformed = |(offset, message)| CodecError::Malformed {
        format: Format::Ubl,
        location: Location::at_offset(offset),
        message,
    };
    match latin1_to_utf8(input) {
        Some(utf8) => {
            let (root, mut issues) = tree::parse(&utf8).map_err(malformed)?;
            issues.insert(
                0,
                Issue::warning(
                    Location::at_offset(0),
                    "Document declared ISO-8859-1 and is not UTF-8: transcoded (byte offsets \
                     below refer to the transcoded text)",
                ),
            );
            Ok((root, issues))
        }
        None => tree::parse(input).map_err(malformed),
    }
}

/// Real catalogues are sent in ISO-8859-1 (declared in the XML declaration). When the input is
/// not valid UTF-8 and declares ISO-8859-1 / Latin-1, each byte is its code point; the XML
/// declaration is rewritten to UTF-8. `None` when no transcoding applies.
fn latin1_to_utf8(input: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(input).is_ok() {
        return None;
    }
    let head_end = input.iter().position(|&b| b == b'>')?;
    let head = input.get(..head_end)?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let declared = ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso_8859-1"]
        .iter()
        .any(|e| head.contains(e));
    if !declared {
        return None;
    }
    let text: String = input.iter().map(|&b| char::from(b)).collect();
    let lower = text.get(..=head_end)?.to_ascii_lowercase();
    let decl = ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso_8859-1"]
        .iter()
        .find_map(|e| lower.find(e).map(|i| (i, e.len())))?;
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(text.get(..decl.0)?);
    out.push_str("UTF-8");
    out.push_str(text.get(decl.0 + decl.1..)?);
    Some(out.into_bytes())
}

#[allow(clippy::result_large_err)] // the codec's error type, as cxml::read
fn root_kind(root: &El) -> Result<DocKind, CodecError> {
    DocKind::from_root(&root.local).ok_or_else(|| CodecError::Malformed {
        format: Format::Ubl,
        location: Location::at_path(root.path()),
        message: format!(
            "root element {} is not a supported UBL 2.1 document (Order, OrderChange, \
             OrderCancellation, OrderResponse, OrderResponseSimple, DespatchAdvice, Invoice, \
             CreditNote, Catalogue)",
            limit(&root.local, 60)
        ),
    })
}

fn check_namespace(root: &El, kind: DocKind, cx: &mut Ctx) {
    let want = format!("{MAINDOC_PREFIX}{}-2", kind.root_name());
    if *root.ns != *want {
        let got = if root.ns.is_empty() {
            "no namespace".to_owned()
        } else {
            limit(&root.ns, 100)
        };
        cx.warn(
            &root.path(),
            format!("Root element is in {got}, expected {want}; read as UBL anyway"),
        );
    }
}

struct Ctx {
    issues: Vec<Issue>,
    /// Mapping issues listed so far (the XML parser's come first and are capped by it).
    own: usize,
    /// Mapping issues beyond [`MAX_ISSUES`], counted only.
    suppressed: usize,
}

impl Ctx {
    fn new(issues: Vec<Issue>) -> Self {
        Self {
            issues,
            own: 0,
            suppressed: 0,
        }
    }

    /// Keep at most [`MAX_ISSUES`] mapping issues (a million bad lines must not make a million
    /// issues); the rest are summed up by [`Ctx::finish`].
    fn push(&mut self, issue: Issue) {
        if self.own < MAX_ISSUES {
            self.own += 1;
            self.issues.push(issue);
        } else {
            self.suppressed = self.suppressed.saturating_add(1);
        }
    }

    fn finish(mut self) -> Vec<Issue> {
        if self.suppressed > 0 {
            let n = self.suppressed;
            self.issues.push(Issue::warning(
                Location::default(),
                format!("{n} more issues were not listed"),
            ));
        }
        self.issues
    }

    fn warn(&mut self, path: &str, msg: impl Into<String>) {
        self.push(Issue::warning(Location::at_path(path), msg));
    }

    fn error(&mut self, path: &str, msg: impl Into<String>) {
        self.push(Issue::error(Location::at_path(path), msg));
    }

    /// Mandatory text: an error when missing.
    fn required(&mut self, el: &El, name: &str) -> String {
        match el.text_at(name) {
            Some(v) => v,
            None => {
                self.error(
                    &format!("{}/{name}", el.path()),
                    format!("Mandatory {name} is missing"),
                );
                String::new()
            }
        }
    }

    fn decimal(&mut self, el: Option<&El>) -> Option<Decimal> {
        let el = el?;
        let v = el.value()?;
        match parse_decimal(&v) {
            Some(d) => Some(d),
            None => {
                self.error(
                    &el.path(),
                    format!("{} {} is not a number", el.local, limit(&v, 40)),
                );
                None
            }
        }
    }

    fn date(&mut self, el: Option<&El>) -> Option<NaiveDate> {
        let el = el?;
        let v = el.value()?;
        match parse_date(&v) {
            Some(d) => Some(d),
            None => {
                self.warn(
                    &el.path(),
                    format!(
                        "{} {} is not a date (YYYY-MM-DD); ignored",
                        el.local,
                        limit(&v, 40)
                    ),
                );
                None
            }
        }
    }

    fn currency(&mut self, root: &El) -> Option<CurrencyCode> {
        let el = root.child("DocumentCurrencyCode")?;
        let v = el.value()?;
        match CurrencyCode::parse(&v) {
            Ok(c) => Some(c),
            Err(_) => {
                self.warn(
                    &el.path(),
                    format!(
                        "Currency {} is not an ISO 4217 code; ignored",
                        limit(&v, 20)
                    ),
                );
                None
            }
        }
    }

    /// Quantity and its `unitCode`.
    fn quantity(&mut self, el: Option<&El>) -> (Option<Decimal>, Option<UnitOfMeasure>) {
        let Some(el) = el else {
            return (None, None);
        };
        let q = self.decimal(Some(el));
        let unit = el
            .attr("unitCode")
            .and_then(|u| match UnitOfMeasure::from_common(u) {
                Ok(u) => Some(u),
                Err(_) => {
                    self.warn(
                        &format!("{}/@unitCode", el.path()),
                        format!("Unit {} is not a UN/ECE Rec 20 code; ignored", limit(u, 20)),
                    );
                    None
                }
            });
        (q, unit)
    }
}

/// `YYYY-MM-DD`, optionally followed by a time zone (`Z`, `+01:00`) as xsd:date allows.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    let tail = s.get(10..)?;
    let tz_ok = tail.is_empty()
        || tail == "Z"
        || ((tail.starts_with('+') || tail.starts_with('-')) && tail.len() == 6);
    if !tz_ok {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/// `cac:Party` (or a party-like aggregate) → canonical party.
fn party(p: &El) -> Party {
    let mut out = Party::default();
    if let Some(e) = p.child("EndpointID") {
        if let Some(v) = e.value() {
            let scheme = e.attr("schemeID").unwrap_or("unknown");
            out.identifiers
                .push(Identifier::new(format!("endpoint:{scheme}"), v));
        }
    }
    for pi in p.all("PartyIdentification") {
        if let Some(id) = pi.child("ID") {
            if let Some(v) = id.value() {
                out.identifiers
                    .push(Identifier::new(scheme_from_icd(id.attr("schemeID")), v));
            }
        }
    }
    // Some parties (DeliveryLocation) carry a bare cbc:ID.
    if let Some(id) = p.child("ID") {
        if let Some(v) = id.value() {
            out.identifiers
                .push(Identifier::new(scheme_from_icd(id.attr("schemeID")), v));
        }
    }
    out.name = p
        .text_at("PartyName/Name")
        .or_else(|| p.text_at("Name"))
        .or_else(|| p.text_at("PartyLegalEntity/RegistrationName"));
    for pts in p.all("PartyTaxScheme") {
        if let Some(v) = pts.text_at("CompanyID") {
            let scheme = match pts.text_at("TaxScheme/ID") {
                Some(s) if s.eq_ignore_ascii_case("VAT") => "vat".to_owned(),
                Some(s) => format!("tax:{}", s.to_ascii_lowercase()),
                None => "vat".to_owned(),
            };
            out.identifiers.push(Identifier::new(scheme, v));
        }
    }
    for ple in p.all("PartyLegalEntity") {
        if let Some(id) = ple.child("CompanyID") {
            if let Some(v) = id.value() {
                let scheme = match id.attr("schemeID") {
                    Some(s) => format!("legal:{s}"),
                    None => "legal".to_owned(),
                };
                out.identifiers.push(Identifier::new(scheme, v));
            }
        }
    }
    let addr = p
        .child("PostalAddress")
        .or_else(|| p.child("Address"))
        .or_else(|| p.at("PhysicalLocation/Address"));
    if let Some(a) = addr {
        address_into(a, &mut out);
    }
    for c in p.all("Contact") {
        let contact = Contact {
            name: c.text_at("Name"),
            role: c.text_at("ID"),
            email: c.text_at("ElectronicMail"),
            phone: c.text_at("Telephone"),
        };
        if contact != Contact::default() {
            out.contacts.push(contact);
        }
    }
    out
}

fn address_into(a: &El, out: &mut Party) {
    for name in ["StreetName", "AdditionalStreetName"] {
        if let Some(v) = a.text_at(name) {
            out.address_lines.push(v);
        }
    }
    let building = [a.text_at("BuildingNumber"), a.text_at("BuildingName")];
    for v in building.into_iter().flatten() {
        out.address_lines.push(v);
    }
    for line in a.all("AddressLine") {
        if let Some(v) = line.text_at("Line") {
            out.address_lines.push(v);
        }
    }
    out.city = a.text_at("CityName");
    out.postal_code = a.text_at("PostalZone");
    out.region = a.text_at("CountrySubentity");
    out.country = a.text_at("Country/IdentificationCode");
}

/// `cac:XxxParty/cac:Party` (the role wrapper) → party.
fn role_party(root: &El, role: &str) -> Option<Party> {
    let r = root.child(role)?;
    let p = r.child("Party").unwrap_or(r);
    let mut party = party(p);
    // A delivery contact sits on the role (DeliveryContact, BuyerContact, …) in some documents.
    for c in r.children.iter().filter(|c| c.local.ends_with("Contact")) {
        let contact = Contact {
            name: c.text_at("Name"),
            role: c.text_at("ID"),
            email: c.text_at("ElectronicMail"),
            phone: c.text_at("Telephone"),
        };
        if contact != Contact::default() {
            party.contacts.push(contact);
        }
    }
    Some(party)
}

/// `cac:Delivery` → ship-to party (DeliveryLocation + DeliveryParty).
fn delivery_party(d: &El) -> Option<Party> {
    let mut out: Option<Party> = None;
    if let Some(loc) = d.child("DeliveryLocation") {
        let mut p = Party::default();
        if let Some(id) = loc.child("ID") {
            if let Some(v) = id.value() {
                p.identifiers
                    .push(Identifier::new(scheme_from_icd(id.attr("schemeID")), v));
            }
        }
        p.name = loc.text_at("Name").or_else(|| loc.text_at("Description"));
        if let Some(a) = loc.child("Address") {
            address_into(a, &mut p);
        }
        out = Some(p);
    }
    if let Some(dp) = d.child("DeliveryParty") {
        let dp = party(dp);
        let p = out.get_or_insert_with(Party::default);
        if dp.name.is_some() {
            p.name = dp.name;
        }
        p.identifiers.extend(dp.identifiers);
        if p.address_lines.is_empty() && p.city.is_none() {
            p.address_lines = dp.address_lines;
            p.city = dp.city;
            p.postal_code = dp.postal_code;
            p.region = dp.region;
            p.country = dp.country;
        }
        p.contacts.extend(dp.contacts);
    }
    out
}

fn requested_delivery(d: &El, cx: &mut Ctx) -> Option<NaiveDate> {
    let start = d.at("RequestedDeliveryPeriod/StartDate");
    let end = d.at("RequestedDeliveryPeriod/EndDate");
    cx.date(start)
        .or_else(|| cx.date(end))
        .or_else(|| cx.date(d.child("LatestDeliveryDate")))
}

fn allowance_charge(ac: &El, cx: &mut Ctx) -> Charge {
    let indicator = match ac.text_at("ChargeIndicator").as_deref() {
        Some("true") | Some("1") => ChargeIndicator::Charge,
        Some("false") | Some("0") => ChargeIndicator::Allowance,
        other => {
            cx.error(
                &format!("{}/ChargeIndicator", ac.path()),
                format!(
                    "ChargeIndicator {} is not true or false; read as an allowance",
                    limit(other.unwrap_or("(missing)"), 20)
                ),
            );
            ChargeIndicator::Allowance
        }
    };
    Charge {
        indicator,
        code: ac.text_at("AllowanceChargeReasonCode"),
        description: ac.text_at("AllowanceChargeReason"),
        amount: cx.decimal(ac.child("Amount")),
        percent: cx.decimal(ac.child("MultiplierFactorNumeric")),
    }
}

/// A `TaxCategory` / `ClassifiedTaxCategory` → tax (rate, scheme); the UNCL 5305 code is
/// returned beside it.
fn tax_category(tc: &El, cx: &mut Ctx) -> (Tax, Option<String>) {
    let scheme = tc.text_at("TaxScheme/ID");
    let tax = Tax {
        category: Some(tax_scheme(scheme.as_deref())),
        rate: cx.decimal(tc.child("Percent")),
        description: tc.text_at("TaxExemptionReason"),
        ..Tax::default()
    };
    (tax, tc.text_at("ID"))
}

fn tax_scheme(s: Option<&str>) -> TaxCategory {
    match s.map(str::to_ascii_uppercase).as_deref() {
        None | Some("VAT") => TaxCategory::Vat,
        Some("GST") => TaxCategory::Gst,
        Some(other) => TaxCategory::Other(other.to_ascii_lowercase()),
    }
}

/// `cac:TaxTotal`s → (total tax amount, subtotals). Category codes that the rate alone would
/// not give back are kept in `extrinsics` as `tax_category_code:<rate>`.
fn tax_totals(
    root: &El,
    currency: Option<&CurrencyCode>,
    extrinsics: &mut Extrinsics,
    cx: &mut Ctx,
) -> (Option<Decimal>, Vec<Tax>) {
    let mut total = None;
    let mut taxes = Vec::new();
    for tt in root.all("TaxTotal") {
        let amount_el = tt.child("TaxAmount");
        // A second TaxTotal in another currency (BT-111, tax accounting currency) is not the
        // document's tax.
        let other_currency = match (amount_el.and_then(|a| a.attr("currencyID")), currency) {
            (Some(c), Some(doc)) => c != doc.as_str(),
            _ => false,
        };
        if other_currency {
            continue;
        }
        if total.is_none() {
            total = cx.decimal(amount_el);
        }
        for st in tt.all("TaxSubtotal") {
            let (mut tax, code) = match st.child("TaxCategory") {
                Some(tc) => tax_category(tc, cx),
                None => (Tax::default(), None),
            };
            tax.taxable_amount = cx.decimal(st.child("TaxableAmount"));
            tax.amount = cx.decimal(st.child("TaxAmount"));
            if tax.rate.is_none() {
                tax.rate = cx.decimal(st.child("Percent"));
            }
            remember_tax_code(&tax, code, extrinsics);
            taxes.push(tax);
        }
    }
    (total, taxes)
}

fn remember_tax_code(tax: &Tax, code: Option<String>, extrinsics: &mut Extrinsics) {
    if let Some(code) = code {
        if code != tax_code_heuristic(tax) {
            let rate = tax.rate.unwrap_or_default().normalize();
            extrinsics.insert(format!("tax_category_code:{rate}"), code);
        }
    }
}

fn payment_terms(root: &El, due: Option<NaiveDate>, cx: &mut Ctx) -> Option<PaymentTerms> {
    let pt = root.child("PaymentTerms");
    let mut terms = PaymentTerms {
        due_date: due,
        ..PaymentTerms::default()
    };
    if let Some(pt) = pt {
        let notes: Vec<String> = pt.all("Note").filter_map(El::value).collect();
        if !notes.is_empty() {
            terms.description = Some(notes.join("\n"));
        }
        if terms.due_date.is_none() {
            terms.due_date = cx.date(pt.child("PaymentDueDate"));
        }
        terms.discount_percent = cx.decimal(pt.child("SettlementDiscountPercent"));
    }
    (terms != PaymentTerms::default()).then_some(terms)
}

fn notes(el: &El) -> Vec<String> {
    el.all("Note").filter_map(El::value).collect()
}

/// Document references → canonical references.
fn references(root: &El, cx: &mut Ctx) -> Vec<Reference> {
    let mut out = Vec::new();
    let table: [(&str, ReferenceKind); 9] = [
        ("ContractDocumentReference", ReferenceKind::Contract),
        ("Contract", ReferenceKind::Contract),
        ("OrderDocumentReference", ReferenceKind::PurchaseOrder),
        ("QuotationDocumentReference", ReferenceKind::Quote),
        ("OriginatorDocumentReference", ReferenceKind::Requisition),
        ("DespatchDocumentReference", ReferenceKind::DeliveryNote),
        (
            "ReceiptDocumentReference",
            ReferenceKind::Other("receipt".to_owned()),
        ),
        (
            "CatalogueReference",
            ReferenceKind::Other("catalogue".to_owned()),
        ),
        ("ProjectReference", ReferenceKind::Project),
    ];
    for (name, kind) in table {
        for r in root.all(name) {
            if let Some(v) = r.text_at("ID") {
                out.push(Reference {
                    kind: kind.clone(),
                    value: v,
                    date: cx.date(r.child("IssueDate")),
                });
            }
        }
    }
    for br in root.all("BillingReference") {
        if let Some(r) = br
            .child("InvoiceDocumentReference")
            .or_else(|| br.child("CreditNoteDocumentReference"))
        {
            if let Some(v) = r.text_at("ID") {
                out.push(Reference {
                    kind: ReferenceKind::Invoice,
                    value: v,
                    date: cx.date(r.child("IssueDate")),
                });
            }
        }
    }
    for r in root.all("AdditionalDocumentReference") {
        if let Some(v) = r.text_at("ID") {
            let kind = match r
                .text_at("DocumentTypeCode")
                .or_else(|| r.text_at("DocumentType"))
            {
                Some(code) => ReferenceKind::Other(format!("additional:{code}")),
                None => ReferenceKind::Other("additional".to_owned()),
            };
            out.push(Reference {
                kind,
                value: v,
                date: cx.date(r.child("IssueDate")),
            });
        }
    }
    out
}

/// Common header extrinsics.
fn header_extrinsics(root: &El) -> Extrinsics {
    let mut x = Extrinsics::new();
    for (name, key) in [
        ("CustomizationID", "customization_id"),
        ("ProfileID", "profile_id"),
        ("BuyerReference", "buyer_reference"),
        ("AccountingCost", "accounting_cost"),
        ("CustomerReference", "customer_reference"),
        ("SalesOrderID", "sales_order_id"),
        ("UUID", "uuid"),
        ("IssueTime", "issue_time"),
    ] {
        if let Some(v) = root.text_at(name) {
            x.insert(key.to_owned(), v);
        }
    }
    x
}

/// Line item identification fields.
#[derive(Default)]
struct ItemFields {
    name: Option<String>,
    description: Option<String>,
    supplier_part_id: Option<String>,
    supplier_part_aux_id: Option<String>,
    buyer_part_id: Option<String>,
    gtin: Option<Gtin>,
    manufacturer_part_id: Option<String>,
    manufacturer_name: Option<String>,
    classification: Vec<Classification>,
    taxes: Vec<(Tax, Option<String>)>,
    batch: Option<String>,
    serials: Vec<String>,
}

impl ItemFields {
    /// Name, else description.
    fn label(&self) -> Option<String> {
        self.name.clone().or_else(|| self.description.clone())
    }
}

fn item(it: &El, cx: &mut Ctx) -> ItemFields {
    let mut f = ItemFields {
        name: it.text_at("Name"),
        description: it.all("Description").filter_map(El::value).next(),
        supplier_part_id: it.text_at("SellersItemIdentification/ID"),
        supplier_part_aux_id: it.text_at("SellersItemIdentification/ExtendedID"),
        buyer_part_id: it.text_at("BuyersItemIdentification/ID"),
        manufacturer_part_id: it.text_at("ManufacturersItemIdentification/ID"),
        manufacturer_name: it.text_at("ManufacturerParty/PartyName/Name"),
        ..ItemFields::default()
    };
    if let Some(std) = it.at("StandardItemIdentification/ID") {
        if let Some(v) = std.value() {
            let scheme = std.attr("schemeID");
            if matches!(scheme, None | Some("0160") | Some("GTIN")) {
                match Gtin::parse(&v) {
                    Ok(g) => {
                        if !g.has_valid_check_digit() {
                            cx.warn(
                                &std.path(),
                                format!("GTIN {} has a wrong check digit", limit(&v, 20)),
                            );
                        }
                        f.gtin = Some(g);
                    }
                    Err(_) => cx.warn(
                        &std.path(),
                        format!(
                            "GTIN {} is not 8, 12, 13 or 14 digits; ignored",
                            limit(&v, 30)
                        ),
                    ),
                }
            } else if f.manufacturer_part_id.is_none() {
                // Another standard scheme (e.g. 0088 GLN used as an item id): keep it visible.
                f.classification.push(Classification::new(
                    format!("standard:{}", scheme.unwrap_or_default()),
                    v,
                ));
            }
        }
    }
    for cc in it.all("CommodityClassification") {
        if let Some(code) = cc.child("ItemClassificationCode") {
            if let Some(v) = code.value() {
                let scheme = code.attr("listID").unwrap_or("unknown");
                let scheme = if scheme.eq_ignore_ascii_case("MP") || scheme == "UNSPSC" {
                    "UNSPSC".to_owned()
                } else {
                    scheme.to_owned()
                };
                f.classification.push(Classification::new(scheme, v));
            }
        }
    }
    for tc in it.all("ClassifiedTaxCategory") {
        let t = tax_category(tc, cx);
        f.taxes.push(t);
    }
    for inst in it.all("ItemInstance") {
        if let Some(s) = inst.text_at("SerialID") {
            f.serials.push(s);
        }
        if f.batch.is_none() {
            f.batch = inst.text_at("LotIdentification/LotNumberID");
        }
    }
    f
}

/// `cac:Price` → unit price per one unit of the line's quantity (PriceAmount / BaseQuantity).
fn unit_price(price: Option<&El>, cx: &mut Ctx) -> Option<Decimal> {
    let price = price?;
    let amount = cx.decimal(price.child("PriceAmount"))?;
    let (base, _) = cx.quantity(price.child("BaseQuantity"));
    match base {
        Some(b) if b.is_zero() => {
            cx.warn(
                &format!("{}/BaseQuantity", price.path()),
                "BaseQuantity is zero; the price is taken per unit",
            );
            Some(amount)
        }
        Some(b) if b != Decimal::ONE => amount.checked_div(b).map(|d| d.normalize()),
        _ => Some(amount),
    }
}

/// Line number from a line `ID`: numeric → that number, else the 1-based position (the id is
/// returned so it can be kept).
fn line_number(
    id: Option<String>,
    position: usize,
    path: &str,
    cx: &mut Ctx,
) -> (u32, Option<String>) {
    let pos = u32::try_from(position).unwrap_or(u32::MAX);
    match id {
        Some(id) => match id.parse::<u32>() {
            Ok(n) if n > 0 => (n, None),
            _ => (pos, Some(id)),
        },
        None => {
            cx.error(&format!("{path}/ID"), "Line ID is missing");
            (pos, None)
        }
    }
}

fn order_line_number(v: Option<String>) -> Option<u32> {
    v.and_then(|s| s.parse::<u32>().ok()).filter(|n| *n > 0)
}

// ---------------------------------------------------------------------------------------------
// Order

fn read_order(root: &El, cx: &mut Ctx) -> PurchaseOrder {
    let mut po = PurchaseOrder::new(cx.required(root, "ID"));
    po.order_date = cx.date(root.child("IssueDate"));
    po.currency = cx.currency(root);
    po.extrinsics = header_extrinsics(root);
    if let Some(code) = root.text_at("OrderTypeCode") {
        po.extrinsics.insert("order_type_code".to_owned(), code);
    }
    po.buyer = role_party(root, "BuyerCustomerParty");
    po.seller = role_party(root, "SellerSupplierParty");
    po.bill_to = role_party(root, "AccountingCustomerParty");
    if let Some(orig) = role_party(root, "OriginatorCustomerParty") {
        if let Some(name) = orig.name {
            po.extrinsics.insert("party:originator".to_owned(), name);
        }
    }
    let delivery = root.child("Delivery");
    if let Some(d) = delivery {
        po.ship_to = delivery_party(d);
        if let Some(date) = requested_delivery(d, cx) {
            po.extrinsics
                .insert("requested_delivery_date".to_owned(), date.to_string());
        }
    }
    if let Some(dt) = root.child("DeliveryTerms") {
        po.shipping = Some(Shipping {
            incoterms: dt.text_at("ID"),
            description: dt.text_at("SpecialTerms"),
            ..Shipping::default()
        });
    }
    po.payment_terms = payment_terms(root, None, cx);
    po.charges = root
        .all("AllowanceCharge")
        .map(|ac| allowance_charge(ac, cx))
        .collect();
    let (tax_total, taxes) = tax_totals(root, po.currency.as_ref(), &mut po.extrinsics, cx);
    po.taxes = taxes;
    if let Some(t) = root.child("AnticipatedMonetaryTotal") {
        po.totals = Some(Totals {
            subtotal: cx.decimal(t.child("LineExtensionAmount")),
            tax: tax_total,
            shipping: None,
            total: cx.decimal(t.child("PayableAmount")),
        });
    } else if tax_total.is_some() {
        po.totals = Some(Totals {
            tax: tax_total,
            ..Totals::default()
        });
    }
    po.references = references(root, cx);
    po.comments = notes(root);
    for (i, ol) in root.all("OrderLine").enumerate() {
        po.lines.push(order_line(ol, i + 1, cx));
    }
    if po.lines.is_empty() {
        cx.error(&root.path(), "The order has no OrderLine");
    }
    po
}

fn order_line(ol: &El, position: usize, cx: &mut Ctx) -> OrderLine {
    let li = ol.child("LineItem").unwrap_or(ol);
    let (number, raw_id) = line_number(li.text_at("ID"), position, &li.path(), cx);
    let mut line = OrderLine::new(number, Decimal::ZERO);
    if let Some(id) = raw_id {
        line.extrinsics.insert("buyer_line_id".to_owned(), id);
    }
    let (q, unit) = cx.quantity(li.child("Quantity"));
    match q {
        Some(q) => line.quantity = q,
        // A quantity that is not a number was reported by `quantity`.
        None if li.child("Quantity").and_then(El::value).is_some() => {}
        None => cx.error(
            &format!("{}/Quantity", li.path()),
            "Line quantity is missing",
        ),
    }
    line.unit_of_measure = unit;
    line.unit_price = unit_price(li.child("Price"), cx);
    if let Some(it) = li.child("Item") {
        let f = item(it, cx);
        line.description = f.label();
        if f.name.is_some() {
            if let Some(d) = &f.description {
                if Some(d) != f.name.as_ref() {
                    line.extrinsics
                        .insert("item_description".to_owned(), d.clone());
                }
            }
        }
        line.supplier_part_id = f.supplier_part_id;
        line.supplier_part_aux_id = f.supplier_part_aux_id;
        line.buyer_part_id = f.buyer_part_id;
        line.gtin = f.gtin;
        line.manufacturer_part_id = f.manufacturer_part_id;
        line.manufacturer_name = f.manufacturer_name;
        line.classification = f.classification;
        line.taxes = f.taxes.into_iter().map(|(t, _)| t).collect();
    }
    if let Some(d) = li.child("Delivery") {
        line.requested_delivery_date = requested_delivery(d, cx);
        line.ship_to = delivery_party(d)
            .filter(|p| *p != Party::default())
            .map(Box::new);
    }
    line.charges = li
        .all("AllowanceCharge")
        .map(|ac| allowance_charge(ac, cx))
        .collect();
    line.comments = notes(ol);
    line.comments
        .extend(notes(li).into_iter().filter(|_| !std::ptr::eq(li, ol)));
    if let Some(v) = li.text_at("AccountingCost") {
        line.extrinsics.insert("accounting_cost".to_owned(), v);
    }
    line
}

// ---------------------------------------------------------------------------------------------
// OrderChange / OrderCancellation

fn read_order_change(root: &El, kind: DocKind, cx: &mut Ctx) -> OrderChange {
    let id = cx.required(root, "ID");
    let order_ref = root.all("OrderReference").find_map(|r| r.text_at("ID"));
    let mut oc = OrderChange::new(order_ref.clone().unwrap_or_else(|| {
        cx.warn(
            &format!("{}/OrderReference", root.path()),
            "No OrderReference: the change document's own ID is used as the order number",
        );
        id.clone()
    }));
    oc.extrinsics = header_extrinsics(root);
    oc.extrinsics.insert("change_id".to_owned(), id);
    oc.change_date = cx.date(root.child("IssueDate"));
    oc.order_date = root
        .child("OrderReference")
        .and_then(|r| r.child("IssueDate"))
        .and_then(|d| cx.date(Some(d)));
    oc.currency = cx.currency(root);
    oc.buyer = role_party(root, "BuyerCustomerParty");
    oc.seller = role_party(root, "SellerSupplierParty");
    oc.bill_to = role_party(root, "AccountingCustomerParty");
    oc.comments = notes(root);
    oc.references = references(root, cx);
    if kind == DocKind::OrderCancellation {
        oc.purpose = OrderPurpose::Cancel;
        if let Some(v) = root.text_at("CancellationNote") {
            oc.comments.push(v);
        }
        return oc;
    }
    oc.change_sequence = root
        .text_at("SequenceNumberID")
        .and_then(|s| s.parse().ok());
    if let Some(d) = root.child("Delivery") {
        oc.ship_to = delivery_party(d);
    }
    oc.payment_terms = payment_terms(root, None, cx);
    oc.charges = root
        .all("AllowanceCharge")
        .map(|ac| allowance_charge(ac, cx))
        .collect();
    let (tax_total, taxes) = tax_totals(root, oc.currency.as_ref(), &mut oc.extrinsics, cx);
    oc.taxes = taxes;
    if let Some(t) = root.child("AnticipatedMonetaryTotal") {
        oc.totals = Some(Totals {
            subtotal: cx.decimal(t.child("LineExtensionAmount")),
            tax: tax_total,
            shipping: None,
            total: cx.decimal(t.child("PayableAmount")),
        });
    }
    for (i, ol) in root.all("OrderLine").enumerate() {
        let line = order_line(ol, i + 1, cx);
        let li = ol.child("LineItem").unwrap_or(ol);
        let code = li.text_at("LineStatusCode");
        let change = line_change(code.as_deref().map(str::trim)).unwrap_or_else(|| {
            if let Some(c) = &code {
                cx.warn(
                    &format!("/OrderChange/OrderLine[{}]/LineItem/LineStatusCode", i + 1),
                    format!(
                        "Line status {c:?} is not a UNCL 1229 or UBL line status; read as changed"
                    ),
                );
            }
            LineChangeKind::Changed
        });
        oc.lines.push(OrderChangeLine { change, line });
    }
    oc
}

/// What an OrderChange line's `LineStatusCode` says: UNCL 1229 as Peppol uses it (1 added,
/// 2 deleted, 3 changed, 4 no action, 5 unchanged) or the UBL 2.1 line status code list
/// (`Added`, `Cancelled`, `Revised`, `NoStatus`). `None` for anything else.
fn line_change(code: Option<&str>) -> Option<LineChangeKind> {
    Some(match code? {
        "1" | "Added" => LineChangeKind::Added,
        "2" | "Cancelled" => LineChangeKind::Cancelled,
        "3" | "Revised" => LineChangeKind::Changed,
        "4" | "5" | "NoStatus" => LineChangeKind::Unchanged,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// OrderResponse

/// UNCL 4343 response code → status.
pub(crate) fn response_status(code: &str) -> Option<ResponseStatus> {
    Some(match code {
        "AP" | "29" => ResponseStatus::Accepted,
        "RE" | "27" => ResponseStatus::Rejected,
        "CA" | "AC" | "30" => ResponseStatus::Changed,
        "AB" => ResponseStatus::Pending,
        _ => return None,
    })
}

fn read_order_response(root: &El, cx: &mut Ctx) -> OrderResponse {
    let order_ref = root.all("OrderReference").find_map(|r| r.text_at("ID"));
    let id = cx.required(root, "ID");
    let code_el = root.child("OrderResponseCode");
    let status = match code_el.and_then(El::value) {
        Some(code) => response_status(&code).unwrap_or_else(|| {
            cx.warn(
                &code_el.map_or_else(|| root.path(), El::path),
                format!(
                    "OrderResponseCode {} is unknown; read as changed",
                    limit(&code, 10)
                ),
            );
            ResponseStatus::Changed
        }),
        // OrderResponseSimple: AcceptedIndicator.
        None => match root.text_at("AcceptedIndicator").as_deref() {
            Some("true") => ResponseStatus::Accepted,
            Some("false") => ResponseStatus::Rejected,
            _ => {
                if root.all("OrderLine").next().is_some() {
                    ResponseStatus::Changed
                } else {
                    ResponseStatus::Accepted
                }
            }
        },
    };
    let mut r = OrderResponse::new(
        order_ref.unwrap_or_else(|| {
            cx.error(
                &format!("{}/OrderReference", root.path()),
                "OrderReference/ID (the order answered) is missing",
            );
            String::new()
        }),
        status,
    );
    r.response_number = Some(id).filter(|s| !s.is_empty());
    r.response_date = cx.date(root.child("IssueDate"));
    r.order_date = root
        .child("OrderReference")
        .and_then(|o| o.child("IssueDate"))
        .and_then(|d| cx.date(Some(d)));
    r.currency = cx.currency(root);
    r.extrinsics = header_extrinsics(root);
    r.buyer = role_party(root, "BuyerCustomerParty");
    r.seller = role_party(root, "SellerSupplierParty");
    r.reason = root.text_at("RejectionNote");
    r.comments = notes(root);
    r.references = references(root, cx);
    if let Some(t) = root.child("LegalMonetaryTotal") {
        r.totals = Some(Totals {
            subtotal: cx.decimal(t.child("LineExtensionAmount")),
            total: cx.decimal(t.child("PayableAmount")),
            ..Totals::default()
        });
    }
    for (i, ol) in root.all("OrderLine").enumerate() {
        r.lines.push(response_line(ol, i + 1, r.status.clone(), cx));
    }
    r
}

fn response_line(ol: &El, position: usize, doc: ResponseStatus, cx: &mut Ctx) -> OrderResponseLine {
    let li = ol.child("LineItem").unwrap_or(ol);
    // The order line answered: OrderLineReference/LineID, else the line item's own ID.
    let referenced = ol.text_at("OrderLineReference/LineID");
    let (number, _) = line_number(
        referenced.or_else(|| li.text_at("ID")),
        position,
        &li.path(),
        cx,
    );
    let status = match li.text_at("LineStatusCode").as_deref() {
        Some("5") => ResponseStatus::Accepted,
        Some("7") => ResponseStatus::Rejected,
        Some("3") => ResponseStatus::Changed,
        Some(other) => {
            cx.warn(
                &format!("{}/LineStatusCode", li.path()),
                format!(
                    "LineStatusCode {} is unknown; read as changed",
                    limit(other, 10)
                ),
            );
            ResponseStatus::Changed
        }
        None => doc,
    };
    let mut line = OrderResponseLine::new(number, status);
    let (q, unit) = cx.quantity(li.child("Quantity"));
    line.confirmed_quantity = q;
    line.unit_of_measure = unit;
    let (back, _) = cx.quantity(li.child("MaximumBackorderQuantity"));
    line.backordered_quantity = back;
    line.unit_price = unit_price(li.child("Price"), cx);
    if let Some(d) = li.child("Delivery") {
        line.delivery_date = cx
            .date(d.at("PromisedDeliveryPeriod/StartDate"))
            .or_else(|| cx.date(d.at("PromisedDeliveryPeriod/EndDate")))
            .or_else(|| cx.date(d.child("ActualDeliveryDate")));
        line.requested_delivery_date = requested_delivery(d, cx);
    }
    let it = ol
        .at("SellerSubstitutedLineItem/Item")
        .or_else(|| li.child("Item"));
    if let Some(it) = it {
        let f = item(it, cx);
        line.description = f.label();
        line.supplier_part_id = f.supplier_part_id;
        line.buyer_part_id = f.buyer_part_id;
    }
    line.comments = notes(li);
    line.reason = ol.text_at("Note").filter(|_| !std::ptr::eq(li, ol));
    line
}

// ---------------------------------------------------------------------------------------------
// DespatchAdvice

fn read_despatch(root: &El, cx: &mut Ctx) -> ShipNotice {
    let mut n = ShipNotice::new(cx.required(root, "ID"));
    n.notice_date = cx.date(root.child("IssueDate"));
    n.extrinsics = header_extrinsics(root);
    if let Some(code) = root.text_at("DespatchAdviceTypeCode") {
        n.extrinsics
            .insert("despatch_advice_type_code".to_owned(), code);
    }
    n.comments = notes(root);
    n.seller = role_party(root, "SellerSupplierParty");
    n.buyer = role_party(root, "BuyerCustomerParty");
    n.ship_from = role_party(root, "DespatchSupplierParty");
    n.ship_to = role_party(root, "DeliveryCustomerParty");
    n.references = references(root, cx);
    let doc_order = root.child("OrderReference").and_then(|o| {
        Some(ShipNoticeOrder {
            order_number: o.text_at("ID")?,
            order_date: cx.date(o.child("IssueDate")),
            lines: Vec::new(),
        })
    });
    if let Some(o) = doc_order {
        n.orders.push(o);
    }
    if let Some(s) = root.child("Shipment") {
        if let Some(id) = s.text_at("ID") {
            n.extrinsics.insert("shipment_id".to_owned(), id);
        }
        let (w, unit) = cx.quantity(s.child("GrossWeightMeasure"));
        if let Some(value) = w {
            n.total_weight = Some(Measure {
                value,
                unit: unit.unwrap_or_else(|| {
                    UnitOfMeasure::parse("KGM").unwrap_or_else(|_| UnitOfMeasure::each())
                }),
            });
        }
        if let Some(c) = s.child("Consignment") {
            n.tracking_number = c
                .text_at("CarrierAssignedID")
                .or_else(|| c.text_at("ID").filter(|v| v != "NA"));
            if let Some(cp) = c.child("CarrierParty") {
                let p = party(cp);
                n.carrier = p.name.clone();
                n.carrier_code = p
                    .identifiers
                    .iter()
                    .find(|i| !i.scheme.starts_with("endpoint:"))
                    .map(|i| i.value.clone());
            }
        }
        if let Some(d) = s.child("Delivery") {
            n.expected_delivery_date = cx
                .date(d.at("EstimatedDeliveryPeriod/StartDate"))
                .or_else(|| cx.date(d.at("EstimatedDeliveryPeriod/EndDate")))
                .or_else(|| cx.date(d.at("RequestedDeliveryPeriod/EndDate")));
            n.ship_date = cx
                .date(d.at("Despatch/ActualDespatchDate"))
                .or_else(|| cx.date(d.at("Despatch/EstimatedDespatchDate")));
        }
        for thu in s.all("TransportHandlingUnit") {
            let sscc = thu
                .all("Package")
                .find_map(|p| p.text_at("ID"))
                .or_else(|| thu.all("ID").find_map(El::value));
            let mut pkg = Package {
                sscc,
                package_type: thu.text_at("TransportHandlingUnitTypeCode"),
                ..Package::default()
            };
            if let Some(m) = thu
                .all("MeasurementDimension")
                .find(|m| m.text_at("AttributeID").as_deref() == Some("AAB"))
            {
                let (v, unit) = cx.quantity(m.child("Measure"));
                if let (Some(value), Some(unit)) = (v, unit) {
                    pkg.weight = Some(Measure { value, unit });
                }
            }
            n.packages.push(pkg);
        }
    }
    for (i, dl) in root.all("DespatchLine").enumerate() {
        let (order_no, line) = despatch_line(dl, i + 1, cx);
        let order_no = order_no
            .or_else(|| n.orders.first().map(|o| o.order_number.clone()))
            .unwrap_or_default();
        match n.orders.iter_mut().find(|o| o.order_number == order_no) {
            Some(o) => o.lines.push(line),
            None => n.orders.push(ShipNoticeOrder {
                order_number: order_no,
                order_date: None,
                lines: vec![line],
            }),
        }
    }
    if n.orders.iter().all(|o| o.lines.is_empty()) {
        cx.error(&root.path(), "The despatch advice has no DespatchLine");
    }
    n
}

fn despatch_line(dl: &El, position: usize, cx: &mut Ctx) -> (Option<String>, ShipNoticeLine) {
    let referenced = dl.text_at("OrderLineReference/LineID");
    let (number, _) = line_number(
        referenced.or_else(|| dl.text_at("ID")),
        position,
        &dl.path(),
        cx,
    );
    let order_no = dl.text_at("OrderLineReference/OrderReference/ID");
    let (q, unit) = cx.quantity(dl.child("DeliveredQuantity"));
    let (outstanding, _) = cx.quantity(dl.child("OutstandingQuantity"));
    let mut line = ShipNoticeLine {
        line_number: number,
        quantity: q.unwrap_or_default(),
        unit_of_measure: unit,
        ..ShipNoticeLine::default()
    };
    if let (Some(q), Some(o)) = (q, outstanding) {
        line.ordered_quantity = q.checked_add(o);
    }
    if let Some(it) = dl.child("Item") {
        let f = item(it, cx);
        line.description = f.label();
        line.supplier_part_id = f.supplier_part_id;
        line.supplier_part_aux_id = f.supplier_part_aux_id;
        line.buyer_part_id = f.buyer_part_id;
        line.gtin = f.gtin;
        line.batch_number = f.batch;
        line.serial_numbers = f.serials;
    }
    (order_no, line)
}

// ---------------------------------------------------------------------------------------------
// Invoice / CreditNote

fn read_invoice(root: &El, kind: DocKind, cx: &mut Ctx) -> Invoice {
    let mut inv = Invoice::new(cx.required(root, "ID"));
    inv.invoice_date = cx.date(root.child("IssueDate"));
    inv.currency = cx.currency(root);
    inv.extrinsics = header_extrinsics(root);
    let type_code = root
        .text_at("InvoiceTypeCode")
        .or_else(|| root.text_at("CreditNoteTypeCode"));
    inv.purpose = match (kind, type_code.as_deref()) {
        (DocKind::CreditNote, _) | (_, Some("381")) => InvoicePurpose::CreditNote,
        (_, Some("383")) => InvoicePurpose::DebitNote,
        _ => InvoicePurpose::Invoice,
    };
    if let Some(code) = type_code {
        inv.extrinsics.insert("type_code".to_owned(), code);
    }
    if let Some(o) = root.child("OrderReference") {
        inv.order_number = o.text_at("ID");
        inv.order_date = cx.date(o.child("IssueDate"));
        if let Some(so) = o.text_at("SalesOrderID") {
            inv.extrinsics.insert("sales_order_id".to_owned(), so);
        }
    }
    inv.comments = notes(root);
    inv.seller = role_party(root, "AccountingSupplierParty");
    inv.buyer = role_party(root, "AccountingCustomerParty");
    inv.remit_to = role_party(root, "PayeeParty");
    if let Some(d) = root.child("Delivery") {
        inv.ship_to = delivery_party(d);
        if let Some(date) = cx.date(d.child("ActualDeliveryDate")) {
            inv.extrinsics
                .insert("actual_delivery_date".to_owned(), date.to_string());
        }
    }
    let due = cx.date(root.child("DueDate")).or_else(|| {
        root.all("PaymentMeans")
            .find_map(|pm| pm.child("PaymentDueDate"))
            .and_then(|d| cx.date(Some(d)))
    });
    inv.payment_terms = payment_terms(root, due, cx);
    if let Some(pm) = root.child("PaymentMeans") {
        if let Some(code) = pm.text_at("PaymentMeansCode") {
            inv.extrinsics.insert("payment_means_code".to_owned(), code);
        }
        if let Some(v) = pm.text_at("PaymentID") {
            inv.extrinsics.insert("payment_id".to_owned(), v);
        }
        if let Some(v) = pm.text_at("PayeeFinancialAccount/ID") {
            inv.extrinsics.insert("payee_account".to_owned(), v);
        }
        if let Some(v) = pm.text_at("PayeeFinancialAccount/FinancialInstitutionBranch/ID") {
            inv.extrinsics.insert("payee_bank".to_owned(), v);
        }
    }
    inv.charges = root
        .all("AllowanceCharge")
        .map(|ac| allowance_charge(ac, cx))
        .collect();
    let (tax_total, taxes) = tax_totals(root, inv.currency.as_ref(), &mut inv.extrinsics, cx);
    inv.taxes = taxes;
    match root.child("LegalMonetaryTotal") {
        Some(t) => {
            inv.totals = Some(InvoiceTotals {
                subtotal: cx.decimal(t.child("LineExtensionAmount")),
                allowances: cx.decimal(t.child("AllowanceTotalAmount")),
                charges: cx.decimal(t.child("ChargeTotalAmount")),
                tax: tax_total,
                shipping: None,
                total: cx.decimal(t.child("TaxInclusiveAmount")),
                amount_due: cx.decimal(t.child("PayableAmount")),
            });
            if let Some(p) = cx.decimal(t.child("PrepaidAmount")) {
                inv.extrinsics
                    .insert("prepaid_amount".to_owned(), p.to_string());
            }
        }
        None => cx.error(
            &format!("{}/LegalMonetaryTotal", root.path()),
            "Mandatory LegalMonetaryTotal is missing",
        ),
    }
    inv.references = references(root, cx);
    let line_name = if kind == DocKind::CreditNote {
        "CreditNoteLine"
    } else {
        "InvoiceLine"
    };
    let mut codes = Extrinsics::new();
    for (i, il) in root.all(line_name).enumerate() {
        inv.lines.push(invoice_line(il, i + 1, &mut codes, cx));
    }
    for (k, v) in codes {
        inv.extrinsics.entry(k).or_insert(v);
    }
    if inv.lines.is_empty() {
        cx.error(&root.path(), format!("The document has no {line_name}"));
    }
    inv
}

fn invoice_line(il: &El, position: usize, codes: &mut Extrinsics, cx: &mut Ctx) -> InvoiceLine {
    let (number, _) = line_number(il.text_at("ID"), position, &il.path(), cx);
    let mut line = InvoiceLine::new(number, Decimal::ZERO);
    let qty = il
        .child("InvoicedQuantity")
        .or_else(|| il.child("CreditedQuantity"));
    let (q, unit) = cx.quantity(qty);
    match q {
        Some(q) => line.quantity = q,
        None => {
            cx.warn(&il.path(), "No invoiced quantity; read as 1");
            line.quantity = Decimal::ONE;
        }
    }
    line.unit_of_measure = unit;
    line.amount = cx.decimal(il.child("LineExtensionAmount"));
    line.unit_price = unit_price(il.child("Price"), cx);
    line.order_line_number = order_line_number(il.text_at("OrderLineReference/LineID"));
    if let Some(it) = il.child("Item") {
        let f = item(it, cx);
        line.description = f.label();
        line.supplier_part_id = f.supplier_part_id;
        line.supplier_part_aux_id = f.supplier_part_aux_id;
        line.buyer_part_id = f.buyer_part_id;
        line.gtin = f.gtin;
        line.manufacturer_part_id = f.manufacturer_part_id;
        line.manufacturer_name = f.manufacturer_name;
        for (t, code) in f.taxes {
            remember_tax_code(&t, code, codes);
            line.taxes.push(t);
        }
    }
    line.charges = il
        .all("AllowanceCharge")
        .map(|ac| allowance_charge(ac, cx))
        .collect();
    line.comments = notes(il);
    line
}

// ---------------------------------------------------------------------------------------------
// Catalogue

fn read_catalogue(root: &El, cx: &mut Ctx) -> Catalog {
    let mut c = Catalog::new(cx.required(root, "ID"));
    c.name = root.text_at("Name");
    c.description = root.text_at("Description");
    c.version = root.text_at("VersionID");
    c.issued_at = cx
        .date(root.child("IssueDate"))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc().fixed_offset());
    if let Some(v) = root.child("ValidityPeriod") {
        c.valid_from = cx.date(v.child("StartDate"));
        c.valid_to = cx.date(v.child("EndDate"));
    }
    c.supplier = root.child("ProviderParty").map(party);
    c.buyer = root.child("ReceiverParty").map(party);
    for (i, cl) in root.all("CatalogueLine").enumerate() {
        let Some(it) = cl.child("Item") else {
            cx.error(
                &format!("{}/Item", cl.path()),
                "Catalogue line without Item",
            );
            continue;
        };
        let f = item(it, cx);
        // Peppol identifies an item by the seller's id or a standard (GTIN) id.
        let supplier_part_id = match (&f.supplier_part_id, &f.gtin) {
            (Some(id), _) => id.clone(),
            (None, Some(g)) => g.as_str().to_owned(),
            (None, None) => {
                cx.error(
                    &format!("{}/Item/SellersItemIdentification", cl.path()),
                    format!("Catalogue line {} identifies no item", i + 1),
                );
                String::new()
            }
        };
        let mut item = CatalogItem {
            supplier_part_id,
            supplier_part_aux_id: f.supplier_part_aux_id,
            gtin: f.gtin,
            manufacturer_part_id: f.manufacturer_part_id,
            manufacturer_name: f.manufacturer_name,
            description: f.name.or_else(|| f.description.clone()),
            long_description: f.description,
            classification: f.classification,
            ..CatalogItem::default()
        };
        item.unit_of_measure = cl
            .child("OrderableUnit")
            .and_then(El::value)
            .and_then(|u| UnitOfMeasure::from_common(&u).ok());
        if let Some(action) = cl.text_at("ActionCode") {
            item.extrinsics.insert("action_code".to_owned(), action);
        }
        item.min_order_quantity = cx.decimal(cl.child("MinimumOrderQuantity"));
        item.order_increment = cx.decimal(cl.child("OrderQuantityIncrementNumeric"));
        for ilq in cl.all("RequiredItemLocationQuantity") {
            if item.lead_time_days.is_none() {
                if let Some(m) = ilq.child("LeadTimeMeasure") {
                    if m.attr("unitCode").is_none_or(|u| u == "DAY") {
                        item.lead_time_days = m.value().and_then(|v| v.parse().ok());
                    }
                }
            }
            let Some(pr) = ilq.child("Price") else {
                continue;
            };
            let Some(amount) = unit_price(Some(pr), cx) else {
                continue;
            };
            let mut price = Price::new(amount);
            price.currency = pr
                .child("PriceAmount")
                .and_then(|a| a.attr("currencyID"))
                .and_then(|c| CurrencyCode::parse(c).ok());
            price.min_quantity = cx.decimal(ilq.child("MinimumQuantity"));
            if let Some(v) = pr.child("ValidityPeriod") {
                price.valid_from = cx.date(v.child("StartDate"));
                price.valid_to = cx.date(v.child("EndDate"));
            }
            if c.currency.is_none() {
                c.currency = price.currency.clone();
            }
            item.prices.push(price);
        }
        c.items.push(item);
    }
    if c.items.is_empty() {
        cx.error(&root.path(), "The catalogue has no CatalogueLine");
    }
    c
}
