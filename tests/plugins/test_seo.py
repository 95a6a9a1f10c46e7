"""plugins/seo: pure helpers (canonical paths, JSON-LD, robots.txt)."""
from __future__ import annotations

import json

from plugins.seo import core


def test_page_path_drops_index_html():
    assert core.page_path("index.html") == "/"
    assert core.page_path("fiches/emprise/index.html") == "/fiches/emprise/"
    assert core.page_path("404.html") == "/404.html"


def test_absolute_urls():
    assert core.absolute("https://x.gouv.fr", "/fiches/") == "https://x.gouv.fr/fiches/"
    assert core.absolute("https://x.gouv.fr/", "fiches/") == "https://x.gouv.fr/fiches/"
    assert core.absolute("", "/aide/") == "/aide/"
    assert core.absolute("https://x.gouv.fr", "https://y.org/a") == "https://y.org/a"


def test_json_for_a_script_element_cannot_close_it():
    text = core.json_script({"name": "</script><script>alert(1)</script>", "x": "<!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_organization_and_website_reference_each_other():
    org = core.organization("https://x.gouv.fr", {"name": "Mission", "alternateName": "M",
                                                   "parentOrganization": "Ministère"})
    site = core.website("https://x.gouv.fr", "M", "Slogan")
    assert site["publisher"]["@id"] == org["@id"] == "https://x.gouv.fr/#organisation"
    assert org["parentOrganization"] == {"@type": "GovernmentOrganization", "name": "Ministère"}


def test_content_page_has_dates_and_breadcrumb():
    graph = core.content_page("https://x.gouv.fr", "https://x.gouv.fr/fiches/a/", kind="article", title="A",
                              description="D", published="2026-01-02", modified="2026-03-04",
                              crumbs=[("Accueil", "/"), ("Fiches", "/fiches/"), ("A", None)])
    article, crumbs = graph
    assert article["@type"] == "Article" and article["dateModified"] == "2026-03-04"
    assert [i["item"] for i in crumbs["itemListElement"]] == [
        "https://x.gouv.fr/", "https://x.gouv.fr/fiches/", "https://x.gouv.fr/fiches/a/"]


def test_robots_txt_announces_the_sitemap_only_with_an_absolute_address():
    assert "Sitemap: https://x.gouv.fr/sitemap.xml" in core.robots_txt("https://x.gouv.fr", "sitemap.xml")
    assert "Sitemap" not in core.robots_txt("", "sitemap.xml")
    assert core.robots_txt("https://x.gouv.fr", None) == "User-agent: *\nAllow: /\n"


def test_robots_txt_under_a_sub_path_and_for_a_preview():
    assert core.robots_txt("https://h.org/apercu/pr-12/", None) == "User-agent: *\nAllow: /apercu/pr-12/\n"
    preview = core.robots_txt("https://h.org/apercu/pr-12", "sitemap.xml", noindex=True)
    assert preview == "User-agent: *\nDisallow: /apercu/pr-12/\n"  # no sitemap announced for a preview
    assert core.robots_txt("", None, noindex=True) == "User-agent: *\nDisallow: /\n"


def test_breadcrumb_and_canonical_keep_the_sub_path():
    graph = core.content_page("https://h.org/apercu/pr-12", "https://h.org/apercu/pr-12/fiches/a/", kind="article",
                              title="A", description="D", published=None, modified=None,
                              crumbs=[("Accueil", "/"), ("Fiches", "/fiches/"), ("A", None)])
    assert [i["item"] for i in graph[1]["itemListElement"]] == [
        "https://h.org/apercu/pr-12/", "https://h.org/apercu/pr-12/fiches/", "https://h.org/apercu/pr-12/fiches/a/"]
    assert graph[0]["isPartOf"]["@id"] == "https://h.org/apercu/pr-12/#site"


# ---------------------------------------------------------------- sitemap.xml (plugins/seo/sitemap.py)

def test_sitemap_lists_shown_pages_sorted_with_their_dates_and_index_pages_with_the_fallback():
    import datetime as dt

    from plugins.seo import sitemap
    fallback = dt.datetime(2026, 11, 28, 10, 0)
    entries = [("prevention/familles/index.html", "articles", dt.datetime(2026, 1, 2), True),
               ("aide/index.html", "indexes", None, True),
               ("brouillon/", "pages", dt.datetime(2026, 1, 3), False),
               ("404.html", "indexes", None, True)]
    xml = sitemap.sitemap_xml(entries, "https://x.gouv.fr", {"exclude": [r"^404\.html$"],
                                                              "changefreqs": {"indexes": "weekly"}}, fallback)
    assert xml.startswith(sitemap.XML_HEADER) and xml.endswith(sitemap.XML_FOOTER)
    locs = [line for line in xml.splitlines() if line.startswith("<loc>")]
    assert locs == ["<loc>https://x.gouv.fr/aide/</loc>", "<loc>https://x.gouv.fr/prevention/familles/</loc>"]
    assert "<lastmod>2026-11-28T10:00:00-00:00</lastmod>\n<changefreq>weekly</changefreq>" in xml
    assert "<lastmod>2026-01-02T00:00:00-00:00</lastmod>\n<changefreq>monthly</changefreq>" in xml


def test_sitemap_settings_mistakes_are_said_in_french():
    from plugins.seo import sitemap
    assert sitemap.config_problems({"exclude": [], "changefreqs": {"articles": "monthly"}}) == []
    problems = sitemap.config_problems({"exlude": [], "changefreqs": {"articles": "souvent"},
                                        "priorities": {"pages": 1}})
    assert len(problems) == 3 and "« exlude » inconnue" in problems[0]


def test_seo_settings_are_one_dataclass_with_its_defaults():
    from plugins.seo import Seo
    assert Seo.read({}) == Seo()
    seo = Seo.read({"SEO_SITEMAP": "sitemap.xml", "SEO_NOINDEX": True, "SEO_ROBOTS_DISALLOW": ["/admin/"]})
    assert (seo.sitemap, seo.noindex, seo.robots_disallow, seo.organization) == ("sitemap.xml", True, ["/admin/"], {})
