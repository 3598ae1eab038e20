//! Bulk requests (RFC 7644 §3.7), split to a server's limits.

use std::collections::{HashMap, HashSet};

use scim_core::{BulkConfig, BulkOperation, BulkOperationResponse, BulkRequest, BulkResponse};
use serde_json::Value;

use crate::client::Client;
use crate::error::{BulkError, Error};
use crate::request;
use crate::response;
use crate::transport::Transport;

/// The most operations and bytes one bulk request may carry.
///
/// Read them from the server's `ServiceProviderConfig` with
/// [`BulkLimits::from_config`], or set them; `None` is no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct BulkLimits {
    /// The most operations per request (`maxOperations`).
    pub max_operations: Option<usize>,
    /// The largest request body in bytes (`maxPayloadSize`).
    pub max_payload_size: Option<usize>,
}

impl BulkLimits {
    /// Limits of `max_operations` operations and `max_payload_size`
    /// bytes per request.
    pub fn new(max_operations: Option<usize>, max_payload_size: Option<usize>) -> BulkLimits {
        BulkLimits {
            max_operations,
            max_payload_size,
        }
    }

    /// The limits a server advertises in the `bulk` of its
    /// `ServiceProviderConfig`.
    pub fn from_config(bulk: &BulkConfig) -> BulkLimits {
        let to_usize = |v: Option<u64>| v.map(|v| usize::try_from(v).unwrap_or(usize::MAX));
        BulkLimits {
            max_operations: to_usize(bulk.max_operations),
            max_payload_size: to_usize(bulk.max_payload_size),
        }
    }
}

/// What happened to a bulk request sent in several parts.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkOutcome {
    /// The server's answer for every operation sent, in the order of the
    /// requests and of each response.
    pub responses: Vec<BulkOperationResponse>,
    /// Operations not sent, with why.
    pub skipped: Vec<SkippedOperation>,
    /// The error that stopped sending, if a request failed as a whole; its
    /// operations and all later ones are in `skipped`.
    pub error: Option<Error>,
    /// How many requests were sent.
    pub requests: usize,
}

impl BulkOutcome {
    /// Whether every operation was sent and succeeded.
    pub fn is_success(&self) -> bool {
        self.skipped.is_empty()
            && self.error.is_none()
            && self.responses.iter().all(BulkOperationResponse::is_success)
    }
}

/// An operation of a bulk request that was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedOperation {
    /// Its index in the original request.
    pub index: usize,
    /// Its `bulkId`, if it had one.
    pub bulk_id: Option<String>,
    /// Why it was not sent.
    pub reason: SkipReason,
}

/// Why an operation of a bulk request was not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// It refers to a `bulkId` whose operation failed or was not sent, so
    /// the reference cannot be resolved.
    UnresolvedReference(String),
    /// `failOnErrors` was reached in an earlier request.
    FailOnErrors,
    /// It was sent, but the server's response has no result for it: the
    /// server stopped processing at `failOnErrors`.
    NotProcessed,
    /// An earlier request failed as a whole (see
    /// [`BulkOutcome::error`]).
    RequestFailed,
}

impl<T: Transport> Client<T> {
    /// `POST /Bulk` with `request` as it is (RFC 7644 §3.7).
    ///
    /// # Errors
    ///
    /// As every request; a 413 when the request is above the server's
    /// limits (see [`bulk_split`](Client::bulk_split)).
    pub async fn bulk(&self, request: &BulkRequest) -> Result<BulkResponse, Error> {
        let url = self.endpoint_url("Bulk")?;
        let response = self.post(url, request, "Bulk", false).await?;
        response::decode(&response)
    }

