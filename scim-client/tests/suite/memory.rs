//! The in-memory service provider, driven with raw HTTP requests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use scim_client::memory::{
    FaultKind, Faults, MemoryError, MemoryProvider, Quirks, TotalResults, UnsupportedFilter,
};
use scim_client::transport::Transport;
use scim_core::schema::urn;
use scim_core::{ResourceType, Schema};
use serde_json::{Value, json};

const BASE: &str = "https://example.com/scim/v2";

struct Resp {
    status: u16,
    headers: http::HeaderMap,
    body: Value,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    fn scim_type(&self) -> Option<&str> {
        self.body.get("scimType").and_then(Value::as_str)
    }

    /// Asserts an RFC 7644 §3.12 error body.
    fn assert_error(&self, status: u16, scim_type: Option<&str>) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["schemas"], json!([urn::ERROR]), "{}", self.body);
        assert_eq!(self.body["status"], status.to_string(), "{}", self.body);
        assert_eq!(self.scim_type(), scim_type, "{}", self.body);
        assert_eq!(self.header("content-type"), Some("application/scim+json"));
    }

    fn resources(&self) -> &Vec<Value> {
        self.body
            .get("Resources")
            .or_else(|| self.body.get("resources"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("no resources in {}", self.body))
    }

    fn user_names(&self) -> Vec<String> {
        self.resources()
            .iter()
            .map(|r| r["userName"].as_str().unwrap().to_owned())
            .collect()
    }
}

fn provider() -> MemoryProvider {
    MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .build()
}

fn call(p: &MemoryProvider, method: &str, path: &str, body: Option<Value>) -> Resp {
    call_with(p, method, path, body, &[])
}

