//! The error of reading a filter or a path.

use std::fmt;

use super::ast::Span;
use crate::ScimType;

/// Why a filter or path could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A token that does not fit where it stands; [`ParseError::expected`]
    /// says what would.
    UnexpectedToken,
    /// The text ended where more was needed.
    UnexpectedEnd,
    /// A complete filter or path is followed by more text.
    TrailingInput,
    /// A character that starts no token, such as `'` or `#`.
    UnexpectedChar,
    /// A string without its closing `"`.
    UnterminatedString,
    /// A backslash escape JSON does not define, or a `\u` without four hex
    /// digits.
    InvalidEscape,
    /// A `\u` escape of half of a UTF-16 surrogate pair without the other
    /// half.
    LoneSurrogate,
    /// A control character (U+0000 to U+001F) written raw inside a string;
    /// JSON requires it escaped.
    ControlCharInString,
    /// A word in value position that is not `true`, `false`, `null` or a
    /// JSON number.
    InvalidNumber,
    /// A number beyond the range of `f64`, such as `1e400`.
    NumberOutOfRange,
    /// An attribute path that breaks the `attrPath` grammar: an empty or
    /// invalid name, an empty URN, or more than one sub-attribute.
    InvalidAttrPath,
    /// A value path inside the brackets of another value path.
    NestedValuePath,
    /// Parentheses, `not (` and brackets nested deeper than the limit given
    /// here (see [`ParserBuilder::nest_limit`](super::ParserBuilder::nest_limit)).
    NestLimitExceeded(u32),
    /// The text is longer than the limit, in bytes, given here (see
    /// [`ParserBuilder::max_len`](super::ParserBuilder::max_len)).
    TooLong(usize),
}

/// Something the parser would have accepted where it found an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expected {
    /// An attribute path, such as `name.familyName`.
    AttrPath,
    /// A comparison operator, or `pr`.
    Operator,
    /// A value: a string, a number, `true`, `false` or `null`.
    Value,
    /// `and`.
    And,
    /// `or`.
    Or,
    /// `(`.
    OpenParen,
    /// `)`.
    CloseParen,
    /// `[`.
    OpenBracket,
    /// `]`.
    CloseBracket,
    /// `.` and a sub-attribute name.
    SubAttr,
    /// The end of the text.
    End,
}

impl Expected {
    /// How the expected item is named in messages.
    pub const fn description(self) -> &'static str {
        match self {
            Expected::AttrPath => "an attribute path",
            Expected::Operator => "a comparison operator",
            Expected::Value => "a value",
            Expected::And => "`and`",
            Expected::Or => "`or`",
            Expected::OpenParen => "`(`",
            Expected::CloseParen => "`)`",
            Expected::OpenBracket => "`[`",
            Expected::CloseBracket => "`]`",
            Expected::SubAttr => "`.` and a sub-attribute",
            Expected::End => "the end of the text",
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// What was being read: decides the `scimType` of an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    Filter,
    Path,
}

/// The error of reading a filter, a PATCH path or an attribute path.
///
/// It holds the [kind](ParseErrorKind) of error, the byte [span](Span)
/// where it was found, what the parser [expected](Expected) there, and a
/// copy of the text, so it can be shown without the caller keeping the
/// text around.
///
/// `Display` gives one line, suitable for the `detail` of a SCIM error;
/// the alternate form (`{:#}`) adds the text with a caret line under the
/// span.
///
/// ```
/// use scim_core::{Filter, ScimType};
/// use scim_core::filter::ParseErrorKind;
///
/// let err = Filter::parse(r#"userName eq "bjensen" foo"#).unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::TrailingInput);
/// assert_eq!(err.span().start, 22);
/// assert_eq!(err.scim_type(), ScimType::InvalidFilter);
/// assert_eq!(err.to_string(), "expected `and`, `or` or the end of the text at byte 22, found `foo`");
/// assert_eq!(format!("{err:#}"), "\
/// expected `and`, `or` or the end of the text at byte 22, found `foo`
///   userName eq \"bjensen\" foo
///                         ^^^");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ParseErrorKind,
    span: Span,
    expected: &'static [Expected],
    input: Box<str>,
    syntax: Syntax,
}

impl ParseError {
    pub(crate) fn new(
        kind: ParseErrorKind,
        span: Span,
        expected: &'static [Expected],
        input: &str,
        syntax: Syntax,
    ) -> ParseError {
        ParseError(Box::new(Inner {
            kind,
            span,
            expected,
            input: Box::from(input),
            syntax,
        }))
    }

    /// Why the text was rejected.
    pub fn kind(&self) -> ParseErrorKind {
        self.0.kind
    }

    /// Where, in bytes from the start of the text.
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// What would have been accepted at [`span`](Self::span); empty when
    /// the kind says it all (a bad escape, a number out of range, …).
    pub fn expected(&self) -> &'static [Expected] {
        self.0.expected
    }

    /// The text that was read.
    pub fn input(&self) -> &str {
        &self.0.input
    }

    /// The `scimType` a server answers with: `invalidFilter` for a filter,
    /// `invalidPath` for a PATCH path or an attribute path.
    pub fn scim_type(&self) -> ScimType {
        match self.0.syntax {
            Syntax::Filter => ScimType::InvalidFilter,
            Syntax::Path => ScimType::InvalidPath,
        }
    }

    /// The text under the span, shortened if long.
    fn found(&self) -> Option<&str> {
        let text = self.0.input.get(self.0.span.start..self.0.span.end)?;
        if text.is_empty() {
            return None;
        }
        Some(text)
    }
}

