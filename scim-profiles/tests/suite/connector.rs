//! Connector scenarios on the emulations of Smartsheet, SparkPost,
//! monday.com and the generic profile: one test per rule, each run
//! against every profile it applies to.

use scim_profiles::connector::{
    ConnectionError, ConnectorOptions, DeprovisionGuard, Directory, DirectoryGroup, EventName,
    ImportStatus, OperationKind, Outcome,
};
use scim_profiles::smartsheet::{RoleCode, SeatMapping};
use scim_profiles::{Deprovision, DirectoryProperty as P, UpdateMethod};
use serde_json::json;

use crate::connector_support::*;

fn destructive(setup: &Setup) -> bool {
    setup.profile.rules.deprovision != Deprovision::Deactivate
}

#[test]
fn initial_sync_provisions_bound_users_and_non_empty_groups() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let report = s.sync(&directory());
        assert!(report.is_success(), "{}: {report}", profile.name);
        let mut names: Vec<String> = s
            .users()
            .iter()
            .map(|u| u["userName"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [login("ann"), login("bob"), login("cat")],
            "{}: only bound users",
            profile.name
        );
        assert_eq!(report.counts(EventName::UserCreateProvision).succeeded, 3);
        if profile.capabilities.groups {
            assert_eq!(s.members("Sales"), [login("ann"), login("bob")]);
            assert_eq!(s.members("Support"), [login("bob"), login("cat")]);
            assert!(
                s.group("Empty").is_none(),
                "{}: empty group created",
                profile.name
            );
            assert!(s.group("Alumni").is_none());
        } else {
            assert_eq!(report.counts(EventName::GroupCreateProvision).succeeded, 0);
        }
        for user in s.users() {
            assert_eq!(user["active"], true, "{}: {user}", profile.name);
        }
    }
}

#[test]
fn a_sync_without_changes_sends_no_write() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let dir = directory();
        s.sync(&dir);
        let writes = s.writes();
        let plan = s.plan(&dir);
        assert!(plan.is_empty(), "{}: {plan}", profile.name);
        let report = s.sync(&dir);
        assert_eq!(s.writes(), writes, "{}: {report}", profile.name);
    }
}

#[test]
fn existing_target_users_and_groups_are_taken_over() {
    for profile in profiles() {
        let target = emulator(profile).build();
        target
            .insert(
                "User",
                json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": login("ann"),
                    "emails": [{"value": login("ann"), "primary": true}],
                    "active": true
                }),
            )
            .unwrap();
        if profile.capabilities.groups {
            target
                .insert(
                    "Group",
                    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Sales"}),
                )
                .unwrap();
        }
        let mut s = Setup::with_target(profile, target);
        let dir = directory();
        let plan = s.plan(&dir);
        assert_eq!(
            plan.count(OperationKind::TakeOverUser),
            1,
            "{}: {plan}",
            profile.name
        );
        assert_eq!(
            plan.count(OperationKind::CreateUser),
            2,
            "{}: {plan}",
            profile.name
        );
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(s.users().len(), 3, "{}: duplicated", profile.name);
        if profile.capabilities.groups {
            assert_eq!(s.groups().len(), 2, "{}", profile.name);
            assert_eq!(s.members("Sales"), [login("ann"), login("bob")]);
        }
        // The taken-over user got the directory's attributes.
        let (property, path) = changeable(profile);
        let ann = s.user(&login("ann")).unwrap();
        assert!(
            ann.get(path).is_some(),
            "{}: {property} not sent: {ann}",
            profile.name
        );
    }
}

#[test]
fn a_user_with_the_same_user_name_and_another_email_is_not_taken_over() {
    let profile = profile("generic");
    let target = emulator(profile).build();
    target
        .insert(
            "User",
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                   "userName": login("ann"),
                   "emails": [{"value": "someone.else@example.org"}]}),
        )
        .unwrap();
    let mut s = Setup::with_target(profile, target);
    let report = s.sync(&directory());
    assert_eq!(
        report.counts(EventName::UserCreateProvision).failed,
        1,
        "{report}"
    );
    let ann = s.user(&login("ann")).unwrap();
    assert_eq!(ann["emails"][0]["value"], "someone.else@example.org");
}

