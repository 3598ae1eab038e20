//! Each profile's mapping table, row for row, as the vendor articles give it.

use pretty_assertions::assert_eq;
use scim_profiles::{
    AuthScheme, Deprovision, DirectoryProperty as P, Profile, Requirement, ResourceKind, RoleRule,
    UpdateMethod, generic, monday, smartsheet, sparkpost,
};

use Requirement::{Optional as Opt, Required as Req};
use ResourceKind::{Group, User};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

fn rows(p: &Profile) -> Vec<(ResourceKind, P, String, Requirement)> {
    p.mappings
        .iter()
        .map(|m| {
            (
                m.resource,
                m.property.clone(),
                m.path.to_string(),
                m.requirement,
            )
        })
        .collect()
}

fn expect(
    list: &[(ResourceKind, P, &str, Requirement)],
) -> Vec<(ResourceKind, P, String, Requirement)> {
    list.iter()
        .map(|(r, p, path, q)| (*r, p.clone(), (*path).to_owned(), *q))
        .collect()
}

#[test]
fn smartsheet_table() {
    assert_eq!(
        rows(&smartsheet::PROFILE),
        expect(&[
            (User, P::Username, "userName", Req),
            (User, P::Active, "active", Req),
            (User, P::Title, "title", Opt),
            (User, P::FirstName, "name.givenName", Opt),
            (User, P::LastName, "name.familyName", Opt),
            (User, P::WorkPhone, r#"phoneNumbers[type eq "work"]"#, Opt),
            (
                User,
                P::MobilePhone,
                r#"phoneNumbers[type eq "mobile"]"#,
                Opt
            ),
            (User, P::Fax, r#"phoneNumbers[type eq "fax"]"#, Opt),
            (User, P::Email, "emails", Req),
            (User, P::EmployeeIdentifier, "externalId", Opt),
            (User, P::Department, &format!("{ENT}department"), Opt),
            (User, P::CostCenter, &format!("{ENT}costCenter"), Opt),
            (Group, P::GroupName, "displayName", Req),
        ])
    );
    let unsupported: Vec<_> = smartsheet::PROFILE
        .unsupported
        .iter()
        .map(|u| u.path.to_string())
        .collect();
    assert_eq!(
        unsupported,
        [
            "roles".to_owned(),
            format!("{ENT}manager"),
            format!("{ENT}division")
        ]
    );
}

#[test]
fn sparkpost_table() {
    assert_eq!(
        rows(&sparkpost::PROFILE),
        expect(&[
            (User, P::Username, "userName", Req),
            (User, P::Email, "emails", Req),
            (User, P::Active, "active", Req),
            (User, P::FirstName, "name.givenName", Opt),
            (User, P::LastName, "name.familyName", Opt),
        ])
    );
    assert!(sparkpost::PROFILE.mappings_of(Group).next().is_none());
}

#[test]
fn sparkpost_roles_and_default() {
    // SparkPost's SCIM article: four roles, `reporting` when none is sent.
    let roles: Vec<&str> = sparkpost::ROLES.iter().map(AsRef::as_ref).collect();
    assert_eq!(roles, ["admin", "developer", "templates", "reporting"]);
    assert_eq!(sparkpost::DEFAULT_ROLE, "reporting");
    let RoleRule::Single(allowed) = &sparkpost::PROFILE.rules.roles else {
        panic!("SparkPost has one single-valued role");
    };
    assert_eq!(allowed.path.as_str(), "role");
    assert_eq!(allowed.find(sparkpost::DEFAULT_ROLE), Some("reporting"));
    assert_eq!(allowed.find("custom"), None);
}

#[test]
fn monday_table() {
    assert_eq!(
        rows(&monday::PROFILE),
        expect(&[
            (User, P::Username, "userName", Req),
            (User, P::Email, "emails", Req),
            (User, P::Active, "active", Req),
            (User, P::Title, "title", Opt),
            (User, P::Timezone, "timezone", Opt),
            (User, P::Locale, "locale", Opt),
            (User, P::Phone, "phoneNumbers.value", Opt),
            (User, P::Addresses, "addresses", Opt),
            (User, P::UserType, "userType", Opt),
            (Group, P::GroupName, "displayName", Req),
        ])
    );
    assert!(monday::PROFILE.unsupported.is_empty());
}

#[test]
fn generic_table() {
    assert_eq!(
        rows(&generic::PROFILE),
        expect(&[
            (User, P::Id, "externalId", Req),
            (User, P::Username, "userName", Req),
            (User, P::Password, "password", Opt),
            (User, P::FirstName, "name.givenName", Opt),
            (User, P::LastName, "name.familyName", Opt),
            (User, P::MiddleName, "name.middleName", Opt),
            (User, P::DisplayName, "displayName", Opt),
            (User, P::Email, "emails", Req),
            (User, P::Active, "active", Req),
            (User, P::Addresses, "addresses", Opt),
            (User, P::PhoneNumbers, "phoneNumbers", Opt),
            (
                User,
                P::EmployeeIdentifier,
                &format!("{ENT}employeeNumber"),
                Opt
            ),
            (User, P::Department, &format!("{ENT}department"), Opt),
            (User, P::Company, &format!("{ENT}organization"), Opt),
            (User, P::Title, "title", Opt),
            (Group, P::GroupName, "displayName", Req),
        ])
    );
}

#[test]
fn capabilities() {
    // (profile, groups, group rename, deactivate, delete, bulk, user lookup, group lookup)
    for (p, groups, deactivate, delete, group_lookup) in [
        (
            &smartsheet::PROFILE,
            true,
            false,
            true,
            &["displayName"][..],
        ),
        (&sparkpost::PROFILE, false, false, true, &[][..]),
        (&monday::PROFILE, true, true, false, &["displayName"][..]),
        (&generic::PROFILE, true, true, true, &["displayName"][..]),
    ] {
        let c = &p.capabilities;
        assert!(c.create_users && c.update_users, "{}", p.name);
        assert_eq!(c.groups, groups, "{}", p.name);
        assert_eq!(c.group_rename, groups, "{}", p.name);
        assert_eq!(c.deactivate_users, deactivate, "{}", p.name);
        assert_eq!(c.delete_users, delete, "{}", p.name);
        let vendor = p.name != "generic";
        assert!(!(vendor && c.bulk), "{}: no vendor has bulk", p.name);
        let users: Vec<_> = c
            .user_lookup
            .iter()
            .map(scim_profiles::ScimPath::as_str)
            .collect();
        assert_eq!(users, ["userName"], "{}", p.name);
        let groups: Vec<_> = c
            .group_lookup
            .iter()
            .map(scim_profiles::ScimPath::as_str)
            .collect();
        assert_eq!(groups, group_lookup, "{}", p.name);
        assert!(c.patch || c.put, "{}", p.name);
        assert_eq!(p.rules.start_index, 1, "{}", p.name);
        let full = p.name == "generic";
        assert_eq!(
            c.filters == scim_profiles::FilterSupport::Full,
            full,
            "{}: only lookups work on the vendors",
            p.name
        );
    }
    let list: Vec<_> = monday::PROFILE
        .capabilities
        .list_params
        .iter()
        .map(|q| (q.name.to_string(), q.value.to_string()))
        .collect();
    assert_eq!(
        list,
        [("scim_provisioned_only".to_owned(), "false".to_owned())]
    );
    for p in [&smartsheet::PROFILE, &sparkpost::PROFILE, &generic::PROFILE] {
        assert!(p.capabilities.list_params.is_empty(), "{}", p.name);
    }
    assert_eq!(
        smartsheet::PROFILE.capabilities.preferred_update,
        UpdateMethod::Put
    );
    assert_eq!(
        monday::PROFILE.capabilities.preferred_update,
        UpdateMethod::Patch
    );
}

#[test]
fn authentication() {
    assert_eq!(*smartsheet::PROFILE.auth, [AuthScheme::Bearer]);
    assert_eq!(*monday::PROFILE.auth, [AuthScheme::Bearer]);
    assert_eq!(
        *sparkpost::PROFILE.auth,
        [AuthScheme::Bearer, AuthScheme::RawAuthorization]
    );
    assert_eq!(sparkpost::PROFILE.default_auth(), AuthScheme::Bearer);
    assert_eq!(AuthScheme::Bearer.header_value("k1"), "Bearer k1");
    assert_eq!(AuthScheme::RawAuthorization.header_value("k1"), "k1");
}

#[test]
fn rules() {
    let s = &smartsheet::PROFILE.rules;
    assert_eq!(s.deprovision, Deprovision::DeactivationDeletes);
    assert!(s.deprovision.is_destructive() && s.deprovision.reactivation_recreates());
    assert_eq!(s.roles, RoleRule::CodedRoles);

    let m = &monday::PROFILE.rules;
    assert_eq!(m.deprovision, Deprovision::Deactivate);
    assert!(!m.deprovision.is_destructive());
    assert!(m.is_put_forbidden("active") && m.is_put_forbidden("USERTYPE"));
    assert!(!m.is_put_forbidden("title"));
    assert!(m.is_lowercased("userName") && m.is_lowercased("emails"));
    assert!(m.is_explicit_only("userType"));
    let types = m.allowed("userType").unwrap();
    let types: Vec<_> = types.values.iter().map(|v| &**v).collect();
    assert_eq!(types, ["admin", "member", "viewer", "guest"]);
    assert_eq!(
        m.allowed("usertype").unwrap().find("Viewer"),
        Some("viewer")
    );
    assert_eq!(m.allowed("userType").unwrap().find("owner"), None);

    let sp = &sparkpost::PROFILE.rules;
    assert!(sp.deprovision.is_destructive());
    let RoleRule::Single(role) = &sp.roles else {
        panic!("SparkPost has a single role: {:?}", sp.roles)
    };
    assert_eq!(role.path.as_str(), "role");
    let roles: Vec<_> = role.values.iter().map(|v| &**v).collect();
    assert_eq!(roles, ["admin", "developer", "templates", "reporting"]);

    let g = &generic::PROFILE.rules;
    assert_eq!(g.deprovision, Deprovision::Deactivate);
    assert_eq!(g.password, scim_profiles::PasswordRule::OnCreateAndChange);
}

/// Every row of each table appears in its module's documentation table:
/// a `//! |` line naming the directory property and the SCIM attribute
/// (enterprise attributes by their name).
#[test]
fn module_docs_show_the_tables() {
    for (p, source) in [
        (
            &smartsheet::PROFILE,
            include_str!("../../src/smartsheet.rs"),
        ),
        (&sparkpost::PROFILE, include_str!("../../src/sparkpost.rs")),
        (&monday::PROFILE, include_str!("../../src/monday.rs")),
        (&generic::PROFILE, include_str!("../../src/generic.rs")),
    ] {
        let table: Vec<&str> = source
            .lines()
            .filter(|l| l.starts_with("//! | `"))
            .collect();
        assert_eq!(
            table.len(),
            p.mappings.len(),
            "{}: rows in the docs",
            p.name
        );
        for (row, line) in p.mappings.iter().zip(&table) {
            let attr = row.path.attr().unwrap();
            let shown = if attr.uri().is_some() {
                format!("enterprise `{}`", attr.name())
            } else {
                format!("`{}`", row.path)
            };
            assert!(
                line.contains(&format!("`{}`", row.property)) && line.contains(&shown),
                "{}: {line} should show {} -> {shown}",
                p.name,
                row.property
            );
            let req = if row.is_required() {
                "required"
            } else {
                "optional"
            };
            assert!(line.contains(req), "{}: {line} should say {req}", p.name);
        }
    }
}
