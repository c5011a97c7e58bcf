//! Server-to-server documents the supplier sends the buyer, rendered from the canonical model:
//! [`write_confirmation_request`] and [`write_ship_notice_request`] (`Fulfill.dtd`), and
//! [`write_invoice_detail_request`] (`InvoiceDetail.dtd`), strictly in DTD 1.2.071 element order.
//!
//! These documents go straight from our server to the buyer's, so unlike a PunchOutOrderMessage
//! the `Sender` credential carries its `SharedSecret`. Output follows the rules of the other
//! writers: a declaration, the module's `DOCTYPE` ([`FULFILL_DOCTYPE`],
//! [`INVOICE_DETAIL_DOCTYPE`]), pure US-ASCII with character references, every text escaped.
//!
//! Conventions shared by the three writers:
//! - A model date (`NaiveDate`) is written `YYYY-MM-DDT00:00:00±hh:mm`, in the offset of the
//!   document's `issued_at` when it has one, else `+00:00`.
//! - `Money` always has a `currency` and at least 2 decimals; quantities are written normalised
//!   (`2.000` → `2`). Without a currency where `Money` must be written, `XXX` (ISO 4217 "no
//!   currency") is written so the document stays DTD-valid, with an error.
//! - A missing unit of measure is written `EA` with a warning (cXML requires one).
//! - `OrderReference` requires a `DocumentReference`: without the payloadID of the buyer's
//!   OrderRequest it is written `payloadID=""`, with an error.
//! - Only `operation="new"` documents are written.
//! - Arithmetic never panics: an overflow is an error and 0 is written.
//!
//! Issues are errors for what the DTD cannot express or what is missing (the document must not
//! be sent), warnings for defaults and what was left out.

use std::collections::BTreeMap;
use std::ops::{Add, Mul, Sub};

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use model::{
    Charge, ChargeIndicator, CurrencyCode, Extrinsics, Identifier, Invoice, InvoiceLine,
    InvoicePurpose, OrderResponse, OrderResponseLine, Package, PackageContent, Party,
    ReferenceKind, ResponseStatus, ShipNotice, ShipNoticeLine, Tax, TaxCategory, UnitOfMeasure,
};
use rust_decimal::{Decimal, RoundingStrategy};

use super::types::Credential;
use super::write::{total_text, Meta, Writer};
use super::xml::limit;
use crate::{Issue, Location};

/// The DOCTYPE of a ConfirmationRequest or ShipNoticeRequest.
pub const FULFILL_DOCTYPE: &str =
    r#"<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/Fulfill.dtd">"#;

/// The DOCTYPE of an InvoiceDetailRequest.
pub const INVOICE_DETAIL_DOCTYPE: &str =
    r#"<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/InvoiceDetail.dtd">"#;

/// Envelope of a server-to-server document we send (unlike a POOM, the Sender's SharedSecret IS
/// written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentParams {
    /// Envelope attributes (`payloadID`, `timestamp`, `xml:lang`; the language is also that of
    /// every `Description`, `Comments` and `Name`, `en` when empty).
    pub meta: Meta,
    /// `Header/From` credentials: us (identity only is written).
    pub from: Vec<Credential>,
    /// `Header/To` credentials: the buyer (identity only is written).
    pub to: Vec<Credential>,
    /// `Header/Sender` credential: us; `shared_secret` is written as `<SharedSecret>` when set.
    pub sender: Credential,
    /// `Sender/UserAgent`.
    pub user_agent: String,
    /// `Request@deploymentMode`: `production` or `test`; anything else is left out (warning).
    pub deployment_mode: Option<String>,
}

/// The order a document answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderRef {
    /// The buyer's `orderID` (the canonical `order_number`).
    pub order_id: String,
    /// `OrderReference@orderDate`, already formatted by the caller (copied from the
    /// OrderRequest's `orderDate`).
    pub order_date: Option<String>,
    /// `payloadID` of the buyer's OrderRequest, written as `DocumentReference@payloadID`.
    pub payload_id: Option<String>,
}

const CONF: &str = "/cXML/Request/ConfirmationRequest";
const SHIP: &str = "/cXML/Request/ShipNoticeRequest";
const INV: &str = "/cXML/Request/InvoiceDetailRequest";

// ---------------------------------------------------------------------------------------------
// ConfirmationRequest
// ---------------------------------------------------------------------------------------------

/// A `ConfirmationRequest` (Fulfill.dtd) answering `order` with `resp`.
///
/// `ConfirmationHeader@type`:
/// - `reject` when `resp.status` is rejected; no `ConfirmationItem` is written (the DTD forbids
///   them), the reason goes to `Comments` (a warning when a line was not rejected);
/// - `accept` when `resp.status` is accepted and every line status below is `accept`;
/// - `backordered` when `resp.status` is backordered and every line status is `backordered`;
/// - `detail` otherwise (an error when there are no lines: such a confirmation needs items).
///
/// `noticeDate` is `resp.issued_at`, else `resp.response_date` at midnight, else (error) the
/// document timestamp. `confirmID` is `resp.response_number`; `Total` is `resp.totals.total`;
/// `Comments` are `resp.reason` then `resp.comments`; extrinsics become `Extrinsic`s.
///
/// One `ConfirmationItem` per line number (response lines repeating a number, e.g. split
/// schedules, are merged), `quantity` = the ordered quantity (else the sum of its statuses),
/// with one `ConfirmationStatus` per portion:
/// - a rejected line: `reject` for its ordered (else confirmed) quantity;
/// - an accepted, changed or backordered line: the confirmed quantity (default: ordered minus
///   backordered) as `accept`, or `detail` when the line has a unit price or a delivery date
///   other than the requested one (`UnitPrice` and `deliveryDate` are then written); the
///   backordered quantity (default for a backordered line: ordered minus confirmed) as
///   `backordered`; `shipmentDate`/`deliveryDate` from the line's dates;
/// - a pending line (or an unknown status, warning): `unknown`;
/// - whatever of the ordered quantity no status covers: `reject`. More than ordered is an error.
///
/// A line's reason and comments become the `Comments` of its first status.
pub fn write_confirmation_request(
    p: &DocumentParams,
    order: &OrderRef,
    resp: &OrderResponse,
) -> (String, Vec<Issue>) {
    let hdr = format!("{CONF}/ConfirmationHeader");
    let mut cx = Ctx::new(&p.meta, resp.issued_at.as_ref());
    let notice_date = cx.stamp(
        resp.issued_at.as_ref(),
        resp.response_date,
        &p.meta.timestamp,
        &format!("{hdr}/@noticeDate"),
        "The response",
    );
    if resp.order_number != order.order_id {
        cx.error(
            &format!("{CONF}/OrderReference/@orderID"),
            "order_mismatch",
            format!(
                "The response answers order {}, the order reference is {}",
                limit(&resp.order_number, 40),
                limit(&order.order_id, 40)
            ),
        );
    }

    let items = plan_confirmation(resp, &mut cx);
    let all_are = |kind: StatusKind| {
        items
            .iter()
            .flat_map(|i| &i.statuses)
            .all(|s| s.kind == kind)
    };
    let header_type = match resp.status {
        ResponseStatus::Rejected => "reject",
        ResponseStatus::Accepted if all_are(StatusKind::Accept) => "accept",
        ResponseStatus::Backordered if all_are(StatusKind::Backordered) => "backordered",
        _ => "detail",
    };
    if header_type == "reject"
        && resp
            .lines
            .iter()
            .any(|l| l.status != ResponseStatus::Rejected)
    {
        cx.warn(
            &format!("{CONF}/ConfirmationItem"),
            "reject_lines_dropped",
            "The whole order is rejected: a reject confirmation carries no items, so lines that \
             are not rejected are not written",
        );
    }
    if header_type == "detail" && items.is_empty() {
        cx.error(
            &format!("{CONF}/ConfirmationItem"),
            "no_lines",
            format!(
                "A {} response without lines cannot be confirmed (a detail confirmation needs \
                 ConfirmationItems)",
                resp.status
            ),
        );
    }
    let write_items = header_type != "reject";
    let total = resp.totals.as_ref().and_then(|t| t.total);
    let needs_money = total.is_some()
        || (write_items
            && items
                .iter()
                .flat_map(|i| &i.statuses)
                .any(|s| s.unit_price.is_some()));
    let currency = if needs_money {
        cx.currency(
            resp.currency.as_ref(),
            &format!("{hdr}/Total/Money/@currency"),
        )
    } else {
        String::new()
    };
    let lang = cx.lang.clone();

    let mut w = envelope(p, FULFILL_DOCTYPE, &mut cx);
    w.open("ConfirmationRequest", &[]);
    let mut attrs = Vec::new();
    if let Some(id) = resp.response_number.as_deref().filter(|s| !s.is_empty()) {
        attrs.push(("confirmID", id));
    }
    attrs.extend([
        ("operation", "new"),
        ("type", header_type),
        ("noticeDate", notice_date.as_str()),
    ]);
    let header_comments: Vec<&str> = resp
        .reason
        .iter()
        .chain(&resp.comments)
        .map(String::as_str)
        .filter(|c| !c.trim().is_empty())
        .collect();
    if total.is_none() && header_comments.is_empty() && resp.extrinsics.is_empty() {
        w.empty("ConfirmationHeader", &attrs);
    } else {
        w.open("ConfirmationHeader", &attrs);
        if let Some(t) = total {
            money(&mut w, "Total", &currency, t);
        }
        for c in header_comments {
            w.leaf("Comments", &[("xml:lang", &lang)], c);
        }
        extrinsics(&mut w, &resp.extrinsics);
        w.close("ConfirmationHeader");
    }
    order_reference(
        &mut w,
        &mut cx,
        order,
        &format!("{CONF}/OrderReference"),
        true,
    );
    if write_items {
        for item in &items {
            let n = item.line_number.to_string();
            w.open(
                "ConfirmationItem",
                &[("quantity", &qty(item.quantity)), ("lineNumber", &n)],
            );
            w.leaf("UnitOfMeasure", &[], &item.uom);
            for s in &item.statuses {
                let q = qty(s.quantity);
                let mut attrs = vec![("quantity", q.as_str()), ("type", s.kind.as_str())];
                if let Some(d) = &s.shipment_date {
                    attrs.push(("shipmentDate", d));
                }
                if let Some(d) = &s.delivery_date {
                    attrs.push(("deliveryDate", d));
                }
                w.open("ConfirmationStatus", &attrs);
                w.leaf("UnitOfMeasure", &[], &item.uom);
                if let Some(price) = s.unit_price {
                    money(&mut w, "UnitPrice", &currency, price);
                }
                for c in &s.comments {
                    w.leaf("Comments", &[("xml:lang", &lang)], c);
                }
                w.close("ConfirmationStatus");
            }
            w.close("ConfirmationItem");
        }
    }
    w.close("ConfirmationRequest");
    finish(w, cx.issues)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusKind {
    Accept,
    Detail,
    Backordered,
    Reject,
    Unknown,
}

impl StatusKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Detail => "detail",
            Self::Backordered => "backordered",
            Self::Reject => "reject",
            Self::Unknown => "unknown",
        }
    }
}

