//! Provisions directory users into an emulated Smartsheet: seats from
//! directory groups, request bodies shaped by the Smartsheet profile, and
//! the destructive deprovisioning Smartsheet documents.
//!
//! Run with `cargo run -p scim-examples --bin smartsheet_seats`.

use scim_client::{Auth, Client};
use scim_profiles::smartsheet::{self, RoleCode, SeatMapping, roles_of, seat_of};
use scim_profiles::{DeprovisionRequest, DirectoryProperty as P, DirectoryUser, Selection};
use serde_json::Value;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // The target: Smartsheet US, v2, emulated in memory.
    let base = smartsheet::Site::default().base_url();
    let provider = smartsheet::PROFILE
        .emulator()
        .base_url(base.clone())
        .bearer_token("example-token")
        .build();
    let client = Client::builder(base)
        .auth(Auth::bearer("example-token")?)
        .build(provider.clone())?;
    let users = client.resources::<Value>("Users");

    // Which directory groups give which Smartsheet role.
    let seats = SeatMapping::new()
        .group("Smartsheet licensed", RoleCode::LicensedUser)
        .group("Smartsheet admins", RoleCode::UserAdmin);
    let selection = Selection::new(&smartsheet::PROFILE);

    // A directory user in the licensed group, with a manager that the
    // directory-driven Smartsheet mapping leaves out.
    let mut user = DirectoryUser::new()
        .with(P::Username, "bjensen@example.com")?
        .with(P::Email, "bjensen@example.com")?
        .with(P::FirstName, "Barbara")?
        .with(P::LastName, "Jensen")?
        .with(P::MobilePhone, "+1 555 0101")?
        .with(P::Manager, "jsmith")?;
    user.add_group("Smartsheet licensed");

    let plan = seats.plan(&user, None);
    println!("new user: {}", plan.change);
    let roles = plan.roles_to_send().unwrap_or_default();
    let shaped = selection.shaper().with_roles(roles).create(&user)?;
    for dropped in &shaped.dropped {
        println!("  not sent: {dropped}");
    }
    let created = users.create(&shaped.body).await?.resource;
    let id = created
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let roles = created.get("roles").cloned().unwrap_or_default();
    println!("  created {id} with roles {roles}");

    // The user leaves the licensed group: Member -> Contributor.
    let mut moved = user.clone();
    moved.remove(&P::Manager);
    moved.remove_group("Smartsheet licensed");
    moved.add_group("Smartsheet admins");
    let current = users.get(&id).await?.resource;
    let plan = seats.plan(&moved, Some(seat_of(roles_of(&current))));
    println!("moved to the admins group: {}", plan.change);
    if let Some(roles) = plan.roles_to_send() {
        let patch = selection
            .shaper()
            .with_roles(roles)
            .patch(&moved, &current)?
            .body;
        println!("  PATCH {}", serde_json::to_string(&patch)?);
        users.patch(&id, &patch).await?;
    }

    // Deprovisioning deletes on Smartsheet: a connector asks first.
    let deprovisioning = smartsheet::PROFILE.deprovisioning();
    println!(
        "deprovisioning is {}destructive",
        if deprovisioning.effect.is_destructive() {
            ""
        } else {
            "not "
        }
    );
    if let DeprovisionRequest::Patch(op) = deprovisioning.request {
        users.patch(&id, &op).await?;
    }
    println!(
        "  user still on Smartsheet: {}",
        provider.get("User", &id).is_some()
    );
    Ok(())
}
