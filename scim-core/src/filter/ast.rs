//! The syntax tree of filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2).
//!
//! The tree stays close to the text: attribute names keep their spelling,
//! numbers keep their JSON form, and a parenthesised group that changes the
//! shape of the tree is kept as a nested operand. Redundant parentheses are
//! not represented.
//!
//! # Depth
//!
//! Trees read by the [parser](super::Parser) are never deeper than its
//! nesting limit, so dropping, cloning, comparing and printing them (all of
//! which recurse) is always safe. A tree built by hand bypasses that limit:
//! keep hand-built trees shallow (a few thousand levels is already enough to
//! exhaust a small thread stack).

use std::fmt;
use std::hash::{Hash, Hasher};

use super::error::ParseError;

/// A half-open range of byte offsets into the text that was parsed.
///
/// An empty span (`start == end`) marks a position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte (it marks a position).
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// An attribute path: an optional schema URN, an attribute name and an
/// optional sub-attribute name, such as `userName`, `name.familyName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
///
/// The path keeps the spelling it was written with, and prints it back
/// unchanged. `==` compares that spelling exactly (and ignores where the
/// path was read from); [`AttrPath::eq_ignore_case`] compares the way SCIM
/// does, ignoring ASCII case as RFC 7643 §2.1 requires for attribute names.
///
/// A path always holds a valid name: every constructor checks it.
///
/// ```
/// use scim_core::AttrPath;
///
/// let p: AttrPath = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value".parse()?;
/// assert_eq!(p.uri(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
/// assert_eq!(p.name(), "manager");
/// assert_eq!(p.sub_attr(), Some("value"));
///
/// let q = AttrPath::parse("URN:ietf:params:scim:schemas:extension:enterprise:2.0:User:Manager.Value")?;
/// assert_ne!(p, q);
/// assert!(p.eq_ignore_case(&q));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct AttrPath {
    /// The whole path as written.
    text: PathText,
    /// Where the attribute name starts in `text` (0 without a URN).
    name_at: usize,
    /// Where the sub-attribute name starts in `text` (0 without one).
    sub_at: usize,
    /// Where the path was read from, or [`NO_SPAN`] if it was built in
    /// code.
    span: Span,
}

/// The span of a path built in code. No text is long enough for a span
/// read from it to start here.
const NO_SPAN: Span = Span::new(usize::MAX, usize::MAX);

/// The text of a path: the static canonical spelling of a core attribute,
/// which costs no allocation, or a copy.
#[derive(Clone)]
enum PathText {
    /// The number of a core name in the table of [`super::names`].
    Static(u8),
    Owned(Box<str>),
}

impl PathText {
    fn new(text: &str) -> PathText {
        match super::names::index(text) {
            Some(known) => PathText::Static(known),
            None => PathText::Owned(Box::from(text)),
        }
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            PathText::Static(i) => super::names::name(*i),
            PathText::Owned(s) => s,
        }
    }
}

impl AttrPath {
    /// Builds a path from text already split into its parts.
    ///
    /// `uri`, when given, is the schema URN without the colon that separates
    /// it from the name. The caller has checked every part.
    pub(crate) fn from_checked(
        uri: Option<&str>,
        name: &str,
        sub_attr: Option<&str>,
        span: Option<Span>,
    ) -> AttrPath {
        let span = span.unwrap_or(NO_SPAN);
        let mut text = String::with_capacity(
            uri.map_or(0, |u| u.len() + 1) + name.len() + sub_attr.map_or(0, |s| s.len() + 1),
        );
        if let Some(u) = uri {
            text.push_str(u);
            text.push(':');
        }
        let name_at = text.len();
        text.push_str(name);
        let sub_at = match sub_attr {
            Some(s) => {
                text.push('.');
                let at = text.len();
                text.push_str(s);
                at
            }
            None => 0,
        };
        AttrPath {
            text: PathText::new(&text),
            name_at,
            sub_at,
            span,
        }
    }

    /// Builds a path from the text of one word already known to be a valid
    /// path, given the offsets of its parts.
    pub(crate) fn from_word(word: &str, name_at: usize, sub_at: usize, span: Span) -> AttrPath {
        AttrPath {
            text: PathText::new(word),
            name_at,
            sub_at,
            span,
        }
    }

