//! Purchase orders over cXML: an authenticated OrderRequest becomes a canonical
//! `purchase_order`, is checked against what the partner may order (its catalog, its contract
//! prices, the carts it punched out), and is stored with its raw document and attachments in one
//! transaction. The `200` answer is written only after the commit.
//!
//! - `type="new"` creates the order; the same payloadID again answers `200` and creates nothing.
//! - `type="update"` replaces the order with a new version (the old one is kept); a confirmed
//!   order goes back to `received` so it is confirmed again.
//! - `type="delete"` cancels it, unless it has already shipped (`409 Conflict`).
//! - A line whose part, auxiliary id or price differs from the catalog or the punchout cart is
//!   flagged on the order, or the whole order is refused, as the partner's `order_mismatch` says.

use std::collections::HashSet;

use chrono::Utc;
use codec::cxml::{self, OrderRequestType};
use model::partner::MismatchPolicy;
use model::{PunchoutCart, PurchaseOrder};
use rust_decimal::Decimal;
use tracing::info;

use super::catalog::PartnerCatalog;
use super::cxml::{response_meta, CxmlAnswer, Inbound};
use super::inbound::new_order_row;
use super::punchout::{PunchoutConfig, PunchoutError};
use crate::partners::Partner;
use crate::store::{
    ChangeReceipt, DocumentMeta, NewAttachment, NewDocument, NewOrder, OrderRow, OrderWrite,
    Receipt, Store, StoreError,
};

const DOC_TYPE: &str = "purchase_order";

/// How far back returned punchout carts are searched when matching an order to its cart.
const CART_LOOKBACK_DAYS: i64 = 90;
/// How many returned carts are searched at most.
const CART_LOOKBACK_LIMIT: i64 = 500;

