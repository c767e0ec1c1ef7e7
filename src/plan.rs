//! Pure: planning ahead. This week's work at the profile's hours, and the hours
//! per week a finish date needs (a bisection over the forecast as if those
//! hours began today).
//!
//! Weeks are ISO weeks, Monday to Sunday. An item's size in hours comes from the
//! plan: a stage's planned time (the middle of its window) at the profile's hours
//! per week, shared among its items by weight.

use chrono::{Datelike, Days, NaiveDate};

use crate::forecast::{DAYS_PER_MONTH, Forecast};
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

/// The fewest hours per week `plan` considers.
pub const MIN_HOURS: f64 = 0.5;
/// The most hours per week `plan` considers a sane pace to keep up for months:
/// a full-time job and a half. A date that needs more is called out of reach.
pub const MAX_SANE_HOURS: f64 = 60.0;

/// The hours per week one chance (P50 or P85) of finishing by a date needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    /// The least hours per week (rounded up to a tenth) that finish by the date.
    Hours(f64),
    /// Even [`MIN_HOURS`] a week finish by the date.
    AnyPace,
    /// Even [`MAX_SANE_HOURS`] a week do not finish by the date.
    OutOfReach,
}

impl Need {
    /// The hours to put in the profile for this chance, when there is one.
    pub fn hours(self) -> Option<f64> {
        match self {
            Need::Hours(h) => Some(h),
            Need::AnyPace => Some(MIN_HOURS),
            Need::OutOfReach => None,
        }
    }
}

/// What it takes to finish by a date.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanAnswer {
    /// Nothing is left to do: finished on that day (unknown when all was skipped).
    Finished(Option<NaiveDate>),
    /// The date is not after today, and work is left.
    NotAhead,
    /// The hours per week for each chance.
    Needs { p50: Need, p85: Need },
}

