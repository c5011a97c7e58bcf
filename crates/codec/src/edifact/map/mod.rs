//! UN/EDIFACT (EANCOM) messages ↔ the canonical [`model`], directories D96A and D01B.
//!
//! The maps work on a message *body*: the segments between UNH and UNT as [`MapSegment`]s
//! (tag, elements of components with release characters already removed, byte offset). Readers
//! take a body and return the canonical document plus the [`Issue`]s found; writers return the
//! body segments of a document (strict: only what the standard allows, issues for what could
//! not be said) — the envelope (UNA/UNB/UNH/UNT/UNZ, escaping) is the syntax layer's job.
//! [`message_header`] gives the UNH S009 (type, version, release, agency, association code)
//! for a document and a [`Directory`]; [`message_out`] wraps both into the syntax layer's
//! [`MessageOut`] for [`super::write_interchange`]; [`read_message`] reads a parsed
//! [`Message`] — in place: a body segment whose values are its own bytes (no release
//! character, no line wrapping, nothing to decode) is read from the tokenizer's [`Segment`]
//! directly, only the others are converted to [`MapSegment`]s; the result is the same.
//!
//! | Message | Read | Write | Canonical |
//! |---|---|---|---|
//! | ORDERS purchase order | [`read_orders`] | – | [`model::PurchaseOrder`] |
//! | ORDCHG order change | [`read_ordchg`] | – | [`model::OrderChange`] |
//! | ORDRSP order response | [`read_ordrsp`] | [`write_ordrsp`] | [`model::OrderResponse`] |
//! | DESADV despatch advice | [`read_desadv`] | [`write_desadv`] | [`model::ShipNotice`] |
//! | INVOIC invoice / credit note | [`read_invoic`] | [`write_invoic`] | [`model::Invoice`] |
//! | PRICAT price catalogue | – | [`write_pricat`] | [`model::Catalog`] |
//! | INVRPT inventory report | – | [`write_invrpt`] | [`model::InventoryReport`] |
//!
//! [`read_body`] dispatches on the message type (UNH S009 0065). The segments used are the same
//! in D96A and D01B; where the directories differ (none of the mapped elements do) the writers
//! take a [`Directory`] only for the UNH header.
//!
//! # Issue conventions (for the CONTRL builder)
//!
//! - `location.segment` is the segment tag, `location.segment_position` its 1-based position
//!   in the message counted from UNH (UNH = 1, the first body segment = 2) — UCS 0096;
//!   `location.offset` its byte offset when the syntax layer knew it; `location.element` and
//!   `location.component` the 1-based element and component positions — UCD S011 (0098, 0104).
//! - `code`, when present, is a CONTRL **0085 syntax error code**: `13` missing (with an element:
//!   a mandatory element/component is missing; without: a mandatory segment is missing — then
//!   `segment` is the missing tag and `segment_position` where it was expected: 2 for BGM,
//!   else the position of the segment that came instead), `12` invalid value (a code not in
//!   the code list we map, a date that is not a date, a unit or currency that is not a code),
//!   `37` invalid type of character (a number that is not a number), `14` a segment where it
//!   does not belong (a second BGM, UNH inside a body). Every reader *error* carries a code;
//!   warnings without a code are business-level (CNT totals that do not match, a wrong GTIN
//!   check digit, things that could not be mapped) and belong in no UCS/UCD.
//! - `Severity::Error`: the document cannot be used as is (no document number, no lines, a
//!   quantity that is not a number, an unknown message function) → UCM 0083 `4` rejected.
//!   `Severity::Warning`: the element was ignored or repaired, the document is usable → `7`.
//! - Writer issues carry `segment` / `segment_position` / `element` of what was being written
//!   and `path` = the canonical field (e.g. `lines[2].unit_of_measure`). An error means the
//!   output says less than the document or is not valid EANCOM (it must not be sent): a
//!   mandatory DTM 137 without a date, a value longer than the D96A/D01B element allows (`LIN`
//!   1082 n..6, `RFF` 1154 an..35, `NAD` 3039 an..35…), a reference kind without a qualifier,
//!   text that does not fit its components. Escaping and the character set are the syntax
//!   layer's ([`SegmentWriter`], [`super::write_interchange`]).
//!
//! # Mapping decisions (mirroring `x12::map`)
//!
//! - **Units**: EDIFACT uses UN/ECE Rec 20 (6411) natively; codes are read through
//!   [`model::UnitOfMeasure::from_common`] (`PCS` → `PCE`, `KG` → `KGM`…; a code that is not
//!   1–3 letters/digits is a warning `12`) and written as they are in the canonical document.
//! - **Party ids** (NAD C082): agency 3055 `9` → scheme `gln`, `16` → `duns`, `92` →
//!   `buyer_assigned`, `91` → `seller_assigned`, none → `mutually_defined`, others
//!   `agency:<code>`; written back the same way (GLN preferred). `RFF+VA` in the NAD group → a
//!   `vat` identifier; `RFF+API`/`IT` → `buyer_assigned`/`seller_assigned` account ids. C080
//!   party name components are joined with spaces (written in ≤ 35-character word chunks);
//!   C058 name-and-address lines become the name (first line, when C080 is empty) and address
//!   lines; C059 street components → address lines; 3164 city, 3229 region, 3251 postcode,
//!   3207 country. CTA + COM → contacts (`PD` purchasing, `IC` information, `OC` order, `AP`
//!   accounts_payable, `DL` delivery; COM `TE` phone, `EM` email).
//! - **Product ids** (LIN C212, PIA C212 ×5): `EN`/`UP`/`SRV`/`UA`/`EU` → GTIN when it is
//!   8/12/13/14 digits (a wrong check digit is a warning); `SA` → supplier part, `IN`/`BP` →
//!   buyer part, `MF` → manufacturer part, `NB` → batch, `SN` → serial; anything else →
//!   extrinsic `product_id:<code>`. Written: GTIN in LIN as `SRV`, `PIA+5` for the supplier
//!   part (`SA`), `PIA+1` for buyer (`IN`) and manufacturer (`MF`) parts.
//! - **Line numbers**: a numeric LIN 1082 is the line number; otherwise the position. A
//!   non-canonical id (`000010`) is kept in the line extrinsic `buyer_line_id` (orders).
//! - **References** (RFF C506): `CT` contract, `AAG` quote, `ON` purchase order, `BO` blanket
//!   order, `IV` invoice, `DQ` delivery note, `AAK` shipment (despatch advice), `AEP` project,
//!   other qualifiers kept verbatim as the kind; a following `DTM+171` is the reference date.
//!   Line RFFs → line extrinsic `ref:<qualifier>`.
//! - **Notes**: FTX C108 text components are joined with spaces, one comment per FTX (written
//!   in ≤ 70-character word chunks, up to 5 per FTX); `FTX+ACD` is the reason of a response.
//! - **Allowances/charges**: ALC 5463 `A`/`C`; C214 7161 `FC` ↔ `freight`, `DI` ↔ `discount`,
//!   `TX` ↔ `tax`, other codes verbatim (≤ 3 characters, else the description only) and 7160
//!   the description; PCD `1`/`2`/`3`/`12`/`15` percent; MOA `8`/`23`/`204`/`25` amount.
//! - **Amounts and quantities**: `.` and `,` are both read as decimal marks; writers emit
//!   normalised decimals (`12.50` → `12.5`) with `.`.
//! - **Dates**: DTM C507 formats `102` (CCYYMMDD), `203` (CCYYMMDDHHMM), `204`
//!   (CCYYMMDDHHMMSS), `101` (YYMMDD), `718` (CCYYMMDD-CCYYMMDD: the first day, the last kept
//!   as extrinsic `<name>_end`); without a format the length decides. Qualifiers: `137`
//!   document date, `2` requested delivery, `63` deliver_not_after, `64` deliver_not_before,
//!   `10` requested ship, `11` despatch, `17`/`132` expected delivery, `69` promised delivery,
//!   `171` reference date, `13` due date; others as extrinsic `date:<qualifier>` (ISO dates;
//!   the INVOIC writer writes such extrinsics back as DTMs). A value that does not match its
//!   format but reads by its length (`102` with `199910060000`) is kept with a warning `12`.
//!   Writers emit `102`.
//! - **Unmapped parties**: NAD groups of other qualifiers → extrinsic `party:<qualifier>` (name,
//!   else id).

