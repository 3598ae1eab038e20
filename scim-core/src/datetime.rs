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
        let instant = parse_instant(s).ok_or_else(|| InvalidDateTime { text: s.into() })?;
        Ok(DateTime {
            instant,
            text: s.into(),
        })
    }
}

/// The instant a SCIM `dateTime` text denotes, read by the rules of
/// [`DateTime`]'s `FromStr`, without keeping the text (nothing is allocated
/// for the usual forms).
pub(crate) fn parse_instant(s: &str) -> Option<jiff::Timestamp> {
    // A bare date or time is not a dateTime; jiff accepts a few forms
    // RFC 3339 does not, so insist on the `T` (or space) separator.
    if s.len() > 64
        || !s
            .as_bytes()
            .get(10)
            .is_some_and(|b| matches!(b, b'T' | b't' | b' '))
    {
        return None;
    }
    fast_utc(s.as_bytes())
        .or_else(|| s.parse::<jiff::Timestamp>().ok())
        // xsd:dateTime allows a missing offset; SCIM servers mean UTC.
        .or_else(|| {
            s.parse::<jiff::civil::DateTime>()
                .ok()
                .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp())
        })
}

/// Reads the form almost every server sends, `YYYY-MM-DDTHH:MM:SS[.f]Z`,
/// without the general parser; anything else returns `None` and goes the
/// general way.
fn fast_utc(b: &[u8]) -> Option<jiff::Timestamp> {
    fn num(b: &[u8]) -> Option<i64> {
        b.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    }
    let (head, tail) = (b.get(..19)?, b.get(19..)?);
    if head.get(4) != Some(&b'-')
        || head.get(7) != Some(&b'-')
        || !matches!(head.get(10), Some(b'T' | b't'))
        || head.get(13) != Some(&b':')
        || head.get(16) != Some(&b':')
    {
        return None;
    }
    let year = num(head.get(0..4)?)?;
    let month = num(head.get(5..7)?)?;
    let day = num(head.get(8..10)?)?;
    let hour = num(head.get(11..13)?)?;
    let minute = num(head.get(14..16)?)?;
    let second = num(head.get(17..19)?)?;
    let (frac, zone) = match tail.first() {
        Some(b'.') => {
            let digits = tail
                .iter()
                .skip(1)
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 || digits > 9 {
                return None;
            }
            (tail.get(1..=digits)?, tail.get(digits + 1..)?)
        }
        _ => (&[][..], tail),
    };
    if !matches!(zone, [b'Z' | b'z']) {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > month_days || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (era-based).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let nanos = frac
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(9)
        .try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    jiff::Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()
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
    fn fast_path_agrees_with_the_general_parser() {
        let cases = [
            "1970-01-01T00:00:00Z",
            "2010-01-23T04:56:22Z",
            "2000-02-29T23:59:59.999999999Z",
            "1900-03-01T00:00:00z",
            "2024-12-31T12:00:00.5Z",
            "0001-01-01T00:00:00Z",
            "9999-12-30T21:59:59Z",
            "1969-12-31T23:59:59.1Z",
        ];
        for s in cases {
            let general: jiff::Timestamp = s.parse().unwrap();
            assert_eq!(fast_utc(s.as_bytes()), Some(general), "{s}");
        }
        for s in [
            "2001-02-29T00:00:00Z",
            "2010-01-23T24:00:00Z",
            "2010-01-23T04:56:22",
            "2010-01-23T04:56:22+01:00",
            "2010-01-23T04:56:22.Z",
            "2010-01-23T04:56:22.1234567890Z",
            "2010-1-23T04:56:22Z",
            "2010-01-23T04:56:60Z",
        ] {
            assert_eq!(fast_utc(s.as_bytes()), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_jiff(secs in -62_135_596_800i64..253_402_207_200, nanos in 0i32..1_000_000_000, digits in 0usize..10) {
            let t = jiff::Timestamp::new(secs, nanos).unwrap();
            let whole = t.strftime("%Y-%m-%dT%H:%M:%S").to_string();
            let frac = format!("{nanos:09}");
            let text = if digits == 0 { format!("{whole}Z") } else { format!("{whole}.{}Z", &frac[..digits]) };
            let general: jiff::Timestamp = text.parse().unwrap();
            proptest::prop_assert_eq!(fast_utc(text.as_bytes()), Some(general));
        }
    }

    #[test]
    fn orders_by_instant() {
        let a: DateTime = "2010-01-23T04:56:22+01:00".parse().unwrap();
        let b: DateTime = "2010-01-23T04:56:22Z".parse().unwrap();
        assert!(a < b);
    }
}
