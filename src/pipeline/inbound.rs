//! Inbound documents: bytes from a transport → partner → canonical model → one store
//! transaction (archive + order + outbox jobs) → what to acknowledge.

use model::{PurchaseOrder, ValidationIssue};
use tracing::{info, warn};

use super::PipelineError;
use crate::partners::Partner;
use crate::store::{NewDocument, NewOrder, Receipt, Store};

/// The outcome of receiving an order the sender may be told about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OrderReceipt {
    /// Order id.
    pub order_id: String,
    /// Archive id of the document that carried it.
    pub document_id: String,
    /// The buyer's PO number.
    pub order_number: String,
    /// True when this exact document had already been received (nothing new was stored).
    pub duplicate: bool,
}

/// Receive a canonical `purchase_order` JSON document from `partner` (the admin API and JSON
/// connectors use this). Idempotent on partner + order number.
pub async fn receive_canonical_order(
    store: &Store,
    partner: &Partner,
    body: &[u8],
    content_type: Option<String>,
) -> Result<OrderReceipt, PipelineError> {
    if !partner.profile.enabled {
        return Err(PipelineError::PartnerDisabled(partner.id.clone()));
    }
    let order = match parse_order(body) {
        Ok(order) => order,
        Err(message) => {
            return Err(reject(store, partner, body, content_type, None, message, vec![]).await?);
        }
    };
    let problems: Vec<ValidationIssue> = order.validate();
    if !problems.is_empty() {
        let issues: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let message = format!("the purchase order is invalid: {}", issues.join("; "));
        return Err(reject(
            store,
            partner,
            body,
            content_type,
            Some(order.order_number.clone()),
            message,
            issues,
        )
        .await?);
    }

    let doc = NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "json".into(),
        doc_type: Some("purchase_order".into()),
        control_id: Some(order.order_number.clone()),
        order_number: Some(order.order_number.clone()),
        dedup_key: format!("json:{}:{}", partner.id, order.order_number),
        content_type,
        body: body.to_vec(),
        status: "accepted".into(),
        issues: vec![],
    };
    let new_order = new_order_row(partner, &order, "json")?;
    match store.receive_order(&doc, &new_order, &[]).await? {
        Receipt::Created {
            document_id,
            order_id,
        } => {
            info!(
                partner_id = %partner.id,
                order_number = %order.order_number,
                %order_id,
                %document_id,
                lines = order.lines.len(),
                "Order received."
            );
            Ok(OrderReceipt {
                order_id,
                document_id,
                order_number: order.order_number,
                duplicate: false,
            })
        }
        Receipt::Duplicate {
            document_id,
            order_id,
        } => {
            info!(partner_id = %partner.id, order_number = %order.order_number, "Duplicate order ignored.");
            Ok(OrderReceipt {
                order_id: order_id.unwrap_or_default(),
                document_id,
                order_number: order.order_number,
                duplicate: true,
            })
        }
        Receipt::OrderNumberTaken {
            document_id,
            order_id,
        } => Err(PipelineError::OrderNumberTaken {
            order_number: order.order_number,
            order_id,
            document_id,
        }),
    }
}

/// Parse JSON into a purchase order. The error names the exact path (`lines[0].quantity`), and
/// unknown fields are refused by name: on our own API a misspelt field must not vanish silently.
fn parse_order(body: &[u8]) -> Result<PurchaseOrder, String> {
    let mut unknown: Vec<String> = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut on_unknown = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let tracked = serde_ignored::Deserializer::new(&mut de, &mut on_unknown);
    let order = serde_path_to_error::deserialize::<_, PurchaseOrder>(tracked).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            format!("invalid purchase_order JSON: {inner}")
        } else {
            format!("invalid purchase_order JSON at {path}: {inner}")
        }
    })?;
    de.end()
        .map_err(|e| format!("invalid purchase_order JSON: {e}"))?;
    if !unknown.is_empty() {
        return Err(format!(
            "unknown field(s) in purchase_order JSON: {}",
            unknown.join(", ")
        ));
    }
    Ok(order)
}

/// The columns an order is filtered on, plus its canonical JSON.
pub fn new_order_row(
    partner: &Partner,
    order: &PurchaseOrder,
    syntax: &str,
) -> Result<NewOrder, PipelineError> {
    let body = serde_json::to_string(order).map_err(|e| PipelineError::Invalid {
        message: format!("the order cannot be serialised: {e}"),
        issues: vec![],
        document_id: None,
    })?;
    let total = order
        .totals
        .as_ref()
        .and_then(|t| t.total)
        .or_else(|| order.computed_subtotal());
    Ok(NewOrder {
        partner_id: partner.id.clone(),
        order_number: order.order_number.clone(),
        syntax: syntax.to_owned(),
        currency: order.currency.as_ref().map(|c| c.to_string()),
        total: total.map(|t| t.to_string()),
        line_count: order.lines.len() as i64,
        order_date: order.order_date.map(|d| d.to_string()),
        body,
        flags: vec![],
        control_id: None,
        attachments: vec![],
    })
}

/// Archive a rejected document as evidence and build the error to answer with.
async fn reject(
    store: &Store,
    partner: &Partner,
    body: &[u8],
    content_type: Option<String>,
    order_number: Option<String>,
    message: String,
    mut issues: Vec<String>,
) -> Result<PipelineError, PipelineError> {
    if issues.is_empty() {
        issues.push(message.clone());
    }
    let doc = NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "json".into(),
        doc_type: Some("purchase_order".into()),
        control_id: order_number.clone(),
        order_number,
        dedup_key: NewDocument::unique_key(),
        content_type,
        body: body.to_vec(),
        status: "rejected".into(),
        issues: issues.clone(),
    };
    let (document_id, _) = store.archive_document(&doc).await?;
    warn!(partner_id = %partner.id, %document_id, error = %message, "Document rejected.");
    Ok(PipelineError::Invalid {
        message,
        issues,
        document_id: Some(document_id),
    })
}
