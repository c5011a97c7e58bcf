use super::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/canonical");

fn render(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("schema renders");
    text.push('\n');
    text
}

#[test]
fn schema_files_are_up_to_date() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (doc_type, schema) in all() {
        let path = std::path::Path::new(DIR).join(file_name(doc_type));
        let rendered = render(&schema);
        if update {
            std::fs::create_dir_all(DIR).expect("create schemas/canonical");
            std::fs::write(&path, rendered).expect("write schema file");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(on_disk) if on_disk == rendered => {}
            Ok(_) => stale.push(format!("{} differs", path.display())),
            Err(err) => stale.push(format!("{} unreadable: {err}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "JSON Schemas are out of date:\n  {}\nrun `UPDATE_EXPECT=1 cargo test -p model` to regenerate them",
        stale.join("\n  ")
    );
}

#[test]
fn every_schema_requires_a_constant_type() {
    for (doc_type, schema) in all() {
        let value = schema.as_value();
        assert_eq!(
            value["properties"]["type"]["const"],
            doc_type.as_str(),
            "{doc_type}"
        );
        let required = value["required"].as_array().expect("required list");
        assert!(required.iter().any(|r| r == "type"), "{doc_type}");
    }
}

#[test]
fn identity_fields_are_required_and_nothing_optional_is() {
    let expect: [(DocType, &[&str]); 8] = [
        (DocType::PurchaseOrder, &["type", "order_number"]),
        (DocType::OrderChange, &["type", "order_number"]),
        (DocType::OrderResponse, &["type", "order_number", "status"]),
        (DocType::ShipNotice, &["type", "shipment_id"]),
        (DocType::Invoice, &["type", "invoice_number"]),
        (DocType::Catalog, &["type", "catalog_id"]),
        (DocType::InventoryReport, &["type", "report_id"]),
        (DocType::PunchoutCart, &["type", "buyer_cookie"]),
    ];
    for (doc_type, fields) in expect {
        let schema = for_type(doc_type);
        let mut required: Vec<&str> = schema.as_value()["required"]
            .as_array()
            .expect("required list")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        required.sort_unstable();
        let mut fields = fields.to_vec();
        fields.sort_unstable();
        assert_eq!(required, fields, "{doc_type}");
    }
}

#[test]
fn order_line_requires_line_number_and_quantity() {
    let schema = for_type(DocType::PurchaseOrder);
    let line = &schema.as_value()["$defs"]["OrderLine"];
    assert_eq!(
        line["required"],
        serde_json::json!(["line_number", "quantity"])
    );
}

/// Walks a schema and collects every subschema that mentions a number type.
fn number_types(value: &serde_json::Value, path: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(ty) = map.get("type") {
                let is_number = match ty {
                    serde_json::Value::String(s) => s == "number",
                    serde_json::Value::Array(items) => items.iter().any(|t| t == "number"),
                    _ => false,
                };
                if is_number {
                    found.push(path.to_owned());
                }
            }
            for (key, child) in map {
                number_types(child, &format!("{path}/{key}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                number_types(child, &format!("{path}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn decimals_are_strings_never_numbers() {
    for (doc_type, schema) in all() {
        let mut found = Vec::new();
        number_types(schema.as_value(), "", &mut found);
        assert!(found.is_empty(), "{doc_type}: number types at {found:?}");
    }
    let schema = for_type(DocType::PurchaseOrder);
    let quantity = &schema.as_value()["$defs"]["OrderLine"]["properties"]["quantity"];
    assert_eq!(quantity["type"], "string");
    assert_eq!(quantity["pattern"], crate::decimal::PATTERN);
    let price = &schema.as_value()["$defs"]["OrderLine"]["properties"]["unit_price"];
    assert_eq!(price["type"], serde_json::json!(["string", "null"]));
    assert_eq!(price["pattern"], crate::decimal::PATTERN);
}
