//! EDI in, whatever the syntax: `POST /edi` and the drop folders hand bytes to [`receive_edi`],
//! which detects X12, EDIFACT or UBL and runs that syntax's pipeline. The answers and refusals
//! ([`EdiReceipt`], [`EdiError`]) are the same shape for all three, so the transports map them in
//! one place.

use chrono::Utc;
use tracing::{info, warn};

use model::Document;

use crate::partners::{Partner, PartnerRegistry};
use crate::store::{
    BatchReceipt, ChangeOutcome, InboundBatch, NewDocument, NewJob, NewRecord, Store, StoreError,
};

/// Why an interchange was refused as a whole.
#[derive(Debug, thiserror::Error)]
pub enum EdiError {
    /// Nothing could be read (HTTP 400).
    #[error("{message}")]
    Malformed {
        /// Why.
        message: String,
        /// Archive id.
        document_id: String,
    },
    /// No partner has this sender id, or we are not the receiver (HTTP 403).
    #[error("{message}")]
    UnknownPartner {
        /// Why.
        message: String,
        /// Archive id.
        document_id: String,
    },
    /// A document without envelope-level acknowledgement (UBL) that cannot be used: archived as
    /// `rejected`, every problem listed (HTTP 400).
    #[error("{message}")]
    Invalid {
        /// One line summary.
        message: String,
        /// Every problem found.
        issues: Vec<String>,
        /// Archive id.
        document_id: String,
        /// Partner.
        partner_id: String,
    },
    /// A known partner's interchange addressed to someone else (X12 ISA07/08, EDIFACT UNB
    /// recipient): HTTP 403, answered in the partner's syntax (`answer`: a TA1 R 008, a CONTRL
    /// rejecting with 0085 code 7), archived as rejected.
    #[error("{message}")]
    WrongRecipient {
        /// Why.
        message: String,
        /// Archive id.
        document_id: String,
        /// The TA1 / CONTRL refusing it.
        answer: String,
        /// Its MIME type.
        content_type: &'static str,
        /// Partner.
        partner_id: String,
    },
    /// The partner is disabled (HTTP 403).
    #[error("partner `{0}` is disabled")]
    PartnerDisabled(String),
    /// The interchange was refused at envelope level (duplicate control reference, bad
    /// envelope): `answer` says why in the partner's syntax (a TA1, a CONTRL) — HTTP 409 for a
    /// duplicate, 400 otherwise.
    #[error("{message}")]
    Refused {
        /// Why.
        message: String,
        /// The acknowledgement that refuses it (may be empty when the syntax has none).
        answer: String,
        /// Its MIME type.
        content_type: &'static str,
        /// A duplicate of an earlier interchange.
        duplicate: bool,
        /// Partner.
        partner_id: String,
    },
    /// Ours.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EdiError {
    /// The acknowledgement that refuses the interchange in the partner's syntax (a TA1, a
    /// CONTRL), when there is one.
    pub fn answer(&self) -> Option<&str> {
        match self {
            Self::Refused { answer, .. } | Self::WrongRecipient { answer, .. } => {
                Some(answer.as_str()).filter(|a| !a.is_empty())
            }
            _ => None,
        }
    }

    /// A refusal of a duplicate (HTTP 409) from `partner_id`: `answer` in the partner's syntax,
    /// of type `content_type` (empty when the syntax has none).
    pub fn duplicate(
        partner_id: &str,
        message: String,
        answer: String,
        content_type: &'static str,
    ) -> Self {
        Self::Refused {
            message,
            answer,
            content_type,
            duplicate: true,
            partner_id: partner_id.to_owned(),
        }
    }
}

/// What receiving an interchange produced.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EdiReceipt {
    /// Partner.
    pub partner_id: String,
    /// `x12`, `edifact` or `ubl`.
    pub syntax: &'static str,
    /// Archived inbound interchanges.
    pub document_ids: Vec<String>,
    /// Orders created (or found, `created: false`).
    pub orders: Vec<crate::store::StoredOrder>,
    /// Changes to earlier orders (860, ORDCHG, OrderChange), applied or refused with the reason.
    pub changes: Vec<crate::store::ChangeOutcome>,
    /// Records stored from the other documents (invoices, ship notices, order responses,
    /// inventory reports, catalogs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<StoredRecord>,
    /// Transaction sets / messages read, with their acknowledgement status (`A`, `E`, `R`).
    pub sets: Vec<SetSummary>,
    /// The acknowledgement interchanges (997/999 and TA1, CONTRL), to answer synchronously when
    /// `sync` is set.
    #[serde(skip)]
    pub acks: Vec<String>,
    /// MIME type of `acks`.
    #[serde(skip)]
    pub ack_content_type: &'static str,
    /// Whether the partner wants the acknowledgement in the response.
    pub sync: bool,
    /// Interchanges of this body refused (unknown sender, bad envelope, duplicate…) while
    /// others were received: why, and the refusal in the partner's syntax (TA1, CONTRL) when
    /// there is one (also among `acks`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<Refusal>,
}

