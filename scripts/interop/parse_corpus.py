"""Builds the corpus of filter and PATCH path texts that parse_interop.py and
parse_scimmy.mjs run through independent parsers.

The corpus is deterministic (a fixed random seed): every RFC 7644 example,
systematic variations of whitespace, case, numbers, strings, attribute
names, URNs, sub-attributes and value paths, broken inputs (missing
operands, trailing text), filters Microsoft Entra ID, Okta and OneLogin
send, and random mutations of valid filters and paths.

Writes scim-core/tests/data/interop/parse_corpus.json: a list of
[kind, text], kind "filter" or "path". Needs only the Python standard
library.
"""

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "scim-core" / "tests" / "data" / "interop" / "parse_corpus.json"

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

# RFC 7644 §3.4.2.2, the filter examples (and the ones of §3.4.3).
RFC_FILTERS = [
    'userName eq "bjensen"',
    'name.familyName co "O\'Malley"',
    'userName sw "J"',
    f'{CORE}:userName sw "J"',
    "title pr",
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    f'schemas eq "{ENT}"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and (emails.type eq "work")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    'displayName sw "smith"',
]

# RFC 7644 §3.5.2, the path examples.
RFC_PATHS = [
    "members",
    "name.familyName",
    'addresses[type eq "work"]',
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    'members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName',
    'emails[type eq "work" and value ew "example.com"]',
    'addresses[type eq "work"].streetAddress',
    "emails",
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    f"{ENT}:manager",
    "meta",
    "x509Certificates",
    'x509Certificates[type eq "work"]',
]

# What identity providers send.
IDP_FILTERS = [
    'userName eq "test_user_dac0b4c9-a6f3-4f80-9b3b-34f7c2a7ad0f@contoso.com"',
    'externalId eq "6c5b4f0a-66c8-4b0e-8a5e-9a4a0b0c4e59"',
    'displayName eq "Group A"',
    'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
    'emails[type eq "work"].value eq "bjensen@example.com"',
    'emails[type eq "work"].value eq "x"',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified gt "2024-01-01T00:00:00.000Z"',
    'userName eq "bjensen@example.com" and active eq true',
    'id eq "2819c223-7f76-453a-919d-413861904646"',
    'displayName eq "Group A" and members[value eq "u1"]',
    f'{ENT}:employeeNumber eq "701984"',
    f'{ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    'userName eq "o\'brien@example.com"',
    'userName eq "a+b@example.com"',
    'emails.value eq "bjensen@example.com"',
    'emails[primary eq true].value eq "x"',
    'userName Eq "x"',
    'userName EQ "x"',
    'externalId eq "00u1abcdEFGH2345"',
    'userName eq "user@example.com" or emails.value eq "user@example.com"',
    'members[value eq "a"] and members[value eq "b"]',
    'groups[value eq "g1"]',
]

IDP_PATHS = [
    'members[value eq "2819c223"]',
    'emails[type eq "work"].value',
    'addresses[type eq "work"].formatted',
    'phoneNumbers[type eq "mobile"].value',
    'phoneNumbers[type eq "fax"]',
    f"{ENT}:employeeNumber",
    f"{ENT}:manager.value",
    f"{CORE}:userName",
    f"{CORE}:name.givenName",
    f'{CORE}:emails[type eq "work"].value',
    "active",
    "displayName",
    'emails[type eq "work" and primary eq true].value',
    'roles[primary eq "True"].value',
    'members[value eq "x"].display',
    "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:CustomAttribute",
]

ATTR_NAMES = [
    "a", "A", "userName", "USERNAME", "a1", "a-b", "a_b", "a-", "a_", "a--b", "x509Certificates",
    "$ref", "$REF", "$Ref", "$refx", "$", "$a", "ref$", "a$b", "1a", "9", "-a", "_a", "-", "_",
    "a.b", "a.b.c", "a..b", ".a", "a.", "a.$ref", "a.1b", "a.-b", "a._b", "a.b-c", "a.b_c",
    "members.$ref", "a:b", "a:", ":a", "é", "aé", "a b", "not", "and", "or", "pr", "eq", "true",
    "false", "null", "NOT", "And", "Pr", "eqq", "prx", "notx", "ne", "co", "sw", "ew", "gt",
    "lt", "ge", "le", "a+b", "a/b", "a*b", "a'b", "a#b", "a@b", "a%b", "a,b", "a;b", "a~b",
]

