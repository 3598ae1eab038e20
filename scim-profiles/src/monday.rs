//! monday.com: users and teams; `active` and `userType` change only by
//! PATCH.
//!
//! # Base URL
//!
//! `https://<subdomain>.monday.com/scim/v2/`, where the subdomain is the
//! account's URL name (`myaccount` for `myaccount.monday.com`): one DNS
//! label of letters, digits and `-`, lowercased.
//!
//! ```
//! use scim_profiles::monday::Subdomain;
//!
//! let sub = Subdomain::new("MyAccount")?;
//! assert_eq!(sub.base_url().as_str(), "https://myaccount.monday.com/scim/v2/");
//! assert!(Subdomain::new("myaccount.monday.com").is_err());
//! assert!(Subdomain::new("my account").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Authentication
//!
//! `Authorization: Bearer <token>`, with the token generated under
//! *Admin → Security → SCIM*.
//!
//! # Attribute mapping
//!
//! | Directory property | SCIM attribute | monday.com field | |
//! |---|---|---|---|
//! | `username` | `userName` | Email (sign-in) | required |
//! | `email` (company email) | `emails` | Email | required |
//! | `active` | `active` | Active / deactivated | required |
//! | `title` | `title` | Title | optional |
//! | `timezone` | `timezone` | Time zone | optional |
//! | `locale` | `locale` | Language | optional |
//! | `phone` | `phoneNumbers.value` | Phone | optional |
//! | `addresses` (`type`, `streetAddress`, `locality`, `region`, `postalCode`, `country`) | `addresses` | Location | optional |
//! | `usertype` | `userType` | User type | optional |
//! | `group name` (Group, a monday "Team") | `displayName` | Team name | required |
//!
//! # Rules
//!
//! * **`active` and `userType` change only through PATCH**: a `PUT` body
//!   must not carry them, and changes to them go as PATCH operations.
//! * **`userType`** is one of `admin`, `member`, `viewer`, `guest`
//!   ([`USER_TYPES`]), and is sent only when the caller sets it: otherwise
//!   monday.com applies its default, and a missing value never removes it.
//! * **`userName` and e-mail addresses are lowercase**: they are sent
//!   lowercased.
//! * **Lists show only what SCIM created**: `GET /Users` and `GET /Groups`
//!   return only SCIM-provisioned users and teams unless
//!   `scim_provisioned_only=false` is sent, which this profile adds to every
//!   list request.
//! * `startIndex` is 1-based, as RFC 7644 says.
//! * Deprovisioning deactivates (`active: false`); the user can be
//!   reactivated. Users are not deleted. Teams can be created, renamed and
//!   deleted. Lookups: users by `userName`, teams by `displayName`. No bulk.
//!
//! # Uncertainties
//!
//! * Whether monday.com honours `DELETE /Users/{id}`: the profile does not
//!   use it.
//! * Page size: not documented; the profile asks for none and pages as
//!   the server answers.
//! * `displayName`: Microsoft Entra's monday.com tutorial marks it as
//!   required by monday.com, and monday.com's own Okta article says the
//!   name may not contain special characters. The mapping table here has
//!   no display name row, so a create body carries none; a variant that
//!   sends one is a row away:
//!
//! ```
//! use scim_profiles::{DirectoryProperty as P, DirectoryUser, Mapping, ProfileBuilder};
//! use scim_profiles::{ScimPath, Selection, monday};
//!
//! let named = ProfileBuilder::from_profile(&monday::PROFILE)
//!     .mapping(Mapping::optional(P::DisplayName, ScimPath::from_static("displayName"), "Name"))
//!     .build()?;
//! let user = DirectoryUser::new()
//!     .with(P::Username, "bjensen@example.com")?
//!     .with(P::Email, "bjensen@example.com")?
//!     .with(P::DisplayName, "Barbara Jensen")?;
//! let body = Selection::new(&named).shaper().create(&user)?.body;
//! assert_eq!(body["displayName"], "Barbara Jensen");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! * Passwords: monday.com's Okta article lists changing a user's
//!   password among the capabilities; its SCIM API article does not, and
//!   this profile never sends one.
//! * Entra's connector also maps `roles`; this profile does not.
//!
//! # Sources
//!
//! Checked against these public pages (as stored in December 2026):
//!
//! * Base URL, bearer token, supported capabilities (users, teams, team
//!   rename, deprovisioning deactivates): monday.com's SCIM API article
//!   (<https://support.monday.com/hc/en-us/articles/360021893619-SCIM-Provisioning-API>).
//! * `active` and `userType` only through PATCH, 1-based `startIndex`,
//!   `userType` left to monday.com's default: JumpCloud's monday.com
//!   article (<https://jumpcloud.com/support/integrate-with-monday-com>).
//! * `userType` values `admin`, `member`, `viewer`, `guest`; users matched
//!   by `userName` and teams by `displayName`: Microsoft Entra's monday.com
//!   tutorial
//!   (<https://learn.microsoft.com/en-us/entra/identity/saas-apps/mondaycom-provisioning-tutorial>).
//! * Lowercase e-mail: monday.com's Okta article
//!   (<https://support.monday.com/hc/en-us/articles/360015819239-SCIM-Provisioning-of-Users-and-Teams-with-OKTA>).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use url::Url;

