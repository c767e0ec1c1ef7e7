//! Calibration of the forecast (SPEC section 6): over many simulated learners,
//! about half should finish a stage before its P50 and about 85% before its P85,
//! for steady learners and for learners who pause now and then alike.
//!
//! Each simulated learner has a true pace, and every item takes that pace times a
//! noisy factor. Most cases use one stage of nine months; the long cases walk a
//! roadmap of four stages, three to six years, and check both the stage under
//! way and the last one, years ahead. A learner who pauses stops, before some items, for 1.5 to 5
//! months: before today and after it alike. The forecast sees only what happened
//! up to today, as a real learner's history would be; the test then lets the
//! learner finish and counts how often the P50 and P85 were beaten.

mod common;

use chrono::{Days, NaiveDate};
use common::Rng;
use roadmap::forecast::{Completion, DAYS_PER_MONTH, Input, StageInput, forecast};

const MIN_MONTHS: f64 = 6.0;
const MAX_MONTHS: f64 = 12.0;
const LEARNERS: usize = 400;

/// A stage: its months at the plan's pace, and its items.
#[derive(Clone, Copy)]
struct Stage {
    min_months: f64,
    max_months: f64,
    items: usize,
}

/// One stage of nine months (six to twelve), sixty items.
const ONE_STAGE: &[Stage] = &[Stage {
    min_months: MIN_MONTHS,
    max_months: MAX_MONTHS,
    items: 60,
}];

/// Four stages, 35 to 67 months in all, items growing with the stages.
const FOUR_STAGES: &[Stage] = &[
    Stage {
        min_months: 5.0,
        max_months: 7.0,
        items: 30,
    },
    Stage {
        min_months: 6.0,
        max_months: 12.0,
        items: 40,
    },
    Stage {
        min_months: 12.0,
        max_months: 24.0,
        items: 60,
    },
    Stage {
        min_months: 12.0,
        max_months: 24.0,
        items: 40,
    },
];

/// Who the simulated learners are.
#[derive(Clone, Copy)]
struct Learners {
    /// The roadmap they walk.
    stages: &'static [Stage],
    /// The range of true paces (days taken per day planned), drawn log-uniformly.
    pace: (f64, f64),
    /// Item-to-item variation of the time taken (log scale).
    noise: f64,
    /// The chance of a pause before each item, drawn per learner in this range.
    pause_chance: (f64, f64),
    /// Only learners who have already paused before today (so their history shows it).
    paused_before: bool,
    /// Where today falls: right after the `seen`-th completion, or part of the
    /// way to the next one (work in hand, or a pause under way).
    midway: bool,
}

/// Paces across the plan's own range, items varying a lot, no pauses.
const STEADY: Learners = Learners {
    stages: ONE_STAGE,
    pace: (MIN_MONTHS / 9.0, MAX_MONTHS / 9.0),
    noise: 0.6,
    pause_chance: (0.0, 0.0),
    paused_before: false,
    midway: false,
};

/// Learners who pause for 1.5 to 5 months before one item in 25, on average, and
/// whose history already shows a pause.
const PAUSING: Learners = Learners {
    pause_chance: (0.04, 0.04),
    paused_before: true,
    ..STEADY
};

struct Outcome {
    /// Share of learners who finished the stage under way by its P50.
    by_p50: f64,
    /// Share of learners who finished it by its P85.
    by_p85: f64,
    /// The same for the last stage (the stage under way, for one stage).
    last_by_p50: f64,
    last_by_p85: f64,
    /// Mean distance in days from the last stage's P50 to its real finish.
    p50_error: f64,
    /// The same for the plan's middle date, which ignores the learner's history.
    plan_error: f64,
}

