//! The service provider itself: routing, the store and the handlers.

use std::collections::{BTreeSet, HashMap, VecDeque};

use http::Method;
use scim_core::filter::{CompValue, CompareOp, Evaluator};
use scim_core::patch::{Patcher, Tolerance};
use scim_core::schema::{Mutability, Uniqueness, urn};
use scim_core::validate::{Mode, ValidationErrors, Validator};
use scim_core::{
    AttrPath, BulkMethod, BulkOperationResponse, BulkRequest, DateTime, Filter, PatchOp,
    ResourceType, SchemaRegistry, ScimError, ScimType,
};
use serde_json::{Map, Value, json};

use super::log::{Counters, LogEntry};
use super::project::{self, Projection, get_ci};
use super::quirks::{Quirks, TotalResults, UnsupportedFilter};
use super::rng::SplitMix64;

/// What a resource type is, for the behaviours only Users and Groups have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Group,
    Other,
}

#[derive(Clone, Debug)]
pub(crate) struct TypeDef {
    pub(crate) rt: ResourceType,
    pub(crate) kind: Kind,
    pub(crate) extensions: Vec<String>,
    /// The attributes never returned (`password`).
    pub(crate) never: Vec<project::Selected>,
}

impl TypeDef {
    pub(crate) fn new(rt: ResourceType, registry: &SchemaRegistry) -> TypeDef {
        let kind = if rt.schema.eq_ignore_ascii_case(urn::USER) {
            Kind::User
        } else if rt.schema.eq_ignore_ascii_case(urn::GROUP) {
            Kind::Group
        } else {
            Kind::Other
        };
        let extensions: Vec<String> = rt
            .schema_extensions
            .iter()
            .map(|e| e.schema.clone())
            .collect();
        let never = project::never_returned(registry, &rt.schema, &extensions);
        TypeDef {
            rt,
            kind,
            extensions,
            never,
        }
    }

    fn endpoint(&self) -> &str {
        self.rt.endpoint.trim_start_matches('/')
    }

    fn schemas(&self) -> Vec<&str> {
        std::iter::once(self.rt.schema.as_str())
            .chain(self.extensions.iter().map(String::as_str))
            .collect()
    }
}

/// What does not change after the provider is built.
pub(crate) struct Config {
    pub(crate) registry: SchemaRegistry,
    pub(crate) types: Vec<TypeDef>,
    /// `scheme://authority` of the base URL, used when a request names none.
    pub(crate) origin: String,
    /// The base URL's path without a trailing slash (`/scim/v2`, or empty).
    pub(crate) prefix: String,
    pub(crate) token: Option<String>,
    pub(crate) max_operations: usize,
    pub(crate) max_payload_size: usize,
    pub(crate) max_results: usize,
    pub(crate) log_capacity: usize,
    pub(crate) patch_tolerance: Tolerance,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field(
                "types",
                &self.types.iter().map(|t| &t.rt.name).collect::<Vec<_>>(),
            )
            .field("origin", &self.origin)
            .field("prefix", &self.prefix)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("max_operations", &self.max_operations)
            .field("max_payload_size", &self.max_payload_size)
            .field("max_results", &self.max_results)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    seq: u64,
    pub(crate) resource: Value,
    version: u64,
    provisioned: bool,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    by_id: HashMap<String, Entry>,
    /// Ids in creation order, with their sequence numbers (ascending).
    order: Vec<(u64, String)>,
    /// Lowercased `userName` to id, for Users.
    names: HashMap<String, String>,
    /// `externalId` to ids (not unique).
    external: HashMap<String, Vec<String>>,
}

impl Store {
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.order.iter().filter_map(|(_, id)| self.by_id.get(id))
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id)
    }

    fn index(&mut self, id: &str, resource: &Value, user: bool) {
        if user {
            if let Some(n) = user_name_key(resource) {
                self.names.insert(n, id.to_owned());
            }
        }
        if let Some(x) = external_id(resource) {
            self.external
                .entry(x.to_owned())
                .or_default()
                .push(id.to_owned());
        }
    }

    fn unindex(&mut self, id: &str, resource: &Value, user: bool) {
        if user {
            if let Some(n) = user_name_key(resource) {
                if self.names.get(&n).map(String::as_str) == Some(id) {
                    self.names.remove(&n);
                }
            }
        }
        if let Some(x) = external_id(resource) {
            if let Some(ids) = self.external.get_mut(x) {
                ids.retain(|i| i != id);
                if ids.is_empty() {
                    self.external.remove(x);
                }
            }
        }
    }

    /// The resources an equality on an indexed attribute (`id`,
    /// `externalId`, a User's `userName`) selects, in creation order; for
    /// `and`, those of its first indexed operand. `None` when the filter
    /// cannot be answered from an index.
    fn indexed(&self, f: &Filter, schema: &str, user: bool) -> Option<Vec<&Entry>> {
        match f {
            Filter::Compare(c) => {
                let own = c.path.uri().is_none_or(|u| u.eq_ignore_ascii_case(schema));
                let CompValue::String(v) = &c.value else {
                    return None;
                };
                if c.op != CompareOp::Eq || !own || c.path.sub_attr().is_some() {
                    return None;
                }
                let name = c.path.name();
                let mut found: Vec<&Entry> = if name.eq_ignore_ascii_case("id") {
                    self.by_id.get(v.as_str()).into_iter().collect()
                } else if name.eq_ignore_ascii_case("externalId") {
                    self.external
                        .get(v.as_str())
                        .into_iter()
                        .flatten()
                        .filter_map(|id| self.by_id.get(id))
                        .collect()
                } else if user && name.eq_ignore_ascii_case("userName") {
                    self.names
                        .get(&v.to_lowercase())
                        .and_then(|id| self.by_id.get(id))
                        .into_iter()
                        .collect()
                } else {
                    return None;
                };
                found.sort_by_key(|e| e.seq);
                Some(found)
            }
            Filter::And(ops) => ops.iter().find_map(|o| self.indexed(o, schema, user)),
            _ => None,
        }
    }
}

/// What changes: the data, the behaviour and the records.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) quirks: Quirks,
    pub(crate) stores: Vec<Store>,
    /// Member id to the ids of the groups that list it.
    members_of: HashMap<String, BTreeSet<String>>,
    clock: u64,
    seq: u64,
    ids: SplitMix64,
    pub(crate) faults: Option<SplitMix64>,
    pub(crate) since_refusal: u64,
    pub(crate) log: VecDeque<LogEntry>,
    pub(crate) counters: Counters,
}

impl State {
    pub(crate) fn new(types: usize, quirks: Quirks, id_seed: u64) -> State {
        let faults = quirks.faults.map(|f| SplitMix64::new(f.seed));
        State {
            quirks,
            stores: vec![Store::default(); types],
            members_of: HashMap::new(),
            clock: 0,
            seq: 0,
            ids: SplitMix64::new(id_seed),
            faults,
            since_refusal: 0,
            log: VecDeque::new(),
            counters: Counters::default(),
        }
    }

    pub(crate) fn set_quirks(&mut self, quirks: Quirks) {
        self.faults = quirks.faults.map(|f| SplitMix64::new(f.seed));
        self.since_refusal = 0;
        self.quirks = quirks;
    }
}

/// A response before it becomes HTTP.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Option<Value>,
    pub(crate) etag: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            etag: None,
            location: None,
            headers: Vec::new(),
        }
    }

    fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: None,
            etag: None,
            location: None,
            headers: Vec::new(),
        }
    }

    pub(crate) fn error(
        status: u16,
        scim_type: impl Into<Option<ScimType>>,
        detail: impl Into<String>,
    ) -> Reply {
        let err = ScimError::new(status, scim_type, detail);
        Reply::json(status, serde_json::to_value(&err).unwrap_or(Value::Null))
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn not_found(what: &str) -> Reply {
    Reply::error(404, None, format!("{what} not found"))
}

fn not_allowed(allow: &'static str) -> Reply {
    Reply::error(
        405,
        None,
        format!("method not allowed here; allowed: {allow}"),
    )
    .header("allow", allow)
}

/// One request as the handlers see it.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    /// The path after the base path, starting with `/` (or empty).
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) if_match: Option<String>,
    pub(crate) if_none_match: Option<String>,
    pub(crate) body: &'a [u8],
}

