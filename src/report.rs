//! Pure: (roadmap, progress, today) -> where the learner stands. Counts per stage,
//! the effective profile, the forecast, and what to learn next.

use chrono::NaiveDate;

use crate::forecast::{self, Forecast};
use crate::progress::{ItemProgress, PaceChange, Progress, Status};
use crate::roadmap::{Roadmap, Track};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub started: usize,
    pub skipped: usize,
    pub todo: usize,
    pub weight: u64,
    pub weight_done: u64,
    pub weight_skipped: u64,
}

impl Counts {
    fn add(&mut self, weight: u32, status: Status) {
        let weight = u64::from(weight);
        self.total += 1;
        self.weight += weight;
        match status {
            Status::Todo => self.todo += 1,
            Status::Started => self.started += 1,
            Status::Done => {
                self.done += 1;
                self.weight_done += weight;
            }
            Status::Skipped => {
                self.skipped += 1;
                self.weight_skipped += weight;
            }
        }
    }

    /// Done weight over the weight of items not skipped, to one decimal; exactly
    /// 100 once everything is done or skipped.
    pub fn percent(&self) -> f64 {
        let counted = self.weight - self.weight_skipped;
        if counted == 0 {
            return if self.total > 0 { 100.0 } else { 0.0 };
        }
        if self.weight_done == counted {
            return 100.0;
        }
        // Never round up to 100 while work is left.
        let percent = (self.weight_done as f64 * 1000.0 / counted as f64).floor() / 10.0;
        percent.min(99.9)
    }

    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.done + self.skipped == self.total
    }
}

/// The profile with every default filled in (SPEC section 6).
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveProfile {
    pub background: Option<usize>,
    /// The pace in force today (or the what-if's).
    pub hours_per_week: f64,
    pub start: NaiveDate,
    /// True when the start date is recorded in the file rather than derived.
    pub start_recorded: bool,
    /// Every pace with the day it began, oldest first; the first begins at `start`.
    pub paces: Vec<PaceChange>,
}

impl EffectiveProfile {
    /// The profile as a progress file writes it, every default made explicit.
    pub fn written(&self, roadmap: &Roadmap) -> crate::progress::Profile {
        let (current, earlier) = match self.paces.split_last() {
            Some((current, earlier)) => (Some(*current), earlier.to_vec()),
            None => (None, Vec::new()),
        };
        crate::progress::Profile {
            background: self.background.map(|b| roadmap.backgrounds[b].id.clone()),
            hours_per_week: Some(current.map_or(self.hours_per_week, |c| c.hours_per_week)),
            start: Some(self.start),
            since: current.map(|c| c.since).filter(|&s| s > self.start),
            earlier_paces: earlier,
        }
    }
}

#[derive(Debug, Clone)]
pub struct StageReport {
    pub counts: Counts,
    /// Estimate adjusted for background and hours: (min, max) months.
    pub planned_months: (f64, f64),
}

#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub roadmap: &'a Roadmap,
    pub today: NaiveDate,
    pub profile: EffectiveProfile,
    /// Indexed like `roadmap.items`.
    pub items: Vec<ItemProgress>,
    pub stages: Vec<StageReport>,
    pub summary: Counts,
    pub orphans: Vec<(String, ItemProgress)>,
    /// The profile names a background this roadmap does not have.
    pub unknown_background: Option<String>,
    /// The learner has chosen a background (rather than taking the default).
    pub background_chosen: bool,
    pub forecast: Forecast,
    /// Set for a what-if: the hours per week assumed from today on.
    pub what_if: Option<f64>,
}

/// What-if: the forecast as if the learner studied `hours_per_week` from `today`
/// on, their history (start, earlier paces, completions, pauses) carried over.
/// Pure, and nothing is written; the same input gives the same dates.
///
/// `forecast.stages[k].p50` / `.p85` are stage `k`'s dates (the last stage's are
/// the roadmap's finish). The dates never get later as the hours grow, so a
/// search over the hours (e.g. the least hours for a P85 by a date) can bisect.
pub fn forecast_at_hours(
    roadmap: &Roadmap,
    progress: &Progress,
    today: NaiveDate,
    hours_per_week: f64,
) -> Forecast {
    Report::build_at_hours(roadmap, progress, today, Some(hours_per_week)).forecast
}

