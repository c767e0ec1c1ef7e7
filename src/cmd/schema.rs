//! `roadmap schema`: the JSON Schema of the roadmap format, from the same raw
//! types the loader uses, so the two cannot drift.

use std::io::Write;

use crate::cmd::print_json;
use crate::error::Result;
use crate::roadmap::RawRoadmap;

pub fn schema() -> schemars::Schema {
    schemars::schema_for!(RawRoadmap)
}

pub fn run(out: &mut dyn Write) -> Result<()> {
    print_json(out, &schema())
}
