//! The cXML documents the gateway reads, as wire types (spec names, cXML 1.1 to 1.2.071).
//!
//! Only what the punchout and order flows need is typed; everything else is kept by name
//! ([`Request::Other`], [`Message::Other`], [`ResponseKind::Other`]) so the HTTP layer can answer
//! `450 Not Implemented` naming the request.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

/// A whole cXML document (`<cXML>` envelope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cxml {
    /// `cXML@version`, when given.
    pub version: Option<String>,
    /// `cXML@payloadID` (required; reading fails without it).
    pub payload_id: String,
    /// `cXML@timestamp` exactly as sent; see [`super::parse_timestamp`].
    pub timestamp: Option<String>,
    /// `cXML@xml:lang`.
    pub lang: Option<String>,
    /// The `Header` (absent on a `Response`).
    pub header: Option<Header>,
    /// The `Request`, `Message` or `Response`.
    pub body: Body,
}

/// `<Header>`: who sends what to whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `From/Credential`s, in order (buyers often send several).
    pub from: Vec<Credential>,
    /// `To/Credential`s, in order.
    pub to: Vec<Credential>,
    /// `Sender/Credential`s, in order; the one with a shared secret authenticates.
    pub sender: Vec<Credential>,
    /// `Sender/UserAgent` (free text, never for authentication).
    pub user_agent: Option<String>,
}

/// A `<Credential domain="…"><Identity>…</Identity><SharedSecret>…</SharedSecret></Credential>`.
///
/// `Debug` redacts the shared secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credential {
    /// `domain` attribute (`NetworkID`, `DUNS`, …); compare case-insensitively.
    pub domain: String,
    /// `Identity` text, trimmed.
    pub identity: String,
    /// `SharedSecret` text, trimmed. Never written into a message that travels through a browser.
    pub shared_secret: Option<String>,
}

impl Credential {
    /// A credential without a secret.
    pub fn new(domain: impl Into<String>, identity: impl Into<String>) -> Self {
        Self {
            domain: domain.into(),
            identity: identity.into(),
            shared_secret: None,
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("domain", &self.domain)
            .field("identity", &self.identity)
            .field(
                "shared_secret",
                &self.shared_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// What the envelope carries.
// One value per document: variant size differences do not matter, plain matching does.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// `<Request>`.
    Request {
        /// `Request@deploymentMode` (`production` when absent, per the DTD).
        deployment_mode: Option<String>,
        /// The request.
        request: Request,
    },
    /// `<Message>` (one-way; a PunchOutOrderMessage when a cart comes back).
    Message {
        /// `Message@deploymentMode`.
        deployment_mode: Option<String>,
        /// `Message@inReplyTo`.
        in_reply_to: Option<String>,
        /// Optional `Status` (`204` in a POOM means "session ended without change").
        status: Option<Status>,
        /// The message.
        message: Message,
    },
    /// `<Response>`.
    Response {
        /// The `Status` (required).
        status: Status,
        /// The response payload, if any (only sent with a 2xx status).
        response: Option<ResponseKind>,
    },
}

/// The request inside `<Request>`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `PunchOutSetupRequest`.
    PunchOutSetup(PunchOutSetupRequest),
    /// `OrderRequest`: a purchase order.
    Order(OrderRequest),
    /// `ProfileRequest` (an empty element: "which requests do you accept, and where?"; also
    /// used as a ping).
    Profile,
    /// Any other request, by element name (`StatusUpdateRequest`, `CopyRequest`, …).
    Other {
        /// Element name, e.g. `StatusUpdateRequest`.
        name: String,
    },
}

impl Request {
    /// The request element name (`PunchOutSetupRequest`, `OrderRequest`, …).
    pub fn name(&self) -> &str {
        match self {
            Self::PunchOutSetup(_) => "PunchOutSetupRequest",
            Self::Order(_) => "OrderRequest",
            Self::Profile => "ProfileRequest",
            Self::Other { name } => name,
        }
    }
}

/// The message inside `<Message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// `PunchOutOrderMessage` (a returned cart).
    PunchOutOrder(PunchOutOrderMessage),
    /// Any other message, by element name.
    Other {
        /// Element name.
        name: String,
    },
}

/// The payload of a `<Response>` after its `Status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    /// `PunchOutSetupResponse/StartPage/URL`.
    PunchOutSetup {
        /// The start page URL (trimmed).
        start_page_url: String,
    },
    /// Any other response, by element name.
    Other {
        /// Element name.
        name: String,
    },
}

