//! Credentials for the `Authorization` header, rotatable and never printed.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use http::HeaderValue;

/// How the client authenticates: a bearer token, a raw `Authorization`
/// value, or nothing.
///
/// An `Auth` is a shared handle: clones see the same credential, so a
/// program can keep one clone and rotate the token while clients built with
/// another clone keep running. The next request sent uses the new value.
///
/// The credential never appears in `Debug` output, in errors or in
/// `tracing` spans, and the header value is marked sensitive, so `http`'s
/// own `Debug` of a request prints `Sensitive` in its place.
///
/// # Example
///
/// ```
/// use scim_client::Auth;
///
/// let auth = Auth::bearer("first-token")?;
/// let shared = auth.clone();
/// // … build clients with `auth`, then later, when the token expires:
/// shared.set_bearer("second-token")?;
/// assert!(!format!("{auth:?}").contains("token"));
/// # Ok::<(), scim_client::InvalidCredential>(())
/// ```
#[derive(Clone)]
pub struct Auth {
    inner: Arc<RwLock<Credential>>,
}

#[derive(Clone)]
struct Credential {
    scheme: Scheme,
    value: Option<HeaderValue>,
    /// The texts a server might echo back that must not reach an error:
    /// the whole header value, the credential after the scheme, and for
    /// Basic the password.
    secrets: Secrets,
}

/// Secret texts to remove from what the server answers.
pub(crate) type Secrets = Arc<[Box<str>]>;

/// Secrets shorter than this are not searched for: they would match
/// ordinary words, and a server echoing them reveals little.
const MIN_SECRET: usize = 4;

fn secrets_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Secrets {
    let mut out: Vec<Box<str>> = Vec::new();
    for text in texts {
        let text = text.trim().trim_matches('"');
        if text.len() >= MIN_SECRET && !out.iter().any(|s| &**s == text) {
            out.push(text.into());
        }
    }
    // Longest first, so that a secret containing another is removed whole.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.into()
}

/// The parts of a raw `Authorization` value that are secret: all of it,
/// what follows the scheme, and the value of each `name=value` parameter
/// (`Token token="…"`).
fn raw_secrets(value: &str) -> Secrets {
    let after_scheme = value.trim().split_once(' ').map(|(_, rest)| rest);
    let params = after_scheme
        .into_iter()
        .flat_map(|rest| rest.split(','))
        .filter_map(|p| p.split_once('=').map(|(_, v)| v));
    secrets_of(std::iter::once(value).chain(after_scheme).chain(params))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    None,
    Bearer,
    Basic,
    Raw,
}

/// A credential that cannot be sent in an HTTP header: it is empty or
/// contains a control character such as a line break.
///
/// The error does not contain the credential.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the credential cannot be sent in an HTTP header (empty, or a control character)")]
#[non_exhaustive]
pub struct InvalidCredential;

impl Auth {
    /// No `Authorization` header.
    pub fn none() -> Auth {
        Auth::from_credential(Credential {
            scheme: Scheme::None,
            value: None,
            secrets: Secrets::default(),
        })
    }

    /// `Authorization: Bearer <token>` (RFC 6750), the scheme most SCIM
    /// services use.
    ///
    /// # Errors
    ///
    /// [`InvalidCredential`] if the token is empty or has a character that
    /// an HTTP header cannot carry. Surrounding whitespace (a trailing line
    /// break from a file or an environment variable) is removed first.
    pub fn bearer(token: impl AsRef<str>) -> Result<Auth, InvalidCredential> {
        Ok(Auth::from_credential(bearer_credential(token.as_ref())?))
    }

    /// `Authorization: Basic <base64(username:password)>` (RFC 7617), for
    /// services that list `httpbasic` among their authentication schemes.
    ///
    /// ```
    /// use scim_client::Auth;
    ///
    /// let auth = Auth::basic("Aladdin", "open sesame")?;
    /// # Ok::<(), scim_client::InvalidCredential>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`InvalidCredential`] if the username is empty or contains `:`, or
    /// either part has a control character.
    pub fn basic(username: &str, password: &str) -> Result<Auth, InvalidCredential> {
        Ok(Auth::from_credential(basic_credential(username, password)?))
    }

