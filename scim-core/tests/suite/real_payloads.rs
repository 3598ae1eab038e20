//! Payloads that identity providers and service providers publish in their
//! documentation or were reported to send, replayed through the typed and
//! the generic models.
//!
//! Each case is read into its typed model and into the generic model,
//! written back and compared with the input as JSON. Where the typed model
//! writes something else, the case says what, and why: RFC 7643 §2.5 makes
//! `null` and `[]` mean "unassigned", which is not written; values sent in a
//! non-RFC form that this crate reads liberally are written in RFC form.
//! Resources are also checked against the core schemas.

use scim_core::validate::{Mode, Validator};
use scim_core::{
    BulkRequest, BulkResponse, Group, ListResponse, PatchOp, Resource, ResourceType, Schema,
    SchemaRegistry, ScimError, SearchRequest, ServiceProviderConfig, User,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A User sent by a client (POST, PUT).
    UserRequest,
    /// A User returned by a service provider.
    UserResponse,
    /// A Group sent by a client.
    GroupRequest,
    /// A Group returned by a service provider.
    GroupResponse,
    UserList,
    GroupList,
    Error,
    Patch,
    Search,
    BulkRequest,
    BulkResponse,
    Config,
    ResourceTypes,
    Schemas,
    /// One schema, as `GET /Schemas/{id}` returns it.
    Schema,
}

struct Case {
    /// What the payload is.
    name: &'static str,
    /// The JSON as published.
    input: &'static str,
    kind: Kind,
    /// What the typed model writes back, when it is not the input.
    typed_out: Option<&'static str>,
    /// The validation errors (paths, sorted) expected of a resource.
    invalid: &'static [&'static str],
}

