//! Pure: planned windows for each stage, and the forecast of when each will be
//! finished, from the plan or from the learner's own history (SPEC section 6).
//!
//! The model, in plain words:
//! - The plan runs from the start at the learner's hours per week; a change of
//!   hours applies from its day on ([`Extra::speeds`]), so the plan of the days
//!   already past stays as it was.
//! - Completions after the start are the evidence. Each span from one
//!   completion to the next says how long the learner took for the work the plan
//!   gives those items (evidence-based scheduling). Items done on or before the
//!   start are prior knowledge: less work left, never pace. Skipped items leave
//!   the work left and never change what an item is worth.
//! - A span far longer than its work explains (six weeks and more beyond it) is a
//!   pause: it is taken out of the pace and counted as a pause instead. The pace
//!   is the work-weighted ratio of the other spans, leaning on the plan's own
//!   range while they are few (a Bayesian blend in log space).
//! - The Monte Carlo run draws, per trial, a pace from that estimate, the noise of
//!   the items left, and pauses to come. Pauses are a risk in time: the chance of
//!   one starting on a day of work comes from the learner's own pauses over their
//!   days of work (with a weak prior, worth two months, of about one pause per 400
//!   days of work); their lengths from the learner's own pauses and from 6 weeks to
//!   5 months. A pause under way counts as one already (its length so far among
//!   the learner's), so the completion that ends it leaves the risk of pauses to
//!   come where it was; it goes on for a length drawn among the longer ones.
//!   Pauses widen the spread, mostly the P85; they never read as speed.
//! - Time already spent on the work in hand (since the last completion) is
//!   credited, up to what that work is expected to take.

use chrono::{Datelike, Days, Months, NaiveDate};

/// Completions after the start needed before the learner's own pace counts.
pub const MIN_HISTORY: usize = 3;
const TRIALS: usize = 1000;
/// Fixed, so the same input always gives the same dates.
const SEED: u64 = 0x005E_ED0F_2026;
/// Spread of one span's pace around the learner's own (log scale), before the
/// learner's history says better; and how many spans that guess is worth.
const ITEM_SPREAD: f64 = 0.6;
const ITEM_SPREAD_WEIGHT: f64 = 2.0;
/// How far a learner's pace may lie from the plan's (log scale), on top of the
/// plan's own range: learners differ more than any plan says.
const PACE_PRIOR: f64 = 0.5;
/// Drift of a pace over the months to come, however long the history (log scale).
const DRIFT: f64 = 0.04;
/// A span is a pause when it runs this many days past what its work explains,
/// and at least [`PAUSE_FACTOR`] times that.
pub const PAUSE_DAYS: i64 = 42;
const PAUSE_FACTOR: f64 = 3.0;
/// Pauses to come, a risk in time: the chance of a pause per day of work has a
/// Gamma prior of this shape, worth this many days of work seen without one (its
/// mean, one pause per `PAUSE_PRIOR_DAYS / PAUSE_SHAPE` days of work); and the
/// usual range of a pause's length in days.
const PAUSE_SHAPE: f64 = 0.15;
const PAUSE_PRIOR_DAYS: f64 = 60.0;
const PAUSE_MIN: f64 = 42.0;
const PAUSE_MAX: f64 = 150.0;
/// A single-number estimate still has this spread (share of the estimate) either side.
const HONEST_SPREAD: f64 = 0.2;
/// Within this many days of the planned window counts as on track.
const ON_TRACK_DAYS: i64 = 14;
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// One stage, already adjusted for the learner's background.
#[derive(Debug, Clone, PartialEq)]
pub struct StageInput {
    /// The stage's months at speed 1 (see [`Extra::speeds`]).
    pub min_months: f64,
    pub max_months: f64,
    /// Weight of all the stage's items, skipped ones included: what an item is
    /// worth does not change when others are skipped.
    pub weight_total: f64,
    /// Weight of the items neither done nor skipped.
    pub weight_remaining: f64,
    /// The last completion date, once every item is done or skipped.
    pub finished_on: Option<NaiveDate>,
}

impl StageInput {
    pub fn is_finished(&self) -> bool {
        self.weight_remaining <= 0.0 && self.weight_total > 0.0 || self.finished_on.is_some()
    }

    fn remaining_fraction(&self) -> f64 {
        if self.weight_total <= 0.0 {
            0.0
        } else {
            (self.weight_remaining / self.weight_total).clamp(0.0, 1.0)
        }
    }