    /// Replaces the credential with HTTP Basic credentials, for every clone
    /// of this handle.
    ///
    /// # Errors
    ///
    /// As [`Auth::basic`]; the old credential stays in place on error.
    pub fn set_basic(&self, username: &str, password: &str) -> Result<(), InvalidCredential> {
        let credential = basic_credential(username, password)?;
        self.replace(credential);
        Ok(())
    }

    /// `Authorization: <value>` exactly as given, for schemes other than
    /// bearer tokens (`Basic …`, `SSWS …`, `Token token=…`).
    ///
    /// # Errors
    ///
    /// [`InvalidCredential`] if the value is empty or has a character that
    /// an HTTP header cannot carry.
    pub fn authorization(value: impl AsRef<str>) -> Result<Auth, InvalidCredential> {
        Ok(Auth::from_credential(raw_credential(value.as_ref())?))
    }

    /// Replaces the credential with a bearer token, for every clone of this
    /// handle.
    ///
    /// # Errors
    ///
    /// As [`Auth::bearer`]; the old credential stays in place on error.
    pub fn set_bearer(&self, token: impl AsRef<str>) -> Result<(), InvalidCredential> {
        let credential = bearer_credential(token.as_ref())?;
        self.replace(credential);
        Ok(())
    }

    /// Replaces the credential with a raw `Authorization` value, for every
    /// clone of this handle.
    ///
    /// # Errors
    ///
    /// As [`Auth::authorization`]; the old credential stays in place on
    /// error.
    pub fn set_authorization(&self, value: impl AsRef<str>) -> Result<(), InvalidCredential> {
        let credential = raw_credential(value.as_ref())?;
        self.replace(credential);
        Ok(())
    }

    /// Removes the credential: requests are sent without `Authorization`.
    pub fn clear(&self) {
        self.replace(Credential {
            scheme: Scheme::None,
            value: None,
            secrets: Secrets::default(),
        });
    }

    /// Whether a credential is set.
    pub fn is_set(&self) -> bool {
        self.read().value.is_some()
    }

    /// The header value to send, marked sensitive.
    #[cfg(test)]
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        self.read().value.clone()
    }

    /// The header value to send, and the secret texts to remove from
    /// errors about the request that carried it.
    pub(crate) fn header_and_secrets(&self) -> (Option<HeaderValue>, Secrets) {
        let credential = self.read();
        (credential.value, credential.secrets)
    }

    fn from_credential(credential: Credential) -> Auth {
        Auth {
            inner: Arc::new(RwLock::new(credential)),
        }
    }

    fn read(&self) -> Credential {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, credential: Credential) {
        *self.inner.write().unwrap_or_else(PoisonError::into_inner) = credential;
    }
}

impl Default for Auth {
    /// No credential, as [`Auth::none`].
    fn default() -> Self {
        Auth::none()
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.read().scheme {
            Scheme::None => "none",
            Scheme::Bearer => "bearer",
            Scheme::Basic => "basic",
            Scheme::Raw => "authorization",
        };
        f.debug_struct("Auth")
            .field("scheme", &scheme)
            .field("credential", &format_args!("<redacted>"))
            .finish()
    }
}

impl fmt::Display for Auth {
    /// The scheme only; the credential is never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() {
            "Authorization: <redacted>"
        } else {
            "no Authorization"
        })
    }
}

fn bearer_credential(token: &str) -> Result<Credential, InvalidCredential> {
    let token = token.trim();
    if token.is_empty() {
        return Err(InvalidCredential);
    }
    let mut text = String::with_capacity(token.len() + 7);
    text.push_str("Bearer ");
    text.push_str(token);
    Ok(Credential {
        scheme: Scheme::Bearer,
        value: Some(sensitive(&text)?),
        secrets: secrets_of([text.as_str(), token]),
    })
}

