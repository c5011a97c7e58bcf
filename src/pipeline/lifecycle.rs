//! The order lifecycle: the supplier (its ERP or a person in the console) confirms, ships and
//! invoices an order. Each step builds a canonical `order_response`, `ship_notice` or `invoice`
//! from the order and the request, checks it against the order and what was issued before (no
//! over-shipping or over-invoicing without an explicit flag), renders it in the syntax the order
//! arrived in ([`super::outbound`]), and stores it with its outbound document, its delivery job
//! and the order's new status in one transaction.
//!
//! Status: `received` → `confirmed` → `shipped` → `invoiced`, or `rejected` / `cancelled`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use model::{
    Invoice, InvoiceLine, OrderLine, OrderResponse, OrderResponseLine, Package, PackageContent,
    PaymentTerms, PurchaseOrder, Reference, ReferenceKind, ResponseStatus, ShipNotice,
    ShipNoticeLine, ShipNoticeOrder, Tax, TaxCategory,
};
use rust_decimal::Decimal;
use serde::Deserialize;
use tracing::info;

use super::outbound::{self, Outbound, Rendered};
use crate::partners::Partner;
use crate::store::{
    FulfilmentKind, FulfilmentOutcome, FulfilmentPlan, FulfilmentRow, NewDocument, NewJob,
    OrderRow, Store, StoreError,
};

/// Why a lifecycle step was refused.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// No such order.
    #[error("order {0} does not exist")]
    NoOrder(String),
    /// The request is not valid for this order (→ 422).
    #[error("{0}")]
    Invalid(String),
    /// The order's state does not allow it (→ 409).
    #[error("{0}")]
    Conflict(String),
    /// Ours.
    #[error(transparent)]
    Store(#[from] StoreError),
}

type Result<T, E = LifecycleError> = std::result::Result<T, E>;

/// A quantity for one order line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineQuantity {
    /// Order line number.
    pub line_number: u32,
    /// Quantity (a decimal string, e.g. `"2"`).
    #[serde(with = "model::decimal")]
    pub quantity: Decimal,
}

/// `POST /api/orders/{id}/confirmation`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationInput {
    /// `accept` (every line as ordered unless `lines` say otherwise), `reject` (the whole order)
    /// or `detail` (per line, unlisted lines accepted as ordered).
    pub status: ConfirmationStatus,
    /// Our confirmation number; default `<order number>-C<n>`.
    #[serde(default)]
    pub confirmation_number: Option<String>,
    /// Reason, e.g. for a rejection.
    #[serde(default)]
    pub reason: Option<String>,
    /// Per-line answers.
    #[serde(default)]
    pub lines: Vec<ConfirmationLineInput>,
    /// Ship date for every accepted line without its own.
    #[serde(default)]
    pub ship_date: Option<NaiveDate>,
    /// Delivery date for every accepted line without its own.
    #[serde(default)]
    pub delivery_date: Option<NaiveDate>,
    /// Free-text comments.
    #[serde(default)]
    pub comments: Vec<String>,
}

/// Overall answer of a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmationStatus {
    /// Accept.
    Accept,
    /// Reject the order.
    Reject,
    /// Line by line.
    Detail,
}

/// The answer for one line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationLineInput {
    /// Order line number.
    pub line_number: u32,
    /// `accept`, `reject`, `backordered` or `changed`; default `accept`, or `changed` when a
    /// quantity, price or date differs.
    #[serde(default)]
    pub status: Option<LineStatus>,
    /// Confirmed quantity; default the ordered quantity (0 for a rejected line).
    #[serde(default, with = "model::decimal::option")]
    pub quantity: Option<Decimal>,
    /// Quantity on backorder.
    #[serde(default, with = "model::decimal::option")]
    pub backordered_quantity: Option<Decimal>,
    /// Confirmed unit price, when it differs.
    #[serde(default, with = "model::decimal::option")]
    pub unit_price: Option<Decimal>,
    /// Expected ship date.
    #[serde(default)]
    pub ship_date: Option<NaiveDate>,
    /// Expected delivery date.
    #[serde(default)]
    pub delivery_date: Option<NaiveDate>,
    /// Reason.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Status of one confirmed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// As ordered.
    Accept,
    /// Not delivered.
    Reject,
    /// Later.
    Backordered,
    /// With changes.
    Changed,
}