    /// Sends `request` in as many `POST /Bulk` requests as `limits` need,
    /// one after the other.
    ///
    /// Operations keep their order. Operations that refer to each other
    /// with `bulkId:` travel in the same request when the reference points
    /// forward; a reference to an operation of an earlier request is
    /// replaced by the id the server gave it (from the `location` of its
    /// response). An operation whose reference cannot be resolved (its
    /// target failed or was not sent) is not sent and is reported in
    /// [`BulkOutcome::skipped`]. `failOnErrors` counts errors across all
    /// requests. Each operation's answer is the response operation with
    /// its `bulkId`, or, from a server that leaves `bulkId` out of its
    /// answers, the one at its position; an operation without an answer
    /// was not processed ([`SkipReason::NotProcessed`]).
    ///
    /// # Errors
    ///
    /// [`BulkError`] before anything is sent when the limits allow no
    /// operation, or when one operation (or a group that must travel
    /// together) is larger than the limits. Failures after sending began
    /// are reported in the [`BulkOutcome`].
    ///
    /// # Example
    ///
    /// Five users created against a server taking two operations per
    /// request (here the in-memory provider of the `memory` feature):
    ///
    /// ```
    /// use scim_client::memory::MemoryProvider;
    /// use scim_client::{BulkLimits, Client};
    /// use scim_core::{BulkMethod, BulkOperation, BulkRequest};
    ///
    /// # pollster::block_on(async {
    /// let base: url::Url = "https://example.com/scim/v2".parse()?;
    /// let server = MemoryProvider::builder().base_url(base.clone()).max_operations(2).build();
    /// let client = Client::builder(base).build(server)?;
    ///
    /// let operations = (0..5)
    ///     .map(|i| {
    ///         let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
    ///         op.bulk_id = Some(format!("u{i}"));
    ///         op.data = Some(serde_json::json!({
    ///             "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    ///             "userName": format!("user{i}")
    ///         }));
    ///         op
    ///     })
    ///     .collect();
    /// // The server says its limits in its ServiceProviderConfig.
    /// let config = client.service_provider_config().await?;
    /// let limits = config.bulk.as_ref().map(BulkLimits::from_config).unwrap_or_default();
    /// let outcome = client.bulk_split(BulkRequest::new(operations), limits).await?;
    /// assert!(outcome.is_success());
    /// assert_eq!(outcome.requests, 3);
    /// assert_eq!(outcome.responses.len(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).unwrap();
    /// ```
    pub async fn bulk_split(
        &self,
        request: BulkRequest,
        limits: BulkLimits,
    ) -> Result<BulkOutcome, Error> {
        let plan = Plan::new(request, limits)?;
        let mut outcome = BulkOutcome {
            responses: Vec::new(),
            skipped: Vec::new(),
            error: None,
            requests: 0,
        };
        let mut resolved: HashMap<String, String> = HashMap::new();
        let mut failed: HashSet<String> = HashSet::new();
        let mut errors: u64 = 0;
        let mut next = 0;
        while next < plan.ops.len() {
            if let Some(limit) = plan.fail_on_errors {
                if errors >= limit {
                    plan.skip_from(next, SkipReason::FailOnErrors, &mut outcome.skipped);
                    break;
                }
            }
            let Chunk {
                request: mut chunk,
                indices,
                end,
            } = plan.chunk(next, &resolved, &mut failed, &mut outcome.skipped)?;
            next = end;
            if chunk.operations.is_empty() {
                continue;
            }
            chunk.fail_on_errors = plan.fail_on_errors.map(|l| l.saturating_sub(errors));
            outcome.requests += 1;
            match self.bulk(&chunk).await {
                Ok(response) => {
                    errors += response
                        .operations
                        .iter()
                        .filter(|r| !r.is_success())
                        .count() as u64;
                    for (position, (op, index)) in chunk.operations.iter().zip(&indices).enumerate()
                    {
                        // Its answer: the one with its bulkId, else the one
                        // at its position if that one has no bulkId (some
                        // servers answer in order and leave bulkId out).
                        let at_position = response
                            .operations
                            .get(position)
                            .filter(|r| r.bulk_id.is_none());
                        let answer = match &op.bulk_id {
                            Some(id) => response
                                .operations
                                .iter()
                                .find(|r| r.bulk_id.as_deref() == Some(id.as_str()))
                                .or(at_position),
                            None => response.operations.get(position),
                        };
                        match (answer, &op.bulk_id) {
                            (Some(answer), Some(bulk_id)) => match created_id(answer) {
                                Some(id) if answer.is_success() => {
                                    resolved.insert(bulk_id.clone(), id);
                                }
                                _ => {
                                    failed.insert(bulk_id.clone());
                                }
                            },
                            (Some(_), None) => {}
                            // Not answered: the server stopped at
                            // failOnErrors; it was not applied and defines
                            // nothing.
                            (None, _) => {
                                if let Some(id) = &op.bulk_id {
                                    failed.insert(id.clone());
                                }
                                outcome.skipped.push(SkippedOperation {
                                    index: *index,
                                    bulk_id: op.bulk_id.clone(),
                                    reason: SkipReason::NotProcessed,
                                });
                            }
                        }
                    }
                    outcome.responses.extend(response.operations);
                }
                Err(error) => {
                    for (op, index) in chunk.operations.iter().zip(&indices) {
                        outcome.skipped.push(SkippedOperation {
                            index: *index,
                            bulk_id: op.bulk_id.clone(),
                            reason: SkipReason::RequestFailed,
                        });
                    }
                    plan.skip_from(end, SkipReason::RequestFailed, &mut outcome.skipped);
                    outcome.error = Some(error);
                    break;
                }
            }
        }
        outcome.skipped.sort_by_key(|s| s.index);
        outcome.skipped.dedup_by_key(|s| s.index);
        Ok(outcome)
    }
}

