//! The recursive-descent parser of filters and paths.

use super::ast::{AttrPath, CompString, CompValue, Comparison, Filter, PatchPath, Span, ValuePath};
use super::error::{Expected, ParseError, ParseErrorKind, Syntax};
use super::lex::{
    Lexer, RawError, TokenKind, decode_string, is_name_byte, is_word_byte, scan_string, scan_word,
};
use crate::filter::CompareOp;

/// Settings for a [`Parser`]: limits that keep hostile input cheap.
///
/// ```
/// use scim_core::filter::{ParserBuilder, ParseErrorKind};
///
/// let parser = ParserBuilder::new().nest_limit(2).build();
/// assert!(parser.parse_filter("not ((a pr))").is_ok());
/// let err = parser.parse_filter("not (((a pr)))").unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::NestLimitExceeded(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParserBuilder {
    nest_limit: u32,
    max_len: usize,
    value_path_sub_attr: bool,
}

impl ParserBuilder {
    /// The default nesting limit.
    pub const DEFAULT_NEST_LIMIT: u32 = 64;
    /// The default length limit, in bytes (64 KiB).
    pub const DEFAULT_MAX_LEN: usize = 64 * 1024;

    /// Settings with the default limits.
    pub const fn new() -> ParserBuilder {
        ParserBuilder {
            nest_limit: Self::DEFAULT_NEST_LIMIT,
            max_len: Self::DEFAULT_MAX_LEN,
            value_path_sub_attr: true,
        }
    }

    /// How deeply groups may nest. Each grouping parenthesis, each
    /// `not (…)` and each value path `attr[…]` opens one level; text
    /// nesting deeper fails with [`ParseErrorKind::NestLimitExceeded`].
    ///
    /// The parser, and everything that walks a parsed tree (drop, clone,
    /// comparison, printing, evaluation), recurses once or a few times per
    /// level, so this limit is what keeps them within the stack. Raising it
    /// far (to many thousands) can overflow the stack of a small thread.
    /// `0` allows no nesting at all.
    ///
    /// Defaults to 64.
    pub const fn nest_limit(mut self, limit: u32) -> ParserBuilder {
        self.nest_limit = limit;
        self
    }

    /// The longest text, in bytes, the parser reads; longer text fails at
    /// once with [`ParseErrorKind::TooLong`].
    ///
    /// Defaults to 65 536 (64 KiB).
    pub const fn max_len(mut self, bytes: usize) -> ParserBuilder {
        self.max_len = bytes;
        self
    }

    /// Whether a filter may follow a value path with a sub-attribute and a
    /// comparison, as in `emails[type eq "work"].value eq "x"`.
    ///
    /// RFC 7644 figure 1 allows a sub-attribute after a value path only in
    /// PATCH paths, but Microsoft Entra ID documents and sends this form in
    /// filters. It is read as the RFC filter it means,
    /// `emails[type eq "work" and value eq "x"]` (the comparison joins the
    /// bracketed filter with `and`), and prints that way. With `false`, the
    /// sub-attribute is an error ([`ParseErrorKind::TrailingInput`]).
    ///
    /// Defaults to `true`.
    ///
    /// ```
    /// use scim_core::filter::ParserBuilder;
    ///
    /// let text = r#"emails[type eq "work"].value eq "bjensen@example.com""#;
    /// let f = ParserBuilder::new().build().parse_filter(text)?;
    /// assert_eq!(f.to_string(), r#"emails[type eq "work" and value eq "bjensen@example.com"]"#);
    /// let strict = ParserBuilder::new().value_path_sub_attr(false).build();
    /// assert!(strict.parse_filter(text).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn value_path_sub_attr(mut self, allow: bool) -> ParserBuilder {
        self.value_path_sub_attr = allow;
        self
    }

    /// A parser with these settings.
    pub const fn build(self) -> Parser {
        Parser { config: self }
    }
}

impl Default for ParserBuilder {
    fn default() -> ParserBuilder {
        ParserBuilder::new()
    }
}

