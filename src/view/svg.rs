//! Pure: the charts of the shared page, as SVG. The timeline (each stage's planned
//! window, the forecast P50 and P85, today) is also `export --format svg` on its
//! own; the progress chart (done work over time against the plan) lives in the
//! page. Markup is built with `maud`, which escapes every text it is given.

use std::borrow::Cow;

use chrono::{Datelike, Months, NaiveDate};
use maud::{Markup, PreEscaped, html};

use crate::forecast::State;
use crate::progress::Status;
use crate::report::Report;

/// The charts' stylesheet, shared with the page.
pub const CHART_CSS: &str = include_str!("../../assets/chart.css");

const WIDTH: f64 = 880.0;
/// Where the bars begin: the stage labels stand to the left of it.
const LABEL_WIDTH: f64 = 250.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 52.0;
const ROW: f64 = 40.0;
const BAR: f64 = 16.0;
const LEGEND: f64 = 56.0;
/// The longest stage title a label shows before it is cut (the whole title is the tooltip).
const LABEL_CHARS: usize = 34;
/// No chart spans more than this, whatever the forecast says.
const MAX_YEARS: u32 = 100;

/// Text from a roadmap or a progress file, made safe to place in HTML or XML:
/// control characters (which XML forbids, even escaped) are shown as `\u{..}`,
/// the non-characters U+FFFE and U+FFFF become U+FFFD. The markup's own
/// characters are escaped by `maud` when the text is spliced in.
pub fn clean(text: &str) -> Cow<'_, str> {
    let bad =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}';
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c if bad(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `clean`, on one line: for labels, titles and tooltips.
pub fn clean_line(text: &str) -> String {
    clean(text).replace(['\n', '\t'], " ")
}

/// At most `max` characters, cut with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    let line = clean_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A coordinate, to a tenth of a pixel, without a trailing `.0`.
fn n(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A horizontal time axis: dates from `from` to `to` over pixels `x0` to `x1`.
struct Axis {
    from: NaiveDate,
    to: NaiveDate,
    x0: f64,
    x1: f64,
}

struct Tick {
    date: NaiveDate,
    label: Option<String>,
    major: bool,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn first_of_year(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d)
}

fn plus_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(d)
}

/// `from`, then a date every `months` months, up to the first one past `to`
/// (or the calendar's last).
fn every(from: NaiveDate, months: u32, to: NaiveDate) -> Vec<NaiveDate> {
    let mut dates = vec![from];
    let mut d = from;
    while d <= to {
        match d.checked_add_months(Months::new(months)) {
            Some(next) => {
                d = next;
                dates.push(d);
            }
            None => break,
        }
    }
    dates
}

fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
}

impl Axis {
    /// An axis covering `from..to`, widened to whole quarters (short spans) or
    /// whole years, so the ticks fall on the edges.
    fn covering(from: NaiveDate, to: NaiveDate, x0: f64, x1: f64) -> Axis {
        let limit = plus_months(from, MAX_YEARS * 12);
        let to = to.clamp(from, limit);
        let (start, step) = if months_between(from, to) <= 30 {
            let month = first_of_month(from);
            (
                month.with_month0(month.month0() / 3 * 3).unwrap_or(month),
                3,
            )
        } else {
            (first_of_year(from), 12)
        };
        let end = every(start, step, to).last().copied().unwrap_or(to);
        Axis {
            from: start,
            to: end.max(to),
            x0,
            x1,
        }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let span = (self.to - self.from).num_days().max(1) as f64;
        let days = (date.clamp(self.from, self.to) - self.from).num_days() as f64;
        self.x0 + days / span * (self.x1 - self.x0)
    }

    fn contains(&self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }

    /// Quarters for a span up to two and a half years, else years (labelled
    /// often enough to read, never so often the labels touch).
    fn ticks(&self) -> Vec<Tick> {
        let mut ticks = Vec::new();
        let dates = |months| {
            every(self.from, months, self.to)
                .into_iter()
                .filter(|d| *d <= self.to)
        };
        if months_between(self.from, self.to) <= 30 {
            for d in dates(3) {
                let january = d.month() == 1;
                ticks.push(Tick {
                    date: d,
                    label: Some(if january || d == self.from {
                        format!("{} {}", MONTHS[d.month0() as usize], d.year())
                    } else {
                        MONTHS[d.month0() as usize].to_string()
                    }),
                    major: january,
                });
            }
        } else {
            let years = (self.to.year() - self.from.year()).max(1);
            let step = (years + 11) / 12;
            for d in dates(12) {
                ticks.push(Tick {
                    date: d,
                    label: ((d.year() - self.from.year()) % step == 0)
                        .then(|| d.year().to_string()),
                    major: true,
                });
            }
        }
        ticks
    }
}

/// Vertical grid lines with their labels above `top` (or below `bottom`).
fn grid(axis: &Axis, top: f64, bottom: f64, labels_below: bool) -> Markup {
    let ticks = axis.ticks();
    let last = ticks.len().saturating_sub(1);
    html! {
        g class="axis" {
            @for (i, tick) in ticks.iter().enumerate() {
                @let x = axis.x(tick.date);
                line class=(if tick.major { "grid major" } else { "grid" })
                    x1=(n(x)) y1=(n(top)) x2=(n(x)) y2=(n(bottom)) {}
                @if let Some(label) = &tick.label {
                    @if i < last {
                        text x=(n(x + 3.0)) y=(n(if labels_below { bottom + 15.0 } else { top - 6.0 })) { (label) }
                    }
                }
            }
        }
    }
}

/// The latest date worth drawing for a stage: the end of its window or its P85.
fn stage_end(report: &Report, k: usize) -> NaiveDate {
    let f = &report.forecast.stages[k];
    let mut end = f.planned.max_end;
    if let Some(p85) = f.p85 {
        end = end.max(p85);
    }
    end
}