URNS = [
    CORE, ENT, CORE.upper(), CORE.lower(), "URN:ietf:params:scim:schemas:core:2.0:User",
    "Urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User",
    "urn:example:1", "urn:example:a-b:c_d:e.f", "urn:x", "urn:1x:y", "urn:x-y:z",
    "urn:x::y", "urn::x", "urn:", "urn", "x:y", "http:x", "http://example.com/schema",
    "urn:example:2.0", "urn:example:a+b", "urn:example:a$b", "urn:ex ample:x", "urn:é:x",
    "1urn:x", "-urn:x", "urn:example:.x", "urn:example:x.", "urn:example:x..y",
    "urn:ietf:params:scim:schemas:core:2.0", "urn:example:%41",
]

NUMBERS = [
    "0", "-0", "1", "-1", "12", "01", "00", "-01", "+1", "1.5", "-1.5", "1.", ".5", "-.5",
    "1.0", "0.0", "-0.0", "1e5", "1E5", "1e+5", "1E+5", "1e-5", "1.5e3", "1.5E-3", "1e",
    "1e+", "1e-", "e5", "1ee5", "1e5.5", "1.2.3", "1e400", "-1e400", "1e308", "1e-400",
    "4.9e-324", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
    "-9223372036854775809", "9007199254740993", "123456789012345678901234567890",
    "0x10", "1_000", "1,5", "Infinity", "-Infinity", "NaN", "--1", "1-", "1-2", "0e0",
    "0E-0", "100", "1.25e-3", "12345678901234567890.5",
]

STRINGS = [
    '""', '"x"', '"a b"', '"\\""', '"\\\\"', '"\\/"', '"\\b"', '"\\f"', '"\\n"', '"\\r"',
    '"\\t"', '"\\u0041"', '"\\u00e9"', '"\\u00E9"', '"\\uD83D\\uDE00"', '"\\ud83d\\ude00"',
    '"\\uD83D"', '"\\uDE00"', '"\\uD83Dx"', '"\\uD83D\\u0041"', '"\\u0000"', '"\\u001f"',
    '"\\u12"', '"\\u12G4"', '"\\U0041"', '"\\x41"', '"\\a"', '"\\\'"', '"\\0"', '"\\ "',
    '"\\"', '"abc', '"a\\', '"a"b"', '"\t"', '"\n"', '"\r"', '"\x01"', '"\x1f"', '"\x7f"',
    '"é"', '"日本"', '"\U0001F600"', '"\u2028"', '"\ufeff"', "'x'", '"it\'s"', '"a\\\\"',
    '"\\\\\\""', '"\\u00"', '"\\u"', '"\\uzzzz"', '"O\'Malley"', '"x]"', '"x)"', '"x[y"',
    '"x(y"', '"and"', '"or"', '"x" "y"', '"x"y', '"W/\\"3694e05e9dff591\\""',
]

OPS = ["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"]
BAD_OPS = ["=", "==", "!=", "eqq", "e", "equals", "nq", "lk", "in", "is", "like", "pr", "gte", ">"]

# Filters whose parts the variations rewrite.
BASES = [
    'userName eq "bjensen"',
    "title pr",
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'a eq 1 and b eq 2 or c eq 3',
    'a eq 1 or b eq 2 and c eq 3',
    'not (a pr)',
    'not (a pr) and b pr',
    'a pr and not (b pr or c pr)',
    '(a pr or b pr) and c pr',
    'a pr and (b pr and c pr)',
    '(a pr and b pr) and c pr',
    '((a pr))',
    'emails[type eq "work"]',
    'emails[type eq "work" and value co "@example.com"]',
    'emails[not (type eq "work")]',
    'emails[(type eq "work")]',
    'emails[type eq "work" or primary eq true] and userName pr',
    'emails[type eq "work"].value eq "x"',
    'emails[type eq "work"].value pr',
    f'{ENT}:manager.value eq "x"',
    'active eq true',
    'active eq false',
    'x eq null',
    'loginCount gt 5',
    'ratio le -1.5e3',
]