/// Receive an OrderRequest from an authenticated partner.
pub(crate) async fn receive_cxml_order(
    store: &Store,
    partner: &Partner,
    config: &PunchoutConfig,
    request: &cxml::OrderRequest,
    inbound: &Inbound<'_>,
    attachments: Vec<NewAttachment>,
) -> Result<CxmlAnswer, PunchoutError> {
    let received = inbound.received;
    let mut issues = inbound.issues.clone();
    let refuse = |issues: Vec<String>, err: PunchoutError| async move {
        Err(received
            .reject(store, Some(&partner.id), DOC_TYPE, issues, err)
            .await)
    };
    // A document sent again gets the answer it got the first time, whatever changed since
    // (catalog prices, carts, the mismatch policy).
    let dedup_key = format!("cxml:{}:{}", partner.id, inbound.payload_id);
    if let Some(earlier) = store.document_by_dedup_key(&dedup_key).await? {
        refused_before(&earlier)?;
        info!(partner_id = %partner.id, document_id = %earlier.id, "Duplicate OrderRequest; nothing stored.");
        return Ok(CxmlAnswer {
            partner_id: partner.id.clone(),
            response: cxml::write_status_response(
                &response_meta(&config.public_url),
                200,
                "OK",
                None,
            ),
            document_id: Some(earlier.id),
        });
    }
    if !inbound.errors.is_empty() {
        let err = PunchoutError::NotAcceptable(format!(
            "the OrderRequest has errors: {}",
            inbound.errors.join("; ")
        ));
        return refuse(issues, err).await;
    }
    let (order, map_issues) = request.to_purchase_order();
    issues.extend(map_issues.iter().map(ToString::to_string));
    let mapping_errors: Vec<String> = map_issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    if !mapping_errors.is_empty() {
        let err = PunchoutError::NotAcceptable(format!(
            "the OrderRequest cannot be mapped to an order: {}",
            mapping_errors.join("; ")
        ));
        return refuse(issues, err).await;
    }
    let problems: Vec<String> = order.validate().iter().map(ToString::to_string).collect();
    if !problems.is_empty() {
        let err =
            PunchoutError::NotAcceptable(format!("the order is invalid: {}", problems.join("; ")));
        return refuse(issues, err).await;
    }

    let mut flags = mismatches(store, partner, &order).await?;
    flags.extend(missing_attachments(request, &attachments));
    if !flags.is_empty() && partner.profile.order_mismatch == MismatchPolicy::Reject {
        let err = PunchoutError::NotAcceptable(format!(
            "the order does not match the catalog or the punchout cart: {}",
            flags.join("; ")
        ));
        return refuse(issues, err).await;
    }
    if inbound.deployment_mode.as_deref() == Some("test") {
        flags.push("sent in test mode (deploymentMode=\"test\"): not a real purchase".to_owned());
    }

    let doc = NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "cxml".into(),
        doc_type: Some(DOC_TYPE.into()),
        control_id: Some(inbound.payload_id.to_owned()),
        order_number: Some(order.order_number.clone()),
        dedup_key,
        content_type: received.content_type.clone(),
        body: received.masked_body(),
        status: "accepted".into(),
        issues,
    };
    let mut row = new_order_row(partner, &order, "cxml")
        .map_err(|e| PunchoutError::NotAcceptable(format!("the order cannot be stored: {e}")))?;
    row.control_id = Some(inbound.payload_id.to_owned());
    row.flags = flags.clone();

    let kind = request.header.kind.clone();
    let (order_id, document_id, note) = match kind {
        OrderRequestType::New => {
            row.attachments = attachments;
            match store.receive_order(&doc, &row, &[]).await? {
                Receipt::Created {
                    document_id,
                    order_id,
                } => (order_id, document_id, "created"),
                Receipt::Duplicate {
                    document_id,
                    order_id,
                } => {
                    duplicate_outcome(store, &document_id).await?;
                    (order_id.unwrap_or_default(), document_id, "duplicate")
                }
                Receipt::OrderNumberTaken { order_id, .. } => {
                    return Err(PunchoutError::Conflict(format!(
                        "order {} was already received as a new order (id {order_id}); send \
                         type=\"update\" to change (or reopen) it or type=\"delete\" to cancel it",
                        order.order_number
                    )))
                }
            }
        }
        OrderRequestType::Update | OrderRequestType::Delete => {
            let cancel = kind == OrderRequestType::Delete;
            let receipt = store
                .receive_order_change(
                    &doc,
                    &partner.id,
                    &order.order_number,
                    &attachments,
                    |current| decide_change(current, &row, cancel),
                )
                .await?;
            match receipt {
                ChangeReceipt::Duplicate {
                    document_id,
                    order_id,
                } => {
                    duplicate_outcome(store, &document_id).await?;
                    (order_id.unwrap_or_default(), document_id, "duplicate")
                }
                ChangeReceipt::Created {
                    document_id,
                    order_id,
                } => (order_id, document_id, "created"),
                ChangeReceipt::Updated {
                    document_id,
                    order_id,
                    ..
                } => (
                    order_id,
                    document_id,
                    if cancel { "cancelled" } else { "updated" },
                ),
                ChangeReceipt::Refused { reason, .. } => {
                    return Err(PunchoutError::Conflict(reason))
                }
            }
        }
        OrderRequestType::Other(t) => {
            let err = PunchoutError::NotAcceptable(format!(
                "OrderRequestHeader type=\"{t}\" is not one of new, update, delete"
            ));
            return refuse(doc.issues, err).await;
        }
    };
    info!(
        partner_id = %partner.id,
        order_number = %order.order_number,
        %order_id,
        %document_id,
        lines = order.lines.len(),
        flags = flags.len(),
        outcome = note,
        "cXML OrderRequest received."
    );
    let meta = response_meta(&config.public_url);
    Ok(CxmlAnswer {
        partner_id: partner.id.clone(),
        response: cxml::write_status_response(&meta, 200, "OK", None),
        document_id: Some(document_id),
    })
}

/// A document sent again gets the answer it got the first time: when that was a refusal, the
/// same refusal.
fn refused_before(earlier: &DocumentMeta) -> Result<(), PunchoutError> {
    if earlier.status == "rejected" {
        return Err(PunchoutError::Conflict(
            earlier
                .issues
                .last()
                .cloned()
                .unwrap_or_else(|| "this document was refused before".to_owned()),
        ));
    }
    Ok(())
}

