//! The loops of the inbound transaction sets, for the acknowledgements: AK303/IK303 (the loop
//! identifier of a segment in error) and the 999 business-unit `CTX` of an error inside a line.
//!
//! A loop is named by its leading segment, as on the X12 transaction set diagrams (`LOOP ID -
//! PO1`), and a segment is in the innermost loop that holds it: a PID under a PO1 is in loop
//! `PID` (the 850 and 860 have a PID loop inside the line loop), an N3 after a line's N1 in loop
//! `N1`, the PO1 itself in loop `PO1`, BEG and SE in none.
//!
//! The tables hold the 850 and the 860 (the sets a supplier receives; [`super::map`] reads them
//! with the same line walker). They list the loops of the 004010 and 005010 diagrams, header
//! (SAC, AMT, N9, N1, LM, SPI, ADV), line (PO1 / POC with CTP, PID, SAC, QTY, SCH, LDT, N9, N1,
//! SLN, AMT, LM inside) and summary (CTT), and the segments of each loop but the line loop.
//! Inside a line every segment that opens no loop of its own and is not listed in the nested
//! loop it follows belongs to the line loop; outside a line it belongs to no loop. Other sets
//! have no table: their segments get no loop identifier.
//!
//! [`SetLoops::of`] walks a set once, like a reader: a segment that opens a loop allowed where it
//! stands (inside the innermost open loop, or any loop around it) opens it and closes the loops
//! inside that one; a segment listed in an open loop stays in it; anything else closes them all.

use super::segment::TransactionSet;

/// What a loop may hold after its leading segment.
enum Members {
    /// Only these segments (loops nested in it are in [`Table::loops`] with it as parent).
    Listed(&'static [&'static str]),
    /// Every segment that opens no loop of the set's top level (the line loop).
    Any,
}

/// One loop of a transaction set diagram.
struct Loop {
    /// The leading segment, which names the loop (`N1`).
    id: &'static str,
    /// Index of the loop it is nested in; `None` at the top level of the set.
    parent: Option<usize>,
    /// The segments after the leading one.
    members: Members,
}

