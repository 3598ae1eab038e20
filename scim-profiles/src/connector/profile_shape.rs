//! The connector's view of a profile: capabilities, and request shaping
//! through the profile's [`Shaper`](crate::Shaper), with Smartsheet seats.

use serde_json::{Map, Value};

use super::plan::UserRequest;
use super::shape::{Caps, Deprovision, Shape, ShapedUpdate, UpdateStyle};
use super::target::get_ci;
use crate::smartsheet::{RoleCode, SeatChange, SeatMapping, seat_of};
use crate::{DeprovisionRequest, DirectoryUser, Profile, RoleRule, Selection, UpdateMethod};

pub(crate) struct ProfileShape {
    pub(crate) selection: Selection,
    pub(crate) seats: Option<SeatMapping>,
}

impl ProfileShape {
    fn profile(&self) -> &Profile {
        self.selection.profile()
    }

    fn uses_patch(&self) -> bool {
        let caps = &self.profile().capabilities;
        caps.patch && (caps.preferred_update == UpdateMethod::Patch || !caps.put)
    }

    /// The current seat from the target's `roles`.
    fn current_seat(current: &Value) -> Option<crate::smartsheet::Seat> {
        let roles = get_ci(current, "roles")?.as_array()?;
        let codes: Vec<RoleCode> = roles
            .iter()
            .filter_map(|r| get_ci(r, "value").and_then(Value::as_str))
            .filter_map(|v| v.parse().ok())
            .collect();
        Some(seat_of(codes))
    }
}

/// The top-level attributes that differ, ignoring what the server assigns.
fn changed_attributes(before: &Value, after: &Value) -> Vec<(String, Option<Value>)> {
    // `schemas` may list extensions in another order; compared through the
    // attributes themselves.
    const IGNORED: &[&str] = &["id", "meta", "schemas", "groups"];
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changed = Vec::new();
    for (name, value) in after {
        if IGNORED.iter().any(|i| i.eq_ignore_ascii_case(name)) {
            continue;
        }
        let old = before
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v);
        if old != Some(value) {
            changed.push((name.clone(), Some(value.clone())));
        }
    }
    for (name, _) in before {
        if IGNORED.iter().any(|i| i.eq_ignore_ascii_case(name)) {
            continue;
        }
        if !after.keys().any(|k| k.eq_ignore_ascii_case(name)) {
            changed.push((name.clone(), None));
        }
    }
    changed
}

/// The connector fills `id` with the directory identifier for profiles that
/// map it (generic `externalId`); the others' drop of it is no news.
fn filled_id_unmapped(dropped: &crate::Dropped) -> bool {
    dropped.property == Some(crate::DirectoryProperty::Id)
        && dropped.reason == crate::DropReason::NotInTable
}

impl Shape for ProfileShape {
    fn caps(&self) -> Caps {
        let profile = self.profile();
        let caps = &profile.capabilities;
        Caps {
            groups: caps.groups,
            group_rename: caps.group_rename,
            group_update: if caps.patch {
                UpdateStyle::Patch
            } else {
                UpdateStyle::Put
            },
            deprovision: match profile.rules.deprovision {
                crate::Deprovision::Deactivate => Deprovision::Deactivate,
                crate::Deprovision::DeactivationDeletes => Deprovision::DeactivateDeletes,
                _ => Deprovision::Delete,
            },
            page_size: caps.page_size.map(u64::from),
        }
    }

    fn create_user(&self, user: &DirectoryUser) -> Result<(Value, Vec<String>), String> {
        let mut shaper = self.selection.shaper();
        if let (Some(seats), RoleRule::CodedRoles) = (&self.seats, &self.profile().rules.roles) {
            shaper = shaper.with_roles(seats.assign(user).role_codes());
        }
        let shaped = shaper.create(user).map_err(|e| e.to_string())?;
        let notices = shaped
            .dropped
            .iter()
            .filter(|d| !filled_id_unmapped(d))
            .map(ToString::to_string)
            .collect();
        Ok((shaped.body, notices))
    }

    fn update_user(&self, user: &DirectoryUser, current: &Value) -> Result<ShapedUpdate, String> {
        let mut update = ShapedUpdate::default();
        let mut shaper = self.selection.shaper();
        if let (Some(seats), RoleRule::CodedRoles) = (&self.seats, &self.profile().rules.roles) {
            let plan = seats.plan(user, Self::current_seat(current));
            match plan.change {
                SeatChange::Automatic { from, to } => {
                    update.seat = Some((from.to_string(), to.to_string()));
                }
                SeatChange::AdminCenter { .. } => update.notices.push(plan.change.to_string()),
                _ => {}
            }
            if let Some(roles) = plan.roles_to_send() {
                shaper = shaper.with_roles(roles);
            }
        }
        if self.uses_patch() {
            let patch = shaper.patch(user, current).map_err(|e| e.to_string())?.body;
            for op in &patch.operations {
                let path = op.path.clone().unwrap_or_default();
                let top = path.split(['.', '[']).next().unwrap_or_default().to_owned();
                if !update.changed.contains(&top) {
                    update.changed.push(top);
                }
            }
            if !patch.operations.is_empty() {
                update.requests.push(UserRequest::Patch(patch));
            }
            return Ok(update);
        }
        let shaped = shaper.replace(user, current).map_err(|e| e.to_string())?;
        let rules = &self.profile().rules;
        // Attributes a PUT must not carry are compared by the follow-up.
        let mut changed = changed_attributes(current, &shaped.body);
        changed.retain(|(name, _)| !rules.is_put_forbidden(name));
        update.changed = changed.iter().map(|(name, _)| name.clone()).collect();
        if !changed.is_empty() {
            update.requests.push(UserRequest::Replace(shaped.body));
        }
        if let Some(follow) = shaped.follow_up {
            for op in &follow.operations {
                if let Some(path) = &op.path {
                    if !update.changed.iter().any(|c| c.eq_ignore_ascii_case(path)) {
                        update.changed.push(path.clone());
                    }
                }
            }
            update.requests.push(UserRequest::Patch(follow));
        }
        Ok(update)
    }

    fn set_seats(&mut self, seats: SeatMapping) {
        self.seats = Some(seats);
    }

    fn deactivate_user(&self, current: &Value) -> Vec<UserRequest> {
        match self.profile().deprovisioning().request {
            DeprovisionRequest::Patch(op) => vec![UserRequest::Patch(op)],
            DeprovisionRequest::Delete => vec![UserRequest::Delete],
            _ => {
                let mut body = current.as_object().cloned().unwrap_or_default();
                body.retain(|k, _| {
                    !["meta", "groups", "active"]
                        .iter()
                        .any(|skip| k.eq_ignore_ascii_case(skip))
                });
                body.insert("active".to_owned(), Value::Bool(false));
                vec![UserRequest::Replace(Value::Object(body))]
            }
        }
    }
}
