//! Plans: what a run would do to the target, computed without writing.

use std::fmt;

use scim_core::PatchOp;
use serde_json::Value;

use super::DirectoryUser;
use super::event::EventName;

/// What an operation does, as the plan shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum OperationKind {
    /// Create a user in the target.
    CreateUser,
    /// Link an existing target user with the same `userName` instead of
    /// creating a duplicate, updating it if it differs.
    TakeOverUser,
    /// Update a user's attributes, `active`, or seat.
    UpdateUser,
    /// Deprovision a user by setting `active` to false.
    DeactivateUser,
    /// Deprovision a user by deleting it.
    DeleteUser,
    /// Forget the link to a user that is no longer in the target and no
    /// longer bound. Sends nothing.
    ForgetUser,
    /// Create a group in the target with its members.
    CreateGroup,
    /// Link an existing target group with the same name instead of creating
    /// a duplicate, then align its members.
    TakeOverGroup,
    /// Rename a group or change its members.
    UpdateGroup,
    /// Delete a group that was deleted in the directory.
    DeleteGroup,
    /// Stop syncing a group that is no longer bound; the target group is
    /// left as it is. Sends nothing.
    ReleaseGroup,
}

impl OperationKind {
    /// The event an operation of this kind emits.
    pub fn event_name(self) -> EventName {
        match self {
            OperationKind::CreateUser | OperationKind::TakeOverUser => {
                EventName::UserCreateProvision
            }
            OperationKind::UpdateUser => EventName::UserUpdateProvision,
            OperationKind::DeactivateUser => EventName::UserDeprovision,
            OperationKind::DeleteUser | OperationKind::ForgetUser => EventName::UserDeleteProvision,
            OperationKind::CreateGroup | OperationKind::TakeOverGroup => {
                EventName::GroupCreateProvision
            }
            OperationKind::UpdateGroup | OperationKind::ReleaseGroup => {
                EventName::GroupUpdateProvision
            }
            OperationKind::DeleteGroup => EventName::GroupDeleteProvision,
        }
    }

    /// Whether the operation concerns a user (else a group).
    pub fn is_user(self) -> bool {
        matches!(
            self,
            OperationKind::CreateUser
                | OperationKind::TakeOverUser
                | OperationKind::UpdateUser
                | OperationKind::DeactivateUser
                | OperationKind::DeleteUser
                | OperationKind::ForgetUser
        )
    }

    /// A short lowercase label, such as `create user`.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::CreateUser => "create user",
            OperationKind::TakeOverUser => "take over user",
            OperationKind::UpdateUser => "update user",
            OperationKind::DeactivateUser => "deactivate user",
            OperationKind::DeleteUser => "delete user",
            OperationKind::ForgetUser => "forget user",
            OperationKind::CreateGroup => "create group",
            OperationKind::TakeOverGroup => "take over group",
            OperationKind::UpdateGroup => "update group",
            OperationKind::DeleteGroup => "delete group",
            OperationKind::ReleaseGroup => "release group",
        }
    }
}

impl fmt::Display for OperationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One effect an operation has on the target.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effect {
    /// A user is created.
    CreatesUser,
    /// An existing target user becomes managed by the connector.
    LinksUser,
    /// These attributes (SCIM paths) of the user change.
    UpdatesAttributes(Vec<String>),
    /// The user is reactivated.
    ActivatesUser,
    /// The user is deactivated and stays in the target.
    DeactivatesUser,
    /// The user is removed from the target, with whatever the service keeps
    /// for it. Destructive.
    DeletesUser,
    /// The user's seat changes (Smartsheet roles).
    ChangesSeat {
        /// The seat before.
        from: String,
        /// The seat after.
        to: String,
    },
    /// A group is created with this many members.
    CreatesGroup {
        /// Members at creation.
        members: usize,
    },
    /// An existing target group becomes managed by the connector.
    LinksGroup,
    /// The group is renamed.
    RenamesGroup {
        /// The name before.
        from: String,
        /// The name after.
        to: String,
    },
    /// Members are added to the group.
    AddsMembers(usize),
    /// Members are removed from the group.
    RemovesMembers(usize),
    /// The group is deleted from the target.
    DeletesGroup,
    /// The connector stops syncing the group, which stays as it is.
    ReleasesGroup,
}