/// The earlier outcome of a document that raced with its own copy into the store.
async fn duplicate_outcome(store: &Store, document_id: &str) -> Result<(), PunchoutError> {
    match store.get_document(document_id).await? {
        Some(d) => refused_before(&d),
        None => Ok(()),
    }
}

/// What an update or delete does to the order as it stands.
fn decide_change(current: Option<&OrderRow>, row: &NewOrder, cancel: bool) -> OrderWrite {
    let Some(cur) = current else {
        if cancel {
            return OrderWrite::Refuse(format!("there is no order {} to cancel", row.order_number));
        }
        let mut row = row.clone();
        row.flags.push(format!(
            "received as an update (type=\"update\") of order {}, which was never received",
            row.order_number
        ));
        return OrderWrite::Create(row);
    };
    let mut flags = row.flags.clone();
    let status = match (cancel, cur.status.as_str()) {
        (true, "shipped" | "invoiced") => {
            return OrderWrite::Refuse(format!(
                "order {} has already {}; it can no longer be cancelled",
                cur.order_number, cur.status
            ))
        }
        (true, _) => Some("cancelled".to_owned()),
        (false, "shipped" | "invoiced") => {
            flags.push(format!(
                "changed by the buyer (version {}) after it had {}",
                cur.version + 1,
                cur.status
            ));
            None
        }
        // A new version must be confirmed again; an update revives a cancelled or rejected order.
        (false, "confirmed" | "cancelled" | "rejected") => {
            if cur.status != "confirmed" {
                flags.push(format!(
                    "reopened by the buyer (version {}) after it was {}",
                    cur.version + 1,
                    cur.status
                ));
            }
            Some("received".to_owned())
        }
        (false, _) => None,
    };
    OrderWrite::Replace {
        body: row.body.clone(),
        line_count: row.line_count,
        total: row.total.clone(),
        currency: row.currency.clone(),
        order_date: row.order_date.clone(),
        flags,
        status,
    }
}

/// Attachments the order refers to (`cid:` URLs in Comments) that did not come with it.
fn missing_attachments(request: &cxml::OrderRequest, attachments: &[NewAttachment]) -> Vec<String> {
    let sent: HashSet<&str> = attachments
        .iter()
        .filter_map(|a| a.content_id.as_deref())
        .collect();
    request
        .attachment_urls()
        .into_iter()
        .filter_map(|url| {
            let url = url.trim();
            let cid = url
                .get(..4)
                .filter(|p| p.eq_ignore_ascii_case("cid:"))
                .map(|_| &url[4..])?;
            let cid = cid.trim_start_matches('<').trim_end_matches('>');
            (!sent.contains(cid))
                .then(|| format!("attachment {url} is referenced but was not sent with the order"))
        })
        .collect()
}

/// Lines that differ from what the partner can order: parts not in its catalog, prices other
/// than its contract price, auxiliary ids or prices that match no cart it punched out.
/// What an EDI order (X12, EDIFACT, UBL) is flagged with: its mismatches against the catalog,
/// contract prices and punched-out carts, and `test` when the interchange was marked as a test
/// (`test_marker` says how, e.g. `ISA15 = T`). `Err(reason)` when the partner's
/// `order_mismatch = "reject"` turns the mismatches into a refusal.
pub async fn edi_order_flags(
    store: &Store,
    partner: &Partner,
    order: &PurchaseOrder,
    test_marker: Option<&str>,
) -> Result<Result<Vec<String>, String>, StoreError> {
    let mut flags = mismatches(store, partner, order).await?;
    if !flags.is_empty() && partner.profile.order_mismatch == MismatchPolicy::Reject {
        return Ok(Err(format!(
            "the order does not match the catalog or the contract prices: {}",
            flags.join("; ")
        )));
    }
    if let Some(marker) = test_marker {
        flags.push(format!("{TEST_ORDER_FLAG} ({marker}): not a real purchase"));
    }
    Ok(Ok(flags))
}

/// The start of the flag of an order that came in a test interchange (X12 ISA15 = T, EDIFACT
/// UNB 0035 = 1).
pub const TEST_ORDER_FLAG: &str = "sent in a test interchange";