const CASES: &[Case] = &[
    // https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
    // ("Create User", request): `roles: []` is unassigned (RFC 7643 §2.5).
    Case {
        name: "entra create user request",
        kind: Kind::UserRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
            "active": true,
            "emails": [{"primary": true, "type": "work",
                        "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
            "meta": {"resourceType": "User"},
            "name": {"formatted": "givenName familyName", "familyName": "familyName",
                     "givenName": "givenName"},
            "roles": []
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
            "active": true,
            "emails": [{"primary": true, "type": "work",
                        "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
            "meta": {"resourceType": "User"},
            "name": {"formatted": "givenName familyName", "familyName": "familyName",
                     "givenName": "givenName"}
        }"#,
        ),
        invalid: &[],
    },
    // Same page, "Create User" response.
    Case {
        name: "entra create user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "48af03ac28ad4fb88478",
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "meta": {"resourceType": "User", "created": "2018-03-27T19:59:26.000Z",
                     "lastModified": "2018-03-27T19:59:26.000Z"},
            "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com",
            "name": {"formatted": "givenName familyName", "familyName": "familyName",
                     "givenName": "givenName"},
            "active": true,
            "emails": [{"value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com",
                        "type": "work", "primary": true}]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Get User by query - Zero results".
    Case {
        name: "entra empty list response",
        kind: Kind::UserList,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 0, "Resources": [], "startIndex": 1, "itemsPerPage": 20
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Create Group" request: a second schema that is not a URN.
    Case {
        name: "entra create group request",
        kind: Kind::GroupRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "displayName",
            "meta": {"resourceType": "Group"}
        }"#,
        typed_out: None,
        // An unregistered schema: `invalidSyntax` unless allowed.
        invalid: &["schemas[1]"],
    },
    // Same page, "Create Group" response; `members: []` is unassigned.
    Case {
        name: "entra create group response",
        kind: Kind::GroupResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "927fa2c08dcb4a7fae9e",
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "meta": {"resourceType": "Group", "created": "2018-03-27T22:02:32.000Z",
                     "lastModified": "2018-03-27T22:02:32.000Z"},
            "displayName": "displayName",
            "members": []
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "927fa2c08dcb4a7fae9e",
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "meta": {"resourceType": "Group", "created": "2018-03-27T22:02:32.000Z",
                     "lastModified": "2018-03-27T22:02:32.000Z"},
            "displayName": "displayName"
        }"#,
        ),
        invalid: &[],
    },
    // Same page, "Update User [Multi-valued properties]".
    Case {
        name: "entra patch multi-valued",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "Replace", "path": "emails[type eq \"work\"].value",
                 "value": "updatedEmail@microsoft.com"},
                {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Disable User"; `Operations` before `schemas`.
    Case {
        name: "entra disable user",
        kind: Kind::Patch,
        input: r#"{
            "Operations": [{"op": "Replace", "path": "active", "value": false}],
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Update User [Add Manager]": a value array holding `"$ref": null`.
    Case {
        name: "entra add manager",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{
                "op": "Add",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "value": [{"$ref": null, "value": "2819c223-7f76-453a-919d-413861904646"}]
            }]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Update Group [Remove Members]": `Remove` with a value.
    Case {
        name: "entra remove members",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Remove", "path": "members",
                            "value": [{"$ref": null, "value": "f648f8d5ea4e4cd38e9c"}]}]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Update User [Single-valued properties]" with the string
    // boolean Entra sends for `active`
    // (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility).
    Case {
        name: "entra patch string boolean",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // The POST /Users the Microsoft SCIM validator sends
    // (https://github.com/Captain-P-Goldfish/scim-for-keycloak/issues/87;
    // shortened, e-mail and name replaced): `primary` of a role as the
    // string "True".
    Case {
        name: "entra validator roles primary as string",
        kind: Kind::UserRequest,
        input: r#"{
            "active": true,
            "addresses": [{"type": "work", "formatted": "MSAFABQT85U4",
                           "streetAddress": "868 Price Curve", "locality": "Y3OFNBNYENGJ",
                           "region": "40Y2LPI2SHAR", "postalCode": "xd36 6dp", "primary": true,
                           "country": "Saint Vincent and the Grenadines"}],
            "displayName": "YTNKSSYY8FS8",
            "emails": [{"type": "work", "value": "hyman@example.com", "primary": true}],
            "meta": {"resourceType": "User"},
            "name": {"familyName": "Jacobi", "givenName": "Hyman"},
            "roles": [{"primary": "True", "display": "IY0KQJ70X0EK", "value": "9J3W97J8OSQQ",
                       "type": "IRANX4GAM6FK"}],
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "hyman@example.com",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "FCA0Y4MI8CWW", "employeeNumber": "XQ3ZI3XKB1WX",
                "manager": {"value": "W81TGHVA5CIE"}, "organization": "YR6FHHEF1XC2"
            }
        }"#,
        typed_out: Some(
            r#"{
            "active": true,
            "addresses": [{"type": "work", "formatted": "MSAFABQT85U4",
                           "streetAddress": "868 Price Curve", "locality": "Y3OFNBNYENGJ",
                           "region": "40Y2LPI2SHAR", "postalCode": "xd36 6dp", "primary": true,
                           "country": "Saint Vincent and the Grenadines"}],
            "displayName": "YTNKSSYY8FS8",
            "emails": [{"type": "work", "value": "hyman@example.com", "primary": true}],
            "meta": {"resourceType": "User"},
            "name": {"familyName": "Jacobi", "givenName": "Hyman"},
            "roles": [{"primary": true, "display": "IY0KQJ70X0EK", "value": "9J3W97J8OSQQ",
                       "type": "IRANX4GAM6FK"}],
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "hyman@example.com",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "FCA0Y4MI8CWW", "employeeNumber": "XQ3ZI3XKB1WX",
                "manager": {"value": "W81TGHVA5CIE"}, "organization": "YR6FHHEF1XC2"
            }
        }"#,
        ),
        // The schema check stays strict: "True" is not a JSON boolean.
        invalid: &["roles[0].primary"],
    },
    // The enterprise manager as a bare string, as Entra's documentation
    // shows it (https://github.com/MicrosoftDocs/azure-docs/issues/69234,
    // https://github.com/apache/directory-scimple/issues/1242), with the
    // name capitalised.
    Case {
        name: "entra manager as a string",
        kind: Kind::UserRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "bjensen@testuser.com",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "Manager": "123456", "department": "Tour Operations"
            }
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "bjensen@testuser.com",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "manager": {"value": "123456"}, "department": "Tour Operations"
            }
        }"#,
        ),
        invalid: &["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"],
    },
    // https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
    // ("Create the User", request): `groups: []`, a password.
    Case {
        name: "okta create user request",
        kind: Kind::UserRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "test.user@okta.local",
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
            "displayName": "Test User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "groups": [],
            "password": "1mz050nq",
            "active": true
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "test.user@okta.local",
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
            "displayName": "Test User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "password": "1mz050nq",
            "active": true
        }"#,
        ),
        invalid: &[],
    },
    // Same page, "Create the User" response.
    Case {
        name: "okta create user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
            "userName": "test.user@okta.local",
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
            "displayName": "Test User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "active": true,
            "groups": [],
            "meta": {"resourceType": "User"}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
            "userName": "test.user@okta.local",
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
            "displayName": "Test User",
            "locale": "en-US",
            "externalId": "00ujl29u0le5T6Aj10h7",
            "active": true,
            "meta": {"resourceType": "User"}
        }"#,
        ),
        invalid: &[],
    },
    // Same page, "Retrieve Users" with no match: `itemsPerPage` 0.
    Case {
        name: "okta empty list",
        kind: Kind::UserList,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Update a specific User (PATCH)": a path-less replace.
    Case {
        name: "okta deactivate user",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": false}}]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Update a specific Group name" and "Add/Remove members".
    Case {
        name: "okta group patches",
        kind: Kind::Patch,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                {"op": "replace", "value": {"id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
                                            "displayName": "Test SCIMv2"}},
                {"op": "add", "path": "members",
                 "value": [{"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173",
                            "display": "test.user@okta.local"}]},
                {"op": "remove",
                 "path": "members[value eq \"89bb1940-b905-4575-9e7f-6f887cfb368e\"]"}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same page, "Create Group" response.
    Case {
        name: "okta group response",
        kind: Kind::GroupResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
            "displayName": "Test SCIMv2",
            "members": [],
            "meta": {"resourceType": "Group"}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
            "displayName": "Test SCIMv2",
            "meta": {"resourceType": "Group"}
        }"#,
        ),
        invalid: &[],
    },
    // Same page, the error for an unknown user: `status` as a number.
    Case {
        name: "okta error with numeric status",
        kind: Kind::Error,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "detail": "User not found",
            "status": 404
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Shaped after the request of
    // https://docs.aws.amazon.com/singlesignon/latest/developerguide/createuser.html,
    // here without `schemas` (REQUIRED by RFC 7643 §3, left out by some
    // clients) and with the enterprise extension.
    Case {
        name: "aws create user without schemas",
        kind: Kind::UserRequest,
        input: r#"{
            "externalId": "701984",
            "userName": "bjensen",
            "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen",
                     "givenName": "Barbara", "middleName": "Jane", "honorificPrefix": "Ms.",
                     "honorificSuffix": "III"},
            "displayName": "Babs Jensen",
            "nickName": "Babs",
            "profileUrl": "https://login.example.com/bjensen",
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza",
                           "locality": "Hollywood", "region": "CA", "postalCode": "91608",
                           "country": "USA",
                           "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA",
                           "primary": true}],
            "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
            "userType": "Employee",
            "title": "Tour Guide",
            "preferredLanguage": "en-US",
            "locale": "en-US",
            "timezone": "America/Los_Angeles",
            "active": true,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984", "costCenter": "4130",
                "organization": "Universal Studios", "division": "Theme Park",
                "department": "Tour Operations",
                "manager": {"value": "9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734"}
            }
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": "701984",
            "userName": "bjensen",
            "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen",
                     "givenName": "Barbara", "middleName": "Jane", "honorificPrefix": "Ms.",
                     "honorificSuffix": "III"},
            "displayName": "Babs Jensen",
            "nickName": "Babs",
            "profileUrl": "https://login.example.com/bjensen",
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza",
                           "locality": "Hollywood", "region": "CA", "postalCode": "91608",
                           "country": "USA",
                           "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA",
                           "primary": true}],
            "phoneNumbers": [{"value": "555-555-5555", "type": "work"}],
            "userType": "Employee",
            "title": "Tour Guide",
            "preferredLanguage": "en-US",
            "locale": "en-US",
            "timezone": "America/Los_Angeles",
            "active": true,
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984", "costCenter": "4130",
                "organization": "Universal Studios", "division": "Theme Park",
                "department": "Tour Operations",
                "manager": {"value": "9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734"}
            }
        }"#,
        ),
        invalid: &[
            "schemas",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
    },
    // https://docs.aws.amazon.com/singlesignon/latest/developerguide/createuser.html
    // (response).
    Case {
        name: "aws create user response",
        kind: Kind::UserResponse,
        input: r#"{
            "id": "9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074",
            "externalId": "701984",
            "meta": {"resourceType": "User", "created": "2020-07-29T21:14:36Z",
                     "lastModified": "2020-07-29T21:14:36Z"},
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "userName": "bjensen",
            "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen",
                     "givenName": "Barbara", "middleName": "Jane", "honorificPrefix": "Ms.",
                     "honorificSuffix": "III"},
            "displayName": "Babs Jensen",
            "active": true,
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "701984", "costCenter": "4130",
                "organization": "Universal Studios", "division": "Theme Park",
                "department": "Tour Operations",
                "manager": {"value": "9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734"}
            }
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://docs.github.com/en/enterprise-cloud@latest/rest/enterprise-admin/scim
    // ("Provision a SCIM enterprise user", response): roles with
    // `primary: false`, a `location` in meta.
    Case {
        name: "github emu user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "externalId": "E012345",
            "id": "7fce0092-d52e-4f76-b727-3955bd72c939",
            "active": true,
            "userName": "E012345",
            "name": {"formatted": "Ms. Mona Lisa Octocat", "familyName": "Octocat",
                     "givenName": "Mona", "middleName": "Lisa"},
            "displayName": "Mona Lisa",
            "emails": [{"value": "mlisa@example.com", "type": "work", "primary": true}],
            "roles": [{"value": "User", "primary": false}],
            "meta": {"resourceType": "User", "created": "2012-03-27T19:59:26.000Z",
                     "lastModified": "2018-03-27T19:59:26.000Z",
                     "location": "https://api.github.localhost/scim/v2/Users/7fce0092-d52e-4f76-b727-3955bd72c939"}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same source, "Provision a SCIM enterprise group": members carry
    // `displayName` where RFC 7643 has `display`.
    Case {
        name: "github emu group request",
        kind: Kind::GroupRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "Engineering",
            "members": [
                {"value": "879db59-3bdf-4490-ad68-ab880a2694745", "displayName": "User 1"},
                {"value": "0db508eb-91e2-46e4-809c-30dcbda0c685", "displayName": "User 2"}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Same source: an error with the status as a string.
    Case {
        name: "github error",
        kind: Kind::Error,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": "409", "scimType": "uniqueness",
            "detail": "User already exists in the database."
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // Shaped after the user of Slack's SCIM 2.0 API
    // (https://docs.slack.dev/reference/scim-api): a vendor extension,
    // photos, groups, an empty `externalId`, a dateTime with an offset.
    Case {
        name: "slack user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User"],
            "id": "W1234567890",
            "externalId": "",
            "userName": "other_username",
            "nickName": "other_username",
            "name": {"givenName": "First", "familyName": "Last"},
            "displayName": "First Last",
            "profileUrl": "https://example.slack.com/team/other_username",
            "title": "Ninja",
            "timezone": "America/Los_Angeles",
            "active": true,
            "emails": [{"value": "some@email.com", "primary": true}],
            "photos": [{"value": "https://photos.example.com/profilephoto.jpg", "type": "photo"}],
            "groups": [{"value": "S1234567890", "display": "Group name"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "employeeNumber": "000", "costCenter": "1111", "organization": "Company",
                "division": "Bigger Department", "department": "Some Department",
                "manager": {"managerId": "W0987654321"}
            },
            "urn:ietf:params:scim:schemas:extension:slack:profile:2.0:User": {
                "startDate": "2023-10-03T13:00:00+00:00"
            },
            "meta": {"created": "2020-08-13T11:23:44-07:00",
                     "location": "https://api.slack.com/scim/v2/Users/W1234567890"}
        }"#,
        typed_out: None,
        invalid: &["schemas[2]"],
    },
    // Shaped after the user of Atlassian's user provisioning API
    // (https://developer.atlassian.com/cloud/admin/user-provisioning/rest/api-group-users/):
    // a vendor extension under a SCIM 1.0 style URN, six fraction digits.
    Case {
        name: "atlassian user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:scim:schemas:extension:atlassian-external:1.0"],
            "userName": "jdoe@example.com",
            "emails": [{"value": "jdoe@example.com", "type": "work", "primary": true}],
            "name": {"formatted": "John Doe", "familyName": "Doe", "givenName": "John"},
            "displayName": "John Doe",
            "nickName": "jd",
            "title": "Engineer",
            "preferredLanguage": "en-US",
            "department": "Engineering",
            "organization": "Atlassian",
            "timezone": "Australia/Sydney",
            "phoneNumbers": [{"value": "+61 2 0000 0000", "type": "work", "primary": true}],
            "active": true,
            "id": "7f4a1d58-2b89-4f5b-a8c5-7a0d6b7c4d2e",
            "meta": {"resourceType": "User", "location": "https://api.atlassian.com/scim/directory/d1/Users/7f4a1d58-2b89-4f5b-a8c5-7a0d6b7c4d2e",
                     "lastModified": "2021-04-26T10:20:44.191093Z",
                     "created": "2021-04-26T10:20:44.191093Z"},
            "groups": [{"value": "5f3b2e8c-1f9a-4c5a-9d6e-8b7a6c5d4e3f",
                        "display": "confluence-users",
                        "$ref": "https://api.atlassian.com/scim/directory/d1/Groups/5f3b2e8c-1f9a-4c5a-9d6e-8b7a6c5d4e3f"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"organization": "Atlassian"},
            "urn:scim:schemas:extension:atlassian-external:1.0": {"atlassianAccountId": "5b10ac8d82e05b22cc7d4ef5"}
        }"#,
        typed_out: None,
        // `department` and `organization` at the top level are not User
        // attributes; unknown attributes are not reported by default, and
        // the Atlassian URN is not registered.
        invalid: &["schemas[2]"],
    },
    // Shaped after a Salesforce SCIM user
    // (https://help.salesforce.com/s/articleView?id=sf.identity_scim_manage_users.htm):
    // entitlements, an empty `groups`, a vendor extension holding `null`.
    Case {
        name: "salesforce user response",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:salesforce:schemas:extension:18CHARORGID"],
            "id": "005D0000001Az1uIAC",
            "userName": "user@example.com",
            "externalId": "user",
            "name": {"formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane"},
            "displayName": "Jane Doe",
            "nickName": "User",
            "emails": [{"type": "work", "primary": true, "value": "user@example.com"}],
            "photos": [{"type": "photo", "value": "https://example.my.salesforce.com/profilephoto/005/F"},
                       {"type": "thumbnail", "value": "https://example.my.salesforce.com/profilephoto/005/T"}],
            "userType": "Standard",
            "preferredLanguage": "en_US",
            "locale": "en_US",
            "active": true,
            "entitlements": [{"value": "00eD0000001QmXCIA0", "display": "Standard User", "primary": true}],
            "groups": [],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "organization": "00DD0000000FJ5oMAG",
                "manager": {"displayName": "Some Manager"}
            },
            "urn:salesforce:schemas:extension:18CHARORGID": {"contactId": null},
            "meta": {"created": "2014-05-21T21:16:10Z", "lastModified": "2016-11-10T23:51:31Z",
                     "location": "https://example.my.salesforce.com/services/scim/v2/Users/005D0000001Az1uIAC",
                     "resourceType": "User", "version": "1f6a4d6e1d8a7a0c"}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:salesforce:schemas:extension:18CHARORGID"],
            "id": "005D0000001Az1uIAC",
            "userName": "user@example.com",
            "externalId": "user",
            "name": {"formatted": "Jane Doe", "familyName": "Doe", "givenName": "Jane"},
            "displayName": "Jane Doe",
            "nickName": "User",
            "emails": [{"type": "work", "primary": true, "value": "user@example.com"}],
            "photos": [{"type": "photo", "value": "https://example.my.salesforce.com/profilephoto/005/F"},
                       {"type": "thumbnail", "value": "https://example.my.salesforce.com/profilephoto/005/T"}],
            "userType": "Standard",
            "preferredLanguage": "en_US",
            "locale": "en_US",
            "active": true,
            "entitlements": [{"value": "00eD0000001QmXCIA0", "display": "Standard User", "primary": true}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "organization": "00DD0000000FJ5oMAG",
                "manager": {"displayName": "Some Manager"}
            },
            "urn:salesforce:schemas:extension:18CHARORGID": {"contactId": null},
            "meta": {"created": "2014-05-21T21:16:10Z", "lastModified": "2016-11-10T23:51:31Z",
                     "location": "https://example.my.salesforce.com/services/scim/v2/Users/005D0000001Az1uIAC",
                     "resourceType": "User", "version": "1f6a4d6e1d8a7a0c"}
        }"#,
        ),
        invalid: &["schemas[2]"],
    },
    // https://github.com/wso2/product-is/issues/7304 (WSO2 Identity Server
    // 5.9 response): a bare string among the `emails` objects.
    Case {
        name: "wso2 email as a bare string",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "0032fd29-55a9-4fb9-be82-b1c97c073f02",
            "userName": "kim",
            "emails": [{"type": "work", "value": "work@lolo.lolo"}, "email@lolo.lolo"],
            "meta": {"created": "2020-01-17T10:54:27Z", "lastModified": "2020-01-17T10:54:27Z",
                     "resourceType": "User"}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "0032fd29-55a9-4fb9-be82-b1c97c073f02",
            "userName": "kim",
            "emails": [{"type": "work", "value": "work@lolo.lolo"}, {"value": "email@lolo.lolo"}],
            "meta": {"created": "2020-01-17T10:54:27Z", "lastModified": "2020-01-17T10:54:27Z",
                     "resourceType": "User"}
        }"#,
        ),
        invalid: &["emails[1]"],
    },
    // https://github.com/wso2/product-is/issues/4455: dateTimes in local
    // time without an offset (WSO2 IS 5.7 without `scim2.compliance`).
    Case {
        name: "wso2 local dateTimes",
        kind: Kind::GroupResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "5e6b8b05-5b22-4b41-9d0a-9d4f5a0e0f4b",
            "displayName": "PRIMARY/manager",
            "meta": {"created": "2019-02-18T13:27:58", "lastModified": "2019-02-18T13:27:58",
                     "location": "https://localhost:9443/scim2/Groups/5e6b8b05-5b22-4b41-9d0a-9d4f5a0e0f4b"}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://github.com/grokability/snipe-it/pull/12913 (a list of users
    // from laravel-scim-server before the fix, shortened): `id` as a JSON
    // integer. It reads as the text "1", written as a string (RFC 7643
    // §2.2, §3.1).
    Case {
        name: "integer id",
        kind: Kind::UserList,
        input: r#"{
            "totalResults": 1369, "itemsPerPage": 10, "startIndex": 1,
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "Resources": [{
                "id": 1,
                "meta": {"created": "2022-09-12T19:48:10+00:00",
                         "lastModified": "2023-04-17T23:18:07+00:00",
                         "location": "http://snipe-it.test/scim/v2/Users/1", "resourceType": "User"},
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "admin"
            }]
        }"#,
        typed_out: Some(
            r#"{
            "totalResults": 1369, "itemsPerPage": 10, "startIndex": 1,
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "Resources": [{
                "id": "1",
                "meta": {"created": "2022-09-12T19:48:10+00:00",
                         "lastModified": "2023-04-17T23:18:07+00:00",
                         "location": "http://snipe-it.test/scim/v2/Users/1", "resourceType": "User"},
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "admin"
            }]
        }"#,
        ),
        invalid: &[],
    },
    // https://github.com/goauthentik/authentik/issues/15533 (a group of
    // the invGate SCIM server): member values as JSON integers.
    Case {
        name: "integer member values",
        kind: Kind::GroupResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "7",
            "displayName": "Helpdesk",
            "members": [{"value": 53}, {"value": 54}]
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "7",
            "displayName": "Helpdesk",
            "members": [{"value": "53"}, {"value": "54"}]
        }"#,
        ),
        invalid: &["members[0].value", "members[1].value"],
    },
    // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/schemacustomization.htm
    // (an empty custom schema of OCI identity domains): no `attributes`,
    // vendor attributes beside the RFC ones.
    Case {
        name: "oracle empty custom schema",
        kind: Kind::Schema,
        input: r#"{
            "name": "CustomUser",
            "description": "Custom User",
            "id": "urn:ietf:params:scim:schemas:idcs:extension:custom:User",
            "idcsResourceTypes": ["User"],
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "meta": {"resourceType": "Schema", "created": "2022-08-15T05:02:13.788Z",
                     "lastModified": "2022-08-15T05:02:13.788Z",
                     "location": "https://example.identity.oraclecloud.com/admin/v1/Schemas/urn:ietf:params:scim:schemas:idcs:extension:custom:User"},
            "idcsCreatedBy": {"value": "158d625222f442ef8fcc817593701dd9", "type": "App",
                              "display": "idcssm",
                              "$ref": "https://example.identity.oraclecloud.com/admin/v1/Apps/158d625222f442ef8fcc817593701dd9"}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://docs.oracle.com/en/cloud/paas/identity-cloud/rest-api/addingattributestoemptyschema.html
    // (PUT request): attributes without `required` or `caseExact`, with
    // vendor characteristics.
    Case {
        name: "oracle custom schema attributes",
        kind: Kind::Schema,
        input: r#"{
            "name": "CustomUser",
            "description": "Custom User",
            "id": "urn:ietf:params:scim:schemas:extension:custom:2.0:User",
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "idcsResourceTypes": ["User"],
            "attributes": [
                {"name": "subDivision", "idcsDisplayName": "Sub Division", "type": "string",
                 "idcsMinLength": 5, "idcsMaxLength": 30, "description": "SubDivision",
                 "multiValued": false, "returned": "always", "mutability": "readWrite",
                 "idcsSearchable": true},
                {"name": "branchAddress", "idcsDisplayName": "Branch Address", "type": "string",
                 "description": "Branch Office Address", "idcsMinLength": 5,
                 "idcsMaxLength": 300, "multiValued": false, "returned": "always",
                 "mutability": "readWrite", "idcsSearchable": true}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://docs.oracle.com/en-us/iaas/Content/Identity/api-getstarted/OCISRequestBody.htm
    // (GET user response, shortened): vendor complex attributes and a
    // vendor extension.
    Case {
        name: "oracle user response",
        kind: Kind::UserResponse,
        input: r#"{
            "idcsCreatedBy": {"type": "App", "display": "Confidential App", "value": "a1",
                              "ocid": "ocid1.domainapp.oc1.x",
                              "$ref": "https://example.identity.oraclecloud.com/admin/v1/Apps/a1"},
            "id": "u1",
            "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User": {
                "isFederatedUser": false, "preferredUiLandingPage": "MyApps"},
            "meta": {"created": "2024-10-24T19:07:26.810Z", "lastModified": "2024-10-24T19:07:26.810Z",
                     "version": "ddf2b4979d704f3d813e2636630da678", "resourceType": "User",
                     "location": "https://example.identity.oraclecloud.com/admin/v1/Users/u1"},
            "active": true,
            "displayName": "Barbara Jensen",
            "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Barbara Jensen"},
            "userName": "bjensen@example.com",
            "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                       {"value": "bjensen@example.com", "primary": false, "type": "recovery"}],
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:oracle:idcs:extension:user:User"]
        }"#,
        typed_out: None,
        invalid: &["schemas[1]"],
    },
    // https://wso2.com/asgardeo/docs/apis/scim2/build-scim2-user-creation-payload
    // (the pieces of an Asgardeo user creation payload put together):
    // `username` in lower case, no `schemas`, a vendor extension.
    Case {
        name: "asgardeo user creation payload",
        kind: Kind::UserRequest,
        input: r#"{
            "name": {"givenName": "Kim", "familyName": "Berry"},
            "username": "kimberry",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1234A"},
            "urn:scim:wso2:schema": {"customAttribute": "xyz"}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                        "urn:scim:wso2:schema"],
            "name": {"givenName": "Kim", "familyName": "Berry"},
            "userName": "kimberry",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1234A"},
            "urn:scim:wso2:schema": {"customAttribute": "xyz"}
        }"#,
        ),
        invalid: &[
            "schemas",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:scim:wso2:schema",
        ],
    },
    // https://github.com/PennState/SCIMple-Identity/issues/34: `meta`
    // dateTimes without a UTC offset, read as UTC.
    Case {
        name: "dateTimes without offset",
        kind: Kind::UserResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "9993845",
            "userName": "jdoe",
            "meta": {"created": "2017-04-06T16:29:24.498",
                     "location": "https://dev.apps.psu.edu/cpr/resources/Users/9993845",
                     "lastModified": "2017-04-06T16:29:24.589",
                     "version": "m0m8UvXOrBwaqvXXmyQs7eB94P93kNQjd8Obbn5W65w=",
                     "resourceType": "User"}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // .NET servers write seven fraction digits
    // (https://github.com/AzureAD/SCIMReferenceCode, `DateTime.ToString("o")`).
    Case {
        name: "seven fraction digits",
        kind: Kind::GroupResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "id": "g1",
            "displayName": "Sales",
            "meta": {"resourceType": "Group", "created": "2021-02-24T20:24:57.5936612Z",
                     "lastModified": "2021-02-24T20:24:57.5936612+00:00"}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2 read by a client
    // of a server that writes `resources` in lower case and `null` for the
    // unset cursor (https://github.com/python-scim/scim2-models ListResponse).
    Case {
        name: "list with lower-case resources and nulls",
        kind: Kind::GroupList,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 1, "itemsPerPage": 1, "startIndex": 1, "nextCursor": null,
            "resources": [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                           "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                           "displayName": "Tour Guides",
                           "members": [{"value": "2819c223-7f76-453a-919d-413861904646",
                                        "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                                        "display": "Babs Jensen", "type": "User"}]}]
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 1, "itemsPerPage": 1, "startIndex": 1,
            "Resources": [{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                           "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                           "displayName": "Tour Guides",
                           "members": [{"value": "2819c223-7f76-453a-919d-413861904646",
                                        "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                                        "display": "Babs Jensen", "type": "User"}]}]
        }"#,
        ),
        invalid: &[],
    },
    // https://www.rfc-editor.org/rfc/rfc7644#section-3.4.3 as Entra and
    // the SCIM reference code send it: `count` and `startIndex` as numbers,
    // attributes as lists.
    Case {
        name: "search request",
        kind: Kind::Search,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "attributes": ["displayName", "userName"],
            "excludedAttributes": [],
            "filter": "displayName sw \"smith\"",
            "startIndex": 1,
            "count": 10
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "attributes": ["displayName", "userName"],
            "filter": "displayName sw \"smith\"",
            "startIndex": 1,
            "count": 10
        }"#,
        ),
        invalid: &[],
    },
    // https://www.rfc-editor.org/rfc/rfc7644#section-3.7.2 with the `data`
    // of a POST holding `"schemas"` in another case, and a bulkId
    // reference.
    Case {
        name: "bulk request",
        kind: Kind::BulkRequest,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "failOnErrors": 1,
            "Operations": [
                {"method": "POST", "path": "/Users", "bulkId": "qwerty",
                 "data": {"Schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                          "userName": "Alice"}},
                {"method": "PATCH", "path": "/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
                 "version": "W/\"4weymrEsh5O6cAEK\"",
                 "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                          "Operations": [{"op": "add", "path": "members",
                                          "value": [{"type": "User", "value": "bulkId:qwerty"}]}]}},
                {"method": "DELETE", "path": "/Users/b7c14771-226c-4d05-8860-134711653041",
                 "version": "W/\"0ee8add0a938e1a\""}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // https://www.rfc-editor.org/rfc/rfc7644#section-3.7.3 with numeric
    // statuses, as several servers send them.
    Case {
        name: "bulk response with numeric statuses",
        kind: Kind::BulkResponse,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
            "Operations": [
                {"location": "https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a",
                 "method": "POST", "bulkId": "qwerty", "version": "W/\"4weymrEsh5O6cAEK\"",
                 "status": 201},
                {"method": "POST", "bulkId": "ytrewq", "status": 400,
                 "response": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
                              "scimType": "invalidSyntax",
                              "detail": "Request is unparsable, syntactically incorrect, or violates schema.",
                              "status": "400"}}
            ]
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // RFC 7643 §8.5 as servers publish it: `authenticationSchemes` with
    // `primary`, `bulk` with zero limits, an escaped `/` in the version.
    Case {
        name: "entra reference service provider config",
        kind: Kind::Config,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "http://example.com/help/scim.html",
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": 200},
            "changePassword": {"supported": false},
            "sort": {"supported": true},
            "etag": {"supported": false},
            "authenticationSchemes": [{"name": "OAuth Bearer Token",
                "description": "Authentication scheme using the OAuth Bearer Token Standard",
                "specUri": "http://www.rfc-editor.org/info/rfc6750",
                "documentationUri": "http://example.com/help/oauth.html",
                "type": "oauthbearertoken", "primary": true}],
            "meta": {"location": "https://example.com/v2/ServiceProviderConfig",
                     "resourceType": "ServiceProviderConfig",
                     "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
                     "version": "W\/\"3694e05e9dff594\""}
        }"#,
        typed_out: None,
        invalid: &[],
    },
    // A service provider config with `supported` as the strings "true" and
    // "false", the string-boolean dialect of the Entra case above.
    Case {
        name: "service provider config with string booleans",
        kind: Kind::Config,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": "true"},
            "bulk": {"supported": "false", "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": "true", "maxResults": 1000}
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": 1000}
        }"#,
        ),
        invalid: &[],
    },
    // A /ResourceTypes list as servers answer it, with RFC 7643 §6's
    // `schemaExtensions` and the discovery `meta`.
    Case {
        name: "resource types list",
        kind: Kind::ResourceTypes,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 2, "itemsPerPage": 2, "startIndex": 1,
            "Resources": [
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                 "id": "User", "name": "User", "endpoint": "/Users",
                 "description": "User Account",
                 "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
                 "schemaExtensions": [{"schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                                       "required": false}],
                 "meta": {"location": "https://example.com/v2/ResourceTypes/User",
                          "resourceType": "ResourceType"}},
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                 "id": "Group", "name": "Group", "endpoint": "/Groups",
                 "description": "Group", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group",
                 "schemaExtensions": [],
                 "meta": {"location": "https://example.com/v2/ResourceTypes/Group",
                          "resourceType": "ResourceType"}}
            ]
        }"#,
        typed_out: Some(
            r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 2, "itemsPerPage": 2, "startIndex": 1,
            "Resources": [
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                 "id": "User", "name": "User", "endpoint": "/Users",
                 "description": "User Account",
                 "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
                 "schemaExtensions": [{"schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                                       "required": false}],
                 "meta": {"location": "https://example.com/v2/ResourceTypes/User",
                          "resourceType": "ResourceType"}},
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                 "id": "Group", "name": "Group", "endpoint": "/Groups",
                 "description": "Group", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group",
                 "meta": {"location": "https://example.com/v2/ResourceTypes/Group",
                          "resourceType": "ResourceType"}}
            ]
        }"#,
        ),
        invalid: &[],
    },
    // A /Schemas list holding a schema for the custom extension namespace
    // of Entra's documentation
    // (https://learn.microsoft.com/en-us/entra/identity/app-provisioning/customize-application-attributes):
    // `referenceTypes` and `canonicalValues`.
    Case {
        name: "custom extension schema",
        kind: Kind::Schemas,
        input: r#"{
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 1, "itemsPerPage": 1, "startIndex": 1,
            "Resources": [{
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
                "id": "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User",
                "name": "CustomExtensionName",
                "description": "Custom attributes",
                "attributes": [
                    {"name": "CustomAttribute", "type": "string", "multiValued": false,
                     "description": "A custom attribute", "required": false,
                     "caseExact": false, "mutability": "readWrite", "returned": "default",
                     "uniqueness": "none"},
                    {"name": "level", "type": "string", "multiValued": false,
                     "required": false, "caseExact": true, "canonicalValues": ["gold", "silver"],
                     "mutability": "readWrite", "returned": "default", "uniqueness": "none"},
                    {"name": "owner", "type": "reference", "referenceTypes": ["User", "external"],
                     "multiValued": false, "required": false, "caseExact": true,
                     "mutability": "readOnly", "returned": "default", "uniqueness": "none"}
                ],
                "meta": {"resourceType": "Schema",
                         "location": "/v2/Schemas/urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User"}
            }]
        }"#,
        typed_out: None,
        invalid: &[],
    },
];

