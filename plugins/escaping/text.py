"""Text fields are text: no control characters, no bidirectional controls, no invisible characters
in numbers.

A title, summary, name or displayed number is escaped when it is displayed (Jinja autoescape), so
markup in it shows as text. What escaping cannot neutralize are invisible characters: controls, and
the Unicode Bidi_Control characters (marks, embeddings, overrides and isolates: U+061C, U+200E,
U+200F, U+202A–U+202E, U+2066–U+2069) that make a text display in another order than it is read
(« 0 800 » shown for another number, a name turned around). The set is Unicode's own property
(``\\p{Bidi_Control}`` of the `regex` module's Unicode tables), not a hand list. The content checks
refuse them with ``text_problem`` (plugins/content_schema, plugins/contacts, PDF metadata in
plugins/pdfinspect). ``number_problem`` is stricter, for displayed phone numbers: no format
character at all (zero-width joiners and spaces, word joiners, soft hyphens), which would make the
displayed number differ from the one dialled.
"""
from __future__ import annotations

import unicodedata

import regex

_BIDI_CONTROL = regex.compile(r"\p{Bidi_Control}")
_FORMAT = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]")
ALLOWED_CONTROLS = "\n\t"  # line breaks of YAML block texts (folded by the checks that need it)
_HOW = "retapez ce texte au clavier au lieu de le copier-coller"


def is_bidi_control(ch: str) -> bool:
    return bool(_BIDI_CONTROL.match(ch))


def text_problem(value: str) -> str:
    """The French reason why a text field is refused, or ""."""
    for ch in value:
        code = ord(ch)
        if _BIDI_CONTROL.match(ch):
            return (f"contient un caractère invisible qui change le sens d’écriture (U+{code:04X}) : "
                    f"{_HOW}")
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            return f"contient un caractère de contrôle invisible (U+{code:04X}) : {_HOW}"
    return ""


def number_problem(value: str) -> str:
    """``text_problem``, and no invisible format character (for a displayed phone number)."""
    problem = text_problem(value)
    if problem:
        return problem
    for ch in value:
        if ch not in ALLOWED_CONTROLS and _FORMAT.match(ch):
            return (f"contient un caractère invisible (U+{ord(ch):04X}) qui ferait lire un "
                    f"autre numéro que celui composé : {_HOW}")
    return ""


def bidi_control_at(text: str) -> int:
    """Index of the first Bidi_Control character of `text` (a body), or -1."""
    found = _BIDI_CONTROL.search(text)
    return found.start() if found else -1


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
