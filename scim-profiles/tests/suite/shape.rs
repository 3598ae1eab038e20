//! Shaping create and PUT bodies from directory users, with the report of
//! what was left out.

use pretty_assertions::assert_eq;
use scim_profiles::{
    DirectoryProperty as P, DirectoryUser, DropReason, Dropped, ResourceKind::User, Selection,
    ShapeError, generic, monday, smartsheet, sparkpost,
};
use serde_json::{Value, json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn user(props: &[(P, Value)]) -> DirectoryUser {
    let mut u = DirectoryUser::new();
    for (p, v) in props {
        u.set(p.clone(), v.clone()).unwrap();
    }
    u
}

fn reasons(dropped: &[Dropped]) -> Vec<(Option<P>, DropReason)> {
    dropped
        .iter()
        .map(|d| (d.property.clone(), d.reason.clone()))
        .collect()
}

#[test]
fn smartsheet_create_body() {
    let u = user(&[
        (P::Username, json!("bjensen@example.com")),
        (P::Email, json!("bjensen@example.com")),
        (P::FirstName, json!("Barbara")),
        (P::LastName, json!("Jensen")),
        (P::Title, json!("Tour guide")),
        (P::WorkPhone, json!("+1 555 0100")),
        (P::MobilePhone, json!("+1 555 0101")),
        (P::Fax, json!("+1 555 0102")),
        (P::EmployeeIdentifier, json!("701984")),
        (P::Department, json!("Tours")),
        (P::CostCenter, json!("4130")),
        (P::Manager, json!("jsmith")),
        (P::Division, json!("Ops")),
        (P::Roles, json!(["admin"])),
        (P::Locale, json!("en-US")),
    ]);
    let shaped = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .create(&u)
        .unwrap();
    assert_eq!(
        shaped.body,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
            "userName": "bjensen@example.com",
            "active": true,
            "title": "Tour guide",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "phoneNumbers": [
                {"type": "work", "value": "+1 555 0100"},
                {"type": "mobile", "value": "+1 555 0101"},
                {"type": "fax", "value": "+1 555 0102"}
            ],
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "externalId": "701984",
            ENT: {"department": "Tours", "costCenter": "4130"}
        })
    );
    let why = |s: &str| DropReason::Unsupported(s.to_owned().into());
    let mut got = reasons(&shaped.dropped);
    got.sort_by_key(|(p, _)| p.clone());
    let mut want = vec![
        (
            Some(P::Manager),
            why("the enterprise manager is not part of Smartsheet's directory-driven mapping"),
        ),
        (
            Some(P::Division),
            why("the enterprise division is not part of Smartsheet's directory-driven mapping"),
        ),
        (
            Some(P::Roles),
            why("Smartsheet roles come from the group-to-seat mapping, not from the directory"),
        ),
        (Some(P::Locale), DropReason::NotInTable),
    ];
    want.sort_by_key(|(p, _)| p.clone());
    assert_eq!(got, want);
    // The report names the attribute too.
    let manager = shaped.dropped_property(&P::Manager).next().unwrap();
    assert_eq!(manager.path.as_deref(), Some(&*format!("{ENT}:manager")));
    assert_eq!(
        manager.to_string(),
        format!(
            "`manager` (`{ENT}:manager`): unsupported by the target: the enterprise manager is not part of Smartsheet's directory-driven mapping"
        )
    );
}

#[test]
fn excluded_rows_are_not_sent_and_reported() {
    let mut sel = Selection::new(&smartsheet::PROFILE);
    sel.exclude(User, "title").unwrap();
    sel.exclude(User, r#"phoneNumbers[type eq "fax"]"#).unwrap();
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
        (P::Title, json!("Boss")),
        (P::Fax, json!("+1 555")),
    ]);
    let shaped = sel.shaper().create(&u).unwrap();
    assert!(shaped.body.get("title").is_none());
    assert!(shaped.body.get("phoneNumbers").is_none());
    assert_eq!(
        reasons(&shaped.dropped),
        [
            (Some(P::Title), DropReason::Excluded),
            (Some(P::Fax), DropReason::Excluded)
        ]
    );
    assert_eq!(shaped.dropped[0].path.as_deref(), Some("title"));
}

