//! Unit tests of planning and applying, over a small in-crate target.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use scim_core::{PatchOp, PatchOperation};
use serde_json::{Value, json};

use super::api::{Api, ApiError, Kind};
use super::apply::{ApplyOptions, apply};
use super::planner::plan;
use super::shape::{Caps, Deprovision, Shape, ShapedUpdate, UpdateStyle};
use super::target::{get_str, user_active};
use super::*;

/// A shape with `userName`, `active` and one email.
struct TestShape {
    caps: Caps,
}

impl TestShape {
    fn new(deprovision: Deprovision) -> TestShape {
        TestShape {
            caps: Caps {
                groups: true,
                group_rename: true,
                group_update: UpdateStyle::Patch,
                deprovision,
                page_size: Some(500),
            },
        }
    }
}

impl Shape for TestShape {
    fn caps(&self) -> Caps {
        self.caps.clone()
    }

    fn create_user(&self, user: &DirectoryUser) -> Result<(Value, Vec<String>), String> {
        let name = user
            .text(&DirectoryProperty::Username)
            .ok_or("no username")?;
        let mut body = json!({
            "schemas": [scim_core::schema::urn::USER],
            "userName": name,
            "active": user.flag(&DirectoryProperty::Active).unwrap_or(true),
        });
        if let Some(email) = user.text(&DirectoryProperty::Email) {
            body["emails"] = json!([{"value": email, "primary": true}]);
        }
        Ok((body, Vec::new()))
    }

    fn update_user(&self, user: &DirectoryUser, current: &Value) -> Result<ShapedUpdate, String> {
        let (want, _) = self.create_user(user)?;
        let mut ops = Vec::new();
        let mut changed = Vec::new();
        for attr in ["userName", "active", "emails"] {
            if want.get(attr).is_some() && want.get(attr) != current.get(attr) {
                changed.push(attr.to_owned());
                ops.push(PatchOperation::replace(attr, want[attr].clone()));
            }
        }
        let requests = if ops.is_empty() {
            Vec::new()
        } else {
            vec![UserRequest::Patch(PatchOp::new(ops))]
        };
        Ok(ShapedUpdate {
            requests,
            changed,
            ..ShapedUpdate::default()
        })
    }

    fn deactivate_user(&self, _: &Value) -> Vec<UserRequest> {
        vec![UserRequest::Patch(PatchOp::new(vec![
            PatchOperation::replace("active", Value::Bool(false)),
        ]))]
    }
}

/// A target keeping resources in maps, counting writes, failing the
/// `userName`s listed in `fail`, and answering creates without the new
/// `id` when `hide_new_ids` is set, and failing lookups when `fail_lookups`
/// is set.
#[derive(Default)]
struct FakeApi {
    users: Mutex<BTreeMap<String, Value>>,
    groups: Mutex<BTreeMap<String, Value>>,
    next: AtomicUsize,
    writes: AtomicUsize,
    deletes: AtomicUsize,
    fail: Mutex<Vec<String>>,
    hide_new_ids: AtomicBool,
    fail_lookups: AtomicBool,
}

impl FakeApi {
    fn map(&self, kind: Kind) -> &Mutex<BTreeMap<String, Value>> {
        match kind {
            Kind::User => &self.users,
            Kind::Group => &self.groups,
        }
    }

    fn snapshot(&self) -> TargetSnapshot {
        TargetSnapshot {
            users: self.users.lock().unwrap().values().cloned().collect(),
            groups: self.groups.lock().unwrap().values().cloned().collect(),
            complete: true,
        }
    }

    fn user(&self, name: &str) -> Option<Value> {
        self.users
            .lock()
            .unwrap()
            .values()
            .find(|u| get_str(u, "userName") == Some(name))
            .cloned()
    }

    fn group(&self, name: &str) -> Option<Value> {
        self.groups
            .lock()
            .unwrap()
            .values()
            .find(|u| get_str(u, "displayName") == Some(name))
            .cloned()
    }

