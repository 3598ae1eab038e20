//! Building filters in code: printing, reading back, hostile values.

use proptest::prelude::*;
use scim_core::filter::{BuildError, CompString, CompValue, CompareOp, Expr, attr, attr_in, not};
use scim_core::schema::urn;
use scim_core::{DateTime, Filter};
use serde_json::json;

/// Builds, prints, reads back and checks that the tree is unchanged.
fn printed(expr: Expr) -> String {
    let f = expr.build().unwrap();
    let text = f.to_string();
    assert_eq!(Filter::parse(&text).unwrap(), f, "{text}");
    text
}

#[test]
fn every_operator_and_value_kind() {
    let created: DateTime = "2011-05-13T04:42:34Z".parse().unwrap();
    let jen = String::from("jen");
    let en = CompString::from("en");
    let cases: Vec<(Expr, &str)> = vec![
        (attr("userName").eq("bjensen"), r#"userName eq "bjensen""#),
        (attr("userName").ne(String::from("x")), r#"userName ne "x""#),
        (attr("userName").co(&jen), r#"userName co "jen""#),
        (attr("userName").sw("b"), r#"userName sw "b""#),
        (
            attr("userName").sw(CompString::from("b\"j")),
            r#"userName sw "b\"j""#,
        ),
        (attr("userName").ew(&en), r#"userName ew "en""#),
        (attr("userName").ew("n"), r#"userName ew "n""#),
        (
            attr("meta.lastModified").gt(&created),
            r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        ),
        (
            attr("meta.lastModified").ge(created.clone()),
            r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
        ),
        (attr("level").lt(10u8), "level lt 10"),
        (attr("level").le(-3i32), "level le -3"),
        (attr("level").eq(u64::MAX), "level eq 18446744073709551615"),
        (attr("ratio").gt(2.5f32), "ratio gt 2.5"),
        (attr("active").eq(true), "active eq true"),
        (attr("title").eq(None::<String>), "title eq null"),
        (attr("title").pr(), "title pr"),
        (
            attr("title").compare(CompareOp::Ne, CompValue::Null),
            "title ne null",
        ),
        (
            attr("name").sub_attr("givenName").sw("Bar"),
            r#"name.givenName sw "Bar""#,
        ),
        (
            attr_in(urn::ENTERPRISE_USER, "manager.value").eq("26118915"),
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915""#,
        ),
        (
            attr("urn:ietf:params:scim:schemas:core:2.0:User:userName").sw("J"),
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        ),
        (
            attr("emails").has(
                attr("type")
                    .eq("work")
                    .and(attr("value").co("@example.com")),
            ),
            r#"emails[type eq "work" and value co "@example.com"]"#,
        ),
        (
            attr("userType").eq("Employee").and(
                attr("emails")
                    .co("example.com")
                    .or(attr("emails.value").co("example.org")),
            ),
            r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
        ),
        (
            not(attr("a").pr()).and(attr("b").pr().not()),
            "not (a pr) and not (b pr)",
        ),
        (
            Expr::from(Filter::parse("a pr or b pr").unwrap()).or(attr("c").pr()),
            "a pr or b pr or c pr",
        ),
    ];
    for (expr, want) in cases {
        assert_eq!(printed(expr), want);
    }
}

#[test]
fn hostile_values_stay_values() {
    let user = json!({"userName": "bjensen"});
    for value in [
        r#"x" or userName pr or userName eq "y"#,
        r#"x") or (userName pr"#,
        r#"\"#,
        "\\\"",
        "a]b[c",
        "tab\tnewline\ncr\rnul\0bell\u{7}",
        "\u{2028}\u{2029}\u{FEFF}",
        "' or 1=1 --",
    ] {
        let f = attr("userName").eq(value).build().unwrap();
        let back = Filter::parse(&f.to_string()).unwrap();
        let Filter::Compare(c) = &back else {
            panic!("{back:?}")
        };
        assert_eq!(c.value.as_str(), Some(value));
        assert!(!back.matches(&user).unwrap(), "{value}");
    }
}

#[test]
fn invalid_paths_and_numbers_are_errors() {
    for path in [
        "",
        " userName",
        "user name",
        "1abc",
        "a.b.c",
        "emails[type eq \"work\"]",
        "a)",
        "urn:x:",
    ] {
        assert!(
            matches!(attr(path).eq("x").build(), Err(BuildError::Path(_))),
            "{path:?}"
        );
    }
    for n in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(matches!(
            attr("x").gt(n).build(),
            Err(BuildError::NotFinite(_))
        ));
    }
    let err = attr("user name").pr().build().unwrap_err();
    assert!(
        err.to_string().starts_with("invalid attribute path"),
        "{err}"
    );
}

#[test]
fn built_filters_evaluate() {
    let user = json!({
        "schemas": [urn::USER, urn::ENTERPRISE_USER],
        "userName": "bjensen",
        "emails": [{"value": "bjensen@example.com", "type": "work"}],
        urn::ENTERPRISE_USER: {"department": "Tour Operations"}
    });
    let f = attr("userName")
        .eq("BJensen")
        .and(attr("emails").has(attr("type").eq("work")))
        .and(attr_in(urn::ENTERPRISE_USER, "department").sw("tour"))
        .build()
        .unwrap();
    assert!(f.matches(&user).unwrap());
}

proptest! {
    /// For any Unicode string `s`, the printed form of
    /// `attr("userName").eq(s)` reads back as a single `eq` comparison whose
    /// value is exactly `s`.
    #[test]
    fn any_string_round_trips(s in any::<String>()) {
        let f = attr("userName").eq(s.as_str()).build().unwrap();
        let back = Filter::parse(&f.to_string()).unwrap();
        match back {
            Filter::Compare(c) => {
                prop_assert_eq!(c.op, CompareOp::Eq);
                prop_assert!(c.path.is_simple_name("userName"));
                prop_assert_eq!(c.value.as_str(), Some(s.as_str()));
            }
            other => prop_assert!(false, "not a comparison: {:?}", other),
        }
    }

    /// Any finite float or integer reads back as the same number.
    #[test]
    fn numbers_round_trip(x in any::<f64>().prop_filter("finite", |x| x.is_finite()), i in any::<i64>()) {
        let f = attr("n").eq(x).and(attr("m").eq(i)).build().unwrap();
        let back = Filter::parse(&f.to_string()).unwrap();
        prop_assert_eq!(back, f);
    }
}
