//! The document-type tag: [`DocType`], the per-document `"type"` marker
//! fields (e.g. [`PurchaseOrderTag`]) and the [`Document`] sum type that
//! dispatches on `"type"`.
//!
//! Every document struct has a public `doc_type` field, serialised as
//! `"type"`, whose marker type serialises as the document's type name and
//! accepts only that name on input. A missing `"type"` fails with serde's
//! ``missing field `type` ``; a wrong one with
//! `invalid document type "invoice": expected "purchase_order"`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::catalog::{Catalog, PunchoutCart};
use crate::inventory::InventoryReport;
use crate::invoice::Invoice;
use crate::order::{OrderChange, OrderResponse, PurchaseOrder};
use crate::shipment::ShipNotice;
use crate::validate::ValidationIssue;

/// Longest part of an unknown type name quoted in error messages.
const MAX_QUOTED: usize = 40;

fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED) {
        Some((cut, _)) => format!("{:?}", format!("{}…", &text[..cut])),
        None => format!("{text:?}"),
    }
}

/// The kind of a canonical document, i.e. the value of its `"type"` field.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// `purchase_order`: [`PurchaseOrder`].
    PurchaseOrder,
    /// `order_change`: [`OrderChange`].
    OrderChange,
    /// `order_response`: [`OrderResponse`].
    OrderResponse,
    /// `ship_notice`: [`ShipNotice`].
    ShipNotice,
    /// `invoice`: [`Invoice`].
    Invoice,
    /// `catalog`: [`Catalog`].
    Catalog,
    /// `inventory_report`: [`InventoryReport`].
    InventoryReport,
    /// `punchout_cart`: [`PunchoutCart`].
    PunchoutCart,
}

impl DocType {
    /// Every document type, in a stable order.
    pub const ALL: [DocType; 8] = [
        DocType::PurchaseOrder,
        DocType::OrderChange,
        DocType::OrderResponse,
        DocType::ShipNotice,
        DocType::Invoice,
        DocType::Catalog,
        DocType::InventoryReport,
        DocType::PunchoutCart,
    ];

    /// The snake_case name used as the `"type"` value.
    pub const fn as_str(self) -> &'static str {
        match self {
            DocType::PurchaseOrder => "purchase_order",
            DocType::OrderChange => "order_change",
            DocType::OrderResponse => "order_response",
            DocType::ShipNotice => "ship_notice",
            DocType::Invoice => "invoice",
            DocType::Catalog => "catalog",
            DocType::InventoryReport => "inventory_report",
            DocType::PunchoutCart => "punchout_cart",
        }
    }

    /// The known type names joined with `", "`, for messages.
    pub fn known_list() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocType {
    type Err = UnknownDocType;

    fn from_str(s: &str) -> Result<Self, UnknownDocType> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownDocType(s.to_owned()))
    }
}

/// A `"type"` value that names no known document type.
///
/// Displays as `unknown document type "foo"; expected one of: purchase_order,
/// order_change, order_response, ship_notice, invoice, catalog,
/// inventory_report, punchout_cart`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDocType(pub String);

impl fmt::Display for UnknownDocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown document type {}; expected one of: {}",
            quoted(&self.0),
            DocType::known_list()
        )
    }
}

impl std::error::Error for UnknownDocType {}

/// Defines the `"type"` marker of one document type.
macro_rules! doc_tag {
    ($tag:ident, $variant:ident, $name:literal) => {
        #[doc = concat!(
            "Marker for the `\"type\": \"", $name, "\"` field: serialises as `\"",
            $name, "\"` and accepts nothing else on input."
        )]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $tag;

        impl $tag {
            /// The document type this marker stands for.
            pub const DOC_TYPE: DocType = DocType::$variant;
        }

        impl Serialize for $tag {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($name)
            }
        }

        impl<'de> Deserialize<'de> for $tag {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TagVisitor;

                impl Visitor<'_> for TagVisitor {
                    type Value = $tag;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("the document type \"", $name, "\""))
                    }

                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$tag, E> {
                        if v == $name {
                            Ok($tag)
                        } else {
                            Err(E::custom(format_args!(
                                "invalid document type {}: expected \"{}\"",
                                quoted(v),
                                $name
                            )))
                        }
                    }
                }

                deserializer.deserialize_str(TagVisitor)
            }
        }

        impl JsonSchema for $tag {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($tag).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "const": $name,
                })
            }
        }
    };
}