struct ConfStatus {
    kind: StatusKind,
    quantity: Decimal,
    shipment_date: Option<String>,
    delivery_date: Option<String>,
    unit_price: Option<Decimal>,
    comments: Vec<String>,
}

impl ConfStatus {
    fn new(kind: StatusKind, quantity: Decimal) -> Self {
        Self {
            kind,
            quantity,
            shipment_date: None,
            delivery_date: None,
            unit_price: None,
            comments: Vec::new(),
        }
    }
}

struct ConfItem {
    line_number: u32,
    quantity: Decimal,
    uom: String,
    statuses: Vec<ConfStatus>,
}

/// Group the response lines by line number (first appearance order) and plan each item.
fn plan_confirmation(resp: &OrderResponse, cx: &mut Ctx) -> Vec<ConfItem> {
    let mut groups: Vec<(u32, Vec<&OrderResponseLine>)> = Vec::new();
    for l in &resp.lines {
        match groups.iter_mut().find(|(n, _)| *n == l.line_number) {
            Some((_, g)) => g.push(l),
            None => groups.push((l.line_number, vec![l])),
        }
    }
    groups
        .iter()
        .enumerate()
        .map(|(k, (n, lines))| {
            plan_item(
                *n,
                lines,
                cx,
                &format!("{CONF}/ConfirmationItem[{}]", k + 1),
            )
        })
        .collect()
}

fn plan_item(n: u32, lines: &[&OrderResponseLine], cx: &mut Ctx, path: &str) -> ConfItem {
    let single = lines.len() == 1;
    let ordered = lines.iter().find_map(|l| l.ordered_quantity);
    let mut statuses: Vec<ConfStatus> = Vec::new();
    let mut orphan_comments: Vec<String> = Vec::new();
    let no_quantity = |cx: &mut Ctx, what: &str| {
        cx.error(
            &format!("{path}/ConfirmationStatus/@quantity"),
            "no_quantity",
            format!("Line {n}: {what}"),
        );
    };
    for l in lines {
        let first = statuses.len();
        match &l.status {
            ResponseStatus::Rejected => {
                let q = if single {
                    ordered.or(l.confirmed_quantity)
                } else {
                    l.confirmed_quantity
                };
                // Without a quantity of its own, the uncovered remainder is rejected below.
                if let Some(q) = q {
                    statuses.push(ConfStatus::new(StatusKind::Reject, q));
                }
            }
            ResponseStatus::Pending | ResponseStatus::Other(_) => {
                if let ResponseStatus::Other(code) = &l.status {
                    cx.warn(
                        &format!("{path}/ConfirmationStatus/@type"),
                        "unknown_status",
                        format!(
                            "Line {n}: status {} has no cXML equivalent; unknown written",
                            limit(code, 30)
                        ),
                    );
                }
                match l.confirmed_quantity.or(if single { ordered } else { None }) {
                    Some(q) => statuses.push(ConfStatus::new(StatusKind::Unknown, q)),
                    None => no_quantity(cx, "a pending line states no quantity"),
                }
            }
            ResponseStatus::Accepted | ResponseStatus::Changed | ResponseStatus::Backordered => {
                let is_backordered = l.status == ResponseStatus::Backordered;
                let back = match (l.backordered_quantity, is_backordered, single, ordered) {
                    (Some(b), ..) => b,
                    (None, true, true, Some(o)) => (Amt::of(o)
                        - Amt::of(l.confirmed_quantity.unwrap_or_default()))
                    .value(cx, path),
                    (None, true, ..) => {
                        no_quantity(cx, "a backordered line states no backordered quantity");
                        Decimal::ZERO
                    }
                    (None, false, ..) => Decimal::ZERO,
                };
                let accepted = match (l.confirmed_quantity, single, ordered) {
                    (Some(c), ..) => c,
                    (None, true, Some(o)) => (Amt::of(o) - Amt::of(back)).value(cx, path),
                    _ if back > Decimal::ZERO || is_backordered => Decimal::ZERO,
                    _ => {
                        no_quantity(cx, "the line states no confirmed or ordered quantity");
                        Decimal::ZERO
                    }
                };
                let ship = l.ship_date.map(|d| cx.date(d));
                let delivery = l
                    .delivery_date
                    .filter(|d| Some(*d) != l.requested_delivery_date)
                    .map(|d| cx.date(d));
                if accepted > Decimal::ZERO {
                    let kind = if l.unit_price.is_some() || delivery.is_some() {
                        StatusKind::Detail
                    } else {
                        StatusKind::Accept
                    };
                    let mut s = ConfStatus::new(kind, accepted);
                    s.shipment_date = ship.clone();
                    s.delivery_date = delivery.clone();
                    s.unit_price = l.unit_price;
                    statuses.push(s);
                }
                if back > Decimal::ZERO {
                    let mut s = ConfStatus::new(StatusKind::Backordered, back);
                    if accepted <= Decimal::ZERO {
                        s.shipment_date = ship;
                        s.delivery_date = l.delivery_date.map(|d| cx.date(d));
                    }
                    statuses.push(s);
                }
            }
        }
        let texts = l
            .reason
            .iter()
            .chain(&l.comments)
            .filter(|c| !c.trim().is_empty())
            .cloned();
        match statuses.get_mut(first) {
            Some(s) => s.comments.extend(texts),
            None => orphan_comments.extend(texts),
        }
    }
    let sum = statuses
        .iter()
        .fold(Amt::ZERO, |acc, s| acc + Amt::of(s.quantity))
        .value(cx, path);
    let quantity = match ordered {
        Some(o) if o >= sum => {
            let rest = (Amt::of(o) - Amt::of(sum)).value(cx, path);
            if rest > Decimal::ZERO {
                match statuses.iter_mut().find(|s| s.kind == StatusKind::Reject) {
                    Some(s) => s.quantity = (Amt::of(s.quantity) + Amt::of(rest)).value(cx, path),
                    None => statuses.push(ConfStatus::new(StatusKind::Reject, rest)),
                }
            }
            o
        }
        Some(o) => {
            cx.error(
                &format!("{path}/@quantity"),
                "quantity_mismatch",
                format!(
                    "Line {n}: confirmed, backordered and rejected quantities add up to {sum}, \
                     more than the {o} ordered; {sum} written"
                ),
            );
            sum
        }
        None => sum,
    };
    if statuses.is_empty() {
        // Nothing to split (a zero quantity): one status of the line's own kind.
        let kind = match lines.first().map(|l| &l.status) {
            Some(ResponseStatus::Rejected) => StatusKind::Reject,
            Some(ResponseStatus::Backordered) => StatusKind::Backordered,
            Some(ResponseStatus::Pending | ResponseStatus::Other(_)) => StatusKind::Unknown,
            _ => StatusKind::Accept,
        };
        statuses.push(ConfStatus::new(kind, quantity));
    }
    if let Some(s) = statuses.first_mut() {
        s.comments.extend(orphan_comments);
    }
    let uom = lines.iter().find_map(|l| l.unit_of_measure.as_ref());
    let uom = cx.uom(uom, &format!("{path}/UnitOfMeasure"));
    ConfItem {
        line_number: n,
        quantity,
        uom,
        statuses,
    }
}

// ---------------------------------------------------------------------------------------------
// ShipNoticeRequest
// ---------------------------------------------------------------------------------------------

