//! Applying a plan: the requests, with bounded concurrency, events and a
//! report.

use std::future::Future;
use std::pin::Pin;

use futures_util::stream::{self, StreamExt};
use scim_core::{PatchOp, PatchOperation};
use serde_json::{Map, Value, json};

use super::api::{Api, ApiError, Kind};
use super::event::{Event, EventName, EventSink, Outcome, Progress};
use super::guard::DeprovisionGuard;
use super::plan::{MemberRef, Operation, OperationKind, Plan, UserRequest};
use super::report::Report;
use super::shape::{Shape, UpdateStyle};
use super::target::{SyncState, group_member_ids, resource_id};

/// How `apply` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ApplyOptions {
    pub(crate) concurrency: usize,
    pub(crate) allow_destructive: bool,
    pub(crate) guard: DeprovisionGuard,
}

/// A change to the links, made once the step that caused it finished.
#[derive(Clone, Debug)]
enum Link {
    User(String, String),
    UnlinkUser(String),
    Group(String, String),
    UnlinkGroup(String),
}

/// A step of a run, not yet polled.
type Step<'a> = Pin<Box<dyn Future<Output = Done> + Send + 'a>>;

/// A finished step.
struct Done {
    events: Vec<Event>,
    links: Vec<Link>,
    requests: usize,
}

impl Done {
    fn new() -> Done {
        Done {
            events: Vec::new(),
            links: Vec::new(),
            requests: 0,
        }
    }
}

fn event_for(op: &Operation, name: EventName, outcome: Outcome) -> Event {
    let mut event = Event::new(name, outcome, op.subject.clone());
    event.directory_id = op.directory_id.clone();
    event.target_id = op.target_id.clone();
    event.detail = op.kind.as_str().to_owned();
    event
}

fn failed(op: &Operation, error: &ApiError) -> Event {
    let mut event = event_for(op, op.kind.event_name(), Outcome::Failure);
    event.error = Some(error.to_string());
    event
}

fn phase(kind: OperationKind) -> u8 {
    match kind {
        OperationKind::CreateUser | OperationKind::TakeOverUser | OperationKind::UpdateUser => 0,
        OperationKind::CreateGroup
        | OperationKind::TakeOverGroup
        | OperationKind::UpdateGroup
        | OperationKind::ReleaseGroup => 1,
        OperationKind::DeactivateUser
        | OperationKind::DeleteUser
        | OperationKind::ForgetUser
        | OperationKind::DeleteGroup => 2,
    }
}

