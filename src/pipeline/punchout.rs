//! Punchout: a buyer's procurement system opens a shop session (cXML PunchOutSetupRequest or SAP
//! OCI call-up), the user fills a cart at the partner's contract prices, and the cart goes back
//! to the procurement system as a browser form post (cXML PunchOutOrderMessage or OCI fields).
//!
//! Invariants:
//! - A session is entered through a one-time, short-lived start token (cXML) or straight after a
//!   successful OCI login; afterwards it is addressed by a 256-bit random id in the URL (buyer UIs
//!   run the shop in iframes where cookies are unreliable).
//! - A partner only ever sees its own catalog at its own prices ([`PartnerCatalog`]).
//! - Every setup request is archived (SharedSecret values masked); every returned cart is
//!   archived as an outbound document.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use codec::cxml::{self, Credential, Limits, PoomParams, PunchOutSetupRequest};
use codec::oci::{self, Callup, OciOptions};
use model::{CartItem, PunchoutCart};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::json;
use tracing::{info, warn};

use crate::partners::{Partner, PartnerRegistry};
use crate::pipeline::catalog::{PartnerCatalog, PricedItem};
use crate::pipeline::cxml::{response_meta, CxmlAnswer, Inbound};
use crate::security::{random_token, secret_eq, sha256_hex};
use crate::store::{NewDocument, NewSession, SessionRow, Store, StoreError};

/// What the punchout flow needs from the settings.
#[derive(Debug, Clone)]
pub struct PunchoutConfig {
    /// Base URL for links we hand out, without trailing slash.
    pub public_url: String,
    /// Session lifetime.
    pub session_ttl: Duration,
    /// One-time start link lifetime.
    pub start_ttl: Duration,
}

