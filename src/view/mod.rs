//! Pure renderers: a report in, bytes out, no I/O. Every `--json` document
//! and every export format lives here.

use chrono::{Datelike, NaiveDate};

pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;
pub mod text;
pub mod toml;

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date_text)
}

/// `YYYY-MM-DD`, exactly as `format("%Y-%m-%d")` writes it, but without parsing
/// a format string for every date: an export has two for each item.
pub fn date_text(d: NaiveDate) -> String {
    match date_ascii(d) {
        Some(ascii) => ascii.iter().map(|&b| char::from(b)).collect(),
        None => d.format("%Y-%m-%d").to_string(),
    }
}

/// The ten bytes of `YYYY-MM-DD` for a year from 0 to 9999; other years take a
/// sign, which chrono writes.
pub fn date_ascii(d: NaiveDate) -> Option<[u8; 10]> {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (y, m, d) = (year as u32, d.month(), d.day());
    let digit = |n: u32| b'0' + n as u8;
    Some([
        digit(y / 1000),
        digit(y / 100 % 10),
        digit(y / 10 % 10),
        digit(y % 10),
        b'-',
        digit(m / 10),
        digit(m % 10),
        b'-',
        digit(d / 10),
        digit(d % 10),
    ])
}

/// A percentage as people write it: `50`, `12.5`.
pub fn percent_text(percent: f64) -> String {
    if percent.fract() == 0.0 {
        format!("{percent:.0}")
    } else {
        format!("{percent:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut dates = vec![NaiveDate::MIN, NaiveDate::MAX];
        for (y, m, d) in [
            (0, 1, 1),
            (9, 2, 3),
            (999, 12, 31),
            (2026, 6, 1),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 7, 4),
        ] {
            dates.push(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        }
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        for _ in 0..800 {
            dates.push(day);
            day = day.succ_opt().unwrap();
        }
        for d in dates {
            assert_eq!(date_text(d), d.format("%Y-%m-%d").to_string());
            // The JSON documents write `to_string()`'s dates and `format`'s alike.
            assert_eq!(date_text(d), d.to_string());
        }
    }
}
