//! The [`Profile`] type: what a connector must know about one target that
//! the RFCs do not say.

use std::borrow::Cow;
use std::fmt;

use scim_core::ParseError;

use crate::directory::DirectoryProperty;
use crate::mapping::{Mapping, ResourceKind, ScimPath, Unsupported};

/// How requests authenticate to a target.
///
/// The token itself is never part of a profile: a profile only says which
/// form the `Authorization` header takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>` (RFC 6750), the form RFC 7644 §2
    /// describes.
    Bearer,
    /// `Authorization: <token>`, the token alone, as APIs keyed by an API
    /// key expect.
    RawAuthorization,
}

impl AuthScheme {
    /// The header value for a token: `Bearer <token>` or the token alone.
    ///
    /// The result holds the secret: do not log it.
    pub fn header_value(self, token: &str) -> String {
        match self {
            AuthScheme::Bearer => format!("Bearer {token}"),
            AuthScheme::RawAuthorization => token.to_owned(),
        }
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthScheme::Bearer => "Authorization: Bearer <token>",
            AuthScheme::RawAuthorization => "Authorization: <token>",
        })
    }
}

/// A query parameter a target needs on list requests.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct QueryParam {
    /// The parameter name.
    pub name: Cow<'static, str>,
    /// Its value (not yet percent-encoded).
    pub value: Cow<'static, str>,
}

impl QueryParam {
    /// A parameter from static text.
    pub const fn new(name: &'static str, value: &'static str) -> QueryParam {
        QueryParam {
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
        }
    }
}

/// The SCIM method a target takes for an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UpdateMethod {
    /// `PATCH` with a `PatchOp` body (RFC 7644 §3.5.2).
    Patch,
    /// `PUT` with the whole resource (RFC 7644 §3.5.1).
    Put,
}

/// Which filters a target answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FilterSupport {
    /// The whole filter language of RFC 7644 §3.4.2.2.
    Full,
    /// Only `attr eq "value"` on the lookup attributes
    /// ([`Capabilities::user_lookup`], [`Capabilities::group_lookup`]).
    LookupsOnly,
}

/// What a target supports.
///
/// Start from [`Capabilities::RFC`] (everything RFC 7644 describes except
/// bulk) and change fields: the struct cannot be written as a literal
/// outside this crate, so that fields can be added.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// Users can be created (`POST /Users`).
    pub create_users: bool,
    /// Users can be updated.
    pub update_users: bool,
    /// Users can be deactivated with `active: false` and stay on the target,
    /// able to be reactivated.
    pub deactivate_users: bool,
    /// Users can be removed (by `DELETE`, or by a deactivation the target
    /// turns into a deletion; see [`Rules::deprovision`]).
    pub delete_users: bool,
    /// The target has `/Groups`.
    pub groups: bool,
    /// Groups can be renamed (`displayName` changed).
    pub group_rename: bool,
    /// `PATCH` is accepted for updates.
    pub patch: bool,
    /// `PUT` is accepted for updates.
    pub put: bool,
    /// The method a connector should use for updates.
    pub preferred_update: UpdateMethod,
    /// `/Bulk` (RFC 7644 §3.7) is supported.
    pub bulk: bool,
    /// The User attributes an `eq` filter can look users up by.
    pub user_lookup: Cow<'static, [ScimPath]>,
    /// The Group attributes an `eq` filter can look groups up by.
    pub group_lookup: Cow<'static, [ScimPath]>,
    /// Which filters work beyond the lookups.
    pub filters: FilterSupport,
    /// The page size (`count`) to ask for when listing; `None` leaves it to
    /// the target.
    pub page_size: Option<u32>,
    /// Query parameters to add to every list request.
    pub list_params: Cow<'static, [QueryParam]>,
}

