//! Base URLs built from validated pieces, and invalid pieces rejected.

use scim_profiles::BaseUrlError;
use scim_profiles::generic;
use scim_profiles::monday::Subdomain;
use scim_profiles::smartsheet::{ApiVersion, Region, Site as Smartsheet};
use scim_profiles::sparkpost::{Site as SparkPost, Tenant};

#[test]
fn smartsheet_urls() {
    for (region, version, url) in [
        (
            Region::Us,
            ApiVersion::V2,
            "https://scim.smartsheet.com/v2/",
        ),
        (
            Region::Us,
            ApiVersion::V3,
            "https://scim.smartsheet.com/v3/",
        ),
        (Region::Eu, ApiVersion::V2, "https://scim.smartsheet.eu/v2/"),
        (Region::Eu, ApiVersion::V3, "https://scim.smartsheet.eu/v3/"),
    ] {
        let site = Smartsheet::new(region).with_version(version);
        assert_eq!(site.base_url().as_str(), url);
        assert_eq!(
            site.base_url().join("Users").unwrap().as_str(),
            format!("{url}Users")
        );
    }
    assert_eq!(Smartsheet::default().version, ApiVersion::V2);
    assert_eq!(Smartsheet::default().region, Region::Us);
    assert_eq!("V3".parse::<ApiVersion>().unwrap(), ApiVersion::V3);
    assert_eq!("eu".parse::<Region>().unwrap(), Region::Eu);
    assert!("v1".parse::<ApiVersion>().is_err());
    assert_eq!(
        "ap".parse::<Region>().unwrap_err().to_string(),
        "unknown Smartsheet region `ap` (expected `us` or `eu`)"
    );
    assert_eq!(
        "v1".parse::<ApiVersion>().unwrap_err().to_string(),
        "unknown Smartsheet API version `v1` (expected `v2` or `v3`)"
    );
    // A long text is cut to its first 16 characters.
    assert_eq!(
        "scim.smartsheet.com/v2"
            .parse::<Region>()
            .unwrap_err()
            .to_string(),
        "unknown Smartsheet region `scim.smartsheet.` (expected `us` or `eu`)"
    );
}

#[test]
fn sparkpost_urls() {
    assert_eq!(
        SparkPost::Us.base_url().as_str(),
        "https://api.sparkpost.com/api/v1/users/scim/v2/"
    );
    assert_eq!(
        SparkPost::Eu.base_url().as_str(),
        "https://api.eu.sparkpost.com/api/v1/users/scim/v2/"
    );
    let t = Tenant::new("ACME-mail").unwrap();
    assert_eq!(t.as_str(), "acme-mail");
    assert_eq!(
        SparkPost::Enterprise(t)
            .base_url()
            .join("Users")
            .unwrap()
            .as_str(),
        "https://acme-mail.api.e.sparkpost.com/api/v1/users/scim/v2/Users"
    );
}

#[test]
fn monday_urls() {
    assert_eq!(
        Subdomain::new("myaccount").unwrap().base_url().as_str(),
        "https://myaccount.monday.com/scim/v2/"
    );
    assert_eq!(
        "MyAccount".parse::<Subdomain>().unwrap().as_str(),
        "myaccount"
    );
}

#[test]
fn invalid_labels_are_rejected() {
    let long = "a".repeat(64);
    type Check = fn(&BaseUrlError) -> bool;
    let cases: &[(&str, Check)] = &[
        ("", |e| matches!(e, BaseUrlError::Empty { .. })),
        ("acme.monday.com", |e| {
            matches!(e, BaseUrlError::Dot { at: 4, .. })
        }),
        (".acme", |e| matches!(e, BaseUrlError::Dot { at: 0, .. })),
        ("acme.", |e| matches!(e, BaseUrlError::Dot { .. })),
        ("ac me", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: ' ', .. })
        }),
        (" acme", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: ' ', at: 0, .. })
        }),
        ("acme/../x", |e| matches!(e, BaseUrlError::Dot { .. })),
        ("acme/x", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '/', .. })
        }),
        ("acme@evil", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '@', .. })
        }),
        ("acme:443", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: ':', .. })
        }),
        ("acme?x", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '?', .. })
        }),
        ("acme#x", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '#', .. })
        }),
        ("ac_me", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '_', .. })
        }),
        ("äcme", |e| {
            matches!(
                e,
                BaseUrlError::InvalidChar {
                    ch: 'ä', at: 0, ..
                }
            )
        }),
        ("acme\n", |e| {
            matches!(e, BaseUrlError::InvalidChar { ch: '\n', .. })
        }),
        ("-acme", |e| matches!(e, BaseUrlError::Hyphen { .. })),
        ("acme-", |e| matches!(e, BaseUrlError::Hyphen { .. })),
        (&long, |e| {
            matches!(
                e,
                BaseUrlError::TooLong {
                    len: 64,
                    max: 63,
                    ..
                }
            )
        }),
    ];
    for (text, is) in cases {
        let m = Subdomain::new(text).unwrap_err();
        assert!(is(&m), "subdomain {text:?}: {m:?}");
        let t = Tenant::new(text).unwrap_err();
        assert!(is(&t), "tenant {text:?}: {t:?}");
    }
    assert_eq!(
        Subdomain::new("acme.monday.com").unwrap_err().to_string(),
        "the subdomain contains a dot at offset 4: give only the first label (`acme`, not `acme.example.com`)"
    );
    assert_eq!(
        Tenant::new("").unwrap_err().to_string(),
        "the tenant is empty"
    );
    // The longest label is fine.
    assert!(Subdomain::new(&"a".repeat(63)).is_ok());
}

#[test]
fn generic_urls() {
    assert_eq!(
        generic::base_url("https://scim.example.com/scim/v2")
            .unwrap()
            .as_str(),
        "https://scim.example.com/scim/v2/"
    );
    assert_eq!(
        generic::base_url("HTTPS://SCIM.Example.com/v2/")
            .unwrap()
            .as_str(),
        "https://scim.example.com/v2/"
    );
    assert!(generic::base_url("http://127.0.0.1:9000").is_ok());
    for bad in [
        "",
        "scim.example.com",
        "ftp://scim.example.com/",
        "http://scim.example.com/",
        "https://user:pw@scim.example.com/",
        "https://scim.example.com/?a=b",
        "https://scim.example.com/#f",
        "data:text/plain,hello",
    ] {
        assert!(generic::base_url(bad).is_err(), "{bad:?}");
    }
}
