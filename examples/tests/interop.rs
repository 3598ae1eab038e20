//! scim-client's whole lifecycle against real SCIM servers over HTTP.
//!
//! The servers are started by `scripts/interop/run-servers.sh`, which passes
//! them as `SCIM_INTEROP_URLS=name=url,name=url,...` with the bearer token
//! in `SCIM_INTEROP_TOKEN`. Known names get the expectations of that
//! server's documented behaviour (`scripts/interop/README.md`):
//! `scim2-server`, `scimmy`, and `endpoint` (this workspace's endpoint
//! example); any other name is held to RFC 7644 as written.
//!
//! Without `SCIM_INTEROP_URLS` the test is ignored by `cargo test`; with
//! `--ignored` and no targets it fails, so that a run that was meant to
//! check something never passes silently.

// Test helpers outside `#[test]` functions fail loudly, like the tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::time::{SystemTime, UNIX_EPOCH};

use scim_client::reqwest::{ReqwestError, ReqwestTransport};
use scim_client::transport::{HttpResponse, Transport};
use scim_client::url::Url;
use scim_client::{Auth, BulkLimits, Client, Error, ListQuery, Projection};
use scim_core::filter::attr;
use scim_core::schema::urn;
use scim_core::{
    BulkMethod, BulkOperation, BulkRequest, Email, Group, Member, Name, PatchOp, PatchOperation,
    ScimType, SearchRequest, User,
};
use serde_json::json;

/// The client under test, over the crate's reqwest transport.
type TestClient = Client<ReqwestTransport>;

fn client_for(base: &Url, auth: Option<&str>) -> TestClient {
    let mut builder = Client::builder(base.clone());
    if let Some(token) = auth {
        builder = builder.auth(Auth::bearer(token).expect("a valid token"));
    }
    builder
        .build(ReqwestTransport::new().expect("a reqwest client"))
        .expect("a client")
}

// ---------------------------------------------------------------------------
// What each server is expected to do where RFC 7644 leaves a choice, or
// where the server is known to depart from it.

#[derive(Clone, Copy, Debug, PartialEq)]
enum PatchAnswer {
    /// 200 with the resource.
    Resource,
    /// 204 without a body.
    NoContent,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Versions {
    /// Real versions: `ETag`/`meta.version`, `If-Match` enforced (412).
    Enforced,
    /// An `ETag` that is only a hash of the body; `If-Match` ignored.
    BodyHash,
}

/// RFC 7644 lets a server refuse a filter on an attribute it does not
/// know (`invalidFilter`: "the specified attribute and filter comparison
/// combination is not supported") or read it as unassigned, matching
/// nothing. Both are safe for a client; answering with every resource
/// would not be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum UnknownFilterAttribute {
    /// 400 `invalidFilter`.
    InvalidFilter,
    /// 200 with no resources.
    EmptyList,
    /// Either of the above.
    Either,
}

#[derive(Clone, Debug)]
struct Profile {
    patch: PatchAnswer,
    versions: Versions,
    etag_supported: bool,
    unknown_filter_attribute: UnknownFilterAttribute,
    /// `userName eq` ignores case, as `caseExact: false` asks.
    filter_ignores_case: bool,
    /// `User.groups` reflects group membership.
    user_groups: bool,
    /// Deleting a user removes it from its groups' `members`.
    delete_leaves_groups: bool,
    /// `schemas` and `meta` are kept on resources narrowed by `attributes`.
    narrowed_keep_schemas: bool,
    /// A `startIndex` past the last result gives the first page again
    /// (instead of an empty page).
    past_end_wraps: bool,
}

impl Profile {
    fn for_server(name: &str) -> Profile {
        let rfc = Profile {
            patch: PatchAnswer::Resource,
            versions: Versions::Enforced,
            etag_supported: true,
            unknown_filter_attribute: UnknownFilterAttribute::Either,
            filter_ignores_case: true,
            user_groups: true,
            delete_leaves_groups: true,
            narrowed_keep_schemas: true,
            past_end_wraps: false,
        };
        match name {
            "scim2-server" => Profile {
                patch: PatchAnswer::NoContent,
                unknown_filter_attribute: UnknownFilterAttribute::InvalidFilter,
                user_groups: false,
                delete_leaves_groups: false,
                ..rfc
            },
            "scimmy" => Profile {
                versions: Versions::BodyHash,
                etag_supported: false,
                unknown_filter_attribute: UnknownFilterAttribute::EmptyList,
                filter_ignores_case: false,
                narrowed_keep_schemas: false,
                past_end_wraps: true,
                ..rfc
            },
            "endpoint" => Profile {
                unknown_filter_attribute: UnknownFilterAttribute::EmptyList,
                ..rfc
            },
            _ => rfc,
        }
    }
}

