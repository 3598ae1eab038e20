//! A resource being patched: every change goes through a few primitives
//! that record how to undo it, so that a failed PATCH can put the resource
//! back exactly as it was without copying it first.

use serde_json::{Map, Value};

/// One step from the root of the resource to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A member of an object, by its exact key.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// How to undo one change.
#[derive(Debug)]
enum Entry {
    /// The slot at `at` (an object member or an array element) held `old`;
    /// `None`: the member did not exist.
    Slot { at: Vec<Step>, old: Option<Value> },
    /// The array at `at` had `len` elements before values were pushed.
    Truncate { at: Vec<Step>, len: usize },
    /// Elements were removed from the array at `at`; each with its index
    /// before the removal, in ascending order.
    Removed {
        at: Vec<Step>,
        removed: Vec<(usize, Value)>,
    },
}

/// The resource and the log of changes made to it.
pub(crate) struct Doc<'a> {
    root: &'a mut Value,
    log: Vec<Entry>,
    changed: bool,
}

fn walk<'v>(mut v: &'v Value, at: &[Step]) -> Option<&'v Value> {
    for step in at {
        v = match (step, v) {
            (Step::Key(k), Value::Object(m)) => m.get(k)?,
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn walk_mut<'v>(mut v: &'v mut Value, at: &[Step]) -> Option<&'v mut Value> {
    for step in at {
        v = match (step, v) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

impl<'a> Doc<'a> {
    pub(crate) fn new(root: &'a mut Value) -> Doc<'a> {
        Doc {
            root,
            log: Vec::new(),
            changed: false,
        }
    }

    pub(crate) fn root(&self) -> &Value {
        self.root
    }

    /// The value at `at`, if there is one.
    pub(crate) fn get(&self, at: &[Step]) -> Option<&Value> {
        walk(self.root, at)
    }

    /// The object at `at`, if that is an object.
    pub(crate) fn object(&self, at: &[Step]) -> Option<&Map<String, Value>> {
        self.get(at).and_then(Value::as_object)
    }

    /// Sets the slot `at` (a member, created if absent, or an existing
    /// array element) to `value`. The parent must exist. Returns whether
    /// anything changed.
    pub(crate) fn set(&mut self, at: &[Step], value: Value) -> bool {
        let Some((last, parent)) = at.split_last() else {
            return false;
        };
        let Some(container) = walk_mut(self.root, parent) else {
            return false;
        };
        let old = match (last, container) {
            (Step::Key(k), Value::Object(m)) => {
                if m.get(k) == Some(&value) {
                    return false;
                }
                m.insert(k.clone(), value)
            }
            (Step::Index(i), Value::Array(a)) => match a.get_mut(*i) {
                Some(slot) if *slot == value => return false,
                Some(slot) => Some(std::mem::replace(slot, value)),
                None => return false,
            },
            _ => return false,
        };
        self.log.push(Entry::Slot {
            at: at.to_vec(),
            old,
        });
        self.changed = true;
        true
    }

    /// Removes the member `at`; returns whether it existed.
    pub(crate) fn remove(&mut self, at: &[Step]) -> bool {
        let Some((Step::Key(k), parent)) = at.split_last() else {
            return false;
        };
        let Some(Value::Object(m)) = walk_mut(self.root, parent) else {
            return false;
        };
        let Some(old) = m.remove(k) else {
            return false;
        };
        self.log.push(Entry::Slot {
            at: at.to_vec(),
            old: Some(old),
        });
        self.changed = true;
        true
    }

    /// Appends `values` to the array at `at`, which must exist.
    pub(crate) fn push(&mut self, at: &[Step], values: Vec<Value>) {
        if values.is_empty() {
            return;
        }
        let Some(Value::Array(a)) = walk_mut(self.root, at) else {
            return;
        };
        let len = a.len();
        a.extend(values);
        self.log.push(Entry::Truncate {
            at: at.to_vec(),
            len,
        });
        self.changed = true;
    }

    /// Removes the elements at `indices` (ascending, no repeats) from the
    /// array at `at`.
    pub(crate) fn remove_elements(&mut self, at: &[Step], indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        let Some(Value::Array(a)) = walk_mut(self.root, at) else {
            return;
        };
        let mut removed = Vec::with_capacity(indices.len());
        if indices.len() <= 8 {
            // A few: shift the rest down in place, last first.
            for &i in indices.iter().rev() {
                if i < a.len() {
                    removed.push((i, a.remove(i)));
                }
            }
            removed.reverse();
            if !removed.is_empty() {
                self.log.push(Entry::Removed {
                    at: at.to_vec(),
                    removed,
                });
                self.changed = true;
            }
            return;
        }
        let mut next = indices.iter().copied().peekable();
        let mut kept = Vec::with_capacity(a.len().saturating_sub(indices.len()));
        for (i, v) in std::mem::take(a).into_iter().enumerate() {
            if next.peek() == Some(&i) {
                next.next();
                removed.push((i, v));
            } else {
                kept.push(v);
            }
        }
        *a = kept;
        if removed.is_empty() {
            return;
        }
        self.log.push(Entry::Removed {
            at: at.to_vec(),
            removed,
        });
        self.changed = true;
    }

    /// Whether anything changed so far.
    pub(crate) fn changed(&self) -> bool {
        self.changed
    }

    /// Undoes every change made after `mark`, latest first.
    pub(crate) fn rollback_to(&mut self, mark: usize) {
        while self.log.len() > mark {
            let Some(entry) = self.log.pop() else { break };
            undo(self.root, entry);
        }
        if self.log.is_empty() {
            self.changed = false;
        }
    }
}

fn undo(root: &mut Value, entry: Entry) {
    match entry {
        Entry::Slot { at, old } => {
            let Some((last, parent)) = at.split_last() else {
                return;
            };
            match (last, walk_mut(root, parent)) {
                (Step::Key(k), Some(Value::Object(m))) => match old {
                    Some(v) => {
                        m.insert(k.clone(), v);
                    }
                    None => {
                        m.remove(k);
                    }
                },
                (Step::Index(i), Some(Value::Array(a))) => {
                    if let (Some(slot), Some(v)) = (a.get_mut(*i), old) {
                        *slot = v;
                    }
                }
                _ => {}
            }
        }
        Entry::Truncate { at, len } => {
            if let Some(Value::Array(a)) = walk_mut(root, &at) {
                a.truncate(len);
            }
        }
        Entry::Removed { at, removed } => {
            if let Some(Value::Array(a)) = walk_mut(root, &at) {
                let total = a.len() + removed.len();
                let mut kept = std::mem::take(a).into_iter();
                let mut removed = removed.into_iter().peekable();
                let mut out = Vec::with_capacity(total);
                for i in 0..total {
                    match removed.peek() {
                        Some((at, _)) if *at == i => {
                            if let Some((_, v)) = removed.next() {
                                out.push(v);
                            }
                        }
                        _ => out.extend(kept.next()),
                    }
                }
                out.extend(kept);
                out.extend(removed.map(|(_, v)| v));
                *a = out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rollback_restores_everything() {
        let original = json!({"a": 1, "list": [0, 1, 2, 3, 4], "o": {"x": "y"}});
        let mut v = original.clone();
        let mut d = Doc::new(&mut v);
        assert!(d.set(&[Step::Key("b".into())], json!(2)));
        assert!(!d.set(&[Step::Key("a".into())], json!(1)));
        assert!(d.set(&[Step::Key("a".into())], json!(3)));
        d.remove_elements(&[Step::Key("list".into())], &[0, 2, 4]);
        assert_eq!(d.get(&[Step::Key("list".into())]), Some(&json!([1, 3])));
        d.push(&[Step::Key("list".into())], vec![json!(9)]);
        assert!(d.set(&[Step::Key("list".into()), Step::Index(0)], json!(7)));
        assert!(d.remove(&[Step::Key("o".into())]));
        assert!(d.changed());
        d.rollback_to(0);
        assert!(!d.changed());
        assert_eq!(v, original);
    }

    #[test]
    fn removing_many_elements_rolls_back_in_order() {
        let original = json!({"list": (0..40).collect::<Vec<i32>>()});
        let mut v = original.clone();
        let mut d = Doc::new(&mut v);
        let odd: Vec<usize> = (0..40).filter(|i| i % 2 == 1).collect();
        d.remove_elements(&[Step::Key("list".into())], &odd);
        let even: Vec<i32> = (0..40).filter(|i| i % 2 == 0).collect();
        assert_eq!(d.get(&[Step::Key("list".into())]), Some(&json!(even)));
        d.rollback_to(0);
        assert_eq!(v, original);
    }
}
