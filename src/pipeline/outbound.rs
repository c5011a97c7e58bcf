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
use crate::store::{ControlNumberKind, OrderRow, Store, StoreError};

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

/// Control numbers reserved from the database before the store transaction, for the syntax
/// the document will be rendered in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reserved {
    /// X12 ISA13/GS06/ST02.
    pub x12: Option<X12Control>,
    /// EDIFACT UNB 0020 / UNH 0062.
    pub edifact: Option<EdifactControl>,
}

impl Reserved {
    /// The acknowledgement reference the partner's 997/999 or CONTRL will name, for a document
    /// rendered in `syntax`.
    pub fn ack_ref(&self, syntax: &str) -> Option<String> {
        match (syntax, self.x12, self.edifact) {
            ("x12", Some(c), _) => Some(format!("x12:{}", c.group)),
            ("edifact", _, Some(c)) => Some(format!("edifact:{}", c.interchange)),
            _ => None,
        }
    }
}

/// Control references reserved for an EDIFACT interchange (UNB 0020, UNH 0062).
#[derive(Debug, Clone, Copy)]
pub struct EdifactControl {
    /// UNB 0020.
    pub interchange: u64,
    /// UNH 0062.
    pub message: u64,
}

/// The syntax documents for `order` are rendered in for `partner`.
pub fn target_syntax<'a>(partner: &Partner, order: &'a OrderRow) -> &'a str {
    if partner.profile.answer_in_inbound_syntax {
        order.syntax.as_str()
    } else {
        "cxml"
    }
}