use crate::directory::DirectoryProperty as P;
use crate::mapping::{Mapping, ScimPath};
use crate::profile::{
    AllowedValues, AuthScheme, Capabilities, Deprovision, FilterSupport, PasswordRule, Profile,
    QueryParam, RoleRule, Rules, UpdateMethod,
};
use crate::site::{BaseUrlError, check_label};

/// A monday.com account's subdomain: one DNS label, lowercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Subdomain(String);

impl Subdomain {
    /// Checks a subdomain.
    ///
    /// # Errors
    ///
    /// A [`BaseUrlError`] if it is empty, longer than 63 characters,
    /// contains a dot (give `myaccount`, not `myaccount.monday.com`) or a
    /// character other than letters, digits and `-`, or starts or ends with
    /// `-`. Uppercase letters are lowercased.
    pub fn new(name: &str) -> Result<Subdomain, BaseUrlError> {
        check_label(name, "subdomain").map(Subdomain)
    }

    /// The subdomain.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base URL, `https://<subdomain>.monday.com/scim/v2/`.
    pub fn base_url(&self) -> Url {
        let text = format!("https://{}.monday.com/scim/v2/", self.0);
        // Built from constants and a checked DNS label, so it always parses.
        #[allow(clippy::expect_used)]
        crate::site::built(&text).expect("a monday.com base URL built from checked parts")
    }
}

impl fmt::Display for Subdomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Subdomain {
    type Err = BaseUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Subdomain::new(s)
    }
}

/// The values monday.com allows for `userType`.
pub const USER_TYPES: &[Cow<'static, str>] = &[
    Cow::Borrowed("admin"),
    Cow::Borrowed("member"),
    Cow::Borrowed("viewer"),
    Cow::Borrowed("guest"),
];

/// The list parameter that makes monday.com list users and teams not
/// created by SCIM too.
pub const LIST_ALL: QueryParam = QueryParam::new("scim_provisioned_only", "false");

/// The monday.com profile.
pub static PROFILE: Profile = Profile {
    name: Cow::Borrowed("monday"),
    display_name: Cow::Borrowed("monday.com"),
    base_url_template: Cow::Borrowed("https://<subdomain>.monday.com/scim/v2/"),
    auth: Cow::Borrowed(&[AuthScheme::Bearer]),
    capabilities: Capabilities {
        create_users: true,
        update_users: true,
        deactivate_users: true,
        delete_users: false,
        groups: true,
        group_rename: true,
        patch: true,
        put: true,
        preferred_update: UpdateMethod::Patch,
        bulk: false,
        user_lookup: Cow::Borrowed(&[ScimPath::from_static("userName")]),
        group_lookup: Cow::Borrowed(&[ScimPath::from_static("displayName")]),
        filters: FilterSupport::LookupsOnly,
        page_size: None,
        list_params: Cow::Borrowed(&[LIST_ALL]),
    },
    mappings: Cow::Borrowed(&[
        Mapping::required(
            P::Username,
            ScimPath::from_static("userName"),
            "Email (sign-in)",
        ),
        Mapping::required(P::Email, ScimPath::from_static("emails"), "Email"),
        Mapping::required(P::Active, ScimPath::from_static("active"), "Active"),
        Mapping::optional(P::Title, ScimPath::from_static("title"), "Title"),
        Mapping::optional(P::Timezone, ScimPath::from_static("timezone"), "Time zone"),
        Mapping::optional(P::Locale, ScimPath::from_static("locale"), "Language"),
        Mapping::optional(
            P::Phone,
            ScimPath::from_static("phoneNumbers.value"),
            "Phone",
        ),
        Mapping::optional(P::Addresses, ScimPath::from_static("addresses"), "Location"),
        Mapping::optional(P::UserType, ScimPath::from_static("userType"), "User type"),
        Mapping::required(
            P::GroupName,
            ScimPath::from_static("displayName"),
            "Team name",
        )
        .for_group(),
    ]),
    unsupported: Cow::Borrowed(&[]),
    rules: Rules {
        deprovision: Deprovision::Deactivate,
        put_forbidden: Cow::Borrowed(&[
            ScimPath::from_static("active"),
            ScimPath::from_static("userType"),
        ]),
        lowercase: Cow::Borrowed(&[
            ScimPath::from_static("userName"),
            ScimPath::from_static("emails"),
        ]),
        allowed_values: Cow::Borrowed(&[AllowedValues::new(
            ScimPath::from_static("userType"),
            USER_TYPES,
        )]),
        explicit_only: Cow::Borrowed(&[ScimPath::from_static("userType")]),
        roles: RoleRule::None,
        password: PasswordRule::Never,
        start_index: 1,
        known_errors: Cow::Borrowed(&[]),
    },
    closed: true,
};
