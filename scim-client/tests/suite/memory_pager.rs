//! The client's pager against the in-memory provider configured with each
//! paging misbehaviour: every resource exactly once, or a clear error, and
//! a bounded number of requests.

use std::collections::BTreeSet;
use std::time::Duration;

use scim_client::memory::{Faults, MemoryProvider, Quirks, TotalResults};
use scim_client::{Client, Error, ListQuery, PagingError, RetryPolicy};
use scim_core::SearchRequest;
use scim_core::schema::urn;
use serde_json::json;

use crate::support::{BASE, FakeClock, block_on};

/// A provider holding `n` users, and a client over it paging by `page`.
fn setup(quirks: Quirks, n: usize, page: u64) -> (MemoryProvider, Client<MemoryProvider>) {
    let provider = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .quirks(Quirks::rfc())
        .build();
    for i in 0..n {
        provider
            .insert(
                "User",
                json!({"schemas": [urn::USER], "userName": format!("user{i:04}")}),
            )
            .unwrap();
    }
    // Quirks apply to requests only; set them after seeding.
    provider.set_quirks(quirks);
    let client = Client::builder(BASE.parse().unwrap())
        .page_size(page)
        .sleep(FakeClock::default())
        .retry(RetryPolicy::new().jitter(false))
        .build(provider.clone())
        .unwrap();
    (provider, client)
}

fn all_ids(provider: &MemoryProvider) -> BTreeSet<String> {
    provider
        .snapshot()
        .resources("User")
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Pages through every user; checks that no id repeats and that the
/// number of requests stays bounded.
fn collect(
    provider: &MemoryProvider,
    client: &Client<MemoryProvider>,
    search: bool,
) -> Result<BTreeSet<String>, Error> {
    provider.reset_log();
    let users = if search {
        block_on(
            client
                .users()
                .search_pages(&SearchRequest::new())
                .try_collect(),
        )
    } else {
        block_on(client.users().pages(ListQuery::new()).try_collect())
    };
    let n = provider.len("User") as u64;
    let requests = provider.counters().requests;
    assert!(requests <= 2 * n + 4, "{requests} requests for {n} users");
    let users = users?;
    let ids: Vec<String> = users.iter().map(|u| u.id.clone().unwrap()).collect();
    let set: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "a user was yielded twice");
    Ok(set)
}

/// The behaviours after which paging must still yield every user.
fn survivable() -> Vec<(&'static str, Quirks)> {
    vec![
        ("rfc", Quirks::rfc()),
        ("0-based index", Quirks::rfc().zero_based_index(true)),
        (
            "totalResults = page length",
            Quirks::rfc().total_results(TotalResults::PageLength),
        ),
        (
            "totalResults too small",
            Quirks::rfc().total_results(TotalResults::Offset(-3)),
        ),
        (
            "totalResults too large",
            Quirks::rfc().total_results(TotalResults::Offset(50)),
        ),
        (
            "totalResults fixed at 1",
            Quirks::rfc().total_results(TotalResults::Fixed(1)),
        ),
        (
            "no totalResults",
            Quirks::rfc().total_results(TotalResults::Absent),
        ),
        (
            "itemsPerPage echoes count",
            Quirks::rfc().items_per_page_echoes_count(true),
        ),
        (
            "lowercase resources",
            Quirks::rfc().lowercase_resources(true),
        ),
        ("page size cap", Quirks::rfc().page_size_cap(2)),
        (
            "all at once",
            Quirks::rfc()
                .zero_based_index(true)
                .page_size_cap(2)
                .items_per_page_echoes_count(true)
                .lowercase_resources(true)
                .total_results(TotalResults::PageLength),
        ),
    ]
}

#[test]
fn every_user_exactly_once_despite_bad_paging() {
    for (name, quirks) in survivable() {
        for n in [0, 1, 4, 5, 6, 23] {
            for search in [false, true] {
                let (provider, client) = setup(quirks.clone(), n, 5);
                let got = collect(&provider, &client, search)
                    .unwrap_or_else(|e| panic!("{name}, {n} users, search {search}: {e}"));
                assert_eq!(
                    got,
                    all_ids(&provider),
                    "{name}, {n} users, search {search}"
                );
            }
        }
    }
}