// ---------------------------------------------------------------------------
// Counting checks, and reporting all failures rather than the first.

struct Checks {
    server: String,
    passed: u32,
    failed: Vec<String>,
}

impl Checks {
    fn new(server: &str) -> Checks {
        Checks {
            server: server.to_owned(),
            passed: 0,
            failed: Vec::new(),
        }
    }

    fn check(&mut self, what: &str, ok: bool, detail: impl Debug) {
        if ok {
            self.passed += 1;
        } else {
            self.failed.push(format!("{what}: {detail:?}"));
        }
    }

    fn eq<A: PartialEq<B> + Debug, B: Debug>(&mut self, what: &str, actual: A, expected: B) {
        let ok = actual == expected;
        self.check(
            what,
            ok,
            format_args!("got {actual:?}, expected {expected:?}"),
        );
    }

    /// Records a failed operation and gives back its value when it worked.
    fn ok<T>(&mut self, what: &str, result: Result<T, Error>) -> Option<T> {
        match result {
            Ok(value) => {
                self.passed += 1;
                Some(value)
            }
            Err(err) => {
                self.failed.push(format!("{what}: {err}"));
                None
            }
        }
    }

    /// Checks that an operation failed with `status` (and `scim_type`).
    fn fails<T: Debug>(
        &mut self,
        what: &str,
        result: Result<T, Error>,
        status: u16,
        scim_type: Option<ScimType>,
    ) -> Option<Error> {
        match result {
            Ok(value) => {
                self.failed
                    .push(format!("{what}: expected {status}, got success {value:?}"));
                None
            }
            Err(err) => {
                self.eq(
                    &format!("{what}: status"),
                    err.status().map(|s| s.as_u16()),
                    Some(status),
                );
                self.check(
                    &format!("{what}: a SCIM error body"),
                    err.scim_error().is_some(),
                    &err,
                );
                if let Some(expected) = scim_type {
                    self.eq(
                        &format!("{what}: scimType"),
                        err.scim_type().cloned(),
                        Some(expected),
                    );
                }
                Some(err)
            }
        }
    }
}

fn filter(expr: scim_core::filter::Expr) -> String {
    expr.build().expect("a valid filter").to_string()
}

fn ids<'a>(users: impl IntoIterator<Item = &'a User>) -> BTreeSet<String> {
    users.into_iter().filter_map(|u| u.id.clone()).collect()
}

fn member_ids(group: &Group) -> BTreeSet<String> {
    group
        .members
        .iter()
        .filter_map(|m| m.value.clone())
        .collect()
}

// ---------------------------------------------------------------------------
// The lifecycle.

const USERS: usize = 7;

