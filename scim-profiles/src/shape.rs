//! Shaping requests: from a directory user to the bodies one target takes.

use std::borrow::Cow;
use std::fmt;

use scim_core::filter::{CompValue, CompareOp};
use scim_core::patch::{DiffOptions, diff};
use scim_core::schema::urn;
use scim_core::{Filter, PatchOp, PatchOperation, PatchPath, SchemaRegistry};
use serde_json::{Map, Value};

use crate::directory::{DirectoryProperty, DirectoryUser, ValueKind};
use crate::mapping::{Mapping, ResourceKind, ScimPath};
use crate::profile::{FilterSupport, RoleRule};
use crate::selection::Selection;

/// Why a directory property or a value was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DropReason {
    /// The profile declares the attribute unsupported; the reason is the
    /// profile's.
    Unsupported(Cow<'static, str>),
    /// No row of the profile reads the property.
    NotInTable,
    /// The row reading the property is excluded from the selection.
    Excluded,
    /// The value is not one the target allows for the attribute.
    NotAllowed {
        /// The value given.
        value: String,
        /// The values allowed.
        allowed: Vec<String>,
    },
    /// The attribute must not be in a `PUT` body; its change goes in the
    /// follow-up PATCH ([`Shaped::follow_up`]).
    PutForbidden,
    /// The password is sent on create, and on update only when the caller
    /// says it changed ([`Shaper::password_changed`]).
    PasswordUnchanged,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::Unsupported(why) => write!(f, "unsupported by the target: {why}"),
            DropReason::NotInTable => f.write_str("not in the profile's mapping table"),
            DropReason::Excluded => f.write_str("its mapping is excluded"),
            DropReason::NotAllowed { value, allowed } => write!(
                f,
                "{value:?} is not an allowed value (allowed: {})",
                allowed.join(", ")
            ),
            DropReason::PutForbidden => {
                f.write_str("not allowed in a PUT body; sent by PATCH instead")
            }
            DropReason::PasswordUnchanged => {
                f.write_str("the password is sent on update only when it changed")
            }
        }
    }
}

/// One thing left out of a request, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Dropped {
    /// The directory property, when the thing left out came from one.
    pub property: Option<DirectoryProperty>,
    /// The SCIM attribute, when one is concerned.
    pub path: Option<String>,
    /// Why.
    pub reason: DropReason,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.property, &self.path) {
            (Some(p), Some(a)) => write!(f, "`{p}` (`{a}`): {}", self.reason),
            (Some(p), None) => write!(f, "`{p}`: {}", self.reason),
            (None, Some(a)) => write!(f, "`{a}`: {}", self.reason),
            (None, None) => write!(f, "{}", self.reason),
        }
    }
}

/// A request body shaped for a target, with what was left out.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Shaped<T> {
    /// The body to send.
    pub body: T,
    /// For a `PUT`: the PATCH to send after it, carrying the changes the
    /// target accepts only by PATCH (monday.com `active`, `userType`).
    pub follow_up: Option<PatchOp>,
    /// What was left out and why, in the order found.
    pub dropped: Vec<Dropped>,
}

impl<T> Shaped<T> {
    /// The drops of a directory property.
    pub fn dropped_property<'a>(
        &'a self,
        property: &'a DirectoryProperty,
    ) -> impl Iterator<Item = &'a Dropped> {
        self.dropped
            .iter()
            .filter(move |d| d.property.as_ref() == Some(property))
    }
}

/// A directory user that cannot be shaped for the target.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShapeError {
    /// A required row's property is absent.
    #[error("the directory property `{property}` is required (for `{path}`) but absent")]
    MissingRequired {
        /// The property.
        property: DirectoryProperty,
        /// The attribute it fills.
        path: ScimPath,
    },
    /// A row's path cannot be written as a value (its filter is not
    /// `sub eq "text"`, or it does not parse).
    #[error("the attribute path `{path}` cannot be written: {why}")]
    PathNotWritable {
        /// The path.
        path: ScimPath,
        /// Why.
        why: &'static str,
    },
    /// The current resource is not a JSON object.
    #[error("the current resource is not a JSON object")]
    NotAnObject,
    /// Roles were given for a target that takes none.
    #[error("the {profile} profile sends no roles")]
    RolesNotSupported {
        /// The profile's name.
        profile: String,
    },
    /// A role is not one the target allows, or several were given for a
    /// single-valued role.
    #[error("the role {value:?} is not allowed (allowed: {})", allowed.join(", "))]
    RoleNotAllowed {
        /// The role given (all of them, comma-separated, when several).
        value: String,
        /// The roles allowed.
        allowed: Vec<String>,
    },
}

