#!/usr/bin/env python3
"""Runs PATCH cases through scim2-models, an independent implementation of
RFC 7644 §3.5.2, and writes what it gives to
scim-core/tests/data/interop/patch_scim2_models.json.

The Rust test `patch_interop` in scim-core's test suite applies the same
cases with `scim_core::patch::Patcher` and compares. See README.md beside
this script for how to run it and for the cases where the two disagree.

    python3 -m venv /tmp/scim2venv
    /tmp/scim2venv/bin/pip install -r scripts/interop/requirements.txt
    /tmp/scim2venv/bin/python scripts/interop/patch_scim2_models.py
"""

import json
import pathlib
import sys
from importlib.metadata import version

from pydantic import ValidationError
from scim2_models import Context, EnterpriseUser, Group, PatchOp, ScimPolicy, User
from scim2_models.exceptions import SCIMException

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

META_USER = {
    "resourceType": "User",
    "created": "2010-01-23T04:56:22Z",
    "lastModified": "2011-05-13T04:42:34Z",
    "location": "https://example.com/v2/Users/2819c223",
    "version": 'W/"3694e05e9dff591"',
}
META_GROUP = dict(META_USER, resourceType="Group", location="https://example.com/v2/Groups/e9e30dba")

M1 = "2819c223-7f76-453a-919d-413861904646"
M2 = "902c246b-6245-4190-8e05-00816be7344a"
M3 = "08e1d05d-121c-4561-8b96-473d93df9210"


