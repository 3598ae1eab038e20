//! Translating filters into another language: a fold over the tree.

use super::ast::{AttrPath, Comparison, Filter, ValuePath};

/// Turns a filter into something else (a SQL `WHERE` clause, an LDAP
/// filter, a query object), one node at a time, from the leaves up.
///
/// [`Filter::visit`] calls [`compare`](Visitor::compare) and
/// [`present`](Visitor::present) for the leaves, then builds up with
/// [`not`](Visitor::not), [`and`](Visitor::and), [`or`](Visitor::or) and
/// [`value_path`](Visitor::value_path), passing the results of the
/// operands. Before the filter inside a value path, it calls
/// [`enter_value_path`](Visitor::enter_value_path), so that the visitor
/// knows the paths it will see next are relative to that attribute.
///
/// The first error stops the walk.
///
/// ```
/// use scim_core::Filter;
/// use scim_core::filter::{AttrPath, Comparison, ValuePath, Visitor};
///
/// /// Lists the attributes a filter looks at, with their parent.
/// #[derive(Default)]
/// struct Attributes {
///     parent: Option<String>,
/// }
///
/// impl Visitor for Attributes {
///     type Output = Vec<String>;
///     type Error = std::convert::Infallible;
///
///     fn compare(&mut self, c: &Comparison) -> Result<Vec<String>, Self::Error> {
///         Ok(vec![self.name(&c.path)])
///     }
///     fn present(&mut self, path: &AttrPath) -> Result<Vec<String>, Self::Error> {
///         Ok(vec![self.name(path)])
///     }
///     fn not(&mut self, inner: Vec<String>) -> Result<Vec<String>, Self::Error> {
///         Ok(inner)
///     }
///     fn and(&mut self, operands: Vec<Vec<String>>) -> Result<Vec<String>, Self::Error> {
///         Ok(operands.concat())
///     }
///     fn or(&mut self, operands: Vec<Vec<String>>) -> Result<Vec<String>, Self::Error> {
///         Ok(operands.concat())
///     }
///     fn enter_value_path(&mut self, vp: &ValuePath) -> Result<(), Self::Error> {
///         self.parent = Some(vp.path.to_string());
///         Ok(())
///     }
///     fn value_path(&mut self, _: &ValuePath, inner: Vec<String>) -> Result<Vec<String>, Self::Error> {
///         self.parent = None;
///         Ok(inner)
///     }
/// }
///
/// impl Attributes {
///     fn name(&self, path: &AttrPath) -> String {
///         match &self.parent {
///             Some(parent) => format!("{parent}.{path}"),
///             None => path.to_string(),
///         }
///     }
/// }
///
/// let f: Filter = r#"userName sw "b" and not (emails[type eq "work" and primary pr])"#.parse()?;
/// let names = f.visit(&mut Attributes::default())?;
/// assert_eq!(names, ["userName", "emails.type", "emails.primary"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The crate's `examples/src/bin/filter_to_sql.rs` translates filters into
/// a parameterised SQL `WHERE` clause with this trait.
pub trait Visitor {
    /// What each node becomes.
    type Output;
    /// Why a node cannot be translated (an attribute without a column, an
    /// operator the target does not have, …).
    type Error;

    /// `path op value`.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports for this comparison.
    fn compare(&mut self, comparison: &Comparison) -> Result<Self::Output, Self::Error>;

    /// `path pr`.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports for this presence test.
    fn present(&mut self, path: &AttrPath) -> Result<Self::Output, Self::Error>;

    /// `not (inner)`, given the translated operand.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports.
    fn not(&mut self, inner: Self::Output) -> Result<Self::Output, Self::Error>;

    /// Operands joined by `and` (two or more), given translated.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports.
    fn and(&mut self, operands: Vec<Self::Output>) -> Result<Self::Output, Self::Error>;

    /// Operands joined by `or` (two or more), given translated.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports.
    fn or(&mut self, operands: Vec<Self::Output>) -> Result<Self::Output, Self::Error>;

    /// Called before the filter inside `value_path` is visited. Does
    /// nothing by default.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports; the walk stops.
    fn enter_value_path(&mut self, value_path: &ValuePath) -> Result<(), Self::Error> {
        let _ = value_path;
        Ok(())
    }

    /// `path[filter]`, given the translated inner filter.
    ///
    /// # Errors
    ///
    /// Whatever the visitor reports.
    fn value_path(
        &mut self,
        value_path: &ValuePath,
        inner: Self::Output,
    ) -> Result<Self::Output, Self::Error>;
}

impl Filter {
    /// Walks the filter with `visitor`, from the leaves up, and returns what
    /// the visitor made of the whole filter. See [`Visitor`].
    ///
    /// The walk recurses once per level of nesting, which parsed filters
    /// keep within the parser's nesting limit.
    ///
    /// # Errors
    ///
    /// The first error the visitor returns.
    pub fn visit<V: Visitor + ?Sized>(&self, visitor: &mut V) -> Result<V::Output, V::Error> {
        match self {
            Filter::Compare(c) => visitor.compare(c),
            Filter::Present(p) => visitor.present(p),
            Filter::Not(inner) => {
                let inner = inner.visit(visitor)?;
                visitor.not(inner)
            }
            Filter::And(operands) => {
                let out = visit_all(operands, visitor)?;
                visitor.and(out)
            }
            Filter::Or(operands) => {
                let out = visit_all(operands, visitor)?;
                visitor.or(out)
            }
            Filter::ValuePath(vp) => {
                visitor.enter_value_path(vp)?;
                let inner = vp.filter.visit(visitor)?;
                visitor.value_path(vp, inner)
            }
        }
    }
}

fn visit_all<V: Visitor + ?Sized>(
    operands: &[Filter],
    visitor: &mut V,
) -> Result<Vec<V::Output>, V::Error> {
    operands.iter().map(|o| o.visit(visitor)).collect()
}
