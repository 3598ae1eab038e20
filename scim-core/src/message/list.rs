//! The list response of a query (RFC 7644 §3.4.2), with cursor pagination
//! (RFC 9865).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::object::match_name;
use crate::schema::urn;

/// The response to a query: a page of resources (RFC 7644 §3.4.2).
///
/// `T` is the resource type: [`User`](crate::User), [`Group`](crate::Group),
/// or [`Resource`](crate::Resource) for mixed results (a query on the
/// server root or `/.search` may return several types).
///
/// Reading follows the rest of this crate: attribute names match ignoring
/// case (`Resources`, `resources`, `RESOURCES` all work), unknown attributes
/// are kept in [`ListResponse::extra`], and a missing or `null` resource
/// list reads as empty.
///
/// `totalResults` is REQUIRED by the RFC, but some servers leave it out;
/// it is read as `None` then, and not written back. Use
/// [`ListResponse::total`] for a best guess. `totalResults`, `startIndex`
/// and `itemsPerPage` are read as JSON numbers or as strings of digits
/// (`"5"`, as some servers write them; written back as numbers).
///
/// A list this crate builds always writes `Resources`, even empty, because
/// some clients expect it; a list read without `Resources` is written back
/// without it.
///
/// ```
/// use scim_core::{ListResponse, User};
///
/// let page: ListResponse<User> = scim_core::from_str(r#"{
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
///     "totalResults": 2,
///     "itemsPerPage": 1,
///     "startIndex": 1,
///     "resources": [{"userName": "bjensen"}]
/// }"#)?;
/// assert_eq!(page.total_results, Some(2));
/// assert_eq!(page.resources[0].user_name, "bjensen");
/// assert!(page.has_more());
///
/// let reply = ListResponse::new(vec![User::new("jsmith")]);
/// let json = serde_json::to_value(&reply)?;
/// assert_eq!(json["totalResults"], 1);
/// assert_eq!(json["Resources"][0]["userName"], "jsmith");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ListResponse<T> {
    /// The message URN, `urn:ietf:params:scim:api:messages:2.0:ListResponse`.
    pub schemas: Vec<String>,
    /// The number of results the query matched, across all pages; `None`
    /// when the server did not say.
    pub total_results: Option<u64>,
    /// The resources of this page (`Resources`).
    pub resources: Vec<T>,
    /// The 1-based index of the first result of this page.
    pub start_index: Option<u64>,
    /// The number of results on this page.
    pub items_per_page: Option<u64>,
    /// The cursor of the next page (RFC 9865); absent on the last page.
    pub next_cursor: Option<String>,
    /// The cursor of the previous page (RFC 9865).
    pub previous_cursor: Option<String>,
    /// Attributes this type does not model, kept as read.
    pub extra: Map<String, Value>,
    /// Whether `Resources` is written when empty.
    write_empty_resources: bool,
}

impl<T> ListResponse<T> {
    /// The canonical names of the attributes this type models.
    pub const ATTRIBUTE_NAMES: &'static [&'static str] = &[
        "schemas",
        "totalResults",
        "Resources",
        "startIndex",
        "itemsPerPage",
        "nextCursor",
        "previousCursor",
    ];

    /// A complete (single-page) list: the `ListResponse` URN, `totalResults`
    /// and `itemsPerPage` set to the number of resources, and `startIndex` 1.
    pub fn new(resources: Vec<T>) -> ListResponse<T> {
        let n = resources.len() as u64;
        ListResponse {
            schemas: vec![urn::LIST_RESPONSE.to_owned()],
            total_results: Some(n),
            resources,
            start_index: Some(1),
            items_per_page: Some(n),
            next_cursor: None,
            previous_cursor: None,
            extra: Map::new(),
            write_empty_resources: true,
        }
    }

    /// One page of a longer result: `totalResults` is the size of the whole
    /// result, `startIndex` the 1-based index of the first resource here.
    pub fn page(resources: Vec<T>, total_results: u64, start_index: u64) -> ListResponse<T> {
        let mut list = ListResponse::new(resources);
        list.total_results = Some(total_results);
        list.start_index = Some(start_index);
        list
    }

    /// The total number of results: `totalResults` when given, else the
    /// number of resources on this page (plus those before it).
    pub fn total(&self) -> u64 {
        self.total_results.unwrap_or_else(|| {
            let before = self.start_index.unwrap_or(1).saturating_sub(1);
            before.saturating_add(self.resources.len() as u64)
        })
    }

    /// Whether more results follow this page: a `nextCursor` is present, or
    /// `totalResults` counts past the last resource here.
    pub fn has_more(&self) -> bool {
        if self.next_cursor.is_some() {
            return true;
        }
        let Some(total) = self.total_results else {
            return false;
        };
        let seen = self
            .start_index
            .unwrap_or(1)
            .max(1)
            .saturating_sub(1)
            .saturating_add(self.resources.len() as u64);
        !self.resources.is_empty() && seen < total
    }
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        ListResponse::new(Vec::new())
    }
}