async fn lifecycle(name: &str, base: &Url, token: &str, c: &mut Checks) {
    let profile = Profile::for_server(name);
    let client = client_for(base, Some(token));
    // Names unique to this run, so that a server used before still works.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let prefix = format!("it{nanos}-");

    // -- Discovery -----------------------------------------------------------
    if let Some(config) = c.ok(
        "GET /ServiceProviderConfig",
        client.service_provider_config().await,
    ) {
        c.eq(
            "patch.supported",
            config.patch.as_ref().and_then(|p| p.supported),
            Some(true),
        );
        c.eq(
            "filter.supported",
            config.filter.as_ref().and_then(|p| p.supported),
            Some(true),
        );
        c.eq(
            "etag.supported",
            config.etag.as_ref().and_then(|p| p.supported),
            Some(profile.etag_supported),
        );
        c.check(
            "authenticationSchemes lists a bearer scheme",
            config
                .authentication_schemes
                .iter()
                .any(|s| s.type_.as_deref() == Some("oauthbearertoken")),
            &config.authentication_schemes,
        );
    }
    if let Some(schemas) = c.ok("GET /Schemas", client.schemas().await) {
        let ids: BTreeSet<_> = schemas.iter().map(|s| s.id.as_str()).collect();
        c.check("Schemas has User", ids.contains(urn::USER), &ids);
        c.check("Schemas has Group", ids.contains(urn::GROUP), &ids);
    }
    if let Some(types) = c.ok("GET /ResourceTypes", client.resource_types().await) {
        let endpoints: BTreeMap<_, _> = types
            .iter()
            .map(|t| (t.name.as_str(), t.endpoint.as_str()))
            .collect();
        c.eq(
            "ResourceType User",
            endpoints.get("User").copied(),
            Some("/Users"),
        );
        c.eq(
            "ResourceType Group",
            endpoints.get("Group").copied(),
            Some("/Groups"),
        );
    }

    // -- Authentication --------------------------------------------------------
    let wrong = "wrong-token-5f3a9c";
    let stranger = client_for(base, Some(wrong));
    if let Some(err) = c.fails(
        "list with a wrong token",
        stranger.users().list(&ListQuery::new()).await,
        401,
        None,
    ) {
        let text = format!("{err} {err:?}");
        c.check(
            "the token is not in the error",
            !text.contains(wrong),
            &text,
        );
    }
    let anonymous = client_for(base, None);
    c.fails(
        "list without a token",
        anonymous.users().list(&ListQuery::new()).await,
        401,
        None,
    );
    // Rotating the credential of a live client.
    client.auth().set_bearer(wrong).expect("a valid token");
    c.fails(
        "list after rotating to a wrong token",
        client.users().list(&ListQuery::new()).await,
        401,
        None,
    );
    client.auth().set_bearer(token).expect("a valid token");
    c.ok(
        "list after rotating back",
        client.users().list(&ListQuery::new().count(1)).await,
    );

    // -- Users: create -------------------------------------------------------
    let users_url = base.join(&format!("{}/Users/", base.path().trim_end_matches('/')));
    let users_url = users_url.expect("a URL");
    let mut created: Vec<User> = Vec::new();
    for i in 1..=USERS {
        let mut user = User::new(format!("{prefix}user{i}"));
        user.external_id = Some(format!("ext-{i}"));
        user.display_name = Some(format!("User {i}"));
        user.name = Some(Name {
            given_name: Some(format!("Given{i}")),
            family_name: Some("Interop".into()),
            ..Name::default()
        });
        user.active = Some(true);
        user.emails.push(
            Email::new(format!("user{i}@example.com"))
                .with_type("work")
                .with_primary(true),
        );
        let Some(answer) = c.ok(
            &format!("create user{i}"),
            client.users().create(&user).await,
        ) else {
            continue;
        };
        let id = answer.id.clone().unwrap_or_default();
        c.check(&format!("user{i} has an id"), !id.is_empty(), &answer.id);
        c.eq(
            &format!("user{i} userName"),
            answer.user_name.as_str(),
            user.user_name.as_str(),
        );
        c.eq(
            &format!("user{i} location"),
            answer.location.as_ref().map(Url::as_str),
            users_url.join(&id).ok().as_ref().map(Url::as_str),
        );
        c.check(
            &format!("user{i} meta.created"),
            answer
                .meta
                .as_ref()
                .and_then(|m| m.created.as_ref())
                .is_some(),
            &answer.meta,
        );
        if profile.versions == Versions::Enforced {
            c.check(
                &format!("user{i} version is a weak or strong ETag"),
                answer
                    .version
                    .as_deref()
                    .is_some_and(|v| v.starts_with("W/\"") || v.starts_with('"')),
                &answer.version,
            );
        }
        created.push(answer.into_inner());
    }
    if created.len() != USERS {
        c.failed
            .push("not every user was created: stopping this server's run".to_owned());
        return;
    }
    let id_of = |i: usize| created[i - 1].id.clone().expect("created with an id");

    c.fails(
        "create a duplicate userName (other case)",
        client
            .users()
            .create(&User::new(format!("{prefix}USER1").to_uppercase()))
            .await,
        409,
        Some(ScimType::Uniqueness),
    );

    // -- Users: read -----------------------------------------------------------
    if let Some(got) = c.ok("get user3", client.users().get(&id_of(3)).await) {
        c.eq(
            "get user3: userName",
            got.user_name.as_str(),
            created[2].user_name.as_str(),
        );
        c.eq(
            "get user3: displayName",
            got.display_name.as_deref(),
            Some("User 3"),
        );
        c.eq(
            "get user3: email",
            got.primary_email(),
            Some("user3@example.com"),
        );
        c.eq(
            "get user3: name.givenName",
            got.name.as_ref().and_then(|n| n.given_name.as_deref()),
            Some("Given3"),
        );
    }
    c.fails(
        "get an unknown id",
        client.users().get("no-such-id-7c1e").await,
        404,
        None,
    );
    c.fails(
        "get an id that looks like a path",
        client.users().get("../Groups").await,
        404,
        None,
    );
    if let Some(narrow) = c.ok(
        "get user3 with attributes=userName",
        client
            .resources::<scim_core::Resource>("Users")
            .get_with(&id_of(3), &Projection::attributes(["userName"]))
            .await,
    ) {
        let value = serde_json::to_value(&*narrow).expect("JSON");
        c.eq(
            "narrowed: userName",
            value.get("userName"),
            Some(&json!(created[2].user_name)),
        );
        c.eq("narrowed: id", value.get("id"), Some(&json!(id_of(3))));
        c.eq("narrowed: no emails", value.get("emails"), None);
        c.eq("narrowed: no displayName", value.get("displayName"), None);
        c.eq(
            "narrowed: schemas kept",
            value.get("schemas").is_some(),
            profile.narrowed_keep_schemas,
        );
    }

    if let Some(without) = c.ok(
        "get user3 with excludedAttributes=emails",
        client
            .users()
            .get_with(&id_of(3), &Projection::excluded(["emails"]))
            .await,
    ) {
        c.eq("excluded: no emails", without.emails.len(), 0);
        c.eq(
            "excluded: displayName kept",
            without.display_name.as_deref(),
            Some("User 3"),
        );
    }

    // -- Users: list, filter, paging -------------------------------------------
    let ours = filter(attr("userName").sw(prefix.as_str()));
    let all_ids = ids(&created);
    let one = filter(attr("userName").eq(created[4].user_name.as_str()));
    if let Some(list) = c.ok(
        "list userName eq user5",
        client.users().list(&ListQuery::new().filter(&one)).await,
    ) {
        c.eq("eq filter: totalResults", list.total_results, Some(1));
        c.eq(
            "eq filter: the one",
            ids(&list.resources),
            BTreeSet::from([id_of(5)]),
        );
    }
    let upper = filter(attr("userName").eq(created[4].user_name.to_uppercase().as_str()));
    if let Some(list) = c.ok(
        "list userName eq USER5 (userName is caseExact false)",
        client.users().list(&ListQuery::new().filter(&upper)).await,
    ) {
        let expected = if profile.filter_ignores_case {
            BTreeSet::from([id_of(5)])
        } else {
            BTreeSet::new()
        };
        c.eq("eq filter ignoring case", ids(&list.resources), expected);
    }
    if let Some(list) = c.ok(
        "list userName sw prefix",
        client.users().list(&ListQuery::new().filter(&ours)).await,
    ) {
        c.eq(
            "sw filter: totalResults",
            list.total_results,
            Some(USERS as u64),
        );
        c.eq(
            "sw filter: every user",
            ids(&list.resources),
            all_ids.clone(),
        );
    }
    if let Some(list) = c.ok(
        "list startIndex=3 count=2",
        client
            .users()
            .list(
                &ListQuery::new()
                    .filter(&ours)
                    .sort_by("userName")
                    .start_index(3)
                    .count(2),
            )
            .await,
    ) {
        c.eq("page: startIndex", list.start_index, Some(3));
        c.eq("page: totalResults", list.total_results, Some(USERS as u64));
        c.eq(
            "page: users 3 and 4 by userName",
            list.resources
                .iter()
                .map(|u| u.user_name.clone())
                .collect::<Vec<_>>(),
            vec![created[2].user_name.clone(), created[3].user_name.clone()],
        );
    }
    if let Some(list) = c.ok(
        "list startIndex past the end",
        client
            .users()
            .list(
                &ListQuery::new()
                    .filter(&ours)
                    .start_index(USERS as u64 + 1)
                    .count(2),
            )
            .await,
    ) {
        let expected = if profile.past_end_wraps { 2 } else { 0 };
        c.eq("past the end: resources", list.resources.len(), expected);
        c.eq(
            "past the end: totalResults",
            list.total_results,
            Some(USERS as u64),
        );
    }
    if let Some(list) = c.ok(
        "list sorted by userName descending",
        client
            .users()
            .list(
                &ListQuery::new()
                    .filter(&ours)
                    .sort_by("userName")
                    .sort_order(scim_core::SortOrder::Descending),
            )
            .await,
    ) {
        let names: Vec<_> = list.resources.iter().map(|u| u.user_name.clone()).collect();
        let mut expected: Vec<_> = created.iter().map(|u| u.user_name.clone()).collect();
        expected.reverse();
        c.eq("sorted descending", names, expected);
    }
    for size in [1, 2, 3, USERS as u64, 100] {
        let pager = client
            .users()
            .pages(ListQuery::new().filter(&ours).count(size));
        if let Some(all) = c.ok(&format!("pages of {size}"), pager.try_collect().await) {
            c.eq(&format!("pages of {size}: count"), all.len(), USERS);
            c.eq(
                &format!("pages of {size}: each once"),
                ids(&all),
                all_ids.clone(),
            );
        }
    }
    let mut search = SearchRequest::new();
    search.filter = Some(ours.clone());
    search.count = Some(3);
    if let Some(list) = c.ok("POST /Users/.search", client.users().search(&search).await) {
        c.eq(
            "search: totalResults",
            list.total_results,
            Some(USERS as u64),
        );
        c.eq("search: page size", list.resources.len(), 3);
    }
    if let Some(all) = c.ok(
        "POST /.search pages of 3",
        client.users().search_pages(&search).try_collect().await,
    ) {
        c.eq("search pages: each once", ids(&all), all_ids.clone());
        c.eq("search pages: count", all.len(), USERS);
    }
    let unknown = client
        .users()
        .list(&ListQuery::new().filter("noSuchAttribute eq \"x\""))
        .await;
    match profile.unknown_filter_attribute {
        UnknownFilterAttribute::Either => {
            let ok = match &unknown {
                Ok(list) => list.resources.is_empty(),
                Err(err) => err.scim_type() == Some(&ScimType::InvalidFilter),
            };
            c.check(
                "filter on an unknown attribute: invalidFilter or nothing",
                ok,
                &unknown,
            );
        }
        UnknownFilterAttribute::InvalidFilter => {
            c.fails(
                "filter on an unknown attribute",
                unknown,
                400,
                Some(ScimType::InvalidFilter),
            );
        }
        UnknownFilterAttribute::EmptyList => {
            if let Some(list) = c.ok("filter on an unknown attribute (empty list)", unknown) {
                c.eq("unknown attribute: no resources", list.resources.len(), 0);
            }
        }
    }
    let broken = client
        .users()
        .list(&ListQuery::new().filter("userName eq \"x"))
        .await;
    c.fails(
        "filter with an unterminated string",
        broken,
        400,
        Some(ScimType::InvalidFilter),
    );

    // -- Users: replace ----------------------------------------------------------
    let user4 = c.ok("get user4", client.users().get(&id_of(4)).await);
    if let Some(user4) = user4 {
        let version = user4.version.clone();
        let mut edited = user4.into_inner();
        edited.display_name = Some("Replaced Four".into());
        edited.title = Some("Engineer".into());
        if let Some(replaced) = c.ok(
            "replace user4",
            client
                .users()
                .replace_if_match(&id_of(4), &edited, version.as_deref())
                .await,
        ) {
            c.eq(
                "replaced: displayName",
                replaced.display_name.as_deref(),
                Some("Replaced Four"),
            );
            c.eq(
                "replaced: title",
                replaced.title.as_deref(),
                Some("Engineer"),
            );
            c.eq(
                "replaced: id kept",
                replaced.id.as_deref(),
                Some(id_of(4).as_str()),
            );
            if profile.versions == Versions::Enforced {
                c.check(
                    "replaced: a new version",
                    replaced.version.is_some() && replaced.version != version,
                    (&version, &replaced.version),
                );
            }
        }
        let stale = client
            .users()
            .replace_if_match(&id_of(4), &edited, Some("W/\"stale-version\""))
            .await;
        match profile.versions {
            Versions::Enforced => {
                if let Some(err) = c.fails("replace with a stale If-Match", stale, 412, None) {
                    c.check("is_precondition_failed", err.is_precondition_failed(), &err);
                }
            }
            Versions::BodyHash => {
                c.ok("replace with a stale If-Match (ignored)", stale);
            }
        }
        if let Some(got) = c.ok(
            "get user4 after replace",
            client.users().get(&id_of(4)).await,
        ) {
            c.eq(
                "stored: displayName",
                got.display_name.as_deref(),
                Some("Replaced Four"),
            );
            c.eq("stored: title", got.title.as_deref(), Some("Engineer"));
        }
    }
    c.fails(
        "replace an unknown id",
        client
            .users()
            .replace_if_match(
                "no-such-id-7c1e",
                &User::new(format!("{prefix}ghost")),
                None,
            )
            .await,
        404,
        None,
    );

    // -- Users: patch ------------------------------------------------------------
    let op = PatchOp::new(vec![
        PatchOperation::replace("displayName", json!("Patched Six")),
        PatchOperation::add("nickName", json!("six")),
    ]);
    match c.ok("patch user6", client.users().patch(&id_of(6), &op).await) {
        Some(Some(patched)) => {
            c.eq("patch answer", PatchAnswer::Resource, profile.patch);
            c.eq(
                "patched: displayName",
                patched.display_name.as_deref(),
                Some("Patched Six"),
            );
            c.eq(
                "patched: nickName",
                patched.nick_name.as_deref(),
                Some("six"),
            );
        }
        Some(None) => c.eq("patch answer", PatchAnswer::NoContent, profile.patch),
        None => {}
    }
    if let Some(got) = c.ok("get user6 after patch", client.users().get(&id_of(6)).await) {
        c.eq(
            "stored: displayName",
            got.display_name.as_deref(),
            Some("Patched Six"),
        );
        c.eq("stored: nickName", got.nick_name.as_deref(), Some("six"));
        c.eq(
            "stored: userName kept",
            got.user_name.as_str(),
            created[5].user_name.as_str(),
        );
    }
    let remove = PatchOp::new(vec![PatchOperation::remove("nickName")]);
    if let Some(got) = c.ok(
        "patch_and_get: remove nickName",
        client.users().patch_and_get(&id_of(6), &remove).await,
    ) {
        c.eq("removed: nickName", got.nick_name.as_deref(), None);
        c.eq(
            "removed: displayName kept",
            got.display_name.as_deref(),
            Some("Patched Six"),
        );
    }
    let deactivate = PatchOp::new(vec![PatchOperation::replace("active", json!(false))]);
    if let Some(got) = c.ok(
        "patch_and_get: active false",
        client.users().patch_and_get(&id_of(7), &deactivate).await,
    ) {
        c.eq("deactivated", got.active, Some(false));
    }
    c.fails(
        "patch an unknown id",
        client.users().patch("no-such-id-7c1e", &op).await,
        404,
        None,
    );

    // -- Preconditions on PATCH and DELETE ------------------------------------------
    let temp = User::new(format!("{prefix}temp"));
    if let Some(temp) = c.ok(
        "create a user to delete",
        client.users().create(&temp).await,
    ) {
        let id = temp.id.clone().unwrap_or_default();
        let stale = Some("W/\"stale-version\"");
        let patched = client.users().patch_if_match(&id, &op, stale).await;
        let deleted = client.users().delete_if_match(&id, stale).await;
        match profile.versions {
            Versions::Enforced => {
                c.fails("patch with a stale If-Match", patched, 412, None);
                c.fails("delete with a stale If-Match", deleted, 412, None);
                if let Some(current) = c.ok("get before delete", client.users().get(&id).await) {
                    c.ok(
                        "delete with the current If-Match",
                        client
                            .users()
                            .delete_if_match(&id, current.version.as_deref())
                            .await,
                    );
                }
            }
            Versions::BodyHash => {
                c.ok("patch with a stale If-Match (ignored)", patched);
                c.ok("delete with a stale If-Match (ignored)", deleted);
            }
        }
        c.fails(
            "get the deleted user",
            client.users().get(&id).await,
            404,
            None,
        );
    }

    // -- Groups --------------------------------------------------------------------
    let mut group = Group::new(format!("{prefix}group"));
    group.members.push(Member::user(id_of(1)));
    group.members.push(Member::user(id_of(2)));
    let created_group = c.ok(
        "create a group with two members",
        client.groups().create(&group).await,
    );
    let Some(created_group) = created_group else {
        c.failed
            .push("no group: skipping the group steps".to_owned());
        cleanup(&client, &created, None, c).await;
        return;
    };
    let group_id = created_group.id.clone().unwrap_or_default();
    c.eq(
        "group: members",
        member_ids(&created_group),
        BTreeSet::from([id_of(1), id_of(2)]),
    );
    c.eq(
        "group: location",
        created_group.location.as_ref().map(Url::as_str),
        base.join(&format!(
            "{}/Groups/{group_id}",
            base.path().trim_end_matches('/')
        ))
        .ok()
        .as_ref()
        .map(Url::as_str),
    );
    if let Some(user1) = c.ok(
        "get user1 in the group",
        client.users().get(&id_of(1)).await,
    ) {
        let groups: BTreeSet<_> = user1
            .groups
            .iter()
            .filter_map(|g| g.value.clone())
            .collect();
        let expected = if profile.user_groups {
            BTreeSet::from([group_id.clone()])
        } else {
            BTreeSet::new()
        };
        c.eq("User.groups", groups, expected);
    }
    let group_filter = filter(attr("displayName").eq(format!("{prefix}group").as_str()));
    if let Some(list) = c.ok(
        "list groups by displayName",
        client
            .groups()
            .list(&ListQuery::new().filter(&group_filter))
            .await,
    ) {
        c.eq("group filter: the one", list.resources.len(), 1);
    }
    let add3 = PatchOp::new(vec![PatchOperation::add(
        "members",
        json!([{ "value": id_of(3), "type": "User" }]),
    )]);
    c.ok(
        "patch: add member user3",
        client.groups().patch(&group_id, &add3).await,
    );
    let remove1 = PatchOp::new(vec![PatchOperation::remove(format!(
        "members[value eq \"{}\"]",
        id_of(1)
    ))]);
    c.ok(
        "patch: remove member user1",
        client.groups().patch(&group_id, &remove1).await,
    );
    if let Some(got) = c.ok("get the group", client.groups().get(&group_id).await) {
        c.eq(
            "members after add and remove",
            member_ids(&got),
            BTreeSet::from([id_of(2), id_of(3)]),
        );
    }
    let mut renamed = Group::new(format!("{prefix}group-renamed"));
    renamed.members.push(Member::user(id_of(2)));
    renamed.members.push(Member::user(id_of(3)));
    if let Some(replaced) = c.ok(
        "replace the group",
        client
            .groups()
            .replace_if_match(&group_id, &renamed, None)
            .await,
    ) {
        c.eq(
            "replaced group: displayName",
            replaced.display_name.as_deref(),
            renamed.display_name.as_deref(),
        );
        c.eq(
            "replaced group: members",
            member_ids(&replaced),
            BTreeSet::from([id_of(2), id_of(3)]),
        );
    }

    // -- Conditional GET, and Bulk -----------------------------------------------
    raw_checks(&client, base, token, &prefix, c).await;
    bulk_checks(&client, &prefix, c).await;

    // -- Delete ----------------------------------------------------------------------
    c.ok("delete user2", client.users().delete(&id_of(2)).await);
    c.fails(
        "get user2 after delete",
        client.users().get(&id_of(2)).await,
        404,
        None,
    );
    c.fails(
        "delete user2 again",
        client.users().delete(&id_of(2)).await,
        404,
        None,
    );
    if let Some(got) = c.ok(
        "get the group after deleting user2",
        client.groups().get(&group_id).await,
    ) {
        let expected = if profile.delete_leaves_groups {
            BTreeSet::from([id_of(3)])
        } else {
            BTreeSet::from([id_of(2), id_of(3)])
        };
        c.eq("members after deleting user2", member_ids(&got), expected);
    }
    cleanup(&client, &created, Some(&group_id), c).await;
    if let Some(list) = c.ok(
        "list after cleanup",
        client.users().list(&ListQuery::new().filter(&ours)).await,
    ) {
        c.eq("nothing left", list.total_results, Some(0));
    }
}

