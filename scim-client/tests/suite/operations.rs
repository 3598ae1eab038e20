//! Typed operations and how their responses are read.

use http::{Method, StatusCode};
use scim_client::Error;
use scim_core::{Group, PatchOp, PatchOperation, Resource, ScimType, User};
use serde_json::json;

use crate::support::{BASE, block_on, client, empty, json, recording, scim_error};

fn with_headers(
    mut r: http::Response<Vec<u8>>,
    headers: &[(&'static str, &str)],
) -> http::Response<Vec<u8>> {
    for (k, v) in headers {
        r.headers_mut().insert(*k, v.parse().unwrap());
    }
    r
}

#[test]
fn create_reads_location_and_etag_headers() {
    let (t, _) = recording(|req| {
        let mut body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
        body["id"] = "u1".into();
        Ok(with_headers(
            json(201, body),
            &[("location", "/v2/Users/u1"), ("etag", "W/\"a\"")],
        ))
    });
    let (c, _) = client(t);
    let created = block_on(c.users().create(&User::new("bjensen"))).unwrap();
    assert_eq!(created.id.as_deref(), Some("u1"));
    assert_eq!(created.user_name, "bjensen");
    assert_eq!(
        created.location.as_ref().unwrap().as_str(),
        format!("{BASE}/Users/u1")
    );
    assert_eq!(created.version.as_deref(), Some("W/\"a\""));
}

#[test]
fn missing_location_falls_back_to_meta() {
    let (t, _) = recording(|_| {
        Ok(json(
            201,
            json!({"id": "u2", "userName": "a", "meta": {"location": "https://scim.example.com/v2/Users/u2", "version": "W/\"m\""}}),
        ))
    });
    let (c, _) = client(t);
    let created = block_on(c.users().create(&User::new("a"))).unwrap();
    assert_eq!(
        created.location.as_ref().unwrap().as_str(),
        "https://scim.example.com/v2/Users/u2"
    );
    assert_eq!(created.version.as_deref(), Some("W/\"m\""));
}

#[test]
fn create_without_body_follows_location_on_the_same_origin_only() {
    let (t, log) = recording(|req| {
        Ok(match *req.method() {
            Method::POST if req.uri().path() == "/v2/Users" => {
                with_headers(empty(201), &[("location", "/v2/Users/u3")])
            }
            Method::POST => with_headers(empty(201), &[("location", "https://evil.example/steal")]),
            _ => json(200, json!({"id": "u3", "userName": "a"})),
        })
    });
    let (c, _) = client(t);
    let created = block_on(c.users().create(&User::new("a"))).unwrap();
    assert_eq!(created.id.as_deref(), Some("u3"));
    assert_eq!(
        created.location.as_ref().unwrap().as_str(),
        format!("{BASE}/Users/u3")
    );
    let log_len = log.lock().unwrap().len();
    assert_eq!(log_len, 2);
    assert_eq!(log.lock().unwrap()[1].method(), Method::GET);
    // Another origin is never contacted.
    let err = block_on(c.groups().create(&Group::new("g"))).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert!(
        log.lock()
            .unwrap()
            .iter()
            .all(|r| r.uri().host() == Some("scim.example.com"))
    );
}

#[test]
fn patch_with_200_or_204() {
    let op = PatchOp::new(vec![PatchOperation::add(
        "members",
        json!([{"value": "u1"}]),
    )]);
    let (t, log) = recording(|req| {
        Ok(match (req.method().clone(), req.uri().path()) {
            (Method::PATCH, "/v2/Groups/g1") => json(
                200,
                json!({"id": "g1", "displayName": "G", "members": [{"value": "u1"}]}),
            ),
            (Method::PATCH, _) => empty(204),
            (_, path) => json(
                200,
                json!({"id": path.rsplit('/').next().unwrap(), "displayName": "G2"}),
            ),
        })
    });
    let (c, _) = client(t);
    let returned = block_on(c.groups().patch("g1", &op)).unwrap().unwrap();
    assert_eq!(returned.members.len(), 1);
    assert_eq!(returned.members[0].value.as_deref(), Some("u1"));
    assert!(block_on(c.groups().patch("g2", &op)).unwrap().is_none());
    assert_eq!(log.lock().unwrap().len(), 2);
    let fetched = block_on(c.groups().patch_and_get("g2", &op)).unwrap();
    assert_eq!(fetched.display_name.as_deref(), Some("G2"));
    let methods: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.method().clone())
        .collect();
    assert_eq!(
        methods,
        [Method::PATCH, Method::PATCH, Method::PATCH, Method::GET]
    );
    // 200 with the resource: no extra GET.
    block_on(c.groups().patch_and_get("g1", &op)).unwrap();
    assert_eq!(log.lock().unwrap().len(), 5);
}

#[test]
fn error_statuses_map_to_scim_errors() {
    let (t, _) = recording(|req| {
        Ok(match req.uri().path() {
            "/v2/Users/missing" => scim_error(404, None, "Resource missing not found"),
            "/v2/Users" => scim_error(409, Some("uniqueness"), "userName taken"),
            "/v2/Users/stale" => scim_error(412, None, "version mismatch"),
            "/v2/Users/bad" => scim_error(400, Some("invalidValue"), "bad value"),
            _ => http::Response::builder()
                .status(500)
                .header("content-type", "text/html; charset=utf-8")
                .body(b"<html>oops</html>".to_vec())
                .unwrap(),
        })
    });
    let (c, _) = client(t);
    let err = block_on(c.users().get("missing")).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.scim_error().unwrap().detail.as_deref(),
        Some("Resource missing not found")
    );
    let err = block_on(c.users().create(&User::new("dup"))).unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.scim_type(), Some(&ScimType::Uniqueness));
    assert!(err.to_string().contains("uniqueness"), "{err}");
    let err = block_on(
        c.users()
            .replace_if_match("stale", &User::new("x"), Some("W/\"1\"")),
    )
    .unwrap_err();
    assert!(err.is_precondition_failed());
    let err = block_on(c.users().patch("bad", &PatchOp::new(vec![]))).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(err.scim_type(), Some(&ScimType::InvalidValue));
    let err = block_on(c.users().delete("other")).unwrap_err();
    let Error::Status {
        status,
        body,
        content_type,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 500);
    assert_eq!(body, b"<html>oops</html>");
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
}

