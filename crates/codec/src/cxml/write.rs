//! Strict cXML writers (DTD 1.2.071 element order).
//!
//! Every document starts with `<?xml version="1.0" encoding="UTF-8"?>` and [`DOCTYPE`], has no
//! BOM, and is pure US-ASCII: `&`, `<`, `>` and (in attributes) `"` are escaped, every non-ASCII
//! character is a decimal character reference (`ü` → `&#252;`), CR is written `&#13;` (and TAB,
//! LF in attributes `&#9;`, `&#10;`) so they survive XML normalisation, and characters XML 1.0
//! cannot carry at all (most C0 controls, U+FFFE, U+FFFF) are dropped and reported (`invalid_xml_char`:
//! an error in an attribute, an identifier (`…ID`, `…Identifier`) or a credential, a warning in
//! other text). Element content that
//! must round-trip (`BuyerCookie`, `SupplierPartAuxiliaryID`) is written inline, without added
//! whitespace.

use rust_decimal::Decimal;

use super::limits::Limits;
use super::types::{Credential, OperationAllowed};
pub(crate) use super::xml::escape_into;
use super::xml::{is_xml_char, limit};
use crate::{Issue, Location};

/// The DOCTYPE every written document carries.
pub const DOCTYPE: &str =
    r#"<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.071/cXML.dtd">"#;

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Envelope attributes of a document we write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// `payloadID` (see [`super::payload_id`]).
    pub payload_id: String,
    /// `timestamp`, already formatted `YYYY-MM-DDThh:mm:ss±hh:mm` by the caller (see
    /// [`super::format_timestamp`]).
    pub timestamp: String,
    /// `xml:lang` of the document (and of `Description`s), e.g. `en-US`; omitted when empty
    /// (descriptions then say `en`).
    pub lang: String,
}

/// Everything a PunchOutOrderMessage needs besides the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoomParams {
    /// Envelope attributes.
    pub meta: Meta,
    /// `Header/From` credentials (identity only is written).
    pub from: Vec<Credential>,
    /// `Header/To` credentials (identity only is written).
    pub to: Vec<Credential>,
    /// `Header/Sender` credential. Its `shared_secret` is NEVER written: a POOM travels through
    /// the user's browser (DTD comment on `Credential`).
    pub sender: Credential,
    /// `Sender/UserAgent`.
    pub user_agent: String,
    /// The `BuyerCookie` of the setup request, echoed verbatim (it wins over the cart's).
    pub buyer_cookie: String,
    /// `PunchOutOrderMessageHeader@operationAllowed`.
    pub operation_allowed: OperationAllowed,
    /// `Message@deploymentMode` (`production` or `test`; anything else is left out with a
    /// warning).
    pub deployment_mode: Option<String>,
    /// Currency of all `Money` (the cart's currency wins when set; a mismatch is an error).
    pub currency: String,
}

/// The usual `text` for a cXML status `code` (reference §1.10): 200 `OK`, 201 `Accepted`, 204
/// `No Content`, 400 `Bad Request`, 401 `Unauthorized`, 402 `Payment Required`, 403 `Forbidden`,
/// 406 `Not Acceptable`, 409 `Conflict`, 412 `Precondition Failed`, 417 `Expectation Failed`,
/// 450 `Not Implemented`, 475 `Signature Required`, 476 `Signature Verification Failed`, 477
/// `Signature Unsupported`, 499 `Document Too Large`, 500 `Internal Server Error`; otherwise
/// `Success` (2xx), `Failure` (4xx) or `Error`.
pub fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        406 => "Not Acceptable",
        409 => "Conflict",
        412 => "Precondition Failed",
        417 => "Expectation Failed",
        450 => "Not Implemented",
        475 => "Signature Required",
        476 => "Signature Verification Failed",
        477 => "Signature Unsupported",
        499 => "Document Too Large",
        500 => "Internal Server Error",
        _ if (200..300).contains(&code) => "Success",
        _ if (400..500).contains(&code) => "Failure",
        _ => "Error",
    }
}

