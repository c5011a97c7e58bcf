//! SAP OCI (Open Catalog Interface) 4.0 / 5.0: the call-up parameters a buyer's SRM sends, the
//! `HOOK_URL` it wants the cart back on, and the `NEW_ITEM-*` form fields of the cart.
//!
//! Source: reference `punchout.md` §2 (SAP BBP_OCI_ITEM lengths, punchoutsandbox
//! oci-and-oracle.md, catalog360). OCI has no status channel and silently drops bad lines, so
//! [`cart_fields`] enforces lengths and formats itself and reports what it changed.
//!
//! # Decisions
//! - **`EXT_PRODUCT_ID`** carries the supplier part ID, and the auxiliary ID when there is one,
//!   as `<part>|<aux>`, with `%` and `|` inside either part written `%25` / `%7C`
//!   ([`ext_product_id`]); [`parse_ext_product_id`] reverses it for `FUNCTION=DETAIL/VALIDATE`
//!   (`PRODUCTID`). Without aux ID and without `%`/`|` it is just the part ID. Longer than 40
//!   characters is an error (SAP would cut it and the item could not be found again).
//! - **`LONGTEXT`**: `model::CartItem` has one description; when it is longer than the 40
//!   characters of `DESCRIPTION` (or spans lines) the full text goes to `NEW_ITEM-LONGTEXT_n:132[]`.
//! - **OCI 5.0 hierarchies**: `model::CartItem` has no parent/bundle notion, so with
//!   `version` 5.x every line gets `NEW_ITEM-ITEM_TYPE[n]=O` and no `PARENT_ID`.
//! - **Price**: `PRICE` is per `PRICEUNIT`. A unit price with at most 2 decimals goes out with
//!   `PRICEUNIT` 1; otherwise the smallest of 10, 100, 1000, 10000 that makes `PRICE` have at most
//!   2 decimals is used (`0.0125` → `PRICE 1.25` per `PRICEUNIT 100`); beyond that it is
//!   rounded half-up at 10000 (warning).
//! - **Extra fields**: an item extrinsic named `oci:<FIELD>` (e.g. `oci:CUST_FIELD1`,
//!   `oci:VENDOR`) is written as `NEW_ITEM-<FIELD>[n]`.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::cxml::parse_decimal;
use crate::{Issue, Location};

/// `FUNCTION` of a call-up (absent = normal shopping).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Function {
    /// `DETAIL`: show the product `PRODUCTID` (may redirect).
    Detail,
    /// `VALIDATE`: answer on the same URL with an auto-submitted cart of `PRODUCTID` ×
    /// `QUANTITY` (no redirect).
    Validate,
    /// `SOURCING`: search `SEARCHSTRING` for sourcing.
    Sourcing,
    /// `BACKGROUND_SEARCH`: same URL, a form with every hit for `SEARCHSTRING`.
    BackgroundSearch,
    /// Anything else, verbatim.
    Other(String),
}

impl Function {
    /// Parse a `FUNCTION` value (case-insensitive).
    pub fn from_code(code: &str) -> Self {
        match code.trim().to_ascii_uppercase().as_str() {
            "DETAIL" => Self::Detail,
            "VALIDATE" => Self::Validate,
            "SOURCING" => Self::Sourcing,
            "BACKGROUND_SEARCH" => Self::BackgroundSearch,
            _ => Self::Other(code.to_owned()),
        }
    }

    /// The OCI spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Detail => "DETAIL",
            Self::Validate => "VALIDATE",
            Self::Sourcing => "SOURCING",
            Self::BackgroundSearch => "BACKGROUND_SEARCH",
            Self::Other(s) => s,
        }
    }
}

