//! The planning algorithm: directory + target listing + links -> plan.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::Value;

use super::directory::Directory;
use super::plan::{
    Effect, GroupChange, MemberRef, Notice, Operation, OperationKind, Plan, UserRequest,
};
use super::shape::{Deprovision, Shape};
use super::target::{
    SyncState, TargetSnapshot, get_str, group_member_ids, resource_id, user_active, user_email,
};
use super::{DirectoryProperty as P, DirectoryUser};

/// Whether a directory user is active: not suspended and password not
/// expired.
pub(crate) fn derived_active(user: &DirectoryUser) -> bool {
    user.flag(&P::Suspended) != Some(true) && user.flag(&P::PasswordExpired) != Some(true)
}

fn username(user: &DirectoryUser) -> &str {
    user.text(&P::Username).unwrap_or("")
}

/// The directory user as the profile shapes it: `id` the directory
/// identifier unless set, `active` derived, groups set to the bound groups
/// it is a member of.
fn prepared(dir: &Directory, id: &str, user: &DirectoryUser) -> DirectoryUser {
    let mut user = user.clone();
    if !user.contains(&P::Id) {
        let _ = user.set(P::Id, id);
    }
    let _ = user.set(P::Active, derived_active(&user));
    for group in dir.bound_groups_of(id) {
        user.add_group(group.name.clone());
    }
    user
}

/// The target listing, users by `userName` and groups by `displayName`.
struct Index<'a> {
    users: Listing<'a>,
    groups: Listing<'a>,
}

impl<'a> Index<'a> {
    fn new(target: &'a TargetSnapshot) -> Index<'a> {
        Index {
            users: Listing::new(&target.users, "userName"),
            groups: Listing::new(&target.groups, "displayName"),
        }
    }
}

/// The listed resources of one kind, by `id` and by their name attribute
/// lowercased (several can share a name).
struct Listing<'a> {
    by_id: HashMap<&'a str, &'a Value>,
    by_name: HashMap<String, Vec<&'a Value>>,
}

impl<'a> Listing<'a> {
    fn new(resources: &'a [Value], name_attribute: &str) -> Listing<'a> {
        let mut listing = Listing {
            by_id: HashMap::with_capacity(resources.len()),
            by_name: HashMap::with_capacity(resources.len()),
        };
        for resource in resources {
            if let Some(id) = resource_id(resource) {
                listing.by_id.insert(id, resource);
            }
            if let Some(name) = get_str(resource, name_attribute) {
                listing
                    .by_name
                    .entry(name.to_lowercase())
                    .or_default()
                    .push(resource);
            }
        }
        listing
    }

    /// The first resource named `name` (ignoring case) that neither is
    /// linked nor was taken over earlier in the run.
    fn free_named(
        &self,
        name: &str,
        linked: &HashSet<&str>,
        taken: &HashSet<&str>,
    ) -> Option<&'a Value> {
        self.by_name
            .get(&name.to_lowercase())?
            .iter()
            .copied()
            .find(|r| resource_id(r).is_some_and(|t| !linked.contains(t) && !taken.contains(t)))
    }
}

