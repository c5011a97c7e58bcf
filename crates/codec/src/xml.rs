//! Safe XML reading (shared by cXML and UBL): bytes to a small owned element tree, with quick-xml
//! as the tokenizer; and the ASCII-only escaping the writers use ([`escape_into`]).
//!
//! Security and robustness rules (they hold for any input):
//! - **No external anything.** A DOCTYPE is skipped, its internal subset ignored; no DTD is
//!   fetched, no external entity resolved. Only the five predefined entities (`&lt;` `&gt;`
//!   `&amp;` `&apos;` `&quot;`) and numeric character references are decoded. Any other entity
//!   reference (say `&xxe;` declared as `SYSTEM "file:///etc/passwd"`) is left out of the text and
//!   reported as an error [`Issue`]; nothing is ever expanded, so "billion laughs" and XXE cannot
//!   happen.
//! - **UTF-8 only**, with or without a BOM. A declared other encoding is a warning when the bytes
//!   are valid UTF-8 anyway (plain ASCII usually is), an error otherwise.
//! - **Bounded and linear.** Nesting deeper than [`MAX_DEPTH`] is rejected; every step is linear
//!   in the input (duplicate attributes are found with a hash set, not pairwise).
//! - **Never panics.** Every failure is an [`XmlError`] with a byte offset into the original input.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{Issue, Location};

/// Deepest element nesting accepted (the root is depth 1).
pub const MAX_DEPTH: usize = 64;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The input is not well-formed (or not readable) XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    /// Byte offset into the original input (BOM included).
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// One element of the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    /// Qualified name as written (`xml:lang`, `ds:Signature`, …).
    pub name: String,
    /// Attributes in document order, values decoded.
    pub attrs: Vec<(String, String)>,
    /// Child nodes in document order; adjacent text is merged.
    pub children: Vec<Node>,
    /// Byte offset of the start tag in the original input.
    pub offset: usize,
}

/// A child node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// A child element.
    Element(Element),
    /// Character data (text, references and CDATA sections merged).
    Text(String),
}

/// A parsed document: its root element and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    /// The root element.
    pub root: Element,
    /// Warnings and errors that did not prevent reading (unknown entities, encoding…).
    pub issues: Vec<Issue>,
}

