//! A set of schemas, and the lookup of attribute characteristics in it.

use std::sync::OnceLock;

use super::builtin;
use super::{Attribute, Schema};

/// The schemas a piece of code knows, with the common attributes of
/// RFC 7643 §3.1, answering "what are the characteristics of this
/// attribute?".
///
/// Filter evaluation asks it whether a string compares case-sensitively,
/// PATCH asks whether an attribute is multi-valued or read-only, and
/// [`Validator`](crate::validate::Validator) checks whole resources against
/// it. Lookups ignore ASCII case (RFC 7643 §2.1) and do not allocate.
///
/// ```
/// use scim_core::SchemaRegistry;
/// use scim_core::schema::urn;
///
/// let registry = SchemaRegistry::core_ref();
/// let user = [urn::USER];
///
/// let user_name = registry.attribute(&user, None, "USERNAME", None).unwrap();
/// assert!(!user_name.is_case_exact());
/// assert!(registry.attribute(&user, None, "id", None).unwrap().is_case_exact());
///
/// let given = registry.attribute_by_path(&user, "name.givenName").unwrap();
/// assert_eq!(given.name, "givenName");
///
/// let manager = registry
///     .attribute_by_path(&user, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
///     .unwrap();
/// assert_eq!(manager.name, "value");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaRegistry {
    common: Vec<Attribute>,
    schemas: Vec<Schema>,
}

impl Default for SchemaRegistry {
    /// The same as [`SchemaRegistry::core`].
    fn default() -> Self {
        SchemaRegistry::core()
    }
}

impl SchemaRegistry {
    /// The core schemas (User, Group, enterprise User) and the common
    /// attributes.
    ///
    /// The schemas are those of RFC 7643 §8.7.1 with two corrections, listed
    /// in the [`schema`](crate::schema) module documentation: Group
    /// `displayName` is required and `x509Certificates.value` is case exact.
    pub fn core() -> SchemaRegistry {
        SchemaRegistry {
            common: builtin::common_attributes().to_vec(),
            schemas: vec![
                builtin::user_schema().clone(),
                builtin::group_schema().clone(),
                builtin::enterprise_user_schema().clone(),
            ],
        }
    }

    /// A shared, lazily built registry of the core schemas.
    pub fn core_ref() -> &'static SchemaRegistry {
        static CELL: OnceLock<SchemaRegistry> = OnceLock::new();
        CELL.get_or_init(SchemaRegistry::core)
    }

    /// Only the common attributes (`id`, `externalId`, `meta`, `schemas`).
    pub fn empty() -> SchemaRegistry {
        SchemaRegistry {
            common: builtin::common_attributes().to_vec(),
            schemas: Vec::new(),
        }
    }

    /// Adds a schema, replacing one with the same id (ignoring ASCII case)
    /// in place.
    ///
    /// ```
    /// use scim_core::{Schema, SchemaRegistry};
    ///
    /// let badge: Schema = serde_json::from_str(r#"{
    ///     "id": "urn:example:params:scim:schemas:Badge",
    ///     "attributes": [{"name": "badgeId", "type": "string", "caseExact": true}]
    /// }"#)?;
    /// let mut registry = SchemaRegistry::core();
    /// registry.add(badge);
    /// let attr = registry
    ///     .attribute_by_path(&[] as &[&str], "urn:example:params:scim:schemas:Badge:badgeid")
    ///     .unwrap();
    /// assert!(attr.is_case_exact());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add(&mut self, schema: Schema) {
        match self
            .schemas
            .iter_mut()
            .find(|s| s.id.eq_ignore_ascii_case(&schema.id))
        {
            Some(slot) => *slot = schema,
            None => self.schemas.push(schema),
        }
    }

    /// The schema with this URN, ignoring ASCII case.
    pub fn get(&self, urn: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.id.eq_ignore_ascii_case(urn))
    }

    /// The registered schemas, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Schema> {
        self.schemas.iter()
    }

    /// The common attributes of RFC 7643 §3.1 (`id`, `externalId`, `meta`)
    /// and `schemas` (§3).
    pub fn common_attributes(&self) -> &[Attribute] {
        &self.common
    }

    /// A common attribute by name, ignoring ASCII case.
    pub fn common_attribute(&self, name: &str) -> Option<&Attribute> {
        self.common
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The characteristics of the attribute `name`, or of its sub-attribute
    /// `sub` when given.
    ///
    /// * `urn`: the schema URN the path was written with, if any
    ///   (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` in
    ///   `urn:…:User:manager.value`). The attribute is looked up in that
    ///   schema only, and in the common attributes (so `urn:…:core:2.0:User:id`
    ///   finds `id`); an unregistered URN finds nothing.
    /// * `resource_schemas`: the `schemas` of the resource being looked at.
    ///   An unqualified name is looked up in the common attributes, then in
    ///   those schemas in order, then, only if `resource_schemas` is empty or
    ///   names no registered schema, in every registered schema in order.
    ///
    /// Names compare ignoring ASCII case. Nothing is allocated.
    pub fn attribute<S: AsRef<str>>(
        &self,
        resource_schemas: &[S],
        urn: Option<&str>,
        name: &str,
        sub: Option<&str>,
    ) -> Option<&Attribute> {
        let top = match urn {
            Some(urn) => {
                let schema = self.get(urn)?;
                schema
                    .attribute(name)
                    .or_else(|| self.common_attribute(name))?
            }
            None => self.top_level(resource_schemas, name)?,
        };
        match sub {
            Some(sub) => top.sub_attribute(sub),
            None => Some(top),
        }
    }

    fn top_level<S: AsRef<str>>(&self, resource_schemas: &[S], name: &str) -> Option<&Attribute> {
        if let Some(a) = self.common_attribute(name) {
            return Some(a);
        }
        let mut any_known = false;
        for urn in resource_schemas {
            if let Some(schema) = self.get(urn.as_ref()) {
                any_known = true;
                if let Some(a) = schema.attribute(name) {
                    return Some(a);
                }
            }
        }
        if any_known {
            return None;
        }
        self.schemas.iter().find_map(|s| s.attribute(name))
    }

    /// [`attribute`](Self::attribute) for a dotted path such as
    /// `name.givenName`, `emails.value` or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
    ///
    /// A path that starts with `urn:` (any case) is split at its last colon
    /// into the schema URN and the attribute; the attribute part is split at
    /// its first dot into the name and the sub-attribute. Filters
    /// (`emails[type eq "work"]`) are not part of this syntax.
    pub fn attribute_by_path<S: AsRef<str>>(
        &self,
        resource_schemas: &[S],
        path: &str,
    ) -> Option<&Attribute> {
        let (urn, attr) = split_urn(path);
        let (name, sub) = match attr.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (attr, None),
        };
        self.attribute(resource_schemas, urn, name, sub)
    }
}