/// `POST /api/orders/{id}/shipments`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipmentInput {
    /// Our shipment id (unique per order; sending it again returns the first shipment).
    pub shipment_id: String,
    /// Carrier name.
    #[serde(default)]
    pub carrier: Option<String>,
    /// Carrier code (SCAC).
    #[serde(default)]
    pub carrier_code: Option<String>,
    /// Service level.
    #[serde(default)]
    pub service_level: Option<String>,
    /// Tracking number.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Ship date; default today.
    #[serde(default)]
    pub ship_date: Option<NaiveDate>,
    /// Expected delivery date.
    #[serde(default)]
    pub delivery_date: Option<NaiveDate>,
    /// Packages, optionally with what each contains.
    #[serde(default)]
    pub packages: Vec<PackageInput>,
    /// Lines shipped; default what the packages contain, else everything not yet shipped.
    #[serde(default)]
    pub lines: Vec<LineQuantity>,
    /// Allow shipping more than ordered.
    #[serde(default)]
    pub allow_over_shipment: bool,
    /// Free-text comments.
    #[serde(default)]
    pub comments: Vec<String>,
}

/// One package of a shipment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageInput {
    /// SSCC-18.
    #[serde(default)]
    pub sscc: Option<String>,
    /// Package type (e.g. `CTN`).
    #[serde(default)]
    pub package_type: Option<String>,
    /// Tracking number of this package.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Contents.
    #[serde(default)]
    pub lines: Vec<LineQuantity>,
}

/// `POST /api/orders/{id}/invoices`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInput {
    /// Our invoice number (unique per order; sending it again returns the first invoice).
    pub invoice_number: String,
    /// Invoice date; default today.
    #[serde(default)]
    pub invoice_date: Option<NaiveDate>,
    /// Lines invoiced (unit price defaults to the confirmed, else ordered price); default
    /// everything shipped and not yet invoiced, or, before any shipment, everything ordered.
    #[serde(default)]
    pub lines: Vec<InvoiceLineInput>,
    /// Tax rate in percent for every line; default the order's line or header tax rate.
    #[serde(default, with = "model::decimal::option")]
    pub tax_rate: Option<Decimal>,
    /// Shipping charged; default the order's shipping amount on the first invoice.
    #[serde(default, with = "model::decimal::option")]
    pub shipping_amount: Option<Decimal>,
    /// Payment due in days.
    #[serde(default)]
    pub net_days: Option<u32>,
    /// Allow invoicing more than ordered.
    #[serde(default)]
    pub allow_over_invoice: bool,
    /// Free-text comments.
    #[serde(default)]
    pub comments: Vec<String>,
}

/// One invoiced line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceLineInput {
    /// Order line number.
    pub line_number: u32,
    /// Quantity.
    #[serde(with = "model::decimal")]
    pub quantity: Decimal,
    /// Unit price, when it differs from the confirmed or ordered price.
    #[serde(default, with = "model::decimal::option")]
    pub unit_price: Option<Decimal>,
}

/// What a lifecycle step recorded.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Issued {
    /// Lifecycle record id.
    pub id: String,
    /// `confirmation`, `shipment` or `invoice`.
    pub kind: FulfilmentKind,
    /// Confirmation number, shipment id or invoice number.
    pub number: String,
    /// The outbound document.
    pub document_id: String,
    /// True when this number had already been recorded (nothing new was written).
    pub duplicate: bool,
    /// Syntax of the outbound document.
    pub syntax: Option<String>,
    /// Where it will be delivered, when the partner has a channel.
    pub delivery: Option<String>,
    /// Warnings from rendering.
    pub warnings: Vec<String>,
    /// The canonical document.
    pub document: serde_json::Value,
}

/// One lifecycle step, as requested over the API.
#[derive(Debug, Clone)]
pub enum Step {
    /// `POST /api/orders/{id}/confirmation`.
    Confirm(ConfirmationInput),
    /// `POST /api/orders/{id}/shipments`.
    Ship(ShipmentInput),
    /// `POST /api/orders/{id}/invoices`.
    Invoice(InvoiceInput),
}

impl Step {
    /// Apply it to `order`.
    pub async fn apply(
        &self,
        store: &Store,
        partner: &Partner,
        order: &OrderRow,
        public_url: &str,
    ) -> Result<Issued> {
        match self {
            Self::Confirm(i) => confirm(store, partner, order, i, public_url).await,
            Self::Ship(i) => ship(store, partner, order, i, public_url).await,
            Self::Invoice(i) => invoice(store, partner, order, i, public_url).await,
        }
    }
}

/// Confirm (or reject) an order.
pub async fn confirm(
    store: &Store,
    partner: &Partner,
    order: &OrderRow,
    input: &ConfirmationInput,
    public_url: &str,
) -> Result<Issued> {
    let number = input.confirmation_number.as_deref().map(str::trim);
    if number.is_some_and(str::is_empty) {
        return Err(LifecycleError::Invalid(
            "confirmation_number must not be empty".into(),
        ));
    }
    record(
        store,
        partner,
        order,
        FulfilmentKind::Confirmation,
        number,
        public_url,
        |locked, po, prior| {
            if !matches!(locked.status.as_str(), "received" | "confirmed") {
                return Err(LifecycleError::Conflict(format!(
                    "order {} is {}; it can no longer be confirmed",
                    locked.order_number, locked.status
                )));
            }
            let n = prior.iter().filter(|f| f.kind == "confirmation").count() + 1;
            let number = number
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{}-C{n}", locked.order_number));
            let resp = build_confirmation(po, input, &number)?;
            let status = match resp.status {
                ResponseStatus::Rejected => "rejected",
                _ => "confirmed",
            };
            Ok((
                number,
                Outbound::Confirmation(resp),
                Some(status.to_owned()),
            ))
        },
    )
    .await
}

