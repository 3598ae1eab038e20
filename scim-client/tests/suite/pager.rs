//! Paging against servers that page right and servers that page wrong:
//! every resource exactly once, or a clear error, never an endless loop.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use http::Method;
use scim_client::transport::HttpRequest;
use scim_client::{Client, Error, ListQuery, PagingError};
use scim_core::{Resource, SearchRequest, User};
use serde_json::{Value, json};

use crate::support::{BASE, block_on, client, json, param, recording};

/// How a simulated server pages.
#[derive(Clone, Debug, Default)]
struct Behaviour {
    /// `startIndex` is a 0-based offset; absent means 0.
    zero_based: bool,
    /// Report `startIndex` in responses (as the server understood it).
    report_start: bool,
    /// Report this `totalResults` instead of the truth.
    wrong_total: Option<u64>,
    /// `itemsPerPage` echoes the requested `count`.
    echo_items_per_page: bool,
    /// `resources` in lower case.
    lowercase_resources: bool,
    /// Always serve the first page.
    ignore_start_index: bool,
    /// Never more than this many per page.
    cap: Option<usize>,
    /// RFC 9865 cursors, even when not asked for.
    cursor: bool,
    /// Default page size when `count` is absent.
    default_count: Option<usize>,
}

fn users(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": format!("u{i:05}"), "userName": format!("user{i}")}))
        .collect()
}

fn serve(all: &[Value], b: &Behaviour, req: &HttpRequest) -> http::Response<Vec<u8>> {
    let (start, count, cursor) = if req.method() == Method::POST {
        let body: SearchRequest = serde_json::from_slice(req.body()).unwrap();
        (
            body.start_index.map(|v| v as u64),
            body.count.map(|v| v as usize),
            body.cursor,
        )
    } else {
        (
            param(req, "startIndex").map(|v| v.parse::<u64>().unwrap()),
            param(req, "count").map(|v| v.parse::<usize>().unwrap()),
            param(req, "cursor"),
        )
    };
    let count = count.or(b.default_count).unwrap_or(all.len());
    let page_len = b.cap.map_or(count, |cap| count.min(cap));
    let offset = if b.cursor && cursor.as_deref().is_some_and(|c| !c.is_empty()) {
        cursor
            .unwrap()
            .trim_start_matches('c')
            .parse::<usize>()
            .unwrap()
    } else if b.ignore_start_index {
        0
    } else if b.zero_based {
        start.unwrap_or(0) as usize
    } else {
        start.unwrap_or(1).max(1) as usize - 1
    };
    let page: Vec<Value> = all.iter().skip(offset).take(page_len).cloned().collect();
    let mut body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": b.wrong_total.unwrap_or(all.len() as u64),
        "itemsPerPage": if b.echo_items_per_page { count } else { page.len() },
    });
    if b.report_start {
        body["startIndex"] = json!(if b.zero_based { offset } else { offset + 1 });
    }
    if b.cursor && offset + page.len() < all.len() {
        body["nextCursor"] = json!(format!("c{}", offset + page.len()));
    }
    body[if b.lowercase_resources {
        "resources"
    } else {
        "Resources"
    }] = Value::Array(page);
    json(200, body)
}

type Sent = Arc<Mutex<Vec<HttpRequest>>>;

fn server(
    n: usize,
    b: Behaviour,
) -> (
    Client<impl scim_client::transport::Transport<Error = std::io::Error> + Clone>,
    Sent,
) {
    let all = users(n);
    let (t, log) = recording(move |req| Ok(serve(&all, &b, req)));
    (client(t).0, log)
}

/// Collects every user; checks none is yielded twice.
fn collect(
    c: &Client<impl scim_client::transport::Transport>,
    query: ListQuery,
) -> Result<Vec<String>, Error> {
    let users = block_on(c.users().pages(query).try_collect())?;
    let ids: Vec<String> = users.into_iter().map(|u| u.id.unwrap()).collect();
    let mut counts = BTreeMap::new();
    for id in &ids {
        *counts.entry(id.clone()).or_insert(0) += 1;
    }
    assert!(counts.values().all(|&n| n == 1), "duplicates yielded");
    Ok(ids)
}

