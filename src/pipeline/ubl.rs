//! UBL in: a UBL 2.1 / Peppol BIS 3 document (over `POST /edi` or a folder) → partner by the
//! sender's `EndpointID` → mapped to the canonical model → one store transaction (raw document,
//! order or change) → a JSON receipt.
//!
//! - Unknown sender, or a receiver `EndpointID` that is not ours for that partner: refused with
//!   the reason (403), archived as `rejected`.
//! - The same document (root element and `cbc:ID`) from the same partner again: 409, nothing
//!   stored.
//! - A document that cannot be used (no id, no lines, unreadable quantities…): 400 with every
//!   problem, archived as `rejected`.
//! - `Order` creates an order, `OrderChange` changes it and `OrderCancellation` cancels it, each
//!   decided against the locked order. `OrderResponse`, `DespatchAdvice`, `Invoice` and
//!   `CreditNote` from a partner are read (their problems noted) and archived.
//!
//! UBL has no syntax-level acknowledgement: the receipt is the answer (202).

use std::sync::Arc;

use codec::ubl::{self, Envelope};
use model::Document;
use tracing::{info, warn};

use super::edi::{
    archive_rejected, commit, new_record, Committed, EdiError, EdiReceipt, SetSummary,
};
use super::inbound::new_order_row;
use super::orders::{decide_order_change, edi_order_flags};
use crate::partners::{Partner, PartnerRegistry};
use crate::store::Store;
use crate::store::{BatchChange, InboundBatch, NewDocument};

/// MIME type UBL is posted and delivered with.
pub const CONTENT_TYPE: &str = "application/xml";

/// Receive one UBL document.
pub async fn receive_ubl(
    store: &Store,
    registry: &PartnerRegistry,
    body: &[u8],
    content_type: Option<String>,
) -> Result<EdiReceipt, EdiError> {
    let reject = |partner: Option<String>, message: String| {
        archive_rejected(store, "ubl", partner, body, content_type.clone(), message)
    };
    let env = match ubl::envelope(body) {
        Ok(env) => env,
        Err(e) => {
            let message = format!("not a UBL 2.1 document: {e}");
            let document_id = reject(None, message.clone()).await?;
            return Err(EdiError::Malformed {
                message,
                document_id,
            });
        }
    };
    let (sender_role, receiver_role) = env.kind.sender_receiver();
    let Some(partner) = env
        .sender
        .as_ref()
        .and_then(|e| registry.by_ubl_endpoint(e.scheme.as_deref().unwrap_or(""), &e.value))
    else {
        let message = match &env.sender {
            Some(e) => format!(
                "unknown sender: no trading partner has EndpointID {}:{} ({sender_role})",
                e.scheme.as_deref().unwrap_or("-"),
                e.value
            ),
            None => format!("no sender: the {sender_role} has no cbc:EndpointID"),
        };
        let document_id = reject(None, message.clone()).await?;
        return Err(EdiError::UnknownPartner {
            message,
            document_id,
        });
    };
    let partner = Arc::clone(partner);
    let Some(profile) = partner.profile.ubl.as_ref() else {
        let message = format!("partner `{}` has no [ubl] settings", partner.id);
        let document_id = reject(Some(partner.id.clone()), message.clone()).await?;
        return Err(EdiError::UnknownPartner {
            message,
            document_id,
        });
    };
    if let Some(r) = &env.receiver {
        if r.value != profile.our_endpoint_id
            || r.scheme
                .as_deref()
                .is_some_and(|s| s != profile.our_endpoint_scheme)
        {
            let message = format!(
                "wrong receiver: partner `{}` must address EndpointID {}:{} ({receiver_role}), \
                 not {}:{}",
                partner.id,
                profile.our_endpoint_scheme,
                profile.our_endpoint_id,
                r.scheme.as_deref().unwrap_or("-"),
                r.value
            );
            let document_id = reject(Some(partner.id.clone()), message.clone()).await?;
            return Err(EdiError::UnknownPartner {
                message,
                document_id,
            });
        }
    }
    if !partner.profile.enabled {
        return Err(EdiError::PartnerDisabled(partner.id.clone()));
    }
    receive_document(store, &partner, &env, body, content_type).await
}

