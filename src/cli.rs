//! Every command-line type: the parser, subcommands, their arguments and value enums.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const TOP_HELP: &str = "\
{before-help}{about-with-newline}
{usage-heading} {usage}

Track your progress:
  done         Mark items done
  start        Mark items started
  skip         Skip items you will not learn
  undo         Put items back to todo (their notes stay)
  note         Set an item's note
  profile      Show or set background, hours, start

See where you stand:
  status       Progress, forecast, what is next (default)
  list         The checklist, grouped by stage and area
  show         Everything about one item
  next         What to learn next
  timeline     Planned and forecast finish dates per stage
  log          What you started and finished, by date
  ui           Browse and tick items in a full-screen view

Plan ahead:
  plan         The hours per week a finish date needs
  week         This week's work to stay on track

Scripts and sharing:
  export       Progress with the roadmap, for scripts
  import       Merge an export or another progress file

Set up and maintain:
  roadmaps     List the available roadmaps
  use          Make a roadmap the active one
  new          Start your own roadmap
  validate     Check roadmap files
  schema       Print the JSON Schema of the roadmap format
  doctor       Check the progress file against the roadmap
  completions  Print a shell completion script
  man          Print the man page

Several machines:
  sync          Keep machines in step, through git
  merge-driver  Merge three versions of a file (run by git)

Options:
{options}{after-help}";

const TOP_AFTER: &str = "\
Examples:
  roadmap          where you stand, and what is next
  roadmap done python git-basics --on 2026-01-15
  roadmap next --track developers
  roadmap profile --background beginner --hours-per-week 8
  roadmap export --format csv -o progress.csv

ITEM is an id, an alias, a title, or an unambiguous prefix of one. \
Progress lives in one TOML file (see `roadmap doctor`). \
`roadmap help COMMAND` explains a command and shows examples; \
`roadmap man` prints the whole manual.";

