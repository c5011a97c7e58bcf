//! Outbound documents: a canonical confirmation, ship notice or invoice rendered for a partner in
//! the syntax its order arrived in, with where the relay will deliver it.
//!
//! One function, [`render`], picks the renderer: cXML (ConfirmationRequest, ShipNoticeRequest,
//! InvoiceDetailRequest) and X12 (855, 856, 810 in a complete interchange with control numbers
//! reserved from the database); the EDIFACT and UBL renderers plug into the same `match`. An order that came in as canonical JSON (from the ERP
//! or the console) is answered in canonical JSON, archived and not delivered: the partner has no
//! document of ours to refer to.

use chrono::Utc;
use codec::cxml::{self, Credential, DocumentParams, OrderRef};
use model::{Invoice, OrderResponse, ShipNotice};
use secrecy::ExposeSecret;

use super::cxml::{mask_shared_secrets, new_payload_id, now_stamp};
use super::lifecycle::LifecycleError;
use crate::partners::Partner;
use crate::store::OrderRow;

/// Delivery attempts before an outbound document is dead-lettered.
pub const MAX_ATTEMPTS: i64 = 10;

/// A canonical lifecycle document to send.
// One value per request: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outbound {
    /// An order confirmation.
    Confirmation(OrderResponse),
    /// A ship notice.
    Shipment(ShipNotice),
    /// An invoice.
    Invoice(Invoice),
}

impl Outbound {
    /// The canonical document type.
    pub fn doc_type(&self) -> &'static str {
        match self {
            Self::Confirmation(_) => "order_response",
            Self::Shipment(_) => "ship_notice",
            Self::Invoice(_) => "invoice",
        }
    }

    /// Canonical JSON.
    pub fn to_json(&self) -> Result<String, LifecycleError> {
        let json = match self {
            Self::Confirmation(d) => serde_json::to_string(d),
            Self::Shipment(d) => serde_json::to_string(d),
            Self::Invoice(d) => serde_json::to_string(d),
        };
        json.map_err(|e| LifecycleError::Invalid(format!("cannot serialise the document: {e}")))
    }

    /// Validation problems of the canonical document.
    fn problems(&self) -> Vec<String> {
        let issues = match self {
            Self::Confirmation(d) => d.validate(),
            Self::Shipment(d) => d.validate(),
            Self::Invoice(d) => d.validate(),
        };
        issues.iter().map(ToString::to_string).collect()
    }
}

/// A rendered outbound document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// `cxml`, `json`, …
    pub syntax: String,
    /// MIME type to deliver it with.
    pub content_type: String,
    /// The bytes.
    pub body: Vec<u8>,
    /// payloadID / interchange control number / document id.
    pub control_id: String,
    /// Delivery kind and target, when the partner has a channel for it.
    pub delivery: Option<(String, String)>,
    /// Warnings from rendering.
    pub warnings: Vec<String>,
}

/// Control numbers reserved for an X12 interchange (ISA13, GS06, ST02) before the store
/// transaction (the database hands them out; a refused document leaves a gap, never a reuse).
#[derive(Debug, Clone, Copy)]
pub struct X12Control {
    /// ISA13.
    pub interchange: u32,
    /// GS06.
    pub group: u32,
    /// ST02.
    pub set: u32,
}

/// Render `doc` for `partner` about `order`.
pub fn render(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    public_url: &str,
    x12_control: Option<X12Control>,
) -> Result<Rendered, LifecycleError> {
    let problems = doc.problems();
    if !problems.is_empty() {
        return Err(LifecycleError::Invalid(format!(
            "the {} is invalid: {}",
            doc.doc_type(),
            problems.join("; ")
        )));
    }
    let syntax = if partner.profile.answer_in_inbound_syntax {
        order.syntax.as_str()
    } else {
        "cxml"
    };
    // cXML answers refer to the OrderRequest's payloadID, so only orders that have one (came in
    // as cXML) can be answered in cXML.
    let cxml_ok = partner.profile.cxml.is_some() && order.source_control_id.is_some();
    match (syntax, x12_control) {
        ("cxml", _) if cxml_ok => render_cxml(partner, order, doc, public_url),
        ("x12", Some(control)) if partner.profile.x12.is_some() => {
            render_x12(partner, order, doc, control)
        }
        _ => {
            let body = doc.to_json()?.into_bytes();
            Ok(Rendered {
                syntax: "json".into(),
                content_type: "application/json".into(),
                control_id: format!("{}:{}", order.id, crate::security::sha256_hex(&body)),
                body,
                delivery: None,
                warnings: vec![format!(
                    "partner `{}` has no channel for {} documents; the canonical document is \
                     archived and not sent",
                    partner.id, order.syntax
                )],
            })
        }
    }
}