fn expected(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("u{i:05}")).collect()
}

#[test]
fn well_behaved_server() {
    for n in [0, 1, 2, 9, 10, 11, 25] {
        let (c, log) = server(
            n,
            Behaviour {
                report_start: true,
                ..Behaviour::default()
            },
        );
        assert_eq!(
            collect(&c, ListQuery::new().count(10)).unwrap(),
            expected(n),
            "n={n}"
        );
        let sent = log.lock().unwrap();
        // At most one more page than needed, plus one overlap each page.
        assert!(sent.len() <= n / 9 + 2, "n={n}: {} requests", sent.len());
        assert_eq!(param(&sent[0], "count").as_deref(), Some("10"));
        assert_eq!(param(&sent[0], "startIndex"), None);
        for req in sent.iter().skip(1) {
            let s: u64 = param(req, "startIndex").unwrap().parse().unwrap();
            assert!(s >= 1);
        }
    }
}

#[test]
fn misbehaving_servers_yield_everything_once() {
    let cases: Vec<(&str, Behaviour)> = vec![
        (
            "0-based, reporting",
            Behaviour {
                zero_based: true,
                report_start: true,
                ..Default::default()
            },
        ),
        (
            "0-based, silent",
            Behaviour {
                zero_based: true,
                ..Default::default()
            },
        ),
        (
            "totalResults too small",
            Behaviour {
                wrong_total: Some(3),
                ..Default::default()
            },
        ),
        (
            "totalResults zero",
            Behaviour {
                wrong_total: Some(0),
                ..Default::default()
            },
        ),
        (
            "totalResults too large",
            Behaviour {
                wrong_total: Some(10_000),
                ..Default::default()
            },
        ),
        (
            "itemsPerPage echoes count",
            Behaviour {
                echo_items_per_page: true,
                cap: Some(4),
                ..Default::default()
            },
        ),
        (
            "lowercase resources",
            Behaviour {
                lowercase_resources: true,
                ..Default::default()
            },
        ),
        (
            "page-size cap",
            Behaviour {
                cap: Some(3),
                ..Default::default()
            },
        ),
        (
            "page-size cap of 1",
            Behaviour {
                cap: Some(1),
                ..Default::default()
            },
        ),
        (
            "cap and wrong total",
            Behaviour {
                cap: Some(3),
                wrong_total: Some(3),
                ..Default::default()
            },
        ),
        (
            "cursor",
            Behaviour {
                cursor: true,
                ..Default::default()
            },
        ),
        (
            "cursor with cap",
            Behaviour {
                cursor: true,
                cap: Some(4),
                wrong_total: Some(1),
                ..Default::default()
            },
        ),
        (
            "everything at once",
            Behaviour {
                zero_based: true,
                report_start: true,
                wrong_total: Some(2),
                echo_items_per_page: true,
                lowercase_resources: true,
                cap: Some(6),
                ..Default::default()
            },
        ),
    ];
    for (name, behaviour) in cases {
        for n in [0, 1, 7, 10, 23] {
            let (c, log) = server(n, behaviour.clone());
            let got = collect(&c, ListQuery::new().count(10))
                .unwrap_or_else(|e| panic!("{name}, n={n}: {e}"));
            assert_eq!(got, expected(n), "{name}, n={n}");
            let requests = log.lock().unwrap().len();
            assert!(requests <= n + 2, "{name}, n={n}: {requests} requests");
        }
    }
}

