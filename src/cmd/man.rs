//! `roadmap man`: the man page, generated from the command-line definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Result;

pub fn run(out: &mut dyn Write) -> Result<()> {
    let man = clap_mangen::Man::new(Cli::command());
    man.render(out)?;
    Ok(())
}
