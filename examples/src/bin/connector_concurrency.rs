//! Measures the connector's bounded concurrency: creating users in a target
//! that takes a fixed time to answer each request, one request at a time
//! and sixteen at a time.
//!
//! ```sh
//! cargo run --release -p scim-examples --bin connector_concurrency            # 10000 users, 5 ms
//! cargo run --release -p scim-examples --bin connector_concurrency 2000 5     # users, latency in ms
//! ```
//!
//! The target is `scim_client`'s in-memory provider with a delay injected
//! into every answer (slept on tokio's timer), so the figures measure how
//! well the connector overlaps requests, not the provider's speed.

use std::error::Error;
use std::time::{Duration, Instant};

use scim_client::Client;
use scim_client::memory::{Faults, MemoryProvider, Quirks};
use scim_profiles::connector::{Connector, ConnectorOptions, Directory, DirectoryGroup};
use scim_profiles::{DirectoryProperty as P, DirectoryUser, generic};

fn directory(users: usize) -> Result<Directory, Box<dyn Error>> {
    let mut dir = Directory::new();
    let mut everyone = DirectoryGroup::new("all", "Everyone");
    for i in 0..users {
        let login = format!("user{i}@example.com");
        let user = DirectoryUser::new()
            .with(P::Username, login.as_str())?
            .with(P::Email, login.as_str())?;
        dir.insert_user(format!("u{i}"), user);
        everyone.members.insert(format!("u{i}"));
    }
    // Unbound: only the users are created, so every request is a create.
    dir.insert_group(everyone.bound(true));
    dir.set_group_management(false);
    Ok(dir)
}

/// Creates every user of `dir` at `concurrency`; the time the writes took.
async fn run(
    dir: &Directory,
    latency: Duration,
    concurrency: usize,
) -> Result<Duration, Box<dyn Error>> {
    let target = MemoryProvider::builder()
        .quirks(Quirks::rfc().faults(Faults::seeded(1).delays(1.0, latency)))
        .sleep(tokio::time::sleep)
        .build();
    let client = Client::builder(target.base_url().clone()).build(target.clone())?;
    let mut connector = Connector::new(client, &generic::PROFILE)
        .with_options(ConnectorOptions::default().concurrency(concurrency));
    let plan = connector.plan(dir).await?;
    let started = Instant::now();
    let report = connector.apply(&plan).await;
    let took = started.elapsed();
    if !report.is_success() {
        return Err(format!("the run failed: {report}").into());
    }
    Ok(took)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let users: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let latency = Duration::from_millis(args.next().map_or(Ok(5), |a| a.parse())?);
    let dir = directory(users)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    println!("{users} creates, {latency:?} per request:");
    let mut first = None;
    for concurrency in [1, 16] {
        let took = runtime.block_on(run(&dir, latency, concurrency))?;
        let per_second = users as f64 / took.as_secs_f64();
        print!("  concurrency {concurrency:>2}: {took:>10.2?} ({per_second:.0} creates/s)");
        match first {
            None => first = Some(took),
            Some(base) => print!(", {:.1}x faster", base.as_secs_f64() / took.as_secs_f64()),
        }
        println!();
    }
    Ok(())
}
