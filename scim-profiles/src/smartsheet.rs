//! Smartsheet: users and groups, no soft delete, seats from groups.
//!
//! # Base URL
//!
//! | Region | URL |
//! |---|---|
//! | US | `https://scim.smartsheet.com/<version>/` |
//! | EU | `https://scim.smartsheet.eu/<version>/` |
//!
//! The version is [`ApiVersion::V2`] by default. **Uncertain:** Okta's,
//! Microsoft Entra's and Smartsheet's own documentation give `v2`;
//! JumpCloud's Smartsheet article gives `v3`. Both are selectable
//! ([`ApiVersion::V3`]); try `v2` first. The URLs built here end with `/` so
//! that `Url::join("Users")` appends.
//!
//! ```
//! use scim_profiles::smartsheet::{ApiVersion, Region, Site};
//!
//! assert_eq!(Site::default().base_url().as_str(), "https://scim.smartsheet.com/v2/");
//! let eu = Site::new(Region::Eu).with_version(ApiVersion::V3);
//! assert_eq!(eu.base_url().as_str(), "https://scim.smartsheet.eu/v3/");
//! ```
//!
//! # Authentication
//!
//! `Authorization: Bearer <token>`, with the SCIM token Smartsheet issues.
//!
//! # Attribute mapping
//!
//! | Directory property | SCIM attribute | Smartsheet field | |
//! |---|---|---|---|
//! | `username` | `userName` | Email (sign-in) | required |
//! | `active` | `active` | Status | required |
//! | `title` | `title` | Title | optional |
//! | `firstname` | `name.givenName` | First name | optional |
//! | `lastname` | `name.familyName` | Last name | optional |
//! | `workPhone` | `phoneNumbers[type eq "work"]` | Work phone | optional |
//! | `mobilePhone` | `phoneNumbers[type eq "mobile"]` | Mobile phone | optional |
//! | `fax` | `phoneNumbers[type eq "fax"]` | Fax | optional |
//! | `email` (company email) | `emails` | Email | required |
//! | `employeeIdentifier` | `externalId` | External ID | optional |
//! | `department` | enterprise `department` | Department | optional |
//! | `costcenter` | enterprise `costCenter` | Cost center | optional |
//! | `group name` (Group) | `displayName` | Group name | required |
//!
//! Never sent (reported when provided): `roles` (roles come from the seat
//! mapping below, not from the directory), enterprise `manager` and
//! enterprise `division`. The last two are left out of the
//! directory-driven mapping, not refused by Smartsheet: Microsoft Entra's
//! Smartsheet connector maps both, as well as `roles`
//! (<https://learn.microsoft.com/en-us/entra/identity/saas-apps/smartsheet-provisioning-tutorial>).
//!
//! # Rules
//!
//! * **No soft delete.** Setting `active` to `false` deletes the user
//!   permanently ([`Deprovision::DeactivationDeletes`]): deprovisioning is
//!   destructive, and reactivating a user means creating it again.
//! * **"User account is inactive".** Smartsheet answers this when a
//!   reactivation or re-provisioning reaches a user it has removed, for
//!   instance when the provisioning settings were saved before the user
//!   reactivation feature existed; re-saving the provisioning settings and
//!   creating the user again is the documented way out.
//!   [`Profile::classify_error`](crate::Profile::classify_error) recognises
//!   it ([`USER_ACCOUNT_INACTIVE`], [`is_user_account_inactive`]).
//! * **Capabilities:** users are created, updated and removed; groups are
//!   supported; no bulk. Updates go by `PUT` (also accepted: `PATCH`).
//!
//! # Seats from groups
//!
//! As in Okta's Smartsheet Directory Integration, directory groups map to
//! role codes ([`SeatMapping`]), and roles to seats:
//!
//! | Role | Code | Seat |
//! |---|---|---|
//! | Licensed User | `LICENSED_USER` | Member |
//! | Group Admin | `GROUP_ADMIN` | Member |
//! | Resource Viewer | `RESOURCE_VIEWER` | Member |
//! | System Admin | `USER_ADMIN`, `PAYMENT_ADMIN`, `DATA_ADMIN` (and `SYSTEM_ADMIN`, as Smartsheet's own documentation names it) | Contributor |
//! | *(no mapped group)* | | Contributor |
//!
//! With several groups the most privileged seat wins. Contributor→Member,
//! Provisional Member→Member and Member→Contributor happen through
//! provisioning; every other change (to No Access, Provisional
//! Member→Contributor, Contributor→Provisional Member, …) is reported as
//! "act in Admin Center" ([`SeatChange::AdminCenter`]) and not attempted:
//! Provisional Members are upgraded, never downgraded automatically. Guests
//! are out of scope. Roles travel as `roles` entries whose `type` and
//! `value` are the code ([`SeatPlan::roles_to_send`] with
//! [`Shaper::with_roles`](crate::Shaper::with_roles)).
//!
//! ```
//! use scim_profiles::smartsheet::{self, RoleCode, Seat, SeatChange, SeatMapping};
//! use scim_profiles::{DirectoryProperty as P, DirectoryUser, Selection};
//!
//! let seats = SeatMapping::new().group("Smartsheet users", RoleCode::LicensedUser);
//! let mut user = DirectoryUser::new()
//!     .with(P::Username, "bjensen@example.com")?
//!     .with(P::Email, "bjensen@example.com")?;
//! user.add_group("Smartsheet users");
//!
//! let plan = seats.plan(&user, Some(Seat::Contributor));
//! assert_eq!(plan.change, SeatChange::Automatic { from: Seat::Contributor, to: Seat::Member });
//! let roles = plan.roles_to_send().unwrap();
//! let body = Selection::new(&smartsheet::PROFILE).shaper().with_roles(roles).create(&user)?.body;
//! assert_eq!(body["roles"][0]["value"], "LICENSED_USER");
//!
//! // A Provisional Member is never downgraded automatically.
//! let plan = seats.plan(&DirectoryUser::new(), Some(Seat::ProvisionalMember));
//! assert!(matches!(plan.change, SeatChange::AdminCenter { .. }));
//! assert_eq!(plan.roles_to_send(), None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Uncertainties
//!
//! * `v2` versus `v3` in the base URL (see above).
//! * Delete versus deactivate: JumpCloud documents that `active: false`
//!   deletes the user; Smartsheet's own product has since moved its
//!   administrators from deleting to deactivating users. This profile
//!   follows the SCIM integration documentation (delete) and declares it
//!   destructive, so a connector asks before deprovisioning.
//! * Group rename and the update method are not spelled out by the vendor
//!   articles; the profile assumes both `PUT` and `PATCH` work and that a
//!   group's `displayName` can change.
//! * Page size: not documented; the profile asks for none and pages as
//!   the server answers.
//! * Okta's older Smartsheet provisioning guide lists "reactivate users"
//!   among its features, although its deactivation deletes; the profile
//!   treats reactivation as creating the user again.
//! * In Smartsheet's User Subscription Model, a user created through
//!   provisioning starts as a Provisional Member (Smartsheet's Okta
//!   article); the seat plan only sees the seat the caller reports.
//!
//! # Sources
//!
//! Checked against these public pages (as stored in December 2026):
//!
//! * Base URLs with `v2`, bearer token: Okta's Smartsheet SCIM guide
//!   (<https://support.okta.com/help/s/article/smartsheet-scim-integration-guide>)
//!   and Microsoft Entra's Smartsheet tutorial
//!   (<https://learn.microsoft.com/en-us/entra/identity/saas-apps/smartsheet-provisioning-tutorial>),
//!   which also says `userName` is the attribute to filter on and that
//!   `active: false` deletes the user for good.
//! * No soft delete, groups supported, "User account is inactive":
//!   JumpCloud's Smartsheet article
//!   (<https://jumpcloud.com/support/integrate-with-smartsheet>); Okta's
//!   older guide also says deactivation deletes and that groups can be
//!   pushed
//!   (<http://saml-doc.okta.com/Provisioning_Docs/Smartsheet_Provisioning.html>).
//! * Seats from groups (Member for a licensed group, Contributor with no
//!   mapped group, the most privileged seat wins, Provisional Members
//!   upgraded but not downgraded): Smartsheet's Okta SCIM article
//!   (<https://help.smartsheet.com/articles/2482731-configure-Okta-SCIM>).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use url::Url;