impl<'a> Report<'a> {
    pub fn build(roadmap: &'a Roadmap, progress: &Progress, today: NaiveDate) -> Report<'a> {
        Report::build_at_hours(roadmap, progress, today, None)
    }

    /// [`Report::build`], or with `what_if` hours per week from today on (see
    /// [`forecast_at_hours`]).
    pub fn build_at_hours(
        roadmap: &'a Roadmap,
        progress: &Progress,
        today: NaiveDate,
        what_if: Option<f64>,
    ) -> Report<'a> {
        let view = progress.for_roadmap(roadmap);
        let items = view.items;

        let mut stages = Vec::with_capacity(roadmap.stages.len());
        let mut summary = Counts::default();
        for stage in &roadmap.stages {
            let mut counts = Counts::default();
            for i in stage.items.clone() {
                counts.add(roadmap.items[i].weight, items[i].status);
                summary.add(roadmap.items[i].weight, items[i].status);
            }
            stages.push(StageReport {
                counts,
                planned_months: (0.0, 0.0),
            });
        }

        let own = progress.profile(&roadmap.id);
        let requested = own.background.as_deref();
        let background = match requested {
            Some(id) => roadmap.background(id),
            None => None,
        }
        .or_else(|| (!roadmap.backgrounds.is_empty()).then_some(0));
        let background_chosen = requested.is_some();
        let unknown_background = requested
            .filter(|id| roadmap.background(id).is_none())
            .map(str::to_string);
        let (start, start_recorded) = progress.start_of(roadmap, today);
        let mut paces = own.paces(start, roadmap.hours_per_week);
        if let Some(hours) = what_if {
            paces.retain(|p| p.since < today || p.since == start);
            match paces.last_mut() {
                Some(last) if last.since >= today => last.hours_per_week = hours,
                _ => paces.push(PaceChange {
                    since: today,
                    hours_per_week: hours,
                }),
            }
        }
        let hours_per_week = paces
            .iter()
            .rev()
            .find(|p| p.since <= today)
            .or(paces.first())
            .map_or(roadmap.hours_per_week, |p| p.hours_per_week);
        let profile = EffectiveProfile {
            background,
            hours_per_week,
            start,
            start_recorded,
            paces,
        };

        // SPEC section 6: estimate plus extra months, scaled by the hours.
        let scale = roadmap.hours_per_week / hours_per_week;
        for (k, stage) in roadmap.stages.iter().enumerate() {
            let extra = background.map_or(0.0, |b| roadmap.backgrounds[b].extra_months[k]);
            stages[k].planned_months = (
                (stage.estimate.min_months + extra) * scale,
                (stage.estimate.max_months + extra) * scale,
            );
        }

        let (input, extra) = forecast_input(roadmap, &items, &stages, &profile, today);
        let forecast = forecast::forecast_with(&input, &extra);
        Report {
            roadmap,
            today,
            profile,
            items,
            stages,
            summary,
            orphans: view.orphans,
            unknown_background,
            background_chosen,
            forecast,
            what_if,
        }
    }

    /// The stages' planned months added up: (min, max).
    pub fn planned_total(&self) -> (f64, f64) {
        self.stages.iter().fold((0.0, 0.0), |(a, b), s| {
            (a + s.planned_months.0, b + s.planned_months.1)
        })
    }

    pub fn status(&self, item: usize) -> Status {
        self.items[item].status
    }

