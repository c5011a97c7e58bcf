//! Lenient cXML reader: element tree → wire types, collecting [`Issue`]s on the way.
//!
//! Rules:
//! - Fails only when nothing usable is there: not well-formed, root not `cXML`, no `payloadID`,
//!   no `Request`/`Message`/`Response` (or an empty one), a `Response` without `Status`.
//! - Unknown elements and attributes are ignored; element names are matched exactly (XML is
//!   case-sensitive).
//! - Scalar texts are trimmed, except `BuyerCookie` and `SupplierPartAuxiliaryID` which are kept
//!   verbatim because they must go back exactly as received.
//! - Missing required pieces become error issues (code `400`/`406`), doubtful ones warnings.
//!
//! `ShipTo/Address` maps to [`model::Party`]: `Name` → `name`; `addressID` → identifier scheme
//! `buyer_assigned`; `DeliverTo` lines then `Street` lines → `address_lines`; `City`, `State` →
//! `region`, `PostalCode`, `Country@isoCountryCode` (or its text) → `country`; `Email`/`Phone`
//! (with the first `DeliverTo` as name) → one contact with role `ship_to`.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::types::{
    Body, Credential, Cxml, Header, ItemId, ItemOut, Message, Operation, OperationAllowed,
    PunchOutOrderMessage, PunchOutSetupRequest, Request, ResponseKind, Status,
};
use super::xml::{self, limit, Element};
use crate::{CodecError, Format, Issue, Location};

/// The result of [`read`]: the document and what was noticed while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The document.
    pub doc: Cxml,
    /// Warnings and errors; an error issue means the document should be answered with a
    /// non-2xx status (its `code`, when set, is the suggested cXML status code).
    pub issues: Vec<Issue>,
}

/// Read a cXML document (any 1.1 / 1.2.x version) from bytes. Never panics.
// `CodecError` is the crate-wide error; its size is not worth boxing for one call per document.
#[allow(clippy::result_large_err)]
pub fn read(input: &[u8]) -> Result<Read, CodecError> {
    let parsed = xml::parse(input).map_err(|e| CodecError::Malformed {
        format: Format::Cxml,
        location: Location::at_offset(e.offset),
        message: e.message,
    })?;
    let xml::Document { root, issues } = parsed;
    let root = &root;
    let mut cx = Ctx { issues };
    if root.name != "cXML" {
        return Err(malformed(
            root,
            "/",
            format!(
                "expected root element cXML, found {}",
                limit(&root.name, 60)
            ),
        ));
    }
    let payload_id = match root.attr("payloadID").map(str::trim) {
        Some(p) if !p.is_empty() => p.to_owned(),
        _ => {
            return Err(malformed(
                root,
                "/cXML/@payloadID",
                "missing payloadID attribute on cXML",
            ))
        }
    };
    let timestamp = root.attr("timestamp").map(str::to_owned);
    match &timestamp {
        None => cx.warn("/cXML/@timestamp", "Missing timestamp attribute on cXML"),
        Some(ts) if super::parse_timestamp(ts).is_none() => cx.warn(
            "/cXML/@timestamp",
            format!("Timestamp {} is not an ISO 8601 date-time", limit(ts, 60)),
        ),
        Some(_) => {}
    }
    let header = root.child("Header").map(|h| read_header(&mut cx, h));
    let body = read_body(&mut cx, root, header.is_some())?;
    let doc = Cxml {
        version: root.attr("version").map(|v| v.trim().to_owned()),
        payload_id,
        timestamp,
        lang: root.attr("xml:lang").map(|v| v.trim().to_owned()),
        header,
        body,
    };
    Ok(Read {
        doc,
        issues: cx.issues,
    })
}

struct Ctx {
    issues: Vec<Issue>,
}

impl Ctx {
    fn warn(&mut self, path: &str, msg: impl Into<String>) {
        self.issues
            .push(Issue::warning(Location::at_path(path), msg));
    }

    fn error(&mut self, path: &str, code: &str, msg: impl Into<String>) {
        self.issues
            .push(Issue::error(Location::at_path(path), msg).with_code(code));
    }
}

