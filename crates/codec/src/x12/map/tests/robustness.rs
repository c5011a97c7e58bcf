//! No reader or writer panics: random segments (any bytes, any delimiter inside), mutated corpus
//! files, and the documents read from them written back.

use proptest::prelude::*;

use super::*;
use crate::x12::map::{
    read_810, read_832, read_846, read_850, read_855, read_856, read_860, read_865, write_810,
    write_832, write_846, write_855, write_856, write_865,
};
use crate::x12::Segment;

/// Segment ids the readers react to, plus a few they do not know.
const IDS: &[&str] = &[
    "BEG", "BCH", "BAK", "BCA", "BSN", "BIG", "BIA", "BCT", "CUR", "REF", "PER", "FOB", "ITD",
    "DTM", "TD5", "TD1", "N9", "MSG", "NTE", "N1", "N2", "N3", "N4", "PO1", "POC", "PID", "PO4",
    "SAC", "TXI", "ACK", "CTT", "AMT", "HL", "PRF", "MAN", "MEA", "LIN", "SN1", "IT1", "TDS",
    "CAD", "QTY", "CTP", "CTB", "LDT", "ZZZ", "", "1", "PO",
];

/// Element values that steer the readers into their branches.
const TOKENS: &[&str] = &[
    "",
    "00",
    "01",
    "04",
    "05",
    "06",
    "07",
    "14",
    "CA",
    "DI",
    "AI",
    "NC",
    "PC",
    "QD",
    "IA",
    "IB",
    "IR",
    "IC",
    "IQ",
    "IP",
    "DR",
    "IH",
    "RD",
    "RJ",
    "AC",
    "AD",
    "AH",
    "S",
    "O",
    "P",
    "I",
    "T",
    "GM",
    "CP",
    "TT",
    "1",
    "2",
    "3",
    "9",
    "92",
    "UL",
    "ZZ",
    "TE",
    "EM",
    "HP",
    "TP",
    "C",
    "A",
    "N",
    "PL",
    "LT",
    "SN",
    "VP",
    "BP",
    "UP",
    "EN",
    "UK",
    "MG",
    "SK",
    "EA",
    "LB",
    "KG",
    "PD",
    "G",
    "LN",
    "WD",
    "HT",
    "BM",
    "CN",
    "011",
    "017",
    "002",
    "010",
    "067",
    "068",
    "018",
    "33",
    "17",
    "27",
    "63",
    "OR",
    "57",
    "69",
    "DA",
    "GEN",
    "D240",
    "LC",
    "REASON",
    "20240229",
    "20230229",
    "991231",
    "036000291452",
    "00012345678901234567",
    "-0",
    ".5",
    "5.",
    "1e5",
    "USD",
];

/// Every reader on `ts`, and every writer on what they read.
fn exercise(ts: &TransactionSet<'_>) {
    let (po, _) = read_850(ts);
    let (ch, _) = read_860(ts);
    let (r855, _) = read_855(ts);
    let (r865, _) = read_865(ts);
    let (sn, _) = read_856(ts);
    let (inv, _) = read_810(ts);
    let (rep, _) = read_846(ts);
    let (cat, _) = read_832(ts);
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let _ = write_855(&mut w, &r855, Some(&po));
    let _ = write_855(&mut w, &r855, None);
    let _ = write_865(&mut w, &r865, Some(&ch));
    let _ = write_856(&mut w, &sn);
    let _ = write_810(&mut w, &inv);
    let _ = write_846(&mut w, &rep);
    let _ = write_832(&mut w, &cat);
}