const fn lp(id: &'static str, parent: Option<usize>, members: &'static [&'static str]) -> Loop {
    Loop {
        id,
        parent,
        members: Members::Listed(members),
    }
}

/// Index of the line loop in [`order_loops`].
const LINE: usize = 9;
/// Index of the line's N1 loop, which holds an LDT loop.
const LINE_N1: usize = 18;
/// Index of the SLN loop, which holds loops of its own.
const SLN: usize = 20;
/// Index of the header SPI loop, which holds loops of its own.
const SPI: usize = 5;

/// The loops of the 850 (`line` = `PO1`) and the 860 (`line` = `POC`), 004010 and 005010.
const fn order_loops(line: &'static str) -> [Loop; 27] {
    let party = &[
        "N2", "N3", "N4", "NX2", "REF", "PER", "SI", "FOB", "TD1", "TD5", "TD3", "TD4", "PKG",
    ];
    [
        // Heading.
        lp("SAC", None, &["CUR"]),
        lp("AMT", None, &["REF", "DTM", "PCT", "FA1", "FA2"]),
        lp("N9", None, &["DTM", "MSG"]),
        lp("N1", None, party),
        lp("LM", None, &["LQ"]),
        lp("SPI", None, &["REF", "DTM", "MSG"]),
        lp("N1", Some(SPI), &["N2", "N3", "N4", "REF", "G61", "MSG"]),
        lp("CB1", Some(SPI), &["REF", "DTM", "LDT", "MSG"]),
        lp("ADV", None, &["DTM", "MTX"]),
        // Detail: the line loop and the loops inside it.
        Loop {
            id: line,
            parent: None,
            members: Members::Any,
        },
        lp("CTP", Some(LINE), &["CUR"]),
        lp("PID", Some(LINE), &["MEA"]),
        lp("SAC", Some(LINE), &["CUR", "CTP"]),
        lp("QTY", Some(LINE), &["SI"]),
        lp("SCH", Some(LINE), &["TD1", "TD5", "TD3", "TD4", "REF"]),
        lp("LDT", Some(LINE), &["QTY", "MSG", "REF"]),
        lp("N9", Some(LINE), &["DTM", "MEA", "MSG"]),
        lp("LM", Some(LINE), &["LQ"]),
        lp(
            "N1",
            Some(LINE),
            &[
                "N2", "N3", "N4", "QTY", "NX2", "REF", "PER", "SI", "DTM", "FOB", "SCH", "TD1",
                "TD5", "TD3", "TD4", "PKG",
            ],
        ),
        lp("LDT", Some(LINE_N1), &["MAN", "QTY", "MSG", "REF"]),
        lp(
            "SLN",
            Some(LINE),
            &[
                "MSG", "SI", "PID", "PO3", "TC2", "ADV", "DTM", "CTP", "PAM", "PO4", "TAX",
            ],
        ),
        lp("N9", Some(SLN), &["DTM", "MSG"]),
        lp("SAC", Some(SLN), &["CUR", "CTP"]),
        lp("QTY", Some(SLN), &["SI"]),
        lp(
            "N1",
            Some(SLN),
            &["N2", "N3", "N4", "NX2", "REF", "PER", "SI"],
        ),
        lp("AMT", Some(LINE), &["REF", "PCT"]),
        // Summary.
        lp("CTT", None, &["AMT"]),
    ]
}

static LOOPS_850: [Loop; 27] = order_loops("PO1");
static LOOPS_860: [Loop; 27] = order_loops("POC");

/// The loops of one set id, and what names its lines.
struct Table {
    loops: &'static [Loop],
    /// The element that identifies a line (CTX01-1 of the business unit): `PO101`, `POC01`.
    line_element: &'static str,
}

impl Table {
    fn for_set(id: &str) -> Option<Self> {
        Some(match id.trim() {
            "850" => Self {
                loops: &LOOPS_850,
                line_element: "PO101",
            },
            "860" => Self {
                loops: &LOOPS_860,
                line_element: "POC01",
            },
            _ => return None,
        })
    }

    /// The loop that `id` opens inside `parent` (`None`: the top level).
    fn child(&self, parent: Option<usize>, id: &str) -> Option<usize> {
        self.loops
            .iter()
            .position(|l| l.parent == parent && l.id == id && !id.is_empty())
    }

    /// Whether loop `l` holds segment `id` after its leading segment.
    fn holds(&self, l: usize, id: &str) -> bool {
        match self.loops.get(l).map(|l| &l.members) {
            Some(Members::Listed(ids)) => ids.contains(&id),
            Some(Members::Any) => self.child(None, id).is_none(),
            None => false,
        }
    }
}

/// Where each segment of one set sits: its innermost loop and the line around it.
pub(crate) struct SetLoops<'s, 'a> {
    set: &'s TransactionSet<'a>,
    table: Option<Table>,
    /// Per body segment (position 2 first): the innermost loop and the position of the leading
    /// segment of the line loop it is in.
    at: Vec<(Option<usize>, Option<usize>)>,
}

impl<'s, 'a> SetLoops<'s, 'a> {
    /// Walk `set` (see the module docs). Sets without a table get no loops.
    pub(crate) fn of(set: &'s TransactionSet<'a>) -> Self {
        let table = Table::for_set(set.id());
        let mut at = Vec::new();
        if let Some(table) = &table {
            at.reserve(set.body.len());
            // The open loops, outermost first.
            let mut open: Vec<usize> = Vec::new();
            let mut line_start: Option<usize> = None;
            for (i, seg) in set.body.iter().enumerate() {
                let id = seg.id();
                let mut placed = false;
                for depth in (0..=open.len()).rev() {
                    let parent = depth.checked_sub(1).and_then(|d| open.get(d).copied());
                    if let Some(child) = table.child(parent, id) {
                        open.truncate(depth);
                        open.push(child);
                        placed = true;
                        break;
                    }
                    if parent.is_some_and(|p| table.holds(p, id)) {
                        open.truncate(depth);
                        placed = true;
                        break;
                    }
                }
                if !placed {
                    open.clear();
                }
                if open.as_slice() == [LINE] && table.child(None, id) == Some(LINE) {
                    line_start = Some(i + 2);
                } else if open.first() != Some(&LINE) {
                    line_start = None;
                }
                at.push((open.last().copied(), line_start));
            }
        }
        Self { set, table, at }
    }

    /// AK303/IK303 of the segment at `position` (ST = 1): its innermost loop.
    pub(crate) fn loop_id(&self, position: usize) -> Option<&'static str> {
        let table = self.table.as_ref()?;
        let (l, _) = *self.at.get(position.checked_sub(2)?)?;
        table.loops.get(l?).map(|l| l.id)
    }

    /// AK303/IK303 of a segment `id` that is missing where the segment at `position` came: the
    /// loop it would open, else the innermost loop open there (or around it) that holds it.
    pub(crate) fn missing_loop_id(&self, id: &str, position: usize) -> Option<&'static str> {
        let table = self.table.as_ref()?;
        if let Some(l) = table.loops.iter().find(|l| l.id == id) {
            return Some(l.id);
        }
        let mut l = position
            .checked_sub(2)
            .and_then(|i| self.at.get(i))
            .and_then(|(l, _)| *l);
        while let Some(i) = l {
            if table.holds(i, id) {
                return table.loops.get(i).map(|l| l.id);
            }
            l = table.loops.get(i).and_then(|l| l.parent);
        }
        None
    }

    /// The line around the segment at `position`, when it is inside one: the element that
    /// identifies a line (`PO101`, `POC01`) and its value as sent (`None` when empty).
    pub(crate) fn line_of(&self, position: usize) -> Option<(&'static str, Option<&'a str>)> {
        let table = self.table.as_ref()?;
        let (_, start) = *self.at.get(position.checked_sub(2)?)?;
        let leader = self.set.body.get(start?.checked_sub(2)?)?;
        let value = leader.element(1).map(str::trim).filter(|v| !v.is_empty());
        Some((table.line_element, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nested_loops_sit_under_the_indices_named_for_them() {
        for (loops, line) in [(&LOOPS_850, "PO1"), (&LOOPS_860, "POC")] {
            let at = |i: usize| loops.get(i).map(|l| (l.id, l.parent));
            assert_eq!(at(LINE), Some((line, None)));
            assert_eq!(at(LINE_N1), Some(("N1", Some(LINE))));
            assert_eq!(at(SLN), Some(("SLN", Some(LINE))));
            assert_eq!(at(SPI), Some(("SPI", None)));
            // Every parent is a loop before its children, and no two loops of one parent
            // share a leading segment.
            for (i, l) in loops.iter().enumerate() {
                assert!(l.parent.is_none_or(|p| p < i), "{}", l.id);
                assert!(
                    !loops[..i]
                        .iter()
                        .any(|o| o.parent == l.parent && o.id == l.id),
                    "{} twice",
                    l.id
                );
            }
        }
    }
}
