//! X12 in: an interchange (over `POST /edi` or a folder) → partner by ISA sender → every
//! transaction set mapped to the canonical model → one store transaction (raw interchange,
//! orders, acknowledgement and its delivery job) → the acknowledgement to answer with.
//!
//! - Unknown sender or receiver: refused with the reason, archived as `rejected`.
//! - The same ISA13 from the same sender again: TA1 `R`/`025`, nothing stored.
//! - A bad interchange envelope (ISA/IEA): TA1 `R` with the envelope code, nothing stored as
//!   valid.
//! - Per group, a 997 or 999 (the partner's `x12.ack`) mirroring the inbound envelope, with the
//!   real AK3/AK4/AK5 codes for what was wrong (AK303/IK303 the loop, and in a 999 the line as
//!   CTX); a set that is rejected creates nothing, and neither does any set of a group that is
//!   rejected (AK9 `R`: a bad GS element or GE, e.g. a GS04 that is no date or a GE01 count
//!   that is wrong). The other groups of that interchange are acknowledged and used as usual.
//! - Acks are answered synchronously when the partner has `x12.sync_ack`, else queued to its
//!   `x12.document_url`. They are archived either way, with control numbers from the database.
//! - Before each set's acknowledgement is built, the standard rules of `schemas/x12/<version>/`
//!   (embedded at compile time) merged with the partner's `x12.rules_dir/<set>.toml` are checked
//!   ([`x12::rules::check`]): their findings are AK3/AK4 and an error rejects the set. Inbound
//!   997s are checked too; their findings are noted on the archived interchange.

use std::sync::{Arc, OnceLock};

use chrono::Utc;
use codec::x12::rules::{self, SetRules};
use codec::x12::{self, map, AckKind, AckOptions, AckStatus, Interchange, SetAck, TransactionSet};
use model::partner::X12AckKind;
use model::Document;
use tracing::info;

use super::edi::{
    archive_rejected, commit, finish_interchanges, misaddressed, new_record, settle_interchange,
    Committed, EdiError, EdiReceipt, Reply, SetSummary,
};
use super::inbound::new_order_row;
use super::orders::{decide_order_change, edi_order_flags};
use crate::partners::{Partner, PartnerRegistry};
use crate::store::{
    BatchChange, ControlNumberKind, InboundBatch, NewDocument, NewJob, NewOrder, NewRecord, Store,
    StoreError,
};

/// MIME type of X12.
pub const CONTENT_TYPE: &str = "application/edi-x12";