/// The id of a resource a bulk operation created: the last segment of its
/// `location`, or `id` of the returned resource.
fn created_id(op: &BulkOperationResponse) -> Option<String> {
    // The returned resource's `id` is the id itself; the `location` is read
    // only when the server sent no resource (many send just the location).
    let returned = op
        .response
        .as_ref()
        .and_then(Value::as_object)
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("id")))
        .and_then(|(_, v)| v.as_str())
        .filter(|id| !id.is_empty());
    if let Some(id) = returned {
        return Some(id.to_owned());
    }
    let location = op.location.as_deref()?;
    let path = location.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    // A segment that is not UTF-8 once decoded says nothing.
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .filter(|d| !d.is_empty())
        .map(std::borrow::Cow::into_owned)
}

/// A bulk request cut into groups that must travel together.
struct Plan {
    template: BulkRequest,
    ops: Vec<BulkOperation>,
    /// For each operation, the end (exclusive) of the group starting at
    /// it, when it starts one.
    group_end: Vec<usize>,
    limits: BulkLimits,
    fail_on_errors: Option<u64>,
    /// The size of the request without operations, plus the brackets.
    base_size: usize,
    /// Every bulkId the request defines; other `bulkId:` strings are data.
    defined: HashSet<String>,
}

const REF_PREFIX: &str = "bulkId:";

/// One request of a split bulk request.
struct Chunk {
    request: BulkRequest,
    /// The original index of each of its operations.
    indices: Vec<usize>,
    /// The index after the last operation considered.
    end: usize,
}

impl Plan {
    fn new(mut request: BulkRequest, limits: BulkLimits) -> Result<Plan, Error> {
        if limits.max_operations == Some(0) || limits.max_payload_size == Some(0) {
            return Err(BulkError::NoCapacity.into());
        }
        let ops = std::mem::take(&mut request.operations);
        let fail_on_errors = request.fail_on_errors.take();
        let mut template = request;
        template.fail_on_errors = fail_on_errors;
        let base_size = request::json_body(&template)?.len() + r#","Operations":[]"#.len();
        template.fail_on_errors = None;

        // Where each bulkId is defined.
        let defined: HashMap<&str, usize> = ops
            .iter()
            .enumerate()
            .filter_map(|(i, op)| op.bulk_id.as_deref().map(|b| (b, i)))
            .collect();
        // The furthest operation each one refers to forward.
        let reach: Vec<usize> = ops
            .iter()
            .enumerate()
            .map(|(i, op)| {
                references(op)
                    .iter()
                    .filter_map(|r| defined.get(r.as_str()).copied())
                    .filter(|&j| j > i)
                    .max()
                    .unwrap_or(i)
            })
            .collect();
        let mut group_end = vec![0; ops.len()];
        let mut start = 0;
        while start < ops.len() {
            let mut end = start + 1;
            let mut i = start;
            while i < end {
                end = end.max(reach.get(i).copied().unwrap_or(i) + 1);
                i += 1;
            }
            if let Some(slot) = group_end.get_mut(start) {
                *slot = end;
            }
            start = end;
        }
        let defined_ids = defined.keys().map(|k| (*k).to_owned()).collect();
        let plan = Plan {
            defined: defined_ids,
            template,
            ops,
            group_end,
            limits,
            fail_on_errors,
            base_size,
        };
        // Every group must fit on its own.
        let mut start = 0;
        while start < plan.ops.len() {
            let end = plan.end_of_group(start);
            let slice = plan.ops.get(start..end).unwrap_or_default();
            plan.check_fits(start, slice)?;
            start = end;
        }
        Ok(plan)
    }

