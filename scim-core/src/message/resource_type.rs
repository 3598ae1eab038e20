//! Resource types (RFC 7643 §6), served at `/ResourceTypes`.

use crate::Meta;
use crate::object::scim_object;
use crate::schema::urn;

scim_object! {
    /// A resource type a service provider offers (RFC 7643 §6): its name,
    /// endpoint, base schema and schema extensions.
    ///
    /// ```
    /// use scim_core::ResourceType;
    ///
    /// let users: ResourceType = scim_core::from_str(r#"{
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    ///     "id": "User", "name": "User", "endpoint": "/Users",
    ///     "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
    ///     "schemaExtensions": [{
    ///         "schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ///         "required": true
    ///     }]
    /// }"#)?;
    /// assert_eq!(users.endpoint, "/Users");
    /// assert!(users.schema_extensions[0].is_required());
    /// # Ok::<(), scim_core::DecodeError>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ResourceType {
        /// The schema URN, `urn:ietf:params:scim:schemas:core:2.0:ResourceType`.
        schemas: Vec<String> => "schemas" (vec),
        /// The server's identifier of the resource type, often its name.
        id: Option<String> => "id" (opt),
        /// The name, for example `User`. Required.
        name: String => "name" (req),
        /// A human-readable description.
        description: Option<String> => "description" (opt),
        /// The endpoint relative to the base URL, for example `/Users`. Required.
        endpoint: String => "endpoint" (req),
        /// The URN of the base schema. Required.
        schema: String => "schema" (req),
        /// The schema extensions the resource type allows.
        schema_extensions: Vec<SchemaExtension> => "schemaExtensions" (vec),
        /// Resource metadata.
        meta: Option<Meta> => "meta" (opt),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl ResourceType {
    /// A resource type with the `ResourceType` schema URN, `id` equal to
    /// `name`, and the given endpoint and base schema.
    pub fn new(
        name: impl Into<String>,
        endpoint: impl Into<String>,
        schema: impl Into<String>,
    ) -> ResourceType {
        let name = name.into();
        ResourceType {
            schemas: vec![urn::RESOURCE_TYPE.to_owned()],
            id: Some(name.clone()),
            name,
            endpoint: endpoint.into(),
            schema: schema.into(),
            ..ResourceType::default()
        }
    }
}

scim_object! {
    /// A schema extension of a [`ResourceType`].
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SchemaExtension {
        /// The URN of the extension schema. Required.
        schema: String => "schema" (req),
        /// Whether resources of the type must carry the extension
        /// (REQUIRED by the RFC; absent reads as `None`).
        required: Option<bool> => "required" (flag),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

impl SchemaExtension {
    /// An extension entry with `required` set.
    pub fn new(schema: impl Into<String>, required: bool) -> SchemaExtension {
        SchemaExtension {
            schema: schema.into(),
            required: Some(required),
            extra: serde_json::Map::new(),
        }
    }

    /// Whether `required` is `true`.
    pub fn is_required(&self) -> bool {
        self.required == Some(true)
    }
}