/// Receive an X12 document of one or more interchanges.
pub async fn receive_x12(
    store: &Store,
    registry: &PartnerRegistry,
    body: &[u8],
    content_type: Option<String>,
) -> Result<EdiReceipt, EdiError> {
    // Archives the bytes of `range` (the body, or one interchange of it) as rejected.
    let archive_rejected =
        |partner: Option<String>, range: std::ops::Range<usize>, message: String| {
            archive_rejected(
                store,
                "x12",
                partner,
                body.get(range).unwrap_or(body),
                content_type.clone(),
                message,
            )
        };
    let parsed = match x12::parse(body) {
        Ok(p) => p,
        Err(e) => {
            let message = format!("not an X12 interchange: {e}");
            let document_id = archive_rejected(None, 0..body.len(), message.clone()).await?;
            return Err(EdiError::Malformed {
                message,
                document_id,
            });
        }
    };
    let mut receipt = EdiReceipt {
        syntax: "x12",
        ..EdiReceipt::default()
    };
    let mut first = None;
    for ic in &parsed.interchanges {
        let mark = receipt.mark();
        let outcome = async {
            let raw = body.get(ic.isa.offset..ic.end).unwrap_or(body);
            let Some(partner) = registry.by_x12(ic.sender_qualifier(), ic.sender_id()) else {
                let message = format!(
                    "unknown sender: no trading partner has ISA05/ISA06 {}/{}",
                    ic.sender_qualifier(),
                    ic.sender_id()
                );
                let document_id =
                    archive_rejected(None, ic.isa.offset..ic.end, message.clone()).await?;
                return Err(EdiError::UnknownPartner {
                    message,
                    document_id,
                });
            };
            let partner = Arc::clone(partner);
            let Some(profile) = partner.profile.x12.as_ref() else {
                return Ok(());
            };
            if !ic
                .receiver_qualifier()
                .eq_ignore_ascii_case(&profile.our_isa_qualifier)
                || ic.receiver_id() != profile.our_isa_id
            {
                let message = format!(
                    "wrong receiver: partner `{}` must address ISA07/ISA08 {}/{}, not {}/{}",
                    partner.id,
                    profile.our_isa_qualifier,
                    profile.our_isa_id,
                    ic.receiver_qualifier(),
                    ic.receiver_id()
                );
                let document_id = archive_rejected(
                    Some(partner.id.clone()),
                    ic.isa.offset..ic.end,
                    message.clone(),
                )
                .await?;
                // A TA1 R 008 (invalid receiver id), from the id the partner should have used.
                let isa13 = next(store, &partner, ControlNumberKind::IsaControl).await?;
                let now = Utc::now();
                let mut header = ic.reply_header(isa13, now.date_naive(), now.time());
                header
                    .sender_qualifier
                    .clone_from(&profile.our_isa_qualifier);
                header.sender_id.clone_from(&profile.our_isa_id);
                let ta1 = x12::Ta1Out {
                    status: AckStatus::Rejected,
                    note_code: "008".into(),
                    ..x12::ta1(ic, false)
                };
                let (answer, _) = x12::write_interchange_with_ta1(&header, &[ta1], vec![]);
                let (reply, _) = reply_document(&partner, &header, &answer, "ta1", true);
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

async fn receive_interchange(
    store: &Store,
    partner: &Arc<Partner>,
    ic: &Interchange<'_>,
    raw: &[u8],
    content_type: Option<String>,
    receipt: &mut EdiReceipt,
) -> Result<(), EdiError> {
    let Some(profile) = partner.profile.x12.as_ref() else {
        return Ok(());
    };
    receipt.partner_id = partner.id.clone();
    receipt.sync = profile.sync_ack;
    receipt.ack_content_type = CONTENT_TYPE;
    let dedup_key = format!(
        "x12:{}:{}/{}:{}",
        partner.id,
        ic.sender_qualifier(),
        ic.sender_id(),
        ic.control_number()
    );
    let now = Utc::now();
    let (date, time) = (now.date_naive(), now.time());
    let isa13 = next(store, partner, ControlNumberKind::IsaControl).await?;
    let header = ic.reply_header(isa13, date, time);

    // The same ISA13 again: TA1 025, nothing stored.
    if let Some(earlier) = store.document_by_dedup_key(&dedup_key).await? {
        let ta1 = x12::ta1(ic, true);
        let (text, _) = x12::write_interchange_with_ta1(&header, &[ta1], vec![]);
        return Err(EdiError::duplicate(
            &partner.id,
            format!(
                "duplicate interchange: ISA13 {} from {}/{} was received before (document {})",
                ic.control_number(),
                ic.sender_qualifier(),
                ic.sender_id(),
                earlier.id
            ),
            text,
            CONTENT_TYPE,
        ));
    }

    let mut ta1s = Vec::new();
    if x12::needs_ta1(ic) {
        let ta1 = x12::ta1(ic, false);
        if ta1.status == AckStatus::Rejected {
            let reasons: Vec<String> = ic
                .interchange_issues()
                .filter(|i| i.is_error())
                .map(|i| i.issue.to_string())
                .collect();
            let message = format!(
                "the interchange envelope is invalid: {}",
                reasons.join("; ")
            );
            let (text, _) = x12::write_interchange_with_ta1(&header, &[ta1], vec![]);
            let doc = inbound_document(
                partner,
                ic,
                raw,
                &content_type,
                // Not under its dedup key: a corrected resend with the same control number
                // is received, not refused as a duplicate of what was never accepted.
                &NewDocument::unique_key(),
                "rejected",
                vec![message.clone()],
            );
            let reply = reply_document(partner, &header, &text, "ta1", profile.sync_ack);
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
        ta1s.push(ta1);
    }

    let ack_kind = match profile.ack {
        X12AckKind::Fa997 => Some(AckKind::Fa997),
        X12AckKind::Ia999 => Some(AckKind::Ia999),
        X12AckKind::None => None,
    };
    let mut orders: Vec<NewOrder> = Vec::new();
    let mut changes: Vec<BatchChange> = Vec::new();
    let mut records: Vec<NewRecord> = Vec::new();
    let mut ack_groups = Vec::new();
    let mut doc_issues: Vec<String> = ic.issues.iter().map(|i| i.issue.to_string()).collect();
    let mut reconciled: Vec<(String, String, String)> = Vec::new();
    for (gi, group) in ic.groups.iter().enumerate() {
        // Acknowledgements of what we sent: reconciled, never acknowledged themselves.
        if group.functional_id() == "FA" {
            for set in &group.sets {
                let (ack, mut issues) = x12::read_functional_ack(set);
                add_rule_issues(partner, group.version(), set, &mut issues);
                doc_issues.extend(
                    issues
                        .iter()
                        .map(|i| format!("{} {}: {i}", set.id(), set.control_number())),
                );
                if let Some(a) = ack {
                    reconciled.push(ack_outcome(&a, ic.control_number()));
                }
            }
            continue;
        }
        let mut set_acks = Vec::with_capacity(group.sets.len());
        let mut candidates: Vec<(usize, NewOrder)> = Vec::new();
        let mut change_candidates: Vec<(usize, model::OrderChange)> = Vec::new();
        let mut record_candidates: Vec<(usize, NewRecord)> = Vec::new();
        for (si, set) in group.sets.iter().enumerate() {
            if ic.set_issues(gi, si).any(|i| i.is_error()) {
                set_acks.push(SetAck::new(set));
                continue;
            }
            // The partner's own part-number qualifiers decide which pair is the supplier's
            // part number (they also must be there: `add_rule_issues`).
            let opts = map::ReadOptions {
                supplier_part_qualifiers: partner
                    .x12_rules
                    .get(set.id().trim())
                    .and_then(|r| r.part_qualifiers.clone())
                    .unwrap_or_default(),
            };
            let (doc, mut issues) = map::read_transaction_with(set, &opts);
            if doc.is_some() {
                add_rule_issues(partner, group.version(), set, &mut issues);
            }
            let mut ack = match &doc {
                None => SetAck::rejected(set, "1"),
                Some(_) => SetAck::from_issues(set, &issues),
            };
            if let Some(Document::PurchaseOrder(po)) = &doc {
                let problems = po.validate();
                if !problems.is_empty() {
                    reject_invalid(&mut ack, &mut issues, &problems);
                } else if let Ok(mut row) = new_order_row(partner, po, "x12") {
                    let test = (ic.usage() == "T").then_some("ISA15 = T");
                    match edi_order_flags(store, partner, po, test).await? {
                        Ok(flags) => {
                            row.flags = flags;
                            row.control_id = Some(format!(
                                "{}/{}/{}",
                                ic.control_number(),
                                group.control_number(),
                                set.control_number()
                            ));
                            candidates.push((si, row));
                        }
                        Err(reason) => {
                            ack.status = Some(AckStatus::Rejected);
                            if !ack.codes.iter().any(|c| c == "5") {
                                ack.codes.push("5".into());
                            }
                            issues.push(codec::Issue::error(codec::Location::default(), reason));
                        }
                    }
                }
            } else if let Some(Document::OrderChange(ch)) = &doc {
                change_candidates.push((si, ch.clone()));
            } else if let Some(d) = &doc {
                let problems = d.validate();
                if problems.is_empty() {
                    let at = format!(
                        "{}/{}/{}",
                        ic.control_number(),
                        group.control_number(),
                        set.control_number()
                    );
                    record_candidates.extend(new_record(partner, d, "x12", at).map(|r| (si, r)));
                } else {
                    reject_invalid(&mut ack, &mut issues, &problems);
                }
            }
            doc_issues.extend(
                issues
                    .iter()
                    .map(|i| format!("{} {}: {i}", set.id(), set.control_number())),
            );
            set_acks.push(ack);
        }
        let options = AckOptions {
            group_control_number: next(store, partner, ControlNumberKind::GroupControl).await?,
            set_control_number: format!(
                "{:04}",
                next(store, partner, ControlNumberKind::TransactionControl).await?
            ),
            report_accepted_sets: true,
        };
        let kind = ack_kind.unwrap_or(AckKind::Fa997);
        let (ack_group, verdict) = x12::acknowledge_group(kind, ic, group, &set_acks, &options);
        // A group the acknowledgement rejects (AK9 R: a bad GS/GE, or no set accepted) creates
        // nothing, even from a set whose own AK5 is A: AK904 tells the partner none was taken.
        let group_rejected = verdict.status == AckStatus::Rejected;
        // Its own envelope errors, said on each of its sets (none when its sets were rejected
        // one by one).
        let group_errors: Vec<String> = if group_rejected {
            ic.group_issues(gi)
                .filter(|i| i.is_error())
                .map(|i| i.issue.to_string())
                .collect()
        } else {
            Vec::new()
        };
        let group_rejection = (!group_errors.is_empty())
            .then(|| format!("the group is rejected (AK9 R): {}", group_errors.join("; ")));
        // Whether the acknowledgement accepts set `si`.
        let accepted = |si: usize| {
            !group_rejected
                && verdict.sets.get(si).is_some_and(|(_, s)| {
                    matches!(s, AckStatus::Accepted | AckStatus::AcceptedWithErrors)
                })
        };
        for (si, set) in group.sets.iter().enumerate() {
            let status = match verdict.sets.get(si) {
                Some((_, s)) if !group_rejected => *s,
                _ => AckStatus::Rejected,
            };
            let set_issues = ic.set_issues(gi, si).map(|i| i.issue.to_string());
            receipt.sets.push(SetSummary {
                id: set.id().to_owned(),
                control_number: set.control_number().to_owned(),
                status: status.code().to_owned(),
                issues: group_rejection
                    .clone()
                    .into_iter()
                    .chain(set_issues)
                    .collect(),
            });
        }
        // Only sets the acknowledgement accepts create anything.
        for (si, row) in candidates {
            if accepted(si) {
                orders.push(row);
            }
        }
        records.extend(
            record_candidates
                .into_iter()
                .filter(|(si, _)| accepted(*si))
                .map(|(_, r)| r),
        );
        for (si, ch) in change_candidates {
            if accepted(si) {
                let p = Arc::clone(partner);
                changes.push(BatchChange {
                    partner_id: partner.id.clone(),
                    order_number: ch.order_number.clone(),
                    decide: Box::new(move |cur| decide_order_change(cur, &p, &ch, "x12")),
                });
            }
        }
        if ack_kind.is_some() {
            ack_groups.push(ack_group);
        }
    }

    let mut replies = Vec::new();
    if !ack_groups.is_empty() || !ta1s.is_empty() {
        let (text, _) = x12::write_interchange_with_ta1(&header, &ta1s, ack_groups);
        replies.push(reply_document(
            partner,
            &header,
            &text,
            "functional_ack",
            profile.sync_ack,
        ));
        receipt.acks.push(text);
    }
    // TA1s name our interchange by ISA13: a rejection rejects what it carried; an acceptance
    // only says it arrived (the 997/999 says more, and a TA1 never overwrites it).
    for seg in &ic.ta1 {
        let t = x12::read_ta1(seg);
        let isa13 = t.control_number.trim().parse::<u32>().map_or_else(
            |_| t.control_number.trim().to_owned(),
            |n| format!("{n:09}"),
        );
        let status = match t.status {
            Some(AckStatus::Rejected) => {
                doc_issues.push(format!(
                    "TA1: our interchange {} was rejected with note {}",
                    t.control_number, t.note_code
                ));
                "rejected"
            }
            Some(_) => "received",
            None => continue,
        };
        reconciled.push((
            format!("x12-isa:{isa13}"),
            status.to_owned(),
            format!(
                "TA1 for interchange {isa13}: {} note {}",
                t.status.map_or("?", |s| s.code()),
                t.note_code
            ),
        ));
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
                isa13 = ic.control_number(),
                orders = created,
                "X12 interchange received."
            );
        }
        Committed::Duplicate { document_id } => {
            // Raced with its own copy: the first one won and answered.
            let ta1 = x12::ta1(ic, true);
            let (text, _) = x12::write_interchange_with_ta1(&header, &[ta1], vec![]);
            return Err(EdiError::duplicate(
                &partner.id,
                format!("duplicate interchange: received before as document {document_id}"),
                text,
                CONTENT_TYPE,
            ));
        }
    }
    Ok(())
}

/// A set whose document breaks the model's business rules is rejected (AK5/IK5 R, code 5:
/// one or more segments in error), each problem one of its issues.
fn reject_invalid(
    ack: &mut SetAck,
    issues: &mut Vec<codec::Issue>,
    problems: &[model::validate::ValidationIssue],
) {
    ack.status = Some(AckStatus::Rejected);
    if !ack.codes.iter().any(|c| c == "5") {
        ack.codes.push("5".into());
    }
    issues.extend(
        problems
            .iter()
            .map(|p| codec::Issue::error(codec::Location::default(), p.to_string())),
    );
}

/// The standard rule tables of `schemas/x12/`: (version, set id, TOML), embedded so that
/// nothing depends on the working directory.
const STANDARD_RULES: &[(&str, &str, &str)] = &[
    (
        "004010",
        "850",
        include_str!("../../schemas/x12/004010/850.toml"),
    ),
    (
        "004010",
        "860",
        include_str!("../../schemas/x12/004010/860.toml"),
    ),
    (
        "004010",
        "997",
        include_str!("../../schemas/x12/004010/997.toml"),
    ),
    (
        "005010",
        "850",
        include_str!("../../schemas/x12/005010/850.toml"),
    ),
    (
        "005010",
        "860",
        include_str!("../../schemas/x12/005010/860.toml"),
    ),
    (
        "005010",
        "997",
        include_str!("../../schemas/x12/005010/997.toml"),
    ),
    (
        "005010",
        "999",
        include_str!("../../schemas/x12/005010/999.toml"),
    ),
];

/// The parsed standard tables (a table that does not parse is logged and skipped; a test keeps
/// them valid).
fn standard_tables() -> &'static [(&'static str, &'static str, SetRules)] {
    static TABLES: OnceLock<Vec<(&'static str, &'static str, SetRules)>> = OnceLock::new();
    TABLES.get_or_init(|| {
        STANDARD_RULES
            .iter()
            .filter_map(|(version, set, text)| match toml::from_str::<SetRules>(text) {
                Ok(r) => Some((*version, *set, r)),
                Err(e) => {
                    tracing::error!(%version, %set, error = %e, "Standard X12 rule table does not parse.");
                    None
                }
            })
            .collect()
    })
}

/// The rules for `set` in a group of GS08 `version`: the standard table of its first six
/// characters (`004010VICS` → `004010`) with the partner's on top; `None` when neither has one.
pub fn set_rules(partner: &Partner, version: &str, set: &str) -> Option<SetRules> {
    let prefix = version.trim().get(..6).unwrap_or_default();
    let standard = standard_tables()
        .iter()
        .find(|(v, s, _)| *v == prefix && *s == set)
        .map(|(_, _, r)| r);
    let own = partner.x12_rules.get(set);
    match (standard, own) {
        (Some(s), Some(p)) => Some(rules::merge(s, p)),
        (Some(s), None) => Some(s.clone()),
        (None, Some(p)) => Some(rules::merge(&SetRules::default(), p)),
        (None, None) => None,
    }
}

/// Check `set` against its rules and add the findings to `issues`. A finding at a place the
/// mapper already coded (same segment, position and element) is not repeated; it only makes
/// that issue an error when the rule says so.
fn add_rule_issues(
    partner: &Partner,
    version: &str,
    set: &TransactionSet<'_>,
    issues: &mut Vec<codec::Issue>,
) {
    let Some(r) = set_rules(partner, version, set.id().trim()) else {
        return;
    };
    for found in rules::check(set, &r) {
        let same = |i: &codec::Issue| {
            i.code.is_some()
                && i.location.segment == found.location.segment
                && i.location.segment_position == found.location.segment_position
                && i.location.element == found.location.element
        };
        match issues.iter_mut().find(|i| same(i)) {
            Some(earlier) => earlier.severity = earlier.severity.max(found.severity),
            None => issues.push(found),
        }
    }
}

/// What an inbound 997/999 says about the group of ours it names: (ack ref, status, detail).
fn ack_outcome(a: &x12::FunctionalAck, isa13: &str) -> (String, String, String) {
    let status = match a.status {
        Some(AckStatus::Accepted) => "accepted",
        Some(AckStatus::AcceptedWithErrors | AckStatus::PartiallyAccepted) => {
            "accepted_with_errors"
        }
        _ => "rejected",
    };
    let mut detail = format!(
        "{} {} in interchange {isa13}: AK9 {}",
        match a.kind {
            AckKind::Fa997 => "997",
            AckKind::Ia999 => "999",
        },
        a.ack_control_number,
        a.status.map_or("?", |s| s.code()),
    );
    for s in &a.sets {
        detail.push_str(&format!(
            "; {} {}: {}{}",
            s.id,
            s.control_number,
            s.status.map_or("?", |st| st.code()),
            if s.codes.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.codes.join(","))
            }
        ));
    }
    let gs06 = a.group_control_number.trim().trim_start_matches('0');
    (
        format!("x12:{}", if gs06.is_empty() { "0" } else { gs06 }),
        status.to_owned(),
        detail,
    )
}

