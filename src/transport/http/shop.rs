//! The punchout shop: start links, catalog pages, product pages, the cart, the JSON API under
//! `/punchout/s/{sid}/api`, and the cart transfer. The session lives in the URL.

use std::collections::HashMap;
use std::fmt::Write;

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use rust_decimal::Decimal;
use serde::Deserialize;
use tracing_actix_web::RootSpan;

use super::error::{ShopApiError, ShopError};
use super::html::{self, enc, enc_path, esc, Chrome};
use super::AppState;
use crate::pipeline::catalog::{PartnerCatalog, PricedItem};
use crate::pipeline::punchout::{self, PunchoutError, Session, Transfer};
use crate::telemetry;

const PAGE_SIZE: i64 = 24;

fn base(sid: &str) -> String {
    format!("/punchout/s/{sid}")
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

fn html_ok(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

async fn session(state: &AppState, sid: &str, root: &RootSpan) -> Result<Session, PunchoutError> {
    let s = punchout::load_session(&state.store, &state.partners, sid).await?;
    telemetry::record_partner(root, &s.partner.id);
    Ok(s)
}

fn catalog(state: &AppState, s: &Session) -> Result<PartnerCatalog, PunchoutError> {
    PartnerCatalog::for_partner(&state.store, &s.partner)
        .ok_or_else(|| PunchoutError::NoCatalog(s.partner.id.clone()))
}

fn chrome<'a>(s: &'a Session, query: &'a str) -> Chrome<'a> {
    Chrome {
        sid: &s.row.id,
        partner_name: &s.partner.profile.name,
        cart_lines: s.cart.items.len(),
        query,
        read_only: s.read_only() || s.closed(),
    }
}

/// `12.5` → `12.50 EUR`; up to 4 decimals are shown when the price has them.
fn money(amount: Option<Decimal>, currency: &str) -> String {
    match amount {
        Some(a) => {
            let mut r = a.round_dp(4).normalize();
            if r.scale() < 2 {
                r.rescale(2);
            }
            format!("{r} {currency}")
        }
        None => "price on request".to_owned(),
    }
}

fn image(item: &PricedItem) -> String {
    item.item
        .image_urls
        .first()
        .cloned()
        .unwrap_or_else(|| "/punchout/static/placeholder.svg".to_owned())
}

/// `GET /punchout/start/{token}`: the one-time StartPage link.
#[get("/punchout/start/{token}")]
pub async fn start(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ShopError> {
    let landing = punchout::enter_with_token(&state.store, &token).await?;
    let b = base(&landing.session_id);
    let to = match landing.product {
        // Level 2: land on the selected product, or search for it when it is not (or no
        // longer) in this partner's catalog.
        Some(p) => {
            let s =
                punchout::load_session(&state.store, &state.partners, &landing.session_id).await?;
            let found = match PartnerCatalog::for_partner(&state.store, &s.partner) {
                Some(c) => c.item(&p).await?.is_some(),
                None => false,
            };
            if found {
                format!("{b}/p/{}", enc_path(&p))
            } else {
                format!("{b}/?q={}", enc(&p))
            }
        }
        None => format!("{b}/"),
    };
    Ok(see_other(to))
}

/// `GET /punchout/static/placeholder.svg`.
#[get("/punchout/static/placeholder.svg")]
pub async fn placeholder() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(html::PLACEHOLDER_SVG)
}

/// Query of the catalog page.
#[derive(Debug, Deserialize)]
pub struct BrowseQuery {
    q: Option<String>,
    category: Option<String>,
    page: Option<i64>,
}

/// `GET /punchout/s/{sid}/`: browse by category and search.
#[get("/punchout/s/{sid}/")]
pub async fn browse(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    query: web::Query<BrowseQuery>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let s = session(&state, &sid, &root).await?;
    let cat = catalog(&state, &s)?;
    let q = query.q.clone().unwrap_or_default();
    let category = query.category.clone().filter(|c| !c.is_empty());
    let page_no = query.page.unwrap_or(1).clamp(1, 100_000);
    let found = cat
        .search(
            Some(q.as_str()).filter(|q| !q.trim().is_empty()),
            category.as_deref(),
            PAGE_SIZE,
            (page_no - 1) * PAGE_SIZE,
        )
        .await?;
    let categories = cat.categories().await?;
    let b = base(&s.row.id);
    let mut body = String::from("<main><nav class=\"cats\"><h3>Categories</h3><ul>");
    let _ = write!(body, "<li><a href=\"{b}/\">All products</a></li>");
    for (name, n) in &categories {
        let _ = write!(
            body,
            "<li><a href=\"{b}/?category={}\">{}</a> <span class=\"n\">{n}</span></li>",
            enc(name),
            esc(name)
        );
    }
    body.push_str("</ul></nav><section class=\"content\">");
    if s.closed() {
        body.push_str("<div class=\"notice\">This cart was already returned to your procurement system.</div>");
    } else if s.read_only() {
        body.push_str(
            "<div class=\"notice\">You are inspecting a cart: it cannot be changed.</div>",
        );
    }
    let heading = match (&category, q.trim().is_empty()) {
        (Some(c), true) => esc(c),
        (_, false) => format!("Results for “{}”", esc(&q)),
        (None, true) => "All products".to_owned(),
    };
    let _ = write!(
        body,
        "<h2>{heading} <span class=\"muted\">({} items)</span></h2><div class=\"grid\">",
        found.total
    );
    let back = format!(
        "{b}/?q={}&category={}&page={page_no}",
        enc(&q),
        enc(category.as_deref().unwrap_or(""))
    );
    for item in &found.items {
        body.push_str(&product_card(&b, item, &back, s.read_only() || s.closed()));
    }
    body.push_str("</div>");
    let pages = (found.total + PAGE_SIZE - 1) / PAGE_SIZE;
    if pages > 1 {
        body.push_str("<div class=\"pager\">");
        let link = |p: i64| {
            format!(
                "{b}/?q={}&category={}&page={p}",
                enc(&q),
                enc(category.as_deref().unwrap_or(""))
            )
        };
        if page_no > 1 {
            let _ = write!(body, "<a href=\"{}\">← Previous</a>", link(page_no - 1));
        }
        let _ = write!(body, "<span>Page {page_no} of {pages}</span>");
        if page_no < pages {
            let _ = write!(
                body,
                "<a href=\"{}\" rel=\"next\">Next →</a>",
                link(page_no + 1)
            );
        }
        body.push_str("</div>");
    }
    body.push_str("</section></main>");
    Ok(html_ok(html::page("Catalog", Some(&chrome(&s, &q)), &body)))
}

fn product_card(b: &str, item: &PricedItem, back: &str, read_only: bool) -> String {
    let i = &item.item;
    let part = &i.supplier_part_id;
    let uom = i
        .unit_of_measure
        .as_ref()
        .map(|u| u.to_string())
        .unwrap_or_default();
    let mut card = format!(
        "<div class=\"card\" data-part=\"{}\"><a href=\"{b}/p/{}\"><img src=\"{}\" alt=\"\" loading=\"lazy\"></a>\
         <a href=\"{b}/p/{}\">{}</a><span class=\"muted\">{}</span>\
         <span class=\"price\">{}</span><span class=\"muted\">per {}</span>",
        esc(part),
        enc_path(part),
        esc(&image(item)),
        enc_path(part),
        esc(i.description.as_deref().unwrap_or(part)),
        esc(part),
        esc(&money(item.unit_price, &item.currency)),
        esc(&uom),
    );
    if !read_only {
        let _ = write!(
            card,
            "<form method=\"post\" action=\"{b}/cart/add\">\
             <input type=\"hidden\" name=\"supplier_part_id\" value=\"{}\">\
             <input type=\"hidden\" name=\"return_to\" value=\"{}\">\
             <input type=\"number\" name=\"quantity\" value=\"1\" min=\"1\" step=\"any\" aria-label=\"Quantity\"> \
             <button type=\"submit\" class=\"add\">Add to cart</button></form>",
            esc(part),
            esc(back)
        );
    }
    card.push_str("</div>");
    card
}

/// `GET /punchout/s/{sid}/p/{part}`: a product page.
#[get("/punchout/s/{sid}/p/{part}")]
pub async fn product(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let (sid, part) = path.into_inner();
    let s = session(&state, &sid, &root).await?;
    let cat = catalog(&state, &s)?;
    let item = cat
        .item(&part)
        .await?
        .ok_or_else(|| PunchoutError::UnknownItem(part.clone()))?;
    let i = &item.item;
    let b = base(&s.row.id);
    let mut rows = String::new();
    let mut row = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            let _ = write!(rows, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
        }
    };
    row("Part number", Some(i.supplier_part_id.clone()));
    row("Variant", i.supplier_part_aux_id.clone());
    row("Manufacturer", i.manufacturer_name.clone());
    row("Manufacturer part", i.manufacturer_part_id.clone());
    row("GTIN", i.gtin.as_ref().map(|g| g.to_string()));
    row("Unit", i.unit_of_measure.as_ref().map(|u| u.to_string()));
    row(
        "Classification",
        Some(
            i.classification
                .iter()
                .map(|c| format!("{} {}", c.scheme, c.code))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    row("Lead time", i.lead_time_days.map(|d| format!("{d} days")));
    row("Category", Some(i.category_path.join(" › ")));
    let mut breaks = String::new();
    if item.breaks.len() > 1
        || item
            .breaks
            .first()
            .is_some_and(|b| b.min_quantity > Decimal::ONE)
    {
        breaks.push_str("<h3>Your prices</h3><table><tr><th>From quantity</th><th class=\"num\">Unit price</th></tr>");
        for pb in &item.breaks {
            let _ = write!(
                breaks,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                pb.min_quantity.normalize(),
                esc(&money(Some(pb.unit_price), &item.currency))
            );
        }
        breaks.push_str("</table>");
    }
    let add = if s.read_only() || s.closed() {
        String::new()
    } else {
        format!(
            "<form method=\"post\" action=\"{b}/cart/add\">\
             <input type=\"hidden\" name=\"supplier_part_id\" value=\"{}\">\
             <input type=\"hidden\" name=\"return_to\" value=\"{b}/cart\">\
             <label>Quantity <input type=\"number\" name=\"quantity\" value=\"1\" min=\"1\" step=\"any\"></label> \
             <button type=\"submit\" class=\"add\">Add to cart</button></form>",
            esc(&i.supplier_part_id)
        )
    };
    let body = format!(
        "<main><section class=\"content\"><p><a href=\"{b}/\">← Back to catalog</a></p>\
         <div class=\"product\"><img src=\"{}\" alt=\"\"><div><h1>{}</h1>\
         <p class=\"price\">{} <span class=\"muted\">per {}</span></p>\
         {}{add}<p>{}</p><table>{rows}</table>{breaks}</div></div></section></main>",
        esc(&image(&item)),
        esc(i.description.as_deref().unwrap_or(&i.supplier_part_id)),
        esc(&money(item.unit_price, &item.currency)),
        esc(&i
            .unit_of_measure
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default()),
        if item.list_price.is_some() && item.list_price != item.unit_price {
            format!(
                "<p class=\"muted\">List price {}</p>",
                esc(&money(item.list_price, &item.currency))
            )
        } else {
            String::new()
        },
        esc(i.long_description.as_deref().unwrap_or("")),
    );
    Ok(html_ok(html::page(
        i.description.as_deref().unwrap_or("Product"),
        Some(&chrome(&s, "")),
        &body,
    )))
}

/// Form of "add to cart".
#[derive(Debug, Deserialize)]
pub struct AddForm {
    supplier_part_id: String,
    quantity: Option<String>,
    return_to: Option<String>,
}

/// `POST /punchout/s/{sid}/cart/add` (HTML form).
#[post("/punchout/s/{sid}/cart/add")]
pub async fn cart_add(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    form: web::Form<AddForm>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let mut s = session(&state, &sid, &root).await?;
    let q = punchout::parse_quantity(form.quantity.as_deref().unwrap_or("1"))?;
    punchout::add_to_cart(&state.store, &mut s, &form.supplier_part_id, q).await?;
    let b = base(&s.row.id);
    // Only ever redirect inside this session (no open redirect).
    let to = form
        .return_to
        .clone()
        .filter(|r| r.starts_with(&format!("{b}/")))
        .unwrap_or_else(|| format!("{b}/cart"));
    Ok(see_other(to))
}

/// `GET /punchout/s/{sid}/cart`.
#[get("/punchout/s/{sid}/cart")]
pub async fn cart(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let s = session(&state, &sid, &root).await?;
    let b = base(&s.row.id);
    let currency = s
        .cart
        .currency
        .as_ref()
        .map(|c| c.to_string())
        .unwrap_or_else(|| "EUR".to_owned());
    let editable = !(s.read_only() || s.closed());
    let mut body = String::from("<main><section class=\"content\"><h1>Your cart</h1>");
    if s.closed() {
        body.push_str("<div class=\"notice\">This cart was already returned to your procurement system.</div>");
    } else if s.read_only() {
        body.push_str("<div class=\"notice\">You are inspecting a cart from your procurement system: it cannot be changed.</div>");
    }
    if s.cart.items.is_empty() {
        body.push_str("<p>Your cart is empty.</p>");
    } else {
        let _ = write!(body, "<form method=\"post\" action=\"{b}/cart/update\"><table id=\"cart\"><tr><th>#</th><th>Product</th><th>Part number</th><th class=\"num\">Quantity</th><th>Unit</th><th class=\"num\">Unit price</th><th class=\"num\">Amount</th></tr>");
        for (n, line) in s.cart.items.iter().enumerate() {
            let n = n + 1;
            let part = line.supplier_part_id.clone().unwrap_or_default();
            let qty = if editable {
                format!(
                    "<input type=\"number\" name=\"q{n}\" value=\"{}\" min=\"0\" step=\"any\" aria-label=\"Quantity of line {n}\">",
                    line.quantity.normalize()
                )
            } else {
                line.quantity.normalize().to_string()
            };
            let amount = line
                .unit_price
                .and_then(|p| p.checked_mul(line.quantity))
                .map(|a| a.round_dp(2));
            let _ = write!(
                body,
                "<tr data-part=\"{}\"><td>{n}</td><td>{}</td><td>{}{}</td><td class=\"num\">{qty}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&part),
                esc(line.description.as_deref().unwrap_or("")),
                esc(&part),
                line.supplier_part_aux_id
                    .as_ref()
                    .map(|a| format!(" <span class=\"muted\">({})</span>", esc(a)))
                    .unwrap_or_default(),
                esc(&line.unit_of_measure.as_ref().map(|u| u.to_string()).unwrap_or_default()),
                esc(&money(line.unit_price, &currency)),
                esc(&money(amount, &currency)),
            );
        }
        let total = s.cart.computed_total().map(|t| t.round_dp(2));
        let _ = write!(
            body,
            "<tr><th colspan=\"6\" class=\"num\">Total</th><th class=\"num\" id=\"cart-total\">{}</th></tr></table>",
            esc(&money(total, &currency))
        );
        if editable {
            body.push_str("<p><button type=\"submit\" class=\"secondary\">Update quantities</button> <span class=\"muted\">Set a quantity to 0 to remove a line.</span></p>");
        }
        body.push_str("</form>");
    }
    if !s.closed() {
        let label = if s.read_only() {
            "Return to procurement system"
        } else {
            "Transfer cart to procurement system"
        };
        let _ = write!(
            body,
            "<form method=\"post\" action=\"{b}/transfer\"><p><button type=\"submit\" class=\"big\" id=\"transfer\">{label}</button></p></form>"
        );
    }
    let _ = write!(
        body,
        "<p><a href=\"{b}/\">← Continue shopping</a></p></section></main>"
    );
    Ok(html_ok(html::page("Cart", Some(&chrome(&s, "")), &body)))
}

/// `POST /punchout/s/{sid}/cart/update`: form fields `q1`, `q2`, … (0 removes the line).
#[post("/punchout/s/{sid}/cart/update")]
pub async fn cart_update(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    form: web::Form<HashMap<String, String>>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let mut s = session(&state, &sid, &root).await?;
    let mut updates = std::collections::BTreeMap::new();
    for (k, v) in form.iter() {
        // Only canonical `q<line>` keys (`q1`, not `q01`), each line once.
        let Some(n) = k.strip_prefix('q').and_then(|n| n.parse::<usize>().ok()) else {
            continue;
        };
        if k[1..] != n.to_string() || n > s.cart.items.len() {
            return Err(PunchoutError::BadInput(format!("unknown cart field `{k}`")).into());
        }
        updates.insert(n, punchout::parse_quantity(v)?);
    }
    punchout::update_cart(&state.store, &mut s, &updates).await?;
    Ok(see_other(format!("{}/cart", base(&s.row.id))))
}

/// Form of the transfer button.
#[derive(Debug, Deserialize)]
pub struct TransferForm {
    confirm_empty: Option<String>,
}

/// `POST /punchout/s/{sid}/transfer`: the auto-submitting return page (or, for an edit session
/// with an empty cart, a confirmation first).
#[post("/punchout/s/{sid}/transfer")]
pub async fn transfer(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    form: Option<web::Form<TransferForm>>,
    root: RootSpan,
) -> Result<HttpResponse, ShopError> {
    let s = session(&state, &sid, &root).await?;
    let confirm = form
        .and_then(|f| f.into_inner().confirm_empty)
        .is_some_and(|v| v == "1" || v == "yes" || v == "true");
    match punchout::transfer(&state.store, &state.punchout, &s, confirm).await? {
        Transfer::Form(f) => Ok(html_ok(html::return_form(
            &f.action,
            f.target.as_deref(),
            &f.charset,
            &f.fields,
        ))),
        Transfer::ConfirmEmpty => {
            let b = base(&s.row.id);
            Ok(html_ok(html::page(
                "Return an empty cart?",
                Some(&chrome(&s, "")),
                &format!(
                    "<main><section class=\"content\"><div class=\"notice\"><h2>Return an empty cart?</h2>\
                     <p>Your cart is empty. Returning it removes every line of this requisition in your procurement system.</p></div>\
                     <form method=\"post\" action=\"{b}/transfer\"><input type=\"hidden\" name=\"confirm_empty\" value=\"1\">\
                     <button type=\"submit\" id=\"confirm-empty\">Yes, return the empty cart</button></form>\
                     <p><a href=\"{b}/\">No, keep shopping</a></p></section></main>"
                ),
            )))
        }
    }
}

// ----- JSON API -------------------------------------------------------------------------------

fn item_json(p: &PricedItem) -> serde_json::Value {
    let i = &p.item;
    serde_json::json!({
        "supplier_part_id": i.supplier_part_id,
        "supplier_part_aux_id": i.supplier_part_aux_id,
        "description": i.description,
        "unit_of_measure": i.unit_of_measure,
        "price": p.unit_price,
        "list_price": p.list_price,
        "currency": p.currency,
        "price_breaks": p.breaks.iter().map(|b| serde_json::json!({
            "min_quantity": b.min_quantity.to_string(),
            "unit_price": b.unit_price.to_string(),
        })).collect::<Vec<_>>(),
        "classification": i.classification,
        "manufacturer_name": i.manufacturer_name,
        "manufacturer_part_id": i.manufacturer_part_id,
        "lead_time_days": i.lead_time_days,
        "category_path": i.category_path,
        "image_urls": i.image_urls,
    })
}

fn cart_json(s: &Session) -> serde_json::Value {
    serde_json::json!({
        "operation": s.row.operation,
        "read_only": s.read_only(),
        "state": s.row.state,
        "currency": s.cart.currency,
        "total": s.cart.computed_total().map(|t| t.to_string()),
        "items": s.cart.items,
    })
}

/// Query of the catalog API.
#[derive(Debug, Deserialize)]
pub struct ApiCatalogQuery {
    q: Option<String>,
    category: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /punchout/s/{sid}/api/catalog?q=&category=&limit=&offset=`.
#[get("/punchout/s/{sid}/api/catalog")]
pub async fn api_catalog(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    query: web::Query<ApiCatalogQuery>,
    root: RootSpan,
) -> Result<HttpResponse, ShopApiError> {
    let s = session(&state, &sid, &root).await?;
    let cat = catalog(&state, &s)?;
    let found = cat
        .search(
            query.q.as_deref().filter(|q| !q.trim().is_empty()),
            query.category.as_deref().filter(|c| !c.is_empty()),
            query.limit.unwrap_or(50).clamp(1, 500),
            query.offset.unwrap_or(0).max(0),
        )
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "total": found.total,
        "items": found.items.iter().map(item_json).collect::<Vec<_>>(),
    })))
}

/// `GET /punchout/s/{sid}/api/cart`.
#[get("/punchout/s/{sid}/api/cart")]
pub async fn api_cart(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    root: RootSpan,
) -> Result<HttpResponse, ShopApiError> {
    let s = session(&state, &sid, &root).await?;
    Ok(HttpResponse::Ok().json(cart_json(&s)))
}

/// Body of `POST …/api/cart/items`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddItem {
    supplier_part_id: String,
    quantity: Option<serde_json::Value>,
}

/// `POST /punchout/s/{sid}/api/cart/items` with `{"supplier_part_id": "...", "quantity": "3"}`.
#[post("/punchout/s/{sid}/api/cart/items")]
pub async fn api_add(
    state: web::Data<AppState>,
    sid: web::Path<String>,
    body: web::Json<AddItem>,
    root: RootSpan,
) -> Result<HttpResponse, ShopApiError> {
    let mut s = session(&state, &sid, &root).await?;
    let q = match &body.quantity {
        None => Decimal::ONE,
        Some(serde_json::Value::String(q)) => punchout::parse_quantity(q)?,
        Some(serde_json::Value::Number(n)) if n.is_u64() => {
            punchout::parse_quantity(&n.to_string())?
        }
        Some(other) => {
            return Err(PunchoutError::BadInput(format!(
                "quantity must be a decimal string like \"3\" or a whole number, not {other}"
            ))
            .into())
        }
    };
    punchout::add_to_cart(&state.store, &mut s, &body.supplier_part_id, q).await?;
    Ok(HttpResponse::Created().json(cart_json(&s)))
}
