//! Protocol messages (RFC 7644) and discovery resources (RFC 7643 §5–8):
//! RFC examples read, write back unchanged, and hold the right values;
//! malformed input gives a located error, never a panic.

use scim_core::{
    BulkMethod, BulkRequest, BulkResponse, DecodeError, DecodeErrorKind, Group, ListResponse,
    PatchOp, PatchOpKind, PatchOperation, Resource, ResourceType, Schema, ScimError, ScimType,
    SearchRequest, ServiceProviderConfig, Status, User, from_str,
};
use serde_json::{Value, json};

use crate::support::{fixture, round_trip, typed_fixture};

// ---------------------------------------------------------------------------
// RFC 7643 §8.5–8.7.2

#[test]
fn rfc7643_8_5_service_provider_config() {
    let config: ServiceProviderConfig = typed_fixture("rfc7643/8.5-service-provider-config.json");
    assert_eq!(
        config.documentation_uri.as_deref(),
        Some("http://example.com/help/scim.html")
    );
    assert!(config.supports_patch() && config.supports_bulk() && config.supports_filter());
    assert!(config.supports_change_password() && config.supports_sort() && config.supports_etag());
    let bulk = config.bulk.as_ref().unwrap();
    assert_eq!(bulk.max_operations, Some(1000));
    assert_eq!(bulk.max_payload_size, Some(1_048_576));
    assert_eq!(config.filter.as_ref().unwrap().max_results, Some(200));
    let schemes = &config.authentication_schemes;
    assert_eq!(schemes.len(), 2);
    assert_eq!(schemes[0].type_.as_deref(), Some("oauthbearertoken"));
    assert_eq!(schemes[0].primary, Some(true));
    assert_eq!(schemes[1].name.as_deref(), Some("HTTP Basic"));
    assert_eq!(schemes[1].primary, None);
    assert_eq!(
        schemes[1].spec_uri.as_deref(),
        Some("http://www.rfc-editor.org/info/rfc2617")
    );
    let meta = config.meta.unwrap();
    assert_eq!(meta.resource_type.as_deref(), Some("ServiceProviderConfig"));
    assert_eq!(meta.version.as_deref(), Some("W/\"3694e05e9dff594\""));
}

#[test]
fn service_provider_config_without_features_supports_nothing() {
    let config: ServiceProviderConfig = from_str(
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": false}, "bulk": {}, "ETag": {"Supported": true},
            "pagination": {"cursor": true, "index": true}}"#,
    )
    .unwrap();
    assert!(!config.supports_patch());
    assert!(!config.supports_bulk());
    assert!(!config.supports_filter() && !config.supports_sort());
    assert!(config.supports_etag(), "names are read ignoring case");
    assert_eq!(config.extra["pagination"]["cursor"], true);
    let out = serde_json::to_value(&config).unwrap();
    assert_eq!(out["etag"], json!({"supported": true}));
    assert_eq!(out["bulk"], json!({}));
    assert!(out.get("filter").is_none());
}

#[test]
fn rfc7643_8_6_resource_types() {
    let types: Vec<ResourceType> = typed_fixture("rfc7643/8.6-resource-types.json");
    assert_eq!(types.len(), 2);
    let (user, group) = (&types[0], &types[1]);
    assert_eq!(user.id.as_deref(), Some("User"));
    assert_eq!(user.endpoint, "/Users");
    assert_eq!(user.description.as_deref(), Some("User Account"));
    assert_eq!(user.schema, "urn:ietf:params:scim:schemas:core:2.0:User");
    assert_eq!(
        user.schema_extensions[0].schema,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    );
    assert!(user.schema_extensions[0].is_required());
    assert_eq!(group.name, "Group");
    assert_eq!(group.endpoint, "/Groups");
    assert!(group.schema_extensions.is_empty());
    assert_eq!(
        group.meta.as_ref().unwrap().location.as_deref(),
        Some("https://example.com/v2/ResourceTypes/Group")
    );
}