/// A `ShipNoticeRequest` (Fulfill.dtd) for `notice`, whose orders are found in `orders` by
/// `order_id == order_number`.
///
/// `ShipNoticeHeader`: `shipmentID`, `operation="new"` (another purpose is an error),
/// `noticeDate` (`issued_at`, else `notice_date` at midnight, else the document timestamp with an
/// error), `shipmentDate` (`ship_date`), `deliveryDate` (`expected_delivery_date`) and
/// `shipmentType="actual"` (missing dates and service level are warnings: the DTD comments
/// require them); then `ServiceLevel`, `Contact`s `shipFrom`, `shipTo`, `buyerCorporate`,
/// `supplierCorporate` (from `ship_from`, `ship_to`, `buyer`, `seller`), `Comments`, a
/// `Packaging` with the `grossWeight` of the shipment, and `Extrinsic`s.
///
/// `ShipControl` (when a carrier and a shipment identifier are known, else a warning):
/// `CarrierIdentifier`s `SCAC` (`carrier_code`) and `companyName` (`carrier`), then
/// `ShipmentIdentifier`s `trackingNumber` (the notice's, then each package's other ones) and
/// `billOfLading`.
///
/// One `ShipNoticePortion` per `notice.orders` entry (`OrderReference` from the matching
/// [`OrderRef`]; none is an error), with a `ShipNoticeItem` per line: `quantity`, `lineNumber`,
/// `ItemID` (when there is a supplier part ID), `ShipNoticeItemDetail/Description`,
/// `UnitOfMeasure`, one `Packaging` per package holding the line (`PackagingCode` = package
/// type, `Dimension`s length/width/height/grossWeight, `ShippingContainerSerialCode` = SSCC,
/// `DispatchQuantity` = the quantity in that package), `SupplierBatchID`, an `AssetInfo` per
/// serial number, and `OrderedQuantity`.
pub fn write_ship_notice_request(
    p: &DocumentParams,
    orders: &[OrderRef],
    notice: &ShipNotice,
) -> (String, Vec<Issue>) {
    let hdr = format!("{SHIP}/ShipNoticeHeader");
    let mut cx = Ctx::new(&p.meta, notice.issued_at.as_ref());
    let lang = cx.lang.clone();
    if notice.shipment_id.trim().is_empty() {
        cx.error(
            &format!("{hdr}/@shipmentID"),
            "no_shipment_id",
            "The ship notice has no shipment ID",
        );
    }
    if notice.purpose != model::OrderPurpose::New {
        cx.error(
            &format!("{hdr}/@operation"),
            "unsupported_purpose",
            format!(
                "Purpose {} is not supported (update and delete need the previous notice's \
                 payloadID); operation new written",
                notice.purpose
            ),
        );
    }
    let notice_date = cx.stamp(
        notice.issued_at.as_ref(),
        notice.notice_date,
        &p.meta.timestamp,
        &format!("{hdr}/@noticeDate"),
        "The ship notice",
    );
    let shipment_date = notice.ship_date.map(|d| cx.date(d));
    if shipment_date.is_none() {
        cx.warn(
            &format!("{hdr}/@shipmentDate"),
            "no_shipment_date",
            "The ship notice has no ship date (cXML requires one for an actual shipment)",
        );
    }
    let delivery_date = notice.expected_delivery_date.map(|d| cx.date(d));
    if delivery_date.is_none() {
        cx.warn(
            &format!("{hdr}/@deliveryDate"),
            "no_delivery_date",
            "The ship notice has no expected delivery date (cXML requires one)",
        );
    }
    let service_level = notice
        .service_level
        .as_deref()
        .filter(|s| !s.trim().is_empty());
    if service_level.is_none() {
        cx.warn(
            &format!("{hdr}/ServiceLevel"),
            "no_service_level",
            "The ship notice has no service level (cXML requires one)",
        );
    }
    if notice.orders.is_empty() {
        cx.error(
            &format!("{SHIP}/ShipNoticePortion"),
            "no_orders",
            "The ship notice ships no order (a ShipNoticePortion is required)",
        );
    }

    // ShipControl identifiers.
    let carriers: Vec<(&str, &str)> = [
        ("SCAC", notice.carrier_code.as_deref()),
        ("companyName", notice.carrier.as_deref()),
    ]
    .into_iter()
    .filter_map(|(d, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (d, v)))
    .collect();
    let mut shipment_ids: Vec<(&str, &str)> = Vec::new();
    let trackings = notice
        .tracking_number
        .iter()
        .chain(notice.packages.iter().flat_map(|p| &p.tracking_number))
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty());
    for t in trackings {
        if !shipment_ids.iter().any(|(_, v)| *v == t) {
            shipment_ids.push(("trackingNumber", t));
        }
    }
    if let Some(b) = notice
        .bill_of_lading
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    {
        shipment_ids.push(("billOfLading", b));
    }
    let ship_control = !carriers.is_empty() && !shipment_ids.is_empty();
    if !ship_control {
        cx.warn(
            &format!("{SHIP}/ShipControl"),
            "no_ship_control",
            "ShipControl needs a carrier and a tracking number or bill of lading; left out",
        );
    }

    let packaging = plan_packages(notice, &mut cx);

    let mut w = envelope(p, FULFILL_DOCTYPE, &mut cx);
    w.open("ShipNoticeRequest", &[]);
    let mut attrs = vec![
        ("shipmentID", notice.shipment_id.as_str()),
        ("operation", "new"),
        ("noticeDate", notice_date.as_str()),
    ];
    if let Some(d) = &shipment_date {
        attrs.push(("shipmentDate", d));
    }
    if let Some(d) = &delivery_date {
        attrs.push(("deliveryDate", d));
    }
    attrs.push(("shipmentType", "actual"));
    w.open("ShipNoticeHeader", &attrs);
    if let Some(s) = service_level {
        w.leaf("ServiceLevel", &[("xml:lang", &lang)], s);
    }
    for (role, party) in [
        ("shipFrom", &notice.ship_from),
        ("shipTo", &notice.ship_to),
        ("buyerCorporate", &notice.buyer),
        ("supplierCorporate", &notice.seller),
    ] {
        if let Some(party) = party {
            contact(
                &mut w,
                &mut cx,
                role,
                party,
                true,
                &format!("{hdr}/Contact[@role='{role}']"),
            );
        }
    }
    for c in notice.comments.iter().filter(|c| !c.trim().is_empty()) {
        w.leaf("Comments", &[("xml:lang", &lang)], c);
    }
    if let Some(weight) = &notice.total_weight {
        w.open("Packaging", &[]);
        dimension(&mut w, "grossWeight", weight.value, &weight.unit);
        w.close("Packaging");
    }
    extrinsics(&mut w, &notice.extrinsics);
    w.close("ShipNoticeHeader");

    if ship_control {
        w.open("ShipControl", &[]);
        for (domain, v) in &carriers {
            w.leaf("CarrierIdentifier", &[("domain", domain)], v);
        }
        for (domain, v) in &shipment_ids {
            w.leaf("ShipmentIdentifier", &[("domain", domain)], v);
        }
        w.close("ShipControl");
    }

    let mut seen: Vec<&str> = Vec::new();
    for (k, o) in notice.orders.iter().enumerate() {
        let path = format!("{SHIP}/ShipNoticePortion[{}]", k + 1);
        if seen.contains(&o.order_number.as_str()) {
            cx.error(
                &format!("{path}/OrderReference"),
                "duplicate_order",
                format!(
                    "Order {} appears twice (a ship notice mentions each order once)",
                    limit(&o.order_number, 40)
                ),
            );
        }
        seen.push(&o.order_number);
        w.open("ShipNoticePortion", &[]);
        match orders.iter().find(|r| r.order_id == o.order_number) {
            Some(r) => order_reference(&mut w, &mut cx, r, &format!("{path}/OrderReference"), true),
            None => {
                cx.error(
                    &format!("{path}/OrderReference"),
                    "no_order_ref",
                    format!(
                        "No order reference (payloadID) given for order {}; an empty payloadID \
                         is written",
                        limit(&o.order_number, 40)
                    ),
                );
                let r = OrderRef {
                    order_id: o.order_number.clone(),
                    ..OrderRef::default()
                };
                order_reference(
                    &mut w,
                    &mut cx,
                    &r,
                    &format!("{path}/OrderReference"),
                    false,
                );
            }
        }
        let mut lines_seen: Vec<u32> = Vec::new();
        for (j, l) in o.lines.iter().enumerate() {
            let ipath = format!("{path}/ShipNoticeItem[{}]", j + 1);
            if lines_seen.contains(&l.line_number) {
                cx.error(
                    &format!("{ipath}/@lineNumber"),
                    "duplicate_line",
                    format!(
                        "Line {} appears twice in order {} (a ship notice mentions each line once)",
                        l.line_number,
                        limit(&o.order_number, 40)
                    ),
                );
            }
            lines_seen.push(l.line_number);
            let packs = packaging
                .get(&(k, l.line_number))
                .map(Vec::as_slice)
                .unwrap_or_default();
            ship_notice_item(&mut w, &mut cx, l, packs, &ipath);
        }
        w.close("ShipNoticePortion");
    }
    w.close("ShipNoticeRequest");
    finish(w, cx.issues)
}

/// Which packages hold which line: `(order index, line number)` → packages and contents.
type PackageMap<'a> = BTreeMap<(usize, u32), Vec<(&'a Package, &'a PackageContent, bool)>>;

