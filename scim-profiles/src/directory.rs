//! The directory side of a mapping: the properties a directory keeps about a
//! user, and one user as a map of those properties to values.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

/// A property a directory keeps about a user or a group, the left-hand side
/// of a [`Mapping`](crate::Mapping).
///
/// The named variants are the properties the built-in profiles map; each has
/// a fixed text form ([`DirectoryProperty::as_str`], also its `Display`),
/// read back by `FromStr` ignoring ASCII case, and a [`ValueKind`] saying
/// which JSON value it holds. [`DirectoryProperty::Custom`] names any other
/// property, for profiles defined at run time; it holds any JSON value.
///
/// ```
/// use scim_profiles::{DirectoryProperty, ValueKind};
///
/// let p: DirectoryProperty = "FirstName".parse()?;
/// assert_eq!(p, DirectoryProperty::FirstName);
/// assert_eq!(p.to_string(), "firstname");
/// assert_eq!(p.kind(), ValueKind::Text);
/// assert_eq!("badgeColour".parse::<DirectoryProperty>()?, DirectoryProperty::custom("badgeColour"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DirectoryProperty {
    /// `id`: the directory's own identifier of the user.
    Id,
    /// `username`: the name the user signs in with.
    Username,
    /// `password`: the user's password (text). Never shown by `Debug`.
    Password,
    /// `firstname`: the given name.
    FirstName,
    /// `lastname`: the family name.
    LastName,
    /// `middlename`: the middle name.
    MiddleName,
    /// `displayname`: the name to show for the user.
    DisplayName,
    /// `email`: the company e-mail address.
    Email,
    /// `active`: whether the user is enabled (boolean).
    Active,
    /// `suspended`: whether the directory has suspended the user (boolean).
    Suspended,
    /// `passwordExpired`: whether the user's password has expired (boolean).
    PasswordExpired,
    /// `title`: the job title.
    Title,
    /// `workPhone`: the work phone number.
    WorkPhone,
    /// `mobilePhone`: the mobile phone number.
    MobilePhone,
    /// `fax`: the fax number.
    Fax,
    /// `phone`: a single phone number.
    Phone,
    /// `phoneNumbers`: typed phone numbers, a JSON array of objects
    /// `{"type": "work", "number": "+1 555 0100"}`.
    PhoneNumbers,
    /// `addresses`: postal addresses, a JSON array of objects with the keys
    /// `type`, `streetAddress`, `locality`, `region`, `postalCode`,
    /// `country` (and optionally `formatted`, `primary`).
    Addresses,
    /// `employeeIdentifier`: the number the organisation gives the employee.
    EmployeeIdentifier,
    /// `department`: the department.
    Department,
    /// `costcenter`: the cost center.
    CostCenter,
    /// `company`: the company or organisation.
    Company,
    /// `division`: the division.
    Division,
    /// `manager`: the identifier of the user's manager.
    Manager,
    /// `roles`: role names, a JSON array of strings.
    Roles,
    /// `timezone`: an IANA time zone such as `Europe/Paris`.
    Timezone,
    /// `locale`: a locale such as `en-US`.
    Locale,
    /// `usertype`: the kind of account, as the target names it.
    UserType,
    /// `group name`: the name of a group.
    GroupName,
    /// Any other property, by name; holds any JSON value.
    Custom(Cow<'static, str>),
}

/// The JSON value a [`DirectoryProperty`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueKind {
    /// A JSON string.
    Text,
    /// A JSON boolean.
    Bool,
    /// A JSON array of strings.
    TextList,
    /// A JSON array of `{"type", "number"}` objects with string values.
    PhoneList,
    /// A JSON array of address objects with string values (`primary` may
    /// be a boolean).
    AddressList,
    /// Any JSON value.
    Any,
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueKind::Text => "a string",
            ValueKind::Bool => "a boolean",
            ValueKind::TextList => "an array of strings",
            ValueKind::PhoneList => "an array of {type, number} objects",
            ValueKind::AddressList => "an array of address objects",
            ValueKind::Any => "any JSON value",
        })
    }
}

