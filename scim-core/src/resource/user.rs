//! The User resource (RFC 7643 §4.1) and the enterprise extension (§4.3).

use serde_json::Value;

use super::common::{
    self, Email, Entitlement, GroupRef, Im, Meta, Password, PhoneNumber, Photo, Role,
    X509Certificate,
};
use crate::object::scim_object;
use crate::schema::urn;

scim_object! {
    /// A SCIM User (RFC 7643 §4.1), with the enterprise extension (§4.3)
    /// typed and every other extension kept as JSON.
    ///
    /// Reading is case-insensitive in attribute names (RFC 7643 §2.1) and
    /// lossless: attributes this type does not model stay in
    /// [`User::extra`] (extensions included, keyed by their schema URN) and
    /// are written back unchanged. Writing uses canonical names, and
    /// `schemas` always lists the extensions present (after the User schema
    /// when `schemas` was empty).
    ///
    /// Reading is also liberal where identity providers depart from
    /// RFC 7643 without changing the meaning: booleans (`active`,
    /// `primary`) may be the strings `"true"`/`"false"` in any case, and the
    /// enterprise `manager` may be the manager's id as a bare string. Both
    /// are written back in RFC form.
    ///
    /// ```
    /// use scim_core::{Email, User};
    ///
    /// let mut user = User::new("bjensen@example.com");
    /// user.display_name = Some("Babs Jensen".into());
    /// user.emails.push(Email::new("bjensen@example.com").with_type("work").with_primary(true));
    /// user.enterprise_mut().employee_number = Some("701984".into());
    ///
    /// let json = serde_json::to_value(&user)?;
    /// assert_eq!(json["schemas"][1], "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    ///
    /// // Names are case-insensitive on input; unknown attributes are kept.
    /// let back: User = scim_core::from_str(r#"{"USERNAME": "bjensen", "NAME": {"GivenName": "Barbara"}, "x-vendor": 1}"#)?;
    /// assert_eq!(back.user_name, "bjensen");
    /// assert_eq!(back.name.unwrap().given_name.as_deref(), Some("Barbara"));
    /// assert_eq!(back.extra["x-vendor"], 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct User {
        /// The schema URNs of the resource: the User schema and its extensions.
        schemas: Vec<String> => "schemas" (schemas),
        /// The service provider's identifier of the user; read-only.
        id: Option<String> => "id" (ident),
        /// The provisioning client's identifier of the user.
        external_id: Option<String> => "externalId" (ident),
        /// Resource metadata; read-only.
        meta: Option<Meta> => "meta" (opt),
        /// The unique name users sign in with. Required.
        user_name: String => "userName" (req),
        /// The components of the user's real name.
        name: Option<Name> => "name" (opt),
        /// The name to show for the user.
        display_name: Option<String> => "displayName" (opt),
        /// The casual name of the user.
        nick_name: Option<String> => "nickName" (opt),
        /// A URI of the user's online profile.
        profile_url: Option<String> => "profileUrl" (opt),
        /// The user's title, for example `Vice President`.
        title: Option<String> => "title" (opt),
        /// The relationship to the organisation, for example `Employee`.
        user_type: Option<String> => "userType" (opt),
        /// The preferred written or spoken language (RFC 7231 §5.3.5 form).
        preferred_language: Option<String> => "preferredLanguage" (opt),
        /// The default location for localisation, for example `en-US`.
        locale: Option<String> => "locale" (opt),
        /// The time zone, in IANA form, for example `America/Los_Angeles`.
        timezone: Option<String> => "timezone" (opt),
        /// Whether the user is administratively active.
        active: Option<bool> => "active" (flag),
        /// The cleartext password, write-only; never returned by servers.
        password: Option<Password> => "password" (opt),
        /// E-mail addresses.
        emails: Vec<Email> => "emails" (vec),
        /// Phone numbers.
        phone_numbers: Vec<PhoneNumber> => "phoneNumbers" (vec),
        /// Instant messaging addresses.
        ims: Vec<Im> => "ims" (vec),
        /// Photo URLs.
        photos: Vec<Photo> => "photos" (vec),
        /// Physical mailing addresses.
        addresses: Vec<Address> => "addresses" (vec),
        /// The groups the user belongs to; read-only.
        groups: Vec<GroupRef> => "groups" (vec),
        /// Entitlements.
        entitlements: Vec<Entitlement> => "entitlements" (vec),
        /// Roles.
        roles: Vec<Role> => "roles" (vec),
        /// X.509 certificates.
        x509_certificates: Vec<X509Certificate> => "x509Certificates" (vec),
        /// The enterprise extension (RFC 7643 §4.3).
        enterprise: Option<EnterpriseUser> => "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" (opt),
        ;
        /// Attributes and extensions this type does not model, kept as read.
        extra
    }
}

impl From<String> for Manager {
    /// A manager with only `value`, the `id` of the manager's User.
    fn from(value: String) -> Manager {
        Manager {
            value: Some(value),
            ..Manager::default()
        }
    }
}

impl User {
    /// A user with `userName` set and `schemas` listing the User schema.
    pub fn new(user_name: impl Into<String>) -> User {
        User {
            schemas: vec![urn::USER.to_owned()],
            user_name: user_name.into(),
            ..User::default()
        }
    }

