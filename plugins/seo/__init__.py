"""Search engines and link previews: canonical URL, Open Graph, JSON-LD, robots.txt, stable sitemap.

Python computes (`seo_head()` Jinja global, below), theme/templates/partials/seo_head.html displays.
Settings: SEO_ORGANIZATION (facts about the Miviludes, from ../shared/facts.md), SEO_SITEMAP
(path announced in robots.txt: set it where the sitemap plugin is enabled), SEO_NOINDEX (a preview:
`noindex` on every page, robots.txt disallows everything), FEED_ALL_ATOM / FEED_DOMAIN
(Pelican's own feed settings: the feed is announced in every page when it is built).
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page

from . import core

logger = logging.getLogger(__name__)


def _iso(value) -> str | None:
    return value.date().isoformat() if value is not None and hasattr(value, "date") else None


def make_seo_head(settings):
    siteurl = settings.get("SITEURL", "")
    sitename = settings.get("SITENAME", "")
    tagline = settings.get("SITE_TAGLINE", "")
    org = settings.get("SEO_ORGANIZATION", {})
    feed = settings.get("FEED_ALL_ATOM")
    feed_domain = settings.get("FEED_DOMAIN", siteurl) or siteurl
    noindex = bool(settings.get("SEO_NOINDEX"))  # a pull request's preview: kept out of search engines

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


def stable_sitemap_dates(generators):
    """pelican-sitemap dates index pages with the build time: use the latest content date instead."""
    try:
        from pelican.plugins.sitemap import sitemap as sitemap_module
    except ImportError:
        return
    dates = []
    for gen in generators:
        for item in list(getattr(gen, "articles", [])) + list(getattr(gen, "pages", [])):
            dates.append(getattr(item, "modified", None) or item.date)
    dates = [d for d in dates if d is not None]
    if dates and hasattr(sitemap_module, "generator"):
        sitemap_module.generator.now = max(dates, key=lambda d: (d.replace(tzinfo=None), str(d.tzinfo)))


def write_robots(pelican):
    settings = pelican.settings
    sitemap = settings.get("SEO_SITEMAP")
    text = core.robots_txt(settings.get("SITEURL", ""), sitemap, settings.get("SEO_ROBOTS_DISALLOW", ()),
                           noindex=bool(settings.get("SEO_NOINDEX")))
    (Path(pelican.output_path) / "robots.txt").write_text(text, encoding="utf-8")


def register():
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(stable_sitemap_dates)
    signals.finalized.connect(write_robots)
