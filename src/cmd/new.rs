//! `roadmap new ID`: scaffold a user roadmap, already valid, that explains every key.
//!
//! Editors find the JSON Schema through a first line
//! `# yaml-language-server: $schema=PATH`. A user roadmap lives outside any
//! repository, so the line is written only when it points at something real: the
//! schema saved beside the user's roadmaps, `<config dir>/roadmap/roadmap.schema.json`
//! (`roadmap schema > that file`). Otherwise the header says how to set that up.

use std::path::Path;

use crate::cli::NewArgs;
use crate::cmd::Ctx;
use crate::error::{Error, Result};
use crate::roadmap::catalog::{self, Source};
use crate::roadmap::is_valid_id;
use crate::store;

/// The schema's file name, in `<config dir>/roadmap/`, one folder above the roadmaps.
pub const SCHEMA_FILE: &str = "roadmap.schema.json";

/// The first line when the schema is there; relative, so it survives a moved folder.
const MODELINE: &str = "# yaml-language-server: $schema=../roadmap.schema.json\n";

/// Said instead of the first line when there is no schema to point at.
const NO_SCHEMA: &str = "\
# Editors that use yaml-language-server (VS Code, Neovim, Helix) check and complete
# this file against the format once the schema is saved beside your roadmaps:
#   roadmap schema > {schema}
# and this file starts with the line: # yaml-language-server: $schema=../roadmap.schema.json
# (`roadmap new` writes that line itself once the schema is there.)
";

/// The scaffold; `{id}`, `{title}`, `{path}` and `{editor}` are filled in.
const TEMPLATE: &str = r#"# A roadmap for `roadmap` (format version 1). Check it with:
#   roadmap validate {path}
# Use it with `roadmap use {id}`, or once with `roadmap --roadmap {id} status`.
{editor}
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
            args.id
        )));
    }
    if catalog::is_builtin(&args.id) {
        return Err(Error::usage_with_hint(
            format!(
                "`{}` is the id of a built-in roadmap: a roadmap of yours with that id would hide it",
                args.id
            ),
            format!(
                "to start from it and change it at will, copy it under an id of your own: `roadmap new {} --from {}`",
                fork_id(&args.id),
                args.id
            ),
        ));
    }
    let dir = ctx.paths.user_roadmaps.as_ref().ok_or_else(|| {
        Error::data("cannot find a config folder for your roadmaps (is $HOME set?)")
    })?;
    let path = dir.join(format!("{}.yaml", args.id));
    let existing = catalog::list(Some(dir));
    // Another file of the user's with this id would make the id ambiguous.
    if let Some(other) = existing.iter().find(|e| {
        e.id == args.id && matches!(&e.source, Source::User(p) if *p != path) && e.problem.is_none()
    }) && let Some(other_path) = other.source.path()
    {
        return Err(Error::usage_with_hint(
            format!(
                "you already have a roadmap with the id `{}`: {}",
                args.id,
                other_path.display()
            ),
            "choose another id, or edit that file",
        ));
    }

    let schema = dir.parent().unwrap_or(dir).join(SCHEMA_FILE);
    let text = match &args.from {
        None => {
            let title = args
                .title
                .clone()
                .unwrap_or_else(|| title_from_id(&args.id));
            render(&args.id, &title, &path, &schema, schema.is_file())
        }
        Some(from) => {
            let (loaded, source_text) = catalog::load_with_text(from, Some(dir))?;
            let copy = Copy {
                from,
                id: &args.id,
                title: args.title.as_deref(),
                path: &path,
                schema: &schema,
                schema_exists: schema.is_file(),
            };
            let text = copy.render(&source_text).map_err(Error::data)?;
            check_copy(&text, &loaded.roadmap, from)?;
            text
        }
    };
    store::write_new_file(&path, text.as_bytes())?;
    ctx.say(&format!("created {}", path.display()));
    if let Some(from) = &args.from {
        ctx.say(&format!(
            "a copy of `{}` to change at will; progress is kept per roadmap, so `{}` starts with none",
            from,
            args.id
        ));
    }
    ctx.say(&format!(
        "edit it, check it with `roadmap validate {}`, then `roadmap use {}`",
        path.display(),
        args.id
    ));
    Ok(())
}

/// An id to suggest for a copy of a built-in roadmap: `ai-engineer` -> `my-ai`.
fn fork_id(id: &str) -> String {
    format!("my-{}", id.split('-').next().unwrap_or(id))
}

/// A copy of a roadmap's text under a new id (and title): every stage, item and
/// comment kept, the original's opening comments replaced by a header that says
/// what the file is.
struct Copy<'a> {
    from: &'a str,
    id: &'a str,
    title: Option<&'a str>,
    path: &'a Path,
    schema: &'a Path,
    schema_exists: bool,
}

