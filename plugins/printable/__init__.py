"""Printable version of content pages: A4 tagged PDF (PDF/UA-1) rendered by WeasyPrint, cached.
The pure core is in ``core.py``; this module is the Pelican wiring.

When ``PRINTABLE_PDFS`` is true, every article of ``PRINTABLE_CATEGORIES`` (fiches, guides) gets
``<its folder>/<slug>.pdf`` (e.g. /fiches/emprise/emprise.pdf), rendered from the same content
right before its HTML page is written (``article_generator_write_article``: every plugin has
finished changing the content by then), and ``article.printable_download`` (shown by
``macros/download.html`` under the title). The core caches each PDF by the SHA-256 of its whole
input in ``BUILD_CACHE_DIR/printable``: an unchanged page is copied, not rendered again.
When ``PRINTABLE_PDFS`` is false: no PDF, no link.
"""
from __future__ import annotations

import html as html_lib
import logging
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from plugins.common import settings as typed
from plugins.common.dates import date_fr
from plugins.common.downloads import Download, download_detail

from . import core

logger = logging.getLogger(__name__)

DEFAULT_CATEGORIES = ("fiches", "prevention")
DEFAULT_LABELS = {"fiches": "Télécharger la fiche (PDF)", "prevention": "Télécharger le guide (PDF)"}
DEFAULT_LABEL = "Télécharger la page (PDF)"
DEFAULT_SITEURL = "https://www.miviludes.interieur.gouv.fr"


@dataclass(frozen=True)
class Printable:
    """Settings of plugins/printable (PRINTABLE_<FIELD>), defaults here only."""
    pdfs: bool = False                                  # write the printable PDFs (PDF=0: not)
    categories: tuple = DEFAULT_CATEGORIES              # sections whose articles get one
    labels: dict = field(default_factory=dict)          # section -> link text, over DEFAULT_LABELS
    font_dir: str | None = None                         # Marianne's folder (else Debian fonts)
    siteurl: str | None = DEFAULT_SITEURL               # printed address when SITEURL is relative
    site_name: str = core.DEFAULT_SITE_NAME

    @classmethod
    def read(cls, settings) -> Printable:
        return typed.read(cls, settings, "PRINTABLE")

# Counters of the current build (reset when Pelican starts): rendered vs copied from the cache.
STATS = {"rendered": 0, "cached": 0}


def _plain(text) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", str(text or ""))).split())


def date_text(article) -> str:
    """« Publié le 28 novembre 2026 · Mis à jour le 2 décembre 2026 »."""
    dates = getattr(article, "dates", None) or {}
    published = dates.get("published") or (date_fr(article.date) if getattr(article, "date", None) else "")
    updated = dates.get("updated")
    if updated is None:
        modified = article.metadata.get("updated")
        if modified is not None and getattr(article, "date", None) and modified.date() != article.date.date():
            updated = date_fr(modified)
    text = f"Publié le {published}" if published else ""
    if updated:
        text += f" · Mis à jour le {updated}"
    return text


def _field(entry, *names):
    for name in names:
        value = entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)
        if value not in (None, ""):
            return value
    return None