impl<T: PartialEq> PartialEq for ListResponse<T> {
    /// Compares the attributes; whether an empty `Resources` is written does
    /// not matter.
    fn eq(&self, other: &Self) -> bool {
        self.schemas == other.schemas
            && self.total_results == other.total_results
            && self.resources == other.resources
            && self.start_index == other.start_index
            && self.items_per_page == other.items_per_page
            && self.next_cursor == other.next_cursor
            && self.previous_cursor == other.previous_cursor
            && self.extra == other.extra
    }
}

impl<T> IntoIterator for ListResponse<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.resources.into_iter()
    }
}

impl<T: Serialize> Serialize for ListResponse<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let write_resources = !self.resources.is_empty() || self.write_empty_resources;
        let len = usize::from(!self.schemas.is_empty())
            + usize::from(self.total_results.is_some())
            + usize::from(write_resources)
            + usize::from(self.start_index.is_some())
            + usize::from(self.items_per_page.is_some())
            + usize::from(self.next_cursor.is_some())
            + usize::from(self.previous_cursor.is_some())
            + self.extra.len();
        let mut m = s.serialize_map(Some(len))?;
        if !self.schemas.is_empty() {
            m.serialize_entry("schemas", &self.schemas)?;
        }
        if let Some(v) = self.total_results {
            m.serialize_entry("totalResults", &v)?;
        }
        if let Some(v) = self.items_per_page {
            m.serialize_entry("itemsPerPage", &v)?;
        }
        if let Some(v) = self.start_index {
            m.serialize_entry("startIndex", &v)?;
        }
        if let Some(v) = &self.next_cursor {
            m.serialize_entry("nextCursor", v)?;
        }
        if let Some(v) = &self.previous_cursor {
            m.serialize_entry("previousCursor", v)?;
        }
        if write_resources {
            m.serialize_entry("Resources", &self.resources)?;
        }
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

enum Field {
    Schemas,
    TotalResults,
    Resources,
    StartIndex,
    ItemsPerPage,
    NextCursor,
    PreviousCursor,
    Other(String),
}

impl Field {
    fn from_key(key: &str) -> Option<Field> {
        const NAMES: &[&str] = ListResponse::<()>::ATTRIBUTE_NAMES;
        Some(match match_name(NAMES, key)? {
            0 => Field::Schemas,
            1 => Field::TotalResults,
            2 => Field::Resources,
            3 => Field::StartIndex,
            4 => Field::ItemsPerPage,
            5 => Field::NextCursor,
            6 => Field::PreviousCursor,
            _ => return None,
        })
    }

    fn name(&self) -> &str {
        match self {
            Field::Schemas => "schemas",
            Field::TotalResults => "totalResults",
            Field::Resources => "Resources",
            Field::StartIndex => "startIndex",
            Field::ItemsPerPage => "itemsPerPage",
            Field::NextCursor => "nextCursor",
            Field::PreviousCursor => "previousCursor",
            Field::Other(k) => k,
        }
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
        Ok(Field::from_key(v).unwrap_or_else(|| Field::Other(v.to_owned())))
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_identifier(FieldVisitor)
    }
}

struct ListVisitor<T>(PhantomData<T>);

/// Records that an attribute was seen, failing on a second spelling of it.
fn first<T, E: de::Error>(slot: &Option<T>, field: &Field) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom(format_args!(
            "duplicate field `{}`",
            field.name()
        )));
    }
    Ok(())
}