/// Shapes requests for one target from directory users; made by
/// [`Selection::shaper`].
///
/// * [`create`](Self::create): the `POST /Users` body.
/// * [`replace`](Self::replace): the `PUT /Users/{id}` body from the
///   current resource, with the follow-up PATCH for attributes the target
///   changes only by PATCH.
/// * [`patch`](Self::patch): the `PATCH /Users/{id}` body, from the
///   difference between the current resource and the wanted one.
/// * [`create_group`](Self::create_group),
///   [`replace_group`](Self::replace_group) and
///   [`patch_group`](Self::patch_group): the same for groups.
///
/// Each reports what it left out and why ([`Shaped::dropped`]).
///
/// ```
/// use scim_profiles::{smartsheet, DirectoryProperty as P, DirectoryUser, Selection};
/// use serde_json::json;
///
/// let user = DirectoryUser::new()
///     .with(P::Username, "bjensen@example.com")?
///     .with(P::Email, "bjensen@example.com")?
///     .with(P::MobilePhone, "+1 555 0101")?
///     .with(P::Manager, "jsmith")?;
/// let sel = Selection::new(&smartsheet::PROFILE);
/// let shaped = sel.shaper().create(&user)?;
/// assert_eq!(shaped.body["phoneNumbers"], json!([{"type": "mobile", "value": "+1 555 0101"}]));
/// assert_eq!(shaped.body["active"], true);
/// // Smartsheet takes no manager: left out, and said so.
/// assert_eq!(shaped.dropped[0].property, Some(P::Manager));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Shaper<'a> {
    selection: &'a Selection,
    roles: Option<Vec<String>>,
    password_changed: bool,
}

impl Selection {
    /// A [`Shaper`] for this selection.
    pub fn shaper(&self) -> Shaper<'_> {
        Shaper {
            selection: self,
            roles: None,
            password_changed: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Create,
    Update,
}

/// Where one row's value goes in a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    /// A top-level attribute (of the resource, or of an extension object).
    Attr {
        urn: Option<String>,
        name: String,
        multi: bool,
    },
    /// A sub-attribute of a single-valued complex attribute.
    Sub {
        urn: Option<String>,
        name: String,
        sub: String,
    },
    /// A sub-attribute of the value of a multi-valued attribute whose `key`
    /// is `val`.
    Element {
        urn: Option<String>,
        name: String,
        key: String,
        val: String,
        sub: String,
    },
    /// A sub-attribute of the primary (else first) value of a multi-valued
    /// attribute.
    Primary {
        urn: Option<String>,
        name: String,
        sub: String,
    },
}

fn not_writable(path: &ScimPath, why: &'static str) -> ShapeError {
    ShapeError::PathNotWritable {
        path: path.clone(),
        why,
    }
}

fn is_multi(resource: ResourceKind, urn_part: Option<&str>, name: &str) -> bool {
    let schemas: &[&str] = match resource {
        ResourceKind::User => &[urn::USER, urn::ENTERPRISE_USER],
        ResourceKind::Group => &[urn::GROUP],
    };
    SchemaRegistry::core_ref()
        .attribute(schemas, urn_part, name, None)
        .is_some_and(scim_core::Attribute::is_multi_valued)
}

/// A selected row with everything shaping needs worked out once: where its
/// value goes and which of the profile's rules apply to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CompiledRow {
    row: Mapping,
    slot: Result<Slot, ShapeError>,
    lowercase: bool,
    explicit_only: bool,
    allowed: Option<crate::profile::AllowedValues>,
}

