"""Markdown rendering shared by the reader and `make check`, with editors' problems collected.

Protocol for python-markdown extensions that check the text (plugins/content_sanitize,
plugins/content_links, ...): before `convert`, the Markdown instance carries

- `md.source_path`: the file as the editor sees it (relative to the repository root);
- `md.source_text` / `md.source_first_line`: the body and the file line of its first line;
- `md.problems`: a list where extensions append `(line, message_in_french)`.

`locator(md).line(*needles)` gives the line of a piece of the source text, for those messages, and
`report(md, line, message)` appends one (both in plugins/common/record.py: no extension imports
this plugin).

Bounded (issue 13): a body nested deeper than MAX_NESTING (lists, quotes) is refused before
conversion (`nesting_problem`, a linear scan), and a conversion that runs longer than
TIME_BUDGET_S is stopped (SIGALRM timer, main thread) and refused, naming the file: python-markdown
has quadratic corners (`" [" * 50000` would run for hours).
"""
from __future__ import annotations

import contextlib
import signal
import threading

import markdown

from plugins.common.rules.frontmatter import ContentError, Document
from plugins.common.rules.nesting import MAX_BRACKETS, MAX_NESTING, nesting_problem  # noqa: F401

TIME_BUDGET_S = 5.0  # per file; the largest real page takes well under 0.1 s


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


class _OverBudget(BaseException):
    """Raised by the timer inside a conversion (BaseException: no extension swallows it)."""


@contextlib.contextmanager
def _deadline(seconds: float):
    """Raise _OverBudget in this (main) thread after `seconds`; no-op elsewhere."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(doc: Document, settings_markdown: dict, budget: float | None = None
           ) -> tuple[str, list[ContentError]]:
    """HTML of the body, and the problems found by the checking extensions (line order)."""
    too_deep = nesting_problem(doc)
    if too_deep:
        return "", [too_deep]
    budget = TIME_BUDGET_S if budget is None else budget
    md = _markdown(settings_markdown)
    md.source_path = doc.path
    md.source_text = doc.body
    md.source_first_line = doc.body_line
    md.problems = []
    try:
        with _deadline(budget):
            html = md.convert(doc.body)
    except _OverBudget:
        _INSTANCE.clear()  # interrupted mid-conversion: never reuse this instance
        return "", [ContentError(doc.path, doc.body_line,
                                 f"la mise en forme de ce texte dépasse {budget:g} secondes : il contient "
                                 "sans doute une construction pathologique (centaines de crochets « [ » "
                                 "ouverts, d’astérisques ou de balises imbriquées) ; simplifiez-le.")]
    problems = [ContentError(doc.path, line, message) for line, message in md.problems]
    return html, sorted(problems, key=lambda p: p.line)
