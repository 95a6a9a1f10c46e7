"""Pure CSS helpers: parse a stylesheet once, keep only the rules the site uses, inline icons.

A stylesheet is parsed (tinycss2) into a small picklable tree of `Rule`/`AtRule` tuples, so that
the slow part runs once per distinct stylesheet and purging is a cheap filter over that tree.
A selector is kept when every class it requires is used somewhere in the site (HTML, or a string
in a script that may add it at run time). Classes inside functional pseudo-classes (`:not()`,
`:is()`, `:where()`, `:has()`) are not required: keeping those selectors is the safe choice.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote

import tinycss2
from tinycss2.ast import IdentToken, LiteralToken, WhitespaceToken

NESTED_AT_RULES = {"media", "supports", "layer", "container", "document", "-moz-document"}


class Rule(NamedTuple):
    """A style rule: one entry per selector (its text, the classes it requires), declarations.

    `decls` holds the declarations split one by one when the rule defines custom properties.
    """
    selectors: tuple[tuple[str, frozenset[str]], ...]
    body: str
    decls: tuple[str, ...] | None = None


class AtRule(NamedTuple):
    keyword: str
    prelude: str
    children: tuple | None  # parsed rules for @media/@supports…, None for an opaque block
    body: str | None  # opaque block text (@font-face, @keyframes…), None for `@charset …;`


def _serialize(tokens) -> str:
    return tinycss2.serialize(tokens).strip()


SELECTOR_PUNCT = {",", ">", "+", "~"}
DECLARATION_PUNCT = {":", ";", ",", "!"}


def _compact(tokens, punct: set[str]) -> str:
    """Serialize without comments and without the spaces next to the given punctuation.

    Only top-level whitespace is touched: functions (calc(1px + 2px)) are serialized as written.
    """
    tokens = [t for t in tokens if t.type != "comment"]
    out = []
    for i, token in enumerate(tokens):
        if isinstance(token, WhitespaceToken):
            before = tokens[i - 1] if i else None
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before is None or after is None:
                continue
            if any(isinstance(t, LiteralToken) and t.value in punct for t in (before, after)):
                continue
            if isinstance(after, WhitespaceToken):
                continue
            out.append(" ")
        else:
            out.append(tinycss2.serialize([token]))
    return "".join(out).strip().rstrip(";")


def _split_selectors(prelude) -> list[list]:
    groups, current = [], []
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            groups.append(current)
            current = []
        else:
            current.append(token)
    groups.append(current)
    return groups


def _required_classes(tokens) -> frozenset[str]:
    """Classes a selector needs; classes inside functional pseudo-classes are not required."""
    classes = set()
    for i, token in enumerate(tokens[:-1]):
        if isinstance(token, LiteralToken) and token.value == "." and isinstance(tokens[i + 1], IdentToken):
            classes.add(tokens[i + 1].value)
    return frozenset(classes)


def _strip(tokens) -> list:
    tokens = list(tokens)
    while tokens and isinstance(tokens[0], WhitespaceToken):
        tokens.pop(0)
    while tokens and isinstance(tokens[-1], WhitespaceToken):
        tokens.pop()
    return tokens


def _convert(nodes) -> tuple:
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple((_compact(_strip(group), SELECTOR_PUNCT), _required_classes(_strip(group)))
                              for group in _split_selectors(node.prelude))
            body = _compact(node.content, DECLARATION_PUNCT)
            decls = tuple(split_declarations(body)) if CUSTOM_DEF_RE.search(body) else None
            out.append(Rule(selectors, body, decls))
        elif node.type == "at-rule":
            keyword = node.lower_at_keyword
            prelude = _serialize(node.prelude)
            if node.content is None:
                out.append(AtRule(keyword, prelude, None, None))
            elif keyword in NESTED_AT_RULES:
                children = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
                out.append(AtRule(keyword, prelude, _convert(children), None))
            elif keyword == "font-face":
                out.append(AtRule(keyword, prelude, None, _compact(node.content, DECLARATION_PUNCT)))
            else:
                out.append(AtRule(keyword, prelude, None, _serialize(node.content)))
        # comments, whitespace and parse errors are dropped
    return tuple(out)


def to_plain(rules) -> tuple:
    """Rules as built-in tuples, for the on-disk cache: the file does not depend on this module's
    import path or class definitions (tools/vendor.py writes it, every build reads it)."""
    return tuple(("R", r.selectors, r.body, r.decls) if isinstance(r, Rule) else
                 ("A", r.keyword, r.prelude, None if r.children is None else to_plain(r.children), r.body)
                 for r in rules)


def from_plain(plain) -> tuple:
    return tuple(Rule(p[1], p[2], p[3]) if p[0] == "R" else
                 AtRule(p[1], p[2], None if p[3] is None else from_plain(p[3]), p[4])
                 for p in plain)


def parse(css: str) -> tuple:
    """Parse a stylesheet into a tree of Rule/AtRule (slow: cache the result)."""
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _convert(nodes)


def serialize(rules) -> str:
    parts = []
    for rule in rules:
        if isinstance(rule, Rule):
            parts.append(",".join(text for text, _ in rule.selectors) + "{" + rule.body + "}")
        elif rule.children is not None:
            inner = serialize(rule.children)
            parts.append(f"@{rule.keyword} {rule.prelude}{{{inner}}}")
        elif rule.body is not None:
            head = f"@{rule.keyword} {rule.prelude}" if rule.prelude else f"@{rule.keyword}"
            parts.append(head + "{" + rule.body + "}")
        else:
            parts.append(f"@{rule.keyword} {rule.prelude};")
    return "".join(parts)


def purge(rules, used: set[str] | frozenset[str]) -> tuple:
    """Keep the selectors whose required classes are all used; drop rules left empty."""
    out = []
    for rule in rules:
        if isinstance(rule, Rule):
            kept = tuple(sel for sel in rule.selectors if sel[1] <= used)
            if kept:
                out.append(rule._replace(selectors=kept))
        elif rule.children is not None:
            children = purge(rule.children, used)
            if children:
                out.append(rule._replace(children=children))
        else:
            out.append(rule)
    return tuple(out)


def defined_classes(rules) -> set[str]:
    """Every class some selector of the stylesheet requires."""
    found = set()
    for rule in rules:
        if isinstance(rule, Rule):
            for _, classes in rule.selectors:
                found |= classes
        elif rule.children is not None:
            found |= defined_classes(rule.children)
    return found


# ---------------------------------------------------------------- custom properties

VAR_REF_RE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
CUSTOM_NAME_RE = re.compile(r"--[A-Za-z0-9_-]+")


CUSTOM_DEF_RE = re.compile(r"(?:^|[;{\s])--[A-Za-z0-9_-]+\s*:")
_SIGNIFICANT_RE = re.compile(r"""\\.|["'()\[\];]""", re.S)