SUB_ATTR_FILTERS = [
    'emails[type eq "work"].value eq "x"',
    'emails[type eq "work"].value pr',
    'emails[type eq "work"].value ne "x"',
    'emails[type eq "work"].value',
    'emails[type eq "work"].value eq',
    'emails[type eq "work"].value.x eq "y"',
    'emails[type eq "work"].$ref eq "y"',
    'emails[type eq "work"].1x eq "y"',
    'emails[type eq "work"]. value eq "x"',
    'emails[type eq "work"] .value eq "x"',
    'emails[type eq "work"].value eq "x" and userName pr',
    'userName pr and emails[type eq "work"].value eq "x"',
    'emails[type eq "work" and primary eq true].value eq "x"',
    'emails[type eq "work" or primary eq true].value eq "x"',
    'not (emails[type eq "work"].value eq "x")',
    '(emails[type eq "work"].value eq "x")',
    'emails[type eq "work"].value eq "x" or emails[type eq "home"].value eq "y"',
    f'{CORE}:emails[type eq "work"].value eq "x"',
    'emails[type eq "work"].',
    'emails[type eq "work"]value eq "x"',
    'emails[type eq "work"][value eq "x"]',
    'emails[type eq "work"] eq "x"',
    'emails[type eq "work"] pr',
    'emails[type eq "work"] and',
    'emails[type eq "work"] x',
]

VALUE_PATH_FILTERS = [
    "a[b pr]", "a[]", "a[ ]", "a[b]", "a[b eq]", "a[b pr", "a b pr]", "a[b pr]]", "a[[b pr]]",
    "a[b[c pr]]", "a[b pr and c[d pr]]", "a[(b[c pr])]", "a[not (b[c pr])]", "a [b pr]",
    "a[ b pr ]", "a[b pr ]", "a[ b pr]", "a.b[c pr]", f"{ENT}:manager[value pr]",
    f"{CORE}:emails[type pr]", "a[b.c pr]", f"a[{CORE}:b pr]", "a[b pr]c", "a[b pr](c pr)",
    "(a[b pr])", "not (a[b pr])", "not(a[b pr])", "a[not(b pr)]", "a[(b pr) or (c pr)]",
    "a[b pr or c pr and d pr]", "[b pr]", "a[b pr][c pr]", "a[b pr] or a[c pr]",
    "a[b pr]and c pr", "a[b pr] andc pr", "a[b pr)", "a(b pr]", "a[b pr and]", "a[and b pr]",
    "a[b pr or]", "a[not b pr]", "a[b ne null]", "a[b eq true]", "a[b gt 1.5]",
    "a[b eq \"]\"]", "a[b eq \"[\"]", "a[b eq \"x\" and c eq \"y\" and d eq \"z\"]",
]