impl Copy<'_> {
    fn render(&self, source: &str) -> std::result::Result<String, String> {
        let from = self.from;
        let mut lines: Vec<&str> = source.lines().collect();
        // The original's opening comments describe the original.
        let body_start = lines
            .iter()
            .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .unwrap_or(lines.len());
        lines.drain(..body_start);
        let id_line = format!("id: {}", self.id);
        replace_key(&mut lines, "id", &id_line).ok_or_else(|| {
            format!("`{from}` has no top-level `id:` line to change; copy the file by hand")
        })?;
        let title_line;
        if let Some(title) = self.title {
            // A JSON string is a YAML double-quoted scalar, escapes and all.
            let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
            title_line = format!("title: {quoted}");
            replace_key(&mut lines, "title", &title_line).ok_or_else(|| {
                format!("`{from}` has no top-level `title:` line to change; copy the file by hand")
            })?;
        }
        let path_text = comment_text(&self.path.display().to_string());
        let from = comment_text(from);
        let mut out = String::with_capacity(source.len() + 512);
        if self.schema_exists {
            out.push_str(MODELINE);
        }
        out.push_str(&format!(
            "# A copy of the roadmap `{from}`, made by `roadmap new {} --from {from}`.\n\
             # It is yours to change at will: add, remove and reorder stages and items.\n\
             # Check it with:\n\
             #   roadmap validate {path_text}\n\
             # Use it with `roadmap use {}`, or once with `roadmap --roadmap {} status`.\n",
            self.id, self.id, self.id
        ));
        if !self.schema_exists {
            let schema_text = comment_text(&self.schema.display().to_string());
            out.push_str(&fill(NO_SCHEMA, &[("schema", &schema_text)]));
        }
        out.push('\n');
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        Ok(out)
    }
}

/// A path in a YAML comment of the file written: a control character (a line
/// break above all) would end the comment, so each is written as Rust writes it
/// in a string (`\n`, `\u{1b}`).
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Replace the top-level `key:` line (and the indented lines that continue its
/// value) with `line`; `None` when there is no such line.
fn replace_key<'a>(lines: &mut Vec<&'a str>, key: &str, line: &'a str) -> Option<()> {
    let prefix = format!("{key}:");
    let at = lines.iter().position(|l| l.starts_with(&prefix))?;
    let mut end = at + 1;
    while end < lines.len() && lines[end].starts_with([' ', '\t']) {
        end += 1;
    }
    lines.splice(at..end, [line]);
    Some(())
}

/// The copy must be valid and keep every item of the original, or nothing is written.
fn check_copy(text: &str, original: &crate::roadmap::Roadmap, from: &str) -> Result<()> {
    let broken = |why: String| {
        Error::data_with_hint(
            format!(
                "the copy of `{}` would not be the same roadmap: {why}",
                from
            ),
            "copy the file by hand and change its `id:`",
        )
    };
    let (copy, _) = crate::roadmap::parse(text.as_bytes()).map_err(|problems| {
        broken(
            problems
                .first()
                .map_or_else(|| "it does not validate".to_string(), |p| p.message.clone()),
        )
    })?;
    let ids =
        |r: &crate::roadmap::Roadmap| r.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    if ids(&copy) != ids(original) || copy.stages.len() != original.stages.len() {
        return Err(broken("its items differ".into()));
    }
    Ok(())
}

/// The scaffold for an id and title at `path`; with `schema_exists`, its first
/// line points editors at the schema file.
pub fn render(id: &str, title: &str, path: &Path, schema: &Path, schema_exists: bool) -> String {
    // A JSON string is a YAML double-quoted scalar, escapes and all.
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
    let path_text = comment_text(&path.display().to_string());
    let editor = if schema_exists {
        String::new()
    } else {
        let schema_text = comment_text(&schema.display().to_string());
        fill(NO_SCHEMA, &[("schema", &schema_text)])
    };
    let body = fill(
        TEMPLATE,
        &[
            ("path", &path_text),
            ("id", id),
            ("title", &quoted),
            ("editor", &editor),
        ],
    );
    if schema_exists {
        format!("{MODELINE}{body}")
    } else {
        body
    }
}

/// Replace each `{name}` in one pass, so a value that contains `{id}` stays as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

    fn scaffold(title: &str, schema_exists: bool) -> String {
        render(
            "rust-dev",
            title,
            Path::new("/home/me/.config/roadmap/roadmaps/rust-dev.yaml"),
            Path::new("/home/me/.config/roadmap/roadmap.schema.json"),
            schema_exists,
        )
    }

    #[test]
    fn the_scaffold_is_valid() {
        for schema_exists in [false, true] {
            let text = scaffold("Rust: the \"hard\" parts", schema_exists);
            let (roadmap, warnings) = crate::roadmap::parse(text.as_bytes()).expect("valid");
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(roadmap.id, "rust-dev");
            assert_eq!(roadmap.title, "Rust: the \"hard\" parts");
        }
        assert_eq!(title_from_id("rust-dev"), "Rust Dev");
    }

    #[test]
    fn the_modeline_is_there_only_with_a_schema_to_point_at() {
        let with = scaffold("Rust", true);
        assert!(with.starts_with("# yaml-language-server: $schema=../roadmap.schema.json\n"));
        assert_eq!(with.matches("yaml-language-server").count(), 1);
        let without = scaffold("Rust", false);
        assert!(without.starts_with("# A roadmap for `roadmap`"));
        assert!(
            without.contains("#   roadmap schema > /home/me/.config/roadmap/roadmap.schema.json\n")
        );
        // The instructions name the line without being one: no comment line starts with it.
        assert!(!without.lines().any(|l| {
            l.trim_start_matches('#')
                .trim_start()
                .starts_with("yaml-language-server")
        }));
    }

    #[test]
    fn control_characters_and_placeholders_in_values_stay_inert() {
        let text = render(
            "x",
            "Line\nbreak {id}",
            Path::new("/tmp/{title}\n/x.yaml"),
            Path::new("/tmp/s.json"),
            false,
        );
        let (roadmap, _) = crate::roadmap::parse(text.as_bytes()).expect("valid");
        assert_eq!(roadmap.title, "Line\nbreak {id}");
        assert!(text.contains("roadmap validate /tmp/{title}\\n/x.yaml\n"));
        assert_eq!(fill("{a}{b}{c", &[("a", "{b}"), ("b", "2")]), "{b}2{c");
    }
}