/// The timeline chart: one row per stage with its planned window (the fastest
/// plan solid, the range to the slowest lighter), the forecast P50 (a dot) and
/// P85 (the end of the band), or the day it was finished; today as a line.
/// `standalone` adds the namespace declaration and the stylesheet, for a file of
/// its own.
pub fn timeline(report: &Report, standalone: bool) -> Markup {
    let roadmap = report.roadmap;
    let stages = &report.forecast.stages;
    let rows = stages.len();
    let plot_bottom = TOP + ROW * rows as f64 + 6.0;
    let height = plot_bottom + LEGEND;
    let from = stages
        .iter()
        .map(|s| s.planned.start)
        .chain([report.profile.start, report.today])
        .min()
        .unwrap_or(report.today);
    let to = (0..rows)
        .map(|k| stage_end(report, k))
        .chain([report.today])
        .max()
        .unwrap_or(report.today);
    let axis = Axis::covering(from, to, LABEL_WIDTH, WIDTH - RIGHT);
    let current = report.current_stage();
    let title = format!("Timeline of {}", clean_line(&roadmap.title));
    let today_x = axis.x(report.today);
    html! {
        svg xmlns=[standalone.then_some("http://www.w3.org/2000/svg")]
            class="chart timeline" role="img" aria-labelledby="timeline-title"
            width=(n(WIDTH)) height=(n(height)) viewBox=(format!("0 0 {} {}", n(WIDTH), n(height))) {
            title id="timeline-title" { (title) }
            @if standalone {
                style { (PreEscaped(CHART_CSS)) }
                // A file of its own brings its own paper, so it reads on any background.
                rect class="paper" width="100%" height="100%" rx="6" {}
            }
            (grid(&axis, TOP - 4.0, plot_bottom, false))
            @for (k, (stage, f)) in roadmap.stages.iter().zip(stages).enumerate() {
                @let y = TOP + ROW * k as f64;
                @let mid = y + ROW / 2.0;
                @let counts = &report.stages[k].counts;
                @let bar_y = mid - BAR / 2.0;
                g class=(if Some(k) == current { "stage current" } else { "stage" }) {
                    text x="8" y=(n(mid - 3.0)) {
                        title { (clean_line(&stage.title)) }
                        (format!("{} {}", k + 1, cut(&stage.title, LABEL_CHARS)))
                    }
                    text class="sub" x="8" y=(n(mid + 12.0)) {
                        (format!("{}% · {}/{} done", crate::view::percent_text(counts.percent()), counts.done, counts.total))
                    }
                    @let (a, b, c) = (axis.x(f.planned.start), axis.x(f.planned.min_end), axis.x(f.planned.max_end));
                    rect class="plan" x=(n(a)) y=(n(bar_y)) width=(n((b - a).max(2.0))) height=(n(BAR)) rx="2" {
                        title { (format!("planned {} to {}", ymd(f.planned.start), ymd(f.planned.min_end))) }
                    }
                    @if c > b {
                        rect class="range" x=(n(b)) y=(n(bar_y)) width=(n(c - b)) height=(n(BAR)) rx="2" {
                            title { (format!("or as late as {}", ymd(f.planned.max_end))) }
                        }
                    }
                    @match (f.state, f.p50, f.p85) {
                        (State::Done, Some(day), _) => {
                            @let x = axis.x(day);
                            path class="finished" d=(format!("M{} {}l7 7l-7 7l-7 -7z", n(x), n(mid - 7.0))) {
                                title { (format!("finished {}", ymd(day))) }
                            }
                        }
                        (_, Some(p50), Some(p85)) => {
                            @let (x50, x85) = (axis.x(p50), axis.x(p85));
                            rect class="spread" x=(n(x50)) y=(n(mid - 4.0)) width=(n((x85 - x50).max(0.0))) height="8" {
                                title { (format!("85% chance by {}", ymd(p85))) }
                            }
                            @if axis.contains(p85) {
                                line class="p85" x1=(n(x85)) y1=(n(mid - 7.0)) x2=(n(x85)) y2=(n(mid + 7.0)) {}
                            }
                            circle class="p50" cx=(n(x50)) cy=(n(mid)) r="5.5" {
                                title { (format!("as likely as not by {}", ymd(p50))) }
                            }
                        }
                        _ => {}
                    }
                }
            }
            line class="today" x1=(n(today_x)) y1=(n(TOP - 26.0)) x2=(n(today_x)) y2=(n(plot_bottom)) {}
            text class="today-label" x=(n(today_x.clamp(LABEL_WIDTH + 50.0, WIDTH - RIGHT - 50.0))) y=(n(TOP - 32.0)) text-anchor="middle" {
                (format!("today {}", ymd(report.today)))
            }
            (timeline_legend(plot_bottom + 24.0))
        }
    }
}

fn timeline_legend(y: f64) -> Markup {
    html! {
        g class="legend" {
            rect class="plan" x="8" y=(n(y - 9.0)) width="22" height="12" rx="2" {}
            text x="36" y=(n(y + 1.0)) { "planned (fastest)" }
            rect class="range" x="150" y=(n(y - 9.0)) width="22" height="12" rx="2" {}
            text x="178" y=(n(y + 1.0)) { "to slowest" }
            circle class="p50" cx="268" cy=(n(y - 3.0)) r="5.5" {}
            text x="280" y=(n(y + 1.0)) { "forecast P50" }
            rect class="spread" x="376" y=(n(y - 7.0)) width="22" height="8" {}
            line class="p85" x1="398" y1=(n(y - 10.0)) x2="398" y2=(n(y + 4.0)) {}
            text x="406" y=(n(y + 1.0)) { "to P85" }
            path class="finished" d=(format!("M478 {}l6 6l-6 6l-6 -6z", n(y - 9.0))) {}
            text x="490" y=(n(y + 1.0)) { "finished" }
            line class="today" x1="560" y1=(n(y - 10.0)) x2="560" y2=(n(y + 4.0)) {}
            text x="568" y=(n(y + 1.0)) { "today" }
        }
    }
}

/// `export --format svg`: the timeline chart as a file of its own.
pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&timeline(report, true).into_string());
    out.push('\n');
    out
}