impl Capabilities {
    /// Everything RFC 7644 describes except bulk: user create, update,
    /// deactivate and delete, groups with rename, PATCH preferred and PUT
    /// accepted, the whole filter language (lookups by `userName` and
    /// `displayName`), no page size and no extra list parameters.
    pub const RFC: Capabilities = Capabilities {
        create_users: true,
        update_users: true,
        deactivate_users: true,
        delete_users: true,
        groups: true,
        group_rename: true,
        patch: true,
        put: true,
        preferred_update: UpdateMethod::Patch,
        bulk: false,
        user_lookup: Cow::Borrowed(&[ScimPath::from_static("userName")]),
        group_lookup: Cow::Borrowed(&[ScimPath::from_static("displayName")]),
        filters: FilterSupport::Full,
        page_size: None,
        list_params: Cow::Borrowed(&[]),
    };
}

/// What deprovisioning a user does on a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deprovision {
    /// `active: false` disables the user, who stays on the target and can be
    /// reactivated with `active: true` (RFC 7643 §4.1.1).
    Deactivate,
    /// `active: false` deletes the user permanently: there is no soft
    /// delete. Destructive; reactivating means creating the user again.
    DeactivationDeletes,
    /// The user is deprovisioned by `DELETE /Users/{id}`, which removes it.
    /// Destructive; reactivating means creating the user again.
    Delete,
}

impl Deprovision {
    /// Whether deprovisioning loses the user's account on the target.
    pub fn is_destructive(self) -> bool {
        !matches!(self, Deprovision::Deactivate)
    }

    /// Whether a deprovisioned user comes back by being created again
    /// (rather than by `active: true`).
    pub fn reactivation_recreates(self) -> bool {
        self.is_destructive()
    }
}

/// The request that deprovisions a user on a target.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DeprovisionRequest {
    /// `PATCH /Users/{id}` with this body (`active` replaced by `false`).
    Patch(scim_core::PatchOp),
    /// `PUT /Users/{id}` of the user with `active: false` (the target takes
    /// no PATCH): shape it with [`Shaper::replace`](crate::Shaper::replace)
    /// from a directory user whose `active` is `false`.
    PutInactive,
    /// `DELETE /Users/{id}`.
    Delete,
}

/// What deprovisioning a user on a target takes, and what it does.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Deprovisioning {
    /// The request to send.
    pub request: DeprovisionRequest,
    /// What it does; [`Deprovision::is_destructive`] says whether the
    /// account is lost (ask before sending).
    pub effect: Deprovision,
}

/// The values a target allows for one attribute.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AllowedValues {
    /// The attribute.
    pub path: ScimPath,
    /// The values allowed, compared ignoring ASCII case and sent as written
    /// here.
    pub values: Cow<'static, [Cow<'static, str>]>,
}

impl AllowedValues {
    /// An attribute and its allowed values, as static data.
    pub const fn new(path: ScimPath, values: &'static [Cow<'static, str>]) -> AllowedValues {
        AllowedValues {
            path,
            values: Cow::Borrowed(values),
        }
    }

    /// The allowed value equal to `value` ignoring ASCII case, as written
    /// in the table.
    pub fn find(&self, value: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .map(|v| &**v)
    }
}

/// How a target carries a user's roles.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RoleRule {
    /// The profile sends no roles.
    None,
    /// Multi-valued `roles` (RFC 7643 §4.1.2) whose entries have `type` and
    /// `value` both set to the role code.
    CodedRoles,
    /// One single-valued attribute holding one of the allowed values.
    Single(AllowedValues),
}

/// When the password is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PasswordRule {
    /// Never (the profile maps no password).
    Never,
    /// In the create body, as a temporary password; later changes are sent
    /// only when the caller says the directory password changed.
    OnCreateAndChange,
}

/// What to do about a known error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remedy {
    /// The resource is gone on the target: create it again.
    Recreate,
    /// Nothing a connector can do: a person must act in the target's
    /// administration console.
    ActInConsole,
}