#[test]
fn required_properties_must_be_present() {
    let u = user(&[(P::Username, json!("a@example.com"))]);
    let err = Selection::new(&sparkpost::PROFILE)
        .shaper()
        .create(&u)
        .unwrap_err();
    assert!(
        matches!(
            err,
            ShapeError::MissingRequired {
                property: P::Email,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the directory property `email` is required (for `emails`) but absent"
    );
    // `active` is never missing: it defaults to true.
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
    ]);
    let body = Selection::new(&sparkpost::PROFILE)
        .shaper()
        .create(&u)
        .unwrap()
        .body;
    assert_eq!(body["active"], true);
}

fn generic_user() -> DirectoryUser {
    user(&[
        (P::Id, json!("5c0a")),
        (P::Username, json!("bjensen")),
        (P::Password, json!("Temp-1234!")),
        (P::FirstName, json!("Barbara")),
        (P::MiddleName, json!("Jane")),
        (P::LastName, json!("Jensen")),
        (P::DisplayName, json!("Babs Jensen")),
        (P::Email, json!("bjensen@example.com")),
        (
            P::PhoneNumbers,
            json!([{"type": "work", "number": "+1 555 0100"}, {"type": "home", "number": "+1 555 0199"}]),
        ),
        (
            P::Addresses,
            json!([{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "region": "CA", "postalCode": "91608", "country": "US"}]),
        ),
        (P::EmployeeIdentifier, json!("701984")),
        (P::Department, json!("Tours")),
        (P::Company, json!("Universal Studios")),
        (P::Title, json!("Tour guide")),
        (P::Suspended, json!(false)),
        (P::PasswordExpired, json!(false)),
    ])
}

#[test]
fn generic_create_body() {
    let shaped = Selection::new(&generic::PROFILE)
        .shaper()
        .create(&generic_user())
        .unwrap();
    assert_eq!(
        shaped.body,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
            "externalId": "5c0a",
            "userName": "bjensen",
            "password": "Temp-1234!",
            "name": {"givenName": "Barbara", "middleName": "Jane", "familyName": "Jensen"},
            "displayName": "Babs Jensen",
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "active": true,
            "phoneNumbers": [
                {"type": "work", "value": "+1 555 0100"},
                {"type": "home", "value": "+1 555 0199"}
            ],
            "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "region": "CA", "postalCode": "91608", "country": "US"}],
            "title": "Tour guide",
            ENT: {"employeeNumber": "701984", "department": "Tours", "organization": "Universal Studios"}
        })
    );
    assert_eq!(shaped.dropped, []);
    // The body reads as a User.
    let typed: scim_core::User = scim_core::from_value(shaped.body).unwrap();
    assert_eq!(typed.primary_email(), Some("bjensen@example.com"));
    assert_eq!(
        typed.enterprise.unwrap().organization.as_deref(),
        Some("Universal Studios")
    );
}

#[test]
fn generic_active_is_not_suspended_and_not_password_expired() {
    for (suspended, expired, active) in [
        (false, false, true),
        (true, false, false),
        (false, true, false),
        (true, true, false),
    ] {
        let mut u = generic_user();
        u.set(P::Suspended, suspended).unwrap();
        u.set(P::PasswordExpired, expired).unwrap();
        let body = Selection::new(&generic::PROFILE)
            .shaper()
            .create(&u)
            .unwrap()
            .body;
        assert_eq!(body["active"], active, "{suspended} {expired}");
    }
}