/// The parameters of an OCI call-up (GET query or POST form). `Debug` redacts the password.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Callup {
    /// `USERNAME`.
    pub username: Option<String>,
    /// `PASSWORD`.
    pub password: Option<String>,
    /// `HOOK_URL`: where the cart form is posted (only `http`/`https` are kept).
    pub hook_url: Option<String>,
    /// `~OkCode` (usually `ADDI`); echo it back.
    pub ok_code: Option<String>,
    /// `~TARGET` / `returntarget`: frame target of the return form (default `_top`).
    pub target: Option<String>,
    /// `~CALLER` (usually `CTLG`); echo it back.
    pub caller: Option<String>,
    /// `OCI_VERSION`.
    pub oci_version: Option<String>,
    /// `FUNCTION`.
    pub function: Option<Function>,
    /// `PRODUCTID` (for DETAIL/VALIDATE; see [`parse_ext_product_id`]).
    pub product_id: Option<String>,
    /// `QUANTITY` (for VALIDATE).
    pub quantity: Option<Decimal>,
    /// `SEARCHSTRING` (for SOURCING/BACKGROUND_SEARCH).
    pub search_string: Option<String>,
    /// `http_content_charset` (OCI's default is ISO-8859-1).
    pub charset: Option<String>,
    /// Every other parameter, in order (`LANGU`, `sap-client`, buyer-specific ones).
    pub extra: Vec<(String, String)>,
}

impl fmt::Debug for Callup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Callup")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("hook_url", &self.hook_url)
            .field("ok_code", &self.ok_code)
            .field("target", &self.target)
            .field("caller", &self.caller)
            .field("oci_version", &self.oci_version)
            .field("function", &self.function)
            .field("product_id", &self.product_id)
            .field("quantity", &self.quantity)
            .field("search_string", &self.search_string)
            .field("charset", &self.charset)
            .field("extra", &self.extra)
            .finish()
    }
}

impl Callup {
    /// Read call-up parameters (names case-insensitive; empty values count as absent; the first
    /// of repeated parameters wins, with a warning). Issues: a missing or non-http(s) `HOOK_URL`
    /// is an error (a `javascript:` hook would be an XSS vector, so it is not kept); an `http:`
    /// hook, an unknown `FUNCTION`, a function without its parameters and an unreadable
    /// `QUANTITY` are warnings.
    pub fn from_pairs(pairs: &[(String, String)]) -> (Self, Vec<Issue>) {
        let mut c = Self::default();
        let mut issues = Vec::new();
        for (name, value) in pairs {
            let key = name.trim().to_ascii_uppercase();
            let slot = match key.as_str() {
                "USERNAME" => &mut c.username,
                "PASSWORD" => &mut c.password,
                "HOOK_URL" => &mut c.hook_url,
                "~OKCODE" => &mut c.ok_code,
                "~TARGET" | "RETURNTARGET" => &mut c.target,
                "~CALLER" => &mut c.caller,
                "OCI_VERSION" => &mut c.oci_version,
                "PRODUCTID" => &mut c.product_id,
                "SEARCHSTRING" => &mut c.search_string,
                "HTTP_CONTENT_CHARSET" => &mut c.charset,
                "FUNCTION" | "QUANTITY" => {
                    c.typed(&key, value, &mut issues);
                    continue;
                }
                _ => {
                    c.extra.push((name.clone(), value.clone()));
                    continue;
                }
            };
            if value.trim().is_empty() {
                continue;
            }
            if slot.is_some() {
                issues.push(duplicate(&key));
            } else {
                *slot = Some(value.clone());
            }
        }
        c.check_hook(&mut issues);
        c.check_function(&mut issues);
        (c, issues)
    }

    fn typed(&mut self, key: &str, value: &str, issues: &mut Vec<Issue>) {
        if value.trim().is_empty() {
            return;
        }
        if key == "FUNCTION" {
            if self.function.is_some() {
                issues.push(duplicate(key));
            } else {
                self.function = Some(Function::from_code(value));
            }
        } else if self.quantity.is_some() {
            issues.push(duplicate(key));
        } else {
            let v = value.trim();
            self.quantity = if v.contains('.') {
                parse_decimal(v)
            } else {
                parse_decimal(&v.replace(',', "."))
            };
            if self.quantity.is_none() {
                issues.push(Issue::warning(
                    Location::at_path("QUANTITY"),
                    format!("QUANTITY {} is not a number", shorten(value, 20)),
                ));
            }
        }
    }