    /// Planned days (at speed 1) per unit of weight at the middle of the window.
    fn days_per_weight(&self) -> f64 {
        if self.weight_total <= 0.0 {
            0.0
        } else {
            self.mid_months() * DAYS_PER_MONTH / self.weight_total
        }
    }

    fn mid_months(&self) -> f64 {
        (self.min_months + self.max_months) / 2.0
    }

    /// The window the forecast without history spreads over: the plan's, or for
    /// a (nearly) single-number estimate an honest spread around it.
    fn honest_range(&self) -> (f64, f64) {
        let mid = self.mid_months();
        (
            self.min_months.min(mid * (1.0 - HONEST_SPREAD)),
            self.max_months.max(mid * (1.0 + HONEST_SPREAD)),
        )
    }

    /// The spread of the plan's range in log scale (a uniform pace across it).
    fn log_range(&self) -> f64 {
        let (lo, hi) = (self.min_months.max(1e-9), self.max_months.max(1e-9));
        (hi / lo).ln().abs() / 12f64.sqrt()
    }
}

/// One completed (or, in [`Extra::started`], started) item: when, how heavy,
/// and in which stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Completion {
    pub date: NaiveDate,
    pub weight: f64,
    pub stage: usize,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub start: NaiveDate,
    pub today: NaiveDate,
    pub stages: Vec<StageInput>,
    pub completions: Vec<Completion>,
}

/// From this day on the plan runs at `speed` times the pace its months are
/// written at (hours per week over the roadmap's own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeedChange {
    pub from: NaiveDate,
    pub speed: f64,
}

/// What the forecast knows beyond [`Input`].
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Changes of pace, oldest first; none means speed 1 throughout. A speed
    /// before the first change is the first change's.
    pub speeds: Vec<SpeedChange>,
    /// Items started and not done: work in hand.
    pub started: Vec<Completion>,
    /// Per stage, the number of items neither done nor skipped; when absent, the
    /// stage's remaining weight stands for it.
    pub items_remaining: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDate,
    pub min_end: NaiveDate,
    pub max_end: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Done,
    Ahead,
    OnTrack,
    Behind,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Ahead => "ahead",
            State::OnTrack => "on_track",
            State::Behind => "behind",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageForecast {
    pub planned: Window,
    /// `None` only for a stage finished with no dated completion (all skipped).
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
    pub state: State,
    /// Days after the planned window (positive: behind) or before it (negative: ahead).
    pub delta_days: i64,
}

/// The learner's pace as the forecast uses it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Days taken per day planned (the middle of the estimate): below 1 is faster
    /// than the plan. Pauses are left out of it.
    pub ratio: f64,
    /// The likely range of that ratio (15% and 85%).
    pub low: f64,
    pub high: f64,
    /// Completions after the start the measure rests on.
    pub completions: usize,
    /// Pauses found in the history (spans of six weeks and more beyond their work).
    pub pauses: usize,
}

/// Nothing done or started for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Idle {
    /// The last day something was done or started (or the start).
    pub since: NaiveDate,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub stages: Vec<StageForecast>,
    /// Present once there are at least [`MIN_HISTORY`] completions after the start.
    pub pace: Option<Pace>,
    /// Completions after the start (prior knowledge left out).
    pub completions: usize,
    /// Set when nothing was done or started for [`PAUSE_DAYS`] or more, with work left.
    pub idle: Option<Idle>,
}

/// `date` plus a possibly fractional number of months: whole calendar months, then days.
pub fn add_months(date: NaiveDate, months: f64) -> NaiveDate {
    let months = months.max(0.0);
    let whole = months.floor();
    let days = ((months - whole) * DAYS_PER_MONTH).round();
    let base = if whole >= u32::MAX as f64 {
        NaiveDate::MAX
    } else {
        date.checked_add_months(Months::new(whole as u32))
            .unwrap_or(NaiveDate::MAX)
    };
    add_days(base, days)
}