#[test]
fn attribute_changes_are_sent_as_the_profile_requires() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        let (property, path) = changeable(profile);
        dir.user_mut("u1")
            .unwrap()
            .set(property.clone(), "Changed")
            .unwrap();
        let before = s.target.counters();
        let plan = s.plan(&dir);
        assert_eq!(
            plan.count(OperationKind::UpdateUser),
            1,
            "{}: {plan}",
            profile.name
        );
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        let after = s.target.counters();
        let ann = s.user(&login("ann")).unwrap();
        let sent = if path == "name" {
            ann["name"]["givenName"].clone()
        } else {
            ann[path].clone()
        };
        assert_eq!(sent, "Changed", "{}: {ann}", profile.name);
        // One request: a PATCH where the target takes PATCH, else a PUT.
        let (patches, puts) = (after.patches - before.patches, after.puts - before.puts);
        let caps = &profile.capabilities;
        let by_patch = caps.patch && (caps.preferred_update == UpdateMethod::Patch || !caps.put);
        if by_patch {
            assert_eq!((patches, puts), (1, 0), "{}", profile.name);
        } else {
            assert_eq!((patches, puts), (0, 1), "{}", profile.name);
        }
    }
}

#[test]
fn monday_changes_active_and_user_type_only_by_patch() {
    let profile = profile("monday");
    let mut s = Setup::new(profile);
    let mut dir = directory();
    s.sync(&dir);
    dir.user_mut("u1")
        .unwrap()
        .set(P::UserType, "viewer")
        .unwrap();
    dir.user_mut("u2").unwrap().set(P::Suspended, true).unwrap();
    let before = s.target.counters();
    let report = s.sync(&dir);
    assert!(report.is_success(), "{report}");
    let after = s.target.counters();
    assert_eq!(after.puts, before.puts, "a PUT carried active or userType");
    assert_eq!(s.user(&login("ann")).unwrap()["userType"], "viewer");
    assert_eq!(s.user(&login("bob")).unwrap()["active"], false);
}

#[test]
fn suspended_or_expired_users_are_deprovisioned() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        dir.user_mut("u1").unwrap().set(P::Suspended, true).unwrap();
        dir.user_mut("u3")
            .unwrap()
            .set(P::PasswordExpired, true)
            .unwrap();
        let plan = s.plan(&dir);
        assert_eq!(plan.deprovisions(), 2, "{}: {plan}", profile.name);
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        for name in ["ann", "cat"] {
            match s.user(&login(name)) {
                Some(user) => {
                    assert!(!destructive(&s), "{}: {name} kept", profile.name);
                    assert_eq!(user["active"], false, "{}", profile.name);
                }
                None => assert!(destructive(&s), "{}: {name} deleted", profile.name),
            }
        }
        // Reinstated: active again (re-created where deprovisioning deleted).
        dir.user_mut("u1")
            .unwrap()
            .set(P::Suspended, false)
            .unwrap();
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(
            s.user(&login("ann")).unwrap()["active"],
            true,
            "{}",
            profile.name
        );
        if profile.capabilities.groups {
            assert!(
                s.members("Sales").contains(&login("ann")),
                "{}",
                profile.name
            );
        }
    }
}

#[test]
fn unbound_users_are_deprovisioned_unless_in_another_bound_group() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        // bob leaves Sales but stays in Support; ann leaves Sales, her only group.
        let sales = dir.group_mut("g1").unwrap();
        sales.members.remove("u1");
        sales.members.remove("u2");
        sales.members.insert("u3".to_owned());
        let plan = s.plan(&dir);
        assert_eq!(plan.deprovisions(), 1, "{}: {plan}", profile.name);
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(s.user(&login("bob")).unwrap()["active"], true);
        match s.user(&login("ann")) {
            Some(ann) => assert_eq!(ann["active"], false, "{}", profile.name),
            None => assert!(destructive(&s), "{}", profile.name),
        }
        if profile.capabilities.groups {
            assert_eq!(s.members("Sales"), [login("cat")], "{}", profile.name);
        }
        let kind = if profile.rules.deprovision == Deprovision::Delete {
            EventName::UserDeleteProvision
        } else {
            EventName::UserDeprovision
        };
        assert_eq!(
            report.counts(kind).succeeded,
            1,
            "{}: {report}",
            profile.name
        );
    }
}