impl CompiledRow {
    pub(crate) fn new(profile: &crate::Profile, row: &Mapping) -> CompiledRow {
        let rules = &profile.rules;
        let path = row.path.as_str();
        let attr_name = row.path.attr().map(|a| a.name().to_owned()).ok();
        let lowercase = rules.is_lowercased(path)
            || attr_name
                .as_deref()
                .is_some_and(|name| rules.is_lowercased(name));
        CompiledRow {
            slot: Slot::of(row.resource, &row.path),
            lowercase,
            explicit_only: rules.is_explicit_only(path),
            allowed: rules.allowed(path).cloned(),
            row: row.clone(),
        }
    }

    pub(crate) fn row(&self) -> &Mapping {
        &self.row
    }
}

/// Why a mapping row's path cannot be written as a value, if it cannot.
pub(crate) fn unwritable(resource: ResourceKind, path: &ScimPath) -> Option<&'static str> {
    match Slot::of(resource, path) {
        Ok(_) => None,
        Err(ShapeError::PathNotWritable { why, .. }) => Some(why),
        Err(_) => Some("it cannot be written"),
    }
}

impl Slot {
    fn of(resource: ResourceKind, path: &ScimPath) -> Result<Slot, ShapeError> {
        let parsed: PatchPath = path
            .patch_path()
            .map_err(|_| not_writable(path, "it is not a PATCH path"))?;
        let attr = parsed.attr();
        let urn_part = attr.uri().map(str::to_owned);
        let name = attr.name().to_owned();
        if let Some(filter) = parsed.filter() {
            let Filter::Compare(c) = filter else {
                return Err(not_writable(path, "its filter is not `sub eq \"text\"`"));
            };
            let (CompareOp::Eq, CompValue::String(val)) = (&c.op, &c.value) else {
                return Err(not_writable(path, "its filter is not `sub eq \"text\"`"));
            };
            if c.path.uri().is_some() || c.path.sub_attr().is_some() {
                return Err(not_writable(path, "its filter is not `sub eq \"text\"`"));
            }
            return Ok(Slot::Element {
                urn: urn_part,
                name,
                key: c.path.name().to_owned(),
                val: val.as_str().to_owned(),
                sub: parsed.sub_attr().unwrap_or("value").to_owned(),
            });
        }
        let multi = is_multi(resource, urn_part.as_deref(), &name);
        Ok(match attr.sub_attr() {
            Some(sub) if multi => Slot::Primary {
                urn: urn_part,
                name,
                sub: sub.to_owned(),
            },
            Some(sub) => Slot::Sub {
                urn: urn_part,
                name,
                sub: sub.to_owned(),
            },
            None => Slot::Attr {
                urn: urn_part,
                name,
                multi,
            },
        })
    }

    fn urn(&self) -> Option<&str> {
        match self {
            Slot::Attr { urn, .. }
            | Slot::Sub { urn, .. }
            | Slot::Element { urn, .. }
            | Slot::Primary { urn, .. } => urn.as_deref(),
        }
    }