/// Decodes `text` as `T` (from text and from bytes) and writes it back as
/// JSON.
fn typed<T: DeserializeOwned + Serialize>(text: &str) -> Result<Value, String> {
    let value: T = scim_core::from_str(text).map_err(|e| e.to_string())?;
    let from_bytes: T = scim_core::from_slice(text.as_bytes()).map_err(|e| e.to_string())?;
    let out = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    if serde_json::to_value(&from_bytes).map_err(|e| e.to_string())? != out {
        return Err("bytes and text decode differently".into());
    }
    Ok(out)
}

fn typed_out(kind: Kind, text: &str) -> Result<Value, String> {
    match kind {
        Kind::UserRequest | Kind::UserResponse => typed::<User>(text),
        Kind::GroupRequest | Kind::GroupResponse => typed::<Group>(text),
        Kind::UserList => typed::<ListResponse<User>>(text),
        Kind::GroupList => typed::<ListResponse<Group>>(text),
        Kind::Error => typed::<ScimError>(text),
        Kind::Patch => typed::<PatchOp>(text),
        Kind::Search => typed::<SearchRequest>(text),
        Kind::BulkRequest => typed::<BulkRequest>(text),
        Kind::BulkResponse => typed::<BulkResponse>(text),
        Kind::Config => typed::<ServiceProviderConfig>(text),
        Kind::ResourceTypes => typed::<ListResponse<ResourceType>>(text),
        Kind::Schemas => typed::<ListResponse<Schema>>(text),
        Kind::Schema => typed::<Schema>(text),
    }
}