    fn check_hook(&mut self, issues: &mut Vec<Issue>) {
        let Some(hook) = self.hook_url.as_deref().map(str::trim) else {
            issues.push(Issue::error(
                Location::at_path("HOOK_URL"),
                "Missing HOOK_URL: the cart cannot be returned",
            ));
            return;
        };
        let lower = hook.to_ascii_lowercase();
        if lower.starts_with("https://") {
            self.hook_url = Some(hook.to_owned());
        } else if lower.starts_with("http://") {
            self.hook_url = Some(hook.to_owned());
            issues.push(Issue::warning(
                Location::at_path("HOOK_URL"),
                "HOOK_URL is plain http; the cart will be posted unencrypted",
            ));
        } else {
            issues.push(Issue::error(
                Location::at_path("HOOK_URL"),
                format!(
                    "HOOK_URL {} is not an http(s) URL; ignored",
                    shorten(hook, 60)
                ),
            ));
            self.hook_url = None;
        }
    }

    fn check_function(&self, issues: &mut Vec<Issue>) {
        let needs: &[(&str, bool)] = match &self.function {
            None => &[],
            Some(Function::Detail) => &[("PRODUCTID", self.product_id.is_some())],
            Some(Function::Validate) => &[
                ("PRODUCTID", self.product_id.is_some()),
                ("QUANTITY", self.quantity.is_some()),
            ],
            Some(Function::Sourcing | Function::BackgroundSearch) => {
                &[("SEARCHSTRING", self.search_string.is_some())]
            }
            Some(Function::Other(f)) => {
                issues.push(Issue::warning(
                    Location::at_path("FUNCTION"),
                    format!("Unknown FUNCTION {}", shorten(f, 30)),
                ));
                &[]
            }
        };
        for (param, present) in needs {
            if !present {
                let f = self
                    .function
                    .as_ref()
                    .map(Function::as_str)
                    .unwrap_or_default();
                issues.push(Issue::warning(
                    Location::at_path(*param),
                    format!("FUNCTION={f} without {param}"),
                ));
            }
        }
    }
}

fn duplicate(key: &str) -> Issue {
    Issue::warning(
        Location::at_path(key),
        format!("{key} given more than once; the first value is used"),
    )
}

/// Split a `HOOK_URL` into the form action (without query and fragment) and its query
/// parameters, percent-decoded (`+` is a space), in order. Each parameter must be posted back as
/// a hidden field, because a form POST drops the action's query string in some browsers and SRM
/// versions expect them as fields. Invalid `%` escapes are kept literally; bytes that are not
/// UTF-8 are read as ISO-8859-1 (OCI's default charset).
pub fn split_hook_url(hook: &str) -> (String, Vec<(String, String)>) {
    let hook = hook.trim();
    let without_fragment = hook.split_once('#').map_or(hook, |(a, _)| a);
    let Some((action, query)) = without_fragment.split_once('?') else {
        return (without_fragment.to_owned(), Vec::new());
    };
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect();
    (action.to_owned(), params)
}

/// Percent-decode `s`; with `plus_is_space`, `+` is a space (query strings and forms).
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|h| hex_val(*h));
                let lo = bytes.get(i + 2).and_then(|l| hex_val(*l));
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The `EXT_PRODUCT_ID` for a part ID and optional auxiliary ID: `part` or `part|aux`, with `%`
/// and `|` inside either written `%25` / `%7C`.
pub fn ext_product_id(part: &str, aux: Option<&str>) -> String {
    let esc = |s: &str| s.replace('%', "%25").replace('|', "%7C");
    match aux {
        Some(a) => format!("{}|{}", esc(part), esc(a)),
        None => esc(part),
    }
}

/// Reverse [`ext_product_id`]: `(part, aux)`.
pub fn parse_ext_product_id(s: &str) -> (String, Option<String>) {
    match s.split_once('|') {
        Some((p, a)) => (percent_decode(p, false), Some(percent_decode(a, false))),
        None => (percent_decode(s, false), None),
    }
}