/// Sends one request with the bearer token through the client's transport.
async fn raw(
    client: &TestClient,
    token: &str,
    method: http::Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<serde_json::Value>,
) -> Result<HttpResponse, ReqwestError> {
    let mut request = http::Request::builder()
        .method(method)
        .uri(url)
        .header("authorization", format!("Bearer {token}"))
        .header("accept", "application/scim+json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/scim+json");
            serde_json::to_vec(&body).expect("JSON")
        }
        None => Vec::new(),
    };
    client
        .transport()
        .send(request.body(body).expect("a request"))
        .await
}

/// What the client has no typed operation for: `If-None-Match` (304).
async fn raw_checks(client: &TestClient, base: &Url, token: &str, prefix: &str, c: &mut Checks) {
    let root = base.as_str().trim_end_matches('/');
    let Some(user) = c.ok("get user5 for a conditional GET", {
        let filter = filter(attr("userName").eq(format!("{prefix}user5").as_str()));
        client.users().list(&ListQuery::new().filter(&filter)).await
    }) else {
        return;
    };
    let Some(id) = user.resources.first().and_then(|u| u.id.clone()) else {
        c.failed
            .push("user5 not found for a conditional GET".to_owned());
        return;
    };
    let url = format!("{root}/Users/{id}");
    match raw(client, token, http::Method::GET, &url, &[], None).await {
        Ok(first) => {
            let etag = first
                .headers()
                .get("etag")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            c.check("GET user5: an ETag header", etag.is_some(), first.headers());
            if let Some(etag) = etag {
                match raw(
                    client,
                    token,
                    http::Method::GET,
                    &url,
                    &[("if-none-match", &etag)],
                    None,
                )
                .await
                {
                    Ok(again) => {
                        c.eq("If-None-Match current: 304", again.status().as_u16(), 304);
                        c.eq("304 has no body", again.body().len(), 0);
                    }
                    Err(err) => c.failed.push(format!("If-None-Match current: {err}")),
                }
                let other = [("if-none-match", "W/\"other-version\"")];
                match raw(client, token, http::Method::GET, &url, &other, None).await {
                    Ok(changed) => c.eq("If-None-Match other: 200", changed.status().as_u16(), 200),
                    Err(err) => c.failed.push(format!("If-None-Match other: {err}")),
                }
            }
        }
        Err(err) => c.failed.push(format!("GET user5: {err}")),
    }
}