BROKEN = [
    "", " ", "\t", "(", ")", "()", "[]", "[", "]", "not", "not ()", "not ( )", "not a pr",
    'not userName eq "x"', "not not (a pr)", "not (not (a pr))", "not", "NOT (a pr)",
    "Not(a pr)", "not  (a pr)", "not\t(a pr)", "not(a pr)", "not ((a pr))", "a pr not (b pr)",
    "a pr and not b pr", "and", "or", "a", "a eq", 'eq "x"', '"x"', "1", "true", "a pr and",
    "and a pr", "a pr or or b pr", "a pr and and b pr", "a pr and or b pr", "a pr b pr",
    "a pr)", "a pr]", "a pr x", 'a pr "x"', "a pr ;", "a pr,", "a pr (", "(a pr", "((a pr)",
    "(a pr))", "a pr true", "a pr 1", "a pr null", 'a pr eq "x"', 'a eq "x" pr', 'a eq "x" "y"',
    "a eq 1 2", "a eq true false", 'a eq "x")', "a eq x", "a eq bjensen", "a eq 'x'",
    "a eq (1)", "a eq [1]", "a eq {}", "a eq -", "a eq .", "a eq e", "a eq tru", "a eq truex",
    "a eq TRUE", "a eq True", "a eq FALSE", "a eq NULL", "a eq Null", "a eq nul", "a eqtrue",
    'a eq"x"', 'a eq "x"and b pr', '(a pr)and(b pr)', '(a pr)or(b pr)', "a pr and(b pr)",
    "(a pr)and b pr", 'a  eq  "x"', ' a eq "x"', 'a eq "x" ', '\ta eq "x"\t', 'a\teq\t"x"',
    'a\neq\n"x"', 'a\req\r"x"', 'a\r\neq "x"', 'a\x0beq "x"', 'a\x0ceq "x"', 'a\u00a0eq "x"',
    'a\u3000eq "x"', "a\x00 pr", 'a eq "x"\x00', "a pr\n", "\na pr", "a pr  and  b pr",
    "a pr\tand\tb pr", "a prand b pr", "a pr andb pr", "a pr AND b pr", "a pr Or b pr",
    "a PR", "a Pr", "a pR", "A pr", "a eq 1 AnD b eq 2", "a eq 1 oR b eq 2",
    "a.b.c eq 1", "a..b eq 1", "a. eq 1", ".a eq 1", "a.b. eq 1", "urn:x:a pr", "urn:x pr",
    "urn: pr", ":a pr", "a: pr", "a:b:c pr", "a eq 1e5", 'a eq "x" or', 'or a eq "x"',
    "a pr and b pr or c pr and d pr", "a pr or b pr and c pr or d pr",
    "((a pr or b pr) and (c pr or d pr))", "not (a pr) or not (b pr)",
    "not (a pr and b pr) and not (c pr or d pr)", "a pr and (b pr or (c pr and (d pr or e pr)))",
    "#", "a pr #", "a pr //", "userName eq \"x\" -- comment", "a eq @", "a eq $", "a eq +",
    "a eq +1", "$ref eq \"x\"", "members.$ref eq \"x\"", "members[$ref eq \"x\"]",
    "a eq 1.", "a eq .5", "a eq 01", "a eq 1e400",
]

BROKEN_PATHS = [
    "", " ", "a", " a", "a ", "a b", "a.b", "a.b.c", "a..b", "a.", ".a", "a[", "a]", "a[]",
    "a[b pr]", "a[b pr].c", "a[b pr].c.d", "a[b pr]c", "a[b pr]. c", "a[b pr] .c", "a[b pr].",
    "a[b pr].$ref", "a[b pr].1c", "a[b pr][c pr]", "a[b pr].c[d pr]", "a.b[c pr]",
    "a.b[c pr].d", "a [b pr]", "a[ b pr ]", "a[b pr] ", " a[b pr]", "a[b[c pr]]",
    "a[not (b pr)]", "a[b pr or c pr]", "a[(b pr)]", "a pr", 'a eq "x"', "not (a pr)",
    "(a)", "a[b pr] and c pr", "urn:x:a", "urn:x:a.b", "urn:x:a[b pr]", "urn:x:a[b pr].c",
    "urn:x", "urn:", "urn:x:", ":a", "a:", "$ref", "a.$ref", "1a", "a-b", "a_b", "-a", "é",
    "a\tb", "a[b pr]\t", "\ta", "a\n", "a/b", "a,b", 'a[b eq "x"]', "a[b eq]", "a[]",
    "a[b pr", "a b pr]", "members[value eq \"x\"].display", "members[value eq \"x\"]display",
    "emails[type eq \"work\"].value eq \"x\"", "emails[type eq \"work\"].value pr",
    f"{ENT}", f"{ENT}:", f"{CORE}", f"{ENT}:manager.value.x", f"{ENT.upper()}:manager",
    f"{ENT}:manager[value pr]", "urn:ietf:params:scim:schemas:core:2.0:User:name",
]

