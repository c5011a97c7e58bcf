use std::collections::BTreeSet;
use std::path::PathBuf;

use model::{CartItem, Classification, CurrencyCode, PunchoutCart, UnitOfMeasure};
use rust_decimal::Decimal;

use super::*;
use crate::Severity;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn get<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn item(part: &str, qty: &str, price: Option<&str>, unit: &str, desc: &str) -> CartItem {
    CartItem {
        quantity: dec(qty),
        supplier_part_id: Some(part.into()),
        unit_price: price.map(dec),
        unit_of_measure: UnitOfMeasure::parse(unit).ok(),
        description: Some(desc.into()),
        ..CartItem::default()
    }
}

fn cart(items: Vec<CartItem>) -> PunchoutCart {
    let mut c = PunchoutCart::new("");
    c.currency = CurrencyCode::parse("EUR").ok();
    c.items = items;
    c
}

#[test]
fn callup_reads_names_case_insensitively() {
    let (c, issues) = Callup::from_pairs(&pairs(&[
        ("username", "buyer1"),
        ("PASSWORD", "pw"),
        (
            "HOOK_URL",
            "https://srm.example/sap/bc/gui?sap-client=100&x=1",
        ),
        ("~OkCode", "ADDI"),
        ("returntarget", "_parent"),
        ("~CALLER", "CTLG"),
        ("OCI_VERSION", "5.0"),
        ("function", "validate"),
        ("PRODUCTID", "P-1|aux"),
        ("QUANTITY", "2,5"),
        ("http_content_charset", "utf-8"),
        ("LANGU", "DE"),
        ("sap-client", "100"),
    ]));
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(c.username.as_deref(), Some("buyer1"));
    assert_eq!(c.password.as_deref(), Some("pw"));
    assert_eq!(
        c.hook_url.as_deref(),
        Some("https://srm.example/sap/bc/gui?sap-client=100&x=1")
    );
    assert_eq!(c.ok_code.as_deref(), Some("ADDI"));
    assert_eq!(c.target.as_deref(), Some("_parent"));
    assert_eq!(c.caller.as_deref(), Some("CTLG"));
    assert_eq!(c.oci_version.as_deref(), Some("5.0"));
    assert_eq!(c.function, Some(Function::Validate));
    assert_eq!(c.product_id.as_deref(), Some("P-1|aux"));
    assert_eq!(c.quantity, Some(dec("2.5")));
    assert_eq!(c.charset.as_deref(), Some("utf-8"));
    assert_eq!(c.extra, pairs(&[("LANGU", "DE"), ("sap-client", "100")]));
    let (c2, _) = Callup::from_pairs(&pairs(&[
        ("~OKCODE", "ADDI"),
        ("~target", "_top"),
        ("HOOK_URL", "https://x.example"),
    ]));
    assert_eq!(c2.ok_code.as_deref(), Some("ADDI"));
    assert_eq!(c2.target.as_deref(), Some("_top"));
}

#[test]
fn callup_debug_redacts_the_password() {
    let (c, _) = Callup::from_pairs(&pairs(&[
        ("PASSWORD", "hunter2"),
        ("HOOK_URL", "https://h"),
    ]));
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("<redacted>"));
}

#[test]
fn callup_issues() {
    let (c, issues) = Callup::from_pairs(&pairs(&[
        ("HOOK_URL", "javascript:alert(1)"),
        ("FUNCTION", "DETAIL"),
        ("QUANTITY", "lots"),
        ("USERNAME", "a"),
        ("username", "b"),
    ]));
    assert_eq!(c.hook_url, None, "a non-http hook is not kept");
    assert_eq!(c.username.as_deref(), Some("a"), "first wins");
    let errors: Vec<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("not an http(s) URL"));
    let warnings: Vec<&str> = issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "QUANTITY lots is not a number",
            "USERNAME given more than once; the first value is used",
            "FUNCTION=DETAIL without PRODUCTID"
        ]
    );
    let (_, issues) = Callup::from_pairs(&[]);
    assert!(issues[0].message.contains("Missing HOOK_URL"));
    let (c, issues) = Callup::from_pairs(&pairs(&[
        ("HOOK_URL", "http://plain.example"),
        ("FUNCTION", "FOO"),
    ]));
    assert_eq!(c.function, Some(Function::Other("FOO".into())));
    assert_eq!(issues.len(), 2);
}