    /// The enterprise extension, created empty (and listed in `schemas`)
    /// if absent.
    pub fn enterprise_mut(&mut self) -> &mut EnterpriseUser {
        common::add_schema(&mut self.schemas, urn::ENTERPRISE_USER);
        self.enterprise.get_or_insert_with(EnterpriseUser::default)
    }

    /// An extension by schema URN (ignoring case), as JSON.
    ///
    /// The enterprise extension is typed in [`User::enterprise`] and is not
    /// returned here.
    pub fn extension(&self, urn: &str) -> Option<&Value> {
        common::get_ci(&self.extra, urn).filter(|_| common::is_urn(urn))
    }

    /// Sets an extension by schema URN and lists it in `schemas`.
    ///
    /// The enterprise extension belongs in [`User::enterprise`]: setting it
    /// here only takes effect if it decodes as an [`EnterpriseUser`].
    ///
    /// # Errors
    ///
    /// A [`DecodeError`](crate::DecodeError) when `urn` is the enterprise
    /// extension and `value` does not decode as one.
    pub fn set_extension(&mut self, urn: &str, value: Value) -> Result<(), crate::DecodeError> {
        if urn.eq_ignore_ascii_case(urn::ENTERPRISE_USER) {
            self.enterprise = Some(crate::from_value(value)?);
        } else {
            common::remove_ci(&mut self.extra, urn);
            self.extra.insert(urn.to_owned(), value);
        }
        common::add_schema(&mut self.schemas, urn);
        Ok(())
    }

    /// Removes an extension by schema URN, and its entry in `schemas`.
    pub fn remove_extension(&mut self, urn: &str) -> Option<Value> {
        common::remove_schema(&mut self.schemas, urn);
        if urn.eq_ignore_ascii_case(urn::ENTERPRISE_USER) {
            return self
                .enterprise
                .take()
                .and_then(|e| serde_json::to_value(e).ok());
        }
        common::remove_ci(&mut self.extra, urn)
    }

    /// The base schema written when `schemas` is empty and extensions are
    /// present.
    pub(crate) fn base_schema(&self) -> Option<&'static str> {
        Some(urn::USER)
    }

    /// The schema URNs of the extensions present, typed or not.
    pub fn extension_urns(&self) -> impl Iterator<Item = &str> + Clone {
        self.enterprise
            .as_ref()
            .map(|_| urn::ENTERPRISE_USER)
            .into_iter()
            .chain(common::extension_keys(&self.extra))
    }

    /// The primary e-mail address, else the first one.
    pub fn primary_email(&self) -> Option<&str> {
        common::primary_of(&self.emails).and_then(|e| e.value.as_deref())
    }
}

scim_object! {
    /// The components of a User's name (RFC 7643 §4.1.1).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Name {
        /// The full name, formatted for display, for example `Ms. Barbara J Jensen, III`.
        formatted: Option<String> => "formatted" (opt),
        /// The family (last) name.
        family_name: Option<String> => "familyName" (opt),
        /// The given (first) name.
        given_name: Option<String> => "givenName" (opt),
        /// The middle name(s).
        middle_name: Option<String> => "middleName" (opt),
        /// The honorific prefix, for example `Ms.`.
        honorific_prefix: Option<String> => "honorificPrefix" (opt),
        /// The honorific suffix, for example `III`.
        honorific_suffix: Option<String> => "honorificSuffix" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// A physical mailing address of a User (RFC 7643 §4.1.2).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Address {
        /// The full address, formatted for display.
        formatted: Option<String> => "formatted" (opt),
        /// The street address, possibly over several lines.
        street_address: Option<String> => "streetAddress" (opt),
        /// The city or locality.
        locality: Option<String> => "locality" (opt),
        /// The state or region.
        region: Option<String> => "region" (opt),
        /// The postal code.
        postal_code: Option<String> => "postalCode" (opt),
        /// The country, as an ISO 3166-1 alpha-2 code.
        country: Option<String> => "country" (opt),
        /// A label, for example `work` or `home`.
        type_: Option<String> => "type" (opt),
        /// Whether this is the preferred address.
        primary: Option<bool> => "primary" (flag),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// The enterprise User extension (RFC 7643 §4.3), found under the URN
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct EnterpriseUser {
        /// A number assigned by the organisation.
        employee_number: Option<String> => "employeeNumber" (ident),
        /// The cost center.
        cost_center: Option<String> => "costCenter" (opt),
        /// The organisation.
        organization: Option<String> => "organization" (opt),
        /// The division.
        division: Option<String> => "division" (opt),
        /// The department.
        department: Option<String> => "department" (opt),
        /// The user's manager; a bare string on input is read as its `value`.
        manager: Option<Manager> => "manager" (opt_id),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

scim_object! {
    /// The manager of an enterprise User (RFC 7643 §4.3).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Manager {
        /// The `id` of the manager's User resource.
        value: Option<String> => "value" (ident),
        /// The URI of the manager's User resource.
        ref_: Option<String> => "$ref" (opt),
        /// The manager's display name; read-only.
        display_name: Option<String> => "displayName" (opt),
        ;
        /// Sub-attributes this type does not model, kept as read.
        extra
    }
}