fn plan_packages<'a>(notice: &'a ShipNotice, cx: &mut Ctx) -> PackageMap<'a> {
    let mut map: PackageMap<'a> = BTreeMap::new();
    for (i, pkg) in notice.packages.iter().enumerate() {
        let path = format!(
            "{SHIP}/ShipNoticePortion/ShipNoticeItem/Packaging (package {})",
            i + 1
        );
        if pkg.contents.is_empty() {
            cx.warn(
                &path,
                "package_empty",
                format!(
                    "Package {} lists no contents, so it belongs to no item; left out",
                    i + 1
                ),
            );
            continue;
        }
        let describable = pkg
            .package_type
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
            || pkg.dimensions.is_some()
            || pkg.weight.is_some();
        if !describable {
            cx.warn(
                &path,
                "package_type_default",
                format!(
                    "Package {} has no type, dimensions or weight (Packaging needs one); \
                     PackagingCode package written",
                    i + 1
                ),
            );
        }
        for c in &pkg.contents {
            let order = match &c.order_number {
                Some(n) => notice.orders.iter().position(|o| &o.order_number == n),
                None if notice.orders.len() == 1 => Some(0),
                None => {
                    cx.warn(
                        &path,
                        "package_order_ambiguous",
                        format!(
                            "Package {} content for line {} names no order and the notice ships \
                             several; left out",
                            i + 1,
                            c.line_number
                        ),
                    );
                    continue;
                }
            };
            let known = order.filter(|&k| {
                notice.orders[k]
                    .lines
                    .iter()
                    .any(|l| l.line_number == c.line_number)
            });
            let Some(k) = known else {
                cx.warn(
                    &path,
                    "package_line_unknown",
                    format!(
                        "Package {} holds line {} of order {}, which the notice does not ship; \
                         left out",
                        i + 1,
                        c.line_number,
                        limit(c.order_number.as_deref().unwrap_or("?"), 40)
                    ),
                );
                continue;
            };
            map.entry((k, c.line_number))
                .or_default()
                .push((pkg, c, describable));
        }
    }
    map
}

fn ship_notice_item(
    w: &mut Writer,
    cx: &mut Ctx,
    l: &ShipNoticeLine,
    packs: &[(&Package, &PackageContent, bool)],
    path: &str,
) {
    let lang = cx.lang.clone();
    let uom = cx.uom(l.unit_of_measure.as_ref(), &format!("{path}/UnitOfMeasure"));
    let n = l.line_number.to_string();
    w.open(
        "ShipNoticeItem",
        &[("quantity", &qty(l.quantity)), ("lineNumber", &n)],
    );
    item_id(
        w,
        cx,
        l.supplier_part_id.as_deref(),
        l.supplier_part_aux_id.as_deref(),
        l.buyer_part_id.as_deref(),
        &format!("{path}/ItemID"),
    );
    if let Some(d) = l.description.as_deref().filter(|d| !d.trim().is_empty()) {
        w.open("ShipNoticeItemDetail", &[]);
        w.leaf("Description", &[("xml:lang", &lang)], d);
        w.close("ShipNoticeItemDetail");
    }
    w.leaf("UnitOfMeasure", &[], &uom);
    for (pkg, content, describable) in packs {
        w.open("Packaging", &[]);
        match pkg.package_type.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => w.leaf("PackagingCode", &[("xml:lang", &lang)], t),
            None if !describable => w.leaf("PackagingCode", &[("xml:lang", &lang)], "package"),
            None => {}
        }
        if let Some(d) = &pkg.dimensions {
            dimension(w, "length", d.length, &d.unit);
            dimension(w, "width", d.width, &d.unit);
            dimension(w, "height", d.height, &d.unit);
        }
        if let Some(m) = &pkg.weight {
            dimension(w, "grossWeight", m.value, &m.unit);
        }
        if let Some(s) = pkg.sscc.as_deref().filter(|s| !s.trim().is_empty()) {
            w.leaf("ShippingContainerSerialCode", &[], s);
        }
        w.open("DispatchQuantity", &[("quantity", &qty(content.quantity))]);
        let unit = content
            .unit_of_measure
            .as_ref()
            .map_or(uom.as_str(), UnitOfMeasure::as_str);
        w.leaf("UnitOfMeasure", &[], unit);
        w.close("DispatchQuantity");
        w.close("Packaging");
    }
    if let Some(b) = l.batch_number.as_deref().filter(|b| !b.trim().is_empty()) {
        w.leaf("SupplierBatchID", &[], b);
    }
    for s in l.serial_numbers.iter().filter(|s| !s.trim().is_empty()) {
        w.empty("AssetInfo", &[("serialNumber", s)]);
    }
    if let Some(o) = l.ordered_quantity {
        w.open("OrderedQuantity", &[("quantity", &qty(o))]);
        w.leaf("UnitOfMeasure", &[], &uom);
        w.close("OrderedQuantity");
    }
    w.close("ShipNoticeItem");
}

fn dimension(w: &mut Writer, kind: &str, value: Decimal, unit: &UnitOfMeasure) {
    w.open("Dimension", &[("quantity", &qty(value)), ("type", kind)]);
    w.leaf("UnitOfMeasure", &[], unit.as_str());
    w.close("Dimension");
}

// ---------------------------------------------------------------------------------------------
// InvoiceDetailRequest
// ---------------------------------------------------------------------------------------------