/// Splits `urn:…:name.sub` into the URN and `name.sub`; other paths have no
/// URN.
pub(crate) fn split_urn(path: &str) -> (Option<&str>, &str) {
    let is_urn = path
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
    if is_urn {
        if let Some((urn, attr)) = path.rsplit_once(':') {
            return (Some(urn), attr);
        }
    }
    (None, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::urn;
    use crate::{AttributeType, Mutability};

    const USER: [&str; 1] = [urn::USER];
    const USER_EXT: [&str; 2] = [urn::USER, urn::ENTERPRISE_USER];
    const GROUP: [&str; 1] = [urn::GROUP];
    const NONE: [&str; 0] = [];

    fn case_exact(schemas: &[&str], path: &str) -> Option<bool> {
        SchemaRegistry::core_ref()
            .attribute_by_path(schemas, path)
            .map(Attribute::is_case_exact)
    }

    #[test]
    fn case_exactness() {
        let cases: &[(&[&str], &str, Option<bool>)] = &[
            (&USER, "id", Some(true)),
            (&USER, "externalId", Some(true)),
            (&GROUP, "externalId", Some(true)),
            (&USER, "userName", Some(false)),
            (&USER, "emails.value", Some(false)),
            (&USER, "name.givenName", Some(false)),
            (&USER, "meta.version", Some(true)),
            (&USER, "x509Certificates.value", Some(true)),
            (&USER, "noSuchAttribute", None),
            (&USER, "name.noSuchSub", None),
            (&USER, "name.givenName.more", None),
        ];
        for (schemas, path, want) in cases {
            assert_eq!(case_exact(schemas, path), *want, "{path}");
        }
    }

    #[test]
    fn names_ignore_case() {
        let r = SchemaRegistry::core_ref();
        for path in [
            "USERNAME",
            "username",
            "Name.GivenName",
            "EMAILS.VALUE",
            "ID",
        ] {
            assert!(r.attribute_by_path(&USER, path).is_some(), "{path}");
        }
        let a = r
            .attribute(&USER, Some(&urn::USER.to_uppercase()), "USERNAME", None)
            .unwrap();
        assert_eq!(a.name, "userName");
    }

    #[test]
    fn sub_attributes_and_types() {
        let r = SchemaRegistry::core_ref();
        let emails = r.attribute(&USER, None, "emails", None).unwrap();
        assert!(emails.is_multi_valued());
        assert_eq!(emails.attribute_type(), AttributeType::Complex);
        let primary = r.attribute(&USER, None, "emails", Some("primary")).unwrap();
        assert_eq!(primary.attribute_type(), AttributeType::Boolean);
        let created = r.attribute_by_path(&USER, "meta.created").unwrap();
        assert_eq!(created.attribute_type(), AttributeType::DateTime);
        assert_eq!(created.mutability(), Mutability::ReadOnly);
    }

    #[test]
    fn enterprise_manager_via_urn() {
        let r = SchemaRegistry::core_ref();
        let path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value";
        for schemas in [&USER[..], &USER_EXT[..], &NONE[..]] {
            let a = r.attribute_by_path(schemas, path).unwrap();
            assert_eq!(a.name, "value");
            assert_eq!(a.attribute_type(), AttributeType::String);
        }
        let display = r
            .attribute(
                &USER,
                Some(urn::ENTERPRISE_USER),
                "manager",
                Some("displayName"),
            )
            .unwrap();
        assert_eq!(display.mutability(), Mutability::ReadOnly);
        // Qualified with the wrong schema, the attribute is not found.
        assert!(
            r.attribute(&USER, Some(urn::USER), "manager", None)
                .is_none()
        );
        // An unregistered URN finds nothing.
        assert!(
            r.attribute_by_path(&USER, "urn:example:nothing:manager")
                .is_none()
        );
        // The core URN also qualifies the common attributes.
        assert!(r.attribute(&USER, Some(urn::USER), "id", None).is_some());
    }

    #[test]
    fn unqualified_lookup_order() {
        let r = SchemaRegistry::core_ref();
        // `displayName` is in both User and Group: the resource decides.
        let user_dn = r.attribute(&USER, None, "displayName", None).unwrap();
        let group_dn = r.attribute(&GROUP, None, "displayName", None).unwrap();
        assert!(!user_dn.is_required());
        assert!(group_dn.is_required());
        // Extension attributes are found unqualified when the resource lists the extension.
        assert!(
            r.attribute(&USER_EXT, None, "employeeNumber", None)
                .is_some()
        );
        assert!(r.attribute(&USER, None, "employeeNumber", None).is_none());
        // With no (known) schemas, every registered schema is searched in order.
        assert_eq!(
            r.attribute(&NONE, None, "displayName", None).unwrap(),
            user_dn
        );
        assert!(
            r.attribute(&["urn:example:unknown"], None, "members", None)
                .is_some()
        );
        assert!(r.attribute(&NONE, None, "employeeNumber", None).is_some());
    }

    #[test]
    fn group_members_value_is_immutable() {
        let a = SchemaRegistry::core_ref()
            .attribute_by_path(&GROUP, "members.value")
            .unwrap();
        assert_eq!(a.mutability(), Mutability::Immutable);
        assert!(!a.is_case_exact());
    }

    #[test]
    fn custom_schema_added_and_replaced() {
        let mut r = SchemaRegistry::core();
        let badge = |case_exact: bool| -> Schema {
            serde_json::from_value(serde_json::json!({
                "id": "urn:example:params:scim:schemas:Badge",
                "attributes": [{"name": "badgeId", "caseExact": case_exact}]
            }))
            .unwrap()
        };
        r.add(badge(true));
        let path = "urn:example:params:scim:schemas:Badge:BADGEID";
        assert_eq!(
            r.attribute_by_path(&USER, path)
                .map(Attribute::is_case_exact),
            Some(true)
        );
        r.add(badge(false));
        assert_eq!(r.iter().count(), 4);
        assert_eq!(
            r.attribute_by_path(&USER, path)
                .map(Attribute::is_case_exact),
            Some(false)
        );
        assert!(r.get("URN:EXAMPLE:PARAMS:SCIM:SCHEMAS:BADGE").is_some());
        // Listed on the resource, its attributes are found unqualified.
        let schemas = [urn::USER, "urn:example:params:scim:schemas:Badge"];
        assert!(r.attribute(&schemas, None, "badgeId", None).is_some());
    }

    #[test]
    fn empty_registry_knows_only_common_attributes() {
        let r = SchemaRegistry::empty();
        assert_eq!(r.iter().count(), 0);
        assert!(r.attribute(&USER, None, "id", None).is_some());
        assert!(
            r.attribute(&USER, None, "meta", Some("lastModified"))
                .is_some()
        );
        assert!(
            r.attribute(&USER, None, "schemas", None)
                .unwrap()
                .is_multi_valued()
        );
        assert!(r.attribute(&USER, None, "userName", None).is_none());
    }

    #[test]
    fn split_urn_at_last_colon() {
        let cases = [
            ("name.givenName", (None, "name.givenName")),
            (
                "urn:a:b:2.0:User:manager.value",
                (Some("urn:a:b:2.0:User"), "manager.value"),
            ),
            ("URN:x:y", (Some("URN:x"), "y")),
            ("urn", (None, "urn")),
            ("", (None, "")),
        ];
        for (path, want) in cases {
            assert_eq!(split_urn(path), want, "{path}");
        }
    }
}
