//! A message's body segments, held compactly ([`MessageBody`]).

use super::charset::Charset;
use super::segment::{Delimiters, Segment};

/// Segments this long or longer keep their length in [`MessageBody::long`] (a `u32` holds the
/// rest). Small in the crate's tests, so that they go through that path too.
#[cfg(not(test))]
const LONG_SEGMENT: usize = u32::MAX as usize;
#[cfg(test)]
const LONG_SEGMENT: usize = 24;

/// One body segment: where it starts in the input, its length and its tag.
#[derive(Clone, Copy, Debug)]
struct Slot {
    offset: usize,
    /// The length, or `u32::MAX` when it is in [`MessageBody::long`].
    len: u32,
    /// The tag's three bytes, `[0; 3]` when the segment has none ([`Segment::tag`] is `""`).
    tag: [u8; 3],
    /// The tag's index among the known tags ([`Segment::known_index`]).
    known: u8,
}

// What the compact form is for: a slot is 16 bytes on 64-bit targets (a `Segment` is 40).
const _: () = assert!(std::mem::size_of::<Slot>() <= 16);

/// The body segments of one message (between UNH and UNT), in order.
///
/// Each is held in 16 bytes rather than as a 40-byte [`Segment`]: its offset, length and tag.
/// The input they are slices of, the delimiters and the character set are held once: the
/// tokenizer changes the last two only at a UNA or UNB, where the envelope starts a new
/// interchange. A segment that comes with others anyway (a malformed `UNB…` inside a message
/// that the tokenizer reads as one) starts a run with its own. A message of 110,000 segments
/// holds 2.6 MB less than as a `Vec<Segment>`.
///
/// [`MessageBody::get`] and [`MessageBody::iter`] give the segments back as [`Segment`]s, the
/// same as the tokenizer gave them.
#[derive(Clone)]
pub struct MessageBody<'a> {
    input: &'a [u8],
    slots: Vec<Slot>,
    /// The delimiters and character set of the first segment, and of every segment up to the
    /// first of [`MessageBody::changes`].
    delimiters: Delimiters,
    charset: Charset,
    /// (first segment index, delimiters, character set) of each later run, ascending.
    changes: Vec<(usize, Delimiters, Charset)>,
    /// (segment index, length) of the segments of [`LONG_SEGMENT`] bytes or more, ascending.
    long: Vec<(usize, usize)>,
}

