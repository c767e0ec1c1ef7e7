//! `roadmap merge-driver BASE OURS THEIRS`: git's merge driver for the progress
//! file. Writes the merge to OURS and exits 0; a file it cannot read is an error,
//! so git stops rather than commit a guess.

use std::path::Path;

use crate::cli::MergeDriverArgs;
use crate::error::{Error, Result};
use crate::progress::ProgressFile;
use crate::progress::merge::three_way;
use crate::store;

pub fn run(args: &MergeDriverArgs) -> Result<()> {
    // Git gives an empty BASE when the two sides have no common ancestor (the file
    // was added on both); an empty OURS or THEIRS is a damaged file, as anywhere.
    let base_is_empty = std::fs::metadata(&args.base)
        .map_err(|e| Error::io("read", &args.base, e))?
        .len()
        == 0;
    let base = match base_is_empty {
        true => None,
        false => Some(read(&args.base, "the common ancestor's")?),
    };
    let ours = read(&args.ours, "our")?;
    let theirs = read(&args.theirs, "their")?;
    let merged = three_way::merge_files(&args.ours, base, ours, theirs)?;
    store::write_atomic(&args.ours, merged.as_bytes())
}

fn read(path: &Path, whose: &str) -> Result<ProgressFile> {
    if !path.is_file() {
        let err = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        return Err(Error::io("read", path, err));
    }
    store::read_progress(path).map_err(|err| explain(err, whose))
}

/// Say which of the three versions could not be read, and what git does next.
fn explain(err: Error, whose: &str) -> Error {
    const NEXT: &str = "git stops the merge and leaves the file to you: fix it (`roadmap doctor` \
helps), `git add` it, and commit";
    match err {
        Error::CorruptProgress {
            path,
            line,
            column,
            message,
            ..
        } => Error::CorruptProgress {
            path,
            line,
            column,
            message: format!("cannot merge {whose} version of the progress file: {message}"),
            hint: Some(NEXT.into()),
        },
        Error::Data { message, .. } => Error::data_with_hint(
            format!("cannot merge {whose} version of the progress file: {message}"),
            NEXT,
        ),
        other => other,
    }
}