/// An error response a target is known to give, and what it means.
///
/// It matches a [`ScimError`](scim_core::ScimError) whose `detail`
/// contains [`detail_contains`](Self::detail_contains) (ignoring ASCII
/// case) and, when [`status`](Self::status) is set, whose status is that.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct KnownError {
    /// A short stable name, such as `user-account-inactive`.
    pub name: Cow<'static, str>,
    /// The HTTP status, when the target's is known.
    pub status: Option<u16>,
    /// Text the error's `detail` contains.
    pub detail_contains: Cow<'static, str>,
    /// What it means, for people.
    pub explanation: Cow<'static, str>,
    /// What to do.
    pub remedy: Remedy,
}

impl KnownError {
    /// A known error from static text.
    pub const fn new(
        name: &'static str,
        status: Option<u16>,
        detail_contains: &'static str,
        explanation: &'static str,
        remedy: Remedy,
    ) -> KnownError {
        KnownError {
            name: Cow::Borrowed(name),
            status,
            detail_contains: Cow::Borrowed(detail_contains),
            explanation: Cow::Borrowed(explanation),
            remedy,
        }
    }

    /// Whether `error` is this error.
    pub fn matches(&self, error: &scim_core::ScimError) -> bool {
        let status_ok = self.status.is_none_or(|s| s == error.status.code());
        let needle = self.detail_contains.to_ascii_lowercase();
        let detail_ok = error
            .detail
            .as_deref()
            .is_some_and(|d| d.to_ascii_lowercase().contains(&needle));
        status_ok && detail_ok && !needle.is_empty()
    }
}

impl fmt::Display for KnownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.explanation)
    }
}

/// The rules of a target that change how requests are shaped, as data.
///
/// Start from [`Rules::RFC`] and change fields.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rules {
    /// What deprovisioning does.
    pub deprovision: Deprovision,
    /// Attributes a `PUT` body must not carry: they change only through
    /// `PATCH`.
    pub put_forbidden: Cow<'static, [ScimPath]>,
    /// Attributes whose values are sent lowercased.
    pub lowercase: Cow<'static, [ScimPath]>,
    /// Attributes limited to a set of values; other values are dropped and
    /// reported.
    pub allowed_values: Cow<'static, [AllowedValues]>,
    /// Attributes sent only when the caller sets them, never defaulted nor
    /// removed because the directory lacks them: the target applies its own
    /// default.
    pub explicit_only: Cow<'static, [ScimPath]>,
    /// How roles travel.
    pub roles: RoleRule,
    /// When the password is sent.
    pub password: PasswordRule,
    /// The `startIndex` of the first result (RFC 7644 §3.4.2.4: 1).
    pub start_index: u32,
    /// Error responses the target is known to give, recognised by
    /// [`Profile::classify_error`].
    pub known_errors: Cow<'static, [KnownError]>,
}

impl Rules {
    /// The RFC's behaviour: `active: false` deactivates, nothing is
    /// forbidden, lowercased, limited or explicit-only, no roles, no
    /// password, `startIndex` 1.
    pub const RFC: Rules = Rules {
        deprovision: Deprovision::Deactivate,
        put_forbidden: Cow::Borrowed(&[]),
        lowercase: Cow::Borrowed(&[]),
        allowed_values: Cow::Borrowed(&[]),
        explicit_only: Cow::Borrowed(&[]),
        roles: RoleRule::None,
        password: PasswordRule::Never,
        start_index: 1,
        known_errors: Cow::Borrowed(&[]),
    };

    /// The limits on the attribute `path`, if any (ignoring ASCII case).
    pub fn allowed(&self, path: &str) -> Option<&AllowedValues> {
        self.allowed_values
            .iter()
            .find(|a| a.path.as_str().eq_ignore_ascii_case(path))
    }

    /// Whether `path` must not be in a PUT body.
    pub fn is_put_forbidden(&self, path: &str) -> bool {
        contains_ci(&self.put_forbidden, path)
    }

    /// Whether values at `path` are lowercased.
    pub fn is_lowercased(&self, path: &str) -> bool {
        contains_ci(&self.lowercase, path)
    }

    /// Whether `path` is sent only when the caller sets it.
    pub fn is_explicit_only(&self, path: &str) -> bool {
        contains_ci(&self.explicit_only, path)
    }
}