#[test]
fn a_server_ignoring_start_index_is_an_error_not_a_loop() {
    let (c, log) = server(
        25,
        Behaviour {
            ignore_start_index: true,
            ..Default::default()
        },
    );
    let mut pager = c.users().pages(ListQuery::new().count(10));
    let mut ids = Vec::new();
    let err = block_on(async {
        loop {
            match pager.next().await {
                Some(Ok(u)) => ids.push(u.id.unwrap()),
                Some(Err(e)) => return e,
                None => panic!("ended without an error"),
            }
        }
    });
    assert_eq!(ids, expected(10), "the first page is yielded once");
    assert!(
        matches!(err, Error::Paging(PagingError::RepeatedPage { page: 2 })),
        "{err}"
    );
    assert!(err.to_string().contains("startIndex"), "{err}");
    assert!(block_on(pager.next()).is_none(), "finished after the error");
    assert_eq!(log.lock().unwrap().len(), 2);

    // Everything fits on the first page and totalResults agrees: no error.
    let (c, log) = server(
        6,
        Behaviour {
            ignore_start_index: true,
            ..Default::default()
        },
    );
    assert_eq!(
        collect(&c, ListQuery::new().count(10)).unwrap(),
        expected(6)
    );
    assert!(log.lock().unwrap().len() <= 2);
}

#[test]
fn a_cursor_that_never_advances_is_an_error() {
    let all = users(5);
    let (t, _) = recording(move |_| {
        Ok(json(
            200,
            json!({"Resources": all[..2], "nextCursor": "same"}),
        ))
    });
    let (c, _) = client(t);
    let err = block_on(c.users().pages(ListQuery::new()).try_collect()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Paging(PagingError::RepeatedCursor { .. } | PagingError::RepeatedPage { .. })
        ),
        "{err}"
    );
}

#[test]
fn an_endless_server_stops_at_the_page_limit() {
    let counter = Mutex::new(0u64);
    let (t, log) = recording(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 2;
        Ok(json(
            200,
            json!({"totalResults": 1_000_000, "Resources": [
                {"id": format!("x{}", *n), "userName": "a"},
                {"id": format!("y{}", *n), "userName": "b"}
            ]}),
        ))
    });
    let c = Client::builder(BASE.parse().unwrap())
        .max_pages(50)
        .build(t)
        .unwrap();
    let err = block_on(c.users().pages(ListQuery::new()).try_collect()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Paging(PagingError::TooManyPages { max_pages: 50 })
        ),
        "{err}"
    );
    assert_eq!(log.lock().unwrap().len(), 50);
    // The limit can be set per pager too.
    let err = block_on(c.users().pages(ListQuery::new()).max_pages(3).try_collect()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Paging(PagingError::TooManyPages { max_pages: 3 })
        ),
        "{err}"
    );
}

#[test]
fn cursor_pagination_on_request() {
    let (c, log) = server(
        12,
        Behaviour {
            cursor: true,
            ..Default::default()
        },
    );
    let users = block_on(
        c.users()
            .pages(ListQuery::new())
            .cursor()
            .page_size(5)
            .try_collect(),
    )
    .unwrap();
    assert_eq!(users.len(), 12);
    let sent = log.lock().unwrap();
    let cursors: Vec<Option<String>> = sent.iter().map(|r| param(r, "cursor")).collect();
    assert_eq!(
        cursors,
        [Some(String::new()), Some("c5".into()), Some("c10".into())]
    );
    assert!(
        sent[0]
            .uri()
            .query()
            .unwrap()
            .split('&')
            .any(|p| p == "cursor")
    );
    assert!(sent.iter().all(|r| param(r, "startIndex").is_none()));
    assert!(
        sent.iter()
            .all(|r| param(r, "count").as_deref() == Some("5"))
    );
}

#[test]
fn page_size_from_query_client_or_pager() {
    let (t, log) = recording(|_| Ok(json(200, json!({"Resources": []}))));
    let c = Client::builder(BASE.parse().unwrap())
        .page_size(250)
        .build(t)
        .unwrap();
    block_on(c.users().pages(ListQuery::new()).try_collect()).unwrap();
    block_on(c.users().pages(ListQuery::new().count(7)).try_collect()).unwrap();
    block_on(c.users().pages(ListQuery::new()).page_size(9).try_collect()).unwrap();
    let counts: Vec<_> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| param(r, "count").unwrap())
        .collect();
    assert_eq!(counts, ["250", "7", "9"]);
}

