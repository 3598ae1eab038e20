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
    fast_rfc3339(s.as_bytes())
        .or_else(|| s.parse::<jiff::Timestamp>().ok())
        // xsd:dateTime allows a missing offset; SCIM servers mean UTC.
        .or_else(|| {
            s.parse::<jiff::civil::DateTime>()
                .ok()
                .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp())
        })
}

/// Reads the RFC 3339 form almost every server sends,
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` (`T` and `Z` in either
/// case, up to nine fraction digits), without the general parser.
///
/// Anything else, and anything out of the usual ranges (a leap second
/// `60`, hour 24, a date that does not exist, an instant jiff cannot hold),
/// returns `None` and goes the general way, so the texts accepted and the
/// instants they denote are jiff's.
fn fast_rfc3339(b: &[u8]) -> Option<jiff::Timestamp> {
    /// The value of two ASCII digits.
    #[inline]
    fn two(hi: u8, lo: u8) -> Option<i64> {
        let (hi, lo) = (hi.wrapping_sub(b'0'), lo.wrapping_sub(b'0'));
        (hi < 10 && lo < 10).then(|| i64::from(hi * 10 + lo))
    }

    let [
        y0,
        y1,
        y2,
        y3,
        b'-',
        mo0,
        mo1,
        b'-',
        d0,
        d1,
        b'T' | b't',
        h0,
        h1,
        b':',
        mi0,
        mi1,
        b':',
        s0,
        s1,
        rest @ ..,
    ] = b
    else {
        return None;
    };
    let year = two(*y0, *y1)? * 100 + two(*y2, *y3)?;
    let month = two(*mo0, *mo1)?;
    let day = two(*d0, *d1)?;
    let hour = two(*h0, *h1)?;
    let minute = two(*mi0, *mi1)?;
    let second = two(*s0, *s1)?;

    // The fraction, scaled to nanoseconds.
    let (nanos, zone) = match rest {
        [b'.', digits @ ..] => {
            let mut nanos = 0i32;
            let mut scale = 1_000_000_000i32;
            let mut used = 0;
            for &c in digits.iter().take(9) {
                let d = c.wrapping_sub(b'0');
                if d >= 10 {
                    break;
                }
                scale /= 10;
                nanos += i32::from(d) * scale;
                used += 1;
            }
            if used == 0 {
                return None;
            }
            (nanos, digits.get(used..)?)
        }
        _ => (0, rest),
    };
    let offset = match *zone {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let (oh, om) = (two(h0, h1)?, two(m0, m1)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let off = oh * 3_600 + om * 60;
            if sign == b'-' { -off } else { off }
        }
        _ => return None,
    };

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
    // Days since 1970-01-01 of a proleptic Gregorian date (era-based; the
    // year is 0..=9999, so no negative division).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset;
    jiff::Timestamp::new(seconds, nanos).ok()
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

    /// What jiff's RFC 3339 parser makes of `s`, the reference for the
    /// fast path.
    fn jiff(s: &str) -> Option<jiff::Timestamp> {
        s.parse::<jiff::Timestamp>().ok()
    }

    #[test]
    fn fast_path_agrees_with_jiff() {
        // Read by the fast path, to the instant jiff reads.
        let fast = [
            "1970-01-01T00:00:00Z",
            "2010-01-23T04:56:22Z",
            "2000-02-29T23:59:59.999999999Z",
            "1900-03-01T00:00:00z",
            "2010-01-23t04:56:22Z",
            "2010-01-23t04:56:22z",
            "2024-12-31T12:00:00.5Z",
            "2024-12-31T12:00:00.05Z",
            "2024-12-31T12:00:00.000000001Z",
            "2024-12-31T12:00:00.123456789Z",
            "0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "0000-03-01T00:00:00Z",
            "9999-12-30T21:59:59Z",
            "1969-12-31T23:59:59.1Z",
            "2011-08-01T18:29:49.793-07:00",
            "2011-08-01T18:29:49+02:00",
            "2011-08-01T18:29:49.1+05:30",
            "2011-08-01T00:00:00+23:59",
            "2011-08-01T23:59:59-23:59",
            "2011-08-01T12:00:00+00:00",
            "2011-08-01T12:00:00-00:00",
            "2016-02-29T12:00:00-12:00",
            "2000-01-01T00:00:00+01:00",
            "1600-02-29T00:00:00Z",
            // Local year 0, UTC year -1.
            "0000-01-01T00:00:00+01:00",
        ];
        for s in fast {
            assert!(jiff(s).is_some(), "jiff rejects {s}");
            assert_eq!(fast_rfc3339(s.as_bytes()), jiff(s), "{s}");
        }
        // Left to the general parser: whatever jiff makes of these stands.
        let general = [
            // Leap second, hour 24, days that do not exist.
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5+01:00",
            "2010-01-23T24:00:00Z",
            "2001-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2010-04-31T00:00:00Z",
            "2010-00-10T00:00:00Z",
            "2010-13-10T00:00:00Z",
            "2010-01-00T00:00:00Z",
            "2010-01-23T04:60:22Z",
            // Offsets beyond the usual ones, or in other forms.
            "2010-01-23T04:56:22+24:00",
            "2010-01-23T04:56:22+05:60",
            "2010-01-23T04:56:22+0100",
            "2010-01-23T04:56:22+01",
            "2010-01-23T04:56:22+01:00:30",
            "2010-01-23T04:56:22 +01:00",
            // Fractions: none, too many digits, a comma.
            "2010-01-23T04:56:22.Z",
            "2010-01-23T04:56:22.1234567890Z",
            "2010-01-23T04:56:22,5Z",
            // No offset, other separators, short or long fields.
            "2010-01-23T04:56:22",
            "2010-01-23 04:56:22Z",
            "2010-1-23T04:56:22Z",
            "2010-01-23T4:56:22Z",
            "+002010-01-23T04:56:22Z",
            "2010-01-23T04:56Z",
            "2010-01-23T04:56:22ZZ",
            "2010-01-23T04:56:22Z ",
            // Beyond what a Timestamp holds.
            "9999-12-31T23:59:59Z",
            // Not digits.
            "2O10-01-23T04:56:22Z",
            "2010-01-23T04:56:2xZ",
            "2010-01-23T04:56:22.x1Z",
            "2010-01-23T04:56:22+0a:00",
        ];
        for s in general {
            assert_eq!(fast_rfc3339(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn general_forms_keep_their_meaning() {
        // What the general parser reads, and what it rejects, through the
        // entry point the fast path sits in.
        let same = [
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
            ("2010-01-23 04:56:22Z", "2010-01-23T04:56:22Z"),
            ("2010-01-23T04:56:22", "2010-01-23T04:56:22Z"),
            ("2010-01-23T04:56:22+0100", "2010-01-23T03:56:22Z"),
        ];
        for (a, b) in same {
            assert_eq!(parse_instant(a), jiff(b), "{a}");
        }
        for s in [
            "2010-01-23T24:00:00Z",
            "2001-02-29T00:00:00Z",
            "2010-01-23T04:56:22.Z",
            "2010-01-23T04:56:22.1234567890Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_instant(s), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_jiff(
            secs in -62_135_596_800i64..253_402_207_200,
            nanos in 0i32..1_000_000_000,
            digits in 0usize..10,
            offset_minutes in -1439i32..=1439,
            zulu in proptest::bool::ANY,
            lower in proptest::bool::ANY,
        ) {
            let t = jiff::Timestamp::new(secs, nanos).unwrap();
            let offset = if zulu { 0 } else { offset_minutes * 60 };
            let zone = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(offset).unwrap());
            let whole = t.to_zoned(zone).datetime().strftime("%Y-%m-%dT%H:%M:%S").to_string();
            let frac = format!("{nanos:09}");
            let frac = if digits == 0 { String::new() } else { format!(".{}", &frac[..digits]) };
            let zone = if zulu {
                "Z".to_owned()
            } else {
                let (sign, abs) = if offset < 0 { ('-', -offset) } else { ('+', offset) };
                format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
            };
            let mut text = format!("{whole}{frac}{zone}");
            if lower {
                text = text.to_lowercase();
            }
            // Years before 0 or after 9999 in local time are the general
            // parser's; every other text is the fast path's.
            let expected = if whole.len() == 19 && !whole.starts_with('-') {
                let truncated = jiff::Timestamp::new(secs, nanos - nanos % 10i32.pow(9 - digits as u32)).unwrap();
                proptest::prop_assert_eq!(jiff(&text), Some(truncated), "{}", text);
                Some(truncated)
            } else {
                None
            };
            proptest::prop_assert_eq!(fast_rfc3339(text.as_bytes()), expected, "{}", text);
        }
    }

    #[test]
    fn orders_by_instant() {
        let a: DateTime = "2010-01-23T04:56:22+01:00".parse().unwrap();
        let b: DateTime = "2010-01-23T04:56:22Z".parse().unwrap();
        assert!(a < b);
    }
}