#[test]
fn rfc7643_8_7_2_service_provider_schemas() {
    let schemas: Vec<Schema> = typed_fixture("rfc7643/8.7.2-service-provider-schemas.json");
    assert_eq!(schemas.len(), 2);
    let spc = &schemas[0];
    assert_eq!(
        spc.id,
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    );
    let names: Vec<_> = spc.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "documentationUri",
            "patch",
            "bulk",
            "filter",
            "changePassword",
            "sort",
            "etag",
            "authenticationSchemes"
        ]
    );
    let bulk = &spc.attributes[2];
    assert_eq!(bulk.sub_attributes[1].name, "maxOperations");
    assert_eq!(bulk.sub_attributes[1].required, Some(true));
    assert_eq!(spc.attributes[7].multi_valued, Some(true));
    let rt = &schemas[1];
    assert_eq!(rt.id, "urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    assert_eq!(rt.attributes[5].name, "schemaExtensions");
    assert_eq!(rt.attributes[5].sub_attributes[0].reference_types, ["uri"]);
}

// ---------------------------------------------------------------------------
// RFC 7644: list responses

#[test]
fn rfc7644_list_response_of_users() {
    let list: ListResponse<User> = typed_fixture("rfc7644/3.4.2-list-response.json");
    assert_eq!(list.total_results, Some(2));
    assert_eq!(list.start_index, None);
    let names: Vec<_> = list
        .resources
        .iter()
        .map(|u| u.user_name.as_str())
        .collect();
    assert_eq!(names, ["bjensen", "jsmith"]);
    assert_eq!(
        list.resources[1].id.as_deref(),
        Some("c75ad752-64ae-4823-840d-ffa80929976c")
    );
    assert!(!list.has_more());
}

#[test]
fn rfc7644_list_response_of_mixed_resources() {
    let list: ListResponse<Resource> = typed_fixture("rfc7644/3.4.3-list-response.json");
    assert_eq!(list.total_results, Some(100));
    assert_eq!(list.items_per_page, Some(10));
    assert_eq!(list.start_index, Some(1));
    assert!(list.has_more());
    assert_eq!(list.resources[0].get("userName").unwrap(), "jsmith");
    assert_eq!(
        list.resources[1].schemas,
        ["urn:ietf:params:scim:schemas:core:2.0:Group"]
    );
    assert_eq!(
        list.resources[1].get("displayName").unwrap(),
        "Smith Family"
    );
    // The same page does not fit Users: the Group has no userName.
    let err =
        scim_core::from_value::<ListResponse<User>>(fixture("rfc7644/3.4.3-list-response.json"))
            .unwrap_err();
    assert_eq!(err.path(), "Resources[1]");
    assert!(err.to_string().contains("userName"), "{err}");
}

#[test]
fn list_response_reads_resources_in_any_case() {
    for key in ["Resources", "resources", "RESOURCES"] {
        let input = json!({"totalResults": 1, key: [{"userName": "bjensen"}]});
        let list: ListResponse<User> = scim_core::from_value(input).unwrap();
        assert_eq!(list.resources.len(), 1, "{key}");
        assert_eq!(list.resources[0].user_name, "bjensen");
        // Written back under the canonical name.
        let out = serde_json::to_value(&list).unwrap();
        assert_eq!(out["Resources"][0]["userName"], "bjensen", "{key}");
        assert_eq!(out.as_object().unwrap().len(), 2, "{out}");
    }
}

#[test]
fn list_response_with_missing_or_null_resources_is_empty() {
    for input in [
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0}),
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 0, "Resources": null}),
    ] {
        let list: ListResponse<User> = scim_core::from_value(input.clone()).unwrap();
        assert!(list.resources.is_empty());
        assert_eq!(list.total_results, Some(0));
        // Absent stays absent; null (unassigned) is not written.
        let out = serde_json::to_value(&list).unwrap();
        assert!(out.get("Resources").is_none(), "{out}");
    }
    let empty = json!({"totalResults": 0, "Resources": []});
    assert_eq!(round_trip::<ListResponse<User>>(&empty), empty);
}

#[test]
fn list_response_without_total_results() {
    let input = json!({"Resources": [{"userName": "a"}, {"userName": "b"}], "startIndex": 11});
    let list: ListResponse<User> = scim_core::from_value(input.clone()).unwrap();
    assert_eq!(list.total_results, None);
    assert_eq!(list.total(), 12);
    assert_eq!(round_trip::<ListResponse<User>>(&input), input);
}