fn add_days(date: NaiveDate, days: f64) -> NaiveDate {
    if !days.is_finite() || days >= 3_000_000.0 {
        return NaiveDate::MAX;
    }
    date.checked_add_days(Days::new(days.max(0.0) as u64))
        .unwrap_or(NaiveDate::MAX)
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Small, fixed pseudo-random generator (SplitMix64): written here so a dependency
/// upgrade can never change the forecast a learner has already seen.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal, by Box-Muller.
    fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Gamma with scale 1 (Marsaglia and Tsang; boosted below shape 1).
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.unit().max(f64::MIN_POSITIVE);
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.unit().max(f64::MIN_POSITIVE);
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// The `q` quantile (nearest rank) of the values, reordering them in place.
fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let rank = (((values.len() - 1) as f64 * q).round() as usize).min(values.len() - 1);
    *values.select_nth_unstable_by(rank, f64::total_cmp).1
}

/// The speed in force each day, from [`Extra::speeds`].
#[derive(Debug, Clone)]
struct Speeds(Vec<SpeedChange>);

impl Speeds {
    fn new(changes: &[SpeedChange]) -> Speeds {
        let mut changes: Vec<SpeedChange> = changes
            .iter()
            .copied()
            .filter(|c| c.speed.is_finite() && c.speed > 0.0)
            .collect();
        changes.sort_by_key(|c| c.from);
        Speeds(changes)
    }

    fn at(&self, date: NaiveDate) -> f64 {
        let mut speed = self.0.first().map_or(1.0, |c| c.speed);
        for c in &self.0 {
            if c.from <= date {
                speed = c.speed;
            }
        }
        speed
    }

    /// The plan's days of work between two dates: calendar days times the speed.
    fn work_days(&self, from: NaiveDate, to: NaiveDate) -> f64 {
        if to <= from {
            return 0.0;
        }
        let mut total = 0.0;
        let mut at = from;
        let mut speed = self.at(from);
        for c in self.0.iter().filter(|c| c.from > from && c.from < to) {
            total += days_between(at, c.from) as f64 * speed;
            at = c.from;
            speed = c.speed;
        }
        total + days_between(at, to) as f64 * speed
    }

    /// The day `months` of the plan's work are done, working from `start`.
    fn date_after(&self, start: NaiveDate, months: f64) -> NaiveDate {
        let mut at = start;
        let mut speed = self.at(start);
        let mut left = months.max(0.0);
        for c in self.0.iter().filter(|c| c.from > start) {
            let capacity = days_between(at, c.from) as f64 * speed / DAYS_PER_MONTH;
            if capacity >= left {
                break;
            }
            left -= capacity;
            at = c.from;
            speed = c.speed;
        }
        add_months(at, left / speed)
    }
}

/// The planned windows: stages follow each other from the start.
pub fn plan(start: NaiveDate, stages: &[StageInput]) -> Vec<Window> {
    plan_at(start, stages, &Speeds(Vec::new()))
}

fn plan_at(start: NaiveDate, stages: &[StageInput], speeds: &Speeds) -> Vec<Window> {
    let mut windows = Vec::with_capacity(stages.len());
    let (mut min_sum, mut max_sum) = (0.0, 0.0);
    for stage in stages {
        let begin = speeds.date_after(start, min_sum);
        min_sum += stage.min_months;
        max_sum += stage.max_months;
        windows.push(Window {
            start: begin,
            min_end: speeds.date_after(start, min_sum),
            max_end: speeds.date_after(start, max_sum),
        });
    }
    windows
}

/// What the history after the start says.
#[derive(Debug, Clone, Default)]
struct History {
    /// Completions after the start, up to today.
    completions: usize,
    /// Spans that are not pauses: (days of the plan's work taken, days planned).
    spans: Vec<(f64, f64)>,
    /// Pauses: calendar days beyond what the work explains.
    pauses: Vec<f64>,
    /// Calendar days spent working (not pausing) from the start to the last
    /// completion: the time in which a pause could have begun.
    active_days: f64,
    /// The last completion after the start, or the start.
    last: NaiveDate,
    /// Planned days of the work in hand (started items), if any.
    in_hand: f64,
}