/// Options for [`cart_fields`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OciOptions {
    /// OCI version of the buyer (`OCI_VERSION` of the call-up): `4.0` or `5.0`.
    pub version: String,
    /// Currency when the cart has none.
    pub currency: Option<String>,
}

impl Default for OciOptions {
    fn default() -> Self {
        Self {
            version: "4.0".to_owned(),
            currency: None,
        }
    }
}

/// Fields the cart writer sets itself (an `oci:` extrinsic may not override them).
const OWN_FIELDS: &[&str] = &[
    "DESCRIPTION",
    "QUANTITY",
    "UNIT",
    "PRICE",
    "PRICEUNIT",
    "CURRENCY",
    "LEADTIME",
    "VENDORMAT",
    "MANUFACTMAT",
    "MATGROUP",
    "EXT_PRODUCT_ID",
    "ITEM_TYPE",
    "PARENT_ID",
];

/// The `NEW_ITEM-*` form fields for `cart`, item by item (index from 1), in this order:
/// `DESCRIPTION` (≤ 40 chars, cut on a character boundary, warning), `QUANTITY` (plain, `.`,
/// ≤ 3 decimals half-up, ≤ 11 integer digits), `UNIT` (ISO: `EA`/`C62`/`EACH`/`PC`/`PCS`/`ST` →
/// `PCE` with a warning; other 1–3 uppercase letters/digits kept; none → `PCE` with a warning),
/// `PRICE` / `PRICEUNIT` / `CURRENCY` (see the module docs), `LEADTIME`, `LONGTEXT_n:132[]`,
/// `VENDORMAT` (≤ 40), `MANUFACTMAT` (≤ 40), `MATGROUP` (UNSPSC digits, else the first
/// classification code; left out when over 10), `EXT_PRODUCT_ID` (see the module docs),
/// `ITEM_TYPE` (OCI 5 only), then `oci:` extrinsics.
///
/// Errors (the line would be dropped or unfindable in SAP): no description and no part ID,
/// negative quantity or price, quantity or price too long, no currency for a price,
/// `VENDORMAT`/`EXT_PRODUCT_ID` over 40 characters, an invalid unit.
pub fn cart_fields(
    cart: &model::PunchoutCart,
    opts: &OciOptions,
) -> (Vec<(String, String)>, Vec<Issue>) {
    let mut fields = Vec::new();
    let mut issues = Vec::new();
    let oci5 = opts.version.trim().starts_with('5');
    let currency = cart
        .currency
        .as_ref()
        .map(|c| c.as_str().to_owned())
        .or_else(|| opts.currency.clone())
        .filter(|c| !c.trim().is_empty());
    for (i, item) in cart.items.iter().enumerate() {
        let mut line = Line {
            n: i + 1,
            fields: &mut fields,
            issues: &mut issues,
        };
        line.item(item, currency.as_deref(), oci5);
    }
    (fields, issues)
}

struct Line<'a> {
    n: usize,
    fields: &'a mut Vec<(String, String)>,
    issues: &'a mut Vec<Issue>,
}

