//! The service provider configuration (RFC 7643 §5).

use crate::Meta;
use crate::object::scim_object;
use crate::schema::urn;

scim_object! {
    /// What a service provider supports (RFC 7643 §5), served at
    /// `/ServiceProviderConfig`.
    ///
    /// Every sub-object is optional on input, as servers vary; the
    /// `supports_*` methods read a missing one as "not supported". RFC 9865's
    /// `pagination` object stays in [`ServiceProviderConfig::extra`].
    ///
    /// ```
    /// use scim_core::ServiceProviderConfig;
    ///
    /// let config: ServiceProviderConfig = scim_core::from_str(r#"{
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    ///     "patch": {"supported": true},
    ///     "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
    ///     "filter": {"supported": true, "maxResults": 200}
    /// }"#)?;
    /// assert!(config.supports_patch());
    /// assert!(!config.supports_bulk());
    /// assert_eq!(config.filter.as_ref().and_then(|f| f.max_results), Some(200));
    /// # Ok::<(), scim_core::DecodeError>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ServiceProviderConfig {
        /// The schema URN, `urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig`.
        schemas: Vec<String> => "schemas" (vec),
        /// A URL of the service provider's help documentation.
        documentation_uri: Option<String> => "documentationUri" (opt),
        /// PATCH support.
        patch: Option<FeatureSupport> => "patch" (opt),
        /// Bulk support and limits.
        bulk: Option<BulkConfig> => "bulk" (opt),
        /// Filter support and limits.
        filter: Option<FilterConfig> => "filter" (opt),
        /// Whether the password can be changed.
        change_password: Option<FeatureSupport> => "changePassword" (opt),
        /// Sort support.
        sort: Option<FeatureSupport> => "sort" (opt),
        /// Entity tag (`ETag`) support.
        etag: Option<FeatureSupport> => "etag" (opt),
        /// The authentication schemes supported.
        authentication_schemes: Vec<AuthenticationScheme> => "authenticationSchemes" (vec),
        /// Resource metadata.
        meta: Option<Meta> => "meta" (opt),
        ;
        /// Attributes this type does not model (RFC 9865 `pagination`,
        /// vendor additions), kept as read.
        extra
    }
}

impl ServiceProviderConfig {
    /// An empty configuration with the `ServiceProviderConfig` schema URN.
    pub fn new() -> ServiceProviderConfig {
        ServiceProviderConfig {
            schemas: vec![urn::SERVICE_PROVIDER_CONFIG.to_owned()],
            ..ServiceProviderConfig::default()
        }
    }

    /// Whether PATCH is supported.
    pub fn supports_patch(&self) -> bool {
        self.patch
            .as_ref()
            .is_some_and(FeatureSupport::is_supported)
    }

    /// Whether bulk operations are supported.
    pub fn supports_bulk(&self) -> bool {
        self.bulk
            .as_ref()
            .is_some_and(|b| b.supported == Some(true))
    }

    /// Whether filtering is supported.
    pub fn supports_filter(&self) -> bool {
        self.filter
            .as_ref()
            .is_some_and(|f| f.supported == Some(true))
    }

    /// Whether changing the password is supported.
    pub fn supports_change_password(&self) -> bool {
        self.change_password
            .as_ref()
            .is_some_and(FeatureSupport::is_supported)
    }

    /// Whether sorting is supported.
    pub fn supports_sort(&self) -> bool {
        self.sort.as_ref().is_some_and(FeatureSupport::is_supported)
    }

    /// Whether entity tags (`ETag`s) are supported.
    pub fn supports_etag(&self) -> bool {
        self.etag.as_ref().is_some_and(FeatureSupport::is_supported)
    }
}

scim_object! {
    /// A feature that is only supported or not: `patch`, `changePassword`,
    /// `sort` and `etag` of a [`ServiceProviderConfig`].
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct FeatureSupport {
        /// Whether the feature is supported (REQUIRED by the RFC).
        supported: Option<bool> => "supported" (flag),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

impl FeatureSupport {
    /// A feature with `supported` set.
    pub fn new(supported: bool) -> FeatureSupport {
        FeatureSupport {
            supported: Some(supported),
            extra: serde_json::Map::new(),
        }
    }

    /// Whether `supported` is `true`.
    pub fn is_supported(&self) -> bool {
        self.supported == Some(true)
    }
}

scim_object! {
    /// Bulk support and its limits (`bulk` of a [`ServiceProviderConfig`]).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct BulkConfig {
        /// Whether bulk operations are supported.
        supported: Option<bool> => "supported" (flag),
        /// The largest number of operations in one request.
        max_operations: Option<u64> => "maxOperations" (opt),
        /// The largest request body, in bytes.
        max_payload_size: Option<u64> => "maxPayloadSize" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// Filter support and its limit (`filter` of a [`ServiceProviderConfig`]).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct FilterConfig {
        /// Whether filtering is supported.
        supported: Option<bool> => "supported" (flag),
        /// The largest number of resources returned for one query.
        max_results: Option<u64> => "maxResults" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// An authentication scheme a service provider supports.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct AuthenticationScheme {
        /// The kind of scheme, for example `oauthbearertoken` or `httpbasic`.
        type_: Option<String> => "type" (opt),
        /// The common name, for example `HTTP Basic`.
        name: Option<String> => "name" (opt),
        /// A description of the scheme.
        description: Option<String> => "description" (opt),
        /// A URL of the scheme's specification.
        spec_uri: Option<String> => "specUri" (opt),
        /// A URL of the scheme's documentation.
        documentation_uri: Option<String> => "documentationUri" (opt),
        /// Whether this is the preferred scheme.
        primary: Option<bool> => "primary" (flag),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}