#[test]
fn filters_and_extra_parameters_are_kept_on_every_page() {
    let all = users(9);
    let (t, log) = recording(move |req| Ok(serve(&all, &Behaviour::default(), req)));
    let c = Client::builder(BASE.parse().unwrap())
        .query_param("Users", "tenant", "t1")
        .build(t)
        .unwrap();
    let q = ListQuery::new()
        .filter("userName sw \"user\"")
        .count(4)
        .attributes(["userName"]);
    assert_eq!(block_on(c.users().pages(q).try_collect()).unwrap().len(), 9);
    for req in log.lock().unwrap().iter() {
        assert_eq!(
            param(req, "filter").as_deref(),
            Some("userName sw \"user\"")
        );
        assert_eq!(param(req, "tenant").as_deref(), Some("t1"));
        assert_eq!(param(req, "attributes").as_deref(), Some("userName"));
    }
}

#[test]
fn search_pages_post_each_page() {
    let all = users(11);
    let (t, log) = recording(move |req| Ok(serve(&all, &Behaviour::default(), req)));
    let (c, _) = client(t);
    let mut search = SearchRequest::new();
    search.count = Some(4);
    let got = block_on(c.users().search_pages(&search).try_collect()).unwrap();
    assert_eq!(got.len(), 11);
    let sent = log.lock().unwrap();
    assert!(
        sent.iter()
            .all(|r| r.method() == Method::POST && r.uri().path() == "/v2/Users/.search")
    );
    let starts: Vec<Option<i64>> = sent
        .iter()
        .map(|r| {
            serde_json::from_slice::<SearchRequest>(r.body())
                .unwrap()
                .start_index
        })
        .collect();
    assert_eq!(starts[0], None);
    assert_eq!(starts[1], Some(4), "one before the end of the first page");
}

#[test]
fn pages_and_stream() {
    let (c, _) = server(7, Behaviour::default());
    let mut pager = c.users().pages(ListQuery::new().count(3));
    let mut sizes = Vec::new();
    block_on(async {
        while let Some(page) = pager.next_page().await {
            sizes.push(page.unwrap().len());
        }
    });
    assert_eq!(sizes.iter().sum::<usize>(), 7);
    assert_eq!(pager.total_results(), Some(7));
    assert!(pager.pages_fetched() >= 3);
    assert!(sizes.iter().all(|&s| s <= 3));

    let (c, _) = server(5, Behaviour::default());
    let mut stream = c
        .resources::<Resource>("Users")
        .pages(ListQuery::new().count(2));
    let mut n = 0;
    block_on(std::future::poll_fn(|cx| {
        use futures_core::Stream;
        loop {
            match std::pin::Pin::new(&mut stream).poll_next(cx) {
                std::task::Poll::Ready(Some(item)) => {
                    item.unwrap();
                    n += 1;
                }
                std::task::Poll::Ready(None) => return std::task::Poll::Ready(()),
                std::task::Poll::Pending => return std::task::Poll::Pending,
            }
        }
    }));
    assert_eq!(n, 5);
}

#[test]
fn errors_stop_the_pager() {
    let calls = Mutex::new(0);
    let (t, _) = recording(move |_| {
        let mut n = calls.lock().unwrap();
        *n += 1;
        Ok(if *n == 1 {
            json(
                200,
                json!({"Resources": [{"id": "1", "userName": "a"}, {"id": "2", "userName": "b"}]}),
            )
        } else {
            crate::support::scim_error(400, Some("invalidFilter"), "bad")
        })
    });
    let (c, _) = client(t);
    let mut pager = c.users().pages(ListQuery::new());
    block_on(async {
        assert!(pager.next().await.unwrap().is_ok());
        assert!(pager.next().await.unwrap().is_ok());
        let err = pager.next().await.unwrap().unwrap_err();
        assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
        assert!(pager.next().await.is_none());
    });
    let _: Option<User> = None;
}