impl Effect {
    /// Whether the effect loses data in the target that a later run cannot
    /// bring back (a user deleted, including by a service that deletes on
    /// deactivation). Destructive effects need an explicit opt-in.
    pub fn is_destructive(&self) -> bool {
        matches!(self, Effect::DeletesUser)
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::CreatesUser => f.write_str("creates the user"),
            Effect::LinksUser => f.write_str("links the existing user"),
            Effect::UpdatesAttributes(paths) => write!(f, "updates {}", paths.join(", ")),
            Effect::ActivatesUser => f.write_str("reactivates the user"),
            Effect::DeactivatesUser => f.write_str("deactivates the user"),
            Effect::DeletesUser => f.write_str("deletes the user (destructive)"),
            Effect::ChangesSeat { from, to } => write!(f, "changes the seat from {from} to {to}"),
            Effect::CreatesGroup { members } => {
                write!(f, "creates the group with {members} member(s)")
            }
            Effect::LinksGroup => f.write_str("links the existing group"),
            Effect::RenamesGroup { from, to } => write!(f, "renames {from:?} to {to:?}"),
            Effect::AddsMembers(n) => write!(f, "adds {n} member(s)"),
            Effect::RemovesMembers(n) => write!(f, "removes {n} member(s)"),
            Effect::DeletesGroup => f.write_str("deletes the group"),
            Effect::ReleasesGroup => f.write_str("stops syncing the group, left as it is"),
        }
    }
}

/// A member of a group as planned: a target user already known, or a
/// directory user whose target id is known once its creation ran.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberRef {
    /// A user already in the target, by its `id`.
    Target(String),
    /// A directory user created (or taken over) in the same run.
    Directory(String),
}

/// A request a user operation sends, in order.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum UserRequest {
    /// `POST /Users` with this body.
    Create(Value),
    /// `PUT /Users/{id}` with this body.
    Replace(Value),
    /// `PATCH /Users/{id}` with these operations.
    Patch(PatchOp),
    /// `DELETE /Users/{id}`.
    Delete,
}

/// What a group operation changes; the requests are built when the plan is
/// applied, once the ids of users created in the same run are known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupChange {
    /// The `displayName` to create with, or to rename to.
    pub display_name: Option<String>,
    /// Members to add (or to create the group with).
    pub add: Vec<MemberRef>,
    /// Members to remove, by target id.
    pub remove: Vec<String>,
    /// Delete the group.
    pub delete: bool,
}

impl GroupChange {
    /// Whether the change sends nothing.
    pub fn is_empty(&self) -> bool {
        self.display_name.is_none() && self.add.is_empty() && self.remove.is_empty() && !self.delete
    }
}

/// One operation of a [`Plan`]: its kind, its subject, its effects, and
/// what it sends.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// What the operation does.
    pub kind: OperationKind,
    /// The `userName` or group name the operation is about.
    pub subject: String,
    /// The directory identifier of the subject.
    pub directory_id: Option<String>,
    /// The target `id` of the subject, when it exists in the target.
    pub target_id: Option<String>,
    /// The effects on the target.
    pub effects: Vec<Effect>,
    /// The user requests, in order (user operations).
    pub user_requests: Vec<UserRequest>,
    /// The group change (group operations).
    pub group_change: GroupChange,
    /// Look the user up by `userName` before creating it (the target's
    /// listing was not complete).
    pub lookup_first: bool,
    /// Why the operation cannot be carried out (a directory user the
    /// profile cannot shape, a conflicting target user); applying it
    /// reports a failure without sending anything.
    pub invalid: Option<String>,
    /// The directory user as shaped (user operations), to take over a
    /// user found at apply time.
    pub(crate) source: Option<Box<DirectoryUser>>,
    /// The target resource as listed, when it exists.
    pub(crate) current: Option<Value>,
}