def user(**extra):
    u = {
        "schemas": [USER],
        "id": "2819c223",
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": True},
            {"value": "babs@jensen.org", "type": "home"},
        ],
        "addresses": [
            {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood"},
            {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood"},
        ],
        "meta": META_USER,
    }
    u.update(extra)
    # An attribute given as None is left out.
    return {k: v for k, v in u.items() if v is not None}


def ent_user(**ext):
    u = user()
    u["schemas"] = [USER, ENT]
    u[ENT] = dict({"department": "Tour Operations", "manager": {"value": "26118915"}}, **ext)
    return u


def group():
    return {
        "schemas": [GROUP],
        "id": "e9e30dba",
        "displayName": "Tour Guides",
        "members": [
            {"value": M1, "display": "Babs Jensen"},
            {"value": M2, "display": "Mandy Pepperidge"},
        ],
        "meta": META_GROUP,
    }


# (name, resource kind, resource, operations)
CASES = [
    # RFC 7644 §3.5.2 examples
    ("rfc add member", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"display": "James Smith", "value": M3}]}]),
    ("rfc add without path", "User", user(), [
        {"op": "add", "value": {"emails": [{"value": "babs@jensen.org", "type": "home"}], "nickname": "Babs"}}]),
    ("rfc remove all members", "Group", group(), [{"op": "remove", "path": "members"}]),
    ("rfc remove one member", "Group", group(), [{"op": "remove", "path": f'members[value eq "{M1}"]'}]),
    ("rfc remove work emails", "User", user(), [
        {"op": "remove", "path": 'emails[type eq "work" and value ew "example.com"]'}]),
    ("rfc remove and add member", "Group", group(), [
        {"op": "remove", "path": f'members[value eq "{M1}"]'},
        {"op": "add", "path": "members", "value": [{"display": "James Smith", "value": M3}]}]),
    ("rfc replace all members by remove then add", "Group", group(), [
        {"op": "remove", "path": "members"},
        {"op": "add", "path": "members", "value": [{"display": "James Smith", "value": M3}]}]),
    ("rfc replace members", "Group", group(), [
        {"op": "replace", "path": "members", "value": [{"display": "James Smith", "value": M3}]}]),
    ("rfc replace work address", "User", user(), [
        {"op": "replace", "path": 'addresses[type eq "work"]', "value": {
            "type": "work", "streetAddress": "911 Universal City Plaza", "locality": "Hollywood",
            "region": "CA", "postalCode": "91608", "country": "US", "primary": True}}]),
    ("rfc replace street", "User", user(), [
        {"op": "replace", "path": 'addresses[type eq "work"].streetAddress', "value": "1010 Broadway Ave"}]),
    ("rfc replace without path", "User", user(), [
        {"op": "replace", "value": {"emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": True},
            {"value": "babs@jensen.org", "type": "home"}], "nickname": "Babs"}}]),
    # add
    ("add title", "User", user(), [{"op": "add", "path": "title", "value": "Tour Guide"}]),
    ("add merges complex", "User", user(), [{"op": "add", "path": "name", "value": {"middleName": "Jane"}}]),
    ("add sub-attribute", "User", user(), [{"op": "add", "path": "name.honorificPrefix", "value": "Ms."}]),
    ("add email", "User", user(), [{"op": "add", "path": "emails", "value": [{"value": "b@example.org", "type": "other"}]}]),
    ("add duplicate member", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"value": M1, "display": "Babs Jensen"}]}]),
    ("add display to matching emails", "User", user(), [
        {"op": "add", "path": 'emails[type eq "work"].display', "value": "Work"}]),
    ("add primary email", "User", user(), [
        {"op": "add", "path": "emails", "value": [{"value": "n@example.com", "primary": True}]}]),
    ("add two primaries", "User", user(), [
        {"op": "add", "path": "emails", "value": [
            {"value": "a@example.com", "primary": True}, {"value": "b@example.com", "primary": True}]}]),
    ("add extension attribute", "User", user(), [
        {"op": "add", "path": f"{ENT}:department", "value": "Tour Operations"}]),
    ("add wrong type", "User", user(), [{"op": "add", "path": "userName", "value": 7}]),
    ("add to read-only groups", "User", user(), [{"op": "add", "path": "groups", "value": [{"value": "g1"}]}]),
    ("add names ignoring case", "User", user(), [{"op": "add", "path": "NAME.GIVENNAME", "value": "Babs"}]),
    # remove
    ("remove without path", "User", user(), [{"op": "remove"}]),
    ("remove required userName", "User", user(), [{"op": "remove", "path": "userName"}]),
    ("remove sub-attribute", "User", user(), [{"op": "remove", "path": "name.givenName"}]),
    ("remove primary of work emails", "User", user(), [{"op": "remove", "path": 'emails[type eq "work"].primary'}]),
    ("remove member matching nothing", "Group", group(), [{"op": "remove", "path": 'members[value eq "nobody"]'}]),
    ("remove member ignoring case", "Group", group(), [{"op": "remove", "path": f'members[value eq "{M1.upper()}"]'}]),
    ("remove extension attribute", "User", ent_user(), [{"op": "remove", "path": f"{ENT}:manager"}]),
    ("remove with value", "Group", group(), [{"op": "remove", "path": "members", "value": [{"value": M1}]}]),
    # replace
    ("replace userName", "User", user(), [{"op": "replace", "path": "userName", "value": "babs"}]),
    ("replace id", "User", user(), [{"op": "replace", "path": "id", "value": "other"}]),
    ("replace complex merges", "User", user(), [{"op": "replace", "path": "name", "value": {"givenName": "Babs"}}]),
    ("replace filter matching nothing", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "other"].value', "value": "o@example.com"}]),
    ("replace home primary", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "home"].primary', "value": True}]),
    ("replace manager value", "User", ent_user(), [
        {"op": "replace", "path": f"{ENT}:manager.value", "value": "62811915"}]),
    ("replace title with null", "User", user(title="Boss"), [{"op": "replace", "path": "title", "value": None}]),
    ("replace emails with empty list", "User", user(), [{"op": "replace", "path": "emails", "value": []}]),
    ("replace immutable member value", "Group", group(), [
        {"op": "replace", "path": f'members[value eq "{M1}"].value', "value": "other"}]),
    ("replace emails.type without filter", "User", user(), [{"op": "replace", "path": "emails.type", "value": "other"}]),
    # edges: the enterprise extension
    ("add manager by URN path creates extension", "User", user(), [
        {"op": "add", "path": f"{ENT}:manager", "value": {"value": "26118915"}}]),
    ("add path-less extension object merges", "User", ent_user(), [
        {"op": "add", "value": {ENT: {"department": "Sales"}}}]),
    ("add path-less extension object creates it", "User", user(), [
        {"op": "add", "value": {ENT: {"employeeNumber": "701984"}}}]),
    ("replace path-less extension object", "User", ent_user(), [
        {"op": "replace", "value": {ENT: {"department": "Sales"}}}]),
    ("replace department by URN path", "User", ent_user(), [
        {"op": "replace", "path": f"{ENT}:department", "value": "Sales"}]),
    ("remove department keeps manager", "User", ent_user(), [
        {"op": "remove", "path": f"{ENT}:department"}]),
    ("remove last extension attribute", "User", ent_user(), [
        {"op": "remove", "path": f"{ENT}:department"}, {"op": "remove", "path": f"{ENT}:manager"}]),
    ("remove whole extension by URN", "User", ent_user(), [{"op": "remove", "path": ENT}]),
    ("path-less URN-qualified key", "User", ent_user(), [
        {"op": "replace", "value": {f"{ENT}:department": "Sales"}}]),
    ("core URN-qualified path", "User", user(), [
        {"op": "replace", "path": f"{USER}:userName", "value": "babs"}]),
    # edges: value paths matching nothing
    ("add to value path matching nothing", "User", user(), [
        {"op": "add", "path": 'emails[type eq "other"].value', "value": "o@example.com"}]),
    ("replace whole value matching nothing", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "other"]', "value": {"value": "o@example.com", "type": "other"}}]),
    ("remove sub-attribute of value matching nothing", "User", user(), [
        {"op": "remove", "path": 'emails[type eq "other"].display'}]),
    ("remove absent member by value path", "Group", group(), [
        {"op": "remove", "path": f'members[value eq "{M3}"]'}]),
    # edges: whole attributes and sub-attributes
    ("remove whole name", "User", user(), [{"op": "remove", "path": "name"}]),
    ("remove both name parts", "User", user(), [
        {"op": "remove", "path": "name.givenName"}, {"op": "remove", "path": "name.familyName"}]),
    ("remove absent attribute", "User", user(), [{"op": "remove", "path": "nickName"}]),
    ("replace members with empty array", "Group", group(), [{"op": "replace", "path": "members", "value": []}]),
    ("add empty array to emails", "User", user(), [{"op": "add", "path": "emails", "value": []}]),
    ("add empty array to members", "Group", group(), [{"op": "add", "path": "members", "value": []}]),
    ("add single email object without array", "User", user(), [
        {"op": "add", "path": "emails", "value": {"value": "o@example.com", "type": "other"}}]),
    # edges: null
    ("add title null", "User", user(title="Boss"), [{"op": "add", "path": "title", "value": None}]),
    ("replace sub-attribute with null", "User", user(), [{"op": "replace", "path": "name.givenName", "value": None}]),
    ("add name with a null sub-attribute", "User", user(), [
        {"op": "add", "path": "name", "value": {"givenName": None, "middleName": "Jane"}}]),
    ("replace path-less with null attribute", "User", user(title="Boss"), [
        {"op": "replace", "value": {"title": None, "nickName": "Babs"}}]),
    ("replace emails value path with null", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "home"].type', "value": None}]),
    # edges: primary
    ("add primary to a value path", "User", user(), [
        {"op": "add", "path": 'emails[type eq "home"].primary', "value": True}]),
    ("add object with primary to a value path", "User", user(), [
        {"op": "add", "path": 'emails[type eq "home"]', "value": {"primary": True, "display": "Home"}}]),
    ("replace path-less emails with two primaries", "User", user(), [
        {"op": "replace", "value": {"emails": [
            {"value": "a@example.com", "primary": True}, {"value": "b@example.com", "primary": True}]}}]),
    # edges: filters in value paths
    ("remove with or filter", "User", user(), [
        {"op": "remove", "path": 'emails[type eq "work" or type eq "home"]'}]),
    ("replace with not filter", "User", user(), [
        {"op": "replace", "path": 'emails[not (type eq "work")].display', "value": "Other"}]),
    ("and binds tighter than or", "User", user(), [
        {"op": "remove", "path": 'emails[type eq "home" or type eq "work" and value ew "nowhere.org"]'}]),
    ("grouped or inside and", "User", user(), [
        {"op": "replace", "path": 'addresses[(type eq "home" or type eq "work") and not (streetAddress co "Plaza")].locality',
         "value": "Los Angeles"}]),
    ("filter on primary", "User", user(), [
        {"op": "replace", "path": "emails[primary eq true].display", "value": "Main"}]),
    ("filter on a single-valued attribute", "User", user(), [
        {"op": "replace", "path": 'name[givenName eq "Barbara"].familyName', "value": "J"}]),
    # edges: names in another case
    ("path-less keys in another case", "User", user(), [
        {"op": "replace", "value": {"USERNAME": "babs", "Name": {"GIVENNAME": "Babs"}}}]),
    ("value keys in another case", "User", user(), [
        {"op": "add", "path": "Emails", "value": [{"Value": "o@example.com", "TYPE": "other"}]}]),
    ("filter attribute in another case", "User", user(), [
        {"op": "remove", "path": 'emails[TYPE eq "home"]'}]),
    ("URN path in another case", "User", ent_user(), [
        {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:Department", "value": "Sales"}]),
    # edges: mutability
    ("remove id", "User", user(), [{"op": "remove", "path": "id"}]),
    ("replace meta.lastModified", "User", user(), [
        {"op": "replace", "path": "meta.lastModified", "value": "2020-01-01T00:00:00Z"}]),
    ("path-less replace echoing id", "User", user(), [
        {"op": "replace", "value": {"id": "2819c223", "nickName": "Babs"}}]),
    ("path-less replace with another id", "User", user(), [
        {"op": "replace", "value": {"id": "other", "nickName": "Babs"}}]),
    ("add type to member", "Group", group(), [
        {"op": "add", "path": f'members[value eq "{M1}"].type', "value": "User"}]),
    ("remove immutable member value", "Group", group(), [
        {"op": "remove", "path": f'members[value eq "{M1}"].value'}]),
    # edges: op and path spelling, empty requests
    ("capitalised op Add", "User", user(), [{"op": "Add", "path": "title", "value": "Boss"}]),
    ("path with spaces around", "User", user(), [{"op": "replace", "path": " title ", "value": "Boss"}]),
    ("empty Operations", "User", user(), []),
    ("op without value", "User", user(), [{"op": "replace", "path": "title"}]),
    ("path-less value not an object", "User", user(), [{"op": "replace", "value": "Boss"}]),
    # edges: duplicates and case exactness
    ("replace work email whole", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "work"]', "value": {"value": "new@example.com", "type": "work"}}]),
    ("add duplicate email in another case", "User", user(), [
        {"op": "add", "path": "emails", "value": [{"value": "BJensen@Example.com", "type": "work"}]}]),
    ("add duplicate member in another case", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"value": M1.upper()}]}]),
    ("replace externalId in another case", "User", user(externalId="abc"), [
        {"op": "replace", "path": "externalId", "value": "ABC"}]),
    ("replace userName in another case", "User", user(), [
        {"op": "replace", "path": "userName", "value": "BJensen"}]),
    # more filters and sub-attribute paths
    ("remove with pr filter", "User", user(), [{"op": "remove", "path": "emails[primary pr]"}]),
    ("replace with sw filter", "User", user(), [
        {"op": "replace", "path": 'emails[value sw "babs"].type', "value": "other"}]),
    ("remove with ne filter", "User", user(), [{"op": "remove", "path": 'emails[type ne "work"]'}]),
    ("remove sub-attribute of every value", "User", user(), [{"op": "remove", "path": "emails.type"}]),
    ("replace the filtered sub-attribute itself", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "work"].type', "value": "home"}]),
    ("replace sub-attribute of a missing complex attribute", "User", user(name=None), [
        {"op": "replace", "path": "name.givenName", "value": "Babs"}]),
    ("remove meta", "User", user(), [{"op": "remove", "path": "meta"}]),
    ("remove members.value without filter", "Group", group(), [{"op": "remove", "path": "members.value"}]),
    ("add group member", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"value": M3, "type": "Group"}]}]),
    ("add member with a wrong type value", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"value": 7}]}]),
    ("replace path-less members", "Group", group(), [
        {"op": "replace", "value": {"members": [{"value": M3}]}}]),
    ("add addresses value path sub-attribute", "User", user(), [
        {"op": "add", "path": 'addresses[type eq "home"].postalCode', "value": "91608"}]),
    ("replace active with a number", "User", user(), [{"op": "replace", "path": "active", "value": 1}]),
    ("add unknown attribute", "User", user(), [{"op": "add", "path": "favouriteColour", "value": "blue"}]),
    ("add unknown attribute, rejecting unknown ones", "User", user(), [
        {"op": "add", "path": "favouriteColour", "value": "blue"}]),
    ("remove with a value filter on an absent attribute", "User", user(), [
        {"op": "remove", "path": 'phoneNumbers[type eq "work"]'}]),
    ("add existing email with another type", "User", user(), [
        {"op": "add", "path": "emails", "value": [{"value": "babs@jensen.org", "type": "other"}]}]),
    ("add existing member with another display", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"value": M2, "display": "Mandy P."}]}]),
    ("add simple multi-valued value twice", "User", user(), [
        {"op": "add", "path": "schemas", "value": [USER]}]),
    ("replace value path of a missing attribute", "User", user(), [
        {"op": "replace", "path": 'phoneNumbers[type eq "work"].value', "value": "555-0100"}]),
    ("add value path of a missing attribute", "User", user(), [
        {"op": "add", "path": 'phoneNumbers[type eq "work"].value', "value": "555-0100"}]),
    ("remove the last email by filter", "User", user(emails=[{"value": "b@example.com", "type": "work"}]), [
        {"op": "remove", "path": 'emails[type eq "work"]'}]),
    ("filter value in another case", "User", user(), [{"op": "remove", "path": 'emails[type eq "WORK"]'}]),
    ("filter on a caseExact sub-attribute in another case", "User",
     user(x509Certificates=[{"value": "TUlJQw=="}]), [
        {"op": "remove", "path": 'x509Certificates[value eq "tuljqw=="]'}]),
    ("empty path", "User", user(), [{"op": "replace", "path": "", "value": {"title": "Boss"}}]),
    ("null path", "User", user(), [{"op": "replace", "path": None, "value": {"title": "Boss"}}]),
    ("remove with a null value", "User", user(title="Boss"), [{"op": "remove", "path": "title", "value": None}]),
    # what identity providers send, read strictly
    ("add member with a null $ref", "Group", group(), [
        {"op": "add", "path": "members", "value": [{"$ref": None, "value": M3}]}]),
    ("rename group echoing id", "Group", group(), [
        {"op": "replace", "value": {"id": "e9e30dba", "displayName": "Tour Guides 2"}}]),
    ("deactivate user path-less", "User", user(), [{"op": "replace", "value": {"active": False}}]),
    ("replace work email value", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "new@example.com"}]),
    # dialects
    ("capitalised op Replace", "User", user(), [{"op": "Replace", "path": "title", "value": "Boss"}]),
    ("active yes", "User", user(), [{"op": "replace", "path": "active", "value": "yes"}]),
    ("active False string", "User", user(), [{"op": "replace", "path": "active", "value": "False"}]),
    ("dotted path key", "User", user(), [{"op": "replace", "value": {"name.givenName": "Babs"}}]),
    ("unknown op", "User", user(), [{"op": "move", "path": "title", "value": "x"}]),
    ("invalid path", "User", user(), [{"op": "replace", "path": 'emails[type eq', "value": "x"}]),
]

