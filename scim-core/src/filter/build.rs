//! Writing filters in code.
//!
//! [`attr`] starts a condition on an attribute; comparisons, `pr`, value
//! paths, `and`, `or` and `not` build on it. The result is a syntax tree,
//! not text: a value is never spliced into filter text, and printing the
//! tree escapes every string, so no value (quotes, backslashes, brackets,
//! parentheses, control characters, `" or userName pr`) can change the
//! structure of the filter.
//!
//! An invalid attribute path, or a number that JSON cannot write, does not
//! panic: the error is carried along and returned by [`Expr::build`].

use std::fmt;

use super::ast::{AttrPath, CompString, CompValue, CompareOp, Filter};
use super::error::ParseError;
use crate::DateTime;

/// Starts a condition on the attribute `path`: a name (`userName`), a
/// name and sub-attribute (`name.familyName`), either of them qualified
/// with a schema URN
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`).
///
/// ```
/// use scim_core::filter::attr;
///
/// let f = attr("userName").eq("bjensen")
///     .and(attr("emails").has(attr("type").eq("work").and(attr("value").co("@example.com"))))
///     .or(attr("title").pr().not())
///     .build()?;
/// assert_eq!(
///     f.to_string(),
///     r#"userName eq "bjensen" and emails[type eq "work" and value co "@example.com"] or not (title pr)"#,
/// );
///
/// // Values cannot change the structure of the filter.
/// let sneaky = attr("userName").eq(r#"x" or userName pr or userName eq "y"#).build()?;
/// assert_eq!(sneaky.to_string(), r#"userName eq "x\" or userName pr or userName eq \"y""#);
///
/// // An invalid name is an error, not a panic.
/// assert!(attr("user name").eq("x").build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attr(path: &str) -> Attr {
    Attr {
        path: AttrPath::parse(path).map_err(BuildError::Path),
    }
}

/// Starts a condition on the attribute `path` (`name` or `name.sub`) of the
/// schema `urn`: `attr_in(urn::ENTERPRISE_USER, "manager.value")` is
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
///
/// ```
/// use scim_core::filter::attr_in;
/// use scim_core::schema::urn;
///
/// let f = attr_in(urn::ENTERPRISE_USER, "department").eq("Tour Operations").build()?;
/// assert_eq!(
///     f.to_string(),
///     r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Tour Operations""#,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attr_in(urn: &str, path: &str) -> Attr {
    let path = AttrPath::parse(path).and_then(|p| {
        if p.uri().is_some() {
            // A second URN: report the whole path as invalid.
            return AttrPath::from_parts(Some(urn), p.as_str(), None);
        }
        AttrPath::from_parts(Some(urn), p.name(), p.sub_attr())
    });
    Attr {
        path: path.map_err(BuildError::Path),
    }
}

/// `not (expr)`, the same as [`Expr::not`].
pub fn not(expr: Expr) -> Expr {
    expr.not()
}

/// Why a filter could not be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The attribute path is not valid.
    #[error("invalid attribute path: {0}")]
    Path(#[source] ParseError),
    /// A floating-point value is NaN or infinite, which JSON cannot write.
    #[error("{0} cannot be compared: filter numbers must be finite")]
    NotFinite(f64),
    /// A value path inside another value path, which no attribute can
    /// match (complex attributes have no complex sub-attributes).
    #[error("a value path cannot hold another value path (`{0}[…]`)")]
    NestedValuePath(AttrPath),
}

/// An attribute path, ready to be compared.
///
/// Made by [`attr`] and [`attr_in`]; any error in the path is kept until
/// [`Expr::build`].
#[derive(Clone, Debug)]
pub struct Attr {
    path: Result<AttrPath, BuildError>,
}