/// The named properties, their text forms and kinds.
const NAMED: &[(DirectoryProperty, &str, ValueKind)] = &[
    (DirectoryProperty::Id, "id", ValueKind::Text),
    (DirectoryProperty::Username, "username", ValueKind::Text),
    (DirectoryProperty::Password, "password", ValueKind::Text),
    (DirectoryProperty::FirstName, "firstname", ValueKind::Text),
    (DirectoryProperty::LastName, "lastname", ValueKind::Text),
    (DirectoryProperty::MiddleName, "middlename", ValueKind::Text),
    (
        DirectoryProperty::DisplayName,
        "displayname",
        ValueKind::Text,
    ),
    (DirectoryProperty::Email, "email", ValueKind::Text),
    (DirectoryProperty::Active, "active", ValueKind::Bool),
    (DirectoryProperty::Suspended, "suspended", ValueKind::Bool),
    (
        DirectoryProperty::PasswordExpired,
        "passwordExpired",
        ValueKind::Bool,
    ),
    (DirectoryProperty::Title, "title", ValueKind::Text),
    (DirectoryProperty::WorkPhone, "workPhone", ValueKind::Text),
    (
        DirectoryProperty::MobilePhone,
        "mobilePhone",
        ValueKind::Text,
    ),
    (DirectoryProperty::Fax, "fax", ValueKind::Text),
    (DirectoryProperty::Phone, "phone", ValueKind::Text),
    (
        DirectoryProperty::PhoneNumbers,
        "phoneNumbers",
        ValueKind::PhoneList,
    ),
    (
        DirectoryProperty::Addresses,
        "addresses",
        ValueKind::AddressList,
    ),
    (
        DirectoryProperty::EmployeeIdentifier,
        "employeeIdentifier",
        ValueKind::Text,
    ),
    (DirectoryProperty::Department, "department", ValueKind::Text),
    (DirectoryProperty::CostCenter, "costcenter", ValueKind::Text),
    (DirectoryProperty::Company, "company", ValueKind::Text),
    (DirectoryProperty::Division, "division", ValueKind::Text),
    (DirectoryProperty::Manager, "manager", ValueKind::Text),
    (DirectoryProperty::Roles, "roles", ValueKind::TextList),
    (DirectoryProperty::Timezone, "timezone", ValueKind::Text),
    (DirectoryProperty::Locale, "locale", ValueKind::Text),
    (DirectoryProperty::UserType, "usertype", ValueKind::Text),
    (DirectoryProperty::GroupName, "group name", ValueKind::Text),
];

/// Other spellings `FromStr` accepts for named properties.
const ALIASES: &[(&str, DirectoryProperty)] = &[
    ("jobTitle", DirectoryProperty::Title),
    ("company email", DirectoryProperty::Email),
    ("companyEmail", DirectoryProperty::Email),
    ("groupName", DirectoryProperty::GroupName),
];

impl DirectoryProperty {
    /// A custom property with a static name, usable in `const` tables.
    ///
    /// A name equal to a named property's text form (ignoring case) still
    /// makes a custom property; prefer the named variant.
    pub const fn custom_static(name: &'static str) -> DirectoryProperty {
        DirectoryProperty::Custom(Cow::Borrowed(name))
    }

    /// The property named `name`: a named variant if `name` is one's text
    /// form or alias (ignoring ASCII case), else a custom property.
    pub fn custom(name: impl Into<Cow<'static, str>>) -> DirectoryProperty {
        let name = name.into();
        match DirectoryProperty::named(&name) {
            Some(p) => p,
            None => DirectoryProperty::Custom(name),
        }
    }

