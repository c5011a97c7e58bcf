use std::collections::HashMap;

use secrecy::ExposeSecret;

use super::*;

fn write(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn repo_partners() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("partners")
}

#[test]
fn demo_partner_loads_with_the_documented_values() {
    let reg = PartnerRegistry::load_with_env(&repo_partners(), &env_of(&[])).unwrap();
    let p = reg.get("demo-buyer").expect("demo-buyer");
    assert!(p.uses_dev_secrets);
    assert_eq!(
        p.cxml_shared_secret.as_ref().unwrap().expose_secret(),
        "demo-shared-secret"
    );
    assert_eq!(
        p.oci_password.as_ref().unwrap().expose_secret(),
        "demo-oci-secret"
    );
    assert_eq!(
        p.cxml_document_url.as_ref().unwrap().as_str(),
        "http://127.0.0.1:9900/cxml"
    );
    let c = p.profile.cxml.as_ref().unwrap();
    assert_eq!(
        (c.to.domain.as_str(), c.to.identity.as_str()),
        ("DUNS", "123456789")
    );
    // Identity look-ups: cXML domain is case-insensitive, X12 ids ignore ISA padding.
    assert_eq!(
        reg.by_cxml_credential("networkid", "AN01000000001")
            .unwrap()
            .id,
        "demo-buyer"
    );
    assert!(reg
        .by_cxml_credential("NetworkID", "an01000000001")
        .is_none());
    assert_eq!(
        reg.by_x12("ZZ", "DEMOBUYER      ").unwrap().id,
        "demo-buyer"
    );
    assert_eq!(
        reg.by_edifact("5412345000013", "14").unwrap().id,
        "demo-buyer"
    );
    // UNB without the optional qualifier: the id alone, when no other partner has it.
    assert_eq!(
        reg.by_edifact("5412345000013", "").unwrap().id,
        "demo-buyer"
    );
    assert!(reg.by_edifact("5412345000013", "ZZZ").is_none());
    assert_eq!(
        reg.by_ubl_endpoint("0088", "5412345000013").unwrap().id,
        "demo-buyer"
    );
    assert_eq!(reg.by_oci_username("demo-oci").unwrap().id, "demo-buyer");
}

#[test]
fn environment_overrides_dev_defaults() {
    let reg = PartnerRegistry::load_with_env(
        &repo_partners(),
        &env_of(&[
            ("DEMO_BUYER_CXML_SECRET", "real"),
            ("DEMO_BUYER_OCI_PASSWORD", "real2"),
            ("DEMO_BUYER_CXML_URL", "https://buyer.example/cxml"),
        ]),
    )
    .unwrap();
    let p = reg.get("demo-buyer").unwrap();
    assert!(!p.uses_dev_secrets);
    assert_eq!(
        p.cxml_shared_secret.as_ref().unwrap().expose_secret(),
        "real"
    );
    assert_eq!(
        p.cxml_document_url.as_ref().unwrap().as_str(),
        "https://buyer.example/cxml"
    );
}

const GOOD_X12: &str = r#"
name = "Acme"
[x12]
isa_qualifier = "01"
isa_id = "ACME"
gs_id = "ACME"
our_isa_qualifier = "ZZ"
our_isa_id = "B2BGATE"
our_gs_id = "B2BGATE"
"#;

#[test]
fn reports_every_problem_across_every_file_with_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    // Two unknown keys, a bad type and a missing secret in one file.
    write(
        dir.path(),
        "acme.toml",
        r#"
name = "Acme"
colour = "blue"
[cxml]
from = [{ domain = "DUNS", identity = "111" }]
sender = { domain = "DUNS", identity = "111" }
shared_secret = { env = "ACME_SECRET" }
to = { domain = "DUNS", identity = "123456789" }
document_url = "ftp://nope"
cart_return_fieldd = "cxml-base64"
[oci]
username = "acme"
password = { env = "ACME_OCI" }
[x12]
isa_qualifier = "ZZZ"
isa_id = 5
gs_id = "ACME"
our_isa_qualifier = "ZZ"
our_isa_id = "B2BGATE"
our_gs_id = "B2BGATE"
"#,
    );
    // A second file whose identity collides with the third.
    write(dir.path(), "beta.toml", GOOD_X12);
    write(dir.path(), "gamma.toml", GOOD_X12);
    // Syntax error and a bad file name.
    write(dir.path(), "Bad Name.toml", "name = \n");
    // A file with no identity at all.
    write(dir.path(), "empty.toml", "name = \"Nobody\"\n");

    let problems = PartnerRegistry::load_with_env(dir.path(), &env_of(&[]))
        .unwrap_err()
        .0;
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let has = |needle: &str| {
        assert!(
            lines.iter().any(|l| l.contains(needle)),
            "missing `{needle}` in:\n{}",
            lines.join("\n")
        )
    };
    has("acme.toml:colour: unknown key `colour`");
    has("acme.toml:cxml.cart_return_fieldd: unknown key");
    has("acme.toml:x12.isa_id: invalid type");
    // After the structural errors are reported, the file is not half-loaded.
    has("gamma.toml:x12.isa_id: X12 ISA identity 01/ACME is already used by partner `beta`");
    has("Bad Name.toml: not valid TOML");
    has("Bad Name.toml: partner id `Bad Name`");
    has("empty.toml: no identity configured");
    assert!(lines.iter().all(|l| !l.contains("beta.toml")), "{lines:?}");
    assert!(
        lines.iter().any(
            |l| l.starts_with("acme.toml:cxml.shared_secret: environment variable ACME_SECRET")
        ),
        "semantic checks still run: {lines:?}"
    );
}

