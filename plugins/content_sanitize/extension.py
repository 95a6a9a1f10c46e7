"""python-markdown extension: checks the final HTML of a body against the allow-list, then cleans it.

Checker and cleaner read the HTML with the HTML5 algorithm (core.py); the cleaned HTML is parsed
again and must hold nothing unsafe.

Runs last (postprocessor priority 1), after raw HTML and every other extension, so that what
the editor wrote in HTML and what Markdown produced are checked the same way. Problems go to
`md.problems` (see plugins/content_schema/render.py), each with the line found in the source.
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from plugins.common.record import locator, report  # the reader's channel for (line, message)

from plugins.common.rules import markup as core


class SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        if not any(c in text for c in "<>&\u00a0"):
            return text  # plain text (a heading, for the table of contents): nothing to check or change
        loc = locator(self.md)
        problems = core.find_problems(text)
        refused: list = []
        cleaned = core.clean(text, refused)
        # The cleaner's own refusals (nh3's attribute filter, on html5ever's tree) are reported too:
        # whatever the checker's tree missed cannot be dropped silently.
        seen = {message for _, message in problems}
        problems += [p for p in refused if p[1] not in seen]
        left = core.check_cleaned(cleaned)
        if left:  # parsed again, the cleaned HTML still holds something unsafe: publish nothing
            problems += [(needles, "contenu HTML refusé après nettoyage (" + message + ")")
                         for needles, message in left]
            cleaned = ""
        for needles, message in problems:
            report(self.md, loc.line(*needles), message)
        return cleaned


class SanitizeExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown API
        md.postprocessors.register(SanitizePostprocessor(md), "miviludes_sanitize", 1)