fn contains_ci(list: &[ScimPath], path: &str) -> bool {
    list.iter().any(|p| p.as_str().eq_ignore_ascii_case(path))
}

/// Everything a connector must know about one target service that the RFCs
/// do not say: how to authenticate, what it supports, which directory
/// property goes to which SCIM attribute, what is never sent, and which
/// operations behave differently there.
///
/// The built-in profiles are statics:
/// [`smartsheet::PROFILE`](crate::smartsheet::PROFILE),
/// [`sparkpost::PROFILE`](crate::sparkpost::PROFILE),
/// [`monday::PROFILE`](crate::monday::PROFILE)
/// and [`generic::PROFILE`](crate::generic::PROFILE); each module also
/// builds the target's base URL. Define your own with [`ProfileBuilder`],
/// from scratch or from a built-in one.
///
/// ```
/// use scim_profiles::{smartsheet, Deprovision, DirectoryProperty, ResourceKind};
///
/// let p = &smartsheet::PROFILE;
/// assert_eq!(p.rules.deprovision, Deprovision::DeactivationDeletes);
/// assert!(p.rules.deprovision.is_destructive());
/// let row = p.mapping_for(ResourceKind::User, "name.givenName").unwrap();
/// assert_eq!(row.property, DirectoryProperty::FirstName);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// A short identifier, lowercase, such as `smartsheet`.
    pub name: Cow<'static, str>,
    /// The product's name for people, such as `Smartsheet`.
    pub display_name: Cow<'static, str>,
    /// The form of the base URL, for people (the vendor modules build it).
    pub base_url_template: Cow<'static, str>,
    /// The accepted authentication schemes, the first one the default.
    pub auth: Cow<'static, [AuthScheme]>,
    /// What the target supports.
    pub capabilities: Capabilities,
    /// The attribute mapping, User rows then Group rows.
    pub mappings: Cow<'static, [Mapping]>,
    /// Attributes never sent.
    pub unsupported: Cow<'static, [Unsupported]>,
    /// The target's rules.
    pub rules: Rules,
    /// Whether attributes beyond [`mappings`](Self::mappings) are refused:
    /// true for the built-in profiles, whose tables are what the vendor
    /// documents.
    pub closed: bool,
}

impl Profile {
    /// The default authentication scheme (the first listed), or bearer if
    /// the list is empty.
    pub fn default_auth(&self) -> AuthScheme {
        self.auth.first().copied().unwrap_or(AuthScheme::Bearer)
    }

    /// The rows of one resource kind.
    pub fn mappings_of(&self, resource: ResourceKind) -> impl Iterator<Item = &Mapping> {
        self.mappings.iter().filter(move |m| m.resource == resource)
    }

    /// The row writing `path` for `resource` (path compared ignoring ASCII
    /// case).
    pub fn mapping_for(&self, resource: ResourceKind, path: &str) -> Option<&Mapping> {
        self.mappings_of(resource)
            .find(|m| m.path.as_str().eq_ignore_ascii_case(path))
    }

