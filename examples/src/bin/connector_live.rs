//! The quickstart's directory against a real service, through the reqwest
//! transport.
//!
//! ```sh
//! SCIM_BASE_URL=https://acme.monday.com/scim/v2/ \
//! SCIM_TOKEN=… \
//! SCIM_PROFILE=monday \
//!   cargo run -p scim-examples --bin connector_live            # check and plan only
//! # … -- --apply                      send the plan, change the directory, sync again
//! # … -- --apply --allow-destructive  also delete users where the service deletes
//! ```
//!
//! To try it without a vendor account, serve the in-memory provider over
//! HTTP with the `endpoint` example and point `SCIM_BASE_URL` at it:
//!
//! ```sh
//! cargo run -p scim-examples --bin endpoint -- --port 8080 --token s3cret &
//! SCIM_BASE_URL=http://127.0.0.1:8080/scim/v2/ SCIM_TOKEN=s3cret \
//!   cargo run -p scim-examples --bin connector_live -- --apply
//! ```
//!
//! Without `--apply` nothing is written: the connection is checked and the
//! plan printed. The users it provisions are `*@example.com` test users,
//! and the second sync deprovisions some of them, as the quickstart does.
//! The token is read from the environment and never printed.

use std::error::Error;
use std::sync::Arc;

use scim_client::reqwest::ReqwestTransport;
use scim_client::retry::TokioSleep;
use scim_client::{Auth, Client};
use scim_profiles::connector::{Connector, ConnectorOptions, Directory, DirectoryGroup, EventLog};
use scim_profiles::{AuthScheme, BUILT_IN, DirectoryProperty as P, DirectoryUser, Profile};

fn env(name: &str) -> Result<String, Box<dyn Error>> {
    std::env::var(name).map_err(|_| format!("set {name} (see the top of connector_live.rs)").into())
}

fn person(first: &str, last: &str) -> Result<DirectoryUser, Box<dyn Error>> {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    Ok(DirectoryUser::new()
        .with(P::Username, login.as_str())?
        .with(P::Email, login.as_str())?
        .with(P::FirstName, first)?
        .with(P::LastName, last)?)
}

fn directory() -> Result<Directory, Box<dyn Error>> {
    let mut dir = Directory::new();
    dir.insert_user("u1", person("Barbara", "Jensen")?);
    dir.insert_user("u2", person("Jim", "Smith")?);
    dir.insert_user("u3", person("Ana", "Lopez")?);
    dir.insert_group(DirectoryGroup::new("g1", "SCIM test Engineering").with_members(["u1", "u2"]));
    dir.insert_group(DirectoryGroup::new("g2", "SCIM test Sales").with_members(["u3", "u2"]));
    Ok(dir)
}

async fn run() -> Result<(), Box<dyn Error>> {
    let base = env("SCIM_BASE_URL")?.parse()?;
    let token = env("SCIM_TOKEN")?;
    let wanted = std::env::var("SCIM_PROFILE").unwrap_or_else(|_| "generic".to_owned());
    let profile: &Profile = BUILT_IN
        .iter()
        .copied()
        .find(|p| p.name == wanted.as_str())
        .ok_or_else(|| {
            format!("unknown SCIM_PROFILE {wanted:?}: smartsheet, sparkpost, monday or generic")
        })?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let apply = args.iter().any(|a| a == "--apply");
    let destructive = args.iter().any(|a| a == "--allow-destructive");

    let auth = match profile.default_auth() {
        AuthScheme::RawAuthorization => Auth::authorization(&token)?,
        _ => Auth::bearer(&token)?,
    };
    let client = Client::builder(base)
        .auth(auth)
        .sleep(TokioSleep)
        .build(ReqwestTransport::new()?)?;
    let log = Arc::new(EventLog::new());
    let mut connector = Connector::new(client, profile)
        .with_sink(log.clone())
        .with_options(ConnectorOptions::default().allow_destructive(destructive));

    let checked = connector.activate().await?;
    println!(
        "{}: connection checked with {checked}",
        profile.display_name
    );
    let mut dir = directory()?;
    let plan = connector.plan(&dir).await?;
    println!("\nPlan:\n{plan}");
    if !apply {
        println!("Dry run: nothing was written (pass --apply to send the plan).");
        return Ok(());
    }
    println!("{}", connector.apply(&plan).await);

    if let Some(sales) = dir.group_mut("g2") {
        sales.name = "SCIM test Sales EMEA".to_owned();
        sales.members.remove("u2");
    }
    if let Some(ana) = dir.user_mut("u3") {
        ana.set(P::Suspended, true)?;
    }
    dir.remove_group("g1");
    log.take();
    let report = connector.sync(&dir).await?;
    println!("Events of the second sync:");
    for event in log.events() {
        println!("  {event}");
    }
    println!("\n{report}");
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run())
}
