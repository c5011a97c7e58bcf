//! Fuzz the SAP OCI side: a call-up's form pairs (the input split on `&` and `=`, as a form body
//! would be), the HOOK_URL splitter, the EXT_PRODUCT_ID codec, and the cart writer on a cart
//! whose item fields come from the input; nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::oci::{
    cart_fields, ext_product_id, parse_ext_product_id, split_hook_url, Callup, OciOptions,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pairs: Vec<(String, String)> = text
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (kv.to_owned(), String::new()),
        })
        .collect();
    let (callup, _) = Callup::from_pairs(&pairs);
    let _ = split_hook_url(&text);
    let (part, aux) = parse_ext_product_id(&text);
    let _ = ext_product_id(&part, aux.as_deref());

    // A cart of one item per pair: description, part id and quantity/price text from the input.
    let mut cart = model::PunchoutCart::default();
    for (k, v) in &pairs {
        let mut item = model::CartItem::default();
        item.description = Some(k.clone());
        item.supplier_part_id = Some(v.clone());
        item.quantity = v.parse().unwrap_or_default();
        item.unit_price = k.parse().ok();
        item.unit_of_measure = model::UnitOfMeasure::parse(v).ok();
        cart.items.push(item);
    }
    let theirs = callup.oci_version.clone().unwrap_or_default();
    for version in ["4.0", "5.0", theirs.as_str()] {
        let opts = OciOptions {
            version: version.to_owned(),
            currency: Some(text.chars().take(3).collect()),
        };
        let _ = cart_fields(&cart, &opts);
        cart.currency = model::CurrencyCode::parse(&text.chars().take(3).collect::<String>()).ok();
        let opts = OciOptions {
            version: version.to_owned(),
            currency: None,
        };
        let _ = cart_fields(&cart, &opts);
    }
});
