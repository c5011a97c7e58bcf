//! Catalogs and contract prices: the demo catalog loaded at start, `b2bgate catalog import`
//! (CSV and JSON, rejected rows, idempotent re-import), search, prices through
//! `PartnerCatalog`, and partner isolation. Runs on SQLite, and on PostgreSQL when
//! TEST_DATABASE_URL is set.

use std::path::Path;
use std::process::{Command, Output};

use b2bgate::catalog_import::{
    import_catalog_csv, import_catalog_json, import_price_list_csv, DEMO_CATALOG_CSV,
    DEMO_PRICE_LIST_CSV,
};
use b2bgate::partners::PartnerRegistry;
use b2bgate::pipeline::catalog::PartnerCatalog;
use b2bgate::store::Store;
use rust_decimal::Decimal;

use crate::helpers::{repo_root, spawn_app, spawn_app_with, write_file, AppOptions, TestDb};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// The real binary, with a clean environment, on `db`.
fn b2bgate(db: &TestDb) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_b2bgate"));
    c.current_dir(repo_root());
    for (k, _) in std::env::vars() {
        if k.starts_with("B2BGATE_") {
            c.env_remove(k);
        }
    }
    c.env("B2BGATE_DATABASE_URL", &db.url);
    c
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run b2bgate");
    (
        status.success(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn demo_buyer(store: &Store) -> PartnerCatalog {
    let registry = PartnerRegistry::load_with_env(&repo_root().join("partners"), &|_| None)
        .expect("partners load");
    let partner = registry.get("demo-buyer").expect("demo-buyer");
    PartnerCatalog::for_partner(store, partner).expect("demo-buyer has a catalog")
}

/// Two partners with their own catalogs: `a` (catalog `cat-a`, price list `pl-a`, 10 % off)
/// and `b` (catalog `cat-b`, price list `pl-b`), plus `c` without a catalog.
fn two_partners(dir: &Path) -> PartnerRegistry {
    write_file(
        dir,
        "a.toml",
        "name = \"A\"\ncatalog = \"cat-a\"\nprice_list = \"pl-a\"\ndiscount_percent = 10\n\
         [oci]\nusername = \"a\"\npassword = { env = \"A_OCI\", dev_default = \"x\" }\n",
    );
    write_file(
        dir,
        "b.toml",
        "name = \"B\"\ncatalog = \"cat-b\"\nprice_list = \"pl-b\"\ndiscount_percent = \"2.5\"\n\
         [oci]\nusername = \"b\"\npassword = { env = \"B_OCI\", dev_default = \"x\" }\n",
    );
    write_file(
        dir,
        "c.toml",
        "name = \"C\"\n[oci]\nusername = \"c\"\npassword = { env = \"C_OCI\", dev_default = \"x\" }\n",
    );
    PartnerRegistry::load_with_env(dir, &|_| None).expect("partners load")
}

const HEADER: &str = "supplier_part_id,description,unit_of_measure,list_price,currency,category";

#[tokio::test]
async fn the_demo_catalog_is_loaded_at_start_for_the_demo_partner() {
    let app = spawn_app().await;
    let store = &app.store;
    let items = store.count_items("demo", None, None).await.unwrap();
    assert!(items >= 150, "{items} demo items");
    let categories = store.categories("demo").await.unwrap();
    assert!(categories.len() >= 20, "{categories:?}");
    assert!(categories
        .iter()
        .any(|(c, n)| c == "Office Supplies > Paper" && *n >= 5));
    assert_eq!(
        categories.iter().map(|(_, n)| n).sum::<i64>(),
        items,
        "every demo item has a category"
    );
    let lists = store.price_list_summaries().await.unwrap();
    assert!(
        lists
            .iter()
            .any(|(id, n)| id == "demo-contract" && *n >= 40),
        "{lists:?}"
    );

    // Every demo item is complete: UNSPSC, unit, image, manufacturer.
    let all = store
        .search_items("demo", None, None, 1000, 0)
        .await
        .unwrap();
    assert_eq!(all.len() as i64, items);
    for item in &all {
        let unspsc = &item.classification[0];
        assert!(
            unspsc.scheme == "UNSPSC" && unspsc.code.len() == 8,
            "{item:?}"
        );
        assert!(item.unit_of_measure.is_some() && item.manufacturer_name.is_some());
        assert_eq!(item.image_urls, ["/punchout/static/placeholder.svg"]);
        assert_eq!(item.prices[0].currency.as_ref().unwrap().as_str(), "EUR");
    }
    assert!(
        all.iter()
            .filter(|i| i.supplier_part_aux_id.is_some())
            .count()
            >= 20
    );

    // The embedded files have no rejected row.
    let db = TestDb::new().await;
    let fresh = db.store().await;
    let report = import_catalog_csv(&fresh, "x", DEMO_CATALOG_CSV.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.rejected, []);
    assert_eq!(report.imported as i64, items);
    let report = import_price_list_csv(&fresh, "y", DEMO_PRICE_LIST_CSV.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.rejected, []);

    // Starting again does not import twice (and would not overwrite edits).
    assert!(!b2bgate::catalog_import::load_demo_catalog(
        store,
        &PartnerRegistry::load_with_env(&repo_root().join("partners"), &|_| None).unwrap()
    )
    .await
    .unwrap());
}

#[tokio::test]
async fn the_demo_partner_pays_contract_prices_with_breaks_and_5_percent_off_the_rest() {
    let app = spawn_app().await;
    let cat = demo_buyer(&app.store);
    assert_eq!(cat.catalog_id(), "demo");
    assert_eq!(cat.price_list(), Some("demo-contract"));

    // Copy paper: list 4.49, contract 3.95 / 3.79 from 10 / 3.59 from 50 / 3.39 from 200.
    let paper = cat.item("OS-PAP-2001").await.unwrap().expect("copy paper");
    assert_eq!(paper.currency, "EUR");
    assert_eq!(paper.list_price, Some(d("4.49")));
    assert_eq!(paper.unit_price, Some(d("3.95")));
    let breaks: Vec<_> = paper
        .breaks
        .iter()
        .map(|b| (b.min_quantity.to_string(), b.unit_price.to_string()))
        .collect();
    assert_eq!(
        breaks,
        [
            ("1", "3.95"),
            ("10", "3.79"),
            ("50", "3.59"),
            ("200", "3.39")
        ]
        .map(|(q, p)| (q.to_owned(), p.to_owned()))
    );
    assert_eq!(paper.price_for(d("9")), Some(d("3.95")));
    assert_eq!(paper.price_for(d("10")), Some(d("3.79")));
    assert_eq!(paper.price_for(d("199")), Some(d("3.59")));
    assert_eq!(paper.price_for(d("1000")), Some(d("3.39")));

    // No contract price: list 8.90 - 5 % = 8.455 -> 8.46 (half-up).
    let premium = cat.item("OS-PAP-2004").await.unwrap().unwrap();
    assert!(premium.breaks.is_empty());
    assert_eq!(premium.discount_percent, Some(d("5")));
    assert_eq!(premium.unit_price.unwrap().to_string(), "8.46");
    assert_eq!(premium.price_for(d("500")).unwrap().to_string(), "8.46");

    // Staples: sold from 10 boxes; contract breaks start at 10, so the quoted price is for 10.
    let staples = cat.item("OS-STP-4010").await.unwrap().unwrap();
    assert_eq!(staples.item.min_order_quantity, Some(d("10")));
    assert_eq!(staples.unit_price, Some(d("0.79")));
    assert_eq!(
        staples.price_for(d("1")),
        Some(d("0.79")),
        "below every break"
    );
    assert_eq!(staples.price_for(d("50")), Some(d("0.69")));

    // A page of search results is priced the same way.
    let page = cat
        .search(Some("copy paper a4"), None, 50, 0)
        .await
        .unwrap();
    let found = page
        .items
        .iter()
        .find(|p| p.item.supplier_part_id == "OS-PAP-2001")
        .expect("copy paper in results");
    assert_eq!(found.unit_price, Some(d("3.95")));
    assert_eq!(found.breaks.len(), 4);
}

#[tokio::test]
async fn search_matches_every_term_filters_by_category_and_pages() {
    let app = spawn_app().await;
    let cat = demo_buyer(&app.store);

    // Terms are ANDed, case-insensitive, and match descriptions, part ids and manufacturers.
    let toner = cat.search(Some("TONER black"), None, 100, 0).await.unwrap();
    assert!(toner.total >= 2, "{}", toner.total);
    assert_eq!(toner.total, toner.items.len() as i64);
    for p in &toner.items {
        let text = format!("{:?}", p.item).to_lowercase();
        assert!(text.contains("toner") && text.contains("black"), "{text}");
    }
    let by_part = cat
        .search(Some("pr-ton-lx-410"), None, 100, 0)
        .await
        .unwrap();
    assert_eq!(by_part.total, 4);
    let by_brand = cat.search(Some("ergoline"), None, 100, 0).await.unwrap();
    assert!(by_brand.total >= 5);
    let by_unspsc = cat.search(Some("46181504"), None, 100, 0).await.unwrap();
    assert!(by_unspsc.total >= 4);
    assert_eq!(
        cat.search(Some("toner chair"), None, 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    // LIKE wildcards are literal: "%" and "_" match themselves only.
    for q in ["to%er", "a_4", "1_0"] {
        assert_eq!(
            cat.search(Some(q), None, 10, 0).await.unwrap().total,
            0,
            "{q}"
        );
    }
    let percent = cat.search(Some("70 %"), None, 100, 0).await.unwrap();
    assert!(percent
        .items
        .iter()
        .any(|p| p.item.supplier_part_id == "JA-SAN-8010"));
    assert!(percent
        .items
        .iter()
        .all(|p| format!("{:?}", p.item).contains('%')));
    // Blank queries are no filter.
    let all = cat.search(Some("   "), None, 10, 0).await.unwrap();
    assert!(all.total >= 150);

    // A category includes its sub-categories; an exact leaf too; a prefix that is not a whole
    // level does not match.
    let ppe = cat
        .search(None, Some("Safety & PPE"), 1000, 0)
        .await
        .unwrap();
    let hands = cat
        .search(None, Some("Safety & PPE > Hand Protection"), 1000, 0)
        .await
        .unwrap();
    assert!(hands.total >= 8 && ppe.total > hands.total);
    assert!(ppe
        .items
        .iter()
        .all(|p| p.item.category_path[0] == "Safety & PPE"));
    assert_eq!(
        hands.items[0].item.category_path,
        ["Safety & PPE", "Hand Protection"]
    );
    assert_eq!(
        cat.search(None, Some("Safety"), 10, 0).await.unwrap().total,
        0
    );
    let gloves = cat
        .search(Some("nitrile"), Some("Safety & PPE"), 100, 0)
        .await
        .unwrap();
    assert!(gloves.total >= 5, "{}", gloves.total);
    assert!(gloves
        .items
        .iter()
        .all(|p| p.item.category_path[0] == "Safety & PPE"));

    // Paging: disjoint pages that add up to the total, in a stable order.
    let mut seen = std::collections::BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = cat
            .search(None, Some("Office Supplies"), 7, offset)
            .await
            .unwrap();
        if page.items.is_empty() {
            break;
        }
        assert!(page.items.len() <= 7);
        for p in page.items {
            assert!(seen.insert(p.item.supplier_part_id), "item on two pages");
        }
        offset += 7;
    }
    let office = cat
        .search(None, Some("Office Supplies"), 1000, 0)
        .await
        .unwrap();
    assert_eq!(seen.len() as i64, office.total);

    // Categories come with counts.
    let categories = cat.categories().await.unwrap();
    let hand = categories
        .iter()
        .find(|(c, _)| c == "Safety & PPE > Hand Protection")
        .unwrap();
    assert_eq!(hand.1, hands.total);
}

#[tokio::test]
async fn a_partner_sees_only_its_own_catalog_and_prices() {
    let dir = tempfile::tempdir().unwrap();
    let registry = two_partners(dir.path());
    let app = spawn_app_with(AppOptions {
        partners_dir: Some(dir.path().to_owned()),
        ..AppOptions::default()
    })
    .await;
    let store = &app.store;
    // No partner names the demo catalog: it is not loaded.
    assert!(store.catalog_is_empty("demo").await.unwrap());

    let a_csv = format!(
        "{HEADER}\nSHARED-1,Stapler for A,EA,10.00,EUR,Office\nA-ONLY,Alpha widget,EA,20.00,EUR,Office > Alpha\n"
    );
    let b_csv = format!(
        "{HEADER}\nSHARED-1,Stapler for B,EA,99.00,EUR,Tools\nB-ONLY,Bravo gadget,EA,30.00,EUR,Tools > Bravo\n"
    );
    import_catalog_csv(store, "cat-a", a_csv.as_bytes())
        .await
        .unwrap();
    import_catalog_csv(store, "cat-b", b_csv.as_bytes())
        .await
        .unwrap();
    let prices = "supplier_part_id,min_quantity,unit_price,currency\n";
    import_price_list_csv(
        store,
        "pl-b",
        format!("{prices}SHARED-1,1,1.00,EUR\nA-ONLY,1,0.01,EUR\n").as_bytes(),
    )
    .await
    .unwrap();
    import_price_list_csv(
        store,
        "pl-a",
        format!("{prices}SHARED-1,5,8.00,EUR\n").as_bytes(),
    )
    .await
    .unwrap();

    let a = PartnerCatalog::for_partner(store, registry.get("a").unwrap()).unwrap();
    let b = PartnerCatalog::for_partner(store, registry.get("b").unwrap()).unwrap();
    assert!(PartnerCatalog::for_partner(store, registry.get("c").unwrap()).is_none());

    // A sees its two items, never B's, whatever it asks for.
    let page = a.search(None, None, 100, 0).await.unwrap();
    let ids: Vec<_> = page
        .items
        .iter()
        .map(|p| p.item.supplier_part_id.as_str())
        .collect();
    assert_eq!((ids, page.total), (vec!["A-ONLY", "SHARED-1"], 2));
    assert!(a.item("B-ONLY").await.unwrap().is_none());
    assert_eq!(a.search(Some("bravo"), None, 10, 0).await.unwrap().total, 0);
    assert_eq!(a.search(None, Some("Tools"), 10, 0).await.unwrap().total, 0);
    assert_eq!(
        a.categories().await.unwrap(),
        [("Office".to_owned(), 1), ("Office > Alpha".to_owned(), 1)]
    );
    let many = a
        .items(&["B-ONLY".into(), "SHARED-1".into(), "A-ONLY".into()])
        .await
        .unwrap();
    let ids: Vec<_> = many
        .iter()
        .map(|p| p.item.supplier_part_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["SHARED-1", "A-ONLY"],
        "asked order, B's item left out"
    );

    // The shared part id is A's item at A's prices: contract from 5, 10 % off list below it.
    let shared = a.item("SHARED-1").await.unwrap().unwrap();
    assert_eq!(shared.item.description.as_deref(), Some("Stapler for A"));
    assert_eq!(shared.list_price, Some(d("10.00")));
    assert_eq!(shared.unit_price, Some(d("8.00")), "below the only break");
    assert_eq!(shared.price_for(d("5")), Some(d("8.00")));
    // B's contract price for A's part id does not leak into A's view.
    let a_only = a.item("A-ONLY").await.unwrap().unwrap();
    assert!(a_only.breaks.is_empty());
    assert_eq!(a_only.unit_price.unwrap().to_string(), "18.00");

    // And B sees its own.
    let shared = b.item("SHARED-1").await.unwrap().unwrap();
    assert_eq!(shared.item.description.as_deref(), Some("Stapler for B"));
    assert_eq!(shared.unit_price, Some(d("1.00")));
    let b_only = b.item("B-ONLY").await.unwrap().unwrap();
    assert_eq!(b_only.discount_percent, Some(d("2.5")));
    assert_eq!(b_only.unit_price.unwrap().to_string(), "29.25");
    assert!(b.item("A-ONLY").await.unwrap().is_none());
}

#[tokio::test]
async fn contract_prices_outside_their_dates_or_in_another_currency_are_ignored() {
    let db = TestDb::new().await;
    let store = db.store().await;
    import_catalog_csv(
        &store,
        "c",
        format!("{HEADER}\nP1,Widget,EA,10.00,EUR,\nP2,Gadget,EA,0.0450,EUR,\n").as_bytes(),
    )
    .await
    .unwrap();
    let report = import_price_list_csv(
        &store,
        "pl",
        "supplier_part_id,min_quantity,unit_price,currency,valid_from,valid_to\n\
         P1,1,9.00,EUR,2000-01-01,2001-12-31\n\
         P1,10,8.00,EUR,2000-01-01,2999-12-31\n\
         P1,20,7.00,EUR,2999-01-01,\n\
         P1,50,1.00,USD,,\n\
         P1,100,6.00,EUR,,\n"
            .as_bytes(),
    )
    .await
    .unwrap();
    assert_eq!((report.imported, report.rejected.len()), (5, 0));
    let cat = PartnerCatalog::new(&store, "c", Some("pl".into()), Some(d("5")));
    let p1 = cat.item("P1").await.unwrap().unwrap();
    let breaks: Vec<_> = p1
        .breaks
        .iter()
        .map(|b| (b.min_quantity, b.unit_price))
        .collect();
    assert_eq!(breaks, [(d("10"), d("8.00")), (d("100"), d("6.00"))]);
    assert_eq!(p1.unit_price, Some(d("8.00")), "smallest valid break");
    assert_eq!(p1.price_for(d("99")), Some(d("8.00")));
    assert_eq!(p1.price_for(d("100")), Some(d("6.00")));
    // Sub-cent list prices keep their scale through the discount.
    let p2 = cat.item("P2").await.unwrap().unwrap();
    assert_eq!(p2.unit_price.unwrap().to_string(), "0.0428");
    // Without a price list: list price minus discount.
    let plain = PartnerCatalog::new(&store, "c", None, None);
    assert_eq!(
        plain.item("P1").await.unwrap().unwrap().unit_price,
        Some(d("10.00"))
    );
}

#[tokio::test]
async fn cli_import_csv_reports_every_rejected_row_and_imports_the_rest() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = "\u{feff}supplier_part_id,supplier_part_aux_id,description,long_description,unit_of_measure,unspsc,category,manufacturer_name,manufacturer_part_id,gtin,list_price,currency,lead_time_days,min_quantity,quantity_increment,image_url,url
P-1,Blue,\"Pen, blue\",\"A pen.\nTwo lines.\",BX,44121704,Office > Pens,Scriptor,SC-1,4006381333931,6.90,EUR,2,,,/punchout/static/placeholder.svg,https://shop.example.com/p/P-1
P-2,,Pencil,,pcs,44121706,Office > Pens,,,,1e3,EUR,,,,,
P-3,,Paper,,RM,1411150,Office > Paper,,,,\"4,49\",eur,-1,0,,javascript:alert(1),
,,,,,,,,,,,,,,,,
P-4,,,,EA,,Office >> Misc,,,12345,-2.00,EUR,,,,,
P-1,,Duplicate pen,,EA,,,,,,1.00,EUR,,,,,
P-5,,Too few fields
P-6,,Eraser,,EA,44121804,,,,,0.45,EUR,,10,10,,
";
    write_file(dir.path(), "items.csv", csv);
    let (ok, stdout, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("items.csv"))
        .args(["--catalog", "acme"]));
    assert!(ok, "{stdout}\n{stderr}");
    let expected = [
        "catalog acme: imported 2 items, rejected 5 rows",
        "line 4: unit_of_measure: invalid unit of measure \"pcs\": expected a UN/ECE Recommendation 20 code of 1 to 3 uppercase letters or digits, e.g. \"EA\", \"KGM\" or \"C62\" (did you mean \"PCE\"?); list_price: `1e3` is not a decimal number (write digits with an optional \".\" and decimals, e.g. 12.50)",
        "line 5: unspsc: `1411150` is not a UNSPSC commodity code (expected 8 digits, e.g. 44121706); list_price: `4,49` is not a decimal number (use \".\" as the decimal separator and no thousands separator, e.g. 1234.50); currency: invalid currency code \"eur\": expected an ISO 4217 code of 3 uppercase letters, e.g. \"EUR\"; lead_time_days: `-1` is not a whole number of days; min_quantity: `0` must be greater than 0; image_url: `javascript:alert(1)` is neither an http(s) URL nor a path starting with \"/\"",
        "line 7: description: is required; category: `Office >> Misc` has an empty level (write levels separated by \">\", e.g. Office Supplies > Paper); gtin: invalid GTIN \"12345\": expected 8, 12, 13 or 14 digits; list_price: `-2.00` is negative",
        "line 8: supplier_part_id: `P-1` already appears on line 2",
        "line 9: has 3 fields, the header has 17",
        // Line 6 (all fields empty) is skipped silently.
    ];
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[..expected.len()], expected, "{stdout}");
    assert_eq!(lines.len(), expected.len(), "{stdout}");

    let store = db.store().await;
    let pen = store.get_item("acme", "P-1").await.unwrap().unwrap();
    assert_eq!(pen.description.as_deref(), Some("Pen, blue"));
    assert_eq!(pen.long_description.as_deref(), Some("A pen.\nTwo lines."));
    assert_eq!(pen.supplier_part_aux_id.as_deref(), Some("Blue"));
    assert_eq!(pen.gtin.as_ref().unwrap().as_str(), "4006381333931");
    assert_eq!(pen.lead_time_days, Some(2));
    assert_eq!(pen.category_path, ["Office", "Pens"]);
    assert_eq!(pen.prices[0].unit_price.to_string(), "6.90");
    let eraser = store.get_item("acme", "P-6").await.unwrap().unwrap();
    assert_eq!(eraser.min_order_quantity, Some(d("10")));
    assert_eq!(eraser.order_increment, Some(d("10")));
    assert_eq!(store.count_items("acme", None, None).await.unwrap(), 2);

    // Nothing importable: exit 1.
    write_file(
        dir.path(),
        "bad.csv",
        &format!("{HEADER}\nX,Thing,each,1,EUR,\n"),
    );
    let (ok, stdout, _) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("bad.csv"))
        .args(["--catalog", "acme"]));
    assert!(!ok);
    assert!(
        stdout.starts_with("catalog acme: imported 0 items, rejected 1 row\nline 2: unit_of_measure: invalid unit of measure \"each\""),
        "{stdout}"
    );

    // Whole-file problems: unknown and missing columns, unreadable file, no catalog id.
    write_file(
        dir.path(),
        "cols.csv",
        "supplier_part_id,descriptoin,unit_of_measure,list_price,currency,colour\nX,Y,EA,1,EUR,red\n",
    );
    let (ok, stdout, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("cols.csv"))
        .args(["--catalog", "acme"]));
    assert!(!ok && stdout.is_empty(), "{stdout}");
    assert!(
        stderr.starts_with("b2bgate: line 1 (header): unknown column `descriptoin`; unknown column `colour`; missing required column `description` (known columns: supplier_part_id, "),
        "{stderr}"
    );
    let (ok, _, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("missing.csv"))
        .args(["--catalog", "acme"]));
    assert!(!ok);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let (ok, _, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("items.csv")));
    assert!(!ok);
    assert!(stderr.contains("pass --catalog ID"), "{stderr}");
    let (ok, _, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("items.txt"))
        .args(["--catalog", "acme"]));
    assert!(!ok);
    assert!(stderr.contains("--format csv"), "{stderr}");
    assert_eq!(store.count_items("acme", None, None).await.unwrap(), 2);
}

