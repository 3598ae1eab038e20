//! The client against the in-memory provider: a whole lifecycle, and the
//! pager, retries and bulk facing each misbehaviour the provider can show.

use std::collections::BTreeSet;
use std::time::Duration;

use scim_client::memory::{Faults, MemoryProvider, Quirks, TotalResults};
use scim_client::{BulkLimits, Client, Error, ListQuery, PagingError, RetryPolicy};
use scim_core::filter::attr;
use scim_core::{
    BulkMethod, BulkOperation, BulkRequest, Group, Member, PatchOp, PatchOperation, ScimType,
    SearchRequest, User,
};
use serde_json::json;

use crate::support::{FakeClock, block_on};

const BASE: &str = "https://scim.example.com/scim/v2";

fn provider(quirks: Quirks) -> MemoryProvider {
    MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .bearer_token("t0ken")
        .quirks(quirks)
        .build()
}

fn client(p: &MemoryProvider) -> (Client<MemoryProvider>, FakeClock) {
    let clock = FakeClock::default();
    let client = Client::builder(BASE.parse().unwrap())
        .auth(scim_client::Auth::bearer("t0ken").unwrap())
        .sleep(clock.clone())
        .retry(RetryPolicy::new().jitter(false))
        .build(p.clone())
        .unwrap();
    (client, clock)
}