/// Reads filters, PATCH paths and attribute paths.
///
/// [`Filter::parse`], [`PatchPath::parse`] and [`AttrPath::parse`] use a
/// parser with the default limits; build one with [`ParserBuilder`] to
/// change them. A parser holds only its settings, so it is cheap to copy
/// and can be shared between threads.
///
/// Parsing takes time and memory linear in the length of the text.
///
/// ```
/// use scim_core::filter::Parser;
///
/// let parser = Parser::new();
/// let f = parser.parse_filter(r#"userName eq "bjensen""#)?;
/// assert_eq!(f.to_string(), r#"userName eq "bjensen""#);
/// let p = parser.parse_path(r#"members[value eq "2819c223"]"#)?;
/// assert_eq!(p.attr().name(), "members");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parser {
    config: ParserBuilder,
}

impl Parser {
    /// A parser with the default limits.
    pub const fn new() -> Parser {
        ParserBuilder::new().build()
    }

    /// Reads a filter (RFC 7644 §3.4.2.2).
    ///
    /// # Errors
    ///
    /// A [`ParseError`] with `scimType` `invalidFilter`.
    #[inline]
    pub fn parse_filter(&self, text: &str) -> Result<Filter, ParseError> {
        self.run(text, Syntax::Filter, ParserI::filter)
    }

    /// Reads a PATCH path (RFC 7644 §3.5.2): `attrPath`, or
    /// `valuePath [ "." subAttr ]`.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] with `scimType` `invalidPath`.
    pub fn parse_path(&self, text: &str) -> Result<PatchPath, ParseError> {
        self.run(text, Syntax::Path, ParserI::patch_path)
    }

    /// Reads an attribute path such as `name.familyName`: the whole text,
    /// without surrounding spaces.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] with `scimType` `invalidPath`.
    pub fn parse_attr_path(&self, text: &str) -> Result<AttrPath, ParseError> {
        self.run(text, Syntax::Path, |p| {
            let len = p.text.len();
            match text.bytes().position(|b| !is_word_byte(b)) {
                Some(at) => {
                    let end = text
                        .char_indices()
                        .map(|(i, _)| i)
                        .find(|&i| i > at)
                        .unwrap_or(len);
                    Err(RawError::new(
                        ParseErrorKind::UnexpectedChar,
                        Span::new(at, end),
                    ))
                }
                None if len == 0 => Err(RawError::expecting(
                    ParseErrorKind::UnexpectedEnd,
                    Span::new(0, 0),
                    &[Expected::AttrPath],
                )),
                None => attr_path(text, Span::new(0, len)),
            }
        })
    }

    #[inline(always)]
    fn run<'s, T>(
        &self,
        text: &'s str,
        syntax: Syntax,
        f: impl FnOnce(&mut ParserI<'s>) -> Result<T, RawError>,
    ) -> Result<T, ParseError> {
        if text.len() > self.config.max_len {
            return Err(wrap(
                RawError::new(
                    ParseErrorKind::TooLong(self.config.max_len),
                    Span::new(0, text.len()),
                ),
                text,
                syntax,
            ));
        }
        let mut p = ParserI::new(text, &self.config);
        match f(&mut p) {
            Ok(t) => Ok(t),
            Err(e) => Err(wrap(e, text, syntax)),
        }
    }
}

/// The error `e`, found in `text`, as a [`ParseError`].
#[cold]
#[inline(never)]
fn wrap(e: RawError, text: &str, syntax: Syntax) -> ParseError {
    ParseError::new(e.0.kind, e.0.span, e.0.expected, text, syntax)
}

/// What a group closed by `)` accepts before its end.
const CLOSE_PAREN: &[Expected] = &[Expected::And, Expected::Or, Expected::CloseParen];
/// What a value filter closed by `]` accepts before its end.
const CLOSE_BRACKET: &[Expected] = &[Expected::And, Expected::Or, Expected::CloseBracket];

/// One parse of one text.
///
/// A recursive-descent reader working on the bytes directly, with no token
/// stream in between. Where it finds something it cannot accept, it reads
/// the token there with the [`Lexer`] to say what stood in the way, so the
/// errors name whole tokens.
struct ParserI<'s> {
    text: &'s str,
    bytes: &'s [u8],
    pos: usize,
    depth: u32,
    nest_limit: u32,
    value_path_sub_attr: bool,
}

