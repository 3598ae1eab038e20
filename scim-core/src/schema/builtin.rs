//! The schemas RFC 7643 defines, kept as JSON data and parsed once.
//!
//! The files under `core/` are the User, Group and enterprise User schemas as
//! RFC 7643 §8.7.1 lists them, plus the common attributes of §3.1 (which
//! §8.7.1 does not list). They are read on first use; a file that failed to
//! parse would leave its schema empty rather than panic, and the unit tests
//! below prove that every file parses and writes back unchanged.
//!
//! The corrections applied after parsing, and the oddities kept, are
//! documented on the public [`schema`](crate::schema) module.

use std::sync::OnceLock;

use super::{Attribute, Schema, urn};

const USER_JSON: &str = include_str!("core/user.json");
const GROUP_JSON: &str = include_str!("core/group.json");
const ENTERPRISE_USER_JSON: &str = include_str!("core/enterprise_user.json");
const COMMON_JSON: &str = include_str!("core/common.json");

/// Parses a schema file, or yields an empty schema with the right id.
fn parse_schema(text: &str, id: &str) -> Schema {
    let mut schema = serde_json::from_str(text).unwrap_or_else(|_| Schema {
        id: id.to_owned(),
        ..Schema::default()
    });
    correct(&mut schema);
    schema
}

/// Applies the corrections described in the `schema` module documentation.
fn correct(schema: &mut Schema) {
    if schema.id.eq_ignore_ascii_case(urn::GROUP) {
        if let Some(a) = attribute_mut(&mut schema.attributes, "displayName") {
            a.required = Some(true);
        }
    }
    if schema.id.eq_ignore_ascii_case(urn::USER) {
        if let Some(a) = attribute_mut(&mut schema.attributes, "x509Certificates")
            .and_then(|c| attribute_mut(&mut c.sub_attributes, "value"))
        {
            a.case_exact = Some(true);
        }
    }
}

fn attribute_mut<'a>(list: &'a mut [Attribute], name: &str) -> Option<&'a mut Attribute> {
    list.iter_mut().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// The core User schema (RFC 7643 §4.1, §8.7.1).
///
/// See the [`schema`](crate::schema) module documentation for the two
/// places where the core schemas differ from the RFC listing.
pub fn user_schema() -> &'static Schema {
    static CELL: OnceLock<Schema> = OnceLock::new();
    CELL.get_or_init(|| parse_schema(USER_JSON, urn::USER))
}

/// The core Group schema (RFC 7643 §4.2, §8.7.1), with `displayName`
/// required as §4.2 says.
pub fn group_schema() -> &'static Schema {
    static CELL: OnceLock<Schema> = OnceLock::new();
    CELL.get_or_init(|| parse_schema(GROUP_JSON, urn::GROUP))
}

/// The enterprise User extension schema (RFC 7643 §4.3, §8.7.1).
pub fn enterprise_user_schema() -> &'static Schema {
    static CELL: OnceLock<Schema> = OnceLock::new();
    CELL.get_or_init(|| parse_schema(ENTERPRISE_USER_JSON, urn::ENTERPRISE_USER))
}

/// The attributes every resource has (RFC 7643 §3 and §3.1): `id`,
/// `externalId`, `meta` and `schemas`.
///
/// RFC 7643 gives them in prose only; their characteristics here are:
///
/// | attribute | type | characteristics |
/// |---|---|---|
/// | `id` | string | required, caseExact, readOnly, returned always, uniqueness server |
/// | `externalId` | string | caseExact, readWrite |
/// | `meta` | complex | readOnly; sub-attributes `resourceType` (string, caseExact), `created` and `lastModified` (dateTime), `location` (reference, caseExact), `version` (string, caseExact), all readOnly |
/// | `schemas` | reference, multi-valued | required, readWrite (a client sends it), returned always, not caseExact (schema URIs compare ignoring case) |
///
/// `id` is required of every representation a service provider returns; a
/// client does not send it (it is read-only), so validation of requests does
/// not ask for it.
pub fn common_attributes() -> &'static [Attribute] {
    static CELL: OnceLock<Vec<Attribute>> = OnceLock::new();
    CELL.get_or_init(|| serde_json::from_str(COMMON_JSON).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn round_trips<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, text: &str) {
        let parsed: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = serde_json::to_value(&parsed).unwrap();
        let original: Value = serde_json::from_str(text).unwrap();
        assert_eq!(written, original, "{name} does not round-trip");
    }

    #[test]
    fn every_file_parses_and_round_trips() {
        round_trips::<Schema>("user.json", USER_JSON);
        round_trips::<Schema>("group.json", GROUP_JSON);
        round_trips::<Schema>("enterprise_user.json", ENTERPRISE_USER_JSON);
        round_trips::<Vec<Attribute>>("common.json", COMMON_JSON);
    }

    #[test]
    fn files_are_the_schemas_they_claim() {
        assert_eq!(user_schema().id, urn::USER);
        assert_eq!(group_schema().id, urn::GROUP);
        assert_eq!(enterprise_user_schema().id, urn::ENTERPRISE_USER);
        assert_eq!(user_schema().attributes.len(), 21);
        assert_eq!(group_schema().attributes.len(), 2);
        assert_eq!(enterprise_user_schema().attributes.len(), 6);
        let names: Vec<&str> = common_attributes()
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["id", "externalId", "meta", "schemas"]);
    }

    #[test]
    fn corrections_are_applied() {
        let raw: Schema = serde_json::from_str(GROUP_JSON).unwrap();
        assert!(!raw.attribute("displayName").unwrap().is_required());
        assert!(
            group_schema()
                .attribute("displayName")
                .unwrap()
                .is_required()
        );

        let raw: Schema = serde_json::from_str(USER_JSON).unwrap();
        let cert = |s: &Schema| {
            s.attribute("x509Certificates")
                .and_then(|a| a.sub_attribute("value"))
                .unwrap()
                .is_case_exact()
        };
        assert!(!cert(&raw));
        assert!(cert(user_schema()));
    }

    #[test]
    fn a_broken_file_degrades_to_an_empty_schema() {
        let s = parse_schema("{not json", urn::USER);
        assert_eq!(s.id, urn::USER);
        assert!(s.attributes.is_empty());
    }
}