/// Whether `order` came in a test interchange: what answers it is sent as test data too, so
/// that the buyer's system does not take it for production.
pub fn is_test_order(order: &OrderRow) -> bool {
    order.flags.iter().any(|f| f.starts_with(TEST_ORDER_FLAG))
}

pub async fn mismatches(
    store: &Store,
    partner: &Partner,
    order: &PurchaseOrder,
) -> Result<Vec<String>, StoreError> {
    let mut flags = Vec::new();
    let catalog = PartnerCatalog::for_partner(store, partner);
    let ids: Vec<String> = order
        .lines
        .iter()
        .filter_map(|l| l.supplier_part_id.clone())
        .collect();
    let priced = match &catalog {
        Some(c) => c.items(&ids).await?,
        None => Vec::new(),
    };
    let since = Utc::now() - chrono::Duration::days(CART_LOOKBACK_DAYS);
    let carts: Vec<PunchoutCart> = if order.lines.iter().any(|l| l.supplier_part_aux_id.is_some()) {
        store
            .transferred_carts(&partner.id, since, CART_LOOKBACK_LIMIT)
            .await?
            .iter()
            .filter_map(|c| serde_json::from_str(c).ok())
            .collect()
    } else {
        Vec::new()
    };
    for line in &order.lines {
        let n = line.line_number;
        let Some(part) = line.supplier_part_id.as_deref() else {
            flags.push(format!("line {n}: no SupplierPartID"));
            continue;
        };
        // Catalog and cart ids are as the store keeps them, a U+0000 as U+FFFD (`store::text`).
        let stored_part = crate::store::text(part);
        if let Some(aux) = line.supplier_part_aux_id.as_deref() {
            let in_cart = carts.iter().flat_map(|c| c.items.iter()).find(|i| {
                i.supplier_part_id.as_deref() == Some(&*stored_part)
                    && i.supplier_part_aux_id.as_deref() == Some(aux)
            });
            match in_cart {
                None => flags.push(format!(
                    "line {n}: {part} with auxiliary id {aux:?} matches no punched-out cart"
                )),
                Some(item) => {
                    if let (Some(ordered), Some(carted)) = (line.unit_price, item.unit_price) {
                        if ordered.normalize() != carted.normalize() {
                            flags.push(format!(
                                "line {n}: {part} costs {ordered} on the order but {carted} in the punched-out cart"
                            ));
                        }
                    }
                }
            }
        }
        let Some(catalog) = &catalog else { continue };
        match priced
            .iter()
            .find(|p| p.item.supplier_part_id == stored_part)
        {
            None => flags.push(format!(
                "line {n}: {part} is not in catalog {}",
                catalog.catalog_id()
            )),
            Some(p) => {
                let expected: Option<Decimal> = p.price_for(line.quantity);
                if let (Some(ordered), Some(expected)) = (line.unit_price, expected) {
                    if ordered.normalize() != expected.normalize() {
                        flags.push(format!(
                            "line {n}: {part} costs {ordered} on the order but {expected} at the contract price for quantity {}",
                            line.quantity
                        ));
                    }
                }
            }
        }
    }
    Ok(flags)
}