    fn not_found() -> ApiError {
        ApiError {
            status: Some(404),
            message: "404 not found".to_owned(),
        }
    }
}

fn apply_patch(resource: &mut Value, patch: &PatchOp) {
    for op in &patch.operations {
        let path = op.path.clone().unwrap_or_default();
        match (op.op.as_str(), path.as_str()) {
            ("add", "members") => {
                let list = resource["members"].as_array().cloned().unwrap_or_default();
                let mut list = list;
                list.extend(
                    op.value
                        .clone()
                        .unwrap()
                        .as_array()
                        .unwrap()
                        .iter()
                        .cloned(),
                );
                resource["members"] = Value::Array(list);
            }
            ("remove", p) if p.starts_with("members[value eq ") => {
                let id: String =
                    serde_json::from_str(&p["members[value eq ".len()..p.len() - 1]).unwrap();
                if let Some(list) = resource["members"].as_array_mut() {
                    list.retain(|m| m["value"] != id.as_str());
                }
            }
            (_, p) => resource[p] = op.value.clone().unwrap_or(Value::Null),
        }
    }
}

#[async_trait::async_trait]
impl Api for FakeApi {
    async fn create(&self, kind: Kind, mut body: Value) -> Result<Value, ApiError> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        if let Some(name) = get_str(&body, "userName") {
            if self.fail.lock().unwrap().iter().any(|f| f == name) {
                return Err(ApiError {
                    status: Some(500),
                    message: "500 injected".to_owned(),
                });
            }
            if self.user(name).is_some() {
                return Err(ApiError {
                    status: Some(409),
                    message: "409 uniqueness".to_owned(),
                });
            }
        }
        let answer = body.clone();
        let id = format!("t{}", self.next.fetch_add(1, Ordering::SeqCst));
        body["id"] = Value::from(id.clone());
        self.map(kind).lock().unwrap().insert(id, body.clone());
        if self.hide_new_ids.load(Ordering::SeqCst) {
            return Ok(answer);
        }
        Ok(body)
    }

    async fn replace(&self, kind: Kind, id: &str, mut body: Value) -> Result<(), ApiError> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        let mut map = self.map(kind).lock().unwrap();
        let slot = map.get_mut(id).ok_or_else(FakeApi::not_found)?;
        body["id"] = Value::from(id);
        *slot = body;
        Ok(())
    }

    async fn patch(&self, kind: Kind, id: &str, body: PatchOp) -> Result<(), ApiError> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        let mut map = self.map(kind).lock().unwrap();
        let slot = map.get_mut(id).ok_or_else(FakeApi::not_found)?;
        apply_patch(slot, &body);
        Ok(())
    }

    async fn delete(&self, kind: Kind, id: &str) -> Result<(), ApiError> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        self.deletes.fetch_add(1, Ordering::SeqCst);
        self.map(kind)
            .lock()
            .unwrap()
            .remove(id)
            .map(|_| ())
            .ok_or_else(FakeApi::not_found)
    }

    async fn list_all(&self, kind: Kind) -> Result<Vec<Value>, ApiError> {
        Ok(self.map(kind).lock().unwrap().values().cloned().collect())
    }

    async fn discovery(&self) -> Result<(), ApiError> {
        Ok(())
    }

    async fn list_one(&self) -> Result<(), ApiError> {
        Ok(())
    }

    async fn find_user(&self, user_name: &str) -> Result<Option<Value>, ApiError> {
        if self.fail_lookups.load(Ordering::SeqCst) {
            return Err(ApiError {
                status: Some(503),
                message: "503 lookup unavailable".to_owned(),
            });
        }
        Ok(self.user(user_name))
    }
}

fn user(name: &str) -> DirectoryUser {
    DirectoryUser::new()
        .with(DirectoryProperty::Username, name)
        .unwrap()
        .with(DirectoryProperty::Email, format!("{name}@example.com"))
        .unwrap()
}