#[derive(Debug, Parser)]
#[command(
    name = "roadmap",
    version,
    about = "Track a long learning path: stages, skills, projects and when you will finish",
    help_template = TOP_HELP,
    after_help = TOP_AFTER,
    max_term_width = 100,
    disable_help_subcommand = false
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Roadmap to use: a roadmap id or a path to a YAML file [default: the active one]
    #[arg(long, global = true, value_name = "ID|PATH")]
    pub roadmap: Option<String>,

    /// Progress file [default: $ROADMAP_PROGRESS, else <data dir>/roadmap/progress.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub progress: Option<PathBuf>,

    /// When to use colour
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set or TERM is dumb
    Auto,
    /// Colour even in a pipe
    Always,
    /// No colour
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Progress, forecast, what is next (default)
    #[command(
        long_about = "Show, per stage, a progress bar, items done, the plan and the \
forecast finish; the overall percent; the current stage; the next few items; and warnings \
about progress the roadmap no longer has. `roadmap` alone does the same.",
        after_long_help = "Examples:\n  roadmap\n  roadmap status --json | jq .summary"
    )]
    Status(ForecastArgs),

    /// The checklist, grouped by stage and area
    #[command(
        long_about = "Print the checklist, grouped by stage and area: [x] done, \
[~] started, [-] skipped, [ ] todo. STAGE is a stage's id, its title, or its number.",
        after_long_help = "Examples:\n  roadmap list foundations\n  \
roadmap list --status todo --track developers\n  roadmap list 2 --json"
    )]
    List(ListArgs),

    /// Everything about one item
    #[command(
        long_about = "Everything about one item: its stage, summary, prerequisites \
and their status, resources, tracks, dates and note.\n\nITEM is an id, an alias, a title, or an \
unambiguous prefix of one.",
        after_long_help = "Examples:\n  roadmap show rag\n  roadmap show \"prompt eng\"\n  \
roadmap show python --json"
    )]
    Show(ShowArgs),

    /// What to learn next
    #[command(
        long_about = "Items to learn next: started items first, then todo items whose \
prerequisites are all done or skipped, earliest stage first, heavier foundations before light \
extras.",
        after_long_help = "Examples:\n  roadmap next\n  roadmap next -n 10 --track developers"
    )]
    Next(NextArgs),

    /// Mark items done
    #[command(
        long_about = "Mark one or more items done, today or on the date given. \
Several items are all written or none. An item already done is left as it is.\n\nITEM is an \
id, an alias, a title, or an unambiguous prefix of one.",
        after_long_help = "Examples:\n  roadmap done python\n  \
roadmap done python git-basics --on 2026-01-15\n  \
roadmap done rag-app --note \"Answered questions over my notes\""
    )]
    Done(DoneArgs),

    /// Mark items started
    #[command(
        long_about = "Mark one or more items started, today or on the date given. \
Several items are all written or none.",
        after_long_help = "Examples:\n  roadmap start rag-app\n  \
roadmap start rag agents --on 2026-11-02"
    )]
    Start(StartArgs),

    /// Skip items you will not learn
    #[command(
        long_about = "Mark items skipped: they no longer count towards the percent or \
the forecast. `roadmap undo` brings them back.",
        after_long_help = "Examples:\n  roadmap skip chatgpt-use ai-terminology"
    )]
    Skip(ItemsArgs),

    /// Put items back to todo (their notes stay)
    #[command(
        long_about = "Put items back to todo, whether started, done or skipped. \
Their notes stay; their dates go.",
        after_long_help = "Examples:\n  roadmap undo python"
    )]
    Undo(ItemsArgs),

    /// Set an item's note
    #[command(
        long_about = "Set an item's note, shown by `roadmap show` and in exports; \
an empty TEXT removes it.",
        after_long_help = "Examples:\n  \
roadmap note python \"Packaged my scripts with tests and CI\"\n  roadmap note python \"\""
    )]
    Note(NoteArgs),

    /// Planned and forecast finish dates per stage
    #[command(
        long_about = "Per stage: the planned window from your start date, background \
and hours per week; the forecast finish (P50: even odds; P85: 85% likely) at your own pace; \
whether you are ahead or behind; and a chart across the years.",
        after_long_help = "Examples:\n  roadmap timeline\n  roadmap timeline --json"
    )]
    Timeline(ForecastArgs),

    /// The hours per week a finish date needs
    #[command(
        long_about = "The hours per week that would finish the roadmap (or, with \
--stage, one stage) by DATE: for even odds (P50) and for an 85% chance (P85), beside your \
current hours. Your own pace is kept: what the forecast has learnt from your completions \
carries over, as if the new hours began today. A date that even 60 hours a week cannot \
reach says so. Nothing is written: `roadmap profile --hours-per-week H` commits to an answer.",
        after_long_help = "Examples:\n  roadmap plan --by 2028-06-01\n  \
roadmap plan --by 2027-09-01 --stage foundations\n  roadmap plan --by 2030-01-01 --json"
    )]
    Plan(PlanArgs),

    /// This week's work to stay on track
    #[command(
        long_about = "The items to work on this week (Monday to Sunday) to stay on \
track at your profile's hours per week: items done since Monday count first, then started \
items, then what `roadmap next` would take, until their planned hours fill the week. An \
item's planned hours are its share, by weight, of its stage's planned time at your hours.",
        after_long_help = "Examples:\n  roadmap week\n  roadmap week --json | jq '.items[].id'"
    )]
    Week(JsonArgs),

    /// Show or set background, hours, start
    #[command(
        long_about = "Show the learner's profile, or set parts of it. The profile \
scales the plan: a background may add months to a stage, and fewer hours per week stretch \
every stage.",
        after_long_help = "Examples:\n  roadmap profile\n  \
roadmap profile --background beginner --hours-per-week 8 --start 2026-06-01"
    )]
    Profile(ProfileArgs),

    /// Progress with the roadmap, for scripts
    #[command(
        long_about = "Write progress with the roadmap, for scripts and sharing. JSON \
(the default) is a stable format; CSV has one row per item; Markdown is a checklist; TOML is a \
standalone progress file for this roadmap. HTML is one page to send or print: your profile, \
each stage with its forecast, the timeline and your done work against the plan as charts, \
and the checklist with dates and notes; it needs no network and runs no script. SVG is the \
timeline chart alone, for a README or a slide. ICS (iCalendar) puts each \
stage's forecast finish in your calendar as an all-day event (P50, with the P85 in its \
description); importing a newer export updates those events rather than adding more. \
`--study` adds a weekly study block.",
        after_long_help = "Examples:\n  roadmap export > progress.json\n  \
roadmap export --format markdown -o PROGRESS.md\n  \
roadmap export --format html -o progress.html\n  \
roadmap export --format svg -o timeline.svg\n  \
roadmap export --format ics --study \"Mon,Thu 19:00\" -o roadmap.ics"
    )]
    Export(ExportArgs),

    /// Merge an export or another progress file
    #[command(
        long_about = "Merge a JSON export or a progress TOML file into your progress. \
Per item the further status wins (todo < started < done; skipped only over todo); nothing is \
ever downgraded and no note is dropped. Prints what changed.",
        after_long_help = "Examples:\n  roadmap import laptop.json --dry-run\n  \
roadmap import old-progress.toml"
    )]
    Import(ImportArgs),

    /// What you started and finished, by date
    #[command(
        long_about = "Starts and completions by date, newest first, with a line of \
weekly activity.",
        after_long_help = "Examples:\n  roadmap log\n  roadmap log --since 2026-09-01"
    )]
    Log(LogArgs),

    /// Browse and tick items in a full-screen view
    #[command(
        long_about = "A full-screen browser: the stages with their progress and forecast, \
the items of a stage, and one item's whole story. Keys: arrows or j/k move, Enter/l open, \
Esc/h back, / searches ids and titles, d done, s start, x skip, u undo, n edits the note, \
t filters by track, ? help, q quit. Changes are written at once, as the commands write them, \
and a change another process makes to the progress file shows up. Needs a terminal.",
        after_long_help = "Examples:\n  roadmap ui\n  roadmap ui --roadmap my-roadmap.yaml"
    )]
    Ui,

    /// List the available roadmaps
    #[command(
        long_about = "List the roadmaps you can use: the built-in ones and your own \
in <config dir>/roadmap/roadmaps/, with their number of items and which one is active. A \
roadmap of yours with a built-in one's id is used in its place.",
        after_long_help = "Examples:\n  roadmap roadmaps\n  roadmap roadmaps --json"
    )]
    Roadmaps(JsonArgs),

    /// Make a roadmap the active one
    #[command(
        long_about = "Make a roadmap the active one, by id (built-in or user) or by \
path to a YAML file. Recorded in the progress file; `--roadmap` overrides it for one command.",
        after_long_help = "Examples:\n  roadmap use ai-engineer\n  roadmap use ./my-roadmap.yaml"
    )]
    Use(UseArgs),

    /// Check roadmap files
    #[command(
        long_about = "Check roadmap files against the format: every problem, with file, \
line and column. Exit 1 when any file has an error; warnings alone exit 0.",
        after_long_help = "Examples:\n  roadmap validate roadmap/ai-engineer.yaml\n  \
roadmap validate *.yaml --json"
    )]
    Validate(ValidateArgs),

    /// Check the progress file against the roadmap
    #[command(
        long_about = "Check the progress file against the roadmap: progress for items \
the roadmap no longer has, dates in the future or out of order, unknown keys.",
        after_long_help = "Examples:\n  roadmap doctor\n  roadmap doctor --json"
    )]
    Doctor(JsonArgs),

    /// Keep machines in step, through git
    #[command(
        long_about = "Keep the progress file in a git repository and in step with a \
remote: commit what changed here, pull what the other machines pushed, merge it by the \
`import` rules (the further status wins, no note is lost), and push. The first time, \
`--remote URL` names the remote (any URL your git can push to: an empty repository of \
yours on a git host, or a path); the progress file's folder becomes a git repository, \
unless it is already inside one. Later, `roadmap sync` alone does it all again.\n\n\
Your own git does the transport with your own credentials; roadmap stores no secret. \
It registers `roadmap merge-driver` for the progress file (in `.gitattributes` and the \
repository's config), so git never leaves conflict markers in it.",
        after_long_help = "Examples:\n  \
roadmap sync --remote git@github.com:me/progress.git   # once, on each machine\n  \
roadmap sync                                            # then, whenever you like"
    )]
    Sync(SyncArgs),

    /// Merge three versions of a file (run by git)
    #[command(
        long_about = "Merge three versions of a progress file, as git's merge driver: \
BASE (the common ancestor), OURS and THEIRS, by the `import` rules: per item the further \
status wins, a note changed on both sides keeps both, progress for items a roadmap no \
longer has is kept. What only one side changed since BASE (an undo, a corrected date) is \
taken from that side. Comments and layout from both sides are kept where they do not \
collide. The result is written to OURS; the exit status is 0 unless a file cannot be read, \
so that git stops. `roadmap sync` registers it; to do so by hand, in the repository:\n  \
git config merge.roadmap.driver 'roadmap merge-driver %O %A %B'\n  \
echo 'progress.toml merge=roadmap' >> .gitattributes",
        after_long_help = "Examples:\n  roadmap merge-driver base.toml mine.toml theirs.toml"
    )]
    MergeDriver(MergeDriverArgs),

    /// Start your own roadmap
    #[command(
        long_about = "Write a new roadmap with one stage and one item to \
<config dir>/roadmap/roadmaps/ID.yaml, with comments that explain every key. It is valid as \
written: edit it, check it with `roadmap validate`, then make it active with `roadmap use ID`. \
An existing file is never overwritten.\n\nWith --from ROADMAP, the new file is a copy of that \
roadmap (a built-in one, one of yours, or a path), every stage, item and comment of it, under the \
new id, to change at will. The id of a built-in roadmap is refused: yours would hide it; copy it \
under another id instead.\n\nWhen the schema is saved beside your roadmaps \
(`roadmap schema > <config dir>/roadmap/roadmap.schema.json`), the new file's first line points \
editors at it.",
        after_long_help = "Examples:\n  roadmap new rust-dev --title \"Rust developer\"\n  \
roadmap new my-ai --from ai-engineer --title \"My AI path\"\n  \
roadmap use rust-dev"
    )]
    New(NewArgs),

    /// Print the JSON Schema of the roadmap format
    #[command(
        long_about = "Print the JSON Schema (draft-07) of the roadmap format. Editors \
that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, ...) check and complete \
a roadmap file against it once the file's first line names it: \
`# yaml-language-server: $schema=PATH`, with PATH relative to the roadmap file.",
        after_long_help = "Examples:\n  \
roadmap schema > ~/.config/roadmap/roadmap.schema.json\n  \
roadmap new rust-dev        # its first line now names that schema"
    )]
    Schema,

    /// Print a shell completion script
    #[command(
        long_about = "Print a completion script for SHELL. In bash, zsh and fish, item, \
stage, track, background and roadmap ids complete too (`roadmap done <TAB>` offers the items \
still to do), from the active roadmap or the one given with --roadmap. Elvish and PowerShell \
complete commands and options.",
        after_long_help = "Examples:\n  \
roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap\n  \
roadmap completions zsh > ~/.zfunc/_roadmap\n  \
roadmap completions fish > ~/.config/fish/completions/roadmap.fish"
    )]
    Completions(CompletionsArgs),

    /// Print the man page
    #[command(
        long_about = "Print the manual page, in roff: every command with its options \
and examples, the files and environment variables roadmap uses, and its exit status.",
        after_long_help = "Examples:\n  roadmap man | man -l -\n  \
roadmap man > ~/.local/share/man/man1/roadmap.1"
    )]
    Man,

    /// Print completion candidates (used by the completion scripts)
    #[command(hide = true, name = "__complete")]
    Complete(CompleteArgs),
}