/// Applies `plan`, updating `state` as steps finish.
pub(crate) async fn apply(
    api: &dyn Api,
    shape: &dyn Shape,
    plan: &Plan,
    state: &mut SyncState,
    options: &ApplyOptions,
    sink: &dyn EventSink,
) -> Report {
    let total = plan.operations.len();
    if let Err(tripped) = options.guard.check_plan(plan) {
        tracing::warn!(target: "scim_profiles::connector", "{tripped}");
        return Report::stopped(tripped, total);
    }
    let concurrency = options.concurrency.max(1);
    let mut report = Report::default();
    let mut progress = Progress { done: 0, total };
    for current_phase in 0..3u8 {
        let ops: Vec<&Operation> = plan
            .operations
            .iter()
            .filter(|op| phase(op.kind) == current_phase)
            .collect();
        if ops.is_empty() {
            continue;
        }
        // Members created earlier in the run are known by now.
        let resolved: Vec<(&Operation, Vec<String>)> = ops
            .into_iter()
            .map(|op| {
                let members = op
                    .group_change
                    .add
                    .iter()
                    .filter_map(|m| match m {
                        MemberRef::Target(id) => Some(id.clone()),
                        MemberRef::Directory(id) => state.user(id).map(str::to_owned),
                    })
                    .collect();
                (op, members)
            })
            .collect();
        // Boxed up front: the steps' futures are then one named type, which
        // keeps the whole run `Send` (a closure producing them would not be
        // general enough over the borrows' lifetimes).
        let steps: Vec<Step<'_>> = resolved
            .into_iter()
            .map(|(op, members)| Box::pin(run(api, shape, op, members, options)) as Step<'_>)
            .collect();
        let mut steps = stream::iter(steps).buffer_unordered(concurrency);
        while let Some(done) = steps.next().await {
            for event in &done.events {
                event.trace();
                sink.event(event);
                report.record(event);
            }
            for link in done.links {
                match link {
                    Link::User(d, t) => state.link_user(d, t),
                    Link::UnlinkUser(d) => {
                        state.unlink_user(&d);
                    }
                    Link::Group(d, t) => state.link_group(d, t),
                    Link::UnlinkGroup(d) => {
                        state.unlink_group(&d);
                    }
                }
            }
            report.add_requests(done.requests);
            progress.done += 1;
            sink.progress(progress);
            report.set_progress(progress);
        }
    }
    report
}

async fn run(
    api: &dyn Api,
    shape: &dyn Shape,
    op: &Operation,
    members: Vec<String>,
    options: &ApplyOptions,
) -> Done {
    let mut done = Done::new();
    if let Some(why) = &op.invalid {
        let mut event = event_for(op, op.kind.event_name(), Outcome::Failure);
        event.error = Some(why.clone());
        done.events.push(event);
        return done;
    }
    if op.is_destructive() && !options.allow_destructive {
        let mut event = event_for(op, op.kind.event_name(), Outcome::Skipped);
        event.error = Some(
            "destructive: the target loses this user; allow destructive effects to apply it"
                .to_owned(),
        );
        done.events.push(event);
        return done;
    }
    match op.kind {
        OperationKind::CreateUser => create_user(api, shape, op, &mut done).await,
        OperationKind::TakeOverUser | OperationKind::UpdateUser => {
            update_user(api, op, &mut done).await;
        }
        OperationKind::DeactivateUser | OperationKind::DeleteUser => {
            deprovision_user(api, op, &mut done).await;
        }
        OperationKind::ForgetUser => {
            if let Some(d) = &op.directory_id {
                done.links.push(Link::UnlinkUser(d.clone()));
            }
            let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
            event.detail = "already gone from the target; link forgotten".to_owned();
            done.events.push(event);
        }
        OperationKind::CreateGroup => create_group(api, op, members, &mut done).await,
        OperationKind::TakeOverGroup | OperationKind::UpdateGroup => {
            update_group(api, shape, op, members, &mut done).await;
        }
        OperationKind::ReleaseGroup => {
            if let Some(d) = &op.directory_id {
                done.links.push(Link::UnlinkGroup(d.clone()));
            }
            let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
            event.detail = "no longer synced; left as it is in the target".to_owned();
            done.events.push(event);
        }
        OperationKind::DeleteGroup => {
            done.requests += 1;
            let result = match &op.target_id {
                Some(id) => api.delete(Kind::Group, id).await,
                None => Ok(()),
            };
            match result {
                Ok(()) => {
                    if let Some(d) = &op.directory_id {
                        done.links.push(Link::UnlinkGroup(d.clone()));
                    }
                    done.events
                        .push(event_for(op, op.kind.event_name(), Outcome::Success));
                }
                Err(e) if e.is_not_found() => {
                    if let Some(d) = &op.directory_id {
                        done.links.push(Link::UnlinkGroup(d.clone()));
                    }
                    let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
                    event.detail = "already gone from the target".to_owned();
                    done.events.push(event);
                }
                Err(e) => done.events.push(failed(op, &e)),
            }
        }
    }
    done
}

async fn send_user(api: &dyn Api, id: &str, request: &UserRequest) -> Result<(), ApiError> {
    match request {
        UserRequest::Create(body) => api.create(Kind::User, body.clone()).await.map(|_| ()),
        UserRequest::Replace(body) => api.replace(Kind::User, id, body.clone()).await,
        UserRequest::Patch(body) => api.patch(Kind::User, id, body.clone()).await,
        UserRequest::Delete => api.delete(Kind::User, id).await,
    }
}

async fn create_user(api: &dyn Api, shape: &dyn Shape, op: &Operation, done: &mut Done) {
    let Some(directory_id) = op.directory_id.clone() else {
        return;
    };
    let user_name = op.subject.as_str();
    if op.lookup_first {
        done.requests += 1;
        match api.find_user(user_name).await {
            Ok(Some(found)) => {
                done.events
                    .push(lookup_found(op, &found, "found in the target"));
                take_over_found(api, shape, op, &directory_id, &found, done).await;
                return;
            }
            Ok(None) => {
                let mut event = event_for(op, EventName::UserLookupProvision, Outcome::Success);
                event.detail = "not in the target".to_owned();
                done.events.push(event);
            }
            Err(e) => {
                done.events.push(lookup_failed(op, &e));
                let mut event = event_for(op, op.kind.event_name(), Outcome::Skipped);
                event.error = Some("the lookup before creating failed".to_owned());
                done.events.push(event);
                return;
            }
        }
    }
    let Some(UserRequest::Create(body)) = op.user_requests.first() else {
        return;
    };
    done.requests += 1;
    match api.create(Kind::User, body.clone()).await {
        Ok(created) => record_created(op, Kind::User, directory_id, &created, done),
        Err(e) if e.is_conflict() => {
            // Created by someone else since the listing: take it over.
            done.requests += 1;
            match api.find_user(user_name).await {
                Ok(Some(found)) => {
                    let detail = "found after a uniqueness conflict";
                    done.events.push(lookup_found(op, &found, detail));
                    take_over_found(api, shape, op, &directory_id, &found, done).await;
                }
                Ok(None) => done.events.push(failed(op, &e)),
                Err(lookup) => {
                    done.events.push(lookup_failed(op, &lookup));
                    done.events.push(failed(op, &e));
                }
            }
        }
        Err(e) => done.events.push(failed(op, &e)),
    }
}

/// A lookup by `userName` that found `found`; `detail` says when.
fn lookup_found(op: &Operation, found: &Value, detail: &str) -> Event {
    let mut event = event_for(op, EventName::UserLookupProvision, Outcome::Success);
    event.target_id = resource_id(found).map(str::to_owned);
    event.detail = detail.to_owned();
    event
}

/// A lookup by `userName` that failed.
fn lookup_failed(op: &Operation, error: &ApiError) -> Event {
    let mut event = event_for(op, EventName::UserLookupProvision, Outcome::Failure);
    event.error = Some(error.to_string());
    event
}

async fn take_over_found(
    api: &dyn Api,
    shape: &dyn Shape,
    op: &Operation,
    directory_id: &str,
    found: &Value,
    done: &mut Done,
) {
    let Some(target_id) = resource_id(found).map(str::to_owned) else {
        return;
    };
    done.links
        .push(Link::User(directory_id.to_owned(), target_id.clone()));
    let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
    event.target_id = Some(target_id.clone());
    event.detail = "took over the existing user".to_owned();
    let update = match op.source.as_deref() {
        Some(user) => shape.update_user(user, found),
        None => Ok(Default::default()),
    };
    match update {
        Ok(update) => {
            for request in &update.requests {
                done.requests += 1;
                if let Err(e) = send_user(api, &target_id, request).await {
                    event.outcome = Outcome::Failure;
                    event.error = Some(e.to_string());
                    break;
                }
            }
        }
        Err(message) => {
            event.outcome = Outcome::Failure;
            event.error = Some(message);
        }
    }
    done.events.push(event);
}

async fn update_user(api: &dyn Api, op: &Operation, done: &mut Done) {
    let (Some(directory_id), Some(target_id)) = (&op.directory_id, &op.target_id) else {
        return;
    };
    if op.kind == OperationKind::TakeOverUser {
        done.links
            .push(Link::User(directory_id.clone(), target_id.clone()));
    }
    for request in &op.user_requests {
        done.requests += 1;
        if let Err(e) = send_user(api, target_id, request).await {
            if e.is_not_found() {
                // Gone since the listing: a later run creates it again.
                done.links.push(Link::UnlinkUser(directory_id.clone()));
            }
            done.events.push(failed(op, &e));
            return;
        }
    }
    done.events
        .push(event_for(op, op.kind.event_name(), Outcome::Success));
}

async fn deprovision_user(api: &dyn Api, op: &Operation, done: &mut Done) {
    let (Some(directory_id), Some(target_id)) = (&op.directory_id, &op.target_id) else {
        return;
    };
    for request in &op.user_requests {
        done.requests += 1;
        match send_user(api, target_id, request).await {
            Ok(()) => {}
            Err(e) if e.is_not_found() => {
                done.links.push(Link::UnlinkUser(directory_id.clone()));
                let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
                event.detail = "already gone from the target".to_owned();
                done.events.push(event);
                return;
            }
            Err(e) => {
                done.events.push(failed(op, &e));
                return;
            }
        }
    }
    if op.is_destructive() {
        done.links.push(Link::UnlinkUser(directory_id.clone()));
    }
    done.events
        .push(event_for(op, op.kind.event_name(), Outcome::Success));
}

/// Records what `op` created in the target: the link from `directory_id`
/// to the new id and a success event, or a failure when the target
/// returned no id.
fn record_created(
    op: &Operation,
    kind: Kind,
    directory_id: String,
    created: &Value,
    done: &mut Done,
) {
    let Some(id) = resource_id(created) else {
        let what = match kind {
            Kind::User => "user",
            Kind::Group => "group",
        };
        let error = ApiError {
            status: None,
            message: format!("the target created the {what} without returning its id"),
        };
        done.events.push(failed(op, &error));
        return;
    };
    let mut event = event_for(op, op.kind.event_name(), Outcome::Success);
    event.target_id = Some(id.to_owned());
    done.links.push(match kind {
        Kind::User => Link::User(directory_id, id.to_owned()),
        Kind::Group => Link::Group(directory_id, id.to_owned()),
    });
    done.events.push(event);
}

fn member_values(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "value": id })).collect())
}