#[test]
fn list_response_keeps_cursors_and_unknown_attributes() {
    let input = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 5,
        "itemsPerPage": 1,
        "nextCursor": "VZUTiyhEQJ94IR",
        "previousCursor": "ze7L30kMiiLX6x",
        "x-vendor": {"took": 3},
        "Resources": [{"displayName": "Tour Guides"}]
    });
    let list: ListResponse<Group> = scim_core::from_value(input.clone()).unwrap();
    assert_eq!(list.next_cursor.as_deref(), Some("VZUTiyhEQJ94IR"));
    assert_eq!(list.previous_cursor.as_deref(), Some("ze7L30kMiiLX6x"));
    assert!(list.has_more());
    assert_eq!(list.extra["x-vendor"]["took"], 3);
    assert_eq!(round_trip::<ListResponse<Group>>(&input), input);
}

#[test]
fn list_response_rejects_two_spellings_of_resources() {
    let err = from_str::<ListResponse<User>>(r#"{"Resources": [], "resources": []}"#).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::Data);
    assert!(err.to_string().contains("Resources"), "{err}");
}

// ---------------------------------------------------------------------------
// RFC 7644: errors

#[test]
fn rfc7644_errors() {
    let not_found: ScimError = typed_fixture("rfc7644/3.12-error-not-found.json");
    assert_eq!(not_found.status.code(), 404);
    assert!(not_found.status.is_string());
    assert_eq!(not_found.scim_type, None);
    assert_eq!(
        not_found.to_string(),
        "SCIM error 404: Resource 2819c223-7f76-453a-919d-413861904646 not found"
    );
    let readonly: ScimError = typed_fixture("rfc7644/3.12-error-mutability.json");
    assert_eq!(readonly.status, 400);
    assert_eq!(readonly.scim_type, Some(ScimType::Mutability));
    assert_eq!(
        readonly.detail.as_deref(),
        Some("Attribute 'id' is readOnly")
    );
}

#[test]
fn error_status_reads_as_string_or_number_and_keeps_its_form() {
    let text: ScimError = from_str(r#"{"status": "400", "scimType": "invalidFilter"}"#).unwrap();
    let number: ScimError = from_str(r#"{"status": 400, "scimType": "invalidFilter"}"#).unwrap();
    assert_eq!(text.status.code(), 400);
    assert_eq!(number.status.code(), 400);
    assert_eq!(text, number);
    assert_eq!(serde_json::to_value(&text).unwrap()["status"], json!("400"));
    assert_eq!(serde_json::to_value(&number).unwrap()["status"], json!(400));
    assert_eq!(text.scim_type, Some(ScimType::InvalidFilter));
}

#[test]
fn error_built_here_follows_the_rfc() {
    let err = ScimError::new(409, ScimType::Uniqueness, "userName bjensen is taken");
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "409",
            "scimType": "uniqueness",
            "detail": "userName bjensen is taken"
        })
    );
    assert_eq!(
        err.to_string(),
        "SCIM error 409 (uniqueness): userName bjensen is taken"
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(boxed.to_string().starts_with("SCIM error 409"));
}

#[test]
fn error_keeps_unknown_scim_type_and_attributes() {
    let input = json!({"status": "429", "scimType": "tooManyRequests", "x-retry": 30});
    let err: ScimError = scim_core::from_value(input.clone()).unwrap();
    assert_eq!(
        err.scim_type,
        Some(ScimType::Other("tooManyRequests".into()))
    );
    assert_eq!(round_trip::<ScimError>(&input), input);
}

// ---------------------------------------------------------------------------
// RFC 7644: search, PATCH, bulk

#[test]
fn rfc7644_search_request() {
    let search: SearchRequest = typed_fixture("rfc7644/3.4.3-search-request.json");
    assert_eq!(search.attributes, ["displayName", "userName"]);
    assert_eq!(search.filter.as_deref(), Some(r#"displayName sw "smith""#));
    assert_eq!(search.start_index, Some(1));
    assert_eq!(search.count, Some(10));
    assert_eq!(search.sort_order, None);
    assert_eq!(search.cursor, None);
}

#[test]
fn search_request_with_cursor_and_sorting_round_trips() {
    let input = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "excludedAttributes": ["groups"],
        "sortBy": "name.familyName",
        "sortOrder": "descending",
        "cursor": "",
        "count": -5
    });
    let search: SearchRequest = scim_core::from_value(input.clone()).unwrap();
    assert_eq!(search.cursor.as_deref(), Some(""));
    assert_eq!(search.effective_count(), Some(0));
    assert_eq!(round_trip::<SearchRequest>(&input), input);
}

#[test]
fn rfc7644_patch_requests() {
    let add: PatchOp = typed_fixture("rfc7644/3.5.2.1-patch-add-member.json");
    assert_eq!(add.operations.len(), 1);
    assert_eq!(add.operations[0].op, PatchOpKind::Add);
    assert_eq!(add.operations[0].path.as_deref(), Some("members"));
    assert_eq!(
        add.operations[0].value.as_ref().unwrap()[0]["value"],
        "2819c223-7f76-453a-919d-413861904646"
    );

    let add_root: PatchOp = typed_fixture("rfc7644/3.5.2.1-patch-add-without-path.json");
    assert_eq!(add_root.operations[0].path, None);
    assert_eq!(
        add_root.operations[0].value.as_ref().unwrap()["nickname"],
        "Babs"
    );

    let remove: PatchOp = typed_fixture("rfc7644/3.5.2.2-patch-remove-member.json");
    assert_eq!(remove.operations[0].op, PatchOpKind::Remove);
    assert_eq!(remove.operations[0].value, None);

    let remove_all: PatchOp = typed_fixture("rfc7644/3.5.2.2-patch-remove-all-members.json");
    assert_eq!(remove_all.operations[0], PatchOperation::remove("members"));

    let swap: PatchOp = typed_fixture("rfc7644/3.5.2.2-patch-remove-and-add-member.json");
    let ops: Vec<_> = swap.operations.iter().map(|o| o.op.clone()).collect();
    assert_eq!(ops, [PatchOpKind::Remove, PatchOpKind::Add]);
    assert_eq!(
        swap.operations[0].path.as_deref(),
        Some(r#"members[value eq"2819c223-7f76-453a-919d-413861904646"]"#)
    );

    let replace: PatchOp = typed_fixture("rfc7644/3.5.2.3-patch-replace-members.json");
    assert_eq!(replace.operations[0].op, PatchOpKind::Replace);
    assert_eq!(
        replace.operations[0]
            .value
            .as_ref()
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let address: PatchOp = typed_fixture("rfc7644/3.5.2.3-patch-replace-address.json");
    assert_eq!(
        address.operations[0].value.as_ref().unwrap()["streetAddress"],
        "911 Universal City Plaza"
    );

    let street: PatchOp = typed_fixture("rfc7644/3.5.2.3-patch-replace-street.json");
    assert_eq!(
        street.operations[0],
        PatchOperation::replace(
            r#"addresses[type eq "work"].streetAddress"#,
            json!("1010 Broadway Ave")
        )
    );

    let replace_root: PatchOp = typed_fixture("rfc7644/3.5.2.3-patch-replace-without-path.json");
    assert_eq!(
        replace_root.operations[0],
        PatchOperation::replace_attributes(
            fixture("rfc7644/3.5.2.3-patch-replace-without-path.json")["Operations"][0]["value"]
                .clone()
        )
    );
}

#[test]
fn patch_reads_operations_and_op_case_as_sent() {
    // Azure AD style: capitalised op, lowercase `operations`.
    let input = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "operations": [{"op": "Replace", "path": "active", "value": "False"}]
    });
    let patch: PatchOp = scim_core::from_value(input).unwrap();
    let op = &patch.operations[0];
    assert_eq!(op.op, PatchOpKind::Other("Replace".into()));
    assert!(!op.op.is_known());
    assert_eq!(op.op.ignoring_case(), PatchOpKind::Replace);
    let out = serde_json::to_value(&patch).unwrap();
    assert_eq!(out["Operations"][0]["op"], "Replace");
}

#[test]
fn patch_built_here() {
    let patch = PatchOp::new(vec![
        PatchOperation::add(
            "emails",
            json!([{"value": "b@example.com", "type": "home"}]),
        ),
        PatchOperation::add_attributes(json!({"nickName": "Babs"})),
        PatchOperation::replace("title", Value::Null),
    ]);
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "add", "path": "emails", "value": [{"value": "b@example.com", "type": "home"}]},
                {"op": "add", "value": {"nickName": "Babs"}},
                {"op": "replace", "path": "title", "value": null}
            ]
        })
    );
}