/// `<Status code="…" text="…">message</Status>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// `code` (HTTP-like: 200, 201, 204, 400, 401, 406, 450, 500…).
    pub code: u16,
    /// `text` (short name of the code, e.g. `OK`).
    pub text: String,
    /// Element content (details), trimmed.
    pub message: String,
}

impl Status {
    /// Whether the code is one cXML treats as success (200, 201, 204, 280, 281: any 2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.code)
    }
}

/// `PunchOutSetupRequest@operation`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `create`: a new cart.
    Create,
    /// `edit`: reopen a returned cart for modification (the `ItemOut`s re-create it).
    Edit,
    /// `inspect`: reopen read-only; the buyer ignores items sent back.
    Inspect,
    /// `source`: RFQ for sourcing.
    Source,
    /// Anything else, verbatim (empty when the attribute is missing).
    Other(String),
}

impl Operation {
    /// Parse the attribute value (exact, lower-case as in the DTD; other case is accepted).
    pub fn from_code(code: &str) -> Self {
        match code.trim().to_ascii_lowercase().as_str() {
            "create" => Self::Create,
            "edit" => Self::Edit,
            "inspect" => Self::Inspect,
            "source" => Self::Source,
            _ => Self::Other(code.to_owned()),
        }
    }

    /// The DTD spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Create => "create",
            Self::Edit => "edit",
            Self::Inspect => "inspect",
            Self::Source => "source",
            Self::Other(s) => s,
        }
    }
}

/// `PunchOutOrderMessageHeader@operationAllowed`: the highest operation the buyer may do later
/// on the returned cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationAllowed {
    /// Only a later OrderRequest.
    Create,
    /// Also a later `inspect` setup request.
    Inspect,
    /// Also a later `edit` setup request.
    Edit,
}

impl OperationAllowed {
    /// The DTD spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Inspect => "inspect",
            Self::Edit => "edit",
        }
    }

    /// Parse the DTD spelling (case-insensitive); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "create" => Some(Self::Create),
            "inspect" => Some(Self::Inspect),
            "edit" => Some(Self::Edit),
            _ => None,
        }
    }
}

/// `<PunchOutSetupRequest>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchOutSetupRequest {
    /// `operation`.
    pub operation: Operation,
    /// `BuyerCookie` text verbatim (not trimmed); child elements contribute their text.
    pub buyer_cookie: String,
    /// `Extrinsic name="…"` values in order (text trimmed).
    pub extrinsics: Vec<(String, String)>,
    /// `BrowserFormPost/URL` (trimmed): where the cart goes back.
    pub browser_form_post: Option<String>,
    /// `SupplierSetup/URL` (trimmed; deprecated, informational).
    pub supplier_setup: Option<String>,
    /// `Contact`s (name, email, phone, `role` attribute).
    pub contacts: Vec<model::Contact>,
    /// `ShipTo/Address`, mapped to a party (see the reader docs for the mapping).
    pub ship_to: Option<model::Party>,
    /// `SelectedItem/ItemID` (level-2 punchout: land on this product).
    pub selected_item: Option<ItemId>,
    /// `ItemOut`s (edit/inspect: the cart to re-create).
    pub items: Vec<ItemOut>,
}

