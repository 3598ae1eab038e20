//! The lexical layer of filters: byte classes, words, strings and their
//! escapes.
//!
//! Words (attribute paths, operators, keywords, numbers) are maximal runs of
//! word characters; what a word means depends on where the parser finds it,
//! which is how keywords such as `not` or `pr` can also be attribute names.
//!
//! The parser reads the bytes itself with [`scan_word`] and
//! [`scan_string`]; the [`Lexer`], which splits text into tokens (a kind and
//! a span), tells what stands where the parser stopped, so that errors name
//! whole tokens.

use compact_str::CompactString;

use super::ast::Span;
use super::error::{Expected, ParseErrorKind};

/// An error found before the full input is attached. Boxed, so that
/// results on the success path stay small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawError(pub(crate) Box<RawErrorData>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawErrorData {
    pub(crate) kind: ParseErrorKind,
    pub(crate) span: Span,
    pub(crate) expected: &'static [Expected],
}

impl RawError {
    #[cold]
    pub(crate) fn new(kind: ParseErrorKind, span: Span) -> RawError {
        RawError::expecting(kind, span, &[])
    }

    #[cold]
    pub(crate) fn expecting(
        kind: ParseErrorKind,
        span: Span,
        expected: &'static [Expected],
    ) -> RawError {
        RawError(Box::new(RawErrorData {
            kind,
            span,
            expected,
        }))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `[`
    OpenBracket,
    /// `]`
    CloseBracket,
    /// A run of word characters.
    Word,
    /// A string, quotes included; `escaped` if it holds a backslash.
    String { escaped: bool },
    /// The end of the input.
    End,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
}

impl Token {
    const fn new(kind: TokenKind, span: Span) -> Token {
        Token { kind, span }
    }
}

/// The byte can be part of a word.
const WORD: u8 = 1;
/// The byte can be part of an attribute name after its first byte: an ASCII
/// letter or digit, `-` or `_`.
const NAME: u8 = 2;
/// The byte is an ASCII letter (can start an attribute name).
const ALPHA: u8 = 4;
/// Inside a string, the byte needs no attention: not `"`, not `\\`, not a
/// control character.
const PLAIN: u8 = 8;

/// The classes of every byte value, so that the hot loops test one table
/// entry per byte.
static CLASS: [u8; 256] = classes();

// Runs at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
const fn classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        if c.is_ascii_alphanumeric() || matches!(c, b'.' | b':' | b'_' | b'$' | b'-' | b'+') {
            class |= WORD;
        }
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_') {
            class |= NAME;
        }
        if c.is_ascii_alphabetic() {
            class |= ALPHA;
        }
        if c >= 0x20 && c != b'"' && c != b'\\' {
            class |= PLAIN;
        }
        t[b] = class;
        b += 1;
    }
    t
}

/// The classes of `b`.
#[inline(always)]
fn class(b: u8) -> u8 {
    // Never out of range: the table has an entry for every `u8`.
    CLASS.get(usize::from(b)).copied().unwrap_or(0)
}

/// Whether `b` can be part of a word: ASCII letters and digits, and the
/// punctuation of URNs, paths and JSON numbers.
#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    class(b) & WORD != 0
}

/// Whether `b` can follow the first byte of an attribute name.
#[inline]
pub(crate) fn is_name_byte(b: u8) -> bool {
    class(b) & NAME != 0
}

/// Finds the end of the word starting at `start` (a maximal run of word
/// bytes; the byte at `start` is one), and whether it is a plain attribute
/// name: a letter, then letters, digits, `-` and `_`.
#[inline(always)]
pub(crate) fn scan_word(input: &[u8], start: usize) -> (usize, bool) {
    let rest = input.get(start..).unwrap_or_default();
    // Most words are plain names: first the run of name bytes, then, only
    // if a word byte follows, the rest of the word.
    let run = rest
        .iter()
        .position(|&b| class(b) & NAME == 0)
        .unwrap_or(rest.len());
    let after = rest.get(run..).unwrap_or_default();
    match after.first() {
        Some(&b) if class(b) & WORD != 0 => {
            let more = after
                .iter()
                .position(|&b| class(b) & WORD == 0)
                .unwrap_or(after.len());
            (start + run + more, false)
        }
        _ => {
            let first = rest.first().map_or(0, |&b| class(b));
            (start + run, run > 0 && first & ALPHA != 0)
        }
    }
}

#[derive(Debug)]
pub(crate) struct Lexer<'s> {
    input: &'s [u8],
    pos: usize,
}

impl<'s> Lexer<'s> {
    /// A lexer reading `input` from byte `pos`.
    pub(crate) fn at(input: &'s str, pos: usize) -> Lexer<'s> {
        Lexer {
            input: input.as_bytes(),
            pos,
        }
    }

    /// The next token, after any blanks.
    pub(crate) fn next_token(&mut self) -> Result<Token, RawError> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let blank = rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
        let start = self.pos + blank;
        let rest = rest.get(blank..).unwrap_or_default();
        let Some(&b) = rest.first() else {
            self.pos = start;
            return Ok(Token::new(TokenKind::End, Span::new(start, start)));
        };
        let kind = match b {
            b'(' => TokenKind::OpenParen,
            b')' => TokenKind::CloseParen,
            b'[' => TokenKind::OpenBracket,
            b']' => TokenKind::CloseBracket,
            b'"' => return self.string(start),
            b if is_word_byte(b) => {
                let (end, _) = scan_word(self.input, start);
                self.pos = end;
                return Ok(Token::new(TokenKind::Word, Span::new(start, end)));
            }
            b => return Err(unexpected_char(b, start, self.input.len())),
        };
        self.pos = start + 1;
        Ok(Token::new(kind, Span::new(start, start + 1)))
    }