/// Everything that can go wrong in a punchout, by whose fault.
#[derive(Debug, thiserror::Error)]
pub enum PunchoutError {
    /// The request could not be read (cXML 400).
    #[error("{0}")]
    Malformed(String),
    /// No partner has the presented identity (cXML 401).
    #[error("{0}")]
    UnknownSender(String),
    /// The partner is known but the secret is wrong (cXML 401).
    #[error("{0}")]
    BadCredentials(String),
    /// The partner is disabled (cXML 403).
    #[error("partner `{0}` is disabled")]
    PartnerDisabled(String),
    /// Read correctly but not acceptable (cXML 406).
    #[error("{0}")]
    NotAcceptable(String),
    /// A request type or operation we do not implement (cXML 450).
    #[error("{0}")]
    Unsupported(String),
    /// The request conflicts with the state of what it refers to, e.g. cancelling a shipped
    /// order (cXML 409).
    #[error("{0}")]
    Conflict(String),
    /// No such session.
    #[error("this punchout session does not exist")]
    SessionNotFound,
    /// The session or start link has expired or was already used.
    #[error("this punchout session has expired; start again from your procurement system")]
    SessionExpired,
    /// The cart was already returned to the procurement system.
    #[error("this cart was already returned to your procurement system; start again from there to change it")]
    SessionClosed,
    /// The session was opened for inspection only.
    #[error("this cart was opened for inspection and cannot be changed")]
    ReadOnly,
    /// The partner has no catalog assigned.
    #[error("no catalog is assigned to partner `{0}`")]
    NoCatalog(String),
    /// A product that is not in the partner's catalog.
    #[error("product `{0}` is not in your catalog")]
    UnknownItem(String),
    /// A bad quantity or cart edit.
    #[error("{0}")]
    BadInput(String),
    /// Ours.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where to send the browser after a start link or login.
#[derive(Debug, Clone)]
pub struct Landing {
    /// Session id.
    pub session_id: String,
    /// Product to open first (cXML level 2 SelectedItem, OCI DETAIL).
    pub product: Option<String>,
}

/// An auto-submitting form that returns a cart to the procurement system.
#[derive(Debug, Clone)]
pub struct ReturnForm {
    /// Form action.
    pub action: String,
    /// Form target (OCI `~TARGET`), if any.
    pub target: Option<String>,
    /// `accept-charset` for the form.
    pub charset: String,
    /// Hidden fields, in order.
    pub fields: Vec<(String, String)>,
    /// Warnings produced while rendering (platform limits applied).
    pub notes: Vec<String>,
    /// What is archived: the cXML document, or the OCI fields form-encoded.
    pub document: Vec<u8>,
}

/// The outcome of asking to transfer a cart.
#[derive(Debug, Clone)]
pub enum Transfer {
    /// The form to post.
    Form(ReturnForm),
    /// An edit session returning an empty cart deletes the buyer's requisition lines: ask first.
    ConfirmEmpty,
}

/// A PunchOutSetupRequest from an authenticated partner: start a session and answer with its
/// StartPage, or refuse (archived either way).
pub(crate) async fn setup_request(
    store: &Store,
    partner: &Partner,
    config: &PunchoutConfig,
    posr: &PunchOutSetupRequest,
    inbound: &Inbound<'_>,
) -> Result<CxmlAnswer, PunchoutError> {
    const DOC_TYPE: &str = "punchout_setup_request";
    let received = inbound.received;
    if !inbound.errors.is_empty() {
        let err = PunchoutError::NotAcceptable(format!(
            "the PunchOutSetupRequest has errors: {}",
            inbound.errors.join("; ")
        ));
        return Err(received
            .reject(
                store,
                Some(&partner.id),
                DOC_TYPE,
                inbound.issues.clone(),
                err,
            )
            .await);
    }
    match start_cxml_session(store, partner, config, posr, inbound).await {
        Ok((response, session_params)) => {
            let doc_id = received
                .archive(
                    store,
                    Some(&partner.id),
                    DOC_TYPE,
                    "accepted",
                    inbound.issues.clone(),
                )
                .await?;
            store
                .create_session(&NewSession {
                    setup_document_id: Some(doc_id.clone()),
                    ..session_params
                })
                .await?;
            info!(partner_id = %partner.id, document_id = %doc_id, operation = posr.operation.as_str(), "Punchout session started.");
            Ok(CxmlAnswer {
                partner_id: partner.id.clone(),
                response,
                document_id: Some(doc_id),
            })
        }
        Err(e) => Err(received
            .reject(
                store,
                Some(&partner.id),
                DOC_TYPE,
                inbound.issues.clone(),
                e,
            )
            .await),
    }
}

async fn start_cxml_session(
    store: &Store,
    partner: &Partner,
    config: &PunchoutConfig,
    posr: &PunchOutSetupRequest,
    envelope: &Inbound<'_>,
) -> Result<(String, NewSession), PunchoutError> {
    let header = envelope.header;
    let operation = match posr.operation {
        cxml::Operation::Create => "create",
        cxml::Operation::Edit => "edit",
        cxml::Operation::Inspect => "inspect",
        cxml::Operation::Source => {
            return Err(PunchoutError::Unsupported(
                "PunchOutSetupRequest operation=\"source\" is not supported".to_owned(),
            ))
        }
        cxml::Operation::Other(ref o) => {
            return Err(PunchoutError::Unsupported(format!(
                "PunchOutSetupRequest operation=\"{o}\" is not supported"
            )))
        }
    };
    let return_url = posr
        .browser_form_post
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| {
            PunchoutError::NotAcceptable(
                "PunchOutSetupRequest has no BrowserFormPost URL to return the cart to".to_owned(),
            )
        })?;
    match url::Url::parse(return_url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => {
            return Err(PunchoutError::NotAcceptable(format!(
                "BrowserFormPost URL `{return_url}` is not an http(s) URL"
            )))
        }
    }
    // A StartPage into no catalog would only lead to empty pages: refuse at setup.
    let catalog = PartnerCatalog::for_partner(store, partner)
        .ok_or_else(|| PunchoutError::NoCatalog(partner.id.clone()))?;
    let mut cart = PunchoutCart::new(posr.buyer_cookie.clone());
    if operation != "create" {
        for item in &posr.items {
            cart.items.push(restore_item(Some(&catalog), item).await?);
        }
    }
    let currency = partner_currency(Some(&catalog)).await?;
    cart.currency = model::CurrencyCode::parse(&currency).ok();

