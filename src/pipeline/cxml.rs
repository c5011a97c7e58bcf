//! The cXML endpoint: one URL for every cXML request. Reads the envelope (also out of a
//! `multipart/related` body with attachments), authenticates the sender against the partner
//! registry, and routes the request: PunchOutSetupRequest to [`super::punchout`], OrderRequest
//! to [`super::orders`], ProfileRequest answered here. Every request is archived, with every
//! SharedSecret masked, whatever its fate.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use codec::cxml::{self, Meta};
use secrecy::ExposeSecret;
use tracing::info;

use crate::partners::{Partner, PartnerRegistry};
use crate::pipeline::punchout::{PunchoutConfig, PunchoutError};
use crate::security::secret_eq;
use crate::store::{NewAttachment, NewDocument, Store, StoreError};

/// What to answer a cXML request with.
#[derive(Debug, Clone)]
pub struct CxmlAnswer {
    /// Partner that sent it.
    pub partner_id: String,
    /// The cXML `Response` document.
    pub response: String,
    /// Archive id of the request, when it was stored.
    pub document_id: Option<String>,
}

pub(crate) fn now_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

pub(crate) fn new_payload_id(public_url: &str) -> String {
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "b2bgate".to_owned());
    let millis = Utc::now().timestamp_millis().max(0) as u128;
    cxml::payload_id(millis, rand::random::<u64>(), &host)
}

/// A cXML response envelope header for now.
pub fn response_meta(public_url: &str) -> Meta {
    Meta {
        payload_id: new_payload_id(public_url),
        timestamp: now_stamp(Utc::now()),
        lang: "en-US".to_owned(),
    }
}

