"""One content model: the record of a page's file, read once, with its line map.

plugins/content_schema's reader parses a content file once (front matter and body) into a
:class:`PageRecord` and hands it to Pelican in the metadata (``RECORD_KEY``): every content object then
carries it as ``item.record``. Plugins read a page's fields, and the line of any of them in the
editor's file, from there; none reads or parses the file again. What a plugin derives (resolved
sources, attachments, contact cards) is its own typed value on the content object, under its own name;
the record and the front matter's values are never rewritten with a different meaning.

    record = record_of(item)
    record.line_of(("attachments", 0, "url"))   # line of that field (its nearest known ancestor)
    record.body_line_of_text(["guide.pdf"])      # line of the first mention in the body

Pure: no Pelican, no plugin imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

RECORD_KEY = "record"  # metadata key (and content attribute) of a page's record


@dataclass
class PageRecord:
    path: str  # the file as the editor sees it (relative to the repository root)
    metadata: dict  # the front matter as written (YAML values; dates kept as text)
    body: str  # the Markdown body
    body_line: int  # 1-based line of the first body line in the file
    field_lines: dict = field(default_factory=dict)  # top-level field -> line
    node_lines: dict = field(default_factory=dict)  # path tuple, e.g. ("sources", 0, "url") -> line

    def line_of(self, path=(), default: int | None = None) -> int:
        """Line of a (nested) field: the deepest known ancestor of `path`, else `default` (else 1)."""
        path = tuple(path)
        while path:
            if path in self.node_lines:
                return self.node_lines[path]
            path = path[:-1]
        return default if default is not None else 1

    def body_line_of(self, offset: int) -> int:
        """File line of a character offset in `body`."""
        return self.body_line + self.body.count("\n", 0, max(offset, 0))

    def body_line_of_text(self, needles) -> int:
        """Line of the first occurrence in the body of the first of `needles` found, else the body's
        first line."""
        for needle in needles:
            if needle:
                index = self.body.find(needle)
                if index >= 0:
                    return self.body_line_of(index)
        return self.body_line


class Locator:
    """Finds the file line of successive occurrences of a needle in a body (case-insensitive)."""

    def __init__(self, text: str, first_line: int):
        self.text, self.lower, self.first_line = text, text.lower(), first_line
        self.cursor: dict[str, int] = {}

    def line(self, *needles: str) -> int:
        """Line of the next occurrence of the first needle found; a needle starting with « re: » is
        a regular expression (multiline, case-insensitive)."""
        for needle in needles:
            if not needle:
                continue
            key = needle.lower()
            start = self.cursor.get(key, 0)
            index = self._find(needle, key, start)
            if index < 0 and start:
                index = self._find(needle, key, 0)
            if index >= 0:
                self.cursor[key] = index + 1
                return self.first_line + self.text.count("\n", 0, index)
        return self.first_line

    def _find(self, needle: str, key: str, start: int) -> int:
        if needle.startswith("re:"):
            match = re.compile(needle[3:], re.I | re.M).search(self.text, start)
            return match.start() if match else -1
        return self.lower.find(key, start)


# The Markdown conversion of a record (plugins/content_schema/render.py sets `md.source_text`,
# `md.source_first_line` and `md.problems`): extensions find lines and report (line, message) here.
def locator(md) -> Locator:
    """The Locator of a Markdown instance set up by `render` (one per conversion)."""
    loc = getattr(md, "_miviludes_locator", None)
    if loc is None or loc.text is not getattr(md, "source_text", ""):
        loc = Locator(getattr(md, "source_text", ""), getattr(md, "source_first_line", 1))
        md._miviludes_locator = loc
    return loc


def report(md, line: int, message: str) -> None:
    """Record a problem on a Markdown instance (no-op outside `render`)."""
    problems = getattr(md, "problems", None)
    if problems is not None:
        problems.append((line, message))


EMPTY = PageRecord(path="", metadata={}, body="", body_line=1)


def record_of(item) -> PageRecord:
    """The record of a content object (read by plugins/content_schema); an empty one (every line: 1)
    for an object that another reader made."""
    metadata = getattr(item, "metadata", None) or {}
    record = metadata.get(RECORD_KEY)
    return record if isinstance(record, PageRecord) else EMPTY
