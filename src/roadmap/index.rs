//! The id and alias index of a roadmap: an open-addressing table of item
//! positions, hashed with FxHash, that borrows the names from the items rather
//! than copying each into a map of its own. Built on every run (the cache does not
//! store it), so building it must cost little more than reading the ids once.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::Item;

/// No entry in this slot.
const EMPTY: u32 = u32::MAX;
/// The entry names the item's id, not one of its aliases.
const ID: u32 = u32::MAX;

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Slots, a power of two at least twice the names; each holds a place in `names`.
    slots: Vec<u32>,
    /// (item, alias place or [`ID`]) for every name in the table.
    names: Vec<(u32, u32)>,
}

/// Indices compare equal when they answer alike, which they do when built from
/// the same items: the table itself is never compared.
impl PartialEq for Index {
    fn eq(&self, _: &Index) -> bool {
        true
    }
}

fn hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

/// The name an entry stands for; `None` only for items changed since the build.
fn name_of(items: &[Item], (item, alias): (u32, u32)) -> Option<&str> {
    let item = items.get(item as usize)?;
    if alias == ID {
        Some(&item.id)
    } else {
        item.aliases.get(alias as usize).map(String::as_str)
    }
}

impl Index {
    /// Every id, then every alias no id or earlier alias has taken.
    pub fn build(items: &[Item]) -> Index {
        let count = items.len() + items.iter().map(|i| i.aliases.len()).sum::<usize>();
        let size = (count * 2).next_power_of_two().max(8);
        let mut index = Index {
            slots: vec![EMPTY; size],
            names: Vec::with_capacity(count),
        };
        // An index past u32 is no roadmap this reads (16 MiB at most).
        let Ok(len) = u32::try_from(items.len()) else {
            return Index::default();
        };
        for i in 0..len {
            index.insert(items, (i, ID));
        }
        for (i, item) in (0..len).zip(items) {
            for a in 0..item.aliases.len() as u32 {
                index.insert(items, (i, a));
            }
        }
        index
    }

    fn insert(&mut self, items: &[Item], entry: (u32, u32)) {
        let Some(name) = name_of(items, entry) else {
            return;
        };
        let mask = self.slots.len() - 1;
        let mut at = hash(name) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => {
                    self.slots[at] = self.names.len() as u32;
                    self.names.push(entry);
                    return;
                }
                n if name_of(items, self.names[n as usize]) == Some(name) => return,
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The item with this id or alias.
    pub fn get(&self, items: &[Item], name: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = hash(name) as usize & mask;
        loop {
            match self.slots[at] {
                EMPTY => return None,
                n => {
                    let entry = self.names[n as usize];
                    if name_of(items, entry) == Some(name) {
                        return Some(entry.0 as usize);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }
}
