//! Namespace-resolved view of the safe element tree ([`crate::xml`]).
//!
//! Every element gets its namespace URI (resolved through the `xmlns` / `xmlns:p` declarations
//! in scope, any prefix accepted) and its local name; the readers match on local names and the
//! root's namespace. An undeclared prefix is kept as an empty namespace with a warning.

use std::collections::HashMap;

use crate::xml::{self, limit, Element, Node};
use crate::{Issue, Location};

/// UBL 2.1 common basic components.
pub const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
/// UBL 2.1 common aggregate components.
pub const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
/// Prefix of every UBL 2.1 main-document namespace (`…:Invoice-2`, `…:Order-2`, …).
pub const MAINDOC_PREFIX: &str = "urn:oasis:names:specification:ubl:schema:xsd:";

/// One element with resolved names.
#[derive(Debug, Clone, Default)]
pub(crate) struct El {
    /// Namespace URI (empty when none).
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Attributes other than namespace declarations, by local name (prefix dropped).
    pub attrs: Vec<(String, String)>,
    /// Own text, verbatim.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<El>,
    /// Path from the root, e.g. `/Invoice/InvoiceLine[2]/Item`.
    pub path: String,
}

impl El {
    /// Attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// First child with this local name.
    pub fn child(&self, local: &str) -> Option<&El> {
        self.children.iter().find(|c| c.local == local)
    }

    /// All children with this local name.
    pub fn all<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.local == local)
    }

    /// Follow a `/`-separated path of local names (first match at each step).
    pub fn at(&self, path: &str) -> Option<&El> {
        let mut cur = self;
        for step in path.split('/') {
            cur = cur.child(step)?;
        }
        Some(cur)
    }

    /// Trimmed text of this element, `None` when blank.
    pub fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// Trimmed text at `path`, `None` when absent or blank.
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.at(path).and_then(El::value)
    }
}

/// Parse and resolve. `Err` carries the not-well-formed message and offset.
pub(crate) fn parse(input: &[u8]) -> Result<(El, Vec<Issue>), (usize, String)> {
    let doc = xml::parse(input).map_err(|e| (e.offset, e.message))?;
    let mut issues = doc.issues;
    let mut scopes: Vec<(String, String)> = Vec::new();
    let root = resolve(&doc.root, &mut scopes, "", 1, &mut issues);
    Ok((root, issues))
}

fn resolve(
    e: &Element,
    scopes: &mut Vec<(String, String)>,
    parent_path: &str,
    index: usize,
    issues: &mut Vec<Issue>,
) -> El {
    let mark = scopes.len();
    let mut attrs = Vec::new();
    for (k, v) in &e.attrs {
        if k == "xmlns" {
            scopes.push((String::new(), v.clone()));
        } else if let Some(p) = k.strip_prefix("xmlns:") {
            scopes.push((p.to_owned(), v.clone()));
        } else {
            let local = k.rsplit(':').next().unwrap_or(k);
            attrs.push((local.to_owned(), v.clone()));
        }
    }
    let (prefix, local) = match e.name.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", e.name.as_str()),
    };
    let mut path = String::with_capacity(parent_path.len() + local.len() + 6);
    path.push_str(parent_path);
    path.push('/');
    path.push_str(&limit(local, 64));
    if index > 1 {
        path.push_str(&format!("[{index}]"));
    }
    let ns = match scopes.iter().rev().find(|(p, _)| p == prefix) {
        Some((_, uri)) => uri.clone(),
        None => {
            if !prefix.is_empty() && issues.len() < xml::MAX_ISSUES {
                issues.push(Issue::warning(
                    Location {
                        offset: Some(e.offset),
                        path: Some(path.clone()),
                        ..Location::default()
                    },
                    format!(
                        "Namespace prefix {} is not declared; element read by its local name",
                        limit(prefix, 40)
                    ),
                ));
            }
            String::new()
        }
    };
    let mut text = String::new();
    let mut children = Vec::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for n in &e.children {
        match n {
            Node::Text(t) => text.push_str(t),
            Node::Element(c) => {
                let cl = c.name.rsplit(':').next().unwrap_or(&c.name).to_owned();
                let k = counts.entry(cl).or_insert(0);
                *k += 1;
                let idx = *k;
                // Depth is bounded by xml::MAX_DEPTH.
                children.push(resolve(c, scopes, &path, idx, issues));
            }
        }
    }
    scopes.truncate(mark);
    El {
        ns,
        local: local.to_owned(),
        attrs,
        text,
        children,
        path,
    }
}
