"""The ``attachments:`` entry, part of the front-matter contract (schema.py): its JSON Schema and
its French messages.

Every rule that does not need the file lives here, so `make check`, the build and the web editor
read one rule book: one title, exactly one of ``file`` (a ``.pdf`` under content/pdfs/, written
from content/) or ``url`` (an address the URL module accepts, http:// included: some official
documents are only published there), a known two-letter ``lang``, a declared ``size`` (« 2,3 Mo »)
and ``pages`` (a positive integer). What needs the file (it exists, it is a readable unencrypted
PDF, declared size and pages match it) is checked by plugins/pdf_links when the page is built.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from plugins.common.downloads import LANG_NAMES_FR, PDFS_DIR, parse_declared_pages, parse_declared_size
from plugins.escaping.urls import url_problem

# A declared size: a number (decimal comma), then ko, Mo or Go; never zero (parse_declared_size).
SIZE_PATTERN = r"^\s*(?!0+(?:,0+)?\s*(?:ko|Mo|Go)\s*$)\d+(?:,\d+)?\s*(?:ko|Mo|Go)\s*$"
# A site PDF, written from content/: pdfs/…/name.pdf, never climbing out with « .. ».
FILE_PATTERN = (r"^\s*" + PDFS_DIR + r"[/\\](?![\s\S]*(?:^|[/\\])\.\.(?:[/\\]|\s*$))"
                r"(?:[^/\\]+[/\\])*[^/\\]+\.[pP][dD][fF]\s*$")
LANG_PATTERN = r"^[a-z]{2}$"

ITEM_SCHEMA = {
    "type": "object", "required": ["title"], "additionalProperties": False,
    "properties": {
        "title": None,  # the site's text rule, filled in by schema.py
        "file": {"type": "string", "pattern": FILE_PATTERN},
        "url": {"type": "string"},  # checked and re-serialized by plugins/escaping/urls.py
        "lang": {"type": "string", "pattern": LANG_PATTERN, "enum": sorted(LANG_NAMES_FR)},
        "size": {"type": "string", "pattern": SIZE_PATTERN},
        "pages": {"type": "integer", "minimum": 1},
    },
    "oneOf": [{"required": ["file"]}, {"required": ["url"]}],
}


def item_schema(text_rule: dict) -> dict:
    """The JSON Schema of one entry, its title following the site's rule for texts."""
    return {**ITEM_SCHEMA, "properties": {**ITEM_SCHEMA["properties"], "title": text_rule}}


def file_message(raw) -> str:
    """Why ``file:`` is refused, and how to write it."""
    if not isinstance(raw, str) or not raw.strip():
        return ("file vide : indiquez le chemin du PDF depuis content/, par exemple "
                "file: pdfs/rapport-2021.pdf.")
    if re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I):
        return f"file « {raw} » est une adresse web : pour un PDF d’un autre site, écrivez url: à la place de file:."
    cleaned = raw.strip().replace("\\", "/")
    posix = PurePosixPath(cleaned)
    if cleaned.startswith(("content/", "/")) and ".." not in posix.parts:
        fixed = cleaned.lstrip("/")
        fixed = fixed[len("content/"):] if fixed.startswith("content/") else fixed
        return f"file « {raw} » : le chemin se lit depuis le dossier content/, écrivez file: {fixed}."
    if posix.is_absolute() or ".." in posix.parts:
        return (f"file « {raw} » : le chemin part du dossier content/ et ne remonte pas (pas de « .. ») ; "
                f"placez le PDF dans content/pdfs/ et écrivez file: pdfs/{posix.name}.")
    if not posix.parts or posix.parts[0] != PDFS_DIR:
        return (f"file « {raw} » : les PDF du site doivent être rangés dans content/pdfs/ ; déplacez le "
                f"fichier et écrivez file: pdfs/{posix.name}.")
    return f"file « {raw} » n’est pas un fichier .pdf : seuls les PDF sont acceptés ici."


def url_message(url) -> str:
    """Why ``url:`` is refused ("" when the URL module accepts it)."""
    if not isinstance(url, str) or not url.strip():
        return "url vide : indiquez l’adresse complète du PDF, en https://."
    if url != url.strip() or any(c.isspace() for c in url):
        return (f"url « {url} » invalide : elle contient des espaces ; copiez l’adresse exacte depuis la "
                "barre d’adresse (les espaces s’écrivent %20).")
    if not re.match(r"^https?://[^/?#]", url, re.I):
        return (f"url « {url} » invalide : écrivez une adresse complète commençant par https:// (pour un "
                "PDF du site, utilisez file: pdfs/nom.pdf).")
    problem = url_problem(url, allow_http=True)
    return f"url « {url} » invalide : {problem}" if problem else ""


def lang_message(lang) -> str:
    if isinstance(lang, str) and re.fullmatch(LANG_PATTERN, lang):
        return f"langue « {lang} » inconnue : codes possibles : {', '.join(sorted(LANG_NAMES_FR))}."
    fixed = lang.strip().lower() if isinstance(lang, str) else None
    if fixed and re.fullmatch(LANG_PATTERN, fixed):
        return f"langue « {lang} » invalide : le code s’écrit en minuscules, écrivez lang: {fixed}."
    return (f"langue « {lang} » invalide : écrivez le code à deux lettres minuscules de la langue du "
            "document, par exemple lang: en (anglais).")


def _parser_message(parse, value) -> str:
    try:
        parse(value)
    except ValueError as exc:
        return str(exc)
    return ""


FIELD_MESSAGES = {
    "file": file_message,
    "url": url_message,
    "lang": lang_message,
    "size": lambda value: _parser_message(parse_declared_size, value),
    "pages": lambda value: _parser_message(parse_declared_pages, value),
}


def messages(kind: str, path: tuple, value, where) -> list[tuple[tuple, str]] | None:
    """French message(s) for one schema error inside ``attachments`` ([(path, message)]), or None to
    let the contract's general messages speak (missing title, unknown field, not a block).

    ``where(path)`` names the entry (« « attachments » (élément n° 2) »)."""
    if len(path) == 2 and kind == "oneOf" and not isinstance(value, dict):
        return []  # not a block of fields: the type error says it
    if len(path) == 2 and kind == "oneOf":
        if "file" in value and "url" in value:
            text = ("indiquez soit file (PDF du site, dans content/pdfs/) soit url (PDF d’un autre site), "
                    "pas les deux : supprimez l’une des deux lignes.")
        else:
            text = ("le document n’a ni file ni url : ajoutez file: pdfs/nom-du-fichier.pdf (PDF placé dans "
                    "content/pdfs/) ou url: https://… (PDF d’un autre site).")
        return [(path, f"{where(path)} : {text}")]
    if len(path) == 3 and path[2] in FIELD_MESSAGES:
        text = FIELD_MESSAGES[path[2]](value)
        return [(path, f"{where(path[:2])} : {text}")] if text else []
    return None
