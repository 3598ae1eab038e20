//! What goes on the wire: methods, URLs, query strings, headers, bodies.

use http::Method;
use scim_client::{Auth, Client, ListQuery, Projection, RequestError};
use scim_core::{PatchOp, PatchOperation, SearchRequest, SortOrder, User, filter::attr};
use serde_json::json;

use crate::support::{BASE, block_on, client, empty, json, param, query, recording};

fn user_body() -> serde_json::Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1", "userName": "bjensen"})
}

#[test]
fn each_operation_uses_its_method_and_url() {
    let (t, log) = recording(|req| {
        Ok(match *req.method() {
            Method::DELETE => empty(204),
            Method::PATCH => empty(204),
            Method::POST if req.uri().path().ends_with(".search") => {
                json(200, json!({"totalResults": 0, "Resources": []}))
            }
            Method::POST => json(201, user_body()),
            Method::GET if req.uri().path().ends_with("/Users") => {
                json(200, json!({"totalResults": 0, "Resources": []}))
            }
            _ => json(200, user_body()),
        })
    });
    let (c, _) = client(t);
    let users = c.users();
    block_on(async {
        users.create(&User::new("bjensen")).await.unwrap();
        users.get("1").await.unwrap();
        users.replace("1", &User::new("bjensen")).await.unwrap();
        assert!(
            users
                .patch("1", &PatchOp::new(vec![]))
                .await
                .unwrap()
                .is_none()
        );
        users.delete("1").await.unwrap();
        users.list(&ListQuery::new()).await.unwrap();
        users.search(&SearchRequest::new()).await.unwrap();
        c.groups().get("g").await.unwrap();
    });
    let got: Vec<(Method, String)> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| (r.method().clone(), r.uri().to_string()))
        .collect();
    let want = [
        (Method::POST, "/Users"),
        (Method::GET, "/Users/1"),
        (Method::PUT, "/Users/1"),
        (Method::PATCH, "/Users/1"),
        (Method::DELETE, "/Users/1"),
        (Method::GET, "/Users"),
        (Method::POST, "/Users/.search"),
        (Method::GET, "/Groups/g"),
    ];
    assert_eq!(got.len(), want.len());
    for ((m, u), (wm, wu)) in got.iter().zip(want) {
        assert_eq!((m, u.as_str()), (&wm, format!("{BASE}{wu}").as_str()));
    }
}

#[test]
fn trailing_slash_on_the_base_makes_no_difference() {
    for base in ["https://h.example/scim/v2", "https://h.example/scim/v2/"] {
        let (t, log) = recording(|_| Ok(json(200, user_body())));
        let c = Client::builder(base.parse().unwrap()).build(t).unwrap();
        block_on(c.users().get("1")).unwrap();
        assert_eq!(
            log.lock().unwrap()[0].uri(),
            "https://h.example/scim/v2/Users/1"
        );
    }
}

#[test]
fn ids_cannot_reach_another_path() {
    let (t, log) = recording(|_| Ok(json(200, user_body())));
    let (c, _) = client(t);
    for (id, segment) in [
        ("../Groups/x", "..%2FGroups%2Fx"),
        ("a/b?c", "a%2Fb%3Fc"),
        ("%2F", "%252F"),
        ("x#y", "x%23y"),
        ("a;b=c", "a%3Bb%3Dc"),
    ] {
        block_on(c.users().get(id)).unwrap();
        block_on(c.users().delete(id)).unwrap();
        for req in log.lock().unwrap().drain(..) {
            assert_eq!(req.uri().path(), format!("/v2/Users/{segment}"), "{id}");
            assert_eq!(req.uri().query(), None, "{id}");
        }
    }
    for id in ["", ".", ".."] {
        for err in [
            block_on(c.users().get(id)).unwrap_err(),
            block_on(c.users().delete(id)).unwrap_err(),
            block_on(c.users().replace(id, &User::new("x"))).unwrap_err(),
            block_on(c.users().patch(id, &PatchOp::new(vec![]))).unwrap_err(),
        ] {
            assert!(
                matches!(err, scim_client::Error::Request(RequestError::InvalidId(_))),
                "{id:?}: {err}"
            );
        }
    }
    assert!(
        log.lock().unwrap().is_empty(),
        "nothing was sent for a bad id"
    );
}

