//! What a sync costs on the emulation: requests per user for an initial
//! sync, and writes for a sync with no change.

use crate::connector_support::*;

#[test]
fn initial_sync_of_10000_users_costs_about_one_request_per_user() {
    const USERS: usize = 10_000;
    // monday.com: lists need its extra parameter, and active only by PATCH.
    let name = "monday";
    {
        let profile = profile(name);
        let mut s = Setup::new(profile);
        let dir = big_directory(USERS);
        let report = s.sync(&dir);
        assert!(report.is_success(), "{name}: {report}");
        assert_eq!(s.target.len("User"), USERS);
        let initial = s.target.counters();
        // The listing pages: users and groups, each ending on a short page.
        let pages = initial.gets;
        let per_user = (initial.requests - pages) as f64 / USERS as f64;
        println!(
            "{name}: initial sync of {USERS} users: {} requests ({} listing pages, {} writes), {per_user:.4} requests per user besides the listing",
            initial.requests, pages, initial.writes
        );
        assert!(per_user <= 1.05, "{name}: {initial:?}");

        let report = s.sync(&dir);
        let second = s.target.counters();
        println!(
            "{name}: second sync: {} requests ({} listing pages), {} writes",
            second.requests - initial.requests,
            second.gets - initial.gets,
            second.writes - initial.writes
        );
        assert_eq!(second.writes, initial.writes, "{name}: {report}");
        assert_eq!(
            second.requests - initial.requests,
            second.gets - initial.gets
        );
    }
}