/// The query parameters of a list or search.
#[derive(Debug, Default)]
struct ListParams {
    filter: Option<String>,
    sort_by: Option<String>,
    descending: bool,
    start_index: Option<i64>,
    count: Option<i64>,
    attributes: Vec<String>,
    excluded: Vec<String>,
}

/// The handlers, over the configuration, the state and the origin
/// (`scheme://authority`) locations are written with.
pub(crate) struct Server<'a> {
    pub(crate) cfg: &'a Config,
    pub(crate) st: &'a mut State,
    pub(crate) origin: &'a str,
}

/// Decodes `%XX` escapes of one path segment.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn query_params(call: &Call<'_>, name: &str) -> Option<String> {
    call.query
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

fn etag_of(version: u64) -> String {
    format!("W/\"{version}\"")
}

/// Whether an `If-Match`/`If-None-Match` value lists `etag` (weak
/// comparison, RFC 9110 §8.8.3.2), or is `*`.
fn etag_listed(header: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let want = bare(etag);
    header
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == want)
}

fn now() -> String {
    DateTime::now().as_str().to_owned()
}

fn is_urn(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
}

fn remove_ci(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()?;
    map.remove(&key)
}

fn external_id(resource: &Value) -> Option<&str> {
    resource
        .as_object()
        .and_then(|m| get_ci(m, "externalId"))
        .and_then(Value::as_str)
}

fn user_name_key(resource: &Value) -> Option<String> {
    resource
        .as_object()
        .and_then(|m| get_ci(m, "userName"))
        .and_then(Value::as_str)
        .map(str::to_lowercase)
}