# Rarer shapes: URN-qualified names inside brackets, value filters on
# extension attributes, operators against parentheses, `not` inside a
# value path followed by a sub-attribute.
EXTRA_FILTERS = [
    f'emails[{CORE}:emails.type eq "work"]',
    f'emails[{CORE}:type eq "work"]',
    f'{ENT}:manager[value eq "x"]',
    f'{ENT}:manager.value[value eq "x"]',
    'emails[not (type eq "work")].value eq "x"',
    'emails[type eq "work"].value eq "x" and emails[type eq "home"].value pr',
    "a eq(1)",
    'a eq("x")',
    "a pr(b pr)",
    "(a pr)(b pr)",
    "not(a pr)or(b pr)",
    'a eq "x"or b pr',
    "a eq true)",
    "a eq 1 ",
    f"{CORE}.name pr",
    f"{CORE}:name.givenName.x pr",
    "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME PR",
    'userName eq "\u0000"',
    'userName eq "a\u0000b"',
    "a" * 300 + " pr",
    "a eq " + "1" * 300,
    'emails[type eq "work"].value eq "x".y',
    'emails[type eq "work"].value eq "x"]',
]

EXTRA_PATHS = [
    f'{CORE}:emails[{CORE}:emails.type eq "work"].value',
    f'{ENT}:manager[value eq "x"]',
    f'{ENT}:manager[value eq "x"].displayName',
    'members[value eq "x"].$ref',
    'emails[type eq "work"] . value',
    'emails[not (type eq "work")].value',
    f"{CORE}.name",
    "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME",
    'emails[type eq "work"].value[primary eq true]',
    "a" * 300,
]


def variants_whitespace(text):
    """The text with its spaces doubled, turned into tabs or removed one at
    a time, and with blanks around it."""
    out = [
        text.replace(" ", "  "),
        text.replace(" ", "\t"),
        text.replace(" ", "\n"),
        text.replace(" ", "\r\n"),
        " " + text,
        text + " ",
        "  " + text + "  ",
        "\t" + text,
        text + "\n",
        text.replace("(", "( ").replace(")", " )"),
        text.replace("[", "[ ").replace("]", " ]"),
        text.replace(" (", "(").replace(") ", ")"),
        text.replace(" [", "[").replace("] ", "]"),
        text.replace("[", " ["),
        text.replace("] ", "]"),
    ]
    for i, c in enumerate(text):
        if c == " ":
            out.append(text[:i] + text[i + 1:])
    return out


def variants_case(text):
    """The keywords and operators of the text in other cases (outside strings)."""
    words = ["and", "or", "not", "pr", "true", "false", "null"] + OPS
    out = set()
    for cased in (str.upper, str.title, lambda w: w[:-1] + w[-1].upper()):
        parts = text.split('"')
        for i in range(0, len(parts), 2):
            tokens = parts[i].split(" ")
            tokens = [
                cased(t) if t in words else
                (cased(t[:-1]) + "(" if t[:-1] in words and t.endswith("(") else t)
                for t in tokens
            ]
            parts[i] = " ".join(tokens)
        out.add('"'.join(parts))
    return sorted(out)


def filters():
    out = list(RFC_FILTERS) + list(IDP_FILTERS) + list(BASES)
    for base in BASES + RFC_FILTERS + IDP_FILTERS:
        out += variants_whitespace(base)
        out += variants_case(base)
    for n in NUMBERS:
        out += [f"a eq {n}", f"a gt {n}", f"a[b eq {n}]", f"a eq {n} and b pr"]
    for s in STRINGS:
        out += [f"a eq {s}", f"a co {s} and b pr", f"a[b eq {s}]"]
    for name in ATTR_NAMES:
        out += [f"{name} pr", f'{name} eq "x"', f"a[{name} pr]", f"{name}[b pr]",
                f'{name} pr and {name} eq "x"']
    for urn in URNS:
        out += [f'{urn}:userName eq "x"', f"{urn}:name.givenName pr", f"{urn} pr",
                f"{urn}:emails[type pr]", f"{urn}:$ref pr", f"{urn}:1a pr"]
    for op in OPS:
        out += [f'a {op} "x"', f"a {op} 1", f"a {op} true", f"a {op} null", f"a {op}",
                f'a{op}"x"', f'a {op}"x"', f"a {op.upper()} 1", f"a {op} pr", f"{op} pr",
                f'{op} {op} "x"']
    for op in BAD_OPS:
        out += [f'a {op} "x"', f"a {op} 1"]
    out += SUB_ATTR_FILTERS + VALUE_PATH_FILTERS + BROKEN + EXTRA_FILTERS
    for keyword in ["not", "pr", "and", "or", "eq", "true", "null"]:
        out += [f"{keyword} pr", f'{keyword} eq "x"', f"{keyword}[a pr]", f"a[{keyword} pr]",
                f"{keyword}.a pr", f"a.{keyword} pr", f"not ({keyword} pr)",
                f"{keyword} pr and {keyword} pr"]
    # Nesting.
    for depth in (1, 2, 8, 32, 63, 64, 65, 100):
        out += ["(" * depth + "a pr" + ")" * depth]
        out += ["not (" * depth + "a pr" + ")" * depth]
        out += ["a[" + "(" * depth + "b pr" + ")" * depth + "]"]
    out += ["a pr" + " and a pr" * 200, "a pr" + " or a pr" * 200]
    return out


