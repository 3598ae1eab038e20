//! The canonical spelling of the attribute paths of the core schemas.
//!
//! Most filters name core attributes, spelled as the RFC spells them. The
//! parser looks a path up here and, when it is one of these, keeps its
//! number in the table instead of allocating a copy.

/// Every attribute name of the core schemas (User, Group, the enterprise
/// extension and the common attributes), each sub-attribute name, and each
/// `attribute.subAttribute` path, as RFC 7643 spells them.
const KNOWN: &[&str] = &[
    "$ref",
    "active",
    "addresses",
    "addresses.country",
    "addresses.formatted",
    "addresses.locality",
    "addresses.postalCode",
    "addresses.region",
    "addresses.streetAddress",
    "addresses.type",
    "costCenter",
    "country",
    "created",
    "department",
    "display",
    "displayName",
    "division",
    "emails",
    "emails.display",
    "emails.primary",
    "emails.type",
    "emails.value",
    "employeeNumber",
    "entitlements",
    "entitlements.display",
    "entitlements.primary",
    "entitlements.type",
    "entitlements.value",
    "externalId",
    "familyName",
    "formatted",
    "givenName",
    "groups",
    "groups.$ref",
    "groups.display",
    "groups.type",
    "groups.value",
    "honorificPrefix",
    "honorificSuffix",
    "id",
    "ims",
    "ims.display",
    "ims.primary",
    "ims.type",
    "ims.value",
    "lastModified",
    "locale",
    "locality",
    "location",
    "manager",
    "manager.$ref",
    "manager.displayName",
    "manager.value",
    "members",
    "members.$ref",
    "members.type",
    "members.value",
    "meta",
    "meta.created",
    "meta.lastModified",
    "meta.location",
    "meta.resourceType",
    "meta.version",
    "middleName",
    "name",
    "name.familyName",
    "name.formatted",
    "name.givenName",
    "name.honorificPrefix",
    "name.honorificSuffix",
    "name.middleName",
    "nickName",
    "organization",
    "password",
    "phoneNumbers",
    "phoneNumbers.display",
    "phoneNumbers.primary",
    "phoneNumbers.type",
    "phoneNumbers.value",
    "photos",
    "photos.display",
    "photos.primary",
    "photos.type",
    "photos.value",
    "postalCode",
    "preferredLanguage",
    "primary",
    "profileUrl",
    "region",
    "resourceType",
    "roles",
    "roles.display",
    "roles.primary",
    "roles.type",
    "roles.value",
    "schemas",
    "streetAddress",
    "timezone",
    "title",
    "type",
    "userName",
    "userType",
    "value",
    "version",
    "x509Certificates",
    "x509Certificates.display",
    "x509Certificates.primary",
    "x509Certificates.type",
    "x509Certificates.value",
];

/// The table has `2^BITS` slots.
const BITS: u32 = 9;
const SLOTS: usize = 1 << BITS;

/// Open addressing with linear probing: each slot holds an index into
/// [`KNOWN`] plus one (the number [`index`] gives), or 0 when empty. The
/// load stays under a quarter, so a lookup probes one or two slots.
static TABLE: [u8; SLOTS] = build();

/// The first slot to probe for `b`: a multiplicative hash of the length
/// and of a few bytes.
const fn slot(b: &[u8]) -> usize {
    let n = b.len();
    let (head, tail) = b.split_at(n / 2);
    let (first, second) = match head {
        [a, b, ..] => (*a, *b),
        [a] => (*a, 0),
        [] => (0, 0),
    };
    let (mid, last) = match tail {
        [m, .., l] => (*m, *l),
        [m] => (*m, *m),
        [] => (0, 0),
    };
    let key = (n as u64)
        | (first as u64) << 8
        | (second as u64) << 16
        | (mid as u64) << 24
        | (last as u64) << 32;
    // Fibonacci hashing: the top bits of the product by 2^64 / phi.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
}

// Runs at compile time: an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const fn build() -> [u8; SLOTS] {
    assert!(KNOWN.len() < 255 && KNOWN.len() * 4 <= SLOTS);
    let mut table = [0u8; SLOTS];
    let mut i = 0;
    while i < KNOWN.len() {
        let mut s = slot(KNOWN[i].as_bytes());
        while table[s] != 0 {
            s = (s + 1) % SLOTS;
        }
        table[s] = (i + 1) as u8;
        i += 1;
    }
    table
}

/// The number of `word` in the table of core names, if it is a core
/// attribute name or path spelled exactly as the RFC spells it.
#[inline]
pub(crate) fn index(word: &str) -> Option<u8> {
    let word = word.as_bytes();
    let mut s = slot(word);
    loop {
        let entry = *TABLE.get(s)?;
        let known = KNOWN.get(usize::from(entry.checked_sub(1)?))?;
        if same(known.as_bytes(), word) {
            return Some(entry);
        }
        s = (s + 1) % SLOTS;
    }
}

/// The core name numbered `index` by [`index`] (empty for any other
/// number, which [`index`] never gives).
#[inline]
pub(crate) fn name(index: u8) -> &'static str {
    usize::from(index)
        .checked_sub(1)
        .and_then(|i| KNOWN.get(i))
        .copied()
        .unwrap_or_default()
}

/// `a == b`, inline: the names are short, and a call to `memcmp` would
/// cost more than the comparison. Compares at most three words of eight
/// bytes (the longest core path has 24), overlapping at the end, or two
/// of four bytes, or single bytes.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|c| c.try_into().ok())
            .map(u64::from_le_bytes)
    };
    let half = |s: &[u8], at: usize| {
        s.get(at..at + 4)
            .and_then(|c| c.try_into().ok())
            .map(u32::from_le_bytes)
    };
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        // One to three bytes: the first, middle and last cover them all.
        a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaRegistry;

    #[test]
    fn finds_every_known_name_and_nothing_else() {
        for known in KNOWN {
            assert_eq!(index(known).map(name), Some(*known));
        }
        for other in [
            "",
            "u",
            "username",
            "UserName",
            "emails.Value",
            "nosuch",
            "emails.value.x",
        ] {
            assert_eq!(index(other), None, "{other}");
        }
    }

    #[test]
    fn a_one_byte_difference_anywhere_is_another_name() {
        for known in KNOWN {
            for at in 0..known.len() {
                let mut other = known.as_bytes().to_vec();
                other[at] ^= 0x20;
                let Ok(other) = String::from_utf8(other) else {
                    continue;
                };
                let expected = KNOWN.iter().position(|k| *k == other);
                assert_eq!(
                    index(&other).map(|i| usize::from(i) - 1),
                    expected,
                    "{other}"
                );
            }
        }
    }

    #[test]
    fn matches_the_core_schemas() {
        let registry = SchemaRegistry::core_ref();
        let mut from_schemas = Vec::new();
        let common = registry.common_attributes().iter();
        for attr in registry
            .iter()
            .flat_map(|s| s.attributes.iter())
            .chain(common)
        {
            from_schemas.push(attr.name.clone());
            for sub in &attr.sub_attributes {
                from_schemas.push(sub.name.clone());
                from_schemas.push(format!("{}.{}", attr.name, sub.name));
            }
        }
        from_schemas.sort();
        from_schemas.dedup();
        let mut known: Vec<String> = KNOWN.iter().map(|s| (*s).to_owned()).collect();
        known.sort();
        assert_eq!(known, from_schemas);
    }
}