impl Server<'_> {
    fn base(&self) -> String {
        format!("{}{}", self.origin, self.cfg.prefix)
    }

    fn quirks(&self) -> &Quirks {
        &self.st.quirks
    }

    fn type_enabled(&self, t: usize) -> bool {
        let no_groups = self.st.quirks.no_groups;
        self.cfg
            .types
            .get(t)
            .is_some_and(|d| !(no_groups && d.kind == Kind::Group))
    }

    fn enabled_types(&self) -> Vec<usize> {
        (0..self.cfg.types.len())
            .filter(|&t| self.type_enabled(t))
            .collect()
    }

    fn type_by_endpoint(&self, segment: &str) -> Option<usize> {
        let types = &self.cfg.types;
        let t = types
            .iter()
            .position(|d| d.endpoint() == segment)
            .or_else(|| {
                types
                    .iter()
                    .position(|d| d.endpoint().eq_ignore_ascii_case(segment))
            })?;
        self.type_enabled(t).then_some(t)
    }

    pub(crate) fn type_by_name(&self, name: &str) -> Option<usize> {
        self.cfg
            .types
            .iter()
            .position(|d| d.rt.name.eq_ignore_ascii_case(name))
    }

    fn def(&self, t: usize) -> Option<&TypeDef> {
        self.cfg.types.get(t)
    }

    fn store(&self, t: usize) -> Option<&Store> {
        self.st.stores.get(t)
    }

    fn store_mut(&mut self, t: usize) -> Option<&mut Store> {
        self.st.stores.get_mut(t)
    }

    /// Where a resource of another type lives, by id (User first).
    fn locate(&self, id: &str) -> Option<usize> {
        (0..self.st.stores.len()).find(|&t| {
            self.def(t).is_some_and(|d| d.kind != Kind::Other)
                && self.store(t).is_some_and(|s| s.by_id.contains_key(id))
        })
    }

    // ----- routing -----

    pub(crate) fn dispatch(&mut self, call: &Call<'_>) -> Reply {
        let mut segments = Vec::new();
        for raw in call.path.split('/').filter(|s| !s.is_empty()) {
            match percent_decode(raw) {
                Some(s) => segments.push(s),
                None => {
                    return Reply::error(
                        400,
                        ScimType::InvalidSyntax,
                        "invalid percent-encoding in the path",
                    );
                }
            }
        }
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let m = &call.method;
        match segs.as_slice() {
            [] => match *m {
                Method::GET => self.list_query(&self.enabled_types(), call),
                _ => not_allowed("GET"),
            },
            [".search"] => match *m {
                Method::POST => self.search(&self.enabled_types(), call),
                _ => not_allowed("POST"),
            },
            ["ServiceProviderConfig"] => self.discovery(call, Server::service_provider_config),
            ["Schemas"] => self.discovery(call, |s| s.schemas(None)),
            ["Schemas", id] => self.discovery(call, |s| s.schemas(Some(id))),
            ["ResourceTypes"] => self.discovery(call, |s| s.resource_types(None)),
            ["ResourceTypes", name] => self.discovery(call, |s| s.resource_types(Some(name))),
            ["Bulk"] => match *m {
                Method::POST => self.bulk(call),
                _ => not_allowed("POST"),
            },
            ["Me", ..] => Reply::error(501, None, "the /Me endpoint is not supported"),
            [endpoint, rest @ ..] => {
                let Some(t) = self.type_by_endpoint(endpoint) else {
                    return not_found(&format!("endpoint /{endpoint}"));
                };
                match (rest, m.clone()) {
                    ([], Method::GET) => self.list_query(&[t], call),
                    ([], Method::POST) => self.create_reply(t, call),
                    ([], _) => not_allowed("GET, POST"),
                    ([".search"], Method::POST) => self.search(&[t], call),
                    ([".search"], _) => not_allowed("POST"),
                    ([id], Method::GET) => self.get(t, id, call),
                    ([id], Method::PUT) => self.replace(t, id, call),
                    ([id], Method::PATCH) => self.patch(t, id, call),
                    ([id], Method::DELETE) => self.delete(t, id, call),
                    ([_], _) => not_allowed("GET, PUT, PATCH, DELETE"),
                    _ => not_found(&format!("path {}", call.path)),
                }
            }
        }
    }

    // ----- discovery -----

    fn discovery(&self, call: &Call<'_>, f: impl FnOnce(&Self) -> Reply) -> Reply {
        if call.method != Method::GET {
            return not_allowed("GET");
        }
        // RFC 7644 §4: a filter on these endpoints SHOULD be refused with 403.
        if query_params(call, "filter").is_some() {
            return Reply::error(
                403,
                None,
                "filtering is not supported on discovery endpoints",
            );
        }
        f(self)
    }

    fn service_provider_config(&self) -> Reply {
        let q = self.quirks();
        let body = json!({
            "schemas": [urn::SERVICE_PROVIDER_CONFIG],
            "documentationUri": "https://docs.rs/scim-client",
            "patch": {"supported": !q.no_patch},
            "bulk": {
                "supported": true,
                "maxOperations": self.cfg.max_operations,
                "maxPayloadSize": self.cfg.max_payload_size,
            },
            "filter": {"supported": true, "maxResults": self.cfg.max_results},
            "changePassword": {"supported": true},
            "sort": {"supported": true},
            "etag": {"supported": !q.no_etags},
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "Authentication with a bearer token (RFC 6750)",
                "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
                "primary": true,
            }],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": format!("{}/ServiceProviderConfig", self.base()),
            },
        });
        Reply::json(200, body)
    }

    fn schema_value(&self, id: &str) -> Option<Value> {
        let schema = self.cfg.registry.get(id)?;
        let mut v = serde_json::to_value(schema).ok()?;
        if let Value::Object(m) = &mut v {
            if m.get("schemas")
                .is_none_or(|s| s.as_array().is_none_or(Vec::is_empty))
            {
                m.insert("schemas".to_owned(), json!([urn::SCHEMA]));
            }
            m.insert(
                "meta".to_owned(),
                json!({
                    "resourceType": "Schema",
                    "location": format!("{}/Schemas/{}", self.base(), schema.id),
                }),
            );
        }
        Some(v)
    }

    fn schemas(&self, id: Option<&str>) -> Reply {
        let mut ids: Vec<&str> = Vec::new();
        for t in self.enabled_types() {
            if let Some(d) = self.def(t) {
                for s in d.schemas() {
                    if !ids.iter().any(|x| x.eq_ignore_ascii_case(s)) {
                        ids.push(s);
                    }
                }
            }
        }
        match id {
            Some(id) => match ids.iter().find(|x| x.eq_ignore_ascii_case(id)) {
                Some(x) => match self.schema_value(x) {
                    Some(v) => Reply::json(200, v),
                    None => not_found(&format!("schema {id}")),
                },
                None => not_found(&format!("schema {id}")),
            },
            None => {
                let all: Vec<Value> = ids.iter().filter_map(|x| self.schema_value(x)).collect();
                Reply::json(200, self.whole_list(all))
            }
        }
    }

    fn resource_type_value(&self, d: &TypeDef) -> Value {
        let mut v = serde_json::to_value(&d.rt).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert(
                "meta".to_owned(),
                json!({
                    "resourceType": "ResourceType",
                    "location": format!("{}/ResourceTypes/{}", self.base(), d.rt.name),
                }),
            );
        }
        v
    }

    fn resource_types(&self, name: Option<&str>) -> Reply {
        let types: Vec<&TypeDef> = self
            .enabled_types()
            .into_iter()
            .filter_map(|t| self.def(t))
            .collect();
        match name {
            Some(name) => match types.iter().find(|d| {
                d.rt.name.eq_ignore_ascii_case(name)
                    || d.rt
                        .id
                        .as_deref()
                        .is_some_and(|i| i.eq_ignore_ascii_case(name))
            }) {
                Some(d) => Reply::json(200, self.resource_type_value(d)),
                None => not_found(&format!("resource type {name}")),
            },
            None => {
                let all = types.iter().map(|d| self.resource_type_value(d)).collect();
                Reply::json(200, self.whole_list(all))
            }
        }
    }

    fn whole_list(&self, resources: Vec<Value>) -> Value {
        let n = resources.len();
        json!({
            "schemas": [urn::LIST_RESPONSE],
            "totalResults": n,
            "itemsPerPage": n,
            "startIndex": 1,
            "Resources": resources,
        })
    }

    // ----- rendering -----

    fn location(&self, t: usize, id: &str) -> String {
        let endpoint = self.def(t).map_or("", TypeDef::endpoint);
        format!("{}/{}/{}", self.base(), endpoint, encode_segment(id))
    }

    /// The full representation of a stored resource, as a response shows it
    /// before `attributes`/`excludedAttributes`.
    pub(crate) fn render(&self, t: usize, entry: &Entry) -> Value {
        let mut v = entry.resource.clone();
        let Value::Object(map) = &mut v else {
            return v;
        };
        let id = map
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let location = self.location(t, &id);
        if let Some(Value::Object(meta)) = map.get_mut("meta") {
            meta.insert("location".to_owned(), Value::String(location));
            if self.st.quirks.no_etags {
                meta.remove("version");
            } else {
                meta.insert("version".to_owned(), Value::String(etag_of(entry.version)));
            }
        }
        for attr in ["groups", "members"] {
            if let Some(Value::Array(items)) = map.get_mut(attr) {
                for item in items.iter_mut() {
                    let Value::Object(m) = item else { continue };
                    let Some(id) = m.get("value").and_then(Value::as_str).map(str::to_owned) else {
                        continue;
                    };
                    let target = if attr == "groups" {
                        self.cfg.types.iter().position(|d| d.kind == Kind::Group)
                    } else {
                        self.locate(&id)
                    };
                    if let Some(tt) = target {
                        m.insert("$ref".to_owned(), Value::String(self.location(tt, &id)));
                    }
                }
            }
        }
        v
    }

    fn single(&self, t: usize, id: &str, proj: &Projection, status: u16) -> Reply {
        let Some(entry) = self.store(t).and_then(|s| s.get(id)) else {
            return not_found(&format!("resource {id}"));
        };
        let body = proj.apply(&self.cfg.registry, self.render(t, entry));
        let mut reply = Reply::json(status, body);
        if !self.quirks().no_etags {
            reply.etag = Some(etag_of(entry.version));
        }
        if !self.quirks().no_location {
            reply.location = Some(self.location(t, id));
        }
        reply
    }

    fn projection(
        &self,
        t: usize,
        attributes: &[String],
        excluded: &[String],
    ) -> Result<Projection, Reply> {
        let Some(d) = self.def(t) else {
            return Ok(Projection::default());
        };
        if attributes.is_empty() && excluded.is_empty() {
            return Ok(Projection {
                never: Some(d.never.clone()),
                ..Projection::default()
            });
        }
        let parse = |list: &[String]| {
            project::parse_list(list, &d.rt.schema, &d.extensions)
                .map_err(|e| Reply::error(400, ScimType::InvalidValue, e))
        };
        Ok(Projection {
            attributes: parse(attributes)?,
            excluded: parse(excluded)?,
            never: None,
        })
    }

    fn call_projection(&self, t: usize, call: &Call<'_>) -> Result<Projection, Reply> {
        let attrs: Vec<String> = query_params(call, "attributes").into_iter().collect();
        let excluded: Vec<String> = query_params(call, "excludedAttributes")
            .into_iter()
            .collect();
        self.projection(t, &attrs, &excluded)
    }

    // ----- reading -----

    fn get(&self, t: usize, id: &str, call: &Call<'_>) -> Reply {
        let Some(entry) = self.store(t).and_then(|s| s.get(id)) else {
            return not_found(&format!("resource {id}"));
        };
        if !self.quirks().no_etags {
            if let Some(inm) = &call.if_none_match {
                if etag_listed(inm, &etag_of(entry.version)) {
                    let mut r = Reply::empty(304);
                    r.etag = Some(etag_of(entry.version));
                    return r;
                }
            }
        }
        match self.call_projection(t, call) {
            Ok(proj) => self.single(t, id, &proj, 200),
            Err(r) => r,
        }
    }

    fn list_query(&self, types: &[usize], call: &Call<'_>) -> Reply {
        let int = |name: &str| -> Result<Option<i64>, Reply> {
            match query_params(call, name) {
                None => Ok(None),
                Some(v) if v.trim().is_empty() => Ok(None),
                Some(v) => v.trim().parse::<i64>().map(Some).map_err(|_| {
                    Reply::error(
                        400,
                        ScimType::InvalidValue,
                        format!("{name} must be an integer, found `{v}`"),
                    )
                }),
            }
        };
        let params = (|| {
            Ok::<_, Reply>(ListParams {
                filter: query_params(call, "filter"),
                sort_by: query_params(call, "sortBy").filter(|s| !s.trim().is_empty()),
                descending: sort_order(query_params(call, "sortOrder").as_deref())?,
                start_index: int("startIndex")?,
                count: int("count")?,
                attributes: query_params(call, "attributes").into_iter().collect(),
                excluded: query_params(call, "excludedAttributes")
                    .into_iter()
                    .collect(),
            })
        })();
        match params {
            Ok(p) => self.list(types, &p, self.reveals_hidden(call)),
            Err(r) => r,
        }
    }

    fn search(&self, types: &[usize], call: &Call<'_>) -> Reply {
        let req: scim_core::SearchRequest = match scim_core::from_slice(call.body) {
            Ok(r) => r,
            Err(e) => return Reply::error(400, e.scim_type(), format!("search request: {e}")),
        };
        if !req.schemas.is_empty()
            && !req
                .schemas
                .iter()
                .any(|s| s.eq_ignore_ascii_case(urn::SEARCH_REQUEST))
        {
            return Reply::error(
                400,
                ScimType::InvalidSyntax,
                format!("schemas must list {}", urn::SEARCH_REQUEST),
            );
        }
        let params = ListParams {
            filter: req.filter.clone(),
            sort_by: req.sort_by.clone(),
            descending: req.sort_order == Some(scim_core::SortOrder::Descending),
            start_index: req.start_index,
            count: req.count,
            attributes: req.attributes.clone(),
            excluded: req.excluded_attributes.clone(),
        };
        self.list(types, &params, self.reveals_hidden(call))
    }

    fn reveals_hidden(&self, call: &Call<'_>) -> bool {
        match &self.quirks().hide_unprovisioned {
            None => true,
            Some((param, value)) => call
                .query
                .iter()
                .any(|(k, v)| k == param && v.eq_ignore_ascii_case(value)),
        }
    }

    /// A filter the (configured) server cannot take.
    fn bad_filter(&self, detail: String) -> Reply {
        match self.quirks().unsupported_filter {
            UnsupportedFilter::Reject => Reply::error(400, ScimType::InvalidFilter, detail),
            UnsupportedFilter::EmptyList => self.page_reply(Vec::new(), 0, 1, None),
        }
    }

    /// Whether the configured server supports `filter`; `parent` is the
    /// attribute of the value path the filter sits in, if any.
    fn check_supported(&self, filter: &Filter, parent: Option<&AttrPath>) -> Result<(), String> {
        let q = self.quirks();
        let path_ok = |path: &AttrPath| -> Result<(), String> {
            let Some(allowed) = &q.filter_attributes else {
                return Ok(());
            };
            let (written, bare) = match parent {
                // Inside `emails[…]`, `type` is `emails.type`.
                Some(parent) => (
                    format!("{parent}.{}", path.name()),
                    format!("{}.{}", parent.name(), path.name()),
                ),
                None => (
                    path.to_string(),
                    match path.sub_attr() {
                        Some(sub) => format!("{}.{sub}", path.name()),
                        None => path.name().to_owned(),
                    },
                ),
            };
            if allowed
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&written) || a.eq_ignore_ascii_case(&bare))
            {
                Ok(())
            } else {
                Err(format!("filtering on `{written}` is not supported"))
            }
        };
        let op_ok = |op: &str| -> Result<(), String> {
            match &q.filter_operators {
                Some(ops) if !ops.iter().any(|o| o.eq_ignore_ascii_case(op)) => {
                    Err(format!("the filter operator `{op}` is not supported"))
                }
                _ => Ok(()),
            }
        };
        match filter {
            Filter::Compare(c) => {
                path_ok(&c.path)?;
                op_ok(c.op.as_str())
            }
            Filter::Present(p) => {
                path_ok(p)?;
                op_ok("pr")
            }
            other => {
                if !q.compound_filters {
                    return Err("only a single comparison is supported in filters".to_owned());
                }
                match other {
                    Filter::Not(inner) => self.check_supported(inner, parent),
                    Filter::And(ops) | Filter::Or(ops) => {
                        ops.iter().try_for_each(|f| self.check_supported(f, parent))
                    }
                    Filter::ValuePath(vp) => self.check_supported(&vp.filter, Some(&vp.path)),
                    _ => Err("this filter is not supported".to_owned()),
                }
            }
        }
    }

    fn list(&self, types: &[usize], p: &ListParams, reveal: bool) -> Reply {
        let filter = match p.filter.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => match Filter::parse(text) {
                Ok(f) => Some(f),
                Err(e) => return self.bad_filter(format!("invalid filter: {e}")),
            },
        };
        let evaluator = Evaluator::new(&self.cfg.registry);
        if let Some(f) = &filter {
            if let Err(why) = self.check_supported(f, None) {
                return self.bad_filter(why);
            }
            for &t in types {
                if let Some(d) = self.def(t) {
                    if let Err(e) = evaluator.check(f, &d.schemas()) {
                        return self.bad_filter(e.to_string());
                    }
                }
            }
        }
        let sort = match p.sort_by.as_deref().map(str::trim) {
            None => None,
            Some(s) => match AttrPath::parse(s) {
                Ok(path) => Some(path),
                Err(e) => return Reply::error(400, ScimType::InvalidValue, format!("sortBy: {e}")),
            },
        };
        let mut projections = Vec::new();
        for &t in types {
            match self.projection(t, &p.attributes, &p.excluded) {
                Ok(pr) => projections.push((t, pr)),
                Err(r) => return r,
            }
        }

        // The matching resources, in store order.
        let mut found: Vec<(usize, &Entry)> = Vec::new();
        let plain = filter.is_none() && sort.is_none() && reveal && types.len() == 1;
        let (offset, count) = self.window(p);
        if plain {
            // No filter, no sort: page straight off the store.
            let Some(&t) = types.first() else {
                return self.page_reply(Vec::new(), 0, 1, p.count);
            };
            let Some(store) = self.store(t) else {
                return self.page_reply(Vec::new(), 0, 1, p.count);
            };
            let total = store.len();
            let page: Vec<(usize, &Entry)> = store
                .order
                .get(offset..)
                .unwrap_or_default()
                .iter()
                .take(count)
                .filter_map(|(_, id)| store.by_id.get(id))
                .map(|e| (t, e))
                .collect();
            return self.render_page(&page, &projections, total, offset, p.count);
        }
        for &t in types {
            let Some(store) = self.store(t) else { continue };
            let Some(d) = self.def(t) else { continue };
            let is_user = d.kind == Kind::User;
            let candidates: Box<dyn Iterator<Item = &Entry>> = match filter
                .as_ref()
                .and_then(|f| store.indexed(f, &d.rt.schema, is_user))
            {
                Some(found) => Box::new(found.into_iter()),
                None => Box::new(store.iter()),
            };
            for entry in candidates {
                if !reveal && !entry.provisioned {
                    continue;
                }
                if let Some(f) = &filter {
                    match evaluator.matches(f, &entry.resource) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(e) => return self.bad_filter(e.to_string()),
                    }
                }
                found.push((t, entry));
            }
        }
        if let Some(path) = &sort {
            let mut keyed: Vec<(project::SortKey, (usize, &Entry))> = found
                .into_iter()
                .map(|(t, e)| {
                    (
                        project::sort_key(&self.cfg.registry, path, &e.resource),
                        (t, e),
                    )
                })
                .collect();
            keyed.sort_by(|a, b| project::compare(&a.0, &b.0, p.descending));
            found = keyed.into_iter().map(|(_, x)| x).collect();
        }
        let total = found.len();
        let page: Vec<(usize, &Entry)> = found.into_iter().skip(offset).take(count).collect();
        self.render_page(&page, &projections, total, offset, p.count)
    }

    /// The 0-based offset and page size a list request asks for, after the
    /// quirks.
    fn window(&self, p: &ListParams) -> (usize, usize) {
        let q = self.quirks();
        let offset = if q.ignore_start_index {
            0
        } else if q.zero_based_index {
            p.start_index.unwrap_or(0).max(0)
        } else {
            // RFC 7644 §3.4.2.4: 1-based; a value below 1 is read as 1.
            p.start_index.unwrap_or(1).max(1) - 1
        };
        let mut count = match p.count {
            None => self.cfg.max_results,
            Some(c) => usize::try_from(c.max(0))
                .unwrap_or(usize::MAX)
                .min(self.cfg.max_results),
        };
        if let Some(cap) = q.page_size_cap {
            count = count.min(cap);
        }
        (usize::try_from(offset).unwrap_or(usize::MAX), count)
    }

    fn render_page(
        &self,
        page: &[(usize, &Entry)],
        projections: &[(usize, Projection)],
        total: usize,
        offset: usize,
        requested: Option<i64>,
    ) -> Reply {
        let resources: Vec<Value> = page
            .iter()
            .map(|&(t, e)| {
                let full = self.render(t, e);
                match projections.iter().find(|(pt, _)| *pt == t) {
                    Some((_, pr)) => pr.apply(&self.cfg.registry, full),
                    None => full,
                }
            })
            .collect();
        let start = if self.quirks().zero_based_index {
            offset
        } else {
            offset.saturating_add(1)
        };
        self.page_reply(resources, total, start, requested)
    }

    fn page_reply(
        &self,
        resources: Vec<Value>,
        total: usize,
        start: usize,
        requested: Option<i64>,
    ) -> Reply {
        let q = self.quirks();
        let n = resources.len();
        let total = total as u64;
        let total = match q.total_results {
            TotalResults::Correct => Some(total),
            TotalResults::PageLength => Some(n as u64),
            TotalResults::Fixed(x) => Some(x),
            TotalResults::Offset(d) => Some(total.saturating_add_signed(d)),
            TotalResults::Absent => None,
        };
        let items = match (q.items_per_page_echoes_count, requested) {
            (true, Some(c)) => c.max(0) as u64,
            _ => n as u64,
        };
        let mut body = Map::new();
        body.insert("schemas".to_owned(), json!([urn::LIST_RESPONSE]));
        if let Some(total) = total {
            body.insert("totalResults".to_owned(), json!(total));
        }
        body.insert("itemsPerPage".to_owned(), json!(items));
        body.insert("startIndex".to_owned(), json!(start));
        let key = if q.lowercase_resources {
            "resources"
        } else {
            "Resources"
        };
        body.insert(key.to_owned(), Value::Array(resources));
        Reply::json(200, Value::Object(body))
    }

    // ----- writing -----

    fn parse_body(&self, body: &[u8]) -> Result<Value, Reply> {
        match serde_json::from_slice::<Value>(body) {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err(Reply::error(
                400,
                ScimType::InvalidSyntax,
                "the body must be a JSON object",
            )),
            Err(e) => Err(Reply::error(
                400,
                ScimType::InvalidSyntax,
                format!("the body is not JSON: {e}"),
            )),
        }
    }

    fn validator(&self, t: usize) -> Validator<'_> {
        let mut v = Validator::new(&self.cfg.registry);
        if let Some(d) = self.def(t) {
            v = v.expect_schema(d.rt.schema.clone());
            for e in &d.extensions {
                v = v.extension_schema(e.clone());
            }
        }
        v
    }

    /// Checks a client's body: strips read-only attributes, checks types.
    fn validate_request(&self, t: usize, value: &mut Value) -> Result<(), Reply> {
        self.validator(t)
            .validate_mut(value)
            .map_err(|errors| validation_reply(&errors))?;
        // Only the extensions of this resource type may be present.
        if let (Some(d), Value::Object(map)) = (self.def(t), &*value) {
            if let Some(Value::Array(schemas)) = get_ci(map, "schemas") {
                for s in schemas.iter().filter_map(Value::as_str) {
                    let own = s.eq_ignore_ascii_case(&d.rt.schema)
                        || d.extensions.iter().any(|e| e.eq_ignore_ascii_case(s));
                    if !own {
                        return Err(Reply::error(
                            400,
                            ScimType::InvalidValue,
                            format!(
                                "schema {s} is not a schema of the {} resource type",
                                d.rt.name
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks a Group's members exist; fills in their `type`; drops `$ref`
    /// (written at render). Returns the member ids.
    fn check_members(
        &self,
        value: &mut Value,
        self_id: Option<&str>,
    ) -> Result<BTreeSet<String>, Reply> {
        let mut ids = BTreeSet::new();
        let Some(map) = value.as_object_mut() else {
            return Ok(ids);
        };
        let Some(key) = map
            .keys()
            .find(|k| k.eq_ignore_ascii_case("members"))
            .cloned()
        else {
            return Ok(ids);
        };
        let Some(Value::Array(items)) = map.get_mut(&key) else {
            return Ok(ids);
        };
        for item in items.iter_mut() {
            let Value::Object(m) = item else {
                return Err(Reply::error(
                    400,
                    ScimType::InvalidValue,
                    "members: each member must be an object",
                ));
            };
            remove_ci(m, "$ref");
            let Some(id) = get_ci(m, "value")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                return Err(Reply::error(
                    400,
                    ScimType::InvalidValue,
                    "members: a member has no value",
                ));
            };
            if Some(id.as_str()) == self_id {
                return Err(Reply::error(
                    400,
                    ScimType::InvalidValue,
                    "members: a group cannot be its own member",
                ));
            }
            let Some(t) = self.locate(&id) else {
                return Err(Reply::error(
                    400,
                    ScimType::InvalidValue,
                    format!("members: no User or Group with id {id}"),
                ));
            };
            if get_ci(m, "type").is_none() {
                let name = self.def(t).map(|d| d.rt.name.clone()).unwrap_or_default();
                m.insert("type".to_owned(), Value::String(name));
            }
            ids.insert(id);
        }
        // The same member listed twice is kept once.
        let mut seen = BTreeSet::new();
        items.retain(|v| {
            v.get("value")
                .and_then(Value::as_str)
                .is_none_or(|id| seen.insert(id.to_owned()))
        });
        Ok(ids)
    }

    fn check_unique(&self, t: usize, value: &Value, except: Option<&str>) -> Result<(), Reply> {
        let Some(d) = self.def(t) else { return Ok(()) };
        let Some(store) = self.store(t) else {
            return Ok(());
        };
        let Some(map) = value.as_object() else {
            return Ok(());
        };
        if d.kind == Kind::User {
            if let Some(key) = user_name_key(value) {
                if let Some(other) = store.names.get(&key) {
                    if Some(other.as_str()) != except {
                        return Err(Reply::error(
                            409,
                            ScimType::Uniqueness,
                            "userName is already taken",
                        ));
                    }
                }
            }
        }
        let Some(schema) = self.cfg.registry.get(&d.rt.schema) else {
            return Ok(());
        };
        for attr in &schema.attributes {
            if d.kind == Kind::User && attr.name.eq_ignore_ascii_case("userName") {
                continue;
            }
            if attr.uniqueness() == Uniqueness::None || attr.is_multi_valued() {
                continue;
            }
            let Some(Value::String(mine)) = get_ci(map, &attr.name) else {
                continue;
            };
            let same = |s: &str| {
                if attr.is_case_exact() {
                    s == mine
                } else {
                    s.to_lowercase() == mine.to_lowercase()
                }
            };
            let clash = store.iter().any(|e| {
                e.resource.get("id").and_then(Value::as_str) != except
                    && e.resource
                        .as_object()
                        .and_then(|m| get_ci(m, &attr.name))
                        .and_then(Value::as_str)
                        .is_some_and(same)
            });
            if clash {
                return Err(Reply::error(
                    409,
                    ScimType::Uniqueness,
                    format!("{} is already taken", attr.name),
                ));
            }
        }
        Ok(())
    }

    fn tick(&mut self) -> u64 {
        self.st.clock += 1;
        self.st.clock
    }

    fn new_id(&mut self, t: usize) -> String {
        loop {
            let id = self.st.ids.uuid();
            if self.store(t).is_none_or(|s| !s.by_id.contains_key(&id))
                && self.locate(&id).is_none()
            {
                return id;
            }
        }
    }

    fn create_reply(&mut self, t: usize, call: &Call<'_>) -> Reply {
        let proj = match self.call_projection(t, call) {
            Ok(p) => p,
            Err(r) => return r,
        };
        match self.create(t, call.body, true, false) {
            Ok(id) => {
                self.st.counters.writes += 1;
                self.single(t, &id, &proj, 201)
            }
            Err(r) => r,
        }
    }

    /// Creates a resource from a client's body. `keep_id` keeps an `id`
    /// given in the body (seeding only).
    pub(crate) fn create(
        &mut self,
        t: usize,
        body: &[u8],
        provisioned: bool,
        keep_id: bool,
    ) -> Result<String, Reply> {
        let mut value = self.parse_body(body)?;
        let given_id = if keep_id {
            value.get("id").and_then(Value::as_str).map(str::to_owned)
        } else {
            None
        };
        self.validate_request(t, &mut value)?;
        let kind = self.def(t).map_or(Kind::Other, |d| d.kind);
        let members = if kind == Kind::Group {
            self.check_members(&mut value, None)?
        } else {
            BTreeSet::new()
        };
        self.check_unique(t, &value, None)?;
        let id = match given_id {
            Some(id)
                if self.locate(&id).is_none()
                    && self.store(t).is_some_and(|s| !s.by_id.contains_key(&id)) =>
            {
                id
            }
            Some(id) => {
                return Err(Reply::error(
                    409,
                    ScimType::Uniqueness,
                    format!("id {id} is already taken"),
                ));
            }
            None => self.new_id(t),
        };
        let now = now();
        let resource_type = self.def(t).map(|d| d.rt.name.clone()).unwrap_or_default();
        let version = self.tick();
        if let Value::Object(map) = &mut value {
            // The resource's own attributes first, then id and meta.
            map.insert("id".to_owned(), Value::String(id.clone()));
            map.insert(
                "meta".to_owned(),
                json!({"resourceType": resource_type, "created": now, "lastModified": now}),
            );
        }
        self.st.seq += 1;
        let seq = self.st.seq;
        if let Some(store) = self.store_mut(t) {
            store.index(&id, &value, kind == Kind::User);
            store.order.push((seq, id.clone()));
            store.by_id.insert(
                id.clone(),
                Entry {
                    seq,
                    resource: value,
                    version,
                    provisioned,
                },
            );
        }
        if kind == Kind::Group {
            self.set_members(&id, &BTreeSet::new(), &members);
        }
        Ok(id)
    }

    /// Updates the membership index for group `gid` and the `groups` of
    /// every User whose membership changed.
    fn set_members(&mut self, gid: &str, old: &BTreeSet<String>, new: &BTreeSet<String>) {
        for m in old.difference(new) {
            if let Some(set) = self.st.members_of.get_mut(m) {
                set.remove(gid);
                if set.is_empty() {
                    self.st.members_of.remove(m);
                }
            }
        }
        for m in new.difference(old) {
            self.st
                .members_of
                .entry(m.clone())
                .or_default()
                .insert(gid.to_owned());
        }
        for m in old.symmetric_difference(new) {
            self.refresh_groups(m);
        }
    }

    /// Rewrites a User's `groups` from the membership index.
    fn refresh_groups(&mut self, uid: &str) {
        let Some(ut) = self.cfg.types.iter().position(|d| d.kind == Kind::User) else {
            return;
        };
        let gt = self.cfg.types.iter().position(|d| d.kind == Kind::Group);
        if self.store(ut).is_none_or(|s| !s.by_id.contains_key(uid)) {
            return;
        }
        let groups: Vec<Value> = self
            .st
            .members_of
            .get(uid)
            .into_iter()
            .flatten()
            .map(|gid| {
                let display = gt
                    .and_then(|gt| self.store(gt))
                    .and_then(|s| s.get(gid))
                    .and_then(|e| e.resource.get("displayName"))
                    .cloned();
                let mut g = Map::new();
                g.insert("value".to_owned(), Value::String(gid.clone()));
                if let Some(d) = display {
                    g.insert("display".to_owned(), d);
                }
                g.insert("type".to_owned(), Value::String("direct".to_owned()));
                Value::Object(g)
            })
            .collect();
        let version = self.tick();
        let now = now();
        let Some(entry) = self.store_mut(ut).and_then(|s| s.by_id.get_mut(uid)) else {
            return;
        };
        let Value::Object(map) = &mut entry.resource else {
            return;
        };
        let before = map.get("groups").cloned();
        let after = (!groups.is_empty()).then_some(Value::Array(groups));
        if before == after {
            return;
        }
        match after {
            Some(g) => map.insert("groups".to_owned(), g),
            None => map.remove("groups"),
        };
        touch(map, &now);
        entry.version = version;
    }

    fn member_ids(resource: &Value) -> BTreeSet<String> {
        resource
            .get("members")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_owned))
            .collect()
    }

    fn precondition(&self, t: usize, id: &str, if_match: Option<&str>) -> Result<(), Reply> {
        let Some(entry) = self.store(t).and_then(|s| s.get(id)) else {
            return Err(not_found(&format!("resource {id}")));
        };
        if self.quirks().no_etags {
            return Ok(());
        }
        match if_match {
            Some(h) if !etag_listed(h, &etag_of(entry.version)) => Err(Reply::error(
                412,
                None,
                format!(
                    "the resource has changed: its version is {}",
                    etag_of(entry.version)
                ),
            )),
            _ => Ok(()),
        }
    }

    fn replace(&mut self, t: usize, id: &str, call: &Call<'_>) -> Reply {
        let proj = match self.call_projection(t, call) {
            Ok(p) => p,
            Err(r) => return r,
        };
        match self.replace_inner(t, id, call.body, call.if_match.as_deref()) {
            Ok(deleted) => {
                self.st.counters.writes += 1;
                self.updated_reply(t, id, deleted, &proj)
            }
            Err(r) => r,
        }
    }

    /// The answer to a successful PUT or PATCH.
    fn updated_reply(
        &self,
        t: usize,
        id: &str,
        deleted: Option<Entry>,
        proj: &Projection,
    ) -> Reply {
        match deleted {
            None => self.single(t, id, proj, 200),
            Some(entry) => self.deleted_view(t, entry, proj),
        }
    }

    /// The answer for a User that a deactivation deleted: what it was.
    fn deleted_view(&self, t: usize, entry: Entry, proj: &Projection) -> Reply {
        Reply::json(200, proj.apply(&self.cfg.registry, self.render(t, &entry)))
    }

    /// PUT. Returns the entry when the deactivation quirk deleted it.
    fn replace_inner(
        &mut self,
        t: usize,
        id: &str,
        body: &[u8],
        if_match: Option<&str>,
    ) -> Result<Option<Entry>, Reply> {
        self.precondition(t, id, if_match)?;
        let mut value = self.parse_body(body)?;
        if let Value::Object(map) = &value {
            for name in &self.quirks().put_rejected {
                if get_ci(map, name).is_some() {
                    return Err(Reply::error(
                        400,
                        ScimType::InvalidValue,
                        format!("{name} cannot be set with PUT"),
                    ));
                }
            }
        }
        self.validate_request(t, &mut value)?;
        let Some(old) = self.store(t).and_then(|s| s.get(id)).cloned() else {
            return Err(not_found(&format!("resource {id}")));
        };
        let (Value::Object(new_map), Value::Object(old_map)) = (&mut value, &old.resource) else {
            return Err(Reply::error(
                400,
                ScimType::InvalidSyntax,
                "the body must be a JSON object",
            ));
        };
        for name in &self.st.quirks.put_ignored {
            remove_ci(new_map, name);
            if let Some((k, v)) = old_map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                new_map.insert(k.clone(), v.clone());
            }
        }
        self.keep_server_side(t, old_map, new_map)?;
        self.finish_update(t, id, value, old)
    }

    /// Carries over what a replacement does not set: read-only values
    /// (`id`, `meta`, `groups`), write-only ones (`password`) the body
    /// leaves out, and checks `immutable` ones are unchanged.
    fn keep_server_side(
        &self,
        t: usize,
        old: &Map<String, Value>,
        new: &mut Map<String, Value>,
    ) -> Result<(), Reply> {
        let Some(d) = self.def(t) else { return Ok(()) };
        let registry = &self.cfg.registry;
        let schemas = d.schemas();
        for (key, value) in old {
            if is_urn(key) {
                let Value::Object(old_ext) = value else {
                    continue;
                };
                let Some(schema) = registry.get(key) else {
                    continue;
                };
                let new_ext = new
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(new_ext) = new_ext {
                    for (k, v) in old_ext {
                        if let Some(a) = schema.attribute(k) {
                            carry(a.mutability(), k, v, new_ext)?;
                        }
                    }
                    if new_ext.is_empty() {
                        new.remove(key);
                    }
                }
                continue;
            }
            let Some(a) = registry.attribute(&schemas, None, key, None) else {
                continue;
            };
            if key.eq_ignore_ascii_case("schemas") {
                continue;
            }
            carry(a.mutability(), key, value, new)?;
        }
        Ok(())
    }

    /// Stores an updated resource (after PUT or PATCH): uniqueness,
    /// members, meta, indexes, and the deactivation quirk.
    fn finish_update(
        &mut self,
        t: usize,
        id: &str,
        mut value: Value,
        old: Entry,
    ) -> Result<Option<Entry>, Reply> {
        let kind = self.def(t).map_or(Kind::Other, |d| d.kind);
        let members = if kind == Kind::Group {
            Some(self.check_members(&mut value, Some(id))?)
        } else {
            None
        };
        self.check_unique(t, &value, Some(id))?;
        let now = now();
        let version = self.tick();
        if let Value::Object(map) = &mut value {
            map.insert("id".to_owned(), Value::String(id.to_owned()));
            touch(map, &now);
        }
        let renamed =
            kind == Kind::Group && old.resource.get("displayName") != value.get("displayName");
        let deactivated = kind == Kind::User
            && self.quirks().deactivate_deletes
            && value.as_object().and_then(|m| get_ci(m, "active")) == Some(&Value::Bool(false));
        if let Some(store) = self.store_mut(t) {
            store.unindex(id, &old.resource, kind == Kind::User);
            store.index(id, &value, kind == Kind::User);
            store.by_id.insert(
                id.to_owned(),
                Entry {
                    seq: old.seq,
                    resource: value,
                    version,
                    provisioned: old.provisioned,
                },
            );
        }
        if let Some(new_members) = members {
            let old_members = Self::member_ids(&old.resource);
            self.set_members(id, &old_members, &new_members);
            if renamed {
                for m in new_members.intersection(&old_members) {
                    self.refresh_groups(m);
                }
            }
        }
        if deactivated {
            return Ok(self.remove(t, id));
        }
        Ok(None)
    }

    fn patch(&mut self, t: usize, id: &str, call: &Call<'_>) -> Reply {
        if self.quirks().no_patch {
            return Reply::error(501, None, "PATCH is not supported");
        }
        let proj = match self.call_projection(t, call) {
            Ok(p) => p,
            Err(r) => return r,
        };
        match self.patch_inner(t, id, call) {
            Ok(deleted) => {
                self.st.counters.writes += 1;
                if self.quirks().patch_no_content {
                    let mut r = Reply::empty(204);
                    if let (false, Some(e)) = (
                        self.quirks().no_etags,
                        self.store(t).and_then(|s| s.get(id)),
                    ) {
                        r.etag = Some(etag_of(e.version));
                    }
                    return r;
                }
                self.updated_reply(t, id, deleted, &proj)
            }
            Err(r) => r,
        }
    }

    /// PATCH (RFC 7644 §3.5.2) with [`Patcher`], all or nothing. Returns the
    /// entry when the deactivation quirk deleted it.
    fn patch_inner(&mut self, t: usize, id: &str, call: &Call<'_>) -> Result<Option<Entry>, Reply> {
        self.precondition(t, id, call.if_match.as_deref())?;
        let op: PatchOp = scim_core::from_slice(call.body)
            .map_err(|e| Reply::error(400, e.scim_type(), format!("PATCH request: {e}")))?;
        if !op
            .schemas
            .iter()
            .any(|s| s.eq_ignore_ascii_case(urn::PATCH_OP))
        {
            return Err(Reply::error(
                400,
                ScimType::InvalidSyntax,
                format!("schemas must list {}", urn::PATCH_OP),
            ));
        }
        if op.operations.is_empty() {
            // As scim_core::patch::Patcher answers it.
            return Err(Reply::error(
                400,
                ScimType::InvalidValue,
                "a PATCH request needs at least one operation",
            ));
        }
        let Some(old) = self.store(t).and_then(|s| s.get(id)).cloned() else {
            return Err(not_found(&format!("resource {id}")));
        };
        // Patch what a client sees, so that echoing read-only values back
        // (`meta`, `$ref`) is no change.
        let mut value = self.render(t, &old);
        let report = Patcher::new(&self.cfg.registry)
            .with_tolerance(self.cfg.patch_tolerance)
            .apply(&mut value, &op)
            .map_err(|e| Reply::error(e.status(), e.scim_type(), e.to_string()))?;
        if !report.changed() {
            return Ok(None);
        }
        // Put back what the server keeps: id, meta, and a User's groups.
        if let (Value::Object(new), Value::Object(stored)) = (&mut value, &old.resource) {
            for key in ["id", "meta", "groups"] {
                remove_ci(new, key);
                if let Some(v) = stored.get(key) {
                    new.insert(key.to_owned(), v.clone());
                }
            }
        }
        self.validator(t)
            .mode(Mode::Response)
            .validate(&value)
            .map_err(|errors| validation_reply(&errors))?;
        self.finish_update(t, id, value, old)
    }

    fn delete(&mut self, t: usize, id: &str, call: &Call<'_>) -> Reply {
        if let Err(r) = self.precondition(t, id, call.if_match.as_deref()) {
            return r;
        }
        self.remove(t, id);
        self.st.counters.writes += 1;
        Reply::empty(204)
    }

    /// Removes a resource and every reference to it as a member.
    pub(crate) fn remove(&mut self, t: usize, id: &str) -> Option<Entry> {
        let kind = self.def(t).map_or(Kind::Other, |d| d.kind);
        let store = self.store_mut(t)?;
        let entry = store.by_id.remove(id)?;
        if let Ok(i) = store.order.binary_search_by_key(&entry.seq, |(s, _)| *s) {
            store.order.remove(i);
        }
        store.unindex(id, &entry.resource, kind == Kind::User);
        if kind == Kind::Group {
            let members = Self::member_ids(&entry.resource);
            self.set_members(id, &members, &BTreeSet::new());
        }
        // Drop it from every group that lists it.
        if let Some(groups) = self.st.members_of.remove(id) {
            let gt = self.cfg.types.iter().position(|d| d.kind == Kind::Group);
            let now = now();
            for gid in groups {
                let version = self.tick();
                let Some(g) = gt
                    .and_then(|gt| self.store_mut(gt))
                    .and_then(|s| s.by_id.get_mut(&gid))
                else {
                    continue;
                };
                if let Value::Object(map) = &mut g.resource {
                    if let Some(Value::Array(items)) = map.get_mut("members") {
                        items.retain(|m| m.get("value").and_then(Value::as_str) != Some(id));
                        if items.is_empty() {
                            map.remove("members");
                        }
                    }
                    touch(map, &now);
                }
                g.version = version;
            }
        }
        Some(entry)
    }

    // ----- bulk -----

    fn bulk(&mut self, call: &Call<'_>) -> Reply {
        let req: BulkRequest = match scim_core::from_slice(call.body) {
            Ok(r) => r,
            Err(e) => return Reply::error(400, e.scim_type(), format!("bulk request: {e}")),
        };
        if !req
            .schemas
            .iter()
            .any(|s| s.eq_ignore_ascii_case(urn::BULK_REQUEST))
        {
            return Reply::error(
                400,
                ScimType::InvalidSyntax,
                format!("schemas must list {}", urn::BULK_REQUEST),
            );
        }
        if req.operations.len() > self.cfg.max_operations {
            return Reply::error(
                413,
                None,
                format!(
                    "the bulk request has {} operations, more than maxOperations {}",
                    req.operations.len(),
                    self.cfg.max_operations
                ),
            );
        }
        let fail_on = req.fail_on_errors.filter(|&n| n > 0);
        let n = req.operations.len();
        let mut results: Vec<Option<BulkOperationResponse>> = vec![None; n];
        let mut created: HashMap<String, String> = HashMap::new();
        // bulkIds defined by POST operations, to tell a forward reference
        // from an unknown one.
        let defined: HashMap<String, usize> = req
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.method == BulkMethod::Post)
            .filter_map(|(i, op)| op.bulk_id.clone().map(|b| (b, i)))
            .collect();
        let mut pending: Vec<usize> = (0..n).collect();
        let mut errors = 0u64;
        'passes: loop {
            let mut progress = false;
            let mut deferred = Vec::new();
            for &i in &pending {
                let Some(op) = req.operations.get(i) else {
                    continue;
                };
                let mut refs = Vec::new();
                collect_refs(
                    op.path
                        .as_deref()
                        .map(|p| Value::String(p.to_owned()))
                        .as_ref(),
                    &mut refs,
                );
                collect_refs(op.data.as_ref(), &mut refs);
                let unresolved: Vec<&String> =
                    refs.iter().filter(|r| !created.contains_key(*r)).collect();
                let waiting = unresolved.iter().all(|r| {
                    defined.get(*r).is_some_and(|&j| {
                        j != i
                            && results.get(j).is_some_and(Option::is_none)
                            && pending.contains(&j)
                    })
                });
                let result = if unresolved.is_empty() {
                    self.bulk_op(op, &created)
                } else if waiting {
                    deferred.push(i);
                    continue;
                } else {
                    let mut r = BulkOperationResponse::new(op.method.clone(), 409);
                    r.bulk_id = op.bulk_id.clone();
                    let err = ScimError::new(
                        409,
                        ScimType::InvalidValue,
                        format!(
                            "bulkId {} does not name a successful POST of this request",
                            unresolved.first().map_or("", |s| s.as_str())
                        ),
                    );
                    r.response = serde_json::to_value(&err).ok();
                    r
                };
                progress = true;
                if result.is_success() {
                    if let (BulkMethod::Post, Some(bid)) = (&op.method, &op.bulk_id) {
                        if let Some(id) = result
                            .location
                            .as_deref()
                            .and_then(|l| l.rsplit('/').next())
                        {
                            if let Some(id) = percent_decode(id) {
                                created.insert(bid.clone(), id);
                            }
                        }
                    }
                } else {
                    errors += 1;
                }
                if let Some(slot) = results.get_mut(i) {
                    *slot = Some(result);
                }
                if fail_on.is_some_and(|f| errors >= f) {
                    break 'passes;
                }
            }
            pending = deferred;
            if pending.is_empty() {
                break;
            }
            if !progress {
                // Circular references: each waits on another.
                for &i in &pending {
                    let Some(op) = req.operations.get(i) else {
                        continue;
                    };
                    let mut r = BulkOperationResponse::new(op.method.clone(), 409);
                    r.bulk_id = op.bulk_id.clone();
                    let err =
                        ScimError::new(409, ScimType::InvalidValue, "circular bulkId references");
                    r.response = serde_json::to_value(&err).ok();
                    if let Some(slot) = results.get_mut(i) {
                        *slot = Some(r);
                    }
                    errors += 1;
                    if fail_on.is_some_and(|f| errors >= f) {
                        break;
                    }
                }
                break;
            }
        }
        let ops: Vec<BulkOperationResponse> = results.into_iter().flatten().collect();
        let body = scim_core::BulkResponse::new(ops);
        Reply::json(200, serde_json::to_value(&body).unwrap_or(Value::Null))
    }

    fn bulk_op(
        &mut self,
        op: &scim_core::BulkOperation,
        created: &HashMap<String, String>,
    ) -> BulkOperationResponse {
        let mut out = BulkOperationResponse::new(op.method.clone(), 400);
        out.bulk_id = op.bulk_id.clone();
        let fail =
            |mut out: BulkOperationResponse, status: u16, t: Option<ScimType>, detail: String| {
                out.status = status.into();
                out.response = serde_json::to_value(ScimError::new(status, t, detail)).ok();
                out
            };
        if op.method == BulkMethod::Post && op.bulk_id.is_none() {
            return fail(
                out,
                400,
                Some(ScimType::InvalidSyntax),
                "bulkId is required for POST".to_owned(),
            );
        }
        let Some(path) = op.path.as_deref() else {
            return fail(
                out,
                400,
                Some(ScimType::InvalidSyntax),
                "path is required".to_owned(),
            );
        };
        let path = replace_refs(&Value::String(path.to_owned()), created);
        let path = path.as_str().unwrap_or_default().to_owned();
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let resource_path = matches!(
            (segs.as_slice(), &op.method),
            ([ep], BulkMethod::Post) if self.type_by_endpoint(ep).is_some()
        ) || matches!(
            (segs.as_slice(), &op.method),
            ([ep, _], BulkMethod::Put | BulkMethod::Patch | BulkMethod::Delete) if self.type_by_endpoint(ep).is_some()
        );
        if !resource_path {
            return fail(
                out,
                400,
                Some(ScimType::InvalidSyntax),
                format!("{} {path} is not a resource operation", op.method.as_str()),
            );
        }
        let body = op
            .data
            .as_ref()
            .map(|d| serde_json::to_vec(&replace_refs(d, created)).unwrap_or_default())
            .unwrap_or_default();
        let method = match op.method {
            BulkMethod::Post => Method::POST,
            BulkMethod::Put => Method::PUT,
            BulkMethod::Patch => Method::PATCH,
            _ => Method::DELETE,
        };
        let call = Call {
            method,
            path: &path,
            query: Vec::new(),
            if_match: op.version.clone(),
            if_none_match: None,
            body: &body,
        };
        let reply = self.dispatch(&call);
        out.status = reply.status.into();
        if reply.is_success() {
            out.location = reply.location.clone().or_else(|| {
                reply
                    .body
                    .as_ref()
                    .and_then(|b| b.pointer("/meta/location"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            if out.location.is_none() && op.method != BulkMethod::Post {
                out.location = Some(format!("{}{path}", self.base()));
            }
            out.version = reply.etag.clone();
        } else {
            out.response = reply.body;
        }
        out
    }
}

fn validation_reply(errors: &ValidationErrors) -> Reply {
    let detail = errors
        .iter()
        .map(|e| format!("{}: {}", e.path(), e.kind()))
        .collect::<Vec<_>>()
        .join("; ");
    Reply::error(400, errors.scim_type(), detail)
}

/// Carries one attribute of the stored resource into a replacement.
fn carry(m: Mutability, key: &str, old: &Value, new: &mut Map<String, Value>) -> Result<(), Reply> {
    match m {
        Mutability::ReadOnly => {
            remove_ci(new, key);
            new.insert(key.to_owned(), old.clone());
        }
        Mutability::WriteOnly if get_ci(new, key).is_none() => {
            new.insert(key.to_owned(), old.clone());
        }
        Mutability::Immutable => match get_ci(new, key) {
            None => {
                new.insert(key.to_owned(), old.clone());
            }
            Some(v) if v != old && !old.is_null() => {
                return Err(Reply::error(
                    400,
                    ScimType::Mutability,
                    format!("{key} is immutable and cannot be changed"),
                ));
            }
            Some(_) => {}
        },
        _ => {}
    }
    Ok(())
}

fn touch(map: &mut Map<String, Value>, now: &str) {
    if let Some(Value::Object(meta)) = map.get_mut("meta") {
        meta.insert("lastModified".to_owned(), Value::String(now.to_owned()));
    }
}

fn sort_order(v: Option<&str>) -> Result<bool, Reply> {
    match v.map(str::trim) {
        None | Some("") => Ok(false),
        Some(s) if s.eq_ignore_ascii_case("ascending") => Ok(false),
        Some(s) if s.eq_ignore_ascii_case("descending") => Ok(true),
        Some(s) => Err(Reply::error(
            400,
            ScimType::InvalidValue,
            format!("sortOrder must be ascending or descending, found `{s}`"),
        )),
    }
}

/// Percent-encodes an id as one path segment.
pub(crate) fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The bulkIds referenced as `bulkId:<id>` anywhere in `value`.
fn collect_refs(value: Option<&Value>, out: &mut Vec<String>) {
    match value {
        Some(Value::String(s)) => {
            for part in s.split('/') {
                if let Some(id) = part.strip_prefix("bulkId:") {
                    out.push(id.to_owned());
                }
            }
        }
        Some(Value::Array(items)) => items.iter().for_each(|v| collect_refs(Some(v), out)),
        Some(Value::Object(m)) => m.values().for_each(|v| collect_refs(Some(v), out)),
        _ => {}
    }
}

fn replace_refs(value: &Value, created: &HashMap<String, String>) -> Value {
    match value {
        Value::String(s) if s.contains("bulkId:") => Value::String(
            s.split('/')
                .map(
                    |part| match part.strip_prefix("bulkId:").and_then(|b| created.get(b)) {
                        Some(id) => id.as_str(),
                        None => part,
                    },
                )
                .collect::<Vec<_>>()
                .join("/"),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| replace_refs(v, created)).collect())
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), replace_refs(v, created)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_matching() {
        assert!(etag_listed("W/\"3\"", "W/\"3\""));
        assert!(etag_listed("\"3\"", "W/\"3\""));
        assert!(etag_listed("W/\"1\", W/\"3\"", "W/\"3\""));
        assert!(etag_listed("*", "W/\"3\""));
        assert!(!etag_listed("W/\"4\"", "W/\"3\""));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb%20c").as_deref(), Some("a/b c"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn bulk_id_references() {
        let mut refs = Vec::new();
        let data = json!({"members": [{"value": "bulkId:qwerty"}], "x": "/Groups/bulkId:ytrewq"});
        collect_refs(Some(&data), &mut refs);
        refs.sort();
        assert_eq!(refs, ["qwerty", "ytrewq"]);
        let created = HashMap::from([("qwerty".to_owned(), "92b7".to_owned())]);
        assert_eq!(replace_refs(&data, &created)["members"][0]["value"], "92b7");
    }
}
