//! SparkPost: users only, one role per user, deprovisioning removes.
//!
//! # Base URL
//!
//! | Hosting | URL |
//! |---|---|
//! | US | `https://api.sparkpost.com/api/v1/users/scim/v2/` |
//! | EU | `https://api.eu.sparkpost.com/api/v1/users/scim/v2/` |
//! | Enterprise | `https://<tenant>.api.e.sparkpost.com/api/v1/users/scim/v2/` |
//!
//! The tenant is a single DNS label (letters, digits, `-`; lowercased). The
//! URLs built here end with `/` so that `Url::join("Users")` appends.
//!
//! ```
//! use scim_profiles::sparkpost::{Site, Tenant};
//!
//! assert_eq!(Site::Us.base_url().as_str(), "https://api.sparkpost.com/api/v1/users/scim/v2/");
//! let ent = Site::Enterprise(Tenant::new("Acme")?);
//! assert_eq!(ent.base_url().as_str(), "https://acme.api.e.sparkpost.com/api/v1/users/scim/v2/");
//! assert!(Tenant::new("acme.api.e.sparkpost.com").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Authentication
//!
//! The SCIM token is generated under *Account Settings → Single Sign-On*.
//! The default is `Authorization: Bearer <token>`
//! ([`AuthScheme::Bearer`]); [`AuthScheme::RawAuthorization`]
//! (`Authorization: <token>`) is offered too. **Uncertain:** SparkPost's REST
//! API takes its API keys raw in the `Authorization` header, and the SCIM
//! token is such a key; identity providers configure it as a bearer token.
//! If one form is refused with 401, try the other.
//!
//! # Attribute mapping
//!
//! | Directory property | SCIM attribute | SparkPost field | |
//! |---|---|---|---|
//! | `username` | `userName` | Username (e-mail) | required |
//! | `email` (company email) | `emails` | Email | required |
//! | `active` | `active` | Active | required |
//! | `firstname` | `name.givenName` | First name | optional |
//! | `lastname` | `name.familyName` | Last name | optional |
//!
//! Users only: SparkPost has no `/Groups`. Never sent: multi-valued `roles`
//! and `groups` (see the role rule).
//!
//! # Rules
//!
//! * **Deprovisioning removes the user.** Deactivating a user (`active:
//!   false`) removes it from SparkPost ([`Deprovision::DeactivationDeletes`]);
//!   reactivating means creating it again.
//! * **One role per user**, in the single-valued attribute `role`, one of
//!   `admin`, `developer`, `templates`, `reporting` ([`ROLES`]), instead of
//!   multi-valued `roles`.
//! * **A user created without a role is a `reporting` user**
//!   ([`DEFAULT_ROLE`]). A connector that sends no role (no
//!   [`Shaper::with_roles`](crate::Shaper::with_roles)) therefore creates
//!   reporting users and leaves the role of existing users alone.
//! * No groups, no bulk.
//!
//! # Uncertainties
//!
//! * The authentication form (see above).
//! * Whether SparkPost also honours `DELETE /Users/{id}`: the profile allows
//!   it, but deprovisions with `active: false` as the vendor's identity
//!   provider integration does.
//! * The update method (PATCH preferred, PUT accepted) and the page size
//!   are not documented; the profile asks for no page size.
//! * SparkPost's user guide now also has a `custom` role with chosen
//!   permissions; its SCIM article lists only the four roles of
//!   [`ROLES`], so `custom` is left out.
//!
//! # Sources
//!
//! Checked against these public pages (as stored in December 2026):
//!
//! * Base URLs, the token under *Account Settings → Single Sign-On*,
//!   users only, deactivation removing the user, the four role values, the
//!   `reporting` default and the `role` attribute in the core User
//!   namespace: SparkPost's SCIM article
//!   (<https://support.sparkpost.com/docs/my-account-and-profile/scim>);
//!   also JumpCloud's SparkPost article
//!   (<https://jumpcloud.com/support/integrate-with-sparkpost>).
//! * What each role may do: SparkPost's user management guide
//!   (<https://support.sparkpost.com/docs/user-guide/managing-users>).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::directory::DirectoryProperty as P;
use crate::mapping::{Mapping, ScimPath, Unsupported};
use crate::profile::{
    AllowedValues, AuthScheme, Capabilities, Deprovision, FilterSupport, PasswordRule, Profile,
    RoleRule, Rules, UpdateMethod,
};
use crate::site::{BaseUrlError, check_label};

/// A SparkPost Enterprise tenant name: one DNS label, lowercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tenant(String);