fn history(input: &Input, extra: &Extra, speeds: &Speeds) -> History {
    let stages = &input.stages;
    let mut completions: Vec<&Completion> = input
        .completions
        .iter()
        .filter(|c| c.date > input.start && c.date <= input.today && c.stage < stages.len())
        .collect();
    completions.sort_by_key(|c| c.date);
    // (calendar days, days of work at the learner's hours, planned days)
    let mut raw: Vec<(f64, f64, f64)> = Vec::new();
    let mut previous = input.start;
    let mut i = 0;
    while i < completions.len() {
        let date = completions[i].date;
        let mut planned = 0.0;
        while i < completions.len() && completions[i].date == date {
            let c = completions[i];
            planned += c.weight * stages[c.stage].days_per_weight();
            i += 1;
        }
        if planned > 0.0 {
            raw.push((
                days_between(previous, date) as f64,
                speeds.work_days(previous, date),
                planned,
            ));
        }
        previous = date;
    }
    let typical = typical_ratio(&raw);
    let mut h = History {
        completions: completions.len(),
        last: previous,
        ..History::default()
    };
    for &(calendar, work, planned) in &raw {
        // The calendar days this work would take at the learner's usual pace.
        let expected = if work > 0.0 {
            typical * planned * calendar / work
        } else {
            calendar
        };
        let beyond = calendar - expected;
        if beyond > PAUSE_DAYS as f64 && calendar > PAUSE_FACTOR * expected {
            h.pauses.push(beyond);
            h.active_days += calendar - beyond;
        } else {
            h.spans.push((work, planned));
            h.active_days += calendar;
        }
    }
    h.in_hand = extra
        .started
        .iter()
        .filter(|c| c.stage < stages.len() && !stages[c.stage].is_finished())
        .map(|c| c.weight * stages[c.stage].days_per_weight())
        .sum();
    h
}

/// The median of the spans' ratios: the learner's usual pace, which a pause
/// cannot move; the plan's until there are a few spans.
fn typical_ratio(raw: &[(f64, f64, f64)]) -> f64 {
    if raw.len() < MIN_HISTORY {
        return 1.0;
    }
    let mut ratios: Vec<f64> = raw
        .iter()
        .map(|&(_, work, planned)| work / planned)
        .collect();
    percentile(&mut ratios, 0.5).max(1e-6)
}

/// The pace in log scale: the mean and variance, for one stage's prior.
#[derive(Debug, Clone, Copy)]
struct LogPace {
    mean: f64,
    variance: f64,
}

/// The spans' evidence: log of the work-weighted ratio, its variance, and the
/// item-to-item spread (log scale) to expect of the work left.
fn evidence(h: &History) -> Option<(f64, f64, f64)> {
    if h.spans.is_empty() {
        return None;
    }
    let work: f64 = h.spans.iter().map(|s| s.0).sum();
    let planned: f64 = h.spans.iter().map(|s| s.1).sum();
    if planned <= 0.0 {
        return None;
    }
    let mean = (work.max(planned * 1e-3) / planned).ln();
    let n = h.spans.len() as f64;
    let logs: Vec<f64> = h
        .spans
        .iter()
        .map(|&(w, p)| (w.max(p * 1e-3) / p).ln())
        .collect();
    let log_mean = logs.iter().sum::<f64>() / n;
    let observed = logs.iter().map(|l| (l - log_mean).powi(2)).sum::<f64>();
    let spread = ((ITEM_SPREAD_WEIGHT * ITEM_SPREAD * ITEM_SPREAD + observed)
        / (ITEM_SPREAD_WEIGHT + n))
        .sqrt();
    Some((mean, spread * spread / n, spread))
}

/// The pace for a stage: the evidence blended with the plan's range around 1.
fn log_pace(stage: &StageInput, evidence: Option<(f64, f64, f64)>) -> LogPace {
    let prior = stage.log_range().powi(2) + PACE_PRIOR * PACE_PRIOR;
    match evidence {
        None => LogPace {
            mean: 0.0,
            variance: prior,
        },
        Some((mean, variance, _)) => {
            let precision = 1.0 / prior + 1.0 / variance;
            LogPace {
                mean: mean / variance / precision,
                variance: 1.0 / precision,
            }
        }
    }
}

/// Planned windows and the forecast for every stage, at speed 1 throughout.
pub fn forecast(input: &Input) -> Forecast {
    forecast_with(input, &Extra::default())
}

