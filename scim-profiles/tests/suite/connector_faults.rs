//! The connector under failures: retried rate limits and unavailability,
//! hard failures fixed by the next run, and never a delete the plan did not
//! list.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use scim_client::http;
use scim_client::memory::MemoryProvider;
use scim_client::transport::{HttpRequest, HttpResponse, Transport};
use scim_profiles::connector::{
    Connector, ConnectorOptions, DeprovisionGuard, EventLog, OperationKind,
};
use scim_profiles::{DirectoryProperty as P, Profile};

use crate::connector_support::*;

/// Fails requests before they reach the target: every 20th with 429 and
/// `Retry-After: 0` or 503 by turns (5 %) while `soft` is set, every 7th
/// with 500 while `hard` is set.
#[derive(Clone)]
struct Flaky {
    inner: MemoryProvider,
    sent: Arc<AtomicU64>,
    soft: Arc<AtomicBool>,
    hard: Arc<AtomicBool>,
    refused: Arc<AtomicU64>,
}

fn refusal(status: u16) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("retry-after", "0")
        .body(Vec::new())
        .unwrap()
}

impl Flaky {
    fn new(inner: MemoryProvider) -> Flaky {
        Flaky {
            inner,
            sent: Arc::default(),
            soft: Arc::new(AtomicBool::new(true)),
            hard: Arc::default(),
            refused: Arc::default(),
        }
    }

    async fn send(
        &self,
        request: HttpRequest,
    ) -> Result<HttpResponse, scim_client::memory::MemoryError> {
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        if self.soft.load(Ordering::SeqCst) && n % 20 == 19 {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return Ok(refusal(if n % 40 == 19 { 429 } else { 503 }));
        }
        let write = request.method() != http::Method::GET;
        if self.hard.load(Ordering::SeqCst) && write && n % 7 == 3 {
            return Ok(refusal(500));
        }
        self.inner.send(request).await
    }
}

fn connector(profile: &'static Profile, flaky: &Flaky) -> (Connector, Arc<EventLog>) {
    let log = Arc::new(EventLog::new());
    let transport = {
        let flaky = flaky.clone();
        move |request: HttpRequest| {
            let flaky = flaky.clone();
            async move { flaky.send(request).await }
        }
    };
    let connector = Connector::new(client(flaky.inner.base_url(), transport), profile)
        .with_sink(log.clone())
        .with_options(
            ConnectorOptions::default()
                .allow_destructive(true)
                .guard(DeprovisionGuard::disabled()),
        );
    (connector, log)
}

#[test]
fn rate_limits_and_unavailability_are_retried_to_completion() {
    for profile in profiles() {
        let flaky = Flaky::new(emulator(profile).build());
        let (mut connector, _) = connector(profile, &flaky);
        let mut dir = big_directory(300);
        let report = pollster::block_on(connector.sync(&dir)).unwrap();
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(flaky.inner.len("User"), 300, "{}", profile.name);
        // Updates and deprovisioning through the same faults.
        for i in 0..20 {
            let user = dir.user_mut(&format!("u{i}")).unwrap();
            user.set(P::Suspended, true).unwrap();
        }
        let report = pollster::block_on(connector.sync(&dir)).unwrap();
        assert!(report.is_success(), "{}: {report}", profile.name);
        let refused = flaky.refused.load(Ordering::SeqCst);
        let sent = flaky.sent.load(Ordering::SeqCst);
        println!(
            "{}: {refused} of {sent} requests refused with 429/503, all retried",
            profile.name
        );
        assert!(
            refused * 25 >= sent,
            "{}: too few faults to test",
            profile.name
        );
    }
}

#[test]
fn a_second_run_fixes_what_hard_failures_left_and_nothing_unplanned_is_deleted() {
    for profile in profiles() {
        let flaky = Flaky::new(emulator(profile).build());
        flaky.soft.store(false, Ordering::SeqCst);
        flaky.hard.store(true, Ordering::SeqCst);
        let (mut connector, _) = connector(profile, &flaky);
        let mut dir = directory();
        for i in 0..40 {
            dir.insert_user(format!("x{i}"), person(&format!("extra{i}")));
            dir.group_mut("g1").unwrap().members.insert(format!("x{i}"));
        }
        let mut planned_deletes = 0;
        let plan = pollster::block_on(connector.plan(&dir)).unwrap();
        planned_deletes +=
            plan.count(OperationKind::DeleteUser) + plan.count(OperationKind::DeleteGroup);
        let report = pollster::block_on(connector.apply(&plan));
        assert!(
            report.failed() > 0,
            "{}: no failure injected: {report}",
            profile.name
        );

        // Change the directory while failures go on.
        dir.remove_user("x0");
        dir.user_mut("x1").unwrap().set(P::Suspended, true).unwrap();
        let plan = pollster::block_on(connector.plan(&dir)).unwrap();
        planned_deletes +=
            plan.count(OperationKind::DeleteUser) + plan.count(OperationKind::DeleteGroup);
        pollster::block_on(connector.apply(&plan));

        // Failures stop: the next run converges, the one after has nothing to do.
        flaky.hard.store(false, Ordering::SeqCst);
        let plan = pollster::block_on(connector.plan(&dir)).unwrap();
        planned_deletes +=
            plan.count(OperationKind::DeleteUser) + plan.count(OperationKind::DeleteGroup);
        let report = pollster::block_on(connector.apply(&plan));
        assert!(report.is_success(), "{}: {report}", profile.name);
        let plan = pollster::block_on(connector.plan(&dir)).unwrap();
        assert!(plan.is_empty(), "{}: not converged: {plan}", profile.name);

        let active: Vec<String> = flaky
            .inner
            .snapshot()
            .resources("User")
            .iter()
            .filter(|u| u["active"] != false)
            .map(|u| u["userName"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(active.len(), 3 + 40 - 2, "{}", profile.name);
        // Deletes seen by the target: only those the plans listed (a
        // deactivation that deletes counts as a deprovision, not a DELETE).
        let deletes = flaky.inner.counters().deletes as usize;
        assert!(
            deletes <= planned_deletes,
            "{}: {deletes} > {planned_deletes}",
            profile.name
        );
    }
}

#[test]
fn users_created_whose_answer_was_lost_are_taken_over_not_duplicated() {
    use scim_client::memory::Faults;
    for profile in profiles() {
        let quirks = profile
            .emulation_quirks()
            .faults(Faults::seeded(11).malformed_bodies(0.2));
        let target = emulator(profile).quirks(quirks).build();
        let mut s = Setup::with_target(profile, target);
        let dir = big_directory(60);
        let report = s.sync(&dir);
        assert!(report.failed() > 0, "{}: no fault: {report}", profile.name);
        s.target.set_quirks(profile.emulation_quirks());
        let report = s.sync(&dir);
        assert!(report.is_success(), "{}: {report}", profile.name);
        assert_eq!(s.users().len(), 60, "{}: duplicated or lost", profile.name);
        let plan = s.plan(&dir);
        assert!(plan.is_empty(), "{}: {plan}", profile.name);
        if profile.capabilities.groups {
            assert_eq!(s.members("Everyone").len(), 60, "{}", profile.name);
        }
    }
}