/// An `InvoiceDetailRequest` (InvoiceDetail.dtd) for `invoice` against `order`.
///
/// Header: `invoiceID`, `purpose` (`standard`; a credit note is a `lineLevelCreditMemo`, whose
/// quantities and amounts are written negative, unit prices stay positive; a debit note a
/// `lineLevelDebitMemo`), `operation="new"`, `invoiceDate` (`issued_at`, else `invoice_date` at
/// midnight, else the document timestamp with an error); `InvoiceDetailHeaderIndicator`;
/// `InvoiceDetailLineIndicator` with `isTaxInLine`, `isSpecialHandlingInLine`,
/// `isDiscountInLine` set when any line has taxes, charges, allowances; `InvoicePartner`s
/// `issuerOfInvoice` (seller), `soldTo` (buyer), `billTo`, `remitTo` (`remit_to`, else the
/// seller) with the party identifiers as `IdReference`s; `InvoiceIDInfo` (a credit or debit
/// note: the first invoice reference; none is an error for a credit note); `ShipNoticeIDInfo`
/// (the first shipment or delivery note reference); `PaymentTerm`s (the discount term, then the
/// net term); `PaymentInformation@paymentNetDueDate`; `Comments`; `Extrinsic`s.
///
/// One `InvoiceDetailOrder`: `OrderReference` (or, without the order's payloadID, `OrderIDInfo`
/// with a warning), then an `InvoiceDetailItem` per line: `invoiceLineNumber`, `quantity`,
/// `UnitOfMeasure`, `UnitPrice`, `InvoiceDetailItemReference` (`lineNumber` = the order line,
/// `ItemID`, `Description`, manufacturer), `SubtotalAmount` (quantity × unit price), `Tax`,
/// `InvoiceDetailLineSpecialHandling` (line charges), `InvoiceDetailDiscount` (line
/// allowances), `Comments`. An invoice without lines is an error (an
/// `InvoiceDetailHeaderOrder` is written instead).
///
/// `InvoiceDetailSummary`, computed from the lines: `SubtotalAmount` (Σ quantity × unit price),
/// `Tax` (header taxes, else the line taxes grouped by category, rate and location; zero with
/// the description `No tax` when there are none), `SpecialHandlingAmount` (line and header
/// charges), `ShippingAmount`, `GrossAmount` (subtotal + tax + special handling + shipping),
/// `InvoiceDetailDiscount` (line and header allowances), `NetAmount` (gross − discount),
/// `DepositAmount` (net − amount due, when the stated amount due is lower) and `DueAmount`.
/// A stated total (`invoice.totals`) that agrees with the computed one (to the cent) is written
/// as stated; one that disagrees is an error and the computed value is written.
pub fn write_invoice_detail_request(
    p: &DocumentParams,
    order: &OrderRef,
    invoice: &Invoice,
) -> (String, Vec<Issue>) {
    let hdr = format!("{INV}/InvoiceDetailRequestHeader");
    let sum_path = format!("{INV}/InvoiceDetailSummary");
    let mut cx = Ctx::new(&p.meta, invoice.issued_at.as_ref());
    let lang = cx.lang.clone();
    if invoice.invoice_number.trim().is_empty() {
        cx.error(
            &format!("{hdr}/@invoiceID"),
            "no_invoice_id",
            "The invoice has no invoice number",
        );
    }
    let invoice_date = cx.stamp(
        invoice.issued_at.as_ref(),
        invoice.invoice_date,
        &p.meta.timestamp,
        &format!("{hdr}/@invoiceDate"),
        "The invoice",
    );
    if let Some(n) = invoice.order_number.as_deref() {
        if n != order.order_id {
            cx.error(
                &format!("{INV}/InvoiceDetailOrder/InvoiceDetailOrderInfo"),
                "order_mismatch",
                format!(
                    "The invoice is for order {}, the order reference is {}",
                    limit(n, 40),
                    limit(&order.order_id, 40)
                ),
            );
        }
    }
    let currency = cx.currency(
        invoice.currency.as_ref(),
        &format!("{sum_path}/SubtotalAmount/Money/@currency"),
    );
    let (purpose, sign) = match &invoice.purpose {
        InvoicePurpose::Invoice => ("standard", Decimal::ONE),
        InvoicePurpose::CreditNote => ("lineLevelCreditMemo", Decimal::NEGATIVE_ONE),
        InvoicePurpose::DebitNote => ("lineLevelDebitMemo", Decimal::ONE),
        InvoicePurpose::Other(code) => {
            cx.error(
                &format!("{hdr}/@purpose"),
                "unsupported_purpose",
                format!(
                    "Invoice purpose {} has no cXML equivalent; standard written",
                    limit(code, 30)
                ),
            );
            ("standard", Decimal::ONE)
        }
    };
    if invoice.lines.is_empty() {
        cx.error(
            &format!("{INV}/InvoiceDetailOrder"),
            "no_lines",
            "The invoice has no lines; a header invoice without item detail is written",
        );
    }

    // Lines, then the summary computed from them.
    let lines: Vec<LineCalc> = invoice
        .lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            line_calc(
                l,
                &mut cx,
                &format!("{INV}/InvoiceDetailOrder/InvoiceDetailItem[{}]", k + 1),
            )
        })
        .collect();
    let s = summary(invoice, &lines, &mut cx, &sum_path);

    let mut w = envelope(p, INVOICE_DETAIL_DOCTYPE, &mut cx);
    w.open("InvoiceDetailRequest", &[]);
    w.open(
        "InvoiceDetailRequestHeader",
        &[
            ("invoiceID", invoice.invoice_number.as_str()),
            ("purpose", purpose),
            ("operation", "new"),
            ("invoiceDate", invoice_date.as_str()),
        ],
    );
    if invoice.lines.is_empty() {
        w.empty(
            "InvoiceDetailHeaderIndicator",
            &[("isHeaderInvoice", "yes")],
        );
    } else {
        w.empty("InvoiceDetailHeaderIndicator", &[]);
    }
    let mut indicators = Vec::new();
    if invoice.lines.iter().any(|l| !l.taxes.is_empty()) {
        indicators.push(("isTaxInLine", "yes"));
    }
    if lines.iter().any(|l| l.charges > Decimal::ZERO) {
        indicators.push(("isSpecialHandlingInLine", "yes"));
    }
    if lines.iter().any(|l| l.allowances > Decimal::ZERO) {
        indicators.push(("isDiscountInLine", "yes"));
    }
    w.empty("InvoiceDetailLineIndicator", &indicators);
    let remit_to = invoice.remit_to.as_ref().or(invoice.seller.as_ref());
    for (role, party) in [
        ("issuerOfInvoice", invoice.seller.as_ref()),
        ("soldTo", invoice.buyer.as_ref()),
        ("billTo", invoice.bill_to.as_ref()),
        ("remitTo", remit_to),
    ] {
        let Some(party) = party else { continue };
        let path = format!("{hdr}/InvoicePartner[@role='{role}']");
        if party_name(party).is_none() {
            unnamed_party(&mut cx, role, &path);
            continue;
        }
        w.open("InvoicePartner", &[]);
        contact(&mut w, &mut cx, role, party, false, &path);
        id_references(&mut w, &party.identifiers);
        w.close("InvoicePartner");
    }
    let reference = |kinds: &[ReferenceKind]| {
        invoice
            .references
            .iter()
            .find(|r| kinds.contains(&r.kind) && !r.value.trim().is_empty())
    };
    if invoice.purpose != InvoicePurpose::Invoice {
        match reference(&[ReferenceKind::Invoice]) {
            Some(r) => {
                let date = r.date.map(|d| cx.date(d));
                let mut attrs = vec![("invoiceID", r.value.as_str())];
                if let Some(d) = &date {
                    attrs.push(("invoiceDate", d));
                }
                w.empty("InvoiceIDInfo", &attrs);
                if invoice.purpose == InvoicePurpose::CreditNote {
                    cx.warn(
                        &format!("{hdr}/DocumentReference"),
                        "no_original_payload_id",
                        "A line-level credit memo should reference the original invoice's \
                         payloadID, which is not known; only InvoiceIDInfo is written",
                    );
                }
            }
            None if invoice.purpose == InvoicePurpose::CreditNote => cx.error(
                &format!("{hdr}/InvoiceIDInfo"),
                "no_original_invoice",
                "A credit note must reference the invoice it corrects (a reference of kind \
                 invoice)",
            ),
            None => {}
        }
    }
    if let Some(r) = reference(&[ReferenceKind::Shipment, ReferenceKind::DeliveryNote]) {
        let date = r.date.map(|d| cx.date(d));
        let mut attrs = vec![("shipNoticeID", r.value.as_str())];
        if let Some(d) = &date {
            attrs.push(("shipNoticeDate", d));
        }
        w.empty("ShipNoticeIDInfo", &attrs);
    }
    if let Some(terms) = &invoice.payment_terms {
        if let (Some(pct), Some(days)) = (terms.discount_percent, terms.discount_days) {
            w.open("PaymentTerm", &[("payInNumberOfDays", &days.to_string())]);
            w.open("Discount", &[]);
            w.empty("DiscountPercent", &[("percent", &qty(pct))]);
            w.close("Discount");
            w.close("PaymentTerm");
        }
        if let Some(days) = terms.net_days {
            w.empty("PaymentTerm", &[("payInNumberOfDays", &days.to_string())]);
        }
        if let Some(due) = terms.due_date {
            let due = cx.date(due);
            w.empty("PaymentInformation", &[("paymentNetDueDate", &due)]);
        }
    }
    let comments = joined(&invoice.comments);
    if !comments.is_empty() {
        w.leaf("Comments", &[("xml:lang", &lang)], &comments);
    }
    extrinsics(&mut w, &invoice.extrinsics);
    w.close("InvoiceDetailRequestHeader");

    let money_of = |d: Decimal| sign * d;
    if invoice.lines.is_empty() {
        w.open("InvoiceDetailHeaderOrder", &[]);
        order_info(&mut w, &mut cx, order);
        w.open("InvoiceDetailOrderSummary", &[("invoiceLineNumber", "1")]);
        money(&mut w, "SubtotalAmount", &currency, money_of(s.subtotal));
        w.close("InvoiceDetailOrderSummary");
        w.close("InvoiceDetailHeaderOrder");
    } else {
        w.open("InvoiceDetailOrder", &[]);
        order_info(&mut w, &mut cx, order);
        for (k, (l, c)) in invoice.lines.iter().zip(&lines).enumerate() {
            let path = format!("{INV}/InvoiceDetailOrder/InvoiceDetailItem[{}]", k + 1);
            invoice_item(&mut w, &mut cx, l, c, &currency, sign, &path);
        }
        w.close("InvoiceDetailOrder");
    }

    w.open("InvoiceDetailSummary", &[]);
    money(&mut w, "SubtotalAmount", &currency, money_of(s.subtotal));
    write_tax(&mut w, &lang, &currency, sign, s.tax, &s.tax_details);
    if s.special > Decimal::ZERO {
        w.open("SpecialHandlingAmount", &[]);
        w.leaf(
            "Money",
            &[("currency", &currency)],
            &total_text(money_of(s.special)),
        );
        if let Some(d) = &s.special_description {
            w.leaf("Description", &[("xml:lang", &lang)], d);
        }
        w.close("SpecialHandlingAmount");
    }
    if let Some(ship) = s.shipping {
        money(&mut w, "ShippingAmount", &currency, money_of(ship));
    }
    money(&mut w, "GrossAmount", &currency, money_of(s.gross));
    if s.discount > Decimal::ZERO {
        money(
            &mut w,
            "InvoiceDetailDiscount",
            &currency,
            money_of(s.discount),
        );
    }
    money(&mut w, "NetAmount", &currency, money_of(s.net));
    if let Some(dep) = s.deposit {
        money(&mut w, "DepositAmount", &currency, money_of(dep));
    }
    money(&mut w, "DueAmount", &currency, money_of(s.due));
    w.close("InvoiceDetailSummary");
    w.close("InvoiceDetailRequest");
    finish(w, cx.issues)
}

/// What a line amounts to, in the canonical (positive) direction.
struct LineCalc {
    price: Decimal,
    /// Quantity × unit price.
    base: Decimal,
    charges: Decimal,
    charge_description: Option<String>,
    allowances: Decimal,
    /// Base + charges − allowances.
    net: Decimal,
    taxes: Vec<TaxCalc>,
    tax: Decimal,
}

fn line_calc(l: &InvoiceLine, cx: &mut Ctx, path: &str) -> LineCalc {
    let price = match (l.unit_price, l.amount) {
        (Some(p), _) => p,
        (None, Some(a)) if !l.quantity.is_zero() && l.charges.is_empty() => {
            match a.checked_div(l.quantity) {
                Some(p) => {
                    cx.warn(
                        &format!("{path}/UnitPrice"),
                        "unit_price_derived",
                        format!(
                            "Line {}: no unit price; amount / quantity = {p} written",
                            l.line_number
                        ),
                    );
                    p
                }
                None => {
                    cx.overflow(&format!("{path}/UnitPrice"));
                    Decimal::ZERO
                }
            }
        }
        _ => {
            cx.error(
                &format!("{path}/UnitPrice"),
                "no_unit_price",
                format!("Line {}: no unit price; 0 written", l.line_number),
            );
            Decimal::ZERO
        }
    };
    let base = (Amt::of(l.quantity) * Amt::of(price)).value(cx, &format!("{path}/SubtotalAmount"));
    let (charges, allowances, charge_description) =
        charge_sums(&l.charges, base, cx, &format!("{path} (charges)"));
    let net = (Amt::of(base) + Amt::of(charges) - Amt::of(allowances)).value(cx, path);
    if let Some(a) = l.amount {
        if !agrees(a, net) {
            cx.error(
                &format!("{path}/SubtotalAmount"),
                "line_amount_mismatch",
                format!(
                    "Line {}: amount {a} differs from quantity × unit price ± charges = {net}",
                    l.line_number
                ),
            );
        }
    }
    let taxes: Vec<TaxCalc> = l
        .taxes
        .iter()
        .enumerate()
        .map(|(k, t)| resolve_tax(t, net, cx, &format!("{path}/Tax/TaxDetail[{}]", k + 1)))
        .collect();
    let tax = taxes
        .iter()
        .fold(Amt::ZERO, |s, t| s + Amt::of(t.amount))
        .value(cx, &format!("{path}/Tax"));
    LineCalc {
        price,
        base,
        charges,
        charge_description,
        allowances,
        net,
        taxes,
        tax,
    }
}