#[test]
fn hook_url_splitting() {
    assert_eq!(
        split_hook_url("https://srm.example/sap/bc/bsp/sap/bbp_oci?sap-client=100&OCI_VERSION=4.0&x=a%20b+c%2Bd&empty&=v&&y=%E2%9C%93#frag?x=1"),
        (
            "https://srm.example/sap/bc/bsp/sap/bbp_oci".to_owned(),
            pairs(&[
                ("sap-client", "100"),
                ("OCI_VERSION", "4.0"),
                ("x", "a b c+d"),
                ("empty", ""),
                ("", "v"),
                ("y", "✓"),
            ])
        )
    );
    assert_eq!(
        split_hook_url(" https://h.example/p#only-fragment "),
        ("https://h.example/p".to_owned(), vec![])
    );
    // Invalid escapes stay literal; Latin-1 bytes decode as ISO-8859-1.
    assert_eq!(
        split_hook_url("https://h/?a=%zz%4&b=%FCber"),
        (
            "https://h/".to_owned(),
            pairs(&[("a", "%zz%4"), ("b", "über")])
        )
    );
}

#[test]
fn ext_product_id_round_trips() {
    for (part, aux) in [
        ("P-1", None),
        ("P-1", Some("cfg=1")),
        ("a|b%c", Some("x|%7C|y")),
        ("", Some("")),
        ("ü", Some(" space ")),
    ] {
        let enc = ext_product_id(part, aux);
        assert_eq!(
            parse_ext_product_id(&enc),
            (part.to_owned(), aux.map(str::to_owned)),
            "{enc}"
        );
    }
    assert_eq!(ext_product_id("P-1", None), "P-1");
    assert_eq!(ext_product_id("P-1", Some("EA")), "P-1|EA");
}

#[test]
fn cart_fields_for_a_typical_line() {
    let mut a = item(
        "CH-100",
        "2",
        Some("249.9"),
        "EA",
        "Bürostuhl – ergonomisch, mit Armlehnen und Kopfstütze",
    );
    a.supplier_part_aux_id = Some("blue".into());
    a.manufacturer_part_id = Some("ERGO-7".into());
    a.lead_time_days = Some(5);
    a.classification = vec![Classification::new("UNSPSC", "56.10.15.04")];
    a.extrinsics.insert("oci:CUST_FIELD1".into(), "X1".into());
    let (fields, issues) = cart_fields(&cart(vec![a]), &OciOptions::default());
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "NEW_ITEM-DESCRIPTION[1]",
            "NEW_ITEM-QUANTITY[1]",
            "NEW_ITEM-UNIT[1]",
            "NEW_ITEM-PRICE[1]",
            "NEW_ITEM-PRICEUNIT[1]",
            "NEW_ITEM-CURRENCY[1]",
            "NEW_ITEM-LEADTIME[1]",
            "NEW_ITEM-LONGTEXT_1:132[]",
            "NEW_ITEM-VENDORMAT[1]",
            "NEW_ITEM-MANUFACTMAT[1]",
            "NEW_ITEM-MATGROUP[1]",
            "NEW_ITEM-EXT_PRODUCT_ID[1]",
            "NEW_ITEM-CUST_FIELD1[1]",
        ]
    );
    assert_eq!(
        get(&fields, "NEW_ITEM-DESCRIPTION[1]"),
        Some("Bürostuhl – ergonomisch, mit Armlehnen u")
    );
    assert_eq!(
        get(&fields, "NEW_ITEM-DESCRIPTION[1]").map(|d| d.chars().count()),
        Some(40)
    );
    assert_eq!(
        get(&fields, "NEW_ITEM-LONGTEXT_1:132[]"),
        Some("Bürostuhl – ergonomisch, mit Armlehnen und Kopfstütze")
    );
    assert_eq!(get(&fields, "NEW_ITEM-QUANTITY[1]"), Some("2"));
    assert_eq!(get(&fields, "NEW_ITEM-UNIT[1]"), Some("PCE"));
    assert_eq!(get(&fields, "NEW_ITEM-PRICE[1]"), Some("249.90"));
    assert_eq!(get(&fields, "NEW_ITEM-PRICEUNIT[1]"), Some("1"));
    assert_eq!(get(&fields, "NEW_ITEM-CURRENCY[1]"), Some("EUR"));
    assert_eq!(get(&fields, "NEW_ITEM-LEADTIME[1]"), Some("5"));
    assert_eq!(get(&fields, "NEW_ITEM-VENDORMAT[1]"), Some("CH-100"));
    assert_eq!(get(&fields, "NEW_ITEM-MATGROUP[1]"), Some("56101504"));
    assert_eq!(
        get(&fields, "NEW_ITEM-EXT_PRODUCT_ID[1]"),
        Some("CH-100|blue")
    );
    let warnings: Vec<_> = issues
        .iter()
        .map(|i| (i.severity, i.location.path.clone()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Severity::Warning,
                Some("NEW_ITEM-DESCRIPTION[1]".to_owned())
            ),
            (Severity::Warning, Some("NEW_ITEM-UNIT[1]".to_owned())),
        ]
    );
}

