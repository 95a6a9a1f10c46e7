"""Pure core: unfinished text in a content file: the sentences that `make new` writes in place of the
real text, example sources, and the usual placeholder words (TODO, lorem ipsum, « à compléter »).
A file still holding one is refused (French message on its line).
"""
from __future__ import annotations

import re
import unicodedata

from .frontmatter import ContentError, Document

# Sentences written by `make new` in place of the real text: a file still containing one of them is
# unfinished and cannot be published.
PLACEHOLDER_BODIES = {
    "fiches": "Rédigez ici le texte de la fiche.",
    "prevention": "Rédigez ici le texte du guide de prévention.",
    "rapports": "Rédigez ici la synthèse du rapport.",
    "pages": "Rédigez ici le texte de la page.",
}
PLACEHOLDER_SUMMARY = "Résumez ici la page en une ou deux phrases simples."
PLACEHOLDERS = tuple(PLACEHOLDER_BODIES.values()) + (PLACEHOLDER_SUMMARY,)
# The example source of `make new`'s template and of the messages: copied as is, it is not a source.
PLACEHOLDER_SOURCE_TITLE = "Titre de la source"
ELLIPSIS_URL = re.compile(r"…|\.\.\.")
# Words that mark an unfinished text (same list as tests/test_content_facts.py).
PLACEHOLDER_WORDS = re.compile(
    r"\bTODO\b|\bXXX\b|\bFIXME\b|lorem\s+ipsum|\b[AÀaà]\s+COMPL[EÉeé]TER\b", re.IGNORECASE)


def _normalize(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("'", "’").split())


_PLACEHOLDER_HINTS = ("todo", "xxx", "fixme", "lorem", "compl")


def _placeholder_word(text: str):
    """PLACEHOLDER_WORDS.search, after a cheap look for its words (the regex is slow on long texts)."""
    low = text.lower()
    if not any(hint in low for hint in _PLACEHOLDER_HINTS):
        return None
    return PLACEHOLDER_WORDS.search(text)


_NORMALIZED_PLACEHOLDERS = [(sentence, _normalize(sentence)) for sentence in PLACEHOLDERS]


def find_placeholders(doc: Document) -> list[ContentError]:
    """Unfinished text: the sentences of `make new` and the usual placeholder words."""
    errors = []
    body = _normalize(doc.body)
    for sentence, wanted in _NORMALIZED_PLACEHOLDERS:
        if wanted in body:
            raw_index = doc.body.find(sentence.split()[0] + " " + sentence.split()[1])
            line = doc.body_line_of(raw_index) if raw_index >= 0 else doc.body_line
            errors.append(ContentError(doc.path, line, f"texte provisoire « {sentence} » : remplacez cette "
                                       "phrase par le vrai texte avant de publier."))
    summary = doc.metadata.get("summary")
    if isinstance(summary, str) and _normalize(summary) in {_normalize(p) for p in PLACEHOLDERS}:
        errors.append(ContentError(doc.path, doc.line_of(("summary",)), f"résumé provisoire « {summary} » : "
                                   "écrivez dans « summary » une ou deux phrases simples qui résument "
                                   "la page."))
    for i, text in enumerate(doc.body.split("\n") if _placeholder_word(doc.body) else ()):
        match = PLACEHOLDER_WORDS.search(text)
        if match:
            errors.append(ContentError(doc.path, doc.body_line + i, f"marque de texte inachevé "
                                       f"« {match.group(0)} » : terminez le texte puis retirez cette marque."))
    errors += _placeholder_sources(doc)
    for name in ("title", "summary"):
        value = doc.metadata.get(name)
        if isinstance(value, str):
            match = _placeholder_word(value)
            if match:
                errors.append(ContentError(doc.path, doc.line_of((name,)), f"marque de texte inachevé "
                                           f"« {match.group(0)} » dans « {name} » : terminez le texte "
                                           "puis retirez cette marque."))
    return errors


def _placeholder_sources(doc: Document) -> list[ContentError]:
    """Example sources (« Titre de la source », https://…) left in `sources` or `attachments`."""
    errors = []
    for field in ("sources", "attachments"):
        items = doc.metadata.get(field)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            title, url = item.get("title"), item.get("url")
            if isinstance(title, str) and _normalize(title).lower() == PLACEHOLDER_SOURCE_TITLE.lower():
                errors.append(ContentError(doc.path, doc.line_of((field, index, "title")),
                                           f"« {field} » (élément n° {index + 1}) : « {title} » est le titre "
                                           "d’exemple ; écrivez le vrai titre de la page citée, ou retirez "
                                           "l’élément."))
            if isinstance(url, str) and ELLIPSIS_URL.search(url):
                errors.append(ContentError(doc.path, doc.line_of((field, index, "url")),
                                           f"« {field} » (élément n° {index + 1}) : « {url} » est une adresse "
                                           "d’exemple ; copiez l’adresse complète de la page citée depuis la "
                                           "barre d’adresse du navigateur, ou retirez l’élément."))
    return errors