impl PunchOutSetupRequest {
    /// The first extrinsic called `name` (case-insensitive), e.g. `UserEmail`.
    pub fn extrinsic(&self, name: &str) -> Option<&str> {
        self.extrinsics
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `<ItemID>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemId {
    /// `SupplierPartID` (trimmed).
    pub supplier_part_id: String,
    /// `SupplierPartAuxiliaryID` verbatim, never trimmed: it must round-trip unchanged.
    pub supplier_part_aux_id: Option<String>,
    /// `BuyerPartID` (trimmed).
    pub buyer_part_id: Option<String>,
}

/// A line item: `<ItemOut>` in a setup request or an OrderRequest, `<ItemIn>` in a
/// PunchOutOrderMessage (same shape for what the gateway needs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemOut {
    /// `quantity` (0 with an error issue when missing or not a number).
    pub quantity: Decimal,
    /// `lineNumber`.
    pub line_number: Option<u32>,
    /// `ItemID`.
    pub item_id: ItemId,
    /// `ItemDetail/UnitPrice/Money`.
    pub unit_price: Option<Decimal>,
    /// `ItemDetail/UnitPrice/Money@currency`.
    pub currency: Option<String>,
    /// `ItemDetail/Description` text without its `ShortName` (trimmed); the `ShortName` when
    /// that is all there is.
    pub description: Option<String>,
    /// `ItemDetail/Description/ShortName`.
    pub short_name: Option<String>,
    /// `ItemDetail/UnitOfMeasure`.
    pub unit_of_measure: Option<String>,
    /// `ItemDetail/Classification`s as (domain, code); the code is the text, or the `code`
    /// attribute when the text is empty.
    pub classification: Vec<(String, String)>,
    /// `ItemDetail/ManufacturerPartID`.
    pub manufacturer_part_id: Option<String>,
    /// `ItemDetail/ManufacturerName`.
    pub manufacturer_name: Option<String>,
    /// `ItemDetail/LeadTime` (days).
    pub lead_time: Option<u32>,
    /// `ItemDetail/Extrinsic`s then the item's own `Extrinsic`s, in order.
    pub extrinsics: Vec<(String, String)>,
    /// `@requestedDeliveryDate` (a date; a date-time is accepted and its date taken as written).
    pub requested_delivery_date: Option<NaiveDate>,
    /// `@parentLineNumber`, verbatim (trimmed).
    pub parent_line_number: Option<String>,
    /// `@itemType` (`composite`, `item`, `lean`), verbatim (trimmed).
    pub item_type: Option<String>,
    /// `ShipTo/Address` of this line (see the reader docs for the mapping).
    pub ship_to: Option<model::Party>,
    /// `Shipping` of this line.
    pub shipping: Option<Shipping>,
    /// `Tax` of this line.
    pub tax: Option<Tax>,
    /// `Comments`, one string each: their own text (trimmed) without nested `Attachment`s; empty
    /// ones left out.
    pub comments: Vec<String>,
    /// `Comments/Attachment/URL`s of this line (trimmed), e.g. `cid:part2@example.com`.
    pub attachments: Vec<String>,
}

/// The `ItemIn` of a PunchOutOrderMessage has the same shape as [`ItemOut`].
pub type ItemIn = ItemOut;

/// `<PunchOutOrderMessage>`: a cart returned by a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PunchOutOrderMessage {
    /// `BuyerCookie` verbatim.
    pub buyer_cookie: String,
    /// `PunchOutOrderMessageHeader@operationAllowed` (`None` when missing or unknown).
    pub operation_allowed: Option<OperationAllowed>,
    /// `PunchOutOrderMessageHeader/Total/Money`.
    pub total: Option<Decimal>,
    /// `PunchOutOrderMessageHeader/Total/Money@currency`.
    pub currency: Option<String>,
    /// The `ItemIn`s.
    pub items: Vec<ItemIn>,
}

/// A `<Money currency="…">amount</Money>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Money {
    /// The amount.
    pub amount: Decimal,
    /// `@currency` (trimmed; empty, with a warning, when missing).
    pub currency: String,
}

/// `<Shipping>` (`Money`, `Description`), with what the `ShipTo` beside it says about transport.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shipping {
    /// `Money` (`None` when missing or not a number).
    pub money: Option<Money>,
    /// `Description` text (trimmed), when not blank.
    pub description: Option<String>,
    /// The carrier: `@trackingDomain` (`FedEx`, `UPS`…), else the first
    /// `ShipTo/CarrierIdentifier` beside it.
    pub carrier: Option<String>,
    /// `@trackingId`.
    pub tracking_id: Option<String>,
    /// The transport method: `ShipTo/TransportInformation/Route@method` (`air`, `motor`…).
    pub method: Option<String>,
}

/// `<Tax>` (`Money`, `Description`, `TaxDetail*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tax {
    /// `Money`: the total tax (`None` when missing or not a number).
    pub money: Option<Money>,
    /// `Description` text (trimmed), when not blank.
    pub description: Option<String>,
    /// `TaxDetail`s, in order.
    pub details: Vec<TaxDetail>,
}

/// `<TaxDetail>`: one kind of tax.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaxDetail {
    /// `@purpose` (`tax`, `shippingTax`, `duty`…).
    pub purpose: Option<String>,
    /// `@category` (`sales`, `usage`, `vat`, `gst`, or anything else).
    pub category: Option<String>,
    /// `@percentageRate` (percent, e.g. `19`).
    pub percentage_rate: Option<Decimal>,
    /// `TaxableAmount/Money`.
    pub taxable_amount: Option<Money>,
    /// `TaxAmount/Money`.
    pub tax_amount: Option<Money>,
    /// `TaxLocation` text.
    pub location: Option<String>,
    /// `Description` text.
    pub description: Option<String>,
}