impl Operation {
    pub(crate) fn new(kind: OperationKind, subject: impl Into<String>) -> Operation {
        Operation {
            kind,
            subject: subject.into(),
            directory_id: None,
            target_id: None,
            effects: Vec::new(),
            user_requests: Vec::new(),
            group_change: GroupChange::default(),
            lookup_first: false,
            invalid: None,
            source: None,
            current: None,
        }
    }

    /// Whether any effect is destructive.
    pub fn is_destructive(&self) -> bool {
        self.effects.iter().any(Effect::is_destructive)
    }

    /// Whether the operation deprovisions a user (deactivates or deletes).
    pub fn is_deprovision(&self) -> bool {
        matches!(
            self.kind,
            OperationKind::DeactivateUser | OperationKind::DeleteUser
        ) || self
            .effects
            .iter()
            .any(|e| matches!(e, Effect::DeactivatesUser | Effect::DeletesUser))
    }

    /// Whether the operation sends at least one request.
    pub fn writes(&self) -> bool {
        self.invalid.is_none() && (!self.user_requests.is_empty() || !self.group_change.is_empty())
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.kind, self.subject)?;
        if let Some(id) = &self.target_id {
            write!(f, " (id {id})")?;
        }
        if let Some(why) = &self.invalid {
            return write!(f, ": cannot be done: {why}");
        }
        let mut first = true;
        for effect in &self.effects {
            f.write_str(if first { ": " } else { "; " })?;
            first = false;
            write!(f, "{effect}")?;
        }
        Ok(())
    }
}

/// Something the plan cannot do itself and tells the operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The `userName` or group name concerned.
    pub subject: String,
    /// What the operator should know or do.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// What a run would do to the target, computed from the directory, the
/// target's listing and the profile, without writing anything.
///
/// Operations come in the order they are applied: users created and
/// updated first, then groups (whose members may be users created in the
/// same run), then deprovisioning and group deletions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub(crate) operations: Vec<Operation>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) managed_users: usize,
}

impl Plan {
    /// The operations, in the order they are applied.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// What the operator should know: seat changes to make by hand,
    /// attributes the profile does not send, conflicts.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Whether the plan sends nothing and changes no link.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// The number of operations that send at least one request.
    pub fn writes(&self) -> usize {
        self.operations.iter().filter(|op| op.writes()).count()
    }

    /// The number of users the plan deprovisions (deactivates or deletes).
    pub fn deprovisions(&self) -> usize {
        self.operations
            .iter()
            .filter(|op| op.is_deprovision())
            .count()
    }

    /// The users managed in the target before the run (the base of the
    /// mass-deprovision guard's percentage).
    pub fn managed_users(&self) -> usize {
        self.managed_users
    }

    /// The operations with a destructive effect.
    pub fn destructive(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(|op| op.is_destructive())
    }

    /// The number of operations of a kind.
    pub fn count(&self, kind: OperationKind) -> usize {
        self.operations.iter().filter(|op| op.kind == kind).count()
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operations.is_empty() {
            writeln!(f, "nothing to do")?;
        }
        for op in &self.operations {
            writeln!(f, "- {op}")?;
        }
        // The same notice for many users is shown once, with a count.
        let mut shown: Vec<(&str, &str, usize)> = Vec::new();
        for notice in &self.notices {
            match shown.iter_mut().find(|(m, _, _)| *m == notice.message) {
                Some((_, _, n)) => *n += 1,
                None => shown.push((&notice.message, &notice.subject, 1)),
            }
        }
        for (message, subject, n) in shown {
            match n {
                1 => writeln!(f, "! {subject}: {message}")?,
                n => writeln!(f, "! {subject} and {} more: {message}", n - 1)?,
            }
        }
        Ok(())
    }
}
