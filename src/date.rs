//! Dates as the learner and the files write them.

use chrono::NaiveDate;

/// Parse `YYYY-MM-DD`, strictly (`2026-6-1` is refused). The error is one
/// sentence that says how to write it.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-06-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date("2026-06-01"),
            Ok(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap())
        );
        assert!(parse_date("2026-6-1").is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("tomorrow").is_err());
        assert!(parse_date("+2026-06-01").is_err());
    }
}
