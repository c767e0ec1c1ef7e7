//! Pure: the stage milestones as an iCalendar file (RFC 5545), for a calendar to
//! import, and optionally a weekly study block.
//!
//! One all-day event per stage with work left, on its P50 date, with the P85
//! date in the description. Each event's `UID` is made from the roadmap's and
//! the stage's ids only, so importing a newer export updates the events instead
//! of adding a second set; `DTSTAMP` is today (an input), so the same progress
//! on the same day gives the same bytes.
//!
//! Written by hand rather than through a calendar crate: the format needs only a
//! few properties, and this keeps the details a calendar cares about in view and
//! under test: `DTEND` the day after an all-day `DTSTART` (the end is
//! exclusive), lines folded at 75 octets on character boundaries, text escaped.

use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};

use crate::report::Report;

/// The longest a content line may be, in octets, not counting its CRLF.
const LINE_OCTETS: usize = 75;

/// A weekly block of study time: the days, the time it begins (the calendar's
/// own local time), and how long each block lasts.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyBlock {
    pub days: Vec<Weekday>,
    pub time: NaiveTime,
    /// Minutes per block: the week's hours shared among its days.
    pub minutes: u32,
}

impl StudyBlock {
    /// Parse `Mon 19:00` or `Mon,Wed,Fri 07:30` (English day names or their
    /// first three letters, any case), sharing `hours_per_week` among the days.
    pub fn parse(text: &str, hours_per_week: f64) -> Result<StudyBlock, String> {
        let wrong = || {
            format!(
                "`{text}` is not a weekly study time; write the days and a 24-hour time, e.g. \"Mon 19:00\" or \"Tue,Thu 07:30\""
            )
        };
        let mut words = text.split_whitespace();
        let (Some(days), Some(time), None) = (words.next(), words.next(), words.next()) else {
            return Err(wrong());
        };
        let mut parsed = Vec::new();
        for day in days.split(',') {
            let day = day.trim().parse::<Weekday>().map_err(|_| wrong())?;
            if !parsed.contains(&day) {
                parsed.push(day);
            }
        }
        let time = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| wrong())?;
        let minutes = (hours_per_week * 60.0 / parsed.len() as f64)
            .round()
            .max(1.0) as u32;
        Ok(StudyBlock {
            days: parsed,
            time,
            minutes,
        })
    }

    /// The first day on or after `today` that is one of the block's days.
    fn first_day(&self, today: NaiveDate) -> NaiveDate {
        (0..7)
            .filter_map(|n| today.checked_add_days(Days::new(n)))
            .find(|d| self.days.contains(&d.weekday()))
            .unwrap_or(today)
    }
}

/// The stages with work left and a forecast, each with its P50 and P85 dates.
pub fn milestones(report: &Report) -> Vec<(usize, NaiveDate, NaiveDate)> {
    (0..report.roadmap.stages.len())
        .filter_map(|k| {
            let counts = &report.stages[k].counts;
            let forecast = &report.forecast.stages[k];
            if counts.is_complete() || counts.total == 0 {
                return None;
            }
            Some((k, forecast.p50?, forecast.p85?))
        })
        .collect()
}