/// Writes `text`, cut after 40 characters.
fn write_short(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => write!(f, "`{}…`", text.get(..cut).unwrap_or_default()),
        None => write!(f, "`{text}`"),
    }
}

fn write_expected(f: &mut fmt::Formatter<'_>, expected: &[Expected]) -> fmt::Result {
    f.write_str("expected ")?;
    let n = expected.len();
    for (i, e) in expected.iter().enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == n { " or " } else { ", " })?;
        }
        f.write_str(e.description())?;
    }
    Ok(())
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0.span.start;
        match self.0.kind {
            ParseErrorKind::UnexpectedToken
            | ParseErrorKind::UnexpectedEnd
            | ParseErrorKind::TrailingInput => {
                if self.0.expected.is_empty() {
                    write!(f, "unexpected token at byte {at}")?;
                } else {
                    write_expected(f, self.0.expected)?;
                    write!(f, " at byte {at}")?;
                }
                match self.found() {
                    Some(text) => {
                        f.write_str(", found ")?;
                        write_short(f, text)?;
                    }
                    None => f.write_str(", found the end of the text")?,
                }
            }
            ParseErrorKind::UnexpectedChar => {
                f.write_str("unexpected character ")?;
                write_short(f, self.found().unwrap_or_default())?;
                write!(f, " at byte {at}")?;
            }
            ParseErrorKind::UnterminatedString => {
                write!(f, "string starting at byte {at} has no closing quote")?;
            }
            ParseErrorKind::InvalidEscape => {
                f.write_str("invalid escape ")?;
                write_short(f, self.found().unwrap_or_default())?;
                write!(f, " at byte {at}")?;
            }
            ParseErrorKind::LoneSurrogate => {
                f.write_str("unpaired surrogate ")?;
                write_short(f, self.found().unwrap_or_default())?;
                write!(f, " at byte {at}")?;
            }
            ParseErrorKind::ControlCharInString => {
                write!(f, "unescaped control character in a string at byte {at}")?;
            }
            ParseErrorKind::InvalidNumber => {
                f.write_str("expected a value at byte ")?;
                write!(f, "{at}, found ")?;
                write_short(f, self.found().unwrap_or_default())?;
            }
            ParseErrorKind::NumberOutOfRange => {
                f.write_str("number ")?;
                write_short(f, self.found().unwrap_or_default())?;
                write!(f, " at byte {at} is out of range")?;
            }
            ParseErrorKind::InvalidAttrPath => {
                f.write_str("invalid attribute path ")?;
                write_short(f, self.found().unwrap_or_default())?;
                write!(f, " at byte {at}")?;
            }
            ParseErrorKind::NestedValuePath => {
                write!(
                    f,
                    "value path nested inside another value path at byte {at}"
                )?;
            }
            ParseErrorKind::NestLimitExceeded(limit) => {
                write!(f, "nesting deeper than {limit} levels at byte {at}")?;
            }
            ParseErrorKind::TooLong(max) => {
                write!(
                    f,
                    "text of {} bytes is longer than the limit of {max} bytes",
                    self.0.input.len()
                )?;
            }
        }
        if f.alternate() {
            self.write_caret(f)?;
        }
        Ok(())
    }
}

impl ParseError {
    /// Writes the text (a window of it around the span, if long) and a
    /// caret line under the span, each on its own line.
    fn write_caret(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const BEFORE: usize = 40;
        const WIDTH: usize = 80;
        let input = &*self.0.input;
        let span = self.0.span;
        let start = span.start.min(input.len());
        // A window of characters: up to BEFORE before the span start.
        let chars_before = input.get(..start).map_or(0, |s| s.chars().count());
        let skip = chars_before.saturating_sub(BEFORE);
        let mut line = String::new();
        let mut carets = String::new();
        let mut offset = 0;
        for (i, (at, c)) in input.char_indices().skip(skip).enumerate() {
            if i >= WIDTH {
                line.push('…');
                break;
            }
            offset = at + c.len_utf8();
            let shown = if c.is_control() { ' ' } else { c };
            line.push(shown);
            carets.push(if at < start {
                ' '
            } else if at < span.end {
                '^'
            } else {
                continue;
            });
        }
        if span.is_empty() || start >= offset {
            carets.push('^');
        }
        let lead = if skip > 0 { "…" } else { "" };
        let pad = if skip > 0 { " " } else { "" };
        write!(f, "\n  {lead}{line}\n  {pad}{}", carets.trim_end())
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseError")
            .field("kind", &self.0.kind)
            .field("span", &self.0.span)
            .field("expected", &self.0.expected)
            .field("input", &self.0.input)
            .finish()
    }
}

impl std::error::Error for ParseError {}
