"""`make publish`: absolute URLs, canonical, Open Graph, JSON-LD, sitemap, robots.txt, Atom feed,
minified HTML, .br/.gz files, byte-identical builds; the content cache; the README section."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest

from conftest import ROOT, build_fixture_site, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
TEXT_SUFFIXES = {".atom", ".css", ".html", ".ico", ".js", ".json", ".svg", ".txt", ".xml"}


class Head(HTMLParser):
    """<html lang>, <link>, <meta property> and JSON-LD of a page (quotes and attribute order free)."""

    def __init__(self):
        super().__init__()
        self.lang, self.links, self.meta, self.json_ld, self._ld = None, [], {}, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link":
            self.links.append(a)
        elif tag == "meta" and a.get("property"):
            self.meta[a["property"]] = a.get("content")
        elif tag == "meta" and a.get("name") == "robots":
            self.meta["robots"] = a.get("content")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._ld = []

    def handle_data(self, data):
        if self._ld is not None:
            self._ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            self.json_ld.append(json.loads("".join(self._ld)))
            self._ld = None

    def hrefs(self, rel: str) -> list[str]:
        return [link.get("href") for link in self.links if link.get("rel") == rel]


def head(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site_url: str, site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return site_url + "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)


# ---------------------------------------------------------------- head of every page

def test_every_page_has_its_absolute_canonical_url_and_open_graph(published_site):
    site, url = published_site.path, published_site.url
    for page in pages(site):
        h = head(page)
        assert h.lang == "fr", page
        if page.name == "404.html":
            assert h.hrefs("canonical") == [] and h.meta.get("robots") == "noindex"
            continue
        expected = page_url(url, site, page)
        assert h.hrefs("canonical") == [expected], page
        assert h.meta.get("og:url") == expected
        assert h.meta.get("og:title") and h.meta.get("og:description")
        assert h.meta.get("og:locale") == "fr_FR"
        assert h.hrefs("alternate") == [f"{url}/feeds/atom.xml"]
        ids = [item.get("@id", "") for data in h.json_ld for item in data.get("@graph", [data])]
        assert expected + "#contenu" in ids or page.name == "index.html" and page.parent == site, page


def test_structured_data_describes_the_site_and_each_content(published_site):
    site, url = published_site.path, published_site.url
    graph = {item["@type"]: item for item in head(site / "index.html").json_ld[0]["@graph"]}
    assert graph["WebSite"]["url"] == url + "/" and graph["WebSite"]["inLanguage"] == "fr-FR"
    org = graph["GovernmentOrganization"]
    assert org["alternateName"] == "Miviludes" and org["url"] == "https://www.miviludes.interieur.gouv.fr"
    assert org["foundingDate"] == "2002-11-28"  # décret n° 2002-1392 du 28 novembre 2002 (facts.md § 1)
    fiche = sorted((site / "fiches").glob("*/index.html"))[0]
    kinds = {item["@type"]: item for item in head(fiche).json_ld[0]["@graph"]}
    assert kinds["Article"]["url"] == page_url(url, site, fiche)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", kinds["Article"]["datePublished"])
    crumbs = kinds["BreadcrumbList"]["itemListElement"]
    assert crumbs[0]["item"] == url + "/" and crumbs[-1]["item"] == page_url(url, site, fiche)


# ---------------------------------------------------------------- sitemap, robots.txt, feed

def test_sitemap_lists_every_page_with_absolute_urls(published_site):
    site, url = published_site.path, published_site.url
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = {u.find(f"{SITEMAP}loc").text for u in root.iter(f"{SITEMAP}url")}
    expected = {page_url(url, site, p) for p in pages(site) if p.name != "404.html"}
    assert locs == expected
    for entry in root.iter(f"{SITEMAP}url"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", entry.find(f"{SITEMAP}lastmod").text)


def test_robots_txt_allows_everything_and_points_to_the_sitemap(published_site):
    text = (published_site.path / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text and not re.search(r"^Disallow: /$", text, re.M)
    assert f"Sitemap: {published_site.url}/sitemap.xml" in text


def test_atom_feed_has_new_and_updated_content(published_site):
    site, url = published_site.path, published_site.url
    feed = ET.parse(site / "feeds" / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    articles = [p for section in ("fiches", "prevention", "rapports") for p in (site / section).glob("*/index.html")]
    assert len(entries) == min(len(articles), 100)
    updated_pages = 0
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(url + "/")
        published = entry.find(f"{ATOM}published").text[:10]
        updated = entry.find(f"{ATOM}updated").text[:10]
        assert updated >= published
        if updated > published:
            updated_pages += 1
            html = (site / link[len(url) + 1:] / "index.html").read_text(encoding="utf-8")
            assert "Mis à jour le" in html
    with_updated = [p for p in articles if "Mis à jour le" in p.read_text(encoding="utf-8")]
    assert updated_pages == len(with_updated)


# ---------------------------------------------------------------- output files

def test_html_is_minified_and_keeps_its_closing_tags(published_site):
    for page in pages(published_site.path)[:20]:
        html = page.read_text(encoding="utf-8")
        assert "\n  <" not in html and "<!--" not in html, page
        assert html.rstrip().endswith("</html>")


def test_text_files_have_brotli_and_gzip_twins_with_the_same_bytes(published_site):
    checked = 0
    for path in sorted(published_site.path.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or path.stat().st_size < 200:
            continue
        data = path.read_bytes()
        br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
        assert br.is_file() and gz.is_file(), path
        assert brotli.decompress(br.read_bytes()) == data
        assert gzip.decompress(gz.read_bytes()) == data
        checked += 1
    assert checked > 20


def test_production_build_is_byte_identical(published_site, tmp_path):
    again = tmp_path / "output"
    errors = build_site(again, "publishconf.py",
                        {"SITEURL": published_site.url, "FEED_DOMAIN": published_site.url, "PRINTABLE_PDFS": False})
    assert errors == []

    def tree(root: Path) -> dict:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = tree(published_site.path), tree(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


# ---------------------------------------------------------------- content cache

def fiche(title: str, body: str = "Un paragraphe.") -> str:
    return f'---\ntitle: "{title}"\nsummary: "Résumé de {title}."\ndate: 2026-11-28\n---\n\n{body}\n'


@pytest.fixture
def cached_site(tmp_path, monkeypatch):
    """Builds a small site with Pelican's content cache on; counts the files really parsed."""
    from pelican.readers import Readers

    reads: list[str] = []
    original = Readers.get_cached_data

    def counting(self, filename, default=None):
        data = original(self, filename, default)
        if data is default and Path(filename).suffix == ".md":
            reads.append(Path(filename).name)  # a cache miss: the file is read and parsed
        return data

    monkeypatch.setattr(Readers, "get_cached_data", counting)
    cache = tmp_path / "cache"
    files = {f"fiches/f{i}.md": fiche(f"Fiche {i}") for i in range(3)}

    def build(changes: dict | None = None, out: str = "site"):
        files.update(changes or {})
        reads.clear()
        errors, output, content = build_fixture_site(tmp_path / out, files, {
            "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHE_DIR": str(cache)})
        return errors, output, sorted(reads)
    build.cache = cache
    return build


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_content_cache_reuses_unchanged_files_and_changes_nothing(cached_site):
    errors, out, reads = cached_site()
    assert errors == [] and reads == ["f0.md", "f1.md", "f2.md"]
    cold = snapshot(out)
    errors, out, reads = cached_site()
    assert errors == [] and reads == []          # nothing parsed again
    assert snapshot(out) == cold                  # byte-identical with a warm cache
    errors, out, reads = cached_site({"fiches/f1.md": fiche("Fiche 1", "Texte modifié.")})
    assert errors == [] and reads == ["f1.md"]
    assert "Texte modifié." in (out / "fiches" / "f1" / "index.html").read_text(encoding="utf-8")