impl Tenant {
    /// Checks a tenant name.
    ///
    /// # Errors
    ///
    /// A [`BaseUrlError`] if the name is empty, longer than 63 characters,
    /// contains a dot or a character other than letters, digits and `-`, or
    /// starts or ends with `-`. Uppercase letters are lowercased.
    pub fn new(name: &str) -> Result<Tenant, BaseUrlError> {
        check_label(name, "tenant").map(Tenant)
    }

    /// The tenant name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tenant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Tenant {
    type Err = BaseUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tenant::new(s)
    }
}

/// Where a SparkPost account's SCIM API lives.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Site {
    /// US hosting, `api.sparkpost.com`.
    Us,
    /// EU hosting, `api.eu.sparkpost.com`.
    Eu,
    /// SparkPost Enterprise, `<tenant>.api.e.sparkpost.com`.
    Enterprise(Tenant),
}

impl Site {
    /// The base URL, ending with `/`.
    pub fn base_url(&self) -> Url {
        let text = match self {
            Site::Us => "https://api.sparkpost.com/api/v1/users/scim/v2/".to_owned(),
            Site::Eu => "https://api.eu.sparkpost.com/api/v1/users/scim/v2/".to_owned(),
            Site::Enterprise(t) => {
                format!("https://{t}.api.e.sparkpost.com/api/v1/users/scim/v2/")
            }
        };
        // Built from constants and a checked DNS label, so it always parses.
        #[allow(clippy::expect_used)]
        crate::site::built(&text).expect("a SparkPost base URL built from checked parts")
    }
}

/// The values of SparkPost's single-valued `role` attribute.
pub const ROLES: &[Cow<'static, str>] = &[
    Cow::Borrowed("admin"),
    Cow::Borrowed("developer"),
    Cow::Borrowed("templates"),
    Cow::Borrowed("reporting"),
];

/// The role SparkPost gives a user created without one: `reporting`.
///
/// SparkPost's SCIM article says a user provisioned with no role is a
/// reporting user.
pub const DEFAULT_ROLE: &str = "reporting";

/// The SparkPost profile.
pub static PROFILE: Profile = Profile {
    name: Cow::Borrowed("sparkpost"),
    display_name: Cow::Borrowed("SparkPost"),
    base_url_template: Cow::Borrowed(
        "https://{api|api.eu|<tenant>.api.e}.sparkpost.com/api/v1/users/scim/v2/",
    ),
    auth: Cow::Borrowed(&[AuthScheme::Bearer, AuthScheme::RawAuthorization]),
    capabilities: Capabilities {
        create_users: true,
        update_users: true,
        deactivate_users: false,
        delete_users: true,
        groups: false,
        group_rename: false,
        patch: true,
        put: true,
        preferred_update: UpdateMethod::Patch,
        bulk: false,
        user_lookup: Cow::Borrowed(&[ScimPath::from_static("userName")]),
        group_lookup: Cow::Borrowed(&[]),
        filters: FilterSupport::LookupsOnly,
        page_size: None,
        list_params: Cow::Borrowed(&[]),
    },
    mappings: Cow::Borrowed(&[
        Mapping::required(
            P::Username,
            ScimPath::from_static("userName"),
            "Username (e-mail)",
        ),
        Mapping::required(P::Email, ScimPath::from_static("emails"), "Email"),
        Mapping::required(P::Active, ScimPath::from_static("active"), "Active"),
        Mapping::optional(
            P::FirstName,
            ScimPath::from_static("name.givenName"),
            "First name",
        ),
        Mapping::optional(
            P::LastName,
            ScimPath::from_static("name.familyName"),
            "Last name",
        ),
    ]),
    unsupported: Cow::Borrowed(&[
        Unsupported::user(
            ScimPath::from_static("roles"),
            "SparkPost has one single-valued `role` instead of `roles`",
        ),
        Unsupported::user(ScimPath::from_static("groups"), "SparkPost has no groups"),
    ]),
    rules: Rules {
        deprovision: Deprovision::DeactivationDeletes,
        put_forbidden: Cow::Borrowed(&[]),
        lowercase: Cow::Borrowed(&[]),
        allowed_values: Cow::Borrowed(&[]),
        explicit_only: Cow::Borrowed(&[]),
        roles: RoleRule::Single(AllowedValues::new(ScimPath::from_static("role"), ROLES)),
        password: PasswordRule::Never,
        start_index: 1,
        known_errors: Cow::Borrowed(&[]),
    },
    closed: true,
};