/// Planned windows and the forecast for every stage.
pub fn forecast_with(input: &Input, extra: &Extra) -> Forecast {
    let speeds = Speeds::new(&extra.speeds);
    let windows = plan_at(input.start, &input.stages, &speeds);
    let h = history(input, extra, &speeds);
    let evidence = evidence(&h);
    let current = input.stages.iter().position(|s| !s.is_finished());
    let has_pace = h.completions >= MIN_HISTORY && evidence.is_some();
    let pace = has_pace.then(|| {
        let stage = current.map_or(&input.stages[input.stages.len() - 1], |k| &input.stages[k]);
        let p = log_pace(stage, evidence);
        let sd = (p.variance + DRIFT * DRIFT).sqrt();
        Pace {
            ratio: p.mean.exp(),
            low: (p.mean - 1.036 * sd).exp(),
            high: (p.mean + 1.036 * sd).exp(),
            completions: h.completions,
            pauses: h.pauses.len(),
        }
    });

    let last_activity = extra
        .started
        .iter()
        .chain(&input.completions)
        .map(|c| c.date)
        .filter(|&d| d <= input.today)
        .fold(input.start, NaiveDate::max);
    let idle_days = days_between(last_activity, input.today);
    let idle = (current.is_some() && idle_days >= PAUSE_DAYS).then_some(Idle {
        since: last_activity,
        days: idle_days,
    });

    // Per stage, the share of its weight the plan need not wait for: done on or
    // before the start (known already) or skipped.
    let mut known = vec![0.0; input.stages.len()];
    let mut done = vec![0.0; input.stages.len()];
    for c in &input.completions {
        if c.stage < known.len() && input.stages[c.stage].weight_total > 0.0 {
            let share = c.weight / input.stages[c.stage].weight_total;
            done[c.stage] += share;
            if c.date <= input.start {
                known[c.stage] += share;
            }
        }
    }
    for (k, stage) in input.stages.iter().enumerate() {
        if stage.weight_total > 0.0 {
            let skipped = 1.0 - stage.remaining_fraction() - done[k];
            known[k] += skipped.clamp(0.0, 1.0);
        }
    }
    let speed_now = speeds.at(input.today);
    let (p50_at, p85_at): (Vec<NaiveDate>, Vec<NaiveDate>) = if has_pace {
        let (p50, p85) = monte_carlo(input, &h, evidence, &speeds, extra);
        (
            p50.iter()
                .map(|&d| add_days(input.today, d.round()))
                .collect(),
            p85.iter()
                .map(|&d| add_days(input.today, d.round()))
                .collect(),
        )
    } else {
        let (p50, p85) = plan_months(input);
        (
            p50.iter()
                .map(|&m| add_months(input.today, m / speed_now))
                .collect(),
            p85.iter()
                .map(|&m| add_months(input.today, m / speed_now))
                .collect(),
        )
    };

    let stages = input
        .stages
        .iter()
        .enumerate()
        .map(|(k, stage)| {
            let window = windows[k];
            if stage.is_finished() {
                let delta = stage.finished_on.map_or(0, |d| outside(window, d));
                return StageForecast {
                    planned: window,
                    p50: stage.finished_on,
                    p85: stage.finished_on,
                    state: State::Done,
                    delta_days: delta,
                };
            }
            let mut p50 = p50_at[k];
            let mut p85 = p85_at[k];
            if !has_pace {
                // The plan's own dates, unless the work left no longer fits in them.
                let (plan50, plan85) = plan_dates(input, &speeds, &known, k);
                p50 = p50.max(plan50);
                p85 = p85.max(plan85);
            }
            let p85 = p85.max(p50);
            let delta = outside(window, p50);
            let state = if delta > ON_TRACK_DAYS {
                State::Behind
            } else if delta < -ON_TRACK_DAYS {
                State::Ahead
            } else {
                State::OnTrack
            };
            StageForecast {
                planned: window,
                p50: Some(p50),
                p85: Some(p85),
                state,
                delta_days: delta,
            }
        })
        .collect();
    Forecast {
        stages,
        pace,
        completions: h.completions,
        idle,
    }
}

/// The plan's own P50 and P85 for stage `k` when there is no history yet: the
/// middle of its window and 85% of the way to its latest end (with the honest
/// spread of a single-number estimate), brought forward by the work known
/// before the start or skipped.
fn plan_dates(input: &Input, speeds: &Speeds, known: &[f64], k: usize) -> (NaiveDate, NaiveDate) {
    let stages = &input.stages[..=k];
    let min_before: f64 = stages[..k].iter().map(|s| s.min_months).sum();
    let max_before: f64 = stages[..k].iter().map(|s| s.max_months).sum();
    let (lo, hi) = input.stages[k].honest_range();
    let (lo, hi) = (min_before + lo, max_before + hi);
    let middle =
        (min_before + input.stages[k].min_months + max_before + input.stages[k].max_months) / 2.0;
    let shift: f64 = stages
        .iter()
        .zip(known)
        .map(|(s, known)| known * s.mid_months())
        .sum();
    (
        speeds.date_after(input.start, middle - shift),
        speeds.date_after(input.start, lo + 0.85 * (hi - lo) - shift),
    )
}