/// The order after a buyer's change (X12 860, EDIFACT ORDCHG, UBL OrderChange): added lines
/// appended, changed lines changed as far as the change says ([`model::OrderLine::apply_change`]:
/// what it leaves out stays), cancelled lines removed; header fields the change carries
/// replace the order's.
pub fn apply_order_change(po: &PurchaseOrder, change: &model::OrderChange) -> PurchaseOrder {
    use model::LineChangeKind;
    let mut out = po.clone();
    out.purpose = model::OrderPurpose::Change;
    macro_rules! take {
        ($($f:ident),*) => {$( if let Some(v) = &change.$f { out.$f = Some(v.clone()); } )*};
    }
    take!(
        currency,
        buyer,
        seller,
        ship_to,
        bill_to,
        payment_terms,
        shipping,
        totals
    );
    for l in &change.lines {
        let n = l.line.line_number;
        match l.change {
            LineChangeKind::Cancelled => out.lines.retain(|o| o.line_number != n),
            LineChangeKind::Unchanged => {}
            LineChangeKind::Added | LineChangeKind::Changed => {
                match out.lines.iter_mut().find(|o| o.line_number == n) {
                    Some(existing) => existing.apply_change(&l.line),
                    None => out.lines.push(l.line.clone()),
                }
            }
        }
    }
    out.lines.sort_by_key(|l| l.line_number);
    if !change.charges.is_empty() {
        out.charges = change.charges.clone();
    }
    if !change.taxes.is_empty() {
        out.taxes = change.taxes.clone();
    }
    if let Some(seq) = change.change_sequence {
        out.extrinsics
            .insert(model::CHANGE_SEQUENCE.to_owned(), seq.to_string());
    }
    out.comments.extend(change.comments.iter().cloned());
    out.extrinsics.extend(
        change
            .extrinsics
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    out
}

/// What a buyer's change does to the order as it stands (for [`crate::store::BatchChange`]).
pub fn decide_order_change(
    current: Option<&OrderRow>,
    partner: &Partner,
    change: &model::OrderChange,
    syntax: &str,
) -> OrderWrite {
    let Some(cur) = current else {
        return OrderWrite::Refuse(format!(
            "there is no order {} to change",
            change.order_number
        ));
    };
    let cancel = change.purpose == model::OrderPurpose::Cancel;
    let shipped = matches!(cur.status.as_str(), "shipped" | "invoiced");
    if cancel && shipped {
        return OrderWrite::Refuse(format!(
            "order {} has already {}; it can no longer be cancelled",
            cur.order_number, cur.status
        ));
    }
    let Ok(po) = serde_json::from_str::<PurchaseOrder>(&cur.body) else {
        return OrderWrite::Refuse(format!("order {} cannot be read", cur.order_number));
    };
    let mut next = apply_order_change(&po, change);
    if cancel {
        next.purpose = model::OrderPurpose::Cancel;
    }
    let problems = next.validate();
    if !problems.is_empty() && !cancel {
        let issues: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return OrderWrite::Refuse(format!(
            "the changed order would be invalid: {}",
            issues.join("; ")
        ));
    }
    let Ok(row) = new_order_row(partner, &next, syntax) else {
        return OrderWrite::Refuse("the changed order cannot be stored".to_owned());
    };
    let mut flags = Vec::new();
    let status = if cancel {
        Some("cancelled".to_owned())
    } else if shipped {
        flags.push(format!(
            "changed by the buyer (version {}) after it had {}",
            cur.version + 1,
            cur.status
        ));
        None
    } else if matches!(cur.status.as_str(), "confirmed" | "cancelled" | "rejected") {
        Some("received".to_owned())
    } else {
        None
    };
    OrderWrite::Replace {
        body: row.body,
        line_count: row.line_count,
        total: row.total,
        currency: row.currency,
        order_date: row.order_date,
        flags,
        status,
    }
}

#[cfg(test)]
mod tests {
    use model::{LineChangeKind, OrderChange, OrderChangeLine, OrderLine};
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn a_change_adds_replaces_and_removes_lines() {
        let mut po = PurchaseOrder::new("PO-1");
        po.lines = vec![
            OrderLine::new(1, Decimal::from(5)),
            OrderLine::new(2, Decimal::from(2)),
        ];
        let mut ch = OrderChange::new("PO-1");
        ch.lines = vec![
            OrderChangeLine {
                change: LineChangeKind::Changed,
                line: OrderLine::new(1, Decimal::from(7)),
            },
            OrderChangeLine {
                change: LineChangeKind::Cancelled,
                line: OrderLine::new(2, Decimal::ZERO),
            },
            OrderChangeLine {
                change: LineChangeKind::Added,
                line: OrderLine::new(3, Decimal::from(1)),
            },
        ];
        let out = apply_order_change(&po, &ch);
        let lines: Vec<(u32, Decimal)> = out
            .lines
            .iter()
            .map(|l| (l.line_number, l.quantity))
            .collect();
        assert_eq!(lines, [(1, Decimal::from(7)), (3, Decimal::from(1))]);
    }
}
