"""The nesting limits of a body, checked before its Markdown conversion (plugins/content_schema/render.py)
and by the web editor's form: python-markdown has quadratic corners (lists and quotes nested very deep,
hundreds of « [ » in one paragraph)."""
from __future__ import annotations

import re

from .frontmatter import ContentError, Document

MAX_NESTING = 20  # lists and quotes inside one another (editors need 3 or 4)
MAX_BRACKETS = 1000  # « [ » in one paragraph: link parsing is quadratic in their number
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