#[test]
fn rfc7644_bulk_request() {
    let bulk: BulkRequest = typed_fixture("rfc7644/3.7.3-bulk-request.json");
    assert_eq!(bulk.fail_on_errors, Some(1));
    let methods: Vec<_> = bulk.operations.iter().map(|o| o.method.clone()).collect();
    assert_eq!(
        methods,
        [
            BulkMethod::Post,
            BulkMethod::Put,
            BulkMethod::Patch,
            BulkMethod::Delete
        ]
    );
    assert_eq!(bulk.operations[0].bulk_id.as_deref(), Some("qwerty"));
    assert_eq!(
        bulk.operations[1].version.as_deref(),
        Some("W/\"3694e05e9dff591\"")
    );
    assert_eq!(bulk.operations[3].data, None);
    let alice: User = scim_core::from_value(bulk.operations[0].data.clone().unwrap()).unwrap();
    assert_eq!(alice.user_name, "Alice");
    let patch: PatchOp = scim_core::from_value(bulk.operations[2].data.clone().unwrap()).unwrap();
    assert_eq!(
        patch.operations[1],
        PatchOperation::add("userName", json!("Dave"))
    );
}

#[test]
fn rfc7644_bulk_responses() {
    let ok: BulkResponse = typed_fixture("rfc7644/3.7.3-bulk-response.json");
    let statuses: Vec<_> = ok.operations.iter().map(|o| o.status.code()).collect();
    assert_eq!(statuses, [201, 200, 200, 204]);
    assert!(
        ok.operations
            .iter()
            .all(|o| o.is_success() && o.error().is_none())
    );
    assert_eq!(
        ok.operations[0].location.as_deref(),
        Some("https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a")
    );
    assert_eq!(ok.operations[3].method, BulkMethod::Delete);

    let failed: BulkResponse = typed_fixture("rfc7644/3.7.3-bulk-response-error.json");
    let op = &failed.operations[0];
    assert_eq!(op.status, Status::new(400));
    assert!(!op.is_success());
    let err = op.error().unwrap();
    assert_eq!(err.scim_type, Some(ScimType::InvalidSyntax));
    assert_eq!(err.status.code(), 400);
}

