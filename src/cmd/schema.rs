//! `roadmap schema`: the JSON Schema of the roadmap format, from the same raw
//! types the loader uses, so the two cannot drift.
//!
//! The schema is JSON Schema draft-07, the newest draft that yaml-language-server
//! (the YAML support of VS Code, Neovim, Helix, ...) fully supports. The raw types
//! give its shape; [`refine`] adds what serde attributes cannot say: the id pattern,
//! the exact format version, defaults an editor may insert, and a description for
//! every key. The copy committed as `schema/roadmap.schema.json` is checked against
//! this output by `tests/shell.rs`.
//!
//! The schema has no `$id`: it has no published home, and without one an editor
//! identifies it by the file it loaded it from, which is what a relative
//! `# yaml-language-server: $schema=...` line expects.

use std::io::Write;

use schemars::generate::SchemaSettings;
use schemars::transform::{RemoveRefSiblings, RestrictFormats, Transform};
use serde_json::{Map, Value, json};

use crate::cmd::print_json;
use crate::error::Result;
use crate::roadmap::{DEFAULT_HOURS_PER_WEEK, FORMAT, RawRoadmap};

/// What `is_valid_id` accepts, as a JSON Schema (ECMA-262) pattern.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";

/// Where the definitions live in a draft-07 schema.
const DEFINITIONS: &str = "definitions";

pub fn run(out: &mut dyn Write) -> Result<()> {
    print_json(out, &schema())
}

/// The schema, with its keys in a stable order so the output is the same byte for byte.
pub fn schema() -> Value {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawRoadmap>();
    // `format: double`, `uint32`, ... are Rust types, not JSON Schema formats;
    // strict validators refuse unknown formats.
    let mut formats = RestrictFormats::default();
    formats.infer_from_meta_schema = false;
    formats.transform(&mut schema);
    let mut value = Value::from(schema);
    refine(&mut value);
    // Draft-07 ignores keys beside `$ref`: a description added to one moves the
    // reference into an `allOf`, as schemars does for its own.
    if let Value::Object(map) = value {
        let mut schema = schemars::Schema::from(map);
        RemoveRefSiblings::default().transform(&mut schema);
        value = schema.to_value();
    }
    sort_keys(&mut value);
    value
}

/// A definition's title and description, and the descriptions of keys that the
/// raw types leave undocumented. A doc comment on the raw type wins over these.
const DEFINITIONS_TEXT: &[(&str, &str, &str)] = &[
    (
        "Background",
        "background",
        "Who the learner may be; a background can add months to stages.",
    ),
    (
        "Estimate",
        "estimate",
        "A range of months at the roadmap's hours per week.",
    ),
    ("Item", "item", "A skill to learn or a project to build."),
    (
        "Kind",
        "kind",
        "`skill` (something to learn) or `project` (something to build).",
    ),
    ("Resource", "resource", "A link to learn from."),
    (
        "Stage",
        "stage",
        "A stage of the path: its items and how long it takes.",
    ),
    (
        "Track",
        "track",
        "A recommended path through the items, for some backgrounds.",
    ),
];

/// `(definition, key, description)`; the definition `""` is the whole file.
const KEYS_TEXT: &[(&str, &str, &str)] = &[
    (
        "",
        "stages",
        "The stages, in order: each starts when the one before ends.",
    ),
    (
        "",
        "summary",
        "What the path leads to, in a sentence or two.",
    ),
    (
        "",
        "title",
        "The roadmap's name, shown at the top of `roadmap status`.",
    ),
    (
        "Background",
        "id",
        "Kebab-case id, unique among the backgrounds; `roadmap profile --background` takes it.",
    ),
    ("Background", "title", "The background's name."),
    (
        "Background",
        "summary",
        "Who this background is, in a sentence.",
    ),
    ("Estimate", "min_months", "The fewest months, 0 or more."),
    (
        "Estimate",
        "max_months",
        "The most months, at least `min_months`.",
    ),
    (
        "Item",
        "id",
        "Kebab-case id, unique across the whole roadmap; `roadmap done` and the other commands take it.",
    ),
    ("Item", "title", "The item's name, shown in the checklist."),
    ("Item", "kind", "`skill` (the default) or `project`."),
    ("Item", "summary", "What it is, and what done looks like."),
    ("Item", "resources", "Links to learn from."),
    (
        "Stage",
        "id",
        "Kebab-case id, unique among the stages; `roadmap list` takes it.",
    ),
    ("Stage", "title", "The stage's name."),
    (
        "Stage",
        "summary",
        "What a learner can do at the end of the stage.",
    ),
    (
        "Stage",
        "estimate",
        "How long the stage takes at the roadmap's hours per week.",
    ),
    ("Stage", "items", "The skills and projects of the stage."),
    (
        "Track",
        "id",
        "Kebab-case id, unique among the tracks; `--track` takes it.",
    ),
    ("Track", "title", "The track's name."),
    (
        "Track",
        "summary",
        "Who the track is for, and where it leads.",
    ),
    (
        "Resource",
        "title",
        "What the link is, e.g. `Official documentation`.",
    ),
    (
        "Resource",
        "url",
        "Where it is, e.g. `https://example.org/docs`.",
    ),
];