    fn named(name: &str) -> Option<DirectoryProperty> {
        NAMED
            .iter()
            .find(|(_, text, _)| text.eq_ignore_ascii_case(name))
            .map(|(p, _, _)| p.clone())
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(text, _)| text.eq_ignore_ascii_case(name))
                    .map(|(_, p)| p.clone())
            })
    }

    /// Every named property, in declaration order.
    pub fn all_named() -> impl Iterator<Item = &'static DirectoryProperty> {
        NAMED.iter().map(|(p, _, _)| p)
    }

    /// The text form, for example `firstname` or `group name`.
    pub fn as_str(&self) -> &str {
        match self {
            DirectoryProperty::Custom(name) => name,
            named => NAMED
                .iter()
                .find(|(p, _, _)| p == named)
                .map_or("", |(_, text, _)| text),
        }
    }

    /// The JSON value the property holds.
    pub fn kind(&self) -> ValueKind {
        match self {
            DirectoryProperty::Custom(_) => ValueKind::Any,
            named => NAMED
                .iter()
                .find(|(p, _, _)| p == named)
                .map_or(ValueKind::Any, |(_, _, kind)| *kind),
        }
    }

    /// The SCIM attribute this property naturally corresponds to, used to
    /// report a property a profile declares unsupported (such as
    /// `manager`, which is the enterprise extension's `manager`).
    pub fn natural_scim_attribute(&self) -> Option<&'static str> {
        use DirectoryProperty as P;
        Some(match self {
            P::Id => "externalId",
            P::Username => "userName",
            P::Password => "password",
            P::FirstName => "name.givenName",
            P::LastName => "name.familyName",
            P::MiddleName => "name.middleName",
            P::DisplayName | P::GroupName => "displayName",
            P::Email => "emails",
            P::Active | P::Suspended | P::PasswordExpired => "active",
            P::Title => "title",
            P::WorkPhone | P::MobilePhone | P::Fax | P::Phone | P::PhoneNumbers => "phoneNumbers",
            P::Addresses => "addresses",
            P::EmployeeIdentifier => {
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"
            }
            P::Department => {
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
            }
            P::CostCenter => {
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"
            }
            P::Company => "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization",
            P::Division => "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
            P::Manager => "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            P::Roles => "roles",
            P::Timezone => "timezone",
            P::Locale => "locale",
            P::UserType => "userType",
            P::Custom(_) => return None,
        })
    }

    /// Whether values of this property are secret (kept out of `Debug`).
    pub fn is_secret(&self) -> bool {
        matches!(self, DirectoryProperty::Password)
    }
}

impl fmt::Display for DirectoryProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DirectoryProperty {
    type Err = DirectoryError;

    /// Reads a text form or alias ignoring ASCII case; any other non-empty
    /// name is a [`DirectoryProperty::Custom`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(DirectoryError::EmptyName);
        }
        Ok(DirectoryProperty::custom(s.to_owned()))
    }
}

/// A value that does not fit its directory property.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// A property name was empty.
    #[error("a directory property name is empty")]
    EmptyName,
    /// The value is not of the kind the property holds.
    #[error("directory property `{property}` holds {expected}, not {found}")]
    WrongKind {
        /// The property.
        property: DirectoryProperty,
        /// The kind it holds.
        expected: ValueKind,
        /// What was given, described (the value itself is not repeated).
        found: &'static str,
    },
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn all_strings<'a>(mut keys: impl Iterator<Item = (&'a String, &'a Value)>) -> bool {
    keys.all(|(k, v)| v.is_string() || (k == "primary" && v.is_boolean()))
}

fn fits(kind: ValueKind, value: &Value) -> bool {
    match kind {
        ValueKind::Text => value.is_string(),
        ValueKind::Bool => value.is_boolean(),
        ValueKind::TextList => value
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string)),
        ValueKind::PhoneList | ValueKind::AddressList => value.as_array().is_some_and(|a| {
            a.iter()
                .all(|e| e.as_object().is_some_and(|o| all_strings(o.iter())))
        }),
        ValueKind::Any => true,
    }
}

