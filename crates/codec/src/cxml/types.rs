//! The cXML documents the gateway reads, as wire types (spec names, cXML 1.1 to 1.2.071).
//!
//! Only what the punchout flow needs is typed; everything else is kept by name
//! ([`Request::Other`], [`Message::Other`], [`ResponseKind::Other`]) so the HTTP layer can answer
//! `450 Not Implemented` naming the request.

use std::fmt;

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
    /// Any other request, by element name (`OrderRequest`, `ProfileRequest`, …).
    Other {
        /// Element name, e.g. `OrderRequest`.
        name: String,
    },
}

impl Request {
    /// The request element name (`PunchOutSetupRequest`, `OrderRequest`, …).
    pub fn name(&self) -> &str {
        match self {
            Self::PunchOutSetup(_) => "PunchOutSetupRequest",
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

/// A line item: `<ItemOut>` in a setup request, `<ItemIn>` in a PunchOutOrderMessage (same
/// shape for what the gateway needs).
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
