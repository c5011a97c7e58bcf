//! EDIFACT in: an interchange (over `POST /edi` or a folder) → partner by UNB sender → every
//! message mapped to the canonical model → one store transaction (raw interchange, orders,
//! changes, the CONTRL and its delivery job) → the CONTRL to answer with.
//!
//! - Unknown sender, or a recipient that is not our UNB id for that partner: refused with the
//!   reason (403), archived as `rejected`.
//! - The same UNB 0020 from the same sender again: CONTRL `UCI` action 4 with syntax error 26
//!   (duplicate), 409, nothing stored.
//! - A bad envelope (UNB/UNZ counts or references, unsupported syntax…): CONTRL `UCI` action 4
//!   with the 0085 code, 400, archived as `rejected`.
//! - Each message: envelope problems (UNH/UNT) or mapping errors reject it (`UCM` action 4 with
//!   `UCS`/`UCD` positions and codes); only accepted ORDERS create orders and only accepted
//!   ORDCHG change them (decided against the locked order).
//! - A group with a bad UNG/UNE (its CONTRL says `UCF` action 4): none of its messages creates
//!   or changes an order, whatever they hold.
//! - A CONTRL goes back when UNB 0031 asks for one or anything was wrong: in the response when the
//!   partner has `edifact.sync_contrl`, else through the outbox to `edifact.document_url`.
//!   Inbound CONTRL and APERAK are never acknowledged; they reconcile our interchanges by their
//!   UNB 0020 (`GET /api/acks`).

use std::sync::Arc;

use chrono::Utc;
use codec::edifact::{self, map, ContrlOptions, Interchange, MessageIssues};
use model::Document;
use tracing::{info, warn};

use super::edi::{
    archive_rejected, commit, finish_interchanges, misaddressed, new_record, settle_interchange,
    Committed, EdiError, EdiReceipt, Reply, SetSummary,
};
use super::inbound::new_order_row;
use super::orders::{decide_order_change, edi_order_flags};
use crate::partners::{Partner, PartnerRegistry};
use crate::store::{
    BatchChange, ControlNumberKind, InboundBatch, NewDocument, NewJob, NewOrder, NewRecord, Store,
};

/// MIME type of EDIFACT (RFC 1767).
pub const CONTENT_TYPE: &str = "application/edifact";

/// Receive an EDIFACT document of one or more interchanges.
pub async fn receive_edifact(
    store: &Store,
    registry: &PartnerRegistry,
    body: &[u8],
    content_type: Option<String>,
) -> Result<EdiReceipt, EdiError> {
    // Archives the bytes of `range` (the body, or one interchange of it) as rejected.
    let reject = |partner: Option<String>, range: std::ops::Range<usize>, message: String| {
        archive_rejected(
            store,
            "edifact",
            partner,
            body.get(range).unwrap_or(body),
            content_type.clone(),
            message,
        )
    };
    let parsed = match edifact::parse(body) {
        Ok(p) => p,
        Err(e) => {
            let message = format!("not an EDIFACT interchange: {e}");
            let document_id = reject(None, 0..body.len(), message.clone()).await?;
            return Err(EdiError::Malformed {
                message,
                document_id,
            });
        }
    };
    let mut receipt = EdiReceipt {
        syntax: "edifact",
        ack_content_type: CONTENT_TYPE,
        ..EdiReceipt::default()
    };
    let mut first = None;
    for ic in &parsed.interchanges {
        let mark = receipt.mark();
        let outcome = async {
            let h = &ic.header;
            let raw = body.get(ic.start..ic.end).unwrap_or(body);
            if ic.unb.is_none() {
                let message = "no UNB: a message without an interchange envelope has no sender \
                               (send UNB…UNZ)"
                    .to_owned();
                let document_id = reject(None, ic.start..ic.end, message.clone()).await?;
                return Err(EdiError::Malformed {
                    message,
                    document_id,
                });
            }
            let Some(partner) = registry.by_edifact(&h.sender.id, &h.sender.qualifier) else {
                let message = format!(
                    "unknown sender: no trading partner has UNB sender {}:{}",
                    h.sender.id, h.sender.qualifier
                );
                let document_id = reject(None, ic.start..ic.end, message.clone()).await?;
                return Err(EdiError::UnknownPartner {
                    message,
                    document_id,
                });
            };
            let partner = Arc::clone(partner);
            let Some(profile) = partner.profile.edifact.as_ref() else {
                return Ok(());
            };
            let qualifier_ok =
                h.recipient.qualifier.is_empty() || h.recipient.qualifier == profile.our_qualifier;
            if h.recipient.id != profile.our_id || !qualifier_ok {
                let message = format!(
                    "wrong recipient: partner `{}` must address UNB recipient {}:{}, not {}:{}",
                    partner.id,
                    profile.our_id,
                    profile.our_qualifier,
                    h.recipient.id,
                    h.recipient.qualifier
                );
                let document_id =
                    reject(Some(partner.id.clone()), ic.start..ic.end, message.clone()).await?;
                // A CONTRL rejecting it with 0085 code 7 (not the actual recipient) on UNB
                // S003, sent from the identity the partner should have addressed.
                let reference = store
                    .next_control_number(&partner.id, ControlNumberKind::InterchangeRef)
                    .await?;
                let now = Utc::now();
                let mut header =
                    ic.reply_header(reference.to_string(), now.date_naive(), now.time());
                header.sender.id.clone_from(&profile.our_id);
                header.sender.qualifier.clone_from(&profile.our_qualifier);
                let options = ContrlOptions {
                    message_reference: "1".into(),
                    ..ContrlOptions::default()
                };
                let contrl = edifact::contrl_refusing(ic, "7", 3, &options);
                let answer = edifact::write_interchange(&header, &[contrl]).text();
                let (reply, _) = reply_document(&partner, &header.control_reference, &answer, true);
                let refusal = (reply, answer);
                return Err(misaddressed(
                    store,
                    &partner.id,
                    message,
                    document_id,
                    refusal,
                    CONTENT_TYPE,
                )
                .await?);
            }
            receipt.admit(&partner)?;
            receive_interchange(store, &partner, ic, raw, content_type.clone(), &mut receipt).await
        }
        .await;
        settle_interchange(outcome, mark, &mut receipt, &mut first)?;
    }
    finish_interchanges(receipt, first)
}

