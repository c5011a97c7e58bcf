//! Trading-partner profile types: what one `partners/<id>.toml` file holds.
//!
//! These are the *declared* profile, exactly as written by the sales/integration team. Resolution
//! (environment variables for secrets and URLs, URL checks, duplicate identities across partners)
//! happens in the root package's partner registry, which reports every problem with its
//! `file:key`. Every table here rejects unknown keys (`deny_unknown_fields`) so that a typo is an
//! error, never a silently ignored setting.
//!
//! Keys are documented in `partners/README.md`; keep that file in step with this one.

use serde::{Deserialize, Serialize};

/// One trading partner profile (`partners/<id>.toml`; the id is the file stem).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerProfile {
    /// Display name shown in the console and logs.
    pub name: String,
    /// A disabled partner is loaded and validated but every inbound document from it is refused.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Outbound documents for an order are rendered in the syntax the order arrived in.
    #[serde(default = "default_true")]
    pub answer_in_inbound_syntax: bool,
    /// Catalog this partner may see (punchout shop, price lookups).
    #[serde(default)]
    pub catalog: Option<String>,
    /// Price list with this partner's contract prices (explicit prices, with quantity breaks).
    #[serde(default)]
    pub price_list: Option<String>,
    /// Discount in percent off the catalog list price, for items without a contract price.
    #[serde(default)]
    pub discount_percent: Option<rust_decimal::Decimal>,
    /// What to do when an order line's part or price differs from the catalog / punchout cart.
    #[serde(default)]
    pub order_mismatch: MismatchPolicy,
    /// cXML identities, secret and endpoints.
    #[serde(default)]
    pub cxml: Option<CxmlProfile>,
    /// SAP OCI login for catalog call-up.
    #[serde(default)]
    pub oci: Option<OciProfile>,
    /// ANSI X12 envelope identities and settings.
    #[serde(default)]
    pub x12: Option<X12Profile>,
    /// UN/EDIFACT interchange identities and settings.
    #[serde(default)]
    pub edifact: Option<EdifactProfile>,
    /// UBL / Peppol endpoint identities and settings.
    #[serde(default)]
    pub ubl: Option<UblProfile>,
    /// Our own identity on documents to this partner (legal name, address, VAT number, GLN…):
    /// completes the seller / ship-from of confirmations, ship notices and invoices where the
    /// order does not say. EN 16931 invoices need at least a name, a country and, for standard
    /// rated VAT, a `vat` identifier.
    #[serde(default)]
    pub seller: Option<crate::Party>,
}

fn default_true() -> bool {
    true
}

/// Policy for order lines that do not match the catalog or the punchout cart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchPolicy {
    /// Accept the order and flag the line for a person to look at.
    #[default]
    AcceptAndFlag,
    /// Reject the whole order.
    Reject,
}

/// A reference to a secret: the value comes from the environment variable `env`.
///
/// `dev_default` exists only for the shipped demo partner: it is used when `env` is unset and is,
/// by its name, a development value that must never protect anything real.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretRef {
    /// Name of the environment variable holding the secret.
    pub env: String,
    /// Development-only fallback when the variable is unset. Never use for a real partner.
    #[serde(default)]
    pub dev_default: Option<String>,
}

/// A setting given either literally or through an environment variable with an optional default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueRef {
    /// The value itself.
    Literal(String),
    /// `{ env = "NAME", default = "…" }`.
    Env(EnvValue),
}

/// The environment form of [`ValueRef`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvValue {
    /// Environment variable to read.
    pub env: String,
    /// Value used when the variable is unset.
    #[serde(default)]
    pub default: Option<String>,
}

/// A cXML credential: `<Credential domain="…"><Identity>…</Identity></Credential>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// Credential domain, e.g. `NetworkID`, `DUNS`. Compared case-insensitively.
    pub domain: String,
    /// Identity within the domain, e.g. `AN01000000001`. Compared exactly.
    pub identity: String,
}

/// How the cart is returned to the buyer's BrowserFormPost URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CartReturnField {
    /// Hidden field `cxml-urlencoded` (the cXML default).
    #[default]
    CxmlUrlencoded,
    /// Hidden field `cxml-base64`.
    CxmlBase64,
}

/// cXML settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CxmlProfile {
    /// Identities the buyer may put in `<From>` (any one of them matches).
    pub from: Vec<Credential>,
    /// The `<Sender>` credential that carries the shared secret.
    pub sender: Credential,
    /// The `<SharedSecret>` expected in `<Sender>`.
    pub shared_secret: SecretRef,
    /// Our identity as this buyer addresses us in `<To>`.
    pub to: Credential,
    /// Where we post outbound cXML documents (confirmations, ship notices, invoices).
    #[serde(default)]
    pub document_url: Option<ValueRef>,
    /// Hidden form field used for the cart return.
    #[serde(default)]
    pub cart_return_field: CartReturnField,
    /// cXML DTD version we emit for this buyer.
    #[serde(default = "default_cxml_version")]
    pub version: String,
    /// The buyer's procurement platform; selects the platform limits applied to carts we return.
    #[serde(default)]
    pub platform: Platform,
}