#[test]
fn generic_replace_keeps_what_it_does_not_map_and_sends_the_password_only_when_changed() {
    let current = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223",
        "externalId": "5c0a",
        "userName": "bjensen",
        "nickName": "Babs",
        "title": "Old title",
        "name": {"givenName": "Barb", "honorificPrefix": "Ms."},
        "emails": [
            {"value": "old@example.com", "type": "work", "primary": true},
            {"value": "babs@home.example", "type": "home"}
        ],
        "active": true,
        "groups": [{"value": "g1"}],
        "meta": {"resourceType": "User", "version": "W/\"1\""},
        "urn:example:params:scim:schemas:Badge": {"badge": 7}
    });
    let mut u = user(&[
        (P::Id, json!("5c0a")),
        (P::Username, json!("bjensen")),
        (P::Password, json!("New-Pass-1")),
        (P::FirstName, json!("Barbara")),
        (P::Email, json!("bjensen@example.com")),
        (P::Suspended, json!(true)),
    ]);
    let sel = Selection::new(&generic::PROFILE);
    let shaped = sel.shaper().replace(&u, &current).unwrap();
    assert_eq!(
        shaped.body,
        json!({
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:example:params:scim:schemas:Badge"
            ],
            "id": "2819c223",
            "externalId": "5c0a",
            "userName": "bjensen",
            "nickName": "Babs",
            "name": {"givenName": "Barbara", "honorificPrefix": "Ms."},
            "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@home.example", "type": "home"}
            ],
            "active": false,
            "urn:example:params:scim:schemas:Badge": {"badge": 7}
        })
    );
    assert_eq!(shaped.follow_up, None);
    assert_eq!(
        reasons(&shaped.dropped),
        [(Some(P::Password), DropReason::PasswordUnchanged)]
    );
    let changed = sel
        .shaper()
        .password_changed(true)
        .replace(&u, &current)
        .unwrap();
    assert_eq!(changed.body["password"], "New-Pass-1");
    assert_eq!(changed.dropped, []);
    // Without a password, nothing is said and nothing removed.
    u.remove(&P::Password);
    let none = sel.shaper().replace(&u, &current).unwrap();
    assert!(none.body.get("password").is_none());
    assert_eq!(none.dropped, []);

    assert_eq!(
        sel.shaper().replace(&u, &json!([1])).unwrap_err(),
        ShapeError::NotAnObject
    );
}

#[test]
fn monday_lowercases_and_sends_user_type_only_when_set() {
    let sel = Selection::new(&monday::PROFILE);
    let base = user(&[
        (P::Username, json!("BJensen@Example.COM")),
        (P::Email, json!("BJensen@Example.COM")),
        (P::Phone, json!("+1 555 0100")),
        (P::Timezone, json!("Europe/Paris")),
    ]);
    let shaped = sel.shaper().create(&base).unwrap();
    assert_eq!(
        shaped.body,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "bjensen@example.com",
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "active": true,
            "timezone": "Europe/Paris",
            "phoneNumbers": [{"value": "+1 555 0100", "type": "work", "primary": true}]
        })
    );
    assert!(shaped.body.get("userType").is_none());

    let mut typed = base.clone();
    typed.set(P::UserType, "Viewer").unwrap();
    let shaped = sel.shaper().create(&typed).unwrap();
    assert_eq!(shaped.body["userType"], "viewer");

    typed.set(P::UserType, "owner").unwrap();
    let shaped = sel.shaper().create(&typed).unwrap();
    assert!(shaped.body.get("userType").is_none());
    assert_eq!(
        reasons(&shaped.dropped),
        [(
            Some(P::UserType),
            DropReason::NotAllowed {
                value: "owner".into(),
                allowed: vec![
                    "admin".into(),
                    "member".into(),
                    "viewer".into(),
                    "guest".into()
                ]
            }
        )]
    );
}

