//! Calibration of the forecast (SPEC section 6): over many simulated learners,
//! about half should finish a stage before its P50 and about 85% before its P85,
//! for steady learners and for learners who pause now and then alike.
//!
//! Each simulated learner has a true pace, and every item takes that pace times a
//! noisy factor. A learner who pauses stops, before some items, for 1.5 to 5
//! months: before today and after it alike. The forecast sees only what happened
//! up to today, as a real learner's history would be; the test then lets the
//! learner finish and counts how often the P50 and P85 were beaten.

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
    /// The range of true paces (days taken per day planned), drawn log-uniformly.
    pace: (f64, f64),
    /// Item-to-item variation of the time taken (log scale).
    noise: f64,
    /// The chance of a pause before each item.
    pause_chance: f64,
    /// Only learners who have already paused before today (so their history shows it).
    paused_before: bool,
    /// Where today falls: right after the `seen`-th completion, or part of the
    /// way to the next one (work in hand, or a pause under way).
    midway: bool,
}

/// Paces across the plan's own range, items varying a lot, no pauses.
const STEADY: Learners = Learners {
    pace: (MIN_MONTHS / 9.0, MAX_MONTHS / 9.0),
    noise: 0.6,
    pause_chance: 0.0,
    paused_before: false,
    midway: false,
};

/// Learners who pause for 1.5 to 5 months before one item in 25, on average, and
/// whose history already shows a pause.
const PAUSING: Learners = Learners {
    pause_chance: 0.04,
    paused_before: true,
    ..STEADY
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
    let (slowest, fastest) = (learners.pace.0.ln(), learners.pace.1.ln());
    for _ in 0..LEARNERS {
        let pace = (slowest + rng.unit() * (fastest - slowest)).exp();
        let (finished_on, today) = loop {
            let mut elapsed = 0.0;
            let mut finished_on = Vec::with_capacity(ITEMS);
            let mut paused_at = Vec::new();
            for i in 0..ITEMS {
                if rng.unit() < learners.pause_chance {
                    elapsed += 45.0 + rng.unit() * 105.0;
                    paused_at.push(i);
                }
                // Mean-one log-normal noise.
                let noise =
                    (learners.noise * rng.normal() - learners.noise * learners.noise / 2.0).exp();
                elapsed += planned_per_item * pace * noise;
                finished_on.push(start + Days::new(elapsed as u64));
            }
            let mut today = finished_on[seen - 1];
            if learners.midway {
                let gap = (finished_on[seen] - today).num_days().max(0) as f64;
                today = today + Days::new((gap * rng.unit()) as u64);
            }
            if !learners.paused_before || paused_at.first().is_some_and(|&i| i < seen) {
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

/// The shares that count as keeping the odds. 400 learners give a sampling
/// error of about 2.5 points on the P50's share and 1.8 on the P85's; the bands
/// allow for that and a little more.
#[derive(Clone, Copy)]
struct Bands {
    p50: (f64, f64),
    p85: (f64, f64),
}

const CALIBRATED: Bands = Bands {
    p50: (0.40, 0.60),
    p85: (0.78, 0.95),
};

/// The P50 and P85 keep their odds after `seen` completions, for each `seen`.
fn check(name: &str, learners: Learners, histories: &[usize], bands: Bands) -> Vec<String> {
    let mut failures = Vec::new();
    for &seen in histories {
        let seed = 0x9E37_79B9_7F4A_7C15 ^ (seen as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
        let o = outcome(learners, seen, seed);
        let line = format!(
            "{name}, after {seen} completions: {:.2} finished by P50, {:.2} by P85; \
             P50 off by {:.0} days on average, the plan by {:.0}",
            o.by_p50, o.by_p85, o.p50_error, o.plan_error
        );
        println!("{line}");
        let within = |share: f64, (low, high): (f64, f64)| (low..=high).contains(&share);
        if !within(o.by_p50, bands.p50) || !within(o.by_p85, bands.p85) {
            failures.push(line);
        }
    }
    failures
}

fn assert_calibrated(cases: &[(&str, Learners, &[usize], Bands)]) {
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|&(name, learners, histories, bands)| check(name, learners, histories, bands))
        .collect();
    assert!(
        failures.is_empty(),
        "out of calibration:\n{}",
        failures.join("\n")
    );
}

#[test]
fn forecasts_are_calibrated_for_steady_learners() {
    let midway = Learners {
        midway: true,
        ..STEADY
    };
    let far = Learners {
        pace: (0.4, 3.0),
        ..STEADY
    };
    // Items that vary little: nothing in a short history tells such a learner
    // from one about to pause, so their P85 keeps some room for a pause.
    let even = Learners {
        noise: 0.2,
        ..STEADY
    };
    let generous = Bands {
        p85: (0.78, 1.0),
        ..CALIBRATED
    };
    assert_calibrated(&[
        ("steady", STEADY, &[3, 10, 25, 45], CALIBRATED),
        ("steady, mid-item", midway, &[3, 10, 25, 45], CALIBRATED),
        (
            "steady, far from the plan",
            far,
            &[3, 10, 25, 45],
            CALIBRATED,
        ),
        ("steady, even items", even, &[3, 10, 25, 45], generous),
    ]);
}

#[test]
fn forecasts_are_calibrated_for_learners_who_pause() {
    let midway = Learners {
        midway: true,
        ..PAUSING
    };
    let now_and_then = Learners {
        pause_chance: 0.02,
        ..PAUSING
    };
    // Pausing learners whether or not their history shows it yet: until it does,
    // they look steady, so only a longer history can keep their odds.
    let seen_or_not = Learners {
        paused_before: false,
        ..PAUSING
    };
    // Pauses make the finish far less certain: the P50 may lean a little early.
    let pausing = Bands {
        p50: (0.38, 0.60),
        ..CALIBRATED
    };
    let late = Bands {
        p85: (0.75, 0.95),
        ..pausing
    };
    assert_calibrated(&[
        ("pausing", PAUSING, &[10, 25, 45], pausing),
        ("pausing, mid-item", midway, &[10, 25, 45], pausing),
        ("pausing now and then", now_and_then, &[25, 45], pausing),
        ("pausing, seen or not", seen_or_not, &[45], late),
        (
            "pausing, seen or not, mid-item",
            Learners {
                midway: true,
                ..seen_or_not
            },
            &[45],
            late,
        ),
    ]);
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
