//! Translates SCIM filters into a parameterised SQL `WHERE` clause for a
//! small user store, with scim-core's filter [`Visitor`].
//!
//! The store has two tables:
//!
//! ```sql
//! CREATE TABLE users (id text PRIMARY KEY, external_id text, user_name text,
//!   display_name text, given_name text, family_name text, title text,
//!   user_type text, active boolean, department text,
//!   created timestamptz, last_modified timestamptz);
//! CREATE TABLE emails (user_id text REFERENCES users(id), value text,
//!   type text, is_primary boolean);
//! ```
//!
//! Values are never written into the SQL text: each becomes a placeholder
//! (`$1`, `$2`, …, as in Postgres) and is returned in a list to
//! bind. Strings compare ignoring case unless the SCIM attribute is
//! `caseExact`, as RFC 7644 asks; `co`, `sw` and `ew` become `LIKE` with
//! `%`, `_` and `\` in the value escaped.
//!
//! Run with `cargo run -p scim-examples --bin filter_to_sql -- '<filter>'`;
//! without an argument it translates a few RFC 7644 examples.

use std::fmt;

use scim_core::filter::{AttrPath, CompValue, CompareOp, Comparison, ValuePath, Visitor};
use scim_core::{DateTime, Filter};

/// How a column compares.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// Text compared ignoring case (`lower(…)` on both sides).
    Text,
    /// Text compared exactly.
    ExactText,
    Bool,
    Time,
}

/// A SCIM attribute stored in a column of `users`, or of `emails` (`e`).
struct Column {
    sql: &'static str,
    kind: Kind,
}

/// The `users` columns, by SCIM path (compared ignoring ASCII case).
const USER_COLUMNS: &[(&str, &str, Kind)] = &[
    ("id", "users.id", Kind::ExactText),
    ("externalId", "users.external_id", Kind::ExactText),
    ("userName", "users.user_name", Kind::Text),
    ("displayName", "users.display_name", Kind::Text),
    ("name.givenName", "users.given_name", Kind::Text),
    ("name.familyName", "users.family_name", Kind::Text),
    ("title", "users.title", Kind::Text),
    ("userType", "users.user_type", Kind::Text),
    ("active", "users.active", Kind::Bool),
    ("meta.created", "users.created", Kind::Time),
    ("meta.lastModified", "users.last_modified", Kind::Time),
    (
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "users.department",
        Kind::Text,
    ),
];

/// The `emails` columns, by sub-attribute.
const EMAIL_COLUMNS: &[(&str, &str, Kind)] = &[
    ("value", "e.value", Kind::Text),
    ("type", "e.type", Kind::Text),
    ("primary", "e.is_primary", Kind::Bool),
];

const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// A value to bind to a placeholder.
#[derive(Clone, Debug, PartialEq)]
enum SqlValue {
    Text(String),
    Bool(bool),
    Time(DateTime),
}

/// Why a filter has no SQL translation here.
#[derive(Debug, PartialEq)]
enum SqlError {
    UnknownAttribute(String),
    Unsupported(String),
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlError::UnknownAttribute(p) => write!(f, "no column for attribute `{p}`"),
            SqlError::Unsupported(what) => write!(f, "unsupported: {what}"),
        }
    }
}

impl std::error::Error for SqlError {}

/// A `WHERE` clause and the values of its placeholders, in order.
#[derive(Debug, PartialEq)]
struct Where {
    sql: String,
    params: Vec<SqlValue>,
}

/// Translates `filter` into a `WHERE` clause over `users`.
fn to_sql(filter: &Filter) -> Result<Where, SqlError> {
    let mut t = Translator::default();
    let sql = filter.visit(&mut t)?;
    Ok(Where {
        sql,
        params: t.params,
    })
}

#[derive(Default)]
struct Translator {
    params: Vec<SqlValue>,
    /// Inside `emails[…]`: paths name `emails` columns.
    in_emails: bool,
}

/// Whether `path` is `emails`, possibly qualified with the core User URN.
fn is_emails(path: &AttrPath) -> bool {
    path.name().eq_ignore_ascii_case("emails")
        && path.uri().is_none_or(|u| u.eq_ignore_ascii_case(CORE_USER))
}