#[test]
fn monday_put_carries_neither_active_nor_user_type() {
    let sel = Selection::new(&monday::PROFILE);
    let current = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "42",
        "userName": "bjensen@example.com",
        "emails": [{"value": "bjensen@example.com", "primary": true}],
        "active": true,
        "userType": "member",
        "title": "Guide"
    });
    // Deactivated in the directory; no user type set by the caller.
    let u = user(&[
        (P::Username, json!("bjensen@example.com")),
        (P::Email, json!("bjensen@example.com")),
        (P::Active, json!(false)),
        (P::Title, json!("Senior guide")),
    ]);
    let shaped = sel.shaper().replace(&u, &current).unwrap();
    assert_eq!(
        shaped.body,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "42",
            "userName": "bjensen@example.com",
            "emails": [{"value": "bjensen@example.com", "primary": true}],
            "title": "Senior guide"
        })
    );
    assert_eq!(
        serde_json::to_value(shaped.follow_up.unwrap()).unwrap(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": false}]
        })
    );
    assert_eq!(shaped.dropped.len(), 1);
    assert_eq!(shaped.dropped[0].reason, DropReason::PutForbidden);
    assert_eq!(shaped.dropped[0].path.as_deref(), Some("active"));

    // Nothing to change by PATCH: no follow-up.
    let same = user(&[
        (P::Username, json!("bjensen@example.com")),
        (P::Email, json!("bjensen@example.com")),
        (P::Title, json!("Guide")),
    ]);
    let shaped = sel.shaper().replace(&same, &current).unwrap();
    assert_eq!(shaped.follow_up, None);
    assert_eq!(shaped.dropped, []);

    // A user type set by the caller changes by PATCH.
    let mut admin = same.clone();
    admin.set(P::UserType, "admin").unwrap();
    let shaped = sel.shaper().replace(&admin, &current).unwrap();
    assert!(shaped.body.get("userType").is_none());
    assert_eq!(
        serde_json::to_value(shaped.follow_up.unwrap()).unwrap()["Operations"],
        json!([{"op": "replace", "path": "userType", "value": "admin"}])
    );
}

#[test]
fn sparkpost_has_one_role() {
    let sel = Selection::new(&sparkpost::PROFILE);
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
    ]);
    let body = sel
        .shaper()
        .with_roles(["Developer"])
        .create(&u)
        .unwrap()
        .body;
    assert_eq!(body["role"], "developer");
    assert!(body.get("roles").is_none());
    assert_eq!(
        sel.shaper().with_roles(["owner"]).create(&u).unwrap_err(),
        ShapeError::RoleNotAllowed {
            value: "owner".into(),
            allowed: vec![
                "admin".into(),
                "developer".into(),
                "templates".into(),
                "reporting".into()
            ]
        }
    );
    assert!(matches!(
        sel.shaper().with_roles(["admin", "reporting"]).create(&u),
        Err(ShapeError::RoleNotAllowed { .. })
    ));
    // Roles given as a directory property are not the role.
    let with_prop = u.clone().with(P::Roles, json!(["admin"])).unwrap();
    let shaped = sel.shaper().create(&with_prop).unwrap();
    assert!(shaped.body.get("role").is_none());
    assert!(matches!(
        shaped.dropped[0].reason,
        DropReason::Unsupported(_)
    ));
}

#[test]
fn coded_roles_and_profiles_without_roles() {
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
    ]);
    let body = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .with_roles(["LICENSED_USER", "GROUP_ADMIN", "LICENSED_USER"])
        .create(&u)
        .unwrap()
        .body;
    assert_eq!(
        body["roles"],
        json!([
            {"type": "LICENSED_USER", "value": "LICENSED_USER"},
            {"type": "GROUP_ADMIN", "value": "GROUP_ADMIN"}
        ])
    );
    assert_eq!(
        Selection::new(&monday::PROFILE)
            .shaper()
            .with_roles(["admin"])
            .create(&u)
            .unwrap_err(),
        ShapeError::RolesNotSupported {
            profile: "monday".into()
        }
    );
}

#[test]
fn smartsheet_replace_updates_typed_phones_only() {
    let current = json!({
        "id": "7",
        "userName": "a@example.com",
        "emails": [{"value": "a@example.com", "primary": true}],
        "active": true,
        "phoneNumbers": [
            {"type": "work", "value": "+1 000"},
            {"type": "fax", "value": "+1 111"},
            {"type": "pager", "value": "+1 222"}
        ]
    });
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
        (P::WorkPhone, json!("+1 999")),
        (P::MobilePhone, json!("+1 333")),
    ]);
    let body = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .replace(&u, &current)
        .unwrap()
        .body;
    // Work changed, mobile added, fax (absent in the directory) removed,
    // pager (not mapped) kept.
    assert_eq!(
        body["phoneNumbers"],
        json!([
            {"type": "work", "value": "+1 999"},
            {"type": "pager", "value": "+1 222"},
            {"type": "mobile", "value": "+1 333"}
        ])
    );
}

