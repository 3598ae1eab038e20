//! Filters (RFC 7644 §3.4.2.2) and PATCH paths (RFC 7644 §3.5.2): their
//! syntax tree, parser and canonical printer, a builder, evaluation against
//! resources, and a visitor for translating them.
//!
//! ```
//! use scim_core::Filter;
//!
//! let f: Filter = r#"userType Eq "Employee" AND (emails co "example.com" OR emails.value co "example.org")"#.parse()?;
//! assert_eq!(
//!     f.to_string(),
//!     r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Building, evaluating, translating
//!
//! - [`attr`] builds filters in code, with values that can never change the
//!   filter's structure:
//!   `attr("emails").has(attr("type").eq("work")).and(attr("active").eq(true))`.
//! - [`Filter::matches`] and [`Evaluator`] decide whether a resource (as
//!   `serde_json::Value`) matches, with case sensitivity, `dateTime` and
//!   number comparison taken from the schemas; the rules are listed on
//!   [`Evaluator`]. Comparisons the RFC does not define fail with an
//!   [`EvalError`] (`invalidFilter`).
//! - [`Visitor`] folds a filter into another query language; the
//!   `filter_to_sql` example of the `scim-examples` package writes a
//!   parameterised SQL `WHERE` clause with it.
//!
//! ```
//! use scim_core::filter::attr;
//!
//! let f = attr("userName").eq("bjensen").or(attr("emails").has(attr("value").ew("@example.com"))).build()?;
//! let user = serde_json::json!({"userName": "BJensen", "emails": [{"value": "b@example.org"}]});
//! assert!(f.matches(&user)?);
//! assert_eq!(f.to_string(), r#"userName eq "bjensen" or emails[value ew "@example.com"]"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Grammar
//!
//! The grammar is RFC 7644 figure 1, with these readings:
//!
//! - `or` binds loosest, then `and`; `not (…)` and parentheses group.
//!   `not` needs its parentheses (with or without a space before them).
//! - Operators (`eq ne co sw ew gt lt ge le pr`), `and`, `or`, `not`,
//!   `true`, `false` and `null` are read ignoring case. They are keywords
//!   only where they can stand, so `not`, `pr` or `and` still work as
//!   attribute names.
//! - An attribute path is `[URI ":"] name ["." subAttr]`. The URI (in
//!   practice a schema URN) ends at the last colon and has a scheme and a
//!   colon of its own (RFC 3986), so `a:b` is no qualified name, and
//!   `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`
//!   is the attribute `manager`, sub-attribute `value`, of the enterprise
//!   extension. A name is a letter followed by letters, digits, `-` and
//!   `_`, or `$ref`.
//! - A value path `emails[type eq "work"]` holds any filter; the paths
//!   inside are relative to the bracketed attribute. A value path inside
//!   another is rejected ([`ParseErrorKind::NestedValuePath`]): complex
//!   attributes have no complex sub-attributes, so it could never match.
//! - One extension, on by default: `emails[type eq "work"].value eq "x"`
//!   (sent by Microsoft Entra ID) reads as the RFC filter
//!   `emails[type eq "work" and value eq "x"]`; see
//!   [`ParserBuilder::value_path_sub_attr`].
//! - The prose of RFC 7644 §3.4.2.2 shows `meta.resourceType eq User`
//!   with an unquoted value; figure 1 requires quotes, and so does this
//!   parser.
//! - Values are `true`, `false`, `null`, JSON numbers and JSON strings,
//!   exactly as JSON (RFC 8259) writes them: every escape, including
//!   surrogate pairs; a lone surrogate, a raw control character, a leading
//!   `+` or zero, or a number beyond the range of `f64` is an error.
//!   Integers that fit `u64`/`i64` stay exact; other numbers become the
//!   nearest `f64`.
//! - Tokens are separated by spaces (tabs and line breaks are also
//!   accepted); none is needed next to a parenthesis, bracket or quote.
//!
//! A PATCH path is an attribute path, or a value path optionally followed
//! by `.` and a sub-attribute: `emails[type eq "work"].display`.
//!
//! # Canonical form
//!
//! `Display` prints keywords and operators in lowercase, attribute names as
//! written, single spaces, `not (…)`, parentheses only where the tree needs
//! them, strings JSON-escaped and numbers as JSON. Reading the printed text
//! gives back an equal tree, and printing is a fixpoint.
//!
//! # Input safety
//!
//! The parser takes time linear in the text, refuses text longer than
//! [`ParserBuilder::max_len`] (64 KiB by default) and nesting deeper than
//! [`ParserBuilder::nest_limit`] (64 by default), so no text can make it,
//! or code walking the tree it returns, overflow the stack. Trees built in
//! code are not checked: keep them shallow.
//!
//! # Errors
//!
//! A [`ParseError`] holds its [kind](ParseErrorKind), a byte span, what was
//! expected there and a copy of the text; `Display` gives one line such as
//! ``expected a comparison operator at byte 9, found `eqq` ``, `{:#}`
//! adds the text with a caret line, and [`ParseError::scim_type`] gives
//! the `scimType` to answer with.

mod ast;
mod build;
mod error;
mod eval;
mod lex;
mod names;
mod parse;
mod print;
mod visit;

use std::str::FromStr;

pub use ast::{
    AttrPath, CompString, CompValue, CompareOp, Comparison, Filter, PatchPath, Span, ValuePath,
};
pub use build::{Attr, BuildError, Expr, IntoCompValue, attr, attr_in, not};
pub use error::{Expected, ParseError, ParseErrorKind};
pub use eval::{EvalError, Evaluator, Operand};
pub(crate) use eval::{eq_ignore_case, fold_case};
pub use parse::{Parser, ParserBuilder};
pub use visit::Visitor;

impl FromStr for Filter {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Filter, ParseError> {
        Filter::parse(s)
    }
}

impl FromStr for PatchPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<PatchPath, ParseError> {
        PatchPath::parse(s)
    }
}

impl FromStr for AttrPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<AttrPath, ParseError> {
        AttrPath::parse(s)
    }
}

impl FromStr for CompareOp {
    type Err = ParseError;

    /// Reads one of the nine comparison operators, ignoring case.
    fn from_str(s: &str) -> Result<CompareOp, ParseError> {
        CompareOp::from_keyword(s).ok_or_else(|| {
            ParseError::new(
                ParseErrorKind::UnexpectedToken,
                Span::new(0, s.len()),
                &[Expected::Operator],
                s,
                error::Syntax::Filter,
            )
        })
    }
}