/// Days before (negative) or after (positive) the planned window; 0 inside it.
fn outside(window: Window, date: NaiveDate) -> i64 {
    if date < window.min_end {
        days_between(window.min_end, date)
    } else if date > window.max_end {
        days_between(window.max_end, date)
    } else {
        0
    }
}

/// From the plan alone: months of work from today to the end of each stage, the
/// remaining share of each at the plan's middle, one after another; and for the
/// P85 the margins of the stages' 85% points, added as independent spreads (and
/// at least the honest margin of the stage itself).
fn plan_months(input: &Input) -> (Vec<f64>, Vec<f64>) {
    let mut p50 = Vec::with_capacity(input.stages.len());
    let mut p85 = Vec::with_capacity(input.stages.len());
    let (mut sum50, mut margins, mut own) = (0.0, 0.0, 0.0);
    for stage in &input.stages {
        if !stage.is_finished() {
            let left = stage.remaining_fraction();
            let (lo, hi) = stage.honest_range();
            let mid = stage.mid_months();
            sum50 += left * mid;
            margins += (left * 0.35 * (stage.max_months - stage.min_months)).powi(2);
            own = left * (lo + 0.85 * (hi - lo) - mid);
        }
        p50.push(sum50);
        p85.push(sum50 + margins.sqrt().max(own));
    }
    (p50, p85)
}