impl<'de, T: DeserializeOwned> Visitor<'de> for ListVisitor<T> {
    type Value = ListResponse<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a SCIM ListResponse object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListResponse<T>, A::Error> {
        let mut schemas: Option<Vec<String>> = None;
        let mut total_results: Option<Option<u64>> = None;
        let mut resources: Option<Option<Vec<T>>> = None;
        let mut start_index: Option<Option<u64>> = None;
        let mut items_per_page: Option<Option<u64>> = None;
        let mut next_cursor: Option<Option<String>> = None;
        let mut previous_cursor: Option<Option<String>> = None;
        let mut extra = Map::new();
        while let Some(key) = map.next_key::<Field>()? {
            match &key {
                Field::Schemas => {
                    first(&schemas, &key)?;
                    schemas = Some(map.next_value::<Option<Vec<String>>>()?.unwrap_or_default());
                }
                Field::TotalResults => {
                    first(&total_results, &key)?;
                    total_results = Some(map.next_value::<Count>()?.0);
                }
                Field::Resources => {
                    first(&resources, &key)?;
                    resources = Some(map.next_value()?);
                }
                Field::StartIndex => {
                    first(&start_index, &key)?;
                    start_index = Some(map.next_value::<Count>()?.0);
                }
                Field::ItemsPerPage => {
                    first(&items_per_page, &key)?;
                    items_per_page = Some(map.next_value::<Count>()?.0);
                }
                Field::NextCursor => {
                    first(&next_cursor, &key)?;
                    next_cursor = Some(map.next_value()?);
                }
                Field::PreviousCursor => {
                    first(&previous_cursor, &key)?;
                    previous_cursor = Some(map.next_value()?);
                }
                Field::Other(k) => {
                    if extra.contains_key(k) {
                        return Err(de::Error::custom(format_args!("duplicate attribute `{k}`")));
                    }
                    let v: Value = map.next_value()?;
                    extra.insert(k.clone(), v);
                }
            }
        }
        let write_empty_resources = matches!(resources, Some(Some(_)));
        Ok(ListResponse {
            schemas: schemas.unwrap_or_default(),
            total_results: total_results.flatten(),
            resources: resources.flatten().unwrap_or_default(),
            start_index: start_index.flatten(),
            items_per_page: items_per_page.flatten(),
            next_cursor: next_cursor.flatten(),
            previous_cursor: previous_cursor.flatten(),
            extra,
            write_empty_resources,
        })
    }
}

/// A count or index of a list response: a JSON number, or a string of
/// digits as some servers write it (`"totalResults": "5"`).
struct Count(Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'v> Visitor<'v> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative integer, as a number or a string of digits")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v)
                    .map(|n| Count(Some(n)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                let t = v.trim();
                if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                    return t
                        .parse()
                        .map(|n| Count(Some(n)))
                        .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self));
                }
                Err(E::invalid_value(de::Unexpected::Str(v), &self))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_some<D: Deserializer<'v>>(self, d: D) -> Result<Count, D::Error> {
                d.deserialize_any(V)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for ListResponse<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ListVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::User;

    #[test]
    fn has_more_follows_counts_and_cursors() {
        let mut page = ListResponse::page(vec![User::new("a"), User::new("b")], 5, 1);
        assert!(page.has_more());
        page.start_index = Some(4);
        assert!(!page.has_more());
        page.next_cursor = Some("c2".into());
        assert!(page.has_more());
        let mut unknown: ListResponse<User> = ListResponse::new(vec![User::new("a")]);
        unknown.total_results = None;
        assert!(!unknown.has_more());
        assert_eq!(unknown.total(), 1);
    }

    #[test]
    fn counts_as_numbers_or_strings_of_digits() {
        let read = |text: &str| serde_json::from_str::<ListResponse<User>>(text);
        let page = read(
            r#"{"totalResults": "12", "itemsPerPage": " 2 ", "startIndex": 3, "Resources": []}"#,
        )
        .unwrap();
        assert_eq!(
            (page.total_results, page.items_per_page, page.start_index),
            (Some(12), Some(2), Some(3))
        );
        let unknown = read(r#"{"totalResults": null, "startIndex": null}"#).unwrap();
        assert_eq!((unknown.total_results, unknown.start_index), (None, None));
        for bad in [
            r#"{"totalResults": -1}"#,
            r#"{"totalResults": "many"}"#,
            r#"{"totalResults": "-1"}"#,
            r#"{"totalResults": 1.5}"#,
            r#"{"startIndex": "99999999999999999999999"}"#,
            r#"{"itemsPerPage": true}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn empty_resources_written_only_when_built_or_read() {
        let built: ListResponse<User> = ListResponse::new(vec![]);
        assert_eq!(
            serde_json::to_value(&built).unwrap()["Resources"],
            serde_json::json!([])
        );
        let read: ListResponse<User> = serde_json::from_str(r#"{"totalResults": 0}"#).unwrap();
        assert!(
            serde_json::to_value(&read)
                .unwrap()
                .get("Resources")
                .is_none()
        );
        assert_eq!(built.resources, read.resources);
    }
}