    /// Reads an attribute path such as `name.familyName`.
    ///
    /// The whole text must be the path, without surrounding spaces.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] (with `scimType` `invalidPath`) if the text is not
    /// an attribute path.
    pub fn parse(text: &str) -> Result<AttrPath, ParseError> {
        super::Parser::new().parse_attr_path(text)
    }

    /// Builds a path from its parts, checking each one.
    ///
    /// `uri` is the schema URN without the colon that ends it; `name` and
    /// `sub_attr` must be attribute names (`ALPHA *(ALPHA / DIGIT / "-" /
    /// "_")`, or `$ref`).
    ///
    /// # Errors
    ///
    /// A [`ParseError`] naming the first invalid part.
    ///
    /// ```
    /// use scim_core::AttrPath;
    ///
    /// let p = AttrPath::from_parts(None, "name", Some("familyName"))?;
    /// assert_eq!(p.to_string(), "name.familyName");
    /// assert!(AttrPath::from_parts(None, "given name", None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_parts(
        uri: Option<&str>,
        name: &str,
        sub_attr: Option<&str>,
    ) -> Result<AttrPath, ParseError> {
        super::parse::check_parts(uri, name, sub_attr)?;
        Ok(AttrPath::from_checked(uri, name, sub_attr, None))
    }

    /// The schema URN, without the colon that separates it from the name.
    pub fn uri(&self) -> Option<&str> {
        match self.name_at {
            0 => None,
            at => self.as_str().get(..at - 1),
        }
    }

    /// The attribute name, as written.
    pub fn name(&self) -> &str {
        let end = match self.sub_at {
            0 => self.as_str().len(),
            at => at - 1,
        };
        self.as_str().get(self.name_at..end).unwrap_or_default()
    }

    /// The sub-attribute name, as written.
    pub fn sub_attr(&self) -> Option<&str> {
        match self.sub_at {
            0 => None,
            at => self.as_str().get(at..),
        }
    }

    /// The whole path as written, which is also how it prints.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// Where the path was read from, or `None` if it was built in code.
    pub fn span(&self) -> Option<Span> {
        (self.span.start != usize::MAX).then_some(self.span)
    }

    /// Whether both paths name the same attribute, ignoring ASCII case in
    /// the URN and the names (RFC 7643 §2.1).
    pub fn eq_ignore_case(&self, other: &AttrPath) -> bool {
        self.name_at == other.name_at
            && self.sub_at == other.sub_at
            && self.as_str().eq_ignore_ascii_case(other.as_str())
    }

    /// Whether this path has no URN and no sub-attribute, and its name is
    /// `name` ignoring ASCII case.
    pub fn is_simple_name(&self, name: &str) -> bool {
        self.name_at == 0 && self.sub_at == 0 && self.as_str().eq_ignore_ascii_case(name)
    }
}

impl PartialEq for AttrPath {
    /// Compares the spelling; the span is ignored.
    fn eq(&self, other: &AttrPath) -> bool {
        self.as_str() == other.as_str() && self.name_at == other.name_at
    }
}

impl Eq for AttrPath {}

impl Hash for AttrPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttrPath")
            .field("uri", &self.uri())
            .field("name", &self.name())
            .field("sub_attr", &self.sub_attr())
            .field("span", &self.span())
            .finish()
    }
}

/// A comparison operator of RFC 7644 §3.4.2.2, table 3 (`pr` is
/// [`Filter::Present`], since it takes no value).
///
/// Operators are read ignoring case and printed in lowercase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `co`: contains.
    Co,
    /// `sw`: starts with.
    Sw,
    /// `ew`: ends with.
    Ew,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal to.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal to.
    Le,
}

impl CompareOp {
    /// Every operator, in the order of RFC 7644 table 3.
    pub const ALL: [CompareOp; 9] = [
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Co,
        CompareOp::Sw,
        CompareOp::Ew,
        CompareOp::Gt,
        CompareOp::Ge,
        CompareOp::Lt,
        CompareOp::Le,
    ];