impl<'s> ParserI<'s> {
    fn new(text: &'s str, config: &ParserBuilder) -> ParserI<'s> {
        ParserI {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            nest_limit: config.nest_limit,
            value_path_sub_attr: config.value_path_sub_attr,
        }
    }

    /// Moves past blanks, and gives the byte there (`None` at the end).
    #[inline(always)]
    fn skip_blank(&mut self) -> Option<u8> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                other => return other.copied(),
            }
        }
    }

    /// The text from `start` to `end`.
    #[inline(always)]
    fn slice(&self, start: usize, end: usize) -> &'s str {
        match self.text.split_at_checked(end) {
            Some((head, _)) => head.split_at_checked(start).map_or("", |(_, s)| s),
            None => "",
        }
    }

    /// The operator spelled by the word at the position, if it is a word of
    /// two letters: `Some(None)` for `pr`.
    #[inline(always)]
    fn operator_here(&self) -> Option<Option<CompareOp>> {
        let at = self.pos;
        let (Some(&c0), Some(&c1)) = (self.bytes.get(at), self.bytes.get(at + 1)) else {
            return None;
        };
        if self.bytes.get(at + 2).is_some_and(|&b| is_word_byte(b)) {
            return None;
        }
        // `| 0x20` lowercases ASCII letters and maps no other byte onto one.
        match [c0 | 0x20, c1 | 0x20] {
            [b'p', b'r'] => Some(None),
            word => CompareOp::from_lowercase(word).map(Some),
        }
    }

    /// The error for the token at the position, where one of `expected`
    /// was needed (or the lexer's error, if no token starts there).
    #[cold]
    #[inline(never)]
    fn unexpected(&self, expected: &'static [Expected]) -> RawError {
        match Lexer::at(self.text, self.pos).next_token() {
            Ok(t) => {
                let kind = if t.kind == TokenKind::End {
                    ParseErrorKind::UnexpectedEnd
                } else {
                    ParseErrorKind::UnexpectedToken
                };
                RawError::expecting(kind, t.span, expected)
            }
            Err(e) => e,
        }
    }

    /// The error for the token at the position, which follows a complete
    /// filter or path.
    #[cold]
    #[inline(never)]
    fn trailing(&self, expected: &'static [Expected]) -> RawError {
        match Lexer::at(self.text, self.pos).next_token() {
            Ok(t) => RawError::expecting(ParseErrorKind::TrailingInput, t.span, expected),
            Err(e) => e,
        }
    }

    /// The end of the text, or a [`ParseErrorKind::TrailingInput`] error.
    #[inline(always)]
    fn end(&mut self, expected: &'static [Expected]) -> Result<(), RawError> {
        match self.skip_blank() {
            None => Ok(()),
            Some(_) => Err(self.trailing(expected)),
        }
    }

    /// A whole filter, up to the end of the text.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn filter(&mut self) -> Result<Filter, RawError> {
        let f = self.or(false);
        if f.is_ok() && self.pos != self.bytes.len() {
            // `or` stops on a byte that is not a blank.
            return Err(self.trailing(&[Expected::And, Expected::Or, Expected::End]));
        }
        f
    }

    /// Whether the word at the position is `and` (ignoring case); if so,
    /// moves past it.
    #[inline(always)]
    fn eat_and(&mut self) -> bool {
        let b = self.bytes;
        let at = self.pos;
        if let (Some(b'a' | b'A'), Some(b'n' | b'N'), Some(b'd' | b'D')) =
            (b.get(at), b.get(at + 1), b.get(at + 2))
        {
            if !b.get(at + 3).is_some_and(|&c| is_word_byte(c)) {
                self.pos = at + 3;
                return true;
            }
        }
        false
    }

    /// Whether the word at the position is `or` (ignoring case); if so,
    /// moves past it.
    #[inline(always)]
    fn eat_or(&mut self) -> bool {
        let b = self.bytes;
        let at = self.pos;
        if let (Some(b'o' | b'O'), Some(b'r' | b'R')) = (b.get(at), b.get(at + 1)) {
            if !b.get(at + 2).is_some_and(|&c| is_word_byte(c)) {
                self.pos = at + 2;
                return true;
            }
        }
        false
    }

    /// `filter ("or" filter)*`
    fn or(&mut self, in_brackets: bool) -> Result<Filter, RawError> {
        let first = self.and(in_brackets);
        if first.is_err() || !self.eat_or() {
            return first;
        }
        let mut operands = Vec::with_capacity(4);
        operands.push(first?);
        loop {
            operands.push(self.and(in_brackets)?);
            if !self.eat_or() {
                return Ok(Filter::Or(operands));
            }
        }
    }

    /// `primary ("and" primary)*`. Leaves the position on the first
    /// non-blank byte after it.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn and(&mut self, in_brackets: bool) -> Result<Filter, RawError> {
        let first = self.primary(in_brackets);
        self.skip_blank();
        if first.is_err() || !self.eat_and() {
            return first;
        }
        let mut operands = Vec::with_capacity(4);
        operands.push(first?);
        loop {
            operands.push(self.primary(in_brackets)?);
            self.skip_blank();
            if !self.eat_and() {
                return Ok(Filter::And(operands));
            }
        }
    }

    /// The inside of a group opened at `open`, up to and including the
    /// byte `close`.
    fn group(
        &mut self,
        open: Span,
        in_brackets: bool,
        close: u8,
        expected: &'static [Expected],
    ) -> Result<Filter, RawError> {
        if self.depth >= self.nest_limit {
            return Err(RawError::new(
                ParseErrorKind::NestLimitExceeded(self.nest_limit),
                open,
            ));
        }
        self.depth += 1;
        let f = self.or(in_brackets);
        if f.is_ok() {
            // `or` stops on a byte that is not a blank.
            if self.bytes.get(self.pos) != Some(&close) {
                return Err(self.unexpected(expected));
            }
            self.pos += 1;
            self.depth = self.depth.saturating_sub(1);
        }
        f
    }

    /// `( filter )`, `not ( filter )`, or an attribute expression.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn primary(&mut self, in_brackets: bool) -> Result<Filter, RawError> {
        let first = self.skip_blank();
        let start = self.pos;
        match first {
            Some(b'(') => {
                self.pos = start + 1;
                self.group(Span::new(start, start + 1), in_brackets, b')', CLOSE_PAREN)
            }
            Some(b) if is_word_byte(b) => {
                let (end, name) = scan_word(self.bytes, start);
                self.pos = end;
                if let Some([b'n' | b'N', b'o' | b'O', b't' | b'T']) = self.bytes.get(start..end) {
                    match self.skip_blank() {
                        Some(b'(') => {
                            self.pos += 1;
                            let inner =
                                self.group(Span::new(start, end), in_brackets, b')', CLOSE_PAREN)?;
                            return Ok(Filter::Not(Box::new(inner)));
                        }
                        // `not` is also a valid attribute name.
                        Some(b'[') => {}
                        Some(_) if self.operator_here().is_some() => {}
                        _ => return Err(self.unexpected(&[Expected::OpenParen])),
                    }
                }
                let path = self.path(start, end, name)?;
                if self.skip_blank() != Some(b'[') {
                    return self.operation(path);
                }
                let open = Span::new(self.pos, self.pos + 1);
                if in_brackets {
                    return Err(RawError::new(ParseErrorKind::NestedValuePath, open));
                }
                self.pos += 1;
                let mut filter = self.group(open, true, b']', CLOSE_BRACKET)?;
                if self.value_path_sub_attr {
                    filter = self.sub_attr_comparison(filter)?;
                }
                Ok(Filter::ValuePath(ValuePath {
                    path,
                    filter: Box::new(filter),
                }))
            }
            _ => Err(self.unexpected(&[Expected::AttrPath])),
        }
    }

    /// The word from `start` to `end` as an attribute path; `name` if the
    /// word is known to be a plain attribute name.
    #[inline(always)]
    fn path(&self, start: usize, end: usize, name: bool) -> Result<AttrPath, RawError> {
        let word = self.slice(start, end);
        let span = Span::new(start, end);
        if name {
            Ok(AttrPath::from_word(word, 0, 0, span))
        } else {
            attr_path(word, span)
        }
    }

    /// After `attr[filter]`, an optional `.subAttr op value` (or
    /// `.subAttr pr`), joined to `filter` with `and`.
    fn sub_attr_comparison(&mut self, filter: Filter) -> Result<Filter, RawError> {
        if self.skip_blank() != Some(b'.') {
            return Ok(filter);
        }
        let name = self.sub_attr()?;
        let path = AttrPath::from_word(name, 0, 0, Span::new(self.pos - name.len(), self.pos));
        self.skip_blank();
        let leaf = self.operation(path)?;
        Ok(match filter {
            Filter::And(mut operands) => {
                operands.push(leaf);
                Filter::And(operands)
            }
            other => Filter::And(vec![other, leaf]),
        })
    }

    /// The word at the position, which starts with `.`: the name after the
    /// dot.
    fn sub_attr(&mut self) -> Result<&'s str, RawError> {
        let start = self.pos;
        let (end, _) = scan_word(self.bytes, start);
        self.pos = end;
        let name = self.slice(start + 1, end);
        if !is_attr_name(name) {
            return Err(RawError::new(
                ParseErrorKind::InvalidAttrPath,
                Span::new(start, end),
            ));
        }
        Ok(name)
    }

    /// After an attribute path and any blanks: `pr`, or an operator and a
    /// value.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn operation(&mut self, path: AttrPath) -> Result<Filter, RawError> {
        match self.operator_here() {
            Some(Some(op)) => {
                self.pos += 2;
                let value = self.value()?;
                Ok(Filter::Compare(Comparison { path, op, value }))
            }
            Some(None) => {
                self.pos += 2;
                Ok(Filter::Present(path))
            }
            None => Err(self.unexpected(&[Expected::Operator])),
        }
    }

    /// `compValue`
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn value(&mut self) -> Result<CompValue, RawError> {
        let first = self.skip_blank();
        let start = self.pos;
        match first {
            Some(b'"') => {
                let (end, escaped) = scan_string(self.bytes, start)?;
                self.pos = end;
                if escaped {
                    decode_string(self.slice(start, end), start, escaped)
                        .map(|s| CompValue::String(CompString::from_compact(s)))
                } else {
                    // Between two quotes: the slice is on character boundaries.
                    Ok(CompValue::String(CompString::from(
                        self.slice(start + 1, end - 1),
                    )))
                }
            }
            Some(b) if is_word_byte(b) => {
                let (end, _) = scan_word(self.bytes, start);
                let word = self.slice(start, end);
                let value = if word.eq_ignore_ascii_case("true") {
                    CompValue::Bool(true)
                } else if word.eq_ignore_ascii_case("false") {
                    CompValue::Bool(false)
                } else if word.eq_ignore_ascii_case("null") {
                    CompValue::Null
                } else if matches!(b, b'-' | b'+' | b'.' | b'0'..=b'9') {
                    number(word)
                        .map(CompValue::Number)
                        .map_err(|kind| RawError::new(kind, Span::new(start, end)))?
                } else {
                    return Err(self.unexpected(&[Expected::Value]));
                };
                self.pos = end;
                Ok(value)
            }
            _ => Err(self.unexpected(&[Expected::Value])),
        }
    }

    /// `attrPath / valuePath [ "." subAttr ]`, then the end.
    fn patch_path(&mut self) -> Result<PatchPath, RawError> {
        let attr = match self.skip_blank() {
            Some(b) if is_word_byte(b) => {
                let start = self.pos;
                let (end, name) = scan_word(self.bytes, start);
                self.pos = end;
                self.path(start, end, name)?
            }
            _ => return Err(self.unexpected(&[Expected::AttrPath])),
        };
        match self.skip_blank() {
            None => return Ok(PatchPath::from(attr)),
            Some(b'[') => {}
            Some(_) => return Err(self.trailing(&[Expected::OpenBracket, Expected::End])),
        }
        let open = Span::new(self.pos, self.pos + 1);
        self.pos += 1;
        let filter = self.group(open, true, b']', CLOSE_BRACKET)?;
        match self.skip_blank() {
            None => Ok(PatchPath::from_checked(attr, Some(filter), None)),
            Some(b'.') => {
                let sub = self.sub_attr()?;
                self.end(&[Expected::End])?;
                Ok(PatchPath::from_checked(attr, Some(filter), Some(sub)))
            }
            Some(_) => Err(self.trailing(&[Expected::SubAttr, Expected::End])),
        }
    }
}