/// A `Response` carrying only a `Status` (errors, and 200/204 acknowledgements).
/// `message`, when given, is the element content (details of the problem).
pub fn write_status_response(meta: &Meta, code: u16, text: &str, message: Option<&str>) -> String {
    let mut w = Writer::document(meta);
    w.open("Response", &[]);
    let code = code.to_string();
    match message {
        Some(m) => {
            let mut attrs = vec![("code", code.as_str()), ("text", text)];
            if !meta.lang.is_empty() {
                attrs.push(("xml:lang", meta.lang.as_str()));
            }
            w.leaf("Status", &attrs, m);
        }
        None => w.empty("Status", &[("code", &code), ("text", text)]),
    }
    w.close("Response");
    w.finish()
}

/// `Status 200 OK` plus `PunchOutSetupResponse/StartPage/URL`.
pub fn write_punchout_setup_response(meta: &Meta, start_page_url: &str) -> String {
    let mut w = Writer::document(meta);
    w.open("Response", &[]);
    w.empty("Status", &[("code", "200"), ("text", "OK")]);
    w.open("PunchOutSetupResponse", &[]);
    w.open("StartPage", &[]);
    w.leaf("URL", &[], start_page_url);
    w.close("StartPage");
    w.close("PunchOutSetupResponse");
    w.close("Response");
    w.finish()
}

/// `Status 200 OK` plus a `ProfileResponse`: the answer to a `ProfileRequest`.
///
/// `effective_date` is `ProfileResponse@effectiveDate` (when these services were first
/// available), already formatted `YYYY-MM-DDThh:mm:ss±hh:mm` by the caller (see
/// [`super::format_timestamp`]). `transactions` are `(requestName, URL)` pairs, one
/// `<Transaction requestName="…"><URL>…</URL></Transaction>` each, in the given order, e.g.
/// `("OrderRequest", "https://gw.example/cxml")`. The DTD wants at least one `Transaction`; the
/// caller passes at least one (with none the document is not DTD-valid).
pub fn write_profile_response(
    meta: &Meta,
    effective_date: &str,
    transactions: &[(&str, &str)],
) -> String {
    let mut w = Writer::document(meta);
    w.open("Response", &[]);
    w.empty("Status", &[("code", "200"), ("text", "OK")]);
    w.open("ProfileResponse", &[("effectiveDate", effective_date)]);
    for (request_name, url) in transactions {
        w.open("Transaction", &[("requestName", request_name)]);
        w.leaf("URL", &[], url);
        w.close("Transaction");
    }
    w.close("ProfileResponse");
    w.close("Response");
    w.finish()
}