/// `status` and `timeline`: the answer, or a what-if at other hours per week.
#[derive(Debug, Args, Default)]
pub struct ForecastArgs {
    /// Print one JSON document instead of the table
    #[arg(long)]
    pub json: bool,
    /// What if you studied H hours per week (0.5 to 100) from today on? Nothing is written
    #[arg(long, value_name = "H", value_parser = parse_hours)]
    pub hours_per_week: Option<f64>,
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print one JSON document instead of the table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this stage (id, title, or its number)
    pub stage: Option<String>,
    /// Only items with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Only items of this track
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,
    /// Print one JSON document instead of the checklist
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Not started yet
    Todo,
    /// Started, not done
    Started,
    /// Done
    Done,
    /// Skipped
    Skipped,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The item: id, alias, title, or a prefix of one
    pub item: String,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// How many items
    #[arg(short = 'n', long = "count", default_value_t = 5, value_name = "N")]
    pub count: usize,
    /// Only items of this track
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Items: ids, aliases, titles, or prefixes
    #[arg(required = true, value_name = "ITEM")]
    pub items: Vec<String>,
    /// The day they were done [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_date_arg)]
    pub on: Option<crate::date::DateArg>,
    /// A note to keep with each item
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Items: ids, aliases, titles, or prefixes
    #[arg(required = true, value_name = "ITEM")]
    pub items: Vec<String>,
    /// The day they were started [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_date_arg)]
    pub on: Option<crate::date::DateArg>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The day to finish by
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_date_arg)]
    pub by: crate::date::DateArg,
    /// Only this stage (id, title, or its number) [default: the whole roadmap]
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ItemsArgs {
    /// Items: ids, aliases, titles, or prefixes
    #[arg(required = true, value_name = "ITEM")]
    pub items: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The item: id, alias, title, or a prefix of one
    pub item: String,
    /// The note; an empty string removes it
    pub text: String,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Your background, one of the roadmap's (see `roadmap profile`)
    #[arg(long, value_name = "B")]
    pub background: Option<String>,
    /// Hours you study per week, from 0.5 to 100
    #[arg(long, value_name = "H", value_parser = parse_hours)]
    pub hours_per_week: Option<f64>,
    /// The day you started the roadmap
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_date_arg)]
    pub start: Option<crate::date::DateArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON document, a stable format for scripts
    Json,
    /// A header and one row per item
    Csv,
    /// A checklist with a heading per stage
    Markdown,
    /// A progress file for this roadmap alone
    Toml,
    /// One page to share: stages, charts and the checklist, with nothing to fetch
    Html,
    /// The timeline chart alone, for a README or a slide
    Svg,
    /// The stage milestones as calendar events (iCalendar)
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to FILE instead of stdout (`-` is stdout)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With `--format ics`: add a weekly study block at these days and time, e.g.
    /// "Mon 19:00" or "Tue,Thu 07:30", your hours per week shared among the days
    #[arg(long, value_name = "DAYS TIME")]
    pub study: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The git remote to sync with (needed once; any URL or path git can push to)
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O); may be empty
    pub base: PathBuf,
    /// Our version (git's %A); the merge is written here
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A JSON export or a progress TOML file
    pub file: PathBuf,
    /// Print what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only events on or after this day
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_date_arg)]
    pub since: Option<crate::date::DateArg>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UseArgs {
    /// A roadmap id (see `roadmap roadmaps`) or a path to a YAML file
    #[arg(value_name = "ID|PATH")]
    pub roadmap: String,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Roadmap files to check
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new roadmap's id (lower-case letters, digits and dashes)
    pub id: String,
    /// Its title [default: from the id, or the title of the roadmap it is copied from]
    #[arg(long)]
    pub title: Option<String>,
    /// Start from a copy of this roadmap (an id or a path), to change at will
    #[arg(long, value_name = "ROADMAP")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CompleteArgs {
    /// What to list: items, items-todo, items-not-started, items-with-progress, stages,
    /// tracks, backgrounds or roadmaps
    pub what: String,
    /// The word typed so far: only ids that start with it
    #[arg(default_value = "")]
    pub prefix: String,
    /// Follow each id with a tab and its title (for zsh and fish)
    #[arg(long)]
    pub describe: bool,
}