fn malformed(el: &Element, path: &str, message: impl Into<String>) -> CodecError {
    CodecError::Malformed {
        format: Format::Cxml,
        location: Location {
            offset: Some(el.offset),
            path: Some(path.to_owned()),
            ..Location::default()
        },
        message: message.into(),
    }
}

fn read_header(cx: &mut Ctx, h: &Element) -> Header {
    let mut header = Header::default();
    for (name, dest) in [("From", 0), ("To", 1), ("Sender", 2)] {
        let path = format!("/cXML/Header/{name}");
        let Some(part) = h.child(name) else {
            cx.error(&path, "400", format!("Header has no {name}"));
            continue;
        };
        let creds = read_credentials(cx, part, &path);
        if creds.is_empty() {
            cx.error(&path, "400", format!("{name} has no Credential"));
        }
        match dest {
            0 => header.from = creds,
            1 => header.to = creds,
            _ => {
                header.sender = creds;
                header.user_agent = part.child_text("UserAgent");
            }
        }
    }
    header
}

fn read_credentials(cx: &mut Ctx, part: &Element, path: &str) -> Vec<Credential> {
    part.children_named("Credential")
        .enumerate()
        .map(|(i, c)| {
            let p = format!("{path}/Credential[{}]", i + 1);
            let domain = c.attr("domain").map(|d| d.trim().to_owned());
            if domain.is_none() {
                cx.warn(&p, "Credential has no domain attribute");
            }
            let identity = c.child_text("Identity");
            if identity.is_none() {
                cx.warn(&p, "Credential has no Identity");
            }
            Credential {
                domain: domain.unwrap_or_default(),
                identity: identity.unwrap_or_default(),
                shared_secret: c
                    .child("SharedSecret")
                    .map(|s| s.deep_text().trim().to_owned()),
            }
        })
        .collect()
}

#[allow(clippy::result_large_err)]
fn read_body(cx: &mut Ctx, root: &Element, has_header: bool) -> Result<Body, CodecError> {
    let Some(el) = root
        .elements()
        .find(|e| matches!(e.name.as_str(), "Request" | "Message" | "Response"))
    else {
        return Err(malformed(
            root,
            "/cXML",
            "cXML contains no Request, Message or Response",
        ));
    };
    match el.name.as_str() {
        "Request" => {
            if !has_header {
                cx.error("/cXML/Header", "400", "Request without Header");
            }
            let Some(inner) = el.first_element() else {
                return Err(malformed(
                    el,
                    "/cXML/Request",
                    "Request contains no request element",
                ));
            };
            let request = if inner.name == "PunchOutSetupRequest" {
                Request::PunchOutSetup(read_posr(cx, inner))
            } else {
                Request::Other {
                    name: inner.name.clone(),
                }
            };
            Ok(Body::Request {
                deployment_mode: el.attr("deploymentMode").map(|v| v.trim().to_owned()),
                request,
            })
        }
        "Message" => {
            if !has_header {
                cx.error("/cXML/Header", "400", "Message without Header");
            }
            let status = el
                .child("Status")
                .map(|s| read_status(cx, s, "/cXML/Message/Status"));
            let Some(inner) = el.elements().find(|e| e.name != "Status") else {
                return Err(malformed(
                    el,
                    "/cXML/Message",
                    "Message contains no message element",
                ));
            };
            let message = if inner.name == "PunchOutOrderMessage" {
                Message::PunchOutOrder(read_poom(cx, inner))
            } else {
                Message::Other {
                    name: inner.name.clone(),
                }
            };
            Ok(Body::Message {
                deployment_mode: el.attr("deploymentMode").map(|v| v.trim().to_owned()),
                in_reply_to: el.attr("inReplyTo").map(str::to_owned),
                status,
                message,
            })
        }
        _ => {
            let Some(st) = el.child("Status") else {
                return Err(malformed(el, "/cXML/Response", "Response has no Status"));
            };
            let status = read_status(cx, st, "/cXML/Response/Status");
            let response = el.elements().find(|e| e.name != "Status").map(|r| {
                if r.name == "PunchOutSetupResponse" {
                    let url = r
                        .child("StartPage")
                        .and_then(|s| s.child_text("URL"))
                        .unwrap_or_default();
                    if url.is_empty() {
                        cx.error(
                            "/cXML/Response/PunchOutSetupResponse",
                            "406",
                            "PunchOutSetupResponse has no StartPage/URL",
                        );
                    }
                    ResponseKind::PunchOutSetup {
                        start_page_url: url,
                    }
                } else {
                    ResponseKind::Other {
                        name: r.name.clone(),
                    }
                }
            });
            Ok(Body::Response { status, response })
        }
    }
}