mod seats;

pub use seats::{
    RoleCode, Seat, SeatAssignment, SeatChange, SeatMapping, SeatPlan, UnknownRoleCode, roles_of,
    seat_change, seat_of,
};

use crate::directory::DirectoryProperty as P;
use crate::mapping::{Mapping, ScimPath, Unsupported};
use crate::profile::{
    AuthScheme, Capabilities, Deprovision, FilterSupport, KnownError, PasswordRule, Profile,
    Remedy, RoleRule, Rules, UpdateMethod,
};

/// The Smartsheet region an account lives in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// `scim.smartsheet.com`.
    #[default]
    Us,
    /// `scim.smartsheet.eu`.
    Eu,
}

impl Region {
    fn host(self) -> &'static str {
        match self {
            Region::Us => "scim.smartsheet.com",
            Region::Eu => "scim.smartsheet.eu",
        }
    }
}

/// The version segment of the Smartsheet SCIM base URL.
///
/// `v2` is the default; see the [module docs](self) for why `v3` exists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `v2`, as Okta, Microsoft Entra and Smartsheet document.
    #[default]
    V2,
    /// `v3`, as JumpCloud documents.
    V3,
}

impl ApiVersion {
    /// `v2` or `v3`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V2 => "v2",
            ApiVersion::V3 => "v3",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names neither region nor version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown Smartsheet {what} `{text}` (expected {expected})")]
pub struct UnknownSiteText {
    what: &'static str,
    text: String,
    expected: &'static str,
}

impl UnknownSiteText {
    /// `text` given as a `what`, kept to its first 16 characters.
    fn new(what: &'static str, text: &str, expected: &'static str) -> UnknownSiteText {
        UnknownSiteText {
            what,
            text: text.chars().take(16).collect(),
            expected,
        }
    }
}

impl FromStr for ApiVersion {
    type Err = UnknownSiteText;

