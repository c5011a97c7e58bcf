//! Server-rendered HTML for the punchout shop: escaping, the page layout, and the
//! auto-submitting cart-return form. Pages work inside iframes (no frame-blocking headers, no
//! cookies) and without JavaScript (every action is a plain form).

use std::fmt::Write;

/// Escape text for HTML element content and double-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encode a query value (`application/x-www-form-urlencoded`: space is `+`).
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Percent-encode one URL path segment (space is `%20`; only unreserved characters stay).
pub fn enc_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

const STYLE: &str = r#"
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#f4f6f9}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
header{background:#12324f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}header .brand{font-weight:700;letter-spacing:.02em}header form{flex:1;display:flex;gap:.4rem;min-width:14rem}
header input[type=search]{flex:1;padding:.45rem .6rem;border:0;border-radius:4px}
.cartlink{background:#f2b705;color:#12324f!important;padding:.4rem .8rem;border-radius:4px;font-weight:600}
main{display:flex;gap:1.2rem;padding:1rem;max-width:1200px;margin:0 auto}
nav.cats{min-width:14rem;max-width:16rem}nav.cats ul{list-style:none;padding:0;margin:0}nav.cats li{margin:.15rem 0}
nav.cats .n{color:#6b7785;font-size:.85em}section.content{flex:1;min-width:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.9rem}
.card{background:#fff;border:1px solid #dfe4ea;border-radius:6px;padding:.7rem;display:flex;flex-direction:column;gap:.35rem}
.card img{width:100%;height:120px;object-fit:contain;background:#f8fafc}
.price{font-weight:700;font-size:1.05em}.muted{color:#6b7785;font-size:.85em}
button,.btn{background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:.45rem .8rem;font:inherit;cursor:pointer}
button.secondary{background:#dfe4ea;color:#1d2733}button.big{font-size:1.1em;padding:.7rem 1.2rem}
input[type=number],input[type=text]{width:5.5rem;padding:.35rem;border:1px solid #c5cdd6;border-radius:4px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.5rem;border-bottom:1px solid #e6eaef;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}.notice{background:#fff8e1;border:1px solid #f2d27a;padding:.7rem;border-radius:4px;margin-bottom:1rem}
.error{background:#fdecea;border:1px solid #f5b5ae;padding:1rem;border-radius:4px}
.pager{display:flex;gap:.6rem;margin-top:1rem;align-items:center}.product{display:flex;gap:1.5rem;flex-wrap:wrap;background:#fff;padding:1rem;border-radius:6px;border:1px solid #dfe4ea}
.product img{width:280px;height:220px;object-fit:contain;background:#f8fafc}
"#;

/// What the header shows for a shop session.
pub struct Chrome<'a> {
    /// Session id (URL prefix).
    pub sid: &'a str,
    /// Partner display name.
    pub partner_name: &'a str,
    /// Lines in the cart.
    pub cart_lines: usize,
    /// Current search text.
    pub query: &'a str,
    /// Inspection only.
    pub read_only: bool,
}

/// A complete page.
pub fn page(title: &str, chrome: Option<&Chrome<'_>>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        esc(title)
    );
    if let Some(c) = chrome {
        let base = format!("/punchout/s/{}", c.sid);
        let _ = write!(
            out,
            "<header><a class=\"brand\" href=\"{base}/\">b2bgate catalog</a>\
             <span>{}</span>\
             <form method=\"get\" action=\"{base}/\" role=\"search\">\
             <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search products, part numbers…\" aria-label=\"Search\">\
             <button type=\"submit\">Search</button></form>\
             <a class=\"cartlink\" id=\"cart-link\" href=\"{base}/cart\">Cart ({})</a>{}</header>",
            esc(c.partner_name),
            esc(c.query),
            c.cart_lines,
            if c.read_only { " <span class=\"muted\">(read only)</span>" } else { "" }
        );
    }
    out.push_str(body);
    out.push_str("</body></html>");
    out
}

/// An error page.
pub fn error_page(title: &str, message: &str) -> String {
    page(
        title,
        None,
        &format!(
            "<main><section class=\"content\"><div class=\"error\"><h1>{}</h1><p>{}</p></div></section></main>",
            esc(title),
            esc(message)
        ),
    )
}

/// The page that posts a cart back to the procurement system: submitted by script at once, with
/// a visible button when scripts are off.
pub fn return_form(
    action: &str,
    target: Option<&str>,
    charset: &str,
    fields: &[(String, String)],
) -> String {
    let mut inputs = String::new();
    for (name, value) in fields {
        let _ = write!(
            inputs,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(name),
            esc(value)
        );
    }
    let target_attr = target
        .filter(|t| !t.is_empty())
        .map(|t| format!(" target=\"{}\"", esc(t)))
        .unwrap_or_default();
    page(
        "Returning your cart",
        None,
        &format!(
            "<main><section class=\"content\"><p>Returning your cart to your procurement system…</p>\
             <form id=\"cart-return\" method=\"post\" action=\"{}\"{target_attr} accept-charset=\"{}\" \
             enctype=\"application/x-www-form-urlencoded\">{inputs}\
             <button type=\"submit\" class=\"big\">Return cart to procurement system</button></form>\
             <script>document.getElementById('cart-return').submit();</script></section></main>",
            esc(action),
            esc(charset)
        ),
    )
}

/// A placeholder product image.
pub const PLACEHOLDER_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160" viewBox="0 0 240 160"><rect width="240" height="160" fill="#eef2f6"/><g fill="none" stroke="#9aa7b4" stroke-width="4"><rect x="78" y="44" width="84" height="64" rx="6"/><circle cx="102" cy="66" r="8"/><path d="M84 102l26-24 16 14 12-10 20 20"/></g><text x="120" y="136" font-family="sans-serif" font-size="13" fill="#6b7785" text-anchor="middle">no image</text></svg>"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(enc_path("AB 12/x+y"), "AB%2012%2Fx%2By");
        assert_eq!(enc_path("OS-PAP-2001"), "OS-PAP-2001");
    }

    #[test]
    fn return_form_escapes_values_and_has_a_button() {
        let html = return_form(
            "https://buyer.example/return?x=1",
            Some("_top"),
            "UTF-8",
            &[(
                "cxml-urlencoded".into(),
                "<cXML a=\"b\">&amp;</cXML>".into(),
            )],
        );
        assert!(html.contains("value=\"&lt;cXML a=&quot;b&quot;&gt;&amp;amp;&lt;/cXML&gt;\""));
        assert!(html.contains("target=\"_top\""));
        assert!(html.contains("<button type=\"submit\""));
        assert!(html.contains(".submit()"));
    }
}
