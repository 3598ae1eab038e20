//! Optional rows excluded one by one and restored; required rows stay;
//! closed profiles take nothing beyond their table.

use scim_profiles::{
    BUILT_IN, DirectoryProperty as P, Mapping, ProfileBuilder, ProfileError, Requirement,
    ResourceKind::{Group, User},
    ScimPath, Selection, SelectionError, generic, monday, smartsheet,
};

#[test]
fn every_optional_row_can_be_excluded_and_restored_one_by_one() {
    for profile in BUILT_IN {
        for row in profile.mappings.iter() {
            let mut sel = Selection::new(profile);
            let path = row.path.as_str();
            let before: Vec<_> = sel.rows(row.resource).cloned().collect();
            match row.requirement {
                Requirement::Optional => {
                    sel.exclude(row.resource, path).unwrap();
                    assert!(
                        !sel.is_selected(row.resource, path),
                        "{}: {path}",
                        profile.name
                    );
                    assert!(sel.is_excluded(row.resource, path));
                    // Only that row went.
                    let after: Vec<_> = sel.rows(row.resource).cloned().collect();
                    assert_eq!(after.len() + 1, before.len(), "{}: {path}", profile.name);
                    assert!(!after.contains(row));
                    assert_eq!(sel.excluded().collect::<Vec<_>>(), [row]);
                    // Twice is the same as once.
                    sel.exclude(row.resource, path).unwrap();
                    assert_eq!(sel.rows(row.resource).count(), after.len());
                    sel.restore(row.resource, path).unwrap();
                    assert!(sel.is_selected(row.resource, path));
                    assert_eq!(sel.rows(row.resource).cloned().collect::<Vec<_>>(), before);
                }
                Requirement::Required => {
                    assert_eq!(
                        sel.exclude(row.resource, path),
                        Err(SelectionError::Required {
                            resource: row.resource,
                            path: row.path.clone(),
                        }),
                        "{}",
                        profile.name
                    );
                    assert!(sel.is_selected(row.resource, path));
                }
                _ => unreachable!(),
            }
        }
    }
}

#[test]
fn exclusions_accumulate_and_restore_defaults_undoes_them_all() {
    let mut sel = Selection::new(&smartsheet::PROFILE);
    for path in ["title", "NAME.GIVENNAME", r#"phoneNumbers[type eq "fax"]"#] {
        sel.exclude(User, path).unwrap();
    }
    assert_eq!(sel.excluded().count(), 3);
    assert!(!sel.is_selected(User, "name.givenName"));
    assert!(sel.is_selected(User, "name.familyName"));
    sel.restore_defaults();
    assert_eq!(sel.excluded().count(), 0);
    assert_eq!(sel.rows(User).count(), 12);
    assert_eq!(sel.rows(Group).count(), 1);
}

#[test]
fn unknown_paths_are_a_typed_error() {
    let mut sel = Selection::new(&monday::PROFILE);
    let err = sel.exclude(User, "nickName").unwrap_err();
    assert_eq!(
        err,
        SelectionError::NotInTable {
            profile: "monday".into(),
            resource: User,
            path: "nickName".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "the monday profile has no User attribute `nickName` in its table"
    );
    assert!(matches!(
        sel.restore(User, "nickName"),
        Err(SelectionError::NotInTable { .. })
    ));
    // The Group row is not a User row.
    assert!(matches!(
        sel.exclude(User, "displayName"),
        Err(SelectionError::NotInTable { .. })
    ));
}

#[test]
fn built_in_profiles_take_nothing_beyond_their_table() {
    for profile in BUILT_IN {
        let mut sel = Selection::new(profile);
        let row = Mapping::optional(
            P::custom("nickname"),
            ScimPath::from_static("nickName"),
            "Nickname",
        );
        let err = sel.include(row).unwrap_err();
        assert!(
            matches!(err, SelectionError::Closed { ref path, .. } if path.as_str() == "nickName"),
            "{}: {err:?}",
            profile.name
        );
        assert!(!sel.is_selected(User, "nickName"));
    }
}

#[test]
fn open_profiles_take_checked_extra_rows() {
    let open = ProfileBuilder::from_profile(&generic::PROFILE)
        .build()
        .unwrap();
    let mut sel = Selection::new(&open);
    sel.include(Mapping::optional(
        P::custom("nickname"),
        ScimPath::from_static("nickName"),
        "Nickname",
    ))
    .unwrap();
    assert!(sel.is_selected(User, "nickName"));
    // A path already mapped is refused.
    let dup = sel.include(Mapping::optional(
        P::custom("nick2"),
        ScimPath::from_static("NickName"),
        "Nickname",
    ));
    assert!(
        matches!(
            dup,
            Err(SelectionError::Profile(
                ProfileError::DuplicateMapping { .. }
            ))
        ),
        "{dup:?}"
    );
    // So is an invalid one.
    assert!(matches!(
        sel.include(Mapping::optional(
            P::custom("x"),
            ScimPath::from_static("nick name"),
            "x",
        )),
        Err(SelectionError::Profile(ProfileError::InvalidPath { .. }))
    ));
    // Excluding an extra row removes it; restoring defaults drops extras.
    sel.exclude(User, "nickName").unwrap();
    assert!(!sel.is_selected(User, "nickName"));
    sel.include(Mapping::optional(
        P::custom("nickname"),
        ScimPath::from_static("nickName"),
        "Nickname",
    ))
    .unwrap();
    sel.restore_defaults();
    assert!(!sel.is_selected(User, "nickName"));
}
