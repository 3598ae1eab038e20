//! The Group resource (RFC 7643 §4.2).

use serde_json::Value;

use super::common::{self, Meta};
use crate::object::scim_object;
use crate::schema::urn;

scim_object! {
    /// A SCIM Group (RFC 7643 §4.2).
    ///
    /// Reading is case-insensitive and lossless, as for [`User`](crate::User).
    ///
    /// ```
    /// use scim_core::{Group, Member};
    ///
    /// let mut group = Group::new("Tour Guides");
    /// group.members.push(Member::user("2819c223-7f76-453a-919d-413861904646"));
    /// let json = serde_json::to_value(&group)?;
    /// assert_eq!(json["members"][0]["type"], "User");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Group {
        /// The schema URNs of the resource.
        schemas: Vec<String> => "schemas" (schemas),
        /// The service provider's identifier of the group; read-only.
        id: Option<String> => "id" (ident),
        /// The provisioning client's identifier of the group.
        external_id: Option<String> => "externalId" (ident),
        /// Resource metadata; read-only.
        meta: Option<Meta> => "meta" (opt),
        /// The name of the group (REQUIRED by RFC 7643 §4.2 on creation).
        display_name: Option<String> => "displayName" (opt),
        /// The members of the group: users or other groups.
        members: Vec<Member> => "members" (vec),
        ;
        /// Attributes and extensions this type does not model, kept as read.
        extra
    }
}

impl Group {
    /// A group with `displayName` set and `schemas` listing the Group schema.
    pub fn new(display_name: impl Into<String>) -> Group {
        Group {
            schemas: vec![urn::GROUP.to_owned()],
            display_name: Some(display_name.into()),
            ..Group::default()
        }
    }

    /// An extension by schema URN (ignoring case), as JSON.
    pub fn extension(&self, urn: &str) -> Option<&Value> {
        common::get_ci(&self.extra, urn).filter(|_| common::is_urn(urn))
    }

    /// Sets an extension by schema URN and lists it in `schemas`.
    pub fn set_extension(&mut self, urn: &str, value: Value) {
        common::remove_ci(&mut self.extra, urn);
        self.extra.insert(urn.to_owned(), value);
        common::add_schema(&mut self.schemas, urn);
    }

    /// Removes an extension by schema URN, and its entry in `schemas`.
    pub fn remove_extension(&mut self, urn: &str) -> Option<Value> {
        common::remove_schema(&mut self.schemas, urn);
        common::remove_ci(&mut self.extra, urn)
    }

    /// The base schema written when `schemas` is empty and extensions are
    /// present.
    pub(crate) fn base_schema(&self) -> Option<&'static str> {
        Some(urn::GROUP)
    }

    /// The schema URNs of the extensions present.
    pub fn extension_urns(&self) -> impl Iterator<Item = &str> + Clone {
        common::extension_keys(&self.extra)
    }
}

scim_object! {
    /// A member of a Group (RFC 7643 §4.2).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Member {
        /// The `id` of the member resource.
        value: Option<String> => "value" (ident),
        /// The URI of the member resource.
        ref_: Option<String> => "$ref" (opt),
        /// The kind of member: `User` or `Group`.
        type_: Option<String> => "type" (opt),
        /// The member's display name.
        display: Option<String> => "display" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

impl Member {
    /// A member that is a User with the given `id`.
    pub fn user(id: impl Into<String>) -> Member {
        Member {
            value: Some(id.into()),
            type_: Some("User".to_owned()),
            ..Member::default()
        }
    }

    /// A member that is a Group with the given `id`.
    pub fn group(id: impl Into<String>) -> Member {
        Member {
            value: Some(id.into()),
            type_: Some("Group".to_owned()),
            ..Member::default()
        }
    }
}
