//! The partner registry: loads `partners/*.toml` once at start, validates every file, resolves
//! secrets and URLs from the environment, and indexes each identity (cXML credential, OCI user,
//! X12 ISA id, EDIFACT UNB id, UBL endpoint) to its partner.
//!
//! Loading never stops at the first problem: every unknown key, bad value, missing environment
//! variable, bad URL and duplicate identity across **all** files is reported, each as
//! `file:key: message`. `b2bgate partners check` prints them; `serve` refuses to start on them.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codec::x12::rules::SetRules;
use model::partner::{PartnerProfile, SecretRef, ValueRef};
use secrecy::SecretString;
use serde_path_to_error::Segment;
use url::Url;

/// One problem in one partner file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerProblem {
    /// File name (relative to the partners folder).
    pub file: String,
    /// Dotted key path within the file (`cxml.sender.identity`), empty for the whole file.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PartnerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.key, self.message)
        }
    }
}

/// Every problem found while loading, in file order.
#[derive(Debug, Clone)]
pub struct PartnerProblems(pub Vec<PartnerProblem>);

impl fmt::Display for PartnerProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PartnerProblems {}

/// A loaded, resolved trading partner.
#[derive(Debug)]
pub struct Partner {
    /// Partner id: the file stem (`demo-buyer`).
    pub id: String,
    /// The file it came from.
    pub file: PathBuf,
    /// The profile as declared.
    pub profile: PartnerProfile,
    /// cXML `SharedSecret`, resolved.
    pub cxml_shared_secret: Option<SecretString>,
    /// Where outbound cXML documents are posted, resolved and checked.
    pub cxml_document_url: Option<Url>,
    /// Where outbound X12 interchanges are posted, resolved and checked.
    pub x12_document_url: Option<Url>,
    /// Where outbound EDIFACT interchanges are posted, resolved and checked.
    pub edifact_document_url: Option<Url>,
    /// Where outbound UBL documents are posted, resolved and checked.
    pub ubl_document_url: Option<Url>,
    /// The partner's X12 rules from `x12.rules_dir`, by set id (`850`), merged over the
    /// standard tables when a set is checked.
    pub x12_rules: BTreeMap<String, SetRules>,
    /// OCI `PASSWORD`, resolved.
    pub oci_password: Option<SecretString>,
    /// Whether a development default secret is in use (warned about at start).
    pub uses_dev_secrets: bool,
}

/// All partners, indexed by every identity they can present.
#[derive(Debug, Default)]
pub struct PartnerRegistry {
    partners: BTreeMap<String, Arc<Partner>>,
    by_cxml: HashMap<(String, String), String>,
    by_oci: HashMap<String, String>,
    by_x12: HashMap<(String, String), String>,
    by_edifact: HashMap<(String, String), String>,
    /// (EndpointID, schemeID).
    by_ubl: HashMap<(String, String), String>,
}