#[test]
fn groups_rename_and_membership_changes_propagate() {
    for profile in profiles().filter(|p| p.capabilities.groups) {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        let sales = dir.group_mut("g1").unwrap();
        sales.name = "Sales EMEA".to_owned();
        sales.members.insert("u3".to_owned());
        let before = s.target.counters();
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert!(s.group("Sales").is_none(), "{}", profile.name);
        assert_eq!(
            s.members("Sales EMEA"),
            [login("ann"), login("bob"), login("cat")],
            "{}",
            profile.name
        );
        // One group request for the rename and the new member.
        let after = s.target.counters();
        assert_eq!(
            after.writes - before.writes,
            1,
            "{}: {report}",
            profile.name
        );
        assert_eq!(report.counts(EventName::GroupUpdateProvision).succeeded, 1);
    }
}

#[test]
fn a_deleted_group_is_deleted_and_its_members_deprovisioned() {
    for profile in profiles().filter(|p| p.capabilities.groups) {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        dir.remove_group("g2");
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert!(s.group("Support").is_none(), "{}", profile.name);
        assert_eq!(report.counts(EventName::GroupDeleteProvision).succeeded, 1);
        // bob is still in Sales; cat was only in Support.
        assert_eq!(s.user(&login("bob")).unwrap()["active"], true);
        match s.user(&login("cat")) {
            Some(cat) => assert_eq!(cat["active"], false, "{}", profile.name),
            None => assert!(destructive(&s), "{}", profile.name),
        }
    }
}

#[test]
fn an_unbound_group_is_left_as_it_is_and_its_members_deprovisioned() {
    for profile in profiles().filter(|p| p.capabilities.groups) {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        dir.group_mut("g2").unwrap().bound = false;
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert!(
            s.group("Support").is_some(),
            "{}: group deleted",
            profile.name
        );
        assert_eq!(s.user(&login("bob")).unwrap()["active"], true);
        match s.user(&login("cat")) {
            Some(cat) => assert_eq!(cat["active"], false, "{}", profile.name),
            None => assert!(destructive(&s), "{}", profile.name),
        }
        // The group no longer syncs: a rename in the directory is not sent.
        dir.group_mut("g2").unwrap().name = "Support old".to_owned();
        let writes = s.writes();
        s.sync(&dir);
        assert_eq!(s.writes(), writes, "{}", profile.name);
        assert!(s.group("Support").is_some());
    }
}

#[test]
fn with_group_management_disabled_groups_are_left_alone() {
    for profile in profiles().filter(|p| p.capabilities.groups) {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        dir.set_group_management(false);
        let sales = dir.group_mut("g1").unwrap();
        sales.name = "Renamed".to_owned();
        sales.members.insert("u4".to_owned());
        dir.remove_group("g2");
        dir.user_mut("u1")
            .unwrap()
            .set(P::Email, "ann.new@example.com")
            .unwrap();
        let plan = s.plan(&dir);
        assert!(
            plan.operations().iter().all(|op| op.kind.is_user()),
            "{}: {plan}",
            profile.name
        );
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(s.members("Sales"), [login("ann"), login("bob")]);
        // Support keeps its members, except where deprovisioning deleted cat.
        let support = if destructive(&s) {
            vec![login("bob")]
        } else {
            vec![login("bob"), login("cat")]
        };
        assert_eq!(s.members("Support"), support, "{}", profile.name);
        // Users are still managed: dan, now in Sales, is provisioned (but
        // not added to the group); cat, only in a deleted group, is
        // deprovisioned; ann's email is updated.
        assert_eq!(s.user(&login("dan")).unwrap()["active"], true);
        match s.user(&login("cat")) {
            Some(cat) => assert_eq!(cat["active"], false, "{}", profile.name),
            None => assert!(destructive(&s), "{}", profile.name),
        }
        let ann = s.user(&login("ann")).unwrap();
        assert_eq!(
            ann["emails"][0]["value"], "ann.new@example.com",
            "{}",
            profile.name
        );
    }
}