    /// The operator in lowercase, as printed.
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Co => "co",
            CompareOp::Sw => "sw",
            CompareOp::Ew => "ew",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
    }

    /// Reads an operator, ignoring ASCII case. `pr` is not a comparison
    /// operator and gives `None`.
    pub fn from_keyword(word: &str) -> Option<CompareOp> {
        let [a, b] = word.as_bytes() else {
            return None;
        };
        CompareOp::from_lowercase([a.to_ascii_lowercase(), b.to_ascii_lowercase()])
    }

    /// The operator spelled by two lowercase ASCII bytes.
    #[inline]
    pub(crate) const fn from_lowercase(word: [u8; 2]) -> Option<CompareOp> {
        Some(match word {
            [b'e', b'q'] => CompareOp::Eq,
            [b'n', b'e'] => CompareOp::Ne,
            [b'c', b'o'] => CompareOp::Co,
            [b's', b'w'] => CompareOp::Sw,
            [b'e', b'w'] => CompareOp::Ew,
            [b'g', b't'] => CompareOp::Gt,
            [b'g', b'e'] => CompareOp::Ge,
            [b'l', b't'] => CompareOp::Lt,
            [b'l', b'e'] => CompareOp::Le,
            _ => return None,
        })
    }

    /// Whether this is one of the ordering operators `gt`, `ge`, `lt`, `le`.
    pub const fn is_ordering(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }
}

/// The value on the right of a comparison (`compValue` in RFC 7644
/// figure 1): `null`, `true`, `false`, a JSON number or a JSON string.
///
/// Dates are strings here; what a string means is up to evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CompValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A JSON number. Integers that fit `u64` or `i64` stay exact; any
    /// other number is the nearest `f64`. Numbers beyond the range of `f64`
    /// are rejected by the parser.
    Number(serde_json::Number),
    /// A JSON string, with its escapes decoded.
    String(CompString),
}

impl CompValue {
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            CompValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            CompValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(&self) -> Option<&serde_json::Number> {
        match self {
            CompValue::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, CompValue::Null)
    }
}

impl From<CompValue> for serde_json::Value {
    fn from(v: CompValue) -> serde_json::Value {
        match v {
            CompValue::Null => serde_json::Value::Null,
            CompValue::Bool(b) => serde_json::Value::Bool(b),
            CompValue::Number(n) => serde_json::Value::Number(n),
            CompValue::String(s) => serde_json::Value::String(s.into_string()),
        }
    }
}

impl From<&str> for CompValue {
    fn from(s: &str) -> CompValue {
        CompValue::String(CompString::from(s))
    }
}

impl From<String> for CompValue {
    fn from(s: String) -> CompValue {
        CompValue::String(CompString::from(s))
    }
}

impl From<CompString> for CompValue {
    fn from(s: CompString) -> CompValue {
        CompValue::String(s)
    }
}

/// The text of a string value in a filter, with its JSON escapes decoded.
///
/// It is used as a `&str`: through `Deref`, [`as_str`](CompString::as_str),
/// `AsRef<str>` and `Borrow<str>`; it compares with `str` and `String`, and
/// converts from them and into a `String`. Text of up to 24 bytes, which
/// covers most user names, ids and email addresses, is held without a heap
/// allocation, so reading a filter such as `userName eq "bjensen"`
/// allocates nothing.
///
/// ```
/// use scim_core::filter::{CompString, CompValue, Filter};
///
/// let f: Filter = r#"userName eq "bjensen\u0021""#.parse()?;
/// let Filter::Compare(c) = &f else { panic!("a comparison") };
/// let CompValue::String(s) = &c.value else { panic!("a string") };
/// assert_eq!(s, "bjensen!");
/// assert!(s.starts_with("bj"));
/// let owned: String = s.clone().into();
/// assert_eq!(CompString::from(owned), *s);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompString(compact_str::CompactString);