mod common;
mod desadv;
mod invoic;
mod ordchg;
mod orders;
mod ordrsp;
mod pricat;
#[cfg(test)]
mod text;

#[cfg(test)]
mod tests;

pub use desadv::{read_desadv, write_desadv};
pub use invoic::{read_invoic, write_invoic};
pub use ordchg::read_ordchg;
pub use orders::read_orders;
pub use ordrsp::{read_ordrsp, write_ordrsp};
pub use pricat::{write_invrpt, write_pricat};

use model::Document;

use std::borrow::Cow;

use super::segment::{unescape, Split};
use super::{Delimiters, Message, MessageOut, Segment, SegmentWriter};

use crate::{Issue, Location};
use common::Parallel;

/// One segment of a message body as the maps see it. Values borrow from the input (`'a`) when
/// unescaping and decoding left their bytes unchanged; the writers build owned ones
/// (`MapSegment<'static>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapSegment<'a> {
    /// The segment tag, e.g. `LIN`.
    pub tag: Cow<'a, str>,
    /// Elements (1-based in EDIFACT, index 0 here is element 1), each a list of components
    /// with release characters removed.
    pub elements: Vec<Vec<Cow<'a, str>>>,
    /// Byte offset of the segment in the input, when known.
    pub offset: Option<usize>,
}