#[test]
fn unit_mapping() {
    for (unit, iso, warned) in [
        ("EA", "PCE", true),
        ("C62", "PCE", true),
        ("PCE", "PCE", false),
        ("KGM", "KGM", false),
        ("ST", "PCE", true),
        ("PC", "PCE", true),
        ("PCS", "PCE", true),
        ("MTR", "MTR", false),
    ] {
        let (fields, issues) = cart_fields(
            &cart(vec![item("P", "1", Some("1"), unit, "d")]),
            &OciOptions::default(),
        );
        assert_eq!(get(&fields, "NEW_ITEM-UNIT[1]"), Some(iso), "{unit}");
        assert_eq!(!issues.is_empty(), warned, "{unit}: {issues:?}");
    }
    let mut no_unit = item("P", "1", Some("1"), "EA", "d");
    no_unit.unit_of_measure = None;
    let (fields, issues) = cart_fields(&cart(vec![no_unit]), &OciOptions::default());
    assert_eq!(get(&fields, "NEW_ITEM-UNIT[1]"), Some("PCE"));
    assert_eq!(issues.len(), 1);
}

#[test]
fn price_units_keep_two_decimals() {
    for (price, expected, unit) in [
        ("12.5", "12.50", "1"),
        ("1730.9", "1730.90", "1"),
        ("0.0125", "1.25", "100"),
        ("0.125", "1.25", "10"),
        ("0.0001", "0.01", "100"),
        ("12.345", "123.45", "10"),
        ("0.00001", "0.01", "1000"),
        ("0.000011", "0.11", "10000"),
        ("7", "7.00", "1"),
    ] {
        let (fields, issues) = cart_fields(
            &cart(vec![item("P", "1", Some(price), "PCE", "d")]),
            &OciOptions::default(),
        );
        assert_eq!(get(&fields, "NEW_ITEM-PRICE[1]"), Some(expected), "{price}");
        assert_eq!(get(&fields, "NEW_ITEM-PRICEUNIT[1]"), Some(unit), "{price}");
        assert!(issues.is_empty(), "{price}: {issues:?}");
        // PRICE / PRICEUNIT gives the unit price back exactly.
        let back = dec(expected) / dec(unit);
        assert_eq!(back, dec(price), "{price}");
    }
    let (fields, issues) = cart_fields(
        &cart(vec![item("P", "1", Some("0.0000123"), "PCE", "d")]),
        &OciOptions::default(),
    );
    assert_eq!(get(&fields, "NEW_ITEM-PRICE[1]"), Some("0.12"));
    assert_eq!(get(&fields, "NEW_ITEM-PRICEUNIT[1]"), Some("10000"));
    assert_eq!(issues.len(), 1);
}

