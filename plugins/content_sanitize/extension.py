"""python-markdown extension: checks the final HTML of a body against the allow-list, then cleans it.

Runs last (postprocessor priority 1), after raw HTML and every other extension, so that what
the editor wrote in HTML and what Markdown produced are checked the same way. Problems go to
`md.problems` (see plugins/content_schema/render.py), each with the line found in the source.
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from plugins.content_schema.render import locator, report

from . import core


class SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        if not any(c in text for c in "<>&\u00a0"):
            return text  # plain text (a heading, for the table of contents): nothing to check or change
        loc = locator(self.md)
        for needles, message in core.find_problems(text):
            report(self.md, loc.line(*needles), message)
        return core.clean(text)


class SanitizeExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.postprocessors.register(SanitizePostprocessor(md), "miviludes_sanitize", 1)