#[test]
fn semantic_problems_are_all_reported_for_a_structurally_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "acme.toml",
        r#"
name = ""
[cxml]
from = []
sender = { domain = "DUNS", identity = "" }
shared_secret = { env = "ACME_SECRET" }
to = { domain = "DUNS", identity = "123456789" }
document_url = "ftp://nope"
version = "1.2"
[oci]
username = "acme"
password = { env = "ACME OCI" }
[x12]
isa_qualifier = "ZZZ"
isa_id = "THIS-ID-IS-FAR-TOO-LONG"
gs_id = "ACME"
our_isa_qualifier = "ZZ"
our_isa_id = "B2BGATE"
our_gs_id = "B2BGATE"
version = "4010"
usage = "X"
[ubl]
endpoint_scheme = "88"
endpoint_id = "1"
our_endpoint_scheme = "0088"
our_endpoint_id = "2"
[edifact]
id = "1"
qualifier = "14"
our_id = "2"
our_qualifier = "14"
syntax = "ABCD"
directory = "D01A"
"#,
    );
    let lines: Vec<String> = PartnerRegistry::load_with_env(dir.path(), &env_of(&[]))
        .unwrap_err()
        .0
        .iter()
        .map(|p| p.to_string())
        .collect();
    let expected = [
        "acme.toml:name: must not be empty",
        "acme.toml:cxml.from: at least one From credential is required",
        "acme.toml:cxml.sender.identity: must not be empty",
        "acme.toml:cxml.shared_secret: environment variable ACME_SECRET is not set",
        "acme.toml:cxml.document_url: `ftp://nope` must be an http(s) URL",
        "acme.toml:cxml.version: `1.2` is not a cXML version",
        "acme.toml:oci.password.env: `ACME OCI` is not a valid environment variable name",
        "acme.toml:x12.isa_qualifier: `ZZZ` must be exactly 2 characters",
        "acme.toml:x12.isa_id: `THIS-ID-IS-FAR-TOO-LONG` must be 1 to 15 characters",
        "acme.toml:x12.version: `4010` is not an X12 version",
        "acme.toml:x12.usage: must be P",
        "acme.toml:edifact.id: `1` is not a GLN",
        "acme.toml:edifact.our_id: `2` is not a GLN",
        "acme.toml:edifact.syntax: `ABCD` is not a syntax identifier",
        "acme.toml:edifact.directory: `D01A` is not a directory b2bgate writes",
        "acme.toml:ubl.our_endpoint_id: `2` is not a GLN",
        "acme.toml:ubl.endpoint_scheme: must be a four-digit ISO 6523 ICD",
    ];
    for e in expected {
        assert!(
            lines.iter().any(|l| l.starts_with(e)),
            "missing `{e}` in:\n{}",
            lines.join("\n")
        );
    }
    assert_eq!(lines.len(), expected.len(), "{}", lines.join("\n"));
}

#[test]
fn env_url_without_default_must_be_set() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "acme.toml",
        r#"
name = "Acme"
[cxml]
from = [{ domain = "DUNS", identity = "1" }]
sender = { domain = "DUNS", identity = "1" }
shared_secret = { env = "ACME_SECRET" }
to = { domain = "DUNS", identity = "123456789" }
document_url = { env = "ACME_URL" }
"#,
    );
    let err = PartnerRegistry::load_with_env(dir.path(), &env_of(&[("ACME_SECRET", "s")]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "acme.toml:cxml.document_url: environment variable ACME_URL is not set and no default is given"
    );
    let ok = PartnerRegistry::load_with_env(
        dir.path(),
        &env_of(&[
            ("ACME_SECRET", "s"),
            ("ACME_URL", "https://acme.example/cxml"),
        ]),
    )
    .unwrap();
    assert_eq!(ok.len(), 1);
}

#[test]
fn missing_folder_is_a_problem_not_a_panic() {
    let err = PartnerRegistry::load_with_env(Path::new("/nonexistent/partners"), &env_of(&[]))
        .unwrap_err();
    assert!(err.to_string().contains("cannot read the partners folder"));
}

#[test]
fn glns_must_have_a_valid_check_digit() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gln.toml",
        r#"
name = "GLN"
[edifact]
id = "5412345000014"
qualifier = "14"
our_id = "5400000000003"
our_qualifier = "14"
[ubl]
endpoint_scheme = "0088"
endpoint_id = "541234500001"
our_endpoint_scheme = "0088"
our_endpoint_id = "5400000000003"
"#,
    );
    let problems = PartnerRegistry::load_with_env(dir.path(), &env_of(&[]))
        .unwrap_err()
        .0;
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("edifact.id") && lines[0].contains("5412345000014"),
        "{lines:?}"
    );
    assert!(lines[1].contains("ubl.endpoint_id"), "{lines:?}");
}