#[test]
fn groups_are_shaped_from_their_rows() {
    let g = user(&[(P::GroupName, json!("Tour Guides"))]);
    let body = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .create_group(&g)
        .unwrap()
        .body;
    assert_eq!(
        body,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Tour Guides"})
    );
    assert!(matches!(
        Selection::new(&monday::PROFILE)
            .shaper()
            .create_group(&DirectoryUser::new()),
        Err(ShapeError::MissingRequired {
            property: P::GroupName,
            ..
        })
    ));
}

#[test]
fn group_rename_keeps_members() {
    let current = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "g1",
        "displayName": "Guides",
        "members": [{"value": "u1", "type": "User"}],
        "meta": {"resourceType": "Group"}
    });
    let renamed = user(&[(P::GroupName, json!("Tour Guides"))]);
    let body = Selection::new(&monday::PROFILE)
        .shaper()
        .replace_group(&renamed, &current)
        .unwrap()
        .body;
    assert_eq!(
        body,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "g1",
            "displayName": "Tour Guides",
            "members": [{"value": "u1", "type": "User"}]
        })
    );
}

#[test]
fn deprovisioning_requests() {
    use scim_profiles::{Deprovision, DeprovisionRequest};
    for (profile, effect) in [
        (&smartsheet::PROFILE, Deprovision::DeactivationDeletes),
        (&sparkpost::PROFILE, Deprovision::DeactivationDeletes),
        (&monday::PROFILE, Deprovision::Deactivate),
        (&generic::PROFILE, Deprovision::Deactivate),
    ] {
        let d = profile.deprovisioning();
        assert_eq!(d.effect, effect, "{}", profile.name);
        let DeprovisionRequest::Patch(op) = d.request else {
            panic!("{}: {:?}", profile.name, d.request)
        };
        assert_eq!(
            serde_json::to_value(op).unwrap()["Operations"],
            json!([{"op": "replace", "path": "active", "value": false}])
        );
    }
    let mut caps = generic::PROFILE.capabilities.clone();
    caps.patch = false;
    let put_only = scim_profiles::ProfileBuilder::from_profile(&generic::PROFILE)
        .capabilities(caps)
        .build()
        .unwrap();
    assert_eq!(
        put_only.deprovisioning().request,
        DeprovisionRequest::PutInactive
    );
    let mut rules = generic::PROFILE.rules.clone();
    rules.deprovision = Deprovision::Delete;
    let deleting = scim_profiles::ProfileBuilder::from_profile(&generic::PROFILE)
        .rules(rules)
        .build()
        .unwrap();
    assert_eq!(
        deleting.deprovisioning().request,
        DeprovisionRequest::Delete
    );
    assert!(deleting.deprovisioning().effect.is_destructive());
}

/// Applies `patch` to `current` as a server would.
fn applied(current: &Value, patch: &scim_core::PatchOp) -> Value {
    let mut v = current.clone();
    scim_core::patch::Patcher::core()
        .apply(&mut v, patch)
        .unwrap();
    v
}

/// `v` without what the server assigns, for comparing with a PUT body.
fn comparable(v: &Value) -> Value {
    let mut v = v.clone();
    let o = v.as_object_mut().unwrap();
    for k in ["meta", "groups", "schemas"] {
        o.remove(k);
    }
    v
}

#[test]
fn patch_is_the_difference_and_leads_where_put_would() {
    let current = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
        "id": "2819c223",
        "externalId": "5c0a",
        "userName": "bjensen",
        "nickName": "Babs",
        "name": {"givenName": "Barb", "middleName": "J", "familyName": "Jensen"},
        "emails": [
            {"value": "old@example.com", "type": "work", "primary": true},
            {"value": "babs@home.example", "type": "home"}
        ],
        "active": true,
        "title": "Guide",
        "meta": {"resourceType": "User"},
        ENT: {"department": "Tours"}
    });
    let u = user(&[
        (P::Id, json!("5c0a")),
        (P::Username, json!("bjensen")),
        (P::FirstName, json!("Barbara")),
        (P::LastName, json!("Jensen")),
        (P::Email, json!("bjensen@example.com")),
        (P::Title, json!("Senior guide")),
        (P::Company, json!("Universal")),
    ]);
    let sel = Selection::new(&generic::PROFILE);
    let patch = sel.shaper().patch(&u, &current).unwrap();
    assert_eq!(patch.dropped, []);
    let ops = serde_json::to_value(&patch.body).unwrap()["Operations"].clone();
    let paths: Vec<_> = ops
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["op"].as_str().unwrap().to_owned(),
                o["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // Only mapped attributes that changed; nothing for nickName, id, meta.
    for (_, path) in &paths {
        assert!(
            ["name", "emails", "title", ENT]
                .iter()
                .any(|p| path.starts_with(p)),
            "{path}"
        );
    }
    let put = sel.shaper().replace(&u, &current).unwrap().body;
    assert_eq!(
        comparable(&applied(&current, &patch.body)),
        comparable(&put)
    );

    // Nothing changed: no operation.
    let same = sel.shaper().patch(&u, &put).unwrap();
    assert_eq!(same.body.operations, []);
}

