//! Smartsheet seats from directory groups (the Okta Directory Integration
//! model).

use std::fmt;
use std::str::FromStr;

use crate::directory::DirectoryUser;

/// A Smartsheet seat, from least to most access.
///
/// Guests are out of scope: they are not provisioned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Seat {
    /// No access to the plan.
    NoAccess,
    /// A contributor: can work on what is shared with them.
    Contributor,
    /// A provisional member: a member seat given for a limited time.
    ProvisionalMember,
    /// A member: a paid seat.
    Member,
}

impl Seat {
    /// The seat's name as Smartsheet writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::NoAccess => "No Access",
            Seat::Contributor => "Contributor",
            Seat::ProvisionalMember => "Provisional Member",
            Seat::Member => "Member",
        }
    }
}

impl fmt::Display for Seat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Smartsheet role code, sent as a `roles` entry whose `type` and
/// `value` are the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RoleCode {
    /// `LICENSED_USER`: Licensed User; a Member seat.
    LicensedUser,
    /// `GROUP_ADMIN`: Group Admin; a Member seat.
    GroupAdmin,
    /// `RESOURCE_VIEWER`: Resource Viewer; a Member seat.
    ResourceViewer,
    /// `USER_ADMIN`: System Admin (user administration); a Contributor seat.
    UserAdmin,
    /// `PAYMENT_ADMIN`: System Admin (payment); a Contributor seat.
    PaymentAdmin,
    /// `DATA_ADMIN`: System Admin (data); a Contributor seat.
    DataAdmin,
    /// `SYSTEM_ADMIN`: System Admin, as Smartsheet's own documentation
    /// names it; a Contributor seat.
    SystemAdmin,
}

const CODES: [(RoleCode, &str); 7] = [
    (RoleCode::LicensedUser, "LICENSED_USER"),
    (RoleCode::GroupAdmin, "GROUP_ADMIN"),
    (RoleCode::ResourceViewer, "RESOURCE_VIEWER"),
    (RoleCode::UserAdmin, "USER_ADMIN"),
    (RoleCode::PaymentAdmin, "PAYMENT_ADMIN"),
    (RoleCode::DataAdmin, "DATA_ADMIN"),
    (RoleCode::SystemAdmin, "SYSTEM_ADMIN"),
];

impl RoleCode {
    /// Every code.
    pub fn all() -> impl Iterator<Item = RoleCode> {
        CODES.iter().map(|(c, _)| *c)
    }

    /// The code, such as `LICENSED_USER`.
    pub fn as_str(self) -> &'static str {
        CODES
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, s)| s)
    }

    /// The seat the role gives.
    pub fn seat(self) -> Seat {
        match self {
            RoleCode::LicensedUser | RoleCode::GroupAdmin | RoleCode::ResourceViewer => {
                Seat::Member
            }
            RoleCode::UserAdmin
            | RoleCode::PaymentAdmin
            | RoleCode::DataAdmin
            | RoleCode::SystemAdmin => Seat::Contributor,
        }
    }
}

impl fmt::Display for RoleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not a Smartsheet role code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown Smartsheet role code `{0}`")]
pub struct UnknownRoleCode(String);

impl FromStr for RoleCode {
    type Err = UnknownRoleCode;

    /// A code as Smartsheet spells it (`LICENSED_USER`), ignoring ASCII
    /// case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CODES
            .iter()
            .find(|(_, text)| text.eq_ignore_ascii_case(s))
            .map(|(c, _)| *c)
            .ok_or_else(|| UnknownRoleCode(s.chars().take(64).collect()))
    }
}

/// The seat the role codes give together: the most privileged one, and
/// Contributor when there is none.
pub fn seat_of(roles: impl IntoIterator<Item = RoleCode>) -> Seat {
    roles
        .into_iter()
        .map(RoleCode::seat)
        .max()
        .unwrap_or(Seat::Contributor)
}

/// The role codes a Smartsheet User resource carries in `roles` (each
/// entry's `value`, else its `type`), ignoring entries that are not role
/// codes.
///
/// ```
/// use scim_profiles::smartsheet::{roles_of, seat_of, RoleCode, Seat};
/// use serde_json::json;
///
/// let user = json!({"roles": [{"type": "GROUP_ADMIN", "value": "GROUP_ADMIN"}]});
/// assert_eq!(roles_of(&user), [RoleCode::GroupAdmin]);
/// assert_eq!(seat_of(roles_of(&user)), Seat::Member);
/// ```
///
/// The roles show Member and Contributor seats only: whether a user is a
/// Provisional Member, or has No Access, is not visible through SCIM and
/// must come from Smartsheet's Admin Center or REST API.
pub fn roles_of(user: &serde_json::Value) -> Vec<RoleCode> {
    let entries = user
        .as_object()
        .and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("roles"))
                .map(|(_, v)| v)
        })
        .and_then(serde_json::Value::as_array);
    let mut roles: Vec<RoleCode> = entries
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let field = |name: &str| {
                entry.as_object().and_then(|o| {
                    o.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                        .and_then(|(_, v)| v.as_str())
                })
            };
            field("value")
                .or_else(|| field("type"))
                .and_then(|code| code.parse().ok())
        })
        .collect();
    roles.sort_unstable();
    roles.dedup();
    roles
}

