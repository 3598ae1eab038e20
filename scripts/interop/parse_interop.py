"""Reads every text of the parse corpus with two independent Python parsers
of RFC 7644's filter and PATCH path grammars, and records what each makes
of it.

- scim2-models (`ScimFilter(text).ast`, `Path(text).ast`): filters and
  paths, answered with the shape of the tree it builds;
- scim2-filter-parser (15five; `SCIMParser().parse(SCIMLexer().tokenize(t))`):
  filters only, answered with the skeleton of the tree (values left out,
  since its tree does not tell the string "1" from the number 1).

The corpus is scim-core/tests/data/interop/parse_corpus.json (written by
parse_corpus.py). The answers go to parse_scim2_models.json and
parse_scim2_filter_parser.json beside it, one per corpus entry in corpus
order: "err" (the parser refused the text), "ok SHAPE", or "crash" (it threw
something other than its syntax error). The Rust test `parse_interop` in
scim-core's suite prints scim-core's shapes the same way and compares.

Shapes: `path op value`, `path pr`, `not (F)`, `path[F]`, operands of `and`
and `or` joined by ` and ` / ` or `, with every operand that is itself an
`and` or `or` in parentheses; operators lowercase; strings as JSON with only
`"`, `\\` and control characters escaped; numbers as integers when the
literal is an integer that fits 64 bits, else in the `%.16e` form with the
exponent written plainly (`1.0000000000000000e5`). Paths: `attr`,
`attr[F]`, `attr[F].sub`.

Run it with the pinned packages of requirements.txt and
scim2-filter-parser==0.7.0 installed (see README.md).
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path as FsPath

from scim2_models import Path, ScimFilter
from scim2_models.path import expressions as m

from scim2_filter_parser import ast as s
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser, SCIMParserError

ROOT = FsPath(__file__).resolve().parents[2]
DATA = ROOT / "scim-core" / "tests" / "data" / "interop"


def string(v):
    out = ['"']
    for c in v:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c in "\n\r\t\b\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[c])
        elif o < 0x20:
            out.append(f"\\u{o:04x}")
        elif 0xD800 <= o <= 0xDFFF:
            # A lone surrogate: Python keeps it, UTF-8 cannot hold it.
            out.append(f"\\u{o:04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def number(v):
    if isinstance(v, int) and -(2**63) <= v < 2**64:
        return str(v)
    mant, exp = ("%.16e" % float(v)).split("e")
    return f"{mant}e{int(exp)}"


def value(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return number(v)
    return string(v)


def logic(op, terms, shape):
    return f" {op} ".join(
        f"({shape(t)})" if is_logic(t) else shape(t) for t in terms
    )


def is_logic(node):
    return isinstance(node, m.LogicalExpr)


def m_shape(node):
    """The shape of a scim2-models filter node."""
    if isinstance(node, m.Comparison):
        return f"{node.attr_path} {node.op.value} {value(node.value)}"
    if isinstance(node, m.Present):
        return f"{node.attr_path} pr"
    if isinstance(node, m.Not):
        return f"not ({m_shape(node.expr)})"
    if isinstance(node, m.LogicalExpr):
        return logic(node.op.value, node.terms, m_shape)
    if isinstance(node, m.ValuePath):
        sub = f".{node.sub_attr}" if node.sub_attr else ""
        return f"{node.attr_path}[{m_shape(node.val_filter)}]{sub}"
    raise TypeError(type(node).__name__)


def m_path_shape(node):
    """The shape of a scim2-models PATCH path."""
    if node is None:
        # The empty path.
        return ""
    if isinstance(node, m.AttrPath):
        return str(node)
    if isinstance(node, m.ValuePath):
        return m_shape(node)
    # Errata 7122 lets a path be an attribute expression.
    return "expr " + m_shape(node)


def scim2_models(kind, text):
    try:
        if kind == "filter":
            return "ok " + m_shape(ScimFilter(text).ast)
        return "ok " + m_path_shape(Path(text).ast)
    except Exception as exc:  # noqa: BLE001 - every refusal is an answer
        name = type(exc).__name__
        if name in ("InvalidFilterException", "InvalidPathException"):
            return "err"
        return f"crash {name}: {exc}"


def s_attr(p):
    """The text of a scim2-filter-parser attribute path, or (path, filter,
    sub) for a value path used as a path."""
    if isinstance(p.attr_name, s.Filter):
        return None
    text = p.attr_name
    if p.uri:
        text = f"{p.uri}:{text}"
    if p.sub_attr is not None:
        text = f"{text}.{p.sub_attr.value}"
    return text


def s_shape(node, grouped=False):
    """The skeleton of a scim2-filter-parser node: values written `_`."""
    if isinstance(node, s.Filter):
        if node.namespace is not None:
            ns = node.namespace
            inner = s_text(node.expr)
            base = s_attr(ns)
            if ns.sub_attr is not None and isinstance(ns.attr_name, str):
                # `emails[type eq "work"].value` came back with the
                # sub-attribute moved onto the namespace: set apart below.
                base = (f"{ns.uri}:" if ns.uri else "") + ns.attr_name
                return f"{base}[{inner}]", ns.sub_attr.value
            return f"{base}[{inner}]", None
        if node.negated:
            return f"not ({s_text(node.expr)})", None
        if isinstance(node.expr, s.Filter) and node.expr.namespace is None and not node.expr.negated:
            return s_shape(node.expr, grouped=True)
        return s_shape(node.expr, grouped)
    if isinstance(node, s.LogExpr):
        op = node.op.lower()
        terms = []
        for child in (node.expr1, node.expr2):
            inner = child
            while (
                isinstance(inner, s.Filter)
                and inner.namespace is None
                and not inner.negated
                and isinstance(inner.expr, s.LogExpr)
            ):
                inner = inner.expr
            if isinstance(inner, s.LogExpr) and inner.op.lower() == op:
                terms += s_terms(inner, op)
            else:
                terms.append(child)
        parts = []
        for t in terms:
            text = s_text(t)
            parts.append(f"({text})" if s_is_logic(t) else text)
        return (f" {op} ".join(parts), None)
    if isinstance(node, s.AttrExpr):
        op = node.value.lower()
        p = node.attr_path
        rest = " pr" if op == "pr" else f" {op} _"
        if isinstance(p.attr_name, s.Filter):
            vp, sub = s_shape(p.attr_name)
            if sub is not None:
                # Read as the filter it means: `attr[F and sub op v]`.
                head, inner = vp.split("[", 1)
                inner = inner[:-1]
                if s_is_or(p.attr_name.expr):
                    inner = f"({inner})"
                return f"{head}[{inner} and {sub}{rest}]", None
            return f"{vp}{rest}", None
        return f"{s_attr(p)}{rest}", None
    raise TypeError(type(node).__name__)


def s_terms(node, op):
    out = []
    for child in (node.expr1, node.expr2):
        inner = child
        if isinstance(inner, s.Filter) and inner.namespace is None and not inner.negated and isinstance(inner.expr, s.LogExpr):
            inner = inner.expr
        if isinstance(inner, s.LogExpr) and inner.op.lower() == op:
            out += s_terms(inner, op)
        else:
            out.append(child)
    return out


def s_is_logic(node):
    while isinstance(node, s.Filter) and node.namespace is None and not node.negated:
        node = node.expr
    return isinstance(node, s.LogExpr)


def s_is_or(node):
    while isinstance(node, s.Filter) and node.namespace is None and not node.negated:
        node = node.expr
    return isinstance(node, s.LogExpr) and node.op.lower() == "or"


def s_text(node):
    text, sub = s_shape(node)
    if sub is not None:
        return f"{text}.{sub}"
    return text


def filter_parser(kind, text):
    if kind != "filter":
        return None
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except (SCIMParserError, ValueError):
        # ValueError: the lexer's "Illegal character".
        return "err"
    except Exception as exc:  # noqa: BLE001
        return f"crash {type(exc).__name__}: {exc}"
    if tree is None:
        return "err"
    try:
        return "ok " + s_text(tree)
    except Exception as exc:  # noqa: BLE001
        return f"crash shape {type(exc).__name__}: {exc}"


def main():
    corpus = json.loads((DATA / "parse_corpus.json").read_text(encoding="utf-8"))
    for name, package, run in (
        ("parse_scim2_models.json", "scim2-models", scim2_models),
        ("parse_scim2_filter_parser.json", "scim2-filter-parser", filter_parser),
    ):
        answers = [run(kind, text) for kind, text in corpus]
        out = {
            "generator": "scripts/interop/parse_interop.py",
            "implementation": f"{package} {version(package)}",
            "answers": answers,
        }
        target = DATA / name
        target.write_text(
            '{\n "generator": ' + json.dumps(out["generator"])
            + ',\n "implementation": ' + json.dumps(out["implementation"])
            + ',\n "answers": [\n'
            + ",\n".join(json.dumps(a, ensure_ascii=False) for a in answers)
            + "\n ]\n}\n",
            encoding="utf-8",
        )
        ok = sum(1 for a in answers if a and a.startswith("ok"))
        crash = sum(1 for a in answers if a and a.startswith("crash"))
        read = sum(1 for a in answers if a is not None)
        print(f"{package}: {read} inputs read, {ok} accepted, {crash} crashes; "
              f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