#[test]
fn smartsheet_seats_follow_the_group_mapping() {
    let profile = profile("smartsheet");
    let mut s = Setup::new(profile);
    s.connector = std::mem::replace(&mut s.connector, Setup::new(profile).connector).with_seats(
        SeatMapping::new()
            .group("Sales", RoleCode::LicensedUser)
            .group("Support", RoleCode::UserAdmin),
    );
    let mut dir = directory();
    let report = s.sync(&dir);
    assert!(report.is_success(), "{report}");
    let roles = |s: &Setup, name: &str| -> Vec<String> {
        let mut codes: Vec<String> = s.user(&login(name)).unwrap()["roles"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|e| e["value"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        codes.sort();
        codes
    };
    assert_eq!(roles(&s, "ann"), ["LICENSED_USER"]);
    assert_eq!(roles(&s, "bob"), ["LICENSED_USER", "USER_ADMIN"]);
    assert_eq!(roles(&s, "cat"), ["USER_ADMIN"]);
    // cat joins Sales: Contributor -> Member, sent as a user update.
    dir.group_mut("g1").unwrap().members.insert("u3".to_owned());
    let plan = s.plan(&dir);
    let cat = plan
        .operations()
        .iter()
        .find(|op| op.subject == login("cat") && op.kind == OperationKind::UpdateUser)
        .unwrap_or_else(|| panic!("no seat update: {plan}"));
    assert!(cat.to_string().contains("Contributor to Member"), "{cat}");
    let report = s.sync(&dir);
    assert!(report.is_success(), "{report}");
    assert_eq!(roles(&s, "cat"), ["LICENSED_USER", "USER_ADMIN"]);
}

#[test]
fn destructive_effects_need_an_opt_in() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let mut dir = directory();
        s.sync(&dir);
        s.connector
            .update_options(ConnectorOptions::default().guard(DeprovisionGuard::disabled()));
        dir.remove_user("u1");
        let plan = s.plan(&dir);
        assert_eq!(
            plan.destructive().count() > 0,
            destructive(&s),
            "{}: {plan}",
            profile.name
        );
        let report = s.sync(&dir);
        let ann = s.user(&login("ann"));
        if destructive(&s) {
            assert!(ann.is_some(), "{}: deleted without opt-in", profile.name);
            assert_eq!(report.skipped(), 1, "{}: {report}", profile.name);
            s.connector.update_options(
                ConnectorOptions::default()
                    .allow_destructive(true)
                    .guard(DeprovisionGuard::disabled()),
            );
            let report = s.sync(&dir);
            assert!(report.is_success(), "{}: {report}", profile.name);
            assert!(s.user(&login("ann")).is_none(), "{}", profile.name);
        } else {
            assert!(report.is_success(), "{}: {report}", profile.name);
            assert_eq!(ann.unwrap()["active"], false);
        }
    }
}

#[test]
fn the_mass_deprovision_guard_stops_before_any_write() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let dir = big_directory(40);
        s.sync(&dir);
        s.connector.update_options(
            ConnectorOptions::default().allow_destructive(true).guard(
                DeprovisionGuard::default()
                    .max_count(Some(10))
                    .max_percent(Some(20)),
            ),
        );
        let mut shrunk = dir.clone();
        // 9 of 40 (22 %): over the percentage.
        for i in 0..9 {
            shrunk.remove_user(&format!("u{i}"));
        }
        let writes = s.writes();
        let report = s.sync(&shrunk);
        let stop = report
            .stopped_by()
            .unwrap_or_else(|| panic!("{}: {report}", profile.name));
        assert_eq!((stop.deprovisions, stop.managed), (9, 40));
        assert_eq!(s.writes(), writes, "{}: wrote", profile.name);
        // Everyone gone at once: over the count too.
        let report = s.sync(&Directory::new());
        assert!(report.stopped_by().is_some());
        assert_eq!(s.writes(), writes);
        // Within the limits: applied.
        let mut few = dir.clone();
        few.remove_user("u0");
        let report = s.sync(&few);
        assert!(report.is_success(), "{}: {report}", profile.name);
    }
}