/// Record a shipment.
pub async fn ship(
    store: &Store,
    partner: &Partner,
    order: &OrderRow,
    input: &ShipmentInput,
    public_url: &str,
) -> Result<Issued> {
    let number = input.shipment_id.trim();
    if number.is_empty() {
        return Err(LifecycleError::Invalid(
            "shipment_id must not be empty".into(),
        ));
    }
    record(
        store,
        partner,
        order,
        FulfilmentKind::Shipment,
        Some(number),
        public_url,
        |locked, po, prior| {
            open_for_fulfilment(locked, "shipped")?;
            let notice = build_shipment(po, locked.version, input, prior)?;
            let status = (locked.status != "invoiced").then(|| "shipped".to_owned());
            Ok((number.to_owned(), Outbound::Shipment(notice), status))
        },
    )
    .await
}

/// Record an invoice.
pub async fn invoice(
    store: &Store,
    partner: &Partner,
    order: &OrderRow,
    input: &InvoiceInput,
    public_url: &str,
) -> Result<Issued> {
    let number = input.invoice_number.trim();
    if number.is_empty() {
        return Err(LifecycleError::Invalid(
            "invoice_number must not be empty".into(),
        ));
    }
    record(
        store,
        partner,
        order,
        FulfilmentKind::Invoice,
        Some(number),
        public_url,
        |locked, po, prior| {
            open_for_fulfilment(locked, "invoiced")?;
            let inv = build_invoice(po, locked.version, input, prior)?;
            Ok((
                number.to_owned(),
                Outbound::Invoice(inv),
                Some("invoiced".to_owned()),
            ))
        },
    )
    .await
}

fn open_for_fulfilment(order: &OrderRow, what: &str) -> Result<()> {
    if matches!(order.status.as_str(), "cancelled" | "rejected") {
        return Err(LifecycleError::Conflict(format!(
            "order {} is {}; it cannot be {what}",
            order.order_number, order.status
        )));
    }
    Ok(())
}

fn canonical(order: &OrderRow) -> Result<PurchaseOrder> {
    serde_json::from_str(&order.body).map_err(|e| {
        LifecycleError::Store(StoreError::Corrupt {
            what: "orders.body",
            message: e.to_string(),
        })
    })
}

