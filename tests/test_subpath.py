"""The site works under a sub-path (a pull request's preview, `…/apercu/pr-12`): no file of the output
names a URL of the site outside SITEURL. Fast: the output files are read, nothing is served.

The browser side (every link followed, fonts, search, 404 page) is tests/browser/test_subpath_browser.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]

from plugins.site_url import site_path, under_site

# Attributes whose value is one URL, or (SPACE_LISTS) a space-separated list of URLs.
URL_ATTRS = {"href", "src", "action", "poster", "data", "cite", "formaction", "data-search-manifest",
             "data-codes-postaux"}
SPACE_LISTS = {"data-search-scripts"}
META_URLS = {"og:url", "og:image", "twitter:image"}
JSON_URL_KEYS = {"url", "@id", "item", "logo", "image", "contentUrl"}
CSS_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]+)")
HEADERS_PATH_RE = re.compile(r"^(/\S*)$", re.M)
ROBOTS_RE = re.compile(r"^(?:Allow|Disallow|Sitemap):\s*(\S+)", re.M)


def html_urls(html: str) -> list[str]:
    """Every URL an HTML page names: attributes, meta tags, srcset, JSON-LD."""
    tree = LexborHTMLParser(html)
    urls = []
    for node in tree.css("*"):
        attrs = node.attributes
        for name, value in attrs.items():
            if not value:
                continue
            if name in URL_ATTRS:
                urls.append(value.strip())
            elif name in SPACE_LISTS:
                urls += value.split()
            elif name in ("srcset", "imagesrcset"):
                urls += [part.split()[0] for part in value.split(",") if part.strip()]
        if node.tag == "meta" and (attrs.get("property") or attrs.get("name")) in META_URLS:
            urls.append((attrs.get("content") or "").strip())
    for script in tree.css('script[type="application/ld+json"]'):
        urls += json_urls(json.loads(script.text()))
    return urls


def json_urls(data) -> list[str]:
    if isinstance(data, dict):
        return [u for k, v in data.items() for u in
                ([v] if k in JSON_URL_KEYS and isinstance(v, str) else json_urls(v))]
    if isinstance(data, list):
        return [u for v in data for u in json_urls(v)]
    return []


def output_urls(site: Path) -> dict[str, list[str]]:
    """{output file: the URLs of the site it names} for HTML, CSS, search JSON, _headers, robots.txt."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found[rel] = html_urls(path.read_text(encoding="utf-8"))
        elif path.suffix == ".css":
            found[rel] = CSS_URL_RE.findall(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json" and rel.startswith("search/"):
            found[rel] = json_urls(json.loads(path.read_text(encoding="utf-8")))
        elif rel == "_headers":
            found[rel] = HEADERS_PATH_RE.findall(path.read_text(encoding="utf-8"))
        elif rel == "robots.txt":
            found[rel] = ROBOTS_RE.findall(path.read_text(encoding="utf-8"))
    return found


def outside(url: str, siteurl: str) -> bool:
    """True for a URL of the site's own host (or root-absolute) that is not under SITEURL."""
    url = url.strip()
    if url.startswith("//"):
        return True  # protocol-relative: another host, or the same one outside the sub-path
    parts, site = urlsplit(url), urlsplit(siteurl)
    if parts.scheme in ("http", "https"):
        if parts.netloc != site.netloc:
            return False  # another site (external links are plugins/external_links' business)
    elif parts.scheme or not url.startswith("/"):
        return False  # relative (resolved under the page), fragment, data:, mailto:, tel:
    return not (parts.path + "/").startswith(site_path(siteurl) + "/")


def problems(site) -> list[str]:
    return [f"{rel} : {url}" for rel, urls in output_urls(site.path).items()
            for url in urls if outside(url, site.url)]


def test_the_scan_sees_every_kind_of_url_and_tells_outside_from_inside():
    """The checker itself: a page naming root-absolute, same-host and protocol-relative URLs."""
    siteurl = "http://127.0.0.1:8123/apercu/pr-12"
    page = ('<link rel="canonical" href="http://127.0.0.1:8123/fiches/a/"><meta property="og:url" '
            'content="/fiches/a/"><img src="/apercu/pr-12/theme/x.png" srcset="/theme/x.png 2x">'
            '<form action="/recherche/"></form><div data-search-scripts="/apercu/pr-12/a.js /b.js"></div>'
            '<a href="//127.0.0.1:8123/apercu/pr-12/">x</a><a href="https://example.org/fiches/">x</a>'
            '<a href="#contenu">x</a><a href="tel:17">x</a><a href="/apercu/pr-123/">x</a>'
            '<script type="application/ld+json">{"@graph": [{"@id": "/#site", "url": "/apercu/pr-12/"}]}</script>')
    bad = [u for u in html_urls(page) if outside(u, siteurl)]
    assert bad == ["http://127.0.0.1:8123/fiches/a/", "/fiches/a/", "/theme/x.png", "/recherche/", "/b.js",
                   "//127.0.0.1:8123/apercu/pr-12/", "/apercu/pr-123/", "/#site"]
    assert not outside("/apercu/pr-12", siteurl) and not outside("/apercu/pr-12/aide/#contact-17", siteurl)


def test_site_url_helpers():
    assert site_path("") == "" and site_path("https://www.miviludes.interieur.gouv.fr/") == ""
    assert site_path("https://x.github.io/site/apercu/pr-12/") == "/site/apercu/pr-12"
    assert under_site("https://h/apercu/pr-12", "/aide/#contact-17") == "/apercu/pr-12/aide/#contact-17"
    assert under_site("", "/aide/") == "/aide/"
    assert under_site("https://h/p", "https://example.org/") == "https://example.org/"
    assert under_site("https://h/p", "#x") == "#x"


@pytest.mark.parametrize("fixture", ["subpath_site", "subpath_fixture_site"])
def test_no_url_of_the_output_leaves_the_sub_path(fixture, request):
    site = request.getfixturevalue(fixture)
    found = output_urls(site.path)
    assert [f for f, urls in found.items() if f.endswith(".html") and len(urls) < 10] == []  # the scan sees them
    assert problems(site) == [], "adresses hors du sous-chemin de SITEURL :\n" + "\n".join(problems(site)[:40])


def test_every_kind_of_url_is_under_the_sub_path(subpath_fixture_site):
    """The URL of each kind is there, and under the sub-path (the scan cannot pass on their absence)."""
    site = subpath_fixture_site
    prefix = site.url + "/"
    emprise = (site.path / "fiches" / "emprise" / "index.html").read_text(encoding="utf-8")
    urls = html_urls(emprise)
    expected = [prefix + "fiches/documents/", prefix + "fiches/documents/#que-faire", prefix + "aide/",
                prefix + "prevention/familles/", prefix + "pdfs/guide.pdf",
                prefix + "fiches/emprise/emprise.pdf",  # printable PDF
                prefix + "recherche/", prefix + "search/manifest.json"]
    assert [u for u in expected if u not in urls] == []
    assert "contact-dans-texte" in emprise  # [[contact:119]]: its card (its links are tel: and https:)
    documents = html_urls((site.path / "fiches" / "documents" / "index.html").read_text(encoding="utf-8"))
    assert any(u.startswith(prefix + "pdfs/covers/") for u in documents), "couverture du PDF joint"
    assert (site.path / "fiches" / "emprise" / "emprise.pdf").is_file()
    assert (site.path / "prevention" / "familles" / "familles.pdf").is_file()


def test_search_results_and_server_files_follow_the_sub_path(subpath_site):
    store = [doc for f in sorted((subpath_site.path / "search").glob("store.*.json"))
             for doc in json.loads(f.read_text(encoding="utf-8"))["docs"]]
    assert len(store) > 30
    assert [d["url"] for d in store if not d["url"].startswith("/apercu/pr-12/")] == []
    headers = (subpath_site.path / "_headers").read_text(encoding="utf-8")
    assert "\n/apercu/pr-12/*\n" in headers and "\n/apercu/pr-12/theme/css/site.bundle." in headers
    robots = (subpath_site.path / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /apercu/pr-12/" in robots  # a preview (SEO_NOINDEX) is kept out of search engines


def test_a_preview_is_noindex_and_the_dev_build_keeps_root_paths(subpath_site, real_site):
    home = (subpath_site.path / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in home
    dev = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'name="robots"' not in dev and 'href="/fiches/"' in dev and 'action="/recherche/"' in dev
    assert (real_site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\nAllow: /\n")