#[test]
fn patch_on_narrow_targets_replaces_multi_valued_attributes_whole() {
    let current = json!({
        "id": "7",
        "userName": "a@example.com",
        "emails": [{"value": "a@example.com", "primary": true}],
        "active": true,
        "phoneNumbers": [{"type": "work", "value": "+1 000"}, {"type": "fax", "value": "+1 111"}]
    });
    let u = user(&[
        (P::Username, json!("a@example.com")),
        (P::Email, json!("a@example.com")),
        (P::WorkPhone, json!("+1 999")),
    ]);
    let patch = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .patch(&u, &current)
        .unwrap()
        .body;
    assert_eq!(
        serde_json::to_value(&patch).unwrap()["Operations"],
        json!([{"op": "replace", "path": "phoneNumbers", "value": [{"type": "work", "value": "+1 999"}]}])
    );
}

#[test]
fn patch_respects_the_vendor_rules() {
    // monday.com: userType not set by the caller is left alone; lowercase.
    let current = json!({
        "id": "42",
        "userName": "bjensen@example.com",
        "emails": [{"value": "bjensen@example.com", "primary": true}],
        "active": false,
        "userType": "guest"
    });
    let u = user(&[
        (P::Username, json!("BJensen@Example.com")),
        (P::Email, json!("BJENSEN@example.com")),
    ]);
    let sel = Selection::new(&monday::PROFILE);
    let patch = sel.shaper().patch(&u, &current).unwrap().body;
    assert_eq!(
        serde_json::to_value(&patch).unwrap()["Operations"],
        json!([{"op": "replace", "path": "active", "value": true}])
    );
    // The password goes only when it changed (generic).
    let current = json!({"id": "1", "externalId": "x", "userName": "u", "active": true,
        "emails": [{"value": "u@example.com", "type": "work", "primary": true}]});
    let u = user(&[
        (P::Id, json!("x")),
        (P::Username, json!("u")),
        (P::Email, json!("u@example.com")),
        (P::Password, json!("N3w-secret")),
    ]);
    let sel = Selection::new(&generic::PROFILE);
    let quiet = sel.shaper().patch(&u, &current).unwrap();
    assert_eq!(quiet.body.operations, []);
    assert_eq!(
        reasons(&quiet.dropped),
        [(Some(P::Password), DropReason::PasswordUnchanged)]
    );
    let changed = sel
        .shaper()
        .password_changed(true)
        .patch(&u, &current)
        .unwrap();
    let ops = serde_json::to_value(&changed.body).unwrap()["Operations"].clone();
    assert_eq!(ops.as_array().unwrap().len(), 1, "{ops}");
    assert_eq!(ops[0]["path"], "password");
    assert_eq!(ops[0]["value"], "N3w-secret");
}

#[test]
fn group_patch_renames() {
    let current = json!({"id": "g", "displayName": "Guides", "members": [{"value": "u1"}]});
    let patch = Selection::new(&smartsheet::PROFILE)
        .shaper()
        .patch_group(&user(&[(P::GroupName, json!("Tour Guides"))]), &current)
        .unwrap()
        .body;
    assert_eq!(
        serde_json::to_value(&patch).unwrap()["Operations"],
        json!([{"op": "replace", "path": "displayName", "value": "Tour Guides"}])
    );
}