/// Build, render and store one lifecycle document. `decide` runs inside the store transaction,
/// with the order as locked there (its row and canonical document) and what was issued before,
/// and returns the document's number, the document and the order's new status.
async fn record<F>(
    store: &Store,
    partner: &Partner,
    order: &OrderRow,
    kind: FulfilmentKind,
    number: Option<&str>,
    public_url: &str,
    decide: F,
) -> Result<Issued>
where
    F: FnOnce(
        &OrderRow,
        &PurchaseOrder,
        &[FulfilmentRow],
    ) -> Result<(String, Outbound, Option<String>)>,
{
    let reserved = outbound::reserve(store, partner, order).await?;
    // A confirmation of an order the buyer changed answers the change (an X12 865): the
    // version before the change tells what changed.
    let previous = match kind {
        // Only an order with an earlier version can have been changed (whether it was a
        // change is checked on the locked order).
        FulfilmentKind::Confirmation if order.version > 1 => {
            store.order_versions(&order.id).await?.last().and_then(|v| {
                Some((
                    v.version,
                    serde_json::from_str::<PurchaseOrder>(&v.body).ok()?,
                ))
            })
        }
        _ => None,
    };
    let mut issued: Option<(Outbound, Rendered)> = None;
    let outcome = store
        .record_fulfilment(&order.id, kind, number, |locked, prior| {
            let po = canonical(locked)?;
            let (number, doc, status) = decide(locked, &po, prior)?;
            // The change is the one between the version before it and the order as locked
            // (not when another change came in since the versions were read).
            let change = previous
                .as_ref()
                .filter(|(version, _)| {
                    po.purpose == model::OrderPurpose::Change && *version == locked.version - 1
                })
                .map(|(_, before)| model::OrderChange::between(before, &po));
            let rendered =
                outbound::render(partner, locked, &doc, public_url, reserved, change.as_ref())?;
            let body = doc.to_json()?;
            let plan = FulfilmentPlan {
                body,
                document: NewDocument {
                    partner_id: Some(partner.id.clone()),
                    direction: "outbound",
                    syntax: rendered.syntax.clone(),
                    doc_type: Some(doc.doc_type().to_owned()),
                    control_id: Some(rendered.control_id.clone()),
                    order_number: Some(locked.order_number.clone()),
                    dedup_key: format!(
                        "out:{}:{}:{}:{}",
                        partner.id,
                        locked.id,
                        kind.as_str(),
                        number
                    ),
                    content_type: Some(rendered.content_type.clone()),
                    body: rendered.body.clone(),
                    status: if rendered.delivery.is_some() {
                        "queued".into()
                    } else {
                        "stored".into()
                    },
                    issues: rendered.warnings.clone(),
                },
                job: rendered.delivery.as_ref().map(|(kind_, target)| NewJob {
                    partner_id: Some(partner.id.clone()),
                    kind: kind_.clone(),
                    target: target.clone(),
                    idempotency_key: format!(
                        "{}:{}:{}",
                        rendered.syntax, partner.id, rendered.control_id
                    ),
                    max_attempts: outbound::MAX_ATTEMPTS,
                    run_at: Utc::now(),
                }),
                status,
                number,
            };
            issued = Some((doc, rendered));
            Ok(plan)
        })
        .await?;
    match outcome {
        FulfilmentOutcome::NoOrder => Err(LifecycleError::NoOrder(order.id.clone())),
        FulfilmentOutcome::Refused(e) => Err(e),
        FulfilmentOutcome::Existing(row) => Ok(Issued {
            id: row.id,
            kind,
            number: row.number,
            document_id: row.document_id,
            duplicate: true,
            syntax: None,
            delivery: None,
            warnings: vec![],
            document: serde_json::from_str(&row.body).unwrap_or_default(),
        }),
        FulfilmentOutcome::Recorded {
            fulfilment_id,
            document_id,
            number,
        } => {
            let Some((doc, rendered)) = issued else {
                return Err(LifecycleError::Invalid("nothing was rendered".into()));
            };
            // An X12 interchange is acknowledged by a 997/999 naming its GS06, an EDIFACT one by
            // a CONTRL naming its UNB 0020.
            if let Some(ack_ref) = reserved.ack_ref(&rendered.syntax) {
                store.expect_ack(&document_id, &ack_ref).await?;
            }
            info!(
                partner_id = %partner.id,
                order_id = %order.id,
                %document_id,
                kind = kind.as_str(),
                %number,
                syntax = %rendered.syntax,
                "Lifecycle document issued."
            );
            Ok(Issued {
                id: fulfilment_id,
                kind,
                number,
                document_id,
                duplicate: false,
                syntax: Some(rendered.syntax),
                delivery: rendered.delivery.map(|(_, t)| t),
                warnings: rendered.warnings,
                document: serde_json::from_str(&doc.to_json()?).unwrap_or_default(),
            })
        }
    }
}

/// Overflow-checked decimal arithmetic: quantities and prices come from partners.
fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(overflow)
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(overflow)
}

fn overflow() -> LifecycleError {
    LifecycleError::Invalid("a quantity, price or amount is too large".into())
}

/// Money rounded to cents, half away from zero (as the renderers and pricing round).
fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Canonical order response from an order and a confirmation request.
pub fn build_confirmation(
    po: &PurchaseOrder,
    input: &ConfirmationInput,
    number: &str,
) -> Result<OrderResponse> {
    let mut by_line: BTreeMap<u32, &ConfirmationLineInput> = BTreeMap::new();
    for l in &input.lines {
        if po.line(l.line_number).is_none() {
            return Err(LifecycleError::Invalid(format!(
                "lines: order {} has no line {}",
                po.order_number, l.line_number
            )));
        }
        if by_line.insert(l.line_number, l).is_some() {
            return Err(LifecycleError::Invalid(format!(
                "lines: line {} is listed twice",
                l.line_number
            )));
        }
    }
    if input.status == ConfirmationStatus::Reject && !input.lines.is_empty() {
        return Err(LifecycleError::Invalid(
            "a rejection applies to the whole order; send status \"detail\" to reject single lines"
                .into(),
        ));
    }
    let mut resp = OrderResponse::new(po.order_number.clone(), ResponseStatus::Accepted);
    resp.response_number = Some(number.to_owned());
    resp.response_date = Some(Utc::now().date_naive());
    resp.issued_at = Some(Utc::now().fixed_offset());
    resp.order_date = po.order_date;
    resp.currency = po.currency.clone();
    resp.buyer = po.buyer.clone();
    resp.seller = po.seller.clone();
    resp.reason = input.reason.clone();
    resp.comments = input.comments.clone();
    for line in &po.lines {
        resp.lines.push(confirm_line(
            line,
            by_line.get(&line.line_number).copied(),
            input,
        )?);
    }
    let all = |s: ResponseStatus| resp.lines.iter().all(|l| l.status == s);
    resp.status = if input.status == ConfirmationStatus::Reject || all(ResponseStatus::Rejected) {
        ResponseStatus::Rejected
    } else if all(ResponseStatus::Accepted) {
        ResponseStatus::Accepted
    } else if resp
        .lines
        .iter()
        .any(|l| l.status == ResponseStatus::Backordered)
        && resp.lines.iter().all(|l| {
            matches!(
                l.status,
                ResponseStatus::Accepted | ResponseStatus::Backordered
            )
        })
    {
        ResponseStatus::Backordered
    } else {
        ResponseStatus::Changed
    };
    Ok(resp)
}