fn call_with(
    p: &MemoryProvider,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Resp {
    let uri = if path.starts_with("http") {
        path.to_owned()
    } else {
        format!("{BASE}{path}")
    };
    let mut b = http::Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let bytes = body
        .map(|b| serde_json::to_vec(&b).unwrap())
        .unwrap_or_default();
    let resp = p.handle(b.body(bytes).unwrap()).unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = if resp.body().is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(resp.body()).unwrap_or(Value::Null)
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn user(name: &str) -> Value {
    json!({"schemas": [urn::USER], "userName": name})
}

fn create_user(p: &MemoryProvider, name: &str) -> String {
    let r = call(p, "POST", "/Users", Some(user(name)));
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

fn create_group(p: &MemoryProvider, name: &str, members: &[&str]) -> String {
    let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
    let r = call(
        p,
        "POST",
        "/Groups",
        Some(json!({"schemas": [urn::GROUP], "displayName": name, "members": members})),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

fn seed_users(p: &MemoryProvider, n: usize) {
    for i in 0..n {
        p.insert("User", user(&format!("user{i:03}"))).unwrap();
    }
}

// ----- create, read -----

#[test]
fn create_answers_201_with_location_etag_and_meta() {
    let p = provider();
    let body = json!({
        "schemas": [urn::USER],
        "id": "chosen-by-client",
        "userName": "bjensen",
        "password": "t1meMa$heen",
        "groups": [{"value": "nope"}],
        "meta": {"resourceType": "Nope"},
        "name": {"givenName": "Barbara"}
    });
    let r = call(&p, "POST", "/Users", Some(body));
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_str().unwrap();
    assert_ne!(id, "chosen-by-client", "id is the server's");
    assert_eq!(r.body["meta"]["resourceType"], "User");
    let location = format!("{BASE}/Users/{id}");
    assert_eq!(r.header("location"), Some(location.as_str()));
    assert_eq!(r.body["meta"]["location"], location);
    assert_eq!(r.header("etag"), r.body["meta"]["version"].as_str());
    assert!(r.header("etag").unwrap().starts_with("W/\""));
    assert_eq!(r.body["meta"]["created"], r.body["meta"]["lastModified"]);
    assert!(
        r.body.get("password").is_none(),
        "password is never returned"
    );
    assert!(r.body.get("groups").is_none(), "groups is read-only");
    assert_eq!(r.body["name"]["givenName"], "Barbara");
    // The password is stored.
    assert_eq!(p.get("User", id).unwrap()["password"], "t1meMa$heen");

    let g = call(&p, "GET", &format!("/Users/{id}"), None);
    assert_eq!(g.status, 200);
    assert_eq!(g.body, r.body);
    assert_eq!(g.header("etag"), r.header("etag"));
}

#[test]
fn conditional_get() {
    let p = provider();
    let id = create_user(&p, "bjensen");
    let r = call(&p, "GET", &format!("/Users/{id}"), None);
    let etag = r.header("etag").unwrap().to_owned();
    let r = call_with(
        &p,
        "GET",
        &format!("/Users/{id}"),
        None,
        &[("if-none-match", &etag)],
    );
    assert_eq!(r.status, 304);
    assert_eq!(r.body, Value::Null);
    let r = call_with(
        &p,
        "GET",
        &format!("/Users/{id}"),
        None,
        &[("if-none-match", "W/\"999\"")],
    );
    assert_eq!(r.status, 200);
}

#[test]
fn ids_are_one_path_segment() {
    let p = provider();
    p.insert(
        "User",
        json!({"schemas": [urn::USER], "id": "a/b c", "userName": "odd"}),
    )
    .unwrap();
    let r = call(&p, "GET", "/Users/a%2Fb%20c", None);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["meta"]["location"],
        format!("{BASE}/Users/a%2Fb%20c")
    );
    call(&p, "GET", "/Users/a/b%20c", None).assert_error(404, None);
}

#[test]
fn user_name_is_unique_ignoring_case() {
    let p = provider();
    create_user(&p, "bjensen");
    call(&p, "POST", "/Users", Some(user("BJensen"))).assert_error(409, Some("uniqueness"));
    let other = create_user(&p, "jsmith");
    // Renaming onto a taken name also clashes.
    call(&p, "PUT", &format!("/Users/{other}"), Some(user("BJENSEN")))
        .assert_error(409, Some("uniqueness"));
    // Keeping one's own name is fine.
    let r = call(&p, "PUT", &format!("/Users/{other}"), Some(user("JSmith")));
    assert_eq!(r.status, 200, "{}", r.body);
}

/// Status codes and error bodies, one request each.
#[test]
fn error_table() {
    let p = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .max_payload_size(4096)
        .max_operations(2)
        .build();
    let id = create_user(&p, "bjensen");
    let item = format!("/Users/{id}");
    let raw = |method: &str, path: &str, body: &[u8]| {
        let req = http::Request::builder()
            .method(method)
            .uri(format!("{BASE}{path}"))
            .body(body.to_vec())
            .unwrap();
        let resp = p.handle(req).unwrap();
        Resp {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: serde_json::from_slice(resp.body()).unwrap_or(Value::Null),
        }
    };
    let big = vec![b' '; 5000];
    let bulk3 = json!({"schemas": [urn::BULK_REQUEST], "Operations": [
        {"method": "DELETE", "path": "/Users/x"},
        {"method": "DELETE", "path": "/Users/y"},
        {"method": "DELETE", "path": "/Users/z"}]});
    let cases: Vec<(&str, Resp, u16, Option<&str>)> = vec![
        (
            "not JSON",
            raw("POST", "/Users", b"{nope"),
            400,
            Some("invalidSyntax"),
        ),
        (
            "not an object",
            raw("POST", "/Users", b"[1]"),
            400,
            Some("invalidSyntax"),
        ),
        (
            "missing userName",
            call(&p, "POST", "/Users", Some(json!({"schemas": [urn::USER]}))),
            400,
            Some("invalidValue"),
        ),
        (
            "wrong type",
            call(
                &p,
                "POST",
                "/Users",
                Some(json!({"schemas": [urn::USER], "userName": 7})),
            ),
            400,
            Some("invalidValue"),
        ),
        (
            "no schemas",
            call(&p, "POST", "/Users", Some(json!({"userName": "x"}))),
            400,
            Some("invalidValue"),
        ),
        (
            "Group schema on /Users",
            call(
                &p,
                "POST",
                "/Users",
                Some(json!({"schemas": [urn::GROUP], "displayName": "x"})),
            ),
            400,
            Some("invalidSyntax"),
        ),
        (
            "bad filter syntax",
            call(&p, "GET", "/Users?filter=userName%20eqq%20%22x%22", None),
            400,
            Some("invalidFilter"),
        ),
        (
            "undefined comparison",
            call(&p, "GET", "/Users?filter=active%20gt%20true", None),
            400,
            Some("invalidFilter"),
        ),
        (
            "count not a number",
            call(&p, "GET", "/Users?count=ten", None),
            400,
            Some("invalidValue"),
        ),
        (
            "bad sortOrder",
            call(&p, "GET", "/Users?sortBy=userName&sortOrder=up", None),
            400,
            Some("invalidValue"),
        ),
        (
            "unknown id",
            call(&p, "GET", "/Users/nope", None),
            404,
            None,
        ),
        (
            "unknown endpoint",
            call(&p, "GET", "/Widgets", None),
            404,
            None,
        ),
        (
            "outside the base path",
            call(&p, "GET", "https://example.com/Users", None),
            404,
            None,
        ),
        (
            "PUT unknown id",
            call(&p, "PUT", "/Users/nope", Some(user("x"))),
            404,
            None,
        ),
        (
            "DELETE unknown id",
            call(&p, "DELETE", "/Users/nope", None),
            404,
            None,
        ),
        ("/Me", call(&p, "GET", "/Me", None), 501, None),
        (
            "PUT on a collection",
            call(&p, "PUT", "/Users", Some(user("x"))),
            405,
            None,
        ),
        (
            "POST on a resource",
            call(&p, "POST", &item, Some(user("x"))),
            405,
            None,
        ),
        (
            "If-Match mismatch",
            call_with(
                &p,
                "PUT",
                &item,
                Some(user("b")),
                &[("if-match", "W/\"999\"")],
            ),
            412,
            None,
        ),
        (
            "DELETE If-Match mismatch",
            call_with(&p, "DELETE", &item, None, &[("if-match", "W/\"999\"")]),
            412,
            None,
        ),
        ("payload too large", raw("POST", "/Users", &big), 413, None),
        (
            "too many bulk operations",
            call(&p, "POST", "/Bulk", Some(bulk3)),
            413,
            None,
        ),
        (
            "bulk without its schema",
            call(&p, "POST", "/Bulk", Some(json!({"Operations": []}))),
            400,
            Some("invalidSyntax"),
        ),
        (
            "filter on discovery",
            call(&p, "GET", "/Schemas?filter=id%20pr", None),
            403,
            None,
        ),
        (
            "unknown schema",
            call(&p, "GET", "/Schemas/urn:nope", None),
            404,
            None,
        ),
        (
            "unknown resource type",
            call(&p, "GET", "/ResourceTypes/Nope", None),
            404,
            None,
        ),
        (
            "search with a bad body",
            raw("POST", "/Users/.search", b"{\"count\": \"x\"}"),
            400,
            Some("invalidValue"),
        ),
    ];
    for (name, resp, status, scim_type) in cases {
        assert_eq!(resp.status, status, "{name}: {}", resp.body);
        assert_eq!(resp.scim_type(), scim_type, "{name}: {}", resp.body);
        resp.assert_error(status, scim_type);
    }
    // Nothing was changed by the failures.
    assert_eq!(p.len("User"), 1);
    let r = call(&p, "GET", "/Users", None);
    assert_eq!(r.header("allow"), None);
    let r = call(&p, "PUT", "/Users", Some(user("x")));
    assert_eq!(r.header("allow"), Some("GET, POST"));
}

// ----- queries -----

#[test]
fn paging_is_one_based() {
    let p = provider();
    seed_users(&p, 7);
    let page = |q: &str| call(&p, "GET", &format!("/Users?{q}"), None);
    let r = page("startIndex=1&count=3");
    assert_eq!(r.body["totalResults"], 7);
    assert_eq!(r.body["startIndex"], 1);
    assert_eq!(r.body["itemsPerPage"], 3);
    assert_eq!(r.user_names(), ["user000", "user001", "user002"]);
    let r = page("startIndex=7&count=3");
    assert_eq!(r.user_names(), ["user006"]);
    assert_eq!(r.body["itemsPerPage"], 1);
    let r = page("startIndex=8&count=3");
    assert!(r.resources().is_empty());
    assert_eq!(r.body["totalResults"], 7);
    // Below 1 reads as 1; a negative count as 0.
    let r = page("startIndex=0&count=2");
    assert_eq!(r.user_names(), ["user000", "user001"]);
    assert_eq!(r.body["startIndex"], 1);
    let r = page("startIndex=-5&count=-1");
    assert!(r.resources().is_empty());
    assert_eq!(r.body["totalResults"], 7);
    let r = page("count=0");
    assert!(r.resources().is_empty());
    assert_eq!(r.body["itemsPerPage"], 0);
    // The whole list, and its schema.
    let r = call(&p, "GET", "/Users", None);
    assert_eq!(r.body["schemas"], json!([urn::LIST_RESPONSE]));
    assert_eq!(r.resources().len(), 7);
}

#[test]
fn count_is_capped_by_max_results() {
    let p = MemoryProvider::builder().max_results(4).build();
    seed_users(&p, 10);
    let r = call(&p, "GET", "http://localhost/Users?count=100", None);
    assert_eq!(r.resources().len(), 4);
    assert_eq!(r.body["totalResults"], 10);
    let r = call(&p, "GET", "http://localhost/ServiceProviderConfig", None);
    assert_eq!(r.body["filter"]["maxResults"], 4);
}

#[test]
fn filter_and_sort() {
    let p = provider();
    for (name, title, emp) in [
        ("carol", "Boss", "3"),
        ("alice", "Engineer", "1"),
        ("bob", "engineer", "2"),
        ("dave", "", ""),
    ] {
        let mut u = json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "userName": name,
            "emails": [{"value": format!("{name}@example.com"), "type": "work"}]});
        if !title.is_empty() {
            u["title"] = json!(title);
            u[urn::ENTERPRISE_USER] = json!({"employeeNumber": emp});
        }
        p.insert("User", u).unwrap();
    }
    let q = |query: &str| call(&p, "GET", &format!("/Users?{query}"), None);
    let r = q("filter=title%20eq%20%22engineer%22&sortBy=userName");
    assert_eq!(r.user_names(), ["alice", "bob"]);
    assert_eq!(r.body["totalResults"], 2);
    let r = q("filter=title%20pr&sortBy=userName&sortOrder=descending");
    assert_eq!(r.user_names(), ["carol", "bob", "alice"]);
    let r = q("filter=emails%5Btype%20eq%20%22work%22%20and%20value%20sw%20%22b%22%5D");
    assert_eq!(r.user_names(), ["bob"]);
    // Unassigned values sort last in both orders.
    let r = q("sortBy=title");
    assert_eq!(r.user_names(), ["carol", "alice", "bob", "dave"]);
    let r = q(
        "sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber&sortOrder=descending",
    );
    assert_eq!(r.user_names(), ["carol", "bob", "alice", "dave"]);
    let r = q("filter=userName%20eq%20%22ALICE%22");
    assert_eq!(r.user_names(), ["alice"], "userName is not case exact");
    let r = q("filter=userName%20eq%20%22nobody%22");
    assert!(r.resources().is_empty());
    assert_eq!(r.body["totalResults"], 0);
    let r = q("filter=not%20(userName%20eq%20%22alice%22)%20and%20userName%20lt%20%22c%22");
    assert_eq!(r.user_names(), ["bob"]);
    // A filter is checked even when nothing is stored.
    let empty = provider();
    call(&empty, "GET", "/Users?filter=active%20gt%20true", None)
        .assert_error(400, Some("invalidFilter"));
}

#[test]
fn user_name_index_follows_renames_and_deletes() {
    let p = provider();
    let id = create_user(&p, "before");
    let by = |n: &str| {
        call(
            &p,
            "GET",
            &format!("/Users?filter=userName%20eq%20%22{n}%22"),
            None,
        )
        .user_names()
    };
    assert_eq!(by("before"), ["before"]);
    call(&p, "PUT", &format!("/Users/{id}"), Some(user("after")));
    assert!(by("before").is_empty());
    assert_eq!(by("AFTER"), ["after"]);
    call(&p, "DELETE", &format!("/Users/{id}"), None);
    assert!(by("after").is_empty());
    // The name is free again.
    create_user(&p, "after");
}

#[test]
fn indexed_equalities_match_like_a_scan() {
    let p = provider();
    for (name, ext) in [("a", "X1"), ("b", "x1"), ("c", "X1"), ("d", "")] {
        let mut u = user(name);
        if !ext.is_empty() {
            u["externalId"] = json!(ext);
        }
        p.insert("User", u).unwrap();
    }
    let names = |f: &str| call(&p, "GET", &format!("/Users?filter={f}"), None).user_names();
    // externalId is case exact; the index keeps creation order.
    assert_eq!(names("externalId%20eq%20%22X1%22"), ["a", "c"]);
    assert_eq!(names("externalId%20eq%20%22x1%22"), ["b"]);
    assert_eq!(
        names("externalId%20eq%20%22X1%22%20and%20userName%20ne%20%22a%22"),
        ["c"]
    );
    assert_eq!(
        names("urn:ietf:params:scim:schemas:core:2.0:User:userName%20eq%20%22B%22"),
        ["b"]
    );
    let id = p.snapshot().resources("User")[3]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(names(&format!("id%20eq%20%22{id}%22")), ["d"]);
    // The index follows replacements and deletes.
    let a = p.snapshot().resources("User")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &p,
        "PUT",
        &format!("/Users/{a}"),
        Some(json!({"schemas": [urn::USER], "userName": "a", "externalId": "Y"})),
    );
    assert_eq!(names("externalId%20eq%20%22X1%22"), ["c"]);
    assert_eq!(names("externalId%20eq%20%22Y%22"), ["a"]);
    call(&p, "DELETE", &format!("/Users/{a}"), None);
    assert!(names("externalId%20eq%20%22Y%22").is_empty());
}

#[test]
fn attributes_and_excluded_attributes() {
    let p = provider();
    let id = p
        .insert(
            "User",
            json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "userName": "bjensen",
                "password": "x", "displayName": "Babs", "name": {"givenName": "B", "familyName": "J"},
                urn::ENTERPRISE_USER: {"department": "Tour"}}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = call(
        &p,
        "GET",
        &format!("/Users/{id}?attributes=userName,name.familyName"),
        None,
    );
    let mut keys: Vec<&str> = r
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["id", "name", "schemas", "userName"]);
    assert_eq!(r.body["name"], json!({"familyName": "J"}));
    let r = call(
        &p,
        "GET",
        &format!(
            "/Users/{id}?excludedAttributes=name,meta,{}",
            urn::ENTERPRISE_USER
        ),
        None,
    );
    assert!(r.body.get("name").is_none());
    assert!(r.body.get("meta").is_none());
    assert!(r.body.get(urn::ENTERPRISE_USER).is_none());
    assert_eq!(r.body["displayName"], "Babs");
    assert!(r.body.get("password").is_none());
    let r = call(
        &p,
        "GET",
        "/Users?attributes=displayName&filter=userName%20eq%20%22bjensen%22",
        None,
    );
    assert_eq!(
        r.resources()[0],
        json!({"schemas": [urn::USER, urn::ENTERPRISE_USER], "id": id, "displayName": "Babs"})
    );
    let r = call(
        &p,
        "GET",
        "/Users?attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        None,
    );
    assert_eq!(
        r.resources()[0][urn::ENTERPRISE_USER],
        json!({"department": "Tour"})
    );
    assert!(r.resources()[0].get("userName").is_none());
}