/// A PunchOutOrderMessage returning `cart`, fitted to `limits`.
///
/// One `ItemIn` per cart item (`quantity`, `lineNumber` = 1-based position), `ItemID`
/// (`SupplierPartID`, `SupplierPartAuxiliaryID` verbatim when present), `ItemDetail` in DTD order:
/// `UnitPrice/Money`, `Description xml:lang`, `UnitOfMeasure`, `Classification`s (an empty
/// `<Classification domain="UNSPSC"></Classification>` with a warning when the item has none, as
/// the DTD requires one), `ManufacturerPartID`, `ManufacturerName`, `LeadTime`, then the item's
/// extrinsics as `Extrinsic`s. `Total` is the cart's total when given, else the sum of the lines.
/// Cart-level extrinsics have no place in a POOM header and are not written (warning).
///
/// Returned issues: errors for what cannot be fixed (IDs over the limit or with forbidden
/// characters, missing part ID, currency mismatch, no From/To credential), warnings for what was
/// fixed (truncations, rounding, unit mapping, defaults). See [`Limits`].
pub fn write_punchout_order_message(
    p: &PoomParams,
    cart: &model::PunchoutCart,
    limits: &Limits,
) -> (String, Vec<Issue>) {
    const MSG: &str = "/cXML/Message";
    const POOM: &str = "/cXML/Message/PunchOutOrderMessage";
    let mut issues = Vec::new();

    let currency = match &cart.currency {
        Some(c) => {
            if !p.currency.is_empty() && c.as_str() != p.currency {
                issues.push(
                    Issue::error(
                        Location::at_path(format!("{POOM}/PunchOutOrderMessageHeader/Total")),
                        format!(
                            "Cart currency {c} differs from the session currency {}; {c} written",
                            limit(&p.currency, 10)
                        ),
                    )
                    .with_code("currency_mismatch"),
                );
            }
            c.as_str().to_owned()
        }
        None => p.currency.clone(),
    };
    if currency.is_empty() {
        issues.push(
            Issue::error(
                Location::at_path(format!("{POOM}/PunchOutOrderMessageHeader/Total")),
                "No currency: Money requires one",
            )
            .with_code("no_currency"),
        );
    }
    if !cart.buyer_cookie.is_empty() && cart.buyer_cookie != p.buyer_cookie {
        issues.push(
            Issue::warning(
                Location::at_path(format!("{POOM}/BuyerCookie")),
                "The cart's buyer cookie differs from the session's; the session's is written",
            )
            .with_code("buyer_cookie_mismatch"),
        );
    }
    if !cart.extrinsics.is_empty() {
        issues.push(
            Issue::warning(
                Location::at_path(format!("{POOM}/PunchOutOrderMessageHeader")),
                "Cart-level extrinsics are not written (PunchOutOrderMessageHeader has no \
                 Extrinsic)",
            )
            .with_code("cart_extrinsics_dropped"),
        );
    }
    for (name, creds) in [("From", &p.from), ("To", &p.to)] {
        if creds.is_empty() {
            issues.push(
                Issue::error(
                    Location::at_path(format!("/cXML/Header/{name}")),
                    format!("{name} needs at least one Credential"),
                )
                .with_code("no_credential"),
            );
        }
    }
    let deployment_mode = match p.deployment_mode.as_deref() {
        Some(m @ ("production" | "test")) => Some(m),
        Some(other) => {
            issues.push(
                Issue::warning(
                    Location::at_path(format!("{MSG}/@deploymentMode")),
                    format!(
                        "deploymentMode {} is not production or test; left out",
                        limit(other, 20)
                    ),
                )
                .with_code("deployment_mode"),
            );
            None
        }
        None => None,
    };
    let desc_lang = if p.meta.lang.is_empty() {
        "en"
    } else {
        p.meta.lang.as_str()
    };

    // Lines first: limits decide prices, and the total follows from them.
    let mut lines = Writer::fragment(3, POOM);
    let mut sum = Some(Decimal::ZERO);
    for (i, item) in cart.items.iter().enumerate() {
        let n = i + 1;
        let path = format!("{POOM}/ItemIn[{n}]");
        let price = match item.unit_price {
            Some(pr) => limits.fit_price(pr, &format!("{path}/ItemDetail/UnitPrice"), &mut issues),
            None => {
                issues.push(
                    Issue::warning(
                        Location::at_path(format!("{path}/ItemDetail/UnitPrice")),
                        "Item has no unit price; 0 written",
                    )
                    .with_code("no_price"),
                );
                Decimal::ZERO
            }
        };
        sum = sum.and_then(|s| s.checked_add(item.quantity.checked_mul(price)?));
        if item.quantity <= Decimal::ZERO {
            issues.push(
                Issue::warning(
                    Location::at_path(format!("{path}/@quantity")),
                    format!("Quantity {} is not positive", item.quantity),
                )
                .with_code("quantity"),
            );
        }
        write_item(
            &mut lines,
            item,
            n,
            price,
            &currency,
            desc_lang,
            limits,
            &path,
            &mut issues,
        );
    }
    let total = match (cart.total, sum) {
        (Some(t), Some(s)) => {
            if t != s {
                issues.push(
                    Issue::warning(
                        Location::at_path(format!("{POOM}/PunchOutOrderMessageHeader/Total")),
                        format!("Cart total {t} differs from the sum of the lines {s}"),
                    )
                    .with_code("total_mismatch"),
                );
            }
            t
        }
        (Some(t), None) => t,
        (None, Some(s)) => s,
        (None, None) => {
            issues.push(
                Issue::error(
                    Location::at_path(format!("{POOM}/PunchOutOrderMessageHeader/Total")),
                    "The cart total overflows; 0 written",
                )
                .with_code("total_overflow"),
            );
            Decimal::ZERO
        }
    };

    let mut w = Writer::document(&p.meta);
    w.open("Header", &[]);
    w.open("From", &[]);
    for c in &p.from {
        w.credential(c);
    }
    w.close("From");
    w.open("To", &[]);
    for c in &p.to {
        w.credential(c);
    }
    w.close("To");
    w.open("Sender", &[]);
    w.credential(&p.sender);
    w.leaf("UserAgent", &[], &p.user_agent);
    w.close("Sender");
    w.close("Header");
    match deployment_mode {
        Some(m) => w.open("Message", &[("deploymentMode", m)]),
        None => w.open("Message", &[]),
    }
    w.open("PunchOutOrderMessage", &[]);
    w.leaf("BuyerCookie", &[], &p.buyer_cookie);
    w.open(
        "PunchOutOrderMessageHeader",
        &[("operationAllowed", p.operation_allowed.as_str())],
    );
    w.open("Total", &[]);
    w.leaf("Money", &[("currency", &currency)], &total_text(total));
    w.close("Total");
    w.close("PunchOutOrderMessageHeader");
    w.out.push_str(&lines.out);
    w.close("PunchOutOrderMessage");
    w.close("Message");
    let (doc, header_issues) = w.finish_with_issues();
    issues.extend(header_issues);
    issues.extend(lines.issues);
    (doc, issues)
}