fn confirm_line(
    line: &OrderLine,
    input: Option<&ConfirmationLineInput>,
    header: &ConfirmationInput,
) -> Result<OrderResponseLine> {
    let n = line.line_number;
    let mut out = OrderResponseLine::new(n, ResponseStatus::Accepted);
    out.ordered_quantity = Some(line.quantity);
    out.unit_of_measure = line.unit_of_measure.clone();
    out.unit_price = line.unit_price;
    out.requested_delivery_date = line.requested_delivery_date;
    out.supplier_part_id = line.supplier_part_id.clone();
    out.buyer_part_id = line.buyer_part_id.clone();
    out.description = line.description.clone();
    out.ship_date = header.ship_date;
    out.delivery_date = header.delivery_date;
    if header.status == ConfirmationStatus::Reject {
        out.status = ResponseStatus::Rejected;
        out.confirmed_quantity = Some(Decimal::ZERO);
        out.reason = header.reason.clone();
        return Ok(out);
    }
    out.confirmed_quantity = Some(line.quantity);
    let Some(i) = input else { return Ok(out) };
    let negative = |d: Option<Decimal>| d.is_some_and(|d| d.is_sign_negative());
    if negative(i.quantity) || negative(i.backordered_quantity) || negative(i.unit_price) {
        return Err(LifecycleError::Invalid(format!(
            "lines: line {n}: quantities and prices must not be negative"
        )));
    }
    out.reason = i.reason.clone();
    out.ship_date = i.ship_date.or(out.ship_date);
    out.delivery_date = i.delivery_date.or(out.delivery_date);
    let status = i.status.unwrap_or(LineStatus::Accept);
    match status {
        LineStatus::Reject => {
            out.status = ResponseStatus::Rejected;
            out.confirmed_quantity = Some(Decimal::ZERO);
            return Ok(out);
        }
        LineStatus::Backordered => {
            let back = i
                .backordered_quantity
                .unwrap_or(line.quantity - i.quantity.unwrap_or_default());
            out.backordered_quantity = Some(back);
            out.confirmed_quantity = Some(i.quantity.unwrap_or(line.quantity - back));
            out.status = ResponseStatus::Backordered;
        }
        LineStatus::Accept | LineStatus::Changed => {
            out.confirmed_quantity = Some(i.quantity.unwrap_or(line.quantity));
            out.backordered_quantity = i.backordered_quantity;
            if let Some(p) = i.unit_price {
                out.unit_price = Some(p);
            }
            let changed = status == LineStatus::Changed
                || out.confirmed_quantity != Some(line.quantity)
                || (i.unit_price.is_some() && i.unit_price != line.unit_price)
                || i.backordered_quantity.is_some_and(|b| !b.is_zero());
            if changed {
                out.status = if out.backordered_quantity.is_some_and(|b| !b.is_zero())
                    && out.unit_price == line.unit_price
                {
                    ResponseStatus::Backordered
                } else {
                    ResponseStatus::Changed
                };
            }
        }
    }
    let confirmed = out.confirmed_quantity.unwrap_or_default();
    if out
        .backordered_quantity
        .is_some_and(|b| b.is_sign_negative())
        || confirmed.is_sign_negative()
    {
        return Err(LifecycleError::Invalid(format!(
            "lines: line {n}: the quantity confirmed ({confirmed}) exceeds the ordered {}",
            line.quantity
        )));
    }
    let total = add(confirmed, out.backordered_quantity.unwrap_or_default())?;
    if total > line.quantity {
        return Err(LifecycleError::Invalid(format!(
            "lines: line {n}: confirmed {confirmed} plus backordered {} exceeds the ordered {}",
            out.backordered_quantity.unwrap_or_default(),
            line.quantity
        )));
    }
    Ok(out)
}

