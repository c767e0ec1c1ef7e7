//! Pure: planning ahead. This week's work at the profile's hours, and the hours
//! per week a finish date needs.
//!
//! Weeks are ISO weeks, Monday to Sunday. An item's size in hours comes from the
//! plan: a stage's planned time (the middle of its window) at the profile's hours
//! per week, shared among its items by weight.

use chrono::{Datelike, Days, NaiveDate};

use crate::forecast::DAYS_PER_MONTH;
use crate::progress::Status;
use crate::report::Report;

/// The Monday and the Sunday of the ISO week that holds `today`.
pub fn week_of(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let back = u64::from(today.weekday().num_days_from_monday());
    let start = today.checked_sub_days(Days::new(back)).unwrap_or(today);
    let end = start.checked_add_days(Days::new(6)).unwrap_or(start);
    (start, end)
}

/// Hours the plan gives one unit of weight in stage `k`: the stage's planned
/// weeks (the middle of its window) times the profile's hours per week, over the
/// weight of its items not skipped.
pub fn hours_per_weight(report: &Report, k: usize) -> f64 {
    let stage = &report.stages[k];
    let weight = (stage.counts.weight - stage.counts.weight_skipped) as f64;
    if weight <= 0.0 {
        return 0.0;
    }
    let (min, max) = stage.planned_months;
    let weeks = (min + max) / 2.0 * DAYS_PER_MONTH / 7.0;
    weeks * report.profile.hours_per_week / weight
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeekItem {
    pub item: usize,
    pub status: Status,
    /// The plan's hours for the whole item.
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The profile's hours per week.
    pub hours: f64,
    /// Done since the week began: their hours count towards the week.
    pub done: Vec<WeekItem>,
    /// What to work on: started items first, then what `next` would take,
    /// until their planned hours fill what is left of the week.
    pub items: Vec<WeekItem>,
}

impl Week {
    /// Planned hours of the items done this week and of those to take on.
    pub fn planned_hours(&self) -> f64 {
        self.done.iter().chain(&self.items).map(|w| w.hours).sum()
    }
}

/// This week's work to stay on track at the profile's hours.
///
/// Items done since Monday fill the week first. Then started items, then the
/// items `next` lists, in that order, each at its planned hours, for as long as
/// they fit in the hours left; the first one is taken whenever the week has
/// hours left, however big, so a week never comes out empty because the next
/// item is big.
pub fn week(report: &Report) -> Week {
    let (start, end) = week_of(report.today);
    let roadmap = report.roadmap;
    let size = |i: usize| {
        let item = &roadmap.items[i];
        f64::from(item.weight) * hours_per_weight(report, item.stage)
    };
    let done: Vec<WeekItem> = (0..roadmap.items.len())
        .filter(|&i| {
            let record = &report.items[i];
            record.status == Status::Done
                && record.done.is_some_and(|d| d >= start && d <= report.today)
        })
        .map(|i| WeekItem {
            item: i,
            status: Status::Done,
            hours: size(i),
        })
        .collect();
    let hours = report.profile.hours_per_week;
    let mut left = hours - done.iter().map(|w| w.hours).sum::<f64>();
    let mut items = Vec::new();
    for next in report.next_items(None, usize::MAX) {
        let hours = size(next.item);
        // The first item is taken whenever the week has hours left, however
        // big; after it, the list ends at the first item that would overfill.
        let first = items.is_empty() && left > 0.0;
        if !first && hours > left {
            break;
        }
        left -= hours;
        items.push(WeekItem {
            item: next.item,
            status: report.items[next.item].status,
            hours,
        });
    }
    Week {
        start,
        end,
        hours,
        done,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // 2026-11-30 is a Monday.
        assert_eq!(week_of(d("2026-11-30")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(week_of(d("2026-12-03")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(week_of(d("2026-12-06")), (d("2026-11-30"), d("2026-12-06")));
        assert_eq!(week_of(d("2026-12-07")), (d("2026-12-07"), d("2026-12-13")));
        // Across a year's end.
        assert_eq!(week_of(d("2027-01-01")), (d("2026-12-28"), d("2027-01-03")));
    }
}
