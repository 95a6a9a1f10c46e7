"""Helpers of the editor's form rules (formes.json): a Python pattern as JavaScript writes it, and a
message split around the value a probe put in it."""
from __future__ import annotations


def js_word_bounds(pattern: str) -> str:
    """A Python pattern's `\\b` as JavaScript must write it: JavaScript's `\\b` knows ASCII letters only
    (« à compléter » would not match), so each becomes a look-around on Unicode letters and digits."""
    import re
    word = r"[\p{L}\p{N}_]"
    pattern = re.sub(r"\\b(?=[\[\w])", lambda _m: f"(?<!{word})", pattern)
    return pattern.replace(r"\b", f"(?!{word})")


def _hint_split(message_of, close: str, known: str) -> tuple[str, str]:
    """(message with {valeur} and {indice}, hint with {proche}) of a message that adds a « did you
    mean » hint: found by comparing the message of a far value with the one of a close value."""
    import os.path
    far, near = message_of("\u2400"), message_of(close).replace(close, "\u2400", 1)
    head = os.path.commonprefix([far, near])
    tail = os.path.commonprefix([far[len(head):][::-1], near[len(head):][::-1]])[::-1]
    hint = near[len(head):len(near) - len(tail)] if tail else near[len(head):]
    template = head + "{indice}" + far[len(head):]
    return template.replace("\u2400", "{valeur}"), hint.replace(f"« {known} »", "« {proche} »")
