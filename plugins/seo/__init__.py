"""Search engines and link previews: canonical URL, Open Graph, JSON-LD, robots.txt, sitemap.xml.

Python computes (`seo_head()` Jinja global, below), theme/templates/partials/seo_head.html displays.
Settings: the dataclass `Seo` below (SEO_…); FEED_ALL_ATOM / FEED_DOMAIN (Pelican's own feed
settings: the feed is announced in every page when it is built) and SITEMAP (pelican-sitemap's
options: exclude, changefreqs, priorities). The sitemap (sitemap.py) is written here, from the
pages Pelican writes (`content_written`), index pages dated with the latest content date.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.request import pathname2url

from pelican import signals
from pelican.contents import Article, Page

from plugins.common import settings as typed

from . import core, sitemap

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seo:
    """Settings of plugins/seo (SEO_<FIELD>)."""
    organization: dict = field(default_factory=dict)  # facts about the Miviludes (../shared/facts.md)
    sitemap: str | None = None           # sitemap written and announced in robots.txt (publishconf.py)
    noindex: bool = False                # a preview: `noindex` on every page, robots.txt disallows all
    robots_disallow: tuple = ()          # paths robots.txt keeps crawlers out of

    @classmethod
    def read(cls, settings) -> Seo:
        return typed.read(cls, settings, "SEO")


def _iso(value) -> str | None:
    return value.date().isoformat() if value is not None and hasattr(value, "date") else None


def make_seo_head(settings):
    siteurl = settings.get("SITEURL", "")
    sitename = settings.get("SITENAME", "")
    tagline = settings.get("SITE_TAGLINE", "")
    seo = Seo.read(settings)
    org = seo.organization
    feed = settings.get("FEED_ALL_ATOM")
    feed_domain = settings.get("FEED_DOMAIN", siteurl) or siteurl
    noindex = bool(seo.noindex)  # a pull request's preview: kept out of search engines

    def seo_head(output_file: str, obj=None, title: str = "", description: str = "") -> dict:
        path = core.page_path(output_file or "")
        canonical = core.absolute(siteurl, path)
        title, description = " ".join(str(title).split()), " ".join(str(description).split())
        head = {"canonical": canonical, "robots": "noindex" if noindex else None, "og": [], "json_ld": None,
                "feed": None}
        if feed:
            head["feed"] = {"href": core.absolute(feed_domain, feed),
                            "title": f"{sitename} : nouveautés et mises à jour"}
        if path.endswith("404.html"):
            head.update(canonical=None, robots="noindex")
            return head
        is_article = isinstance(obj, Article)
        head["og"] = [("og:type", "article" if is_article else "website"), ("og:url", canonical),
                      ("og:site_name", sitename), ("og:locale", "fr_FR"), ("og:title", title),
                      ("og:description", description)]
        if isinstance(obj, (Article, Page)):
            published = _iso(getattr(obj, "date", None))
            modified = _iso(getattr(obj, "modified", None)) or published
            if is_article:
                head["og"] += [("article:published_time", published), ("article:modified_time", modified)]
            items = core.content_page(siteurl, canonical, kind="article" if is_article else "page",
                                      title=str(obj.title), description=description, published=published,
                                      modified=modified, crumbs=getattr(obj, "breadcrumbs", None))
        elif path == "/":
            items = [core.website(siteurl, sitename, tagline), core.organization(siteurl, org)]
        else:
            items = [{"@type": "CollectionPage", "@id": canonical + "#contenu", "url": canonical, "name": title,
                      "description": description, "inLanguage": "fr-FR",
                      "isPartOf": {"@id": core.absolute(siteurl, "/#site")}}]
        head["og"] = [(k, v) for k, v in head["og"] if v]
        head["json_ld"] = core.json_script(core.graph(items))
        return head
    return seo_head


def add_globals(generator):
    generator.env.globals["seo_head"] = make_seo_head(generator.settings)


_SITEMAP: dict = {"pages": [], "date": None}  # the current build's written pages


def start_sitemap(pelican) -> None:
    _SITEMAP.update(pages=[], date=None)


def latest_content_date(generators) -> None:
    """all_generators_finalized: the date of index pages in the sitemap (not the build time)."""
    dates = []
    for gen in generators:
        for item in list(getattr(gen, "articles", [])) + list(getattr(gen, "pages", [])):
            dates.append(getattr(item, "modified", None) or item.date)
    dates = [d for d in dates if d is not None]
    if dates:
        _SITEMAP["date"] = max(dates, key=lambda d: (d.replace(tzinfo=None), str(d.tzinfo)))


def queue_page(path, context) -> None:
    """content_written: every page Pelican writes (with its article or page, if any)."""
    _SITEMAP["pages"].append((path, context.get("article") or context.get("page")))


def write_sitemap(pelican) -> None:
    name = Seo.read(pelican.settings).sitemap
    if not name:
        return
    config = pelican.settings.get("SITEMAP") or {}
    problems = sitemap.config_problems(config)
    for problem in problems:
        logger.error("pelicanconf.py:1: %s", problem)
    if problems:
        return
    output = pelican.output_path
    entries = []
    for path, obj in _SITEMAP["pages"]:
        url = obj.url if obj else pathname2url(os.path.relpath(path, output))
        kind = "articles" if isinstance(obj, Article) else "pages" if isinstance(obj, Page) else "indexes"
        shown = getattr(obj, "private", "") != "True" and getattr(obj, "status", "published") == "published"
        date = (getattr(obj, "modified", None) or getattr(obj, "date", None)) if obj else None
        entries.append((url, kind, date, shown))
    text = sitemap.sitemap_xml(entries, pelican.settings.get("SITEURL", ""), config,
                               _SITEMAP["date"] or datetime.now())
    (Path(output) / name).write_text(text, encoding="utf-8")


def write_robots(pelican):
    settings = pelican.settings
    seo = Seo.read(settings)
    text = core.robots_txt(settings.get("SITEURL", ""), seo.sitemap, seo.robots_disallow,
                           noindex=bool(seo.noindex))
    (Path(pelican.output_path) / "robots.txt").write_text(text, encoding="utf-8")


def register():
    signals.generator_init.connect(add_globals)
    signals.initialized.connect(start_sitemap)
    signals.all_generators_finalized.connect(latest_content_date)
    signals.content_written.connect(queue_page)
    signals.finalized.connect(write_robots)
    signals.finalized.connect(write_sitemap)
