//! `plan --json`: `{ "by", "stage", "hours_per_week": { "p50", "p85" },
//! "current_hours_per_week", "answer", "forecast", ... }`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{MAX_SANE_HOURS, MIN_HOURS, Need, PlanAnswer};
use crate::report::Report;
use crate::ui::json_number;
use crate::view::json::{Day, day};

#[derive(Serialize)]
pub struct PlanJson<'a> {
    by: Day,
    stage: Option<&'a str>,
    /// `null` for a chance no sane pace reaches, and when nothing is left to do.
    hours_per_week: ChancesJson<Option<serde_json::Value>>,
    current_hours_per_week: serde_json::Value,
    /// `finished`, `not_ahead`, or per chance `hours`, `any_pace`, `out_of_reach`.
    answer: ChancesJson<&'static str>,
    /// The forecast finish at the current hours.
    forecast: ChancesJson<Option<Day>>,
    min_hours_per_week: serde_json::Value,
    max_hours_per_week: serde_json::Value,
}

#[derive(Serialize)]
struct ChancesJson<T> {
    p50: T,
    p85: T,
}

fn need_word(need: Need) -> &'static str {
    match need {
        Need::Hours(_) => "hours",
        Need::AnyPace => "any_pace",
        Need::OutOfReach => "out_of_reach",
    }
}

/// The answer for finishing `stage` (or the roadmap) by `by`; `now` is the
/// forecast finish (P50, P85) at the current hours.
pub fn document<'a>(
    report: &'a Report,
    stage: Option<usize>,
    by: NaiveDate,
    answer: &PlanAnswer,
    now: (Option<NaiveDate>, Option<NaiveDate>),
) -> PlanJson<'a> {
    let (hours, words) = match *answer {
        PlanAnswer::Finished(_) => ((None, None), ("finished", "finished")),
        PlanAnswer::NotAhead => ((None, None), ("not_ahead", "not_ahead")),
        PlanAnswer::Needs { p50, p85 } => (
            (p50.hours().map(json_number), p85.hours().map(json_number)),
            (need_word(p50), need_word(p85)),
        ),
    };
    PlanJson {
        by: Day(by),
        stage: stage.map(|k| report.roadmap.stages[k].id.as_str()),
        hours_per_week: ChancesJson {
            p50: hours.0,
            p85: hours.1,
        },
        current_hours_per_week: json_number(report.profile.hours_per_week),
        answer: ChancesJson {
            p50: words.0,
            p85: words.1,
        },
        forecast: ChancesJson {
            p50: day(now.0),
            p85: day(now.1),
        },
        min_hours_per_week: json_number(MIN_HOURS),
        max_hours_per_week: json_number(MAX_SANE_HOURS),
    }
}