/// Mask the content of every `<SharedSecret>` element so archived bytes hold no secret. A close
/// tag may carry whitespace (`</SharedSecret >`); when none follows, everything after the open
/// tag is masked rather than risk keeping a secret.
pub fn mask_shared_secrets(body: &[u8]) -> Vec<u8> {
    const OPEN: &[u8] = b"<SharedSecret";
    const CLOSE: &[u8] = b"</SharedSecret";
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = find(rest, OPEN) {
        // `<SharedSecretX` is another element; only `<SharedSecret>` / `<SharedSecret attr…>`.
        let after = rest.get(start + OPEN.len()).copied();
        if !matches!(after, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
            out.extend_from_slice(&rest[..start + OPEN.len()]);
            rest = &rest[start + OPEN.len()..];
            continue;
        }
        let Some(gt) = rest[start..].iter().position(|&b| b == b'>') else {
            out.extend_from_slice(&rest[..start]);
            out.extend_from_slice(b"<SharedSecret>***");
            return out;
        };
        let content_start = start + gt + 1;
        out.extend_from_slice(&rest[..content_start]);
        out.extend_from_slice(b"***");
        let close = find(&rest[content_start..], CLOSE).and_then(|c| {
            let tag = content_start + c;
            rest[tag..]
                .iter()
                .position(|&b| b == b'>')
                .map(|e| (tag, tag + e + 1))
        });
        match close {
            Some((tag, end)) => {
                out.extend_from_slice(&rest[tag..end]);
                rest = &rest[end..];
            }
            None => return out,
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Replace every occurrence of each `literal` in `body` with `***`.
fn mask_literals(body: &[u8], literals: &[String]) -> Vec<u8> {
    let mut out = body.to_vec();
    for lit in literals
        .iter()
        .map(|l| l.as_bytes())
        .filter(|l| !l.is_empty())
    {
        let mut masked = Vec::with_capacity(out.len());
        let mut rest = out.as_slice();
        while let Some(i) = find(rest, lit) {
            masked.extend_from_slice(&rest[..i]);
            masked.extend_from_slice(b"***");
            rest = &rest[i + lit.len()..];
        }
        masked.extend_from_slice(rest);
        out = masked;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An inbound request as received, archived as evidence whatever its fate.
pub(crate) struct Received<'a> {
    pub(crate) body: &'a [u8],
    pub(crate) content_type: Option<String>,
    pub(crate) syntax: &'static str,
    pub(crate) control_id: Option<String>,
    /// Secret values the reader found; every literal occurrence is masked too.
    pub(crate) secrets: Vec<String>,
}

impl Received<'_> {
    /// Archive it (SharedSecret values masked) with its outcome.
    pub(crate) async fn archive(
        &self,
        store: &Store,
        partner_id: Option<&str>,
        doc_type: &str,
        status: &str,
        issues: Vec<String>,
    ) -> Result<String, StoreError> {
        let doc = NewDocument {
            partner_id: partner_id.map(str::to_owned),
            direction: "inbound",
            syntax: self.syntax.to_owned(),
            doc_type: Some(doc_type.to_owned()),
            control_id: self.control_id.clone(),
            order_number: None,
            dedup_key: NewDocument::unique_key(),
            content_type: self.content_type.clone(),
            body: self.masked_body(),
            status: status.to_owned(),
            issues,
        };
        Ok(store.archive_document(&doc).await?.0)
    }
}

/// Find the partner behind a cXML header and check its SharedSecret in constant time.
pub fn authenticate_cxml<'a>(
    registry: &'a PartnerRegistry,
    header: &cxml::Header,
) -> Result<&'a Arc<Partner>, PunchoutError> {
    let partner = header
        .from
        .iter()
        .find_map(|c| registry.by_cxml_credential(&c.domain, &c.identity))
        .ok_or_else(|| {
            let presented: Vec<String> = header
                .from
                .iter()
                .map(|c| format!("{}/{}", c.domain, c.identity))
                .collect();
            PunchoutError::UnknownSender(if presented.is_empty() {
                "the Header has no From credential".to_owned()
            } else {
                format!(
                    "unknown sender: no trading partner has the From credential {}",
                    presented.join(", ")
                )
            })
        })?;
    let expected = partner.cxml_shared_secret.as_ref().ok_or_else(|| {
        PunchoutError::BadCredentials(format!(
            "partner `{}` has no cXML shared secret",
            partner.id
        ))
    })?;
    let presented: Vec<&str> = header
        .sender
        .iter()
        .filter_map(|c| c.shared_secret.as_deref())
        .collect();
    if presented.is_empty() {
        return Err(PunchoutError::BadCredentials(
            "authentication failed: the Sender credential carries no SharedSecret".to_owned(),
        ));
    }
    // Check every presented secret so timing does not depend on which one matched.
    let ok = presented
        .iter()
        .fold(false, |acc, s| secret_eq(expected.expose_secret(), s) | acc);
    if !ok {
        return Err(PunchoutError::BadCredentials(
            "authentication failed: the SharedSecret does not match".to_owned(),
        ));
    }
    if !partner.profile.enabled {
        return Err(PunchoutError::PartnerDisabled(partner.id.clone()));
    }
    Ok(partner)
}

impl<'a> Received<'a> {
    /// A cXML request about to be read.
    pub(crate) fn new(body: &'a [u8], content_type: Option<String>) -> Self {
        Self {
            body,
            content_type,
            syntax: "cxml",
            control_id: None,
            secrets: Vec::new(),
        }
    }

    /// The body as archived: every SharedSecret element and every literal secret masked.
    pub(crate) fn masked_body(&self) -> Vec<u8> {
        mask_shared_secrets(&mask_literals(self.body, &self.secrets))
    }

    /// Archive it as `rejected` with `issues` plus the error, and hand back the error.
    pub(crate) async fn reject(
        &self,
        store: &Store,
        partner_id: Option<&str>,
        doc_type: &str,
        mut issues: Vec<String>,
        err: PunchoutError,
    ) -> PunchoutError {
        issues.push(err.to_string());
        match self
            .archive(store, partner_id, doc_type, "rejected", issues)
            .await
        {
            Ok(_) => err,
            Err(e) => PunchoutError::Store(e),
        }
    }
}

/// The request types `POST /cxml` answers, for ProfileResponse.
pub const SUPPORTED_REQUESTS: [&str; 3] =
    ["OrderRequest", "ProfileRequest", "PunchOutSetupRequest"];

/// Handle a cXML request body posted to `/cxml`: answer with the cXML to send back, or an error
/// the HTTP layer renders as a cXML `Status`. Every request is archived.
pub async fn handle_cxml(
    store: &Store,
    registry: &PartnerRegistry,
    config: &PunchoutConfig,
    body: &[u8],
    content_type: Option<String>,
) -> Result<CxmlAnswer, PunchoutError> {
    // cXML with attachments: multipart/related, the cXML document is the root part.
    let mut attachments = Vec::new();
    let multipart = match content_type
        .as_deref()
        .filter(|c| codec::mime::is_multipart(c))
    {
        Some(ct) => match codec::mime::parse_multipart(ct, body) {
            Ok(m) => Some(m),
            Err(e) => {
                let received = Received::new(body, content_type.clone());
                let message = format!("the multipart/related body cannot be read: {e}");
                let err = PunchoutError::Malformed(message);
                return Err(received.reject(store, None, "unknown", vec![], err).await);
            }
        },
        None => None,
    };
    // What is archived: the body as received; but a root part in base64 or quoted-printable is
    // archived decoded (attachments are kept on their own), so that its SharedSecret can be masked.
    let (xml, mut received): (&[u8], Received<'_>) = match &multipart {
        Some(m) => {
            attachments = m
                .others
                .iter()
                .map(|p| NewAttachment {
                    content_id: p.content_id.clone(),
                    content_type: p.content_type.clone(),
                    filename: p.filename.clone(),
                    body: p.body.clone(),
                })
                .collect();
            let encoded = m.root.header("content-transfer-encoding").is_some_and(|e| {
                let e = e.trim();
                e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("quoted-printable")
            });
            let received = if encoded {
                Received::new(&m.root.body, m.root.content_type.clone())
            } else {
                Received::new(body, content_type.clone())
            };
            (&m.root.body, received)
        }
        None => (body, Received::new(body, content_type.clone())),
    };
    let read = match cxml::read(xml) {
        Ok(r) => r,
        Err(e) => {
            let err = PunchoutError::Malformed(e.to_string());
            return Err(received.reject(store, None, "unknown", vec![], err).await);
        }
    };
    let doc = read.doc;
    received.control_id = Some(doc.payload_id.clone());
    if let Some(h) = &doc.header {
        received.secrets = [&h.from, &h.to, &h.sender]
            .into_iter()
            .flatten()
            .filter_map(|c| c.shared_secret.clone())
            .filter(|s| s.len() >= 3)
            .collect();
    }
    let received = &received;
    let issues: Vec<String> = read.issues.iter().map(ToString::to_string).collect();
    let Some(header) = doc.header.as_ref() else {
        let err = PunchoutError::Malformed("the cXML request has no Header".to_owned());
        return Err(received.reject(store, None, "unknown", issues, err).await);
    };
    let partner = match authenticate_cxml(registry, header) {
        Ok(p) => Arc::clone(p),
        Err(e) => {
            let known = header
                .from
                .iter()
                .find_map(|c| registry.by_cxml_credential(&c.domain, &c.identity))
                .map(|p| p.id.clone());
            return Err(received
                .reject(store, known.as_deref(), "unknown", issues, e)
                .await);
        }
    };
    let (deployment_mode, request) = match &doc.body {
        cxml::Body::Request {
            deployment_mode,
            request,
        } => (deployment_mode.clone(), request),
        _ => {
            let err = PunchoutError::NotAcceptable(
                "expected a Request; this endpoint does not accept Message or Response documents"
                    .to_owned(),
            );
            return Err(received
                .reject(store, Some(&partner.id), "unknown", issues, err)
                .await);
        }
    };
    let errors: Vec<String> = read
        .issues
        .iter()
        .filter(|i| i.severity == codec::Severity::Error)
        .map(ToString::to_string)
        .collect();
    let inbound = Inbound {
        received,
        payload_id: &doc.payload_id,
        header,
        deployment_mode,
        issues,
        errors,
    };
    match request {
        cxml::Request::PunchOutSetup(posr) => {
            super::punchout::setup_request(store, &partner, config, posr, &inbound).await
        }
        cxml::Request::Order(order) => {
            super::orders::receive_cxml_order(store, &partner, config, order, &inbound, attachments)
                .await
        }
        cxml::Request::Profile => {
            let doc_id = received
                .archive(
                    store,
                    Some(&partner.id),
                    "profile_request",
                    "accepted",
                    inbound.issues,
                )
                .await?;
            let url = format!("{}/cxml", config.public_url);
            let transactions: Vec<(&str, &str)> = SUPPORTED_REQUESTS
                .iter()
                .map(|r| (*r, url.as_str()))
                .collect();
            let meta = response_meta(&config.public_url);
            let effective = meta.timestamp.clone();
            info!(partner_id = %partner.id, document_id = %doc_id, "ProfileRequest answered.");
            Ok(CxmlAnswer {
                partner_id: partner.id.clone(),
                response: cxml::write_profile_response(&meta, &effective, &transactions),
                document_id: Some(doc_id),
            })
        }
        cxml::Request::Other { name } => {
            let err = PunchoutError::Unsupported(format!(
                "{name} is not supported by this endpoint (supported: {})",
                SUPPORTED_REQUESTS.join(", ")
            ));
            Err(received
                .reject(store, Some(&partner.id), "unknown", inbound.issues, err)
                .await)
        }
    }
}

/// An authenticated cXML request, as the request handlers need it.
pub(crate) struct Inbound<'a> {
    /// The raw request (for the archive).
    pub(crate) received: &'a Received<'a>,
    /// `cXML@payloadID`.
    pub(crate) payload_id: &'a str,
    /// The envelope header.
    pub(crate) header: &'a cxml::Header,
    /// `Request@deploymentMode`.
    pub(crate) deployment_mode: Option<String>,
    /// Everything the reader noticed, as text.
    pub(crate) issues: Vec<String>,
    /// The reader's errors only.
    pub(crate) errors: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_shared_secret() {
        let body = b"<Sender><Credential domain=\"x\"><Identity>a</Identity><SharedSecret>s3cr3t</SharedSecret></Credential></Sender><SharedSecret >two</SharedSecret>";
        let masked = String::from_utf8(mask_shared_secrets(body)).unwrap();
        assert!(
            !masked.contains("s3cr3t") && !masked.contains("two"),
            "{masked}"
        );
        assert_eq!(masked.matches("<SharedSecret").count(), 2);
        assert_eq!(mask_shared_secrets(b"no secret"), b"no secret");
        assert_eq!(
            mask_shared_secrets(b"<SharedSecret>unterminated"),
            b"<SharedSecret>***"
        );
        assert_eq!(
            mask_shared_secrets(b"<SharedSecret>abc</SharedSecret >tail"),
            b"<SharedSecret>***</SharedSecret >tail"
        );
        assert_eq!(
            mask_shared_secrets(b"<SharedSecretX>keep</SharedSecretX>"),
            b"<SharedSecretX>keep</SharedSecretX>"
        );
        // The parsed value is masked wherever it appears literally (CDATA tricks).
        let cdata = b"<SharedSecret><![CDATA[ab</SharedSecret>cd]]></SharedSecret>";
        let masked =
            mask_shared_secrets(&mask_literals(cdata, &["ab</SharedSecret>cd".to_owned()]));
        let masked = String::from_utf8_lossy(&masked);
        assert!(!masked.contains("ab") && !masked.contains("cd"), "{masked}");
    }
}
