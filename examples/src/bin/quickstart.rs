//! Provision a small directory into the in-memory emulation of a target,
//! change the directory, and sync again.
//!
//! ```sh
//! cargo run -p scim-examples --bin quickstart            # monday.com
//! cargo run -p scim-examples --bin quickstart smartsheet # or sparkpost, generic
//! ```
//!
//! Nothing leaves the process: the target is `scim_client`'s in-memory
//! service provider, set up by the profile to behave as the vendor
//! documents (Smartsheet deleting on `active: false`, monday.com taking
//! `active` only by PATCH, SparkPost without groups, …).

use std::error::Error;
use std::sync::Arc;

use scim_profiles::connector::{
    Connector, ConnectorOptions, Directory, DirectoryGroup, EventLog, Plan,
};
use scim_profiles::scim_client::{Auth, Client};
use scim_profiles::smartsheet::{RoleCode, SeatMapping};
use scim_profiles::{BUILT_IN, DirectoryProperty as P, DirectoryUser, Profile};

fn person(first: &str, last: &str, title: &str) -> Result<DirectoryUser, Box<dyn Error>> {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    Ok(DirectoryUser::new()
        .with(P::Username, login.as_str())?
        .with(P::Email, login.as_str())?
        .with(P::FirstName, first)?
        .with(P::LastName, last)?
        .with(P::Title, title)?)
}

fn directory() -> Result<Directory, Box<dyn Error>> {
    let mut dir = Directory::new();
    dir.insert_user("u1", person("Barbara", "Jensen", "Engineer")?);
    dir.insert_user("u2", person("Jim", "Smith", "Engineer")?);
    dir.insert_user("u3", person("Ana", "Lopez", "Account executive")?);
    dir.insert_user("u4", person("Kenji", "Sato", "Support lead")?);
    dir.insert_user("u5", person("Priya", "Raman", "Designer")?);
    dir.insert_group(DirectoryGroup::new("g1", "Engineering").with_members(["u1", "u2"]));
    dir.insert_group(DirectoryGroup::new("g2", "Sales").with_members(["u3"]));
    dir.insert_group(DirectoryGroup::new("g3", "Support").with_members(["u4", "u2"]));
    // Not bound to the application: Priya is not provisioned.
    dir.insert_group(
        DirectoryGroup::new("g4", "Contractors")
            .with_members(["u5"])
            .bound(false),
    );
    Ok(dir)
}

fn show_plan(title: &str, plan: &Plan) {
    println!("\n== {title}: {} operation(s)", plan.operations().len());
    print!("{plan}");
}

fn main() -> Result<(), Box<dyn Error>> {
    let wanted = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "monday".to_owned());
    let profile: &Profile = BUILT_IN
        .iter()
        .copied()
        .find(|p| p.name == wanted.as_str())
        .ok_or_else(|| {
            format!("unknown profile {wanted:?}; try smartsheet, sparkpost, monday or generic")
        })?;
    println!(
        "Target: the in-memory emulation of {}",
        profile.display_name
    );

    let token = "quickstart-token";
    let target = profile.emulator().bearer_token(token).build();
    let client = Client::builder(target.base_url().clone())
        .auth(Auth::bearer(token)?)
        .build(target.clone())?;
    let log = Arc::new(EventLog::new());
    let mut connector = Connector::new(client, profile)
        .with_seats(SeatMapping::new().group("Engineering", RoleCode::LicensedUser))
        .with_sink(log.clone())
        .with_options(
            ConnectorOptions::default()
                .allow_destructive(true)
                .concurrency(4),
        );

    pollster::block_on(async {
        let checked = connector.activate().await?;
        println!("Connection checked with {checked}");

        let mut dir = directory()?;
        let plan = connector.plan(&dir).await?;
        show_plan("initial plan", &plan);
        let report = connector.apply(&plan).await;
        println!("\n{report}");
        if !report.is_success() {
            return Err("the initial sync did not complete".into());
        }

        // The directory changes.
        if let Some(sales) = dir.group_mut("g2") {
            sales.name = "Sales EMEA".to_owned();
        }
        if let Some(kenji) = dir.user_mut("u4") {
            kenji.set(P::Suspended, true)?;
        }
        if let Some(eng) = dir.group_mut("g1") {
            eng.members.remove("u1");
        }
        dir.remove_group("g3");
        log.take();

        let plan = connector.plan(&dir).await?;
        show_plan("after the changes", &plan);
        let report = connector.apply(&plan).await;
        println!("\nEvents:");
        for event in log.events() {
            println!("  {event}");
        }
        println!("\n{report}");
        if !report.is_success() {
            return Err("the second sync did not complete".into());
        }

        // In line with the directory: nothing left to do.
        let plan = connector.plan(&dir).await?;
        println!(
            "A third run plans {} operation(s).",
            plan.operations().len()
        );
        if !plan.is_empty() {
            return Err(format!("the target did not converge:\n{plan}").into());
        }
        println!(
            "Requests the target answered: {}",
            target.counters().requests
        );
        Ok::<(), Box<dyn Error>>(())
    })
}
