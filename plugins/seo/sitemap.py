"""Pure core of sitemap.xml (the sitemaps.org format, as pelican-sitemap 1.2 wrote it).

The pages come from Pelican's `content_written` signal (plugins/seo/__init__.py); an index page
(a section's listing, /aide/…) is dated with the latest content date, not the build time, so two
builds of the same content give the same file.
"""
from __future__ import annotations

import re

XML_HEADER = """<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd"
xmlns:xhtml="http://www.w3.org/1999/xhtml"
xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
"""
XML_URL = """
<url>
<loc>{0}/{1}</loc>
<lastmod>{2}</lastmod>
<changefreq>{3}</changefreq>
<priority>{4}</priority>
</url>
"""
XML_FOOTER = """
</urlset>
"""
CHANGEFREQ_DEFAULTS = {"articles": "monthly", "pages": "monthly", "indexes": "daily"}
PRIORITY_DEFAULTS = {"articles": 0.5, "pages": 0.5, "indexes": 0.5}
CHANGEFREQ_VALUES = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
OPTIONS = ("format", "exclude", "priorities", "changefreqs")


def format_date(date) -> str:
    """2026-11-28T00:00:00+01:00 (W3C datetime; -00:00 for a date without time zone)."""
    if date.tzinfo:
        tz = date.strftime("%z")
        tz = tz[:-2] + ":" + tz[-2:]
    else:
        tz = "-00:00"
    return date.strftime("%Y-%m-%dT%H:%M:%S") + tz


def clean_url(url: str) -> str:
    """`fiches/emprise/index.html` -> `fiches/emprise/`."""
    return re.sub(r"(?:^|(?<=/))index.html$", "", url)


def config_problems(config) -> list[str]:
    """The mistakes of the SITEMAP setting, in French (the strict build fails on them)."""
    if not isinstance(config, dict):
        return ["le réglage SITEMAP doit être un dictionnaire"]
    problems = [f"clé « {key} » inconnue dans SITEMAP (possibles : {', '.join(OPTIONS)})"
                for key in config if key not in OPTIONS]
    for key, value in (config.get("changefreqs") or {}).items():
        if key not in CHANGEFREQ_DEFAULTS or value not in CHANGEFREQ_VALUES:
            problems.append(f"SITEMAP changefreqs : « {key}: {value} » invalide (types : "
                            f"{', '.join(CHANGEFREQ_DEFAULTS)} ; valeurs : {', '.join(sorted(CHANGEFREQ_VALUES))})")
    for key, value in (config.get("priorities") or {}).items():
        if key not in PRIORITY_DEFAULTS or not isinstance(value, float):
            problems.append(f"SITEMAP priorities : « {key}: {value!r} » invalide (un nombre décimal par type : "
                            f"{', '.join(PRIORITY_DEFAULTS)})")
    if config.get("format", "xml") != "xml":
        problems.append("SITEMAP format : seul « xml » est produit")
    if not all(isinstance(i, str) for i in config.get("exclude", ())):
        problems.append("SITEMAP exclude : une liste d’expressions régulières (textes)")
    return problems


def sitemap_xml(entries, siteurl: str, config: dict, fallback_date) -> str:
    """`entries`: (url relative to the site, kind "articles"/"pages"/"indexes", date or None, shown),
    `shown` false for a draft or a private page. Sorted by URL; SITEMAP's `exclude` patterns apply."""
    excluded = config.get("exclude", ())
    changefreqs = dict(CHANGEFREQ_DEFAULTS, **config.get("changefreqs", {}))
    priorities = dict(PRIORITY_DEFAULTS, **config.get("priorities", {}))
    kept = [(clean_url(url), kind, date) for url, kind, date, shown in entries
            if shown and not any(re.search(pattern, clean_url(url)) for pattern in excluded)]
    kept.sort(key=lambda entry: entry[0])
    out = [XML_HEADER]
    for url, kind, date in kept:
        out.append(XML_URL.format(siteurl, url, format_date(date or fallback_date), changefreqs[kind],
                                  priorities[kind]))
    out.append(XML_FOOTER)
    return "".join(out)