    fn write(&self, doc: &mut Map<String, Value>, value: Value) {
        let Some(container) = container_mut(doc, self.urn()) else {
            return;
        };
        match self {
            Slot::Attr {
                name, multi: true, ..
            } => match value {
                Value::String(text) => {
                    if let Some(element) = primary_element(container, name) {
                        set_ci(element, "value", Value::String(text));
                    }
                }
                Value::Array(items) => {
                    let items = items.into_iter().map(to_element).collect();
                    set_ci(container, name, Value::Array(items));
                }
                other => set_ci(container, name, other),
            },
            Slot::Attr { name, .. } => set_ci(container, name, value),
            Slot::Sub { name, sub, .. } => {
                if let Some(obj) = object_at(container, name) {
                    set_ci(obj, sub, value);
                }
            }
            Slot::Primary { name, sub, .. } => {
                if let Some(element) = primary_element(container, name) {
                    set_ci(element, sub, value);
                }
            }
            Slot::Element {
                name,
                key,
                val,
                sub,
                ..
            } => {
                let Some(items) = array_at(container, name) else {
                    return;
                };
                let found = items.iter_mut().filter_map(Value::as_object_mut).find(|e| {
                    get_ci(e, key)
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.eq_ignore_ascii_case(val))
                });
                match found {
                    Some(element) => set_ci(element, sub, value),
                    None => {
                        let mut element = Map::new();
                        element.insert(key.clone(), Value::String(val.clone()));
                        element.insert(sub.clone(), value);
                        items.push(Value::Object(element));
                    }
                }
            }
        }
    }

    /// Removes what the slot writes; `whole` removes a whole multi-valued
    /// attribute (filled from a list) rather than its primary value.
    fn remove(&self, doc: &mut Map<String, Value>, whole: bool) {
        let urn_part = self.urn().map(str::to_owned);
        {
            let container = match &urn_part {
                Some(u) => match get_ci_mut(doc, u).and_then(Value::as_object_mut) {
                    Some(c) => c,
                    None => return,
                },
                None => &mut *doc,
            };
            match self {
                Slot::Attr {
                    name, multi: true, ..
                } if !whole => {
                    // Filled from one text: only the primary value goes.
                    if let Some(items) = get_ci_mut(container, name).and_then(Value::as_array_mut) {
                        if let Some(at) = primary_index(items) {
                            items.remove(at);
                        }
                        if items.is_empty() {
                            remove_ci(container, name);
                        }
                    }
                }
                Slot::Attr { name, .. } => {
                    remove_ci(container, name);
                }
                Slot::Sub { name, sub, .. } => {
                    if let Some(obj) = get_ci_mut(container, name).and_then(Value::as_object_mut) {
                        remove_ci(obj, sub);
                        if obj.is_empty() {
                            remove_ci(container, name);
                        }
                    }
                }
                Slot::Primary { name, .. } => {
                    if let Some(items) = get_ci_mut(container, name).and_then(Value::as_array_mut) {
                        if let Some(at) = primary_index(items) {
                            items.remove(at);
                        }
                        if items.is_empty() {
                            remove_ci(container, name);
                        }
                    }
                }
                Slot::Element { name, key, val, .. } => {
                    if let Some(items) = get_ci_mut(container, name).and_then(Value::as_array_mut) {
                        items.retain(|e| {
                            !e.as_object()
                                .and_then(|o| get_ci(o, key))
                                .and_then(Value::as_str)
                                .is_some_and(|t| t.eq_ignore_ascii_case(val))
                        });
                        if items.is_empty() {
                            remove_ci(container, name);
                        }
                    }
                }
            }
        }
        if let Some(u) = urn_part {
            if get_ci(doc, &u)
                .and_then(Value::as_object)
                .is_some_and(Map::is_empty)
            {
                remove_ci(doc, &u);
            }
        }
    }
}

/// Converts one directory list item to a SCIM multi-valued element: the
/// directory's `number` becomes `value`; text becomes `{"value": text}`.
fn to_element(item: Value) -> Value {
    match item {
        Value::Object(mut obj) => {
            if let Some(number) = remove_ci(&mut obj, "number") {
                if get_ci(&obj, "value").is_none() {
                    obj.insert("value".to_owned(), number);
                }
            }
            Value::Object(obj)
        }
        Value::String(text) => {
            let mut obj = Map::new();
            obj.insert("value".to_owned(), Value::String(text));
            Value::Object(obj)
        }
        other => other,
    }
}

fn get_ci<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn get_ci_mut<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Value> {
    let actual = map.keys().find(|k| k.eq_ignore_ascii_case(key))?.clone();
    map.get_mut(&actual)
}

fn remove_ci(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let mut removed = map.remove(key);
    while let Some(other) = map.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned() {
        removed = map.remove(&other).or(removed);
    }
    removed
}

/// Sets `key`, replacing any key equal to it ignoring ASCII case.
fn set_ci(map: &mut Map<String, Value>, key: &str, value: Value) {
    remove_ci(map, key);
    map.insert(key.to_owned(), value);
}

/// The value at `key` (any spelling), made with `make` if absent or not
/// accepted by `fits`.
fn slot_at<'m>(
    map: &'m mut Map<String, Value>,
    key: &str,
    fits: fn(&Value) -> bool,
    make: fn() -> Value,
) -> &'m mut Value {
    if !get_ci(map, key).is_some_and(fits) {
        set_ci(map, key, make());
    }
    let actual = map
        .keys()
        .find(|k| k.eq_ignore_ascii_case(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned());
    map.entry(actual).or_insert_with(make)
}

/// The object at `key`, made (replacing a non-object) if needed.
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Map<String, Value>> {
    slot_at(map, key, Value::is_object, || Value::Object(Map::new())).as_object_mut()
}

