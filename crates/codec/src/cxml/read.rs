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
//! - At most [`MAX_ISSUES`] issues of the reader's own are listed; the rest are summed up in one
//!   closing issue, which is an error when any of them was.
//!
//! `ShipTo/Address` maps to [`model::Party`]: `Name` → `name`; `addressID` → identifier scheme
//! `buyer_assigned`; `DeliverTo` lines then `Street` lines → `address_lines`; `City`, `State` →
//! `region`, `PostalCode`, `Country@isoCountryCode` (or its text) → `country`; `Email`/`Phone`
//! (with the first `DeliverTo` as name) → one contact with role `ship_to`. `BillTo/Address` maps
//! the same way (the contact's role is then `bill_to`). In an `OrderRequest`, the
//! `IdReference domain="…" identifier="…"`s of a `ShipTo`/`BillTo` become further identifiers
//! (scheme = domain).
//!
//! `OrderRequest` rules: `orderID` and an `ItemOut` are required (406 errors), as is each line's
//! `quantity`; a missing `BillTo` or `Total`, an `orderDate` that does not parse, a line without
//! `ItemDetail` (so without a price) are warnings; amounts that are not numbers are 406 errors.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::types::{
    Body, Credential, Cxml, Header, ItemId, ItemOut, Message, Money, Operation, OperationAllowed,
    OrderRequest, OrderRequestHeader, OrderRequestType, PaymentTerm, PunchOutOrderMessage,
    PunchOutSetupRequest, Request, ResponseKind, Shipping, Status, Tax, TaxDetail,
};
use super::xml::{self, limit, Element, MAX_ISSUES};
use crate::{CodecError, Format, Issue, Location, Severity};

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
    let mut cx = Ctx {
        issues: IssueList::after(issues),
    };
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
        issues: cx.issues.finish(),
    })
}

/// A bounded issue list: after [`MAX_ISSUES`] issues of its own, further ones are only counted,
/// and [`finish`](Self::finish) adds one closing issue for them (an error, with the code of the
/// first error among them, when any was an error, so that dropping never hides a rejection).
pub(crate) struct IssueList {
    list: Vec<Issue>,
    cap: usize,
    more: usize,
    first_dropped_error: Option<Issue>,
}

impl IssueList {
    /// An empty list.
    pub(crate) fn new() -> Self {
        Self::after(Vec::new())
    }

    /// A list that starts with `issues` (already bounded elsewhere) and takes up to
    /// [`MAX_ISSUES`] more.
    pub(crate) fn after(issues: Vec<Issue>) -> Self {
        Self {
            cap: issues.len().saturating_add(MAX_ISSUES),
            list: issues,
            more: 0,
            first_dropped_error: None,
        }
    }