    /// The first stage with work left; `None` when all is done.
    pub fn current_stage(&self) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| !s.counts.is_complete() && s.counts.total > 0)
    }

    /// For every item, how many items not done or skipped need it, directly or
    /// through other prerequisites: what finishing it opens the way to.
    pub fn unlock_counts(&self) -> Vec<usize> {
        let roadmap = self.roadmap;
        let n = roadmap.items.len();
        let open = |i: usize| !matches!(self.items[i].status, Status::Done | Status::Skipped);
        // Who needs whom, among the items left to do.
        let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, item) in roadmap.items.iter().enumerate() {
            if open(i) {
                for &r in &item.requires {
                    needed_by[r].push(i);
                }
            }
        }
        // One walk per item with dependents; `mark` avoids clearing a set each time.
        let mut counts = vec![0; n];
        let mut mark = vec![usize::MAX; n];
        let mut stack = Vec::new();
        for start in 0..n {
            if needed_by[start].is_empty() {
                continue;
            }
            stack.extend(needed_by[start].iter().copied());
            while let Some(i) = stack.pop() {
                if mark[i] == start {
                    continue;
                }
                mark[i] = start;
                counts[start] += 1;
                stack.extend(needed_by[i].iter().copied());
            }
        }
        counts
    }

    pub fn prerequisites_met(&self, item: usize) -> bool {
        self.roadmap.items[item]
            .requires
            .iter()
            .all(|&r| matches!(self.items[r].status, Status::Done | Status::Skipped))
    }

    /// What to learn next, in the order a learner would take it: started items
    /// first; then todo items whose prerequisites are all done or skipped, earliest
    /// stage first, those that unlock the most items first, lighter ones before
    /// heavier. With a track, its own items come first, then the items outside it
    /// that block one of its items (`Reason::Needed`), in the same order, so a
    /// track always has something to suggest while it has work left.
    pub fn next_items(&self, track: Option<&Track>, count: usize) -> Vec<NextItem> {
        let roadmap = self.roadmap;
        let unlocks = self.unlock_counts();
        let in_track = |i: usize| track.is_none_or(|t| t.items.contains(&i));
        let needed_for = match track {
            Some(t) => self.blockers_outside(t),
            None => vec![None; roadmap.items.len()],
        };
        let mut started: Vec<NextItem> = Vec::new();
        let mut ready: Vec<NextItem> = Vec::new();
        let mut needed: Vec<NextItem> = Vec::new();
        #[allow(clippy::needless_range_loop)] // `i` indexes three parallel vectors
        for i in 0..roadmap.items.len() {
            let reason = match (self.items[i].status, needed_for[i]) {
                (Status::Started, _) if in_track(i) || needed_for[i].is_some() => {
                    Reason::Started(self.items[i].started)
                }
                (Status::Todo, _) if in_track(i) && self.prerequisites_met(i) => Reason::Ready,
                (Status::Todo, Some(t)) if self.prerequisites_met(i) => Reason::Needed(t),
                _ => continue,
            };
            let next = NextItem {
                item: i,
                reason,
                unlocks: unlocks[i],
            };
            match reason {
                Reason::Started(_) => started.push(next),
                Reason::Ready => ready.push(next),
                Reason::Needed(_) => needed.push(next),
            }
        }
        started.sort_by_key(|n| (roadmap.items[n.item].stage, n.item));
        let order = |n: &NextItem| {
            let item = &roadmap.items[n.item];
            (
                item.stage,
                std::cmp::Reverse(n.unlocks),
                item.weight,
                n.item,
            )
        };
        ready.sort_by_key(order);
        needed.sort_by_key(order);
        started
            .into_iter()
            .chain(ready)
            .chain(needed)
            .take(count)
            .collect()
    }

    /// For each item outside `track` that is not done or skipped and that a
    /// track item not yet done needs, directly or through other prerequisites:
    /// the first such track item, in the track's order.
    pub fn blockers_outside(&self, track: &Track) -> Vec<Option<usize>> {
        let roadmap = self.roadmap;
        let open = |i: usize| !matches!(self.items[i].status, Status::Done | Status::Skipped);
        let mut needed_for = vec![None; roadmap.items.len()];
        let mut seen = vec![false; roadmap.items.len()];
        for &t in &track.items {
            if !open(t) {
                continue;
            }
            seen.iter_mut().for_each(|s| *s = false);
            let mut stack: Vec<usize> = roadmap.items[t].requires.clone();
            while let Some(r) = stack.pop() {
                if seen[r] || !open(r) {
                    continue;
                }
                seen[r] = true;
                if !track.items.contains(&r) && needed_for[r].is_none() {
                    needed_for[r] = Some(t);
                }
                stack.extend(roadmap.items[r].requires.iter().copied());
            }
        }
        needed_for
    }

    /// The prerequisites of `item` that are neither done nor skipped.
    pub fn unmet_prerequisites(&self, item: usize) -> Vec<usize> {
        self.roadmap.items[item]
            .requires
            .iter()
            .copied()
            .filter(|&r| !matches!(self.items[r].status, Status::Done | Status::Skipped))
            .collect()
    }

    /// The first track made for the learner's background that has work left,
    /// with how many of its items are done or skipped.
    pub fn suggested_track(&self) -> Option<(&'a Track, usize)> {
        let background = self.profile.background?;
        self.roadmap
            .tracks
            .iter()
            .filter(|t| t.for_backgrounds.contains(&background))
            .map(|t| {
                let finished = t
                    .items
                    .iter()
                    .filter(|&&i| matches!(self.items[i].status, Status::Done | Status::Skipped))
                    .count();
                (t, finished)
            })
            .find(|(t, finished)| *finished < t.items.len())
    }

    /// Completion dates per item, oldest first, for `log`.
    pub fn events(&self, since: Option<NaiveDate>) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, record) in self.items.iter().enumerate() {
            if let Some(date) = record.started
                && record.status != Status::Todo
            {
                events.push(Event {
                    date,
                    item: i,
                    kind: EventKind::Started,
                });
            }
            if let (Status::Done, Some(date)) = (record.status, record.done) {
                events.push(Event {
                    date,
                    item: i,
                    kind: EventKind::Done,
                });
            }
        }
        events.retain(|e| since.is_none_or(|s| e.date >= s));
        // Newest first; on one day, completions before starts, then roadmap order.
        events.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then(b.kind.cmp(&a.kind))
                .then(a.item.cmp(&b.item))
        });
        events
    }
}