    /// A string starting with the quote at `start`.
    fn string(&mut self, start: usize) -> Result<Token, RawError> {
        let (end, escaped) = scan_string(self.input, start)?;
        self.pos = end;
        Ok(Token::new(
            TokenKind::String { escaped },
            Span::new(start, end),
        ))
    }
}

/// Finds the end of the string whose opening quote is at `start`: the
/// offset just past the closing quote, and whether a backslash occurs.
/// Escapes are checked when the string is decoded; here a backslash only
/// hides the byte after it.
#[inline]
pub(crate) fn scan_string(input: &[u8], start: usize) -> Result<(usize, bool), RawError> {
    let mut at = start + 1;
    let mut escaped = false;
    loop {
        let rest = input.get(at..).unwrap_or_default();
        let Some(skip) = rest.iter().position(|&b| class(b) & PLAIN == 0) else {
            return Err(unterminated(start, input.len()));
        };
        at += skip;
        match rest.get(skip) {
            Some(b'"') => return Ok((at + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                at += 2;
                if at > input.len() {
                    return Err(unterminated(start, input.len()));
                }
            }
            _ => {
                return Err(RawError::new(
                    ParseErrorKind::ControlCharInString,
                    Span::new(at, at + 1),
                ));
            }
        }
    }
}

#[cold]
fn unterminated(start: usize, input_len: usize) -> RawError {
    RawError::new(
        ParseErrorKind::UnterminatedString,
        Span::new(start, input_len),
    )
}

/// The error for byte `b` at `start`, which starts no token. The span
/// covers the whole character, which may take several bytes.
#[cold]
fn unexpected_char(b: u8, start: usize, input_len: usize) -> RawError {
    let len = match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    };
    let end = (start + len).min(input_len);
    RawError::new(ParseErrorKind::UnexpectedChar, Span::new(start, end))
}

/// Decodes the JSON string `quoted` (quotes included), found at byte
/// `base` of the input.
pub(crate) fn decode_string(
    quoted: &str,
    base: usize,
    escaped: bool,
) -> Result<CompactString, RawError> {
    let inner = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default();
    if !escaped {
        return Ok(CompactString::from(inner));
    }
    let bytes = inner.as_bytes();
    let base = base + 1;
    // A `String` grows faster than a `CompactString`, and its buffer is
    // kept when the text is too long to be held inline.
    let mut out = String::with_capacity(inner.len());
    let mut run = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b != b'\\' {
            at += 1;
            continue;
        }
        out.push_str(inner.get(run..at).unwrap_or_default());
        let bad = |len: usize| {
            // Span the escape, never splitting a character.
            let mut end = (at + len).min(inner.len());
            while !inner.is_char_boundary(end) {
                end += 1;
            }
            RawError::new(
                ParseErrorKind::InvalidEscape,
                Span::new(base + at, base + end),
            )
        };
        let c = match bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = hex4(bytes, at + 2).ok_or_else(|| bad(6))?;
                let lone_at = base + at;
                let lone = move || {
                    RawError::new(
                        ParseErrorKind::LoneSurrogate,
                        Span::new(lone_at, lone_at + 6),
                    )
                };
                match high {
                    0xD800..=0xDBFF => {
                        let low = match (bytes.get(at + 6), bytes.get(at + 7)) {
                            (Some(b'\\'), Some(b'u')) => hex4(bytes, at + 8),
                            _ => None,
                        };
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                                at += 6;
                                char::from_u32(c).ok_or_else(lone)?
                            }
                            _ => return Err(lone()),
                        }
                    }
                    0xDC00..=0xDFFF => return Err(lone()),
                    c => char::from_u32(c).ok_or_else(lone)?,
                }
            }
            _ => return Err(bad(2)),
        };
        out.push(c);
        at += if bytes.get(at + 1) == Some(&b'u') {
            6
        } else {
            2
        };
        run = at;
    }
    out.push_str(inner.get(run..).unwrap_or_default());
    Ok(CompactString::from(out))
}

/// The value of four hex digits at `at`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    let mut v = 0;
    for &d in digits {
        v = v * 16 + char::from(d).to_digit(16)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<TokenKind> {
        let mut lx = Lexer::at(s, 0);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token().unwrap();
            out.push(t.kind);
            if t.kind == TokenKind::End {
                return out;
            }
        }
    }

    #[test]
    fn splits_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"not(a.b eq "x\"y")or c[d pr]"#),
            vec![
                Word,
                OpenParen,
                Word,
                Word,
                String { escaped: true },
                CloseParen,
                Word,
                Word,
                OpenBracket,
                Word,
                Word,
                CloseBracket,
                End
            ]
        );
    }

    #[test]
    fn decodes_escapes() {
        let d = |s: &str| decode_string(s, 0, true);
        assert_eq!(
            d(r#""a\n\u00e9\ud83d\ude00\/""#).unwrap(),
            "a\n\u{e9}\u{1F600}/"
        );
        assert_eq!(
            d(r#""\ud83d""#).unwrap_err().0.kind,
            ParseErrorKind::LoneSurrogate
        );
        assert_eq!(
            d(r#""\ude00x""#).unwrap_err().0.kind,
            ParseErrorKind::LoneSurrogate
        );
        assert_eq!(d(r#""\x""#).unwrap_err().0.span, Span::new(1, 3));
        assert_eq!(
            d(r#""\u12""#).unwrap_err().0.kind,
            ParseErrorKind::InvalidEscape
        );
        assert_eq!(d(r#""\é""#).unwrap_err().0.span, Span::new(1, 4));
    }
}