    let token = random_token();
    let now = Utc::now();
    let session_id = random_token();
    let params = json!({
        "payload_id": envelope.payload_id,
        "from": creds_json(&header.from),
        "to": creds_json(&header.to),
        "sender": creds_json(&header.sender),
        "user_agent": header.user_agent,
        "deployment_mode": envelope.deployment_mode,
        "extrinsics": posr.extrinsics,
        "ship_to": posr.ship_to,
        "selected_item": posr.selected_item.as_ref().map(|s| json!({
            "supplier_part_id": s.supplier_part_id,
            "supplier_part_aux_id": s.supplier_part_aux_id,
        })),
        "contacts": posr.contacts.iter().map(|c| json!({"name": c.name, "email": c.email, "role": c.role})).collect::<Vec<_>>(),
    });
    let session = NewSession {
        id: session_id,
        partner_id: partner.id.clone(),
        protocol: "cxml",
        operation: operation.to_owned(),
        buyer_cookie: Some(posr.buyer_cookie.clone()),
        return_url: return_url.to_owned(),
        params,
        cart: serde_json::to_string(&cart).map_err(|e| PunchoutError::BadInput(e.to_string()))?,
        start_token_hash: Some(sha256_hex(token.as_bytes())),
        start_token_expires_at: Some(now + chrono_dur(config.start_ttl)),
        expires_at: now + chrono_dur(config.session_ttl),
        setup_document_id: None,
    };
    let start_url = format!("{}/punchout/start/{token}", config.public_url);
    let response =
        cxml::write_punchout_setup_response(&response_meta(&config.public_url), &start_url);
    Ok((response, session))
}

fn creds_json(creds: &[Credential]) -> serde_json::Value {
    // Identities only: secrets never enter the session.
    serde_json::Value::Array(
        creds
            .iter()
            .map(|c| json!({"domain": c.domain, "identity": c.identity}))
            .collect(),
    )
}