#[test]
fn bulk_status_may_be_a_number() {
    let input = json!({"Operations": [{"method": "post", "status": 201, "bulkId": "b1"}]});
    let bulk: BulkResponse = scim_core::from_value(input).unwrap();
    assert_eq!(bulk.operations[0].status.code(), 201);
    assert_eq!(bulk.operations[0].method, BulkMethod::Post);
    let out = serde_json::to_value(&bulk).unwrap();
    assert_eq!(out["Operations"][0]["status"], json!(201));
    assert_eq!(out["Operations"][0]["method"], "POST");
}

// ---------------------------------------------------------------------------
// Decoding errors: where, what kind, and a message naming the attribute.

type Decode = fn(&str) -> Result<(), DecodeError>;

fn user(s: &str) -> Result<(), DecodeError> {
    from_str::<User>(s).map(drop)
}

#[test]
fn decode_errors_name_the_attribute() {
    use DecodeErrorKind::{Data, Syntax};
    let cases: &[(&str, Decode, &str, &str, DecodeErrorKind, &str)] = &[
        // (case, decoder, input, path, kind, text the message must contain)
        (
            "userName number",
            user,
            r#"{"userName": 5}"#,
            "userName",
            Data,
            "userName",
        ),
        (
            "emails object",
            user,
            r#"{"userName": "a", "emails": {}}"#,
            "emails",
            Data,
            "emails",
        ),
        (
            "active text",
            user,
            r#"{"userName": "a", "active": "yes"}"#,
            "active",
            Data,
            "active",
        ),
        (
            "name array",
            user,
            r#"{"userName": "a", "name": []}"#,
            "name",
            Data,
            "name",
        ),
        (
            "meta resourceType number",
            user,
            r#"{"userName": "a", "meta": {"resourceType": 5}}"#,
            "meta.resourceType",
            Data,
            "meta.resourceType",
        ),
        (
            "second email primary",
            user,
            r#"{"userName": "a", "emails": [{"value": "x"}, {"primary": "yes"}]}"#,
            "emails[1].primary",
            Data,
            "emails[1].primary",
        ),
        (
            "path as spelled",
            user,
            r#"{"USERNAME": true}"#,
            "USERNAME",
            Data,
            "USERNAME",
        ),
        (
            "missing userName",
            user,
            r#"{"name": {"givenName": "B"}}"#,
            "",
            Data,
            "userName",
        ),
        ("not an object", user, r#"["bjensen"]"#, "", Data, "User"),
        (
            "truncated",
            user,
            r#"{"userName": "bjensen", "name": {"givenName": "Bar"#,
            "name.givenName",
            Syntax,
            "name.givenName",
        ),
        (
            "trailing garbage",
            user,
            r#"{"userName": "a"} x"#,
            "",
            Syntax,
            "trailing",
        ),
        ("empty input", user, "", "", Syntax, "EOF"),
        (
            "list resource",
            |s| from_str::<ListResponse<User>>(s).map(drop),
            r#"{"resources": [{"userName": "a"}, {"userName": 5}]}"#,
            "resources[1].userName",
            Data,
            "resources[1].userName",
        ),
        (
            "list totalResults",
            |s| from_str::<ListResponse<User>>(s).map(drop),
            r#"{"totalResults": "two"}"#,
            "totalResults",
            Data,
            "totalResults",
        ),
        (
            "error status",
            |s| from_str::<ScimError>(s).map(drop),
            r#"{"status": "Bad Request"}"#,
            "status",
            Data,
            "status",
        ),
        (
            "error status missing",
            |s| from_str::<ScimError>(s).map(drop),
            r#"{"detail": "x"}"#,
            "",
            Data,
            "status",
        ),
        (
            "patch op number",
            |s| from_str::<PatchOp>(s).map(drop),
            r#"{"Operations": [{"op": 1}]}"#,
            "Operations[0].op",
            Data,
            "Operations[0].op",
        ),
        (
            "patch op missing",
            |s| from_str::<PatchOp>(s).map(drop),
            r#"{"Operations": [{"path": "title"}]}"#,
            "Operations[0]",
            Data,
            "op",
        ),
        (
            "bulk status missing",
            |s| from_str::<BulkResponse>(s).map(drop),
            r#"{"Operations": [{"method": "POST"}]}"#,
            "Operations[0]",
            Data,
            "status",
        ),
        (
            "config maxOperations",
            |s| from_str::<ServiceProviderConfig>(s).map(drop),
            r#"{"bulk": {"supported": true, "maxOperations": "many"}}"#,
            "bulk.maxOperations",
            Data,
            "bulk.maxOperations",
        ),
        (
            "resource type endpoint missing",
            |s| from_str::<ResourceType>(s).map(drop),
            r#"{"name": "User", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}"#,
            "",
            Data,
            "endpoint",
        ),
        (
            "search count text",
            |s| from_str::<SearchRequest>(s).map(drop),
            r#"{"count": "10"}"#,
            "count",
            Data,
            "count",
        ),
    ];
    for (case, decode, input, path, kind, mention) in cases {
        let err = decode(input).expect_err(case);
        assert_eq!(err.path(), *path, "{case}: {err}");
        assert_eq!(err.kind(), *kind, "{case}: {err}");
        let scim_type = match kind {
            Syntax => ScimType::InvalidSyntax,
            _ => ScimType::InvalidValue,
        };
        assert_eq!(err.scim_type(), scim_type, "{case}");
        let message = err.to_string();
        assert!(message.contains(mention), "{case}: {message}");
        assert!(!message.contains('\n'), "{case}: {message}");
        assert!(err.line() >= 1, "{case}: text input has a line");
    }
}

#[test]
fn decoding_never_panics_on_cut_inputs() {
    // Every proper prefix of a fixture fails with an error, never a panic.
    let cases: [(&str, Decode); 3] = [
        ("rfc7643/8.2-user-full.json", user),
        ("rfc7644/3.7.3-bulk-request.json", |s| {
            from_str::<BulkRequest>(s).map(drop)
        }),
        ("rfc7644/3.4.3-list-response.json", |s| {
            from_str::<ListResponse<Resource>>(s).map(drop)
        }),
    ];
    for (name, decode) in cases {
        let full = crate::support::fixture_text(name);
        let text = full.trim_end();
        assert!(decode(text).is_ok(), "{name}");
        for end in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let err = decode(&text[..end]).expect_err(name);
            assert_eq!(
                err.kind(),
                DecodeErrorKind::Syntax,
                "{name} cut at {end}: {err}"
            );
        }
    }
}