macro_rules! comparisons {
    ($($(#[$doc:meta])* $name:ident => $op:ident,)*) => {
        $(
            $(#[$doc])*
            pub fn $name(self, value: impl IntoCompValue) -> Expr {
                self.compare(CompareOp::$op, value)
            }
        )*
    };
}

impl Attr {
    /// The attribute's sub-attribute `name`: `attr("name").sub_attr("familyName")`
    /// is `name.familyName`. A path that already has a sub-attribute, or an
    /// invalid name, is an error.
    pub fn sub_attr(self, name: &str) -> Attr {
        let path = self.path.and_then(|p| {
            let sub = match p.sub_attr() {
                // Only one level of sub-attributes exists: report the
                // would-be name `sub.name` as invalid.
                Some(existing) => format!("{existing}.{name}"),
                None => name.to_owned(),
            };
            AttrPath::from_parts(p.uri(), p.name(), Some(&sub)).map_err(BuildError::Path)
        });
        Attr { path }
    }

    /// The path, or the error met while building it.
    ///
    /// # Errors
    ///
    /// A [`BuildError::Path`] if the path is not valid.
    pub fn path(&self) -> Result<&AttrPath, &BuildError> {
        self.path.as_ref()
    }

    /// `path op value`, for any [`CompareOp`].
    pub fn compare(self, op: CompareOp, value: impl IntoCompValue) -> Expr {
        let filter = self
            .path
            .and_then(|path| Ok(Filter::compare(path, op, value.into_comp_value()?)));
        Expr { filter }
    }

    comparisons! {
        /// `path eq value`: equal.
        eq => Eq,
        /// `path ne value`: not equal.
        ne => Ne,
        /// `path co value`: contains.
        co => Co,
        /// `path sw value`: starts with.
        sw => Sw,
        /// `path ew value`: ends with.
        ew => Ew,
        /// `path gt value`: greater than.
        gt => Gt,
        /// `path ge value`: greater than or equal to.
        ge => Ge,
        /// `path lt value`: less than.
        lt => Lt,
        /// `path le value`: less than or equal to.
        le => Le,
    }

    /// `path pr`: the attribute has a value.
    pub fn pr(self) -> Expr {
        Expr {
            filter: self.path.map(Filter::Present),
        }
    }

    /// `path[filter]`: the condition `filter`, whose paths are relative to
    /// this attribute, holds for one of its values.
    ///
    /// ```
    /// use scim_core::filter::attr;
    ///
    /// let f = attr("members").has(attr("value").eq("2819c223")).build()?;
    /// assert_eq!(f.to_string(), r#"members[value eq "2819c223"]"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has(self, filter: Expr) -> Expr {
        let filter = self.path.and_then(|path| {
            let inner = filter.filter?;
            if let Some(nested) = find_value_path(&inner) {
                return Err(BuildError::NestedValuePath(nested.clone()));
            }
            Ok(Filter::value_path(path, inner))
        });
        Expr { filter }
    }
}

impl From<AttrPath> for Attr {
    /// A path already parsed or built, to compare.
    fn from(path: AttrPath) -> Attr {
        Attr { path: Ok(path) }
    }
}

/// The path of the first value path in `filter`, if any.
fn find_value_path(filter: &Filter) -> Option<&AttrPath> {
    match filter {
        Filter::ValuePath(vp) => Some(&vp.path),
        Filter::Not(inner) => find_value_path(inner),
        Filter::And(operands) | Filter::Or(operands) => operands.iter().find_map(find_value_path),
        Filter::Compare(_) | Filter::Present(_) => None,
    }
}

/// A filter being built: combine with [`and`](Expr::and),
/// [`or`](Expr::or) and [`not`](Expr::not), finish with
/// [`build`](Expr::build).
///
/// `and` and `or` keep the grouping they are called with:
/// `a.and(b.or(c))` prints as `a and (b or c)`.
#[derive(Clone, Debug)]
pub struct Expr {
    filter: Result<Filter, BuildError>,
}

impl Expr {
    /// `self and other`.
    pub fn and(self, other: Expr) -> Expr {
        self.join(other, true)
    }

    /// `self or other`.
    pub fn or(self, other: Expr) -> Expr {
        self.join(other, false)
    }

    /// `not (self)`.
    #[allow(clippy::should_implement_trait)] // reads as SCIM's `not`, not Rust's `!`
    pub fn not(self) -> Expr {
        Expr {
            filter: self.filter.map(Filter::not),
        }
    }

    /// The filter, or the first error met while building it.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] if an attribute path is invalid, a number is not
    /// finite, or a value path holds another.
    pub fn build(self) -> Result<Filter, BuildError> {
        self.filter
    }

    fn join(self, other: Expr, and: bool) -> Expr {
        let filter = self.filter.and_then(|left| {
            let right = other.filter?;
            let mut operands = Vec::with_capacity(2);
            // `a and b and c` is one list, as the parser reads it.
            for f in [left, right] {
                match f {
                    Filter::And(list) if and => operands.extend(list),
                    Filter::Or(list) if !and => operands.extend(list),
                    other => operands.push(other),
                }
            }
            Ok(if and {
                Filter::And(operands)
            } else {
                Filter::Or(operands)
            })
        });
        Expr { filter }
    }
}

impl From<Filter> for Expr {
    /// A filter already built or parsed, to combine with others.
    fn from(filter: Filter) -> Expr {
        Expr { filter: Ok(filter) }
    }
}

impl TryFrom<Expr> for Filter {
    type Error = BuildError;

    fn try_from(expr: Expr) -> Result<Filter, BuildError> {
        expr.build()
    }
}

impl fmt::Display for Expr {
    /// The filter's canonical text, or `<invalid filter: …>` if building
    /// it failed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.filter {
            Ok(filter) => filter.fmt(f),
            Err(e) => write!(f, "<invalid filter: {e}>"),
        }
    }
}

/// A value a filter can compare with: strings, booleans, integers,
/// finite floats, [`DateTime`]s, `null` (as `None` or [`CompValue::Null`])
/// and [`CompValue`]s.
pub trait IntoCompValue {
    /// The comparison value.
    ///
    /// # Errors
    ///
    /// [`BuildError::NotFinite`] for NaN and infinite floats.
    fn into_comp_value(self) -> Result<CompValue, BuildError>;
}