impl CompString {
    /// The empty string.
    pub const fn new() -> CompString {
        CompString(compact_str::CompactString::const_new(""))
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The text as a `String` (which allocates when the text is short
    /// enough to be held inline).
    pub fn into_string(self) -> String {
        self.0.into_string()
    }

    pub(crate) fn from_compact(s: compact_str::CompactString) -> CompString {
        CompString(s)
    }
}

impl std::ops::Deref for CompString {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for CompString {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::borrow::Borrow<str> for CompString {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for CompString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

/// The text as it is, without quotes or escapes (`Display` of a
/// [`CompValue`] or [`Filter`] writes the JSON string).
impl fmt::Display for CompString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl std::str::FromStr for CompString {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<CompString, std::convert::Infallible> {
        Ok(CompString::from(s))
    }
}

impl From<&str> for CompString {
    fn from(s: &str) -> CompString {
        CompString(compact_str::CompactString::from(s))
    }
}

impl From<String> for CompString {
    fn from(s: String) -> CompString {
        CompString(compact_str::CompactString::from(s))
    }
}

impl From<&String> for CompString {
    fn from(s: &String) -> CompString {
        CompString(compact_str::CompactString::from(s.as_str()))
    }
}

impl From<Box<str>> for CompString {
    fn from(s: Box<str>) -> CompString {
        CompString(compact_str::CompactString::from(s))
    }
}

impl From<CompString> for String {
    fn from(s: CompString) -> String {
        s.0.into_string()
    }
}

impl PartialEq<str> for CompString {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for CompString {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for CompString {
    fn eq(&self, other: &String) -> bool {
        self.0.as_str() == other.as_str()
    }
}

impl PartialEq<CompString> for str {
    fn eq(&self, other: &CompString) -> bool {
        self == other.0.as_str()
    }
}

impl PartialEq<CompString> for &str {
    fn eq(&self, other: &CompString) -> bool {
        *self == other.0.as_str()
    }
}

impl PartialEq<CompString> for String {
    fn eq(&self, other: &CompString) -> bool {
        self.as_str() == other.0.as_str()
    }
}

impl From<bool> for CompValue {
    fn from(b: bool) -> CompValue {
        CompValue::Bool(b)
    }
}

impl From<serde_json::Number> for CompValue {
    fn from(n: serde_json::Number) -> CompValue {
        CompValue::Number(n)
    }
}

impl From<i64> for CompValue {
    fn from(n: i64) -> CompValue {
        CompValue::Number(n.into())
    }
}

impl From<u64> for CompValue {
    fn from(n: u64) -> CompValue {
        CompValue::Number(n.into())
    }
}

/// `path op value`, such as `userName eq "bjensen"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Comparison {
    /// The attribute compared.
    pub path: AttrPath,
    /// The operator.
    pub op: CompareOp,
    /// The value compared with.
    pub value: CompValue,
}

/// `path[filter]`: a filter applied to each value of a multi-valued
/// attribute, such as `emails[type eq "work" and value co "@example.com"]`.
///
/// Attribute paths inside `filter` are relative to `path`: `type` above
/// names the sub-attribute `emails.type`. The parser rejects a value path
/// nested inside another one (RFC 7643 §2.3.8: complex attributes have no
/// complex sub-attributes, so it could never select anything).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValuePath {
    /// The multi-valued attribute.
    pub path: AttrPath,
    /// The filter each value is tested with.
    pub filter: Box<Filter>,
}

/// A filter expression (RFC 7644 §3.4.2.2).
///
/// Read one with [`Filter::parse`] or [`str::parse`]; print the canonical
/// form with `Display`. Printing and reading back gives an equal filter.
///
/// `and` and `or` hold their operands in a list, in the order written:
/// `a and b and c` is one [`Filter::And`] of three. Parentheses that change
/// the shape are kept as a nested operand: `(a or b) or c` is an `Or` whose
/// first operand is an `Or`. The parser never produces an `And` or `Or` with
/// fewer than two operands; a hand-built one with fewer does not print as a
/// filter that reads back equal.
///
/// # Depth
///
/// Dropping, cloning, comparing and printing a filter recurse once per
/// level of nesting. Filters read by the [parser](super::Parser) are never
/// deeper than its nesting limit (64 by default), so this is always safe
/// for them. A filter built in code bypasses that limit: keep hand-built
/// trees shallow (some thousands of levels can exhaust a small thread
/// stack).
///
/// ```
/// use scim_core::filter::{CompareOp, CompValue, Filter};
///
/// let f: Filter = r#"title pr AND userType Eq "Employee""#.parse()?;
/// let Filter::And(operands) = &f else { panic!("an and") };
/// assert!(matches!(&operands[0], Filter::Present(p) if p.name() == "title"));
/// let Filter::Compare(c) = &operands[1] else { panic!("a comparison") };
/// assert_eq!(c.op, CompareOp::Eq);
/// assert_eq!(c.value, CompValue::String("Employee".into()));
/// assert_eq!(f.to_string(), r#"title pr and userType eq "Employee""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Filter {
    /// `path op value`.
    Compare(Comparison),
    /// `path pr`: the attribute has a value.
    Present(AttrPath),
    /// `path[filter]`.
    ValuePath(ValuePath),
    /// `not (filter)`.
    Not(Box<Filter>),
    /// Operands joined by `and` (two or more).
    And(Vec<Filter>),
    /// Operands joined by `or` (two or more).
    Or(Vec<Filter>),
}

impl Filter {
    /// Reads a filter with the default limits (see [`ParserBuilder`]).
    ///
    /// # Errors
    ///
    /// A [`ParseError`] (with `scimType` `invalidFilter`) naming the byte
    /// offset where the text stops being a filter.
    ///
    /// ```
    /// use scim_core::Filter;
    ///
    /// let f = Filter::parse(r#"emails[type eq "work" and value co "@example.com"]"#)?;
    /// assert!(matches!(f, Filter::ValuePath(_)));
    ///
    /// let err = Filter::parse(r#"userName eqq "bjensen""#).unwrap_err();
    /// assert_eq!(err.to_string(), "expected a comparison operator at byte 9, found `eqq`");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`ParserBuilder`]: super::ParserBuilder
    #[inline]
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        super::Parser::new().parse_filter(text)
    }

    /// `path op value`.
    pub fn compare(path: AttrPath, op: CompareOp, value: impl Into<CompValue>) -> Filter {
        Filter::Compare(Comparison {
            path,
            op,
            value: value.into(),
        })
    }

    /// `path[filter]`.
    pub fn value_path(path: AttrPath, filter: Filter) -> Filter {
        Filter::ValuePath(ValuePath {
            path,
            filter: Box::new(filter),
        })
    }

    /// `not (filter)`.
    #[allow(clippy::should_implement_trait)] // a constructor, not the `!` operator
    pub fn not(filter: Filter) -> Filter {
        Filter::Not(Box::new(filter))
    }
}

/// A PATCH operation's `path` (RFC 7644 §3.5.2): an attribute path, or a
/// value path optionally followed by a sub-attribute.
///
/// ```
/// use scim_core::PatchPath;
///
/// let p: PatchPath = r#"emails[type eq "work"].display"#.parse()?;
/// assert_eq!(p.attr().name(), "emails");
/// assert_eq!(p.filter().unwrap().to_string(), r#"type eq "work""#);
/// assert_eq!(p.sub_attr(), Some("display"));
///
/// let q = PatchPath::parse("name.familyName")?;
/// assert_eq!(q.attr().sub_attr(), Some("familyName"));
/// assert!(q.filter().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PatchPath {
    attr: AttrPath,
    filter: Option<Box<Filter>>,
    sub_attr: Option<Box<str>>,
}

impl PatchPath {
    pub(crate) fn from_checked(
        attr: AttrPath,
        filter: Option<Filter>,
        sub_attr: Option<&str>,
    ) -> PatchPath {
        PatchPath {
            attr,
            filter: filter.map(Box::new),
            sub_attr: sub_attr.map(Box::from),
        }
    }

    /// Reads a PATCH path with the default limits.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] (with `scimType` `invalidPath`) naming the byte
    /// offset where the text stops being a path.
    pub fn parse(text: &str) -> Result<PatchPath, ParseError> {
        super::Parser::new().parse_path(text)
    }

    /// A path selecting the value filter `filter` of `attr`, then the
    /// sub-attribute `sub_attr` if given: `attr[filter].sub_attr`.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] if `sub_attr` is not an attribute name.
    pub fn with_filter(
        attr: AttrPath,
        filter: Filter,
        sub_attr: Option<&str>,
    ) -> Result<PatchPath, ParseError> {
        if let Some(s) = sub_attr {
            super::parse::check_parts(None, s, None)?;
        }
        Ok(PatchPath::from_checked(attr, Some(filter), sub_attr))
    }

    /// The attribute the path starts with (before any `[`).
    pub fn attr(&self) -> &AttrPath {
        &self.attr
    }

    /// The value filter between `[` and `]`, if any.
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_deref()
    }

    /// The sub-attribute after `].`, if any.
    pub fn sub_attr(&self) -> Option<&str> {
        self.sub_attr.as_deref()
    }
}

impl From<AttrPath> for PatchPath {
    fn from(attr: AttrPath) -> PatchPath {
        PatchPath {
            attr,
            filter: None,
            sub_attr: None,
        }
    }
}
