//! Words and marks that several human views share. Raw text in, raw text out:
//! the output edge escapes it.

use crate::forecast::{StageForecast, State};
use crate::progress::Status;
use crate::report::{NextItem, Reason, Report};
use crate::roadmap::Roadmap;

/// The checklist box: `[x]` done, `[~]` started, `[-]` skipped, `[ ]` todo.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Done => "[x]",
        Status::Started => "[~]",
        Status::Skipped => "[-]",
        Status::Todo => "[ ]",
    }
}

/// `7w behind`, `5mo ahead`, `on track`, `done`.
pub fn versus_plan(stage: &StageForecast) -> String {
    let span = |days: i64| {
        let days = days.abs();
        if days < 7 * 8 {
            format!("{}w", (days + 6) / 7)
        } else if days < 365 * 2 {
            format!("{}mo", (days as f64 / 30.44).round() as i64)
        } else {
            format!("{:.1}y", days as f64 / 365.25)
        }
    };
    match stage.state {
        State::Done if stage.delta_days < -14 => format!("{} early", span(stage.delta_days)),
        State::Done if stage.delta_days > 14 => format!("{} late", span(stage.delta_days)),
        State::Done => "on time".to_string(),
        State::OnTrack => "on track".to_string(),
        State::Ahead => format!("{} early", span(stage.delta_days)),
        State::Behind => format!("{} late", span(stage.delta_days)),
    }
}

/// [`versus_plan`] for stage `k`, or `skipped` when every item of it was
/// skipped: such a stage is finished without a date to measure.
pub fn stage_versus_plan(report: &Report, k: usize) -> String {
    let counts = &report.stages[k].counts;
    if counts.total > 0 && counts.skipped == counts.total {
        "skipped".to_string()
    } else {
        versus_plan(&report.forecast.stages[k])
    }
}

/// `developer, 10 h/week, since 2026-06-01`: the profile in effect.
pub fn profile_line(report: &Report) -> String {
    let roadmap = report.roadmap;
    let mut parts = Vec::new();
    if let Some(b) = report.profile.background {
        parts.push(roadmap.backgrounds[b].id.clone());
    }
    parts.push(format!(
        "{} h/week{}",
        super::percent_text(report.profile.hours_per_week),
        if report.what_if.is_some() {
            " (what-if)"
        } else {
            ""
        }
    ));
    parts.push(format!("since {}", report.profile.start.format("%Y-%m-%d")));
    parts.join(", ")
}

/// `3 completions`, `1 completion`.
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// What the forecast rests on, in words: the pace it uses with its likely range,
/// or why it is the plan's; a pause in progress; a what-if. Each fits 80 columns.
pub fn forecast_lines(report: &Report) -> Vec<String> {
    let f = &report.forecast;
    let mut lines = Vec::new();
    if let Some(hours) = report.what_if {
        lines.push(format!(
            "What-if at {} h/week from today, your history carried over; nothing written.",
            super::percent_text(hours)
        ));
    }
    match f.pace {
        Some(p) => lines.push(format!("Your pace: {}.", pace_with_range(&p))),
        None => lines.push(format!(
            "Forecast from the plan until {} after your start ({} so far).",
            count(crate::forecast::MIN_HISTORY, "completion"),
            f.completions
        )),
    }
    if let Some(idle) = f.idle {
        lines.push(format!(
            "Nothing done since {}, {}: counted as a pause, not as your pace.",
            idle.since,
            count(usize::try_from(idle.days / 7).unwrap_or(0), "week")
        ));
    }
    lines
}

/// The pace the forecast uses, with its likely range and what it rests on:
/// `1.4x slower than the plan, likely 1.2-1.6x (12 completions)`.
pub fn pace_with_range(p: &crate::forecast::Pace) -> String {
    format!(
        "{}, {} ({})",
        pace_text(p.ratio),
        pace_range(p.ratio, p.low, p.high),
        count(p.completions, "completion")
    )
}

/// The likely range of a pace, in the words of [`pace_text`]: `likely 1.1-1.6x`
/// (faster or slower, as the pace is), or across the plan's own pace `likely
/// 0.7-1.1x its speed`.
fn pace_range(ratio: f64, low: f64, high: f64) -> String {
    let n = |v: f64| format!("{v:.1}");
    // Ratios are days taken per day planned: `low` is the fast end.
    let speed = 1.0 / ratio;
    if high < 1.0 && speed > 1.05 {
        format!("likely {}-{}x", n(1.0 / high), n(1.0 / low))
    } else if low > 1.0 && speed < 0.95 {
        format!("likely {}-{}x", n(low), n(high))
    } else {
        format!("likely {}-{}x its speed", n(1.0 / high), n(1.0 / low))
    }
}

/// The learner's pace against the plan's, from the ratio of actual to planned time.
pub fn pace_text(ratio: f64) -> String {
    if ratio <= 0.0 {
        return "pace unknown".into();
    }
    let speed = 1.0 / ratio;
    if (0.95..=1.05).contains(&speed) {
        "about the plan's pace".into()
    } else if speed > 1.0 {
        format!("{speed:.1}x faster than the plan")
    } else {
        format!("{:.1}x slower than the plan", 1.0 / speed)
    }
}

/// Why an item is offered next, in the terms of the order `next` uses: started
/// first (`started 2026-06-03`), then what unlocks the most (`unlocks 2 items`),
/// then the lighter (`ready, weight 1`); with a track, what a track item needs
/// first (`needed for rag`).
pub fn reason_text(roadmap: &Roadmap, n: &NextItem) -> String {
    match n.reason {
        Reason::Started(Some(d)) => format!("started {}", d.format("%Y-%m-%d")),
        Reason::Started(None) => "started".into(),
        Reason::Needed(t) => format!("needed for {}", roadmap.items[t].id),
        Reason::Ready if n.unlocks > 0 => format!(
            "unlocks {} item{}",
            n.unlocks,
            if n.unlocks == 1 { "" } else { "s" }
        ),
        Reason::Ready => format!("ready, weight {}", roadmap.items[n.item].weight),
    }
}
