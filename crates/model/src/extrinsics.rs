//! [`Extrinsics`]: the name/value pairs a document or line carries beyond the model's fields.
//!
//! A `BTreeMap<String, String>` allocates a node of eleven slots (about 540 bytes) for its
//! first entry; most lines carry one or two extrinsics, and an order of 16,000 lines spent
//! 9 MB on those nodes. `Extrinsics` keeps up to [`SMALL`] entries in a `Vec` sorted by name
//! (room for exactly what is there) and switches to a `BTreeMap` past that, so a document with
//! thousands of names (a partner's data, not ours to bound) never pays a quadratic insert.
//! Either way it behaves as the map it replaces: names are unique, iteration is in name order,
//! it serialises as a JSON object in that order, and two values are equal when their entries
//! are.

use std::collections::btree_map;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Entries kept in the sorted `Vec` before switching to a `BTreeMap`.
pub const SMALL: usize = 16;

/// Name → value, in name order (see the [module](self)).
#[derive(Clone, Default)]
pub struct Extrinsics(Repr);

#[derive(Clone)]
enum Repr {
    /// At most [`SMALL`] entries, sorted by name, names unique.
    Small(Vec<(String, String)>),
    Big(BTreeMap<String, String>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Small(Vec::new())
    }
}

impl Extrinsics {
    /// No entries (no allocation).
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Small(v) => v.len(),
            Repr::Big(m) => m.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        match &self.0 {
            Repr::Small(v) => find(v, name).ok().and_then(|i| v.get(i)).map(|(_, x)| x),
            Repr::Big(m) => m.get(name),
        }
    }

    /// The value of `name`, to change in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        match &mut self.0 {
            Repr::Small(v) => match find(v, name) {
                Ok(i) => v.get_mut(i).map(|(_, x)| x),
                Err(_) => None,
            },
            Repr::Big(m) => m.get_mut(name),
        }
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `value`; the value it had, if any.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match &mut self.0 {
            Repr::Small(v) => match find(v, &name) {
                Ok(i) => v.get_mut(i).map(|(_, x)| std::mem::replace(x, value)),
                Err(at) if v.len() < SMALL => {
                    if v.capacity() == 0 {
                        // Most holders have one entry: room for one, not four.
                        v.reserve_exact(1);
                    }
                    v.insert(at, (name, value));
                    None
                }
                Err(_) => {
                    let mut m: BTreeMap<String, String> = std::mem::take(v).into_iter().collect();
                    m.insert(name, value);
                    self.0 = Repr::Big(m);
                    None
                }
            },
            Repr::Big(m) => m.insert(name, value),
        }
    }

    /// Room for `additional` more entries, made exactly (up to [`SMALL`] in all): a holder that
    /// knows what it is about to add allocates once instead of growing one entry at a time
    /// (a first entry gets room for one, the second for four).
    pub fn reserve(&mut self, additional: usize) {
        if let Repr::Small(v) = &mut self.0 {
            let want = v.len().saturating_add(additional).min(SMALL);
            if want > v.capacity() {
                v.reserve_exact(want - v.len());
            }
        }
    }

    /// Sets `name` to `value()` unless it has a value. Unlike [`Extrinsics::entry`], the name
    /// is borrowed and copied only when it is new: reading a line whose reference repeats
    /// allocates one name, not one per repeat. Whether it was set.
    pub fn insert_first(&mut self, name: &str, value: impl FnOnce() -> String) -> bool {
        if self.contains_key(name) {
            return false;
        }
        self.insert(name.to_owned(), value());
        true
    }

    /// Removes `name`; its value, if it had one.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        match &mut self.0 {
            Repr::Small(v) => {
                let i = find(v, name).ok()?;
                Some(v.remove(i).1)
            }
            Repr::Big(m) => m.remove(name),
        }
    }

    /// The slot of `name`, to fill when it is empty ([`Entry::or_insert`]).
    pub fn entry(&mut self, name: String) -> Entry<'_> {
        Entry { map: self, name }
    }

    /// The entries in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(match &self.0 {
            Repr::Small(v) => IterRepr::Small(v.iter()),
            Repr::Big(m) => IterRepr::Big(m.iter()),
        })
    }

    /// The names in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(k, _)| k)
    }

    /// The values in name order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(_, v)| v)
    }
}