async fn receive_document(
    store: &Store,
    partner: &Arc<Partner>,
    env: &Envelope,
    body: &[u8],
    content_type: Option<String>,
) -> Result<EdiReceipt, EdiError> {
    let kind = env.kind.root_name();
    let Some(id) = env.id.clone().filter(|i| !i.trim().is_empty()) else {
        return Err(invalid(
            store,
            partner,
            body,
            content_type,
            format!("the {kind} has no cbc:ID"),
            vec![],
        )
        .await?);
    };
    let dedup_key = format!("ubl:{}:{kind}:{id}", partner.id);
    if let Some(earlier) = store.document_by_dedup_key(&dedup_key).await? {
        return Err(duplicate(partner, kind, &id, &earlier.id));
    }
    let (doc, issues) = match ubl::read(body) {
        Ok(r) => r,
        Err(e) => {
            return Err(invalid(
                store,
                partner,
                body,
                content_type,
                format!("the {kind} cannot be read: {e}"),
                vec![],
            )
            .await?)
        }
    };
    let mut problems: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    let mut orders = Vec::new();
    let mut changes = Vec::new();
    let mut records = Vec::new();
    match &doc {
        Document::PurchaseOrder(po) => {
            problems.extend(po.validate().iter().map(ToString::to_string));
            if problems.is_empty() {
                match new_order_row(partner, po, "ubl") {
                    Ok(mut row) => match edi_order_flags(store, partner, po, None).await? {
                        Ok(flags) => {
                            row.flags = flags;
                            row.control_id = Some(id.clone());
                            orders.push(row);
                        }
                        Err(reason) => problems.push(reason),
                    },
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
        Document::OrderChange(ch) if problems.is_empty() => {
            let p = Arc::clone(partner);
            let ch = ch.clone();
            changes.push(BatchChange {
                partner_id: partner.id.clone(),
                order_number: ch.order_number.clone(),
                decide: Box::new(move |cur| decide_order_change(cur, &p, &ch, "ubl")),
            });
        }
        Document::OrderChange(_) | Document::PunchoutCart(_) => {}
        other => {
            problems.extend(other.validate().iter().map(ToString::to_string));
            if problems.is_empty() {
                records.extend(new_record(partner, other, "ubl", id.clone()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(
            store,
            partner,
            body,
            content_type,
            format!("the {kind} {id} is not usable: {}", problems.join("; ")),
            problems,
        )
        .await?);
    }
    let notes: Vec<String> = issues.iter().map(ToString::to_string).take(200).collect();
    let document = NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "ubl".into(),
        doc_type: Some(doc.doc_type().as_str().to_owned()),
        control_id: Some(id.clone()),
        order_number: doc.order_number().map(str::to_owned),
        dedup_key,
        content_type: content_type.or_else(|| Some(CONTENT_TYPE.to_owned())),
        body: body.to_vec(),
        status: "accepted".into(),
        issues: notes.clone(),
    };
    let mut receipt = EdiReceipt {
        partner_id: partner.id.clone(),
        syntax: "ubl",
        ack_content_type: CONTENT_TYPE,
        ..EdiReceipt::default()
    };
    let batch = InboundBatch {
        document,
        orders,
        changes,
        replies: vec![],
        records,
    };
    match commit(store, partner, &batch, &[], &mut receipt).await? {
        Committed::Stored {
            document_id,
            created,
        } => {
            info!(partner_id = %partner.id, %document_id, kind, id = %id, orders = created, "UBL document received.");
            receipt.sets.push(SetSummary {
                id: kind.to_owned(),
                control_number: id,
                status: if notes.is_empty() { "A" } else { "E" }.to_owned(),
                issues: notes,
            });
            Ok(receipt)
        }
        Committed::Duplicate { document_id } => Err(duplicate(partner, kind, &id, &document_id)),
    }
}

fn duplicate(partner: &Partner, kind: &str, id: &str, earlier: &str) -> EdiError {
    EdiError::duplicate(
        &partner.id,
        format!(
            "duplicate document: {kind} {id} from partner `{}` was received before (document {earlier})",
            partner.id
        ),
        String::new(),
        CONTENT_TYPE,
    )
}

async fn invalid(
    store: &Store,
    partner: &Partner,
    body: &[u8],
    content_type: Option<String>,
    message: String,
    mut issues: Vec<String>,
) -> Result<EdiError, EdiError> {
    if issues.is_empty() {
        issues.push(message.clone());
    }
    issues.truncate(200);
    let document_id = archive_rejected(
        store,
        "ubl",
        Some(partner.id.clone()),
        body,
        content_type,
        issues.join("\n"),
    )
    .await?;
    warn!(partner_id = %partner.id, %document_id, error = %message, "UBL document rejected.");
    Ok(EdiError::Invalid {
        message,
        issues,
        document_id,
        partner_id: partner.id.clone(),
    })
}