#[test]
fn attributes_on_writes() {
    let p = provider();
    let body = json!({"schemas": [urn::USER], "userName": "a", "title": "Boss"});
    let r = call(&p, "POST", "/Users?attributes=title", Some(body.clone()));
    assert_eq!(r.status, 201);
    assert_eq!(
        r.body,
        json!({"schemas": [urn::USER], "id": r.body["id"], "title": "Boss"})
    );
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = call(
        &p,
        "PUT",
        &format!("/Users/{id}?excludedAttributes=title,meta"),
        Some(body),
    );
    assert_eq!(r.status, 200);
    assert!(r.body.get("title").is_none() && r.body.get("meta").is_none());
    assert_eq!(r.body["userName"], "a");
    // A bad list fails before anything is created.
    let r = call(&p, "POST", "/Users?attributes=a%20b", Some(user("b")));
    r.assert_error(400, Some("invalidValue"));
    assert_eq!(p.len("User"), 1);
}

#[test]
fn search_with_post() {
    let p = provider();
    seed_users(&p, 5);
    create_group(&p, "user-ish group", &[]);
    let body = json!({"schemas": [urn::SEARCH_REQUEST], "filter": "userName sw \"user00\"",
        "sortBy": "userName", "sortOrder": "descending", "startIndex": 2, "count": 2,
        "attributes": ["userName"]});
    let r = call(&p, "POST", "/Users/.search", Some(body));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.user_names(), ["user003", "user002"]);
    assert_eq!(r.body["totalResults"], 5);
    assert_eq!(r.body["startIndex"], 2);
    // At the root, every resource type.
    let r = call(
        &p,
        "POST",
        "/.search",
        Some(
            json!({"schemas": [urn::SEARCH_REQUEST], "filter": "meta.resourceType eq \"Group\" or userName eq \"user001\""}),
        ),
    );
    assert_eq!(r.body["totalResults"], 2, "{}", r.body);
    let r = call(&p, "GET", "/?count=100", None);
    assert_eq!(r.body["totalResults"], 6);
    call(
        &p,
        "POST",
        "/Users/.search",
        Some(json!({"schemas": ["urn:nope"]})),
    )
    .assert_error(400, Some("invalidSyntax"));
}

// ----- replace, delete -----

