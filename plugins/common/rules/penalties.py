"""The fact base's rule on penalties (plugins/fact_base.py): « jusqu’à N ans » must name the highest
tier the fact base establishes for the article, and none heavier may be marked CHECK. Shared by
plugins/content_schema (`make check`) and the web editor's form (plugins/admin_cms/form_rules.py)."""
from __future__ import annotations

import bisect
import re

from plugins.fact_base import FactIndex

from .frontmatter import ContentError, Document

# « jusqu’à 5 ans », « jusqu'à 7 ans de prison »; the article: one in the sentence, else the last before.
_UP_TO = re.compile(r"jusqu['’]\s*(?:à|a)[ \u00a0\u202f]+(\d+)[ \u00a0\u202f]+ans?\b", re.I)
_ARTICLE_NUMBER = re.compile(r"(?<![\w-])(\d{2,3}(?:-\d{1,2}){1,2})(?![\w-])")


class _Articles:
    """The article a penalty belongs to: one named in its sentence (or line), else the last one
    before. Positions are indexed once: linear on long texts with many penalties."""

    def __init__(self, text: str):
        self.bounds = [m.start() for m in re.finditer(r"\. |\n", text)]
        found = [(m.start(), m.group(1)) for m in _ARTICLE_NUMBER.finditer(text)]
        self.starts = [start for start, _ in found]
        self.names = [name for _, name in found]

    def around(self, start: int, end: int) -> str | None:
        before = bisect.bisect_left(self.bounds, start)
        left = self.bounds[before - 1] + 1 if before else 0
        after = bisect.bisect_left(self.bounds, end)
        right = self.bounds[after] if after < len(self.bounds) else float("inf")
        first = bisect.bisect_left(self.starts, left)
        if first < len(self.starts) and self.starts[first] < right:
            return self.names[first]
        last = bisect.bisect_left(self.starts, start) - 1
        return self.names[last] if last >= 0 else None


def penalty_errors(doc: Document, facts: FactIndex) -> list[ContentError]:
    """« jusqu’à N ans » must name the highest tier the fact base gives for the article, and no
    heavier tier may be marked CHECK there (« jusqu’à » would state an unestablished maximum)."""
    errors = []
    texts = [(doc.line_of(("summary",)), doc.metadata.get("summary"), False), (doc.body_line, doc.body, True)]
    for first_line, text, is_body in texts:
        if not isinstance(text, str):
            continue
        articles, counted, newlines = None, 0, 0
        for match in _UP_TO.finditer(text):
            articles = articles or _Articles(text)
            article = articles.around(match.start(), match.end())
            highest = facts.highest_tier(article or "")
            if highest is None:
                continue
            newlines += text.count("\n", counted, match.start())
            counted = match.start()
            line = first_line + newlines if is_body else first_line
            years = int(match.group(1))
            if article in facts.uncertain:
                errors.append(ContentError(doc.path, line, f"« {match.group(0)} » (article {article}) : la base "
                                           "de faits marque CHECK une peine plus lourde pour cet article, donc "
                                           "« jusqu’à » annoncerait un maximum non établi ; donnez les peines "
                                           f"sans « jusqu’à » (par exemple « {years} ans dans certains cas »)."))
            elif years != highest:
                errors.append(ContentError(doc.path, line, f"« {match.group(0)} » (article {article}) : la peine "
                                           f"la plus lourde que donne la base de faits pour cet article est de "
                                           f"{highest} ans ; écrivez « jusqu’à {highest} ans », ou donnez les "
                                           "peines sans « jusqu’à »."))
    return errors
