//! Pieces shared by the resource types: `meta`, multi-valued attribute
//! values, and the handling of schema extensions.

use std::fmt;

use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::DateTime;
use crate::object::scim_object;

scim_object! {
    /// Resource metadata, the `meta` attribute (RFC 7643 §3.1).
    ///
    /// All of it is assigned by the service provider and read-only.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Meta {
        /// The name of the resource type, for example `User`.
        resource_type: Option<String> => "resourceType" (opt),
        /// When the resource was added to the service provider. A value
        /// that is not a dateTime is kept, as read, in [`Meta::extra`].
        created: Option<DateTime> => "created" (stamp),
        /// When the resource was last changed. A value that is not a
        /// dateTime is kept, as read, in [`Meta::extra`].
        last_modified: Option<DateTime> => "lastModified" (stamp),
        /// The URI of the resource.
        location: Option<String> => "location" (opt),
        /// The version (entity tag) of the resource, for example `W/"3694e05e9dff591"`.
        version: Option<String> => "version" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// One value of a multi-valued attribute (RFC 7643 §2.4).
    ///
    /// The `emails`, `phoneNumbers`, `ims`, `photos`, `entitlements`, `roles`,
    /// `x509Certificates` and `groups` attributes of a User all have this
    /// shape; their type aliases ([`Email`], [`PhoneNumber`], …) say which is
    /// meant. A bare string among the values (`"emails": ["a@example.com"]`,
    /// as some servers write them) reads as a value with only `value` set.
    ///
    /// ```
    /// use scim_core::Email;
    ///
    /// let work = Email::new("bjensen@example.com").with_type("work").with_primary(true);
    /// assert_eq!(
    ///     serde_json::to_value(&work)?,
    ///     serde_json::json!({"value": "bjensen@example.com", "type": "work", "primary": true})
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct MultiValue {
        /// The value itself: an address, a number, a URI, an identifier, or
        /// base64 data for certificates.
        value: Option<String> => "value" (ident),
        /// A human-readable name, mostly for display.
        display: Option<String> => "display" (opt),
        /// A label for the value's function, for example `work` or `home`.
        type_: Option<String> => "type" (opt),
        /// Whether this is the preferred value; at most one value of an
        /// attribute is primary. The strings `"true"` and `"false"` (any
        /// case) are read as booleans.
        primary: Option<bool> => "primary" (flag),
        /// The URI of the resource the value refers to, when it refers to one.
        ref_: Option<String> => "$ref" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra;
        bare value
    }
}

impl MultiValue {
    /// A value with only `value` set.
    pub fn new(value: impl Into<String>) -> MultiValue {
        MultiValue {
            value: Some(value.into()),
            ..MultiValue::default()
        }
    }

    /// Sets `type`.
    #[must_use]
    pub fn with_type(mut self, type_: impl Into<String>) -> MultiValue {
        self.type_ = Some(type_.into());
        self
    }

    /// Sets `primary`.
    #[must_use]
    pub fn with_primary(mut self, primary: bool) -> MultiValue {
        self.primary = Some(primary);
        self
    }

    /// Sets `display`.
    #[must_use]
    pub fn with_display(mut self, display: impl Into<String>) -> MultiValue {
        self.display = Some(display.into());
        self
    }

    /// Whether `primary` is `true`.
    pub fn is_primary(&self) -> bool {
        self.primary == Some(true)
    }
}

/// An e-mail address of a User (`emails`).
pub type Email = MultiValue;
/// A phone number of a User (`phoneNumbers`), ideally in RFC 3966 form.
pub type PhoneNumber = MultiValue;
/// An instant messaging address of a User (`ims`).
pub type Im = MultiValue;
/// The URL of a photo of a User (`photos`).
pub type Photo = MultiValue;
/// An entitlement of a User (`entitlements`).
pub type Entitlement = MultiValue;
/// A role of a User (`roles`).
pub type Role = MultiValue;
/// A DER certificate of a User, base64 (`x509Certificates`).
pub type X509Certificate = MultiValue;
/// A group a User belongs to (`groups`); read-only, set by the service provider.
pub type GroupRef = MultiValue;

/// The first value marked primary, else the first value.
pub(crate) fn primary_of(values: &[MultiValue]) -> Option<&MultiValue> {
    values
        .iter()
        .find(|v| v.is_primary())
        .or_else(|| values.first())
}