/// A user and a group that names it by `bulkId`.
fn bulk_pair(prefix: &str, tag: &str) -> BulkRequest {
    let mut user = BulkOperation::new(BulkMethod::Post, "/Users");
    user.bulk_id = Some(format!("{tag}-user"));
    user.data = Some(json!({"schemas": [urn::USER], "userName": format!("{prefix}{tag}-user")}));
    let mut group = BulkOperation::new(BulkMethod::Post, "/Groups");
    group.bulk_id = Some(format!("{tag}-group"));
    group.data = Some(json!({
        "schemas": [urn::GROUP],
        "displayName": format!("{prefix}{tag}-group"),
        "members": [{"type": "User", "value": format!("bulkId:{tag}-user")}]
    }));
    let mut request = BulkRequest::new(vec![user, group]);
    request.fail_on_errors = Some(1);
    request
}

/// The id at the end of a bulk result's `location`.
fn created_id(location: Option<&str>) -> Option<String> {
    location
        .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
        .map(str::to_owned)
}

/// `/Bulk` in one request, and split into one request per operation so
/// that the client resolves the `bulkId` reference itself.
async fn bulk_checks(client: &TestClient, prefix: &str, c: &mut Checks) {
    let mut created = Vec::new();
    if let Some(answer) = c.ok("POST /Bulk", client.bulk(&bulk_pair(prefix, "one")).await) {
        c.eq("bulk: two results", answer.operations.len(), 2);
        let statuses: Vec<_> = answer.operations.iter().map(|o| o.status.code()).collect();
        c.eq("bulk: both created", statuses, vec![201, 201]);
        let locations: Vec<_> = answer
            .operations
            .iter()
            .map(|o| created_id(o.location.as_deref()))
            .collect();
        created.push(locations);
    }
    if let Some(outcome) = c.ok(
        "bulk split into one operation per request",
        client
            .bulk_split(bulk_pair(prefix, "split"), BulkLimits::new(Some(1), None))
            .await,
    ) {
        c.eq("split: two requests", outcome.requests, 2);
        c.check(
            "split: every operation succeeded",
            outcome.is_success(),
            &outcome,
        );
        created.push(
            outcome
                .responses
                .iter()
                .map(|o| created_id(o.location.as_deref()))
                .collect(),
        );
    }
    for (i, locations) in created.iter().enumerate() {
        let (Some(Some(user_id)), Some(Some(group_id))) = (locations.first(), locations.get(1))
        else {
            c.failed
                .push(format!("bulk {i}: no locations: {locations:?}"));
            continue;
        };
        if let Some(group) = c.ok("get the bulk group", client.groups().get(group_id).await) {
            c.eq(
                "bulk: the bulkId reference names the new user",
                member_ids(&group),
                BTreeSet::from([user_id.clone()]),
            );
        }
        c.ok(
            "delete the bulk group",
            client.groups().delete(group_id).await,
        );
        c.ok("delete the bulk user", client.users().delete(user_id).await);
    }
}

