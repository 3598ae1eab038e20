//! The canonical text of filters and paths.
//!
//! Keywords and operators in lowercase, attribute names as written, one
//! space between tokens, `not (…)` with a space, parentheses only where the
//! shape of the tree needs them, strings JSON-escaped (only `"`, `\` and
//! control characters), numbers as JSON.

use std::fmt::{self, Write};

use super::ast::{AttrPath, CompValue, CompareOp, Comparison, Filter, PatchPath, ValuePath};

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for CompValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompValue::Null => f.write_str("null"),
            CompValue::Bool(true) => f.write_str("true"),
            CompValue::Bool(false) => f.write_str("false"),
            CompValue::Number(n) => write!(f, "{n}"),
            CompValue::String(s) => write_json_string(f, s),
        }
    }
}

/// Writes `s` as a JSON string.
pub(crate) fn write_json_string(f: &mut impl Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut run = 0;
    for (at, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        f.write_str(s.get(run..at).unwrap_or_default())?;
        if escape.is_empty() {
            write!(f, "\\u{b:04x}")?;
        } else {
            f.write_str(escape)?;
        }
        run = at + 1;
    }
    f.write_str(s.get(run..).unwrap_or_default())?;
    f.write_char('"')
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.path, self.op, self.value)
    }
}

impl fmt::Display for ValuePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.path, self.filter)
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare(c) => c.fmt(f),
            Filter::Present(p) => write!(f, "{p} pr"),
            Filter::ValuePath(v) => v.fmt(f),
            Filter::Not(inner) => write!(f, "not ({inner})"),
            // An `and` operand needs parentheses if it is itself an `and`
            // or an `or`; an `or` operand only if it is an `or`.
            Filter::And(operands) => write_list(f, operands, " and ", |o| {
                matches!(o, Filter::And(_) | Filter::Or(_))
            }),
            Filter::Or(operands) => write_list(f, operands, " or ", |o| matches!(o, Filter::Or(_))),
        }
    }
}

fn write_list(
    f: &mut fmt::Formatter<'_>,
    operands: &[Filter],
    sep: &str,
    needs_parens: impl Fn(&Filter) -> bool,
) -> fmt::Result {
    for (i, o) in operands.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if needs_parens(o) {
            write!(f, "({o})")?;
        } else {
            fmt::Display::fmt(o, f)?;
        }
    }
    Ok(())
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.attr().fmt(f)?;
        if let Some(filter) = self.filter() {
            write!(f, "[{filter}]")?;
            if let Some(sub) = self.sub_attr() {
                write!(f, ".{sub}")?;
            }
        }
        Ok(())
    }
}