impl PartnerRegistry {
    /// Load every `*.toml` in `dir`, reading secrets and URLs from the process environment.
    pub fn load(dir: &Path) -> Result<Self, PartnerProblems> {
        Self::load_with_env(dir, &|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Load with an explicit environment lookup (tests use this).
    pub fn load_with_env(
        dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, PartnerProblems> {
        let dir_name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            PartnerProblems(vec![PartnerProblem {
                file: dir_name.clone(),
                key: String::new(),
                message: format!("cannot read the partners folder: {e}"),
            }])
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();

        let mut problems = Vec::new();
        let mut registry = Self::default();
        for path in files {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut ctx = FileCtx {
                file: file.clone(),
                problems: &mut problems,
            };
            if let Some(partner) = load_file(&path, &mut ctx, env) {
                registry.insert(partner, &mut problems);
            }
        }
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(PartnerProblems(problems))
        }
    }

    /// Build a registry from already-loaded partners (for tests and tools).
    pub fn from_partners(partners: Vec<Partner>) -> Result<Self, PartnerProblems> {
        let mut problems = Vec::new();
        let mut registry = Self::default();
        for p in partners {
            registry.insert(p, &mut problems);
        }
        if problems.is_empty() {
            Ok(registry)
        } else {
            Err(PartnerProblems(problems))
        }
    }

    fn insert(&mut self, partner: Partner, problems: &mut Vec<PartnerProblem>) {
        let file = partner
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = partner.id.clone();
        let mut claim = |index: &mut HashMap<(String, String), String>,
                         key: (String, String),
                         at: String,
                         what: &str| {
            if let Some(other) = index.get(&key) {
                if other != &id {
                    problems.push(PartnerProblem {
                        file: file.clone(),
                        key: at,
                        message: format!(
                            "{what} {}/{} is already used by partner `{other}`",
                            key.0, key.1
                        ),
                    });
                }
            } else {
                index.insert(key, id.clone());
            }
        };
        let p = &partner.profile;
        if let Some(c) = &p.cxml {
            for (i, cred) in c.from.iter().enumerate() {
                claim(
                    &mut self.by_cxml,
                    cxml_key(&cred.domain, &cred.identity),
                    format!("cxml.from[{i}]"),
                    "cXML credential",
                );
            }
        }
        if let Some(x) = &p.x12 {
            claim(
                &mut self.by_x12,
                (
                    x.isa_qualifier.trim().to_owned(),
                    x.isa_id.trim().to_owned(),
                ),
                "x12.isa_id".into(),
                "X12 ISA identity",
            );
        }
        if let Some(e) = &p.edifact {
            claim(
                &mut self.by_edifact,
                (e.id.trim().to_owned(), e.qualifier.trim().to_owned()),
                "edifact.id".into(),
                "EDIFACT UNB identity",
            );
        }
        if let Some(u) = &p.ubl {
            claim(
                &mut self.by_ubl,
                // (id, scheme), like the EDIFACT index: see `by_id_and_kind`.
                (
                    u.endpoint_id.trim().to_owned(),
                    u.endpoint_scheme.trim().to_owned(),
                ),
                "ubl.endpoint_id".into(),
                "UBL endpoint",
            );
        }
        if let Some(o) = &p.oci {
            match self.by_oci.get(&o.username) {
                Some(other) if other != &id => problems.push(PartnerProblem {
                    file: file.clone(),
                    key: "oci.username".into(),
                    message: format!(
                        "OCI username `{}` is already used by partner `{other}`",
                        o.username
                    ),
                }),
                _ => {
                    self.by_oci.insert(o.username.clone(), id.clone());
                }
            }
        }
        self.partners.insert(id, Arc::new(partner));
    }

    /// Number of partners.
    pub fn len(&self) -> usize {
        self.partners.len()
    }

    /// Whether no partner is configured.
    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    /// All partners, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Partner>> {
        self.partners.values()
    }

    /// A partner by id.
    pub fn get(&self, id: &str) -> Option<&Arc<Partner>> {
        self.partners.get(id)
    }

    /// The registry as partner `id` alone sees it: every identity lookup finds that partner or
    /// nothing. A partner's own channel (its drop folder) uses it, so that a document naming
    /// another partner as its sender is refused there, not filed (and answered) as theirs.
    pub fn only(&self, id: &str) -> PartnerRegistry {
        fn keep<K: Clone + Eq + std::hash::Hash>(
            m: &HashMap<K, String>,
            id: &str,
        ) -> HashMap<K, String> {
            m.iter()
                .filter(|(_, p)| *p == id)
                .map(|(k, p)| (k.clone(), p.clone()))
                .collect()
        }
        PartnerRegistry {
            partners: self
                .partners
                .get_key_value(id)
                .map(|(k, p)| (k.clone(), Arc::clone(p)))
                .into_iter()
                .collect(),
            by_cxml: keep(&self.by_cxml, id),
            by_oci: keep(&self.by_oci, id),
            by_x12: keep(&self.by_x12, id),
            by_edifact: keep(&self.by_edifact, id),
            by_ubl: keep(&self.by_ubl, id),
        }
    }

    /// The partner presenting this cXML `From` credential (domain compared case-insensitively).
    pub fn by_cxml_credential(&self, domain: &str, identity: &str) -> Option<&Arc<Partner>> {
        self.by_cxml
            .get(&cxml_key(domain, identity))
            .and_then(|id| self.partners.get(id))
    }

    /// The partner with this OCI `USERNAME`.
    pub fn by_oci_username(&self, username: &str) -> Option<&Arc<Partner>> {
        self.by_oci
            .get(username)
            .and_then(|id| self.partners.get(id))
    }

    /// The partner with this ISA qualifier and id (padding ignored).
    pub fn by_x12(&self, qualifier: &str, id: &str) -> Option<&Arc<Partner>> {
        self.by_x12
            .get(&(qualifier.trim().to_owned(), id.trim().to_owned()))
            .and_then(|id| self.partners.get(id))
    }

    /// The partner with this UNB id and qualifier.
    pub fn by_edifact(&self, id: &str, qualifier: &str) -> Option<&Arc<Partner>> {
        // UNB 0007 is optional: without it, the id alone decides when exactly one partner has it.
        self.by_id_and_kind(&self.by_edifact, id, qualifier)
    }

    /// The partner with this UBL EndpointID. `schemeID` is mandatory in Peppol but not in UBL:
    /// without it, the id alone decides when exactly one partner has it.
    pub fn by_ubl_endpoint(&self, scheme: &str, id: &str) -> Option<&Arc<Partner>> {
        self.by_id_and_kind(&self.by_ubl, id, scheme)
    }

    /// The partner indexed in `map` under (`id`, `kind`); with an empty `kind`, the one partner
    /// that has `id` under any kind (none when several do).
    fn by_id_and_kind(
        &self,
        map: &HashMap<(String, String), String>,
        id: &str,
        kind: &str,
    ) -> Option<&Arc<Partner>> {
        let (id, kind) = (id.trim(), kind.trim());
        let exact = map.get(&(id.to_owned(), kind.to_owned()));
        let by_id_alone = || {
            let mut found = map
                .iter()
                .filter(|((pid, _), _)| pid == id)
                .map(|(_, partner)| partner);
            match (found.next(), found.next()) {
                (Some(p), None) => Some(p),
                _ => None,
            }
        };
        exact
            .or_else(|| if kind.is_empty() { by_id_alone() } else { None })
            .and_then(|id| self.partners.get(id))
    }
}

fn cxml_key(domain: &str, identity: &str) -> (String, String) {
    (
        domain.trim().to_ascii_lowercase(),
        identity.trim().to_owned(),
    )
}

struct FileCtx<'a> {
    file: String,
    problems: &'a mut Vec<PartnerProblem>,
}

