//! Namespace-resolved view of the safe element tree ([`crate::xml`]).
//!
//! Every element gets its namespace URI (resolved through the `xmlns` / `xmlns:p` declarations
//! in scope, any prefix accepted) and its local name; the readers match on local names and the
//! root's namespace. An undeclared prefix is kept as an empty namespace with a warning.

use std::collections::HashMap;
use std::rc::Rc;

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
    /// Namespace URI (empty when none), shared with the declaration.
    pub ns: Rc<str>,
    /// Local name.
    pub local: String,
    /// Attributes other than namespace declarations, by local name (prefix dropped).
    pub attrs: Vec<(String, String)>,
    /// Own text, verbatim.
    pub text: String,
    /// Child elements in order.
    pub children: Vec<El>,
    /// Path of the parent (shared by all siblings; see [`El::path`]).
    parent: Rc<str>,
    /// 1-based position among the siblings of the same local name.
    index: usize,
}

/// Paths are spelled out to this depth; deeper elements show `…` for the steps in between
/// (keeps memory linear in the input whatever the nesting).
const PATH_DEPTH: usize = 12;

fn make_path(parent: &str, local: &str, index: usize) -> String {
    let mut path = String::with_capacity(parent.len() + local.len() + 6);
    path.push_str(parent);
    path.push('/');
    path.push_str(&limit(local, 64));
    if index > 1 {
        path.push_str(&format!("[{index}]"));
    }
    path
}

impl El {
    /// Path from the root, e.g. `/Invoice/InvoiceLine[2]/Item`.
    pub fn path(&self) -> String {
        make_path(&self.parent, &self.local, self.index)
    }

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

/// Namespace prefixes in scope: prefix → stack of URIs (innermost last). `""` is the default
/// namespace. Lookups are O(1) however many declarations there are.
type Scopes = HashMap<String, Vec<Rc<str>>>;

/// Parse and resolve. `Err` carries the not-well-formed message and offset.
pub(crate) fn parse(input: &[u8]) -> Result<(El, Vec<Issue>), (usize, String)> {
    let doc = xml::parse(input).map_err(|e| (e.offset, e.message))?;
    let mut issues = doc.issues;
    let mut scopes = Scopes::new();
    let root = resolve(&doc.root, &mut scopes, &Rc::from(""), 1, 1, &mut issues);
    Ok((root, issues))
}

fn resolve(
    e: &Element,
    scopes: &mut Scopes,
    parent: &Rc<str>,
    index: usize,
    depth: usize,
    issues: &mut Vec<Issue>,
) -> El {
    let mut declared: Vec<String> = Vec::new();
    let mut attrs = Vec::new();
    for (k, v) in &e.attrs {
        let prefix = if k == "xmlns" {
            Some("")
        } else {
            k.strip_prefix("xmlns:")
        };
        match prefix {
            Some(p) => {
                scopes
                    .entry(p.to_owned())
                    .or_default()
                    .push(Rc::from(v.as_str()));
                declared.push(p.to_owned());
            }
            None => {
                let local = k.rsplit(':').next().unwrap_or(k);
                attrs.push((local.to_owned(), v.clone()));
            }
        }
    }
    let (prefix, local) = match e.name.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", e.name.as_str()),
    };
    let ns = match scopes.get(prefix).and_then(|s| s.last()) {
        Some(uri) => uri.clone(),
        None => {
            if !prefix.is_empty() && issues.len() < xml::MAX_ISSUES {
                issues.push(Issue::warning(
                    Location {
                        offset: Some(e.offset),
                        path: Some(make_path(parent, local, index)),
                        ..Location::default()
                    },
                    format!(
                        "Namespace prefix {} is not declared; element read by its local name",
                        limit(prefix, 40)
                    ),
                ));
            }
            Rc::from("")
        }
    };
    let mut text = String::new();
    let mut children = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut child_parent: Option<Rc<str>> = None;
    for n in &e.children {
        match n {
            Node::Text(t) => text.push_str(t),
            Node::Element(c) => {
                let cl = c.name.rsplit(':').next().unwrap_or(&c.name);
                let k = counts.entry(cl).or_insert(0);
                *k += 1;
                let idx = *k;
                let cp = child_parent
                    .get_or_insert_with(|| match depth {
                        d if d < PATH_DEPTH => Rc::from(make_path(parent, local, index)),
                        d if d == PATH_DEPTH => {
                            Rc::from(format!("{}/…", make_path(parent, local, index)))
                        }
                        _ => parent.clone(),
                    })
                    .clone();
                // Depth is bounded by xml::MAX_DEPTH.
                children.push(resolve(c, scopes, &cp, idx, depth + 1, issues));
            }
        }
    }
    for p in declared {
        if let Some(stack) = scopes.get_mut(&p) {
            stack.pop();
        }
    }
    El {
        ns,
        local: local.to_owned(),
        attrs,
        text,
        children,
        parent: parent.clone(),
        index,
    }
}