/// The least hours per week in [`MIN_HOURS`, `MAX_SANE_HOURS`] whose finish
/// (from `finish`) is on or before `by`, by bisection. `finish` must not move
/// later as the hours grow, which every forecast of this crate guarantees: more
/// hours a week shrink the planned time of the work left and nothing else.
pub fn least_hours(by: NaiveDate, finish: impl Fn(f64) -> NaiveDate) -> Need {
    if finish(MAX_SANE_HOURS) > by {
        return Need::OutOfReach;
    }
    if finish(MIN_HOURS) <= by {
        return Need::AnyPace;
    }
    // finish(lo) > by >= finish(hi) holds throughout.
    let (mut lo, mut hi) = (MIN_HOURS, MAX_SANE_HOURS);
    while hi - lo > 0.01 {
        let mid = (lo + hi) / 2.0;
        if finish(mid) <= by {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // A tenth of an hour up from the least that works still works (monotone);
    // dates move by whole days, so the tenth below may work too: then it is the least.
    let mut rounded = ((hi * 10.0).ceil() / 10.0).min(MAX_SANE_HOURS);
    while rounded - 0.1 >= MIN_HOURS && finish(((rounded - 0.1) * 10.0).round() / 10.0) <= by {
        rounded = ((rounded - 0.1) * 10.0).round() / 10.0;
    }
    Need::Hours(rounded)
}

/// When the roadmap (or stage `stage`) is finished in a forecast: the P50 and
/// P85 of that stage, or of the last stage for the whole roadmap.
pub fn finish_of(
    forecast: &Forecast,
    stage: Option<usize>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match stage {
        Some(k) => forecast
            .stages
            .get(k)
            .map_or((None, None), |s| (s.p50, s.p85)),
        None => (
            forecast.stages.iter().filter_map(|s| s.p50).max(),
            forecast.stages.iter().filter_map(|s| s.p85).max(),
        ),
    }
}

/// The hours per week needed to finish the roadmap (or stage `stage`) by `by`
/// at the learner's own pace, for a P50 and for a P85 chance. `at(hours)` is
/// the forecast as if that many hours a week began today; its dates must not
/// get later as the hours grow.
pub fn plan(
    report: &Report,
    stage: Option<usize>,
    by: NaiveDate,
    at: impl Fn(f64) -> Forecast,
) -> PlanAnswer {
    let done = match stage {
        Some(k) => report.stages[k].counts.is_complete(),
        None => report.current_stage().is_none(),
    };
    if done {
        return PlanAnswer::Finished(finish_of(&report.forecast, stage).0);
    }
    if by <= report.today {
        return PlanAnswer::NotAhead;
    }
    let at = |hours: f64| finish_of(&at(hours), stage);
    PlanAnswer::Needs {
        p50: least_hours(by, |h| at(h).0.unwrap_or(NaiveDate::MAX)),
        p85: least_hours(by, |h| at(h).1.unwrap_or(NaiveDate::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast;

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

    fn stage(min: f64, max: f64, total: f64, remaining: f64) -> forecast::StageInput {
        forecast::StageInput {
            min_months: min,
            max_months: max,
            weight_total: total,
            weight_remaining: remaining,
            finished_on: None,
        }
    }

    /// Two stages at 10 h a week, started 2026-06-01; `done` items of weight 1
    /// finished every `gap` days since.
    // A stand-in for the real what-if (`report::forecast_at_hours`): the solver
    // takes any forecast whose dates do not get later with more hours.
    fn what_if(input: &forecast::Input, current_hours: f64, hours: f64) -> Forecast {
        let scale = current_hours / hours;
        let mut input = input.clone();
        for stage in &mut input.stages {
            stage.min_months *= scale;
            stage.max_months *= scale;
        }
        // A completion's planned time is its weight times its stage's planned days
        // per unit of weight: with the months scaled, the weight scales back.
        for completion in &mut input.completions {
            completion.weight /= scale;
        }
        forecast::forecast(&input)
    }

    fn learner(gap: u64, done: usize) -> forecast::Input {
        let start = d("2026-06-01");
        let mut input = forecast::Input {
            start,
            today: start,
            stages: vec![stage(6.0, 9.0, 40.0, 40.0), stage(6.0, 12.0, 20.0, 20.0)],
            completions: vec![],
        };
        for i in 1..=done as u64 {
            input.completions.push(forecast::Completion {
                date: start + Days::new(gap * i),
                weight: 1.0,
                stage: 0,
            });
        }
        input.stages[0].weight_remaining -= done as f64;
        input.today = start + Days::new(gap * done as u64 + 3);
        input
    }

    fn learners() -> Vec<forecast::Input> {
        vec![
            learner(1, 0),
            learner(4, 6),
            learner(12, 10),
            learner(2, 30),
        ]
    }

    #[test]
    fn the_what_if_at_the_current_hours_is_the_forecast() {
        for input in learners() {
            assert_eq!(what_if(&input, 10.0, 10.0), forecast::forecast(&input));
        }
    }

    #[test]
    fn more_hours_never_finish_later() {
        for input in learners() {
            let mut last = (NaiveDate::MAX, NaiveDate::MAX);
            let mut hours = MIN_HOURS;
            while hours <= MAX_SANE_HOURS {
                let (p50, p85) = finish_of(&what_if(&input, 10.0, hours), None);
                let (p50, p85) = (p50.unwrap(), p85.unwrap());
                assert!(
                    p50 <= last.0 && p85 <= last.1,
                    "{hours} h: {p50} {p85} after {last:?}"
                );
                assert!(p50 <= p85);
                last = (p50, p85);
                hours += 0.5;
            }
            // And the spread is real: 40 h a week is well ahead of 5.
            let slow = finish_of(&what_if(&input, 10.0, 5.0), None).0.unwrap();
            let fast = finish_of(&what_if(&input, 10.0, 40.0), None).0.unwrap();
            assert!(fast < slow);
        }
    }

    #[test]
    fn hours_needed_fall_as_the_date_moves_later_and_rise_with_p85() {
        for input in learners() {
            let at = |h: f64| finish_of(&what_if(&input, 10.0, h), None);
            let mut last50 = f64::INFINITY;
            let mut last85 = f64::INFINITY;
            let mut answered = 0;
            for months in [6, 9, 12, 18, 24, 36, 60, 120] {
                let by = input
                    .today
                    .checked_add_months(chrono::Months::new(months))
                    .unwrap();
                let p50 = least_hours(by, |h| at(h).0.unwrap());
                let p85 = least_hours(by, |h| at(h).1.unwrap());
                let (Some(h50), Some(h85)) = (p50.hours(), p85.hours()) else {
                    assert_eq!(p85, Need::OutOfReach, "P85 out of reach before P50");
                    continue;
                };
                answered += 1;
                assert!(
                    h50 <= last50 && h85 <= last85,
                    "{months} months: {h50} {h85}"
                );
                assert!(h85 >= h50, "{months} months: P85 {h85} under P50 {h50}");
                // The answer works, and a tenth of an hour less does not.
                if let Need::Hours(h) = p50 {
                    assert!(at(h).0.unwrap() <= by);
                    assert!(
                        h - 0.1 < MIN_HOURS || at(h - 0.1).0.unwrap() > by,
                        "{h} is not the least"
                    );
                }
                last50 = h50;
                last85 = h85;
            }
            assert!(answered >= 4, "most dates are reachable");
        }
    }

    #[test]
    fn a_date_too_soon_is_out_of_reach_and_a_far_one_needs_little() {
        let input = learner(4, 6);
        let at = |h: f64| finish_of(&what_if(&input, 10.0, h), None).0.unwrap();
        assert_eq!(
            least_hours(input.today + Days::new(7), at),
            Need::OutOfReach
        );
        let far = input
            .today
            .checked_add_months(chrono::Months::new(12 * 200))
            .unwrap();
        assert_eq!(least_hours(far, at), Need::AnyPace);
    }

    #[test]
    fn history_carries_over_a_slow_learner_needs_more_hours() {
        // Same work left, one learner at three times the plan's pace of days.
        let on_plan = learner(4, 10);
        let slow = learner(12, 10);
        let by = d("2029-01-01");
        let need = |input: &forecast::Input| {
            least_hours(by, |h| finish_of(&what_if(input, 10.0, h), None).0.unwrap())
                .hours()
                .unwrap()
        };
        assert!(
            need(&slow) > need(&on_plan) * 1.5,
            "{} vs {}",
            need(&slow),
            need(&on_plan)
        );
    }
}
