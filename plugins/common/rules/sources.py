"""The rules on a page's sources that need the fact base (plugins/fact_base.py): a source that is a
site's home page (or a folder above a page) where the fact base gives the precise page, and a home
page titled as if it were a specific page. Shared by plugins/content_schema (`make check`) and the
web editor's form (plugins/admin_cms/form_rules.py)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from plugins.fact_base import FactIndex

from .frontmatter import ContentError, Document
from .headings import plain

# What a title adds to a site's name when it names one of its pages: « Cour de cassation, rapport 2005 ».
_PAGE_TITLE = re.compile(r"[,:;(«\"–—]| - |\d")


def names_a_page(title: str) -> bool:
    """A source title that names a specific page, not just a site (« Egora ») or its home page
    (« Egora, page d’accueil du site (…) »)."""
    text = plain(title)
    return "accueil" not in text.lower() and bool(_PAGE_TITLE.search(text))


def _or_list(addresses) -> str:
    addresses = list(addresses)
    return addresses[0] if len(addresses) == 1 else "l’une de celles-ci : " + ", ".join(addresses)


def source_errors(doc: Document, facts: FactIndex | None = None) -> list[ContentError]:
    """A source that is a site's home page (or a folder above a page) where the fact base gives the
    precise page; a home page titled as if it were a specific page."""
    errors = []
    sources = doc.metadata.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        url = source.get("url") if isinstance(source, dict) else None
        if not isinstance(url, str):
            continue
        title = str(source.get("title", ""))
        line = doc.line_of(("sources", index, "url"))
        precise = facts.precise_pages(url) if facts is not None else ()
        if precise:
            errors.append(ContentError(doc.path, line, f"la source « {title} » renvoie à la page d’accueil "
                                       f"d’un site ({url}) alors que la base de faits donne l’adresse précise "
                                       f"de la page : remplacez-la par {_or_list(precise)}."))
        elif is_home_page(url) and names_a_page(title):
            errors.append(ContentError(doc.path, line, f"la source « {title} » renvoie à la page d’accueil "
                                       f"d’un site ({url}), mais son titre désigne une page précise : citez "
                                       "l’adresse de cette page, ou dites-le dans le titre (par exemple "
                                       f"« {title.split(',')[0].strip() or 'Nom du site'}, page d’accueil du site »)."))
    return errors


def is_home_page(url: str) -> bool:
    """An address that names a site, not a page: https://service-public.fr or …/ ."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query and not parts.fragment