fn directory() -> Directory {
    let mut dir = Directory::new();
    for (id, name) in [("u1", "ann"), ("u2", "bob"), ("u3", "cat"), ("u4", "dan")] {
        dir.insert_user(id, user(name));
    }
    dir.insert_group(DirectoryGroup::new("g1", "Sales").with_members(["u1", "u2"]));
    dir.insert_group(DirectoryGroup::new("g2", "Support").with_members(["u2", "u3"]));
    dir.insert_group(DirectoryGroup::new("g3", "Empty"));
    dir
}

fn options() -> ApplyOptions {
    ApplyOptions {
        concurrency: 4,
        allow_destructive: false,
        guard: DeprovisionGuard::disabled(),
    }
}

struct Run {
    api: FakeApi,
    shape: TestShape,
    state: SyncState,
    log: EventLog,
}

impl Run {
    fn new(deprovision: Deprovision) -> Run {
        Run {
            api: FakeApi::default(),
            shape: TestShape::new(deprovision),
            state: SyncState::new(),
            log: EventLog::new(),
        }
    }

    fn plan(&self, dir: &Directory) -> Plan {
        plan(dir, &self.api.snapshot(), &self.state, &self.shape)
    }

    fn sync(&mut self, dir: &Directory, options: &ApplyOptions) -> (Plan, Report) {
        let plan = self.plan(dir);
        let report = pollster::block_on(apply(
            &self.api,
            &self.shape,
            &plan,
            &mut self.state,
            options,
            &self.log,
        ));
        (plan, report)
    }
}

#[test]
fn initial_sync_creates_bound_users_and_non_empty_groups() {
    let mut run = Run::new(Deprovision::Deactivate);
    let dir = directory();
    let (plan, report) = run.sync(&dir, &options());
    assert_eq!(plan.count(OperationKind::CreateUser), 3, "{plan}");
    assert_eq!(plan.count(OperationKind::CreateGroup), 2, "{plan}");
    assert!(report.is_success(), "{report}");
    assert!(run.api.user("dan").is_none(), "unbound user provisioned");
    assert!(run.api.group("Empty").is_none(), "empty group created");
    let sales = run.api.group("Sales").unwrap();
    assert_eq!(sales["members"].as_array().unwrap().len(), 2);
    assert_eq!(run.api.writes.load(Ordering::SeqCst), 5);
    assert_eq!(report.counts(EventName::UserCreateProvision).succeeded, 3);
    assert_eq!(run.log.last_progress(), Progress { done: 5, total: 5 });

    // Nothing changed: nothing planned, nothing sent.
    let (plan, _) = run.sync(&dir, &options());
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(run.api.writes.load(Ordering::SeqCst), 5);
}

#[test]
fn creates_answered_without_an_id_fail_and_link_nothing() {
    let mut run = Run::new(Deprovision::Deactivate);
    let mut dir = directory();
    run.sync(&dir, &options());
    dir.insert_user("u5", user("eve"));
    dir.insert_group(DirectoryGroup::new("g4", "Ops").with_members(["u1", "u5"]));
    run.api.hide_new_ids.store(true, Ordering::SeqCst);
    let (_, report) = run.sync(&dir, &options());
    assert_eq!(
        report.counts(EventName::UserCreateProvision).failed,
        1,
        "{report}"
    );
    assert_eq!(
        report.counts(EventName::GroupCreateProvision).failed,
        1,
        "{report}"
    );
    let problems: Vec<(&str, Option<&str>)> = report
        .problems()
        .iter()
        .map(|e| (e.subject.as_str(), e.error.as_deref()))
        .collect();
    assert!(
        problems.contains(&(
            "eve",
            Some("the target created the user without returning its id")
        )),
        "{report}"
    );
    assert!(
        problems.contains(&(
            "Ops",
            Some("the target created the group without returning its id")
        )),
        "{report}"
    );
    assert_eq!(run.state.user("u5"), None);
    assert_eq!(run.state.group("g4"), None);
    // The users linked before are still linked.
    assert!(run.state.user("u1").is_some());
}