impl IntoCompValue for CompValue {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(self)
    }
}

impl IntoCompValue for &str {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(CompString::from(self)))
    }
}

impl IntoCompValue for String {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(CompString::from(self)))
    }
}

impl IntoCompValue for &String {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(CompString::from(self)))
    }
}

impl IntoCompValue for CompString {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(self))
    }
}

impl IntoCompValue for &CompString {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(self.clone()))
    }
}

impl IntoCompValue for bool {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::Bool(self))
    }
}

impl IntoCompValue for serde_json::Number {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::Number(self))
    }
}

impl IntoCompValue for &DateTime {
    /// The text of the `dateTime`, as it was read or written.
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        Ok(CompValue::String(CompString::from(self.as_str())))
    }
}

impl IntoCompValue for DateTime {
    /// The text of the `dateTime`, as it was read or written.
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        (&self).into_comp_value()
    }
}

impl<T: IntoCompValue> IntoCompValue for Option<T> {
    /// `None` is `null`.
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        match self {
            Some(v) => v.into_comp_value(),
            None => Ok(CompValue::Null),
        }
    }
}

macro_rules! integers {
    ($($t:ty => $via:ty),*) => {
        $(
            impl IntoCompValue for $t {
                fn into_comp_value(self) -> Result<CompValue, BuildError> {
                    Ok(CompValue::Number(<$via>::from(self).into()))
                }
            }
        )*
    };
}

integers!(i8 => i64, i16 => i64, i32 => i64, i64 => i64, u8 => u64, u16 => u64, u32 => u64, u64 => u64);

impl IntoCompValue for f64 {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        serde_json::Number::from_f64(self)
            .map(CompValue::Number)
            .ok_or(BuildError::NotFinite(self))
    }
}

impl IntoCompValue for f32 {
    fn into_comp_value(self) -> Result<CompValue, BuildError> {
        f64::from(self).into_comp_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_canonically() {
        let cases: Vec<(Expr, &str)> = vec![
            (attr("userName").eq("bjensen"), r#"userName eq "bjensen""#),
            (
                attr("name").sub_attr("familyName").co("O'Malley"),
                r#"name.familyName co "O'Malley""#,
            ),
            (attr("title").pr(), "title pr"),
            (attr("active").ne(false), "active ne false"),
            (attr("level").ge(7), "level ge 7"),
            (attr("level").lt(-7i8), "level lt -7"),
            (attr("ratio").le(0.5), "ratio le 0.5"),
            (attr("manager").eq(None::<&str>), "manager eq null"),
            (attr("x").gt(CompValue::Null), "x gt null"),
            (
                attr("a").pr().and(attr("b").pr()).and(attr("c").pr()),
                "a pr and b pr and c pr",
            ),
            (
                attr("a").pr().or(attr("b").pr().and(attr("c").pr())),
                "a pr or b pr and c pr",
            ),
            (
                attr("a").pr().and(attr("b").pr().or(attr("c").pr())),
                "a pr and (b pr or c pr)",
            ),
            (not(attr("a").pr().or(attr("b").pr())), "not (a pr or b pr)"),
        ];
        for (expr, want) in cases {
            let f = expr.build().unwrap();
            assert_eq!(f.to_string(), want);
            assert_eq!(Filter::parse(want).unwrap(), f, "{want}");
        }
    }

    #[test]
    fn errors_instead_of_panics() {
        assert!(matches!(attr("").pr().build(), Err(BuildError::Path(_))));
        assert!(matches!(attr("a b").pr().build(), Err(BuildError::Path(_))));
        assert!(matches!(
            attr("a").sub_attr("b c").pr().build(),
            Err(BuildError::Path(_))
        ));
        assert!(matches!(
            attr("a.b").sub_attr("c").pr().build(),
            Err(BuildError::Path(_))
        ));
        assert!(matches!(
            attr_in("not a urn", "a").pr().build(),
            Err(BuildError::Path(_))
        ));
        assert!(matches!(
            attr_in("urn:x", "urn:y:a").pr().build(),
            Err(BuildError::Path(_))
        ));
        assert!(matches!(
            attr("a").eq(f64::NAN).build(),
            Err(BuildError::NotFinite(_))
        ));
        assert!(matches!(
            attr("a").eq(f32::INFINITY).build(),
            Err(BuildError::NotFinite(_))
        ));
        // The first error wins through and/or/not.
        let e = attr("ok")
            .pr()
            .and(attr("bad name").pr())
            .or(attr("x").eq(f64::NAN))
            .not();
        assert!(matches!(e.build(), Err(BuildError::Path(_))));
        let nested = attr("emails").has(attr("x").has(attr("y").pr()));
        assert!(matches!(
            nested.build(),
            Err(BuildError::NestedValuePath(_))
        ));
        assert!(
            attr("bad name")
                .pr()
                .to_string()
                .starts_with("<invalid filter")
        );
        let parsed = AttrPath::parse("name.givenName").unwrap();
        assert_eq!(Attr::from(parsed).pr().to_string(), "name.givenName pr");
    }
}