/// Procurement platforms with known limits on what a returned cart may contain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// No platform-specific limits beyond the tightest common ones.
    #[default]
    Generic,
    /// SAP Ariba.
    Ariba,
    /// Coupa.
    Coupa,
    /// JAGGAER.
    Jaggaer,
    /// Oracle iProcurement / Fusion.
    Oracle,
    /// SAP SRM (OCI).
    SapSrm,
}

fn default_cxml_version() -> String {
    "1.2.071".to_owned()
}

/// SAP OCI settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OciProfile {
    /// `USERNAME` sent by the buyer's SRM at call-up.
    pub username: String,
    /// `PASSWORD` sent by the buyer's SRM at call-up.
    pub password: SecretRef,
}

/// Which X12 functional acknowledgement a partner expects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum X12AckKind {
    /// 997 Functional Acknowledgment.
    #[default]
    #[serde(rename = "997")]
    Fa997,
    /// 999 Implementation Acknowledgment.
    #[serde(rename = "999")]
    Ia999,
    /// No functional acknowledgement.
    None,
}

/// ANSI X12 settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct X12Profile {
    /// Partner's ISA05/07 qualifier.
    pub isa_qualifier: String,
    /// Partner's ISA06/08 id (without padding).
    pub isa_id: String,
    /// Partner's GS02/03 application id.
    pub gs_id: String,
    /// Our ISA qualifier as this partner addresses us.
    pub our_isa_qualifier: String,
    /// Our ISA id as this partner addresses us.
    pub our_isa_id: String,
    /// Our GS application id as this partner addresses us.
    pub our_gs_id: String,
    /// X12 version/release we emit (GS08), e.g. `004010`.
    #[serde(default = "default_x12_version")]
    pub version: String,
    /// Functional acknowledgement we send for inbound groups.
    #[serde(default)]
    pub ack: X12AckKind,
    /// Answer the acknowledgement synchronously in the HTTP response.
    #[serde(default)]
    pub sync_ack: bool,
    /// ISA15 usage indicator we emit: `P` production or `T` test.
    #[serde(default = "default_usage")]
    pub usage: String,
    /// Where outbound interchanges (acknowledgements sent later, 855, 856, 810) are posted.
    #[serde(default)]
    pub document_url: Option<ValueRef>,
    /// Folder of partner rules (`<set>.toml`, e.g. `850.toml`) merged over the standard tables
    /// in `schemas/x12/`, relative to the partners folder (e.g. `demo-buyer/x12`).
    #[serde(default)]
    pub rules_dir: Option<String>,
}

fn default_x12_version() -> String {
    "004010".to_owned()
}

fn default_usage() -> String {
    "P".to_owned()
}

/// UN/EDIFACT settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdifactProfile {
    /// Partner's UNB sender/recipient id (e.g. a GLN).
    pub id: String,
    /// Partner's identification code qualifier (e.g. `14` for GLN).
    pub qualifier: String,
    /// Our UNB id as this partner addresses us.
    pub our_id: String,
    /// Our identification code qualifier.
    pub our_qualifier: String,
    /// Message directory we emit, e.g. `D96A`.
    #[serde(default = "default_edifact_directory")]
    pub directory: String,
    /// Syntax identifier we emit, e.g. `UNOC`.
    #[serde(default = "default_edifact_syntax")]
    pub syntax: String,
    /// Send a CONTRL synchronously in the HTTP response when asked for.
    #[serde(default)]
    pub sync_contrl: bool,
    /// UNB 0035 test indicator we emit (`true` marks our interchanges as tests).
    #[serde(default)]
    pub test: bool,
    /// Where outbound interchanges (CONTRL sent later, ORDRSP, DESADV, INVOIC) are posted, or a
    /// `file://` folder they are written to.
    #[serde(default)]
    pub document_url: Option<ValueRef>,
}

fn default_edifact_directory() -> String {
    "D96A".to_owned()
}

fn default_edifact_syntax() -> String {
    "UNOC".to_owned()
}

/// UBL / Peppol settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UblProfile {
    /// Partner's EndpointID scheme (e.g. `0088` GLN, `0192` Norwegian org number).
    pub endpoint_scheme: String,
    /// Partner's EndpointID.
    pub endpoint_id: String,
    /// Our EndpointID scheme as this partner addresses us.
    pub our_endpoint_scheme: String,
    /// Our EndpointID as this partner addresses us.
    pub our_endpoint_id: String,
    /// Where outbound documents (OrderResponse, DespatchAdvice, Invoice) are posted, or a
    /// `file://` folder they are written to.
    #[serde(default)]
    pub document_url: Option<ValueRef>,
}

/// Where outbound documents go, per channel (used by the relay; checked at load).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    /// cXML.
    Cxml,
    /// SAP OCI.
    Oci,
    /// ANSI X12.
    X12,
    /// UN/EDIFACT.
    Edifact,
    /// OASIS UBL 2.1.
    Ubl,
    /// Canonical JSON (admin API, connectors).
    Json,
}

impl Syntax {
    /// Stable lower-case name used in the archive and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Cxml => "cxml",
            Self::Oci => "oci",
            Self::X12 => "x12",
            Self::Edifact => "edifact",
            Self::Ubl => "ubl",
            Self::Json => "json",
        }
    }
}

#[cfg(test)]
mod tests;