/// A record stored from an inbound document (see [`EdiReceipt::records`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredRecord {
    /// Its id (`GET /api/records/{id}`).
    pub record_id: String,
    /// Canonical document type.
    pub kind: String,
    /// The document's own number.
    pub number: String,
}

/// The record of an inbound document that is neither an order nor an order change (an order
/// response, ship notice, invoice, inventory report or catalog a partner sends), read from
/// `syntax` at `control_id`; `None` for orders, changes and carts, which are handled as such.
pub(super) fn new_record(
    partner: &Partner,
    doc: &Document,
    syntax: &str,
    control_id: String,
) -> Option<NewRecord> {
    let number = match doc {
        Document::PurchaseOrder(_) | Document::OrderChange(_) | Document::PunchoutCart(_) => {
            return None
        }
        Document::OrderResponse(r) => r
            .response_number
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&r.order_number),
        _ => doc.document_number(),
    };
    Some(NewRecord {
        partner_id: partner.id.clone(),
        kind: doc.doc_type().as_str().to_owned(),
        number: number.to_owned(),
        order_number: doc.order_number().map(str::to_owned),
        syntax: syntax.to_owned(),
        control_id: Some(control_id),
        body: serde_json::to_string(doc).unwrap_or_default(),
    })
}

/// One refused interchange of a body (see [`EdiReceipt::refused`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Refusal {
    /// Why.
    pub message: String,
    /// The TA1 / CONTRL refusing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// What a receipt held before an interchange was read: what a refused one must not leave in it
/// (its partner and answer mode, acknowledgements and sets written before the refusal).
pub(super) struct Mark {
    partner_id: String,
    sync: bool,
    ack_content_type: &'static str,
    acks: usize,
    sets: usize,
}

impl EdiReceipt {
    /// See [`Mark`].
    pub(super) fn mark(&self) -> Mark {
        Mark {
            partner_id: self.partner_id.clone(),
            sync: self.sync,
            ack_content_type: self.ack_content_type,
            acks: self.acks.len(),
            sets: self.sets.len(),
        }
    }

    fn restore(&mut self, m: Mark) {
        self.partner_id = m.partner_id;
        self.sync = m.sync;
        self.ack_content_type = m.ack_content_type;
        self.acks.truncate(m.acks);
        self.sets.truncate(m.sets);
    }

    /// Whether an interchange of `partner` may be received into this receipt: the partner is
    /// enabled, and the body's stored interchanges (if any) are its own: one body answers one
    /// partner, in that partner's way (in the response or through the outbox).
    pub(super) fn admit(&self, partner: &Partner) -> Result<(), EdiError> {
        if !partner.profile.enabled {
            return Err(EdiError::PartnerDisabled(partner.id.clone()));
        }
        let partner_id = partner.id.as_str();
        if self.document_ids.is_empty() || self.partner_id == partner_id {
            return Ok(());
        }
        Err(EdiError::Refused {
            message: format!(
                "this body also holds interchanges of partner `{}`: send partner `{partner_id}`'s \
                 in a body of their own",
                self.partner_id
            ),
            answer: String::new(),
            content_type: "",
            duplicate: false,
            partner_id: partner_id.to_owned(),
        })
    }
}

/// The refusal of a known partner's interchange addressed to someone else (see
/// [`EdiError::WrongRecipient`]): `reply`, the archive copy of `answer` (the TA1 or CONTRL
/// saying so, answered in the response), is archived like every acknowledgement.
pub(super) async fn misaddressed(
    store: &Store,
    partner_id: &str,
    message: String,
    document_id: String,
    (reply, answer): (NewDocument, String),
    content_type: &'static str,
) -> Result<EdiError, StoreError> {
    store.archive_document(&reply).await?;
    Ok(EdiError::WrongRecipient {
        message,
        document_id,
        answer,
        content_type,
        partner_id: partner_id.to_owned(),
    })
}

