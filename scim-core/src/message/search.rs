//! The body of a query sent with POST `/.search` (RFC 7644 §3.4.3).

use crate::object::{keyword_enum, scim_object};
use crate::schema::urn;

keyword_enum! {
    /// The order of sorted results (RFC 7644 §3.4.2.3 `sortOrder`).
    pub enum SortOrder {
        /// Smallest first; the default when `sortBy` is given.
        Ascending = "ascending",
        /// Largest first.
        Descending = "descending",
    }
}

scim_object! {
    /// A query sent in the body of POST `/.search` (RFC 7644 §3.4.3), with
    /// the `cursor` of RFC 9865.
    ///
    /// The attributes are those of a query by GET, except that `attributes`
    /// and `excludedAttributes` are JSON arrays rather than comma-separated
    /// text. `filter` is kept as text.
    ///
    /// ```
    /// use scim_core::{SearchRequest, SortOrder};
    ///
    /// let mut search = SearchRequest::new();
    /// search.filter = Some(r#"displayName sw "smith""#.into());
    /// search.attributes = vec!["displayName".into(), "userName".into()];
    /// search.sort_order = Some(SortOrder::Descending);
    /// search.count = Some(10);
    ///
    /// let json = serde_json::to_value(&search)?;
    /// assert_eq!(json["schemas"][0], "urn:ietf:params:scim:api:messages:2.0:SearchRequest");
    /// assert_eq!(json["sortOrder"], "descending");
    /// assert_eq!(json["count"], 10);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SearchRequest {
        /// The message URN, `urn:ietf:params:scim:api:messages:2.0:SearchRequest`.
        schemas: Vec<String> => "schemas" (vec),
        /// The attributes to return, replacing the default set.
        attributes: Vec<String> => "attributes" (vec),
        /// Attributes to leave out of the default set.
        excluded_attributes: Vec<String> => "excludedAttributes" (vec),
        /// The filter expression (RFC 7644 §3.4.2.2), as text.
        filter: Option<String> => "filter" (opt),
        /// The attribute to sort by.
        sort_by: Option<String> => "sortBy" (opt),
        /// The sort order.
        sort_order: Option<SortOrder> => "sortOrder" (opt),
        /// The 1-based index of the first result; values below 1 mean 1.
        start_index: Option<i64> => "startIndex" (opt),
        /// The largest number of results wanted; negative values mean 0.
        count: Option<i64> => "count" (opt),
        /// The page to return, for cursor pagination (RFC 9865); an empty
        /// string asks for the first page.
        cursor: Option<String> => "cursor" (opt),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl SearchRequest {
    /// An empty query with the `SearchRequest` URN.
    pub fn new() -> SearchRequest {
        SearchRequest {
            schemas: vec![urn::SEARCH_REQUEST.to_owned()],
            ..SearchRequest::default()
        }
    }

    /// The start index as RFC 7644 §3.4.2.4 interprets it: 1 when absent or
    /// below 1.
    pub fn effective_start_index(&self) -> u64 {
        self.start_index
            .map_or(1, |i| u64::try_from(i).unwrap_or(1).max(1))
    }

    /// The count as RFC 7644 §3.4.2.4 interprets it: negative values are 0;
    /// `None` when absent (the server chooses).
    pub fn effective_count(&self) -> Option<u64> {
        self.count.map(|c| u64::try_from(c).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_paging_is_clamped() {
        let mut s = SearchRequest::new();
        assert_eq!(s.effective_start_index(), 1);
        assert_eq!(s.effective_count(), None);
        s.start_index = Some(-4);
        s.count = Some(-1);
        assert_eq!(s.effective_start_index(), 1);
        assert_eq!(s.effective_count(), Some(0));
        s.start_index = Some(21);
        s.count = Some(7);
        assert_eq!(s.effective_start_index(), 21);
        assert_eq!(s.effective_count(), Some(7));
    }

    #[test]
    fn sort_order_reads_any_case() {
        let s: SearchRequest = serde_json::from_str(r#"{"SortOrder": "Descending"}"#).unwrap();
        assert_eq!(s.sort_order, Some(SortOrder::Descending));
    }
}
