//! No panic on any bytes: truncations at every position, byte flips, random inputs, and big
//! inputs that would expose super-linear behaviour.

use super::read::{COUPA, LEVEL2_EDIT};
use super::sample;
use crate::cxml::read;

/// Deterministic xorshift64* so failures reproduce.
pub(super) struct Rng(pub u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

fn inputs() -> Vec<Vec<u8>> {
    let mut v = vec![LEVEL2_EDIT.as_bytes().to_vec(), COUPA.as_bytes().to_vec()];
    for name in [
        "6-mils__PunchOutOrderMessage.xml",
        "officeluv__punch_out_setup_request_doc_with_ship_to.xml",
    ] {
        if let Some(b) = sample(name) {
            v.push(b);
        }
    }
    v
}

#[test]
fn truncation_at_every_position_never_panics() {
    for input in inputs() {
        for end in 0..=input.len() {
            let _ = read(input.get(..end).unwrap_or_default());
        }
    }
}

#[test]
fn byte_flips_never_panic() {
    for input in inputs() {
        for pos in 0..input.len() {
            for mask in [0x01u8, 0x20, 0x80, 0xFF] {
                let mut m = input.clone();
                if let Some(b) = m.get_mut(pos) {
                    *b ^= mask;
                }
                let _ = read(&m);
            }
        }
    }
}

#[test]
fn random_splices_and_random_bytes_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let base = inputs();
    let alphabet: &[u8] = b"<>/&;#x=\"' \n?!-[]CDATAcXMLRequest\xC3\xA9\xEF\xBB\xBF\x00";
    for _ in 0..3000 {
        let src = &base[rng.below(base.len())];
        let mut m = src.clone();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(m.len() + 1);
            match rng.below(3) {
                0 => {
                    let n = 1 + rng.below(6);
                    for _ in 0..n {
                        let b = alphabet[rng.below(alphabet.len())];
                        m.insert(at.min(m.len()), b);
                    }
                }
                1 => {
                    let end = (at + rng.below(20)).min(m.len());
                    m.drain(at.min(end)..end);
                }
                _ => {
                    let from = rng.below(src.len());
                    let len = rng.below(64).min(src.len() - from);
                    let chunk: Vec<u8> = src.iter().skip(from).take(len).copied().collect();
                    let at = at.min(m.len());
                    m.splice(at..at, chunk);
                }
            }
        }
        let _ = read(&m);
    }
    for _ in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let _ = read(&bytes);
    }
}

#[test]
fn big_inputs_stay_fast() {
    // 100 000 attributes on one element: a pairwise duplicate check would take minutes.
    let mut doc = String::from("<cXML payloadID='p'");
    for i in 0..100_000 {
        doc.push_str(&format!(" a{i}='v'"));
    }
    doc.push_str("><Response><Status code='200' text='OK'/></Response></cXML>");
    assert!(read(doc.as_bytes()).is_ok());

    // 200 000 sibling elements and as many entity references.
    let mut doc = String::from("<cXML payloadID='p'><Response><Status code='200' text='OK'>");
    doc.push_str(&"&amp;&#65;&unknown;".repeat(50_000));
    doc.push_str("</Status>");
    doc.push_str(&"<x/>".repeat(200_000));
    doc.push_str("</Response></cXML>");
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let unexpanded = r
        .issues
        .iter()
        .filter(|i| i.message.contains("not expanded"))
        .count();
    // Kept up to the cap, the rest counted in one closing line.
    assert_eq!(unexpanded, crate::cxml::MAX_ISSUES);
    assert!(r
        .issues
        .iter()
        .any(|i| i.message.starts_with("49950 more issues")));

    // Deep nesting is refused at the limit, not after recursing.
    let deep = "<a>".repeat(1_000_000);
    assert!(read(deep.as_bytes()).is_err());
}

#[test]
fn unknown_entities_are_counted_not_collected_without_bound() {
    let mut doc = String::from(
        r#"<cXML payloadID="p" timestamp="2026-01-01T00:00:00Z"><Request><PunchOutSetupRequest operation="create"><BuyerCookie>"#,
    );
    for _ in 0..10_000 {
        doc.push_str("&a;");
    }
    doc.push_str("</BuyerCookie></PunchOutSetupRequest></Request></cXML>");
    let read = crate::cxml::read(doc.as_bytes()).expect("readable");
    let unexpanded = read
        .issues
        .iter()
        .filter(|i| i.message.contains("not expanded"))
        .count();
    assert_eq!(unexpanded, crate::cxml::MAX_ISSUES);
    assert!(read
        .issues
        .iter()
        .any(|i| i.message.starts_with("9950 more issues of the same kind")));
}
