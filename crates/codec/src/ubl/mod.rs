//! OASIS UBL 2.1 with the Peppol BIS 3 profiles (billing 3.0, POACC ordering / despatch advice /
//! catalogue) ↔ the canonical [`model`].
//!
//! | UBL 2.1 document | Read | Write | Canonical | Peppol CustomizationID written |
//! |---|---|---|---|---|
//! | `Order` | [`read`] | – | [`model::PurchaseOrder`] | |
//! | `OrderChange` | [`read`] | – | [`model::OrderChange`] | |
//! | `OrderCancellation` | [`read`] | – | [`model::OrderChange`] (purpose `cancel`, no lines) | |
//! | `OrderResponse`, `OrderResponseSimple` | [`read`] | [`write_order_response`] | [`model::OrderResponse`] | `urn:fdc:peppol.eu:poacc:trns:order_response:3` |
//! | `DespatchAdvice` | [`read`] | [`write_despatch_advice`] | [`model::ShipNotice`] | `urn:fdc:peppol.eu:poacc:trns:despatch_advice:3` |
//! | `Invoice` | [`read`] | [`write_invoice`] | [`model::Invoice`] | `urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0` |
//! | `CreditNote` | [`read`] | [`write_invoice`] (purpose `credit_note`) | [`model::Invoice`] | (same) |
//! | `Catalogue` (also the Peppol T77 punch-out) | [`read`] | [`write_catalogue`] | [`model::Catalog`] | `urn:fdc:peppol.eu:poacc:trns:catalogue:3` |
//!
//! [`envelope`] reads only the routing facts (document kind, `cbc:ID`, CustomizationID /
//! ProfileID and the sender / receiver `cbc:EndpointID` with its `schemeID`), which is how the
//! gateway identifies the partner before mapping anything.
//!
//! # Reading
//! Safe XML shared with cXML (crate-private `xml` module: no DTD, no entity expansion, so no
//! XXE or billion laughs; nesting and issue limits; UTF-8, plus ISO-8859-1 when declared and the
//! bytes are not UTF-8, transcoded with a warning), then namespace resolution: any prefix,
//! default namespaces, nested re-declarations, O(1) scope lookup; elements are matched by local
//! name (a root outside its UBL namespace is a warning, an undeclared prefix too). Problems are
//! [`Issue`](crate::Issue)s whose `location.path` is the element path with 1-based indexes
//! (`/Invoice/InvoiceLine[2]/Price/PriceAmount`; steps below depth 12 are elided as `…`).
//! Errors: missing `cbc:ID`, no lines, a quantity or amount that is not a number, a missing
//! `LegalMonetaryTotal`, a catalogue line identifying no item. Warnings: bad dates, units,
//! currencies, GTINs (ignored), unknown status codes, a missing invoiced quantity (read as 1).
//! At most [`MAX_ISSUES`](crate::cxml::MAX_ISSUES) mapping issues are listed; the rest are
//! counted in one warning.
//!
//! # Mapping conventions
//! - **Party identifiers** ([`model::Identifier`] `scheme`): `cbc:EndpointID@schemeID` →
//!   `endpoint:<EAS>` (e.g. `endpoint:0088`); `PartyIdentification/ID@schemeID` (ISO 6523 ICD)
//!   → `gln` (0088), `duns` (0060), `iso6523:<icd>` (others), `party_id` (no scheme);
//!   `PartyTaxScheme/CompanyID` → `vat` (`tax:<scheme>` for other schemes);
//!   `PartyLegalEntity/CompanyID` → `legal` (`legal:<icd>`). Writers map them back.
//! - **Name**: `PartyName/Name`, else `PartyLegalEntity/RegistrationName`; writers emit both.
//! - **Address**: Street, AdditionalStreet, building, `AddressLine/Line` → address lines;
//!   CityName, PostalZone, CountrySubentity, `Country/IdentificationCode`.
//! - **Lines**: a numeric `cbc:ID` is the line number, else the position (the id is kept in
//!   the order line extrinsic `buyer_line_id`). `Quantity@unitCode` is UN/ECE Rec 20. The unit
//!   price is `PriceAmount / BaseQuantity`. Item: `Name` (else `Description`) → description,
//!   `SellersItemIdentification` → supplier part (`ExtendedID` → aux id),
//!   `BuyersItemIdentification` → buyer part, `StandardItemIdentification@schemeID=0160` → GTIN,
//!   `CommodityClassification/ItemClassificationCode@listID` → classification,
//!   `ClassifiedTaxCategory` → line tax.
//! - **Taxes**: `TaxSubtotal` → [`model::Tax`] (scheme VAT → `vat`, rate, taxable amount,
//!   amount, `TaxExemptionReason` → description). The UNCL 5305 category code is derived when
//!   writing (`S` rate > 0; `E` rate 0 with an exemption reason; `Z` rate 0) unless the document
//!   extrinsic `tax_category_code:<rate>` says otherwise; the reader sets that extrinsic only for
//!   codes the rule would not give back (`AE`, `K`, `G`, `O`, `L`, `M`…).
//! - **References**: Contract, Quotation (`quote`), Originator (`requisition`), Despatch
//!   (`delivery_note`), Project, `BillingReference` (`invoice`); `AdditionalDocumentReference` →
//!   `additional[:<DocumentTypeCode>]`. Order/response/invoice `OrderReference/ID` → the order
//!   number. Notes → comments.
//! - **Order response codes** (UNCL 4343): `AP` accepted, `RE` rejected, `CA` changed, `AB`
//!   pending; line status (UNCL 1229) `5` accepted, `7` rejected, `3` changed.
//! - **Header extrinsics** kept when present: `customization_id`, `profile_id`,
//!   `buyer_reference`, `accounting_cost`, `type_code`, `payment_means_code`, `payment_id`,
//!   `payee_account`, `payee_bank`, `change_id`, `shipment_id`, …; writers read
//!   `buyer_reference`, `accounting_cost`, `payment_means_code`, `payment_id`, `payee_account`,
//!   `payee_bank` back.
//!
//! # Writing
//! Strict: elements in the order of the UBL 2.1 XSD sequences, `cbc`/`cac` prefixes, Peppol BIS 3
//! CustomizationID/ProfileID, amounts with 2 decimals, UTF-8 declared and pure-ASCII output
//! (non-ASCII as character references). Invoice totals follow EN 16931 BR-CO-10…16: line net
//! amounts (quantity × price, rounded to 2 decimals, unless the line carries its own amount) sum
//! to `LineExtensionAmount`; document allowances/charges give `AllowanceTotalAmount` /
//! `ChargeTotalAmount`; one `TaxSubtotal` per category and rate with tax = taxable × rate / 100
//! rounded to 2 decimals (BR-S-08/09, BR-CO-14/17); `TaxInclusiveAmount` = exclusive + tax;
//! `PayableAmount` = inclusive − prepaid. Totals given in the canonical document that disagree
//! with the computed ones are warnings (the computed ones are written). Writers return the
//! document and issues; any `Severity::Error` means "must not be sent" (missing mandatory data:
//! no ID, no issue date, no seller/buyer name, no lines…).
//!
//! # Layout
//! - `tree.rs`: namespace resolution over the shared safe XML tree.
//! - `read.rs`: [`read`] and [`envelope`].
//! - `write.rs`: the writers.