fn render_cxml(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    public_url: &str,
) -> Result<Rendered, LifecycleError> {
    let Some(profile) = partner.profile.cxml.as_ref() else {
        return Err(LifecycleError::Invalid(format!(
            "partner `{}` has no [cxml] settings",
            partner.id
        )));
    };
    let cred = |c: &model::partner::Credential| Credential::new(&c.domain, &c.identity);
    let mut sender = cred(&profile.to);
    sender.shared_secret = partner
        .cxml_shared_secret
        .as_ref()
        .map(|s| s.expose_secret().to_owned());
    let payload_id = new_payload_id(public_url);
    let params = DocumentParams {
        meta: cxml::Meta {
            payload_id: payload_id.clone(),
            timestamp: now_stamp(Utc::now()),
            lang: "en-US".into(),
        },
        from: vec![cred(&profile.to)],
        to: profile.from.iter().take(1).map(cred).collect(),
        sender,
        user_agent: concat!("b2bgate ", env!("CARGO_PKG_VERSION")).into(),
        deployment_mode: None,
    };
    let order_ref = OrderRef {
        order_id: order.order_number.clone(),
        order_date: order_date_stamp(order),
        payload_id: order.source_control_id.clone(),
    };
    let (xml, issues) = match doc {
        Outbound::Confirmation(d) => cxml::write_confirmation_request(&params, &order_ref, d),
        Outbound::Shipment(d) => {
            cxml::write_ship_notice_request(&params, std::slice::from_ref(&order_ref), d)
        }
        Outbound::Invoice(d) => cxml::write_invoice_detail_request(&params, &order_ref, d),
    };
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Err(LifecycleError::Invalid(format!(
            "the {} cannot be rendered as cXML: {}",
            doc.doc_type(),
            errors.join("; ")
        )));
    }
    Ok(Rendered {
        syntax: "cxml".into(),
        content_type: "text/xml; charset=utf-8".into(),
        // Archived without the secret; the relay puts it back for the wire (`cxml_post`).
        body: mask_shared_secrets(xml.as_bytes()),
        control_id: payload_id,
        delivery: partner
            .cxml_document_url
            .as_ref()
            .map(|u| ("cxml_post".to_owned(), u.to_string())),
        warnings: issues.iter().map(ToString::to_string).collect(),
    })
}

/// How and where to deliver to `url`: a `file://` URL is a folder (the relay writes the document
/// there atomically), anything else is posted over HTTP.
pub fn delivery(url: &url::Url) -> (String, String) {
    match url.to_file_path() {
        Ok(path) if url.scheme() == "file" => ("file".to_owned(), path.display().to_string()),
        _ => ("http_post".to_owned(), url.to_string()),
    }
}

/// Whether documents for this order are rendered as X12 (control numbers must be reserved).
pub fn needs_x12_control(partner: &Partner, order: &OrderRow) -> bool {
    partner.profile.answer_in_inbound_syntax
        && order.syntax == "x12"
        && partner.profile.x12.is_some()
}

fn render_x12(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    control: X12Control,
) -> Result<Rendered, LifecycleError> {
    use codec::x12::{self, map, Delimiters, GroupOut, InterchangeHeader, SegmentWriter, SetOut};
    let Some(profile) = partner.profile.x12.as_ref() else {
        return Err(LifecycleError::Invalid(format!(
            "partner `{}` has no [x12] settings",
            partner.id
        )));
    };
    let po: Option<model::PurchaseOrder> = serde_json::from_str(&order.body).ok();
    let mut body = SegmentWriter::new(Delimiters::DEFAULT);
    let (set, issues) = match doc {
        Outbound::Confirmation(r) => ("855", map::write_855(&mut body, r, po.as_ref())),
        Outbound::Shipment(n) => ("856", map::write_856(&mut body, n)),
        Outbound::Invoice(i) => ("810", map::write_810(&mut body, i)),
    };
    let now = Utc::now();
    // GS08 `004010` → ISA12 `00401`.
    let isa_version = profile.version.get(..5).unwrap_or("00401").to_owned();
    let header = InterchangeHeader {
        sender_qualifier: profile.our_isa_qualifier.clone(),
        sender_id: profile.our_isa_id.clone(),
        receiver_qualifier: profile.isa_qualifier.clone(),
        receiver_id: profile.isa_id.clone(),
        date: now.date_naive(),
        time: now.time(),
        version: isa_version,
        control_number: control.interchange,
        ack_requested: false,
        usage: profile.usage.chars().next().unwrap_or('P'),
        delimiters: Delimiters::DEFAULT,
    };
    let group = GroupOut {
        functional_id: map::functional_id(set).unwrap_or("ZZ").to_owned(),
        sender: profile.our_gs_id.clone(),
        receiver: profile.gs_id.clone(),
        control_number: control.group,
        version: profile.version.clone(),
        sets: vec![SetOut {
            id: set.to_owned(),
            control_number: format!("{:04}", control.set),
            implementation: None,
            body,
        }],
    };
    let (text, envelope_issues) = x12::write_interchange(&header, vec![group]);
    let all: Vec<&codec::Issue> = issues.iter().chain(&envelope_issues).collect();
    let errors: Vec<String> = all
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Err(LifecycleError::Invalid(format!(
            "the {} cannot be rendered as an X12 {set}: {}",
            doc.doc_type(),
            errors.join("; ")
        )));
    }
    Ok(Rendered {
        syntax: "x12".into(),
        content_type: "application/edi-x12".into(),
        body: text.into_bytes(),
        control_id: format!("{:09}", control.interchange),
        delivery: partner.x12_document_url.as_ref().map(delivery),
        warnings: all.iter().map(ToString::to_string).collect(),
    })
}

/// The order's `orderDate` as cXML wants it, from the stored canonical order.
fn order_date_stamp(order: &OrderRow) -> Option<String> {
    let po: model::PurchaseOrder = serde_json::from_str(&order.body).ok()?;
    po.issued_at
        .map(|t| cxml::format_timestamp(&t))
        .or_else(|| po.order_date.map(|d| format!("{d}T00:00:00+00:00")))
}