/// Charges and allowances in the canonical direction (a percent applies to `base`, rounded to
/// the cent), with the charges' descriptions.
fn charge_sums(
    list: &[Charge],
    base: Decimal,
    cx: &mut Ctx,
    path: &str,
) -> (Decimal, Decimal, Option<String>) {
    let (mut charges, mut allowances) = (Amt::ZERO, Amt::ZERO);
    let mut texts: Vec<&str> = Vec::new();
    for (k, c) in list.iter().enumerate() {
        let amount = match (c.amount, c.percent) {
            (Some(a), _) => a,
            (None, Some(pct)) => round2((Amt::of(base) * Amt::of(pct)).div100().value(cx, path)),
            (None, None) => {
                cx.warn(
                    path,
                    "charge_no_amount",
                    format!(
                        "Allowance or charge {} has neither an amount nor a percent; ignored",
                        k + 1
                    ),
                );
                continue;
            }
        };
        match c.indicator {
            ChargeIndicator::Charge => {
                charges = charges + Amt::of(amount);
                if let Some(t) = c
                    .description
                    .as_deref()
                    .or(c.code.as_deref())
                    .filter(|t| !t.trim().is_empty())
                {
                    texts.push(t);
                }
            }
            ChargeIndicator::Allowance => allowances = allowances + Amt::of(amount),
        }
    }
    let description = (!texts.is_empty()).then(|| texts.join(", "));
    (
        charges.value(cx, path),
        allowances.value(cx, path),
        description,
    )
}

/// A canonical tax with its amount known.
#[derive(Clone)]
struct TaxCalc {
    category: String,
    withholding: bool,
    rate: Option<Decimal>,
    taxable: Option<Decimal>,
    amount: Decimal,
    location: Option<String>,
    description: Option<String>,
}

fn resolve_tax(t: &Tax, base: Decimal, cx: &mut Ctx, path: &str) -> TaxCalc {
    let (category, withholding) = match &t.category {
        Some(TaxCategory::Use) => ("usage".to_owned(), false),
        Some(TaxCategory::Withholding) => ("withholding".to_owned(), true),
        Some(c) if !c.as_str().trim().is_empty() => (c.as_str().to_owned(), false),
        _ => {
            cx.warn(
                &format!("{path}/@category"),
                "tax_category_default",
                "Tax has no category (TaxDetail requires one); other written",
            );
            ("other".to_owned(), false)
        }
    };
    let amount = match (t.amount, t.rate) {
        (Some(a), _) => a,
        (None, Some(rate)) => {
            let taxable = t.taxable_amount.unwrap_or(base);
            let a = round2((Amt::of(taxable) * Amt::of(rate)).div100().value(cx, path));
            cx.warn(
                &format!("{path}/TaxAmount"),
                "tax_computed",
                format!("Tax has no amount; {taxable} × {rate} % = {a} written"),
            );
            a
        }
        (None, None) => {
            cx.error(
                &format!("{path}/TaxAmount"),
                "tax_amount_unknown",
                "Tax has neither an amount nor a rate; 0 written",
            );
            Decimal::ZERO
        }
    };
    TaxCalc {
        category,
        withholding,
        rate: t.rate,
        taxable: t.taxable_amount,
        amount,
        location: t.jurisdiction.clone().filter(|j| !j.trim().is_empty()),
        description: t.description.clone().filter(|d| !d.trim().is_empty()),
    }
}

/// Line taxes summed per category, rate, location and kind (first appearance order).
fn group_taxes(lines: &[LineCalc], cx: &mut Ctx, path: &str) -> Vec<TaxCalc> {
    let mut groups: Vec<TaxCalc> = Vec::new();
    for t in lines.iter().flat_map(|l| &l.taxes) {
        let same = |g: &&mut TaxCalc| {
            g.category == t.category
                && g.withholding == t.withholding
                && g.rate == t.rate
                && g.location == t.location
        };
        match groups.iter_mut().find(same) {
            Some(g) => {
                g.amount = (Amt::of(g.amount) + Amt::of(t.amount)).value(cx, path);
                g.taxable = match (g.taxable, t.taxable) {
                    (Some(a), Some(b)) => Some((Amt::of(a) + Amt::of(b)).value(cx, path)),
                    _ => None,
                };
                if g.description.is_none() {
                    g.description.clone_from(&t.description);
                }
            }
            None => groups.push(t.clone()),
        }
    }
    groups
}

struct Summary {
    subtotal: Decimal,
    tax: Decimal,
    tax_details: Vec<TaxCalc>,
    special: Decimal,
    special_description: Option<String>,
    shipping: Option<Decimal>,
    gross: Decimal,
    discount: Decimal,
    net: Decimal,
    deposit: Option<Decimal>,
    due: Decimal,
}

fn summary(invoice: &Invoice, lines: &[LineCalc], cx: &mut Ctx, path: &str) -> Summary {
    let total = |cx: &mut Ctx, f: &dyn Fn(&LineCalc) -> Decimal| {
        lines
            .iter()
            .fold(Amt::ZERO, |s, l| s + Amt::of(f(l)))
            .value(cx, path)
    };
    let subtotal = total(cx, &|l| l.base);
    let line_nets = total(cx, &|l| l.net);
    let line_charges = total(cx, &|l| l.charges);
    let line_allowances = total(cx, &|l| l.allowances);
    let line_tax = total(cx, &|l| l.tax);
    let (header_charges, header_allowances, header_text) =
        charge_sums(&invoice.charges, subtotal, cx, &format!("{path} (charges)"));
    let special = (Amt::of(line_charges) + Amt::of(header_charges)).value(cx, path);
    let discount = (Amt::of(line_allowances) + Amt::of(header_allowances)).value(cx, path);
    let special_description = lines
        .iter()
        .filter_map(|l| l.charge_description.as_deref())
        .chain(header_text.as_deref())
        .fold(Vec::<&str>::new(), |mut v, t| {
            if !v.contains(&t) {
                v.push(t);
            }
            v
        });
    let special_description =
        (!special_description.is_empty()).then(|| special_description.join(", "));

    let taxable_base = (Amt::of(subtotal) + Amt::of(special) - Amt::of(discount)).value(cx, path);
    let header_taxes: Vec<TaxCalc> = invoice
        .taxes
        .iter()
        .enumerate()
        .map(|(k, t)| {
            resolve_tax(
                t,
                taxable_base,
                cx,
                &format!("{path}/Tax/TaxDetail[{}]", k + 1),
            )
        })
        .collect();
    let (tax, tax_details) = if header_taxes.is_empty() {
        (line_tax, group_taxes(lines, cx, &format!("{path}/Tax")))
    } else {
        let h = header_taxes
            .iter()
            .fold(Amt::ZERO, |s, t| s + Amt::of(t.amount))
            .value(cx, path);
        if lines.iter().any(|l| !l.taxes.is_empty()) && !agrees(h, line_tax) {
            cx.error(
                &format!("{path}/Tax"),
                "tax_mismatch",
                format!("Header taxes add up to {h}, the line taxes to {line_tax}"),
            );
        }
        (h, header_taxes)
    };

    let stated = invoice.totals.clone().unwrap_or_default();
    let subtotal = settle(
        cx,
        stated.subtotal,
        subtotal,
        &[line_nets],
        path,
        "subtotal",
    );
    let tax = settle(cx, stated.tax, tax, &[], path, "tax");
    let special = settle(
        cx,
        stated.charges,
        special,
        &[header_charges],
        path,
        "charges",
    );
    let discount = settle(
        cx,
        stated.allowances,
        discount,
        &[header_allowances],
        path,
        "allowances",
    );
    let shipping = match (
        invoice.shipping.as_ref().and_then(|s| s.amount),
        stated.shipping,
    ) {
        (Some(s), st) => Some(settle(cx, st, s, &[], path, "shipping")),
        (None, st) => st,
    };
    let gross = (Amt::of(subtotal)
        + Amt::of(tax)
        + Amt::of(special)
        + Amt::of(shipping.unwrap_or_default()))
    .value(cx, path);
    let net = (Amt::of(gross) - Amt::of(discount)).value(cx, path);
    let net = settle(cx, stated.total, net, &[], path, "total");
    let (due, deposit) = match stated.amount_due {
        Some(d) if agrees(d, net) => (d, None),
        Some(d) if d < net => (d, Some((Amt::of(net) - Amt::of(d)).value(cx, path))),
        Some(d) => {
            cx.error(
                &format!("{path}/DueAmount"),
                "amount_due_mismatch",
                format!("Stated amount due {d} exceeds the net amount {net}; {net} written"),
            );
            (net, None)
        }
        None => (net, None),
    };
    Summary {
        subtotal,
        tax,
        tax_details,
        special,
        special_description,
        shipping,
        gross,
        discount,
        net,
        deposit,
        due,
    }
}

/// The stated value when it agrees with `computed` (to the cent), else `computed`; an error when
/// it agrees neither with `computed` nor with any of the `alternatives` (other readings of the
/// same total).
fn settle(
    cx: &mut Ctx,
    stated: Option<Decimal>,
    computed: Decimal,
    alternatives: &[Decimal],
    path: &str,
    what: &str,
) -> Decimal {
    match stated {
        None => computed,
        Some(s) if agrees(s, computed) => s,
        Some(s) => {
            if !alternatives.iter().any(|a| agrees(s, *a)) {
                cx.error(
                    path,
                    &format!("{what}_mismatch"),
                    format!(
                        "Stated {what} {s} differs from {computed} computed from the lines; \
                         {computed} written"
                    ),
                );
            }
            computed
        }
    }
}