/// A total with at least 2 decimals and no trailing zeros beyond them (`544.98510` →
/// `544.9851`, `0` → `0.00`).
pub(super) fn total_text(total: Decimal) -> String {
    let mut t = total.normalize();
    if t.scale() < 2 {
        t.rescale(2);
    }
    t.to_string()
}

#[allow(clippy::too_many_arguments)]
fn write_item(
    w: &mut Writer,
    item: &model::CartItem,
    n: usize,
    price: Decimal,
    currency: &str,
    desc_lang: &str,
    limits: &Limits,
    path: &str,
    issues: &mut Vec<Issue>,
) {
    let id_path = format!("{path}/ItemID");
    let part = item.supplier_part_id.as_deref().unwrap_or_default();
    if part.trim().is_empty() {
        issues.push(
            Issue::error(
                Location::at_path(format!("{id_path}/SupplierPartID")),
                "Item has no supplier part ID",
            )
            .with_code("no_part_id"),
        );
    }
    limits.check_id(
        "SupplierPartID",
        part,
        &format!("{id_path}/SupplierPartID"),
        issues,
    );
    if let Some(aux) = &item.supplier_part_aux_id {
        limits.check_id(
            "SupplierPartAuxiliaryID",
            aux,
            &format!("{id_path}/SupplierPartAuxiliaryID"),
            issues,
        );
    }
    let qty = item.quantity.to_string();
    let line = n.to_string();
    w.open("ItemIn", &[("quantity", &qty), ("lineNumber", &line)]);
    w.open("ItemID", &[]);
    w.leaf("SupplierPartID", &[], part);
    if let Some(aux) = &item.supplier_part_aux_id {
        w.leaf("SupplierPartAuxiliaryID", &[], aux);
    }
    w.close("ItemID");

    let dp = format!("{path}/ItemDetail");
    w.open("ItemDetail", &[]);
    w.open("UnitPrice", &[]);
    w.leaf("Money", &[("currency", currency)], &price.to_string());
    w.close("UnitPrice");
    let desc = match item.description.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => limits.fit_description(d, &format!("{dp}/Description"), issues),
        None => {
            issues.push(
                Issue::warning(
                    Location::at_path(format!("{dp}/Description")),
                    "Item has no description; an empty one is written",
                )
                .with_code("no_description"),
            );
            String::new()
        }
    };
    w.leaf("Description", &[("xml:lang", desc_lang)], &desc);
    let uom = limits.fit_uom(
        item.unit_of_measure
            .as_ref()
            .map(model::UnitOfMeasure::as_str),
        &format!("{dp}/UnitOfMeasure"),
        issues,
    );
    w.leaf("UnitOfMeasure", &[], &uom);
    if item.classification.is_empty() {
        issues.push(
            Issue::warning(
                Location::at_path(format!("{dp}/Classification")),
                "Item has no classification; an empty UNSPSC one is written (the DTD requires one)",
            )
            .with_code("no_classification"),
        );
        w.leaf("Classification", &[("domain", "UNSPSC")], "");
    }
    for (k, c) in item.classification.iter().enumerate() {
        let (domain, code) = limits.fit_classification(
            &c.scheme,
            &c.code,
            &format!("{dp}/Classification[{}]", k + 1),
            issues,
        );
        w.leaf("Classification", &[("domain", &domain)], &code);
    }
    if let Some(m) = &item.manufacturer_part_id {
        w.leaf("ManufacturerPartID", &[], m);
    }
    if let Some(m) = &item.manufacturer_name {
        w.leaf("ManufacturerName", &[], m);
    }
    if let Some(days) = item.lead_time_days {
        w.leaf("LeadTime", &[], &days.to_string());
    }
    for (name, value) in &item.extrinsics {
        w.leaf("Extrinsic", &[("name", name)], value);
    }
    w.close("ItemDetail");
    w.close("ItemIn");
}

