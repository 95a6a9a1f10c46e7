"""The Markdown headings of a body (outside fenced code) and the rule on the headings the page template
writes itself from the front matter: shared by plugins/content_schema (`make check`) and the web
editor's form (plugins/admin_cms/form_rules.py)."""
from __future__ import annotations

import re
import unicodedata

from .frontmatter import ContentError, Document

# Headings the templates write themselves from the front matter -> the field that fills them.
TEMPLATE_HEADINGS = {
    "en bref": "summary",
    "ou s'adresser": "contacts",
    "textes de reference": "legal_refs",
    "telecharger": "attachments",
    "voir aussi": "related",
    "sources": "sources",
}

_HEADING = re.compile(r"^(#{1,6})[ \t\u00a0\u202f]*(.+?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


def plain(text: str) -> str:
    """Text as typed on a keyboard: straight apostrophes and quotes, ordinary single spaces."""
    text = (text.replace("\u2019", "'").replace("\u2018", "'").replace("«", '"').replace("»", '"')
            .replace("\u201c", '"').replace("\u201d", '"'))
    text = re.sub(r"[\s\u00a0\u202f\u2007]+", " ", text).strip()
    return re.sub(r" ([?!:;])", r"\1", text)


def _fold(text: str) -> str:
    """Comparison key of a heading: plain, lower case, no accents, no final punctuation."""
    text = unicodedata.normalize("NFKD", plain(text).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.rstrip(" ?!.:;")


def headings(doc: Document) -> list[tuple[int, int, str]]:
    """(file line, level, text) of the Markdown headings of the body, outside code blocks."""
    found, fence = [], None
    for offset, line in enumerate(doc.body.split("\n")):
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence:
            continue
        match = _HEADING.match(line)
        if match and match.group(2).strip():
            found.append((doc.body_line + offset, len(match.group(1)), match.group(2).strip()))
    return found


def template_heading_errors(doc: Document) -> list[ContentError]:
    """A heading of the body that the page template adds itself from a front-matter field."""
    errors = []
    for line, _level, text in headings(doc):
        field = TEMPLATE_HEADINGS.get(_fold(text))
        if field:
            errors.append(ContentError(doc.path, line, f"l’intertitre « {text} » est ajouté par le site "
                                       f"à partir du champ « {field} » de l’en-tête : retirez cet intertitre "
                                       f"du texte et mettez son contenu dans « {field} »."))
    return errors
