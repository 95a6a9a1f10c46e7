"""Budgets of the production build, on bytes and counts (never on time: `make bench` measures time).

A fiche on a cheap phone: first visit ≤ 200 KB transferred (all resources, compressed), repeat
visit ≤ 20 KB (fingerprinted files are cached as immutable: only the HTML travels), at most 10
requests before the page is usable (`load`). Measured in Chromium against tools/static_server.py,
which serves the .br files like production; per-file budgets keep each part in check.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

import measure

KB = 1024
FIRST_VISIT = 200 * KB
REPEAT_VISIT = 20 * KB
REQUESTS_BEFORE_LOAD = 10
# Per-file budgets (brotli): raise them only with a measured reason.
CSS_BUDGET = 28 * KB
# site.bundle.js: DSFR + quick exit + search UI, one request (25.0 KB; 25.1 KB before in three files).
JS_BUDGET = 28 * KB
FONT_BUDGET = 20 * KB
HTML_BUDGET = 16 * KB
IMAGE_BUDGET = 40 * KB
# Scripts of the search, loaded on the field's first focus only (data-search-scripts): lunr,
# lunr-languages' stemmer support and French stemmer, analyzer.js, search.js (22.3 KB measured
# with lunr-languages; 19.6 KB with the former hand-ported stemmer, in three files; 24.1 KB after
# the distress matcher's word lists and combinations, the accent table and the short-stem rule).
# The binding limit is the bytes to the first result (≤ a third of Pagefind's: test_search_quality).
SEARCH_JS_BUDGET = 25 * KB
MOBILE = {"viewport": {"width": 412, "height": 823}, "locale": "fr-FR", "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}


def fiches(site: Path) -> list[str]:
    return ["/" + p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "fiches").glob("*/index.html"))]


def largest_fiche(site: Path) -> str:
    biggest = max((site / "fiches").glob("*/index.html"), key=lambda p: p.stat().st_size)
    return "/" + biggest.parent.relative_to(site).as_posix() + "/"


class Refs(HTMLParser):
    """What a page makes the browser fetch (quotes and attribute order free: HTML is minified)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.images: list[dict] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.font_preloads: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a)
        if tag in ("script", "img", "source") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon") and a.get("href"):
            self.urls.append(a["href"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a.get("href"))
        if tag == "link" and a.get("rel") == "preload" and a.get("as") == "font":
            self.font_preloads.append(a)


def parse(html: str) -> Refs:
    refs = Refs()
    refs.feed(html)
    return refs


# ---------------------------------------------------------------- measured in Chromium

@pytest.mark.browser
@pytest.mark.parametrize("which", ["largest", "first"])
def test_first_visit_of_a_fiche_fits_a_cheap_phone(published_site, browser, which):
    site = published_site.path
    path = largest_fiche(site) if which == "largest" else fiches(site)[0]
    context = browser.new_context(**MOBILE)  # empty cache: a first visit
    try:
        v = measure.visit(context, published_site.stats, published_site.url + path)
    finally:
        context.close()
    assert all(u.startswith(published_site.url) for u in v.requests), "requête vers un autre hôte"
    assert v.transferred <= FIRST_VISIT, f"{path} : {v.transferred} octets à la première visite"
    assert len(v.requests_before_load) <= REQUESTS_BEFORE_LOAD, v.requests_before_load
    assert all(status == 200 for _, status, _ in v.served), v.served


@pytest.mark.browser
def test_repeat_visit_transfers_only_the_new_page(published_site, browser):
    context = browser.new_context(**MOBILE)
    try:
        first, second = fiches(published_site.path)[0], largest_fiche(published_site.path)
        if first == second:
            second = fiches(published_site.path)[-1]
        measure.visit(context, published_site.stats, published_site.url + first)
        v = measure.visit(context, published_site.stats, published_site.url + second)
        assert v.transferred <= REPEAT_VISIT, v.served
        fetched = [path for path, status, _ in v.served if status == 200]
        assert fetched == [second], f"seule la page doit être transférée, pas {fetched}"
    finally:
        context.close()


@pytest.mark.browser
def test_assets_travel_compressed_and_cacheable(published_site, browser):
    context = browser.new_context(**MOBILE)
    page = context.new_page()
    headers = {}
    page.on("response", lambda r: headers.__setitem__(r.url, r.all_headers()))
    page.goto(published_site.url + fiches(published_site.path)[0], wait_until="networkidle")
    context.close()
    for url, h in headers.items():
        if re.search(r"\.(css|js|html)$|/$", url):
            assert h.get("content-encoding") == "br", url
        if "/theme/" in url:
            assert "immutable" in h.get("cache-control", ""), f"{url} : nom sans empreinte ({h.get('cache-control')})"


# ---------------------------------------------------------------- computed from the files

def test_every_page_weighs_less_than_the_first_visit_budget(published_site):
    """Upper bound without a browser: HTML + everything it loads + every font face."""
    site = published_site.path
    fonts = sum(measure.compressed_sizes(p)[2] for p in (site / "theme").rglob("*.woff2"))
    for page in sorted(site.rglob("*.html")):
        refs = parse(page.read_text(encoding="utf-8"))
        total = measure.compressed_sizes(page)[2] + fonts
        for url in set(refs.urls):
            rel = url.replace(published_site.url, "").split("#")[0].lstrip("/")
            path = site / rel
            if path.is_file() and path.suffix != ".woff2":
                total += measure.compressed_sizes(path)[2]
        assert total <= FIRST_VISIT, f"{page.relative_to(site)} : {total} octets"


def test_theme_files_stay_within_their_budgets(published_site):
    theme = published_site.path / "theme"
    css = list(theme.rglob("site.bundle.*.css"))
    js = list(theme.rglob("site.bundle.*.js"))
    assert len(css) == 1 and len(js) == 1
    assert measure.compressed_sizes(css[0])[2] <= CSS_BUDGET
    assert measure.compressed_sizes(js[0])[2] <= JS_BUDGET
    for font in theme.rglob("*.woff2"):
        assert font.stat().st_size <= FONT_BUDGET, font.name
    for page in fiches(published_site.path):
        html = published_site.path / page.strip("/") / "index.html"
        assert measure.compressed_sizes(html)[2] <= HTML_BUDGET, page


def test_each_page_loads_one_stylesheet_and_few_scripts(published_site):
    for page in sorted(published_site.path.rglob("*.html")):
        refs = parse(page.read_text(encoding="utf-8"))
        assert len(refs.stylesheets) == 1, page
        assert len(refs.scripts) <= 5, f"{page} : {len(refs.scripts)} scripts (regroupez-les dans ASSETS_BUNDLES)"


def test_fonts_that_every_page_needs_are_preloaded(published_site):
    refs = parse((published_site.path / "index.html").read_text(encoding="utf-8"))
    assert all("crossorigin" in link and link.get("type") == "font/woff2" for link in refs.font_preloads)
    preloads = [link["href"] for link in refs.font_preloads]
    assert {re.sub(r"\.[0-9a-f]{8}\.woff2$", "", Path(p).name) for p in preloads} == {
        "Marianne-Regular", "Marianne-Medium", "Marianne-Bold"}
    for url in preloads:
        assert (published_site.path / url.replace(published_site.url, "").lstrip("/")).is_file()


def test_images_have_their_size_a_modern_format_and_lazy_loading(published_site):
    """PDF covers and illustrations, when the site has any (plugins/pdf_links renders covers)."""
    site = published_site.path
    for page in sorted(site.rglob("*.html")):
        for img in parse(page.read_text(encoding="utf-8")).images:
            where = f"{page.relative_to(site)} : {img.get('src')}"
            assert img.get("width") and img.get("height"), f"{where} sans width/height"
            assert img.get("alt") is not None, where
            src = img["src"]
            if src.startswith("data:"):
                continue
            assert re.search(r"\.(webp|avif|svg)$", src), f"{where} : utilisez WebP/AVIF/SVG"
            if img.get("fetchpriority") != "high":
                assert img.get("loading") == "lazy", f"{where} : ajoutez loading=\"lazy\" (sous la ligne de flottaison)"
            path = site / src.replace(published_site.url, "").lstrip("/")
            assert path.is_file() and path.stat().st_size <= IMAGE_BUDGET, where


def test_search_scripts_stay_within_their_budget_and_wait_for_focus(published_site):
    site = published_site.path
    for rel in ("index.html", "recherche/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        scripts = re.search(r'data-search-scripts="?([^">]+)', html).group(1).split()
        assert any("/lunr.fr." in url for url in scripts), scripts
        loaded_at_once = set(parse(html).urls)
        total = 0
        for url in scripts:
            assert url not in loaded_at_once, f"{url} : chargé avant le focus du champ de recherche"
            total += measure.compressed_sizes(site / url.replace(published_site.url, "").split("#")[0].lstrip("/"))[2]
        assert total <= SEARCH_JS_BUDGET, f"{rel} : {total} octets de scripts de recherche"