#[test]
fn put_replaces_and_keeps_server_side_attributes() {
    let p = provider();
    let r = call(
        &p,
        "POST",
        "/Users",
        Some(
            json!({"schemas": [urn::USER], "userName": "bjensen", "password": "pw", "title": "Boss", "nickName": "Babs"}),
        ),
    );
    let id = r.body["id"].as_str().unwrap().to_owned();
    let created = r.body["meta"]["created"].clone();
    let etag = r.header("etag").unwrap().to_owned();
    let gid = create_group(&p, "Admins", &[&id]);
    let put = json!({"schemas": [urn::USER], "id": "other", "userName": "bjensen", "title": "CEO",
        "groups": [], "meta": {"created": "2000-01-01T00:00:00Z"}});
    let r = call_with(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(put.clone()),
        &[("if-match", &etag)],
    );
    assert_eq!(r.status, 412, "the group change moved the user's version");
    let etag = call(&p, "GET", &format!("/Users/{id}"), None)
        .header("etag")
        .unwrap()
        .to_owned();
    let r = call_with(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(put),
        &[("if-match", &etag)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], id);
    assert_eq!(r.body["title"], "CEO");
    assert!(r.body.get("nickName").is_none(), "PUT replaces");
    assert_eq!(r.body["meta"]["created"], created);
    assert_eq!(r.body["groups"][0]["value"], gid, "groups is read-only");
    assert_ne!(r.header("etag"), Some(etag.as_str()));
    assert_eq!(
        p.get("User", &id).unwrap()["password"],
        "pw",
        "write-only kept"
    );
    // `*` matches any version.
    let r = call_with(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(user("bjensen")),
        &[("if-match", "*")],
    );
    assert_eq!(r.status, 200);
}

#[test]
fn immutable_attributes_and_custom_types() {
    let schema: Schema = serde_json::from_value(json!({
        "id": "urn:example:scim:schemas:Device",
        "name": "Device",
        "attributes": [
            {"name": "serial", "type": "string", "required": true, "mutability": "immutable", "uniqueness": "server"},
            {"name": "label", "type": "string"}
        ]
    }))
    .unwrap();
    let p = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .resource_type(
            ResourceType::new("Device", "/Devices", "urn:example:scim:schemas:Device"),
            [schema],
        )
        .build();
    let dev = |serial: &str, label: &str| json!({"schemas": ["urn:example:scim:schemas:Device"], "serial": serial, "label": label});
    let r = call(&p, "POST", "/Devices", Some(dev("A-1", "one")));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["meta"]["resourceType"], "Device");
    let id = r.body["id"].as_str().unwrap().to_owned();
    call(&p, "POST", "/Devices", Some(dev("A-1", "two"))).assert_error(409, Some("uniqueness"));
    call(
        &p,
        "PUT",
        &format!("/Devices/{id}"),
        Some(dev("B-2", "one")),
    )
    .assert_error(400, Some("mutability"));
    let r = call(
        &p,
        "PUT",
        &format!("/Devices/{id}"),
        Some(dev("A-1", "renamed")),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["label"], "renamed");
    let r = call(&p, "GET", "/ResourceTypes/Device", None);
    assert_eq!(r.body["endpoint"], "/Devices");
    let r = call(&p, "GET", "/Schemas/urn:example:scim:schemas:Device", None);
    assert_eq!(r.body["name"], "Device");
    let r = call(&p, "GET", "/Devices?filter=serial%20eq%20%22A-1%22", None);
    assert_eq!(r.body["totalResults"], 1);
}

#[test]
fn delete_answers_204_then_404() {
    let p = provider();
    let id = create_user(&p, "bjensen");
    let r = call(&p, "DELETE", &format!("/Users/{id}"), None);
    assert_eq!(r.status, 204);
    assert!(r.body.is_null());
    call(&p, "GET", &format!("/Users/{id}"), None).assert_error(404, None);
    call(&p, "DELETE", &format!("/Users/{id}"), None).assert_error(404, None);
}

// ----- PATCH -----

fn patch_op(ops: Value) -> Value {
    json!({"schemas": [urn::PATCH_OP], "Operations": ops})
}