/// The array at `key`, made (replacing a non-array) if needed.
fn array_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Vec<Value>> {
    slot_at(map, key, Value::is_array, || Value::Array(Vec::new())).as_array_mut()
}

fn container_mut<'m>(
    doc: &'m mut Map<String, Value>,
    urn_part: Option<&str>,
) -> Option<&'m mut Map<String, Value>> {
    match urn_part {
        Some(u) => object_at(doc, u),
        None => Some(doc),
    }
}

fn primary_index(items: &[Value]) -> Option<usize> {
    items
        .iter()
        .position(|e| {
            e.as_object()
                .and_then(|o| get_ci(o, "primary"))
                .and_then(Value::as_bool)
                == Some(true)
        })
        .or(if items.is_empty() { None } else { Some(0) })
}

/// The primary (else first) element of the array at `name`, made as
/// `{"type": "work", "primary": true}` if there is none.
fn primary_element<'m>(
    container: &'m mut Map<String, Value>,
    name: &str,
) -> Option<&'m mut Map<String, Value>> {
    let items = array_at(container, name)?;
    let at = match primary_index(items) {
        Some(at) if items.get(at).is_some_and(Value::is_object) => at,
        _ => {
            let mut element = Map::new();
            element.insert("type".to_owned(), Value::String("work".to_owned()));
            element.insert("primary".to_owned(), Value::Bool(true));
            items.insert(0, Value::Object(element));
            0
        }
    };
    items.get_mut(at).and_then(Value::as_object_mut)
}

fn lowercase(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(s.to_lowercase()),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| match item {
                    Value::Object(mut obj) => {
                        if let Some(Value::String(s)) = get_ci_mut(&mut obj, "value") {
                            *s = s.to_lowercase();
                        }
                        Value::Object(obj)
                    }
                    other => lowercase(other),
                })
                .collect(),
        ),
        other => other,
    }
}

/// A resource as it is and as the directory wants it, and what was left
/// out.
type Updated = (Map<String, Value>, Map<String, Value>, Vec<Dropped>);

/// The attributes a PUT or PATCH body never carries: assigned by the
/// server and read-only (RFC 7643 §3.1, §4.1.2).
const SERVER_ONLY: &[&str] = &["meta", "groups"];

