//! The `b2bgate` binary: partners check, migrate, version, and serve refusing bad partners.

use std::process::Command;

use crate::helpers::{repo_root, write_file};

fn b2bgate() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_b2bgate"));
    c.current_dir(repo_root());
    for (k, _) in std::env::vars() {
        if k.starts_with("B2BGATE_") || k.starts_with("DEMO_BUYER_") {
            c.env_remove(k);
        }
    }
    c
}

#[test]
fn partners_check_passes_on_the_shipped_partners() {
    let out = b2bgate().args(["partners", "check"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "ok  demo-buyer (Demo Buyer Inc.): cxml, oci, x12, edifact, ubl [development secrets]"
        ),
        "{stdout}"
    );
}

#[test]
fn partners_check_lists_every_problem_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.toml", "name = \"A\"\nnaem = 1\n[oci]\nusername = \"a\"\npassword = { env = \"A_OCI_PASSWORD\" }\n");
    write_file(dir.path(), "b.toml", "name = \"B\"\n[oci]\nusername = \"a\"\npassword = { env = \"B_OCI\", dev_default = \"x\" }\n");
    let out = b2bgate()
        .args(["partners", "check"])
        .env("B2BGATE_PARTNERS_DIR", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("a.toml:naem: unknown key `naem`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("a.toml:oci.password: environment variable A_OCI_PASSWORD is not set"),
        "{stdout}"
    );
    let out = b2bgate()
        .args(["partners", "check"])
        .env("B2BGATE_PARTNERS_DIR", dir.path())
        .env("A_OCI_PASSWORD", "x")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("a.toml:naem: unknown key"), "{stdout}");
    assert!(
        stdout.contains("b.toml:oci.username: OCI username `a` is already used by partner `a`"),
        "{stdout}"
    );
}

#[test]
fn serve_refuses_to_start_on_partner_problems() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.toml", "name = \"A\"\n");
    let data = tempfile::tempdir().unwrap();
    let out = b2bgate()
        .arg("serve")
        .env("B2BGATE_PARTNERS_DIR", dir.path())
        .env("B2BGATE_BIND", "127.0.0.1:0")
        .env(
            "B2BGATE_DATABASE_URL",
            format!("sqlite://{}/x.db", data.path().display()),
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.toml: no identity configured"),
        "{stderr}"
    );
}

#[test]
fn migrate_creates_the_sqlite_database() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("nested/dir/b2bgate.db");
    let out = b2bgate()
        .arg("migrate")
        .env("B2BGATE_DATABASE_URL", format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("migrations applied (sqlite)"));
    let out = b2bgate()
        .arg("migrate")
        .env("B2BGATE_DATABASE_URL", "mysql://localhost/x")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[test]
fn version_and_help() {
    let out = b2bgate().arg("version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with(concat!("b2bgate ", env!("CARGO_PKG_VERSION"))));
    let out = b2bgate().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate", "partners", "version"] {
        assert!(help.contains(cmd), "{help}");
    }
}

#[test]
fn serve_runs_prints_a_generated_token_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let data = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mut child = b2bgate()
        .arg("serve")
        .env("B2BGATE_BIND", format!("127.0.0.1:{port}"))
        .env(
            "B2BGATE_DATABASE_URL",
            format!("sqlite://{}/b.db", data.path().display()),
        )
        .env("B2BGATE_LOG_FORMAT", "json")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut token = None;
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("  ") {
            token = Some(line.trim().to_owned());
            break;
        }
    }
    let token = token.expect("a generated token is printed");
    assert_eq!(token.len(), 64);
    // The server answers with that token.
    let mut ok = false;
    for _ in 0..50 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            write!(s, "GET /api/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
            let mut resp = String::new();
            let _ = s.read_to_string(&mut resp);
            ok = resp.starts_with("HTTP/1.1 200");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(ok, "the admin API accepts the printed token");
    // SIGTERM: graceful exit with status 0.
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // JSON logs on stdout; the token never appears in them.
    let mut out = String::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(
        out.lines()
            .any(|l| l.starts_with('{') && l.contains("b2bgate listening.")),
        "{out}"
    );
    assert!(!out.contains(&token));
}

#[test]
fn translate_prints_ndjson_and_fails_on_rejected_documents() {
    let dir = tempfile::tempdir().unwrap();
    let good = crate::x12::x12_850(
        "000000501",
        "PO-T1",
        &[("OS-PAP-2001", "5", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    );
    let two = format!("{good}{}", good.replace("PO-T1", "PO-T2"));
    write_file(dir.path(), "two.edi", &two);
    let out = b2bgate()
        .args(["translate"])
        .arg(dir.path().join("two.edi"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["type"], "purchase_order");
    assert_eq!(lines[1]["order_number"], "PO-T2");

    let bad = good.replace("PO1*1*5*", "PO1*1*five*");
    write_file(dir.path(), "bad.edi", &bad);
    let out = b2bgate()
        .args(["translate"])
        .arg(dir.path().join("bad.edi"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PO102"));
}