fn creds_from_json(v: &serde_json::Value) -> Vec<Credential> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| {
                    Some(Credential {
                        domain: c.get("domain")?.as_str()?.to_owned(),
                        identity: c.get("identity")?.as_str()?.to_owned(),
                        shared_secret: None,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn chrono_dur(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_else(|_| chrono::Duration::hours(1))
}

async fn partner_currency(catalog: Option<&PartnerCatalog>) -> Result<String, PunchoutError> {
    if let Some(c) = catalog {
        let page = c.search(None, None, 1, 0).await?;
        if let Some(i) = page.items.first() {
            return Ok(i.currency.clone());
        }
    }
    Ok("EUR".to_owned())
}

/// Rebuild a cart line from an edit/inspect ItemOut: the catalog item (current contract price)
/// when it still exists with the same auxiliary id, else the line as the buyer sent it.
async fn restore_item(
    catalog: Option<&PartnerCatalog>,
    item: &cxml::ItemOut,
) -> Result<CartItem, PunchoutError> {
    if let Some(c) = catalog {
        if let Some(p) = c.item(&item.item_id.supplier_part_id).await? {
            if p.item.supplier_part_aux_id == item.item_id.supplier_part_aux_id {
                let mut line = cart_line(&p, item.quantity);
                // The buyer's aux id round-trips verbatim.
                line.supplier_part_aux_id = item.item_id.supplier_part_aux_id.clone();
                return Ok(line);
            }
        }
    }
    let mut line = CartItem {
        quantity: item.quantity,
        supplier_part_id: Some(item.item_id.supplier_part_id.clone()),
        supplier_part_aux_id: item.item_id.supplier_part_aux_id.clone(),
        unit_price: item.unit_price,
        description: item.description.clone(),
        unit_of_measure: item
            .unit_of_measure
            .as_deref()
            .and_then(|u| model::UnitOfMeasure::parse(u).ok()),
        manufacturer_part_id: item.manufacturer_part_id.clone(),
        manufacturer_name: item.manufacturer_name.clone(),
        ..CartItem::default()
    };
    line.classification = item
        .classification
        .iter()
        .map(|(domain, code)| model::Classification {
            scheme: domain.clone(),
            code: code.clone(),
        })
        .collect();
    line.extrinsics
        .insert("not_in_catalog".to_owned(), "true".to_owned());
    Ok(line)
}

/// A cart line for a catalog item at the partner's price for `quantity`.
pub fn cart_line(p: &PricedItem, quantity: Decimal) -> CartItem {
    let i = &p.item;
    CartItem {
        quantity,
        supplier_part_id: Some(i.supplier_part_id.clone()),
        supplier_part_aux_id: i.supplier_part_aux_id.clone(),
        unit_price: p.price_for(quantity),
        description: i.description.clone(),
        unit_of_measure: i.unit_of_measure.clone(),
        classification: i.classification.clone(),
        manufacturer_part_id: i.manufacturer_part_id.clone(),
        manufacturer_name: i.manufacturer_name.clone(),
        lead_time_days: i.lead_time_days,
        ..CartItem::default()
    }
}

/// Use a one-time start token; the landing page of its session.
pub async fn enter_with_token(store: &Store, token: &str) -> Result<Landing, PunchoutError> {
    let sid = store
        .take_start_token(&sha256_hex(token.as_bytes()), Utc::now())
        .await?
        .ok_or(PunchoutError::SessionExpired)?;
    let session = store
        .get_session(&sid)
        .await?
        .ok_or(PunchoutError::SessionNotFound)?;
    let product = session
        .params
        .get("selected_item")
        .and_then(|s| s.get("supplier_part_id"))
        .and_then(|s| s.as_str())
        .map(str::to_owned);
    Ok(Landing {
        session_id: sid,
        product,
    })
}

/// A live session and its partner.
#[derive(Debug, Clone)]
pub struct Session {
    /// The stored row.
    pub row: SessionRow,
    /// Its partner.
    pub partner: Arc<Partner>,
    /// The cart.
    pub cart: PunchoutCart,
}

impl Session {
    /// Whether the cart may be changed.
    pub fn read_only(&self) -> bool {
        self.row.operation == "inspect"
    }

    /// Whether the cart was already returned.
    pub fn closed(&self) -> bool {
        self.row.state == "transferred"
    }
}

/// Load an open, unexpired session.
pub async fn load_session(
    store: &Store,
    registry: &PartnerRegistry,
    sid: &str,
) -> Result<Session, PunchoutError> {
    // Session ids are 64 hex characters; anything else cannot exist.
    if sid.len() != 64 || !sid.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PunchoutError::SessionNotFound);
    }
    let row = store
        .get_session(sid)
        .await?
        .ok_or(PunchoutError::SessionNotFound)?;
    if row.is_expired(Utc::now()) {
        return Err(PunchoutError::SessionExpired);
    }
    let partner = registry
        .get(&row.partner_id)
        .cloned()
        .ok_or(PunchoutError::SessionNotFound)?;
    if !partner.profile.enabled {
        return Err(PunchoutError::PartnerDisabled(partner.id.clone()));
    }
    let cart = parse_cart(&row.cart)?;
    Ok(Session { row, partner, cart })
}

fn writable(s: &Session) -> Result<(), PunchoutError> {
    if s.closed() {
        return Err(PunchoutError::SessionClosed);
    }
    if s.read_only() {
        return Err(PunchoutError::ReadOnly);
    }
    Ok(())
}

/// Parse a quantity typed by a user or sent to the API.
pub fn parse_quantity(raw: &str) -> Result<Decimal, PunchoutError> {
    let t = raw.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let plain = !digits.is_empty()
        && digits.split('.').count() <= 2
        && digits
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !plain {
        return Err(PunchoutError::BadInput(format!(
            "`{raw}` is not a quantity (write a plain number such as 3 or 2.5)"
        )));
    }
    let q: Decimal = t
        .parse()
        .map_err(|_| PunchoutError::BadInput(format!("`{raw}` is not a quantity")))?;
    if q < Decimal::ZERO {
        return Err(PunchoutError::BadInput(format!(
            "quantity must not be negative (got {raw})"
        )));
    }
    if q.scale() > 3 || q > Decimal::from(1_000_000_000u64) {
        return Err(PunchoutError::BadInput(format!(
            "quantity `{raw}` has too many digits (at most 3 decimals, below one billion)"
        )));
    }
    Ok(q.normalize())
}

/// Add `quantity` of a catalog item to the cart (an existing line grows), repricing for the new
/// quantity (price breaks).
pub async fn add_to_cart(
    store: &Store,
    session: &mut Session,
    supplier_part_id: &str,
    quantity: Decimal,
) -> Result<(), PunchoutError> {
    writable(session)?;
    if quantity <= Decimal::ZERO {
        return Err(PunchoutError::BadInput(
            "quantity must be greater than zero".to_owned(),
        ));
    }
    let catalog = PartnerCatalog::for_partner(store, &session.partner)
        .ok_or_else(|| PunchoutError::NoCatalog(session.partner.id.clone()))?;
    let item = catalog
        .item(supplier_part_id)
        .await?
        .ok_or_else(|| PunchoutError::UnknownItem(supplier_part_id.to_owned()))?;
    change_cart(store, session, |cart| {
        let existing = cart.items.iter_mut().find(|l| {
            l.supplier_part_id.as_deref() == Some(supplier_part_id)
                && l.supplier_part_aux_id == item.item.supplier_part_aux_id
        });
        match existing {
            Some(line) => {
                let q = line.quantity.checked_add(quantity).ok_or_else(|| {
                    PunchoutError::BadInput("that quantity is too large".to_owned())
                })?;
                line.quantity = q;
                line.unit_price = item.price_for(q);
            }
            None => cart.items.push(cart_line(&item, quantity)),
        }
        Ok(())
    })
    .await
}

/// Set line quantities (1-based line index → quantity; 0 removes the line), repricing catalog
/// lines for their new quantity.
pub async fn update_cart(
    store: &Store,
    session: &mut Session,
    quantities: &std::collections::BTreeMap<usize, Decimal>,
) -> Result<(), PunchoutError> {
    writable(session)?;
    let catalog = PartnerCatalog::for_partner(store, &session.partner);
    let parts: Vec<String> = session
        .cart
        .items
        .iter()
        .filter_map(|l| l.supplier_part_id.clone())
        .collect();
    let priced: Vec<PricedItem> = match &catalog {
        Some(c) => c.items(&parts).await?,
        None => Vec::new(),
    };
    change_cart(store, session, |cart| {
        for (&index, &q) in quantities {
            let Some(line) = index.checked_sub(1).and_then(|i| cart.items.get_mut(i)) else {
                return Err(PunchoutError::BadInput(format!(
                    "the cart has no line {index}"
                )));
            };
            line.quantity = q;
            // Reprice catalog lines only: a line restored from the buyer's requisition with
            // another auxiliary id keeps the price it came with.
            let catalog_item = priced.iter().find(|p| {
                Some(&p.item.supplier_part_id) == line.supplier_part_id.as_ref()
                    && p.item.supplier_part_aux_id == line.supplier_part_aux_id
            });
            if let (Some(item), true) = (catalog_item, q > Decimal::ZERO) {
                line.unit_price = item.price_for(q);
            }
        }
        cart.items.retain(|l| l.quantity > Decimal::ZERO);
        Ok(())
    })
    .await
}

/// Apply `change` to the cart and save it, guarded by the cart version: when another request
/// changed the cart in between, reload and apply again (a double click or a parallel API
/// client never loses a line).
async fn change_cart<F>(
    store: &Store,
    session: &mut Session,
    change: F,
) -> Result<(), PunchoutError>
where
    F: Fn(&mut PunchoutCart) -> Result<(), PunchoutError>,
{
    for attempt in 0..40u64 {
        if attempt > 0 {
            // Back off a little, with jitter, so racing writers spread out.
            let ms = attempt.min(10) * 2 + rand::random::<u64>() % 5;
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }
        let mut cart = session.cart.clone();
        change(&mut cart)?;
        cart.total = cart.computed_total();
        let json =
            serde_json::to_string(&cart).map_err(|e| PunchoutError::BadInput(e.to_string()))?;
        if store
            .save_cart(&session.row.id, session.row.cart_version, &json)
            .await?
        {
            session.cart = cart;
            session.row.cart_version += 1;
            return Ok(());
        }
        // Lost the race (or the session closed): reload and look again.
        let row = store
            .get_session(&session.row.id)
            .await?
            .ok_or(PunchoutError::SessionNotFound)?;
        session.cart = parse_cart(&row.cart)?;
        session.row = row;
        writable(session)?;
    }
    Err(PunchoutError::BadInput(
        "the cart is being changed by another request; try again".to_owned(),
    ))
}

fn parse_cart(json: &str) -> Result<PunchoutCart, PunchoutError> {
    serde_json::from_str(json).map_err(|e| {
        PunchoutError::Store(StoreError::Corrupt {
            what: "punchout_sessions.cart",
            message: e.to_string(),
        })
    })
}

/// Build the return form for the session's cart and archive what is returned. The session is
/// closed atomically first, so a double click or a concurrent change cannot return one cart and
/// archive another.
pub async fn transfer(
    store: &Store,
    config: &PunchoutConfig,
    session: &Session,
    confirm_empty: bool,
) -> Result<Transfer, PunchoutError> {
    if session.closed() {
        return Err(PunchoutError::SessionClosed);
    }
    let (cart_json, sequence) = store
        .claim_transfer(&session.row.id)
        .await?
        .ok_or(PunchoutError::SessionClosed)?;
    let mut cart = parse_cart(&cart_json)?;
    let built = if session.row.operation == "edit" && cart.items.is_empty() && !confirm_empty {
        Ok(None)
    } else {
        cart.total = cart.computed_total();
        match session.row.protocol.as_str() {
            "oci" => oci_form(&session.row.params, &session.row.return_url, &cart),
            _ => cxml_form(config, session, &mut cart),
        }
        .map(Some)
    };
    let form = match built {
        Ok(Some(form)) => form,
        Ok(None) => {
            store.reopen_session(&session.row.id).await?;
            return Ok(Transfer::ConfirmEmpty);
        }
        Err(e) => {
            store.reopen_session(&session.row.id).await?;
            return Err(e);
        }
    };
    archive_transfer(
        store,
        &session.partner.id,
        &session.row.protocol,
        &session.row.id,
        sequence,
        &form,
    )
    .await?;
    info!(partner_id = %session.partner.id, lines = cart.items.len(), "Punchout cart returned.");
    Ok(Transfer::Form(form))
}

async fn archive_transfer(
    store: &Store,
    partner_id: &str,
    protocol: &str,
    session_id: &str,
    sequence: i64,
    form: &ReturnForm,
) -> Result<(), PunchoutError> {
    let doc = NewDocument {
        partner_id: Some(partner_id.to_owned()),
        direction: "outbound",
        syntax: protocol.to_owned(),
        doc_type: Some("punchout_cart".to_owned()),
        control_id: Some(session_id.to_owned()),
        order_number: None,
        dedup_key: format!("punchout:{session_id}:transfer:{sequence}"),
        content_type: Some(if protocol == "oci" {
            "application/x-www-form-urlencoded".to_owned()
        } else {
            "text/xml".to_owned()
        }),
        body: form.document.clone(),
        status: "sent".to_owned(),
        issues: form.notes.clone(),
    };
    store.archive_document(&doc).await?;
    Ok(())
}

fn cxml_form(
    config: &PunchoutConfig,
    session: &Session,
    cart: &mut PunchoutCart,
) -> Result<ReturnForm, PunchoutError> {
    let profile = session.partner.profile.cxml.as_ref().ok_or_else(|| {
        PunchoutError::NotAcceptable(format!(
            "partner `{}` has no cXML settings",
            session.partner.id
        ))
    })?;
    let operation_allowed = match session.row.operation.as_str() {
        "inspect" => cxml::OperationAllowed::Inspect,
        _ => cxml::OperationAllowed::Edit,
    };
    if session.row.operation == "inspect" {
        // On inspect the buyer ignores returned items; send none.
        cart.items.clear();
        cart.total = Some(Decimal::ZERO);
    }
    let ours = Credential {
        domain: profile.to.domain.clone(),
        identity: profile.to.identity.clone(),
        shared_secret: None,
    };
    let mut to = creds_from_json(&session.row.params["from"]);
    if to.is_empty() {
        to = profile
            .from
            .iter()
            .map(|c| Credential::new(c.domain.clone(), c.identity.clone()))
            .collect();
    }
    let params = PoomParams {
        meta: response_meta(&config.public_url),
        from: vec![ours.clone()],
        to,
        sender: ours,
        user_agent: format!("b2bgate {}", env!("CARGO_PKG_VERSION")),
        buyer_cookie: session.row.buyer_cookie.clone().unwrap_or_default(),
        operation_allowed,
        deployment_mode: session.row.params["deployment_mode"]
            .as_str()
            .map(str::to_owned),
        currency: cart
            .currency
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_else(|| "EUR".to_owned()),
    };
    let limits = Limits::for_platform(profile.platform);
    let (xml, issues) = cxml::write_punchout_order_message(&params, cart, &limits);
    let notes = refuse_on_errors(&session.partner.id, &issues)?;
    let field = match profile.cart_return_field {
        model::partner::CartReturnField::CxmlUrlencoded => {
            ("cxml-urlencoded".to_owned(), xml.clone())
        }
        model::partner::CartReturnField::CxmlBase64 => {
            ("cxml-base64".to_owned(), base64_encode(xml.as_bytes()))
        }
    };
    Ok(ReturnForm {
        action: session.row.return_url.clone(),
        target: None,
        charset: "UTF-8".to_owned(),
        fields: vec![field],
        notes,
        document: xml.into_bytes(),
    })
}

/// Warnings become notes; an error means the buyer's system would drop or reject the cart, so
/// it is not sent.
fn refuse_on_errors(
    partner_id: &str,
    issues: &[codec::Issue],
) -> Result<Vec<String>, PunchoutError> {
    let notes: Vec<String> = issues.iter().map(ToString::to_string).collect();
    if issues.iter().any(|i| i.severity == codec::Severity::Error) {
        warn!(partner_id = %partner_id, issues = ?notes, "Cart breaks the buyer platform's limits.");
        return Err(PunchoutError::NotAcceptable(format!(
            "the cart cannot be returned to this procurement system: {}",
            notes.join("; ")
        )));
    }
    Ok(notes)
}

fn oci_form(
    params: &serde_json::Value,
    hook_url: &str,
    cart: &PunchoutCart,
) -> Result<ReturnForm, PunchoutError> {
    let version = params["oci_version"].as_str().unwrap_or("4.0").to_owned();
    let (action, mut fields) = oci::split_hook_url(hook_url);
    let (items, issues) = oci::cart_fields(
        cart,
        &OciOptions {
            version,
            ..OciOptions::default()
        },
    );
    let notes = refuse_on_errors("oci", &issues)?;
    if let Some(ok) = params["ok_code"].as_str() {
        fields.push(("~OkCode".to_owned(), ok.to_owned()));
    }
    if let Some(caller) = params["caller"].as_str() {
        fields.push(("~CALLER".to_owned(), caller.to_owned()));
    }
    fields.extend(items);
    let document = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes();
    Ok(ReturnForm {
        action,
        target: params["target"].as_str().map(str::to_owned),
        charset: params["charset"].as_str().unwrap_or("UTF-8").to_owned(),
        fields,
        notes,
        document,
    })
}

/// Result of an OCI call-up.
#[derive(Debug, Clone)]
pub enum OciOutcome {
    /// A shop session: redirect the browser there.
    Session(Landing),
    /// Answer at once with this auto-submitting form (VALIDATE, BACKGROUND_SEARCH).
    Form(ReturnForm),
}

/// Handle an OCI call-up (`/oci/login`).
pub async fn oci_login(
    store: &Store,
    registry: &PartnerRegistry,
    config: &PunchoutConfig,
    pairs: &[(String, String)],
) -> Result<OciOutcome, PunchoutError> {
    let (callup, _issues) = Callup::from_pairs(pairs);
    let username = callup.username.clone().unwrap_or_default();
    let partner = registry.by_oci_username(&username);
    // Compare a password even when the user is unknown, so timing does not reveal user names.
    let expected = partner
        .and_then(|p| p.oci_password.as_ref())
        .map(|s| s.expose_secret().to_owned())
        .unwrap_or_else(|| "\u{0}no-such-user".to_owned());
    let given = callup.password.clone().unwrap_or_default();
    let password_ok = secret_eq(&expected, &given);
    let partner = match (partner, password_ok) {
        (Some(p), true) => Arc::clone(p),
        _ => {
            warn!(username = %username, "OCI login refused.");
            return Err(PunchoutError::BadCredentials(
                "wrong OCI user name or password".to_owned(),
            ));
        }
    };
    if !partner.profile.enabled {
        return Err(PunchoutError::PartnerDisabled(partner.id.clone()));
    }
    let hook = callup
        .hook_url
        .clone()
        .filter(|h| !h.trim().is_empty())
        .ok_or_else(|| {
            PunchoutError::NotAcceptable("the OCI call-up has no HOOK_URL".to_owned())
        })?;
    let (action, _) = oci::split_hook_url(&hook);
    if !matches!(
        url::Url::parse(&action)
            .map(|u| u.scheme().to_owned())
            .as_deref(),
        Ok("http" | "https")
    ) {
        return Err(PunchoutError::NotAcceptable(format!(
            "HOOK_URL `{action}` is not an http(s) URL"
        )));
    }
    let params = json!({
        "ok_code": callup.ok_code,
        "target": callup.target,
        "caller": callup.caller,
        "oci_version": callup.oci_version,
        "charset": callup.charset,
        "function": callup.function.as_ref().map(|f| format!("{f:?}")),
        "extra": callup.extra,
    });
    let catalog = PartnerCatalog::for_partner(store, &partner)
        .ok_or_else(|| PunchoutError::NoCatalog(partner.id.clone()))?;
    let currency = partner_currency(Some(&catalog)).await?;
    let now = Utc::now();
    let session_id = random_token();
    let mut cart = PunchoutCart::new("");
    cart.currency = model::CurrencyCode::parse(&currency).ok();

    let immediate = match &callup.function {
        Some(oci::Function::Validate) => {
            let product = callup.product_id.clone().ok_or_else(|| {
                PunchoutError::NotAcceptable("FUNCTION=VALIDATE needs PRODUCTID".to_owned())
            })?;
            let quantity = match callup.quantity {
                Some(q) => parse_quantity(&q.to_string())?,
                None => Decimal::ONE,
            };
            if quantity <= Decimal::ZERO {
                return Err(PunchoutError::BadInput(
                    "QUANTITY must be greater than zero".to_owned(),
                ));
            }
            let part = oci::parse_ext_product_id(&product).0;
            let item = catalog
                .item(&part)
                .await?
                .ok_or(PunchoutError::UnknownItem(part))?;
            cart.items.push(cart_line(&item, quantity));
            true
        }
        Some(oci::Function::BackgroundSearch) => {
            let q = callup.search_string.clone().unwrap_or_default();
            let hits = catalog.search(Some(&q), None, 100, 0).await?;
            for item in &hits.items {
                cart.items.push(cart_line(item, Decimal::ONE));
            }
            true
        }
        _ => false,
    };
    cart.total = cart.computed_total();
    let form = if immediate {
        Some(oci_form(&params, &hook, &cart)?)
    } else {
        None
    };
    let cart_json =
        serde_json::to_string(&cart).map_err(|e| PunchoutError::BadInput(e.to_string()))?;
    store
        .create_session(&NewSession {
            id: session_id.clone(),
            partner_id: partner.id.clone(),
            protocol: "oci",
            operation: "create".to_owned(),
            buyer_cookie: None,
            return_url: hook,
            params,
            cart: cart_json,
            start_token_hash: None,
            start_token_expires_at: None,
            expires_at: now + chrono_dur(config.session_ttl),
            setup_document_id: None,
        })
        .await?;
    if let Some(form) = form {
        // Answered at once: the session is closed as soon as it exists.
        let (_, sequence) = store
            .claim_transfer(&session_id)
            .await?
            .ok_or(PunchoutError::SessionClosed)?;
        archive_transfer(store, &partner.id, "oci", &session_id, sequence, &form).await?;
        return Ok(OciOutcome::Form(form));
    }
    let product = match (&callup.function, &callup.product_id) {
        (Some(oci::Function::Detail), Some(p)) => Some(oci::parse_ext_product_id(p).0),
        _ => None,
    };
    info!(partner_id = %partner.id, "OCI session started.");
    Ok(OciOutcome::Session(Landing {
        session_id,
        product,
    }))
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_answers() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
        assert_eq!(base64_encode("é".as_bytes()), "w6k=");
    }

    #[test]
    fn quantities_are_parsed_strictly() {
        assert_eq!(parse_quantity(" 3 ").unwrap(), Decimal::from(3));
        assert_eq!(parse_quantity("2.500").unwrap().to_string(), "2.5");
        assert!(parse_quantity("-1").is_err());
        assert!(parse_quantity("1.2345").is_err());
        assert!(parse_quantity("abc").is_err());
        assert!(parse_quantity("1e3").is_err());
    }
}