async fn create_group(api: &dyn Api, op: &Operation, members: Vec<String>, done: &mut Done) {
    let Some(directory_id) = op.directory_id.clone() else {
        return;
    };
    let name = op
        .group_change
        .display_name
        .clone()
        .unwrap_or_else(|| op.subject.clone());
    if members.is_empty() {
        let mut event = event_for(op, op.kind.event_name(), Outcome::Skipped);
        event.error = Some("none of its members could be provisioned".to_owned());
        done.events.push(event);
        return;
    }
    let body = json!({
        "schemas": [scim_core::schema::urn::GROUP],
        "displayName": name,
        "members": member_values(&members),
    });
    done.requests += 1;
    match api.create(Kind::Group, body).await {
        Ok(created) => record_created(op, Kind::Group, directory_id, &created, done),
        Err(e) => done.events.push(failed(op, &e)),
    }
}

/// The PATCH of a group change: rename, members added in one operation,
/// members removed one filter each.
fn group_patch(name: Option<&str>, add: &[String], remove: &[String]) -> PatchOp {
    let mut operations = Vec::new();
    if let Some(name) = name {
        operations.push(PatchOperation::replace("displayName", Value::from(name)));
    }
    if !add.is_empty() {
        operations.push(PatchOperation::add("members", member_values(add)));
    }
    for id in remove {
        // The id is written as a JSON string, so quotes and backslashes in
        // it cannot change the filter.
        let quoted = Value::from(id.as_str()).to_string();
        operations.push(PatchOperation::remove(format!(
            "members[value eq {quoted}]"
        )));
    }
    PatchOp::new(operations)
}