#[tokio::test]
async fn reimporting_updates_in_place_without_duplicates() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    // More rows than one upsert batch, to cross a batch boundary.
    let mut csv = format!("{HEADER}\n");
    for i in 0..1203 {
        csv.push_str(&format!("SKU-{i:05},Item number {i},EA,{i}.50,EUR,Bulk\n"));
    }
    write_file(dir.path(), "bulk.csv", &csv);
    for _ in 0..2 {
        let (ok, stdout, stderr) = run(b2bgate(&db)
            .args(["catalog", "import"])
            .arg(dir.path().join("bulk.csv"))
            .args(["--catalog", "bulk"]));
        assert!(ok, "{stderr}");
        assert_eq!(
            stdout,
            "catalog bulk: imported 1203 items, rejected 0 rows\n"
        );
    }
    let store = db.store().await;
    assert_eq!(store.count_items("bulk", None, None).await.unwrap(), 1203);

    // A changed file updates the rows it names and leaves the others alone.
    write_file(
        dir.path(),
        "change.csv",
        &format!("{HEADER}\nSKU-00007,Item seven renamed,PK,7.77,USD,Bulk > Special\n"),
    );
    let (ok, _, stderr) = run(b2bgate(&db)
        .args(["catalog", "import", "--catalog", "bulk"])
        .arg(dir.path().join("change.csv")));
    assert!(ok, "{stderr}");
    assert_eq!(store.count_items("bulk", None, None).await.unwrap(), 1203);
    let seven = store.get_item("bulk", "SKU-00007").await.unwrap().unwrap();
    assert_eq!(seven.description.as_deref(), Some("Item seven renamed"));
    assert_eq!(seven.prices[0].unit_price.to_string(), "7.77");
    assert_eq!(seven.prices[0].currency.as_ref().unwrap().as_str(), "USD");
    assert_eq!(seven.unit_of_measure.as_ref().unwrap().as_str(), "PK");
    // The search text follows the update.
    assert_eq!(
        store
            .count_items("bulk", Some("renamed"), Some("Bulk > Special"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .get_item("bulk", "SKU-00008")
            .await
            .unwrap()
            .unwrap()
            .description
            .as_deref(),
        Some("Item number 8")
    );

    // Price lists too: re-importing replaces a break's price, keyed by normalised quantity.
    write_file(
        dir.path(),
        "prices.csv",
        "supplier_part_id,min_quantity,unit_price,currency\nSKU-00007,1,7.00,USD\nSKU-00007,10,6.50,USD\n",
    );
    write_file(
        dir.path(),
        "prices2.csv",
        "supplier_part_id,min_quantity,unit_price,currency\nSKU-00007,10.00,6.00,USD\nSKU-00007,10,5.00,USD\n",
    );
    for (file, expected) in [
        ("prices.csv", "price list pl: imported 2 prices, rejected 0 rows\n"),
        (
            "prices2.csv",
            "price list pl: imported 1 price, rejected 1 row\nline 3: supplier_part_id: `SKU-00007` from quantity 10 already appears on line 2\n",
        ),
    ] {
        let (ok, stdout, stderr) = run(b2bgate(&db)
            .args(["catalog", "import", "--price-list", "pl"])
            .arg(dir.path().join(file)));
        assert!(ok, "{stderr}");
        assert_eq!(stdout, expected);
    }
    let entries = store
        .price_entries("pl", &["SKU-00007".to_owned()])
        .await
        .unwrap();
    let mut got: Vec<_> = entries
        .iter()
        .map(|e| (e.min_quantity, e.unit_price))
        .collect();
    got.sort();
    assert_eq!(got, [(d("1"), d("7.00")), (d("10"), d("6.00"))]);

    let (ok, stdout, _) = run(b2bgate(&db).args(["catalog", "list"]));
    assert!(ok);
    assert_eq!(
        stdout,
        "catalog     bulk: 1203 items\nprice list  pl: 2 prices\n"
    );
}

#[tokio::test]
async fn cli_import_json_catalog_documents_and_item_arrays() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let doc = r#"{
  "type": "catalog",
  "catalog_id": "json-cat",
  "currency": "EUR",
  "items": [
    {
      "supplier_part_id": "J-1",
      "description": "Toner cartridge, black",
      "unit_of_measure": "EA",
      "classification": [{"scheme": "UNSPSC", "code": "44103103"}],
      "category_path": ["Printing", "Toner"],
      "image_urls": ["/punchout/static/placeholder.svg"],
      "min_order_quantity": "2",
      "prices": [
        {"unit_price": "89.00"},
        {"unit_price": "80.00", "price_list_id": "json-contract", "min_quantity": "5"}
      ]
    },
    {
      "supplier_part_id": "J-2",
      "description": "No unit"
      ,"prices": [{"unit_price": "1.00"}]
    },
    {
      "supplier_part_id": "J-3",
      "description": "Float price",
      "unit_of_measure": "EA",
      "prices": [{"unit_price": 1.5}]
    },
    {
      "supplier_part_id": "J-4",
      "description": "Only a contract price",
      "unit_of_measure": "EA",
      "prices": [{"unit_price": "1.00", "price_list_id": "x"}]
    },
    {
      "supplier_part_id": "J-5",
      "description": "Dollar pad",
      "unit_of_measure": "PK",
      "lead_time_days": 3,
      "prices": [{"unit_price": "2.50", "currency": "USD"}]
    }
  ]
}
"#;
    write_file(dir.path(), "catalog.json", doc);
    let (ok, stdout, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("catalog.json")));
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(
        stdout,
        "catalog json-cat: imported 2 items, rejected 3 rows\n\
         imported 1 contract price from the items' price lists\n\
         line 19: unit_of_measure: is required\n\
         line 24: prices[0].unit_price: invalid type: floating point `1.5`, expected a decimal number written as a JSON string, e.g. \"12.50\"\n\
         line 30: prices: a list price (a price without price_list_id) is required\n"
    );
    let store = db.store().await;
    let cat = PartnerCatalog::new(&store, "json-cat", Some("json-contract".into()), None);
    let toner = cat.item("J-1").await.unwrap().unwrap();
    assert_eq!(toner.item.category_path, ["Printing", "Toner"]);
    assert_eq!(toner.item.classification[0].code, "44103103");
    assert_eq!(toner.list_price, Some(d("89.00")));
    assert_eq!(
        toner.unit_price,
        Some(d("80.00")),
        "quoted for the minimum quantity 2"
    );
    let pad = cat.item("J-5").await.unwrap().unwrap();
    assert_eq!(
        (pad.currency.as_str(), pad.item.lead_time_days),
        ("USD", Some(3))
    );

    // A bare array of items needs --catalog; --catalog also overrides a document's id.
    write_file(
        dir.path(),
        "items.json",
        r#"[{"supplier_part_id": "K-1", "description": "Cup", "unit_of_measure": "EA",
             "prices": [{"unit_price": "0.10", "currency": "EUR"}]}]"#,
    );
    let (ok, _, stderr) = run(b2bgate(&db)
        .args(["catalog", "import"])
        .arg(dir.path().join("items.json")));
    assert!(!ok);
    assert!(stderr.contains("pass --catalog ID"), "{stderr}");
    let (ok, stdout, _) = run(b2bgate(&db)
        .args(["catalog", "import", "--catalog", "cups", "--format", "json"])
        .arg(dir.path().join("items.json")));
    assert!(ok);
    assert_eq!(stdout, "catalog cups: imported 1 item, rejected 0 rows\n");

    // Not a catalog at all.
    let report = import_catalog_json(&store, None, r#"{"type": "purchase_order"}"#).await;
    let err = report.unwrap_err().to_string();
    assert!(err.contains("found \"type\": \"purchase_order\""), "{err}");
    assert!(import_catalog_json(&store, Some("x"), "{ not json")
        .await
        .unwrap_err()
        .to_string()
        .starts_with("not valid JSON"));
}
