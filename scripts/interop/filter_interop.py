"""Runs scim-core's filter evaluation cases through scim2-models.

The cases live in scim-core/tests/data/filter_eval_cases.json: a fixture
name, a filter and what scim-core answers (true, false or "error" for an
invalidFilter error); scim-core's test suite checks its own answers. This
script evaluates each filter with scim2-models against the same fixture
and prints every case where the two disagree. It also checks that
scim2-models reads every filter example of RFC 7644 section 3.4.2.2.

It writes scim2-models' answers (true, false or "error") to
scim-core/tests/data/interop/filter_scim2_models.json, which the Rust test
filter_interop compares with scim-core's answers and SCIMMY's
(filter_scimmy.mjs), with the disagreements examined so far listed there.

Run it through run.sh, which installs the pinned scim2-models. Exit status:
1 if scim2-models refuses an RFC example, else 0.
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

from scim2_models import URN, EnterpriseUser, Group, Resource, ScimFilter, User

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scim-core" / "tests" / "data"


class Device(Resource):
    """The resource of custom_resource.json: a schema of its own with
    number attributes, which the core schemas lack."""

    __schema__ = URN("urn:example:params:scim:schemas:2.0:Device")

    label: str | None = None
    login_count: int | None = None
    score: float | None = None
    ratio: float | None = None


MODELS = {
    "user_full.json": User[EnterpriseUser],
    "enterprise_user_full.json": User[EnterpriseUser],
    "edge_user.json": User[EnterpriseUser],
    "group_full.json": Group,
    "custom_resource.json": Device,
}

RFC_EXAMPLES = [
    'userName eq "bjensen"',
    'name.familyName co "O\'Malley"',
    'userName sw "J"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    "title pr",
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.type eq "work")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
]

def theirs(model, resource, text):
    """scim2-models' answer: True, False, "error" or "parse error: ..."."""
    try:
        bound = ScimFilter[model](text)
    except Exception as exc:  # noqa: BLE001 - any refusal is an answer
        return "error" if "InvalidFilter" in type(exc).__name__ else f"{type(exc).__name__}: {exc}"
    try:
        return bool(bound.match(resource))
    except Exception as exc:  # noqa: BLE001
        return "error" if "InvalidFilter" in type(exc).__name__ else f"{type(exc).__name__}: {exc}"


def main():
    problems = 0

    print("RFC 7644 section 3.4.2.2 examples read by scim2-models:")
    for text in RFC_EXAMPLES:
        try:
            ScimFilter(text)
            status = "ok"
        except Exception as exc:  # noqa: BLE001
            status = f"REFUSED ({type(exc).__name__}: {exc})"
            problems += 1
        print(f"  {status:4} {text}")

    table = json.loads((DATA / "filter_eval_cases.json").read_text(encoding="utf-8"))
    resources = {}
    agree = 0
    disagreements = []
    answers = []
    for case in table["cases"]:
        name = case["resource"]
        model = MODELS[name]
        if name not in resources:
            raw = json.loads((DATA / name).read_text(encoding="utf-8"))
            resources[name] = model.model_validate(raw)
        got = theirs(model, resources[name], case["filter"])
        answers.append({"resource": name, "filter": case["filter"], "answer": got})
        if got == case["expect"]:
            agree += 1
        else:
            disagreements.append((name, case["filter"], case["expect"], got))

    print(f"\n{agree} of {len(table['cases'])} evaluation cases agree with scim-core; disagreements:")
    for name, text, ours, got in disagreements:
        print(f"  {name}: {text}\n        scim-core: {json.dumps(ours)}   scim2-models: {json.dumps(got)}")

    target = DATA / "interop" / "filter_scim2_models.json"
    out = {
        "generator": "scripts/interop/filter_interop.py",
        "implementation": f"scim2-models {version('scim2-models')}",
        "cases": answers,
    }
    target.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(answers)} cases written to {target.relative_to(ROOT)}")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