/// A message read from an interchange, with what it would create.
struct Read {
    issues: Vec<codec::Issue>,
    order: Option<(NewOrder, model::PurchaseOrder)>,
    change: Option<model::OrderChange>,
    /// Any other document (invoice, despatch advice, order response…).
    record: Option<NewRecord>,
}

async fn receive_interchange(
    store: &Store,
    partner: &Arc<Partner>,
    ic: &Interchange<'_>,
    raw: &[u8],
    content_type: Option<String>,
    receipt: &mut EdiReceipt,
) -> Result<(), EdiError> {
    let Some(profile) = partner.profile.edifact.as_ref() else {
        return Ok(());
    };
    let h = &ic.header;
    receipt.partner_id = partner.id.clone();
    receipt.sync = profile.sync_contrl;
    let dedup_key = format!(
        "edifact:{}:{}:{}:{}",
        partner.id, h.sender.id, h.sender.qualifier, h.control_reference
    );
    let now = Utc::now();
    let reference = store
        .next_control_number(&partner.id, ControlNumberKind::InterchangeRef)
        .await?;
    let header = ic.reply_header(reference.to_string(), now.date_naive(), now.time());
    let options = ContrlOptions {
        message_reference: "1".into(),
        ..ContrlOptions::default()
    };

    // The same 0020 again: CONTRL rejecting it as a duplicate (0085 = 26), nothing stored.
    if let Some(earlier) = store.document_by_dedup_key(&dedup_key).await? {
        let contrl = edifact::contrl_duplicate(ic, &options);
        let text = edifact::write_interchange(&header, &[contrl]).text();
        return Err(EdiError::duplicate(
            &partner.id,
            format!(
                "duplicate interchange: UNB 0020 {} from {}:{} was received before (document {})",
                h.control_reference, h.sender.id, h.sender.qualifier, earlier.id
            ),
            text,
            CONTENT_TYPE,
        ));
    }

    // A bad envelope: CONTRL rejecting the interchange, archived as rejected.
    if edifact::rejects_interchange(ic) {
        let reasons: Vec<String> = ic
            .interchange_issues()
            .filter(|i| i.is_error())
            .map(|i| i.issue.to_string())
            .collect();
        let message = format!(
            "the interchange envelope is invalid: {}",
            reasons.join("; ")
        );
        let contrl = edifact::contrl(ic, &[], &options);
        let text = edifact::write_interchange(&header, &[contrl]).text();
        let doc = inbound_document(
            partner,
            ic,
            raw,
            &content_type,
            // Not under its dedup key: a corrected resend with the same reference is
            // received, not refused as a duplicate of what was never accepted.
            &NewDocument::unique_key(),
            "rejected",
            vec![message.clone()],
        );
        let reply = reply_document(
            partner,
            &header.control_reference,
            &text,
            profile.sync_contrl,
        );
        store
            .receive_batch(&InboundBatch {
                document: doc,
                orders: vec![],
                changes: vec![],
                replies: vec![reply],
                records: vec![],
            })
            .await?;
        return Err(EdiError::Refused {
            message,
            answer: text,
            content_type: CONTENT_TYPE,
            duplicate: false,
            partner_id: partner.id.clone(),
        });
    }

    let mut doc_issues: Vec<String> = ic.issues.iter().map(|i| i.issue.to_string()).collect();
    let mut extra: Vec<MessageIssues> = Vec::new();
    let mut orders = Vec::new();
    let mut changes = Vec::new();
    let mut records = Vec::new();
    let mut only_acks = true;
    for (group, index, msg) in ic.all_messages() {
        let kind = msg.message_type().into_owned();
        // Acknowledgements are reconciled below, not mapped. A CONTRL is never answered with
        // a CONTRL; an APERAK is an application message, so UNB 0031 may ask for one.
        if matches!(kind.as_str(), "CONTRL" | "APERAK") {
            only_acks &= kind == "CONTRL";
            continue;
        }
        only_acks = false;
        // A group its CONTRL rejects (UCF action 4) creates nothing, whatever its messages.
        let group_rejection = group.and_then(|g| edifact::group_rejection(ic, g));
        let envelope_error =
            group_rejection.is_some() || ic.message_issues(group, index).any(|i| i.is_error());
        let mut read = if envelope_error {
            Read {
                issues: vec![],
                order: None,
                change: None,
                record: None,
            }
        } else {
            read_message(partner, ic, msg)
        };
        if let Some((row, po)) = read.order.as_mut() {
            let test = ic.header.is_test().then_some("UNB 0035 = 1");
            match edi_order_flags(store, partner, po, test).await? {
                Ok(flags) => row.flags = flags,
                Err(reason) => {
                    read.order = None;
                    read.issues
                        .push(codec::Issue::error(msg.unh.location(), reason).with_code("12"));
                }
            }
        }
        let rejected = envelope_error
            || read
                .issues
                .iter()
                .any(|i| i.severity == codec::Severity::Error);
        doc_issues.extend(
            read.issues
                .iter()
                .map(|i| format!("{kind} {}: {i}", msg.reference())),
        );
        receipt.sets.push(SetSummary {
            id: kind.clone(),
            control_number: msg.reference().to_string(),
            status: if rejected {
                "R"
            } else if read.issues.is_empty() {
                "A"
            } else {
                "E"
            }
            .to_owned(),
            issues: group_rejection
                .map(|i| format!("the group is rejected: {i}"))
                .into_iter()
                .chain(ic.message_issues(group, index).map(|i| i.issue.to_string()))
                .chain(read.issues.iter().map(ToString::to_string))
                .collect(),
        });
        if !rejected {
            orders.extend(read.order.map(|(row, _)| row));
            records.extend(read.record);
            if let Some(ch) = read.change {
                let p = Arc::clone(partner);
                changes.push(BatchChange {
                    partner_id: partner.id.clone(),
                    order_number: ch.order_number.clone(),
                    decide: Box::new(move |cur| decide_order_change(cur, &p, &ch, "edifact")),
                });
            }
        }
        extra.push(MessageIssues {
            group,
            message: index,
            issues: read.issues,
        });
    }

    // Acknowledgements of what we sent.
    let acks = edifact::read_acks(ic);
    let mut reconciled: Vec<(String, String, String)> = Vec::new();
    for c in &acks.contrl {
        let status = if !(c.interchange_accepted() && c.messages.iter().all(|m| m.accepted())) {
            "rejected"
        } else if c.action == Some(edifact::Action::Received)
            && c.messages.iter().all(|m| m.action.is_none())
        {
            // UCI action 8: the interchange arrived, nothing was checked yet. A later CONTRL
            // (7 or 4) says more; this one never overwrites what an earlier one said.
            "received"
        } else {
            "accepted"
        };
        let mut detail = format!(
            "CONTRL from {}: UCI action {}",
            h.sender.id,
            c.action.map_or("?", |a| a.code())
        );
        if let Some(e) = &c.error {
            detail.push_str(&format!(" error {e}"));
        }
        for m in &c.messages {
            detail.push_str(&format!(
                "; {} {}: {}{}",
                m.message_type,
                m.reference,
                m.action.map_or("?", |a| a.code()),
                m.error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ));
        }
        reconciled.push((
            format!("edifact:{}", c.interchange_reference.trim()),
            status.to_owned(),
            detail,
        ));
    }
    for a in &acks.aperak {
        doc_issues.push(format!(
            "APERAK about {} {}: {}{}",
            a.document_name,
            a.document_number,
            if a.accepted() { "accepted" } else { "rejected" },
            a.errors
                .iter()
                .map(|e| format!(" [{}] {}", e.code, e.texts.join(" ")))
                .collect::<String>()
        ));
    }
    doc_issues.extend(acks.issues.iter().map(ToString::to_string));

    let all: Vec<codec::Issue> = extra.iter().flat_map(|m| m.issues.clone()).collect();
    let mut replies = Vec::new();
    if !only_acks && edifact::needs_contrl(ic, &all) {
        let contrl = edifact::contrl(ic, &extra, &options);
        let text = edifact::write_interchange(&header, &[contrl]).text();
        replies.push(reply_document(
            partner,
            &header.control_reference,
            &text,
            profile.sync_contrl,
        ));
        receipt.acks.push(text);
    }
    doc_issues.truncate(200);
    let doc = inbound_document(
        partner,
        ic,
        raw,
        &content_type,
        &dedup_key,
        "accepted",
        doc_issues,
    );
    let batch = InboundBatch {
        document: doc,
        orders,
        changes,
        replies,
        records,
    };
    match commit(store, partner, &batch, &reconciled, receipt).await? {
        Committed::Stored {
            document_id,
            created,
        } => {
            info!(
                partner_id = %partner.id,
                %document_id,
                unb_0020 = %h.control_reference,
                orders = created,
                "EDIFACT interchange received."
            );
            for a in &acks.aperak {
                reconcile_aperak(store, partner, a, &h.control_reference, &document_id).await?;
            }
            Ok(())
        }
        Committed::Duplicate { document_id } => {
            let contrl = edifact::contrl_duplicate(ic, &options);
            let text = edifact::write_interchange(&header, &[contrl]).text();
            Err(EdiError::duplicate(
                &partner.id,
                format!("duplicate interchange: received before as document {document_id}"),
                text,
                CONTENT_TYPE,
            ))
        }
    }
}

