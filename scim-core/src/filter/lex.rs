//! Splits filter text into tokens without allocating.
//!
//! A token is a kind and a span; its text is the input sliced by the span.
//! Words (attribute paths, operators, keywords, numbers) are maximal runs of
//! word characters; what a word means depends on where the parser finds it,
//! which is how keywords such as `not` or `pr` can also be attribute names.

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

/// Whether `b` can be part of a word: ASCII letters and digits, and the
/// punctuation of URNs, paths and JSON numbers.
pub(crate) const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'_' | b'$' | b'-' | b'+')
}

#[derive(Debug)]
pub(crate) struct Lexer<'s> {
    input: &'s [u8],
    pos: usize,
}

impl<'s> Lexer<'s> {
    pub(crate) fn new(input: &'s str) -> Lexer<'s> {
        Lexer {
            input: input.as_bytes(),
            pos: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.input.get(at).copied()
    }

    pub(crate) fn next_token(&mut self) -> Result<Token, RawError> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte(self.pos) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(b) = self.byte(start) else {
            return Ok(Token {
                kind: TokenKind::End,
                span: Span::new(start, start),
            });
        };
        let kind = match b {
            b'(' => TokenKind::OpenParen,
            b')' => TokenKind::CloseParen,
            b'[' => TokenKind::OpenBracket,
            b']' => TokenKind::CloseBracket,
            b'"' => return self.string(start),
            b if is_word_byte(b) => {
                let mut end = start + 1;
                while self.byte(end).is_some_and(is_word_byte) {
                    end += 1;
                }
                self.pos = end;
                return Ok(Token {
                    kind: TokenKind::Word,
                    span: Span::new(start, end),
                });
            }
            b => {
                // Span the whole character, which may take several bytes.
                let len = match b {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    0xC0.. => 2,
                    _ => 1,
                };
                let end = (start + len).min(self.input.len());
                return Err(RawError::new(
                    ParseErrorKind::UnexpectedChar,
                    Span::new(start, end),
                ));
            }
        };
        self.pos = start + 1;
        Ok(Token {
            kind,
            span: Span::new(start, start + 1),
        })
    }

    /// A string starting with the quote at `start`. Escapes are checked
    /// when the string is decoded; here a backslash only hides the byte
    /// after it.
    fn string(&mut self, start: usize) -> Result<Token, RawError> {
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            match self.byte(at) {
                None => {
                    return Err(RawError::new(
                        ParseErrorKind::UnterminatedString,
                        Span::new(start, self.input.len()),
                    ));
                }
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    at += 2;
                }
                Some(0x00..=0x1F) => {
                    return Err(RawError::new(
                        ParseErrorKind::ControlCharInString,
                        Span::new(at, at + 1),
                    ));
                }
                Some(_) => at += 1,
            }
        }
        self.pos = at + 1;
        Ok(Token {
            kind: TokenKind::String { escaped },
            span: Span::new(start, at + 1),
        })
    }
}

/// Decodes the JSON string `quoted` (quotes included), found at byte
/// `base` of the input.
pub(crate) fn decode_string(quoted: &str, base: usize, escaped: bool) -> Result<String, RawError> {
    let inner = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or_default();
    if !escaped {
        return Ok(inner.to_owned());
    }
    let bytes = inner.as_bytes();
    let base = base + 1;
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
    Ok(out)
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
        let mut lx = Lexer::new(s);
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