#[test]
fn import_lists_active_target_users_the_directory_lacks() {
    for profile in profiles() {
        let target = emulator(profile).build();
        for (name, active) in [("erin", true), ("fred", false), ("dan", true)] {
            target
                .insert_unprovisioned(
                    "User",
                    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                           "userName": login(name),
                           "emails": [{"value": login(name)}],
                           "active": active}),
                )
                .unwrap();
        }
        let mut s = Setup::with_target(profile, target);
        let dir = directory();
        s.sync(&dir);
        let found = pollster::block_on(s.connector.import(&dir)).unwrap();
        let mut seen: Vec<(String, ImportStatus)> = found
            .iter()
            .map(|c| (c.user_name.clone(), c.status))
            .collect();
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            seen,
            [
                (login("dan"), ImportStatus::Imported),
                (login("erin"), ImportStatus::New)
            ],
            "{}",
            profile.name
        );
    }
}

#[test]
fn connection_check_explains_401_403_404_and_survives_rotation() {
    let profile = profile("generic");
    let target = emulator(profile).build();
    let auth = scim_client::Auth::bearer("wrong").unwrap();
    let client = scim_client::Client::builder(target.base_url().clone())
        .auth(auth.clone())
        .build(target.clone())
        .unwrap();
    let log = std::sync::Arc::new(scim_profiles::connector::EventLog::new());
    let connector =
        scim_profiles::connector::Connector::new(client, profile).with_sink(log.clone());
    let err = pollster::block_on(connector.activate()).unwrap_err();
    assert_eq!(err, ConnectionError::Unauthorized);
    assert!(err.to_string().contains("401"), "{err}");
    auth.set_bearer(TOKEN).unwrap();
    pollster::block_on(connector.reauthenticated()).unwrap();
    let events = log.events();
    assert_eq!(events[0].name, EventName::IdmIntegrationActivate);
    assert_eq!(events[0].outcome, Outcome::Failure);
    assert_eq!(events[1].name, EventName::IdmIntegrationReauth);
    assert_eq!(events[1].outcome, Outcome::Success);
    assert!(!format!("{events:?}").contains(TOKEN));
    let state = connector.delete();
    assert!(state.users().next().is_none());
    assert_eq!(log.events()[2].name, EventName::IdmIntegrationDelete);

    // A wrong base path: 404.
    let client = scim_client::Client::builder("http://localhost/nothing/here/".parse().unwrap())
        .auth(scim_client::Auth::bearer(TOKEN).unwrap())
        .build(target.clone())
        .unwrap();
    let connector = scim_profiles::connector::Connector::new(client, profile);
    let err = pollster::block_on(connector.check()).unwrap_err();
    assert_eq!(err, ConnectionError::NotFound, "{err}");

    // A token without permission: 403.
    let forbidden = |_req: scim_client::transport::HttpRequest| async {
        Ok::<_, std::io::Error>(
            scim_client::http::Response::builder()
                .status(403)
                .header("content-type", "application/scim+json")
                .body(br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"403","detail":"no"}"#.to_vec())
                .unwrap(),
        )
    };
    let client = scim_client::Client::builder("https://example.com/scim/v2/".parse().unwrap())
        .build(forbidden)
        .unwrap();
    let connector = scim_profiles::connector::Connector::new(client, profile);
    assert_eq!(
        pollster::block_on(connector.check()).unwrap_err(),
        ConnectionError::Forbidden
    );
}