#[test]
fn quantities_and_lengths() {
    let mut long = item(&"V".repeat(41), "1.23456", None, "PCE", "");
    long.description = None;
    long.manufacturer_part_id = Some("M".repeat(45));
    long.classification = vec![Classification::new("eCl@ss", "24-29-01-01-99")];
    long.supplier_part_aux_id = Some("aux".into());
    let (fields, issues) = cart_fields(&cart(vec![long]), &OciOptions::default());
    assert_eq!(get(&fields, "NEW_ITEM-QUANTITY[1]"), Some("1.235"));
    assert_eq!(
        get(&fields, "NEW_ITEM-DESCRIPTION[1]"),
        Some("V".repeat(40).as_str())
    );
    assert_eq!(
        get(&fields, "NEW_ITEM-VENDORMAT[1]"),
        Some("V".repeat(40).as_str())
    );
    assert_eq!(
        get(&fields, "NEW_ITEM-MANUFACTMAT[1]"),
        Some("M".repeat(40).as_str())
    );
    assert_eq!(get(&fields, "NEW_ITEM-MATGROUP[1]"), None);
    assert_eq!(get(&fields, "NEW_ITEM-PRICE[1]"), None);
    assert_eq!(get(&fields, "NEW_ITEM-CURRENCY[1]"), None);
    let errors: Vec<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .filter_map(|i| i.location.path.as_deref())
        .collect();
    assert_eq!(
        errors,
        ["NEW_ITEM-VENDORMAT[1]", "NEW_ITEM-EXT_PRODUCT_ID[1]"]
    );

    let (fields, issues) = cart_fields(
        &cart(vec![item("P", "123456789012.5", Some("-1"), "PCE", "d")]),
        &OciOptions::default(),
    );
    assert_eq!(get(&fields, "NEW_ITEM-QUANTITY[1]"), Some("123456789012.5"));
    assert_eq!(
        issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count(),
        2
    );

    let mut no_currency = cart(vec![item("P", "1", Some("1"), "PCE", "d")]);
    no_currency.currency = None;
    let (_, issues) = cart_fields(&no_currency, &OciOptions::default());
    assert!(issues
        .iter()
        .any(|i| i.message == "No currency for the price"));
    let opts = OciOptions {
        currency: Some("USD".into()),
        ..OciOptions::default()
    };
    let (fields, issues) = cart_fields(&no_currency, &opts);
    assert_eq!(get(&fields, "NEW_ITEM-CURRENCY[1]"), Some("USD"));
    assert!(issues.is_empty());
}

#[test]
fn oci5_item_type_and_indexes() {
    let c = cart(vec![
        item("A", "1", Some("1"), "PCE", "a"),
        item("B", "1", Some("1"), "PCE", "b"),
    ]);
    let (fields, _) = cart_fields(
        &c,
        &OciOptions {
            version: "5.0".into(),
            currency: None,
        },
    );
    assert_eq!(get(&fields, "NEW_ITEM-ITEM_TYPE[1]"), Some("O"));
    assert_eq!(get(&fields, "NEW_ITEM-ITEM_TYPE[2]"), Some("O"));
    assert_eq!(get(&fields, "NEW_ITEM-VENDORMAT[2]"), Some("B"));
    assert!(fields.iter().all(|(k, _)| !k.contains("PARENT_ID")));
    let (fields4, _) = cart_fields(&c, &OciOptions::default());
    assert!(fields4.iter().all(|(k, _)| !k.contains("ITEM_TYPE")));
}

// ---- real captures ----------------------------------------------------------------------------

fn oci_corpus(name: &str) -> Option<String> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/oci"
    ));
    if !dir.exists() {
        println!("corpus not found at {}: skipped", dir.display());
        return None;
    }
    let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Minimal extractor of `<input … name="…" … value="…">` pairs (test only).
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!("{name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag.get(start..)?.find('"')?;
        tag.get(start..start + len).map(html_unescape)
    };
    html.split("<input")
        .skip(1)
        .filter_map(|rest| {
            let tag = rest.split('>').next()?;
            Some((attr(tag, "name")?, attr(tag, "value").unwrap_or_default()))
        })
        .collect()
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `NEW_ITEM-PRICE[3]` → `NEW_ITEM-PRICE[#]`, `NEW_ITEM-LONGTEXT_3:132[]` →
/// `NEW_ITEM-LONGTEXT_#:132[]`; `None` for other names.
fn shape(name: &str) -> Option<(String, usize)> {
    let rest = name.strip_prefix("NEW_ITEM-")?;
    if let Some(lt) = rest.strip_prefix("LONGTEXT_") {
        let (n, tail) = lt.split_once(':')?;
        if tail != "132[]" {
            return None;
        }
        return Some(("NEW_ITEM-LONGTEXT_#:132[]".to_owned(), n.parse().ok()?));
    }
    let (field, idx) = rest.split_once('[')?;
    let n = idx.strip_suffix(']')?.parse().ok()?;
    Some((format!("NEW_ITEM-{field}[#]"), n))
}