/// The forecast's input: the stages' months at the roadmap's own hours, and the
/// learner's paces as speeds relative to them.
fn forecast_input(
    roadmap: &Roadmap,
    items: &[ItemProgress],
    stages: &[StageReport],
    profile: &EffectiveProfile,
    today: NaiveDate,
) -> (forecast::Input, forecast::Extra) {
    let mut inputs = Vec::with_capacity(stages.len());
    let mut completions = Vec::new();
    let mut started = Vec::new();
    let mut items_remaining = Vec::with_capacity(stages.len());
    let scale = profile.hours_per_week / roadmap.hours_per_week;
    for (k, stage) in roadmap.stages.iter().enumerate() {
        let counts = &stages[k].counts;
        let mut last_done: Option<NaiveDate> = None;
        for i in stage.items.clone() {
            let record = &items[i];
            let weight = f64::from(roadmap.items[i].weight);
            match (record.status, record.done, record.started) {
                (Status::Done, Some(date), _) => {
                    last_done = last_done.max(Some(date));
                    completions.push(forecast::Completion {
                        date,
                        weight,
                        stage: k,
                    });
                }
                (Status::Started, _, started_on) => started.push(forecast::Completion {
                    date: started_on.unwrap_or(profile.start),
                    weight,
                    stage: k,
                }),
                _ => {}
            }
        }
        items_remaining.push(counts.todo + counts.started);
        let weight_total = counts.weight as f64;
        let weight_remaining = (counts.weight - counts.weight_skipped - counts.weight_done) as f64;
        inputs.push(forecast::StageInput {
            min_months: stages[k].planned_months.0 * scale,
            max_months: stages[k].planned_months.1 * scale,
            weight_total,
            weight_remaining,
            finished_on: if counts.is_complete() {
                last_done
            } else {
                None
            },
        });
    }
    let speeds = profile
        .paces
        .iter()
        .map(|p| forecast::SpeedChange {
            from: p.since,
            speed: p.hours_per_week / roadmap.hours_per_week,
        })
        .collect();
    (
        forecast::Input {
            start: profile.start,
            today,
            stages: inputs,
            completions,
        },
        forecast::Extra {
            speeds,
            started,
            items_remaining,
        },
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Started(Option<NaiveDate>),
    Ready,
    /// Outside the track asked for; this track item needs it first.
    Needed(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextItem {
    pub item: usize,
    pub reason: Reason,
    pub unlocks: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Started,
    Done,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Started => "started",
            EventKind::Done => "done",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub date: NaiveDate,
    pub item: usize,
    pub kind: EventKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_counts_weight_and_ignores_skipped() {
        let mut c = Counts::default();
        c.add(3, Status::Done);
        c.add(1, Status::Skipped);
        c.add(1, Status::Todo);
        assert_eq!(c.percent(), 75.0);
        let mut all = Counts::default();
        all.add(1, Status::Done);
        all.add(5, Status::Skipped);
        assert_eq!(all.percent(), 100.0);
        let mut almost = Counts::default();
        almost.add(999, Status::Done);
        almost.add(1, Status::Todo);
        assert_eq!(almost.percent(), 99.9);
    }

    const ROADMAP: &str = "\
format: 1
id: tiny
title: Tiny roadmap
hours_per_week: 10
backgrounds:
  - id: dev
    title: Developer
  - id: new
    title: Newcomer
    extra_months: { basics: 1 }
stages:
  - id: basics
    title: Basics
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: alpha, title: Alpha skill, weight: 2 }
      - { id: beta, title: Beta skill, requires: [alpha], aliases: [b-old] }
      - { id: gamma, title: Gamma project, kind: project, requires: [alpha, beta] }
  - id: more
    title: More
    estimate: { min_months: 1, max_months: 2 }
    items:
      - { id: delta, title: Delta skill, requires: [gamma] }
      - { id: epsilon, title: Epsilon skill }
";

    fn roadmap() -> Roadmap {
        crate::roadmap::parse(ROADMAP.as_bytes())
            .expect("the test roadmap is valid")
            .0
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    /// A progress file for `tiny`: a start, then `id = "status"` records
    /// (`done` ones dated 2026-10-01).
    fn progress(background: &str, records: &[(&str, &str)]) -> Progress {
        let mut text = format!(
            "format = 1\nroadmap = \"tiny\"\n\n[profile]\nstart = 2026-09-01\n{background}\n"
        );
        for (id, status) in records {
            text.push_str(&format!(
                "\n[roadmaps.tiny.items.{id}]\nstatus = \"{status}\"\n"
            ));
            match *status {
                "done" => text.push_str("done = 2026-10-01\n"),
                "started" => text.push_str("started = 2026-10-01\n"),
                _ => {}
            }
        }
        crate::progress::ProgressFile::parse(std::path::Path::new("progress.toml"), text)
            .expect("the test progress file is valid")
            .progress
    }

    fn index(roadmap: &Roadmap, id: &str) -> usize {
        roadmap.items.iter().position(|i| i.id == id).unwrap()
    }

    #[test]
    fn counts_and_state_per_stage_and_item() {
        let roadmap = roadmap();
        let p = progress(
            "",
            &[
                ("alpha", "done"),
                ("beta", "started"),
                ("gamma", "skipped"),
                ("epsilon", "done"),
            ],
        );
        let report = Report::build(&roadmap, &p, today());
        let basics = report.stages[0].counts;
        assert_eq!(
            (
                basics.total,
                basics.done,
                basics.started,
                basics.skipped,
                basics.todo
            ),
            (3, 1, 1, 1, 0)
        );
        // Weights: alpha 2 done, beta 1 started, gamma 1 skipped: 2 of 3 counted.
        assert_eq!(basics.percent(), 66.6);
        let more = report.stages[1].counts;
        assert_eq!((more.total, more.done, more.todo), (2, 1, 1));
        assert_eq!(more.percent(), 50.0);
        let s = report.summary;
        assert_eq!(
            (s.total, s.done, s.started, s.skipped, s.todo),
            (5, 2, 1, 1, 1)
        );
        // 3 of the 5 weight units not skipped are done.
        assert_eq!(s.percent(), 60.0);
        for (id, status) in [
            ("alpha", Status::Done),
            ("beta", Status::Started),
            ("gamma", Status::Skipped),
            ("delta", Status::Todo),
            ("epsilon", Status::Done),
        ] {
            assert_eq!(report.status(index(&roadmap, id)), status, "{id}");
        }
        assert!(!basics.is_complete());
        assert_eq!(report.current_stage(), Some(0));
    }

    #[test]
    fn skipped_items_leave_the_percent_and_the_current_stage_moves_on() {
        let roadmap = roadmap();
        let p = progress(
            "",
            &[("alpha", "done"), ("beta", "skipped"), ("gamma", "skipped")],
        );
        let report = Report::build(&roadmap, &p, today());
        assert!(report.stages[0].counts.is_complete());
        assert_eq!(report.stages[0].counts.percent(), 100.0);
        assert_eq!(report.current_stage(), Some(1));
        assert_eq!(report.summary.percent(), 50.0, "2 done of 4 not skipped");

        let every = progress(
            "",
            &[
                ("alpha", "done"),
                ("beta", "done"),
                ("gamma", "skipped"),
                ("delta", "skipped"),
                ("epsilon", "skipped"),
            ],
        );
        let report = Report::build(&roadmap, &every, today());
        assert_eq!(report.current_stage(), None);
        assert_eq!(report.summary.percent(), 100.0);

        let nothing = Report::build(&roadmap, &Progress::default(), today());
        assert_eq!(nothing.summary.percent(), 0.0);
        assert_eq!(nothing.current_stage(), Some(0));
        assert!(nothing.items.iter().all(|r| r.status == Status::Todo));
    }

    #[test]
    fn an_alias_counts_for_its_item_and_an_unknown_id_is_an_orphan() {
        let roadmap = roadmap();
        let p = progress("", &[("b-old", "done"), ("vanished", "started")]);
        let report = Report::build(&roadmap, &p, today());
        assert_eq!(report.status(index(&roadmap, "beta")), Status::Done);
        assert_eq!(report.summary.done, 1);
        assert_eq!(report.summary.started, 0, "an orphan is not counted");
        assert_eq!(report.orphans.len(), 1);
        assert_eq!(report.orphans[0].0, "vanished");
        assert_eq!(report.orphans[0].1.status, Status::Started);
    }

    #[test]
    fn the_plan_adds_the_background_and_scales_with_the_hours() {
        let roadmap = roadmap();
        let report = Report::build(&roadmap, &progress("", &[]), today());
        assert_eq!(report.profile.background, Some(0), "the first background");
        assert!(!report.background_chosen);
        assert_eq!(report.stages[0].planned_months, (1.0, 2.0));
        assert_eq!(report.planned_total(), (2.0, 4.0));

        let newcomer = progress("background = \"new\"\nhours_per_week = 5", &[]);
        let report = Report::build(&roadmap, &newcomer, today());
        assert!(report.background_chosen);
        // One extra month in `basics`, and half the hours: twice the time.
        assert_eq!(report.stages[0].planned_months, (4.0, 6.0));
        assert_eq!(report.stages[1].planned_months, (2.0, 4.0));
        assert_eq!(report.planned_total(), (6.0, 10.0));

        let unknown = progress("background = \"astronaut\"", &[]);
        let report = Report::build(&roadmap, &unknown, today());
        assert_eq!(report.unknown_background.as_deref(), Some("astronaut"));
    }

    #[test]
    fn next_puts_started_items_first_then_what_is_ready() {
        let roadmap = roadmap();
        let p = progress("", &[("alpha", "done"), ("epsilon", "started")]);
        let report = Report::build(&roadmap, &p, today());
        let next: Vec<&str> = report
            .next_items(None, 10)
            .iter()
            .map(|n| roadmap.items[n.item].id.as_str())
            .collect();
        assert_eq!(next.first(), Some(&"epsilon"), "{next:?}");
        assert!(next.contains(&"beta"), "{next:?}");
        assert!(!next.contains(&"gamma"), "gamma waits on beta: {next:?}");
        assert!(!next.contains(&"alpha"), "alpha is done: {next:?}");
        assert_eq!(report.next_items(None, 1).len(), 1);
    }
}