fn parse(name: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"))
}

/// Runs `check` on every case and fails with the list of the cases that
/// failed, so that one run shows them all.
fn each_case(check: impl Fn(&Case) -> Result<(), String>) {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|case| check(case).err().map(|e| format!("{}: {e}", case.name)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn same(what: &str, found: &Value, expected: &Value) -> Result<(), String> {
    if found == expected {
        return Ok(());
    }
    Err(format!(
        "{what} differs\n  found:    {found}\n  expected: {expected}"
    ))
}

#[test]
fn typed_models_write_back_what_they_read() {
    each_case(|case| {
        let expected = parse(case.name, case.typed_out.unwrap_or(case.input));
        same(
            "typed output",
            &typed_out(case.kind, case.input)?,
            &expected,
        )
    });
}

#[test]
fn typed_output_reads_back_to_itself() {
    each_case(|case| {
        let once = typed_out(case.kind, case.input)?;
        let twice = typed_out(case.kind, &once.to_string())?;
        same("second round", &twice, &once)
    });
}

#[test]
fn resources_read_into_the_generic_model_lose_nothing() {
    each_case(|case| {
        let input = parse(case.name, case.input);
        match case.kind {
            Kind::UserRequest | Kind::UserResponse | Kind::GroupRequest | Kind::GroupResponse => {
                let generic: Resource =
                    scim_core::from_value(input.clone()).map_err(|e| e.to_string())?;
                same(
                    "generic output",
                    &serde_json::to_value(&generic).unwrap(),
                    &input,
                )
            }
            Kind::UserList | Kind::GroupList => {
                let list: ListResponse<Resource> =
                    scim_core::from_value(input).map_err(|e| e.to_string())?;
                let typed = typed_out(case.kind, case.input)?;
                same(
                    "generic list",
                    &serde_json::to_value(&list).unwrap(),
                    &typed,
                )
            }
            _ => Ok(()),
        }
    });
}

#[test]
fn resources_validate_as_expected() {
    let registry = SchemaRegistry::core();
    each_case(|case| {
        let mode = match case.kind {
            Kind::UserRequest | Kind::GroupRequest => Mode::Request,
            Kind::UserResponse | Kind::GroupResponse => Mode::Response,
            _ => return Ok(()),
        };
        let input = parse(case.name, case.input);
        let mut found: Vec<String> = match Validator::new(&registry).mode(mode).validate(&input) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| format!("{} ({})", e.path(), e))
                .collect(),
        };
        found.sort();
        found.dedup();
        let paths: Vec<&str> = found
            .iter()
            .map(|f| f.split(" (").next().unwrap_or(""))
            .collect();
        if paths == case.invalid {
            Ok(())
        } else {
            Err(format!(
                "validation found {found:?}, expected {:?}",
                case.invalid
            ))
        }
    });
}

