"""Markdown rendering shared by the reader and `make check`, with editors' problems collected.

Protocol for python-markdown extensions that check the text (plugins/content_sanitize,
plugins/content_links, ...): before `convert`, the Markdown instance carries

- `md.source_path`: the file as the editor sees it (relative to the repository root);
- `md.source_text` / `md.source_first_line`: the body and the file line of its first line;
- `md.problems`: a list where extensions append `(line, message_in_french)`.

`locate(md, *needles)` gives the line of a piece of the source text, for those messages.
"""
from __future__ import annotations

import re

import markdown

from .frontmatter import ContentError, Document


def markdown_options(settings_markdown: dict) -> dict:
    """Pelican's MARKDOWN setting -> keyword arguments for markdown.Markdown.

    As Pelican's own reader does, every extension named in `extension_configs` is enabled.
    """
    configs = dict(settings_markdown.get("extension_configs", {}))
    extensions = list(settings_markdown.get("extensions", []))
    names = {e for e in extensions if isinstance(e, str)}
    extensions += [name for name in configs if name not in names]
    options = {k: v for k, v in settings_markdown.items() if k not in ("extensions", "extension_configs")}
    return {**options, "extensions": extensions, "extension_configs": configs}


_INSTANCE: list = []  # [(MARKDOWN setting, its Markdown instance)]


def _markdown(settings_markdown: dict) -> markdown.Markdown:
    """One Markdown instance per MARKDOWN setting, reset between files (as python-markdown
    recommends for many documents): building it, with its extensions, cost more than a short file."""
    if _INSTANCE and _INSTANCE[0][0] is settings_markdown \
            and _INSTANCE[0][1] == len(settings_markdown.get("extensions", [])):
        md = _INSTANCE[0][2]
        md.reset()
        return md
    md = markdown.Markdown(**markdown_options(settings_markdown))
    _INSTANCE[:] = [(settings_markdown, len(settings_markdown.get("extensions", [])), md)]
    return md


def render(doc: Document, settings_markdown: dict) -> tuple[str, list[ContentError]]:
    """HTML of the body, and the problems found by the checking extensions (line order)."""
    md = _markdown(settings_markdown)
    md.source_path = doc.path
    md.source_text = doc.body
    md.source_first_line = doc.body_line
    md.problems = []
    html = md.convert(doc.body)
    problems = [ContentError(doc.path, line, message) for line, message in md.problems]
    return html, sorted(problems, key=lambda p: p.line)


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
