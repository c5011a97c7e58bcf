//! `MessageBody`: every segment pushed comes back the same (bytes, offset, delimiters,
//! character set, tag), whatever the delimiters' runs and the segments' lengths. In the crate's
//! tests a segment of 24 bytes or more keeps its length aside, so both paths are read.

use proptest::prelude::*;

use crate::edifact::{segments, Charset, Delimiters, MessageBody, Segment};

type Key = (usize, Vec<u8>, Delimiters, Charset, String, bool);

fn key(s: &Segment<'_>) -> Key {
    (
        s.offset,
        s.raw().to_vec(),
        s.delimiters,
        s.charset,
        s.tag().to_owned(),
        s.starts_un(),
    )
}

/// Pushes every segment of `input` and reads them back every way the body offers.
fn check_same(input: &[u8]) {
    let segs: Vec<Segment<'_>> = segments(input).collect();
    let mut body = MessageBody::new(input);
    for s in &segs {
        body.push(*s);
    }
    let want: Vec<Key> = segs.iter().map(key).collect();
    assert_eq!(body.len(), segs.len());
    assert_eq!(body.is_empty(), segs.is_empty());
    assert_eq!(body.iter().map(|s| key(&s)).collect::<Vec<_>>(), want);
    assert_eq!(body.iter().len(), segs.len());
    let mut back: Vec<Key> = body.iter().rev().map(|s| key(&s)).collect();
    back.reverse();
    assert_eq!(back, want);
    assert_eq!((&body).into_iter().count(), segs.len());
    for (i, s) in segs.iter().enumerate() {
        assert_eq!(body.get(i).map(|s| key(&s)).as_ref(), Some(&key(s)));
        let tag3 = match *s.tag().as_bytes() {
            [a, b, c] => [a, b, c],
            _ => [0; 3],
        };
        assert_eq!(body.tag3(i), tag3);
    }
    assert!(body.get(segs.len()).is_none());
    assert_eq!(body.tag3(segs.len()), [0; 3]);
    assert_eq!(body.first().map(|s| key(&s)), want.first().cloned());
    assert_eq!(body.last().map(|s| key(&s)), want.last().cloned());
    for tag in ["LIN", "UNA", "UNB", "QTY", "ABC", "", "LI", "LINE"] {
        let idx: Vec<usize> = segs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.tag() == tag)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(body.indexes_of(tag).collect::<Vec<_>>(), idx, "{tag:?}");
        assert_eq!(body.count(tag), idx.len(), "{tag:?}");
    }
    body.set_charset(Charset::Unow);
    assert!(body.iter().all(|s| s.charset == Charset::Unow));
    assert_eq!(
        body.iter().map(|s| s.raw().to_vec()).collect::<Vec<_>>(),
        segs.iter().map(|s| s.raw().to_vec()).collect::<Vec<_>>()
    );
}

#[test]
fn segments_come_back_the_same() {
    for input in [
        &b""[..],
        b"UNH+1+ORDERS:D:96A:UN'BGM+220+PO1'LIN+1++5412345000013:EN'QTY+21:5'UNT+5+1'",
        // Runs: a UNA changes the delimiters, a UNB the character set, twice.
        b"UNA:+.? 'UNB+UNOC:3+A+B+240101:1200+1'LIN+1'UNA|^.? #UNB^UNOW|4^A^B^1#LIN^1#QTY^21|5#\
          UNA:+.? 'UNB+UNOA:2+A+B'FTX+AAI+++a long free text of more than twenty-four bytes'",
        // No tag, an unknown tag, a wrapped tag, a long segment, released terminators.
        b"lower+case'ZZZ+1'L\r\nIN+1'FTX+AAI+++one?'two?'three four five six seven eight'QTY+1:2'",
        // Syntax 4 without UNA: the repetition separator comes with the UNB.
        b"UNB+UNOC:4+A+B'PIA+1+A:SA*B:BP'LIN+1'",
    ] {
        check_same(input);
    }
}

proptest! {
    #[test]
    fn any_segments_come_back_the_same(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "UNA:+.? '", "UNA|^,? #", "UNB+UNOC:3+A+B'", "UNB+UNOW:4+A+B'", "UNB^UNOY|4^A#",
                "LIN+1++5412345000013:EN'", "QTY+21:5'", "FTX+AAI+++x x x x x x x x x x x x x'",
                "lin+1'", "?'", "'", "\r\n", "+", ":", "#", "LIN^1#", "ZZ9+1'", "\u{e9}",
            ]),
            0..40,
        )
    ) {
        let input: String = parts.concat();
        check_same(input.as_bytes());
    }
}
