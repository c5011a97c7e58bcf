use super::*;

#[test]
fn decimals_are_strict() {
    assert_eq!(price("12.50").unwrap().to_string(), "12.50");
    assert_eq!(price("0").unwrap(), Decimal::ZERO);
    assert_eq!(
        price("1e3").unwrap_err(),
        "`1e3` is not a decimal number (write digits with an optional \".\" and decimals, e.g. 12.50)"
    );
    assert_eq!(
        price("12,50").unwrap_err(),
        "`12,50` is not a decimal number (use \".\" as the decimal separator and no thousands \
         separator, e.g. 1234.50)"
    );
    assert!(price("1_000").is_err());
    assert!(price("+1").is_err());
    assert!(price(".5").is_err());
    assert_eq!(price("-1.00").unwrap_err(), "`-1.00` is negative");
    assert_eq!(positive("0").unwrap_err(), "`0` must be greater than 0");
}

#[test]
fn units_suggest_the_rec20_code() {
    assert_eq!(unit("EA").unwrap(), "EA");
    let e = unit("pcs").unwrap_err();
    assert!(e.starts_with("invalid unit of measure \"pcs\""), "{e}");
    assert!(e.ends_with("(did you mean \"PCE\"?)"), "{e}");
    assert!(!unit("each!").unwrap_err().contains("did you mean"));
}

#[test]
fn field_checks() {
    assert_eq!(unspsc("44121706").unwrap(), "44121706");
    assert!(unspsc("4412170").is_err());
    assert!(unspsc("44-12-17-06").is_err());
    assert_eq!(
        category("Office Supplies>Paper >  Copy").unwrap(),
        "Office Supplies > Paper > Copy"
    );
    assert!(category("Office >> Paper").is_err());
    assert!(link("/punchout/static/placeholder.svg").is_ok());
    assert!(link("https://cdn.example.com/a.png").is_ok());
    assert!(link("//cdn.example.com/a.png").is_err());
    assert!(link("javascript:alert(1)").is_err());
    assert!(link("ftp://x/y").is_err());
    assert_eq!(days("7").unwrap(), 7);
    assert!(days("-1").is_err());
    assert!(days("1.5").is_err());
    assert!(date("2026-02-30").is_err());
    assert!(currency("eur").is_err());
}

#[test]
fn format_from_extension() {
    assert_eq!(Format::from_path(Path::new("a/b.CSV")), Some(Format::Csv));
    assert_eq!(Format::from_path(Path::new("b.json")), Some(Format::Json));
    assert_eq!(Format::from_path(Path::new("b.xlsx")), None);
    assert_eq!(Format::from_path(Path::new("b")), None);
}

#[test]
fn json_items_know_their_line() {
    let text = "[\n  {\"a\": 1},\n\n  {\"b\": 2}\n]";
    let raws: Vec<&RawValue> = serde_json::from_str(text).unwrap();
    let lines: Vec<u64> = raws.iter().map(|r| line_of(text, r)).collect();
    assert_eq!(lines, [2, 4]);
}

#[test]
fn header_problems_are_all_reported() {
    let header = csv::ByteRecord::from(vec![
        "supplier_part_id",
        "Descr",
        "",
        "list_price",
        "list_price",
    ]);
    let Err(ImportError::Invalid(msg)) =
        Columns::from_header(&header, &CATALOG_COLUMNS, &CATALOG_REQUIRED)
    else {
        panic!("accepted a bad header");
    };
    assert!(
        msg.starts_with(
            "line 1 (header): unknown column `descr`; column 3 has no name; \
         column `list_price` appears twice; missing required column `description`; \
         missing required column `unit_of_measure`; missing required column `currency`"
        ),
        "{msg}"
    );
}

#[test]
fn the_demo_files_are_well_formed() {
    let header = DEMO_CATALOG_CSV.lines().next().unwrap();
    assert_eq!(header, CATALOG_COLUMNS.join(","));
    assert!(DEMO_CATALOG_CSV.lines().count() > 150);
    assert!(DEMO_PRICE_LIST_CSV.starts_with("supplier_part_id,min_quantity,unit_price,currency\n"));
}