fn basic_credential(username: &str, password: &str) -> Result<Credential, InvalidCredential> {
    if username.is_empty()
        || username.contains(':')
        || username
            .chars()
            .chain(password.chars())
            .any(char::is_control)
    {
        return Err(InvalidCredential);
    }
    let mut text = String::from("Basic ");
    base64(format!("{username}:{password}").as_bytes(), &mut text);
    let encoded = text.get(6..).unwrap_or_default();
    Ok(Credential {
        scheme: Scheme::Basic,
        value: Some(sensitive(&text)?),
        secrets: secrets_of([text.as_str(), encoded, password]),
    })
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(input: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| {
        let index = usize::try_from(index & 63).unwrap_or_default();
        ALPHABET.get(index).map_or('=', |&b| char::from(b))
    };
    for chunk in input.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
}

fn raw_credential(value: &str) -> Result<Credential, InvalidCredential> {
    if value.trim().is_empty() {
        return Err(InvalidCredential);
    }
    Ok(Credential {
        scheme: Scheme::Raw,
        value: Some(sensitive(value)?),
        secrets: raw_secrets(value),
    })
}

fn sensitive(text: &str) -> Result<HeaderValue, InvalidCredential> {
    // Visible ASCII and spaces only: no line breaks (header injection) and
    // no bytes an intermediary could rewrite.
    if !text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(InvalidCredential);
    }
    let mut value = HeaderValue::from_str(text).map_err(|_| InvalidCredential)?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_header_is_sensitive_and_trimmed() {
        let auth = Auth::bearer(" abc123\n").unwrap();
        let value = auth.header().unwrap();
        assert_eq!(value, "Bearer abc123");
        assert!(value.is_sensitive());
        assert_eq!(format!("{value:?}"), "Sensitive");
    }

    #[test]
    fn secrets_to_redact() {
        let list = |auth: &Auth| -> Vec<String> {
            auth.header_and_secrets()
                .1
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            list(&Auth::bearer("tok3n").unwrap()),
            ["Bearer tok3n", "tok3n"]
        );
        // "Aladdin:open sesame", RFC 7617 §2.
        assert_eq!(
            list(&Auth::basic("Aladdin", "open sesame").unwrap()),
            [
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                "open sesame"
            ]
        );
        assert_eq!(
            list(&Auth::authorization("Token token=\"s3cr3t\", id=abc").unwrap()),
            [
                "Token token=\"s3cr3t\", id=abc",
                "token=\"s3cr3t\", id=abc",
                "s3cr3t"
            ]
        );
        assert!(list(&Auth::none()).is_empty());
        let auth = Auth::bearer("first").unwrap();
        auth.clear();
        assert!(list(&auth).is_empty());
    }

    #[test]
    fn rotation_is_seen_by_every_clone() {
        let auth = Auth::bearer("one").unwrap();
        let other = auth.clone();
        other.set_authorization("SSWS two").unwrap();
        assert_eq!(auth.header().unwrap(), "SSWS two");
        assert!(other.set_bearer("bad\r\nX-Injected: 1").is_err());
        assert_eq!(auth.header().unwrap(), "SSWS two");
        auth.clear();
        assert!(!other.is_set());
        assert!(other.header().is_none());
    }

    #[test]
    fn bad_credentials_are_refused() {
        for bad in ["", "  ", "a\nb", "tab\there", "é"] {
            assert_eq!(Auth::bearer(bad).unwrap_err(), InvalidCredential, "{bad:?}");
        }
        assert!(Auth::authorization("").is_err());
        assert!(Auth::authorization("Basic x\r\n").is_err());
    }

    #[test]
    fn basic_credentials() {
        let auth = Auth::basic("Aladdin", "open sesame").unwrap();
        assert_eq!(auth.header().unwrap(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        for (input, encoded) in [
            ("a:", "YTo="),
            ("ab:", "YWI6"),
            ("abc:", "YWJjOg=="),
            ("u:pässwörd", "dTpww6Rzc3fDtnJk"),
        ] {
            let (user, pass) = input.split_once(':').unwrap();
            assert_eq!(
                Auth::basic(user, pass).unwrap().header().unwrap(),
                format!("Basic {encoded}").as_str(),
                "{input}"
            );
        }
        assert!(Auth::basic("", "x").is_err());
        assert!(Auth::basic("a:b", "x").is_err());
        assert!(Auth::basic("a", "x\ny").is_err());
        let text = format!("{auth:?}");
        assert!(text.contains("basic") && !text.contains("QWxh") && !text.contains("sesame"));
    }

    #[test]
    fn debug_never_shows_the_credential() {
        let auth = Auth::bearer("s3cr3t-value").unwrap();
        let text = format!("{auth:?} {auth:#?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("bearer"));
    }
}
