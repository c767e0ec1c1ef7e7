//! `roadmap`: a command-line tracker for a long learning path.
//!
//! Data flows one way: files -> raw types -> checked domain types -> a pure
//! report -> a renderer -> stdout. Only [`store`] writes to disk.

pub mod cli;
pub mod cmd;
pub mod date;
pub mod error;
pub mod forecast;
pub mod paths;
pub mod plan;
pub mod progress;
pub mod report;
pub mod roadmap;
pub mod store;
pub mod tui;
pub mod ui;
pub mod view;

pub use error::{Error, Result};

/// Run a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    cmd::dispatch(cli)
}