/// Piecewise-linear value of `points` (sorted by date) at `date`.
fn value_at(points: &[(NaiveDate, f64)], date: NaiveDate) -> f64 {
    let Some(&(first_day, first)) = points.first() else {
        return 0.0;
    };
    if date <= first_day {
        return first;
    }
    for pair in points.windows(2) {
        let ((a, va), (b, vb)) = (pair[0], pair[1]);
        if date <= b {
            let span = (b - a).num_days();
            if span <= 0 {
                return vb;
            }
            return va + (vb - va) * (date - a).num_days() as f64 / span as f64;
        }
    }
    points.last().map_or(0.0, |p| p.1)
}

/// The points of `curve` up to `end`, ending exactly there.
fn clip(curve: &[(NaiveDate, f64)], end: NaiveDate) -> Vec<(NaiveDate, f64)> {
    let mut out: Vec<(NaiveDate, f64)> = curve.iter().copied().filter(|p| p.0 < end).collect();
    out.push((end, value_at(curve, end)));
    out
}

const CHART_HEIGHT: f64 = 300.0;
const PLOT_LEFT: f64 = 56.0;
const PLOT_TOP: f64 = 20.0;
const PLOT_BOTTOM: f64 = 230.0;

/// Done work over time against the plan: the share of the roadmap's work done
/// (by weight, skipped items left out) as a step line, over the band between
/// the fastest and the slowest plan, from the start to the end of the current
/// stage's window (or today, if later).
pub fn progress(report: &Report) -> Markup {
    let roadmap = report.roadmap;
    let start = report.profile.start;
    let today = report.today;
    let windows: Vec<_> = report.forecast.stages.iter().map(|s| s.planned).collect();
    let weights: Vec<f64> = report
        .stages
        .iter()
        .map(|s| (s.counts.weight - s.counts.weight_skipped) as f64)
        .collect();
    let total: f64 = weights.iter().sum::<f64>().max(1.0);

    // The plan: each stage's share of the work, spread over its window.
    let (mut fast, mut slow) = (vec![(start, 0.0)], vec![(start, 0.0)]);
    let mut done_share = 0.0;
    let mut slow_begin = start;
    for (w, share) in windows.iter().zip(&weights) {
        fast.push((w.start, done_share));
        slow.push((slow_begin, done_share));
        done_share += share / total * 100.0;
        fast.push((w.min_end, done_share));
        slow.push((w.max_end, done_share));
        slow_begin = w.max_end;
    }

    // What was done: items finished on or before the start (or with no date)
    // count from the start, as what the learner already knew.
    let mut finished: Vec<(NaiveDate, f64)> = roadmap
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| report.items[*i].status == Status::Done)
        .map(|(i, item)| {
            let day = report.items[i]
                .done
                .unwrap_or(start)
                .clamp(start, today.max(start));
            (day, f64::from(item.weight))
        })
        .collect();
    finished.sort_by_key(|f| f.0);
    let last_done = finished.last().map(|f| f.0);

    let end = match report.current_stage() {
        Some(k) => windows[k].max_end.max(today),
        None => today.max(last_done.unwrap_or(today)),
    };
    let end = end.max(plus_months(start, 3));
    let axis = Axis::covering(start.min(today), end, PLOT_LEFT, WIDTH - RIGHT);
    let fast = clip(&fast, axis.to);
    let slow = clip(&slow, axis.to);

    // The done line: what was known at the start, then a step per completion.
    let mut cumulative = 0.0;
    let mut steps = finished.iter().peekable();
    while let Some(&&(day, weight)) = steps.peek() {
        if day > start {
            break;
        }
        cumulative += weight;
        steps.next();
    }
    let mut points = vec![(start, cumulative / total * 100.0)];
    for &(day, weight) in steps {
        cumulative += weight;
        points.push((day, cumulative / total * 100.0));
    }
    let now = cumulative / total * 100.0;

    // The scale reaches a little past the highest of the plan and the work done.
    let highest = fast.iter().chain(&slow).map(|p| p.1).fold(now, f64::max);
    let top_share = (((highest + 5.0) / 25.0).ceil() * 25.0).clamp(25.0, 100.0);
    let step = if top_share <= 50.0 { 10.0 } else { 25.0 };
    let y = |share: f64| {
        PLOT_BOTTOM - share.clamp(0.0, top_share) / top_share * (PLOT_BOTTOM - PLOT_TOP)
    };
    let shares: Vec<f64> = (0..)
        .map(|i| f64::from(i) * step)
        .take_while(|&v| v <= top_share + 1e-9)
        .collect();

    let band: Vec<String> = fast
        .iter()
        .chain(slow.iter().rev())
        .map(|&(d, v)| format!("{},{}", n(axis.x(d)), n(y(v))))
        .collect();
    let mut path = format!("M{} {}", n(axis.x(points[0].0)), n(y(points[0].1)));
    for &(day, share) in &points[1..] {
        path.push_str(&format!("H{}V{}", n(axis.x(day)), n(y(share))));
    }
    path.push_str(&format!("H{}", n(axis.x(today))));
    let today_x = axis.x(today);
    // The labels at today stand on the side with room.
    let (anchor, dx) = if today_x > PLOT_LEFT + 220.0 {
        ("end", -8.0)
    } else {
        ("start", 8.0)
    };
    let (plan_low, plan_high) = (value_at(&slow, today), value_at(&fast, today));
    let plan_text = if (plan_high - plan_low).abs() < 0.5 {
        format!("plan {plan_high:.0}%")
    } else {
        format!("plan {plan_low:.0}-{plan_high:.0}%")
    };
    let summary = format!(
        "{}% of the work done by {}",
        crate::view::percent_text(report.summary.percent()),
        ymd(today)
    );
    html! {
        svg class="chart progress" role="img" aria-labelledby="progress-title"
            width=(n(WIDTH)) height=(n(CHART_HEIGHT)) viewBox=(format!("0 0 {} {}", n(WIDTH), n(CHART_HEIGHT))) {
            title id="progress-title" { (format!("Done work over time: {summary}")) }
            (grid(&axis, PLOT_TOP, PLOT_BOTTOM, true))
            g class="axis" {
                @for &share in &shares {
                    line class="grid" x1=(n(PLOT_LEFT)) y1=(n(y(share))) x2=(n(WIDTH - RIGHT)) y2=(n(y(share))) {}
                    text x=(n(PLOT_LEFT - 6.0)) y=(n(y(share) + 4.0)) text-anchor="end" { (format!("{share}%")) }
                }
            }
            polygon class="band" points=(band.join(" ")) {
                title { "the plan, from its fastest to its slowest" }
            }
            path class="actual" d=(path) {}
            circle class="actual-dot" cx=(n(today_x)) cy=(n(y(now))) r="4.5" {
                title { (summary) }
            }
            text class="callout" x=(n(today_x + dx)) y=(n(y(now) - 8.0)) text-anchor=(anchor) {
                (format!("{}% done", crate::view::percent_text(report.summary.percent())))
            }
            @if plan_high > 0.0 {
                text class="muted" x=(n(today_x + dx)) y=(n(y(plan_high) - 8.0)) text-anchor=(anchor) {
                    (plan_text)
                }
            }
            line class="today" x1=(n(today_x)) y1=(n(PLOT_TOP - 6.0)) x2=(n(today_x)) y2=(n(PLOT_BOTTOM)) {}
            @let legend = PLOT_BOTTOM + 48.0;
            g class="legend" {
                line class="actual" x1="8" y1=(n(legend - 4.0)) x2="30" y2=(n(legend - 4.0)) {}
                text x="36" y=(n(legend)) { "done (share of the work, by weight)" }
                rect class="band" x="260" y=(n(legend - 10.0)) width="22" height="12" {}
                text x="288" y=(n(legend)) { "the plan, fastest to slowest" }
                line class="today" x1="476" y1=(n(legend - 11.0)) x2="476" y2=(n(legend + 3.0)) {}
                text x="484" y=(n(legend)) { (format!("today {}", ymd(today))) }
            }
        }
    }
}
