//! Checking the pieces a base URL is built from.

use url::Url;

/// A base URL that cannot be built from what was given.
///
/// Messages name the piece (`subdomain`, `tenant`, `base URL`) and what is
/// wrong with it, without repeating untrusted text longer than needed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BaseUrlError {
    /// The piece is empty.
    #[error("the {what} is empty")]
    Empty {
        /// The piece: `subdomain`, `tenant`, …
        what: &'static str,
    },
    /// The piece is longer than a DNS label may be.
    #[error("the {what} is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// The piece.
        what: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// The piece contains a dot: only one DNS label is expected.
    #[error(
        "the {what} contains a dot at offset {at}: give only the first label (`acme`, not `acme.example.com`)"
    )]
    Dot {
        /// The piece.
        what: &'static str,
        /// Byte offset of the first dot.
        at: usize,
    },
    /// The piece contains a character a DNS label cannot hold.
    #[error(
        "the {what} contains {ch:?} at offset {at}; only letters a-z, digits and `-` are allowed"
    )]
    InvalidChar {
        /// The piece.
        what: &'static str,
        /// The character.
        ch: char,
        /// Its byte offset.
        at: usize,
    },
    /// The piece starts or ends with `-`.
    #[error("the {what} starts or ends with `-`")]
    Hyphen {
        /// The piece.
        what: &'static str,
    },
    /// The text is not an absolute URL.
    #[error("the base URL is not an absolute URL: {0}")]
    NotAUrl(url::ParseError),
    /// The URL's scheme is neither `https` nor (for a loopback host) `http`.
    #[error("the base URL must use https (http only for a loopback host), not `{scheme}`")]
    NotHttps {
        /// The scheme given.
        scheme: String,
    },
    /// The URL carries a user name or password.
    #[error("the base URL must not carry credentials; pass them as authentication")]
    Credentials,
    /// The URL has a query or a fragment.
    #[error("the base URL must not have a query or a fragment")]
    QueryOrFragment,
    /// The URL has no host.
    #[error("the base URL has no host")]
    NoHost,
}

/// The longest DNS label (RFC 1035 §2.3.4).
pub(crate) const MAX_LABEL: usize = 63;

/// Checks one DNS label (RFC 1035 §2.3.1, with leading digits allowed as
/// RFC 1123 §2.1 does) and returns it lowercased: host names are
/// case-insensitive.
pub(crate) fn check_label(text: &str, what: &'static str) -> Result<String, BaseUrlError> {
    if text.is_empty() {
        return Err(BaseUrlError::Empty { what });
    }
    if let Some(at) = text.find('.') {
        return Err(BaseUrlError::Dot { what, at });
    }
    if let Some((at, ch)) = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(BaseUrlError::InvalidChar { what, ch, at });
    }
    if text.len() > MAX_LABEL {
        return Err(BaseUrlError::TooLong {
            what,
            len: text.len(),
            max: MAX_LABEL,
        });
    }
    if text.starts_with('-') || text.ends_with('-') {
        return Err(BaseUrlError::Hyphen { what });
    }
    Ok(text.to_ascii_lowercase())
}

/// Parses a URL built from checked pieces.
///
/// The text is made of constant parts and checked DNS labels, so it always
/// parses; an error here would be a defect in this crate, reported as such.
pub(crate) fn built(text: &str) -> Result<Url, BaseUrlError> {
    Url::parse(text).map_err(BaseUrlError::NotAUrl)
}

/// Checks a base URL given in full and makes its path end with `/`, so that
/// `Url::join("Users")` appends rather than replaces the last segment.
pub(crate) fn check_base_url(text: &str) -> Result<Url, BaseUrlError> {
    let mut url = Url::parse(text).map_err(BaseUrlError::NotAUrl)?;
    let host = url.host_str().ok_or(BaseUrlError::NoHost)?;
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        other => {
            return Err(BaseUrlError::NotHttps {
                scheme: other.to_owned(),
            });
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(BaseUrlError::Credentials);
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BaseUrlError::QueryOrFragment);
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(check_label("Acme-2", "subdomain").unwrap(), "acme-2");
        assert_eq!(check_label("9lives", "subdomain").unwrap(), "9lives");
        let max = "a".repeat(63);
        assert_eq!(check_label(&max, "subdomain").unwrap(), max);
        for (text, err) in [
            ("", BaseUrlError::Empty { what: "subdomain" }),
            (
                "acme.monday.com",
                BaseUrlError::Dot {
                    what: "subdomain",
                    at: 4,
                },
            ),
            (
                "ac me",
                BaseUrlError::InvalidChar {
                    what: "subdomain",
                    ch: ' ',
                    at: 2,
                },
            ),
            (
                "acmé",
                BaseUrlError::InvalidChar {
                    what: "subdomain",
                    ch: 'é',
                    at: 3,
                },
            ),
            (
                "a_b",
                BaseUrlError::InvalidChar {
                    what: "subdomain",
                    ch: '_',
                    at: 1,
                },
            ),
            (
                "acme/x",
                BaseUrlError::InvalidChar {
                    what: "subdomain",
                    ch: '/',
                    at: 4,
                },
            ),
            ("-acme", BaseUrlError::Hyphen { what: "subdomain" }),
            ("acme-", BaseUrlError::Hyphen { what: "subdomain" }),
        ] {
            assert_eq!(check_label(text, "subdomain"), Err(err), "{text:?}");
        }
        assert_eq!(
            check_label(&"a".repeat(64), "tenant"),
            Err(BaseUrlError::TooLong {
                what: "tenant",
                len: 64,
                max: 63
            })
        );
    }

    #[test]
    fn full_urls() {
        assert_eq!(
            check_base_url("https://scim.example.com/v2")
                .unwrap()
                .as_str(),
            "https://scim.example.com/v2/"
        );
        assert_eq!(
            check_base_url("https://scim.example.com").unwrap().as_str(),
            "https://scim.example.com/"
        );
        assert_eq!(
            check_base_url("http://localhost:8080/scim/")
                .unwrap()
                .as_str(),
            "http://localhost:8080/scim/"
        );
        assert!(matches!(
            check_base_url("scim.example.com/v2"),
            Err(BaseUrlError::NotAUrl(_))
        ));
        assert_eq!(
            check_base_url("http://scim.example.com/v2"),
            Err(BaseUrlError::NotHttps {
                scheme: "http".into()
            })
        );
        assert_eq!(
            check_base_url("https://u:p@scim.example.com/"),
            Err(BaseUrlError::Credentials)
        );
        assert_eq!(
            check_base_url("https://scim.example.com/?token=x"),
            Err(BaseUrlError::QueryOrFragment)
        );
        assert_eq!(
            check_base_url("https://scim.example.com/#x"),
            Err(BaseUrlError::QueryOrFragment)
        );
    }
}