fn order_info(w: &mut Writer, cx: &mut Ctx, order: &OrderRef) {
    w.open("InvoiceDetailOrderInfo", &[]);
    if order
        .payload_id
        .as_deref()
        .is_some_and(|p| !p.trim().is_empty())
    {
        order_reference(
            w,
            cx,
            order,
            &format!("{INV}/InvoiceDetailOrder/InvoiceDetailOrderInfo/OrderReference"),
            true,
        );
    } else {
        cx.warn(
            &format!("{INV}/InvoiceDetailOrder/InvoiceDetailOrderInfo"),
            "no_order_payload_id",
            "The order's payloadID is not known; OrderIDInfo is written instead of the \
             recommended OrderReference",
        );
        if order.order_id.trim().is_empty() {
            cx.error(
                &format!("{INV}/InvoiceDetailOrder/InvoiceDetailOrderInfo/OrderIDInfo"),
                "no_order_id",
                "The order reference has no order ID",
            );
        }
        let mut attrs = vec![("orderID", order.order_id.as_str())];
        if let Some(d) = order.order_date.as_deref() {
            attrs.push(("orderDate", d));
        }
        w.empty("OrderIDInfo", &attrs);
    }
    w.close("InvoiceDetailOrderInfo");
}

fn invoice_item(
    w: &mut Writer,
    cx: &mut Ctx,
    l: &InvoiceLine,
    c: &LineCalc,
    currency: &str,
    sign: Decimal,
    path: &str,
) {
    let lang = cx.lang.clone();
    let uom = cx.uom(l.unit_of_measure.as_ref(), &format!("{path}/UnitOfMeasure"));
    let order_line = match l.order_line_number {
        Some(n) => n,
        None => {
            cx.warn(
                &format!("{path}/InvoiceDetailItemReference/@lineNumber"),
                "no_order_line_number",
                format!(
                    "Line {}: no order line number; the invoice line number is written",
                    l.line_number
                ),
            );
            l.line_number
        }
    };
    w.open(
        "InvoiceDetailItem",
        &[
            ("invoiceLineNumber", &l.line_number.to_string()),
            ("quantity", &qty(sign * l.quantity)),
        ],
    );
    w.leaf("UnitOfMeasure", &[], &uom);
    money(w, "UnitPrice", currency, c.price);
    w.open(
        "InvoiceDetailItemReference",
        &[("lineNumber", &order_line.to_string())],
    );
    item_id(
        w,
        cx,
        l.supplier_part_id.as_deref(),
        l.supplier_part_aux_id.as_deref(),
        l.buyer_part_id.as_deref(),
        &format!("{path}/InvoiceDetailItemReference/ItemID"),
    );
    if let Some(d) = l.description.as_deref().filter(|d| !d.trim().is_empty()) {
        w.leaf("Description", &[("xml:lang", &lang)], d);
    }
    match (
        l.manufacturer_part_id.as_deref(),
        l.manufacturer_name.as_deref(),
    ) {
        (Some(id), Some(name)) => {
            w.leaf("ManufacturerPartID", &[], id);
            w.leaf("ManufacturerName", &[], name);
        }
        (None, None) => {}
        _ => cx.warn(
            &format!("{path}/InvoiceDetailItemReference/ManufacturerPartID"),
            "manufacturer_incomplete",
            format!(
                "Line {}: the manufacturer part ID and name go together in cXML; left out",
                l.line_number
            ),
        ),
    }
    w.close("InvoiceDetailItemReference");
    money(w, "SubtotalAmount", currency, sign * c.base);
    if !l.taxes.is_empty() {
        write_tax(w, &lang, currency, sign, c.tax, &c.taxes);
    }
    if c.charges > Decimal::ZERO {
        w.open("InvoiceDetailLineSpecialHandling", &[]);
        if let Some(d) = &c.charge_description {
            w.leaf("Description", &[("xml:lang", &lang)], d);
        }
        w.leaf(
            "Money",
            &[("currency", currency)],
            &total_text(sign * c.charges),
        );
        w.close("InvoiceDetailLineSpecialHandling");
    }
    if c.allowances > Decimal::ZERO {
        money(w, "InvoiceDetailDiscount", currency, sign * c.allowances);
    }
    let comments = joined(&l.comments);
    if !comments.is_empty() {
        w.leaf("Comments", &[("xml:lang", &lang)], &comments);
    }
    w.close("InvoiceDetailItem");
}

/// `<Tax>`: the total, a description (the taxes' own, else e.g. `VAT 19%`; `No tax` when there
/// are none) and a `TaxDetail` per tax.
fn write_tax(
    w: &mut Writer,
    lang: &str,
    currency: &str,
    sign: Decimal,
    total: Decimal,
    details: &[TaxCalc],
) {
    let mut texts: Vec<String> = Vec::new();
    for t in details {
        let text = t.description.clone().unwrap_or_else(|| match t.rate {
            Some(r) => format!("{} {}%", t.category.to_ascii_uppercase(), r.normalize()),
            None => t.category.to_ascii_uppercase(),
        });
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    let description = if texts.is_empty() {
        "No tax".to_owned()
    } else {
        texts.join(", ")
    };
    w.open("Tax", &[]);
    w.leaf(
        "Money",
        &[("currency", currency)],
        &total_text(sign * total),
    );
    w.leaf("Description", &[("xml:lang", lang)], &description);
    for t in details {
        let rate = t.rate.map(qty);
        let mut attrs = vec![("purpose", "tax"), ("category", t.category.as_str())];
        if let Some(r) = &rate {
            attrs.push(("percentageRate", r));
        }
        if t.rate.is_some_and(|r| r.is_zero()) {
            attrs.push(("exemptDetail", "zeroRated"));
        }
        if t.withholding {
            attrs.push(("isWithholdingTax", "yes"));
        }
        w.open("TaxDetail", &attrs);
        if let Some(taxable) = t.taxable {
            money(w, "TaxableAmount", currency, sign * taxable);
        }
        money(w, "TaxAmount", currency, sign * t.amount);
        if let Some(loc) = &t.location {
            w.leaf("TaxLocation", &[("xml:lang", lang)], loc);
        }
        if let Some(d) = &t.description {
            w.leaf("Description", &[("xml:lang", lang)], d);
        }
        w.close("TaxDetail");
    }
    w.close("Tax");
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

/// Issues and document-wide settings of one writer call.
struct Ctx {
    issues: Vec<Issue>,
    /// Language of `Description`, `Comments`, `Name`, … (`en` when the document has none).
    lang: String,
    /// Offset that model dates are written in.
    offset: FixedOffset,
}

impl Ctx {
    fn new(meta: &Meta, issued_at: Option<&DateTime<FixedOffset>>) -> Self {
        Self {
            issues: Vec::new(),
            lang: if meta.lang.is_empty() {
                "en".to_owned()
            } else {
                meta.lang.clone()
            },
            offset: issued_at.map_or_else(|| Utc.fix(), |t| *t.offset()),
        }
    }

    fn error(&mut self, path: &str, code: &str, msg: impl Into<String>) {
        self.issues
            .push(Issue::error(Location::at_path(path), msg).with_code(code));
    }

    fn warn(&mut self, path: &str, code: &str, msg: impl Into<String>) {
        self.issues
            .push(Issue::warning(Location::at_path(path), msg).with_code(code));
    }

    fn overflow(&mut self, path: &str) {
        self.error(
            path,
            "overflow",
            "An amount overflows the decimal range; 0 written",
        );
    }

    /// A model date at midnight in the document's offset.
    fn date(&self, d: NaiveDate) -> String {
        d.and_hms_opt(0, 0, 0)
            .and_then(|n| self.offset.from_local_datetime(&n).single())
            .map_or_else(
                || format!("{d}T00:00:00+00:00"),
                |t| super::format_timestamp(&t),
            )
    }

    /// `issued_at`, else `date` at midnight, else (error) `fallback`.
    fn stamp(
        &mut self,
        issued_at: Option<&DateTime<FixedOffset>>,
        date: Option<NaiveDate>,
        fallback: &str,
        path: &str,
        what: &str,
    ) -> String {
        match (issued_at, date) {
            (Some(t), _) => super::format_timestamp(t),
            (None, Some(d)) => self.date(d),
            (None, None) => {
                self.error(
                    path,
                    "no_date",
                    format!("{what} has neither an issue timestamp nor a date; the document timestamp is written"),
                );
                fallback.to_owned()
            }
        }
    }

    fn uom(&mut self, u: Option<&UnitOfMeasure>, path: &str) -> String {
        match u {
            Some(u) => u.as_str().to_owned(),
            None => {
                self.warn(
                    path,
                    "uom_default",
                    "No unit of measure; EA written (cXML requires one)",
                );
                "EA".to_owned()
            }
        }
    }

    fn currency(&mut self, c: Option<&CurrencyCode>, path: &str) -> String {
        match c {
            Some(c) => c.as_str().to_owned(),
            None => {
                self.error(
                    path,
                    "no_currency",
                    "No currency: Money requires one; XXX written",
                );
                "XXX".to_owned()
            }
        }
    }
}

/// Declaration, `doctype`, `cXML`, the `Header` (From, To, Sender with its SharedSecret) and the
/// opened `Request`.
fn envelope(p: &DocumentParams, doctype: &str, cx: &mut Ctx) -> Writer {
    if p.meta.payload_id.trim().is_empty() {
        cx.error(
            "/cXML/@payloadID",
            "no_payload_id",
            "The document has no payloadID",
        );
    }
    if super::parse_timestamp(&p.meta.timestamp).is_none() {
        cx.error(
            "/cXML/@timestamp",
            "bad_timestamp",
            format!(
                "Timestamp {} is not an ISO 8601 date-time",
                limit(&p.meta.timestamp, 40)
            ),
        );
    }
    for (name, creds) in [("From", &p.from), ("To", &p.to)] {
        if creds.is_empty() {
            cx.error(
                &format!("/cXML/Header/{name}"),
                "no_credential",
                format!("{name} needs at least one Credential"),
            );
        }
    }
    if p.sender.identity.trim().is_empty() {
        cx.error(
            "/cXML/Header/Sender/Credential/Identity",
            "no_sender",
            "The Sender credential has no identity",
        );
    }
    if p.sender
        .shared_secret
        .as_deref()
        .is_none_or(|s| s.is_empty())
    {
        cx.warn(
            "/cXML/Header/Sender/Credential/SharedSecret",
            "no_shared_secret",
            "The Sender credential has no shared secret; the buyer must authenticate us otherwise",
        );
    }
    let deployment_mode = match p.deployment_mode.as_deref() {
        Some(m @ ("production" | "test")) => Some(m),
        Some(other) => {
            cx.warn(
                "/cXML/Request/@deploymentMode",
                "deployment_mode",
                format!(
                    "deploymentMode {} is not production or test; left out",
                    limit(other, 20)
                ),
            );
            None
        }
        None => None,
    };

    let mut w = Writer::document_with(&p.meta, doctype);
    w.open("Header", &[]);
    w.open("From", &[]);
    for c in &p.from {
        credential(&mut w, c, false);
    }
    w.close("From");
    w.open("To", &[]);
    for c in &p.to {
        credential(&mut w, c, false);
    }
    w.close("To");
    w.open("Sender", &[]);
    credential(&mut w, &p.sender, true);
    w.leaf("UserAgent", &[], &p.user_agent);
    w.close("Sender");
    w.close("Header");
    match deployment_mode {
        Some(m) => w.open("Request", &[("deploymentMode", m)]),
        None => w.open("Request", &[]),
    }
    w
}

/// Closes the document; what the writer left out joins `issues`.
fn finish(mut w: Writer, mut issues: Vec<Issue>) -> (String, Vec<Issue>) {
    w.close("Request");
    let (doc, dropped) = w.finish_with_issues();
    issues.extend(dropped);
    (doc, issues)
}

fn credential(w: &mut Writer, c: &Credential, with_secret: bool) {
    w.open("Credential", &[("domain", &c.domain)]);
    w.leaf("Identity", &[], &c.identity);
    if with_secret {
        if let Some(s) = c.shared_secret.as_deref().filter(|s| !s.is_empty()) {
            w.leaf("SharedSecret", &[], s);
        }
    }
    w.close("Credential");
}

/// `<OrderReference orderID orderDate><DocumentReference payloadID/></OrderReference>`; the
/// DocumentReference is required, so a missing payloadID is written empty (error when
/// `report`).
fn order_reference(w: &mut Writer, cx: &mut Ctx, order: &OrderRef, path: &str, report: bool) {
    if report && order.order_id.trim().is_empty() {
        cx.error(
            &format!("{path}/@orderID"),
            "no_order_id",
            "The order reference has no order ID",
        );
    }
    let mut attrs = vec![("orderID", order.order_id.as_str())];
    if let Some(d) = order.order_date.as_deref() {
        if super::parse_timestamp(d).is_none() {
            cx.warn(
                &format!("{path}/@orderDate"),
                "bad_order_date",
                format!("Order date {} is not an ISO 8601 date-time", limit(d, 40)),
            );
        }
        attrs.push(("orderDate", d));
    }
    w.open("OrderReference", &attrs);
    let payload = order.payload_id.as_deref().filter(|s| !s.trim().is_empty());
    if payload.is_none() && report {
        cx.error(
            &format!("{path}/DocumentReference/@payloadID"),
            "no_order_payload_id",
            "The payloadID of the order's OrderRequest is not known (OrderReference requires a \
             DocumentReference); an empty one is written",
        );
    }
    w.empty(
        "DocumentReference",
        &[("payloadID", payload.unwrap_or_default())],
    );
    w.close("OrderReference");
}

fn party_name(p: &Party) -> Option<&str> {
    p.name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            p.contacts
                .iter()
                .find_map(|c| c.name.as_deref().filter(|n| !n.trim().is_empty()))
        })
}

