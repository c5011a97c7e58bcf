//! Serialising dates fast: `YYYY-MM-DD` written from the date's fields into a stack buffer,
//! the same text as chrono's own `Serialize` (which goes through `fmt` piece by piece). Years
//! outside 0000–9999 are left to chrono.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// `date` as chrono writes it; `None` outside years 0–9999.
pub(crate) fn text(date: &NaiveDate, buf: &mut [u8; 10]) -> Option<()> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let digit = |v: u32| b'0' + (v % 10) as u8;
    *buf = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(date.month() / 10),
        digit(date.month()),
        b'-',
        digit(date.day() / 10),
        digit(date.day()),
    ];
    Some(())
}

/// `date` as text, the same as chrono's `to_string()` (`YYYY-MM-DD`) without going through
/// `fmt`: the readers turn dates into extrinsics' text for every line that has one.
pub fn iso(date: &NaiveDate) -> String {
    let mut buf = [0u8; 10];
    match text(date, &mut buf).and_then(|()| std::str::from_utf8(&buf).ok()) {
        Some(s) => s.to_owned(),
        None => date.to_string(),
    }
}

/// Serialises a date as `"YYYY-MM-DD"`, as chrono does.
pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 10];
    match text(date, &mut buf).and_then(|()| std::str::from_utf8(&buf).ok()) {
        Some(s) => serializer.serialize_str(s),
        None => date.serialize(serializer),
    }
}

/// [`serialize`] for `Option<NaiveDate>` fields (`None` as `null`, normally skipped).
pub(crate) fn option<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize(date, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct W(#[serde(serialize_with = "super::option")] Option<NaiveDate>);

    #[test]
    fn same_text_as_chrono() {
        let mut dates = vec![
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(999, 2, 3).unwrap(),
        ];
        let mut d = NaiveDate::from_ymd_opt(1899, 1, 1).unwrap();
        while d.year() < 2101 {
            dates.push(d);
            d = d.succ_opt().unwrap();
        }
        for date in dates {
            assert_eq!(
                serde_json::to_string(&W(Some(date))).unwrap(),
                serde_json::to_string(&date).unwrap(),
                "{date:?}"
            );
            assert_eq!(iso(&date), date.to_string());
        }
        assert_eq!(serde_json::to_string(&W(None)).unwrap(), "null");
    }
}