#[test]
fn events_name_every_step_and_progress_reaches_the_total() {
    let profile = profile("monday");
    let mut s = Setup::new(profile);
    let mut dir = directory();
    let report = s.sync(&dir);
    let progress = s.log.last_progress();
    assert_eq!(progress.done, progress.total);
    assert_eq!(report.progress(), progress);
    dir.group_mut("g1").unwrap().name = "Sales EMEA".to_owned();
    dir.remove_group("g2");
    s.log.take();
    s.sync(&dir);
    let events = s.log.events();
    let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    for expected in [
        "group_update_provision",
        "group_delete_provision",
        "user_deprovision",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn group_members_are_added_once_a_user_exists() {
    // A group whose members were all created in the same run.
    let profile = profile("generic");
    let mut s = Setup::new(profile);
    let mut dir = Directory::new();
    dir.insert_user("u1", person("ann"));
    dir.insert_group(DirectoryGroup::new("g1", "New team").with_members(["u1"]));
    let report = s.sync(&dir);
    assert!(report.is_success(), "{report}");
    assert_eq!(s.members("New team"), [login("ann")]);
}

#[test]
fn with_lookups_each_new_user_is_looked_up_first() {
    let profile = profile("generic");
    let mut s = Setup::new(profile);
    s.connector.update_options(
        ConnectorOptions::default()
            .lookups(true)
            .guard(DeprovisionGuard::disabled()),
    );
    let dir = directory();
    let plan = s.plan(&dir);
    assert_eq!(plan.count(OperationKind::CreateUser), 3, "{plan}");
    // bob appears in the target after the listing.
    s.target
        .insert(
            "User",
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                   "userName": login("bob"), "emails": [{"value": login("bob")}]}),
        )
        .unwrap();
    let report = pollster::block_on(s.connector.apply(&plan));
    assert!(report.is_success(), "{report}");
    assert_eq!(s.users().len(), 3, "duplicated");
    assert_eq!(
        report.counts(EventName::UserLookupProvision).succeeded,
        3,
        "{report}"
    );
    let bob = s
        .log
        .events()
        .into_iter()
        .find(|e| e.name == EventName::UserCreateProvision && e.subject == login("bob"))
        .unwrap();
    assert!(bob.detail.contains("took over"), "{bob}");
    assert_eq!(s.members("Sales"), [login("ann"), login("bob")]);
    let plan = s.plan(&dir);
    assert!(plan.is_empty(), "{plan}");
}

#[test]
fn a_user_created_since_the_listing_is_taken_over_after_a_conflict() {
    for profile in profiles() {
        let mut s = Setup::new(profile);
        let dir = directory();
        let plan = s.plan(&dir);
        s.target
            .insert(
                "User",
                json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                       "userName": login("cat"), "emails": [{"value": login("cat")}]}),
            )
            .unwrap();
        let report = pollster::block_on(s.connector.apply(&plan));
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(s.users().len(), 3, "{}: duplicated", profile.name);
        assert_eq!(report.counts(EventName::UserLookupProvision).succeeded, 1);
        let lookup = s
            .log
            .events()
            .into_iter()
            .find(|e| e.name == EventName::UserLookupProvision)
            .unwrap();
        assert_eq!(lookup.subject, login("cat"), "{}", profile.name);
        assert_eq!(lookup.detail, "found after a uniqueness conflict");
        let cat = s.user(&login("cat")).unwrap();
        assert_eq!(lookup.target_id.as_deref(), cat["id"].as_str());
        let plan = s.plan(&dir);
        assert!(plan.is_empty(), "{}: {plan}", profile.name);
    }
}

#[test]
fn connector_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let mut s = Setup::new(profile("generic"));
    let dir = directory();
    send(&s.connector);
    send(&s.connector.plan(&dir));
    send(&s.connector.check());
    send(&s.connector.import(&dir));
    let plan = s.plan(&dir);
    send(&s.connector.apply(&plan));
    send(&s.connector.sync(&dir));
}