/// `\`, `%` and `_` escaped for `LIKE … ESCAPE '\'`.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Translator {
    fn bind(&mut self, value: SqlValue) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// The column `path` names, and whether it is in `emails` (so that,
    /// outside `emails[…]`, the test needs an `EXISTS`).
    fn column(&self, path: &AttrPath) -> Result<(Column, bool), SqlError> {
        let unknown = || SqlError::UnknownAttribute(path.to_string());
        let find = |table: &[(&str, &'static str, Kind)], key: &str| {
            table
                .iter()
                .find(|(p, _, _)| p.eq_ignore_ascii_case(key))
                .map(|&(_, sql, kind)| Column { sql, kind })
        };
        if self.in_emails {
            if path.uri().is_some() || path.sub_attr().is_some() {
                return Err(unknown());
            }
            return find(EMAIL_COLUMNS, path.name())
                .map(|c| (c, true))
                .ok_or_else(unknown);
        }
        if is_emails(path) {
            // `emails` alone compares its `value` (RFC 7643 §2.4).
            let sub = path.sub_attr().unwrap_or("value");
            return find(EMAIL_COLUMNS, sub)
                .map(|c| (c, true))
                .ok_or_else(unknown);
        }
        // The core User URN qualifies top-level attributes.
        let text = path.as_str();
        let key = match path.uri() {
            Some(u) if u.eq_ignore_ascii_case(CORE_USER) => text.get(u.len() + 1..).unwrap_or(text),
            _ => text,
        };
        find(USER_COLUMNS, key)
            .map(|c| (c, false))
            .ok_or_else(unknown)
    }

    /// Wraps a test on `e.*` in an `EXISTS` unless already inside `emails[…]`.
    fn in_table(&self, emails: bool, test: String) -> String {
        if emails && !self.in_emails {
            format!("EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id AND {test})")
        } else {
            test
        }
    }
}

fn present(col: &Column) -> String {
    match col.kind {
        Kind::Text | Kind::ExactText => format!("({0} IS NOT NULL AND {0} <> '')", col.sql),
        Kind::Bool | Kind::Time => format!("{} IS NOT NULL", col.sql),
    }
}

impl Visitor for Translator {
    type Output = String;
    type Error = SqlError;

    fn compare(&mut self, c: &Comparison) -> Result<String, SqlError> {
        let (col, emails) = self.column(&c.path)?;
        let unsupported = || SqlError::Unsupported(format!("`{c}`"));
        let test = match (&c.value, col.kind) {
            // SCIM's null is the unassigned state (RFC 7643 §2.5): `eq null`
            // holds for a NULL column, `ne null` for any value, '' included.
            (CompValue::Null, _) => {
                let test = match c.op {
                    CompareOp::Eq => format!("{} IS NULL", col.sql),
                    CompareOp::Ne => format!("{} IS NOT NULL", col.sql),
                    _ => return Err(unsupported()),
                };
                if emails && !self.in_emails && c.op == CompareOp::Eq {
                    // Some email without it, or no email at all.
                    return Ok(format!(
                        "{} OR NOT EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id)",
                        self.in_table(true, test)
                    ));
                }
                test
            }
            (CompValue::Bool(b), Kind::Bool) => {
                let p = self.bind(SqlValue::Bool(*b));
                match c.op {
                    CompareOp::Eq => format!("{} = {p}", col.sql),
                    CompareOp::Ne => format!("{} IS DISTINCT FROM {p}", col.sql),
                    _ => return Err(unsupported()),
                }
            }
            (CompValue::String(s), Kind::Time) => {
                let at: DateTime = s.parse().map_err(|_| unsupported())?;
                let p = self.bind(SqlValue::Time(at));
                let op = match c.op {
                    CompareOp::Eq => "=",
                    CompareOp::Ne => "IS DISTINCT FROM",
                    CompareOp::Gt => ">",
                    CompareOp::Ge => ">=",
                    CompareOp::Lt => "<",
                    CompareOp::Le => "<=",
                    _ => return Err(unsupported()),
                };
                format!("{} {op} {p}", col.sql)
            }
            (CompValue::String(s), Kind::Text | Kind::ExactText) => {
                let (lhs, wrap): (String, fn(&str) -> String) = if col.kind == Kind::Text {
                    (format!("lower({})", col.sql), |p| format!("lower({p})"))
                } else {
                    (col.sql.to_owned(), str::to_owned)
                };
                let pattern = |this: &mut Translator, pat: String| {
                    let p = this.bind(SqlValue::Text(pat));
                    format!("{lhs} LIKE {} ESCAPE '\\'", wrap(&p))
                };
                match c.op {
                    CompareOp::Co => pattern(self, format!("%{}%", escape_like(s))),
                    CompareOp::Sw => pattern(self, format!("{}%", escape_like(s))),
                    CompareOp::Ew => pattern(self, format!("%{}", escape_like(s))),
                    // An unassigned value is `ne` anything.
                    CompareOp::Ne => {
                        let p = self.bind(SqlValue::Text(s.to_string()));
                        format!("({} IS NULL OR {lhs} <> {})", col.sql, wrap(&p))
                    }
                    op => {
                        let p = self.bind(SqlValue::Text(s.to_string()));
                        let sql_op = match op {
                            CompareOp::Gt => ">",
                            CompareOp::Ge => ">=",
                            CompareOp::Lt => "<",
                            CompareOp::Le => "<=",
                            _ => "=",
                        };
                        format!("{lhs} {sql_op} {}", wrap(&p))
                    }
                }
            }
            _ => return Err(unsupported()),
        };
        Ok(self.in_table(emails, test))
    }