fn read_status(cx: &mut Ctx, st: &Element, path: &str) -> Status {
    let code = match st.attr("code").map(|c| c.trim().parse::<u16>()) {
        Some(Ok(c)) => c,
        Some(Err(_)) => {
            cx.error(path, "406", "Status code is not a number");
            0
        }
        None => {
            cx.error(path, "406", "Status has no code attribute");
            0
        }
    };
    let text = st.attr("text").map(|t| t.trim().to_owned());
    if text.is_none() {
        cx.warn(path, "Status has no text attribute");
    }
    Status {
        code,
        text: text.unwrap_or_default(),
        message: st.deep_text().trim().to_owned(),
    }
}

fn read_posr(cx: &mut Ctx, el: &Element) -> PunchOutSetupRequest {
    const P: &str = "/cXML/Request/PunchOutSetupRequest";
    let operation = match el.attr("operation") {
        Some(op) => {
            let op = Operation::from_code(op);
            if let Operation::Other(s) = &op {
                cx.error(
                    &format!("{P}/@operation"),
                    "406",
                    format!("Unknown operation {}", limit(s, 40)),
                );
            }
            op
        }
        None => {
            cx.error(
                &format!("{P}/@operation"),
                "406",
                "PunchOutSetupRequest has no operation attribute",
            );
            Operation::Other(String::new())
        }
    };
    let buyer_cookie = read_cookie(cx, el, &format!("{P}/BuyerCookie"));
    let extrinsics = read_extrinsics(el);
    let browser_form_post = el
        .child("BrowserFormPost")
        .and_then(|b| b.child_text("URL"));
    if browser_form_post.is_none() {
        cx.warn(
            &format!("{P}/BrowserFormPost"),
            "No BrowserFormPost URL: the cart cannot be returned through the browser",
        );
    }
    let supplier_setup = el.child("SupplierSetup").and_then(|b| b.child_text("URL"));
    let contacts = el
        .children_named("Contact")
        .map(|c| model::Contact {
            name: c.child_text("Name"),
            role: c.attr("role").map(|r| r.trim().to_owned()),
            email: c.child_text("Email"),
            phone: c.child("Phone").and_then(read_phone),
        })
        .collect();
    let ship_to = el
        .child("ShipTo")
        .and_then(|s| s.child("Address"))
        .map(read_address);
    let selected_item = el.child("SelectedItem").map(|s| match s.child("ItemID") {
        Some(id) => read_item_id(cx, id, &format!("{P}/SelectedItem/ItemID")),
        None => {
            cx.warn(&format!("{P}/SelectedItem"), "SelectedItem has no ItemID");
            ItemId::default()
        }
    });
    let items = el
        .children_named("ItemOut")
        .enumerate()
        .map(|(i, it)| read_item(cx, it, &format!("{P}/ItemOut[{}]", i + 1), false))
        .collect();
    PunchOutSetupRequest {
        operation,
        buyer_cookie,
        extrinsics,
        browser_form_post,
        supplier_setup,
        contacts,
        ship_to,
        selected_item,
        items,
    }
}

fn read_cookie(cx: &mut Ctx, el: &Element, path: &str) -> String {
    match el.child("BuyerCookie") {
        Some(c) => {
            if c.has_element_children() {
                cx.warn(
                    path,
                    "BuyerCookie contains elements; only their text is kept",
                );
            }
            let cookie = c.deep_text();
            if cookie.trim().is_empty() {
                cx.error(path, "406", "BuyerCookie is empty");
            }
            cookie
        }
        None => {
            cx.error(path, "406", "Missing BuyerCookie");
            String::new()
        }
    }
}

fn read_extrinsics(el: &Element) -> Vec<(String, String)> {
    el.children_named("Extrinsic")
        .map(|e| {
            (
                e.attr("name").unwrap_or_default().trim().to_owned(),
                e.deep_text().trim().to_owned(),
            )
        })
        .collect()
}