/// How the forecasts made after `seen` completions compare with what happened.
fn outcome(learners: Learners, seen: usize, seed: u64) -> Outcome {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let stages = learners.stages;
    let total: usize = stages.iter().map(|s| s.items).sum();
    let plan_months: f64 = stages
        .iter()
        .map(|s| (s.min_months + s.max_months) / 2.0)
        .sum();
    let plan_middle = start + Days::new((plan_months * DAYS_PER_MONTH) as u64);
    let mut rng = Rng(seed);
    let (mut by_p50, mut by_p85, mut last_by_p50, mut last_by_p85) = (0, 0, 0, 0);
    let (mut p50_error, mut plan_error) = (0.0, 0.0);
    let (slowest, fastest) = (learners.pace.0.ln(), learners.pace.1.ln());
    let (rarest, most) = learners.pause_chance;
    for _ in 0..LEARNERS {
        let pace = (slowest + rng.unit() * (fastest - slowest)).exp();
        let chance = if most > rarest {
            rarest + rng.unit() * (most - rarest)
        } else {
            rarest
        };
        let (finished_on, stage_of, today) = loop {
            let mut elapsed = 0.0;
            let mut finished_on = Vec::with_capacity(total);
            let mut stage_of = Vec::with_capacity(total);
            let mut paused_at = Vec::new();
            for (k, stage) in stages.iter().enumerate() {
                let planned_per_item = (stage.min_months + stage.max_months) / 2.0 * DAYS_PER_MONTH
                    / stage.items as f64;
                for _ in 0..stage.items {
                    if rng.unit() < chance {
                        elapsed += 45.0 + rng.unit() * 105.0;
                        paused_at.push(finished_on.len());
                    }
                    // Mean-one log-normal noise.
                    let noise = (learners.noise * rng.normal()
                        - learners.noise * learners.noise / 2.0)
                        .exp();
                    elapsed += planned_per_item * pace * noise;
                    finished_on.push(start + Days::new(elapsed as u64));
                    stage_of.push(k);
                }
            }
            let mut today = finished_on[seen - 1];
            if learners.midway {
                let gap = (finished_on[seen] - today).num_days().max(0) as f64;
                today = today + Days::new((gap * rng.unit()) as u64);
            }
            if !learners.paused_before || paused_at.first().is_some_and(|&i| i < seen) {
                break (finished_on, stage_of, today);
            }
        };
        let mut completions = Vec::new();
        let mut input_stages = Vec::new();
        let mut i = 0;
        for (k, stage) in stages.iter().enumerate() {
            let mut done = 0;
            for _ in 0..stage.items {
                if finished_on[i] <= today {
                    done += 1;
                    completions.push(Completion {
                        date: finished_on[i],
                        weight: 1.0,
                        stage: k,
                    });
                }
                i += 1;
            }
            input_stages.push(StageInput {
                min_months: stage.min_months,
                max_months: stage.max_months,
                weight_total: stage.items as f64,
                weight_remaining: (stage.items - done) as f64,
                finished_on: (done == stage.items).then(|| finished_on[i - 1]),
            });
        }
        let input = Input {
            start,
            today,
            stages: input_stages,
            completions,
        };
        let forecast = forecast(&input);
        let end_of = |k: usize| finished_on[stage_of.iter().rposition(|&s| s == k).unwrap()];
        let current = stage_of[seen];
        let (now, last) = (
            &forecast.stages[current],
            &forecast.stages[stages.len() - 1],
        );
        if end_of(current) <= now.p50.unwrap() {
            by_p50 += 1;
        }
        if end_of(current) <= now.p85.unwrap() {
            by_p85 += 1;
        }
        let actual = finished_on[total - 1];
        if actual <= last.p50.unwrap() {
            last_by_p50 += 1;
        }
        if actual <= last.p85.unwrap() {
            last_by_p85 += 1;
        }
        p50_error += (actual - last.p50.unwrap()).num_days().abs() as f64;
        plan_error += (actual - plan_middle).num_days().abs() as f64;
    }
    let n = LEARNERS as f64;
    Outcome {
        by_p50: by_p50 as f64 / n,
        by_p85: by_p85 as f64 / n,
        last_by_p50: last_by_p50 as f64 / n,
        last_by_p85: last_by_p85 as f64 / n,
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
            "{name}, after {seen} completions: {:.2} finished the stage by P50, {:.2} by P85, \
             {:.2} the roadmap by P50, {:.2} by P85; \
             P50 off by {:.0} days on average, the plan by {:.0}",
            o.by_p50, o.by_p85, o.last_by_p50, o.last_by_p85, o.p50_error, o.plan_error
        );
        println!("{line}");
        let within = |share: f64, (low, high): (f64, f64)| (low..=high).contains(&share);
        if !within(o.by_p50, bands.p50)
            || !within(o.by_p85, bands.p85)
            || !within(o.last_by_p50, bands.p50)
            || !within(o.last_by_p85, bands.p85)
        {
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
        pause_chance: (0.02, 0.02),
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
fn forecasts_years_ahead_are_calibrated() {
    let steady = Learners {
        stages: FOUR_STAGES,
        ..STEADY
    };
    let midway = Learners {
        midway: true,
        ..steady
    };
    // Some learners pause now and then, some never, more or less often: one pause
    // in 25 items at most. Until a learner's history shows their pauses they look
    // steady, so the P85 may fall a little short, as it does for one stage.
    let some_pausing = Learners {
        stages: FOUR_STAGES,
        pause_chance: (0.0, 0.04),
        paused_before: false,
        ..PAUSING
    };
    let late = Bands {
        p50: (0.38, 0.60),
        p85: (0.75, 0.95),
    };
    // Learners who paused early but pause rarely (one item in 50): one pause in a
    // short history reads as a habit, so the far stages lean late. Cautious, but
    // never hopeful: the P50 and P85 are beaten at least as often as they say.
    let paused_early = Learners {
        stages: FOUR_STAGES,
        pause_chance: (0.02, 0.02),
        ..PAUSING
    };
    let cautious = Bands {
        p50: (0.38, 1.0),
        p85: (0.78, 1.0),
    };
    assert_calibrated(&[
        ("four stages, steady", steady, &[3, 10, 40, 100], CALIBRATED),
        (
            "four stages, paused early, pausing rarely",
            paused_early,
            &[10, 40, 100],
            cautious,
        ),
        (
            "four stages, steady, mid-item",
            midway,
            &[10, 40, 100],
            CALIBRATED,
        ),
        (
            "four stages, some pausing, seen or not",
            some_pausing,
            &[40, 100],
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