/// A tiny indenting XML writer over a `String`.
///
/// A character XML 1.0 cannot carry is left out of what is written, and said in
/// [`Writer::issues`] at the element's path (see [`Writer::dropped`]): an error in an attribute
/// or an identifier, which must not reach the buyer changed, a warning in other text.
pub(super) struct Writer {
    out: String,
    depth: usize,
    /// The path of the element the writer starts in (`""` for a document).
    base: &'static str,
    /// The open elements: each one's name, position and how many children of each name it has had.
    open: Vec<Frame>,
    /// Children of each name written at the writer's own level (outside any open element).
    top: Vec<(&'static str, usize)>,
    /// What was left out, and where.
    issues: Vec<Issue>,
}

/// An open element of a [`Writer`]: its name, its 1-based position among its parent's children
/// of that name, and the count of its own children by name.
struct Frame {
    name: &'static str,
    k: usize,
    children: Vec<(&'static str, usize)>,
}

/// The path step of the `k`th element `name` of its parent (see [`INDEXED`]).
fn step(name: &str, k: usize) -> String {
    if k > 1 || INDEXED.contains(&name) {
        format!("{name}[{k}]")
    } else {
        name.to_owned()
    }
}

/// Elements that repeat by nature: their path step always has its 1-based position
/// (`ItemIn[1]`), as the writers' own issues say it. Other elements have it from the second of a
/// name on.
const INDEXED: &[&str] = &[
    "ItemIn",
    "ConfirmationItem",
    "ShipNoticeItem",
    "InvoiceDetailItem",
    "Extrinsic",
];

impl Writer {
    /// Declaration, DOCTYPE and the opened `<cXML>` root.
    fn document(meta: &Meta) -> Self {
        Self::document_with(meta, DOCTYPE)
    }

    /// Declaration, the given `doctype` and the opened `<cXML>` root.
    pub(super) fn document_with(meta: &Meta, doctype: &str) -> Self {
        let mut w = Self {
            out: String::with_capacity(1024),
            depth: 0,
            base: "",
            open: Vec::new(),
            top: Vec::new(),
            issues: Vec::new(),
        };
        w.out.push_str(XML_DECL);
        w.out.push('\n');
        w.out.push_str(doctype);
        w.out.push('\n');
        let mut attrs = vec![
            ("payloadID", meta.payload_id.as_str()),
            ("timestamp", meta.timestamp.as_str()),
        ];
        if !meta.lang.is_empty() {
            attrs.push(("xml:lang", meta.lang.as_str()));
        }
        w.open("cXML", &attrs);
        w
    }

