//! `timeline --json`: per stage the planned window, the forecast P50/P85 and
//! where the learner stands against the plan (SPEC section 5).

use serde::Serialize;

use crate::report::Report;
use crate::ui::json_number;
use crate::view::json::{
    Day, EstimateJson, ForecastJson, ProfileJson, WhatIfJson, day, profile_json, what_if_json,
};

#[derive(Serialize)]
pub struct TimelineJson<'a> {
    today: Day,
    profile: ProfileJson<'a>,
    pace: Option<PaceJson>,
    /// Completions after the start (prior knowledge left out).
    completions: usize,
    /// Set when nothing was done for six weeks or more.
    idle: Option<IdleJson>,
    /// Set for a what-if (`--hours-per-week`), else null.
    what_if: Option<WhatIfJson>,
    stages: Vec<StageJson<'a>>,
    total: EstimateJson,
    overall: Option<EstimateJson>,
}

#[derive(Serialize)]
struct PaceJson {
    /// Days taken per day planned: below 1 is faster than the plan.
    ratio: f64,
    /// The likely range of the ratio (15% to 85%).
    low: f64,
    high: f64,
    /// Completions after the start the pace rests on.
    completions: usize,
    /// Pauses found in the history, kept out of the pace.
    pauses: usize,
}

#[derive(Serialize)]
struct IdleJson {
    since: Day,
    days: i64,
}

#[derive(Serialize)]
struct StageJson<'a> {
    id: &'a str,
    title: &'a str,
    planned: PlannedJson,
    forecast: ForecastJson,
    state: &'static str,
    delta_days: i64,
}

#[derive(Serialize)]
struct PlannedJson {
    start: Day,
    min_end: Day,
    max_end: Day,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub fn document<'a>(report: &'a Report<'a>) -> TimelineJson<'a> {
    let roadmap = report.roadmap;
    let (min, max) = report.planned_total();
    TimelineJson {
        today: Day(report.today),
        profile: profile_json(report),
        pace: report.forecast.pace.map(|p| PaceJson {
            ratio: round2(p.ratio),
            low: round2(p.low),
            high: round2(p.high),
            completions: p.completions,
            pauses: p.pauses,
        }),
        completions: report.forecast.completions,
        idle: report.forecast.idle.map(|i| IdleJson {
            since: Day(i.since),
            days: i.days,
        }),
        what_if: what_if_json(report),
        stages: roadmap
            .stages
            .iter()
            .zip(&report.forecast.stages)
            .map(|(s, f)| StageJson {
                id: &s.id,
                title: &s.title,
                planned: PlannedJson {
                    start: Day(f.planned.start),
                    min_end: Day(f.planned.min_end),
                    max_end: Day(f.planned.max_end),
                },
                forecast: ForecastJson {
                    p50: day(f.p50),
                    p85: day(f.p85),
                },
                state: f.state.as_str(),
                delta_days: f.delta_days,
            })
            .collect(),
        total: EstimateJson {
            min_months: json_number(round2(min)),
            max_months: json_number(round2(max)),
        },
        overall: roadmap.overall.map(|o| EstimateJson {
            min_months: json_number(o.min_months),
            max_months: json_number(o.max_months),
        }),
    }
}
