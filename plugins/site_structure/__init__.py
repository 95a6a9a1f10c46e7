"""Derived display values for every content object: type, template, breadcrumbs, dates, edit link.

Templates only display what is set here (see docs/architecture.md).
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pelican import signals
from pelican.utils import slugify

from plugins.common import settings as typed
from plugins.common.data import read_taxonomies, taxonomies_path
from plugins.common.record import record_of

from . import core

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteStructure:
    """Settings of plugins/site_structure (their own names; SECTIONS is Pelican's wiring, read as is)."""
    repo_edit_url: str = ""      # forge address of the content files (« Modifier cette page »)
    home_latest_count: int = 6   # latest updates on the home page

    @classmethod
    def read(cls, settings) -> SiteStructure:
        return typed.read(cls, settings, "")


def _section_for(content, sections):
    category = getattr(content, "category", None)
    return sections.get(category.slug) if category is not None else None


def decorate(content):
    settings = content.settings
    sections = settings.get("SECTIONS", {})
    section = _section_for(content, sections)
    if section is not None:
        content.content_type = section["type"]
        content.type_label = section["singular"]
        if "template" not in content.metadata:
            content.template = section["template"]
        section_url = "/" + content.category.url
    else:
        content.content_type = "page"
        content.type_label = "Page"
        section_url = None
    content.breadcrumbs = core.breadcrumbs(section, section_url, content.title)
    content.dates = core.dates_block(getattr(content, "date", None), content.metadata.get("updated"),
                                     content.metadata.get("review_by"))
    rel = os.path.relpath(content.source_path, os.getcwd())
    content.edit_url = core.edit_url(SiteStructure.read(settings).repo_edit_url or "", rel)
    content.summary_text = str(content.metadata.get("summary", ""))


_SLUG_LINE = re.compile(r"^slug:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.M)


def failed_slugs(generators, settings) -> set[str]:
    """Slugs of the content files that failed to read: their own message says why, so a page that
    cites one of them in `related` gets no second message (one mistake, one message)."""
    root = Path(settings.get("PATH", "content"))
    slugs = set()
    for gen in generators:
        for key, value in (gen.context.get("generated_content") or {}).items():
            if value is not None:
                continue
            path = root / key
            slugs.add(slugify(path.stem, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
            try:  # its own `slug:` line, if any: a bounded read, never through a symlink
                if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
                    continue
                with open(path, "rb") as fh:
                    head = fh.read(20_000).decode("utf-8", errors="replace")
            except OSError:
                continue
            slugs.update(_SLUG_LINE.findall(head))
    return slugs


def _resolve(slug, field, where, line, by_slug, drafts, unreadable):
    """The published page of `slug`, cited in `field` of the file `where` at `line`; None (and the
    message, unless that page's own file is in error) when it is not published."""
    other = by_slug.get(slug)
    if other is not None:
        return other
    if slug in unreadable:
        return None  # that file is in error: its own message is the only one
    logger.error("%s:%d: %s", where, line, core.unresolved_message(field, slug, slug in drafts))
    return None


def _source_links(item, where, by_slug, drafts, unreadable) -> list[core.SourceLink]:
    """The resolved `sources`: an external address as written, a page of this site (`page: slug`,
    checked like `related`) by its address; lines from the page's record."""
    sources = item.metadata.get("sources") or []
    record = record_of(item)
    out = []
    for index, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        if "page" not in source:
            out.append(core.SourceLink(str(source.get("title", "")), str(source.get("url") or "")))
            continue
        line = record.line_of(("sources", index, "page"))
        field = f"« sources » (élément n° {index + 1}, champ « page »)"
        slug = str(source["page"])
        if slug == item.slug:
            logger.error("%s:%d: %s cite la page elle-même : une page ne peut pas être sa propre source ; "
                         "citez le document d’où viennent ses faits (« url: » suivi de son adresse).",
                         where, line, field)
            continue
        other = _resolve(slug, field, where, line, by_slug, drafts, unreadable)
        if other is not None:
            out.append(core.SourceLink(str(source.get("title", "")), page_url=other.url))
    return out


def _settings_line(name: str) -> tuple[str, int]:
    """Where a setting is defined, for error messages (pelicanconf.py:line)."""
    conf = Path(os.getcwd()) / "pelicanconf.py"
    try:
        for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(name):
                return "pelicanconf.py", number
    except OSError:
        pass
    return "pelicanconf.py", 1


PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"


def home_sources(settings, by_slug, drafts, unreadable, strict: bool | None = None) -> list[dict]:
    """HOME_SOURCES (pelicanconf.py), the home page's « Sources » block, written like a page's
    `sources`: {title, url} for an address published elsewhere (http(s) only, re-serialized), or
    {title, page: slug} for a page of this site, checked like `related` (exists, published) and
    shown as {title, page_url}. The setting names pages of the project's content: a build of
    another content folder (a test's fixture) leaves out those it does not have, silently, unless
    `strict`."""
    if strict is None:
        strict = Path(str(settings.get("PATH", ""))).resolve() == PROJECT_CONTENT.resolve()
    where, line = _settings_line("HOME_SOURCES")
    out = []
    for index, source in enumerate(settings.get("HOME_SOURCES") or []):
        name = f"HOME_SOURCES (élément n° {index + 1}"
        if (not isinstance(source, dict) or not str(source.get("title") or "").strip()
                or ("url" in source) == ("page" in source) or set(source) - {"title", "url", "page"}):
            logger.error("%s:%d: %s) doit avoir « title » et soit « url », soit « page » — écrivez "
                         "{\"title\": …, \"url\": \"https://…\"} pour une source publiée ailleurs, ou "
                         "{\"title\": …, \"page\": \"slug\"} pour une page de ce site.", where, line, name)
            continue
        title = str(source["title"])
        if "url" in source:
            parts = urlsplit(str(source["url"]).strip())
            if parts.scheme not in ("http", "https") or not parts.hostname:
                logger.error("%s:%d: %s, champ « url ») n’est pas une adresse http(s) — écrivez l’adresse "
                             "complète de la source (https://…).", where, line, name)
                continue
            out.append({"title": title, "url": urlunsplit(parts)})
            continue
        if not strict and str(source["page"]) not in by_slug:
            continue
        other = _resolve(str(source["page"]), f"{name}, champ « page »)", where, line, by_slug, drafts, unreadable)
        if other is not None:
            out.append({"title": title, "page_url": other.url})
    return out


def finalize(generators):
    """Once every article and page is known: labels, related links, site map, latest updates."""
    articles, pages, drafts, context, settings = [], [], {}, None, None
    for gen in generators:
        articles += list(getattr(gen, "articles", []))
        pages += list(getattr(gen, "pages", []))
        for name in ("drafts", "draft_pages"):
            drafts.update({item.slug: item for item in getattr(gen, name, []) or []})
        context, settings = gen.context, gen.settings
    if settings is None:
        return
    taxonomies = read_taxonomies(taxonomies_path(settings))
    items = articles + pages
    by_slug = {item.slug: item for item in items}
    unreadable = failed_slugs(generators, settings)
    for item in items:
        decorate(item)
        item.theme_labels = [taxonomies.get("themes", {}).get(t, t) for t in item.metadata.get("themes", []) or []]
        item.audience_labels = [taxonomies.get("audiences", {}).get(a, a)
                                for a in item.metadata.get("audiences", []) or []]
        where = os.path.relpath(item.source_path, os.getcwd())
        related_line = record_of(item).line_of(("related",))
        related = []
        for slug in item.metadata.get("related", []) or []:
            other = _resolve(str(slug), "« related »", where, related_line, by_slug, drafts, unreadable)
            if other is not None:
                related.append(other)
        item.related_items = related
        item.source_links = _source_links(item, where, by_slug, drafts, unreadable)
    sections = settings.get("SECTIONS", {})
    context["SITE_MAP"] = core.site_map(sections, articles, pages)
    context["latest_updates"] = core.latest(articles, SiteStructure.read(settings).home_latest_count)
    context["home_sources"] = home_sources(settings, by_slug, drafts, unreadable)


def add_globals(generator):
    sections = generator.settings.get("SECTIONS", {})
    generator.context["SECTIONS"] = sections
    generator.env.filters.setdefault("date_fr", core.date_fr)


def register():
    signals.all_generators_finalized.connect(finalize)
    signals.generator_init.connect(add_globals)
