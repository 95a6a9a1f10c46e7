"""Text fields are text: no control characters, no bidirectional overrides or isolates.

A title, summary, name or displayed number is escaped when it is displayed (Jinja autoescape), so
markup in it shows as text. What escaping cannot neutralize are invisible characters: controls, and
the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a text display in
another order than it is read (« 0 800 » shown for another number, a name turned around). The
content checks refuse them with ``text_problem`` (plugins/content_schema, plugins/contacts).
"""
from __future__ import annotations

import unicodedata

BIDI_CONTROLS = {
    0x202A: "début d’incorporation gauche-à-droite", 0x202B: "début d’incorporation droite-à-gauche",
    0x202C: "fin d’incorporation ou de forçage", 0x202D: "forçage gauche-à-droite",
    0x202E: "forçage droite-à-gauche", 0x2066: "isolat gauche-à-droite",
    0x2067: "isolat droite-à-gauche", 0x2068: "isolat de premier fort", 0x2069: "fin d’isolat",
}
ALLOWED_CONTROLS = "\n\t"  # line breaks of YAML block texts (folded by the checks that need it)


def text_problem(value: str) -> str:
    """The French reason why a text field is refused, or ""."""
    for ch in value:
        code = ord(ch)
        if code in BIDI_CONTROLS:
            return (f"contient un caractère invisible qui inverse le sens d’écriture (U+{code:04X}, "
                    f"{BIDI_CONTROLS[code]}) : retapez ce texte au clavier au lieu de le copier-coller")
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return (f"contient un caractère de contrôle invisible (U+{code:04X}) : retapez ce texte au "
                    "clavier au lieu de le copier-coller")
    return ""


def strings_in(value, path=()):
    """(path, text) of every string of a parsed YAML value (front matter, data file), nested lists
    and mappings included: what the text rule and the URL module are applied to."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, path + (index,))