def _day(value):
    """A date for the PDF metadata: WeasyPrint refuses a time without a time zone."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def help_numbers_html(generator) -> str:
    """The « Besoin d’aide ? » numbers, as the site's help block shows them: the context variable
    ``HELP_NUMBERS`` (the contacts plugin may replace it with data), else the setting.
    Entries are read defensively (dicts or objects with display/number/tel and label/name)."""
    numbers = generator.context.get("HELP_NUMBERS") or generator.settings.get("HELP_NUMBERS") or []
    normalized = []
    for entry in numbers:
        display = _field(entry, "display", "number", "tel")
        label = _field(entry, "label", "description", "name")
        if display is not None and label is not None:
            normalized.append({"display": _plain(display), "label": _plain(label)})
    return core.help_numbers_html_from(normalized)


def printable_fragment(content) -> str:
    """The page body, then its « Textes de référence » and « Sources » (facts keep their source on
    paper too). Values from the front matter are plain text: escaped here."""
    esc = html_lib.escape
    parts = [content.content]
    refs = [str(r) for r in content.metadata.get("legal_refs") or []]
    if refs:
        parts.append("<h2>Textes de référence</h2>\n<ul>"
                     + "".join(f"<li>{esc(_plain(r))}</li>" for r in refs) + "</ul>")
    # `content.source_links`: as resolved by plugins/site_structure (a page of this site has its
    # `page_url`, printed at its public address); the front matter's list when that plugin is absent.
    links = getattr(content, "source_links", None)
    if isinstance(links, list):
        listed = [(link.title, link.url, link.page_url) for link in links]
    else:
        listed = [(s.get("title"), s.get("url"), None) for s in content.metadata.get("sources") or []
                  if isinstance(s, dict)]
    listed = [(title, url, page_url) for title, url, page_url in listed if title]
    if listed:
        items = []
        for title, url, page_url in listed:
            title = esc(_plain(title))
            url = str(url or "")
            if page_url:
                url = public_siteurl(content.settings) + "/" + str(page_url)
            items.append(f'<li><a href="{esc(url)}">{title}</a></li>' if url else f"<li>{title}</li>")
        parts.append("<h2>Sources</h2>\n<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


def public_siteurl(settings) -> str:
    """Absolute site URL printed in the PDF: SITEURL when absolute (publishconf), else
    PRINTABLE_SITEURL (development builds have a relative SITEURL)."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if urlsplit(siteurl).scheme in ("http", "https"):
        return siteurl
    return (Printable.read(settings).siteurl or DEFAULT_SITEURL).rstrip("/")


def write_printable(generator, content):
    settings = generator.settings
    wanted = Printable.read(settings)
    content.printable_download = None
    if not wanted.pdfs:
        return
    category = getattr(getattr(content, "category", None), "slug", None)
    if category not in wanted.categories:
        return
    folder = posixpath.dirname(content.save_as)
    relative = posixpath.join(folder, f"{content.slug}.pdf")
    out_path = Path(settings["OUTPUT_PATH"]) / relative
    font_dir = wanted.font_dir
    if font_dir and not Path(font_dir).is_dir():
        font_dir = None  # Liberation Sans / DejaVu Sans (Debian fonts) instead of Marianne
    updated = content.metadata.get("updated")
    try:
        result = core.render_printable_pdf(
            printable_fragment(content), title=_plain(content.title), date_text=date_text(content),
            source_url=f"{public_siteurl(settings)}/{content.url}",
            help_numbers_html=help_numbers_html(generator), lang=settings.get("DEFAULT_LANG", "fr"),
            out_path=out_path, cache_dir=Path(settings.get("BUILD_CACHE_DIR") or ".cache"),
            font_dir=font_dir, base_dir=Path(settings["PATH"]),
            site_name=wanted.site_name,
            created=_day(getattr(content, "date", None)), modified=_day(updated))
    except core.PrintableError as exc:
        logger.error("%s:%d: version imprimable (PDF) de la page « %s » (/%s) impossible : %s",
                     os.path.relpath(content.source_path, os.getcwd()), 1, _plain(content.title),
                     content.url, exc)
        return
    STATS["cached" if result.cached else "rendered"] += 1
    labels = {**DEFAULT_LABELS, **(wanted.labels or {})}
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    content.printable_download = Download(
        title=labels.get(category, DEFAULT_LABEL), href=f"{siteurl}/{relative}",
        detail=download_detail("PDF", out_path.stat().st_size, result.pages), local=True)


def _reset(_pelican):
    STATS.update(rendered=0, cached=0)


def _summary(_pelican):
    if STATS["rendered"] or STATS["cached"]:
        logger.info("Versions imprimables (PDF) : %d générée(s), %d reprise(s) du cache (.cache/printable).",
                    STATS["rendered"], STATS["cached"])


def register():
    signals.initialized.connect(_reset)
    signals.article_generator_write_article.connect(write_printable)
    signals.finalized.connect(_summary)