impl Line<'_> {
    fn name(&self, field: &str) -> String {
        format!("NEW_ITEM-{field}[{}]", self.n)
    }

    fn push(&mut self, field: &str, value: String) {
        let name = self.name(field);
        self.fields.push((name, value));
    }

    fn warn(&mut self, field: &str, msg: String) {
        let loc = Location::at_path(self.name(field));
        self.issues.push(Issue::warning(loc, msg));
    }

    fn error(&mut self, field: &str, msg: String) {
        let loc = Location::at_path(self.name(field));
        self.issues.push(Issue::error(loc, msg));
    }

    fn item(&mut self, item: &model::CartItem, currency: Option<&str>, oci5: bool) {
        let part = item.supplier_part_id.as_deref().filter(|p| !p.is_empty());

        // DESCRIPTION, with the full text kept for LONGTEXT when it does not fit.
        let desc = item
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let mut longtext = None;
        match (desc, part) {
            (Some(d), _) => {
                let one_line: String = d
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                let short = truncate(&one_line, 40);
                if short != d {
                    if short.chars().count() < one_line.chars().count() {
                        self.warn(
                            "DESCRIPTION",
                            format!(
                                "Description cut to 40 characters; the full text is in \
                                 NEW_ITEM-LONGTEXT_{}:132[]",
                                self.n
                            ),
                        );
                    }
                    longtext = Some(d.to_owned());
                }
                self.push("DESCRIPTION", short);
            }
            (None, Some(p)) => {
                self.warn(
                    "DESCRIPTION",
                    "Item has no description; its part ID is used".to_owned(),
                );
                self.push("DESCRIPTION", truncate(p, 40));
            }
            (None, None) => {
                self.error(
                    "DESCRIPTION",
                    "Item has neither description nor part ID; SAP will drop it".to_owned(),
                );
                self.push("DESCRIPTION", String::new());
            }
        }

        self.quantity(item.quantity);
        self.unit(
            item.unit_of_measure
                .as_ref()
                .map(model::UnitOfMeasure::as_str),
        );
        self.price(item.unit_price, currency);

        if let Some(days) = item.lead_time_days {
            if days > 99_999 {
                self.warn(
                    "LEADTIME",
                    format!("Lead time {days} days is over 5 digits; left out"),
                );
            } else {
                self.push("LEADTIME", days.to_string());
            }
        }
        if let Some(text) = longtext {
            let name = format!("NEW_ITEM-LONGTEXT_{}:132[]", self.n);
            self.fields.push((name, text));
        }
        if let Some(p) = part {
            if p.chars().count() > 40 {
                self.error(
                    "VENDORMAT",
                    format!(
                        "Supplier part ID {} is over 40 characters; cut",
                        shorten(p, 50)
                    ),
                );
            }
            self.push("VENDORMAT", truncate(p, 40));
        }
        if let Some(m) = item
            .manufacturer_part_id
            .as_deref()
            .filter(|m| !m.is_empty())
        {
            if m.chars().count() > 40 {
                self.warn(
                    "MANUFACTMAT",
                    "Manufacturer part ID cut to 40 characters".to_owned(),
                );
            }
            self.push("MANUFACTMAT", truncate(m, 40));
        }
        self.matgroup(&item.classification);
        if let Some(p) = part {
            let ext = ext_product_id(p, item.supplier_part_aux_id.as_deref());
            if ext.chars().count() > 40 {
                self.error(
                    "EXT_PRODUCT_ID",
                    format!(
                        "EXT_PRODUCT_ID {} is over 40 characters: SAP will cut it and \
                         DETAIL/VALIDATE cannot find the item again",
                        shorten(&ext, 50)
                    ),
                );
            }
            self.push("EXT_PRODUCT_ID", ext);
        }
        if oci5 {
            self.push("ITEM_TYPE", "O".to_owned());
        }
        for (k, v) in &item.extrinsics {
            let Some(field) = k
                .get(..4)
                .filter(|p| p.eq_ignore_ascii_case("oci:"))
                .and_then(|_| k.get(4..))
            else {
                continue;
            };
            let valid = !field.is_empty()
                && field
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !valid || OWN_FIELDS.contains(&field) {
                self.warn(
                    "EXTRINSIC",
                    format!(
                        "Extrinsic {} is not a usable OCI field; left out",
                        shorten(k, 40)
                    ),
                );
                continue;
            }
            self.push(field, v.clone());
        }
    }

    fn quantity(&mut self, q: Decimal) {
        if q.is_sign_negative() && !q.is_zero() {
            self.error("QUANTITY", format!("Quantity {q} is negative"));
        }
        let rounded = q.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero);
        if rounded != q {
            self.warn(
                "QUANTITY",
                format!("Quantity {q} rounded to {rounded} (OCI allows 3 decimals)"),
            );
        }
        let text = plain(rounded);
        if int_digits(&text) > 11 {
            self.error(
                "QUANTITY",
                format!("Quantity {text} has more than 11 digits"),
            );
        }
        self.push("QUANTITY", text);
    }

    fn unit(&mut self, unit: Option<&str>) {
        let Some(u) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
            self.warn(
                "UNIT",
                "Item has no unit of measure; PCE written".to_owned(),
            );
            self.push("UNIT", "PCE".to_owned());
            return;
        };
        let upper = u.to_ascii_uppercase();
        let iso = match upper.as_str() {
            "EA" | "C62" | "EACH" | "PC" | "PCS" | "ST" => "PCE",
            other => other,
        };
        if iso != u {
            self.warn("UNIT", format!("Unit {u} written as ISO code {iso}"));
        }
        let ok = (1..=3).contains(&iso.len())
            && iso
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !ok {
            self.error(
                "UNIT",
                format!(
                    "Unit {} is not an ISO code; SAP will drop the item",
                    shorten(u, 20)
                ),
            );
        }
        self.push("UNIT", iso.to_owned());
    }

    fn price(&mut self, price: Option<Decimal>, currency: Option<&str>) {
        let Some(p) = price else {
            self.warn("PRICE", "Item has no price; PRICE left out".to_owned());
            return;
        };
        if p.is_sign_negative() && !p.is_zero() {
            self.error("PRICE", format!("Price {p} is negative"));
        }
        let (value, unit) = price_per_unit(p);
        if value.1 {
            self.warn(
                "PRICE",
                format!("Price {p} rounded to {} per {}", value.0, unit),
            );
        }
        let text = value.0;
        if text.len() > 15 {
            self.error(
                "PRICE",
                format!("Price {text} is longer than 15 characters"),
            );
        }
        self.push("PRICE", text);
        self.push("PRICEUNIT", unit.to_string());
        match currency {
            Some(c) => self.push("CURRENCY", c.to_owned()),
            None => self.error("CURRENCY", "No currency for the price".to_owned()),
        }
    }

    fn matgroup(&mut self, classes: &[model::Classification]) {
        let unspsc = classes
            .iter()
            .find(|c| c.scheme.eq_ignore_ascii_case("UNSPSC"))
            .map(|c| {
                c.code
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            });
        let code = unspsc
            .filter(|c| !c.is_empty())
            .or_else(|| classes.first().map(|c| c.code.trim().to_owned()))
            .filter(|c| !c.is_empty());
        if let Some(code) = code {
            if code.chars().count() > 10 {
                self.warn(
                    "MATGROUP",
                    format!(
                        "Classification {} is over 10 characters; MATGROUP left out",
                        shorten(&code, 20)
                    ),
                );
            } else {
                self.push("MATGROUP", code);
            }
        }
    }
}

/// `(PRICE text, rounded?)` and `PRICEUNIT` for a unit price.
fn price_per_unit(p: Decimal) -> ((String, bool), u32) {
    for unit in [1u32, 10, 100, 1000, 10_000] {
        if let Some(v) = p.checked_mul(Decimal::from(unit)) {
            if v.normalize().scale() <= 2 {
                return ((money(v), false), unit);
            }
        }
    }
    let v = p
        .checked_mul(Decimal::from(10_000u32))
        .unwrap_or(p)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    ((money(v), true), 10_000)
}

/// A money amount with exactly 2 decimals, plain.
fn money(v: Decimal) -> String {
    let mut v = v.normalize();
    v.rescale(2);
    v.to_string()
}

/// A plain decimal without trailing zeros (`1.000` → `1`).
fn plain(v: Decimal) -> String {
    v.normalize().to_string()
}

fn int_digits(s: &str) -> usize {
    s.split('.')
        .next()
        .unwrap_or_default()
        .bytes()
        .filter(u8::is_ascii_digit)
        .count()
}

/// At most `max` characters of `s`.
fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn shorten(s: &str, max: usize) -> String {
    let mut out = truncate(s, max);
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
