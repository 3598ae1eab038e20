//! Smartsheet seats from groups, seat changes, and the known errors.

use scim_core::ScimError;
use scim_profiles::smartsheet::{
    self, RoleCode, Seat, SeatChange, SeatMapping, is_user_account_inactive, seat_change, seat_of,
};
use scim_profiles::{DirectoryUser, Remedy, generic, monday};

#[test]
fn role_codes_and_their_seats() {
    let table: Vec<_> = RoleCode::all().map(|r| (r.as_str(), r.seat())).collect();
    assert_eq!(
        table,
        [
            ("LICENSED_USER", Seat::Member),
            ("GROUP_ADMIN", Seat::Member),
            ("RESOURCE_VIEWER", Seat::Member),
            ("USER_ADMIN", Seat::Contributor),
            ("PAYMENT_ADMIN", Seat::Contributor),
            ("DATA_ADMIN", Seat::Contributor),
            ("SYSTEM_ADMIN", Seat::Contributor),
        ]
    );
    for r in RoleCode::all() {
        assert_eq!(r.as_str().parse::<RoleCode>().unwrap(), r);
        assert_eq!(r.as_str().to_lowercase().parse::<RoleCode>().unwrap(), r);
    }
    assert!("OWNER".parse::<RoleCode>().is_err());
}

#[test]
fn no_mapped_group_is_contributor_and_the_most_privileged_seat_wins() {
    assert_eq!(seat_of([]), Seat::Contributor);
    assert_eq!(seat_of([RoleCode::DataAdmin]), Seat::Contributor);
    assert_eq!(
        seat_of([RoleCode::UserAdmin, RoleCode::ResourceViewer]),
        Seat::Member
    );

    let seats = SeatMapping::new()
        .group("ss-licensed", RoleCode::LicensedUser)
        .group("ss-group-admins", RoleCode::GroupAdmin)
        .group("ss-admins", RoleCode::UserAdmin)
        .group("ss-admins", RoleCode::PaymentAdmin)
        .group("ss-sysadmins", RoleCode::SystemAdmin);
    let with = |groups: &[&str]| {
        let mut u = DirectoryUser::new();
        for g in groups {
            u.add_group(*g);
        }
        seats.assign(&u)
    };
    let a = with(&[]);
    assert_eq!((a.seat, a.role_codes()), (Seat::Contributor, vec![]));
    let a = with(&["unrelated", "SS-LICENSED"]);
    assert_eq!(a.seat, Seat::Contributor, "group names compare exactly");
    let a = with(&["ss-admins"]);
    assert_eq!(
        (a.seat, a.role_codes()),
        (Seat::Contributor, vec!["USER_ADMIN", "PAYMENT_ADMIN"])
    );
    let a = with(&["ss-sysadmins", "ss-admins", "ss-group-admins"]);
    assert_eq!(
        (a.seat, a.role_codes()),
        (
            Seat::Member,
            vec!["GROUP_ADMIN", "USER_ADMIN", "PAYMENT_ADMIN", "SYSTEM_ADMIN"]
        )
    );
}

#[test]
fn seat_changes() {
    use Seat::*;
    let auto = |from, to| SeatChange::Automatic { from, to };
    let console = |from, to| SeatChange::AdminCenter { from, to };
    for (from, to, want) in [
        (None, Member, SeatChange::Assign(Member)),
        (None, Contributor, SeatChange::Assign(Contributor)),
        (Some(Member), Member, SeatChange::Keep(Member)),
        (
            Some(Contributor),
            Contributor,
            SeatChange::Keep(Contributor),
        ),
        (Some(Contributor), Member, auto(Contributor, Member)),
        (
            Some(ProvisionalMember),
            Member,
            auto(ProvisionalMember, Member),
        ),
        (Some(Member), Contributor, auto(Member, Contributor)),
        // Provisional Members are never downgraded automatically.
        (
            Some(ProvisionalMember),
            Contributor,
            console(ProvisionalMember, Contributor),
        ),
        (
            Some(Contributor),
            ProvisionalMember,
            console(Contributor, ProvisionalMember),
        ),
        (Some(Member), NoAccess, console(Member, NoAccess)),
        (Some(Contributor), NoAccess, console(Contributor, NoAccess)),
        (Some(NoAccess), Member, console(NoAccess, Member)),
        (
            Some(Member),
            ProvisionalMember,
            console(Member, ProvisionalMember),
        ),
    ] {
        assert_eq!(seat_change(from, to), want, "{from:?} -> {to:?}");
    }
    assert_eq!(
        console(ProvisionalMember, Contributor).to_string(),
        "act in Admin Center: Smartsheet does not change a seat from Provisional Member to Contributor through provisioning"
    );
}

#[test]
fn plans_send_roles_only_for_automatic_changes() {
    let seats = SeatMapping::new().group("ss", RoleCode::LicensedUser);
    let mut member = DirectoryUser::new();
    member.add_group("ss");
    let plan = seats.plan(&member, Some(Seat::ProvisionalMember));
    assert!(plan.is_automatic());
    assert_eq!(plan.roles_to_send(), Some(vec!["LICENSED_USER"]));
    let plan = seats.plan(&DirectoryUser::new(), Some(Seat::ProvisionalMember));
    assert!(!plan.is_automatic());
    assert_eq!(plan.roles_to_send(), None);
    let plan = seats.plan(&DirectoryUser::new(), None);
    assert_eq!(plan.change, SeatChange::Assign(Seat::Contributor));
    assert_eq!(plan.roles_to_send(), Some(vec![]));
}

#[test]
fn user_account_inactive_is_recognised_and_explained() {
    for (status, detail, known) in [
        (400, "User account is inactive", true),
        (403, "Error: user account is INACTIVE.", true),
        (404, "User not found", false),
        (400, "", false),
    ] {
        let err = ScimError::new(status, None, detail);
        assert_eq!(is_user_account_inactive(&err), known, "{detail:?}");
        let classified = smartsheet::PROFILE.classify_error(&err);
        assert_eq!(classified.is_some(), known);
        if let Some(k) = classified {
            assert_eq!(k.remedy, Remedy::Recreate);
            assert!(k.explanation.contains("no soft delete"));
            assert!(k.to_string().starts_with("user-account-inactive: "));
        }
    }
    // Other profiles do not claim it.
    let err = ScimError::new(400, None, "User account is inactive");
    assert!(monday::PROFILE.classify_error(&err).is_none());
    assert!(generic::PROFILE.classify_error(&err).is_none());
}