impl Default for MessageBody<'_> {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl<'a> MessageBody<'a> {
    /// An empty body over `input`, which the segments pushed must be slices of at their
    /// offsets.
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            slots: Vec::new(),
            delimiters: Delimiters::DEFAULT,
            charset: Charset::Unknown,
            changes: Vec::new(),
            long: Vec::new(),
        }
    }

    /// How many segments.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there is no segment.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Room held, in segments.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.capacity()
    }

    /// Makes room for exactly `more` segments more.
    pub(crate) fn reserve_exact(&mut self, more: usize) {
        self.slots.reserve_exact(more);
    }

    /// Adds `seg`, a segment of the input this body was made over.
    pub(crate) fn push(&mut self, seg: Segment<'a>) {
        let index = self.slots.len();
        let raw = seg.raw();
        if index == 0 {
            self.delimiters = seg.delimiters;
            self.charset = seg.charset;
        } else if matches!(raw.get(..3), Some(b"UNA" | b"UNB")) {
            // The tokenizer changes the delimiters and the character set only at a segment
            // it reads as a UNA or UNB, which starts with those bytes.
            let (d, cs) = self.run_of(index - 1);
            if (d, cs) != (seg.delimiters, seg.charset) {
                self.changes.push((index, seg.delimiters, seg.charset));
            }
        } else {
            debug_assert!(
                self.run_of(index - 1) == (seg.delimiters, seg.charset),
                "delimiters or character set changed at a segment that is no UNA or UNB"
            );
        }
        let raw_len = raw.len();
        let len = match u32::try_from(raw_len) {
            Ok(len) if raw_len < LONG_SEGMENT => len,
            _ => {
                self.long.push((index, raw_len));
                u32::MAX
            }
        };
        let (tag, known) = seg.tag_parts();
        self.slots.push(Slot {
            offset: seg.offset,
            len,
            tag,
            known,
        });
    }

    /// The delimiters and character set of segment `i`.
    #[inline]
    fn run_of(&self, i: usize) -> (Delimiters, Charset) {
        if self.changes.is_empty() {
            return (self.delimiters, self.charset);
        }
        match self.changes.partition_point(|&(from, _, _)| from <= i) {
            0 => (self.delimiters, self.charset),
            n => self
                .changes
                .get(n - 1)
                .map_or((self.delimiters, self.charset), |&(_, d, cs)| (d, cs)),
        }
    }

    /// Segment `i` (0-based; it is at segment position `i + 2`, UNH being 1).
    #[inline]
    pub fn get(&self, i: usize) -> Option<Segment<'a>> {
        let (raw, offset, tag) = self.raw_at(i)?;
        let known = self.slots.get(i)?.known;
        let (d, cs) = self.run_of(i);
        Some(Segment::from_parts(raw, offset, d, cs, tag, known))
    }

    /// The bytes, offset and tag bytes of segment `i` ([`MessageBody::get`] without the
    /// delimiters and the character set).
    #[inline]
    pub(crate) fn raw_at(&self, i: usize) -> Option<(&'a [u8], usize, [u8; 3])> {
        let s = self.slots.get(i)?;
        let len = if s.len == u32::MAX {
            let at = self.long.binary_search_by_key(&i, |&(j, _)| j).ok()?;
            self.long.get(at)?.1
        } else {
            s.len as usize
        };
        let raw = self.input.get(s.offset..s.offset.checked_add(len)?)?;
        Some((raw, s.offset, s.tag))
    }

    /// The delimiters and character set of every segment, when they are the same for all.
    #[inline]
    pub(crate) fn one_run(&self) -> Option<(Delimiters, Charset)> {
        self.changes
            .is_empty()
            .then_some((self.delimiters, self.charset))
    }

    /// The first segment.
    pub fn first(&self) -> Option<Segment<'a>> {
        self.get(0)
    }

    /// The last segment.
    pub fn last(&self) -> Option<Segment<'a>> {
        self.get(self.len().checked_sub(1)?)
    }

    /// The tag bytes of segment `i`, without making the segment (`[0; 3]` when it has no tag
    /// or there is no segment `i`).
    #[inline]
    pub(crate) fn tag3(&self, i: usize) -> [u8; 3] {
        self.slots.get(i).map_or([0; 3], |s| s.tag)
    }

    /// The indexes of the segments whose tag is `tag`, in order.
    pub fn indexes_of<'s>(&'s self, tag: &str) -> impl Iterator<Item = usize> + 's {
        let want = match *tag.as_bytes() {
            [a, b, c] => Some([a, b, c]),
            [] => Some([0; 3]),
            _ => None,
        };
        self.slots
            .iter()
            .enumerate()
            .filter(move |(_, s)| Some(s.tag) == want)
            .map(|(i, _)| i)
    }

    /// How many segments have the tag `tag`.
    pub fn count(&self, tag: &str) -> usize {
        self.indexes_of(tag).count()
    }

    /// Every segment, in order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter {
            body: self,
            next: 0,
            end: self.len(),
        }
    }

    /// Sets every segment's character set (an interchange read as UTF-8 after all).
    pub(crate) fn set_charset(&mut self, cs: Charset) {
        self.charset = cs;
        self.changes.iter_mut().for_each(|c| c.2 = cs);
    }
}

impl std::fmt::Debug for MessageBody<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over the segments of a [`MessageBody`] ([`MessageBody::iter`]).
#[derive(Clone, Debug)]
pub struct Iter<'b, 'a> {
    body: &'b MessageBody<'a>,
    next: usize,
    end: usize,
}

impl<'a> Iterator for Iter<'_, 'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        if self.next >= self.end {
            return None;
        }
        let s = self.body.get(self.next);
        self.next += 1;
        s
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter<'_, '_> {}

impl DoubleEndedIterator for Iter<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        self.body.get(self.end)
    }
}

impl<'b, 'a> IntoIterator for &'b MessageBody<'a> {
    type Item = Segment<'a>;
    type IntoIter = Iter<'b, 'a>;

    fn into_iter(self) -> Iter<'b, 'a> {
        self.iter()
    }
}
