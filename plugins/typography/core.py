"""Pure core: French typography on plain text.

- non-breaking space (U+00A0) before « : » and inside « guillemets » ;
- narrow non-breaking space (U+202F) before « ; », « ? » and « ! » ;
- typographic apostrophe (’) between letters;
- straight double quotes paired in the same text ("emprise") become French guillemets, and so do
  English curly quotes (“emprise”), as a word processor pastes them.

Only spaces are changed (or added where French requires one), never the words: a « : » that is not
preceded by a space and followed by one (14:30, https://, [[contact:119]]) is left alone, and
« ? » or « ! » inside a word or an address (?q=, Yahoo!x) too.
"""
from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = "[ \t\u00a0\u202f]"

_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W_]|«)")
# A text may start right after an inline element (« [lien](…) ! »): a leading space counts too.
_BEFORE_COLON = re.compile(rf"(?:(?<=\S)|^){_SPACES}+:(?=\s|$)|(?<=[^\W\d_]):(?=[ \t\n]|$)")
_BEFORE_HIGH = re.compile(rf"(?:(?<=\S)|^){_SPACES}+([;?!]+)|(?<=[^\W\d_»)\]]|[»)\]])([;?!]+)(?=[\s»)\].,]|$)")
_STRAIGHT_PAIR = re.compile(r'"([^"\n]+)"')
_CURLY_PAIR = re.compile("\u201c([^\u201c\u201d\n]+)\u201d")
_OPEN_QUOTE = re.compile(rf"«{_SPACES}*")
_CLOSE_QUOTE = re.compile(rf"(?<=\S){_SPACES}*»|^{_SPACES}*»")


def fix(text: str) -> str:
    """`text` with French non-breaking spaces and apostrophes."""
    if not text:
        return text
    # Each rule runs only when its character is present (most text nodes need one rule or none).
    if '"' in text:
        text = _STRAIGHT_PAIR.sub(lambda m: "«" + m.group(1).strip() + "»", text)
    if "\u201c" in text:
        text = _CURLY_PAIR.sub(lambda m: "«" + m.group(1).strip() + "»", text)
    if "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP + ":", text)
    if ";" in text or "?" in text or "!" in text:
        text = _BEFORE_HIGH.sub(lambda m: NNBSP + (m.group(1) or m.group(2)), text)
    if "«" in text:
        text = _OPEN_QUOTE.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    return text


# Language of parts (RGAA 8.7): foreign expressions of the text, marked with their language. The
# list is a setting (TYPOGRAPHY_FOREIGN_TERMS: {"expression": "language code"}); whole words only.
FOREIGN_TERMS = {"New Age": "en"}


def foreign_pattern(terms: dict[str, str]) -> re.Pattern | None:
    """One regex matching any of `terms` as whole words (longest first), or None when empty."""
    if not terms:
        return None
    names = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def split_foreign(text: str, pattern: re.Pattern | None, terms: dict[str, str]) -> list[tuple[str, str | None]]:
    """`text` cut into (part, language or None) pieces; the French parts keep None."""
    if not text or pattern is None:
        return [(text, None)] if text else []
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((text[last:match.start()], None))
        pieces.append((match.group(1), terms[match.group(1)]))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], None))
    return pieces
