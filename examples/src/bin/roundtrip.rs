//! Builds a User with the enterprise extension, reads it back from JSON
//! written in an identity provider's mixed-case dialect, and shows that
//! nothing is lost on the way.
//!
//! Run with `cargo run -p scim-examples --bin roundtrip`.

// `serde_json::Value` indexing by name never panics (a missing key is Null).
#![allow(clippy::indexing_slicing)]

use scim_core::{Email, Name, User};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Build a user in code.
    let mut user = User::new("bjensen@example.com");
    user.external_id = Some("701984".into());
    user.name = Some(Name {
        given_name: Some("Barbara".into()),
        family_name: Some("Jensen".into()),
        ..Name::default()
    });
    user.active = Some(true);
    user.emails.push(
        Email::new("bjensen@example.com")
            .with_type("work")
            .with_primary(true),
    );
    let ent = user.enterprise_mut();
    ent.department = Some("Tour Operations".into());
    ent.cost_center = Some("4130".into());

    let json = serde_json::to_string_pretty(&user)?;
    println!("A new user, as sent to a service provider:\n{json}\n");

    // 2. Read what a service provider might answer: attribute names in any
    //    case, a vendor attribute and a vendor extension we do not model.
    let answer = r#"{
        "Schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                    "urn:example:params:scim:schemas:Badge"],
        "ID": "2819c223-7f76-453a-919d-413861904646",
        "UserName": "bjensen@example.com",
        "Name": {"GivenName": "Barbara", "FamilyName": "Jensen"},
        "Emails": [{"Value": "bjensen@example.com", "Type": "work", "Primary": true}],
        "Active": true,
        "x-vendor-seat": "pro",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"Department": "Tour Operations"},
        "urn:example:params:scim:schemas:Badge": {"badge": 7},
        "Meta": {"ResourceType": "User", "Created": "2010-01-23T05:56:22+01:00"}
    }"#;
    let back: User = scim_core::from_str(answer)?;
    println!(
        "Read back: id={:?}, userName={}, primary email={:?}, department={:?}",
        back.id,
        back.user_name,
        back.primary_email(),
        back.enterprise
            .as_ref()
            .and_then(|e| e.department.as_deref()),
    );
    let created = back.meta.as_ref().and_then(|m| m.created.as_ref());
    println!(
        "Created at {:?} (as an instant: {} s since the epoch)",
        created.map(ToString::to_string),
        created.map_or(0, scim_core::DateTime::unix_seconds)
    );

    // 3. Write it back: canonical names, unknown attributes kept.
    let written = serde_json::to_value(&back)?;
    assert_eq!(written["x-vendor-seat"], "pro");
    assert_eq!(written["urn:example:params:scim:schemas:Badge"]["badge"], 7);
    println!(
        "\nWritten back in canonical form:\n{}",
        serde_json::to_string_pretty(&written)?
    );

    // 4. A malformed answer is an error naming the attribute.
    let bad = r#"{"userName": "x", "emails": [{"value": "a@b.c", "primary": "yes"}]}"#;
    match scim_core::from_str::<User>(bad) {
        Ok(_) => return Err("a string was accepted as a boolean".into()),
        Err(err) => println!("\nA bad answer: {err} (scimType {})", err.scim_type()),
    }
    Ok(())
}