impl<'a> MapSegment<'a> {
    /// A segment from a tag and elements given as component lists.
    pub fn new<E, C>(tag: &str, elements: E) -> Self
    where
        E: IntoIterator<Item = C>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        Self {
            tag: Cow::Owned(tag.to_owned()),
            elements: elements
                .into_iter()
                .map(|c| c.into_iter().map(|v| Cow::Owned(v.into())).collect())
                .collect(),
            offset: None,
        }
    }

    /// Component `c` of element `e` (both 1-based) as written, if present.
    pub fn get(&self, e: usize, c: usize) -> Option<&str> {
        self.elements
            .get(e.checked_sub(1)?)?
            .get(c.checked_sub(1)?)
            .map(|v| &**v)
    }

    /// The tag and every element's components (first repetition) of `s`, unescaped and
    /// decoded, borrowed from the input wherever that left the bytes unchanged. One pass over
    /// the segment.
    pub fn borrowed(s: &Segment<'a>) -> Self {
        let d = s.delimiters;
        let mut parts = Split::new(s.raw(), Some(d.element), &d);
        parts.next(); // the tag composite
                      // Vectors of the exact size (counted first): a long message holds every body segment
                      // at once, so their spare capacity is most of its memory.
        let mut elements = Vec::with_capacity(parts.clone().count());
        for (_, el) in parts {
            // First repetition only.
            let rep = match d.repetition {
                Some(_) => Split::new(el, d.repetition, &d)
                    .next()
                    .map_or(el, |(_, r)| r),
                None => el,
            };
            let comps = Split::new(rep, Some(d.component), &d);
            let mut values = Vec::with_capacity(comps.clone().count());
            values.extend(comps.map(|(_, raw)| unescape(raw, &d, s.charset)));
            elements.push(values);
        }
        let tag = s.tag();
        let tag = match s.raw().get(..tag.len()) {
            Some(r) if r == tag.as_bytes() => {
                Cow::Borrowed(std::str::from_utf8(r).unwrap_or_default())
            }
            _ => Cow::Owned(tag.to_owned()),
        };
        Self {
            tag,
            elements,
            offset: Some(s.offset),
        }
    }

    /// The same segment with every value owned.
    pub fn into_owned(self) -> MapSegment<'static> {
        MapSegment {
            tag: Cow::Owned(self.tag.into_owned()),
            elements: self
                .elements
                .into_iter()
                .map(|e| e.into_iter().map(|v| Cow::Owned(v.into_owned())).collect())
                .collect(),
            offset: self.offset,
        }
    }
}

impl From<&Segment<'_>> for MapSegment<'static> {
    /// The tag and every element's components (first repetition), unescaped and decoded
    /// (owned; [`MapSegment::borrowed`] borrows).
    fn from(s: &Segment<'_>) -> Self {
        MapSegment::borrowed(s).into_owned()
    }
}

