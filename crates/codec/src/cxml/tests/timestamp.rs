use crate::cxml::{format_timestamp, parse_timestamp, payload_id};

fn ts(s: &str) -> String {
    match parse_timestamp(s) {
        Some(t) => format_timestamp(&t),
        None => panic!("{s} should parse"),
    }
}

#[test]
fn accepts_every_timestamp_shape_seen_in_the_wild() {
    assert_eq!(ts("2023-01-23T16:00:06-01:00"), "2023-01-23T16:00:06-01:00");
    assert_eq!(ts("2023-04-20T19:23:18"), "2023-04-20T19:23:18+00:00");
    assert_eq!(ts("2023-04-20T19:23:18Z"), "2023-04-20T19:23:18+00:00");
    assert_eq!(ts("2002-08-15T08:47:00-0700"), "2002-08-15T08:47:00-07:00");
    assert_eq!(
        ts("2002-08-15T08:47:00.123+05:30"),
        "2002-08-15T08:47:00+05:30"
    );
    assert_eq!(ts("2023-04-20"), "2023-04-20T00:00:00+00:00");
    assert_eq!(ts(" 2016-04-20 04:34:19 "), "2016-04-20T04:34:19+00:00");
    assert_eq!(
        ts("Mon May 19 18:29:48 +0000 2008"),
        "2008-05-19T18:29:48+00:00"
    );
}

#[test]
fn rejects_garbage_timestamps_without_panicking() {
    for s in [
        "",
        "yesterday",
        "2023-13-40T99:99:99",
        "2023-04-20T19:23:18+99:99",
        "９９９９",
        "2023-04-20T",
    ] {
        assert!(parse_timestamp(s).is_none(), "{s:?}");
    }
}

#[test]
fn payload_id_has_the_recommended_shape() {
    assert_eq!(
        payload_id(1_700_000_000_123, 42, "b2bgate.example"),
        "1700000000123.42@b2bgate.example"
    );
}