#[test]
fn patch_answers_200_with_the_resource() {
    let p = provider();
    let r = call(
        &p,
        "POST",
        "/Users",
        Some(
            json!({"schemas": [urn::USER], "userName": "a", "title": "x",
        "emails": [{"value": "a@example.com", "type": "work"}, {"value": "a@home.org", "type": "home"}]}),
        ),
    );
    let id = r.body["id"].as_str().unwrap().to_owned();
    let etag = r.header("etag").unwrap().to_owned();
    let item = format!("/Users/{id}");
    let r = call_with(
        &p,
        "PATCH",
        &format!("{item}?attributes=title,emails"),
        Some(patch_op(json!([
            {"op": "replace", "path": "title", "value": "Boss"},
            {"op": "remove", "path": "emails[type eq \"home\"]"},
            {"op": "add", "path": "nickName", "value": "Babs"}
        ]))),
        &[("if-match", &etag)],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["title"], "Boss");
    assert_eq!(
        r.body["emails"],
        json!([{"value": "a@example.com", "type": "work"}])
    );
    assert!(r.body.get("nickName").is_none(), "attributes honoured");
    let new_etag = r.header("etag").unwrap().to_owned();
    assert_ne!(new_etag, etag);
    let stored = call(&p, "GET", &item, None).body;
    assert_eq!(stored["nickName"], "Babs");
    assert_eq!(stored["meta"]["version"], new_etag);
    // A PATCH that changes nothing keeps the version.
    let r = call(
        &p,
        "PATCH",
        &item,
        Some(patch_op(
            json!([{"op": "replace", "path": "title", "value": "Boss"}]),
        )),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag"), Some(new_etag.as_str()));
    // Echoing read-only values is no change either.
    let r = call(
        &p,
        "PATCH",
        &item,
        Some(patch_op(
            json!([{"op": "replace", "value": {"id": id, "meta": stored["meta"]}}]),
        )),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn patch_errors() {
    let p = provider();
    let id = create_user(&p, "a");
    create_user(&p, "taken");
    let item = format!("/Users/{id}");
    let before = call(&p, "GET", &item, None).body;
    let cases: Vec<(&str, Value, u16, Option<&str>)> = vec![
        (
            "read-only id",
            patch_op(json!([{"op": "replace", "path": "id", "value": "x"}])),
            400,
            Some("mutability"),
        ),
        (
            "read-only groups",
            patch_op(json!([{"op": "add", "path": "groups", "value": [{"value": "g"}]}])),
            400,
            Some("mutability"),
        ),
        (
            "bad path",
            patch_op(json!([{"op": "replace", "path": "emails[type eq", "value": "x"}])),
            400,
            Some("invalidPath"),
        ),
        (
            "no target",
            patch_op(json!([{"op": "remove", "path": "emails[type eq \"work\"]"}])),
            400,
            Some("noTarget"),
        ),
        (
            "wrong type",
            patch_op(json!([{"op": "replace", "path": "active", "value": "yes"}])),
            400,
            Some("invalidValue"),
        ),
        (
            "remove required",
            patch_op(json!([{"op": "remove", "path": "userName"}])),
            400,
            Some("mutability"),
        ),
        (
            "taken userName",
            patch_op(json!([{"op": "replace", "path": "userName", "value": "TAKEN"}])),
            409,
            Some("uniqueness"),
        ),
        (
            "no schemas",
            json!({"Operations": [{"op": "replace", "path": "title", "value": "x"}]}),
            400,
            Some("invalidSyntax"),
        ),
        (
            "no operations",
            patch_op(json!([])),
            400,
            Some("invalidValue"),
        ),
        (
            "capitalised op, strict",
            patch_op(json!([{"op": "Replace", "path": "title", "value": "x"}])),
            400,
            Some("invalidSyntax"),
        ),
        (
            "atomic",
            patch_op(
                json!([{"op": "replace", "path": "title", "value": "x"}, {"op": "replace", "path": "id", "value": "y"}]),
            ),
            400,
            Some("mutability"),
        ),
    ];
    for (name, body, status, scim_type) in cases {
        let r = call(&p, "PATCH", &item, Some(body));
        assert_eq!(
            (r.status, r.scim_type()),
            (status, scim_type),
            "{name}: {}",
            r.body
        );
        r.assert_error(status, scim_type);
    }
    assert_eq!(
        call(&p, "GET", &item, None).body,
        before,
        "failed PATCHes change nothing"
    );
    call_with(
        &p,
        "PATCH",
        &item,
        Some(patch_op(
            json!([{"op": "replace", "path": "title", "value": "x"}]),
        )),
        &[("if-match", "W/\"999\"")],
    )
    .assert_error(412, None);
    call(
        &p,
        "PATCH",
        "/Users/nope",
        Some(patch_op(
            json!([{"op": "replace", "path": "title", "value": "x"}]),
        )),
    )
    .assert_error(404, None);

    // Entra ID's dialect, with a tolerant provider.
    let tolerant = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .patch_tolerance(scim_core::patch::Tolerance::ENTRA_ID)
        .build();
    let id = create_user(&tolerant, "a");
    let r = call(
        &tolerant,
        "PATCH",
        &format!("/Users/{id}"),
        Some(patch_op(
            json!([{"op": "Replace", "path": "active", "value": "False"}]),
        )),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["active"], false);
}

#[test]
fn patch_members_updates_user_groups() {
    let p = provider();
    let a = create_user(&p, "alice");
    let b = create_user(&p, "bob");
    let g = create_group(&p, "Team", &[&a]);
    let group = format!("/Groups/{g}");
    let r = call(
        &p,
        "PATCH",
        &group,
        Some(patch_op(json!([
            {"op": "add", "path": "members", "value": [{"value": b}]},
            {"op": "remove", "path": format!("members[value eq \"{a}\"]")},
            {"op": "replace", "path": "displayName", "value": "Crew"}
        ]))),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let members: Vec<&str> = r.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(members, [b.as_str()]);
    assert_eq!(r.body["members"][0]["$ref"], format!("{BASE}/Users/{b}"));
    assert!(
        call(&p, "GET", &format!("/Users/{a}"), None)
            .body
            .get("groups")
            .is_none()
    );
    assert_eq!(
        call(&p, "GET", &format!("/Users/{b}"), None).body["groups"][0]["display"],
        "Crew"
    );
    // An unknown member is refused, and nothing changes.
    call(
        &p,
        "PATCH",
        &group,
        Some(patch_op(
            json!([{"op": "add", "path": "members", "value": [{"value": "ghost"}]}]),
        )),
    )
    .assert_error(400, Some("invalidValue"));
    assert_eq!(
        call(&p, "GET", &group, None).body["members"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Through bulk too.
    let r = call(
        &p,
        "POST",
        "/Bulk",
        Some(json!({"schemas": [urn::BULK_REQUEST], "Operations": [
            {"method": "PATCH", "path": group, "data": patch_op(json!([{"op": "remove", "path": "members"}]))}
        ]})),
    );
    assert_eq!(r.body["Operations"][0]["status"], "200", "{}", r.body);
    assert!(
        call(&p, "GET", &format!("/Users/{b}"), None)
            .body
            .get("groups")
            .is_none()
    );
}

#[test]
fn quirk_patch_no_content_and_deactivation() {
    let p = quirky(
        Quirks::rfc()
            .patch_no_content(true)
            .deactivate_deletes(true),
    );
    let id = create_user(&p, "a");
    let item = format!("/Users/{id}");
    let r = call(
        &p,
        "PATCH",
        &item,
        Some(patch_op(
            json!([{"op": "replace", "path": "title", "value": "x"}]),
        )),
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_null());
    assert!(r.header("etag").is_some());
    assert_eq!(call(&p, "GET", &item, None).body["title"], "x");
    let r = call(
        &p,
        "PATCH",
        &item,
        Some(patch_op(
            json!([{"op": "replace", "path": "active", "value": false}]),
        )),
    );
    assert_eq!(r.status, 204);
    call(&p, "GET", &item, None).assert_error(404, None);
}

// ----- groups -----

#[test]
fn members_and_user_groups_stay_consistent() {
    let p = provider();
    let a = create_user(&p, "alice");
    let b = create_user(&p, "bob");
    let g = create_group(&p, "Tour Guides", &[&a, &b]);
    let r = call(&p, "GET", &format!("/Groups/{g}"), None);
    let members = r.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["type"], "User");
    assert_eq!(members[0]["$ref"], format!("{BASE}/Users/{a}"));
    let groups = |id: &str| call(&p, "GET", &format!("/Users/{id}"), None).body["groups"].clone();
    assert_eq!(
        groups(&a),
        json!([{"value": g, "display": "Tour Guides", "type": "direct", "$ref": format!("{BASE}/Groups/{g}")}])
    );
    // Filtering on groups works.
    let r = call(
        &p,
        "GET",
        &format!("/Users?filter=groups.value%20eq%20%22{g}%22"),
        None,
    );
    assert_eq!(r.body["totalResults"], 2);
    // Rename, and drop bob.
    let r = call(
        &p,
        "PUT",
        &format!("/Groups/{g}"),
        Some(json!({"schemas": [urn::GROUP], "displayName": "Guides", "members": [{"value": a}]})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(groups(&a)[0]["display"], "Guides");
    assert_eq!(groups(&b), Value::Null);
    // A nested group, then deleting a user removes it from the group.
    let outer = create_group(&p, "Outer", &[&g, &b]);
    call(&p, "DELETE", &format!("/Users/{b}"), None);
    let r = call(&p, "GET", &format!("/Groups/{outer}"), None);
    assert_eq!(
        r.body["members"],
        json!([{"value": g, "type": "Group", "$ref": format!("{BASE}/Groups/{g}")}])
    );
    // Deleting a group clears its members' groups.
    call(&p, "DELETE", &format!("/Groups/{g}"), None);
    assert_eq!(groups(&a), Value::Null);
    assert!(
        call(&p, "GET", &format!("/Groups/{outer}"), None)
            .body
            .get("members")
            .is_none()
    );
    // Unknown members are refused.
    call(
        &p,
        "POST",
        "/Groups",
        Some(json!({"schemas": [urn::GROUP], "displayName": "X", "members": [{"value": "ghost"}]})),
    )
    .assert_error(400, Some("invalidValue"));
}

// ----- discovery -----

#[test]
fn discovery_endpoints() {
    let p = provider();
    let r = call(&p, "GET", "/ServiceProviderConfig", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.body["schemas"], json!([urn::SERVICE_PROVIDER_CONFIG]));
    assert_eq!(r.body["bulk"]["supported"], true);
    assert_eq!(r.body["bulk"]["maxOperations"], 1000);
    assert_eq!(r.body["filter"]["supported"], true);
    assert_eq!(r.body["etag"]["supported"], true);
    assert_eq!(r.body["sort"]["supported"], true);
    assert!(
        !r.body["authenticationSchemes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let spc: scim_core::ServiceProviderConfig = serde_json::from_value(r.body.clone()).unwrap();
    assert!(spc.supports_bulk());

    let r = call(&p, "GET", "/ResourceTypes", None);
    assert_eq!(r.body["totalResults"], 2);
    let names: Vec<&str> = r
        .resources()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["User", "Group"]);
    assert_eq!(
        r.resources()[0]["schemaExtensions"][0]["schema"],
        urn::ENTERPRISE_USER
    );
    assert_eq!(
        r.resources()[0]["meta"]["location"],
        format!("{BASE}/ResourceTypes/User")
    );
    let r = call(&p, "GET", "/ResourceTypes/User", None);
    assert_eq!(r.body["endpoint"], "/Users");

    let r = call(&p, "GET", "/Schemas", None);
    let ids: Vec<&str> = r
        .resources()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [urn::USER, urn::ENTERPRISE_USER, urn::GROUP]);
    let r = call(&p, "GET", &format!("/Schemas/{}", urn::USER), None);
    assert_eq!(r.body["schemas"], json!([urn::SCHEMA]));
    assert_eq!(r.body["meta"]["resourceType"], "Schema");
    let schema: Schema = serde_json::from_value(r.body).unwrap();
    assert!(schema.attribute("userName").is_some());
}

// ----- bulk -----

#[test]
fn bulk_with_references_in_any_order() {
    let p = provider();
    let body = json!({
        "schemas": [urn::BULK_REQUEST],
        "Operations": [
            {"method": "POST", "path": "/Groups", "bulkId": "g",
             "data": {"schemas": [urn::GROUP], "displayName": "Team", "members": [{"value": "bulkId:u"}]}},
            {"method": "POST", "path": "/Users", "bulkId": "u", "data": user("alice")},
            {"method": "PUT", "path": "/Users/bulkId:u", "data": {"schemas": [urn::USER], "userName": "alice", "title": "x"}},
            {"method": "POST", "path": "/Users", "data": user("nobulkid")},
            {"method": "DELETE", "path": "/Users/bulkId:missing"}
        ]
    });
    let r = call(&p, "POST", "/Bulk", Some(body));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["schemas"], json!([urn::BULK_RESPONSE]));
    let ops = r.body["Operations"].as_array().unwrap();
    let status: Vec<&str> = ops.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["201", "201", "200", "400", "409"]);
    let uid = p.snapshot().resources("User")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ops[1]["location"], format!("{BASE}/Users/{uid}"));
    assert!(ops[2]["version"].as_str().unwrap().starts_with("W/"));
    assert_eq!(ops[3]["response"]["scimType"], "invalidSyntax");
    let user = p.get("User", &uid).unwrap();
    assert_eq!(user["title"], "x");
    assert_eq!(user["groups"][0]["display"], "Team");
}

#[test]
fn bulk_fail_on_errors_and_versions() {
    let p = provider();
    let id = create_user(&p, "alice");
    let body = json!({
        "schemas": [urn::BULK_REQUEST],
        "failOnErrors": 1,
        "Operations": [
            {"method": "PUT", "path": format!("/Users/{id}"), "version": "W/\"999\"", "data": user("alice")},
            {"method": "DELETE", "path": format!("/Users/{id}")}
        ]
    });
    let r = call(&p, "POST", "/Bulk", Some(body));
    let ops = r.body["Operations"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "stopped after the first error: {}", r.body);
    assert_eq!(ops[0]["status"], "412");
    assert_eq!(p.len("User"), 1);
    // Circular references fail.
    let body = json!({
        "schemas": [urn::BULK_REQUEST],
        "Operations": [
            {"method": "POST", "path": "/Groups", "bulkId": "a",
             "data": {"schemas": [urn::GROUP], "displayName": "A", "members": [{"value": "bulkId:b"}]}},
            {"method": "POST", "path": "/Groups", "bulkId": "b",
             "data": {"schemas": [urn::GROUP], "displayName": "B", "members": [{"value": "bulkId:a"}]}}
        ]
    });
    let r = call(&p, "POST", "/Bulk", Some(body));
    let status: Vec<&str> = r.body["Operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["409", "409"]);
    assert_eq!(p.len("Group"), 0);
}

// ----- base URL, authentication, transport -----

#[test]
fn locations_follow_the_request_origin() {
    let p = MemoryProvider::builder()
        .base_url("http://localhost/scim/v2/".parse().unwrap())
        .build();
    let req = http::Request::post("/scim/v2/Users")
        .header("host", "127.0.0.1:8080")
        .body(serde_json::to_vec(&user("a")).unwrap())
        .unwrap();
    let resp = p.handle(req).unwrap();
    assert_eq!(resp.status(), 201);
    let loc = resp.headers()["location"].to_str().unwrap();
    assert!(
        loc.starts_with("http://127.0.0.1:8080/scim/v2/Users/"),
        "{loc}"
    );
    let req = http::Request::get("/scim/v2").body(Vec::new()).unwrap();
    assert_eq!(p.handle(req).unwrap().status(), 200, "the root lists");
    let req = http::Request::get("/scim/v2x/Users")
        .body(Vec::new())
        .unwrap();
    assert_eq!(p.handle(req).unwrap().status(), 404);
}

#[test]
fn bearer_authentication() {
    let p = MemoryProvider::builder().bearer_token("s3cret").build();
    assert!(!format!("{p:?}").contains("s3cret"));
    let get = |auth: Option<&str>| {
        let mut b = http::Request::get("http://localhost/Users");
        if let Some(a) = auth {
            b = b.header("authorization", a);
        }
        p.handle(b.body(Vec::new()).unwrap()).unwrap()
    };
    let r = get(None);
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"scim\"");
    let r = get(Some("Bearer wrong"));
    assert_eq!(r.status(), 401);
    assert!(!String::from_utf8_lossy(r.body()).contains("s3cret"));
    assert_eq!(get(Some("Basic s3cret")).status(), 401);
    assert_eq!(get(Some("bearer s3cret")).status(), 200);
}

#[test]
fn transport_send() {
    let p = provider();
    let t: Arc<dyn Transport<Error = MemoryError>> = Arc::new(p.clone());
    let resp = pollster::block_on(
        t.send(
            http::Request::post(format!("{BASE}/Users"))
                .body(serde_json::to_vec(&user("a")).unwrap())
                .unwrap(),
        ),
    )
    .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(p.len("User"), 1);
}

// ----- log and counters, seeding, snapshot -----

#[test]
fn log_and_counters() {
    let p = MemoryProvider::builder().log_capacity(3).build();
    let base = "http://localhost";
    let id = create_user_at(&p, base, "a");
    call(&p, "GET", &format!("{base}/Users/{id}"), None);
    call(&p, "GET", &format!("{base}/Users?count=1"), None);
    call(&p, "PUT", &format!("{base}/Users/{id}"), Some(user("b")));
    call(&p, "DELETE", &format!("{base}/Users/{id}"), None);
    call(&p, "DELETE", &format!("{base}/Users/{id}"), None);
    let c = p.counters();
    assert_eq!(
        (c.requests, c.gets, c.posts, c.puts, c.deletes),
        (6, 2, 1, 1, 2)
    );
    assert_eq!(c.writes, 3);
    assert_eq!(c.errors, 1);
    let log = p.log();
    assert_eq!(log.len(), 3, "capacity");
    assert_eq!(log[0].method, http::Method::PUT);
    assert_eq!(log[2].status, Some(http::StatusCode::NOT_FOUND));
    let log = p.log();
    assert_eq!(log[1].path, format!("/Users/{id}"));
    p.reset_log();
    assert_eq!(p.counters().requests, 0);
    assert!(p.log().is_empty());
}

fn create_user_at(p: &MemoryProvider, base: &str, name: &str) -> String {
    let r = call(p, "POST", &format!("{base}/Users"), Some(user(name)));
    assert_eq!(r.status, 201, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

#[test]
fn seeding_and_snapshot() {
    let p = provider();
    let u = p
        .insert(
            "User",
            json!({"schemas": [urn::USER], "id": "u1", "userName": "a"}),
        )
        .unwrap();
    assert_eq!(u["id"], "u1");
    let err = p
        .insert(
            "User",
            json!({"schemas": [urn::USER], "id": "u2", "userName": "A"}),
        )
        .unwrap_err();
    assert_eq!(err.status.code(), 409);
    let err = p
        .insert(
            "User",
            json!({"schemas": [urn::USER], "id": "u1", "userName": "b"}),
        )
        .unwrap_err();
    assert_eq!(err.status.code(), 409);
    assert_eq!(
        p.insert("Widget", json!({})).unwrap_err().status.code(),
        404
    );
    p.insert(
        "Group",
        json!({"schemas": [urn::GROUP], "displayName": "G", "members": [{"value": "u1"}]}),
    )
    .unwrap();
    let snap = p.snapshot();
    assert_eq!(snap.len(), 2);
    assert_eq!(snap.resources("User")[0]["groups"][0]["display"], "G");
    assert_eq!(snap.resources("group")[0]["members"][0]["value"], "u1");
    assert!(p.remove("User", "u1"));
    assert!(!p.remove("User", "u1"));
    assert!(p.snapshot().resources("Group")[0].get("members").is_none());
    assert_eq!(p.counters().requests, 0, "seeding is not logged");
    // Ids are reproducible from the seed.
    let ids = |seed| {
        let p = MemoryProvider::builder().id_seed(seed).build();
        p.insert("User", user("x")).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(ids(1), ids(1));
    assert_ne!(ids(1), ids(2));
}

// ----- quirks -----

fn quirky(q: Quirks) -> MemoryProvider {
    let p = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .quirks(q)
        .build();
    seed_users(&p, 5);
    p
}

#[test]
fn quirk_page_size_cap() {
    let p = quirky(Quirks::rfc().page_size_cap(2));
    let r = call(&p, "GET", "/Users?count=10", None);
    assert_eq!(r.user_names(), ["user000", "user001"]);
    assert_eq!(r.body["totalResults"], 5);
    assert_eq!(
        call(&p, "GET", "/ServiceProviderConfig", None).body["filter"]["maxResults"],
        1000
    );
}

#[test]
fn quirk_zero_based_index() {
    let p = quirky(Quirks::rfc().zero_based_index(true));
    let r = call(&p, "GET", "/Users?count=2", None);
    assert_eq!(r.user_names(), ["user000", "user001"]);
    assert_eq!(r.body["startIndex"], 0);
    let r = call(&p, "GET", "/Users?startIndex=1&count=2", None);
    assert_eq!(r.user_names(), ["user001", "user002"]);
    assert_eq!(r.body["startIndex"], 1);
}

#[test]
fn quirk_total_results() {
    let cases = [
        (TotalResults::PageLength, Some(2)),
        (TotalResults::Fixed(100), Some(100)),
        (TotalResults::Offset(-3), Some(2)),
        (TotalResults::Offset(-30), Some(0)),
        (TotalResults::Offset(4), Some(9)),
        (TotalResults::Absent, None),
        (TotalResults::Correct, Some(5)),
    ];
    for (quirk, want) in cases {
        let p = quirky(Quirks::rfc().total_results(quirk));
        let r = call(&p, "GET", "/Users?count=2", None);
        assert_eq!(
            r.body.get("totalResults").and_then(Value::as_u64),
            want,
            "{quirk:?}"
        );
        assert_eq!(r.resources().len(), 2);
    }
}

#[test]
fn quirk_items_per_page_and_lowercase_resources() {
    let p = quirky(
        Quirks::rfc()
            .items_per_page_echoes_count(true)
            .lowercase_resources(true),
    );
    let r = call(&p, "GET", "/Users?startIndex=5&count=3", None);
    assert_eq!(r.body["itemsPerPage"], 3);
    assert!(r.body.get("Resources").is_none());
    assert_eq!(r.body["resources"].as_array().unwrap().len(), 1);
}

#[test]
fn quirk_ignore_start_index() {
    let p = quirky(Quirks::rfc().ignore_start_index(true));
    let r = call(&p, "GET", "/Users?startIndex=3&count=2", None);
    assert_eq!(r.user_names(), ["user000", "user001"]);
    assert_eq!(r.body["startIndex"], 1);
}

#[test]
fn quirk_no_patch_and_no_groups() {
    let p = quirky(Quirks::rfc().no_patch(true).no_groups(true));
    let id = p.snapshot().resources("User")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let patch = json!({"schemas": [urn::PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "x"}]});
    call(&p, "PATCH", &format!("/Users/{id}"), Some(patch)).assert_error(501, None);
    assert_eq!(
        call(&p, "GET", "/ServiceProviderConfig", None).body["patch"]["supported"],
        false
    );
    call(&p, "GET", "/Groups", None).assert_error(404, None);
    call(
        &p,
        "POST",
        "/Groups",
        Some(json!({"schemas": [urn::GROUP], "displayName": "x"})),
    )
    .assert_error(404, None);
    assert_eq!(
        call(&p, "GET", "/ResourceTypes", None).body["totalResults"],
        1
    );
    let ids: Vec<Value> = call(&p, "GET", "/Schemas", None)
        .resources()
        .iter()
        .map(|s| s["id"].clone())
        .collect();
    assert!(!ids.contains(&json!(urn::GROUP)));
}

#[test]
fn quirk_deactivate_deletes() {
    let p = quirky(Quirks::rfc().deactivate_deletes(true));
    let id = create_user(&p, "leaver");
    let r = call(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(json!({"schemas": [urn::USER], "userName": "leaver", "active": false})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["active"], false);
    call(&p, "GET", &format!("/Users/{id}"), None).assert_error(404, None);
    // active=true keeps the user.
    let id = create_user(&p, "stayer");
    call(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(json!({"schemas": [urn::USER], "userName": "stayer", "active": true})),
    );
    assert_eq!(call(&p, "GET", &format!("/Users/{id}"), None).status, 200);
}

#[test]
fn quirk_put_ignores_and_rejects() {
    let p = quirky(
        Quirks::rfc()
            .put_ignores(["title"])
            .put_rejects(["active", "userType"]),
    );
    let r = call(
        &p,
        "POST",
        "/Users",
        Some(json!({"schemas": [urn::USER], "userName": "a", "title": "Boss", "active": true})),
    );
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = call(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(json!({"schemas": [urn::USER], "userName": "a", "title": "CEO", "nickName": "n"})),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["title"], "Boss");
    assert_eq!(r.body["nickName"], "n");
    call(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(json!({"schemas": [urn::USER], "userName": "a", "Active": false})),
    )
    .assert_error(400, Some("invalidValue"));
}

#[test]
fn quirk_hidden_unprovisioned_users() {
    let p = quirky(Quirks::rfc().hide_unprovisioned_unless("scim_provisioned_only", "false"));
    p.insert_unprovisioned("User", user("legacy")).unwrap();
    let r = call(
        &p,
        "GET",
        "/Users?filter=userName%20eq%20%22legacy%22",
        None,
    );
    assert_eq!(r.body["totalResults"], 0);
    let r = call(&p, "GET", "/Users?count=100", None);
    assert_eq!(r.body["totalResults"], 5);
    let r = call(
        &p,
        "GET",
        "/Users?filter=userName%20eq%20%22legacy%22&scim_provisioned_only=false",
        None,
    );
    assert_eq!(r.user_names(), ["legacy"]);
    let r = call(&p, "GET", "/Users?scim_provisioned_only=false", None);
    assert_eq!(r.body["totalResults"], 6);
    // Still unique.
    call(&p, "POST", "/Users", Some(user("legacy"))).assert_error(409, Some("uniqueness"));
}

#[test]
fn quirk_filter_support() {
    let p = quirky(
        Quirks::rfc()
            .filter_operators(["eq"])
            .compound_filters(false)
            .filter_attributes(["userName", "externalId"]),
    );
    let q = |f: &str| call(&p, "GET", &format!("/Users?filter={f}"), None);
    assert_eq!(q("userName%20eq%20%22user001%22").user_names(), ["user001"]);
    q("userName%20sw%20%22user%22").assert_error(400, Some("invalidFilter"));
    q("title%20eq%20%22x%22").assert_error(400, Some("invalidFilter"));
    q("userName%20eq%20%22a%22%20or%20userName%20eq%20%22b%22")
        .assert_error(400, Some("invalidFilter"));
    q("userName%20pr").assert_error(400, Some("invalidFilter"));

    // Inside a value path, names are relative to the bracketed attribute.
    let p = quirky(Quirks::rfc().filter_attributes(["emails.type", "userName"]));
    let r = call(
        &p,
        "GET",
        "/Users?filter=emails%5Btype%20eq%20%22work%22%5D",
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    call(
        &p,
        "GET",
        "/Users?filter=emails%5Bvalue%20eq%20%22x%22%5D",
        None,
    )
    .assert_error(400, Some("invalidFilter"));

    let p = quirky(
        Quirks::rfc()
            .filter_operators(["eq"])
            .unsupported_filter(UnsupportedFilter::EmptyList),
    );
    for f in [
        "userName%20sw%20%22user%22",
        "userName%20eqq%20%22x%22",
        "active%20gt%20true",
    ] {
        let r = call(&p, "GET", &format!("/Users?filter={f}"), None);
        assert_eq!(r.status, 200, "{f}");
        assert!(r.resources().is_empty(), "{f}");
        assert_eq!(r.body["totalResults"], 0);
    }
}

#[test]
fn quirk_no_etags_no_location_patch_status() {
    let p = quirky(Quirks::rfc().no_etags(true).no_location(true));
    let r = call(&p, "POST", "/Users", Some(user("a")));
    assert_eq!(r.status, 201);
    assert_eq!(r.header("etag"), None);
    assert_eq!(r.header("location"), None);
    assert!(r.body["meta"].get("version").is_none());
    assert!(r.body["meta"]["location"].is_string());
    let id = r.body["id"].as_str().unwrap();
    let r = call_with(
        &p,
        "PUT",
        &format!("/Users/{id}"),
        Some(user("a")),
        &[("if-match", "W/\"nope\"")],
    );
    assert_eq!(r.status, 200, "If-Match is ignored without ETags");
}

#[test]
fn quirk_rate_limit() {
    let p = quirky(Quirks::rfc().rate_limit(2, Duration::from_secs(7)));
    let statuses: Vec<u16> = (0..7)
        .map(|_| call(&p, "GET", "/Users", None).status)
        .collect();
    assert_eq!(statuses, [200, 200, 429, 200, 200, 429, 200]);
    assert_eq!(call(&p, "GET", "/Users", None).status, 200);
    let r = call(&p, "GET", "/Users", None);
    r.assert_error(429, None);
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(p.counters().throttled, 3);
    assert_eq!(
        p.log()
            .iter()
            .filter(|e| e.fault == Some(FaultKind::RateLimited))
            .count(),
        3
    );
}

#[test]
fn quirk_faults_are_seeded() {
    let run = |seed| {
        let p = quirky(
            Quirks::rfc().faults(
                Faults::seeded(seed)
                    .server_errors(0.2)
                    .malformed_bodies(0.2)
                    .connection_errors(0.1),
            ),
        );
        (0..200)
            .map(|_| {
                let req = http::Request::get(format!("{BASE}/Users?count=1"))
                    .body(Vec::new())
                    .unwrap();
                match p.handle(req) {
                    Err(MemoryError::ConnectionReset) => "reset".to_owned(),
                    Ok(r) if serde_json::from_slice::<Value>(r.body()).is_err() => {
                        format!("malformed {}", r.status())
                    }
                    Ok(r) => r.status().as_str().to_owned(),
                    Err(e) => panic!("{e}"),
                }
            })
            .collect::<Vec<_>>()
    };
    let a = run(1);
    assert_eq!(a, run(1), "same seed, same faults");
    assert_ne!(a, run(2));
    let count = |s: &str| a.iter().filter(|x| x.as_str() == s).count();
    assert!((5..40).contains(&count("reset")), "{a:?}");
    assert!(count("500") + count("503") > 10, "{a:?}");
    assert!(count("malformed 200 OK") > 10, "{a:?}");
    assert!(count("200") > 50, "{a:?}");
}

#[test]
fn quirk_faults_server_errors_change_nothing() {
    let p = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .quirks(Quirks::rfc().faults(Faults::seeded(5).server_errors(1.0)))
        .build();
    let r = call(&p, "POST", "/Users", Some(user("a")));
    assert!(matches!(r.status, 500 | 503));
    if r.status == 503 {
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    assert_eq!(p.len("User"), 0);
    assert_eq!(p.counters().faults, 1);
}

#[test]
fn quirk_delays_go_through_the_sleep_function() {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let s = slept.clone();
    let p = MemoryProvider::builder()
        .quirks(Quirks::rfc().faults(Faults::seeded(3).delays(1.0, Duration::from_millis(250))))
        .sleep(move |d| {
            s.lock().unwrap().push(d);
            async {}
        })
        .build();
    let resp = pollster::block_on(
        p.send(
            http::Request::get("http://localhost/Users")
                .body(Vec::new())
                .unwrap(),
        ),
    )
    .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(*slept.lock().unwrap(), [Duration::from_millis(250)]);
    let log = p.log();
    assert_eq!(log[0].delay, Some(Duration::from_millis(250)));
    assert_eq!(log[0].fault, Some(FaultKind::Delay));
    // `handle` records the delay but does not sleep.
    p.handle(
        http::Request::get("http://localhost/Users")
            .body(Vec::new())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(slept.lock().unwrap().len(), 1);
    assert_eq!(p.log()[1].delay, Some(Duration::from_millis(250)));
}

#[test]
fn set_quirks_on_a_live_provider() {
    let p = quirky(Quirks::rfc());
    assert_eq!(call(&p, "GET", "/Groups", None).status, 200);
    p.set_quirks(Quirks::rfc().no_groups(true));
    assert_eq!(call(&p, "GET", "/Groups", None).status, 404);
    assert!(p.quirks().page_size_cap_value().is_none());
}