/// One user (or group) as a directory sees it: a map from
/// [`DirectoryProperty`] to a JSON value, plus the names of the directory
/// groups the user belongs to.
///
/// Properties are keyed by the [`DirectoryProperty`] enum, so a typo in a
/// built-in property name is a compile error; profiles defined at run time
/// use [`DirectoryProperty::Custom`]. Each value is checked against the
/// property's [`ValueKind`] when it is set (JSON `null` counts as absent).
///
/// The user is the whole truth for the mapped properties: when a target
/// resource is updated from it, a mapped property that is absent removes
/// the target's value, except for attributes a profile declares
/// explicit-only (monday.com `userType`) and the password, which servers
/// never return. To leave an attribute alone, exclude its row from the
/// [`Selection`](crate::Selection).
///
/// `Debug` never shows the values of secret properties (the password).
///
/// ```
/// use scim_profiles::{DirectoryProperty as P, DirectoryUser};
///
/// let mut user = DirectoryUser::new();
/// user.set(P::Username, "bjensen@example.com")?
///     .set(P::FirstName, "Barbara")?
///     .set(P::Active, true)?
///     .set(P::Password, "s3cret!")?;
/// user.add_group("Licensed users");
/// assert_eq!(user.text(&P::FirstName), Some("Barbara"));
/// assert!(!format!("{user:?}").contains("s3cret"));
/// assert!(user.set(P::Active, "yes").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct DirectoryUser {
    properties: BTreeMap<DirectoryProperty, Value>,
    groups: Vec<String>,
}

impl DirectoryUser {
    /// A user with no properties and no groups.
    pub fn new() -> DirectoryUser {
        DirectoryUser::default()
    }

    /// Sets a property, replacing any earlier value; `null` removes it.
    ///
    /// # Errors
    ///
    /// [`DirectoryError::WrongKind`] if the value is not of the property's
    /// [`ValueKind`]; the user is left unchanged.
    pub fn set(
        &mut self,
        property: DirectoryProperty,
        value: impl Into<Value>,
    ) -> Result<&mut DirectoryUser, DirectoryError> {
        let value = value.into();
        if value.is_null() {
            self.properties.remove(&property);
            return Ok(self);
        }
        let kind = property.kind();
        if !fits(kind, &value) {
            return Err(DirectoryError::WrongKind {
                found: describe(&value),
                property,
                expected: kind,
            });
        }
        self.properties.insert(property, value);
        Ok(self)
    }

    /// [`set`](Self::set) by value, for building a user in one expression.
    ///
    /// # Errors
    ///
    /// As [`set`](Self::set).
    pub fn with(
        mut self,
        property: DirectoryProperty,
        value: impl Into<Value>,
    ) -> Result<DirectoryUser, DirectoryError> {
        self.set(property, value)?;
        Ok(self)
    }

    /// Removes a property, returning its value.
    pub fn remove(&mut self, property: &DirectoryProperty) -> Option<Value> {
        self.properties.remove(property)
    }

    /// The value of a property.
    pub fn get(&self, property: &DirectoryProperty) -> Option<&Value> {
        self.properties.get(property)
    }

    /// The value of a property if it is a string.
    pub fn text(&self, property: &DirectoryProperty) -> Option<&str> {
        self.get(property).and_then(Value::as_str)
    }

    /// The value of a property if it is a boolean.
    pub fn flag(&self, property: &DirectoryProperty) -> Option<bool> {
        self.get(property).and_then(Value::as_bool)
    }

    /// Whether the property is set.
    pub fn contains(&self, property: &DirectoryProperty) -> bool {
        self.properties.contains_key(property)
    }

    /// The properties set, in a stable order.
    pub fn properties(&self) -> impl Iterator<Item = (&DirectoryProperty, &Value)> {
        self.properties.iter()
    }