/// Computes the plan. Pure: reads its inputs and writes nothing.
pub(crate) fn plan(
    dir: &Directory,
    target: &TargetSnapshot,
    state: &SyncState,
    shape: &dyn Shape,
) -> Plan {
    let caps = shape.caps();
    let index = Index::new(target);
    let mut user_ops = Vec::new();
    let mut group_ops = Vec::new();
    let mut deprovision_ops = Vec::new();
    let mut notices = Vec::new();

    // Target ids the connector manages (linked), and who links them.
    let linked_targets: HashSet<&str> = state.users().map(|(_, t)| t).collect();
    let managed_users = state
        .users()
        .filter(|(_, t)| !target.complete || index.users.by_id.contains_key(t))
        .count();
    // Where each directory user will be in the target after the run: its
    // target id, or `None` when it is created in the run.
    let mut placed: BTreeMap<&str, Option<String>> = BTreeMap::new();
    // Target users taken over in this run (cannot be taken twice).
    let mut taken: HashSet<&str> = HashSet::new();
    // Managed users that are deleted in this run.
    let mut deleted_targets: HashSet<String> = HashSet::new();

    // Users: provision and update the bound ones.
    for (id, raw) in dir.users() {
        if !dir.is_bound(id) {
            continue;
        }
        let user = prepared(dir, id, raw);
        let name = username(&user).to_owned();
        let active = derived_active(&user);
        let linked = state.user(id);
        let existing = match linked {
            Some(t) => index.users.by_id.get(t).copied(),
            None => None,
        };
        let takeover = if existing.is_none() && (linked.is_none() || target.complete) {
            find_takeover(&index, &linked_targets, &taken, &user)
        } else {
            None
        };
        match takeover {
            Some(Err(message)) => {
                let mut op = Operation::new(OperationKind::CreateUser, name.clone());
                op.directory_id = Some(id.to_owned());
                op.invalid = Some(message);
                user_ops.push(op);
                continue;
            }
            Some(Ok(found)) => {
                if let Some(t) = resource_id(found) {
                    taken.insert(t);
                }
            }
            None => {}
        }
        let current = existing.or(match takeover {
            Some(Ok(found)) => Some(found),
            _ => None,
        });
        let is_takeover = existing.is_none() && current.is_some();

        let Some(current) = current else {
            // Missing in the target (or hidden from an incomplete listing,
            // in which case the lookup before creating finds it).
            if !active {
                // Never create a user only to deactivate it.
                continue;
            }
            let mut op = Operation::new(OperationKind::CreateUser, name.clone());
            op.directory_id = Some(id.to_owned());
            op.lookup_first = !target.complete;
            match shape.create_user(&user) {
                Ok((body, user_notices)) => {
                    op.effects.push(Effect::CreatesUser);
                    op.user_requests.push(UserRequest::Create(body));
                    notices.extend(notices_about(&name, user_notices));
                }
                Err(message) => op.invalid = Some(message),
            }
            op.source = Some(Box::new(user));
            placed.insert(id, None);
            user_ops.push(op);
            continue;
        };

        let target_id = resource_id(current).map(str::to_owned);
        placed.insert(id, target_id.clone());
        let was_active = user_active(current);

        if !active && was_active {
            // A bound user suspended or with an expired password.
            let op = deprovision_op(
                shape,
                caps.deprovision,
                id,
                &name,
                target_id.clone(),
                current,
            );
            if op.is_destructive() {
                if let Some(t) = &target_id {
                    deleted_targets.insert(t.clone());
                }
            }
            if is_takeover {
                let mut link = Operation::new(OperationKind::TakeOverUser, name.clone());
                link.directory_id = Some(id.to_owned());
                link.target_id = target_id.clone();
                link.effects.push(Effect::LinksUser);
                user_ops.push(link);
            }
            deprovision_ops.push(op);
            continue;
        }
        let kind = if is_takeover {
            OperationKind::TakeOverUser
        } else {
            OperationKind::UpdateUser
        };
        let mut op = Operation::new(kind, name.clone());
        op.directory_id = Some(id.to_owned());
        op.target_id = target_id;
        if is_takeover {
            op.effects.push(Effect::LinksUser);
        }
        if !active {
            // Inactive in both: keep it as it is.
            if is_takeover {
                user_ops.push(op);
            }
            continue;
        }
        match shape.update_user(&user, current) {
            Ok(update) => {
                if !was_active {
                    op.effects.push(Effect::ActivatesUser);
                }
                let changed: Vec<String> = update
                    .changed
                    .into_iter()
                    .filter(|p| !p.eq_ignore_ascii_case("active"))
                    .collect();
                if !changed.is_empty() {
                    op.effects.push(Effect::UpdatesAttributes(changed));
                }
                if let Some((from, to)) = update.seat {
                    op.effects.push(Effect::ChangesSeat { from, to });
                }
                op.user_requests = update.requests;
                notices.extend(notices_about(&name, update.notices));
            }
            Err(message) => op.invalid = Some(message),
        }
        if is_takeover || op.writes() || op.invalid.is_some() {
            user_ops.push(op);
        }
    }

    // Users: deprovision the managed ones no longer bound.
    for (dir_id, target_id) in state.users() {
        if dir.is_bound(dir_id) {
            continue;
        }
        let name = dir
            .user(dir_id)
            .map(username)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        let (name, current) = match index.users.by_id.get(target_id) {
            Some(current) => {
                let name = name
                    .or_else(|| get_str(current, "userName").map(str::to_owned))
                    .unwrap_or_else(|| target_id.to_owned());
                let deactivated = !user_active(current);
                if deactivated && caps.deprovision == Deprovision::Deactivate {
                    continue;
                }
                (name, *current)
            }
            None if target.complete => {
                // Gone from the target already: only forget the link.
                let mut op = Operation::new(
                    OperationKind::ForgetUser,
                    name.unwrap_or_else(|| target_id.to_owned()),
                );
                op.directory_id = Some(dir_id.to_owned());
                op.target_id = Some(target_id.to_owned());
                deprovision_ops.push(op);
                continue;
            }
            // Not in an incomplete listing: deprovision it without its
            // current representation.
            None => (name.unwrap_or_else(|| target_id.to_owned()), &Value::Null),
        };
        let op = deprovision_op(
            shape,
            caps.deprovision,
            dir_id,
            &name,
            Some(target_id.to_owned()),
            current,
        );
        if op.is_destructive() {
            deleted_targets.insert(target_id.to_owned());
        }
        deprovision_ops.push(op);
    }

    // Groups.
    if caps.groups && dir.group_management() {
        // Target ids of every managed user after the run, to tell managed
        // members from members added in the target by other means.
        let managed: HashSet<&str> = linked_targets
            .iter()
            .copied()
            .chain(taken.iter().copied())
            .collect();
        let linked_groups: HashSet<&str> = state.groups().map(|(_, t)| t).collect();
        let mut taken_groups: HashSet<&str> = HashSet::new();
        for group in dir.groups() {
            let linked = state.group(&group.id);
            if !group.bound {
                if let Some(t) = linked {
                    group_ops.push(release_group_op(&group.name, &group.id, t));
                }
                continue;
            }
            // The desired members: the group's members placed in the target.
            let mut desired_targets: BTreeSet<String> = BTreeSet::new();
            let mut desired_new: BTreeSet<String> = BTreeSet::new();
            for member in &group.members {
                match placed.get(member.as_str()) {
                    Some(Some(t)) if !deleted_targets.contains(t) => {
                        desired_targets.insert(t.clone());
                    }
                    Some(None) => {
                        desired_new.insert(member.clone());
                    }
                    _ => {}
                }
            }
            let existing = linked.and_then(|t| index.groups.by_id.get(t).copied());
            let takeover = if existing.is_none() {
                index
                    .groups
                    .free_named(&group.name, &linked_groups, &taken_groups)
            } else {
                None
            };
            if let Some(t) = takeover.and_then(resource_id) {
                taken_groups.insert(t);
            }
            match existing.or(takeover) {
                None => {
                    if linked.is_some() && !target.complete {
                        // Cannot see it: leave it for a run with a full listing.
                        continue;
                    }
                    let members = desired_targets.len() + desired_new.len();
                    if members == 0 {
                        continue;
                    }
                    let mut op = Operation::new(OperationKind::CreateGroup, group.name.clone());
                    op.directory_id = Some(group.id.clone());
                    op.effects.push(Effect::CreatesGroup { members });
                    op.group_change = GroupChange {
                        display_name: Some(group.name.clone()),
                        add: desired_targets
                            .into_iter()
                            .map(MemberRef::Target)
                            .chain(desired_new.into_iter().map(MemberRef::Directory))
                            .collect(),
                        remove: Vec::new(),
                        delete: false,
                    };
                    group_ops.push(op);
                }
                Some(current) => {
                    let is_takeover = existing.is_none();
                    let kind = if is_takeover {
                        OperationKind::TakeOverGroup
                    } else {
                        OperationKind::UpdateGroup
                    };
                    let mut op = Operation::new(kind, group.name.clone());
                    op.directory_id = Some(group.id.clone());
                    op.target_id = resource_id(current).map(str::to_owned);
                    if is_takeover {
                        op.effects.push(Effect::LinksGroup);
                    }
                    op.current = Some(current.clone());
                    let current_name = get_str(current, "displayName").unwrap_or("");
                    if current_name != group.name {
                        if caps.group_rename {
                            op.effects.push(Effect::RenamesGroup {
                                from: current_name.to_owned(),
                                to: group.name.clone(),
                            });
                            op.group_change.display_name = Some(group.name.clone());
                        } else {
                            notices.push(Notice {
                                subject: group.name.clone(),
                                message: format!(
                                    "renamed from {current_name:?} in the directory; the target cannot rename groups, rename it there"
                                ),
                            });
                        }
                    }
                    let current_members: BTreeSet<&str> =
                        group_member_ids(current).into_iter().collect();
                    let add: Vec<MemberRef> = desired_targets
                        .iter()
                        .filter(|t| !current_members.contains(t.as_str()))
                        .cloned()
                        .map(MemberRef::Target)
                        .chain(desired_new.iter().cloned().map(MemberRef::Directory))
                        .collect();
                    let remove: Vec<String> = current_members
                        .iter()
                        .filter(|t| {
                            managed.contains(*t)
                                && !desired_targets.contains(**t)
                                && !deleted_targets.contains(**t)
                        })
                        .map(|t| (*t).to_owned())
                        .collect();
                    if !add.is_empty() {
                        op.effects.push(Effect::AddsMembers(add.len()));
                    }
                    if !remove.is_empty() {
                        op.effects.push(Effect::RemovesMembers(remove.len()));
                    }
                    op.group_change.add = add;
                    op.group_change.remove = remove;
                    if is_takeover || op.writes() {
                        group_ops.push(op);
                    }
                }
            }
        }
        // Groups deleted from the directory.
        for (dir_id, target_id) in state.groups() {
            if dir.group(dir_id).is_some() {
                continue;
            }
            let name = match index.groups.by_id.get(target_id) {
                Some(current) => get_str(current, "displayName").unwrap_or(target_id),
                None if target.complete => {
                    // Gone from the target already: only release the link.
                    group_ops.push(release_group_op(target_id, dir_id, target_id));
                    continue;
                }
                // Not in an incomplete listing: delete it by id.
                None => target_id,
            };
            let mut op = Operation::new(OperationKind::DeleteGroup, name);
            op.directory_id = Some(dir_id.to_owned());
            op.target_id = Some(target_id.to_owned());
            op.effects.push(Effect::DeletesGroup);
            op.group_change.delete = true;
            deprovision_ops.push(op);
        }
    }

    let mut operations = user_ops;
    operations.append(&mut group_ops);
    operations.append(&mut deprovision_ops);
    Plan {
        operations,
        notices,
        managed_users,
    }
}