/// `meta` is read-only (RFC 7643 §3.1), and RFC 7644 §3.5.1 has a service
/// provider ignore read-only values a client sends: a `created` or
/// `lastModified` that is not a dateTime does not make the resource
/// unreadable. It is kept as read and written back unchanged; the
/// validator still reports it.
#[test]
fn meta_dates_that_are_not_date_times_are_kept() {
    for stamp in [
        r#""Mon Jul 29 21:14:36 UTC 2020""#,
        "1429123454227",
        r#""""#,
        r#"{"date": "2020-07-29"}"#,
    ] {
        let text = format!(
            r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "1",
                "userName": "bjensen",
                "meta": {{"resourceType": "User", "created": {stamp}, "lastModified": {stamp}}}}}"#
        );
        let input: Value = serde_json::from_str(&text).unwrap();
        let user: User = scim_core::from_str(&text).unwrap_or_else(|e| panic!("{stamp}: {e}"));
        let meta = user.meta.as_ref().unwrap();
        assert_eq!(meta.created, None, "{stamp}");
        assert_eq!(meta.last_modified, None, "{stamp}");
        let kept: Value = serde_json::from_str(stamp).unwrap();
        assert_eq!(meta.extra["created"], kept, "{stamp}");
        assert_eq!(meta.extra["lastModified"], kept, "{stamp}");
        assert_eq!(serde_json::to_value(&user).unwrap(), input, "{stamp}");

        let errors = Validator::new(&SchemaRegistry::core())
            .mode(Mode::Response)
            .validate(&input)
            .unwrap_err();
        let paths: Vec<&str> = errors
            .iter()
            .map(scim_core::validate::ValidationError::path)
            .collect();
        assert!(paths.contains(&"meta.created"), "{stamp}: {paths:?}");
    }
    // Set later, the typed value is written, once.
    let mut user: User =
        scim_core::from_str(r#"{"userName": "b", "meta": {"created": "yesterday"}}"#).unwrap();
    let now: scim_core::DateTime = "2024-01-02T03:04:05Z".parse().unwrap();
    user.meta.as_mut().unwrap().created = Some(now);
    let text = serde_json::to_string(&user).unwrap();
    assert_eq!(text.matches("created").count(), 1, "{text}");
    assert_eq!(
        serde_json::to_value(&user).unwrap()["meta"]["created"],
        "2024-01-02T03:04:05Z"
    );

    // A valid one is typed, in any spelling of the name.
    let user: User =
        scim_core::from_str(r#"{"userName": "b", "Meta": {"Created": "2020-07-29T21:14:36Z"}}"#)
            .unwrap();
    let meta = user.meta.unwrap();
    assert_eq!(meta.created.unwrap().as_str(), "2020-07-29T21:14:36Z");
    assert!(meta.extra.is_empty());
}

/// Booleans as strings are read only as `true` and `false` in any case;
/// other strings stay errors naming the attribute.
#[test]
fn string_booleans_are_read_only_when_they_are_booleans() {
    for (text, expected) in [
        ("True", true),
        ("FALSE", false),
        ("true", true),
        ("False", false),
    ] {
        let user: User = scim_core::from_str(&format!(
            r#"{{"userName": "b", "active": "{text}", "emails": [{{"value": "a@b.c", "primary": "{text}"}}]}}"#
        ))
        .unwrap();
        assert_eq!(user.active, Some(expected), "{text}");
        assert_eq!(user.emails[0].primary, Some(expected), "{text}");
    }
    for bad in [r#""yes""#, r#""1""#, "1", r#""""#, r#"" true""#, "[]"] {
        let err = scim_core::from_str::<User>(&format!(r#"{{"userName": "b", "active": {bad}}}"#))
            .unwrap_err();
        assert_eq!(err.path(), "active", "{bad}: {err}");
    }
}

/// The enterprise manager as a bare id reads as its `value`; as an object
/// it reads as before, and anything else is an error.
#[test]
fn manager_as_a_bare_id() {
    let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let user: User = scim_core::from_str(&format!(
        r#"{{"userName": "b", "{ent}": {{"manager": "26118915"}}}}"#
    ))
    .unwrap();
    let manager = user.enterprise.unwrap().manager.unwrap();
    assert_eq!(manager.value.as_deref(), Some("26118915"));
    assert_eq!(manager.ref_, None);
    let user: User = scim_core::from_str(&format!(
        r#"{{"userName": "b", "{ent}": {{"manager": null}}}}"#
    ))
    .unwrap();
    assert_eq!(user.enterprise.unwrap().manager, None);
    for bad in ["7", "[]", "true"] {
        let err = scim_core::from_str::<User>(&format!(
            r#"{{"userName": "b", "{ent}": {{"manager": {bad}}}}}"#
        ))
        .unwrap_err();
        assert_eq!(err.path(), format!("{ent}.manager"), "{bad}: {err}");
    }
}

/// RFC 7643 §2.1: attribute names and schema URNs are case-insensitive.
/// Modelled names in any case read as the canonical ones and are written
/// canonically; two spellings of one modelled name are an error (as a
/// repeated name is); unknown names keep their spelling, and two of them
/// differing only in case are both kept, so nothing is lost.
#[test]
fn names_in_other_cases() {
    let text = r#"{
        "SCHEMAS": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER",
                    "urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user",
                    "urn:example:Badge"],
        "UserName": "bjensen",
        "EMAILS": [{"Value": "b@example.com", "PRIMARY": true}],
        "Meta": {"ResourceType": "User", "LASTMODIFIED": "2011-05-13T04:42:34Z"},
        "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"EmployeeNumber": "701984"},
        "URN:EXAMPLE:BADGE": {"badge": 7},
        "x-Vendor": 1,
        "X-VENDOR": 2
    }"#;
    let user: User = scim_core::from_str(text).unwrap();
    assert_eq!(user.user_name, "bjensen");
    assert_eq!(user.emails[0].primary, Some(true));
    assert_eq!(
        user.enterprise.as_ref().unwrap().employee_number.as_deref(),
        Some("701984")
    );
    assert_eq!(user.extension("urn:example:badge").unwrap()["badge"], 7);
    assert_eq!(user.extra["x-Vendor"], 1);
    assert_eq!(user.extra["X-VENDOR"], 2);
    let out = serde_json::to_value(&user).unwrap();
    let expected: Value = serde_json::from_str(
        r#"{
        "schemas": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER",
                    "urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:user",
                    "urn:example:Badge"],
        "userName": "bjensen",
        "emails": [{"value": "b@example.com", "primary": true}],
        "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984"},
        "URN:EXAMPLE:BADGE": {"badge": 7},
        "x-Vendor": 1,
        "X-VENDOR": 2
    }"#,
    )
    .unwrap();
    assert_eq!(out, expected);
    // The schema URNs, declared in another case, are not listed twice.
    assert_eq!(out["schemas"].as_array().unwrap().len(), 3);

    // Generic: the same, with every non-common attribute as read.
    let generic: Resource = scim_core::from_str(text).unwrap();
    assert_eq!(generic.get("username").unwrap(), "bjensen");
    assert_eq!(
        generic.meta.as_ref().unwrap().resource_type.as_deref(),
        Some("User")
    );
    let out = serde_json::to_value(&generic).unwrap();
    assert_eq!(out["schemas"], expected["schemas"]);
    assert_eq!(out["UserName"], "bjensen");
    assert_eq!(out["x-Vendor"], 1);
    assert_eq!(out["X-VENDOR"], 2);

    // Two spellings of a modelled name, at any level, are an error.
    for (text, path) in [
        (r#"{"userName": "a", "UserName": "b"}"#, ""),
        (r#"{"userName": "a", "schemas": [], "Schemas": []}"#, ""),
        (
            r#"{"userName": "a", "meta": {"created": "2011-05-13T04:42:34Z", "CREATED": "2011-05-13T04:42:34Z"}}"#,
            "meta",
        ),
        (
            r#"{"userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {},
                "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {}}"#,
            "",
        ),
    ] {
        let err = scim_core::from_str::<User>(text).unwrap_err();
        assert!(err.to_string().contains("duplicate"), "{text}: {err}");
        assert_eq!(err.path(), path, "{text}");
    }
}

/// A body Okta was reported to send to `PUT /Users/{id}`: a list response
/// echoed back, with `resources` and `Resources` side by side
/// (<https://coderapp.vercel.app/answer/77524118>). As a list, two spellings
/// of `Resources` are an error; as a generic resource nothing is lost.
#[test]
fn okta_echoed_list_body() {
    let text = r#"{
        "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "resources": [{"name": {"formatted": "John Does"},
                       "emails": [{"value": "test@email.com", "primary": true}],
                       "externalId": "113", "active": true, "id": "113",
                       "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}],
        "Resources": [{"name": {"formatted": "John Does"},
                       "emails": [{"value": "test@email.com", "primary": true}],
                       "externalId": "113", "active": true, "id": "113",
                       "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                       "natsRole": "nats/v1"}],
        "active": false
    }"#;
    let err = scim_core::from_str::<ListResponse<Resource>>(text).unwrap_err();
    assert!(err.to_string().contains("duplicate"), "{err}");
    let generic: Resource = scim_core::from_str(text).unwrap();
    let input: Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&generic).unwrap(), input);
    // As a User it lacks `userName`.
    let err = scim_core::from_str::<User>(text).unwrap_err();
    assert!(err.to_string().contains("userName"), "{err}");
}

