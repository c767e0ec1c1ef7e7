//! Resolving references the learner types (SPEC section 4) to an item, a
//! stage or a track of a roadmap. Errors name what was asked for and suggest
//! what exists.

use crate::error::{Error, Result};
use crate::roadmap::{Item, Roadmap, closest};

/// Resolve a reference: exact id or alias; exact title (case-insensitive); id
/// prefix; title prefix (case-insensitive). The first step with one match wins;
/// a step with several is ambiguous; a step with none passes to the next.
pub fn item(roadmap: &Roadmap, reference: &str) -> Result<usize> {
    if let Some(i) = roadmap.item_index(reference) {
        return Ok(i);
    }
    let lower = reference.to_lowercase();
    let steps: [&dyn Fn(&Item) -> bool; 3] = [
        &|item| item.title.to_lowercase() == lower,
        &|item| item.id.starts_with(reference),
        &|item| item.title.to_lowercase().starts_with(&lower),
    ];
    for step in steps {
        if reference.is_empty() {
            break;
        }
        let matches: Vec<usize> = (0..roadmap.items.len())
            .filter(|&i| step(&roadmap.items[i]))
            .collect();
        match matches.as_slice() {
            [] => continue,
            [one] => return Ok(*one),
            many => {
                return Err(Error::AmbiguousItem {
                    reference: reference.to_string(),
                    roadmap: roadmap.id.clone(),
                    candidates: many
                        .iter()
                        .map(|&i| (roadmap.items[i].id.clone(), roadmap.items[i].title.clone()))
                        .collect(),
                });
            }
        }
    }
    Err(Error::UnknownItem {
        reference: reference.to_string(),
        roadmap: roadmap.id.clone(),
        suggestions: suggestions(roadmap, reference),
    })
}

/// Up to three close ids: by spelling, else by a word the reference contains.
fn suggestions(roadmap: &Roadmap, reference: &str) -> Vec<String> {
    let ids: Vec<String> = roadmap.items.iter().map(|i| i.id.clone()).collect();
    let close = closest(&reference.to_lowercase(), ids.iter(), 3);
    if !close.is_empty() {
        return close;
    }
    let lower = reference.to_lowercase();
    if lower.len() < 3 {
        return Vec::new();
    }
    roadmap
        .items
        .iter()
        .filter(|i| i.id.contains(&lower) || i.title.to_lowercase().contains(&lower))
        .take(3)
        .map(|i| i.id.clone())
        .collect()
}

/// Resolve several references, all or none; duplicates collapse.
pub fn items(roadmap: &Roadmap, references: &[String]) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(references.len());
    for reference in references {
        let i = item(roadmap, reference)?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(out)
}

/// Resolve a stage: its number (1 is the first), id, or a unique id or title prefix.
pub fn stage(roadmap: &Roadmap, reference: &str) -> Result<usize> {
    if let Ok(n) = reference.parse::<usize>()
        && (1..=roadmap.stages.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    if let Some(k) = roadmap.stage_index(reference) {
        return Ok(k);
    }
    let lower = reference.to_lowercase();
    let matches: Vec<usize> = (0..roadmap.stages.len())
        .filter(|&k| {
            let s = &roadmap.stages[k];
            s.id.starts_with(reference) || s.title.to_lowercase().starts_with(&lower)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        _ => Err(Error::usage_with_hint(
            format!("no single stage of `{}` matches `{reference}`", roadmap.id),
            format!(
                "the stages are: {} (or their numbers 1 to {})",
                roadmap
                    .stages
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                roadmap.stages.len()
            ),
        )),
    }
}

/// Resolve a track by its id.
pub fn track(roadmap: &Roadmap, reference: &str) -> Result<usize> {
    roadmap
        .tracks
        .iter()
        .position(|t| t.id == reference)
        .ok_or_else(|| {
            let ids: Vec<String> = roadmap.tracks.iter().map(|t| t.id.clone()).collect();
            Error::usage_with_hint(
                format!("`{}` has no track `{reference}`", roadmap.id),
                if ids.is_empty() {
                    "this roadmap has no tracks".to_string()
                } else {
                    format!("the tracks are: {}", ids.join(", "))
                },
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roadmap() -> Roadmap {
        let yaml = "format: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    title: S\n    estimate: { min_months: 1, max_months: 1 }\n    items:\n      - { id: python, title: Python for production, aliases: [py] }\n      - { id: prompt-engineering, title: Prompt engineering }\n      - { id: prompt-injection, title: Prompt injection defence }\n      - { id: rag, title: Retrieval-augmented generation }\n";
        crate::roadmap::parse(yaml.as_bytes()).unwrap().0
    }

    #[test]
    fn resolution_follows_the_spec_order() {
        let r = roadmap();
        assert_eq!(item(&r, "python").unwrap(), 0);
        assert_eq!(item(&r, "py").unwrap(), 0, "alias before prefix");
        assert_eq!(item(&r, "PROMPT ENGINEERING").unwrap(), 1, "exact title");
        assert_eq!(item(&r, "prompt-e").unwrap(), 1, "id prefix");
        assert_eq!(item(&r, "retrieval").unwrap(), 3, "title prefix");
        assert!(
            matches!(item(&r, "prompt"), Err(Error::AmbiguousItem { candidates, .. }) if candidates.len() == 2)
        );
        match item(&r, "pyhton") {
            Err(Error::UnknownItem { suggestions, .. }) => assert_eq!(suggestions, ["python"]),
            other => panic!("{other:?}"),
        }
    }
}