#[test]
fn list_query_parameters() {
    let (t, log) = recording(|_| Ok(json(200, json!({"Resources": []}))));
    let c = Client::builder(BASE.parse().unwrap())
        .query_param("Users", "tenant", "acme & co")
        .query_param("Groups", "other", "no")
        .build(t)
        .unwrap();
    let list = ListQuery::new()
        .filter(
            attr("userName")
                .eq("o'hara+1@example.com")
                .and(attr("title").pr()),
        )
        .sort_by("meta.created")
        .sort_order(SortOrder::Descending)
        .start_index(21)
        .count(10)
        .attributes(["userName", "emails.value"])
        .excluded_attributes(["groups"]);
    block_on(c.users().list(&list)).unwrap();
    let req = log.lock().unwrap().pop().unwrap();
    let want: Vec<(String, String)> = [
        (
            "filter",
            r#"userName eq "o'hara+1@example.com" and title pr"#,
        ),
        ("sortBy", "meta.created"),
        ("sortOrder", "descending"),
        ("startIndex", "21"),
        ("count", "10"),
        ("attributes", "userName,emails.value"),
        ("excludedAttributes", "groups"),
        ("tenant", "acme & co"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    assert_eq!(query(&req), want);
    // '+' must not reach the server as a space.
    assert!(req.uri().query().unwrap().contains("%2B1%40example.com"));
    assert!(!req.uri().query().unwrap().contains('+'));
}

#[test]
fn get_with_projection() {
    let (t, log) = recording(|_| Ok(json(200, json!({"id": "1"}))));
    let (c, _) = client(t);
    let devices = c.resources::<scim_core::Resource>("/Devices");
    block_on(devices.get_with("1", &Projection::attributes(["serial", "name.x"]))).unwrap();
    block_on(devices.get_with("1", &Projection::excluded(["members"]))).unwrap();
    let log = log.lock().unwrap();
    assert_eq!(log[0].uri().path(), "/v2/Devices/1");
    assert_eq!(
        param(&log[0], "attributes").as_deref(),
        Some("serial,name.x")
    );
    assert_eq!(
        param(&log[1], "excludedAttributes").as_deref(),
        Some("members")
    );
    assert_eq!(param(&log[1], "attributes"), None);
}

#[test]
fn search_posts_a_search_request() {
    let (t, log) = recording(|_| Ok(json(200, json!({"totalResults": 0}))));
    let c = Client::builder(BASE.parse().unwrap())
        .query_param("Groups", "tenant", "t1")
        .build(t)
        .unwrap();
    let mut search = SearchRequest::new();
    search.filter = Some(r#"displayName sw "Admin""#.into());
    search.count = Some(5);
    let list = block_on(c.groups().search(&search)).unwrap();
    assert!(list.resources.is_empty());
    let req = &log.lock().unwrap()[0];
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.uri().path(), "/v2/Groups/.search");
    assert_eq!(param(req, "tenant").as_deref(), Some("t1"));
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(
        body,
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": "displayName sw \"Admin\"",
            "count": 5
        })
    );
    assert_eq!(req.headers()["content-type"], "application/scim+json");
}

#[test]
fn headers_on_every_request() {
    let (t, log) = recording(|_| Ok(json(200, user_body())));
    let c = Client::builder(BASE.parse().unwrap())
        .auth(Auth::bearer("tok").unwrap())
        .user_agent("acme/1.0")
        .build(t)
        .unwrap();
    block_on(c.users().get("1")).unwrap();
    block_on(c.users().replace("1", &User::new("x"))).unwrap();
    let log = log.lock().unwrap();
    for req in log.iter() {
        assert_eq!(
            req.headers()["accept"],
            "application/scim+json, application/json"
        );
        assert_eq!(req.headers()["user-agent"], "acme/1.0");
        assert_eq!(req.headers()["authorization"], "Bearer tok");
    }
    assert!(log[0].headers().get("content-type").is_none());
    assert_eq!(log[1].headers()["content-type"], "application/scim+json");
    let default = Client::builder(BASE.parse().unwrap())
        .build(|_: scim_client::transport::HttpRequest| async {
            Err::<scim_client::transport::HttpResponse, _>(std::io::Error::other("x"))
        })
        .unwrap();
    assert!(format!("{default:?}").contains(scim_client::DEFAULT_USER_AGENT));
}

#[test]
fn if_match_from_meta_version_or_explicit() {
    let (t, log) = recording(|_| Ok(json(200, user_body())));
    let (c, _) = client(t);
    let mut user = User::new("bjensen");
    block_on(c.users().replace("1", &user)).unwrap();
    user.meta = Some(scim_core::Meta {
        version: Some("W/\"v7\"".into()),
        ..Default::default()
    });
    block_on(c.users().replace("1", &user)).unwrap();
    block_on(c.users().replace_if_match("1", &user, None)).unwrap();
    block_on(c.users().replace_if_match("1", &user, Some("8"))).unwrap();
    block_on(c.users().patch_if_match(
        "1",
        &PatchOp::new(vec![PatchOperation::remove("title")]),
        Some("W/\"9\""),
    ))
    .unwrap();
    block_on(c.users().delete_if_match("1", Some("\"10\""))).unwrap();
    let got: Vec<Option<String>> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            r.headers()
                .get("if-match")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        got,
        [
            None,
            Some("W/\"v7\"".into()),
            None,
            Some("\"8\"".into()),
            Some("W/\"9\"".into()),
            Some("\"10\"".into()),
        ]
    );
}

#[test]
fn patch_body_is_a_patch_op() {
    let (t, log) = recording(|_| Ok(json(200, user_body())));
    let (c, _) = client(t);
    let op = PatchOp::new(vec![PatchOperation::replace("active", json!(false))]);
    let patched = block_on(c.users().patch("1", &op)).unwrap().unwrap();
    assert_eq!(patched.user_name, "bjensen");
    let body: serde_json::Value = serde_json::from_slice(log.lock().unwrap()[0].body()).unwrap();
    assert_eq!(
        body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    );
    assert_eq!(body["Operations"][0]["op"], "replace");
    assert_eq!(body["Operations"][0]["value"], false);
}