#[test]
fn failed_lookups_are_reported_and_nothing_is_created_blindly() {
    // Before creating, with a listing that may hide users.
    let mut run = Run::new(Deprovision::Deactivate);
    run.api.fail_lookups.store(true, Ordering::SeqCst);
    let dir = directory();
    let hidden = TargetSnapshot {
        complete: false,
        ..TargetSnapshot::empty()
    };
    let lookups_first = plan(&dir, &hidden, &run.state, &run.shape);
    let report = pollster::block_on(apply(
        &run.api,
        &run.shape,
        &lookups_first,
        &mut run.state,
        &options(),
        &run.log,
    ));
    assert_eq!(
        report.counts(EventName::UserLookupProvision).failed,
        3,
        "{report}"
    );
    assert_eq!(
        report.counts(EventName::UserCreateProvision).skipped,
        3,
        "{report}"
    );
    assert!(run.api.users.lock().unwrap().is_empty());
    let lookup = run
        .log
        .events()
        .into_iter()
        .find(|e| e.name == EventName::UserLookupProvision && e.subject == "ann")
        .unwrap();
    assert_eq!(lookup.outcome, Outcome::Failure);
    assert_eq!(lookup.error.as_deref(), Some("503 lookup unavailable"));

    // After a uniqueness conflict: the create fails with the conflict.
    let mut run = Run::new(Deprovision::Deactivate);
    pollster::block_on(run.api.create(Kind::User, json!({"userName": "ann"}))).unwrap();
    run.api.fail_lookups.store(true, Ordering::SeqCst);
    let blind = plan(&dir, &TargetSnapshot::empty(), &run.state, &run.shape);
    let report = pollster::block_on(apply(
        &run.api,
        &run.shape,
        &blind,
        &mut run.state,
        &options(),
        &run.log,
    ));
    assert_eq!(
        report.counts(EventName::UserLookupProvision).failed,
        1,
        "{report}"
    );
    let ann: Vec<(EventName, Outcome, Option<String>)> = run
        .log
        .events()
        .into_iter()
        .filter(|e| e.subject == "ann")
        .map(|e| (e.name, e.outcome, e.error))
        .collect();
    assert_eq!(
        ann,
        [
            (
                EventName::UserLookupProvision,
                Outcome::Failure,
                Some("503 lookup unavailable".to_owned())
            ),
            (
                EventName::UserCreateProvision,
                Outcome::Failure,
                Some("409 uniqueness".to_owned())
            ),
        ]
    );
    assert_eq!(run.state.user("u1"), None);
}

#[test]
fn takeover_instead_of_duplicate() {
    let mut run = Run::new(Deprovision::Deactivate);
    pollster::block_on(run.api.create(
        Kind::User,
        json!({"userName": "ann", "emails": [{"value": "ann@example.com"}], "active": false}),
    ))
    .unwrap();
    pollster::block_on(
        run.api
            .create(Kind::Group, json!({"displayName": "sales", "members": []})),
    )
    .unwrap();
    let dir = directory();
    let (plan, report) = run.sync(&dir, &options());
    assert_eq!(plan.count(OperationKind::TakeOverUser), 1, "{plan}");
    assert_eq!(plan.count(OperationKind::TakeOverGroup), 1, "{plan}");
    assert!(report.is_success(), "{report}");
    assert_eq!(run.api.users.lock().unwrap().len(), 3);
    assert_eq!(run.api.groups.lock().unwrap().len(), 2);
    let ann = run.api.user("ann").unwrap();
    assert!(user_active(&ann), "taken-over user not reactivated");
}

