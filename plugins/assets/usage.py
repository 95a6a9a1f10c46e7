"""What the built site uses, read from its pages and scripts: the classes (to purge the DSFR
stylesheet, plugins/assets/css.py) and the font faces (bold, italic) its text may render with."""
from __future__ import annotations

import re
from typing import NamedTuple

from .css import URL_RE_ANY, AtRule, Rule, defined_classes


# ---------------------------------------------------------------- classes used by the site

CLASS_ATTR_RE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
JS_STRING_RE = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
TOKEN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


_CLASS_ATTR_LOWER_RE = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def classes_in_html(html: str) -> set[str]:
    found = set()
    if html.lower().count("class") == html.count("class"):
        # Every « class » is lower case (always, in the built pages): a pattern that starts with a
        # literal is several times faster; \b is checked by hand.
        for match in _CLASS_ATTR_LOWER_RE.finditer(html):
            at = match.start()
            if at and (html[at - 1].isalnum() or html[at - 1] == "_"):
                continue
            found.update((match.group(1) or match.group(2) or match.group(3) or "").split())
        return found
    for match in CLASS_ATTR_RE.finditer(html):
        found.update((match.group(1) or match.group(2) or match.group(3) or "").split())
    return found


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
# HTML elements whose user-agent style asks for bold or italic text.
BOLD_TAGS = re.compile(r"<(strong|b|th|h[1-6])[\s>]", re.I)
ITALIC_TAGS = re.compile(r"<(em|i|cite|dfn|var|address)[\s>]", re.I)


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


def used_font_faces(rules, html_samples: list[str]) -> set[tuple[str, int, str]]:
    """(family, weight, style) that the kept rules and the HTML may render with.

    Weights and styles are those the stylesheet declares (plus bold/italic elements in the HTML);
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
    for html in html_samples:
        if BOLD_TAGS.search(html):
            weights.add(700)
        if ITALIC_TAGS.search(html):
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