/// The edits the raw types cannot express.
fn refine(root: &mut Value) {
    let Some(obj) = root.as_object_mut() else {
        return;
    };
    obj.remove("$id");
    obj.insert(
        "title".into(),
        json!(format!("roadmap file (format {FORMAT})")),
    );
    obj.insert(
        "description".into(),
        json!(
            "A learning path for the `roadmap` command-line tracker: stages of skills and \
             projects, how long each stage takes, who the learner may be, and recommended \
             tracks. Check a file with `roadmap validate FILE`."
        ),
    );

    // `RawItem` is a Rust name; the format calls it an item.
    if let Some(Value::Object(defs)) = obj.remove(DEFINITIONS) {
        let renamed: Map<String, Value> = defs
            .into_iter()
            .map(|(name, def)| (public_name(&name).to_string(), def))
            .collect();
        obj.insert(DEFINITIONS.into(), Value::Object(renamed));
    }
    rename_refs(root);
    remove_null_defaults(root);

    for (name, title, description) in DEFINITIONS_TEXT {
        if let Some(def) = definition(root, name) {
            def.entry("title").or_insert_with(|| json!(title));
            def.entry("description")
                .or_insert_with(|| json!(description));
        }
    }
    for (def, key, description) in KEYS_TEXT {
        edit(root, def, key, |p| {
            p.entry("description").or_insert_with(|| json!(description));
        });
    }

    let id = |p: &mut Map<String, Value>| {
        p.insert("pattern".into(), json!(ID_PATTERN));
    };
    let ids = |p: &mut Map<String, Value>| {
        p.insert(
            "items".into(),
            json!({ "type": "string", "pattern": ID_PATTERN }),
        );
    };
    for def in ["", "Background", "Stage", "Item", "Track"] {
        edit(root, def, "id", id);
    }
    edit(root, "Item", "requires", ids);
    edit(root, "Item", "aliases", ids);
    edit(root, "Track", "for", ids);
    edit(root, "Track", "items", ids);
    edit(root, "Background", "extra_months", |p| {
        p.insert("propertyNames".into(), json!({ "pattern": ID_PATTERN }));
        p.insert(
            "additionalProperties".into(),
            json!({ "type": "number", "minimum": 0 }),
        );
    });

    edit(root, "", "format", |p| {
        p.remove("type");
        p.remove("minimum");
        p.insert("const".into(), json!(FORMAT));
    });
    edit(root, "", "hours_per_week", |p| {
        p.remove("minimum");
        p.insert("exclusiveMinimum".into(), json!(0));
        p.insert("default".into(), json!(DEFAULT_HOURS_PER_WEEK));
    });
    edit(root, "Item", "weight", |p| {
        p.insert("minimum".into(), json!(1));
        p.insert("maximum".into(), json!(u32::MAX));
        p.insert("default".into(), json!(1));
    });
}

/// The name a definition has in the schema.
fn public_name(rust_name: &str) -> &str {
    rust_name.strip_prefix("Raw").unwrap_or(rust_name)
}

fn rename_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref"
                    && let Value::String(target) = v
                    && let Some(name) = target.strip_prefix("#/definitions/")
                {
                    *target = format!("#/{DEFINITIONS}/{}", public_name(name));
                } else {
                    rename_refs(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rename_refs),
        _ => {}
    }
}

/// `"default": null` says nothing, and an editor would insert it.
fn remove_null_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            map.values_mut().for_each(remove_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_null_defaults),
        _ => {}
    }
}

fn sort_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.sort_keys();
            map.values_mut().for_each(sort_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

fn definition<'a>(root: &'a mut Value, name: &str) -> Option<&'a mut Map<String, Value>> {
    if name.is_empty() {
        return root.as_object_mut();
    }
    root.get_mut(DEFINITIONS)?.get_mut(name)?.as_object_mut()
}

