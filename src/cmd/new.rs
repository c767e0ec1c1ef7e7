//! `roadmap new ID`: scaffold a user roadmap, already valid, that explains every key.

use crate::cli::NewArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::roadmap::is_valid_id;
use crate::store;

/// The scaffold; `{id}` and `{title}` are filled in.
const TEMPLATE: &str = r#"# A roadmap for `roadmap` (format version 1). Check it with:
#   roadmap validate {path}
# Use it with `roadmap use {id}`, or once with `roadmap --roadmap {id} status`.
# `roadmap schema` prints a JSON Schema editors can use to complete and check this file.

format: 1                  # required: the format version
id: {id}                   # required: lower-case letters, digits and dashes
title: {title}             # required: shown at the top of `roadmap status`
summary: What this path leads to, in a sentence or two.
source: Where the content comes from (free text).
hours_per_week: 10         # the weekly hours the estimates below assume
overall: { min_months: 3, max_months: 6 }   # optional: your own estimate of the whole path

backgrounds:               # who the learner may be; the first is the default
  - id: default
    title: Any background
    # extra_months: { first-steps: 2 }     # months added to a stage for this background

stages:                    # in order; each follows the one before
  - id: first-steps
    title: First steps
    estimate: { min_months: 3, max_months: 6 }   # required: how long the stage takes
    summary: What a learner can do at the end of this stage.
    items:
      - id: first-skill                     # unique across the whole roadmap
        title: The first skill to learn
        kind: skill                         # skill (the default) or project
        area: basics                        # optional: groups items inside a stage
        weight: 1                           # relative effort inside the stage (1 or more)
        requires: []                        # prerequisites, by item id, any stage
        aliases: []                         # former ids, so progress survives a rename
        summary: What it is, and what "done" looks like.
        resources:                          # links to the thing's official home
          - { title: Official documentation, url: "https://example.org/docs" }

tracks: []                 # optional paths through the items:
#  - id: quick-start
#    title: The quickest way in
#    for: [default]        # background ids it suits
#    items: [first-skill]
"#;

pub fn run(ctx: &Ctx, args: &NewArgs) -> Result<()> {
    if !is_valid_id(&args.id) {
        return Err(Error::usage(format!(
            "`{}` is not a valid roadmap id: use 1 to 64 lower-case letters, digits and dashes",
            crate::ui::escape(&args.id)
        )));
    }
    let dir = ctx.paths.user_roadmaps.as_ref().ok_or_else(|| {
        Error::data("cannot find a config folder for your roadmaps (is $HOME set?)")
    })?;
    let path = dir.join(format!("{}.yaml", args.id));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| title_from_id(&args.id));
    let text = render(&args.id, &title, &path.display().to_string());
    store::write_new_file(&path, text.as_bytes())?;
    ctx.say(&format!("created {}", path.display()));
    ctx.say(&format!(
        "edit it, check it with `roadmap validate {}`, then `roadmap use {}`",
        path.display(),
        args.id
    ));
    Ok(())
}

/// The scaffold for an id and title; the title is quoted for YAML.
pub fn render(id: &str, title: &str, path: &str) -> String {
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
    TEMPLATE
        .replace("{path}", path)
        .replace("{id}", id)
        .replace("{title}", &quoted)
}

fn title_from_id(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_is_valid() {
        let text = render("rust-dev", "Rust: the \"hard\" parts", "x.yaml");
        let (roadmap, warnings) = crate::roadmap::parse(text.as_bytes()).expect("valid");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(roadmap.id, "rust-dev");
        assert_eq!(roadmap.title, "Rust: the \"hard\" parts");
        assert_eq!(title_from_id("rust-dev"), "Rust Dev");
    }
}
