//! Each vendor rule and the Smartsheet seat mapping, run against that
//! profile's emulation of its target.

use pollster::block_on;
use scim_client::memory::MemoryProvider;
use scim_client::{Auth, Client, ListQuery};
use scim_profiles::smartsheet::{self, RoleCode, Seat, SeatChange, SeatMapping, roles_of, seat_of};
use scim_profiles::{
    DeprovisionRequest, DirectoryProperty as P, DirectoryUser, Profile, Selection, generic, monday,
    sparkpost,
};
use serde_json::{Value, json};
use url::Url;

const TOKEN: &str = "tok-123";

/// A client talking to `profile`'s emulation at `base`, with the
/// profile's list parameters, and the provider itself.
fn target(profile: &Profile, base: Url) -> (Client<MemoryProvider>, MemoryProvider) {
    let provider = profile
        .emulator()
        .base_url(base.clone())
        .bearer_token(TOKEN)
        .build();
    let mut builder = Client::builder(base).auth(Auth::bearer(TOKEN).unwrap());
    for p in profile.capabilities.list_params.iter() {
        for endpoint in ["Users", "Groups"] {
            builder = builder.query_param(endpoint, p.name.to_string(), p.value.to_string());
        }
    }
    (builder.build(provider.clone()).unwrap(), provider)
}

fn user(props: &[(P, Value)]) -> DirectoryUser {
    let mut u = DirectoryUser::new();
    for (p, v) in props {
        u.set(p.clone(), v.clone()).unwrap();
    }
    u
}

fn person(name: &str) -> DirectoryUser {
    user(&[
        (P::Username, json!(name)),
        (P::Email, json!(name)),
        (P::FirstName, json!("Barbara")),
    ])
}

fn status(err: &scim_client::Error) -> u16 {
    err.status().map(|s| s.as_u16()).unwrap_or(0)
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

// ---- Smartsheet ----

#[test]
fn smartsheet_deactivation_deletes_and_reactivation_recreates() {
    let (client, provider) = target(&smartsheet::PROFILE, smartsheet::Site::default().base_url());
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&smartsheet::PROFILE);
    let u = person("bjensen@example.com");
    let created = block_on(users.create(&sel.shaper().create(&u).unwrap().body)).unwrap();
    let id = id_of(&created.resource);

    let d = smartsheet::PROFILE.deprovisioning();
    assert!(d.effect.is_destructive());
    assert!(d.effect.reactivation_recreates());
    let DeprovisionRequest::Patch(op) = d.request else {
        panic!("{:?}", d.request)
    };
    block_on(users.patch(&id, &op)).unwrap();
    // Gone for good: no soft delete.
    assert!(provider.get("User", &id).is_none());
    let err = block_on(users.get(&id)).unwrap_err();
    assert_eq!(status(&err), 404);

    // Reactivating is creating again, from the same directory user.
    let again = block_on(users.create(&sel.shaper().create(&u).unwrap().body)).unwrap();
    assert_ne!(id_of(&again.resource), id);
    assert_eq!(again.resource["active"], true);
}