mod read;
mod tree;
mod units;
mod write;

#[cfg(test)]
mod tests;

use model::Tax;

pub use read::{envelope, read};
pub use tree::{CAC, CBC, MAINDOC_PREFIX};
pub use write::{
    write_catalogue, write_despatch_advice, write_invoice, write_order_response, Profile,
    WriteParams,
};

/// Peppol BIS Billing 3.0 CustomizationID.
pub const BILLING_CUSTOMIZATION: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
/// Peppol BIS Billing 3.0 ProfileID.
pub const BILLING_PROFILE: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
/// Peppol Order Response (T76) CustomizationID.
pub const ORDER_RESPONSE_CUSTOMIZATION: &str = "urn:fdc:peppol.eu:poacc:trns:order_response:3";
/// Peppol Ordering ProfileID.
pub const ORDERING_PROFILE: &str = "urn:fdc:peppol.eu:poacc:bis:ordering:3";
/// Peppol Despatch Advice (T16) CustomizationID.
pub const DESPATCH_CUSTOMIZATION: &str = "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3";
/// Peppol Despatch Advice ProfileID.
pub const DESPATCH_PROFILE: &str = "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3";
/// Peppol Catalogue (T19) CustomizationID.
pub const CATALOGUE_CUSTOMIZATION: &str = "urn:fdc:peppol.eu:poacc:trns:catalogue:3";
/// Peppol Catalogue-only ProfileID.
pub const CATALOGUE_PROFILE: &str = "urn:fdc:peppol.eu:poacc:bis:catalogue_only:3";

/// A UBL 2.1 main document this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// `Order`.
    Order,
    /// `OrderChange`.
    OrderChange,
    /// `OrderCancellation`.
    OrderCancellation,
    /// `OrderResponse`.
    OrderResponse,
    /// `OrderResponseSimple`.
    OrderResponseSimple,
    /// `DespatchAdvice`.
    DespatchAdvice,
    /// `Invoice`.
    Invoice,
    /// `CreditNote`.
    CreditNote,
    /// `Catalogue` (also the Peppol Punch Out T77 transaction).
    Catalogue,
}