fn raw_segment() -> impl Strategy<Value = Vec<u8>> {
    let element = prop_oneof![
        proptest::sample::select(TOKENS).prop_map(str::to_owned),
        (any::<i64>(), 0u32..8, any::<bool>()).prop_map(|(n, scale, dot)| {
            let s = n.to_string();
            if dot && scale > 0 {
                let cut = s.len().saturating_sub(scale as usize);
                format!(
                    "{}.{}",
                    s.get(..cut).unwrap_or(""),
                    s.get(cut..).unwrap_or("")
                )
            } else {
                s
            }
        }),
        proptest::collection::vec(any::<u8>(), 0..12)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    (
        proptest::sample::select(IDS),
        proptest::collection::vec(element, 0..20),
        proptest::collection::vec(any::<u8>(), 0..3),
    )
        .prop_map(|(id, els, junk)| {
            let mut raw = id.as_bytes().to_vec();
            for e in els {
                raw.push(b'*');
                raw.extend_from_slice(e.as_bytes());
            }
            raw.extend_from_slice(&junk);
            raw
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_segments_never_panic(raws in proptest::collection::vec(raw_segment(), 0..30)) {
        let d = Delimiters::DEFAULT;
        let st = Segment::new(b"ST*850*0001", 0, d);
        let mut offset = 12;
        let body: Vec<Segment<'_>> = raws
            .iter()
            .map(|r| {
                let s = Segment::new(r, offset, d);
                offset += r.len() + 1;
                s
            })
            .collect();
        let ts = TransactionSet {
            st,
            body,
            se: None,
            text: None,
        };
        exercise(&ts);
    }
}

fn corpus_samples() -> Vec<Vec<u8>> {
    [
        "x12/850/850_4010_adobe_clp.edi",
        "x12/850/850_4010_pgwglass_pipe-terminator.edi",
        "x12/860/860_example1.edi",
        "x12/855/855_5010_stedi_dropship.edi",
        "x12/node-x12/855.edi",
        "x12/856/856_oopfactory_FromGregarican.edi",
        "x12/856/856_4010_asd-healthcare_pipe-elements.edi",
        "x12/810/810_oopfactory_Example5_Walmart.edi",
        "x12/846/846_4010_sanmina_tilde-elements.edi",
        "x12/832/832_4010_hibcc_ex2.edi",
        "x12/865/865_FromTyco.edi",
    ]
    .iter()
    .filter_map(|f| std::fs::read(corpus_dir().join(f)).ok())
    .collect()
}

fn exercise_bytes(bytes: &[u8]) {
    let Ok(parsed) = parse(bytes) else { return };
    for ic in &parsed.interchanges {
        for g in &ic.groups {
            for ts in &g.sets {
                exercise(ts);
            }
        }
    }
}

#[test]
fn truncated_corpus_files_never_panic() {
    for bytes in corpus_samples() {
        for end in (0..=bytes.len()).step_by(7) {
            exercise_bytes(bytes.get(..end).unwrap_or_default());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_files_never_panic(
        pick in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
    ) {
        let samples = corpus_samples();
        if samples.is_empty() {
            return Ok(());
        }
        let mut bytes = samples[pick.index(samples.len())].clone();
        for (at, b, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => bytes.insert(i, b),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        exercise_bytes(&bytes);
    }
}

#[test]
fn extreme_numbers_never_panic() {
    let big = "9".repeat(40);
    let body = format!(
        "BIG*20240101*I1~IT1*1*{big}*EA*{big}~SAC*A*C310***{big}*3*{big}~TDS*{big}*-{big}~\
         TXI*VA*{big}*{big}~SAC*C*D240***99999999999999999999999999~CTT*1~"
    );
    on_body("810", &body, exercise);
    let body =
        "BIG*20240101*I1~IT1*1*79228162514264337593543950335*EA*79228162514264337593543950335~\
                IT1*2*79228162514264337593543950335*EA*2~TDS*1~";
    on_body("810", body, exercise);
    let body = "BEG*00*SA*P*1*20240101~PO1*1*7922816251426433759354395033*EA*7922816251426433759354395033*TP~\
                PO1*2*7922816251426433759354395033*EA*-7922816251426433759354395033*HP~CTT*2*1~";
    on_body("850", body, exercise);
}

#[test]
fn extreme_documents_never_panic_the_writers() {
    use model::{
        Charge, Invoice, InvoiceLine, InvoiceTotals, OrderResponse, OrderResponseLine,
        ResponseStatus, Shipping,
    };
    use rust_decimal::Decimal;

    for v in [
        Decimal::MAX,
        Decimal::MIN,
        Decimal::new(1, 28),
        Decimal::new(-5, 3),
    ] {
        let mut inv = Invoice::new("I");
        let mut l = InvoiceLine::new(u32::MAX, v);
        l.unit_price = Some(v);
        l.charges = vec![Charge::allowance(v)];
        inv.lines = vec![l.clone(), l];
        inv.charges = vec![Charge::surcharge(v)];
        inv.shipping = Some(Shipping {
            amount: Some(v),
            ..Shipping::default()
        });
        let mut w = SegmentWriter::new(Delimiters::DEFAULT);
        let _ = write_810(&mut w, &inv);
        inv.totals = Some(InvoiceTotals {
            total: Some(v),
            subtotal: Some(v),
            tax: Some(v),
            ..InvoiceTotals::default()
        });
        let _ = write_810(&mut w, &inv);

        let mut r = OrderResponse::new("P", ResponseStatus::Backordered);
        let mut rl = OrderResponseLine::new(1, ResponseStatus::Backordered);
        rl.ordered_quantity = Some(v);
        rl.confirmed_quantity = Some(Decimal::MIN);
        r.lines = vec![rl.clone(), rl];
        let _ = write_855(&mut w, &r, None);
    }
}