/// `<PaymentTerm payInNumberOfDays="…">` with its optional `Discount`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentTerm {
    /// `@payInNumberOfDays` (`None` when missing or not a whole number, with a warning).
    pub pay_in_days: Option<u32>,
    /// `Discount/DiscountPercent@percent` (negative means a penalty).
    pub discount_percent: Option<Decimal>,
    /// `Discount/DiscountAmount/Money`.
    pub discount_amount: Option<Money>,
}

/// `OrderRequestHeader@type`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum OrderRequestType {
    /// `new` (the default).
    #[default]
    New,
    /// `update`: a complete new version of an order sent before.
    Update,
    /// `delete`: cancel an order sent before.
    Delete,
    /// Anything else, verbatim.
    Other(String),
}

impl OrderRequestType {
    /// Parse the attribute value (DTD spelling; other case is accepted).
    pub fn from_code(code: &str) -> Self {
        match code.trim().to_ascii_lowercase().as_str() {
            "new" => Self::New,
            "update" => Self::Update,
            "delete" => Self::Delete,
            _ => Self::Other(code.to_owned()),
        }
    }

    /// The DTD spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::New => "new",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Other(s) => s,
        }
    }
}

/// `<OrderRequest>`: a purchase order (`OrderRequestHeader`, `ItemOut+`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderRequest {
    /// `OrderRequestHeader`.
    pub header: OrderRequestHeader,
    /// The `ItemOut`s, in order.
    pub items: Vec<ItemOut>,
}

impl OrderRequest {
    /// Every `Comments/Attachment/URL` of the order, header first, then line by line: the
    /// `cid:` references to match against the parts of a `multipart/related` body.
    pub fn attachment_urls(&self) -> Vec<&str> {
        self.header
            .attachments
            .iter()
            .chain(self.items.iter().flat_map(|i| i.attachments.iter()))
            .map(String::as_str)
            .collect()
    }
}

/// `<OrderRequestHeader>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderRequestHeader {
    /// `@orderID` (trimmed; empty, with a 406 error, when missing).
    pub order_id: String,
    /// `@orderDate` as sent.
    pub order_date_raw: Option<String>,
    /// `@orderDate` parsed with [`super::parse_timestamp`] (`None`, with a warning, when it does
    /// not parse).
    pub order_date: Option<DateTime<FixedOffset>>,
    /// `@type` (`new` when absent).
    pub kind: OrderRequestType,
    /// `@orderType` (`regular` when absent; `release`, `blanket`, `stockTransport`…).
    pub order_type: String,
    /// `@orderVersion` (1 for the first version, then 2, 3…).
    pub order_version: Option<u32>,
    /// `@requisitionID`.
    pub requisition_id: Option<String>,
    /// `@shipComplete="yes"`: hold until complete.
    pub ship_complete: bool,
    /// `@requestedDeliveryDate` as sent.
    pub requested_delivery_date_raw: Option<String>,
    /// `@requestedDeliveryDate` as a date (a date or a date-time; its date as written).
    pub requested_delivery_date: Option<NaiveDate>,
    /// `Total/Money`.
    pub total: Option<Money>,
    /// `ShipTo/Address` (plus `ShipTo/IdReference`s as identifiers).
    pub ship_to: Option<model::Party>,
    /// `BillTo/Address` (plus `BillTo/IdReference`s as identifiers).
    pub bill_to: Option<model::Party>,
    /// `Shipping` (or, without one, only the carrier and method the `ShipTo` names).
    pub shipping: Option<Shipping>,
    /// `Tax`.
    pub tax: Option<Tax>,
    /// `PaymentTerm`s, in order.
    pub payment_terms: Vec<PaymentTerm>,
    /// `Contact`s (`@role`, `Name`, first `Email`, first `Phone`).
    pub contacts: Vec<model::Contact>,
    /// `Comments`, one string each, without nested `Attachment`s; empty ones left out.
    pub comments: Vec<String>,
    /// `Comments/Attachment/URL`s (trimmed), e.g. `cid:part2@example.com`.
    pub attachments: Vec<String>,
    /// `DocumentReference@payloadID`: the previous version (for `update` and `delete`).
    pub document_reference: Option<String>,
    /// `Extrinsic`s, in order (text trimmed).
    pub extrinsics: Vec<(String, String)>,
}