def paths():
    out = list(RFC_PATHS) + list(IDP_PATHS) + list(BROKEN_PATHS) + list(EXTRA_PATHS)
    for base in RFC_PATHS + IDP_PATHS:
        out += variants_whitespace(base)
        out += variants_case(base)
    for name in ATTR_NAMES:
        out += [name, f"{name}.b", f"a.{name}", f"{name}[b pr]", f"a[b pr].{name}",
                f"a[{name} pr]"]
    for urn in URNS:
        out += [f"{urn}:userName", f"{urn}:name.givenName", urn, f"{urn}:emails[type pr].value",
                f"{urn}:$ref"]
    for f in VALUE_PATH_FILTERS + SUB_ATTR_FILTERS:
        out.append(f)
    for f in BASES + BROKEN[:60]:
        out += [f"emails[{f}]", f"emails[{f}].value"]
    for n in NUMBERS:
        out.append(f"a[b eq {n}].c")
    for s in STRINGS:
        out.append(f"a[b eq {s}].c")
    return out


ALPHABET = list(' ()[]".:$-_\\\t') + ["a", "eq", " and ", " or ", "not ", "pr", "1", "e", "é", "'"]


def mutate(rng, text):
    """One random edit of the text."""
    if not text:
        return rng.choice(ALPHABET)
    i = rng.randrange(len(text))
    match rng.randrange(6):
        case 0:
            return text[:i] + text[i + 1:]
        case 1:
            return text[:i] + rng.choice(ALPHABET) + text[i:]
        case 2:
            return text[:i] + rng.choice(ALPHABET) + text[i + 1:]
        case 3:
            j = min(len(text), i + rng.randrange(1, 8))
            return text[:i] + text[j:]
        case 4:
            j = min(len(text), i + rng.randrange(1, 8))
            return text[:j] + text[i:j] + text[j:]
        case _:
            if i + 1 < len(text):
                return text[:i] + text[i + 1] + text[i] + text[i + 2:]
            return text + text[i]


def main():
    rng = random.Random(7644)
    fs = filters()
    ps = paths()
    valid_f = RFC_FILTERS + IDP_FILTERS + BASES
    valid_p = RFC_PATHS + IDP_PATHS
    for _ in range(1500):
        text = rng.choice(valid_f)
        for _ in range(rng.randrange(1, 3)):
            text = mutate(rng, text)
        fs.append(text)
    for _ in range(600):
        text = rng.choice(valid_p)
        for _ in range(rng.randrange(1, 3)):
            text = mutate(rng, text)
        ps.append(text)
    corpus = []
    seen = set()
    for kind, texts in (("filter", fs), ("path", ps)):
        for text in texts:
            if (kind, text) not in seen:
                seen.add((kind, text))
                corpus.append([kind, text])
    TARGET.write_text(
        "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in corpus) + "\n]\n",
        encoding="utf-8",
    )
    counts = {k: sum(1 for c in corpus if c[0] == k) for k in ("filter", "path")}
    print(f"{len(corpus)} inputs ({counts['filter']} filters, {counts['path']} paths) "
          f"written to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
