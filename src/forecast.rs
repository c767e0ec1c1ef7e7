//! Pure: planned windows for each stage, and the forecast of when each will be
//! finished, from the plan or from the learner's own history (SPEC section 6).
//!
//! The forecast is evidence-based scheduling: every completion since the start
//! says how many days the learner took per day the plan allowed for that work.
//! A Monte Carlo run draws from that history (resampling the history itself in
//! each trial, so a short history gives a wide spread) and leans on the plan's
//! own range in proportion to how little history there is.

use chrono::{Datelike, Days, Months, NaiveDate};

/// Completions needed before the learner's own pace counts.
pub const MIN_HISTORY: usize = 3;
/// How many completions the plan is worth: with this many, history and plan weigh the same.
const PRIOR_STRENGTH: f64 = 8.0;
const TRIALS: usize = 1000;
/// Fixed, so the same input always gives the same dates.
const SEED: u64 = 0x005E_ED0F_2026;
/// Spread of one completion's pace around the learner's true pace (log scale):
/// a handful of completions pins a pace down only loosely.
const SAMPLE_SPREAD: f64 = 0.6;
/// Drift of a pace over months to come, however long the history (log scale).
const DRIFT: f64 = 0.15;
/// Within this many days of the planned window counts as on track.
const ON_TRACK_DAYS: i64 = 14;
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// One stage, already adjusted for the learner's background and hours.
#[derive(Debug, Clone, PartialEq)]
pub struct StageInput {
    pub min_months: f64,
    pub max_months: f64,
    /// Weight of the items not skipped.
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

    /// Planned days per unit of weight at the middle of the window.
    fn days_per_weight(&self) -> f64 {
        if self.weight_total <= 0.0 {
            0.0
        } else {
            (self.min_months + self.max_months) / 2.0 * DAYS_PER_MONTH / self.weight_total
        }
    }
}

/// One completed item: when, how heavy, and in which stage.
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

/// The learner's measured pace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Days taken per day planned, over the whole history: below 1 is faster than the plan.
    pub ratio: f64,
    /// Completions the measure rests on.
    pub completions: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub stages: Vec<StageForecast>,
    /// Present once there are at least [`MIN_HISTORY`] usable completions.
    pub pace: Option<Pace>,
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

/// The planned windows: stages follow each other from the start.
pub fn plan(start: NaiveDate, stages: &[StageInput]) -> Vec<Window> {
    let mut windows = Vec::with_capacity(stages.len());
    let (mut min_sum, mut max_sum) = (0.0, 0.0);
    for stage in stages {
        let begin = add_months(start, min_sum);
        min_sum += stage.min_months;
        max_sum += stage.max_months;
        windows.push(Window {
            start: begin,
            min_end: add_months(start, min_sum),
            max_end: add_months(start, max_sum),
        });
    }
    windows
}

/// The date `q` of the way from `a` to `b`.
fn between(a: NaiveDate, b: NaiveDate, q: f64) -> NaiveDate {
    add_days(a, (days_between(a, b).max(0) as f64 * q).round())
}

