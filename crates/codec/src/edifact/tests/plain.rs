//! `PlainScan` (one table lookup per byte) agrees with the rules read one by one, on any bytes
//! and any delimiters, odd ones included (an element separator that is NUL, a line break or an
//! 8-bit byte): the same segments are plain, with the same element separators noted and
//! counted. (An eight-bytes-at-a-time scan was tried against this test and was no faster on
//! EANCOM's short segments.)

use proptest::prelude::*;

use crate::edifact::segment::PlainScan;
use crate::edifact::{Charset, Delimiters};

/// The rules one byte at a time: a release character, or CR/LF when they wrap lines, makes a
/// segment not plain; so does a byte of 0x80 or more unless the reading is UTF-8 with ASCII
/// separators and the bytes are UTF-8.
fn bytewise(
    raw: &[u8],
    d: &Delimiters,
    charset: Charset,
    seps: &mut [u16],
) -> Option<(String, usize)> {
    let release = d.release.filter(|&r| {
        r != d.component && r != d.element && r != d.segment && r != b'\r' && r != b'\n'
    });
    let wraps = !matches!(d.segment, b'\r' | b'\n');
    let mut n = 0;
    for (i, &b) in raw.iter().enumerate() {
        if Some(b) == release || (wraps && (b == b'\r' || b == b'\n')) {
            return None;
        }
        if b == d.element {
            if let (Some(slot), Ok(i)) = (seps.get_mut(n), u16::try_from(i)) {
                *slot = i;
            }
            n += 1;
        }
    }
    if !raw.is_ascii() {
        let utf8_reading = matches!(
            charset,
            Charset::Unow | Charset::Unoy | Charset::Unox | Charset::Unknown
        );
        let ascii_separators = d.element.is_ascii()
            && d.component.is_ascii()
            && d.repetition.is_none_or(|r| r.is_ascii());
        if !(utf8_reading && ascii_separators) {
            return None;
        }
    }
    Some((std::str::from_utf8(raw).ok()?.to_owned(), n))
}

fn same(raw: &[u8], d: Delimiters, charset: Charset) {
    let scan = PlainScan::new(d);
    let (mut a, mut b) = ([0u16; 4], [0u16; 4]);
    let got = scan
        .scan_raw(raw, 0, charset, &mut a, None)
        .map(|(t, n)| (t.to_owned(), n));
    let want = bytewise(raw, &d, charset, &mut b);
    assert_eq!(got, want, "{raw:?} {d:?} {charset:?}");
    if got.is_some() {
        assert_eq!(a, b, "{raw:?} {d:?}");
    }
}

#[test]
fn short_long_and_odd_segments() {
    let d = Delimiters::DEFAULT;
    for raw in [
        &b""[..],
        b"Q",
        b"QTY+21:5",
        b"QTY+21:5+",
        b"LIN+1++5412345000013:EN",
        b"+++++++++++++++++",
        b"FTX+AAI+++caf\xc3\xa9",
        b"FTX+AAI+++a?+b",
        b"NAD+BY\r\n+1",
        b"12345678+",
        b"1234567+",
    ] {
        for cs in [Charset::Unoa, Charset::Unow, Charset::Unoc] {
            same(raw, d, cs);
            same(raw, Delimiters::DEFAULT_V4, cs);
        }
    }
}

fn delimiters() -> impl Strategy<Value = Delimiters> {
    let byte = prop::sample::select(vec![
        b'+', b':', b'?', b'*', b'\'', b'\r', b'\n', 0x1D, 0x1F, 0x1C, 0x19, 0xE9, b'A', 0,
    ]);
    (
        byte.clone(),
        byte.clone(),
        prop::option::of(byte.clone()),
        prop::option::of(byte.clone()),
        byte,
    )
        .prop_map(
            |(component, element, release, repetition, segment)| Delimiters {
                component,
                element,
                decimal: b'.',
                release,
                repetition,
                segment,
            },
        )
}

proptest! {
    #[test]
    fn any_bytes_any_delimiters(
        raw in prop::collection::vec(
            prop::sample::select(vec![
                b'+', b':', b'?', b'*', b'\'', b'\r', b'\n', 0x1D, 0x1F, b'A', b'1', 0, 0xC3, 0xA9, 0xE9,
            ]),
            0..40,
        ),
        d in delimiters(),
        charset in prop::sample::select(vec![Charset::Unoa, Charset::Unoc, Charset::Unow, Charset::Unknown]),
    ) {
        same(&raw, d, charset);
    }
}
