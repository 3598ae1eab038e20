//! Shared inputs and baselines for the criterion benches of the SCIM
//! workspace.
//!
//! [`plain`] holds a plain `#[derive(Deserialize, Serialize)]` model of the
//! same User: exact-case names, no unknown attributes kept, absent
//! attributes not written (so both models write the same JSON). It is the
//! baseline the lossless, case-insensitive types of `scim-core` are
//! measured against.

/// A full enterprise User (about 3 KB), in the shape of RFC 7643 §8.3.
pub const ENTERPRISE_USER: &str = include_str!("../data/enterprise_user.json");

/// A `ListResponse` of `n` distinct copies of [`ENTERPRISE_USER`].
pub fn list_response(n: usize) -> String {
    let user: serde_json::Value = match serde_json::from_str(ENTERPRISE_USER) {
        Ok(v) => v,
        Err(_) => return String::new(),
    };
    let resources: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut u = user.clone();
            if let Some(obj) = u.as_object_mut() {
                obj.insert("id".into(), format!("user-{i:06}").into());
                obj.insert("userName".into(), format!("user{i}@example.com").into());
            }
            u
        })
        .collect();
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": n,
        "startIndex": 1,
        "itemsPerPage": n,
        "Resources": resources,
    })
    .to_string()
}

/// A plain serde model of the User, for comparison.
pub mod plain {
    #![allow(missing_docs)] // field-for-field mirror of scim_core::User

    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct User {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub schemas: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub external_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub meta: Option<Meta>,
        pub user_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<Name>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub display_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub nick_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub profile_url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub preferred_language: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locale: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub active: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub password: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub emails: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub phone_numbers: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub ims: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub photos: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub addresses: Vec<Address>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub groups: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub entitlements: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub roles: Vec<MultiValue>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub x509_certificates: Vec<MultiValue>,
        #[serde(
            default,
            rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            skip_serializing_if = "Option::is_none"
        )]
        pub enterprise: Option<Enterprise>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Meta {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub resource_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub created: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub last_modified: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub location: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Name {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub formatted: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub family_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub given_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub middle_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub honorific_prefix: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub honorific_suffix: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct MultiValue {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub display: Option<String>,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub primary: Option<bool>,
        #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
        pub ref_: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Address {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub formatted: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub street_address: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub locality: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub region: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub postal_code: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub country: Option<String>,
        #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
        pub type_: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub primary: Option<bool>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Enterprise {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub employee_number: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub cost_center: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub organization: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub division: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub department: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub manager: Option<Manager>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Manager {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub value: Option<String>,
        #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
        pub ref_: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub display_name: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ListResponse {
        pub schemas: Vec<String>,
        pub total_results: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub start_index: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub items_per_page: Option<u64>,
        #[serde(rename = "Resources", default)]
        pub resources: Vec<User>,
    }
}

/// Filters for the filter benches.
pub mod filters {
    /// `(name, filter)`: the examples of RFC 7644 §3.4.2.2, then longer ones.
    pub const CASES: &[(&str, &str)] = &[
        ("rfc01_eq", r#"userName eq "bjensen""#),
        ("rfc02_co", r#"name.familyName co "O'Malley""#),
        ("rfc03_sw", r#"userName sw "J""#),
        (
            "rfc04_urn",
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        ),
        ("rfc05_pr", "title pr"),
        ("rfc06_gt", r#"meta.lastModified gt "2011-05-13T04:42:34Z""#),
        ("rfc07_ge", r#"meta.lastModified ge "2011-05-13T04:42:34Z""#),
        ("rfc08_lt", r#"meta.lastModified lt "2011-05-13T04:42:34Z""#),
        ("rfc09_le", r#"meta.lastModified le "2011-05-13T04:42:34Z""#),
        ("rfc10_and", r#"title pr and userType eq "Employee""#),
        ("rfc11_or", r#"title pr or userType eq "Intern""#),
        (
            "rfc12_schemas",
            r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        ),
        (
            "rfc13_group",
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            "rfc14_not",
            r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            "rfc15_paren",
            r#"userType eq "Employee" and (emails.type eq "work")"#,
        ),
        (
            "rfc16_valuepath",
            r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
        ),
        (
            "rfc17_two_valuepaths",
            r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
        ),
        ("long_or_32", LONG_OR_32),
        ("long_nested_16", LONG_NESTED_16),
        ("long_escapes", LONG_ESCAPES),
    ];

    const LONG_OR_32: &str = concat!(
        r#"userName eq "user00@example.com" or userName eq "user01@example.com" or "#,
        r#"userName eq "user02@example.com" or userName eq "user03@example.com" or "#,
        r#"userName eq "user04@example.com" or userName eq "user05@example.com" or "#,
        r#"userName eq "user06@example.com" or userName eq "user07@example.com" or "#,
        r#"userName eq "user08@example.com" or userName eq "user09@example.com" or "#,
        r#"userName eq "user10@example.com" or userName eq "user11@example.com" or "#,
        r#"userName eq "user12@example.com" or userName eq "user13@example.com" or "#,
        r#"userName eq "user14@example.com" or userName eq "user15@example.com" or "#,
        r#"userName eq "user16@example.com" or userName eq "user17@example.com" or "#,
        r#"userName eq "user18@example.com" or userName eq "user19@example.com" or "#,
        r#"userName eq "user20@example.com" or userName eq "user21@example.com" or "#,
        r#"userName eq "user22@example.com" or userName eq "user23@example.com" or "#,
        r#"userName eq "user24@example.com" or userName eq "user25@example.com" or "#,
        r#"userName eq "user26@example.com" or userName eq "user27@example.com" or "#,
        r#"userName eq "user28@example.com" or userName eq "user29@example.com" or "#,
        r#"userName eq "user30@example.com" or userName eq "user31@example.com""#,
    );

    const LONG_NESTED_16: &str = concat!(
        r#"(((((((((((((((( title pr and userType eq "Employee") or active eq true) "#,
        r#"and meta.lastModified gt "2011-05-13T04:42:34Z") or not (emails co "x")) "#,
        r#"and name.givenName sw "B") or name.familyName ew "n") and id ne "1") "#,
        r#"or externalId pr) and displayName co "a") or nickName eq "Babs") "#,
        r#"and locale eq "en-US") or timezone pr) and profileUrl pr) "#,
        r#"or emails[type eq "work"]) and phoneNumbers.value sw "+1") or userName pr)"#,
    );

    const LONG_ESCAPES: &str = concat!(
        r#"displayName eq "a \"quoted\" name with \\ backslashes, \u00e9\u00e8 accents, "#,
        r#"\t tabs and \ud83d\ude00 emoji and a long tail of plain text to read through" "#,
        r#"and name.formatted co "Ms. Barbara J Jensen, III \n 100 Universal City Plaza""#,
    );
}