#[test]
fn smartsheet_never_sends_unsupported_attributes() {
    let (client, provider) = target(&smartsheet::PROFILE, smartsheet::Site::default().base_url());
    let users = client.resources::<Value>("Users");
    let mut u = person("a@example.com");
    u.set(P::Manager, "boss").unwrap();
    u.set(P::Division, "Ops").unwrap();
    u.set(P::Department, "Tours").unwrap();
    u.set(P::Roles, json!(["SYSTEM_ADMIN"])).unwrap();
    let shaped = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .create(&u)
        .unwrap();
    assert_eq!(shaped.dropped.len(), 3);
    let created = block_on(users.create(&shaped.body)).unwrap();
    let stored = provider.get("User", &id_of(&created.resource)).unwrap();
    let ent = &stored["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    assert_eq!(ent["department"], "Tours");
    assert!(ent.get("manager").is_none() && ent.get("division").is_none());
    assert!(stored.get("roles").is_none());
}

#[test]
fn smartsheet_lookups_only_by_user_name() {
    let (client, _) = target(&smartsheet::PROFILE, smartsheet::Site::default().base_url());
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&smartsheet::PROFILE);
    for name in ["a@example.com", "b@example.com"] {
        block_on(users.create(&sel.shaper().create(&person(name)).unwrap().body)).unwrap();
    }
    let found =
        block_on(users.list(&ListQuery::new().filter(r#"userName eq "b@example.com""#))).unwrap();
    assert_eq!(found.resources.len(), 1);
    let err = block_on(users.list(&ListQuery::new().filter(r#"title eq "x""#))).unwrap_err();
    assert_eq!(status(&err), 400);
    let err = block_on(users.list(&ListQuery::new().filter(r#"userName sw "a""#))).unwrap_err();
    assert_eq!(status(&err), 400);
}

#[test]
fn smartsheet_seats_follow_groups() {
    let (client, provider) = target(&smartsheet::PROFILE, smartsheet::Site::default().base_url());
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&smartsheet::PROFILE);
    let seats = SeatMapping::new()
        .group("ss-licensed", RoleCode::LicensedUser)
        .group("ss-viewers", RoleCode::ResourceViewer)
        .group("ss-admins", RoleCode::UserAdmin);

    // A new user in the admins and viewers groups: Member (most privileged).
    let mut u = person("c@example.com");
    u.add_group("ss-admins").add_group("ss-viewers");
    let plan = seats.plan(&u, None);
    assert_eq!(plan.change, SeatChange::Assign(Seat::Member));
    let body = sel
        .shaper()
        .with_roles(plan.roles_to_send().unwrap())
        .create(&u)
        .unwrap()
        .body;
    let created = block_on(users.create(&body)).unwrap();
    let id = id_of(&created.resource);
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(
        stored["roles"],
        json!([
            {"type": "RESOURCE_VIEWER", "value": "RESOURCE_VIEWER"},
            {"type": "USER_ADMIN", "value": "USER_ADMIN"}
        ])
    );
    assert_eq!(seat_of(roles_of(&stored)), Seat::Member);

    // Out of the viewers group: Member -> Contributor, automatically.
    let mut u2 = person("c@example.com");
    u2.add_group("ss-admins");
    let current = block_on(users.get(&id)).unwrap().resource;
    let plan = seats.plan(&u2, Some(seat_of(roles_of(&current))));
    assert_eq!(
        plan.change,
        SeatChange::Automatic {
            from: Seat::Member,
            to: Seat::Contributor
        }
    );
    let patch = sel
        .shaper()
        .with_roles(plan.roles_to_send().unwrap())
        .patch(&u2, &current)
        .unwrap()
        .body;
    block_on(users.patch(&id, &patch)).unwrap();
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(roles_of(&stored), [RoleCode::UserAdmin]);
    assert_eq!(seat_of(roles_of(&stored)), Seat::Contributor);

    // In no mapped group: still Contributor, no roles left.
    let u3 = person("c@example.com");
    let current = block_on(users.get(&id)).unwrap().resource;
    let plan = seats.plan(&u3, Some(seat_of(roles_of(&current))));
    assert_eq!(plan.change, SeatChange::Keep(Seat::Contributor));
    let patch = sel
        .shaper()
        .with_roles(plan.roles_to_send().unwrap())
        .patch(&u3, &current)
        .unwrap()
        .body;
    block_on(users.patch(&id, &patch)).unwrap();
    assert!(roles_of(&provider.get("User", &id).unwrap()).is_empty());

    // Back in the licensed group: Contributor -> Member.
    let mut u4 = person("c@example.com");
    u4.add_group("ss-licensed");
    let current = block_on(users.get(&id)).unwrap().resource;
    let plan = seats.plan(&u4, Some(seat_of(roles_of(&current))));
    assert!(plan.is_automatic());
    let body = sel
        .shaper()
        .with_roles(plan.roles_to_send().unwrap())
        .replace(&u4, &current)
        .unwrap()
        .body;
    block_on(users.replace(&id, &body)).unwrap();
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(seat_of(roles_of(&stored)), Seat::Member);
}

#[test]
fn smartsheet_provisional_members_are_not_downgraded() {
    let (client, provider) = target(&smartsheet::PROFILE, smartsheet::Site::default().base_url());
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&smartsheet::PROFILE);
    let seats = SeatMapping::new().group("ss-licensed", RoleCode::LicensedUser);
    let mut u = person("p@example.com");
    u.add_group("ss-licensed");
    let body = sel
        .shaper()
        .with_roles(seats.plan(&u, None).roles_to_send().unwrap())
        .create(&u)
        .unwrap()
        .body;
    let id = id_of(&block_on(users.create(&body)).unwrap().resource);

    // Smartsheet says this user is a Provisional Member (not visible in
    // SCIM); the directory drops them from every mapped group.
    let gone = person("p@example.com");
    let plan = seats.plan(&gone, Some(Seat::ProvisionalMember));
    assert_eq!(
        plan.change,
        SeatChange::AdminCenter {
            from: Seat::ProvisionalMember,
            to: Seat::Contributor
        }
    );
    assert_eq!(plan.roles_to_send(), None);
    let current = block_on(users.get(&id)).unwrap().resource;
    let patch = sel.shaper().patch(&gone, &current).unwrap().body;
    assert_eq!(patch.operations, [], "roles are left alone");
    // Nothing to send: a PATCH needs at least one operation.
    let err = block_on(users.patch(&id, &patch)).unwrap_err();
    assert_eq!(status(&err), 400);
    assert_eq!(
        roles_of(&provider.get("User", &id).unwrap()),
        [RoleCode::LicensedUser]
    );

    // Upgrades do happen: Provisional Member -> Member.
    let plan = seats.plan(&u, Some(Seat::ProvisionalMember));
    assert_eq!(
        plan.change,
        SeatChange::Automatic {
            from: Seat::ProvisionalMember,
            to: Seat::Member
        }
    );
}

// ---- monday.com ----

fn monday_target() -> (Client<MemoryProvider>, MemoryProvider) {
    let base = monday::Subdomain::new("acme").unwrap().base_url();
    target(&monday::PROFILE, base)
}

#[test]
fn monday_put_without_active_and_user_type_then_patch() {
    let (client, provider) = monday_target();
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&monday::PROFILE);
    let mut u = person("BJensen@Example.com");
    u.set(P::UserType, "member").unwrap();
    let created = block_on(users.create(&sel.shaper().create(&u).unwrap().body)).unwrap();
    let id = id_of(&created.resource);
    assert_eq!(created.resource["userName"], "bjensen@example.com");
    assert_eq!(created.resource["userType"], "member");

    // A PUT carrying `active` is refused, as monday.com does.
    let mut naive = created.resource.clone();
    naive["active"] = json!(false);
    let err = block_on(users.replace(&id, &naive)).unwrap_err();
    assert_eq!(status(&err), 400);

    // The shaped PUT leaves them out; the follow-up PATCH carries them.
    u.set(P::Active, false).unwrap();
    u.set(P::UserType, "viewer").unwrap();
    u.set(P::Title, "Guide").unwrap();
    let shaped = sel.shaper().replace(&u, &created.resource).unwrap();
    block_on(users.replace(&id, &shaped.body)).unwrap();
    let follow_up = shaped.follow_up.unwrap();
    block_on(users.patch(&id, &follow_up)).unwrap();
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(stored["title"], "Guide");
    assert_eq!(stored["active"], false);
    assert_eq!(stored["userType"], "viewer");
    // Deactivated, not deleted.
    assert!(!monday::PROFILE.deprovisioning().effect.is_destructive());
}

#[test]
fn monday_user_type_only_when_set_and_never_removed() {
    let (client, provider) = monday_target();
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&monday::PROFILE);
    let u = person("x@example.com");
    let created = block_on(users.create(&sel.shaper().create(&u).unwrap().body)).unwrap();
    let id = id_of(&created.resource);
    assert!(created.resource.get("userType").is_none());
    // monday.com applies its default; the connector never removes it.
    let mut stored = provider.get("User", &id).unwrap();
    stored["userType"] = json!("member");
    let current = json!({"id": id, "userName": "x@example.com", "userType": "member",
        "emails": stored["emails"].clone(), "active": true, "name": stored["name"].clone()});
    let patch = sel.shaper().patch(&u, &current).unwrap().body;
    assert_eq!(patch.operations, []);
}

#[test]
fn monday_lists_need_scim_provisioned_only_false() {
    let base = monday::Subdomain::new("acme").unwrap().base_url();
    let (client, provider) = target(&monday::PROFILE, base.clone());
    provider
        .insert_unprovisioned(
            "User",
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "manual@example.com"}),
        )
        .unwrap();
    let sel = Selection::new(&monday::PROFILE);
    block_on(
        client.resources::<Value>("Users").create(
            &sel.shaper()
                .create(&person("scim@example.com"))
                .unwrap()
                .body,
        ),
    )
    .unwrap();
    // With the profile's list parameter, both.
    let all = block_on(client.resources::<Value>("Users").list(&ListQuery::new())).unwrap();
    assert_eq!(all.resources.len(), 2);
    // Without it, only the SCIM-created user.
    let bare = Client::builder(base)
        .auth(Auth::bearer(TOKEN).unwrap())
        .build(provider.clone())
        .unwrap();
    let some = block_on(bare.resources::<Value>("Users").list(&ListQuery::new())).unwrap();
    assert_eq!(some.resources.len(), 1);
    assert_eq!(some.resources[0]["userName"], "scim@example.com");
}

#[test]
fn monday_teams_are_groups_found_by_display_name_and_renamed() {
    let (client, provider) = monday_target();
    let groups = client.resources::<Value>("Groups");
    let sel = Selection::new(&monday::PROFILE);
    let team = user(&[(P::GroupName, json!("Guides"))]);
    let created = block_on(groups.create(&sel.shaper().create_group(&team).unwrap().body)).unwrap();
    let id = id_of(&created.resource);
    let found =
        block_on(groups.list(&ListQuery::new().filter(r#"displayName eq "Guides""#))).unwrap();
    assert_eq!(found.resources.len(), 1);
    let renamed = user(&[(P::GroupName, json!("Tour Guides"))]);
    let patch = sel
        .shaper()
        .patch_group(&renamed, &created.resource)
        .unwrap()
        .body;
    block_on(groups.patch(&id, &patch)).unwrap();
    assert_eq!(
        provider.get("Group", &id).unwrap()["displayName"],
        "Tour Guides"
    );
}

// ---- SparkPost ----

#[test]
fn sparkpost_has_no_groups_and_deprovisioning_removes() {
    let (client, provider) = target(&sparkpost::PROFILE, sparkpost::Site::Us.base_url());
    let err = block_on(client.resources::<Value>("Groups").list(&ListQuery::new())).unwrap_err();
    assert_eq!(status(&err), 404);

    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&sparkpost::PROFILE);
    let body = sel
        .shaper()
        .with_roles(["reporting"])
        .create(&person("r@example.com"))
        .unwrap()
        .body;
    let created = block_on(users.create(&body)).unwrap();
    let id = id_of(&created.resource);
    assert_eq!(provider.get("User", &id).unwrap()["role"], "reporting");

    let DeprovisionRequest::Patch(op) = sparkpost::PROFILE.deprovisioning().request else {
        panic!("a PATCH")
    };
    block_on(users.patch(&id, &op)).unwrap();
    assert!(provider.get("User", &id).is_none());
}

// ---- generic ----

#[test]
fn generic_deactivation_keeps_the_user() {
    let (client, provider) = target(
        &generic::PROFILE,
        generic::base_url("https://scim.example.com/v2").unwrap(),
    );
    let users = client.resources::<Value>("Users");
    let sel = Selection::new(&generic::PROFILE);
    let mut u = person("g@example.com");
    u.set(P::Id, "dir-1").unwrap();
    u.set(P::Password, "Temp-123!").unwrap();
    u.set(P::Company, "Acme").unwrap();
    let created = block_on(users.create(&sel.shaper().create(&u).unwrap().body)).unwrap();
    let id = id_of(&created.resource);
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(stored["password"], "Temp-123!");
    assert_eq!(
        stored["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["organization"],
        "Acme"
    );

    u.set(P::Suspended, true).unwrap();
    let current = block_on(users.get(&id)).unwrap().resource;
    let patch = sel.shaper().patch(&u, &current).unwrap().body;
    block_on(users.patch(&id, &patch)).unwrap();
    let stored = provider.get("User", &id).unwrap();
    assert_eq!(stored["active"], false);
    // Full filters work on a generic target.
    let found =
        block_on(users.list(&ListQuery::new().filter(r#"name.givenName sw "Bar""#))).unwrap();
    assert_eq!(found.resources.len(), 1);
}