fn read_poom(cx: &mut Ctx, el: &Element) -> PunchOutOrderMessage {
    const P: &str = "/cXML/Message/PunchOutOrderMessage";
    let buyer_cookie = read_cookie(cx, el, &format!("{P}/BuyerCookie"));
    let header = el.child("PunchOutOrderMessageHeader");
    let hp = format!("{P}/PunchOutOrderMessageHeader");
    if header.is_none() {
        cx.error(&hp, "406", "Missing PunchOutOrderMessageHeader");
    }
    let operation_allowed = header.and_then(|h| {
        let op = h
            .attr("operationAllowed")
            .and_then(OperationAllowed::from_code);
        if op.is_none() {
            cx.warn(
                &format!("{hp}/@operationAllowed"),
                "operationAllowed is missing or not create|inspect|edit",
            );
        }
        op
    });
    let money = header
        .and_then(|h| h.child("Total"))
        .and_then(|t| t.child("Money"));
    let (total, currency) = match money {
        Some(m) => (
            parse_decimal_or_issue(cx, &m.deep_text(), &format!("{hp}/Total/Money")),
            m.attr("currency").map(|c| c.trim().to_owned()),
        ),
        None => (None, None),
    };
    let items = el
        .children_named("ItemIn")
        .enumerate()
        .map(|(i, it)| read_item(cx, it, &format!("{P}/ItemIn[{}]", i + 1), true))
        .collect();
    PunchOutOrderMessage {
        buyer_cookie,
        operation_allowed,
        total,
        currency,
        items,
    }
}

fn read_item(cx: &mut Ctx, it: &Element, path: &str, detail_required: bool) -> ItemOut {
    let quantity = match it.attr("quantity") {
        Some(q) => match parse_decimal(q) {
            Some(d) => d,
            None => {
                cx.error(
                    &format!("{path}/@quantity"),
                    "406",
                    format!("Quantity {} is not a number", limit(q, 40)),
                );
                Decimal::ZERO
            }
        },
        None => {
            cx.error(&format!("{path}/@quantity"), "406", "Missing quantity");
            Decimal::ZERO
        }
    };
    let line_number = it.attr("lineNumber").and_then(|l| {
        let n = l.trim().parse::<u32>().ok();
        if n.is_none() {
            cx.warn(
                &format!("{path}/@lineNumber"),
                format!("lineNumber {} is not a whole number", limit(l, 40)),
            );
        }
        n
    });
    let item_id = match it.child("ItemID") {
        Some(id) => {
            let id = read_item_id(cx, id, &format!("{path}/ItemID"));
            if id.supplier_part_id.is_empty() {
                cx.warn(&format!("{path}/ItemID"), "Empty SupplierPartID");
            }
            id
        }
        None => {
            cx.error(&format!("{path}/ItemID"), "406", "Missing ItemID");
            ItemId::default()
        }
    };
    let mut item = ItemOut {
        quantity,
        line_number,
        item_id,
        ..ItemOut::default()
    };
    match it.child("ItemDetail") {
        Some(d) => read_detail(cx, d, &format!("{path}/ItemDetail"), &mut item),
        None if detail_required => {
            cx.error(&format!("{path}/ItemDetail"), "406", "Missing ItemDetail");
        }
        None => {}
    }
    item.extrinsics.extend(read_extrinsics(it));
    item
}

fn read_detail(cx: &mut Ctx, d: &Element, path: &str, item: &mut ItemOut) {
    if let Some(m) = d.child("UnitPrice").and_then(|u| u.child("Money")) {
        item.unit_price =
            parse_decimal_or_issue(cx, &m.deep_text(), &format!("{path}/UnitPrice/Money"));
        item.currency = m.attr("currency").map(|c| c.trim().to_owned());
    }
    if let Some(desc) = d.child("Description") {
        let own = desc.own_text().trim().to_owned();
        let short = desc.child_text("ShortName");
        item.description = if own.is_empty() {
            short.clone()
        } else {
            Some(own)
        };
        item.short_name = short;
    }
    item.unit_of_measure = d.child_text("UnitOfMeasure");
    item.classification = d
        .children_named("Classification")
        .map(|c| {
            let text = c.deep_text().trim().to_owned();
            let code = if text.is_empty() {
                c.attr("code").unwrap_or_default().trim().to_owned()
            } else {
                text
            };
            (c.attr("domain").unwrap_or_default().trim().to_owned(), code)
        })
        .collect();
    item.manufacturer_part_id = d.child_text("ManufacturerPartID");
    item.manufacturer_name = d.child_text("ManufacturerName");
    item.lead_time = d.child_text("LeadTime").and_then(|l| {
        let n = l.parse::<u32>().ok();
        if n.is_none() {
            cx.warn(
                &format!("{path}/LeadTime"),
                format!("LeadTime {} is not a whole number of days", limit(&l, 40)),
            );
        }
        n
    });
    item.extrinsics = read_extrinsics(d);
}

