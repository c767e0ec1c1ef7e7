//! Calibration of the forecast (SPEC section 6): over many simulated learners,
//! about half should finish a stage before its P50 and about 85% before its P85,
//! for steady learners and for learners who pause now and then alike.
//!
//! Each simulated learner has a true pace drawn from the plan's own range, and
//! every item takes that pace times a noisy factor. A learner who pauses stops,
//! before some items, for 1.5 to 5 months: before today and after it alike. The
//! forecast sees only what happened up to today, as a real learner's history
//! would be; the test then lets the learner finish and counts how often the P50
//! and P85 were beaten.

mod common;

use chrono::{Days, NaiveDate};
use common::Rng;
use roadmap::forecast::{Completion, DAYS_PER_MONTH, Input, StageInput, forecast};

const ITEMS: usize = 60;
const MIN_MONTHS: f64 = 6.0;
const MAX_MONTHS: f64 = 12.0;
const LEARNERS: usize = 400;

/// Who the simulated learners are.
#[derive(Clone, Copy)]
struct Learners {
    /// The chance of a pause before each item.
    pause_chance: f64,
    /// Where today falls: right after the `seen`-th completion, or part of the
    /// way to the next one (work in hand).
    midway: bool,
}

const STEADY: Learners = Learners {
    pause_chance: 0.0,
    midway: false,
};

/// Learners who pause for 1.5 to 5 months before one item in 25, on average.
const PAUSING: Learners = Learners {
    pause_chance: 0.04,
    midway: false,
};

struct Outcome {
    /// Share of learners who finished by the P50.
    by_p50: f64,
    /// Share of learners who finished by the P85.
    by_p85: f64,
    /// Mean distance in days from the P50 to the real finish.
    p50_error: f64,
    /// The same for the plan's middle date, which ignores the learner's history.
    plan_error: f64,
}

/// How the forecasts made after `seen` completions compare with what happened.
fn outcome(learners: Learners, seen: usize, seed: u64) -> Outcome {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let planned_per_item = (MIN_MONTHS + MAX_MONTHS) / 2.0 * DAYS_PER_MONTH / ITEMS as f64;
    let mut rng = Rng(seed);
    let (mut by_p50, mut by_p85) = (0, 0);
    let (mut p50_error, mut plan_error) = (0.0, 0.0);
    let plan_middle = start + Days::new(((MIN_MONTHS + MAX_MONTHS) / 2.0 * DAYS_PER_MONTH) as u64);
    for _ in 0..LEARNERS {
        // The learner's true pace, somewhere in the plan's range.
        let pace = (MIN_MONTHS + rng.unit() * (MAX_MONTHS - MIN_MONTHS))
            / ((MIN_MONTHS + MAX_MONTHS) / 2.0);
        // A learner who pauses has paused at least once before today (and may
        // again after it): draw their history until that holds.
        let (finished_on, today) = loop {
            let mut elapsed = 0.0;
            let mut finished_on = Vec::with_capacity(ITEMS);
            let mut paused_at = Vec::new();
            for i in 0..ITEMS {
                if rng.unit() < learners.pause_chance {
                    elapsed += 45.0 + rng.unit() * 105.0;
                    paused_at.push(i);
                }
                // Item to item, a learner varies a lot (mean-one log-normal noise).
                let noise = (0.6 * rng.normal() - 0.18).exp();
                elapsed += planned_per_item * pace * noise;
                finished_on.push(start + Days::new(elapsed as u64));
            }
            let mut today = finished_on[seen - 1];
            if learners.midway {
                let gap = (finished_on[seen] - today).num_days().max(0) as f64;
                today = today + Days::new((gap * rng.unit()) as u64);
            }
            if learners.pause_chance == 0.0 || paused_at.first().is_some_and(|&i| i < seen) {
                break (finished_on, today);
            }
        };
        let done: Vec<NaiveDate> = finished_on
            .iter()
            .copied()
            .filter(|&d| d <= today)
            .collect();
        let input = Input {
            start,
            today,
            stages: vec![StageInput {
                min_months: MIN_MONTHS,
                max_months: MAX_MONTHS,
                weight_total: ITEMS as f64,
                weight_remaining: (ITEMS - done.len()) as f64,
                finished_on: None,
            }],
            completions: done
                .iter()
                .map(|&date| Completion {
                    date,
                    weight: 1.0,
                    stage: 0,
                })
                .collect(),
        };
        let stage = &forecast(&input).stages[0];
        let actual = finished_on[ITEMS - 1];

        if actual <= stage.p50.unwrap() {
            by_p50 += 1;
        }
        if actual <= stage.p85.unwrap() {
            by_p85 += 1;
        }
        p50_error += (actual - stage.p50.unwrap()).num_days().abs() as f64;
        plan_error += (actual - plan_middle).num_days().abs() as f64;
    }
    let n = LEARNERS as f64;
    Outcome {
        by_p50: by_p50 as f64 / n,
        by_p85: by_p85 as f64 / n,
        p50_error: p50_error / n,
        plan_error: plan_error / n,
    }
}

/// The P50 and P85 keep their odds after `seen` completions, for each `seen`.
/// With a short history nothing says how often a learner pauses, so the P85 may
/// be generous there; it must never be too early.
fn check(name: &str, learners: Learners, histories: &[usize]) {
    for &seen in histories {
        let seed = 0x9E37_79B9_7F4A_7C15 ^ (seen as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
        let o = outcome(learners, seen, seed);
        println!(
            "{name}, after {seen} completions: {:.2} finished by P50, {:.2} by P85; \
             P50 off by {:.0} days on average, the plan by {:.0}",
            o.by_p50, o.by_p85, o.p50_error, o.plan_error
        );
        assert!(
            (0.38..=0.62).contains(&o.by_p50),
            "{name}, after {seen}: {:.2} by P50",
            o.by_p50
        );
        assert!(
            (0.75..=0.97).contains(&o.by_p85),
            "{name}, after {seen}: {:.2} by P85",
            o.by_p85
        );
    }
}

#[test]
fn forecasts_are_calibrated_with_short_and_longer_histories() {
    check("steady", STEADY, &[3, 10, 25, 45]);
    check(
        "steady, mid-item",
        Learners {
            midway: true,
            ..STEADY
        },
        &[3, 10, 25, 45],
    );
}

#[test]
fn forecasts_are_calibrated_for_learners_who_pause() {
    check("pausing", PAUSING, &[10, 25, 45]);
    check(
        "pausing, mid-item",
        Learners {
            midway: true,
            ..PAUSING
        },
        &[10, 25, 45],
    );
}

#[test]
fn history_makes_the_forecast_sharper_than_the_plan() {
    // Calibration alone would also hold for the plan's own dates, since these
    // learners' paces come from the plan's range: the history must also help.
    let o = outcome(STEADY, 25, 0x0DDB_1A5E_5BAD_5EED);
    assert!(
        o.p50_error < 0.75 * o.plan_error,
        "P50 off by {:.0} days, the plan by {:.0}",
        o.p50_error,
        o.plan_error
    );
}