#[test]
fn field_shapes_match_the_real_captures() {
    let mut full = item(
        "491901E",
        "1",
        Some("1730.9"),
        "PCE",
        &"Klare, verzerrungsfreie Vergrößerung ".repeat(3),
    );
    full.manufacturer_part_id = Some("491901E".into());
    full.lead_time_days = Some(1);
    full.classification = vec![Classification::new("UNSPSC", "41111900")];
    let (ours, _) = cart_fields(&cart(vec![full.clone(), full]), &OciOptions::default());
    let our_shapes: BTreeSet<String> = ours
        .iter()
        .map(|(k, _)| shape(k).unwrap_or_else(|| panic!("bad field name {k}")).0)
        .collect();
    for file in [
        "meplato-sapoci__real_world.http.html",
        "meplato-sapoci__meplato_extensions.http.html",
    ] {
        let Some(html) = oci_corpus(file) else {
            return;
        };
        let theirs: Vec<(String, String)> = hidden_inputs(&html)
            .into_iter()
            .filter(|(k, _)| k.starts_with("NEW_ITEM-"))
            .collect();
        assert!(theirs.len() >= 80, "{file}: {}", theirs.len());
        let mut indexes = BTreeSet::new();
        let mut their_shapes = BTreeSet::new();
        for (k, v) in &theirs {
            let (s, n) = shape(k).unwrap_or_else(|| panic!("{file}: unexpected name {k}"));
            indexes.insert(n);
            // Numbers in the captures parse the way ours are written (`.` decimal point).
            if s.ends_with("QUANTITY[#]") || s.ends_with("PRICE[#]") || s.ends_with("PRICEUNIT[#]")
            {
                assert!(v.parse::<Decimal>().is_ok(), "{k}={v}");
            }
            their_shapes.insert(s);
        }
        assert_eq!(
            indexes,
            (1..=10).collect(),
            "{file}: items are numbered from 1"
        );
        // Every standard field the capture uses and we produce has exactly our name shape.
        for s in &their_shapes {
            let standard = [
                "DESCRIPTION",
                "QUANTITY",
                "UNIT",
                "PRICE",
                "PRICEUNIT",
                "CURRENCY",
                "LEADTIME",
                "LONGTEXT",
                "MANUFACTMAT",
                "EXT_PRODUCT_ID",
            ]
            .iter()
            .any(|f| {
                s.starts_with(&format!("NEW_ITEM-{f}[")) || s.starts_with(&format!("NEW_ITEM-{f}_"))
            });
            if standard {
                assert!(our_shapes.contains(s), "{file}: we do not produce {s}");
            }
        }
        assert!(their_shapes.contains("NEW_ITEM-LONGTEXT_#:132[]"));
    }
    // Ours are numbered from 1 as well, and the second item gets index 2.
    assert!(ours.iter().any(|(k, _)| k == "NEW_ITEM-LONGTEXT_2:132[]"));
}

#[test]
fn arbitrary_pairs_and_hooks_never_panic() {
    let alphabet = [
        "",
        "%",
        "%4",
        "%zz",
        "%E2%9C",
        "+",
        "&",
        "=",
        "#",
        "?",
        "ü",
        "HOOK_URL",
        "~okcode",
        "FUNCTION",
        "QUANTITY",
        "1,5",
        "1.5.5",
        "https://",
        "javascript:",
        " ",
        "|",
    ];
    let mut state = 0x1234_5678_9ABC_DEF0u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % (n as u64)).unwrap_or(0)
    };
    for _ in 0..3000 {
        let mut ps = Vec::new();
        for _ in 0..next(6) {
            let k: String = (0..next(4))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let v: String = (0..next(6))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            ps.push((k, v));
        }
        let (c, _) = Callup::from_pairs(&ps);
        if let Some(h) = &c.hook_url {
            let _ = split_hook_url(h);
        }
        for (_, v) in &ps {
            let _ = split_hook_url(v);
            let _ = parse_ext_product_id(v);
        }
    }
}