/// A User's password (RFC 7643 §4.1.1).
///
/// Its `Debug` output never shows the text, so a password cannot leak
/// through logs. Service providers never return it (`returned: never`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Password(String);

impl Password {
    /// Wraps a cleartext password.
    pub fn new(text: impl Into<String>) -> Password {
        Password(text.into())
    }

    /// The cleartext password; handle it with care.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl From<String> for Password {
    fn from(s: String) -> Self {
        Password(s)
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Self {
        Password(s.to_owned())
    }
}

impl Serialize for Password {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Password {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Password)
    }
}

/// Whether a top-level attribute name is a schema URN, the key of an
/// extension (RFC 7643 §3.3).
pub(crate) fn is_urn(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

/// Finds an attribute by name, ignoring ASCII case.
pub(crate) fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Finds an attribute by name for change, ignoring ASCII case.
pub(crate) fn get_ci_mut<'a>(map: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    let key = map
        .keys()
        .find(|k| k.as_str() == name)
        .or_else(|| map.keys().find(|k| k.eq_ignore_ascii_case(name)))?
        .clone();
    map.get_mut(&key)
}

/// Removes an attribute by name, ignoring ASCII case.
pub(crate) fn remove_ci(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = map.keys().find(|k| k.eq_ignore_ascii_case(name))?.clone();
    map.remove(&key)
}

/// The extension objects among a resource's unmodelled attributes.
pub(crate) fn extension_keys(extra: &Map<String, Value>) -> impl Iterator<Item = &str> + Clone {
    extra
        .iter()
        .filter(|(k, v)| is_urn(k) && v.is_object())
        .map(|(k, _)| k.as_str())
}

/// Adds `urn` to `schemas` unless it is there already (ignoring case).
pub(crate) fn add_schema(schemas: &mut Vec<String>, urn: &str) {
    if !schemas.iter().any(|s| s.eq_ignore_ascii_case(urn)) {
        schemas.push(urn.to_owned());
    }
}

/// Removes `urn` from `schemas` (ignoring case).
pub(crate) fn remove_schema(schemas: &mut Vec<String>, urn: &str) {
    schemas.retain(|s| !s.eq_ignore_ascii_case(urn));
}

/// Writes `schemas` as declared, followed by the URN of every extension
/// present in the resource that `schemas` does not list yet.
///
/// When nothing is declared, the list is written only for a resource type
/// that knows its base schema (`base`, as User and Group do): the base
/// schema first, then the extensions present. A generic resource without
/// `schemas` is written without it, as read: a list of extensions alone
/// would not name the resource's schema (RFC 7643 §3).
pub(crate) struct SchemasOut<'a, I> {
    pub(crate) declared: &'a [String],
    pub(crate) base: Option<&'static str>,
    pub(crate) present: I,
}

impl<'a, I> SchemasOut<'a, I>
where
    I: Iterator<Item = &'a str> + Clone,
{
    /// Whether anything is written.
    pub(crate) fn is_written(&self) -> bool {
        !self.declared.is_empty() || (self.base.is_some() && self.present.clone().next().is_some())
    }
}

impl<'a, I> Serialize for SchemasOut<'a, I>
where
    I: Iterator<Item = &'a str> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.declared.is_empty() {
            let base = self.base.filter(|_| self.present.clone().next().is_some());
            let mut seq = s.serialize_seq(None)?;
            if let Some(base) = base {
                seq.serialize_element(base)?;
                for m in self.present.clone() {
                    seq.serialize_element(m)?;
                }
            }
            return seq.end();
        }
        // Usually every extension is declared, in canonical spelling: an
        // exact comparison settles it, and nothing more is written.
        let declared = |urn: &str| {
            self.declared
                .iter()
                .any(|d| d == urn || d.eq_ignore_ascii_case(urn))
        };
        let missing = self.present.clone().filter(|u| !declared(u));
        let extra = missing.clone().count();
        let mut seq = s.serialize_seq(Some(self.declared.len() + extra))?;
        for d in self.declared {
            seq.serialize_element(d)?;
        }
        if extra > 0 {
            for m in missing {
                seq.serialize_element(m)?;
            }
        }
        seq.end()
    }
}