#[test]
fn decode_errors_name_the_path() {
    let (t, _) = recording(|_| {
        Ok(json(
            200,
            json!({"userName": "a", "name": {"givenName": 7}}),
        ))
    });
    let (c, _) = client(t);
    let err = block_on(c.users().get("1")).unwrap_err();
    let Error::Decode { source, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(source.path(), "name.givenName");
    assert!(err.to_string().contains("name.givenName"), "{err}");
}

#[test]
fn any_resource_type_generic_or_typed() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Device {
        id: Option<String>,
        serial: String,
    }
    let (t, log) = recording(|req| {
        Ok(json(
            if req.method() == Method::POST {
                201
            } else {
                200
            },
            json!({"schemas": ["urn:example:Device"], "id": "d1", "serial": "SN1", "extra": true}),
        ))
    });
    let (c, _) = client(t);
    let typed = block_on(c.resources::<Device>("Devices").create(&Device {
        id: None,
        serial: "SN1".into(),
    }))
    .unwrap();
    assert_eq!(typed.serial, "SN1");
    let generic = block_on(c.resources::<Resource>("/Devices").get("d1")).unwrap();
    assert_eq!(generic.get("serial").unwrap(), "SN1");
    assert_eq!(generic.get("extra").unwrap(), true);
    let paths: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.uri().path().to_owned())
        .collect();
    assert_eq!(paths, ["/v2/Devices", "/v2/Devices/d1"]);
}

#[test]
fn discovery() {
    let (t, _) = recording(|req| {
        Ok(match req.uri().path() {
            "/v2/ServiceProviderConfig" => json(
                200,
                json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                    "patch": {"supported": true},
                    "bulk": {"supported": true, "maxOperations": 10, "maxPayloadSize": 1048576},
                    "filter": {"supported": true, "maxResults": 200},
                    "pagination": {"cursor": true, "index": true}
                }),
            ),
            "/v2/Schemas" => json(
                200,
                json!({
                    "totalResults": 1,
                    "Resources": [{"id": "urn:ietf:params:scim:schemas:core:2.0:User", "name": "User", "attributes": []}]
                }),
            ),
            // Some servers answer with a bare array.
            "/v2/ResourceTypes" => json(
                200,
                json!([
                    {"name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"},
                    {"name": "Group", "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}
                ]),
            ),
            _ => empty(404),
        })
    });
    let (c, _) = client(t);
    let spc = block_on(c.service_provider_config()).unwrap();
    assert!(spc.supports_patch() && spc.supports_bulk());
    assert_eq!(spc.bulk.as_ref().unwrap().max_operations, Some(10));
    let schemas = block_on(c.schemas()).unwrap();
    assert_eq!(schemas[0].name.as_deref(), Some("User"));
    let types = block_on(c.resource_types()).unwrap();
    assert_eq!(
        types
            .iter()
            .map(|t| t.endpoint.as_str())
            .collect::<Vec<_>>(),
        ["/Users", "/Groups"]
    );
}

#[test]
fn service_provider_config_under_its_scim_1_1_name() {
    let (t, log) = recording(|req| {
        Ok(match req.uri().path() {
            "/v2/ServiceProviderConfigs" => json(200, json!({"patch": {"supported": false}})),
            _ => scim_error(404, None, "no such endpoint"),
        })
    });
    let (c, _) = client(t);
    let spc = block_on(c.service_provider_config()).unwrap();
    assert!(!spc.supports_patch());
    assert_eq!(log.lock().unwrap().len(), 2);

    let (t, _) = recording(|_| Ok(scim_error(404, None, "nothing here")));
    let (c, _) = client(t);
    let err = block_on(c.service_provider_config()).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.scim_error().unwrap().detail.as_deref(),
        Some("nothing here")
    );
}