/// Each trial draws the learner's pace (one draw for the whole roadmap, blended
/// with each stage's own range), the noise of the items left, and the pauses to
/// come; then runs the work left, stage after stage, from today. The work in hand
/// is credited with the time already spent on it, up to what it should take.
fn monte_carlo(
    input: &Input,
    h: &History,
    evidence: Option<(f64, f64, f64)>,
    speeds: &Speeds,
    extra: &Extra,
) -> (Vec<f64>, Vec<f64>) {
    let speed_now = speeds.at(input.today);
    let stages = &input.stages;
    let mut rng = Rng(SEED);
    let paces: Vec<LogPace> = stages.iter().map(|s| log_pace(s, evidence)).collect();
    let item_spread = evidence.map_or(ITEM_SPREAD, |e| e.2);
    let item_variance = (item_spread * item_spread).exp() - 1.0;
    // Work since the last completion, at the learner's hours, in planned days.
    let spent = speeds.work_days(h.last, input.today);
    let since_last = days_between(h.last, input.today).max(0) as f64;
    let current = stages.iter().position(|s| !s.is_finished());
    let next_work = match current {
        Some(_) if h.in_hand > 0.0 => h.in_hand,
        Some(k) => stages[k].days_per_weight(),
        None => 0.0,
    };
    // Past what the work in hand explains, the learner is pausing: the days
    // beyond it, at the hours of those days (so a what-if of other hours from
    // today leaves them as they are).
    let overdue = |ratio: f64| {
        let due = next_work * ratio;
        if spent > PAUSE_FACTOR * due && spent > 0.0 {
            let beyond = since_last * (1.0 - due / spent);
            (beyond > PAUSE_DAYS as f64).then_some(beyond)
        } else {
            None
        }
    };
    // A pause under way counts as one already, as it will once it ends, so the
    // completion that ends it leaves the risk of pauses to come as it was: its
    // days beyond the work are not days of work, and its length so far is one
    // of the learner's pause lengths.
    let typical = evidence.map_or(1.0, |e| e.0.exp());
    let mut lengths = h.pauses.clone();
    let exposure = match overdue(typical) {
        Some(beyond) => {
            lengths.push(beyond);
            h.active_days + since_last - beyond
        }
        None => h.active_days + since_last,
    };
    let pauses = &lengths;
    let shape = PAUSE_SHAPE + pauses.len() as f64;
    let per_day = 1.0 / (PAUSE_PRIOR_DAYS + exposure);
    let mut finish: Vec<Vec<f64>> = vec![Vec::with_capacity(TRIALS); stages.len()];
    for trial in 0..TRIALS {
        let z = rng.normal();
        // This trial's chance of a pause per day of work.
        let rate = rng.gamma(shape) * per_day;
        // Pauses to come arrive at days of work drawn from a stream of their own,
        // so that fewer days of work (more hours) never bring more pauses or move
        // any other draw: `plan` bisects over the hours and needs that.
        let mut arrivals = Rng(SEED ^ (trial as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
        let mut next_pause = arrival(&mut arrivals, rate, 0.0);
        let mut worked = 0.0;
        let mut total = 0.0;
        let mut credit: Option<f64> = None;
        for (k, stage) in stages.iter().enumerate() {
            if !stage.is_finished() {
                let p = paces[k];
                let ratio = (p.mean + z * (p.variance + DRIFT * DRIFT).sqrt()).exp();
                let planned = stage.weight_remaining.max(0.0) * stage.days_per_weight();
                let items = extra
                    .items_remaining
                    .get(k)
                    .map_or(stage.weight_remaining.max(0.0), |&n| n as f64)
                    .max(1.0);
                // The sum of the items' times: mean one, its spread shrinking as
                // the items add up (a Gamma, so never below zero).
                let noise_shape = items / item_variance.max(1e-6);
                let noise = rng.gamma(noise_shape) / noise_shape;
                let mut work = planned * ratio * noise;
                // The time already spent on the work in hand, once, where it stands.
                if credit.is_none() {
                    if let Some(so_far) = overdue(ratio) {
                        total += pause_left(&mut rng, pauses, so_far);
                    }
                    credit = Some(spent.min(next_work * ratio));
                }
                if let Some(left) = credit.as_mut() {
                    let used = left.min(work);
                    work -= used;
                    *left -= used;
                }
                let days = work / speed_now;
                total += days;
                worked += days;
                // Pauses to come, in the days of work left.
                while next_pause <= worked {
                    total += draw_pause(&mut arrivals, pauses);
                    next_pause = arrival(&mut arrivals, rate, next_pause);
                }
            }
            finish[k].push(total);
        }
    }
    let mut p50 = Vec::with_capacity(stages.len());
    let mut p85 = Vec::with_capacity(stages.len());
    for mut days in finish {
        p50.push(percentile(&mut days, 0.5));
        p85.push(percentile(&mut days, 0.85));
    }
    (p50, p85)
}

/// One pause's length in days: one of the learner's own, or from the usual range.
fn draw_pause(rng: &mut Rng, observed: &[f64]) -> f64 {
    let k = observed.len();
    if k > 0 && rng.unit() < k as f64 / (k as f64 + 2.0) {
        observed[rng.below(k)]
    } else {
        PAUSE_MIN + (PAUSE_MAX - PAUSE_MIN) * rng.unit()
    }
}

/// The days left of a pause that has lasted `so_far` days: a pause length drawn
/// among those longer than that, or, past every usual length, up to half as long
/// again as it has lasted.
fn pause_left(rng: &mut Rng, observed: &[f64], so_far: f64) -> f64 {
    for _ in 0..16 {
        let length = draw_pause(rng, observed);
        if length > so_far {
            return length - so_far;
        }
    }
    so_far * rng.unit()
}

/// The day of work on which the next pause begins, after one at `after`: the
/// waiting times of pauses that come at `rate` a day.
fn arrival(rng: &mut Rng, rate: f64, after: f64) -> f64 {
    if rate.is_nan() || rate <= 0.0 {
        return f64::INFINITY;
    }
    let u = rng.unit();
    after - (1.0 - u).ln() / rate
}

/// `2027-03` for dates far enough away that the day is noise.
pub fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The date `q` of the way from `a` to `b`.
    fn between(a: NaiveDate, b: NaiveDate, q: f64) -> NaiveDate {
        add_days(a, (days_between(a, b).max(0) as f64 * q).round())
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn stage(min: f64, max: f64, total: f64, remaining: f64) -> StageInput {
        StageInput {
            min_months: min,
            max_months: max,
            weight_total: total,
            weight_remaining: remaining,
            finished_on: None,
        }
    }

    fn fresh() -> Input {
        Input {
            start: d("2026-06-01"),
            today: d("2026-06-01"),
            stages: vec![stage(6.0, 6.0, 30.0, 30.0), stage(6.0, 12.0, 20.0, 20.0)],
            completions: vec![],
        }
    }

    #[test]
    fn windows_follow_each_other() {
        let w = plan(d("2026-06-01"), &fresh().stages);
        assert_eq!(w[0].min_end, d("2026-12-01"));
        assert_eq!(w[0].max_end, d("2026-12-01"));
        assert_eq!(w[1].start, d("2026-12-01"));
        assert_eq!(w[1].min_end, d("2027-06-01"));
        assert_eq!(w[1].max_end, d("2027-12-01"));
    }

    #[test]
    fn without_history_the_plan_decides() {
        let f = forecast(&fresh());
        assert!(f.pace.is_none());
        assert_eq!(f.stages[0].p50, Some(d("2026-12-01")));
        // P50 halfway and P85 85% of the way through stage 2's window.
        let w = f.stages[1].planned;
        assert_eq!(f.stages[1].p50, Some(between(w.min_end, w.max_end, 0.5)));
        assert_eq!(f.stages[1].p85, Some(between(w.min_end, w.max_end, 0.85)));
        assert_eq!(f.stages[1].state, State::OnTrack);
    }

    #[test]
    fn an_overdue_plan_moves_out_from_today() {
        let mut input = fresh();
        input.today = d("2027-06-01");
        let f = forecast(&input);
        assert!(f.stages[0].p50.unwrap() > input.today);
        assert_eq!(f.stages[0].state, State::Behind);
    }

    /// A learner who finishes `n` items of weight 1 every `gap` days.
    fn steady(gap: u64, n: usize) -> Input {
        let mut input = fresh();
        input.stages = vec![stage(6.0, 6.0, 200.0, 200.0 - n as f64)];
        for i in 1..=n as u64 {
            input.completions.push(Completion {
                date: input.start + Days::new(gap * i),
                weight: 1.0,
                stage: 0,
            });
        }
        input.today = input.start + Days::new(gap * n as u64);
        input
    }

    #[test]
    fn twice_as_fast_gives_about_half_the_time() {
        // The plan allows 6 months for 200 units: about 0.91 days each.
        let planned = 6.0 * DAYS_PER_MONTH / 200.0;
        let at_plan = forecast(&steady(1, 60));
        let fast = forecast(&steady(1, 60));
        assert_eq!(at_plan, fast, "same input, same dates");

        let slow_input = steady(2, 60);
        let slow = forecast(&slow_input);
        let fast_days = days_between(d("2026-06-01") + Days::new(60), fast.stages[0].p50.unwrap());
        let slow_days = days_between(slow_input.today, slow.stages[0].p50.unwrap());
        let pace = fast.pace.unwrap();
        assert!((pace.ratio - 1.0 / planned).abs() < 0.01, "{pace:?}");
        let ratio = fast_days as f64 / slow_days as f64;
        assert!(
            (0.45..0.65).contains(&ratio),
            "fast {fast_days} vs slow {slow_days}"
        );
    }

    #[test]
    fn p50_never_after_p85_and_spread_shrinks_with_history() {
        let short = forecast(&steady(3, 4));
        let long = forecast(&steady(3, 120));
        for f in [&short, &long] {
            for s in &f.stages {
                assert!(s.p50 <= s.p85);
            }
        }
        let spread = |f: &Forecast, input: &Input| {
            let s = &f.stages[0];
            days_between(input.today, s.p85.unwrap()) as f64
                / days_between(input.today, s.p50.unwrap()).max(1) as f64
        };
        assert!(spread(&short, &steady(3, 4)) > spread(&long, &steady(3, 120)));
    }

    #[test]
    fn a_finished_stage_shows_its_real_date() {
        let mut input = fresh();
        input.stages[0].weight_remaining = 0.0;
        input.stages[0].finished_on = Some(d("2026-10-01"));
        let f = forecast(&input);
        assert_eq!(f.stages[0].p50, Some(d("2026-10-01")));
        assert_eq!(f.stages[0].state, State::Done);
        assert_eq!(f.stages[0].delta_days, -61);
    }

    #[test]
    fn fractional_months() {
        assert_eq!(add_months(d("2026-01-31"), 1.0), d("2026-02-28"));
        assert_eq!(add_months(d("2026-01-01"), 0.5), d("2026-01-16"));
        assert_eq!(add_months(d("2026-01-01"), 1e30), NaiveDate::MAX);
    }
}