impl DocKind {
    /// From the root element's local name.
    pub fn from_root(local: &str) -> Option<Self> {
        Some(match local {
            "Order" => Self::Order,
            "OrderChange" => Self::OrderChange,
            "OrderCancellation" => Self::OrderCancellation,
            "OrderResponse" => Self::OrderResponse,
            "OrderResponseSimple" => Self::OrderResponseSimple,
            "DespatchAdvice" => Self::DespatchAdvice,
            "Invoice" => Self::Invoice,
            "CreditNote" => Self::CreditNote,
            "Catalogue" => Self::Catalogue,
            _ => return None,
        })
    }

    /// The root element's local name (also the namespace's document part).
    pub fn root_name(self) -> &'static str {
        match self {
            Self::Order => "Order",
            Self::OrderChange => "OrderChange",
            Self::OrderCancellation => "OrderCancellation",
            Self::OrderResponse => "OrderResponse",
            Self::OrderResponseSimple => "OrderResponseSimple",
            Self::DespatchAdvice => "DespatchAdvice",
            Self::Invoice => "Invoice",
            Self::CreditNote => "CreditNote",
            Self::Catalogue => "Catalogue",
        }
    }

    /// The root namespace, `urn:oasis:names:specification:ubl:schema:xsd:<Doc>-2`.
    pub fn namespace(self) -> String {
        format!("{MAINDOC_PREFIX}{}-2", self.root_name())
    }

    /// The party roles (`cac:` aggregates) whose `Party/EndpointID` are the sender and the
    /// receiver of this kind of document.
    pub fn sender_receiver(self) -> (&'static str, &'static str) {
        match self {
            Self::Order | Self::OrderChange | Self::OrderCancellation => {
                ("BuyerCustomerParty", "SellerSupplierParty")
            }
            Self::OrderResponse | Self::OrderResponseSimple => {
                ("SellerSupplierParty", "BuyerCustomerParty")
            }
            Self::DespatchAdvice => ("DespatchSupplierParty", "DeliveryCustomerParty"),
            Self::Invoice | Self::CreditNote => {
                ("AccountingSupplierParty", "AccountingCustomerParty")
            }
            Self::Catalogue => ("ProviderParty", "ReceiverParty"),
        }
    }
}

/// A Peppol / UBL electronic address: `cbc:EndpointID` and its `schemeID` (EAS code, e.g.
/// `0088` GLN, `0192` Norwegian org number, `9930` German VAT).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// `schemeID`, when given.
    pub scheme: Option<String>,
    /// The address.
    pub value: String,
}

/// What [`envelope`] reads: enough to route a document without mapping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Which document.
    pub kind: DocKind,
    /// `cbc:ID`.
    pub id: Option<String>,
    /// `cbc:CustomizationID`.
    pub customization_id: Option<String>,
    /// `cbc:ProfileID`.
    pub profile_id: Option<String>,
    /// The sender's `EndpointID` (see [`DocKind::sender_receiver`]).
    pub sender: Option<Endpoint>,
    /// The receiver's `EndpointID`.
    pub receiver: Option<Endpoint>,
}

/// ISO 6523 ICD (`schemeID` of a party identification) → canonical identifier scheme.
pub(crate) fn scheme_from_icd(icd: Option<&str>) -> String {
    match icd {
        None => "party_id".to_owned(),
        Some("0088") | Some("GLN") => "gln".to_owned(),
        Some("0060") | Some("DUNS") => "duns".to_owned(),
        Some(other) => format!("iso6523:{other}"),
    }
}

/// Canonical identifier scheme → ISO 6523 ICD for `PartyIdentification/ID@schemeID`
/// (`None`: no schemeID; not a party identification at all when the scheme is an endpoint,
/// VAT or legal one).
pub(crate) fn icd_from_scheme(scheme: &str) -> Option<Option<String>> {
    match scheme {
        "gln" => Some(Some("0088".to_owned())),
        "duns" => Some(Some("0060".to_owned())),
        "party_id" | "buyer_assigned" | "seller_assigned" | "mutually_defined" => Some(None),
        s if s.starts_with("iso6523:") => Some(Some(s["iso6523:".len()..].to_owned())),
        s if s.starts_with("endpoint:")
            || s == "vat"
            || s.starts_with("tax:")
            || s == "legal"
            || s.starts_with("legal:") =>
        {
            None
        }
        _ => Some(None),
    }
}

/// The UNCL 5305 VAT category code a tax gets when nothing else is known: `S` when the rate is
/// above zero, `E` for zero with an exemption reason (in `description`), `Z` for zero.
pub(crate) fn tax_code_heuristic(tax: &Tax) -> &'static str {
    match tax.rate {
        Some(r) if r > rust_decimal::Decimal::ZERO => "S",
        _ if tax.description.is_some() => "E",
        Some(_) => "Z",
        None => "S",
    }
}