/// Render `doc` for `partner` about `order`. `change` is the buyer's change the order's
/// current version came from, when it did: an X12 confirmation then answers it as an 865.
pub fn render(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    public_url: &str,
    reserved: Reserved,
    change: Option<&model::OrderChange>,
) -> Result<Rendered, LifecycleError> {
    let problems = doc.problems();
    if !problems.is_empty() {
        return Err(LifecycleError::Invalid(format!(
            "the {} is invalid: {}",
            doc.doc_type(),
            problems.join("; ")
        )));
    }
    let completed = partner
        .profile
        .seller
        .as_ref()
        .map(|seller| with_seller(doc, seller));
    let doc = completed.as_ref().unwrap_or(doc);
    let syntax = target_syntax(partner, order);
    // cXML answers refer to the OrderRequest's payloadID, so only orders that have one (came in
    // as cXML) can be answered in cXML.
    let cxml_ok = partner.profile.cxml.is_some() && order.source_control_id.is_some();
    match (syntax, reserved) {
        ("cxml", _) if cxml_ok => render_cxml(partner, order, doc, public_url),
        ("x12", Reserved { x12: Some(c), .. }) if partner.profile.x12.is_some() => {
            render_x12(partner, order, doc, c, change)
        }
        (
            "edifact",
            Reserved {
                edifact: Some(c), ..
            },
        ) if partner.profile.edifact.is_some() => render_edifact(partner, order, doc, c),
        ("ubl", _) if partner.profile.ubl.is_some() => render_ubl(partner, order, doc),
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
    let warnings = checked(doc, "cXML", &issues.iter().collect::<Vec<_>>())?;
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
        warnings,
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

/// Reserve the control numbers documents for `order` need (none unless they are rendered as
/// X12 or EDIFACT).
pub async fn reserve(
    store: &Store,
    partner: &Partner,
    order: &OrderRow,
) -> Result<Reserved, StoreError> {
    let next = |kind| store.next_control_number(&partner.id, kind);
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let mut reserved = Reserved::default();
    match target_syntax(partner, order) {
        "x12" if partner.profile.x12.is_some() => {
            reserved.x12 = Some(X12Control {
                interchange: n(next(ControlNumberKind::IsaControl).await?),
                group: n(next(ControlNumberKind::GroupControl).await?),
                set: n(next(ControlNumberKind::TransactionControl).await?),
            });
        }
        "edifact" if partner.profile.edifact.is_some() => {
            let u = |v: i64| u64::try_from(v).unwrap_or(u64::MAX);
            reserved.edifact = Some(EdifactControl {
                interchange: u(next(ControlNumberKind::InterchangeRef).await?),
                message: u(next(ControlNumberKind::MessageRef).await?),
            });
        }
        _ => {}
    }
    Ok(reserved)
}

/// `doc` with its seller (and a ship notice's ship-from) completed from the partner profile's
/// `seller`: missing fields are filled, identifiers of schemes it lacks are added.
fn with_seller(doc: &Outbound, seller: &model::Party) -> Outbound {
    let mut doc = doc.clone();
    match &mut doc {
        Outbound::Confirmation(r) => complete_party(&mut r.seller, seller),
        Outbound::Shipment(n) => {
            complete_party(&mut n.seller, seller);
            complete_party(&mut n.ship_from, seller);
        }
        Outbound::Invoice(i) => complete_party(&mut i.seller, seller),
    }
    doc
}

fn complete_party(target: &mut Option<model::Party>, with: &model::Party) {
    let Some(t) = target else {
        *target = Some(with.clone());
        return;
    };
    let fill = |a: &mut Option<String>, b: &Option<String>| {
        if a.is_none() {
            a.clone_from(b);
        }
    };
    fill(&mut t.name, &with.name);
    if t.address_lines.is_empty() && t.city.is_none() && t.country.is_none() {
        t.address_lines.clone_from(&with.address_lines);
        t.city.clone_from(&with.city);
        t.region.clone_from(&with.region);
        t.postal_code.clone_from(&with.postal_code);
        t.country.clone_from(&with.country);
    }
    for id in &with.identifiers {
        if !t.identifiers.iter().any(|i| i.scheme == id.scheme) {
            t.identifiers.push(id.clone());
        }
    }
    if t.contacts.is_empty() {
        t.contacts.clone_from(&with.contacts);
    }
}

/// Errors among `issues`, or the rendered document's warnings.
fn checked(
    doc: &Outbound,
    what: &str,
    issues: &[&codec::Issue],
) -> Result<Vec<String>, LifecycleError> {
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    if !errors.is_empty() {
        return Err(LifecycleError::Invalid(format!(
            "the {} cannot be rendered as {what}: {}",
            doc.doc_type(),
            errors.join("; ")
        )));
    }
    Ok(issues.iter().map(ToString::to_string).collect())
}

fn render_edifact(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    control: EdifactControl,
) -> Result<Rendered, LifecycleError> {
    use codec::edifact::{self, map, Charset, InterchangeHeader};
    let Some(profile) = partner.profile.edifact.as_ref() else {
        return Err(LifecycleError::Invalid(format!(
            "partner `{}` has no [edifact] settings",
            partner.id
        )));
    };
    let directory = if profile.directory.eq_ignore_ascii_case("D01B") {
        map::Directory::D01B
    } else {
        map::Directory::D96A
    };
    let canonical = match doc {
        Outbound::Confirmation(r) => model::Document::OrderResponse(r.clone()),
        Outbound::Shipment(n) => model::Document::ShipNotice(n.clone()),
        Outbound::Invoice(i) => model::Document::Invoice(i.clone()),
    };
    let now = Utc::now();
    let party = |id: &str, qualifier: &str| edifact::Party {
        id: id.to_owned(),
        qualifier: qualifier.to_owned(),
        routing: String::new(),
    };
    let mut header = InterchangeHeader::new(
        party(&profile.our_id, &profile.our_qualifier),
        party(&profile.id, &profile.qualifier),
        control.interchange.to_string(),
        now.date_naive(),
        now.time(),
    );
    header.charset = Charset::from_syntax_id(&profile.syntax).unwrap_or(Charset::Unoc);
    header.ack_requested = true;
    header.agreement_id = "EANCOM".into();
    // An answer to a test order is test data (UNB 0035 = 1) whatever the partner's setting.
    header.test = profile.test || super::orders::is_test_order(order);
    let Some((message, mut issues)) = map::message_out(
        &canonical,
        directory,
        &control.message.to_string(),
        header.effective_delimiters(),
    ) else {
        return Err(LifecycleError::Invalid(format!(
            "no EDIFACT message for a {}",
            doc.doc_type()
        )));
    };
    let message_type = message.message_type.clone();
    header.application_reference.clone_from(&message_type);
    let written = edifact::write_interchange(&header, &[message]);
    issues.extend(written.issues.iter().cloned());
    let warnings = checked(
        doc,
        &format!("an EDIFACT {message_type}"),
        &issues.iter().collect::<Vec<_>>(),
    )?;
    Ok(Rendered {
        syntax: "edifact".into(),
        content_type: super::edifact::CONTENT_TYPE.into(),
        body: written.bytes,
        control_id: control.interchange.to_string(),
        delivery: partner.edifact_document_url.as_ref().map(delivery),
        warnings,
    })
}

/// Makes sure `party` carries the Peppol endpoint `scheme`:`id` (UBL `cbc:EndpointID`) and a
/// name (`name` when it has none).
fn with_endpoint(party: &mut Option<model::Party>, (scheme, id): (&str, &str), name: &str) {
    let p = party.get_or_insert_with(model::Party::default);
    if p.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        p.name = Some(name.to_owned());
    }
    let key = format!("endpoint:{scheme}");
    if !p
        .identifiers
        .iter()
        .any(|i| i.scheme.starts_with("endpoint:"))
    {
        p.identifiers.push(model::Identifier::new(key, id));
    }
}

fn render_ubl(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
) -> Result<Rendered, LifecycleError> {
    use codec::ubl::{self, WriteParams};
    let Some(profile) = partner.profile.ubl.as_ref() else {
        return Err(LifecycleError::Invalid(format!(
            "partner `{}` has no [ubl] settings",
            partner.id
        )));
    };
    let ours = (
        profile.our_endpoint_scheme.as_str(),
        profile.our_endpoint_id.as_str(),
    );
    let theirs = (
        profile.endpoint_scheme.as_str(),
        profile.endpoint_id.as_str(),
    );
    // Names the order gave both sides, else the partner's name and a neutral one for us.
    let po: Option<model::PurchaseOrder> = serde_json::from_str(&order.body).ok();
    let named = |p: Option<&model::Party>| p.and_then(|p| p.name.clone());
    let our_name =
        named(po.as_ref().and_then(|p| p.seller.as_ref())).unwrap_or_else(|| "Supplier".to_owned());
    let their_name = named(po.as_ref().and_then(|p| p.buyer.as_ref()))
        .unwrap_or_else(|| partner.profile.name.clone());
    let (our_name, their_name) = (our_name.as_str(), their_name.as_str());
    let params = WriteParams {
        issue_date: Some(Utc::now().date_naive()),
        ..WriteParams::default()
    };
    let (xml, issues, what) = match doc {
        Outbound::Confirmation(r) => {
            let mut r = r.clone();
            with_endpoint(&mut r.seller, ours, our_name);
            with_endpoint(&mut r.buyer, theirs, their_name);
            let (x, i) = ubl::write_order_response(&r, &params);
            (x, i, "a UBL OrderResponse")
        }
        Outbound::Shipment(n) => {
            let mut n = n.clone();
            with_endpoint(&mut n.ship_from, ours, our_name);
            with_endpoint(&mut n.ship_to, theirs, their_name);
            let (x, i) = ubl::write_despatch_advice(&n, &params);
            (x, i, "a UBL DespatchAdvice")
        }
        Outbound::Invoice(inv) => {
            let mut inv = inv.clone();
            with_endpoint(&mut inv.seller, ours, our_name);
            with_endpoint(&mut inv.buyer, theirs, their_name);
            let (x, i) = ubl::write_invoice(&inv, &params);
            (x, i, "a UBL Invoice")
        }
    };
    let warnings = checked(doc, what, &issues.iter().collect::<Vec<_>>())?;
    Ok(Rendered {
        syntax: "ubl".into(),
        content_type: "application/xml".into(),
        body: xml.into_bytes(),
        control_id: uuid::Uuid::new_v4().to_string(),
        delivery: partner.ubl_document_url.as_ref().map(delivery),
        warnings,
    })
}

fn render_x12(
    partner: &Partner,
    order: &OrderRow,
    doc: &Outbound,
    control: X12Control,
    change: Option<&model::OrderChange>,
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
        // The answer to the buyer's 860 is the 865 (PO change acknowledgment), which also
        // accepts the deletion of each line the change deleted (POC*n*DI*0, ACK*IA*0).
        Outbound::Confirmation(r) if change.is_some() => {
            let mut r = r.clone();
            for l in change.iter().flat_map(|c| &c.lines) {
                let n = l.line.line_number;
                if l.change == model::LineChangeKind::Cancelled
                    && !r.lines.iter().any(|x| x.line_number == n)
                {
                    let mut deleted =
                        model::OrderResponseLine::new(n, model::ResponseStatus::Accepted);
                    deleted.ordered_quantity = Some(rust_decimal::Decimal::ZERO);
                    deleted.confirmed_quantity = Some(rust_decimal::Decimal::ZERO);
                    r.lines.push(deleted);
                }
            }
            r.lines.sort_by_key(|l| l.line_number);
            ("865", map::write_865(&mut body, &r, change))
        }
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
        // An answer to a test order is test data (ISA15 = T) whatever the partner's usage.
        usage: if super::orders::is_test_order(order) {
            'T'
        } else {
            profile.usage.chars().next().unwrap_or('P')
        },
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
    let warnings = checked(doc, &format!("an X12 {set}"), &all)?;
    Ok(Rendered {
        syntax: "x12".into(),
        content_type: "application/edi-x12".into(),
        body: text.into_bytes(),
        control_id: format!("{:09}", control.interchange),
        delivery: partner.x12_document_url.as_ref().map(delivery),
        warnings,
    })
}

/// The order's `orderDate` as cXML wants it, from the stored canonical order.
fn order_date_stamp(order: &OrderRow) -> Option<String> {
    let po: model::PurchaseOrder = serde_json::from_str(&order.body).ok()?;
    po.issued_at
        .map(|t| cxml::format_timestamp(&t))
        .or_else(|| po.order_date.map(|d| format!("{d}T00:00:00+00:00")))
}
