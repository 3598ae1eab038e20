"""Runs scim-core's filter evaluation cases through scim2-models.

The cases live in scim-core/tests/data/filter_eval_cases.json: a fixture
name, a filter and what scim-core answers (true, false or "error" for an
invalidFilter error); scim-core's test suite checks its own answers. This
script evaluates each filter with scim2-models against the same fixture
and prints every case where the two disagree. It also checks that
scim2-models reads every filter example of RFC 7644 section 3.4.2.2.

Run it through run.sh, which installs the pinned scim2-models. Exit status:
0 when the only disagreements are the known ones listed in KNOWN, 1
otherwise (or always 0 with --report).
"""

import json
import sys
from pathlib import Path

from scim2_models import EnterpriseUser, Group, ScimFilter, User

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "scim-core" / "tests" / "data"

MODELS = {
    "user_full.json": User[EnterpriseUser],
    "enterprise_user_full.json": User[EnterpriseUser],
    "group_full.json": Group,
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

# Disagreements already examined (see README.md): (fixture, filter).
KNOWN = {
    ("user_full.json", 'emails eq "home"'),
    ("user_full.json", 'emails.type ne "work"'),
    ("user_full.json", 'name eq "Barbara"'),
    ("user_full.json", 'addresses co "Hollywood"'),
    ("user_full.json", "title gt null"),
    ("user_full.json", "userName co true"),
    ("user_full.json", "userName co 7"),
    ("user_full.json", "userName eq 7"),
    ("user_full.json", 'active eq "true"'),
    (
        "enterprise_user_full.json",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
        ' eq "26118915-6090-4610-87E4-49D8CA9F808D"',
    ),
    ("enterprise_user_full.json", 'meta.lastModified sw "2011-05"'),
    ("enterprise_user_full.json", 'meta.created eq "2010-01-23"'),
    (
        "enterprise_user_full.json",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"
        ' eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    ),
    ("group_full.json", 'members.value eq "902C246B-6245-4190-8E05-00816BE7344A"'),
    ("group_full.json", "meta.lastModified gt 5"),
}


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
    report_only = "--report" in sys.argv[1:]
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
    for case in table["cases"]:
        name = case["resource"]
        model = MODELS[name]
        if name not in resources:
            raw = json.loads((DATA / name).read_text(encoding="utf-8"))
            resources[name] = model.model_validate(raw)
        got = theirs(model, resources[name], case["filter"])
        if got == case["expect"]:
            agree += 1
        else:
            disagreements.append((name, case["filter"], case["expect"], got))

    print(f"\n{agree} of {len(table['cases'])} evaluation cases agree; disagreements:")
    for name, text, ours, got in disagreements:
        known = (name, text) in KNOWN
        if not known:
            problems += 1
        mark = "known" if known else "NEW  "
        print(f"  {mark} {name}: {text}\n        scim-core: {json.dumps(ours)}   scim2-models: {json.dumps(got)}")
    return 0 if report_only or problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