#[test]
fn takeover_refused_when_emails_differ() {
    let run = Run::new(Deprovision::Deactivate);
    pollster::block_on(run.api.create(
        Kind::User,
        json!({"userName": "ann", "emails": [{"value": "other@example.com"}]}),
    ))
    .unwrap();
    let plan = run.plan(&directory());
    let op = plan
        .operations()
        .iter()
        .find(|op| op.subject == "ann")
        .unwrap();
    assert!(op.invalid.is_some(), "{plan}");
}

#[test]
fn group_changes_rename_members_delete_unbind() {
    let mut run = Run::new(Deprovision::Deactivate);
    let mut dir = directory();
    run.sync(&dir, &options());
    let writes = run.api.writes.load(Ordering::SeqCst);

    dir.group_mut("g1").unwrap().name = "Sales EMEA".to_owned();
    dir.group_mut("g1").unwrap().members.remove("u1");
    let (plan, report) = run.sync(&dir, &options());
    assert!(report.is_success(), "{report}");
    // ann is deprovisioned (in no other bound group) and removed from Sales.
    assert_eq!(plan.count(OperationKind::DeactivateUser), 1, "{plan}");
    let sales = run.api.group("Sales EMEA").unwrap();
    assert_eq!(sales["members"].as_array().unwrap().len(), 1);
    assert!(!user_active(&run.api.user("ann").unwrap()));
    assert_eq!(run.api.writes.load(Ordering::SeqCst), writes + 2);

    // Support deleted: deleted in the target; cat deprovisioned, bob stays
    // (still in Sales EMEA).
    dir.remove_group("g2");
    let (plan, report) = run.sync(&dir, &options());
    assert!(report.is_success(), "{report}");
    assert_eq!(plan.count(OperationKind::DeleteGroup), 1, "{plan}");
    assert!(run.api.group("Support").is_none());
    assert!(!user_active(&run.api.user("cat").unwrap()));
    assert!(user_active(&run.api.user("bob").unwrap()));

    // Sales EMEA unbound: left as it is, bob deprovisioned.
    dir.group_mut("g1").unwrap().bound = false;
    let (plan, report) = run.sync(&dir, &options());
    assert!(report.is_success(), "{report}");
    assert_eq!(plan.count(OperationKind::ReleaseGroup), 1, "{plan}");
    assert!(run.api.group("Sales EMEA").is_some());
    assert!(!user_active(&run.api.user("bob").unwrap()));
    assert_eq!(run.api.deletes.load(Ordering::SeqCst), 1);
}

#[test]
fn group_management_disabled_leaves_groups() {
    let mut run = Run::new(Deprovision::Deactivate);
    let mut dir = directory();
    dir.set_group_management(false);
    let (plan, _) = run.sync(&dir, &options());
    assert_eq!(plan.count(OperationKind::CreateGroup), 0);
    assert_eq!(plan.count(OperationKind::CreateUser), 3);
    assert!(run.api.groups.lock().unwrap().is_empty());
}

#[test]
fn suspended_and_expired_users_are_deactivated() {
    let mut run = Run::new(Deprovision::Deactivate);
    let mut dir = directory();
    run.sync(&dir, &options());
    dir.user_mut("u1")
        .unwrap()
        .set(DirectoryProperty::Suspended, true)
        .unwrap();
    dir.user_mut("u2")
        .unwrap()
        .set(DirectoryProperty::PasswordExpired, true)
        .unwrap();
    let (plan, _) = run.sync(&dir, &options());
    assert_eq!(plan.count(OperationKind::DeactivateUser), 2, "{plan}");
    assert!(!user_active(&run.api.user("ann").unwrap()));
    assert!(!user_active(&run.api.user("bob").unwrap()));
    // Reinstated: reactivated by an update.
    dir.user_mut("u1")
        .unwrap()
        .set(DirectoryProperty::Suspended, false)
        .unwrap();
    let (plan, _) = run.sync(&dir, &options());
    assert_eq!(plan.count(OperationKind::UpdateUser), 1, "{plan}");
    assert!(user_active(&run.api.user("ann").unwrap()));
}