/// A target user to take over: same `userName` (ignoring case), not linked
/// to another directory user, and with the same email when both have one.
/// `Err` when the only candidate has another email.
fn find_takeover<'a>(
    index: &Index<'a>,
    linked: &HashSet<&str>,
    taken: &HashSet<&str>,
    user: &DirectoryUser,
) -> Option<Result<&'a Value, String>> {
    let name = username(user);
    if name.is_empty() {
        return None;
    }
    let free = index.users.free_named(name, linked, taken)?;
    match (user.text(&P::Email), user_email(free)) {
        (Some(want), Some(have)) if !want.eq_ignore_ascii_case(have) => Some(Err(format!(
            "a target user with userName {name:?} exists with another email; not taken over"
        ))),
        _ => Some(Ok(free)),
    }
}

/// The notices of one shaped request, about `subject`.
fn notices_about(subject: &str, messages: Vec<String>) -> impl Iterator<Item = Notice> + '_ {
    messages.into_iter().map(move |message| Notice {
        subject: subject.to_owned(),
        message,
    })
}

/// Forgets the link of a group without touching it in the target.
fn release_group_op(name: &str, dir_id: &str, target_id: &str) -> Operation {
    let mut op = Operation::new(OperationKind::ReleaseGroup, name);
    op.directory_id = Some(dir_id.to_owned());
    op.target_id = Some(target_id.to_owned());
    op.effects.push(Effect::ReleasesGroup);
    op
}

fn deprovision_op(
    shape: &dyn Shape,
    style: Deprovision,
    dir_id: &str,
    name: &str,
    target_id: Option<String>,
    current: &Value,
) -> Operation {
    let kind = match style {
        Deprovision::Delete => OperationKind::DeleteUser,
        Deprovision::Deactivate | Deprovision::DeactivateDeletes => OperationKind::DeactivateUser,
    };
    let mut op = Operation::new(kind, name);
    op.directory_id = Some(dir_id.to_owned());
    op.target_id = target_id;
    match style {
        Deprovision::Delete => {
            op.effects.push(Effect::DeletesUser);
            op.user_requests.push(UserRequest::Delete);
        }
        Deprovision::DeactivateDeletes => {
            op.effects.push(Effect::DeletesUser);
            op.user_requests = shape.deactivate_user(current);
        }
        Deprovision::Deactivate => {
            op.effects.push(Effect::DeactivatesUser);
            op.user_requests = shape.deactivate_user(current);
        }
    }
    op
}
