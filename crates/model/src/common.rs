//! Building blocks shared by several documents: parties and contacts,
//! identifiers and classifications, allowances/charges, taxes, shipping,
//! payment terms, totals and document references.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines an open enum: a set of known snake_case codes plus an `Other`
/// variant that keeps any unknown code verbatim, so it round-trips. It
/// serialises as a plain JSON string.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident ($schema_description:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident => $code:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $ty {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// Any other code, kept verbatim.
            Other(String),
        }

        impl $ty {
            /// The known codes, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($code),+];

            /// The code as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)+
                    Self::Other(code) => code,
                }
            }

            /// Maps a code to its variant; unknown codes become `Other`.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_code(s))
            }
        }

        impl From<&str> for $ty {
            fn from(code: &str) -> Self {
                Self::from_code(code)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_code(&code))
            }
        }

        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($ty)).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let description = format!(
                    "{} Known codes: {}; any other string is accepted and kept verbatim.",
                    $schema_description,
                    Self::KNOWN.join(", "),
                );
                ::schemars::json_schema!({
                    "description": description,
                    "type": "string",
                    "examples": Self::KNOWN,
                })
            }
        }
    };
}

pub(crate) use open_enum;

/// A party to a document: buyer, seller, ship-to, bill-to, remit-to, supplier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Party {
    /// Name of the organisation or person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Identifiers of the party in various schemes (DUNS, GLN, VAT number,
    /// the partner's own account number, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Street address lines, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    /// City or locality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, province or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal or ZIP code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country, preferably as an ISO 3166-1 alpha-2 code (e.g. "DE").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Contact persons or functions at this party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

impl Party {
    /// A party with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// The value of the first identifier in `scheme`, if any.
    pub fn identifier(&self, scheme: &str) -> Option<&str> {
        self.identifiers
            .iter()
            .find(|id| id.scheme == scheme)
            .map(|id| id.value.as_str())
    }
}

/// A contact person or function at a party.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Contact {
    /// Name of the person or function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role of the contact, e.g. "purchasing", "accounts_payable", "receiving".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number, preferably in international format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// An identifier of a party in a named scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Identifier {
    /// Identifier scheme, e.g. "DUNS", "GLN", "VAT", "buyer_assigned".
    pub scheme: String,
    /// The identifier within the scheme.
    pub value: String,
}

impl Identifier {
    /// Builds an identifier.
    pub fn new(scheme: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            scheme: scheme.into(),
            value: value.into(),
        }
    }
}

/// A product classification code in a named scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Classification {
    /// Classification scheme, e.g. "UNSPSC", "eCl@ss".
    pub scheme: String,
    /// The code within the scheme, e.g. "44121708".
    pub code: String,
}

impl Classification {
    /// Builds a classification.
    pub fn new(scheme: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            scheme: scheme.into(),
            code: code.into(),
        }
    }
}

/// Whether an adjustment lowers (allowance) or raises (charge) the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChargeIndicator {
    /// A discount or other reduction.
    Allowance,
    /// A surcharge, fee or other addition.
    Charge,
}

/// An allowance or charge on a document or line.
///
/// `amount` is always written as a non-negative magnitude; `indicator` gives
/// its direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Charge {
    /// Whether this is an allowance or a charge.
    pub indicator: ChargeIndicator,
    /// Reason code agreed with the partner, e.g. "freight", "volume_discount".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Absolute amount in the document currency.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub amount: Option<Decimal>,
    /// Percentage of the base amount, e.g. "2.5" for 2.5 %.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub percent: Option<Decimal>,
}

impl Charge {
    /// An allowance or charge of a fixed `amount`, without code or text.
    pub fn new(indicator: ChargeIndicator, amount: Decimal) -> Self {
        Self {
            indicator,
            code: None,
            description: None,
            amount: Some(amount),
            percent: None,
        }
    }

    /// An allowance (discount) of `amount`.
    pub fn allowance(amount: Decimal) -> Self {
        Self::new(ChargeIndicator::Allowance, amount)
    }