doc_tag!(PurchaseOrderTag, PurchaseOrder, "purchase_order");
doc_tag!(OrderChangeTag, OrderChange, "order_change");
doc_tag!(OrderResponseTag, OrderResponse, "order_response");
doc_tag!(ShipNoticeTag, ShipNotice, "ship_notice");
doc_tag!(InvoiceTag, Invoice, "invoice");
doc_tag!(CatalogTag, Catalog, "catalog");
doc_tag!(InventoryReportTag, InventoryReport, "inventory_report");
doc_tag!(PunchoutCartTag, PunchoutCart, "punchout_cart");

/// Any canonical document.
///
/// Serialises exactly as the inner document (which carries its own
/// `"type"`). Deserialisation reads `"type"` first and then parses the
/// matching document; an unknown or missing type fails with a message that
/// lists the known types. Prefer [`Document::from_json`] for text input: its
/// errors keep line and column numbers from inside the document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // documents are moved rarely; boxing would hurt ergonomics
pub enum Document {
    /// A purchase order.
    PurchaseOrder(PurchaseOrder),
    /// A change to a purchase order.
    OrderChange(OrderChange),
    /// A supplier's response to a purchase order.
    OrderResponse(OrderResponse),
    /// An advance ship notice.
    ShipNotice(ShipNotice),
    /// An invoice or credit note.
    Invoice(Invoice),
    /// A product catalog.
    Catalog(Catalog),
    /// An inventory (stock level) report.
    InventoryReport(InventoryReport),
    /// A punchout shopping cart returned to the buyer.
    PunchoutCart(PunchoutCart),
}

/// Applies `$body` to the inner document of every variant.
macro_rules! each_document {
    ($doc:expr, $inner:ident => $body:expr) => {
        match $doc {
            Document::PurchaseOrder($inner) => $body,
            Document::OrderChange($inner) => $body,
            Document::OrderResponse($inner) => $body,
            Document::ShipNotice($inner) => $body,
            Document::Invoice($inner) => $body,
            Document::Catalog($inner) => $body,
            Document::InventoryReport($inner) => $body,
            Document::PunchoutCart($inner) => $body,
        }
    };
}

impl Document {
    /// The type of the inner document.
    pub fn doc_type(&self) -> DocType {
        match self {
            Document::PurchaseOrder(_) => DocType::PurchaseOrder,
            Document::OrderChange(_) => DocType::OrderChange,
            Document::OrderResponse(_) => DocType::OrderResponse,
            Document::ShipNotice(_) => DocType::ShipNotice,
            Document::Invoice(_) => DocType::Invoice,
            Document::Catalog(_) => DocType::Catalog,
            Document::InventoryReport(_) => DocType::InventoryReport,
            Document::PunchoutCart(_) => DocType::PunchoutCart,
        }
    }

    /// The document's identity: order number, shipment id, invoice number,
    /// catalog id, report id or buyer cookie.
    pub fn document_number(&self) -> &str {
        match self {
            Document::PurchaseOrder(d) => &d.order_number,
            Document::OrderChange(d) => &d.order_number,
            Document::OrderResponse(d) => &d.order_number,
            Document::ShipNotice(d) => &d.shipment_id,
            Document::Invoice(d) => &d.invoice_number,
            Document::Catalog(d) => &d.catalog_id,
            Document::InventoryReport(d) => &d.report_id,
            Document::PunchoutCart(d) => &d.buyer_cookie,
        }
    }

    /// The purchase order the document is about, when it names one: the order itself, the
    /// changed or answered order, the first order a ship notice ships, an invoice's order.
    pub fn order_number(&self) -> Option<&str> {
        match self {
            Document::PurchaseOrder(d) => Some(d.order_number.as_str()),
            Document::OrderChange(d) => Some(d.order_number.as_str()),
            Document::OrderResponse(d) => Some(d.order_number.as_str()),
            Document::ShipNotice(d) => d.orders.first().map(|o| o.order_number.as_str()),
            Document::Invoice(d) => d.order_number.as_deref(),
            Document::Catalog(_) | Document::InventoryReport(_) | Document::PunchoutCart(_) => None,
        }
        .filter(|n| !n.trim().is_empty())
    }