    fn present(&mut self, path: &AttrPath) -> Result<String, SqlError> {
        if !self.in_emails && is_emails(path) && path.sub_attr().is_none() {
            return Ok(self.in_table(true, "TRUE".to_owned()));
        }
        let (col, emails) = self.column(path)?;
        Ok(self.in_table(emails, present(&col)))
    }

    fn not(&mut self, inner: String) -> Result<String, SqlError> {
        // `IS NOT TRUE` rather than `NOT`: a comparison with a NULL column
        // is unknown in SQL, but false in SCIM, so its negation holds.
        Ok(format!("({inner}) IS NOT TRUE"))
    }

    fn and(&mut self, operands: Vec<String>) -> Result<String, SqlError> {
        Ok(operands
            .iter()
            .map(|o| format!("({o})"))
            .collect::<Vec<_>>()
            .join(" AND "))
    }

    fn or(&mut self, operands: Vec<String>) -> Result<String, SqlError> {
        Ok(operands
            .iter()
            .map(|o| format!("({o})"))
            .collect::<Vec<_>>()
            .join(" OR "))
    }

    fn enter_value_path(&mut self, vp: &ValuePath) -> Result<(), SqlError> {
        if !is_emails(&vp.path) || vp.path.sub_attr().is_some() {
            return Err(SqlError::UnknownAttribute(format!("{}[…]", vp.path)));
        }
        self.in_emails = true;
        Ok(())
    }