    fn end_of_group(&self, start: usize) -> usize {
        self.group_end
            .get(start)
            .copied()
            .unwrap_or(start + 1)
            .max(start + 1)
    }

    fn size_of(&self, ops: &[BulkOperation]) -> Result<usize, Error> {
        let mut size = self.base_size;
        for op in ops {
            size += request::json_body(op)?.len() + 1;
        }
        Ok(size)
    }

    fn check_fits(&self, first: usize, ops: &[BulkOperation]) -> Result<(), Error> {
        let bytes = self.size_of(ops)?;
        let too_many = self.limits.max_operations.is_some_and(|m| ops.len() > m);
        let too_big = self.limits.max_payload_size.is_some_and(|m| bytes > m);
        if too_many || too_big {
            return Err(BulkError::TooLarge {
                first,
                last: first + ops.len().saturating_sub(1),
                operations: ops.len(),
                bytes,
            }
            .into());
        }
        Ok(())
    }

    /// The next request, from operation `start`: whole groups while they
    /// fit, with references to earlier requests resolved. Returns it and
    /// the index after its last operation.
    fn chunk(
        &self,
        start: usize,
        resolved: &HashMap<String, String>,
        failed: &mut HashSet<String>,
        skipped: &mut Vec<SkippedOperation>,
    ) -> Result<Chunk, Error> {
        let mut chunk = self.template.clone();
        let mut indices = Vec::new();
        let mut size = self.base_size;
        let mut index = start;
        while index < self.ops.len() {
            let end = self.end_of_group(index);
            let mut group = Vec::new();
            let mut group_failed = None;
            let defined_here: HashSet<&str> = self
                .ops
                .get(index..end)
                .unwrap_or_default()
                .iter()
                .filter_map(|op| op.bulk_id.as_deref())
                .collect();
            for op in self.ops.get(index..end).unwrap_or_default() {
                let mut op = op.clone();
                for reference in references(&op) {
                    if !self.defined.contains(&reference) {
                        continue;
                    }
                    let in_this_request = defined_here.contains(reference.as_str())
                        || chunk
                            .operations
                            .iter()
                            .any(|o| o.bulk_id.as_deref() == Some(reference.as_str()));
                    if in_this_request && !failed.contains(&reference) {
                        continue;
                    }
                    match resolved.get(&reference) {
                        Some(id) => substitute(&mut op, &reference, id),
                        None => {
                            group_failed.get_or_insert(reference);
                        }
                    }
                }
                group.push(op);
            }
            if let Some(reference) = group_failed {
                // The whole group depends on something that failed.
                for (offset, op) in self
                    .ops
                    .get(index..end)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    if let Some(id) = &op.bulk_id {
                        failed.insert(id.clone());
                    }
                    skipped.push(SkippedOperation {
                        index: index + offset,
                        bulk_id: op.bulk_id.clone(),
                        reason: SkipReason::UnresolvedReference(reference.clone()),
                    });
                }
                index = end;
                continue;
            }
            let mut group_size = 0;
            for op in &group {
                group_size += request::json_body(op)?.len() + 1;
            }
            let fits_ops = self
                .limits
                .max_operations
                .is_none_or(|m| chunk.operations.len() + group.len() <= m);
            let fits_size = self
                .limits
                .max_payload_size
                .is_none_or(|m| size + group_size <= m);
            if !(fits_ops && fits_size) {
                if chunk.operations.is_empty() {
                    // Grown past the limits by resolved ids.
                    self.check_fits(index, &group)?;
                }
                break;
            }
            size += group_size;
            chunk.operations.extend(group);
            indices.extend(index..end);
            index = end;
        }
        Ok(Chunk {
            request: chunk,
            indices,
            end: index,
        })
    }

    fn skip_from(&self, start: usize, reason: SkipReason, skipped: &mut Vec<SkippedOperation>) {
        for (offset, op) in self.ops.get(start..).unwrap_or_default().iter().enumerate() {
            skipped.push(SkippedOperation {
                index: start + offset,
                bulk_id: op.bulk_id.clone(),
                reason: reason.clone(),
            });
        }
    }
}

