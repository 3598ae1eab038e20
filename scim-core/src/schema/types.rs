//! The schema representation of RFC 7643 §7.

use crate::object::{keyword_enum, scim_object};
use crate::resource::Meta;

keyword_enum! {
    /// The data type of an attribute (RFC 7643 §2.3, §7 `type`).
    pub enum AttributeType {
        /// A sequence of characters.
        String = "string",
        /// `true` or `false`.
        Boolean = "boolean",
        /// A real number.
        Decimal = "decimal",
        /// A whole number.
        Integer = "integer",
        /// An instant, in `xsd:dateTime` form.
        DateTime = "dateTime",
        /// Base64-encoded bytes.
        Binary = "binary",
        /// A URI.
        Reference = "reference",
        /// An object of sub-attributes.
        Complex = "complex",
    }
}

keyword_enum! {
    /// When an attribute may be changed (RFC 7643 §7 `mutability`).
    pub enum Mutability {
        /// Never changed by a client.
        ReadOnly = "readOnly",
        /// Changed freely.
        ReadWrite = "readWrite",
        /// Set once, on creation or when still unassigned.
        Immutable = "immutable",
        /// Written but never returned, like a password.
        WriteOnly = "writeOnly",
    }
}

keyword_enum! {
    /// When an attribute is returned (RFC 7643 §7 `returned`).
    pub enum Returned {
        /// Always, whatever `attributes`/`excludedAttributes` say.
        Always = "always",
        /// Never.
        Never = "never",
        /// Unless excluded.
        Default = "default",
        /// Only when asked for with `attributes`.
        Request = "request",
    }
}

keyword_enum! {
    /// How an attribute's values must be unique (RFC 7643 §7 `uniqueness`).
    pub enum Uniqueness {
        /// No uniqueness.
        None = "none",
        /// Unique within the service provider.
        Server = "server",
        /// Globally unique.
        Global = "global",
    }
}

scim_object! {
    /// A schema (RFC 7643 §7): the attributes of a resource type or extension.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Schema {
        /// The schema URN; the schema's identifier.
        id: String => "id" (req),
        /// A human-readable name, for example `User`.
        name: Option<String> => "name" (opt),
        /// A human-readable description.
        description: Option<String> => "description" (opt),
        /// The top-level attributes.
        attributes: Vec<Attribute> => "attributes" (vec),
        /// Resource metadata of the schema resource itself.
        meta: Option<Meta> => "meta" (opt),
        /// The schema URNs of this representation, when listed.
        schemas: Vec<String> => "schemas" (vec),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// One attribute definition with its characteristics (RFC 7643 §2.2, §7).
    ///
    /// The characteristics are `Option`s so that a schema reads and writes
    /// back exactly as given; the accessor methods apply the defaults of
    /// RFC 7643 §2.2 when one is absent.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Attribute {
        /// The attribute name.
        name: String => "name" (req),
        /// The data type.
        type_: Option<AttributeType> => "type" (opt),
        /// Whether the attribute is multi-valued.
        multi_valued: Option<bool> => "multiValued" (flag),
        /// A human-readable description.
        description: Option<String> => "description" (opt),
        /// Whether the attribute is required.
        required: Option<bool> => "required" (flag),
        /// Suggested (or, where the schema fixes them, the only) values.
        canonical_values: Vec<serde_json::Value> => "canonicalValues" (vec),
        /// Whether string comparison is case-sensitive.
        case_exact: Option<bool> => "caseExact" (flag),
        /// When the attribute may be changed.
        mutability: Option<Mutability> => "mutability" (opt),
        /// When the attribute is returned.
        returned: Option<Returned> => "returned" (opt),
        /// How values must be unique.
        uniqueness: Option<Uniqueness> => "uniqueness" (opt),
        /// For references, the resource types they may point at.
        reference_types: Vec<String> => "referenceTypes" (vec),
        /// For complex attributes, the sub-attributes.
        sub_attributes: Vec<Attribute> => "subAttributes" (vec),
        ;
        /// Characteristics this type does not model, kept as read.
        extra
    }
}

impl Attribute {
    /// The data type, `string` when absent (RFC 7643 §2.2).
    pub fn attribute_type(&self) -> AttributeType {
        self.type_.clone().unwrap_or(AttributeType::String)
    }

    /// Whether the attribute is multi-valued, `false` when absent.
    pub fn is_multi_valued(&self) -> bool {
        self.multi_valued.unwrap_or(false)
    }

    /// Whether the attribute is required, `false` when absent.
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(false)
    }

    /// Whether string values compare case-sensitively, `false` when absent.
    pub fn is_case_exact(&self) -> bool {
        self.case_exact.unwrap_or(false)
    }

    /// The mutability, `readWrite` when absent.
    pub fn mutability(&self) -> Mutability {
        self.mutability.clone().unwrap_or(Mutability::ReadWrite)
    }

    /// When the attribute is returned, `default` when absent.
    pub fn returned(&self) -> Returned {
        self.returned.clone().unwrap_or(Returned::Default)
    }

    /// The uniqueness, `none` when absent.
    pub fn uniqueness(&self) -> Uniqueness {
        self.uniqueness.clone().unwrap_or(Uniqueness::None)
    }

    /// A sub-attribute by name, ignoring ASCII case.
    pub fn sub_attribute(&self, name: &str) -> Option<&Attribute> {
        self.sub_attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

impl Schema {
    /// A top-level attribute by name, ignoring ASCII case.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}