    /// The rows reading `property` for `resource`.
    pub fn mappings_from<'a>(
        &'a self,
        resource: ResourceKind,
        property: &'a DirectoryProperty,
    ) -> impl Iterator<Item = &'a Mapping> {
        self.mappings_of(resource)
            .filter(move |m| &m.property == property)
    }

    /// The unsupported entry whose attribute is `attr` (compared on the
    /// attribute: URN, name and sub-attribute, ignoring ASCII case).
    pub fn unsupported_for(&self, resource: ResourceKind, attr: &str) -> Option<&Unsupported> {
        self.unsupported
            .iter()
            .find(|u| u.resource == resource && same_attribute_text(u.path.as_str(), attr))
    }

    /// How to deprovision a user on this target.
    ///
    /// ```
    /// use scim_profiles::{monday, smartsheet, DeprovisionRequest};
    ///
    /// let d = monday::PROFILE.deprovisioning();
    /// assert!(matches!(d.request, DeprovisionRequest::Patch(_)));
    /// assert!(!d.effect.is_destructive());
    /// // On Smartsheet the same request deletes the user.
    /// assert!(smartsheet::PROFILE.deprovisioning().effect.is_destructive());
    /// ```
    pub fn deprovisioning(&self) -> Deprovisioning {
        let effect = self.rules.deprovision;
        let request = match effect {
            Deprovision::Delete => DeprovisionRequest::Delete,
            _ if self.capabilities.patch => {
                DeprovisionRequest::Patch(scim_core::PatchOp::new(vec![
                    scim_core::PatchOperation::replace("active", serde_json::Value::Bool(false)),
                ]))
            }
            _ => DeprovisionRequest::PutInactive,
        };
        Deprovisioning { request, effect }
    }

    /// The known error `error` is, if any.
    ///
    /// ```
    /// use scim_profiles::{smartsheet, Remedy};
    /// use scim_core::ScimError;
    ///
    /// let err = ScimError::new(400, None, "User account is inactive");
    /// let known = smartsheet::PROFILE.classify_error(&err).unwrap();
    /// assert_eq!(known.name, "user-account-inactive");
    /// assert_eq!(known.remedy, Remedy::Recreate);
    /// assert!(smartsheet::PROFILE.classify_error(&ScimError::new(404, None, "Not found")).is_none());
    /// ```
    pub fn classify_error(&self, error: &scim_core::ScimError) -> Option<&KnownError> {
        self.rules.known_errors.iter().find(|k| k.matches(error))
    }

    /// Checks the profile's data: every path parses (and every mapped one
    /// can be written: a value filter must be `sub eq "text"`), no row
    /// appears twice,
    /// no attribute is both mapped and unsupported, the name and the
    /// authentication list are not empty, and every User row's resource has
    /// `userName` mapped when users can be created.
    ///
    /// # Errors
    ///
    /// The first [`ProfileError`] found.
    pub fn check(&self) -> Result<(), ProfileError> {
        if self.name.is_empty() {
            return Err(ProfileError::EmptyName);
        }
        if self.auth.is_empty() {
            return Err(ProfileError::NoAuthScheme);
        }
        let parse = |path: &ScimPath| {
            path.patch_path()
                .map_err(|source| ProfileError::InvalidPath {
                    path: path.clone(),
                    source,
                })
        };
        for (i, m) in self.mappings.iter().enumerate() {
            parse(&m.path)?;
            if let Some(why) = crate::shape::unwritable(m.resource, &m.path) {
                return Err(ProfileError::PathNotWritable {
                    path: m.path.clone(),
                    why,
                });
            }
            let earlier = self.mappings.iter().take(i);
            if let Some(first) = earlier
                .clone()
                .find(|o| o.resource == m.resource && o.path.eq_ignore_case(&m.path))
            {
                return Err(ProfileError::DuplicateMapping {
                    resource: m.resource,
                    path: first.path.clone(),
                });
            }
        }
        for (i, u) in self.unsupported.iter().enumerate() {
            let p = parse(&u.path)?;
            if p.filter().is_some() || p.sub_attr().is_some() {
                return Err(ProfileError::UnsupportedNotAnAttribute {
                    path: u.path.clone(),
                });
            }
            if self
                .unsupported
                .iter()
                .take(i)
                .any(|o| o.resource == u.resource && o.path.eq_ignore_case(&u.path))
            {
                return Err(ProfileError::DuplicateUnsupported {
                    resource: u.resource,
                    path: u.path.clone(),
                });
            }
            for m in self.mappings_of(u.resource) {
                let mapped = parse(&m.path)?;
                if same_attribute(mapped.attr(), p.attr()) {
                    return Err(ProfileError::MappedAndUnsupported {
                        resource: u.resource,
                        path: u.path.clone(),
                    });
                }
            }
        }
        let rule_paths = self
            .capabilities
            .user_lookup
            .iter()
            .chain(self.capabilities.group_lookup.iter())
            .chain(self.rules.put_forbidden.iter())
            .chain(self.rules.lowercase.iter())
            .chain(self.rules.explicit_only.iter())
            .chain(self.rules.allowed_values.iter().map(|a| &a.path));
        for path in rule_paths {
            parse(path)?;
        }
        if let RoleRule::Single(a) = &self.rules.roles {
            parse(&a.path)?;
        }
        if self.capabilities.create_users
            && self.mappings_of(ResourceKind::User).next().is_some()
            && self.mapping_for(ResourceKind::User, "userName").is_none()
        {
            return Err(ProfileError::NoUserName);
        }
        Ok(())
    }
}