/// The bulkIds an operation refers to: `bulkId:x` as a path segment or as
/// a whole string value anywhere in its data.
fn references(op: &BulkOperation) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(path) = &op.path {
        for segment in path.split('/') {
            if let Some(id) = segment.strip_prefix(REF_PREFIX) {
                out.push(id.to_owned());
            }
        }
    }
    if let Some(data) = &op.data {
        collect_references(data, &mut out, 0);
    }
    out.sort();
    out.dedup();
    out
}

/// Nesting deeper than this is not searched for references.
const MAX_DEPTH: usize = 64;

fn collect_references(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::String(s) => {
            if let Some(id) = s.strip_prefix(REF_PREFIX) {
                out.push(id.to_owned());
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_references(v, out, depth + 1)),
        Value::Object(map) => map
            .values()
            .for_each(|v| collect_references(v, out, depth + 1)),
        _ => {}
    }
}

/// Replaces the reference `bulkId:reference` by `id` in `op`.
fn substitute(op: &mut BulkOperation, reference: &str, id: &str) {
    let token = format!("{REF_PREFIX}{reference}");
    if let Some(path) = &mut op.path {
        let encoded: String =
            percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).collect();
        let replaced: Vec<&str> = path
            .split('/')
            .map(|segment| {
                if segment == token {
                    encoded.as_str()
                } else {
                    segment
                }
            })
            .collect();
        *path = replaced.join("/");
    }
    if let Some(data) = &mut op.data {
        substitute_value(data, &token, id, 0);
    }
}