    /// How many lines it has: a catalog's, inventory report's or cart's items, the lines of
    /// every order a ship notice ships.
    pub fn line_count(&self) -> usize {
        match self {
            Document::PurchaseOrder(d) => d.lines.len(),
            Document::OrderChange(d) => d.lines.len(),
            Document::OrderResponse(d) => d.lines.len(),
            Document::ShipNotice(d) => d.orders.iter().map(|o| o.lines.len()).sum(),
            Document::Invoice(d) => d.lines.len(),
            Document::Catalog(d) => d.items.len(),
            Document::InventoryReport(d) => d.items.len(),
            Document::PunchoutCart(d) => d.items.len(),
        }
    }

    /// Business-rule checks of the inner document (see [`crate::validate`]).
    pub fn validate(&self) -> Vec<ValidationIssue> {
        each_document!(self, d => d.validate())
    }

    /// Parses a document from JSON text, dispatching on `"type"`.
    ///
    /// Errors inside the document keep serde_json's line and column.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let TypePeek(doc_type) = serde_json::from_str(json)?;
        Ok(match doc_type {
            DocType::PurchaseOrder => Document::PurchaseOrder(serde_json::from_str(json)?),
            DocType::OrderChange => Document::OrderChange(serde_json::from_str(json)?),
            DocType::OrderResponse => Document::OrderResponse(serde_json::from_str(json)?),
            DocType::ShipNotice => Document::ShipNotice(serde_json::from_str(json)?),
            DocType::Invoice => Document::Invoice(serde_json::from_str(json)?),
            DocType::Catalog => Document::Catalog(serde_json::from_str(json)?),
            DocType::InventoryReport => Document::InventoryReport(serde_json::from_str(json)?),
            DocType::PunchoutCart => Document::PunchoutCart(serde_json::from_str(json)?),
        })
    }

    /// Builds a document from a parsed JSON value, dispatching on `"type"`.
    pub fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        let TypePeek(doc_type) = TypePeek::deserialize(&value)?;
        Ok(match doc_type {
            DocType::PurchaseOrder => Document::PurchaseOrder(serde_json::from_value(value)?),
            DocType::OrderChange => Document::OrderChange(serde_json::from_value(value)?),
            DocType::OrderResponse => Document::OrderResponse(serde_json::from_value(value)?),
            DocType::ShipNotice => Document::ShipNotice(serde_json::from_value(value)?),
            DocType::Invoice => Document::Invoice(serde_json::from_value(value)?),
            DocType::Catalog => Document::Catalog(serde_json::from_value(value)?),
            DocType::InventoryReport => Document::InventoryReport(serde_json::from_value(value)?),
            DocType::PunchoutCart => Document::PunchoutCart(serde_json::from_value(value)?),
        })
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each_document!(self, d => d.serialize(serializer))
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Document::from_value(value).map_err(de::Error::custom)
    }
}

macro_rules! document_from {
    ($($variant:ident),+) => {
        $(
            impl From<$variant> for Document {
                fn from(doc: $variant) -> Self {
                    Document::$variant(doc)
                }
            }
        )+
    };
}

document_from!(
    PurchaseOrder,
    OrderChange,
    OrderResponse,
    ShipNotice,
    Invoice,
    Catalog,
    InventoryReport,
    PunchoutCart
);

/// Reads only the `"type"` field of a JSON object, skipping everything else.
struct TypePeek(DocType);

impl<'de> Deserialize<'de> for TypePeek {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PeekVisitor;

        impl<'de> Visitor<'de> for PeekVisitor {
            type Value = TypePeek;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object with a \"type\" field")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypePeek, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == "type" && found.is_none() {
                        found = Some(map.next_value::<TypeName>()?.0);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                let name = found.ok_or_else(|| {
                    de::Error::custom(format_args!(
                        "missing field `type`; expected one of: {}",
                        DocType::known_list()
                    ))
                })?;
                name.parse().map(TypePeek).map_err(de::Error::custom)
            }
        }

        deserializer.deserialize_map(PeekVisitor)
    }
}

/// The `"type"` value as a string, with a message listing the known types
/// when it is not a string.
struct TypeName(String);

impl<'de> Deserialize<'de> for TypeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl Visitor<'_> for NameVisitor {
            type Value = TypeName;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "a document type string, one of: {}",
                    DocType::known_list()
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<TypeName, E> {
                Ok(TypeName(v.to_owned()))
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

#[cfg(test)]
mod tests;