/// Identifiers (`id`, `externalId`, `value`, `employeeNumber`) read JSON
/// integers as their decimal text; other non-strings stay errors.
#[test]
fn integer_identifiers() {
    let user: User = scim_core::from_str(
        r#"{"id": 1, "externalId": -2, "userName": "b", "emails": [{"value": 5551234}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                {"employeeNumber": 701984, "manager": {"value": 26118915}}}"#,
    )
    .unwrap();
    assert_eq!(user.id.as_deref(), Some("1"));
    assert_eq!(user.external_id.as_deref(), Some("-2"));
    assert_eq!(user.emails[0].value.as_deref(), Some("5551234"));
    let ent = user.enterprise.unwrap();
    assert_eq!(ent.employee_number.as_deref(), Some("701984"));
    assert_eq!(ent.manager.unwrap().value.as_deref(), Some("26118915"));
    let generic: Resource = scim_core::from_str(r#"{"id": 1}"#).unwrap();
    assert_eq!(generic.id.as_deref(), Some("1"));
    for bad in ["1.5", "true", "[]", "{}"] {
        let err = scim_core::from_str::<User>(&format!(r#"{{"userName": "b", "id": {bad}}}"#))
            .unwrap_err();
        assert_eq!(err.path(), "id", "{bad}: {err}");
    }
}

/// The PATCH requests of the vendors' documentation apply to the
/// resources of the same documentation, with the tolerance each needs.
#[test]
fn vendor_patches_apply() {
    use scim_core::patch::{Patcher, Tolerance};
    let ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let entra_user = || -> Value {
        let case = CASES
            .iter()
            .find(|c| c.name == "entra create user response")
            .unwrap();
        parse(case.name, case.input)
    };
    let patch = |name: &str| -> PatchOp {
        let case = CASES.iter().find(|c| c.name == name).unwrap();
        scim_core::from_str(case.input).unwrap()
    };
    let entra = Patcher::core().with_tolerance(Tolerance::ENTRA_ID);

    let mut user = entra_user();
    entra
        .apply(&mut user, &patch("entra patch multi-valued"))
        .unwrap();
    assert_eq!(user["emails"][0]["value"], "updatedEmail@microsoft.com");
    assert_eq!(user["name"]["familyName"], "updatedFamilyName");

    let mut user = entra_user();
    entra
        .apply(&mut user, &patch("entra disable user"))
        .unwrap();
    assert_eq!(user["active"], false);

    let mut user = entra_user();
    entra
        .apply(&mut user, &patch("entra patch string boolean"))
        .unwrap();
    assert_eq!(user["active"], false);

    // The manager sent as a one-element array holding `"$ref": null`:
    // RFC 7644 has an object there, so the strict patcher refuses it and
    // names the switch.
    let mut user = entra_user();
    let err = Patcher::core()
        .with_tolerance(Tolerance::ENTRA_ID.single_value_array(false))
        .apply(&mut user, &patch("entra add manager"))
        .unwrap_err();
    assert!(
        err.to_string().contains("Tolerance::single_value_array"),
        "{err}"
    );
    assert_eq!(user, entra_user());
    entra.apply(&mut user, &patch("entra add manager")).unwrap();
    assert_eq!(
        user[ent]["manager"]["value"],
        "2819c223-7f76-453a-919d-413861904646"
    );
    let typed: User = scim_core::from_value(user).unwrap();
    assert_eq!(
        typed.enterprise.unwrap().manager.unwrap().value.as_deref(),
        Some("2819c223-7f76-453a-919d-413861904646")
    );

    // Members added, then removed by a `Remove` carrying the value.
    let mut group = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "927fa2c08dcb4a7fae9e", "displayName": "displayName",
        "members": [{"value": "f648f8d5ea4e4cd38e9c"}, {"value": "a1"}]
    });
    entra
        .apply(&mut group, &patch("entra remove members"))
        .unwrap();
    assert_eq!(group["members"], serde_json::json!([{"value": "a1"}]));

    // Okta: RFC 7644 as written, no tolerance needed.
    let okta = Patcher::core();
    let mut user: Value = parse(
        "okta",
        CASES
            .iter()
            .find(|c| c.name == "okta create user response")
            .unwrap()
            .input,
    );
    okta.apply(&mut user, &patch("okta deactivate user"))
        .unwrap();
    assert_eq!(user["active"], false);
    let mut group: Value = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", "displayName": "Old",
        "members": [{"value": "89bb1940-b905-4575-9e7f-6f887cfb368e"}]
    });
    okta.apply(&mut group, &patch("okta group patches"))
        .unwrap();
    assert_eq!(group["displayName"], "Test SCIMv2");
    assert_eq!(
        group["members"],
        serde_json::json!([{"value": "23a35c27-23d3-4c03-b4c5-6443c09e7173", "display": "test.user@okta.local"}])
    );
}