/// Per-line sums of a kind of lifecycle document issued before.
fn issued_quantities(
    prior: &[FulfilmentRow],
    kind: FulfilmentKind,
) -> Result<BTreeMap<u32, Decimal>> {
    let mut sums: BTreeMap<u32, Decimal> = BTreeMap::new();
    let mut put = |n: u32, q: Decimal| -> Result<()> {
        let e = sums.entry(n).or_default();
        *e = add(*e, q)?;
        Ok(())
    };
    for f in prior.iter().filter(|f| f.kind == kind.as_str()) {
        match kind {
            FulfilmentKind::Shipment => {
                if let Ok(n) = serde_json::from_str::<ShipNotice>(&f.body) {
                    for l in n.orders.iter().flat_map(|o| &o.lines) {
                        put(l.line_number, l.quantity)?;
                    }
                }
            }
            FulfilmentKind::Invoice => {
                if let Ok(inv) = serde_json::from_str::<Invoice>(&f.body) {
                    for l in &inv.lines {
                        put(l.order_line_number.unwrap_or(l.line_number), l.quantity)?;
                    }
                }
            }
            FulfilmentKind::Confirmation => {}
        }
    }
    Ok(sums)
}

/// The latest confirmation of the order's current version, if any: a confirmation of an earlier
/// version says nothing about what the buyer now ordered.
fn latest_confirmation(prior: &[FulfilmentRow], version: i64) -> Option<OrderResponse> {
    prior
        .iter()
        .rev()
        .find(|f| f.kind == "confirmation" && f.order_version == version)
        .and_then(|f| serde_json::from_str(&f.body).ok())
}

/// Quantity a line may be shipped/invoiced up to: what was confirmed plus what was backordered
/// when the current version was confirmed, never more than ordered; else the ordered quantity.
fn allowed_quantity(line: &OrderLine, confirmation: Option<&OrderResponse>) -> Decimal {
    confirmation
        .and_then(|c| c.lines.iter().find(|l| l.line_number == line.line_number))
        .and_then(|l| {
            let confirmed = l.confirmed_quantity?;
            confirmed.checked_add(l.backordered_quantity.unwrap_or_default())
        })
        .map_or(line.quantity, |q| q.min(line.quantity))
}

/// Check requested quantities against what is allowed and already issued.
fn check_quantities(
    po: &PurchaseOrder,
    requested: &[LineQuantity],
    issued: &BTreeMap<u32, Decimal>,
    confirmation: Option<&OrderResponse>,
    allow_over: bool,
    verb: &str,
) -> Result<()> {
    let mut seen: BTreeMap<u32, Decimal> = BTreeMap::new();
    for r in requested {
        let Some(line) = po.line(r.line_number) else {
            return Err(LifecycleError::Invalid(format!(
                "lines: order {} has no line {}",
                po.order_number, r.line_number
            )));
        };
        if r.quantity <= Decimal::ZERO {
            return Err(LifecycleError::Invalid(format!(
                "lines: line {}: quantity must be positive",
                r.line_number
            )));
        }
        let so_far = seen.entry(r.line_number).or_default();
        *so_far = add(*so_far, r.quantity)?;
        let allowed = allowed_quantity(line, confirmation);
        let before = issued.get(&r.line_number).copied().unwrap_or_default();
        let total = add(before, *so_far)?;
        if total > allowed && !allow_over {
            return Err(LifecycleError::Conflict(format!(
                "line {}: {verb} {total} in all ({before} before) but only {allowed} {}; set \
                 \"allow_over_{}\": true to do it anyway",
                r.line_number,
                if confirmation.is_some() {
                    "were confirmed or backordered"
                } else {
                    "were ordered"
                },
                if verb == "shipped" {
                    "shipment"
                } else {
                    "invoice"
                },
            )));
        }
    }
    Ok(())
}

/// Everything not yet issued, per line (lines rejected in the confirmation excluded).
fn remaining(
    po: &PurchaseOrder,
    issued: &BTreeMap<u32, Decimal>,
    confirmation: Option<&OrderResponse>,
) -> Vec<LineQuantity> {
    po.lines
        .iter()
        .filter_map(|l| {
            let left = allowed_quantity(l, confirmation)
                - issued.get(&l.line_number).copied().unwrap_or_default();
            (left > Decimal::ZERO).then_some(LineQuantity {
                line_number: l.line_number,
                quantity: left,
            })
        })
        .collect()
}