/// Days taken per day planned, one sample per day with completions since the
/// start; and how many completions those samples rest on.
fn history(input: &Input) -> (Vec<f64>, usize) {
    let mut completions: Vec<&Completion> = input
        .completions
        .iter()
        .filter(|c| c.date <= input.today && c.stage < input.stages.len())
        .collect();
    completions.sort_by_key(|c| c.date);
    let mut samples = Vec::new();
    let mut counted = 0;
    let mut previous = input.start;
    let mut i = 0;
    while i < completions.len() {
        let date = completions[i].date;
        let mut planned_days = 0.0;
        let mut on_day = 0;
        while i < completions.len() && completions[i].date == date {
            let c = completions[i];
            planned_days += c.weight * input.stages[c.stage].days_per_weight();
            on_day += 1;
            i += 1;
        }
        // Work ticked off on or before the start day is what the learner already knew.
        if date > previous && planned_days > 0.0 {
            samples.push(days_between(previous, date) as f64 / planned_days);
            counted += on_day;
        }
        previous = previous.max(date);
    }
    (samples, counted)
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

/// Planned windows and the forecast for every stage.
pub fn forecast(input: &Input) -> Forecast {
    let windows = plan(input.start, &input.stages);
    let (samples, counted) = history(input);
    let dated = input
        .completions
        .iter()
        .filter(|c| c.date <= input.today)
        .count();
    let pace = (dated >= MIN_HISTORY && !samples.is_empty()).then(|| {
        let ratio = samples.iter().sum::<f64>() / samples.len() as f64;
        Pace {
            ratio,
            completions: counted,
        }
    });

    // When each stage is finished, for P50 and P85: from the plan in calendar
    // months (so a learner exactly on plan gets the plan's own dates), or from
    // the Monte Carlo run in days.
    let (p50_at, p85_at): (Vec<NaiveDate>, Vec<NaiveDate>) = match pace {
        None => {
            let (p50, p85) = plan_months(input);
            (
                p50.iter().map(|&m| add_months(input.today, m)).collect(),
                p85.iter().map(|&m| add_months(input.today, m)).collect(),
            )
        }
        Some(_) => {
            let (p50, p85) = monte_carlo(input, &samples);
            (
                p50.iter()
                    .map(|&d| add_days(input.today, d.ceil()))
                    .collect(),
                p85.iter()
                    .map(|&d| add_days(input.today, d.ceil()))
                    .collect(),
            )
        }
    };

    let stages = input
        .stages
        .iter()
        .enumerate()
        .map(|(k, stage)| {
            let window = windows[k];
            if stage.is_finished() {
                let state = State::Done;
                let delta = stage.finished_on.map_or(0, |d| outside(window, d));
                return StageForecast {
                    planned: window,
                    p50: stage.finished_on,
                    p85: stage.finished_on,
                    state,
                    delta_days: delta,
                };
            }
            let mut p50 = p50_at[k];
            let mut p85 = p85_at[k];
            if pace.is_none() {
                // The plan's own dates, unless the work left no longer fits in them.
                p50 = p50.max(between(window.min_end, window.max_end, 0.5));
                p85 = p85.max(between(window.min_end, window.max_end, 0.85));
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
    Forecast { stages, pace }
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

/// From the plan alone: months from today to the end of each stage, the remaining
/// share of each at the plan's middle and 85% durations, one after another.
fn plan_months(input: &Input) -> (Vec<f64>, Vec<f64>) {
    let mut p50 = Vec::with_capacity(input.stages.len());
    let mut p85 = Vec::with_capacity(input.stages.len());
    let (mut sum50, mut sum85) = (0.0, 0.0);
    for stage in &input.stages {
        if !stage.is_finished() {
            let left = stage.remaining_fraction();
            sum50 += left * (stage.min_months + 0.5 * (stage.max_months - stage.min_months));
            sum85 += left * (stage.min_months + 0.85 * (stage.max_months - stage.min_months));
        }
        p50.push(sum50);
        p85.push(sum85);
    }
    (p50, p85)
}

/// Each trial: resample the history and take its mean pace; widen it by how
/// loosely that many completions pin a pace down, plus the drift any pace has
/// over the months to come; blend it with a draw from the plan's range
/// (weighted by how much history there is); then run the remaining work of each
/// stage in order from today.
fn monte_carlo(input: &Input, samples: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = samples.len() as f64;
    let history_weight = n / (n + PRIOR_STRENGTH);
    let spread = (DRIFT * DRIFT + SAMPLE_SPREAD * SAMPLE_SPREAD / n).sqrt();
    let mut rng = Rng(SEED);
    let stages = &input.stages;
    let mut finish: Vec<Vec<f64>> = vec![Vec::with_capacity(TRIALS); stages.len()];
    // Past a few dozen samples the mean of a resample is normal enough (central
    // limit theorem) to draw directly, which keeps long histories cheap.
    let mean = samples.iter().sum::<f64>() / n;
    let sd = (samples.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt();
    for _ in 0..TRIALS {
        let resampled_mean = if samples.len() <= 30 {
            (0..samples.len())
                .map(|_| samples[rng.below(samples.len())])
                .sum::<f64>()
                / n
        } else {
            (mean + sd / n.sqrt() * rng.normal()).max(0.0)
        };
        let ratio = resampled_mean * (spread * rng.normal()).exp();
        let u = rng.unit();
        let mut total = 0.0;
        for (k, stage) in stages.iter().enumerate() {
            if !stage.is_finished() {
                let left = stage.remaining_fraction();
                let mid = (stage.min_months + stage.max_months) / 2.0 * DAYS_PER_MONTH;
                let planned =
                    (stage.min_months + u * (stage.max_months - stage.min_months)) * DAYS_PER_MONTH;
                total += left * (history_weight * ratio * mid + (1.0 - history_weight) * planned);
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

/// `2027-03` for dates far enough away that the day is noise.
pub fn month_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

#[cfg(test)]
mod tests {
    use super::*;

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
