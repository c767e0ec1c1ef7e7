//! `validate --json`: `{ "files": [ { "path", "valid", "problems": [ { "severity",
//! "message", "line", "column" } ] } ] }`.

use serde::Serialize;

use crate::roadmap::Problem;

#[derive(Serialize)]
pub struct ValidateJson<'a> {
    files: &'a [FileJson],
}

/// One file's verdict; the human report is drawn from the same values.
#[derive(Serialize)]
pub struct FileJson {
    pub path: String,
    pub valid: bool,
    pub problems: Vec<Problem>,
}

pub fn document(files: &[FileJson]) -> ValidateJson<'_> {
    ValidateJson { files }
}