/// Which directory groups give which Smartsheet role.
///
/// A user gets the role of every mapped group they belong to; their seat is
/// the most privileged one those roles give, Contributor when they are in
/// no mapped group. Group names compare exactly.
///
/// ```
/// use scim_profiles::smartsheet::{RoleCode, Seat, SeatMapping};
/// use scim_profiles::DirectoryUser;
///
/// let seats = SeatMapping::new()
///     .group("Smartsheet Licensed", RoleCode::LicensedUser)
///     .group("Smartsheet Admins", RoleCode::UserAdmin);
/// let mut user = DirectoryUser::new();
/// user.add_group("Smartsheet Admins").add_group("Smartsheet Licensed");
/// let a = seats.assign(&user);
/// assert_eq!(a.seat, Seat::Member);
/// assert_eq!(a.role_codes(), ["LICENSED_USER", "USER_ADMIN"]);
///
/// // Already a Member, now in no mapped group: moved to Contributor.
/// let plan = seats.plan(&DirectoryUser::new(), Some(Seat::Member));
/// assert!(plan.is_automatic());
/// assert_eq!(plan.roles_to_send(), Some(vec![]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeatMapping {
    groups: Vec<(String, RoleCode)>,
}

impl SeatMapping {
    /// No group mapped: everyone is a Contributor.
    pub fn new() -> SeatMapping {
        SeatMapping::default()
    }

    /// Maps a directory group to a role (a group mapped twice keeps both
    /// roles).
    #[must_use]
    pub fn group(mut self, name: impl Into<String>, role: RoleCode) -> SeatMapping {
        let name = name.into();
        if !self.groups.iter().any(|(n, r)| *n == name && *r == role) {
            self.groups.push((name, role));
        }
        self
    }

    /// The mapped groups and their roles, in the order given.
    pub fn groups(&self) -> impl Iterator<Item = (&str, RoleCode)> {
        self.groups.iter().map(|(n, r)| (n.as_str(), *r))
    }

    /// The roles and seat the user's directory groups give.
    pub fn assign(&self, user: &DirectoryUser) -> SeatAssignment {
        let mut roles: Vec<RoleCode> = self
            .groups
            .iter()
            .filter(|(name, _)| user.groups().iter().any(|g| g == name))
            .map(|(_, role)| *role)
            .collect();
        roles.sort_unstable();
        roles.dedup();
        SeatAssignment {
            seat: seat_of(roles.iter().copied()),
            roles,
        }
    }

    /// What to do about the user's seat, given the seat they hold now
    /// (`None` for a user not yet on Smartsheet).
    pub fn plan(&self, user: &DirectoryUser, current: Option<Seat>) -> SeatPlan {
        let assignment = self.assign(user);
        let change = seat_change(current, assignment.seat);
        SeatPlan { assignment, change }
    }
}

/// The roles and seat the directory gives a user.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeatAssignment {
    /// The roles, each once, in [`RoleCode`] order.
    pub roles: Vec<RoleCode>,
    /// The seat they give.
    pub seat: Seat,
}

impl SeatAssignment {
    /// The role codes as text, as they go in `roles` entries.
    pub fn role_codes(&self) -> Vec<&'static str> {
        self.roles.iter().map(|r| r.as_str()).collect()
    }
}

/// How a seat changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SeatChange {
    /// A new user gets the seat with its roles.
    Assign(Seat),
    /// The seat stays.
    Keep(Seat),
    /// Provisioning changes the seat (Contributor→Member,
    /// Provisional Member→Member, Member→Contributor).
    Automatic {
        /// The seat now.
        from: Seat,
        /// The seat after.
        to: Seat,
    },
    /// Smartsheet does not make this change through provisioning: a person
    /// must act in Admin Center. The user's roles are left as they are.
    AdminCenter {
        /// The seat now.
        from: Seat,
        /// The seat the directory asks for.
        to: Seat,
    },
}

impl fmt::Display for SeatChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeatChange::Assign(s) => write!(f, "assign a {s} seat"),
            SeatChange::Keep(s) => write!(f, "keep the {s} seat"),
            SeatChange::Automatic { from, to } => write!(f, "change the seat from {from} to {to}"),
            SeatChange::AdminCenter { from, to } => write!(
                f,
                "act in Admin Center: Smartsheet does not change a seat from {from} to {to} through provisioning"
            ),
        }
    }
}

/// The change from the seat held now to the seat wanted.
///
/// Automatic: Contributor→Member, Provisional Member→Member and
/// Member→Contributor. Provisional Members are upgraded but never
/// downgraded automatically. Every other change (to No Access, from No
/// Access, Provisional Member→Contributor, Contributor→Provisional Member,
/// Member→Provisional Member) is [`SeatChange::AdminCenter`].
pub fn seat_change(current: Option<Seat>, wanted: Seat) -> SeatChange {
    let Some(from) = current else {
        return SeatChange::Assign(wanted);
    };
    if from == wanted {
        return SeatChange::Keep(from);
    }
    let automatic = matches!(
        (from, wanted),
        (Seat::Contributor, Seat::Member)
            | (Seat::ProvisionalMember, Seat::Member)
            | (Seat::Member, Seat::Contributor)
    );
    if automatic {
        SeatChange::Automatic { from, to: wanted }
    } else {
        SeatChange::AdminCenter { from, to: wanted }
    }
}

/// The roles and seat the directory gives a user, and how the seat changes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeatPlan {
    /// What the directory gives.
    pub assignment: SeatAssignment,
    /// How the seat changes.
    pub change: SeatChange,
}

impl SeatPlan {
    /// Whether provisioning makes the change (or there is none).
    pub fn is_automatic(&self) -> bool {
        !matches!(self.change, SeatChange::AdminCenter { .. })
    }

    /// The role codes to send (with
    /// [`Shaper::with_roles`](crate::Shaper::with_roles)), or `None` when
    /// the roles must be left alone because the change needs Admin Center.
    pub fn roles_to_send(&self) -> Option<Vec<&'static str>> {
        self.is_automatic().then(|| self.assignment.role_codes())
    }
}