def split_declarations(body: str) -> list[str]:
    """Split a declaration block on the semicolons that are not in a string or parentheses."""
    parts, depth, quote_char, start = [], 0, None, 0
    for match in _SIGNIFICANT_RE.finditer(body):
        char = match.group(0)
        if len(char) == 2:  # escaped character
            continue
        if quote_char:
            if char == quote_char:
                quote_char = None
        elif char in "\"'":
            quote_char = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append(body[start:match.start()])
            start = match.end()
    parts.append(body[start:])
    return [p.strip() for p in parts if p.strip()]


def _custom_name(declaration: str) -> str | None:
    if declaration.startswith("--"):
        return declaration.split(":", 1)[0].strip()
    return None


def prune_custom_properties(rules, extra_refs: set[str] = frozenset()) -> tuple:
    """Drop custom property definitions (`--x: …`) that nothing reads through var().

    References are counted in the kept declarations, in the values of kept custom properties
    (to a fixed point) and in `extra_refs` (names found in scripts, HTML and other stylesheets).
    """
    defined: dict[str, list[str]] = {}
    referenced = set(extra_refs)

    def collect(rs):
        for rule in rs:
            if isinstance(rule, Rule):
                if rule.decls is None:
                    referenced.update(VAR_REF_RE.findall(rule.body))
                    continue
                for decl in rule.decls:
                    name = _custom_name(decl)
                    if name:
                        defined.setdefault(name, []).append(decl)
                    else:
                        referenced.update(VAR_REF_RE.findall(decl))
            elif rule.children is not None:
                collect(rule.children)
            elif rule.body:
                referenced.update(VAR_REF_RE.findall(rule.body))
    collect(rules)
    pending = [n for n in referenced]
    while pending:
        name = pending.pop()
        for decl in defined.get(name, ()):
            for ref in VAR_REF_RE.findall(decl.split(":", 1)[1]):
                if ref not in referenced:
                    referenced.add(ref)
                    pending.append(ref)

    def prune(rs):
        out = []
        for rule in rs:
            if isinstance(rule, Rule):
                if rule.decls is None:
                    out.append(rule)
                    continue
                decls = tuple(d for d in rule.decls if (_custom_name(d) is None or _custom_name(d) in referenced))
                if len(decls) == len(rule.decls):
                    out.append(rule)
                elif decls:
                    out.append(rule._replace(body=";".join(decls), decls=decls))
            elif rule.children is not None:
                children = prune(rule.children)
                if children:
                    out.append(rule._replace(children=children))
            else:
                out.append(rule)
        return tuple(out)
    return prune(rules)


# ---------------------------------------------------------------- url() references

URL_RE_ANY = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")


def _url_value(match: re.Match) -> str:
    return match.group(1) if match.group(1) is not None else (
        match.group(2) if match.group(2) is not None else match.group(3))


def local_urls(css: str) -> list[str]:
    """Relative references of url() (no data:, no scheme, no fragment-only), in order."""
    out = []
    for match in URL_RE_ANY.finditer(css):
        value = _url_value(match)
        if value and not re.match(r"^(data:|[a-z][a-z0-9+.-]*:|//|#)", value, re.I):
            out.append(value)
    return out


def rewrite_urls(css: str, mapping) -> str:
    """Replace each local url() by mapping(value) (None keeps it as is)."""
    def sub(match: re.Match) -> str:
        value = _url_value(match)
        if not value or re.match(r"^(data:|[a-z][a-z0-9+.-]*:|//|#)", value, re.I):
            return match.group(0)
        new = mapping(value)
        if new is None:
            return match.group(0)
        if new.startswith("data:"):
            return f'url("{new}")'
        return f"url({new})"
    return URL_RE_ANY.sub(sub, css)


def svg_data_uri(svg: bytes) -> str:
    """Smallest safe data: URI for an SVG (percent-encoding only what must be)."""
    text = svg.decode("utf-8").strip()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"\s+", " ", text).replace('"', "'")
    return "data:image/svg+xml," + quote(text, safe=" '=:/.,;()-_!*~@&+$?[]")
