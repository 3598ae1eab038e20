//! SCIM `dateTime` values (RFC 7643 §2.3.5).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A SCIM `dateTime`: an instant, together with the text it was read from.
///
/// RFC 7643 §2.3.5 uses the XML Schema `dateTime` form, for example
/// `2008-01-23T04:56:22Z` or `2011-08-01T18:29:49.793-07:00`. Two values
/// compare equal when they denote the same instant, whatever their spelling;
/// the original text is kept so that reading and writing a resource back does
/// not change it. A value without a UTC offset (`2008-01-23T04:56:22`) is
/// read as UTC.
///
/// ```
/// use scim_core::DateTime;
///
/// let a: DateTime = "2011-08-01T21:32:44Z".parse()?;
/// let b: DateTime = "2011-08-01T23:32:44+02:00".parse()?;
/// assert_eq!(a, b);
/// assert_eq!(b.to_string(), "2011-08-01T23:32:44+02:00");
/// # Ok::<(), scim_core::InvalidDateTime>(())
/// ```
#[derive(Clone)]
pub struct DateTime {
    instant: jiff::Timestamp,
    text: Box<str>,
}

/// A string that is not a SCIM `dateTime`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid dateTime `{text}`: expected an RFC 3339 date and time such as 2008-01-23T04:56:22Z"
)]
pub struct InvalidDateTime {
    text: Box<str>,
}

impl DateTime {
    /// The instant as a [`jiff::Timestamp`].
    pub fn timestamp(&self) -> jiff::Timestamp {
        self.instant
    }

    /// The text this value was read from, or its canonical form.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since the Unix epoch (UTC), ignoring fractions.
    pub fn unix_seconds(&self) -> i64 {
        self.instant.as_second()
    }

    /// Nanoseconds since the Unix epoch (UTC).
    pub fn unix_nanos(&self) -> i128 {
        self.instant.as_nanosecond()
    }

    /// The current instant.
    pub fn now() -> DateTime {
        DateTime::from(jiff::Timestamp::now())
    }
}

impl From<jiff::Timestamp> for DateTime {
    fn from(instant: jiff::Timestamp) -> Self {
        DateTime {
            instant,
            text: instant.to_string().into_boxed_str(),
        }
    }
}

impl FromStr for DateTime {
    type Err = InvalidDateTime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidDateTime { text: s.into() };
        // A bare date or time is not a dateTime; jiff accepts a few forms
        // RFC 3339 does not, so insist on the `T` (or space) separator.
        if s.len() > 64
            || !s
                .as_bytes()
                .get(10)
                .is_some_and(|b| matches!(b, b'T' | b't' | b' '))
        {
            return Err(bad());
        }
        let instant = match s.parse::<jiff::Timestamp>() {
            Ok(t) => t,
            // xsd:dateTime allows a missing offset; SCIM servers mean UTC.
            Err(_) => s
                .parse::<jiff::civil::DateTime>()
                .ok()
                .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp())
                .ok_or_else(bad)?,
        };
        Ok(DateTime {
            instant,
            text: s.into(),
        })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({:?})", &*self.text)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a dateTime string such as 2008-01-23T04:56:22Z")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_instant_are_equal() {
        let cases = [
            ("2010-01-23T04:56:22Z", "2010-01-23T05:56:22+01:00"),
            ("2010-01-23T04:56:22Z", "2010-01-23T04:56:22.000Z"),
            ("2010-01-23T04:56:22Z", "2010-01-23T04:56:22"),
            ("2011-08-01T18:29:49.793Z", "2011-08-01T11:29:49.793-07:00"),
        ];
        for (a, b) in cases {
            let (a, b): (DateTime, DateTime) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(a, b);
        }
    }

    #[test]
    fn keeps_its_text() {
        let d: DateTime = "2011-08-01T11:29:49.793-07:00".parse().unwrap();
        assert_eq!(d.to_string(), "2011-08-01T11:29:49.793-07:00");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2011-08-01T11:29:49.793-07:00\""
        );
    }

    #[test]
    fn rejects_non_datetimes() {
        for s in [
            "",
            "2010-01-23",
            "04:56:22",
            "yesterday",
            "2010-13-23T04:56:22Z",
            "2010-01-23T25:56:22Z",
            "2010-01-23X04:56:22Z",
            "1264222582",
        ] {
            assert!(s.parse::<DateTime>().is_err(), "{s}");
        }
    }

    #[test]
    fn orders_by_instant() {
        let a: DateTime = "2010-01-23T04:56:22+01:00".parse().unwrap();
        let b: DateTime = "2010-01-23T04:56:22Z".parse().unwrap();
        assert!(a < b);
    }
}