/// `--hours-per-week`: the one range rule of [`crate::progress::check_hours`].
fn parse_hours(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(h) if crate::progress::valid_hours(h) => Ok(h),
        _ => Err(format!("`{text}` is not {}", crate::progress::HOURS_RULE)),
    }
}

/// What a completion script may ask `roadmap __complete` for: the
/// contract between the scripts and the hidden command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Every item.
    Items,
    /// Items still to do: todo or started (`done`, `skip`).
    ItemsTodo,
    /// Items not started yet: todo or skipped (`start`).
    ItemsNotStarted,
    /// Items with any progress: started, done or skipped (`undo`).
    ItemsWithProgress,
    Stages,
    Tracks,
    Backgrounds,
    Roadmaps,
}

impl What {
    pub const ALL: [What; 8] = [
        What::Items,
        What::ItemsTodo,
        What::ItemsNotStarted,
        What::ItemsWithProgress,
        What::Stages,
        What::Tracks,
        What::Backgrounds,
        What::Roadmaps,
    ];

    pub fn name(self) -> &'static str {
        match self {
            What::Items => "items",
            What::ItemsTodo => "items-todo",
            What::ItemsNotStarted => "items-not-started",
            What::ItemsWithProgress => "items-with-progress",
            What::Stages => "stages",
            What::Tracks => "tracks",
            What::Backgrounds => "backgrounds",
            What::Roadmaps => "roadmaps",
        }
    }

    /// What one candidate is called, for the heading zsh shows above them.
    pub fn noun(self) -> &'static str {
        match self {
            What::Items | What::ItemsTodo | What::ItemsNotStarted | What::ItemsWithProgress => {
                "item"
            }
            What::Stages => "stage",
            What::Tracks => "track",
            What::Backgrounds => "background",
            What::Roadmaps => "roadmap",
        }
    }

    pub fn from_name(name: &str) -> Option<What> {
        What::ALL.into_iter().find(|w| w.name() == name)
    }
}

