"""Pure core of the typography plugin: the French rules themselves are plugins/common/typography.py
(shared with plugins/contacts); here, the language of foreign expressions."""
from __future__ import annotations

import re

from plugins.common.typography import NBSP, NNBSP, fix  # noqa: F401 - the plugin's rules


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