#[test]
fn content_types_accepted_and_refused() {
    for (ct, ok) in [
        ("application/scim+json", true),
        ("application/scim+json; charset=utf-8", true),
        ("application/json", true),
        ("application/json;charset=UTF-8", true),
        // FusionAuth's reversed type.
        ("application/json+scim;charset=UTF-8", true),
        ("text/html", false),
    ] {
        let (t, _) = recording(move |_| {
            Ok(http::Response::builder()
                .status(200)
                .header("content-type", ct)
                .body(br#"{"userName": "a"}"#.to_vec())
                .unwrap())
        });
        let (c, _) = client(t);
        let result = block_on(c.users().get("1"));
        assert_eq!(result.is_ok(), ok, "{ct}: {result:?}");
        if !ok {
            assert!(matches!(result.unwrap_err(), Error::ContentType { .. }));
        }
    }
}

#[test]
fn find_one_checks_the_filter_on_the_client() {
    use scim_core::filter::attr;

    let all: Vec<serde_json::Value> = (0..25)
        .map(|i| json!({"id": format!("u{i}"), "userName": format!("user{i}@example.com")}))
        .collect();
    // A server that ignores the filter and lists everyone, ten at a time.
    let everyone = all.clone();
    let (t, log) = recording(move |req| {
        let start: usize =
            crate::support::param(req, "startIndex").map_or(1, |s| s.parse().unwrap());
        let page: Vec<_> = everyone.iter().skip(start - 1).take(10).cloned().collect();
        Ok(json(200, json!({"totalResults": 25, "Resources": page})))
    });
    let (c, _) = client(t);
    let filter = attr("userName").eq("USER17@example.com").build().unwrap();
    let found = block_on(c.users().find_one(&filter)).unwrap().unwrap();
    assert_eq!(
        found.id.as_deref(),
        Some("u17"),
        "userName is case-insensitive"
    );
    let sent = log.lock().unwrap().len();
    assert!(sent >= 2, "{sent}");
    assert_eq!(
        crate::support::param(&log.lock().unwrap()[0], "filter").as_deref(),
        Some(r#"userName eq "USER17@example.com""#)
    );
    let missing = attr("userName").eq("nobody").build().unwrap();
    assert!(block_on(c.users().find_one(&missing)).unwrap().is_none());

    // A server that filters: one request.
    let (t, log) = recording(|_| {
        Ok(json(
            200,
            json!({"Resources": [{"id": "g1", "displayName": "Ops \"A\""}]}),
        ))
    });
    let (c, _) = client(t);
    let f = attr("displayName").eq("Ops \"A\"").build().unwrap();
    let g = block_on(c.groups().find_one(&f)).unwrap().unwrap();
    assert_eq!(g.id.as_deref(), Some("g1"));
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[test]
fn root_search() {
    let (t, log) = recording(|_| {
        Ok(json(
            200,
            json!({"totalResults": 2, "Resources": [
                {"id": "1", "userName": "a", "meta": {"resourceType": "User"}},
                {"id": "2", "displayName": "g", "meta": {"resourceType": "Group"}}
            ]}),
        ))
    });
    let (c, _) = client(t);
    let mut search = scim_core::SearchRequest::new();
    search.filter = Some("meta.lastModified gt \"2020-01-01T00:00:00Z\"".into());
    let found = block_on(c.search(&search)).unwrap();
    assert_eq!(found.resources.len(), 2);
    assert_eq!(
        found.resources[1]
            .meta
            .as_ref()
            .unwrap()
            .resource_type
            .as_deref(),
        Some("Group")
    );
    let req = &log.lock().unwrap()[0];
    assert_eq!(
        (req.method(), req.uri().path()),
        (&Method::POST, "/v2/.search")
    );
}

#[test]
fn futures_and_pagers_are_send_for_multithreaded_runtimes() {
    fn assert_send<F: Send>(_: &F) {}
    fn assert_send_sync<S: Send + Sync>() {}
    let (t, _) = recording(|_| Ok(json(200, json!({"userName": "a"}))));
    let (c, _) = client(t);
    assert_send_sync::<
        scim_client::Client<Box<dyn scim_client::transport::Transport<Error = std::io::Error>>>,
    >();
    assert_send_sync::<Error>();
    assert_send_sync::<scim_client::Auth>();
    let users = c.users();
    let get = users.get("1");
    assert_send(&get);
    let user = User::new("a");
    let create = users.create(&user);
    assert_send(&create);
    let pager = users.pages(scim_client::ListQuery::new());
    assert_send(&pager);
    let bulk = c.bulk_split(
        scim_core::BulkRequest::new(vec![]),
        scim_client::BulkLimits::default(),
    );
    assert_send(&bulk);
    drop((get, create, pager, bulk));
}
