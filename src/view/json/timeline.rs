//! `timeline --json`: per stage the planned window, the forecast P50/P85 and
//! where the learner stands against the plan (SPEC section 5).

use serde::Serialize;

use crate::report::Report;
use crate::ui::json_number;
use crate::view::json::{
    EstimateJson, ForecastJson, ProfileJson, WhatIfJson, profile_json, what_if_json,
};

#[derive(Serialize)]
pub struct TimelineJson {
    today: String,
    profile: ProfileJson,
    pace: Option<PaceJson>,
    /// Completions after the start (prior knowledge left out).
    completions: usize,
    /// Set when nothing was done for six weeks or more.
    idle: Option<IdleJson>,
    /// Set for a what-if (`--hours-per-week`), else null.
    what_if: Option<WhatIfJson>,
    stages: Vec<StageJson>,
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
    since: String,
    days: i64,
}

#[derive(Serialize)]
struct StageJson {
    id: String,
    title: String,
    planned: PlannedJson,
    forecast: ForecastJson,
    state: &'static str,
    delta_days: i64,
}

#[derive(Serialize)]
struct PlannedJson {
    start: String,
    min_end: String,
    max_end: String,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub fn document(report: &Report) -> TimelineJson {
    let roadmap = report.roadmap;
    let (min, max) = report.planned_total();
    TimelineJson {
        today: report.today.to_string(),
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
            since: i.since.to_string(),
            days: i.days,
        }),
        what_if: what_if_json(report),
        stages: roadmap
            .stages
            .iter()
            .zip(&report.forecast.stages)
            .map(|(s, f)| StageJson {
                id: s.id.clone(),
                title: s.title.clone(),
                planned: PlannedJson {
                    start: f.planned.start.to_string(),
                    min_end: f.planned.min_end.to_string(),
                    max_end: f.planned.max_end.to_string(),
                },
                forecast: ForecastJson {
                    p50: f.p50.map(|d| d.to_string()),
                    p85: f.p85.map(|d| d.to_string()),
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
