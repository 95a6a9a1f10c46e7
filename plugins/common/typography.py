"""French typography on plain text (pure; used by plugins/typography on content and by
plugins/contacts on the directory's texts).

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