fn substitute_value(value: &mut Value, token: &str, id: &str, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::String(s) if s == token => *s = id.to_owned(),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| substitute_value(v, token, id, depth + 1)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| substitute_value(v, token, id, depth + 1)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::BulkMethod;
    use serde_json::json;

    fn post(bulk_id: &str, data: Value) -> BulkOperation {
        let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
        op.bulk_id = Some(bulk_id.into());
        op.data = Some(data);
        op
    }

    fn plan_chunks(ops: Vec<BulkOperation>, limits: BulkLimits) -> Vec<Vec<String>> {
        let plan = Plan::new(BulkRequest::new(ops), limits).unwrap();
        let mut out = Vec::new();
        let mut start = 0;
        let mut resolved = HashMap::new();
        while start < plan.ops.len() {
            let Chunk {
                request: chunk,
                end,
                ..
            } = plan
                .chunk(start, &resolved, &mut HashSet::new(), &mut Vec::new())
                .unwrap();
            for op in &chunk.operations {
                let id = op.bulk_id.clone().unwrap();
                resolved.insert(id.clone(), format!("id-{id}"));
                // A request refers only to bulkIds defined in it; those
                // of earlier requests were replaced by ids.
                for r in references(op) {
                    assert!(
                        chunk
                            .operations
                            .iter()
                            .any(|o| o.bulk_id.as_deref() == Some(r.as_str())),
                        "{r} unresolved"
                    );
                }
            }
            out.push(
                chunk
                    .operations
                    .iter()
                    .map(|o| o.bulk_id.clone().unwrap_or_default())
                    .collect(),
            );
            start = end;
        }
        out
    }

    #[test]
    fn references_in_paths_and_values() {
        let mut op = BulkOperation::new(BulkMethod::Patch, "/Groups/bulkId:g1");
        op.data = Some(json!({"Operations": [{"op": "add", "path": "members",
            "value": [{"value": "bulkId:u1"}, {"value": "bulkId:u2"}, {"value": "not bulkId:x"}]}]}));
        assert_eq!(references(&op), ["g1", "u1", "u2"]);
        substitute(&mut op, "g1", "id/1");
        substitute(&mut op, "u1", "abc");
        assert_eq!(op.path.as_deref(), Some("/Groups/id%2F1"));
        assert_eq!(
            op.data.as_ref().unwrap()["Operations"][0]["value"][0]["value"],
            "abc"
        );
        assert_eq!(
            op.data.as_ref().unwrap()["Operations"][0]["value"][1]["value"],
            "bulkId:u2"
        );
    }

    #[test]
    fn chunks_respect_max_operations() {
        let ops = (0..7)
            .map(|i| post(&format!("b{i}"), json!({"userName": i})))
            .collect();
        let chunks = plan_chunks(ops, BulkLimits::new(Some(3), None));
        assert_eq!(
            chunks,
            [vec!["b0", "b1", "b2"], vec!["b3", "b4", "b5"], vec!["b6"]]
        );
    }

    #[test]
    fn forward_references_keep_operations_together() {
        // b0 refers forward to b2: b0..=b2 travel together.
        let ops = vec![
            post("b0", json!({"members": [{"value": "bulkId:b2"}]})),
            post("b1", json!({})),
            post("b2", json!({})),
            post("b3", json!({"x": "bulkId:b0"})),
        ];
        let chunks = plan_chunks(ops.clone(), BulkLimits::new(Some(3), None));
        assert_eq!(chunks, [vec!["b0", "b1", "b2"], vec!["b3"]]);
        let err = Plan::new(BulkRequest::new(ops), BulkLimits::new(Some(2), None)).err();
        assert!(
            matches!(
                err,
                Some(Error::Bulk(BulkError::TooLarge {
                    first: 0,
                    last: 2,
                    ..
                }))
            ),
            "{err:?}"
        );
    }

    #[test]
    fn chunks_respect_the_payload_size() {
        let ops: Vec<_> = (0..10)
            .map(|i| post(&format!("b{i}"), json!({"userName": "x".repeat(100)})))
            .collect();
        let one = request::json_body(&ops[0]).unwrap().len();
        let limits = BulkLimits::new(None, Some(one * 3 + 120));
        let plan = Plan::new(BulkRequest::new(ops.clone()), limits).unwrap();
        let mut start = 0;
        let mut count = 0;
        while start < plan.ops.len() {
            let Chunk {
                request: chunk,
                end,
                ..
            } = plan
                .chunk(start, &HashMap::new(), &mut HashSet::new(), &mut Vec::new())
                .unwrap();
            let bytes = request::json_body(&chunk).unwrap().len();
            assert!(bytes <= one * 3 + 120, "{bytes}");
            assert!(!chunk.operations.is_empty());
            start = end;
            count += 1;
        }
        assert!(count >= 4, "{count}");
        let tiny = BulkLimits::new(None, Some(50));
        assert!(matches!(
            Plan::new(BulkRequest::new(ops), tiny).err(),
            Some(Error::Bulk(BulkError::TooLarge {
                first: 0,
                last: 0,
                ..
            }))
        ));
        assert!(matches!(
            Plan::new(BulkRequest::new(vec![]), BulkLimits::new(Some(0), None)).err(),
            Some(Error::Bulk(BulkError::NoCapacity))
        ));
    }

    #[test]
    fn created_ids_from_location_or_response() {
        let mut r = BulkOperationResponse::new(BulkMethod::Post, 201);
        r.location = Some("https://h/v2/Users/92b7%2F25?x=1".into());
        assert_eq!(created_id(&r).as_deref(), Some("92b7/25"));
        r.location = Some("https://h/v2/Users/92b7/".into());
        assert_eq!(created_id(&r).as_deref(), Some("92b7"));
        // The returned resource's id wins over the location.
        r.response = Some(json!({"ID": "abc"}));
        assert_eq!(created_id(&r).as_deref(), Some("abc"));
        r.location = None;
        assert_eq!(created_id(&r).as_deref(), Some("abc"));
        r.location = Some("https://h/v2/Users/%FF".into());
        assert_eq!(created_id(&r).as_deref(), Some("abc"));
        // Neither a returned id nor a readable location segment.
        r.response = None;
        assert_eq!(created_id(&r), None);
        r.response = Some(json!({"id": ""}));
        assert_eq!(created_id(&r), None);
    }
}