async fn next(
    store: &Store,
    partner: &Partner,
    kind: ControlNumberKind,
) -> Result<u32, StoreError> {
    let n = store.next_control_number(&partner.id, kind).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
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
        .groups
        .iter()
        .flat_map(|g| g.sets.iter())
        .next()
        .map(|s| doc_type_of(s.id()).to_owned());
    NewDocument {
        partner_id: Some(partner.id.clone()),
        direction: "inbound",
        syntax: "x12".into(),
        doc_type,
        control_id: Some(ic.control_number().to_owned()),
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

/// The canonical document type a transaction set carries.
pub fn doc_type_of(set: &str) -> &'static str {
    match set {
        "850" => "purchase_order",
        "860" => "order_change",
        "855" | "865" => "order_response",
        "856" => "ship_notice",
        "810" => "invoice",
        "846" => "inventory_report",
        "832" => "catalog",
        "997" | "999" => "functional_ack",
        _ => "unknown",
    }
}

/// An acknowledgement to archive, with its delivery job when it is not answered synchronously.
fn reply_document(
    partner: &Partner,
    header: &x12::InterchangeHeader,
    text: &str,
    doc_type: &str,
    sync: bool,
) -> (NewDocument, Option<NewJob>) {
    let control = format!("{:09}", header.control_number);
    Reply {
        syntax: "x12",
        content_type: CONTENT_TYPE,
        control: &control,
        doc_type,
        text,
        sync,
        url: partner.x12_document_url.as_ref(),
    }
    .into_parts(partner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_rule_tables_parse_and_make_sense() {
        for (version, set, text) in STANDARD_RULES {
            let r: SetRules =
                toml::from_str(text).unwrap_or_else(|e| panic!("{version}/{set}: {e}"));
            assert_eq!(r.set, *set, "{version}/{set}");
            assert!(
                r.problems().is_empty(),
                "{version}/{set}: {:?}",
                r.problems()
            );
        }
        assert_eq!(standard_tables().len(), STANDARD_RULES.len());
    }
}