/// The body segments of a message: everything strictly between its UNH and UNT, converted
/// (borrowing from the input). Given a whole message (UNH first), UNH and UNT are dropped;
/// given a body ([`Message::segments`](crate::edifact::Message::segments)), it is kept.
pub fn body_of<'a>(segments: impl IntoIterator<Item = Segment<'a>>) -> Vec<MapSegment<'a>> {
    let all: Vec<Segment<'a>> = segments.into_iter().collect();
    let mut segs = all.as_slice();
    if let Some((first, rest)) = segs.split_first() {
        if first.tag() == "UNH" {
            segs = rest;
        }
    }
    if let Some((last, rest)) = segs.split_last() {
        if last.tag() == "UNT" {
            segs = rest;
        }
    }
    segs.iter().map(MapSegment::borrowed).collect()
}

/// The UN/EDIFACT directory a message is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Directory {
    /// D.96A, the base of EANCOM 1997.
    D96A,
    /// D.01B, the base of EANCOM 2002.
    D01B,
}

/// The UNH S009 message identifier of an outbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageHeader {
    /// 0065 message type, e.g. `ORDRSP`.
    pub message_type: &'static str,
    /// 0052 version, `D`.
    pub version: &'static str,
    /// 0054 release, `96A` or `01B`.
    pub release: &'static str,
    /// 0051 controlling agency, `UN`.
    pub agency: &'static str,
    /// 0057 association assigned code (EANCOM subset version), e.g. `EAN005`.
    pub association: &'static str,
}

/// The UNH S009 for writing `doc` in `dir`: ORDRSP EAN005 (D96A) / EAN008 (D01B), DESADV EAN007
/// / EAN008, INVOIC EAN008 / EAN011, PRICAT EAN008 / EAN010, INVRPT EAN005 / EAN007, ORDERS
/// EAN008 / EAN010, ORDCHG EAN006 / EAN009. `None` for a punchout cart (no EANCOM message).
pub fn message_header(doc: &Document, dir: Directory) -> Option<MessageHeader> {
    let d96 = dir == Directory::D96A;
    let (message_type, association) = match doc {
        Document::PurchaseOrder(_) => ("ORDERS", if d96 { "EAN008" } else { "EAN010" }),
        Document::OrderChange(_) => ("ORDCHG", if d96 { "EAN006" } else { "EAN009" }),
        Document::OrderResponse(_) => ("ORDRSP", if d96 { "EAN005" } else { "EAN008" }),
        Document::ShipNotice(_) => ("DESADV", if d96 { "EAN007" } else { "EAN008" }),
        Document::Invoice(_) => ("INVOIC", if d96 { "EAN008" } else { "EAN011" }),
        Document::Catalog(_) => ("PRICAT", if d96 { "EAN008" } else { "EAN010" }),
        Document::InventoryReport(_) => ("INVRPT", if d96 { "EAN005" } else { "EAN007" }),
        Document::PunchoutCart(_) => return None,
    };
    Some(MessageHeader {
        message_type,
        version: "D",
        release: if d96 { "96A" } else { "01B" },
        agency: "UN",
        association,
    })
}