/// Whether two attribute path texts name the same attribute, one possibly
/// a sub-attribute of the other (`manager` and `manager.value`), ignoring
/// ASCII case.
fn same_attribute_text(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.get(..short.len()) {
        Some(head) if head.eq_ignore_ascii_case(short) => {
            long.len() == short.len() || long.as_bytes().get(short.len()) == Some(&b'.')
        }
        _ => false,
    }
}

/// Whether two attribute paths name the same top-level attribute (same URN
/// or none, same name, ignoring ASCII case); sub-attributes are ignored
/// unless both have one, in which case they must match too.
fn same_attribute(a: &scim_core::AttrPath, b: &scim_core::AttrPath) -> bool {
    let uri_eq = match (a.uri(), b.uri()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (None, None) => true,
        _ => false,
    };
    let sub_eq = match (a.sub_attr(), b.sub_attr()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    uri_eq && sub_eq && a.name().eq_ignore_ascii_case(b.name())
}

/// A profile whose data is inconsistent.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The profile has no name.
    #[error("the profile has no name")]
    EmptyName,
    /// The profile accepts no authentication scheme.
    #[error("the profile lists no authentication scheme")]
    NoAuthScheme,
    /// A path does not parse.
    #[error("`{path}` is not a SCIM attribute path: {source}")]
    InvalidPath {
        /// The path.
        path: ScimPath,
        /// Why it does not parse.
        source: ParseError,
    },
    /// A row's path parses but cannot be written as a value: its filter is
    /// not `sub eq "text"`.
    #[error("the mapped path `{path}` cannot be written: {why}")]
    PathNotWritable {
        /// The path.
        path: ScimPath,
        /// Why.
        why: &'static str,
    },
    /// Two rows write the same path.
    #[error("the {resource} attribute `{path}` is mapped twice")]
    DuplicateMapping {
        /// The resource.
        resource: ResourceKind,
        /// The path.
        path: ScimPath,
    },
    /// An attribute is listed as unsupported twice.
    #[error("the {resource} attribute `{path}` is listed as unsupported twice")]
    DuplicateUnsupported {
        /// The resource.
        resource: ResourceKind,
        /// The path.
        path: ScimPath,
    },
    /// An unsupported entry is not a plain attribute path.
    #[error("unsupported entries name attributes, not `{path}`")]
    UnsupportedNotAnAttribute {
        /// The path.
        path: ScimPath,
    },
    /// An attribute is both mapped and unsupported.
    #[error("the {resource} attribute `{path}` is both mapped and unsupported")]
    MappedAndUnsupported {
        /// The resource.
        resource: ResourceKind,
        /// The unsupported path.
        path: ScimPath,
    },
    /// Users can be created but nothing fills `userName`.
    #[error("users can be created but no row maps `userName`, which RFC 7643 requires")]
    NoUserName,
}

