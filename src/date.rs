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

/// A DATE as people type it: `YYYY-MM-DD`, `today`, `yesterday`, `N days ago`,
/// `N weeks ago`. The words need today's date: [`DateArg::resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateArg {
    On(NaiveDate),
    DaysAgo(u32),
}

impl DateArg {
    /// The day meant, counting back from `today`.
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            DateArg::On(date) => date,
            DateArg::DaysAgo(days) => today
                .checked_sub_days(chrono::Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MIN),
        }
    }
}

/// Parse a DATE option (`--on`, `--start`, `--since`, `--by`): a date, or words
/// counting back from today. The error says every form it takes.
pub fn parse_date_arg(text: &str) -> Result<DateArg, String> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let count = |n: &str| n.parse::<u32>().ok().filter(|&n| n <= 100_000);
    let ago = match words.as_slice() {
        ["today"] => Some(0),
        ["yesterday"] => Some(1),
        [n, "day" | "days", "ago"] => count(n),
        [n, "week" | "weeks", "ago"] => count(n).map(|n| n * 7),
        _ => None,
    };
    match ago {
        Some(days) => Ok(DateArg::DaysAgo(days)),
        None => parse_date(text).map(DateArg::On).map_err(|_| {
            format!(
                "`{text}` is not a date; write it as YYYY-MM-DD (e.g. 2026-06-01), \
                 `today`, `yesterday`, `3 days ago` or `2 weeks ago`"
            )
        }),
    }
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

    #[test]
    fn dates_as_people_type_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let day = |text: &str| parse_date_arg(text).map(|d| d.resolve(today).to_string());
        assert_eq!(day("today").as_deref(), Ok("2026-11-30"));
        assert_eq!(day("Yesterday").as_deref(), Ok("2026-11-29"));
        assert_eq!(day("3 days ago").as_deref(), Ok("2026-11-27"));
        assert_eq!(day("1 day ago").as_deref(), Ok("2026-11-29"));
        assert_eq!(day("2 weeks  ago").as_deref(), Ok("2026-11-16"));
        assert_eq!(day("2026-06-01").as_deref(), Ok("2026-06-01"));
        for bad in [
            "tomorrow",
            "3 days",
            "-3 days ago",
            "three days ago",
            "2026-6-1",
            "",
        ] {
            let err = parse_date_arg(bad).unwrap_err();
            assert!(err.contains("3 days ago"), "{bad}: {err}");
        }
    }
}