/// Whether `s` is an attribute name: `ALPHA *(ALPHA / DIGIT / "-" / "_")`,
/// or `$ref` (RFC 7643 uses it for references), ignoring case.
pub(crate) fn is_attr_name(s: &str) -> bool {
    match s.as_bytes() {
        [first, rest @ ..] if first.is_ascii_alphabetic() => rest.iter().all(|&b| is_name_byte(b)),
        _ => s.eq_ignore_ascii_case("$ref"),
    }
}

/// Whether `s` can be the schema URI of an attribute path: a URI has a
/// scheme and a colon (RFC 3986 §3: a letter, then letters, digits, `+`,
/// `-` and `.`), so `a:b` is no URI-qualified name; after the scheme,
/// colon-separated non-empty segments of word characters.
fn is_uri(s: &str) -> bool {
    let mut bytes = s.bytes();
    if !bytes.next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    // The rest of the scheme, up to its colon.
    loop {
        match bytes.next() {
            Some(b':') => break,
            Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') => {}
            _ => return false,
        }
    }
    // Then non-empty segments of word bytes, separated by colons.
    let mut empty = true;
    for b in bytes {
        if b == b':' {
            if empty {
                return false;
            }
            empty = true;
        } else if is_word_byte(b) {
            empty = false;
        } else {
            return false;
        }
    }
    !empty
}