fn find(v: &[(String, String)], name: &str) -> Result<usize, usize> {
    // Appending in order (the common case when reading) is one comparison.
    match v.last() {
        Some((last, _)) if last.as_str() < name => Err(v.len()),
        _ => v.binary_search_by(|(k, _)| k.as_str().cmp(name)),
    }
}

/// The slot of one name ([`Extrinsics::entry`]).
pub struct Entry<'a> {
    map: &'a mut Extrinsics,
    name: String,
}

impl Entry<'_> {
    /// Sets the value to `value` unless the name has one.
    pub fn or_insert(self, value: String) {
        self.or_insert_with(|| value);
    }

    /// Sets the value to `f()` unless the name has one.
    pub fn or_insert_with(self, f: impl FnOnce() -> String) {
        if !self.map.contains_key(&self.name) {
            self.map.insert(self.name, f());
        }
    }
}

/// Iterator over `(name, value)` in name order.
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Small(std::slice::Iter<'a, (String, String)>),
    Big(btree_map::Iter<'a, String, String>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a String);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Small(i) => i.next().map(|(k, v)| (k, v)),
            IterRepr::Big(i) => i.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Small(i) => i.size_hint(),
            IterRepr::Big(i) => i.size_hint(),
        }
    }
}

impl<'a> IntoIterator for &'a Extrinsics {
    type Item = (&'a String, &'a String);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Extrinsics {
    type Item = (String, String);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(match self.0 {
            Repr::Small(v) => IntoIterRepr::Small(v.into_iter()),
            Repr::Big(m) => IntoIterRepr::Big(m.into_iter()),
        })
    }
}

/// Owning iterator over `(name, value)` in name order.
pub struct IntoIter(IntoIterRepr);

enum IntoIterRepr {
    Small(std::vec::IntoIter<(String, String)>),
    Big(btree_map::IntoIter<String, String>),
}

impl Iterator for IntoIter {
    type Item = (String, String);

    fn next(&mut self) -> Option<(String, String)> {
        match &mut self.0 {
            IntoIterRepr::Small(i) => i.next(),
            IntoIterRepr::Big(i) => i.next(),
        }
    }
}

impl Extend<(String, String)> for Extrinsics {
    /// Inserts each pair; a later value of a name replaces an earlier one.
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, String)> for Extrinsics {
    /// Like collecting into a `BTreeMap`: a later value of a name wins. Sorted once, not
    /// inserted one by one.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut v: Vec<(String, String)> = iter.into_iter().collect();
        if v.len() > SMALL {
            return Self(Repr::Big(v.into_iter().collect()));
        }
        // Stable: equal names keep their order, and the last of each is kept.
        v.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, String)> = Vec::with_capacity(v.len());
        for (k, x) in v {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = x,
                _ => out.push((k, x)),
            }
        }
        Self(Repr::Small(out))
    }
}