/// What became of one interchange of a body that may hold several (`mark`: the receipt before
/// it): a refusal does not undo or hide the interchanges received before or after it. The
/// receipt goes back to `mark` (nothing of the refused interchange stays in it), the refusal
/// is noted (its answer joins the acknowledgements), and the first is kept in `first`, to
/// answer with when nothing at all was received (see [`finish_interchanges`]). Only our own
/// failure (storage) stops the body: the partner sends it again, and what was stored is then
/// a duplicate.
pub(super) fn settle_interchange(
    outcome: Result<(), EdiError>,
    mark: Mark,
    receipt: &mut EdiReceipt,
    first: &mut Option<EdiError>,
) -> Result<(), EdiError> {
    match outcome {
        Ok(()) => Ok(()),
        Err(e @ EdiError::Store(_)) => Err(e),
        Err(e) => {
            receipt.restore(mark);
            let answer = e.answer().map(str::to_owned);
            if let Some(a) = &answer {
                receipt.acks.push(a.clone());
            }
            receipt.refused.push(Refusal {
                message: e.to_string(),
                answer,
            });
            // The refusal answered with, when nothing is received: the first that has an
            // answer in the partner's syntax, else the first.
            if first
                .as_ref()
                .is_none_or(|f| f.answer().is_none() && e.answer().is_some())
            {
                *first = Some(e);
            }
            Ok(())
        }
    }
}

/// The answer to a body of interchanges (see [`settle_interchange`]): the receipt when any
/// interchange was received, else the refusal, carrying the answers (TA1s, CONTRLs) of every
/// refused interchange.
pub(super) fn finish_interchanges(
    receipt: EdiReceipt,
    first: Option<EdiError>,
) -> Result<EdiReceipt, EdiError> {
    match first {
        Some(mut e) if receipt.document_ids.is_empty() => {
            if receipt.acks.len() > 1 {
                if let EdiError::Refused { answer, .. } | EdiError::WrongRecipient { answer, .. } =
                    &mut e
                {
                    *answer = receipt.acks.join("\n");
                }
            }
            Err(e)
        }
        _ => Ok(receipt),
    }
}

/// One transaction set (X12), message (EDIFACT) or document (UBL) as received.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetSummary {
    /// ST01 / UNH message type / UBL root element.
    pub id: String,
    /// ST02 / UNH 0062 / UBL `cbc:ID`.
    pub control_number: String,
    /// `A` accepted, `E` accepted with errors, `R` rejected.
    pub status: String,
    /// What was wrong, in words.
    pub issues: Vec<String>,
}

/// Receive `body` in whichever EDI syntax it is (X12, EDIFACT, UBL), declared by `content_type`
/// or detected.
pub async fn receive_edi(
    store: &Store,
    registry: &PartnerRegistry,
    body: &[u8],
    content_type: Option<String>,
) -> Result<EdiReceipt, EdiError> {
    match syntax_of(body, content_type.as_deref()) {
        Some(codec::Format::X12) => {
            super::x12::receive_x12(store, registry, body, content_type).await
        }
        Some(codec::Format::Edifact) => {
            super::edifact::receive_edifact(store, registry, body, content_type).await
        }
        Some(codec::Format::Ubl) => {
            super::ubl::receive_ubl(store, registry, body, content_type).await
        }
        _ => {
            let message = "not an EDI document this gateway reads (X12, EDIFACT, UBL)".to_owned();
            let document_id =
                archive_rejected(store, "unknown", None, body, content_type, message.clone())
                    .await?;
            Err(EdiError::Malformed {
                message,
                document_id,
            })
        }
    }
}

/// The syntax of `body`: what the bytes say, else what the MIME type declares.
pub fn syntax_of(body: &[u8], content_type: Option<&str>) -> Option<codec::Format> {
    let declared = content_type.map(|c| c.to_ascii_lowercase());
    match codec::detect(body) {
        Some(f @ (codec::Format::X12 | codec::Format::Edifact | codec::Format::Ubl)) => Some(f),
        _ => match declared.as_deref() {
            Some(c) if c.starts_with(super::x12::CONTENT_TYPE) => Some(codec::Format::X12),
            Some(c) if c.starts_with(super::edifact::CONTENT_TYPE) => Some(codec::Format::Edifact),
            Some(c) if c.starts_with(super::ubl::CONTENT_TYPE) => Some(codec::Format::Ubl),
            _ => None,
        },
    }
}

/// Archive `body` as a rejected inbound document; the archive id.
pub(super) async fn archive_rejected(
    store: &Store,
    syntax: &str,
    partner: Option<String>,
    body: &[u8],
    content_type: Option<String>,
    message: String,
) -> Result<String, StoreError> {
    let doc = NewDocument {
        partner_id: partner,
        direction: "inbound",
        syntax: syntax.into(),
        doc_type: None,
        control_id: None,
        order_number: None,
        dedup_key: NewDocument::unique_key(),
        content_type,
        body: body.to_vec(),
        status: "rejected".into(),
        issues: vec![message],
    };
    store.archive_document(&doc).await.map(|(id, _)| id)
}

/// Log what each order change of a stored interchange did.
pub(super) fn log_changes(partner: &Partner, changes: &[ChangeOutcome]) {
    for c in changes {
        match &c.refused {
            Some(reason) => {
                warn!(partner_id = %partner.id, order_number = %c.order_number, %reason, "Order change refused.")
            }
            None => {
                info!(partner_id = %partner.id, order_number = %c.order_number, version = ?c.version, "Order changed.")
            }
        }
    }
}