    /// A charge (surcharge) of `amount`.
    pub fn surcharge(amount: Decimal) -> Self {
        Self::new(ChargeIndicator::Charge, amount)
    }
}

open_enum! {
    /// Category of a tax.
    pub enum TaxCategory ("Category of a tax.") {
        /// Value-added tax.
        Vat => "vat",
        /// Goods and services tax.
        Gst => "gst",
        /// Sales tax.
        Sales => "sales",
        /// Use tax.
        Use => "use",
        /// Excise duty.
        Excise => "excise",
        /// Withholding tax.
        Withholding => "withholding",
    }
}

/// A tax on a document or line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tax {
    /// Category of the tax, e.g. "vat" or "sales".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<TaxCategory>,
    /// Rate in percent, e.g. "19" for 19 %.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub rate: Option<Decimal>,
    /// Amount the rate applies to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub taxable_amount: Option<Decimal>,
    /// Tax amount.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub amount: Option<Decimal>,
    /// Human-readable description, e.g. "VAT 19%".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Taxing jurisdiction, e.g. a country, state or county.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
}

/// Shipping instructions and cost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Shipping {
    /// Shipping method or service, e.g. "ground", "express".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Carrier name or code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Shipping cost in the document currency.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub amount: Option<Decimal>,
    /// Human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Incoterms rule, e.g. "DAP", optionally followed by the named place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incoterms: Option<String>,
}

/// Payment terms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaymentTerms {
    /// Days after the invoice date by which the net amount is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_days: Option<u32>,
    /// Early-payment discount in percent, e.g. "2" for 2 %.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub discount_percent: Option<Decimal>,
    /// Days within which the early-payment discount applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_days: Option<u32>,
    /// Explicit due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<chrono::NaiveDate>,
    /// Human-readable description, e.g. "2% 10, net 30".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Totals of an order-like document, as stated by the sender.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Totals {
    /// Sum of line amounts before tax and shipping.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub subtotal: Option<Decimal>,
    /// Total tax.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub tax: Option<Decimal>,
    /// Total shipping cost.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub shipping: Option<Decimal>,
    /// Grand total.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub total: Option<Decimal>,
}

/// Totals of an invoice, as stated by the sender.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InvoiceTotals {
    /// Sum of line amounts before allowances, charges, tax and shipping.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub subtotal: Option<Decimal>,
    /// Total of allowances (as a non-negative magnitude).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub allowances: Option<Decimal>,
    /// Total of charges.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub charges: Option<Decimal>,
    /// Total tax.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub tax: Option<Decimal>,
    /// Total shipping cost.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub shipping: Option<Decimal>,
    /// Grand total.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub total: Option<Decimal>,
    /// Amount due for payment (total minus prepayments).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub amount_due: Option<Decimal>,
}

open_enum! {
    /// Kind of document or identifier a [`Reference`] points to.
    pub enum ReferenceKind ("Kind of document or identifier a reference points to.") {
        /// A contract or framework agreement.
        Contract => "contract",
        /// A supplier quote.
        Quote => "quote",
        /// A purchase requisition.
        Requisition => "requisition",
        /// A blanket (framework) purchase order.
        BlanketOrder => "blanket_order",
        /// A purchase order.
        PurchaseOrder => "purchase_order",
        /// An invoice (e.g. the one a credit note corrects).
        Invoice => "invoice",
        /// A delivery note or packing slip.
        DeliveryNote => "delivery_note",
        /// A shipment or ship notice.
        Shipment => "shipment",
        /// A project.
        Project => "project",
        /// A cost centre.
        CostCenter => "cost_center",
    }
}

/// A reference to another document or business identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    /// What is referenced.
    pub kind: ReferenceKind,
    /// The referenced number or identifier.
    pub value: String,
    /// Date of the referenced document, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
}

impl Reference {
    /// Builds a reference without a date.
    pub fn new(kind: ReferenceKind, value: impl Into<String>) -> Self {
        Self {
            kind,
            value: value.into(),
            date: None,
        }
    }
}