    /// `v2` or `v3`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("v2") {
            Ok(ApiVersion::V2)
        } else if s.eq_ignore_ascii_case("v3") {
            Ok(ApiVersion::V3)
        } else {
            Err(UnknownSiteText::new("API version", s, "`v2` or `v3`"))
        }
    }
}

impl FromStr for Region {
    type Err = UnknownSiteText;

    /// `us` or `eu`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("us") {
            Ok(Region::Us)
        } else if s.eq_ignore_ascii_case("eu") {
            Ok(Region::Eu)
        } else {
            Err(UnknownSiteText::new("region", s, "`us` or `eu`"))
        }
    }
}

/// Where a Smartsheet account's SCIM API lives: a region and a version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Site {
    /// The region.
    pub region: Region,
    /// The version segment.
    pub version: ApiVersion,
}

impl Site {
    /// The site of a region, with the default version `v2`.
    pub fn new(region: Region) -> Site {
        Site {
            region,
            version: ApiVersion::default(),
        }
    }

    /// The same site with another version.
    #[must_use]
    pub fn with_version(mut self, version: ApiVersion) -> Site {
        self.version = version;
        self
    }

    /// The base URL, ending with `/`.
    pub fn base_url(&self) -> Url {
        let text = format!("https://{}/{}/", self.region.host(), self.version);
        // Built from constant hosts and versions, so it always parses.
        #[allow(clippy::expect_used)]
        crate::site::built(&text).expect("a Smartsheet base URL built from constants")
    }
}

/// The "User account is inactive" error: Smartsheet answers it when a
/// reactivation or re-provisioning reaches a user it removed.
pub const USER_ACCOUNT_INACTIVE: KnownError = KnownError::new(
    "user-account-inactive",
    None,
    "User account is inactive",
    "Smartsheet has no soft delete: deactivating the user removed it, so it \
     cannot be reactivated. Create the user again; if the error persists, \
     re-save the provisioning settings (they may predate Smartsheet's user \
     reactivation feature).",
    Remedy::Recreate,
);