impl<const N: usize> From<[(String, String); N]> for Extrinsics {
    fn from(pairs: [(String, String); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for Extrinsics {
    fn from(m: BTreeMap<String, String>) -> Self {
        if m.len() > SMALL {
            Self(Repr::Big(m))
        } else {
            Self(Repr::Small(m.into_iter().collect()))
        }
    }
}

impl std::ops::Index<&str> for Extrinsics {
    type Output = String;

    /// The value of `name`, or an empty string when it has none (unlike a map's index, this
    /// does not panic).
    fn index(&self, name: &str) -> &String {
        static NONE: String = String::new();
        self.get(name).unwrap_or(&NONE)
    }
}

impl PartialEq for Extrinsics {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Extrinsics {}

impl PartialEq<BTreeMap<String, String>> for Extrinsics {
    fn eq(&self, other: &BTreeMap<String, String>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Extrinsics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Extrinsics {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extrinsics {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(d).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(v: &str) -> String {
        v.to_owned()
    }

    #[test]
    fn behaves_as_a_btreemap_across_the_switch() {
        let mut e = Extrinsics::new();
        let mut m = BTreeMap::new();
        for i in (0..40).rev() {
            let k = format!("k{:02}", (i * 7) % 40);
            assert_eq!(
                e.insert(k.clone(), i.to_string()),
                m.insert(k, i.to_string())
            );
            assert_eq!(e, m);
        }
        e.entry(s("k03")).or_insert(s("x"));
        m.entry(s("k03")).or_insert(s("x"));
        e.entry(s("new")).or_insert(s("x"));
        m.entry(s("new")).or_insert(s("x"));
        assert_eq!(e.remove("k05"), m.remove("k05"));
        assert_eq!(e.get("k07"), m.get("k07"));
        assert_eq!(e, m);
        assert_eq!(format!("{e:?}"), format!("{m:?}"));
    }

    #[test]
    fn room_is_made_exactly() {
        let cap = |e: &Extrinsics| match &e.0 {
            Repr::Small(v) => v.capacity(),
            Repr::Big(_) => usize::MAX,
        };
        let mut e = Extrinsics::new();
        e.insert(s("b"), s("1"));
        assert_eq!(cap(&e), 1);
        e.reserve(2);
        assert_eq!(cap(&e), 3);
        e.insert(s("a"), s("2"));
        e.insert(s("c"), s("3"));
        assert_eq!(cap(&e), 3);
        assert_eq!(
            e.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        e.reserve(100);
        assert_eq!(cap(&e), SMALL);
        for i in 0..SMALL {
            e.insert(format!("k{i:02}"), s("x"));
        }
        let mut huge = Extrinsics::new();
        huge.reserve(usize::MAX);
        assert_eq!(cap(&huge), SMALL);
        // The map form: nothing to reserve, and nothing changes.
        e.reserve(5);
        assert_eq!(cap(&e), usize::MAX);
        assert_eq!(e.len(), SMALL + 3);
    }

    #[test]
    fn serialises_like_the_map_and_reads_back() {
        let e = Extrinsics::from([(s("b"), s("2")), (s("a"), s("1")), (s("b"), s("3"))]);
        let m: BTreeMap<_, _> = [(s("b"), s("2")), (s("a"), s("1")), (s("b"), s("3"))].into();
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert_eq!(json, serde_json::to_string(&m).unwrap_or_default());
        assert_eq!(json, r#"{"a":"1","b":"3"}"#);
        let back: Extrinsics = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, e);
        let mut out = Vec::new();
        assert!(crate::json::write(&e, &mut out).is_ok());
        assert_eq!(out, json.as_bytes());
    }

    proptest! {
        /// Any sequence of inserts, entries, removes and reserves leaves the same entries, in the same
        /// order, as a `BTreeMap` given the same sequence; small and big alike.
        #[test]
        fn same_as_btreemap(ops in proptest::collection::vec((0u8..5, 0u8..40, 0u8..5), 0..120)) {
            let mut e = Extrinsics::new();
            let mut m = BTreeMap::new();
            for (op, k, v) in ops {
                let n = usize::from(v) * 5;
                let (k, v) = (format!("n{k}"), v.to_string());
                match op {
                    0 => prop_assert_eq!(e.insert(k.clone(), v.clone()), m.insert(k, v)),
                    1 => {
                        e.entry(k.clone()).or_insert_with(|| v.clone());
                        m.entry(k).or_insert(v);
                    }
                    2 => {
                        let was_new = !m.contains_key(&k);
                        prop_assert_eq!(e.insert_first(&k, || v.clone()), was_new);
                        m.entry(k).or_insert(v);
                    }
                    3 => prop_assert_eq!(e.remove(&k), m.remove(&k)),
                    _ => e.reserve(n),
                }
                prop_assert!(e == m);
                prop_assert_eq!(e.len(), m.len());
            }
            let collected: Extrinsics = m.clone().into_iter().collect();
            prop_assert!(collected == m);
        }
    }
}