/// Canonical ship notice from an order, a shipment request and earlier documents.
pub fn build_shipment(
    po: &PurchaseOrder,
    version: i64,
    input: &ShipmentInput,
    prior: &[FulfilmentRow],
) -> Result<ShipNotice> {
    let shipped = issued_quantities(prior, FulfilmentKind::Shipment)?;
    let confirmation = latest_confirmation(prior, version);
    let from_packages: Vec<LineQuantity> = input
        .packages
        .iter()
        .flat_map(|p| p.lines.iter().cloned())
        .collect();
    let lines = if !input.lines.is_empty() {
        input.lines.clone()
    } else if !from_packages.is_empty() {
        from_packages
    } else {
        remaining(po, &shipped, confirmation.as_ref())
    };
    if lines.is_empty() {
        return Err(LifecycleError::Conflict(format!(
            "order {}: everything has been shipped already",
            po.order_number
        )));
    }
    check_quantities(
        po,
        &lines,
        &shipped,
        confirmation.as_ref(),
        input.allow_over_shipment,
        "shipped",
    )?;
    let mut notice = ShipNotice::new(input.shipment_id.trim());
    let today = Utc::now().date_naive();
    notice.notice_date = Some(today);
    notice.issued_at = Some(Utc::now().fixed_offset());
    notice.ship_date = Some(input.ship_date.unwrap_or(today));
    notice.expected_delivery_date = input.delivery_date;
    notice.carrier = input.carrier.clone();
    notice.carrier_code = input.carrier_code.clone();
    notice.service_level = input.service_level.clone();
    notice.tracking_number = input.tracking_number.clone();
    notice.ship_to = po.ship_to.clone();
    notice.buyer = po.buyer.clone();
    notice.seller = po.seller.clone();
    notice.comments = input.comments.clone();
    notice.packages = input
        .packages
        .iter()
        .map(|p| Package {
            sscc: p.sscc.clone(),
            package_type: p.package_type.clone(),
            tracking_number: p.tracking_number.clone(),
            weight: None,
            dimensions: None,
            contents: p
                .lines
                .iter()
                .map(|l| PackageContent {
                    order_number: Some(po.order_number.clone()),
                    line_number: l.line_number,
                    quantity: l.quantity,
                    unit_of_measure: po
                        .line(l.line_number)
                        .and_then(|o| o.unit_of_measure.clone()),
                })
                .collect(),
        })
        .collect();
    let mut per_line: BTreeMap<u32, Decimal> = BTreeMap::new();
    for l in &lines {
        let e = per_line.entry(l.line_number).or_default();
        *e = add(*e, l.quantity)?;
    }
    notice.orders.push(ShipNoticeOrder {
        order_number: po.order_number.clone(),
        order_date: po.order_date,
        lines: per_line
            .into_iter()
            .filter_map(|(n, quantity)| {
                let o = po.line(n)?;
                Some(ShipNoticeLine {
                    line_number: n,
                    quantity,
                    unit_of_measure: o.unit_of_measure.clone(),
                    ordered_quantity: Some(o.quantity),
                    supplier_part_id: o.supplier_part_id.clone(),
                    supplier_part_aux_id: o.supplier_part_aux_id.clone(),
                    buyer_part_id: o.buyer_part_id.clone(),
                    gtin: o.gtin.clone(),
                    description: o.description.clone(),
                    batch_number: None,
                    serial_numbers: vec![],
                })
            })
            .collect(),
    });
    notice.references.push(Reference {
        kind: ReferenceKind::PurchaseOrder,
        value: po.order_number.clone(),
        date: po.order_date,
    });
    Ok(notice)
}

/// The tax rate that applies to an order line: the request's, the line's, or the order's.
fn tax_rate(
    po: &PurchaseOrder,
    line: &OrderLine,
    input: &InvoiceInput,
) -> Option<(Decimal, Option<TaxCategory>)> {
    if let Some(r) = input.tax_rate {
        let category = line
            .taxes
            .iter()
            .chain(&po.taxes)
            .find_map(|t| t.category.clone());
        return Some((r, category));
    }
    line.taxes
        .iter()
        .chain(&po.taxes)
        .find_map(|t| t.rate.map(|r| (r, t.category.clone())))
}