/// Whether `error` is Smartsheet's "User account is inactive".
pub fn is_user_account_inactive(error: &scim_core::ScimError) -> bool {
    USER_ACCOUNT_INACTIVE.matches(error)
}

const ENTERPRISE_DEPARTMENT: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
const ENTERPRISE_COST_CENTER: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter";

const MANAGER_NOT_MAPPED: &str =
    "the enterprise manager is not part of Smartsheet's directory-driven mapping";
const DIVISION_NOT_MAPPED: &str =
    "the enterprise division is not part of Smartsheet's directory-driven mapping";

/// The Smartsheet profile.
pub static PROFILE: Profile = Profile {
    name: Cow::Borrowed("smartsheet"),
    display_name: Cow::Borrowed("Smartsheet"),
    base_url_template: Cow::Borrowed("https://scim.smartsheet.{com|eu}/{v2|v3}/"),
    auth: Cow::Borrowed(&[AuthScheme::Bearer]),
    capabilities: Capabilities {
        create_users: true,
        update_users: true,
        deactivate_users: false,
        delete_users: true,
        groups: true,
        group_rename: true,
        patch: true,
        put: true,
        preferred_update: UpdateMethod::Put,
        bulk: false,
        user_lookup: Cow::Borrowed(&[ScimPath::from_static("userName")]),
        group_lookup: Cow::Borrowed(&[ScimPath::from_static("displayName")]),
        filters: FilterSupport::LookupsOnly,
        page_size: None,
        list_params: Cow::Borrowed(&[]),
    },
    mappings: Cow::Borrowed(&[
        Mapping::required(
            P::Username,
            ScimPath::from_static("userName"),
            "Email (sign-in)",
        ),
        Mapping::required(P::Active, ScimPath::from_static("active"), "Status"),
        Mapping::optional(P::Title, ScimPath::from_static("title"), "Title"),
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
        Mapping::optional(
            P::WorkPhone,
            ScimPath::from_static(r#"phoneNumbers[type eq "work"]"#),
            "Work phone",
        ),
        Mapping::optional(
            P::MobilePhone,
            ScimPath::from_static(r#"phoneNumbers[type eq "mobile"]"#),
            "Mobile phone",
        ),
        Mapping::optional(
            P::Fax,
            ScimPath::from_static(r#"phoneNumbers[type eq "fax"]"#),
            "Fax",
        ),
        Mapping::required(P::Email, ScimPath::from_static("emails"), "Email"),
        Mapping::optional(
            P::EmployeeIdentifier,
            ScimPath::from_static("externalId"),
            "External ID",
        ),
        Mapping::optional(
            P::Department,
            ScimPath::from_static(ENTERPRISE_DEPARTMENT),
            "Department",
        ),
        Mapping::optional(
            P::CostCenter,
            ScimPath::from_static(ENTERPRISE_COST_CENTER),
            "Cost center",
        ),
        Mapping::required(
            P::GroupName,
            ScimPath::from_static("displayName"),
            "Group name",
        )
        .for_group(),
    ]),
    unsupported: Cow::Borrowed(&[
        Unsupported::user(
            ScimPath::from_static("roles"),
            "Smartsheet roles come from the group-to-seat mapping, not from the directory",
        ),
        // Smartsheet accepts an enterprise manager and division (Microsoft
        // Entra's Smartsheet connector sends both); they are only outside
        // the directory-driven mapping this profile follows.
        Unsupported::user(
            ScimPath::from_static(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            ),
            MANAGER_NOT_MAPPED,
        ),
        Unsupported::user(
            ScimPath::from_static(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
            ),
            DIVISION_NOT_MAPPED,
        ),
    ]),
    rules: Rules {
        deprovision: Deprovision::DeactivationDeletes,
        put_forbidden: Cow::Borrowed(&[]),
        lowercase: Cow::Borrowed(&[]),
        allowed_values: Cow::Borrowed(&[]),
        explicit_only: Cow::Borrowed(&[]),
        roles: RoleRule::CodedRoles,
        password: PasswordRule::Never,
        start_index: 1,
        known_errors: Cow::Borrowed(&[USER_ACCOUNT_INACTIVE]),
    },
    closed: true,
};