/// Reads the word `word`, found at `span`, as an attribute path. The URN,
/// if any, ends at the last colon.
fn attr_path(word: &str, span: Span) -> Result<AttrPath, RawError> {
    let invalid = || RawError::new(ParseErrorKind::InvalidAttrPath, span);
    // One pass: the last colon, and the first dot after it.
    let mut name_at = 0;
    let mut dot = None;
    for (i, b) in word.bytes().enumerate() {
        match b {
            b':' => {
                name_at = i + 1;
                dot = None;
            }
            b'.' if dot.is_none() => dot = Some(i),
            _ => {}
        }
    }
    if name_at > 0 && !is_uri(word.get(..name_at - 1).unwrap_or_default()) {
        return Err(invalid());
    }
    let (name, sub_at) = match dot {
        Some(dot) => {
            let sub = word.get(dot + 1..).unwrap_or_default();
            if !is_attr_name(sub) {
                return Err(invalid());
            }
            (word.get(name_at..dot).unwrap_or_default(), dot + 1)
        }
        None => (word.get(name_at..).unwrap_or_default(), 0),
    };
    if !is_attr_name(name) {
        return Err(invalid());
    }
    Ok(AttrPath::from_word(word, name_at, sub_at, span))
}

/// Checks the parts of a path built in code.
pub(crate) fn check_parts(
    uri: Option<&str>,
    name: &str,
    sub_attr: Option<&str>,
) -> Result<(), ParseError> {
    let fail = |part: &str| {
        ParseError::new(
            ParseErrorKind::InvalidAttrPath,
            Span::new(0, part.len()),
            &[],
            part,
            Syntax::Path,
        )
    };
    if let Some(u) = uri {
        if !is_uri(u) {
            return Err(fail(u));
        }
    }
    if !is_attr_name(name) {
        return Err(fail(name));
    }
    match sub_attr {
        Some(s) if !is_attr_name(s) => Err(fail(s)),
        _ => Ok(()),
    }
}