/// Record what an inbound APERAK says on the outbound documents it names. The most precise
/// name wins: DOC segments (document name code and number), then RFF `IV` (invoice number),
/// `AAK`/`DQ` (despatch advice or delivery note number), then any other RFF (`ACW` and the like:
/// our UNB 0020 or a document number); an APERAK that names only an order (`ON`) concerns the
/// latest EDIFACT document we sent for it.
async fn reconcile_aperak(
    store: &Store,
    partner: &Partner,
    a: &edifact::AperakReport,
    interchange: &str,
    document_id: &str,
) -> Result<(), EdiError> {
    let status = if a.accepted() { "accepted" } else { "rejected" };
    let errors: String = a
        .errors
        .iter()
        .map(|e| format!(" [{}] {}", e.code, e.texts.join(" ")))
        .collect();
    let detail = format!(
        "APERAK {} (interchange {interchange}, document {document_id}): {status}{errors}",
        a.document_number
    );
    let kind_of_doc = |code: &str| match code {
        "380" | "381" | "383" | "384" | "386" | "389" | "393" => Some("invoice"),
        "351" | "270" => Some("shipment"),
        "231" => Some("confirmation"),
        _ => None,
    };
    let mut names: Vec<(&str, Option<&str>)> = a
        .documents
        .iter()
        .map(|(code, number)| (number.as_str(), kind_of_doc(code)))
        .collect();
    let by_qualifier = |q: &str| match q {
        "IV" => Some(Some("invoice")),
        "AAK" | "DQ" => Some(Some("shipment")),
        "ON" => None,
        _ => Some(None),
    };
    // Typed references before untyped ones.
    let mut typed: Vec<(&str, Option<&str>)> = a
        .references
        .iter()
        .filter_map(|(q, r)| by_qualifier(q).map(|kind| (r.as_str(), kind)))
        .collect();
    typed.sort_by_key(|(_, kind)| kind.is_none());
    names.extend(typed);
    let mut matched = Vec::new();
    for (reference, kind) in names.iter().filter(|(r, _)| !r.trim().is_empty()) {
        matched = store
            .record_application_ack(&partner.id, reference.trim(), *kind, status, &detail)
            .await?;
        if !matched.is_empty() {
            break;
        }
    }
    if matched.is_empty() {
        let order = a.reference("ON").or_else(|| a.reference("ACW"));
        if let Some(order) = order.filter(|o| !o.trim().is_empty()) {
            matched = store
                .record_application_ack_by_order(&partner.id, order.trim(), status, &detail)
                .await?;
        }
    }
    if matched.is_empty() {
        warn!(
            partner_id = %partner.id,
            aperak = %a.document_number,
            references = ?a.references,
            "An APERAK names none of our documents."
        );
    } else {
        info!(
            partner_id = %partner.id,
            aperak = %a.document_number,
            %status,
            documents = ?matched,
            "APERAK reconciled."
        );
    }
    Ok(())
}