#[test]
fn destructive_needs_opt_in_and_guard_stops_before_writes() {
    let mut run = Run::new(Deprovision::Delete);
    let mut dir = directory();
    run.sync(&dir, &options());
    let writes = run.api.writes.load(Ordering::SeqCst);
    dir.remove_user("u1");
    let (plan, report) = run.sync(&dir, &options());
    assert_eq!(plan.destructive().count(), 1, "{plan}");
    assert_eq!(
        report.counts(EventName::UserDeleteProvision).skipped,
        1,
        "{report}"
    );
    assert!(run.api.user("ann").is_some());
    // The membership removal still went out? No: the user is to be deleted.
    assert_eq!(run.api.writes.load(Ordering::SeqCst), writes);

    let guard = DeprovisionGuard::default().max_count(Some(0));
    let stop = ApplyOptions {
        allow_destructive: true,
        guard,
        ..options()
    };
    let (_, report) = run.sync(&dir, &stop);
    assert!(report.stopped_by().is_some(), "{report}");
    assert_eq!(run.api.writes.load(Ordering::SeqCst), writes);

    let opt_in = ApplyOptions {
        allow_destructive: true,
        ..options()
    };
    let (_, report) = run.sync(&dir, &opt_in);
    assert!(report.is_success(), "{report}");
    assert!(run.api.user("ann").is_none());
    assert!(run.state.user("u1").is_none());
}

#[test]
fn a_second_run_fixes_what_the_first_left() {
    let mut run = Run::new(Deprovision::Deactivate);
    let dir = directory();
    run.api.fail.lock().unwrap().push("bob".to_owned());
    let (_, report) = run.sync(&dir, &options());
    assert_eq!(
        report.counts(EventName::UserCreateProvision).failed,
        1,
        "{report}"
    );
    assert!(run.api.user("bob").is_none());
    run.api.fail.lock().unwrap().clear();
    let (_, report) = run.sync(&dir, &options());
    assert!(report.is_success(), "{report}");
    let sales = run.api.group("Sales").unwrap();
    assert_eq!(sales["members"].as_array().unwrap().len(), 2);
    let (plan, _) = run.sync(&dir, &options());
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn unmanaged_target_users_are_never_touched() {
    let mut run = Run::new(Deprovision::Delete);
    pollster::block_on(run.api.create(Kind::User, json!({"userName": "zed"}))).unwrap();
    let dir = directory();
    let opt_in = ApplyOptions {
        allow_destructive: true,
        ..options()
    };
    run.sync(&dir, &opt_in);
    run.sync(&Directory::new(), &opt_in);
    assert!(run.api.user("zed").is_some());
    assert_eq!(run.api.deletes.load(Ordering::SeqCst), 3 + 2);
}

#[test]
fn import_lists_active_unmanaged_target_users() {
    let mut run = Run::new(Deprovision::Deactivate);
    let dir = directory();
    run.sync(&dir, &options());
    for (name, active) in [("erin", true), ("fred", false), ("dan", true)] {
        pollster::block_on(run.api.create(
            Kind::User,
            json!({"userName": name, "active": active, "emails": [{"value": format!("{name}@example.com")}]}),
        ))
        .unwrap();
    }
    // Directory user dan exists but is not bound: Imported.
    let found = import_candidates(&dir, &run.api.snapshot(), &run.state);
    let mut seen: Vec<(String, ImportStatus)> = found
        .iter()
        .map(|c| (c.user_name.clone(), c.status))
        .collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [
            ("dan".to_owned(), ImportStatus::Imported),
            ("erin".to_owned(), ImportStatus::New)
        ]
    );
}