#[test]
fn ignored_start_index_is_a_clear_error() {
    for search in [false, true] {
        // Everything fits on the first page: nothing to detect.
        let (provider, client) = setup(Quirks::rfc().ignore_start_index(true), 4, 5);
        assert_eq!(
            collect(&provider, &client, search).unwrap(),
            all_ids(&provider)
        );
        // More than a page: the second page repeats the first.
        let (provider, client) = setup(Quirks::rfc().ignore_start_index(true), 12, 5);
        match collect(&provider, &client, search) {
            Err(Error::Paging(PagingError::RepeatedPage { page })) => assert_eq!(page, 2),
            other => panic!("expected a repeated page, got {other:?}"),
        }
        assert!(provider.counters().requests <= 3);
    }
}

#[test]
fn ignored_start_index_with_wrong_totals_still_stops() {
    // With totalResults equal to the page length as well, the repeated page
    // is longer than anything the server could send from the requested
    // index, so it is not taken as confirmation that the list is complete.
    for total in [
        TotalResults::Fixed(1_000_000),
        TotalResults::Absent,
        TotalResults::PageLength,
    ] {
        let quirks = Quirks::rfc()
            .ignore_start_index(true)
            .total_results(total)
            .items_per_page_echoes_count(true);
        let (provider, client) = setup(quirks, 12, 5);
        let result = collect(&provider, &client, false);
        assert!(
            matches!(result, Err(Error::Paging(_))),
            "{total:?}: {result:?}"
        );
    }
}

#[test]
fn unprovisioned_users_need_the_extra_parameter() {
    let (provider, _) = setup(Quirks::rfc(), 0, 5);
    for i in 0..7 {
        provider
            .insert(
                "User",
                json!({"schemas": [urn::USER], "userName": format!("scim{i}")}),
            )
            .unwrap();
        provider
            .insert_unprovisioned(
                "User",
                json!({"schemas": [urn::USER], "userName": format!("legacy{i}")}),
            )
            .unwrap();
    }
    provider.set_quirks(Quirks::rfc().hide_unprovisioned_unless("scim_provisioned_only", "false"));
    let plain = Client::builder(BASE.parse().unwrap())
        .page_size(3)
        .build(provider.clone())
        .unwrap();
    assert_eq!(collect(&provider, &plain, false).unwrap().len(), 7);
    let revealing = Client::builder(BASE.parse().unwrap())
        .page_size(3)
        .query_param("Users", "scim_provisioned_only", "false")
        .build(provider.clone())
        .unwrap();
    assert_eq!(
        collect(&provider, &revealing, false).unwrap(),
        all_ids(&provider)
    );
}

#[test]
fn paging_through_rate_limits_and_server_errors() {
    let quirks = Quirks::rfc()
        .rate_limit(3, Duration::from_secs(1))
        .faults(Faults::seeded(11).server_errors(0.1));
    let (provider, client) = setup(quirks, 40, 4);
    let got = collect(&provider, &client, false).unwrap();
    assert_eq!(got, all_ids(&provider));
    let c = provider.counters();
    assert!(c.throttled > 0 && c.faults > 0, "{c:?}");
}

#[test]
fn pager_over_a_large_store_with_a_small_cap() {
    // The cap is far below the page size asked for.
    let (provider, client) = setup(
        Quirks::rfc().page_size_cap(7).zero_based_index(true),
        300,
        100,
    );
    assert_eq!(
        collect(&provider, &client, false).unwrap(),
        all_ids(&provider)
    );
}

/// The example of the crate README.
#[test]
fn readme_example() {
    use scim_client::memory::MemoryProvider;
    let provider = MemoryProvider::builder()
        .quirks(
            Quirks::rfc()
                .page_size_cap(50)
                .total_results(TotalResults::PageLength),
        )
        .build();
    provider
        .insert(
            "User",
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}),
        )
        .unwrap();
    let client = Client::builder("http://localhost/".parse().unwrap())
        .build(provider.clone())
        .unwrap();
    let users = block_on(client.users().pages(ListQuery::new()).try_collect()).unwrap();
    assert_eq!(users.len(), 1);
    // The second GET finds nothing new.
    assert_eq!(provider.counters().gets, 2);
}
