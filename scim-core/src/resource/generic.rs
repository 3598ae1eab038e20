//! Resources of any type, for schemas this crate does not model.

use serde_json::{Map, Value};

use super::common::{self, Meta};
use crate::object::scim_object;

scim_object! {
    /// A resource of any type: the common attributes of RFC 7643 §3.1
    /// typed, everything else kept as JSON.
    ///
    /// Use it for custom resource types, or to read Users and Groups from a
    /// server that returns partial resources (`attributes=` projections).
    /// The common attributes are read case-insensitively; other attribute
    /// names keep their spelling, and [`Resource::get`] looks them up
    /// ignoring case. Other attribute values are kept exactly as read (a
    /// string boolean stays a string). When written, `schemas` lists the
    /// extensions present; a resource read without `schemas` is written
    /// without it, as its base schema is unknown.
    ///
    /// ```
    /// use scim_core::Resource;
    ///
    /// let device: Resource = scim_core::from_str(r#"{
    ///     "Schemas": ["urn:example:schemas:Device"],
    ///     "ID": "d1",
    ///     "serialNumber": "SN-1",
    ///     "urn:example:schemas:Tracking": {"site": "Paris"}
    /// }"#)?;
    /// assert_eq!(device.id.as_deref(), Some("d1"));
    /// assert_eq!(device.get("SERIALNUMBER").unwrap(), "SN-1");
    /// assert_eq!(device.extension("urn:example:schemas:tracking").unwrap()["site"], "Paris");
    /// # Ok::<(), scim_core::DecodeError>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Resource {
        /// The schema URNs of the resource.
        schemas: Vec<String> => "schemas" (schemas),
        /// The service provider's identifier; read-only.
        id: Option<String> => "id" (ident),
        /// The provisioning client's identifier.
        external_id: Option<String> => "externalId" (ident),
        /// Resource metadata; read-only.
        meta: Option<Meta> => "meta" (opt),
        ;
        /// Every other attribute, extensions included (keyed by schema URN).
        attributes
    }
}

impl Resource {
    /// A resource with the given schema URNs and no attributes.
    pub fn new<I, S>(schemas: I) -> Resource
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Resource {
            schemas: schemas.into_iter().map(Into::into).collect(),
            ..Resource::default()
        }
    }

    /// An attribute by name, ignoring ASCII case.
    pub fn get(&self, name: &str) -> Option<&Value> {
        common::get_ci(&self.attributes, name)
    }

    /// An attribute by name for change, ignoring ASCII case.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        common::get_ci_mut(&mut self.attributes, name)
    }

    /// Sets an attribute, replacing one of the same name in any case (the
    /// existing spelling is kept).
    pub fn set(&mut self, name: &str, value: Value) {
        match common::get_ci_mut(&mut self.attributes, name) {
            Some(slot) => *slot = value,
            None => {
                self.attributes.insert(name.to_owned(), value);
            }
        }
    }

    /// Removes an attribute by name, ignoring ASCII case.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        common::remove_ci(&mut self.attributes, name)
    }

    /// An extension by schema URN (ignoring case).
    pub fn extension(&self, urn: &str) -> Option<&Value> {
        self.get(urn).filter(|_| common::is_urn(urn))
    }

    /// Sets an extension by schema URN and lists it in `schemas`.
    pub fn set_extension(&mut self, urn: &str, value: Value) {
        self.set(urn, value);
        common::add_schema(&mut self.schemas, urn);
    }

    /// Removes an extension by schema URN, and its entry in `schemas`.
    pub fn remove_extension(&mut self, urn: &str) -> Option<Value> {
        common::remove_schema(&mut self.schemas, urn);
        self.remove(urn)
    }

    /// The base schema written when `schemas` is empty and extensions are
    /// present.
    pub(crate) fn base_schema(&self) -> Option<&'static str> {
        None
    }

    /// The schema URNs of the extensions present.
    pub fn extension_urns(&self) -> impl Iterator<Item = &str> + Clone {
        common::extension_keys(&self.attributes)
    }

    /// The whole resource as one JSON object.
    pub fn to_json(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    }
}