/// Reads a JSON number (RFC 8259 §6): `-? (0 / [1-9][0-9]*) (. [0-9]+)?
/// ([eE] [+-]? [0-9]+)?`, exactly.
fn number(text: &str) -> Result<serde_json::Number, ParseErrorKind> {
    let b = text.as_bytes();
    let mut at = usize::from(b.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while b.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at > start
    };
    match b.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => {
            digits(&mut at);
        }
        _ => return Err(ParseErrorKind::InvalidNumber),
    }
    let mut integer = true;
    if b.get(at) == Some(&b'.') {
        at += 1;
        integer = false;
        if !digits(&mut at) {
            return Err(ParseErrorKind::InvalidNumber);
        }
    }
    if let Some(b'e' | b'E') = b.get(at) {
        at += 1;
        integer = false;
        if let Some(b'+' | b'-') = b.get(at) {
            at += 1;
        }
        if !digits(&mut at) {
            return Err(ParseErrorKind::InvalidNumber);
        }
    }
    if at != b.len() {
        return Err(ParseErrorKind::InvalidNumber);
    }
    if integer {
        if let Ok(n) = text.parse::<u64>() {
            return Ok(n.into());
        }
        if let Ok(n) = text.parse::<i64>() {
            return Ok(n.into());
        }
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .and_then(serde_json::Number::from_f64)
        .ok_or(ParseErrorKind::NumberOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_uri` against its definition, on every string of up to four
    /// bytes drawn from the bytes that matter.
    #[test]
    fn is_uri_follows_its_definition() {
        let by_definition = |s: &str| {
            let Some((scheme, rest)) = s.split_once(':') else {
                return false;
            };
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
                && rest.bytes().all(is_word_byte)
                && rest.split(':').all(|seg| !seg.is_empty())
        };
        let alphabet = ["a", "Z", "1", ":", "+", "-", ".", "_", "$", " ", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for t in &texts {
            assert_eq!(is_uri(t), by_definition(t), "{t:?}");
        }
        assert!(is_uri(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ));
    }

    #[test]
    fn json_numbers() {
        for ok in [
            "0",
            "-0",
            "12",
            "-12",
            "1.5",
            "1e5",
            "1E+5",
            "-1.25e-3",
            "18446744073709551616",
        ] {
            assert!(number(ok).is_ok(), "{ok}");
        }
        for bad in [
            "01", "-", "1.", ".5", "1e", "1e+", "+1", "1.5.3", "0x10", "1-2", "--1", "1_0",
        ] {
            assert_eq!(number(bad), Err(ParseErrorKind::InvalidNumber), "{bad}");
        }
        assert_eq!(number("1e400"), Err(ParseErrorKind::NumberOutOfRange));
        assert_eq!(number("-1e400"), Err(ParseErrorKind::NumberOutOfRange));
        assert_eq!(number("-5").unwrap().as_i64(), Some(-5));
        assert_eq!(
            number("18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert!(number("18446744073709551616").unwrap().is_f64());
    }

    /// Comparisons in their common spellings, and the near misses next to
    /// them, give the trees and errors of the grammar.
    #[test]
    fn comparisons_match_the_grammar() {
        let cmp = |path: &str, op, value: &str| {
            Filter::compare(AttrPath::parse(path).unwrap(), op, value)
        };
        let present = |path: &str| Filter::Present(AttrPath::parse(path).unwrap());
        let ok = [
            (
                r#"userName eq "bjensen""#,
                cmp("userName", CompareOp::Eq, "bjensen"),
            ),
            (
                r#"userName EQ "bjensen""#,
                cmp("userName", CompareOp::Eq, "bjensen"),
            ),
            (
                r#"userName eq"bjensen""#,
                cmp("userName", CompareOp::Eq, "bjensen"),
            ),
            (
                "userName \t eq \n \"b\"",
                cmp("userName", CompareOp::Eq, "b"),
            ),
            (
                r#"userName eq "b\"j""#,
                cmp("userName", CompareOp::Eq, "b\"j"),
            ),
            (r#"userName eq """#, cmp("userName", CompareOp::Eq, "")),
            (r#"x Le "é""#, cmp("x", CompareOp::Le, "é")),
            (
                r#"name.givenName sW "B""#,
                cmp("name.givenName", CompareOp::Sw, "B"),
            ),
            ("title pr", present("title")),
            ("title PR ", present("title")),
            ("(title pr)", present("title")),
            (
                "title pr and x pr",
                Filter::And(vec![present("title"), present("x")]),
            ),
        ];
        for (text, want) in ok {
            assert_eq!(Filter::parse(text).unwrap(), want, "{text}");
        }
        let bad = [
            (r#"userName eqx "b""#, ParseErrorKind::UnexpectedToken, 9),
            (r#"userName eq "b"#, ParseErrorKind::UnterminatedString, 12),
            (
                "userName eq \"a\u{1}\"",
                ParseErrorKind::ControlCharInString,
                14,
            ),
            (r#"userName eq "\x""#, ParseErrorKind::InvalidEscape, 13),
            (r#"userName"b""#, ParseErrorKind::UnexpectedToken, 8),
            ("title prx", ParseErrorKind::UnexpectedToken, 6),
            ("title pr[", ParseErrorKind::TrailingInput, 8),
            (r#"userName eq "b" x"#, ParseErrorKind::TrailingInput, 16),
        ];
        for (text, kind, at) in bad {
            let err = Filter::parse(text).unwrap_err();
            assert_eq!((err.kind(), err.span().start), (kind, at), "{text}");
        }
    }

    #[test]
    fn attr_names() {
        for ok in ["a", "userName", "a-b_c9", "$ref", "$REF"] {
            assert!(is_attr_name(ok), "{ok}");
        }
        for bad in ["", "9a", "-a", "_a", "$refs", "a.b", "a:b", "$"] {
            assert!(!is_attr_name(bad), "{bad}");
        }
    }
}
