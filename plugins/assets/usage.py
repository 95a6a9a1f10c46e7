"""What the built site uses, read from its pages and scripts: the classes (to purge the DSFR
stylesheet, plugins/assets/css.py) and the font faces (bold, italic) its text may render with."""
from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from .css import URL_RE_ANY, AtRule, Rule, defined_classes


# ---------------------------------------------------------------- what a written page uses

# Elements whose user-agent style asks for bold or italic text.
BOLD_ELEMENTS = "strong, b, th, h1, h2, h3, h4, h5, h6"
ITALIC_ELEMENTS = "em, i, cite, dfn, var, address"
_TEMPLATE_TAGS = re.compile(r"^<template\b[^>]*>|</template>$", re.I)


class PageUsage(NamedTuple):
    """What one written page asks of the stylesheet."""
    classes: tuple[str, ...]  # every class of every element, sorted
    bold: bool                # an element shown in bold by default (strong, th, headings…)
    italic: bool              # an element shown in italic by default (em, cite…)


def parse_page(html: str) -> LexborHTMLParser:
    """A written page as the HTML reader of the build parses it (plugins/common/body.py's Lexbor),
    a whole document, scripting off: what a <noscript> holds is shown to some readers, so its
    classes count."""
    return LexborHTMLParser(html or "", scripting=False)


def page_usage(page: str | LexborHTMLParser) -> PageUsage:
    """What a page uses, from its HTML text or its parsed tree (a pass that parses each written page
    once for every output check hands its tree here, parsed with scripting on or off). The classes
    of <noscript> and <template> contents count too (shown without scripts, or by a script)."""
    tree = page if isinstance(page, LexborHTMLParser) else parse_page(page)
    classes: set[str] = set()
    bold = italic = False
    trees = [tree]
    while trees:
        current = trees.pop()
        for node in current.css("[class]"):
            classes.update((node.attrs.get("class") or "").split())
        bold = bold or current.css_first(BOLD_ELEMENTS) is not None
        italic = italic or current.css_first(ITALIC_ELEMENTS) is not None
        for node in current.css("template, noscript"):
            if node.tag == "template":  # its content is a fragment of its own: parsed without its tags
                trees.append(parse_page(_TEMPLATE_TAGS.sub("", node.html or "")))
            elif all(child.tag == "-text" for child in node.iter(include_text=True)):
                # a tree parsed with scripting on holds a <noscript>'s content as text: read it as HTML
                trees.append(parse_page(node.text(deep=True)))
    return PageUsage(tuple(sorted(classes)), bold, italic)


def classes_in_html(html: str) -> set[str]:
    """The classes a page uses (:func:`page_usage`)."""
    return set(page_usage(html).classes)


# ---------------------------------------------------------------- what a script may add

JS_STRING_RE = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
TOKEN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def classes_in_script(js: str, prefixed: bool = False, prefix: str = "fr") -> set[str]:
    """Every word of every string literal: classes a script may add at run time.

    Our scripts write class names in full (`"fr-card"`, `"is-open"`); the DSFR scripts build them
    from their prefix (`ns("collapse--expanded")`): for those (`prefixed`), every word also counts
    with the prefix. Over-inclusive on purpose.
    """
    found = set()
    for literal in JS_STRING_RE.findall(js):
        for word in TOKEN_RE.findall(literal[1:-1]):
            found.add(word)
            if prefixed:
                found.add(f"{prefix}-{word.lstrip('-')}")
    return found


STATE_ID_RE = re.compile(r"""\bid\s*:\s*["'`]([A-Za-z][A-Za-z0-9_-]*)["'`]""")


def state_ids(js: str) -> set[str]:
    """Disclosure states of the DSFR scripts (`OPENED: {id: "opened"}`, `EXPANDED`, `SELECTED`)."""
    return set(STATE_ID_RE.findall(js))


def runtime_modifiers(rules, used: set[str], script_words: set[str]) -> set[str]:
    """`block--state` classes a script may add to a used block: the DSFR builds them as
    `selector + "--" + state.id` (fr-modal--opened, fr-collapse--expanded)."""
    found = set()
    for name in defined_classes(rules):
        base, sep, state = name.rpartition("--")
        if sep and base in used and state in script_words:
            found.add(name)
    return found


# ---------------------------------------------------------------- fonts

FONT_WEIGHT_RE = re.compile(r"font-weight:\s*([a-z0-9]+)", re.I)
FONT_STYLE_ITALIC_RE = re.compile(r"font-style:\s*(italic|oblique)", re.I)
FONT_FAMILY_RE = re.compile(r"font-family:\s*([^;}]+)", re.I)
WEIGHT_NAMES = {"normal": 400, "bold": 700, "bolder": 700, "lighter": 300}


class FontFace(NamedTuple):
    family: str
    weight: int
    style: str
    src: tuple[str, ...]  # url() references


def _face_of(rule: AtRule) -> FontFace:
    decls = {}
    for part in rule.body.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            decls[name.strip().lower()] = value.strip()
    weight = decls.get("font-weight", "400")
    weight = WEIGHT_NAMES.get(weight, int(weight) if weight.isdigit() else 400)
    return FontFace(decls.get("font-family", "").strip("'\""), weight,
                    "italic" if decls.get("font-style", "normal") in ("italic", "oblique") else "normal",
                    tuple(URL_RE_ANY.findall(rule.body)))


def font_faces(rules) -> list[FontFace]:
    return [_face_of(r) for r in rules if isinstance(r, AtRule) and r.keyword == "font-face"]


def _all_bodies(rules):
    for rule in rules:
        if isinstance(rule, Rule):
            yield rule.body
        elif rule.children is not None:
            yield from _all_bodies(rule.children)


def used_font_faces(rules, pages) -> set[tuple[str, int, str]]:
    """(family, weight, style) that the kept rules and the pages may render with.

    ``pages``: each page's :class:`PageUsage`, parsed tree or HTML text. Weights and styles are
    those the stylesheet declares (plus bold/italic elements in the pages);
    a family counts when a kept rule names it. Every combination of a used family, weight and
    style is kept (a bold link inside an italic quote…): over-inclusive, never under.
    """
    weights, styles, families = {400}, {"normal"}, set()
    for body in _all_bodies(rules):
        for value in FONT_WEIGHT_RE.findall(body):
            value = value.lower()
            weights.add(WEIGHT_NAMES.get(value, int(value) if value.isdigit() else 400))
        if FONT_STYLE_ITALIC_RE.search(body):
            styles.add("italic")
        for value in FONT_FAMILY_RE.findall(body):
            families.update(name.strip().strip("'\"") for name in value.split(","))
    for page in pages:
        page = page if isinstance(page, PageUsage) else page_usage(page)
        if page.bold:
            weights.add(700)
        if page.italic:
            styles.add("italic")
    return {(f.family, f.weight, f.style) for f in font_faces(rules)
            if f.family in families and f.weight in weights and f.style in styles}


def keep_font_faces(rules, keep: set[tuple[str, int, str]]) -> tuple:
    out = []
    for rule in rules:
        if isinstance(rule, AtRule) and rule.keyword == "font-face":
            face = _face_of(rule)
            if (face.family, face.weight, face.style) not in keep:
                continue
        out.append(rule)
    return tuple(out)