    /// How many properties are set.
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// Whether the user is active: `active` (true when absent) and not
    /// `suspended` and not `passwordExpired`.
    ///
    /// This is the value every profile sends as SCIM `active`: a user the
    /// directory suspended, or whose password expired, is sent as inactive.
    ///
    /// ```
    /// use scim_profiles::{DirectoryProperty as P, DirectoryUser};
    ///
    /// let mut user = DirectoryUser::new();
    /// assert!(user.effective_active());
    /// user.set(P::PasswordExpired, true)?;
    /// assert!(!user.effective_active());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn effective_active(&self) -> bool {
        self.flag(&DirectoryProperty::Active).unwrap_or(true)
            && !self.flag(&DirectoryProperty::Suspended).unwrap_or(false)
            && !self
                .flag(&DirectoryProperty::PasswordExpired)
                .unwrap_or(false)
    }

    /// Adds the name of a directory group the user belongs to (kept once).
    pub fn add_group(&mut self, name: impl Into<String>) -> &mut DirectoryUser {
        let name = name.into();
        if !self.groups.contains(&name) {
            self.groups.push(name);
        }
        self
    }

    /// Removes a directory group; whether the user was in it.
    pub fn remove_group(&mut self, name: &str) -> bool {
        let before = self.groups.len();
        self.groups.retain(|g| g != name);
        self.groups.len() != before
    }

    /// The names of the directory groups the user belongs to, in the order
    /// they were added.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
}

impl fmt::Debug for DirectoryUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Props<'a>(&'a BTreeMap<DirectoryProperty, Value>);
        impl fmt::Debug for Props<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut m = f.debug_map();
                for (k, v) in self.0 {
                    if k.is_secret() {
                        m.entry(&k.as_str(), &"<redacted>");
                    } else {
                        m.entry(&k.as_str(), v);
                    }
                }
                m.finish()
            }
        }
        f.debug_struct("DirectoryUser")
            .field("properties", &Props(&self.properties))
            .field("groups", &self.groups)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_forms_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for p in DirectoryProperty::all_named() {
            assert!(seen.insert(p.as_str().to_ascii_lowercase()), "{p}");
            assert_eq!(&p.as_str().parse::<DirectoryProperty>().unwrap(), p);
            assert_eq!(
                &p.as_str()
                    .to_ascii_uppercase()
                    .parse::<DirectoryProperty>()
                    .unwrap(),
                p
            );
            assert!(p.natural_scim_attribute().is_some(), "{p}");
        }
        for (alias, p) in ALIASES {
            assert!(!seen.contains(&alias.to_ascii_lowercase()), "{alias}");
            assert_eq!(&alias.parse::<DirectoryProperty>().unwrap(), p);
        }
        assert_eq!(
            "".parse::<DirectoryProperty>(),
            Err(DirectoryError::EmptyName)
        );
    }

    #[test]
    fn values_are_checked_against_the_kind() {
        let mut u = DirectoryUser::new();
        assert!(u.set(DirectoryProperty::Active, true).is_ok());
        let err = u.set(DirectoryProperty::Active, "true").unwrap_err();
        assert_eq!(
            err.to_string(),
            "directory property `active` holds a boolean, not a string"
        );
        assert_eq!(u.flag(&DirectoryProperty::Active), Some(true));
        assert!(
            u.set(
                DirectoryProperty::PhoneNumbers,
                json!([{"type": "work", "number": "+1 555"}])
            )
            .is_ok()
        );
        assert!(
            u.set(
                DirectoryProperty::PhoneNumbers,
                json!([{"type": "work", "number": 5}])
            )
            .is_err()
        );
        assert!(
            u.set(
                DirectoryProperty::Addresses,
                json!([{"type": "work", "locality": "Paris", "primary": true}])
            )
            .is_ok()
        );
        assert!(u.set(DirectoryProperty::Roles, json!(["a", 1])).is_err());
        assert!(
            u.set(DirectoryProperty::custom("badge"), json!({"x": [1]}))
                .is_ok()
        );
    }

    #[test]
    fn debug_hides_the_password() {
        let u = DirectoryUser::new()
            .with(DirectoryProperty::Password, "hunter2")
            .unwrap()
            .with(DirectoryProperty::Username, "bob")
            .unwrap();
        let shown = format!("{u:?}");
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("bob"));
    }

    #[test]
    fn groups_are_kept_once_in_order() {
        let mut u = DirectoryUser::new();
        u.add_group("b").add_group("a").add_group("b");
        assert_eq!(u.groups(), ["b", "a"]);
        assert!(u.remove_group("b"));
        assert!(!u.remove_group("b"));
        assert_eq!(u.groups(), ["a"]);
    }
}