impl<'a> Shaper<'a> {
    /// The roles to send: for a target that takes coded roles (Smartsheet),
    /// the role codes, sent as `roles` entries whose `type` and `value` are
    /// the code; for a target with one single-valued role (SparkPost), one
    /// role. Without this call, roles are neither sent nor changed.
    #[must_use]
    pub fn with_roles<I, S>(mut self, roles: I) -> Shaper<'a>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.roles = Some(roles.into_iter().map(Into::into).collect());
        self
    }

    /// Whether the directory password changed since the user was created,
    /// so that an update sends it (default: no).
    #[must_use]
    pub fn password_changed(mut self, changed: bool) -> Shaper<'a> {
        self.password_changed = changed;
        self
    }

    /// The body of `POST /Users` for `user`: the selected rows filled from
    /// the user's properties, `schemas` listing the User schema and every
    /// extension used, and the roles if given.
    ///
    /// # Errors
    ///
    /// [`ShapeError::MissingRequired`] if a required property is absent,
    /// and the role errors of [`with_roles`](Self::with_roles).
    pub fn create(&self, user: &DirectoryUser) -> Result<Shaped<Value>, ShapeError> {
        let mut dropped = Vec::new();
        let mut doc = Map::new();
        self.fill(
            ResourceKind::User,
            user,
            &mut doc,
            Mode::Create,
            &mut dropped,
        )?;
        self.apply_roles(&mut doc)?;
        Ok(Shaped {
            body: with_schemas(doc, urn::USER),
            follow_up: None,
            dropped,
        })
    }

    /// The body of `POST /Groups` for a directory group described by its
    /// properties (`group name` for the built-in profiles). Members are
    /// not part of it.
    ///
    /// # Errors
    ///
    /// [`ShapeError::MissingRequired`] if a required property is absent.
    pub fn create_group(&self, group: &DirectoryUser) -> Result<Shaped<Value>, ShapeError> {
        let mut dropped = Vec::new();
        let mut doc = Map::new();
        self.fill(
            ResourceKind::Group,
            group,
            &mut doc,
            Mode::Create,
            &mut dropped,
        )?;
        Ok(Shaped {
            body: with_schemas(doc, urn::GROUP),
            follow_up: None,
            dropped,
        })
    }

    /// The body of `PUT /Users/{id}` bringing `current` (the resource as
    /// the target returned it) in line with `user`.
    ///
    /// Attributes the profile does not map are kept as they are, so nothing
    /// the target holds is lost; `meta` and `groups`, which the server
    /// assigns, are left out. Attributes the target changes only by PATCH
    /// are left out too, and their changes come back as
    /// [`Shaped::follow_up`], to send after the PUT.
    ///
    /// # Errors
    ///
    /// [`ShapeError::NotAnObject`] if `current` is not an object, and the
    /// errors of [`create`](Self::create).
    pub fn replace(
        &self,
        user: &DirectoryUser,
        current: &Value,
    ) -> Result<Shaped<Value>, ShapeError> {
        let (before, mut doc, mut dropped) = self.updated(ResourceKind::User, user, current)?;
        let rules = &self.selection.profile().rules;
        let mut ops = Vec::new();
        for path in rules.put_forbidden.iter() {
            let name = path.as_str();
            let old = remove_ci(&mut before.clone(), name);
            let new = remove_ci(&mut doc, name);
            if old == new {
                continue;
            }
            match new {
                Some(v) => ops.push(PatchOperation::replace(name, v)),
                None => ops.push(PatchOperation::remove(name)),
            }
            dropped.push(Dropped {
                property: None,
                path: Some(name.to_owned()),
                reason: DropReason::PutForbidden,
            });
        }
        let follow_up = if ops.is_empty() {
            None
        } else {
            Some(PatchOp::new(ops))
        };
        Ok(Shaped {
            body: with_schemas(doc, urn::USER),
            follow_up,
            dropped,
        })
    }

    /// The `PATCH /Users/{id}` body bringing `current` (the resource as the
    /// target returned it) in line with `user`: the operations of
    /// [`diff`](scim_core::patch::diff) between `current` and the resource
    /// as [`replace`](Self::replace) would write it (attributes the
    /// profile does not map, read-only ones and `schemas` give no
    /// operation). An empty `Operations` list means nothing changed: send
    /// nothing, since RFC 7644 §3.5.2 asks for at least one operation.
    ///
    /// For targets that answer only lookup filters
    /// ([`FilterSupport::LookupsOnly`](crate::FilterSupport::LookupsOnly)),
    /// paths carry no value filter: a changed multi-valued attribute is
    /// replaced whole.
    ///
    /// # Errors
    ///
    /// As [`replace`](Self::replace).
    ///
    /// ```
    /// use scim_profiles::{monday, DirectoryProperty as P, DirectoryUser, Selection};
    /// use serde_json::json;
    ///
    /// let current = json!({"id": "42", "userName": "bjensen@example.com",
    ///     "emails": [{"value": "bjensen@example.com", "primary": true}], "active": true});
    /// let user = DirectoryUser::new()
    ///     .with(P::Username, "bjensen@example.com")?
    ///     .with(P::Email, "bjensen@example.com")?
    ///     .with(P::Active, false)?;
    /// let patch = Selection::new(&monday::PROFILE).shaper().patch(&user, &current)?.body;
    /// assert_eq!(
    ///     serde_json::to_value(&patch)?["Operations"],
    ///     json!([{"op": "replace", "path": "active", "value": false}])
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn patch(
        &self,
        user: &DirectoryUser,
        current: &Value,
    ) -> Result<Shaped<PatchOp>, ShapeError> {
        self.patch_resource(ResourceKind::User, user, current, urn::USER)
    }

    /// The `PATCH /Groups/{id}` body bringing `current` in line with the
    /// directory group `group` (a rename, for the built-in profiles);
    /// members are not touched.
    ///
    /// # Errors
    ///
    /// As [`replace`](Self::replace).
    pub fn patch_group(
        &self,
        group: &DirectoryUser,
        current: &Value,
    ) -> Result<Shaped<PatchOp>, ShapeError> {
        self.patch_resource(ResourceKind::Group, group, current, urn::GROUP)
    }

    fn patch_resource(
        &self,
        resource: ResourceKind,
        record: &DirectoryUser,
        current: &Value,
        core: &str,
    ) -> Result<Shaped<PatchOp>, ShapeError> {
        let (before, doc, dropped) = self.updated(resource, record, current)?;
        let new = with_schemas(doc, core);
        let mut old = before;
        if let Some(schemas) = new.get("schemas") {
            old.insert("schemas".to_owned(), schemas.clone());
        }
        let narrow = self.selection.profile().capabilities.filters == FilterSupport::LookupsOnly;
        let options = DiffOptions::new().value_filters(!narrow);
        Ok(Shaped {
            body: diff(&Value::Object(old), &new, &options),
            follow_up: None,
            dropped,
        })
    }

    /// The body of `PUT /Groups/{id}` bringing `current` in line with the
    /// directory group `group` (renaming it, for the built-in profiles).
    /// `members` and every attribute the profile does not map are kept.
    ///
    /// # Errors
    ///
    /// As [`replace`](Self::replace).
    pub fn replace_group(
        &self,
        group: &DirectoryUser,
        current: &Value,
    ) -> Result<Shaped<Value>, ShapeError> {
        let (_, doc, dropped) = self.updated(ResourceKind::Group, group, current)?;
        Ok(Shaped {
            body: with_schemas(doc, urn::GROUP),
            follow_up: None,
            dropped,
        })
    }

    /// The resource as it is (`current`, in the form a client sends back)
    /// and as the directory wants it, and what was left out.
    fn updated(
        &self,
        resource: ResourceKind,
        record: &DirectoryUser,
        current: &Value,
    ) -> Result<Updated, ShapeError> {
        let mut dropped = Vec::new();
        let before = server_view(current)?;
        let mut doc = before.clone();
        self.fill(resource, record, &mut doc, Mode::Update, &mut dropped)?;
        if resource == ResourceKind::User {
            self.apply_roles(&mut doc)?;
        }
        Ok((before, doc, dropped))
    }

    /// The value a row sends, or `None` when absent; `Err` with a drop when
    /// the value is refused.
    fn value_for(
        &self,
        compiled: &CompiledRow,
        user: &DirectoryUser,
        mode: Mode,
    ) -> Result<Option<Value>, Dropped> {
        let row = &compiled.row;
        let mut value = if row.property == DirectoryProperty::Active {
            Some(Value::Bool(user.effective_active()))
        } else {
            user.get(&row.property).cloned()
        };
        if row.property == DirectoryProperty::Password
            && mode == Mode::Update
            && !self.password_changed
            && value.is_some()
        {
            return Err(Dropped {
                property: Some(row.property.clone()),
                path: Some(row.path.to_string()),
                reason: DropReason::PasswordUnchanged,
            });
        }
        if let (Some(allowed), Some(v)) = (&compiled.allowed, &value) {
            let canonical = v.as_str().and_then(|t| allowed.find(t));
            match canonical {
                Some(c) => value = Some(Value::String(c.to_owned())),
                None => {
                    return Err(Dropped {
                        property: Some(row.property.clone()),
                        path: Some(row.path.to_string()),
                        reason: DropReason::NotAllowed {
                            value: v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                            allowed: allowed.values.iter().map(ToString::to_string).collect(),
                        },
                    });
                }
            }
        }
        if compiled.lowercase {
            value = value.map(lowercase);
        }
        Ok(value)
    }

    fn fill(
        &self,
        resource: ResourceKind,
        user: &DirectoryUser,
        doc: &mut Map<String, Value>,
        mode: Mode,
        dropped: &mut Vec<Dropped>,
    ) -> Result<(), ShapeError> {
        let selection = self.selection;
        let profile = selection.profile();
        for compiled in selection.compiled(resource) {
            let row = &compiled.row;
            let slot = compiled.slot.as_ref().map_err(Clone::clone)?;
            let explicit_only = compiled.explicit_only;
            match self.value_for(compiled, user, mode) {
                Ok(Some(value)) => slot.write(doc, value),
                Ok(None) => {
                    if row.is_required() && !explicit_only {
                        return Err(ShapeError::MissingRequired {
                            property: row.property.clone(),
                            path: row.path.clone(),
                        });
                    }
                    let keeps = explicit_only || row.property == DirectoryProperty::Password;
                    if mode == Mode::Update && !keeps {
                        let whole = !matches!(row.property.kind(), ValueKind::Text);
                        slot.remove(doc, whole);
                    }
                }
                Err(drop) => dropped.push(drop),
            }
        }
        // Properties no selected row reads.
        let reads_active = selection
            .rows(resource)
            .any(|m| m.property == DirectoryProperty::Active);
        for (property, _) in user.properties() {
            let consumed = selection.rows(resource).any(|m| &m.property == property)
                || (reads_active
                    && matches!(
                        property,
                        DirectoryProperty::Suspended | DirectoryProperty::PasswordExpired
                    ));
            if consumed {
                continue;
            }
            let excluded = selection
                .excluded()
                .find(|m| m.resource == resource && &m.property == property);
            let (path, reason) = if let Some(m) = excluded {
                (Some(m.path.to_string()), DropReason::Excluded)
            } else if let Some(u) = property
                .natural_scim_attribute()
                .and_then(|attr| profile.unsupported_for(resource, attr))
            {
                (
                    Some(u.path.to_string()),
                    DropReason::Unsupported(u.reason.clone()),
                )
            } else {
                (None, DropReason::NotInTable)
            };
            dropped.push(Dropped {
                property: Some(property.clone()),
                path,
                reason,
            });
        }
        Ok(())
    }

    fn apply_roles(&self, doc: &mut Map<String, Value>) -> Result<(), ShapeError> {
        let Some(roles) = &self.roles else {
            return Ok(());
        };
        let profile = self.selection.profile();
        match &profile.rules.roles {
            RoleRule::CodedRoles => {
                let mut seen: Vec<&str> = Vec::new();
                let entries = roles
                    .iter()
                    .filter(|code| {
                        let fresh = !seen.contains(&code.as_str());
                        seen.push(code);
                        fresh
                    })
                    .map(|code| {
                        let mut entry = Map::new();
                        entry.insert("type".to_owned(), Value::String(code.clone()));
                        entry.insert("value".to_owned(), Value::String(code.clone()));
                        Value::Object(entry)
                    })
                    .collect::<Vec<_>>();
                if entries.is_empty() {
                    remove_ci(doc, "roles");
                } else {
                    set_ci(doc, "roles", Value::Array(entries));
                }
                Ok(())
            }
            RoleRule::Single(allowed) => {
                let allowed_list = || allowed.values.iter().map(ToString::to_string).collect();
                let [role] = roles.as_slice() else {
                    return Err(ShapeError::RoleNotAllowed {
                        value: roles.join(","),
                        allowed: allowed_list(),
                    });
                };
                let Some(canonical) = allowed.find(role) else {
                    return Err(ShapeError::RoleNotAllowed {
                        value: role.clone(),
                        allowed: allowed_list(),
                    });
                };
                set_ci(
                    doc,
                    allowed.path.as_str(),
                    Value::String(canonical.to_owned()),
                );
                Ok(())
            }
            _ => Err(ShapeError::RolesNotSupported {
                profile: profile.name.to_string(),
            }),
        }
    }
}

/// The resource as a client may send it back: without `schemas` (rebuilt),
/// `meta` and `groups`.
fn server_view(current: &Value) -> Result<Map<String, Value>, ShapeError> {
    let mut doc = current
        .as_object()
        .cloned()
        .ok_or(ShapeError::NotAnObject)?;
    for key in SERVER_ONLY {
        remove_ci(&mut doc, key);
    }
    remove_ci(&mut doc, "schemas");
    Ok(doc)
}

/// `doc` with `schemas` listing `core` and every extension object present
/// (top-level keys that are URNs).
fn with_schemas(mut doc: Map<String, Value>, core: &str) -> Value {
    let mut schemas = vec![Value::String(core.to_owned())];
    for (key, value) in &doc {
        let is_urn = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
        if is_urn && value.is_object() {
            schemas.push(Value::String(key.clone()));
        }
    }
    remove_ci(&mut doc, "schemas");
    doc.insert("schemas".to_owned(), Value::Array(schemas));
    Value::Object(doc)
}