/// Map one message; an order is validated and becomes a row to insert.
fn read_message(partner: &Partner, ic: &Interchange<'_>, msg: &edifact::Message<'_>) -> Read {
    let (doc, mut issues) = map::read_message(msg);
    let mut read = Read {
        issues: vec![],
        order: None,
        change: None,
        record: None,
    };
    match doc {
        Some(Document::PurchaseOrder(po)) => {
            let problems = po.validate();
            if problems.is_empty() {
                match new_order_row(partner, &po, "edifact") {
                    Ok(mut row) => {
                        row.control_id = Some(format!(
                            "{}/{}",
                            ic.header.control_reference,
                            msg.reference()
                        ));
                        read.order = Some((row, po));
                    }
                    Err(e) => issues.push(codec::Issue::error(msg.unh.location(), e.to_string())),
                }
            } else {
                issues.extend(problems.iter().map(|p| {
                    codec::Issue::error(msg.unh.location(), p.to_string()).with_code("13")
                }));
            }
        }
        Some(Document::OrderChange(ch)) => read.change = Some(ch),
        Some(doc) => {
            let problems = doc.validate();
            if problems.is_empty() {
                let at = format!("{}/{}", ic.header.control_reference, msg.reference());
                read.record = new_record(partner, &doc, "edifact", at);
            } else {
                issues.extend(problems.iter().map(|p| {
                    codec::Issue::error(msg.unh.location(), p.to_string()).with_code("13")
                }));
            }
        }
        None => {}
    }
    read.issues = issues;
    read
}