#[test]
fn guard_thresholds() {
    let guard = DeprovisionGuard::default();
    assert_eq!(
        guard.check(5, 5),
        Ok(()),
        "small directories can lose a few"
    );
    assert!(guard.check(6, 10).is_err());
    assert_eq!(guard.check(6, 100), Ok(()));
    assert_eq!(guard.check(100, 10_000), Ok(()));
    let err = guard.check(101, 10_000).unwrap_err();
    assert_eq!(err.limit, Limit::Count(100));
    assert!(err.to_string().contains("101 of 10000"), "{err}");
    assert_eq!(DeprovisionGuard::disabled().check(1000, 1000), Ok(()));
    let strict = DeprovisionGuard::default()
        .percent_floor(0)
        .max_percent(Some(10));
    assert_eq!(strict.check(1, 5).unwrap_err().limit, Limit::Percent(10));
}

#[test]
fn guard_counts_the_plan() {
    let mut run = Run::new(Deprovision::Deactivate);
    let dir = directory();
    run.sync(&dir, &options());
    let plan = run.plan(&Directory::new());
    assert_eq!(plan.deprovisions(), 3);
    assert_eq!(plan.managed_users(), 3);
    let guard = DeprovisionGuard::default()
        .percent_floor(2)
        .max_percent(Some(50));
    assert!(guard.check_plan(&plan).is_err());
}

mod over_the_client {
    use scim_client::Client;
    use scim_client::memory::MemoryProvider;

    use super::*;

    fn connector(provider: &MemoryProvider) -> Connector {
        let client = Client::builder(provider.base_url().clone())
            .build(provider.clone())
            .unwrap();
        Connector::over_client(
            client,
            Box::new(TestShape::new(Deprovision::Deactivate)),
            "test".to_owned(),
            Vec::new(),
            None,
        )
    }

    fn big_directory(n: usize) -> Directory {
        let mut dir = Directory::new();
        let mut all = DirectoryGroup::new("all", "Everyone");
        for i in 0..n {
            let id = format!("u{i}");
            dir.insert_user(id.clone(), user(&format!("user{i}")));
            all.members.insert(id);
        }
        dir.insert_group(all);
        dir
    }

    #[test]
    fn initial_sync_costs_one_request_per_user_and_a_resync_none() {
        let provider = MemoryProvider::new();
        let mut connector = connector(&provider);
        let dir = big_directory(1000);
        let report = pollster::block_on(connector.sync(&dir)).unwrap();
        assert!(report.is_success(), "{report}");
        let counters = provider.counters();
        assert_eq!(provider.len("User"), 1000);
        // 2 listings, 1000 creates, 1 group create.
        println!("initial sync of 1000 users: {counters:?}");
        assert!(counters.requests <= 1000 + 1 + 2, "{counters:?}");
        let before = provider.counters();
        let report = pollster::block_on(connector.sync(&dir)).unwrap();
        let after = provider.counters();
        assert_eq!(after.writes, before.writes, "{report}");
    }
}

#[test]
fn groups_are_updated_by_put_where_the_target_takes_no_patch() {
    let mut run = Run::new(Deprovision::Deactivate);
    run.shape.caps.group_update = UpdateStyle::Put;
    let mut dir = directory();
    run.sync(&dir, &options());
    let sales = dir.group_mut("g1").unwrap();
    sales.name = "Sales EMEA".to_owned();
    sales.members.remove("u1");
    sales.members.insert("u3".to_owned());
    let (_, report) = run.sync(&dir, &options());
    assert!(report.is_success(), "{report}");
    let group = run.api.group("Sales EMEA").unwrap();
    let mut members: Vec<String> = group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap().to_owned())
        .collect();
    members.sort();
    let ids = |names: &[&str]| -> Vec<String> {
        let mut ids: Vec<String> = names
            .iter()
            .map(|n| run.api.user(n).unwrap()["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(members, ids(&["bob", "cat"]));
    assert!(group.get("meta").is_none());
    let (plan, _) = run.sync(&dir, &options());
    assert!(plan.is_empty(), "{plan}");
}