/// Canonical invoice from an order, an invoice request and earlier documents.
pub fn build_invoice(
    po: &PurchaseOrder,
    version: i64,
    input: &InvoiceInput,
    prior: &[FulfilmentRow],
) -> Result<Invoice> {
    let invoiced = issued_quantities(prior, FulfilmentKind::Invoice)?;
    let shipped = issued_quantities(prior, FulfilmentKind::Shipment)?;
    let confirmation = latest_confirmation(prior, version);
    let requested: Vec<LineQuantity> = if !input.lines.is_empty() {
        input
            .lines
            .iter()
            .map(|l| LineQuantity {
                line_number: l.line_number,
                quantity: l.quantity,
            })
            .collect()
    } else if !shipped.is_empty() {
        shipped
            .iter()
            .filter_map(|(&n, &q)| {
                let left = q - invoiced.get(&n).copied().unwrap_or_default();
                (left > Decimal::ZERO).then_some(LineQuantity {
                    line_number: n,
                    quantity: left,
                })
            })
            .collect()
    } else {
        remaining(po, &invoiced, confirmation.as_ref())
    };
    if requested.is_empty() {
        return Err(LifecycleError::Conflict(format!(
            "order {}: everything has been invoiced already",
            po.order_number
        )));
    }
    check_quantities(
        po,
        &requested,
        &invoiced,
        confirmation.as_ref(),
        input.allow_over_invoice,
        "invoiced",
    )?;
    let mut inv = Invoice::new(input.invoice_number.trim());
    let today = Utc::now().date_naive();
    inv.invoice_date = Some(input.invoice_date.unwrap_or(today));
    inv.issued_at = Some(Utc::now().fixed_offset());
    inv.order_number = Some(po.order_number.clone());
    inv.order_date = po.order_date;
    inv.currency = po.currency.clone();
    inv.seller = po.seller.clone();
    inv.buyer = po.buyer.clone();
    inv.ship_to = po.ship_to.clone();
    inv.bill_to = po.bill_to.clone();
    inv.comments = input.comments.clone();
    inv.payment_terms = input
        .net_days
        .map(|d| PaymentTerms {
            net_days: Some(d),
            ..PaymentTerms::default()
        })
        .or_else(|| po.payment_terms.clone());
    let mut subtotal = Decimal::ZERO;
    let mut taxes: BTreeMap<(String, Decimal), (Option<TaxCategory>, Decimal, Decimal)> =
        BTreeMap::new();
    for (i, r) in requested.iter().enumerate() {
        let Some(o) = po.line(r.line_number) else {
            continue;
        };
        let confirmed_price = confirmation
            .as_ref()
            .and_then(|c| c.lines.iter().find(|l| l.line_number == r.line_number))
            .and_then(|l| l.unit_price);
        let given = input
            .lines
            .iter()
            .find(|l| l.line_number == r.line_number)
            .and_then(|l| l.unit_price);
        let Some(price) = given.or(confirmed_price).or(o.unit_price) else {
            return Err(LifecycleError::Invalid(format!(
                "lines: line {} has no unit price on the order; give one",
                r.line_number
            )));
        };
        let amount = cents(mul(r.quantity, price)?);
        subtotal = add(subtotal, amount)?;
        let mut line = InvoiceLine::new(u32::try_from(i + 1).unwrap_or(u32::MAX), r.quantity);
        line.order_line_number = Some(r.line_number);
        line.unit_of_measure = o.unit_of_measure.clone();
        line.unit_price = Some(price);
        line.amount = Some(amount);
        line.description = o.description.clone();
        line.supplier_part_id = o.supplier_part_id.clone();
        line.supplier_part_aux_id = o.supplier_part_aux_id.clone();
        line.buyer_part_id = o.buyer_part_id.clone();
        line.gtin = o.gtin.clone();
        line.manufacturer_part_id = o.manufacturer_part_id.clone();
        line.manufacturer_name = o.manufacturer_name.clone();
        if let Some((rate, category)) = tax_rate(po, o, input) {
            let tax = cents(mul(amount, rate)? / Decimal::ONE_HUNDRED);
            line.taxes.push(Tax {
                category: category.clone(),
                rate: Some(rate),
                taxable_amount: Some(amount),
                amount: Some(tax),
                description: Some(format!("{} % tax", rate.normalize())),
                jurisdiction: None,
            });
            let key = (
                category.as_ref().map(|c| c.to_string()).unwrap_or_default(),
                rate.normalize(),
            );
            let e = taxes
                .entry(key)
                .or_insert((category, Decimal::ZERO, Decimal::ZERO));
            e.1 = add(e.1, amount)?;
            e.2 = add(e.2, tax)?;
        }
        inv.lines.push(line);
    }
    inv.taxes = taxes
        .into_iter()
        .map(|((_, rate), (category, taxable, amount))| Tax {
            category,
            rate: Some(rate),
            taxable_amount: Some(taxable),
            amount: Some(amount),
            description: Some(format!("{} % tax", rate.normalize())),
            jurisdiction: None,
        })
        .collect();
    let tax_total = inv
        .taxes
        .iter()
        .filter_map(|t| t.amount)
        .try_fold(Decimal::ZERO, add)?;
    let first_invoice = !prior.iter().any(|f| f.kind == "invoice");
    let shipping = input.shipping_amount.or_else(|| {
        first_invoice
            .then(|| {
                po.shipping
                    .as_ref()
                    .and_then(|s| s.amount)
                    .or_else(|| po.totals.as_ref().and_then(|t| t.shipping))
            })
            .flatten()
    });
    if let Some(amount) = shipping {
        inv.shipping = Some(model::Shipping {
            amount: Some(amount),
            ..po.shipping.clone().unwrap_or_default()
        });
    }
    let total = add(add(subtotal, tax_total)?, shipping.unwrap_or_default())?;
    inv.totals = Some(model::InvoiceTotals {
        subtotal: Some(subtotal),
        allowances: None,
        charges: None,
        tax: Some(tax_total),
        shipping,
        total: Some(total),
        amount_due: Some(total),
    });
    inv.references.push(Reference {
        kind: ReferenceKind::PurchaseOrder,
        value: po.order_number.clone(),
        date: po.order_date,
    });
    Ok(inv)
}