/// The PUT body of a group change: the listed group with its name and
/// members replaced, read-only `meta` left out.
fn group_put(current: &Value, name: Option<&str>, add: &[String], remove: &[String]) -> Value {
    let mut body: Map<String, Value> = current.as_object().cloned().unwrap_or_default();
    body.retain(|k, _| !k.eq_ignore_ascii_case("meta") && !k.eq_ignore_ascii_case("members"));
    if let Some(name) = name {
        body.retain(|k, _| !k.eq_ignore_ascii_case("displayName"));
        body.insert("displayName".to_owned(), Value::from(name));
    }
    let mut members: Vec<String> = group_member_ids(current)
        .into_iter()
        .filter(|id| !remove.iter().any(|r| r == id))
        .map(str::to_owned)
        .collect();
    for id in add {
        if !members.contains(id) {
            members.push(id.clone());
        }
    }
    body.insert("members".to_owned(), member_values(&members));
    Value::Object(body)
}

async fn update_group(
    api: &dyn Api,
    shape: &dyn Shape,
    op: &Operation,
    members: Vec<String>,
    done: &mut Done,
) {
    let (Some(directory_id), Some(target_id)) = (&op.directory_id, &op.target_id) else {
        return;
    };
    if op.kind == OperationKind::TakeOverGroup {
        done.links
            .push(Link::Group(directory_id.clone(), target_id.clone()));
    }
    let change = &op.group_change;
    let name = change.display_name.as_deref();
    let add: Vec<String> = match &op.current {
        Some(current) => {
            let present = group_member_ids(current);
            members
                .into_iter()
                .filter(|m| !present.contains(&m.as_str()))
                .collect()
        }
        None => members,
    };
    if name.is_none() && add.is_empty() && change.remove.is_empty() {
        done.events
            .push(event_for(op, op.kind.event_name(), Outcome::Success));
        return;
    }
    done.requests += 1;
    let result = match (shape.caps().group_update, &op.current) {
        (UpdateStyle::Put, Some(current)) => {
            let body = group_put(current, name, &add, &change.remove);
            api.replace(Kind::Group, target_id, body).await
        }
        _ => {
            let body = group_patch(name, &add, &change.remove);
            api.patch(Kind::Group, target_id, body).await
        }
    };
    match result {
        Ok(()) => done
            .events
            .push(event_for(op, op.kind.event_name(), Outcome::Success)),
        Err(e) => {
            if e.is_not_found() {
                done.links.push(Link::UnlinkGroup(directory_id.clone()));
            }
            done.events.push(failed(op, &e));
        }
    }
}
