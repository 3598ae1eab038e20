//! The profile data checks itself: every path parses, no row twice, nothing
//! both mapped and unsupported; and the checks catch each kind of mistake.

use scim_profiles::{
    BUILT_IN, DirectoryProperty as P, Mapping, ProfileBuilder, ProfileError, Requirement,
    ResourceKind, ScimPath, Unsupported, generic, monday, smartsheet, sparkpost,
};

#[test]
fn every_built_in_profile_passes_its_checks() {
    for p in BUILT_IN {
        assert_eq!(p.check(), Ok(()), "{}", p.name);
        assert!(p.closed, "{}", p.name);
    }
}

#[test]
fn every_path_in_every_table_parses() {
    for p in BUILT_IN {
        let paths = p
            .mappings
            .iter()
            .map(|m| &m.path)
            .chain(p.unsupported.iter().map(|u| &u.path))
            .chain(p.rules.put_forbidden.iter())
            .chain(p.rules.lowercase.iter())
            .chain(p.rules.explicit_only.iter())
            .chain(p.rules.allowed_values.iter().map(|a| &a.path))
            .chain(p.capabilities.user_lookup.iter())
            .chain(p.capabilities.group_lookup.iter());
        for path in paths {
            let parsed = path.patch_path();
            assert!(parsed.is_ok(), "{}: {path}: {parsed:?}", p.name);
            // And it reads back as written.
            assert_eq!(parsed.unwrap().to_string(), path.as_str(), "{}", p.name);
        }
    }
}

#[test]
fn no_mapping_twice_and_nothing_mapped_and_unsupported() {
    for p in BUILT_IN {
        let rows: Vec<_> = p.mappings.iter().collect();
        for (i, a) in rows.iter().enumerate() {
            for b in rows.iter().skip(i + 1) {
                assert!(
                    !(a.resource == b.resource && a.path.eq_ignore_case(&b.path)),
                    "{}: {} twice",
                    p.name,
                    a.path
                );
            }
        }
        for u in p.unsupported.iter() {
            let ua = u.path.attr().unwrap();
            for m in p.mappings_of(u.resource) {
                let ma = m.path.attr().unwrap();
                assert!(
                    !(ma.name().eq_ignore_ascii_case(ua.name())
                        && ma.uri().map(str::to_ascii_lowercase)
                            == ua.uri().map(str::to_ascii_lowercase)),
                    "{}: {} mapped and unsupported",
                    p.name,
                    u.path
                );
            }
        }
    }
}

#[test]
fn names_are_unique() {
    let mut names: Vec<_> = BUILT_IN.iter().map(|p| &*p.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), BUILT_IN.len());
}

#[test]
fn the_checks_catch_each_mistake() {
    let bad_path = ProfileBuilder::new("x")
        .mapping(Mapping::required(
            P::Username,
            ScimPath::from_static("user name"),
            "User",
        ))
        .build();
    assert!(
        matches!(bad_path, Err(ProfileError::InvalidPath { ref path, .. }) if path.as_str() == "user name"),
        "{bad_path:?}"
    );

    for (path, writable) in [
        (r#"emails[type eq "work"]"#, true),
        (r#"emails[type eq "work"].display"#, true),
        (r#"emails[type sw "w"]"#, false),
        (r#"emails[type eq "work" and primary eq true]"#, false),
        (r#"emails[primary eq true]"#, false),
    ] {
        let built = ProfileBuilder::new("x")
            .mapping(Mapping::required(
                P::Username,
                ScimPath::from_static("userName"),
                "User",
            ))
            .mapping(Mapping::optional(
                P::Email,
                ScimPath::parse(path).unwrap(),
                "Email",
            ))
            .build();
        assert_eq!(
            built.is_ok(),
            writable,
            "{path}: {:?}",
            built.as_ref().err()
        );
        if !writable {
            assert!(matches!(built, Err(ProfileError::PathNotWritable { .. })));
        }
    }

    let twice = ProfileBuilder::from_profile(&smartsheet::PROFILE)
        .mapping(Mapping::optional(
            P::custom("login"),
            ScimPath::from_static("USERNAME"),
            "Login",
        ))
        .build();
    assert_eq!(
        twice,
        Err(ProfileError::DuplicateMapping {
            resource: ResourceKind::User,
            path: ScimPath::from_static("userName"),
        })
    );

    // The same path for a Group is another row.
    let group_row = ProfileBuilder::new("x")
        .mapping(Mapping::required(
            P::Username,
            ScimPath::from_static("userName"),
            "User",
        ))
        .mapping(Mapping::required(
            P::Title,
            ScimPath::from_static("displayName"),
            "T",
        ))
        .mapping(
            Mapping::required(P::GroupName, ScimPath::from_static("displayName"), "G").for_group(),
        )
        .build();
    assert!(group_row.is_ok(), "{group_row:?}");

    let both = ProfileBuilder::from_profile(&smartsheet::PROFILE)
        .mapping(Mapping::optional(
            P::Manager,
            ScimPath::from_static(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
            ),
            "Manager",
        ))
        .build();
    assert!(
        matches!(
            both,
            Err(ProfileError::MappedAndUnsupported {
                resource: ResourceKind::User,
                ..
            })
        ),
        "{both:?}"
    );

    let filter_unsupported = ProfileBuilder::new("x")
        .unsupported(Unsupported::user(
            ScimPath::from_static(r#"emails[type eq "home"]"#),
            "no",
        ))
        .build();
    assert!(matches!(
        filter_unsupported,
        Err(ProfileError::UnsupportedNotAnAttribute { .. })
    ));

    assert_eq!(
        ProfileBuilder::new("").build(),
        Err(ProfileError::EmptyName)
    );
    assert_eq!(
        ProfileBuilder::new("x").auth(vec![]).build(),
        Err(ProfileError::NoAuthScheme)
    );
    assert_eq!(
        ProfileBuilder::from_profile(&sparkpost::PROFILE)
            .remove_mapping(ResourceKind::User, "userName")
            .build(),
        Err(ProfileError::NoUserName)
    );
}

#[test]
fn a_run_time_profile_starts_open_and_keeps_its_rows() {
    let p = ProfileBuilder::from_profile(&generic::PROFILE)
        .name("hr")
        .mapping(Mapping::new(
            ResourceKind::User,
            P::custom("badge"),
            ScimPath::parse("urn:example:params:scim:schemas:Badge:number").unwrap(),
            "Badge",
            Requirement::Optional,
        ))
        .build()
        .unwrap();
    assert!(!p.closed);
    assert_eq!(p.mappings.len(), generic::PROFILE.mappings.len() + 1);
    assert_eq!(p.name, "hr");
    let built_in = &generic::PROFILE;
    assert!(built_in.closed, "the built-in stays closed");
    assert!(
        ProfileBuilder::from_profile(&monday::PROFILE)
            .closed(true)
            .build()
            .unwrap()
            .closed
    );
}
