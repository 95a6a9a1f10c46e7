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
import re
import signal
import threading

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


MAX_NESTING = 20  # lists and quotes inside one another (editors need 3 or 4)
MAX_BRACKETS = 1000  # « [ » in one paragraph: link parsing is quadratic in their number
TIME_BUDGET_S = 5.0  # per file; the largest real page takes well under 0.1 s
_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*")


def nesting_problem(doc: Document) -> ContentError | None:
    """The first line whose list/quote prefix is nested deeper than MAX_NESTING (one level per
    marker, or per four columns of indentation), or the first paragraph with more than
    MAX_BRACKETS « [ »."""
    brackets, start = 0, 0
    for index, line in enumerate(doc.body.split("\n")):
        if not line.strip():
            brackets, start = 0, index + 1
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            return ContentError(doc.path, doc.body_line + start,
                                f"plus de {MAX_BRACKETS} crochets « [ » dans un même paragraphe : "
                                "coupez-le en plusieurs paragraphes ou retirez les crochets en trop.")
        prefix = _PREFIX.match(line).group(0)
        if len(prefix) < MAX_NESTING:
            continue
        markers = len(re.findall(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])", prefix))
        width = len(prefix.expandtabs(4)) - markers
        if markers + width // 4 > MAX_NESTING:
            return ContentError(doc.path, doc.body_line + index,
                                f"listes ou citations imbriquées sur plus de {MAX_NESTING} niveaux : "
                                "simplifiez la structure (quelques niveaux suffisent), ou retirez "
                                "l’indentation de cette ligne si ce n’est pas une liste.")
    return None


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