fn inbound_document(
    partner: &Partner,
    ic: &Interchange<'_>,
    raw: &[u8],
    content_type: &Option<String>,
    dedup_key: &str,
    status: &str,
    issues: Vec<String>,
) -> NewDocument {
    let doc_type = ic
        .all_messages()
        .first()
        .map(|(_, _, m)| doc_type_of(&m.message_type()).to_owned());
    NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "edifact".into(),
        doc_type,
        control_id: Some(ic.header.control_reference.clone()),
        order_number: None,
        dedup_key: dedup_key.to_owned(),
        content_type: content_type
            .clone()
            .or_else(|| Some(CONTENT_TYPE.to_owned())),
        body: raw.to_vec(),
        status: status.to_owned(),
        issues,
    }
}

/// The canonical document type a message carries.
pub fn doc_type_of(message_type: &str) -> &'static str {
    match message_type {
        "ORDERS" => "purchase_order",
        "ORDCHG" => "order_change",
        "ORDRSP" => "order_response",
        "DESADV" => "ship_notice",
        "INVOIC" => "invoice",
        "PRICAT" => "catalog",
        "INVRPT" => "inventory_report",
        "CONTRL" | "APERAK" => "functional_ack",
        _ => "unknown",
    }
}

/// A CONTRL to archive, with its delivery job when it is not answered synchronously.
fn reply_document(
    partner: &Partner,
    control: &str,
    text: &str,
    sync: bool,
) -> (NewDocument, Option<NewJob>) {
    Reply {
        syntax: "edifact",
        content_type: CONTENT_TYPE,
        control,
        doc_type: "functional_ack",
        text,
        sync,
        url: partner.edifact_document_url.as_ref(),
    }
    .into_parts(partner)
}
