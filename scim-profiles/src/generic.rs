//! A generic SCIM 2.0 target that behaves as RFC 7643 and RFC 7644 say.
//!
//! # Base URL
//!
//! Any absolute `https` URL (plain `http` only for `localhost`,
//! `127.0.0.1` or `[::1]`), without credentials, query or fragment; the
//! path is made to end with `/` so that `Url::join("Users")` appends.
//!
//! ```
//! use scim_profiles::generic;
//!
//! let url = generic::base_url("https://scim.example.com/v2")?;
//! assert_eq!(url.as_str(), "https://scim.example.com/v2/");
//! assert!(generic::base_url("http://scim.example.com/v2").is_err());
//! assert!(generic::base_url("https://scim.example.com/v2?token=x").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Authentication
//!
//! `Authorization: Bearer <token>` by default; the raw form
//! (`Authorization: <token>`) is accepted for targets keyed by an API key.
//!
//! # Attribute mapping
//!
//! | Directory property | SCIM attribute | Field | |
//! |---|---|---|---|
//! | `id` | `externalId` | External ID | required |
//! | `username` | `userName` | User name | required |
//! | `password` | `password` | Password (temporary on create) | optional |
//! | `firstname` | `name.givenName` | Given name | optional |
//! | `lastname` | `name.familyName` | Family name | optional |
//! | `middlename` | `name.middleName` | Middle name | optional |
//! | `displayname` | `displayName` | Display name | optional |
//! | `email` | `emails` (primary) | E-mail | required |
//! | `active` (not suspended and not password-expired) | `active` | Active | required |
//! | `addresses` | `addresses` | Addresses | optional |
//! | `phoneNumbers` (`type`, `number` → `value`) | `phoneNumbers` | Phone numbers | optional |
//! | `employeeIdentifier` | enterprise `employeeNumber` | Employee number | optional |
//! | `department` | enterprise `department` | Department | optional |
//! | `company` | enterprise `organization` | Organization | optional |
//! | `title` (`jobTitle`) | `title` | Title | optional |
//! | `group name` (Group) | `displayName` | Group name | required |
//!
//! # Rules
//!
//! * Deprovisioning deactivates (`active: false`); `DELETE` removes.
//! * `active` is sent as *not suspended and not password-expired*: a user
//!   whose directory account is suspended or whose password expired is
//!   sent as inactive.
//! * The password is sent in the create body, as a temporary password, and
//!   afterwards only when the caller says the directory password changed
//!   (a SCIM server never returns passwords, so no difference can show it).
//! * Updates by PATCH; PUT accepted. Lookups by `userName` and
//!   `displayName`. No bulk.
//!
//! Like every built-in profile it is closed (no attribute beyond this
//! table); build a variant with more rows with
//! [`ProfileBuilder::from_profile`](crate::ProfileBuilder::from_profile).

use std::borrow::Cow;

use url::Url;

use crate::directory::DirectoryProperty as P;
use crate::mapping::{Mapping, ScimPath};
use crate::profile::{AuthScheme, Capabilities, PasswordRule, Profile, Rules};
use crate::site::BaseUrlError;

/// Checks a target's base URL and makes its path end with `/`.
///
/// # Errors
///
/// A [`BaseUrlError`] if the text is not an absolute URL, does not use
/// `https` (or `http` to a loopback host), carries credentials, a query or a
/// fragment, or has no host.
pub fn base_url(text: &str) -> Result<Url, BaseUrlError> {
    crate::site::check_base_url(text)
}

const ENTERPRISE_EMPLOYEE_NUMBER: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber";
const ENTERPRISE_DEPARTMENT: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
const ENTERPRISE_ORGANIZATION: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization";

/// The generic SCIM target profile.
pub static PROFILE: Profile = Profile {
    name: Cow::Borrowed("generic"),
    display_name: Cow::Borrowed("Generic SCIM 2.0 target"),
    base_url_template: Cow::Borrowed("https://<host>/<path>/"),
    auth: Cow::Borrowed(&[AuthScheme::Bearer, AuthScheme::RawAuthorization]),
    capabilities: Capabilities::RFC,
    mappings: Cow::Borrowed(&[
        Mapping::required(P::Id, ScimPath::from_static("externalId"), "External ID"),
        Mapping::required(P::Username, ScimPath::from_static("userName"), "User name"),
        Mapping::optional(
            P::Password,
            ScimPath::from_static("password"),
            "Password (temporary on create)",
        ),
        Mapping::optional(
            P::FirstName,
            ScimPath::from_static("name.givenName"),
            "Given name",
        ),
        Mapping::optional(
            P::LastName,
            ScimPath::from_static("name.familyName"),
            "Family name",
        ),
        Mapping::optional(
            P::MiddleName,
            ScimPath::from_static("name.middleName"),
            "Middle name",
        ),
        Mapping::optional(
            P::DisplayName,
            ScimPath::from_static("displayName"),
            "Display name",
        ),
        Mapping::required(
            P::Email,
            ScimPath::from_static("emails"),
            "E-mail (primary)",
        ),
        Mapping::required(
            P::Active,
            ScimPath::from_static("active"),
            "Active (not suspended and not password-expired)",
        ),
        Mapping::optional(
            P::Addresses,
            ScimPath::from_static("addresses"),
            "Addresses",
        ),
        Mapping::optional(
            P::PhoneNumbers,
            ScimPath::from_static("phoneNumbers"),
            "Phone numbers (type, number)",
        ),
        Mapping::optional(
            P::EmployeeIdentifier,
            ScimPath::from_static(ENTERPRISE_EMPLOYEE_NUMBER),
            "Employee number",
        ),
        Mapping::optional(
            P::Department,
            ScimPath::from_static(ENTERPRISE_DEPARTMENT),
            "Department",
        ),
        Mapping::optional(
            P::Company,
            ScimPath::from_static(ENTERPRISE_ORGANIZATION),
            "Organization",
        ),
        Mapping::optional(P::Title, ScimPath::from_static("title"), "Title"),
        Mapping::required(
            P::GroupName,
            ScimPath::from_static("displayName"),
            "Group name",
        )
        .for_group(),
    ]),
    unsupported: Cow::Borrowed(&[]),
    rules: Rules {
        password: PasswordRule::OnCreateAndChange,
        ..Rules::RFC
    },
    closed: true,
};