/// Parse the process arguments; the error carries clap's own message and exit code.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| {
            let cli = Cli::from_arg_matches_mut(&mut matches);
            std::mem::forget(matches);
            cli
        })
        .map_err(|err| err.format(&mut command));
    // The description of every command and flag is built for this one parse, in a
    // process that ends soon after: taking it apart again would cost a fifth of a
    // short command's time.
    std::mem::forget(command);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_hours_flag_states_the_range_it_accepts() {
        let range = format!(
            "{} to {}",
            crate::progress::MIN_HOURS_PER_WEEK,
            crate::progress::MAX_HOURS_PER_WEEK
        );
        assert!(crate::progress::HOURS_RULE.contains(&range));
        for name in ["status", "timeline", "profile"] {
            let mut cmd = Cli::command();
            let sub = cmd.find_subcommand_mut(name).expect(name);
            let help = sub.render_long_help().to_string();
            assert!(
                help.contains(&range),
                "`{name} --help` does not say {range}:\n{help}"
            );
        }
        for bad in [
            "0", "0.4", "1e-300", "100.5", "NaN", "inf", "-inf", "-3", "ten",
        ] {
            assert!(parse_hours(bad).is_err(), "{bad} was accepted");
        }
        for good in ["0.5", "7.5", "100", " 12 "] {
            assert!(parse_hours(good).is_ok(), "{good} was refused");
        }
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn top_level_help_lists_every_visible_command() {
        let cmd = Cli::command();
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = sub.get_name();
            if name == "help" {
                continue;
            }
            assert!(
                TOP_HELP.contains(&format!("\n  {name} ")),
                "`{name}` is missing from the grouped help"
            );
        }
    }
}