fn unnamed_party(cx: &mut Ctx, role: &str, path: &str) {
    cx.warn(
        path,
        "party_unnamed",
        format!("The {role} party has no name (a Contact requires one); left out"),
    );
}

/// `<Contact role>`: `Name` (the party's, else its first contact person's), `PostalAddress`
/// (when a street, a city and an ISO 3166 country code are known), an `Email` per contact
/// person, and (when `ids`) an `IdReference` per identifier. Nothing, with a warning, when the
/// party has no name. Phone numbers are not written (cXML wants them split into country, area
/// and local parts).
fn contact(w: &mut Writer, cx: &mut Ctx, role: &str, party: &Party, ids: bool, path: &str) {
    let Some(name) = party_name(party) else {
        unnamed_party(cx, role, path);
        return;
    };
    let lang = cx.lang.clone();
    w.open("Contact", &[("role", role)]);
    w.leaf("Name", &[("xml:lang", &lang)], name);
    postal_address(w, cx, party, &format!("{path}/PostalAddress"));
    for email in party
        .contacts
        .iter()
        .filter_map(|c| c.email.as_deref())
        .filter(|e| !e.trim().is_empty())
    {
        w.leaf("Email", &[], email);
    }
    if ids {
        id_references(w, &party.identifiers);
    }
    w.close("Contact");
}

fn postal_address(w: &mut Writer, cx: &mut Ctx, party: &Party, path: &str) {
    let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let streets: Vec<&String> = party
        .address_lines
        .iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let (city, region, postal, country) = (
        nonempty(&party.city),
        nonempty(&party.region),
        nonempty(&party.postal_code),
        nonempty(&party.country),
    );
    if streets.is_empty()
        && city.is_none()
        && region.is_none()
        && postal.is_none()
        && country.is_none()
    {
        return;
    }
    let iso = country
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
    let (false, Some(city), Some(iso)) = (streets.is_empty(), city, iso) else {
        cx.warn(
            path,
            "address_incomplete",
            "A PostalAddress needs a street, a city and an ISO 3166 country code; the address \
             is left out",
        );
        return;
    };
    w.open("PostalAddress", &[]);
    for s in streets {
        w.leaf("Street", &[], s);
    }
    w.leaf("City", &[], &city);
    if let Some(r) = &region {
        w.leaf("State", &[], r);
    }
    if let Some(pc) = &postal {
        w.leaf("PostalCode", &[], pc);
    }
    w.leaf("Country", &[("isoCountryCode", &iso)], &iso);
    w.close("PostalAddress");
}

/// An `IdReference` per identifier (`VAT` is written `vatID`, the cXML domain).
fn id_references(w: &mut Writer, ids: &[Identifier]) {
    for id in ids.iter().filter(|i| !i.value.trim().is_empty()) {
        let domain = if id.scheme.eq_ignore_ascii_case("VAT") {
            "vatID"
        } else {
            id.scheme.as_str()
        };
        w.empty(
            "IdReference",
            &[("identifier", &id.value), ("domain", domain)],
        );
    }
}

/// `<ItemID>` when there is a supplier part ID (the DTD requires one).
fn item_id(
    w: &mut Writer,
    cx: &mut Ctx,
    part: Option<&str>,
    aux: Option<&str>,
    buyer: Option<&str>,
    path: &str,
) {
    let Some(part) = part.filter(|p| !p.trim().is_empty()) else {
        if aux.is_some() || buyer.is_some() {
            cx.warn(
                path,
                "no_part_id",
                "ItemID needs a SupplierPartID; the other part IDs are not written",
            );
        }
        return;
    };
    w.open("ItemID", &[]);
    w.leaf("SupplierPartID", &[], part);
    if let Some(a) = aux {
        w.leaf("SupplierPartAuxiliaryID", &[], a);
    }
    if let Some(b) = buyer.filter(|b| !b.trim().is_empty()) {
        w.leaf("BuyerPartID", &[], b);
    }
    w.close("ItemID");
}

fn money(w: &mut Writer, wrapper: &'static str, currency: &str, amount: Decimal) {
    w.open(wrapper, &[]);
    w.leaf("Money", &[("currency", currency)], &total_text(amount));
    w.close(wrapper);
}

fn extrinsics(w: &mut Writer, map: &Extrinsics) {
    for (name, value) in map {
        w.leaf("Extrinsic", &[("name", name)], value);
    }
}

fn joined(texts: &[String]) -> String {
    texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A quantity or rate, normalised (`2.000` → `2`).
fn qty(d: Decimal) -> String {
    d.normalize().to_string()
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Whether two amounts are equal to the cent.
fn agrees(a: Decimal, b: Decimal) -> bool {
    round2(a) == round2(b)
}

/// Overflow-safe decimal arithmetic: `None` once a step overflows.
#[derive(Debug, Clone, Copy)]
struct Amt(Option<Decimal>);

impl Amt {
    const ZERO: Self = Self(Some(Decimal::ZERO));

    fn of(d: Decimal) -> Self {
        Self(Some(d))
    }

    fn div100(self) -> Self {
        Self(self.0.and_then(|d| d.checked_div(Decimal::ONE_HUNDRED)))
    }

    /// The value, or 0 with an `overflow` error.
    fn value(self, cx: &mut Ctx, path: &str) -> Decimal {
        self.0.unwrap_or_else(|| {
            cx.overflow(path);
            Decimal::ZERO
        })
    }
}

impl Add for Amt {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self(self.0.zip(o.0).and_then(|(a, b)| a.checked_add(b)))
    }
}

impl Sub for Amt {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self(self.0.zip(o.0).and_then(|(a, b)| a.checked_sub(b)))
    }
}

impl Mul for Amt {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        Self(self.0.zip(o.0).and_then(|(a, b)| a.checked_mul(b)))
    }
}