fn read_item_id(cx: &mut Ctx, id: &Element, path: &str) -> ItemId {
    if id
        .child("SupplierPartAuxiliaryID")
        .is_some_and(Element::has_element_children)
    {
        cx.warn(
            &format!("{path}/SupplierPartAuxiliaryID"),
            "SupplierPartAuxiliaryID contains elements; only their text is kept",
        );
    }
    ItemId {
        supplier_part_id: id
            .child("SupplierPartID")
            .map(|s| s.deep_text().trim().to_owned())
            .unwrap_or_default(),
        supplier_part_aux_id: id.child("SupplierPartAuxiliaryID").map(Element::deep_text),
        buyer_part_id: id.child_text("BuyerPartID"),
    }
}

fn read_address(a: &Element) -> model::Party {
    let mut party = model::Party {
        name: a.child_text("Name"),
        ..model::Party::default()
    };
    if let Some(id) = a.attr("addressID").map(str::trim).filter(|s| !s.is_empty()) {
        party
            .identifiers
            .push(model::Identifier::new("buyer_assigned", id));
    }
    let mut deliver_to = Vec::new();
    if let Some(pa) = a.child("PostalAddress") {
        deliver_to = pa
            .children_named("DeliverTo")
            .map(|d| d.deep_text().trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        party.address_lines = deliver_to.clone();
        party.address_lines.extend(
            pa.children_named("Street")
                .map(|d| d.deep_text().trim().to_owned())
                .filter(|s| !s.is_empty()),
        );
        party.city = pa.child_text("City");
        party.region = pa.child_text("State");
        party.postal_code = pa.child_text("PostalCode");
        party.country = pa.child("Country").and_then(|c| {
            c.attr("isoCountryCode")
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .or_else(|| Some(c.deep_text().trim().to_owned()).filter(|v| !v.is_empty()))
        });
    }
    let email = a.child_text("Email");
    let phone = a.child("Phone").and_then(read_phone);
    if email.is_some() || phone.is_some() {
        party.contacts.push(model::Contact {
            name: deliver_to.first().cloned(),
            role: Some("ship_to".to_owned()),
            email,
            phone,
        });
    }
    party
}

/// `Phone/TelephoneNumber` as `+<country> <area> <number> x<extension>`.
fn read_phone(p: &Element) -> Option<String> {
    let t = p.child("TelephoneNumber")?;
    let mut parts = Vec::new();
    if let Some(cc) = t.child_text("CountryCode") {
        parts.push(format!("+{}", cc.trim_start_matches('+')));
    }
    parts.extend(t.child_text("AreaOrCityCode"));
    parts.extend(t.child_text("Number"));
    if let Some(ext) = t.child_text("Extension") {
        parts.push(format!("x{ext}"));
    }
    Some(parts.join(" ")).filter(|s| !s.is_empty())
}

/// A plain decimal: optional sign, digits, optional fraction. No exponent, no separators.
pub(crate) fn parse_decimal(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    let ok = !(int.is_empty() && frac.is_none_or(str::is_empty))
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    Decimal::from_str(t.strip_prefix('+').unwrap_or(t)).ok()
}

fn parse_decimal_or_issue(cx: &mut Ctx, text: &str, path: &str) -> Option<Decimal> {
    let d = parse_decimal(text);
    if d.is_none() {
        cx.error(
            path,
            "406",
            format!("Amount {} is not a number", limit(text.trim(), 40)),
        );
    }
    d
}