/// Deletes what the run created (user2 may already be gone).
async fn cleanup(client: &TestClient, users: &[User], group: Option<&str>, c: &mut Checks) {
    if let Some(group) = group {
        c.ok("delete the group", client.groups().delete(group).await);
        c.fails(
            "get the deleted group",
            client.groups().get(group).await,
            404,
            None,
        );
    }
    for user in users {
        let Some(id) = user.id.as_deref() else {
            continue;
        };
        match client.users().delete(id).await {
            Ok(()) => {}
            Err(err) if err.is_not_found() => {}
            Err(err) => c.failed.push(format!("cleanup: delete {id}: {err}")),
        }
    }
}

fn targets() -> Vec<(String, Url)> {
    let Ok(spec) = std::env::var("SCIM_INTEROP_URLS") else {
        return Vec::new();
    };
    spec.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|entry| {
            let (name, url) = entry
                .split_once('=')
                .unwrap_or_else(|| panic!("SCIM_INTEROP_URLS: `{entry}` is not name=url"));
            let url =
                Url::parse(url.trim()).unwrap_or_else(|e| panic!("SCIM_INTEROP_URLS: {name}: {e}"));
            (name.trim().to_owned(), url)
        })
        .collect()
}

#[test]
#[ignore = "needs running SCIM servers: scripts/interop/run-servers.sh"]
fn lifecycle_against_real_servers() {
    let targets = targets();
    assert!(
        !targets.is_empty(),
        "SCIM_INTEROP_URLS is empty: set it to name=url,... (scripts/interop/run-servers.sh does)"
    );
    let token = std::env::var("SCIM_INTEROP_TOKEN").unwrap_or_else(|_| "interop-token".into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let mut failures = Vec::new();
    let mut total = 0;
    for (name, url) in &targets {
        let mut checks = Checks::new(name);
        runtime.block_on(lifecycle(name, url, &token, &mut checks));
        let failed = checks.failed.len();
        println!(
            "interop {}: {} passed, {failed} failed ({url})",
            checks.server, checks.passed
        );
        for failure in &checks.failed {
            println!("    FAILED {failure}");
        }
        total += checks.passed;
        failures.extend(checks.failed.into_iter().map(|f| format!("{name}: {f}")));
    }
    println!("interop: {} servers", targets.len());
    println!("interop: {total} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