def test_a_cached_file_never_hides_an_error(cached_site):
    assert cached_site()[0] == []
    bad = '---\ntitle: "Sans date"\nsummary: "Résumé."\n---\n\nTexte.\n'
    errors, _, _ = cached_site({"fiches/f2.md": bad})
    assert errors and any("f2.md" in e for e in errors)
    errors, _, reads = cached_site()             # same bad file, second build
    assert errors and any("f2.md" in e for e in errors) and "f2.md" in reads
    errors, _, _ = cached_site({"fiches/f2.md": fiche("Fiche 2")})
    assert errors == []


# ---------------------------------------------------------------- documentation and commands

def test_readme_explains_how_to_publish_anywhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publier", 1)[1].split("\n## ", 1)[0]
    for needle in ("make publish", "GitHub Pages", "GitLab Pages", "CDN", "nginx", "deploy/nginx.conf",
                   "immutable", ".br", "serveur"):
        assert needle in section, needle


def test_makefile_has_publish_bench_and_lighthouse_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^publish:.*\n\t.*publishconf\.py", makefile, re.M)
    assert re.search(r"^bench:.*\n(\t.*\n)*\t.*tools/bench\.py", makefile, re.M)
    assert re.search(r"^lighthouse:.*\n(\t.*\n)*\t.*tools/bench\.py --lighthouse-only", makefile, re.M)