    fn value_path(&mut self, _: &ValuePath, inner: String) -> Result<String, SqlError> {
        self.in_emails = false;
        Ok(format!(
            "EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id AND ({inner}))"
        ))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let given: Vec<String> = std::env::args().skip(1).collect();
    let filters = if given.is_empty() {
        vec![
            r#"userName eq "bjensen""#.to_owned(),
            r#"name.familyName co "O'Malley""#.to_owned(),
            r#"title pr and userType eq "Employee""#.to_owned(),
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#.to_owned(),
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#
                .to_owned(),
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#
                .to_owned(),
            r#"userName sw "50%_off\\" and not (active eq false)"#.to_owned(),
        ]
    } else {
        given
    };
    for text in &filters {
        let filter = Filter::parse(text)?;
        println!("filter: {filter}");
        match to_sql(&filter) {
            Ok(w) => {
                println!("  WHERE {}", w.sql);
                println!("  params: {:?}", w.params);
            }
            Err(e) => println!("  cannot translate: {e}"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(text: &str) -> Result<Where, SqlError> {
        to_sql(&Filter::parse(text).unwrap())
    }

    fn text(s: &str) -> SqlValue {
        SqlValue::Text(s.to_owned())
    }

    #[test]
    fn comparisons_become_placeholders() {
        let w = sql(r#"userName eq "bjensen""#).unwrap();
        assert_eq!(w.sql, "lower(users.user_name) = lower($1)");
        assert_eq!(w.params, [text("bjensen")]);

        let w = sql(r#"id eq "2819c223" and externalId ne "x""#).unwrap();
        assert_eq!(
            w.sql,
            "(users.id = $1) AND ((users.external_id IS NULL OR users.external_id <> $2))"
        );
        assert_eq!(w.params, [text("2819c223"), text("x")]);
    }

    #[test]
    fn like_wildcards_are_escaped() {
        let w = sql(r#"userName co "50%_off\\""#).unwrap();
        assert_eq!(w.sql, r"lower(users.user_name) LIKE lower($1) ESCAPE '\'");
        assert_eq!(w.params, [text(r"%50\%\_off\\%")]);
        let w = sql(r#"title sw "a_b" or title ew "%""#).unwrap();
        assert_eq!(w.params, [text(r"a\_b%"), text(r"%\%")]);
    }

    #[test]
    fn values_never_reach_the_sql_text() {
        let w = sql(r#"userName eq "x' OR '1'='1""#).unwrap();
        assert!(!w.sql.contains('\''), "{}", w.sql);
        assert_eq!(w.params, [text("x' OR '1'='1")]);
    }

    #[test]
    fn emails_use_exists() {
        let w = sql(r#"emails[type eq "work" and value co "@example.com"]"#).unwrap();
        assert_eq!(
            w.sql,
            "EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id AND \
             ((lower(e.type) = lower($1)) AND (lower(e.value) LIKE lower($2) ESCAPE '\\')))"
        );
        assert_eq!(w.params, [text("work"), text("%@example.com%")]);
        let w = sql(r#"emails co "example.com""#).unwrap();
        assert_eq!(
            w.sql,
            "EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id AND \
             lower(e.value) LIKE lower($1) ESCAPE '\\')"
        );
    }

    #[test]
    fn types_nulls_and_presence() {
        let w = sql(r#"meta.lastModified ge "2011-05-13T04:42:34Z" and active eq true"#).unwrap();
        assert_eq!(w.sql, "(users.last_modified >= $1) AND (users.active = $2)");
        assert_eq!(
            w.params,
            [
                SqlValue::Time("2011-05-13T04:42:34Z".parse().unwrap()),
                SqlValue::Bool(true)
            ]
        );
        assert_eq!(sql("title eq null").unwrap().sql, "users.title IS NULL");
        assert_eq!(sql("title ne null").unwrap().sql, "users.title IS NOT NULL");
        assert_eq!(
            sql("emails.type eq null").unwrap().sql,
            "EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id AND e.type IS NULL) \
             OR NOT EXISTS (SELECT 1 FROM emails e WHERE e.user_id = users.id)"
        );
        assert_eq!(
            sql("not (title pr)").unwrap().sql,
            "((users.title IS NOT NULL AND users.title <> '')) IS NOT TRUE"
        );
        assert!(sql("emails pr").unwrap().sql.starts_with("EXISTS"));
    }

    #[test]
    fn untranslatable_filters_are_errors() {
        assert_eq!(
            sql(r#"nickName eq "x""#),
            Err(SqlError::UnknownAttribute("nickName".into()))
        );
        assert!(matches!(
            sql("active gt true"),
            Err(SqlError::Unsupported(_))
        ));
        assert!(matches!(
            sql(r#"meta.created gt "yesterday""#),
            Err(SqlError::Unsupported(_))
        ));
        assert!(matches!(
            sql(r#"addresses[type eq "work"]"#),
            Err(SqlError::UnknownAttribute(_))
        ));
    }

    #[test]
    fn urn_qualified_paths() {
        let w = sql(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#).unwrap();
        assert_eq!(w.sql, "lower(users.user_name) LIKE lower($1) ESCAPE '\\'");
        let w = sql(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Tour""#,
        )
        .unwrap();
        assert_eq!(w.sql, "lower(users.department) = lower($1)");
    }
}