fn seed(p: &MemoryProvider, n: usize) -> BTreeSet<String> {
    (0..n)
        .map(|i| {
            let user = p
                .insert("User", json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": format!("user{i:04}")}))
                .unwrap();
            user["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Pages through every user; fails on any duplicate.
fn all_ids(
    c: &Client<MemoryProvider>,
    query: ListQuery,
    post: bool,
) -> Result<BTreeSet<String>, Error> {
    let users = if post {
        let mut s = query.to_search_request();
        s.count = Some(10);
        block_on(c.users().search_pages(&s).try_collect())?
    } else {
        block_on(c.users().pages(query).try_collect())?
    };
    let mut ids = BTreeSet::new();
    for u in users {
        let id = u.id.unwrap();
        assert!(ids.insert(id.clone()), "{id} yielded twice");
    }
    Ok(ids)
}

#[test]
fn lifecycle() {
    let p = provider(Quirks::rfc());
    let (c, _) = client(&p);
    block_on(async {
        // Discovery.
        let spc = c.service_provider_config().await.unwrap();
        assert!(spc.supports_patch());
        let types = c.resource_types().await.unwrap();
        assert!(types.iter().any(|t| t.name == "Group"));
        assert!(!c.schemas().await.unwrap().is_empty());

        // Create, conflict, get, find.
        let mut alice = User::new("alice");
        alice.display_name = Some("Alice".into());
        let created = c.users().create(&alice).await.unwrap();
        let id = created.id.clone().unwrap();
        assert!(
            created
                .location
                .as_ref()
                .unwrap()
                .as_str()
                .ends_with(&format!("/Users/{id}"))
        );
        assert_eq!(created.version.as_deref(), Some("W/\"1\""));
        let dup = c.users().create(&User::new("ALICE")).await.unwrap_err();
        assert_eq!(dup.scim_type(), Some(&ScimType::Uniqueness));
        let fetched = c.users().get(&id).await.unwrap();
        assert_eq!(fetched.display_name.as_deref(), Some("Alice"));
        let found = c
            .users()
            .find_one(&attr("userName").eq("Alice").build().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id.as_deref(), Some(id.as_str()));

        // Replace with If-Match from meta.version, then a stale write.
        let mut changed = fetched.clone().into_inner();
        changed.title = Some("Engineer".into());
        let replaced = c.users().replace(&id, &changed).await.unwrap();
        assert_eq!(replaced.title.as_deref(), Some("Engineer"));
        let stale = c.users().replace(&id, &changed).await.unwrap_err();
        assert!(stale.is_precondition_failed(), "{stale}");

        // Patch: 200 with the resource, and If-Match.
        let op = PatchOp::new(vec![PatchOperation::replace("active", json!(false))]);
        let patched = c.users().patch(&id, &op).await.unwrap().unwrap();
        assert_eq!(patched.active, Some(false));
        let stale = c
            .users()
            .patch_if_match(&id, &op, replaced.version.as_deref())
            .await
            .unwrap_err();
        assert!(stale.is_precondition_failed(), "{stale}");
        let bad_path = PatchOp::new(vec![PatchOperation::replace("emails[type eq", json!("x"))]);
        let err = c.users().patch(&id, &bad_path).await.unwrap_err();
        assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST), "{err}");

        // Groups with members.
        let mut group = Group::new("Admins");
        group.members = vec![Member::user(id.clone())];
        let g = c.groups().create(&group).await.unwrap();
        let gid = g.id.clone().unwrap();
        let with_groups = c.users().get(&id).await.unwrap();
        assert_eq!(with_groups.groups.len(), 1);
        let list = c
            .groups()
            .list(&ListQuery::new().filter(attr("displayName").eq("Admins")))
            .await
            .unwrap();
        assert_eq!(list.resources.len(), 1);

        // Bad filter, delete, gone.
        let bad = c
            .users()
            .list(&ListQuery::new().filter("userName eq"))
            .await
            .unwrap_err();
        assert_eq!(bad.scim_type(), Some(&ScimType::InvalidFilter));
        c.groups().delete(&gid).await.unwrap();
        c.users().delete(&id).await.unwrap();
        assert!(c.users().get(&id).await.unwrap_err().is_not_found());
        assert!(c.users().delete(&id).await.unwrap_err().is_not_found());
    });
}

#[test]
fn wrong_credentials_are_401_and_not_retried() {
    let p = provider(Quirks::rfc());
    let clock = FakeClock::default();
    let c = Client::builder(BASE.parse().unwrap())
        .auth(scim_client::Auth::bearer("wrong").unwrap())
        .sleep(clock.clone())
        .build(p.clone())
        .unwrap();
    let err = block_on(c.users().list(&ListQuery::new())).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert!(!format!("{err} {err:?}").contains("wrong"));
    assert_eq!(p.counters().requests, 1);
    assert!(clock.delays().is_empty());
}

#[test]
fn pager_against_each_misbehaviour() {
    let quirks: Vec<(&str, Quirks)> = vec![
        ("rfc", Quirks::rfc()),
        ("page-size cap", Quirks::rfc().page_size_cap(7)),
        ("page-size cap of 1", Quirks::rfc().page_size_cap(1)),
        ("0-based index", Quirks::rfc().zero_based_index(true)),
        (
            "totalResults = page length",
            Quirks::rfc().total_results(TotalResults::PageLength),
        ),
        (
            "totalResults fixed",
            Quirks::rfc().total_results(TotalResults::Fixed(3)),
        ),
        (
            "totalResults too low",
            Quirks::rfc().total_results(TotalResults::Offset(-20)),
        ),
        (
            "totalResults too high",
            Quirks::rfc().total_results(TotalResults::Offset(500)),
        ),
        (
            "totalResults absent",
            Quirks::rfc().total_results(TotalResults::Absent),
        ),
        (
            "itemsPerPage echoes count",
            Quirks::rfc()
                .items_per_page_echoes_count(true)
                .page_size_cap(4),
        ),
        (
            "lowercase resources",
            Quirks::rfc().lowercase_resources(true),
        ),
        (
            "all of them",
            Quirks::rfc()
                .zero_based_index(true)
                .page_size_cap(6)
                .total_results(TotalResults::PageLength)
                .items_per_page_echoes_count(true)
                .lowercase_resources(true),
        ),
    ];
    for (name, q) in quirks {
        for n in [0, 1, 10, 37] {
            for post in [false, true] {
                let p = provider(q.clone());
                let want = seed(&p, n);
                let (c, _) = client(&p);
                p.reset_log();
                let got = all_ids(&c, ListQuery::new().count(10), post)
                    .unwrap_or_else(|e| panic!("{name}, n={n}, post={post}: {e}"));
                assert_eq!(got, want, "{name}, n={n}, post={post}");
                let requests = p.counters().requests;
                assert!(
                    requests <= n as u64 + 2,
                    "{name}, n={n}: {requests} requests"
                );
            }
        }
    }
}

#[test]
fn pager_against_a_server_ignoring_start_index() {
    let p = provider(Quirks::rfc().ignore_start_index(true));
    seed(&p, 25);
    let (c, _) = client(&p);
    let err = all_ids(&c, ListQuery::new().count(10), false).unwrap_err();
    assert!(
        matches!(err, Error::Paging(PagingError::RepeatedPage { .. })),
        "{err}"
    );
    assert!(p.counters().requests <= 3);

    // When the first page holds everything, nothing is lost: no error.
    let p = provider(Quirks::rfc().ignore_start_index(true));
    let want = seed(&p, 8);
    let (c, _) = client(&p);
    assert_eq!(
        all_ids(&c, ListQuery::new().count(10), false).unwrap(),
        want
    );
}

#[test]
fn pager_with_filters_and_a_page_size_cap() {
    let p = provider(Quirks::rfc().page_size_cap(5));
    seed(&p, 40);
    let (c, _) = client(&p);
    let q = ListQuery::new()
        .filter(attr("userName").sw("user001"))
        .count(100);
    let names: Vec<String> = block_on(c.users().pages(q).try_collect())
        .unwrap()
        .into_iter()
        .map(|u| u.user_name)
        .collect();
    assert_eq!(names.len(), 10);
    assert!(names.iter().all(|n| n.starts_with("user001")));
}

#[test]
fn rate_limits_are_waited_out() {
    let p = provider(Quirks::rfc().rate_limit(4, Duration::from_secs(2)));
    let want = seed(&p, 60);
    let (c, clock) = client(&p);
    let got = all_ids(&c, ListQuery::new().count(10), false).unwrap();
    assert_eq!(got, want);
    let delays = clock.delays();
    assert!(!delays.is_empty());
    assert!(
        delays.iter().all(|d| *d == Duration::from_secs(2)),
        "{delays:?}"
    );
}

#[test]
fn injected_503s_are_retried_and_500s_reported() {
    let p = provider(Quirks::rfc().faults(Faults::seeded(11).server_errors(0.3)));
    seed(&p, 5);
    let (c, clock) = client(&p);
    let mut ok = 0;
    let mut failed = 0;
    for _ in 0..40 {
        match block_on(c.users().list(&ListQuery::new())) {
            Ok(list) => {
                assert_eq!(list.resources.len(), 5);
                ok += 1;
            }
            Err(e) => {
                assert_eq!(
                    e.status(),
                    Some(http::StatusCode::INTERNAL_SERVER_ERROR),
                    "{e}"
                );
                failed += 1;
            }
        }
    }
    assert!(ok > 20 && failed > 0, "ok={ok} failed={failed}");
    assert!(!clock.delays().is_empty(), "503s were retried");
}

#[test]
fn connection_resets_on_creates_are_not_retried() {
    let p = provider(Quirks::rfc().faults(Faults::seeded(3).connection_errors(0.5)));
    let (c, _) = client(&p);
    let mut created = 0;
    for i in 0..30 {
        p.reset_log();
        let before = p.counters().posts;
        match block_on(c.users().create(&User::new(format!("u{i}")))) {
            Ok(_) => created += 1,
            Err(e) => {
                assert!(
                    e.transport_error::<scim_client::memory::MemoryError>()
                        .is_some(),
                    "{e}"
                );
                assert_eq!(p.counters().posts, before + 1, "a create is sent once");
            }
        }
    }
    assert!(created > 0);
    assert_eq!(p.len("User"), created);
}

#[test]
fn no_etags_no_location() {
    let p = provider(Quirks::rfc().no_etags(true).no_location(true));
    let (c, _) = client(&p);
    let created = block_on(c.users().create(&User::new("bob"))).unwrap();
    let id = created.id.clone().unwrap();
    // No Location header: meta.location.
    assert!(created.location.as_ref().unwrap().as_str().ends_with(&id));
    let mut user = block_on(c.users().get(&id)).unwrap();
    user.title = Some("CTO".into());
    let replaced = block_on(c.users().replace(&id, &user)).unwrap();
    assert_eq!(replaced.title.as_deref(), Some("CTO"));
}

#[test]
fn patch_answered_with_204_or_not_at_all() {
    let p = provider(Quirks::rfc().patch_no_content(true));
    let (c, _) = client(&p);
    block_on(async {
        let id = c
            .users()
            .create(&User::new("bob"))
            .await
            .unwrap()
            .id
            .clone()
            .unwrap();
        let op = PatchOp::new(vec![PatchOperation::replace("title", json!("CTO"))]);
        assert!(c.users().patch(&id, &op).await.unwrap().is_none());
        let op = PatchOp::new(vec![PatchOperation::replace("title", json!("CEO"))]);
        let after = c.users().patch_and_get(&id, &op).await.unwrap();
        assert_eq!(after.title.as_deref(), Some("CEO"));
        assert!(after.version.is_some());
    });

    let p = provider(Quirks::rfc().no_patch(true));
    let (c, clock) = client(&p);
    let id = block_on(c.users().create(&User::new("eve")))
        .unwrap()
        .id
        .clone()
        .unwrap();
    assert!(
        !block_on(c.service_provider_config())
            .unwrap()
            .supports_patch()
    );
    let op = PatchOp::new(vec![PatchOperation::replace("title", json!("x"))]);
    let err = block_on(c.users().patch(&id, &op)).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_IMPLEMENTED));
    assert!(clock.delays().is_empty(), "501 is not retried");
}

#[test]
fn no_groups_endpoint() {
    let p = provider(Quirks::rfc().no_groups(true));
    let (c, _) = client(&p);
    let err = block_on(c.groups().list(&ListQuery::new())).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let types = block_on(c.resource_types()).unwrap();
    assert!(types.iter().all(|t| t.name != "Group"));
}

#[test]
fn bulk_split_to_the_advertised_limits() {
    let p = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .max_operations(3)
        .build();
    let c = Client::builder(BASE.parse().unwrap())
        .build(p.clone())
        .unwrap();
    let spc = block_on(c.service_provider_config()).unwrap();
    let limits = BulkLimits::from_config(spc.bulk.as_ref().unwrap());
    assert_eq!(limits.max_operations, Some(3));

    let mut ops: Vec<BulkOperation> = (0..7)
        .map(|i| {
            let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
            op.bulk_id = Some(format!("u{i}"));
            op.data = Some(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": format!("bulk{i}")}));
            op
        })
        .collect();
    let mut group = BulkOperation::new(BulkMethod::Post, "/Groups");
    group.bulk_id = Some("g".into());
    group.data = Some(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Everyone",
        "members": (0..7).map(|i| json!({"value": format!("bulkId:u{i}")})).collect::<Vec<_>>()
    }));
    ops.push(group);
    let outcome = block_on(c.bulk_split(BulkRequest::new(ops), limits)).unwrap();
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(outcome.requests, 3);
    assert_eq!(p.len("User"), 7);
    let groups = block_on(c.groups().list(&ListQuery::new())).unwrap();
    assert_eq!(groups.resources[0].members.len(), 7);

    // Sent whole, the same request is refused by the server.
    let too_big = BulkRequest::new(
        (0..4)
            .map(|i| {
                let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
                op.bulk_id = Some(format!("x{i}"));
                op.data = Some(json!({"userName": format!("x{i}")}));
                op
            })
            .collect(),
    );
    let err = block_on(c.bulk(&too_big)).unwrap_err();
    assert_eq!(
        err.status(),
        Some(http::StatusCode::PAYLOAD_TOO_LARGE),
        "{err}"
    );
}

#[test]
fn search_request_fields_reach_the_provider() {
    let p = provider(Quirks::rfc());
    seed(&p, 12);
    let (c, _) = client(&p);
    let mut s = SearchRequest::new();
    s.filter = Some("userName ew \"1\"".into());
    s.attributes = vec!["userName".into()];
    let list = block_on(c.users().search(&s)).unwrap();
    assert_eq!(list.resources.len(), 2, "user0001 and user0011");
}
