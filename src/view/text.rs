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

/// `developer, 10 h/week, since 2026-06-01`: the profile in effect.
pub fn profile_line(report: &Report) -> String {
    let roadmap = report.roadmap;
    let mut parts = Vec::new();
    if let Some(b) = report.profile.background {
        parts.push(roadmap.backgrounds[b].id.clone());
    }
    parts.push(format!(
        "{} h/week",
        super::percent_text(report.profile.hours_per_week)
    ));
    parts.push(format!("since {}", report.profile.start.format("%Y-%m-%d")));
    parts.join(", ")
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