/// What [`commit`] did with a received interchange or document.
pub(super) enum Committed {
    /// Stored as `document_id`, with `created` new orders.
    Stored { document_id: String, created: usize },
    /// Received before, as `document_id`: nothing was written.
    Duplicate { document_id: String },
}

/// Store a received interchange (or UBL document) with its orders, changes and replies in one
/// transaction; then log the changes and the orders that already existed, reconcile the
/// acknowledgements it carried, and add the document, its orders and changes to `receipt`.
pub(super) async fn commit(
    store: &Store,
    partner: &Partner,
    batch: &InboundBatch,
    reconciled: &[(String, String, String)],
    receipt: &mut EdiReceipt,
) -> Result<Committed, StoreError> {
    match store.receive_batch(batch).await? {
        BatchReceipt::Stored {
            document_id,
            orders,
            changes,
            records,
            ..
        } => {
            log_changes(partner, &changes);
            for o in orders.iter().filter(|o| !o.created) {
                warn!(partner_id = %partner.id, order_number = %o.order_number, "Order number already received; nothing created.");
            }
            reconcile(store, partner, reconciled, &document_id).await?;
            let created = orders.iter().filter(|o| o.created).count();
            receipt.changes.extend(changes);
            receipt.records.extend(
                batch
                    .records
                    .iter()
                    .zip(records)
                    .map(|(r, id)| StoredRecord {
                        record_id: id,
                        kind: r.kind.clone(),
                        number: r.number.clone(),
                    }),
            );
            receipt.document_ids.push(document_id.clone());
            receipt.orders.extend(orders);
            Ok(Committed::Stored {
                document_id,
                created,
            })
        }
        BatchReceipt::Duplicate { document_id } => Ok(Committed::Duplicate { document_id }),
    }
}

/// Record what the partner's acknowledgements (997/999, CONTRL) say about our interchanges:
/// `(ack ref, status, detail)` each, noted as coming with inbound document `document_id`.
pub(super) async fn reconcile(
    store: &Store,
    partner: &Partner,
    reconciled: &[(String, String, String)],
    document_id: &str,
) -> Result<(), StoreError> {
    for (ack_ref, status, detail) in reconciled {
        let n = store
            .record_ack(
                &partner.id,
                ack_ref,
                status,
                &format!("{detail} (document {document_id})"),
            )
            .await?;
        info!(partner_id = %partner.id, %ack_ref, %status, documents = n, "Acknowledgement reconciled.");
    }
    Ok(())
}

/// An acknowledgement we send (997/999/TA1, CONTRL), to archive; with its delivery job to `url`
/// when it is not answered synchronously.
pub(super) struct Reply<'a> {
    /// `x12` or `edifact`.
    pub syntax: &'static str,
    /// Its MIME type.
    pub content_type: &'static str,
    /// Its control number (ISA13, UNB 0020).
    pub control: &'a str,
    /// Canonical type of the archived document (`functional_ack`, `ta1`).
    pub doc_type: &'a str,
    /// The interchange.
    pub text: &'a str,
    /// Answered in the HTTP response (no job).
    pub sync: bool,
    /// Where the partner takes documents of this syntax.
    pub url: Option<&'a url::Url>,
}

impl Reply<'_> {
    /// The archive row and, unless answered synchronously, its outbox job.
    pub fn into_parts(self, partner: &Partner) -> (NewDocument, Option<NewJob>) {
        let Reply {
            syntax,
            content_type,
            control,
            doc_type,
            text,
            sync,
            url,
        } = self;
        let job = (!sync)
            .then_some(url)
            .flatten()
            .map(super::outbound::delivery)
            .map(|(kind, target)| NewJob {
                partner_id: Some(partner.id.clone()),
                kind,
                target,
                idempotency_key: format!("{syntax}:{}:{control}", partner.id),
                max_attempts: super::outbound::MAX_ATTEMPTS,
                run_at: Utc::now(),
            });
        let status = match (sync, &job) {
            (true, _) => "sent",
            (false, Some(_)) => "queued",
            (false, None) => "stored",
        };
        let doc = NewDocument {
            partner_id: Some(partner.id.clone()),
            direction: "outbound",
            syntax: syntax.into(),
            doc_type: Some(doc_type.to_owned()),
            control_id: Some(control.to_owned()),
            order_number: None,
            dedup_key: format!("{syntax}-out:{}:{control}", partner.id),
            content_type: Some(content_type.to_owned()),
            body: text.as_bytes().to_vec(),
            status: status.to_owned(),
            issues: vec![],
        };
        (doc, job)
    }
}