# Cases read tolerantly: scim2-models with the policy Microsoft Entra ID
# needs (a remove's value selects what to remove; a path filter matching
# nothing creates the value it describes), scim-core with the Tolerance
# switches listed in the case (by their method names; "entra_id" is
# Tolerance::ENTRA_ID).
ENTRA = ["remove_with_value", "add_creates_value"]
TOLERANT_CASES = [
    ("tolerant remove member by value", "Group", group(), [
        {"op": "remove", "path": "members", "value": [{"value": M1}]}], ENTRA),
    ("tolerant remove two members by value", "Group", group(), [
        {"op": "remove", "path": "members", "value": [{"value": M1}, {"value": M2}]}], ENTRA),
    ("tolerant remove absent member by value", "Group", group(), [
        {"op": "remove", "path": "members", "value": [{"value": "nobody"}]}], ENTRA),
    ("tolerant add creates work phone", "User", user(), [
        {"op": "add", "path": 'phoneNumbers[type eq "work"].value', "value": "555-555-5555"}], ENTRA),
    ("tolerant add creates other email", "User", user(), [
        {"op": "add", "path": 'emails[type eq "other"].value', "value": "o@example.com"}], ENTRA),
    ("tolerant replace creates other email", "User", user(), [
        {"op": "replace", "path": 'emails[type eq "other"].value', "value": "o@example.com"}], ENTRA),
    ("tolerant add to matching email", "User", user(), [
        {"op": "add", "path": 'emails[type eq "work"].value', "value": "w@example.com"}], ENTRA),
    ("tolerant capitalised op Add", "User", user(), [{"op": "Add", "path": "title", "value": "Boss"}],
     ["op_name_case"]),
    ("tolerant path-less URN-qualified key", "User", ent_user(), [
        {"op": "replace", "value": {f"{ENT}:department": "Sales"}}], ["path_keys"]),
    ("tolerant remove absent member", "Group", group(), [
        {"op": "remove", "path": f'members[value eq "{M3}"]'}], ["remove_unmatched"]),
    ("tolerant Entra ID user update", "User", user(), [
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "555-0100"},
        {"op": "Replace", "value": {"name.familyName": "Jensen-Smith", f"{ENT}:department": "Sales"}}],
     ["entra_id"]),
    ("tolerant single-element array with a null $ref", "User", user(), [
        {"op": "replace", "path": "displayName", "value": [{"$ref": None, "value": "Babs"}]}], ["single_value_array"]),
    ("tolerant bare string manager", "User", ent_user(), [
        {"op": "replace", "path": f"{ENT}:manager", "value": "62811915"}], ["bare_string_complex"]),
    ("tolerant Entra ID member removal with a null $ref", "Group", group(), [
        {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": M1}]}], ["entra_id"]),
    ("tolerant Entra ID manager as a bare id", "User", user(), [
        {"op": "Add", "path": f"{ENT}:manager", "value": "26118915"}], ["entra_id"]),
    ("tolerant Entra ID member removal", "Group", group(), [
        {"op": "Remove", "path": "members", "value": [{"value": M2}]}], ["entra_id"]),
]


def model(kind):
    return User[EnterpriseUser] if kind == "User" else Group


def scim_type(exc):
    if isinstance(exc, SCIMException):
        return exc.scim_type
    if isinstance(exc, ValidationError):
        for err in exc.errors():
            t = err.get("type", "")
            if t.startswith("scim_"):
                return t[len("scim_"):]
        return "invalidValue"
    return "error:" + type(exc).__name__


ENTRA_POLICY = ScimPolicy(
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


def run(kind, resource, operations, policy=None):
    cls = model(kind)
    try:
        obj = cls.model_validate(resource, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        patch = PatchOp[cls].model_validate(
            {"schemas": [PATCH], "Operations": operations},
            scim_ctx=Context.RESOURCE_PATCH_REQUEST,
            scim_policy=policy,
        )
        patch.patch(obj, policy)
    except (SCIMException, ValidationError) as exc:
        return {"error": scim_type(exc)}
    return {"ok": obj.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)}


def main():
    out = {
        "generator": "scripts/interop/patch_scim2_models.py",
        "implementation": "scim2-models " + version("scim2-models"),
        "cases": [
            dict(
                {"name": name, "resource": resource, "operations": ops, "scim2_models": run(kind, resource, ops)},
                # scim-core applies this one with Patcher::reject_unknown_attributes.
                **({"reject_unknown": True} if name.endswith("rejecting unknown ones") else {}),
            )
            for name, kind, resource, ops in CASES
        ]
        + [
            {
                "name": name,
                "tolerant": True,
                "tolerance": switches,
                "resource": resource,
                "operations": ops,
                "scim2_models": run(kind, resource, ops, ENTRA_POLICY),
            }
            for name, kind, resource, ops, switches in TOLERANT_CASES
        ],
    }
    root = pathlib.Path(__file__).resolve().parents[2]
    target = root / "scim-core" / "tests" / "data" / "interop" / "patch_scim2_models.json"
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(out['cases'])} cases written to {target.relative_to(root)}", file=sys.stderr)


if __name__ == "__main__":
    main()