impl Element {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element called `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// All child elements called `name`, in order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first child element (whatever its name).
    pub fn first_element(&self) -> Option<&Element> {
        self.elements().next()
    }

    /// The text directly inside this element (child elements' text excluded), verbatim.
    pub fn own_text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        }
        out
    }

    /// All text inside this element, child elements' text included, in document order, verbatim.
    pub fn deep_text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        // Recursion depth is bounded by MAX_DEPTH.
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    /// Whether any child is an element.
    pub fn has_element_children(&self) -> bool {
        self.elements().next().is_some()
    }

    /// Trimmed text of the first child called `name`; `None` when absent or blank.
    pub fn child_text(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|e| e.deep_text().trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Node::Text(last)) = self.children.last_mut() {
            last.push_str(text);
        } else {
            self.children.push(Node::Text(text.to_owned()));
        }
    }
}

/// Parse `input` into an element tree. Never panics, never expands an entity.
pub(crate) fn parse(input: &[u8]) -> Result<Document, XmlError> {
    if input.starts_with(b"\xFF\xFE") || input.starts_with(b"\xFE\xFF") {
        return Err(XmlError {
            offset: 0,
            message: "UTF-16 input is not supported; send UTF-8".to_owned(),
        });
    }
    let bom = if input.starts_with(BOM) { BOM.len() } else { 0 };
    let body = input.get(bom..).unwrap_or_default();
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) => {
            let offset = bom + e.valid_up_to();
            return Err(XmlError {
                offset,
                message: format!(
                    "input is not valid UTF-8 at byte {offset} (only UTF-8 is accepted)"
                ),
            });
        }
    };
    Parser::new(text, bom).run()
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    base: usize,
    stack: Vec<Element>,
    root: Option<Element>,
    issues: Vec<Issue>,
    /// Issues beyond [`MAX_ISSUES`], counted but not kept.
    suppressed: usize,
}

/// At most this many reader issues are kept per document; the rest are counted. Bounds the
/// work and memory an attacker can cause with millions of bad entity references.
pub const MAX_ISSUES: usize = 50;

impl<'a> Parser<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let mut reader = Reader::from_str(text);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.allow_unmatched_ends = false;
        cfg.expand_empty_elements = false;
        cfg.allow_dangling_amp = false;
        cfg.check_comments = true;
        cfg.trim_text(false);
        Self {
            reader,
            base,
            stack: Vec::new(),
            root: None,
            issues: Vec::new(),
            suppressed: 0,
        }
    }

    fn push_issue(&mut self, issue: Issue) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
        } else {
            self.suppressed = self.suppressed.saturating_add(1);
        }
    }

    fn pos(&self) -> usize {
        self.base
            .saturating_add(usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX))
    }

    fn err_at(&self, offset: usize, message: impl Into<String>) -> XmlError {
        XmlError {
            offset,
            message: message.into(),
        }
    }

    fn path(&self) -> String {
        let mut p = String::new();
        for e in &self.stack {
            p.push('/');
            p.push_str(&limit(&e.name, 64));
            if p.len() > 512 {
                p.push_str("/…");
                break;
            }
        }
        if p.is_empty() {
            p.push('/');
        }
        p
    }

    fn run(mut self) -> Result<Document, XmlError> {
        loop {
            let start = self.pos();
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.base.saturating_add(
                        usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX),
                    );
                    return Err(
                        self.err_at(at, format!("XML is not well-formed at byte {at}: {e}"))
                    );
                }
            };
            match event {
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        let enc = enc.trim().to_ascii_lowercase();
                        if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                            self.push_issue(Issue::warning(
                                Location::at_offset(start),
                                format!(
                                    "Declared encoding {enc} is not supported; the document was \
                                     read as UTF-8 (its bytes are valid UTF-8)"
                                ),
                            ));
                        }
                    }
                }
                Event::DocType(d) => {
                    if d.contains('[') {
                        self.push_issue(Issue::warning(
                            Location::at_offset(start),
                            "DOCTYPE internal subset ignored: declared entities are never \
                             expanded",
                        ));
                    }
                }
                Event::PI(_) | Event::Comment(_) => {}
                Event::Start(s) => {
                    let el = self.open(&s, start)?;
                    self.stack.push(el);
                }
                Event::Empty(s) => {
                    let el = self.open(&s, start)?;
                    self.close(el);
                }
                Event::End(_) => match self.stack.pop() {
                    Some(el) => self.close(el),
                    None => {
                        return Err(self.err_at(
                            start,
                            format!("XML is not well-formed at byte {start}: unmatched end tag"),
                        ))
                    }
                },
                Event::Text(t) => {
                    let content = t.xml10_content();
                    self.text(&content, start)?;
                }
                Event::CData(c) => {
                    let content = c.into_inner();
                    let content = content.replace("\r\n", "\n").replace('\r', "\n");
                    if self.stack.is_empty() {
                        return Err(self.err_at(
                            start,
                            format!("XML is not well-formed at byte {start}: CDATA outside the root element"),
                        ));
                    }
                    self.text(&content, start)?;
                }
                Event::GeneralRef(r) => {
                    if self.stack.is_empty() {
                        return Err(self.err_at(
                            start,
                            format!(
                                "XML is not well-formed at byte {start}: reference outside the \
                                 root element"
                            ),
                        ));
                    }
                    let resolved = if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) if is_xml_char(c) => c.to_string(),
                            _ => {
                                return Err(self.err_at(
                                    start,
                                    format!(
                                        "XML is not well-formed at byte {start}: invalid \
                                         character reference &{};",
                                        limit(&r, 20)
                                    ),
                                ))
                            }
                        }
                    } else if let Some(c) = predefined(&r) {
                        c.to_string()
                    } else {
                        let path = self.path();
                        self.push_issue(
                            Issue::error(
                                Location {
                                    offset: Some(start),
                                    path: Some(path),
                                    ..Location::default()
                                },
                                format!(
                                    "Entity reference &{}; was not expanded: only the five \
                                     predefined XML entities and character references are \
                                     allowed",
                                    limit(&r, 40)
                                ),
                            )
                            .with_code("406"),
                        );
                        String::new()
                    };
                    if let Some(top) = self.stack.last_mut() {
                        top.push_text(&resolved);
                    }
                }
                Event::Eof => break,
            }
        }
        if let Some(open) = self.stack.last() {
            let at = self.pos();
            return Err(self.err_at(
                at,
                format!(
                    "XML is not well-formed at byte {at}: unexpected end of input, element <{}> \
                     is not closed",
                    limit(&open.name, 40)
                ),
            ));
        }
        if self.suppressed > 0 {
            let more = self.suppressed;
            self.issues.push(Issue::warning(
                Location::default(),
                format!("{more} more issues of the same kind were not listed"),
            ));
        }
        match self.root {
            Some(root) => Ok(Document {
                root,
                issues: self.issues,
            }),
            None => Err(XmlError {
                offset: self.base,
                message: "no root element: the input contains no XML element".to_owned(),
            }),
        }
    }

    fn open(&mut self, s: &BytesStart<'_>, offset: usize) -> Result<Element, XmlError> {
        if self.root.is_some() && self.stack.is_empty() {
            return Err(self.err_at(
                offset,
                format!("XML is not well-formed at byte {offset}: content after the root element"),
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.err_at(
                offset,
                format!("elements are nested deeper than {MAX_DEPTH} levels at byte {offset}"),
            ));
        }
        let name = s.name().0.to_owned();
        let mut attrs = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut iter = s.attributes();
        iter.with_checks(false);
        for a in iter {
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    return Err(self.err_at(
                        offset,
                        format!(
                            "XML is not well-formed at byte {offset}: bad attribute in <{}>: {e}",
                            limit(&name, 40)
                        ),
                    ))
                }
            };
            let key = a.key.0.to_owned();
            if !seen.insert(key.clone()) {
                return Err(self.err_at(
                    offset,
                    format!(
                        "XML is not well-formed at byte {offset}: duplicate attribute {} in <{}>",
                        limit(&key, 40),
                        limit(&name, 40)
                    ),
                ));
            }
            let value = self.attr_value(&a.value, &name, &key, offset)?;
            attrs.push((key, value));
        }
        Ok(Element {
            name,
            attrs,
            children: Vec::new(),
            offset,
        })
    }

    fn close(&mut self, el: Element) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(el)),
            None => self.root = Some(el),
        }
    }

    fn text(&mut self, content: &str, offset: usize) -> Result<(), XmlError> {
        match self.stack.last_mut() {
            Some(top) => {
                top.push_text(content);
                Ok(())
            }
            None if content.chars().all(is_xml_space) => Ok(()),
            None => Err(self.err_at(
                offset,
                format!("XML is not well-formed at byte {offset}: text outside the root element"),
            )),
        }
    }

    /// Decode an attribute value: normalise literal whitespace to spaces, resolve predefined
    /// entities and character references, drop (and report) any other entity reference.
    fn attr_value(
        &mut self,
        raw: &str,
        element: &str,
        key: &str,
        offset: usize,
    ) -> Result<String, XmlError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            let (before, after) = rest.split_at(amp);
            push_normalized(&mut out, before);
            let after = after.get(1..).unwrap_or_default();
            let Some(semi) = after.find(';') else {
                return Err(self.err_at(
                    offset,
                    format!(
                        "XML is not well-formed at byte {offset}: unterminated reference in \
                         attribute {} of <{}>",
                        limit(key, 40),
                        limit(element, 40)
                    ),
                ));
            };
            let (name, tail) = after.split_at(semi);
            rest = tail.get(1..).unwrap_or_default();
            if let Some(num) = name.strip_prefix('#') {
                match parse_char_ref(num) {
                    Some(c) => out.push(c),
                    None => {
                        return Err(self.err_at(
                            offset,
                            format!(
                                "XML is not well-formed at byte {offset}: invalid character \
                                 reference &{}; in attribute {}",
                                limit(name, 20),
                                limit(key, 40)
                            ),
                        ))
                    }
                }
            } else if let Some(c) = predefined(name) {
                out.push(c);
            } else {
                let mut path = self.path();
                if !path.ends_with('/') {
                    path.push('/');
                }
                path.push_str(element);
                path.push_str("/@");
                path.push_str(key);
                self.push_issue(
                    Issue::error(
                        Location {
                            offset: Some(offset),
                            path: Some(path),
                            ..Location::default()
                        },
                        format!(
                            "Entity reference &{}; was not expanded: only the five predefined XML \
                             entities and character references are allowed",
                            limit(name, 40)
                        ),
                    )
                    .with_code("406"),
                );
            }
        }
        push_normalized(&mut out, rest);
        Ok(out)
    }
}

fn push_normalized(out: &mut String, s: &str) {
    // Attribute-value normalisation (XML 1.0 §3.3.3): a literal CR LF pair, CR, LF or TAB each
    // becomes one space; character references are not normalised.
    let mut prev_cr = false;
    for c in s.chars() {
        match c {
            '\r' => {
                out.push(' ');
                prev_cr = true;
                continue;
            }
            '\n' if prev_cr => {}
            '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
        prev_cr = false;
    }
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

fn parse_char_ref(num: &str) -> Option<char> {
    let code = if let Some(hex) = num.strip_prefix('x') {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()?
    } else {
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        num.parse::<u32>().ok()?
    };
    char::from_u32(code).filter(|c| is_xml_char(*c))
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// At most `max` characters of `s`, with `…` when shortened (for messages).
pub(crate) fn limit(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Escape `s` for XML text (`attr == false`) or a double-quoted attribute value, as pure ASCII.
pub(crate) fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if !is_xml_char(c) => {}
            c if c.is_ascii() => out.push(c),
            c => {
                out.push_str("&#");
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
        }
    }
}