/// Reads a body of message type `message_type` (UNH S009 0065): ORDERS, ORDCHG, ORDRSP, DESADV,
/// INVOIC. Another type gives `None` and an error on UNH 0065 (code `12`).
pub fn read_body(message_type: &str, body: &[MapSegment<'_>]) -> (Option<Document>, Vec<Issue>) {
    read_segs(message_type, common::Segs::Map(body), Parallel::NONE)
}

/// [`read_body`] over positioned body segments; the LIN groups of a long ORDERS or INVOIC
/// read on `par.threads` threads.
fn read_segs(
    message_type: &str,
    body: common::Segs<'_>,
    par: Parallel,
) -> (Option<Document>, Vec<Issue>) {
    match message_type.trim() {
        "ORDERS" => wrap(orders::read_orders_segs(body, par), Document::PurchaseOrder),
        "ORDCHG" => wrap(ordchg::read_ordchg_segs(body), Document::OrderChange),
        "ORDRSP" => wrap(ordrsp::read_ordrsp_segs(body), Document::OrderResponse),
        "DESADV" => wrap(desadv::read_desadv_segs(body), Document::ShipNotice),
        "INVOIC" => wrap(invoic::read_invoic_segs(body, par), Document::Invoice),
        other => (
            None,
            vec![Issue::error(
                Location {
                    segment: Some("UNH".into()),
                    segment_position: Some(1),
                    element: Some(2),
                    component: Some(1),
                    ..Location::default()
                },
                format!("Message type {other:?} is not supported"),
            )
            .with_code("12")],
        ),
    }
}

/// Reads a parsed message by its UNH message type (ORDERS, ORDCHG, ORDRSP, DESADV, INVOIC);
/// issue offsets are byte offsets in the parsed input. Another type gives `None` and an error
/// on UNH S009 0065 (code `12`).
pub fn read_message(msg: &Message<'_>) -> (Option<Document>, Vec<Issue>) {
    read_message_par(msg, Parallel::NONE)
}

/// [`read_message`] on up to `threads` threads (this one included): the LIN groups of a long
/// ORDERS or INVOIC (tens of thousands of segments) are read in runs at once. The document
/// and the issues are the same as [`read_message`]'s, whatever `threads`.
pub fn read_message_on(msg: &Message<'_>, threads: usize) -> (Option<Document>, Vec<Issue>) {
    read_message_par(msg, Parallel::threads(threads))
}

/// [`read_message`] with the body read as `par` says.
fn read_message_par(msg: &Message<'_>, par: Parallel) -> (Option<Document>, Vec<Issue>) {
    // The maps read the tokenizer's segments in place; only those with escapes or bytes that
    // decode to something else are converted.
    let (doc, mut issues) = read_segs(
        &msg.message_type(),
        common::Segs::Tok(msg.segments(), msg.body_text),
        par,
    );
    if doc.is_none() {
        for i in &mut issues {
            i.location.offset = Some(msg.unh.offset);
        }
    }
    (doc, issues)
}

fn wrap<T>(r: (T, Vec<Issue>), f: impl FnOnce(T) -> Document) -> (Option<Document>, Vec<Issue>) {
    (Some(f(r.0)), r.1)
}

/// Writes the body of `doc` when there is a writer for it: ORDRSP from an order response,
/// DESADV from a ship notice, INVOIC from an invoice, PRICAT from a catalog, INVRPT from an
/// inventory report. `None` for the other documents.
pub fn write_document(doc: &Document) -> Option<(Vec<MapSegment<'static>>, Vec<Issue>)> {
    Some(match doc {
        Document::OrderResponse(r) => write_ordrsp(r),
        Document::ShipNotice(n) => write_desadv(n),
        Document::Invoice(i) => write_invoic(i),
        Document::Catalog(c) => write_pricat(c),
        Document::InventoryReport(r) => write_invrpt(r),
        _ => return None,
    })
}

/// Appends `segments` to a syntax-layer [`SegmentWriter`] (which escapes and drops trailing
/// empties; its own issues stay in it).
pub fn write_segments(w: &mut SegmentWriter, segments: &[MapSegment<'_>]) {
    for s in segments {
        let comps: Vec<Vec<&str>> = s
            .elements
            .iter()
            .map(|e| e.iter().map(|v| &**v).collect())
            .collect();
        let els: Vec<&[&str]> = comps.iter().map(Vec::as_slice).collect();
        w.segment(&s.tag, &els);
    }
}

/// The message for `doc` in directory `dir`, ready for [`super::write_interchange`]: UNH S009
/// from [`message_header`], reference `reference` (UNH/UNT 0062), the body from
/// [`write_document`] written with `delimiters` (the interchange's: [`Delimiters::DEFAULT`] for
/// syntax 3). Returns the map issues (the escaping issues are in `MessageOut::body`, the
/// envelope's in the `Written`); `None` when there is no writer for the document.
pub fn message_out(
    doc: &Document,
    dir: Directory,
    reference: &str,
    delimiters: Delimiters,
) -> Option<(MessageOut, Vec<Issue>)> {
    let h = message_header(doc, dir)?;
    let (segs, issues) = write_document(doc)?;
    let mut body = SegmentWriter::new(delimiters);
    write_segments(&mut body, &segs);
    let mut m = MessageOut::new(reference, h.message_type, h.release, body);
    m.version = h.version.into();
    m.agency = h.agency.into();
    m.association = h.association.into();
    Some((m, issues))
}