/// Builds a [`Profile`] at run time, from scratch or from a built-in one,
/// and checks it.
///
/// ```
/// use scim_profiles::{
///     generic, DirectoryProperty, Mapping, ProfileBuilder, Requirement, ResourceKind, ScimPath,
/// };
///
/// let profile = ProfileBuilder::from_profile(&generic::PROFILE)
///     .name("acme-hr")
///     .mapping(Mapping::new(
///         ResourceKind::User,
///         DirectoryProperty::custom("badge"),
///         ScimPath::parse("urn:acme:params:scim:schemas:Badge:number")?,
///         "Badge number",
///         Requirement::Optional,
///     ))
///     .build()?;
/// assert_eq!(profile.name, "acme-hr");
/// assert!(!profile.closed);
///
/// // The same row twice is refused.
/// let twice = ProfileBuilder::from_profile(&generic::PROFILE)
///     .mapping(Mapping::optional(DirectoryProperty::Title, ScimPath::from_static("title"), "Title"))
///     .build();
/// assert!(twice.is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ProfileBuilder {
    profile: Profile,
}

impl ProfileBuilder {
    /// A profile named `name` with RFC capabilities and rules, bearer
    /// authentication, no rows, open (not [`closed`](Profile::closed)).
    pub fn new(name: impl Into<Cow<'static, str>>) -> ProfileBuilder {
        let name = name.into();
        ProfileBuilder {
            profile: Profile {
                display_name: name.clone(),
                name,
                base_url_template: Cow::Borrowed("https://<host>/<path>/"),
                auth: Cow::Borrowed(&[AuthScheme::Bearer]),
                capabilities: Capabilities::RFC,
                mappings: Cow::Borrowed(&[]),
                unsupported: Cow::Borrowed(&[]),
                rules: Rules::RFC,
                closed: false,
            },
        }
    }

    /// Starts from an existing profile (a built-in one, say). The result is
    /// open: rows can be added.
    pub fn from_profile(profile: &Profile) -> ProfileBuilder {
        ProfileBuilder {
            profile: Profile {
                closed: false,
                ..profile.clone()
            },
        }
    }

    /// Sets the short identifier.
    #[must_use]
    pub fn name(mut self, name: impl Into<Cow<'static, str>>) -> ProfileBuilder {
        self.profile.name = name.into();
        self
    }

    /// Sets the name for people.
    #[must_use]
    pub fn display_name(mut self, name: impl Into<Cow<'static, str>>) -> ProfileBuilder {
        self.profile.display_name = name.into();
        self
    }

    /// Sets the accepted authentication schemes, the first the default.
    #[must_use]
    pub fn auth(mut self, schemes: impl Into<Vec<AuthScheme>>) -> ProfileBuilder {
        self.profile.auth = Cow::Owned(schemes.into());
        self
    }

    /// Sets the capabilities.
    #[must_use]
    pub fn capabilities(mut self, capabilities: Capabilities) -> ProfileBuilder {
        self.profile.capabilities = capabilities;
        self
    }

    /// Sets the rules.
    #[must_use]
    pub fn rules(mut self, rules: Rules) -> ProfileBuilder {
        self.profile.rules = rules;
        self
    }

    /// Adds a mapping row.
    #[must_use]
    pub fn mapping(mut self, row: Mapping) -> ProfileBuilder {
        self.profile.mappings.to_mut().push(row);
        self
    }

    /// Removes the rows writing `path` for `resource`.
    #[must_use]
    pub fn remove_mapping(mut self, resource: ResourceKind, path: &str) -> ProfileBuilder {
        self.profile
            .mappings
            .to_mut()
            .retain(|m| !(m.resource == resource && m.path.as_str().eq_ignore_ascii_case(path)));
        self
    }

    /// Adds an unsupported attribute.
    #[must_use]
    pub fn unsupported(mut self, entry: Unsupported) -> ProfileBuilder {
        self.profile.unsupported.to_mut().push(entry);
        self
    }

    /// Whether attributes beyond the table are refused (default: no).
    #[must_use]
    pub fn closed(mut self, closed: bool) -> ProfileBuilder {
        self.profile.closed = closed;
        self
    }

    /// Checks the profile and returns it.
    ///
    /// # Errors
    ///
    /// The [`ProfileError`] of [`Profile::check`].
    pub fn build(self) -> Result<Profile, ProfileError> {
        self.profile.check()?;
        Ok(self.profile)
    }
}