/// The whole calendar, with CRLF line ends.
pub fn render(report: &Report, study: Option<&StudyBlock>) -> String {
    let roadmap = report.roadmap;
    let stamp = format!("{}T000000Z", compact(report.today));
    let mut out = Calendar::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!(
        "PRODID:-//roadmap-tracker//roadmap {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.text("X-WR-CALNAME", &format!("{} roadmap", roadmap.title));

    let count = roadmap.stages.len();
    for (k, p50, p85) in milestones(report) {
        let stage = &roadmap.stages[k];
        let counts = &report.stages[k].counts;
        let Some(next_day) = p50.succ_opt() else {
            continue;
        };
        out.line("BEGIN:VEVENT");
        out.line(&format!(
            "UID:{}",
            escape_text(&format!(
                "stage-{}.{}@roadmap-tracker",
                stage.id, roadmap.id
            ))
        ));
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!("DTSTART;VALUE=DATE:{}", compact(p50)));
        out.line(&format!("DTEND;VALUE=DATE:{}", compact(next_day)));
        out.text(
            "SUMMARY",
            &format!(
                "{}: finish stage {} of {count}, {}",
                roadmap.title,
                k + 1,
                stage.title
            ),
        );
        out.text(
            "DESCRIPTION",
            &format!(
                "Forecast finish of \"{}\" at your pace: even odds (P50) by {p50}, \
85% likely (P85) by {p85}.\n{} of {} items done, {} started. Forecast made on {}; \
export again to update this event.",
                stage.title, counts.done, counts.total, counts.started, report.today
            ),
        );
        out.line("TRANSP:TRANSPARENT");
        out.line("END:VEVENT");
    }

    if let Some(block) = study {
        let first = block.first_day(report.today);
        let days: Vec<&str> = block.days.iter().map(|d| rrule_day(*d)).collect();
        out.line("BEGIN:VEVENT");
        out.line(&format!(
            "UID:{}",
            escape_text(&format!("study.{}@roadmap-tracker", roadmap.id))
        ));
        out.line(&format!("DTSTAMP:{stamp}"));
        // Floating local time: the block is at 19:00 wherever the calendar is.
        out.line(&format!(
            "DTSTART:{}T{}",
            compact(first),
            block.time.format("%H%M%S")
        ));
        out.line(&format!("DURATION:{}", duration(block.minutes)));
        out.line(&format!("RRULE:FREQ=WEEKLY;BYDAY={}", days.join(",")));
        out.text("SUMMARY", &format!("Study: {}", roadmap.title));
        out.text(
            "DESCRIPTION",
            &format!(
                "{} hours a week for the {} roadmap. `roadmap week` lists what to work on.",
                crate::ui::json_number(report.profile.hours_per_week),
                roadmap.title
            ),
        );
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0
}

#[derive(Default)]
struct Calendar(String);

impl Calendar {
    /// One content line, folded, with its CRLF.
    fn line(&mut self, line: &str) {
        fold_into(&mut self.0, line);
    }

    /// A property whose value is TEXT, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }
}

/// `YYYYMMDD`, the DATE form of RFC 5545.
fn compact(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

fn rrule_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// `PT1H30M`, `PT45M`, `PT10H`.
fn duration(minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// TEXT as RFC 5545 section 3.3.11 writes it: backslash, semicolon and comma
/// escaped, a line break as `\n`; other control characters, which a content
/// line may not hold, dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append `line` folded at [`LINE_OCTETS`] octets (RFC 5545 section 3.1): a
/// CRLF and one space before each continuation, never inside a character.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let _ = write!(out, "{}\r\n ", &rest[..cut]);
        rest = &rest[cut..];
        // The leading space of a continuation line counts towards its octets.
        limit = LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    #[test]
    fn short_lines_are_left_whole() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exact = "X".repeat(75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_and_unfold_to_the_same_text() {
        for line in [
            format!("SUMMARY:{}", "a".repeat(300)),
            format!("DESCRIPTION:{}", "é".repeat(100)),
            format!("DESCRIPTION:{}", "日本語のテキスト".repeat(20)),
            format!("X:{}", "🦀".repeat(40)),
        ] {
            let out = folded(&line);
            assert!(out.ends_with("\r\n"));
            for (n, physical) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
                assert!(
                    physical.len() <= 75,
                    "line {n} has {} octets",
                    physical.len()
                );
                if n > 0 {
                    assert!(physical.starts_with(' '));
                }
            }
            assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\u{1b}[31m\tg"),
            "a\\,b\\;c\\\\d\\ne\\nf[31m g"
        );
    }

    #[test]
    fn study_times() {
        let block = StudyBlock::parse("Mon 19:00", 10.0).unwrap();
        assert_eq!(block.days, vec![Weekday::Mon]);
        assert_eq!(block.minutes, 600);
        let block = StudyBlock::parse("tue,THU,Saturday 07:30", 4.5).unwrap();
        assert_eq!(block.days, vec![Weekday::Tue, Weekday::Thu, Weekday::Sat]);
        assert_eq!(block.time, NaiveTime::from_hms_opt(7, 30, 0).unwrap());
        assert_eq!(block.minutes, 90);
        assert_eq!(duration(90), "PT1H30M");
        assert_eq!(duration(600), "PT10H");
        assert_eq!(duration(45), "PT45M");
        for bad in [
            "",
            "Mon",
            "19:00",
            "Mon 25:00",
            "Funday 19:00",
            "Mon 19:00 extra",
        ] {
            assert!(StudyBlock::parse(bad, 10.0).is_err(), "{bad:?}");
        }
        // 2026-11-30 is a Monday.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let block = StudyBlock::parse("Wed,Sun 19:00", 10.0).unwrap();
        assert_eq!(block.first_day(monday), monday + Days::new(2));
        let block = StudyBlock::parse("Mon 19:00", 10.0).unwrap();
        assert_eq!(block.first_day(monday), monday);
    }
}