    /// A writer for a part of a document, starting at `depth` in the element at path `base`.
    fn fragment(depth: usize, base: &'static str) -> Self {
        Self {
            out: String::new(),
            depth,
            base,
            open: Vec::new(),
            top: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// The position of the next child named `name` of the open element, counted.
    fn count(&mut self, name: &'static str) -> usize {
        let children = match self.open.last_mut() {
            Some(f) => &mut f.children,
            None => &mut self.top,
        };
        let k = match children.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => {
                *k += 1;
                *k
            }
            None => {
                children.push((name, 1));
                1
            }
        };
        k
    }

    /// The path of the `k`th child `name` of the open element.
    fn path_to(&self, name: &str, k: usize) -> String {
        let mut path = self.base.to_owned();
        for f in &self.open {
            path.push('/');
            path.push_str(&step(f.name, f.k));
        }
        path.push('/');
        path.push_str(&step(name, k));
        path
    }

    /// Says what of the `k`th element `name` will be left out: characters XML 1.0
    /// cannot carry in its attributes (an error) or its `text` (an error in an identifier, an
    /// element whose name ends in `ID` or `Identifier` such as a tracking number, a credential
    /// or the buyer's cookie; else a warning).
    /// Only an identifier's value is quoted in the message; a secret never is.
    fn dropped(&mut self, name: &str, k: usize, attrs: &[(&str, &str)], text: Option<&str>) {
        let clean = |v: &str| v.chars().all(is_xml_char);
        if attrs.iter().all(|(_, v)| clean(v)) && text.is_none_or(clean) {
            return;
        }
        let path = self.path_to(name, k);
        for (k, v) in attrs.iter().filter(|(_, v)| !clean(v)) {
            self.issues.push(
                Issue::error(
                    Location::at_path(format!("{path}/@{k}")),
                    format!(
                        "{name}@{k} {:?} holds a character XML 1.0 cannot carry",
                        limit(v, 40)
                    ),
                )
                .with_code("invalid_xml_char"),
            );
        }
        let Some(text) = text.filter(|t| !clean(t)) else {
            return;
        };
        let issue = match name {
            "SharedSecret" => Issue::error(
                Location::at_path(path),
                "SharedSecret holds a character XML 1.0 cannot carry",
            ),
            "Identity" | "BuyerCookie" => Issue::error(
                Location::at_path(path),
                format!(
                    "{name} {:?} holds a character XML 1.0 cannot carry",
                    limit(text, 40)
                ),
            ),
            n if n.ends_with("ID") || n.ends_with("Identifier") => Issue::error(
                Location::at_path(path),
                format!(
                    "{name} {:?} contains characters XML cannot carry; they are left out",
                    limit(text, 40)
                ),
            ),
            _ => Issue::warning(
                Location::at_path(path),
                format!("{name}: a character XML 1.0 cannot carry was left out"),
            ),
        };
        self.issues.push(issue.with_code("invalid_xml_char"));
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v, true);
            self.out.push('"');
        }
    }

    pub(super) fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        let k = self.count(name);
        self.dropped(name, k, attrs, None);
        self.open.push(Frame {
            name,
            k,
            children: Vec::new(),
        });
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(super) fn close(&mut self, name: &str) {
        self.open.pop();
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    pub(super) fn empty(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        let k = self.count(name);
        self.dropped(name, k, attrs, None);
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// An element with text content, written inline (no whitespace added inside).
    pub(super) fn leaf(&mut self, name: &'static str, attrs: &[(&str, &str)], text: &str) {
        let k = self.count(name);
        self.dropped(name, k, attrs, Some(text));
        self.start_tag(name, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<Credential domain><Identity/></Credential>`; never the shared secret.
    fn credential(&mut self, c: &Credential) {
        self.open("Credential", &[("domain", &c.domain)]);
        self.leaf("Identity", &[], &c.identity);
        self.close("Credential");
    }

    /// Closes `<cXML>`: the document, and what [`Writer::dropped`] said.
    pub(super) fn finish_with_issues(mut self) -> (String, Vec<Issue>) {
        self.close("cXML");
        (self.out, self.issues)
    }

    /// Closes `<cXML>`: the document of a writer whose text is ours (a status, a URL we
    /// configured), where nothing is left out in practice; see [`Writer::finish_with_issues`].
    pub(super) fn finish(self) -> String {
        self.finish_with_issues().0
    }
}