/// Edit the schema of one key of a definition (`""`: the whole file). Every key
/// named here exists; the unit tests check that each edit lands.
fn edit(root: &mut Value, def: &str, key: &str, change: impl FnOnce(&mut Map<String, Value>)) {
    let property = definition(root, def)
        .and_then(|d| d.get_mut("properties"))
        .and_then(|p| p.get_mut(key))
        .and_then(Value::as_object_mut);
    match property {
        Some(p) => change(p),
        None => debug_assert!(false, "the schema has no key `{key}` in `{def}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every schema in the document (not the maps that hold them), by a readable path.
    fn schemas<'a>(value: &'a Value, path: &str, out: &mut Vec<(String, &'a Map<String, Value>)>) {
        let Value::Object(map) = value else {
            return;
        };
        out.push((path.to_string(), map));
        for key in ["items", "additionalProperties", "propertyNames"] {
            if let Some(sub) = map.get(key) {
                schemas(sub, &format!("{path}/{key}"), out);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (i, sub) in map
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                schemas(sub, &format!("{path}/{key}/{i}"), out);
            }
        }
        for key in ["properties", DEFINITIONS] {
            for (name, sub) in map
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                schemas(sub, &format!("{path}/{key}/{name}"), out);
            }
        }
    }

    fn all(s: &Value) -> Vec<(String, &Map<String, Value>)> {
        let mut out = Vec::new();
        schemas(s, "", &mut out);
        out
    }

    #[test]
    fn it_is_draft_07_without_an_id() {
        let s = schema();
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(s.get("$id").is_none());
        assert!(s.get("$defs").is_none());
        assert_eq!(s["required"], json!(["format", "id", "title", "stages"]));
    }

    #[test]
    fn every_key_and_definition_is_described() {
        let s = schema();
        let objects: Vec<_> = all(&s)
            .into_iter()
            .filter(|(_, m)| m.contains_key("properties"))
            .collect();
        assert_eq!(objects.len(), 7, "the file and six definitions");
        for (path, object) in objects {
            assert!(
                object.contains_key("description"),
                "{path} has no description"
            );
            for (key, property) in object["properties"].as_object().unwrap() {
                assert!(
                    property.get("description").is_some_and(Value::is_string),
                    "{path}: `{key}` has no description"
                );
            }
        }
        for (name, def) in s[DEFINITIONS].as_object().unwrap() {
            assert!(!name.starts_with("Raw"), "{name}");
            assert!(def.get("title").is_some(), "{name} has no title");
        }
    }

    #[test]
    fn refs_stand_alone_and_point_at_definitions_that_exist() {
        let s = schema();
        let defs = s[DEFINITIONS].as_object().unwrap();
        let mut refs = 0;
        for (path, map) in all(&s) {
            if let Some(Value::String(target)) = map.get("$ref") {
                assert_eq!(map.len(), 1, "{path}: draft-07 ignores keys beside `$ref`");
                let name = target.strip_prefix("#/definitions/").expect(target);
                assert!(defs.contains_key(name), "dangling {target}");
                refs += 1;
            }
        }
        assert!(refs >= 8, "{refs}");
    }

    #[test]
    fn no_rust_formats_or_null_defaults_remain() {
        let s = schema();
        let found = all(&s);
        assert!(found.len() > 40, "{}", found.len());
        for (path, map) in found {
            assert!(!map.contains_key("format"), "{path}");
            assert_ne!(map.get("default"), Some(&Value::Null), "{path}");
        }
    }

    #[test]
    fn the_format_rules_are_in_the_schema() {
        let s = schema();
        let item = &s[DEFINITIONS]["Item"]["properties"];
        assert_eq!(item["weight"]["minimum"], 1);
        assert_eq!(item["weight"]["default"], 1);
        assert_eq!(item["requires"]["items"]["pattern"], ID_PATTERN);
        assert_eq!(item["id"]["pattern"], ID_PATTERN);
        let extra = &s[DEFINITIONS]["Background"]["properties"]["extra_months"];
        assert_eq!(extra["type"], "object");
        assert_eq!(extra["additionalProperties"]["type"], "number");
        assert_eq!(extra["additionalProperties"]["minimum"], 0);
        assert_eq!(s["properties"]["format"]["const"], FORMAT);
        assert_eq!(s["properties"]["hours_per_week"]["exclusiveMinimum"], 0);
        assert_eq!(s["properties"]["id"]["pattern"], ID_PATTERN);
        assert_eq!(s["additionalProperties"], false);
        for (name, def) in s[DEFINITIONS].as_object().unwrap() {
            if def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], false, "{name}");
            }
        }
    }

    #[test]
    fn the_output_is_stable() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        run(&mut a).unwrap();
        run(&mut b).unwrap();
        assert_eq!(a, b);
        assert!(a.ends_with(b"}\n"));
    }
}