impl FileCtx<'_> {
    fn problem(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.problems.push(PartnerProblem {
            file: self.file.clone(),
            key: key.into(),
            message: message.into(),
        });
    }
}

/// How many distinct structural errors one file may report before we give up on it.
const MAX_ERRORS_PER_FILE: usize = 50;

fn load_file(
    path: &Path,
    ctx: &mut FileCtx<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Partner> {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !valid_partner_id(&id) {
        ctx.problem(
            "",
            format!("partner id `{id}` (the file name) must be lower-case letters, digits, `-` or `_`, starting with a letter or digit"),
        );
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            ctx.problem("", format!("cannot read: {e}"));
            return None;
        }
    };
    let mut table: toml::Value = match text.parse::<toml::Table>() {
        Ok(t) => toml::Value::Table(t),
        Err(e) => {
            ctx.problem("", format!("not valid TOML: {}", one_line(&e.to_string())));
            return None;
        }
    };
    // Semantic checks and duplicate detection run on whatever remains after bad keys were
    // removed, so that one pass reports everything. Any problem anywhere fails the whole load,
    // so a partner with problems is never served.
    let (profile, _sound) = deserialize_collecting(&mut table, ctx);
    Some(validate_and_resolve(id, path, profile?, ctx, env))
}

/// Deserialise the profile; on an error, report it, remove the offending key and try again, so
/// that every unknown key and bad value in the file is reported in one go. Returns what could be
/// read and whether it was read without any problem.
fn deserialize_collecting(
    value: &mut toml::Value,
    ctx: &mut FileCtx<'_>,
) -> (Option<PartnerProfile>, bool) {
    let mut removed: Vec<String> = Vec::new();
    let mut failed = false;
    for _ in 0..MAX_ERRORS_PER_FILE {
        match serde_path_to_error::deserialize::<_, PartnerProfile>(value.clone()) {
            Ok(p) => return (Some(p), !failed),
            Err(err) => {
                failed = true;
                let mut segments: Vec<String> = err
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        Segment::Map { key } => Some(key.clone()),
                        Segment::Seq { index } => Some(format!("[{index}]")),
                        Segment::Enum { .. } | Segment::Unknown => None,
                    })
                    .collect();
                let message = one_line(&err.inner().to_string());
                if let Some(field) = backticked(&message, "unknown field `") {
                    if segments.last() != Some(&field) {
                        segments.push(field);
                    }
                } else if let Some(field) = backticked(&message, "missing field `") {
                    let mut full = segments.clone();
                    full.push(field);
                    if !removed.contains(&join_path(&full)) {
                        ctx.problem(join_path(&full), "missing required key");
                    }
                    // Drop the whole enclosing table (every protocol table is optional) and go on
                    // reading the rest of the file.
                    if segments.is_empty() || !remove_path(value, &segments) {
                        return (None, false);
                    }
                    removed.push(join_path(&segments));
                    continue;
                }
                let key = join_path(&segments);
                let message = message
                    .strip_suffix(&format!(" in `{key}`"))
                    .map(str::to_owned)
                    .unwrap_or(message);
                let message = if message.starts_with("unknown field") {
                    message.replacen("unknown field", "unknown key", 1)
                } else {
                    message
                };
                ctx.problem(key.clone(), message);
                if segments.is_empty() || !remove_path(value, &segments) {
                    return (None, false);
                }
                removed.push(key);
            }
        }
    }
    (None, false)
}

fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

fn join_path(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        if !s.starts_with('[') && !out.is_empty() {
            out.push('.');
        }
        out.push_str(s);
    }
    out
}

fn remove_path(value: &mut toml::Value, segments: &[String]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut cur = value;
    for seg in parents {
        cur = match (seg.strip_prefix('[').and_then(|s| s.strip_suffix(']')), cur) {
            (Some(idx), toml::Value::Array(items)) => match idx.parse::<usize>() {
                Ok(i) if i < items.len() => &mut items[i],
                _ => return false,
            },
            (None, toml::Value::Table(t)) => match t.get_mut(seg) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (
        last.strip_prefix('[').and_then(|s| s.strip_suffix(']')),
        cur,
    ) {
        (Some(idx), toml::Value::Array(items)) => match idx.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        (None, toml::Value::Table(t)) => t.remove(last).is_some(),
        _ => false,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn valid_partner_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn validate_and_resolve(
    id: String,
    path: &Path,
    profile: PartnerProfile,
    ctx: &mut FileCtx<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Partner {
    let mut uses_dev_secrets = false;
    let mut resolve_secret = |ctx: &mut FileCtx<'_>, key: &str, r: &SecretRef| {
        if !valid_env_name(&r.env) {
            ctx.problem(
                format!("{key}.env"),
                format!("`{}` is not a valid environment variable name", r.env),
            );
            return None;
        }
        match env(&r.env) {
            Some(v) => Some(SecretString::from(v)),
            None => match &r.dev_default {
                Some(d) => {
                    uses_dev_secrets = true;
                    Some(SecretString::from(d.clone()))
                }
                None => {
                    ctx.problem(key, format!("environment variable {} is not set", r.env));
                    None
                }
            },
        }
    };

    if profile.name.trim().is_empty() {
        ctx.problem("name", "must not be empty");
    }
    let mut any_identity = false;
    let mut cxml_shared_secret = None;
    let mut cxml_document_url = None;
    let mut x12_document_url = None;
    let mut x12_rules = BTreeMap::new();
    let mut edifact_document_url = None;
    let mut ubl_document_url = None;
    if let Some(c) = &profile.cxml {
        any_identity = true;
        if c.from.is_empty() {
            ctx.problem("cxml.from", "at least one From credential is required");
        }
        for (i, cred) in c.from.iter().enumerate() {
            check_credential(ctx, &format!("cxml.from[{i}]"), cred);
        }
        check_credential(ctx, "cxml.sender", &c.sender);
        check_credential(ctx, "cxml.to", &c.to);
        cxml_shared_secret = resolve_secret(ctx, "cxml.shared_secret", &c.shared_secret);
        if let Some(u) = &c.document_url {
            cxml_document_url = resolve_url(ctx, "cxml.document_url", u, env, false);
        }
        if !is_cxml_version(&c.version) {
            ctx.problem(
                "cxml.version",
                format!("`{}` is not a cXML version like 1.2.071", c.version),
            );
        }
    }
    let mut oci_password = None;
    if let Some(o) = &profile.oci {
        any_identity = true;
        if o.username.trim().is_empty() {
            ctx.problem("oci.username", "must not be empty");
        }
        oci_password = resolve_secret(ctx, "oci.password", &o.password);
    }
    if let Some(x) = &profile.x12 {
        any_identity = true;
        check_len(ctx, "x12.isa_qualifier", &x.isa_qualifier, 2, 2);
        check_len(ctx, "x12.isa_id", &x.isa_id, 1, 15);
        check_len(ctx, "x12.gs_id", &x.gs_id, 2, 15);
        check_len(ctx, "x12.our_isa_qualifier", &x.our_isa_qualifier, 2, 2);
        check_len(ctx, "x12.our_isa_id", &x.our_isa_id, 1, 15);
        check_len(ctx, "x12.our_gs_id", &x.our_gs_id, 2, 15);
        if let Some(u) = &x.document_url {
            x12_document_url = resolve_url(ctx, "x12.document_url", u, env, true);
        }
        if x.version.len() != 6 || !x.version.bytes().all(|b| b.is_ascii_digit()) {
            ctx.problem(
                "x12.version",
                format!("`{}` is not an X12 version like 004010", x.version),
            );
        }
        if let Some(dir) = &x.rules_dir {
            x12_rules = load_x12_rules(ctx, path, dir);
        }
        if !matches!(x.usage.as_str(), "P" | "T" | "I") {
            ctx.problem(
                "x12.usage",
                "must be P (production), T (test) or I (information)",
            );
        }
    }
    if let Some(e) = &profile.edifact {
        any_identity = true;
        check_len(ctx, "edifact.id", &e.id, 1, 35);
        check_len(ctx, "edifact.qualifier", &e.qualifier, 1, 4);
        check_len(ctx, "edifact.our_id", &e.our_id, 1, 35);
        check_len(ctx, "edifact.our_qualifier", &e.our_qualifier, 1, 4);
        // Qualifier 14: the id is a GS1 GLN.
        if e.qualifier == "14" {
            check_gln(ctx, "edifact.id", &e.id);
        }
        if e.our_qualifier == "14" {
            check_gln(ctx, "edifact.our_id", &e.our_id);
        }
        let s = e.syntax.as_bytes();
        if let Some(u) = &e.document_url {
            edifact_document_url = resolve_url(ctx, "edifact.document_url", u, env, true);
        }
        if s.len() != 4 || !e.syntax.starts_with("UNO") || !s[3].is_ascii_uppercase() {
            ctx.problem(
                "edifact.syntax",
                format!("`{}` is not a syntax identifier like UNOC", e.syntax),
            );
        }
        // The outbound maps are written for these two directories; another would be sent as
        // one of them under a wrong name.
        if !["D96A", "D01B"]
            .iter()
            .any(|d| e.directory.eq_ignore_ascii_case(d))
        {
            ctx.problem(
                "edifact.directory",
                format!(
                    "`{}` is not a directory b2bgate writes (D96A or D01B)",
                    e.directory
                ),
            );
        }
    }
    if let Some(u) = &profile.ubl {
        any_identity = true;
        let scheme_ok = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
        if !scheme_ok(&u.endpoint_scheme) {
            ctx.problem(
                "ubl.endpoint_scheme",
                "must be a four-digit ISO 6523 ICD such as 0088",
            );
        }
        if !scheme_ok(&u.our_endpoint_scheme) {
            ctx.problem(
                "ubl.our_endpoint_scheme",
                "must be a four-digit ISO 6523 ICD such as 0088",
            );
        }
        check_len(ctx, "ubl.endpoint_id", &u.endpoint_id, 1, 50);
        check_len(ctx, "ubl.our_endpoint_id", &u.our_endpoint_id, 1, 50);
        // EAS 0088: the endpoint is a GS1 GLN (Peppol rule PEPPOL-COMMON-R040).
        if u.endpoint_scheme == "0088" {
            check_gln(ctx, "ubl.endpoint_id", &u.endpoint_id);
        }
        if u.our_endpoint_scheme == "0088" {
            check_gln(ctx, "ubl.our_endpoint_id", &u.our_endpoint_id);
        }
        if let Some(url) = &u.document_url {
            ubl_document_url = resolve_url(ctx, "ubl.document_url", url, env, true);
        }
    }
    if !any_identity {
        ctx.problem(
            "",
            "no identity configured: add at least one of [cxml], [oci], [x12], [edifact], [ubl]",
        );
    }
    Partner {
        id,
        file: path.to_path_buf(),
        profile,
        cxml_shared_secret,
        cxml_document_url,
        x12_document_url,
        edifact_document_url,
        ubl_document_url,
        x12_rules,
        oci_password,
        uses_dev_secrets,
    }
}

/// A GS1 Global Location Number: 13 digits with a valid mod-10 check digit.
fn check_gln(ctx: &mut FileCtx<'_>, key: &str, value: &str) {
    let valid =
        value.len() == 13 && model::Gtin::parse(value).is_ok_and(|g| g.has_valid_check_digit());
    if !valid {
        ctx.problem(
            key,
            format!("`{value}` is not a GLN (13 digits with a valid GS1 check digit)"),
        );
    }
}

/// Read every `<set>.toml` in `x12.rules_dir` (relative to the folder of the partner file):
/// a missing folder, a file not named like a set id, bad TOML, unknown keys and meaningless
/// rules are all problems under `x12.rules_dir`.
fn load_x12_rules(ctx: &mut FileCtx<'_>, path: &Path, dir: &str) -> BTreeMap<String, SetRules> {
    const KEY: &str = "x12.rules_dir";
    let mut out = BTreeMap::new();
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    let folder = base.join(dir);
    if dir.trim().is_empty() || !folder.is_dir() {
        ctx.problem(KEY, format!("folder `{}` does not exist", folder.display()));
        return out;
    }
    let entries = match std::fs::read_dir(&folder) {
        Ok(e) => e,
        Err(e) => {
            ctx.problem(KEY, format!("cannot read `{}`: {e}", folder.display()));
            return out;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let set = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if set.len() != 3 || !set.bytes().all(|b| b.is_ascii_digit()) {
            ctx.problem(
                KEY,
                format!("{name}: not named after a transaction set, like 850.toml"),
            );
            continue;
        }
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                ctx.problem(KEY, format!("{name}: cannot read: {e}"));
                continue;
            }
        };
        let rules: SetRules = match toml::from_str(&text) {
            Ok(r) => r,
            Err(e) => {
                ctx.problem(KEY, format!("{name}: {}", one_line(&e.to_string())));
                continue;
            }
        };
        if !rules.set.is_empty() && rules.set != set {
            ctx.problem(
                KEY,
                format!(
                    "{name}: `set = \"{}\"` does not match the file name",
                    rules.set
                ),
            );
        }
        for p in rules.problems() {
            ctx.problem(KEY, format!("{name}: {p}"));
        }
        out.insert(set, rules);
    }
    out
}

fn check_credential(ctx: &mut FileCtx<'_>, key: &str, c: &model::partner::Credential) {
    if c.domain.trim().is_empty() {
        ctx.problem(format!("{key}.domain"), "must not be empty");
    }
    if c.identity.trim().is_empty() {
        ctx.problem(format!("{key}.identity"), "must not be empty");
    }
}

fn check_len(ctx: &mut FileCtx<'_>, key: &str, value: &str, min: usize, max: usize) {
    let n = value.chars().count();
    if n < min || n > max {
        ctx.problem(
            key,
            if min == max {
                format!("`{value}` must be exactly {min} characters")
            } else {
                format!("`{value}` must be {min} to {max} characters")
            },
        );
    }
}

fn valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_cxml_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn resolve_url(
    ctx: &mut FileCtx<'_>,
    key: &str,
    value: &ValueRef,
    env: &dyn Fn(&str) -> Option<String>,
    allow_folder: bool,
) -> Option<Url> {
    let raw = match value {
        ValueRef::Literal(s) => s.clone(),
        ValueRef::Env(e) => match env(&e.env).or_else(|| e.default.clone()) {
            Some(v) => v,
            None => {
                ctx.problem(
                    key,
                    format!(
                        "environment variable {} is not set and no default is given",
                        e.env
                    ),
                );
                return None;
            }
        },
    };
    match Url::parse(&raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Some(u),
        Ok(u) if allow_folder && u.scheme() == "file" && u.to_file_path().is_ok() => Some(u),
        Ok(u) => {
            ctx.problem(
                key,
                format!(
                    "`{raw}` must be an http(s) URL with a host (scheme is `{}`)",
                    u.scheme()
                ),
            );
            None
        }
        Err(e) => {
            ctx.problem(key, format!("`{raw}` is not a valid URL: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests;