    pub(crate) fn push(&mut self, issue: Issue) {
        if self.list.len() < self.cap {
            self.list.push(issue);
        } else {
            self.more = self.more.saturating_add(1);
            if issue.severity == Severity::Error && self.first_dropped_error.is_none() {
                self.first_dropped_error = Some(issue);
            }
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Issue> {
        if self.more > 0 {
            let more = self.more;
            let closing = match self.first_dropped_error {
                Some(e) => Issue {
                    message: format!(
                        "{more} more issues were not listed; the first error among them: {}",
                        e.message
                    ),
                    ..e
                },
                None => Issue::warning(
                    Location::default(),
                    format!("{more} more issues were not listed (all warnings)"),
                ),
            };
            self.list.push(closing);
        }
        self.list
    }
}

struct Ctx {
    issues: IssueList,
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
            let request = match inner.name.as_str() {
                "PunchOutSetupRequest" => Request::PunchOutSetup(read_posr(cx, inner)),
                "OrderRequest" => Request::Order(read_order_request(cx, inner)),
                "ProfileRequest" => Request::Profile,
                _ => Request::Other {
                    name: inner.name.clone(),
                },
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
    let contacts = el.children_named("Contact").map(read_contact).collect();
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
        .map(|(i, it)| read_item(cx, it, &format!("{P}/ItemOut[{}]", i + 1), Detail::Optional))
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
        .map(|(i, it)| read_item(cx, it, &format!("{P}/ItemIn[{}]", i + 1), Detail::Required))
        .collect();
    PunchOutOrderMessage {
        buyer_cookie,
        operation_allowed,
        total,
        currency,
        items,
    }
}

/// What a missing `ItemDetail` means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// A 406 error (`ItemIn` of a PunchOutOrderMessage).
    Required,
    /// Nothing (`ItemOut` of a setup request).
    Optional,
    /// A warning: the line has no price (`ItemOut` of an OrderRequest).
    Warn,
}

fn read_item(cx: &mut Ctx, it: &Element, path: &str, detail: Detail) -> ItemOut {
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
    match (it.child("ItemDetail"), detail) {
        (Some(d), _) => read_detail(cx, d, &format!("{path}/ItemDetail"), &mut item),
        (None, Detail::Required) => {
            cx.error(&format!("{path}/ItemDetail"), "406", "Missing ItemDetail");
        }
        (None, Detail::Warn) => {
            cx.warn(
                &format!("{path}/ItemDetail"),
                "No ItemDetail: the line has no price, description or unit",
            );
        }
        (None, Detail::Optional) => {}
    }
    item.extrinsics.extend(read_extrinsics(it));
    item.requested_delivery_date = it
        .attr("requestedDeliveryDate")
        .and_then(|d| read_date(cx, d, &format!("{path}/@requestedDeliveryDate")));
    item.parent_line_number = attr_text(it, "parentLineNumber");
    item.item_type = attr_text(it, "itemType");
    let ship_to = it.child("ShipTo");
    item.ship_to = ship_to.and_then(|s| read_ship_to(cx, s, &format!("{path}/ShipTo"), false));
    item.shipping = read_shipping(
        cx,
        it.child("Shipping"),
        ship_to,
        &format!("{path}/Shipping"),
    );
    item.tax = it
        .child("Tax")
        .map(|t| read_tax(cx, t, &format!("{path}/Tax")));
    (item.comments, item.attachments) = read_comments(it);
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

fn read_order_request(cx: &mut Ctx, el: &Element) -> OrderRequest {
    const P: &str = "/cXML/Request/OrderRequest";
    let header = match el.child("OrderRequestHeader") {
        Some(h) => read_order_header(cx, h, &format!("{P}/OrderRequestHeader")),
        None => {
            cx.error(
                &format!("{P}/OrderRequestHeader"),
                "406",
                "Missing OrderRequestHeader",
            );
            OrderRequestHeader {
                order_type: "regular".to_owned(),
                ..OrderRequestHeader::default()
            }
        }
    };
    let items: Vec<ItemOut> = el
        .children_named("ItemOut")
        .enumerate()
        .map(|(i, it)| read_item(cx, it, &format!("{P}/ItemOut[{}]", i + 1), Detail::Warn))
        .collect();
    if items.is_empty() {
        cx.error(
            &format!("{P}/ItemOut"),
            "406",
            "OrderRequest has no ItemOut",
        );
    }
    OrderRequest { header, items }
}

fn read_order_header(cx: &mut Ctx, h: &Element, path: &str) -> OrderRequestHeader {
    let order_id = match h.attr("orderID").map(str::trim) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => {
            cx.error(&format!("{path}/@orderID"), "406", "Missing orderID");
            String::new()
        }
    };
    let order_date_raw = h.attr("orderDate").map(str::to_owned);
    let order_date = match &order_date_raw {
        None => {
            cx.warn(&format!("{path}/@orderDate"), "Missing orderDate");
            None
        }
        Some(raw) => {
            let ts = super::parse_timestamp(raw);
            if ts.is_none() {
                cx.warn(
                    &format!("{path}/@orderDate"),
                    format!("orderDate {} is not an ISO 8601 date-time", limit(raw, 60)),
                );
            }
            ts
        }
    };
    let kind = match h.attr("type") {
        None => OrderRequestType::New,
        Some(t) => {
            let kind = OrderRequestType::from_code(t);
            if let OrderRequestType::Other(other) = &kind {
                cx.warn(
                    &format!("{path}/@type"),
                    format!("type {} is not new, update or delete", limit(other, 40)),
                );
            }
            kind
        }
    };
    let order_version = h.attr("orderVersion").and_then(|v| {
        let n = v.trim().parse::<u32>().ok();
        if n.is_none() {
            cx.warn(
                &format!("{path}/@orderVersion"),
                format!("orderVersion {} is not a whole number", limit(v, 40)),
            );
        }
        n
    });
    let requested_delivery_date_raw = h.attr("requestedDeliveryDate").map(str::to_owned);
    let requested_delivery_date = requested_delivery_date_raw
        .as_deref()
        .and_then(|d| read_date(cx, d, &format!("{path}/@requestedDeliveryDate")));
    let total = match h.child("Total") {
        Some(t) => money_child(cx, t, &format!("{path}/Total")),
        None => {
            cx.warn(&format!("{path}/Total"), "Missing Total");
            None
        }
    };
    let ship_to_el = h.child("ShipTo");
    let ship_to = ship_to_el.and_then(|s| read_ship_to(cx, s, &format!("{path}/ShipTo"), false));
    let bill_to = match h.child("BillTo") {
        Some(b) => read_ship_to(cx, b, &format!("{path}/BillTo"), true),
        None => {
            cx.warn(
                &format!("{path}/BillTo"),
                "Missing BillTo (the DTD requires one)",
            );
            None
        }
    };
    let shipping = read_shipping(
        cx,
        h.child("Shipping"),
        ship_to_el,
        &format!("{path}/Shipping"),
    );
    let tax = h
        .child("Tax")
        .map(|t| read_tax(cx, t, &format!("{path}/Tax")));
    let payment_terms = h
        .children_named("PaymentTerm")
        .enumerate()
        .map(|(i, pt)| read_payment_term(cx, pt, &format!("{path}/PaymentTerm[{}]", i + 1)))
        .collect();
    let contacts = h.children_named("Contact").map(read_contact).collect();
    let (comments, attachments) = read_comments(h);
    let document_reference = h
        .child("DocumentReference")
        .and_then(|d| attr_text(d, "payloadID"));
    if document_reference.is_none()
        && matches!(kind, OrderRequestType::Update | OrderRequestType::Delete)
    {
        cx.warn(
            &format!("{path}/DocumentReference"),
            format!(
                "An OrderRequest of type {} should name the previous version in \
                 DocumentReference@payloadID",
                kind.as_str()
            ),
        );
    }
    OrderRequestHeader {
        order_id,
        order_date_raw,
        order_date,
        kind,
        order_type: attr_text(h, "orderType").unwrap_or_else(|| "regular".to_owned()),
        order_version,
        requisition_id: attr_text(h, "requisitionID"),
        ship_complete: h
            .attr("shipComplete")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("yes")),
        requested_delivery_date_raw,
        requested_delivery_date,
        total,
        ship_to,
        bill_to,
        shipping,
        tax,
        payment_terms,
        contacts,
        comments,
        attachments,
        document_reference,
        extrinsics: read_extrinsics(h),
    }
}

/// The trimmed value of attribute `name`; `None` when absent or blank.
fn attr_text(el: &Element, name: &str) -> Option<String> {
    el.attr(name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A date, or the date of a date-time as written (`2025-01-28T23:00:00+00:00` → 2025-01-28);
/// a warning and `None` for anything else.
fn read_date(cx: &mut Ctx, raw: &str, path: &str) -> Option<NaiveDate> {
    let date = super::parse_timestamp(raw).map(|ts| ts.date_naive());
    if date.is_none() {
        cx.warn(
            path,
            format!("{} is not an ISO 8601 date or date-time", limit(raw, 60)),
        );
    }
    date
}

/// `<Money currency>` → amount (406 error when not a number) and currency (warning when absent).
fn read_money(cx: &mut Ctx, m: &Element, path: &str) -> Option<Money> {
    let amount = parse_decimal_or_issue(cx, &m.deep_text(), path)?;
    let currency = attr_text(m, "currency").unwrap_or_else(|| {
        cx.warn(path, "Money has no currency attribute");
        String::new()
    });
    Some(Money { amount, currency })
}

/// The `Money` child of `parent` (at `path`); a warning when there is none.
fn money_child(cx: &mut Ctx, parent: &Element, path: &str) -> Option<Money> {
    match parent.child("Money") {
        Some(m) => read_money(cx, m, &format!("{path}/Money")),
        None => {
            cx.warn(path, format!("{} has no Money", limit(&parent.name, 40)));
            None
        }
    }
}

/// A `ShipTo` or `BillTo`: its `Address` as a party, plus `IdReference`s as identifiers.
fn read_ship_to(cx: &mut Ctx, el: &Element, path: &str, bill_to: bool) -> Option<model::Party> {
    let mut party = match el.child("Address") {
        Some(a) => read_address(a),
        None => {
            cx.warn(path, format!("{} has no Address", limit(&el.name, 40)));
            model::Party::default()
        }
    };
    if bill_to {
        for c in &mut party.contacts {
            c.role = Some("bill_to".to_owned());
        }
    }
    for r in el.children_named("IdReference") {
        if let (Some(domain), Some(id)) = (attr_text(r, "domain"), attr_text(r, "identifier")) {
            party.identifiers.push(model::Identifier::new(domain, id));
        }
    }
    Some(party).filter(|p| *p != model::Party::default())
}

/// `Shipping` merged with the carrier and transport method of the `ShipTo` beside it; without
/// a `Shipping`, only those (or `None`).
fn read_shipping(
    cx: &mut Ctx,
    shipping: Option<&Element>,
    ship_to: Option<&Element>,
    path: &str,
) -> Option<Shipping> {
    let ship_to_carrier = ship_to.and_then(|s| s.child_text("CarrierIdentifier"));
    let method = ship_to
        .and_then(|s| s.child("TransportInformation"))
        .and_then(|t| t.child("Route"))
        .and_then(|r| attr_text(r, "method"));
    match shipping {
        Some(s) => Some(Shipping {
            money: money_child(cx, s, path),
            description: s.child_text("Description"),
            carrier: attr_text(s, "trackingDomain").or(ship_to_carrier),
            tracking_id: attr_text(s, "trackingId"),
            method,
        }),
        None if ship_to_carrier.is_some() || method.is_some() => Some(Shipping {
            carrier: ship_to_carrier,
            method,
            ..Shipping::default()
        }),
        None => None,
    }
}

fn read_tax(cx: &mut Ctx, t: &Element, path: &str) -> Tax {
    Tax {
        money: money_child(cx, t, path),
        description: t.child_text("Description"),
        details: t
            .children_named("TaxDetail")
            .enumerate()
            .map(|(i, d)| read_tax_detail(cx, d, &format!("{path}/TaxDetail[{}]", i + 1)))
            .collect(),
    }
}

fn read_tax_detail(cx: &mut Ctx, d: &Element, path: &str) -> TaxDetail {
    let percentage_rate = d.attr("percentageRate").and_then(|r| {
        let rate = parse_decimal(r);
        if rate.is_none() {
            cx.warn(
                &format!("{path}/@percentageRate"),
                format!("percentageRate {} is not a number", limit(r.trim(), 40)),
            );
        }
        rate
    });
    let amount = |name: &str, cx: &mut Ctx| {
        d.child(name)
            .and_then(|a| money_child(cx, a, &format!("{path}/{name}")))
    };
    let taxable_amount = amount("TaxableAmount", cx);
    let tax_amount = amount("TaxAmount", cx);
    if d.child("TaxAmount").is_none() {
        cx.warn(path, "TaxDetail has no TaxAmount");
    }
    TaxDetail {
        purpose: attr_text(d, "purpose"),
        category: attr_text(d, "category"),
        percentage_rate,
        taxable_amount,
        tax_amount,
        location: d.child_text("TaxLocation"),
        description: d.child_text("Description"),
    }
}

fn read_payment_term(cx: &mut Ctx, pt: &Element, path: &str) -> PaymentTerm {
    let pay_in_days = match pt.attr("payInNumberOfDays") {
        Some(d) => {
            let n = d.trim().parse::<u32>().ok();
            if n.is_none() {
                cx.warn(
                    &format!("{path}/@payInNumberOfDays"),
                    format!("payInNumberOfDays {} is not a whole number", limit(d, 40)),
                );
            }
            n
        }
        None => {
            cx.warn(path, "PaymentTerm has no payInNumberOfDays");
            None
        }
    };
    let discount = pt.child("Discount");
    let discount_percent = discount
        .and_then(|d| d.child("DiscountPercent"))
        .and_then(|p| {
            let raw = p.attr("percent").unwrap_or_default();
            let pct = parse_decimal(raw);
            if pct.is_none() {
                cx.warn(
                    &format!("{path}/Discount/DiscountPercent/@percent"),
                    format!("Discount percent {} is not a number", limit(raw.trim(), 40)),
                );
            }
            pct
        });
    let discount_amount = discount
        .and_then(|d| d.child("DiscountAmount"))
        .and_then(|a| money_child(cx, a, &format!("{path}/Discount/DiscountAmount")));
    PaymentTerm {
        pay_in_days,
        discount_percent,
        discount_amount,
    }
}

fn read_contact(c: &Element) -> model::Contact {
    model::Contact {
        name: c.child_text("Name"),
        role: attr_text(c, "role"),
        email: c.child_text("Email"),
        phone: c.child("Phone").and_then(read_phone),
    }
}

/// `Comments` children of `el`: (their own texts, their `Attachment/URL`s).
fn read_comments(el: &Element) -> (Vec<String>, Vec<String>) {
    let mut comments = Vec::new();
    let mut attachments = Vec::new();
    for c in el.children_named("Comments") {
        let text = c.own_text();
        let text = text.trim();
        if !text.is_empty() {
            comments.push(text.to_owned());
        }
        attachments.extend(
            c.children_named("Attachment")
                .filter_map(|a| a.child_text("URL")),
        );
    }
    (comments, attachments)
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
